"""Train a new model version from labelled JSONL and write its artifact directory."""
from __future__ import annotations

import os
import shutil
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import sklearn
from tqdm import tqdm

from triage_model.data import CATEGORIES, PRIORITIES, TEST_FILE, TRAIN_FILE, files_digest, load_labelled
from triage_model.evaluate import evaluate
from triage_model.model import (DEFAULT_REVIEW_THRESHOLD, ModelLoadError, TriageModel, load_current,
                                save_artifact, set_current)
from triage_model.pipeline import TARGETS, build_pipeline, feature_rows

# The same place as support_service's Settings.triage_model_dir (same environment variables).
DEFAULT_MODEL_ROOT = Path(os.environ.get("TRIAGE_MODEL_DIR") or Path(
    os.environ.get("HELPDESK_DATA_DIR", Path(__file__).resolve().parent.parent / "var")) / "models" / "triage")


def train(data_paths: list[Path] | None = None, model_root: Path = DEFAULT_MODEL_ROOT, test_path: Path | None = TEST_FILE,
          promote: bool = True, progress: bool = True, review_threshold: float = DEFAULT_REVIEW_THRESHOLD) -> tuple[Path, dict | None]:
    """Fit, score on the held-out file, save as a new version; returns (version dir, held-out report)."""
    data_paths = [Path(p) for p in (data_paths or [TRAIN_FILE])]
    steps = tqdm(total=4, desc="triage train", unit="step", disable=not progress, file=sys.stderr)
    started = time.perf_counter()
    steps.set_postfix_str("reading data")
    records = load_labelled(data_paths)
    test_records = load_labelled([test_path]) if test_path else None
    steps.update()

    pipeline = build_pipeline()
    rows = feature_rows(records)
    labels = np.array([[r[t] for t in TARGETS] for r in records], dtype=object)
    steps.set_postfix_str(f"features of {len(records)} tickets")
    features = pipeline.named_steps["features"].fit_transform(rows)
    steps.update()
    steps.set_postfix_str("calibrated classifiers (category, priority)")
    pipeline.named_steps["classify"].fit(features, labels)
    steps.update()
    fit_seconds = time.perf_counter() - started

    digest, size = files_digest(data_paths)
    created = datetime.now(timezone.utc)
    version = f"{created:%Y%m%d-%H%M%S}-{digest[:8]}"
    metadata = {
        "version": version, "created_at": created.isoformat(timespec="seconds"),
        "training_data": {"files": [p.name for p in data_paths], "sha256": digest, "bytes": size, "tickets": len(records)},
        "sklearn_version": sklearn.__version__,
        "labels": {"category": list(CATEGORIES), "priority": list(PRIORITIES)},
        "thresholds": {"needs_review": review_threshold},
        "train_seconds": round(fit_seconds, 2),
        "metrics": None,
    }
    report = None
    if test_records:
        steps.set_postfix_str(f"scoring {len(test_records)} held-out tickets")
        report = evaluate(TriageModel(pipeline, metadata), test_records)
        metadata["metrics"] = {"held_out": test_path.name, "tickets": report["tickets"],
                               **{f"{t}_macro_f1": report["model"][t]["macro_f1"] for t in TARGETS},
                               **{f"baseline_{t}_macro_f1": report["baseline"][t]["macro_f1"] for t in TARGETS},
                               **{f"{t}_ece": report["reliability"][t]["ece"] for t in TARGETS}}
    steps.update()
    steps.close()

    model_root = Path(model_root)
    model_root.mkdir(parents=True, exist_ok=True)
    # Written beside its final place and renamed, so a reader never sees half an artifact.
    staging = model_root / f".{version}.partial"
    shutil.rmtree(staging, ignore_errors=True)
    save_artifact(pipeline, metadata, model_card(metadata, records), staging)
    final = model_root / version
    if final.exists():
        shutil.rmtree(staging)
    else:
        staging.rename(final)
    if promote:
        set_current(model_root, version)
    return final, report


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
    train(data_paths, Path(model_root), test_path, progress=progress)
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
                f"category macro-F1 {m['category_macro_f1']:.3f} (seed keyword classifier {m['baseline_category_macro_f1']:.3f}), "
                f"priority macro-F1 {m['priority_macro_f1']:.3f} (seed {m['baseline_priority_macro_f1']:.3f}); "
                f"expected calibration error {m['category_ece']:.3f} / {m['priority_ece']:.3f}")
    return f"""# Model card: SecureAI ticket triage {metadata['version']}

**What it does.** Gives a support ticket, chat or call transcript a category (7 labels) and a
priority (P1-P4) as defined in the labelling guide (`docs/labelling-guide.md`), with calibrated
confidences, the next likeliest labels, `needs_review` when either confidence is below
{metadata['thresholds']['needs_review']:.2f}, and details found by rules (file size, video format, error and HTTP
codes, API endpoint, ticket id, e-mail, integration product).

**Intended use.** Pre-filling category and priority on new tickets so they reach the right queue
with the right SLA clock; agents confirm or correct. Not for deciding anything about a customer
without a person when `needs_review` is true.

**Model.** scikit-learn {metadata['sklearn_version']} Pipeline: TF-IDF word 1-2-grams and char_wb 2-5-grams of
subject + description, one-hot channel and tier; per target a LinearSVC (class_weight=balanced)
calibrated with CalibratedClassifierCV (sigmoid, 5 folds).

**Training data.** {metadata['training_data']['tickets']} tickets from {', '.join(metadata['training_data']['files'])}
(sha256 {metadata['training_data']['sha256'][:16]}..., {metadata['training_data']['bytes']} bytes), written to the
labelling guide by the project (see `training_data/README.md`). Categories: {counts['category']}.
Priorities: {counts['priority']}.

**Held-out figures.** {held_out}.

**Limits.** The tickets are synthetic: written and varied by hand and by a generator, not taken from
real customers. Expect lower scores on real traffic, on languages other than English and on
situations far from the datasheet's list; watch `needs_review` rates and agents' corrections and
retrain with them (`triage train --data training_data/train.jsonl corrections.jsonl`). Customer tier
is an input but, by the guide, never changes the priority. Words like "urgent" do not raise it either.
"""
