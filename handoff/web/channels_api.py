"""HTTP doors of the channels: live chat handoff, inbound mail, bot session outcomes, survey.

The bot and the mail gateway call with the service token; the chat widget and the
survey page are public, each guarded by a random id it was given (conversation id,
survey token).
"""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify, render_template, request

from handoff.channels import live_chat, surveys
from handoff.channels.email_ingest import attachments_dir, ingest, spill
from handoff.channels.models import BOT_SESSION_OUTCOMES, BotSession
from handoff.core import events, validation
from handoff.core.db import close_request_session, request_session
from handoff.core.errors import HandoffError, ValidationError
from handoff.core.models import Ticket, utcnow
from handoff.core.tickets import ticket_json
from handoff.web import auth, request_helpers

bp = Blueprint("channels", __name__)
bp.teardown_app_request(close_request_session)

MAX_MAIL_BYTES = 30 * 1024 * 1024  # above the parser's quarantine limit, so big mail is kept, not refused


# Errors as the tickets API writes them: {"error": {"code", "message"}}.
bp.register_error_handler(HandoffError, request_helpers.handoff_error)


@bp.before_request
def _limit_body():
    limit = MAX_MAIL_BYTES if request.endpoint == "channels.inbound_email" else request_helpers.MAX_BODY_BYTES
    if request.content_length is not None and request.content_length > limit:
        return jsonify(error={"code": "payload_too_large", "message": f"bodies are limited to {limit} bytes"}), 413
    return None


# --- live chat: the bot's handoff and the widget's side ---------------------------------

@bp.post("/api/live-chats")
@auth.require("live_chats:request")
def request_live_chat():
    settings = current_app.config["SETTINGS"]
    answer = live_chat.request_live_chat(request_session(), request_helpers.json_body(), public_url=settings.public_url)
    events.handed_off.send("chat", outcome="queue" if answer["status"] == "waiting" else answer["status"])
    return jsonify(answer), 201


@bp.post("/api/tickets/<ticket_id>/chat-messages")
@auth.require("live_chats:request")
def chat_follow_up(ticket_id: str):
    """The customer's later message in the chat that opened this ticket: added to it."""
    settings = current_app.config["SETTINGS"]
    db = request_session()
    ticket = live_chat.add_follow_up(db, ticket_id, request_helpers.json_body().get("text"))
    db.commit()
    return jsonify(ticket_json(ticket, internal=False, public_url=settings.public_url)), 201


@bp.get("/api/live-chats/<conversation_id>/messages")
def widget_messages(conversation_id: str):
    return jsonify(live_chat.messages_after(request_session(), conversation_id,
                                            request.args.get("after", 0, type=int)))


@bp.post("/api/live-chats/<conversation_id>/messages")
def widget_says(conversation_id: str):
    return jsonify(live_chat.customer_says(request_session(), conversation_id,
                                           request_helpers.json_body().get("text"))), 201


# --- inbound mail webhook ---------------------------------------------------------------

@bp.post("/api/inbound-email")
@auth.require("mail:ingest")
def inbound_email():
    """One raw RFC 822 message: the request body (message/rfc822, text/plain, octet-stream)
    or the form field ``email`` of a multipart post, as mail gateways send it."""
    raw = request.files["email"].read() if "email" in request.files else None
    if raw is None and request.form.get("email"):
        raw = request.form["email"].encode("utf-8", errors="surrogateescape")
    if raw is None:
        raw = request.get_data(cache=False)
    if not raw:
        raise ValidationError("send the raw message as the body, or as the form field 'email'", field="email")
    settings = current_app.config["SETTINGS"]
    try:
        result = ingest(request_session(), raw, "webhook", attachments_dir(settings.mail_dir))
    except Exception:
        # The database failed us: keep the message on disk and make the gateway retry.
        request_session().rollback()
        kept = spill(settings.mail_dir / "failed", raw)
        current_app.logger.exception("inbound mail not ingested; kept at %s", kept)
        return jsonify(error={"code": "ingest_failed", "message": "kept for a retry; please resend later"}), 503
    return jsonify(result.as_dict()), 202


# --- bot session outcomes (knowledge-base deflection) -----------------------------------

@bp.post("/api/bot-sessions")
@auth.require("bot_sessions:write")
def bot_session():
    """How a bot conversation ended: {conversation_id, outcome: self_service | ticket |
    handoff | abandoned, ticket_id?, started_at?, articles?}. Reporting again updates it."""
    data = request_helpers.json_body()
    conversation_id = data.get("conversation_id")
    if not isinstance(conversation_id, str) or not 1 <= len(conversation_id) <= 100:
        raise ValidationError("conversation_id: 1-100 characters", field="conversation_id")
    outcome = data.get("outcome")
    if outcome not in BOT_SESSION_OUTCOMES:
        raise ValidationError(f"outcome: one of {', '.join(BOT_SESSION_OUTCOMES)}", code="unknown_value",
                              field="outcome")
    articles = data.get("articles") or []
    if not isinstance(articles, list) or len(articles) > 20 or not all(isinstance(a, str) for a in articles):
        raise ValidationError("articles: up to 20 article ids", field="articles")
    db = request_session()
    row = db.get(BotSession, conversation_id) or BotSession(conversation_id=conversation_id)
    row.outcome, row.ended_at = outcome, validation.aware_time(data.get("ended_at"), "ended_at") or utcnow()
    row.started_at = validation.aware_time(data.get("started_at"), "started_at") or row.started_at
    row.ticket_id = str(data["ticket_id"])[:24] if data.get("ticket_id") else None
    row.articles = [a[:200] for a in articles]
    db.add(row)
    db.commit()
    return jsonify(conversation_id=conversation_id, outcome=outcome), 201


# --- the satisfaction survey page -------------------------------------------------------

@bp.route("/survey/<token>", methods=["GET", "POST"])
def survey(token: str):
    db = request_session()
    try:
        found = surveys.get_survey(db, token)
    except HandoffError as error:
        return render_template("console/survey.html", error=error.message), error.status
    ticket = db.get(Ticket, found.ticket_id)
    context = {"ticket_id": ticket.id, "subject": ticket.subject}
    if found.answered_at is not None:
        return render_template("console/survey.html", done=True, score=found.score, **context)
    if request.method == "GET":
        preselected = request.args.get("score", type=int)
        return render_template("console/survey.html", preselected=preselected, **context)
    try:
        answered = surveys.answer(db, token, request.form.get("score"), request.form.get("comment"))
    except HandoffError as error:
        db.rollback()
        return render_template("console/survey.html", error=error.message, **context), error.status
    return render_template("console/survey.html", done=True, score=answered.score, **context)
