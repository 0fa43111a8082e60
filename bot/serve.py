"""``rasa`` with a prepared validator for custom action responses; the runner starts
``rasa run`` through it (``python serve.py run ...``, any ``rasa`` arguments).

Rasa 3.6 checks each custom action's response with ``jsonschema.validate``, which first
validates the *schema* against the JSON-Schema metaschema: 2.3 of its 2.9 ms, for a
schema that never changes, once per custom action call. Profiled with 10 busy
conversations this was a third of the Rasa server's CPU. Here the schema is checked
once, at start. What was left (1 ms a call, 15 % of the server's CPU) was the schema's
``oneOf`` over the ~30 event types: every event was tried against every type. Each type's
schema fixes its ``event`` name (checked at start), so an event can only ever match the
schema of the type it names: it is validated against that one. The same checks; when
anything fails, Rasa's own validation runs and raises its own error. Pinned to rasa 3.6
(bot/requirements.txt); if Rasa renames the method this fails at start rather than
silently doing nothing.

``all_subclasses`` walks the class tree of ``Event`` for every event an action returns
(6 % of the CPU); the tree is complete once Rasa is imported, so the answer is kept.

Rasa's HTTP API (trackers with customers' emails and tokens, model upload, training)
is switched on only with a credential from the environment: ``RASA_AUTH_TOKEN``
(``?token=`` on each call) or ``RASA_JWT_SECRET`` (``Authorization: Bearer <JWT>``),
read here so that no secret shows in the process list. Without either the server
serves just its channels (the widget's ``/webhooks/rest/webhook``) and ``/``.

Rasa opens a new HTTP session, so a new TCP connection, for every custom action call and
closes it after one request, and writes the tracker it sends with the standard library's
``json``: connecting was 11 % of the server's CPU and the encoding 6 % with 10 busy
conversations. Each endpoint here keeps one session (aiohttp pools its connections, the
action server keeps them alive) that writes JSON with ``ujson``, which Rasa already depends on.

``skops.io`` (the intent classifier's model format) is imported first, before Rasa and
TensorFlow: as it is imported it looks up the module of each of ~770 types by scanning
every loaded module, so imported when the model loads, after Rasa's thousands of
modules, it made a start cost 10.5 s of CPU instead of 6.5 s.
"""
from __future__ import annotations

import copy
import functools
import os
import sys
from typing import Any

import aiohttp
import skops.io  # noqa: F401  (before Rasa: see above)
import ujson
from jsonschema import validators
from rasa.__main__ import main
from rasa.core.actions.action import RemoteAction
from rasa.shared.utils import common as rasa_common
from rasa.utils.endpoints import DEFAULT_REQUEST_TIMEOUT, EndpointConfig

KEEP_ALIVE_SECONDS = 3.0
_RESPONSE_SCHEMA = RemoteAction.action_response_format_spec()
_RASA_VALIDATE = RemoteAction._validate_action_result


def split_by_event_type(schema: dict) -> tuple[dict, dict[str, dict]]:
    """The response schema without its events' ``oneOf``, and one schema per event type.

    Raises ValueError when the ``oneOf`` is not keyed by a distinct ``event`` name in each
    branch: then the split would not check the same thing.
    """
    response = copy.deepcopy(schema)
    items = response["properties"]["events"]["items"]
    branches = items.pop("oneOf")
    per_type = {}
    for branch in branches:
        name = branch.get("properties", {}).get("event", {}).get("const")
        if not isinstance(name, str) or name in per_type:
            raise ValueError(f"event schema branch without a distinct 'event' const: {name!r}")
        per_type[name] = {**items, "allOf": [branch]}
    response["properties"]["events"]["items"] = items
    return response, per_type


def _validator(schema: dict):
    return validators.validator_for(schema)(schema)


_RESPONSE_SHAPE, _EVENT_SCHEMAS = split_by_event_type(_RESPONSE_SCHEMA)
_RESPONSE_VALIDATOR = _validator(_RESPONSE_SHAPE)
_EVENT_VALIDATORS = {name: _validator(schema) for name, schema in _EVENT_SCHEMAS.items()}


def _is_valid(result: Any) -> bool:
    if not _RESPONSE_VALIDATOR.is_valid(result):
        return False
    for event in result.get("events") or []:
        validator = _EVENT_VALIDATORS.get(event.get("event"))
        if validator is None or not validator.is_valid(event):
            return False
    return True


def validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    """``RemoteAction._validate_action_result``, each event checked against its own type only."""
    if _is_valid(result):
        return True
    return _RASA_VALIDATE(self, result)  # Rasa's own path raises, with its message


class _KeptSession:
    """What ``EndpointConfig.request`` enters with ``async with``: the endpoint's own session,
    left open on exit for the next request."""

    def __init__(self, session: aiohttp.ClientSession) -> None:
        self.session = session

    async def __aenter__(self) -> aiohttp.ClientSession:
        return self.session

    async def __aexit__(self, *exc_info: object) -> None:
        return None


def kept_session(self: EndpointConfig) -> _KeptSession:
    """``EndpointConfig.session`` with one pooled session per endpoint (the same settings as
    Rasa's), opened on first use inside the server's event loop."""
    session = self.__dict__.get("_kept_session")
    if session is None or session.closed:
        auth = aiohttp.BasicAuth(self.basic_auth["username"], self.basic_auth["password"]) if self.basic_auth else None
        # Idle connections are dropped before the action server's (Sanic's) 5 s keep-alive ends,
        # so a request never goes out on a connection the server is closing.
        session = aiohttp.ClientSession(headers=self.headers, auth=auth, json_serialize=ujson.dumps,
                                        connector=aiohttp.TCPConnector(keepalive_timeout=KEEP_ALIVE_SECONDS),
                                        timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT))
        self.__dict__["_kept_session"] = session
    return _KeptSession(session)


def http_api_arguments(argv: list[str], environ=os.environ) -> list[str]:
    """``argv`` of ``rasa run`` with the HTTP API on exactly when a credential is configured."""
    if "--enable-api" in argv or "--auth-token" in argv or "--jwt-secret" in argv:
        raise SystemExit("serve.py: set RASA_AUTH_TOKEN or RASA_JWT_SECRET to switch Rasa's HTTP API on; "
                         "it is never served without one")
    if argv[1:2] != ["run"] or argv[2:3] == ["actions"]:
        return argv
    extra = []
    if environ.get("RASA_AUTH_TOKEN"):
        extra += ["--auth-token", environ["RASA_AUTH_TOKEN"]]
    if environ.get("RASA_JWT_SECRET"):
        extra += ["--jwt-secret", environ["RASA_JWT_SECRET"]]
    return argv + (["--enable-api", *extra] if extra else [])


if __name__ == "__main__":
    sys.argv = http_api_arguments(sys.argv)
    type(_RESPONSE_VALIDATOR).check_schema(_RESPONSE_SCHEMA)
    RemoteAction._validate_action_result = validate_action_result
    rasa_common.all_subclasses = functools.cache(rasa_common.all_subclasses)
    EndpointConfig.session = kept_session
    sys.exit(main())
