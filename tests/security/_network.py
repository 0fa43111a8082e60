"""Where a server can be reached from: loopback, and this machine's address on its network."""
from __future__ import annotations

import socket


def outward_address() -> str | None:
    """This machine's non-loopback IPv4 address (what another host would connect to), if any."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.254", 9))  # no packet is sent: this only picks the outgoing interface
            address = probe.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") else address


def accepts(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=2):
            return True
    except OSError:
        return False
