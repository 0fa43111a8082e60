"""Canned replies (shared or personal) with placeholders, and macros: several changes in one click.

Placeholders are replaced by a small explicit substitution, never by a template
engine: a reply text comes from staff and the values from customers, so neither
may run as code. Unknown placeholders are refused when a text is saved.
"""
from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import yaml
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from handoff.agent_tools.models import CannedReply, Macro
from handoff.core import editing, lifecycle, validation
from handoff.core.errors import Conflict, Forbidden, NotFound, ValidationError
from handoff.core.models import OPEN_STATUSES, PRIORITIES, STATUS_LABELS, Agent, Ticket, utcnow
from handoff.core.tickets import log
from handoff.outbound import notifications

MACROS_FILE = Path(__file__).with_name("macros.yaml")
PLACEHOLDER_RE = re.compile(r"\{\{\s*([a-z_.]+|kb:[A-Za-z0-9/_-]+)\s*\}\}")
ANY_BRACES_RE = re.compile(r"\{\{\s*(.*?)\s*\}\}")
FIELDS = ("customer.name", "ticket.id", "ticket.tracking_url", "agent.name")
SHORTCUT_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
TAG_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
BODY_LIMIT = 10_000
MACRO_STATUSES = ("in_progress", "pending", "resolved")  # what a macro may set


# --- placeholders ----------------------------------------------------------------------

def _kb_article(article_id: str):
    from kb_search.articles import library

    return library()[0].get(article_id)


def check_placeholders(text: str, field: str = "body") -> None:
    """Refuse a text naming a placeholder that does not exist (or an unknown article)."""
    for match in ANY_BRACES_RE.finditer(text):
        name = match.group(1)
        if name.startswith("kb:") and PLACEHOLDER_RE.fullmatch(match.group(0)):
            if _kb_article(name[3:]) is None:
                raise ValidationError(f"{field}: no help-centre article {name[3:]!r}", field=field)
        elif name not in FIELDS:
            raise ValidationError(f"{field}: unknown placeholder {{{{{name}}}}}; known: "
                                  + ", ".join(f"{{{{{f}}}}}" for f in FIELDS) + ", {{kb:<article-id>}}",
                                  field=field)


def render(text: str, ticket: Ticket | None, agent: Agent, public_url: str) -> str:
    """``text`` with each known placeholder replaced by its plain value (no markup, no code)."""
    base = public_url.rstrip("/")
    values = {
        "customer.name": (ticket.customer_name if ticket else "") or "there",
        "ticket.id": ticket.id if ticket else "",
        "ticket.tracking_url": notifications.tracking_url(public_url, ticket) if ticket else "",
        "agent.name": agent.name,
    }

    def substitute(match: re.Match) -> str:
        name = match.group(1)
        if name.startswith("kb:"):
            article = _kb_article(name[3:])
            return f"{article.title} ({base}{article.url})" if article else match.group(0)
        return values.get(name, match.group(0))

    return PLACEHOLDER_RE.sub(substitute, text)


# --- canned replies ---------------------------------------------------------------------

def canned_replies(session: Session, agent: Agent) -> list[CannedReply]:
    """The shared replies and the agent's own, by shortcut."""
    return list(session.scalars(select(CannedReply).where(
        or_(CannedReply.owner_id.is_(None), CannedReply.owner_id == agent.id)).order_by(CannedReply.shortcut)))


def canned_json(reply: CannedReply) -> dict:
    return {"id": reply.id, "shortcut": reply.shortcut, "title": reply.title, "body": reply.body,
            "shared": reply.owner_id is None}


def _may_edit(agent: Agent, reply: CannedReply) -> None:
    if reply.owner_id is None and agent.role != "manager":
        raise Forbidden("only managers edit shared canned replies")
    if reply.owner_id is not None and reply.owner_id != agent.id:
        raise NotFound(f"no canned reply {reply.id}", code="canned_reply_not_found")


def save_canned(session: Session, agent: Agent, data: dict, *, reply_id: int | None = None,
                shared: bool = False) -> CannedReply:
    """Create (or with ``reply_id`` change) a canned reply; shared ones are managers' only."""
    shortcut = (validation.text(data, "shortcut", "shortcut", 40, required=True) or "").lower()
    if not SHORTCUT_RE.match(shortcut):
        raise ValidationError("shortcut: lower-case letters, digits and dashes", field="shortcut")
    title = validation.text(data, "title", "title", 200, required=True)
    body = validation.text(data, "body", "body", BODY_LIMIT, required=True)
    check_placeholders(body)
    if reply_id is None:
        reply = CannedReply(owner_id=None if shared else agent.id)
    else:
        reply = session.get(CannedReply, reply_id)
        if reply is None:
            raise NotFound(f"no canned reply {reply_id}", code="canned_reply_not_found")
    _may_edit(agent, reply)
    clash = session.scalars(select(CannedReply).where(
        CannedReply.shortcut == shortcut, CannedReply.id != (reply.id or 0),
        CannedReply.owner_id.is_(None) if reply.owner_id is None else CannedReply.owner_id == reply.owner_id)).first()
    if clash is not None:
        raise Conflict(f"shortcut /{shortcut} is already taken", code="shortcut_taken")
    reply.shortcut, reply.title, reply.body, reply.updated_at = shortcut, title, body, utcnow()
    session.add(reply)
    session.flush()
    return reply


def delete_canned(session: Session, agent: Agent, reply_id: int) -> None:
    reply = session.get(CannedReply, reply_id)
    if reply is None:
        raise NotFound(f"no canned reply {reply_id}", code="canned_reply_not_found")
    _may_edit(agent, reply)
    session.delete(reply)


# --- macros -----------------------------------------------------------------------------

def macros(session: Session, *, active_only: bool = True) -> list[Macro]:
    query = select(Macro).order_by(Macro.title)
    if active_only:
        query = query.where(Macro.active)
    return list(session.scalars(query))


def macro_json(macro: Macro) -> dict:
    return {"id": macro.id, "key": macro.key, "title": macro.title, "reply": macro.reply,
            "reply_public": macro.reply_public, "status": macro.status, "priority": macro.priority,
            "queue": macro.queue, "tags": list(macro.tags or []), "resolution": macro.resolution,
            "active": macro.active}


def _tags(value) -> list[str]:
    if value in (None, ""):
        return []
    if isinstance(value, str):
        value = [t for t in re.split(r"[,\s]+", value) if t]
    if not isinstance(value, list) or not all(isinstance(t, str) and TAG_RE.match(t.lower()) for t in value):
        raise ValidationError("tags: a list of short lower-case words", field="tags")
    return list(dict.fromkeys(t.lower() for t in value))


def save_macro(session: Session, data: dict, *, macro_id: int | None = None) -> Macro:
    """Create or change a macro from a form or JSON body (managers: the caller checks)."""
    macro = Macro(key="") if macro_id is None else session.get(Macro, macro_id)
    if macro is None:
        raise NotFound(f"no macro {macro_id}", code="macro_not_found")
    title = validation.text(data, "title", "title", 200, required=True)
    key = (validation.text(data, "key", "key", 60) or macro.key or re.sub(r"[^a-z0-9]+", "-", title.lower())).strip("-")
    reply = validation.text(data, "reply", "reply", BODY_LIMIT) or None
    if reply:
        check_placeholders(reply, "reply")
    status = validation.choice(data.get("status") or None, "status", MACRO_STATUSES)
    resolution = validation.text(data, "resolution", "resolution", editing.NOTE_LIMIT) or None
    if status == "resolved" and not resolution:
        raise ValidationError("resolution: a macro that resolves says how", field="resolution")
    queue = validation.choice(data.get("queue") or None, "queue", editing.queues())
    priority = validation.choice(data.get("priority") or None, "priority", PRIORITIES)
    clash = session.scalars(select(Macro).where(Macro.key == key, Macro.id != (macro.id or 0))).first()
    if clash is not None:
        raise Conflict(f"a macro with key {key!r} exists", code="macro_key_taken")
    public = data.get("reply_public", True)
    macro.key, macro.title, macro.reply, macro.status, macro.resolution = key, title, reply, status, resolution
    macro.reply_public = public not in (False, "false", "0", "note")
    macro.queue, macro.priority, macro.tags = queue, priority, _tags(data.get("tags"))
    macro.active = data.get("active", True) not in (False, "false", "0")
    macro.updated_at = utcnow()
    if not (reply or status or queue or priority or macro.tags):
        raise ValidationError("a macro must do at least one thing", code="empty_macro")
    session.add(macro)
    session.flush()
    return macro


def get_macro(session: Session, macro_id) -> Macro:
    macro = session.get(Macro, macro_id) if str(macro_id).isdigit() else None
    if macro is None:
        macro = session.scalars(select(Macro).where(Macro.key == str(macro_id))).first()
    if macro is None or not macro.active:
        raise NotFound(f"no macro {macro_id}", code="macro_not_found")
    return macro


def move_to(session: Session, ticket: Ticket, status: str, agent: Agent, resolution: str | None,
             now: datetime) -> None:
    """Reach ``status`` by the lifecycle's own moves: work starts first when it has not."""
    if ticket.status == status:
        return
    if status in ("pending", "resolved") and ticket.status in ("created", "assigned", "escalated"):
        lifecycle.transition(session, ticket, "in_progress", actor=agent, now=now)
    lifecycle.transition(session, ticket, status, actor=agent, resolution=resolution, now=now)


def apply_macro(session: Session, ticket: Ticket, macro: Macro, agent: Agent, public_url: str,
                now: datetime | None = None) -> Ticket:
    """Do everything the macro says to the ticket, logged as one activity event. Does not commit;
    on any refusal (e.g. an illegal status move) the caller rolls back and nothing is kept."""
    now = now or utcnow()
    if ticket.status not in OPEN_STATUSES:
        raise Conflict("macros apply to open tickets; reopen it first", code="not_open")
    first_new = len(ticket.events)
    with session.no_autoflush:  # the steps' own log lines are folded into one before they are stored
        if macro.reply:
            editing.add_note(session, ticket, render(macro.reply, ticket, agent, public_url), author=agent,
                             public=macro.reply_public, now=now)
        changes = {k: v for k, v in (("priority", macro.priority), ("queue", macro.queue)) if v}
        if changes:
            editing.update_ticket(session, ticket, changes, actor=agent, actor_name=agent.name, now=now)
        if macro.tags:
            ticket.tags = list(dict.fromkeys([*(ticket.tags or []), *macro.tags]))
        if macro.status:
            move_to(session, ticket, macro.status, agent, macro.resolution, now)
        steps = [event.message for event in ticket.events[first_new:]]
        for event in ticket.events[first_new:]:
            if event in session:
                session.expunge(event)
        del ticket.events[first_new:]
    if macro.tags:
        steps.append("tags " + ", ".join(macro.tags))
    log(ticket, "macro", f"Macro '{macro.title}' applied: " + "; ".join(steps), actor=agent.name, at=now,
        macro=macro.key, steps=steps, status=STATUS_LABELS[ticket.status])
    ticket.updated_at = now
    return ticket


# --- seeding ----------------------------------------------------------------------------

def seed(session: Session, path: Path = MACROS_FILE) -> dict:
    """Add the shared canned replies and macros of macros.yaml that are missing (edits are kept)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    added = {"canned_replies": 0, "macros": 0}
    texts = {}
    for spec in data["canned_replies"]:
        texts[spec["shortcut"]] = spec["body"].strip()
        exists = session.scalars(select(CannedReply).where(
            CannedReply.owner_id.is_(None), CannedReply.shortcut == spec["shortcut"])).first()
        if exists is None:
            session.add(CannedReply(shortcut=spec["shortcut"], title=spec["title"], body=texts[spec["shortcut"]]))
            added["canned_replies"] += 1
    for spec in data["macros"]:
        if session.scalars(select(Macro).where(Macro.key == spec["key"])).first() is not None:
            continue
        reply = spec.get("reply")
        session.add(Macro(key=spec["key"], title=spec["title"], reply=texts.get(reply, reply and reply.strip()),
                          reply_public=not spec.get("note", False), status=spec.get("status"),
                          priority=spec.get("priority"), queue=spec.get("queue"), tags=spec.get("tags", []),
                          resolution=spec.get("resolution"), active=True))
        added["macros"] += 1
    session.flush()
    return added
