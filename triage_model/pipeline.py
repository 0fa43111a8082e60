"""The scikit-learn Pipeline behind the triage model.

One shared feature step (word 1-2-grams and character 2-5-grams of subject and
description, one-hot channel) feeding one calibrated linear classifier per target
(category, priority). Sharing the features halves the work per prediction.

The customer's tier is not a feature: by the labelling guide it never changes category or
priority, and as a one-hot input it acted as a per-tier intercept, so a customer with no
known tier (an anonymous chat visitor, an unknown sender) had none: "our organisation is
suspended?? what did we do" read P4 for a Starter customer and P1 without a tier.
"""
from __future__ import annotations

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.multioutput import MultiOutputClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder
from sklearn.svm import LinearSVC

from triage_model.data import CHANNELS

#: Text past this many characters adds cost but rarely meaning.
MAX_TEXT_CHARS = 5000
TARGETS = ("category", "priority")


def ticket_text(subject: str | None, description: str | None) -> str:
    return f"{subject or ''}\n{description or ''}"[:MAX_TEXT_CHARS]


def feature_rows(records: list[dict]) -> np.ndarray:
    """Rows of (text, channel) as the pipeline's input; an unknown channel becomes ''."""
    rows = np.empty((len(records), 2), dtype=object)
    for i, r in enumerate(records):
        rows[i, 0] = ticket_text(r.get("subject"), r.get("description"))
        rows[i, 1] = r.get("channel") if r.get("channel") in CHANNELS else ""
    return rows


def build_pipeline(C: float = 0.2) -> Pipeline:
    features = ColumnTransformer([
        ("words", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2,
                                  token_pattern=r"(?u)\b\w+\b", dtype=np.float32), 0),
        ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2,
                                  max_features=150_000, dtype=np.float32), 0),
        ("context", OneHotEncoder(categories=[list(CHANNELS)], handle_unknown="ignore"), [1]),
    ])
    classifier = CalibratedClassifierCV(LinearSVC(C=C, class_weight="balanced", random_state=0), method="sigmoid",
                                        cv=5, ensemble=False)
    return Pipeline([("features", features), ("classify", MultiOutputClassifier(classifier))])
