"""Engines and sessions for the ticket store (SQLite by default, PostgreSQL by URL).

SQLite runs in WAL mode with a busy timeout, and every transaction starts with
``BEGIN IMMEDIATE``: a transaction that reads first and writes later would
otherwise fail with "database is locked" (no busy wait) whenever another writer
committed in between. Code that only reads, or reads a lot before a short write
(ticket creation), opens a read transaction with ``begin_read`` instead, which
takes no write lock.
"""
from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

SQLITE_BUSY_TIMEOUT_S = 30
_READ_ONLY = "handoff_read_only"

_engines: dict[str, Engine] = {}
_factories: dict[str, sessionmaker] = {}
_lock = threading.Lock()


class _SQLiteConnection(sqlite3.Connection):
    """A connection that gives back its engine's writer lock when its transaction ends.

    Threads of one process take turns for SQLite's write lock through a plain
    threading lock; without it they would poll SQLite's busy handler, which sleeps
    in steps of 1 to 100 ms and wastes most of the time the lock is free.
    """

    writer_lock: threading.Lock
    holds_writer_lock = False

    def release_writer_lock(self) -> None:
        if self.holds_writer_lock:
            self.holds_writer_lock = False
            self.writer_lock.release()

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self.release_writer_lock()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self.release_writer_lock()

    def close(self) -> None:
        self.release_writer_lock()
        super().close()


def _configure_sqlite(engine: Engine) -> None:
    writer_lock = threading.Lock()

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        # Take transaction control away from the driver so that we choose BEGIN IMMEDIATE.
        dbapi_conn.isolation_level = None
        dbapi_conn.writer_lock = writer_lock
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_S * 1000}")
        cur.execute("PRAGMA synchronous=NORMAL")  # durable in WAL mode up to the last checkpoint
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        if conn.get_execution_options().get(_READ_ONLY):
            conn.exec_driver_sql("BEGIN")
            return
        dbapi_conn = conn.connection.dbapi_connection
        # After the timeout go on regardless: SQLite's own busy timeout still applies.
        if dbapi_conn.writer_lock.acquire(timeout=SQLITE_BUSY_TIMEOUT_S):
            dbapi_conn.holds_writer_lock = True
        try:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            dbapi_conn.release_writer_lock()
            raise


def begin_read(session: Session) -> bool:
    """Start the session's next transaction as a read-only one, if none is open.

    On SQLite that is a plain (deferred) BEGIN, which waits for no writer; the caller
    must end it (commit) before writing. Returns whether it did so; on other
    databases it does nothing and returns False.
    """
    if session.in_transaction() or session.get_bind().dialect.name != "sqlite":
        return False
    session.connection(execution_options={_READ_ONLY: True})
    return True


def make_engine(url: str) -> Engine:
    """A new engine for ``url`` (SQLite gets WAL, busy timeout and immediate transactions)."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):  # plain URLs as hosting platforms hand them out
        parsed = parsed.set(drivername="postgresql+psycopg")
        url = parsed.render_as_string(hide_password=False)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        # The same pool as PostgreSQL's: SQLAlchemy's default (5 + 10) made a 16th thread (a worker
        # runs up to 16) wait, and time out after 30 s when the others held theirs that long.
        engine = create_engine(url, pool_size=10, max_overflow=20, connect_args={
            "timeout": SQLITE_BUSY_TIMEOUT_S, "check_same_thread": False, "factory": _SQLiteConnection})
        _configure_sqlite(engine)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


def get_engine(url: str) -> Engine:
    """The process-wide engine for ``url`` (created on first use)."""
    engine = _engines.get(url)
    if engine is None:
        with _lock:
            engine = _engines.get(url)
            if engine is None:
                engine = _engines[url] = make_engine(url)
    return engine


def session_factory(url: str) -> sessionmaker:
    factory = _factories.get(url)
    if factory is None:
        factory = _factories[url] = sessionmaker(bind=get_engine(url), expire_on_commit=False)
    return factory


@contextmanager
def session_scope(url: str) -> Iterator[Session]:
    """A session that commits on success and rolls back on error."""
    session = session_factory(url)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def dispose_engine(url: str) -> None:
    """Close every pooled connection to ``url`` and forget its engine (tests, forks)."""
    with _lock:
        _factories.pop(url, None)
        engine = _engines.pop(url, None)
    if engine is not None:
        engine.dispose()


def request_session() -> Session:
    """The session of the current Flask request, closed when the request ends."""
    from flask import current_app, g

    session = g.get("handoff_session")
    if session is None:
        url = current_app.config["SETTINGS"].database_url
        session = g.handoff_session = session_factory(url)()
    return session


def close_request_session(_exc=None) -> None:
    from flask import g

    session = g.pop("handoff_session", None)
    if session is not None:
        session.close()


def all_metadata() -> list:
    """The metadata of every table the migrations own: tickets, channels, phone, portal, agents' tools,
    knowledge base."""
    from handoff.agent_tools import (  # noqa: F401  (declare their tables on handoff.core.models.Base)
        models as agent_models,
    )
    from handoff.channels import (  # noqa: F401  (declare their tables on handoff.core.models.Base)
        models as channel_models,
    )
    from handoff.core.models import Base
    from handoff.outbound import (  # noqa: F401  (declare their tables on handoff.core.models.Base)
        models as phone_models,
    )
    from handoff.portal import models as portal_models  # noqa: F401  (declare their tables on handoff.core.models.Base)
    from kb_search.store import KBBase

    return [Base.metadata, KBBase.metadata]


def migrate(url: str, revision: str = "head") -> None:
    """Bring the database at ``url`` up to ``revision`` with Alembic (idempotent)."""
    from alembic import command

    command.upgrade(alembic_config(url), revision)


def alembic_config(url: str):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).parent.parent / "migrations"))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg
