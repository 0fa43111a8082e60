"""Checking what callers send before anything is stored: clear errors, nothing half-saved."""
from __future__ import annotations

import json
import re

from handoff.core.customers import normalize_phone
from handoff.core.errors import ValidationError
from handoff.core.models import CATEGORIES, CHANNELS, PRIORITIES, TIERS

_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"  # one part of a domain name
EMAIL_RE = re.compile(rf"^[^@\s]{{1,64}}@{_LABEL}(?:\.{_LABEL})+$")

LIMITS = {
    "subject": 300,
    "description": 20_000,
    "subcategory": 100,
    "name": 200,
    "company": 200,
    "email": 254,
    "user_id": 60,
    "transcript_messages": 500,
    "message_text": 5_000,
    "json_field_bytes": 20_000,
    "list_items": 50,
    "list_item": 1_000,
    "call_sid": 64,
    "recording_url": 500,
}
TICKET_FIELDS = {
    "subject", "description", "channel", "customer", "category", "priority", "subcategory",
    "details", "conversation", "steps_to_reproduce", "environment", "attachments",
}
# "company" and "tier" are accepted and ignored: the directory decides them (customers.verified_contact).
CUSTOMER_FIELDS = {"email", "name", "company", "phone", "user_id", "tier", "verified"}
CONVERSATION_FIELDS = {"transcript", "call_sid", "speech_transcript", "speech_confidence", "recording_url"}


def _fail(field: str, message: str, code: str = "validation_error"):
    raise ValidationError(f"{field}: {message}", code=code, field=field)


def text(data: dict, key: str, field: str, limit: int, required: bool = False) -> str | None:
    value = data.get(key)
    if value is None or value == "":
        if required:
            _fail(field, "is required")
        return None if value is None else ""
    if not isinstance(value, str):
        _fail(field, "must be a string")
    value = value.strip()
    if len(value) > limit:
        _fail(field, f"is {len(value)} characters long; at most {limit} are accepted", "too_long")
    return value


def choice(value, field: str, allowed) -> str | None:
    if value is None or value == "":
        return None
    if value not in allowed:
        _fail(field, f"unknown value {value!r}; expected one of {', '.join(allowed)}", "unknown_value")
    return value


def email(value, field: str = "customer.email") -> str:
    if not isinstance(value, str) or len(value) > LIMITS["email"] or not EMAIL_RE.match(value.strip()):
        _fail(field, f"{value!r} is not a valid email address", "invalid_email")
    return value.strip().lower()


def _unknown(data: dict, allowed: set, where: str) -> None:
    extra = sorted(set(data) - allowed)
    if extra:
        _fail(where + extra[0] if where else extra[0],
              f"unknown field; accepted fields are {', '.join(sorted(allowed))}", "unknown_field")


def _json_blob(value, field: str, kind: type):
    if value is None:
        return kind()
    if not isinstance(value, kind):
        _fail(field, f"must be a{'n object' if kind is dict else ' list'}")
    if len(json.dumps(value, default=str)) > LIMITS["json_field_bytes"]:
        _fail(field, f"is larger than {LIMITS['json_field_bytes']} bytes", "too_long")
    return value


def _string_list(value, field: str) -> list[str]:
    items = _json_blob(value, field, list)
    if len(items) > LIMITS["list_items"]:
        _fail(field, f"has {len(items)} items; at most {LIMITS['list_items']}", "too_long")
    for item in items:
        if not isinstance(item, str) or len(item) > LIMITS["list_item"]:
            _fail(field, f"items must be strings of at most {LIMITS['list_item']} characters")
    return items


def _customer(value, contact_required: bool = True) -> dict:
    if value is None and not contact_required:
        value = {}
    if not isinstance(value, dict):
        _fail("customer", "is required (an object with at least email or phone)")
    _unknown(value, CUSTOMER_FIELDS, "customer.")
    out = {
        "name": text(value, "name", "customer.name", LIMITS["name"]) or "",
        "company": text(value, "company", "customer.company", LIMITS["company"]) or "",
        "user_id": text(value, "user_id", "customer.user_id", LIMITS["user_id"]),
        "tier": choice(value.get("tier"), "customer.tier", TIERS),
        "email": email(value["email"]) if value.get("email") else "",
        "phone": None,
        "verified": value.get("verified"),
    }
    if out["verified"] is not None and not isinstance(out["verified"], bool):
        _fail("customer.verified", "true or false (did the caller check who the customer is?)")
    if value.get("phone"):
        phone = normalize_phone(str(value["phone"]))
        if not 8 <= len(phone) <= 16:
            _fail("customer.phone", f"{value['phone']!r} is not a phone number in E.164 form", "invalid_phone")
        out["phone"] = phone
    if contact_required and not out["email"] and not out["phone"]:
        _fail("customer", "needs an email or a phone number")
    return out


def _conversation(value) -> dict:
    if value is None:
        value = {}
    if not isinstance(value, dict):
        _fail("conversation", "must be an object")
    _unknown(value, CONVERSATION_FIELDS, "conversation.")
    transcript = value.get("transcript") or []
    if not isinstance(transcript, list):
        _fail("conversation.transcript", "must be a list of {sender, text, ts}")
    if len(transcript) > LIMITS["transcript_messages"]:
        _fail("conversation.transcript", f"has {len(transcript)} messages; at most {LIMITS['transcript_messages']}",
              "too_long")
    messages = []
    for i, msg in enumerate(transcript):
        if not isinstance(msg, dict) or not isinstance(msg.get("text"), str):
            _fail(f"conversation.transcript[{i}]", "must be an object with a text")
        if len(msg["text"]) > LIMITS["message_text"]:
            _fail(f"conversation.transcript[{i}].text", f"longer than {LIMITS['message_text']} characters", "too_long")
        messages.append({"sender": str(msg.get("sender", ""))[:40], "text": msg["text"], "ts": msg.get("ts")})
    confidence = value.get("speech_confidence")
    if confidence is not None and (not isinstance(confidence, (int, float)) or not 0 <= confidence <= 1):
        _fail("conversation.speech_confidence", "must be a number between 0 and 1")
    return {
        "transcript": messages,
        "call_sid": text(value, "call_sid", "conversation.call_sid", LIMITS["call_sid"]),
        "speech_transcript": text(value, "speech_transcript", "conversation.speech_transcript", LIMITS["description"]),
        "speech_confidence": confidence,
        "recording_url": text(value, "recording_url", "conversation.recording_url", LIMITS["recording_url"]),
    }


def new_ticket(data, contact_required: bool = True) -> dict:
    """The cleaned fields of a ticket to create, or ValidationError naming the field.

    ``contact_required=False`` only for a live chat: the agent answers in the chat itself."""
    if not isinstance(data, dict):
        raise ValidationError("the body must be a JSON object")
    _unknown(data, TICKET_FIELDS, "")
    clean = {
        "subject": text(data, "subject", "subject", LIMITS["subject"]) or "",
        "description": text(data, "description", "description", LIMITS["description"]) or "",
        "channel": choice(data.get("channel"), "channel", CHANNELS),
        "category": choice(data.get("category"), "category", CATEGORIES),
        "priority": choice(data.get("priority"), "priority", PRIORITIES),
        "subcategory": text(data, "subcategory", "subcategory", LIMITS["subcategory"]),
        "customer": _customer(data.get("customer"), contact_required),
        "details": _json_blob(data.get("details"), "details", dict),
        "environment": _json_blob(data.get("environment"), "environment", dict),
        "steps_to_reproduce": _string_list(data.get("steps_to_reproduce"), "steps_to_reproduce"),
        "attachments": _string_list(data.get("attachments"), "attachments"),
        "conversation": _conversation(data.get("conversation")),
    }
    if clean["channel"] is None:
        _fail("channel", f"is required; one of {', '.join(CHANNELS)}")
    if not (clean["subject"] or clean["description"] or clean["conversation"]["transcript"]
            or clean["conversation"]["speech_transcript"]):
        _fail("description", "a subject, description or conversation is required")
    return clean


def aware_time(value, field: str):
    """An optional ISO 8601 date and time with its zone ("Z" or "+hh:mm"), as an aware datetime."""
    from datetime import datetime

    if value in (None, ""):
        return None
    try:
        when = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        _fail(field, "an ISO 8601 date and time")
    if when.tzinfo is None:
        _fail(field, "give the time zone (Z or +hh:mm)")
    return when
