"""Every output format accounts for every card, and the CI formats are valid (SPEC §6, §7, §8).

The examples folder is a mixed batch (pass, conditional and fail), so every format exits 1 on it.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from functools import cache
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import EXAMPLE_PATHS, EXAMPLES, ROOT, RUBRICS, Result, run

FORMATS = ("json", "jsonl", "markdown", "sarif", "junit", "text")
ANSI = re.compile(r"\x1b[\[\]()#;?]*[0-9;:]*[A-Za-z@-~]?")
SARIF_SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def _example_cards() -> list[str]:
    """The example cards (the casebook, calibration data with its own ranges file, aside), sorted."""
    cards = [p for p in EXAMPLES.glob("*.yaml")]
    cards.append(EXAMPLES / "hf-readme-card" / "README.md")
    return [str(p.relative_to(ROOT)) for p in sorted(cards)]


EXAMPLE_CARDS = _example_cards()


def cli(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> Result:
    """The CLI in this process (fast), like conftest.run: NO_COLOR set, run from `cwd` (default ROOT)."""
    from typer.testing import CliRunner

    from releasecheck.cli import app

    with contextlib.chdir(cwd or ROOT):
        result = CliRunner().invoke(app, list(args), env={"NO_COLOR": "1", **(env or {})}, catch_exceptions=False)
    return Result(result.exit_code, result.stdout, result.stderr)


@cache
def _examples_in(fmt: str) -> Result:
    return run("check", *EXAMPLE_CARDS, "-f", fmt, "--no-timestamp", cwd=ROOT)


@cache
def _examples_report() -> list[dict]:
    result = _examples_in("json")
    return json.loads(result.stdout)


def _sarif_validator() -> jsonschema.Draft4Validator:
    return jsonschema.Draft4Validator(SARIF_SCHEMA, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)


def _assert_valid_sarif(log: dict) -> None:
    errors = sorted(_sarif_validator().iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, "SARIF does not validate:\n" + "\n".join(
        f"  {'/'.join(map(str, e.absolute_path))}: {e.message[:200]}" for e in errors[:10]
    )


def _planned_blockers(report: dict) -> list[dict]:
    """The blockers of the planned tier of a card that does not pass."""
    if report["decision"] not in ("fail", "conditional"):
        return []
    (tier,) = [t for t in report["tiers"] if t["tier"] == report["planned_tier"]]
    return tier["blocked_by"]


def test_the_examples_are_all_found() -> None:
    assert len(EXAMPLE_CARDS) == 12, EXAMPLE_CARDS  # examples/*.yaml and the Hugging Face README


# --- every format on the examples -----------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_exits_1_on_the_mixed_examples(fmt: str) -> None:
    result = _examples_in(fmt)
    assert result.code == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout.strip(), "no output"


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_example_card_is_accounted_for(fmt: str) -> None:
    out = _examples_in(fmt).stdout
    missing = [card for card in EXAMPLE_CARDS if card not in out]
    assert not missing, f"{fmt} output does not mention {missing}"


def test_json_of_several_cards_is_a_list_of_reports() -> None:
    reports = _examples_report()
    assert isinstance(reports, list)
    assert [r["input"]["path"] for r in reports] == EXAMPLE_CARDS
    assert all("generated_at" not in r for r in reports), "--no-timestamp must omit generated_at"
    assert {r["decision"] for r in reports} >= {"pass", "conditional", "fail"}, "examples should be mixed"


def test_json_of_one_card_is_one_report() -> None:
    result = cli("check", "examples/frontier-api.yaml", "-f", "json", "--no-timestamp", cwd=ROOT)
    assert result.code == 0, result.stderr
    report = json.loads(result.stdout)
    assert isinstance(report, dict)
    assert report["input"]["path"] == "examples/frontier-api.yaml"


def test_jsonl_is_one_report_per_line_in_sorted_input_order() -> None:
    lines = _examples_in("jsonl").stdout.splitlines()
    assert len(lines) == len(EXAMPLE_CARDS)
    records = [json.loads(line) for line in lines]
    assert [r["input"]["path"] for r in records] == EXAMPLE_CARDS
    # the same reports as the json list, one per line
    assert records == _examples_report()


def test_jsonl_is_ascii_and_the_same_report_as_json(tmp_path: Path) -> None:
    card = tmp_path / "café.yaml"
    text = (EXAMPLES / "frontier-api.yaml").read_text(encoding="utf-8")
    card.write_text(text.replace("name: Halcyon-Ultra", "name: Halcyon-Über ✓", 1), encoding="utf-8")
    line = run("check", str(card), "-f", "jsonl", "--no-timestamp").stdout
    whole = run("check", str(card), "-f", "json", "--no-timestamp").stdout
    assert line.isascii() and line.count("\n") == 1
    assert "Halcyon-Über ✓" in whole  # people read UTF-8
    assert json.loads(line) == json.loads(whole)
    assert json.loads(line)["model"]["name"] == "Halcyon-Über ✓"


def test_markdown_has_one_table_row_per_card() -> None:
    out = _examples_in("markdown").stdout
    rows = [line for line in out.splitlines() if line.startswith("| `")]
    for card, report in zip(EXAMPLE_CARDS, _examples_report(), strict=True):
        matching = [row for row in rows if row.startswith(f"| `{card}` |")]
        assert matching, f"no summary row for {card}"
        assert report["decision"] in matching[0], matching[0]
        assert report["recommended_tier"] in matching[0], matching[0]


def test_sarif_validates_against_the_official_schema() -> None:
    log = json.loads(_examples_in("sarif").stdout)
    assert log["version"] == "2.1.0"
    _assert_valid_sarif(log)
    uris = [a["location"]["uri"] for a in log["runs"][0]["artifacts"]]
    assert sorted(uris) == sorted(EXAMPLE_CARDS)


def test_sarif_has_one_result_per_blocker_of_each_failing_planned_tier() -> None:
    log = json.loads(_examples_in("sarif").stdout)
    run0 = log["runs"][0]
    results = [r for r in run0["results"] if r["level"] == "error"]
    got = Counter(
        (
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["ruleId"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
        )
        for r in results
    )
    expected = Counter(
        (report["input"]["path"], blocker["rule"], blocker["line"])
        for report in _examples_report()
        for blocker in _planned_blockers(report)
    )
    assert expected, "the examples should have blockers"
    assert got == expected


def test_sarif_rule_metadata_comes_from_the_rubric() -> None:
    log = json.loads(_examples_in("sarif").stdout)
    driver = log["runs"][0]["tool"]["driver"]
    rules = {rule["id"]: rule for rule in driver["rules"]}
    for index, rule in enumerate(driver["rules"]):
        help_text = rule.get("help", {}).get("text", "")
        assert help_text.strip(), f"rule {rule['id']} has no help text"
        assert rule.get("shortDescription", {}).get("text", "").strip(), rule["id"]
        for res in log["runs"][0]["results"]:
            if res["ruleId"] == rule["id"] and "ruleIndex" in res:
                assert res["ruleIndex"] == index
    for res in log["runs"][0]["results"]:
        assert res["ruleId"] in rules, f"{res['ruleId']} is not among runs[0].tool.driver.rules"
    # the help is the rubric's rationale
    rubric = yaml.safe_load((RUBRICS / "controls.yaml").read_text(encoding="utf-8"))
    (rule,) = [r for r in rubric["rules"] if r["id"] == "REQ-API-HIGH"]
    assert " ".join(rule["rationale"].split()) in rules["REQ-API-HIGH"]["help"]["text"]


def test_junit_has_one_testcase_per_card_and_counts_failures() -> None:
    out = _examples_in("junit").stdout
    root = ET.fromstring(out)
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
    cases = [case for suite in suites for case in suite.findall("testcase")]
    assert sorted(case.get("name") for case in cases) == sorted(EXAMPLE_CARDS)
    reports = {r["input"]["path"]: r for r in _examples_report()}
    not_passing = sum(1 for r in reports.values() if r["decision"] in ("fail", "conditional"))
    assert sum(int(suite.get("failures")) for suite in suites) == not_passing
    assert sum(int(suite.get("tests")) for suite in suites) == len(EXAMPLE_CARDS)
    if root.tag == "testsuites" and root.get("failures") is not None:
        assert int(root.get("failures")) == not_passing
    for case in cases:
        decision = reports[case.get("name")]["decision"]
        assert (case.find("failure") is not None) == (decision in ("fail", "conditional")), case.get("name")
        assert case.find("error") is None


def _piped(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR")}
    full.update(env)
    return subprocess.run(
        [sys.executable, "-m", "releasecheck", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        env=full,
        timeout=60,
    )


@pytest.mark.parametrize("no_color", [True, False], ids=["NO_COLOR", "colour-env-unset"])
def test_text_piped_fits_80_columns_without_escape_codes(no_color: bool) -> None:
    proc = _piped("check", *EXAMPLE_PATHS, "--no-timestamp", env={"NO_COLOR": "1"} if no_color else {})
    assert proc.returncode == 1, proc.stderr
    out = proc.stdout
    assert not ANSI.search(out), "ANSI escape codes in piped text output"
    assert "\x1b" not in proc.stderr
    long = [(n, len(line)) for n, line in enumerate(out.splitlines(), 1) if len(line) > 80]
    assert not long, f"lines longer than 80 characters (line, length): {long[:10]}"
    for card in EXAMPLE_CARDS:
        assert card in out


def test_text_prints_card_text_literally_and_paths_whole(tmp_path: Path) -> None:
    """A model name or folder that looks like rich markup is printed as written (it once crashed
    the text report with exit 3), and a path longer than the terminal is never broken."""
    folder = tmp_path / ("[b]deep-" + "x" * 90)
    folder.mkdir()
    card = folder / "card.yaml"
    text = (EXAMPLES / "frontier-api.yaml").read_text(encoding="utf-8")
    card.write_text(text.replace("name: Halcyon-Ultra", 'name: "Halcyon [/x] Ultra"', 1), encoding="utf-8")
    proc = _piped("check", str(card), "--no-timestamp", env={})
    assert proc.returncode == 0, proc.stderr
    assert "Halcyon [/x] Ultra" in proc.stdout
    assert str(card) in proc.stdout.splitlines()


# --- mixed batches with invalid cards ---------------------------------------------------------

GOOD = ("frontier-api.yaml", "small-open-llm.yaml", "image-generator.yaml")
BAD_YAML = "releasecheck: 1\nmodel:\n  name: 'Unterminated\n  developer: X\n"
UNKNOWN_KEY_LINE = "surprise_field: true\n"


@pytest.fixture
def mixed_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "cards"
    folder.mkdir()
    for index, name in enumerate(GOOD):
        shutil.copy(EXAMPLES / name, folder / f"good-{index}.yaml")
    (folder / "bad-syntax.yaml").write_text(BAD_YAML, encoding="utf-8")
    base = (EXAMPLES / "small-open-llm.yaml").read_text(encoding="utf-8")
    if not base.endswith("\n"):
        base += "\n"
    (folder / "bad-unknown-key.yaml").write_text(base + UNKNOWN_KEY_LINE, encoding="utf-8")
    return folder


def _unknown_key_line() -> int:
    base = (EXAMPLES / "small-open-llm.yaml").read_text(encoding="utf-8")
    return len(base.rstrip("\n").split("\n")) + 1


def _mixed(folder: Path, fmt: str) -> Result:
    return cli("check", str(folder), "-f", fmt, "--no-timestamp")


def _cards(folder: Path) -> list[str]:
    return [str(p) for p in sorted(folder.glob("*.yaml"))]


def _invalid_records(folder: Path) -> dict[str, dict]:
    result = _mixed(folder, "jsonl")
    records = [json.loads(line) for line in result.stdout.splitlines()]
    return {r["input"]["path"]: r for r in records if r.get("invalid")}


@pytest.mark.parametrize("fmt", ["jsonl", "junit", "sarif", "markdown", "json", "text"])
def test_mixed_batch_exits_2_and_still_reports_the_good_cards(mixed_folder: Path, fmt: str) -> None:
    result = _mixed(mixed_folder, fmt)
    assert result.code == 2, result.stderr
    assert "Traceback" not in result.stderr
    for card in _cards(mixed_folder):
        if fmt == "text":  # a human reads reports on stdout and problems on stderr; paths are never broken
            assert card in result.stdout + result.stderr, f"{fmt}: {card} missing"
        else:
            assert card in result.stdout, f"{fmt}: {card} missing"
    # the problems are on stderr as file:line:col, whatever the format
    assert re.search(re.escape(str(mixed_folder / "bad-syntax.yaml")) + r":\d+:\d+", result.stderr)
    line = _unknown_key_line()
    assert f"{mixed_folder / 'bad-unknown-key.yaml'}:{line}:1" in result.stderr


def test_mixed_batch_jsonl_has_invalid_records_with_positions(mixed_folder: Path) -> None:
    result = _mixed(mixed_folder, "jsonl")
    assert result.code == 2
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["input"]["path"] for r in records] == _cards(mixed_folder)
    invalid = {r["input"]["path"]: r for r in records if r.get("invalid") is True}
    assert set(invalid) == {str(mixed_folder / "bad-syntax.yaml"), str(mixed_folder / "bad-unknown-key.yaml")}
    for record in invalid.values():
        assert record["problems"], record
        for problem in record["problems"]:
            assert isinstance(problem["line"], int) and problem["line"] >= 1, problem
            assert isinstance(problem["col"], int) and problem["col"] >= 1, problem
            assert problem["message"]
    unknown = invalid[str(mixed_folder / "bad-unknown-key.yaml")]["problems"]
    assert [(p["line"], p["col"]) for p in unknown] == [(_unknown_key_line(), 1)]
    assert "surprise_field" in json.dumps(unknown)
    valid = [r for r in records if not r.get("invalid")]
    assert len(valid) == 3 and all("decision" in r for r in valid)


def test_mixed_batch_junit_has_an_error_per_invalid_card(mixed_folder: Path) -> None:
    result = _mixed(mixed_folder, "junit")
    assert result.code == 2
    root = ET.fromstring(result.stdout)
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
    cases = {case.get("name"): case for suite in suites for case in suite.findall("testcase")}
    assert sorted(cases) == _cards(mixed_folder)
    errored = sorted(name for name, case in cases.items() if case.find("error") is not None)
    assert errored == [str(mixed_folder / "bad-syntax.yaml"), str(mixed_folder / "bad-unknown-key.yaml")]
    assert sum(int(suite.get("errors", 0)) for suite in suites) == 2
    assert sum(int(suite.get("tests")) for suite in suites) == 5
    line = _unknown_key_line()
    assert f":{line}:1" in (cases[str(mixed_folder / "bad-unknown-key.yaml")].find("error").text or "")


def test_mixed_batch_sarif_has_rc_input_results_at_the_problem(mixed_folder: Path) -> None:
    result = _mixed(mixed_folder, "sarif")
    assert result.code == 2
    log = json.loads(result.stdout)
    _assert_valid_sarif(log)
    run0 = log["runs"][0]
    rules = {rule["id"] for rule in run0["tool"]["driver"]["rules"]}
    assert "RC-INPUT" in rules
    got = sorted(
        (
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
            r["locations"][0]["physicalLocation"]["region"].get("startColumn"),
        )
        for r in run0["results"]
        if r["ruleId"] == "RC-INPUT"
    )
    expected = sorted(
        (path, p["line"], p["col"]) for path, rec in _invalid_records(mixed_folder).items() for p in rec["problems"]
    )
    assert len(expected) >= 2
    assert got == expected


def test_mixed_batch_markdown_marks_invalid_rows(mixed_folder: Path) -> None:
    result = _mixed(mixed_folder, "markdown")
    assert result.code == 2
    rows = [line for line in result.stdout.splitlines() if line.startswith("| `")]
    for name in ("bad-syntax.yaml", "bad-unknown-key.yaml"):
        (row,) = [r for r in rows if r.startswith(f"| `{mixed_folder / name}` |")]
        assert "invalid" in row
    for index in range(3):
        (row,) = [r for r in rows if r.startswith(f"| `{mixed_folder / f'good-{index}.yaml'}` |")]
        assert "invalid" not in row


# --- --output ---------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "jsonl", "sarif", "markdown", "junit", "text"])
def test_output_file_equals_stdout_and_leaves_no_temp_files(tmp_path: Path, fmt: str) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / f"report.{fmt}"
    result = cli("check", *EXAMPLE_PATHS, "-f", fmt, "--no-timestamp", "-o", str(target), cwd=ROOT)
    assert result.code == 1, result.stderr
    assert result.stdout == "", "with --output nothing but errors should reach stdout"
    assert sorted(p.name for p in out_dir.iterdir()) == [target.name], "leftover temporary files"
    assert target.read_text(encoding="utf-8") == _examples_in(fmt).stdout


def test_output_file_gets_ordinary_permissions(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    result = cli("check", "examples/frontier-api.yaml", "-f", "json", "-o", str(target), cwd=ROOT)
    assert result.code == 0, result.stderr
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


def test_output_dash_is_stdout() -> None:
    result = cli("check", "examples/frontier-api.yaml", "-f", "json", "--no-timestamp", "-o", "-", cwd=ROOT)
    assert result.code == 0
    assert json.loads(result.stdout)["decision"] == "pass"


def test_invalid_single_card_creates_no_output_file(tmp_path: Path) -> None:
    card = tmp_path / "bad.yaml"
    card.write_text(BAD_YAML, encoding="utf-8")
    target = tmp_path / "out.json"
    result = cli("check", str(card), "-f", "json", "-o", str(target))
    assert result.code == 2
    assert re.search(re.escape(str(card)) + r":\d+:\d+", result.stderr)
    assert not target.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.yaml"], "leftover temporary files"


def test_invalid_single_card_leaves_an_existing_output_file_alone(tmp_path: Path) -> None:
    card = tmp_path / "bad.yaml"
    card.write_text(BAD_YAML, encoding="utf-8")
    target = tmp_path / "out.json"
    target.write_text('{"previous": true}\n', encoding="utf-8")
    result = cli("check", str(card), "-f", "json", "-o", str(target))
    assert result.code == 2
    assert target.read_text(encoding="utf-8") == '{"previous": true}\n'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.yaml", "out.json"]


def test_unwritable_output_is_a_usage_error(tmp_path: Path) -> None:
    target = tmp_path / "no-such-dir" / "out.json"
    result = cli("check", "examples/frontier-api.yaml", "-f", "json", "-o", str(target), cwd=ROOT)
    assert result.code == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert str(target) in result.stderr or "no-such-dir" in result.stderr


# --- --quiet and --expect-tier ------------------------------------------------------------------


def test_quiet_prints_no_text_report_but_keeps_the_exit_code() -> None:
    result = cli("check", *EXAMPLE_PATHS, "-q", "--no-timestamp", cwd=ROOT)
    assert result.code == 1
    assert result.stdout == ""
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_quiet_still_writes_a_format_asked_for(fmt: str) -> None:
    """--quiet silences human chatter, never the report asked for with -f (issue 17)."""
    result = cli("check", *EXAMPLE_PATHS, "-q", "-f", fmt, "--no-timestamp", cwd=ROOT)
    assert result.code == 1
    assert result.stdout == _examples_in(fmt).stdout


def test_quiet_still_writes_the_output_file(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    result = cli("check", *EXAMPLE_PATHS, "-q", "-f", "json", "--no-timestamp", "-o", str(target), cwd=ROOT)
    assert result.code == 1
    assert target.read_text(encoding="utf-8") == _examples_in("json").stdout


def test_sarif_follows_expect_tier() -> None:
    args = ("check", "examples/frontier-api.yaml", "--expect-tier", "open-weights", "--no-timestamp")
    report = json.loads(cli(*args, "-f", "json", cwd=ROOT).stdout)
    assert report["planned_tier"] == "open-weights"
    assert report["decision"] == "fail"
    sarif = cli(*args, "-f", "sarif", cwd=ROOT)
    assert sarif.code == 1
    log = json.loads(sarif.stdout)
    _assert_valid_sarif(log)
    got = sorted(
        (r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"])
        for r in log["runs"][0]["results"]
        if r["level"] == "error"
    )
    assert got == sorted((b["rule"], b["line"]) for b in _planned_blockers(report))


def test_a_rubric_error_creates_no_output_file(tmp_path: Path) -> None:
    rubrics = tmp_path / "rubrics"
    shutil.copytree(RUBRICS, rubrics)
    (rubrics / "evidence.yaml").write_text("rules: [unclosed\n", encoding="utf-8")
    target = tmp_path / "out.json"
    result = cli(
        "check", "examples/frontier-api.yaml", "--rubrics", str(rubrics), "-f", "json", "-o", str(target), cwd=ROOT
    )
    assert result.code == 3
    assert not target.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rubrics"]


# --- card text cannot break the markup of a format --------------------------------------------

HOSTILE_NAME = "Wren </details> <img src=x> | 7B & co"


@pytest.fixture
def hostile_card(tmp_path: Path) -> Path:
    text = (EXAMPLES / "small-open-llm.yaml").read_text(encoding="utf-8")
    assert "  name: Wren-7B\n" in text
    card = tmp_path / "hostile.yaml"
    card.write_text(text.replace("  name: Wren-7B\n", f"  name: {json.dumps(HOSTILE_NAME)}\n", 1), encoding="utf-8")
    return card


def test_junit_and_sarif_carry_card_text_intact(hostile_card: Path) -> None:
    junit = cli("check", str(hostile_card), "-f", "junit", "--no-timestamp")
    assert junit.code == 0, junit.stderr
    root = ET.fromstring(junit.stdout)
    assert HOSTILE_NAME in ET.tostring(root, encoding="unicode", method="text")
    sarif = cli("check", str(hostile_card), "-f", "sarif", "--no-timestamp")
    _assert_valid_sarif(json.loads(sarif.stdout))


def test_markdown_escapes_pipes_in_card_text(hostile_card: Path) -> None:
    out = cli("check", str(hostile_card), "-f", "markdown", "--no-timestamp").stdout
    (row,) = [line for line in out.splitlines() if line.startswith(f"| `{hostile_card}` |")]
    cells = re.split(r"(?<!\\)\|", row)[1:-1]
    assert len(cells) == 7, f"the row should keep its 7 cells: {row}"


def test_markdown_escapes_html_in_card_text(hostile_card: Path) -> None:
    out = cli("check", str(hostile_card), "-f", "markdown", "--no-timestamp").stdout
    assert out.count("<details>") == out.count("</details>"), "card text closed a <details> block"
    assert "<img src=x>" not in out


def test_every_registered_format_renders_every_shipped_example() -> None:
    """One registry: each Format member names a renderer, and it renders every examples/*.yaml."""
    from releasecheck.report.formats import RENDERERS, Context, Format
    from releasecheck.rubric.load import load_rubric_set
    from releasecheck.run.config import CheckOptions
    from releasecheck.runner import check_path

    assert set(RENDERERS) == set(Format)
    options = CheckOptions(load_rubric_set(None))
    examples = sorted((ROOT / "examples").glob("*.yaml"))
    outcomes = [check_path(str(path), options) for path in examples]
    assert examples and all(o.report is not None for o in outcomes)
    for fmt in Format:
        for outcome in outcomes:
            text = fmt.renderer([outcome], Context())
            assert text.strip(), f"{fmt} rendered nothing for {outcome.path}"
            assert fmt is Format.sarif or outcome.report.model.name in text, (fmt, outcome.path)
