"""Automatic assignment: agents' presence and capacity, and a round-robin that survives
restarts and runs in many processes at once.

The rotation lives in ``agent_state.turn``: the eligible agent with the lowest turn
gets the ticket, and takes it with one compare-and-set UPDATE (``WHERE turn = <the
turn it read>``). A concurrent worker that read the same turn changes no row and
moves on to the next agent, so no ticket goes to two agents and nobody is skipped.
On PostgreSQL turns are taken under one transaction-level advisory lock (held to the
ticket's commit, a few milliseconds): without it two creators waiting on each
other's agent rows deadlock. On SQLite writers take turns anyway.

Live chats are offered rather than given: a waiting chat is offered to one free agent
(available, under their chat capacity, serving its queue and tier; the agent its ticket
went to first, else the next in the rotation) for ``chat_offer_seconds``. An offer that
lapses sets its agent away and goes to the next agent. Offers are made under the same
lock, so one chat is never offered to two agents at once.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from functools import cache
from pathlib import Path

import yaml
from sqlalchemy import bindparam, func, or_, select, update
from sqlalchemy.orm import Session

from handoff.agent_tools.models import PRESENCES, AgentState
from handoff.channels.models import LiveChat
from handoff.core import tickets  # module import: tickets calls back into assign_new
from handoff.core.errors import Conflict, NotFound, ValidationError
from handoff.core.models import Agent, Ticket, utcnow

CONFIG_FILE = Path(__file__).with_name("assignment.yaml")
WAITING_BATCH = 200
WAITING_STATUSES = ("created", "assigned", "escalated")  # unowned tickets nobody has started
ROTATION_LOCK = 0x48_41_4E_44  # "HAND": the advisory lock key of the rotation on PostgreSQL
MAX_CAPACITY = 100  # the most tickets or chats a manager may give one agent
CAPACITY_FIELDS = {"tickets": "max_tickets", "chats": "max_chats"}


@cache
def load_config(path: Path = CONFIG_FILE) -> dict:
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def idle_after() -> timedelta:
    return timedelta(minutes=load_config()["idle_minutes"])


def chat_offer_time() -> timedelta:
    return timedelta(seconds=load_config()["chat_offer_seconds"])


def state_of(session: Session, agent: Agent) -> AgentState:
    """The agent's presence row, made with the defaults on first use (offline)."""
    state = session.get(AgentState, agent.id)
    if state is None:
        config = load_config()
        state = AgentState(agent_id=agent.id, presence="offline",
                           queues=list(config["team_queues"].get(agent.team, [])),
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
    """``available`` / ``away`` / ``offline``; becoming available hands over waiting tickets and
    chats, leaving hands this agent's chat offers to others. Does not commit."""
    if presence not in PRESENCES:
        raise ValidationError(f"presence: one of {', '.join(PRESENCES)}", code="unknown_value", field="presence")
    now = now or utcnow()
    lock_rotation(session)  # before this agent's row: the rotation's holders wait on rows, never the reverse
    state = state_of(session, agent)
    state.presence, state.last_seen_at = presence, now
    if presence != "available":
        session.execute(update(LiveChat).where(LiveChat.state == "waiting", LiveChat.offered_to_id == agent.id)
                        .values(offered_to_id=None, offer_expires_at=None).execution_options(synchronize_session=False))
    session.flush()
    _hand_over(session, now)
    return state


def set_capacity(session: Session, agent_id: int, data, now: datetime | None = None) -> AgentState:
    """A manager sets how many busy tickets and live chats an agent holds at most
    (``{"tickets": 8, "chats": 2}``, either or both); more room hands over waiting work.
    Does not commit."""
    if not isinstance(data, dict) or not data:
        raise ValidationError("the body must be a JSON object with tickets and/or chats", field="tickets")
    for key, value in data.items():
        if key not in CAPACITY_FIELDS:
            raise ValidationError(f"{key}: unknown field (tickets, chats)", code="unknown_field", field=key)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_CAPACITY:
            raise ValidationError(f"{key}: a whole number from 0 to {MAX_CAPACITY}", field=key)
    agent = session.get(Agent, agent_id)
    if agent is None:
        raise NotFound("no member of staff with this id", code="agent_not_found")
    now = now or utcnow()
    lock_rotation(session)
    state = state_of(session, agent)
    for key, value in data.items():
        setattr(state, CAPACITY_FIELDS[key], value)
    session.flush()
    _hand_over(session, now)
    return state


def _hand_over(session: Session, now: datetime) -> None:
    """Someone's room or presence changed: assign waiting tickets and offer waiting chats."""
    assign_waiting(session, now)
    offer_chats(session, now)


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


def _chat_loads(session: Session, ids: list[int], now: datetime) -> dict[int, int]:
    """Live chats each agent holds, counting the offers they have not answered yet."""
    held = session.execute(select(LiveChat.agent_id, func.count()).where(
        LiveChat.state == "active", LiveChat.agent_id.in_(ids)).group_by(LiveChat.agent_id)).all()
    offered = session.execute(select(LiveChat.offered_to_id, func.count()).where(
        LiveChat.state == "waiting", LiveChat.offered_to_id.in_(ids), LiveChat.offer_expires_at > now)
        .group_by(LiveChat.offered_to_id)).all()
    load = dict(held)
    for agent_id, count in offered:
        load[agent_id] = load.get(agent_id, 0) + count
    return load


def check_chat_capacity(session: Session, agent: Agent) -> None:
    """Refuse (409 ``chat_capacity``) an agent who now holds more live chats than their capacity.
    Called after the chat is taken, in the same transaction; the agent's row is locked so that
    two chats taken at once are counted one after the other."""
    state_of(session, agent)  # the row exists before it is locked
    max_chats = session.scalar(select(AgentState.max_chats).where(AgentState.agent_id == agent.id)
                               .with_for_update())
    held = _chat_load(session, agent.id)
    if held > max_chats:
        session.rollback()
        raise Conflict(f"you already hold {held - 1} live chats and your capacity is {max_chats}: end one first",
                       code="chat_capacity")


@cache
def _statements():
    """The rotation's statements, built once (they run on every ticket created): the available
    agents with their busy tickets counted in the same query (one round trip), and the turn."""
    busy = (select(func.count()).select_from(Ticket)
            .where(Ticket.assignee_id == AgentState.agent_id, Ticket.status.in_(load_config()["busy_statuses"]))
            .correlate(AgentState).scalar_subquery())
    available = (
        select(AgentState.agent_id, AgentState.turn, AgentState.queues, AgentState.max_tickets, AgentState.max_chats,
               busy.label("busy"))
        .join(Agent, Agent.id == AgentState.agent_id)
        .where(Agent.active, AgentState.presence == "available", AgentState.last_seen_at >= bindparam("since"),
               Agent.support_tier >= bindparam("tier"))
        .order_by(AgentState.turn, AgentState.agent_id))
    last = select(func.coalesce(func.max(AgentState.turn), 0)).scalar_subquery()
    turn = (update(AgentState).where(AgentState.agent_id == bindparam("agent"), AgentState.turn == bindparam("seen"),
                                     AgentState.presence == "available")
            .values(turn=last + 1).execution_options(synchronize_session=False))
    return available, turn


def _available(session: Session, queue: str, support_tier: int, now: datetime) -> list:
    """Agents available now who serve ``queue`` at ``support_tier``, however busy."""
    rows = session.execute(_statements()[0], {"since": now - idle_after(), "tier": support_tier})
    return [row for row in rows if queue in (row.queues or [])]


def _candidates(session: Session, queue: str, support_tier: int, now: datetime,
                chats: bool = False) -> list[tuple[int, int]]:
    """(agent id, turn) of agents who may take a ticket (or a live chat) of ``queue`` at
    ``support_tier`` now, next in the rotation first."""
    rows = _available(session, queue, support_tier, now)
    if chats and rows:
        load = _chat_loads(session, [row.agent_id for row in rows], now)
        return [(row.agent_id, row.turn) for row in rows if load.get(row.agent_id, 0) < row.max_chats]
    return [(row.agent_id, row.turn) for row in rows if row.busy < row.max_tickets]


def take_turn(session: Session, agent_id: int, seen_turn: int) -> bool:
    """Move the agent to the end of the rotation if nobody did since we read ``seen_turn``."""
    return session.execute(_statements()[1], {"agent": agent_id, "seen": seen_turn}).rowcount == 1


def pick_agent(session: Session, queue: str, support_tier: int, now: datetime, *, chats: bool = False,
               prefer: int | None = None) -> Agent | None:
    """The next agent in the rotation for this queue and tier, their turn taken; None if nobody is free.
    ``chats``: free for one more live chat rather than a ticket; ``prefer``: this agent when free,
    without taking a turn (a chat goes to the agent its ticket went to)."""
    if queue in load_config()["manual_queues"]:
        return None
    if session.get_bind().dialect.name == "postgresql":
        # Only when someone is there: without agents, creators do not queue behind each other.
        if not _available(session, queue, support_tier, now):
            return None
        lock_rotation(session)
    candidates = _candidates(session, queue, support_tier, now, chats)
    if prefer is not None and any(agent_id == prefer for agent_id, _turn in candidates):
        return session.get(Agent, prefer)
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


def _needs_offer(now: datetime):
    return LiveChat.state == "waiting", or_(LiveChat.offered_to_id.is_(None), LiveChat.offer_expires_at <= now)


def offer_chats(session: Session, now: datetime) -> int:
    """Offer each waiting chat without a current offer to a free agent, oldest chat first; a
    lapsed offer first sets its agent away. Runs in ``handoff tick``, when a chat arrives or
    ends, when agents change presence or capacity, and on the console's live-chat poll.
    Returns the offers made. Does not commit."""
    if session.scalar(select(LiveChat.conversation_id).where(*_needs_offer(now)).limit(1)) is None:
        return 0  # the usual case, without the lock
    lock_rotation(session)
    query = (select(LiveChat).where(*_needs_offer(now)).order_by(LiveChat.created_at, LiveChat.conversation_id)
             .limit(WAITING_BATCH).execution_options(populate_existing=True))
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)  # a chat being taken right now is not offered
    offered, full = 0, set()
    for chat in session.scalars(query).all():
        ticket = session.get(Ticket, chat.ticket_id) if chat.ticket_id else None
        if chat.offered_to_id is not None:
            _lapse(session, chat, ticket, now)
        where = (ticket.queue, ticket.support_tier) if ticket else ("General", 1)
        if where in full:
            continue
        agent = pick_agent(session, *where, now, chats=True, prefer=ticket.assignee_id if ticket else None)
        if agent is None:
            full.add(where)
            continue
        chat.offered_to_id, chat.offer_expires_at = agent.id, now + chat_offer_time()
        session.flush()  # the next pick counts this offer in the agent's load
        if ticket is not None:
            tickets.add_event(session, ticket, "live_chat", f"Live chat offered to {agent.name} "
                              f"({int(chat_offer_time().total_seconds())} s to accept)", "system", now,
                              agent_id=agent.id)
        offered += 1
    return offered


def _lapse(session: Session, chat: LiveChat, ticket: Ticket | None, now: datetime) -> None:
    """Nobody accepted in time: the agent is set away (they are not at the console) and the
    chat waits for the next offer."""
    agent = session.get(Agent, chat.offered_to_id)
    state = state_of(session, agent)
    if state.presence == "available":
        state.presence = "away"
    chat.offered_to_id, chat.offer_expires_at = None, None
    if ticket is not None:
        tickets.add_event(session, ticket, "live_chat", f"{agent.name} did not accept the live chat in time "
                          "and is now away", "system", now, agent_id=agent.id)
    session.flush()


def offers_to(session: Session, agent: Agent, now: datetime | None = None) -> list[LiveChat]:
    """The waiting chats offered to this agent now, oldest first."""
    return list(session.scalars(select(LiveChat).where(
        LiveChat.state == "waiting", LiveChat.offered_to_id == agent.id, LiveChat.offer_expires_at > (now or utcnow()))
        .order_by(LiveChat.created_at)))
