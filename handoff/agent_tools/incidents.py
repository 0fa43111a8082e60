"""Incidents: one outage, many tickets. Updates reach every linked ticket's customer through
their own channel; resolving the incident resolves its tickets; P1 owners are reminded hourly."""
from __future__ import annotations

import re
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from handoff.agent_tools import macros
from handoff.agent_tools.models import INCIDENT_STATUSES, Incident
from handoff.channels import live_chat
from handoff.core import editing, lifecycle, validation
from handoff.core.errors import Conflict, Forbidden, NotFound, ValidationError
from handoff.core.models import CATEGORIES, OPEN_STATUSES, PRIORITIES, Agent, Ticket, utcnow
from handoff.core.settings import current_settings
from handoff.core.tickets import get_ticket, log
from handoff.outbound import notifications
from handoff.web import permissions

REMIND_EVERY = timedelta(hours=1)  # support design: "provide hourly updates" during a P1 outage
SUGGEST_WITHIN = timedelta(hours=6)  # new tickets this recent are suggested for an open incident
MAX_LINK = 1000
MESSAGE_LIMIT = 5000
_WORD = re.compile(r"[a-z0-9]{3,}")
_COMMON = frozenset("the and for with not are was you your our can has have this that from when will".split())


def may_manage(agent: Agent | None) -> bool:
    """Who runs incidents: "incidents:manage" in the permission table (managers and Tier 2+)."""
    return agent is not None and permissions.allows(agent, "incidents:manage")


def _require(agent: Agent | None) -> Agent:
    if not may_manage(agent):
        raise Forbidden("only managers and Tier 2+ agents manage incidents")
    return agent


def get_incident(session: Session, incident_id: int) -> Incident:
    incident = session.get(Incident, incident_id)
    if incident is None:
        raise NotFound(f"no incident {incident_id}", code="incident_not_found")
    return incident


def open_incidents(session: Session) -> list[Incident]:
    return list(session.scalars(select(Incident).where(Incident.status != "resolved").order_by(Incident.id.desc())))


def _ticket_ids(value) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value) or len(value) > MAX_LINK:
        raise ValidationError(f"ticket_ids: a list of up to {MAX_LINK} ticket ids", field="ticket_ids")
    return list(dict.fromkeys(value))


def create_incident(session: Session, agent: Agent | None, data: dict, now: datetime | None = None) -> Incident:
    """A new incident owned by its creator, with ``ticket_ids`` linked. Does not commit."""
    _require(agent)
    now = now or utcnow()
    incident = Incident(
        title=validation.text(data, "title", "title", 300, required=True),
        status=validation.choice(data.get("status") or "investigating", "status", INCIDENT_STATUSES[:-1]),
        priority=validation.choice(data.get("priority") or "P2", "priority", PRIORITIES),
        category=validation.choice(data.get("category") or None, "category", CATEGORIES),
        owner_id=agent.id, created_at=now, updated_at=now, updates=[],
    )
    ids = _ticket_ids(data.get("ticket_ids"))
    session.add(incident)
    session.flush()
    link(session, incident, agent, ids, now)
    return incident


def link(session: Session, incident: Incident, agent: Agent | None, ticket_ids: list[str],
         now: datetime | None = None) -> list[Ticket]:
    """Link tickets (all or none: an unknown id refuses the whole request). Does not commit."""
    _require(agent)
    if incident.status == "resolved":
        raise Conflict("this incident is resolved; open a new one", code="incident_resolved")
    now = now or utcnow()
    linked = []
    for ticket_id in _ticket_ids(ticket_ids):
        ticket = get_ticket(session, ticket_id, for_update=True)
        if ticket.incident_id == incident.id:
            continue
        ticket.incident_id = incident.id
        ticket.updated_at = now
        log(ticket, "incident", f"Linked to incident #{incident.id}: {incident.title}", actor=agent.name, at=now,
            incident_id=incident.id)
        linked.append(ticket)
    return linked


def linked_tickets(session: Session, incident: Incident, *, open_only: bool = False) -> list[Ticket]:
    query = select(Ticket).where(Ticket.incident_id == incident.id).order_by(Ticket.created_at)
    if open_only:
        query = query.where(Ticket.status.in_(OPEN_STATUSES))
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(of=Ticket)
    return list(session.scalars(query).unique())


def _message(data: dict) -> str:
    return validation.text(data, "message", "message", MESSAGE_LIMIT, required=True)


def post_update(session: Session, incident: Incident, agent: Agent | None, data: dict,
                now: datetime | None = None) -> int:
    """Record an update (and new status); a public one is sent to every open linked ticket's
    customer: a public reply (email, portal) and a line in their live chat. Returns how
    many customers were told. Does not commit."""
    _require(agent)
    if incident.status == "resolved":
        raise Conflict("this incident is resolved", code="incident_resolved")
    now = now or utcnow()
    message = _message(data)
    status = validation.choice(data.get("status") or None, "status", INCIDENT_STATUSES[:-1])
    public = data.get("public", True) is not False
    incident.status = status or incident.status
    incident.updates = [*incident.updates, {"at": now.isoformat(), "author": agent.name, "message": message,
                                            "public": public, "status": incident.status}]
    incident.updated_at = incident.reminded_at = now
    if not public:
        return 0
    tickets = linked_tickets(session, incident, open_only=True)
    for ticket in tickets:
        editing.add_note(session, ticket, f"Update on the service incident ({incident.title}):\n\n{message}",
                         author=agent, public=True, now=now)
        live_chat.announce(session, ticket.id, f"Update on the incident: {message}", now)
    return len(tickets)


def resolve(session: Session, incident: Incident, agent: Agent | None, data: dict,
            now: datetime | None = None) -> int:
    """Resolve the incident and every open linked ticket with ``message`` as the resolution;
    each customer gets the resolution email (and a chat line if live). Does not commit."""
    _require(agent)
    if incident.status == "resolved":
        raise Conflict("this incident is already resolved", code="incident_resolved")
    now = now or utcnow()
    message = _message(data)
    tickets = linked_tickets(session, incident, open_only=True)
    for ticket in tickets:
        macros.move_to(session, ticket, "resolved", agent, message, now)
        live_chat.announce(session, ticket.id, f"The incident is resolved: {message}", now)
    incident.status, incident.resolved_at, incident.updated_at = "resolved", now, now
    incident.updates = [*incident.updates, {"at": now.isoformat(), "author": agent.name, "message": message,
                                            "public": True, "status": "resolved"}]
    return len(tickets)


def remind_owners(session: Session, now: datetime, smtp: bool) -> int:
    """P1 incidents not resolved: the owner is reminded every hour to post an update
    (an update resets the hour). Does not commit."""
    due = session.scalars(select(Incident).where(Incident.status != "resolved", Incident.priority == "P1")).all()
    count = 0
    for incident in due:
        last = incident.reminded_at or incident.created_at
        if now - last < REMIND_EVERY:
            continue
        owner = session.get(Agent, incident.owner_id) if incident.owner_id else None
        linked = session.scalar(select(func.count()).select_from(Ticket).where(Ticket.incident_id == incident.id))
        notifications.enqueue(
            session, kind="incident_reminder", to=owner.email if owner else lifecycle.load_escalation()["manager"],
            subject=f"[P1 INCIDENT #{incident.id}] Hourly update due: {incident.title}",
            body=f"Incident #{incident.id} ({incident.status}) has {linked} linked tickets and no update for an hour.\n"
                 f"Post an update for the customers: {current_settings().public_url.rstrip('/')}"
                 f"/console/incidents/{incident.id}\n", smtp=smtp, now=now)
        incident.reminded_at = now
        count += 1
    return count


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower())) - _COMMON


def suggestions(session: Session, ticket: Ticket, now: datetime | None = None) -> list[Incident]:
    """Open incidents a new, unlinked ticket looks like: same category as the incident (or its
    linked tickets) and words in common with its title."""
    now = now or utcnow()
    if ticket.incident_id is not None or ticket.status not in OPEN_STATUSES or now - ticket.created_at > SUGGEST_WITHIN:
        return []
    words = _words(f"{ticket.subject} {ticket.description}")
    out = []
    for incident in open_incidents(session):
        categories = {incident.category} | set(session.scalars(
            select(Ticket.category).where(Ticket.incident_id == incident.id).distinct()))
        if ticket.category in categories or len(words & _words(incident.title)) >= 2:
            out.append(incident)
    return out[:3]


def incident_json(session: Session, incident: Incident) -> dict:
    tickets = session.execute(select(Ticket.id, Ticket.status).where(Ticket.incident_id == incident.id)
                              .order_by(Ticket.created_at)).all()
    return {"id": incident.id, "title": incident.title, "status": incident.status, "priority": incident.priority,
            "category": incident.category, "owner_id": incident.owner_id,
            "created_at": incident.created_at.isoformat().replace("+00:00", "Z"),
            "resolved_at": incident.resolved_at.isoformat().replace("+00:00", "Z") if incident.resolved_at else None,
            "updates": incident.updates, "tickets": [{"id": i, "status": s} for i, s in tickets]}


def linked_counts(session: Session, since: datetime) -> dict:
    """Tickets created since ``since``: how many belong to an incident and how many do not."""
    # Two index-only counts: linked tickets are few (ix_ticket_incident_id), all by ix_ticket_created_at.
    linked = session.scalar(select(func.count()).select_from(Ticket).where(
        Ticket.incident_id.is_not(None), Ticket.created_at >= since)) or 0
    total = session.scalar(select(func.count()).select_from(Ticket).where(Ticket.created_at >= since)) or 0
    return {"incident_linked": linked, "other": total - linked,
            "open_incidents": session.scalar(select(func.count()).select_from(Incident)
                                              .where(Incident.status != "resolved")) or 0}
