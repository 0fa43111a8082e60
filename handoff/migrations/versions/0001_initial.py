"""tickets, customers, staff, notifications and kb tables

Revision ID: 0001
Revises: 
Create Date: 2026-11-27 09:53:28.274435
"""
import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def _exists(table: str) -> bool:
    return sa.inspect(op.get_bind()).has_table(table)


def upgrade() -> None:

    op.create_table('agent',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('support_tier', sa.Integer(), nullable=False),
    sa.Column('team', sa.String(length=60), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('email')
    )
    op.create_table('company',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('tier', sa.String(length=20), nullable=False),
    sa.Column('account_manager_email', sa.String(length=254), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('key')
    )
    op.create_table('service_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name'),
    sa.UniqueConstraint('token_hash')
    )
    op.create_table('ticket_counter',
    sa.Column('day', sa.String(length=8), nullable=False),
    sa.Column('last', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('day')
    )
    op.create_table('contact',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.String(length=60), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=True),
    sa.ForeignKeyConstraint(['company_id'], ['company.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('email'),
    sa.UniqueConstraint('phone'),
    sa.UniqueConstraint('user_id')
    )
    op.create_table('ticket',
    sa.Column('id', sa.String(length=24), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('priority', sa.String(length=2), nullable=False),
    sa.Column('channel', sa.String(length=10), nullable=False),
    sa.Column('idempotency_key', sa.String(length=200), nullable=True),
    sa.Column('request_fingerprint', sa.String(length=64), nullable=True),
    sa.Column('contact_id', sa.Integer(), nullable=True),
    sa.Column('customer_name', sa.String(length=200), nullable=False),
    sa.Column('customer_email', sa.String(length=254), nullable=False),
    sa.Column('customer_company', sa.String(length=200), nullable=False),
    sa.Column('customer_tier', sa.String(length=20), nullable=False),
    sa.Column('customer_user_id', sa.String(length=60), nullable=True),
    sa.Column('customer_phone', sa.String(length=20), nullable=True),
    sa.Column('customer_known', sa.Boolean(), nullable=False),
    sa.Column('category', sa.String(length=30), nullable=False),
    sa.Column('subcategory', sa.String(length=100), nullable=True),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('steps_to_reproduce', sa.JSON(), nullable=False),
    sa.Column('environment', sa.JSON(), nullable=False),
    sa.Column('attachments', sa.JSON(), nullable=False),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.Column('triage_source', sa.String(length=10), nullable=False),
    sa.Column('category_confidence', sa.Float(), nullable=True),
    sa.Column('priority_confidence', sa.Float(), nullable=True),
    sa.Column('model_version', sa.String(length=100), nullable=True),
    sa.Column('needs_review', sa.Boolean(), nullable=False),
    sa.Column('triage', sa.JSON(), nullable=False),
    sa.Column('transcript', sa.JSON(), nullable=False),
    sa.Column('call_sid', sa.String(length=64), nullable=True),
    sa.Column('speech_transcript', sa.Text(), nullable=True),
    sa.Column('speech_confidence', sa.Float(), nullable=True),
    sa.Column('recording_url', sa.String(length=500), nullable=True),
    sa.Column('queue', sa.String(length=30), nullable=False),
    sa.Column('support_tier', sa.Integer(), nullable=False),
    sa.Column('assignee_id', sa.Integer(), nullable=True),
    sa.Column('rules_fired', sa.JSON(), nullable=False),
    sa.Column('live_coverage', sa.String(length=10), nullable=False),
    sa.Column('tier_entered_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('work_started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('escalated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('escalation_response_due_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('escalation_overdue_flagged', sa.Boolean(), nullable=False),
    sa.Column('sla_calendar', sa.String(length=20), nullable=False),
    sa.Column('response_warn_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('response_due_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('resolution_warn_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('resolution_due_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('first_response_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('paused_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('paused_seconds', sa.Float(), nullable=False),
    sa.Column('response_warned', sa.Boolean(), nullable=False),
    sa.Column('response_breached', sa.Boolean(), nullable=False),
    sa.Column('resolution_warned', sa.Boolean(), nullable=False),
    sa.Column('resolution_breached', sa.Boolean(), nullable=False),
    sa.Column('resolution', sa.Text(), nullable=True),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reopen_count', sa.Integer(), nullable=False),
    sa.Column('satisfaction', sa.Integer(), nullable=True),
    sa.Column('satisfaction_comment', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['assignee_id'], ['agent.id'], ),
    sa.ForeignKeyConstraint(['contact_id'], ['contact.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('idempotency_key')
    )
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.create_index('ix_ticket_created_at', ['created_at'], unique=False)
        batch_op.create_index('ix_ticket_customer_category', ['customer_email', 'category', 'created_at'], unique=False)
        batch_op.create_index('ix_ticket_queue_status', ['queue', 'status'], unique=False)
        batch_op.create_index('ix_ticket_status_priority', ['status', 'priority'], unique=False)

    op.create_table('correction',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.String(length=24), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('field', sa.String(length=20), nullable=False),
    sa.Column('old_value', sa.String(length=30), nullable=False),
    sa.Column('new_value', sa.String(length=30), nullable=False),
    sa.Column('model_version', sa.String(length=100), nullable=True),
    sa.Column('agent_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['agent_id'], ['agent.id'], ),
    sa.ForeignKeyConstraint(['ticket_id'], ['ticket.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('correction', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_correction_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_correction_ticket_id'), ['ticket_id'], unique=False)

    op.create_table('notification',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ticket_id', sa.String(length=24), nullable=True),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('to_addr', sa.String(length=500), nullable=False),
    sa.Column('cc_addr', sa.String(length=500), nullable=False),
    sa.Column('subject', sa.String(length=500), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['ticket_id'], ['ticket.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notification_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_notification_next_attempt_at'), ['next_attempt_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_notification_ticket_id'), ['ticket_id'], unique=False)

    op.create_table('ticket_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.String(length=24), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('actor', sa.String(length=200), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['ticket_id'], ['ticket.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('ticket_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ticket_event_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_ticket_event_ticket_id'), ['ticket_id'], unique=False)

    op.create_table('ticket_note',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.String(length=24), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('author_name', sa.String(length=200), nullable=False),
    sa.Column('public', sa.Boolean(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['agent.id'], ),
    sa.ForeignKeyConstraint(['ticket_id'], ['ticket.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('ticket_note', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ticket_note_ticket_id'), ['ticket_id'], unique=False)

    # A database may hold kb_search's tables already (kb_search once created them itself, before
    # this tree owned every table); they are the same tables, so keep them.
    if not _exists('kb_feedback'):
        op.create_table('kb_feedback',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('article_id', sa.String(length=200), nullable=False),
        sa.Column('helpful', sa.Boolean(), nullable=False),
        sa.Column('comment', sa.Text(), nullable=True),
        sa.Column('source', sa.String(length=20), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id')
        )
        with op.batch_alter_table('kb_feedback', schema=None) as batch_op:
            batch_op.create_index(batch_op.f('ix_kb_feedback_article_id'), ['article_id'], unique=False)
            batch_op.create_index(batch_op.f('ix_kb_feedback_created_at'), ['created_at'], unique=False)

    if not _exists('kb_search_log'):
        op.create_table('kb_search_log',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('query', sa.String(length=500), nullable=False),
        sa.Column('top_article_id', sa.String(length=200), nullable=True),
        sa.Column('top_score', sa.Float(), nullable=True),
        sa.Column('hit_count', sa.Integer(), nullable=False),
        sa.Column('source', sa.String(length=20), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id')
        )
        with op.batch_alter_table('kb_search_log', schema=None) as batch_op:
            batch_op.create_index(batch_op.f('ix_kb_search_log_created_at'), ['created_at'], unique=False)

    if not _exists('kb_view'):
        op.create_table('kb_view',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('article_id', sa.String(length=200), nullable=False),
        sa.Column('source', sa.String(length=20), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id')
        )
        with op.batch_alter_table('kb_view', schema=None) as batch_op:
            batch_op.create_index(batch_op.f('ix_kb_view_article_id'), ['article_id'], unique=False)
            batch_op.create_index(batch_op.f('ix_kb_view_created_at'), ['created_at'], unique=False)


def downgrade() -> None:

    with op.batch_alter_table('kb_view', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_kb_view_created_at'))
        batch_op.drop_index(batch_op.f('ix_kb_view_article_id'))

    op.drop_table('kb_view')
    with op.batch_alter_table('kb_search_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_kb_search_log_created_at'))

    op.drop_table('kb_search_log')
    with op.batch_alter_table('kb_feedback', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_kb_feedback_created_at'))
        batch_op.drop_index(batch_op.f('ix_kb_feedback_article_id'))

    op.drop_table('kb_feedback')
    with op.batch_alter_table('ticket_note', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ticket_note_ticket_id'))

    op.drop_table('ticket_note')
    with op.batch_alter_table('ticket_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ticket_event_ticket_id'))
        batch_op.drop_index(batch_op.f('ix_ticket_event_at'))

    op.drop_table('ticket_event')
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notification_ticket_id'))
        batch_op.drop_index(batch_op.f('ix_notification_next_attempt_at'))
        batch_op.drop_index(batch_op.f('ix_notification_created_at'))

    op.drop_table('notification')
    with op.batch_alter_table('correction', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_correction_ticket_id'))
        batch_op.drop_index(batch_op.f('ix_correction_at'))

    op.drop_table('correction')
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.drop_index('ix_ticket_status_priority')
        batch_op.drop_index('ix_ticket_queue_status')
        batch_op.drop_index('ix_ticket_customer_category')
        batch_op.drop_index('ix_ticket_created_at')

    op.drop_table('ticket')
    op.drop_table('contact')
    op.drop_table('ticket_counter')
    op.drop_table('service_token')
    op.drop_table('company')
    op.drop_table('agent')

