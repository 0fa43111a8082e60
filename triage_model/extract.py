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
SIZE_UNITS = {"kb": 1 / 1024, "mb": 1.0, "megabytes": 1.0, "megs": 1.0, "gb": 1024.0, "gigabytes": 1024.0, "gigs": 1024.0}

# Paths and ticket ids stay one token (the default tokenizer splits at "/" and "-").
_ONE_TOKEN = re.compile(r"^(?:/(?:api|v\d)[\w{}.\-/]*|TICK-\d{8}-\d+)$", re.IGNORECASE)
_SIZE_IN_ONE = re.compile(r"^(\d+(?:[.,]\d+)?)(kb|mb|gb)$", re.IGNORECASE)

PATTERNS = [
    {"label": "FILE_SIZE", "pattern": [{"LIKE_NUM": True}, {"LOWER": {"IN": list(SIZE_UNITS)}}]},
    {"label": "FILE_SIZE", "pattern": [{"LOWER": {"REGEX": _SIZE_IN_ONE.pattern}}]},
    {"label": "VIDEO_FORMAT", "pattern": [{"LOWER": {"IN": SUPPORTED_FORMATS + OTHER_FORMATS
                                                     + ["." + f for f in SUPPORTED_FORMATS + OTHER_FORMATS]}}]},
    {"label": "HTTP_STATUS", "pattern": [{"TEXT": {"REGEX": r"^[45]\d\d$"}}]},
    {"label": "ERROR_CODE", "pattern": [{"TEXT": {"REGEX": r"^(?:ERR|E)[_-]?[A-Z0-9_]{2,}$"}}]},
    {"label": "ERROR_CODE", "pattern": [{"LOWER": "error"}, {"LOWER": "code", "OP": "?"}, {"TEXT": {"REGEX": r"^[A-Z]*\d{3,6}$"}}]},
    {"label": "ENDPOINT", "pattern": [{"TEXT": {"REGEX": r"^/(?:api|v\d)"}}]},
    {"label": "TICKET_ID", "pattern": [{"TEXT": {"REGEX": r"^TICK-\d{8}-\d+$"}}]},
    {"label": "EMAIL", "pattern": [{"LIKE_EMAIL": True}]},
] + [{"label": "INTEGRATION", "pattern": [{"LOWER": w.lower()} for w in name.split()]} for name in INTEGRATIONS]


class DetailExtractor:
    """Callable: text -> details dict (every key always present)."""

    def __init__(self) -> None:
        self.nlp = spacy.blank("en")
        self.nlp.tokenizer.token_match = _ONE_TOKEN.match
        ruler = self.nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
        ruler.add_patterns(PATTERNS)

    def __call__(self, text: str) -> dict:
        return self.details(self.nlp(text[:MAX_CHARS]))

    def many(self, texts: list[str]) -> list[dict]:
        return [self.details(doc) for doc in self.nlp.pipe(t[:MAX_CHARS] for t in texts)]

    @staticmethod
    def details(doc) -> dict:
        found = {"file_size_mb": None, "video_format": None, "error_codes": [], "http_status": [],
                 "endpoint": None, "ticket_id": None, "email": None, "integration": None}
        for ent in doc.ents:
            label, text = ent.label_, ent.text
            if label == "FILE_SIZE" and found["file_size_mb"] is None:
                found["file_size_mb"] = _megabytes(text)
            elif label == "VIDEO_FORMAT" and found["video_format"] is None:
                found["video_format"] = text.lstrip(".").upper()
            elif label == "HTTP_STATUS" and int(text) not in found["http_status"]:
                found["http_status"].append(int(text))
            elif label == "ERROR_CODE":
                code = ent[-1].text
                if code not in found["error_codes"]:
                    found["error_codes"].append(code)
            elif label == "ENDPOINT" and found["endpoint"] is None:
                found["endpoint"] = text
            elif label == "TICKET_ID" and found["ticket_id"] is None:
                found["ticket_id"] = text.upper()
            elif label == "EMAIL" and found["email"] is None:
                found["email"] = text
            elif label == "INTEGRATION" and found["integration"] is None:
                found["integration"] = next(n for n in INTEGRATIONS if n.lower() == text.lower())
        return found


def _megabytes(text: str) -> float | None:
    match = _SIZE_IN_ONE.match(text.replace(" ", ""))
    if not match:
        match = re.match(r"^(\d+(?:[.,]\d+)?)\s*([a-z]+)$", text.lower())
    if not match:
        return None
    digits = match.group(1)
    # "2,000" is two thousand, "2,5" is two and a half.
    digits = digits.replace(",", "") if re.search(r",\d{3}$", digits) else digits.replace(",", ".")
    number = float(digits)
    return round(number * SIZE_UNITS[match.group(2).lower()], 3)
