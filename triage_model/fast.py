"""The fitted Pipeline's arithmetic, without scikit-learn's per-call checks.

scikit-learn validates its input on every call (about 3 ms for one ticket through
ColumnTransformer, MultiOutputClassifier and CalibratedClassifierCV), far above the
1 ms budget for one prediction. The fitted pipeline is a sum of linear pieces, so
its weights are read once here and applied with numpy. The test suite checks that
the probabilities equal ``pipeline.predict_proba``.
"""
from __future__ import annotations

from collections import Counter
from itertools import repeat

import numpy as np
from scipy.special import expit


class CompiledPipeline:
    def __init__(self, pipeline) -> None:
        features = pipeline.named_steps["features"]
        self.text_steps = [features.named_transformers_[name] for name in ("words", "chars")]
        self.context = features.named_transformers_["context"]
        offset, self.text_blocks = 0, []
        for vectorizer in self.text_steps:
            counter = (_CharWordCache(vectorizer) if vectorizer.analyzer == "char_wb"
                       else _TermCounter(vectorizer))
            self.text_blocks.append((counter, vectorizer.idf_.astype(np.float64), offset))
            offset += len(vectorizer.vocabulary_)
        self.context_index = []
        for categories in self.context.categories_:
            self.context_index.append({value: offset + i for i, value in enumerate(categories)})
            offset += len(categories)
        self.n_features = offset

        weights, intercepts, slopes, shifts, self.targets = [], [], [], [], []
        start = 0
        for estimator in pipeline.named_steps["classify"].estimators_:
            (calibrated,) = estimator.calibrated_classifiers_  # ensemble=False: one classifier
            linear = calibrated.estimator
            classes = np.asarray(calibrated.classes)
            # Calibrators follow the linear model's class order; results use ``classes``.
            order = np.searchsorted(classes, linear.classes_)
            weights.append(linear.coef_.T)
            intercepts.append(linear.intercept_)
            slopes.append([c.a_ for c in calibrated.calibrators])
            shifts.append([c.b_ for c in calibrated.calibrators])
            self.targets.append((slice(start, start + len(classes)), order, len(classes)))
            start += len(classes)
        self.weights = np.ascontiguousarray(np.hstack(weights), dtype=np.float64)
        self.intercept = np.concatenate(intercepts).astype(np.float64)
        self.slope = np.concatenate(slopes).astype(np.float64)
        self.shift = np.concatenate(shifts).astype(np.float64)

    def _one_row(self, text: str, channel: str, tier: str) -> tuple[np.ndarray, np.ndarray]:
        indices, values = [], []
        for counter, idf, offset in self.text_blocks:
            columns, counts = counter(text)
            if len(columns):
                vals = (1.0 + np.log(counts)) * idf[columns]
                vals /= np.sqrt(vals @ vals)
                indices.append(columns + offset)
                values.append(vals)
        for value, index in zip((channel, tier), self.context_index):
            if value in index:
                indices.append(np.asarray([index[value]]))
                values.append(np.ones(1))
        if not indices:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        return np.concatenate(indices), np.concatenate(values)

    def decision_one(self, text: str, channel: str, tier: str) -> np.ndarray:
        indices, values = self._one_row(text, channel, tier)
        return values @ self.weights[indices] + self.intercept

    def decision(self, rows: np.ndarray) -> np.ndarray:
        # Row by row: counting each ticket's n-grams with Counter is faster than
        # TfidfVectorizer.transform even for large batches.
        return np.vstack([self.decision_one(text, channel, tier) for text, channel, tier in rows])

    def predict_proba(self, rows: np.ndarray) -> list[np.ndarray]:
        """Per target, probabilities (n, classes) as CalibratedClassifierCV gives them."""
        scores = self.decision(rows)
        raw = expit(-(self.slope * scores + self.shift))
        result = []
        for columns, order, n_classes in self.targets:
            proba = np.zeros((len(rows), n_classes))
            proba[:, order] = raw[:, columns]
            total = proba.sum(axis=1, keepdims=True)
            proba = np.divide(proba, total, out=np.full_like(proba, 1 / n_classes), where=total != 0)
            result.append(proba)
        return result


class _TermCounter:
    """Vocabulary columns and counts of one text, as CountVectorizer would find them."""

    def __init__(self, vectorizer) -> None:
        self.analyzer = vectorizer.build_analyzer()
        self.vocabulary = vectorizer.vocabulary_

    def __call__(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        counts = Counter(self.analyzer(text))
        columns = np.fromiter(map(self.vocabulary.get, counts, repeat(-1)), dtype=np.int64, count=len(counts))
        known = columns >= 0
        return columns[known], np.fromiter(counts.values(), dtype=np.float64, count=len(counts))[known]


class _CharWordCache:
    """The same for char_wb n-grams, which never cross a space: each word's columns are
    looked up once and kept, so a ticket costs one dictionary hit per word."""

    MAX_WORDS = 200_000

    def __init__(self, vectorizer) -> None:
        self.preprocess = vectorizer.build_preprocessor()
        self.ngrams = vectorizer._char_wb_ngrams
        self.vocabulary = vectorizer.vocabulary_
        self.cache: dict[str, list[int]] = {}

    def word_columns(self, word: str) -> list[int]:
        if len(self.cache) >= self.MAX_WORDS:
            self.cache.clear()
        get = self.vocabulary.get
        columns = self.cache[word] = [j for j in map(get, self.ngrams(word)) if j is not None]
        return columns

    def __call__(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        cache, columns = self.cache, []
        for word in self.preprocess(text).split():
            found = cache.get(word)
            columns.extend(found if found is not None else self.word_columns(word))
        counts = Counter(columns)
        return (np.fromiter(counts.keys(), dtype=np.int64, count=len(counts)),
                np.fromiter(counts.values(), dtype=np.float64, count=len(counts)))
