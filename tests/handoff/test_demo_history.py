"""`handoff seed-demo --history`: simulated traffic through the real ticket code, whose
figures the dashboard's own functions then compute; once per database; never in production."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from handoff.channels.models import BotSession
from handoff.console import kpis
from handoff.core.db import session_scope
from handoff.core.models import CHANNELS, Ticket, TicketEvent
from handoff.demo.history import ProductionRefused, play_history

NOW = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)  # a Friday afternoon


@pytest.fixture
def played(seeded_url, triage_model_dir):
    with session_scope(seeded_url) as session:
        counts = play_history(session, 6, now=NOW)
    return seeded_url, counts


def test_six_days_of_history_fill_every_kpi_from_the_real_code_paths(played):
    url, counts = played
    since = NOW - timedelta(days=6)
    with session_scope(url) as session:
        tickets = session.scalars(select(Ticket)).all()
        assert len(tickets) == counts["tickets"] >= 6 * 5
        assert all(t.idempotency_key.startswith("demo-history-") and t.details["demo_data"] for t in tickets)
        assert all(since <= t.created_at < NOW for t in tickets)
        assert len({t.created_at.date() for t in tickets}) >= 6
        assert {t.channel for t in tickets} == set(CHANNELS)
        assert {t.customer_tier for t in tickets} == {"starter", "professional", "enterprise"}
        assert {t.triage_source for t in tickets} == {"model"}  # triaged by the model, not told
        statuses = {t.status for t in tickets}
        assert {"closed", "resolved"} <= statuses and statuses & {"assigned", "in_progress", "pending", "escalated"}
        kinds = set(session.scalars(select(TicketEvent.kind).distinct()))
        assert {"created", "triaged", "assigned", "replied", "status_in_progress", "status_resolved",
                "status_closed", "survey", "escalated", "sla"} <= kinds, kinds
        assert session.scalar(select(func.count()).select_from(BotSession)
                              .where(BotSession.outcome == "self_service")) > 0

        board = kpis.dashboard(session, now=NOW, days=6)
    assert board["frt"]["count"] > 0 and board["frt"]["avg_hours"] is not None
    assert board["ttr"]["count"] == board["fcr"]["resolved"] > 0
    assert board["csat"]["answers"] == counts["csat_answers"] > 0
    assert board["sla"]["response_percent"] is not None and board["escalation"]["escalated"] > 0
    assert board["deflection"]["bot_self_service"] > 0
    assert all(row["count"] > 0 for row in board["channels"])
    assert len(board["daily"]) == 6 and sum(row["created"] > 0 for row in board["daily"]) >= 5  # the period's days


def test_a_second_run_adds_nothing(played):
    url, counts = played
    with session_scope(url) as session:
        again = play_history(session, 6, now=NOW + timedelta(hours=1))
        assert again == {"tickets": 0, "already_played": True}
        assert session.scalar(select(func.count()).select_from(Ticket)) == counts["tickets"]


def test_zero_days_is_no_history_and_production_refuses(seeded_url, monkeypatch):
    with session_scope(seeded_url) as session:
        assert play_history(session, 0, now=NOW) == {"tickets": 0}
        monkeypatch.setenv("HELPDESK_ENV", "production")
        with pytest.raises(ProductionRefused):
            play_history(session, 30, now=NOW)
        assert session.scalar(select(func.count()).select_from(Ticket)) == 0
