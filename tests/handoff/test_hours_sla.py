"""Live hours by tier and the SLA clocks on their calendars (New York time, DST included)."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from handoff.core.db import session_scope
from handoff.core.lifecycle import transition
from handoff.core.tickets import create_ticket
from handoff.rules import hours, sla

NY = ZoneInfo("America/New_York")


def ny(*args) -> datetime:
    return datetime(*args, tzinfo=NY).astimezone(UTC)


@pytest.mark.parametrize("tier, channel, when, live", [
    ("starter", "chat", ny(2026, 3, 2, 10, 0), True),          # Monday morning
    ("starter", "chat", ny(2026, 3, 2, 17, 30), False),        # after 5 PM
    ("starter", "chat", ny(2026, 3, 7, 11, 0), False),         # Saturday: chatbot only
    ("starter", "chat", ny(2026, 12, 25, 11, 0), False),       # holiday: closed
    ("starter", "phone", ny(2026, 3, 2, 10, 0), False),        # no phone line for Starter
    ("professional", "chat", ny(2026, 3, 2, 19, 30), True),    # until 8 PM on weekdays
    ("professional", "chat", ny(2026, 3, 7, 11, 0), True),     # weekends 10-4
    ("professional", "phone", ny(2026, 3, 7, 16, 30), False),
    ("professional", "chat", ny(2026, 12, 25, 12, 0), True),   # holiday: limited hours
    ("enterprise", "phone", ny(2026, 3, 8, 3, 0), True),       # 24/7
    ("enterprise", "email", ny(2026, 3, 2, 10, 0), False),     # email always goes to the queue
])
def test_live_hours_by_tier_and_channel(tier, channel, when, live):
    assert hours.is_live(tier, channel, when) is live


def test_enterprise_after_hours_is_on_call():
    assert hours.coverage("enterprise", "phone", ny(2026, 3, 2, 10, 0)) == "live"
    assert hours.coverage("enterprise", "phone", ny(2026, 3, 8, 3, 0)) == "on_call"
    assert hours.on_call_number("enterprise").startswith("+1")
    assert hours.on_call_number("starter") is None


def test_hours_follow_new_york_daylight_saving():
    assert hours.is_live("starter", "chat", datetime(2026, 1, 5, 14, 0, tzinfo=UTC))   # 9:00 EST
    assert not hours.is_live("starter", "chat", datetime(2026, 7, 6, 12, 30, tzinfo=UTC))  # 8:30 EDT
    assert hours.is_live("starter", "chat", datetime(2026, 7, 6, 13, 0, tzinfo=UTC))   # 9:00 EDT


def test_business_time_skips_nights_weekends_and_holidays():
    friday_4pm = ny(2026, 3, 6, 16, 0)
    assert hours.add_business_time("starter", friday_4pm, timedelta(hours=2)) == ny(2026, 3, 9, 10, 0)
    assert hours.business_time_between("starter", friday_4pm, ny(2026, 3, 9, 10, 0)) == timedelta(hours=2)
    before_christmas = ny(2026, 12, 24, 16, 0)  # Thursday; Friday 25th is a holiday
    assert hours.add_business_time("starter", before_christmas, timedelta(hours=2)) == ny(2026, 12, 28, 10, 0)


def _ticket(session, email, priority, now, category="upload_issues"):
    return create_ticket(session, {
        "subject": "Upload stalls", "description": "The upload of a 200 MB MP4 stalls at 90%.",
        "channel": "email", "category": category, "priority": priority, "customer": {"email": email},
    }, now=now)


def test_due_times_follow_the_tier_calendar(seeded_url):
    with session_scope(seeded_url) as session:
        # Starter P3: 24 business hours (9-5 weekdays) from Friday 4 PM, across the DST change.
        t = _ticket(session, "maya.chen@brightline.example", "P3", ny(2026, 3, 6, 16, 0))
        assert t.response_due_at == ny(2026, 3, 11, 16, 0)
        assert sla.response_time_text("starter", "P3") == "24 business hours"
        # Enterprise runs 24/7: 1 hour / 4 hours for P1, even on a Sunday night.
        t = _ticket(session, "sofia.rossi@globex.example", "P1", ny(2026, 3, 8, 3, 0))
        assert t.response_due_at - t.created_at == timedelta(hours=1)
        assert t.resolution_due_at - t.created_at == timedelta(hours=4)
        # P1 runs 24/7 for every tier: Starter P1 is 8 wall-clock hours.
        t = _ticket(session, "maya.chen@brightline.example", "P1", ny(2026, 3, 7, 12, 0), category="performance")
        assert t.response_due_at - t.created_at == timedelta(hours=8)


def test_pending_pauses_the_clock(seeded_url):
    with session_scope(seeded_url) as session:
        created = ny(2026, 3, 2, 10, 0)  # Monday, Professional P3: 48 business hours to resolve
        t = _ticket(session, "john.doe@company.com", "P3", created)
        assert t.customer_tier == "professional" and t.sla_calendar == "professional"
        due = t.resolution_due_at
        transition(session, t, "in_progress", actor_name="Alex", now=created + timedelta(minutes=5))
        transition(session, t, "pending", actor_name="Alex", now=ny(2026, 3, 2, 11, 0))
        transition(session, t, "in_progress", actor_name="Alex", now=ny(2026, 3, 2, 13, 0))
        assert t.resolution_due_at == hours.add_business_time("professional", due, timedelta(hours=2))
        assert t.first_response_at == ny(2026, 3, 2, 11, 0)  # asking the customer counts as a response


def test_a_priority_correction_re_times_the_clocks_and_re_routes(seeded_url):
    from handoff.core.editing import update_ticket
    from handoff.core.models import Correction, Notification

    with session_scope(seeded_url) as session:
        created = ny(2026, 3, 2, 10, 0)
        t = _ticket(session, "sofia.rossi@globex.example", "P3", created)
        assert t.response_due_at - t.created_at == timedelta(hours=4) and t.support_tier == 1
        update_ticket(session, t, {"priority": "P1"}, actor=None, actor_name="Manager",
                      now=created + timedelta(minutes=5))
        assert t.response_due_at - t.created_at == timedelta(hours=1)
        assert t.support_tier == 3 and "system-outage" in t.rules_fired
        session.commit()
        correction = session.query(Correction).one()
        assert (correction.field, correction.old_value, correction.new_value) == ("priority", "P3", "P1")
        told = {n.kind for n in session.query(Notification).filter_by(ticket_id=t.id)}
        assert "management" in told  # the outage rule fired only now, so management hears of it now
