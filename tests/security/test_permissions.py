"""Finding 5: the permission table (handoff/web/permissions.yaml) holds for every role and action.

Every cell is tried through the real API or console request that needs it, on one
service (SQLite) shared by the module: each case makes its own ticket. Cells that
depend on the ticket's owner ("owner_tier") are tried with no owner, a Tier 1 owner
and a Tier 3 owner.
"""
from __future__ import annotations

import hashlib
import re
import uuid
from email.message import EmailMessage

import pytest
from sqlalchemy import select

from handoff.channels.email_ingest import attachments_dir, store_blob
from handoff.channels.models import QuarantinedEmail
from handoff.core.models import Agent, Ticket
from handoff.web import permissions

PASSWORD = "demo-password"
SERVICE = {"Authorization": "Bearer dev-service-token"}
LOGINS = {"tier1": "agent@secureai.com", "tier2": "jane.smith@secureai.com", "tier3": "sam.senior@secureai.com",
          "manager": "manager@secureai.com"}
OWNERS = {"tier1": "agent@secureai.com", "tier3": "sec.analyst@secureai.com"}  # sec.analyst logs in for no role
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
OK = {200, 201, 202, 204, 302}


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    """(app, database session) on a module-wide SQLite store with the demo data."""
    import dataclasses

    from handoff.core.db import all_metadata, dispose_engine, get_engine, session_factory, session_scope
    from handoff.demo.directory import seed_demo
    from helpdesk_settings.config import Settings
    from support_service.app import create_app

    folder = tmp_path_factory.mktemp("permissions")
    url = f"sqlite:///{folder / 'helpdesk.db'}"
    for metadata in all_metadata():
        metadata.create_all(get_engine(url))
    with session_scope(url) as session:
        seed_demo(session, "dev-service-token")
    settings = dataclasses.replace(Settings(), database_url=url, secret_key="test-secret-0123456789",
                                   public_url="http://helpdesk.test", mail_dir=folder / "mail")
    app = create_app(settings)
    app.config["TESTING"] = True
    db = session_factory(url)()
    yield app, db
    db.close()
    dispose_engine(url)


@pytest.fixture(scope="module")
def callers(service):
    """A signed-in test client per staff role (with its CSRF token), and one for services."""
    app, _db = service
    out = {}
    for role, email in LOGINS.items():
        client = app.test_client()
        assert client.post("/api/auth/login", json={"email": email, "password": PASSWORD}).status_code == 200
        client.csrf = CSRF_RE.search(client.get("/console/quarantine").get_data(as_text=True)).group(1)
        out[role] = client
    out["service"] = app.test_client()
    return out


def _ticket(app, db, *, owner: str | None = None, priority: str = "P3", status: str | None = None) -> Ticket:
    """A ticket made by the ticket core, then given an owner (and status) directly."""
    from handoff.core.tickets import create_ticket

    with app.app_context():
        ticket = create_ticket(db, {"subject": "Uploads fail", "description": "since this morning", "channel": "email",
                                    "customer": {"email": "john.doe@company.com"}, "category": "upload_issues",
                                    "priority": priority})
    if owner:
        ticket.assignee = db.scalars(select(Agent).where(Agent.email == owner)).one()
        ticket.status = "in_progress"
    ticket.status = status or ticket.status
    db.commit()
    return ticket


def _send(client, role, method, path, **kwargs):
    headers = {**kwargs.pop("headers", {}), **(SERVICE if role == "service" else {})}
    if path.startswith("/console/"):
        headers["Accept"] = "application/json"  # refusals as JSON 401/403, not a redirect to the login
        if method == "POST":
            kwargs.setdefault("data", {})["csrf_token"] = getattr(client, "csrf", "")
    return client.open(path, method=method, headers=headers, **kwargs)


def _quarantined(db) -> int:
    row = QuarantinedEmail(source="webhook", reason="blocked attachment type: a.exe", sender="x@example.com",
                           subject="hi", sha256="0" * 64, raw=b"From: x@example.com\r\n\r\nhostile")
    db.add(row)
    db.commit()
    return row.id


def _stored(db, ticket_id: str) -> Ticket:
    """The ticket as the request left it, read in a transaction ended at once (on SQLite an
    open one holds the write lock the next request waits for)."""
    db.expire_all()
    ticket = db.get(Ticket, ticket_id)
    db.commit()
    return ticket


def _raw_mail() -> bytes:
    """A message the mail channel quarantines (no triage needed), accepted with 202."""
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "a@example.com", "support@secureai.com", "invoice"
    msg["Message-ID"] = f"<{uuid.uuid4().hex}@example.com>"
    msg.set_content("see attached")
    msg.add_attachment(b"MZ", maintype="application", subtype="octet-stream", filename="invoice.exe")
    return msg.as_bytes()


def _attempt(action: str, role: str, client, app, db, owner: str | None):
    """Make the request that needs ``action``; return (response, whether it took effect)."""
    me = LOGINS.get(role, "")
    if action == "tickets:create":
        r = _send(client, role, "POST", "/api/tickets", json={
            "subject": "Billing question", "channel": "email", "customer": {"email": "john.doe@company.com"},
            "category": "billing", "priority": "P4"})
        return r, r.status_code == 201
    if action == "customers:read":
        r = _send(client, role, "GET", "/api/customers/john.doe@company.com")
        return r, r.status_code == 200
    if action == "live_chats:request":
        r = _send(client, role, "POST", "/api/live-chats", json={
            "conversation_id": uuid.uuid4().hex, "customer": {"email": "john.doe@company.com"},
            "category": "upload_issues", "priority": "P3", "transcript": [{"sender": "customer", "text": "help"}]})
        return r, r.status_code == 201
    if action == "bot_sessions:write":
        r = _send(client, role, "POST", "/api/bot-sessions", json={"conversation_id": uuid.uuid4().hex,
                                                                      "outcome": "self_service"})
        return r, r.status_code == 201
    if action == "mail:ingest":
        r = _send(client, role, "POST", "/api/inbound-email", data=_raw_mail(), content_type="message/rfc822")
        return r, r.status_code == 202
    if action in ("live_chats:work", "mail:quarantine_list", "dashboard:read", "outbox:read", "triage:report",
                  "callbacks:work"):
        path = {"live_chats:work": "/console/live", "mail:quarantine_list": "/console/quarantine",
                "dashboard:read": "/console/dashboard", "outbox:read": "/console/outbox",
                "triage:report": "/console/triage", "callbacks:work": "/console/callbacks"}[action]
        r = _send(client, role, "GET", path)
        return r, r.status_code == 200
    if action == "mail:quarantine_raw":
        r = _send(client, role, "GET", f"/console/quarantine/{_quarantined(db)}/raw")
        return r, r.status_code == 200 and b"hostile" in r.data
    if action == "canned_replies:use":
        r = _send(client, role, "GET", "/api/canned-replies")
        return r, r.status_code == 200
    if action == "canned_replies:write":
        r = _send(client, role, "POST", "/api/canned-replies", json={
            "shortcut": f"t-{uuid.uuid4().hex[:8]}", "title": "Thanks", "body": "Thanks, {{customer.name}}!"})
        return r, r.status_code == 201
    if action == "macros:manage":
        r = _send(client, role, "POST", "/api/macros", json={"title": f"Tag {uuid.uuid4().hex[:8]}", "tags": ["x"]})
        return r, r.status_code == 201
    if action == "presence:set":
        r = _send(client, role, "PUT", "/api/agents/me/presence", json={"presence": "away"})
        return r, r.status_code == 200
    if action == "agents:capacity":
        agent_id = db.scalars(select(Agent.id).where(Agent.email == LOGINS["tier1"])).one()
        db.commit()
        r = _send(client, role, "PUT", f"/api/agents/{agent_id}/capacity", json={"chats": 3})
        return r, r.status_code == 200 and r.get_json()["capacity"]["chats"] == 3
    if action == "incidents:read":
        r = _send(client, role, "GET", "/api/incidents")
        return r, r.status_code == 200
    if action == "incidents:manage":
        r = _send(client, role, "POST", "/api/incidents", json={"title": "Uploads failing for everyone"})
        return r, r.status_code == 201
    if action == "tickets:export":
        r = _send(client, role, "GET", "/console/views/open/export.csv")
        return r, r.status_code == 200 and r.get_data(as_text=True).startswith("id,")
    if action == "attachments:read":
        sha = store_blob(attachments_dir(app.config["SETTINGS"].mail_dir), b"%PDF-1.4 invoice")
        assert sha == hashlib.sha256(b"%PDF-1.4 invoice").hexdigest()
        r = _send(client, role, "GET", f"/console/attachments/{sha}/invoice.pdf")
        return r, r.status_code == 200

    # Actions on one ticket.
    ticket = _ticket(app, db, owner=owner, priority="P1" if action == "tickets:lower_urgent" else "P3")
    url = f"/api/tickets/{ticket.id}"
    if action == "tickets:read":
        r = _send(client, role, "GET", url)
        return r, r.status_code == 200
    if action == "notes:read":
        with app.app_context():
            from handoff.core.editing import add_note

            add_note(db, ticket, "internal: customer's key leaked", author=db.scalars(select(Agent)).first())
            db.commit()
        r = _send(client, role, "GET", url)
        return r, "customer's key leaked" in r.get_data(as_text=True)
    if action == "notes:write":
        r = _send(client, role, "POST", f"{url}/notes", json={"text": "checked the logs"})
        return r, r.status_code == 201
    if action == "tickets:reply":
        r = _send(client, role, "POST", f"{url}/notes", json={"text": "We are on it", "public": True})
        return r, r.status_code == 201
    if action == "tickets:update":
        r = _send(client, role, "PATCH", url, json={"subcategory": "large files"})
        return r, r.status_code == 200
    if action == "tickets:lower_urgent":
        r = _send(client, role, "PATCH", url, json={"priority": "P4"})
        return r, r.status_code == 200
    if action == "tickets:transition":
        target = "pending" if owner else "in_progress"
        r = _send(client, role, "POST", f"{url}/transitions", json={"to": target})
        return r, r.status_code == 200
    if action == "tickets:claim":
        r = _send(client, role, "PATCH", url, json={"assignee": me or None})
        return r, r.status_code == 200
    if action == "tickets:assign_any":
        r = _send(client, role, "PATCH", url, json={"assignee": "sec.analyst@secureai.com"})
        return r, r.status_code == 200
    if action == "macros:apply":
        r = _send(client, role, "POST", f"{url}/macros/need-details")
        return r, r.status_code == 200
    if action == "tickets:bulk":
        r = _send(client, role, "POST", "/console/views/open/bulk", data={"ids": [ticket.id],
                                                                          "action": "status:pending"})
        return r, _stored(db, ticket.id).status == "pending"
    if action == "mail:quarantine_release":
        r = _send(client, role, "POST", f"/console/quarantine/{_quarantined(db)}/attach", data={"ticket_id": ticket.id})
        return r, len(_stored(db, ticket.id).attachments or []) == 1
    if action == "tickets:satisfaction":
        r = _send(client, role, "PATCH", url, json={"satisfaction": 5})
        return r, r.status_code == 200
    raise AssertionError(f"no request tries {action}: add one to _attempt")


def _cases():
    for action, cells in permissions.table().items():
        for role, cell in cells.items():
            if cell == "owner_tier":
                yield from ((action, role, owner) for owner in (None, "tier1", "tier3"))
            else:
                yield action, role, None


def _expected(action: str, role: str, owner: str | None) -> bool:
    cell = permissions.table()[action][role]
    if cell == "owner_tier":
        owner_tier = {None: 0, "tier1": 1, "tier3": 3}[owner]
        return owner_tier <= {"tier1": 1, "tier2": 2, "tier3": 3}[role]
    return cell == "yes"


@pytest.mark.parametrize("action,role,owner", list(_cases()),
                         ids=lambda v: str(v) if v is not None else "unowned")
def test_every_cell_of_the_permission_table(service, callers, action, role, owner):
    app, db = service
    response, done = _attempt(action, role, callers[role], app, db, OWNERS.get(owner))
    if _expected(action, role, owner):
        assert response.status_code in OK and done, (response.status_code, response.get_data(as_text=True)[:300])
    else:
        assert not done, f"{role} did {action}"
        # Services simply do not see internal notes; with no console session, a service's console
        # form stops at the CSRF check (400) before any sign-in is asked for.
        refusals = (400, 401, 403) if role == "service" and "/console/" in response.request.path else (401, 403)
        if action != "notes:read":
            assert response.status_code in refusals, (response.status_code, response.get_data(as_text=True)[:300])


def test_a_tier_1_agent_cannot_take_over_a_tier_3_p1(service, callers):
    """The finding as reported: take a Tier 3 agent's P1, downgrade it, move it to General,
    resolve it, give it CSAT 5, read raw quarantined mail. Each is refused; nothing changes."""
    app, db = service
    ticket = _ticket(app, db, owner="sam.senior@secureai.com", priority="P1")
    agent = callers["tier1"]
    url = f"/api/tickets/{ticket.id}"
    assert agent.patch(url, json={"assignee": "agent@secureai.com"}).status_code == 403
    assert agent.patch(url, json={"priority": "P4"}).status_code == 403
    assert agent.patch(url, json={"queue": "General"}).status_code == 403
    assert agent.post(f"{url}/transitions", json={"to": "resolved", "resolution": "done"}).status_code == 403
    assert agent.patch(url, json={"satisfaction": 5}).status_code == 403
    assert agent.get(f"/console/quarantine/{_quarantined(db)}/raw").status_code == 403
    console = agent.post(f"/console/tickets/{ticket.id}/claim", data={"csrf_token": agent.csrf},
                         headers={"Accept": "application/json"})
    assert console.status_code == 403 and console.get_json()["error"]["code"] == "not_your_ticket"
    db.expire_all()
    after = db.get(Ticket, ticket.id)
    assert (after.assignee.email, after.priority, after.status, after.satisfaction) == (
        "sam.senior@secureai.com", "P1", "in_progress", None)


def test_a_tier_2_agent_may_lower_an_unowned_p1_but_tier_1_may_not_even_via_the_console(service, callers):
    app, db = service
    ticket = _ticket(app, db, priority="P2")
    tier1 = callers["tier1"]
    refused = tier1.post(f"/console/tickets/{ticket.id}/correct", headers={"Accept": "application/json"},
                         data={"csrf_token": tier1.csrf, "priority": "P3"})
    assert refused.status_code == 403
    tier2 = callers["tier2"]
    assert tier2.post(f"/console/tickets/{ticket.id}/correct",
                      data={"csrf_token": tier2.csrf, "priority": "P3"}).status_code == 302
    db.expire_all()
    assert db.get(Ticket, ticket.id).priority == "P3"


def test_every_api_and_console_endpoint_is_in_the_table_or_public(service):
    """A new endpoint must name its permission (auth.require or console.ENDPOINT_PERMISSIONS)."""
    from handoff.console import views as console

    app, _db = service
    public = {"handoff_api.login", "handoff_api.logout", "channels.widget_messages", "channels.widget_says",
              "console.login", "console.logout", "console.static", "kb.api_search", "kb.feedback",
              "openapi.openapi"}
    # Console pages every signed-in staff member sees, and ticket actions checked per ticket.
    any_staff = {"console.home", "console.view", "console.ticket", "console.ticket_action"}
    missing = []
    for rule in app.url_map.iter_rules():
        endpoint = rule.endpoint
        if not (rule.rule.startswith("/api/") or rule.rule.startswith("/console")) or endpoint in public | any_staff:
            continue
        view = app.view_functions[endpoint]
        if getattr(view, "permission", None) is None and endpoint not in console.ENDPOINT_PERMISSIONS:
            missing.append(endpoint)
    assert not missing, f"endpoints with no permission: {missing}"
    table = permissions.table()
    named = {getattr(v, "permission", None) for v in app.view_functions.values()} | set(
        console.ENDPOINT_PERMISSIONS.values())
    assert named - {None} <= set(table)
