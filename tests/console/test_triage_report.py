"""The managers' view of the triage model on real traffic: console page, CLI and gauges."""
from __future__ import annotations

import json

from handoff.cli import main as handoff_cli

from .conftest import sign_in


def triaged_and_corrected(client, service_headers, login):
    """One ticket triaged by the model, then corrected by an agent; returns the model's labels."""
    created = client.post("/api/tickets", headers=service_headers, json={
        "subject": "", "channel": "chat", "customer": {"email": "maya.chen@brightline.example"},
        "description": "my invoice shows two charges for march"}).get_json()
    assert created["triage"]["source"] == "model"
    new_category = "general" if created["category"] != "general" else "billing"
    login(client)
    assert client.patch(f"/api/tickets/{created['id']}", json={"category": new_category}).status_code == 200
    return created["category"], new_category


def test_managers_see_mix_rates_and_corrections(app, service_headers, login, triage_model_dir):
    was, now = triaged_and_corrected(app.test_client(), service_headers, login)
    agent = sign_in(app.test_client(), "agent@secureai.com")
    assert agent.get("/console/triage").status_code == 403
    manager = sign_in(app.test_client(), "manager@secureai.com")
    page = manager.get("/console/triage?since=7d").get_data(as_text=True)
    assert "Triage model on real traffic" in page and "1 corrected by agents" in page
    assert f"{was} → {now} (1)" in page and "Training" in page
    assert manager.get("/console/triage?since=soon").status_code == 400


def test_cli_report_and_prometheus_gauges(app, settings, service_headers, login, triage_model_dir, monkeypatch, capsys):
    was, now = triaged_and_corrected(app.test_client(), service_headers, login)
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    code = handoff_cli(["triage-report", "--since", "7d", "--json"])
    figures = json.loads(capsys.readouterr().out)
    assert code in (0, 1) and figures["tickets"] >= 1 and figures["corrected"] == 1
    assert figures["targets"]["category"]["confusion"] == [{"predicted": was, "corrected_to": now, "tickets": 1}]
    assert figures["targets"]["category"]["training_mix"]  # from the served model's metadata
    metrics = app.test_client().get("/metrics").get_data(as_text=True)
    assert "helpdesk_triage_needs_review_ratio" in metrics
    assert f'helpdesk_triage_correction_ratio{{label="{was}",target="category"}} 1.0' in metrics
    assert handoff_cli(["triage-report", "--since", "yesterday-ish"]) == 2
