"""Readiness: can this process serve? (Liveness is just ``/healthz`` answering.)

A load balancer sends traffic only to hosts whose ``/readyz`` says 200; each check
names what failed, so the 503 tells an operator where to look.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from sqlalchemy.exc import ProgrammingError

from helpdesk_settings.config import Settings


def _database(settings: Settings) -> str:
    from sqlalchemy import select

    from handoff.core.db import get_engine
    from handoff.core.models import Ticket

    with get_engine(settings.database_url).connect() as conn:
        try:
            conn.execute(select(Ticket.id).limit(1))
        except ProgrammingError:  # reachable, but no tables: PostgreSQL says so this way
            raise RuntimeError("the database has no tickets table; run `handoff migrate`") from None
    return "ok"


def _triage_model(settings: Settings) -> str:
    from handoff.core.triage import current_model

    try:
        model = current_model(settings.triage_model_dir)
    except FileNotFoundError:
        raise FileNotFoundError(f"no current triage model in {settings.triage_model_dir}; "
                                "run `triage train` or `helpdesk prepare`") from None
    return f"ok ({model.version})"


def _kb_index(settings: Settings) -> str:
    from kb_search.index import read_meta

    meta = read_meta(settings.kb_index_path) if settings.kb_index_path.is_file() else {}
    if not meta.get("articles"):
        raise FileNotFoundError(f"no knowledge-base index at {settings.kb_index_path}; run `kb build` or `helpdesk "
                                "prepare`")
    return f"ok ({meta['articles']} articles)"


CHECKS = {"database": _database, "triage_model": _triage_model, "kb_index": _kb_index}


def readiness(settings: Settings) -> tuple[bool, dict[str, str]]:
    """(all passed, {check: "ok ..." or "failed: why"})."""
    results = {}
    for name, check in CHECKS.items():
        try:
            results[name] = check(settings)
        except Exception as error:  # any failure means "not ready"; the message says which and why
            results[name] = f"failed: {type(error).__name__}: {str(error).splitlines()[0][:300] if str(error) else ''}"
    return all(r.startswith("ok") for r in results.values()), results


def processes() -> dict[str, str] | None:
    """The state of each process ``helpdesk run`` supervises ("up", "restarting", "down"...),
    from the status file it names in ``HELPDESK_PROCESS_STATUS``; None when not run by it.
    A helper process being down does not make this service unready: the phone line and
    the API serve without the bot."""
    path = os.environ.get("HELPDESK_PROCESS_STATUS")
    if not path:
        return None
    try:
        status = json.loads(Path(path).read_text())
    except (OSError, ValueError) as error:
        return {"supervisor": f"unknown: {type(error).__name__}"}
    return {name: p["state"] + (f" ({p['last_exit']})" if p["state"] != "up" and p.get("last_exit") else "")
            for name, p in status["processes"].items()}
