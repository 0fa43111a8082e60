"""Building the search index: one SQLite file with an FTS5 table.

The file is written under a temporary name and moved into place with
os.replace, so a reader sees either the old complete index or the new one,
never a half-built file. The index records the hash of the articles it was
built from; ``ensure_index`` rebuilds only when that hash changed.
"""
from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import tempfile
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from helpdesk_settings.config import Settings
from kb_search import meaning
from kb_search.articles import ARTICLES_DIR, Article, content_hash, load_articles, plain_text
from kb_search.text import deletes, tokenize

SCHEMA_VERSION = "12"
# Words shorter than this are not typo-corrected, so they need no lookup keys.
MIN_CORRECTABLE = 4
# BM25 gives a word found in half the documents or more an IDF of zero: in a small,
# single-topic help centre "upload" or "video" would then count for nothing even
# in a title. Blank filler rows (of average length, made of a character no query
# can contain) raise the document count to at least this, which smooths the IDF
# so common words keep a small weight and rare words still weigh most.
IDF_MIN_DOCUMENTS = 1000
_FILLER = "\ue000"  # private-use: FTS5 indexes it, the query tokenizer never produces it
# An article's vector reads its title, tags and the start of its body: the opening says what the
# article is about, and the model reads at most 256 tokens anyway.
VECTOR_BODY_CHARS = 600

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE article (rowid INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL, title TEXT NOT NULL,
                      section TEXT NOT NULL);
CREATE VIRTUAL TABLE doc USING fts5(title, tags, body, asked,
                      tokenize = 'porter unicode61 remove_diacritics 2');
-- df: rows matching the word as FTS5 searches it (by its stem)
CREATE TABLE term (term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE term_key (key TEXT NOT NULL, term TEXT NOT NULL);
-- the article's sentence vector (kb_search.meaning), float32 bytes, and a hash of the text it
-- was computed from (a rebuild reuses it); no rows when built without vectors
CREATE TABLE article_vector (rowid INTEGER PRIMARY KEY, text_hash TEXT NOT NULL, vector BLOB NOT NULL);
-- one vector per message of the article's asked_as (customers' own words), the same way
CREATE TABLE asked_vector (article INTEGER NOT NULL, text_hash TEXT NOT NULL, vector BLOB NOT NULL);
"""


@dataclass(frozen=True)
class BuildResult:
    path: Path
    articles: int
    terms: int
    seconds: float
    rebuilt: bool


def default_index_path() -> Path:
    """The service's index (helpdesk_settings: KB_INDEX_PATH, else <data dir>/kb/index.sqlite)."""
    return Settings.from_env().kb_index_path


def read_meta(index_path: Path) -> dict[str, str]:
    """The index's meta table, or {} when there is no readable index."""
    return _read_pairs(index_path, "SELECT key, value FROM meta")


def _read_pairs(index_path: Path, query: str) -> dict:
    """The (key, value) rows of ``query`` on the index, or {} when there is no readable index
    or it has no such table (an older schema)."""
    try:
        conn = sqlite3.connect(f"file:{index_path}?mode=ro", uri=True)
    except sqlite3.Error:
        return {}
    try:
        return dict(conn.execute(query))
    except sqlite3.Error:
        return {}
    finally:
        conn.close()


def ensure_index(index_path: Path | None = None, articles_dir: Path = ARTICLES_DIR) -> BuildResult:
    """Build the index unless it already matches the articles."""
    index_path = Path(index_path or default_index_path())
    source_hash = content_hash(articles_dir)
    meta = read_meta(index_path)
    if meta.get("source_hash") == source_hash and meta.get("schema") == SCHEMA_VERSION:
        return BuildResult(index_path, int(meta["articles"]), int(meta["terms"]), 0.0, rebuilt=False)
    return build_index(index_path, load_articles(articles_dir), source_hash, articles_dir)


def build_index(index_path: Path, articles: Iterable[Article], source_hash: str = "",
                source_dir: Path | None = None, idf_min_documents: int = IDF_MIN_DOCUMENTS,
                vectors: bool = True) -> BuildResult:
    """Write a fresh index for these articles and swap it into place atomically.

    ``vectors``: also store each article's sentence vector for ranking by meaning
    (about 0.1 s per article on one core; a rebuild takes the unchanged ones from the
    index it replaces).
    """
    started = time.perf_counter()
    index_path = Path(index_path)
    index_path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{index_path.name}.", suffix=".tmp", dir=index_path.parent)
    os.close(fd)
    try:
        conn = sqlite3.connect(tmp_name)
        try:
            reusable = _stored_vectors(index_path) if vectors else None
            count, terms = _fill(conn, articles, source_hash, source_dir, idf_min_documents, reusable)
            conn.commit()
        finally:
            conn.close()
        os.replace(tmp_name, index_path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return BuildResult(index_path, count, terms, time.perf_counter() - started, rebuilt=True)


def _fill(conn: sqlite3.Connection, articles: Iterable[Article], source_hash: str,
          source_dir: Path | None, idf_min_documents: int,
          reusable: dict[str, bytes] | None) -> tuple[int, int]:
    """The index's tables; article vectors too unless ``reusable`` (those of the index being
    replaced, by text hash) is None."""
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    conn.executescript(_SCHEMA)
    document_frequency: Counter[str] = Counter()
    rows, docs, asked_as = [], [], {}
    for rowid, article in enumerate(articles, 1):
        tags = " ; ".join(article.tags)
        # The "# Title" heading is the title column already: counted twice it would skew ranking.
        body = plain_text(re.sub(r"\A#\s[^\n]*\n", "", article.body))
        rows.append((rowid, article.id, article.title, article.section))
        asked_as[rowid] = article.asked_as
        asked = " ; ".join(article.asked_as)
        docs.append((rowid, article.title, tags, body, asked))
        document_frequency.update(set(tokenize(f"{article.title} {tags} {body} {asked}")))
    conn.executemany("INSERT INTO article (rowid, id, title, section) VALUES (?, ?, ?, ?)", rows)
    conn.executemany("INSERT INTO doc (rowid, title, tags, body, asked) VALUES (?, ?, ?, ?, ?)", docs)
    if reusable is not None:
        _add_vectors(conn, docs, asked_as, reusable)
    filler = max(0, idf_min_documents - len(docs)) if docs else 0
    _add_filler(conn, docs, filler)
    conn.execute("INSERT INTO doc (doc) VALUES ('optimize')")
    _fill_terms(conn, document_frequency)
    conn.executemany(
        "INSERT INTO term_key (key, term) VALUES (?, ?)",
        ((key, term) for term in document_frequency if len(term) >= MIN_CORRECTABLE and not term.isdigit()
         for key in deletes(term) | {term}),
    )
    conn.execute("CREATE INDEX term_key_key ON term_key (key)")
    meta = {"schema": SCHEMA_VERSION, "source_hash": source_hash, "articles": str(len(rows)),
            "terms": str(len(document_frequency)), "fts_rows": str(len(docs) + filler),
            "source_dir": str(Path(source_dir).resolve()) if source_dir else "",
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", meta.items())
    return len(rows), len(document_frequency)


def _fill_terms(conn: sqlite3.Connection, raw_df: Counter[str]) -> None:
    """Every indexed word with the number of rows FTS5 matches for it.

    FTS5 matches stems ("supported" finds "support", "supports"...), so the
    word's own count would understate how many rows it matches; the porter
    tokenizer itself, run over the word list, tells each word's stem.
    """
    words = sorted(raw_df)
    conn.execute("CREATE VIRTUAL TABLE temp.word USING fts5(w, tokenize = 'porter unicode61 remove_diacritics 2')")
    conn.executemany("INSERT INTO temp.word (rowid, w) VALUES (?, ?)", enumerate(words, 1))
    conn.execute("CREATE VIRTUAL TABLE temp.word_stem USING fts5vocab(temp, word, 'instance')")
    conn.execute("CREATE VIRTUAL TABLE temp.doc_rows USING fts5vocab(main, doc, 'row')")
    stem_of = {words[rowid - 1]: stem for stem, rowid in conn.execute("SELECT term, doc FROM temp.word_stem")}
    stem_df = dict(conn.execute("SELECT term, doc FROM temp.doc_rows"))
    conn.executemany("INSERT INTO term (term, df) VALUES (?, ?)",
                     ((word, stem_df.get(stem_of.get(word, word), raw_df[word])) for word in words))
    for table in ("doc_rows", "word_stem", "word"):
        conn.execute(f"DROP TABLE temp.{table}")


def _add_vectors(conn: sqlite3.Connection, docs: list[tuple], asked: dict[int, tuple[str, ...]],
                 reusable: dict[str, bytes]) -> None:
    texts = {rowid: f"{title}. {tags}. {body[:VECTOR_BODY_CHARS]}" for rowid, title, tags, body, _ in docs}
    vectors = dict(reusable)

    def stored(text: str) -> tuple[str, bytes]:
        key = hashlib.sha256(text.encode()).hexdigest()
        if key not in vectors:
            vectors[key] = meaning.vector(text).tobytes()
        return key, vectors[key]

    conn.executemany("INSERT INTO article_vector (rowid, text_hash, vector) VALUES (?, ?, ?)",
                     ((rowid, *stored(text)) for rowid, text in texts.items()))
    conn.executemany("INSERT INTO asked_vector (article, text_hash, vector) VALUES (?, ?, ?)",
                     ((rowid, *stored(text)) for rowid, messages in asked.items() for text in messages))


def _stored_vectors(index_path: Path) -> dict[str, bytes]:
    """Text hash -> vector of the index about to be replaced ({} when it has none)."""
    return (_read_pairs(index_path, "SELECT text_hash, vector FROM article_vector")
            | _read_pairs(index_path, "SELECT text_hash, vector FROM asked_vector"))


def _add_filler(conn: sqlite3.Connection, docs: list[tuple], count: int) -> None:
    """Rows that match no query but count in BM25's document total (see IDF_MIN_DOCUMENTS)."""
    if count <= 0:
        return
    lengths = [max(1, round(sum(len(tokenize(doc[col])) for doc in docs) / len(docs))) for col in (1, 2, 3, 4)]
    columns = tuple(" ".join([_FILLER] * n) for n in lengths)
    start = len(docs) + 1
    conn.executemany("INSERT INTO doc (rowid, title, tags, body, asked) VALUES (?, ?, ?, ?, ?)",
                     ((rowid, *columns) for rowid in range(start, start + count)))


def prepare(index_path: Path | None = None) -> str:
    """``helpdesk prepare``'s step: the index exists and matches the articles afterwards."""
    result = ensure_index(index_path)
    state = f"built in {result.seconds:.2f} s" if result.rebuilt else "up to date"
    return f"kb: search index {result.path} ({result.articles} articles) {state}"
