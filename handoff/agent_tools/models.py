"""Tables of the agents' tools: canned replies, macros, presence and rotation, incidents.

Declared on ``handoff.core.models.Base`` so that one metadata (and one Alembic tree) holds
every table of the ticket store.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from handoff.core.models import Base, UTCDateTime, utcnow

PRESENCES = ("available", "away", "offline")
INCIDENT_STATUSES = ("investigating", "identified", "monitoring", "resolved")


class CannedReply(Base):
    """A reply text with placeholders: shared (no owner, managers edit) or an agent's own."""

    __tablename__ = "canned_reply"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("agent.id"), nullable=True, index=True)
    shortcut: Mapped[str] = mapped_column(String(40))  # typed after "/" in a reply box
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    # NULL owners are distinct in a unique index, so shared shortcuts are kept unique in code.
    __table_args__ = (UniqueConstraint("owner_id", "shortcut", name="uq_canned_reply_owner_shortcut"),)


class Macro(Base):
    """One click, several changes: a reply or note from a canned text, status, priority, queue, tags."""

    __tablename__ = "macro"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(60), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    reply: Mapped[str | None] = mapped_column(Text, nullable=True)  # canned text with placeholders
    reply_public: Mapped[bool] = mapped_column(Boolean, default=True)  # False: an internal note
    status: Mapped[str | None] = mapped_column(String(20), nullable=True)
    priority: Mapped[str | None] = mapped_column(String(2), nullable=True)
    queue: Mapped[str | None] = mapped_column(String(30), nullable=True)
    tags: Mapped[list] = mapped_column(JSON, default=list)
    resolution: Mapped[str | None] = mapped_column(Text, nullable=True)  # when status is resolved
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class AgentState(Base):
    """An agent's presence, capacity and place in the assignment rotation (one row each)."""

    __tablename__ = "agent_state"
    agent_id: Mapped[int] = mapped_column(ForeignKey("agent.id"), primary_key=True)
    presence: Mapped[str] = mapped_column(String(10), default="offline")
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    queues: Mapped[list] = mapped_column(JSON, default=list)  # queues this agent serves
    max_tickets: Mapped[int] = mapped_column(Integer, default=8)
    max_chats: Mapped[int] = mapped_column(Integer, default=2)
    # Rotation: the agent whose last turn is lowest gets the next ticket; a turn is
    # taken with a compare-and-set on this number, so two workers never share one.
    # No index: one row per agent is read whole anyway, and without an indexed column the
    # UPDATE of the turn on every ticket is a HOT update on PostgreSQL, not a dead index entry.
    turn: Mapped[int] = mapped_column(Integer, default=0)


class Incident(Base):
    """One outage or problem many tickets are about; customers are told through their tickets."""

    __tablename__ = "incident"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(20), default="investigating")
    priority: Mapped[str] = mapped_column(String(2), default="P2")
    category: Mapped[str | None] = mapped_column(String(30), nullable=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("agent.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)  # owner's hourly reminder
    updates: Mapped[list] = mapped_column(JSON, default=list)  # [{at, author, message, public}]

    __table_args__ = (Index("ix_incident_status", "status"),)
