"""The index is built atomically, rebuilt when articles change, never read half-built."""
from __future__ import annotations

import os
import sqlite3

import pytest

from kb_search.articles import ArticleError
from kb_search.index import build_index, ensure_index, read_meta
from kb_search.search import Searcher


def test_build_then_skip_when_nothing_changed(tmp_path, articles_copy):
    index = tmp_path / "index.sqlite"
    first = ensure_index(index, articles_copy)
    assert first.rebuilt and first.articles >= 62
    second = ensure_index(index, articles_copy)
    assert not second.rebuilt
    assert read_meta(index)["source_hash"]
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".tmp"] == []


def test_edited_article_is_searchable_without_a_manual_rebuild(tmp_path, articles_copy):
    index = tmp_path / "index.sqlite"
    ensure_index(index, articles_copy)
    searcher = Searcher(index)
    assert searcher.search("zanzibarquokka") == []
    page = articles_copy / "troubleshooting" / "upload-stalls.md"
    page.write_text(page.read_text() + "\nIf you upload from Zanzibarquokka island, use a wired link.\n")
    hits = searcher.search("zanzibarquokka")
    assert [h.id for h in hits] == ["troubleshooting/upload-stalls"]


def test_a_broken_article_leaves_the_old_index_in_service(tmp_path, articles_copy):
    index = tmp_path / "index.sqlite"
    ensure_index(index, articles_copy)
    before = read_meta(index)["source_hash"]
    (articles_copy / "troubleshooting" / "broken.md").write_text("no front matter here\n")
    with pytest.raises(ArticleError, match="broken.md"):
        ensure_index(index, articles_copy)
    assert read_meta(index)["source_hash"] == before
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_failed_build_removes_its_temporary_file_and_keeps_the_old_index(tmp_path, articles_copy):
    index = tmp_path / "index.sqlite"
    ensure_index(index, articles_copy)

    def exploding_articles():
        raise RuntimeError("disk full")
        yield  # pragma: no cover

    with pytest.raises(RuntimeError):
        build_index(index, exploding_articles())
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["index.sqlite"]
    assert Searcher(index).search("upload")


def test_open_searcher_switches_to_a_replaced_index(tmp_path, articles_copy):
    index = tmp_path / "index.sqlite"
    ensure_index(index, articles_copy)
    searcher = Searcher(index, watch=False)
    assert searcher.search("upload")
    from kb_search.articles import Article

    build_index(index, [Article(id="misc/only", title="Only article", section="misc", tags=("x",),
                                updated="2026-01-01", related=(), group=None, body="Upload help")])
    os.utime(index, ns=(1, 1))  # a different mtime even on coarse clocks
    assert [h.id for h in searcher.search("upload")] == ["misc/only"]


def test_index_is_an_fts5_table_with_porter_stemming(tmp_path, articles_copy):
    index = tmp_path / "index.sqlite"
    ensure_index(index, articles_copy)
    sql = sqlite3.connect(index).execute("SELECT sql FROM sqlite_master WHERE name = 'doc'").fetchone()[0]
    assert "fts5" in sql and "porter" in sql
    assert Searcher(index).search("uploading")[0].id  # stem of "upload"


def test_a_broken_edit_keeps_search_answering_from_the_last_good_index(tmp_path, articles_copy, caplog):
    index = tmp_path / "index.sqlite"
    ensure_index(index, articles_copy)
    searcher = Searcher(index)
    assert searcher.search("compress video")[0].id == "troubleshooting/compressing-a-video"
    page = articles_copy / "troubleshooting" / "compressing-a-video.md"
    page.write_text(page.read_text().replace("section: troubleshooting\n", ""))
    assert searcher.search("compress video")[0].id == "troubleshooting/compressing-a-video"
    assert "still serving the previous index" in caplog.text and "compressing-a-video.md" in caplog.text
