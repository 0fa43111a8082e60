"""Details worth pre-filling on a ticket, found with spaCy's rule-based EntityRuler.

A blank English pipeline (tokenizer only, no model download) plus token patterns:
file size, video format, error and HTTP status codes, API endpoint, ticket id,
e-mail address and the integration product named.
"""
from __future__ import annotations

import re

import spacy

#: Only the start of a very long description is searched (keeps one call fast).
MAX_CHARS = 5000

SUPPORTED_FORMATS = ["mp4", "avi", "mov", "mkv", "webm"]
OTHER_FORMATS = ["wmv", "flv", "3gp", "m4v", "mpeg", "mpg", "vob", "ts", "rmvb", "heic", "hevc", "mts", "m2ts"]
INTEGRATIONS = ["Splunk", "Splunk SOAR", "QRadar", "IBM QRadar", "ArcSight", "Sentinel", "Microsoft Sentinel",
                "Azure Sentinel", "Phantom", "Demisto", "Cortex XSOAR", "XSOAR", "Okta", "Active Directory",
                "Azure AD", "Entra ID", "OneLogin", "Ping Identity", "Zapier", "Slack", "ServiceNow", "Jira"]
SIZE_UNITS = {"kb": 1 / 1024, "mb": 1.0, "megabytes": 1.0, "megs": 1.0, "gb": 1024.0, "gigabytes": 1024.0,
              "gigs": 1024.0}

# Paths and ticket ids stay one token (the default tokenizer splits at "/" and "-").
_ONE_TOKEN = re.compile(r"^(?:/(?:api|v\d)[\w{}.\-/]*|TICK-\d{8}-\d+)$", re.IGNORECASE)

# Plain token attributes and phrase lists only: REGEX and IN predicates run in Python for
# every token and cost more than all the rest; candidates are checked in ``details``.
PATTERNS = [
    {"label": "FILE_SIZE", "pattern": [{"LIKE_NUM": True}, {"LOWER": {"IN": list(SIZE_UNITS)}}]},
    {"label": "HTTP_STATUS", "pattern": [{"SHAPE": "ddd"}]},
    {"label": "ERROR_CODE", "pattern": [{"IS_UPPER": True, "PREFIX": "E"}]},
    {"label": "ERROR_CODE", "pattern": [{"LOWER": "error"}, {"LOWER": "code", "OP": "?"}, {"LIKE_NUM": True}]},
    {"label": "ENDPOINT", "pattern": [{"PREFIX": "/"}]},
    {"label": "TICKET_ID", "pattern": [{"SHAPE": "XXXX-dddd-ddd"}]},
    {"label": "TICKET_ID", "pattern": [{"SHAPE": "XXXX-dddd-dddd"}]},
    {"label": "EMAIL", "pattern": [{"LIKE_EMAIL": True}]},
] + [{"label": "VIDEO_FORMAT", "pattern": p} for f in SUPPORTED_FORMATS + OTHER_FORMATS for p in (f, "." + f)] \
  + [{"label": "INTEGRATION", "pattern": name} for name in INTEGRATIONS]
_INTEGRATION_NAMES = {n.lower(): n for n in INTEGRATIONS}
# A text with none of these cannot hold a detail, and skips spaCy (half of all tickets).
_TRIGGER_WORDS = sorted({w.lower() for w in SUPPORTED_FORMATS + OTHER_FORMATS + list(SIZE_UNITS)}
                        | {name.split()[0].lower() for name in INTEGRATIONS} | {"error"})
_TRIGGER_WORDS = frozenset(_TRIGGER_WORDS)
_SYMBOL = re.compile(r"[@/]|\b[45]\d\d\b|\bE[A-Z0-9_-]{2,}|\b[Tt][Ii][Cc][Kk]-")
_WORD = re.compile(r"[a-z]+")


def may_hold_details(text: str) -> bool:
    """Cheap test before spaCy: '@', '/', a 4xx/5xx number, an upper-case E-code, a ticket
    id or a trigger word (format, size unit, product, "error")."""
    if _SYMBOL.search(text):
        return True
    return not _TRIGGER_WORDS.isdisjoint(_WORD.findall(text.lower()))
_ERROR_CODE = re.compile(r"^(?:ERR|E)[_-]?[A-Z0-9_]{2,}$|^[A-Z]*\d{3,6}$")
_ENDPOINT = re.compile(r"^/(?:api|v\d)\b", re.IGNORECASE)
_TICKET = re.compile(r"^TICK-\d{8}-\d+$", re.IGNORECASE)


class DetailExtractor:
    """Callable: text -> details dict (every key always present)."""

    def __init__(self) -> None:
        self.nlp = spacy.blank("en")
        self.nlp.tokenizer.token_match = _ONE_TOKEN.match
        ruler = self.nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
        ruler.add_patterns(PATTERNS)

    def __call__(self, text: str) -> dict:
        text = text[:MAX_CHARS]
        return self.details(self.nlp(text) if may_hold_details(text) else ())

    def many(self, texts: list[str]) -> list[dict]:
        texts = [t[:MAX_CHARS] for t in texts]
        candidates = [i for i, t in enumerate(texts) if may_hold_details(t)]
        docs = dict(zip(candidates, self.nlp.pipe(texts[i] for i in candidates), strict=False))
        return [self.details(docs.get(i, ())) for i in range(len(texts))]

    @staticmethod
    def details(doc) -> dict:
        """Details from a processed Doc (or from nothing: every field empty)."""
        found = {"file_size_mb": None, "video_format": None, "error_codes": [], "http_status": [],
                 "endpoint": None, "ticket_id": None, "email": None, "integration": None}
        for ent in getattr(doc, "ents", ()):
            label, text = ent.label_, ent.text
            if label == "FILE_SIZE" and found["file_size_mb"] is None:
                found["file_size_mb"] = _megabytes(text)
            elif label == "VIDEO_FORMAT" and found["video_format"] is None:
                found["video_format"] = text.lstrip(".").upper()
            elif label == "HTTP_STATUS" and text[0] in "45" and int(text) not in found["http_status"]:
                found["http_status"].append(int(text))
            elif label == "ERROR_CODE":
                code = ent[-1].text
                if len(code) == 3 and code.isdigit() and code[0] in "45":  # "error 413" is an HTTP status
                    if int(code) not in found["http_status"]:
                        found["http_status"].append(int(code))
                elif _ERROR_CODE.match(code) and code not in found["error_codes"]:
                    found["error_codes"].append(code)
            elif label == "ENDPOINT" and found["endpoint"] is None and _ENDPOINT.match(text):
                found["endpoint"] = text
            elif label == "TICKET_ID" and found["ticket_id"] is None and _TICKET.match(text):
                found["ticket_id"] = text.upper()
            elif label == "EMAIL" and found["email"] is None:
                found["email"] = text
            elif label == "INTEGRATION" and found["integration"] is None and text.lower() in _INTEGRATION_NAMES:
                found["integration"] = _INTEGRATION_NAMES[text.lower()]
        return found


def _megabytes(text: str) -> float | None:
    match = re.match(r"^(\d+(?:[.,]\d+)?)\s*([a-z]+)$", text.lower())
    if not match:
        return None
    digits = match.group(1)
    # "2,000" is two thousand, "2,5" is two and a half.
    digits = digits.replace(",", "") if re.search(r",\d{3}$", digits) else digits.replace(",", ".")
    number = float(digits)
    return round(number * SIZE_UNITS[match.group(2).lower()], 3)
