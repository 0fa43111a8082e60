"""Holding in the queue, callbacks, voicemail and its transcription, call outcomes."""
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from handoff.core.models import TicketEvent
from ivr.script import spell

WEDNESDAY_10PM_NY = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)


def open_call(phone, caller="professional"):
    sid = phone.new_sid()
    phone.twiml("/ivr/problem?c=technical", sid, caller=phone.callers[caller],
                SpeechResult="uploads of mp4 files stall at ninety percent", Confidence="0.9")
    return sid




def events(db, ticket, kind):
    return db.scalars(select(TicketEvent).where(TicketEvent.ticket_id == ticket.id, TicketEvent.kind == kind)).all()


def test_hold_announces_the_position_offers_a_callback_and_plays_music(phone):
    root = phone.twiml("/ivr/wait", phone.new_sid(), QueuePosition="3", QueueTime="40", AvgQueueTime="60")
    phone.assert_gathers_are_followed(root)
    gather = root.find("Gather")
    assert gather.get("action") == "/ivr/callback?t=40"  # seconds queued: the callback keeps the place
    assert gather.get("numDigits") == "1"
    assert "You are number 3 in line." in phone.said(gather)
    assert "The average wait right now is about 1 minute." in phone.said(gather)
    longer = phone.twiml("/ivr/wait", phone.new_sid(), QueuePosition="3", QueueTime="40", AvgQueueTime="430")
    assert "about 7 minutes" in phone.said(longer)
    assert "press 1" in phone.said(gather)
    assert gather.find("Play").text.endswith(".mp3")
    assert root.find("Redirect").text == "/ivr/wait"
    first = phone.twiml("/ivr/wait", phone.new_sid(), QueuePosition="1")
    assert "You are next in line." in phone.said(first)


def test_pressing_1_on_hold_leaves_the_queue_for_a_callback_that_keeps_the_callers_place(phone, db, stored, clock):
    from handoff.outbound.models import Callback

    sid = open_call(phone)
    root = phone.twiml("/ivr/callback?t=90", sid, Digits="1")
    assert phone.verbs(root) == ["Say", "Say", "Say", "Leave"]
    assert "call you back" in phone.said(root)
    ticket = stored(sid)
    assert f"Again, your ticket number is {spell(ticket.id)}." in phone.said(root)  # once more at the end
    phone.twiml("/ivr/callback?t=90", sid, Digits="1")  # Twilio retries the webhook
    callback = db.scalars(select(Callback)).one()
    assert (callback.ticket_id, callback.phone, callback.source, callback.status) == (
        ticket.id, phone.callers["professional"], "hold", "queued")
    assert callback.requested_at == clock.now - timedelta(seconds=90)  # when the caller joined the queue
    assert ticket.details["call"]["callback_requested"] is True
    assert len(events(db, ticket, "callback")) == 1
    after = phone.twiml("/ivr/queue-result", sid, QueueResult="leave", QueueTime="30")
    assert phone.verbs(after) == ["Hangup"]


def test_another_key_on_hold_keeps_the_caller_waiting(phone):
    root = phone.twiml("/ivr/callback", phone.new_sid(), Digits="5")
    assert phone.verbs(root) == ["Redirect"] and root.find("Redirect").text == "/ivr/wait"


def test_hanging_up_in_the_queue_marks_the_call_abandoned_with_its_duration(phone, db, stored):
    sid = open_call(phone)
    phone.twiml("/ivr/queue-result", sid, QueueResult="hangup", QueueTime="95")
    phone.twiml("/ivr/status", sid, CallStatus="completed", CallDuration="140")
    call = stored(sid).details["call"]
    assert call["queue_result"] == "hangup"
    assert call["outcome"] == "abandoned"
    assert call["duration_s"] == 140
    # A repeated status callback adds nothing to the activity log.
    phone.twiml("/ivr/status", sid, CallStatus="completed", CallDuration="140")
    assert [e.message for e in events(db, stored(sid), "call")] == [
        "Caller hung up while waiting in the queue (abandoned) after 95 s",
        "Call abandoned after 140 s",
    ]


def test_a_call_answered_by_an_agent_completes(phone, stored):
    sid = open_call(phone)
    assert phone.verbs(phone.twiml("/ivr/queue-result", sid, QueueResult="bridged", QueueTime="12")) == ["Hangup"]
    phone.twiml("/ivr/status", sid, CallStatus="completed", CallDuration="300")
    call = stored(sid).details["call"]
    assert call["outcome"] == "completed" and call["duration_s"] == 300


def test_a_failed_queue_offers_voicemail(phone):
    root = phone.twiml("/ivr/queue-result", open_call(phone), QueueResult="queue-full")
    assert "agents are busy" in phone.said(root)
    assert root.find("Record") is not None


def test_on_call_not_answering_sends_the_caller_to_voicemail(phone, clock, stored):
    clock.now = WEDNESDAY_10PM_NY
    sid = open_call(phone, caller="enterprise")
    root = phone.twiml("/ivr/dial-result", sid, DialCallStatus="no-answer")
    assert "could not be reached" in phone.said(root)
    assert root.find("Record").get("action") == "/ivr/recorded"
    assert stored(sid).details["call"]["on_call"] == "no-answer"
    answered = phone.twiml("/ivr/dial-result", sid, DialCallStatus="completed")
    assert phone.verbs(answered) == ["Hangup"]


def test_the_voicemail_and_its_transcription_land_in_the_ticket_once(phone, db, clock, stored):
    clock.now = WEDNESDAY_10PM_NY
    sid = open_call(phone)
    recording = {"RecordingSid": "RE" + "1" * 32, "RecordingUrl": "https://api.twilio.com/rec/RE1",
                 "RecordingDuration": "21"}
    root = phone.twiml("/ivr/recorded", sid, **recording)
    assert phone.verbs(root) == ["Say", "Hangup"]
    phone.twiml("/ivr/recorded", sid, **recording)  # Twilio retries
    words = "please call me back about the stalled uploads"
    phone.twiml("/ivr/transcription", sid, TranscriptionText=words, TranscriptionStatus="completed", **recording)
    phone.twiml("/ivr/transcription", sid, TranscriptionText=words, TranscriptionStatus="completed", **recording)
    ticket = stored(sid)
    assert ticket.recording_url == "https://api.twilio.com/rec/RE1"
    assert ticket.details["voicemail"]["transcription"] == words
    assert [m["text"] for m in ticket.transcript].count(words) == 1
    assert len(events(db, ticket, "voicemail")) == 2  # recorded, transcribed


def test_a_voicemail_from_a_call_without_a_ticket_opens_one(phone, stored):
    sid = phone.new_sid()
    recording = {"RecordingSid": "RE" + "2" * 32, "RecordingUrl": "https://api.twilio.com/rec/RE2",
                 "RecordingDuration": "9"}
    phone.twiml("/ivr/recorded", sid, **recording)
    phone.twiml("/ivr/transcription", sid, TranscriptionText="our invoice is wrong",
                TranscriptionStatus="completed", **recording)
    ticket = stored(sid)
    assert ticket.recording_url == recording["RecordingUrl"]
    assert ticket.details["voicemail"]["transcription"] == "our invoice is wrong"


def test_a_transcription_whose_recording_webhook_never_arrived_is_kept(phone, stored):
    sid = phone.new_sid()
    phone.twiml("/ivr/transcription", sid, RecordingSid="RE" + "3" * 32, TranscriptionText="call me back",
                TranscriptionStatus="completed")
    assert stored(sid).details["voicemail"]["transcription"] == "call me back"


def test_a_failed_transcription_is_noted_for_the_agent(phone, db, stored):
    sid = open_call(phone)
    phone.twiml("/ivr/recorded", sid, RecordingSid="RE" + "4" * 32, RecordingUrl="https://x/RE4", RecordingDuration="1")
    phone.twiml("/ivr/transcription", sid, RecordingSid="RE" + "4" * 32, TranscriptionStatus="failed")
    ticket = stored(sid)
    assert ticket.details["voicemail"]["transcription_status"] == "failed"
    assert "listen to the recording" in events(db, ticket, "voicemail")[-1].message


def voicemail_with_words(phone, sid, words, caller="professional"):
    recording = {"RecordingSid": "RE" + sid[-32:], "RecordingUrl": f"https://api.twilio.com/rec/{sid}",
                 "RecordingDuration": "17"}
    phone.twiml("/ivr/recorded", sid, caller=phone.callers[caller], **recording)
    phone.twiml("/ivr/transcription", sid, caller=phone.callers[caller], TranscriptionText=words,
                TranscriptionStatus="completed", **recording)


def notices(db, ticket):
    from handoff.core.models import Notification

    return db.scalars(select(Notification).where(Notification.ticket_id == ticket.id,
                                                 Notification.kind == "voicemail")).all()


URGENT_API = "our api integration returns error 401 on every request since this morning and nothing works"


def test_a_silent_callers_voicemail_re_triages_and_re_routes_the_ticket(phone, db, clock, stored):
    clock.now = WEDNESDAY_10PM_NY
    sid = phone.new_sid()
    phone.twiml("/ivr/problem?c=billing", sid, SpeechResult="")  # said nothing: filed as billing/P3
    before = stored(sid)
    assert (before.category, before.queue, before.details["awaiting_description"]) == ("billing", "Billing", True)
    voicemail_with_words(phone, sid, URGENT_API)
    after = stored(sid)
    assert after.category == "api_integration" and after.queue == "Technical"
    assert after.description == URGENT_API and after.triage_source == "model"
    assert "awaiting_description" not in after.details
    [line] = events(db, after, "triaged")[-1:]
    assert line.message.startswith("Re-triaged (voicemail transcription) by model")
    assert "was billing/P3 in Billing" in line.message and "now in Technical" in line.message
    [notice] = notices(db, after)
    assert notice.to_addr == "technical-support@secureai.com"  # the re-routed queue's address
    assert URGENT_API in notice.body and f"https://api.twilio.com/rec/{sid}" in notice.body
    voicemail_with_words(phone, sid, URGENT_API)  # Twilio retries both callbacks
    assert len(events(db, stored(sid), "triaged")) == 1 and len(notices(db, after)) == 1


def test_a_voicemail_ticket_opened_after_an_error_is_re_triaged_by_its_transcription(phone, db, stored):
    sid = phone.new_sid()  # the apology's voicemail: no ticket before the recording
    voicemail_with_words(phone, sid, URGENT_API)
    ticket = stored(sid)
    assert ticket.category == "api_integration" and ticket.description == URGENT_API
    assert len(notices(db, ticket)) == 1


def test_a_described_problem_keeps_its_triage_when_a_voicemail_follows(phone, db, clock, stored):
    clock.now = WEDNESDAY_10PM_NY
    sid = open_call(phone)
    category = stored(sid).category
    voicemail_with_words(phone, sid, "also our invoice seems wrong")
    ticket = stored(sid)
    assert ticket.category == category and ticket.description.startswith("uploads of mp4")
    assert len(events(db, ticket, "triaged")) == 1
    assert notices(db, ticket)[0].to_addr == "technical-support@secureai.com"
