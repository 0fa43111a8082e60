"""The embeddable chat widget (static JS/CSS) and its demo page.

The widget talks to the Rasa server's REST channel for the bot and to this
service's live-chat API while a human holds the conversation.
"""
from __future__ import annotations

import hashlib
import hmac
import json

from flask import Blueprint, current_app, render_template, request, url_for

bp = Blueprint("widget", __name__, url_prefix="/widget", static_folder="static/widget", static_url_path="",
               template_folder="templates")

DEMO_CUSTOMER = {
    "app_id": "secureai_app_id",
    # A contact of the demo customer directory (handoff/demo_data.yaml), so tickets match a known customer.
    "name": "John Doe",
    "email": "john.doe@company.com",
    "user_id": "USER-12345",
    "company": {"id": "company_201", "name": "Example Corp", "plan": "professional"},
    "subscription_tier": "professional",
    "analyses_this_month": 1234,
    "last_analysis_date": "2025-01-27",
}


def sign_email(email: str, secret: str) -> str:
    """The widget config's ``user_hash``: what the customer's site computes server-side for a
    signed-in user, so the bot shows tickets and account details only to their owner."""
    return hmac.new(secret.encode(), email.strip().lower().encode(), hashlib.sha256).hexdigest()


def verified_email(identity: dict, settings) -> str | None:
    """The email of a widget identity (``email`` + ``user_hash``) that the customer's site
    signed, else None. The one place that checks it: the portal signs visitors in with it."""
    email, given = identity.get("email"), identity.get("user_hash")
    if not isinstance(email, str) or not isinstance(given, str) or not email.strip():
        return None
    if not hmac.compare_digest(sign_email(email, settings.widget_secret).encode(), given.strip().lower().encode()):
        return None
    return email.strip().lower()


@bp.get("/demo")
def demo():
    """A page with the widget embedded; query parameters pose as another customer."""
    settings = current_app.config["SETTINGS"]
    customer = json.loads(json.dumps(DEMO_CUSTOMER))
    for key in ("name", "email", "user_id"):
        if request.args.get(key):
            customer[key] = request.args[key]
    if request.args.get("company"):
        customer["company"]["name"] = request.args["company"]
    if request.args.get("plan"):
        customer["company"]["plan"] = customer["subscription_tier"] = request.args["plan"]
    customer["user_hash"] = sign_email(customer["email"], settings.widget_secret)
    customer["rasa_url"] = settings.rasa_url
    # </script> inside a value must not end the inline script.
    as_json = json.dumps(customer).replace("<", "\\u003c")
    return render_template(
        "widget/demo.html",
        customer=customer,
        customer_json=as_json,
        customer_json_pretty=json.dumps(customer, indent=2),
        widget_url=url_for("widget.static", filename="widget.js"),
    )
