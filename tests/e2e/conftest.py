"""The whole system, started once per test session as ``helpdesk run`` starts it: the
support service (gunicorn), the Rasa action server and the Rasa server on free
loopback ports, with a SQLite ticket store of its own and the demo directory.

Tests drive it only from the outside, as customers and agents do: the bot's REST
channel (the widget's transport), the widget's live-chat endpoints, the agents'
API and console, ``ivr simulate`` and the inbound-mail webhook. They read the
database only to check what was stored.
"""
from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from harness import botstack
from helpdesk_settings.config import Settings
from support_service.widget import identity_token

SERVICE_TOKEN = {"Authorization": "Bearer dev-service-token"}
DEMO_PASSWORD = "demo-password"
TICKET_ID = re.compile(r"TICK-\d{8}-\d{3,}")
CUSTOMERS = {  # contacts of the demo directory, as the widget's config object sends them
    "professional": {"name": "John Doe", "email": "john.doe@company.com", "user_id": "USER-12345",
                     "company": {"id": "company_201", "name": "Example Corp", "plan": "professional"}},
    "enterprise": {"name": "Sofia Rossi", "email": "sofia.rossi@globex.example", "user_id": "USER-45601",
                   "company": {"id": "company_456", "name": "Globex Security", "plan": "enterprise"}},
}
for _customer in CUSTOMERS.values():  # signed by "their site": the bot shows tickets only to signed owners
    _customer["identity_token"] = identity_token(_customer["email"], Settings().widget_secret, lifetime_s=24 * 3600)


def texts(replies: list[dict]) -> str:
    return "\n".join(r.get("text", "") for r in replies)


def ticket_id_in(text: str) -> str:
    match = TICKET_ID.search(text)
    assert match, f"no ticket id in {text!r}"
    return match.group(0)


@dataclass
class System:
    service_url: str
    rasa_url: str
    action_url: str
    database_url: str
    workdir: Path
    stack: botstack.BotProcesses

    def stop_action_server(self) -> None:
        self.stack.stop_action_server()

    def start_action_server(self) -> None:
        self.stack.start_action_server(self.workdir)

    def say(self, sender: str, text: str, customer: dict | None = None) -> list[dict]:
        """A customer's message to the bot through the REST channel; the bot's replies."""
        body = {"sender": sender, "message": text, "metadata": {"customer": customer} if customer else {}}
        response = requests.post(f"{self.rasa_url}/webhooks/rest/webhook", json=body, timeout=60)
        response.raise_for_status()
        return response.json()

    def api(self, method: str, path: str, session: requests.Session | None = None, **kwargs) -> requests.Response:
        caller = session or requests
        headers = kwargs.pop("headers", None) if session else {**SERVICE_TOKEN, **kwargs.pop("headers", {})}
        return caller.request(method, f"{self.service_url}{path}", headers=headers, timeout=30, **kwargs)

    def agent(self, email: str) -> requests.Session:
        """A signed-in agent: API calls by cookie, console posts with the page's CSRF token."""
        session = requests.Session()
        response = session.post(f"{self.service_url}/api/auth/login",
                                json={"email": email, "password": DEMO_PASSWORD}, timeout=10)
        assert response.status_code == 200, response.text
        page = session.get(f"{self.service_url}/console/live", timeout=10).text
        session.csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        return session

    def rows(self, model, **where) -> list:
        """Stored rows of ``model`` matching ``where`` (checked in the database, not the API)."""
        from sqlalchemy import select

        from handoff.core.db import session_scope

        with session_scope(self.database_url) as session:
            query = select(model).filter_by(**where)
            found = list(session.scalars(query))
            for row in found:
                session.expunge(row)
            return found


@pytest.fixture(scope="session")
def system(running_stack) -> System:
    stack, database_url, workdir = running_stack  # tests/conftest.py: shared with tests/bot
    return System(stack.service_url, stack.rasa_url, stack.action_url, database_url, workdir, stack)


@pytest.fixture
def sender(request) -> str:
    """A conversation id of its own per test, long and random as the widget makes them."""
    return f"e2e-{request.node.name[:30]}-{uuid.uuid4().hex}"
