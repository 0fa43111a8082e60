"""The Alembic migrations build exactly the tables the models declare, on both databases."""
from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import MetaData, inspect

from handoff.core.db import all_metadata, dispose_engine, get_engine, migrate


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_migrations_match_the_models(backend, request, tmp_path):
    url = f"sqlite:///{tmp_path / 'migrated.db'}" if backend == "sqlite" else request.getfixturevalue("pg_schema")
    combined = MetaData()
    for metadata in all_metadata():
        for table in metadata.tables.values():
            table.to_metadata(combined)
    migrate(url)
    migrate(url)  # a second run is a no-op
    engine = get_engine(url)
    assert {"ticket", "ticket_counter", "kb_feedback", "live_chat"} <= set(inspect(engine).get_table_names())
    with engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), combined)
    dispose_engine(url)
    assert diffs == [], f"models and migrations differ: {diffs}"


def test_migration_keeps_kb_tables_that_kb_search_created_first(tmp_path):
    from kb_search.store import KBBase

    url = f"sqlite:///{tmp_path / 'kb-first.db'}"
    KBBase.metadata.create_all(get_engine(url))
    migrate(url)
    assert {"ticket", "kb_view"} <= set(inspect(get_engine(url)).get_table_names())
    dispose_engine(url)
