"""The system's processes: the support service (gunicorn), the scheduler
(``handoff tick``), the Rasa server and the Rasa action server; how to await and
stop them. ``helpdesk run`` keeps them running with support_service.supervisor.
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from helpdesk_settings.config import DATA_DIR, PROJECT_ROOT, Settings

RASA_BIN = PROJECT_ROOT / ".venv-rasa" / "bin"
BOT_DIR = PROJECT_ROOT / "bot"
GUNICORN_CONFIG = "python:support_service.gunicorn_conf"
# Rasa 3.6's pinned libraries warn about their own deprecations as they are imported
# and TensorFlow logs its CPU features: silenced where they arise (rasa_site/sitecustomize.py),
# everything else the Rasa processes say still reaches their logs.
RASA_QUIET_ENV = {"TF_CPP_MIN_LOG_LEVEL": "2", "PYTHONPATH": str(Path(__file__).with_name("rasa_site"))}


class StartupError(RuntimeError):
    """A process did not come up (exited, or no health answer in time)."""


@dataclass
class Process:
    name: str
    argv: list[str]
    #: None for a process that serves nothing (it counts as up while it runs).
    health_url: str | None
    cwd: Path = PROJECT_ROOT
    env: dict[str, str] = field(default_factory=dict)
    startup_seconds: float = 120.0
    #: (host, port) of a server that can serve a listening socket it inherits (``--bind fd://N``,
    #: gunicorn): a supervisor holds that socket, so that connections wait rather than being
    #: refused while the server restarts.
    listen: tuple[str, int] | None = None

    def argv_serving(self, fd: int) -> list[str]:
        """``argv`` serving the inherited listening socket ``fd`` instead of binding ``listen`` itself."""
        at = self.argv.index("--bind") + 1
        return [*self.argv[:at], f"fd://{fd}", *self.argv[at + 1:]]

    def listening_socket(self) -> socket.socket:
        """The socket ``listen`` names, bound and listening, to be inherited by each start of the server."""
        family = socket.AF_INET6 if ":" in self.listen[0] else socket.AF_INET
        sock = socket.create_server(self.listen, family=family, backlog=2048)  # gunicorn's own backlog
        sock.set_inheritable(True)
        return sock


def local_address(interface: str) -> str:
    """Where this machine reaches a server listening on ``interface`` (for its health check)."""
    return "127.0.0.1" if interface in ("0.0.0.0", "::", "") else interface


def service_process(port: int = 8000, workers: int = 2, bind: str | None = None, threads: int | None = None,
                    metrics_dir: Path = DATA_DIR / "prometheus", health_path: str = "/readyz") -> Process:
    """The support service under gunicorn. ``threads=None`` keeps the config's number of threads;
    the default health path waits until the database, triage model and KB index are loaded."""
    bind = bind or Settings.from_env().bind_host
    shutil.rmtree(metrics_dir, ignore_errors=True)  # stale samples of a previous run
    metrics_dir.mkdir(parents=True)
    thread_args = [] if threads is None else ["--threads", str(threads)]
    return Process(
        name="support service",
        argv=[
            str(Path(sys.executable).parent / "gunicorn"),
            "--workers", str(workers), *thread_args,
            "--bind", f"{bind}:{port}",
            "--config", GUNICORN_CONFIG,  # JSON log lines with request ids (also one per request)
            "support_service.app:create_app()",
        ],
        health_url=f"http://{local_address(bind)}:{port}{health_path}",
        env={"PROMETHEUS_MULTIPROC_DIR": str(metrics_dir)},
        listen=(bind, port),
    )


def scheduler_process(every_seconds: int = 60) -> Process:
    """SLA timers, escalations, auto-close, surveys and mail, once a minute (cron's job in production)."""
    return Process(
        name="scheduler",
        argv=[str(Path(sys.executable).parent / "handoff"), "tick", "--every", str(every_seconds)],
        health_url=None,
    )


def rasa_process(port: int = 5005, endpoints: str = "endpoints.yml", allowed_origins: list[str] | None = None,
                 interface: str | None = None) -> Process:
    """Rasa's REST channel for the widget, CORS only for the pages allowed to embed it, on
    ``HELPDESK_BIND_HOST`` (loopback). Its HTTP API (trackers, models) stays off unless
    ``RASA_AUTH_TOKEN`` or ``RASA_JWT_SECRET`` is set (bot/serve.py)."""
    settings = Settings.from_env()
    interface = interface or settings.bind_host
    return Process(
        name="rasa server",
        argv=[
            str(RASA_BIN / "python"), "serve.py", "run",  # `rasa run` with a faster action check (bot/serve.py)
            "--cors", *(allowed_origins or settings.cors_origins()),
            "--interface", interface,
            "--port", str(port),
            "--model", "models",
            "--endpoints", endpoints,
            "--credentials", "credentials.yml",
        ],
        health_url=f"http://{local_address(interface)}:{port}/",
        cwd=BOT_DIR,
        env=dict(RASA_QUIET_ENV),
        startup_seconds=180.0,
    )


def action_server_process(port: int = 5055, service_url: str = "http://127.0.0.1:8000",
                          interface: str | None = None) -> Process:
    """The Rasa action server on ``HELPDESK_BIND_HOST`` (loopback): it spends the service token for
    whoever posts to it, so only the Rasa servers may reach it (rasa_sdk reads its host from SANIC_HOST)."""
    interface = interface or Settings.from_env().bind_host
    return Process(
        name="action server",
        argv=[str(RASA_BIN / "rasa"), "run", "actions", "--port", str(port), "--actions", "actions"],
        health_url=f"http://{local_address(interface)}:{port}/health",
        cwd=BOT_DIR,
        env={**RASA_QUIET_ENV, "HELPDESK_URL": service_url, "SANIC_HOST": interface},
    )


def wait_healthy(process: Process, popen: subprocess.Popen) -> None:
    if process.health_url is None:
        time.sleep(1)
        if popen.poll() is not None:
            raise StartupError(f"{process.name} exited with code {popen.returncode} while starting")
        return
    deadline = time.monotonic() + process.startup_seconds
    last_answer = "no answer"
    while time.monotonic() < deadline:
        if popen.poll() is not None:
            raise StartupError(f"{process.name} exited with code {popen.returncode} while starting")
        try:
            with urllib.request.urlopen(process.health_url, timeout=2) as response:
                if response.status == 200:
                    return
        except urllib.error.HTTPError as error:  # up, but not ready: its answer says why
            last_answer = f"{error.code}: {error.read()[:500].decode(errors='replace')}"
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    raise StartupError(f"{process.name} not ready at {process.health_url} in {process.startup_seconds:.0f} s "
                       f"(last answer {last_answer})")


def stop(popens: list[subprocess.Popen], grace_seconds: float = 10.0) -> None:
    for popen in reversed(popens):
        if popen.poll() is None:
            os.killpg(popen.pid, signal.SIGTERM)
    deadline = time.monotonic() + grace_seconds
    for popen in reversed(popens):
        try:
            popen.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(popen.pid, signal.SIGKILL)
            popen.wait()
