"""Settings of a production deployment done right (strong secrets), for the tests of part A."""
from __future__ import annotations

import dataclasses

STRONG = {
    "SECRET_KEY": "k7Qm2v9XrT4pL8sN1cW6yB3e",
    "TWILIO_AUTH_TOKEN": "f3a9c1e7b5d2048a6c1e9f7b",
    "HELPDESK_WIDGET_SECRET": "w1dg3t-s3cr3t-0f-s0m3-l3ngth-4bc9e2f1",
    "HELPDESK_SERVICE_TOKEN": "s3rv1c3-t0k3n-0f-s0m3-l3ngth",
}


def production(settings, **changes):
    """``settings`` as production with strong secrets, then ``changes``."""
    return dataclasses.replace(settings, env="production", secret_key=STRONG["SECRET_KEY"],
                               twilio_auth_token=STRONG["TWILIO_AUTH_TOKEN"],
                               widget_secret=STRONG["HELPDESK_WIDGET_SECRET"], **changes)
