"""Callbacks for real: scheduled from the phone line or the API, placed through Twilio's REST
API (a local fake that records every request), answered with TwiML, retried, never doubled."""
import re
import threading
from datetime import timedelta

from sqlalchemy import select

from handoff.core.models import TicketEvent
from handoff.outbound.models import Callback
from ivr.script import spell

PUBLIC = "http://helpdesk.test"  # the suite's public URL: Twilio is given absolute URLs on it
OUR_NUMBER = "+18007328734"
JANE_PHONE = "+13125550191"  # handoff/rules/phone.yaml: Jane (team Technical) takes calls on this number
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def queued_callback(phone, caller="professional", words="uploads of mp4 files stall at ninety percent"):
    """A caller describes a problem (Technical queue), then presses 1 on hold."""
    sid = phone.new_sid()
    phone.twiml("/ivr/problem?c=technical", sid, caller=phone.callers[caller], SpeechResult=words,
                Confidence="0.9")
    phone.twiml("/ivr/callback?t=30", sid, Digits="1")
    return sid


def the_callback(db) -> Callback:
    db.rollback()
    return db.scalars(select(Callback)).one()


def console(client, login, email="jane.smith@secureai.com"):
    login(client, email)
    page = client.get("/console/callbacks").get_data(as_text=True)
    return page, CSRF.search(page).group(1)


def tick(app, now):
    from handoff.core.db import session_scope
    from handoff.outbound.scheduler import tick as scheduler_tick

    with app.app_context(), session_scope(app.config["SETTINGS"].database_url) as session:
        return scheduler_tick(session, now)


def test_call_back_places_one_outbound_call_that_twilio_can_follow(phone, client, login, db, fake_twilio, stored):
    sid = queued_callback(phone)
    callback = the_callback(db)
    page, token = console(client, login)
    assert callback.ticket_id in page and "Call back" in page
    response = client.post(f"/console/callbacks/{callback.id}/call", data={"csrf_token": token})
    assert response.status_code == 302
    client.post(f"/console/callbacks/{callback.id}/call", data={"csrf_token": token})  # a double click
    calls = fake_twilio.calls()
    assert len(calls) == 1
    form = calls[0].form
    assert calls[0].path == f"/2010-04-01/Accounts/{fake_twilio.account_sid}/Calls.json"
    assert form["To"] == phone.callers["professional"] and form["From"] == OUR_NUMBER
    assert form["Url"] == f"{PUBLIC}/ivr/callbacks/answer?cb={callback.id}" and form["Method"] == "POST"
    assert form["StatusCallback"] == f"{PUBLIC}/ivr/callbacks/status?cb={callback.id}"
    assert form["StatusCallbackEvent"] == "completed"
    assert form["MachineDetection"] == "Enable" and form["Timeout"] == "25"
    callback = the_callback(db)
    assert callback.status == "calling" and callback.agent.email == "jane.smith@secureai.com"
    assert callback.attempts == 1 and callback.call_sid.startswith("CA")
    assert "already calling" in client.get("/console/callbacks").get_data(as_text=True)

    # The customer answers: who is calling and why, the recording notice first, then Jane (recorded).
    answer = phone.twiml(f"/ivr/callbacks/answer?cb={callback.id}", callback.call_sid, AnsweredBy="human",
                         Direction="outbound-api")
    assert phone.verbs(answer) == ["Say", "Say", "Say", "Dial"]
    says = [s.text for s in answer.findall("Say")]
    assert "may be recorded" in says[0]
    ticket = stored(sid)
    assert says[1] == (f"Hello, this is SecureAI Support calling you back about your video upload problem, "
                       f"ticket number {spell(ticket.id)}.")
    assert says[2] == "Connecting you to Jane now."
    dial = answer.find("Dial")
    assert dial.text == JANE_PHONE
    assert dial.get("action") == f"/ivr/callbacks/dial?cb={callback.id}"
    assert dial.get("record") == "record-from-answer-dual"
    assert dial.get("recordingStatusCallback") == f"/ivr/recording?t={ticket.id}"
    assert phone.verbs(phone.twiml(f"/ivr/callbacks/dial?cb={callback.id}", callback.call_sid,
                                   DialCallStatus="completed")) == ["Hangup"]
    recording = {"RecordingSid": "RE" + "7" * 32, "RecordingUrl": "https://api.twilio.com/rec/RE7",
                 "RecordingDuration": "312", "RecordingStatus": "completed"}
    phone.twiml(f"/ivr/recording?t={ticket.id}", callback.call_sid, **recording)
    phone.twiml(f"/ivr/recording?t={ticket.id}", callback.call_sid, **recording)  # Twilio retries
    for _ in range(2):
        phone.twiml(f"/ivr/callbacks/status?cb={callback.id}", callback.call_sid, CallStatus="completed",
                    CallDuration="340")
    callback = the_callback(db)
    assert callback.status == "completed"
    assert [a["outcome"] for a in callback.history] == ["completed"]
    assert stored(sid).details["recordings"] == [
        {"sid": recording["RecordingSid"], "url": recording["RecordingUrl"], "duration_s": 312,
         "call_sid": callback.call_sid}]
    log = [e.message for e in db.scalars(select(TicketEvent).where(TicketEvent.ticket_id == ticket.id,
                                                                    TicketEvent.kind.in_(["callback", "recording"])))]
    assert log[-2:] == ["Call with an agent recorded (312 s): https://api.twilio.com/rec/RE7",
                        "Called back: the customer talked to Jane Smith"]
    assert len(fake_twilio.calls()) == 1


def test_busy_voicemail_and_no_answer_are_retried_after_the_delay_then_given_up(app, phone, db, clock, fake_twilio):
    queued_callback(phone)  # the Technical queue calls back automatically (handoff/rules/phone.yaml)
    start = clock.now
    outcomes = [("busy", None), ("completed", "machine_start"), ("no-answer", None)]
    for attempt, (status, answered_by) in enumerate(outcomes, start=1):
        clock.now = start + timedelta(minutes=11 * (attempt - 1))
        if attempt > 1:  # ten minutes between attempts
            assert tick(app, clock.now - timedelta(minutes=2))["callbacks_started"] == 0
        assert tick(app, clock.now)["callbacks_started"] == 1
        assert tick(app, clock.now)["callbacks_started"] == 0  # in progress: not rung twice
        callback = the_callback(db)
        assert callback.attempts == attempt and callback.status == "calling"
        if answered_by:
            machine = phone.twiml(f"/ivr/callbacks/answer?cb={callback.id}", callback.call_sid,
                                  AnsweredBy=answered_by)
            assert phone.verbs(machine) == ["Say", "Hangup"] and "try you again" in phone.said(machine)
        for _ in range(2):  # a repeated status callback changes nothing
            phone.twiml(f"/ivr/callbacks/status?cb={callback.id}", callback.call_sid, CallStatus=status,
                        CallDuration="0")
    callback = the_callback(db)
    assert callback.status == "failed"
    assert [a["outcome"] for a in callback.history] == ["busy", "voicemail", "no-answer"]
    assert tick(app, start + timedelta(hours=2))["callbacks_started"] == 0
    calls = fake_twilio.calls()
    assert len(calls) == 3 and len({c.form["To"] for c in calls}) == 1
    sids = [a["call_sid"] for a in callback.history]
    assert len(set(sids)) == 3


def test_a_retry_keeps_the_callers_place_in_line(app, phone, db, clock, fake_twilio):
    from handoff.core.db import session_scope
    from handoff.outbound import callbacks

    first = queued_callback(phone, "professional")
    clock.now += timedelta(minutes=1)
    queued_callback(phone, "enterprise", "our api integration returns error 500 on every call")
    tick(app, clock.now)
    db.rollback()
    rows = db.scalars(select(Callback).order_by(Callback.id)).all()
    busy = next(c for c in rows if c.status == "calling")
    phone.twiml(f"/ivr/callbacks/status?cb={busy.id}", busy.call_sid, CallStatus="busy")
    with session_scope(app.config["SETTINGS"].database_url) as session:
        line = [c.id for c in callbacks.open_callbacks(session)]
    assert line[0] == busy.id == rows[0].id  # asked first, still first after a busy attempt
    assert first


def test_a_callback_the_twilio_api_refuses_is_queued_again_not_lost(phone, client, login, db, fake_twilio):
    queued_callback(phone)
    callback = the_callback(db)
    fake_twilio.failures.append(500)
    _, token = console(client, login)
    client.post(f"/console/callbacks/{callback.id}/call", data={"csrf_token": token})
    callback = the_callback(db)
    assert callback.status == "queued" and callback.attempts == 1
    assert callback.history[-1]["outcome"] == "not-placed"
    assert len(fake_twilio.calls()) == 1


def test_concurrent_ticks_never_ring_a_customer_twice(app, phone, db, clock, fake_twilio):
    for caller in ("professional", "starter", "unknown"):
        queued_callback(phone, caller)
    barrier = threading.Barrier(3)
    results = []

    def run():
        barrier.wait()
        results.append(tick(app, clock.now)["callbacks_started"])

    threads = [threading.Thread(target=run) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # One free Technical agent (Jane): one call, however many ticks ran.
    assert sum(results) == 1 and len(fake_twilio.calls()) == 1


def test_the_portal_schedules_a_callback_through_the_api_once(phone, client, service_headers, db, fake_twilio):
    sid = phone.new_sid()
    phone.twiml("/ivr/problem?c=billing", sid, caller=phone.callers["professional"],
                SpeechResult="we were charged twice for the same invoice", Confidence="0.9")
    ticket_id = db.scalars(select(TicketEvent.ticket_id)).first()
    body = {"ticket_id": ticket_id, "window_start": "2030-01-07T15:00:00Z", "window_end": "2030-01-07T17:00:00Z"}
    headers = {**service_headers, "Idempotency-Key": "portal-cb-1"}
    first = client.post("/api/callbacks", json=body, headers=headers)
    again = client.post("/api/callbacks", json=body, headers=headers)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.get_json()["id"] == again.get_json()["id"]
    made = first.get_json()
    assert made["phone"] == phone.callers["professional"] and made["source"] == "portal"
    assert made["window_start"] == "2030-01-07T15:00:00Z" and made["status"] == "queued"
    listed = client.get("/api/callbacks", headers=service_headers).get_json()["callbacks"]
    assert [c["id"] for c in listed] == [made["id"]] and listed[0]["position"] == 1
    bad = client.post("/api/callbacks", json={**body, "window_end": "2030-01-07T14:00:00Z"},
                      headers={**service_headers, "Idempotency-Key": "portal-cb-2"})
    assert bad.status_code == 400
    assert client.post("/api/callbacks", json={"ticket_id": "TICK-20300101-001"},
                       headers=service_headers).status_code == 404
    assert client.post("/api/callbacks", json=body).status_code == 401
    assert fake_twilio.calls() == []  # scheduling places no call


def test_automatic_callbacks_stay_inside_the_customers_window(app, phone, db, clock, fake_twilio):
    queued_callback(phone)
    assert tick(app, clock.now + timedelta(hours=25))["callbacks_started"] == 0  # the 24 h window is over
    assert the_callback(db).status == "queued" and fake_twilio.calls() == []


def test_call_back_without_a_twilio_account_says_so_and_uses_no_attempt(app, phone, db):
    from dataclasses import replace

    import pytest

    from handoff.core.db import session_scope
    from handoff.core.errors import Conflict
    from handoff.core.models import Agent
    from handoff.outbound import callbacks

    queued_callback(phone)
    settings = replace(app.config["SETTINGS"], twilio_account_sid="")
    with session_scope(settings.database_url) as session:
        callback = session.get(Callback, the_callback(db).id)
        jane = session.scalars(select(Agent).where(Agent.email == "jane.smith@secureai.com")).one()
        with pytest.raises(Conflict, match="outbound calls are off"):
            callbacks.start_callback(session, callback, jane, settings, callback.requested_at)
    assert the_callback(db).attempts == 0 and the_callback(db).status == "queued"
