"""The hooks as pre-commit itself runs them (issue 17 item 1): `pre-commit try-repo` of this
checkout in a fresh repository that holds a plain README (no card: skipped, never a failure) and a
card. pre-commit installs releasecheck into an environment of its own from the package registry,
so this is in the slow set."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT

pytestmark = pytest.mark.slow


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = tmp_path_factory.mktemp("lab-repo")
    _git(repo, "init", "-q")
    _git(repo, "config", "user.email", "lab@example.org")
    _git(repo, "config", "user.name", "Lab")
    (repo / "README.md").write_text("# Our models\n\nNo card here: pre-commit must pass over it.\n", encoding="utf-8")
    (repo / "docs").mkdir()
    (repo / "docs" / "README.md").write_text("---\ntitle: docs\n---\n# Docs\n", encoding="utf-8")
    shutil.copy(EXAMPLES / "frontier-api.yaml", repo / "releasecheck.yaml")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "cards")
    return repo


def _try_repo(repo: Path, hook: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1", "PRE_COMMIT_COLOR": "never"}
    command = [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), hook, "--all-files", "--verbose"]
    return subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")  # one hook environment for the module's runs


@pytest.mark.parametrize("hook", ["releasecheck-validate", "releasecheck-check"])
def test_the_hooks_pass_a_repository_with_a_plain_readme_and_a_good_card(repo: Path, home: Path, hook: str) -> None:
    result = _try_repo(repo, hook, home)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "Passed" in result.stdout


def test_a_failing_card_is_named_with_its_reason(repo: Path, home: Path) -> None:
    shutil.copy(EXAMPLES / "critical-cyber-internal.yaml", repo / "releasecheck-cyber.yaml")
    _git(repo, "add", ".")
    result = _try_repo(repo, "releasecheck-check", home)
    assert result.returncode == 1, result.stdout[-3000:]
    assert "Failed" in result.stdout
    assert "releasecheck-cyber.yaml" in result.stdout  # the card, and why, in the hook's output
    assert "FAIL" in result.stdout or "fail" in result.stdout
