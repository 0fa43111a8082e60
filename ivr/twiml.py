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


def url(step: str, **query) -> str:
    return url_for(f"ivr.{step}", **query)


def _say(parent, script: Script, text: str) -> None:
    parent.say(text, voice=script["voice"], language=script["language"])


def menu(script: Script, attempt: int = 1, intro: bool = True, preface: str = "") -> VoiceResponse:
    """The greeting (on answer) and the menu; keys or speech; silence means "an agent"."""
    response = VoiceResponse()
    if preface:
        _say(response, script, preface)
    words = sorted({word for option in script.menu for word in option.words})
    gather = response.gather(
        input="dtmf speech",
        num_digits=1,
        action=url("menu", a=attempt),
        method="POST",
        timeout=script["menu_timeout_seconds"],
        speech_timeout="auto",
        hints=",".join(words),
        language=script["language"],
    )
    if intro:
        for name in ("greeting", "recording_notice", "emergency_prompt"):
            _say(gather, script, script[name])
    _say(gather, script, script["menu_intro"])
    for option in script.menu:
        if option.spoken:
            _say(gather, script, option.spoken)
    _say(gather, script, script["menu_outro"])
    response.redirect(url("describe", c="agent"), method="POST")
    return response


def menu_answer(script: Script, option: MenuOption | None, attempt: int, heard: str = "") -> VoiceResponse:
    """What follows a menu choice (other than 9): the description, the menu again, or an agent."""
    if option is not None and option.choice != "repeat":
        return describe(script, option.choice)
    preface = script["invalid_choice"].format(heard=heard or "that") if option is None else ""
    if attempt >= script["max_menu_attempts"]:
        return describe(script, "agent", preface=f"{preface} {script['too_many_attempts']}".strip())
    return menu(script, attempt + 1, intro=False, preface=preface)


def describe(script: Script, choice: str, preface: str = "") -> VoiceResponse:
    """Ask for the problem in the caller's words (speech, with product vocabulary hints)."""
    response = VoiceResponse()
    if preface:
        _say(response, script, preface)
    gather = response.gather(
        input="speech",
        action=url("problem", c=choice),
        method="POST",
        timeout=script["describe_timeout_seconds"],
        speech_timeout="auto",
        hints=",".join(script["speech_hints"]),
        language=script["language"],
        action_on_empty_result=True,
    )
    _say(gather, script, script.describe_prompt(choice))
    response.redirect(url("problem", c=choice), method="POST")
    return response


def ticket_opened(script: Script, reference: str, destination: Destination, heard: bool = True) -> VoiceResponse:
    """Read the ticket number, then queue, dial on-call or take a voicemail.

    The number is read twice; a queued caller hears it the second time on hold,
    which gets them to an agent sooner (the seed's greeting already takes half a minute).
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
        _dial(response, destination.number)
    else:
        voicemail(script, response)
    return response


def _dial(response: VoiceResponse, number: str) -> None:
    response.dial(number, action=url("dial_result"), method="POST", timeout=25)


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


def emergency(script: Script, on_call_number: str | None) -> VoiceResponse:
    """Press 9, once the P1 ticket is open: straight through to on-call (voicemail if none)."""
    if not on_call_number:
        return voicemail(script, preface=script["emergency_opened"])
    response = VoiceResponse()
    _say(response, script, script["emergency_opened"])
    _say(response, script, script["emergency_connecting"])
    _dial(response, on_call_number)
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


def callback_confirmed(script: Script) -> VoiceResponse:
    response = VoiceResponse()
    _say(response, script, script["callback_confirmed"])
    response.leave()
    return response


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
