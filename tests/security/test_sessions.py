"""Finding 7: signing out ends the session on the server; sign-ins time out; the cookie's flags."""
from __future__ import annotations

import dataclasses
from datetime import timedelta

from sqlalchemy import create_engine, update

from handoff.core.models import StaffSession, utcnow


def _cookie(client) -> str:
    return client.get_cookie("session").value


def _replay(app, cookie: str):
    """A second browser holding a copy of the cookie."""
    other = app.test_client()
    other.set_cookie("session", cookie)
    return other


def _age(app, **columns) -> None:
    engine = create_engine(app.config["SETTINGS"].database_url)
    with engine.begin() as conn:
        conn.execute(update(StaffSession).values(**columns))
    engine.dispose()


def test_a_cookie_saved_before_logout_no_longer_works(app, client, login):
    login(client)
    saved = _cookie(client)
    assert _replay(app, saved).get("/api/auth/me").status_code == 200
    assert client.post("/api/auth/logout").status_code == 204
    assert _replay(app, saved).get("/api/auth/me").status_code == 401
    assert _replay(app, saved).get("/console/views/mine").status_code == 302  # back to the sign-in page


def test_console_logout_ends_the_session_too(app, client):
    from tests.console.conftest import sign_in

    sign_in(client, "agent@secureai.com")
    saved = _cookie(client)
    client.post("/console/logout", data={"csrf_token": client.csrf})
    assert _replay(app, saved).get("/api/auth/me").status_code == 401


def test_an_idle_session_expires(app, client, login):
    login(client)
    idle = app.config["SETTINGS"].session_idle_minutes
    _age(app, last_seen_at=utcnow() - timedelta(minutes=idle - 2))
    assert client.get("/api/auth/me").status_code == 200  # still within the idle time (and touched now)
    _age(app, last_seen_at=utcnow() - timedelta(minutes=idle + 1))
    assert client.get("/api/auth/me").status_code == 401


def test_a_busy_session_still_ends_after_its_absolute_lifetime(app, client, login):
    login(client)
    hours = app.config["SETTINGS"].session_max_hours
    _age(app, created_at=utcnow() - timedelta(hours=hours, minutes=1), last_seen_at=utcnow())
    assert client.get("/api/auth/me").status_code == 401


def test_a_deactivated_agent_is_signed_out(app, client, login, db_url):
    from handoff.core.models import Agent

    login(client)
    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(update(Agent).where(Agent.email == "agent@secureai.com").values(active=False))
    engine.dispose()
    assert client.get("/api/auth/me").status_code == 401


def test_a_session_key_planted_before_sign_in_is_replaced(app, client, login):
    client.get("/console/login")
    before = _cookie(client)
    login(client)
    assert _cookie(client) != before
    assert _replay(app, before).get("/api/auth/me").status_code == 401


def test_the_cookie_is_httponly_and_samesite_lax_and_secure_when_configured(settings, app, client):
    from support_service.app import create_app

    response = client.post("/api/auth/login", json={"email": "agent@secureai.com", "password": "demo-password"})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    secure = create_app(dataclasses.replace(settings, session_cookie_secure=True)).test_client()
    cookie = secure.post("/api/auth/login", json={"email": "agent@secureai.com",
                                                  "password": "demo-password"}).headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie


def test_old_sign_ins_are_purged_by_the_scheduler(app, client, login, db_url):
    from handoff.core.db import session_scope
    from handoff.web.staff_sessions import purge

    login(client)
    client.post("/api/auth/logout")
    with session_scope(db_url) as session, app.app_context():
        assert purge(session, utcnow()) == 0  # ended just now: kept a day for the record
        assert purge(session, utcnow() + timedelta(days=2)) == 1
