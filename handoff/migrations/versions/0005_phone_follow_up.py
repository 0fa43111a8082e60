"""phone line follow-up: scheduled callbacks and SMS opt-outs

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 18:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('callback',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.String(length=24), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('queue', sa.String(length=30), nullable=False),
    sa.Column('source', sa.String(length=12), nullable=False),
    sa.Column('idempotency_key', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('window_start', sa.DateTime(timezone=True), nullable=False),
    sa.Column('window_end', sa.DateTime(timezone=True), nullable=True),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('agent_id', sa.Integer(), nullable=True),
    sa.Column('call_sid', sa.String(length=64), nullable=True),
    sa.Column('history', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['agent_id'], ['agent.id'], ),
    sa.ForeignKeyConstraint(['ticket_id'], ['ticket.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('call_sid'),
    sa.UniqueConstraint('idempotency_key')
    )
    with op.batch_alter_table('callback', schema=None) as batch_op:
        batch_op.create_index('ix_callback_status_due', ['status', 'next_attempt_at', 'requested_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_callback_ticket_id'), ['ticket_id'], unique=False)

    op.create_table('sms_opt_out',
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('keyword', sa.String(length=20), nullable=False),
    sa.PrimaryKeyConstraint('phone')
    )


def downgrade() -> None:
    op.drop_table('sms_opt_out')
    with op.batch_alter_table('callback', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_callback_ticket_id'))
        batch_op.drop_index('ix_callback_status_due')
    op.drop_table('callback')
