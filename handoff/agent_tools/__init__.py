"""The agents' tools: canned replies and macros, incidents, and their tables."""
