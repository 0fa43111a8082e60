"""Figures of the served model on real traffic: mix against training, rates, drift."""
from __future__ import annotations

from triage_model.traffic import DRIFT_THRESHOLD, distance, text, traffic_report, warnings

TRAINING = {"category": {"billing": 0.5, "security": 0.5}, "priority": {"P1": 0.25, "P2": 0.25, "P3": 0.25, "P4": 0.25}}


def prediction(category, priority, review=False):
    return {"category": category, "priority": priority, "needs_review": review}


def test_mix_rates_and_confusion_of_corrections():
    predictions = [prediction("billing", "P3", True), prediction("billing", "P4"), prediction("security", "P1"),
                   prediction("security", "P2")]
    corrections = [{"was": {"category": "billing", "priority": "P3"}, "category": "security", "priority": "P3"}]
    report = traffic_report(predictions, corrections, TRAINING)
    category = report["targets"]["category"]
    assert report["needs_review_rate"] == 0.25 and report["corrected"] == 1
    assert category["served_mix"]["billing"] == 0.5 and category["distance"] == 0 and not category["drift"]
    assert category["correction_rate"]["billing"] == 0.5 and category["correction_rate"]["general"] is None
    assert category["confusion"] == [{"predicted": "billing", "corrected_to": "security", "tickets": 1}]
    assert report["targets"]["priority"]["correction_rate"]["P3"] == 0.0  # priority was kept
    assert warnings(report) == []


def test_a_mix_moving_beyond_the_threshold_warns():
    predictions = [prediction("billing", "P1")] * 9 + [prediction("security", "P1")]
    report = traffic_report(predictions, [], TRAINING)
    assert report["targets"]["priority"]["distance"] == 0.75 > DRIFT_THRESHOLD
    assert report["targets"]["category"]["drift"] and report["targets"]["priority"]["drift"]
    assert len(warnings(report)) == 2 and "DRIFT" in text(report, "7d")


def test_distance_is_the_share_of_tickets_that_would_change_label():
    assert distance({"a": 1.0}, {"b": 1.0}) == 1.0
    assert distance({"a": 0.6, "b": 0.4}, {"a": 0.5, "b": 0.5}) == 0.1


def test_no_traffic_gives_empty_figures_not_an_error():
    report = traffic_report([], [], TRAINING)
    assert report["tickets"] == 0 and report["targets"]["category"]["distance"] is None and warnings(report) == []
