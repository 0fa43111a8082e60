"""Finding 2: Rasa ran with its HTTP API open (`--enable-api --cors *`, no token) on 0.0.0.0:
anyone could read any conversation's tracker (email, identity, live chat id) or replace the
model. Now the API is off unless a token comes from the environment, CORS names the pages
that embed the widget, and the server listens on loopback; the widget's REST channel works."""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest
import requests
import yaml

from harness import botstack
from support_service import runner
from support_service.botcheck import MODEL

from ._network import accepts, outward_address

pytestmark = [pytest.mark.rasa, pytest.mark.e2e]
WIDGET_ORIGIN = "https://app.customer.example"
TOKEN = "rasa-api-token-for-the-test-0123456789"


@pytest.fixture(scope="module")
def rasa_servers(tmp_path_factory):
    """Two Rasa servers as `helpdesk run` starts them: one as shipped, one with RASA_AUTH_TOKEN."""
    if not (runner.RASA_BIN / "rasa").exists() or not MODEL.exists():
        pytest.skip("no Rasa environment or trained bot model (make setup-rasa; helpdesk prepare)")
    workdir = tmp_path_factory.mktemp("rasa-api")
    endpoints = workdir / "endpoints.yml"  # an action server port nobody listens on: no custom action runs
    config = yaml.safe_load((runner.BOT_DIR / "endpoints.yml").read_text())
    config["action_endpoint"]["url"] = f"http://127.0.0.1:{botstack.free_port()}/webhook"
    endpoints.write_text(yaml.safe_dump(config))
    plain = botstack.rasa_server(botstack.free_port(), endpoints, allowed_origins=[WIDGET_ORIGIN])
    locked = botstack.rasa_server(botstack.free_port(), endpoints, env={"RASA_AUTH_TOKEN": TOKEN},
                                  allowed_origins=[WIDGET_ORIGIN])
    stack = botstack.BotProcesses("", "", "", [])
    try:
        botstack.launch([plain, locked], workdir, stack)
    except runner.StartupError as error:
        pytest.fail(str(error))
    yield [p.health_url.rstrip("/") for p in (plain, locked)]
    stack.stop()


def test_the_http_api_is_off_and_the_widget_channel_answers(rasa_servers):
    url = rasa_servers[0]
    assert requests.get(f"{url}/conversations/someone/tracker", timeout=10).status_code == 404
    assert requests.put(f"{url}/model", json={"model_file": "/tmp/x.tar.gz"}, timeout=10).status_code in (404, 405)
    assert requests.post(f"{url}/model/train", data="x", timeout=10).status_code in (404, 405)
    assert requests.get(f"{url}/status", timeout=10).status_code == 404
    reply = requests.post(f"{url}/webhooks/rest/webhook", json={"sender": "api-test-1", "message": "hi"},
                          headers={"Origin": WIDGET_ORIGIN}, timeout=60)
    assert reply.status_code == 200 and isinstance(reply.json(), list)  # the channel answers (the bot's words aside)
    assert reply.headers.get("Access-Control-Allow-Origin") == WIDGET_ORIGIN


def test_with_a_token_the_api_answers_only_with_the_token(rasa_servers):
    url = rasa_servers[1]
    requests.post(f"{url}/webhooks/rest/webhook", json={"sender": "api-test-2", "message": "hi"}, timeout=60)
    assert requests.get(f"{url}/conversations/api-test-2/tracker", timeout=10).status_code == 401
    assert requests.put(f"{url}/model", json={}, timeout=10).status_code == 401
    tracker = requests.get(f"{url}/conversations/api-test-2/tracker", params={"token": TOKEN}, timeout=10)
    assert tracker.status_code == 200 and tracker.json()["sender_id"] == "api-test-2"


def test_cors_names_only_the_configured_origins(rasa_servers):
    for url in rasa_servers:
        preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
        evil = requests.options(f"{url}/webhooks/rest/webhook", headers={"Origin": "https://evil.example", **preflight},
                                timeout=10)
        assert evil.headers.get("Access-Control-Allow-Origin") not in ("*", "https://evil.example")
        good = requests.options(f"{url}/webhooks/rest/webhook", headers={"Origin": WIDGET_ORIGIN, **preflight},
                                timeout=10)
        assert good.headers.get("Access-Control-Allow-Origin") == WIDGET_ORIGIN


def test_the_rasa_server_listens_on_loopback_only(rasa_servers):
    address = outward_address()
    if address is None:
        pytest.skip("this machine has no non-loopback address to try")
    for url in rasa_servers:
        port = urlsplit(url).port
        assert accepts("127.0.0.1", port)
        assert not accepts(address, port), f"Rasa answers on {address}:{port}"


def test_allowed_origins_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("HELPDESK_ALLOWED_ORIGINS", "https://app.secureai.com, https://portal.secureai.com")
    argv = runner.rasa_process().argv
    cors = argv[argv.index("--cors") + 1:argv.index("--interface")]
    assert cors == ["https://app.secureai.com", "https://portal.secureai.com"]
    assert "--enable-api" not in argv and "*" not in argv
    monkeypatch.setenv("HELPDESK_BIND_HOST", "10.0.0.5")
    argv = runner.rasa_process().argv
    assert argv[argv.index("--interface") + 1] == "10.0.0.5"
