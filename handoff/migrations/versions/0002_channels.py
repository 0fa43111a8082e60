"""live chats, inbound email and its quarantine, satisfaction surveys, bot sessions

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 10:40:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('live_chat',
    sa.Column('conversation_id', sa.String(length=100), nullable=False),
    sa.Column('ticket_id', sa.String(length=24), nullable=True),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('customer_name', sa.String(length=200), nullable=False),
    sa.Column('customer_email', sa.String(length=254), nullable=False),
    sa.Column('customer_tier', sa.String(length=20), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('priority', sa.String(length=2), nullable=True),
    sa.Column('agent_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('taken_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('end_reason', sa.String(length=20), nullable=True),
    sa.Column('last_seq', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agent_id'], ['agent.id'], ),
    sa.ForeignKeyConstraint(['ticket_id'], ['ticket.id'], ),
    sa.PrimaryKeyConstraint('conversation_id')
    )
    with op.batch_alter_table('live_chat', schema=None) as batch_op:
        batch_op.create_index('ix_live_chat_state_created', ['state', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_live_chat_ticket_id'), ['ticket_id'], unique=False)

    op.create_table('live_chat_message',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('conversation_id', sa.String(length=100), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('sender', sa.String(length=10), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['conversation_id'], ['live_chat.conversation_id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('conversation_id', 'seq', name='uq_live_chat_message_seq')
    )
    op.create_table('inbound_email',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('message_key', sa.String(length=500), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('sender', sa.String(length=254), nullable=False),
    sa.Column('recipient', sa.String(length=254), nullable=True),
    sa.Column('outcome', sa.String(length=10), nullable=False),
    sa.Column('ticket_id', sa.String(length=24), nullable=False),
    sa.ForeignKeyConstraint(['ticket_id'], ['ticket.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('message_key')
    )
    with op.batch_alter_table('inbound_email', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inbound_email_ticket_id'), ['ticket_id'], unique=False)

    op.create_table('email_quarantine',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.String(length=300), nullable=False),
    sa.Column('sender', sa.String(length=254), nullable=True),
    sa.Column('subject', sa.String(length=300), nullable=True),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('raw', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('email_quarantine', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_email_quarantine_received_at'), ['received_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_email_quarantine_sha256'), ['sha256'], unique=False)

    op.create_table('satisfaction_survey',
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('ticket_id', sa.String(length=24), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('score', sa.Integer(), nullable=True),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['ticket_id'], ['ticket.id'], ),
    sa.PrimaryKeyConstraint('token')
    )
    with op.batch_alter_table('satisfaction_survey', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_satisfaction_survey_answered_at'), ['answered_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_satisfaction_survey_sent_at'), ['sent_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_satisfaction_survey_ticket_id'), ['ticket_id'], unique=False)

    op.create_table('bot_session',
    sa.Column('conversation_id', sa.String(length=100), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=False),
    sa.Column('ticket_id', sa.String(length=24), nullable=True),
    sa.Column('articles', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('conversation_id')
    )
    with op.batch_alter_table('bot_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bot_session_ended_at'), ['ended_at'], unique=False)

    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.create_index('ix_ticket_assignee_status', ['assignee_id', 'status'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.drop_index('ix_ticket_assignee_status')
    op.drop_table('bot_session')
    op.drop_table('satisfaction_survey')
    op.drop_table('email_quarantine')
    op.drop_table('inbound_email')
    op.drop_table('live_chat_message')
    op.drop_table('live_chat')
