"""Train a new model version from labelled JSONL and write its artifact directory."""
from __future__ import annotations

import hashlib
import shutil
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import sklearn
from sklearn.model_selection import GroupShuffleSplit
from tqdm import tqdm

from helpdesk_settings.config import Settings
from triage_model import registry
from triage_model.data import CATEGORIES, PRIORITIES, TEST_FILE, TRAIN_FILE, files_digest, load_labelled
from triage_model.decision import (
    PRIORITY_DOUBT,
    choose_p1_weight,
    choose_review_threshold,
    decide,
    fit_temperature,
    needs_review,
    sharpen,
)
from triage_model.evaluate import evaluate
from triage_model.model import CARD_FILE, METADATA_FILE, ModelLoadError, TriageModel, load_current, save_artifact
from triage_model.pipeline import TARGETS, build_pipeline, feature_rows
from triage_model.tracking import record_run
from triage_model.traffic import shares

DEFAULT_MODEL_ROOT = Settings.from_env().triage_model_dir


#: Corrections are the only labels from real customers: each counts as this many synthetic tickets.
CORRECTION_WEIGHT = 3.0
#: Share of training situations held out to choose the decision rule (never the test split).
VALIDATION_SHARE = 0.2
CORRECTIONS_SET = "held-out corrections"


@dataclass
class Trained:
    version_dir: Path
    report: dict | None  # on the held-out split
    promoted: bool
    comparison: list[dict] = field(default_factory=list)  # gate rows (registry.compare)


def is_correction(record: dict) -> bool:
    return record.get("source") == "agent_correction"


def held_out_correction(record: dict) -> bool:
    """One correction in five, fixed by its ticket id, is kept for scoring and never trained on."""
    return is_correction(record) and hashlib.sha256(str(record.get("id")).encode()).digest()[0] % 5 == 0


def fit(records: list[dict], progress: tqdm | None = None, correction_weight: float = CORRECTION_WEIGHT):
    """A fitted Pipeline; each correction counts ``correction_weight`` synthetic tickets."""
    pipeline = build_pipeline()
    labels = np.array([[r[t] for t in TARGETS] for r in records], dtype=object)
    weights = np.array([correction_weight if is_correction(r) else 1.0 for r in records])
    features = pipeline.named_steps["features"].fit_transform(feature_rows(records))
    if progress:
        progress.update()
    pipeline.named_steps["classify"].fit(features, labels,
                                         **({"sample_weight": weights} if (weights != 1).any() else {}))
    if progress:
        progress.update()
    return pipeline


def choose_decision(records: list[dict], progress: tqdm | None = None) -> tuple[dict, dict]:
    """(decision rule, its figures on validation): a model fitted on four fifths of the training
    situations, scored on the fifth it never saw."""
    groups = [r.get("situation") or f"ticket/{r.get('id', i)}" for i, r in enumerate(records)]
    fit_idx, val_idx = next(GroupShuffleSplit(n_splits=1, test_size=VALIDATION_SHARE, random_state=0)
                            .split(records, groups=groups))
    model = TriageModel(fit([records[i] for i in fit_idx], progress), {"version": "validation"})
    validation = [records[i] for i in val_idx]
    rows = feature_rows(validation)
    raw = dict(zip(TARGETS, model.probabilities(rows), strict=False))
    truth = {t: np.array([r[t] for r in validation]) for t in TARGETS}
    temperature = {t: fit_temperature(raw[t], np.searchsorted(model.classes[t], truth[t])) for t in TARGETS}
    proba = {t: sharpen(raw[t], temperature[t]) for t in TARGETS}
    p1_weight = choose_p1_weight(proba["priority"], model.classes["priority"], truth["priority"])
    chosen = {t: decide(proba[t], model.classes[t], p1_weight if t == "priority" else 1.0) for t in TARGETS}
    confidence = {t: proba[t][np.arange(len(validation)), chosen[t]] for t in TARGETS}
    right = {t: model.classes[t][chosen[t]] == truth[t] for t in TARGETS}
    review = choose_review_threshold(confidence["category"], confidence["priority"], right["category"])
    flagged = needs_review(confidence["category"], confidence["priority"], review)
    is_p1 = truth["priority"] == "P1"
    said_p1 = model.classes["priority"][chosen["priority"]] == "P1"
    unweighted = model.classes["priority"][decide(proba["priority"], model.classes["priority"])]
    figures = {"tickets": len(validation), "situations": len(set(groups[i] for i in val_idx)),
               "p1_recall": round(float(said_p1[is_p1].mean()), 4) if is_p1.any() else None,
               "p1_recall_unweighted": round(float((unweighted[is_p1] == "P1").mean()), 4) if is_p1.any() else None,
               "p1_precision": round(float(is_p1[said_p1].mean()), 4) if said_p1.any() else None,
               "needs_review_share": round(float(flagged.mean()), 4),
               "unflagged_category_right": round(float(right["category"][~flagged].mean()),
                                                 4) if (~flagged).any() else None}
    return {"temperature": temperature, "p1_weight": p1_weight, "needs_review": review}, figures


def train(data_paths: list[Path] | None = None, model_root: Path = DEFAULT_MODEL_ROOT,
          test_path: Path | None = TEST_FILE,
          promote: bool = True, progress: bool = True, force: bool = False) -> Trained:
    """Fit a challenger, score it, save it as a new version and make it current when it is not
    worse than the current model (the champion) on the held-out split and held-out corrections,
    or when ``force``; ``promote=False`` only saves it."""
    data_paths = [Path(p) for p in (data_paths or [TRAIN_FILE])]
    steps = tqdm(total=7, desc="triage train", unit="step", disable=not progress, file=sys.stderr)
    started, started_at = time.perf_counter(), time.time()
    steps.set_postfix_str("reading data")
    everything = load_labelled(data_paths)
    records = [r for r in everything if not held_out_correction(r)]
    held_out_corrections = [r for r in everything if held_out_correction(r)]
    test_records = load_labelled([test_path]) if test_path else None
    steps.update()

    steps.set_postfix_str("decision rule on validation situations")
    decision, validation = choose_decision(records, steps)
    steps.set_postfix_str(f"final model on {len(records)} tickets")
    pipeline = fit(records, steps)
    fit_seconds = time.perf_counter() - started

    digest, size = files_digest(data_paths)
    created = datetime.now(UTC)
    version = f"{created:%Y%m%d-%H%M%S}-{digest[:8]}"
    metadata = {
        "version": version, "created_at": created.isoformat(timespec="seconds"),
        "training_data": {"files": [p.name for p in data_paths], "sha256": digest, "bytes": size,
                          "tickets": len(records),
                          "corrections": sum(map(is_correction, records)), "correction_weight": CORRECTION_WEIGHT,
                          "held_out_corrections": len(held_out_corrections),
                          # What the served traffic is compared with (triage_model.traffic).
                          "label_mix": {t: shares([r[t] for r in records], labels)
                                        for t, labels in (("category", CATEGORIES), ("priority", PRIORITIES))}},
        "sklearn_version": sklearn.__version__,
        "labels": {"category": list(CATEGORIES), "priority": list(PRIORITIES)},
        "thresholds": {"needs_review": decision.pop("needs_review")},
        "decision": decision,
        "validation": validation,
        "train_seconds": round(fit_seconds, 2),
        "metrics": None,
    }
    challenger = TriageModel(pipeline, metadata)
    steps.set_postfix_str("scoring held-out tickets")
    scored = {**({test_path.name: test_records} if test_records else {}),
              **({CORRECTIONS_SET: held_out_corrections} if held_out_corrections else {})}
    reports = {name: evaluate(challenger, held) for name, held in scored.items()}
    report = reports.get(test_path.name) if test_path else None
    if report:
        metadata["metrics"] = summary(report, test_path.name)
    if held_out_corrections:
        metadata["corrections_metrics"] = summary(reports[CORRECTIONS_SET], CORRECTIONS_SET)
    steps.update()

    model_root = Path(model_root)
    model_root.mkdir(parents=True, exist_ok=True)
    passed, comparison = challenge(model_root, scored, reports)
    steps.update()
    steps.close()
    # Written beside its final place and renamed, so a reader never sees half an artifact.
    staging = model_root / f".{version}.partial"
    shutil.rmtree(staging, ignore_errors=True)
    save_artifact(pipeline, metadata, model_card(metadata, records), staging)
    final = model_root / version
    if final.exists():
        shutil.rmtree(staging)
    else:
        staging.rename(final)
    promoted = promote and (passed or force)
    if promoted:
        registry.promote(model_root, version)
    track(model_root.parent / "mlruns", final, metadata, started_at, promoted, passed)
    return Trained(final, report, promoted, comparison)


def track(store: Path, version_dir: Path, metadata: dict, started_at: float, promoted: bool, passed: bool) -> None:
    """The run's parameters, data hash, figures and artifacts in the MLflow file store."""
    data, decision = metadata["training_data"], metadata["decision"]
    params = {"data_files": ",".join(data["files"]), "data_sha256": data["sha256"], "tickets": data["tickets"],
              "corrections": data["corrections"], "correction_weight": data["correction_weight"],
              "svm_C": build_pipeline().named_steps["classify"].estimator.estimator.C,
              "validation_share": VALIDATION_SHARE, "p1_weight": decision["p1_weight"],
              "temperature_category": decision["temperature"]["category"],
              "temperature_priority": decision["temperature"]["priority"],
              "needs_review_threshold": metadata["thresholds"]["needs_review"], "sklearn": metadata["sklearn_version"]}
    metrics = {"train_seconds": metadata["train_seconds"],
               **{f"validation_{k}": v for k, v in metadata["validation"].items() if isinstance(v, float)}}
    for prefix, figures in (("held_out", metadata.get("metrics")), ("corrections",
                                                                    metadata.get("corrections_metrics"))):
        metrics.update({f"{prefix}_{k}": v for k, v in (figures or {}).items() if isinstance(v, float)})
    tags = {"triage.version": metadata["version"], "triage.promoted": promoted, "triage.gate_passed": passed,
            "triage.model_dir": str(version_dir)}
    record_run(store, metadata["version"], params, metrics, tags,
               [version_dir / METADATA_FILE, version_dir / CARD_FILE], started_at, time.time())


def summary(report: dict, name: str) -> dict:
    """The figures kept in metadata (and shown by ``triage models``) for one scored set."""
    p1 = report["model"]["priority"]["per_class"]["P1"]
    return {"held_out": name, "tickets": report["tickets"],
            **{f"{t}_macro_f1": report["model"][t]["macro_f1"] for t in TARGETS},
            **{f"baseline_{t}_macro_f1": report["baseline"][t]["macro_f1"] for t in TARGETS},
            **{f"{t}_ece": report["reliability"][t]["ece"] for t in TARGETS},
            "p1_recall": p1["recall"], "p1_precision": p1["precision"],
            "p1_row": report["p1_row"], "needs_review_share": report["needs_review_share"],
            "review_accuracy": report["review_accuracy"]}


def challenge(model_root: Path, scored: dict[str, list[dict]], reports: dict[str, dict]) -> tuple[bool, list[dict]]:
    """Score the champion on the same sets and compare; no loadable champion: the challenger passes."""
    try:
        champion = load_current(model_root)
    except ModelLoadError:
        return True, []
    theirs = {name: registry.gate_figures(report) for name, report in reports.items()}
    ours = {name: registry.gate_figures(evaluate(champion, held)) for name, held in scored.items()}
    return registry.compare(ours, theirs)


def ensure_model(model_root: Path = DEFAULT_MODEL_ROOT, data: list[Path] | None = None,
                 test_path: Path | None = TEST_FILE, progress: bool = False) -> TriageModel:
    """The current model; trains one (from training_data/ unless ``data`` says otherwise)
    first when there is none or it cannot be loaded (say, after a scikit-learn upgrade)."""
    data_paths = [Path(p) for p in (data or [TRAIN_FILE])]
    try:
        model = load_current(model_root)
        if not _stale(model, data_paths):
            return model
        print(f"triage: {', '.join(p.name for p in data_paths)} changed since model {model.version}; "
              "training a new model", file=sys.stderr)
    except ModelLoadError as why:
        print(f"triage: {why}; training a new model", file=sys.stderr)
    # Setting up (``helpdesk prepare``): the committed data is the reference, so no gate.
    train(data_paths, Path(model_root), test_path, progress=progress, force=True)
    return load_current(model_root)


def _stale(model: TriageModel, data_paths: list[Path]) -> bool:
    """True when the model was trained on these same files and they have changed since.
    A model trained on other files (say, with agents' corrections) is never replaced here."""
    trained_on = model.metadata.get("training_data", {})
    if trained_on.get("files") != [p.name for p in data_paths]:
        return False
    return trained_on.get("sha256") != files_digest(data_paths)[0]


def model_card(metadata: dict, records: list[dict]) -> str:
    counts = {t: {lab: sum(r[t] == lab for r in records) for lab in labs}
              for t, labs in (("category", CATEGORIES), ("priority", PRIORITIES))}
    m = metadata.get("metrics") or {}
    held_out = ("not measured (trained without a held-out file)" if not m else
                f"on `{m['held_out']}` ({m['tickets']} tickets, whole situations never seen in training): "
                f"category macro-F1 {m['category_macro_f1']:.3f} (seed keyword classifier "
                f"{m['baseline_category_macro_f1']:.3f}), "
                f"priority macro-F1 {m['priority_macro_f1']:.3f} (seed {m['baseline_priority_macro_f1']:.3f}); "
                f"expected calibration error {m['category_ece']:.3f} / {m['priority_ece']:.3f}.\n\n"
                f"**P1 (critical) recall {m['p1_recall']:.3f}** at P1 precision {m['p1_precision']:.3f}. "
                f"P1 tickets predicted as P1 / P2 / P3 / P4: {' / '.join(map(str, m['p1_row']['likeliest']))} with the "
                f"likeliest label, {' / '.join(map(str, m['p1_row']['rule']))} with P1 weighted.\n\n"
                f"**needs_review** flags {m['needs_review_share']:.1%} of tickets. Category right on "
                f"{m['review_accuracy']['unflagged']['category']:.1%} of the others (both labels "
                f"{m['review_accuracy']['unflagged']['both']:.1%}) and on "
                f"{m['review_accuracy']['flagged']['category']:.1%} "
                f"of the flagged (both {m['review_accuracy']['flagged']['both']:.1%})")
    d = metadata.get("decision") or {}
    v = metadata.get("validation") or {}
    rule = (f"Decision rule, chosen on {v.get('tickets')} validation tickets ({v.get('situations')} training "
            "situations "
            f"held out of a first fit, never the test split): probabilities sharpened by temperature "
            f"{d['temperature']['category']:.2f} (category) / {d['temperature']['priority']:.2f} (priority); P1's "
            "probability "
            f"counted {d['p1_weight']:g} times (validation P1 recall {v['p1_recall_unweighted']} -> {v['p1_recall']}, "
            f"precision {v['p1_precision']}); needs_review when the category confidence is below "
            f"{metadata['thresholds']['needs_review']:.2f} or the priority's below {PRIORITY_DOUBT}.") if d else ""
    return f"""# Model card: SecureAI ticket triage {metadata['version']}

**What it does.** Gives a support ticket, chat or call transcript a category (7 labels) and a
priority (P1-P4) as defined in the labelling guide (`docs/labelling-guide.md`), with calibrated
confidences, the next likeliest labels, `needs_review` when a label is doubtful (below), and details
found by rules (file size, video format, error and HTTP codes, API endpoint, ticket id, e-mail,
integration product).

**Intended use.** Pre-filling category and priority on new tickets so they reach the right queue
with the right SLA clock; agents confirm or correct. Not for deciding anything about a customer
without a person when `needs_review` is true.

**Model.** scikit-learn {metadata['sklearn_version']} Pipeline: TF-IDF word 1-2-grams and char_wb 2-5-grams of
subject + description, one-hot channel; per target a LinearSVC (class_weight=balanced)
calibrated with CalibratedClassifierCV (sigmoid, 5 folds). {rule}

**Training data.** {metadata['training_data']['tickets']} tickets from {', '.join(metadata['training_data']['files'])}
(sha256 {metadata['training_data']['sha256'][:16]}..., {metadata['training_data']['bytes']} bytes), written to the
labelling guide by the project (see `training_data/README.md`). Categories: {counts['category']}.
Priorities: {counts['priority']}.

**Held-out figures.** {held_out}.

**Limits.** The tickets are synthetic: written and varied by hand and by a generator, not taken from
real customers. Expect lower scores on real traffic, on languages other than English and on
situations far from the datasheet's list; watch `needs_review` rates and agents' corrections and
retrain with them (`triage train --data training_data/train.jsonl corrections.jsonl`). Customer tier
is not an input: by the guide it never changes the priority, and a customer with no known tier (an
anonymous chat visitor) must read the same. Words like "urgent" do not raise the priority either.
"""
