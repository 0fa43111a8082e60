"""gunicorn settings of the support service (``gunicorn --config python:support_service.gunicorn_conf``).

Each worker logs JSON lines carrying the request id (support_service.observability);
gunicorn's own access log stays off, as the service writes one line per request itself.
The master loads the app and the triage model once, before it forks the workers
(``preload_app``): a start, or a restart under the supervisor, costs one loading
rather than one per worker, no customer waits for it, and a damaged model release
is reported at start, not at the first ticket.
"""
import logging

from support_service.observability import configure_logging

# Threads, so that a worker whose request waits for SQLite's write lock (its busy
# handler sleeps 1, 2, 5, 10 ms... rather than being woken) serves other requests
# meanwhile. bench/bench_ivr.py on the shared 2-core machine, load average ~5:
# 147-199 webhooks/s with sync workers, 265-356/s with 4 threads; alike when quiet.
threads = 4
preload_app = True


def on_starting(server) -> None:
    """In the master, after the app is loaded: the triage model and the help centre's
    sentence model (kb_search.meaning, 3-4 s to build), inherited by every worker."""
    configure_logging()
    from handoff.core.triage import current_model
    from helpdesk_settings.config import Settings
    from kb_search.meaning import model

    model()
    try:
        current_model(Settings.from_env().triage_model_dir)
    except Exception:  # the service still starts: tickets are then filed for review (handoff.core.triage)
        logging.getLogger("support_service").exception("no triage model can be loaded")


def post_worker_init(worker) -> None:
    configure_logging()
    from threadpoolctl import threadpool_limits

    from kb_search.meaning import encoder

    # One BLAS thread per request thread: the worker already runs requests on its threads, and
    # OpenBLAS's own threads, spinning for the same 2 cores, made small matrix products (the
    # triage model's, the similarities of a search by meaning) 5-10 times slower under load.
    threadpool_limits(1)
    # Each worker opens its own session on the master's model before its first request.
    encoder()
