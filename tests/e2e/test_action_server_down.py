"""The action server dies in the middle of a conversation: the customer is told so in
the widget, and once the action server is back the conversation goes on where it was."""
from __future__ import annotations

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.rasa, pytest.mark.browser]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


@pytest.fixture
def page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS, headless=True)
        yield browser.new_page()
        browser.close()


def test_the_widget_apologises_while_the_action_server_is_down_and_recovers(system, page):
    from playwright.sync_api import expect

    page.goto(f"{system.service_url}/widget/demo")
    page.get_by_role("button", name="Chat with support").click()
    log = page.get_by_role("log", name="Conversation")
    message = page.get_by_label("Your message")

    def say(text: str, expected: str) -> None:
        message.fill(text)
        page.keyboard.press("Enter")
        expect(log).to_contain_text(expected, timeout=30_000)

    expect(log).to_contain_text("How can I help you today?", timeout=30_000)
    say("I can't upload my video", "what error message")
    say("It says file too large", "How large is your video file?")

    system.stop_action_server()
    try:
        say("650MB", "Sorry, I couldn't finish that just now")  # checking the size needs the action server
        assert "larger than our 500 MB limit" not in log.inner_text()
    finally:
        system.start_action_server()

    say("650MB", "larger than our 500 MB limit")  # the same conversation, where it was
    expect(log).to_contain_text("Which option would you prefer?")
