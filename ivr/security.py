"""Checks on what Twilio sends, and keeping callers' words out of the logs."""
from __future__ import annotations

import re
from collections.abc import Mapping

from twilio.request_validator import RequestValidator, get_signature_algorithm

# Anything that looks like a phone number: 7 or more digits, maybe with separators.
_PHONE = re.compile(r"\+?\d[\d\s().-]{5,}\d")
REDACTED = "[redacted]"


def signature_is_valid(
    auth_token: str, url: str, params: Mapping, signature: str | None, settings_header: str | None = None
) -> bool:
    """Twilio's ``X-Twilio-Signature`` over the URL it called and the POSTed form.

    ``settings_header`` is ``X-Twilio-Webhooks-Signature-Settings``: present when
    the webhook is signed with a SharedKey, it names the algorithm (the secret
    configured as the auth token must then be that key's).
    """
    if not signature or not auth_token:
        return False
    algorithm = get_signature_algorithm(settings_header)
    return RequestValidator(auth_token).validate(url, params, signature, algorithm=algorithm)


def redact(text: str, *secrets: str) -> str:
    """``text`` without the given values (caller's number, transcript) nor phone-like numbers."""
    for secret in sorted((s for s in secrets if s and s.strip()), key=len, reverse=True):
        text = text.replace(secret, REDACTED)
    return _PHONE.sub(REDACTED, text)
