"""Automatic assignment: fair rotation kept in the database, capacity, tiers, presence and
idleness, waiting tickets handed over in `handoff tick`, 8 concurrent creators."""
from __future__ import annotations

import threading
from collections import Counter
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from handoff.agent_tools.models import AgentState
from handoff.core import lifecycle
from handoff.core.db import dispose_engine, session_factory, session_scope
from handoff.core.models import Agent, Ticket
from handoff.core.tickets import create_ticket
from handoff.outbound.scheduler import tick
from handoff.rules import assignment

NOW = datetime(2026, 12, 2, 15, 0, tzinfo=UTC)


def _body(n: int, **fields) -> dict:
    return {"subject": f"Upload {n} fails", "description": "The uploader stops at 99%.", "channel": "portal",
            "category": fields.pop("category", "upload_issues"), "priority": fields.pop("priority", "P3"),
            "customer": {"email": f"user{n}@example.org", "name": "Test User"}, **fields}


def _staff(session, *specs) -> list[int]:
    """Agents from (name, tier, presence, max_tickets) serving Technical; their ids in order."""
    ids = []
    for name, tier, presence, capacity in specs:
        agent = Agent(email=f"{name}@secureai.com", name=name, role="agent", support_tier=tier, team="Technical",
                      password_hash="x")
        session.add(agent)
        session.flush()
        session.add(AgentState(agent_id=agent.id, presence=presence, last_seen_at=NOW, queues=["Technical"],
                               max_tickets=capacity, max_chats=2, turn=0))
        ids.append(agent.id)
    session.commit()
    return ids


def _create(url: str, count: int, start: int = 0, now: datetime = NOW, **fields) -> list[Ticket]:
    with session_scope(url) as session:
        return [create_ticket(session, _body(start + i, **fields), now=now) for i in range(count)]


def test_new_tickets_go_round_robin_and_the_rotation_survives_a_restart(db_url):
    with session_scope(db_url) as session:
        a, b, c = _staff(session, ("ann", 1, "available", 10), ("bob", 1, "available", 10), ("cat", 1, "available", 10))
    first = [t.assignee_id for t in _create(db_url, 4)]
    assert first == [a, b, c, a]
    dispose_engine(db_url)  # a restart: nothing in memory carries over
    assert [t.assignee_id for t in _create(db_url, 5, start=10)] == [b, c, a, b, c]
    with session_scope(db_url) as session:
        ticket = session.scalars(select(Ticket).where(Ticket.assignee_id == a)).first()
        assert ticket.events[-1].message == "Auto-assigned to ann (round-robin)"


def test_capacity_tier_presence_and_manual_queues_decide_who_is_eligible(db_url):
    with session_scope(db_url) as session:
        small, big, senior, away = _staff(session, ("small", 1, "available", 2), ("big", 1, "available", 10),
                                          ("senior", 2, "available", 10), ("away", 2, "away", 10))
    got = Counter(t.assignee_id for t in _create(db_url, 9))
    assert got == {small: 2, big: 4, senior: 3}  # small is full after 2; away gets nothing

    p2 = _create(db_url, 2, start=100, priority="P2")  # Tier 2 tickets: only Tier 2+ agents
    assert {t.assignee_id for t in p2} == {senior}
    security = _create(db_url, 1, start=200, category="security", priority="P3")[0]
    assert security.queue == "Security" and security.assignee_id is None  # manual queue


def test_pending_tickets_free_capacity(db_url):
    with session_scope(db_url) as session:
        (only,) = _staff(session, ("only", 1, "available", 1))
    first, second = _create(db_url, 2)
    assert (first.assignee_id, second.assignee_id) == (only, None)
    with session_scope(db_url) as session:
        ticket = session.get(Ticket, first.id)
        lifecycle.transition(session, ticket, "in_progress", now=NOW)
        lifecycle.transition(session, ticket, "pending", now=NOW)
    assert _create(db_url, 1, start=5)[0].assignee_id == only


def test_idle_agents_go_away_and_get_nothing(db_url):
    idle = timedelta(minutes=assignment.load_config()["idle_minutes"])
    with session_scope(db_url) as session:
        fresh, stale = _staff(session, ("fresh", 1, "available", 10), ("stale", 1, "available", 10))
        session.get(AgentState, stale).last_seen_at = NOW - idle - timedelta(seconds=1)
    assert {t.assignee_id for t in _create(db_url, 3)} == {fresh}
    with session_scope(db_url) as session:
        assert tick(session, now=NOW)["agents_away"] == 1
        assert session.get(AgentState, stale).presence == "away"
        assert session.get(AgentState, fresh).presence == "available"


def test_waiting_tickets_are_assigned_oldest_first_as_agents_free_up(db_url):
    with session_scope(db_url) as session:
        (agent_id,) = _staff(session, ("late", 1, "offline", 2))
    waiting = [_create(db_url, 1, start=i, now=NOW + timedelta(minutes=i))[0].id for i in range(4)]
    later = NOW + timedelta(minutes=10)
    with session_scope(db_url) as session:
        assignment.set_presence(session, session.get(Agent, agent_id), "available", now=later)
    with session_scope(db_url) as session:
        mine = session.scalars(select(Ticket.id).where(Ticket.assignee_id == agent_id).order_by(Ticket.id)).all()
        assert mine == waiting[:2]  # the two oldest, up to capacity
        for ticket_id in mine:
            ticket = session.get(Ticket, ticket_id)
            lifecycle.transition(session, ticket, "in_progress", now=later)
            lifecycle.transition(session, ticket, "resolved", resolution="fixed", now=later)
    with session_scope(db_url) as session:
        assert tick(session, now=later + timedelta(minutes=1))["auto_assigned"] == 2
        assert session.scalars(select(Ticket.id).where(Ticket.assignee_id.is_(None))).all() == []
        assert "waited" in session.get(Ticket, waiting[3]).events[-1].message


def test_eight_concurrent_creators_never_share_or_skip_an_agent(db_url):
    with session_scope(db_url) as session:
        agents = _staff(session, *[(f"a{k}", 1, "available", 100) for k in range(4)])
    factory = session_factory(db_url)
    workers, each = 8, 6
    made: list[str] = []
    errors: list[BaseException] = []
    start = threading.Barrier(workers)

    def worker(k: int) -> None:
        session = factory()
        try:
            start.wait()
            for i in range(each):
                made.append(create_ticket(session, _body(k * 100 + i), now=NOW).id)
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            session.close()

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors[:3]
    with session_scope(db_url) as session:
        rows = session.execute(select(Ticket.id, Ticket.assignee_id)).all()
        assert len(rows) == workers * each == len(set(made))
        per_agent = Counter(assignee for _, assignee in rows)
        assert set(per_agent) == set(agents)  # every ticket assigned, to one of them
        assert max(per_agent.values()) - min(per_agent.values()) <= 1, per_agent
        turns = sorted(session.scalars(select(AgentState.turn)))
        assert len(set(turns)) == len(turns)  # each turn taken once


def test_presence_api(app, login):
    client = app.test_client()
    login(client)
    assert client.get("/api/agents/me/presence").get_json()["presence"] == "offline"
    response = client.put("/api/agents/me/presence", json={"presence": "available"})
    assert response.status_code == 200
    body = response.get_json()
    assert body["presence"] == "available" and body["queues"] == ["General", "Account", "Billing"]
    assert body["capacity"] == {"tickets": 8, "chats": 2} and body["load"] == {"tickets": 0, "chats": 0}
    bad = client.put("/api/agents/me/presence", json={"presence": "busy"})
    assert bad.status_code == 400 and bad.get_json()["error"]["field"] == "presence"
    assert app.test_client().put("/api/agents/me/presence", json={"presence": "away"}).status_code == 401


def test_a_waiting_live_chat_is_offered_to_the_agent_its_ticket_went_to(app, staff_client, client, service_headers):
    jane = staff_client("jane.smith@secureai.com")  # Technical team: serves Enterprise
    jane.put("/api/agents/me/presence", json={"presence": "available"})
    answer = client.post("/api/live-chats", headers=service_headers, json={
        # A verified Enterprise customer: live chat at any hour, so the test holds at any time of day.
        "conversation_id": "o" * 32,
        "customer": {"email": "sofia.rossi@globex.example", "name": "Sofia Rossi", "verified": True},
        "transcript": [{"sender": "customer", "text": "I need a person", "ts": None}],
        "category": "api_integration", "priority": "P3"}).get_json()
    assert answer["status"] == "waiting"
    ticket = jane.get(f"/api/tickets/{answer['ticket_id']}").get_json()
    assert ticket["assignee"]["email"] == "jane.smith@secureai.com"
    assert '<span class="status offered">offered to you</span>' in jane.get("/console/live").get_data(as_text=True)
    others = staff_client().get("/console/live").get_data(as_text=True)
    assert '<span class="status offered">' not in others and "Take this chat" in others
    offer = jane.get("/console/live/count").get_json()["offer"]
    assert offer["conversation_id"] == "o" * 32 and 0 < offer["seconds_left"] <= 30
