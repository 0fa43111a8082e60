"""Answer first on single messages: each help-centre query sent as a customer's first message.

    .venv/bin/python bot/eval/run_first_messages.py                        # bench/data/kb_queries.jsonl
    .venv/bin/python bot/eval/run_first_messages.py bench/data/kb_queries_heldout.jsonl -v

Starts the whole system as run_conversations.py does (live hours, anonymous visitors) and counts the
queries whose first answer links one of their right articles (each query lists them: the search
benchmark's files). Misses include flows that are right by design (a billing change or a request for
a person goes to a person; upload troubleshooting first asks what the error says), so the figure is
for comparing versions of the bot, not a target.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import uuid
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run_conversations as conversations  # noqa: E402

QUERIES = conversations.ROOT / "bench" / "data" / "kb_queries.jsonl"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("queries", nargs="*", type=Path, default=[QUERIES], help="JSONL files: {query, relevant}")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every miss with the bot's first line")
    args = parser.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="bot-first-"))
    database_url = f"sqlite:///{workdir / 'helpdesk.db'}"
    conversations.botstack.prepare(database_url)
    stack = conversations.botstack.start(workdir, database_url)
    try:
        stack.restart_service(workdir, database_url, {"HELPDESK_CLOCK": conversations.CLOCKS["live"]})
        for path in args.queries:
            queries = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
            linked = unanswered = 0
            for query in queries:
                body = {"sender": f"first-{uuid.uuid4().hex[:8]}", "message": query["query"]}
                replies = requests.post(f"{stack.rasa_url}/webhooks/rest/webhook", json=body, timeout=60).json()
                said = "\n".join(r.get("text") or "" for r in replies)
                articles = conversations.ARTICLE.findall(said)
                right = bool(set(articles) & set(query["relevant"]))
                linked += right
                unanswered += not articles
                if args.verbose and not right:
                    print(f"  miss: {query['query']!r} -> {articles[:2]} {said.splitlines()[0][:90] if said else ''}")
            print(f"{path.name}: {len(queries)} queries, a right article linked {linked / len(queries):.3f}, "
                  f"no article at all {unanswered}", flush=True)
    finally:
        stack.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
