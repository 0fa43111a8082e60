"""What readers do with the help centre: searches, views and "Was this helpful?" votes.

These figures tell a knowledge manager which articles work and which questions
have no good article yet (searches with no good hit).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from kb_search.search import Hit
from kb_search.store import ArticleFeedback, ArticleView, SearchLog

# Below this score the best hit matched only weak or few words of the query.
# On bench/data's labelled queries 95% of right answers at rank 1 score above 16,
# while off-topic questions ("weather in paris", "best pizza in town") top out near 12.
GOOD_HIT_MIN_SCORE = 13.0
SOURCES = ("web", "bot", "agent", "phone", "api")


@dataclass(frozen=True)
class Stats:
    views: list[tuple[str, int]]
    feedback: list[tuple[str, int, int]]  # article id, helpful, not helpful
    gaps: list[tuple[str, int, float | None]]  # query, times searched, best score seen
    searches: int

    def as_dict(self) -> dict:
        return {
            "searches": self.searches,
            "views": [{"article_id": a, "views": n} for a, n in self.views],
            "feedback": [{"article_id": a, "helpful": y, "not_helpful": n} for a, y, n in self.feedback],
            "no_good_hit": [{"query": q, "count": n, "best_score": s} for q, n, s in self.gaps],
        }


def source_name(source: str | None) -> str:
    return source if source in SOURCES else "web"


def record_search(session: Session, query: str, hits: list[Hit], source: str | None = "web") -> None:
    top = hits[0] if hits else None
    session.add(SearchLog(query=" ".join(query.split())[:500], top_article_id=top.id if top else None,
                          top_score=top.score if top else None, hit_count=len(hits), source=source_name(source)))


def record_view(session: Session, article_id: str, source: str | None = "web") -> None:
    session.add(ArticleView(article_id=article_id, source=source_name(source)))


def record_feedback(session: Session, article_id: str, helpful: bool, comment: str | None = None,
                    source: str | None = "web", visitor: str | None = None) -> ArticleFeedback:
    """One vote; a second one of the same ``visitor`` for the article on the same UTC day
    breaks the table's unique constraint (IntegrityError) when flushed."""
    now = datetime.now(UTC)
    feedback = ArticleFeedback(article_id=article_id, helpful=helpful, created_at=now,
                               comment=(comment or "").strip()[:2000] or None, source=source_name(source),
                               visitor=visitor, day=now.strftime("%Y-%m-%d") if visitor else None)
    session.add(feedback)
    return feedback


def stats(session: Session, limit: int = 20, min_score: float = GOOD_HIT_MIN_SCORE) -> Stats:
    views = session.execute(
        select(ArticleView.article_id, func.count().label("n")).group_by(ArticleView.article_id)
        .order_by(func.count().desc(), ArticleView.article_id).limit(limit)
    ).all()
    helpful = func.sum(case((ArticleFeedback.helpful.is_(True), 1), else_=0))
    not_helpful = func.sum(case((ArticleFeedback.helpful.is_(False), 1), else_=0))
    feedback = session.execute(
        select(ArticleFeedback.article_id, helpful, not_helpful).group_by(ArticleFeedback.article_id)
        .order_by(not_helpful.desc(), helpful.desc(), ArticleFeedback.article_id).limit(limit)
    ).all()
    query = func.lower(SearchLog.query)
    no_good = (SearchLog.hit_count == 0) | (SearchLog.top_score < min_score)
    gaps = session.execute(
        select(query, func.count(), func.max(SearchLog.top_score)).where(no_good).group_by(query)
        .order_by(func.count().desc(), query).limit(limit)
    ).all()
    searches = session.scalar(select(func.count()).select_from(SearchLog)) or 0
    return Stats(views=[(a, int(n)) for a, n in views],
                 feedback=[(a, int(y or 0), int(n or 0)) for a, y, n in feedback],
                 gaps=[(q, int(n), s) for q, n, s in gaps], searches=searches)
