"""Model versions in a model root: which is current, how it got there, and the gate a
challenger must pass to replace the champion.

``current`` names the served version (the service reloads when it changes); ``history``
lists every version made current, oldest first, so ``rollback`` can go back one step.
"""
from __future__ import annotations

import json
from pathlib import Path

from triage_model.model import CURRENT_FILE, METADATA_FILE, ModelLoadError, load_model, set_current

HISTORY_FILE = "history"
#: How much worse than the champion a challenger may be, per figure, and still be promoted.
TOLERANCE = {"category_macro_f1": 0.01, "priority_macro_f1": 0.01, "p1_recall": 0.02}


def versions(model_root) -> list[dict]:
    """Metadata of every version in the root, oldest first, with ``current`` set on one."""
    root = Path(model_root)
    current = current_name(root)
    found = []
    directories = sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")) if root.is_dir() \
        else []
    for directory in directories:
        try:
            metadata = json.loads((directory / METADATA_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            metadata = {"version": directory.name, "broken": True}
        found.append({**metadata, "current": directory.name == current})
    return found


def current_name(model_root) -> str | None:
    marker = Path(model_root) / CURRENT_FILE
    return marker.read_text(encoding="utf-8").strip() if marker.is_file() else None


def history(model_root) -> list[str]:
    path = Path(model_root) / HISTORY_FILE
    return path.read_text(encoding="utf-8").split() if path.is_file() else []


def promote(model_root, version: str) -> None:
    """Make ``version`` current (it must load) and remember it for ``rollback``."""
    root = Path(model_root)
    load_model(root / version)  # ModelLoadError: a version that cannot serve is never made current
    before = current_name(root)
    past = history(root)
    if before and (not past or past[-1] != before):
        past.append(before)  # a current set before history was kept
    if before != version:
        past.append(version)
    _write_history(root, past)
    set_current(root, version)


def rollback(model_root) -> str:
    """Back to the version that was current before this one; returns its name."""
    root = Path(model_root)
    past = history(root)
    if current_name(root) and past and past[-1] == current_name(root):
        past = past[:-1]
    while past:
        try:
            load_model(root / past[-1])
            break
        except ModelLoadError:
            past = past[:-1]  # deleted or damaged since: skip it
    if not past:
        raise ModelLoadError(f"no earlier current version to roll back to in {root}")
    _write_history(root, past)
    set_current(root, past[-1])
    return past[-1]


def _write_history(root: Path, names: list[str]) -> None:
    tmp = root / f".{HISTORY_FILE}.tmp"
    tmp.write_text("".join(n + "\n" for n in names), encoding="utf-8")
    tmp.replace(root / HISTORY_FILE)


def gate_figures(report: dict) -> dict:
    """The figures the gate compares, from an ``evaluate`` report."""
    return {"category_macro_f1": report["model"]["category"]["macro_f1"],
            "priority_macro_f1": report["model"]["priority"]["macro_f1"],
            "p1_recall": report["model"]["priority"]["per_class"]["P1"]["recall"]}


def compare(champion: dict[str, dict], challenger: dict[str, dict]) -> tuple[bool, list[dict]]:
    """(challenger not worse on every figure of every set, one row per set and figure).

    ``champion``/``challenger``: {set name: gate_figures(...)}. A set with no P1 ticket
    (recall 0 for both) cannot fail on P1 recall."""
    rows, passed = [], True
    for name, theirs in challenger.items():
        ours = champion.get(name)
        if ours is None:
            continue
        for figure, tolerance in TOLERANCE.items():
            ok = theirs[figure] >= ours[figure] - tolerance
            passed &= ok
            rows.append({"set": name, "figure": figure, "champion": ours[figure], "challenger": theirs[figure],
                         "change": round(theirs[figure] - ours[figure], 4), "allowed": -tolerance, "ok": ok})
    return passed, rows


def side_by_side(rows: list[dict]) -> str:
    lines = [f"{'set':<22} {'figure':<18} {'champion':>9} {'challenger':>10} {'change':>8}  gate",
             "-" * 76]
    for r in rows:
        verdict = "ok" if r["ok"] else f"WORSE (allowed {r['allowed']:+.2f})"
        lines.append(f"{r['set']:<22} {r['figure']:<18} {r['champion']:>9.3f} {r['challenger']:>10.3f} "
                     f"{r['change']:>+8.3f}  {verdict}")
    return "\n".join(lines)
