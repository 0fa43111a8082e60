"""Phone line: webhook server time (with triage and ticket creation) and webhook throughput.

    .venv/bin/python -m bench.bench_ivr                 # SQLite in a temp dir
    .venv/bin/python -m bench.bench_ivr --calls 400 --clients 8

Whole calls are played by the simulator (``ivr simulate``'s engine: signed
webhooks, TwiML followed as Twilio would): menu choice, spoken description
(from training_data/test.jsonl), then queue, on-call or voicemail as the
caller's tier and the current time decide. Callers cycle over the demo
directory's tiers and an unknown number.

  server time  in process (the WSGI app, no network): ms per webhook, by step;
               the description step triages and creates the ticket
               (target p95 <= 50 ms on SQLite)
  throughput   gunicorn, 2 sync workers on 127.0.0.1, concurrent simulated callers:
               webhook requests/s (target >= 300, no errors)
and checks afterwards that every call made exactly one ticket.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from sqlalchemy import create_engine, func, select

from bench.common import children, cpu_seconds, percentile
from handoff.core.models import Ticket
from harness import botstack
from ivr.simulate import Simulator, Transport, http_transport

ROOT = Path(__file__).resolve().parent.parent

TOKEN = "bench-twilio-token"
CALLERS = ["+12025550101", "+13125550111", "+14155550121", "+13125550112", "+14155550123", "+15550100999"]


def descriptions() -> list[str]:
    records = [json.loads(line) for line in (ROOT / "training_data" / "test.jsonl").read_text().splitlines()]
    phone = [r["description"] for r in records if r.get("channel") == "phone"]
    return phone or [r["description"] for r in records]


def responder(description: str):
    """The caller's part, whatever path the call takes: key 2, the description, a voicemail."""

    def answer(prompt: str) -> str:
        if prompt.startswith("[voicemail"):
            return "record:please call me back"
        if prompt == "[dtmf/speech] ":
            return "2"
        if prompt == "[speech] ":
            return "say:" + description
        return "-"  # on hold: just wait

    return answer


def summary(times: list[float]) -> dict:
    return {"n": len(times), "p50_ms": round(percentile(times, 50), 2), "p95_ms": round(percentile(times, 95), 2),
            "p99_ms": round(percentile(times, 99), 2), "max_ms": round(max(times), 2)}


def server_time(db_url: str, calls: int, texts: list[str]) -> dict:
    """Per-webhook time inside the app (Flask test client, no sockets)."""
    from dataclasses import replace

    from helpdesk_settings.config import Settings
    from support_service.app import create_app

    app = create_app(replace(Settings.from_env(), database_url=db_url, twilio_auth_token=TOKEN))
    client = app.test_client()
    by_step: dict[str, list[float]] = defaultdict(list)

    def post(url: str, params: dict, headers: dict) -> tuple[int, str]:
        start = time.perf_counter()
        response = client.post(url, data=params, headers=headers)
        by_step[urlsplit(url).path].append((time.perf_counter() - start) * 1000)
        return response.status_code, response.get_data(as_text=True)

    transport = Transport("http://localhost", TOKEN, post)
    for i in range(calls):
        Simulator(transport, ask=responder(texts[i % len(texts)]), caller=CALLERS[i % len(CALLERS)]).run()
    everything = [t for times in by_step.values() for t in times]
    return {"all_webhooks": summary(everything), **{step: summary(times) for step, times in sorted(by_step.items())}}


def throughput(base_url: str, calls: int, clients: int, texts: list[str], offset: int,
               server_pids: list[int]) -> dict:
    """Concurrent simulated callers against gunicorn; every webhook counted and timed."""
    lock = threading.Lock()
    counts = {"requests": 0}
    times: list[float] = []
    errors: list[str] = []
    start_line = threading.Barrier(clients + 1)

    def caller(k: int) -> None:
        plain = http_transport(base_url, TOKEN)

        def post(url: str, params: dict, headers: dict) -> tuple[int, str]:
            start = time.perf_counter()
            status, body = plain._post(url, params, headers)
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                counts["requests"] += 1
                times.append(elapsed)
            return status, body

        transport = Transport(base_url, TOKEN, post)
        start_line.wait()
        for i in range(k, calls, clients):
            try:
                Simulator(transport, ask=responder(texts[(offset + i) % len(texts)]),
                          caller=CALLERS[i % len(CALLERS)]).run()
            except Exception as exc:  # counted and reported
                with lock:
                    errors.append(f"{type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=caller, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    start_line.wait()
    began, client_cpu, server_cpu = time.perf_counter(), time.process_time(), cpu_seconds(server_pids)
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - began
    client_cpu, server_cpu = time.process_time() - client_cpu, cpu_seconds(server_pids) - server_cpu
    n = max(counts["requests"], 1)
    return {"clients": clients, "calls": calls, "webhook_requests": counts["requests"], "errors": len(errors),
            "seconds": round(elapsed, 2), "requests_per_s": round(counts["requests"] / elapsed, 1),
            "calls_per_s": round(calls / elapsed, 1), "client_latency": summary(times) if times else None,
            # CPU per webhook: what the figure above would be on two otherwise idle cores follows from it.
            "server_cpu_ms_per_request": round(server_cpu * 1000 / n, 2),
            "simulator_cpu_ms_per_request": round(client_cpu * 1000 / n, 2),
            "first_error": errors[0] if errors else None}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", help="default: a fresh SQLite file in a temp dir")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=0, help="per worker (default: the production config's)")
    parser.add_argument("--latency-calls", type=int, default=200, help="calls played in process")
    parser.add_argument("--calls", type=int, default=400, help="calls played against gunicorn")
    parser.add_argument("--clients", type=int, default=8, help="concurrent callers against gunicorn")
    args = parser.parse_args(argv)

    tmp = tempfile.TemporaryDirectory(prefix="bench-ivr-")
    db_url = args.database_url or f"sqlite:///{tmp.name}/helpdesk.db"
    env = {**os.environ, "DATABASE_URL": db_url, "TWILIO_AUTH_TOKEN": TOKEN, "HELPDESK_DATA_DIR": tmp.name,
           "TRIAGE_MODEL_DIR": os.environ.get("TRIAGE_MODEL_DIR", str(ROOT / "var" / "models" / "triage"))}
    subprocess.run([str(Path(sys.executable).with_name("handoff")), "seed-demo"], env=env, check=True, cwd=ROOT,
                   stdout=sys.stderr)
    os.environ.update(env)
    texts = descriptions()

    server_time(db_url, 10, texts)  # warm-up: model loaded, caches filled
    latency = server_time(db_url, args.latency_calls, texts)

    # The production settings (helpdesk run's gunicorn config); its log goes to a file in the temp dir.
    stack = botstack.start_service(Path(tmp.name), db_url, env, threads=args.threads or None, workers=args.workers)
    base_url = stack.service_url
    try:
        server_pids = children(stack.popens[0].pid)
        throughput(base_url, 4 * args.workers, args.workers, texts, 0, server_pids)  # warm every worker
        load = throughput(base_url, args.calls, args.clients, texts, args.latency_calls, server_pids)
    finally:
        stack.stop()

    engine = create_engine(db_url)
    with engine.connect() as conn:
        tickets = conn.scalar(select(func.count()).select_from(Ticket))
        calls_with_ticket = conn.scalar(select(func.count(func.distinct(Ticket.call_sid))))
    engine.dispose()
    expected = 10 + args.latency_calls + 4 * args.workers + args.calls
    report = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "load_average_at_end": os.getloadavg(),
        # Hours decide the calls' paths (queue and hold, on-call, or voicemail).
        "new_york_time": datetime.now(ZoneInfo("America/New_York")).strftime("%a %H:%M"),
        "database": engine.dialect.name,
        "gunicorn": f"{args.workers} workers x {args.threads or 'configured'} threads on 127.0.0.1",
        "server_time_in_process": latency,
        "throughput": load,
        "tickets": tickets,
        "one_ticket_per_call": tickets == calls_with_ticket == expected,
    }
    print(json.dumps(report, indent=2))
    return 0 if report["one_ticket_per_call"] and not load["errors"] else 1


if __name__ == "__main__":
    sys.exit(main())
