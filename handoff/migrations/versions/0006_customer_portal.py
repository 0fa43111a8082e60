"""customer portal: tracking-link salt, admin contacts, usage in the directory, sign-in links, drafts

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 17:45:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.add_column(sa.Column('tracking_salt', sa.String(length=32), nullable=True))
        batch_op.create_index('ix_ticket_customer_created', ['customer_email', 'created_at'], unique=False)
        batch_op.create_index('ix_ticket_contact_created', ['contact_id', 'created_at'], unique=False)
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.add_column(sa.Column('portal_admin', sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table('company', schema=None) as batch_op:
        batch_op.add_column(sa.Column('analyses_this_month', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('usage_as_of', sa.DateTime(timezone=True), nullable=True))
    op.create_table('portal_sign_in',
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('token_hash')
    )
    op.create_index('ix_portal_sign_in_email_created', 'portal_sign_in', ['email', 'created_at'], unique=False)
    op.create_table('portal_draft',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('article_opened_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('articles', sa.JSON(), nullable=False),
    sa.Column('ticket_id', sa.String(length=24), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_portal_draft_opened', 'portal_draft', ['article_opened_at', 'ticket_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_portal_draft_opened', table_name='portal_draft')
    op.drop_table('portal_draft')
    op.drop_index('ix_portal_sign_in_email_created', table_name='portal_sign_in')
    op.drop_table('portal_sign_in')
    with op.batch_alter_table('company', schema=None) as batch_op:
        batch_op.drop_column('usage_as_of')
        batch_op.drop_column('analyses_this_month')
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.drop_column('portal_admin')
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.drop_index('ix_ticket_contact_created')
        batch_op.drop_index('ix_ticket_customer_created')
        batch_op.drop_column('tracking_salt')
