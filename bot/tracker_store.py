"""The one-server tracker store (bot/endpoints.yml): conversations kept in memory as events.

Rasa's ``InMemoryTrackerStore`` writes the whole conversation to JSON after every turn
and parses it back before the next one, looking up each event's class by walking
every subclass of ``Event``. Profiled with 10 busy conversations, that round trip
was a third of the Rasa server's CPU, and it grows with the conversation. This store
keeps the events themselves (a snapshot tuple, so a turn that fails half-way leaves
the stored conversation as it was) and replays them into a fresh tracker, as the
JSON store does after parsing.

Several Rasa servers share conversations through the SQL tracker store instead
(endpoints.scale-out.yml, docs/deployment.md).
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.conversation import Dialogue
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event
from rasa.shared.core.trackers import DialogueStateTracker


class EventTrackerStore(InMemoryTrackerStore):
    """``InMemoryTrackerStore`` without the JSON round trip (``type: tracker_store.EventTrackerStore``)."""

    def __init__(self, domain: Domain, event_broker: EventBroker | None = None, **kwargs: Any) -> None:
        super().__init__(domain, event_broker, **kwargs)
        self.store: dict[str, tuple[Event, ...]] = {}

    async def save(self, tracker: DialogueStateTracker) -> None:
        await self.stream_events(tracker)
        self.store[tracker.sender_id] = tuple(tracker.events)

    def deserialise_tracker(self, sender_id: str, events: Iterable[Event]) -> DialogueStateTracker | None:
        tracker = self.init_tracker(sender_id)
        tracker.recreate_from_dialogue(Dialogue(sender_id, list(events)))
        return tracker
