"""CLI conventions (issue 17 item 10): placeholders that read as words, one way to name a rubric
folder, FORCE_COLOR and COLUMNS honoured off a terminal, and `validate --format json`."""

from __future__ import annotations

import contextlib
import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, RUBRICS, Result

ANSI = re.compile(r"\x1b\[[0-9;]*m")
TYPE_HINT = re.compile(r"<[a-z][^>]*>")  # <str>, <list[str]>, <int range>, <path>, <text|json|...>
COMMANDS = [
    ["check"],
    ["validate"],
    ["interview"],
    ["init"],
    ["schema"],
    ["explain"],
    ["verify"],
    ["diff"],
    ["rubrics", "list"],
    ["rubrics", "show"],
    ["rubrics", "validate"],
    ["rubrics", "test"],
]


def cli(*args: str, env: dict[str, str] | None = None) -> Result:
    from typer.testing import CliRunner

    from releasecheck.cli import app

    with contextlib.chdir(ROOT):
        result = CliRunner().invoke(app, list(args), env=env, catch_exceptions=False)
    return Result(result.exit_code, result.stdout, result.stderr)


# --- placeholders ------------------------------------------------------------------------------


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_placeholder_reads_as_a_word(command: list[str]) -> None:
    text = cli(*command, "--help", env={"NO_COLOR": "1"}).stdout
    assert text.startswith("Usage: ")
    assert not TYPE_HINT.findall(text), TYPE_HINT.findall(text)
    assert "{" not in text.splitlines()[0], "usage line braces an argument"


def test_check_help_names_its_placeholders_and_their_values() -> None:
    text = cli("check", "--help", env={"NO_COLOR": "1"}).stdout
    assert text.splitlines()[0] == "Usage: releasecheck check [OPTIONS] PATH..."
    for words in ("-f, --format FORMAT", "-o, --output FILE", "--expect-tier TIER", "-j, --jobs N", "--shard I/N"):
        assert words in text
    flat = "".join(text.split())  # help wraps lines, also at a hyphen
    assert "oneofinternal,limited,api,gated-weights,open-weights,fully-open" in flat
    assert "oneoftext,json,jsonl,markdown,sarif,junit,html" in flat


def test_a_bad_choice_still_names_the_choices() -> None:
    result = cli("check", "examples/frontier-api.yaml", "--expect-tier", "open", env={"NO_COLOR": "1"})
    assert result.code == 2
    assert "open-weights" in result.stderr


# --- the rubric folder, one way -----------------------------------------------------------------


@pytest.mark.parametrize("sub", ["list", "show", "validate", "test"])
def test_every_rubrics_command_takes_rubrics_dir_and_the_positional_alias(sub: str, tmp_path: Path) -> None:
    folder = tmp_path / "rubrics"
    shutil.copytree(RUBRICS, folder)
    by_option = cli("rubrics", sub, "--rubrics", str(folder))
    by_position = cli("rubrics", sub, str(folder))
    assert by_option.code == by_position.code == 0, (by_option.stderr, by_position.stderr)
    assert by_option.stdout == by_position.stdout
    if sub == "validate":
        assert by_option.stdout.startswith(f"{folder}: valid")
    help_text = cli("rubrics", sub, "--help").stdout
    assert "--rubrics DIR" in help_text
    assert "[DIR]" not in help_text  # the positional form is a hidden alias


def test_two_different_rubric_folders_are_a_usage_error(tmp_path: Path) -> None:
    result = cli("rubrics", "validate", str(tmp_path), "--rubrics", str(RUBRICS))
    assert result.code == 2
    assert "two rubric folders given" in result.stderr


# --- FORCE_COLOR and COLUMNS off a terminal ----------------------------------------------------


def test_force_color_colours_piped_text_and_no_color_wins() -> None:
    card = "examples/frontier-api.yaml"
    assert ANSI.search(cli("check", card, "--no-timestamp", env={"FORCE_COLOR": "1"}).stdout)
    for env in ({}, {"FORCE_COLOR": "0"}, {"FORCE_COLOR": ""}, {"FORCE_COLOR": "1", "NO_COLOR": "1"}):
        assert not ANSI.search(cli("check", card, "--no-timestamp", env=env).stdout), env
    to_file = cli("check", card, "--no-timestamp", "-f", "json", env={"FORCE_COLOR": "1"}).stdout
    assert not ANSI.search(to_file) and json.loads(to_file)["decision"] == "pass"


@pytest.mark.parametrize("columns", [60, 100])
def test_columns_sets_the_text_width_when_piped(columns: int) -> None:
    args = ("check", "examples/frontier-api-missing-controls.yaml", "--no-timestamp")
    default = cli(*args, env={"NO_COLOR": "1"}).stdout
    sized = cli(*args, env={"NO_COLOR": "1", "COLUMNS": str(columns)}).stdout
    assert max(len(line) for line in default.splitlines()) <= 80
    # the verdict line is never wrapped (one line a person or a script finds whole); all else fits
    fitted = [line for line in sized.splitlines() if not line.startswith(("PASS", "CONDITIONAL", "FAIL"))]
    assert max(len(line) for line in fitted) <= columns
    assert max(len(line) for line in sized.splitlines()) > 80 if columns > 80 else sized != default


def test_a_meaningless_columns_is_ignored() -> None:
    args = ("check", "examples/frontier-api.yaml", "--no-timestamp")
    default = cli(*args, env={"NO_COLOR": "1"}).stdout
    for columns in ("", "wide", "0", "-5"):
        assert cli(*args, env={"NO_COLOR": "1", "COLUMNS": columns}).stdout == default


# --- validate --format json --------------------------------------------------------------------


def test_validate_json_is_an_object_for_one_file() -> None:
    result = cli("validate", "examples/frontier-api.yaml", "-f", "json")
    assert result.code == 0
    assert json.loads(result.stdout) == {"path": "examples/frontier-api.yaml", "valid": True, "problems": []}


def test_validate_json_reports_each_problem_with_its_position(tmp_path: Path) -> None:
    card = tmp_path / "card.yaml"
    text = (ROOT / "examples" / "frontier-api.yaml").read_text()
    card.write_text(text.replace("planned_tier: api", "planned_tier: open", 1))
    assert "planned_tier: open" in card.read_text()
    result = cli("validate", str(card), "--format", "json")
    assert result.code == 2
    report = json.loads(result.stdout)
    assert report["path"] == str(card) and report["valid"] is False
    (problem,) = report["problems"]
    assert set(problem) == {"line", "col", "field", "message", "hint"}
    assert problem["field"] == "release.planned_tier"
    line = next(n for n, row in enumerate(card.read_text().splitlines(), 1) if "planned_tier: open" in row)
    assert problem["line"] == line and problem["col"] > 1
    assert result.stderr == ""  # the JSON is the whole answer; text goes nowhere else


@pytest.mark.parametrize(
    "paths",
    [["examples/waivers/../frontier-api.yaml", "examples/small-open-llm.yaml"], ["examples/hf-readme-card"]],
    ids=["two files", "a folder of one card"],
)
def test_validate_json_is_an_array_when_the_invocation_names_several(paths: list[str]) -> None:
    result = cli("validate", *paths, "-f", "json")
    assert result.code == 0, result.stderr
    shaped = json.loads(result.stdout)
    assert isinstance(shaped, list) and all(entry["valid"] for entry in shaped)
    assert len(shaped) == (2 if len(paths) == 2 else 1)


def test_validate_json_lists_a_missing_path_as_invalid() -> None:
    result = cli("validate", "examples/frontier-api.yaml", "no-such-card.yaml", "-f", "json")
    assert result.code == 2
    by_path = {entry["path"]: entry for entry in json.loads(result.stdout)}
    assert by_path["examples/frontier-api.yaml"]["valid"] is True
    assert by_path["no-such-card.yaml"]["problems"][0]["message"] == "no such file or folder"


def test_validate_format_refuses_other_values() -> None:
    result = cli("validate", "examples/frontier-api.yaml", "-f", "sarif")
    assert result.code == 2
    assert "json" in result.stderr
