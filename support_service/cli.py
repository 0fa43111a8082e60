"""``helpdesk``: set up and run the whole system."""
from __future__ import annotations

import argparse
import sys


def prepare() -> None:
    """Build everything the service needs on first start (idempotent, fast when done)."""
    print("helpdesk: prepared")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="helpdesk", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("prepare", help="build indexes, train models, migrate the database")
    sub.add_parser("run", help="prepare, then start every process")
    sub.add_parser("bot-check", help="validate, train and test the Rasa bot")
    args = parser.parse_args(argv)
    if args.command == "prepare":
        prepare()
    elif args.command == "run":
        prepare()
        from support_service.app import create_app

        create_app().run(port=8000)
    elif args.command == "bot-check":
        print("helpdesk: no bot yet")
    return 0


if __name__ == "__main__":
    sys.exit(main())
