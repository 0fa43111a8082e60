"""Written confirmation of phone tickets: texts through Twilio, from the outbox.

A ticket opened by a call gets a confirmation text (ticket number and tracking
link) stored in the ``notification`` table in the ticket's own transaction, so
the webhook only writes a row; ``handoff tick`` sends it. Texts go only to mobile
numbers (Twilio Lookup's line type) that did not reply STOP; a STOP on the
messaging webhook is kept in ``sms_opt_out`` until the number replies START.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.orm import Session

from handoff.core.models import Notification, Ticket, utcnow
from handoff.outbound import notifications, twilio_rest
from handoff.outbound.models import SmsOptOut
from handoff.rules import phone_policy

# Twilio's standard opt-out and opt-in keywords (it also answers them itself).
OPT_OUT = {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"}
OPT_IN = {"START", "YES", "UNSTOP"}


def opted_out(session: Session, phone: str) -> bool:
    return session.get(SmsOptOut, phone) is not None


def enqueue_confirmation(session: Session, ticket: Ticket, settings, now: datetime) -> Notification | None:
    """Store the confirmation text of a ticket a call opened (none when off or opted out)."""
    template = phone_policy.sms_confirmation_text()
    if template is None or not ticket.customer_phone or opted_out(session, ticket.customer_phone):
        return None
    body = template.format(ticket_id=ticket.id,
                           tracking_url=notifications.tracking_url(settings.public_url, ticket))
    note = Notification(
        ticket_id=ticket.id, kind=notifications.SMS_KIND, to_addr=ticket.customer_phone,
        subject=f"Text: ticket {ticket.id} confirmation", body=body,
        status="pending" if twilio_rest.configured(settings) else "outbox",
        created_at=now, next_attempt_at=now,
    )
    session.add(note)
    return note


def handle_reply(session: Session, phone: str, body: str, now: datetime) -> str | None:
    """A text to our number: STOP-type words opt the number out, START-type words back in.
    Returns what changed ("opted_out", "opted_in") or None."""
    word = (body or "").strip().upper()
    if not phone:
        return None
    if word in OPT_OUT:
        if not opted_out(session, phone):
            session.add(SmsOptOut(phone=phone, at=now, keyword=word[:20]))
        return "opted_out"
    if word in OPT_IN:
        session.execute(delete(SmsOptOut).where(SmsOptOut.phone == phone))
        return "opted_in"
    return None


def _skip(note: Notification, reason: str) -> None:
    note.status = "skipped"
    note.last_error = reason


def deliver_due(session: Session, settings, now: datetime | None = None, limit: int = 100) -> dict:
    """Send the due texts: only to mobiles that did not opt out; network or Twilio 5xx
    failures wait for their back-off, a refusal is final."""
    now = now or utcnow()
    counts = {"sms_sent": 0, "sms_skipped": 0, "sms_failed": 0}
    if not twilio_rest.configured(settings):
        return counts
    for note in notifications.lease_due(session, now, limit, Notification.kind == notifications.SMS_KIND):
        outcome = _deliver(session, settings, note, now)
        counts[f"sms_{outcome}"] += 1
        session.commit()
    return counts


def _deliver(session: Session, settings, note: Notification, now: datetime) -> str:
    if opted_out(session, note.to_addr):
        _skip(note, "the number replied STOP")
        return "skipped"
    try:
        if not twilio_rest.is_mobile(settings, note.to_addr):
            _skip(note, "not a mobile number")
            return "skipped"
        twilio_rest.send_sms(settings, note.to_addr, note.body)
    except twilio_rest.ERRORS as exc:
        note.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        if getattr(exc, "code", None) == twilio_rest.UNSUBSCRIBED_ERROR:
            handle_reply(session, note.to_addr, "STOP", now)  # Twilio knows of a STOP we missed
            _skip(note, "the number replied STOP")
            return "skipped"
        if twilio_rest.is_transient(exc):
            note.next_attempt_at = now + notifications.backoff(note.attempts)
        else:
            note.status = "failed"
        return "failed"
    note.status = "sent"
    note.sent_at = utcnow()
    note.last_error = None
    return "sent"

