"""The phone line's script (``script.yaml``): prompts, menu and speech keywords."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

SCRIPT_PATH = Path(__file__).with_name("script.yaml")

_WORD = re.compile(r"[a-z0-9]+")
# The constant letters in front of every ticket number (TICK-): not worth reading out.
_PREFIX = re.compile(r"^[A-Za-z]+-")


@dataclass(frozen=True)
class MenuOption:
    choice: str
    key: str | None
    words: tuple[str, ...]
    spoken: str | None
    category: str | None


class Script:
    """Read access to the script data; a missing prompt is a KeyError at load time."""

    def __init__(self, data: dict):
        self.data = data
        self.menu = tuple(
            MenuOption(
                choice=item["choice"],
                key=item.get("key"),
                words=tuple(word.lower() for word in item.get("words", ())),
                spoken=item.get("spoken"),
                category=item.get("category"),
            )
            for item in data["menu"]
        )
        self._by_choice = {option.choice: option for option in self.menu}
        for needed in ("emergency", "repeat", "agent", "no_recording"):
            if needed not in self._by_choice:
                raise KeyError(f"script menu lacks the {needed!r} option")

    def __getitem__(self, name: str):
        return self.data[name]

    def option(self, choice: str) -> MenuOption | None:
        return self._by_choice.get(choice)

    def choose(self, digits: str = "", speech: str = "") -> MenuOption | None:
        """The option a key press or an utterance selects, or None when nothing matches."""
        digits = (digits or "").strip()
        if digits:
            return next((o for o in self.menu if o.key is not None and o.key == digits), None)
        words = set(_WORD.findall((speech or "").lower()))
        return next((o for o in self.menu if words.intersection(o.words)), None)

    def closed_message(self, tier: str) -> str:
        closed = self.data["closed"]
        return closed.get(tier, closed["default"])

    def describe_prompt(self, choice: str) -> str:
        prompts = self.data["describe_prompt"]
        return prompts.get(choice, prompts["default"])


def spell(reference: str) -> str:
    """``TICK-20261202-031`` -> ``2 0 2 6 1 2 0 2, dash, 0 3 1``: as a caller writes it down.

    Digit by digit (text-to-speech reads "2 0 2 6" as four digits, not a year), a
    pause and "dash" between the groups; the constant TICK- prefix is left out.
    """
    groups = _PREFIX.sub("", reference.strip()).split("-")
    return ", dash, ".join(" ".join(group.replace(" ", "")) for group in groups if group)


def minutes_text(seconds: int) -> str:
    """Twilio's AvgQueueTime (seconds) as said on hold: "less than a minute", "about 3 minutes"."""
    minutes = round(seconds / 60)
    if minutes < 1:
        return "less than a minute"
    return "about 1 minute" if minutes == 1 else f"about {minutes} minutes"


@lru_cache(maxsize=4)
def load_script(path: Path = SCRIPT_PATH) -> Script:
    with open(path, encoding="utf-8") as handle:
        return Script(yaml.safe_load(handle))
