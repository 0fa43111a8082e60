"""Automatic assignment: agents' presence and capacity, and a round-robin that survives
restarts and runs in many processes at once.

The rotation lives in ``agent_state.turn``: the eligible agent with the lowest turn
gets the ticket, and takes it with one compare-and-set UPDATE (``WHERE turn = <the
turn it read>``). A concurrent worker that read the same turn changes no row and
moves on to the next agent, so no ticket goes to two agents and nobody is skipped.
On PostgreSQL turns are taken under one transaction-level advisory lock (held to the
ticket's commit, a few milliseconds): without it two creators waiting on each
other's agent rows deadlock. On SQLite writers take turns anyway.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path

import yaml
from sqlalchemy import bindparam, func, select, update
from sqlalchemy.orm import Session

from handoff.agent_models import PRESENCES, AgentState
from handoff.channel_models import LiveChat
from handoff.errors import ValidationError
from handoff.models import Agent, Ticket, utcnow
from handoff import tickets  # module import: tickets calls back into assign_new

CONFIG_FILE = Path(__file__).with_name("assignment.yaml")
WAITING_BATCH = 200
WAITING_STATUSES = ("created", "assigned", "escalated")  # unowned tickets nobody has started
ROTATION_LOCK = 0x48_41_4E_44  # "HAND": the advisory lock key of the rotation on PostgreSQL


@lru_cache(maxsize=None)
def load_config(path: Path = CONFIG_FILE) -> dict:
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def idle_after() -> timedelta:
    return timedelta(minutes=load_config()["idle_minutes"])


def state_of(session: Session, agent: Agent) -> AgentState:
    """The agent's presence row, made with the defaults on first use (offline)."""
    state = session.get(AgentState, agent.id)
    if state is None:
        config = load_config()
        state = AgentState(agent_id=agent.id, presence="offline", queues=list(config["team_queues"].get(agent.team, [])),
                           max_tickets=config["default_capacity"]["tickets"],
                           max_chats=config["default_capacity"]["chats"], turn=0)
        session.add(state)
        session.flush()
    return state


def lock_rotation(session: Session) -> None:
    """Take the rotation's lock until the transaction ends (PostgreSQL; SQLite's write lock is one)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(ROTATION_LOCK)))


def set_presence(session: Session, agent: Agent, presence, now: datetime | None = None) -> AgentState:
    """``available`` / ``away`` / ``offline``; becoming available hands over waiting tickets. Does not commit."""
    if presence not in PRESENCES:
        raise ValidationError(f"presence: one of {', '.join(PRESENCES)}", code="unknown_value", field="presence")
    now = now or utcnow()
    lock_rotation(session)  # before this agent's row: the rotation's holders wait on rows, never the reverse
    state = state_of(session, agent)
    state.presence, state.last_seen_at = presence, now
    if presence == "available":
        session.flush()
        assign_waiting(session, now)
    return state


def seen(session: Session, agent: Agent, now: datetime | None = None) -> AgentState:
    """Activity in the console: keeps an available agent from going idle. Does not commit."""
    state = state_of(session, agent)
    state.last_seen_at = now or utcnow()
    return state


def presence_json(session: Session, state: AgentState) -> dict:
    return {"agent_id": state.agent_id, "presence": state.presence,
            "last_seen_at": state.last_seen_at.isoformat().replace("+00:00", "Z") if state.last_seen_at else None,
            "queues": list(state.queues or []), "capacity": {"tickets": state.max_tickets, "chats": state.max_chats},
            "load": {"tickets": _ticket_load(session, state.agent_id), "chats": _chat_load(session, state.agent_id)}}


def _ticket_load(session: Session, agent_id: int) -> int:
    return session.scalar(select(func.count()).select_from(Ticket).where(
        Ticket.assignee_id == agent_id, Ticket.status.in_(load_config()["busy_statuses"]))) or 0


def _chat_load(session: Session, agent_id: int) -> int:
    return session.scalar(select(func.count()).select_from(LiveChat).where(
        LiveChat.agent_id == agent_id, LiveChat.state == "active")) or 0


@lru_cache(maxsize=None)
def _statements():
    """The rotation's statements, built once (they run on every ticket created)."""
    available = (
        select(AgentState.agent_id, AgentState.turn, AgentState.queues, AgentState.max_tickets)
        .join(Agent, Agent.id == AgentState.agent_id)
        .where(Agent.active, AgentState.presence == "available", AgentState.last_seen_at >= bindparam("since"),
               Agent.support_tier >= bindparam("tier"))
        .order_by(AgentState.turn, AgentState.agent_id))
    loads = (select(Ticket.assignee_id, func.count())
             .where(Ticket.assignee_id.in_(bindparam("ids", expanding=True)),
                    Ticket.status.in_(load_config()["busy_statuses"]))
             .group_by(Ticket.assignee_id))
    last = select(func.coalesce(func.max(AgentState.turn), 0)).scalar_subquery()
    turn = (update(AgentState).where(AgentState.agent_id == bindparam("agent"), AgentState.turn == bindparam("seen"),
                                     AgentState.presence == "available")
            .values(turn=last + 1).execution_options(synchronize_session=False))
    return available, loads, turn


def _candidates(session: Session, queue: str, support_tier: int, now: datetime) -> list[tuple[int, int]]:
    """(agent id, turn) of agents who may take a ticket of ``queue`` at ``support_tier`` now,
    next in the rotation first."""
    available, loads, _turn = _statements()
    rows = [row for row in session.execute(available, {"since": now - idle_after(), "tier": support_tier})
            if queue in (row.queues or [])]
    if not rows:
        return []
    load = dict(session.execute(loads, {"ids": [row.agent_id for row in rows]}).all())
    return [(row.agent_id, row.turn) for row in rows if load.get(row.agent_id, 0) < row.max_tickets]


def take_turn(session: Session, agent_id: int, seen_turn: int) -> bool:
    """Move the agent to the end of the rotation if nobody did since we read ``seen_turn``."""
    return session.execute(_statements()[2], {"agent": agent_id, "seen": seen_turn}).rowcount == 1


def pick_agent(session: Session, queue: str, support_tier: int, now: datetime) -> Agent | None:
    """The next agent in the rotation for this queue and tier, their turn taken; None if nobody is free."""
    if queue in load_config()["manual_queues"]:
        return None
    candidates = _candidates(session, queue, support_tier, now)
    if candidates and session.get_bind().dialect.name == "postgresql":
        # Only when someone is free: without agents, creators do not queue behind each other.
        lock_rotation(session)
        candidates = _candidates(session, queue, support_tier, now)  # read again under the lock
    for agent_id, turn in candidates:
        if take_turn(session, agent_id, turn):
            return session.get(Agent, agent_id)
    return None


def assign_new(session: Session, ticket: Ticket, now: datetime) -> Agent | None:
    """Give a ticket being created to the next free agent (called by ``create_ticket``)."""
    agent = pick_agent(session, ticket.queue, ticket.support_tier, now)
    if agent is not None:
        ticket.assignee_id, ticket.assignee = agent.id, agent
        tickets.log(ticket, "assigned", f"Auto-assigned to {agent.name} (round-robin)", at=now, agent_id=agent.id)
    return agent


def assign_waiting(session: Session, now: datetime) -> int:
    """Assign unowned open tickets, oldest first, while agents are free (``handoff tick``).
    Does not commit."""
    manual = load_config()["manual_queues"]
    query = (select(Ticket).where(Ticket.assignee_id.is_(None), Ticket.status.in_(WAITING_STATUSES),
                                  Ticket.queue.not_in(manual))
             .order_by(Ticket.created_at, Ticket.id).limit(WAITING_BATCH))
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True, of=Ticket)
    count, full = 0, set()
    for ticket in session.scalars(query).unique().all():
        if (ticket.queue, ticket.support_tier) in full:
            continue
        agent = pick_agent(session, ticket.queue, ticket.support_tier, now)
        if agent is None:
            full.add((ticket.queue, ticket.support_tier))
            continue
        ticket.assignee_id, ticket.assignee = agent.id, agent
        ticket.updated_at = now
        tickets.log(ticket, "assigned", f"Auto-assigned to {agent.name} (round-robin, waited "
            f"{int((now - ticket.created_at).total_seconds() // 60)} min)", at=now, agent_id=agent.id)
        session.flush()  # the next pick counts this ticket in the agent's load
        count += 1
    return count


def idle_step(session: Session, now: datetime) -> int:
    """Available agents without activity for ``idle_minutes`` become away. Does not commit."""
    return session.execute(
        update(AgentState).where(AgentState.presence == "available", AgentState.last_seen_at < now - idle_after())
        .values(presence="away").execution_options(synchronize_session=False)
    ).rowcount


def offered_chats(session: Session, agent: Agent) -> list[LiveChat]:
    """Waiting live chats whose ticket the rotation gave to this agent: offered to them first."""
    return list(session.scalars(select(LiveChat).join(Ticket, Ticket.id == LiveChat.ticket_id).where(
        LiveChat.state == "waiting", Ticket.assignee_id == agent.id).order_by(LiveChat.created_at)))
