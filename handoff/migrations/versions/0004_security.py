"""secure by default: server-side staff sessions, one helpful vote per visitor and day,
whether a ticket's customer identity was proved, when retention purged its conversation

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 18:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def _has_column(table: str, column: str) -> bool:
    """kb_search may have created its tables (with today's columns) before the first migration."""
    return column in {c['name'] for c in sa.inspect(op.get_bind()).get_columns(table)}


def upgrade() -> None:
    op.create_table('staff_session',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('agent_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['agent_id'], ['agent.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('staff_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_session_agent_id'), ['agent_id'], unique=False)
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.add_column(sa.Column('customer_verified', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('purged_at', sa.DateTime(timezone=True), nullable=True))
    # Tickets from before: the channels that identify the customer by themselves count as proved.
    op.execute("UPDATE ticket SET customer_verified = (channel <> 'chat')")
    if not _has_column('kb_feedback', 'visitor'):
        with op.batch_alter_table('kb_feedback', schema=None) as batch_op:
            batch_op.add_column(sa.Column('visitor', sa.String(length=64), nullable=True))
            batch_op.add_column(sa.Column('day', sa.String(length=10), nullable=True))
            batch_op.create_unique_constraint('uq_kb_feedback_visitor_day', ['article_id', 'visitor', 'day'])


def downgrade() -> None:
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.drop_column('purged_at')
        batch_op.drop_column('customer_verified')
    with op.batch_alter_table('kb_feedback', schema=None) as batch_op:
        batch_op.drop_constraint('uq_kb_feedback_visitor_day', type_='unique')
        batch_op.drop_column('day')
        batch_op.drop_column('visitor')
    with op.batch_alter_table('staff_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_session_agent_id'))
    op.drop_table('staff_session')
