"""Fixtures of the portal's tests: the console's (a ticket builder, an agent's client, the
app's database) plus a customer's client and ways to find what the outbox holds."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from handoff.core.models import Notification

from ..console.conftest import agent_client, csrf_of, db, new_ticket, settings, sign_in  # noqa: F401

LINK_RE = re.compile(r"https?://\S+/tickets/(TICK-[0-9-]+)\?token=([\w-]+)")
SIGN_IN_RE = re.compile(r"https?://\S+(/portal/sign-in/[\w-]+)")


def outbox(db, to: str | None = None, kind: str | None = None) -> list[Notification]:
    db.expire_all()
    query = select(Notification).order_by(Notification.id)
    if to:
        query = query.where(Notification.to_addr == to)
    if kind:
        query = query.where(Notification.kind == kind)
    return list(db.scalars(query))


def tracking_path(body: str) -> str:
    """The path (with token) of the tracking link in an email body."""
    found = LINK_RE.search(body)
    assert found, body
    return f"/tickets/{found.group(1)}?token={found.group(2)}"


def form_token(client, path: str) -> str:
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


@pytest.fixture
def customer_client(app, db):
    """customer_client(email) -> a test client signed in to the portal through an emailed link."""

    def _client(email: str = "john.doe@company.com"):
        client = app.test_client()
        token = form_token(client, "/portal/sign-in")
        assert client.post("/portal/sign-in", data={"email": email, "csrf_token": token}).status_code == 200
        link = SIGN_IN_RE.search(outbox(db, to=email, kind="portal_sign_in")[-1].body).group(1)
        token = form_token(client, link)
        assert client.post(link, data={"csrf_token": token}).status_code == 302
        client.csrf = form_token(client, "/portal/")
        return client

    return _client
