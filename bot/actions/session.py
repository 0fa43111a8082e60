"""A new session starts with who the customer is, from the widget's config object."""
from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import conversation as conv


class ActionSessionStart(Action):
    def name(self) -> str:
        return "action_session_start"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        events: list[EventType] = [SessionStarted()]
        events += [SlotSet(k, v) for k, v in tracker.current_slot_values().items()
                   if v is not None and k != "session_started_metadata"]
        metadata = tracker.get_slot("session_started_metadata") or conv.latest_metadata(tracker.events)
        customer = conv.customer_from_metadata(metadata)
        for slot, key in (("tier", "tier"), ("email", "email"), ("customer_name", "name")):
            if customer.get(key):
                events.append(SlotSet(slot, customer[key]))
        events.append(ActionExecuted("action_listen"))
        return events
