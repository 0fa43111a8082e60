"""agents' tools: canned replies, macros, agent presence and rotation, incidents, ticket tags

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 18:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('canned_reply',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('shortcut', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['agent.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('owner_id', 'shortcut', name='uq_canned_reply_owner_shortcut')
    )
    with op.batch_alter_table('canned_reply', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_canned_reply_owner_id'), ['owner_id'], unique=False)
    op.create_table('macro',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('reply', sa.Text(), nullable=True),
    sa.Column('reply_public', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=True),
    sa.Column('priority', sa.String(length=2), nullable=True),
    sa.Column('queue', sa.String(length=30), nullable=True),
    sa.Column('tags', sa.JSON(), nullable=False),
    sa.Column('resolution', sa.Text(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('key')
    )
    op.create_table('agent_state',
    sa.Column('agent_id', sa.Integer(), nullable=False),
    sa.Column('presence', sa.String(length=10), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('queues', sa.JSON(), nullable=False),
    sa.Column('max_tickets', sa.Integer(), nullable=False),
    sa.Column('max_chats', sa.Integer(), nullable=False),
    sa.Column('turn', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agent_id'], ['agent.id'], ),
    sa.PrimaryKeyConstraint('agent_id')
    )
    with op.batch_alter_table('agent_state', schema=None) as batch_op:
        batch_op.create_index('ix_agent_state_presence_turn', ['presence', 'turn'], unique=False)
    op.create_table('incident',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('priority', sa.String(length=2), nullable=False),
    sa.Column('category', sa.String(length=30), nullable=True),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reminded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updates', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['agent.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('incident', schema=None) as batch_op:
        batch_op.create_index('ix_incident_status', ['status'], unique=False)
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.add_column(sa.Column('tags', sa.JSON(), nullable=False, server_default=sa.text("'[]'")))
        batch_op.add_column(sa.Column('incident_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_ticket_incident_id'), ['incident_id'], unique=False)
        batch_op.create_foreign_key('fk_ticket_incident_id', 'incident', ['incident_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.drop_constraint('fk_ticket_incident_id', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_ticket_incident_id'))
        batch_op.drop_column('incident_id')
        batch_op.drop_column('tags')
    with op.batch_alter_table('incident', schema=None) as batch_op:
        batch_op.drop_index('ix_incident_status')
    op.drop_table('incident')
    with op.batch_alter_table('agent_state', schema=None) as batch_op:
        batch_op.drop_index('ix_agent_state_presence_turn')
    op.drop_table('agent_state')
    op.drop_table('macro')
    with op.batch_alter_table('canned_reply', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_canned_reply_owner_id'))
    op.drop_table('canned_reply')
