"""Support hours by tier (hours.yaml): who is live when, and business-time arithmetic.

A *schedule* is a named set of opening hours in the support team's time zone, or
``always`` (24/7). The SLA clocks of Starter and Professional customers run on
their schedules; see sla.py.
"""
from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

from handoff.core import clock

HOURS_FILE = Path(__file__).with_name("hours.yaml")
ALWAYS = "always"
NEVER = "never"
_MAX_DAYS = 3 * 366  # bound on calendar walks; no SLA target comes near it


@cache
def load_hours(path: Path = HOURS_FILE) -> dict:
    with open(path, encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    data["holidays"] = {date.fromisoformat(str(d)) for d in data.get("holidays", [])}
    return data


def _tz() -> ZoneInfo:
    return ZoneInfo(load_hours()["timezone"])


def _now() -> datetime:
    return clock.now()


def _window(schedule: str, day: date) -> tuple[datetime, datetime] | None:
    """The UTC opening window of ``schedule`` on local ``day``, or None when closed."""
    spec = load_hours()["schedules"][schedule]
    if day in load_hours()["holidays"]:
        hours = spec.get("holidays")
    elif day.weekday() >= 5:
        hours = spec.get("weekends")
    else:
        hours = spec.get("weekdays")
    if not hours:
        return None
    tz = _tz()
    opens, closes = (time.fromisoformat(h) for h in hours)
    return (
        datetime.combine(day, opens, tzinfo=tz).astimezone(UTC),
        datetime.combine(day, closes, tzinfo=tz).astimezone(UTC),
    )


def _check_schedule(schedule: str) -> None:
    if schedule != ALWAYS and schedule not in load_hours()["schedules"]:
        raise ValueError(f"unknown schedule {schedule!r}")


def is_open(schedule: str, when: datetime) -> bool:
    """Whether ``schedule`` is open at ``when`` (an aware datetime)."""
    if schedule == NEVER:
        return False
    if _is_24x7(schedule):
        return True
    window = _window(schedule, when.astimezone(_tz()).date())
    return window is not None and window[0] <= when < window[1]


def _live_schedule(tier: str, channel: str) -> str:
    try:
        return load_hours()["live"][channel][tier]
    except KeyError:
        raise ValueError(f"no live hours for tier {tier!r} on channel {channel!r}") from None


def coverage(tier: str, channel: str, when: datetime | None = None) -> str:
    """``live`` (an agent answers now), ``on_call`` (Enterprise after hours) or ``queue``."""
    when = when or _now()
    schedule = _live_schedule(tier, channel)
    if schedule == NEVER or not is_open(schedule, when):
        return "queue"
    on_call = load_hours().get("on_call", {}).get(tier)
    if on_call and not is_open(on_call["business_hours"], when):
        return "on_call"
    return "live"


def is_live(tier: str, channel: str, when: datetime | None = None) -> bool:
    """Whether a human (agent or, for Enterprise after hours, the on-call engineer) takes
    a ``channel`` contact from a ``tier`` customer at ``when`` instead of a ticket queue."""
    return coverage(tier, channel, when) != "queue"


def next_opening(tier: str, channel: str, when: datetime) -> datetime | None:
    """When ``tier``'s live ``channel`` hours are next open (``when`` itself if open now);
    None for a tier that never has live hours on the channel (Starter's phone)."""
    schedule = _live_schedule(tier, channel)
    if schedule == NEVER:
        return None
    if is_open(schedule, when):
        return when
    day = when.astimezone(_tz()).date()
    for offset in range(_MAX_DAYS):
        window = _window(schedule, day + timedelta(days=offset))
        if window is not None and window[0] > when:
            return window[0]
    return None


def on_call_number(tier: str) -> str | None:
    """The on-call phone number for ``tier`` (Enterprise), None for tiers without on-call."""
    on_call = load_hours().get("on_call", {}).get(tier)
    return on_call["number"] if on_call else None


def _is_24x7(schedule: str) -> bool:
    _check_schedule(schedule)
    return schedule == ALWAYS or load_hours()["schedules"][schedule] == "24x7"


def add_business_time(schedule: str, start: datetime, duration: timedelta) -> datetime:
    """The moment when ``duration`` of ``schedule``'s open time has passed since ``start``."""
    if _is_24x7(schedule):
        return start + duration
    tz = _tz()
    remaining = duration
    cursor = start
    day = start.astimezone(tz).date()
    for _ in range(_MAX_DAYS):
        window = _window(schedule, day)
        if window is not None and cursor < window[1]:
            begin = max(cursor, window[0])
            if begin + remaining <= window[1]:
                return begin + remaining
            remaining -= window[1] - begin
            cursor = window[1]
        day += timedelta(days=1)
    raise ValueError(f"schedule {schedule!r} has no open hours in the next {_MAX_DAYS} days")


def business_time_between(schedule: str, start: datetime, end: datetime) -> timedelta:
    """How much of ``schedule``'s open time lies between ``start`` and ``end``."""
    if end <= start:
        return timedelta(0)
    if _is_24x7(schedule):
        return end - start
    tz = _tz()
    total = timedelta(0)
    day = start.astimezone(tz).date()
    last = end.astimezone(tz).date()
    while day <= last:
        window = _window(schedule, day)
        if window is not None:
            begin, finish = max(start, window[0]), min(end, window[1])
            if finish > begin:
                total += finish - begin
        day += timedelta(days=1)
    return total
