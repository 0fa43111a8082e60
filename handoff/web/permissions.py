"""The permission table (permissions.yaml) and the one function that enforces it.

Every API view, console action and ticket operation asks :func:`check` (or
:func:`allows` to decide what to show); nothing else decides who may do what.
``actor`` is a staff member (:class:`handoff.core.models.Agent`), a role name
("service" for service tokens) or anything with a ``role`` and ``support_tier``
(``handoff.web.auth.Principal``); ``None`` is the system itself (scheduler, survey,
live-chat plumbing), which the table does not restrict.
"""
from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from handoff.core.errors import Forbidden
from handoff.core.models import Ticket

TABLE_FILE = Path(__file__).with_name("permissions.yaml")
CELLS = ("yes", "no", "owner_tier")
URGENT = ("P1", "P2")
PRIORITY_RANK = {"P1": 1, "P2": 2, "P3": 3, "P4": 4}


@cache
def table(path: Path = TABLE_FILE) -> dict:
    """{action: {role: cell}}, checked to be complete when loaded."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    roles = data["roles"]
    actions = {}
    for action, cells in data["actions"].items():
        cells = {role: ("yes" if value is True else "no" if value is False else value)
                 for role, value in cells.items()}  # YAML reads a bare yes/no as a boolean
        if set(cells) != set(roles) or any(value not in CELLS for value in cells.values()):
            raise ValueError(f"{path.name}: {action} needs one of {', '.join(CELLS)} for each of {', '.join(roles)}")
        actions[action] = cells
    return actions


def roles() -> list[str]:
    return list(next(iter(table().values())))


def role_of(actor) -> str:
    """tier1..tier3, manager or service."""
    if isinstance(actor, str):
        return actor
    if getattr(actor, "role", None) in ("manager", "service"):
        return actor.role
    return f"tier{min(max(int(actor.support_tier or 1), 1), 3)}"  # the table knows tiers 1-3


def _owner_allows(actor, ticket: Ticket | None) -> bool:
    owner = ticket.assignee if ticket is not None else None
    if owner is None or owner.id == getattr(actor, "agent_id", getattr(actor, "id", None)):
        return True
    return owner.support_tier <= int(getattr(actor, "support_tier", 0) or 0)


def allows(actor, action: str, ticket: Ticket | None = None) -> bool:
    """May ``actor`` do ``action`` (to ``ticket``, when the cell depends on it)?"""
    if actor is None:
        return True
    try:
        cell = table()[action][role_of(actor)]
    except KeyError:
        raise KeyError(f"{action!r} for {role_of(actor)!r} is not in {TABLE_FILE.name}") from None
    if cell == "owner_tier":
        return _owner_allows(actor, ticket)
    return cell == "yes"


def check(actor, action: str, ticket: Ticket | None = None) -> None:
    """Raise Forbidden (403) unless the table lets ``actor`` do ``action``."""
    if allows(actor, action, ticket):
        return
    role = role_of(actor)
    if table()[action][role] == "owner_tier":
        owner = ticket.assignee
        raise Forbidden(f"{ticket.id} belongs to {owner.name} (Tier {owner.support_tier}); only a manager or "
                        f"an agent of Tier {owner.support_tier} or above may change it", code="not_your_ticket")
    who = {"service": "service accounts", "manager": "managers"}.get(role, f"Tier {role[4:]} agents")
    raise Forbidden(f"{who} may not {action.replace(':', ' ').replace('_', ' ')}")


def lowers_urgent(ticket: Ticket, changes: dict) -> bool:
    """Would ``changes`` take an urgent (P1/P2) ticket down, or out of its category or queue?"""
    if ticket.priority not in URGENT:
        return False
    new_priority = changes.get("priority")
    if new_priority in PRIORITY_RANK and PRIORITY_RANK[new_priority] > PRIORITY_RANK[ticket.priority]:
        return True
    return any(changes.get(field) not in (None, "", getattr(ticket, field)) for field in ("category", "queue"))
