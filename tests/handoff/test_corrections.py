"""Agents' corrections are kept and exported as triage training JSONL (`handoff export-corrections`)."""
from __future__ import annotations

import json

from handoff.cli import main as handoff_cli


def test_corrections_are_exported_as_training_records(client, service_headers, login, triage_model_dir,
                                                      settings, monkeypatch, tmp_path):
    created = client.post("/api/tickets", headers=service_headers, json={
        "subject": "", "channel": "chat", "customer": {"email": "maya.chen@brightline.example"},
        "conversation": {"transcript": [
            {"sender": "bot", "text": "How can I help?", "ts": "2026-03-02T15:00:00Z"},
            {"sender": "customer", "text": "my invoice shows two charges for march", "ts": "2026-03-02T15:00:05Z"},
        ]},
    }).get_json()
    assert created["triage"]["source"] == "model"
    assert created["description"] == "my invoice shows two charges for march"
    assert created["conversation"]["transcript"][0]["sender"] == "bot"
    predicted = created["category"], created["priority"]
    new_category = "general" if predicted[0] != "general" else "billing"

    login(client)
    fixed = client.patch(f"/api/tickets/{created['id']}", json={"category": new_category, "priority": "P2"}).get_json()
    assert fixed["category"] == new_category and fixed["needs_review"] is False
    assert any(e["kind"] == "corrected" for e in fixed["activity"])

    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    out = tmp_path / "corrections.jsonl"
    assert handoff_cli(["export-corrections", "--out", str(out)]) == 0
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(records) == 1
    record = records[0]
    assert record["id"] == created["id"] and record["channel"] == "chat" and record["tier"] == "starter"
    assert (record["category"], record["priority"]) == (new_category, "P2")
    assert record["was"] == {"category": predicted[0], "priority": predicted[1]}
    assert record["description"] == "my invoice shows two charges for march"
    assert record["model_version"] == created["triage"]["model_version"]
    assert record["corrected_by"] and "@" in record["corrected_by"] and record["corrected_at"]  # provenance
