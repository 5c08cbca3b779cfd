"""Shared helpers: run the real CLI in a subprocess, or in-process for speed; Hypothesis profiles."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis.strategies import SearchStrategy

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
# The example cards, as `check` names them from the repository root. The casebook under examples/casebook is
# calibration data with its own ranges file (tests/test_casebook.py), not part of the example batch.
EXAMPLE_PATHS = sorted(
    [str(p.relative_to(ROOT)) for p in EXAMPLES.glob("*.yaml")] + ["examples/hf-readme-card/README.md"]
)
RUBRICS = ROOT / "rubrics" / "default"

# --- Hypothesis profiles -------------------------------------------------------------------------
#
# `default`: a few examples per property, so `python -m pytest` (the README's command) stays quick.
# `ci` (HYPOTHESIS_PROFILE=ci; .ci/run sets it): derandomized and without an example database, so
# a CI run is reproducible and cannot fail on a draw the previous run did not make, and every
# property runs the full number of examples it asks for through `examples(full)`.
# The longest runs (thousands of generated cards, a process per example) are also marked `slow`:
# the default selection skips them (`-m "not slow"` in pyproject's addopts) and .ci/run runs them
# as `-m slow`. Reproduce a CI failure locally with `HYPOTHESIS_PROFILE=ci python -m pytest -m slow`.
FEW = 25
_COMMON: dict[str, Any] = {
    "deadline": None,  # timings on a shared two-core machine say nothing about correctness
    "database": None,  # no .hypothesis/ folder in the work tree; a failure prints its reproduction
    "print_blob": True,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
}
settings.register_profile("default", max_examples=FEW, **_COMMON)
settings.register_profile("ci", derandomize=True, **_COMMON)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "default")
settings.load_profile(PROFILE)


def examples(full: int) -> int:
    """A property test's example count: all `full` it asks for under the ci profile, a few otherwise."""
    return full if PROFILE == "ci" else min(full, FEW)


def quick_twin(test: Any, **strategies: SearchStrategy[Any]) -> Callable[..., None]:
    """The same property as the `slow` test `test`, over a few examples, for the default selection
    (so `python -m pytest` still exercises it). `strategies` are the ones `test` is given."""
    return settings(max_examples=FEW)(given(**strategies)(test.hypothesis.inner_test))


@pytest.fixture(autouse=True)
def _no_terminal_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """COLUMNS and FORCE_COLOR change the text output (issue 17 item 10): a shell that exports them
    must not change what the tests see; a test that wants them sets them."""
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str


def run(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None, timeout: float = 60) -> Result:
    """The installed program in a fresh process, as a user or CI runs it."""
    full_env = {**os.environ, "NO_COLOR": "1", **(env or {})}
    proc = subprocess.run(
        [sys.executable, "-m", "releasecheck", *args],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        env=full_env,
        timeout=timeout,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


def invoke(*args: str) -> Result:
    """The CLI in this process (typer's runner); much faster for many cards."""
    from typer.testing import CliRunner

    from releasecheck.cli import app

    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    return Result(result.exit_code, result.stdout, result.stderr)


@pytest.fixture
def cli_run():
    return run


@pytest.fixture
def cli_invoke():
    return invoke
