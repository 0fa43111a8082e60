"""Finding 6: every console page of a ticket with a live chat was a 500 (its link named an
endpoint that does not exist). Open such pages as an agent would."""
from __future__ import annotations

CID = "conv-9d1c2e7f4a6b8c0d"
HANDOFF = {
    "conversation_id": CID,
    # Enterprise: live 24/7
    "customer": {"email": "sofia.rossi@globex.example", "name": "Sofia Rossi", "verified": True},
    "transcript": [{"sender": "customer", "text": "I need a human, our API returns 401", "ts": None}],
    "category": "api_integration", "priority": "P2",
}


def test_the_ticket_page_of_a_live_chat_opens_and_links_to_the_chat(client, app, service_headers, login):
    answer = client.post("/api/live-chats", json=HANDOFF, headers=service_headers).get_json()
    agent = app.test_client()
    login(agent, "agent@secureai.com")

    page = agent.get(f"/console/tickets/{answer['ticket_id']}")
    assert page.status_code == 200, page.get_data(as_text=True)[-2000:]
    assert f'href="/console/live/{CID}"' in page.get_data(as_text=True)


def test_the_live_queue_lists_the_agents_own_chats(client, app, service_headers, login):
    client.post("/api/live-chats", json=HANDOFF, headers=service_headers)
    agent = app.test_client()
    login(agent, "agent@secureai.com")
    with app.app_context():
        from sqlalchemy import select

        from handoff.channels import live_chat
        from handoff.core.db import request_session
        from handoff.core.models import Agent

        db = request_session()
        live_chat.take(db, CID, db.scalars(select(Agent).where(Agent.email == "agent@secureai.com")).one())

    queue = agent.get("/console/live")
    assert queue.status_code == 200, queue.get_data(as_text=True)[-2000:]
    assert f'href="/console/live/{CID}"' in queue.get_data(as_text=True)
