"""The post-resolution satisfaction survey (CSAT): a link per resolution, one 1-5 answer.

The link's random token is the customer's only credential. Opening the link shows
the question; only submitting the form records a score, so mail scanners that
follow links record nothing.
"""
from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from handoff.channels.models import SatisfactionSurvey
from handoff.core import editing
from handoff.core.errors import Conflict, NotFound, ValidationError
from handoff.core.models import Ticket, utcnow
from handoff.core.settings import current_settings
from handoff.core.tickets import log
from handoff.outbound import notifications

ANSWER_WINDOW = timedelta(days=30)


def survey_url(public_url: str, token: str) -> str:
    return f"{public_url.rstrip('/')}/survey/{token}"


def send_survey(session: Session, ticket: Ticket, *, now: datetime | None = None) -> SatisfactionSurvey:
    """Create the survey of the ticket's current resolution and email its link (once per
    resolution: a reopened and re-resolved ticket gets a new one). Does not commit."""
    now = now or utcnow()
    existing = session.scalars(select(SatisfactionSurvey).where(
        SatisfactionSurvey.ticket_id == ticket.id, SatisfactionSurvey.sent_at >= ticket.resolved_at)).first()
    if existing is not None:
        return existing
    survey = SatisfactionSurvey(token=secrets.token_urlsafe(24), ticket_id=ticket.id, sent_at=now)
    session.add(survey)
    settings = current_settings()
    if ticket.customer_email:
        url = survey_url(settings.public_url, survey.token)
        subject = f"[Ticket #{ticket.id}] How did we do?"
        links = "\n".join(f"  {n} - {label}: {url}?score={n}"
                          for n, label in zip(range(5, 0, -1), ["excellent", "good", "fair", "poor", "very poor"],
                                              strict=False))
        body = (f"Dear {ticket.customer_name or 'Customer'},\n\nYour ticket #{ticket.id} ({ticket.subject}) was "
                "resolved.\n"
                f"How satisfied are you with our support? Choose a score:\n\n{links}\n\n"
                f"The whole conversation (and a reply, if the issue is back): "
                f"{notifications.tracking_url(settings.public_url, ticket)}\n\n"
                f"Thank you for helping us improve.\nSecureAI Support Team\n")
        notifications.enqueue(session, kind="survey", to=ticket.customer_email, subject=subject, body=body,
                              ticket_id=ticket.id, smtp=bool(settings.smtp_url), now=now)
    log(ticket, "survey", "Satisfaction survey sent", at=now)
    return survey


def send_due_surveys(session: Session, *, now: datetime | None = None, limit: int = 200) -> int:
    """Send the survey of every resolved ticket that has none for its resolution yet
    (for resolutions made through the API or the scheduler). Commits; returns how many."""
    now = now or utcnow()
    has_survey = select(SatisfactionSurvey.token).where(
        SatisfactionSurvey.ticket_id == Ticket.id, SatisfactionSurvey.sent_at >= Ticket.resolved_at).exists()
    due = session.scalars(select(Ticket).where(
        Ticket.status.in_(("resolved", "closed")), Ticket.resolved_at.is_not(None),
        Ticket.resolved_at >= now - ANSWER_WINDOW, ~has_survey).limit(limit)).all()
    for ticket in due:
        send_survey(session, ticket, now=now)
    session.commit()
    return len(due)


def get_survey(session: Session, token: str) -> SatisfactionSurvey:
    survey = session.get(SatisfactionSurvey, token) if token and len(token) <= 64 else None
    if survey is None:
        raise NotFound("this survey link is not valid", code="survey_not_found")
    return survey


def answer(session: Session, token: str, score, comment: str | None = None, *,
           now: datetime | None = None) -> SatisfactionSurvey:
    """Record the customer's 1-5 score (once) on the survey and the ticket. Commits."""
    now = now or utcnow()
    survey = get_survey(session, token)
    if survey.answered_at is not None:
        raise Conflict("this survey was already answered; thank you", code="survey_answered")
    if now - survey.sent_at > ANSWER_WINDOW:
        raise Conflict("this survey has expired", code="survey_expired")
    try:
        score = int(score)
    except (TypeError, ValueError):
        score = 0
    if not 1 <= score <= 5:
        raise ValidationError("score: choose a number from 1 to 5", field="score")
    comment = (comment or "").strip()[:2000] or None
    survey.score, survey.comment, survey.answered_at = score, comment, now
    ticket = session.get(Ticket, survey.ticket_id)
    changes = {"satisfaction": score, **({"satisfaction_comment": comment} if comment else {})}
    editing.update_ticket(session, ticket, changes, actor=None, actor_name="customer", now=now)
    session.commit()
    return survey


