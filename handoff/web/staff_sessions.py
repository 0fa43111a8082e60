"""Staff sign-ins kept on the server (table ``staff_session``): start, check, end, forget.

The browser's cookie holds only a random key; the table holds its SHA-256, so neither a
copied database nor a copied cookie outlives signing out or the timeouts
(``SESSION_IDLE_MINUTES``, ``SESSION_MAX_HOURS``). ``handoff.web.auth`` ties it to Flask's
cookie; ``handoff tick`` purges old rows. Docs: docs/sign-in.md.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, update
from sqlalchemy.orm import Session

from handoff.core.db import session_factory
from handoff.core.models import StaffSession
from handoff.core.settings import current_settings

# How often a sign-in's last_seen_at is written (the idle timeout is this coarse).
TOUCH_EVERY = timedelta(seconds=60)
# Ended and expired sign-ins are kept this long (for the record) before purging.
KEEP_ENDED = timedelta(days=1)


def _row_id(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def start(session: Session, agent_id: int, now: datetime) -> str:
    """A new sign-in of ``agent_id``; returns the key for the cookie. Commits."""
    key = secrets.token_urlsafe(32)
    session.add(StaffSession(id=_row_id(key), agent_id=agent_id, created_at=now, last_seen_at=now))
    session.commit()
    return key


def end(session: Session, key: str, now: datetime) -> None:
    """Sign out: the key stops working wherever a copy of it is. Commits."""
    session.execute(update(StaffSession).where(StaffSession.id == _row_id(key), StaffSession.ended_at.is_(None))
                    .values(ended_at=now))
    session.commit()


def live(session: Session, key: str, now: datetime) -> StaffSession | None:
    """The sign-in of ``key``, unless it ended, sat idle too long or is too old."""
    settings = current_settings()
    row = session.get(StaffSession, _row_id(key))
    if row is None or row.ended_at is not None:
        return None
    if (now - row.last_seen_at > timedelta(minutes=settings.session_idle_minutes)
            or now - row.created_at > timedelta(hours=settings.session_max_hours)):
        return None
    return row


def touch(row: StaffSession, now: datetime) -> None:
    """Note activity (for the idle timeout) at most once a minute, in a transaction of its
    own so that the caller's transaction stays as the caller wants it."""
    if now - row.last_seen_at < TOUCH_EVERY:
        return
    with session_factory(current_settings().database_url)() as db:
        db.execute(update(StaffSession).where(StaffSession.id == row.id).values(last_seen_at=now))
        db.commit()


def purge(session: Session, now: datetime) -> int:
    """Forget sign-ins that ended or expired more than a day ago. Does not commit."""
    settings = current_settings()
    cutoff = now - KEEP_ENDED
    return session.execute(delete(StaffSession).where(or_(
        StaffSession.ended_at < cutoff,
        StaffSession.last_seen_at < cutoff - timedelta(minutes=settings.session_idle_minutes),
        StaffSession.created_at < cutoff - timedelta(hours=settings.session_max_hours),
    ))).rowcount or 0
