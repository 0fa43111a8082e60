"""The live queue offers a waiting chat to the next free agent: the agent its ticket went to,
else the next in the rotation with room for a chat; an offer that lapses sets its agent away
and goes on; chat capacity is enforced on taking; eight workers offering at once never offer
one chat twice nor skip an agent. The clock is pinned (a Wednesday morning in New York), so
the chats are live at any hour the tests run."""
from __future__ import annotations

import threading
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from handoff.agent_tools.models import AgentState
from handoff.channels import live_chat
from handoff.channels.models import LiveChat
from handoff.core.db import session_factory, session_scope
from handoff.core.errors import Conflict
from handoff.core.models import Agent, TicketEvent
from handoff.outbound.scheduler import tick
from handoff.rules import assignment

NOW = datetime(2026, 12, 2, 15, 0, tzinfo=UTC)  # 10:00 in New York: the live team is in


def _staff(session, *specs, presence="available") -> list[int]:
    """Agents from (name, max_chats) serving Technical, all free for tickets; their ids in order."""
    ids = []
    for name, max_chats in specs:
        agent = Agent(email=f"{name}@secureai.com", name=name, role="agent", support_tier=1, team="Technical",
                      password_hash="x")
        session.add(agent)
        session.flush()
        session.add(AgentState(agent_id=agent.id, presence=presence, last_seen_at=NOW, queues=["Technical"],
                               max_tickets=50, max_chats=max_chats, turn=0))
        ids.append(agent.id)
    session.commit()
    return ids


def _chat(session, n: int, now: datetime = NOW) -> str:
    conversation = f"conversation-{n:04d}-abcdefgh"
    answer = live_chat.request_live_chat(session, {
        "conversation_id": conversation, "customer": {"email": f"user{n}@example.org", "name": f"User {n}"},
        "transcript": [{"sender": "customer", "text": f"Upload {n} fails at 99%", "ts": None}],
        "category": "upload_issues", "priority": "P3"}, now=now)
    assert answer["status"] == "waiting", answer
    return conversation


def _offers(session) -> dict[str, int | None]:
    session.expire_all()
    return dict(session.execute(select(LiveChat.conversation_id, LiveChat.offered_to_id)
                                .where(LiveChat.state == "waiting").order_by(LiveChat.created_at)).all())


def test_a_chat_is_offered_to_one_free_agent_in_turn_and_waits_when_nobody_has_room(db_url):
    with session_scope(db_url) as session:
        ann, bob, cat = _staff(session, ("ann", 1), ("bob", 1), ("cat", 1))
        chats = [_chat(session, n, NOW + timedelta(seconds=n)) for n in range(4)]
        offers = _offers(session)
        # The first three went with their tickets; ann's ticket of the fourth finds her without room.
        assert [offers[c] for c in chats] == [ann, bob, cat, None]
        chat = session.get(LiveChat, chats[0])
        assert chat.offer_expires_at == NOW + timedelta(seconds=30)
        assert assignment.offers_to(session, session.get(Agent, ann), NOW) == [chat]
        events = session.scalars(select(TicketEvent.message).where(TicketEvent.ticket_id == chat.ticket_id)).all()
        assert "Live chat offered to ann (30 s to accept)" in events

        # Ending a chat makes room: the waiting one is offered at once.
        live_chat.take(session, chats[1], session.get(Agent, bob), now=NOW + timedelta(seconds=10))
        live_chat.finish(session, chats[1], session.get(Agent, bob), now=NOW + timedelta(seconds=20))
        assert _offers(session)[chats[3]] == bob


def test_a_lapsed_offer_sets_the_agent_away_and_goes_to_the_next(db_url):
    with session_scope(db_url) as session:
        ann, bob = _staff(session, ("ann", 2), ("bob", 2))
        chat = _chat(session, 1)
        assert _offers(session)[chat] == ann
        assert tick(session, now=NOW + timedelta(seconds=29))["chats_offered"] == 0  # still ann's to accept
        assert _offers(session)[chat] == ann

        assert tick(session, now=NOW + timedelta(seconds=31))["chats_offered"] == 1
        assert _offers(session)[chat] == bob
        assert session.get(AgentState, ann).presence == "away"
        ticket_id = session.get(LiveChat, chat).ticket_id
        events = session.scalars(select(TicketEvent.message).where(TicketEvent.ticket_id == ticket_id)).all()
        assert "ann did not accept the live chat in time and is now away" in events

        # Bob lapses too; ann is away, so nobody is offered it: the chat waits in the queue.
        assignment.offer_chats(session, NOW + timedelta(seconds=62))
        session.commit()
        assert _offers(session)[chat] is None
        assert session.get(AgentState, bob).presence == "away"


def test_accepting_takes_the_chat_and_capacity_refuses_one_more(db_url):
    with session_scope(db_url) as session:
        (ann,) = _staff(session, ("ann", 1))
        first, second = _chat(session, 1), _chat(session, 2, NOW + timedelta(seconds=1))
        assert _offers(session) == {first: ann, second: None}
        agent = session.get(Agent, ann)
        live_chat.take(session, first, agent, now=NOW + timedelta(seconds=5))
        chat = session.get(LiveChat, first)
        assert (chat.state, chat.agent_id, chat.offered_to_id, chat.offer_expires_at) == ("active", ann, None, None)

        with pytest.raises(Conflict) as refused:
            live_chat.take(session, second, agent, now=NOW + timedelta(seconds=6))
        assert refused.value.code == "chat_capacity"
        session.expire_all()
        assert session.get(LiveChat, second).state == "waiting"

        assignment.set_capacity(session, ann, {"chats": 2}, now=NOW + timedelta(seconds=7))
        session.commit()
        assert _offers(session) == {second: ann}  # more room: offered at once
        live_chat.take(session, second, agent, now=NOW + timedelta(seconds=8))
        assert session.get(LiveChat, second).state == "active"


def test_going_away_hands_ones_offers_to_the_next_agent(db_url):
    with session_scope(db_url) as session:
        ann, bob = _staff(session, ("ann", 2), ("bob", 2))
        chat = _chat(session, 1)
        assert _offers(session)[chat] == ann
        assignment.set_presence(session, session.get(Agent, ann), "away", now=NOW + timedelta(seconds=5))
        session.commit()
        assert _offers(session)[chat] == bob
        assert session.get(AgentState, ann).presence == "away"  # set by herself, not by a lapse


def test_eight_workers_offering_at_once_never_offer_a_chat_twice_nor_skip_an_agent(db_url):
    with session_scope(db_url) as session:
        agents = _staff(session, *[(f"a{k}", 2) for k in range(4)], presence="offline")
        chats = [_chat(session, n, NOW + timedelta(seconds=n)) for n in range(12)]
        assert set(_offers(session).values()) == {None}  # nobody was there
        session.execute(AgentState.__table__.update().values(presence="available"))
        session.commit()

    factory = session_factory(db_url)
    workers = 8
    made: list[int] = []
    errors: list[BaseException] = []
    start = threading.Barrier(workers)

    def worker() -> None:
        session = factory()
        try:
            start.wait()
            made.append(assignment.offer_chats(session, NOW + timedelta(seconds=20)))
            session.commit()
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            session.close()

    threads = [threading.Thread(target=worker) for _ in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors[:3]
    assert sum(made) == 8  # four agents with room for two chats each
    with session_scope(db_url) as session:
        offers = _offers(session)
        assert Counter(v for v in offers.values() if v is not None) == {a: 2 for a in agents}
        assert [c for c in chats if offers[c] is None] == chats[8:]  # oldest chats first
        made_events = session.scalars(select(TicketEvent.message).where(TicketEvent.message.like("Live chat offered%")))
        assert len(made_events.all()) == 8  # no chat offered twice
        turns = sorted(session.scalars(select(AgentState.turn)))
        assert len(set(turns)) == len(turns)  # each turn taken once


def test_capacity_api_and_the_consoles_offer(app, staff_client, client, service_headers):
    manager, agent = staff_client("manager@secureai.com"), staff_client("jane.smith@secureai.com")
    me = agent.get("/api/agents/me/presence").get_json()["agent_id"]
    set_to = manager.put(f"/api/agents/{me}/capacity", json={"chats": 1, "tickets": 5})
    assert set_to.status_code == 200 and set_to.get_json()["capacity"] == {"tickets": 5, "chats": 1}
    for bad in ({"chats": -1}, {"chats": 1.5}, {"chats": True}, {"seats": 2}, {}):
        assert manager.put(f"/api/agents/{me}/capacity", json=bad).status_code == 400, bad
    assert manager.put("/api/agents/99999/capacity", json={"chats": 1}).status_code == 404
    assert agent.put(f"/api/agents/{me}/capacity", json={"chats": 9}).status_code == 403

    agent.put("/api/agents/me/presence", json={"presence": "available"})  # Technical team: serves Enterprise
    conversations = ["enterprise-chat-0001-abc", "enterprise-chat-0002-abc"]
    for conversation in conversations:
        answer = client.post("/api/live-chats", headers=service_headers, json={
            "conversation_id": conversation,
            # Verified Enterprise: live at any hour of the real clock these requests run on.
            "customer": {"email": "sofia.rossi@globex.example", "name": "Sofia Rossi", "verified": True},
            "transcript": [{"sender": "customer", "text": "Our API returns 401", "ts": None}],
            "category": "api_integration", "priority": "P3"}).get_json()
        assert answer["status"] == "waiting"
    polled = agent.get("/console/live/count").get_json()
    assert polled["waiting"] == 2
    assert polled["offer"]["conversation_id"] == conversations[0]  # one at a time: capacity 1
    assert polled["offer"]["accept_url"] == f"/console/live/{conversations[0]}/take"
    page = agent.get("/console/dashboard").get_data(as_text=True)
    assert f'action="/console/live/{conversations[0]}/take"' in page and ">Accept</button>" in page

    csrf = agent.get("/console/live").get_data(as_text=True).split('name="csrf_token" value="')[1].split('"')[0]
    accepted = agent.post(f"/console/live/{conversations[0]}/take", data={"csrf_token": csrf})
    assert accepted.status_code == 302 and accepted.headers["Location"].endswith(conversations[0])
    refused = agent.post(f"/console/live/{conversations[1]}/take", data={"csrf_token": csrf},
                         headers={"Accept": "application/json"})
    assert refused.status_code == 409 and refused.get_json()["error"]["code"] == "chat_capacity"
    assert agent.get("/console/live/count").get_json() == {"waiting": 1, "offer": None}
