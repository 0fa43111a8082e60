"""Twilio's REST API for what the service starts itself: callback calls, texts, number look-ups.

Only the scheduler and an agent's "Call back" button come here, never a webhook
(Twilio waits on those). The client's base URLs come from the settings, so tests,
the bench and ``ivr simulate`` point it at a local fake of the API.
"""
from __future__ import annotations

from functools import lru_cache

from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from helpdesk_settings.config import Settings

TIMEOUT_S = 10.0
# What a REST call may raise: the network, or Twilio refusing or failing.
ERRORS = (OSError, TwilioException)
# Twilio's answer to a text for a number that replied STOP to our sender.
UNSUBSCRIBED_ERROR = 21610


class NotConfigured(RuntimeError):
    """TWILIO_ACCOUNT_SID / TWILIO_PHONE_NUMBER are not set: nothing can be called or texted."""


def is_transient(error: Exception) -> bool:
    """Worth trying again later (network, Twilio's 5xx or rate limit), not a refusal (bad number...)."""
    if isinstance(error, TwilioRestException):
        return error.status >= 500 or error.status == 429
    return True


def configured(settings: Settings) -> bool:
    return bool(settings.twilio_account_sid and settings.twilio_number and settings.twilio_auth_token)


@lru_cache(maxsize=8)
def _client(account_sid: str, auth_token: str, api_url: str, lookup_url: str) -> Client:
    client = Client(account_sid, auth_token, http_client=TwilioHttpClient(timeout=TIMEOUT_S))
    # Each API domain keeps its base URL; the REST resources build their URLs on it.
    client.api.base_url = api_url
    client.lookups.base_url = lookup_url
    return client


def client(settings: Settings) -> Client:
    if not configured(settings):
        raise NotConfigured("set TWILIO_ACCOUNT_SID and TWILIO_PHONE_NUMBER to place calls and send texts")
    return _client(settings.twilio_account_sid, settings.twilio_auth_token, settings.twilio_api_url,
                   settings.twilio_lookup_url)


def _absolute(settings: Settings, path: str) -> str:
    return settings.public_url.rstrip("/") + path


def place_call(settings: Settings, to: str, answer_path: str, status_path: str, ring_seconds: int) -> str:
    """Ring ``to`` from our number; Twilio fetches ``answer_path`` when it answers (with
    ``AnsweredBy``: answering machines are detected) and posts the final status to
    ``status_path``. Returns the new call's SID."""
    call = client(settings).calls.create(
        to=to,
        from_=settings.twilio_number,
        url=_absolute(settings, answer_path),
        method="POST",
        status_callback=_absolute(settings, status_path),
        status_callback_method="POST",
        status_callback_event=["completed"],
        machine_detection="Enable",
        timeout=ring_seconds,
    )
    return call.sid


def send_sms(settings: Settings, to: str, body: str) -> str:
    message = client(settings).messages.create(to=to, from_=settings.twilio_number, body=body)
    return message.sid


def is_mobile(settings: Settings, number: str) -> bool:
    """Twilio Lookup's line type: texts go to mobiles only (a landline would read them out or drop them)."""
    found = client(settings).lookups.v2.phone_numbers(number).fetch(fields="line_type_intelligence")
    return (found.line_type_intelligence or {}).get("type") == "mobile"
