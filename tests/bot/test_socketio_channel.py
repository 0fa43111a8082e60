"""Rasa's socket.io channel (credentials.yml), for clients that prefer it to REST.

With ``session_persistence: true`` python-socketio 5.18 silently drops the bot's replies
(bot/constraints.txt pins 5.9.0): a customer who reconnects with the same session id
must get answers, in the same conversation. The client is python-socketio's asyncio
client from the Rasa environment, talking to the running Rasa server.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import uuid

import pytest

from support_service import runner

pytestmark = [pytest.mark.rasa, pytest.mark.e2e]
TICKET_ID = re.compile(r"TICK-\d{8}-\d{3,}")

CLIENT = r"""
import asyncio, json, sys
import socketio

url, session_id, customer = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])

async def exchange(messages, session_id=session_id):
    client = socketio.AsyncClient()
    replies, confirmed = asyncio.Queue(), asyncio.Event()
    client.on("session_confirm", lambda *_: confirmed.set())
    client.on("bot_uttered", lambda data: replies.put_nowait(data))
    # This old aiohttp lacks the client websocket API; the server side is the same.
    await client.connect(url, socketio_path="/socket.io", transports=["polling"])
    await client.emit("session_request", {"session_id": session_id})
    await asyncio.wait_for(confirmed.wait(), 10)
    said = []
    for text in messages:
        await client.emit("user_uttered", {"message": text, "session_id": session_id,
                                           "customData": {"customer": customer}})
        turn = [await asyncio.wait_for(replies.get(), 20)]
        while True:  # the rest of this turn's replies
            try:
                turn.append(await asyncio.wait_for(replies.get(), 1.5))
            except asyncio.TimeoutError:
                break
        said.append(" ".join(r.get("text", "") for r in turn))
    await client.disconnect()
    return said

async def main():
    first = await exchange(["hi", "how do i rotate the api token of our integration"])
    again = await exchange(["no, still broken"])  # a reload: new socket, same session id
    stranger = await exchange(["no, still broken"], session_id=session_id + "-other")  # the same words out of context
    print("RESULT " + json.dumps({"first": first, "again": again, "stranger": stranger}))

asyncio.run(main())
"""


def test_replies_arrive_over_socketio_and_a_reconnect_keeps_the_conversation(bot_stack, customers):
    if not (runner.RASA_BIN / "python").exists():
        pytest.fail("no Rasa environment at .venv-rasa")
    result = subprocess.run(
        [str(runner.RASA_BIN / "python"), "-c", CLIENT, bot_stack.rasa_url, f"socket-{uuid.uuid4().hex[:12]}",
         json.dumps(customers["professional"])],
        capture_output=True, text=True, timeout=120, env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"})
    lines = [line for line in result.stdout.splitlines() if line.startswith("RESULT ")]
    assert result.returncode == 0 and lines, result.stdout[-2000:] + result.stderr[-3000:]
    said = json.loads(lines[-1].removeprefix("RESULT "))
    greeting, problem = said["first"]
    assert "How can I help" in greeting
    assert "Did that solve" in problem  # an article first
    # After reconnecting, "no" answers that question: a person is offered.
    assert "pass this to a person" in said["again"][0], said["again"]
    assert "pass this to a person" not in said["stranger"][0], said["stranger"]
