"""The JSON APIs (tickets, channels, agents' tools) and who may call them: API tokens,
staff sign-ins and the permission table."""
