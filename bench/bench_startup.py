"""A second start of the whole system: time until every process is healthy, and the
lines the terminal shows up to and including the banner (issue 19: <= 30 s, <= 40 lines).

``python -m bench.bench_startup`` runs what `make run` runs on a prepared checkout:
the checks of `helpdesk doctor` (without the ports: the bench uses free ports, so it
can run beside a `helpdesk run`) and `helpdesk prepare` in one process, then the four processes under
the supervisor, exactly as `helpdesk run` defines them, on free loopback ports.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time

SUPERVISE = """
import sys
from pathlib import Path
from harness import botstack
from support_service import cli, runner, supervisor
workdir = Path(sys.argv[1])
processes, stack = botstack.bot_processes(workdir, sys.argv[2], threads=None, workers=2)
scheduler = runner.scheduler_process()
scheduler.env["DATABASE_URL"] = sys.argv[2]
sys.exit(supervisor.run([processes[0], scheduler, processes[1], processes[2]], cli.BANNER,
                        log_dir=workdir / "log", status_file=workdir / "status.json"))
"""
DOCTOR_AND_PREPARE = ("from support_service import cli, doctor; doctor.PORTS.clear(); "
                      "t, s = doctor.report(doctor.run_checks(), quiet=True); print(t); s or cli.prepare(); raise "
                      "SystemExit(s)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.parse_args(argv)
    from helpdesk_settings.config import Settings

    lines: list[str] = []
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", DOCTOR_AND_PREPARE], capture_output=True, text=True)
    lines += done.stdout.splitlines()
    if done.returncode:
        print("\n".join(lines), done.stderr, file=sys.stderr)
        return 1
    prepared = time.monotonic() - started
    with tempfile.TemporaryDirectory() as workdir:
        popen = subprocess.Popen([sys.executable, "-c", SUPERVISE, workdir, Settings.from_env().database_url],
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        for line in popen.stdout:
            lines.append(line.rstrip("\n"))
            if line.startswith("Press Ctrl-C"):
                break
        healthy = time.monotonic() - started
        popen.terminate()
        popen.wait(timeout=60)
    print("\n".join(lines))
    print(f"\nbench_startup: doctor + prepare {prepared:.1f} s; all healthy {healthy:.1f} s after the start "
          f"(target <= 30 s); {len(lines)} lines up to the banner (target <= 40; piped, so each status change "
          f"is a line; a terminal redraws the table in place)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
