"""Ticket ids: TICK-YYYYMMDD-NNN, unique and none lost under concurrent creators, on both databases."""
from __future__ import annotations

import re
import threading
from datetime import UTC, datetime

from sqlalchemy import func, select

from handoff.core.db import session_factory, session_scope
from handoff.core.models import Ticket
from handoff.core.tickets import create_ticket

CREATORS = 16
PER_CREATOR = 200


def _body(n: int) -> dict:
    return {
        "subject": f"Upload {n} fails",
        "description": "The uploader stops at 99%.",
        "channel": "portal",
        "category": "upload_issues",
        "priority": "P3",
        "customer": {"email": f"user{n % 50}@example.org", "name": "Test User"},
    }


def test_ids_follow_the_template_and_count_up_per_day(db_url):
    with session_scope(db_url) as session:
        day1 = datetime(2026, 3, 2, 23, 59, tzinfo=UTC)
        day2 = datetime(2026, 3, 3, 0, 1, tzinfo=UTC)
        ids = [create_ticket(session, _body(i), now=day1).id for i in range(3)]
        ids.append(create_ticket(session, _body(9), now=day2).id)
    assert ids == ["TICK-20260302-001", "TICK-20260302-002", "TICK-20260302-003", "TICK-20260303-001"]


def test_concurrent_creators_get_unique_ids_and_lose_no_ticket(db_url):
    factory = session_factory(db_url)
    made: list[list[str]] = [[] for _ in range(CREATORS)]
    errors: list[BaseException] = []
    start = threading.Barrier(CREATORS)

    def creator(k: int) -> None:
        session = factory()
        try:
            start.wait()
            for i in range(PER_CREATOR):
                made[k].append(create_ticket(session, _body(k * PER_CREATOR + i)).id)
        except BaseException as exc:  # reported below; a thread must not die silently
            errors.append(exc)
        finally:
            session.close()

    threads = [threading.Thread(target=creator, args=(k,)) for k in range(CREATORS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert not errors, errors[:3]
    ids = [i for batch in made for i in batch]
    assert len(ids) == CREATORS * PER_CREATOR
    assert len(set(ids)) == len(ids), "duplicate ticket ids"
    assert all(re.fullmatch(r"TICK-\d{8}-\d{3,}", i) for i in ids)
    with session_scope(db_url) as session:
        stored = set(session.scalars(select(Ticket.id)))
        assert stored == set(ids)
        assert session.scalar(select(func.count()).select_from(Ticket)) == CREATORS * PER_CREATOR


def test_concurrent_retries_with_one_idempotency_key_make_one_ticket(db_url):
    factory = session_factory(db_url)
    results: list[str] = []
    errors: list[BaseException] = []
    start = threading.Barrier(8)

    def retry() -> None:
        session = factory()
        try:
            start.wait()
            results.append(create_ticket(session, _body(1), idempotency_key="call-CA123").id)
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            session.close()

    threads = [threading.Thread(target=retry) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors[:3]
    assert len(results) == 8 and len(set(results)) == 1
    with session_scope(db_url) as session:
        assert session.scalar(select(func.count()).select_from(Ticket)) == 1
