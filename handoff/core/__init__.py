"""The ticket core: the store's tables, tickets and customers, their lifecycle, edits and triage."""
