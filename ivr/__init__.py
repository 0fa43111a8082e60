"""The Twilio phone line: voice webhooks (``ivr.views.bp``), its script, and ``ivr simulate``."""
