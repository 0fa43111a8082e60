"""The widget in headless Chromium on the demo page: chat, get an article, then a ticket."""
from __future__ import annotations

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.rasa, pytest.mark.e2e]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


def test_demo_page_chat_article_then_ticket(bot_stack, browser):
    from playwright.sync_api import expect

    page = browser.new_page()
    page.goto(f"{bot_stack.service_url}/widget/demo")
    launcher = page.get_by_role("button", name="Chat with support")
    launcher.click()
    log = page.get_by_role("log", name="Conversation")
    expect(log).to_contain_text("How can I help you today?", timeout=15_000)
    expect(page.get_by_label("Your message")).to_be_focused()

    page.get_by_label("Your message").fill("my api token is rejected with 401 on every call to the analyze endpoint")
    page.keyboard.press("Enter")
    expect(log).to_contain_text("Did that solve your problem?", timeout=15_000)
    article = log.locator("a[href*='/help/']").last
    expect(article).to_be_visible()

    page.get_by_role("button", name="No, I still need help").click()
    expect(log).to_contain_text("I've created ticket TICK-", timeout=15_000)
    ticket_id = re.search(r"TICK-\d{8}-\d{3,}", log.inner_text()).group(0)
    ticket = bot_stack.ticket(ticket_id)
    assert ticket.category == "api_integration" and ticket.channel == "chat"
    assert ticket.customer_email == "john.doe@company.com"
    assert any("No, I still need help" in m["text"] for m in ticket.transcript)

    # The conversation survives a reload, and Escape closes the panel back onto the launcher.
    page.reload()
    expect(page.get_by_role("log", name="Conversation")).to_contain_text(ticket_id)
    page.get_by_label("Your message").focus()
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog")).to_be_hidden()
    expect(launcher).to_be_focused()
    page.close()
