"""Who is calling: services by API token, staff by password and session; roles grant rights.

The console reuses ``authenticate``, ``login``, ``logout`` and ``current_principal``.
"""
from __future__ import annotations

import hashlib
import hmac
import time
from dataclasses import dataclass
from functools import wraps

from flask import g, request
from flask import session as flask_session
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from handoff.core.db import begin_read, request_session
from handoff.core.errors import Unauthorized
from handoff.core.models import Agent, ServiceToken, utcnow
from handoff.web import permissions, staff_sessions

SESSION_KEY = "sid"  # the cookie's random key of a sign-in (handoff.web.staff_sessions)
TOKEN_CACHE_S = 10.0
_token_cache: dict[tuple[str, str], tuple[Principal, float]] = {}  # (database, token hash)
# A hash that can never match, checked when the email is unknown so that both cases take as long.
_DUMMY_HASH = generate_password_hash("not-a-password")


@dataclass(frozen=True)
class Principal:
    kind: str  # service | agent | manager
    name: str
    agent_id: int | None = None
    support_tier: int = 0

    @property
    def role(self) -> str:
        """service, manager or agent (permissions.role_of turns an agent into tier1..tier3)."""
        return self.kind

    def can(self, permission: str) -> bool:
        """What handoff/web/permissions.yaml lets this caller do (regardless of any ticket's owner)."""
        return permissions.table()[permission][permissions.role_of(self)] != "no"


def hash_token(token: str) -> str:
    """Service tokens are long random strings, so a plain SHA-256 is enough to store them."""
    return hashlib.sha256(token.encode()).hexdigest()


def hash_password(password: str) -> str:
    return generate_password_hash(password)


def add_service_token(session: Session, name: str, token: str) -> ServiceToken:
    """Store (or replace) the token of service ``name``."""
    row = session.scalars(select(ServiceToken).where(ServiceToken.name == name)).first()
    if row is None:
        row = ServiceToken(name=name, token_hash=hash_token(token))
        session.add(row)
    else:
        row.token_hash, row.revoked_at = hash_token(token), None
    return row


def service_for_token(session: Session, token: str) -> ServiceToken | None:
    """The active service token row for ``token``, else None (always asks the database)."""
    digest = hash_token(token)
    row = session.scalars(
        select(ServiceToken).where(ServiceToken.token_hash == digest, ServiceToken.revoked_at.is_(None))
    ).first()
    return row if row is not None and hmac.compare_digest(row.token_hash, digest) else None


def authenticate(session: Session, email: str, password: str) -> Agent | None:
    """The active staff member with these credentials, else None."""
    agent = session.scalars(select(Agent).where(Agent.email == (email or "").strip().lower())).first()
    if agent is None or not agent.active:
        check_password_hash(_DUMMY_HASH, password or "")
        return None
    return agent if check_password_hash(agent.password_hash, password or "") else None


def login(agent: Agent) -> None:
    """Start a server-side staff session; the (signed) cookie gets only its random key.
    Whatever the cookie held before is dropped, so a key planted before sign-in is worthless."""
    key = staff_sessions.start(request_session(), agent.id, utcnow())
    flask_session.clear()
    flask_session[SESSION_KEY] = key


def logout() -> None:
    """End the sign-in on the server: a copy of the cookie kept elsewhere stops working too."""
    key = flask_session.get(SESSION_KEY)
    if isinstance(key, str):
        staff_sessions.end(request_session(), key, utcnow())
    flask_session.clear()


def _principal_for_agent(agent: Agent) -> Principal:
    return Principal(kind="manager" if agent.role == "manager" else "agent", name=agent.name, agent_id=agent.id,
                     support_tier=agent.support_tier)


def _service_principal(db: Session, token: str) -> Principal | None:
    """Services call on every request, so a verified token is trusted for TOKEN_CACHE_S
    seconds without a database query (a revoked token stops working within that time)."""
    key = (str(db.get_bind().url), hash_token(token))
    cached = _token_cache.get(key)
    if cached is not None and cached[1] > time.monotonic():
        return cached[0]
    service = service_for_token(db, token)
    if service is None:
        return None
    principal = Principal(kind="service", name=f"service:{service.name}")
    _token_cache[key] = (principal, time.monotonic() + TOKEN_CACHE_S)
    return principal


def current_principal() -> Principal | None:
    """The caller of this request: a Bearer service token, or a logged-in staff session."""
    if "principal" in g:
        return g.principal
    principal = None
    db = request_session()
    reading = begin_read(db)
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        principal = _service_principal(db, header[7:].strip())
    elif isinstance(flask_session.get(SESSION_KEY), str):
        now = utcnow()
        row = staff_sessions.live(db, flask_session[SESSION_KEY], now)
        agent = db.get(Agent, row.agent_id) if row is not None else None
        if agent is not None and agent.active:
            principal = _principal_for_agent(agent)
    if reading:
        db.commit()  # the view decides how its own transaction begins
    if principal is not None and principal.agent_id is not None:
        staff_sessions.touch(row, now)
    g.principal = principal
    return principal


def require(permission: str):
    """View decorator: 401 without a credential, 403 when the permission table has "no" for the
    caller's role (cells that depend on the ticket are checked where the ticket is changed)."""

    def decorate(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            principal = current_principal()
            if principal is None:
                raise Unauthorized("sign in, or send a service token as 'Authorization: Bearer <token>'")
            if not principal.can(permission):
                permissions.check(principal, permission)
            return view(*args, **kwargs)

        wrapper.permission = permission  # tests/security check that every endpoint names one
        return wrapper

    return decorate
