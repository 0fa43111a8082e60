"""Creating tickets: validate, match the customer, triage, route, start the SLA clocks."""
from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, exists, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from handoff.core import validation
from handoff.core.customers import identity_verified, verified_contact
from handoff.core.db import begin_read
from handoff.core.errors import Conflict, NotFound
from handoff.core.models import (
    PRIORITY_LABELS,
    STATUS_LABELS,
    Contact,
    Ticket,
    TicketCounter,
    TicketEvent,
    utcnow,
)
from handoff.core.settings import current_settings
from handoff.core.triage import classify
from handoff.outbound import notifications, sms
from handoff.rules import assignment, hours, routing, sla

_UPSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def next_ticket_id(session: Session, now: datetime) -> str:
    """The next TICK-YYYYMMDD-NNN of ``now``'s UTC day, from one atomic upsert of the
    day's counter row, so no two callers ever get the same number.

    On PostgreSQL the upsert commits on a connection of its own: the row lock lasts one
    statement instead of the whole ticket transaction, so concurrent creators do not
    queue behind each other (a ticket that then fails leaves a gap in the numbers).
    SQLite has one writer at a time anyway, so there it joins the ticket's transaction.
    """
    day = now.strftime("%Y%m%d")
    bind = session.get_bind()
    insert = _UPSERTS[bind.dialect.name]
    stmt = (
        insert(TicketCounter)
        .values(day=day, last=1)
        .on_conflict_do_update(index_elements=[TicketCounter.day], set_={"last": TicketCounter.last + 1})
        .returning(TicketCounter.last)
    )
    if bind.dialect.name == "postgresql" and isinstance(bind, Engine):
        with bind.begin() as conn:
            number = conn.execute(stmt).scalar_one()
    else:
        number = session.execute(stmt).scalar_one()
    return f"TICK-{day}-{number:03d}"


def log(ticket: Ticket, kind: str, message: str, actor: str = "system", at: datetime | None = None, **data) -> None:
    """Append one line to the ticket's activity log."""
    ticket.events.append(TicketEvent(kind=kind, message=message, actor=actor, at=at or utcnow(), data=data))


def add_event(session: Session, ticket: Ticket, kind: str, message: str, actor: str, at: datetime, **data) -> None:
    """One line in the activity log without loading the log (which appending to
    ``ticket.events`` does): for webhooks and the scheduler, which only ever add."""
    session.add(TicketEvent(ticket_id=ticket.id, kind=kind, message=message, actor=actor, at=at, data=data))


MAX_ATTACHMENT_REFS = 50


def add_customer_message(ticket: Ticket, text: str, refs: list[str], *, who: str, how: str, now: datetime) -> None:
    """Append a customer's later message (email reply, portal reply) and its attachment
    references to the ticket's conversation; ``how`` completes "Customer replied ..." in the log."""
    ticket.transcript = list(ticket.transcript or []) + [
        {"sender": "customer", "text": text, "ts": now.isoformat().replace("+00:00", "Z")}]
    ticket.attachments = (list(ticket.attachments or []) + refs)[:MAX_ATTACHMENT_REFS]
    ticket.updated_at = now
    log(ticket, "customer_reply", f"Customer replied {how}", actor=who, at=now)


def _fingerprint(clean: dict) -> str:
    return hashlib.sha256(json.dumps(clean, sort_keys=True, default=str).encode()).hexdigest()


def _conversation_text(conversation: dict) -> str:
    said = [m["text"] for m in conversation["transcript"] if m["sender"] not in ("bot", "agent", "system")]
    if conversation.get("speech_transcript"):
        said.append(conversation["speech_transcript"])
    return "\n".join(said)


def _is_repeat(session: Session, email: str, category: str, now: datetime) -> bool:
    if not email:
        return False
    since = now - timedelta(days=routing.repeat_window_days())
    return session.scalar(
        select(
            exists().where(
                Ticket.customer_email == email, Ticket.category == category, Ticket.created_at >= since
            )
        )
    )


def by_idempotency_key(session: Session, key: str) -> Ticket | None:
    return session.scalars(select(Ticket).where(Ticket.idempotency_key == key)).first()


def _replay(ticket: Ticket, fingerprint: str) -> Ticket:
    if ticket.request_fingerprint != fingerprint:
        raise Conflict(
            "this Idempotency-Key was already used for a different ticket request",
            code="idempotency_key_reused",
        )
    return ticket


def create_ticket(
    session: Session,
    data: dict,
    idempotency_key: str | None = None,
    *,
    actor: str | None = None,
    now: datetime | None = None,
    model_root: Path | None = None,
    contact_required: bool = True,
) -> Ticket:
    """Create, triage, route and commit one ticket; return it.

    ``data`` has the fields of the POST /api/tickets body. Category and priority are
    taken from ``data`` when given, else from the triage model. A repeated
    ``idempotency_key`` returns the ticket made the first time (and raises
    Conflict when the request differs). Commits the session. ``contact_required=False``
    lets a live chat's anonymous visitor through (the agent answers in the chat).
    """
    clean = validation.new_ticket(data, contact_required)
    fingerprint = _fingerprint(clean)
    # Look-ups and triage run in a read transaction; on SQLite the write lock is taken
    # only for the inserts at the end.
    reading = begin_read(session)
    if idempotency_key:
        existing = by_idempotency_key(session, idempotency_key)
        if existing is not None:
            if reading:
                session.commit()
            return _replay(existing, fingerprint)

    settings = current_settings()
    now = now or utcnow()
    customer = clean["customer"]
    verified = identity_verified(customer, clean["channel"])
    contact = verified_contact(session, customer, clean["channel"])
    if contact is not None:
        customer.update(
            email=contact.email,
            name=customer["name"] or contact.name,
            company=contact.company.name,
            tier=contact.tier,
            user_id=contact.user_id or customer["user_id"],
            phone=customer["phone"] or contact.phone,
        )
    else:  # claims are not facts: no company, no plan, no account id without the directory
        customer.update(company="", tier=None, user_id=customer["user_id"] if verified else None)
    tier = customer["tier"] or "starter"  # unknown customers get the entry tier's promises
    conversation = clean["conversation"]
    description = clean["description"] or _conversation_text(conversation)

    result: dict = {}
    if clean["category"] is None or clean["priority"] is None:
        result = classify(model_root or settings.triage_model_dir, clean["subject"], description,
                          clean["channel"])
    category = clean["category"] or result["category"]
    priority = clean["priority"] or result["priority"]

    route = _route(session, category=category, priority=priority, tier=tier, channel=clean["channel"],
                   email=customer["email"], text=f"{clean['subject']}\n{description}", details=clean["details"],
                   now=now)
    coverage = hours.coverage(tier, clean["channel"], now)
    if reading:
        session.commit()  # end the read; the next statement begins the write transaction

    ticket = Ticket(
        created_at=now,
        updated_at=now,
        status="created",
        priority=priority,
        channel=clean["channel"],
        idempotency_key=idempotency_key,
        request_fingerprint=fingerprint,
        contact_id=contact.id if contact else None,
        customer_name=customer["name"],
        customer_email=customer["email"],
        customer_company=customer["company"],
        customer_tier=tier,
        customer_user_id=customer["user_id"],
        customer_phone=customer["phone"],
        customer_known=contact is not None,
        customer_verified=verified,
        category=category,
        subcategory=clean["subcategory"],
        subject=clean["subject"],
        description=description,
        steps_to_reproduce=clean["steps_to_reproduce"],
        environment=clean["environment"],
        attachments=clean["attachments"],
        details={**(result.get("details") or {}), **clean["details"]},
        triage_source=("fallback" if result.get("unavailable") else "model") if result else "given",
        category_confidence=result.get("category_confidence") if clean["category"] is None else None,
        priority_confidence=result.get("priority_confidence") if clean["priority"] is None else None,
        model_version=result.get("model_version"),
        needs_review=bool(result.get("needs_review")),
        triage=result,
        transcript=conversation["transcript"],
        call_sid=conversation.get("call_sid"),
        speech_transcript=conversation.get("speech_transcript"),
        speech_confidence=conversation.get("speech_confidence"),
        recording_url=conversation.get("recording_url"),
        queue=route.queue,
        support_tier=route.support_tier,
        rules_fired=route.rules_fired + [f"coverage:{coverage}"],
        live_coverage=coverage,
        tier_entered_at=now,
        paused_seconds=0.0,
        events=[],
        notes=[],
    )
    sla.set_clocks(ticket)

    who = actor or customer["email"] or customer["phone"] or "anonymous visitor"
    log(ticket, "created", f"Ticket created by customer via {ticket.channel}", actor=who, at=now)
    if result.get("unavailable"):
        log(ticket, "triaged", f"Triage model unavailable ({result['unavailable']}); filed as "
            f"{category}/{priority} for review", at=now)
    elif result:
        log(ticket, "triaged", "Triaged " + _triage_text(result, category, priority, ticket.needs_review), at=now)
    ticket.status = "assigned"
    log(ticket, "assigned", f"Auto-assigned to {ticket.queue} queue (Tier {ticket.support_tier})", at=now,
        rules_fired=ticket.rules_fired)
    assignment.assign_new(session, ticket, now)
    # Taken last: on SQLite the database stays locked for writes until commit.
    ticket.id = next_ticket_id(session, now)
    session.add(ticket)
    _notify_created(session, ticket, route, contact, settings)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        if idempotency_key:
            existing = by_idempotency_key(session, idempotency_key)
            if existing is not None:  # a concurrent request with the same key won the race
                return _replay(existing, fingerprint)
        raise
    return ticket


def _route(session: Session, *, category: str, priority: str, tier: str, channel: str, email: str, text: str,
           details: dict, now: datetime) -> routing.Routing:
    return routing.route({
        "category": category, "priority": priority, "tier": tier, "channel": channel,
        "repeat_issue": _is_repeat(session, email, category, now), "text": text, "details": details,
    })


def _triage_text(result: dict, category: str, priority: str, needs_review: bool) -> str:
    return (f"by model {result.get('model_version')}: {category} ({result.get('category_confidence', 0):.2f}), "
            f"{priority} ({result.get('priority_confidence', 0):.2f})" + (" - needs review" if needs_review else ""))


def retriage(session: Session, ticket: Ticket, description: str, *, reason: str, actor: str, now: datetime,
             model_root: Path | None = None) -> None:
    """Triage and route ``ticket`` again from a new ``description`` (say, a voicemail's
    transcription arriving for a ticket opened with none): category, priority, details,
    queue, support tier and SLA clocks, all recorded in the activity log. Teams that the
    new routing names and the old did not are notified. Does not commit."""
    settings = current_settings()
    result = classify(model_root or settings.triage_model_dir, ticket.subject, description, ticket.channel)
    before = f"{ticket.category}/{ticket.priority} in {ticket.queue} (Tier {ticket.support_tier})"
    old_rules = set(ticket.rules_fired)
    ticket.description = description
    ticket.category, ticket.priority = result["category"], result["priority"]
    ticket.details = {**ticket.details, **(result.get("details") or {})}
    ticket.triage_source = "fallback" if result.get("unavailable") else "model"
    ticket.category_confidence = result.get("category_confidence")
    ticket.priority_confidence = result.get("priority_confidence")
    ticket.model_version = result.get("model_version")
    ticket.needs_review = bool(result.get("needs_review"))
    ticket.triage = result
    route = _route(session, category=ticket.category, priority=ticket.priority, tier=ticket.customer_tier,
                   channel=ticket.channel, email=ticket.customer_email, text=f"{ticket.subject}\n{description}",
                   details=ticket.details, now=now)
    ticket.queue, ticket.support_tier = route.queue, max(ticket.support_tier, route.support_tier)
    ticket.rules_fired = route.rules_fired + [f"coverage:{ticket.live_coverage}"]
    sla.set_clocks(ticket)
    add_event(session, ticket, "triaged",
              f"Re-triaged ({reason}) " + _triage_text(result, ticket.category, ticket.priority, ticket.needs_review)
              + f"; was {before}, now in {ticket.queue} (Tier {ticket.support_tier})", actor, now,
              rules_fired=ticket.rules_fired)
    new_targets = [target for rule, targets in route.notify_by_rule.items() if rule not in old_rules
                   for target in targets]
    contact = session.get(Contact, ticket.contact_id) if ticket.contact_id else None
    account_manager = contact.company.account_manager_email if contact else None
    notify_teams(session, ticket, list(dict.fromkeys(new_targets)), account_manager, settings, now)


def _notify_created(session: Session, ticket: Ticket, route: routing.Routing, contact, settings) -> None:
    smtp = bool(settings.smtp_url)
    if ticket.customer_email:
        subject, body = notifications.customer_email(
            ticket,
            settings.public_url,
            current_status=f"Your request has been received and assigned to our {ticket.queue} team "
            f"(Tier {ticket.support_tier}).",
            next_steps=f"Nothing for now: an agent will respond within "
            f"{sla.response_time_text(ticket.customer_tier, ticket.priority)}.",
        )
        notifications.enqueue(session, kind="customer_update", to=ticket.customer_email, subject=subject,
                              body=body, ticket_id=ticket.id, smtp=smtp,
                              now=ticket.created_at)
    if ticket.channel == "phone":
        sms.enqueue_confirmation(session, ticket, settings, ticket.created_at)
    account_manager = contact.company.account_manager_email if contact else None
    notify_teams(session, ticket, route.notify, account_manager, settings, ticket.created_at)


def notify_teams(session: Session, ticket: Ticket, targets: list[str], account_manager: str | None, settings,
                 now: datetime) -> None:
    """Send the routing notice to each target the fired rules name (management, security, ...)."""
    for target in targets:
        to = routing.target_addresses(target, account_manager)
        subject, body = notifications.routing_notice(ticket, target, settings.public_url)
        notifications.enqueue(session, kind=target, to=to, subject=subject, body=body, ticket_id=ticket.id,
                              smtp=bool(settings.smtp_url), now=now)


def get_ticket(session: Session, ticket_id: str, *, for_update: bool = False) -> Ticket:
    query = select(Ticket).where(Ticket.id == ticket_id)
    if for_update and session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(of=Ticket)
    ticket = session.scalars(query).first()
    if ticket is None:
        raise NotFound(f"no ticket {ticket_id}", code="ticket_not_found")
    return ticket


def _iso(when: datetime | None) -> str | None:
    return when.isoformat().replace("+00:00", "Z") if when else None


def ticket_summary(ticket: Ticket) -> dict:
    """The fields a queue view needs."""
    return {
        "id": ticket.id,
        "created_at": _iso(ticket.created_at),
        "updated_at": _iso(ticket.updated_at),
        "status": ticket.status,
        "status_label": STATUS_LABELS[ticket.status],
        "priority": ticket.priority,
        "priority_label": PRIORITY_LABELS[ticket.priority],
        "category": ticket.category,
        "subject": ticket.subject,
        "channel": ticket.channel,
        "queue": ticket.queue,
        "support_tier": ticket.support_tier,
        "assignee": (
            {"id": ticket.assignee.id, "name": ticket.assignee.name, "email": ticket.assignee.email}
            if ticket.assignee else None
        ),
        "customer": {
            "name": ticket.customer_name,
            "email": ticket.customer_email,
            "company": ticket.customer_company,
            "tier": ticket.customer_tier,
            "user_id": ticket.customer_user_id,
            "phone": ticket.customer_phone,
            "known": ticket.customer_known,
            "verified": ticket.customer_verified,
        },
        "needs_review": ticket.needs_review,
        "sla": {
            "calendar": ticket.sla_calendar,
            "response_time_text": sla.response_time_text(ticket.customer_tier, ticket.priority),
            "response_due_at": _iso(ticket.response_due_at),
            "resolution_due_at": _iso(ticket.resolution_due_at),
            "first_response_at": _iso(ticket.first_response_at),
            "paused": ticket.paused_at is not None,
            "response_breached": ticket.response_breached,
            "resolution_breached": ticket.resolution_breached,
        },
    }


def ticket_json(ticket: Ticket, *, internal: bool = True, public_url: str | None = None) -> dict:
    """Everything about a ticket; ``internal=False`` leaves out internal notes (for services)."""
    out = ticket_summary(ticket)
    out.update(
        subcategory=ticket.subcategory,
        description=ticket.description,
        steps_to_reproduce=ticket.steps_to_reproduce,
        environment=ticket.environment,
        attachments=ticket.attachments,
        details=ticket.details,
        rules_fired=ticket.rules_fired,
        live_coverage=ticket.live_coverage,
        triage={
            "source": ticket.triage_source,
            "category_confidence": ticket.category_confidence,
            "priority_confidence": ticket.priority_confidence,
            "category_alternatives": (ticket.triage or {}).get("category_alternatives", []),
            "priority_alternatives": (ticket.triage or {}).get("priority_alternatives", []),
            "model_version": ticket.model_version,
            "needs_review": ticket.needs_review,
        },
        conversation={
            "transcript": ticket.transcript,
            "call_sid": ticket.call_sid,
            "speech_transcript": ticket.speech_transcript,
            "speech_confidence": ticket.speech_confidence,
            "recording_url": ticket.recording_url,
        },
        resolution=ticket.resolution,
        resolved_at=_iso(ticket.resolved_at),
        closed_at=_iso(ticket.closed_at),
        reopen_count=ticket.reopen_count,
        satisfaction=ticket.satisfaction,
        satisfaction_comment=ticket.satisfaction_comment,
        tracking_url=notifications.tracking_url(public_url or current_settings().public_url, ticket),
        activity=[
            {"at": _iso(e.at), "kind": e.kind, "actor": e.actor, "message": e.message}
            for e in ticket.events
        ],
    )
    visible = [n for n in ticket.notes if internal or n.public]
    out["notes"] = [
        {"id": n.id, "at": _iso(n.at), "author": n.author_name, "public": n.public, "text": n.text} for n in visible
    ]
    return out
