"""Finding 4: the action server listened on 0.0.0.0:5055 and spent the service token for anyone
who posted to /webhook. It listens on loopback by default (HELPDESK_BIND_HOST for several hosts)."""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from harness import botstack
from support_service import runner

from ._network import accepts, outward_address

pytestmark = [pytest.mark.rasa, pytest.mark.e2e]


def test_the_action_server_listens_on_loopback_only(tmp_path):
    if not (runner.RASA_BIN / "rasa").exists():
        pytest.skip("no Rasa environment at .venv-rasa (make setup-rasa)")
    address = outward_address()
    if address is None:
        pytest.skip("this machine has no non-loopback address to try")
    process = runner.action_server_process(port=botstack.free_port())
    stack = botstack.launch([process], tmp_path, botstack.BotProcesses("", "", "", []))
    try:
        port = urlsplit(process.health_url).port
        assert accepts("127.0.0.1", port)
        assert not accepts(address, port), f"the action server answers on {address}:{port}"
    finally:
        stack.stop()


def test_the_bind_host_is_a_setting(monkeypatch):
    assert runner.action_server_process().env["SANIC_HOST"] == "127.0.0.1"
    monkeypatch.setenv("HELPDESK_BIND_HOST", "10.0.0.7")
    process = runner.action_server_process()
    assert process.env["SANIC_HOST"] == "10.0.0.7" and process.health_url.startswith("http://10.0.0.7:")
