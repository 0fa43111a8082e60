"""``handoff tick``: SLA events, escalation timers, overdue pick-ups and auto-close, each exactly once."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from handoff.console.kpis import reopen_rate
from handoff.core.db import session_scope
from handoff.core.errors import Conflict
from handoff.core.lifecycle import transition
from handoff.core.models import Agent, Notification, Ticket, TicketEvent
from handoff.core.tickets import create_ticket
from handoff.outbound.scheduler import tick

T0 = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)  # Monday 10:00 in New York


def _ticket(session, priority="P3", email="sofia.rossi@globex.example", now=T0):
    return create_ticket(session, {
        "subject": "Batch jobs stuck", "description": "Our batch jobs stay queued for hours.",
        "channel": "email", "category": "performance", "priority": priority, "customer": {"email": email}}, now=now)


def _events(session, ticket_id, kind):
    return session.scalars(select(TicketEvent).where(TicketEvent.ticket_id == ticket_id,
                                                     TicketEvent.kind == kind)).all()


def _mail(session, ticket_id, kind):
    return session.scalars(select(Notification).where(Notification.ticket_id == ticket_id,
                                                      Notification.kind == kind)).all()


def test_sla_breach_soon_and_breach_are_recorded_once(seeded_url):
    with session_scope(seeded_url) as session:
        t = _ticket(session, "P2")  # Enterprise P2: response within 4 hours, 24/7
        tid = t.id
        assert tick(session, T0 + timedelta(hours=3))["sla_events"] == 0
        assert tick(session, T0 + timedelta(hours=3, minutes=20))["sla_events"] == 1
        assert tick(session, T0 + timedelta(hours=3, minutes=21))["sla_events"] == 0
        assert tick(session, T0 + timedelta(hours=4, minutes=1))["sla_events"] == 1
        tick(session, T0 + timedelta(hours=4, minutes=2))
        messages = [e.data["event"] for e in _events(session, tid, "sla")]
        assert messages == ["response_breach_soon", "response_breached"]
        assert len(_mail(session, tid, "sla")) == 1
        assert session.get(Ticket, tid).response_breached


def test_no_breach_once_answered_or_while_pending(seeded_url):
    with session_scope(seeded_url) as session:
        answered = _ticket(session, "P2")
        transition(session, answered, "in_progress", actor_name="Jane", now=T0)
        transition(session, answered, "pending", actor_name="Jane", now=T0 + timedelta(minutes=10))
        session.commit()
        assert tick(session, T0 + timedelta(hours=30))["sla_events"] == 0


def test_tier1_work_escalates_to_tier2_after_30_minutes_then_tier3_after_4_hours(seeded_url):
    with session_scope(seeded_url) as session:
        agent = session.scalars(select(Agent).where(Agent.email == "agent@secureai.com")).one()
        t = _ticket(session, "P3", email="maya.chen@brightline.example")
        assert t.support_tier == 1
        transition(session, t, "in_progress", actor=agent, now=T0)
        session.commit()
        assert tick(session, T0 + timedelta(minutes=29))["escalated"] == 0
        assert tick(session, T0 + timedelta(minutes=31))["escalated"] == 1
        assert tick(session, T0 + timedelta(minutes=32))["escalated"] == 0
        t = session.get(Ticket, t.id)
        assert (t.status, t.support_tier, t.assignee_id) == ("escalated", 2, None)
        notice = _mail(session, t.id, "escalation")[0]
        assert notice.to_addr == "tier2-support@secureai.com" and notice.cc_addr == "support-manager@secureai.com"
        assert notice.subject.startswith("[ESCALATION] [P3]") and "ESCALATION NOTICE" in notice.body
        assert "Escalated By: escalation timer (Tier 1)" in notice.body
        told_customer = _mail(session, t.id, "customer_update")[-1]
        assert "Status: Escalated" in told_customer.body and "Tier 2 specialists" in told_customer.body
        assert tick(session, T0 + timedelta(hours=6))["escalated"] == 0  # nobody at Tier 2 started yet
        engineer = session.scalars(select(Agent).where(Agent.email == "jane.smith@secureai.com")).one()
        transition(session, t, "in_progress", actor=engineer, now=T0 + timedelta(hours=6))
        session.commit()
        assert t.assignee_id == engineer.id
        assert tick(session, T0 + timedelta(hours=9, minutes=59))["escalated"] == 0
        assert tick(session, T0 + timedelta(hours=10, minutes=1))["escalated"] == 1
        assert session.get(Ticket, t.id).support_tier == 3
        assert tick(session, T0 + timedelta(hours=30))["escalated"] == 0  # Tier 3 is the top


def test_time_waiting_for_the_customer_does_not_count_towards_escalation(seeded_url):
    with session_scope(seeded_url) as session:
        t = _ticket(session, "P4", email="maya.chen@brightline.example")
        transition(session, t, "in_progress", actor_name="Alex", now=T0)
        transition(session, t, "pending", actor_name="Alex", now=T0 + timedelta(minutes=20))
        transition(session, t, "in_progress", actor_name="Alex", now=T0 + timedelta(hours=2, minutes=20))
        session.commit()
        assert tick(session, T0 + timedelta(hours=2, minutes=25))["escalated"] == 0  # 25 minutes of work
        assert tick(session, T0 + timedelta(hours=2, minutes=31))["escalated"] == 1


def test_escalation_to_tier3_tells_the_enterprise_account_manager(seeded_url):
    with session_scope(seeded_url) as session:
        t = _ticket(session, "P2")  # Enterprise, starts at Tier 2
        transition(session, t, "escalated", actor_name="Jane", now=T0, reason="needs a code change")
        session.commit()
        notice = _mail(session, t.id, "escalation")[0]
        assert notice.to_addr == "tier3-engineering@secureai.com"
        assert notice.cc_addr == "support-manager@secureai.com, amelia.ward@secureai.com"


def test_escalation_not_picked_up_in_time_is_flagged_once(seeded_url):
    with session_scope(seeded_url) as session:
        t = _ticket(session, "P4", email="maya.chen@brightline.example")
        transition(session, t, "escalated", actor_name="Alex", now=T0, reason="needs API logs")
        session.commit()
        assert t.escalation_response_due_at == T0 + timedelta(hours=8)  # Tier 2, P4: 8 hours
        assert tick(session, T0 + timedelta(hours=7))["pickup_overdue"] == 0
        assert tick(session, T0 + timedelta(hours=8, minutes=1))["pickup_overdue"] == 1
        assert tick(session, T0 + timedelta(hours=8, minutes=2))["pickup_overdue"] == 0


def test_resolved_tickets_close_automatically_and_reopen_only_within_7_days(seeded_url):
    with session_scope(seeded_url) as session:
        t = _ticket(session, "P4", email="maya.chen@brightline.example")
        transition(session, t, "in_progress", actor_name="Alex", now=T0)
        transition(session, t, "resolved", actor_name="Alex", now=T0 + timedelta(hours=1), resolution="Explained")
        session.commit()
        first = tick(session, T0 + timedelta(hours=70))
        assert (first["closed"], first["surveys"]) == (0, 1)  # the CSAT survey goes out once
        second = tick(session, T0 + timedelta(hours=74))
        assert (second["closed"], second["surveys"]) == (1, 0)
        closed = session.get(Ticket, t.id)
        assert (closed.status, closed.reopen_count) == ("closed", 0)
        assert tick(session, T0 + timedelta(hours=75))["closed"] == 0
        with pytest.raises(Conflict) as refused:
            transition(session, t, "in_progress", actor_name="Alex", now=T0 + timedelta(days=8))
        assert refused.value.code == "reopen_window_passed"
        transition(session, t, "in_progress", actor_name="Alex", now=T0 + timedelta(days=6))
        assert t.reopen_count == 1 and t.status == "in_progress"
        assert reopen_rate(session, T0 - timedelta(hours=1), T0 + timedelta(days=7))["percent"] == 100.0


def test_handoff_tick_command_runs_one_step(seeded_url, monkeypatch, capsys):
    from handoff.cli import main

    with session_scope(seeded_url) as session:
        t = _ticket(session, "P4", email="maya.chen@brightline.example", now=T0 - timedelta(days=30))
        transition(session, t, "in_progress", actor_name="Alex", now=T0 - timedelta(days=30))
        transition(session, t, "resolved", actor_name="Alex", now=T0 - timedelta(days=29), resolution="Answered")
    monkeypatch.setenv("DATABASE_URL", seeded_url)
    assert main(["tick"]) == 0
    assert '"closed": 1' in capsys.readouterr().out
    with session_scope(seeded_url) as session:
        assert session.get(Ticket, t.id).status == "closed"
