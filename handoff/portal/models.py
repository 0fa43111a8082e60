"""Tables of the customer portal: one-time sign-in links and ticket-form drafts.

They sit on the ticket store's metadata like ``handoff.channels.models``; revision
0004_portal14 creates them.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from handoff.core.models import Base, Ticket, UTCDateTime, utcnow


class PortalSignIn(Base):
    """A one-time sign-in link sent by email; only the SHA-256 of its token is kept."""

    __tablename__ = "portal_sign_in"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    __table_args__ = (Index("ix_portal_sign_in_email_created", "email", "created_at"),)


class PortalDraft(Base):
    """A ticket form the customer opened: the help-centre articles opened from its
    suggestions, and the ticket it became. Opened articles without a ticket are deflection."""

    __tablename__ = "portal_draft"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    article_opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    articles: Mapped[list] = mapped_column(JSON, default=list)
    ticket_id: Mapped[str | None] = mapped_column(String(24), nullable=True)

    __table_args__ = (Index("ix_portal_draft_opened", "article_opened_at", "ticket_id"),)


# The portal's ticket lists: a customer's own tickets, and a company's (by contact) for admins.
Index("ix_ticket_customer_created", Ticket.customer_email, Ticket.created_at)
Index("ix_ticket_contact_created", Ticket.contact_id, Ticket.created_at)
