"""The served triage model, loaded once per process and reloaded when ``current`` changes."""
from __future__ import annotations

import threading
import time
from pathlib import Path

_RECHECK_S = 5.0  # how often to look whether a new model version became current
_lock = threading.Lock()
_cache: dict[Path, tuple[str, object, float]] = {}


def _current_name(root: Path) -> str:
    return (root / "current").read_text(encoding="utf-8").strip()


def current_model(model_root: Path):
    """The model named by ``model_root/current`` (raises FileNotFoundError when none)."""
    root = Path(model_root)
    entry = _cache.get(root)
    now = time.monotonic()
    if entry is not None and now - entry[2] < _RECHECK_S:
        return entry[1]
    with _lock:
        name = _current_name(root)
        entry = _cache.get(root)
        if entry is None or entry[0] != name:
            import triage_model  # heavy (scikit-learn, spaCy): only processes that triage pay for it

            entry = (name, triage_model.load_serving(root), now)
        else:
            entry = (name, entry[1], now)
        _cache[root] = entry
    return entry[1]


def classify(model_root: Path, subject: str, description: str, channel: str | None, tier: str | None) -> dict:
    """The model's answer for one ticket (category, priority, confidences, details, ...)."""
    return current_model(model_root).predict_one(subject, description, channel=channel, tier=tier)
