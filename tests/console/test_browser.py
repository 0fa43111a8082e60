"""The console in a real browser (Debian's headless chromium through Playwright):
an agent works a ticket from queue to resolution, and takes over a live chat
with a customer typing in the chat widget."""
from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest
import requests
from werkzeug.serving import make_server

pytestmark = [pytest.mark.browser, pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)]

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync"]
TIMEOUT_MS = 10_000


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("Debian's chromium is missing: run `make browser`")
        pytest.skip("Debian's chromium is not installed (`make browser`)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def server(app):
    """The app served on a free loopback port in a background thread."""
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    yield page
    context.close()


def log_in(page, server, email="agent@secureai.com"):
    page.goto(f"{server}/console/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", "demo-password")
    page.click("button:has-text('Log in')")
    page.wait_for_selector("nav.views")


def test_an_agent_works_a_ticket_from_queue_to_resolution(page, server, new_ticket):
    ticket = new_ticket(subject="Invoice question <script>alert('xss')</script>", category="general", priority="P3")
    log_in(page, server)
    assert page.inner_text("[data-count=mine]") == "0"

    page.click("nav.views a:has-text('Unassigned')")
    row = page.locator(f"tr[data-ticket='{ticket.id}']")
    assert "<script>alert('xss')</script>" in row.inner_text()  # shown as text
    assert page.inner_text("#per-queue").startswith("General")
    row.locator("a").first.click()
    page.wait_for_selector("#h-details")

    page.select_option("#correct-category", "billing")
    page.click("button:has-text('Save correction')")
    assert page.inner_text("#category") == "billing"
    assert page.inner_text("#queue").startswith("Billing")

    page.click("button:has-text('Claim')")
    assert page.inner_text("#status") == "In Progress"
    assert page.inner_text("#owner") == "Alex Agent"

    page.fill("#reply-text", "We are checking your invoice now.")
    page.click("button:has-text('Send reply')")
    assert "We are checking your invoice now." in page.inner_text("#notes")

    page.fill("#escalation-reason", "Refund needs Tier 2 approval")
    page.fill("#escalation-steps", "Checked the invoice lines")
    page.click("button:has-text('Escalate')")
    assert page.inner_text("#status") == "Escalated"
    assert "Tier 2" in page.inner_text("#queue")

    page.fill("#resolution", "Refund issued for the double charge.")
    page.click("button:has-text('Resolve')")
    assert page.inner_text("#status") == "Resolved"
    assert "Satisfaction survey sent" in page.inner_text("#activity")
    assert page.dialogs == []  # the script in the subject never ran

    page.click("a:has-text('Dashboard')")
    assert page.locator("#kpi-resolved-today .value").inner_text() == "1"
    assert page.locator("svg.chart").count() == 4


def test_an_agent_takes_over_a_live_chat_from_the_widget(browser, page, server, service_headers):
    conversation = "b" * 32
    answer = requests.post(f"{server}/api/live-chats", headers=service_headers, timeout=10, json={
        "conversation_id": conversation,
        # Enterprise: live 24/7
        "customer": {"email": "sofia.rossi@globex.example", "name": "Sofia Rossi", "verified": True},
        "transcript": [{"sender": "customer", "text": "I want to talk to a person", "ts": None}],
        "category": "api_integration", "priority": "P2"}).json()
    assert answer["status"] == "waiting"

    customer = browser.new_context().new_page()
    customer.set_default_timeout(TIMEOUT_MS)
    # The widget as the bot leaves it after a handoff: the conversation waits for an agent.
    state = {"sender": "s" * 32, "open": True, "history": [{"from": "bot", "text": "Connecting you now."}],
             "live": {"conversation_id": conversation, "state": "waiting", "after": 0, "agent": None}}
    customer.add_init_script(
        f"localStorage.setItem('secureai-chat:secureai_app_id:USER-45601', {json.dumps(json.dumps(state))});")
    customer.goto(f"{server}/widget/demo?name=Sofia+Rossi&email=sofia.rossi@globex.example&user_id=USER-45601"
                  "&company=Globex+Security&plan=enterprise")
    customer.wait_for_selector(".sai-mode:has-text('Waiting for an agent')")

    log_in(page, server)
    page.click("header a:has-text('Live chats')")
    waiting = page.locator(f"section[data-conversation='{conversation}']")
    assert "I want to talk to a person" in waiting.inner_text()
    waiting.locator("button:has-text('Take this chat')").click()
    page.wait_for_selector("#chat-send")

    customer.wait_for_selector(".sai-mode:has-text('Agent Alex Agent is here')")
    page.fill("#chat-text", "Hello Sofia, Alex here. What error do you see?")
    page.click("#chat-send button")
    customer.wait_for_selector(".sai-log :text('Hello Sofia, Alex here. What error do you see?')")

    customer.fill("#sai-input", "401 Unauthorized on every call")
    customer.press("#sai-input", "Enter")
    page.wait_for_selector("#chat-log :text('401 Unauthorized on every call')")

    page.click("button:has-text('End chat')")
    customer.wait_for_selector(".sai-log :text('The agent has ended the chat')")
    assert customer.inner_text(".sai-mode") == ""
    customer.context.close()


def test_canned_replies_by_keyboard_and_a_macro(page, server, new_ticket):
    from playwright.sync_api import expect

    ticket = new_ticket(subject="Cannot sign in after password change", category="account_access")
    log_in(page, server)
    page.goto(f"{server}/console/tickets/{ticket.id}")
    page.focus("#reply-text")
    page.keyboard.type("/pass")
    page.wait_for_selector("#reply-text-canned li.active:has-text('/password-reset')")
    page.keyboard.press("Enter")
    text = page.input_value("#reply-text")
    assert text.startswith(f"Hello {ticket.customer_name},") and ticket.id in text and "{{" not in text
    assert "Account Locked (http://helpdesk.test/help/troubleshooting/account-locked)" in text
    page.keyboard.press("Tab")  # to "Send reply", by keyboard only
    page.keyboard.press("Enter")
    page.wait_for_selector("#notes :text('To reset your password')")

    page.focus("#note-text")
    page.keyboard.type("Checked /zzz")  # no match: nothing offered, Enter stays a new line
    expect(page.locator("#note-text-canned")).to_be_hidden()

    events = page.locator("#activity li").count()
    page.click("#macros button:has-text('File too large')")
    assert page.inner_text("#status") == "Resolved"
    assert page.locator("#activity li").count() == events + 1
    assert "Macro 'File too large' applied" in page.locator("#activity li").last.inner_text()
    assert page.dialogs == []


def test_an_offered_live_chat_is_accepted_from_the_top_bar_by_keyboard(page, server, service_headers):
    log_in(page, server, "jane.smith@secureai.com")  # Technical team: serves Enterprise
    page.select_option("#presence", "available")  # the switch submits on change
    page.wait_for_selector("#presence option[value=available][selected]", state="attached")
    assert page.inner_text("[data-count=live]") == "0" and page.locator("#chat-offer").is_hidden()

    conversation = "c" * 32
    answer = requests.post(f"{server}/api/live-chats", headers=service_headers, timeout=10, json={
        "conversation_id": conversation,
        # A verified Enterprise customer: live at any hour.
        "customer": {"email": "sofia.rossi@globex.example", "name": "Sofia Rossi", "verified": True},
        "transcript": [{"sender": "customer", "text": "Our API returns 401", "ts": None}],
        "category": "api_integration", "priority": "P2"}).json()
    assert answer["status"] == "waiting"

    # Without reloading: the next poll shows the offer and the waiting count.
    page.wait_for_selector("#chat-offer:not([hidden])")
    assert page.inner_text("#chat-offer [data-offer=customer]") == "Sofia Rossi"
    assert page.inner_text("[data-count=live]") == "1"
    assert 0 < int(page.inner_text("#chat-offer [data-offer=seconds_left]")) <= 30
    page.focus("#chat-offer button:has-text('Accept')")
    page.keyboard.press("Enter")
    page.wait_for_selector("#chat-send")
    assert page.url.endswith(f"/console/live/{conversation}")
    assert page.inner_text("[data-count=live]") == "0" and page.locator("#chat-offer").is_hidden()
