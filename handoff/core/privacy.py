"""A customer's personal data: export it, erase it, and purge old conversations by retention.

Personal data lives in tickets (customer fields, text, transcripts, attachments), their
notes and activity, the outbox, live chats, inbound and quarantined mail (rows and the
stored originals), survey comments, the directory contact and, when the bot keeps
conversations in SQL, Rasa's tracker store. Erasing keeps every row that a dashboard
figure counts (tickets, notes, messages, outcomes, scores) and blanks what identifies.
Docs: docs/data-protection.md.
"""
from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import String, bindparam, cast, func, or_, select, text, update
from sqlalchemy.orm import Session

from handoff.channels.email_ingest import blob_path
from handoff.channels.models import (
    BotSession,
    InboundEmail,
    LiveChat,
    LiveChatMessage,
    QuarantinedEmail,
    SatisfactionSurvey,
)
from handoff.core.customers import contact_json
from handoff.core.db import make_engine
from handoff.core.models import Contact, Notification, Ticket, utcnow
from handoff.core.tickets import ticket_json

ERASED = "(erased)"
PURGED = "(removed after the retention period)"
BATCH = 200
_ATTACHMENT_PREFIX = "/console/attachments/"
# Rasa's SQLTrackerStore keeps one row per event: sender_id is the conversation.
_TRACKER_EVENTS = "events"


@dataclass
class Footprint:
    """Everything held about one customer (found by email)."""

    email: str
    contact: Contact | None
    tickets: list[Ticket]
    conversations: set[str] = field(default_factory=set)


def find(session: Session, email: str) -> Footprint:
    email = email.strip().lower()
    contact = session.scalars(select(Contact).where(Contact.email == email)).first()
    where = [Ticket.customer_email == email] + ([Ticket.contact_id == contact.id] if contact else [])
    tickets = list(session.scalars(select(Ticket).where(or_(*where)).order_by(Ticket.created_at)))
    found = Footprint(email=email, contact=contact, tickets=tickets)
    ids = [t.id for t in tickets]
    found.conversations |= {c for c in session.scalars(select(LiveChat.conversation_id).where(
        or_(LiveChat.customer_email == email, LiveChat.ticket_id.in_(ids))))}
    found.conversations |= set(session.scalars(select(BotSession.conversation_id).where(BotSession.ticket_id.in_(ids))))
    for ticket in tickets:
        if (ticket.details or {}).get("conversation_id"):
            found.conversations.add(str(ticket.details["conversation_id"]))
        if (ticket.idempotency_key or "").startswith("chat-"):  # the bot's key: chat-<conversation>-<turn>
            found.conversations.add(ticket.idempotency_key[5:].rsplit("-", 1)[0])
    return found


def _mail_of(session: Session, found: Footprint):
    ids = [t.id for t in found.tickets]
    notifications = session.scalars(select(Notification).where(or_(
        Notification.ticket_id.in_(ids), Notification.to_addr.contains(found.email),
        Notification.cc_addr.contains(found.email))).order_by(Notification.id)).all()
    inbound = session.scalars(select(InboundEmail).where(or_(
        InboundEmail.ticket_id.in_(ids), InboundEmail.sender == found.email))).all()
    quarantined = session.scalars(select(QuarantinedEmail).where(
        func.lower(QuarantinedEmail.sender).contains(found.email))).all()
    return notifications, inbound, quarantined


def _tracker_events(tracker_store_url: str | None, found: Footprint, *, delete: bool) -> list[dict] | int:
    """The conversations' events in Rasa's SQL tracker store (and any event naming the email)."""
    if not tracker_store_url:
        return 0 if delete else []
    engine = make_engine(tracker_store_url)
    conversations = sorted(found.conversations) or [""]
    where = "sender_id IN :ids OR data LIKE :email"
    params = {"ids": tuple(conversations), "email": f"%{found.email}%"}
    try:
        with engine.begin() as conn:
            statement = text(f"{'DELETE' if delete else 'SELECT sender_id, type_name, timestamp, data'} "
                             f"FROM {_TRACKER_EVENTS} WHERE {where}").bindparams(bindparam("ids", expanding=True))
            result = conn.execute(statement, params)
            return result.rowcount if delete else [dict(row._mapping) for row in result]
    finally:
        engine.dispose()


def export(session: Session, email: str, *, tracker_store_url: str | None = None) -> dict:
    """Everything held about the customer with ``email``, as JSON-ready data."""
    found = find(session, email)
    notifications, inbound, quarantined = _mail_of(session, found)
    ids = [t.id for t in found.tickets]
    chats = session.scalars(select(LiveChat).where(LiveChat.conversation_id.in_(found.conversations))).all()
    return {
        "email": found.email,
        "exported_at": utcnow().isoformat(),
        "directory": contact_json(found.contact) if found.contact else None,
        "tickets": [ticket_json(t, internal=True) for t in found.tickets],
        "live_chats": [{
            "conversation_id": c.conversation_id, "ticket_id": c.ticket_id, "state": c.state,
            "customer_name": c.customer_name, "customer_email": c.customer_email,
            "created_at": c.created_at.isoformat(),
            "messages": [{"seq": m.seq, "sender": m.sender, "text": m.text, "at": m.at.isoformat()}
                         for m in session.scalars(select(LiveChatMessage).where(
                             LiveChatMessage.conversation_id == c.conversation_id).order_by(LiveChatMessage.seq))],
        } for c in chats],
        "bot_sessions": [{"conversation_id": b.conversation_id, "outcome": b.outcome, "ticket_id": b.ticket_id,
                          "ended_at": b.ended_at.isoformat(), "articles": b.articles}
                         for b in session.scalars(select(BotSession).where(
                             BotSession.conversation_id.in_(found.conversations)))],
        "surveys": [{"ticket_id": s.ticket_id, "sent_at": s.sent_at.isoformat(), "score": s.score,
                     "comment": s.comment} for s in session.scalars(select(SatisfactionSurvey).where(
                         SatisfactionSurvey.ticket_id.in_(ids)))],
        "messages_sent": [{"at": n.created_at.isoformat(), "to": n.to_addr, "cc": n.cc_addr, "subject": n.subject,
                           "body": n.body, "status": n.status, "ticket_id": n.ticket_id} for n in notifications],
        "mail_received": [{"received_at": m.received_at.isoformat(), "sender": m.sender, "recipient": m.recipient,
                           "ticket_id": m.ticket_id, "sha256": m.sha256} for m in inbound],
        "mail_quarantined": [{"received_at": q.received_at.isoformat(), "sender": q.sender, "subject": q.subject,
                              "reason": q.reason, "raw_base64": base64.b64encode(q.raw).decode()}
                             for q in quarantined],
        "bot_conversations": _tracker_events(tracker_store_url, found, delete=False),
    }


def _blobs(tickets: list[Ticket]) -> set[str]:
    return {ref[len(_ATTACHMENT_PREFIX):].split("/", 1)[0] for t in tickets for ref in t.attachments or []
            if isinstance(ref, str) and ref.startswith(_ATTACHMENT_PREFIX)}


def _delete_blobs(session: Session, shas: set[str], keep_for: list[str], attachments_dir: Path) -> int:
    """Remove stored attachments and originals no other ticket refers to."""
    removed = 0
    for sha in shas:
        shared = session.scalar(select(func.count()).select_from(Ticket).where(
            Ticket.id.not_in(keep_for), cast(Ticket.attachments, String).contains(sha)))
        path = blob_path(attachments_dir, sha)
        if not shared and path.is_file():
            path.unlink()
            removed += 1
    return removed


def _erase_ticket(ticket: Ticket, found: Footprint, alias: str) -> None:
    names = [n for n in {found.email, ticket.customer_name, found.contact.name if found.contact else ""} if n]

    def scrub(value: str) -> str:
        for name in names:
            value = value.replace(name, alias if name == found.email else "the customer")
        return value

    ticket.customer_name, ticket.customer_email, ticket.customer_company = "Forgotten customer", alias, ""
    ticket.customer_user_id = ticket.customer_phone = ticket.contact_id = None
    ticket.customer_verified = False
    ticket.subject, ticket.description = ERASED, ""
    ticket.steps_to_reproduce, ticket.environment, ticket.attachments, ticket.details = [], {}, [], {}
    ticket.triage = {k: v for k, v in (ticket.triage or {}).items() if k != "details"}
    ticket.transcript, ticket.speech_transcript, ticket.recording_url, ticket.call_sid = [], None, None, None
    ticket.resolution = ERASED if ticket.resolution else None
    ticket.satisfaction_comment = None
    for event in ticket.events:
        event.actor, event.message = scrub(event.actor), scrub(event.message)
        event.data = {}
    for note in ticket.notes:
        note.text = ERASED


def forget(session: Session, email: str, *, attachments_dir: Path, tracker_store_url: str | None = None) -> dict:
    """Erase the personal data of the customer with ``email`` everywhere; counts stay. Commits."""
    found = find(session, email)
    alias = f"forgotten-{secrets.token_hex(6)}@example.invalid"
    notifications, inbound, quarantined = _mail_of(session, found)
    ids = [t.id for t in found.tickets]
    shas = _blobs(found.tickets) | {m.sha256 for m in inbound}
    for ticket in found.tickets:
        _erase_ticket(ticket, found, alias)
    for note in notifications:
        note.to_addr = alias if found.email in note.to_addr.lower() else note.to_addr
        note.cc_addr = note.cc_addr.replace(found.email, alias)
        note.subject, note.body = ERASED, ERASED
    for mail in inbound:
        mail.sender, mail.recipient = alias, mail.recipient if mail.recipient != found.email else alias
    for row in quarantined:
        session.delete(row)
    session.execute(update(LiveChat).where(LiveChat.conversation_id.in_(found.conversations))
                    .values(customer_name="", customer_email=alias, subject=ERASED))
    session.execute(update(LiveChatMessage).where(LiveChatMessage.conversation_id.in_(found.conversations))
                    .values(text=ERASED))
    session.execute(update(SatisfactionSurvey).where(SatisfactionSurvey.ticket_id.in_(ids)).values(comment=None))
    if found.contact is not None:
        session.delete(found.contact)
    session.flush()
    removed = _delete_blobs(session, shas, ids, attachments_dir)
    session.commit()
    return {"email": found.email, "alias": alias, "tickets": len(ids), "messages_sent": len(notifications),
            "mail_received": len(inbound), "mail_quarantined": len(quarantined),
            "conversations": len(found.conversations), "files_removed": removed,
            "directory_contact": found.contact is not None,
            "bot_tracker_events": _tracker_events(tracker_store_url, found, delete=True)}


def purge_closed(session: Session, days: float, attachments_dir: Path, now: datetime | None = None) -> int:
    """Retention: remove transcripts and mail of tickets closed more than ``days`` ago
    (0 keeps them). Returns how many tickets were purged; commits."""
    if days <= 0:
        return 0
    now = now or utcnow()
    tickets = session.scalars(select(Ticket).where(
        Ticket.status == "closed", Ticket.closed_at < now - timedelta(days=days), Ticket.purged_at.is_(None))
        .limit(BATCH)).all()
    if not tickets:
        return 0
    ids = [t.id for t in tickets]
    shas = _blobs(tickets) | set(session.scalars(select(InboundEmail.sha256).where(InboundEmail.ticket_id.in_(ids))))
    chats = select(LiveChat.conversation_id).where(LiveChat.ticket_id.in_(ids))
    session.execute(update(LiveChatMessage).where(LiveChatMessage.conversation_id.in_(chats)).values(text=PURGED))
    session.execute(update(Notification).where(Notification.ticket_id.in_(ids)).values(body=PURGED))
    for ticket in tickets:
        ticket.transcript, ticket.speech_transcript, ticket.recording_url = [], None, None
        ticket.attachments = [ref for ref in ticket.attachments or [] if not str(ref).startswith(_ATTACHMENT_PREFIX)]
        ticket.purged_at = now
    session.flush()
    _delete_blobs(session, shas, ids, attachments_dir)
    session.commit()
    return len(tickets)
