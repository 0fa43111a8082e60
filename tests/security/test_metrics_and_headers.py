"""Finding 12: /metrics was public and every invented HTTP method became a new label; /help and
/widget/* sent no Content-Security-Policy or X-Frame-Options."""
from __future__ import annotations

import dataclasses

from support_service.app import create_app

FROM_OUTSIDE = {"REMOTE_ADDR": "203.0.113.9"}


def test_metrics_answer_loopback_callers_only(client):
    assert client.get("/metrics").status_code == 200  # the test client calls from 127.0.0.1
    refused = client.get("/metrics", environ_base=FROM_OUTSIDE)
    assert refused.status_code == 403 and b"helpdesk_http_requests_total" not in refused.data


def test_with_a_token_metrics_answer_whoever_sends_it(settings):
    client = create_app(dataclasses.replace(settings, metrics_token="scrape-token-0123456789")).test_client()
    assert client.get("/metrics", environ_base=FROM_OUTSIDE).status_code == 403
    assert client.get("/metrics").status_code == 403  # the token is required from loopback too
    wrong = {"Authorization": "Bearer nope"}
    assert client.get("/metrics", headers=wrong, environ_base=FROM_OUTSIDE).status_code == 403
    good = {"Authorization": "Bearer scrape-token-0123456789"}
    assert client.get("/metrics", headers=good, environ_base=FROM_OUTSIDE).status_code == 200


def test_invented_http_methods_share_one_label(client):
    for n in range(20):
        client.open("/healthz", method=f"BREW{n}")
    exposed = client.get("/metrics").get_data(as_text=True)
    assert "BREW" not in exposed
    assert 'method="other"' in exposed


def test_help_and_widget_pages_may_not_be_framed_and_run_only_their_own_scripts(client):
    for path in ("/help", "/widget/demo", "/widget/widget.js"):
        response = client.get(path)
        assert response.status_code == 200, path
        csp = response.headers.get("Content-Security-Policy", "")
        assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp, path
        assert response.headers.get("X-Frame-Options") == "DENY", path
        assert "'unsafe-inline'" not in csp.split("script-src", 1)[1].split(";")[0], path
    demo = client.get("/widget/demo")
    nonce = demo.headers["Content-Security-Policy"].split("'nonce-", 1)[1].split("'", 1)[0]
    assert f'<script nonce="{nonce}">' in demo.get_data(as_text=True)
    assert "connect-src 'self' http://localhost:5005" in demo.headers["Content-Security-Policy"]
