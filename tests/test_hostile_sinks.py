"""Output that cannot be written (issue 19, low): a closed stdout or a full device is an I/O error
reported as such (exit 2 and a message), never an internal error (exit 3) or a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES

CARD = str(EXAMPLES / "frontier-api.yaml")
RELEASECHECK = [sys.executable, "-m", "releasecheck"]


def _run(args: list[str], stdout: object) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run(
        [*RELEASECHECK, *args], stdout=stdout, stderr=subprocess.PIPE, text=True, env=env, check=False, timeout=60
    )


def _closed_stdout(args: list[str]) -> subprocess.CompletedProcess[str]:
    # bash's `>&-` starts the program with file descriptor 1 closed
    command = " ".join(f"'{a}'" for a in [*RELEASECHECK, *args]) + " >&-"
    return subprocess.run(["bash", "-c", command], capture_output=True, text=True, check=False, timeout=60)


@pytest.mark.parametrize(
    "args",
    [["check", CARD, "-f", "json"], ["check", CARD], ["check", CARD, "-f", "sarif"], ["schema", "card"]],
    ids=["check-json", "check-text", "check-sarif", "schema"],
)
def test_a_closed_stdout_is_exit_2_with_a_message(args: list[str]) -> None:
    result = _closed_stdout(args)
    assert result.returncode == 2, result.stderr
    assert "standard output is closed" in result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
@pytest.mark.parametrize("how", ["-o", "stdout"])
def test_a_full_device_is_exit_2_with_a_message(how: str) -> None:
    if how == "-o":
        result = _run(["check", CARD, "-f", "json", "-o", "/dev/full"], subprocess.DEVNULL)
    else:
        with open("/dev/full", "w") as full:
            result = _run(["check", CARD, "-f", "json"], full)
    assert result.returncode == 2, result.stderr
    assert "No space left on device" in result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr


def test_with_stdout_closed_a_report_to_a_file_is_still_written(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    result = _closed_stdout(["check", CARD, "-f", "json", "-o", str(out)])
    assert result.returncode == 0, result.stderr
    assert out.read_text(encoding="utf-8").startswith("{")
