"""Customer emails and escalation notices (the support design's templates), and their delivery.

Every message is first stored in the ``notification`` table in the same
transaction as the change that caused it, so none is lost. With SMTP configured
``deliver_due`` sends pending rows, retrying failures with growing back-off;
without SMTP a message goes straight to the outbox, which the console shows.
Texts (kind ``sms``) sit in the same table and are sent by ``handoff.outbound.sms``.
"""
from __future__ import annotations

import smtplib
from datetime import datetime, timedelta
from email.message import EmailMessage
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from handoff.core.models import PRIORITY_LABELS, STATUS_LABELS, Notification, Ticket, utcnow
from handoff.outbound import tracking

SUPPORT_FROM = "SecureAI Support <support@secureai.com>"
SMS_KIND = "sms"  # texts share the outbox; handoff.outbound.sms sends them through Twilio
MAX_BACKOFF = timedelta(hours=1)
SEND_LEASE = timedelta(minutes=5)  # a crashed sender's messages are retried after this
LOCAL_TZ = ZoneInfo("America/New_York")


def local_time(when: datetime | None) -> str:
    if when is None:
        return "to be confirmed"
    return when.astimezone(LOCAL_TZ).strftime("%a %d %b %Y %H:%M %Z")


def _utc(when: datetime) -> str:
    return when.strftime("%Y-%m-%d %H:%M:%S UTC")


def priority_text(priority: str) -> str:
    return f"{priority} ({PRIORITY_LABELS[priority]})"


def tracking_url(public_url: str, ticket: Ticket) -> str:
    """The customer's link to the ticket in the portal (it carries the ticket's access token)."""
    return tracking.url(public_url, ticket)


def console_url(public_url: str, ticket_id: str) -> str:
    return f"{public_url.rstrip('/')}/console/tickets/{ticket_id}"


def customer_email(ticket: Ticket, public_url: str, current_status: str, next_steps: str,
                   agent_name: str | None = None) -> tuple[str, str]:
    """Subject and body of the support design's customer email for ``ticket``."""
    agent = agent_name or (ticket.assignee.name if ticket.assignee else None)
    signature = agent or "SecureAI Support"
    summary = ticket.subject or ticket.description[:200]
    subject = f"[Ticket #{ticket.id}] Your SecureAI Support Request"
    body = f"""Priority: {ticket.priority}

Dear {ticket.customer_name or 'Customer'},

Thank you for contacting SecureAI Support.

Ticket Details:
- Ticket ID: #{ticket.id}
- Priority: {priority_text(ticket.priority)}
- Status: {STATUS_LABELS[ticket.status]}
- Assigned To: {agent or f'{ticket.queue} queue (Tier {ticket.support_tier})'}

Issue Summary:
{summary}

Current Status:
{current_status}

Next Steps:
{next_steps}

Expected Resolution: {local_time(ticket.resolution_due_at)}

You can track this ticket and reply at: {tracking_url(public_url, ticket)}

Best regards,
{signature}
SecureAI Support Team
"""
    return subject, body


def customer_line(ticket: Ticket) -> str:
    """Who the customer is, as the notices to staff name them: "Globex (Enterprise Tier)"."""
    who = ticket.customer_company or ticket.customer_name or ticket.customer_email
    return f"{who} ({ticket.customer_tier.title()} Tier)"


def escalation_notice(ticket: Ticket, *, from_tier: int, to_tier: int, escalated_by: str, at: datetime,
                      reason: str, troubleshooting: list[str], impact: str = "") -> tuple[str, str]:
    """Subject and body of the support design's escalation notice."""
    summary = ticket.subject or ticket.description[:200]
    steps = "\n".join(f"- {s}" for s in troubleshooting) or "- (none recorded)"
    subject = f"[ESCALATION] [{ticket.priority}] {summary[:120]} - Ticket #{ticket.id}"
    body = f"""ESCALATION NOTICE

Ticket ID: #{ticket.id}
Customer: {customer_line(ticket)}
Priority: {priority_text(ticket.priority)}
Escalated By: {escalated_by} (Tier {from_tier})
Escalation Time: {_utc(at)}
Escalated To: Tier {to_tier}

ISSUE SUMMARY:
{ticket.description or summary}

CUSTOMER IMPACT:
{impact or f'Category {ticket.category}, priority {priority_text(ticket.priority)}.'}

TROUBLESHOOTING PERFORMED:
{steps}

REASON FOR ESCALATION:
{reason}

CUSTOMER EXPECTATION:
Resolution by {local_time(ticket.resolution_due_at)} (per SLA)
Has been notified of escalation

PRIORITY JUSTIFICATION:
{ticket.customer_tier.title()} tier customer, {priority_text(ticket.priority)}, SLA clock running.
"""
    return subject, body


NOTICE_TITLES = {
    "management": "MANAGEMENT NOTIFICATION",
    "security_team": "SECURITY INCIDENT",
    "compliance": "COMPLIANCE NOTIFICATION",
    "account_manager": "ENTERPRISE CUSTOMER TICKET",
}


def routing_notice(ticket: Ticket, target: str, public_url: str) -> tuple[str, str]:
    """Subject and body of the notice a routing rule sends to a team (management, security, ...)."""
    title = NOTICE_TITLES.get(target, target.replace("_", " ").upper())
    summary = ticket.subject or ticket.description[:200]
    subject = f"[{title}] [{ticket.priority}] {summary[:120]} - Ticket #{ticket.id}"
    body = f"""{title}

Ticket ID: #{ticket.id}
Customer: {customer_line(ticket)}
Priority: {priority_text(ticket.priority)}
Category: {ticket.category}
Queue: {ticket.queue} (Tier {ticket.support_tier})
Created: {_utc(ticket.created_at)}
Rules fired: {', '.join(ticket.rules_fired)}

ISSUE SUMMARY:
{ticket.description or summary}

Response due: {local_time(ticket.response_due_at)}
Resolution due: {local_time(ticket.resolution_due_at)}

Ticket: {console_url(public_url, ticket.id)}
"""
    return subject, body


def enqueue(session: Session, *, kind: str, to: list[str] | str, subject: str, body: str,
            cc: list[str] | str = "", ticket_id: str | None = None, smtp: bool = False,
            now: datetime | None = None) -> Notification | None:
    """Store a message (due for sending at ``now``); without SMTP it goes straight to the outbox."""
    now = now or utcnow()
    to_addr = ", ".join(to) if isinstance(to, list) else to
    if not to_addr:
        return None
    note = Notification(
        ticket_id=ticket_id,
        kind=kind,
        to_addr=to_addr,
        cc_addr=", ".join(cc) if isinstance(cc, list) else cc,
        subject=subject,
        body=body,
        status="pending" if smtp else "outbox",
        created_at=now,
        next_attempt_at=now,
    )
    session.add(note)
    return note


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, ... minutes after each failed attempt, at most an hour; never given up."""
    return min(timedelta(minutes=2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def _send(smtp_url: str, note: Notification) -> None:
    parts = urlsplit(smtp_url)  # smtp://user:pass@host:port or smtps://...
    msg = EmailMessage()
    msg["From"] = SUPPORT_FROM
    msg["To"] = note.to_addr
    if note.cc_addr:
        msg["Cc"] = note.cc_addr
    msg["Subject"] = note.subject
    msg.set_content(note.body)
    cls = smtplib.SMTP_SSL if parts.scheme == "smtps" else smtplib.SMTP
    with cls(parts.hostname, parts.port or (465 if parts.scheme == "smtps" else 25), timeout=10) as server:
        if parts.scheme == "smtp+starttls":
            server.starttls()
        if parts.username:
            server.login(parts.username, parts.password or "")
        server.send_message(msg)


def lease_due(session: Session, now: datetime, limit: int, *conditions) -> list[Notification]:
    """Pending messages that are due (and match ``conditions``), leased and committed: their
    next attempt moves past the send time, so no database lock is held while talking to the
    mail server or Twilio, and two ticks running at once do not send the same message."""
    query = (
        select(Notification)
        .where(Notification.status == "pending", Notification.next_attempt_at <= now, *conditions)
        .order_by(Notification.id)
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    leased = session.scalars(query).all()
    for note in leased:
        note.attempts += 1
        note.next_attempt_at = now + SEND_LEASE
    session.commit()
    return leased


def deliver_due(session: Session, smtp_url: str, now: datetime | None = None, limit: int = 100) -> dict:
    """Send the pending emails that are due; failures wait for their back-off."""
    now = now or utcnow()
    counts = {"sent": 0, "failed": 0}
    for note in lease_due(session, now, limit, Notification.kind != SMS_KIND):
        try:
            _send(smtp_url, note)
        except (OSError, smtplib.SMTPException) as exc:
            note.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            note.next_attempt_at = now + backoff(note.attempts)
            counts["failed"] += 1
        else:
            note.status = "sent"
            note.sent_at = utcnow()
            note.last_error = None
            counts["sent"] += 1
        session.commit()
    return counts
