"""The console script's start-up (releasecheck.launch): the cyclic garbage collector is off until
the first card, then on as usual; the output is what `releasecheck.cli.main` gives."""

from __future__ import annotations

import gc
import subprocess
import sys

import pytest

from conftest import EXAMPLES, ROOT, invoke
from releasecheck import launch

PROBE = """
import atexit, gc, sys
atexit.register(lambda: sys.stderr.write(f"collector={{gc.isenabled()}}\\n"))
sys.argv = ["releasecheck", *{args!r}]
from releasecheck.launch import main
main()
"""


def _started(*args: str) -> subprocess.CompletedProcess[str]:
    code = PROBE.format(args=list(args))
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)


def test_the_collector_is_on_once_a_card_is_checked_and_the_report_is_the_same() -> None:
    args = ["check", str(EXAMPLES / "frontier-api.yaml"), "-f", "json", "--no-timestamp"]
    started = _started(*args)
    assert started.stderr.endswith("collector=True\n")
    direct = invoke(*args)  # the app in this process, without the launcher
    assert (started.returncode, started.stdout) == (direct.code, direct.stdout)


def test_a_command_without_cards_runs_without_the_collector() -> None:
    started = _started("--version")
    assert started.returncode == 0 and started.stdout.startswith("releasecheck ")
    assert started.stderr.endswith("collector=False\n")


def test_start_collecting_does_nothing_unless_the_launcher_deferred_the_collector(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(launch, "_deferred", False)
    gc.disable()
    try:
        launch.start_collecting()
        assert not gc.isenabled()
    finally:
        gc.enable()
