"""A local stand-in for Twilio's REST API: records every request and answers like Twilio.

Tests, the callback bench and ``ivr simulate --in-process`` point the service's
``twilio`` client at it (``TWILIO_API_URL`` / ``TWILIO_LOOKUP_URL``), so no request
leaves the machine. It serves what the service uses: ``Calls.json`` (calls.create),
``Messages.json`` (messages.create) and Lookup v2 (line type), checks HTTP Basic
auth as Twilio does, and refuses texts to numbers that replied STOP (error 21610).
"""
from __future__ import annotations

import base64
import itertools
import json
import re
import secrets
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

ACCOUNT_SID = "AC" + "f" * 32
AUTH_TOKEN = "fake-twilio-auth-token"
_CALLS = re.compile(r"^/2010-04-01/Accounts/(AC\w+)/Calls\.json$")
_MESSAGES = re.compile(r"^/2010-04-01/Accounts/(AC\w+)/Messages\.json$")
_LOOKUP = re.compile(r"^/v2/PhoneNumbers/([^/]+)$")


@dataclass
class Recorded:
    method: str
    path: str
    form: dict  # one value per name (lists for names sent more than once)
    query: dict
    answer: dict = field(default_factory=dict)  # what the fake answered (the new call's sid, ...)


@dataclass
class FakeTwilio:
    """``with FakeTwilio() as twilio: ... twilio.calls()`` -- the Calls.json requests made."""

    account_sid: str = ACCOUNT_SID
    auth_token: str = AUTH_TOKEN
    #: Numbers Lookup reports as landlines (every other number is a mobile).
    landlines: set = field(default_factory=set)
    #: Numbers that replied STOP to our sender: Twilio refuses to text them.
    unsubscribed: set = field(default_factory=set)
    #: HTTP statuses to answer the next Calls.json / Messages.json requests with (e.g. [500]).
    failures: list = field(default_factory=list)
    requests: list = field(default_factory=list)
    url: str = ""

    def __post_init__(self):
        self._lock = threading.Lock()
        self._numbers = itertools.count(1)
        self._server = None

    # -- what was asked -------------------------------------------------------------------
    def calls(self) -> list[Recorded]:
        return [r for r in self.requests if _CALLS.match(r.path)]

    def messages(self) -> list[Recorded]:
        return [r for r in self.requests if _MESSAGES.match(r.path)]

    def lookups(self) -> list[Recorded]:
        return [r for r in self.requests if _LOOKUP.match(r.path)]

    # -- server -----------------------------------------------------------------------------
    def start(self) -> FakeTwilio:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                fake._handle(self, "GET")

            def do_POST(self):
                fake._handle(self, "POST")

            def log_message(self, *args):  # quiet
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeTwilio:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- answers --------------------------------------------------------------------------
    def _authorised(self, handler) -> bool:
        expected = base64.b64encode(f"{self.account_sid}:{self.auth_token}".encode()).decode()
        return handler.headers.get("Authorization", "") == f"Basic {expected}"

    def _handle(self, handler, method: str) -> None:
        parts = urlsplit(handler.path)
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length).decode() if length else ""
        form = {k: v[0] if len(v) == 1 else v for k, v in parse_qs(body, keep_blank_values=True).items()}
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        recorded = Recorded(method, parts.path, form, query)
        with self._lock:
            self.requests.append(recorded)
            failure = self.failures.pop(0) if self.failures and method == "POST" else None
        if not self._authorised(handler):
            return self._error(handler, 401, 20003, "Authenticate")
        if failure:
            return self._error(handler, failure, 20500, "An internal server error has occurred")
        if (match := _CALLS.match(parts.path)) and method == "POST":
            if not (form.get("To") and form.get("From") and (form.get("Url") or form.get("Twiml"))):
                return self._error(handler, 400, 21201, "To, From and Url are required")
            recorded.answer = self._call(match.group(1), form)
            return self._created(handler, recorded.answer)
        if (match := _MESSAGES.match(parts.path)) and method == "POST":
            if form.get("To") in self.unsubscribed:
                return self._error(handler, 400, 21610, "Attempt to send to unsubscribed recipient")
            recorded.answer = self._message(match.group(1), form)
            return self._created(handler, recorded.answer)
        if (match := _LOOKUP.match(parts.path)) and method == "GET":
            number = unquote(match.group(1))
            kind = "landline" if number in self.landlines else "mobile"
            return self._json(handler, 200, {"phone_number": number, "valid": True,
                                             "line_type_intelligence": {"type": kind, "error_code": None}})
        return self._error(handler, 404, 20404, f"The requested resource {parts.path} was not found")

    def _call(self, account: str, form: dict) -> dict:
        return {"sid": "CA" + secrets.token_hex(16), "account_sid": account, "to": form["To"],
                "from": form["From"], "status": "queued", "direction": "outbound-api",
                "uri": f"/2010-04-01/Accounts/{account}/Calls/x.json"}

    def _message(self, account: str, form: dict) -> dict:
        return {"sid": "SM" + secrets.token_hex(16), "account_sid": account, "to": form.get("To"),
                "from": form.get("From"), "body": form.get("Body"), "status": "queued",
                "direction": "outbound-api", "num_segments": "1"}

    def _created(self, handler, payload: dict) -> None:
        self._json(handler, 201, payload)

    def _error(self, handler, status: int, code: int, message: str) -> None:
        self._json(handler, status, {"code": code, "message": message, "status": status,
                                     "more_info": f"https://www.twilio.com/docs/errors/{code}"})

    @staticmethod
    def _json(handler, status: int, payload: dict) -> None:
        data = json.dumps(payload).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)
