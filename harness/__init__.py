"""Test and bench harnesses (not shipped): the whole system started for a run, TCP proxies that cut links."""
