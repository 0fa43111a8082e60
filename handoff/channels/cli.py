"""``handoff ingest-email`` and ``handoff report``: the email channel and the dashboard
on the command line (added to ``handoff.cli``'s subcommands)."""
from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path

from handoff.core import db
from helpdesk_settings.config import Settings

COMMANDS = ("ingest-email", "report")


def add_commands(sub) -> None:
    ingest = sub.add_parser("ingest-email", help="turn RFC 822 messages (files or a maildir) into tickets")
    ingest.add_argument("files", nargs="*", type=Path, help="message files (.eml); '-' reads one from standard input")
    ingest.add_argument("--maildir", type=Path, help="read the unread messages of this maildir (new/ -> cur/)")
    report = sub.add_parser("report", help="the support dashboard's figures (text, JSON or a PNG of the charts)")
    report.add_argument("--days", type=int, default=30, help="period ending now (default 30)")
    report.add_argument("--json", action="store_true", help="print the figures as JSON")
    report.add_argument("--png", type=Path, help="also draw the charts into this PNG file")


def run(args: argparse.Namespace, settings: Settings) -> int:
    if args.command == "ingest-email":
        return ingest_command(args, settings)
    return report_command(args, settings)


def _ingest_one(raw: bytes, source: str, settings: Settings) -> dict:
    from handoff.channels.email_ingest import attachments_dir, ingest

    with db.session_scope(settings.database_url) as session:
        return ingest(session, raw, source, attachments_dir(settings.mail_dir)).as_dict()


def ingest_command(args: argparse.Namespace, settings: Settings) -> int:
    """Ingest each message; one that the database refuses stays where it was (a maildir
    message stays unread) and the exit status is 1, so cron tries it again."""
    from handoff.channels.email_ingest import maildir_messages, mark_seen

    if not args.files and not args.maildir:
        print("handoff ingest-email: give message files or --maildir", file=sys.stderr)
        return 2
    jobs: list[tuple[str, Path | None]] = [(str(p), None if str(p) == "-" else p) for p in args.files]
    if args.maildir:
        jobs += [(str(p), p) for p in maildir_messages(args.maildir)]
    counts: dict[str, int] = {}
    failed = 0
    for name, path in jobs:
        raw = sys.stdin.buffer.read() if path is None else path.read_bytes()
        from_maildir = bool(args.maildir) and path is not None and path.parent.name == "new"
        try:
            result = _ingest_one(raw, "maildir" if from_maildir else "file", settings)
        except Exception as exc:  # noqa: BLE001 - report and go on with the next message
            failed += 1
            print(f"{name}: not ingested ({type(exc).__name__}: {exc}); left in place", file=sys.stderr)
            continue
        counts[result["outcome"]] = counts.get(result["outcome"], 0) + 1
        print(f"{name}: {result['outcome']} {result['ticket_id'] or ''} {result['reason'] or ''}".rstrip())
        if from_maildir:
            mark_seen(path)
    print(json.dumps({**counts, "failed": failed}), file=sys.stderr)
    return 1 if failed else 0


def _fmt(value, unit: str = "") -> str:
    return "-" if value is None else f"{value}{unit}"


def format_report(board: dict) -> str:
    """The dashboard as plain text, one figure a line, each against its target (docs/support-design.md)."""
    t = board["targets"]
    o, s = board["overview"], board["sla"]
    lines = [
        f"Support report: {board['days']} days to {board['now']:%Y-%m-%d %H:%M} UTC",
        "",
        "Ticket overview",
        f"  open {o['open']} (new/assigned {o['new']}, in progress {o['in_progress']}, pending {o['pending']}, "
        f"escalated {o['escalated']}); resolved today {o['resolved_today']}",
        "SLA compliance",
        f"  response   {_fmt(s['response_percent'], '%'):>7}  of {s['response_judged']:>6} judged  (target > "
        f"{t['response_sla_percent']}%)",
        f"  resolution {_fmt(s['resolution_percent'], '%'):>7}  of {s['resolution_judged']:>6} judged  (target > "
        f"{t['resolution_sla_percent']}%)",
        f"  critical   {_fmt(s['critical_percent'], '%'):>7}  of {s['critical_judged']:>6} P1 tickets;  breaches today "
        f"{s['breaches_today']}",
        "Response and resolution",
        f"  first response time      {_fmt(board['frt']['avg_hours'], ' h'):>9}  "
        f"{_fmt(board['frt']['within_target_percent'], '%')} within {t['first_response_hours']} h",
        f"  time to resolution       {_fmt(board['ttr']['avg_hours'], ' h'):>9}  "
        f"{_fmt(board['ttr']['within_target_percent'], '%')} within {t['resolution_hours']} h",
        f"  first contact resolution {_fmt(board['fcr']['percent'], '%'):>9}  (target > "
        f"{t['first_contact_resolution_percent']}%)",
        f"  reopen rate              {_fmt(board['reopen']['percent'], '%'):>9}  "
        f"(target < {t['reopen_rate_percent']}%)",
        f"  escalation rate          {_fmt(board['escalation']['percent'], '%'):>9}  (target < "
        f"{t['escalation_rate_percent']}%)",
        f"  resolved per agent/day   {_fmt(board['per_agent']['per_agent_per_day']):>9}",
        "Customer satisfaction",
        f"  CSAT {_fmt(board['csat']['avg_score'], '/5')} ({_fmt(board['csat']['satisfied_percent'], '%')} scored 4-5, "
        f"target > {t['csat_satisfied_percent']}%); this week {_fmt(board['csat_week']['avg_score'], '/5')}; "
        f"response rate {_fmt(board['csat']['response_rate_percent'], '%')} of {board['csat']['surveys_sent']} surveys",
        f"Knowledge base deflection {_fmt(board['deflection']['percent'], '%')} "
        f"({board['deflection']['helpful_articles']} helpful articles + {board['deflection']['bot_self_service']} "
        f"bot self-service + {board['deflection']['portal_abandoned']} portal forms dropped after an article "
        f"vs {board['deflection']['tickets']} tickets; target > {t['kb_deflection_percent']}%)",
        "Channel distribution",
        *[f"  {row['channel']:<13} {row['count']:>7}  {_fmt(row['percent'], '%')}" for row in board["channels"]],
        "Top issues, last 7 days",
        *[f"  {row['category'] + (' / ' + row['subcategory'] if row['subcategory'] else ''):<40} {row['count']:>6}"
          for row in board["top_issues"]],
    ]
    return "\n".join(lines)


def draw_charts(board: dict, path: Path) -> None:
    """Channel mix, top issues and daily volume as one PNG (for mail or print)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(2, 2, figsize=(12, 7))
    channels = board["channels"]
    axes[0][0].barh([r["channel"] for r in channels], [r["percent"] or 0 for r in channels], color="#1f5fbf")
    axes[0][0].set_title("Channel distribution (%)")
    top = board["top_issues"]
    axes[0][1].barh([r["category"] for r in top][::-1], [r["count"] for r in top][::-1], color="#c25e00")
    axes[0][1].set_title("Top issues, last 7 days")
    days = [r["day"][5:] for r in board["daily"]]
    axes[1][0].bar(days, [r["created"] for r in board["daily"]], color="#2f6f3e")
    axes[1][0].set_title("Tickets created per day")
    axes[1][1].bar(days, [r["resolved"] for r in board["daily"]], color="#5c6473")
    axes[1][1].set_title("Tickets resolved per day")
    for ax in axes[1]:
        ax.tick_params(axis="x", labelrotation=60, labelsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def report_command(args: argparse.Namespace, settings: Settings) -> int:
    from handoff.console import kpis

    with db.session_scope(settings.database_url) as session:
        board = kpis.dashboard(session, days=args.days)
    if args.json:
        print(json.dumps(board, default=lambda v: v.isoformat() if isinstance(v, datetime) else str(v), indent=2))
    else:
        print(format_report(board))
    if args.png:
        draw_charts(board, args.png)
        print(f"handoff: charts written to {args.png}", file=sys.stderr)
    return 0
