"""The served triage model, loaded once per process and reloaded when ``current`` changes.

A ticket is never refused because the model cannot be loaded (missing, being
replaced, damaged): it is filed as general/P3 and flagged for review instead.
"""
from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

log = logging.getLogger(__name__)

_RECHECK_S = 5.0  # how often to look whether a new model version became current
_lock = threading.Lock()
_cache: dict[Path, tuple[str, object, float]] = {}
FALLBACK = {"category": "general", "priority": "P3"}


def _current_name(root: Path) -> str:
    return (root / "current").read_text(encoding="utf-8").strip()


def current_model(model_root: Path):
    """The model named by ``model_root/current``; while that cannot be read (e.g. during a
    retraining) the model loaded before stays in use. Raises when there is none at all."""
    root = Path(model_root)
    entry = _cache.get(root)
    now = time.monotonic()
    if entry is not None and now - entry[2] < _RECHECK_S:
        return entry[1]
    with _lock:
        entry = _cache.get(root)
        try:
            name = _current_name(root)
            if entry is None or entry[0] != name:
                import triage_model  # heavy (scikit-learn, spaCy): only processes that triage pay for it

                entry = (name, triage_model.load_serving(root), now)  # a damaged release: the previous version
        except Exception:
            if entry is None:
                raise
            log.warning("triage model at %s unreadable; still serving %s", root, entry[0], exc_info=True)
        entry = (entry[0], entry[1], now)
        _cache[root] = entry
    return entry[1]


def classify(model_root: Path, subject: str, description: str, channel: str | None) -> dict:
    """The model's answer for one ticket (category, priority, confidences, details, ...),
    or the general/P3 fallback with ``needs_review`` and ``unavailable`` (the reason)."""
    try:
        model = current_model(model_root)
    except Exception as exc:  # whatever keeps the model from loading must not lose the ticket
        log.error("no triage model at %s: %s", model_root, exc)
        return {**FALLBACK, "needs_review": True, "model_version": None, "details": {},
                "unavailable": f"{type(exc).__name__}: {exc}"}
    return model.predict_one(subject, description, channel=channel)
