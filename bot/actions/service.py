"""The support service's HTTP API, as the bot uses it (see CONTRACTS: tickets, customers, KB, live chats).

Every call has a short timeout: a customer waiting in the chat must get an
answer (even "we are having trouble, email us") within seconds, never silence.
"""
from __future__ import annotations

import os
from typing import Any

import requests

TIMEOUT_SECONDS = float(os.environ.get("HELPDESK_TIMEOUT", "3"))
# Opening a ticket triages it; a service process that has not triaged yet loads the
# model first (seconds). A retried POST is safe (Idempotency-Key), a lost ticket is not.
WRITE_TIMEOUT_SECONDS = float(os.environ.get("HELPDESK_WRITE_TIMEOUT", "10"))


class ServiceUnavailable(Exception):
    """The service did not answer, or answered with a server error: a real outage."""


class ServiceRejected(Exception):
    """The service refused the request (4xx): the bot's own mistake, never shown as an outage.
    ``field`` names what to repair (e.g. ``customer.email``), as the service's error says."""

    def __init__(self, status: int, code: str, message: str, field: str | None) -> None:
        super().__init__(f"HTTP {status} {code}: {message}")
        self.status, self.code, self.message, self.field = status, code, message, field


class Service:
    def __init__(self, base_url: str | None = None, token: str | None = None) -> None:
        self.base_url = (base_url or os.environ.get("HELPDESK_URL", "http://127.0.0.1:8000")).rstrip("/")
        self.token = token or os.environ.get("HELPDESK_SERVICE_TOKEN", "dev-service-token")
        # One pooled session: the bot turn's budget (p95 300 ms) has no room for new TCP handshakes.
        self.http = requests.Session()
        self.http.headers["Authorization"] = f"Bearer {self.token}"

    def _call(self, method: str, path: str, timeout_seconds: float | None = None, **kwargs: Any) -> dict | None:
        """JSON body of the answer, None for 404; ServiceRejected for another 4xx;
        ServiceUnavailable for network failures, timeouts and 5xx."""
        timeout = timeout_seconds or (WRITE_TIMEOUT_SECONDS if method == "POST" else TIMEOUT_SECONDS)
        try:
            response = self.http.request(method, self.base_url + path, timeout=timeout, **kwargs)
        except requests.RequestException as error:
            raise ServiceUnavailable(str(error)) from error
        if response.status_code == 404:
            return None
        if response.status_code >= 500:
            raise ServiceUnavailable(f"{method} {path}: HTTP {response.status_code} {response.text[:200]}")
        if response.status_code >= 400:
            try:
                error = (response.json() or {}).get("error") or {}
            except ValueError:
                error = {}
            raise ServiceRejected(response.status_code, str(error.get("code") or "rejected"),
                                  str(error.get("message") or response.text[:200]), error.get("field"))
        try:
            return response.json()
        except ValueError as error:
            raise ServiceUnavailable(f"{method} {path}: not JSON") from error

    def search_kb(self, query: str, top: int = 3) -> list[dict]:
        # By meaning too: a chat message is longer and chattier than a search-box query.
        answer = self._call("GET", "/api/kb/search", params={"q": query, "top": top, "rank": "meaning"}) or {}
        return answer.get("results", [])

    def triage(self, text: str) -> dict:
        """Category, priority and their confidences for the customer's words (no ticket is made)."""
        return self._call("POST", "/api/triage", json={"text": text, "channel": "chat"},
                          timeout_seconds=TIMEOUT_SECONDS) or {}

    def create_ticket(self, ticket: dict, idempotency_key: str) -> dict:
        answer = self._call("POST", "/api/tickets", json=ticket, headers={"Idempotency-Key": idempotency_key})
        if answer is None:
            raise ServiceUnavailable("POST /api/tickets: 404")
        return answer

    def send_status_email(self, ticket_id: str) -> None:
        """Mail the ticket's status to the ticket's own email address (nothing comes back)."""
        self._call("POST", f"/api/tickets/{ticket_id}/status-email")

    def get_ticket(self, ticket_id: str) -> dict | None:
        return self._call("GET", f"/api/tickets/{ticket_id}")

    def get_customer(self, email: str) -> dict | None:
        return self._call("GET", f"/api/customers/{email}")

    def record_bot_session(self, outcome: dict) -> None:
        """How the conversation ended, for the dashboard's knowledge-base deflection."""
        self._call("POST", "/api/bot-sessions", json=outcome)

    def add_to_ticket(self, ticket_id: str, text: str) -> dict:
        """The customer's later words, added to the ticket this conversation opened."""
        answer = self._call("POST", f"/api/tickets/{ticket_id}/chat-messages", json={"text": text})
        if answer is None:
            raise ServiceRejected(404, "not_found", f"no ticket {ticket_id}", "ticket_id")
        return answer

    def start_live_chat(self, request: dict) -> dict:
        answer = self._call("POST", "/api/live-chats", json=request)
        if answer is None:
            raise ServiceUnavailable("POST /api/live-chats: 404")
        return answer
