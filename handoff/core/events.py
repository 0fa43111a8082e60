"""What the ticket core tells whoever listens, without knowing who listens.

The composition root (``support_service.observability``) subscribes to count these in its
Prometheus metrics; the code that sends them imports nothing above itself. Tickets created
are counted the same way, from SQLAlchemy's session events (they include every channel).
"""
from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

#: A conversation went to a human: sent with the channel as sender (``"chat"``, ``"phone"``)
#: and ``outcome``, where it went (the live queue, on-call, voicemail, a ticket...).
handed_off = _signals.signal("handed-off")
