"""Canned replies and macros: safe placeholders, who may edit what, one macro = one event."""
from __future__ import annotations

import pytest

from handoff.agent_tools import macros
from handoff.core.models import Agent, Ticket


def test_placeholders_are_filled_and_nothing_else_is_evaluated():
    agent = Agent(id=1, name="Alex Agent")
    ticket = Ticket(id="TICK-20261202-001", customer_name="{{agent.name}} {% raw %}{{7*7}}")
    text = macros.render("Hi {{customer.name}}, {{ ticket.id }} at {{ticket.tracking_url}} - {{agent.name}} "
                         "{{7*7}} {{ config }} {{kb:troubleshooting/account-locked}}", ticket, agent,
                         "https://help.example")
    # The customer's name is inserted as it is: its braces are not substituted again.
    assert text.startswith("Hi {{agent.name}} {% raw %}{{7*7}}, TICK-20261202-001 at "
                           "https://help.example/tickets/TICK-20261202-001?token=")  # the portal's link
    assert " - Alex Agent {{7*7}} {{ config }} " in text
    assert text.endswith("Account Locked (https://help.example/help/troubleshooting/account-locked)")


@pytest.mark.parametrize("body", ["{{config.SECRET_KEY}}", "{{ticket.customer_email}}", "{{kb:no/such-article}}"])
def test_unknown_placeholders_are_refused_when_saved(app, staff_client, body):
    response = staff_client().post("/api/canned-replies", json={"shortcut": "x", "title": "X", "body": body})
    assert response.status_code == 400
    assert response.get_json()["error"]["field"] == "body"


def test_shared_replies_are_managers_own_personal_ones_the_agents(app, staff_client):
    agent, other = staff_client(), staff_client("jane.smith@secureai.com")
    manager = staff_client("manager@secureai.com")
    shared = agent.get("/api/canned-replies").get_json()["canned_replies"]
    assert {"password-reset", "file-too-large", "outage-ack"} <= {r["shortcut"] for r in shared}
    assert all(r["shared"] for r in shared)

    mine = agent.post("/api/canned-replies", json={"shortcut": "thanks", "title": "Thanks",
                                                   "body": "Thanks {{customer.name}}!"})
    assert mine.status_code == 201 and mine.get_json()["shared"] is False
    assert "thanks" not in {r["shortcut"] for r in other.get("/api/canned-replies").get_json()["canned_replies"]}
    assert other.delete(f"/api/canned-replies/{mine.get_json()['id']}").status_code == 404

    assert agent.post("/api/canned-replies", json={"shortcut": "team", "title": "T", "body": "b",
                                                   "shared": True}).status_code == 403
    reset = next(r for r in shared if r["shortcut"] == "password-reset")
    assert agent.put(f"/api/canned-replies/{reset['id']}", json={**reset, "title": "Mine now"}).status_code == 403
    changed = manager.put(f"/api/canned-replies/{reset['id']}", json={**reset, "title": "Reset steps"})
    assert changed.status_code == 200 and changed.get_json()["title"] == "Reset steps"
    assert manager.post("/api/canned-replies", json={"shortcut": "greet", "title": "Dup", "body": "b",
                                                     "shared": True}).status_code == 409


def test_a_macro_does_several_things_as_one_activity_event(app, staff_client, make_ticket):
    ticket = make_ticket(name="Dana Customer")
    agent = staff_client()
    listed = agent.get("/api/macros").get_json()["macros"]
    outage = next(m for m in listed if m["key"] == "outage-acknowledged")
    before = len(agent.get(f"/api/tickets/{ticket['id']}").get_json()["activity"])

    response = agent.post(f"/api/tickets/{ticket['id']}/macros/{outage['id']}")
    assert response.status_code == 200, response.get_json()
    after = response.get_json()
    assert after["status"] == "pending" and after["priority"] == "P2"
    new_events = after["activity"][before:]
    assert [e["kind"] for e in new_events] == ["macro"]
    assert "Outage acknowledged" in new_events[0]["message"] and "P3 to P2" in new_events[0]["message"]
    reply = after["notes"][-1]
    assert reply["public"] and reply["text"].startswith("Hello Dana Customer,")
    assert ticket["id"] in reply["text"] and "Alex Agent" in reply["text"] and "{{" not in reply["text"]

    with app.app_context():
        from handoff.core.db import session_scope

        with session_scope(app.config["SETTINGS"].database_url) as db:
            assert db.get(Ticket, ticket["id"]).tags == ["outage"]


def test_a_macro_that_cannot_finish_changes_nothing(app, staff_client, make_ticket):
    ticket = make_ticket()
    agent = staff_client()
    agent.post(f"/api/tickets/{ticket['id']}/transitions", json={"to": "in_progress"})
    agent.post(f"/api/tickets/{ticket['id']}/transitions", json={"to": "resolved", "resolution": "done"})
    response = agent.post(f"/api/tickets/{ticket['id']}/macros/password-reset")
    assert response.status_code == 409
    assert agent.get(f"/api/tickets/{ticket['id']}").get_json()["notes"] == []


def test_only_managers_edit_macros(app, staff_client):
    body = {"title": "Escalate billing", "queue": "Billing", "tags": ["billing"], "reply": "Moved to {{agent.name}}",
            "reply_public": False}
    assert staff_client().post("/api/macros", json=body).status_code == 403
    manager = staff_client("manager@secureai.com")
    created = manager.post("/api/macros", json=body)
    assert created.status_code == 201 and created.get_json()["key"] == "escalate-billing"
    assert manager.post("/api/macros", json={"title": "Nothing"}).status_code == 400
    assert manager.post("/api/macros", json={"title": "Bad", "status": "closed"}).status_code == 400
