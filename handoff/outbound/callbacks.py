"""Scheduled callbacks: a customer asked to be called back about a ticket.

A request (the hold queue's key press, after hours, the portal through
``POST /api/callbacks``) becomes one ``Callback`` row, whatever the retries. An
agent's "Call back" button, or ``handoff tick`` for queues with automatic
callbacks, *claims* it with a conditional UPDATE (queued -> calling, only if it is
still queued and the agent is on no other callback), commits, and only then asks
Twilio to place the call: two ticks or two agents never ring the same customer
twice. Twilio's status callback ends the attempt: completed, or busy / no answer
/ voicemail / failed, tried again after a delay up to the queue's number of
attempts. A retry keeps ``requested_at``, the customer's place in line.

The phone line serves the TwiML of these calls at ``ANSWER_PATH`` and takes their
status at ``STATUS_PATH`` (ivr.views); the paths are the contract between the two.
"""
from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import exists, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from handoff.core.customers import normalize_phone
from handoff.core.errors import Conflict, NotFound, ValidationError
from handoff.core.models import Agent, Ticket
from handoff.core.tickets import add_event
from handoff.outbound import twilio_rest
from handoff.outbound.models import OPEN_CALLBACK_STATES, Callback
from handoff.rules import phone_policy

log = logging.getLogger(__name__)

ANSWER_PATH = "/ivr/callbacks/answer?cb={id}"
STATUS_PATH = "/ivr/callbacks/status?cb={id}"
ACTOR = "callbacks"
MACHINES = ("machine_start", "machine_end_beep", "machine_end_silence", "machine_end_other", "fax")
# Twilio's final call statuses, as the attempt's outcome (completed is refined below).
RETRY_OUTCOMES = ("busy", "no-answer", "voicemail", "failed", "canceled", "agent-missed", "not-placed")


def by_key(session: Session, key: str) -> Callback | None:
    return session.scalars(select(Callback).where(Callback.idempotency_key == key)).first()


def request_callback(
    session: Session, ticket: Ticket, *, phone: str | None, source: str, key: str, now: datetime,
    requested_at: datetime | None = None, window_start: datetime | None = None, window_end: datetime | None = None,
) -> Callback:
    """Schedule one callback for ``ticket`` (the same ``key`` again returns the first one).

    ``requested_at`` is the place in line (default now); the call is placed from
    ``window_start`` on (default now) and preferably before ``window_end``.
    """
    existing = by_key(session, key)
    if existing is not None:
        return existing
    number = normalize_phone(phone or ticket.customer_phone or "")
    if not 8 <= len(number) <= 16:
        raise ValidationError("a phone number in E.164 form is needed to call back", field="phone",
                              code="invalid_phone")
    start = max(window_start or now, now)
    end = window_end or start + timedelta(hours=phone_policy.callback_rules(ticket.queue).window_hours)
    if end <= start:
        raise ValidationError("the window must end after it starts (and in the future)", field="window")
    callback = Callback(
        ticket_id=ticket.id, phone=number, queue=ticket.queue, source=source, idempotency_key=key,
        status="queued", requested_at=requested_at or now, window_start=start, window_end=end,
        next_attempt_at=start, attempts=0, history=[], created_at=now, updated_at=now,
    )
    try:
        with session.begin_nested():
            session.add(callback)
    except IntegrityError:  # the same request, a moment earlier, from a concurrent retry
        return by_key(session, key)
    add_event(session, ticket, "callback", f"Callback requested ({source}) on {number}, from "
              f"{start:%Y-%m-%d %H:%M} UTC", ACTOR, now, callback_source=source)
    return callback


def open_callbacks(session: Session) -> list[Callback]:
    """The callback queue, in line order: queued and in-progress callbacks."""
    query = (select(Callback).where(Callback.status.in_(OPEN_CALLBACK_STATES))
             .order_by(Callback.requested_at, Callback.id))
    return list(session.scalars(query))


def get_callback(session: Session, callback_id: int) -> Callback:
    callback = session.get(Callback, callback_id)
    if callback is None:
        raise NotFound(f"no callback {callback_id}", code="callback_not_found")
    return callback


def _agent_busy(agent_id):
    other = aliased(Callback)
    return exists().where(other.agent_id == agent_id, other.status == "calling")


def _claim(session: Session, callback: Callback, agent: Agent, now: datetime) -> bool:
    """queued -> calling for ``agent``, atomically; False when someone else got there first."""
    claimed = session.execute(
        update(Callback)
        .where(Callback.id == callback.id, Callback.status == "queued", ~_agent_busy(agent.id))
        .values(status="calling", agent_id=agent.id, attempts=Callback.attempts + 1, call_sid=None,
                updated_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    session.commit()
    if claimed:
        session.refresh(callback)
    return bool(claimed)


def start_callback(session: Session, callback: Callback, agent: Agent, settings, now: datetime) -> Callback:
    """Claim the callback for ``agent`` and have Twilio ring the customer. Commits."""
    if not twilio_rest.configured(settings):
        raise Conflict("outbound calls are off: set TWILIO_ACCOUNT_SID and TWILIO_PHONE_NUMBER",
                       code="twilio_not_configured")
    if not _claim(session, callback, agent, now):
        session.refresh(callback)
        if callback.status != "queued":
            raise Conflict(f"callback {callback.id} is already {callback.status}", code="callback_taken")
        raise Conflict(f"{agent.name} is already on a callback", code="agent_busy")
    attempt = {"at": now.isoformat(), "agent": agent.name, "call_sid": None}
    try:
        call_sid = twilio_rest.place_call(
            settings, callback.phone, ANSWER_PATH.format(id=callback.id), STATUS_PATH.format(id=callback.id),
            phone_policy.callback_rules(callback.queue).ring_seconds,
        )
    except twilio_rest.ERRORS as exc:
        log.warning("callback %s: the call could not be placed: %s", callback.id, exc)
        callback.history = [*callback.history, attempt]
        _end_attempt(session, callback, "not-placed", None, now, detail=f"{type(exc).__name__}: {exc}"[:300])
    else:
        callback.call_sid = call_sid
        callback.history = [*callback.history, {**attempt, "call_sid": call_sid}]
        add_event(session, callback.ticket, "callback",
                  f"Calling the customer back (attempt {callback.attempts}) for {agent.name}", ACTOR, now,
                  call_sid=call_sid)
    session.commit()
    return callback


def _current_attempt(callback: Callback, call_sid: str) -> dict | None:
    """The attempt ``call_sid`` belongs to while it is in progress; None for anything stale."""
    if callback.status != "calling" or not call_sid or callback.call_sid != call_sid or not callback.history:
        return None
    return callback.history[-1]


def _update_attempt(callback: Callback, **values) -> None:
    # A new list and dict: SQLAlchemy does not see changes made inside a JSON value.
    callback.history = [*callback.history[:-1], {**callback.history[-1], **values}]


def record_answer(session: Session, callback: Callback, call_sid: str, answered_by: str) -> bool:
    """Twilio fetched the answer TwiML; True when a person (not a machine) picked up."""
    human = answered_by not in MACHINES
    if _current_attempt(callback, call_sid) is not None:
        _update_attempt(callback, answered_by=answered_by or "unknown")
    return human


def record_dial(session: Session, callback: Callback, call_sid: str, dial_status: str) -> None:
    """How connecting the agent went (Twilio's DialCallStatus)."""
    if _current_attempt(callback, call_sid) is not None:
        _update_attempt(callback, dial=dial_status)


def record_status(session: Session, callback: Callback, call_sid: str, call_status: str, duration: int | None,
                  now: datetime) -> None:
    """Twilio's final status of the callback call: done, or tried again later, or given up.

    A repeated (or late) status callback finds the attempt already ended and changes nothing.
    """
    attempt = _current_attempt(callback, call_sid)
    if attempt is None:
        return
    outcome = call_status
    if call_status == "completed":
        if attempt.get("answered_by") in MACHINES:
            outcome = "voicemail"
        elif attempt.get("dial") not in (None, "completed"):
            outcome = "agent-missed"
    _end_attempt(session, callback, outcome, duration, now)


def _end_attempt(session: Session, callback: Callback, outcome: str, duration: int | None, now: datetime,
                 detail: str = "") -> None:
    _update_attempt(callback, outcome=outcome, duration_s=duration, **({"detail": detail} if detail else {}))
    callback.updated_at = now
    rules = phone_policy.callback_rules(callback.queue)
    if outcome == "completed":
        callback.status = "completed"
        message = f"Called back: the customer talked to {callback.agent.name if callback.agent else 'an agent'}"
    elif outcome in RETRY_OUTCOMES and callback.attempts < rules.max_attempts:
        callback.status = "queued"
        callback.next_attempt_at = now + timedelta(minutes=rules.retry_minutes)
        message = (f"Callback attempt {callback.attempts} of {rules.max_attempts}: {outcome}; "
                   f"trying again after {callback.next_attempt_at:%H:%M} UTC")
    else:
        callback.status = "failed"
        message = f"Callback attempt {callback.attempts} of {rules.max_attempts}: {outcome}; no more attempts"
    add_event(session, callback.ticket, "callback", message + (f" ({detail})" if detail else ""), ACTOR, now,
              outcome=outcome, duration_s=duration)


def free_agent(session: Session, queue: str) -> Agent | None:
    """An active agent of a team that takes ``queue``'s callbacks and is on no callback now."""
    query = (select(Agent)
             .where(Agent.active, Agent.team.in_(phone_policy.callback_teams(queue)), ~_agent_busy(Agent.id))
             .order_by(Agent.id))
    return session.scalars(query).first()


def automatic_step(session: Session, settings, now: datetime) -> int:
    """``handoff tick``: start the due callbacks of automatic queues, one per free agent, in line
    order, inside the customer's window (one whose window has passed waits for an agent)."""
    if not twilio_rest.configured(settings):
        return 0
    due = session.scalars(
        select(Callback)
        .where(Callback.status == "queued", Callback.next_attempt_at <= now, Callback.window_end > now)
        .order_by(Callback.requested_at, Callback.id)
        .limit(200)
    ).all()
    session.commit()
    started = 0
    for callback in due:
        if not phone_policy.callback_rules(callback.queue).automatic:
            continue
        agent = free_agent(session, callback.queue)
        if agent is None:
            continue
        try:
            start_callback(session, callback, agent, settings, now)
        except Conflict:  # another tick (or an agent) took it, or this agent meanwhile
            session.rollback()
            continue
        started += 1
    return started


def callback_json(callback: Callback, position: int | None = None) -> dict:
    def iso(when):
        return when.isoformat().replace("+00:00", "Z") if when else None

    return {
        "id": callback.id, "ticket_id": callback.ticket_id, "phone": callback.phone, "queue": callback.queue,
        "source": callback.source, "status": callback.status, "position": position,
        "requested_at": iso(callback.requested_at), "window_start": iso(callback.window_start),
        "window_end": iso(callback.window_end), "next_attempt_at": iso(callback.next_attempt_at),
        "attempts": callback.attempts, "agent": callback.agent.name if callback.agent else None,
        "history": callback.history,
    }
