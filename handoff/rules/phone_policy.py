"""The phone line's follow-up rules (``phone.yaml``): callbacks per queue, recording per
tier, SMS confirmation and the queues' voicemail addresses."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

POLICY_FILE = Path(__file__).with_name("phone.yaml")


@cache
def load_policy(path: Path = POLICY_FILE) -> dict:
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@dataclass(frozen=True)
class CallbackRules:
    automatic: bool
    max_attempts: int
    retry_minutes: float
    ring_seconds: int
    window_hours: float


def callback_rules(queue: str) -> CallbackRules:
    callbacks = load_policy()["callbacks"]
    return CallbackRules(**{**callbacks["default"], **(callbacks.get("queues") or {}).get(queue, {})})


def callback_teams(queue: str) -> list[str]:
    """The agent teams that take ``queue``'s callbacks: the queue's own team and any extra."""
    return [queue, *(load_policy()["callbacks"].get("extra_teams") or {}).get(queue, [])]


def agent_phone(email: str) -> str | None:
    return (load_policy()["callbacks"].get("agent_phones") or {}).get(email)


def records(tier: str) -> bool:
    """Whether the tier's calls with an agent are recorded (unknown tiers: not)."""
    return bool(load_policy()["recording"].get(tier, False))


def sms_confirmation_text() -> str | None:
    """The confirmation text's template, or None when confirmations are off."""
    policy = load_policy()
    return policy["sms_confirmation_text"] if policy["sms_confirmation"] else None


def queue_address(queue: str) -> str:
    policy = load_policy()
    return policy["queue_addresses"].get(queue, policy["default_queue_address"])
