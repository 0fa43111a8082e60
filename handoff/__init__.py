"""The ticket core: tickets, customers, routing, SLA clocks, lifecycle, notifications, API.

In-process entry points used by the other parts:
    handoff.core.tickets.create_ticket(session, data, idempotency_key=None) -> Ticket
    handoff.core.customers.find_customer(session, email=None, phone=None) -> Contact | None
    handoff.rules.hours.is_live(tier, channel, when) / handoff.rules.hours.on_call_number(tier)
    handoff.core.lifecycle.transition(session, ticket, to, actor=...)
    handoff.core.db.session_scope(url) / handoff.core.db.request_session()
Its parts (docs/architecture.md): core/ (tables, tickets and their lifecycle), rules/
(routing, SLA, hours and assignment, each with its YAML), outbound/, channels/, agent_tools/,
web/ (the JSON APIs), console/, portal/, demo/, migrations/ (the one tree making every table).
"""
