"""The triage model on real traffic: figures for `handoff triage-report`, the managers'
console page and the Prometheus gauges (the arithmetic is triage_model.traffic's)."""
from __future__ import annotations

import json
import logging
import re
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import REGISTRY
from sqlalchemy import select
from sqlalchemy.orm import Session

from handoff.core.corrections import corrected_records
from handoff.core.models import Ticket

log = logging.getLogger(__name__)
GAUGE_WINDOW = timedelta(days=7)
GAUGE_CACHE_S = 60.0  # a scrape every few seconds must not query a week of tickets each time
_SPAN = re.compile(r"^(\d+)([dhw])$")


def parse_since(value: str, now: datetime | None = None) -> datetime:
    """'7d', '24h', '2w' (back from now) or an ISO date/time (UTC unless it says otherwise)."""
    now = now or datetime.now(UTC)
    span = _SPAN.match(value.strip())
    if span:
        number, unit = int(span.group(1)), span.group(2)
        return now - timedelta(**{{"d": "days", "h": "hours", "w": "weeks"}[unit]: number})
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"--since {value!r}: give a span like 7d, 24h, 2w or an ISO date") from None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def training_mix(model_root: Path) -> dict:
    """The label shares the current model was trained on ({} when unknown)."""
    root = Path(model_root)
    try:
        name = (root / "current").read_text(encoding="utf-8").strip()
        metadata = json.loads((root / name / "metadata.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return metadata.get("training_data", {}).get("label_mix", {})


def report(session: Session, since: datetime, model_root: Path) -> dict:
    """Model-triaged tickets created since ``since`` and the corrections made since then."""
    from triage_model.traffic import traffic_report  # the package loads scikit-learn: only when asked

    answers = session.scalars(select(Ticket.triage).where(Ticket.created_at >= since,
                                                          Ticket.triage_source == "model")).all()
    predictions = [a for a in answers if a and "category" in a and "priority" in a]
    return traffic_report(predictions, corrected_records(session, since), training_mix(model_root))


def drift_warnings(figures: dict) -> list[str]:
    from triage_model.traffic import warnings

    return warnings(figures)


def as_text(figures: dict, since: str) -> str:
    from triage_model.traffic import text

    return text(figures, since)


class TrafficCollector:
    """Prometheus gauges of the last week's figures, computed at scrape time (cached)."""

    def __init__(self, new_session, model_root: Path) -> None:
        self.new_session = new_session  # () -> Session
        self.model_root = Path(model_root)
        self._lock = threading.Lock()
        self._cached: tuple[float, dict] | None = None

    def figures(self) -> dict:
        with self._lock:
            if self._cached is None or time.monotonic() - self._cached[0] > GAUGE_CACHE_S:
                with self.new_session() as session:
                    since = datetime.now(UTC) - GAUGE_WINDOW
                    self._cached = (time.monotonic(), report(session, since, self.model_root))
            return self._cached[1]

    def describe(self):
        return []  # else registering would run collect(), i.e. the query, at app start

    def collect(self):
        try:
            figures = self.figures()
        except Exception:  # a failing query must not take /metrics down with it
            log.warning("triage traffic gauges unavailable", exc_info=True)
            return
        review = GaugeMetricFamily("helpdesk_triage_needs_review_ratio",
                                   "Share of model-triaged tickets flagged needs_review (last 7 days)")
        review.add_metric([], figures["needs_review_rate"])
        mix = GaugeMetricFamily("helpdesk_triage_predicted_share", "Share of tickets per predicted label (last 7 days)",
                                labels=["target", "label"])
        corrected = GaugeMetricFamily("helpdesk_triage_correction_ratio",
                                      "Share of tickets given a label that agents corrected (last 7 days)",
                                      labels=["target", "label"])
        drift = GaugeMetricFamily("helpdesk_triage_mix_distance",
                                  "Total variation distance of the predicted label mix from the training mix",
                                  labels=["target"])
        for target, t in figures["targets"].items():
            for label, share in t["served_mix"].items():
                mix.add_metric([target, label], share)
                if t["correction_rate"][label] is not None:
                    corrected.add_metric([target, label], t["correction_rate"][label])
            if t["distance"] is not None:
                drift.add_metric([target], t["distance"])
        yield from (review, mix, corrected, drift)


_collector: list[TrafficCollector] = []


def register_gauges(new_session, model_root: Path) -> None:
    """Expose the gauges on the default registry; a later app (tests make many) replaces the earlier."""
    while _collector:
        REGISTRY.unregister(_collector.pop())
    _collector.append(TrafficCollector(new_session, model_root))
    REGISTRY.register(_collector[0])
