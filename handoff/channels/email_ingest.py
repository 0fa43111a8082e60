"""The email channel: RFC 822 messages (a file, a maildir, a webhook POST) into tickets.

A new message opens a ticket through ``handoff.core.tickets.create_ticket`` with the
support address it was written to in its details (``mailbox``), where the
routing rules pick the queue up. A reply whose subject names one of the
sender's tickets (``[Ticket #TICK-...]``) joins that ticket instead. Attachments
and the original message are stored by content hash and kept as references.
Anything that cannot safely become a ticket is quarantined, whole; nothing is
dropped, and a failure of the database itself leaves the message on disk.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import datetime
from email import message_from_bytes
from email import policy as email_policy
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import select
from sqlalchemy.orm import Session

from handoff.channels.email_parse import ParsedEmail, Quarantine, mailbox_of, one_line, parse_email
from handoff.channels.models import InboundEmail, QuarantinedEmail
from handoff.core.customers import find_customer
from handoff.core.errors import HandoffError
from handoff.core.models import Ticket, utcnow
from handoff.core.tickets import MAX_ATTACHMENT_REFS, add_customer_message, create_ticket

ATTACHMENT_URL = "/console/attachments/{sha}/{name}"
MAX_DESCRIPTION = 20_000  # the tickets API's limit; the full text stays in the stored original


@dataclass
class IngestResult:
    outcome: str  # created | threaded | duplicate | quarantined
    ticket_id: str | None = None
    reason: str | None = None

    def as_dict(self) -> dict:
        return {"outcome": self.outcome, "ticket_id": self.ticket_id, "reason": self.reason}


def attachments_dir(mail_dir: Path) -> Path:
    """Where attachments and original messages are kept, by content hash."""
    return Path(mail_dir) / "attachments"


def store_blob(attachments_dir: Path, data: bytes) -> str:
    """Keep ``data`` once under its SHA-256 (write-once, so a re-delivery costs nothing)."""
    sha = hashlib.sha256(data).hexdigest()
    path = blob_path(attachments_dir, sha)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
    return sha


def blob_path(attachments_dir: Path, sha: str) -> Path:
    return Path(attachments_dir) / sha[:2] / sha


def attachment_ref(sha: str, filename: str) -> str:
    return ATTACHMENT_URL.format(sha=sha, name=quote(filename, safe=""))


def _headers_for_quarantine(raw: bytes) -> tuple[str | None, str | None]:
    """Best-effort From and Subject of a message that failed parsing (for the list only)."""
    try:
        msg = message_from_bytes(raw[:65536], policy=email_policy.compat32)
        return one_line(str(msg.get("From") or ""), 254) or None, one_line(str(msg.get("Subject") or ""), 300) or None
    except Exception:  # noqa: BLE001 - a hostile header must not stop the quarantine itself
        return None, None


def quarantine(session: Session, raw: bytes, reason: str, source: str, now: datetime | None = None) -> IngestResult:
    sha = hashlib.sha256(raw).hexdigest()
    if session.scalar(select(QuarantinedEmail.id).where(QuarantinedEmail.sha256 == sha)) is None:
        sender, subject = _headers_for_quarantine(raw)
        session.add(QuarantinedEmail(received_at=now or utcnow(), source=source, reason=reason[:300],
                                     sender=sender, subject=subject, sha256=sha, raw=raw))
        session.commit()
    return IngestResult("quarantined", reason=reason)


def _thread_target(session: Session, parsed: ParsedEmail) -> Ticket | None:
    """The ticket a reply belongs to: it must exist and belong to the sender (or the
    sender's company), or anyone could write into any ticket by guessing its id."""
    ticket = session.get(Ticket, parsed.ticket_ref) if parsed.ticket_ref else None
    if ticket is None:
        return None
    if ticket.customer_email == parsed.sender_email:
        return ticket
    contact = find_customer(session, email=parsed.sender_email)
    if contact is not None and ticket.customer_company and contact.company.name == ticket.customer_company:
        return ticket
    return None


def _append_reply(ticket: Ticket, parsed: ParsedEmail, refs: list[str], now: datetime) -> None:
    add_customer_message(ticket, parsed.body[:MAX_DESCRIPTION], refs, who=parsed.sender_email, now=now,
                         how=f"by email from {parsed.sender_email}"
                         + (f" with {len(refs) - 1} attachment(s)" if len(refs) > 1 else ""))


def ingest(session: Session, raw: bytes, source: str, attachments_dir: Path, *,
           now: datetime | None = None) -> IngestResult:
    """Turn one raw message into a new ticket, a reply on a ticket, or a quarantine entry."""
    now = now or utcnow()
    try:
        parsed = parse_email(raw)
    except Quarantine as bad:
        return quarantine(session, raw, bad.reason, source, now)

    sha = hashlib.sha256(raw).hexdigest()
    key = (parsed.message_id or f"sha256:{sha}")[:500]
    seen = session.scalars(select(InboundEmail).where(InboundEmail.message_key == key)).first()
    if seen is not None:
        return IngestResult("duplicate", ticket_id=seen.ticket_id)

    refs = [attachment_ref(store_blob(attachments_dir, raw), "original-message.eml")]
    refs += [attachment_ref(store_blob(attachments_dir, a.data), a.filename) for a in parsed.attachments]
    address, mailbox = mailbox_of(parsed.recipients)
    target = _thread_target(session, parsed)
    if target is not None:
        _append_reply(target, parsed, refs, now)
        outcome, ticket_id = "threaded", target.id
    else:
        details = {"mailbox": mailbox}
        if parsed.ticket_ref:
            details["replied_to_ticket"] = parsed.ticket_ref  # not the sender's: a new ticket instead
        data = {
            "subject": parsed.subject[:300] or "(no subject)",
            "description": parsed.body[:MAX_DESCRIPTION] or "(no text; see the attachments)",
            "channel": "email",
            "customer": {"email": parsed.sender_email, "name": parsed.sender_name},
            "details": details,
            "attachments": refs[:MAX_ATTACHMENT_REFS],
        }
        try:
            ticket = create_ticket(session, data, idempotency_key=f"email:{key}"[:200], now=now,
                                   actor=parsed.sender_email)
        except HandoffError as refused:
            session.rollback()
            return quarantine(session, raw, f"refused by the ticket store: {refused.message}", source, now)
        outcome, ticket_id = "created", ticket.id
    session.add(InboundEmail(message_key=key, sha256=sha, received_at=now, source=source,
                             sender=parsed.sender_email, recipient=address, outcome=outcome, ticket_id=ticket_id))
    session.commit()
    return IngestResult(outcome, ticket_id=ticket_id)


def spill(failed_dir: Path, raw: bytes) -> Path:
    """Keep a message the database could not take, to be ingested again later."""
    failed_dir = Path(failed_dir)
    failed_dir.mkdir(parents=True, exist_ok=True)
    path = failed_dir / f"{hashlib.sha256(raw).hexdigest()}.eml"
    path.write_bytes(raw)
    return path


def maildir_messages(maildir: Path) -> list[Path]:
    """The unread messages of a maildir (its ``new/`` folder), oldest first."""
    new = Path(maildir) / "new"
    if not new.is_dir():
        raise FileNotFoundError(f"{maildir} is not a maildir (no new/ folder)")
    return sorted((p for p in new.iterdir() if p.is_file() and not p.name.startswith(".")),
                  key=lambda p: (p.stat().st_mtime, p.name))


def mark_seen(path: Path) -> None:
    """Move a handled maildir message from new/ to cur/ with the Seen flag."""
    cur = path.parent.parent / "cur"
    cur.mkdir(exist_ok=True)
    os.replace(path, cur / f"{path.name}:2,S")
