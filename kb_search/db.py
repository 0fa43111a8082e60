"""A database session for the knowledge base's own tables, when the app gives none.

The service passes its own session factory (handoff owns the engine and the
migrations); this fallback serves ``kb stats`` and tests run on their own. The tables
are made by the one migrations tree (``handoff migrate``), never here.
"""
from __future__ import annotations

import threading
from pathlib import Path

from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.orm import sessionmaker

from helpdesk_settings.config import Settings

_factories: dict[str, sessionmaker] = {}
_lock = threading.Lock()


def default_database_url() -> str:
    """The service's database (helpdesk_settings: DATABASE_URL, else SQLite under the data dir)."""
    return Settings.from_env().database_url


def session_factory(url: str) -> sessionmaker:
    """One sessionmaker per URL for the life of the process."""
    with _lock:
        if url not in _factories:
            _factories[url] = sessionmaker(bind=_engine(url), expire_on_commit=False)
        return _factories[url]


def _engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        return create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
    return create_engine(url, pool_pre_ping=True)
