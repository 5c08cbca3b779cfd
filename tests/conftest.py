"""Shared helpers: run the real CLI in a subprocess, or in-process for speed."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
# The example cards, as `check` names them from the repository root. The casebook under examples/casebook is
# calibration data with its own ranges file (tests/test_casebook.py), not part of the example batch.
EXAMPLE_PATHS = sorted(
    [str(p.relative_to(ROOT)) for p in EXAMPLES.glob("*.yaml")] + ["examples/hf-readme-card/README.md"]
)
RUBRICS = ROOT / "rubrics" / "default"


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
