"""Finding 1: /widget/demo?email=X signed any email, which let anyone read that customer's
plan and tickets through the bot. Outside development the page does not exist."""
from __future__ import annotations

from support_service.app import create_app

from ._production import production


def test_production_has_no_demo_page_to_sign_an_email(settings):
    client = create_app(production(settings)).test_client()
    for query in ("", "?email=sofia.rossi@globex.example", "?email=anyone@example.com&plan=enterprise"):
        response = client.get(f"/widget/demo{query}")
        assert response.status_code == 404
        assert b"identity_token" not in response.data and b"user_hash" not in response.data
    assert client.get("/widget/widget.js").status_code == 200  # the widget itself is still served


def test_development_demo_signs_with_an_expiring_token(client):
    page = client.get("/widget/demo?email=maya.chen@brightline.example").get_data(as_text=True)
    assert '"identity_token": "ey' in page and "user_hash" not in page
