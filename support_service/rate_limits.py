"""Rate limits with Flask-Limiter, from the table in rate_limits.yaml.

Applied by the app factory after every blueprint is registered, so that the
parts (handoff, kb_search) stay free of it. Counters are kept in Redis when
``REDIS_URL`` is set, else in the process's memory (each gunicorn worker then
counts for itself: set REDIS_URL in production).
"""
from __future__ import annotations

import math
import time
from functools import cache
from pathlib import Path

import yaml
from flask import Flask, jsonify, render_template_string, request
from flask_limiter import Limiter, RateLimitExceeded
from flask_limiter.util import get_remote_address

from handoff.web import auth

LIMITS_FILE = Path(__file__).with_name("rate_limits.yaml")
_TOO_MANY_PAGE = ("<!doctype html><title>Too many attempts</title><p>Too many attempts. "
                  "Please try again in {{ minutes }} minute{{ 's' if minutes != 1 }}.</p>")


@cache
def load_limits(path: Path = LIMITS_FILE) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["limits"]


def _account() -> str:
    """The email a sign-in is for, as the login forms and the API send it."""
    try:
        data = request.get_json(silent=True) if request.is_json else request.form
        email = data.get("email", "") if hasattr(data, "get") else ""
    except (RecursionError, ValueError):  # a hostile body: its view answers 400
        email = ""
    return "account:" + str(email).strip().lower()[:254]


def _conversation() -> str:
    return "conversation:" + str((request.view_args or {}).get("conversation_id", ""))[:100]


KEYS = {"account": _account, "ip": get_remote_address, "conversation": _conversation}


def _is_service() -> bool:
    if not request.headers.get("Authorization", "").startswith("Bearer "):
        return False
    principal = auth.current_principal()
    return principal is not None and principal.kind == "service"


def _refused_sign_in(response) -> bool:
    return response.status_code == 401


def _at_least(seconds: int):
    """on_breach: a lock-out's Retry-After is never shorter than ``seconds`` (Flask-Limiter
    keeps the later of this and the window's reset)."""
    def breach(_limit):
        return _too_many(seconds)
    return breach


def _too_many(retry_after: int):
    minutes = max(1, math.ceil(retry_after / 60))
    if request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json":
        response = jsonify(error={"code": "rate_limited",
                                  "message": f"too many requests; try again in {minutes} minute(s)"})
    else:
        response = render_template_string(_TOO_MANY_PAGE, minutes=minutes)
        response = Flask.response_class(response, mimetype="text/html")
    response.status_code = 429
    response.headers["Retry-After"] = str(retry_after)
    return response


def init_app(app: Flask, storage_url: str) -> Limiter:
    """Put every limit of rate_limits.yaml on its endpoints (call after registering blueprints)."""
    limiter = Limiter(
        get_remote_address, app=app, storage_uri=storage_url or "memory://", headers_enabled=True,
        key_prefix="helpdesk", in_memory_fallback_enabled=bool(storage_url), swallow_errors=True,
    )
    for number, spec in enumerate(load_limits()):
        # Shared: the sign-in page and the sign-in API count against one lock.
        decorate = limiter.shared_limit(
            spec["limit"], f"limit{number}-{spec['per']}", key_func=KEYS[spec["per"]], methods=spec.get("methods"),
            deduct_when=_refused_sign_in if spec.get("count") == "failures" else None,
            exempt_when=_is_service if spec.get("services") == "exempt" else None,
            on_breach=_at_least(spec["min_retry_after"]) if spec.get("min_retry_after") else None,
        )
        for endpoint in spec["endpoints"]:
            if endpoint not in app.view_functions:
                raise ValueError(f"{LIMITS_FILE.name}: no endpoint {endpoint!r}")
            app.view_functions[endpoint] = decorate(app.view_functions[endpoint])

    @app.errorhandler(RateLimitExceeded)
    def _rate_limited(error: RateLimitExceeded):
        if error.response is not None:  # made by on_breach
            return error.response
        breached = limiter.current_limit
        return _too_many(max(1, math.ceil(breached.reset_at - time.time())) if breached else 60)

    return limiter
