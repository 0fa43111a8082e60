"""Fixtures of the console's tests: a ticket store on both databases and a ticket builder."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import count

import pytest
from sqlalchemy.orm import Session

import handoff.channels.models  # noqa: F401  (registers the channel tables on Base.metadata)
from handoff.core.models import Ticket

NOW = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)  # a Wednesday afternoon


@pytest.fixture
def store(db_url):
    """A session on an empty ticket store (tests/conftest.py's ``db_url``, both backends)."""
    from handoff.core.db import session_factory

    session = session_factory(db_url)()
    try:
        yield session
    finally:
        session.close()


_numbers = count(1)


def make_ticket(session: Session, created: datetime, **fields) -> Ticket:
    """A ticket row as the handoff core would leave it, with clocks from ``created``."""
    n = next(_numbers)
    values = dict(
        id=f"TICK-{created:%Y%m%d}-{n:03d}", created_at=created, updated_at=created, status="created",
        priority="P3", channel="email", customer_email=f"c{n}@example.com", customer_name=f"Customer {n}",
        customer_tier="professional", category="upload_issues", queue="Technical", subject=f"Ticket {n}",
        response_due_at=created + timedelta(hours=8), resolution_due_at=created + timedelta(hours=48),
    )
    values.update(fields)
    ticket = Ticket(**values)
    session.add(ticket)
    session.flush()
    return ticket


@pytest.fixture
def settings(settings, tmp_path):
    """The shared settings, with inbound mail kept in the test's own folder."""
    import dataclasses

    return dataclasses.replace(settings, mail_dir=tmp_path / "mail")


@pytest.fixture
def db(app):
    """A session on the app's database (use ``with app.app_context()`` around calls that
    read the service's settings: an app context held for the whole test would be
    shared by the test client's requests, and with it their ``g``).

    Its own plain engine: the service's SQLite engine starts every transaction with
    BEGIN IMMEDIATE, so a test that only looks would hold the write lock and stall
    the next request for the busy timeout.
    """
    from sqlalchemy import create_engine

    engine = create_engine(app.config["SETTINGS"].database_url)
    session = Session(engine, expire_on_commit=False)
    try:
        yield session
    finally:
        session.close()
        engine.dispose()


@pytest.fixture
def new_ticket(app, db):
    """new_ticket(subject=..., **fields) -> a ticket made by the ticket core itself."""
    from handoff.core.tickets import create_ticket

    def _new(subject="Upload fails with 650MB video", email="john.doe@company.com", **fields):
        data = {"subject": subject, "description": fields.pop("description", "It says file too large."),
                "channel": fields.pop("channel", "email"), "customer": {"email": email},
                "category": fields.pop("category", "upload_issues"), "priority": fields.pop("priority", "P3"),
                **fields}
        with app.app_context():
            return create_ticket(db, data)

    return _new


CSRF_RE = __import__("re").compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(client, path="/console/login") -> str:
    page = client.get(path).get_data(as_text=True)
    return CSRF_RE.search(page).group(1)


@pytest.fixture
def agent_client(client):
    """The test client signed in to the console as the demo Tier 1 agent."""
    return sign_in(client, "agent@secureai.com")


def sign_in(client, email: str):
    token = csrf_of(client)
    response = client.post("/console/login", data={"email": email, "password": "demo-password",
                                                   "csrf_token": token, "next": "/console/views/mine"})
    assert response.status_code == 302, response.get_data(as_text=True)
    client.csrf = csrf_of(client, "/console/views/mine")
    return client
