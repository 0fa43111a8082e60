"""Incidents: who may run them, updates to every linked customer, resolving 20 tickets at once,
hourly reminders for P1, suggestions for look-alike tickets, dashboard counts."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from handoff.agent_tools import incidents
from handoff.agent_tools.models import Incident
from handoff.channels.models import LiveChat, LiveChatMessage
from handoff.core.models import Notification, Ticket, utcnow
from handoff.outbound.scheduler import tick


def _db(app) -> Session:
    return Session(create_engine(app.config["SETTINGS"].database_url), expire_on_commit=False)


def _customer_mail(db: Session, ticket_ids) -> dict[str, int]:
    rows = db.execute(select(Notification.ticket_id, func.count()).where(
        Notification.ticket_id.in_(ticket_ids), Notification.kind == "customer_update")
        .group_by(Notification.ticket_id)).all()
    return dict(rows)


def test_tier1_agents_may_not_open_incidents(app, staff_client, make_ticket):
    ticket = make_ticket()
    response = staff_client().post("/api/incidents", json={"title": "Uploads failing", "ticket_ids": [ticket["id"]]})
    assert response.status_code == 403
    bad = staff_client("jane.smith@secureai.com").post("/api/incidents", json={"title": "X", "ticket_ids": ["TICK-1"]})
    assert bad.status_code == 404  # nothing half-made
    assert staff_client("jane.smith@secureai.com").get("/api/incidents").get_json()["incidents"] == []


def test_an_incident_updates_and_resolves_twenty_tickets(app, staff_client, make_ticket):
    tickets = [make_ticket(subject=f"Upload stuck at 99% ({n})", email=f"user{n}@example.org") for n in range(20)]
    ids = [t["id"] for t in tickets]
    lead = staff_client("jane.smith@secureai.com")
    created = lead.post("/api/incidents", json={"title": "Uploads stuck at 99%", "priority": "P1",
                                                "category": "upload_issues", "ticket_ids": ids[:15]})
    assert created.status_code == 201, created.get_json()
    incident_id = created.get_json()["id"]
    assert len(lead.post(f"/api/incidents/{incident_id}/tickets", json={"ticket_ids": ids[15:]})
               .get_json()["tickets"]) == 20
    db = _db(app)
    db.add(LiveChat(conversation_id="c" * 20, ticket_id=ids[0], state="active", last_seq=0))
    db.commit()
    mail_before = _customer_mail(db, ids)

    update = lead.post(f"/api/incidents/{incident_id}/updates",
                       json={"message": "We found the cause and are rolling out a fix.", "status": "identified"})
    assert update.status_code == 200 and update.get_json()["customers_told"] == 20
    after_update = _customer_mail(db, ids)
    assert all(after_update[i] == mail_before.get(i, 0) + 1 for i in ids)  # one message each

    resolved = lead.post(f"/api/incidents/{incident_id}/resolve", json={"message": "A fix is deployed."})
    assert resolved.status_code == 200 and resolved.get_json()["tickets_resolved"] == 20
    db.expire_all()
    stored = db.scalars(select(Ticket).where(Ticket.id.in_(ids))).all()
    assert {t.status for t in stored} == {"resolved"} and {t.resolution for t in stored} == {"A fix is deployed."}
    after_resolve = _customer_mail(db, ids)
    assert all(after_resolve[i] == after_update[i] + 1 for i in ids)
    chat_lines = db.scalars(select(LiveChatMessage.text).where(LiveChatMessage.conversation_id == "c" * 20)).all()
    assert chat_lines == ["Update on the incident: We found the cause and are rolling out a fix.",
                          "The incident is resolved: A fix is deployed."]
    assert lead.post(f"/api/incidents/{incident_id}/resolve", json={"message": "again"}).status_code == 409
    db.close()


def test_p1_owners_are_reminded_every_hour_until_resolved(app, staff_client, make_ticket):
    lead = staff_client("jane.smith@secureai.com")
    p1 = lead.post("/api/incidents", json={"title": "API down", "priority": "P1"}).get_json()["id"]
    lead.post("/api/incidents", json={"title": "Slow page", "priority": "P3"})
    db = _db(app)
    start = db.get(Incident, p1).created_at
    with app.app_context():
        assert tick(db, now=start + timedelta(minutes=30))["incident_reminders"] == 0
        assert tick(db, now=start + timedelta(minutes=61))["incident_reminders"] == 1
        assert tick(db, now=start + timedelta(minutes=90))["incident_reminders"] == 0
        assert tick(db, now=start + timedelta(minutes=122))["incident_reminders"] == 1
    reminders = db.scalars(select(Notification).where(Notification.kind == "incident_reminder")).all()
    assert [r.to_addr for r in reminders] == ["jane.smith@secureai.com"] * 2
    assert "Hourly update due: API down" in reminders[0].subject
    lead.post(f"/api/incidents/{p1}/resolve", json={"message": "fixed"})
    with app.app_context():
        assert tick(db, now=start + timedelta(hours=5))["incident_reminders"] == 0
    db.close()


def test_look_alike_new_tickets_are_suggested_and_counted_apart(app, staff_client, make_ticket):
    first = make_ticket(subject="Uploads stuck at 99%")
    lead = staff_client("jane.smith@secureai.com")
    incident_id = lead.post("/api/incidents", json={"title": "Uploads stuck at 99 percent",
                                                    "ticket_ids": [first["id"]]}).get_json()["id"]
    alike = make_ticket(subject="My upload is stuck", email="other@example.org")
    unrelated = make_ticket(subject="Invoice copy", category="billing", description="Need last month's invoice.")
    db = _db(app)
    with app.app_context():
        assert [i.id for i in incidents.suggestions(db, db.get(Ticket, alike["id"]), utcnow())] == [incident_id]
        assert incidents.suggestions(db, db.get(Ticket, unrelated["id"]), utcnow()) == []
        counts = incidents.linked_counts(db, utcnow() - timedelta(days=1))
    assert counts == {"incident_linked": 1, "other": 2, "open_incidents": 1}
    db.close()

    page = lead.get(f"/console/tickets/{alike['id']}").get_data(as_text=True)
    assert "Part of an open incident?" in page and "Link to this incident" in page
    board = lead.get("/console/dashboard").get_data(as_text=True)
    assert 'id="kpi-incident-linked"' in board
