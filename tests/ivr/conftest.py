"""Fixtures for the phone line: signed Twilio webhooks, TwiML as XML, a frozen clock."""
from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET
from datetime import UTC, datetime

import pytest
from twilio.request_validator import RequestValidator

BASE = "http://localhost"
# Demo directory contacts (handoff/demo/demo_data.yaml), one per tier.
CALLERS = {
    "starter": "+12025550101",
    "professional": "+13125550111",
    "enterprise": "+14155550121",
    "unknown": "+15550100999",
}
# Wednesday 25 November 2026 in New York (EST, UTC-5).
WEEKDAY_10AM = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)
WEEKDAY_10PM = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)

_sids = itertools.count(1)


def new_call_sid() -> str:
    return f"CA{next(_sids):032d}"


def said(element: ET.Element) -> str:
    """Everything spoken in a TwiML element, in order."""
    return " ".join((say.text or "").strip() for say in element.iter("Say"))


def verbs(root: ET.Element) -> list[str]:
    return [child.tag for child in root]


def assert_gathers_are_followed(root: ET.Element) -> None:
    """A Gather that hears nothing must not end the call: a Redirect follows it."""
    children = list(root)
    for i, child in enumerate(children):
        if child.tag == "Gather":
            assert i + 1 < len(children) and children[i + 1].tag == "Redirect", ET.tostring(root)


class Phone:
    """Sends webhooks to the app as Twilio would: form-encoded POSTs with a valid signature.

    Also carries the helpers tests need (pytest's importlib mode cannot import conftest).
    """

    callers = CALLERS
    new_sid = staticmethod(new_call_sid)
    said = staticmethod(said)
    verbs = staticmethod(verbs)
    assert_gathers_are_followed = staticmethod(assert_gathers_are_followed)

    def __init__(self, app, client):
        self.app = app
        self.client = client
        self.token = app.config["SETTINGS"].twilio_auth_token

    def sign(self, url: str, params: dict) -> str:
        return RequestValidator(self.token).compute_signature(url, params)

    def post(self, path: str, call_sid: str, caller: str = CALLERS["professional"], headers: dict | None = None,
             sign: bool = True, **fields):
        params = {"CallSid": call_sid, "AccountSid": "AC" + "0" * 32, "From": caller,
                  "To": "+18007328734", "CallStatus": "in-progress", **fields}
        headers = dict(headers or {})
        if sign:
            headers.setdefault("X-Twilio-Signature", self.sign(BASE + path, params))
        return self.client.post(path, data=params, headers=headers)

    def twiml(self, path: str, call_sid: str, **kwargs) -> ET.Element:
        response = self.post(path, call_sid, **kwargs)
        assert response.status_code == 200, response.get_data(as_text=True)
        assert response.mimetype == "text/xml"
        root = ET.fromstring(response.get_data(as_text=True))
        assert root.tag == "Response"
        return root


TWILIO_NUMBER = "+18007328734"


@pytest.fixture
def fake_twilio():
    """Twilio's REST API on a loopback port: every request the service makes is recorded there."""
    from ivr.fake_twilio import FakeTwilio

    with FakeTwilio() as fake:
        yield fake


@pytest.fixture
def settings(settings, fake_twilio):
    """The suite's settings with a Twilio account whose REST API is the local fake."""
    from dataclasses import replace

    return replace(settings, twilio_account_sid=fake_twilio.account_sid, twilio_auth_token=fake_twilio.auth_token,
                   twilio_number=TWILIO_NUMBER, twilio_api_url=fake_twilio.url, twilio_lookup_url=fake_twilio.url)


@pytest.fixture
def clock(app):
    """Set the phone line's "now": clock.now = datetime(...)."""

    class Clock:
        now = WEEKDAY_10AM

    app.config["IVR_CLOCK"] = lambda: Clock.now
    return Clock


@pytest.fixture
def phone(app, client, clock, triage_model_dir):
    return Phone(app, client)


@pytest.fixture
def db(app):
    """A session for checking what calls stored; ``db.rollback()`` before reading sees the latest.

    Its own plain engine: a read never takes SQLite's write lock (which handoff's
    engine takes at BEGIN), so the app's webhooks are never kept waiting.
    """
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session

    engine = create_engine(app.config["SETTINGS"].database_url)
    with Session(engine) as session:
        yield session
    engine.dispose()


@pytest.fixture
def stored(db):
    """stored(call_sid) -> the ticket that call made, as the database has it now."""
    from sqlalchemy import select

    from handoff.core.models import Ticket

    def ticket_of(call_sid: str):
        db.rollback()  # end the last read: see what the webhooks stored since
        return db.scalars(select(Ticket).where(Ticket.call_sid == call_sid)).one()

    return ticket_of
