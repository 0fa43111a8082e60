"""Data protection: `handoff export-customer`, `handoff forget` and retention in `handoff tick`."""
from __future__ import annotations

import json
import uuid
from datetime import timedelta
from email.message import EmailMessage

import pytest
from sqlalchemy import create_engine, inspect, select, text, update

from handoff.channels.email_ingest import attachments_dir, blob_path, ingest
from handoff.channels.models import BotSession, LiveChat, LiveChatMessage, QuarantinedEmail
from handoff.cli import main as handoff_cli
from handoff.core.db import session_scope
from handoff.core.models import Ticket, utcnow

JOHN = "john.doe@company.com"
PRIYA = "priya.raman@company.com"


def _mail(sender: str, message_id: str, attach: bytes, filename: str = "invoice.pdf") -> bytes:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = f"John Doe <{sender}>", "support@secureai.com", "Upload fails"
    msg["Message-ID"] = message_id
    msg.set_content("My 650MB mp4 upload fails. Call me on +1 312 555 0111.")
    msg.add_attachment(attach, maintype="application", subtype="octet-stream", filename=filename)
    return msg.as_bytes()


@pytest.fixture
def settings(settings, tmp_path):
    """The shared settings, with stored mail in the test's own folder."""
    import dataclasses

    return dataclasses.replace(settings, mail_dir=tmp_path / "mail")


@pytest.fixture
def tracker_store(tmp_path):
    """A SQL tracker store as Rasa's SQLTrackerStore lays it out (table ``events``)."""
    url = f"sqlite:///{tmp_path / 'rasa.db'}"
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id VARCHAR(255), type_name "
                          "VARCHAR(255), "
                          "timestamp FLOAT, intent_name VARCHAR(255), action_name VARCHAR(255), data TEXT)"))
    engine.dispose()
    return url


@pytest.fixture
def customer_data(app, client, service_headers, login, settings, tracker_store, monkeypatch, triage_model_dir):
    """John Doe's footprint in every store, and Priya's ticket beside it."""
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    monkeypatch.setenv("MAIL_DIR", str(settings.mail_dir))
    monkeypatch.setenv("TRACKER_STORE_URL", tracker_store)
    conversation = uuid.uuid4().hex
    chat = client.post("/api/tickets", headers={**service_headers, "Idempotency-Key": f"chat-{conversation}-3"}, json={
        "subject": "Uploads fail", "channel": "chat", "category": "upload_issues", "priority": "P3",
        "customer": {"email": JOHN, "name": "John Doe", "verified": True},
        "conversation": {"transcript": [{"sender": "customer", "text": "Hi, I'm John Doe, my uploads fail"}]}})
    assert chat.status_code == 201
    chat_id = chat.get_json()["id"]
    other = client.post("/api/tickets", headers=service_headers, json={
        "subject": "Invoice", "channel": "email", "category": "billing", "priority": "P4",
        "customer": {"email": PRIYA}}).get_json()["id"]
    login(client)
    client.post(f"/api/tickets/{chat_id}/notes", json={"text": "John Doe says the key is on his laptop"})
    client.post(f"/api/tickets/{chat_id}/notes", json={"text": "Hello John, we are on it", "public": True})
    client.post("/api/auth/logout")
    with session_scope(settings.database_url) as session, app.app_context():
        mailed = ingest(session, _mail(JOHN, "<m1@company.com>", attach=b"%PDF john's invoice"), "file",
                        attachments_dir(settings.mail_dir))
        quarantined = ingest(session, _mail(JOHN, "<m2@company.com>", attach=b"MZ", filename="invoice.exe"), "file",
                             attachments_dir(settings.mail_dir))
        assert quarantined.outcome == "quarantined"
        session.add(LiveChat(conversation_id=conversation, ticket_id=chat_id, customer_name="John Doe",
                             customer_email=JOHN, subject="Uploads fail"))
        session.flush()
        session.add(LiveChatMessage(conversation_id=conversation, seq=1, sender="customer",
                                    text="John here, still failing"))
        session.add(BotSession(conversation_id=conversation, outcome="handoff", ticket_id=chat_id))
        session.commit()
    engine = create_engine(tracker_store)
    with engine.begin() as conn:
        for sender, data in ((conversation, '{"text": "my uploads fail"}'),
                             ("someone-else", f'{{"metadata": {{"customer": {{"email": "{JOHN}"}}}}}}'),
                             ("unrelated-visitor", '{"text": "hello"}')):
            conn.execute(text("INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (:s, 'user', 0, :d)"),
                         {"s": sender, "d": data})
    engine.dispose()
    return {"chat": chat_id, "mail": mailed.ticket_id, "other": other, "conversation": conversation,
            "tracker": tracker_store}


def _every_text(url: str) -> str:
    """Every row of every table of the service's database, as one string."""
    engine = create_engine(url)
    out = []
    with engine.connect() as conn:
        for table in inspect(engine).get_table_names():
            out += [repr(tuple(row)) for row in conn.execute(text(f'SELECT * FROM "{table}"'))]
    engine.dispose()
    return "\n".join(out)


def test_export_customer_writes_everything_held_about_them(customer_data, settings, tmp_path):
    out = tmp_path / "john.json"
    assert handoff_cli(["export-customer", JOHN, "--out", str(out)]) == 0
    data = json.loads(out.read_text())
    assert data["directory"]["name"] == "John Doe" and data["directory"]["company"] == "Example Corp"
    ids = {t["id"] for t in data["tickets"]}
    assert {customer_data["chat"], customer_data["mail"]} <= ids and customer_data["other"] not in ids
    chat = next(t for t in data["tickets"] if t["id"] == customer_data["chat"])
    assert {n["text"] for n in chat["notes"]} == {"John Doe says the key is on his laptop", "Hello John, we are on it"}
    assert data["live_chats"][0]["messages"][0]["text"] == "John here, still failing"
    assert data["bot_sessions"][0]["outcome"] == "handoff"
    assert any(m["to"] == JOHN for m in data["messages_sent"])
    assert len(data["mail_received"]) == 1 and len(data["mail_quarantined"]) == 1
    assert {e["sender_id"] for e in data["bot_conversations"]} == {customer_data["conversation"], "someone-else"}


def test_forget_erases_them_everywhere_and_keeps_the_counts(customer_data, settings, app):
    from handoff.console.kpis import dashboard

    now = utcnow()
    with session_scope(settings.database_url) as session:
        before = dashboard(session, now + timedelta(minutes=1), days=7)
    blobs = [blob_path(attachments_dir(settings.mail_dir), ref.split("/")[3])
             for ref in _ticket(settings, customer_data["mail"]).attachments]
    assert blobs and all(b.is_file() for b in blobs)

    assert handoff_cli(["forget", JOHN, "--yes"]) == 0

    everything = _every_text(settings.database_url)
    for trace in (JOHN, "John Doe", "John here", "Hello John", "+13125550111", "USER-12345", "650MB mp4"):
        assert trace not in everything, trace
    assert PRIYA in everything  # nobody else's data goes
    assert not any(b.is_file() for b in blobs)
    engine = create_engine(customer_data["tracker"])
    with engine.connect() as conn:
        assert [r[0] for r in conn.execute(text("SELECT sender_id FROM events"))] == ["unrelated-visitor"]
    engine.dispose()
    with session_scope(settings.database_url) as session:
        after = dashboard(session, now + timedelta(minutes=1), days=7)
        assert session.scalar(select(QuarantinedEmail)) is None
        chat = session.get(Ticket, customer_data["chat"])
        assert (chat.category, chat.priority, chat.channel, len(chat.notes)) == ("upload_issues", "P3", "chat", 2)
    for figure in ("overview", "sla", "frt", "fcr", "channels", "top_issues", "deflection"):
        assert after[figure] == before[figure], figure


def test_forget_asks_before_erasing(customer_data, settings, monkeypatch):
    monkeypatch.setattr("builtins.input", lambda _prompt: "n")
    assert handoff_cli(["forget", JOHN]) == 1
    assert JOHN in _every_text(settings.database_url)


def _ticket(settings, ticket_id: str) -> Ticket:
    with session_scope(settings.database_url) as session:
        ticket = session.get(Ticket, ticket_id)
        session.expunge(ticket)
        return ticket


def test_retention_purges_transcripts_and_mail_of_long_closed_tickets(customer_data, settings, app):
    from handoff.outbound.scheduler import tick

    now = utcnow()
    with session_scope(settings.database_url) as session:
        for ticket_id, closed in ((customer_data["chat"], now - timedelta(days=400)),
                                  (customer_data["mail"], now - timedelta(days=10))):
            session.execute(update(Ticket).where(Ticket.id == ticket_id).values(status="closed", closed_at=closed))
        session.commit()
        with app.app_context():
            assert tick(session, now)["retention_purged"] == 1
            assert tick(session, now)["retention_purged"] == 0  # once
    old, recent = _ticket(settings, customer_data["chat"]), _ticket(settings, customer_data["mail"])
    assert old.transcript == [] and old.purged_at is not None
    assert recent.transcript or recent.attachments  # within the retention period: kept
    everything = _every_text(settings.database_url)
    assert "John here, still failing" not in everything and "Hello John, we are on it" in everything  # notes stay
    assert old.category == "upload_issues"  # the dashboard's facts stay
