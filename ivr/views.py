"""The Twilio voice webhooks: HTTP in, plain calls to ``ivr.calls``, TwiML out.

Every route checks Twilio's signature first (403 and nothing done otherwise) and
answers valid TwiML whatever happens after that: an internal error becomes an
apology and a voicemail, logged with the call SID and without the caller's
number or words.
"""
from __future__ import annotations

import functools
import logging
import traceback
from datetime import UTC, datetime

from flask import Blueprint, Response, current_app, request
from twilio.request_validator import SIGNATURE_HEADER, SIGNATURE_SETTINGS_HEADER
from twilio.twiml.messaging_response import MessagingResponse
from twilio.twiml.voice_response import VoiceResponse

from handoff.core import events
from handoff.core.db import session_scope
from handoff.outbound import callbacks, sms
from ivr import calls, twiml
from ivr.script import load_script
from ivr.security import redact, signature_is_valid

log = logging.getLogger("ivr")
bp = Blueprint("ivr", __name__, url_prefix="/ivr")

# Answered when even the apology cannot be built (say, the script file is broken).
LAST_RESORT = (
    '<?xml version="1.0" encoding="UTF-8"?><Response>'
    "<Say>We are sorry, we are having technical difficulties. Please leave a message after the tone.</Say>"
    '<Record action="/ivr/recorded" maxLength="110" transcribe="true" transcribeCallback="/ivr/transcription"/>'
    "<Hangup/></Response>"
)


def now() -> datetime:
    """The current time; tests inject a clock as ``app.config["IVR_CLOCK"]``."""
    clock = current_app.config.get("IVR_CLOCK")
    return clock() if clock else datetime.now(UTC)


def _database_url() -> str:
    return current_app.config["SETTINGS"].database_url


def _private_values() -> tuple[str, ...]:
    form = request.form
    return tuple(form.get(name, "") for name in ("From", "To", "Caller", "Called", "SpeechResult", "TranscriptionText",
                                                 "Body"))


def _xml(document) -> Response:
    return Response(str(document), mimetype="text/xml")


def webhook(view):
    """Signature check, one database transaction, and TwiML whatever fails."""

    @functools.wraps(view)
    def handler():
        call_sid = request.form.get("CallSid") or request.form.get("MessageSid", "")
        token = current_app.config["SETTINGS"].twilio_auth_token
        if not signature_is_valid(
            token,
            request.url,
            request.form,
            request.headers.get(SIGNATURE_HEADER),
            request.headers.get(SIGNATURE_SETTINGS_HEADER),
        ):
            log.warning("ivr %s: refused a request without a valid Twilio signature (call %s)", view.__name__, call_sid)
            return Response("invalid Twilio signature\n", status=403, mimetype="text/plain")
        try:
            with session_scope(_database_url()) as session:
                return _xml(view(session, request.form))
        except Exception:
            detail = redact(traceback.format_exc(), *_private_values())
            log.error("ivr %s failed for call %s:\n%s", view.__name__, call_sid, detail)
            try:
                return _xml(twiml.apology(load_script()))
            except Exception:
                log.error("ivr: the apology itself failed for call %s", call_sid)
                return Response(LAST_RESORT, mimetype="text/xml")

    return handler


def _route(rule: str):
    def register(view):
        bp.add_url_rule(rule, view.__name__, webhook(view), methods=["POST"])
        return view

    return register


@_route("/incoming")
def incoming(session, form):
    """A call comes in: greeting, recording notice, press-9 prompt and the menu."""
    return twiml.menu(load_script())


@_route("/menu")
def menu(session, form):
    script = load_script()
    option = script.choose(form.get("Digits", ""), form.get("SpeechResult", ""))
    if option is not None and option.choice == "emergency":
        ticket, number = calls.open_outage(session, form["CallSid"], form.get("From", ""), now(), _recorded())
        return twiml.emergency(script, number, calls.recording_callback(ticket))
    return twiml.menu_answer(script, option, _int(request.args.get("a"), 1), heard=form.get("Digits", ""),
                             recorded=_recorded())


@_route("/describe")
def describe(session, form):
    """Reached when the menu heard nothing: "stay on the line" for the next agent."""
    script = load_script()
    return twiml.describe(script, _choice(script), recorded=_recorded())


@_route("/problem")
def problem(session, form):
    """The caller described the problem: triage, ticket, then queue / on-call / voicemail."""
    script = load_script()
    opened = calls.open_ticket(
        session,
        form["CallSid"],
        form.get("From", ""),
        _choice(script),
        form.get("SpeechResult", ""),
        _float(form.get("Confidence")),
        now(),
        recorded=_recorded(),
    )
    events.handed_off.send("phone", outcome=opened.destination.kind)
    return twiml.ticket_opened(script, opened.ticket.id, opened.destination, heard=opened.heard)


@_route("/wait")
def wait(session, form):
    return twiml.wait(
        load_script(),
        _int(form.get("QueuePosition"), None),
        calls.call_ticket_id(session, form.get("CallSid", "")),
        average_wait_s=_int(form.get("AvgQueueTime"), None),
        queued_s=_int(form.get("QueueTime"), None),
    )


@_route("/callback")
def callback(session, form):
    """Key 1 for a callback: on hold (``t``: seconds already queued) it leaves the queue
    keeping the caller's place; after hours (``w=open``) it replaces the voicemail.
    Any other key: back to hold, or on to the voicemail."""
    when_open = request.args.get("w") == "open"
    if form.get("Digits") != "1":
        return twiml.voicemail(load_script()) if when_open else twiml.back_to_hold()
    ticket = calls.request_callback(session, form["CallSid"], now(), _int(request.args.get("t"), None), when_open)
    return twiml.callback_confirmed(load_script(), ticket.id if ticket else None, when_open=when_open)


@_route("/voicemail")
def voicemail_only(session, form):
    """After hours, the caller did not take the callback offer: the voicemail."""
    return twiml.voicemail(load_script())


@_route("/recording")
def recording(session, form):
    """Twilio's recording status callback of a recorded <Dial> (``t``: the ticket)."""
    calls.attach_recording(
        session, request.args.get("t", ""), form.get("CallSid", ""), form.get("RecordingSid", ""),
        form.get("RecordingUrl", ""), _int(form.get("RecordingDuration"), 0), form.get("RecordingStatus", ""), now(),
    )
    return VoiceResponse()


def _callback_of_request(session):
    return callbacks.get_callback(session, _int(request.args.get("cb"), 0))


@_route("/callbacks/answer")
def callback_answer(session, form):
    """Our callback call was answered: a person hears who calls and why, then the agent."""
    callback = _callback_of_request(session)
    human = callbacks.record_answer(session, callback, form.get("CallSid", ""), form.get("AnsweredBy", ""))
    script = load_script()
    return twiml.callback_call(script, calls.callback_call(script, callback), human)


@_route("/callbacks/dial")
def callback_dial(session, form):
    callback = _callback_of_request(session)
    callbacks.record_dial(session, callback, form.get("CallSid", ""), form.get("DialCallStatus", ""))
    return twiml.callback_after_dial(load_script(), form.get("DialCallStatus", ""))


@_route("/callbacks/status")
def callback_status(session, form):
    callbacks.record_status(session, _callback_of_request(session), form.get("CallSid", ""),
                            form.get("CallStatus", ""), _int(form.get("CallDuration"), None), now())
    return VoiceResponse()


@_route("/queue-result")
def queue_result(session, form):
    """The call left the queue: bridged to an agent, hung up, left for a callback, or failed."""
    result = form.get("QueueResult", "")
    calls.record_queue_result(session, form["CallSid"], result, _int(form.get("QueueTime"), None), now())
    return twiml.after_queue(load_script(), result)


@_route("/dial-result")
def dial_result(session, form):
    status = form.get("DialCallStatus", "")
    calls.record_dial_result(session, form["CallSid"], status, now())
    return twiml.after_dial(load_script(), status)


@_route("/recorded")
def recorded(session, form):
    calls.attach_voicemail(
        session,
        form["CallSid"],
        form.get("From", ""),
        form.get("RecordingUrl", ""),
        form.get("RecordingSid", ""),
        _int(form.get("RecordingDuration"), 0),
        now(),
    )
    script = load_script()
    return twiml.goodbye(script, script["voicemail_thanks"])


@_route("/transcription")
def transcription(session, form):
    calls.add_transcription(
        session,
        form["CallSid"],
        form.get("From", ""),
        form.get("RecordingSid", ""),
        form.get("TranscriptionText", ""),
        form.get("TranscriptionStatus", ""),
        now(),
    )
    return VoiceResponse()


@_route("/status")
def status(session, form):
    calls.record_call_status(session, form["CallSid"], form.get("CallStatus", ""), _int(form.get("CallDuration"), None),
                             now())
    return VoiceResponse()


@_route("/sms")
def sms_reply(session, form):
    """The number's messaging webhook: STOP (and Twilio's other opt-out words) ends our texts
    to that number, START resumes them. Twilio answers the keyword itself: nothing to say."""
    sms.handle_reply(session, form.get("From", ""), form.get("Body", ""), now())
    return MessagingResponse()


@_route("/fallback")
def fallback(session, form):
    """The number's fallback URL: Twilio calls it when our answer failed or timed out."""
    log.warning("ivr fallback for call %s (error %s)", form.get("CallSid", ""), form.get("ErrorCode", "?"))
    return twiml.apology(load_script())


def _recorded() -> bool:
    """False once the caller said "no recording" (carried as ``r=0`` from step to step)."""
    return request.args.get("r") != "0"


def _choice(script) -> str:
    choice = request.args.get("c", "agent")
    return choice if script.option(choice) is not None else "agent"


def _float(value) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _int(value, default):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default
