"""The support dashboard's figures, each computed from the database by one function.

Every function takes a session and a period ``[since, until)`` (aware UTC) and
returns plain numbers; the console and ``handoff report`` only format them.
Each is a few aggregate queries, so that 50,000 tickets cost milliseconds, not a
Python loop. Which tickets a figure counts is said in its docstring; ``None``
stands for "no data in the period", never for zero.
"""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path

import yaml
from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from handoff.channels.models import BotSession, SatisfactionSurvey
from handoff.core.models import CHANNELS, OPEN_STATUSES, Ticket, TicketNote
from handoff.portal.models import PortalDraft
from kb_search.store import ArticleFeedback

TARGETS_PATH = Path(__file__).with_name("kpi_targets.yaml")
# A portal ticket form left this long after the customer opened a suggested article was not needed.
ABANDONED_AFTER = timedelta(minutes=30)


@lru_cache(maxsize=2)
def load_targets(path: Path = TARGETS_PATH) -> dict:
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _seconds(session: Session, start: ColumnElement, end: ColumnElement) -> ColumnElement:
    """``end - start`` in seconds, in the dialect's own arithmetic."""
    if session.get_bind().dialect.name == "sqlite":
        return (func.julianday(end) - func.julianday(start)) * 86400.0
    return func.extract("epoch", end - start)


def _percent(part, whole) -> float | None:
    return round(100.0 * (part or 0) / whole, 1) if whole else None


def _hours(seconds) -> float | None:
    return round(float(seconds) / 3600.0, 2) if seconds is not None else None


def _count_if(condition) -> ColumnElement:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _created_in(since: datetime, until: datetime):
    return and_(Ticket.created_at >= since, Ticket.created_at < until)


def _resolved_in(since: datetime, until: datetime):
    return and_(Ticket.resolved_at.is_not(None), Ticket.resolved_at >= since, Ticket.resolved_at < until)


def ticket_overview(session: Session, now: datetime) -> dict:
    """Open tickets by status right now and tickets resolved since midnight UTC (the
    widget's average resolution time is ``time_to_resolution`` of the period)."""
    by_status = dict(session.execute(
        select(Ticket.status, func.count()).where(Ticket.status.in_(OPEN_STATUSES)).group_by(Ticket.status)
    ).all())
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    resolved_today = session.scalar(select(func.count()).select_from(Ticket).where(_resolved_in(midnight, now)))
    return {
        "open": sum(by_status.values()),
        "new": by_status.get("created", 0) + by_status.get("assigned", 0),
        "in_progress": by_status.get("in_progress", 0),
        "pending": by_status.get("pending", 0),
        "escalated": by_status.get("escalated", 0),
        "resolved_today": resolved_today or 0,
    }


def sla_compliance(session: Session, since: datetime, until: datetime, now: datetime) -> dict:
    """Share of tickets created in the period that met their response and resolution due
    times. A ticket counts once its clock has run out or it was answered/resolved; one
    still inside its time is not judged yet. ``breaches_today``: due times that ran out
    unmet since midnight UTC."""
    responded_ok = and_(Ticket.first_response_at.is_not(None), Ticket.first_response_at <= Ticket.response_due_at)
    response_judged = or_(Ticket.first_response_at.is_not(None), Ticket.response_due_at < now)
    resolved_ok = and_(Ticket.resolved_at.is_not(None), Ticket.resolved_at <= Ticket.resolution_due_at)
    resolution_judged = or_(Ticket.resolved_at.is_not(None), Ticket.resolution_due_at < now)
    row = session.execute(
        select(
            _count_if(and_(response_judged, Ticket.response_due_at.is_not(None))),
            _count_if(responded_ok),
            _count_if(and_(resolution_judged, Ticket.resolution_due_at.is_not(None))),
            _count_if(resolved_ok),
            _count_if(and_(Ticket.priority == "P1", response_judged, resolution_judged)),
            _count_if(and_(Ticket.priority == "P1", responded_ok, resolved_ok)),
        ).where(_created_in(since, until))
    ).one()
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    response_breach = and_(Ticket.response_due_at >= midnight, Ticket.response_due_at < now,
                           or_(Ticket.first_response_at.is_(None), Ticket.first_response_at > Ticket.response_due_at))
    resolution_breach = and_(Ticket.resolution_due_at >= midnight, Ticket.resolution_due_at < now,
                             or_(Ticket.resolved_at.is_(None), Ticket.resolved_at > Ticket.resolution_due_at))
    breaches_today = session.scalar(select(_count_if(response_breach) + _count_if(resolution_breach))
                                    .where(Ticket.created_at >= midnight - timedelta(days=30)))
    return {
        "response_judged": row[0], "response_met": row[1], "response_percent": _percent(row[1], row[0]),
        "resolution_judged": row[2], "resolution_met": row[3], "resolution_percent": _percent(row[3], row[2]),
        "critical_judged": row[4], "critical_met": row[5], "critical_percent": _percent(row[5], row[4]),
        "breaches_today": breaches_today or 0,
    }


def first_response_time(session: Session, since: datetime, until: datetime) -> dict:
    """First response time of tickets created in the period that have had one: average
    hours and the share under the support design's target."""
    target_s = load_targets()["first_response_hours"] * 3600
    elapsed = _seconds(session, Ticket.created_at, Ticket.first_response_at)
    n, avg, within = session.execute(
        select(func.count(), func.avg(elapsed), _count_if(elapsed <= target_s))
        .where(_created_in(since, until), Ticket.first_response_at.is_not(None))
    ).one()
    return {"count": n, "avg_hours": _hours(avg), "within_target_percent": _percent(within, n),
            "target_hours": load_targets()["first_response_hours"]}


def time_to_resolution(session: Session, since: datetime, until: datetime) -> dict:
    """Time from creation to resolution of tickets resolved in the period."""
    target_s = load_targets()["resolution_hours"] * 3600
    elapsed = _seconds(session, Ticket.created_at, Ticket.resolved_at)
    n, avg, within = session.execute(
        select(func.count(), func.avg(elapsed), _count_if(elapsed <= target_s)).where(_resolved_in(since, until))
    ).one()
    return {"count": n, "avg_hours": _hours(avg), "within_target_percent": _percent(within, n),
            "target_hours": load_targets()["resolution_hours"]}


def first_contact_resolution(session: Session, since: datetime, until: datetime) -> dict:
    """Share of tickets resolved in the period on first contact: never escalated, never
    reopened, and at most one reply to the customer before resolution."""
    replies = (select(func.count()).where(TicketNote.ticket_id == Ticket.id, TicketNote.public.is_(True))
               .correlate(Ticket).scalar_subquery())
    first_contact = and_(Ticket.escalated_at.is_(None), Ticket.reopen_count == 0, replies <= 1)
    n, fcr = session.execute(
        select(func.count(), _count_if(first_contact)).where(_resolved_in(since, until))
    ).one()
    return {"resolved": n, "first_contact": fcr, "percent": _percent(fcr, n)}


def reopen_rate(session: Session, since: datetime, until: datetime) -> dict:
    """Share of tickets created in the period and resolved at least once that were
    reopened (the lifecycle allows a reopen within 7 days of resolution)."""
    ever_resolved = or_(Ticket.resolved_at.is_not(None), Ticket.reopen_count > 0)
    n, reopened = session.execute(
        select(func.count(), _count_if(Ticket.reopen_count > 0)).where(_created_in(since, until), ever_resolved)
    ).one()
    return {"resolved": n, "reopened": reopened, "percent": _percent(reopened, n)}


def escalation_rate(session: Session, since: datetime, until: datetime) -> dict:
    """Share of tickets created in the period that were escalated to a higher tier."""
    n, escalated = session.execute(
        select(func.count(), _count_if(Ticket.escalated_at.is_not(None))).where(_created_in(since, until))
    ).one()
    return {"tickets": n, "escalated": escalated, "percent": _percent(escalated, n)}


def csat(session: Session, since: datetime, until: datetime) -> dict:
    """Post-resolution survey answers given in the period: average 1-5 score, share of
    4s and 5s (the support design's CSAT %), and how many of the surveys sent were answered."""
    answered, avg, satisfied = session.execute(
        select(func.count(), func.avg(SatisfactionSurvey.score), _count_if(SatisfactionSurvey.score >= 4))
        .where(SatisfactionSurvey.answered_at >= since, SatisfactionSurvey.answered_at < until)
    ).one()
    sent, sent_answered = session.execute(
        select(func.count(), _count_if(SatisfactionSurvey.answered_at.is_not(None)))
        .where(SatisfactionSurvey.sent_at >= since, SatisfactionSurvey.sent_at < until)
    ).one()
    return {"answers": answered, "avg_score": round(float(avg), 2) if avg is not None else None,
            "satisfied_percent": _percent(satisfied, answered),
            "surveys_sent": sent, "response_rate_percent": _percent(sent_answered, sent)}


def kb_deflection(session: Session, since: datetime, until: datetime) -> dict:
    """Share of support needs settled without a ticket: help-centre "this helped" votes, bot
    conversations that ended in self-service, and portal ticket forms abandoned after the
    customer opened a suggested article (counted once the form has been left ABANDONED_AFTER),
    over those plus the tickets opened."""
    helpful = session.scalar(select(func.count()).select_from(ArticleFeedback).where(
        ArticleFeedback.helpful.is_(True), ArticleFeedback.created_at >= since, ArticleFeedback.created_at < until))
    bot_self_service = session.scalar(select(func.count()).select_from(BotSession).where(
        BotSession.outcome == "self_service", BotSession.ended_at >= since, BotSession.ended_at < until))
    portal_abandoned = session.scalar(select(func.count()).select_from(PortalDraft).where(
        PortalDraft.article_opened_at >= since,
        PortalDraft.article_opened_at < min(until, datetime.now(UTC) - ABANDONED_AFTER),
        PortalDraft.ticket_id.is_(None)))
    tickets = session.scalar(select(func.count()).select_from(Ticket).where(_created_in(since, until)))
    deflected = (helpful or 0) + (bot_self_service or 0) + (portal_abandoned or 0)
    return {"helpful_articles": helpful or 0, "bot_self_service": bot_self_service or 0,
            "portal_abandoned": portal_abandoned or 0,
            "tickets": tickets or 0, "deflected": deflected, "percent": _percent(deflected, deflected + (tickets or 0))}


def channel_distribution(session: Session, since: datetime, until: datetime,
                         self_service: int | None = None) -> list[dict]:
    """Tickets created in the period by channel, plus self-service (deflected) contacts
    (``self_service`` when the caller has already counted them)."""
    counts = dict(session.execute(
        select(Ticket.channel, func.count()).where(_created_in(since, until)).group_by(Ticket.channel)
    ).all())
    rows = [(channel, counts.get(channel, 0)) for channel in CHANNELS]
    if self_service is None:
        self_service = kb_deflection(session, since, until)["deflected"]
    rows.append(("self-service", self_service))
    total = sum(n for _, n in rows)
    return [{"channel": c, "count": n, "percent": _percent(n, total)} for c, n in rows]


def top_issues(session: Session, now: datetime, days: int = 7, limit: int = 5) -> list[dict]:
    """The categories (and subcategories) with the most tickets created in the last ``days``."""
    rows = session.execute(
        select(Ticket.category, Ticket.subcategory, func.count().label("n"))
        .where(Ticket.created_at >= now - timedelta(days=days), Ticket.created_at < now)
        .group_by(Ticket.category, Ticket.subcategory)
        .order_by(func.count().desc(), Ticket.category).limit(limit)
    ).all()
    return [{"category": c, "subcategory": s, "count": n} for c, s, n in rows]


def daily_volume(session: Session, now: datetime, days: int = 14) -> list[dict]:
    """Tickets created and resolved per UTC day over the last ``days`` days (oldest first)."""
    start = (now - timedelta(days=days - 1)).replace(hour=0, minute=0, second=0, microsecond=0)
    created = dict(session.execute(
        select(func.date(Ticket.created_at), func.count()).where(Ticket.created_at >= start, Ticket.created_at < now)
        .group_by(func.date(Ticket.created_at))).all())
    resolved = dict(session.execute(
        select(func.date(Ticket.resolved_at), func.count()).where(_resolved_in(start, now))
        .group_by(func.date(Ticket.resolved_at))).all())
    out = []
    for i in range(days):
        day = (start + timedelta(days=i)).date()
        out.append({"day": day.isoformat(),
                    "created": created.get(day, created.get(day.isoformat(), 0)),
                    "resolved": resolved.get(day, resolved.get(day.isoformat(), 0))})
    return out


def tickets_per_agent(session: Session, since: datetime, until: datetime) -> dict:
    """Tickets resolved in the period per agent who resolved any, per day of the period."""
    days = max((until - since).total_seconds() / 86400.0, 1.0)
    rows = session.execute(
        select(Ticket.assignee_id, func.count()).where(_resolved_in(since, until), Ticket.assignee_id.is_not(None))
        .group_by(Ticket.assignee_id)).all()
    if not rows:
        return {"agents": 0, "per_agent_per_day": None}
    total = sum(n for _, n in rows)
    return {"agents": len(rows), "per_agent_per_day": round(total / len(rows) / days, 1)}


def dashboard(session: Session, now: datetime | None = None, days: int = 30) -> dict:
    """Every widget of the support design's dashboard for the last ``days`` days up to ``now``."""
    now = now or datetime.now(UTC)
    since = now - timedelta(days=days)
    week = now - timedelta(days=7)
    deflection = kb_deflection(session, since, now)
    return {
        "now": now, "since": since, "days": days, "targets": load_targets(),
        "overview": ticket_overview(session, now),
        "sla": sla_compliance(session, since, now, now),
        "frt": first_response_time(session, since, now),
        "ttr": time_to_resolution(session, since, now),
        "fcr": first_contact_resolution(session, since, now),
        "reopen": reopen_rate(session, since, now),
        "escalation": escalation_rate(session, since, now),
        "csat": csat(session, since, now),
        "csat_week": csat(session, week, now),
        "deflection": deflection,
        "channels": channel_distribution(session, since, now, deflection["deflected"]),
        "top_issues": top_issues(session, now),
        "daily": daily_volume(session, now, days),  # one row per day of the period
        "per_agent": tickets_per_agent(session, since, now),
    }
