"""The service settings seen from handoff code, inside or outside a Flask request."""
from __future__ import annotations

from helpdesk_settings.config import Settings


def current_settings() -> Settings:
    from flask import current_app, has_app_context

    if has_app_context():
        return current_app.config["SETTINGS"]
    return Settings.from_env()
