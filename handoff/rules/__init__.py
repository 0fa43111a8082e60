"""Business rules kept in YAML next to the code: routing, SLA clocks, support hours,
automatic assignment and the phone line's follow-up."""
