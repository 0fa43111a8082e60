"""Tables of the channels around the ticket store: live chats, email, surveys, bot sessions.

They sit on the ticket store's metadata (``handoff.core.models.Base``) so that one
Alembic chain migrates everything; revision 0002 creates them.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from handoff.core.models import Base, Ticket, TicketNote, UTCDateTime, utcnow

LIVE_CHAT_STATES = ("waiting", "active", "ended")
BOT_SESSION_OUTCOMES = ("self_service", "ticket", "handoff", "abandoned")


class LiveChat(Base):
    """A conversation the bot handed to a human; its random id is the widget's capability."""

    __tablename__ = "live_chat"
    conversation_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    ticket_id: Mapped[str | None] = mapped_column(ForeignKey("ticket.id"), nullable=True, index=True)
    state: Mapped[str] = mapped_column(String(10), default="waiting")
    customer_name: Mapped[str] = mapped_column(String(200), default="")
    customer_email: Mapped[str] = mapped_column(String(254), default="")
    customer_tier: Mapped[str] = mapped_column(String(20), default="starter")
    subject: Mapped[str] = mapped_column(String(300), default="")
    priority: Mapped[str | None] = mapped_column(String(2), nullable=True)
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("agent.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    taken_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    end_reason: Mapped[str | None] = mapped_column(String(20), nullable=True)  # ended | returned_to_bot
    last_seq: Mapped[int] = mapped_column(Integer, default=0)
    # While waiting: the agent it is offered to, until the offer lapses (handoff.rules.assignment.offer_chats).
    offered_to_id: Mapped[int | None] = mapped_column(ForeignKey("agent.id"), nullable=True, index=True)
    offer_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    __table_args__ = (Index("ix_live_chat_state_created", "state", "created_at"),)


class LiveChatMessage(Base):
    """One message of a live chat, numbered per conversation so the widget can poll ``after``."""

    __tablename__ = "live_chat_message"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("live_chat.conversation_id"))
    seq: Mapped[int] = mapped_column(Integer)
    sender: Mapped[str] = mapped_column(String(10))  # agent | customer | system | bot
    text: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (UniqueConstraint("conversation_id", "seq", name="uq_live_chat_message_seq"),)


class InboundEmail(Base):
    """Every message the email channel accepted, so a second delivery changes nothing."""

    __tablename__ = "inbound_email"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    message_key: Mapped[str] = mapped_column(String(500), unique=True)  # Message-ID, else sha256
    sha256: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    source: Mapped[str] = mapped_column(String(20))  # file | maildir | webhook
    sender: Mapped[str] = mapped_column(String(254))
    recipient: Mapped[str | None] = mapped_column(String(254), nullable=True)
    outcome: Mapped[str] = mapped_column(String(10))  # created | threaded
    ticket_id: Mapped[str] = mapped_column(ForeignKey("ticket.id"), index=True)


class QuarantinedEmail(Base):
    """A message that could not safely become a ticket, kept whole for a person to read."""

    __tablename__ = "email_quarantine"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    source: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(String(300))
    sender: Mapped[str | None] = mapped_column(String(254), nullable=True)
    subject: Mapped[str | None] = mapped_column(String(300), nullable=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    raw: Mapped[bytes] = mapped_column(LargeBinary)


class SatisfactionSurvey(Base):
    """The post-resolution survey: one per resolution, answered once with a 1-5 score."""

    __tablename__ = "satisfaction_survey"
    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    ticket_id: Mapped[str] = mapped_column(ForeignKey("ticket.id"), index=True)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True, index=True)
    score: Mapped[int | None] = mapped_column(Integer, nullable=True)
    comment: Mapped[str | None] = mapped_column(Text, nullable=True)


class BotSession(Base):
    """How a bot conversation ended; those ending in self-service count as deflection."""

    __tablename__ = "bot_session"
    conversation_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    ended_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    outcome: Mapped[str] = mapped_column(String(20))
    ticket_id: Mapped[str | None] = mapped_column(String(24), nullable=True)
    articles: Mapped[list] = mapped_column(JSON, default=list)


# Indexes for the console and the dashboard, each covering what its queries read,
# so that 50,000 tickets are answered from a few thousand index entries:
#   open views: status + owner + queue + filters + the SLA warning times (counts, lists);
#   KPIs by creation: the period's tickets with their clocks (SLA, FRT, rates, channels);
#   KPIs by resolution: resolved today, time to resolution, FCR, resolutions per agent.
Index("ix_ticket_open_views", Ticket.status, Ticket.assignee_id, Ticket.queue, Ticket.priority, Ticket.customer_tier,
      Ticket.channel, Ticket.first_response_at, Ticket.response_warn_at, Ticket.resolution_warn_at,
      Ticket.escalation_response_due_at)
Index("ix_ticket_created_kpi", Ticket.created_at, Ticket.priority, Ticket.channel, Ticket.first_response_at,
      Ticket.response_due_at, Ticket.resolved_at, Ticket.resolution_due_at, Ticket.escalated_at, Ticket.reopen_count)
# First contact resolution counts each resolved ticket's replies to the customer.
Index("ix_ticket_note_public", TicketNote.ticket_id, TicketNote.public)
Index("ix_ticket_resolved_kpi", Ticket.resolved_at, Ticket.created_at, Ticket.resolution_due_at, Ticket.assignee_id,
      Ticket.escalated_at, Ticket.reopen_count)
