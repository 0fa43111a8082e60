"""Finding 8: brute force and floods meet Flask-Limiter (support_service/rate_limits.yaml)."""
from __future__ import annotations

import uuid

from support_service import rate_limits

RIGHT = "demo-password"


def _limit(endpoint: str, per: str) -> int:
    """The configured number of requests of a limit (so the tests follow the table)."""
    from limits import parse

    spec = next(s for s in rate_limits.load_limits() if endpoint in s["endpoints"] and s["per"] == per)
    return parse(spec["limit"]).amount


def _api_login(client, email="agent@secureai.com", password="wrong", ip="203.0.113.5"):
    return client.post("/api/auth/login", json={"email": email, "password": password},
                       environ_base={"REMOTE_ADDR": ip})


def test_ten_failures_lock_the_account_even_for_the_right_password(client):
    for _ in range(10):
        assert _api_login(client).status_code == 401
    locked = _api_login(client, password=RIGHT)
    assert locked.status_code == 429
    assert int(locked.headers["Retry-After"]) >= 60
    assert locked.get_json()["error"]["code"] == "rate_limited"
    # From another address too: the lock is on the account, not the attacker's address.
    assert _api_login(client, password=RIGHT, ip="198.51.100.7").status_code == 429
    # Other accounts still sign in.
    assert _api_login(client, email="jane.smith@secureai.com", password=RIGHT).status_code == 200


def test_the_console_form_shares_the_account_lock(client):
    from tests.console.conftest import csrf_of

    for _ in range(10):
        _api_login(client, email="jane.smith@secureai.com")
    token = csrf_of(client)
    page = client.post("/console/login", data={"email": "jane.smith@secureai.com", "password": RIGHT,
                                               "csrf_token": token}, environ_base={"REMOTE_ADDR": "203.0.113.9"})
    assert page.status_code == 429 and int(page.headers["Retry-After"]) >= 60
    assert "Too many attempts" in page.get_data(as_text=True)


def test_successful_sign_ins_do_not_count_towards_the_lock(client):
    for _ in range(12):
        assert _api_login(client, password=RIGHT).status_code == 200


def test_one_address_trying_many_accounts_is_stopped(client):
    failures = _limit("handoff_api.login", "ip")
    for n in range(failures):
        assert _api_login(client, email=f"nobody{n}@example.com").status_code == 401
    assert _api_login(client, email="agent@secureai.com", password=RIGHT).status_code == 429
    assert _api_login(client, email="agent@secureai.com", password=RIGHT, ip="198.51.100.8").status_code == 200


def test_help_centre_search_is_limited_per_address_but_not_for_services(client, service_headers):
    allowed = _limit("kb.api_search", "ip")
    for _ in range(allowed):
        assert client.get("/api/kb/search?q=upload", environ_base={"REMOTE_ADDR": "203.0.113.20"}).status_code == 200
    refused = client.get("/api/kb/search?q=upload", environ_base={"REMOTE_ADDR": "203.0.113.20"})
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1
    assert client.get("/api/kb/search?q=upload", headers=service_headers,
                      environ_base={"REMOTE_ADDR": "203.0.113.20"}).status_code == 200


def test_votes_are_limited_per_address(client):
    allowed = _limit("kb.feedback", "ip")
    articles = ["getting-started/what-is-secureai"] * (allowed + 1)
    answers = [client.post(f"/api/kb/{article}/feedback", json={"helpful": True},
                           environ_base={"REMOTE_ADDR": "203.0.113.30"}).status_code for article in articles]
    assert answers[-1] == 429


def test_widget_messages_are_limited_per_conversation(client):
    """Counted before the view runs: a flood is refused whether or not the chat exists."""
    url = f"/api/live-chats/{uuid.uuid4().hex}/messages"
    for _ in range(_limit("channels.widget_says", "conversation")):
        assert client.post(url, json={"text": "hello"}).status_code == 404
    assert client.post(url, json={"text": "one too many"}).status_code == 429
    assert client.post(f"/api/live-chats/{uuid.uuid4().hex}/messages", json={"text": "hi"}).status_code == 404


def test_inbound_mail_is_limited_by_the_table(app, settings, service_headers, monkeypatch):
    """The table drives the limiter: a tighter limit in rate_limits.yaml applies as written."""
    from support_service.app import create_app

    table = [dict(spec, limit="3 per minute") if spec["endpoints"] == ["channels.inbound_email"] else spec
             for spec in rate_limits.load_limits()]
    monkeypatch.setattr(rate_limits, "load_limits", lambda: table)
    client = create_app(settings).test_client()
    answers = [client.post("/api/inbound-email", data=b"", headers=service_headers,
                           content_type="message/rfc822").status_code for _ in range(4)]
    assert answers == [400, 400, 400, 429]


def test_defaults_leave_room_for_normal_use():
    """The load benchmark (50 chats through the bot, which searches with its service token)
    and an office behind one address must not be throttled by the shipped defaults."""
    assert _limit("handoff_api.login", "account") == 10
    assert _limit("kb.api_search", "ip") >= 60
    assert _limit("channels.widget_says", "ip") >= 100
    assert _limit("channels.inbound_email", "ip") >= 300
