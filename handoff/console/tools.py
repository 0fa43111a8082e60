"""The console pages and actions of the agents' tools: canned replies typed with "/",
macros, the presence switch, incidents. Routes are added to ``handoff.console.views.bp``."""
from __future__ import annotations

import csv
import io
from datetime import timedelta

from flask import abort, current_app, flash, g, jsonify, redirect, request, stream_with_context, url_for
from sqlalchemy import select

from handoff.agent_tools import incidents, macros
from handoff.channels import live_chat, quarantine_review
from handoff.channels.email_ingest import attachments_dir
from handoff.console import queue_views
from handoff.console.views import _render, bp
from handoff.core import editing, similar
from handoff.core.db import begin_read, request_session
from handoff.core.models import Agent, Ticket, utcnow
from handoff.core.tickets import get_ticket
from handoff.rules import assignment
from handoff.web import auth, permissions


def _public_url() -> str:
    return current_app.config["SETTINGS"].public_url


def _canned_for(ticket: Ticket | None):
    replies = macros.canned_replies(request_session(), g.agent)
    return jsonify(canned_replies=[
        {"shortcut": r.shortcut, "title": r.title, "shared": r.owner_id is None,
         "text": macros.render(r.body, ticket, g.agent, _public_url())} for r in replies])


@bp.get("/tickets/<ticket_id>/canned")
def ticket_canned(ticket_id: str):
    """The canned replies rendered for this ticket, for the "/" picker of its reply boxes."""
    return _canned_for(get_ticket(request_session(), ticket_id))


@bp.get("/live/<conversation_id>/canned")
def chat_canned(conversation_id: str):
    chat = live_chat.get_chat(request_session(), conversation_id)
    return _canned_for(request_session().get(Ticket, chat.ticket_id) if chat.ticket_id else None)


@bp.post("/tickets/<ticket_id>/macro")
def ticket_macro(ticket_id: str):
    db = request_session()
    ticket = get_ticket(db, ticket_id, for_update=True)
    macro = macros.get_macro(db, request.form.get("macro", ""))
    macros.apply_macro(db, ticket, macro, g.agent, _public_url())
    db.commit()
    flash(f"Macro '{macro.title}' applied.", "ok")
    return redirect(url_for("console.ticket", ticket_id=ticket.id))


@bp.post("/presence")
def presence():
    db = request_session()
    assignment.set_presence(db, g.agent, request.form.get("presence"))
    db.commit()
    if request.accept_mimetypes.best == "application/json":
        return jsonify(presence=request.form.get("presence"))
    back = request.referrer if (request.referrer or "").startswith(request.host_url) else url_for("console.home")
    return redirect(back)


@bp.post("/presence/seen")
def presence_seen():
    """The page's heartbeat while the agent is active (keyboard or mouse in the last minute)."""
    db = request_session()
    state = assignment.seen(db, g.agent)
    db.commit()
    return jsonify(presence=state.presence)


# --- managing canned replies and macros ------------------------------------------------------

@bp.route("/replies", methods=["GET", "POST"])
def replies():
    """Canned replies (own; shared for managers) and macros (managers) in one page."""
    db = request_session()
    if request.method == "POST":
        form = request.form.to_dict()
        kind = form.pop("kind", "")
        item_id = int(form.pop("id")) if form.get("id", "").isdigit() else None
        form.pop("csrf_token", None)
        if kind == "canned":
            macros.save_canned(db, g.agent, form, reply_id=item_id, shared=form.get("shared") == "1")
        elif kind == "delete-canned" and item_id:
            macros.delete_canned(db, g.agent, item_id)
        elif kind == "macro" and permissions.allows(g.agent, "macros:manage"):
            macros.save_macro(db, form, macro_id=item_id)
        else:
            abort(403)
        db.commit()
        flash("Saved.", "ok")
        return redirect(url_for("console.replies"))
    return _render("console/replies.html", canned=macros.canned_replies(db, g.agent),
                   macros=macros.macros(db, active_only=False), statuses=macros.MACRO_STATUSES)


# --- incidents -----------------------------------------------------------------------------

@bp.get("/incidents")
def incident_list():
    db = request_session()
    return _render("console/incidents.html", incidents=[incidents.incident_json(db, i)
                                                        for i in incidents.open_incidents(db)],
                   may_manage=incidents.may_manage(g.agent))


@bp.post("/incidents")
def incident_create():
    db = request_session()
    ids = [t for t in request.form.get("ticket_ids", "").replace(",", " ").split() if t]
    incident = incidents.create_incident(db, g.agent, {**request.form.to_dict(), "ticket_ids": ids})
    db.commit()
    flash(f"Incident #{incident.id} opened.", "ok")
    return redirect(url_for("console.incident_list"))


@bp.post("/incidents/<int:incident_id>/<action>")
def incident_action(incident_id: int, action: str):
    db = request_session()
    incident = incidents.get_incident(db, incident_id)
    form = request.form.to_dict()
    if action == "link":
        ids = [t for t in form.get("ticket_ids", "").replace(",", " ").split() if t]
        incidents.link(db, incident, g.agent, ids, utcnow())
        message = f"Linked to incident #{incident.id}."
    elif action == "update":
        told = incidents.post_update(db, incident, g.agent, {**form, "public": form.get("public") != "0"})
        message = f"Update posted; {told} customers told."
    elif action == "resolve":
        message = f"Incident resolved; {incidents.resolve(db, incident, g.agent, form)} tickets resolved."
    else:
        abort(404)
    db.commit()
    flash(message, "ok")
    back = form.get("back", "")
    return redirect(back if back.startswith("/console/") else url_for("console.incident_list"))


# --- context for console pages ---------------------------------------------------------------

def presence_of(agent) -> str | None:
    """The agent's presence for the top bar's switch (None before they ever set it: offline)."""
    if agent is None:
        return None
    state = request_session().get(assignment.AgentState, agent.id)
    return state.presence if state is not None else "offline"


def _summary(macro) -> str:
    parts = (["reply" if macro.reply_public else "note"] if macro.reply else []) + \
        [f"{name} {value}" for name, value in (("status", macro.status), ("priority", macro.priority),
                                               ("queue", macro.queue)) if value] + \
        ([f"tags {', '.join(macro.tags)}"] if macro.tags else [])
    return "; ".join(parts)


def ticket_tools(ticket: Ticket, now) -> dict:
    """What the ticket page shows of the agents' tools: macros, the incident or suggested ones."""
    db = request_session()
    return {
        "macros": [{"id": m.id, "title": m.title, "summary": _summary(m)} for m in macros.macros(db)],
        "incident": db.get(incidents.Incident, ticket.incident_id) if ticket.incident_id else None,
        "suggested_incidents": incidents.suggestions(db, ticket, now),
        "similar": similar.similar_resolved(db, ticket),
    }


def incident_counts(now, days: int) -> dict:
    """The dashboard's incident tiles: one outage's tickets counted apart from the rest."""
    return incidents.linked_counts(request_session(), now - timedelta(days=days))


def chat_offer(db, agent: Agent, now) -> dict | None:
    """The live chat offered to this agent now, as the top bar's offer shows it (None without one)."""
    offers = assignment.offers_to(db, agent, now)
    if not offers:
        return None
    chat = offers[0]
    return {"conversation_id": chat.conversation_id,
            "customer": chat.customer_name or chat.customer_email or "anonymous",
            "subject": chat.subject, "priority": chat.priority,
            "seconds_left": max(0, int((chat.offer_expires_at - now).total_seconds())),
            "accept_url": url_for("console.live_action", conversation_id=chat.conversation_id, action="take")}


@bp.get("/live/count")
def live_count():
    """The top bar's live-chat counter and the chat offered to this agent (polled by every page).
    Each poll also moves lapsed offers on, so an offer lapses within one poll of its time."""
    db, now = request_session(), utcnow()
    assignment.offer_chats(db, now)
    db.commit()
    return jsonify(waiting=len(live_chat.waiting_chats(db)), offer=chat_offer(db, g.agent, now))


# --- bulk actions and CSV export of a view ---------------------------------------------------

BULK_STATUSES = ("in_progress", "pending", "resolved", "closed")
BULK_LIMIT = 200
CSV_COLUMNS = ("id", "created_at", "status", "priority", "category", "queue", "support_tier", "channel",
               "customer_name", "customer_email", "customer_company", "customer_tier", "owner", "subject",
               "incident_id", "first_response_at", "resolved_at")


def bulk_options() -> dict:
    db = request_session()
    staff = (db.scalars(select(Agent).where(Agent.active).order_by(Agent.name)).all()
             if auth.current_principal().can("tickets:assign_any") else [])
    return {"staff": staff, "statuses": BULK_STATUSES,
            "incidents": incidents.open_incidents(db) if incidents.may_manage(g.agent) else []}


@bp.post("/views/<name>/bulk")
def view_bulk(name: str):
    """One action on the selected tickets: all of them change, or (on any refusal) none."""
    db = request_session()
    ids = list(dict.fromkeys(request.form.getlist("ids")))[:BULK_LIMIT]
    action, _, value = request.form.get("action", "").partition(":")
    if not ids:
        flash("Select at least one ticket.", "error")
        return redirect(url_for("console.view", name=name))
    now = utcnow()
    if action == "incident":
        incidents.link(db, incidents.get_incident(db, int(value) if value.isdigit() else 0), g.agent, ids, now)
    else:
        for ticket_id in ids:
            ticket = get_ticket(db, ticket_id, for_update=True)
            if action in ("assign_me", "assign", "unassign"):
                who = {"assign_me": g.agent.email, "assign": value, "unassign": None}[action]
                editing.update_ticket(db, ticket, {"assignee": who}, actor=g.agent, actor_name=g.agent.name, now=now)
            elif action == "status" and value in BULK_STATUSES:
                macros.move_to(db, ticket, value, g.agent, request.form.get("resolution") or None, now)
            else:
                abort(400)
    db.commit()
    flash(f"{len(ids)} tickets updated.", "ok")
    return redirect(url_for("console.view", name=name))


def _cell(value) -> str:
    """A CSV cell; text a spreadsheet would run as a formula is prefixed with a quote."""
    text = value.isoformat() if hasattr(value, "isoformat") else ("" if value is None else str(value))
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@bp.get("/views/<name>/export.csv")
def view_export(name: str):
    """Every ticket of the view with its filters (not only the page shown), streamed."""
    if name not in queue_views.VIEWS:
        abort(404)
    filters = {key: request.args.get(key, "") for key in (*queue_views.FILTERS, "q") if request.args.get(key)}
    where = [queue_views.view_condition(name, g.agent.id, utcnow()), *queue_views._filters(filters)]
    query = (select(*(getattr(Ticket, c) for c in CSV_COLUMNS if c != "owner"), Agent.name)
             .outerjoin(Agent, Agent.id == Ticket.assignee_id).where(*where).order_by(Ticket.created_at))
    session = request_session()
    session.commit()  # end the page guard's transaction: the export reads in one of its own, taking no write lock
    begin_read(session)

    def rows():
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(CSV_COLUMNS)
        try:
            for row in session.execute(query.execution_options(yield_per=1000)):
                values = dict(zip([c for c in CSV_COLUMNS if c != "owner"] + ["owner"], row, strict=False))
                writer.writerow([_cell(values[c]) for c in CSV_COLUMNS])
                if out.tell() > 64_000:
                    yield out.getvalue()
                    out.seek(0)
                    out.truncate()
            yield out.getvalue()
        finally:
            session.rollback()  # read only: nothing to keep, and the connection goes back now

    response = current_app.response_class(stream_with_context(rows()), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}-{utcnow():%Y%m%d-%H%M}.csv"'
    return response


# --- quarantined mail ---------------------------------------------------------------------

def _attachments_dir():
    return attachments_dir(current_app.config["SETTINGS"].mail_dir)


@bp.post("/quarantine/<int:message_id>/<action>")
def quarantine_action(message_id: int, action: str):
    db = request_session()
    if action == "create":
        ticket = quarantine_review.create_from(db, message_id, g.agent, request.form.to_dict(), _attachments_dir())
        flash(f"Ticket {ticket.id} created from the quarantined message.", "ok")
    elif action == "attach":
        ticket = quarantine_review.attach_to(db, message_id, request.form.get("ticket_id", ""), g.agent,
                                             _attachments_dir())
        db.commit()
        flash(f"Message attached to {ticket.id}.", "ok")
    else:
        abort(404)
    return redirect(url_for("console.ticket", ticket_id=ticket.id))


def address_of(sender: str | None) -> str:
    """The bare address of a From header as shown in the quarantine list (to prefill a form)."""
    from email.utils import parseaddr

    return parseaddr(sender or "")[1]
