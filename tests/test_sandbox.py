"""Hard limits on a whole command: a child process stopped at its deadline or its memory limit, whatever
it is doing, with a one-line message and exit status 2."""
import os
import pathlib
import subprocess
import sys
import time

import pytest

from symfisher.sandbox import run_limited


def test_the_work_runs_and_its_status_comes_back(capfd):
    assert run_limited(lambda: print("hello", flush=True) or 1, 30, 2**31) == 1
    assert "hello" in capfd.readouterr().out


def test_a_computation_stuck_past_its_deadline_is_stopped_with_its_workers(capfd, tmp_path):
    marker = tmp_path / "worker.pid"

    def stuck() -> int:
        worker = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
        marker.write_text(str(worker.pid))
        while True:  # pure C would do as well: the child is killed, not interrupted
            pass

    start = time.monotonic()
    assert run_limited(stuck, 1.0, None) == 2
    assert time.monotonic() - start < 10 and "stopped after 1 s" in capfd.readouterr().err
    worker = pathlib.Path(f"/proc/{marker.read_text()}/stat")
    time.sleep(0.2)  # the worker went with its process group: gone, or a zombie nobody has reaped yet
    assert not worker.exists() or worker.read_text().split(")")[-1].split()[0] == "Z"


def test_a_computation_past_its_memory_limit_ends_with_a_message(capfd):
    def hungry() -> int:
        hoard = []
        while True:
            hoard.append(bytearray(50 * 2**20))

    assert run_limited(hungry, 60, 2**30) == 2
    assert "memory limit of 1 GB" in capfd.readouterr().err


def test_the_command_stops_at_its_time_limit_and_says_how_to_raise_it():
    command = os.path.join(os.path.dirname(sys.executable), "symfisher")
    run = subprocess.run([command, "--time-limit", "0.5", "derive", "--family", "weibull"], capture_output=True,
                         text=True, timeout=120, check=False)
    assert run.returncode == 2 and "stopped after 0.5 s" in run.stderr and "--time-limit" in run.stderr
    bad = subprocess.run([command, "--time-limit", "-3", "family", "list"], capture_output=True, text=True,
                         timeout=120, check=False)
    assert bad.returncode == 2 and "positive number" in bad.stderr


def test_a_support_of_a_billion_outcomes_is_judged_in_seconds_not_gigabytes():
    import symfisher as sf

    start = time.monotonic()
    with pytest.raises(sf.errors.NotNormalised, match="sums to 1.22"):
        sf.Model.from_text("theta**x*(1-theta)**(1-x)", "x", "theta in (0,1)", "{0,...,10**9}", budget=3)
    assert time.monotonic() - start < 30
