"""The kb blueprint inside the real support service, on SQLite and PostgreSQL."""
from __future__ import annotations

from sqlalchemy import select

from kb_search.store import ArticleFeedback, SearchLog


def test_service_serves_search_and_stores_feedback_in_its_database(client, db_url):
    from handoff.core.db import session_scope

    response = client.get("/api/kb/search", query_string={"q": "how do i reset my password", "top": 2, "source": "bot"})
    assert response.status_code == 200
    assert response.get_json()["results"][0]["id"] == "troubleshooting/resetting-your-password"
    assert client.get("/help/troubleshooting/mfa-reset").status_code == 200
    response = client.post("/api/kb/troubleshooting/mfa-reset/feedback", json={"helpful": True, "source": "bot"})
    assert response.status_code == 201
    with session_scope(db_url) as session:
        votes = session.scalars(select(ArticleFeedback)).all()
        searches = session.scalars(select(SearchLog)).all()
        assert [(v.article_id, v.helpful, v.source) for v in votes] == [("troubleshooting/mfa-reset", True, "bot")]
        assert [(s.top_article_id, s.source) for s in searches] == [("troubleshooting/resetting-your-password", "bot")]
