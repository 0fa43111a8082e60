"""Console conveniences: bulk actions on a view, CSV export of a view, the live-chat counter,
times the page script turns into words."""
from __future__ import annotations

import csv
import io
import re

from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from handoff.core.models import Ticket

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def _csrf(client) -> str:
    return CSRF.search(client.get("/console/views/mine").get_data(as_text=True)).group(1)


def test_bulk_actions_change_every_selected_ticket_or_none(app, staff_client, make_ticket):
    ids = [make_ticket(subject=f"Bulk {n}", email=f"b{n}@example.org")["id"] for n in range(3)]
    agent = staff_client()
    token = _csrf(agent)
    page = agent.get("/console/views/unassigned").get_data(as_text=True)
    assert 'form="bulk"' in page and "Export CSV" in page

    done = agent.post("/console/views/unassigned/bulk", data={"csrf_token": token, "ids": ids, "action": "assign_me"})
    assert done.status_code == 302
    refused = agent.post("/console/views/mine/bulk", data={"csrf_token": token, "ids": ids,
                                                           "action": "status:resolved"})  # no resolution given
    assert refused.status_code == 302
    db = Session(create_engine(app.config["SETTINGS"].database_url))
    tickets = [db.get(Ticket, i) for i in ids]
    assert {t.assignee.email for t in tickets} == {"agent@secureai.com"}
    assert {t.status for t in tickets} == {"assigned"}  # the refused batch left nothing behind
    db.close()
    agent.post("/console/views/mine/bulk", data={"csrf_token": token, "ids": ids, "action": "status:resolved",
                                                 "resolution": "Fixed by the 2.3 release"})
    db = Session(create_engine(app.config["SETTINGS"].database_url))
    assert {db.get(Ticket, i).status for i in ids} == {"resolved"}
    db.close()


def test_csv_export_has_every_ticket_of_the_view_and_defuses_formulas(app, staff_client, make_ticket):
    make_ticket(subject="=HYPERLINK(\"http://evil\")")
    for n in range(3):
        make_ticket(subject=f"Export {n}", email=f"e{n}@example.org")
    response = staff_client().get("/console/views/unassigned/export.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert len(rows) == 4
    assert rows[0]["subject"] == "'=HYPERLINK(\"http://evil\")"
    assert {r["subject"] for r in rows[1:]} == {"Export 0", "Export 1", "Export 2"}
    filtered = staff_client().get("/console/views/unassigned/export.csv?q=Export 1").get_data(as_text=True)
    assert len(list(csv.DictReader(io.StringIO(filtered)))) == 1


def test_live_counter_and_times_for_the_page_script(app, staff_client, make_ticket):
    ticket = make_ticket()
    agent = staff_client()
    assert agent.get("/console/live/count").get_json() == {"waiting": 0, "offer": None}
    page = agent.get(f"/console/tickets/{ticket['id']}").get_data(as_text=True)
    assert re.search(r'<time datetime="\d{4}-\d\d-\d\dT[\d:.]+\+00:00">', page)
    assert 'data-count="live"' in page and "agent_tools.js" in page
