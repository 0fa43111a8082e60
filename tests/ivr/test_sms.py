"""Written confirmation: a text with the ticket number and tracking link, from the outbox
(``handoff tick``), only to mobiles that did not reply STOP; every request checked on the
local fake of Twilio's REST API."""
from datetime import timedelta

from sqlalchemy import select

from handoff.core.models import Notification
from handoff.outbound.models import SmsOptOut
from handoff.outbound.notifications import tracking_url

OUR_NUMBER = "+18007328734"


def call(phone, caller="professional"):
    sid = phone.new_sid()
    phone.twiml("/ivr/problem?c=technical", sid, caller=phone.callers[caller],
                SpeechResult="every call to the analyze endpoint returns 401", Confidence="0.9")
    return sid


def texts(db):
    db.rollback()
    return db.scalars(select(Notification).where(Notification.kind == "sms").order_by(Notification.id)).all()


def tick(app, now):
    from handoff.core.db import session_scope
    from handoff.outbound.scheduler import tick as scheduler_tick

    with app.app_context(), session_scope(app.config["SETTINGS"].database_url) as session:
        return scheduler_tick(session, now)


def reply(phone, caller, body):
    return phone.post("/ivr/sms", "", caller=phone.callers[caller], MessageSid="SM" + "1" * 32, Body=body)


def test_a_ticket_opened_by_a_call_is_confirmed_by_text_from_the_outbox(app, phone, db, stored, clock, fake_twilio):
    sid = call(phone)
    phone.twiml("/ivr/problem?c=technical", sid, caller=phone.callers["professional"],
                SpeechResult="every call to the analyze endpoint returns 401")  # Twilio retries
    ticket = stored(sid)
    [text] = texts(db)
    assert text.status == "pending" and text.to_addr == phone.callers["professional"]
    assert fake_twilio.requests == []  # nothing sent on the webhook's path
    assert tick(app, clock.now)["sms_sent"] == 1
    lookup, message = fake_twilio.requests
    assert lookup.method == "GET" and lookup.path == "/v2/PhoneNumbers/+13125550111"
    assert lookup.query == {"Fields": "line_type_intelligence"}
    assert message.path == f"/2010-04-01/Accounts/{fake_twilio.account_sid}/Messages.json"
    assert message.form["To"] == phone.callers["professional"] and message.form["From"] == OUR_NUMBER
    with app.app_context():  # the portal's link, with the ticket's access token
        link = tracking_url("http://helpdesk.test", ticket)
    assert "?token=" in link
    assert message.form["Body"] == (f"SecureAI Support: your ticket number is {ticket.id}. Track it at "
                                    f"{link} Reply STOP to opt out.")
    assert texts(db)[0].status == "sent"
    assert tick(app, clock.now + timedelta(minutes=10))["sms_sent"] == 0
    assert len(fake_twilio.messages()) == 1


def test_landlines_get_no_text(app, phone, db, clock, fake_twilio):
    fake_twilio.landlines.add(phone.callers["enterprise"])
    call(phone, "enterprise")
    assert tick(app, clock.now)["sms_skipped"] == 1
    assert fake_twilio.messages() == []
    assert (texts(db)[0].status, texts(db)[0].last_error) == ("skipped", "not a mobile number")


def test_stop_on_the_signed_messaging_webhook_is_honoured_until_start(app, phone, db, clock, fake_twilio):
    call(phone)  # a text waits in the outbox
    assert phone.post("/ivr/sms", "", caller=phone.callers["professional"], sign=False,
                      Body="STOP").status_code == 403
    assert db.scalars(select(SmsOptOut)).all() == []
    response = reply(phone, "professional", " stop ")
    assert response.status_code == 200 and response.get_data(as_text=True).endswith("<Response />")
    db.rollback()
    assert db.get(SmsOptOut, phone.callers["professional"]).keyword == "STOP"
    assert tick(app, clock.now)["sms_skipped"] == 1  # the waiting text is not sent
    call(phone)
    assert len(texts(db)) == 1  # and a new call queues none
    assert fake_twilio.messages() == []
    reply(phone, "professional", "START")
    call(phone)
    assert len(texts(db)) == 2


def test_twilio_refusing_an_unsubscribed_number_records_the_opt_out(app, phone, db, clock, fake_twilio):
    fake_twilio.unsubscribed.add(phone.callers["professional"])
    call(phone)
    assert tick(app, clock.now)["sms_skipped"] == 1
    db.rollback()
    assert db.get(SmsOptOut, phone.callers["professional"]) is not None


def test_a_failed_send_is_retried_after_its_back_off_and_sent_once(app, phone, db, clock, fake_twilio):
    fake_twilio.failures.append(503)
    call(phone)
    assert tick(app, clock.now)["sms_failed"] == 1
    assert texts(db)[0].status == "pending"
    assert tick(app, clock.now + timedelta(seconds=30))["sms_sent"] == 0  # still backing off
    assert tick(app, clock.now + timedelta(minutes=2))["sms_sent"] == 1
    assert [m.form["To"] for m in fake_twilio.messages()] == [phone.callers["professional"]] * 2
    assert texts(db)[0].status == "sent"
