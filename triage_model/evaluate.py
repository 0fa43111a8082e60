"""Scores of a model (and of the support design's keyword classifier) on labelled tickets,
with confusion-matrix and reliability plots and a Markdown report."""
from __future__ import annotations

from pathlib import Path

import numpy as np
from sklearn.metrics import confusion_matrix, f1_score, precision_recall_fscore_support

from triage_model import baseline
from triage_model.data import CATEGORIES, PRIORITIES
from triage_model.pipeline import TARGETS

LABELS = {"category": list(CATEGORIES), "priority": list(PRIORITIES)}
RELIABILITY_BINS = 10


def scores(truth: list[str], predicted: list[str], labels: list[str]) -> dict:
    p, r, f, support = precision_recall_fscore_support(truth, predicted, labels=labels, zero_division=0)
    return {
        "macro_f1": round(float(f1_score(truth, predicted, labels=labels, average="macro", zero_division=0)), 4),
        "accuracy": round(float(np.mean(np.asarray(truth) == np.asarray(predicted))), 4),
        "per_class": {lab: {"precision": round(float(p[i]), 4), "recall": round(float(r[i]), 4),
                            "f1": round(float(f[i]), 4), "support": int(support[i])} for i, lab in enumerate(labels)},
        "confusion": confusion_matrix(truth, predicted, labels=labels).tolist(),
    }


def reliability(confidences: list[float], correct: list[bool]) -> dict:
    """Per confidence bin: mean confidence, accuracy, count; and the expected calibration error."""
    conf, ok = np.asarray(confidences), np.asarray(correct, dtype=float)
    edges = np.linspace(0, 1, RELIABILITY_BINS + 1)
    bins, ece = [], 0.0
    for lo, hi in zip(edges[:-1], edges[1:], strict=False):
        inside = (conf > lo) & (conf <= hi)
        if inside.any():
            bins.append({"low": round(float(lo), 2), "high": round(float(hi), 2), "count": int(inside.sum()),
                         "confidence": round(float(conf[inside].mean()), 4),
                         "accuracy": round(float(ok[inside].mean()), 4)})
            ece += inside.mean() * abs(conf[inside].mean() - ok[inside].mean())
    return {"bins": bins, "ece": round(float(ece), 4)}


def evaluate(model, records: list[dict]) -> dict:
    """Model and baseline figures on ``records`` (which carry true labels)."""
    predictions = model.predict(records)
    likeliest = model.predict(records, p1_rule=False)
    seed = [baseline.classify(r.get("subject", ""), r.get("description", "")) for r in records]
    flagged = np.array([p["needs_review"] for p in predictions])
    right = {"category": np.array([p["category"] == r["category"] for p, r in zip(predictions, records, strict=False)]),
             "both": np.array([all(p[t] == r[t] for t in TARGETS) for p, r in zip(predictions, records, strict=False)])}
    report = {"tickets": len(records), "model": {}, "baseline": {}, "reliability": {},
              "needs_review_share": round(float(flagged.mean()), 4),
              # Category right and both labels right, among the unflagged and among the flagged tickets.
              "review_accuracy": {name: {k: round(float(v[part].mean()), 4) if part.any() else 1.0
                                         for k, v in right.items()}
                                  for name, part in (("unflagged", ~flagged), ("flagged", flagged))},
              # True P1 tickets by predicted priority (P1..P4): likeliest label, then with P1's weight.
              "p1_row": {name: [sum(r["priority"] == "P1" and p["priority"] == q
                                    for p, r in zip(guesses, records, strict=False))
                                for q in PRIORITIES]
                         for name, guesses in (("likeliest", likeliest), ("rule", predictions))}}
    for target in TARGETS:
        truth = [r[target] for r in records]
        guessed = [p[target] for p in predictions]
        report["model"][target] = scores(truth, guessed, LABELS[target])
        report["baseline"][target] = scores(truth, [s[target] for s in seed], LABELS[target])
        report["reliability"][target] = reliability([p[f"{target}_confidence"] for p in predictions],
                                                    [t == g for t, g in zip(truth, guessed, strict=False)])
    return report


def plot(report: dict, out_dir: Path) -> list[Path]:
    """Confusion matrices (model and baseline, per target) and one reliability diagram."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for target in TARGETS:
        labels = LABELS[target]
        fig, axes = plt.subplots(1, 2, figsize=(13, 5.5))
        for ax, who in zip(axes, ("model", "baseline"), strict=False):
            matrix = np.asarray(report[who][target]["confusion"])
            ax.imshow(matrix, cmap="Blues")
            ax.set_xticks(range(len(labels)), labels, rotation=45, ha="right")
            ax.set_yticks(range(len(labels)), labels)
            ax.set_xlabel("predicted")
            ax.set_ylabel("true")
            ax.set_title(f"{who}: {target} (macro-F1 {report[who][target]['macro_f1']:.3f})")
            for (i, j), v in np.ndenumerate(matrix):
                ax.text(j, i, str(v), ha="center", va="center", fontsize=8,
                        color="white" if v > matrix.max() / 2 else "black")
        fig.tight_layout()
        path = out_dir / f"confusion_{target}.png"
        fig.savefig(path, dpi=90)
        plt.close(fig)
        written.append(path)
    fig, ax = plt.subplots(figsize=(5.5, 5.5))
    ax.plot([0, 1], [0, 1], "k--", label="perfectly calibrated")
    for target in TARGETS:
        bins = report["reliability"][target]["bins"]
        ax.plot([b["confidence"] for b in bins], [b["accuracy"] for b in bins], "o-",
                label=f"{target} (ECE {report['reliability'][target]['ece']:.3f})")
    ax.set_xlabel("predicted confidence")
    ax.set_ylabel("observed accuracy")
    ax.set_title("Reliability")
    ax.legend(loc="upper left")
    fig.tight_layout()
    path = out_dir / "reliability.png"
    fig.savefig(path, dpi=90)
    plt.close(fig)
    written.append(path)
    return written


def markdown(report: dict, model_version: str, data_name: str) -> str:
    lines = [f"# Triage evaluation: model {model_version}", "",
             f"Data: `{data_name}` ({report['tickets']} tickets). Baseline: the support design's keyword classifier.",
             "",
             "| target | model macro-F1 | baseline macro-F1 | model accuracy | baseline accuracy | ECE |",
             "|---|---|---|---|---|---|"]
    for target in TARGETS:
        m, b = report["model"][target], report["baseline"][target]
        lines.append(f"| {target} | {m['macro_f1']:.3f} | {b['macro_f1']:.3f} | {m['accuracy']:.3f} | "
                     f"{b['accuracy']:.3f} | {report['reliability'][target]['ece']:.3f} |")
    p1 = report["model"]["priority"]["per_class"]["P1"]
    row = report["p1_row"]
    review = report["review_accuracy"]
    lines += ["", f"Share flagged needs_review: {report['needs_review_share']:.1%}. Category right on "
              f"{review['unflagged']['category']:.1%} of the unflagged and {review['flagged']['category']:.1%} of the "
              "flagged "
              f"tickets (both labels: {review['unflagged']['both']:.1%} and {review['flagged']['both']:.1%}).", "",
              f"**P1 recall {p1['recall']:.3f}**, P1 precision {p1['precision']:.3f}. The P1 row of the confusion "
              "matrix "
              "(true P1 tickets by predicted priority):", "",
              "| decision | P1 | P2 | P3 | P4 |", "|---|---|---|---|---|",
              "| likeliest label (before) | " + " | ".join(map(str, row["likeliest"])) + " |",
              "| P1 weighted (after) | " + " | ".join(map(str, row["rule"])) + " |", ""]
    for target in TARGETS:
        lines += [f"## {target}", "",
                  "| label | support | model P | model R | model F1 | baseline P | baseline R | baseline F1 |",
                  "|---|---|---|---|---|---|---|---|"]
        for label in LABELS[target]:
            m, b = report["model"][target]["per_class"][label], report["baseline"][target]["per_class"][label]
            lines.append(f"| {label} | {m['support']} | {m['precision']:.2f} | {m['recall']:.2f} | {m['f1']:.2f} | "
                         f"{b['precision']:.2f} | {b['recall']:.2f} | {b['f1']:.2f} |")
        lines += ["", f"![confusion matrices](confusion_{target}.png)", ""]
    lines += ["## Calibration", "",
              "A confidence of 0.8 should be right about 80% of the time; the diagonal is perfect.", "",
              "![reliability](reliability.png)", ""]
    for target in TARGETS:
        lines += [f"{target}: " + ", ".join(f"{b['low']:.1f}-{b['high']:.1f}: {b['accuracy']:.2f} of {b['count']}"
                                            for b in report["reliability"][target]["bins"]), ""]
    return "\n".join(lines)
