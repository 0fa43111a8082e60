"""Loading the demo directory, staff and service token (idempotent: matched by key/email/name)."""
from __future__ import annotations

import os
from pathlib import Path

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from handoff import macros
from handoff.auth import add_service_token, hash_password
from handoff.models import Agent, Company, Contact

DEMO_FILE = Path(__file__).with_name("demo_data.yaml")
DEFAULT_DEMO_PASSWORD = "demo-password"


def demo_password() -> str:
    return os.environ.get("HELPDESK_DEMO_PASSWORD", DEFAULT_DEMO_PASSWORD)


def seed_demo(session: Session, service_token: str, path: Path = DEMO_FILE) -> dict:
    """Insert what is missing of the demo data; existing rows are left as they are. Commits."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    added = {"companies": 0, "contacts": 0, "staff": 0}
    for spec in data["companies"]:
        company = session.scalars(select(Company).where(Company.key == spec["key"])).first()
        if company is None:
            company = Company(key=spec["key"], name=spec["name"], tier=spec["tier"],
                              account_manager_email=spec.get("account_manager"))
            session.add(company)
            added["companies"] += 1
        for c in spec["contacts"]:
            if session.scalars(select(Contact).where(Contact.email == c["email"].lower())).first() is None:
                session.add(Contact(company=company, user_id=c.get("user_id"), name=c["name"],
                                    email=c["email"].lower(), phone=c.get("phone")))
                added["contacts"] += 1
    password_hash = None
    for s in data["staff"]:
        if session.scalars(select(Agent).where(Agent.email == s["email"])).first() is None:
            password_hash = password_hash or hash_password(demo_password())
            session.add(Agent(email=s["email"], name=s["name"], role=s["role"], support_tier=s["support_tier"],
                              team=s["team"], password_hash=password_hash))
            added["staff"] += 1
    for t in data["service_tokens"]:
        add_service_token(session, t["name"], service_token)
    added.update(macros.seed(session))
    session.commit()
    return added
