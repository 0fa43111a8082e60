"""Live chat handoff: the bot hands a conversation to a human, an agent takes it over.

During the customer's live hours the conversation waits in the console's live
queue (with a ticket holding the bot transcript, so nothing the bot learned is
asked again); outside them it becomes a ticket and the customer is told the
SLA response time. Messages are numbered per conversation so that the widget
and the agent's page poll for what came ``after`` the last one they saw.
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from handoff.channels.models import LiveChat, LiveChatMessage
from handoff.core import agent_work, lifecycle, validation
from handoff.core.customers import verified_contact
from handoff.core.errors import Conflict, NotFound, ValidationError
from handoff.core.models import Agent, Ticket, utcnow
from handoff.core.tickets import add_customer_message, create_ticket, get_ticket, log, ticket_json
from handoff.rules import assignment, hours, sla

# The conversation id is the widget's only credential: long and random, or refused.
CONVERSATION_ID = re.compile(r"^[A-Za-z0-9_-]{16,100}$")
MAX_TEXT = 5_000
MAX_MESSAGES = 1_000
# Minutes an agent takes to pick up a chat when there is no history to measure from.
DEFAULT_PICKUP_MINUTES = 3.0


def _check_id(conversation_id: str) -> str:
    if not isinstance(conversation_id, str) or not CONVERSATION_ID.match(conversation_id):
        raise ValidationError("conversation_id: 16-100 letters, digits, '-' or '_'", code="invalid_conversation_id",
                              field="conversation_id")
    return conversation_id


def _check_text(text) -> str:
    if not isinstance(text, str) or not text.strip():
        raise ValidationError("text: a non-empty message is required", field="text")
    text = text.strip()
    if len(text) > MAX_TEXT:
        raise ValidationError(f"text: at most {MAX_TEXT} characters", code="too_long", field="text")
    return text


def get_chat(session: Session, conversation_id: str) -> LiveChat:
    chat = session.get(LiveChat, conversation_id) if CONVERSATION_ID.match(conversation_id or "") else None
    if chat is None:
        raise NotFound("no live chat with this conversation id", code="live_chat_not_found")
    return chat


def _subject(data: dict) -> str:
    if data.get("subject"):
        return str(data["subject"])
    said = [m.get("text", "") for m in data.get("transcript") or [] if isinstance(m, dict)
            and m.get("sender") not in ("bot", "agent", "system")]
    first = next((s.strip() for s in said if isinstance(s, str) and s.strip()), "Live chat")
    return first[:120]


def _ticket_request(data: dict, conversation_id: str) -> dict:
    if not isinstance(data.get("details") or {}, dict):
        raise ValidationError("details: a JSON object", field="details")
    request = {
        "subject": _subject(data),
        "channel": "chat",
        "customer": data.get("customer") or {},
        "conversation": {"transcript": data.get("transcript") or []},
        "details": {**(data.get("details") or {}), "conversation_id": conversation_id},
    }
    for key in ("description", "category", "priority"):
        if data.get(key):
            request[key] = data[key]
    return request


def _tier(session: Session, customer: dict) -> str:
    contact = verified_contact(session, customer, "chat")
    return contact.tier if contact else "starter"


def queue_position(session: Session, chat: LiveChat) -> int:
    return session.scalar(select(func.count()).select_from(LiveChat).where(
        LiveChat.state == "waiting", LiveChat.created_at <= chat.created_at)) or 1


def estimated_wait_minutes(session: Session, position: int, now: datetime) -> int:
    """Position times the average pickup time of the last day's chats (a default without any)."""
    rows = session.execute(select(LiveChat.created_at, LiveChat.taken_at).where(
        LiveChat.taken_at.is_not(None), LiveChat.taken_at >= now - timedelta(days=1))).all()
    waits = [(taken - created).total_seconds() / 60 for created, taken in rows]
    per_customer = sum(waits) / len(waits) if waits else DEFAULT_PICKUP_MINUTES
    return max(1, round(position * max(per_customer, 1.0)))


def _waiting_answer(session: Session, chat: LiveChat, now: datetime) -> dict:
    position = queue_position(session, chat)
    return {"status": chat.state, "conversation_id": chat.conversation_id, "position": position,
            "estimated_wait_minutes": estimated_wait_minutes(session, position, now), "ticket_id": chat.ticket_id}


def add_follow_up(session: Session, ticket_id, text, *, now: datetime | None = None) -> Ticket:
    """The customer's later words in the chat that opened ``ticket_id``, added to that ticket's
    conversation: a second ticket for the same problem would split the team's picture of it.
    Only an open ticket from a chat takes them (Conflict ``ticket_not_open`` otherwise: the bot
    then opens a new one). A retried request (the same words as the last ones added) adds nothing.
    Does not commit."""
    now = now or utcnow()
    ticket = get_ticket(session, str(ticket_id or ""))
    if ticket.channel != "chat" or ticket.status in ("resolved", "closed"):
        raise Conflict(f"{ticket.id} is not an open chat ticket", code="ticket_not_open", field="ticket_id")
    text = _check_text(text)
    last = (ticket.transcript or [{}])[-1]
    if last.get("sender") == "customer" and last.get("text") == text:
        return ticket
    if ticket.status == "pending":  # waiting for the customer, who has now answered
        lifecycle.transition(session, ticket, "in_progress", actor_name="customer", now=now,
                             note="customer added to it in the chat")
    add_customer_message(ticket, text, [], who=ticket.customer_email or "customer", how="in the chat", now=now)
    return ticket


def request_live_chat(session: Session, data: dict, *, now: datetime | None = None,
                      public_url: str | None = None) -> dict:
    """The bot's handoff request: queue the conversation for an agent, or open a ticket.

    ``urgent: true`` (security incident, outage) queues it whatever the hours; an anonymous
    visitor (no email or phone) is queued during live hours and refused with
    ``contact_required`` outside them, since a ticket needs a way to answer. ``ticket_id``:
    the ticket this chat opened earlier; the request's description is added to it
    (``add_follow_up``) and the person takes that ticket, or, outside live hours, it stays
    the one ticket the team answers.

    Repeating a request for the same conversation returns the first answer's state.
    """
    if not isinstance(data, dict):
        raise ValidationError("the body must be a JSON object")
    conversation_id = _check_id(data.get("conversation_id"))
    now = now or utcnow()
    existing = session.get(LiveChat, conversation_id)
    if existing is not None and existing.state != "ended":
        return _waiting_answer(session, existing, now)
    ticket_request = _ticket_request(data, conversation_id)
    # malformed: a 400 before any look-up
    customer = validation.new_ticket(ticket_request, contact_required=False)["customer"]
    tier = _tier(session, customer)
    # Security incidents and outages reach a person at any hour (the on-call team takes the queue).
    live = data.get("urgent") is True or hours.is_live(tier, "chat", now)
    if data.get("ticket_id") is not None:
        return _follow_up_chat(session, data, conversation_id, live, existing, now, public_url)
    if not live and not (customer.get("email") or customer.get("phone")):
        # The agent of a live chat answers in the widget; a ticket answered later needs an address.
        raise ValidationError("the live team is offline, so the ticket needs a way to answer: "
                              "give customer.email or customer.phone", code="contact_required",
                              field="customer.email")
    key_suffix = f":{existing.ended_at.isoformat()}" if existing is not None else ""
    ticket = create_ticket(session, ticket_request, idempotency_key=f"live-chat:{conversation_id}{key_suffix}",
                           now=now, contact_required=not live)
    if not live:
        return _ticket_answer(ticket, conversation_id, public_url, f"We opened ticket {ticket.id}")
    return _queue(session, ticket, conversation_id, existing, now)


def _follow_up_chat(session: Session, data: dict, conversation_id: str, live: bool, existing: LiveChat | None,
                    now: datetime, public_url: str | None) -> dict:
    """A person asked for in a chat that already opened a ticket: that ticket, never a second."""
    ticket = add_follow_up(session, data["ticket_id"], data.get("description") or "Asked for a person in the chat.",
                           now=now)
    if not live:
        session.commit()
        return _ticket_answer(ticket, conversation_id, public_url, f"We added this to ticket {ticket.id}")
    return _queue(session, ticket, conversation_id, existing, now)


def _ticket_answer(ticket: Ticket, conversation_id: str, public_url: str | None, done: str) -> dict:
    response = sla.response_time_text(ticket.customer_tier, ticket.priority)
    return {"status": "ticket", "conversation_id": conversation_id,
            "ticket": ticket_json(ticket, internal=False, public_url=public_url),
            "message": f"Our live team is offline right now. {done}; an agent will respond within {response}."}


def _queue(session: Session, ticket: Ticket, conversation_id: str, existing: LiveChat | None, now: datetime) -> dict:
    """The conversation waits in the live queue, holding ``ticket``."""
    if existing is not None:  # the customer asks for a human again after an earlier chat ended
        session.delete(existing)
        session.flush()
    chat = LiveChat(conversation_id=conversation_id, ticket_id=ticket.id, state="waiting",
                    customer_name=ticket.customer_name, customer_email=ticket.customer_email,
                    customer_tier=ticket.customer_tier, subject=ticket.subject, priority=ticket.priority,
                    created_at=now, last_seq=0)
    session.add(chat)
    log(ticket, "live_chat", "Waiting in the live chat queue", at=now)
    _post(session, chat, "system", "You are in the queue for a support agent.", now)
    assignment.offer_chats(session, now)
    session.commit()
    return _waiting_answer(session, chat, now)


def _post(session: Session, chat: LiveChat, sender: str, text: str, now: datetime) -> LiveChatMessage:
    """Append one message with the conversation's next number (atomic across processes)."""
    seq = session.execute(
        update(LiveChat).where(LiveChat.conversation_id == chat.conversation_id)
        .values(last_seq=LiveChat.last_seq + 1).returning(LiveChat.last_seq)
    ).scalar_one()
    if seq > MAX_MESSAGES:
        raise Conflict("this chat has reached its message limit; please open a ticket", code="chat_too_long")
    message = LiveChatMessage(conversation_id=chat.conversation_id, seq=seq, sender=sender, text=text, at=now)
    session.add(message)
    session.flush()
    return message


def message_json(message: LiveChatMessage) -> dict:
    return {"seq": message.seq, "sender": message.sender, "text": message.text,
            "ts": message.at.isoformat().replace("+00:00", "Z")}


def messages_after(session: Session, conversation_id: str, after: int = 0) -> dict:
    """What the widget (or the agent's page) has not seen yet, and the chat's state."""
    chat = get_chat(session, conversation_id)
    rows = session.scalars(select(LiveChatMessage).where(
        LiveChatMessage.conversation_id == chat.conversation_id, LiveChatMessage.seq > after)
        .order_by(LiveChatMessage.seq).limit(200)).all()
    agent = session.get(Agent, chat.agent_id) if chat.agent_id else None
    return {"state": chat.state, "agent": agent.name if agent else None,
            "messages": [message_json(m) for m in rows]}


def customer_says(session: Session, conversation_id: str, text, *, now: datetime | None = None) -> dict:
    chat = get_chat(session, conversation_id)
    if chat.state == "ended":
        raise Conflict("this chat has ended; the assistant is answering again", code="live_chat_ended")
    message = _post(session, chat, "customer", _check_text(text), now or utcnow())
    session.commit()
    return message_json(message)


def take(session: Session, conversation_id: str, agent: Agent, *, now: datetime | None = None) -> LiveChat:
    """The agent takes a waiting chat, or accepts the one offered to them (and claims its ticket);
    a second taker gets Conflict ``live_chat_taken``, an agent at their chat capacity ``chat_capacity``."""
    now = now or utcnow()
    chat = get_chat(session, conversation_id)
    won = session.execute(
        update(LiveChat).where(LiveChat.conversation_id == chat.conversation_id, LiveChat.state == "waiting")
        .values(state="active", agent_id=agent.id, taken_at=now, offered_to_id=None, offer_expires_at=None)
    ).rowcount
    if not won:
        session.rollback()
        raise Conflict("another agent has already taken this chat, or it has ended", code="live_chat_taken")
    assignment.check_chat_capacity(session, agent)
    session.refresh(chat)
    if chat.ticket_id:
        agent_work.claim(session, get_ticket(session, chat.ticket_id), agent, now=now)
    _post(session, chat, "system", f"{agent.name} has joined the chat.", now)
    session.commit()
    return chat


def _own(chat: LiveChat, agent: Agent) -> None:
    if chat.state != "active" or chat.agent_id != agent.id:
        raise Conflict("only the agent holding this chat can do that", code="live_chat_not_yours")


def agent_says(session: Session, conversation_id: str, agent: Agent, text, *, now: datetime | None = None) -> dict:
    now = now or utcnow()
    chat = get_chat(session, conversation_id)
    _own(chat, agent)
    message = _post(session, chat, "agent", _check_text(text), now)
    if chat.ticket_id:
        ticket = get_ticket(session, chat.ticket_id)
        if ticket.first_response_at is None:  # the agent's first chat message answers the customer
            ticket.first_response_at = now
            log(ticket, "replied", f"{agent.name} answered in the live chat", actor=agent.name, at=now)
    session.commit()
    return message_json(message)


def finish(session: Session, conversation_id: str, agent: Agent, *, to_bot: bool = False,
           now: datetime | None = None) -> LiveChat:
    """End the chat (or hand it back to the bot); the ticket keeps the whole conversation."""
    now = now or utcnow()
    chat = get_chat(session, conversation_id)
    _own(chat, agent)
    text = ("You are back with the SecureAI assistant." if to_bot
            else f"{agent.name} has ended the chat. Thank you for contacting SecureAI Support.")
    _post(session, chat, "system", text, now)
    chat.state, chat.ended_at = "ended", now
    chat.end_reason = "returned_to_bot" if to_bot else "ended"
    if chat.ticket_id:
        ticket = get_ticket(session, chat.ticket_id)
        messages = session.scalars(select(LiveChatMessage).where(
            LiveChatMessage.conversation_id == chat.conversation_id).order_by(LiveChatMessage.seq)).all()
        ticket.transcript = list(ticket.transcript or []) + [
            {"sender": m.sender, "text": m.text, "ts": message_json(m)["ts"]} for m in messages]
        log(ticket, "live_chat", "Chat returned to the bot" if to_bot else "Chat ended by the agent",
            actor=agent.name, at=now)
    session.flush()
    assignment.offer_chats(session, now)  # the agent has room for the next waiting chat
    session.commit()
    return chat


def chat_of_ticket(session: Session, ticket_id: str) -> LiveChat | None:
    return session.scalars(select(LiveChat).where(LiveChat.ticket_id == ticket_id)).first()


def waiting_chats(session: Session) -> list[LiveChat]:
    return list(session.scalars(select(LiveChat).where(LiveChat.state == "waiting").order_by(LiveChat.created_at)))


def agent_chats(session: Session, agent: Agent) -> list[LiveChat]:
    return list(session.scalars(select(LiveChat).where(LiveChat.state == "active", LiveChat.agent_id == agent.id)
                                .order_by(LiveChat.taken_at)))


def all_messages(session: Session, chat: LiveChat) -> list[LiveChatMessage]:
    return list(session.scalars(select(LiveChatMessage).where(
        LiveChatMessage.conversation_id == chat.conversation_id).order_by(LiveChatMessage.seq)))


def announce(session: Session, ticket_id: str, text: str, now: datetime) -> bool:
    """Tell the customer of a live (waiting or active) chat about their ticket; False if none is live.
    Does not commit."""
    chat = chat_of_ticket(session, ticket_id)
    if chat is None or chat.state == "ended":
        return False
    _post(session, chat, "system", text, now)
    return True
