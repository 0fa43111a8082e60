"""A person's decision on quarantined mail: make it a ticket, or attach it to one.

The message was quarantined because it could not safely be parsed, so nothing is
parsed now either: the agent writes the ticket's text after reading the original
(downloaded as opaque bytes), and the original is kept as the ticket's attachment.
The quarantine entry is then removed; the ticket's log says where it came from.
"""
from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from handoff.channels.email_ingest import attachment_ref, store_blob
from handoff.channels.models import QuarantinedEmail
from handoff.core import editing
from handoff.core.errors import NotFound
from handoff.core.models import Agent, Ticket, utcnow
from handoff.core.tickets import create_ticket, get_ticket, log


def get_entry(session: Session, entry_id: int) -> QuarantinedEmail:
    entry = session.get(QuarantinedEmail, entry_id)
    if entry is None:
        raise NotFound(f"no quarantined message {entry_id} (already handled?)", code="quarantine_not_found")
    return entry


def _original(entry: QuarantinedEmail, attachments_dir: Path) -> str:
    return attachment_ref(store_blob(attachments_dir, entry.raw), f"quarantined-{entry.id}.eml")


def create_from(session: Session, entry_id: int, agent: Agent, data: dict, attachments_dir: Path) -> Ticket:
    """A new email ticket from the agent's reading of the message. Commits."""
    entry = get_entry(session, entry_id)
    reason, ref = entry.reason, _original(entry, attachments_dir)
    ticket = create_ticket(session, {
        "subject": data.get("subject") or entry.subject or "(no subject)",
        "description": data.get("description"),
        "channel": "email",
        "customer": {"email": data.get("email") or ""},
        "details": {"from_quarantine": reason},
        "attachments": [ref],
    }, idempotency_key=f"quarantine:{entry.sha256}", actor=agent.name)
    log(ticket, "quarantine", f"Created by {agent.name} from quarantined mail ({reason})", actor=agent.name)
    session.delete(get_entry(session, entry_id))
    session.commit()
    return ticket


def attach_to(session: Session, entry_id: int, ticket_id: str, agent: Agent, attachments_dir: Path) -> Ticket:
    """Add the message to an existing ticket as an attachment and an internal note. Does not commit."""
    entry = get_entry(session, entry_id)
    ticket = get_ticket(session, ticket_id.strip().upper(), for_update=True)
    ticket.attachments = [*(ticket.attachments or []), _original(entry, attachments_dir)]
    editing.add_note(session, ticket, f"Quarantined mail attached: from {entry.sender or 'unknown sender'}, "
                     f"subject {entry.subject or '(none)'}; quarantined because {entry.reason}. "
                     "The original is in the attachments.", author=agent, now=utcnow())
    session.delete(entry)
    return ticket
