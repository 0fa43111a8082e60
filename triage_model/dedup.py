"""Near-duplicate tickets: word 3-shingle Jaccard similarity, computed with sparse matrices."""
from __future__ import annotations

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer

#: Two tickets sharing this share of their word 3-shingles count as one.
NEAR_DUP_JACCARD = 0.6


def ticket_text(record: dict) -> str:
    return f"{record.get('subject') or ''} {record.get('description') or ''}"


def near_duplicate_pairs(texts: list[str], threshold: float = NEAR_DUP_JACCARD,
                         chunk: int = 1000) -> list[tuple[int, int, float]]:
    """Pairs (i, j, jaccard) with i < j whose shingle sets overlap at least ``threshold``."""
    vectorizer = CountVectorizer(ngram_range=(3, 3), binary=True, lowercase=True,
                                 token_pattern=r"(?u)\b\w+\b", dtype=np.float32)
    # Texts shorter than 3 words have no 3-shingle; give them their whole text as one.
    padded = [t if len(t.split()) >= 3 else f"{t} _pad_ _pad_" for t in texts]
    shingles = vectorizer.fit_transform(padded).tocsr()
    sizes = np.asarray(shingles.sum(axis=1)).ravel()
    pairs = []
    for start in range(0, shingles.shape[0], chunk):
        overlap = (shingles[start:start + chunk] @ shingles.T).tocoo()
        rows = overlap.row + start
        mask = rows < overlap.col
        i, j, inter = rows[mask], overlap.col[mask], overlap.data[mask]
        jaccard = inter / (sizes[i] + sizes[j] - inter)
        hit = jaccard >= threshold
        pairs.extend(zip(i[hit].tolist(), j[hit].tolist(), jaccard[hit].tolist(), strict=False))
    return pairs


def keep_mask(texts: list[str], threshold: float = NEAR_DUP_JACCARD) -> list[bool]:
    """Greedy de-duplication: keep a text unless an earlier kept text is a near-duplicate."""
    later: dict[int, list[int]] = {}
    for i, j, _ in near_duplicate_pairs(texts, threshold):
        later.setdefault(j, []).append(i)
    keep = [True] * len(texts)
    for j in range(len(texts)):
        if any(keep[i] for i in later.get(j, ())):
            keep[j] = False
    return keep
