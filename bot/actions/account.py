"""Ticket status and account details: shown only to the customer whose site signed their email.

An unsigned visitor gets the article that explains where to look and an offer that leaks
nothing: the status sent to the ticket's own email address, or the sign-in link.
"""
from __future__ import annotations

import logging

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import common
from actions import conversation as conv
from actions.common import call
from actions.service import ServiceRejected, ServiceUnavailable

log = logging.getLogger(__name__)
SIGN_IN = "https://app.secureai.com/login"


class ActionTicketStatus(Action):
    def name(self) -> str:
        return "action_ticket_status"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        text = tracker.latest_message.get("text") or ""
        if conv.WANTS_PERSON.search(text):  # "my ticket is open 3 days and nobody answered. get me a person now"
            return [FollowupAction("action_answer")]
        ticket_id = conv.ticket_id_in(text) or tracker.get_slot("ticket_id")
        customer = common.customer_of(tracker)
        if not customer["verified"]:
            dispatcher.utter_message(response="utter_status_privacy",
                                     link=common.article_link("contact-support/tracking-a-ticket"),
                                     sign_in=SIGN_IN)
            if ticket_id:
                dispatcher.utter_message(response="utter_offer_status_email", ticket_id=ticket_id)
                return [SlotSet("ticket_id", ticket_id), SlotSet("pending", "status_offer")]
            return [SlotSet("pending", None)]
        if not ticket_id:
            return await self.open_tickets(dispatcher, customer)
        reached, ticket = await common.look_up(dispatcher, common.SERVICE.get_ticket, ticket_id)
        if not reached:
            return []
        owner = ((ticket or {}).get("customer") or {}).get("email") or ""
        # Only the ticket's own customer learns about it; anyone else gets "not found".
        if ticket is None or owner.lower() != customer["email"].lower():
            dispatcher.utter_message(response="utter_ticket_not_found", ticket_id=ticket_id,
                                     link=common.article_link("contact-support/tracking-a-ticket"))
            return [SlotSet("ticket_id", None), SlotSet("offered_article", "contact-support/tracking-a-ticket")]
        due = (ticket.get("sla") or {}).get("response_due_at")
        open_ = ticket.get("status") in ("new", "open", "assigned", "created")
        dispatcher.utter_message(response="utter_ticket_status", ticket_id=ticket["id"],
                                 subject=ticket.get("subject", ""),
                                 status=str(ticket.get("status", "open")).replace("_", " "),
                                 priority=common.priority_text(ticket.get("priority")),
                                 due=f"\n- First response due: {due}" if due and open_ else "",
                                 link=common.article_link("contact-support/tracking-a-ticket"))
        return [SlotSet("ticket_id", ticket["id"])]


    @staticmethod
    async def open_tickets(dispatcher: CollectingDispatcher, customer: dict) -> list[EventType]:
        """No number given: the signed-in customer's open tickets, and how to follow one."""
        reached, found = await common.look_up(dispatcher, common.SERVICE.get_customer, customer["email"])
        if not reached:
            return []
        tickets = [t for t in (found or {}).get("recent_tickets") or []
                   if t.get("status") not in ("resolved", "closed")]
        listed = "\n".join(f"- {t['id']}: {t.get('subject', '')} ({t.get('status_label') or t.get('status')})"
                           for t in tickets)
        dispatcher.utter_message(response="utter_open_tickets" if tickets else "utter_no_open_tickets", tickets=listed,
                                 link=common.article_link("contact-support/tracking-a-ticket"))
        return [SlotSet("offered_article", "contact-support/tracking-a-ticket")]


class ActionSendStatus(Action):
    """The unsigned visitor said yes: the service mails the status to the ticket's own address."""

    def name(self) -> str:
        return "action_send_status"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        ticket_id = tracker.get_slot("ticket_id")
        try:
            await call(common.SERVICE.send_status_email, ticket_id)
        except ServiceUnavailable as error:
            log.warning("status email not sent: %s", error)
            common.apologise(dispatcher)
            return [SlotSet("pending", None)]
        except ServiceRejected as error:
            log.error("status email refused: %s", error)
        await common.record_outcome(tracker, "self_service")
        dispatcher.utter_message(response="utter_status_sent", ticket_id=ticket_id)
        return [SlotSet("pending", None), SlotSet("ticket_id", None)]


class ActionAccountStatus(Action):
    def name(self) -> str:
        return "action_account_status"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        reading = tracker.latest_message.get("intent") or {}
        text = tracker.latest_message.get("text") or ""
        # An unsure reading is answered from the help centre ("how many requests a minute am i allowed on the api with
        # the starter plan?" read account_status 0.42), and so is access nobody authorised ("uploads yesterday from
        # marks account. we deactivated mark when he left": 0.45): it is an incident, not a question about the account.
        if ((reading.get("confidence") or 0) < common.RULES["min_account_status_confidence"]
                or conv.tells_intrusion(text)):
            return [FollowupAction("action_answer")]
        known = common.customer_of(tracker)
        if not known["verified"]:
            await common.record_outcome(tracker, "self_service")
            dispatcher.utter_message(response="utter_account_privacy", sign_in=SIGN_IN,
                                     link=common.article_link("billing-and-account/usage-and-quotas"))
            return [SlotSet("offered_article", "billing-and-account/usage-and-quotas")]
        email = known["email"]
        reached, found = await common.look_up(dispatcher, common.SERVICE.get_customer, email)
        if not reached:
            return []
        if found is None:
            dispatcher.utter_message(response="utter_account_not_found", email=email)
            return []
        account = found.get("customer") or {}
        open_tickets = [t for t in found.get("recent_tickets") or [] if t.get("status") not in ("resolved", "closed")]
        tier = account.get("tier") or known.get("tier") or "unknown"
        lines = []
        if account.get("status"):
            lines.append(f"- Status: {account['status']}")
        used = account.get("analyses_this_month", known.get("analyses_this_month"))
        if used is not None:
            lines.append(f"- Analyses this month: {used}")
        last = account.get("last_analysis_date", known.get("last_analysis_date"))
        if last:
            lines.append(f"- Last analysis: {last}")
        if open_tickets:
            lines.append("- Open tickets: " + ", ".join(f"{t['id']} ({t.get('status_label') or t.get('status')})"
                                                        for t in open_tickets))
        dispatcher.utter_message(response="utter_account",
                                 company=account.get("company") or known.get("company") or email,
                                 plan=tier.capitalize(), details="\n".join(lines),
                                 link=common.article_link("billing-and-account/usage-and-quotas"))
        return [SlotSet("tier", tier if tier in conv.TIERS else None)]
