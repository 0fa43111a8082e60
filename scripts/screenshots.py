"""``make screenshots``: drive the running system in Debian's headless chromium (Playwright,
as the browser tests do) and save what a newcomer would look at into docs/images/.

    .venv/bin/python scripts/screenshots.py [--url http://localhost:8000]

It talks to the real bot through the widget, hands the conversation over to an
agent who answers it from the console, follows the widget's "My tickets" into the
customer portal, and photographs a worked ticket of the demo history, the dashboard
and the help centre. Run it against a system started with
`make run` (whose database has the demo history).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import requests
from playwright.sync_api import Page, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "images"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync"]
SIZE = {"width": 1280, "height": 800}
CUSTOMER = ("name=Sofia+Rossi&email=sofia.rossi@globex.example&user_id=USER-45601&company=Globex+Security"
            "&plan=enterprise")


def say(widget: Page, text: str, replies_before: int) -> int:
    """Type into the widget and wait for the bot's answer; returns the number of bot messages."""
    widget.fill("#sai-input", text)
    widget.press("#sai-input", "Enter")
    # a locator, not wait_for_function: the page's Content-Security-Policy forbids evaluating strings
    widget.locator(".sai-msg.sai-bot").nth(replies_before).wait_for(timeout=60_000)
    widget.wait_for_timeout(1500)  # the rest of the bot's turn
    return widget.locator(".sai-msg.sai-bot").count()


def log_in(page: Page, url: str, email: str) -> None:
    page.goto(f"{url}/console/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", "demo-password")
    page.click("button:has-text('Log in')")
    page.wait_for_selector("nav.views")


def widget_and_handover(browser, url: str) -> None:
    widget = browser.new_context(viewport=SIZE).new_page()
    widget.goto(f"{url}/widget/demo?{CUSTOMER}")
    widget.click(".sai-launcher")
    bot = widget.locator(".sai-msg.sai-bot").count()
    bot = say(widget, "Hi, my video upload keeps failing at 99%", bot)
    bot = say(widget, "It is a 2.4 GB MP4 file", bot)
    widget.screenshot(path=OUT / "widget-conversation.png")

    say(widget, "I would like to talk to a person please", bot)
    widget.wait_for_selector(".sai-mode:has-text('Waiting for an agent')", timeout=30_000)
    agent = browser.new_context(viewport=SIZE).new_page()
    log_in(agent, url, "agent@secureai.com")
    agent.click("header a:has-text('Live chats')")
    agent.locator("button:has-text('Take this chat')").first.click()
    agent.wait_for_selector("#chat-send")
    widget.wait_for_selector(".sai-mode:has-text('is here')")
    agent.fill("#chat-text", "Hello Sofia, Alex here. I can see the failed upload; can you tell me the file name?")
    agent.click("#chat-send button")
    widget.wait_for_selector(".sai-log :text('Alex here')")
    widget.fill("#sai-input", "It is bodycam-0412.mp4, uploaded from Chrome")
    widget.press("#sai-input", "Enter")
    agent.wait_for_selector("#chat-log :text('bodycam-0412.mp4')")
    agent.screenshot(path=OUT / "console-live-chat.png", full_page=True)
    widget.screenshot(path=OUT / "widget-live-agent.png")
    agent.click("button:has-text('End chat')")
    agent.context.close()
    portal(widget)
    widget.context.close()


def portal(widget: Page) -> None:
    """The customer's tickets in the portal, signed in by the widget's identity ("My tickets"),
    and the ticket of the hand-over as the customer sees it."""
    with widget.context.expect_page() as opened:
        widget.click(".sai-portal-link")
    page = opened.value
    page.wait_for_selector("#tickets li[data-ticket]")
    page.screenshot(path=OUT / "portal.png")
    page.click("#tickets li[data-ticket] a")
    page.wait_for_selector("#h-ticket")
    page.screenshot(path=OUT / "portal-ticket.png", full_page=True)
    page.close()


def worked_ticket(url: str) -> str:
    """A resolved ticket of the demo history that went through several hands."""
    tickets = requests.get(f"{url}/api/tickets", params={"status": "closed", "limit": 100},
                           headers={"Authorization": "Bearer dev-service-token"}, timeout=30).json()["tickets"]
    for summary in tickets:
        ticket = requests.get(f"{url}/api/tickets/{summary['id']}",
                              headers={"Authorization": "Bearer dev-service-token"},
                              timeout=30).json()
        kinds = {event["kind"] for event in ticket["activity"]}
        if {"escalated", "replied", "satisfaction"} <= kinds:
            return ticket["id"]
    return tickets[0]["id"]


def console_pages(browser, url: str) -> None:
    page = browser.new_context(viewport=SIZE).new_page()
    log_in(page, url, "manager@secureai.com")
    page.goto(f"{url}/console/views/open")
    page.screenshot(path=OUT / "console-queue.png")
    page.goto(f"{url}/console/tickets/{worked_ticket(url)}")
    page.screenshot(path=OUT / "ticket.png", full_page=True)
    page.goto(f"{url}/console/dashboard")
    page.screenshot(path=OUT / "dashboard.png", full_page=True)
    page.context.close()


def help_centre(browser, url: str) -> None:
    page = browser.new_context(viewport=SIZE).new_page()
    page.goto(f"{url}/help")
    page.screenshot(path=OUT / "help-centre.png")
    page.goto(f"{url}/help?q=upload+fails+large+file")
    page.screenshot(path=OUT / "help-centre-search.png")
    page.context.close()


def wait_until_ready(url: str, seconds: float = 180) -> bool:
    """The service ready and, under `helpdesk run`, every process up (Rasa loads last)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            ready = requests.get(f"{url}/readyz", timeout=5)
            processes = ready.json().get("processes", {})
            if ready.status_code == 200 and all(state == "up" for state in processes.values()):
                return True
            problem = f"{ready.status_code} {processes}"
        except requests.RequestException as error:
            problem = str(error)
        if time.monotonic() > deadline:
            print(f"screenshots: {url} is not ready ({problem}); start the system with `make run`", file=sys.stderr)
            return False
        time.sleep(2)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://localhost:8000", help="the running support service")
    args = parser.parse_args(argv)
    if not wait_until_ready(args.url):
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            for step in (widget_and_handover, console_pages, help_centre):
                step(browser, args.url)
                print(f"screenshots: {step.__name__} done")
        except PlaywrightTimeout as error:
            print(f"screenshots: the page did not show what was expected: {error}", file=sys.stderr)
            return 1
        finally:
            browser.close()
    print(f"screenshots: written to {OUT.relative_to(ROOT)}/: "
          + ", ".join(sorted(p.name for p in OUT.glob("*.png"))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
