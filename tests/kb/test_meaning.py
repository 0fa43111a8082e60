"""Ranking by meaning: the 8-bit encoder, the vectors in the index, the blended ranking."""
from __future__ import annotations

import importlib
import json
from pathlib import Path

import numpy as np
import pytest

from kb_search import meaning
from kb_search.articles import load_articles
from kb_search.index import build_index, ensure_index
from kb_search.search import Searcher

REFERENCE = Path(__file__).resolve().parent / "data" / "minilm_reference.json"


def _reference() -> tuple[list[str], np.ndarray]:
    reference = json.loads(REFERENCE.read_text())
    return reference["texts"], np.array(reference["vectors"], dtype=np.float32)


def test_the_graph_computes_what_sentence_transformers_computes():
    """The same model run by sentence-transformers on torch gave these (tests/kb/data); a mistake
    in any layer, the pooling, the truncation or the tokenizer moves them far from them. In 32
    bits the graph agrees to the float."""
    texts, expected = _reference()
    full_precision = meaning.SentenceEncoder(meaning.bert_graph(meaning.model_dir()).SerializeToString())
    mine = full_precision.encode(texts)
    assert mine.shape == expected.shape == (len(texts), 384)
    assert np.abs(mine - expected).max() < 1e-5


def test_the_8_bit_model_keeps_the_meaning():
    """8-bit weights move each vector a little (cosine 0.98-0.996 here), never far: the order of
    the help centre's articles for held-out questions is unchanged (bench/bench_kb.py)."""
    texts, expected = _reference()
    mine = meaning.encoder().encode(texts)
    assert mine.shape == expected.shape
    assert (mine * expected).sum(axis=1).min() > 0.97
    assert np.allclose(np.linalg.norm(mine, axis=1), 1.0, atol=1e-5)
    assert meaning.encoder().encode([]).shape == (0, 384)


def test_a_search_of_stop_words_encodes_nothing(shipped_index, monkeypatch):
    encoded = []
    # The module, not the package's search() function of the same name.
    monkeypatch.setattr(importlib.import_module("kb_search.search"), "vector", encoded.append)
    assert Searcher(shipped_index).search("how do i the", meaning=True) == []
    assert encoded == []


def test_meaning_finds_the_article_a_chatty_message_is_about(shipped_index):
    searcher = Searcher(shipped_index)
    message = "check the status of my ticket"  # by words alone, the status page article ("status") comes first
    by_words = [hit.id for hit in searcher.search(message, top=3)]
    by_meaning = searcher.search(message, top=3, meaning=True)
    assert by_words[0] != "contact-support/tracking-a-ticket"
    assert by_meaning[0].id == "contact-support/tracking-a-ticket"
    assert by_meaning[0].similarity > by_meaning[1].similarity
    # The score stays BM25's, so callers' thresholds keep their meaning.
    assert all(hit.score >= 0 for hit in by_meaning)


def test_a_clear_query_keeps_its_article_first_and_hits_carry_their_similarity(shipped_index):
    searcher = Searcher(shipped_index)
    by_words = searcher.search("reset password", top=3)
    by_meaning = searcher.search("reset password", top=3, meaning=True)
    assert by_meaning[0].id == by_words[0].id == "troubleshooting/resetting-your-password"
    assert by_words[0].similarity is None and "similarity" not in by_words[0].as_dict()
    assert 0 < by_meaning[0].as_dict()["similarity"] <= 1


def test_an_index_without_vectors_ranks_by_words(tmp_path):
    path = tmp_path / "index.sqlite"
    build_index(path, load_articles(), vectors=False)
    searcher = Searcher(path, watch=False)
    assert searcher.search("reset password", meaning=True) == searcher.search("reset password")


def test_a_rebuild_encodes_only_the_articles_that_changed(articles_copy, tmp_path, monkeypatch):
    path = tmp_path / "index.sqlite"
    ensure_index(path, articles_copy)
    encoded = []
    real = meaning.vector.__wrapped__
    monkeypatch.setattr(meaning, "vector", lambda text: encoded.append(text) or real(text))
    edited = articles_copy / "troubleshooting" / "resetting-your-password.md"
    edited.write_text(edited.read_text().replace("# Resetting Your Password", "# Resetting Your Password\n\nQuick.", 1))
    result = ensure_index(path, articles_copy)
    assert result.rebuilt and len(encoded) == 1 and encoded[0].startswith("Resetting Your Password")


@pytest.mark.parametrize("rank", ["meaning", "words"])
def test_search_api_ranks_by_meaning_on_request(kb_app, rank):
    client = kb_app.test_client()
    body = client.get("/api/kb/search", query_string={
        "q": "share an analysis with my boss", "rank": rank}).get_json()
    first = body["results"][0]
    assert (first["id"] == "core-features/generating-reports") == (rank == "meaning")
    assert ("similarity" in first) == (rank == "meaning")


def test_search_api_refuses_an_unknown_ranking(kb_app):
    response = kb_app.test_client().get("/api/kb/search", query_string={"q": "upload", "rank": "magic"})
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "invalid_rank"



def test_customers_words_bring_an_article_closer_in_meaning(tmp_path):
    """An article's similarity is the mean of its opening's and its closest asked-as message's:
    the checklist whose opening is about MFA and roles is what a phishing question needs."""
    from dataclasses import replace

    from kb_search.articles import Article

    common = dict(section="misc", updated="2026-01-01", related=(), group=None)
    checklist = Article(id="misc/checklist", title="Security Checklist", tags=("hardening",), **common,
                        body="Require MFA for every user and give people the lowest role they need.",
                        asked_as=("is this email really from you? it wants me to verify my login on a link",))
    reset = Article(id="misc/reset", title="Resetting Your Password", tags=("forgot password",), **common,
                    body="Click Forgot password on the sign-in page and follow the link in the email.")
    question = "got a mail that says my account gets closed unless i re-enter my password on some link. is it you?"
    similarity = {}
    for name, articles in {"asked": [checklist, reset], "not asked": [replace(checklist, asked_as=()), reset]}.items():
        path = tmp_path / f"{name}.sqlite"
        build_index(path, articles)
        hits = Searcher(path, watch=False).search(question, meaning=True)
        similarity[name] = {hit.id: hit.similarity for hit in hits}
    assert similarity["asked"]["misc/checklist"] > similarity["not asked"]["misc/checklist"] + 0.1
    assert similarity["asked"]["misc/reset"] == similarity["not asked"]["misc/reset"]
