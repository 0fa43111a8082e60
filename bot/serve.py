"""``rasa`` with a prepared validator for custom action responses; the runner starts
``rasa run`` through it (``python serve.py run ...``, any ``rasa`` arguments).

Rasa 3.6 checks each custom action's response with ``jsonschema.validate``, which first
validates the *schema* against the JSON-Schema metaschema: 2.3 of its 2.9 ms, for a
schema that never changes, once per custom action call. Profiled with 10 busy
conversations this was a third of the Rasa server's CPU. Here the schema is checked
once, at start, and every response is validated by the same prepared validator: the
same checks, the same error. Pinned to rasa 3.6 (bot/requirements.txt); if Rasa
renames the method this fails at start rather than silently doing nothing.
"""
from __future__ import annotations

import sys
from typing import Any

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


if __name__ == "__main__":
    type(_RESPONSE_VALIDATOR).check_schema(_RESPONSE_SCHEMA)
    RemoteAction._validate_action_result = validate_action_result
    sys.exit(main())
