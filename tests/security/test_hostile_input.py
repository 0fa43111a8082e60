"""Finding 11: deeply nested JSON was an HTML 500 (RecursionError) even on /api/auth/login; MIME
nested 1,000 deep answered 503 and was retried for ever; NUL bytes reached the database (a 500
on PostgreSQL). Each is now a clear refusal: JSON 400, or the mail quarantined."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from handoff.channels.models import QuarantinedEmail
from handoff.core.models import Ticket

DEEP = "[" * 10_000 + "]" * 10_000
TICKET = {"subject": "API calls return 401", "description": "every call fails", "channel": "email",
          "customer": {"email": "john.doe@company.com"}}


@pytest.mark.parametrize("path, headers", [
    ("/api/auth/login", {}),
    ("/api/tickets", "service"),
    ("/api/live-chats", "service"),
    ("/api/live-chats/conv-5f2b9c1e8a7d4b3f/messages", {}),
    ("/api/bot-sessions", "service"),
    ("/api/kb/administration/backup-and-recovery/feedback", {}),
])
def test_deeply_nested_json_is_a_json_400(client, service_headers, path, headers):
    headers = service_headers if headers == "service" else headers
    for body in (DEEP, '{"a":' * 50 + "1" + "}" * 50):
        response = client.post(path, data=body, headers={**headers, "Content-Type": "application/json"})
        assert response.status_code == 400, (path, response.status_code, response.data[:200])
        assert response.is_json and response.get_json()["error"]["code"] == "invalid_input"


def test_nul_bytes_are_a_400_and_nothing_is_stored(client, service_headers, db_url):
    bodies = [{**TICKET, "subject": "nul\x00here"}, {**TICKET, "customer": {"email": "john.doe@company.com",
                                                                          "name": "J\x00hn"}}]
    for body in bodies:
        response = client.post("/api/tickets", json=body, headers=service_headers)
        assert response.status_code == 400 and response.get_json()["error"]["code"] == "invalid_input"
    for url in ("/api/tickets/TICK-20250101-001%00", "/api/tickets?customer=a%00@b.example",
                "/api/customers/john.doe%00@company.com", "/api/kb/search?q=upload%00"):
        response = client.get(url, headers=service_headers)
        assert response.status_code == 400, (url, response.status_code)
    from handoff.core.db import session_scope

    with session_scope(db_url) as session:
        assert session.scalar(select(func.count()).select_from(Ticket)) == 0


def nested_mime(depth: int) -> bytes:
    head = b"From: eve@example.com\r\nTo: support@secureai.com\r\nSubject: deep\r\nMIME-Version: 1.0\r\n"
    opening = b"".join(f'Content-Type: multipart/mixed; boundary="b{i}"\r\n\r\n--b{i}\r\n'.encode()
                       for i in range(depth))
    closing = b"".join(f"\r\n--b{i}--\r\n".encode() for i in reversed(range(depth)))
    return head + opening + b"Content-Type: text/plain\r\n\r\nhello\r\n" + closing


def test_mime_nested_a_thousand_deep_is_quarantined_not_retried(client, service_headers, db_url):
    response = client.post("/api/inbound-email", data=nested_mime(1000),
                           headers={**service_headers, "Content-Type": "message/rfc822"})
    assert response.status_code == 202, response.get_json()
    assert response.get_json()["outcome"] == "quarantined"
    from handoff.core.db import session_scope

    with session_scope(db_url) as session:
        assert session.scalar(select(func.count()).select_from(QuarantinedEmail)) == 1
