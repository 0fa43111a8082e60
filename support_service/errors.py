"""What every part's views share when the database is out of reach: a clean JSON 503.

A lost connection aborts the request's transaction, so nothing is half-written;
the connection pool replaces dead connections (``pool_pre_ping``), so the service
recovers by itself once the database is back, without a restart.
"""
from __future__ import annotations

import logging

from flask import Flask, jsonify, request
from sqlalchemy.exc import DBAPIError, OperationalError
from werkzeug.exceptions import HTTPException

log = logging.getLogger("support_service")
RETRY_AFTER_S = 5


def _unavailable(error: Exception):
    log.error("database unavailable: %s", str(error).splitlines()[0] if str(error) else type(error).__name__)
    response = jsonify(error={"code": "database_unavailable",
                              "message": "the ticket database is unavailable; nothing was saved, please retry"})
    response.status_code = 503
    response.headers["Retry-After"] = str(RETRY_AFTER_S)
    return response


def _database_error(error: DBAPIError):
    if isinstance(error, OperationalError) or error.connection_invalidated:
        return _unavailable(error)
    raise error  # a real bug (constraint, syntax): the usual 500 and its traceback


def _api_http_error(error: HTTPException):
    """No route, wrong method, body too large...: under /api/ the JSON every API error is,
    not Flask's HTML page (pages elsewhere keep their HTML)."""
    if not request.path.startswith("/api/"):
        return error
    code = (error.name or "error").lower().replace(" ", "_")
    response = jsonify(error={"code": code, "message": error.description or error.name})
    response.status_code = error.code or 500
    kept = {name: value for name, value in error.get_headers() if name in ("Allow", "Retry-After")}
    response.headers.update(kept)
    return response


def init_app(app: Flask) -> None:
    app.register_error_handler(DBAPIError, _database_error)
    app.register_error_handler(HTTPException, _api_http_error)
