"""Daily use (issue 17): pre-commit hooks in a normal repository, output shapes a script relies on,
--quiet, verify's exit codes, -h.

The hooks are run as pre-commit runs them: the `entry` of .pre-commit-hooks.yaml, with the files
its `files` pattern matches in a temporary git repository holding a plain README.md and a card.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import EXAMPLES, ROOT, Result, run

FAILING = EXAMPLES / "frontier-api-missing-controls.yaml"  # conditional: planned api, recommended limited
PASSING = EXAMPLES / "frontier-api.yaml"
HOOKS = {hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository as a user has one: a plain README, docs, and a card that does not pass."""
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "README.md").write_text("# A project\n\nNo card here.\n", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "README.md").write_text("---\ntitle: docs\n---\n\n# Docs\n", encoding="utf-8")
    shutil.copy(FAILING, tmp_path / "releasecheck.yaml")
    return tmp_path


def hook(hook_id: str, folder: Path) -> Result:
    """Run a hook as pre-commit does: its entry, then every file of the repository its pattern matches."""
    spec = HOOKS[hook_id]
    files = sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file() and ".git" not in p.parts)
    matched = [f for f in files if re.search(spec["files"], f)]
    entry = shlex.split(spec["entry"])
    assert entry[0] == "releasecheck"
    return run(*entry[1:], *matched, cwd=folder)


def test_validate_hook_skips_a_plain_readme(repo: Path) -> None:
    (repo / "releasecheck.yaml").write_bytes(PASSING.read_bytes())
    result = hook("releasecheck-validate", repo)
    assert result.code == 0, result.stderr
    assert "releasecheck.yaml: valid" in result.stdout
    for readme in ("README.md", "docs/README.md"):
        assert f"{readme}:1:1: not a card, skipped" in result.stderr
        assert "put the card under `releasecheck:` in its front matter" in result.stderr


def test_a_plain_readme_alone_is_no_error(repo: Path) -> None:
    for command in ("validate", "check"):
        result = run(command, "README.md", cwd=repo)
        assert result.code == 0, result.stderr
        assert "README.md:1:1: not a card, skipped" in result.stderr
        assert result.stdout == ""


def test_a_plain_readme_in_a_folder_is_passed_over(repo: Path) -> None:
    result = run("validate", ".", cwd=repo)
    assert result.code == 0, result.stderr
    assert "releasecheck.yaml: valid" in result.stdout
    assert "README" not in result.stdout + result.stderr


def test_check_hook_names_the_failing_card_and_why(repo: Path) -> None:
    result = hook("releasecheck-check", repo)
    assert result.code == 1
    assert "releasecheck.yaml: conditional: planned tier api, recommended limited" in result.stderr
    assert "blocked: access_controls.usage_monitoring is false (absent) (REQ-API-HIGH)" in result.stderr


def test_check_hook_is_silent_on_a_passing_card(repo: Path) -> None:
    (repo / "releasecheck.yaml").write_bytes(PASSING.read_bytes())
    result = hook("releasecheck-check", repo)
    assert (result.code, result.stdout, result.stderr) == (0, "", "")


def test_a_markdown_card_is_still_checked(repo: Path) -> None:
    shutil.copy(EXAMPLES / "hf-readme-card" / "README.md", repo / "README.md")
    result = run("validate", "README.md", cwd=repo)
    assert result.code == 0, result.stderr
    assert "not a card" not in result.stderr


# --- shapes ----------------------------------------------------------------------------------------


def _json(*args: str, cwd: Path) -> object:
    result = run("check", *args, "-f", "json", "--no-timestamp", cwd=cwd)
    assert result.code in (0, 1), result.stderr
    return json.loads(result.stdout)


def test_json_shape_follows_the_invocation_not_the_card_count(tmp_path: Path) -> None:
    (tmp_path / "cards").mkdir()
    shutil.copy(PASSING, tmp_path / "cards" / "one.yaml")
    assert isinstance(_json("cards/one.yaml", cwd=tmp_path), dict)  # exactly one file: an object
    assert isinstance(_json("cards", cwd=tmp_path), list)  # a folder holding one card: an array
    assert isinstance(_json("cards/*.yaml", cwd=tmp_path), list)  # a glob matching one card
    assert isinstance(_json("cards/one.yaml", "cards/one.yaml", cwd=tmp_path), list)
    # the jq pipeline `.[].decision` keeps working when the folder grows
    shutil.copy(FAILING, tmp_path / "cards" / "two.yaml")
    assert [r["decision"] for r in _json("cards", cwd=tmp_path)] == ["pass", "conditional"]  # type: ignore[index]


def test_quiet_json_to_stdout_is_still_written() -> None:
    result = run("check", str(FAILING), "-q", "-f", "json", "--no-timestamp")
    assert result.code == 1
    assert json.loads(result.stdout)["decision"] == "conditional"


def test_check_help_documents_the_json_shape() -> None:
    text = " ".join(run("check", "--help").stdout.split())
    assert "array whenever it names a folder, a glob or several paths" in text
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert "always an array" in readme


def test_verify_of_a_report_whose_card_is_gone_is_an_input_problem(tmp_path: Path) -> None:
    card = tmp_path / "card.yaml"
    shutil.copy(PASSING, card)
    assert run("check", "card.yaml", "-f", "json", "-o", "report.json", cwd=tmp_path).code == 0
    card.unlink()
    result = run("verify", "report.json", cwd=tmp_path)
    assert result.code == 2, result.stdout + result.stderr
    assert "card.yaml" in result.stderr and "cannot read" in result.stderr


@pytest.mark.parametrize("args", [(), ("check",), ("rubrics",), ("rubrics", "list")])
def test_dash_h_is_help(args: tuple[str, ...]) -> None:
    short, long = run(*args, "-h"), run(*args, "--help")
    assert short.code == 0, short.stderr
    assert short.stdout == long.stdout
    assert "Usage:" in short.stdout


# --- explain -----------------------------------------------------------------------------------------


def test_explain_knows_the_sarif_input_rule(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("releasecheck: 1\nmodel: [\n", encoding="utf-8")
    sarif = json.loads(run("check", str(bad), "-f", "sarif").stdout)
    (rule,) = {r["ruleId"] for r in sarif["runs"][0]["results"]}
    assert rule == "RC-INPUT"
    result = run("explain", rule)
    assert result.code == 0, result.stderr
    assert result.stdout.startswith("# RC-INPUT: card could not be read or validated")


@pytest.mark.parametrize(("typo", "meant"), [("REQ-API-HIHG", "REQ-API-HIGH"), ("req-api-high", "REQ-API-HIGH")])
def test_explain_suggests_close_ids(typo: str, meant: str) -> None:
    result = run("explain", typo)
    assert result.code == 2
    assert f"hint: did you mean {meant}" in result.stderr


def test_explain_without_a_close_id_points_at_the_list() -> None:
    result = run("explain", "zzzzqqq")
    assert result.code == 2
    assert "did you mean" not in result.stderr and "rubrics show" in result.stderr


@pytest.mark.parametrize(
    ("card", "domains", "compare"),
    [
        ("tests/cards/proxy-refused.yaml", "autonomy", True),
        ("tests/cards/unknown-domain-no-marginal.yaml", "autonomy", False),
        ("examples/casebook/cards/imagen.yaml", "manipulation, csam-ncii", True),
    ],
    ids=["uncompared", "adds-nothing", "two-domains"],
)
@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_a_required_domain_without_evidence_says_what_evidence_would_move_it(
    card: str, domains: str, compare: bool, fmt: str
) -> None:
    """Required domains without evidence: each human-facing format names them and the evidence that
    would move them: an evaluation, and, where the card has not shown that the release adds nothing
    over the open frontier (marginal unknown), a comparison on two shared benchmarks;
    unknown-domain-no-marginal already shows it (marginal below), so it is not asked for again."""
    from conftest import invoke

    result = invoke("check", str(ROOT / card), "-f", fmt, "--no-timestamp")
    text = " ".join(result.stdout.split())  # the text format wraps at the terminal width
    which = "each" if "," in domains else "it"
    assert f"o evidence for required domain(s) {domains}: never read as safe; evaluate {which} (worst case" in text
    assert ("show on two shared benchmarks in marginal_risk that the release adds nothing" in text) is compare
