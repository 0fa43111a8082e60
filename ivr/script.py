"""The phone line's script (``script.yaml``): prompts, menu and speech keywords."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

SCRIPT_PATH = Path(__file__).with_name("script.yaml")

_WORD = re.compile(r"[a-z0-9]+")
_SPOKEN_SYMBOLS = {"-": "dash"}


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
        for needed in ("emergency", "repeat", "agent"):
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
    """``TICK-20250127-001`` -> ``T, I, C, K, dash, 2, 0, ...``: one character at a time."""
    return ", ".join(_SPOKEN_SYMBOLS.get(char, char) for char in reference if not char.isspace())


@lru_cache(maxsize=4)
def load_script(path: Path = SCRIPT_PATH) -> Script:
    with open(path, encoding="utf-8") as handle:
        return Script(yaml.safe_load(handle))
