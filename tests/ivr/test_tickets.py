"""After the menu: the ticket, read back, and where the call goes by tier, hours and time zone."""
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from handoff.core.models import Notification, Ticket
from ivr.script import spell

ON_CALL = "+16175550142"  # handoff/rules/hours.yaml
WEDNESDAY_10AM_NY = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)
WEDNESDAY_10PM_NY = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)
# The same evening in New York, on two sides of the Professional line's 8 PM close,
# while the UTC date has already moved on to Thursday.
WEDNESDAY_7_30PM_NY = datetime(2026, 11, 26, 0, 30, tzinfo=UTC)
WEDNESDAY_8_30PM_NY = datetime(2026, 11, 26, 1, 30, tzinfo=UTC)


def describe(phone, caller="professional", choice="technical", speech="every call to the analyze endpoint returns 401",
             sid=None):
    sid = sid or phone.new_sid()
    fields = {"SpeechResult": speech, "Confidence": "0.87"} if speech else {}
    root = phone.twiml(f"/ivr/problem?c={choice}", sid, caller=phone.callers[caller], **fields)
    return sid, root




def test_the_description_becomes_a_triaged_phone_ticket_read_back_digit_by_digit(phone, stored):
    sid, root = describe(phone)
    ticket = stored(sid)
    assert ticket.channel == "phone"
    assert ticket.call_sid == sid
    assert ticket.speech_transcript == "every call to the analyze endpoint returns 401"
    assert ticket.speech_confidence == pytest.approx(0.87)
    assert ticket.customer_tier == "professional" and ticket.customer_known
    assert ticket.category == "api_integration"
    assert ticket.triage_source == "model"
    assert ticket.details["ivr_menu"] == "technical"
    day, number = ticket.id.split("-")[1:]
    spelled = f"{' '.join(day)}, dash, {' '.join(number)}"
    assert spelled.startswith("2 0 2 6")
    assert f"Your ticket number is {spelled}." in phone.said(root)
    # Queued in live hours: the caller hears it again on hold, to write it down.
    hold = phone.twiml("/ivr/wait", sid, QueuePosition="2")
    assert f"Again, your ticket number is {spelled}." in phone.said(hold)


def test_in_live_hours_the_caller_is_enqueued_in_the_queue_routing_chose(phone, clock, stored):
    clock.now = WEDNESDAY_10AM_NY
    sid, root = describe(phone)
    ticket = stored(sid)
    assert ticket.live_coverage == "live"
    assert phone.verbs(root)[-1] == "Enqueue"
    enqueue = root.find("Enqueue")
    assert enqueue.text == ticket.queue == "Technical"
    assert enqueue.get("waitUrl") == "/ivr/wait"
    assert enqueue.get("waitUrlMethod") == "POST"
    assert enqueue.get("action") == "/ivr/queue-result"


def test_enterprise_callers_queue_in_the_enterprise_queue(phone, clock, stored):
    clock.now = WEDNESDAY_10AM_NY
    sid, root = describe(phone, caller="enterprise")
    assert root.find("Enqueue").text == "Enterprise" == stored(sid).queue


def test_after_hours_a_professional_caller_is_offered_a_callback_then_leaves_a_transcribed_voicemail(
        phone, clock, stored):
    clock.now = WEDNESDAY_10PM_NY
    sid, root = describe(phone)
    assert stored(sid).live_coverage == "queue"
    phone.assert_gathers_are_followed(root)
    offer = root.find("Gather")
    assert (offer.get("input"), offer.get("numDigits"), offer.get("action")) == ("dtmf", "1", "/ivr/callback?w=open")
    assert "call back as soon as we open, press 1" in phone.said(offer)
    assert root.find("Redirect").text == "/ivr/voicemail"
    text = phone.said(root)
    voicemail = phone.twiml("/ivr/voicemail", sid)
    assert phone.verbs(voicemail)[-3:] == ["Record", "Say", "Hangup"]
    record = voicemail.find("Record")
    assert int(record.get("maxLength")) < 120
    assert record.get("transcribe") == "true"
    assert record.get("transcribeCallback") == "/ivr/transcription"
    assert record.get("action") == "/ivr/recorded"
    assert "Monday to Friday, 8 AM to 8 PM" in text
    assert text.count(spell(stored(sid).id)) == 2  # the ticket number, read twice


def test_after_hours_key_1_schedules_a_callback_for_the_next_opening_instead_of_a_voicemail(phone, clock, stored, db):
    from handoff.outbound.models import Callback

    clock.now = WEDNESDAY_10PM_NY
    sid, _ = describe(phone)
    other_key = phone.twiml("/ivr/callback?w=open", sid, Digits="5")
    assert other_key.find("Record") is not None  # on to the voicemail
    root = phone.twiml("/ivr/callback?w=open", sid, Digits="1")
    assert phone.verbs(root) == ["Say", "Say", "Say", "Hangup"]
    assert "as soon as we open" in phone.said(root)
    assert spell(stored(sid).id) in phone.said(root)
    callback = db.scalars(select(Callback)).one()
    assert callback.source == "after_hours"
    # Thursday is Thanksgiving: Professional's limited hours open at 10 AM New York (15:00 UTC).
    assert callback.window_start == datetime(2026, 11, 26, 15, 0, tzinfo=UTC)


def test_after_hours_an_enterprise_caller_is_put_through_to_on_call(phone, clock, stored):
    clock.now = WEDNESDAY_10PM_NY
    sid, root = describe(phone, caller="enterprise")
    assert stored(sid).live_coverage == "on_call"
    dial = root.find("Dial")
    assert dial.text == ON_CALL
    assert dial.get("action") == "/ivr/dial-result"
    assert "on-call engineer" in phone.said(root)


@pytest.mark.parametrize("caller", ["starter", "unknown"])
def test_starter_and_unknown_callers_get_voicemail_even_in_business_hours(phone, clock, caller, stored):
    clock.now = WEDNESDAY_10AM_NY
    sid, root = describe(phone, caller=caller)
    assert stored(sid).customer_tier == "starter"
    assert root.find("Record") is not None and root.find("Enqueue") is None


@pytest.mark.parametrize("now, verb", [(WEDNESDAY_7_30PM_NY, "Enqueue"), (WEDNESDAY_8_30PM_NY, "Gather")])
def test_hours_are_read_in_new_york_time_not_utc(phone, clock, now, verb):
    clock.now = now
    _, root = describe(phone)
    assert root.find(verb) is not None


def test_thanksgiving_gives_professional_callers_limited_hours(phone, clock):
    clock.now = datetime(2026, 11, 26, 14, 0, tzinfo=UTC)  # 9 AM NY: closed until 10
    _, root = describe(phone)
    assert root.find("Enqueue") is None and root.find("Gather").get("action") == "/ivr/callback?w=open"
    clock.now = datetime(2026, 11, 26, 16, 0, tzinfo=UTC)  # 11 AM NY
    _, root = describe(phone)
    assert root.find("Enqueue") is not None


def test_a_caller_who_says_nothing_still_gets_a_ticket_in_the_chosen_category(phone, stored):
    sid, root = describe(phone, choice="billing", speech="")
    ticket = stored(sid)
    assert ticket.category == "billing" and ticket.priority == "P3"
    assert ticket.triage_source == "given"
    assert "did not hear a description" in phone.said(root)


def test_a_retried_description_webhook_makes_no_second_ticket(phone, db):
    sid, first = describe(phone)
    _, again = describe(phone, sid=sid)
    _, reworded = describe(phone, sid=sid, speech="every call returns 401")
    assert db.scalar(select(func.count()).select_from(Ticket).where(Ticket.call_sid == sid)) == 1
    assert phone.said(first) == phone.said(again) == phone.said(reworded)


def test_press_9_opens_a_p1_outage_alerts_management_and_dials_on_call(phone, db, stored):
    sid = phone.new_sid()
    root = phone.twiml("/ivr/menu?a=1", sid, caller=phone.callers["starter"], Digits="9")
    ticket = stored(sid)
    assert ticket.priority == "P1"
    assert ticket.support_tier == 3
    assert ticket.details["emergency"] is True
    assert "emergency-hotline" in ticket.rules_fired
    management = db.scalars(
        select(Notification).where(Notification.ticket_id == ticket.id, Notification.kind == "management")
    ).all()
    assert len(management) == 1
    assert "vp-engineering@secureai.com" in management[0].to_addr
    assert management[0].status in ("pending", "outbox")  # delivered later, off the call's path
    assert phone.verbs(root) == ["Say", "Say", "Dial"]
    assert root.find("Dial").text == ON_CALL
    assert root.find("Dial").get("action") == "/ivr/dial-result"
    # Twilio retries the webhook: still one ticket and one notification.
    phone.twiml("/ivr/menu?a=1", sid, caller=phone.callers["starter"], Digits="9")
    db.rollback()
    assert db.scalar(select(func.count()).select_from(Notification).where(Notification.kind == "management")) == 1


def test_saying_outage_in_the_menu_is_the_same_as_pressing_9(phone, stored):
    sid = phone.new_sid()
    root = phone.twiml("/ivr/menu?a=1", sid, SpeechResult="emergency our system is down", Confidence="0.8")
    assert stored(sid).priority == "P1"
    assert root.find("Dial").text == ON_CALL


def test_press_9_without_an_on_call_number_still_opens_the_p1_and_takes_a_voicemail(phone, stored, monkeypatch):
    from ivr import calls

    monkeypatch.setattr(calls, "on_call_number", lambda tier: None)
    sid = phone.new_sid()
    root = phone.twiml("/ivr/menu?a=1", sid, Digits="9")
    assert stored(sid).priority == "P1"
    assert root.find("Dial") is None
    assert root.find("Record").get("action") == "/ivr/recorded"


def test_agent_calls_are_recorded_by_tier_policy_unless_the_caller_says_no_recording(phone, stored):
    recorded_sid = phone.new_sid()
    dial = phone.twiml("/ivr/menu?a=1", recorded_sid, caller=phone.callers["enterprise"], Digits="9").find("Dial")
    ticket = stored(recorded_sid)
    assert dial.get("record") == "record-from-answer-dual"
    assert dial.get("recordingStatusCallback") == f"/ivr/recording?t={ticket.id}"
    assert dial.get("recordingStatusCallbackEvent") == "completed"

    starter = phone.twiml("/ivr/menu?a=1", phone.new_sid(), caller=phone.callers["starter"], Digits="9")
    assert starter.find("Dial").get("record") is None  # the Starter tier's policy: not recorded

    sid = phone.new_sid()
    declined = phone.twiml("/ivr/menu?a=1", sid, caller=phone.callers["enterprise"], SpeechResult="no recording please")
    assert phone.said(declined).startswith("Understood, this call will not be recorded.")
    assert declined.find("Gather").get("action") == "/ivr/menu?a=1&r=0"
    assert declined.find("Redirect").text == "/ivr/describe?c=agent&r=0"
    assert phone.twiml("/ivr/menu?a=1", phone.new_sid(), Digits="8").find("Gather").get("action").endswith("r=0")
    dial = phone.twiml("/ivr/menu?a=1&r=0", sid, caller=phone.callers["enterprise"], Digits="9").find("Dial")
    assert dial.get("record") is None and dial.get("recordingStatusCallback") is None
    assert stored(sid).details["recording_opt_out"] is True


def test_the_recording_notice_and_its_opt_out_come_right_after_the_greeting(phone):
    says = [s.text for s in phone.twiml("/ivr/incoming", phone.new_sid()).iter("Say")]
    assert says[:3] == ["Thank you for calling SecureAI Support.",
                        "For quality and training purposes, this call may be recorded.",
                        "To speak with us without being recorded, press 8 or say no recording."]
