"""Waivers (SPEC §5 "Waivers", §7, §8): governance requirements may be waived with a recorded
reason, approver and expiry; capability findings cannot; every output format shows each waiver.

"Today" is fixed through SOURCE_DATE_EPOCH, which the tool uses for the current date when set. The
tests leave out --no-timestamp (SOURCE_DATE_EPOCH already makes the output deterministic) except the
one that checks --no-timestamp does not bring the wall clock back.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from conftest import EXAMPLES, ROOT, Result

CARD = EXAMPLES / "frontier-api-missing-controls.yaml"
TODAY = dt.date(2026, 6, 15)  # deliberately not the wall-clock date
REASON = "Abuse monitoring ships before general availability; interim manual review of all traffic"
APPROVER = "Jane Doe (CISO)"
SARIF_SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def cli(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> Result:
    """The CLI in this process (fast), like conftest.run: NO_COLOR set, run from `cwd` (default ROOT)."""
    from typer.testing import CliRunner

    from releasecheck.cli import app

    with contextlib.chdir(cwd or ROOT):
        result = CliRunner().invoke(app, list(args), env={"NO_COLOR": "1", **(env or {})}, catch_exceptions=False)
    return Result(result.exit_code, result.stdout, result.stderr)


def _epoch(day: dt.date) -> str:
    return str(int(dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.UTC).timestamp()))


def check(*args: str, today: dt.date = TODAY) -> Result:
    return cli("check", *args, env={"SOURCE_DATE_EPOCH": _epoch(today)})


def write_waivers(path: Path, *entries: dict[str, object]) -> Path:
    """Each entry as a YAML mapping whose first key is `rule`, so an entry's line is its rule's line."""
    lines = ["waivers:"]
    for entry in entries:
        first = True
        for key, value in entry.items():
            lines.append(f"  {'- ' if first else '  '}{key}: {json.dumps(value) if isinstance(value, str) else value}")
            first = False
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def entry(rule: str = "REQ-API-HIGH", **overrides: object) -> dict[str, object]:
    base: dict[str, object] = {"rule": rule, "reason": REASON, "approved_by": APPROVER, "expires": "2027-03-31"}
    base.update(overrides)
    return {k: v for k, v in base.items() if v is not None}


def entry_lines(path: Path) -> list[int]:
    """1-based line of each `- rule:` entry in a waiver file written by write_waivers."""
    return [n for n, line in enumerate(path.read_text().splitlines(), 1) if line.startswith("  - ")]


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def good_waiver(tmp_path: Path) -> Path:
    return write_waivers(tmp_path / "waivers.yaml", entry())


# --- the waiver changes the result and says what changed --------------------------------------


def test_without_the_waiver_the_card_is_conditional() -> None:
    result = check(str(CARD), "-f", "json")
    assert result.code == 1, result.stderr
    report = json.loads(result.stdout)
    assert (report["decision"], report["recommended_tier"]) == ("conditional", "limited")
    assert report["waivers"] == []


def test_a_requirement_waiver_turns_conditional_into_pass(good_waiver: Path) -> None:
    result = check(str(CARD), "--waivers", str(good_waiver), "-f", "json")
    assert result.code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["decision"] == "pass"
    assert report["recommended_tier"] == "api"
    assert report["ceiling_tier"] == "api"
    (waiver,) = report["waivers"]
    assert waiver["rule"] == "REQ-API-HIGH"
    assert waiver["reason"] == REASON
    assert waiver["approved_by"] == APPROVER
    assert waiver["expires"] == "2027-03-31"
    changed = json.dumps(waiver)
    for word in ("api", "limited", "conditional", "pass"):
        assert word in changed, f"the waiver record should say what changed ({word}): {waiver}"
    waived_trail = [t for t in report["trail"] if t["rule"] == "REQ-API-HIGH" and t["outcome"] == "waived"]
    assert waived_trail, "the trail should show the requirement as waived"
    assert all(e["line"] >= 1 for t in waived_trail for e in t["evidence"])
    api = next(t for t in report["tiers"] if t["tier"] == "api")
    assert api["ready"] is True


def test_a_waiver_never_changes_the_ceiling_or_the_capability_findings(good_waiver: Path) -> None:
    plain = json.loads(check(str(CARD), "-f", "json").stdout)
    waived = json.loads(check(str(CARD), "--waivers", str(good_waiver), "-f", "json").stdout)
    assert waived["domains"] == plain["domains"]
    assert waived["ceiling_tier"] == plain["ceiling_tier"]
    for tier in ("gated-weights", "open-weights", "fully-open"):
        before = next(t for t in plain["tiers"] if t["tier"] == tier)
        after = next(t for t in waived["tiers"] if t["tier"] == tier)
        assert after["permitted"] is False
        assert [b for b in after["blocked_by"] if b["kind"] == "capability"] == [
            b for b in before["blocked_by"] if b["kind"] == "capability"
        ]


def _sarif_shows_waiver(out: str) -> None:
    log = json.loads(out)
    errors = list(jsonschema.Draft4Validator(SARIF_SCHEMA).iter_errors(log))
    assert not errors, errors[0].message
    assert REASON in out and "REQ-API-HIGH" in out


FORMAT_CASES = [
    "json",
    "markdown",
    "sarif",
    "junit",
    "text",
    "html",
]


@pytest.mark.parametrize("fmt", FORMAT_CASES)
def test_every_format_shows_the_waiver(good_waiver: Path, fmt: str) -> None:
    result = check(str(CARD), "--waivers", str(good_waiver), "-f", fmt)
    assert result.code == 0, result.stderr
    out = result.stdout
    if fmt == "sarif":
        _sarif_shows_waiver(out)
        return
    if fmt == "junit":
        ET.fromstring(out)
    text = flat(out)
    assert "REQ-API-HIGH" in text
    assert flat(REASON) in text, f"{fmt} output does not show the waiver's reason"
    assert APPROVER in text, f"{fmt} output does not show who approved the waiver"
    assert "2027-03-31" in text, f"{fmt} output does not show the waiver's expiry"
    assert "conditional" in text, f"{fmt} output does not say what the waiver changed"


def test_sarif_reports_waived_blockers_as_suppressed_results(good_waiver: Path) -> None:
    result = check(str(CARD), "--waivers", str(good_waiver), "-f", "sarif")
    log = json.loads(result.stdout)
    suppressed = [r for r in log["runs"][0]["results"] if r.get("suppressions")]
    assert {r["ruleId"] for r in suppressed} == {"REQ-API-HIGH"}
    lines = sorted(r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in suppressed)
    assert lines == [153, 154]
    assert all(REASON in json.dumps(r["suppressions"]) for r in suppressed)


def test_the_waiver_applies_under_every_profile(good_waiver: Path) -> None:
    result = check(str(CARD), "--waivers", str(good_waiver), "--compare-profiles", "-f", "json")
    assert result.code == 0, result.stderr
    profiles = json.loads(result.stdout)["profiles"]["results"]
    assert profiles["balanced"]["decision"] == "pass"
    assert profiles["marginal"]["decision"] == "pass"
    # precautionary caps the high domain at limited: a waiver cannot lift a capability ceiling
    assert profiles["precautionary"]["ceiling_tier"] == "limited"
    assert profiles["precautionary"]["decision"] == "fail"


# --- scope -------------------------------------------------------------------------------------


def test_a_scope_that_does_not_match_the_card_has_no_effect(tmp_path: Path) -> None:
    waivers = write_waivers(tmp_path / "w.yaml", entry(scope="other-team/*.yaml"))
    result = check(str(CARD), "--waivers", str(waivers), "-f", "json")
    assert result.code == 1, result.stderr
    report = json.loads(result.stdout)
    assert report["decision"] == "conditional"
    assert report["recommended_tier"] == "limited"
    assert report["waivers"] == []
    assert not [t for t in report["trail"] if t["outcome"] == "waived"]


@pytest.mark.parametrize("scope", ["*frontier-api-missing-controls.yaml", "*/examples/*"], ids=["file", "folder"])
def test_a_matching_scope_applies(tmp_path: Path, scope: str) -> None:
    waivers = write_waivers(tmp_path / "w.yaml", entry(scope=scope))
    result = check(str(CARD), "--waivers", str(waivers), "-f", "json")
    assert result.code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["decision"] == "pass"
    assert [w["scope"] for w in report["waivers"]] == [scope]


def test_a_scope_never_matches_the_model_name_the_card_writes(tmp_path: Path) -> None:
    assert "name: Stratus-2" in CARD.read_text(encoding="utf-8")
    waivers = write_waivers(tmp_path / "w.yaml", entry(scope="Stratus-2*"))
    report = json.loads(check(str(CARD), "--waivers", str(waivers), "-f", "json").stdout)
    assert report["waivers"] == [] and report["decision"] == "conditional"  # a card cannot opt into a waiver


def test_scope_limits_a_waiver_to_its_cards_in_a_batch(tmp_path: Path) -> None:
    folder = tmp_path / "cards"
    folder.mkdir()
    text = CARD.read_text(encoding="utf-8")
    (folder / "team-a.yaml").write_text(text, encoding="utf-8")
    (folder / "team-b.yaml").write_text(text, encoding="utf-8")
    waivers = write_waivers(tmp_path / "w.yaml", entry(scope="*team-a.yaml"))
    result = check(str(folder), "--waivers", str(waivers), "-f", "jsonl")
    assert result.code == 1, result.stderr
    by_name = {Path(r["input"]["path"]).name: r for r in map(json.loads, result.stdout.splitlines())}
    assert by_name["team-a.yaml"]["decision"] == "pass"
    assert len(by_name["team-a.yaml"]["waivers"]) == 1
    assert by_name["team-b.yaml"]["decision"] == "conditional"
    assert by_name["team-b.yaml"]["waivers"] == []


# --- input errors: exit 2 naming file:line:col -------------------------------------------------


def expires_lines(path: Path) -> list[int]:
    """Line of each entry's `expires:`; an expired waiver is reported there."""
    return [n for n, line in enumerate(path.read_text().splitlines(), 1) if "expires:" in line]


def _assert_input_error(result: Result, waivers: Path, line: int, *words: str) -> None:
    assert result.code == 2, (result.code, result.stderr)
    assert "Traceback" not in result.stderr
    assert result.stdout == "", "no report when the waiver file is invalid"
    match = re.search(re.escape(str(waivers)) + r":(\d+):(\d+)", result.stderr)
    assert match, f"no {waivers}:line:col in {result.stderr!r}"
    assert int(match.group(1)) == line, result.stderr
    assert int(match.group(2)) >= 1, result.stderr
    for word in words:
        assert word in result.stderr, f"{word!r} not in {result.stderr!r}"


@pytest.mark.parametrize(
    "rule",
    ["CEIL-MATRIX", "EV-CANNOT-RULE-OUT", "EV-BENCHMARK", "EV-WEIGHTS-SAFEGUARDS-ON", "CEIL-MATRIX-MARGINAL"],
)
def test_waiving_a_capability_rule_is_an_input_error(tmp_path: Path, rule: str) -> None:
    waivers = write_waivers(tmp_path / "w.yaml", entry(), entry(rule))
    result = check(str(CARD), "--waivers", str(waivers), "-f", "json")
    _assert_input_error(result, waivers, entry_lines(waivers)[1], rule)


def test_an_expired_waiver_is_an_input_error_naming_it(tmp_path: Path) -> None:
    yesterday = (TODAY - dt.timedelta(days=1)).isoformat()
    waivers = write_waivers(tmp_path / "w.yaml", entry("REQ-WEIGHTS-ALERT"), entry(expires=yesterday))
    result = check(str(CARD), "--waivers", str(waivers), "-f", "json")
    _assert_input_error(result, waivers, expires_lines(waivers)[1], "REQ-API-HIGH", "expired", yesterday)


def test_an_expired_waiver_points_at_its_expires_line(tmp_path: Path) -> None:
    waivers = write_waivers(tmp_path / "w.yaml", entry(expires="2020-01-01"))
    expires_line = next(n for n, line in enumerate(waivers.read_text().splitlines(), 1) if "expires:" in line)
    result = check(str(CARD), "--waivers", str(waivers), "-f", "json")
    assert result.code == 2
    assert f"{waivers}:{expires_line}:" in result.stderr, result.stderr


def test_a_waiver_expiring_today_still_holds(tmp_path: Path) -> None:
    waivers = write_waivers(tmp_path / "w.yaml", entry(expires=TODAY.isoformat()))
    result = check(str(CARD), "--waivers", str(waivers), "-f", "json")
    assert result.code == 0, result.stderr
    assert json.loads(result.stdout)["decision"] == "pass"


def test_today_comes_from_source_date_epoch(tmp_path: Path) -> None:
    waivers = write_waivers(tmp_path / "w.yaml", entry(expires="2027-03-31"))
    on_the_day = check(str(CARD), "--waivers", str(waivers), "-f", "json", today=dt.date(2027, 3, 31))
    assert on_the_day.code == 0, on_the_day.stderr
    assert json.loads(on_the_day.stdout)["generated_at"].startswith("2027-03-31")
    after = check(str(CARD), "--waivers", str(waivers), "-f", "json", today=dt.date(2027, 4, 1))
    _assert_input_error(after, waivers, expires_lines(waivers)[0], "REQ-API-HIGH", "expired")
    # a waiver long expired by the wall clock still holds on a run dated before its expiry
    old = write_waivers(tmp_path / "old.yaml", entry(expires="2021-06-30"))
    replay = check(str(CARD), "--waivers", str(old), "-f", "json", today=dt.date(2021, 1, 1))
    assert replay.code == 0, replay.stderr


def test_no_timestamp_does_not_bring_back_the_wall_clock(tmp_path: Path) -> None:
    old = write_waivers(tmp_path / "old.yaml", entry(expires="2021-06-30"))
    replay = check(str(CARD), "--waivers", str(old), "-f", "json", "--no-timestamp", today=dt.date(2021, 1, 1))
    assert replay.code == 0, replay.stderr
    future = write_waivers(tmp_path / "future.yaml", entry(expires="2039-12-31"))
    late = check(str(CARD), "--waivers", str(future), "-f", "json", "--no-timestamp", today=dt.date(2040, 1, 1))
    assert late.code == 2, "a waiver expired on the SOURCE_DATE_EPOCH date must be rejected"


@pytest.mark.parametrize("missing", ["approved_by", "reason", "expires", "rule"])
def test_a_missing_required_field_is_an_input_error(tmp_path: Path, missing: str) -> None:
    fields = entry()
    del fields[missing]
    waivers = write_waivers(tmp_path / "w.yaml", entry(), fields)
    result = check(str(CARD), "--waivers", str(waivers), "-f", "json")
    _assert_input_error(result, waivers, entry_lines(waivers)[1], missing)


@pytest.mark.parametrize("field", ["approved_by", "reason"])
def test_an_empty_reason_or_approver_is_an_input_error(tmp_path: Path, field: str) -> None:
    waivers = write_waivers(tmp_path / "w.yaml", entry(**{field: ""}))
    result = check(str(CARD), "--waivers", str(waivers), "-f", "json")
    assert result.code == 2, result.stderr
    assert field in result.stderr
    assert re.search(re.escape(str(waivers)) + r":\d+:\d+", result.stderr)


def test_an_unknown_rule_id_is_an_input_error(tmp_path: Path) -> None:
    waivers = write_waivers(tmp_path / "w.yaml", entry(), entry("REQ-NO-SUCH-RULE"))
    result = check(str(CARD), "--waivers", str(waivers), "-f", "json")
    _assert_input_error(result, waivers, entry_lines(waivers)[1], "REQ-NO-SUCH-RULE")


def test_an_unknown_waiver_field_is_an_input_error(tmp_path: Path) -> None:
    waivers = write_waivers(tmp_path / "w.yaml", entry(approved="yes"))
    result = check(str(CARD), "--waivers", str(waivers), "-f", "json")
    assert result.code == 2, result.stderr
    assert "approved" in result.stderr
    assert re.search(re.escape(str(waivers)) + r":\d+:\d+", result.stderr)


def test_a_waiver_file_with_bad_yaml_is_an_input_error(tmp_path: Path) -> None:
    waivers = tmp_path / "w.yaml"
    waivers.write_text("waivers:\n  - rule: [REQ-API-HIGH\n    reason: x\n", encoding="utf-8")
    result = check(str(CARD), "--waivers", str(waivers), "-f", "json")
    assert result.code == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert re.search(re.escape(str(waivers)) + r":\d+:\d+", result.stderr)


def test_a_missing_waiver_file_is_an_input_error(tmp_path: Path) -> None:
    result = check(str(CARD), "--waivers", str(tmp_path / "nope.yaml"), "-f", "json")
    assert result.code == 2
    assert "nope.yaml" in result.stderr
    assert "Traceback" not in result.stderr


def test_every_problem_in_a_waiver_file_is_reported(tmp_path: Path) -> None:
    waivers = write_waivers(tmp_path / "w.yaml", entry("CEIL-MATRIX"), entry(expires="2020-01-01"), entry("NOPE-1"))
    result = check(str(CARD), "--waivers", str(waivers), "-f", "json")
    assert result.code == 2
    lines = entry_lines(waivers)
    lines[1] = expires_lines(waivers)[1]  # an expiry is reported on its own line
    for line, word in zip(lines, ("CEIL-MATRIX", "expired", "NOPE-1"), strict=True):
        assert re.search(re.escape(str(waivers)) + f":{line}:\\d+:.*{word}", result.stderr), result.stderr


def test_a_waiver_that_changes_nothing_says_so(tmp_path: Path) -> None:
    waivers = write_waivers(tmp_path / "w.yaml", entry())
    result = check(str(EXAMPLES / "frontier-api.yaml"), "--waivers", str(waivers), "-f", "json")
    assert result.code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["decision"] == "pass"
    (waiver,) = report["waivers"]
    assert waiver["rule"] == "REQ-API-HIGH"
    assert waiver["changed"] and "->" not in waiver["changed"], "nothing changed, and the record says so"


# --- the file format: documented, with its own wording (issue 17 item 6) ---------------------------

FILE_WORDING = "a waivers file is a mapping with a `waivers:` list"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("- rule: REQ-API-HIGH\n  reason: x\n  approved_by: y\n  expires: 2027-03-31\n", "a list"),
        ("", "empty"),
        ("rule: REQ-API-HIGH\n", "a mapping without `waivers:`"),
    ],
)
def test_a_file_that_is_no_waivers_file_gets_waiver_wording(tmp_path: Path, text: str, kind: str) -> None:
    waivers = tmp_path / "w.yaml"
    waivers.write_text(text, encoding="utf-8")
    result = check(str(CARD), "--waivers", str(waivers), "-f", "json")
    assert result.code == 2, result.stderr
    assert f"this is not a waivers file: it is {kind}" in result.stderr
    assert FILE_WORDING in flat(result.stderr)
    assert "a card must be" not in result.stderr and "releasecheck init" not in result.stderr


@pytest.mark.parametrize("card", [CARD, EXAMPLES / "hf-readme-card" / "README.md"])
def test_a_card_passed_as_waivers_is_named_as_such(card: Path) -> None:
    result = check(str(CARD), "--waivers", str(card), "-f", "json")
    assert result.code == 2, result.stderr
    kind = "Markdown (a model card?)" if card.suffix == ".md" else "a release card"
    assert re.search(
        re.escape(f"{card}:") + r"\d+:\d+: " + re.escape(f"this is not a waivers file: it is {kind}"), result.stderr
    )
    assert FILE_WORDING in flat(result.stderr)
    assert "releasecheck init" not in result.stderr


@pytest.mark.parametrize("value", ["20270331", "1.5", "true"])
def test_expires_must_be_a_date(tmp_path: Path, value: str) -> None:
    waivers = write_waivers(tmp_path / "w.yaml", entry(expires=None))
    waivers.write_text(waivers.read_text() + f"    expires: {value}\n", encoding="utf-8")
    result = check(str(CARD), "--waivers", str(waivers), "-f", "json")
    assert result.code == 2, result.stderr
    assert re.search(re.escape(str(waivers)) + r":5:\d+: waivers\[0\]\.expires: expected a date", result.stderr)


@pytest.mark.parametrize("field", ["approved_by", "reason"])
def test_a_blank_reason_or_approver_is_an_input_error(tmp_path: Path, field: str) -> None:
    waivers = write_waivers(tmp_path / "w.yaml", entry(**{field: "   "}))
    result = check(str(CARD), "--waivers", str(waivers), "-f", "json")
    assert result.code == 2, result.stderr
    assert f"waivers[0].{field}: must not be empty or blank" in result.stderr


@pytest.mark.parametrize("scope", [None, "examples/*"])
def test_a_duplicate_waiver_is_an_error_at_the_second(tmp_path: Path, scope: str | None) -> None:
    waivers = write_waivers(
        tmp_path / "w.yaml", entry(scope=scope), entry("REQ-API-HIGH", scope="other/*"), entry(scope=scope)
    )
    result = check(str(CARD), "--waivers", str(waivers), "-f", "json")
    assert result.code == 2, result.stderr
    line = entry_lines(waivers)[2]
    assert re.search(
        re.escape(str(waivers)) + f":{line}:\\d+: waivers\\[2\\]: a second waiver of REQ-API-HIGH", result.stderr
    )
    assert "(the first is waivers[0])" in result.stderr


def test_the_example_waivers_file_is_valid_and_matches_the_schema() -> None:
    example = ROOT / "examples" / "waivers" / "waivers.yaml"
    schema = json.loads(cli("schema", "waivers").stdout)
    import yaml

    jsonschema.validate(json.loads(json.dumps(yaml.safe_load(example.read_text()), default=str)), schema)
    result = check(str(CARD), "--waivers", str(example.relative_to(ROOT)), "-f", "json")
    assert result.code == 0, result.stderr
    assert json.loads(result.stdout)["waivers"][0]["rule"] == "REQ-API-HIGH"
    readme = flat((ROOT / "README.md").read_text(encoding="utf-8"))
    assert "releasecheck schema waivers" in readme and "examples/waivers/waivers.yaml" in readme
