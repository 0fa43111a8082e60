"""Two Rasa servers with bot/endpoints.scale-out.yml (trackers in PostgreSQL, locks in
Redis) behind one round-robin address: a conversation whose turns alternate between
the servers goes on as if it had one server."""
from __future__ import annotations

import os
import socket
import uuid

import pytest
import requests
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from handoff.core.models import Ticket
from harness import botstack
from harness.netproxy import RoundRobinProxy
from support_service import runner

from .conftest import texts, ticket_id_in

pytestmark = [pytest.mark.e2e, pytest.mark.rasa, pytest.mark.postgres]
PG_URL = os.environ.get("TEST_DATABASE_URL_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REDIS = (os.environ.get("TEST_REDIS_HOST", "127.0.0.1"), int(os.environ.get("TEST_REDIS_PORT", "6379")))


def _unavailable(what: str, error: Exception):
    reason = f"{what} is not reachable ({type(error).__name__}: {error})"
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI is set, so it must be there")
    pytest.skip(reason)


@pytest.fixture
def tracker_database():
    """A PostgreSQL database of its own for Rasa's trackers (a libpq URL), dropped afterwards."""
    name = f"rasa_scaleout_{uuid.uuid4().hex[:12]}"
    try:
        admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:  # noqa: BLE001 - any failure means "no PostgreSQL here"
        _unavailable(f"PostgreSQL at {PG_URL}", error)
    url = make_url(PG_URL).set(drivername="postgresql", database=name)
    yield url.render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def redis_prefix():
    try:
        with socket.create_connection(REDIS, timeout=3) as sock:
            sock.sendall(b"PING\r\n")
            assert sock.recv(16).startswith(b"+PONG")
    except Exception as error:  # noqa: BLE001
        _unavailable(f"Redis at {REDIS[0]}:{REDIS[1]}", error)
    return f"scaleout{uuid.uuid4().hex[:8]}"


RASA_TOKEN = "scale-out-test-" + uuid.uuid4().hex


@pytest.fixture
def two_rasa_servers(system, tracker_database, redis_prefix):
    env = {"ACTION_SERVER_URL": f"{system.action_url}/webhook", "TRACKER_STORE_URL": tracker_database,
           "LOCK_STORE_HOST": REDIS[0], "LOCK_STORE_PORT": str(REDIS[1]), "LOCK_STORE_DB": "0",
           "LOCK_STORE_PREFIX": redis_prefix, "RASA_AUTH_TOKEN": RASA_TOKEN}  # the HTTP API, to read trackers
    endpoints = runner.BOT_DIR / "endpoints.scale-out.yml"
    servers = [botstack.rasa_server(botstack.free_port(), endpoints, env) for _ in range(2)]
    stack = botstack.BotProcesses(system.service_url, "", system.action_url, [])
    try:
        botstack.launch(servers, system.workdir, stack)
    except runner.StartupError as error:
        pytest.fail(str(error))
    urls = [s.health_url.rstrip("/") for s in servers]
    proxy = RoundRobinProxy(urls)
    yield proxy, urls, tracker_database
    proxy.close()
    stack.stop()


def test_a_conversation_alternating_between_two_servers_keeps_its_state(two_rasa_servers, system):
    proxy, urls, tracker_database = two_rasa_servers
    sender = f"scale-{uuid.uuid4().hex}"

    def say(message: str) -> str:
        response = requests.post(f"{proxy.url}/webhooks/rest/webhook", json={"sender": sender, "message": message},
                                 timeout=60)
        response.raise_for_status()
        return texts(response.json())

    assert "How can I help" in say("Hi")                                  # server A
    assert "what error message" in say("I can't upload my video")         # server B
    assert "How large is your video file" in say("It says file too large")  # A: B's question is remembered
    assert "larger than our 500 MB limit" in say("650MB")                 # B: the slot A asked for is filled here
    say("Create a ticket")                                                 # A
    replies = say("priya.raman@company.com")                               # B: the ticket gathers every turn
    ticket = system.rows(Ticket, id=ticket_id_in(replies))[0]
    assert ticket.details["file_size_mb"] == 650 and ticket.category == "upload_issues"
    transcript = " ".join(m["text"] for m in ticket.transcript)
    assert "I can't upload my video" in transcript and "650MB" in transcript

    turns = [upstream for upstream, path in proxy.served if path.startswith("/webhooks/rest/")]
    assert turns == [urls[0], urls[1]] * 3  # each server took every other turn

    # Both servers read the same tracker, from the shared database.
    trackers = [requests.get(f"{url}/conversations/{sender}/tracker", params={"token": RASA_TOKEN}, timeout=30).json()
                for url in urls]
    assert trackers[0]["slots"] == trackers[1]["slots"]
    engine = create_engine(tracker_database.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.connect() as conn:
        stored = conn.execute(text("select count(*) from events where sender_id = :s"), {"s": sender}).scalar_one()
    engine.dispose()
    assert stored >= 12  # every user turn and bot action, written by both servers
