"""From class probabilities to labels and ``needs_review``, with the knobs chosen on
validation tickets (whole training situations held out), never on the test split.

- **Temperature** per target: the one-vs-rest sigmoids of the calibrated SVMs, once
  normalised, spread probability too thinly (a right answer at 0.6 is common), so
  ``p ** (1 / T)``, renormalised, with T fitted by log-loss, sharpens them.
- **P1 weight**: a missed P1 (an outage left in a P2 queue) costs more than a false alarm,
  so P1's probability is multiplied by a weight before the likeliest label is taken. The
  weight is the largest that costs at most ``MAX_F1_COST`` of priority macro-F1 on
  validation: P1 recall bought at half the champion/challenger gate's tolerance.
- **Review**: ``needs_review`` when the category confidence is below a threshold or when
  the priority is less likely than not (``PRIORITY_DOUBT``). The threshold is the lowest
  leaving the unflagged tickets' categories right at ``UNFLAGGED_ACCURACY_WANTED`` on
  validation, but never one flagging more than ``MAX_FLAGGED`` of them: agents' time for
  re-checking is the budget, and past it a flag stops meaning "doubtful".
"""
from __future__ import annotations

import numpy as np
from sklearn.metrics import f1_score

MAX_F1_COST = 0.005
P1_WEIGHTS = np.round(np.arange(1.0, 8.01, 0.25), 2)
UNFLAGGED_ACCURACY_WANTED = 0.95
MAX_FLAGGED = 0.25
PRIORITY_DOUBT = 0.5
TEMPERATURES = np.round(np.arange(0.10, 1.51, 0.02), 2)


def sharpen(proba: np.ndarray, temperature: float) -> np.ndarray:
    """``proba ** (1 / temperature)``, rows renormalised (temperature 1 changes nothing)."""
    if temperature == 1:
        return proba
    powered = np.power(np.clip(proba, 1e-12, 1.0), 1.0 / temperature)
    return powered / powered.sum(axis=1, keepdims=True)


def fit_temperature(proba: np.ndarray, truth_index: np.ndarray) -> float:
    """The temperature with the lowest log-loss of the true labels."""
    losses = [-np.mean(np.log(sharpen(proba, t)[np.arange(len(truth_index)), truth_index] + 1e-12))
              for t in TEMPERATURES]
    return float(TEMPERATURES[int(np.argmin(losses))])


def decide(proba: np.ndarray, classes: np.ndarray, p1_weight: float = 1.0) -> np.ndarray:
    """Label index per row: the likeliest, with P1's probability counted ``p1_weight`` times."""
    if p1_weight == 1 or "P1" not in classes:
        return np.argmax(proba, axis=1)
    weighted = proba.copy()
    weighted[:, int(np.flatnonzero(classes == "P1")[0])] *= p1_weight
    return np.argmax(weighted, axis=1)


def choose_p1_weight(proba: np.ndarray, classes: np.ndarray, truth: np.ndarray,
                     max_cost: float = MAX_F1_COST) -> float:
    """The largest weight whose macro-F1 stays within ``max_cost`` of the unweighted rule's."""
    def macro_f1(weight: float) -> float:
        return f1_score(truth, classes[decide(proba, classes, weight)], labels=classes, average="macro",
                        zero_division=0)

    floor = macro_f1(1.0) - max_cost
    return float(max(w for w in P1_WEIGHTS if w == 1 or macro_f1(w) >= floor))


def needs_review(category_confidence: np.ndarray, priority_confidence: np.ndarray, threshold: float) -> np.ndarray:
    return (category_confidence < threshold) | (priority_confidence < PRIORITY_DOUBT)


def choose_review_threshold(category_confidence: np.ndarray, priority_confidence: np.ndarray,
                            category_right: np.ndarray,
                            wanted: float = UNFLAGGED_ACCURACY_WANTED, max_flagged: float = MAX_FLAGGED) -> float:
    """The lowest category threshold for which the unflagged tickets' categories are right at
    ``wanted``, or, when that flags more than ``max_flagged``, the highest that does not."""
    thresholds = np.round(np.arange(0.30, 0.991, 0.01), 2)
    within_budget = [t for t in thresholds
                     if needs_review(category_confidence, priority_confidence,
                                     t).mean() <= max_flagged] or [thresholds[0]]
    for threshold in thresholds:
        kept = ~needs_review(category_confidence, priority_confidence, threshold)
        if kept.any() and category_right[kept].mean() >= wanted:
            return float(min(threshold, within_budget[-1]))
    return float(within_budget[-1])
