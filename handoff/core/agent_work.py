"""What an agent does from the console, composed of the ticket core's own operations.

Each function changes the ticket through ``editing`` and ``lifecycle`` (never by
hand) and leaves committing to the caller.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from handoff.core import editing, lifecycle
from handoff.core.errors import Conflict
from handoff.core.models import OPEN_STATUSES, Agent, Ticket, utcnow
from handoff.outbound import notifications
from handoff.web import permissions

# Status moves offered as buttons: (action, label, target status).
MOVES = (
    ("start", "Start work", "in_progress"),
    ("pending", "Set pending (waiting for customer)", "pending"),
    ("resume", "Resume work", "in_progress"),
    ("resolve", "Resolve", "resolved"),
    ("close", "Close", "closed"),
    ("reopen", "Reopen", "in_progress"),
)
_MOVE_FROM = {"start": {"assigned", "escalated"}, "resume": {"pending"}, "reopen": {"resolved", "closed"}}


def claim(session: Session, ticket: Ticket, agent: Agent, *, now: datetime | None = None) -> Ticket:
    """Take the ticket: it becomes the agent's, and work starts if it had not."""
    now = now or utcnow()
    if ticket.status not in OPEN_STATUSES:
        raise Conflict("only open tickets can be claimed; reopen it first", code="not_open")
    if ticket.assignee_id != agent.id:
        editing.update_ticket(session, ticket, {"assignee": agent.email}, actor=agent, actor_name=agent.name,
                              now=now)
    if ticket.status in ("assigned", "escalated"):
        lifecycle.transition(session, ticket, "in_progress", actor=agent, now=now)
    return ticket


def move(session: Session, ticket: Ticket, action: str, agent: Agent, *, resolution: str | None = None,
         now: datetime | None = None) -> Ticket:
    """One of MOVES by its action name (the lifecycle refuses what is illegal)."""
    target = {a: to for a, _label, to in MOVES}[action]
    if action in _MOVE_FROM and ticket.status not in _MOVE_FROM[action]:
        raise Conflict(f"'{action}' does not apply to a ticket that is {ticket.status}", code="illegal_transition")
    return lifecycle.transition(session, ticket, target, actor=agent, resolution=resolution, now=now)


def escalate(session: Session, ticket: Ticket, agent: Agent, reason: str, troubleshooting: list[str], *,
             now: datetime | None = None) -> Ticket:
    return lifecycle.transition(session, ticket, "escalated", actor=agent, reason=reason,
                                troubleshooting=troubleshooting, now=now)


def available(ticket: Ticket, agent: Agent) -> list[tuple[str, str]]:
    """The actions that apply to the ticket now and that the agent may take, as (action, button label)."""
    if not permissions.allows(agent, "tickets:transition", ticket):
        return []
    allowed = set(lifecycle.allowed(ticket.status))
    out = []
    if ticket.status in OPEN_STATUSES and ticket.assignee_id != agent.id:
        out.append(("claim", "Claim"))
    for action, label, target in MOVES:
        if target in allowed and ticket.status in _MOVE_FROM.get(action, {ticket.status}):
            if action == "start" and ("claim", "Claim") in out:
                continue  # claiming starts the work
            out.append((action, label))
    if "escalated" in allowed and ticket.support_tier < lifecycle.MAX_TIER:
        out.append(("escalate", "Escalate"))
    return out


def escalation_draft(ticket: Ticket, agent: Agent, now: datetime | None = None) -> dict:
    """The support design's escalation notice, pre-filled from the ticket, with the parts the agent
    writes (reason, troubleshooting so far from the internal notes) as editable defaults."""
    now = now or utcnow()
    to_tier = min(ticket.support_tier + 1, lifecycle.MAX_TIER)
    reason = (f"Issue requires Tier {to_tier} investigation; beyond Tier {ticket.support_tier} capabilities.")
    troubleshooting = [n.text.splitlines()[0][:200] for n in ticket.notes if not n.public and n.text.strip()]
    subject, body = notifications.escalation_notice(
        ticket, from_tier=ticket.support_tier, to_tier=to_tier, escalated_by=agent.name, at=now,
        reason=reason, troubleshooting=troubleshooting)
    return {"subject": subject, "body": body, "reason": reason, "troubleshooting": "\n".join(troubleshooting),
            "to_tier": to_tier}
