"""Kill each process of a running system in turn (SIGKILL, as the kernel's OOM killer
would): the others answer throughout and the killed one serves again.

The four real processes of `helpdesk run` (gunicorn, the scheduler, the Rasa action
server and the Rasa server) on free loopback ports, under the supervisor in a
process of its own, exactly as `helpdesk run` starts them.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time

import pytest
import requests
from twilio.request_validator import RequestValidator

pytestmark = [pytest.mark.e2e, pytest.mark.rasa]

SUPERVISE = """
import json, sys
from pathlib import Path
from harness import botstack
from support_service import runner, supervisor
workdir, database_url = Path(sys.argv[1]), sys.argv[2]
processes, stack = botstack.bot_processes(workdir, database_url, threads=4, workers=2)
scheduler = runner.scheduler_process(every_seconds=5)
scheduler.env["DATABASE_URL"] = database_url
(workdir / "urls.json").write_text(json.dumps({"support service": stack.service_url, "rasa server": stack.rasa_url,
                                               "action server": stack.action_url}))
sys.exit(supervisor.run([*processes, scheduler], "BANNER", log_dir=workdir / "log",
                        status_file=workdir / "status.json"))
"""
#: The figure of issue 19: the killed process serves again within this many seconds, on
#: a machine with a core to spare; on a busier one each start takes longer, in proportion.
RECOVERY_SECONDS = 15


@pytest.fixture(scope="module")
def supervised(tmp_path_factory):
    from harness import botstack
    from support_service import runner

    if not (runner.RASA_BIN / "rasa").exists():
        pytest.skip("no Rasa environment at .venv-rasa (make setup-rasa)")
    workdir = tmp_path_factory.mktemp("supervised")
    database_url = f"sqlite:///{workdir / 'helpdesk.db'}"
    botstack.prepare(database_url)
    popen = subprocess.Popen([sys.executable, "-c", SUPERVISE, str(workdir), database_url],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    said = []
    for line in popen.stdout:
        said.append(line)
        if line.startswith("BANNER"):
            break
    else:
        pytest.fail("the supervisor ended while starting:\n" + "".join(said))
    yield workdir, json.loads((workdir / "urls.json").read_text()), popen
    popen.send_signal(signal.SIGTERM)
    popen.wait(timeout=60)


def processes(workdir) -> dict:
    return json.loads((workdir / "status.json").read_text())["processes"]


def answers(name: str, urls: dict, workdir, timeout: float = 5) -> bool:
    """Does the process serve? The service: the tickets API and a signed IVR webhook."""
    try:
        if name == "support service":
            url = urls[name]
            tickets = requests.get(f"{url}/api/tickets", headers={"Authorization": "Bearer dev-service-token"},
                                   timeout=timeout)
            params = {"CallSid": "CA" + "5" * 32, "AccountSid": "AC" + "0" * 32, "From": "+13125550111",
                      "To": "+18007328734", "CallStatus": "ringing"}
            signature = RequestValidator("dev-twilio-token").compute_signature(f"{url}/ivr/incoming", params)
            call = requests.post(f"{url}/ivr/incoming", data=params, headers={"X-Twilio-Signature": signature},
                                 timeout=timeout)
            return tickets.status_code == 200 and call.status_code == 200 and "<Response>" in call.text
        if name == "scheduler":
            return _alive(processes(workdir)[name]["pid"])
        return requests.get(urls[name] + ("/health" if name == "action server" else "/"), timeout=5).status_code == 200
    except requests.RequestException:
        return False


def _alive(pid: int | None) -> bool:
    if pid is None:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.parametrize("victim", ["action server", "scheduler", "support service", "rasa server"])
def test_a_killed_process_serves_again_and_the_others_never_stop(supervised, victim):
    workdir, urls, _popen = supervised
    others = [name for name in ("support service", "scheduler", "action server", "rasa server") if name != victim]
    for name in (victim, *others):
        assert answers(name, urls, workdir), f"{name} does not serve before the kill"
    allowed = RECOVERY_SECONDS * max(1.0, os.getloadavg()[0] / os.cpu_count())
    failures: list[str] = []
    done = threading.Event()

    def call_the_service_meanwhile():
        """The tickets API and the IVR never stop, not even while gunicorn restarts: the supervisor
        holds the listening socket, so a call waits for the new workers rather than being refused."""
        while not done.is_set():
            started = time.monotonic()
            if not answers("support service", urls, workdir, timeout=allowed):
                failures.append(f"support service (its own restart) at {started - killed_at:.1f} s")
            time.sleep(0.3)

    old_pid = processes(workdir)[victim]["pid"]
    caller = threading.Thread(target=call_the_service_meanwhile) if victim == "support service" else None
    killed_at = time.monotonic()
    os.kill(old_pid, signal.SIGKILL)  # the gunicorn master itself, for the support service
    if caller:
        caller.start()
    recovered = None
    while time.monotonic() - killed_at < 180:
        failures += [f"{name} at {time.monotonic() - killed_at:.1f} s" for name in others
                     if not answers(name, urls, workdir)]
        state = processes(workdir)[victim]
        if state["state"] == "up" and state["pid"] != old_pid and answers(victim, urls, workdir):
            recovered = time.monotonic() - killed_at
            break
        time.sleep(0.3)
    done.set()
    if caller:
        caller.join()
    print(f"{victim}: serves again {recovered} s after SIGKILL (load average {os.getloadavg()[0]:.1f})")
    assert not failures, f"while {victim} was down: {failures}"
    assert recovered is not None, f"{victim} did not come back: {processes(workdir)[victim]}"
    assert recovered <= allowed, f"{victim} took {recovered:.1f} s to serve again (load {os.getloadavg()[0]:.1f})"
