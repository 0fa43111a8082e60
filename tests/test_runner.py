"""The process runner behind `helpdesk run`: starts, notices deaths, stops everything."""
import sys

import pytest

from support_service import runner


def test_a_process_without_a_health_url_counts_as_up_while_it_runs():
    sleeper = runner.Process("sleeper", [sys.executable, "-c", "import time; time.sleep(60)"], health_url=None)
    popen = runner.start(sleeper)
    try:
        assert popen.poll() is None
    finally:
        runner.stop([popen])
    assert popen.poll() is not None


def test_a_process_that_dies_while_starting_is_reported_by_name():
    crasher = runner.Process("crasher", [sys.executable, "-c", "raise SystemExit(3)"], health_url=None)
    with pytest.raises(runner.StartupError, match="crasher exited with code 3"):
        runner.start(crasher)


@pytest.mark.parametrize("when", ["while starting", "while running"])
def test_sigterm_to_the_runner_stops_every_process_it_started(tmp_path, when):
    import os
    import signal
    import subprocess
    import time

    pid_file = tmp_path / "child.pid"
    script = f"""
import sys
from support_service import runner
child = runner.Process("child", [sys.executable, "-c",
    "import os, time; open({str(pid_file)!r}, 'w').write(str(os.getpid())); time.sleep(120)"], health_url=None)
sys.exit(runner.run_all([child], "up"))
"""
    supervisor = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert supervisor.stdout.readline().startswith("helpdesk: starting child")
    deadline = time.monotonic() + 20
    while not pid_file.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    child_pid = int(pid_file.read_text())
    if when == "while running":
        assert supervisor.stdout.readline().strip() == "up"  # the banner: everything started
    supervisor.send_signal(signal.SIGTERM)
    assert supervisor.wait(timeout=20) == 0
    with pytest.raises(ProcessLookupError):
        os.kill(child_pid, 0)
