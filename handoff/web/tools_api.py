"""The agents' tools over JSON: canned replies, macros, presence, incidents.

Thin views in the style of ``handoff.web.api`` (same error bodies, body limit and auth).
"""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify

from handoff.agent_tools import incidents, macros
from handoff.core.db import begin_read, request_session
from handoff.core.errors import HandoffError, Unauthorized
from handoff.core.models import Agent
from handoff.core.tickets import ticket_json
from handoff.rules import assignment
from handoff.web import auth, request_helpers

bp = Blueprint("handoff_tools_api", __name__, url_prefix="/api")
bp.register_error_handler(HandoffError, request_helpers.handoff_error)
bp.before_request(request_helpers.limit_body)


def _person() -> Agent:
    """The signed-in staff member (services have no canned replies, presence or incidents)."""
    agent = request_helpers.current_staff()
    if agent is None:
        raise Unauthorized("sign in as a member of staff")
    return agent


def _public_url() -> str:
    return current_app.config["SETTINGS"].public_url


# --- canned replies -----------------------------------------------------------------------

@bp.get("/canned-replies")
@auth.require("canned_replies:use")
def list_canned():
    agent = _person()
    return jsonify(canned_replies=[macros.canned_json(r) for r in macros.canned_replies(request_session(), agent)])


@bp.post("/canned-replies")
@auth.require("canned_replies:write")
def create_canned():
    data = request_helpers.json_body()
    reply = macros.save_canned(request_session(), _person(), data, shared=data.get("shared") is True)
    request_session().commit()
    return jsonify(macros.canned_json(reply)), 201


@bp.put("/canned-replies/<int:reply_id>")
@auth.require("canned_replies:write")
def update_canned(reply_id: int):
    reply = macros.save_canned(request_session(), _person(), request_helpers.json_body(), reply_id=reply_id)
    request_session().commit()
    return jsonify(macros.canned_json(reply))


@bp.delete("/canned-replies/<int:reply_id>")
@auth.require("canned_replies:write")
def delete_canned(reply_id: int):
    macros.delete_canned(request_session(), _person(), reply_id)
    request_session().commit()
    return "", 204


# --- macros -------------------------------------------------------------------------------

@bp.get("/macros")
@auth.require("macros:apply")
def list_macros():
    begin_read(request_session())
    return jsonify(macros=[macros.macro_json(m) for m in macros.macros(request_session())])


@bp.post("/macros")
@auth.require("macros:manage")
def create_macro():
    macro = macros.save_macro(request_session(), request_helpers.json_body())
    request_session().commit()
    return jsonify(macros.macro_json(macro)), 201


@bp.put("/macros/<int:macro_id>")
@auth.require("macros:manage")
def update_macro(macro_id: int):
    macro = macros.save_macro(request_session(), request_helpers.json_body(), macro_id=macro_id)
    request_session().commit()
    return jsonify(macros.macro_json(macro))


@bp.post("/tickets/<ticket_id>/macros/<macro_id>")
@auth.require("macros:apply")
def run_macro(ticket_id: str, macro_id: str):
    agent = _person()
    db, ticket = request_helpers.ticket_to_change(ticket_id)
    macros.apply_macro(db, ticket, macros.get_macro(db, macro_id), agent, _public_url())
    db.commit()
    return jsonify(ticket_json(ticket, internal=True))


# --- presence -----------------------------------------------------------------------------

@bp.get("/agents/me/presence")
@auth.require("presence:set")
def get_presence():
    db = request_session()
    state = assignment.state_of(db, _person())
    db.commit()
    return jsonify(assignment.presence_json(db, state))


@bp.put("/agents/me/presence")
@auth.require("presence:set")
def put_presence():
    db = request_session()
    state = assignment.set_presence(db, _person(), request_helpers.json_body().get("presence"))
    db.commit()
    return jsonify(assignment.presence_json(db, state))


@bp.put("/agents/<int:agent_id>/capacity")
@auth.require("agents:capacity")
def put_capacity(agent_id: int):
    db = request_session()
    state = assignment.set_capacity(db, agent_id, request_helpers.json_body())
    db.commit()
    return jsonify(assignment.presence_json(db, state))


# --- incidents ----------------------------------------------------------------------------

@bp.get("/incidents")
@auth.require("incidents:read")
def list_incidents():
    db = request_session()
    begin_read(db)
    return jsonify(incidents=[incidents.incident_json(db, i) for i in incidents.open_incidents(db)])


@bp.post("/incidents")
@auth.require("incidents:manage")
def create_incident():
    db = request_session()
    incident = incidents.create_incident(db, _person(), request_helpers.json_body())
    db.commit()
    return jsonify(incidents.incident_json(db, incident)), 201


@bp.get("/incidents/<int:incident_id>")
@auth.require("incidents:read")
def show_incident(incident_id: int):
    db = request_session()
    begin_read(db)
    return jsonify(incidents.incident_json(db, incidents.get_incident(db, incident_id)))


@bp.post("/incidents/<int:incident_id>/tickets")
@auth.require("incidents:manage")
def link_tickets(incident_id: int):
    db = request_session()
    incident = incidents.get_incident(db, incident_id)
    incidents.link(db, incident, _person(), request_helpers.json_body().get("ticket_ids"))
    db.commit()
    return jsonify(incidents.incident_json(db, incident))


@bp.post("/incidents/<int:incident_id>/updates")
@auth.require("incidents:manage")
def incident_update(incident_id: int):
    db = request_session()
    incident = incidents.get_incident(db, incident_id)
    told = incidents.post_update(db, incident, _person(), request_helpers.json_body())
    db.commit()
    return jsonify(incident=incidents.incident_json(db, incident), customers_told=told)


@bp.post("/incidents/<int:incident_id>/resolve")
@auth.require("incidents:manage")
def resolve_incident(incident_id: int):
    db = request_session()
    incident = incidents.get_incident(db, incident_id)
    resolved = incidents.resolve(db, incident, _person(), request_helpers.json_body())
    db.commit()
    return jsonify(incident=incidents.incident_json(db, incident), tickets_resolved=resolved)
