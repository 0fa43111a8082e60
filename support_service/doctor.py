"""``helpdesk doctor``: is this machine ready to run the help desk? Each check says
what it found and, when something is missing, how to fix it.

A check ends in one of three states: ``ok``; ``todo``, something `helpdesk prepare`
(run by `make run`) builds by itself; ``FAIL``, something a person must fix. The
exit status is 1 when any check failed, so `make run` stops with the message.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from helpdesk_settings import production
from helpdesk_settings.config import DATA_DIR, PROJECT_ROOT, Settings

PORTS = {8000: "support service", 5005: "Rasa server", 5055: "action server"}
CHROMIUM = Path("/usr/bin/chromium")
MIN_FREE_GB = 2.0


@dataclass
class Result:
    name: str
    state: str  # ok | todo | FAIL
    found: str
    fix: str = ""


def python310() -> Result:
    finder = PROJECT_ROOT / "scripts" / "find-python310"
    found = subprocess.run([str(finder)], capture_output=True, text=True)
    if found.returncode == 0:
        return Result("Python 3.10 (Rasa)", "ok", found.stdout.strip())
    return Result("Python 3.10 (Rasa)", "FAIL", "not found",
                  "Rasa 3.6 needs Python 3.10: `pyenv install 3.10.13` (or apt-get install python3.10), then `make "
                  "setup-rasa`")


def chromium() -> Result:
    if os.access(CHROMIUM, os.X_OK):
        return Result("chromium (browser tests, screenshots)", "ok", str(CHROMIUM))
    return Result("chromium (browser tests, screenshots)", "todo", "not installed",
                  "`make browser` installs Debian's chromium (needed by `make test` and `make screenshots` only)")


def port(number: int, owner: str) -> Result:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", number))
        except OSError:
            return Result(f"port {number} ({owner})", "FAIL", "in use",
                          f"another process listens on {number}: `ss -ltnp 'sport = :{number}'` names it; "
                          "stop it (an earlier `helpdesk run`?) or free the port")
    return Result(f"port {number} ({owner})", "ok", "free")


def database(settings: Settings) -> Result:
    """Reachable, and at the newest schema (Alembic's head)."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    from handoff.core.db import alembic_config

    url = make_url(settings.database_url)
    shown = url.render_as_string(hide_password=True)
    if url.get_backend_name() == "sqlite" and url.database and not Path(url.database).exists():
        return Result("database", "todo", f"{shown} does not exist yet", "`helpdesk prepare` creates and migrates it")
    engine = create_engine(url, connect_args={"connect_timeout": 5} if url.get_backend_name() == "postgresql" else {})
    try:
        with engine.connect() as conn:
            current = MigrationContext.configure(conn).get_current_revision()
    except Exception as error:  # any failure to connect: say which and why
        return Result("database", "FAIL", f"{shown} unreachable: {str(error).splitlines()[0][:200]}",
                      "check DATABASE_URL, that the server runs and accepts this user")
    finally:
        engine.dispose()
    head = ScriptDirectory.from_config(alembic_config(settings.database_url)).get_current_head()
    if current != head:
        return Result("database", "todo", f"{shown} at revision {current or 'none'}, newest is {head}",
                      "`helpdesk prepare` (or `handoff migrate`) upgrades it")
    return Result("database", "ok", f"{shown} at revision {head}")


def models(settings: Settings) -> list[Result]:
    from support_service.botcheck import MODEL
    from support_service.cli import prepared_triage_version

    out = []
    prepared = prepared_triage_version(settings.triage_model_dir)  # no scikit-learn import when prepared
    if prepared:
        out.append(Result("triage model", "ok", prepared))
    else:
        from triage_model.model import current_version_dir

        try:
            out.append(Result("triage model", "ok", current_version_dir(settings.triage_model_dir).name))
        except Exception:  # no current version, or its marker is unreadable
            out.append(Result("triage model", "todo", f"none in {settings.triage_model_dir}",
                              "`helpdesk prepare` trains it (about a minute)"))
    out.append(Result("bot model", "ok", str(MODEL.relative_to(PROJECT_ROOT))) if MODEL.is_file() else
               Result("bot model", "todo", "not trained", "`helpdesk prepare` trains it (2-3 minutes)"))
    out.append(Result("help-centre index", "ok", str(settings.kb_index_path)) if settings.kb_index_path.is_file()
               else Result("help-centre index", "todo", "not built", "`helpdesk prepare` builds it (a second)"))
    return out


def disk_space(path: Path = DATA_DIR) -> Result:
    while not path.exists():
        path = path.parent
    free_gb = shutil.disk_usage(path).free / 1e9
    if free_gb < MIN_FREE_GB:
        return Result("disk space", "FAIL", f"{free_gb:.1f} GB free at {path}",
                      f"free at least {MIN_FREE_GB:g} GB (models, logs, the database)")
    return Result("disk space", "ok", f"{free_gb:.0f} GB free at {path}")


def production_secrets(environ=os.environ) -> Result:
    """In production no secret may be empty, short or shipped (helpdesk_settings.production: the one list)."""
    problems = production.problems(production.environ_values(environ), ("service", "actions", "rasa"))
    if problems:
        return Result("production secrets", "FAIL", "; ".join(problems),
                      "set them in the environment file (deploy/systemd/helpdesk.env.example)")
    return Result("production secrets", "ok", "none empty, short or shipped")


def run_checks(settings: Settings | None = None) -> list[Result]:
    settings = settings or Settings.from_env()
    results = [python310(), chromium(), *(port(n, owner) for n, owner in PORTS.items()), database(settings),
               *models(settings), disk_space()]
    if os.environ.get("HELPDESK_ENV") == "production":
        results.append(production_secrets())
    return results


def report(results: list[Result], quiet: bool = False) -> tuple[str, int]:
    """The text to print and the exit status (1 when any check failed)."""
    failed = [r for r in results if r.state == "FAIL"]
    todo = [r for r in results if r.state == "todo"]
    lines = [f"  {r.state:<4}  {r.name:<38} {r.found}" + (f"\n        fix: {r.fix}" if r.fix else "")
             for r in results if not quiet or r.state != "ok"]
    summary = (f"helpdesk doctor: {len(failed)} problem(s) to fix first" if failed else
               f"helpdesk doctor: ready ({len(results) - len(todo)} checks ok"
               + (f", {len(todo)} for `helpdesk prepare` to do)" if todo else ")"))
    return "\n".join([*lines, summary]), 1 if failed else 0
