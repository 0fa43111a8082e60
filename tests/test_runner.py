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
