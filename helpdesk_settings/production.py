"""Which secrets the system has, and why a production process refuses to start with a weak one.

``HELPDESK_ENV`` is ``development`` (the default: ``make run``, tests) or ``production``.
In production every process checks the secrets it uses before it serves anything: a
secret that is empty, shorter than ``MIN_LENGTH`` characters, or one of the values
shipped in this repository (which anyone can read) stops it with a message naming the
secret. This is the one list; the Rasa action server reads it too (bot/actions/__init__.py
loads this file by path: it runs in Rasa's environment, where our packages are not
installed, so this module imports nothing but the standard library).
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

ENVIRONMENTS = ("development", "production")
MIN_LENGTH = 16


@dataclass(frozen=True)
class Secret:
    #: Environment variable holding it.
    name: str
    #: The development default shipped in this repository, public by definition.
    shipped: str
    #: Processes that use it: "service" (gunicorn, scheduler, CLI) and/or "actions" (Rasa action server).
    used_by: tuple[str, ...]
    #: An optional secret is checked only when set.
    required: bool = True


SECRETS = (
    Secret("SECRET_KEY", "dev-secret-change-me", ("service",)),  # signs console sessions
    Secret("TWILIO_AUTH_TOKEN", "dev-twilio-token", ("service",)),  # checks Twilio's webhook signatures
    Secret("HELPDESK_WIDGET_SECRET", "dev-widget-secret", ("service", "actions")),  # signs widget identity tokens
    Secret("HELPDESK_SERVICE_TOKEN", "dev-service-token", ("actions",)),  # the bot's API token (`handoff add-token`)
    Secret("RASA_AUTH_TOKEN", "", ("rasa",), required=False),  # Rasa's HTTP API, when it is switched on
    Secret("RASA_JWT_SECRET", "", ("rasa",), required=False),
)
#: Every shipped value refused for every secret: a development token pasted into another one is no better.
SHIPPED_VALUES = {s.shipped for s in SECRETS if s.shipped} | {"demo-password"}
#: The example environment file's placeholders ("CHANGE-ME-64-random-characters") are shipped too.
PLACEHOLDER = "CHANGE-ME"


class InsecureConfiguration(RuntimeError):
    """A production process with a weak secret. Command lines print the message and exit;
    raised in gunicorn's app factory it fails the worker's boot, which stops gunicorn
    (a SystemExit would only make the master start the worker again, forever)."""

    def __init__(self, process: str, problems: list[str]):
        self.problems = problems
        super().__init__(f"{process}: refusing to start in production: " + "; ".join(problems)
                         + ". Set strong, unique values (e.g. `python3 -c 'import secrets; "
                         "print(secrets.token_urlsafe(32))'`); see docs/deployment.md, Production checklist.")


def environment(environ: Mapping[str, str] = os.environ) -> str:
    value = (environ.get("HELPDESK_ENV") or "development").strip().lower()
    if value not in ENVIRONMENTS:
        raise SystemExit(f"HELPDESK_ENV={value!r}: expected one of {', '.join(ENVIRONMENTS)}")
    return value


def environ_values(environ: Mapping[str, str] = os.environ) -> dict[str, str]:
    """Each secret as a process reading the environment sees it: unset means the shipped default."""
    return {s.name: environ.get(s.name, s.shipped) for s in SECRETS}


def problem(secret: Secret, value: str | None) -> str | None:
    """What is wrong with ``value`` for ``secret``, or None."""
    if not value:
        return None if not secret.required else f"{secret.name} is empty"
    if value in SHIPPED_VALUES:
        return f"{secret.name} is the development default"
    if PLACEHOLDER in value.upper():
        return f"{secret.name} is still the placeholder of deploy/systemd/helpdesk.env.example"
    if len(value) < MIN_LENGTH:
        return f"{secret.name} is shorter than {MIN_LENGTH} characters"
    return None


def problems(values: Mapping[str, str | None], processes: tuple[str, ...]) -> list[str]:
    """The problems of the secrets that ``processes`` use, their values read from ``values``."""
    found = (problem(s, values.get(s.name)) for s in SECRETS if set(s.used_by) & set(processes))
    return [p for p in found if p]


def refuse_weak_secrets(process: str, values: Mapping[str, str | None], processes: tuple[str, ...],
                        env: str = "production") -> None:
    """Raise InsecureConfiguration in production when a secret of ``processes`` is weak."""
    if env != "production":
        return
    found = problems(values, processes)
    if found:
        raise InsecureConfiguration(process, found)
