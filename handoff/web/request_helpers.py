"""What every JSON blueprint of handoff does with a request: read its body, bound its size,
know the staff member calling, lock the ticket to change, and answer a ticket-core error
as ``{"error": {"code", "message"}}``."""
from __future__ import annotations

from flask import jsonify, request

from handoff.core.db import request_session
from handoff.core.errors import HandoffError, ValidationError
from handoff.core.models import Agent
from handoff.core.tickets import get_ticket
from handoff.web import auth

MAX_BODY_BYTES = 1_000_000


def json_body() -> dict:
    """The request's JSON object, or a ValidationError (400) naming what to send."""
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise ValidationError("send a JSON object with Content-Type: application/json", code="invalid_json")
    return data


def current_staff() -> Agent | None:
    """The signed-in staff member calling, or None for a service token."""
    principal = auth.current_principal()
    if principal is None or principal.agent_id is None:
        return None
    return request_session().get(Agent, principal.agent_id)


def ticket_to_change(ticket_id: str):
    """The request's session and the ticket, locked against concurrent changes on PostgreSQL
    (on SQLite the write transaction already excludes other writers)."""
    db = request_session()
    return db, get_ticket(db, ticket_id, for_update=True)


def handoff_error(error: HandoffError):
    """Error handler: roll the request's session back and answer the error as JSON."""
    request_session().rollback()
    return jsonify(error.to_json()), error.status


def too_large():
    return jsonify({"error": {"code": "payload_too_large",
                              "message": f"request bodies are limited to {MAX_BODY_BYTES} bytes"}}), 413


def limit_body():
    """before_request: refuse a body above MAX_BODY_BYTES (chunked bodies too)."""
    request.max_content_length = MAX_BODY_BYTES  # also bounds chunked bodies without Content-Length
    if request.content_length is not None and request.content_length > MAX_BODY_BYTES:
        return too_large()
    return None
