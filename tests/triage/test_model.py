"""The model as other parts use it: predictions, artifact, loading, ensure_model."""
from __future__ import annotations

import json
import shutil

import numpy as np
import pytest
import sklearn

from triage_model import CATEGORIES, PRIORITIES, ModelLoadError, ensure_model, load_current, load_model
from triage_model.model import CURRENT_FILE, current_version_dir
from triage_model.pipeline import feature_rows

RESULT_KEYS = {"category", "priority", "category_confidence", "priority_confidence", "category_alternatives",
               "priority_alternatives", "needs_review", "details", "model_version"}


def test_predict_one_gives_labels_confidences_alternatives_and_details(small_model):
    result = small_model.predict_one("Upload rejected", "My 900 MB .wmv file fails, see TICK-20261127-004",
                                     channel="email")
    assert set(result) == RESULT_KEYS
    assert result["category"] in CATEGORIES and result["priority"] in PRIORITIES
    for target in ("category", "priority"):
        alternatives = result[f"{target}_alternatives"]
        assert len(alternatives) == 3 and all(label != result[target] for label, _ in alternatives)
        probabilities = [result[f"{target}_confidence"]] + [p for _, p in alternatives]
        assert probabilities == sorted(probabilities, reverse=True) and 0 < probabilities[0] <= 1
    assert result["details"]["file_size_mb"] == 900.0 and result["details"]["video_format"] == "WMV"
    assert result["details"]["ticket_id"] == "TICK-20261127-004"
    assert result["model_version"] == small_model.version
    json.dumps(result)  # plain JSON types only


def test_the_channel_is_optional_and_an_unknown_one_is_ignored(small_model):
    a = small_model.predict_one("", "cannot log in, password reset mail never arrives")
    b = small_model.predict_one("", "cannot log in, password reset mail never arrives", channel="fax")
    assert a["category"] == b["category"] and a["category_confidence"] == b["category_confidence"]


def test_the_tier_changes_nothing_so_an_anonymous_visitor_reads_like_a_customer(small_model):
    """The labelling guide: tier never changes priority. As a one-hot input it was a per-tier intercept, and
    without a tier a question read P1 ("our organisation is suspended?? what did we do": P4 for Starter)."""
    text = "when i sign in it says our organisation is suspended?? what did we do"
    readings = small_model.predict([{"subject": "", "description": text, "channel": "chat", "tier": tier}
                                    for tier in (None, "starter", "professional", "enterprise")])
    assert all(reading == readings[0] for reading in readings)


def test_batch_predict_keeps_order_and_matches_single_predictions(small_model, small_data):
    records = [json.loads(line) for line in small_data[1].read_text().splitlines()[:40]]
    batch = small_model.predict(records)
    assert len(batch) == 40
    for record, result in zip(records[:10], batch, strict=False):
        single = small_model.predict_one(record["subject"], record["description"], record["channel"])
        assert single == result
    assert small_model.predict([]) == []


def test_fast_scoring_equals_the_scikit_learn_pipeline(small_model, small_data):
    records = [json.loads(line) for line in small_data[1].read_text().splitlines()]
    records.append({"subject": "Ünïcode  and\ttabs", "description": "x", "channel": None})
    rows = feature_rows(records)
    expected = small_model.pipeline.predict_proba(rows)
    for got, want in zip(small_model.compiled.predict_proba(rows), expected, strict=False):
        np.testing.assert_allclose(got, want, atol=1e-6)
    one = small_model.compiled.predict_proba(rows[:1])
    np.testing.assert_allclose(one[0], expected[0][:1], atol=1e-6)


def test_needs_review_threshold_is_configurable(small_model_root):
    text = "hello, question about something"
    assert load_current(small_model_root, review_threshold=1.01).predict_one("", text)["needs_review"] is True
    assert load_current(small_model_root, review_threshold=0.0).predict_one("", text)["needs_review"] is False
    chosen = load_current(small_model_root)  # chosen on validation situations when trained
    assert chosen.review_threshold == chosen.metadata["thresholds"]["needs_review"]


def test_artifact_has_model_metadata_and_card(small_model_root, small_data):
    version_dir = current_version_dir(small_model_root)
    metadata = json.loads((version_dir / "metadata.json").read_text())
    assert metadata["version"] == version_dir.name
    assert metadata["sklearn_version"] == sklearn.__version__
    assert len(metadata["training_data"]["sha256"]) == 64
    assert metadata["training_data"]["bytes"] == small_data[0].stat().st_size
    assert metadata["labels"] == {"category": list(CATEGORIES), "priority": list(PRIORITIES)}
    assert 0.3 <= metadata["thresholds"]["needs_review"] <= 0.99
    assert set(metadata["decision"]["temperature"]) == {"category", "priority"}
    assert metadata["validation"]["tickets"] > 0 and "p1_recall" in metadata["metrics"]
    assert 0 < metadata["metrics"]["category_macro_f1"] <= 1 and "created_at" in metadata
    card = (version_dir / "MODEL_CARD.md").read_text()
    assert "Intended use" in card and metadata["version"] in card
    assert sum(f.stat().st_size for f in version_dir.iterdir()) < 50 * 2**20


@pytest.fixture
def copy_of_model(small_model_root, tmp_path):
    target = tmp_path / "model"
    shutil.copytree(current_version_dir(small_model_root), target)
    return target


def test_loading_refuses_another_scikit_learn_version(copy_of_model):
    path = copy_of_model / "metadata.json"
    metadata = json.loads(path.read_text())
    metadata["sklearn_version"] = "0.24.2"
    path.write_text(json.dumps(metadata))
    with pytest.raises(ModelLoadError, match=r"scikit-learn 0\.24\.2.*retrain"):
        load_model(copy_of_model)


@pytest.mark.parametrize("missing", ["model.joblib", "metadata.json", "MODEL_CARD.md"])
def test_loading_refuses_missing_files(copy_of_model, missing):
    (copy_of_model / missing).unlink()
    with pytest.raises(ModelLoadError, match=missing.replace(".", r"\.")):
        load_model(copy_of_model)


def test_loading_refuses_a_damaged_model_file(copy_of_model):
    (copy_of_model / "model.joblib").write_bytes(b"not a pickle")
    with pytest.raises(ModelLoadError, match="does not match"):
        load_model(copy_of_model)


def test_load_current_without_a_model_says_how_to_get_one(tmp_path):
    with pytest.raises(ModelLoadError, match="triage train"):
        load_current(tmp_path)


def test_ensure_model_trains_once_then_reuses(tmp_path, small_data):
    first = ensure_model(tmp_path, data=[small_data[0]], test_path=None)
    assert (tmp_path / CURRENT_FILE).read_text().strip() == first.version
    again = ensure_model(tmp_path, data=[small_data[0]], test_path=None)
    assert again.version == first.version
    assert len([p for p in tmp_path.iterdir() if p.is_dir()]) == 1


def test_ensure_model_replaces_an_unusable_current_model(tmp_path, small_data):
    broken = tmp_path / "old-version"
    broken.mkdir()
    (tmp_path / CURRENT_FILE).write_text("old-version\n")
    model = ensure_model(tmp_path, data=[small_data[0]], test_path=None)
    assert model.version != "old-version"
    assert load_current(tmp_path).version == model.version


def test_ensure_model_retrains_when_its_training_file_changed_but_keeps_other_models(tmp_path, small_data):
    data = tmp_path / "train.jsonl"
    data.write_bytes(small_data[0].read_bytes())
    first = ensure_model(tmp_path / "m", data=[data], test_path=None)
    with open(data, "a", encoding="utf-8") as more:
        more.write(json.dumps({"subject": "Refund", "description": "refund the double charge please",
                               "category": "billing", "priority": "P3"}) + "\n")
    second = ensure_model(tmp_path / "m", data=[data], test_path=None)
    assert second.version != first.version
    # Asked about other files (the current model was not trained on them): left alone.
    other = tmp_path / "other.jsonl"
    other.write_bytes(small_data[0].read_bytes())
    assert ensure_model(tmp_path / "m", data=[other], test_path=None).version == second.version
