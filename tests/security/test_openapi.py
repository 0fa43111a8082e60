"""The REST API's OpenAPI 3.1 description at /api/openapi.json stays true: every Flask /api
route is described (and nothing else), and schemathesis, generating requests from it against
the running service (gunicorn), finds no 5xx and no answer outside the description."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from support_service.app import create_app
from support_service.openapi import spec

BIN = Path(sys.executable).parent
METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE"}
EXAMPLES_PER_OPERATION = 50


def flask_operations(app) -> set[tuple[str, str]]:
    operations = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/"):
            path = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule.rule)
            operations |= {(method, path) for method in rule.methods & METHODS}
    return operations


def described_operations() -> set[tuple[str, str]]:
    return {(method.upper(), path) for path, item in spec()["paths"].items()
            for method in item if method.upper() in METHODS}


def test_every_api_route_is_described_and_nothing_else(settings):
    served = flask_operations(create_app(settings))
    assert not served - described_operations(), "routes missing from support_service/openapi.yaml"
    assert not described_operations() - served, "described in support_service/openapi.yaml, but not served"


def test_the_description_is_served_as_json(client):
    answer = client.get("/api/openapi.json")
    assert answer.status_code == 200 and answer.get_json()["openapi"].startswith("3.1")


@pytest.fixture(scope="module")
def running_service(tmp_path_factory):
    """The service under gunicorn on a free loopback port, its own SQLite database with demo data."""
    from handoff.cli import prepare_database
    from harness import botstack
    from helpdesk_settings.config import Settings
    from kb_search.index import prepare as prepare_kb_index
    from support_service import runner

    workdir = tmp_path_factory.mktemp("openapi")
    database_url = f"sqlite:///{workdir / 'helpdesk.db'}"
    prepare_database(Settings(database_url=database_url))
    prepare_kb_index()
    try:
        stack = botstack.start_service(workdir, database_url, {"MAIL_DIR": str(workdir / "mail")}, threads=8)
    except runner.StartupError as error:
        pytest.fail(str(error))
    yield stack.service_url, workdir
    stack.stop()


@pytest.mark.e2e
def test_schemathesis_finds_no_server_error_and_no_answer_outside_the_description(running_service):
    """As the manager (who may call every operation), so that generated requests reach the
    handlers rather than stop at 403. Signing out is left out: it would end that session
    for every operation tried after it, leaving them to answer 401 alone."""
    url, workdir = running_service
    signed_in = requests.post(f"{url}/api/auth/login", json={"email": "manager@secureai.com",
                                                             "password": "demo-password"}, timeout=30)
    assert signed_in.status_code == 200
    cookie = "; ".join(f"{name}={value}" for name, value in signed_in.cookies.items())
    done = subprocess.run(
        [BIN / "schemathesis", "run", f"{url}/api/openapi.json", "--url", url,
         "--checks", "not_a_server_error,status_code_conformance,content_type_conformance,"
                     "response_schema_conformance",
         "--phases", "examples,coverage,fuzzing", "--max-examples", str(EXAMPLES_PER_OPERATION),
         "--exclude-operation-id", "logout", "--seed", "13", "--workers", "2", "--no-color", "--generation-database",
         "none",
         "--header", f"Cookie: {cookie}", "--request-timeout", "20",
         "--report", "junit", "--report-dir", str(workdir / "schemathesis")],
        capture_output=True, text=True, timeout=600, cwd=workdir)
    print(done.stdout[-3000:])  # phases, timings, warnings: shown with pytest -s
    assert done.returncode == 0, done.stdout[-8000:] + done.stderr[-2000:]
