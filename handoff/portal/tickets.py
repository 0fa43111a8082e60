"""What a customer does with a ticket in the portal: read its public side, reply, attach
files, and what an agent does to the customer's link (revoke and send a new one).

A reply reaches the agent as a customer message on the ticket. It takes a Pending
ticket back to In Progress (which stops the Pending clock), reopens a Resolved or
Closed ticket within the lifecycle's 7-day window, and after that opens a follow-up
ticket that names the old one.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from urllib.parse import unquote

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from handoff.channels.email_ingest import attachment_ref, store_blob
from handoff.channels.models import SatisfactionSurvey
from handoff.core import lifecycle
from handoff.core.errors import ValidationError
from handoff.core.models import PRIORITY_LABELS, STATUS_LABELS, Agent, Ticket, utcnow
from handoff.core.settings import current_settings
from handoff.core.tickets import add_customer_message, create_ticket, log
from handoff.outbound import notifications, tracking
from handoff.web import permissions

PORTAL_FILE = Path(__file__).with_name("portal.yaml")
REPLY_LIMIT = 20_000
HIDDEN_ATTACHMENTS = ("original-message.eml",)  # the raw mail is the agents' evidence, not a document


@cache
def load_portal(path: Path = PORTAL_FILE) -> dict:
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


# --- attachments --------------------------------------------------------------------------

@dataclass
class Upload:
    filename: str
    data: bytes


def _looks_like(ext: str, data: bytes, starts: list[str]) -> bool:
    if ext in ("mp4", "mov"):
        return data[4:8] == b"ftyp" or (ext == "mov" and data[4:8] in (b"moov", b"wide", b"mdat"))
    if not starts:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return False
        return b"\x00" not in data
    return any(data.startswith(s.encode("latin-1")) for s in starts)


def check_uploads(uploads: list[Upload]) -> list[Upload]:
    """The files a customer attached, refused with a clear message when one is too big,
    of a type we do not take, or not what its name says."""
    rules = load_portal()["attachments"]
    uploads = [u for u in uploads if u.filename or u.data]
    if len(uploads) > rules["max_files"]:
        raise ValidationError(f"attachments: at most {rules['max_files']} files at a time", field="attachments")
    for upload in uploads:
        name = Path(upload.filename.replace("\\", "/")).name.strip()
        ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if not name or ext not in rules["types"]:
            raise ValidationError(f"attachments: {name or 'a file'} is not a type we accept; send "
                                  f"{', '.join(sorted(rules['types']))}", code="attachment_type", field="attachments")
        if not upload.data:
            raise ValidationError(f"attachments: {name} is empty", field="attachments")
        if len(upload.data) > rules["max_file_bytes"]:
            raise ValidationError(f"attachments: {name} is larger than {rules['max_file_bytes'] // 1048576} MB; "
                                  "share a download link in your message instead", code="attachment_too_large",
                                  field="attachments")
        if not _looks_like(ext, upload.data, rules["types"][ext]):
            raise ValidationError(f"attachments: {name} is not a real .{ext} file", code="attachment_type",
                                  field="attachments")
        upload.filename = name[:200]
    return uploads


def store_uploads(attachments_dir: Path, uploads: list[Upload]) -> list[str]:
    """Keep checked files by content hash (as the email channel does); their references."""
    return [attachment_ref(store_blob(attachments_dir, u.data), u.filename) for u in uploads]


def attachment_parts(ref: str) -> tuple[str, str] | None:
    """(sha256, filename) of a reference to a stored file, else None (a name or outside URL)."""
    parts = ref.split("/")
    if ref.startswith("/console/attachments/") and len(parts) == 5 and len(parts[3]) == 64:
        return parts[3], unquote(parts[4])
    return None


# --- the public side of a ticket -------------------------------------------------------------

SENDERS = {"customer": "You", "bot": "SecureAI assistant", "agent": "Support agent", "system": "SecureAI"}


def _when(value, default: datetime) -> datetime:
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return default
    return default


def conversation(ticket: Ticket) -> list[dict]:
    """Customer messages, the bot's and agents' words and public replies, oldest first;
    internal notes never."""
    messages = []
    if ticket.description and not (ticket.transcript and ticket.channel in ("chat", "phone")):
        messages.append({"at": ticket.created_at, "who": "You", "mine": True, "text": ticket.description})
    for entry in ticket.transcript or []:
        sender = entry.get("sender", "customer")
        messages.append({"at": _when(entry.get("ts"), ticket.created_at), "who": SENDERS.get(sender, sender),
                         "mine": sender == "customer", "text": entry.get("text", "")})
    for note in ticket.notes:
        if note.public:
            messages.append({"at": note.at, "who": note.author_name, "mine": False, "text": note.text})
    messages.sort(key=lambda m: m["at"])
    return messages


def next_steps(ticket: Ticket, now: datetime) -> str:
    """What happens next, in the customer's words."""
    local = notifications.local_time
    status = ticket.status
    if status in ("created", "assigned") or (status == "in_progress" and ticket.first_response_at is None):
        return (f"Our {ticket.queue} team has your request. We will answer by {local(ticket.response_due_at)}; "
                "you get an email when we do.")
    if status == "in_progress":
        return f"An agent is working on it. We aim to resolve it by {local(ticket.resolution_due_at)}."
    if status == "pending":
        return "We are waiting for your answer: reply below and the ticket goes straight back to your agent."
    if status == "escalated":
        return f"Our Tier {ticket.support_tier} specialists are on it and will contact you with a timeline."
    since = ticket.resolved_at or ticket.closed_at or now
    if now - since <= lifecycle.REOPEN_WINDOW:
        return (f"Not fixed after all? Reply by {local(since + lifecycle.REOPEN_WINDOW)} and we reopen this ticket. "
                "Otherwise nothing: please tell us how we did.")
    return "This ticket is closed. If you reply, we open a follow-up ticket that links to this one."


def promise(ticket: Ticket) -> str | None:
    """The SLA promise while the first answer is still owed."""
    if ticket.first_response_at is None and ticket.status not in ("resolved", "closed"):
        return f"We will answer by {notifications.local_time(ticket.response_due_at)}"
    return None


def public_view(session: Session, ticket: Ticket, now: datetime | None = None) -> dict:
    now = now or utcnow()
    attachments = []
    for ref in ticket.attachments or []:
        parts = attachment_parts(ref)
        if parts and parts[1] not in HIDDEN_ATTACHMENTS:
            attachments.append({"sha": parts[0], "filename": parts[1]})
    survey = None
    if ticket.status in ("resolved", "closed") and ticket.resolved_at is not None:
        survey = session.scalars(select(SatisfactionSurvey).where(
            SatisfactionSurvey.ticket_id == ticket.id, SatisfactionSurvey.sent_at >= ticket.resolved_at)).first()
    return {
        "id": ticket.id,
        "subject": ticket.subject or ticket.description[:120],
        "status": STATUS_LABELS[ticket.status],
        "status_key": ticket.status,
        "priority": f"{ticket.priority} ({PRIORITY_LABELS[ticket.priority]})",
        "created_at": notifications.local_time(ticket.created_at),
        "channel": ticket.channel,
        "promise": promise(ticket),
        "next_steps": next_steps(ticket, now),
        "resolution": ticket.resolution if ticket.status in ("resolved", "closed") else None,
        "messages": conversation(ticket),
        "attachments": attachments,
        "satisfaction": ticket.satisfaction,
        "can_rate": ticket.status in ("resolved", "closed") and ticket.satisfaction is None
                    and (survey is None or survey.answered_at is None),
        "survey_token": survey.token if survey is not None and survey.answered_at is None else None,
        "follow_up_of": (ticket.details or {}).get("follow_up_of"),
    }


# --- the customer's actions ------------------------------------------------------------------

def customer_reply(session: Session, ticket: Ticket, text, refs: list[str], *, who: str, via: str,
                   now: datetime | None = None) -> Ticket:
    """Add the customer's message (and stored attachment references) to ``ticket``; returns the
    ticket it landed on (a new follow-up ticket once the reopen window has passed). Commits."""
    now = now or utcnow()
    text = (text or "").strip() if isinstance(text, str) else ""
    if not text and not refs:
        raise ValidationError("message: write a reply or attach a file", field="message")
    if len(text) > REPLY_LIMIT:
        raise ValidationError(f"message: longer than {REPLY_LIMIT} characters", code="too_long", field="message")
    text = text or "(attached files)"
    if ticket.status in ("resolved", "closed"):
        since = ticket.resolved_at or ticket.closed_at
        if since is not None and now - since > lifecycle.REOPEN_WINDOW:
            return _follow_up(session, ticket, text, refs, who, now)
        lifecycle.transition(session, ticket, "in_progress", actor_name="customer", now=now,
                             note="customer replied in the portal")
    elif ticket.status == "pending":
        lifecycle.transition(session, ticket, "in_progress", actor_name="customer", now=now,
                             note="customer answered in the portal")
    add_customer_message(ticket, text, refs, who=who, now=now, how=f"in the portal ({via})"
                         + (f" with {len(refs)} attachment(s)" if refs else ""))
    session.commit()
    return ticket


def _follow_up(session: Session, old: Ticket, text: str, refs: list[str], who: str, now: datetime) -> Ticket:
    data = {
        "subject": f"Follow-up to {old.id}: {old.subject}"[:300],
        "description": text,
        "channel": "portal",
        "customer": {"email": old.customer_email, "name": old.customer_name, "phone": old.customer_phone},
        "details": {"follow_up_of": old.id},
        "attachments": refs,
    }
    ticket = create_ticket(session, data, actor=who, now=now)
    log(old, "follow_up", f"Customer wrote after the reopen window; follow-up ticket {ticket.id} opened",
        actor=who, at=now, follow_up=ticket.id)
    session.commit()
    return ticket


def reissue_link(session: Session, ticket: Ticket, *, actor: Agent | None, now: datetime | None = None) -> str:
    """Revoke the ticket's tracking link and email the customer the new one. Does not commit."""
    permissions.check(actor, "tickets:update", ticket)
    now = now or utcnow()
    ticket.tracking_salt = secrets.token_hex(16)
    ticket.updated_at = now
    who = actor.name if actor else "system"
    log(ticket, "tracking_link", "Tracking link revoked; a new link was sent to the customer", actor=who, at=now)
    settings = current_settings()
    if ticket.customer_email:
        subject, body = notifications.customer_email(
            ticket, settings.public_url, "We replaced the link to follow this ticket; the old link no longer works.",
            "Use the new link below from now on.", who)
        notifications.enqueue(session, kind="customer_update", to=ticket.customer_email, subject=subject, body=body,
                              ticket_id=ticket.id, smtp=bool(settings.smtp_url), now=now)
    return tracking.url(settings.public_url, ticket)
