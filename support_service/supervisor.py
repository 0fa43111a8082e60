"""Keep the system's processes running under ``helpdesk run``.

Every process starts at once; each is awaited on its health URL while a status
table shows who is up. A process that exits unexpectedly is started again after
1, 2, 4 ... 60 s; one that crashes within ``FAST_CRASH_SECONDS`` of starting
``GIVE_UP_AFTER`` times in a row is left down (the terminal says so) while the
others keep serving. Ctrl-C or SIGTERM stops them all. The supervisor holds the
listening socket of a server that can inherit one (gunicorn): while it restarts,
new connections wait in the socket's queue instead of being refused.

Each process's output goes to ``var/log/<process>.log`` (rotated); the terminal
shows only state changes, the error lines and the last lines before a crash,
each with its log's path (``verbose`` streams everything). The state of every
process is also written to a JSON file that the support service's ``/readyz``
reports (``STATUS_ENV``).
"""
from __future__ import annotations

import collections
import json
import logging
import logging.handlers
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from helpdesk_settings.config import DATA_DIR
from support_service.runner import Process, stop

LOG_DIR = DATA_DIR / "log"
STATUS_FILE = DATA_DIR / "run" / "processes.json"
#: The support service finds the status file through this variable (support_service.health).
STATUS_ENV = "HELPDESK_PROCESS_STATUS"
BACKOFF_MAX_SECONDS = 60
#: A process that dies sooner than this after it was started crashed "fast".
FAST_CRASH_SECONDS = 30.0
#: Fast crashes in a row after which a process is left down.
GIVE_UP_AFTER = 5
#: A process that ran this long before dying starts its back-off from 1 s again.
STABLE_SECONDS = 300.0
LOG_MAX_BYTES = 10 * 1024 * 1024
LOG_BACKUPS = 3
#: Lines of a process's output that the terminal shows even when calm.
ERROR_LINE = re.compile(r"Traceback \(most recent call last\)|\b(ERROR|CRITICAL|FATAL)\b")
#: At most one error line per process per this many seconds on the terminal (the log has all).
ERROR_QUIET_SECONDS = 5.0


def log_path(process: Process, log_dir: Path = LOG_DIR) -> Path:
    return log_dir / f"{process.name.replace(' ', '-')}.log"


def _kill_group(pid: int, sig: int = signal.SIGKILL) -> None:
    """Signal what is left of a process's group (a dead gunicorn master's workers)."""
    try:
        os.killpg(pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


@dataclass
class Supervised:
    """One process and what the supervisor knows about it."""

    process: Process
    log: logging.Logger
    log_file: Path
    popen: subprocess.Popen | None = None
    listener: socket.socket | None = None  # held across restarts (Process.listen)
    reader: threading.Thread | None = None  # copies the process's output to its log
    #: starting | up | restarting | down | stopped
    state: str = "starting"
    started_at: float = 0.0
    up_since: float | None = None
    restart_at: float = 0.0
    crashes: int = 0  # in a row (reset once it ran STABLE_SECONDS)
    fast_crashes: int = 0  # in a row, each within FAST_CRASH_SECONDS of starting
    restarts: int = 0
    last_exit: str = ""
    tail: collections.deque = field(default_factory=lambda: collections.deque(maxlen=5))
    quiet_until: float = 0.0
    hidden_errors: int = 0

    @property
    def pid(self) -> int | None:
        return self.popen.pid if self.popen and self.state in ("starting", "up") else None

    @property
    def url(self) -> str:
        return self.process.health_url.rsplit("/", 1)[0] if self.process.health_url else "-"

    def health_text(self, now: float) -> str:
        if self.state == "starting":
            return f"starting ({now - self.started_at:.0f} s)"
        if self.state == "up":
            return "up" if not self.restarts else f"up (restarted {self.restarts}x)"
        if self.state == "restarting":
            return f"{self.last_exit}; restart in {max(0.0, self.restart_at - now):.0f} s"
        if self.state == "down":
            return f"DOWN: {self.last_exit}; gave up after {self.fast_crashes} fast crashes"
        return self.state


class Terminal:
    """What the person who typed ``helpdesk run`` sees: the status table while starting
    (redrawn in place on a terminal), then one line per event."""

    def __init__(self, out: TextIO, verbose: bool):
        self.out = out
        self.verbose = verbose
        self.redraw = out.isatty() and not verbose
        self.lock = threading.Lock()
        self.table_lines = 0  # lines of the last table, when nothing was printed after it
        self.shown: dict[str, tuple] = {}

    def line(self, text: str) -> None:
        with self.lock:
            self.out.write(text + "\n")
            self.out.flush()
            self.table_lines = 0

    def table(self, rows: list[Supervised], now: float) -> None:
        """The whole table (on a terminal: over the previous one, if nothing was printed since)."""
        lines = [f"  {'process':<15} {'url':<24} {'pid':>7}  health", *(self._row(row, now) for row in rows)]
        with self.lock:
            if self.redraw and self.table_lines:
                self.out.write(f"\x1b[{self.table_lines}F")  # back to the table's first line
            self.out.write("".join(f"\x1b[2K{text}\n" if self.redraw else f"{text}\n" for text in lines))
            self.out.flush()
            self.table_lines = len(lines) if self.redraw else 0
            self.shown = {row.process.name: (row.state, row.pid) for row in rows}

    def update(self, rows: list[Supervised], now: float) -> None:
        """Redraw the table on a terminal; elsewhere print the rows whose state changed."""
        if self.redraw:
            self.table(rows, now)
            return
        with self.lock:
            for row in rows:
                if self.shown.get(row.process.name) != (row.state, row.pid):
                    self.shown[row.process.name] = (row.state, row.pid)
                    self.out.write(self._row(row, now) + "\n")
            self.out.flush()

    @staticmethod
    def _row(row: Supervised, now: float) -> str:
        return f"  {row.process.name:<15} {row.url:<24} {row.pid or '-':>7}  {row.health_text(now)}"


class Supervisor:
    def __init__(self, processes: list[Process], terminal: Terminal, log_dir: Path = LOG_DIR,
                 status_file: Path = STATUS_FILE):
        self.terminal = terminal
        self.status_file = status_file
        log_dir.mkdir(parents=True, exist_ok=True)
        self.rows = [self._supervised(p, log_path(p, log_dir)) for p in processes]
        for row in self.rows:
            row.process.env[STATUS_ENV] = str(status_file)
            if row.process.listen:
                row.listener = row.process.listening_socket()

    @staticmethod
    def _supervised(process: Process, path: Path) -> Supervised:
        logger = logging.getLogger(f"helpdesk.process.{path}")
        logger.propagate = False
        logger.setLevel(logging.INFO)
        if not logger.handlers:
            handler = logging.handlers.RotatingFileHandler(path, maxBytes=LOG_MAX_BYTES, backupCount=LOG_BACKUPS,
                                                           encoding="utf-8")
            handler.setFormatter(logging.Formatter("%(message)s"))
            logger.addHandler(handler)
        return Supervised(process, logger, path)

    # --- starting and watching ------------------------------------------------------

    def spawn(self, row: Supervised) -> None:
        if row.popen is not None:  # what is left of the previous run (asked to stop when it died)
            _kill_group(row.popen.pid)
        fds = (row.listener.fileno(),) if row.listener else ()
        argv = row.process.argv_serving(fds[0]) if fds else row.process.argv
        row.log.info("----- %s: starting %s", datetime.now(UTC).isoformat(timespec="seconds"), " ".join(argv))
        row.popen = subprocess.Popen(
            argv, cwd=row.process.cwd, env={**os.environ, **row.process.env}, pass_fds=fds,
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            start_new_session=True)  # a group of its own: stopping it stops its workers, Ctrl-C reaches us only
        row.state, row.started_at, row.up_since = "starting", time.monotonic(), None
        row.reader = threading.Thread(target=self._copy_output, args=(row, row.popen), daemon=True,
                                      name=f"log {row.process.name}")
        row.reader.start()
        self.write_status()

    def _copy_output(self, row: Supervised, popen: subprocess.Popen) -> None:
        """Every line to the process's log; error lines (and everything when verbose) to the terminal."""
        for raw in popen.stdout:
            text = raw.decode("utf-8", errors="replace").rstrip("\n")
            row.log.info(text)
            row.tail.append(text)
            if self.terminal.verbose:
                self.terminal.line(f"{row.process.name} | {text}")
            elif ERROR_LINE.search(text):
                now = time.monotonic()
                if now < row.quiet_until:
                    row.hidden_errors += 1
                    continue
                more = f" (+{row.hidden_errors} more)" if row.hidden_errors else ""
                row.quiet_until, row.hidden_errors = now + ERROR_QUIET_SECONDS, 0
                self.terminal.line(f"helpdesk: {row.process.name}: {text[:200]}{more}  [{row.log_file}]")
        popen.stdout.close()

    def _healthy(self, row: Supervised) -> bool:
        if row.process.health_url is None:
            return time.monotonic() - row.started_at >= 1.0
        try:
            with urllib.request.urlopen(row.process.health_url, timeout=1) as response:
                return response.status == 200
        except (urllib.error.URLError, OSError):  # not listening yet, or not ready (HTTPError)
            return False

    def _exited(self, row: Supervised, reason: str) -> None:
        """The process ended (or never became healthy): back off and restart it, or give up."""
        now = time.monotonic()
        # The rest of its group may finish what it serves (a dead gunicorn master's workers end
        # their requests); whatever is left is killed before the next start (spawn).
        _kill_group(row.popen.pid, signal.SIGTERM)
        row.popen.wait()
        row.reader.join(timeout=1.0)  # its last words, for the terminal
        ran = now - row.started_at
        row.crashes = 1 if ran >= STABLE_SECONDS else row.crashes + 1
        row.fast_crashes = row.fast_crashes + 1 if ran < FAST_CRASH_SECONDS or row.up_since is None else 0
        row.last_exit = reason
        tail = "".join(f"\n    {line[:200]}" for line in list(row.tail)[-3:])
        if row.fast_crashes >= GIVE_UP_AFTER:
            row.state = "down"
            self.terminal.line(f"helpdesk: {row.process.name} {reason}; it crashed {row.fast_crashes} times in a row "
                               f"within {FAST_CRASH_SECONDS:.0f} s of starting, so it stays DOWN; the other processes "
                               f"keep serving. Log: {row.log_file}{tail}")
            self.terminal.table(self.rows, now)
        else:
            delay = min(BACKOFF_MAX_SECONDS, 2 ** (row.crashes - 1))
            row.state, row.restart_at = "restarting", now + delay
            self.terminal.line(f"helpdesk: {row.process.name} {reason}; restarting in {delay} s. "
                               f"Log: {row.log_file}{tail}")
        row.tail.clear()
        self.write_status()

    def step(self, announce: bool) -> None:
        """One look at every process; ``announce``: say on the terminal when one is up again."""
        now = time.monotonic()
        for row in self.rows:
            if row.state in ("starting", "up") and row.popen.poll() is not None:
                code = row.popen.returncode
                what = f"killed by signal {-code}" if code < 0 else f"exited with code {code}"
                self._exited(row, what + (" while starting" if row.state == "starting" else ""))
            elif row.state == "starting":
                if self._healthy(row):
                    row.state, row.up_since = "up", now
                    self.write_status()
                    if announce:
                        self.terminal.line(f"helpdesk: {row.process.name} is up again (pid {row.pid}, "
                                           f"{now - row.started_at:.1f} s after its restart)")
                elif now - row.started_at > row.process.startup_seconds:
                    self._exited(row, f"gave no healthy answer at {row.process.health_url} "
                                      f"in {row.process.startup_seconds:.0f} s")
            elif row.state == "restarting" and now >= row.restart_at:
                row.restarts += 1
                self.spawn(row)

    def starting(self) -> bool:
        return any(row.state in ("starting", "restarting") for row in self.rows)

    def write_status(self) -> None:
        """The processes' states for /readyz (written whole, then renamed: never half a file)."""
        self.status_file.parent.mkdir(parents=True, exist_ok=True)
        status = {
            "supervisor_pid": os.getpid(),
            "updated_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "processes": {row.process.name: {"state": row.state, "pid": row.pid, "restarts": row.restarts,
                                             "last_exit": row.last_exit or None, "log": str(row.log_file)}
                          for row in self.rows},
        }
        partial = self.status_file.with_suffix(".tmp")
        partial.write_text(json.dumps(status, indent=1))
        partial.replace(self.status_file)

    def stop_all(self) -> None:
        stop([row.popen for row in self.rows if row.popen is not None])
        for row in self.rows:
            row.state = "stopped"
            if row.listener:
                row.listener.close()
        self.write_status()


def run(processes: list[Process], banner: str, verbose: bool = False, out: TextIO = sys.stdout,
        log_dir: Path = LOG_DIR, status_file: Path = STATUS_FILE, poll_seconds: float = 0.5) -> int:
    """Start and keep ``processes`` running until Ctrl-C or SIGTERM (exit 0); 1 if none came up."""
    terminal = Terminal(out, verbose)
    supervisor = Supervisor(processes, terminal, log_dir, status_file)
    # `kill`, systemd and `timeout` send SIGTERM, not Ctrl-C's SIGINT: stop just the same.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        for row in supervisor.rows:
            supervisor.spawn(row)
        terminal.table(supervisor.rows, time.monotonic())
        while supervisor.starting():
            time.sleep(poll_seconds)
            supervisor.step(announce=False)
            terminal.update(supervisor.rows, time.monotonic())
            if all(row.state == "down" for row in supervisor.rows):
                terminal.line("helpdesk: no process could be started; see the logs above.")
                return 1
        down = [row.process.name for row in supervisor.rows if row.state == "down"]
        terminal.line(banner.rstrip("\n") + (f"\nNOT RUNNING: {', '.join(down)} (see above)." if down else ""))
        while True:
            time.sleep(poll_seconds)
            supervisor.step(announce=True)
    except KeyboardInterrupt:
        terminal.line("helpdesk: stopping ...")
        return 0
    finally:
        supervisor.stop_all()
