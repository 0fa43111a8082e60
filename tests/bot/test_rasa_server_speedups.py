"""The pieces that make a Rasa turn cheaper (bot/tracker_store.py, bot/serve.py,
bot/intent_rule_policy.py) keep Rasa's behaviour: conversations come back exactly as saved, a
turn that fails half-way changes nothing, sessions split as before, a bad action server response
is still refused, rules are looked for on a message's words whenever one could match them, and
the calls to the action server share one connection and arrive as sent.

They run in the Rasa environment, from bot/ as the server does.
"""
from __future__ import annotations

import json
import os
import subprocess

import pytest

from support_service import runner

pytestmark = pytest.mark.rasa

SCRIPT = r"""
import asyncio, json
from jsonschema import ValidationError
from rasa.core.tracker_store import InMemoryTrackerStore, TrackerStore
from rasa.core.utils import AvailableEndpoints
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SessionStarted, SlotSet, UserUttered
from rasa.core.actions.action import RemoteAction
import serve

domain = Domain.load("domain.yml")
out = {}

async def conversation(store):
    tracker = await store.get_or_create_tracker("c1")
    for event in [UserUttered("my upload is stuck", {"name": "upload_stalls", "confidence": 0.9}),
                  SlotSet("email", "john.doe@company.com"), ActionExecuted("utter_greet")]:
        tracker.update(event)
    await store.save(tracker)
    half_done = await store.retrieve("c1")
    half_done.update(SlotSet("email", "someone.else@example.com"))  # a turn that fails before saving
    first = await store.retrieve("c1")
    later = await store.retrieve("c1")
    for event in [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen"),
                  UserUttered("hi", {"name": "greet", "confidence": 0.9})]:
        later.update(event)
    await store.save(later)
    last_session = await store.retrieve("c1")
    everything = await store.retrieve_full_tracker("c1")
    state = first.current_state()
    state.pop("latest_event_time")  # the two runs happen at different times
    return {"state": state, "email": first.get_slot("email"),
            "last_session_events": len(last_session.events), "all_events": len(everything.events),
            "keys": list(await store.keys())}

endpoints = AvailableEndpoints.read_endpoints("endpoints.yml")
store = TrackerStore.create(endpoints.tracker_store, domain)
out["store"] = type(store).__name__
ours, rasas = asyncio.run(conversation(store)), asyncio.run(conversation(InMemoryTrackerStore(domain)))
out["same_as_rasa"] = json.dumps(ours, sort_keys=True, default=str) == json.dumps(rasas, sort_keys=True, default=str)
out["ours"] = {k: v for k, v in ours.items() if k != "state"}
out["diff"] = [(k, ours["state"][k], rasas["state"][k]) for k in ours["state"]
               if json.dumps(ours["state"][k], default=str) != json.dumps(rasas["state"][k], default=str)]

good = {"events": [{"event": "slot", "name": "email", "value": "a@b.c"}], "responses": [{"text": "hi"}]}
out["good"] = serve.validate_action_result(None, good)
try:
    serve.validate_action_result(RemoteAction("action_x", None), {"events": "not a list"})
    out["bad"] = "accepted"
except ValidationError as error:
    out["bad"] = error.message
from jsonschema import validators
full = validators.validator_for(serve._RESPONSE_SCHEMA)(serve._RESPONSE_SCHEMA)
samples = [good, {"events": "not a list"}, {"events": [{"event": "no_such_event"}]},
           {"events": [{"event": "slot", "name": 3, "value": "x"}]}, {"events": [{"name": "email"}]},
           {"events": [{"event": "user", "text": "hi", "parse_data": {"intent": {"name": 1}}}]},
           {"events": [{"event": "action", "name": "action_listen"}, {"event": "followup", "name": "x"},
                       {"event": "reset_slots"}, {"event": "bot", "text": None, "data": {}}]},
           {"events": [], "responses": [{"text": "hi", "buttons": [{"title": "Yes", "payload": "/affirm"}]}]}, []]
out["split_agrees"] = [serve._is_valid(s) == full.is_valid(s) for s in samples]
out["split_valid"] = [serve._is_valid(s) for s in samples]
from intent_rule_policy import text_can_match
listen, form = {"action_name": "action_listen"}, {"action_name": "details_form"}
out["text_can_match"] = [
    text_can_match({"rules": {json.dumps([{"prev_action": listen, "user": {"intent": "greet"}}]): "utter_greet"}}),
    text_can_match({"rules": {json.dumps([{"prev_action": listen, "user": {"text": "hi"}}]): "utter_greet"}}),
    text_can_match({"rules": {json.dumps([{"prev_action": listen, "slots": {"goal": [1.0]}}]): "action_x"}}),
    text_can_match({"rules_for_loop_unhappy_path": {json.dumps([{"prev_action": form}]): 1}}),
]
from aiohttp import web
from rasa.utils.endpoints import EndpointConfig

async def kept_sessions():
    callers = []
    async def echo(request):
        callers.append(request.transport.get_extra_info("peername")[1])
        return web.json_response(await request.json())
    app = web.Application()
    app.router.add_post("/webhook", echo)
    server = web.AppRunner(app)
    await server.setup()
    site = web.TCPSite(server, "127.0.0.1", 0)
    await site.start()
    endpoint = EndpointConfig(f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}/webhook")
    EndpointConfig.session = serve.kept_session
    answers = [await endpoint.request(json={"turn": i, "text": "vidéo 信頼度"}, method="post") for i in range(3)]
    await (await endpoint.session().__aenter__()).close()
    await server.cleanup()
    return {"answers": answers, "connections": len(set(callers))}
out["kept"] = asyncio.run(kept_sessions())
print("RESULT " + json.dumps(out, default=str))
"""


def run_in_rasa_env() -> dict:
    if not (runner.RASA_BIN / "python").exists():
        if os.environ.get("CI"):
            pytest.fail("no Rasa environment at .venv-rasa; CI is set, so it must be there")
        pytest.skip("no Rasa environment at .venv-rasa (make setup-rasa)")
    result = subprocess.run([str(runner.RASA_BIN / "python"), "-c", SCRIPT], cwd=runner.BOT_DIR,
                            capture_output=True, text=True, timeout=300,
                            env={**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "3"})
    lines = [line for line in result.stdout.splitlines() if line.startswith("RESULT ")]
    assert result.returncode == 0 and lines, result.stdout[-2000:] + result.stderr[-3000:]
    return json.loads(lines[-1].removeprefix("RESULT "))


@pytest.fixture(scope="module")
def outcome() -> dict:
    return run_in_rasa_env()


def test_the_server_uses_the_event_tracker_store_from_endpoints_yml(outcome):
    assert outcome["store"] == "EventTrackerStore"


def test_conversations_come_back_as_rasas_own_in_memory_store_returns_them(outcome):
    assert outcome["same_as_rasa"], outcome["diff"]
    ours = outcome["ours"]
    assert ours["email"] == "john.doe@company.com"  # the unsaved, failed turn changed nothing
    assert ours["last_session_events"] < ours["all_events"]  # retrieve gives the current session only
    assert ours["keys"] == ["c1"]


def test_action_responses_are_still_validated(outcome):
    assert outcome["good"] is True
    assert "Failed to validate Action server response" in outcome["bad"]


def test_checking_each_event_against_its_own_type_agrees_with_rasas_whole_schema(outcome):
    assert all(outcome["split_agrees"]), outcome["split_valid"]
    assert outcome["split_valid"] == [True, False, False, False, False, False, True, True, False]


def test_the_look_for_text_rules_is_skipped_only_when_no_rule_could_match_a_message_text(outcome):
    # intent rules only / a rule on the words / a rule that asks no intent / a loop rule after the form
    assert outcome["text_can_match"] == [False, True, True, False]


def test_calls_to_the_action_server_share_one_connection_and_arrive_as_sent(outcome):
    kept = outcome["kept"]
    assert kept["answers"] == [{"turn": i, "text": "vidéo 信頼度"} for i in range(3)]
    assert kept["connections"] == 1
