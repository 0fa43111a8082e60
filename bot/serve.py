"""``rasa`` with a prepared validator for custom action responses; the runner starts
``rasa run`` through it (``python serve.py run ...``, any ``rasa`` arguments).

Rasa 3.6 checks each custom action's response with ``jsonschema.validate``, which first
validates the *schema* against the JSON-Schema metaschema: 2.3 of its 2.9 ms, for a
schema that never changes, once per custom action call. Profiled with 10 busy
conversations this was a third of the Rasa server's CPU. Here the schema is checked
once, at start, and every response is validated by the same prepared validator: the
same checks, the same error. Pinned to rasa 3.6 (bot/requirements.txt); if Rasa
renames the method this fails at start rather than silently doing nothing.

Rasa's HTTP API (trackers with customers' emails and tokens, model upload, training)
is switched on only with a credential from the environment: ``RASA_AUTH_TOKEN``
(``?token=`` on each call) or ``RASA_JWT_SECRET`` (``Authorization: Bearer <JWT>``),
read here so that no secret shows in the process list. Without either the server
serves just its channels (the widget's ``/webhooks/rest/webhook``) and ``/``.

``skops.io`` (the intent classifier's model format) is imported first, before Rasa and
TensorFlow: as it is imported it looks up the module of each of ~770 types by scanning
every loaded module, so imported when the model loads, after Rasa's thousands of
modules, it made a start cost 10.5 s of CPU instead of 6.5 s.
"""
from __future__ import annotations

import os
import sys
from typing import Any

import skops.io  # noqa: F401  (first: see above)
from jsonschema import exceptions, validators
from rasa.__main__ import main
from rasa.core.actions.action import RemoteAction

_RESPONSE_SCHEMA = RemoteAction.action_response_format_spec()
_RESPONSE_VALIDATOR = validators.validator_for(_RESPONSE_SCHEMA)(_RESPONSE_SCHEMA)
_RASA_VALIDATE = RemoteAction._validate_action_result


def validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    """``RemoteAction._validate_action_result`` without re-checking the schema."""
    error = exceptions.best_match(_RESPONSE_VALIDATOR.iter_errors(result))
    if error is None:
        return True
    return _RASA_VALIDATE(self, result)  # Rasa's own path raises, with its message


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
    sys.exit(main())
