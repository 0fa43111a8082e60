"""The support design's upload troubleshooting: file too large (the stated size against the limit),
compress, split, unsupported format, stalled uploads. Each answer links its article;
the words and links are in upload_help.yml."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import common
from actions import conversation as conv


def offer_answer(dispatcher: CollectingDispatcher, key: str, **values: Any) -> dict[str, Any]:
    answer = conv.UPLOAD_HELP["answers"][key]
    help_ = conv.UPLOAD_HELP
    text = answer["text"].format(limit=help_["size_limit_mb"], formats=", ".join(help_["supported_formats"]), **values)
    if answer.get("article"):
        text += f"\n{common.article_link(answer['article'])}"
    dispatcher.utter_message(text=text)
    return answer


class ActionCheckFileSize(Action):
    """The support design's "file too large" turn: compare the stated size with the limit."""

    def name(self) -> str:
        return "action_check_file_size"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        help_ = conv.UPLOAD_HELP
        size = conv.file_size_mb(tracker.latest_message.get("text", "")) or tracker.get_slot("file_size_mb")
        if not size:
            asked = offer_answer(dispatcher, "ask_size")
            return [SlotSet("issue_topic", help_["answers"]["too_large"]["topic"]), SlotSet("pending", None),
                    SlotSet("offered_article", asked["article"])]
        events: list[EventType] = [SlotSet("file_size_mb", size)]
        shown = conv.format_size(size)
        if size <= help_["size_limit_mb"]:
            answer = offer_answer(dispatcher, "within_limit", size=shown)
        elif common.customer_of(tracker).get("tier") in help_["unlimited_tiers"]:
            answer = offer_answer(dispatcher, "unlimited_tier", size=shown)
        else:
            answer = offer_answer(dispatcher, "too_large", size=shown)
            dispatcher.utter_message(response="utter_pick_upload_option")
            return events + [SlotSet("issue_topic", answer["topic"]), SlotSet("pending", "upload_options"),
                             SlotSet("offered_article", answer["article"])]
        common.yes_no(dispatcher)
        return events + [SlotSet("issue_topic", answer["topic"]), SlotSet("pending", "article_solved"),
                         SlotSet("offered_article", answer["article"])]


class ActionUploadAdvice(Action):
    """Compress, split, unsupported format, stalled upload: each backed by an article."""

    def name(self) -> str:
        return "action_upload_advice"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        intent = tracker.latest_message.get("intent", {}).get("name")
        text = tracker.latest_message.get("text", "")
        if intent in ("ask_compress", "ask_split"):
            answer = offer_answer(dispatcher, "compress" if intent == "ask_compress" else "split")
            dispatcher.utter_message(response="utter_ticket_or_self_service")
            pending = "ticket_offer"
        else:
            fmt = conv.video_format(text)
            if intent == "unsupported_format" and fmt and conv.is_supported_format(fmt):
                answer = offer_answer(dispatcher, "supported_format", format=fmt)
            else:
                answer = offer_answer(dispatcher, "unsupported_format" if intent == "unsupported_format" else "stalls")
            common.yes_no(dispatcher)
            pending = "article_solved"
        return [SlotSet("issue_topic", answer["topic"]), SlotSet("pending", pending),
                SlotSet("offered_article", answer["article"])]
