"""Whole journeys across the parts, against the running processes (see conftest.py).

What tests/bot already proves about single conversations is not repeated here;
these follow a customer's request across bot, help centre, tickets, console,
phone line and mail until the customer hears back.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

import pytest

from handoff.channels.models import LiveChat
from handoff.core.models import Notification, Ticket
from handoff.rules import hours

from .conftest import CUSTOMERS, texts, ticket_id_in

pytestmark = [pytest.mark.e2e, pytest.mark.rasa]
IVR = str(Path(sys.executable).parent / "ivr")
CALLERS = {"starter": "+12025550101", "professional": "+13125550111"}


def test_chat_article_solves_it_the_help_centre_serves_it_and_no_ticket_is_made(system, sender):
    customer = CUSTOMERS["professional"]
    before = len(system.rows(Ticket, customer_email=customer["email"]))
    replies = system.say(sender, "the upload is stuck at 99% and never finishes", customer)
    link = re.search(r"/help/[\w/-]+", texts(replies)).group(0)
    article = system.api("GET", link)  # the link the bot gave opens the help centre's article
    assert article.status_code == 200 and "upload" in article.text.lower()
    assert "glad" in texts(system.say(sender, "yes that fixed it", customer))
    assert len(system.rows(Ticket, customer_email=customer["email"])) == before


def test_chat_ticket_reaches_its_queue_and_the_agent_s_reply_reaches_the_customer(system, sender):
    customer = CUSTOMERS["professional"]
    system.say(sender, "my api token is rejected with 401 on every call to the analyze endpoint", customer)
    ticket_id = ticket_id_in(texts(system.say(sender, "please create a ticket", customer)))

    agent = system.agent("jane.smith@secureai.com")  # Technical team
    queue = system.api("GET", "/api/tickets?queue=Technical&status=open&limit=200", agent).json()
    assert ticket_id in [t["id"] for t in queue["tickets"]]
    for step in ("in_progress", "pending"):
        moved = system.api("POST", f"/api/tickets/{ticket_id}/transitions", agent, json={"to": step})
        assert moved.status_code == 200, moved.text
    reply = "Please create a new token under Settings > API; the old one was revoked on Monday."
    assert system.api("POST", f"/api/tickets/{ticket_id}/notes", agent,
                      json={"text": reply, "public": True}).status_code == 201

    # The customer hears back by email (the outbox) and, asking the bot, sees the new status.
    mails = system.rows(Notification, ticket_id=ticket_id, kind="customer_update")
    assert any(reply in m.body and customer["email"] in m.to_addr for m in mails)
    status = texts(system.say(sender, f"what is the status of {ticket_id}?", customer))
    assert ticket_id in status and "Status: pending" in status


def test_live_handoff_the_agent_and_the_customer_talk_then_the_bot_is_back(system, sender):
    customer = CUSTOMERS["enterprise"]  # Enterprise chat is live around the clock
    system.say(sender, "i want to talk to a human", customer)
    replies = system.say(sender, "every analysis fails for our whole team since the update", customer)
    live = next(r["custom"]["live_chat"] for r in replies if "live_chat" in (r.get("custom") or {}))
    conversation = live["conversation_id"]
    widget = f"/api/live-chats/{conversation}/messages"
    assert system.api("GET", widget, headers={}).json()["state"] == "waiting"

    agent = system.agent("sam.senior@secureai.com")
    console = f"{system.service_url}/console/live/{conversation}"
    assert agent.post(f"{console}/take", data={"csrf_token": agent.csrf}, timeout=10).status_code in (200, 302)
    sent = agent.post(f"{console}/send", data={"csrf_token": agent.csrf,
                                               "text": "Hi Sofia, Sam here. Which workspace?"},
                      headers={"Accept": "application/json"}, timeout=10)
    assert sent.status_code == 201, sent.text

    seen = system.api("GET", widget, headers={}).json()
    assert seen["state"] == "active" and seen["agent"] == "Sam Senior"
    assert "Which workspace?" in [m["text"] for m in seen["messages"] if m["sender"] == "agent"][-1]
    assert system.api("POST", widget, headers={}, json={"text": "The Globex production workspace"}).status_code == 201
    agent_view = agent.get(f"{console}/messages?after=0", timeout=10).json()
    assert "The Globex production workspace" in [m["text"] for m in agent_view["messages"]]

    assert agent.post(f"{console}/return", data={"csrf_token": agent.csrf}, timeout=10).status_code in (200, 302)
    assert system.api("GET", widget, headers={}).json()["state"] == "ended"
    chat = system.rows(LiveChat, conversation_id=conversation)[0]
    ticket = system.rows(Ticket, id=chat.ticket_id)[0]
    assert "The Globex production workspace" in " ".join(m["text"] for m in ticket.transcript)
    assert ticket.assignee_id is not None
    assert system.say(sender, "hello", customer), "the bot answers again once the agent hands back"


def simulate(system, *inputs: str, caller: str = "professional") -> str:
    done = subprocess.run([IVR, "simulate", "--url", system.service_url, "--from", CALLERS[caller], *inputs],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_a_call_through_the_simulator_becomes_a_ticket_in_its_queue(system):
    heard = simulate(system, "2", "say:our webhook deliveries fail with error 500 since this morning")
    spelled = re.search(r"Your ticket number is ([^.]+)\.", heard).group(1)
    ticket_id = "TICK-" + spelled.replace(", dash, ", "-").replace(" ", "")  # "2 0 2 6 1 2 0 2, dash, 0 3 1"
    ticket = system.rows(Ticket, id=ticket_id)[0]
    assert (ticket.channel, ticket.queue, ticket.customer_email) == ("phone", "Technical", "john.doe@company.com")
    assert "webhook deliveries fail" in ticket.speech_transcript
    listed = system.api("GET", "/api/tickets?queue=Technical&limit=200").json()["tickets"]
    assert ticket_id in [t["id"] for t in listed]
    if hours.is_live("professional", "phone", datetime.now(UTC)):
        assert "[queue] waiting in queue Technical" in heard
    else:
        assert "[queue]" not in heard


def test_press_9_is_a_p1_outage_that_notifies_management_and_dials_on_call(system):
    before = {t.id for t in system.rows(Ticket, priority="P1", channel="phone")}
    heard = simulate(system, "9", caller="starter")
    assert "[dial] dialing" in heard
    (ticket,) = [t for t in system.rows(Ticket, priority="P1", channel="phone") if t.id not in before]
    assert ticket.details["emergency"] is True and ticket.customer_email == "maya.chen@brightline.example"
    assert [n.kind for n in system.rows(Notification, ticket_id=ticket.id) if n.kind == "management"]


def mail(subject: str, body: str, message_id: str) -> bytes:
    message = EmailMessage()
    message["From"], message["To"] = "John Doe <john.doe@company.com>", "support@secureai.com"
    message["Subject"], message["Message-ID"] = subject, message_id
    message.set_content(body)
    return message.as_bytes()


def test_an_email_becomes_a_ticket_and_the_reply_to_our_answer_threads_into_it(system):
    stamp = datetime.now(UTC).strftime("%H%M%S%f")
    first = system.api("POST", "/api/inbound-email", data=mail(
        "Invoice charged twice", "We were billed twice for the Professional plan this month.",
        f"<a{stamp}@company.com>"),
        headers={"Content-Type": "message/rfc822"})
    assert first.status_code == 202, first.text
    ticket_id = first.json()["ticket_id"]
    assert system.rows(Ticket, id=ticket_id)[0].queue == "Billing"

    agent = system.agent("agent@secureai.com")
    answer = system.api("POST", f"/api/tickets/{ticket_id}/notes", agent,
                        json={"text": "Sorry about that: which invoice numbers?", "public": True})
    assert answer.status_code == 201, answer.text
    sent = [n for n in system.rows(Notification, ticket_id=ticket_id, kind="customer_update")
            if "which invoice numbers" in n.body][0]
    assert f"[Ticket #{ticket_id}]" in sent.subject  # what the customer's mail client will reply to

    reply = system.api("POST", "/api/inbound-email", data=mail(
        f"Re: {sent.subject}", "INV-1001 and INV-1002.\n\n> Sorry about that: which invoice numbers?",
        f"<b{stamp}@company.com>"), headers={"Content-Type": "message/rfc822"})
    assert reply.status_code == 202 and reply.json()["ticket_id"] == ticket_id
    assert reply.json()["outcome"] == "threaded"
    ticket = system.rows(Ticket, id=ticket_id)[0]
    assert ticket.transcript[-1]["text"].startswith("INV-1001 and INV-1002.")


def test_the_service_logs_json_lines_that_a_request_id_finds(system):
    request_id = f"e2e-{datetime.now(UTC):%H%M%S%f}"
    assert system.api("GET", "/api/tickets?limit=1", headers={"X-Request-ID": request_id}).status_code == 200
    log = next(p for p in system.stack.logs if p.name.startswith("support-service")).read_text()
    lines = [json.loads(line) for line in log.splitlines() if request_id in line]
    assert [line["message"].split()[:3] for line in lines] == [["GET", "/api/tickets", "200"]]
