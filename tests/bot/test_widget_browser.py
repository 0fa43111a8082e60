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

    page.get_by_label("Your message").fill("how do i rotate the api token of our integration")
    page.keyboard.press("Enter")
    expect(log).to_contain_text("Did that solve", timeout=15_000)
    article = log.locator("a[href*='/help/']").last
    expect(article).to_be_visible()

    page.get_by_role("button", name="No, I still need help").click()
    expect(log).to_contain_text("pass this to a person", timeout=15_000)
    page.get_by_label("Your message").fill("please create a ticket")
    page.keyboard.press("Enter")
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


def test_live_agent_takes_over_and_hands_back(bot_stack, browser):
    """Enterprise chat is live 24/7: the widget waits, shows the agent, sends to the service, then returns
    to the bot."""
    from playwright.sync_api import expect
    from sqlalchemy import select

    from handoff.channels import live_chat
    from handoff.channels.models import LiveChat, LiveChatMessage
    from handoff.core.db import session_scope
    from handoff.core.models import Agent

    page = browser.new_page()
    page.goto(f"{bot_stack.service_url}/widget/demo?name=Sofia+Rossi&email=sofia.rossi@globex.example"
              "&user_id=USER-45601&company=Globex+Security&plan=enterprise")
    page.get_by_role("button", name="Chat with support").click()
    log = page.get_by_role("log", name="Conversation")
    expect(log).to_contain_text("How can I help you today?", timeout=15_000)
    page.get_by_role("button", name="Talk to a person").click()
    expect(log).to_contain_text("what is the problem", timeout=15_000)
    page.get_by_label("Your message").fill("our scheduled reports stopped arriving since monday")
    page.keyboard.press("Enter")
    expect(log).to_contain_text("connecting you with a support agent", timeout=15_000)
    expect(page.get_by_text("Waiting for an agent")).to_be_visible()

    conversation_id = page.evaluate("window.SecureAIChat.state().live.conversation_id")
    with session_scope(bot_stack.database_url) as session:
        chat = session.get(LiveChat, conversation_id)
        assert chat.state == "waiting" and chat.customer_email == "sofia.rossi@globex.example"
        assert "our scheduled reports stopped arriving" in chat.subject
        agent = session.scalars(select(Agent).where(Agent.email == "agent@secureai.com")).one()
        agent_id, agent_name = agent.id, agent.name
        live_chat.take(session, conversation_id, agent)
        live_chat.agent_says(session, conversation_id, agent, "Hi Sofia, I'm looking at your reports now.")
    expect(log).to_contain_text("I'm looking at your reports now.", timeout=10_000)
    expect(page.get_by_text(f"Agent {agent_name} is here")).to_be_visible()

    page.get_by_label("Your message").fill("thanks, it is the weekly compliance report")
    page.keyboard.press("Enter")
    with session_scope(bot_stack.database_url) as session:
        for _ in range(100):  # the widget posts to the service, not to the bot
            said = session.scalars(select(LiveChatMessage.text).where(
                LiveChatMessage.conversation_id == conversation_id, LiveChatMessage.sender == "customer")).all()
            if said:
                break
            session.rollback()  # end the transaction before waiting: it holds SQLite's write lock,
            page.wait_for_timeout(100)  # which the service needs to store the message
        assert said == ["thanks, it is the weekly compliance report"]
        live_chat.finish(session, conversation_id, session.get(Agent, agent_id), to_bot=True)
    expect(log).to_contain_text("The assistant is here again", timeout=10_000)

    page.get_by_label("Your message").fill("what are your chat hours?")
    page.keyboard.press("Enter")
    expect(log).to_contain_text("24/7/365", timeout=15_000)
    page.close()
