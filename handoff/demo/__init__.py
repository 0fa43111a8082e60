"""DEMO DATA for a development database: the demo directory and a month of support history."""
