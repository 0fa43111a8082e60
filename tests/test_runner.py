"""`helpdesk run`'s supervisor: restarts with back-off, gives up on fast crashers while
the others keep running, stops everything on SIGTERM, logs to files (real processes)."""
import json
import os
import signal
import socket
import subprocess
import sys
import time

import pytest

SUPERVISE = """
import sys
from pathlib import Path
from support_service import runner, supervisor
processes = [runner.Process(name, [sys.executable, "-c", code], health_url=None) for name, code in {processes!r}]
sys.exit(supervisor.run(processes, "BANNER: all up", log_dir=Path({log_dir!r}), status_file=Path({status!r})))
"""


def supervise(tmp_path, processes: list[tuple[str, str]]) -> subprocess.Popen:
    script = SUPERVISE.format(processes=processes, log_dir=str(tmp_path / "log"), status=str(tmp_path / "status.json"))
    return subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def read_until(popen: subprocess.Popen, marker: str, timeout: float = 60) -> list[str]:
    lines, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = popen.stdout.readline()
        assert line, f"the supervisor ended before saying {marker!r}:\n{''.join(lines)}"
        lines.append(line)
        if marker in line:
            return lines
    pytest.fail(f"no {marker!r} in {timeout} s:\n{''.join(lines)}")


def status(tmp_path) -> dict:
    return json.loads((tmp_path / "status.json").read_text())["processes"]


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


SLEEPER = "import time; print('sleeper says hello', flush=True); time.sleep(300)"


def test_a_killed_process_is_restarted_and_the_others_keep_running(tmp_path):
    supervisor = supervise(tmp_path, [("sleeper", SLEEPER), ("victim", SLEEPER.replace("sleeper says", "victim says"))])
    try:
        table = read_until(supervisor, "BANNER: all up")
        assert any("victim" in line and "starting" in line for line in table), table
        before = status(tmp_path)
        assert before["victim"]["state"] == before["sleeper"]["state"] == "up"
        os.kill(before["victim"]["pid"], signal.SIGKILL)
        said = read_until(supervisor, "victim is up again")
        assert "victim killed by signal 9; restarting in 1 s" in "".join(said)
        assert "victim says hello" in "".join(said)  # its last words, shown with the crash
        after = status(tmp_path)
        assert after["victim"]["state"] == "up" and after["victim"]["restarts"] == 1
        assert after["victim"]["pid"] != before["victim"]["pid"] and alive(after["victim"]["pid"])
        assert after["sleeper"]["pid"] == before["sleeper"]["pid"] and alive(before["sleeper"]["pid"])
        log = (tmp_path / "log" / "sleeper.log").read_text()
        assert "sleeper says hello" in log and "sleeper says hello" not in "".join(table + said)
    finally:
        supervisor.send_signal(signal.SIGTERM)
        supervisor.wait(timeout=30)


def test_repeated_fast_crashes_back_off_then_give_up_and_the_others_keep_serving(tmp_path):
    crasher = "import sys; print('Traceback (most recent call last): boom', flush=True); sys.exit(3)"
    supervisor = supervise(tmp_path, [("sleeper", SLEEPER), ("crasher", crasher)])
    try:
        said = "".join(read_until(supervisor, "stays DOWN", timeout=90))
        delays = [int(part.split(" s.")[0]) for part in said.split("restarting in ")[1:]]
        assert delays == [1, 2, 4, 8], said
        assert "crasher exited with code 3" in said and str(tmp_path / "log" / "crasher.log") in said
        assert "Traceback (most recent call last): boom" in said  # the last lines before the crash
        assert "BANNER" in "".join(read_until(supervisor, "NOT RUNNING: crasher"))
        now = status(tmp_path)
        assert now["crasher"]["state"] == "down" and now["sleeper"]["state"] == "up"
        assert alive(now["sleeper"]["pid"])
    finally:
        supervisor.send_signal(signal.SIGTERM)
        supervisor.wait(timeout=30)


SOCKET_SERVER = """
import os, socket, sys
fd = int(sys.argv[sys.argv.index("--bind") + 1].removeprefix("fd://"))  # as gunicorn reads --bind fd://N
server = socket.socket(fileno=fd)
while True:
    connection, _ = server.accept()
    connection.sendall(b"served by %d" % os.getpid())
    connection.close()
"""


def test_a_restarting_server_on_the_held_socket_refuses_no_connection(tmp_path):
    """The supervisor binds the listening socket once and hands it to each start of the server:
    a connection made while the server is dead waits for the next one instead of being refused."""
    from harness.botstack import free_port

    port = free_port()
    script = f"""
import sys
from pathlib import Path
from support_service import runner, supervisor
server = runner.Process("server", [sys.executable, "-c", {SOCKET_SERVER!r}, "--bind", "127.0.0.1:{port}"],
                        health_url=None, listen=("127.0.0.1", {port}))
sys.exit(supervisor.run([server], "BANNER: all up", log_dir=Path({str(tmp_path / "log")!r}),
                        status_file=Path({str(tmp_path / "status.json")!r})))
"""
    supervisor = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                  text=True)

    def ask() -> str:
        with socket.create_connection(("127.0.0.1", port), timeout=60) as connection:
            return connection.recv(100).decode()

    try:
        read_until(supervisor, "BANNER: all up")
        first = status(tmp_path)["server"]["pid"]
        assert ask() == f"served by {first}"
        os.kill(first, signal.SIGKILL)
        while alive(first) and status(tmp_path)["server"]["state"] == "up":
            time.sleep(0.01)
        answer = ask()  # the server is dead or restarting: connected all the same, answered by the next one
        second = status(tmp_path)["server"]["pid"]
        assert answer == f"served by {second}" and second != first
    finally:
        supervisor.send_signal(signal.SIGTERM)
        supervisor.wait(timeout=30)
    with pytest.raises(ConnectionRefusedError):  # stopped: the socket is closed
        socket.create_connection(("127.0.0.1", port), timeout=5)


@pytest.mark.parametrize("when", ["while starting", "while running"])
def test_sigterm_to_the_supervisor_stops_every_process_it_started(tmp_path, when):
    pid_file = tmp_path / "child.pid"
    child = f"import os, time; open({str(pid_file)!r}, 'w').write(str(os.getpid())); time.sleep(120)"
    supervisor = supervise(tmp_path, [("child", child)])
    deadline = time.monotonic() + 20
    while not (pid_file.exists() and pid_file.read_text()) and time.monotonic() < deadline:
        time.sleep(0.05)
    child_pid = int(pid_file.read_text())
    if when == "while running":
        read_until(supervisor, "BANNER: all up")
    supervisor.send_signal(signal.SIGTERM)
    assert supervisor.wait(timeout=20) == 0
    assert not alive(child_pid)
    assert status(tmp_path)["child"]["state"] == "stopped"


def test_helpdesk_serve_becomes_the_process_itself(tmp_path):
    """What systemd runs (deploy/systemd/helpdesk@.service): the same pid, `run`'s command line."""
    from handoff.core.db import migrate

    url = f"sqlite:///{tmp_path / 'helpdesk.db'}"
    migrate(url)
    helpdesk = os.path.join(os.path.dirname(sys.executable), "helpdesk")
    serve = subprocess.Popen([helpdesk, "serve", "scheduler"], stdout=subprocess.PIPE, text=True,
                             env={**os.environ, "DATABASE_URL": url})
    try:
        first_step = json.loads(serve.stdout.readline())  # `handoff tick --every 60` reports its first step
        assert "sla_events" in first_step
        with open(f"/proc/{serve.pid}/cmdline") as cmdline:
            assert cmdline.read().split("\0")[1:5] == [os.path.join(os.path.dirname(sys.executable), "handoff"),
                                                       "tick", "--every", "60"]
    finally:
        serve.terminate()
        serve.wait(timeout=20)
