"""Readiness says what is missing; /metrics counts tickets, handoffs and triage confidence."""
from __future__ import annotations

import dataclasses

import pytest
from prometheus_client import REGISTRY

BODY = {
    "subject": "API calls rejected since this morning",
    "description": "Every call to /api/v1/analyze/video returns 401 Unauthorized. The token was made yesterday.",
    "channel": "email",
    "customer": {"email": "john.doe@company.com", "name": "John Doe"},
}


def sample(name: str, **labels) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


@pytest.fixture
def ready_app(app, triage_model_dir):
    from kb_search.index import ensure_index

    ensure_index(app.config["SETTINGS"].kb_index_path)
    return app


def test_ready_when_database_model_and_index_are_there(ready_app):
    response = ready_app.test_client().get("/readyz")
    assert response.status_code == 200, response.get_json()
    checks = response.get_json()["checks"]
    assert set(checks) == {"database", "triage_model", "kb_index"}
    assert all(value.startswith("ok") for value in checks.values())


@pytest.mark.parametrize("database_url", ["postgresql+psycopg://postgres@127.0.0.1:1/nothing", "sqlite:///{tmp}/empty.db"])
def test_not_ready_names_each_missing_part(ready_app, tmp_path, database_url):
    from support_service.app import create_app

    settings = dataclasses.replace(ready_app.config["SETTINGS"], database_url=database_url.format(tmp=tmp_path),
                                   kb_index_path=tmp_path / "missing.sqlite", triage_model_dir=tmp_path / "models")
    response = create_app(settings).test_client().get("/readyz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"].startswith("failed")
    assert body["checks"]["kb_index"].startswith("failed") and "kb build" in body["checks"]["kb_index"]
    assert body["checks"]["triage_model"].startswith("failed") and "triage train" in body["checks"]["triage_model"]


def test_a_created_ticket_is_counted_once_with_its_queue_channel_and_confidence(ready_app, client, service_headers):
    created_before = sample("helpdesk_tickets_created_total", queue="Technical", channel="email")
    confidences_before = sample("helpdesk_triage_confidence_count")
    headers = {**service_headers, "Idempotency-Key": "metrics-once"}
    first = client.post("/api/tickets", json=BODY, headers=headers)
    again = client.post("/api/tickets", json=BODY, headers=headers)  # a retry: same ticket, not a new one
    assert first.status_code == again.status_code == 201
    assert first.get_json()["queue"] == "Technical"
    assert sample("helpdesk_tickets_created_total", queue="Technical", channel="email") == created_before + 1
    assert sample("helpdesk_triage_confidence_count") == confidences_before + 1
    exposed = client.get("/metrics").get_data(as_text=True)
    assert 'helpdesk_tickets_created_total{channel="email",queue="Technical"}' in exposed
    assert "helpdesk_triage_confidence_bucket" in exposed


def test_a_ticket_with_given_labels_adds_no_triage_confidence(client, service_headers):
    before = sample("helpdesk_triage_confidence_count")
    response = client.post("/api/tickets", json={**BODY, "category": "api_integration", "priority": "P2"},
                           headers=service_headers)
    assert response.status_code == 201
    assert sample("helpdesk_triage_confidence_count") == before


def test_a_live_chat_handoff_is_counted(client, service_headers):
    before = sample("helpdesk_handoffs_total", channel="chat", outcome="queue")
    response = client.post("/api/live-chats", headers=service_headers, json={
        "conversation_id": "conv-metrics-0123456789",
        # Enterprise: live 24/7
        "customer": {"email": "sofia.rossi@globex.example", "name": "Sofia Rossi", "verified": True},
        "transcript": [{"sender": "customer", "text": "I need a human", "ts": None}],
        "category": "api_integration", "priority": "P2"})
    assert response.status_code == 201 and response.get_json()["status"] == "waiting"
    assert sample("helpdesk_handoffs_total", channel="chat", outcome="queue") == before + 1


def test_readyz_lists_the_supervised_processes_and_a_helper_down_leaves_it_ready(ready_app, tmp_path, monkeypatch):
    import json

    status = tmp_path / "processes.json"
    status.write_text(json.dumps({"processes": {
        "support service": {"state": "up", "last_exit": None},
        "rasa server": {"state": "down", "last_exit": "exited with code 1 while starting"}}}))
    monkeypatch.setenv("HELPDESK_PROCESS_STATUS", str(status))
    response = ready_app.test_client().get("/readyz")
    assert response.status_code == 200, response.get_json()  # the phone line and the API still serve
    assert response.get_json()["processes"] == {"support service": "up",
                                                "rasa server": "down (exited with code 1 while starting)"}
