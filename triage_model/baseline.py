"""The keyword classifier SecureAI's support design started from (subject keywords to a
category, urgency words to a priority), kept as written so every report can show what
the model beats."""
from __future__ import annotations

CATEGORY_KEYWORDS = {
    "account_access": ["login", "password", "access", "account", "locked"],
    "upload_issues": ["upload", "file", "size", "format", "failed"],
    "api_integration": ["api", "token", "authentication", "401", "403"],
    "performance": ["slow", "timeout", "loading", "performance"],
    "billing": ["bill", "invoice", "payment", "charge", "subscription"],
    "security": ["breach", "security", "hack", "unauthorized", "incident"],
}
PRIORITY_KEYWORDS = {
    "critical": ["down", "outage", "breach", "all users", "emergency"],
    "high": ["urgent", "production", "blocking", "critical business"],
    "medium": ["issue", "problem", "error", "bug"],
    "low": ["question", "how to", "feature request"],
}
# The support design names priorities by word; the labelling guide by P-number.
SEED_PRIORITY = {"critical": "P1", "high": "P2", "medium": "P3", "low": "P4"}


def classify(subject: str, description: str) -> dict:
    text = f"{subject or ''} {description or ''}".lower()
    category = next((c for c, words in CATEGORY_KEYWORDS.items() if any(w in text for w in words)), "general")
    priority = next((p for p, words in PRIORITY_KEYWORDS.items() if any(w in text for w in words)), "medium")
    return {"category": category, "priority": SEED_PRIORITY[priority]}
