"""The help centre over HTTP: search API, article pages, "Was this helpful?".

Views only translate HTTP to calls of kb_search functions. The database comes
from the app: ``create_blueprint(sessions=...)`` takes a function from a
database URL to a session factory (the service passes handoff's, which owns the
engine); without one, kb_search.db's plain engine is used.
"""
from __future__ import annotations

import hashlib
import hmac
import logging
from collections.abc import Callable

from flask import Blueprint, current_app, jsonify, redirect, render_template, request, url_for
from markdown_it import MarkdownIt
from markupsafe import Markup
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from kb_search import usage
from kb_search.articles import library
from kb_search.db import session_factory as default_sessions
from kb_search.search import search

log = logging.getLogger(__name__)
MAX_TOP = 50
# The help centre is never framed (clickjacking) and runs no script; its styles are inline.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
# Markdown only: raw HTML in an article is shown as text, never executed.
_markdown = MarkdownIt("commonmark", {"html": False}).enable("table")


def create_blueprint(sessions: Callable | None = None) -> Blueprint:
    bp = Blueprint("kb", __name__, template_folder="templates")
    open_session = _session_opener(sessions or default_sessions)

    @bp.after_request
    def _headers(response):
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response

    @bp.get("/api/kb/search")
    def api_search():
        query = request.args.get("q", "")
        if not query.strip():
            return _error(400, "empty_query",
                          "Give a search query in the q parameter, e.g. /api/kb/search?q=upload+failed")
        top = request.args.get("top", "5")
        if not top.isdigit() or not 1 <= int(top) <= MAX_TOP:
            return _error(400, "invalid_top", f"top must be a whole number from 1 to {MAX_TOP}")
        rank = request.args.get("rank", "words")
        if rank not in ("words", "meaning"):
            return _error(400, "invalid_rank",
                          "rank must be 'words' (BM25, the default) or 'meaning' (BM25 and meaning together)")
        hits = _search_and_log(open_session, query, int(top), request.args.get("source"), rank == "meaning")
        articles, _ = library()
        return jsonify(query=query, results=[
            {**hit.as_dict(), "summary": articles[hit.id].summary if hit.id in articles else ""} for hit in hits])

    @bp.get("/help")
    def help_index():
        articles, sections = library()
        query = request.args.get("q", "").strip()
        hits = _search_and_log(open_session, query, 10, "web") if query else None
        tree = [(section, _groups([a for a in articles.values() if a.section == section.id]))
                for section in sections]
        return render_template("kb/index.html", tree=tree, query=query, hits=hits)

    @bp.get("/help/<path:article_id>")
    def article_page(article_id: str):
        articles, _sections = library()
        if article_id not in articles:
            return render_template("kb/not_found.html", path=request.path), 404
        _write(open_session, lambda s: usage.record_view(s, article_id, request.args.get("source")))
        return _article(article_id, thanks=request.args.get("thanks"))

    @bp.post("/api/kb/<path:article_id>/feedback")
    def feedback(article_id: str):
        articles, _ = library()
        if article_id not in articles:
            return _error(404, "unknown_article", f"There is no article '{article_id}'")
        data = request.get_json(silent=True) if request.is_json else request.form
        if not isinstance(data, dict) and not hasattr(data, "get"):
            return _error(400, "invalid_body", 'Send JSON like {"helpful": true}')
        helpful = _yes_no(data.get("helpful"))
        if helpful is None:
            return _error(400, "invalid_helpful", '"helpful" must be yes or no (true/false)')
        comment = data.get("comment")
        if comment is not None and not isinstance(comment, str):
            return _error(400, "invalid_comment", '"comment" must be text')
        try:
            with open_session() as session:
                usage.record_feedback(session, article_id, helpful, comment, data.get("source"), visitor_key())
                session.commit()
        except IntegrityError:  # one vote per visitor, article and day
            if request.is_json:
                return _error(409, "already_voted", "You have already rated this article today; thank you")
            return _article(article_id, thanks="already"), 409
        except SQLAlchemyError:
            log.exception("kb: could not store feedback for %s", article_id)
            return _error(503, "feedback_unavailable", "Your vote could not be saved right now; please try again later")
        if not request.is_json:
            return redirect(url_for("kb.article_page", article_id=article_id, thanks=1))
        return jsonify(article_id=article_id, helpful=helpful, recorded=True), 201

    return bp


def _article(article_id: str, thanks: str | None):
    articles, sections = library()
    article = articles[article_id]
    section_title = next((s.title for s in sections if s.id == article.section), article.section)
    related = [articles[rid] for rid in article.related if rid in articles]
    return render_template("kb/article.html", article=article, section_title=section_title,
                           body=Markup(_markdown.render(article.body)), related=related, thanks=thanks)


def visitor_key() -> str:
    """Who is voting: the client's address (as the proxy reports it, see TRUST_PROXY) under a
    keyed hash, so votes cannot be multiplied by dropping cookies and no address is stored.
    Readers behind one office address share one vote per article and day."""
    secret = str(current_app.config.get("SECRET_KEY") or "").encode()
    return hmac.new(secret, (request.remote_addr or "").encode(), hashlib.sha256).hexdigest()[:32]


def _session_opener(sessions: Callable) -> Callable:
    def open_session():
        return sessions(current_app.config["SETTINGS"].database_url)()
    return open_session


def _search_and_log(open_session, query: str, top: int, source: str | None, meaning: bool = False):
    settings = current_app.config["SETTINGS"]
    hits = search(query, top, getattr(settings, "kb_index_path", None), meaning)
    _write(open_session, lambda s: usage.record_search(s, query, hits, source))
    return hits


def _write(open_session, action) -> None:
    """Usage logging must never cost the reader their answer: failures are only logged."""
    try:
        with open_session() as session:
            action(session)
            session.commit()
    except SQLAlchemyError:
        log.warning("kb: usage not recorded", exc_info=True)


def _groups(articles):
    """[(group or None, [articles])] keeping the order of first appearance."""
    groups: dict = {}
    for article in sorted(articles, key=lambda a: (a.group is not None, a.title.lower())):
        groups.setdefault(article.group, []).append(article)
    return list(groups.items())


def _yes_no(value) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("yes", "true", "1", "y"):
        return True
    if isinstance(value, str) and value.strip().lower() in ("no", "false", "0", "n"):
        return False
    return None


def _error(status: int, code: str, message: str):
    return jsonify(error={"code": code, "message": message}), status
