"""The agent console: server-rendered pages over the ticket core (no build step).

Views translate HTTP to calls of handoff functions and back. Staff sign in with
``handoff.web.auth``; every form carries a per-session CSRF token; every page is
sent with a Content-Security-Policy that allows no inline script, on top of
Jinja's autoescaping of everything a customer wrote.
"""
from __future__ import annotations

import hmac
import html
import re
import secrets
from pathlib import Path
from urllib.parse import unquote, urlsplit

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask import (
    session as flask_session,
)
from markupsafe import Markup, escape
from sqlalchemy import func, select

from handoff.channels import live_chat, surveys
from handoff.channels.email_ingest import attachments_dir, blob_path
from handoff.channels.models import QuarantinedEmail
from handoff.console import kpis, queue_views
from handoff.core import agent_work, editing, triage_traffic
from handoff.core.db import close_request_session, request_session
from handoff.core.errors import Forbidden, HandoffError, NotFound
from handoff.core.models import (
    CATEGORIES,
    PRIORITIES,
    PRIORITY_LABELS,
    STATUS_LABELS,
    Agent,
    Notification,
    Ticket,
    utcnow,
)
from handoff.core.tickets import get_ticket, ticket_json
from handoff.outbound import callbacks, twilio_rest
from handoff.portal import tickets as portal_tickets
from handoff.rules import assignment
from handoff.web import auth, permissions

bp = Blueprint("console", __name__, url_prefix="/console", template_folder="templates",
               static_folder="static/console", static_url_path="/static")
bp.teardown_app_request(close_request_session)

CSRF_KEY = "csrf_token"
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
PUBLIC_ENDPOINTS = {"console.login", "console.static"}
# Pages and actions that need a right of their own (handoff/web/permissions.yaml); ticket actions
# are checked by the ticket operations themselves, against the ticket's owner.
ENDPOINT_PERMISSIONS = {
    "console.live_queue": "live_chats:work", "console.live_chat_page": "live_chats:work",
    "console.live_messages": "live_chats:work", "console.live_action": "live_chats:work",
    "console.dashboard": "dashboard:read", "console.quarantine": "mail:quarantine_list",
    "console.quarantine_raw": "mail:quarantine_raw", "console.outbox": "outbox:read",
    "console.attachment": "attachments:read", "console.triage_report": "triage:report",
    "console.callback_queue": "callbacks:work", "console.callback_call": "callbacks:work",
    "console.live_count": "live_chats:work", "console.quarantine_action": "mail:quarantine_release",
    "console.ticket_canned": "canned_replies:use", "console.chat_canned": "canned_replies:use",
    "console.replies": "canned_replies:write", "console.ticket_macro": "macros:apply",
    "console.presence": "presence:set", "console.presence_seen": "presence:set",
    "console.incident_list": "incidents:read", "console.incident_create": "incidents:manage",
    "console.incident_action": "incidents:manage",
    "console.view_bulk": "tickets:bulk", "console.view_export": "tickets:export",
}


@bp.record_once
def _template_helpers(state):
    state.app.jinja_env.globals.setdefault("csrf_token", csrf_token)
    state.app.jinja_env.filters.setdefault("highlighted", highlighted)


def highlighted(snippet: str) -> Markup:
    """A search snippet with its <mark> highlights kept and everything else escaped:
    the index hands back HTML, which is never trusted as such."""
    out, inside = [], False
    for part in re.split(r"(</?mark>)", snippet or ""):
        if part in ("<mark>", "</mark>"):
            inside = part == "<mark>"
        elif part:
            text = escape(html.unescape(part))
            out.append(f"<mark>{text}</mark>" if inside else str(text))
    return Markup("".join(out))


def csrf_token() -> str:
    token = flask_session.get(CSRF_KEY)
    if not token:
        token = flask_session[CSRF_KEY] = secrets.token_urlsafe(32)
    return token


def csrf_ok() -> bool:
    sent = request.form.get(CSRF_KEY) or request.headers.get("X-CSRF-Token") or ""
    expected = flask_session.get(CSRF_KEY) or ""
    return bool(expected) and hmac.compare_digest(sent, expected)


def current_agent() -> Agent | None:
    principal = auth.current_principal()
    if principal is None or principal.agent_id is None:  # a service token is not a person
        return None
    return request_session().get(Agent, principal.agent_id)


@bp.before_request
def _guard():
    if request.method == "POST" and not csrf_ok():
        abort(400, description="The form expired or did not come from this console; reload the page and try again.")
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    g.agent = current_agent()
    if g.agent is None:
        if request.accept_mimetypes.best == "application/json":
            return jsonify(error={"code": "unauthorized", "message": "sign in first"}), 401
        return redirect(url_for("console.login", next=request.full_path.rstrip("?")))
    if request.endpoint in ENDPOINT_PERMISSIONS:
        permissions.check(g.agent, ENDPOINT_PERMISSIONS[request.endpoint])
    return None


def page_headers(response):
    """What every server-rendered page gets (the portal's too): no inline script, no framing."""
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    return response


@bp.after_request
def _headers(response):
    page_headers(response)
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if g.get("agent") is not None:
        response.headers.setdefault("Cache-Control", "no-store")
    return response


@bp.errorhandler(HandoffError)
def _handoff_error(error: HandoffError):
    request_session().rollback()
    if request.accept_mimetypes.best == "application/json":
        return jsonify(error.to_json()), error.status
    if isinstance(error, NotFound) or (isinstance(error, Forbidden) and request.method == "GET"):
        return render_template("console/error.html", agent=g.get("agent"), message=error.message), error.status
    flash(error.message, "error")
    return redirect(_back())


def _back() -> str:
    """The page the action was taken on: its ticket or chat, else the (same-site) referrer."""
    args = request.view_args or {}
    if "ticket_id" in args:
        return url_for("console.ticket", ticket_id=args["ticket_id"])
    if "conversation_id" in args:
        return url_for("console.live_chat_page", conversation_id=args["conversation_id"])
    referrer = request.referrer or ""
    parts = urlsplit(referrer)
    if parts.netloc == request.host and parts.path.startswith("/console/"):
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return url_for("console.home")


def _safe_next(target: str | None) -> str:
    parts = urlsplit(target or "")
    if target and not parts.scheme and not parts.netloc and target.startswith("/console/"):
        return target
    return url_for("console.home")


def _nav() -> dict:
    now = utcnow()
    db = request_session()
    counts = queue_views.view_counts(db, g.agent.id, now)
    views = [{"name": name, "title": title, "count": counts[name]} for name, title in queue_views.VIEWS.items()]
    return {"views": views, "live": len(live_chat.waiting_chats(db)),
            "offer": console_tools.chat_offer(db, g.agent, now)}


def _render(template: str, **context):
    return render_template(template, agent=g.agent, nav=_nav(), presence=console_tools.presence_of(g.agent),
                           **context)


# --- signing in and out ---------------------------------------------------------------

@bp.route("/login", methods=["GET", "POST"])
def login():
    next_url = _safe_next(request.values.get("next"))
    if request.method == "GET":
        if current_agent() is not None:
            return redirect(next_url)
        return render_template("console/login.html", agent=None, nav=None, error=None, email="", next_url=next_url)
    email = request.form.get("email", "")
    agent = auth.authenticate(request_session(), email, request.form.get("password", ""))
    if agent is None:
        return render_template("console/login.html", agent=None, nav=None, error="Wrong email or password.",
                               email=email, next_url=next_url), 401
    auth.login(agent)
    return redirect(next_url)


@bp.post("/logout")
def logout():
    auth.logout()
    return redirect(url_for("console.login"))


# --- ticket views ---------------------------------------------------------------------

@bp.get("/")
def home():
    return redirect(url_for("console.view", name="mine"))


@bp.get("/views/<name>")
def view(name: str):
    if name not in queue_views.VIEWS:
        abort(404)
    filters = {key: request.args.get(key, "") for key in (*queue_views.FILTERS, "q") if request.args.get(key)}
    page = queue_views.list_view(request_session(), name, g.agent.id, filters,
                                 request.args.get("page", 1, type=int), utcnow())
    per_queue = queue_views.unassigned_per_queue(request_session()) if name == "unassigned" else None
    return _render("console/view.html", title=queue_views.VIEWS[name], current_view=name, page=page,
                   filters=filters, filter_options=queue_views.filter_options(), per_queue=per_queue,
                   bulk=console_tools.bulk_options())


def _attachment(ref: str) -> dict:
    """An attachment reference as a link when it is one of ours (stored mail parts)."""
    name = unquote(ref.rsplit("/", 1)[-1]) if "/" in ref else ref
    return {"filename": name, "url": ref if ref.startswith("/console/attachments/") else None,
            "content_type": "", "size_text": ""}


def _ticket_page(ticket_id: str):
    db = request_session()
    ticket = get_ticket(db, ticket_id)
    data = ticket_json(ticket, internal=True)
    now = utcnow()
    deadlines = [d for d in [queue_views.ticket_deadline(ticket, now)] if d]
    query = f"{ticket.subject}\n{ticket.description}"[:500]
    chat = live_chat.chat_of_ticket(db, ticket.id)
    view = {
        **data,
        "priority_text": f"{ticket.priority} ({PRIORITY_LABELS[ticket.priority]})",
        "status": STATUS_LABELS[ticket.status],
        "owner": ticket.assignee.name if ticket.assignee else None,
        "created_at": ticket.created_at.strftime("%Y-%m-%d %H:%M UTC"),
        "updated_at": ticket.updated_at.strftime("%Y-%m-%d %H:%M UTC"),
        "customer": data["customer"],
        "details": sorted((k, v) for k, v in (ticket.details or {}).items() if v not in (None, "", [], {})),
        "steps_to_reproduce": "\n".join(ticket.steps_to_reproduce or []),
        "environment": "\n".join(f"{k}: {v}" for k, v in (ticket.environment or {}).items()),
        "attachments": [_attachment(ref) for ref in ticket.attachments or []],
        "routing": ", ".join(ticket.rules_fired or []),
        "deadlines": deadlines,
        "triage": _triage_view(ticket),
        "conversation": _conversation_view(ticket),
        "activity": [{"at": e.at.strftime("%Y-%m-%d %H:%M"), "iso": e.at.isoformat(),
                      "text": f"{e.message} ({e.actor})"}
                     for e in ticket.events],
        "notes": [{"at": n.at.strftime("%Y-%m-%d %H:%M"), "iso": n.at.isoformat(),
                   "author": n.author_name + (" · reply" if n.public else ""), "text": n.text} for n in ticket.notes],
        "created_iso": ticket.created_at.isoformat(), "updated_iso": ticket.updated_at.isoformat(),
        "actions": agent_work.available(ticket, g.agent),
        "live_chat": chat.conversation_id if chat else None,
        "messages": [_message_view(n) for n in db.scalars(
            select(Notification).where(Notification.ticket_id == ticket.id).order_by(Notification.id))],
    }
    escalation = agent_work.escalation_draft(ticket, g.agent, now)
    staff = (db.scalars(select(Agent).where(Agent.active).order_by(Agent.name)).all()
             if permissions.allows(g.agent, "tickets:assign_any", ticket) else [])
    return _render("console/ticket.html", t=view, escalation=escalation, kb_hits=_kb_hits(query),
                   categories=CATEGORIES, priorities=PRIORITIES, staff=staff,
                   tools=console_tools.ticket_tools(ticket, now))


def _triage_view(ticket) -> dict | None:
    if ticket.triage_source != "model" or ticket.category_confidence is None:
        return None
    answer = ticket.triage or {}
    return {
        "model_version": ticket.model_version, "needs_review": ticket.needs_review,
        "category": answer.get("category", ticket.category), "category_confidence": ticket.category_confidence,
        "priority": answer.get("priority", ticket.priority), "priority_confidence": ticket.priority_confidence or 0.0,
        "category_alternatives": answer.get("category_alternatives", [])[1:4],
        "priority_alternatives": answer.get("priority_alternatives", [])[1:3],
    }


def _conversation_view(ticket) -> dict | None:
    if not (ticket.transcript or ticket.call_sid or ticket.speech_transcript):
        return None
    transcript = list(ticket.transcript or [])
    if ticket.speech_transcript and not transcript:
        transcript = [{"sender": "customer", "text": ticket.speech_transcript, "ts": None}]
    return {"transcript": transcript, "call_sid": ticket.call_sid, "recording_url": _safe_url(ticket.recording_url),
            "speech_confidence": ticket.speech_confidence}


def _safe_url(url: str | None) -> str | None:
    """Only web links become hrefs: a javascript: URL in a ticket must not run in the console."""
    return url if url and urlsplit(url).scheme in ("http", "https") else None


def _kb_hits(query: str) -> list:
    try:
        import kb_search

        return kb_search.search(query, top=5, index_path=current_app.config["SETTINGS"].kb_index_path)
    except Exception:  # noqa: BLE001 - a missing index must not take the ticket page down
        current_app.logger.warning("knowledge base search failed", exc_info=True)
        return []


@bp.get("/tickets/<ticket_id>")
def ticket(ticket_id: str):
    return _ticket_page(ticket_id)


@bp.post("/tickets/<ticket_id>/<action>")
def ticket_action(ticket_id: str, action: str):
    db = request_session()
    ticket = get_ticket(db, ticket_id, for_update=True)
    agent, form = g.agent, request.form
    if action == "claim":
        agent_work.claim(db, ticket, agent)
        message = f"You claimed {ticket.id}."
    elif action in ("reply", "note"):
        editing.add_note(db, ticket, form.get("text"), author=agent, public=action == "reply")
        message = "Reply sent to the customer." if action == "reply" else "Internal note added."
    elif action == "assign":
        editing.update_ticket(db, ticket, {"assignee": form.get("assignee") or None}, actor=agent,
                              actor_name=agent.name)
        message = f"{ticket.id} is now {'assigned to ' + ticket.assignee.name if ticket.assignee else 'unassigned'}."
    elif action == "correct":
        changes = {k: form[k] for k in ("category", "priority") if form.get(k)}
        editing.update_ticket(db, ticket, changes, actor=agent, actor_name=agent.name)
        message = "Triage corrected; the correction is kept for retraining."
    elif action == "tracking_link":
        portal_tickets.reissue_link(db, ticket, actor=agent)
        message = "The old tracking link no longer works; the customer was emailed a new one."
    elif action == "escalate":
        steps = [line.strip() for line in form.get("troubleshooting", "").splitlines() if line.strip()]
        agent_work.escalate(db, ticket, agent, form.get("reason", "").strip() or "Escalated by agent", steps)
        message = f"Escalated to Tier {ticket.support_tier}; the escalation notice is in the outbox."
    elif action in {a for a, _label, _to in agent_work.MOVES}:
        agent_work.move(db, ticket, action, agent, resolution=form.get("resolution"))
        if ticket.status == "resolved":
            surveys.send_survey(db, ticket)
        message = f"{ticket.id} is now {STATUS_LABELS[ticket.status]}."
    else:
        abort(404)
    db.commit()
    flash(message, "ok")
    return redirect(url_for("console.ticket", ticket_id=ticket.id))


# --- live chat ------------------------------------------------------------------------

def _chat_view(chat, db) -> dict:
    ticket = db.get(Ticket, chat.ticket_id) if chat.ticket_id else None
    bot_part = list(ticket.transcript or []) if ticket is not None and chat.state != "ended" else []
    live = [live_chat.message_json(m) for m in live_chat.all_messages(db, chat)]
    return {
        "conversation_id": chat.conversation_id, "state": chat.state, "ticket_id": chat.ticket_id,
        "customer_name": chat.customer_name, "customer_email": chat.customer_email, "tier": chat.customer_tier,
        "verified": bool(ticket and ticket.customer_verified),
        "subject": chat.subject, "priority": chat.priority,
        "waiting": queue_views.duration_text(utcnow() - chat.created_at),
        "messages": bot_part + live, "last_seq": live[-1]["seq"] if live else 0,
        "mine": chat.agent_id == g.agent.id,
    }


@bp.get("/live")
def live_queue():
    db = request_session()
    waiting = [_chat_view(c, db) for c in live_chat.waiting_chats(db)]
    mine = [_chat_view(c, db) for c in live_chat.agent_chats(db, g.agent)]
    offered = {c.conversation_id for c in assignment.offers_to(db, g.agent)}
    waiting.sort(key=lambda chat: chat["conversation_id"] not in offered)  # offered to this agent first
    return _render("console/live_queue.html", waiting=waiting, mine=mine, offered=offered)


@bp.get("/live/<conversation_id>")
def live_chat_page(conversation_id: str):
    db = request_session()
    return _render("console/live_chat.html", chat=_chat_view(live_chat.get_chat(db, conversation_id), db))


@bp.get("/live/<conversation_id>/messages")
def live_messages(conversation_id: str):
    return jsonify(live_chat.messages_after(request_session(), conversation_id,
                                            request.args.get("after", 0, type=int)))


@bp.post("/live/<conversation_id>/<action>")
def live_action(conversation_id: str, action: str):
    db = request_session()
    if action == "take":
        live_chat.take(db, conversation_id, g.agent)
    elif action == "send":
        message = live_chat.agent_says(db, conversation_id, g.agent, request.form.get("text"))
        if request.accept_mimetypes.best == "application/json":
            return jsonify(message), 201
    elif action in ("end", "return"):
        live_chat.finish(db, conversation_id, g.agent, to_bot=action == "return")
    else:
        abort(404)
    return redirect(url_for("console.live_chat_page", conversation_id=conversation_id))


# --- callback queue ---------------------------------------------------------------------

@bp.get("/callbacks")
def callback_queue():
    rows = callbacks.open_callbacks(request_session())
    return _render("console/callbacks.html", callbacks=[callbacks.callback_json(c, position=i)
                                                        for i, c in enumerate(rows, start=1)],
                   twilio_ready=twilio_rest.configured(current_app.config["SETTINGS"]))


@bp.post("/callbacks/<int:callback_id>/call")
def callback_call(callback_id: int):
    """The agent's "Call back": Twilio rings the customer, then the agent (a 409 if taken)."""
    db = request_session()
    callback = callbacks.get_callback(db, callback_id)
    callbacks.start_callback(db, callback, g.agent, current_app.config["SETTINGS"], utcnow())
    if callback.status == "calling":
        flash(f"Calling {callback.phone} for ticket {callback.ticket_id}: your phone rings when they answer.")
    else:
        flash(f"The call to {callback.phone} could not be placed; it is queued again.", "error")
    return redirect(url_for("console.callback_queue"))


# --- dashboard, mail quarantine, attachments -------------------------------------------

@bp.get("/dashboard")
def dashboard():
    days = request.args.get("days", 30, type=int)
    days = days if days in (7, 30, 90) else 30
    board = kpis.dashboard(request_session(), utcnow(), days=days)
    return _render("console/dashboard.html", board=board, charts=chart_series(board),
                   incident_counts=console_tools.incident_counts(board["now"], days))


def chart_series(board: dict) -> dict:
    """The dashboard's figures as (label, value) series for the SVG charts."""
    def issue(row):
        return row["category"].replace("_", " ") + (f" / {row['subcategory']}" if row["subcategory"] else "")

    return {
        "channels": [(row["channel"], row["percent"] or 0) for row in board["channels"]],
        "top_issues": [(issue(row)[:22], row["count"]) for row in board["top_issues"]],
        "created": [(row["day"][5:], row["created"]) for row in board["daily"]],
        "resolved": [(row["day"][5:], row["resolved"]) for row in board["daily"]],
    }


@bp.get("/quarantine")
def quarantine():
    db = request_session()
    total = db.scalar(select(func.count()).select_from(QuarantinedEmail)) or 0
    pages = max(1, -(-total // queue_views.PAGE_SIZE))
    number = min(max(1, request.args.get("page", 1, type=int)), pages)
    rows = db.execute(select(QuarantinedEmail.id, QuarantinedEmail.received_at, QuarantinedEmail.sender,
                             QuarantinedEmail.subject, QuarantinedEmail.reason, QuarantinedEmail.source)
                      .order_by(QuarantinedEmail.id.desc()).limit(queue_views.PAGE_SIZE)
                      .offset((number - 1) * queue_views.PAGE_SIZE)).all()
    page = queue_views.Page(rows=[{**r._asdict(), "received_at": r.received_at.strftime("%Y-%m-%d %H:%M UTC"),
                                   "sender_email": console_tools.address_of(r.sender)}
                                  for r in rows], total=total, number=number, pages=pages)
    return _render("console/quarantine.html", page=page)


@bp.get("/outbox")
def outbox():
    """Every message the service sent or keeps for sending (managers)."""
    db = request_session()
    kind = request.args.get("kind") or None
    where = [Notification.kind == kind] if kind else []
    total = db.scalar(select(func.count()).select_from(Notification).where(*where)) or 0
    pages = max(1, -(-total // queue_views.PAGE_SIZE))
    number = min(max(1, request.args.get("page", 1, type=int)), pages)
    rows = db.scalars(select(Notification).where(*where).order_by(Notification.id.desc())
                      .limit(queue_views.PAGE_SIZE).offset((number - 1) * queue_views.PAGE_SIZE)).all()
    kinds = db.scalars(select(Notification.kind).distinct().order_by(Notification.kind)).all()
    page = queue_views.Page(rows=[_message_view(n) for n in rows], total=total, number=number, pages=pages)
    return _render("console/outbox.html", page=page, kinds=kinds, kind=kind)


@bp.get("/triage")
def triage_report():
    """How the triage model does on real traffic (managers): the figures of `handoff triage-report`."""
    span = request.args.get("since", "7d")
    try:
        since = triage_traffic.parse_since(span)
    except ValueError as error:
        return _render("console/triage_report.html", report=None, since=span, error=str(error)), 400
    report = triage_traffic.report(request_session(), since, current_app.config["SETTINGS"].triage_model_dir)
    return _render("console/triage_report.html", report=report, since=span, error=None,
                   warnings=triage_traffic.drift_warnings(report))


def _message_view(note: Notification) -> dict:
    return {"id": note.id, "at": note.created_at.strftime("%Y-%m-%d %H:%M UTC"), "kind": note.kind,
            "to": note.to_addr, "cc": note.cc_addr, "subject": note.subject, "body": note.body,
            "status": note.status, "attempts": note.attempts, "error": note.last_error, "ticket_id": note.ticket_id}


@bp.get("/quarantine/<int:message_id>/raw")
def quarantine_raw(message_id: int):
    row = request_session().get(QuarantinedEmail, message_id)
    if row is None:
        abort(404)
    # Served as a download of opaque bytes: a hostile message must never render here.
    response = current_app.response_class(row.raw, mimetype="application/octet-stream")
    response.headers["Content-Disposition"] = f'attachment; filename="quarantined-{row.id}.eml"'
    return response


@bp.get("/attachments/<sha>/<path:name>")
def attachment(sha: str, name: str):
    if len(sha) != 64 or any(c not in "0123456789abcdef" for c in sha):
        abort(404)
    return send_stored_file(sha, name)


def send_stored_file(sha: str, name: str):
    """A file kept by content hash, as a download of opaque bytes: never rendered here
    (the portal serves customers' files with it too)."""
    path = blob_path(attachments_dir(current_app.config["SETTINGS"].mail_dir), sha)
    if not path.is_file():
        abort(404)
    return send_file(path, mimetype="application/octet-stream", as_attachment=True,
                     download_name=Path(name).name or "attachment")


from handoff.console import tools as console_tools  # noqa: E402  (adds the agents' tools' routes to bp)
