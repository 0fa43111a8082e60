"""The real thing, started once per test session: the support service (gunicorn, its
own SQLite database with the demo directory), the Rasa action server and the Rasa
server, on free loopback ports. Tests talk to the bot through Rasa's REST channel,
as the widget does, and read the resulting tickets from the database.
"""
from __future__ import annotations

from dataclasses import dataclass

import pytest
import requests

from helpdesk_settings.config import Settings
from support_service.widget import identity_token

CUSTOMERS = {
    # Contacts of the demo directory (handoff/demo/demo_data.yaml), as the widget's config object sends them.
    "professional": {"name": "John Doe", "email": "john.doe@company.com", "user_id": "USER-12345",
                     "company": {"id": "company_201", "name": "Example Corp", "plan": "professional"},
                     "subscription_tier": "professional", "analyses_this_month": 1234,
                     "last_analysis_date": "2025-01-27"},
    "enterprise": {"name": "Sofia Rossi", "email": "sofia.rossi@globex.example", "user_id": "USER-45601",
                   "company": {"id": "company_456", "name": "Globex Security", "plan": "enterprise"}},
    "starter": {"name": "Maya Chen", "email": "maya.chen@brightline.example", "user_id": "USER-10101",
                "company": {"id": "company_101", "name": "Brightline Media", "plan": "starter"}},
}


for _customer in CUSTOMERS.values():  # signed as the customer's site would (identity verification)
    _customer["identity_token"] = identity_token(_customer["email"], Settings().widget_secret, lifetime_s=24 * 3600)


@dataclass
class BotStack:
    service_url: str
    rasa_url: str
    action_url: str
    database_url: str

    def say(self, sender: str, text: str, customer: dict | None = None) -> list[dict]:
        """One customer message through the REST channel; the bot's replies."""
        body = {"sender": sender, "message": text}
        if customer:
            body["metadata"] = {"customer": customer}
        response = requests.post(f"{self.rasa_url}/webhooks/rest/webhook", json=body, timeout=30)
        response.raise_for_status()
        return response.json()

    def ticket(self, ticket_id: str):
        from handoff.core.db import session_scope
        from handoff.core.models import Ticket

        with session_scope(self.database_url) as session:
            ticket = session.get(Ticket, ticket_id)
            assert ticket is not None, f"{ticket_id} is not in the database"
            session.expunge(ticket)
            return ticket

    def conversation_outcome(self, sender: str):
        """(outcome, ticket id, articles) the bot reported for this conversation, or None."""
        from handoff.channels.models import BotSession
        from handoff.core.db import session_scope

        with session_scope(self.database_url) as session:
            row = session.get(BotSession, sender)
            return None if row is None else (row.outcome, row.ticket_id, list(row.articles or []))

    def ticket_count(self) -> int:
        from sqlalchemy import func, select

        from handoff.core.db import session_scope
        from handoff.core.models import Ticket

        with session_scope(self.database_url) as session:
            return session.scalar(select(func.count()).select_from(Ticket))


@pytest.fixture(scope="session")
def bot_stack(running_stack) -> BotStack:
    stack, database_url, _workdir = running_stack  # tests/conftest.py: shared with tests/e2e
    return BotStack(stack.service_url, stack.rasa_url, stack.action_url, database_url)


@pytest.fixture
def customers() -> dict:
    return CUSTOMERS


@pytest.fixture
def sender(request) -> str:
    """A conversation id of its own for each test (Rasa keeps one tracker per sender)."""
    import uuid

    return f"test-{request.node.name[:40]}-{uuid.uuid4().hex[:8]}"
