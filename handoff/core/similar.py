"""Similar resolved tickets: the top matches by TF-IDF text similarity, to reuse an answer.

The index covers the most recent ``INDEX_SIZE`` resolved or closed tickets with a
resolution and is rebuilt at most every ``REFRESH`` per database (fitting takes a
fraction of a second; the ticket page must not pay it on every view).
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import linear_kernel
from sqlalchemy import select
from sqlalchemy.orm import Session

from handoff.core.models import Ticket

INDEX_SIZE = 5000
REFRESH_S = 300.0
MIN_SCORE = 0.15  # below this the "match" shares little more than common words


@dataclass
class _Index:
    built_at: float
    ids: list[str]
    rows: list[tuple]
    vectorizer: TfidfVectorizer | None
    matrix: object


_indexes: dict[str, _Index] = {}
_lock = threading.Lock()


def _text(subject: str | None, description: str | None) -> str:
    return f"{subject or ''}\n{description or ''}"


def _build(session: Session) -> _Index:
    rows = session.execute(
        select(Ticket.id, Ticket.subject, Ticket.description, Ticket.resolution, Ticket.category, Ticket.resolved_at)
        .where(Ticket.status.in_(("resolved", "closed")), Ticket.resolution.is_not(None))
        .order_by(Ticket.resolved_at.desc()).limit(INDEX_SIZE)).all()
    if not rows:
        return _Index(time.monotonic(), [], [], None, None)
    vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True, ngram_range=(1, 2), min_df=1,
                                 max_features=50_000)
    matrix = vectorizer.fit_transform([_text(r.subject, r.description) for r in rows])
    return _Index(time.monotonic(), [r.id for r in rows], list(rows), vectorizer, matrix)


def _index(session: Session) -> _Index:
    key = str(session.get_bind().url)
    with _lock:
        index = _indexes.get(key)
        if index is None or time.monotonic() - index.built_at > REFRESH_S:
            index = _indexes[key] = _build(session)
    return index


def forget() -> None:
    """Drop every cached index (tests; after bulk imports)."""
    with _lock:
        _indexes.clear()


def similar_resolved(session: Session, ticket: Ticket, top: int = 3) -> list[dict]:
    """Up to ``top`` resolved tickets most like ``ticket``, with their resolutions, best first."""
    index = _index(session)
    if index.vectorizer is None:
        return []
    scores = linear_kernel(index.vectorizer.transform([_text(ticket.subject, ticket.description)]), index.matrix)[0]
    out = []
    for i in scores.argsort()[::-1]:
        if scores[i] < MIN_SCORE or len(out) == top:
            break
        row = index.rows[i]
        if row.id != ticket.id:
            out.append({"id": row.id, "subject": row.subject, "resolution": row.resolution,
                        "category": row.category, "score": round(float(scores[i]), 2)})
    return out
