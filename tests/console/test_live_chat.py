"""Live chat handoff: the bot hands over, an agent takes it, messages flow both ways."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest

from handoff.channels import live_chat
from handoff.core.models import Ticket

from .conftest import sign_in

CID = "conv-5f2b9c1e8a7d4b3f"
HANDOFF = {
    "conversation_id": CID,
    # Enterprise: live 24/7
    "customer": {"email": "sofia.rossi@globex.example", "name": "Sofia Rossi", "verified": True},
    "transcript": [{"sender": "customer", "text": "I need a human, our API returns 401", "ts": None},
                   {"sender": "bot", "text": "Let me find an agent for you.", "ts": None}],
    "category": "api_integration", "priority": "P2",
}


def widget(client, after=0):
    return client.get(f"/api/live-chats/{CID}/messages?after={after}").get_json()


def console_post(client, action, **form):
    return client.post(f"/console/live/{CID}/{action}", data={"csrf_token": client.csrf, **form})


def test_the_bot_hands_over_and_an_agent_takes_the_chat(client, app, service_headers, db):
    response = client.post("/api/live-chats", json=HANDOFF, headers=service_headers)
    assert response.status_code == 201
    answer = response.get_json()
    assert (answer["status"], answer["position"]) == ("waiting", 1)
    assert answer["estimated_wait_minutes"] >= 1
    ticket = db.get(Ticket, answer["ticket_id"])
    assert ticket.channel == "chat" and ticket.transcript[0]["text"].startswith("I need a human")

    state = widget(client)
    assert state["state"] == "waiting" and state["agent"] is None

    agent = sign_in(app.test_client(), "agent@secureai.com")
    queue = agent.get("/console/live").get_data(as_text=True)
    assert "Sofia Rossi" in queue and "our API returns 401" in queue
    console_post(agent, "take")
    state = widget(client)
    assert state["state"] == "active" and state["agent"] == "Alex Agent"
    seen = state["messages"][-1]["seq"]

    sent = agent.post(f"/console/live/{CID}/send", data={"csrf_token": agent.csrf, "text": "Hi Sofia, <b>checking</b>"},
                      headers={"Accept": "application/json"})
    assert sent.status_code == 201
    new = widget(client, after=seen)["messages"]
    assert [(m["sender"], m["text"]) for m in new] == [("agent", "Hi Sofia, <b>checking</b>")]

    assert client.post(f"/api/live-chats/{CID}/messages",
                       json={"text": "Thanks! Token made yesterday"}).status_code == 201
    polled = agent.get(f"/console/live/{CID}/messages?after={new[-1]['seq']}").get_json()
    assert [(m["sender"], m["text"]) for m in polled["messages"]] == [("customer", "Thanks! Token made yesterday")]

    page = agent.get(f"/console/live/{CID}").get_data(as_text=True)
    assert "Hi Sofia, &lt;b&gt;checking&lt;/b&gt;" in page

    db.expire_all()
    claimed = db.get(Ticket, answer["ticket_id"])
    assert claimed.assignee.email == "agent@secureai.com" and claimed.first_response_at is not None

    console_post(agent, "return")
    state = widget(client)
    assert state["state"] == "ended"
    assert state["messages"][-1]["text"] == "You are back with the SecureAI assistant."
    refused = client.post(f"/api/live-chats/{CID}/messages", json={"text": "hello?"})
    assert refused.status_code == 409
    db.expire_all()
    texts = [m["text"] for m in db.get(Ticket, answer["ticket_id"]).transcript]
    assert "Thanks! Token made yesterday" in texts and "Hi Sofia, <b>checking</b>" in texts


def test_a_second_agent_cannot_take_a_taken_chat(client, app, service_headers):
    client.post("/api/live-chats", json=HANDOFF, headers=service_headers)
    first = sign_in(app.test_client(), "agent@secureai.com")
    second = sign_in(app.test_client(), "jane.smith@secureai.com")
    console_post(first, "take")
    response = console_post(second, "take")
    page = second.get(response.headers["Location"]).get_data(as_text=True)
    assert "already taken" in page
    assert second.post(f"/console/live/{CID}/send", data={"csrf_token": second.csrf, "text": "me too"},
                       headers={"Accept": "application/json"}).status_code == 409


def test_asking_again_for_the_same_conversation_changes_nothing(client, service_headers):
    first = client.post("/api/live-chats", json=HANDOFF, headers=service_headers).get_json()
    again = client.post("/api/live-chats", json=HANDOFF, headers=service_headers).get_json()
    assert again["ticket_id"] == first["ticket_id"] and again["position"] == 1


def test_outside_live_hours_the_customer_gets_a_ticket_and_the_response_time(app, db):
    saturday_night = datetime(2026, 11, 28, 4, 0, tzinfo=UTC)  # Starter: weekdays only
    request = {**HANDOFF, "customer": {"email": "maya.chen@brightline.example"}, "conversation_id": "c" * 20}
    with app.app_context():
        answer = live_chat.request_live_chat(db, request, now=saturday_night)
    assert answer["status"] == "ticket"
    assert answer["ticket"]["id"].startswith("TICK-20261128-")
    assert "business hours" in answer["message"] and answer["ticket"]["id"] in answer["message"]
    assert db.get(live_chat.LiveChat, "c" * 20) is None


@pytest.mark.parametrize("bad", ["short", "has spaces in it 1234", "x" * 101])
def test_guessable_or_odd_conversation_ids_are_refused(client, service_headers, bad):
    response = client.post("/api/live-chats", json={**HANDOFF, "conversation_id": bad}, headers=service_headers)
    assert response.status_code == 400
    assert client.get(f"/api/live-chats/{bad}/messages").status_code == 404


def test_the_handoff_needs_the_service_token(client):
    assert client.post("/api/live-chats", json=HANDOFF).status_code == 401
