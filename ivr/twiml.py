"""TwiML documents of the phone line, built with twilio's ``VoiceResponse``.

Pure functions of the script and of what the call decided: no database here.
Every ``<Gather>`` is followed by a ``<Redirect>`` (a Gather that hears nothing
and has no next verb would end the call). Action URLs are plain paths with
letter-and-digit query strings, which survive Werkzeug's URL rebuilding and so
keep the signatures of Twilio's follow-up requests valid.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from twilio.twiml.voice_response import VoiceResponse

from ivr.script import MenuOption, Script, minutes_text, spell


@dataclass(frozen=True)
class Destination:
    """Where a caller goes once their ticket is written.

    kind: ``queue`` (live hours: enqueue in ``queue``), ``on_call`` (dial
    ``number``) or ``voicemail`` (``closed`` says why nobody answers).
    """

    kind: str
    queue: str = ""
    number: str = ""
    closed: str = ""
    #: Where the <Dial>'s recording is reported ("" = the call is not recorded).
    recording_callback: str = ""
    #: After hours, a caller whose tier has phone hours may ask for a callback instead of a voicemail.
    callback_offer: bool = False


def url(step: str, **query) -> str:
    return url_for(f"ivr.{step}", **query)


def _unrecorded(recorded: bool) -> dict:
    """The query that carries a caller's "no recording" from one step to the next."""
    return {} if recorded else {"r": 0}


def _say(parent, script: Script, text: str) -> None:
    parent.say(text, voice=script["voice"], language=script["language"])


def menu(script: Script, attempt: int = 1, intro: bool = True, preface: str = "",
         recorded: bool = True) -> VoiceResponse:
    """The greeting (on answer) and the menu; keys or speech; silence means "an agent"."""
    response = VoiceResponse()
    if preface:
        _say(response, script, preface)
    words = sorted({word for option in script.menu for word in option.words})
    gather = response.gather(
        input="dtmf speech",
        num_digits=1,
        action=url("menu", a=attempt, **_unrecorded(recorded)),
        method="POST",
        timeout=script["menu_timeout_seconds"],
        speech_timeout="auto",
        hints=",".join(words),
        language=script["language"],
    )
    if intro:
        for name in ("greeting", "recording_notice", "recording_opt_out", "emergency_prompt"):
            _say(gather, script, script[name])
    _say(gather, script, script["menu_intro"])
    for option in script.menu:
        if option.spoken:
            _say(gather, script, option.spoken)
    _say(gather, script, script["menu_outro"])
    response.redirect(url("describe", c="agent", **_unrecorded(recorded)), method="POST")
    return response


def menu_answer(script: Script, option: MenuOption | None, attempt: int, heard: str = "",
                recorded: bool = True) -> VoiceResponse:
    """What follows a menu choice (other than 9): the description, the menu again, or an agent.

    "No recording" (key or words) is confirmed and the menu read again; the choice
    travels with every later step of the call."""
    if option is not None and option.choice == "no_recording":
        return menu(script, attempt, intro=False, preface=script["recording_declined"], recorded=False)
    if option is not None and option.choice != "repeat":
        return describe(script, option.choice, recorded=recorded)
    preface = script["invalid_choice"].format(heard=heard or "that") if option is None else ""
    if attempt >= script["max_menu_attempts"]:
        return describe(script, "agent", preface=f"{preface} {script['too_many_attempts']}".strip(),
                        recorded=recorded)
    return menu(script, attempt + 1, intro=False, preface=preface, recorded=recorded)


def describe(script: Script, choice: str, preface: str = "", recorded: bool = True) -> VoiceResponse:
    """Ask for the problem in the caller's words (speech, with product vocabulary hints)."""
    response = VoiceResponse()
    if preface:
        _say(response, script, preface)
    gather = response.gather(
        input="speech",
        action=url("problem", c=choice, **_unrecorded(recorded)),
        method="POST",
        timeout=script["describe_timeout_seconds"],
        speech_timeout="auto",
        hints=",".join(script["speech_hints"]),
        language=script["language"],
        action_on_empty_result=True,
    )
    _say(gather, script, script.describe_prompt(choice))
    response.redirect(url("problem", c=choice, **_unrecorded(recorded)), method="POST")
    return response


def ticket_opened(script: Script, reference: str, destination: Destination, heard: bool = True) -> VoiceResponse:
    """Read the ticket number, then queue, dial on-call or take a voicemail.

    The number is read twice; a queued caller hears it the second time on hold,
    which gets them to an agent sooner (the support design's greeting already takes half a minute).
    """
    response = VoiceResponse()
    if not heard:
        _say(response, script, script["no_description"])
    spelled = spell(reference)
    _say(response, script, script["ticket_number"].format(spelled=spelled))
    if destination.kind == "queue":
        _say(response, script, script["connecting"].format(queue=destination.queue))
        response.enqueue(
            destination.queue,
            action=url("queue_result"),
            method="POST",
            wait_url=url("wait"),
            wait_url_method="POST",
        )
        return response
    _say(response, script, script["ticket_number_again"].format(spelled=spelled))
    if destination.closed:
        _say(response, script, destination.closed)
    if destination.kind == "on_call":
        _say(response, script, script["on_call_connecting"])
        _dial(response, destination.number, destination.recording_callback)
    elif destination.callback_offer:
        # The offer waits a moment for the key; silence goes on to the voicemail.
        gather = response.gather(input="dtmf", num_digits=1, action=url("callback", w="open"), method="POST",
                                 timeout=3)
        _say(gather, script, script["callback_offer_closed"])
        response.redirect(url("voicemail_only"), method="POST")
    else:
        voicemail(script, response)
    return response


def _dial(response: VoiceResponse, number: str, recording_callback: str = "", action: str = "",
          client: str = "") -> None:
    """Connect a person; with ``recording_callback`` the conversation (both sides, from
    the answer on) is recorded and Twilio reports the recording there."""
    recording = ({"record": "record-from-answer-dual", "recording_status_callback": recording_callback,
                  "recording_status_callback_method": "POST", "recording_status_callback_event": "completed"}
                 if recording_callback else {})
    dial = response.dial(None if client else number, action=action or url("dial_result"), method="POST",
                         timeout=25, **recording)
    if client:
        dial.client(client)


def voicemail(script: Script, response: VoiceResponse | None = None, preface: str = "") -> VoiceResponse:
    """A voicemail whose recording and transcription land in the caller's ticket."""
    response = response if response is not None else VoiceResponse()
    if preface:
        _say(response, script, preface)
    _say(response, script, script["voicemail_prompt"])
    response.record(
        action=url("recorded"),
        method="POST",
        max_length=script["voicemail_max_seconds"],
        timeout=5,
        finish_on_key="#",
        play_beep=True,
        transcribe=True,
        transcribe_callback=url("transcription"),
    )
    # Reached only when the caller recorded nothing (Twilio skips the action then).
    _say(response, script, script["no_voicemail"])
    response.hangup()
    return response


def emergency(script: Script, on_call_number: str | None, recording_callback: str = "") -> VoiceResponse:
    """Press 9, once the P1 ticket is open: straight through to on-call (voicemail if none)."""
    if not on_call_number:
        return voicemail(script, preface=script["emergency_opened"])
    response = VoiceResponse()
    _say(response, script, script["emergency_opened"])
    _say(response, script, script["emergency_connecting"])
    _dial(response, on_call_number, recording_callback)
    return response


def after_queue(script: Script, result: str) -> VoiceResponse:
    """Twilio's QueueResult: the call is over unless the queue itself failed."""
    if result in ("bridged", "hangup", "leave"):
        return goodbye()
    return voicemail(script, preface=script["queue_unavailable"])


def after_dial(script: Script, status: str) -> VoiceResponse:
    """Twilio's DialCallStatus: a conversation took place, or on-call was not reached."""
    if status == "completed":
        return goodbye()
    return voicemail(script, preface=script["on_call_unreachable"])


def wait(script: Script, position: int | None, reference: str | None = None,
         average_wait_s: int | None = None, queued_s: int | None = None) -> VoiceResponse:
    """Hold: position, the queue's real average wait, the ticket number, callback offer, hold
    music; Twilio loops on this URL. The seconds already queued travel with the key press,
    so a callback keeps the caller's place."""
    response = VoiceResponse()
    query = {"t": queued_s} if queued_s is not None else {}
    gather = response.gather(input="dtmf", num_digits=1, action=url("callback", **query), method="POST", timeout=1)
    if position is not None:
        text = script["queue_position_first"] if position <= 1 else script["queue_position"].format(position=position)
        _say(gather, script, text)
    if average_wait_s:
        _say(gather, script, script["queue_average_wait"].format(wait=minutes_text(average_wait_s)))
    if reference:
        _say(gather, script, script["ticket_number_again"].format(spelled=spell(reference)))
    _say(gather, script, script["queue_callback_offer"])
    gather.play(script["hold_music"])
    response.redirect(url("wait"), method="POST")
    return response


def callback_confirmed(script: Script, reference: str | None, when_open: bool = False) -> VoiceResponse:
    """The callback is scheduled: say so and the ticket number once more, then leave the
    queue (on hold) or hang up (after hours)."""
    response = VoiceResponse()
    _say(response, script, script["callback_confirmed_open" if when_open else "callback_confirmed"])
    if reference:
        _say(response, script, script["ticket_number_again"].format(spelled=spell(reference)))
    _say(response, script, script["goodbye"])
    if when_open:
        response.hangup()
    else:
        response.leave()
    return response


@dataclass(frozen=True)
class CallbackCall:
    """What the answer TwiML of an outbound callback needs to know."""

    reference: str
    reason: str
    agent_name: str
    agent_number: str = ""
    agent_client: str = ""
    recording_callback: str = ""
    dial_action: str = ""


def callback_call(script: Script, call: CallbackCall, human: bool) -> VoiceResponse:
    """The customer picked up our callback: who is calling and why, then the agent.

    An answering machine gets a short message and the call ends (it is tried again).
    When the call is recorded, the notice comes first.
    """
    response = VoiceResponse()
    spelled = spell(call.reference)
    if not human:
        _say(response, script, script["callback_machine"].format(spelled=spelled))
        response.hangup()
        return response
    if call.recording_callback:
        _say(response, script, script["recording_notice"])
    _say(response, script, script["callback_intro"].format(reason=call.reason, spelled=spelled))
    _say(response, script, script["callback_connecting"].format(agent=call.agent_name))
    _dial(response, call.agent_number, call.recording_callback, action=call.dial_action, client=call.agent_client)
    return response


def callback_after_dial(script: Script, dial_status: str) -> VoiceResponse:
    if dial_status == "completed":
        return goodbye()
    return goodbye(script, script["callback_agent_missed"])


def back_to_hold() -> VoiceResponse:
    response = VoiceResponse()
    response.redirect(url("wait"), method="POST")
    return response


def goodbye(script: Script | None = None, text: str = "") -> VoiceResponse:
    response = VoiceResponse()
    if text and script is not None:
        _say(response, script, text)
    response.hangup()
    return response


def apology(script: Script) -> VoiceResponse:
    """What any failure answers: an apology and a voicemail."""
    return voicemail(script, preface=script["apology"])
