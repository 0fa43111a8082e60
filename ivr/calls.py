"""What a phone call does to the ticket store: tickets, voicemails, call outcomes.

Twilio retries a webhook that timed out or failed, so every step is keyed on
(CallSid, step): the retry finds what the first attempt made and adds nothing.
A call's ticket is found again through those keys (unique, indexed).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, lazyload

from handoff.core.models import Ticket
from handoff.core.settings import current_settings
from handoff.core.tickets import add_event, by_idempotency_key, create_ticket, retriage
from handoff.outbound import callbacks, notifications
from handoff.outbound.models import Callback
from handoff.rules import phone_policy
from handoff.rules.hours import next_opening, on_call_number
from ivr import twiml
from ivr.script import Script, load_script
from ivr.twiml import Destination

# Steps that open a ticket; a call opens at most one ticket per step.
TICKET_STEPS = ("problem", "emergency", "voicemail")
# Final call statuses of Twilio's status callback.
FINAL_STATUSES = ("completed", "busy", "no-answer", "failed", "canceled")
ACTOR = "phone line"
# Marks a ticket filed with nothing for the model to read; its voicemail's words re-triage it.
AWAITING = "awaiting_description"


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


def _call_details(choice: str, recorded: bool) -> dict:
    return {"ivr_menu": choice, **({} if recorded else {"recording_opt_out": True})}


def open_ticket(
    session: Session, call_sid: str, caller: str, choice: str, speech: str, confidence: float | None, when: datetime,
    recorded: bool = True,
) -> Opened:
    """The caller's description becomes a triaged, routed ticket; say where the call goes next."""
    script = load_script()
    speech = (speech or "").strip()
    transcript = [_menu_line(choice)]
    fields: dict = {"details": _call_details(choice, recorded)}
    if speech:
        transcript.append({"sender": "customer", "text": speech, "ts": None})
        description = speech
        if confidence is not None:
            confidence = min(max(confidence, 0.0), 1.0)
        fields["conversation"] = {"speech_transcript": speech, "speech_confidence": confidence}
    else:
        # Nothing for the model to read: the caller's menu choice is all we know.
        description = f"The caller chose '{choice}' in the phone menu and described nothing."
        fields["details"][AWAITING] = True
        fields["category"] = script.option(choice).category or "general"
        fields["priority"] = script["silent_caller_priority"]
    ticket = _open_once(session, call_sid, "problem", _data(call_sid, caller, description, transcript, **fields), when)
    return Opened(ticket, destination(script, ticket), heard=bool(speech))


def recording_callback(ticket: Ticket) -> str:
    """Where a recorded conversation about ``ticket`` is reported; "" when the tier's policy
    does not record or the caller said "no recording"."""
    if ticket.details.get("recording_opt_out") or not phone_policy.records(ticket.customer_tier):
        return ""
    return twiml.url("recording", t=ticket.id)


def destination(script: Script, ticket: Ticket) -> Destination:
    """Live hours: the queue routing chose; Enterprise after hours: on-call; else voicemail
    (with a callback offer when the tier has phone hours to call back in)."""
    if ticket.live_coverage == "live":
        return Destination("queue", queue=ticket.queue)
    closed = script.closed_message(ticket.customer_tier)
    number = on_call_number(ticket.customer_tier) if ticket.live_coverage == "on_call" else None
    if number:
        return Destination("on_call", number=number, closed=closed, recording_callback=recording_callback(ticket))
    offer = bool(ticket.customer_phone) and next_opening(ticket.customer_tier, "phone", ticket.created_at) is not None
    return Destination("voicemail", closed=closed, callback_offer=offer)


def open_outage(session: Session, call_sid: str, caller: str, when: datetime,
                recorded: bool = True) -> tuple[Ticket, str | None]:
    """Press 9: a P1 outage ticket (routing notifies management); the on-call number to dial."""
    script = load_script()
    description = "Critical system outage affecting multiple users, reported on the phone emergency line (key 9)."
    data = _data(
        call_sid, caller, description, [_menu_line("emergency")],
        priority="P1", details={"emergency": True, **_call_details("emergency", recorded)},
    )
    ticket = _open_once(session, call_sid, "emergency", data, when)
    return ticket, on_call_number(script["emergency_on_call_tier"])


def _note(session: Session, ticket: Ticket, kind: str, message: str, when: datetime, **data) -> None:
    add_event(session, ticket, kind, message, ACTOR, when, **data)


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
            conversation={"recording_url": recording_url}, details={AWAITING: True},
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
        _voicemail_notice(session, ticket, "", when)
        return ticket
    _update_details(ticket, "voicemail", transcription=text, transcription_status=status)
    ticket.transcript = [*ticket.transcript, {"sender": "customer", "text": text, "ts": when.isoformat()}]
    _note(session, ticket, "voicemail", f"Voicemail transcription: {text}", when)
    awaiting = bool(ticket.details.get(AWAITING))
    if awaiting or ticket.triage_source == "fallback":
        # Filed with nothing to triage (or the model failed): the caller's words decide now.
        ticket.details = {k: v for k, v in ticket.details.items() if k != AWAITING}
        words = text if awaiting else f"{ticket.description}\n{text}"
        retriage(session, ticket, words, reason="voicemail transcription", actor=ACTOR, now=when)
    _voicemail_notice(session, ticket, text, when)
    return ticket


def _voicemail_notice(session: Session, ticket: Ticket, text: str, when: datetime) -> None:
    """The support design's "voicemail to email": a notice to the (possibly re-routed) queue's address."""
    settings = current_settings()
    voicemail = ticket.details.get("voicemail", {})
    subject = f"[VOICEMAIL] [{ticket.priority}] Ticket #{ticket.id} from {ticket.customer_phone or 'unknown number'}"
    body = (f"A voicemail was left on the phone line.\n\nTicket: #{ticket.id} "
            f"({ticket.category}, {ticket.priority}, {ticket.queue} queue)\n"
            f"Caller: {ticket.customer_name or 'unknown'} {ticket.customer_phone or ''} ({ticket.customer_tier})\n"
            f"Recording ({voicemail.get('duration_s', '?')} s): {ticket.recording_url or 'not received'}\n\n"
            f"Transcription:\n{text or '(none: listen to the recording)'}\n\n"
            f"Ticket: {notifications.console_url(settings.public_url, ticket.id)}\n")
    notifications.enqueue(session, kind="voicemail", to=phone_policy.queue_address(ticket.queue), subject=subject,
                          body=body, ticket_id=ticket.id, smtp=bool(settings.smtp_url), now=when)


def request_callback(session: Session, call_sid: str, when: datetime, queued_s: int | None = None,
                     when_open: bool = False) -> Ticket | None:
    """A key pressed for a callback: on hold (the place in line is when the caller
    joined the queue) or after hours (from the tier's next opening on)."""
    ticket = call_ticket(session, call_sid)
    if ticket is None:
        return None
    if when_open:
        start = next_opening(ticket.customer_tier, "phone", when) or when
        callbacks.request_callback(session, ticket, phone=ticket.customer_phone, source="after_hours",
                                   key=idempotency_key(call_sid, "callback"), now=when, window_start=start)
    else:
        joined = when - timedelta(seconds=max(queued_s or 0, 0))
        callbacks.request_callback(session, ticket, phone=ticket.customer_phone, source="hold",
                                   key=idempotency_key(call_sid, "callback"), now=when, requested_at=joined)
    _update_details(ticket, "call", callback_requested=True)
    return ticket


def attach_recording(session: Session, ticket_id: str, call_sid: str, recording_sid: str, recording_url: str,
                     duration: int, status: str, when: datetime) -> Ticket | None:
    """A conversation with an agent was recorded: its link and length go into the ticket (once)."""
    ticket = session.get(Ticket, ticket_id)
    recordings = (ticket.details.get("recordings") or []) if ticket else []
    if ticket is None or status != "completed" or any(r["sid"] == recording_sid for r in recordings):
        return ticket
    entry = {"sid": recording_sid, "url": recording_url, "duration_s": duration, "call_sid": call_sid}
    ticket.details = {**ticket.details, "recordings": [*recordings, entry]}
    _note(session, ticket, "recording", f"Call with an agent recorded ({duration} s): {recording_url}", when,
          recording_sid=recording_sid)
    return ticket


def callback_call(script: Script, callback: Callback) -> twiml.CallbackCall:
    """Who is calling back whom about what, for the callback's answer TwiML."""
    ticket, agent = callback.ticket, callback.agent
    number = phone_policy.agent_phone(agent.email) if agent else None
    return twiml.CallbackCall(
        reference=ticket.id,
        reason=script["callback_reasons"].get(ticket.category, script["callback_reasons"]["general"]),
        agent_name=agent.name.split()[0] if agent else "an agent",
        agent_number=number or "",
        agent_client="" if number else f"agent-{agent.id if agent else 0}",
        recording_callback=recording_callback(ticket),
        dial_action=twiml.url("callback_dial", cb=callback.id),
    )


def record_queue_result(session: Session, call_sid: str, result: str, queue_seconds: int | None,
                        when: datetime) -> None:
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
