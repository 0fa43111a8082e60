"""Routing rules (rules.yaml): which queue and support tier a ticket goes to, who is told."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

RULES_FILE = Path(__file__).with_name("rules.yaml")


@dataclass
class Routing:
    queue: str
    support_tier: int = 1
    notify: list[str] = field(default_factory=list)  # target names, see rules.yaml `targets`
    rules_fired: list[str] = field(default_factory=list)
    notify_by_rule: dict[str, list[str]] = field(default_factory=dict)


@cache
def load_rules(path: Path = RULES_FILE) -> dict:
    with open(path, encoding="utf-8") as fh:
        rules = yaml.safe_load(fh)
    for rule in rules["rules"]:
        pattern = rule["when"].get("text_matches")
        if pattern:
            rule["_regex"] = re.compile(pattern)
    return rules


def _matches(value, wanted) -> bool:
    return value in wanted if isinstance(wanted, list) else value == wanted


def _fires(rule: dict, facts: dict) -> bool:
    for name, wanted in rule["when"].items():
        if name == "text_matches":
            if not rule["_regex"].search(facts.get("text", "")):
                return False
        elif name == "category_not":
            if facts.get("category") in wanted:
                return False
        elif name == "detail":
            details = facts.get("details") or {}
            if any(details.get(k) != v for k, v in wanted.items()):
                return False
        elif not _matches(facts.get(name), wanted):
            return False
    return True


def route(facts: dict) -> Routing:
    """Apply the rules to ``facts`` (category, priority, tier, channel, repeat_issue,
    text, details) and return where the ticket goes and which rules fired."""
    rules = load_rules()
    routing = Routing(queue=rules["category_queues"][facts["category"]])
    routing.rules_fired.append(f"category-queue:{routing.queue}")
    for rule in rules["rules"]:
        if not _fires(rule, facts):
            continue
        then = rule["then"]
        routing.rules_fired.append(rule["id"])
        if "queue" in then:
            routing.queue = then["queue"]
        routing.support_tier = max(routing.support_tier, then.get("support_tier", 1))
        routing.notify_by_rule[rule["id"]] = then.get("notify", [])
        for target in then.get("notify", []):
            if target not in routing.notify:
                routing.notify.append(target)
    return routing


def repeat_window_days() -> int:
    return load_rules()["repeat_window_days"]


def target_addresses(target: str, account_manager: str | None = None) -> list[str]:
    """The email addresses behind a notification target name."""
    if target == "account_manager":
        return [account_manager] if account_manager else []
    return list(load_rules()["targets"][target])
