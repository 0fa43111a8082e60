"""What a phone call does to the ticket store: tickets, voicemails, call outcomes.

Twilio retries a webhook that timed out or failed, so every step is keyed on
(CallSid, step): the retry finds what the first attempt made and adds nothing.
A call's ticket is found again through those keys (unique, indexed).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, lazyload

from handoff.hours import on_call_number
from handoff.models import Ticket, TicketEvent
from handoff.tickets import by_idempotency_key, create_ticket
from ivr.script import Script, load_script
from ivr.twiml import Destination

# Steps that open a ticket; a call opens at most one ticket per step.
TICKET_STEPS = ("problem", "emergency", "voicemail")
# Final call statuses of Twilio's status callback.
FINAL_STATUSES = ("completed", "busy", "no-answer", "failed", "canceled")
ACTOR = "phone line"


def idempotency_key(call_sid: str, step: str) -> str:
    return f"ivr:{call_sid}:{step}"


def _call_keys(call_sid: str) -> list[str]:
    return [idempotency_key(call_sid, step) for step in TICKET_STEPS]


def call_ticket(session: Session, call_sid: str) -> Ticket | None:
    """The ticket this call opened, if any."""
    if not call_sid:
        return None
    query = (
        select(Ticket)
        .where(Ticket.idempotency_key.in_(_call_keys(call_sid)))
        .order_by(Ticket.created_at)
        # Steps read a field or two and add to the activity log: load neither log nor notes.
        .options(lazyload(Ticket.events), lazyload(Ticket.notes), lazyload(Ticket.assignee))
    )
    return session.scalars(query).first()


def call_ticket_id(session: Session, call_sid: str) -> str | None:
    """Just the number of this call's ticket (the hold message repeats it every loop)."""
    if not call_sid:
        return None
    query = select(Ticket.id).where(Ticket.idempotency_key.in_(_call_keys(call_sid))).order_by(Ticket.created_at)
    return session.scalars(query).first()


def _open_once(session: Session, call_sid: str, step: str, data: dict, when: datetime) -> Ticket:
    key = idempotency_key(call_sid, step)
    # A retry may differ slightly (a later speech result): it still gets the first ticket.
    existing = by_idempotency_key(session, key)
    if existing is not None:
        return existing
    return create_ticket(session, data, idempotency_key=key, now=when)


def _data(call_sid: str, caller: str, description: str, transcript: list[dict], **fields) -> dict:
    conversation = {"call_sid": call_sid, "transcript": transcript}
    conversation.update(fields.pop("conversation", {}))
    return {
        "channel": "phone",
        "description": description,
        "customer": {"phone": caller},
        "conversation": conversation,
        **fields,
    }


def _menu_line(choice: str) -> dict:
    # No timestamps in what is sent: a retry must make the very same request.
    return {"sender": "system", "text": f"Phone menu choice: {choice}", "ts": None}


@dataclass(frozen=True)
class Opened:
    ticket: Ticket
    destination: Destination
    heard: bool


def open_ticket(
    session: Session, call_sid: str, caller: str, choice: str, speech: str, confidence: float | None, when: datetime
) -> Opened:
    """The caller's description becomes a triaged, routed ticket; say where the call goes next."""
    script = load_script()
    speech = (speech or "").strip()
    transcript = [_menu_line(choice)]
    fields: dict = {"details": {"ivr_menu": choice}}
    if speech:
        transcript.append({"sender": "customer", "text": speech, "ts": None})
        description = speech
        if confidence is not None:
            confidence = min(max(confidence, 0.0), 1.0)
        fields["conversation"] = {"speech_transcript": speech, "speech_confidence": confidence}
    else:
        # Nothing for the model to read: the caller's menu choice is all we know.
        description = f"The caller chose '{choice}' in the phone menu and described nothing."
        fields["category"] = script.option(choice).category or "general"
        fields["priority"] = script["silent_caller_priority"]
    ticket = _open_once(session, call_sid, "problem", _data(call_sid, caller, description, transcript, **fields), when)
    return Opened(ticket, destination(script, ticket), heard=bool(speech))


def destination(script: Script, ticket: Ticket) -> Destination:
    """Live hours: the queue routing chose; Enterprise after hours: on-call; else voicemail."""
    if ticket.live_coverage == "live":
        return Destination("queue", queue=ticket.queue)
    closed = script.closed_message(ticket.customer_tier)
    number = on_call_number(ticket.customer_tier) if ticket.live_coverage == "on_call" else None
    if number:
        return Destination("on_call", number=number, closed=closed)
    return Destination("voicemail", closed=closed)


def open_outage(session: Session, call_sid: str, caller: str, when: datetime) -> str | None:
    """Press 9: a P1 outage ticket (routing notifies management); the on-call number to dial."""
    script = load_script()
    description = "Critical system outage affecting multiple users, reported on the phone emergency line (key 9)."
    data = _data(
        call_sid, caller, description, [_menu_line("emergency")],
        priority="P1", details={"emergency": True, "ivr_menu": "emergency"},
    )
    _open_once(session, call_sid, "emergency", data, when)
    return on_call_number(script["emergency_on_call_tier"])


def _note(session: Session, ticket: Ticket, kind: str, message: str, when: datetime, **data) -> None:
    """One line in the ticket's activity log, added without loading the log (which
    appending to ``ticket.events`` would do on every webhook)."""
    session.add(TicketEvent(ticket_id=ticket.id, kind=kind, message=message, actor=ACTOR, at=when, data=data))


def _update_details(ticket: Ticket, name: str, **values) -> None:
    # Assign a new dict: SQLAlchemy does not see changes made inside a JSON value.
    ticket.details = {**ticket.details, name: {**ticket.details.get(name, {}), **values}}


def attach_voicemail(
    session: Session, call_sid: str, caller: str, recording_url: str, recording_sid: str, duration: int, when: datetime
) -> Ticket:
    """The recording goes into the call's ticket (a new one when the call had none)."""
    ticket = call_ticket(session, call_sid)
    if ticket is None:
        script = load_script()
        data = _data(
            call_sid, caller, "Voicemail left on the phone line; its transcription follows.", [],
            category="general", priority=script["silent_caller_priority"],
            conversation={"recording_url": recording_url},
        )
        ticket = _open_once(session, call_sid, "voicemail", data, when)
    if ticket.details.get("voicemail"):
        return ticket  # a retry: this call's voicemail is already there
    ticket.recording_url = recording_url
    _update_details(ticket, "voicemail", recording_sid=recording_sid, duration_s=duration)
    _note(session, ticket, "voicemail", f"Voicemail recorded ({duration} s): {recording_url}", when,
          recording_sid=recording_sid)
    return ticket


def add_transcription(
    session: Session, call_sid: str, caller: str, recording_sid: str, text: str, status: str, when: datetime
) -> Ticket | None:
    """The voicemail's transcription lands in the ticket (once)."""
    ticket = call_ticket(session, call_sid)
    text = (text or "").strip()
    if ticket is None:
        if not text:
            return None
        # The recording's own webhook never got through: keep the words anyway.
        ticket = attach_voicemail(session, call_sid, caller, "", recording_sid, 0, when)
    voicemail = ticket.details.get("voicemail", {})
    if "transcription" in voicemail or "transcription_status" in voicemail:
        return ticket
    if status != "completed" or not text:
        _update_details(ticket, "voicemail", transcription_status=status or "failed")
        _note(session, ticket, "voicemail",
              f"Voicemail transcription {status or 'failed'}: listen to the recording", when)
        return ticket
    _update_details(ticket, "voicemail", transcription=text, transcription_status=status)
    ticket.transcript = [*ticket.transcript, {"sender": "customer", "text": text, "ts": when.isoformat()}]
    _note(session, ticket, "voicemail", f"Voicemail transcription: {text}", when)
    return ticket


def request_callback(session: Session, call_sid: str, when: datetime) -> Ticket | None:
    ticket = call_ticket(session, call_sid)
    if ticket is None or ticket.details.get("call", {}).get("callback_requested"):
        return ticket
    _update_details(ticket, "call", callback_requested=True)
    _note(session, ticket, "callback",
          f"Caller left the queue and asked to be called back on {ticket.customer_phone}", when)
    return ticket


def record_queue_result(session: Session, call_sid: str, result: str, queue_seconds: int | None, when: datetime) -> None:
    ticket = call_ticket(session, call_sid)
    if ticket is None or ticket.details.get("call", {}).get("queue_result") == result:
        return
    _update_details(ticket, "call", queue_result=result, queue_seconds=queue_seconds)
    messages = {
        "bridged": "Caller connected to an agent",
        "hangup": "Caller hung up while waiting in the queue (abandoned)",
        "leave": "Caller left the queue for a callback",
    }
    message = messages.get(result, f"Queue failed ({result}): caller sent to voicemail")
    _note(session, ticket, "call", f"{message} after {queue_seconds or 0} s", when)


def record_dial_result(session: Session, call_sid: str, dial_status: str, when: datetime) -> None:
    ticket = call_ticket(session, call_sid)
    if ticket is None or ticket.details.get("call", {}).get("on_call") == dial_status:
        return
    _update_details(ticket, "call", on_call=dial_status)
    _note(session, ticket, "call", f"On-call engineer dialled: {dial_status}", when)


def record_call_status(session: Session, call_sid: str, status: str, duration: int | None, when: datetime) -> None:
    """Twilio's status callback: the call's outcome (completed or abandoned) and duration."""
    ticket = call_ticket(session, call_sid)
    if ticket is None or status not in FINAL_STATUSES:
        return
    call = ticket.details.get("call", {})
    if call.get("status") == status:
        return
    outcome = "abandoned" if call.get("queue_result") == "hangup" else status
    _update_details(ticket, "call", status=status, outcome=outcome, duration_s=duration)
    _note(session, ticket, "call", f"Call {outcome} after {duration or 0} s", when)
