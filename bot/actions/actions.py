"""The assistant's custom actions. Each one turns the conversation into a call of the
support service (``service.py``) and the answer into words; the rules deciding
what to say live in ``conversation.py`` and ``upload_help.yml``."""
from __future__ import annotations

import asyncio
import logging
import os
import uuid
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import conversation as conv
from actions.service import Service, ServiceUnavailable

log = logging.getLogger(__name__)
SERVICE = Service()
PUBLIC_URL = os.environ.get("HELPDESK_PUBLIC_URL", SERVICE.base_url).rstrip("/")
# Shared with the customer-facing site that signs the widget config (support_service Settings.widget_secret).
WIDGET_SECRET = os.environ.get("HELPDESK_WIDGET_SECRET", "dev-widget-secret")
PRIVACY = (
    "For your privacy I can only share ticket and account details in a chat opened from your signed-in "
    "SecureAI account. Please sign in and open the chat there, or use the tracking link in your ticket email."
)
PRIORITY_NAMES = {"P1": "P1 (Critical)", "P2": "P2 (High)", "P3": "P3 (Medium)", "P4": "P4 (Low)"}
HOTLINE = "+1-800-SECURE-AI (732-8734), option 9"
SORRY = (
    "I'm sorry, I can't reach our support system right now. Please email {email} "
    "with a short description and we'll get back to you, or try again in a few minutes."
)
# Slots that describe the current problem; cleared once it is handed over or solved.
PROBLEM_SLOTS = ("description", "issue_topic", "file_size_mb", "offered_article", "pending")


async def call(function, *args):
    """Run a blocking service call off the action server's event loop (10 chats at once)."""
    return await asyncio.to_thread(function, *args)


def article_link(article_id: str) -> str:
    return f"{PUBLIC_URL}/help/{article_id}"


def customer_of(tracker: Tracker) -> dict:
    """The customer from the widget's config, completed with the email given in the chat.

    ``verified`` is true only for an email the customer's site signed; a typed one is not.
    """
    metadata = conv.latest_metadata(tracker.events)
    customer = conv.customer_from_metadata(metadata)
    customer["verified"] = conv.is_verified(metadata, WIDGET_SECRET)
    if not customer.get("email") and tracker.get_slot("email"):
        customer["email"] = tracker.get_slot("email")
    return customer


def session_events(tracker: Tracker) -> List[Dict[Text, Any]]:
    return conv.events_since_session_start(list(tracker.events))


def clear_problem() -> List[EventType]:
    return [SlotSet(name, None) for name in PROBLEM_SLOTS] + [SlotSet("handoff_requested", False)]


def form_trigger(tracker: Tracker) -> str:
    """Intent of the message that started the current problem form."""
    events = list(tracker.events)
    for index in range(len(events) - 1, -1, -1):
        if events[index].get("event") == "active_loop" and events[index].get("name") == "problem_form":
            for earlier in reversed(events[:index]):
                if earlier.get("event") == "user":
                    return (earlier.get("parse_data") or {}).get("intent", {}).get("name") or ""
            break
    return ""


def priority_text(priority: Optional[str]) -> str:
    return PRIORITY_NAMES.get(priority or "", priority or "to be set by an agent")


def ticket_reply(ticket: dict, file_size: Optional[float]) -> str:
    sla = ticket.get("sla") or {}
    response = sla.get("response_time_text") or "our SLA for your plan"
    lines = [
        f"I've created ticket {ticket['id']} for you. A support agent will respond within {response}.",
        "",
        "Ticket details:",
        f"- Issue: {ticket.get('subject', '')}",
    ]
    if file_size:
        lines.append(f"- Your file size: {conv.format_size(file_size)}")
    lines.append(f"- Priority: {priority_text(ticket.get('priority'))}")
    lines.append("")
    if ticket.get("tracking_url"):
        lines.append(f"You can track your ticket at: {ticket['tracking_url']}")
    lines.append(f"Or ask me any time: \"status of {ticket['id']}\".")
    return "\n".join(lines)


def ticket_request(tracker: Tracker, customer: dict, **extra: Any) -> dict:
    """The ticket pre-filled from the conversation, so the agent needs no second question."""
    description = tracker.get_slot("description") or ""
    topic = tracker.get_slot("issue_topic")
    messages = conv.customer_messages(session_events(tracker))
    body = description or "\n".join(messages) or topic or "Chat request"
    details = {"source": "chatbot"}
    if tracker.get_slot("file_size_mb"):
        details["file_size_mb"] = tracker.get_slot("file_size_mb")
    fmt = conv.video_format(" ".join(messages))
    if fmt:
        details["video_format"] = fmt
    if tracker.get_slot("offered_article"):
        details["kb_article_offered"] = tracker.get_slot("offered_article")
    request = {
        "subject": conv.ticket_subject(topic, description or (messages[0] if messages else "")),
        "description": body,
        "channel": "chat",
        # "verified": whether the widget's signature proved the email; the service trusts the
        # directory for tier and company, and an unverified visitor stays anonymous.
        "customer": {**{k: customer[k] for k in ("email", "name", "company", "user_id", "tier") if customer.get(k)},
                     "verified": customer["verified"]},
        "details": details,
        "conversation": {"transcript": conv.transcript(session_events(tracker))},
    }
    request.update({k: v for k, v in extra.items() if v})
    return request


async def record_outcome(tracker: Tracker, outcome: str, ticket_id: Optional[str] = None) -> None:
    """Tell the service how the conversation ended (self_service, ticket or handoff).
    Only the dashboard needs it, so a failure is logged and the customer never notices."""
    offered = tracker.get_slot("offered_article")
    body = {"conversation_id": tracker.sender_id, "outcome": outcome, "ticket_id": ticket_id,
            "articles": [offered] if offered else []}
    try:
        await call(SERVICE.record_bot_session, body)
    except ServiceUnavailable as error:
        log.warning("conversation outcome not recorded: %s", error)


async def create_ticket(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
    customer = customer_of(tracker)
    request = ticket_request(tracker, customer)
    # One key per customer turn: a retried webhook never opens a second ticket.
    turn = sum(1 for e in tracker.events if e.get("event") == "user")
    try:
        ticket = await call(SERVICE.create_ticket, request, f"chat-{tracker.sender_id}-{turn}")
    except ServiceUnavailable as error:
        log.warning("ticket not created: %s", error)
        dispatcher.utter_message(text=SORRY.format(email="support@secureai.com"))
        return []
    await record_outcome(tracker, "ticket", ticket["id"])
    dispatcher.utter_message(text=ticket_reply(ticket, tracker.get_slot("file_size_mb")))
    dispatcher.utter_message(text="Is there anything else I can help with?")
    return clear_problem() + [SlotSet("ticket_id", ticket["id"])]


HANDOFF_REASONS = {
    # intent -> (ticket fields the bot knows better than triage, where to write when all is down)
    "security_incident": ({"category": "security"}, "security@secureai.com"),
    "outage": ({"priority": "P1"}, "support@secureai.com"),
    "billing_account_change": ({"category": "billing"}, "billing@secureai.com"),
}


async def hand_off(dispatcher: CollectingDispatcher, tracker: Tracker, reason: str) -> List[EventType]:
    """To the live queue during the tier's live hours, else a ticket (the service decides)."""
    fields, fallback_email = HANDOFF_REASONS.get(reason, ({}, "support@secureai.com"))
    urgent = reason in ("security_incident", "outage")
    customer = customer_of(tracker)
    ticket = ticket_request(tracker, customer, **fields)
    conversation_id = uuid.uuid4().hex  # the widget's capability to this live chat: unguessable
    request = {
        "conversation_id": conversation_id,
        "customer": ticket["customer"],
        "transcript": ticket["conversation"]["transcript"],
        "subject": ticket["subject"],
        "description": ticket["description"],
        "details": ticket["details"],
        **fields,
    }
    if urgent:
        dispatcher.utter_message(
            text=f"This is urgent, so I'm bringing in our team right away. If data is at risk right now, "
            f"call our emergency hotline {HOTLINE}."
        )
    try:
        answer = await call(SERVICE.start_live_chat, request)
    except ServiceUnavailable as error:
        log.warning("handoff failed: %s", error)
        dispatcher.utter_message(text=SORRY.format(email=fallback_email))
        return []
    if answer.get("status") == "waiting":
        wait = answer.get("estimated_wait_minutes")
        position = answer.get("position")
        text = "I'm connecting you with a support agent now and passing on our conversation, so you won't need to repeat yourself."
        if answer.get("ticket_id"):
            text += f" Your reference is {answer['ticket_id']}."
        if position:
            text += f" You're number {position} in the queue"
            text += f", estimated wait about {wait} minutes." if wait is not None else "."
        await record_outcome(tracker, "handoff", answer.get("ticket_id"))
        dispatcher.utter_message(text=text, json_message={"live_chat": {"conversation_id": conversation_id, "state": "waiting"}})
        return clear_problem() + [SlotSet("live_chat_id", conversation_id)]
    created = answer.get("ticket") or {}
    if not created.get("id"):
        dispatcher.utter_message(text=SORRY.format(email=fallback_email))
        return []
    await record_outcome(tracker, "ticket", created["id"])
    dispatcher.utter_message(text="Our live agents for your plan are offline right now, so I've passed this to the team as a ticket.")
    dispatcher.utter_message(text=ticket_reply(created, tracker.get_slot("file_size_mb")))
    return clear_problem() + [SlotSet("ticket_id", created["id"])]


class ActionSessionStart(Action):
    """Start a session with who the customer is, from the widget's config."""

    def name(self) -> Text:
        return "action_session_start"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        events: List[EventType] = [SessionStarted()]
        carried = [SlotSet(k, v) for k, v in tracker.current_slot_values().items() if v is not None and k != "session_started_metadata"]
        events += carried
        metadata = tracker.get_slot("session_started_metadata") or conv.latest_metadata(tracker.events)
        customer = conv.customer_from_metadata(metadata)
        for slot, key in (("tier", "tier"), ("email", "email"), ("customer_name", "name")):
            if customer.get(key):
                events.append(SlotSet(slot, customer[key]))
        events.append(ActionExecuted("action_listen"))
        return events


class ValidateProblemForm(FormValidationAction):
    """What the ticket needs: the description (unless the troubleshooting knows it) and,
    when the widget did not tell us, the account's email."""

    def name(self) -> Text:
        return "validate_problem_form"

    async def required_slots(self, domain_slots: List[Text], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Text]:
        slots = list(domain_slots)
        if tracker.get_slot("issue_topic"):  # the troubleshooting already knows what is wrong
            slots.remove("description")
        if customer_of(tracker).get("email"):
            slots.remove("email")
        return slots

    def validate_description(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        text = value if isinstance(value, str) else ""
        if tracker.get_slot("requested_slot") == "description":
            # The answer to our question: take what the customer says, however short.
            return {"description": text.strip() or None}
        # Filled from the opening message: keep it only if it says what is wrong.
        return {"description": text.strip() if conv.is_descriptive(text) else None}

    def validate_email(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        email = conv.email_in(value) if isinstance(value, str) else None
        if email:
            return {"email": email}
        dispatcher.utter_message(text="That doesn't look like an email address. Could you type it like name@company.com?")
        return {"email": None}


class ActionRouteProblem(Action):
    """After the problem form: a person, a ticket, or first a knowledge-base article."""

    def name(self) -> Text:
        return "action_route_problem"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        intents = conv.user_intents(session_events(tracker))
        trigger = form_trigger(tracker)
        if tracker.get_slot("handoff_requested"):
            return await hand_off(dispatcher, tracker, trigger)
        # Frustration or a second failed answer: a person, not another article.
        if "frustrated" in intents or intents.count("deny") >= 2:
            return await hand_off(dispatcher, tracker, "frustrated")
        if trigger != "report_problem" or tracker.get_slot("issue_topic"):
            return await create_ticket(dispatcher, tracker)
        description = tracker.get_slot("description") or ""
        try:
            hits = await call(SERVICE.search_kb, description)
        except ServiceUnavailable as error:
            log.warning("kb search failed: %s", error)
            hits = []
        if not hits:
            return await create_ticket(dispatcher, tracker)
        best = hits[0]
        dispatcher.utter_message(text=f"This article should help: [{best['title']}]({PUBLIC_URL}{best['url']})")
        dispatcher.utter_message(
            text="Did that solve your problem?",
            buttons=[{"title": "Yes, solved", "payload": "/affirm"}, {"title": "No, I still need help", "payload": "/deny"}],
        )
        return [
            SlotSet("pending", "article_solved"),
            SlotSet("offered_article", best["id"]),
            SlotSet("issue_topic", conv.ticket_subject(None, description)),
        ]


def offer_answer(dispatcher: CollectingDispatcher, key: str, **values: Any) -> Dict[Text, Any]:
    answer = conv.UPLOAD_HELP["answers"][key]
    help_ = conv.UPLOAD_HELP
    text = answer["text"].format(limit=help_["size_limit_mb"], formats=", ".join(help_["supported_formats"]), **values)
    if answer.get("article"):
        text += f"\n{article_link(answer['article'])}"
    dispatcher.utter_message(text=text)
    return answer


class ActionCheckFileSize(Action):
    """The seed's "file too large" turn: compare the stated size with the limit."""

    def name(self) -> Text:
        return "action_check_file_size"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        help_ = conv.UPLOAD_HELP
        size = conv.file_size_mb(tracker.latest_message.get("text", "")) or tracker.get_slot("file_size_mb")
        if not size:
            offer_answer(dispatcher, "ask_size")
            return [SlotSet("issue_topic", help_["answers"]["too_large"]["topic"]), SlotSet("pending", None)]
        events: List[EventType] = [SlotSet("file_size_mb", size)]
        shown = conv.format_size(size)
        if size <= help_["size_limit_mb"]:
            answer = offer_answer(dispatcher, "within_limit", size=shown)
        elif customer_of(tracker).get("tier") in help_["unlimited_tiers"]:
            answer = offer_answer(dispatcher, "unlimited_tier", size=shown)
        else:
            answer = offer_answer(dispatcher, "too_large", size=shown)
            dispatcher.utter_message(response="utter_pick_upload_option")
            return events + [SlotSet("issue_topic", answer["topic"]), SlotSet("pending", "upload_options"), SlotSet("offered_article", answer["article"])]
        dispatcher.utter_message(text="Did that solve it?", buttons=YES_NO)
        return events + [SlotSet("issue_topic", answer["topic"]), SlotSet("pending", "article_solved"), SlotSet("offered_article", answer["article"])]


YES_NO = [{"title": "Yes, solved", "payload": "/affirm"}, {"title": "No, I still need help", "payload": "/deny"}]
TICKET_OR_SELF_SERVICE = [
    {"title": "A) Create a support ticket", "payload": "/affirm"},
    {"title": "B) Continue with self-service", "payload": "/deny"},
]


class ActionUploadAdvice(Action):
    """Compress, split, unsupported format, stalled upload: each backed by an article."""

    def name(self) -> Text:
        return "action_upload_advice"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        intent = tracker.latest_message.get("intent", {}).get("name")
        text = tracker.latest_message.get("text", "")
        if intent in ("ask_compress", "ask_split"):
            answer = offer_answer(dispatcher, "compress" if intent == "ask_compress" else "split")
            dispatcher.utter_message(text="Would you like me to:", buttons=TICKET_OR_SELF_SERVICE)
            pending = "ticket_offer"
        else:
            fmt = conv.video_format(text)
            if intent == "unsupported_format" and fmt and conv.is_supported_format(fmt):
                answer = offer_answer(dispatcher, "supported_format", format=fmt)
            else:
                answer = offer_answer(dispatcher, "unsupported_format" if intent == "unsupported_format" else "stalls")
            dispatcher.utter_message(text="Did that solve it?", buttons=YES_NO)
            pending = "article_solved"
        return [SlotSet("issue_topic", answer["topic"]), SlotSet("pending", pending), SlotSet("offered_article", answer["article"])]


class ActionCloseQuestion(Action):
    """'Yes, the article solved it' or 'no ticket, I'll do it myself'."""

    def name(self) -> Text:
        return "action_close_question"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        await record_outcome(tracker, "self_service")
        if tracker.get_slot("pending") == "ticket_offer":
            dispatcher.utter_message(
                text="No problem, take your time with the guide. If you get stuck, just say \"create a ticket\" and I'll open one with everything we discussed."
            )
            return [SlotSet("pending", None)]
        dispatcher.utter_message(text="Great, I'm glad that solved it! Is there anything else I can help with?")
        return clear_problem()


class ActionTicketStatus(Action):
    def name(self) -> Text:
        return "action_ticket_status"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        ticket_id = conv.ticket_id_in(tracker.latest_message.get("text", "")) or tracker.get_slot("ticket_id")
        if not ticket_id:
            dispatcher.utter_message(text="Sure. What's the ticket number? It looks like TICK-20250127-001.")
            return []
        ticket_id = ticket_id.upper()
        customer = customer_of(tracker)
        if not customer["verified"]:
            dispatcher.utter_message(text=PRIVACY)
            return []
        try:
            ticket = await call(SERVICE.get_ticket, ticket_id)
        except ServiceUnavailable as error:
            log.warning("ticket lookup failed: %s", error)
            dispatcher.utter_message(text=SORRY.format(email="support@secureai.com"))
            return []
        owner = ((ticket or {}).get("customer") or {}).get("email") or ""
        # Only the ticket's own customer learns about it; anyone else gets "not found".
        if ticket is None or owner.lower() != customer["email"].lower():
            dispatcher.utter_message(text=f"I couldn't find ticket {ticket_id} for your account. Could you check the number?")
            return [SlotSet("ticket_id", None)]
        text = f"Ticket {ticket['id']}: {ticket.get('subject', '')}\n- Status: {str(ticket.get('status', 'open')).replace('_', ' ')}\n- Priority: {priority_text(ticket.get('priority'))}"
        due = (ticket.get("sla") or {}).get("response_due_at")
        if due and ticket.get("status") in ("new", "open", "assigned", "created"):
            text += f"\n- First response due: {due}"
        dispatcher.utter_message(text=text)
        return [SlotSet("ticket_id", ticket["id"])]


class ActionAccountStatus(Action):
    def name(self) -> Text:
        return "action_account_status"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        known = customer_of(tracker)
        if not known["verified"]:
            dispatcher.utter_message(text=PRIVACY)
            return []
        email = known["email"]
        try:
            found = await call(SERVICE.get_customer, email)
        except ServiceUnavailable as error:
            log.warning("customer lookup failed: %s", error)
            dispatcher.utter_message(text=SORRY.format(email="support@secureai.com"))
            return []
        if found is None:
            dispatcher.utter_message(text=f"I couldn't find a SecureAI account for {email}. Please email support@secureai.com.")
            return []
        account = found.get("customer") or {}
        open_tickets = [t for t in found.get("recent_tickets") or [] if t.get("status") not in ("resolved", "closed")]
        tier = account.get("tier") or known.get("tier") or "unknown"
        lines = [f"Your account ({account.get('company') or known.get('company') or email}) is on the {tier.capitalize()} plan."]
        if account.get("status"):
            lines.append(f"- Status: {account['status']}")
        used = account.get("analyses_this_month", known.get("analyses_this_month"))
        if used is not None:
            lines.append(f"- Analyses this month: {used}")
        last = account.get("last_analysis_date", known.get("last_analysis_date"))
        if last:
            lines.append(f"- Last analysis: {last}")
        if open_tickets:
            lines.append("- Open tickets: " + ", ".join(f"{t['id']} ({t.get('status_label') or t.get('status')})" for t in open_tickets))
        if used is None:
            lines.append(f"Your detailed usage and quota are in the dashboard: {article_link('billing-and-account/usage-and-quotas')}")
        dispatcher.utter_message(text="\n".join(lines))
        return [SlotSet("tier", tier if tier in conv.TIERS else None)]


REPHRASE = (
    "Sorry, I didn't quite get that. Could you say it in other words? For example: "
    "\"my upload fails\", \"status of TICK-20250127-001\" or \"talk to an agent\"."
)


class ActionAskDescription(Action):
    """The problem form's question; worded for a handoff when the customer asked for a person."""

    def name(self) -> Text:
        return "action_ask_description"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        if tracker.get_slot("handoff_requested"):
            dispatcher.utter_message(text="I'll get you to a person. So they can help right away: what is the problem, in a sentence or two?")
        else:
            dispatcher.utter_message(
                text="I'm sorry to hear that. Can you describe what is happening, in a sentence or two (what you did, what you saw, any error message)?"
            )
        return []


class ActionAskEmail(Action):
    def name(self) -> Text:
        return "action_ask_email"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        dispatcher.utter_message(text="What email address is your SecureAI account under?")
        return []


class ActionFallback(Action):
    """Not understood (FallbackClassifier): ask to rephrase once, then bring in a person."""

    def name(self) -> Text:
        return "action_fallback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        misses = conv.user_intents(session_events(tracker)).count("nlu_fallback")
        if misses >= 2:
            dispatcher.utter_message(text="I'm sorry, I'm having trouble understanding. Let me get a person to help you.")
            return [SlotSet("handoff_requested", True)]
        dispatcher.utter_message(text=REPHRASE)
        return [SlotSet("handoff_requested", False)]


class ActionHandoff(Action):
    """Security incidents and outages: to a person at once, no questions first."""

    def name(self) -> Text:
        return "action_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        reason = tracker.latest_message.get("intent", {}).get("name") or "human_handoff"
        return await hand_off(dispatcher, tracker, reason)
