"""Tickets API: POST /api/tickets with triage, latency and throughput against gunicorn.

    .venv/bin/python -m bench.bench_tickets                    # SQLite in a temp dir
    .venv/bin/python -m bench.bench_tickets --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test

Starts gunicorn on 127.0.0.1 (``support_service.app:create_app()``) on a fresh
database with the demo data, posts tickets without category/priority (so every
one is triaged) from training_data/test.jsonl, and reports:
  latency     one client, sequential requests: p50/p95/p99 in ms (target p95 <= 25 ms on SQLite)
  throughput  8 concurrent clients (keep-alive): tickets/s (target >= 150)
and checks afterwards that every ticket was stored once with a unique id.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from bench.common import children, cpu_seconds, percentile
from handoff.core.models import Ticket
from harness import botstack

ROOT = Path(__file__).resolve().parent.parent

TOKEN = "bench-service-token"
CUSTOMERS = ["maya.chen@brightline.example", "john.doe@company.com", "sofia.rossi@globex.example",
             "lena.fischer@northwind.example", "carlos.mendes@verity.example", "unknown.person@example.org"]


def bodies() -> list[dict]:
    records = [json.loads(line) for line in (ROOT / "training_data" / "test.jsonl").read_text().splitlines()]
    return [{"subject": r["subject"], "description": r["description"], "channel": r["channel"],
             "customer": {"email": CUSTOMERS[i % len(CUSTOMERS)]}} for i, r in enumerate(records)]


class Client:
    """One keep-alive HTTP connection (http.client: far less client CPU than requests)."""

    def __init__(self, url: str):
        parts = urlsplit(url)
        self.path = parts.path
        self.conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)

    def post(self, body: dict) -> float:
        payload = json.dumps(body).encode()
        start = time.perf_counter()
        self.conn.request("POST", self.path, body=payload, headers={
            "Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"})
        response = self.conn.getresponse()
        data = response.read()
        elapsed = time.perf_counter() - start
        if response.status != 201:
            raise RuntimeError(f"{response.status}: {data[:300]!r}")
        return elapsed

    def close(self) -> None:
        self.conn.close()


def latency(url: str, work: list[dict], n: int) -> dict:
    client = Client(url)
    times = [client.post(work[i % len(work)]) * 1000 for i in range(n)]
    client.close()
    return {"requests": n, "p50_ms": round(statistics.median(times), 1), "p95_ms": round(percentile(times, 95), 1),
            "p99_ms": round(percentile(times, 99), 1)}


def throughput(url: str, work: list[dict], clients: int, per_client: int) -> dict:
    errors: list[str] = []
    start_line = threading.Barrier(clients + 1)

    def client(k: int) -> None:
        conn = Client(url)
        start_line.wait()
        for i in range(per_client):
            try:
                conn.post(work[(k * per_client + i) % len(work)])
            except Exception as exc:  # counted and reported
                errors.append(str(exc))
                conn.close()
                conn = Client(url)
        conn.close()

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    start_line.wait()
    began = time.perf_counter()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - began
    done = clients * per_client - len(errors)
    return {"clients": clients, "tickets": done, "errors": len(errors), "seconds": round(elapsed, 2),
            "tickets_per_s": round(done / elapsed, 1), "first_error": errors[0] if errors else None}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", help="default: a fresh SQLite file in a temp dir")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--latency-requests", type=int, default=400)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--per-client", type=int, default=250)
    args = parser.parse_args(argv)

    tmp = tempfile.TemporaryDirectory(prefix="bench-tickets-")
    db_url = args.database_url or f"sqlite:///{tmp.name}/helpdesk.db"
    env = {**os.environ, "HELPDESK_SERVICE_TOKEN": TOKEN, "HELPDESK_DATA_DIR": tmp.name,
           "TRIAGE_MODEL_DIR": os.environ.get("TRIAGE_MODEL_DIR", str(ROOT / "var" / "models" / "triage"))}
    schema = None
    if make_url(db_url).get_backend_name() == "postgresql":
        # A schema of its own, dropped afterwards: the database may be shared (tests, other benches).
        schema = f"bench_tickets_{os.getpid()}"
        with create_engine(db_url).begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        db_url = make_url(db_url).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
            hide_password=False)
    engine = create_engine(db_url)
    env["DATABASE_URL"] = db_url
    subprocess.run([str(Path(sys.executable).with_name("handoff")), "seed-demo"], env=env, check=True, cwd=ROOT)

    stack = botstack.start_service(Path(tmp.name), db_url, env, threads=args.threads, workers=args.workers)
    url = f"{stack.service_url}/api/tickets"
    server_pids = [stack.popens[0].pid, *children(stack.popens[0].pid)]
    work = bodies()
    try:
        for _ in range(20 * args.workers):  # load the model in every worker
            warm = Client(url)
            warm.post(work[0])
            warm.close()
        lat = latency(url, work, args.latency_requests)
        server_before, client_before = cpu_seconds(server_pids), time.process_time()
        thr = throughput(url, work, args.clients, args.per_client)
        server_ms = (cpu_seconds(server_pids) - server_before) * 1000 / max(thr["tickets"], 1)
        client_ms = (time.process_time() - client_before) * 1000 / max(thr["tickets"], 1)
        thr["server_cpu_ms_per_ticket"] = round(server_ms, 2)
        thr["client_cpu_ms_per_ticket"] = round(client_ms, 2)
        # What two otherwise idle cores could sustain, clients included: the figure that the
        # wall-clock rate above approaches when nothing else runs on the machine.
        thr["cpu_bound_tickets_per_s_on_2_idle_cores"] = round(2000 / (server_ms + client_ms), 1)
    finally:
        stack.stop()

    with engine.connect() as conn:
        stored = conn.scalar(select(func.count()).select_from(Ticket))
        unique = conn.scalar(select(func.count(func.distinct(Ticket.id))))
    engine.dispose()
    if schema:
        with create_engine(args.database_url).begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    expected = 20 * args.workers + lat["requests"] + thr["tickets"]
    report = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "load_average_1m_at_end": round(os.getloadavg()[0], 1),
        "database": engine.dialect.name,
        "gunicorn": f"{args.workers} workers x {args.threads} threads",
        "latency_one_client": lat,
        "throughput": thr,
        "stored": stored,
        "all_stored_once": stored == unique == expected,
    }
    print(json.dumps(report, indent=2))
    return 0 if report["all_stored_once"] and not thr["errors"] else 1


if __name__ == "__main__":
    sys.exit(main())
