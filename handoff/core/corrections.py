"""Agents' corrections of category and priority, exported as triage training records."""
from __future__ import annotations

import json
from datetime import datetime
from typing import IO

from sqlalchemy import select
from sqlalchemy.orm import Session

from handoff.core.models import Agent, Correction, Ticket


def corrected_records(session: Session, since: datetime | None = None) -> list[dict]:
    """One record per corrected ticket, with the labels it has now (docs/labelling-guide.md format)
    and its provenance: ticket id, channel, who corrected it last and when."""
    query = select(Correction).order_by(Correction.id)
    if since is not None:
        query = query.where(Correction.at >= since)
    by_ticket: dict[str, list[Correction]] = {}
    for correction in session.scalars(query):
        by_ticket.setdefault(correction.ticket_id, []).append(correction)
    records = []
    for ticket_id, corrections in by_ticket.items():
        ticket = session.get(Ticket, ticket_id)
        first = {c.field: c.old_value for c in reversed(corrections)}
        last_agent = session.get(Agent, corrections[-1].agent_id) if corrections[-1].agent_id else None
        records.append({
            "id": ticket.id,
            "channel": ticket.channel,
            "tier": ticket.customer_tier,
            "subject": ticket.subject,
            "description": ticket.description,
            "category": ticket.category,
            "priority": ticket.priority,
            "source": "agent_correction",
            "corrected_at": corrections[-1].at.isoformat(),
            "corrected_by": last_agent.email if last_agent else None,
            "model_version": ticket.model_version,
            "was": {"category": first.get("category", ticket.category),
                    "priority": first.get("priority", ticket.priority)},
        })
    return records


def export_jsonl(session: Session, out: IO[str], since: datetime | None = None) -> int:
    """Write the corrected tickets as JSONL; returns how many were written."""
    records = corrected_records(session, since)
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return len(records)
