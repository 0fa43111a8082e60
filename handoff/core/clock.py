"""The service's clock: the real UTC time, or a clock started at a chosen instant.

``HELPDESK_CLOCK=2026-12-02T16:00:00Z`` starts the clock at that instant when the
process starts; it then runs on in real time. The bot's conversation evaluation uses
it to play the same conversations during and outside live hours (bot/eval). A
production service refuses it: customers' SLA clocks must run on the real time.
"""
from __future__ import annotations

import os
import time
from datetime import UTC, datetime, timedelta


class ClockError(RuntimeError):
    pass


def _start() -> tuple[datetime, float] | None:
    raw = os.environ.get("HELPDESK_CLOCK", "").strip()
    if not raw:
        return None
    if os.environ.get("HELPDESK_ENV", "").lower() == "production":
        raise ClockError("HELPDESK_CLOCK is for tests and evaluations; a production service runs on the real time")
    try:
        start = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise ClockError(f"HELPDESK_CLOCK={raw!r}: give an ISO 8601 time with a zone, "
                         "e.g. 2026-12-02T16:00:00Z") from None
    if start.tzinfo is None:
        raise ClockError(f"HELPDESK_CLOCK={raw!r}: give a time zone (e.g. Z)")
    return start.astimezone(UTC), time.monotonic()


_STARTED = _start()


def now() -> datetime:
    """The current time, aware, in UTC."""
    if _STARTED is None:
        return datetime.now(UTC)
    start, at = _STARTED
    return start + timedelta(seconds=time.monotonic() - at)
