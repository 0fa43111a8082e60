"""Signatures, proxies, and what the caller hears when something breaks."""
import logging
import xml.etree.ElementTree as ET
from dataclasses import replace

import pytest
from sqlalchemy import func, select
from twilio.request_validator import RequestValidator

from handoff.core.models import Ticket

WORDS = "my api key was leaked on github"


def ticket_count(db) -> int:
    db.rollback()
    return db.scalar(select(func.count()).select_from(Ticket))


@pytest.mark.parametrize("headers", [
    {},                                                     # missing
    {"X-Twilio-Signature": "bm90IGEgc2lnbmF0dXJl"},         # wrong
])
def test_an_unsigned_or_badly_signed_webhook_gets_403_and_does_nothing(phone, db, headers):
    response = phone.post("/ivr/problem?c=technical", phone.new_sid(), sign=False, headers=headers,
                          SpeechResult=WORDS, Confidence="0.9")
    assert response.status_code == 403
    assert ticket_count(db) == 0


def test_a_signature_for_other_parameters_is_refused(phone, db):
    sid = phone.new_sid()
    params = {"CallSid": sid, "From": phone.callers["professional"], "SpeechResult": "hello"}
    forged = phone.sign("http://localhost/ivr/problem?c=technical", params)
    response = phone.post("/ivr/problem?c=technical", sid, sign=False, headers={"X-Twilio-Signature": forged},
                          SpeechResult=WORDS)
    assert response.status_code == 403
    assert ticket_count(db) == 0


def test_a_signature_made_with_another_token_is_refused(phone):
    sid = phone.new_sid()
    params = {"CallSid": sid, "AccountSid": "AC" + "0" * 32, "From": phone.callers["professional"],
              "To": "+18007328734", "CallStatus": "in-progress"}
    other = RequestValidator("someone-elses-token").compute_signature("http://localhost/ivr/incoming", params)
    response = phone.post("/ivr/incoming", sid, sign=False, headers={"X-Twilio-Signature": other})
    assert response.status_code == 403


def test_every_twilio_route_checks_the_signature(app, client):
    routes = [r.rule for r in app.url_map.iter_rules() if r.rule.startswith("/ivr/")]
    assert len(routes) == 18
    for rule in routes:
        assert client.post(rule, data={"CallSid": "CA1"}).status_code == 403, rule


def _proxied(phone, sid, forwarded: bool):
    """Twilio called https://support.example.com; the proxy forwards plain HTTP to us."""
    params = {"CallSid": sid, "AccountSid": "AC" + "0" * 32, "From": phone.callers["professional"],
              "To": "+18007328734", "CallStatus": "in-progress"}
    signature = phone.sign("https://support.example.com/ivr/incoming", params)
    headers = {"X-Twilio-Signature": signature}
    if forwarded:
        headers.update({"X-Forwarded-Proto": "https", "X-Forwarded-Host": "support.example.com"})
    return phone.client.post("/ivr/incoming", data=params, headers=headers, base_url="http://10.0.0.5:8000")


@pytest.fixture
def proxied_app(app, settings):
    from support_service.app import create_app

    proxied = create_app(replace(settings, trust_proxy=True))
    proxied.config["TESTING"] = True
    return proxied


def test_behind_a_trusted_https_proxy_signatures_check_against_the_public_url(phone, proxied_app):
    phone.client = proxied_app.test_client()
    assert _proxied(phone, phone.new_sid(), forwarded=True).status_code == 200


def test_forwarded_headers_are_ignored_unless_the_proxy_is_trusted(phone):
    assert _proxied(phone, phone.new_sid(), forwarded=True).status_code == 403


def test_a_trusted_proxy_without_forwarded_headers_does_not_pass_a_public_url_signature(phone, proxied_app):
    phone.client = proxied_app.test_client()
    assert _proxied(phone, phone.new_sid(), forwarded=False).status_code == 403


def test_an_internal_error_still_answers_an_apology_and_voicemail_and_logs_without_private_data(
        phone, monkeypatch, caplog):
    from ivr import calls

    def broken(*args, **kwargs):
        raise RuntimeError(f"database exploded while storing {args[3]} for {args[2]}")

    monkeypatch.setattr(calls, "open_ticket", broken)
    sid = phone.new_sid()
    caller = phone.callers["professional"]
    with caplog.at_level(logging.ERROR, logger="ivr"):
        root = phone.twiml("/ivr/problem?c=technical", sid, caller=caller, SpeechResult=WORDS, Confidence="0.9")
    assert "technical difficulties" in phone.said(root)
    record = root.find("Record")
    assert record.get("action") == "/ivr/recorded"
    assert record.get("transcribeCallback") == "/ivr/transcription"
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert sid in logged
    assert "RuntimeError" in logged
    assert caller not in logged and caller[2:] not in logged
    assert WORDS not in logged


def test_when_even_the_apology_fails_the_caller_gets_valid_twiml(phone, monkeypatch):
    from ivr import twiml, views

    def broken(*args, **kwargs):
        raise OSError("script file unreadable")

    monkeypatch.setattr(views, "load_script", broken)
    monkeypatch.setattr(twiml, "apology", broken)
    root = phone.twiml("/ivr/incoming", phone.new_sid())
    assert phone.verbs(root) == ["Say", "Record", "Hangup"]
    assert root.find("Record").get("transcribeCallback") == "/ivr/transcription"


def test_the_fallback_url_apologises_and_takes_a_voicemail(phone):
    root = phone.twiml("/ivr/fallback", phone.new_sid(), ErrorCode="11200", ErrorUrl="https://x/ivr/incoming")
    assert "technical difficulties" in phone.said(root)
    assert int(root.find("Record").get("maxLength")) < 120


def test_a_webhook_without_a_call_sid_gets_an_apology_not_an_error_page(phone):
    params = {"From": phone.callers["professional"], "Digits": "9"}
    signature = phone.sign("http://localhost/ivr/menu?a=1", params)
    response = phone.client.post("/ivr/menu?a=1", data=params, headers={"X-Twilio-Signature": signature})
    assert response.status_code == 200
    assert ET.fromstring(response.get_data(as_text=True)).find("Record") is not None


def test_a_webhook_signed_with_sha256_as_its_settings_header_says_is_accepted(phone):
    sid = phone.new_sid()
    params = {"CallSid": sid, "AccountSid": "AC" + "0" * 32, "From": phone.callers["professional"],
              "To": "+18007328734", "CallStatus": "in-progress"}
    signature = RequestValidator(phone.token).compute_signature("http://localhost/ivr/incoming", params, "HMAC_SHA256")
    settings = {"X-Twilio-Webhooks-Signature-Settings": "key=webhooks_sharedkey_1,algorithm=HMAC_SHA256"}
    accepted = phone.post("/ivr/incoming", sid, sign=False, headers={"X-Twilio-Signature": signature, **settings})
    assert accepted.status_code == 200
    # The same signature under the default algorithm, or an algorithm we do not know, is refused.
    assert phone.post("/ivr/incoming", sid, sign=False, headers={"X-Twilio-Signature": signature}).status_code == 403
    unknown = {"X-Twilio-Webhooks-Signature-Settings": "algorithm=MD5"}
    assert phone.post("/ivr/incoming", sid, sign=False,
                      headers={"X-Twilio-Signature": signature, **unknown}).status_code == 403
