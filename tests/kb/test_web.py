"""The help centre over HTTP: search API, article pages, feedback."""
from __future__ import annotations

from sqlalchemy import func, select

from kb_search.db import session_factory
from kb_search.store import ArticleFeedback, ArticleView, SearchLog


def _count(app, model, **where):
    with session_factory(app.config["SETTINGS"].database_url)() as session:
        query = select(func.count()).select_from(model).filter_by(**where)
        return session.scalar(query)


def test_search_api_returns_ranked_hits_and_logs_the_search(kb_app):
    client = kb_app.test_client()
    response = client.get("/api/kb/search", query_string={"q": "my clip won't go through", "top": 3})
    assert response.status_code == 200
    body = response.get_json()
    assert body["query"] == "my clip won't go through"
    assert len(body["results"]) == 3
    assert set(body["results"][0]) == {"id", "title", "score", "snippet", "url", "summary"}
    assert body["results"][0]["summary"] and "#" not in body["results"][0]["summary"]  # one plain line for the chat
    assert body["results"][0]["id"] == "troubleshooting/upload-failures"
    assert body["results"][0]["url"] == "/help/troubleshooting/upload-failures"
    assert _count(kb_app, SearchLog, top_article_id="troubleshooting/upload-failures") == 1


def test_empty_or_bad_parameters_get_a_400_json_error(kb_app):
    client = kb_app.test_client()
    for params in ({}, {"q": ""}, {"q": "   \t"}):
        response = client.get("/api/kb/search", query_string=params)
        assert response.status_code == 400
        assert response.get_json()["error"]["code"] == "empty_query"
        assert response.get_json()["error"]["message"]
    for top in ("0", "-1", "abc", "51"):
        response = client.get("/api/kb/search", query_string={"q": "upload", "top": top})
        assert response.status_code == 400 and response.get_json()["error"]["code"] == "invalid_top"


def test_fts_syntax_and_huge_queries_are_answered_not_crashed(kb_app):
    client = kb_app.test_client()
    for query in ['NEAR("upload" AND', '*) OR (-', "🎬" * 100, "upload " * 1500]:
        response = client.get("/api/kb/search", query_string={"q": query})
        assert response.status_code == 200 and isinstance(response.get_json()["results"], list)


def test_article_page_is_readable_html_with_related_articles_and_counts_a_view(kb_app):
    client = kb_app.test_client()
    response = client.get("/help/troubleshooting/file-too-large")
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "<h1>File Too Large</h1>" in page
    assert "<strong>500 MB</strong>" in page
    assert 'href="/help/troubleshooting/compressing-a-video"' in page and "Related articles" in page
    assert "Was this article helpful?" in page
    assert _count(kb_app, ArticleView, article_id="troubleshooting/file-too-large") == 1


def test_unknown_article_is_404_and_the_path_is_escaped(kb_app):
    client = kb_app.test_client()
    response = client.get("/help/nope/<script>alert(1)</script>")
    assert response.status_code == 404
    assert "<script>alert" not in response.get_data(as_text=True)
    response = client.post("/api/kb/nope/feedback", json={"helpful": True})
    assert response.status_code == 404 and response.get_json()["error"]["code"] == "unknown_article"


def test_help_index_lists_the_tree_with_a_search_box_and_results(kb_app):
    client = kb_app.test_client()
    page = client.get("/help").get_data(as_text=True)
    assert '<input type="search" name="q"' in page
    assert "Getting Started" in page and "Billing &amp; Account" in page and "SIEM Platforms" in page
    assert 'href="/help/integrations/saml-sso-setup"' in page
    results = client.get("/help", query_string={"q": "<b>reset password</b>"}).get_data(as_text=True)
    assert "&lt;b&gt;reset password&lt;/b&gt;" in results and "<b>reset" not in results
    assert 'href="/help/troubleshooting/resetting-your-password"' in results


def test_feedback_is_stored_from_json_and_from_the_page_form(kb_app):
    client = kb_app.test_client()
    response = client.post("/api/kb/troubleshooting/upload-stalls/feedback",
                           json={"helpful": False, "comment": "VPN tip missing", "source": "bot"})
    assert response.status_code == 201 and response.get_json()["recorded"] is True
    response = client.post("/api/kb/troubleshooting/upload-stalls/feedback", data={"helpful": "yes"},
                           environ_base={"REMOTE_ADDR": "192.0.2.2"})  # another reader: one vote each a day
    assert response.status_code == 302 and "thanks=1" in response.headers["Location"]
    assert _count(kb_app, ArticleFeedback, article_id="troubleshooting/upload-stalls", helpful=False, source="bot") == 1
    assert _count(kb_app, ArticleFeedback, article_id="troubleshooting/upload-stalls", helpful=True) == 1
    for bad in ({"helpful": "maybe"}, {}, {"helpful": True, "comment": 5}):
        response = client.post("/api/kb/troubleshooting/upload-stalls/feedback", json=bad)
        assert response.status_code == 400 and "error" in response.get_json()


def test_search_still_answers_when_the_usage_tables_are_missing(kb_app, tmp_path):
    kb_app.config["SETTINGS"].database_url = f"sqlite:///{tmp_path / 'no-tables.db'}"
    client = kb_app.test_client()
    response = client.get("/api/kb/search", query_string={"q": "upload"})
    assert response.status_code == 200 and response.get_json()["results"]
    response = client.post("/api/kb/troubleshooting/upload-stalls/feedback", json={"helpful": True})
    assert response.status_code == 503 and response.get_json()["error"]["code"] == "feedback_unavailable"
