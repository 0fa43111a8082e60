"""The chat bot's three processes on free loopback ports, for tests and benchmarks:
the support service (gunicorn), the Rasa action server and the Rasa server.

They start together (Rasa alone needs ~15 s to load) and each is awaited on its
health URL; ``stop()`` ends them all. Logs go to files in the given directory.
"""
from __future__ import annotations

import os
import socket
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from support_service import runner
from support_service.botcheck import MODEL


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class BotProcesses:
    service_url: str
    rasa_url: str
    action_url: str
    logs: list[Path]
    popens: list[subprocess.Popen] = field(default_factory=list)

    def stop(self) -> None:
        runner.stop(self.popens)

    def log_tails(self, chars: int = 3000) -> str:
        return "\n".join(f"--- {log}\n{log.read_text()[-chars:]}" for log in self.logs if log.exists())

    def restart_service(self, workdir: Path, database_url: str, env: dict[str, str]) -> None:
        """Start the support service again on the same port with ``env`` added (e.g. its clock,
        ``HELPDESK_CLOCK``); the action server and Rasa keep running and notice nothing."""
        runner.stop([p for p in self.popens if p.poll() is None and Path(p.args[0]).name == "gunicorn"])
        process = service_server(urlsplit(self.service_url).port, database_url, workdir, self.rasa_url)
        process.env.update(env)
        launch([process], workdir, self)

    def stop_action_server(self) -> None:
        """Stop the action server (a fault to ride out: Rasa answers without custom actions)."""
        runner.stop([p for p in self.popens if p.args[1:3] == ["run", "actions"] and p.poll() is None])

    def start_action_server(self, workdir: Path) -> None:
        """Start it again on the same port, as a supervisor would."""
        process = runner.action_server_process(port=urlsplit(self.action_url).port, service_url=self.service_url)
        process.env["PUBLIC_URL"] = self.service_url
        launch([process], workdir, self)


def prepare(database_url: str) -> None:
    """What the three need first: the database with demo data, KB index, triage model, bot model."""
    import triage_model
    from handoff.cli import prepare_database
    from helpdesk_settings.config import Settings
    from kb_search.index import prepare as prepare_kb_index
    from support_service.botcheck import train_if_stale

    prepare_database(Settings(database_url=database_url))
    prepare_kb_index()
    triage_model.ensure_model(Settings.from_env().triage_model_dir)
    train_if_stale()


def start(workdir: Path, database_url: str, threads: int = 16, workers: int = 1) -> BotProcesses:
    """Start service, action server and Rasa (trained model at bot/models/current.tar.gz)."""
    processes, stack = bot_processes(workdir, database_url, threads, workers)
    return launch(processes, workdir, stack)


def bot_processes(workdir: Path, database_url: str, threads: int | None = 16,
                  workers: int = 1) -> tuple[list[runner.Process], BotProcesses]:
    """The three processes on free ports, wired to each other (not started yet)."""
    service_port, action_port, rasa_port = free_port(), free_port(), free_port()
    service_url = f"http://127.0.0.1:{service_port}"
    rasa_url = f"http://127.0.0.1:{rasa_port}"
    endpoints = workdir / "endpoints.yml"
    config = yaml.safe_load((runner.BOT_DIR / "endpoints.yml").read_text())  # the production endpoints, other port
    config["action_endpoint"]["url"] = f"http://127.0.0.1:{action_port}/webhook"
    endpoints.write_text(yaml.safe_dump(config))
    service = service_server(service_port, database_url, workdir, rasa_url, threads, workers)
    actions = runner.action_server_process(port=action_port, service_url=service_url)
    actions.env["PUBLIC_URL"] = service_url
    rasa = rasa_server(rasa_port, endpoints, allowed_origins=[service_url])  # the widget demo's origin
    return [service, actions, rasa], BotProcesses(service_url, rasa_url, f"http://127.0.0.1:{action_port}", [])


def service_server(port: int, database_url: str, workdir: Path, rasa_url: str = "", threads: int | None = 16,
                   workers: int = 1) -> runner.Process:
    """The support service (gunicorn) on ``port``; its metrics files in ``workdir``.
    ``threads=None`` keeps the production config's number of threads."""
    url = f"http://127.0.0.1:{port}"
    service = runner.service_process(port, workers, threads=threads, metrics_dir=workdir / f"prometheus-{port}",
                                     health_path="/healthz")
    service.env.update({"DATABASE_URL": database_url, "RASA_URL": rasa_url, "PUBLIC_URL": url})
    return service


def start_service(workdir: Path, database_url: str, env: dict[str, str], threads: int | None = 16,
                  workers: int = 1) -> BotProcesses:
    """The support service alone on a free port (benchmarks and fault tests of the API and phone line)."""
    service = service_server(free_port(), database_url, workdir, threads=threads, workers=workers)
    service.env.update(env)
    return launch([service], workdir, BotProcesses(service.health_url.removesuffix("/healthz"), "", "", []))


def rasa_server(port: int, endpoints: Path | str, env: dict[str, str] | None = None,
                allowed_origins: list[str] | None = None) -> runner.Process:
    """A Rasa server on ``port`` serving the trained bot model with ``endpoints``."""
    rasa = runner.rasa_process(port=port, endpoints=str(endpoints), allowed_origins=allowed_origins)
    rasa.argv[rasa.argv.index("models")] = str(MODEL)
    rasa.env.update(env or {})
    return rasa


def launch(processes: list[runner.Process], workdir: Path, stack: BotProcesses) -> BotProcesses:
    """Start ``processes`` together (each logging to a file in ``workdir``) and wait until
    each is healthy; when one is not, stop them all and raise with their log tails."""
    for process in processes:
        log = workdir / f"{process.name.replace(' ', '-')}-{urlsplit(process.health_url).port}.log"
        stack.logs.append(log)
        with open(log, "w") as out:
            stack.popens.append(subprocess.Popen(
                process.argv, cwd=process.cwd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
                env={**os.environ, "RASA_TELEMETRY_ENABLED": "false", **process.env}))
    try:
        for process, popen in zip(processes, stack.popens[-len(processes):], strict=False):
            runner.wait_healthy(process, popen)
    except runner.StartupError as error:
        stack.stop()
        raise runner.StartupError(f"{error}\n{stack.log_tails()}") from error
    return stack
