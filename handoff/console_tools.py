"""The console pages and actions of the agents' tools: canned replies typed with "/",
macros, the presence switch, incidents. Routes are added to ``handoff.console.bp``."""
from __future__ import annotations

from datetime import timedelta

from flask import abort, current_app, flash, g, jsonify, redirect, request, url_for

from handoff import assignment, incidents, live_chat, macros, similar
from handoff.console import _render, bp
from handoff.db import request_session
from handoff.models import Ticket, utcnow
from handoff.tickets import get_ticket


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
    return redirect(request.referrer if (request.referrer or "").startswith(request.host_url) else url_for("console.home"))


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
        elif kind == "macro" and g.agent.role == "manager":
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
