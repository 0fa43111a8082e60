"""Shared fixtures: a clean database on SQLite and on PostgreSQL, the app, a client, credentials.

``db_url``   a database URL with every table created and nothing in it, once per backend
             (SQLite file in tmp_path; PostgreSQL in a fresh schema of its own, dropped after).
``app``      the support service on ``db_url`` with the demo directory, staff and service token.
``client``   Flask test client of ``app``.
``service_headers``  Authorization header with the dev service token.
``login``    login(client, email="agent@secureai.com") signs a staff member in on that client.
``triage_model_dir``  a trained triage model (trained from training_data/ if none is current).
``running_stack``  the service, the Rasa action server and the Rasa server, started once per session.
"""
from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

PG_URL = os.environ.get("TEST_DATABASE_URL_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
SERVICE_TOKEN = "dev-service-token"
DEMO_PASSWORD = "demo-password"

_pg_state: dict[str, str | None] = {}


def _pg_unreachable_reason() -> str | None:
    if "reason" not in _pg_state:
        try:
            engine = create_engine(PG_URL, connect_args={"connect_timeout": 3})
            with engine.connect() as conn:
                conn.execute(text("select 1"))
            engine.dispose()
            _pg_state["reason"] = None
        except Exception as exc:  # any failure to connect means "not reachable"
            _pg_state["reason"] = f"PostgreSQL at {PG_URL} is not reachable ({type(exc).__name__}: {exc})"
    return _pg_state["reason"]


def _create_tables(url: str) -> None:
    from handoff.core.db import all_metadata, get_engine

    engine = get_engine(url)
    for metadata in all_metadata():
        metadata.create_all(engine)


def postgres_schema_url(schema: str) -> str:
    """PG_URL with every connection's search_path set to ``schema``."""
    url = make_url(PG_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


@pytest.fixture
def pg_schema():
    """A fresh, empty PostgreSQL schema (its URL), dropped afterwards; parallel runs never meet."""
    reason = _pg_unreachable_reason()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI is set, so PostgreSQL must be there")
        pytest.skip(reason)
    schema = f"t_{uuid.uuid4().hex[:16]}"
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = postgres_schema_url(schema)
    yield url
    from handoff.core.db import dispose_engine

    dispose_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request, tmp_path):
    """A database with all tables and no rows, on each backend in turn."""
    from handoff.core.db import dispose_engine

    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'helpdesk.db'}"
        _create_tables(url)
        yield url
        dispose_engine(url)
    else:
        url = request.getfixturevalue("pg_schema")
        _create_tables(url)
        yield url


@pytest.fixture(scope="session")
def triage_model_dir() -> Path:
    """The served triage model directory, trained from training_data/ when nothing is current."""
    import triage_model
    from helpdesk_settings.config import Settings

    root = Settings.from_env().triage_model_dir
    triage_model.ensure_model(root)
    return root


@pytest.fixture
def settings(db_url, tmp_path):
    from helpdesk_settings.config import Settings

    return Settings(
        database_url=db_url,
        secret_key="test-secret",
        public_url="http://helpdesk.test",
        service_token=SERVICE_TOKEN,
    )


@pytest.fixture
def app(settings, monkeypatch):
    from handoff.core.db import session_scope
    from handoff.demo.directory import seed_demo
    from support_service.app import create_app

    monkeypatch.setenv("HELPDESK_DEMO_PASSWORD", DEMO_PASSWORD)
    with session_scope(settings.database_url) as session:
        seed_demo(session, settings.service_token)
    app = create_app(settings)
    app.config["TESTING"] = True
    return app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def service_headers() -> dict:
    return {"Authorization": f"Bearer {SERVICE_TOKEN}"}


@pytest.fixture
def login():
    """login(client, email="agent@secureai.com", password=DEMO_PASSWORD) -> the response JSON."""

    def _login(client, email: str = "agent@secureai.com", password: str = DEMO_PASSWORD) -> dict:
        response = client.post("/api/auth/login", json={"email": email, "password": password})
        assert response.status_code == 200, response.get_json()
        return response.get_json()

    return _login


@pytest.fixture(scope="session")
def running_stack(tmp_path_factory):
    """The support service (gunicorn), the Rasa action server and the Rasa server on free
    loopback ports with a SQLite database of their own (demo data), started once per test
    session for tests/bot and tests/e2e: (botstack.BotProcesses, database URL, work folder)."""
    from harness import botstack
    from support_service import runner

    if not (runner.RASA_BIN / "rasa").exists():
        reason = "no Rasa environment at .venv-rasa (make setup-rasa)"
        if os.environ.get("CI"):
            pytest.fail(reason + "; CI is set, so it must be there")
        pytest.skip(reason)
    workdir = tmp_path_factory.mktemp("stack")
    database_url = f"sqlite:///{workdir / 'helpdesk.db'}"
    botstack.prepare(database_url)
    try:
        stack = botstack.start(workdir, database_url)
    except runner.StartupError as error:
        pytest.fail(str(error))
    yield stack, database_url, workdir
    stack.stop()
