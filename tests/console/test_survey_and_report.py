"""The CSAT survey link, bot session outcomes, and the dashboard page and report built on them."""
from __future__ import annotations

import re

from sqlalchemy import select

from handoff.channels.models import SatisfactionSurvey
from handoff.channels.surveys import send_due_surveys
from handoff.cli import main as handoff_main
from handoff.core.models import Notification, Ticket


def resolved_ticket(agent_client, new_ticket):
    ticket = new_ticket()
    for action, form in (("claim", {}), ("resolve", {"resolution": "Compressed the video."})):
        agent_client.post(f"/console/tickets/{ticket.id}/{action}", data={"csrf_token": agent_client.csrf, **form})
    return ticket


def test_resolution_mails_a_survey_link_that_records_one_score(agent_client, client, new_ticket, db):
    ticket = resolved_ticket(agent_client, new_ticket)
    mail = db.scalars(select(Notification).where(Notification.ticket_id == ticket.id,
                                                 Notification.kind == "survey")).one()
    path = re.search(r"(/survey/[\w-]+)\?score=5", mail.body).group(1)
    form = client.get(path + "?score=5").get_data(as_text=True)
    assert 'value="5" required checked' in form
    assert db.scalars(select(SatisfactionSurvey)).one().score is None  # opening the link records nothing
    done = client.post(path, data={"score": "4", "comment": "quick <b>help</b>"}).get_data(as_text=True)
    assert "Your rating of 4/5" in done
    db.expire_all()
    scored = db.get(Ticket, ticket.id)
    assert (scored.satisfaction, scored.satisfaction_comment) == (4, "quick <b>help</b>")
    client.post(path, data={"score": "1"})
    db.expire_all()
    assert db.get(Ticket, ticket.id).satisfaction == 4


def test_bad_survey_answers_are_refused(agent_client, client, new_ticket, db):
    resolved_ticket(agent_client, new_ticket)
    token = db.scalars(select(SatisfactionSurvey)).one().token
    assert client.post(f"/survey/{token}", data={"score": "9"}).status_code == 400
    assert client.get("/survey/not-a-token").status_code == 404


def test_tickets_resolved_elsewhere_get_their_survey_from_the_scheduler(app, agent_client, new_ticket, db):
    ticket = new_ticket()
    agent_client.post(f"/console/tickets/{ticket.id}/claim", data={"csrf_token": agent_client.csrf})
    from handoff.core.lifecycle import transition

    db.expire_all()
    with app.app_context():
        transition(db, db.get(Ticket, ticket.id), "resolved", actor_name="api", resolution="Done via API")
        db.commit()
        assert send_due_surveys(db) == 1
        assert send_due_surveys(db) == 0


def test_bot_sessions_count_toward_deflection(app, service_headers, agent_client):
    client = app.test_client()
    body = {"conversation_id": "bot-conv-1", "outcome": "self_service", "articles": ["upload-limits"]}
    assert client.post("/api/bot-sessions", json=body).status_code == 401
    assert client.post("/api/bot-sessions", json=body, headers=service_headers).status_code == 201
    assert client.post("/api/bot-sessions", json={**body, "outcome": "maybe"},
                       headers=service_headers).status_code == 400
    page = agent_client.get("/console/dashboard").get_data(as_text=True)
    assert "1 bot self-service" in page


def test_dashboard_shows_every_widget_with_charts(agent_client, new_ticket):
    resolved_ticket(agent_client, new_ticket)
    new_ticket(subject="Second", channel="chat", category="billing")
    page = agent_client.get("/console/dashboard?days=7").get_data(as_text=True)
    for widget in ("kpi-open", "kpi-response-sla", "kpi-resolution-sla", "kpi-frt", "kpi-ttr", "kpi-fcr",
                   "kpi-reopen", "kpi-escalation", "kpi-csat", "kpi-deflection", "Channel distribution",
                   "Top issues, last 7 days"):
        assert widget in page, widget
    assert page.count("<svg") == 4
    assert re.search(r'id="kpi-open">\s*<div class="label">Open tickets</div>\s*<div class="value">1</div>', page)
    assert "upload issues" in page and "billing" in page


def test_report_prints_the_figures(settings, agent_client, new_ticket, monkeypatch, capsys, tmp_path):
    resolved_ticket(agent_client, new_ticket)
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    png = tmp_path / "charts.png"
    assert handoff_main(["report", "--days", "7", "--png", str(png)]) == 0
    out = capsys.readouterr().out
    assert "Support report: 7 days" in out and "first contact resolution" in out
    assert re.search(r"resolution\s+100.0%\s+of\s+1 judged", out)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert handoff_main(["report", "--json"]) == 0
    assert '"ttr"' in capsys.readouterr().out
