"""The portal in a real browser (Debian's headless chromium through Playwright), on a
phone-sized screen: a customer follows the link in their email, answers, reads the
agent's answer and rates; signs in by emailed link; opens a ticket with a file; and
finds nothing of another customer's ticket."""
from __future__ import annotations

from pathlib import Path

import pytest
import requests

from ..console.test_browser import TIMEOUT_MS, browser, log_in, page, server  # noqa: F401  (fixtures)
from .conftest import SIGN_IN_RE, outbox, tracking_path

pytestmark = [pytest.mark.browser, pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)]
PHONE = {"width": 375, "height": 740}


@pytest.fixture
def phone(browser):  # noqa: F811
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    customer = context.new_page()
    customer.set_default_timeout(TIMEOUT_MS)
    yield customer
    context.close()


def fits_the_screen(customer) -> bool:
    return customer.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def sign_in_by_email(customer, server, db, email):  # noqa: F811
    customer.goto(f"{server}/portal/sign-in")
    customer.get_by_label("Your email address").fill(email)
    customer.get_by_role("button", name="Email me a sign-in link").click()
    customer.wait_for_selector("text=Check your email")
    link = SIGN_IN_RE.search(outbox(db, to=email, kind="portal_sign_in")[-1].body).group(1)
    customer.goto(server + link)
    customer.get_by_role("button", name="Sign in").click()
    customer.wait_for_selector("h1:has-text('My tickets')")


def test_a_customer_follows_the_emailed_link_answers_reads_the_reply_and_rates(
        phone, page, server, db, service_headers):  # noqa: F811
    created = requests.post(f"{server}/api/tickets", headers=service_headers, timeout=60, json={
        "subject": "Upload stalls at 99% <script>alert(1)</script>", "description": "A 650 MB MP4 never finishes.",
        "channel": "email", "customer": {"email": "john.doe@company.com"}}).json()
    customer = phone
    customer.goto(server + tracking_path(outbox(db, to="john.doe@company.com")[-1].body))
    assert customer.inner_text("#ticket-id") == created["id"]
    assert "<script>" in customer.inner_text("h1")  # shown as text, never run
    assert customer.inner_text("#promise").startswith("We will answer by")
    assert fits_the_screen(customer)

    customer.get_by_label("Your message to the support team").fill("It is an H.264 file from an iPhone.")
    customer.get_by_role("button", name="Send reply").click()
    customer.wait_for_selector("text=your message is with your agent")
    assert "It is an H.264 file from an iPhone." in customer.inner_text("#conversation")

    log_in(page, server)
    page.goto(f"{server}/console/tickets/{created['id']}")
    assert "It is an H.264 file from an iPhone." in page.inner_text("body")
    page.click("button:has-text('Claim')")
    page.fill("#reply-text", "Please use the resumable uploader in Settings.")
    page.click("button:has-text('Send reply')")
    page.fill("#resolution", "Resumable uploader fixed the stalled upload.")
    page.click("button:has-text('Resolve')")
    assert page.inner_text("#status") == "Resolved"

    customer.reload()
    assert "Please use the resumable uploader in Settings." in customer.inner_text("#conversation")
    assert customer.inner_text("#status") == "Resolved"
    customer.get_by_label("5 · Excellent").check()
    customer.get_by_role("button", name="Send rating").click()
    customer.wait_for_selector("#rated")
    assert "5/5" in customer.inner_text("#rated")
    assert fits_the_screen(customer)


def test_sign_in_by_link_then_open_a_ticket_with_a_file(phone, server, db, tmp_path):  # noqa: F811
    customer = phone
    sign_in_by_email(customer, server, db, "john.doe@company.com")
    customer.get_by_role("link", name="New ticket", exact=True).click()
    customer.get_by_label("What is it about?").select_option("uploads")
    customer.get_by_label("Subject").fill("Upload limit")
    customer.get_by_label("Describe the problem").fill("What is the maximum file size for a video upload?")
    customer.wait_for_selector("#suggestions li a")  # help-centre articles suggested while typing
    log = tmp_path / "upload-error.log"
    log.write_text("POST /v1/uploads 413 Payload Too Large\n")
    customer.get_by_label("Attach files (optional)").set_input_files(str(log))
    customer.get_by_role("button", name="Send to support").click()
    customer.wait_for_selector("text=is open")
    assert customer.inner_text("h1") == "Upload limit"
    assert "upload-error.log" in customer.inner_text("#attachments")
    with customer.expect_download() as download:
        customer.click("#attachments a")
    assert Path(download.value.path()).read_text() == log.read_text()
    customer.get_by_role("link", name="My tickets", exact=True).click()
    assert "Upload limit" in customer.inner_text("#tickets")
    assert fits_the_screen(customer)


def test_another_customers_ticket_shows_nothing(phone, server, db, new_ticket):  # noqa: F811
    johns = new_ticket(subject="John's confidential upload")
    customer = phone
    sign_in_by_email(customer, server, db, "sofia.rossi@globex.example")
    customer.goto(f"{server}/tickets/{johns.id}")
    body = customer.inner_text("body")
    assert "confidential" not in body and johns.id not in body
    assert customer.get_by_role("button", name="Email me a sign-in link").is_visible()
    customer.goto(f"{server}/tickets/{johns.id}?token=guessed-token")
    assert "confidential" not in customer.inner_text("body")


def test_the_portal_works_from_the_keyboard(phone, server, db):  # noqa: F811
    customer = phone
    customer.goto(f"{server}/portal/sign-in")
    customer.keyboard.press("Tab")
    assert customer.evaluate("document.activeElement.textContent") == "Skip to content"
    customer.get_by_label("Your email address").focus()
    customer.keyboard.type("john.doe@company.com")
    customer.keyboard.press("Enter")
    customer.wait_for_selector("text=Check your email")


def test_the_chat_widget_opens_my_tickets_signed_in(browser, server, new_ticket):  # noqa: F811
    new_ticket(subject="Webhook never fires")
    context = browser.new_context()
    site = context.new_page()
    site.set_default_timeout(TIMEOUT_MS)
    site.goto(f"{server}/widget/demo")  # John Doe, signed in on "his" site, which signed his identity
    site.click(".sai-launcher")
    with context.expect_page() as opened:
        site.get_by_role("button", name="My tickets").click()
    portal = opened.value
    portal.wait_for_selector("h1:has-text('My tickets')")
    assert "Webhook never fires" in portal.inner_text("#tickets")
    context.close()
