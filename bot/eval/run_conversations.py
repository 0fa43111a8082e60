"""Play the evaluation conversations through the real bot and score how they end.

    .venv/bin/python bot/eval/run_conversations.py                 # dev and frozen, reported apart
    .venv/bin/python bot/eval/run_conversations.py --set dev -v    # one set, every conversation's turns
    .venv/bin/python bot/eval/run_conversations.py --set frozen --min-end-right 0.85   # the gate

Starts the whole system (support service, Rasa action server, Rasa server, as
harness/botstack.py does for the tests) on a fresh SQLite database with the
demo directory. Conversations run with the service's clock in live hours (a
weekday, 11:00 New York) or after hours (a Sunday, 02:00 New York: Starter and
Professional closed, Enterprise on call): the service restarts with
``HELPDESK_CLOCK`` between the two groups. Each conversation is played through
Rasa's REST channel as a customer would: its own messages in order, and the bot's
questions answered from its ``answers`` (buttons clicked where the bot shows them).

Reported per set: conversations ending right (the right kind of end; for self-service
a linked article among the expected ones; for a ticket or a hand-over the expected
category), hand-over decision accuracy, ticket category and priority accuracy,
article-linked rate, false "can't reach our support system" apologies (the service is
up throughout) and lost tickets (one the bot announced that is not in the database, or
one the bot tried to make and the service refused), and the misses by kind (wrong kind of
end, no right article, wrong category): counts, so even the frozen set says where to look
without showing a conversation. Tune on dev only; the frozen set is reported, never read for
training data.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import requests
import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from harness import botstack  # noqa: E402
from helpdesk_settings.config import Settings  # noqa: E402
from support_service.widget import identity_token  # noqa: E402

SETS_DIR = Path(__file__).resolve().parent / "conversations"
TOKEN = "dev-service-token"
# A Wednesday 11:00 and a Saturday 02:00 in New York (the support team's time zone).
CLOCKS = {"live": "2026-12-02T16:00:00Z", "after_hours": "2026-12-05T07:00:00Z"}
MAX_TURNS = 25
TICKET_MADE = re.compile(r"(?:created ticket|reference is|opened ticket) (TICK-\d{8}-\d{3,})")
ARTICLE = re.compile(r"/help/([a-z0-9-]+/[a-z0-9-]+)")
OUTAGE = "can't reach our support system"
OUT_OF_SCOPE = "I can only help with SecureAI"
REFUSED = "I couldn't file that"


@dataclass
class Played:
    """What happened in one conversation, as the customer and the database saw it."""
    id: str
    expected: dict
    turns: list = field(default_factory=list)  # (customer, bot text)
    tickets: list = field(default_factory=list)  # ticket JSON of each ticket the bot announced
    missing: list = field(default_factory=list)  # announced ticket ids not in the database
    handoff: bool = False
    articles: list = field(default_factory=list)
    apologies: int = 0
    out_of_scope: bool = False
    skipped_contact: bool = False
    refused: int = 0  # "I couldn't file that": the service refused the bot's ticket or hand-over

    @property
    def end(self) -> str:
        if self.handoff:
            return "handoff"
        if self.tickets or self.missing:
            return "ticket"
        if self.articles:
            return "self_service"
        return "out_of_scope" if self.out_of_scope else "none"


def load(name: str) -> list[dict]:
    path = Path(name) if name.endswith((".yaml", ".yml")) else SETS_DIR / f"{name}.yaml"
    data = yaml.safe_load(path.read_text())
    conversations = data.get("conversations", data) if isinstance(data, dict) else data
    return [c for c in conversations if isinstance(c, dict) and c.get("messages")]


def visitor_metadata(visitor, tier: str | None = None) -> dict | None:
    """The widget's config object for a signed-in visitor (signed as their site would); None if anonymous."""
    if not isinstance(visitor, dict) or not visitor.get("email"):
        return None
    customer = {"email": visitor["email"]}
    if visitor.get("name"):
        customer["name"] = visitor["name"]
    plan = visitor.get("tier") or visitor.get("plan") or tier
    if plan:
        customer["company"] = {"name": visitor.get("company") or "", "plan": plan}
    if visitor.get("signed", True):
        customer["identity_token"] = identity_token(visitor["email"], Settings().widget_secret)
    return {"customer": customer}


class Customer:
    """Talks to the bot as the conversation's customer: their messages, then answers to questions."""

    def __init__(self, rasa_url: str, conversation: dict):
        self.url = f"{rasa_url}/webhooks/rest/webhook"
        self.sender = f"eval-{conversation['id']}-{uuid.uuid4().hex[:8]}"
        self.metadata = visitor_metadata(conversation.get("visitor"), conversation.get("tier"))
        self.messages = list(conversation["messages"])
        self.answers = conversation.get("answers") or {}
        self.asked_contact = 0
        self.http = requests.Session()

    def say(self, text: str, shown: str | None = None) -> list[dict]:
        metadata = dict(self.metadata or {})
        if shown:
            metadata["display_text"] = shown
        body = {"sender": self.sender, "message": text, "metadata": metadata}
        response = self.http.post(self.url, json=body, timeout=60)
        response.raise_for_status()
        return response.json()

    def next_move(self, replies: list[dict]) -> tuple[str, str | None] | None:
        """What the customer sends next: (text or button payload, button title) or None to leave."""
        text = " ".join(r.get("text") or "" for r in replies)
        buttons = {b["payload"]: b["title"] for r in replies for b in r.get("buttons") or []}
        answers = self.answers

        def click(payload: str) -> tuple[str, str | None]:
            return payload, buttons.get(payload)

        if "email address" in text and "phone" in text and "/deny" in buttons:  # a way to answer the ticket
            self.asked_contact += 1
            first = answers.get("email_first_try") if self.asked_contact == 1 else None
            given = first or answers.get("email") or answers.get("phone")
            if given:
                return str(given), None
            if self.messages:
                return self.messages.pop(0), None
            return click("/deny")
        wants_person = answers.get("wants_person")
        if wants_person is None and answers.get("solved") is not None:
            wants_person = not answers["solved"]  # still stuck: they take the help offered
        if "/human_handoff" in buttons and "/deny" in buttons and wants_person is not None:  # a person offered
            return click("/human_handoff" if wants_person else "/deny")
        if "/create_ticket" in buttons and wants_person is not None:  # a ticket or self-service
            return click("/create_ticket" if wants_person else "/deny")
        if "email the status" in text.lower() or "Yes, email me the status" in buttons.values():
            return click("/affirm")
        if "/affirm" in buttons and "/deny" in buttons and "solve" in text.lower() + " ".join(buttons.values()).lower():
            solved = answers.get("solved")
            if solved is None and answers.get("wants_person"):
                solved = False  # they came for a person: an article shown first has not solved it for them
            if solved is not None:
                return click("/affirm" if solved else "/deny")
        if self.messages:
            return self.messages.pop(0), None
        return None


def play(rasa_url: str, service_url: str, conversation: dict) -> Played:
    played = Played(conversation["id"], conversation.get("expect") or {})
    customer = Customer(rasa_url, conversation)
    move: tuple[str, str | None] | None = (customer.messages.pop(0), None)
    announced: list[str] = []
    for _ in range(MAX_TURNS):
        if move is None:
            break
        replies = customer.say(*move)
        said = "\n".join(r.get("text") or "" for r in replies)
        played.turns.append((move[1] or move[0], said))
        played.apologies += said.count(OUTAGE)
        played.out_of_scope |= OUT_OF_SCOPE in said
        played.refused += said.count(REFUSED)
        played.handoff |= any((r.get("custom") or {}).get("live_chat") for r in replies)
        played.articles += ARTICLE.findall(said)
        announced += TICKET_MADE.findall(said)
        if played.handoff:
            break  # the customer now talks to the agent in the widget, no longer to the bot
        move = customer.next_move(replies)
        if move and move[0] == "/deny" and move[1] == "Skip":
            played.skipped_contact = True
    http = requests.Session()
    http.headers["Authorization"] = f"Bearer {TOKEN}"
    for ticket_id in dict.fromkeys(announced):
        found = http.get(f"{service_url}/api/tickets/{ticket_id}", timeout=10)
        if found.status_code == 200:
            played.tickets.append(found.json())
        else:
            played.missing.append(ticket_id)
    return played


def priorities(expected: dict) -> list[str]:
    value = expected.get("priority")
    return [value] if isinstance(value, str) else list(value or [])


def ended_right(played: Played) -> bool:
    expected = played.expected
    if played.end != expected.get("end"):
        return False
    if played.end == "self_service" and expected.get("articles"):
        return bool(set(played.articles) & set(expected["articles"]))
    if played.end in ("ticket", "handoff") and expected.get("category"):
        return bool(played.tickets) and played.tickets[-1]["category"] in categories(expected)
    return True


def miss(played: Played) -> str | None:
    """Why a conversation did not end right: the wrong kind of end, no right article, or the wrong category."""
    if ended_right(played):
        return None
    if played.end != played.expected.get("end"):
        return "end"
    return "article" if played.end == "self_service" else "category"


def categories(expected: dict) -> list[str]:
    value = expected.get("category")
    return [value] if isinstance(value, str) else list(value or [])


def is_lost(played: Played) -> bool:
    """A ticket the bot announced that is not in the database, or one it tried to make and could not."""
    return bool(played.missing or played.refused or played.apologies)


def score(results: list[tuple[dict, Played]]) -> dict:
    n = len(results)
    with_ticket = [p for _, p in results if p.expected.get("end") in ("ticket", "handoff") and p.tickets]
    category = [p for p in with_ticket if p.expected.get("category")]
    priority = [p for p in with_ticket if priorities(p.expected)]
    self_service = [p for _, p in results if p.expected.get("end") == "self_service" and p.expected.get("articles")]
    return {
        "conversations": n,
        "end_right": sum(ended_right(p) for _, p in results) / n if n else 0.0,
        "handoff_decision_accuracy": sum((p.end == "handoff") == (p.expected.get("end") == "handoff")
                                         for _, p in results) / n if n else 0.0,
        "ticket_category_accuracy": (sum(p.tickets[-1]["category"] in categories(p.expected) for p in category)
                                     / len(category)) if category else None,
        "ticket_priority_accuracy": (sum(p.tickets[-1]["priority"] in priorities(p.expected) for p in priority)
                                     / len(priority)) if priority else None,
        "article_linked_rate": (sum(bool(set(p.articles) & set(p.expected["articles"])) for p in self_service)
                                / len(self_service)) if self_service else None,
        "false_outage_apologies": sum(p.apologies for _, p in results),
        "lost_tickets": sum(is_lost(p) for _, p in results),
        "ends": dict(Counter(f"{p.expected.get('end')}->{p.end}" for _, p in results)),
        "misses": dict(Counter(kind for _, p in results if (kind := miss(p)))),
    }


def run(names: list[str], verbose: bool, only: str | None) -> dict[str, dict]:
    wanted = set(only.split(",")) if only else None
    sets = {name: [c for c in load(name) if not wanted or c["id"] in wanted] for name in names}
    workdir = Path(tempfile.mkdtemp(prefix="bot-eval-"))
    database_url = f"sqlite:///{workdir / 'helpdesk.db'}"
    botstack.prepare(database_url)
    stack = botstack.start(workdir, database_url)
    results: dict[str, list] = {name: [] for name in names}
    try:
        for clock, instant in CLOCKS.items():
            todo = [(name, c) for name in names for c in sets[name] if c.get("clock", "live") == clock]
            if not todo:
                continue
            stack.restart_service(workdir, database_url, {"HELPDESK_CLOCK": instant})
            for name, conversation in todo:
                played = play(stack.rasa_url, stack.service_url, conversation)
                results[name].append((conversation, played))
                if name != "frozen" and (verbose or not ended_right(played)):  # frozen: figures only
                    report_conversation(name, played, verbose)
    finally:
        stack.stop()
    return {name: score(results[name]) for name in names}


def report_conversation(name: str, played: Played, verbose: bool) -> None:
    mark = "ok " if ended_right(played) else "BAD"
    got = played.tickets[-1] if played.tickets else {}
    print(f"{mark} [{name}] {played.id}: expected {played.expected.get('end')} "
          f"{played.expected.get('category') or played.expected.get('articles') or ''} "
          f"{priorities(played.expected) or ''}; got {played.end} {got.get('category', '')} {got.get('priority', '')} "
          f"{played.articles[:3] if played.end == 'self_service' else ''}", flush=True)
    if verbose or not ended_right(played):
        for customer, bot in played.turns:
            print(f"    > {customer}\n      " + bot.replace("\n", "\n      "))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", default="both", help="dev, frozen, both, or the path of another conversations file")
    parser.add_argument("--only", help="conversation ids, comma-separated")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every conversation's turns")
    parser.add_argument("--min-end-right", type=float, help="exit 1 when a set ends right less often")
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args(argv)
    names = ["dev", "frozen"] if args.set == "both" else [args.set]
    started = time.monotonic()
    figures = run(names, args.verbose, args.only)
    failed = False
    for name, figure in figures.items():
        print(f"\n{name}: " + json.dumps(figure, indent=1))
        if args.min_end_right is not None and figure["end_right"] < args.min_end_right:
            failed = True
            print(f"{name}: ended right {figure['end_right']:.3f} < {args.min_end_right}", file=sys.stderr)
        if figure["false_outage_apologies"] or figure["lost_tickets"]:
            failed = failed or args.min_end_right is not None
    print(f"\n{time.monotonic() - started:.0f} s")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
