"""The tickets REST API (JSON). Views only translate HTTP to handoff functions and back."""
from __future__ import annotations

from flask import Blueprint, jsonify, request
from sqlalchemy import func, select

from handoff.core import editing, lifecycle, validation
from handoff.core.customers import contact_json, find_customer
from handoff.core.db import begin_read, close_request_session, request_session
from handoff.core.errors import HandoffError, NotFound, Unauthorized, ValidationError
from handoff.core.models import (
    CATEGORIES,
    CHANNELS,
    OPEN_STATUSES,
    PRIORITIES,
    STATUS_LABELS,
    STATUSES,
    Agent,
    Ticket,
    utcnow,
)
from handoff.core.settings import current_settings
from handoff.core.tickets import create_ticket, get_ticket, ticket_json, ticket_summary
from handoff.core.triage import classify
from handoff.outbound import callbacks, notifications
from handoff.portal import tickets as portal_tickets
from handoff.web import auth
from handoff.web.request_helpers import (
    current_staff,
    handoff_error,
    json_body,
    limit_body,
    ticket_to_change,
    too_large,
)

bp = Blueprint("handoff_api", __name__, url_prefix="/api")
bp.teardown_app_request(close_request_session)

MAX_PAGE = 200


bp.register_error_handler(HandoffError, handoff_error)
bp.before_request(limit_body)


@bp.errorhandler(413)
def _request_too_large(_error):
    return too_large()


def _ticket_out(ticket: Ticket, status: int = 200):
    return jsonify(ticket_json(ticket, internal=auth.current_principal().can("notes:read"))), status


@bp.post("/auth/login")
def login():
    data = json_body()
    agent = auth.authenticate(request_session(), str(data.get("email", "")), str(data.get("password", "")))
    if agent is None:
        raise Unauthorized("wrong email or password", code="invalid_credentials")
    auth.login(agent)
    return jsonify(agent={"id": agent.id, "name": agent.name, "email": agent.email, "role": agent.role,
                          "support_tier": agent.support_tier, "team": agent.team})


@bp.post("/auth/logout")
def logout():
    auth.logout()
    return "", 204


@bp.get("/auth/me")
@auth.require("tickets:read")
def me():
    principal = auth.current_principal()
    return jsonify(kind=principal.kind, name=principal.name, agent_id=principal.agent_id)


@bp.post("/tickets")
@auth.require("tickets:create")
def post_ticket():
    key = request.headers.get("Idempotency-Key")
    if key is not None and not 1 <= len(key) <= 200:
        raise ValidationError("Idempotency-Key: 1 to 200 characters", field="Idempotency-Key")
    ticket = create_ticket(request_session(), json_body(), idempotency_key=key, actor=auth.current_principal().name)
    return _ticket_out(ticket, 201)


@bp.post("/triage")
@auth.require("tickets:create")
def post_triage():
    """The triage model's reading of a customer's words, without making a ticket (the bot
    uses it to decide between an article and a person): {text, subject?, channel?}
    -> {category, priority, their confidences and alternatives, model_version, needs_review}."""
    data = json_body()
    description = validation.text(data, "text", "text", validation.LIMITS["description"], required=True)
    subject = validation.text(data, "subject", "subject", validation.LIMITS["subject"]) or ""
    channel = validation.choice(data.get("channel"), "channel", CHANNELS) or "chat"
    result = classify(current_settings().triage_model_dir, subject, description, channel)
    return jsonify({key: result.get(key) for key in (
        "category", "priority", "category_confidence", "priority_confidence", "category_alternatives",
        "priority_alternatives", "model_version", "needs_review")})


def _choices(arg: str, allowed, aliases: dict | None = None) -> list[str] | None:
    raw = request.args.get(arg)
    if not raw:
        return None
    values = []
    for value in raw.split(","):
        value = value.strip()
        if aliases and value in aliases:
            values.extend(aliases[value])
            continue
        match = next((a for a in allowed if a.lower() == value.lower()), None)
        if match is None:
            raise ValidationError(f"{arg}: unknown value {value!r}; expected one of {', '.join(allowed)}",
                                  code="unknown_value", field=arg)
        values.append(match)
    return values


def _int_arg(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ValidationError(f"{name}: a whole number", field=name) from None
    if not low <= value <= high:
        raise ValidationError(f"{name}: between {low} and {high}", field=name)
    return value


@bp.get("/tickets")
@auth.require("tickets:read")
def list_tickets():
    begin_read(request_session())
    query = select(Ticket)
    filters = {
        Ticket.queue: _choices("queue", editing.queues()),
        Ticket.status: _choices("status", STATUSES, {"open": list(OPEN_STATUSES)}),
        Ticket.priority: _choices("priority", PRIORITIES),
        Ticket.category: _choices("category", CATEGORIES),
    }
    for column, values in filters.items():
        if values:
            query = query.where(column.in_(values))
    if request.args.get("customer"):
        query = query.where(Ticket.customer_email == validation.email(request.args["customer"], "customer"))
    if request.args.get("assignee"):
        assignee = request.args["assignee"]
        if assignee == "none":
            query = query.where(Ticket.assignee_id.is_(None))
        else:
            query = query.join(Agent, Ticket.assignee_id == Agent.id).where(Agent.email == assignee.lower())
    if request.args.get("needs_review") in ("1", "true"):
        query = query.where(Ticket.needs_review.is_(True))
    limit = _int_arg("limit", 50, 1, MAX_PAGE)
    offset = _int_arg("offset", 0, 0, 10**9)
    db = request_session()
    total = db.scalar(select(func.count()).select_from(query.subquery()))
    rows = db.scalars(query.order_by(Ticket.created_at.desc(), Ticket.id.desc()).limit(limit).offset(offset)).all()
    return jsonify(tickets=[ticket_summary(t) for t in rows], total=total, limit=limit, offset=offset)


@bp.get("/tickets/<ticket_id>")
@auth.require("tickets:read")
def show_ticket(ticket_id: str):
    begin_read(request_session())
    return _ticket_out(get_ticket(request_session(), ticket_id))


@bp.patch("/tickets/<ticket_id>")
@auth.require("tickets:update")
def patch_ticket(ticket_id: str):
    db, ticket = ticket_to_change(ticket_id)
    editing.update_ticket(db, ticket, json_body(), actor=current_staff(), actor_name=auth.current_principal().name)
    db.commit()
    return _ticket_out(ticket)


@bp.post("/tickets/<ticket_id>/transitions")
@auth.require("tickets:transition")
def post_transition(ticket_id: str):
    data = json_body()
    db, ticket = ticket_to_change(ticket_id)
    troubleshooting = data.get("troubleshooting") or []
    if not isinstance(troubleshooting, list) or not all(isinstance(s, str) for s in troubleshooting):
        raise ValidationError("troubleshooting: a list of strings", field="troubleshooting")
    lifecycle.transition(
        db, ticket, str(data.get("to", "")), actor=current_staff(),
        note=validation.text(data, "note", "note", editing.NOTE_LIMIT),
        resolution=validation.text(data, "resolution", "resolution", editing.NOTE_LIMIT),
        reason=validation.text(data, "reason", "reason", editing.NOTE_LIMIT),
        troubleshooting=troubleshooting,
    )
    db.commit()
    return _ticket_out(ticket)


@bp.post("/tickets/<ticket_id>/status-email")
@auth.require("tickets:create")
def post_status_email(ticket_id: str):
    """The bot's offer to a visitor who is not signed in: the status goes to the ticket's own
    email address, never to the asker. The answer is the same whether the ticket exists or not."""
    db = request_session()
    ticket = db.get(Ticket, ticket_id.upper()) if len(ticket_id) <= 24 else None
    if ticket is not None and ticket.customer_email:
        settings = current_settings()
        subject, body = notifications.customer_email(
            ticket, settings.public_url, current_status=f"Your request is {STATUS_LABELS[ticket.status].lower()}.",
            next_steps="You asked for this update in our chat; reply to this email to add anything.")
        notifications.enqueue(db, kind="customer_update", to=ticket.customer_email, subject=subject, body=body,
                              ticket_id=ticket.id, smtp=bool(settings.smtp_url))
        db.commit()
    return jsonify(queued=True), 202


@bp.post("/tickets/<ticket_id>/notes")
@auth.require("notes:write")
def post_note(ticket_id: str):
    data = json_body()
    db, ticket = ticket_to_change(ticket_id)
    public = data.get("public", False)
    if not isinstance(public, bool):
        raise ValidationError("public: true or false", field="public")
    note = editing.add_note(db, ticket, data.get("text"), author=current_staff(), public=public)
    db.commit()
    return jsonify(id=note.id, at=note.at.isoformat(), author=note.author_name, public=note.public,
                   text=note.text), 201


@bp.post("/tickets/<ticket_id>/tracking-link")
@auth.require("tickets:update")
def reissue_tracking_link(ticket_id: str):
    """Revoke the customer's tracking link; the new one is emailed to them and returned."""
    db, ticket = ticket_to_change(ticket_id)
    url = portal_tickets.reissue_link(db, ticket, actor=current_staff())
    db.commit()
    return jsonify(id=ticket.id, tracking_url=url)


@bp.get("/customers/<path:email>")
@auth.require("customers:read")
def show_customer(email: str):
    address = validation.email(email, "email")
    db = request_session()
    begin_read(db)
    contact = find_customer(db, email=address)
    if contact is None:
        raise NotFound(f"no customer with email {address}", code="customer_not_found")
    recent = db.scalars(
        # Filed under the contact, not merely carrying their address: anyone can type an email.
        select(Ticket).where(Ticket.contact_id == contact.id).order_by(Ticket.created_at.desc()).limit(10)
    ).all()
    return jsonify(customer=contact_json(contact), recent_tickets=[ticket_summary(t) for t in recent])


@bp.post("/callbacks")
@auth.require("tickets:create")
def post_callback():
    """Schedule a callback: ``{"ticket_id", "phone"?, "window_start"?, "window_end"?}``; the
    same Idempotency-Key (or the same request without one) gives back the same callback."""
    data = json_body()
    key = request.headers.get("Idempotency-Key")
    if key is not None and not 1 <= len(key) <= 160:
        raise ValidationError("Idempotency-Key: 1 to 160 characters", field="Idempotency-Key")
    db = request_session()
    ticket = get_ticket(db, str(data.get("ticket_id", "")))
    start = validation.aware_time(data.get("window_start"), "window_start")
    end = validation.aware_time(data.get("window_end"), "window_end")
    key = f"api:{key}" if key else f"api:{ticket.id}:{start.isoformat() if start else ''}"
    known = callbacks.by_key(db, key) is not None
    callback = callbacks.request_callback(
        db, ticket, phone=str(data.get("phone") or "") or None,
        source=validation.choice(data.get("source") or "portal", "source", ("portal", "console")),
        key=key, now=utcnow(), window_start=start, window_end=end,
    )
    db.commit()
    return jsonify(callbacks.callback_json(callback)), 200 if known else 201


@bp.get("/callbacks")
@auth.require("tickets:read")
def list_callbacks():
    rows = callbacks.open_callbacks(request_session())
    return jsonify(callbacks=[callbacks.callback_json(c, position=i) for i, c in enumerate(rows, start=1)])
