"""gunicorn settings of the support service (``gunicorn --config python:support_service.gunicorn_conf``).

Each worker logs JSON lines carrying the request id (support_service.observability);
gunicorn's own access log stays off, as the service writes one line per request itself.
"""
from support_service.observability import configure_logging


def post_worker_init(worker) -> None:
    configure_logging()
