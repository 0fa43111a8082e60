"""Finding 9: what a chat visitor claims never decides tier, company or customer.

The widget's config object lives in the browser; the bot passes on what it holds plus
whether the customer's site signed the email (``customer.verified``). Only a verified
identity is matched to the directory, and tier and company come from the directory alone.
"""
from __future__ import annotations

import uuid

from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from handoff.core.models import Ticket

ENTERPRISE_CONTACT = "sofia.rossi@globex.example"  # Globex Security, enterprise (demo directory)


def _chat_ticket(client, headers, customer: dict, **extra):
    body = {"subject": "Uploads fail", "description": "every upload fails since this morning", "channel": "chat",
            "customer": customer, "category": "upload_issues", "priority": "P3", **extra}
    response = client.post("/api/tickets", json=body, headers={**headers, "Idempotency-Key": uuid.uuid4().hex})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_a_claimed_enterprise_plan_does_not_reach_the_enterprise_queue(client, service_headers):
    ticket = _chat_ticket(client, service_headers, {"email": "visitor@example.org", "name": "Eve",
                                                    "company": "Globex Security", "tier": "enterprise"})
    assert ticket["customer"]["tier"] == "starter" and ticket["customer"]["company"] == ""
    assert ticket["queue"] != "Enterprise"
    assert ticket["customer"]["verified"] is False and ticket["customer"]["known"] is False


def test_a_typed_email_of_a_real_contact_is_not_filed_under_that_customer(client, service_headers, db_url):
    ticket = _chat_ticket(client, service_headers, {"email": ENTERPRISE_CONTACT, "user_id": "USER-45601"})
    customer = ticket["customer"]
    assert customer["email"] == ENTERPRISE_CONTACT  # kept as the address to answer, marked unverified
    assert (customer["verified"], customer["known"], customer["tier"], customer["company"], customer["user_id"]) == (
        False, False, "starter", "", None)
    engine = create_engine(db_url)
    with Session(engine) as session:
        row = session.scalars(select(Ticket).where(Ticket.id == ticket["id"])).one()
        assert row.contact_id is None and row.customer_verified is False
    engine.dispose()
    # The real customer's history (what the bot shows them) does not list the visitor's ticket.
    listed = client.get(f"/api/customers/{ENTERPRISE_CONTACT}", headers=service_headers).get_json()
    assert ticket["id"] not in {t["id"] for t in listed["recent_tickets"]}


def test_a_verified_identity_gets_the_directory_tier_and_company(client, service_headers):
    ticket = _chat_ticket(client, service_headers, {"email": ENTERPRISE_CONTACT, "tier": "starter",
                                                    "company": "Someone Else", "verified": True})
    customer = ticket["customer"]
    assert (customer["verified"], customer["known"], customer["tier"], customer["company"]) == (
        True, True, "enterprise", "Globex Security")


def test_a_live_chat_request_follows_the_directory_too(client, service_headers, db_url):
    answer = client.post("/api/live-chats", headers=service_headers, json={
        "conversation_id": uuid.uuid4().hex, "customer": {"email": ENTERPRISE_CONTACT, "tier": "enterprise"},
        "category": "upload_issues", "priority": "P3", "transcript": [{"sender": "customer", "text": "help"}]})
    assert answer.status_code == 201
    ticket_id = answer.get_json().get("ticket_id") or answer.get_json()["ticket"]["id"]
    engine = create_engine(db_url)
    with Session(engine) as session:
        row = session.get(Ticket, ticket_id)
        assert (row.customer_tier, row.customer_verified, row.contact_id) == ("starter", False, None)
    engine.dispose()


def test_mail_and_phone_still_identify_by_their_own_address(client, service_headers):
    body = {"subject": "Invoice", "description": "wrong amount", "channel": "email",
            "customer": {"email": ENTERPRISE_CONTACT}, "category": "billing", "priority": "P3"}
    ticket = client.post("/api/tickets", json=body, headers=service_headers).get_json()
    assert (ticket["customer"]["verified"], ticket["customer"]["tier"]) == (True, "enterprise")


def test_the_console_marks_an_unverified_address(client, service_headers, login):
    ticket = _chat_ticket(client, service_headers, {"email": ENTERPRISE_CONTACT})
    login(client)
    page = client.get(f"/console/tickets/{ticket['id']}").get_data(as_text=True)
    assert ENTERPRISE_CONTACT in page and "unverified" in page


def test_verified_must_be_a_boolean(client, service_headers):
    body = {"subject": "x", "channel": "chat", "customer": {"email": "a@example.org", "verified": "yes"},
            "category": "general", "priority": "P4"}
    response = client.post("/api/tickets", json=body, headers=service_headers)
    assert response.status_code == 400 and response.get_json()["error"]["field"] == "customer.verified"
