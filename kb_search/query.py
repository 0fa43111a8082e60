"""From what a customer typed to the terms searched for.

Every term is quoted when it reaches FTS5, so user text can never be read as
FTS5 syntax (AND, NEAR(, *, quotes, parentheses, '-').
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from kb_search.text import split_number_unit, tokenize

SYNONYMS_PATH = Path(__file__).resolve().parent / "synonyms.yaml"
# A longer query adds nothing but cost: only the first words are searched.
MAX_TERMS = 32
MAX_PHRASES = 12

STOPWORDS = frozenset("""
a about above after again am an and any are aren as at be because been being below between both
but by can could d did didn do does doesn doing don during each few for from further had hasn have
haven having he her here hers him his how i if in into is isn it its itself just ll m me might more
most must my myself no nor of off on once only or other our ours out over own please re s same she
should so some such t than thank thanks that the their theirs them then there these they this those
through to too under until up us ve very was wasn we were weren what when where which while who whom
why will with won would wouldn you your yours yourself hi hello hey help need want get got trying
tried anyone someone something anything im ive keep keeps still also really guys team tell know
lot lots many much bunch several whole ever every
yeah yes yep ok okay um uh erm hmm like just well basically actually literally anyway
cant dont doesnt didnt isnt wasnt arent couldnt wouldnt shouldnt havent hasnt
whats thats theres hows wheres whos
one two three four five six seven eight nine ten eleven twelve twenty fifty hundred thousand
""".split())


@dataclass
class QueryPlan:
    """The terms to search for, and how they were found (shown by ``kb search --explain``)."""

    terms: list[str] = field(default_factory=list)
    corrections: dict[str, str] = field(default_factory=dict)
    expansions: list[str] = field(default_factory=list)
    #: Neighbouring words of the query ("too large", "not read"): an article
    #: with the same words in the same order, such as a quoted error message, ranks higher.
    phrases: list[str] = field(default_factory=list)

    def add(self, term: str) -> None:
        if term not in self.terms and len(self.terms) < MAX_TERMS:
            self.terms.append(term)

    def fts_query(self) -> str:
        return " OR ".join(quote(item) for item in self.terms + self.phrases)


def quote(text: str) -> str:
    """An FTS5 string: whatever is inside is words to find, never query syntax."""
    return '"' + text.replace('"', '""') + '"'


class Synonyms:
    """Phrase -> extra terms, matched on word sequences, longest phrase first."""

    def __init__(self, mapping: dict[str, list[str]]):
        self.phrases: dict[tuple[str, ...], list[str]] = {}
        for phrase, values in mapping.items():
            key = tuple(tokenize(str(phrase)))
            if key:
                self.phrases[key] = [t for value in values for t in tokenize(str(value))]
        self.longest = max((len(key) for key in self.phrases), default=0)

    @classmethod
    def load(cls, path: Path = SYNONYMS_PATH) -> Synonyms:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        if not isinstance(data, dict):
            raise ValueError(f"{path}: expected a mapping of phrase -> list of words")
        return cls({str(k): list(v) if isinstance(v, list) else [v] for k, v in data.items()})

    def expand(self, words: list[str]) -> list[str]:
        found: list[str] = []
        start = 0
        while start < len(words):
            for size in range(min(self.longest, len(words) - start), 0, -1):
                values = self.phrases.get(tuple(words[start:start + size]))
                if values:
                    found.extend(values)
                    break
            else:
                size = 1
            start += size  # words inside a matched phrase start no other phrase
        return found


def plan_query(
    text: str,
    known: Callable[[str], bool],
    correct: Callable[[str], str | None] | None,
    synonyms: Synonyms | None,
    stopwords: frozenset[str] = STOPWORDS,
    phrases: bool = False,
) -> QueryPlan:
    """Words of the query, misspellings corrected, synonyms added, stop words dropped.

    ``known(word)`` says whether the index has the word; ``correct(word)`` returns
    the closest indexed word or None.
    """
    plan = QueryPlan()
    words: list[str] = []
    # "85%" is a confidence score almost every time in this product: say it in words.
    text = text.replace("%", " percent ")
    for token in tokenize(text)[: MAX_TERMS * 4]:
        words.extend(split_number_unit(token))
    for word in words:
        if word in stopwords:
            continue
        if correct is not None and not known(word) and not (synonyms and (word,) in synonyms.phrases):
            fixed = correct(word)
            if fixed:
                plan.corrections[word] = fixed
                plan.add(fixed)
                continue
        plan.add(word)
    # Corrected words take part too: "pasword reset" -> "password" -> its synonyms.
    corrected = [plan.corrections.get(word, word) for word in words]
    if phrases:
        for first, second in zip(corrected, corrected[1:], strict=False):
            both_stop = first in stopwords and second in stopwords
            phrase = f"{first} {second}"
            if not both_stop and phrase not in plan.phrases and len(plan.phrases) < MAX_PHRASES:
                plan.phrases.append(phrase)
    if synonyms is not None:
        for extra in synonyms.expand(corrected):
            if extra not in stopwords and extra not in plan.terms:
                plan.expansions.append(extra)
                plan.add(extra)
    return plan
