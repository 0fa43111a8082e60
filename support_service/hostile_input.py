"""Input no view should have to think about, refused for every part with a JSON 400.

- JSON nested deeper than ``MAX_JSON_DEPTH``: Python's parser recurses per level, so a
  body of 100,000 ``[`` raised RecursionError (an HTML 500) even on ``/api/auth/login``,
  and a merely deep one could fail later, when stored or serialised again.
- NUL characters in JSON strings, the URL or a form: PostgreSQL refuses them in text
  (a 500 there, stored as is on SQLite), and no customer types one.
"""
from __future__ import annotations

from flask import Flask, jsonify, request
from flask.json.provider import DefaultJSONProvider

MAX_JSON_DEPTH = 32
MAX_FORM_BYTES = 1_000_000


class HostileInput(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def check_json(data) -> None:
    """Raise HostileInput when ``data`` nests deeper than MAX_JSON_DEPTH or holds a NUL."""
    pending = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, str):
            if "\x00" in value:
                raise HostileInput("text may not contain NUL characters (\\u0000)")
        elif isinstance(value, (dict, list)):
            if depth > MAX_JSON_DEPTH:
                raise HostileInput(f"JSON nested deeper than {MAX_JSON_DEPTH} levels")
            items = [*value.keys(), *value.values()] if isinstance(value, dict) else value
            pending.extend((item, depth + 1) for item in items)


class CheckedJSONProvider(DefaultJSONProvider):
    """Flask's JSON, parsing request bodies with the checks above."""

    def loads(self, s, **kwargs):
        try:
            data = super().loads(s, **kwargs)
        except RecursionError:
            raise HostileInput(f"JSON nested deeper than {MAX_JSON_DEPTH} levels") from None
        check_json(data)
        return data


def _refused(error: HostileInput):
    return jsonify(error={"code": "invalid_input", "message": error.message}), 400


def _no_nul_in_url_or_form():
    if any("\x00" in text for pair in request.args.items(multi=True) for text in pair) or "\x00" in request.path:
        raise HostileInput("the URL may not contain NUL characters (%00)")
    if request.mimetype == "application/x-www-form-urlencoded" and (request.content_length or 0) <= MAX_FORM_BYTES:
        if any("\x00" in text for pair in request.form.items(multi=True) for text in pair):
            raise HostileInput("form fields may not contain NUL characters")


def init_app(app: Flask) -> None:
    app.json = CheckedJSONProvider(app)
    app.register_error_handler(HostileInput, _refused)
    app.before_request(_no_nul_in_url_or_form)
