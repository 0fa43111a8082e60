"""Finding 2 (identity): the widget's proof of the customer's email was an HMAC of the email that
never expired, so one read from a Rasa tracker or a log worked forever. It is now a signed,
time-limited token (a JWT like Zendesk's messaging JWT) that the bot's actions check."""
from __future__ import annotations

import importlib.util
import time
from pathlib import Path

import jwt

from support_service.widget import identity_token

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("bot_conversation_identity",
                                               ROOT / "bot" / "actions" / "conversation.py")
conv = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(conv)
SECRET = "a-widget-secret-of-some-length-0123456789"


def config(email: str, token: str) -> dict:
    return {"customer": {"email": email, "identity_token": token}}


def test_a_fresh_token_proves_the_email_and_an_expired_one_does_not():
    now = time.time()
    assert conv.is_verified(config("ana@example.com", identity_token("Ana@Example.com", SECRET)), SECRET)
    expired = identity_token("ana@example.com", SECRET, lifetime_s=3600, now=now - 2 * 3600)
    assert not conv.is_verified(config("ana@example.com", expired), SECRET)


def test_the_old_never_expiring_email_hash_is_refused():
    import hashlib
    import hmac

    old = hmac.new(SECRET.encode(), b"ana@example.com", hashlib.sha256).hexdigest()
    assert not conv.is_verified({"customer": {"email": "ana@example.com", "user_hash": old}}, SECRET)
    assert not conv.is_verified(config("ana@example.com", old), SECRET)


def test_a_token_for_another_email_another_key_or_forever_is_refused():
    now = int(time.time())
    assert not conv.is_verified(config("eve@example.com", identity_token("ana@example.com", SECRET)), SECRET)
    assert not conv.is_verified(config("ana@example.com", identity_token("ana@example.com", "x" * 40)), SECRET)
    forever = jwt.encode({"email": "ana@example.com", "iat": now, "exp": now + 10 * 365 * 86400}, SECRET)
    assert not conv.is_verified(config("ana@example.com", forever), SECRET)
    no_expiry = jwt.encode({"email": "ana@example.com", "iat": now}, SECRET)
    assert not conv.is_verified(config("ana@example.com", no_expiry), SECRET)
    unsigned = jwt.encode({"email": "ana@example.com", "iat": now, "exp": now + 60}, None, algorithm="none")
    assert not conv.is_verified(config("ana@example.com", unsigned), SECRET)
