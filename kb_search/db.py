"""A database session for the knowledge base's own tables, when the app gives none.

The service passes its own session factory (handoff owns the engine and the
migrations); this fallback serves ``kb stats`` and tests run on their own.
"""
from __future__ import annotations

import os
import threading
from pathlib import Path

from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.orm import sessionmaker

from kb_search.store import KBBase

_factories: dict[str, sessionmaker] = {}
_lock = threading.Lock()


def default_database_url() -> str:
    """DATABASE_URL, else the service's default SQLite file under the data dir."""
    if os.environ.get("DATABASE_URL"):
        return os.environ["DATABASE_URL"]
    data_dir = os.environ.get("HELPDESK_DATA_DIR") or Path(__file__).resolve().parent.parent / "var"
    return f"sqlite:///{Path(data_dir) / 'helpdesk.db'}"


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


def create_tables(url: str) -> None:
    """Create the kb tables where no migration did (tests, a stand-alone ``kb``)."""
    KBBase.metadata.create_all(session_factory(url).kw["bind"])
