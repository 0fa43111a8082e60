"""covering indexes for the console's queue views and the dashboard

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 10:20:00
"""
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

OPEN_VIEWS = ['status', 'assignee_id', 'queue', 'priority', 'customer_tier', 'channel', 'first_response_at',
              'response_warn_at', 'resolution_warn_at', 'escalation_response_due_at']
CREATED_KPI = ['created_at', 'priority', 'channel', 'first_response_at', 'response_due_at', 'resolved_at',
               'resolution_due_at', 'escalated_at', 'reopen_count']
RESOLVED_KPI = ['resolved_at', 'created_at', 'resolution_due_at', 'assignee_id', 'escalated_at', 'reopen_count']


def upgrade() -> None:
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.drop_index('ix_ticket_assignee_status')  # ix_ticket_open_views serves its queries
        batch_op.create_index('ix_ticket_open_views', OPEN_VIEWS, unique=False)
        batch_op.create_index('ix_ticket_created_kpi', CREATED_KPI, unique=False)
        batch_op.create_index('ix_ticket_resolved_kpi', RESOLVED_KPI, unique=False)
    with op.batch_alter_table('ticket_note', schema=None) as batch_op:
        batch_op.create_index('ix_ticket_note_public', ['ticket_id', 'public'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('ticket_note', schema=None) as batch_op:
        batch_op.drop_index('ix_ticket_note_public')
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.drop_index('ix_ticket_resolved_kpi')
        batch_op.drop_index('ix_ticket_created_kpi')
        batch_op.drop_index('ix_ticket_open_views')
        batch_op.create_index('ix_ticket_assignee_status', ['assignee_id', 'status'], unique=False)
