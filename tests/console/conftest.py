"""Fixtures of the console's tests: a ticket store on both databases and a ticket builder."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from itertools import count

import pytest
from sqlalchemy.orm import Session

import handoff.channel_models  # noqa: F401  (registers the channel tables on Base.metadata)
from handoff.models import Ticket

NOW = datetime(2026, 11, 25, 15, 0, tzinfo=timezone.utc)  # a Wednesday afternoon


@pytest.fixture
def store(db_url):
    """A session on an empty ticket store (tests/conftest.py's ``db_url``, both backends)."""
    from handoff.db import session_factory

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
