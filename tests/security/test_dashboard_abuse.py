"""Finding 10: nobody skews the dashboard's deflection with votes or forged bot outcomes."""
from __future__ import annotations

import uuid
from datetime import timedelta

from handoff.console.kpis import kb_deflection
from handoff.core.db import session_scope
from handoff.core.models import utcnow

ARTICLE = "/api/kb/troubleshooting/upload-stalls/feedback"


def _deflection(db_url) -> dict:
    now = utcnow()
    with session_scope(db_url) as session:
        return kb_deflection(session, now - timedelta(days=1), now + timedelta(minutes=1))


def _vote(client, ip, article=ARTICLE, helpful=True):
    return client.post(article, json={"helpful": helpful}, environ_base={"REMOTE_ADDR": ip})


def test_one_helpful_vote_per_visitor_article_and_day(client, db_url):
    assert _vote(client, "203.0.113.40").status_code == 201
    again = _vote(client, "203.0.113.40", helpful=False)
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "already_voted"
    # Another article, or another reader, is a vote of its own.
    assert _vote(client, "203.0.113.40", "/api/kb/troubleshooting/file-too-large/feedback").status_code == 201
    assert _vote(client, "203.0.113.41").status_code == 201
    # The reported attack: 100 anonymous "helpful" votes (no cookies to drop: the address counts).
    answers = [_vote(client, "203.0.113.50").status_code for _ in range(100)]
    assert answers[0] == 201 and set(answers[1:]) <= {409, 429}
    assert _deflection(db_url)["helpful_articles"] == 4


def test_the_page_form_tells_a_second_vote_apart(client):
    form = {"helpful": "yes"}
    assert client.post(ARTICLE, data=form, environ_base={"REMOTE_ADDR": "203.0.113.42"}).status_code == 302
    second = client.post(ARTICLE, data=form, environ_base={"REMOTE_ADDR": "203.0.113.42"})
    assert second.status_code == 409 and "already rated this article today" in second.get_data(as_text=True)


def test_bot_outcomes_come_only_from_a_service(client, login, service_headers, db_url):
    body = lambda: {"conversation_id": uuid.uuid4().hex, "outcome": "self_service"}  # noqa: E731
    assert client.post("/api/bot-sessions", json=body()).status_code == 401
    login(client)  # a signed-in agent is not the bot
    assert client.post("/api/bot-sessions", json=body()).status_code == 403
    login(client, "manager@secureai.com")
    assert client.post("/api/bot-sessions", json=body()).status_code == 403
    assert _deflection(db_url)["bot_self_service"] == 0
    client.post("/api/auth/logout")
    assert client.post("/api/bot-sessions", json=body(), headers=service_headers).status_code == 201
    assert _deflection(db_url)["bot_self_service"] == 1
