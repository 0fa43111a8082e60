"""The ticket page: everything pre-filled, and every action an agent takes from it."""
from __future__ import annotations

from sqlalchemy import select

from handoff.channels.models import SatisfactionSurvey
from handoff.core.models import Correction, Notification, Ticket


def post(client, ticket_id, action, **form):
    return client.post(f"/console/tickets/{ticket_id}/{action}", data={"csrf_token": client.csrf, **form})


def fresh(db, ticket_id) -> Ticket:
    db.expire_all()
    return db.get(Ticket, ticket_id)


def test_ticket_page_shows_customer_details_and_conversation(agent_client, new_ticket):
    ticket = new_ticket(
        channel="phone", details={"file_size_mb": 650, "video_format": "mp4"},
        conversation={"transcript": [{"sender": "customer", "text": "my upload keeps failing", "ts": None}],
                      "call_sid": "CA123", "recording_url": "https://api.twilio.example/rec/RE1",
                      "speech_confidence": 0.82})
    page = agent_client.get(f"/console/tickets/{ticket.id}").get_data(as_text=True)
    for text in ("John Doe", "john.doe@company.com", "Example Corp", "USER-12345", "professional",
                 "file_size_mb", "650", "Call CA123", "speech confidence 82%", 'href="https://api.twilio.example/rec/RE1"',
                 "my upload keeps failing", "Ticket created by customer via phone", "Technical"):
        assert text in page, text


def test_a_javascript_recording_link_is_not_made_a_link(agent_client, new_ticket):
    ticket = new_ticket(channel="phone", conversation={"transcript": [], "call_sid": "CA9",
                                                       "recording_url": "javascript:alert(1)"})
    assert "javascript:alert" not in agent_client.get(f"/console/tickets/{ticket.id}").get_data(as_text=True)


def test_triage_confidences_are_shown_and_can_be_corrected(agent_client, new_ticket, db, triage_model_dir):
    ticket = new_ticket(subject="Invoice charged twice", description="We were billed twice this month.",
                        category=None, priority=None)
    page = agent_client.get(f"/console/tickets/{ticket.id}").get_data(as_text=True)
    assert f"Model {ticket.model_version}" in page
    assert f"{ticket.category_confidence * 100:.0f}%" in page
    response = post(agent_client, ticket.id, "correct", category="account_access", priority="P2")
    assert response.status_code == 302
    after = fresh(db, ticket.id)
    assert (after.category, after.priority, after.queue) == ("account_access", "P2", "Account")
    corrections = db.scalars(select(Correction).where(Correction.ticket_id == ticket.id)).all()
    assert {c.field for c in corrections} >= {"category"}


def test_claim_reply_note_pending_resolve_and_reopen(agent_client, new_ticket, db):
    ticket = new_ticket()
    post(agent_client, ticket.id, "claim")
    claimed = fresh(db, ticket.id)
    assert claimed.status == "in_progress" and claimed.assignee.email == "agent@secureai.com"

    post(agent_client, ticket.id, "reply", text="Please compress the video below 500 MB.")
    post(agent_client, ticket.id, "note", text="Checked the upload logs: size limit hit.")
    replied = fresh(db, ticket.id)
    assert replied.first_response_at is not None
    assert [(n.public, n.text[:6]) for n in replied.notes] == [(True, "Please"), (False, "Checke")]
    sent = db.scalars(select(Notification).where(Notification.ticket_id == ticket.id,
                                                 Notification.kind == "customer_update")).all()
    assert any("Please compress the video" in n.body for n in sent)

    post(agent_client, ticket.id, "pending")
    assert fresh(db, ticket.id).status == "pending"
    post(agent_client, ticket.id, "resume")
    assert fresh(db, ticket.id).status == "in_progress"

    refused = post(agent_client, ticket.id, "resolve", resolution="")
    assert refused.status_code == 302 and fresh(db, ticket.id).status == "in_progress"
    post(agent_client, ticket.id, "resolve", resolution="Customer compressed the video; upload works.")
    resolved = fresh(db, ticket.id)
    assert resolved.status == "resolved"
    assert db.scalars(select(SatisfactionSurvey).where(SatisfactionSurvey.ticket_id == ticket.id)).first()

    post(agent_client, ticket.id, "reopen")
    reopened = fresh(db, ticket.id)
    assert reopened.status == "in_progress" and reopened.reopen_count == 1
    page = agent_client.get(f"/console/tickets/{ticket.id}").get_data(as_text=True)
    assert "Checked the upload logs" in page and "Reopened within 7 days" in page


def test_escalation_notice_is_prefilled_and_sent(agent_client, new_ticket, db):
    ticket = new_ticket()
    post(agent_client, ticket.id, "claim")
    post(agent_client, ticket.id, "note", text="Verified the file is 650 MB")
    page = agent_client.get(f"/console/tickets/{ticket.id}").get_data(as_text=True)
    assert "ESCALATION NOTICE" in page and f"Ticket ID: #{ticket.id}" in page
    assert "Example Corp (Professional Tier)" in page and "Verified the file is 650 MB" in page
    post(agent_client, ticket.id, "escalate", reason="Needs upload service logs",
         troubleshooting="Verified the file is 650 MB\nTried another browser")
    escalated = fresh(db, ticket.id)
    assert escalated.status == "escalated" and escalated.support_tier == 2
    notice = db.scalars(select(Notification).where(Notification.ticket_id == ticket.id,
                                                   Notification.kind == "escalation")).one()
    assert "Needs upload service logs" in notice.body and "- Tried another browser" in notice.body


def test_an_illegal_action_is_explained_not_crashed(agent_client, new_ticket, db):
    ticket = new_ticket()
    response = post(agent_client, ticket.id, "reopen")
    assert response.status_code == 302
    page = agent_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "does not apply" in page or "cannot become" in page
    assert fresh(db, ticket.id).status == "assigned"


def test_unknown_ticket_is_a_404_page(agent_client):
    assert agent_client.get("/console/tickets/TICK-20000101-999").status_code == 404


def test_managers_assign_to_anyone_agents_only_to_themselves(agent_client, app, new_ticket, db):
    from .conftest import sign_in

    ticket = new_ticket()
    assert 'id="assignee"' not in agent_client.get(f"/console/tickets/{ticket.id}").get_data(as_text=True)
    post(agent_client, ticket.id, "assign", assignee="jane.smith@secureai.com")
    assert fresh(db, ticket.id).assignee_id is None
    manager = sign_in(app.test_client(), "manager@secureai.com")
    assert 'id="assignee"' in manager.get(f"/console/tickets/{ticket.id}").get_data(as_text=True)
    post(manager, ticket.id, "assign", assignee="jane.smith@secureai.com")
    assert fresh(db, ticket.id).assignee.name == "Jane Smith"


def test_messages_sent_show_on_the_ticket_and_in_the_managers_outbox(agent_client, app, new_ticket):
    from .conftest import sign_in

    ticket = new_ticket(subject="Where is my invoice?")
    post(agent_client, ticket.id, "claim")
    post(agent_client, ticket.id, "reply", text="It is in your account page.")
    page = agent_client.get(f"/console/tickets/{ticket.id}").get_data(as_text=True)
    assert f"[Ticket #{ticket.id}] Your SecureAI Support Request" in page and "It is in your account page." in page
    assert agent_client.get("/console/outbox").status_code == 403
    manager = sign_in(app.test_client(), "manager@secureai.com")
    outbox = manager.get("/console/outbox?kind=customer_update").get_data(as_text=True)
    assert "john.doe@company.com" in outbox and ticket.id in outbox
