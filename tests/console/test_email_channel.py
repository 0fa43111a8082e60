"""The email channel end to end: a message in, a ticket (or a reply, or a quarantine) out."""
from __future__ import annotations

import io
from email.message import EmailMessage

import pytest
from sqlalchemy import func, select

from handoff.channels.email_ingest import attachments_dir, ingest
from handoff.channels.models import InboundEmail, QuarantinedEmail
from handoff.cli import main as handoff_main
from handoff.core.models import Ticket

from .conftest import sign_in

pytestmark = pytest.mark.usefixtures("triage_model_dir")


def mail(to="support@secureai.com", sender="John Doe <john.doe@company.com>", subject="Upload keeps failing",
         body="My 650MB mp4 upload fails with 'file too large'.", message_id="<m1@company.com>", attach=None) -> bytes:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"], msg["Message-ID"] = sender, to, subject, message_id
    msg.set_content(body)
    for name, data in attach or []:
        msg.add_attachment(data, maintype="application", subtype="octet-stream", filename=name)
    return msg.as_bytes()


@pytest.fixture
def take(app, db, settings):
    """take(raw) ingests one message as the file source would."""
    def _take(raw: bytes):
        with app.app_context():
            return ingest(db, raw, "file", attachments_dir(settings.mail_dir))
    return _take


@pytest.mark.parametrize("address,queue", [
    ("billing@secureai.com", "Billing"), ("security@secureai.com", "Security"),
    ("enterprise-support@secureai.com", "Enterprise"), ("technical@secureai.com", "Technical"),
])
def test_the_address_written_to_routes_the_ticket(take, db, address, queue):
    result = take(mail(to=address, subject="Question about my account", body="Please look into my account."))
    ticket = db.get(Ticket, result.ticket_id)
    assert (result.outcome, ticket.queue, ticket.channel) == ("created", queue, "email")
    assert ticket.details["mailbox"] == address.split("@")[0]


def test_support_address_leaves_the_queue_to_triage_and_matches_the_customer(take, db):
    result = take(mail(subject="Invoice charged twice", body="We were billed twice for the Pro plan this month."))
    ticket = db.get(Ticket, result.ticket_id)
    assert ticket.triage_source == "model" and ticket.queue == ticket.rules_fired[0].split(":")[1]
    assert (ticket.customer_name, ticket.customer_company, ticket.customer_tier) == (
        "John Doe", "Example Corp", "professional")
    assert ticket.customer_known


def test_attachments_are_kept_as_references_that_download(take, db, agent_client):
    result = take(mail(attach=[("api_request_log.txt", b"POST /api/v1/analyze 401")]))
    ticket = db.get(Ticket, result.ticket_id)
    names = [ref.rsplit("/", 1)[-1] for ref in ticket.attachments]
    assert names == ["original-message.eml", "api_request_log.txt"]
    download = agent_client.get(ticket.attachments[1])
    assert download.data == b"POST /api/v1/analyze 401"
    assert download.headers["Content-Type"] == "application/octet-stream"
    assert "attachment" in download.headers["Content-Disposition"]
    assert b"My 650MB mp4 upload" in agent_client.get(ticket.attachments[0]).data


def test_a_reply_threads_into_its_ticket(take, db):
    first = take(mail())
    reply = take(mail(subject=f"Re: [Ticket #{first.ticket_id}] Your SecureAI Support Request",
                      body="Here is the log.\n\nOn Mon, SecureAI Support wrote:\n> Dear John",
                      message_id="<m2@company.com>"))
    assert (reply.outcome, reply.ticket_id) == ("threaded", first.ticket_id)
    db.expire_all()
    ticket = db.get(Ticket, first.ticket_id)
    assert ticket.transcript[-1]["text"] == "Here is the log."
    assert any(e.kind == "customer_reply" for e in ticket.events)
    assert db.scalar(select(func.count()).select_from(Ticket)) == 1


def test_a_reply_naming_someone_elses_ticket_opens_a_new_one(take, db):
    first = take(mail())
    stranger = take(mail(sender="eve@attacker.example", subject=f"[Ticket #{first.ticket_id}] add me",
                         message_id="<m3@attacker.example>"))
    assert stranger.outcome == "created" and stranger.ticket_id != first.ticket_id
    assert db.get(Ticket, stranger.ticket_id).details["replied_to_ticket"] == first.ticket_id


def test_the_same_message_twice_makes_one_ticket(take, db):
    assert take(mail()).outcome == "created"
    again = take(mail())
    assert again.outcome == "duplicate"
    assert db.scalar(select(func.count()).select_from(Ticket)) == 1


def test_hostile_mail_is_quarantined_whole_and_listed(take, db, agent_client, app):
    raw = mail(attach=[("invoice.pdf.exe", b"MZ\x90\x00")])
    result = take(raw)
    assert result.outcome == "quarantined" and "blocked attachment" in result.reason
    kept = db.scalars(select(QuarantinedEmail)).one()
    assert kept.raw == raw and kept.sender == "John Doe <john.doe@company.com>"
    assert db.scalar(select(func.count()).select_from(Ticket)) == 0
    page = agent_client.get("/console/quarantine").get_data(as_text=True)
    assert "blocked attachment type: invoice.pdf.exe" in page
    assert agent_client.get(f"/console/quarantine/{kept.id}/raw").status_code == 403  # managers only
    manager = sign_in(app.test_client(), "manager@secureai.com")
    original = manager.get(f"/console/quarantine/{kept.id}/raw")
    assert original.data == raw and original.headers["Content-Type"] == "application/octet-stream"


def test_webhook_takes_raw_mail_with_the_service_token(client, service_headers, db):
    assert client.post("/api/inbound-email", data=mail(), content_type="message/rfc822").status_code == 401
    response = client.post("/api/inbound-email", data=mail(), content_type="message/rfc822", headers=service_headers)
    assert response.status_code == 202 and response.get_json()["outcome"] == "created"
    form = client.post("/api/inbound-email", headers=service_headers,
                       data={"email": (io.BytesIO(mail(message_id="<m9@company.com>")), "message.eml")})
    assert form.status_code == 202 and form.get_json()["outcome"] == "created"
    garbage = client.post("/api/inbound-email", data=b"\x00\xff garbage", content_type="message/rfc822",
                          headers=service_headers)
    assert garbage.status_code == 202 and garbage.get_json()["outcome"] == "quarantined"


def test_cli_ingests_files_and_a_maildir(settings, db, monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    monkeypatch.setenv("MAIL_DIR", str(settings.mail_dir))
    eml = tmp_path / "one.eml"
    eml.write_bytes(mail())
    assert handoff_main(["ingest-email", str(eml)]) == 0
    maildir = tmp_path / "Maildir"
    for folder in ("new", "cur", "tmp"):
        (maildir / folder).mkdir(parents=True)
    (maildir / "new" / "1.host").write_bytes(mail(to="billing@secureai.com", message_id="<m5@company.com>"))
    (maildir / "new" / "2.host").write_bytes(b"not a mail at all")
    assert handoff_main(["ingest-email", "--maildir", str(maildir)]) == 0
    out = capsys.readouterr().out
    assert "one.eml: created TICK-" in out and "1.host: created" in out and "2.host: quarantined" in out
    assert sorted(p.name for p in (maildir / "cur").iterdir()) == ["1.host:2,S", "2.host:2,S"]
    assert not list((maildir / "new").iterdir())
    assert db.scalar(select(func.count()).select_from(InboundEmail)) == 2
