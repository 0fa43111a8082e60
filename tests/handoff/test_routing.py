"""Routing rules from rules.yaml, as a ticket experiences them."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from handoff.core.db import session_scope
from handoff.core.models import Notification
from handoff.core.tickets import create_ticket
from handoff.rules.routing import route

NOW = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)


def facts(**kw):
    base = {"category": "general", "priority": "P4", "tier": "starter", "channel": "email",
            "repeat_issue": False, "text": "", "details": {}}
    return {**base, **kw}


def test_category_decides_the_queue():
    assert route(facts(category="account_access")).queue == "Account"
    assert route(facts(category="performance")).queue == "Technical"
    assert route(facts(category="billing", priority="P3")).queue == "Billing"
    plain = route(facts())
    assert (plain.queue, plain.support_tier, plain.notify) == ("General", 1, [])


def test_enterprise_queue_and_account_manager():
    r = route(facts(tier="enterprise", category="upload_issues", priority="P3"))
    assert r.queue == "Enterprise" and "account_manager" in r.notify and "enterprise-queue" in r.rules_fired


def test_security_incident_goes_to_security_tier3_and_management_even_for_enterprise():
    r = route(facts(tier="enterprise", category="security", priority="P1"))
    assert r.queue == "Security" and r.support_tier == 3
    assert {"security_team", "management"} <= set(r.notify)
    assert "security-incident" in r.rules_fired and "system-outage" not in r.rules_fired


def test_outage_goes_to_tier3_with_management():
    r = route(facts(category="api_integration", priority="P1"))
    assert r.support_tier == 3 and "management" in r.notify and "system-outage" in r.rules_fired
    emergency = route(facts(category="general", priority="P3", details={"emergency": True}))
    assert emergency.support_tier == 3 and "emergency-hotline" in emergency.rules_fired


def test_compliance_notification():
    r = route(facts(category="security", priority="P3", text="We need your GDPR data processing agreement"))
    assert "compliance" in r.notify and r.queue == "Security" and r.support_tier == 1


def _create(session, email, category, now, text="Upload fails"):
    return create_ticket(session, {"subject": text, "description": text, "channel": "email",
                                   "category": category, "priority": "P3", "customer": {"email": email}}, now=now)


def test_repeat_issue_within_seven_days_goes_to_tier2(seeded_url):
    with session_scope(seeded_url) as session:
        first = _create(session, "maya.chen@brightline.example", "upload_issues", NOW)
        assert first.support_tier == 1
        again = _create(session, "MAYA.CHEN@brightline.example", "upload_issues", NOW + timedelta(days=6))
        assert again.support_tier == 2 and "repeat-issue" in again.rules_fired
        other = _create(session, "maya.chen@brightline.example", "billing", NOW + timedelta(days=6))
        assert "repeat-issue" not in other.rules_fired
        later = _create(session, "omar.haddad@brightline.example", "upload_issues", NOW)
        much_later = _create(session, "omar.haddad@brightline.example", "upload_issues", NOW + timedelta(days=8))
        assert later.support_tier == much_later.support_tier == 1


def test_fired_rules_send_their_notices(seeded_url):
    with session_scope(seeded_url) as session:
        ticket = create_ticket(session, {
            "subject": "Possible breach", "description": "Someone downloaded all our analysis reports overnight.",
            "channel": "phone", "category": "security", "priority": "P1",
            "customer": {"phone": "+1 (415) 555-0121"}}, now=NOW)
        assert ticket.customer_email == "sofia.rossi@globex.example" and ticket.customer_tier == "enterprise"
        sent = session.scalars(select(Notification).where(Notification.ticket_id == ticket.id)).all()
        recipients = {n.kind: n.to_addr for n in sent}
        assert recipients["security_team"] == "security@secureai.com"
        assert "vp-engineering@secureai.com" in recipients["management"]
        assert recipients["account_manager"] == "amelia.ward@secureai.com"
        ack = next(n for n in sent if n.kind == "customer_update")
        assert ack.subject == f"[Ticket #{ticket.id}] Your SecureAI Support Request"
        assert "Priority: P1 (Critical)" in ack.body and f"/tickets/{ticket.id}" in ack.body
        assert all(n.status == "outbox" for n in sent)  # no SMTP configured


def test_a_missing_triage_model_files_the_ticket_for_review_instead_of_losing_it(seeded_url, tmp_path):
    with session_scope(seeded_url) as session:
        ticket = create_ticket(session, {"subject": "Help", "description": "Something is off with my reports.",
                                         "channel": "portal", "customer": {"email": "maya.chen@brightline.example"}},
                               model_root=tmp_path / "no-model-here", now=NOW)
        assert (ticket.category, ticket.priority, ticket.queue) == ("general", "P3", "General")
        assert ticket.needs_review and ticket.model_version is None and ticket.triage_source == "fallback"
        assert "Triage model unavailable" in ticket.events[1].message
