"""Tables of the phone line's follow-up: scheduled callbacks and SMS opt-outs.

On the ticket store's metadata (``handoff.core.models.Base``); revision 0004 creates them.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from handoff.core.models import Agent, Base, Ticket, UTCDateTime, utcnow

CALLBACK_SOURCES = ("hold", "after_hours", "portal", "console")
# queued: waiting for an agent or its next attempt; calling: a call is placed now;
# completed: the customer talked to an agent; failed: every attempt used up; canceled.
CALLBACK_STATES = ("queued", "calling", "completed", "failed", "canceled")
OPEN_CALLBACK_STATES = ("queued", "calling")


class Callback(Base):
    """A customer asked to be called back about a ticket.

    ``requested_at`` is the caller's place in line (for a caller who left the hold
    queue: when they entered it); retries keep it, so nobody drops to the back.
    """

    __tablename__ = "callback"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ticket_id: Mapped[str] = mapped_column(ForeignKey("ticket.id"), index=True)
    phone: Mapped[str] = mapped_column(String(20))  # E.164
    queue: Mapped[str] = mapped_column(String(30))
    source: Mapped[str] = mapped_column(String(12))
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    status: Mapped[str] = mapped_column(String(10), default="queued")
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime)
    window_start: Mapped[datetime] = mapped_column(UTCDateTime)
    window_end: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("agent.id"), nullable=True)
    call_sid: Mapped[str | None] = mapped_column(String(64), nullable=True, unique=True)
    #: One entry per attempt: {at, agent, call_sid, answered_by, dial, outcome, duration_s}.
    history: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ticket: Mapped[Ticket] = relationship(lazy="joined")
    agent: Mapped[Agent | None] = relationship(lazy="joined")

    __table_args__ = (Index("ix_callback_status_due", "status", "next_attempt_at", "requested_at"),)


class SmsOptOut(Base):
    """A number that replied STOP: no text goes to it until it replies START."""

    __tablename__ = "sms_opt_out"
    phone: Mapped[str] = mapped_column(String(20), primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    keyword: Mapped[str] = mapped_column(String(20))
