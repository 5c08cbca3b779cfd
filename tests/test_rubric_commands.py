"""The commands around `check` (SPEC §5, §6, §8): rubrics validate|test|show|list, explain, init,
validate, schema, and the basics of `check` and `python -m releasecheck`.
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import EXAMPLE_PATHS, EXAMPLES, ROOT, RUBRICS, Result, invoke, run


def cli(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> Result:
    """The CLI in this process (fast), like conftest.run: NO_COLOR set, run from `cwd` (default ROOT)."""
    from typer.testing import CliRunner

    from releasecheck.cli import app

    with contextlib.chdir(cwd or ROOT):
        result = CliRunner().invoke(app, list(args), env={"NO_COLOR": "1", **(env or {})}, catch_exceptions=False)
    return Result(result.exit_code, result.stdout, result.stderr)


# --- rubrics validate --------------------------------------------------------------------------


def test_rubrics_validate_accepts_the_default_set() -> None:
    result = cli("rubrics", "validate")
    assert result.code == 0, result.stderr
    assert "valid" in result.stdout
    explicit = cli("rubrics", "validate", str(RUBRICS))
    assert explicit.code == 0, explicit.stderr


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def _line_of(path: Path, needle: str, start: int = 1) -> int:
    for number, line in enumerate(_lines(path), 1):
        if number >= start and needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def _block(path: Path, first: str, indent: str) -> range:
    """Lines from the one containing `first` up to (excluding) the next item at `indent`."""
    start = _line_of(path, first)
    lines = _lines(path)
    end = len(lines) + 1
    for number in range(start + 1, len(lines) + 1):
        if lines[number - 1].startswith(indent + "- "):
            end = number
            break
    return range(start, end)


def _second(path: Path, needle: str) -> range:
    """The line of the second occurrence of `needle` (where a duplicate is reported)."""
    line = _line_of(path, needle, _line_of(path, needle) + 1)
    return range(line, line + 1)


@dataclass
class Breakage:
    """A way to break a copy of the default rubric set, where it shows, and what the reason says."""

    file: str
    edit: Callable[[Path], None]
    lines: Callable[[Path], range]  # the lines of `file` a message may point at (from the edited copy)
    words: tuple[str, ...]


def _replace(file: str, old: str, new: str, count: int = 1) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        path = folder / file
        text = path.read_text(encoding="utf-8")
        assert text.count(old) >= 1, f"{old!r} not in {file}"
        path.write_text(text.replace(old, new, count), encoding="utf-8")

    return edit


BREAKAGES = {
    "yaml-syntax-error": Breakage(
        "evidence.yaml",
        _replace("evidence.yaml", "    ratio: 1.5\n", "    ratio: [1.5\n"),
        lambda f: range(_line_of(f / "evidence.yaml", "ratio: [1.5"), _line_of(f / "evidence.yaml", "ratio: [1.5") + 2),
        ("YAML",),
    ),
    "rule-missing-rationale": Breakage(
        "evidence.yaml",
        _replace(
            "evidence.yaml",
            "    rationale: The worst red-team finding establishes a level through this map; red-teaming can show a "
            "capability but never its absence.\n",
            "",
        ),
        lambda f: _block(f / "evidence.yaml", "- id: EV-RED-TEAM", "  "),
        ("rationale",),
    ),
    "matrix-missing-row": Breakage(
        "ceiling.yaml",
        _replace(
            "ceiling.yaml",
            "      severe: {below: limited, none: limited, slight: limited, significant: limited, unknown: limited}\n",
            "",
        ),
        lambda f: _block(f / "ceiling.yaml", "- id: CEIL-MATRIX", "  "),
        ("severe",),
    ),
    "cell-unknown-exception": Breakage(
        "ceiling.yaml",
        _replace(
            "ceiling.yaml",
            "        none: {tier: open-weights, exception: CEIL-MARGINAL-EXCEPTION, otherwise: api}",
            "        none: {tier: open-weights, exception: CEIL-NO-SUCH, otherwise: api}",
        ),
        lambda f: _block(f / "ceiling.yaml", "- id: CEIL-MATRIX", "  "),
        ("CEIL-NO-SUCH",),
    ),
    "benchmark-unknown-domain": Breakage(
        "benchmarks.yaml",
        _replace("benchmarks.yaml", "    domain: bio\n", "    domain: biology\n"),
        lambda f: _block(f / "benchmarks.yaml", "- id: WMDP-Bio", ""),
        ("biology", "WMDP-Bio"),
    ),
    "benchmark-id-twice": Breakage(
        "benchmarks.yaml",
        _replace("benchmarks.yaml", "  - id: WMDP-Chem\n", "  - id: WMDP-Bio\n"),
        lambda f: _second(f / "benchmarks.yaml", "- id: WMDP-Bio"),
        ("benchmark id 'WMDP-Bio' is defined more than once",),
    ),
    "benchmark-id-spelt-twice": Breakage(
        "benchmarks.yaml",
        _replace("benchmarks.yaml", "  - id: WMDP-Chem\n", "  - id: wmdp_bio\n"),
        lambda f: _block(f / "benchmarks.yaml", "- id: wmdp_bio", ""),
        ("benchmark id 'wmdp_bio' is 'WMDP-Bio' spelled another way",),
    ),
    "hub-dataset-twice": Breakage(
        "benchmarks.yaml",
        _replace("benchmarks.yaml", "{type: cais/wmdp, config: wmdp-chem}", "{type: cais/wmdp, config: wmdp-bio}"),
        lambda f: _block(f / "benchmarks.yaml", "- id: WMDP-Chem", ""),
        ("Hub dataset cais/wmdp/wmdp-bio is already WMDP-Bio's",),
    ),
    "rubric-file-is-a-list": Breakage(
        "compute.yaml",
        lambda f: (f / "compute.yaml").write_text("- a list, not sections\n", encoding="utf-8"),
        lambda f: range(1, 2),
        ("compute.yaml:1:1: a rubric file must be a YAML mapping", "copy one from rubrics/default/"),
    ),
    "profile-overlays-unknown-rule": Breakage(
        "profiles.yaml",
        _replace("profiles.yaml", "      GOV-UNKNOWN-LEVEL:\n", "      GOV-NO-SUCH-LEVEL:\n"),
        lambda f: _block(f / "profiles.yaml", "- id: precautionary", "  "),
        ("GOV-NO-SUCH-LEVEL", "precautionary"),
    ),
}

NO_POSITION: list[pytest.MarkDecorator] = []  # consistency errors now name file:line (was an xfail)


@pytest.fixture
def broken(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, Breakage]:
    breakage = BREAKAGES[request.param]
    folder = tmp_path / "rubrics"
    shutil.copytree(RUBRICS, folder)
    breakage.edit(folder)
    return folder, breakage


@pytest.mark.parametrize("broken", list(BREAKAGES), indirect=True)
def test_rubrics_validate_rejects_a_broken_set_with_a_reason(broken: tuple[Path, Breakage]) -> None:
    folder, breakage = broken
    result = cli("rubrics", "validate", str(folder))
    assert result.code == 3, (result.code, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    for word in breakage.words:
        assert word in result.stderr, f"{word!r} not in {result.stderr!r}"


@pytest.mark.parametrize(
    "broken",
    [
        "yaml-syntax-error",
        "rule-missing-rationale",
        pytest.param("matrix-missing-row", marks=NO_POSITION),
        pytest.param("cell-unknown-exception", marks=NO_POSITION),
        pytest.param("benchmark-unknown-domain", marks=NO_POSITION),
        pytest.param("profile-overlays-unknown-rule", marks=NO_POSITION),
    ],
    indirect=True,
)
def test_rubrics_validate_names_the_file_and_line(broken: tuple[Path, Breakage]) -> None:
    folder, breakage = broken
    result = cli("rubrics", "validate", str(folder))
    assert result.code == 3
    target = folder / breakage.file
    match = re.search(re.escape(str(target)) + r":(\d+)(?::\d+)?", result.stderr)
    assert match, f"no {target}:line in {result.stderr!r}"
    assert int(match.group(1)) in breakage.lines(folder), (match.group(0), breakage.lines(folder))


@pytest.mark.parametrize("broken", list(BREAKAGES), indirect=True)
def test_check_with_a_broken_rubric_set_exits_3(broken: tuple[Path, Breakage]) -> None:
    folder, breakage = broken
    result = cli("check", "--rubrics", str(folder), str(EXAMPLES / "frontier-api.yaml"), "-f", "json")
    assert result.code == 3, (result.code, result.stderr)
    assert result.stdout == "", "no report from a broken rubric set"
    assert "Traceback" not in result.stderr
    assert breakage.words[0] in result.stderr


def test_rubrics_validate_on_a_missing_folder_is_an_error(tmp_path: Path) -> None:
    result = cli("rubrics", "validate", str(tmp_path / "nope"))
    assert result.code in (2, 3), result.stderr
    assert "nope" in result.stderr
    assert "Traceback" not in result.stderr


# --- rubrics test ------------------------------------------------------------------------------


def test_rubrics_test_passes_on_the_default_set() -> None:
    result = cli("rubrics", "test")
    assert result.code == 0, result.stdout + result.stderr
    cases = sorted(p.name for p in (RUBRICS / "cases").glob("*.yaml"))
    assert cases
    for case in cases:
        assert case in result.stdout
    assert "FAIL" not in result.stdout


def _copy_set(tmp_path: Path) -> Path:
    folder = tmp_path / "rubrics"
    shutil.copytree(RUBRICS, folder)
    return folder


def test_rubrics_test_fails_when_a_golden_expectation_is_wrong(tmp_path: Path) -> None:
    folder = _copy_set(tmp_path)
    case = folder / "cases" / "frontier-api.yaml"
    text = case.read_text(encoding="utf-8")
    old = "balanced: {ceiling_tier: api, recommended_tier: api,"
    assert old in text
    case.write_text(text.replace(old, "balanced: {ceiling_tier: api, recommended_tier: fully-open,"), encoding="utf-8")
    result = cli("rubrics", "test", str(folder))
    assert result.code == 1, result.stdout + result.stderr
    failing = [line for line in result.stdout.splitlines() if line.startswith("FAIL")]
    assert failing and all("frontier-api.yaml" in line and "balanced" in line for line in failing), failing
    assert "fully-open" in result.stdout and "expected" in result.stdout


def _non_monotone(folder: Path, old: str, new: str) -> None:
    path = folder / "ceiling.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_rubrics_test_catches_a_matrix_where_more_risk_opens_a_tier(tmp_path: Path) -> None:
    folder = _copy_set(tmp_path)
    # high + significant marginal risk made more open than alert + significant (gated-weights)
    _non_monotone(
        folder,
        "        slight: api\n        significant: api\n",
        "        slight: api\n        significant: fully-open\n",
    )
    # refused when the set is loaded (exit 3, naming the cell), before any golden case runs
    result = cli("rubrics", "test", str(folder))
    assert result.code == 3
    assert "high/significant is more open than" in result.stderr, result.stderr


def test_rubrics_test_catches_a_severe_row_more_open_than_high(tmp_path: Path) -> None:
    folder = _copy_set(tmp_path)
    _non_monotone(
        folder,
        "      severe: {below: limited, none: limited, slight: limited, significant: limited, unknown: limited}\n",
        "      severe: {below: fully-open, none: fully-open, slight: fully-open, significant: fully-open, unknown: fully-open}\n",
    )
    # make the golden expectations agree, so that only a monotonicity check can object
    case = folder / "cases" / "expert-uplift-limited.yaml"
    text = case.read_text(encoding="utf-8")
    old = "balanced: {ceiling_tier: limited, recommended_tier: limited,"
    assert old in text
    case.write_text(text.replace(old, "balanced: {ceiling_tier: gated-weights, recommended_tier: gated-weights,"))
    validate = cli("rubrics", "validate", str(folder))
    selftest = cli("rubrics", "test", str(folder))
    assert validate.code == 3 or selftest.code == 1, selftest.stdout


# --- rubrics show / list -----------------------------------------------------------------------


def _rubric_ids() -> tuple[list[str], dict[str, list[str]]]:
    base: list[str] = []
    by_profile: dict[str, list[str]] = {}
    for path in sorted(RUBRICS.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        base += [rule["id"] for rule in data.get("rules") or []]
        for pillar in (data.get("pillars") or {}).values():
            base += [level["id"] for level in pillar["levels"]]
        for profile in data.get("profiles") or []:
            replaced = [rule["id"] for rule in (profile.get("replace") or {}).values()]
            by_profile[profile["id"]] = replaced + [rule["id"] for rule in profile.get("add") or []]
    return base, by_profile


def test_rubrics_show_lists_every_rule_id() -> None:
    base, by_profile = _rubric_ids()
    assert len(base) > 30
    result = cli("rubrics", "show")
    assert result.code == 0, result.stderr
    missing = [rule for rule in base if rule not in result.stdout]
    assert not missing, f"rubrics show omits {missing}"
    for profile, rules in by_profile.items():
        shown = cli("rubrics", "show", "--profile", profile)
        assert shown.code == 0, shown.stderr
        assert not [rule for rule in rules if rule not in shown.stdout], profile


def test_rubrics_show_prints_the_ceiling_matrix_and_benchmarks() -> None:
    out = cli("rubrics", "show").stdout
    assert "fully-open" in out and "gated-weights" in out
    benchmarks = yaml.safe_load((RUBRICS / "benchmarks.yaml").read_text(encoding="utf-8"))["benchmarks"]
    for benchmark in benchmarks:
        assert benchmark["id"] in out


def test_rubrics_list_lists_profiles() -> None:
    result = cli("rubrics", "list")
    assert result.code == 0, result.stderr
    for profile in ("balanced", "precautionary", "marginal"):
        assert profile in result.stdout
    assert "default" in result.stdout


# --- explain -----------------------------------------------------------------------------------


def flat(text: str) -> str:
    return " ".join(text.split())


def _rule(rule_id: str) -> dict:
    for path in sorted(RUBRICS.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for rule in data.get("rules") or []:
            if rule["id"] == rule_id:
                return rule
        for profile in data.get("profiles") or []:
            for rule in (profile.get("replace") or {}).values():
                if rule["id"] == rule_id:
                    return rule
    raise KeyError(rule_id)


@pytest.mark.parametrize("rule_id", ["REQ-API-HIGH", "EV-UPLIFT", "CEIL-MATRIX", "MR-EXCESS", "CEIL-MATRIX-MARGINAL"])
def test_explain_a_rule_prints_rationale_and_sources(rule_id: str) -> None:
    result = invoke("explain", rule_id)
    assert result.code == 0, result.stderr
    out = flat(result.stdout)
    rule = _rule(rule_id)
    assert rule_id in out
    assert flat(rule["title"]) in out
    assert flat(rule["rationale"]) in out
    for source in rule["sources"]:
        assert flat(source["title"]) in out, f"source {source['title']!r} missing"


def test_explain_prints_a_rules_thresholds() -> None:
    assert "1.5" in invoke("explain", "EV-UPLIFT").stdout
    out = invoke("explain", "MR-EXCESS").stdout
    assert "0.02" in out and "0.05" in out
    matrix = invoke("explain", "CEIL-MATRIX-MARGINAL").stdout
    assert "gated-weights" in matrix and "CEIL-MONITORING-EXCEPTION" in matrix


@pytest.mark.parametrize(
    ("item", "words"),
    [
        ("bio", ("Biological weapons", "OpenAI Preparedness Framework v2")),
        ("high", ("Meaningful uplift to novices",)),
        ("gated-weights", ("Gated weights", "identity-verified")),
        ("VCT", ("bio", "0.221", "Virology Capabilities Test")),
        ("marginal", ("Marginal risk first", "CEIL-MATRIX-MARGINAL", "NTIA")),
        (
            "ABC-B3",
            ("Third-party evaluation", "accountability.third_party_evaluation", "accountability.monitoring_plan"),
        ),
        ("precautionary", ("Precautionary", "CEIL-MATRIX-PRECAUTIONARY")),
    ],
)
def test_explain_other_ids(item: str, words: tuple[str, ...]) -> None:
    result = invoke("explain", item)
    assert result.code == 0, result.stderr
    out = flat(result.stdout)
    for word in words:
        assert word in out, f"explain {item}: {word!r} missing"


@pytest.mark.parametrize("item", ["NO-SUCH-RULE", "biology"])
def test_explain_an_unknown_id_exits_2_with_a_hint(item: str) -> None:
    result = cli("explain", item)
    assert result.code == 2
    assert item in result.stderr
    assert "hint" in result.stderr
    assert "Traceback" not in result.stderr


# --- init --------------------------------------------------------------------------------------


def test_init_writes_a_template_that_validates(tmp_path: Path) -> None:
    result = cli("init", cwd=tmp_path)
    assert result.code == 0, result.stderr
    card = tmp_path / "releasecheck.yaml"
    assert card.is_file()
    text = card.read_text(encoding="utf-8")
    assert text.lstrip().startswith("#"), "the template is commented"
    validated = cli("validate", str(card))
    assert validated.code == 0, validated.stderr
    assert "valid" in validated.stdout
    checked = cli("check", str(card), "-f", "json", "--no-timestamp")
    assert checked.code in (0, 1), checked.stderr


def test_init_template_names_the_card_schema_for_editors(tmp_path: Path) -> None:
    first = cli("init", "-").stdout.splitlines()[0]
    prefix = "# yaml-language-server: $schema="
    assert first.startswith(prefix)
    url = first.removeprefix(prefix)
    assert url.startswith("https://") and url.endswith("/schemas/card.schema.json")
    assert (ROOT / "schemas" / "card.schema.json").is_file()  # the file the URL serves from the repository


def test_init_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    card = tmp_path / "card.yaml"
    card.write_text("mine\n", encoding="utf-8")
    refused = cli("init", str(card))
    assert refused.code == 2
    assert "--force" in refused.stderr
    assert card.read_text(encoding="utf-8") == "mine\n"
    forced = cli("init", str(card), "--force")
    assert forced.code == 0, forced.stderr
    assert cli("validate", str(card)).code == 0


def test_init_dash_prints_the_template(tmp_path: Path) -> None:
    printed = cli("init", "-")
    assert printed.code == 0, printed.stderr
    cli("init", str(tmp_path / "file.yaml"))
    assert printed.stdout == (tmp_path / "file.yaml").read_text(encoding="utf-8")
    copy = tmp_path / "printed.yaml"
    copy.write_text(printed.stdout, encoding="utf-8")
    assert cli("validate", str(copy)).code == 0
    assert not (tmp_path / "-").exists()


# --- validate ----------------------------------------------------------------------------------


def test_validate_a_good_card() -> None:
    result = cli("validate", str(EXAMPLES / "frontier-api.yaml"))
    assert result.code == 0, result.stderr
    assert "valid" in result.stdout


def test_validate_the_examples_folder() -> None:
    result = cli("validate", *EXAMPLE_PATHS, cwd=ROOT)
    assert result.code == 0, result.stderr
    assert result.stdout.count("valid") >= 11


def test_validate_a_bad_card_names_file_line_col(tmp_path: Path) -> None:
    text = (EXAMPLES / "small-open-llm.yaml").read_text(encoding="utf-8").rstrip("\n") + "\nsurprise: 1\n"
    card = tmp_path / "bad.yaml"
    card.write_text(text, encoding="utf-8")
    result = cli("validate", str(card))
    assert result.code == 2
    assert f"{card}:{len(text.splitlines())}:1" in result.stderr
    assert "surprise" in result.stderr


# --- schema ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["card", "report", "rubric"])
def test_schema_prints_a_valid_json_schema(name: str) -> None:
    result = invoke("schema", name)
    assert result.code == 0, result.stderr
    schema = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema.get("type") == "object" or "properties" in schema or "$defs" in schema


def test_schema_of_an_unknown_name_is_a_usage_error() -> None:
    result = cli("schema", "nosuch")
    assert result.code == 2
    assert "Traceback" not in result.stderr


def test_reports_validate_against_the_report_schema() -> None:
    schema = json.loads(invoke("schema", "report").stdout)
    validator = jsonschema.Draft202012Validator(schema)
    for extra in ([], ["--compare-profiles"]):
        result = cli("check", *EXAMPLE_PATHS, "-f", "json", *extra, cwd=ROOT)
        assert result.code == 1
        for report in json.loads(result.stdout):
            errors = list(validator.iter_errors(report))
            assert not errors, f"{report['input']['path']} {extra}: {errors[0].message[:200]}"


# --- check basics ------------------------------------------------------------------------------


def test_check_a_missing_file_exits_2_with_a_message(tmp_path: Path) -> None:
    missing = tmp_path / "nosuch.yaml"
    result = cli("check", str(missing))
    assert result.code == 2
    assert str(missing) in result.stderr
    assert "no such" in result.stderr.lower()
    assert "Traceback" not in result.stderr


def test_check_a_missing_file_among_good_ones_still_checks_the_others(tmp_path: Path) -> None:
    result = cli("check", str(EXAMPLES / "frontier-api.yaml"), str(tmp_path / "nosuch.yaml"), "-f", "jsonl")
    assert result.code == 2
    assert "nosuch.yaml" in result.stderr
    assert "Halcyon-Ultra" in result.stdout


def test_check_a_glob_matching_nothing_exits_2(tmp_path: Path) -> None:
    result = cli("check", str(tmp_path / "*.yaml"))
    assert result.code == 2
    assert "Traceback" not in result.stderr


def test_python_dash_m_version() -> None:
    from releasecheck import __version__

    result = run("--version")
    assert result.code == 0
    assert __version__ in result.stdout


def test_help_lists_the_commands() -> None:
    result = run("--help")
    assert result.code == 0
    for command in ("check", "validate", "init", "schema", "explain", "rubrics"):
        assert command in result.stdout


def test_a_frontier_requirement_without_a_level_is_refused_with_its_place(tmp_path: Path) -> None:
    """`marginal` and `evidence` name domains at a level: a tier requirement that gives them without
    `at_least` would apply to every card; the rubric is refused (exit 3) with the file, the rule and why."""
    folder = _copy_set(tmp_path)
    path = folder / "controls.yaml"
    text = path.read_text(encoding="utf-8")
    old = "    at_least: alert\n    marginal: [significant, unknown]\n"
    assert text.count(old) == 1
    path.write_text(text.replace(old, "    marginal: [significant, unknown]\n"), encoding="utf-8")
    result = cli("rubrics", "validate", str(folder))
    assert result.code == 3, result.stdout + result.stderr
    assert "controls.yaml" in result.stderr and "give `at_least` too" in result.stderr
    assert "Traceback" not in result.stderr
