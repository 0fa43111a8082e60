"""``handoff tick``: one idempotent scheduler step, safe to run from cron every minute.

It records SLA breach-soon/breach events, applies the escalation matrix's timers,
flags escalations the receiving tier has not picked up, closes resolved tickets
after the configured time, starts automatic callbacks, delivers pending mail and texts,
forgets old staff sign-ins and removes the transcripts and mail of tickets closed
longer ago than the retention period (RETENTION_DAYS). Every action leaves state
behind (a flag, a new status or tier) so that a second run finds nothing to do;
on PostgreSQL concurrent runs skip each other's locked tickets.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from handoff.agent_tools import incidents
from handoff.channels import surveys
from handoff.channels.email_ingest import attachments_dir
from handoff.core import lifecycle, privacy
from handoff.core.models import Ticket, utcnow
from handoff.core.settings import current_settings
from handoff.core.tickets import log
from handoff.outbound import callbacks, notifications, sms
from handoff.rules import assignment, sla
from handoff.web import staff_sessions

BATCH = 500
SLA_ACTIVE = ("created", "assigned", "in_progress", "escalated")


def _locked(session: Session, query):
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True, of=Ticket)
    return session.scalars(query.limit(BATCH)).unique().all()


def _notify_manager(session: Session, ticket: Ticket, subject: str, body: str, smtp: bool, now: datetime) -> None:
    notifications.enqueue(session, kind="sla", to=lifecycle.load_escalation()["manager"], subject=subject,
                          body=body, ticket_id=ticket.id, smtp=smtp, now=now)


def sla_step(session: Session, now: datetime, smtp: bool) -> int:
    query = select(Ticket).where(
        Ticket.status.in_(SLA_ACTIVE),
        or_(
            (Ticket.first_response_at.is_(None)) & ~Ticket.response_breached & (Ticket.response_warn_at <= now),
            ~Ticket.resolution_breached & (Ticket.resolution_warn_at <= now),
        ),
    )
    count = 0
    for ticket in _locked(session, query):
        for event in sla.due_events(ticket, now):
            clock, _, state = event.partition("_")
            due = ticket.response_due_at if clock == "response" else ticket.resolution_due_at
            text = f"SLA {clock} {'breached' if state == 'breached' else 'breach soon'} (due {due:%Y-%m-%d %H:%M} UTC)"
            log(ticket, "sla", text, at=now, event=event)
            if state == "breached":
                _notify_manager(session, ticket, f"[SLA BREACH] [{ticket.priority}] Ticket #{ticket.id}",
                                f"{text}\nCustomer: {ticket.customer_company or ticket.customer_email} "
                                f"({ticket.customer_tier})\nQueue: {ticket.queue} (Tier {ticket.support_tier})\n"
                                f"Subject: {ticket.subject}\n", smtp, now)
            count += 1
    session.commit()
    return count


def escalation_step(session: Session, now: datetime) -> int:
    count = 0
    for timer in lifecycle.load_escalation()["timers"]:
        since = now - timedelta(minutes=timer["after_minutes"])
        query = select(Ticket).where(
            Ticket.support_tier == timer["from_tier"], Ticket.status.in_(timer["statuses"]),
            Ticket.work_started_at <= since,
        )
        for ticket in _locked(session, query):
            lifecycle.escalate(
                session, ticket, now=now, escalated_by="escalation timer", to_tier=timer["to_tier"],
                reason=f"Not resolved after {timer['after_minutes']} minutes at Tier {timer['from_tier']}",
                troubleshooting=[n.text for n in ticket.notes if not n.public],
            )
            count += 1
        session.commit()
    return count


def overdue_pickup_step(session: Session, now: datetime, smtp: bool) -> int:
    query = select(Ticket).where(
        Ticket.status == "escalated", ~Ticket.escalation_overdue_flagged, Ticket.escalation_response_due_at <= now
    )
    count = 0
    for ticket in _locked(session, query):
        ticket.escalation_overdue_flagged = True
        text = f"Tier {ticket.support_tier} has not picked up the escalation in time"
        log(ticket, "escalation_overdue", text, at=now)
        _notify_manager(session, ticket, f"[ESCALATION OVERDUE] [{ticket.priority}] Ticket #{ticket.id}",
                        f"{text}.\nSubject: {ticket.subject}\n", smtp, now)
        count += 1
    session.commit()
    return count


def auto_close_step(session: Session, now: datetime, after_hours: float) -> int:
    query = select(Ticket).where(Ticket.status == "resolved",
                                 Ticket.resolved_at <= now - timedelta(hours=after_hours))
    tickets = _locked(session, query)
    for ticket in tickets:
        lifecycle.transition(session, ticket, "closed", actor_name="auto-close", now=now,
                             note=f"no reply {after_hours:g} hours after resolution")
    session.commit()
    return len(tickets)


def _committed(session: Session, count: int) -> int:
    session.commit()
    return count


def tick(session: Session, now: datetime | None = None) -> dict:
    """Run every step once; returns how many tickets/messages each touched."""
    settings = current_settings()
    now = now or utcnow()
    smtp = bool(settings.smtp_url)
    done = {
        "sla_events": sla_step(session, now, smtp),
        "escalated": escalation_step(session, now),
        "pickup_overdue": overdue_pickup_step(session, now, smtp),
        "closed": auto_close_step(session, now, settings.auto_close_hours),
        # Tickets resolved through the API or by auto-close get their CSAT survey here.
        "surveys": surveys.send_due_surveys(session, now=now),
        "sessions_purged": staff_sessions.purge(session, now),
        "retention_purged": privacy.purge_closed(session, settings.retention_days,
                                                 attachments_dir(settings.mail_dir), now),
        # Automatic callbacks, once an agent of the queue is free (needs Twilio configured).
        "callbacks_started": callbacks.automatic_step(session, settings, now),
        "agents_away": _committed(session, assignment.idle_step(session, now)),
        "auto_assigned": _committed(session, assignment.assign_waiting(session, now)),
        # Lapsed live-chat offers: their agent goes away, the chat to the next free agent.
        "chats_offered": _committed(session, assignment.offer_chats(session, now)),
        "incident_reminders": _committed(session, incidents.remind_owners(session, now, smtp)),
    }
    session.commit()
    if smtp:
        done.update(notifications.deliver_due(session, settings.smtp_url, now))
    done.update(sms.deliver_due(session, settings, now))
    return done
