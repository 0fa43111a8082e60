"""Loading the demo directory, staff and service token (idempotent: matched by key/email/name)."""
from __future__ import annotations

import os
from pathlib import Path

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from handoff.agent_tools import macros
from handoff.core.models import Agent, Company, Contact, ServiceToken, utcnow
from handoff.web.auth import hash_password, hash_token

DEMO_FILE = Path(__file__).with_name("demo_data.yaml")
DEFAULT_DEMO_PASSWORD = "demo-password"


def demo_password() -> str:
    return os.environ.get("HELPDESK_DEMO_PASSWORD", DEFAULT_DEMO_PASSWORD)


def seed_demo(session: Session, service_token: str, path: Path = DEMO_FILE) -> dict:
    """Insert what is missing of the demo data; existing rows are left as they are (a changed
    password stays changed, a revoked token stays revoked). Development only. Commits."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    added = {"companies": 0, "contacts": 0, "staff": 0}
    for spec in data["companies"]:
        company = session.scalars(select(Company).where(Company.key == spec["key"])).first()
        if company is None:
            company = Company(key=spec["key"], name=spec["name"], tier=spec["tier"],
                              account_manager_email=spec.get("account_manager"),
                              analyses_this_month=spec.get("analyses_this_month"),
                              usage_as_of=utcnow() if spec.get("analyses_this_month") is not None else None)
            session.add(company)
            added["companies"] += 1
        for c in spec["contacts"]:
            if session.scalars(select(Contact).where(Contact.email == c["email"].lower())).first() is None:
                session.add(Contact(company=company, user_id=c.get("user_id"), name=c["name"],
                                    email=c["email"].lower(), phone=c.get("phone"),
                                    portal_admin=bool(c.get("portal_admin"))))
                added["contacts"] += 1
    password_hash = None
    for s in data["staff"]:
        if session.scalars(select(Agent).where(Agent.email == s["email"])).first() is None:
            password_hash = password_hash or hash_password(demo_password())
            session.add(Agent(email=s["email"], name=s["name"], role=s["role"], support_tier=s["support_tier"],
                              team=s["team"], password_hash=password_hash))
            added["staff"] += 1
    for t in data["service_tokens"]:
        row = session.scalars(select(ServiceToken).where(ServiceToken.name == t["name"])).first()
        if row is None:
            session.add(ServiceToken(name=t["name"], token_hash=hash_token(service_token)))
        elif row.revoked_at is None:  # HELPDESK_SERVICE_TOKEN changed: the live token follows it
            row.token_hash = hash_token(service_token)
    added.update(macros.seed(session))
    session.commit()
    return added
