"""``helpdesk``: set up and run the whole system."""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from helpdesk_settings.config import DATA_DIR

#: What the triage model that `helpdesk prepare` last loaded depended on (prepared_triage_version).
PREPARED_TRIAGE = DATA_DIR / "run" / "prepared-triage.json"


def _triage_inputs(model_root: Path) -> dict | None:
    """What the current triage model depends on, read in milliseconds without loading it (nor
    scikit-learn): its version, its artifact's size and time, the training data, scikit-learn's version."""
    from importlib.metadata import version

    from triage_model.data import CURRENT_FILE, MODEL_FILE, TRAIN_FILE, files_digest

    marker = model_root / CURRENT_FILE
    artifact = model_root / (marker.read_text(encoding="utf-8").strip() if marker.is_file() else "") / MODEL_FILE
    if not marker.is_file() or not artifact.is_file():
        return None
    stat = artifact.stat()
    return {"model_root": str(model_root), "version": artifact.parent.name, "artifact": [stat.st_size,
                                                                                         stat.st_mtime_ns],
            "training_data": files_digest([TRAIN_FILE])[0], "scikit_learn": version("scikit-learn")}


def prepared_triage_version(model_root: Path) -> str | None:
    """The current triage model's version if `helpdesk prepare` loaded it and nothing it depends
    on changed since; None when it must be checked (loaded, perhaps retrained) again."""
    try:
        stamp = json.loads(PREPARED_TRIAGE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    inputs = _triage_inputs(model_root)
    return inputs["version"] if inputs is not None and stamp == inputs else None


def prepare_triage_model(model_root: Path) -> str:
    """The current triage model's version: trained once from training_data/, loaded (seconds of
    scikit-learn and spaCy) only when the stamp of the last `helpdesk prepare` is out of date."""
    version = prepared_triage_version(model_root)
    if version is None:
        from triage_model import ensure_model

        version = ensure_model(model_root).version
        PREPARED_TRIAGE.parent.mkdir(parents=True, exist_ok=True)
        PREPARED_TRIAGE.write_text(json.dumps(_triage_inputs(model_root)), encoding="utf-8")
    return version


def prepare(history_days: int = 30) -> None:
    """Build everything the service needs on first start (idempotent, fast when done).
    A development database without tickets gets ``history_days`` of demo traffic."""
    from handoff.cli import prepare_database
    from helpdesk_settings.config import Settings

    print(f"triage model {prepare_triage_model(Settings.from_env().triage_model_dir)}")
    if os.environ.get("HELPDESK_ENV") == "production":
        history_days = 0  # demo traffic never goes into a production database
    added = prepare_database(Settings.from_env(), history_days)  # migrate the ticket database, load demo data
    if added.get("history", {}).get("tickets"):
        played = added["history"]
        print(f"handoff: DEMO DATA: {history_days} days of simulated traffic, {played['tickets']} tickets "
              f"({played['resolved']} resolutions, {played['csat_answers']} survey answers) in {played['seconds']} s")
    from kb_search.index import prepare as prepare_kb_index
    from support_service.botcheck import train_if_stale

    print(prepare_kb_index())  # help-centre search index: built once, then only when articles change
    print(train_if_stale())  # the Rasa bot: trained once, then only when its data or config change
    print("helpdesk: prepared")


BANNER = """
SecureAI help desk is running.
  widget demo     http://localhost:8000/widget/demo
  agent console   http://localhost:8000/console  (agent@secureai.com or manager@secureai.com, password demo-password)
  help centre     http://localhost:8000/help
  tickets API     http://localhost:8000/api/tickets  (Bearer dev-service-token)
  IVR webhooks    http://localhost:8000/ivr/incoming
  metrics         http://localhost:8000/metrics
  Rasa server     http://localhost:5005   action server http://localhost:5055
Press Ctrl-C to stop every process.
"""


def _processes() -> dict:
    from support_service import runner

    return {"support-service": runner.service_process, "scheduler": runner.scheduler_process,
            "action-server": runner.action_server_process, "rasa-server": runner.rasa_process}


#: What `helpdesk run` starts, in this order; `helpdesk serve NAME` is one of them alone.
PROCESSES = _processes()


def serve_process(process) -> None:
    """Replace this process with ``process`` (same pid, so systemd watches the real one)."""
    os.chdir(process.cwd)
    os.execve(process.argv[0], process.argv, {**os.environ, **process.env})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="helpdesk", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    prepare_cmd = sub.add_parser("prepare", help="build indexes, train models, migrate the database")
    run = sub.add_parser("run", help="doctor, prepare, then start every process and keep it running")
    for command in (prepare_cmd, run):
        command.add_argument("--history", type=int, default=30, metavar="DAYS",
                             help="days of simulated demo traffic for a database without tickets "
                                  "(development only; default 30, 0: none)")
    run.add_argument("--verbose", action="store_true", help="stream every process's output to the terminal "
                     "(otherwise it goes to var/log/<process>.log)")
    serve = sub.add_parser("serve", help="become one of `run`'s processes (for systemd: deploy/systemd/)")
    serve.add_argument("process", choices=PROCESSES)
    sub.add_parser("bot-check", help="validate, train and test the Rasa bot")
    doctor = sub.add_parser("doctor", help="check what running the system needs; say how to fix each miss "
                                           "(exit status 1 when something must be fixed)")
    doctor.add_argument("--quiet", action="store_true", help="print only what is not ok, and the summary")
    args = parser.parse_args(argv)
    if args.command == "prepare":
        prepare(args.history)
    elif args.command == "run":
        from helpdesk_settings import production
        from support_service import doctor, supervisor

        try:  # before anything starts: every process's secrets, so none is left half-started
            production.refuse_weak_secrets("helpdesk run", production.environ_values(os.environ),
                                           ("service", "actions", "rasa"), production.environment(os.environ))
        except production.InsecureConfiguration as error:
            print(error, file=sys.stderr)
            return 2
        text, status = doctor.report(doctor.run_checks(), quiet=True)  # a busy port or no database: stop here
        print(text)
        if status:
            return status
        prepare(args.history)
        return supervisor.run([process() for process in PROCESSES.values()], BANNER, verbose=args.verbose)
    elif args.command == "serve":
        serve_process(PROCESSES[args.process]())
    elif args.command == "doctor":
        from support_service import doctor

        text, status = doctor.report(doctor.run_checks(), quiet=args.quiet)
        print(text)
        return status
    elif args.command == "bot-check":
        from support_service import botcheck

        return botcheck.check()
    return 0


if __name__ == "__main__":
    sys.exit(main())
