"""Log lines are JSON objects that carry the request id a caller can quote."""
from __future__ import annotations

import io
import json
import logging

from support_service.app import create_app
from support_service.observability import ACCESS_LOG, JsonFormatter


def test_each_request_writes_one_json_line_with_its_request_id():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    ACCESS_LOG.addHandler(handler)
    ACCESS_LOG.setLevel(logging.INFO)
    try:
        response = create_app().test_client().get("/healthz", headers={"X-Request-ID": "journey-42"})
    finally:
        ACCESS_LOG.removeHandler(handler)
    (line,) = [json.loads(text) for text in stream.getvalue().splitlines()]
    assert response.headers["X-Request-ID"] == line["request_id"] == "journey-42"
    assert line["message"].startswith("GET /healthz 200 ") and line["level"] == "INFO"
