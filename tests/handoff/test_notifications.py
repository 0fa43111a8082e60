"""Mail delivery: SMTP when configured, retried with back-off, never lost; outbox otherwise."""
from __future__ import annotations

import socket
import socketserver
import threading
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from handoff.core.db import session_scope
from handoff.core.models import Notification
from handoff.core.tickets import create_ticket
from handoff.outbound.notifications import backoff, deliver_due

T0 = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)


class _SMTPHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP to accept messages; each one is appended to server.received."""

    def handle(self):
        self.wfile.write(b"220 test ESMTP\r\n")
        data, in_data = [], False
        for raw in self.rfile:
            line = raw.decode()
            if in_data:
                if line == ".\r\n":
                    self.server.received.append("".join(data))
                    data, in_data = [], False
                    self.wfile.write(b"250 queued\r\n")
                else:
                    data.append(line)
                continue
            verb = line[:4].upper()
            if verb == "DATA":
                in_data = True
                self.wfile.write(b"354 go ahead\r\n")
            elif verb == "QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 ok\r\n")


@pytest.fixture
def smtp_server():
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _SMTPHandler)
    server.daemon_threads = True
    server.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _settings_with_smtp(monkeypatch, url: str):
    from helpdesk_settings.config import Settings

    for module in ("handoff.core.tickets", "handoff.core.lifecycle", "handoff.core.editing",
                   "handoff.outbound.scheduler"):
        monkeypatch.setattr(f"{module}.current_settings", lambda: replace(Settings(), smtp_url=url))


def _ticket(session):
    return create_ticket(session, {"subject": "Invoice wrong", "description": "We were charged twice.",
                                   "channel": "email", "category": "billing", "priority": "P3",
                                   "customer": {"email": "john.doe@company.com"}}, now=T0)


def test_failed_mail_is_retried_with_backoff_and_sent_when_the_server_is_back(seeded_url, monkeypatch, smtp_server):
    down = f"smtp://127.0.0.1:{_free_port()}"
    _settings_with_smtp(monkeypatch, down)
    with session_scope(seeded_url) as session:
        ticket = _ticket(session)
        mail = session.scalars(select(Notification).where(Notification.ticket_id == ticket.id)).one()
        assert mail.status == "pending"

        assert deliver_due(session, down, T0) == {"sent": 0, "failed": 1}
        assert deliver_due(session, down, T0 + timedelta(seconds=30)) == {"sent": 0, "failed": 0}  # backing off
        assert deliver_due(session, down, T0 + timedelta(minutes=1)) == {"sent": 0, "failed": 1}
        session.refresh(mail)
        assert mail.status == "pending" and mail.attempts == 2 and "ConnectionRefused" in mail.last_error
        assert mail.next_attempt_at == T0 + timedelta(minutes=1) + backoff(2)

        up = f"smtp://127.0.0.1:{smtp_server.server_address[1]}"
        assert deliver_due(session, up, T0 + timedelta(minutes=5)) == {"sent": 1, "failed": 0}
        session.refresh(mail)
        assert mail.status == "sent" and mail.attempts == 3 and mail.last_error is None
        assert deliver_due(session, up, T0 + timedelta(minutes=10)) == {"sent": 0, "failed": 0}
    assert len(smtp_server.received) == 1
    assert f"Subject: [Ticket #{ticket.id}] Your SecureAI Support Request" in smtp_server.received[0]
    assert "Thank you for contacting SecureAI Support." in smtp_server.received[0]


def test_backoff_grows_and_is_capped():
    assert [backoff(n) for n in (1, 2, 3)] == [timedelta(minutes=1), timedelta(minutes=2), timedelta(minutes=4)]
    assert backoff(30) == timedelta(hours=1)


def test_without_smtp_messages_go_to_the_outbox(seeded_url):
    with session_scope(seeded_url) as session:
        ticket = _ticket(session)
        mail = session.scalars(select(Notification).where(Notification.ticket_id == ticket.id)).one()
        assert mail.status == "outbox" and mail.to_addr == "john.doe@company.com"
        assert "Expected Resolution:" in mail.body and "Status: Assigned" in mail.body
