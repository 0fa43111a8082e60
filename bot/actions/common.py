"""What every flow needs: who the customer is, the service, the article offer, the problem so far.

The bot's words are responses in domain.yml; the actions choose which one and fill it.
"""
from __future__ import annotations

import asyncio
import logging
import os
import time
from pathlib import Path
from typing import Any

import yaml
from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import conversation as conv
from actions.service import Service, ServiceRejected, ServiceUnavailable

log = logging.getLogger(__name__)
# How the bot decides between an article, a person and "I can't help with that" (data, chosen on dev).
RULES = yaml.safe_load(Path(__file__).with_name("answering.yml").read_text())
SERVICE = Service()
PUBLIC_URL = os.environ.get("PUBLIC_URL", SERVICE.base_url).rstrip("/")
# Shared with the customer-facing site that signs the widget config (support_service Settings.widget_secret).
WIDGET_SECRET = os.environ.get("HELPDESK_WIDGET_SECRET", "dev-widget-secret")
URGENT = ("security_incident", "outage")
PRIORITY_NAMES = {"P1": "P1 (Critical)", "P2": "P2 (High)", "P3": "P3 (Medium)", "P4": "P4 (Low)"}
# Slots that describe the current problem; cleared once it is handed over or solved.
PROBLEM_SLOTS = ("issue_topic", "file_size_mb", "offered_article", "pending", "goal", "contact", "problem",
                 "contact_needed", "contact_reasked", "contact_skipped", "searched", "triage_priority",
                 "person_offered", "article_answered")


async def call(function, *args):
    """Run a blocking service call off the action server's event loop (10 chats at once)."""
    return await asyncio.to_thread(function, *args)


def article_link(article_id: str) -> str:
    return f"{PUBLIC_URL}/help/{article_id}"


def category_of_article(article_id: str) -> str | None:
    """The triage category of the article's subject (``article_categories``), None when it has none."""
    return next((category for category, prefixes in RULES["article_categories"].items()
                 if article_id and article_id.startswith(tuple(prefixes))), None)


def customer_of(tracker: Tracker) -> dict:
    """The customer from the widget's config, completed with the email or phone given in the chat.

    ``verified`` is true only for an email the customer's site signed; a typed one is not.
    """
    metadata = conv.latest_metadata(tracker.events)
    customer = conv.customer_from_metadata(metadata)
    customer["verified"] = conv.is_verified(metadata, WIDGET_SECRET)
    typed = tracker.get_slot("email")
    if not customer.get("email") and typed and typed != tracker.get_slot("refused_contact"):
        customer["email"] = typed  # (never the address the service refused: Rasa may set it again)
    if tracker.get_slot("phone"):
        customer["phone"] = tracker.get_slot("phone")
    return customer


def has_contact(tracker: Tracker) -> bool:
    customer = customer_of(tracker)
    return bool(customer.get("email") or customer.get("phone"))


def likeliest_intents(parse_data: dict | None, count: int = 2) -> list[str]:
    """The names of the intent model's ``count`` likeliest readings of a message (nlu_fallback first when it fell
    back, then the intent it would have chosen)."""
    parse_data = parse_data or {}
    ranking = parse_data.get("intent_ranking") or [parse_data.get("intent") or {}]
    return [reading.get("name") for reading in ranking[:count]]


def urgent_intent(parse_data: dict) -> str | None:
    """security_incident / outage when the intent model is sure enough of it to hand over at once, else None
    ("export all our data" reads as security_incident at 0.40: an article first, triage may still bring a person)."""
    intent = (parse_data or {}).get("intent") or {}
    if intent.get("name") in URGENT and (intent.get("confidence") or 0) >= RULES["min_urgent_intent_confidence"]:
        return intent["name"]
    return None


def session_events(tracker: Tracker) -> list[dict[str, Any]]:
    return conv.events_since_session_start(list(tracker.events))


def problem_messages(tracker: Tracker) -> list[str]:
    """The customer's messages about the current problem (since the last one was closed); when
    nothing new was said ("actually, connect me to someone now"), the problem told before."""
    events = session_events(tracker)
    return (conv.problem_messages(events, tracker.get_slot("problem_since") or 0.0)
            or conv.problem_messages(events))


def previous_message(tracker: Tracker) -> str:
    """The customer's message about a problem before the latest one ("" when none)."""
    said = conv.problem_messages(session_events(tracker))
    return said[-2] if len(said) >= 2 else ""


def clear_problem() -> list[EventType]:
    """The problem is solved or handed over: the next message starts a new one."""
    return [SlotSet(name, None) for name in PROBLEM_SLOTS] + [SlotSet("problem_since", time.time())]


def priority_text(priority: str | None) -> str:
    return PRIORITY_NAMES.get(priority or "", priority or "to be set by an agent")


def apologise(dispatcher: CollectingDispatcher, email: str = "support@secureai.com") -> None:
    """Only for a real outage (network failure, timeout, 5xx): never for a refused request."""
    dispatcher.utter_message(response="utter_service_down", email=email)


async def record_outcome(tracker: Tracker, outcome: str, ticket_id: str | None = None) -> None:
    """Tell the service how the conversation ended (self_service, ticket or handoff).
    Only the dashboard needs it, so a failure is logged and the customer never notices."""
    offered = tracker.get_slot("offered_article")
    body = {"conversation_id": tracker.sender_id, "outcome": outcome, "ticket_id": ticket_id,
            "articles": [offered] if offered else []}
    try:
        await call(SERVICE.record_bot_session, body)
    except Exception as error:  # noqa: BLE001 - the dashboard's loss, never the customer's
        log.warning("conversation outcome not recorded: %s", error)


def offer_article(dispatcher: CollectingDispatcher, hits: list[dict], runner_up_share: float) -> None:
    """The best article's title, one line and link, and the runners-up's (up to two) on a near tie."""
    shown = [hits[0]] + [hit for hit in hits[1:3] if hit["score"] >= runner_up_share * hits[0]["score"]]
    values = {}
    for number, hit in enumerate(shown, 1):
        suffix = "" if number == 1 else str(number)
        values.update({f"title{suffix}": hit["title"], f"link{suffix}": PUBLIC_URL + hit["url"],
                       f"summary{suffix}": hit.get("summary") or ""})
    dispatcher.utter_message(response=("utter_article", "utter_two_articles", "utter_three_articles")[len(shown) - 1],
                             **values)


def yes_no(dispatcher: CollectingDispatcher) -> None:
    dispatcher.utter_message(response="utter_did_that_solve_it")


async def search(text: str) -> list[dict]:
    """Help-centre hits for the text; none when the service cannot answer (the flow goes on)."""
    try:
        return await call(SERVICE.search_kb, text)
    except Exception as error:  # noqa: BLE001 - no article is not an outage for the customer
        log.warning("kb search failed: %s", error)
        return []


async def triage(text: str) -> dict:
    """The triage model's reading of the words; none when the service cannot answer (the article still comes first)."""
    try:
        return await call(SERVICE.triage, text)
    except Exception as error:  # noqa: BLE001 - without triage the article still comes first
        log.warning("triage failed: %s", error)
        return {}


async def look_up(dispatcher: CollectingDispatcher, function, *args) -> tuple[bool, dict | None]:
    """(reached, answer) of a read from the service: an outage is apologised for (reached False);
    a refusal (4xx) is the bot's mistake, logged, and reads as nothing found."""
    try:
        return True, await call(function, *args)
    except ServiceUnavailable as error:
        log.warning("%s failed: %s", function.__name__, error)
        apologise(dispatcher)
        return False, None
    except ServiceRejected as error:
        log.error("%s refused: %s", function.__name__, error)
        return True, None
