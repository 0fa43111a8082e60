"""Turning text into the terms the index and the queries share."""
from __future__ import annotations

import re
import unicodedata

# Same split as FTS5's unicode61 tokenizer: letters and digits, '_' separates.
_TOKEN = re.compile(r"[^\W_]+")
_NUMBER_UNIT = re.compile(r"^(\d+)(kb|mb|gb|tb|mbps|fps|p|k|ms|s|sec|min|mins|h|hrs|gigs?|megs?)$")
# Longer "words" are pasted data (hashes, base64), not something to look up.
MAX_WORD = 40


def tokenize(text: str) -> list[str]:
    """Lower-case words without diacritics ("Résumé" -> "resume")."""
    if text.isascii():
        stripped = text
    else:
        decomposed = unicodedata.normalize("NFKD", text)
        stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return [word for word in _TOKEN.findall(stripped.casefold()) if len(word) <= MAX_WORD]


def split_number_unit(token: str) -> list[str]:
    """'500mb' -> ['500', 'mb']: articles write the number and unit apart."""
    match = _NUMBER_UNIT.match(token)
    return [match.group(1), match.group(2)] if match else [token]


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (a swap of neighbours costs 1); > limit stops early."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] | None = None
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if prev2 is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def deletes(term: str) -> set[str]:
    """The term with one letter removed, each way: keys for typo lookup."""
    return {term[:i] + term[i + 1:] for i in range(len(term))}
