"""The bot's training data keeps its promises: enough examples per intent, and the
held-out messages (which choose the pipeline and fallback threshold) stay held out."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

BOT = Path(__file__).resolve().parents[2] / "bot"


def examples(path: Path) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for item in yaml.safe_load(path.read_text())["nlu"]:
        if "intent" in item:
            lines = [line.strip()[2:] for line in item["examples"].splitlines() if line.strip().startswith("- ")]
            # "[650MB](file_size)" -> "650MB": compare what the customer typed
            out[item["intent"]] = [re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", line).lower() for line in lines]
    return out


def test_every_intent_has_at_least_twenty_examples():
    training = examples(BOT / "data" / "nlu.yml")
    domain = yaml.safe_load((BOT / "domain.yml").read_text())
    assert set(training) == set(domain["intents"])
    thin = {intent: len(lines) for intent, lines in training.items() if len(lines) < 20}
    assert not thin, f"intents with fewer than 20 examples: {thin}"


def test_held_out_messages_are_not_in_the_training_data():
    trained = {line for lines in examples(BOT / "data" / "nlu.yml").values() for line in lines}
    held_out = {line for lines in examples(BOT / "eval" / "heldout.yml").values() for line in lines}
    assert held_out and not held_out & trained, sorted(held_out & trained)
