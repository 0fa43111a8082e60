"""Finding 3: every secret had a public default and nothing checked. With HELPDESK_ENV=production
every process refuses to start while a secret is empty, short or shipped, and says which one;
production seeds no demo staff, customers or token; cookies are Secure. In development
seeding never re-activates a revoked token nor resets a changed password."""
from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from handoff.cli import prepare_database
from handoff.core.db import session_scope
from handoff.core.models import Agent, Contact, ServiceToken
from helpdesk_settings import production
from helpdesk_settings.config import Settings
from support_service.app import create_app

from ._production import STRONG
from ._production import production as production_settings

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def production_env(**secrets) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in STRONG}
    return {**env, "HELPDESK_ENV": "production", **secrets}


@pytest.mark.parametrize("field, value, says", [
    ("secret_key", "dev-secret-change-me", "SECRET_KEY is the development default"),
    ("twilio_auth_token", "dev-twilio-token", "TWILIO_AUTH_TOKEN is the development default"),
    ("widget_secret", "dev-widget-secret", "HELPDESK_WIDGET_SECRET is the development default"),
    ("secret_key", "dev-service-token", "SECRET_KEY is the development default"),  # any shipped value
    ("secret_key", "", "SECRET_KEY is empty"),
    ("widget_secret", "short-but-new", "HELPDESK_WIDGET_SECRET is shorter than 16 characters"),
    ("secret_key", "CHANGE-ME-64-random-characters", "SECRET_KEY is still the placeholder"),
])
def test_the_app_factory_names_the_weak_secret(settings, field, value, says):
    with pytest.raises(production.InsecureConfiguration, match=says):
        create_app(dataclasses.replace(production_settings(settings), **{field: value}))


def test_the_shipped_settings_name_every_weak_secret(settings):
    with pytest.raises(production.InsecureConfiguration) as refused:
        create_app(Settings(env="production", database_url=settings.database_url))
    assert "SECRET_KEY is the development default" in str(refused.value)
    assert len(refused.value.problems) == 3
    assert create_app(settings)  # development starts with the shipped values (make run)


def test_helpdesk_run_and_the_scheduler_refuse_before_starting_anything(tmp_path):
    env = production_env(DATABASE_URL=f"sqlite:///{tmp_path / 'never.db'}")
    for argv in ([BIN / "helpdesk", "run"], [BIN / "handoff", "tick"]):
        done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=60)
        assert done.returncode == 2, done.stderr
        assert "SECRET_KEY is the development default" in done.stderr
    assert not (tmp_path / "never.db").exists()  # nothing was prepared or started


def test_helpdesk_run_names_the_action_server_s_secrets_too(tmp_path):
    env = production_env(**{k: v for k, v in STRONG.items() if k != "HELPDESK_SERVICE_TOKEN"},
                         DATABASE_URL=f"sqlite:///{tmp_path / 'never.db'}")
    done = subprocess.run([BIN / "helpdesk", "run"], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "HELPDESK_SERVICE_TOKEN is the development default" in done.stderr


def test_gunicorn_stops_instead_of_serving_with_shipped_secrets(tmp_path):
    env = production_env(DATABASE_URL=f"sqlite:///{tmp_path / 'h.db'}", PROMETHEUS_MULTIPROC_DIR=str(tmp_path))
    done = subprocess.run([BIN / "gunicorn", "--workers", "1", "--bind", "127.0.0.1:0",
                           "--config", "python:support_service.gunicorn_conf", "support_service.app:create_app()"],
                          env=env, capture_output=True, text=True, timeout=90, cwd=ROOT)
    assert done.returncode != 0
    assert "SECRET_KEY is the development default" in done.stderr


@pytest.mark.rasa
def test_the_action_server_refuses_shipped_secrets():
    rasa = ROOT / ".venv-rasa" / "bin" / "rasa"
    if not rasa.exists():
        pytest.skip("no Rasa environment at .venv-rasa")
    env = production_env(SANIC_HOST="127.0.0.1", HELPDESK_WIDGET_SECRET=STRONG["HELPDESK_WIDGET_SECRET"])
    done = subprocess.run([rasa, "run", "actions", "--port", "0", "--actions", "actions"], cwd=ROOT / "bot",
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert "HELPDESK_SERVICE_TOKEN is the development default" in done.stdout + done.stderr


def test_production_seeds_no_demo_staff_customers_or_token(tmp_path):
    prepared = production_settings(Settings(), database_url=f"sqlite:///{tmp_path / 'production.db'}")
    prepare_database(prepared)
    with session_scope(prepared.database_url) as session:
        assert session.scalar(select(func.count()).select_from(Agent)) == 0
        assert session.scalar(select(func.count()).select_from(Contact)) == 0
        assert session.scalar(select(func.count()).select_from(ServiceToken)) == 0
    done = subprocess.run([BIN / "handoff", "seed-demo"], capture_output=True, text=True, timeout=60,
                          env=production_env(**STRONG, DATABASE_URL=prepared.database_url))
    assert done.returncode == 2 and "no demo data in production" in done.stderr


def test_production_cookies_are_secure(settings, login):
    from handoff.demo.directory import seed_demo

    prepared = production_settings(settings)
    with session_scope(prepared.database_url) as session:  # staff of its own, as an operator would add
        seed_demo(session, STRONG["HELPDESK_SERVICE_TOKEN"])
    client = create_app(prepared).test_client()
    response = client.post("/api/auth/login", json={"email": "agent@secureai.com", "password": "demo-password"})
    assert response.status_code == 200
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie


def test_development_seeding_keeps_a_revoked_token_revoked_and_a_changed_password(app, client, service_headers):
    from handoff.core.models import utcnow
    from handoff.demo.directory import seed_demo
    from handoff.web.auth import hash_password

    url = app.config["SETTINGS"].database_url
    with session_scope(url) as session:
        session.scalars(select(ServiceToken).where(ServiceToken.name == "dev")).one().revoked_at = utcnow()
        agent = session.scalars(select(Agent).where(Agent.email == "agent@secureai.com")).one()
        agent.password_hash = hash_password("a-new-password-of-mine")
        session.commit()
        seed_demo(session, "dev-service-token")
    with session_scope(url) as session:
        assert session.scalars(select(ServiceToken).where(ServiceToken.name == "dev")).one().revoked_at is not None
    fresh = create_app(app.config["SETTINGS"]).test_client()
    assert fresh.get("/api/auth/me", headers=service_headers).status_code == 401
    assert fresh.post("/api/auth/login", json={"email": "agent@secureai.com",
                                               "password": "demo-password"}).status_code == 401
