"""The customer directory: companies with a tier, and their contacts."""
from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from handoff.core.models import Contact

# Channels whose own address names the customer: the mail's sender, the caller's number, the
# portal's signed-in account. In chat the browser supplies the email (anyone can type any),
# so there it counts only when the caller says it checked the widget's signed identity.
SELF_IDENTIFYING_CHANNELS = ("email", "phone", "portal")


def normalize_phone(phone: str) -> str:
    """E.164 form of a phone number as callers and Twilio write it ("+1 (617) 555-0101")."""
    digits = re.sub(r"\D", "", phone)
    return f"+{digits}" if digits else ""


def find_customer(session: Session, email: str | None = None, phone: str | None = None) -> Contact | None:
    """The directory contact with this email (case-insensitive) or phone, else None.

    The contact's company (``contact.company``) and tier (``contact.tier``) come with it.
    Email is tried first when both are given.
    """
    if email:
        contact = session.scalars(select(Contact).where(Contact.email == email.strip().lower())).first()
        if contact is not None:
            return contact
    if phone:
        number = normalize_phone(phone)
        if number:
            return session.scalars(select(Contact).where(Contact.phone == number)).first()
    return None


def identity_verified(customer: dict, channel: str) -> bool:
    """Has the caller proved who the customer is? ``customer["verified"]`` when given (the bot
    sets it from the widget's signature), else whether the channel identifies them."""
    given = customer.get("verified")
    return bool(given) if given is not None else channel in SELF_IDENTIFYING_CHANNELS


def verified_contact(session: Session, customer: dict, channel: str) -> Contact | None:
    """The directory contact behind ``customer`` if their identity is proved, else None: an
    unverified visitor is anonymous, whatever email, company or plan they claim. Tier and
    company always come from here (the verified directory), never from the request."""
    if not identity_verified(customer, channel):
        return None
    return find_customer(session, email=customer.get("email"), phone=customer.get("phone"))


def contact_json(contact: Contact) -> dict:
    company = contact.company
    return {
        "name": contact.name,
        "email": contact.email,
        "phone": contact.phone,
        "user_id": contact.user_id,
        "company": company.name,
        "company_id": company.key,
        "tier": company.tier,
        "account_manager": company.account_manager_email,
    }
