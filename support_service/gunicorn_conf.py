"""gunicorn settings of the support service (``gunicorn --config python:support_service.gunicorn_conf``).

Each worker logs JSON lines carrying the request id (support_service.observability);
gunicorn's own access log stays off, as the service writes one line per request itself.
Each worker loads the triage model as it starts, so that no customer waits for the
loading, and a damaged model release is reported at start, not at the first ticket.
"""
import logging

from support_service.observability import configure_logging

# Threads, so that a worker whose request waits for SQLite's write lock (its busy
# handler sleeps 1, 2, 5, 10 ms... rather than being woken) serves other requests
# meanwhile. bench/bench_ivr.py on the shared 2-core machine, load average ~5:
# 147-199 webhooks/s with sync workers, 265-356/s with 4 threads; alike when quiet.
threads = 4


def post_worker_init(worker) -> None:
    configure_logging()
    from handoff.triage import current_model
    from support_service.config import Settings

    try:
        current_model(Settings.from_env().triage_model_dir)
    except Exception:  # the service still starts: tickets are then filed for review (handoff.triage)
        logging.getLogger("support_service").exception("no triage model can be loaded")
