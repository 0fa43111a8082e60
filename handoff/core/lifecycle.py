"""The ticket lifecycle (support design: Created -> Assigned -> In Progress -> Escalated / Pending ->
Resolved -> Closed), reopening within 7 days, escalation between support tiers."""
from __future__ import annotations

from datetime import datetime, timedelta
from functools import cache
from pathlib import Path

import yaml
from sqlalchemy.orm import Session

from handoff.core.errors import Conflict, ValidationError
from handoff.core.models import STATUS_LABELS, Agent, Contact, Ticket, utcnow
from handoff.core.settings import current_settings
from handoff.core.tickets import log
from handoff.outbound import notifications
from handoff.rules import sla
from handoff.web import permissions

ESCALATION_FILE = Path(__file__).with_name("escalation.yaml")
REOPEN_WINDOW = timedelta(days=7)
MAX_TIER = 3

# Allowed moves; resolved/closed -> in_progress is a reopen.
TRANSITIONS = {
    "created": {"assigned"},
    "assigned": {"in_progress", "escalated"},
    "in_progress": {"pending", "escalated", "resolved"},
    "pending": {"in_progress", "resolved"},
    "escalated": {"in_progress", "resolved"},
    "resolved": {"closed", "in_progress"},
    "closed": {"in_progress"},
}


@cache
def load_escalation(path: Path = ESCALATION_FILE) -> dict:
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def allowed(status: str) -> list[str]:
    return sorted(TRANSITIONS.get(status, ()))


def _customer_update(session: Session, ticket: Ticket, current_status: str, next_steps: str,
                     agent_name: str | None = None, now: datetime | None = None) -> None:
    if not ticket.customer_email:
        return
    settings = current_settings()
    subject, body = notifications.customer_email(ticket, settings.public_url, current_status, next_steps, agent_name)
    notifications.enqueue(session, kind="customer_update", to=ticket.customer_email, subject=subject, body=body,
                          ticket_id=ticket.id, smtp=bool(settings.smtp_url), now=now)


def transition(session: Session, ticket: Ticket, to: str, *, actor: Agent | None = None, actor_name: str | None = None,
               now: datetime | None = None, note: str | None = None, resolution: str | None = None,
               reason: str | None = None, troubleshooting: list[str] | None = None) -> Ticket:
    """Move ``ticket`` to status ``to`` with its side effects; Conflict when the move is illegal.

    Does not commit: the caller commits (the API after each request, ``tick`` per ticket).
    """
    now = now or utcnow()
    who = actor.name if actor else (actor_name or "system")
    permissions.check(actor, "tickets:transition", ticket)
    if to not in STATUS_LABELS:
        raise ValidationError(f"to: unknown status {to!r}; expected one of {', '.join(STATUS_LABELS)}",
                              code="unknown_value", field="to")
    if to not in TRANSITIONS.get(ticket.status, ()):
        options = ", ".join(STATUS_LABELS[s] for s in allowed(ticket.status)) or "none"
        raise Conflict(f"a ticket that is {STATUS_LABELS[ticket.status]} cannot become {STATUS_LABELS[to]}; "
                       f"allowed next: {options}", code="illegal_transition")
    before = ticket.status
    if before in ("resolved", "closed") and to == "in_progress":
        _reopen(ticket, now, who)
    elif to == "in_progress":
        _start_work(ticket, actor, now)
    elif to == "pending":
        sla.pause(ticket, now)
        ticket.first_response_at = ticket.first_response_at or now  # asking the customer is a response
    elif to == "escalated":
        escalate(session, ticket, now=now, escalated_by=who, reason=reason or note or "Escalated by agent",
                 troubleshooting=troubleshooting or [])
        return ticket
    elif to == "resolved":
        if not (resolution or ticket.resolution):
            raise ValidationError("resolution: say how the issue was resolved", field="resolution")
        ticket.resolution = resolution or ticket.resolution
        ticket.first_response_at = ticket.first_response_at or now
        ticket.resolved_at = now
    elif to == "closed":
        ticket.closed_at = now

    if before == "pending":
        _end_pause(ticket, now)
    ticket.status = to
    ticket.updated_at = now
    log(ticket, f"status_{to}", f"{STATUS_LABELS[before]} -> {STATUS_LABELS[to]}" + (f": {note}" if note else ""),
        actor=who, at=now, before=before, after=to)
    if to == "pending":
        _customer_update(session, ticket, "We need some information from you to continue.",
                         note or "Please reply to this email with the details requested by your agent.", who, now)
    elif to == "resolved":
        _customer_update(session, ticket, f"Resolved: {ticket.resolution}",
                         "Nothing, unless the issue comes back: reply within 7 days and we reopen this ticket.", who,
                         now)
    return ticket


def _end_pause(ticket: Ticket, now: datetime) -> None:
    """Time spent waiting for the customer counts neither on the SLA clocks nor on the
    escalation timers."""
    if ticket.paused_at is None:
        return
    waited = now - ticket.paused_at
    ticket.tier_entered_at += waited
    if ticket.work_started_at is not None:
        ticket.work_started_at += waited
    sla.resume(ticket, now)


def _start_work(ticket: Ticket, actor: Agent | None, now: datetime) -> None:
    if actor is not None and (ticket.assignee_id is None or ticket.status == "escalated"):
        ticket.assignee_id = actor.id
        ticket.assignee = actor
    if ticket.work_started_at is None:
        ticket.work_started_at = now
    ticket.escalation_response_due_at = None  # the receiving tier has picked it up


def _reopen(ticket: Ticket, now: datetime, who: str) -> None:
    since = ticket.resolved_at or ticket.closed_at
    if since is not None and now - since > REOPEN_WINDOW:
        raise Conflict(f"ticket {ticket.id} was resolved more than 7 days ago; open a new ticket instead",
                       code="reopen_window_passed")
    ticket.reopen_count += 1
    ticket.resolved_at = None
    ticket.closed_at = None
    ticket.work_started_at = now
    log(ticket, "reopened", f"Reopened within 7 days (reopen #{ticket.reopen_count})", actor=who, at=now)


def escalate(session: Session, ticket: Ticket, *, now: datetime, escalated_by: str, reason: str,
             troubleshooting: list[str], to_tier: int | None = None) -> None:
    """Hand the ticket to the next support tier (status Escalated): clear the assignee, start
    the receiving tier's response timer, send the escalation notice and tell the customer."""
    from_tier = ticket.support_tier
    to_tier = to_tier or from_tier + 1
    if from_tier >= MAX_TIER:
        raise Conflict("the ticket is already at Tier 3; involve management instead", code="already_top_tier")
    matrix = load_escalation()
    settings = current_settings()
    ticket.support_tier = to_tier
    ticket.assignee_id = None
    ticket.assignee = None
    ticket.tier_entered_at = now
    ticket.work_started_at = None
    ticket.escalated_at = now
    ticket.escalation_overdue_flagged = False
    minutes = matrix["response_minutes"][to_tier][ticket.priority]
    ticket.escalation_response_due_at = now + timedelta(minutes=minutes)
    log(ticket, "escalated", f"Escalated from Tier {from_tier} to Tier {to_tier}: {reason}", actor=escalated_by,
        at=now, from_tier=from_tier, to_tier=to_tier)
    before = ticket.status
    if before != "escalated":
        ticket.status = "escalated"
        log(ticket, "status_escalated", f"{STATUS_LABELS[before]} -> Escalated", actor=escalated_by, at=now,
            before=before, after="escalated")
    ticket.updated_at = now
    subject, body = notifications.escalation_notice(
        ticket, from_tier=from_tier, to_tier=to_tier, escalated_by=escalated_by, at=now, reason=reason,
        troubleshooting=troubleshooting)
    cc = [matrix["manager"]]
    if to_tier == MAX_TIER and ticket.contact_id is not None:  # support design: account manager told (Enterprise)
        account_manager = session.get(Contact, ticket.contact_id).company.account_manager_email
        if account_manager:
            cc.append(account_manager)
    notifications.enqueue(session, kind="escalation", to=matrix["teams"][to_tier], cc=cc,
                          subject=subject, body=body, ticket_id=ticket.id, smtp=bool(settings.smtp_url), now=now)
    _customer_update(session, ticket, f"Your ticket has been escalated to our Tier {to_tier} specialists.",
                     "Nothing for now: they will contact you with a timeline.", now=now)
