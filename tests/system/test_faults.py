"""Faults the service must ride out without a restart: the database going away (cut
behind a loopback TCP proxy, never the shared PostgreSQL server itself) and a damaged
triage model release."""
from __future__ import annotations

import dataclasses
import logging
import shutil
import time

import pytest
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from harness.netproxy import TcpProxy

BODY = {
    "subject": "Dashboard does not load",
    "description": "The analytics dashboard stays blank since this morning.",
    "channel": "portal",
    "customer": {"email": "john.doe@company.com", "name": "John Doe"},
    "category": "performance", "priority": "P3",
}


@pytest.fixture
def outage(pg_schema):
    """The service on PostgreSQL (a schema of its own, demo data) reached through a
    proxy that the test can cut: (proxy, client, the database's direct URL)."""
    from handoff.core.db import all_metadata, dispose_engine, get_engine, session_scope
    from handoff.demo.directory import seed_demo
    from helpdesk_settings.config import Settings
    from support_service.app import create_app

    for metadata in all_metadata():
        metadata.create_all(get_engine(pg_schema))
    with session_scope(pg_schema) as session:
        seed_demo(session, "dev-service-token")
    real = make_url(pg_schema)
    proxy = TcpProxy((real.host, real.port))
    via_proxy = real.set(port=proxy.port).render_as_string(hide_password=False)
    yield proxy, create_app(Settings(database_url=via_proxy)).test_client(), pg_schema
    dispose_engine(via_proxy)
    proxy.close()


def ticket_rows(url: str) -> dict[str, int]:
    engine = create_engine(url)
    with engine.connect() as conn:
        counts = {table: conn.execute(text(f"select count(*) from {table}")).scalar_one()
                  for table in ("ticket", "ticket_event", "notification")}
    engine.dispose()
    return counts


@pytest.mark.postgres
def test_database_outage_gives_json_503_writes_nothing_and_recovers(outage, service_headers):
    proxy, client, real_url = outage
    assert client.post("/api/tickets", json=BODY, headers=service_headers).status_code == 201
    before = ticket_rows(real_url)

    proxy.cut()
    for method, path in (("post", "/api/tickets"), ("get", "/api/tickets"), ("get",
                                                                             "/api/customers/john.doe@company.com")):
        response = getattr(client, method)(path, json=BODY if method == "post" else None, headers=service_headers)
        assert response.status_code == 503, (path, response.get_data(as_text=True)[:300])
        assert response.get_json()["error"]["code"] == "database_unavailable"
        assert response.headers["Retry-After"]
    ready = client.get("/readyz")
    assert ready.status_code == 503 and ready.get_json()["checks"]["database"].startswith("failed")

    proxy.restore()
    assert client.post("/api/tickets", json=BODY, headers=service_headers).status_code == 201
    assert client.get("/readyz").get_json()["checks"]["database"] == "ok"
    after = ticket_rows(real_url)
    assert after["ticket"] == before["ticket"] + 1


@pytest.mark.postgres
def test_connection_lost_in_the_middle_of_a_ticket_leaves_no_trace(outage, service_headers):
    proxy, client, real_url = outage
    before = ticket_rows(real_url)

    def cut_after_the_ticket_row(session, _context):  # the INSERT is sent, the COMMIT never arrives
        proxy.cut()

    event.listen(Session, "after_flush", cut_after_the_ticket_row, once=True)
    response = client.post("/api/tickets", json=BODY, headers={**service_headers, "Idempotency-Key": "cut-1"})
    assert response.status_code == 503
    assert ticket_rows(real_url) == before

    proxy.restore()  # the retry the client is told to make succeeds, once
    retried = client.post("/api/tickets", json=BODY, headers={**service_headers, "Idempotency-Key": "cut-1"})
    assert retried.status_code == 201
    assert ticket_rows(real_url)["ticket"] == before["ticket"] + 1


@pytest.fixture
def damaged_release(triage_model_dir, tmp_path):
    """A model root whose current version is damaged and whose previous one is good."""
    import triage_model
    from triage_model.model import current_version_dir, set_current

    good = current_version_dir(triage_model_dir)
    root = tmp_path / "models"
    shutil.copytree(good, root / good.name)
    bad = root / "29991231-235959-damaged0"
    shutil.copytree(good, bad)
    (bad / "model.joblib").write_bytes(b"not a model at all")
    set_current(root, bad.name)
    with pytest.raises(triage_model.ModelLoadError):
        triage_model.load_current(root)
    return root, good.name


def test_a_damaged_current_model_is_logged_and_the_previous_one_serves(damaged_release, caplog):
    import triage_model

    root, previous = damaged_release
    with caplog.at_level(logging.ERROR, logger="triage_model"):
        model = triage_model.load_serving(root)
    assert model.version == previous
    assert "29991231-235959-damaged0 cannot be loaded" in caplog.text
    assert f"serving the previous version {previous}" in caplog.text
    assert model.predict_one("Upload fails", "my 900 MB file is rejected")["category"]


def test_the_service_keeps_triaging_with_the_previous_model(damaged_release, app, service_headers):
    from support_service.app import create_app

    root, previous = damaged_release
    client = create_app(dataclasses.replace(app.config["SETTINGS"], triage_model_dir=root)).test_client()
    body = {key: value for key, value in BODY.items() if key not in ("category", "priority")}
    response = client.post("/api/tickets", json=body, headers=service_headers)
    assert response.status_code == 201
    assert response.get_json()["triage"]["model_version"] == previous, response.get_json()["triage"]
    assert previous in client.get("/readyz").get_json()["checks"]["triage_model"]


def test_no_loadable_model_at_all_is_a_clear_error(damaged_release):
    import triage_model

    root, previous = damaged_release
    shutil.rmtree(root / previous)
    with pytest.raises(triage_model.ModelLoadError, match="does not match the hash|cannot load"):
        triage_model.load_serving(root)


@pytest.mark.e2e
def test_a_service_started_on_a_damaged_release_says_so_at_start_and_serves_the_previous_model(
        damaged_release, tmp_path, service_headers):
    import json

    import requests

    from handoff.cli import prepare_database
    from harness import botstack
    from helpdesk_settings.config import Settings
    from support_service import runner

    root, previous = damaged_release
    database_url = f"sqlite:///{tmp_path / 'helpdesk.db'}"
    prepare_database(Settings(database_url=database_url))
    try:
        stack = botstack.start_service(tmp_path, database_url, {"TRIAGE_MODEL_DIR": str(root)}, threads=2, workers=2)
    except runner.StartupError as error:
        pytest.fail(str(error))
    try:
        url = stack.service_url
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # gunicorn's master loads the model before it forks the workers
            lines = stack.logs[0].read_text().splitlines()
            at_start = [json.loads(line) for line in lines if "cannot be loaded" in line]
            if at_start:
                break
            time.sleep(0.5)
        assert len(at_start) == 1, "the service reports the damaged release once, as it starts"
        assert at_start[0]["level"] == "ERROR" and "29991231-235959-damaged0" in at_start[0]["message"]
        assert f"serving the previous version {previous}" in at_start[0]["message"]
        assert previous in requests.get(f"{url}/readyz", timeout=10).json()["checks"]["triage_model"]
        body = {key: value for key, value in BODY.items() if key not in ("category", "priority")}
        created = requests.post(f"{url}/api/tickets", json=body, headers=service_headers, timeout=30)
        assert created.status_code == 201 and created.json()["triage"]["model_version"] == previous
    finally:
        stack.stop()
