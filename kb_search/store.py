"""The knowledge base's own tables: article views, helpful votes and searches.

kb_search imports nothing of ours, so it declares its tables on its own
metadata; the service's Alembic migrations (handoff/migrations) include them.
"""
from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Boolean, DateTime, Float, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def _now() -> datetime:
    return datetime.now(UTC)


class KBBase(DeclarativeBase):
    pass


class ArticleFeedback(KBBase):
    """One "Was this helpful?" answer: one per visitor, article and UTC day (the dashboard's
    deflection counts them, so repeating a vote must not count twice)."""

    __tablename__ = "kb_feedback"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[str] = mapped_column(String(200), index=True)
    helpful: Mapped[bool] = mapped_column(Boolean)
    comment: Mapped[str | None] = mapped_column(Text, nullable=True)
    source: Mapped[str] = mapped_column(String(20), default="web")  # web, bot, agent
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now, index=True)
    visitor: Mapped[str | None] = mapped_column(String(64), nullable=True)  # keyed hash, never the address
    day: Mapped[str | None] = mapped_column(String(10), nullable=True)  # YYYY-MM-DD (UTC)

    __table_args__ = (UniqueConstraint("article_id", "visitor", "day", name="uq_kb_feedback_visitor_day"),)


class ArticleView(KBBase):
    __tablename__ = "kb_view"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[str] = mapped_column(String(200), index=True)
    source: Mapped[str] = mapped_column(String(20), default="web")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now, index=True)


class SearchLog(KBBase):
    """Every search, so that searches with no good hit show the content gaps."""

    __tablename__ = "kb_search_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    query: Mapped[str] = mapped_column(String(500))
    top_article_id: Mapped[str | None] = mapped_column(String(200), nullable=True)
    top_score: Mapped[float | None] = mapped_column(Float, nullable=True)
    hit_count: Mapped[int] = mapped_column(Integer, default=0)
    source: Mapped[str] = mapped_column(String(20), default="web")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now, index=True)
