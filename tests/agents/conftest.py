"""Fixtures of the agents' tools tests: API clients signed in as each demo staff member,
and tickets made by the ticket core through the API."""
from __future__ import annotations

import pytest


@pytest.fixture
def staff_client(app, login):
    """staff_client(email) -> a test client signed in through the API as that staff member."""

    def _client(email: str = "agent@secureai.com"):
        client = app.test_client()
        login(client, email)
        return client

    return _client


@pytest.fixture
def make_ticket(client, service_headers):
    """make_ticket(subject=..., **fields) -> the JSON of a ticket created by POST /api/tickets."""

    def _make(subject="Upload fails with 650MB video", email="john.doe@company.com", **fields):
        body = {"subject": subject, "description": fields.pop("description", "It says file too large."),
                "channel": fields.pop("channel", "email"), "customer": {"email": email, "name": fields.pop("name", "")},
                "category": fields.pop("category", "upload_issues"), "priority": fields.pop("priority", "P3"),
                **fields}
        response = client.post("/api/tickets", json=body, headers=service_headers)
        assert response.status_code == 201, response.get_json()
        return response.get_json()

    return _make


@pytest.fixture
def settings(settings, tmp_path):
    """The shared settings, with mail attachments kept in the test's own folder."""
    import dataclasses

    return dataclasses.replace(settings, mail_dir=tmp_path / "mail")
