"""live chat offers: the agent a waiting chat is offered to and until when; agent_state
without its (presence, turn) index, so that taking a turn is a HOT update on PostgreSQL

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 02:30:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('agent_state', schema=None) as batch_op:
        batch_op.drop_index('ix_agent_state_presence_turn')
    with op.batch_alter_table('live_chat', schema=None) as batch_op:
        batch_op.add_column(sa.Column('offered_to_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('offer_expires_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_live_chat_offered_to_id'), ['offered_to_id'], unique=False)
        batch_op.create_foreign_key('fk_live_chat_offered_to_id', 'agent', ['offered_to_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('live_chat', schema=None) as batch_op:
        batch_op.drop_constraint('fk_live_chat_offered_to_id', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_live_chat_offered_to_id'))
        batch_op.drop_column('offer_expires_at')
        batch_op.drop_column('offered_to_id')
    with op.batch_alter_table('agent_state', schema=None) as batch_op:
        batch_op.create_index('ix_agent_state_presence_turn', ['presence', 'turn'], unique=False)
