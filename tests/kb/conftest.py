"""Fixtures for the knowledge-base tests: a private copy of the articles and its index."""
from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

from kb_search.articles import ARTICLES_DIR
from kb_search.index import ensure_index


@pytest.fixture(scope="session")
def shipped_index(tmp_path_factory) -> Path:
    """An index of the shipped articles, built once for the session."""
    path = tmp_path_factory.mktemp("kb") / "index.sqlite"
    ensure_index(path, ARTICLES_DIR)
    return path


@pytest.fixture
def articles_copy(tmp_path) -> Path:
    """A writable copy of the shipped articles (for tests that edit them)."""
    target = tmp_path / "articles"
    shutil.copytree(ARTICLES_DIR, target)
    return target


@pytest.fixture
def kb_app(tmp_path, shipped_index):
    """A bare Flask app with only the kb blueprint, on its own SQLite file."""
    from flask import Flask

    from handoff.core.db import migrate
    from kb_search.web import create_blueprint

    url = f"sqlite:///{tmp_path / 'kb.db'}"
    migrate(url)
    app = Flask(__name__)
    app.config["SETTINGS"] = SimpleNamespace(database_url=url, kb_index_path=shipped_index)
    app.config["TESTING"] = True
    app.register_blueprint(create_blueprint())
    return app
