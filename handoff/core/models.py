"""The ticket store: customers, staff, tickets and everything that happens to them.

Times are stored as UTC. SQLite keeps no time zone, so :class:`UTCDateTime`
stores naive UTC and always hands back aware UTC datetimes on both databases.
"""
from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from handoff.core import clock

# Enumerations shared by validation, routing and the API (values as stored).
CHANNELS = ("email", "chat", "phone", "portal")
TIERS = ("starter", "professional", "enterprise")
CATEGORIES = (
    "account_access",
    "upload_issues",
    "api_integration",
    "performance",
    "billing",
    "security",
    "general",
)
PRIORITIES = ("P1", "P2", "P3", "P4")
PRIORITY_LABELS = {"P1": "Critical", "P2": "High", "P3": "Medium", "P4": "Low"}
STATUSES = ("created", "assigned", "in_progress", "pending", "escalated", "resolved", "closed")
STATUS_LABELS = {
    "created": "Created",
    "assigned": "Assigned",
    "in_progress": "In Progress",
    "pending": "Pending",
    "escalated": "Escalated",
    "resolved": "Resolved",
    "closed": "Closed",
}
OPEN_STATUSES = ("created", "assigned", "in_progress", "pending", "escalated")
ROLES = ("agent", "manager")


def utcnow() -> datetime:
    return clock.now()


class UTCDateTime(TypeDecorator):
    """Aware UTC datetimes in and out, whatever the database keeps."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    pass


class Company(Base):
    """A customer organisation; its tier decides queue, hours and SLA."""

    __tablename__ = "company"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(60), unique=True)  # e.g. "company_456"
    name: Mapped[str] = mapped_column(String(200))
    tier: Mapped[str] = mapped_column(String(20))
    account_manager_email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    # Usage as the product last reported it (the billing system is not ours; null = not known).
    analyses_this_month: Mapped[int | None] = mapped_column(Integer, nullable=True)
    usage_as_of: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    contacts: Mapped[list[Contact]] = relationship(back_populates="company")


class Contact(Base):
    """A person at a customer company (matched by email or phone)."""

    __tablename__ = "contact"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"))
    user_id: Mapped[str | None] = mapped_column(String(60), unique=True, nullable=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254), unique=True)  # stored lower case
    phone: Mapped[str | None] = mapped_column(String(20), unique=True, nullable=True)  # E.164
    # An admin contact sees every ticket of the company in the customer portal.
    portal_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    company: Mapped[Company] = relationship(back_populates="contacts", lazy="joined")

    @property
    def tier(self) -> str:
        return self.company.tier


class Agent(Base):
    """A member of staff who logs in: agents work tickets, managers also manage."""

    __tablename__ = "agent"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20), default="agent")
    support_tier: Mapped[int] = mapped_column(Integer, default=1)
    team: Mapped[str] = mapped_column(String(60), default="General")
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class StaffSession(Base):
    """A staff sign-in: the cookie carries a random key, this row its SHA-256. Signing out
    (or the idle and absolute timeouts) ends it, whatever the browser kept."""

    __tablename__ = "staff_session"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    agent_id: Mapped[int] = mapped_column(ForeignKey("agent.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class ServiceToken(Base):
    """An API token of a service (bot, IVR); only its SHA-256 is stored."""

    __tablename__ = "service_token"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class TicketCounter(Base):
    """The last ticket number handed out per UTC day (TICK-YYYYMMDD-NNN)."""

    __tablename__ = "ticket_counter"
    day: Mapped[str] = mapped_column(String(8), primary_key=True)
    last: Mapped[int] = mapped_column(Integer)


class Ticket(Base):
    """The support design's ticket template plus triage result, extracted details and conversation."""

    __tablename__ = "ticket"
    id: Mapped[str] = mapped_column(String(24), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    status: Mapped[str] = mapped_column(String(20), default="created")
    priority: Mapped[str] = mapped_column(String(2))
    channel: Mapped[str] = mapped_column(String(10))
    idempotency_key: Mapped[str | None] = mapped_column(String(200), unique=True, nullable=True)
    request_fingerprint: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # Mixed into the tracking link's HMAC (handoff.outbound.tracking); a new value revokes the old link.
    tracking_salt: Mapped[str | None] = mapped_column(String(32), nullable=True)

    # Customer information (a snapshot: the directory may change later).
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contact.id"), nullable=True)
    customer_name: Mapped[str] = mapped_column(String(200), default="")
    customer_email: Mapped[str] = mapped_column(String(254))  # lower case
    customer_company: Mapped[str] = mapped_column(String(200), default="")
    customer_tier: Mapped[str] = mapped_column(String(20))
    customer_user_id: Mapped[str | None] = mapped_column(String(60), nullable=True)
    customer_phone: Mapped[str | None] = mapped_column(String(20), nullable=True)
    customer_known: Mapped[bool] = mapped_column(Boolean, default=False)
    # Was the customer's identity proved (signed widget identity, the mail's sender, the
    # caller's number, portal sign-in)? If not, the email is only an address they typed.
    customer_verified: Mapped[bool] = mapped_column(Boolean, default=False)

    # Issue details.
    category: Mapped[str] = mapped_column(String(30))
    subcategory: Mapped[str | None] = mapped_column(String(100), nullable=True)
    subject: Mapped[str] = mapped_column(String(300), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    steps_to_reproduce: Mapped[list] = mapped_column(JSON, default=list)
    environment: Mapped[dict] = mapped_column(JSON, default=dict)
    attachments: Mapped[list] = mapped_column(JSON, default=list)  # references (names or URLs)
    details: Mapped[dict] = mapped_column(JSON, default=dict)  # extracted by triage + given

    # Triage: where category/priority came from and how sure the model was.
    triage_source: Mapped[str] = mapped_column(String(10), default="model")  # model | given | fallback
    category_confidence: Mapped[float | None] = mapped_column(Float, nullable=True)
    priority_confidence: Mapped[float | None] = mapped_column(Float, nullable=True)
    model_version: Mapped[str | None] = mapped_column(String(100), nullable=True)
    needs_review: Mapped[bool] = mapped_column(Boolean, default=False)
    triage: Mapped[dict] = mapped_column(JSON, default=dict)  # the model's full answer

    # Conversation that led to the ticket.
    transcript: Mapped[list] = mapped_column(JSON, default=list)  # [{sender, text, ts}]
    call_sid: Mapped[str | None] = mapped_column(String(64), nullable=True)
    speech_transcript: Mapped[str | None] = mapped_column(Text, nullable=True)
    speech_confidence: Mapped[float | None] = mapped_column(Float, nullable=True)
    recording_url: Mapped[str | None] = mapped_column(String(500), nullable=True)

    # Assignment and routing.
    queue: Mapped[str] = mapped_column(String(30))
    support_tier: Mapped[int] = mapped_column(Integer, default=1)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("agent.id"), nullable=True)
    rules_fired: Mapped[list] = mapped_column(JSON, default=list)
    tags: Mapped[list] = mapped_column(JSON, default=list)  # set by agents and macros
    incident_id: Mapped[int | None] = mapped_column(ForeignKey("incident.id"), nullable=True, index=True)
    live_coverage: Mapped[str] = mapped_column(String(10), default="queue")  # live | on_call | queue
    tier_entered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    work_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    escalation_response_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    escalation_overdue_flagged: Mapped[bool] = mapped_column(Boolean, default=False)

    # SLA clocks (due times shift forward by the time spent Pending).
    sla_calendar: Mapped[str] = mapped_column(String(20), default="24x7")
    response_warn_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    response_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    resolution_warn_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    resolution_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    first_response_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    paused_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    paused_seconds: Mapped[float] = mapped_column(Float, default=0.0)
    response_warned: Mapped[bool] = mapped_column(Boolean, default=False)
    response_breached: Mapped[bool] = mapped_column(Boolean, default=False)
    resolution_warned: Mapped[bool] = mapped_column(Boolean, default=False)
    resolution_breached: Mapped[bool] = mapped_column(Boolean, default=False)

    # Outcome.
    resolution: Mapped[str | None] = mapped_column(Text, nullable=True)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    reopen_count: Mapped[int] = mapped_column(Integer, default=0)
    satisfaction: Mapped[int | None] = mapped_column(Integer, nullable=True)  # 1..5
    satisfaction_comment: Mapped[str | None] = mapped_column(Text, nullable=True)
    # When retention removed the transcript and mail (handoff.core.privacy.purge_closed).
    purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    assignee: Mapped[Agent | None] = relationship(lazy="joined")
    events: Mapped[list[TicketEvent]] = relationship(
        back_populates="ticket", order_by="TicketEvent.id", lazy="selectin"
    )
    notes: Mapped[list[TicketNote]] = relationship(order_by="TicketNote.id", lazy="selectin")

    __table_args__ = (
        Index("ix_ticket_queue_status", "queue", "status"),
        Index("ix_ticket_status_priority", "status", "priority"),
        Index("ix_ticket_customer_category", "customer_email", "category", "created_at"),
        Index("ix_ticket_created_at", "created_at"),
    )


class TicketEvent(Base):
    """One line of a ticket's activity log; rows are only ever added."""

    __tablename__ = "ticket_event"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ticket_id: Mapped[str] = mapped_column(ForeignKey("ticket.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    kind: Mapped[str] = mapped_column(String(40))  # created, routed, status, escalated, sla, ...
    actor: Mapped[str] = mapped_column(String(200), default="system")
    message: Mapped[str] = mapped_column(Text)
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    ticket: Mapped[Ticket] = relationship(back_populates="events")


class TicketNote(Base):
    """An internal note (agents only) or a public reply (sent to the customer)."""

    __tablename__ = "ticket_note"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ticket_id: Mapped[str] = mapped_column(ForeignKey("ticket.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("agent.id"), nullable=True)
    author_name: Mapped[str] = mapped_column(String(200))
    public: Mapped[bool] = mapped_column(Boolean, default=False)
    text: Mapped[str] = mapped_column(Text)


class Correction(Base):
    """An agent changing the model's category or priority: training data for retraining."""

    __tablename__ = "correction"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ticket_id: Mapped[str] = mapped_column(ForeignKey("ticket.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    field: Mapped[str] = mapped_column(String(20))  # category | priority
    old_value: Mapped[str] = mapped_column(String(30))
    new_value: Mapped[str] = mapped_column(String(30))
    model_version: Mapped[str | None] = mapped_column(String(100), nullable=True)
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("agent.id"), nullable=True)


class Notification(Base):
    """An outgoing message: sent by SMTP when configured, else kept here as the outbox.

    A row is never deleted; failed deliveries are retried with growing back-off.
    """

    __tablename__ = "notification"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    ticket_id: Mapped[str | None] = mapped_column(ForeignKey("ticket.id"), nullable=True, index=True)
    kind: Mapped[str] = mapped_column(String(40))  # customer_update, escalation, management, ...
    to_addr: Mapped[str] = mapped_column(String(500))
    cc_addr: Mapped[str] = mapped_column(String(500), default="")
    subject: Mapped[str] = mapped_column(String(500))
    body: Mapped[str] = mapped_column(Text)
    # pending | sent | outbox | skipped | failed (texts)
    status: Mapped[str] = mapped_column(String(12), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # Declared so that a flush always inserts the ticket before its notifications.
    ticket: Mapped[Ticket | None] = relationship(viewonly=False)


# The agents' tools' tables (incident is referenced by Ticket.incident_id) live in their own module.
from handoff.agent_tools import models as agent_models  # noqa: E402,F401
