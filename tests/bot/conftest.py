"""The real thing, started once per test session: the support service (gunicorn, its
own SQLite database with the demo directory), the Rasa action server and the Rasa
server, on free loopback ports. Tests talk to the bot through Rasa's REST channel,
as the widget does, and read the resulting tickets from the database.
"""
from __future__ import annotations

import os
import socket
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from support_service import runner

RASA_PYTHON = runner.RASA_BIN / "python"
CUSTOMERS = {
    # Contacts of the demo directory (handoff/demo_data.yaml), as the widget's config object sends them.
    "professional": {"name": "John Doe", "email": "john.doe@company.com", "user_id": "USER-12345",
                     "company": {"id": "company_201", "name": "Example Corp", "plan": "professional"},
                     "subscription_tier": "professional", "analyses_this_month": 1234,
                     "last_analysis_date": "2025-01-27"},
    "enterprise": {"name": "Sofia Rossi", "email": "sofia.rossi@globex.example", "user_id": "USER-45601",
                   "company": {"id": "company_456", "name": "Globex Security", "plan": "enterprise"}},
    "starter": {"name": "Maya Chen", "email": "maya.chen@brightline.example", "user_id": "USER-10101",
                "company": {"id": "company_101", "name": "Brightline Media", "plan": "starter"}},
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def require_rasa() -> None:
    if not (runner.RASA_BIN / "rasa").exists():
        reason = "no Rasa environment at .venv-rasa (make setup-rasa)"
        if os.environ.get("CI"):
            pytest.fail(reason + "; CI is set, so it must be there")
        pytest.skip(reason)


@dataclass
class BotStack:
    service_url: str
    rasa_url: str
    action_url: str
    database_url: str

    def say(self, sender: str, text: str, customer: dict | None = None) -> list[dict]:
        """One customer message through the REST channel; the bot's replies."""
        body = {"sender": sender, "message": text}
        if customer:
            body["metadata"] = {"customer": customer}
        response = requests.post(f"{self.rasa_url}/webhooks/rest/webhook", json=body, timeout=30)
        response.raise_for_status()
        return response.json()

    def ticket(self, ticket_id: str):
        from handoff.db import session_scope
        from handoff.models import Ticket

        with session_scope(self.database_url) as session:
            ticket = session.get(Ticket, ticket_id)
            assert ticket is not None, f"{ticket_id} is not in the database"
            session.expunge(ticket)
            return ticket

    def ticket_count(self) -> int:
        from sqlalchemy import func, select

        from handoff.db import session_scope
        from handoff.models import Ticket

        with session_scope(self.database_url) as session:
            return session.scalar(select(func.count()).select_from(Ticket))


@pytest.fixture(scope="session")
def bot_stack(tmp_path_factory) -> BotStack:
    require_rasa()
    import triage_model
    from handoff.cli import prepare_database
    from kb_search.index import prepare as prepare_kb_index
    from support_service.botcheck import train_if_stale
    from support_service.config import Settings

    tmp = tmp_path_factory.mktemp("bot-stack")
    database_url = f"sqlite:///{tmp / 'helpdesk.db'}"
    prepare_database(Settings(database_url=database_url))
    prepare_kb_index()
    triage_model.ensure_model(Settings.from_env().triage_model_dir)
    train_if_stale()

    service_port, action_port, rasa_port = free_port(), free_port(), free_port()
    service_url = f"http://127.0.0.1:{service_port}"
    rasa_url = f"http://127.0.0.1:{rasa_port}"
    endpoints = tmp / "endpoints.yml"
    endpoints.write_text(f'action_endpoint:\n  url: "http://127.0.0.1:{action_port}/webhook"\n')
    metrics = tmp / "prometheus"
    metrics.mkdir()

    service = runner.Process(
        name="support service",
        argv=[str(Path(runner.sys.executable).parent / "gunicorn"), "--workers", "1", "--threads", "16",
              "--bind", f"127.0.0.1:{service_port}", "support_service.app:create_app()"],
        health_url=f"{service_url}/healthz",
        env={"DATABASE_URL": database_url, "RASA_URL": rasa_url, "PUBLIC_URL": service_url,
             "PROMETHEUS_MULTIPROC_DIR": str(metrics)},
    )
    actions = runner.action_server_process(port=action_port, service_url=service_url)
    actions.env["HELPDESK_PUBLIC_URL"] = service_url
    rasa = runner.rasa_process(port=rasa_port, endpoints=str(endpoints))
    rasa.argv[rasa.argv.index("models")] = str(runner.BOT_DIR / "models" / "current.tar.gz")
    processes = [service, actions, rasa]
    logs = [open(tmp / f"{p.name.replace(' ', '-')}.log", "w") for p in processes]
    # Start all three at once (Rasa alone needs ~15 s), then wait for each to answer.
    popens = [
        subprocess.Popen(p.argv, cwd=p.cwd, env={**os.environ, "RASA_TELEMETRY_ENABLED": "false", **p.env},
                         stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        for p, log in zip(processes, logs)
    ]
    try:
        for process, popen in zip(processes, popens):
            runner.wait_healthy(process, popen)
        yield BotStack(service_url, rasa_url, f"http://127.0.0.1:{action_port}", database_url)
    except runner.StartupError as error:
        tails = "\n".join(f"--- {log.name}\n" + Path(log.name).read_text()[-3000:] for log in logs)
        pytest.fail(f"{error}\n{tails}")
    finally:
        runner.stop(popens)
        for log in logs:
            log.close()


@pytest.fixture
def customers() -> dict:
    return CUSTOMERS


@pytest.fixture
def sender(request) -> str:
    """A conversation id of its own for each test (Rasa keeps one tracker per sender)."""
    import uuid

    return f"test-{request.node.name[:40]}-{uuid.uuid4().hex[:8]}"
