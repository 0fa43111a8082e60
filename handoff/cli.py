"""``handoff``: database migrations, demo data, the scheduler step, corrections export, triage report,
a customer's data."""
from __future__ import annotations

import argparse
import json
import secrets
import sys
import time
from datetime import UTC, datetime

from handoff.channels import cli as channels_cli
from handoff.core import db
from helpdesk_settings.config import Settings
from helpdesk_settings.production import InsecureConfiguration


def prepare_database(settings: Settings, history_days: int = 0) -> dict:
    """Migrate to the newest schema and, in development, load the demo data (idempotent; fast when
    done); with ``history_days``, also play that many days of demo traffic into a database that
    has no tickets yet (handoff.demo.history). Production gets no demo staff, customers, token or
    history: their passwords are public."""
    from sqlalchemy import exists, select

    from handoff.core.models import Ticket
    from handoff.demo.directory import seed_demo
    from handoff.demo.history import play_history

    db.migrate(settings.database_url)
    if settings.production:
        return {}
    with db.session_scope(settings.database_url) as session:
        added = seed_demo(session, settings.service_token)
        if history_days and not session.scalar(select(exists().where(Ticket.id.is_not(None)))):
            started = time.monotonic()
            added["history"] = play_history(session, history_days)
            added["history"]["seconds"] = round(time.monotonic() - started, 1)
        return added


def _since(value: str | None) -> datetime | None:
    if not value:
        return None
    when = datetime.fromisoformat(value)
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _privacy_command(args, settings: Settings) -> int:
    from handoff.channels.email_ingest import attachments_dir
    from handoff.core import privacy

    tracker = settings.tracker_store_url or None
    with db.session_scope(settings.database_url) as session:
        if args.command == "export-customer":
            data = json.dumps(privacy.export(session, args.email, tracker_store_url=tracker), indent=2, default=str)
            if args.out:
                with open(args.out, "w", encoding="utf-8") as out:
                    out.write(data + "\n")
            else:
                print(data)
            return 0
        if not args.yes and input(f"Erase everything held about {args.email}? This cannot be undone. [y/N] "
                                  ).strip().lower() not in ("y", "yes"):
            print("handoff forget: nothing changed", file=sys.stderr)
            return 1
        print(json.dumps(privacy.forget(session, args.email, attachments_dir=attachments_dir(settings.mail_dir),
                                        tracker_store_url=tracker)))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="handoff", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help="upgrade the database to the newest schema")
    seed = sub.add_parser("seed-demo", help="migrate, then load the demo customers, staff and service token")
    seed.add_argument("--history", type=int, default=0, metavar="DAYS",
                      help="also play DAYS of simulated demo traffic into a database without tickets "
                           "(development only; 0: none)")
    tick_cmd = sub.add_parser("tick", help="one scheduler step: SLA events, escalations, auto-close, mail "
                                           "(cron: every minute)")
    tick_cmd.add_argument("--every", type=float, metavar="SECONDS",
                          help="keep running, one step every SECONDS (instead of cron)")
    export = sub.add_parser("export-corrections", help="agents' category/priority corrections as training JSONL")
    export.add_argument("--out", help="file to write (default: standard output)")
    export.add_argument("--since", help="only corrections from this ISO date/time on")
    traffic = sub.add_parser("triage-report", help="the triage model on real traffic: label mix against training, "
                                                   "needs_review and correction rates, drift warning")
    traffic.add_argument("--since", default="7d", help="7d, 24h, 2w or an ISO date (default %(default)s)")
    traffic.add_argument("--json", action="store_true", help="print the figures as JSON")
    channels_cli.add_commands(sub)  # ingest-email, report
    forget = sub.add_parser("forget", help="erase one customer's personal data everywhere (counts stay)")
    forget.add_argument("email")
    forget.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    export_customer = sub.add_parser("export-customer", help="everything held about one customer, as JSON")
    export_customer.add_argument("email")
    export_customer.add_argument("--out", help="file to write (default: standard output)")
    token = sub.add_parser("add-token", help="create or replace a service's API token and print it once")
    token.add_argument("name")
    args = parser.parse_args(argv)

    settings = Settings.from_env()
    url = settings.database_url
    if args.command == "tick":  # the scheduler sends mail with links and survey tokens: no weak secrets
        try:
            settings.refuse_weak_secrets("handoff tick")
        except InsecureConfiguration as error:
            print(error, file=sys.stderr)
            return 2
    if args.command == "seed-demo" and settings.production:
        print("handoff: no demo data in production (HELPDESK_ENV=production): its passwords and token are public; "
              "add staff yourself and issue service tokens with `handoff add-token NAME`", file=sys.stderr)
        return 2
    if args.command == "migrate":
        db.migrate(url)
        print("handoff: database at the newest schema")
    elif args.command == "seed-demo":
        print(f"handoff: demo data added {prepare_database(settings, args.history)}")
    elif args.command == "tick":
        from handoff.outbound.scheduler import tick

        while True:
            with db.session_scope(url) as session:
                print(json.dumps(tick(session)), flush=True)
            if not args.every:
                break
            time.sleep(args.every)
    elif args.command == "export-corrections":
        from handoff.core.corrections import export_jsonl

        with db.session_scope(url) as session:
            if args.out:
                with open(args.out, "w", encoding="utf-8") as out:
                    count = export_jsonl(session, out, _since(args.since))
            else:
                count = export_jsonl(session, sys.stdout, _since(args.since))
        print(f"handoff: {count} corrected tickets exported", file=sys.stderr)
    elif args.command in ("forget", "export-customer"):
        return _privacy_command(args, settings)
    elif args.command == "triage-report":
        from handoff.core import triage_traffic

        try:
            since = triage_traffic.parse_since(args.since)
        except ValueError as error:
            print(f"handoff triage-report: {error}", file=sys.stderr)
            return 2
        with db.session_scope(url) as session:
            figures = triage_traffic.report(session, since, settings.triage_model_dir)
        print(json.dumps(figures, indent=2) if args.json else triage_traffic.as_text(figures, args.since),
              end="\n" if args.json else "")
        return 1 if triage_traffic.drift_warnings(figures) else 0
    elif args.command in channels_cli.COMMANDS:
        return channels_cli.run(args, settings)
    elif args.command == "add-token":
        from handoff.web.auth import add_service_token

        value = secrets.token_urlsafe(32)
        with db.session_scope(url) as session:
            add_service_token(session, args.name, value)
        print(value)
    return 0


if __name__ == "__main__":
    sys.exit(main())
