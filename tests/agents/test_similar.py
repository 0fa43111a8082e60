"""Similar resolved tickets: the closest resolved ones by text, with their resolutions."""
from __future__ import annotations

from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from handoff.core import similar
from handoff.core.models import Ticket

RESOLVED = [
    ("Upload fails with 650MB video", "The upload stops, file too large error for my 650MB mp4",
     "Plan limit is 500MB; customer compressed the video."),
    ("Cannot log in", "Password reset email never arrives", "Reset email was in spam; whitelisted our domain."),
    ("Invoice shows double charge", "We were billed twice this month", "Refunded the duplicate charge."),
    ("API returns 401", "Our API key stopped working after rotation", "Customer used the old key; new key fixed it."),
]


def test_the_closest_resolved_tickets_come_first_with_their_resolutions(app, staff_client, make_ticket):
    agent = staff_client("jane.smith@secureai.com")
    done = []
    for subject, description, resolution in RESOLVED:
        t = make_ticket(subject=subject, description=description, category="general")
        agent.post(f"/api/tickets/{t['id']}/transitions", json={"to": "in_progress"})
        agent.post(f"/api/tickets/{t['id']}/transitions", json={"to": "resolved", "resolution": resolution})
        done.append(t["id"])
    new = make_ticket(subject="Video upload too large", description="My 700MB video upload fails: file too large")
    similar.forget()
    db = Session(create_engine(app.config["SETTINGS"].database_url))
    found = similar.similar_resolved(db, db.get(Ticket, new["id"]))
    db.close()
    assert found[0]["id"] == done[0] and found[0]["resolution"].startswith("Plan limit is 500MB")
    assert done[2] not in [f["id"] for f in found]  # the invoice shares nothing with it
    page = agent.get(f"/console/tickets/{new['id']}").get_data(as_text=True)
    assert "Similar resolved tickets" in page and "Plan limit is 500MB" in page
