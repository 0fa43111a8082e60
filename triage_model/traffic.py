"""How the served model does on real traffic: the label mix it predicts against the mix it
was trained on, its needs_review rate, and what agents corrected.

Inputs are plain records (the caller reads them from wherever tickets live):
``predictions``: {"category", "priority", "needs_review"} as the model gave them;
``corrections``: {"was": {"category", "priority"}, "category", "priority"} (agents' labels).
"""
from __future__ import annotations

from collections import Counter

from triage_model.data import CATEGORIES, PRIORITIES

#: A mix drifts when half the sum of absolute share differences (total variation) exceeds this.
DRIFT_THRESHOLD = 0.15
LABELS = {"category": CATEGORIES, "priority": PRIORITIES}


def shares(values: list[str], labels) -> dict[str, float]:
    counts = Counter(values)
    total = sum(counts.values())
    return {label: round(counts[label] / total, 4) if total else 0.0 for label in labels}


def distance(a: dict[str, float], b: dict[str, float]) -> float:
    """Total variation distance: the share of tickets that would have to change label."""
    return round(sum(abs(a.get(k, 0.0) - b.get(k, 0.0)) for k in set(a) | set(b)) / 2, 4)


def traffic_report(predictions: list[dict], corrections: list[dict], training_mix: dict[str, dict]) -> dict:
    report = {"tickets": len(predictions), "corrected": len(corrections),
              "needs_review_rate": round(sum(bool(p.get("needs_review")) for p in predictions) / len(predictions), 4)
              if predictions else 0.0,
              "drift_threshold": DRIFT_THRESHOLD, "targets": {}}
    for target, labels in LABELS.items():
        served = shares([p[target] for p in predictions], labels)
        trained = training_mix.get(target) or {}
        predicted = Counter(p[target] for p in predictions)
        changed = [c for c in corrections if c["was"][target] != c[target]]
        confusion = Counter((c["was"][target], c[target]) for c in changed)
        moved = distance(served, trained) if predictions and trained else None
        report["targets"][target] = {
            "served_mix": served, "training_mix": trained, "distance": moved,
            "drift": moved is not None and moved > DRIFT_THRESHOLD,
            # Of the tickets the model gave this label, the share agents changed.
            "correction_rate": {label: round(sum(c["was"][target] == label for c in changed) / predicted[label], 4)
                                if predicted[label] else None for label in labels},
            "confusion": [{"predicted": was, "corrected_to": now, "tickets": n}
                          for (was, now), n in confusion.most_common()],
        }
    return report


def warnings(report: dict) -> list[str]:
    return [f"{target} mix has moved {t['distance']:.2f} from the training mix (threshold "
            f"{report['drift_threshold']:.2f}): "
            "the traffic is not what the model was trained on; check corrections and consider retraining"
            for target, t in report["targets"].items() if t["drift"]]


def text(report: dict, since: str) -> str:
    """The report as a terminal table."""
    lines = [f"Triage on real traffic since {since}: {report['tickets']} tickets triaged by the model, "
             f"{report['corrected']} corrected by agents; needs_review {report['needs_review_rate']:.1%}"]
    for target, t in report["targets"].items():
        moved = "-" if t["distance"] is None else f"{t['distance']:.2f}"
        lines += ["", f"{target}: distance from training mix {moved}" + ("  DRIFT" if t["drift"] else ""),
                  f"  {'label':<16} {'served':>7} {'trained':>8} {'corrected':>9}"]
        for label in LABELS[target]:
            rate = t["correction_rate"][label]
            lines.append(f"  {label:<16} {t['served_mix'][label]:>7.1%} {t['training_mix'].get(label, 0):>8.1%} "
                         f"{'-' if rate is None else f'{rate:.1%}':>9}")
        if t["confusion"]:
            lines.append("  corrections: " + ", ".join(f"{c['predicted']} -> {c['corrected_to']} ({c['tickets']})"
                                                       for c in t["confusion"]))
    lines += [""] + [f"WARNING: {w}" for w in warnings(report)]
    return "\n".join(lines).rstrip() + "\n"
