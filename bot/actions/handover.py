"""Tickets and hand-overs: the details form (the problem when none was said, a way to answer
only when a ticket needs one), then a person in the live queue or a ticket carrying the
whole conversation.

A live hand-over needs no email: the agent answers in the widget. Outside live hours the
service asks for a way to answer (``contact_required``) and the form asks the customer,
saying why. A refused request (4xx) is the bot's to repair, never an outage.
"""
from __future__ import annotations

import logging
import uuid
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import common
from actions import conversation as conv
from actions.common import URGENT, call
from actions.service import ServiceRejected, ServiceUnavailable

log = logging.getLogger(__name__)

# intent -> (ticket fields the bot knows better than triage, where to write when all is down)
HANDOFF_REASONS = {
    "security_incident": ({"category": "security"}, "security@secureai.com"),
    "outage": ({"priority": "P1"}, "support@secureai.com"),
    "billing_account_change": ({"category": "billing"}, "billing@secureai.com"),
}
SKIP_WORDS = {"skip", "no", "nope", "no thanks", "rather not", "i'd rather not", "no email", "none", "n/a"}


def messages_about_problem(tracker: Tracker) -> list[dict]:
    """The customer's message events since the current problem started."""
    since = tracker.get_slot("problem_since") or 0.0
    return [e for e in common.session_events(tracker) if e.get("event") == "user" and (e.get("timestamp") or 0) > since]


def reason_of(tracker: Tracker) -> str:
    """Why the customer goes to a person: the strongest intent said about this problem. An incident or outage
    counts only from words that state a threat or a failure, as when the bot answers (an answer to the email
    question, "the one on our account", read security_incident and took a ticket to the 24/7 queue)."""
    read = [(intent_name(e.get("parse_data")), e) for e in messages_about_problem(tracker)]
    said = [intent for intent, event in read
            if (intent not in URGENT or conv.states_threat(event.get("text") or ""))
            and (intent != "billing_account_change" or billing_said(event.get("parse_data"), event.get("text") or ""))]
    for reason in (*URGENT, "billing_account_change", "frustrated", "human_handoff"):
        if reason in said:
            return reason
    return "human_handoff"


def known_fields(tracker: Tracker, reason: str) -> dict[str, str]:
    """Ticket fields the bot knows better than triage: the reason's, `billing` for a billing change
    asked for on the way to a person or a ticket, `account_access` for roles and permissions inside the
    customer's organisation (``conversation.about_roles``), `general` for an outage of the web app and the API
    together or of the web app for everyone, signing in aside (the labelling guide's whole-platform outage), or
    `general` for a price or sales question from a visitor the site did not sign in (the labelling guide: a
    prospect's price question is sales, a customer's about their own plan is billing; triage cannot tell)."""
    fields = dict(HANDOFF_REASONS.get(reason, ({}, ""))[0])
    said = " ".join(common.problem_messages(tracker))
    if reason not in URGENT and asks_billing_change(tracker):
        fields["category"] = "billing"  # "files are over 500mb now, let's move up to enterprise": triage reads uploads
    elif reason not in URGENT and conv.about_roles(said):
        fields["category"] = "account_access"  # roles inside the organisation, whichever feature they block
    elif reason not in URGENT and conv.sets_up_identity_provider(said):
        fields["category"] = "api_integration"  # the labelling guide's identity provider being set up, nobody kept out
    if reason == "security_incident" and conv.tells_intrusion(said):
        fields["priority"] = "P1"  # the labelling guide's security ladder: someone getting in is a suspected breach
    if reason == "outage" and (conv.web_and_api_down(said) or (conv.web_app_down_for_all(said)
                                                               and not conv.kept_out_of_sign_in(said))):
        # the whole platform: triage reads the API's words as api_integration, "we can all log in but then every page
        # says 500" as account_access
        fields["category"] = "general"
    if (fields.get("category") in (None, "billing") and not common.customer_of(tracker).get("verified")
            and conv.SALES.search(said) and not conv.BILLING_CHANGE.search(said)):
        fields["category"] = "general"
    return fields


async def category_of_a_question(tracker: Tracker, reason: str, fields: dict[str, str]) -> dict[str, str]:
    """``fields``, with the category of the article the customer tried when triage is unsure (see
    ``article_categories``), and with triage's runner-up category when triage files a problem that the bot did not
    take for an incident as `security` at P3/P4 (or at any priority with no threat in the words) and the article
    offered for it (if any) is not from the help centre's security section. Trained on tickets, triage reads words
    like "court", "outside counsel", "our admin left" or a SIEM's name as security ("i'd like to speak to someone...
    a video that will be used in court, which mode" read security P4; "qradar shows every secureai event as
    'unknown'" P1); a request for deletion under GDPR (``conversation.PRIVACY_DUTY``, or answered from the security
    section) stays `security`. `performance` with nothing said about speed (``conversation.SPEED``) is `general`:
    "the thing is doing the thing again" read performance at 0.82."""
    said = "\n".join(common.problem_messages(tracker))
    if reason in URGENT or fields.get("category") or not said:
        return fields
    reading = await common.triage(said)
    runner_up = next(iter(reading.get("category_alternatives") or []), None)
    article = tracker.get_slot("offered_article") or ""
    calm = reading.get("priority") in ("P3", "P4") or not (conv.THREAT.search(said) or conv.tells_intrusion(said))
    if (reading.get("category") == "security" and calm and runner_up and not conv.PRIVACY_DUTY.search(said)
            and not article.startswith("compliance-and-security/")):
        return {**fields, "category": runner_up[0]}
    if reading.get("category") == "performance" and not conv.SPEED.search(said):
        return {**fields, "category": "general"}  # nothing said about speed: the model's guess, the rest is general
    tried = common.category_of_article(article)
    unsure = (reading.get("category_confidence") or 0) < common.RULES["min_category_confidence"]
    if tried and (unsure or (reading.get("category") == "general" and tried == "upload_issues")):
        return {**fields, "category": tried}
    return fields


def billing_said(parse_data: dict | None, text: str) -> bool:
    """A billing change in words, or one the intent model is sure of ("why? i dont want spam", an answer to the email
    question, read billing_account_change at 0.43)."""
    confidence = ((parse_data or {}).get("intent") or {}).get("confidence") or 0
    return bool(conv.BILLING_CHANGE.search(text)) or confidence >= common.RULES["min_billing_intent_confidence"]


def asks_billing_change(tracker: Tracker) -> bool:
    """A message about this problem names a billing change in words (``BILLING_CHANGE``) that the
    intent model ranks among its two likeliest readings, or that the help centre answered from its billing section
    ("we want to go up to enterprise, our court recordings are huge": so "the upload got cancelled" is not one)."""
    billing_article = common.category_of_article(tracker.get_slot("offered_article") or "") == "billing"
    for event in messages_about_problem(tracker):
        if ((billing_article or "billing_account_change" in common.likeliest_intents(event.get("parse_data")))
                and conv.BILLING_CHANGE.search(event.get("text") or "")):
            return True
    return False


def intent_name(parse_data: dict | None) -> str | None:
    """The message's intent; an incident or outage the intent model was unsure of counts as a problem."""
    name = ((parse_data or {}).get("intent") or {}).get("name")
    return "report_problem" if name in URGENT and not common.urgent_intent(parse_data) else name


def ticket_request(tracker: Tracker, customer: dict, **extra: Any) -> dict:
    """The ticket pre-filled from the conversation: subject = the first problem statement,
    description = everything the customer said about it, the transcript attached."""
    said = common.problem_messages(tracker)
    topic = tracker.get_slot("issue_topic")
    events = common.session_events(tracker)
    details: dict[str, Any] = {"source": "chatbot", "conversation_id": tracker.sender_id}
    if tracker.get_slot("file_size_mb"):
        details["file_size_mb"] = tracker.get_slot("file_size_mb")
    fmt = conv.video_format(" ".join(said))
    if fmt:
        details["video_format"] = fmt
    if tracker.get_slot("offered_article"):
        details["kb_article_offered"] = tracker.get_slot("offered_article")
    request = {
        "subject": conv.ticket_subject(topic, said[0] if said else None),
        "description": "\n".join(said) or topic or "Chat request (see the conversation)",
        "channel": "chat",
        # "verified": whether the widget's token proved the email; the service trusts the
        # directory for tier and company, and an unverified visitor stays anonymous.
        "customer": {**{k: customer[k] for k in ("email", "phone", "name", "company", "user_id", "tier")
                        if customer.get(k)}, "verified": bool(customer.get("verified"))},
        "details": details,
        "conversation": {"transcript": conv.transcript(events)[-200:]},
    }
    request.update({k: v for k, v in extra.items() if v})
    return request


def ticket_reply(dispatcher: CollectingDispatcher, ticket: dict, file_size: float | None) -> None:
    sla = ticket.get("sla") or {}
    size = f"\n- Your file size: {conv.format_size(file_size)}" if file_size else ""
    track = f"You can track your ticket at: {ticket['tracking_url']}\n" if ticket.get("tracking_url") else ""
    dispatcher.utter_message(response="utter_ticket_created", ticket_id=ticket["id"],
                             response_time=sla.get("response_time_text") or "our SLA for your plan",
                             subject=ticket.get("subject", ""), size=size,
                             priority=common.priority_text(ticket.get("priority")), track=track)


def repair(error: ServiceRejected, customer: dict) -> list[EventType]:
    """A refused request is the bot's mistake: log it, and re-ask the field the service named
    (the refused address is remembered, so the answer that gave it is not taken again)."""
    log.error("the service refused the bot's request: %s (field %s)", error, error.field)
    if (error.field or "").startswith("customer") or error.code == "contact_required":
        refused = customer.get("email") or customer.get("phone") if error.code != "contact_required" else None
        return [SlotSet("email", None), SlotSet("phone", None), SlotSet("contact", None),
                SlotSet("contact_reasked", None), SlotSet("refused_contact", refused), SlotSet("contact_needed", True)]
    return []


async def create_ticket(dispatcher: CollectingDispatcher, tracker: Tracker, **fields: Any) -> list[EventType]:
    customer = common.customer_of(tracker)
    fields = await category_of_a_question(tracker, reason_of(tracker), fields)
    request = ticket_request(tracker, customer, **fields)
    # One key per customer turn: a retried webhook never opens a second ticket.
    turn = sum(1 for e in tracker.events if e.get("event") == "user")
    try:
        ticket = await call(common.SERVICE.create_ticket, request, f"chat-{tracker.sender_id}-{turn}")
    except ServiceUnavailable as error:
        log.warning("ticket not created: %s", error)
        common.apologise(dispatcher)
        return [SlotSet("contact_needed", False)]
    except ServiceRejected as error:
        events = repair(error, request["customer"])
        if events:
            dispatcher.utter_message(response="utter_contact_not_accepted")
            return events
        dispatcher.utter_message(response="utter_request_refused")
        return await hand_off(dispatcher, tracker, "human_handoff")
    await common.record_outcome(tracker, "ticket", ticket["id"])
    ticket_reply(dispatcher, ticket, tracker.get_slot("file_size_mb"))
    dispatcher.utter_message(response="utter_anything_else")
    return common.clear_problem() + [SlotSet("ticket_id", ticket["id"]), SlotSet("open_ticket", ticket["id"]),
                                     SlotSet("contact_needed", False)]


def said_since_ticket(tracker: Tracker) -> str:
    """What the customer said since their ticket was made (the ticket has the rest)."""
    said = conv.problem_messages(common.session_events(tracker), tracker.get_slot("problem_since") or 0.0)
    return "\n".join(said) or conv.without_contacts(tracker.latest_message.get("text")) or "(no words)"


async def add_to_ticket(dispatcher: CollectingDispatcher, tracker: Tracker, ticket_id: str) -> list[EventType]:
    """What the customer added after their ticket was made goes onto it (a new ticket when the
    service says that one no longer takes any: closed, say)."""
    try:
        await call(common.SERVICE.add_to_ticket, ticket_id, said_since_ticket(tracker))
    except ServiceUnavailable as error:
        log.warning("follow-up not added to %s: %s", ticket_id, error)
        common.apologise(dispatcher)
        return [SlotSet("contact_needed", False)]
    except ServiceRejected as error:
        log.error("the service refused a follow-up to %s: %s", ticket_id, error)
        return [SlotSet("open_ticket", None)] + await create_ticket(
            dispatcher, tracker, **known_fields(tracker, reason_of(tracker)))
    dispatcher.utter_message(response="utter_added_to_ticket", ticket_id=ticket_id)
    return common.clear_problem() + [SlotSet("contact_needed", False)]


async def hand_off(dispatcher: CollectingDispatcher, tracker: Tracker, reason: str,
                   open_ticket: str | None = None) -> list[EventType]:
    """To the live queue during the tier's live hours, else a ticket (the service decides).
    ``open_ticket``: the ticket this conversation opened earlier, which the person takes (or,
    outside live hours, which gets what the customer added) instead of a second one."""
    fields = await category_of_a_question(tracker, reason, known_fields(tracker, reason))
    fallback_email = HANDOFF_REASONS.get(reason, ({}, "support@secureai.com"))[1]
    customer = common.customer_of(tracker)
    ticket = ticket_request(tracker, customer, **fields)
    conversation_id = uuid.uuid4().hex  # the widget's capability to this live chat: unguessable
    request = {"conversation_id": conversation_id, "customer": ticket["customer"],
               "transcript": ticket["conversation"]["transcript"], "subject": ticket["subject"],
               "description": ticket["description"], "details": ticket["details"], "urgent": reason in URGENT,
               **fields}
    if open_ticket:
        request.update(ticket_id=open_ticket, description=said_since_ticket(tracker))
    try:
        answer = await call(common.SERVICE.start_live_chat, request)
    except ServiceUnavailable as error:
        log.warning("handoff failed: %s", error)
        common.apologise(dispatcher, fallback_email)
        return [SlotSet("contact_needed", False)]
    except ServiceRejected as error:
        if error.code == "ticket_not_open":  # closed since: this request opens a new one
            return [SlotSet("open_ticket", None)] + await hand_off(dispatcher, tracker, reason)
        events = repair(error, request["customer"])
        if error.code == "contact_required" and tracker.get_slot("contact_skipped"):
            dispatcher.utter_message(response="utter_no_way_to_answer")
            return common.clear_problem()
        if events:
            return events  # the form asks for an email or phone, saying why
        dispatcher.utter_message(response="utter_request_refused")
        return [SlotSet("contact_needed", False)]
    if answer.get("status") == "waiting":
        position, wait = answer.get("position"), answer.get("estimated_wait_minutes")
        queue = (f" You're number {position} in the queue, estimated wait about {wait} minutes."
                 if position and wait is not None else "")
        reference = f" Your reference is {answer['ticket_id']}." if answer.get("ticket_id") else ""
        await common.record_outcome(tracker, "handoff", answer.get("ticket_id"))
        dispatcher.utter_message(response="utter_connecting", reference=reference, queue=queue,
                                 json_message={"live_chat": {"conversation_id": conversation_id, "state": "waiting"}})
        return common.clear_problem() + [SlotSet("live_chat_id", conversation_id)]
    created = answer.get("ticket") or {}
    if not created.get("id"):
        log.error("live chat answer without a ticket: %s", answer)
        dispatcher.utter_message(response="utter_request_refused")
        return [SlotSet("contact_needed", False)]
    await common.record_outcome(tracker, "ticket", created["id"])
    if open_ticket:
        dispatcher.utter_message(response="utter_added_to_ticket_offline", ticket_id=created["id"],
                                 response_time=(created.get("sla") or {}).get("response_time_text")
                                 or "our SLA for your plan")
    else:
        dispatcher.utter_message(response="utter_team_offline")
        ticket_reply(dispatcher, created, tracker.get_slot("file_size_mb"))
    return common.clear_problem() + [SlotSet("ticket_id", created["id"]), SlotSet("open_ticket", created["id"])]


class ValidateDetailsForm(FormValidationAction):
    """What the ticket or the hand-over needs: the problem (unless already said) and, only when
    a ticket must be answered later, an email or phone number (asked once more, with a skip)."""

    def name(self) -> str:
        return "validate_details_form"

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> list[str]:
        if tracker.get_slot("open_ticket"):
            return []  # the conversation's ticket holds the problem and a way to answer already
        slots = []
        urgent = reason_of(tracker) in URGENT
        asked = tracker.get_slot("requested_slot") == "problem"  # this message answers it: validate it
        if not urgent and not tracker.get_slot("issue_topic") and (asked or not common.problem_messages(tracker)):
            slots.append("problem")
        needs_contact = tracker.get_slot("goal") == "ticket" or tracker.get_slot("contact_needed")
        if needs_contact and not common.has_contact(tracker) and not tracker.get_slot("contact_skipped"):
            slots.append("contact")
        return slots

    def validate_problem(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                         domain: DomainDict) -> dict[str, Any]:
        text = value if isinstance(value, str) else ""
        found = self._contacts(text)
        rest = conv.without_contacts(text)
        if conv.CHANGED_MIND.search(rest):  # "actually never mind, just tell me how to..."
            return {"problem": rest, "changed_mind": True, **found}
        return {"problem": rest or None, **found}

    def validate_contact(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                         domain: DomainDict) -> dict[str, Any]:
        text = value if isinstance(value, str) else ""
        refused = tracker.get_slot("refused_contact")
        found = self._contacts(text, refused)
        if found:
            return {"contact": "given", **found}
        if refused and refused in text.lower():  # the address the service refused: ask again
            return {"contact": None}
        rest = conv.without_contacts(text)
        if conv.CHANGED_MIND.search(rest):  # "hmm no wait. can i download everything first?": a new question
            return {"contact": "skipped", "contact_skipped": True, "problem": rest, "changed_mind": True}
        intent = tracker.latest_message.get("intent", {}).get("name")
        # "no" skips; "do i really have to give that" is evasive: asked once more, with the skip
        if (intent == "deny" and not conv.is_question(text)) or text.strip().lower().strip(".!") in SKIP_WORDS:
            return {"contact": "skipped", "contact_skipped": True}
        # Not an address: it stays in the conversation as part of the problem; ask once more.
        if tracker.get_slot("contact_reasked"):
            return {"contact": "skipped", "contact_skipped": True}
        return {"contact": None, "contact_reasked": True}  # utter_ask_contact's second wording

    @staticmethod
    def _contacts(text: str, refused: str | None = None) -> dict[str, Any]:
        found = {}
        if conv.email_in(text) and conv.email_in(text) != refused:
            found["email"] = conv.email_in(text)
        if conv.phone_in(text) and conv.phone_in(text) != refused:
            found["phone"] = conv.phone_in(text)
        return found


class ActionFinish(Action):
    """After the details form: a person, a ticket, or first an article for a problem not yet searched."""

    def name(self) -> str:
        return "action_finish"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        goal = tracker.get_slot("goal")
        if tracker.get_slot("changed_mind"):
            from actions.answer_first import answer

            answered = await answer(dispatcher, tracker, "ask_howto", tracker.get_slot("problem") or "")
            if answered is not None:
                # A ticket asked for later asks for a way to answer again.
                return answered + [SlotSet("contact_needed", False), SlotSet("changed_mind", None),
                                   SlotSet("contact", None), SlotSet("contact_skipped", None),
                                   SlotSet("contact_reasked", None)]
            dispatcher.utter_message(response="utter_how_else_can_i_help")
            return common.clear_problem() + [SlotSet("contact_needed", False), SlotSet("changed_mind", None)]
        open_ticket = tracker.get_slot("open_ticket")
        if open_ticket:  # the customer adds to the ticket this conversation opened, or wants a person on it
            if goal == "person":
                return await hand_off(dispatcher, tracker, reason_of(tracker), open_ticket) + [
                    SlotSet("contact_needed", False)]
            return await add_to_ticket(dispatcher, tracker, open_ticket)
        if goal == "person" or (tracker.get_slot("contact_needed") and goal != "ticket"):
            events = await hand_off(dispatcher, tracker, reason_of(tracker))
            return events + [SlotSet("contact_needed", False)] if not asks_contact(events) else events
        # Answer first, also for a problem told to the form; not when the customer asked for a ticket
        # ("please just make a ticket, no chat needed": the support design's sample conversation).
        if not tracker.get_slot("searched") and not tracker.get_slot("issue_topic") and not asked_for_ticket(tracker):
            from actions.answer_first import answer

            said = common.problem_messages(tracker)
            answered = await answer(dispatcher, tracker, "report_problem", said[-1]) if said else None
            if answered is not None:
                return answered + [SlotSet("contact_needed", False)]
        if not common.has_contact(tracker):  # skipped: a live agent can still answer in the chat
            events = await hand_off(dispatcher, tracker, reason_of(tracker))
            return events if asks_contact(events) else events + [SlotSet("contact_needed", False)]
        return await create_ticket(dispatcher, tracker, **known_fields(tracker, reason_of(tracker)))


def asked_for_ticket(tracker: Tracker) -> bool:
    """A ticket asked for in words ("please just make a ticket"), not "how do i add a screenshot to the ticket i
    already have open", which the intent model reads as create_ticket."""
    return any(conv.WANTS_TICKET.search(e.get("text") or "") for e in messages_about_problem(tracker))


def asks_contact(events: list[EventType]) -> bool:
    return any(e.get("name") == "contact_needed" and e.get("value") for e in events)
