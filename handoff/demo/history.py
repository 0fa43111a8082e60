"""DEMO DATA for a development database: a month of support traffic with a past.

``handoff seed-demo --history DAYS`` (and ``helpdesk prepare`` on a new database)
plays DAYS of traffic through the same functions the API, the console and the
scheduler call, on a simulated clock: customers open tickets on every channel
(triaged by the model, routed, SLA clocks started); agents claim, reply, ask and
wait, escalate and resolve; the scheduler runs every hour of simulated time
(SLA warnings and breaches, escalation timers, auto-close, surveys); customers
reopen a few tickets and answer surveys; bot conversations end in self-service.
Events that fall after "now" never happen, so the newest tickets are still open.

Every simulated ticket's idempotency key starts with ``demo-history-`` (so a
second run finds them and does nothing) and its details say ``demo_data``.
Refused when ``HELPDESK_ENV`` is ``production``.
"""
from __future__ import annotations

import heapq
import itertools
import os
import random
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import yaml
from sqlalchemy import exists, select
from sqlalchemy.orm import Session
from tqdm import tqdm

from handoff.channels import surveys
from handoff.channels.models import BotSession, SatisfactionSurvey
from handoff.core import agent_work, editing, lifecycle
from handoff.core.errors import HandoffError
from handoff.core.models import Agent, Contact, Ticket
from handoff.core.tickets import create_ticket
from handoff.outbound import scheduler
from kb_search.articles import library
from kb_search.usage import record_feedback

HISTORY_FILE = Path(__file__).with_name("demo_history.yaml")
KEY_PREFIX = "demo-history-"
TICK_EVERY = timedelta(hours=1)  # cron runs it every minute; hourly keeps a month of history quick
#: Who picks up a ticket at each support tier (demo staff, handoff/demo/demo_data.yaml);
#: the Security queue has its own analyst.
TIER_AGENTS = {1: "agent@secureai.com", 2: "jane.smith@secureai.com", 3: "sam.senior@secureai.com"}
SECURITY_AGENT = "sec.analyst@secureai.com"
#: Minutes until an agent first answers, by priority (uniform in the range).
RESPONSE_MINUTES = {"P1": (3, 25), "P2": (10, 120), "P3": (20, 600), "P4": (30, 1440)}


class ProductionRefused(RuntimeError):
    """Demo history is for development databases only."""


def already_played(session: Session) -> bool:
    return bool(session.scalar(select(exists().where(Ticket.idempotency_key.like(f"{KEY_PREFIX}%")))))


class History:
    """The simulation: a clock, a queue of things to happen, and the people who do them."""

    def __init__(self, session: Session, now: datetime, days: int, seed: int):
        self.session = session
        self.now = now
        self.start = now - timedelta(days=days)
        self.rng = random.Random(seed)
        self.spec = yaml.safe_load(HISTORY_FILE.read_text(encoding="utf-8"))
        self.staff = {a.email: a for a in session.scalars(select(Agent))}
        self.contacts = list(session.scalars(select(Contact)))
        self.articles = sorted(library()[0])
        self.queue: list = []
        self.order = itertools.count()
        self.counts = {"tickets": 0, "claimed": 0, "replies": 0, "pending": 0, "escalated_by_agent": 0,
                       "resolved": 0, "reopened": 0, "csat_answers": 0, "bot_sessions": 0, "skipped": 0}

    # --- the clock ---------------------------------------------------------------------

    def at(self, when: datetime, action: Callable, *args) -> None:
        if when < self.now:  # what would happen after "now" has not happened yet
            heapq.heappush(self.queue, (when, next(self.order), action, args))

    def run(self) -> dict:
        tick = self.start
        while tick < self.now:
            self.at(tick, self.tick)
            tick += TICK_EVERY
        self.plan_arrivals()
        days = (self.now - self.start).days
        # On a terminal only; it clears itself when done (leave=False).
        progress = tqdm(total=days, unit="day", desc="demo history", leave=False, disable=not sys.stderr.isatty())
        while self.queue:
            when, _, action, args = heapq.heappop(self.queue)
            progress.update(min(days, (when - self.start).days) - progress.n)
            try:
                action(when, *args)
                self.session.commit()
            except HandoffError:  # the ticket moved on meanwhile (e.g. the timer escalated it): skip
                self.session.rollback()
                self.counts["skipped"] += 1
        progress.close()
        return self.counts

    def tick(self, when: datetime) -> None:
        scheduler.tick(self.session, now=when)

    def later(self, when: datetime, low_minutes: float, high_minutes: float, office_hours: bool = True) -> datetime:
        """``when`` plus a random delay; agents at tier 1-2 work 08-18 UTC on weekdays."""
        then = when + timedelta(minutes=self.rng.uniform(low_minutes, high_minutes))
        if office_hours and (then.weekday() >= 5 or not 8 <= then.hour < 18):
            day = then if then.hour < 8 else then + timedelta(days=1)
            while day.weekday() >= 5:
                day += timedelta(days=1)
            then = day.replace(hour=8, minute=0) + timedelta(minutes=self.rng.uniform(0, 90))
        return then

    # --- customers -----------------------------------------------------------------------

    def plan_arrivals(self) -> None:
        volume = self.spec["volume"]
        day = self.start.replace(hour=0, minute=0, second=0, microsecond=0)
        while day < self.now:
            low, high = volume["weekend" if day.weekday() >= 5 else "weekday"]
            arrivals = [(self.open_ticket, self.rng.randint(low, high)),
                        (self.bot_session, self.rng.randint(*volume["bot_sessions"]))]
            for action, count in arrivals:
                for _ in range(count):
                    when = day + self.arrival_time()
                    if when >= self.start:
                        self.at(when, action)
            day += timedelta(days=1)

    def arrival_time(self) -> timedelta:
        """Most contacts in office hours (UTC), some in the evening and at night."""
        hour = self.rng.choices([self.rng.uniform(8, 18), self.rng.uniform(18, 23), self.rng.uniform(0, 8)],
                                weights=[75, 17, 8])[0]
        return timedelta(hours=hour)

    def fill(self, text: str) -> str:
        return text.format(**{k: self.rng.choice(v) for k, v in self.spec["fills"].items()})

    def open_ticket(self, when: datetime) -> None:
        situation = self.rng.choice(self.spec["situations"])
        subject, description = self.fill(situation["subject"]), self.fill(situation["description"])
        channels = self.spec["channels"]
        channel = self.rng.choices(list(channels), weights=list(channels.values()))[0]
        if self.rng.uniform(0, 100) < self.spec["unknown_customer_percent"]:
            first = self.rng.choice(["Alex", "Sam", "Noor", "Kim", "Jordan", "Ana"])
            customer = {"name": f"{first} Visitor",
                        "email": f"{first.lower()}.{self.rng.randint(100, 999)}@mail.example"}
        else:
            contact = self.rng.choice(self.contacts)
            customer = {"name": contact.name, "email": contact.email, "phone": contact.phone}
        data = {"channel": channel, "customer": customer, "details": {"demo_data": True}}
        if channel == "phone":
            data["conversation"] = {"speech_transcript": f"hi yes {description.lower().rstrip('.')}",
                                    "speech_confidence": round(self.rng.uniform(0.72, 0.95), 2)}
        elif channel == "chat":
            data["subject"] = subject
            data["conversation"] = {"transcript": [
                {"sender": "bot", "text": "Hi! How can I help you today?"},
                {"sender": "customer", "text": description},
                {"sender": "bot", "text": "I could not solve this here; I am creating a ticket for our team."}]}
        else:
            data.update(subject=subject, description=description)
        self.counts["tickets"] += 1
        ticket = create_ticket(self.session, data, f"{KEY_PREFIX}{self.counts['tickets']}", now=when)
        low, high = RESPONSE_MINUTES[ticket.priority]
        office = ticket.priority != "P1" and ticket.customer_tier != "enterprise"
        self.at(self.later(when, low, high, office), self.claim, ticket.id)

    def bot_session(self, when: datetime) -> None:
        """A widget conversation that ended without an agent (as the bot reports it), the
        help-centre article it offered, and sometimes the customer's "this helped" vote."""
        outcome = self.rng.choices(["self_service", "abandoned"], weights=[70, 30])[0]
        article = self.rng.choice(self.articles)
        self.counts["bot_sessions"] += 1
        self.session.add(BotSession(conversation_id=f"{KEY_PREFIX}bot-{self.counts['bot_sessions']}",
                                    started_at=when, ended_at=when + timedelta(minutes=self.rng.uniform(1, 6)),
                                    outcome=outcome, articles=[article]))
        if self.rng.random() < 0.3:
            vote = record_feedback(self.session, article, helpful=outcome == "self_service", source="bot")
            vote.created_at = when

    # --- agents ----------------------------------------------------------------------------

    def agent_for(self, ticket: Ticket) -> Agent:
        email = SECURITY_AGENT if ticket.queue == "Security" else TIER_AGENTS[ticket.support_tier]
        return self.staff[email]

    def ticket(self, ticket_id: str) -> Ticket:
        return self.session.get(Ticket, ticket_id)

    def claim(self, when: datetime, ticket_id: str) -> None:
        ticket = self.ticket(ticket_id)
        agent = self.agent_for(ticket)
        agent_work.claim(self.session, ticket, agent, now=when)
        self.counts["claimed"] += 1
        reply = self.rng.choice(self.spec["replies"]["first"]).format(name=ticket.customer_name.split()[0] or "there")
        self.at(when + timedelta(minutes=self.rng.uniform(2, 9)), self.reply, ticket_id, reply)
        self.at(when + timedelta(minutes=self.rng.uniform(10, 14)), self.work, ticket_id)

    def reply(self, when: datetime, ticket_id: str, text: str) -> None:
        ticket = self.ticket(ticket_id)
        editing.add_note(self.session, ticket, text, author=self.agent_for(ticket), public=True, now=when)
        self.counts["replies"] += 1

    def work(self, when: datetime, ticket_id: str) -> None:
        """What the agent does next: resolve, ask the customer, escalate, or get stuck."""
        ticket = self.ticket(ticket_id)
        if ticket.status != "in_progress":
            return
        agent = self.agent_for(ticket)
        choice = self.rng.choices(["resolve", "pending", "escalate", "stuck"], weights=[68, 16, 10, 6])[0]
        if choice == "escalate" and ticket.support_tier < lifecycle.MAX_TIER:
            note = self.rng.choice(self.spec["replies"]["internal"])
            editing.add_note(self.session, ticket, note, author=agent, now=when)
            agent_work.escalate(self.session, ticket, agent, self.rng.choice(self.spec["replies"]["escalation"]),
                                     [note], now=when)
            self.counts["escalated_by_agent"] += 1
            self.at(self.later(when, 60, 1200), self.claim, ticket_id)
        elif choice == "pending":
            agent_work.move(self.session, ticket, "pending", agent, now=when)
            editing.add_note(self.session, ticket, self.rng.choice(self.spec["replies"]["pending"]), author=agent,
                             public=True, now=when)
            self.counts["pending"] += 1
            self.at(when + timedelta(hours=self.rng.uniform(1, 40)), self.customer_answers, ticket_id)
        elif choice == "stuck":  # nobody acts: the scheduler's escalation timer will
            self.at(self.later(when, 60, 300), self.follow_up, ticket_id, 1)
        else:
            self.at(when + timedelta(minutes=self.rng.uniform(1, 15)), self.resolve, ticket_id)

    def follow_up(self, when: datetime, ticket_id: str, round_: int) -> None:
        """A ticket left alone: the next tier picks it up once the timer escalated it;
        where no timer runs (Tier 3), or after a few days, its agent resolves it."""
        ticket = self.ticket(ticket_id)
        if ticket.status == "escalated":
            self.claim(when, ticket_id)
        elif ticket.status == "in_progress":
            if ticket.support_tier == lifecycle.MAX_TIER or round_ >= 4:
                self.resolve(when, ticket_id)
            else:
                self.at(self.later(when, 240, 1440), self.follow_up, ticket_id, round_ + 1)

    def customer_answers(self, when: datetime, ticket_id: str) -> None:
        ticket = self.ticket(ticket_id)
        agent_work.move(self.session, ticket, "resume", self.agent_for(ticket), now=when)
        self.at(when + timedelta(minutes=self.rng.uniform(5, 25)), self.resolve, ticket_id)

    def resolve(self, when: datetime, ticket_id: str) -> None:
        ticket = self.ticket(ticket_id)
        agent_work.move(self.session, ticket, "resolve", self.agent_for(ticket), now=when,
                             resolution=self.rng.choice(self.spec["replies"]["resolution"][ticket.category]))
        self.counts["resolved"] += 1
        csat = self.spec["csat"]
        if self.rng.uniform(0, 100) < csat["answer_percent"]:
            self.at(when + timedelta(hours=self.rng.uniform(1, 48)), self.answer_survey, ticket_id)
        elif ticket.reopen_count == 0 and self.rng.random() < 0.07:
            self.at(when + timedelta(hours=self.rng.uniform(3, 100)), self.reopen, ticket_id)

    # --- customers again -------------------------------------------------------------------

    def answer_survey(self, when: datetime, ticket_id: str) -> None:
        survey = self.session.scalars(select(SatisfactionSurvey).where(SatisfactionSurvey.ticket_id == ticket_id)
                                      .order_by(SatisfactionSurvey.sent_at.desc())).first()
        if survey is None or survey.answered_at is not None:
            return
        scores = self.spec["csat"]["scores"]
        score = self.rng.choices(list(scores), weights=list(scores.values()))[0]
        comment = self.rng.choice(self.spec["csat"]["comments"][score]) if self.rng.random() < 0.4 else None
        surveys.answer(self.session, survey.token, score, comment, now=when)
        self.counts["csat_answers"] += 1

    def reopen(self, when: datetime, ticket_id: str) -> None:
        ticket = self.ticket(ticket_id)
        lifecycle.transition(self.session, ticket, "in_progress", actor_name=ticket.customer_name or "customer",
                             now=when, note=self.rng.choice(self.spec["replies"]["reopen"]))
        self.counts["reopened"] += 1
        self.at(self.later(when, 30, 240), self.resolve, ticket_id)


def play_history(session: Session, days: int, *, now: datetime | None = None, seed: int = 19) -> dict:
    """Play ``days`` of demo traffic up to ``now`` (once per database; 0 days: nothing)."""
    if os.environ.get("HELPDESK_ENV", "development") == "production":
        raise ProductionRefused("demo history is for development databases only (HELPDESK_ENV=production)")
    if days <= 0:
        return {"tickets": 0}
    if already_played(session):
        return {"tickets": 0, "already_played": True}
    return History(session, now or datetime.now(UTC), days, seed).run()
