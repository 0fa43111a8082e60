"""The help centre's articles: Markdown files with YAML front matter.

An article lives at ``articles/<section>/<leaf>.md`` and its id is
``<section>/<leaf>``; ids are published in links and never change.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

ARTICLES_DIR = Path(__file__).resolve().parent / "articles"
REQUIRED_FIELDS = ("id", "title", "section", "tags", "updated")
# libyaml's loader when PyYAML has it: parsing front matter dominates building large indexes.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n(.*)\Z", re.S)


class ArticleError(ValueError):
    """An article file that cannot be published, with the reasons."""


@dataclass(frozen=True)
class Section:
    id: str
    title: str


@dataclass(frozen=True)
class Article:
    id: str
    title: str
    section: str
    tags: tuple[str, ...]
    updated: str
    related: tuple[str, ...]
    group: str | None
    body: str  # Markdown, without front matter
    #: How customers ask for this article in their own words (searched, never shown).
    asked_as: tuple[str, ...] = ()

    @property
    def url(self) -> str:
        return f"/help/{self.id}"

    @property
    def summary(self) -> str:
        """The body's first sentence as plain text: the one line a chat shows under the title."""
        for paragraph in re.split(r"\n\s*\n", self.body):
            # A heading line directly above its first paragraph ("## What we back up\nAnalyses...").
            paragraph = re.sub(r"\A(\s*#[^\n]*\n)+", "", paragraph)
            text = " ".join(paragraph.split())
            if text and not text.startswith(("#", "|", "-", "*", "1.", "```", ">")):
                text = re.sub(r"[*_`]|\[([^\]]*)\]\([^)]*\)", lambda m: m.group(1) or "", text)
                return re.split(r"(?<=[.!?])\s", text)[0]
        return ""


def slugify(text: str) -> str:
    """Slug rule of kb-articles.md: lower case, & -> and, other runs -> '-'."""
    text = text.lower().replace("&", " and ")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def parse_article(path: Path, root: Path) -> Article:
    text = path.read_text(encoding="utf-8")
    match = _FRONT_MATTER.match(text)
    if not match:
        raise ArticleError(f"{path}: no front matter (--- ... ---) at the top")
    try:
        meta = yaml.load(match.group(1), Loader=_YAML_LOADER) or {}
    except yaml.YAMLError as exc:
        raise ArticleError(f"{path}: front matter is not valid YAML: {exc}") from exc
    if not isinstance(meta, dict):
        raise ArticleError(f"{path}: front matter must be a mapping")
    problems = [f"missing field '{name}'" for name in REQUIRED_FIELDS if not meta.get(name)]
    expected_id = path.relative_to(root).with_suffix("").as_posix()
    if meta.get("id") and meta["id"] != expected_id:
        problems.append(f"id '{meta['id']}' does not match its file (expected '{expected_id}')")
    if meta.get("section") and meta.get("id") and not str(meta["id"]).startswith(f"{meta['section']}/"):
        problems.append(f"section '{meta['section']}' does not match id '{meta['id']}'")
    for name in ("tags", "related", "asked_as"):
        if name in meta and not isinstance(meta[name], list):
            problems.append(f"'{name}' must be a list")
    updated = meta.get("updated")
    if updated and not isinstance(updated, dt.date):
        try:
            dt.date.fromisoformat(str(updated))
        except ValueError:
            problems.append(f"'updated' must be a date (YYYY-MM-DD), got {updated!r}")
    if not match.group(2).strip():
        problems.append("empty body")
    if problems:
        raise ArticleError(f"{path}: " + "; ".join(problems))
    return Article(
        id=meta["id"],
        title=str(meta["title"]),
        section=meta["section"],
        tags=tuple(str(tag) for tag in meta["tags"]),
        updated=str(updated),
        related=tuple(str(rid) for rid in meta.get("related") or ()),
        group=meta.get("group"),
        body=match.group(2).strip(),
        asked_as=tuple(str(text) for text in meta.get("asked_as") or ()),
    )


def load_sections(root: Path = ARTICLES_DIR) -> list[Section]:
    entries = yaml.safe_load((root / "sections.yaml").read_text(encoding="utf-8"))
    return [Section(id=entry["id"], title=entry["title"]) for entry in entries]


def load_articles(root: Path = ARTICLES_DIR) -> list[Article]:
    """Every article under root, checked; raises ArticleError listing all problems."""
    root = Path(root)
    articles, problems = [], []
    for path in sorted(root.rglob("*.md")):
        try:
            articles.append(parse_article(path, root))
        except ArticleError as exc:
            problems.append(str(exc))
    known = {article.id for article in articles}
    sections = {section.id for section in load_sections(root)} if (root / "sections.yaml").exists() else None
    for article in articles:
        for rid in article.related:
            if rid not in known:
                problems.append(f"{article.id}: related article '{rid}' does not exist")
        if sections is not None and article.section not in sections:
            problems.append(f"{article.id}: section '{article.section}' is not in sections.yaml")
    if problems:
        raise ArticleError("\n".join(problems))
    return articles


@lru_cache(maxsize=8)
def _cached_articles(root: str, signature: tuple) -> tuple[dict[str, Article], list[Section]]:
    articles = load_articles(Path(root))
    return {article.id: article for article in articles}, load_sections(Path(root))


def library(root: Path = ARTICLES_DIR) -> tuple[dict[str, Article], list[Section]]:
    """Articles by id and the sections, re-read only when the files change."""
    return _cached_articles(str(root), source_signature(root))


def _files(root: Path) -> Iterator[os.DirEntry]:
    """Every file below ``root`` (one scandir per folder, no reads)."""
    stack = [str(root)]
    while stack:
        with os.scandir(stack.pop()) as entries:
            for entry in entries:
                if entry.is_dir():
                    stack.append(entry.path)
                else:
                    yield entry


def _source_files(root: Path) -> list[tuple[str, os.stat_result, str]]:
    return sorted((os.path.relpath(entry.path, root), entry.stat(), entry.path)
                  for entry in _files(root) if entry.name.endswith((".md", ".yaml")))


def source_signature(root: Path = ARTICLES_DIR) -> tuple:
    """Cheap change detector (names, sizes, mtimes): no file is read.

    Runs before every search, so it does the least work that notices an edit:
    one directory walk and one stat per file.
    """
    return tuple((entry.path, stat.st_mtime_ns, stat.st_size)
                 for entry in _files(root) for stat in (entry.stat(),))


def content_hash(root: Path = ARTICLES_DIR) -> str:
    """Hash of every article's name and bytes: what the index was built from."""
    digest = hashlib.sha256()
    for rel, _, path in _source_files(Path(root)):
        digest.update(rel.encode() + b"\0")
        digest.update(Path(path).read_bytes() + b"\0")
    return digest.hexdigest()


_MD_NOISE = [
    (re.compile(r"```.*?\n(.*?)```", re.S), r"\1"),          # keep code, drop fences
    (re.compile(r"!?\[([^\]]*)\]\([^)]*\)"), r"\1"),         # links -> their text
    (re.compile(r"^\s{0,3}#{1,6}\s*", re.M), ""),             # heading marks
    (re.compile(r"^\s*\|?[-:| ]+\|[-:| ]*$", re.M), ""),      # table rules
    (re.compile(r"^\s*>\s?", re.M), ""),                       # block quotes
    (re.compile(r"[*_`|]+"), " "),                            # emphasis, cells
    (re.compile(r"[ \t]+"), " "),
]


def plain_text(markdown: str) -> str:
    """The words of an article body, as indexed and shown in snippets."""
    text = markdown
    for pattern, repl in _MD_NOISE:
        text = pattern.sub(repl, text)
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())
