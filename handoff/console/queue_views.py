"""The console's ticket views: which tickets each shows, in what order, with what counts.

Queries select only the columns a row needs (never whole tickets with their logs)
and page with LIMIT/OFFSET, so a view costs the same at 50,000 tickets as at 50.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import and_, case, false, func, or_, select
from sqlalchemy.orm import Session

from handoff.core.editing import queues
from handoff.core.models import (
    CHANNELS,
    OPEN_STATUSES,
    PRIORITIES,
    STATUS_LABELS,
    TIERS,
    Agent,
    Ticket,
)

PAGE_SIZE = 50
# Statuses whose SLA clocks run (Pending waits for the customer: its clock is paused).
RUNNING = tuple(s for s in OPEN_STATUSES if s != "pending")
VIEWS = {
    "mine": "My tickets",
    "unassigned": "Unassigned",
    "urgent": "Escalated or breaching soon",
    "pending": "Pending",
    "open": "All open",
}
FILTERS = ("queue", "priority", "tier", "channel", "status")


def filter_options() -> list[tuple[str, str, list[str]]]:
    return [("queue", "Queue", sorted(queues())), ("priority", "Priority", list(PRIORITIES)),
            ("tier", "Tier", list(TIERS)), ("channel", "Channel", list(CHANNELS)),
            ("status", "Status", list(OPEN_STATUSES))]


def next_due():
    """The next deadline of a ticket: the receiving tier's pickup after an escalation,
    else the first response until there is one, else the resolution."""
    return case(
        (and_(Ticket.status == "escalated", Ticket.escalation_response_due_at.is_not(None)),
         Ticket.escalation_response_due_at),
        (Ticket.first_response_at.is_(None), Ticket.response_due_at),
        else_=Ticket.resolution_due_at,
    )


def _urgent(now: datetime):
    warned = or_(
        and_(Ticket.first_response_at.is_(None), Ticket.response_warn_at <= now),
        Ticket.resolution_warn_at <= now,
        Ticket.escalation_response_due_at <= now,
    )
    return or_(Ticket.status == "escalated", and_(Ticket.status.in_(RUNNING), warned))


def view_condition(name: str, agent_id: int | None, now: datetime):
    if name == "mine":
        return and_(Ticket.assignee_id == agent_id, Ticket.status.in_(OPEN_STATUSES)) if agent_id else false()
    if name == "unassigned":
        return and_(Ticket.assignee_id.is_(None), Ticket.status.in_(OPEN_STATUSES))
    if name == "urgent":
        return _urgent(now)
    if name == "pending":
        return Ticket.status == "pending"
    if name == "open":
        return Ticket.status.in_(OPEN_STATUSES)
    raise KeyError(name)


def view_counts(session: Session, agent_id: int | None, now: datetime) -> dict[str, int]:
    """Every view's ticket count in one pass over the open tickets."""
    row = session.execute(select(
        func.coalesce(func.sum(case((Ticket.assignee_id == (agent_id or -1), 1), else_=0)), 0),
        func.coalesce(func.sum(case((Ticket.assignee_id.is_(None), 1), else_=0)), 0),
        func.coalesce(func.sum(case((_urgent(now), 1), else_=0)), 0),
        func.coalesce(func.sum(case((Ticket.status == "pending", 1), else_=0)), 0),
        func.count(),
    ).where(Ticket.status.in_(OPEN_STATUSES))).one()
    return dict(zip(VIEWS, (int(v) for v in row), strict=False))


def unassigned_per_queue(session: Session) -> list[tuple[str, int]]:
    # Grouped by status too, so the database reads the open tickets' index range
    # instead of walking every ticket in queue order.
    counts: dict[str, int] = {}
    for _status, queue, n in session.execute(
            select(Ticket.status, Ticket.queue, func.count()).where(view_condition("unassigned", None, datetime.min))
            .group_by(Ticket.status, Ticket.queue)):
        counts[queue] = counts.get(queue, 0) + n
    return sorted(counts.items())


def _filters(filters: dict):
    conditions = []
    columns = {"queue": Ticket.queue, "priority": Ticket.priority, "tier": Ticket.customer_tier,
               "channel": Ticket.channel, "status": Ticket.status}
    for key, column in columns.items():
        if filters.get(key):
            conditions.append(column == filters[key])
    text = (filters.get("q") or "").strip()[:200]
    if text:
        conditions.append(or_(
            Ticket.id == text.upper(),
            Ticket.subject.icontains(text, autoescape=True),
            Ticket.customer_email.icontains(text, autoescape=True),
            Ticket.customer_name.icontains(text, autoescape=True),
            Ticket.customer_company.icontains(text, autoescape=True),
            Ticket.description.icontains(text, autoescape=True),
        ))
    return conditions


@dataclass
class Deadline:
    kind: str
    at: datetime
    now: datetime

    @property
    def breached(self) -> bool:
        return self.at <= self.now

    @property
    def soon(self) -> bool:
        return not self.breached and self.at - self.now <= timedelta(hours=2)

    @property
    def left_text(self) -> str:
        return duration_text(abs(self.at - self.now))

    @property
    def at_text(self) -> str:
        return self.at.strftime("%Y-%m-%d %H:%M UTC")


@dataclass
class Row:
    id: str
    subject: str
    customer: str
    tier: str
    queue: str
    priority: str
    status: str
    owner: str | None
    channel: str
    age: str
    deadline: Deadline | None


@dataclass
class Page:
    rows: list[Row]
    total: int
    number: int
    pages: int
    size: int = PAGE_SIZE
    counts: dict = field(default_factory=dict)


def duration_text(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} h {minutes:02d} min"
    return f"{hours // 24} d {hours % 24} h"


def _deadline(status: str, escalated_due, first_response_at, response_due, resolution_due, now) -> Deadline | None:
    if status not in OPEN_STATUSES:
        return None
    if status == "escalated" and escalated_due is not None:
        return Deadline("pickup", escalated_due, now)
    if first_response_at is None and response_due is not None:
        return Deadline("response", response_due, now)
    return Deadline("resolution", resolution_due, now) if resolution_due is not None else None


def ticket_deadline(ticket: Ticket, now: datetime) -> Deadline | None:
    return _deadline(ticket.status, ticket.escalation_response_due_at, ticket.first_response_at,
                     ticket.response_due_at, ticket.resolution_due_at, now)


def list_view(session: Session, name: str, agent_id: int | None, filters: dict, page: int, now: datetime) -> Page:
    """One page of view ``name``, most urgent deadline first, with the filters applied."""
    where = [view_condition(name, agent_id, now), *_filters(filters)]
    total = session.scalar(select(func.count()).select_from(Ticket).where(*where)) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, page), pages)
    due = next_due()
    rows = session.execute(
        select(Ticket.id, Ticket.subject, Ticket.customer_name, Ticket.customer_email, Ticket.customer_company,
               Ticket.customer_tier, Ticket.queue, Ticket.priority, Ticket.status, Agent.name, Ticket.channel,
               Ticket.created_at, Ticket.escalation_response_due_at, Ticket.first_response_at,
               Ticket.response_due_at, Ticket.resolution_due_at)
        .outerjoin(Agent, Agent.id == Ticket.assignee_id)
        .where(*where)
        .order_by(due.is_(None), due, Ticket.created_at)
        .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
    ).all()
    out = []
    for r in rows:
        customer = r.customer_name or r.customer_email
        if r.customer_company:
            customer = f"{customer} ({r.customer_company})"
        out.append(Row(
            id=r.id, subject=r.subject, customer=customer, tier=r.customer_tier, queue=r.queue,
            priority=r.priority, status=STATUS_LABELS.get(r.status, r.status), owner=r.name, channel=r.channel,
            age=duration_text(now - r.created_at),
            deadline=_deadline(r.status, r.escalation_response_due_at, r.first_response_at, r.response_due_at,
                               r.resolution_due_at, now),
        ))
    return Page(rows=out, total=total, number=page, pages=pages)
