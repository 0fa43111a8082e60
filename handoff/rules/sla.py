"""SLA clocks (sla.yaml): response and resolution due times by tier and priority.

Due times count only the open hours of the ticket's calendar and are pushed back
by the calendar time the ticket spent Pending (waiting for the customer).
"""
from __future__ import annotations

from datetime import datetime, timedelta
from functools import cache
from pathlib import Path

import yaml

from handoff.core.models import Ticket
from handoff.rules import hours

SLA_FILE = Path(__file__).with_name("sla.yaml")


@cache
def load_sla(path: Path = SLA_FILE) -> dict:
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def targets(tier: str, priority: str) -> dict:
    """``{"response": hours, "resolution": hours}`` for ``tier`` and ``priority``."""
    table = load_sla()["targets"][tier]
    return table.get(priority, table["default"])


def calendar_for(tier: str, priority: str) -> str:
    calendars = load_sla()["calendars"]
    return calendars.get(priority, calendars[tier])


def response_time_text(tier: str, priority: str) -> str:
    """How the promise reads to a customer, e.g. "4 hours" or "8 business hours"."""
    n = targets(tier, priority)["response"]
    unit = "hour" if n == 1 else "hours"
    if calendar_for(tier, priority) == hours.ALWAYS:
        return f"{n:g} {unit}"
    return f"{n:g} business {unit}"


def _due(ticket: Ticket, hours_target: float, fraction: float = 1.0) -> datetime:
    spent = timedelta(hours=hours_target * fraction) + timedelta(seconds=ticket.paused_seconds or 0.0)
    return hours.add_business_time(ticket.sla_calendar, ticket.created_at, spent)


def set_clocks(ticket: Ticket) -> None:
    """(Re)compute the due and warning times from tier, priority and time paused."""
    ticket.sla_calendar = calendar_for(ticket.customer_tier, ticket.priority)
    target = targets(ticket.customer_tier, ticket.priority)
    warn = load_sla()["warn_at_fraction"]
    ticket.response_due_at = _due(ticket, target["response"])
    ticket.response_warn_at = _due(ticket, target["response"], warn)
    ticket.resolution_due_at = _due(ticket, target["resolution"])
    ticket.resolution_warn_at = _due(ticket, target["resolution"], warn)


def pause(ticket: Ticket, now: datetime) -> None:
    if ticket.paused_at is None:
        ticket.paused_at = now


def resume(ticket: Ticket, now: datetime) -> None:
    """End a pause: the clocks move back by the open time spent Pending."""
    if ticket.paused_at is None:
        return
    paused = hours.business_time_between(ticket.sla_calendar, ticket.paused_at, now)
    ticket.paused_seconds = (ticket.paused_seconds or 0.0) + paused.total_seconds()
    ticket.paused_at = None
    set_clocks(ticket)


def due_events(ticket: Ticket, now: datetime) -> list[str]:
    """Mark and return the SLA events that became due at ``now`` (each fires once):
    ``response_breach_soon``, ``response_breached``, ``resolution_breach_soon``, ``resolution_breached``."""
    if ticket.paused_at is not None or ticket.resolved_at is not None:
        return []
    events = []
    clocks = ("resolution",) if ticket.first_response_at is not None else ("response", "resolution")
    for clock in clocks:
        if getattr(ticket, f"{clock}_breached"):
            continue
        if now >= getattr(ticket, f"{clock}_due_at"):
            setattr(ticket, f"{clock}_breached", True)
            setattr(ticket, f"{clock}_warned", True)
            events.append(f"{clock}_breached")
        elif not getattr(ticket, f"{clock}_warned") and now >= getattr(ticket, f"{clock}_warn_at"):
            setattr(ticket, f"{clock}_warned", True)
            events.append(f"{clock}_breach_soon")
    return events
