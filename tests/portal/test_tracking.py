"""The tracking link: every channel carries it, it opens exactly its own ticket without
sign-in, the customer answers there, and an agent can revoke it."""
from __future__ import annotations

from datetime import timedelta

import pytest

from handoff.core.models import Ticket, utcnow
from handoff.outbound import tracking

from .conftest import form_token, outbox, tracking_path

sqlite_only = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def open_link(client, path: str):
    """Follow a tracking link as a browser does; returns the ticket page's HTML."""
    first = client.get(path)
    assert first.status_code == 302 and "token=" not in first.headers["Location"]
    page = client.get(first.headers["Location"])
    assert page.status_code == 200
    client.csrf = form_token(client, first.headers["Location"])
    return page.get_data(as_text=True)


def test_the_link_is_in_the_api_answer_and_in_the_customer_email(client, service_headers, db):
    created = client.post("/api/tickets", headers=service_headers, json={
        "subject": "API calls return 401", "description": "every call fails since this morning",
        "channel": "chat", "customer": {"email": "john.doe@company.com"}}).get_json()
    url = created["tracking_url"]
    assert url.startswith(f"http://helpdesk.test/tickets/{created['id']}?token=")
    assert len(url.split("token=")[1]) >= 32
    email = outbox(db, to="john.doe@company.com")[-1]
    assert url in email.body
    fetched = client.get(f"/api/tickets/{created['id']}", headers=service_headers).get_json()
    assert fetched["tracking_url"] == url  # the bot's status answer carries the same link


def test_every_customer_email_carries_the_link(app, new_ticket, db, agent_client):
    ticket = new_ticket()
    for action, form in [("claim", {}), ("reply", {"text": "Looking now."}), ("pending", {}),
                         ("resolve", {"resolution": "Done."})]:
        agent_client.post(f"/console/tickets/{ticket.id}/{action}", data={"csrf_token": agent_client.csrf, **form})
    mails = outbox(db, to="john.doe@company.com")
    assert {m.kind for m in mails} == {"customer_update", "survey"} and len(mails) >= 4
    assert all(tracking_path(m.body) == tracking_path(mails[0].body) for m in mails)


def test_the_link_opens_the_public_side_of_the_ticket_only(app, new_ticket, db, agent_client):
    ticket = new_ticket(subject="Upload fails <b>bold</b>", priority="P2")
    agent_client.post(f"/console/tickets/{ticket.id}/claim", data={"csrf_token": agent_client.csrf})
    agent_client.post(f"/console/tickets/{ticket.id}/note", data={"csrf_token": agent_client.csrf,
                                                                  "text": "INTERNAL: customer is on a trial"})
    agent_client.post(f"/console/tickets/{ticket.id}/reply", data={"csrf_token": agent_client.csrf,
                                                                   "text": "Please try the resumable uploader."})
    visitor = app.test_client()
    page = open_link(visitor, tracking_path(outbox(db, to="john.doe@company.com")[-1].body))
    assert ticket.id in page and "Upload fails &lt;b&gt;bold&lt;/b&gt;" in page
    assert "In Progress" in page and "P2 (High)" in page
    assert "Please try the resumable uploader." in page
    assert "INTERNAL" not in page and "trial" not in page
    assert "What happens next" in page


def test_the_promise_names_the_response_deadline(app, new_ticket, db):
    ticket = new_ticket()
    page = open_link(app.test_client(), tracking_path(outbox(db, to="john.doe@company.com")[-1].body))
    assert "We will answer by" in page
    with app.app_context():
        from handoff.outbound.notifications import local_time

        assert local_time(ticket.response_due_at) in page


@sqlite_only
@pytest.mark.parametrize("path", ["/tickets/{id}", "/tickets/{id}?token=wrong", "/tickets/{id}?token=%C3%A9t%C3%A9",
                                  "/tickets/TICK-20990101-001", "/tickets/TICK-20990101-001?token=x"])
def test_without_a_valid_token_the_page_shows_nothing_of_the_ticket(client, new_ticket, path):
    ticket = new_ticket(subject="Secret merger video")
    response = client.get(path.format(id=ticket.id))
    page = response.get_data(as_text=True)
    assert response.status_code == 403
    assert "Secret merger video" not in page and "Sign in" in page


@sqlite_only
def test_one_ticket_link_does_not_open_another_ticket(app, new_ticket, db):
    new_ticket(subject="Mine")
    theirs = new_ticket(subject="Someone else's outage", email="sofia.rossi@globex.example")
    visitor = app.test_client()
    open_link(visitor, tracking_path(outbox(db, to="john.doe@company.com")[-1].body))
    page = visitor.get(f"/tickets/{theirs.id}").get_data(as_text=True)
    assert "Someone else" not in page
    other_token = tracking_path(outbox(db, to="sofia.rossi@globex.example")[-1].body).split("token=")[1]
    mine = outbox(db, to="john.doe@company.com")[-1].ticket_id
    assert visitor.get(f"/tickets/{mine}?token={other_token}").status_code == 403


def test_a_reply_reaches_the_agent_and_ends_the_pending_pause(app, new_ticket, db, agent_client):
    ticket = new_ticket()
    agent_client.post(f"/console/tickets/{ticket.id}/claim", data={"csrf_token": agent_client.csrf})
    agent_client.post(f"/console/tickets/{ticket.id}/pending", data={"csrf_token": agent_client.csrf})
    db.expire_all()
    assert db.get(Ticket, ticket.id).status == "pending"
    visitor = app.test_client()
    open_link(visitor, tracking_path(outbox(db, to="john.doe@company.com")[-1].body))
    response = visitor.post(f"/tickets/{ticket.id}/reply", data={"csrf_token": visitor.csrf,
                                                                 "message": "The file is 650 MB, MP4."})
    assert response.status_code == 302
    db.expire_all()
    after = db.get(Ticket, ticket.id)
    assert after.status == "in_progress" and after.paused_at is None
    assert after.transcript[-1]["sender"] == "customer" and after.transcript[-1]["text"] == "The file is 650 MB, MP4."
    console = agent_client.get(f"/console/tickets/{ticket.id}").get_data(as_text=True)
    assert "The file is 650 MB, MP4." in console and "Customer replied in the portal" in console


def _resolve(db, app, ticket_id: str, days_ago: float) -> None:
    with app.app_context():
        from handoff.core import lifecycle

        ticket = db.get(Ticket, ticket_id)
        when = utcnow() - timedelta(days=days_ago)
        lifecycle.transition(db, ticket, "in_progress", actor_name="t", now=when - timedelta(hours=1))
        lifecycle.transition(db, ticket, "resolved", actor_name="t", now=when, resolution="Fixed the quota.")
        db.commit()


def test_a_reply_within_seven_days_reopens_the_resolved_ticket(app, new_ticket, db):
    ticket = new_ticket()
    _resolve(db, app, ticket.id, days_ago=2)
    visitor = app.test_client()
    page = open_link(visitor, tracking_path(outbox(db, to="john.doe@company.com")[-1].body))
    assert "Fixed the quota." in page and "How did we do?" in page
    visitor.post(f"/tickets/{ticket.id}/reply", data={"csrf_token": visitor.csrf, "message": "It is back."})
    db.expire_all()
    reopened = db.get(Ticket, ticket.id)
    assert reopened.status == "in_progress" and reopened.reopen_count == 1


def test_a_reply_after_seven_days_opens_a_linked_follow_up(app, new_ticket, db):
    ticket = new_ticket()
    _resolve(db, app, ticket.id, days_ago=9)
    visitor = app.test_client()
    page = open_link(visitor, tracking_path(outbox(db, to="john.doe@company.com")[-1].body))
    assert "follow-up ticket" in page
    response = visitor.post(f"/tickets/{ticket.id}/reply", data={"csrf_token": visitor.csrf,
                                                                 "message": "Same problem again."})
    follow_up_id = response.headers["Location"].rsplit("/", 1)[1]
    assert follow_up_id != ticket.id
    db.expire_all()
    follow_up = db.get(Ticket, follow_up_id)
    assert follow_up.details["follow_up_of"] == ticket.id and follow_up.channel == "portal"
    assert follow_up.description == "Same problem again."
    assert db.get(Ticket, ticket.id).status == "resolved"
    assert "Same problem again." in visitor.get(response.headers["Location"]).get_data(as_text=True)


def test_the_customer_rates_a_resolved_ticket_once(app, new_ticket, db):
    ticket = new_ticket()
    _resolve(db, app, ticket.id, days_ago=1)
    visitor = app.test_client()
    open_link(visitor, tracking_path(outbox(db, to="john.doe@company.com")[-1].body))
    visitor.post(f"/tickets/{ticket.id}/rate", data={"csrf_token": visitor.csrf, "score": "5", "comment": "quick"})
    db.expire_all()
    assert db.get(Ticket, ticket.id).satisfaction == 5
    page = visitor.get(f"/tickets/{ticket.id}").get_data(as_text=True)
    assert "You rated this ticket 5/5" in page and "How did we do?" not in page
    again = visitor.post(f"/tickets/{ticket.id}/rate", data={"csrf_token": visitor.csrf, "score": "1"},
                         follow_redirects=True)
    assert "already answered" in again.get_data(as_text=True)
    db.expire_all()
    assert db.get(Ticket, ticket.id).satisfaction == 5


def test_an_agent_revokes_the_link_and_the_customer_gets_a_new_one(app, new_ticket, db, agent_client):
    ticket = new_ticket()
    old_path = tracking_path(outbox(db, to="john.doe@company.com")[-1].body)
    visitor = app.test_client()
    open_link(visitor, old_path)
    agent_client.post(f"/console/tickets/{ticket.id}/tracking_link", data={"csrf_token": agent_client.csrf})
    assert app.test_client().get(old_path).status_code == 403
    assert visitor.get(f"/tickets/{ticket.id}").status_code == 403  # a session opened by the old link ends too
    new_path = tracking_path(outbox(db, to="john.doe@company.com")[-1].body)
    assert new_path != old_path
    open_link(app.test_client(), new_path)


def test_the_api_reissues_the_link_for_staff_only(client, new_ticket, service_headers, login):
    ticket = new_ticket()
    assert client.post(f"/api/tickets/{ticket.id}/tracking-link", headers=service_headers).status_code == 403
    login(client)
    answer = client.post(f"/api/tickets/{ticket.id}/tracking-link").get_json()
    assert answer["tracking_url"] == client.get(f"/api/tickets/{ticket.id}").get_json()["tracking_url"]


def test_the_token_depends_on_the_secret_and_the_salt():
    ticket = Ticket(id="TICK-20261202-001")
    first = tracking.token(ticket, "secret-a")
    assert first != tracking.token(ticket, "secret-b")
    ticket.tracking_salt = "ab" * 16
    assert not tracking.is_valid(ticket, first, "secret-a")
    assert tracking.is_valid(ticket, tracking.token(ticket, "secret-a"), "secret-a")
    assert not tracking.is_valid(ticket, None, "secret-a") and not tracking.is_valid(ticket, "x" * 500, "secret-a")


@sqlite_only
def test_portal_forms_need_the_csrf_token_and_pages_send_a_csp(app, new_ticket, db):
    ticket = new_ticket()
    visitor = app.test_client()
    open_link(visitor, tracking_path(outbox(db, to="john.doe@company.com")[-1].body))
    assert visitor.post(f"/tickets/{ticket.id}/reply", data={"message": "hi"}).status_code == 400
    response = visitor.get(f"/tickets/{ticket.id}")
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["Referrer-Policy"] == "no-referrer" and response.headers["Cache-Control"] == "no-store"


@sqlite_only
def test_a_refused_reply_keeps_what_the_customer_wrote(app, new_ticket, db):
    import io

    ticket = new_ticket()
    visitor = app.test_client()
    open_link(visitor, tracking_path(outbox(db, to="john.doe@company.com")[-1].body))
    response = visitor.post(f"/tickets/{ticket.id}/reply", content_type="multipart/form-data", data={
        "csrf_token": visitor.csrf, "message": "Here is the log <b>", "attachments": [(io.BytesIO(b"MZ"), "x.exe")]})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "not a type we accept" in page
    assert "Here is the log &lt;b&gt;</textarea>" in page
    db.expire_all()
    assert db.get(Ticket, ticket.id).transcript == []


@sqlite_only
def test_a_browser_remembers_the_latest_twenty_links(app, new_ticket, db):
    visitor = app.test_client()
    tickets = [new_ticket(subject=f"Ticket {n}") for n in range(22)]
    paths = [tracking_path(m.body) for m in outbox(db, to="john.doe@company.com")]
    for path in [paths[5], *paths[:5], *paths[6:]]:  # ticket 5 opened first, so it is the first forgotten
        visitor.get(path)
    assert visitor.get(f"/tickets/{tickets[5].id}").status_code == 403
    assert visitor.get(f"/tickets/{tickets[0].id}").status_code == 403
    assert visitor.get(f"/tickets/{tickets[1].id}").status_code == 200
    assert visitor.get(f"/tickets/{tickets[21].id}").status_code == 200


@sqlite_only
def test_only_staff_who_may_change_the_ticket_revoke_its_link(app, new_ticket, login):
    ticket = new_ticket()
    jane = app.test_client()
    login(jane, "jane.smith@secureai.com")  # Tier 2 takes the ticket
    jane.patch(f"/api/tickets/{ticket.id}", json={"assignee": "jane.smith@secureai.com"})
    tier1 = app.test_client()
    login(tier1, "agent@secureai.com")
    assert tier1.post(f"/api/tickets/{ticket.id}/tracking-link").status_code == 403
    assert jane.post(f"/api/tickets/{ticket.id}/tracking-link").status_code == 200
