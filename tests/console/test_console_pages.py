"""The agent console: signing in, CSRF, escaping, the queue views and their counts."""
from __future__ import annotations

from datetime import timedelta

import pytest

from handoff.core.models import Ticket, utcnow

from .conftest import csrf_of, sign_in

# Sign-in, CSRF and escaping do not depend on the database: one backend is enough.
sqlite_only = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


@sqlite_only
def test_the_console_needs_a_signed_in_agent(client):
    response = client.get("/console/views/mine")
    assert response.status_code == 302
    assert "/console/login" in response.headers["Location"]


@sqlite_only
def test_a_service_token_does_not_open_the_console(client, service_headers):
    assert client.get("/console/views/mine", headers=service_headers).status_code == 302


@sqlite_only
def test_wrong_password_is_refused_and_right_one_signs_in(client):
    token = csrf_of(client)
    bad = client.post("/console/login", data={"email": "agent@secureai.com", "password": "nope", "csrf_token": token})
    assert bad.status_code == 401
    assert "Wrong email or password" in bad.get_data(as_text=True)
    sign_in(client, "agent@secureai.com")
    page = client.get("/console/views/mine").get_data(as_text=True)
    assert "Alex Agent" in page and "My tickets" in page


@sqlite_only
def test_forms_without_the_csrf_token_are_refused(agent_client, new_ticket):
    ticket = new_ticket()
    response = agent_client.post(f"/console/tickets/{ticket.id}/claim", data={})
    assert response.status_code == 400
    forged = agent_client.post(f"/console/tickets/{ticket.id}/claim", data={"csrf_token": "forged"})
    assert forged.status_code == 400
    assert agent_client.post("/console/logout", data={}).status_code == 400


@sqlite_only
def test_login_refuses_an_offsite_next_url(client):
    token = csrf_of(client)
    response = client.post("/console/login", data={"email": "agent@secureai.com", "password": "demo-password",
                                                   "csrf_token": token, "next": "https://evil.example/x"})
    assert response.status_code == 302
    assert "evil.example" not in response.headers["Location"]
    assert response.headers["Location"].endswith("/console/")


@sqlite_only
def test_logout_ends_the_session(agent_client):
    agent_client.post("/console/logout", data={"csrf_token": agent_client.csrf})
    assert agent_client.get("/console/views/mine").status_code == 302


@sqlite_only
def test_customer_text_is_shown_as_text_never_run(agent_client, new_ticket):
    ticket = new_ticket(subject="<script>alert('x')</script>", description="<img src=x onerror=alert(1)>")
    for path in (f"/console/tickets/{ticket.id}", "/console/views/unassigned"):
        response = agent_client.get(path)
        page = response.get_data(as_text=True)
        assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
        assert "<script>alert" not in page and "<img src=x" not in page
        assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_views_show_their_counts_and_rows(agent_client, new_ticket, db):
    mine = new_ticket(subject="Mine")
    new_ticket(subject="Billing one", category="billing")
    new_ticket(subject="Waiting on customer")
    agent_client.post(f"/console/tickets/{mine.id}/claim", data={"csrf_token": agent_client.csrf})
    page = agent_client.get("/console/views/mine").get_data(as_text=True)
    assert 'data-count="mine">1<' in page and 'data-count="unassigned">2<' in page and 'data-count="open">3<' in page
    assert "Mine" in page and "Billing one" not in page
    assert "Example Corp" in page and "professional" in page  # customer and tier
    unassigned = agent_client.get("/console/views/unassigned").get_data(as_text=True)
    assert "Billing" in unassigned and 'id="per-queue"' in unassigned
    assert "Billing one" in unassigned and "Waiting on customer" in unassigned


def test_filters_and_search_narrow_the_open_view(agent_client, new_ticket):
    new_ticket(subject="Invoice is wrong", category="billing", priority="P4")
    new_ticket(subject="API returns 401", category="api_integration", priority="P2", channel="chat")
    new_ticket(subject="Upload stalls", email="sofia.rossi@globex.example")
    def rows(query):
        return agent_client.get(f"/console/views/open?{query}").get_data(as_text=True)
    assert "Invoice is wrong" in rows("queue=Billing") and "API returns 401" not in rows("queue=Billing")
    assert "API returns 401" in rows("priority=P2") and "Invoice is wrong" not in rows("priority=P2")
    assert "API returns 401" in rows("channel=chat") and "Upload stalls" not in rows("channel=chat")
    assert "Upload stalls" in rows("tier=enterprise") and "Invoice is wrong" not in rows("tier=enterprise")
    assert "Upload stalls" in rows("q=globex") and "API returns 401" not in rows("q=globex")
    assert "Invoice is wrong" in rows("q=INVOICE")
    assert "No tickets here" in rows("q=100%25_sure")  # LIKE wildcards are searched literally


def test_the_open_view_pages_through_many_tickets(agent_client, new_ticket):
    for i in range(55):
        new_ticket(subject=f"Bulk ticket {i}")
    first = agent_client.get("/console/views/open").get_data(as_text=True)
    second = agent_client.get("/console/views/open?page=2").get_data(as_text=True)
    assert "Page 1 of 2" in first and "Page 2 of 2" in second
    assert first.count('data-ticket="') == 50 and second.count('data-ticket="') == 5


def test_breaching_soon_lists_nearest_deadline_first_with_time_left(agent_client, new_ticket, db):
    later = new_ticket(subject="Later deadline")
    sooner = new_ticket(subject="Sooner deadline")
    new_ticket(subject="Plenty of time")
    now = utcnow()
    for ticket, left in ((later, timedelta(minutes=50)), (sooner, timedelta(minutes=20))):
        row = db.get(Ticket, ticket.id)
        row.response_due_at, row.response_warn_at = now + left, now - timedelta(minutes=5)
    db.commit()
    page = agent_client.get("/console/views/urgent").get_data(as_text=True)
    assert 'data-count="urgent">2<' in page
    assert page.index("Sooner deadline") < page.index("Later deadline")
    assert "Plenty of time" not in page
    assert "response in 19 min" in page or "response in 20 min" in page
