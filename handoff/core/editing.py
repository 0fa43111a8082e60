"""Changing a ticket after creation: agents' field edits (with corrections kept) and notes."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from handoff.core import validation
from handoff.core.errors import ValidationError
from handoff.core.models import CATEGORIES, PRIORITIES, Agent, Contact, Correction, Ticket, TicketNote, utcnow
from handoff.core.settings import current_settings
from handoff.core.tickets import log, notify_teams
from handoff.outbound import notifications
from handoff.rules import routing, sla
from handoff.web import permissions

EDITABLE = {"category", "priority", "subcategory", "queue", "assignee", "resolution", "needs_review",
            "satisfaction", "satisfaction_comment"}
CUSTOMER_FIELDS = {"satisfaction", "satisfaction_comment"}  # the customer's own answer (survey page)
NOTE_LIMIT = 20_000


def queues() -> list[str]:
    rules = routing.load_rules()
    names = list(dict.fromkeys(rules["category_queues"].values()))
    for rule in rules["rules"]:
        queue = rule["then"].get("queue")
        if queue and queue not in names:
            names.append(queue)
    return names


def update_ticket(session: Session, ticket: Ticket, changes: dict, *, actor: Agent | None, actor_name: str,
                  now: datetime | None = None) -> Ticket:
    """Apply ``changes`` (PATCH body) as ``actor`` allows (handoff/web/permissions.yaml; None is
    the system). Category/priority changes are kept as corrections, re-route the ticket
    and re-time its SLA clocks. Does not commit."""
    now = now or utcnow()
    if not isinstance(changes, dict) or not changes:
        raise ValidationError("the body must be a JSON object with the fields to change")
    unknown = sorted(set(changes) - EDITABLE)
    if unknown:
        hint = " (use POST /transitions to change the status)" if "status" in unknown else ""
        raise ValidationError(f"{unknown[0]}: not editable{hint}; editable fields are {', '.join(sorted(EDITABLE))}",
                              code="unknown_field", field=unknown[0])
    _check_allowed(session, ticket, changes, actor)

    if "satisfaction" in changes:
        score = changes["satisfaction"]
        if not isinstance(score, int) or isinstance(score, bool) or not 1 <= score <= 5:
            raise ValidationError("satisfaction: an integer from 1 to 5", field="satisfaction")
        ticket.satisfaction = score
        log(ticket, "satisfaction", f"Customer satisfaction {score}/5", actor=actor_name, at=now)
    if "satisfaction_comment" in changes:
        ticket.satisfaction_comment = validation.text(changes, "satisfaction_comment", "satisfaction_comment",
                                                      NOTE_LIMIT)
    if "subcategory" in changes:
        ticket.subcategory = validation.text(changes, "subcategory", "subcategory", validation.LIMITS["subcategory"])
    if "resolution" in changes:
        ticket.resolution = validation.text(changes, "resolution", "resolution", NOTE_LIMIT)
    if "needs_review" in changes:
        if not isinstance(changes["needs_review"], bool):
            raise ValidationError("needs_review: true or false", field="needs_review")
        ticket.needs_review = changes["needs_review"]

    relabel = False
    for field, allowed in (("category", CATEGORIES), ("priority", PRIORITIES)):
        if field in changes:
            new = validation.choice(changes[field], field, allowed)
            if new is None:
                raise ValidationError(f"{field}: may not be emptied", field=field)
            old = getattr(ticket, field)
            if new != old:
                session.add(Correction(ticket_id=ticket.id, field=field, old_value=old, new_value=new,
                                       model_version=ticket.model_version, agent_id=actor.id if actor else None,
                                       at=now))
                setattr(ticket, field, new)
                log(ticket, "corrected", f"{field.title()} corrected from {old} to {new}", actor=actor_name, at=now)
                relabel = True
    if relabel:
        ticket.needs_review = False
        _reroute(session, ticket, now, actor_name)

    if "queue" in changes:
        queue = validation.choice(changes["queue"], "queue", queues())
        if queue and queue != ticket.queue:
            log(ticket, "assigned", f"Moved from {ticket.queue} queue to {queue} queue", actor=actor_name, at=now)
            ticket.queue = queue
    if "assignee" in changes:
        _assign(ticket, _assignee(session, changes["assignee"]), actor, actor_name, now)
    ticket.updated_at = now
    return ticket


def _reroute(session: Session, ticket: Ticket, now: datetime, actor_name: str) -> None:
    """Route again after a correction; rules that fire only now send their notices."""
    route = routing.route({
        "category": ticket.category,
        "priority": ticket.priority,
        "tier": ticket.customer_tier,
        "channel": ticket.channel,
        "repeat_issue": "repeat-issue" in ticket.rules_fired,
        "text": f"{ticket.subject}\n{ticket.description}",
        "details": ticket.details,
    })
    if route.queue != ticket.queue:
        log(ticket, "assigned", f"Re-routed to {route.queue} queue after correction", actor=actor_name, at=now)
        ticket.queue = route.queue
    ticket.support_tier = max(ticket.support_tier, route.support_tier)
    coverage = [r for r in ticket.rules_fired if r.startswith("coverage:")]
    newly_fired = [r for r in route.rules_fired if r not in ticket.rules_fired]
    ticket.rules_fired = route.rules_fired + coverage
    targets = list(dict.fromkeys(t for r in newly_fired for t in route.notify_by_rule.get(r, [])))
    if targets:
        contact = session.get(Contact, ticket.contact_id) if ticket.contact_id else None
        notify_teams(session, ticket, targets, contact.company.account_manager_email if contact else None,
                     current_settings(), now)
    sla.set_clocks(ticket)
    ticket.response_warned = ticket.response_warned and now >= ticket.response_warn_at
    ticket.response_breached = ticket.response_breached and now >= ticket.response_due_at
    ticket.resolution_warned = ticket.resolution_warned and now >= ticket.resolution_warn_at
    ticket.resolution_breached = ticket.resolution_breached and now >= ticket.resolution_due_at


def _check_allowed(session: Session, ticket: Ticket, changes: dict, actor: Agent | None) -> None:
    """Every permission the change needs, before anything is changed."""
    if set(changes) & CUSTOMER_FIELDS:
        permissions.check(actor, "tickets:satisfaction", ticket)
    if "assignee" in changes:
        agent = _assignee(session, changes["assignee"])
        to_self_or_nobody = agent is None or (actor is not None and agent.id == actor.id)
        permissions.check(actor, "tickets:claim" if to_self_or_nobody else "tickets:assign_any", ticket)
    if set(changes) - CUSTOMER_FIELDS - {"assignee"}:
        permissions.check(actor, "tickets:update", ticket)
    if permissions.lowers_urgent(ticket, changes):
        permissions.check(actor, "tickets:lower_urgent", ticket)


def _assignee(session: Session, who) -> Agent | None:
    if who is None:
        return None
    if not isinstance(who, str):
        raise ValidationError("assignee: a staff email, or null to unassign", field="assignee")
    agent = session.scalars(select(Agent).where(Agent.email == who.strip().lower(), Agent.active)).first()
    if agent is None:
        raise ValidationError(f"assignee: no active staff member {who!r}", code="unknown_value", field="assignee")
    return agent


def _assign(ticket: Ticket, agent: Agent | None, actor: Agent | None, actor_name: str, now: datetime) -> None:
    ticket.assignee_id = agent.id if agent else None
    ticket.assignee = agent
    log(ticket, "assigned", f"{agent.name} claimed ticket" if agent and actor and agent.id == actor.id
        else (f"Assigned to {agent.name}" if agent else "Unassigned"), actor=actor_name, at=now)


def add_note(session: Session, ticket: Ticket, text, *, author: Agent, public: bool = False,
             now: datetime | None = None) -> TicketNote:
    """An internal note, or with ``public`` a reply emailed to the customer (the first
    public reply stops the response clock). Does not commit."""
    now = now or utcnow()
    permissions.check(author, "tickets:reply" if public else "notes:write", ticket)
    if not isinstance(text, str) or not text.strip():
        raise ValidationError("text: the note is empty", field="text")
    if len(text) > NOTE_LIMIT:
        raise ValidationError(f"text: longer than {NOTE_LIMIT} characters", code="too_long", field="text")
    note = TicketNote(ticket_id=ticket.id, at=now, author_id=author.id, author_name=author.name, public=public,
                      text=text.strip())
    ticket.notes.append(note)
    ticket.updated_at = now
    if public:
        ticket.first_response_at = ticket.first_response_at or now
        log(ticket, "replied", f"{author.name} replied to the customer", actor=author.name, at=now)
        if ticket.customer_email:
            settings = current_settings()
            subject, body = notifications.customer_email(ticket, settings.public_url, note.text,
                                                         "Reply to this email if you have questions.", author.name)
            notifications.enqueue(session, kind="customer_update", to=ticket.customer_email, subject=subject,
                                  body=body, ticket_id=ticket.id, smtp=bool(settings.smtp_url), now=now)
    else:
        log(ticket, "note", f"{author.name} added an internal note", actor=author.name, at=now)
    return note
