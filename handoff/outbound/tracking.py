"""Tracking links: the capability that opens one ticket in the customer portal without sign-in.

The token is HMAC-SHA256(server secret, ticket id + the ticket's salt), so nothing
that opens a ticket is stored: a copy of the database alone opens no ticket, and
every message can carry the link again without keeping it. Tickets start without
a salt; an agent revoking the link gives the ticket a random salt, which changes
the token and kills every link sent before (and every portal session opened by one).
"""
from __future__ import annotations

import base64
import hashlib
import hmac
from urllib.parse import quote

from handoff.core.models import Ticket
from handoff.core.settings import current_settings

PURPOSE = b"ticket-tracking-link:"  # keeps these tokens apart from anything else signed with the secret


def token(ticket: Ticket, secret: str | None = None) -> str:
    secret = secret or current_settings().secret_key
    message = f"{ticket.id}:{ticket.tracking_salt or ''}".encode()
    digest = hmac.new(PURPOSE + secret.encode(), message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:24]).decode().rstrip("=")


def is_valid(ticket: Ticket, given: str | None, secret: str | None = None) -> bool:
    # Compared as bytes: compare_digest refuses str with non-ASCII characters (a crafted link).
    return bool(given) and len(given) <= 64 and hmac.compare_digest(token(ticket, secret).encode(), given.encode())


def path(ticket: Ticket, secret: str | None = None) -> str:
    return f"/tickets/{quote(ticket.id)}?token={token(ticket, secret)}"


def url(public_url: str, ticket: Ticket, secret: str | None = None) -> str:
    return public_url.rstrip("/") + path(ticket, secret)
