"""Customers signing in to the portal: a one-time link by email, or the chat widget's
verified identity. No passwords: the customer's mailbox (or their own site) vouches.

A link is valid 15 minutes and once; only the SHA-256 of its token is stored. At most
LINKS_PER_WINDOW links go to one address per 15 minutes, and only to an address that is
in the directory or has tickets; the page says the same in every case, so it tells
nobody which addresses exist.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import exists, func, select, update
from sqlalchemy.orm import Session

from handoff.core import validation
from handoff.core.customers import find_customer
from handoff.core.errors import ValidationError
from handoff.core.models import Ticket, utcnow
from handoff.core.settings import current_settings
from handoff.outbound import notifications
from handoff.portal.models import PortalSignIn

LINK_LIFETIME = timedelta(minutes=15)
LINKS_PER_WINDOW = 3


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def sign_in_url(public_url: str, token: str) -> str:
    return f"{public_url.rstrip('/')}/portal/sign-in/{token}"


def is_customer(session: Session, email: str) -> bool:
    return find_customer(session, email=email) is not None or session.scalar(
        select(exists().where(Ticket.customer_email == email)))


def request_link(session: Session, email, *, now: datetime | None = None) -> bool:
    """Email a sign-in link to ``email`` when it belongs to a customer and is under its rate
    limit; returns whether one was sent (never shown to the visitor). Commits."""
    now = now or utcnow()
    try:
        email = validation.email(email, "email").strip().lower()
    except ValidationError:
        raise ValidationError("email: enter the email address you write to us from", field="email") from None
    recent = session.scalar(select(func.count()).select_from(PortalSignIn).where(
        PortalSignIn.email == email, PortalSignIn.created_at > now - LINK_LIFETIME))
    if recent >= LINKS_PER_WINDOW or not is_customer(session, email):
        session.commit()
        return False
    token = secrets.token_urlsafe(32)
    session.add(PortalSignIn(token_hash=_hash(token), email=email, created_at=now, expires_at=now + LINK_LIFETIME))
    settings = current_settings()
    body = (f"Hello,\n\nSomeone (hopefully you) asked to sign in to the SecureAI support portal as {email}.\n\n"
            f"Sign in: {sign_in_url(settings.public_url, token)}\n\n"
            f"The link works once, within {int(LINK_LIFETIME.total_seconds() // 60)} minutes. "
            "If you did not ask for it, ignore this email: nobody can sign in without it.\n\nSecureAI Support Team\n")
    notifications.enqueue(session, kind="portal_sign_in", to=email, subject="Your sign-in link for SecureAI Support",
                          body=body, smtp=bool(settings.smtp_url), now=now)
    session.commit()
    return True


def link_is_usable(session: Session, token: str, now: datetime | None = None) -> bool:
    row = session.get(PortalSignIn, _hash(token)) if token and len(token) <= 100 else None
    return row is not None and row.used_at is None and row.expires_at > (now or utcnow())


def use_link(session: Session, token: str, *, now: datetime | None = None) -> str | None:
    """The email the link signs in, marking it used; None when it is unknown, used or
    expired. One conditional UPDATE, so two clicks at once cannot both sign in. Commits."""
    now = now or utcnow()
    if not token or len(token) > 100:
        return None
    digest = _hash(token)
    used = session.execute(update(PortalSignIn).where(
        PortalSignIn.token_hash == digest, PortalSignIn.used_at.is_(None), PortalSignIn.expires_at > now)
        .values(used_at=now)).rowcount
    email = session.scalar(select(PortalSignIn.email).where(PortalSignIn.token_hash == digest)) if used else None
    session.commit()
    return email
