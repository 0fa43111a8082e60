"""Fixtures of the handoff tests."""
from __future__ import annotations

import pytest

from handoff.core.db import session_scope
from handoff.demo.directory import seed_demo


@pytest.fixture
def seeded_url(db_url):
    """``db_url`` with the demo directory, staff and the dev service token loaded."""
    with session_scope(db_url) as session:
        seed_demo(session, "dev-service-token")
    return db_url
