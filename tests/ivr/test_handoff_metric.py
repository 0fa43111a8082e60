"""The phone line announces each hand-over (handoff.core.events.handed_off) and the service's
Prometheus counter counts it, without ivr importing the service."""
from __future__ import annotations

from prometheus_client import REGISTRY

from handoff.core import events


def handoffs(outcome: str) -> float:
    return REGISTRY.get_sample_value("helpdesk_handoffs_total", {"channel": "phone", "outcome": outcome}) or 0.0


def test_a_call_handed_to_the_queue_is_announced_and_counted(phone):
    heard = []

    def listen(sender, **news):
        heard.append((sender, news["outcome"]))

    events.handed_off.connect(listen)
    try:
        before = handoffs("queue")
        phone.twiml("/ivr/problem?c=technical", phone.new_sid(), caller=phone.callers["professional"],
                    SpeechResult="every call to the analyze endpoint returns 401", Confidence="0.9")
    finally:
        events.handed_off.disconnect(listen)
    assert heard == [("phone", "queue")]
    assert handoffs("queue") == before + 1
