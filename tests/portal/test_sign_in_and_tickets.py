"""Signing in without a password (emailed link, chat widget identity), "My tickets",
a company admin's view, opening a ticket with attachments, and the account page."""
from __future__ import annotations

import io
import time
from datetime import timedelta

import pytest
from sqlalchemy import select

from handoff.core.models import Ticket, utcnow
from handoff.portal.models import PortalDraft, PortalSignIn
from support_service.widget import identity_token

from .conftest import SIGN_IN_RE, form_token, outbox

sqlite_only = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def ask_for_link(client, email: str):
    return client.post("/portal/sign-in", data={"email": email, "csrf_token": form_token(client, "/portal/sign-in")})


@sqlite_only
def test_an_emailed_link_signs_in_once(app, db):
    client = app.test_client()
    answer = ask_for_link(client, "John.Doe@company.com")
    assert "a sign-in link is on its way" in answer.get_data(as_text=True)
    link = SIGN_IN_RE.search(outbox(db, to="john.doe@company.com", kind="portal_sign_in")[-1].body).group(1)
    assert client.get("/portal/").status_code == 302  # opening the link alone (mail scanners) signs nobody in
    assert client.get(link).status_code == 200
    assert client.post(link, data={"csrf_token": form_token(client, link)}).status_code == 302
    assert "My tickets" in client.get("/portal/").get_data(as_text=True)
    other = app.test_client()
    assert other.post(link, data={"csrf_token": form_token(other, "/portal/sign-in")}).status_code == 410
    assert db.scalars(select(PortalSignIn)).one().token_hash not in link  # only the hash is stored


@sqlite_only
def test_an_expired_link_does_not_sign_in(app, db):
    client = app.test_client()
    ask_for_link(client, "john.doe@company.com")
    link = SIGN_IN_RE.search(outbox(db, kind="portal_sign_in")[-1].body).group(1)
    row = db.scalars(select(PortalSignIn)).one()
    row.expires_at = utcnow() - timedelta(seconds=1)
    db.commit()
    assert client.post(link, data={"csrf_token": form_token(client, "/portal/sign-in")}).status_code == 410
    assert client.get("/portal/").status_code == 302


@sqlite_only
def test_links_are_rate_limited_and_unknown_addresses_get_none_but_the_same_page(app, db):
    client = app.test_client()
    pages = {ask_for_link(client, "john.doe@company.com").get_data(as_text=True).replace("john.doe@company.com", "X")
             for _ in range(5)}
    assert len(outbox(db, kind="portal_sign_in")) == 3
    stranger = ask_for_link(client, "nobody@nowhere.example").get_data(as_text=True)
    stranger = stranger.replace("nobody@nowhere.example", "X")
    assert len(outbox(db, kind="portal_sign_in")) == 3
    assert pages == {stranger}


@sqlite_only
def test_the_widget_identity_signs_in_only_while_its_token_is_valid(app, settings):
    email = "john.doe@company.com"
    refused = [
        {"email": email, "identity_token": identity_token(email, "another-secret-that-is-long-enough-for-hs256")},
        {"email": email, "identity_token": identity_token(email, settings.widget_secret, now=time.time() - 7200)},
        {"email": email, "identity_token": identity_token(email, settings.widget_secret, lifetime_s=7 * 86400)},
        {"email": email, "identity_token": identity_token("priya.raman@company.com", settings.widget_secret)},
        {"email": email, "identity_token": "é" * 40},
        {"email": email},
    ]
    client = app.test_client()
    for fields in refused:
        assert client.post("/portal/sign-in/widget", data=fields).status_code == 401, fields
    assert client.get("/portal/").status_code == 302
    good = client.post("/portal/sign-in/widget", data={
        "email": email, "identity_token": identity_token(email, settings.widget_secret)})
    assert good.status_code == 302 and client.get("/portal/").status_code == 200


def test_my_tickets_lists_mine_only_and_searches(customer_client, new_ticket, agent_client, db, app):
    mine = new_ticket(subject="Batch upload stuck")
    new_ticket(subject="Invoice in euros")
    theirs = new_ticket(subject="Globex outage", email="sofia.rossi@globex.example")
    client = customer_client("john.doe@company.com")
    page = client.get("/portal/").get_data(as_text=True)
    assert "Batch upload stuck" in page and "Invoice in euros" in page and "Globex outage" not in page
    assert client.get(f"/tickets/{theirs.id}").status_code == 403
    found = client.get("/portal/?q=batch").get_data(as_text=True)
    assert "Batch upload stuck" in found and "Invoice in euros" not in found
    assert mine.id in client.get(f"/portal/?q={mine.id[-7:]}").get_data(as_text=True)
    with app.app_context():
        from handoff.core import lifecycle

        ticket = db.get(Ticket, mine.id)
        lifecycle.transition(db, ticket, "in_progress", actor_name="t")
        lifecycle.transition(db, ticket, "resolved", actor_name="t", resolution="done")
        db.commit()
    assert "Batch upload stuck" not in client.get("/portal/").get_data(as_text=True)
    assert "Batch upload stuck" in client.get("/portal/?state=closed").get_data(as_text=True)


def test_a_company_admin_sees_the_company_tickets_and_a_colleague_does_not(customer_client, new_ticket):
    colleague_ticket = new_ticket(subject="Priya's API key", email="priya.raman@company.com")
    new_ticket(subject="Other company", email="sofia.rossi@globex.example")
    admin = customer_client("john.doe@company.com")
    company = admin.get("/portal/?scope=company").get_data(as_text=True)
    assert "Priya&#39;s API key" in company and "Other company" not in company
    assert admin.get(f"/tickets/{colleague_ticket.id}").status_code == 200
    priya = customer_client("priya.raman@company.com")  # not an admin
    new_ticket(subject="John's own", email="john.doe@company.com")
    assert "John&#39;s own" not in priya.get("/portal/?scope=company").get_data(as_text=True)


def test_a_ticket_from_the_form_is_triaged_and_routed_with_its_files(customer_client, db, settings):
    client = customer_client("john.doe@company.com")
    page = client.get("/portal/new").get_data(as_text=True)
    draft = page.split('name="draft" id="draft" value="')[1].split('"')[0]
    form = {"csrf_token": client.csrf, "draft": draft, "product_area": "api",
            "subject": "API returns 401 for every call",
            "description": "Since this morning all API calls fail with 401",
            "attachments": [(io.BytesIO(PNG), "screenshot.png"), (io.BytesIO(b"GET /v1/analyses 401\n"), "curl.log")]}
    response = client.post("/portal/new", data=form, content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)
    ticket = db.scalars(select(Ticket).where(Ticket.channel == "portal")).one()
    assert ticket.customer_known and ticket.customer_tier == "professional"
    assert ticket.triage_source == "model" and ticket.queue and ticket.details["product_area"] == "API and integrations"
    assert [ref.rsplit("/", 1)[1] for ref in ticket.attachments] == ["screenshot.png", "curl.log"]
    sha = ticket.attachments[0].split("/")[3]
    assert (settings.mail_dir / "attachments" / sha[:2] / sha).read_bytes() == PNG
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "screenshot.png" in page
    download = client.get(f"/tickets/{ticket.id}/files/{sha}/screenshot.png")
    assert download.data == PNG and download.headers["Content-Type"] == "application/octet-stream"
    again = dict(form, attachments=[])  # a second press of Submit makes no second ticket
    client.post("/portal/new", data=again, content_type="multipart/form-data")
    assert len(db.scalars(select(Ticket).where(Ticket.channel == "portal")).all()) == 1


@sqlite_only
@pytest.mark.parametrize("name,data,message", [
    ("run.exe", b"MZ\x90\x00", "not a type we accept"),
    ("photo.png", b"<html><script>alert(1)</script>", "not a real .png file"),
    ("big.txt", b"a" * (10 * 1024 * 1024 + 1), "larger than 10 MB"),
])
def test_bad_files_are_refused_with_a_clear_message_and_no_ticket(customer_client, db, name, data, message):
    client = customer_client("john.doe@company.com")
    page = client.get("/portal/new").get_data(as_text=True)
    draft = page.split('name="draft" id="draft" value="')[1].split('"')[0]
    response = client.post("/portal/new", content_type="multipart/form-data", data={
        "csrf_token": client.csrf, "draft": draft, "product_area": "uploads", "subject": "Upload & fail",
        "description": "My words <kept>", "attachments": [(io.BytesIO(data), name)]})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and message in page
    assert 'value="Upload &amp; fail"' in page and "My words &lt;kept&gt;</textarea>" in page  # nothing lost
    assert db.scalars(select(Ticket)).all() == []


@sqlite_only
def test_suggestions_and_an_abandoned_form_after_an_article_count_as_deflection(customer_client, db, app):
    client = customer_client("john.doe@company.com")
    page = client.get("/portal/new").get_data(as_text=True)
    draft = page.split('name="draft" id="draft" value="')[1].split('"')[0]
    articles = client.get(f"/portal/suggestions?draft={draft}&q=how many analyses are left in my quota").get_json()
    assert articles["articles"], "the help centre suggested nothing"
    opened = client.get(articles["articles"][0]["url"])
    assert opened.status_code == 302 and opened.headers["Location"].startswith("/help/")
    row = db.get(PortalDraft, draft)
    assert row.article_opened_at is not None and row.ticket_id is None and row.articles
    from handoff.console import kpis

    later = utcnow() + timedelta(hours=1)
    assert kpis.kb_deflection(db, later - timedelta(days=1), later)["portal_abandoned"] == 0  # left only now
    row.article_opened_at -= timedelta(hours=1)
    db.commit()
    assert kpis.kb_deflection(db, later - timedelta(days=1), later)["portal_abandoned"] == 1


@sqlite_only
def test_the_account_page_shows_plan_usage_and_contacts(customer_client):
    page = customer_client("john.doe@company.com").get("/portal/account").get_data(as_text=True)
    assert "Example Corp" in page and "Professional" in page
    assert "1,234 of 5,000 analyses (25%)" in page
    assert "+1-800-SECURE-AI" in page and "/help/billing-and-account/usage-and-quotas" in page


@sqlite_only
def test_signed_out_visitors_are_sent_to_sign_in(client):
    for path in ("/portal/", "/portal/new", "/portal/account"):
        response = client.get(path)
        assert response.status_code == 302 and response.headers["Location"].endswith("/portal/sign-in")
