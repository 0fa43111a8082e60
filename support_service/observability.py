"""Request ids, structured (JSON) logs and Prometheus metrics for the service.

Every request gets an id (the caller's ``X-Request-ID`` when it sends a sane
one), echoed in the response and stamped on every log line written while the
request runs, so one customer's journey can be followed across the log.

Metrics work with several gunicorn workers: when ``PROMETHEUS_MULTIPROC_DIR``
is set (``helpdesk run`` sets it) each worker writes its samples to that folder
and ``/metrics`` adds them up, as prometheus_client documents.
"""
from __future__ import annotations

import hmac
import ipaddress
import json
import logging
import os
import re
import time
import uuid

from flask import Flask, Response, current_app, g, jsonify, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from sqlalchemy import event
from sqlalchemy.orm import Session

from handoff.core import events

REQUESTS = Counter(
    "helpdesk_http_requests_total", "HTTP requests served", ["method", "endpoint", "status"]
)
LATENCY = Histogram(
    "helpdesk_http_request_seconds",
    "Server time per HTTP request",
    ["endpoint"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
)
TICKETS_CREATED = Counter(
    "helpdesk_tickets_created_total", "Tickets created", ["queue", "channel"]
)
HANDOFFS = Counter(
    "helpdesk_handoffs_total", "Conversations handed to a human", ["channel", "outcome"]
)
TRIAGE_CONFIDENCE = Histogram(
    "helpdesk_triage_confidence",
    "Confidence of the triage model's category prediction",
    buckets=(0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0),
)

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
#: Any other method name a client invents is counted as "other": one label, not one per name.
HTTP_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}
#: One line per request (method, path, status, server time), carrying the request id.
ACCESS_LOG = logging.getLogger("support_service.access")


class JsonFormatter(logging.Formatter):
    """One JSON object per line, with the current request's id when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", None) or _current_request_id()
        if request_id:
            entry["request_id"] = request_id
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def _current_request_id() -> str | None:
    try:
        return g.get("request_id")
    except RuntimeError:  # outside a request
        return None


def configure_logging(level: str = "INFO") -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)


def record_ticket_created(queue: str, channel: str) -> None:
    TICKETS_CREATED.labels(queue=queue or "unknown", channel=channel or "unknown").inc()


def record_handoff(channel: str, outcome: str) -> None:
    HANDOFFS.labels(channel=channel, outcome=outcome).inc()


def record_triage_confidence(confidence: float) -> None:
    TRIAGE_CONFIDENCE.observe(confidence)


_PENDING = "observability.committed"


def _seen_in_flush(session: Session, _context) -> None:
    from handoff.core.models import Ticket

    for obj in session.new:
        if isinstance(obj, Ticket):
            session.info.setdefault(_PENDING, []).append((obj.queue, obj.channel, obj.category_confidence))


def _committed(session: Session) -> None:
    for queue, channel, confidence in session.info.pop(_PENDING, ()):
        record_ticket_created(queue, channel)
        if confidence is not None:  # the model chose the category (not the caller)
            record_triage_confidence(confidence)


def _rolled_back(session: Session) -> None:
    session.info.pop(_PENDING, None)


def count_committed_tickets() -> None:
    """Count tickets when their transaction commits, wherever they are made (API, chat,
    phone, mail, console): a rolled-back ticket or an idempotent replay counts nothing."""
    if not event.contains(Session, "after_flush", _seen_in_flush):
        event.listen(Session, "after_flush", _seen_in_flush)
        event.listen(Session, "after_commit", _committed)
        event.listen(Session, "after_rollback", _rolled_back)


def _metrics_payload() -> bytes:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry)
    return generate_latest()


def init_app(app: Flask) -> None:
    """Install request ids, access metrics and the /metrics endpoint; count hand-overs as
    handoff announces them (handoff.core.events)."""
    count_committed_tickets()
    events.handed_off.connect(record_handoff)  # record_handoff(channel, outcome=...)

    @app.before_request
    def _start() -> None:
        incoming = request.headers.get("X-Request-ID", "")
        g.request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        g.request_started = time.perf_counter()

    @app.after_request
    def _finish(response: Response) -> Response:
        endpoint = request.url_rule.rule if request.url_rule else "unmatched"
        elapsed = time.perf_counter() - g.get("request_started", time.perf_counter())
        method = request.method if request.method in HTTP_METHODS else "other"
        REQUESTS.labels(method, endpoint, str(response.status_code)).inc()
        LATENCY.labels(endpoint).observe(elapsed)
        ACCESS_LOG.info("%s %s %s %.1f ms", request.method, request.path, response.status_code, elapsed * 1000)
        response.headers["X-Request-ID"] = g.get("request_id", "")
        return response

    @app.get("/metrics")
    def metrics() -> Response:
        if not _may_read_metrics(current_app.config["SETTINGS"].metrics_token):
            return jsonify(error={"code": "forbidden", "message": "metrics are served to loopback callers, or with "
                                  "'Authorization: Bearer <HELPDESK_METRICS_TOKEN>'"}), 403
        return Response(_metrics_payload(), mimetype=CONTENT_TYPE_LATEST)


def _may_read_metrics(token: str) -> bool:
    """With HELPDESK_METRICS_TOKEN set, whoever sends it (a scraper on another host); without,
    callers on this machine only (behind a proxy on this machine, set TRUST_PROXY or the
    proxy's own address would count as local: docs/deployment.md)."""
    if token:
        sent = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        return hmac.compare_digest(sent.encode(), token.encode())
    try:
        caller = ipaddress.ip_address(request.remote_addr or "")
    except ValueError:
        return False
    mapped = getattr(caller, "ipv4_mapped", None)  # ::ffff:127.0.0.1 on a dual-stack socket
    return caller.is_loopback or bool(mapped and mapped.is_loopback)
