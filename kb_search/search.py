"""Ranked search over the index: BM25 with column weights, typo fixes and synonyms."""
from __future__ import annotations

import html
import logging
import os
import sqlite3
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from kb_search.articles import ARTICLES_DIR, ArticleError, source_signature
from kb_search.index import MIN_CORRECTABLE, default_index_path, ensure_index, read_meta
from kb_search.meaning import vector
from kb_search.query import STOPWORDS, SYNONYMS_PATH, QueryPlan, Synonyms, plan_query, quote
from kb_search.text import deletes, edit_distance

log = logging.getLogger(__name__)
_MARK_OPEN, _MARK_CLOSE = "\x02", "\x03"
# Longer words are not misspellings worth the lookup cost.
MAX_CORRECTABLE = 20
# Ranking by meaning reads at most this many words of a query: a chat message's worth. The
# cost grows with the length, and the search is public.
MEANING_WORDS = 60


@dataclass(frozen=True)
class Hit:
    id: str
    title: str
    score: float
    snippet: str  # HTML-escaped text, matches wrapped in <mark>
    url: str
    #: Cosine similarity of the query's and the article's meaning, when ranked by meaning.
    similarity: float | None = None

    def as_dict(self) -> dict:
        found = {"id": self.id, "title": self.title, "score": self.score, "snippet": self.snippet, "url": self.url}
        return found if self.similarity is None else found | {"similarity": self.similarity}


@dataclass(frozen=True)
class SearchConfig:
    """How queries are ranked; ``plain()`` is the baseline the benchmark compares with."""

    #: bm25() weights of the title, tags, body and asked-as (customers' own words) columns.
    weights: tuple[float, float, float, float] = (6.0, 3.0, 1.0, 1.0)
    synonyms_path: Path | None = SYNONYMS_PATH
    typos: bool = True
    stopwords: frozenset[str] = field(default=STOPWORDS)
    #: Also search neighbouring query words as phrases.
    phrases: bool = True
    #: Ranking by meaning (``search(meaning=True)``): an article's rank is this share of its
    #: similarity to the query plus the rest of its BM25 score over the best one's.
    meaning_weight: float = 0.7

    @classmethod
    def plain(cls) -> SearchConfig:
        return cls(weights=(1.0, 1.0, 1.0, 1.0), synonyms_path=None, typos=False, stopwords=frozenset(), phrases=False)


class Searcher:
    """Searches one index file; rebuilds and reopens it when its articles change.

    ``check_interval`` seconds between checks of the article files (0: before
    every search: one directory walk and a stat per article file).
    """

    def __init__(self, index_path: Path | None = None, config: SearchConfig | None = None,
                 watch: bool = True, check_interval: float = 0.0):
        self.index_path = Path(index_path or default_index_path())
        self.config = config or SearchConfig()
        self.watch = watch
        self.check_interval = check_interval
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = None
        self._opened: tuple[int, int] | None = None
        self._titles: dict[int, tuple[str, str]] = {}
        self._vector_rows: list[int] = []
        self._vectors: np.ndarray | None = None
        self._asked: np.ndarray | None = None  # vectors of the articles' asked-as messages
        self._asked_starts = self._asked_places = np.zeros(0, dtype=np.int64)
        self._common_df = 0
        self._source_dir: Path | None = None
        self._signature: tuple | None = None
        self._checked_at = float("-inf")
        self._synonyms: Synonyms | None = None
        self._synonyms_mtime: int | None = None

    # -- keeping the index fresh -------------------------------------------------
    def _refresh(self) -> None:
        now = time.monotonic()
        if self._conn is not None and now - self._checked_at < self.check_interval:
            return
        self._checked_at = now
        if not self.index_path.exists():
            ensure_index(self.index_path, ARTICLES_DIR)
        if self.watch:
            source = self._source_dir or _source_dir(self.index_path)
            if source is not None and source.is_dir():
                signature = source_signature(source)
                if signature != self._signature:
                    self._rebuild(source)
                    self._signature = signature
        stat = os.stat(self.index_path)
        if (stat.st_ino, stat.st_mtime_ns) != self._opened:
            self._open(stat)
        self._refresh_synonyms()

    def _rebuild(self, source: Path) -> None:
        try:
            ensure_index(self.index_path, source)
        except ArticleError:
            # A half-edited article must not take the help centre down: readers keep
            # the last complete index, the error goes to the log (and `kb build` fails).
            log.exception("kb: articles in %s have problems; still serving the previous index", source)

    def _open(self, stat: os.stat_result) -> None:
        # immutable=1: the file under this name is only ever replaced whole, never
        # written in place, so SQLite may skip locking; a replacement is reopened.
        conn = sqlite3.connect(f"file:{self.index_path}?mode=ro&immutable=1", uri=True,
                               check_same_thread=False)
        titles = {rowid: (aid, title) for rowid, aid, title in conn.execute("SELECT rowid, id, title FROM article")}
        meta = dict(conn.execute("SELECT key, value FROM meta"))
        stored = conn.execute("SELECT rowid, vector FROM article_vector ORDER BY rowid").fetchall()
        self._vector_rows = [rowid for rowid, _ in stored]
        self._vectors = np.stack([np.frombuffer(blob, dtype=np.float32) for _, blob in stored]) if stored else None
        asked = conn.execute("SELECT article, vector FROM asked_vector ORDER BY article").fetchall()
        self._asked = np.stack([np.frombuffer(blob, dtype=np.float32) for _, blob in asked]) if asked else None
        owners = np.array([rowid for rowid, _ in asked], dtype=np.int64)
        # Each article's asked-as vectors are one run of rows: where the runs start, and the
        # article's place among the article vectors.
        self._asked_starts = np.flatnonzero(np.r_[True, owners[1:] != owners[:-1]]) if asked else owners
        place = {rowid: i for i, rowid in enumerate(self._vector_rows)}
        self._asked_places = np.array([place[rowid] for rowid in owners[self._asked_starts]], dtype=np.int64)
        if self._conn is not None:
            self._conn.close()
        self._conn, self._titles, self._opened = conn, titles, (stat.st_ino, stat.st_mtime_ns)
        self._source_dir = Path(meta["source_dir"]) if meta.get("source_dir") else None
        # A word matching more rows than this is in over half of them: its IDF is ~0.
        self._common_df = int(meta.get("fts_rows", len(titles))) // 2

    def _refresh_synonyms(self) -> None:
        path = self.config.synonyms_path
        if path is None:
            return
        mtime = os.stat(path).st_mtime_ns
        if mtime != self._synonyms_mtime:
            self._synonyms, self._synonyms_mtime = Synonyms.load(path), mtime

    # -- query terms ------------------------------------------------------------
    def _known(self, word: str) -> bool:
        assert self._conn is not None
        if self._conn.execute("SELECT 1 FROM term WHERE term = ?", (word,)).fetchone():
            return True
        # Not written this way in any article, but maybe the same stem ("uploading").
        return self._conn.execute("SELECT 1 FROM doc WHERE doc MATCH ? LIMIT 1", (quote(word),)).fetchone() is not None

    def _correct(self, word: str) -> str | None:
        """The indexed word closest to an unknown one (edit distance 1, 2 for long words)."""
        if not MIN_CORRECTABLE <= len(word) <= MAX_CORRECTABLE or word.isdigit():
            return None
        assert self._conn is not None
        keys = sorted(deletes(word) | {word})
        marks = ",".join("?" * len(keys))
        rows = self._conn.execute(
            f"SELECT DISTINCT t.term, t.df FROM term_key k JOIN term t ON t.term = k.term WHERE k.key IN ({marks})",
            keys,
        ).fetchall()
        limit = 1 if len(word) <= 5 else 2
        best = None
        for term, df in rows:
            if len(word) <= 5 and len(term) == len(word) and sorted(term) != sorted(word):
                # One letter swapped for another turns short real words into other
                # real words ("town" -> "down", "five" -> "file"): short words are only
                # corrected for a missing, extra or swapped-over letter.
                continue
            distance = edit_distance(word, term, limit)
            if distance <= limit and (best is None or (distance, -df) < best[0]):
                best = ((distance, -df), term)
        return best[1] if best else None

    def _matchable(self, plan: QueryPlan) -> str:
        """The FTS5 query without words found in over half the rows.

        bm25() scores every matching row, and gives a word in over half the rows
        an IDF of about zero (1e-6): such a word cannot change the order of rows
        that match another word, but would make FTS5 score nearly every row. The
        ranking stays exactly the same. When every word is that common, the
        rarest stays. A phrase costs a walk through its words' positions, so it
        stays only when one of its words is in at most a tenth of the rows
        (always true for the shipped help centre).
        """
        assert self._conn is not None
        words = sorted(set(plan.terms) | {w for phrase in plan.phrases for w in phrase.split()})
        marks = ",".join("?" * len(words))
        df = dict(self._conn.execute(f"SELECT term, df FROM term WHERE term IN ({marks})", words))
        common = {w for w in words if df.get(w, 0) > self._common_df}
        kept = [t for t in plan.terms if t not in common] or [min(plan.terms, key=lambda t: df.get(t, 0))]
        phrases = [p for p in plan.phrases if min(df.get(w, 0) for w in p.split()) <= self._common_df // 5]
        return QueryPlan(terms=kept, phrases=phrases).fts_query()

    def plan(self, query: str) -> QueryPlan:
        with self._lock:
            self._refresh()
            return self._plan(query)

    def _plan(self, query: str) -> QueryPlan:
        return plan_query(query, self._known, self._correct if self.config.typos else None,
                          self._synonyms if self.config.synonyms_path else None, self.config.stopwords,
                          self.config.phrases)

    # -- searching ---------------------------------------------------------------
    def search(self, query: str, top: int = 5, meaning: bool = False) -> list[Hit]:
        """Best articles first; [] when the query has no searchable word.

        ``meaning``: rank by BM25 and by meaning together (``SearchConfig.meaning_weight``).
        It finds the article a long, chatty message is about when a common word outweighs
        the telling one, at about 3 ms of CPU for a new chat message (BM25 alone: under 1 ms).
        Each hit's ``score`` stays its BM25 score.
        """
        if top < 1:
            return []
        plan = self.plan(query)
        if not plan.terms:
            return []
        # Outside the lock, and only when it will be used: the other threads' searches need not
        # wait for this one's encoding, and a query of stop words costs nothing.
        by_meaning = meaning and self.config.meaning_weight > 0 and self._vectors is not None
        wanted = vector(" ".join(query.split()[:MEANING_WORDS])) if by_meaning else None
        with self._lock:
            assert self._conn is not None
            match = self._matchable(plan)
            w_title, w_tags, w_body, w_asked = self.config.weights
            by_meaning = wanted is not None and self._vectors is not None
            ranked = [(rowid, -rank) for rowid, rank in self._conn.execute(
                "SELECT rowid, bm25(doc, ?, ?, ?, ?) AS rank FROM doc WHERE doc MATCH ? ORDER BY rank LIMIT ?",
                (w_title, w_tags, w_body, w_asked, match, -1 if by_meaning else top),
            )]
            similarity = None
            if by_meaning:
                similarity = self._similarity(wanted)
                ranked = self._blend(ranked, similarity)[:top]
            if not ranked:
                return []
            # Snippets only for the rows shown: computing them for every match costs more than ranking.
            marks = ",".join("?" * len(ranked))
            snippets = dict(self._conn.execute(
                f"SELECT rowid, snippet(doc, 2, ?, ?, '…', 14) FROM doc WHERE doc MATCH ? AND rowid IN ({marks})",
                (_MARK_OPEN, _MARK_CLOSE, match, *(rowid for rowid, _ in ranked)),
            ).fetchall())
            hits = []
            for rowid, score in ranked:
                article_id, title = self._titles[rowid]
                hits.append(Hit(id=article_id, title=title, score=round(score, 4),
                                snippet=_highlight(snippets.get(rowid, "")), url=f"/help/{article_id}",
                                similarity=round(similarity[rowid], 4) if similarity else None))
            return hits

    def _similarity(self, wanted: np.ndarray) -> dict[int, float]:
        """Article rowid -> how close its meaning is to the query's: the mean of its own
        vector's cosine and its closest asked-as message's (when it has any). The opening
        of an article says what it is about; the customers' words say how they ask for it
        ("is this email really from you?" for the phishing section of a checklist)."""
        similarity = self._vectors @ wanted
        if self._asked is not None:
            nearest = np.maximum.reduceat(self._asked @ wanted, self._asked_starts)
            similarity[self._asked_places] = (similarity[self._asked_places] + nearest) / 2
        return dict(zip(self._vector_rows, similarity.tolist(), strict=True))

    def _blend(self, ranked: list[tuple[int, float]], similarity: dict[int, float]) -> list[tuple[int, float]]:
        """Every article, BM25 matches or not, by weight x similarity + the rest x BM25 / best BM25."""
        weight = self.config.meaning_weight
        bm25 = dict(ranked)
        best = max(bm25.values(), default=0.0) or 1.0
        rank = {rowid: weight * near + (1 - weight) * bm25.get(rowid, 0.0) / best
                for rowid, near in similarity.items()}
        return [(rowid, bm25.get(rowid, 0.0)) for rowid in sorted(rank, key=rank.__getitem__, reverse=True)]


def _source_dir(index_path: Path) -> Path | None:
    source = read_meta(index_path).get("source_dir")
    return Path(source) if source else None


def _highlight(snippet: str) -> str:
    escaped = html.escape(" ".join(snippet.split()))
    return escaped.replace(_MARK_OPEN, "<mark>").replace(_MARK_CLOSE, "</mark>")


_searchers: dict[Path, Searcher] = {}
_searchers_lock = threading.Lock()


def searcher_for(index_path: Path | None = None) -> Searcher:
    """One shared Searcher per index file (default: KB_INDEX_PATH or var/kb/index.sqlite)."""
    path = Path(index_path or default_index_path()).resolve()
    with _searchers_lock:
        if path not in _searchers:
            _searchers[path] = Searcher(path)
        return _searchers[path]


def search(query: str, top: int = 5, index_path: Path | None = None, meaning: bool = False) -> list[Hit]:
    """Search the help centre; the index is built or rebuilt first when needed."""
    return searcher_for(index_path).search(query, top, meaning)
