"""Callback run: N queued callbacks worked off by concurrent ``handoff tick``s, none doubled.

    .venv/bin/python -m bench.bench_callbacks                # 20 callbacks, 3 ticks at once, 4 agents
    .venv/bin/python -m bench.bench_callbacks --callbacks 50 --ticks 4

In process on a fresh SQLite file (or --database-url), Twilio's REST API being the
local fake (ivr.fake_twilio). Each round runs ``--ticks`` scheduler steps at the same
moment (threads); every call they placed is then "answered" as Twilio would: signed
answer webhook, agent dialled, final status. Every third callback's first attempt is
busy, so retries (after the queue's delay, the clock moved on) are part of the run.
Checked at the end: every callback completed, one calls.create per attempt, no
callback ever had two calls, and calls reached each number exactly as often as its
attempts say.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.common import percentile

ROOT = Path(__file__).resolve().parent.parent

TOKEN = "bench-twilio-token"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--callbacks", type=int, default=20)
    parser.add_argument("--ticks", type=int, default=3, help="scheduler steps run at once")
    parser.add_argument("--agents", type=int, default=4, help="agents of the Technical team")
    parser.add_argument("--database-url", help="default: a fresh SQLite file in a temp dir")
    args = parser.parse_args(argv)

    from handoff.core.db import migrate, session_scope
    from handoff.core.models import Agent
    from handoff.core.tickets import create_ticket
    from handoff.demo.directory import seed_demo
    from handoff.outbound import callbacks
    from handoff.outbound.models import Callback
    from handoff.outbound.scheduler import tick
    from handoff.web.auth import hash_password
    from helpdesk_settings.config import Settings
    from ivr.fake_twilio import FakeTwilio
    from ivr.simulate import app_transport
    from support_service.app import create_app

    tmp = tempfile.TemporaryDirectory(prefix="bench-callbacks-")
    db_url = args.database_url or f"sqlite:///{tmp.name}/helpdesk.db"
    os.environ.setdefault("TRIAGE_MODEL_DIR", str(ROOT / "var" / "models" / "triage"))
    migrate(db_url)
    with session_scope(db_url) as session:
        seed_demo(session, "bench-service-token")
        for k in range(args.agents - 1):  # Jane Smith is the demo's Technical agent
            session.add(Agent(email=f"bench.agent{k}@secureai.com", name=f"Bench Agent{k}", team="Technical",
                              password_hash=hash_password("x")))
        session.commit()

    with FakeTwilio() as twilio:
        settings = replace(Settings.from_env(), database_url=db_url, twilio_auth_token=twilio.auth_token,
                           twilio_account_sid=twilio.account_sid, twilio_number="+18007328734",
                           twilio_api_url=twilio.url, twilio_lookup_url=twilio.url, public_url="http://localhost")
        app = create_app(settings)
        transport = app_transport(app)
        now = datetime.now(UTC)
        with app.app_context(), session_scope(db_url) as session:
            for i in range(args.callbacks):
                phone = f"+1555020{i:04d}"
                ticket = create_ticket(session, {
                    "channel": "phone", "description": f"bench callback {i}: the API returns 401",
                    "category": "api_integration", "priority": "P3", "customer": {"phone": phone},
                }, idempotency_key=f"bench-cb-{i}", now=now)
                callbacks.request_callback(session, ticket, phone=phone, source="hold", key=f"bench-cb-{i}",
                                           now=now, requested_at=now + timedelta(seconds=i))
                session.commit()

        busy_once = {f"+1555020{i:04d}" for i in range(0, args.callbacks, 3)}
        tick_times: list[float] = []
        errors: list[str] = []
        answered = 0
        rounds = 0
        began = time.perf_counter()
        while True:
            rounds += 1
            barrier = threading.Barrier(args.ticks)

            def one_tick(barrier=barrier, now=now):
                barrier.wait()
                start = time.perf_counter()
                try:
                    with app.app_context(), session_scope(db_url) as session:
                        tick(session, now)
                except Exception as exc:  # counted and reported: a tick must never fail
                    errors.append(f"{type(exc).__name__}: {exc}")
                tick_times.append((time.perf_counter() - start) * 1000)

            threads = [threading.Thread(target=one_tick) for _ in range(args.ticks)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            placed = twilio.calls()[answered:]
            answered += len(placed)
            for call in placed:  # Twilio plays each call: answer, dial the agent, final status
                form, sid = call.form, call.answer["sid"]
                answer = form["Url"].removeprefix("http://localhost")
                status = form["StatusCallback"].removeprefix("http://localhost")
                base = {"CallSid": sid, "AccountSid": twilio.account_sid, "From": form["From"], "To": form["To"]}
                if form["To"] in busy_once:
                    busy_once.discard(form["To"])
                    transport.send(transport.absolute(status), {**base, "CallStatus": "busy"})
                    continue
                transport.send(transport.absolute(answer), {**base, "AnsweredBy": "human"})
                dial = answer.replace("/answer", "/dial")
                transport.send(transport.absolute(dial), {**base, "DialCallStatus": "completed"})
                transport.send(transport.absolute(status), {**base, "CallStatus": "completed", "CallDuration": "90"})
            with session_scope(db_url) as session:
                open_left = len(callbacks.open_callbacks(session))
            if not open_left:
                break
            if not placed:
                now += timedelta(minutes=11)  # waiting for retries: move the clock past the delay
            if rounds > 20 * args.callbacks:
                break
        elapsed = time.perf_counter() - began

        with session_scope(db_url) as session:
            rows = session.query(Callback).all()
            states = Counter(c.status for c in rows)
            attempts = {c.phone: c.attempts for c in rows}
            sids_per_callback = [len({a["call_sid"] for a in c.history}) for c in rows]
        calls_per_number = Counter(c.form["To"] for c in twilio.calls())
    doubled = sum(1 for phone, n in calls_per_number.items() if n != attempts.get(phone))
    report = {
        "callbacks": args.callbacks, "concurrent_ticks": args.ticks, "technical_agents": args.agents,
        "rounds": rounds, "seconds": round(elapsed, 2), "states": dict(states),
        "calls_create_requests": len(twilio.calls()), "attempts_recorded": sum(attempts.values()),
        "retries": sum(attempts.values()) - len(rows),
        "numbers_called_more_often_than_attempts": doubled,
        "attempts_without_their_own_call": sum(1 for c, n in zip(rows, sids_per_callback,
                                                                 strict=False) if n != c.attempts),
        "tick_errors": len(errors), "first_error": errors[0] if errors else None,
        "tick_ms": {"p50": round(percentile(tick_times, 50), 1), "p95": round(percentile(tick_times, 95), 1),
                    "max": round(max(tick_times), 1)},
    }
    print(json.dumps(report, indent=2))
    ok = (states.get("completed") == args.callbacks and doubled == 0 and not errors
          and len(twilio.calls()) == sum(attempts.values()))
    tmp.cleanup()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
