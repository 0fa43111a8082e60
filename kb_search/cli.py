"""``kb``: build the help centre's search index, search it, report how it is used."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from kb_search.articles import ARTICLES_DIR, ArticleError
from kb_search.index import default_index_path, ensure_index


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kb", description="Build the help centre's search index, search it, "
                                                             "report how it is used.")
    parser.add_argument("--index", type=Path, default=None,
                        help="index file (default: KB_INDEX_PATH or var/kb/index.sqlite)")
    sub = parser.add_subparsers(dest="command", required=True)

    build = sub.add_parser("build", help="build the index from the articles (skipped when up to date)")
    build.add_argument("--articles", type=Path, default=ARTICLES_DIR, help="articles folder")

    find = sub.add_parser("search", help='search: kb search "query", or a batch with --input/--output')
    find.add_argument("query", nargs="?", help="what to look for")
    find.add_argument("--top", type=int, default=5, help="number of results (default 5)")
    find.add_argument("--json", action="store_true", help="print JSON")
    find.add_argument("--explain", action="store_true", help="show the terms searched (corrections, synonyms)")
    find.add_argument("--input", type=Path, help='JSONL file of {"id", "query"} records')
    find.add_argument("--output", type=Path, help='JSONL file for {"id", "results"} records ("-" = stdout)')

    report = sub.add_parser("stats", help="views, helpful votes and searches with no good hit")
    report.add_argument("--database-url", default=None, help="default: DATABASE_URL or var/helpdesk.db")
    report.add_argument("--limit", type=int, default=20)
    report.add_argument("--min-score", type=float, default=None, help="a best hit below this is not a good hit")
    report.add_argument("--json", action="store_true")

    args = parser.parse_args(argv)
    index_path = args.index or default_index_path()
    try:
        if args.command == "build":
            return _build(index_path, args.articles)
        if args.command == "search":
            return _search(index_path, args, parser)
        return _stats(args)
    except ArticleError as exc:
        print(f"kb: the articles have problems, index not built:\n{exc}", file=sys.stderr)
        return 2


def _build(index_path: Path, articles: Path) -> int:
    result = ensure_index(index_path, articles)
    state = f"built in {result.seconds:.2f} s" if result.rebuilt else "already up to date"
    print(f"kb: {result.path}: {result.articles} articles, {result.terms} terms, {state}")
    return 0


def _search(index_path: Path, args, parser: argparse.ArgumentParser) -> int:
    from kb_search.search import Searcher

    if args.top < 1:
        parser.error("--top must be at least 1")
    searcher = Searcher(index_path)
    if args.input or args.output:
        if not (args.input and args.output) or args.query:
            parser.error("a batch needs both --input and --output, and no query argument")
        if not args.input.is_file():
            parser.error(f"no such input file: {args.input}")
        return _batch(searcher, args.input, args.output, args.top)
    if not args.query or not args.query.strip():
        parser.error("give a query, e.g. kb search \"video upload fails\"")
    hits = searcher.search(args.query, args.top)
    if args.json:
        payload = {"query": args.query, "results": [hit.as_dict() for hit in hits]}
        if args.explain:
            plan = searcher.plan(args.query)
            payload["explain"] = {"terms": plan.terms, "corrections": plan.corrections, "synonyms": plan.expansions}
        print(json.dumps(payload, ensure_ascii=False))
        return 0
    if args.explain:
        plan = searcher.plan(args.query)
        print(f"terms: {' '.join(plan.terms)}")
        if plan.corrections:
            print("corrected: " + ", ".join(f"{k} -> {v}" for k, v in plan.corrections.items()))
        if plan.expansions:
            print(f"synonyms added: {' '.join(plan.expansions)}")
    if not hits:
        print("no matching article")
    for rank, hit in enumerate(hits, 1):
        print(f"{rank}. {hit.title}  [{hit.id}]  score {hit.score:.2f}")
    return 0


def _batch(searcher, input_path: Path, output_path: Path, top: int) -> int:
    """One output line per input line, in order; bad lines get an "error" and are reported."""
    bad = 0
    out = sys.stdout if str(output_path) == "-" else open(output_path, "w", encoding="utf-8")
    try:
        with open(input_path, encoding="utf-8") as lines:
            for number, line in enumerate(lines, 1):
                record, problem = _read_record(line)
                if problem:
                    bad += 1
                    print(f"kb: {input_path}:{number}: {problem}", file=sys.stderr)
                    result = {"id": record.get("id") if record else None, "results": [], "error": problem}
                else:
                    hits = searcher.search(record["query"], top)
                    result = {"id": record["id"],
                              "results": [{"id": h.id, "title": h.title, "score": h.score} for h in hits]}
                out.write(json.dumps(result, ensure_ascii=False) + "\n")
    finally:
        if out is not sys.stdout:
            out.close()
    if bad:
        print(f"kb: {bad} bad line(s) in {input_path}; each got an empty result with an \"error\"", file=sys.stderr)
    return 1 if bad else 0


def _read_record(line: str) -> tuple[dict | None, str | None]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return None, f"not valid JSON ({exc.msg})"
    if not isinstance(record, dict):
        return None, "not a JSON object"
    if "id" not in record:
        return record, 'missing "id"'
    if not isinstance(record.get("query"), str) or not record["query"].strip():
        return record, '"query" must be a non-empty string'
    return record, None


def _stats(args) -> int:
    from kb_search import usage
    from kb_search.db import default_database_url, session_factory

    url = args.database_url or default_database_url()
    min_score = usage.GOOD_HIT_MIN_SCORE if args.min_score is None else args.min_score
    with session_factory(url)() as session:
        try:
            result = usage.stats(session, limit=args.limit, min_score=min_score)
        except Exception as exc:  # a database without the kb tables: say so plainly
            print(f"kb: cannot read usage from {url}: {exc.__class__.__name__}: {str(exc).splitlines()[0]}",
                  file=sys.stderr)
            return 2
    if args.json:
        print(json.dumps(result.as_dict(), ensure_ascii=False))
        return 0
    print(f"searches logged: {result.searches}")
    print("\nmost viewed articles:")
    for article_id, views in result.views or [("(none yet)", 0)]:
        print(f"  {views:6d}  {article_id}")
    print("\nhelpful votes (yes / no):")
    for article_id, yes, no in result.feedback or [("(none yet)", 0, 0)]:
        print(f"  {yes:4d} / {no:<4d} {article_id}")
    print(f"\nsearches with no good hit (no result, or best score < {min_score}):")
    for query, count, best in result.gaps or [("(none)", 0, None)]:
        score = "-" if best is None else f"{best:.1f}"
        print(f"  {count:4d}  {query}  (best score {score})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
