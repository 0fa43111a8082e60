"""The fitted Pipeline's arithmetic, without scikit-learn's per-call checks.

scikit-learn validates its input on every call (about 3 ms for one ticket through
ColumnTransformer, MultiOutputClassifier and CalibratedClassifierCV), far above the
1 ms budget for one prediction. The fitted pipeline is TF-IDF, one-hot and linear
scores put through sigmoids, so its vocabularies and weights are read once here and
applied with Counter and numpy. The test suite checks that the probabilities equal
``pipeline.predict_proba``.
"""
from __future__ import annotations

import re
from collections import Counter

import numpy as np
import scipy.sparse as sp
from scipy.special import expit

#: Words whose character n-grams are remembered (one dictionary hit per known word).
CHAR_CACHE_WORDS = 200_000


class CompiledPipeline:
    def __init__(self, pipeline) -> None:
        features = pipeline.named_steps["features"]
        words = features.named_transformers_["words"]
        chars = features.named_transformers_["chars"]
        context = features.named_transformers_["context"]
        if words.analyzer != "word" or words.ngram_range != (1, 2) or chars.analyzer != "char_wb":
            raise ValueError("CompiledPipeline expects word 1-2-grams and char_wb n-grams (see pipeline.py)")
        self.lowercase = words.lowercase and chars.lowercase
        self.token = re.compile(words.token_pattern)
        self.word_vocabulary = words.vocabulary_
        self.n_words = len(words.vocabulary_)
        self.char_vocabulary = {term: j + self.n_words for term, j in chars.vocabulary_.items()}
        self.char_ngrams = chars._char_wb_ngrams
        self.char_cache: dict[str, list[int]] = {}
        self.idf = np.concatenate([words.idf_, chars.idf_]).astype(np.float64)
        offset = self.n_words + len(chars.vocabulary_)
        self.context_index = []
        for categories in context.categories_:
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

    def _char_columns(self, word: str) -> list[int]:
        if len(self.char_cache) >= CHAR_CACHE_WORDS:
            self.char_cache.clear()
        get = self.char_vocabulary.get
        columns = self.char_cache[word] = [j for j in map(get, self.char_ngrams(word)) if j is not None]
        return columns

    def _one_row(self, text: str, channel: str) -> tuple[np.ndarray, np.ndarray]:
        text = text.lower() if self.lowercase else text
        # Word 1-2-grams, as CountVectorizer builds them.
        tokens = self.token.findall(text)
        get = self.word_vocabulary.get
        columns = [j for j in map(get, tokens) if j is not None]
        columns += [j for j in map(get, map(" ".join, zip(tokens, tokens[1:], strict=False))) if j is not None]
        # char_wb n-grams never cross a space, so each word's columns can be remembered.
        cache = self.char_cache
        for word in text.split():
            found = cache.get(word)
            columns += found if found is not None else self._char_columns(word)
        counts = Counter(columns)
        indices = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
        values = (1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64, count=len(counts)))) * self.idf[indices]
        # TF-IDF rows are normalised per vectorizer: words and chars separately.
        is_word = indices < self.n_words
        for part in (is_word, ~is_word):
            norm = np.sqrt(values[part] @ values[part])
            if norm:
                values[part] /= norm
        # A version trained with the tier as a second context column scores as if the tier were unknown.
        extra = [index[value] for value, index in zip((channel,), self.context_index, strict=False) if value in index]
        if extra:
            indices = np.concatenate([indices, extra])
            values = np.concatenate([values, np.ones(len(extra))])
        return indices, values

    def decision_one(self, text: str, channel: str) -> np.ndarray:
        indices, values = self._one_row(text, channel)
        return values @ self.weights[indices] + self.intercept

    def decision(self, rows: np.ndarray) -> np.ndarray:
        if len(rows) == 1:
            return self.decision_one(*rows[0])[None, :]
        # Features row by row (Counter beats TfidfVectorizer.transform even for large
        # batches), then one sparse product for all rows.
        found = [self._one_row(text, channel) for text, channel in rows]
        indptr = np.zeros(len(found) + 1, dtype=np.int64)
        np.cumsum([len(indices) for indices, _ in found], out=indptr[1:])
        matrix = sp.csr_matrix((np.concatenate([v for _, v in found]), np.concatenate([i for i, _ in found]), indptr),
                               shape=(len(found), self.n_features))
        return matrix @ self.weights + self.intercept

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
