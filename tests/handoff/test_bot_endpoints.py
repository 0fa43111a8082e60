"""What the chat bot needs from the service: anonymous live chats, triage without a ticket,
a ticket's status mailed to its own address, and a clock the evaluation can set."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest

from handoff.channels import live_chat
from handoff.core import clock
from handoff.core.db import session_scope
from handoff.core.errors import ValidationError
from handoff.core.models import Notification, Ticket

WEDNESDAY_11_NY = datetime(2026, 12, 2, 16, 0, tzinfo=UTC)
SATURDAY_2_NY = datetime(2026, 12, 5, 7, 0, tzinfo=UTC)
ANONYMOUS = {"conversation_id": "anon-5f2b9c1e8a7d4b3f", "customer": {},
             "transcript": [{"sender": "customer", "text": "my weekly report is empty", "ts": None}],
             "subject": "my weekly report is empty", "description": "my weekly report is empty"}


def test_an_anonymous_visitor_joins_the_live_queue_in_live_hours(app, settings):
    with session_scope(settings.database_url) as session:
        answer = live_chat.request_live_chat(session, dict(ANONYMOUS), now=WEDNESDAY_11_NY)
        assert answer["status"] == "waiting"
        ticket = session.get(Ticket, answer["ticket_id"])
        assert ticket.customer_email == "" and ticket.customer_phone is None
        assert ticket.subject == "my weekly report is empty"


def test_after_hours_an_anonymous_ticket_needs_a_way_to_answer(app, settings):
    with session_scope(settings.database_url) as session:
        with pytest.raises(ValidationError) as refused:
            live_chat.request_live_chat(session, dict(ANONYMOUS), now=SATURDAY_2_NY)
        assert (refused.value.code, refused.value.field) == ("contact_required", "customer.email")
        answer = live_chat.request_live_chat(session, {**ANONYMOUS, "customer": {"phone": "+44 7700 900123"}},
                                             now=SATURDAY_2_NY)
        assert answer["status"] == "ticket" and answer["ticket"]["customer"]["phone"] == "+447700900123"


def test_an_urgent_hand_over_reaches_the_queue_at_any_hour_without_an_email(app, settings):
    with session_scope(settings.database_url) as session:
        answer = live_chat.request_live_chat(session, {**ANONYMOUS, "urgent": True, "category": "security"},
                                             now=SATURDAY_2_NY)
        assert answer["status"] == "waiting"


def test_a_ticket_still_needs_an_email_or_phone(client, service_headers):
    response = client.post("/api/tickets", json={"subject": "x", "channel": "chat", "customer": {}},
                           headers=service_headers)
    assert response.status_code == 400 and response.get_json()["error"]["field"] == "customer"


def test_triage_of_a_customer_s_words(client, service_headers, triage_model_dir):
    response = client.post("/api/triage", json={"text": "every call to the api returns 401 since this morning"},
                           headers=service_headers)
    assert response.status_code == 200
    answer = response.get_json()
    assert answer["category"] == "api_integration" and answer["priority"] in ("P1", "P2", "P3")
    assert 0 < answer["priority_confidence"] <= 1
    assert client.post("/api/triage", json={"text": ""}, headers=service_headers).status_code == 400
    assert client.post("/api/triage", json={"text": "hello"}).status_code == 401


def test_the_status_goes_to_the_ticket_s_own_email_and_says_nothing_to_the_asker(client, service_headers, settings):
    created = client.post("/api/tickets", headers=service_headers, json={
        "subject": "Scheduled report missing", "channel": "portal", "customer": {"email": "john.doe@company.com"}})
    ticket_id = created.get_json()["id"]
    for asked in (ticket_id, "TICK-20200101-999"):
        response = client.post(f"/api/tickets/{asked}/status-email", headers=service_headers)
        assert response.status_code == 202 and response.get_json() == {"queued": True}
    with session_scope(settings.database_url) as session:
        sent = [n for n in session.query(Notification).filter_by(ticket_id=ticket_id) if "chat" in n.body]
        assert [n.to_addr for n in sent] == ["john.doe@company.com"]


def test_the_clock_starts_where_the_evaluation_sets_it(monkeypatch):
    monkeypatch.setenv("HELPDESK_CLOCK", "2026-12-05T07:00:00Z")
    start, _ = clock._start()
    assert start == SATURDAY_2_NY
    monkeypatch.setenv("HELPDESK_ENV", "production")
    with pytest.raises(clock.ClockError):
        clock._start()


def test_what_the_customer_adds_after_a_ticket_joins_that_ticket(app, settings, client, service_headers):
    """A chat that opened a ticket adds to it: the customer's later words land in its conversation,
    and a person asked for later takes that ticket, in live hours or not; never a second ticket."""
    with session_scope(settings.database_url) as session:
        first = live_chat.request_live_chat(session, {**ANONYMOUS, "customer": {"email": "ana@example.org"}},
                                            now=SATURDAY_2_NY)["ticket"]["id"]
        count = session.query(Ticket).count()
    for _ in range(2):  # a retried request adds nothing twice
        said = client.post(f"/api/tickets/{first}/chat-messages", json={"text": "did all that, still empty"},
                           headers=service_headers)
        assert said.status_code == 201 and said.get_json()["id"] == first
    with session_scope(settings.database_url) as session:
        offline = live_chat.request_live_chat(session, {
            **ANONYMOUS, "conversation_id": "anon-second-request-0001", "ticket_id": first,
            "description": "can someone call me about it"}, now=SATURDAY_2_NY)
        live = live_chat.request_live_chat(session, {
            **ANONYMOUS, "conversation_id": "anon-third-request-00001", "ticket_id": first,
            "description": "now I'd rather talk to someone"}, now=WEDNESDAY_11_NY)
        assert (offline["status"], offline["ticket"]["id"]) == ("ticket", first)
        assert (live["status"], live["ticket_id"]) == ("waiting", first)
        ticket = session.get(Ticket, first)
        assert [line["text"] for line in ticket.transcript if line["sender"] == "customer"][-4:] == [
            "my weekly report is empty", "did all that, still empty", "can someone call me about it",
            "now I'd rather talk to someone"]
        assert session.query(Ticket).count() == count


def test_only_an_open_chat_ticket_takes_follow_ups(client, service_headers):
    by_email = {"subject": "x", "channel": "email", "customer": {"email": "a@example.org"}}
    made = client.post("/api/tickets", json=by_email, headers=service_headers).get_json()
    refused = client.post(f"/api/tickets/{made['id']}/chat-messages", json={"text": "more"}, headers=service_headers)
    assert refused.status_code == 409 and refused.get_json()["error"]["code"] == "ticket_not_open"
    missing = client.post("/api/tickets/TICK-20260101-999/chat-messages", json={"text": "more"},
                          headers=service_headers)
    assert missing.status_code == 404
    assert client.post(f"/api/tickets/{made['id']}/chat-messages", json={"text": "more"}).status_code == 401
