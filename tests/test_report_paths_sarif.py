"""Issue 19 (low): a report records the card path relative to the working directory, so relative
and absolute runs give the same bytes and no absolute path leaks; SARIF lists at most 100 results
per card and counts the rest; SARIF levels: a blocker is an error, a condition (a conditional
decision) a warning; tool.driver.version is set (issue 17 item 10)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema

from conftest import EXAMPLES, ROOT, invoke, run

SARIF_SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text())


def test_relative_and_absolute_runs_give_the_same_report() -> None:
    relative = run("check", "examples/frontier-api.yaml", "-f", "json", "--no-timestamp", cwd=ROOT)
    absolute = run("check", str(EXAMPLES / "frontier-api.yaml"), "-f", "json", "--no-timestamp", cwd=ROOT)
    dotted = run("check", "./examples/../examples/frontier-api.yaml", "-f", "json", "--no-timestamp", cwd=ROOT)
    assert relative.stdout == absolute.stdout == dotted.stdout
    assert json.loads(relative.stdout)["input"]["path"] == "examples/frontier-api.yaml"


def test_a_card_outside_the_working_directory_keeps_the_path_as_given(tmp_path: Path) -> None:
    card = str(EXAMPLES / "frontier-api.yaml")
    result = run("check", card, "-f", "json", "--no-timestamp", cwd=tmp_path)
    assert json.loads(result.stdout)["input"]["path"] == card


def test_verify_finds_a_relative_card_beside_the_report_from_anywhere(tmp_path: Path) -> None:
    (tmp_path / "cards").mkdir()
    shutil.copy(EXAMPLES / "frontier-api.yaml", tmp_path / "cards" / "a.yaml")
    made = run("check", str(tmp_path / "cards" / "a.yaml"), "-f", "json", "-o", "report.json", cwd=tmp_path)
    assert made.code == 0, made.stderr
    assert json.loads((tmp_path / "report.json").read_text())["input"]["path"] == "cards/a.yaml"
    checked = run("verify", str(tmp_path / "report.json"), cwd=ROOT)  # another working directory
    assert checked.code == 0, checked.stdout + checked.stderr


def test_sarif_lists_at_most_100_results_per_card_and_counts_the_rest(tmp_path: Path) -> None:
    card = tmp_path / "many.yaml"
    card.write_text("releasecheck: 1\nmodel:\n  name: x\n" + "".join(f"k{i}: 1\n" for i in range(300)))
    good = str(EXAMPLES / "frontier-api.yaml")
    result = invoke("check", str(card), good, "-f", "sarif", "--expect-tier", "open-weights")
    assert result.code == 2
    log = json.loads(result.stdout)
    assert not list(jsonschema.Draft4Validator(SARIF_SCHEMA).iter_errors(log))
    results = log["runs"][0]["results"]
    mine = [r for r in results if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == str(card)]
    assert len(mine) == 101
    last = mine[-1]
    assert last["ruleId"] == "RC-MORE" and last["level"] == "error"
    record = json.loads(invoke("check", str(card), "-f", "jsonl").stdout)  # every problem, in JSON
    assert len(record["problems"]) > 300
    assert last["message"]["text"].startswith(f"{len(record['problems']) - 100} more result(s)")
    assert any(r["ruleId"] == "CEIL-MATRIX" for r in results)  # the other card is untouched
    assert invoke("explain", "RC-MORE").code == 0


def test_sarif_levels_and_driver_version() -> None:
    from releasecheck import __version__

    failing = json.loads(invoke("check", "examples/critical-cyber-internal.yaml", "-f", "sarif").stdout)
    assert failing["runs"][0]["tool"]["driver"]["version"] == __version__
    assert {r["level"] for r in failing["runs"][0]["results"] if r["ruleId"] == "CEIL-MATRIX"} == {"error"}
    # a pass made conditional by --min-confidence: a warning, as every condition is
    gated = invoke("check", "examples/small-open-llm.yaml", "-f", "sarif", "--min-confidence", "high")
    log = json.loads(gated.stdout)
    assert not list(jsonschema.Draft4Validator(SARIF_SCHEMA).iter_errors(log))
    (gate,) = [r for r in log["runs"][0]["results"] if r["ruleId"] == "CONF-EVIDENCE"]
    assert gate["level"] == "warning"
