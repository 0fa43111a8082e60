"""Quarantined mail: an agent makes it a ticket or attaches it to one; the original is kept."""
from __future__ import annotations

import re
from email.message import EmailMessage

from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from handoff.channels.email_ingest import quarantine
from handoff.channels.models import QuarantinedEmail
from handoff.core.models import Ticket

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def _quarantined(app, subject: str) -> int:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "John Doe <john.doe@company.com>", "support@secureai.com", subject
    msg.set_content("Please look at the attached invoice.")
    db = Session(create_engine(app.config["SETTINGS"].database_url), expire_on_commit=False)
    quarantine(db, msg.as_bytes(), "blocked attachment type: invoice.pdf.exe", "file")
    entry_id = db.scalars(select(QuarantinedEmail.id).where(QuarantinedEmail.subject == subject)).one()
    db.close()
    return entry_id


def test_create_a_ticket_or_attach_to_one_from_quarantined_mail(app, staff_client, make_ticket):
    first, second = _quarantined(app, "Invoice question"), _quarantined(app, "More about my upload")
    agent = staff_client()
    page = agent.get("/console/quarantine").get_data(as_text=True)
    token = CSRF.search(page).group(1)
    assert 'value="john.doe@company.com"' in page and "Attach to ticket" in page

    created = agent.post(f"/console/quarantine/{first}/create", data={
        "csrf_token": token, "email": "john.doe@company.com", "subject": "Invoice question",
        "description": "Customer asks about an invoice; the attachment was an .exe and was not opened."})
    assert created.status_code == 302
    ticket_id = created.headers["Location"].rsplit("/", 1)[-1]

    existing = make_ticket()
    attached = agent.post(f"/console/quarantine/{second}/attach",
                          data={"csrf_token": token, "ticket_id": existing["id"].lower()})
    assert attached.status_code == 302 and attached.headers["Location"].endswith(existing["id"])
    again = agent.post(f"/console/quarantine/{second}/attach", data={"csrf_token": token, "ticket_id": existing["id"]},
                       headers={"Accept": "application/json"})
    assert again.status_code == 404

    db = Session(create_engine(app.config["SETTINGS"].database_url))
    made = db.get(Ticket, ticket_id)
    assert made.channel == "email" and made.customer_email == "john.doe@company.com"
    assert made.attachments[0].endswith(f"/quarantined-{first}.eml")
    assert "from quarantined mail" in made.events[-1].message
    target = db.get(Ticket, existing["id"])
    assert target.attachments[-1].endswith(f"/quarantined-{second}.eml")
    assert "Quarantined mail attached" in target.notes[-1].text and not target.notes[-1].public
    assert db.scalar(select(func.count()).select_from(QuarantinedEmail)) == 0
    db.close()
    assert agent.get(made.attachments[0]).status_code == 200  # the original downloads
