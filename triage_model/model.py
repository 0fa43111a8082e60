"""A trained triage model on disk (one directory per version) and its predictions.

Directory layout: ``model.joblib`` (the fitted Pipeline), ``metadata.json`` (version,
creation time, training data hash and size, scikit-learn version, labels, metrics,
thresholds, artifact hash) and ``MODEL_CARD.md``.
"""
from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

import joblib
import numpy as np
import sklearn

from triage_model.data import CARD_FILE, CURRENT_FILE, METADATA_FILE, MODEL_FILE
from triage_model.decision import decide, needs_review, sharpen
from triage_model.extract import DetailExtractor
from triage_model.fast import CompiledPipeline
from triage_model.pipeline import TARGETS, feature_rows

#: Below this confidence (either target) a person should check the labels.
DEFAULT_REVIEW_THRESHOLD = 0.70
ALTERNATIVES = 3
log = logging.getLogger("triage_model")


class ModelLoadError(RuntimeError):
    """The artifact is missing, incomplete, damaged or from another scikit-learn version."""


class TriageModel:
    def __init__(self, pipeline, metadata: dict, review_threshold: float | None = None) -> None:
        self.pipeline = pipeline
        self.metadata = metadata
        self.version = metadata["version"]
        thresholds = metadata.get("thresholds", {})
        self.review_threshold = (review_threshold if review_threshold is not None
                                 else thresholds.get("needs_review", DEFAULT_REVIEW_THRESHOLD))
        estimators = pipeline.named_steps["classify"].estimators_
        self.classes = {t: np.asarray(e.classes_) for t, e in zip(TARGETS, estimators, strict=False)}
        # Models trained before the decision rule existed have none: plain likeliest label.
        rule = metadata.get("decision") or {}
        self.temperature = {t: rule.get("temperature", {}).get(t, 1.0) for t in TARGETS}
        self.p1_weight = rule.get("p1_weight", 1.0)
        self.compiled = CompiledPipeline(pipeline)
        self.extractor = DetailExtractor()

    def predict_one(self, subject: str, description: str, channel: str | None = None) -> dict:
        return self.predict([{"subject": subject, "description": description, "channel": channel}])[0]

    def probabilities(self, rows: np.ndarray) -> list[np.ndarray]:
        """Per target (category, priority), sharpened probabilities of ``feature_rows``, in ``classes`` order."""
        return [sharpen(proba, self.temperature[t]) for t, proba in zip(TARGETS, self.compiled.predict_proba(rows),
                                                                        strict=False)]

    def predict(self, records: list[dict], p1_rule: bool = True) -> list[dict]:
        """``p1_rule=False`` gives the likeliest priority, without P1's weight (for reports)."""
        if not records:
            return []
        rows = feature_rows(records)
        probabilities = self.probabilities(rows)
        texts = [str(r) for r in rows[:, 0]]
        details = [self.extractor(texts[0])] if len(texts) == 1 else self.extractor.many(texts)
        results = [{} for _ in records]
        for target, proba in zip(TARGETS, probabilities, strict=False):
            labels = self.classes[target]
            chosen = decide(proba, labels, self.p1_weight if target == "priority" and p1_rule else 1.0)
            # The chosen label first, then the likeliest others.
            rank = -proba.copy()
            rank[np.arange(len(rank)), chosen] = -np.inf
            order = np.argsort(rank, axis=1, kind="stable")[:, :1 + ALTERNATIVES]
            best = np.take_along_axis(proba, order, axis=1).round(4).tolist()
            names = labels[order].tolist()
            for result, top_names, top_p in zip(results, names, best, strict=False):
                result[target] = top_names[0]
                result[f"{target}_confidence"] = top_p[0]
                result[f"{target}_alternatives"] = [list(pair) for pair in zip(top_names[1:], top_p[1:], strict=False)]
        for result, found in zip(results, details, strict=False):
            result["needs_review"] = bool(needs_review(result["category_confidence"], result["priority_confidence"],
                                                       self.review_threshold))
            result["details"] = found
            result["model_version"] = self.version
        return results


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def save_artifact(pipeline, metadata: dict, card: str, directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    joblib.dump(pipeline, directory / MODEL_FILE, compress=3)
    metadata = {**metadata, "artifact_sha256": file_sha256(directory / MODEL_FILE)}
    (directory / METADATA_FILE).write_text(json.dumps(metadata, indent=2) + "\n", encoding="utf-8")
    (directory / CARD_FILE).write_text(card, encoding="utf-8")
    return directory


def load_model(path, review_threshold: float | None = None) -> TriageModel:
    """Load one version directory; ModelLoadError (never another exception) when unusable."""
    directory = Path(path)
    if not directory.is_dir():
        raise ModelLoadError(f"no model directory at {directory}; train one with `triage train`")
    missing = [n for n in (MODEL_FILE, METADATA_FILE, CARD_FILE) if not (directory / n).is_file()]
    if missing:
        raise ModelLoadError(f"model at {directory} is incomplete: missing {', '.join(missing)}; retrain with `triage "
                             "train`")
    try:
        metadata = json.loads((directory / METADATA_FILE).read_text(encoding="utf-8"))
        built_with = metadata["sklearn_version"]
        metadata["version"]
    except (ValueError, KeyError, TypeError) as exc:
        raise ModelLoadError(f"{directory / METADATA_FILE} is unreadable or lacks a field ({exc}); retrain with "
                             "`triage train`") from None
    if built_with != sklearn.__version__:
        raise ModelLoadError(f"model at {directory} was built with scikit-learn {built_with} but this environment "
                             f"has {sklearn.__version__}; retrain with `triage train` (or install "
                             f"scikit-learn=={built_with})")
    expected = metadata.get("artifact_sha256")
    if expected and file_sha256(directory / MODEL_FILE) != expected:
        raise ModelLoadError(f"{directory / MODEL_FILE} does not match the hash in metadata.json (damaged or replaced)")
    try:
        pipeline = joblib.load(directory / MODEL_FILE)
        return TriageModel(pipeline, metadata, review_threshold)
    except Exception as exc:  # a damaged pickle can raise nearly anything
        raise ModelLoadError(f"cannot load {directory / MODEL_FILE}: {type(exc).__name__}: {exc}") from None


def current_version_dir(model_root) -> Path:
    root = Path(model_root)
    marker = root / CURRENT_FILE
    if not marker.is_file():
        raise ModelLoadError(f"no current triage model in {root} (no '{CURRENT_FILE}' file); run `triage train` or "
                             "`helpdesk prepare`")
    name = marker.read_text(encoding="utf-8").strip()
    if not name or "/" in name or name.startswith("."):
        raise ModelLoadError(f"{marker} names no valid version ({name!r})")
    return root / name


def load_current(model_root, review_threshold: float | None = None) -> TriageModel:
    """The version named by ``model_root/current``."""
    return load_model(current_version_dir(model_root), review_threshold)


def load_serving(model_root, review_threshold: float | None = None) -> TriageModel:
    """What a service should serve: the current version, or, when that one cannot be
    loaded (damaged file, bad release), the newest earlier version that can, with the
    error logged, so that a bad release never stops triage. ModelLoadError when none loads."""
    try:
        return load_current(model_root, review_threshold)
    except ModelLoadError as error:
        failure = error
    current = current_version_dir(model_root).name  # no 'current' at all: nothing to fall back from
    earlier = sorted((d for d in Path(model_root).iterdir()
                      if d.is_dir() and not d.name.startswith(".") and d.name < current), reverse=True)
    for directory in earlier:
        try:
            model = load_model(directory, review_threshold)
        except ModelLoadError:
            continue
        log.error("triage model %s cannot be loaded (%s); serving the previous version %s",
                  current, failure, model.version)
        return model
    raise failure


def set_current(model_root, version: str) -> None:
    """Point ``current`` at a version atomically (readers never see a half-written file)."""
    root = Path(model_root)
    tmp = root / f".{CURRENT_FILE}.{version}.tmp"
    tmp.write_text(version + "\n", encoding="utf-8")
    tmp.replace(root / CURRENT_FILE)
