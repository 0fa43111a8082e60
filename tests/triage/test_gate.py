"""Champion and challenger: a worse model is kept as a candidate, never served; promote,
rollback and the run record in the MLflow file store."""
from __future__ import annotations

import json
import random
import shutil

import numpy as np
import pytest
import yaml
from sklearn.metrics import f1_score

from tests.triage.conftest import write_jsonl
from triage_model import cli, registry
from triage_model.decision import choose_p1_weight, choose_review_threshold, decide, needs_review, sharpen
from triage_model.train import held_out_correction


def read(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def gated(tmp_path_factory, small_data, small_model_root):
    """A root holding the small model as champion, then a challenger trained on shuffled labels."""
    folder = tmp_path_factory.mktemp("gate")
    root = folder / "models"
    shutil.copytree(small_model_root, root)
    records = read(small_data[0])
    labels = [(r["category"], r["priority"]) for r in records]
    random.Random(7).shuffle(labels)
    shuffled = write_jsonl(folder / "shuffled.jsonl",
                           [{**r, "category": c, "priority": p} for r, (c, p) in zip(records, labels, strict=False)])
    champion = registry.current_name(root)
    status = cli.main(["train", "--data", str(shuffled), "--test", str(small_data[1]), "--out", str(root)])
    return root, champion, status, shuffled


def test_a_model_trained_on_shuffled_labels_is_refused(gated, capsys):
    root, champion, status, _ = gated
    assert status == 3
    assert registry.current_name(root) == champion
    candidates = [v["version"] for v in registry.versions(root) if not v["current"]]
    assert len(candidates) == 1 and (root / candidates[0] / "model.joblib").is_file()


def test_models_lists_every_version_and_marks_the_current_one(gated, capsys):
    root, champion, _, _ = gated
    assert cli.main(["models", "--model", str(root)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert any(line.startswith(f"* {champion}") for line in lines)
    assert sum(line.startswith("  2") for line in lines) == 1  # the candidate, unmarked


def test_promote_then_rollback_returns_to_the_champion(gated):
    root, champion, _, _ = gated
    candidate = next(v["version"] for v in registry.versions(root) if not v["current"])
    assert cli.main(["promote", candidate, "--model", str(root)]) == 0
    assert registry.current_name(root) == candidate
    assert cli.main(["rollback", "--model", str(root)]) == 0
    assert registry.current_name(root) == champion
    assert cli.main(["promote", "no-such-version", "--model", str(root)]) == 2
    assert registry.current_name(root) == champion


def test_the_gate_prints_both_models_side_by_side(tmp_path, small_data, small_model_root, capsys):
    root = tmp_path / "models"
    shutil.copytree(small_model_root, root)
    records = read(small_data[0])
    worse = write_jsonl(tmp_path / "p1-as-p2.jsonl",
                        [{**r, "priority": "P2" if r["priority"] == "P1" else r["priority"]} for r in records])
    assert cli.main(["train", "--data", str(worse), "--test", str(small_data[1]), "--out", str(root), "--force"]) == 0
    out = capsys.readouterr().out
    assert "champion" in out and "challenger" in out and "p1_recall" in out and "WORSE" in out
    assert registry.current_name(root) != registry.history(root)[0]  # --force served it anyway


def test_every_run_is_recorded_in_the_mlflow_file_store(gated):
    root, _, _, _ = gated
    runs = [p for p in (root.parent / "mlruns").glob("*/*") if p.is_dir()]
    assert len(runs) == 1
    meta = yaml.safe_load((runs[0] / "meta.yaml").read_text())
    assert meta["status"] == 3 and meta["run_id"] == runs[0].name
    assert (runs[0] / "params" / "data_sha256").read_text()
    timestamp, value, step = (runs[0] / "metrics" / "held_out_category_macro_f1").read_text().split()
    assert 0 <= float(value) <= 1 and step == "0"
    assert (runs[0] / "tags" / "triage.gate_passed").read_text() == "False"
    assert (runs[0] / "artifacts" / "MODEL_CARD.md").is_file()


def test_corrections_keep_a_stable_held_out_part():
    corrections = [{"id": f"TICK-{i}", "source": "agent_correction"} for i in range(1000)]
    held = [r["id"] for r in corrections if held_out_correction(r)]
    assert 150 < len(held) < 250
    assert held == [r["id"] for r in corrections if held_out_correction(r)]
    assert not held_out_correction({"id": held[0]})  # synthetic tickets are never held out this way


def test_p1_weight_raises_p1_recall_within_the_allowed_macro_f1_cost():
    classes = np.array(["P1", "P2", "P3", "P4"])
    rng = np.random.default_rng(0)
    truth = classes[rng.integers(0, 4, size=800)]
    proba = rng.dirichlet(np.ones(4), size=800)
    proba[np.arange(800), np.searchsorted(classes, truth)] += 0.4  # an informative model
    proba /= proba.sum(axis=1, keepdims=True)
    weight = choose_p1_weight(proba, classes, truth, max_cost=0.01)
    assert weight > 1

    def figures(w):
        said = classes[decide(proba, classes, w)]
        return np.mean(said[truth == "P1"] == "P1"), f1_score(truth, said, average="macro")

    (recall_before, f1_before), (recall_after, f1_after) = figures(1.0), figures(weight)
    assert recall_after > recall_before and f1_after >= f1_before - 0.01


def test_sharpening_keeps_the_order_and_raises_the_top_probability():
    proba = np.array([[0.5, 0.3, 0.2]])
    sharp = sharpen(proba, 0.5)
    assert np.allclose(sharp.sum(), 1) and sharp[0, 0] > 0.5 and list(np.argsort(sharp[0])) == [2, 1, 0]


def test_review_threshold_is_the_lowest_that_leaves_the_rest_right_enough():
    category = np.array([0.95, 0.9, 0.85, 0.6, 0.55, 0.4])
    priority = np.array([0.9, 0.9, 0.3, 0.9, 0.9, 0.9])  # the third: priority in doubt, flagged anyway
    right = np.array([True, True, False, False, True, False])
    assert choose_review_threshold(category, priority, right, wanted=0.95, max_flagged=1.0) == 0.61
    # 0.61 flags four tickets in six, over a budget of a half: 0.60 flags three.
    assert choose_review_threshold(category, priority, right, wanted=0.95, max_flagged=0.5) == 0.6
    assert list(needs_review(category, priority, 0.61)) == [False, False, True, True, True, True]
