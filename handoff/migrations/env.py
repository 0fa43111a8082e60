"""Alembic environment: the ticket store, its channels and the knowledge base's tables."""
from __future__ import annotations

from alembic import context

from handoff.core.db import all_metadata, make_engine

config = context.config
target_metadata = all_metadata()


def _url() -> str:
    url = config.get_main_option("sqlalchemy.url")
    if url:
        return url
    from helpdesk_settings.config import Settings

    return Settings.from_env().database_url


def run_migrations_offline() -> None:
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = make_engine(_url())
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copy
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
