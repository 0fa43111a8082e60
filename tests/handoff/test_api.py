"""The tickets API as the bot, the IVR and agents use it."""
from __future__ import annotations

import pytest

API_BODY = {
    "subject": "API calls rejected since this morning",
    "description": "Every call to /api/v1/analyze/video returns 401 Unauthorized. The token was made yesterday.",
    "channel": "email",
    "customer": {"email": "john.doe@company.com", "name": "John Doe"},
}


@pytest.fixture
def model_app(app, triage_model_dir):
    return app


def _create(client, headers, body=None, **extra_headers):
    return client.post("/api/tickets", json=body or API_BODY, headers={**headers, **extra_headers})


def test_nothing_is_readable_without_a_credential(client, service_headers):
    created = _create(client, service_headers, {**API_BODY, "category": "api_integration", "priority": "P2"})
    ticket_id = created.get_json()["id"]
    for method, path in [("get", "/api/tickets"), ("get", f"/api/tickets/{ticket_id}"),
                         ("get", "/api/customers/john.doe@company.com"), ("post", "/api/tickets"),
                         ("patch", f"/api/tickets/{ticket_id}"), ("post", f"/api/tickets/{ticket_id}/notes"),
                         ("post", f"/api/tickets/{ticket_id}/transitions")]:
        for headers in ({}, {"Authorization": "Bearer wrong-token"}):
            response = getattr(client, method)(path, json={}, headers=headers)
            assert response.status_code == 401, (method, path)
            assert response.get_json()["error"]["code"] == "unauthorized"


def test_service_creates_a_triaged_routed_ticket_with_sla(model_app, client, service_headers):
    response = _create(client, service_headers)
    assert response.status_code == 201
    ticket = response.get_json()
    assert ticket["id"].startswith("TICK-")
    assert ticket["category"] == "api_integration"
    assert ticket["queue"] == "Technical"
    assert ticket["status"] == "assigned"
    assert ticket["customer"]["tier"] == "professional" and ticket["customer"]["company"] == "Example Corp"
    assert ticket["triage"]["source"] == "model" and ticket["triage"]["model_version"]
    assert 0 < ticket["triage"]["category_confidence"] <= 1
    assert ticket["details"]["endpoint"] == "/api/v1/analyze/video"
    assert ticket["sla"]["response_due_at"] and ticket["sla"]["resolution_due_at"]
    assert ticket["sla"]["response_time_text"].endswith("hours")
    assert [e["kind"] for e in ticket["activity"]][:3] == ["created", "triaged", "assigned"]


def test_same_idempotency_key_never_makes_two_tickets(client, service_headers):
    body = {**API_BODY, "category": "api_integration", "priority": "P2"}
    first = _create(client, service_headers, body, **{"Idempotency-Key": "chat-42"})
    again = _create(client, service_headers, body, **{"Idempotency-Key": "chat-42"})
    assert first.status_code == again.status_code == 201
    assert first.get_json()["id"] == again.get_json()["id"]
    listed = client.get("/api/tickets", headers=service_headers).get_json()
    assert listed["total"] == 1
    different = _create(client, service_headers, {**body, "subject": "Another problem"},
                        **{"Idempotency-Key": "chat-42"})
    assert different.status_code == 409
    assert different.get_json()["error"]["code"] == "idempotency_key_reused"


@pytest.mark.parametrize("change, code, field", [
    ({"customer": {"email": "not-an-email"}}, "invalid_email", "customer.email"),
    ({"channel": "fax"}, "unknown_value", "channel"),
    ({"priority": "P0"}, "unknown_value", "priority"),
    ({"category": "hardware"}, "unknown_value", "category"),
    ({"subject": "x" * 301}, "too_long", "subject"),
    ({"descripton": "typo"}, "unknown_field", "descripton"),
    ({"customer": {"name": "No Contact"}}, "validation_error", "customer"),
    ({"subject": "", "description": ""}, "validation_error", "description"),
])
def test_bad_input_is_refused_with_a_clear_error_and_nothing_stored(client, service_headers, change, code, field):
    response = _create(client, service_headers, {**API_BODY, **change})
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == code and error["field"] == field and error["message"]
    assert client.get("/api/tickets", headers=service_headers).get_json()["total"] == 0


def test_non_json_and_oversize_bodies_are_refused(client, service_headers):
    response = client.post("/api/tickets", data="subject=hi", headers=service_headers)
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "invalid_json"
    huge = {**API_BODY, "description": "x" * 1_100_000}
    response = client.post("/api/tickets", json=huge, headers=service_headers)
    assert response.status_code == 413 and response.get_json()["error"]["code"] == "payload_too_large"


def _given(category="upload_issues", priority="P3", **customer):
    return {**API_BODY, "category": category, "priority": priority,
            "customer": customer or API_BODY["customer"]}


def test_list_filters_by_queue_status_and_priority(client, service_headers):
    _create(client, service_headers, _given("billing", "P3"))
    _create(client, service_headers, _given("upload_issues", "P4"))
    _create(client, service_headers, _given("security", "P1"))
    get = lambda q: client.get(f"/api/tickets?{q}", headers=service_headers)  # noqa: E731
    assert [t["category"] for t in get("queue=billing").get_json()["tickets"]] == ["billing"]
    assert [t["priority"] for t in get("priority=P1").get_json()["tickets"]] == ["P1"]
    assert get("status=assigned").get_json()["total"] == 3
    assert get("status=open&queue=Technical,Security").get_json()["total"] == 2
    bad = get("status=sleeping")
    assert bad.status_code == 400 and bad.get_json()["error"]["field"] == "status"


def test_customer_lookup(client, service_headers):
    _create(client, service_headers, _given())
    found = client.get("/api/customers/Sofia.Rossi@globex.example", headers=service_headers)
    assert found.status_code == 200
    assert found.get_json()["customer"]["tier"] == "enterprise"
    john = client.get("/api/customers/john.doe@company.com", headers=service_headers).get_json()
    assert len(john["recent_tickets"]) == 1
    missing = client.get("/api/customers/nobody@nowhere.example", headers=service_headers)
    assert missing.status_code == 404 and missing.get_json()["error"]["code"] == "customer_not_found"
    assert client.get("/api/customers/not-an-email", headers=service_headers).status_code == 400


def test_agent_login_and_wrong_password(client, login):
    bad = client.post("/api/auth/login", json={"email": "agent@secureai.com", "password": "guess"})
    assert bad.status_code == 401 and bad.get_json()["error"]["code"] == "invalid_credentials"
    assert client.get("/api/tickets").status_code == 401
    who = login(client)
    assert who["agent"]["role"] == "agent"
    assert client.get("/api/tickets").status_code == 200
    client.post("/api/auth/logout")
    assert client.get("/api/tickets").status_code == 401


def test_agent_works_a_ticket_through_its_lifecycle(client, service_headers, login):
    ticket_id = _create(client, service_headers, _given()).get_json()["id"]
    login(client)
    url = f"/api/tickets/{ticket_id}"
    go = lambda to, **kw: client.post(f"{url}/transitions", json={"to": to, **kw})  # noqa: E731
    claimed = go("in_progress").get_json()
    assert claimed["status"] == "in_progress" and claimed["assignee"]["email"] == "agent@secureai.com"
    assert go("pending", note="Please send the file name").get_json()["sla"]["paused"] is True
    illegal = go("closed")
    assert illegal.status_code == 409
    assert illegal.get_json()["error"]["code"] == "illegal_transition"
    assert "Pending" in illegal.get_json()["error"]["message"]
    assert go("in_progress").get_json()["sla"]["paused"] is False
    assert go("resolved").status_code == 400  # a resolution is required
    resolved = go("resolved", resolution="Re-encoded the file to MP4").get_json()
    assert resolved["status"] == "resolved" and resolved["resolution"] == "Re-encoded the file to MP4"
    reopened = go("in_progress").get_json()
    assert reopened["reopen_count"] == 1 and reopened["status"] == "in_progress"
    go("resolved", resolution="Done")
    assert go("closed").get_json()["status"] == "closed"


def test_services_may_not_work_tickets_and_do_not_see_internal_notes(client, service_headers, login):
    ticket_id = _create(client, service_headers, _given()).get_json()["id"]
    url = f"/api/tickets/{ticket_id}"
    refused = client.post(f"{url}/transitions", json={"to": "in_progress"}, headers=service_headers)
    assert refused.status_code == 403 and refused.get_json()["error"]["code"] == "forbidden"
    assert client.patch(url, json={"priority": "P1"}, headers=service_headers).status_code == 403
    assert client.patch(url, json={"satisfaction": 5}, headers=service_headers).status_code == 403  # survey only

    login(client)
    assert client.post(f"{url}/notes", json={"text": "Customer's token lacks the analyze scope"}).status_code == 201
    assert client.post(f"{url}/notes", json={"text": "We are on it", "public": True}).status_code == 201
    staff_view = client.get(url).get_json()
    assert len(staff_view["notes"]) == 2 and staff_view["sla"]["first_response_at"]
    service_view = client.get(url, headers=service_headers).get_json()
    assert [n["text"] for n in service_view["notes"]] == ["We are on it"]


def test_agents_assign_only_themselves_managers_anyone(client, service_headers, login):
    ticket_id = _create(client, service_headers, _given()).get_json()["id"]
    url = f"/api/tickets/{ticket_id}"
    login(client)
    refused = client.patch(url, json={"assignee": "jane.smith@secureai.com"})
    assert refused.status_code == 403
    assert client.patch(url, json={"assignee": "agent@secureai.com"}).get_json()["assignee"]["name"] == "Alex Agent"
    assert client.patch(url, json={"status": "closed"}).get_json()["error"]["code"] == "unknown_field"
    login(client, "manager@secureai.com")
    moved = client.patch(url, json={"assignee": "jane.smith@secureai.com"}).get_json()
    assert moved["assignee"]["email"] == "jane.smith@secureai.com"
    unknown = client.patch(url, json={"assignee": "ghost@secureai.com"})
    assert unknown.status_code == 400


def test_unknown_ticket_and_paging(client, service_headers):
    missing = client.get("/api/tickets/TICK-20990101-001", headers=service_headers)
    assert missing.status_code == 404 and missing.get_json()["error"]["code"] == "ticket_not_found"
    ids = [_create(client, service_headers, _given()).get_json()["id"] for _ in range(3)]
    page = client.get("/api/tickets?limit=2&offset=1", headers=service_headers).get_json()
    assert page["total"] == 3 and [t["id"] for t in page["tickets"]] == ids[::-1][1:3]
    assert client.get("/api/tickets?limit=0", headers=service_headers).status_code == 400
