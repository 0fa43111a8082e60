"""The embeddable chat widget (static JS/CSS) and its demo page.

The widget talks to the Rasa server's REST channel for the bot and to this
service's live-chat API while a human holds the conversation.
"""
from __future__ import annotations

import json
import secrets
import time
from urllib.parse import urlsplit

import jwt
from flask import Blueprint, abort, current_app, g, render_template, request, url_for

bp = Blueprint("widget", __name__, url_prefix="/widget", static_folder="static/widget", static_url_path="",
               template_folder="templates")

DEMO_CUSTOMER = {
    "app_id": "secureai_app_id",
    # A contact of the demo customer directory (handoff/demo/demo_data.yaml), so tickets match a known customer.
    "name": "John Doe",
    "email": "john.doe@company.com",
    "user_id": "USER-12345",
    "company": {"id": "company_201", "name": "Example Corp", "plan": "professional"},
    "subscription_tier": "professional",
    "analyses_this_month": 1234,
    "last_analysis_date": "2025-01-27",
}


@bp.after_request
def _headers(response):
    """The widget is a script the customer's page loads (never a frame), so nothing here may
    be framed; the demo page runs its one inline script by nonce and talks to Rasa."""
    rasa = urlsplit(current_app.config["SETTINGS"].rasa_url)
    scripts = f"'self' 'nonce-{g.csp_nonce}'" if "csp_nonce" in g else "'self'"
    response.headers.setdefault("Content-Security-Policy", (
        f"default-src 'self'; script-src {scripts}; "
        f"style-src 'self' 'unsafe-inline'; connect-src 'self' {rasa.scheme}://{rasa.netloc}; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"))
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    return response


#: How long the demo page's identity token lasts; the bot refuses any token meant to last longer than a day.
DEMO_TOKEN_SECONDS = 3600


def identity_token(email: str, secret: str, lifetime_s: int = DEMO_TOKEN_SECONDS, now: float | None = None) -> str:
    """The widget config's ``identity_token``: what the customer's site makes server-side for a
    signed-in user (a JWT, HS256, like Zendesk's messaging JWT), so the bot shows tickets and
    account details only to their owner. It expires, so a leaked one soon stops working."""
    issued = int(time.time() if now is None else now)
    claims = {"email": email.strip().lower(), "iat": issued, "exp": issued + lifetime_s}
    return jwt.encode(claims, secret, algorithm="HS256")


#: A token meant to last longer than this is refused (the bot's rule too): a leaked one must stop working soon.
MAX_IDENTITY_TOKEN_SECONDS = 24 * 3600


def verified_email(identity: dict, settings) -> str | None:
    """The email of a widget identity (``email`` + ``identity_token``, the JWT the customer's
    site signed) while its token is valid, else None. The service's one check of it: the
    portal signs visitors in with it (the bot applies the same rules in its own environment)."""
    email, token = identity.get("email"), identity.get("identity_token")
    if not isinstance(email, str) or not isinstance(token, str) or not email.strip():
        return None
    try:
        claims = jwt.decode(token, settings.widget_secret, algorithms=["HS256"],
                            options={"require": ["email", "iat", "exp"]})
    except jwt.InvalidTokenError:
        return None
    lifetime = claims["exp"] - claims["iat"]
    if not (isinstance(lifetime, (int, float)) and 0 < lifetime <= MAX_IDENTITY_TOKEN_SECONDS):
        return None
    if str(claims["email"]).strip().lower() != email.strip().lower():
        return None
    return email.strip().lower()


@bp.get("/demo")
def demo():
    """A page with the widget embedded; query parameters pose as another customer. Development
    only: it signs whichever email it is given, which in production would hand anyone's account
    to anyone."""
    settings = current_app.config["SETTINGS"]
    if settings.production:
        abort(404)
    customer = json.loads(json.dumps(DEMO_CUSTOMER))
    for key in ("name", "email", "user_id"):
        if request.args.get(key):
            customer[key] = request.args[key]
    if request.args.get("company"):
        customer["company"]["name"] = request.args["company"]
    if request.args.get("plan"):
        customer["company"]["plan"] = customer["subscription_tier"] = request.args["plan"]
    customer["identity_token"] = identity_token(customer["email"], settings.widget_secret)
    customer["rasa_url"] = settings.rasa_url
    # </script> inside a value must not end the inline script.
    as_json = json.dumps(customer).replace("<", "\\u003c")
    g.csp_nonce = secrets.token_urlsafe(16)
    return render_template(
        "widget/demo.html",
        customer=customer,
        customer_json=as_json,
        nonce=g.csp_nonce,
        customer_json_pretty=json.dumps(customer, indent=2),
        widget_url=url_for("widget.static", filename="widget.js"),
    )
