"""Profiles and the stance comparison (SPEC §5 "Profiles", "Stance comparison"; §6; §7).

A profile is data: an overlay on the base rubric set. `--compare-profiles` assesses each card under
every profile and adds a `profiles` key; the top-level result stays the selected (default balanced)
profile's.
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path

import pytest

from conftest import EXAMPLE_PATHS, EXAMPLES, ROOT, RUBRICS, Result, run


def cli(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> Result:
    """The CLI in this process (fast), like conftest.run: NO_COLOR set, run from `cwd` (default ROOT)."""
    from typer.testing import CliRunner

    from releasecheck.cli import app

    with contextlib.chdir(cwd or ROOT):
        result = CliRunner().invoke(app, list(args), env={"NO_COLOR": "1", **(env or {})}, catch_exceptions=False)
    return Result(result.exit_code, result.stdout, result.stderr)


PROFILES = ("balanced", "precautionary", "marginal")
TIERS = ("internal", "limited", "api", "gated-weights", "open-weights", "fully-open")
RANK = {tier: rank for rank, tier in enumerate(TIERS)}


def _example_cards() -> list[str]:
    """The example cards (the casebook, calibration data with its own ranges file, aside)."""
    cards = list(EXAMPLES.glob("*.yaml"))
    cards.append(EXAMPLES / "hf-readme-card" / "README.md")
    return [str(p.relative_to(ROOT)) for p in sorted(cards)]


EXAMPLE_CARDS = _example_cards()


@cache
def _compare(fmt: str = "json", seed: str = "0") -> Result:
    return run(
        "check",
        *EXAMPLE_PATHS,
        "--compare-profiles",
        "-f",
        fmt,
        "--no-timestamp",
        cwd=ROOT,
        env={"PYTHONHASHSEED": seed},
    )


@cache
def _compared() -> dict[str, dict]:
    return {r["input"]["path"]: r for r in json.loads(_compare().stdout)}


@cache
def _single(profile: str | None) -> dict[str, dict]:
    args = ["check", *EXAMPLE_PATHS, "-f", "json", "--no-timestamp"]
    if profile is not None:
        args += ["--profile", profile]
    result = cli(*args, cwd=ROOT)
    assert result.code in (0, 1), result.stderr
    return {r["input"]["path"]: r for r in json.loads(result.stdout)}


def _without_options(report: dict) -> dict:
    """The report minus `profiles` and the record of the options used (which name --compare-profiles)."""
    out = {k: v for k, v in report.items() if k != "profiles"}
    out["input"] = {k: v for k, v in report["input"].items() if k != "options"}
    return out


# --- determinism -------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "markdown", "text"])
def test_compare_profiles_is_byte_identical_across_runs_and_hash_seeds(fmt: str) -> None:
    first = _compare(fmt, "0")
    assert first.code == 1, first.stderr
    again = run(
        "check",
        *EXAMPLE_PATHS,
        "--compare-profiles",
        "-f",
        fmt,
        "--no-timestamp",
        cwd=ROOT,
        env={"PYTHONHASHSEED": "0"},
    )
    assert again.stdout == first.stdout, "two runs differ"
    for seed in ("1", "4242", "random"):
        other = _compare(fmt, seed)
        assert other.code == first.code
        assert other.stdout == first.stdout, f"output differs under PYTHONHASHSEED={seed}"


def test_every_example_gets_a_profiles_key() -> None:
    compared = _compared()
    assert sorted(compared) == sorted(EXAMPLE_CARDS)
    for path, report in compared.items():
        profiles = report["profiles"]
        assert sorted(profiles["results"]) == sorted(PROFILES), path
        assert profiles["verdict"] in ("robust", "contested"), path


def test_plain_reports_have_no_profiles_key() -> None:
    assert all("profiles" not in r for r in _single(None).values())


# --- each profile's line equals a separate --profile run ---------------------------------------


@pytest.mark.parametrize("profile", PROFILES)
def test_each_profile_result_equals_a_separate_profile_run(profile: str) -> None:
    single = _single(profile)
    for path, report in _compared().items():
        got = report["profiles"]["results"][profile]
        alone = single[path]
        assert alone["rubrics"]["profile"] == profile
        for key in ("ceiling_tier", "recommended_tier", "decision", "confidence"):
            assert got[key] == alone[key], f"{path} [{profile}] {key}: compare {got[key]}, --profile {alone[key]}"


def test_the_top_level_result_stays_the_balanced_one() -> None:
    plain = _single(None)
    balanced = _single("balanced")
    for path, report in _compared().items():
        assert report["rubrics"]["profile"] == "balanced", path
        assert _without_options(report) == _without_options(plain[path]), f"{path}: top level changed"
        assert _without_options(report) == _without_options(balanced[path]), path


def test_with_profile_the_top_level_is_that_profile() -> None:
    result = cli(
        "check", "examples/frontier-api.yaml", "--compare-profiles", "--profile", "precautionary", "-f", "json",
        "--no-timestamp", cwd=ROOT,
    )  # fmt: skip
    report = json.loads(result.stdout)
    assert report["rubrics"]["profile"] == "precautionary"
    assert report["recommended_tier"] == report["profiles"]["results"]["precautionary"]["recommended_tier"]
    assert result.code == 1  # precautionary fails this api launch


@pytest.mark.parametrize("path", EXAMPLE_CARDS)
def test_verdict_range_and_dividing_rules(path: str) -> None:
    profiles = _compared()[path]["profiles"]
    recommended = {p: r["recommended_tier"] for p, r in profiles["results"].items()}
    distinct = set(recommended.values())
    if len(distinct) == 1:
        assert profiles["verdict"] == "robust", profiles
        assert not profiles.get("range"), "a robust verdict has no range"
    else:
        assert profiles["verdict"] == "contested", profiles
        low, high = min(distinct, key=RANK.__getitem__), max(distinct, key=RANK.__getitem__)
        assert profiles["range"] == f"{low} to {high}"
        assert profiles["dividing_rules"], "a contested verdict names the rules that divide the profiles"
    rules = profiles["dividing_rules"]
    assert len(rules) == len(set(rules)), "dividing rules are listed once each"


def test_dividing_rules_are_rules_of_the_rubric_set() -> None:
    listing = cli("rubrics", "list").stdout + cli("rubrics", "show").stdout
    for path, report in _compared().items():
        for rule in report["profiles"]["dividing_rules"]:
            assert rule in listing, f"{path}: dividing rule {rule} is not a rule of the rubric set"


def test_the_examples_include_both_verdicts() -> None:
    verdicts = {r["profiles"]["verdict"] for r in _compared().values()}
    assert verdicts == {"robust", "contested"}


def test_default_profiles_are_ordered_precautionary_balanced_marginal() -> None:
    for path, report in _compared().items():
        results = report["profiles"]["results"]
        for key in ("ceiling_tier", "recommended_tier"):
            ranks = [RANK[results[p][key]] for p in ("precautionary", "balanced", "marginal")]
            assert ranks == sorted(ranks), f"{path}: {key} not precautionary <= balanced <= marginal: {ranks}"


def test_exit_code_follows_the_top_level_decision() -> None:
    # frontier-api passes under balanced but fails under precautionary: the gate is the selected profile
    result = cli("check", "examples/frontier-api.yaml", "--compare-profiles", "-f", "json", "--no-timestamp", cwd=ROOT)
    assert result.code == 0, result.stderr
    profiles = json.loads(result.stdout)["profiles"]
    assert profiles["results"]["precautionary"]["decision"] == "fail"
    assert profiles["verdict"] == "contested"


# --- every format shows the stance -------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "markdown", "junit"])
def test_every_format_shows_the_verdict_per_card(fmt: str) -> None:
    result = _compare(fmt)
    assert result.code == 1, result.stderr
    out = result.stdout
    if fmt == "junit":
        root = ET.fromstring(out)
        for case in root.iter("testcase"):
            verdict = _compared()[case.get("name")]["profiles"]["verdict"]
            assert verdict in ET.tostring(case, encoding="unicode"), case.get("name")
        return
    flat = " ".join(out.split())
    verdicts = [r["profiles"]["verdict"] for r in _compared().values()]
    assert flat.count("robust") >= verdicts.count("robust")
    assert flat.count("contested") >= verdicts.count("contested")
    for report in _compared().values():
        if report["profiles"]["verdict"] == "contested":
            assert report["profiles"]["range"] in flat


def test_sarif_notes_contested_cards() -> None:
    result = _compare("sarif")
    log = json.loads(result.stdout)
    contested = {p for p, r in _compared().items() if r["profiles"]["verdict"] == "contested"}
    noted = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in log["runs"][0]["results"]
        if "contested" in r["message"]["text"]
    }
    assert noted == contested


# --- a custom profile is data only -------------------------------------------------------------

STRICT_BIO = """\
  - id: strict-bio
    title: Strict bio
    description: Any significant uplift at 1.05x or more counts.
    rationale: >-
      For biological risk even a small significant uplift matters; a lower ratio than the
      balanced rubric's.
    sources:
      - {title: "test fixture"}
    replace:
      EV-UPLIFT:
        id: EV-UPLIFT-STRICT
        kind: uplift-study
        title: Human uplift study (strict ratio)
        rationale: Significant uplift at 1.05x or more establishes the study's level.
        ratio: 1.05
        novice_level: high
        expert_level: severe
        sources:
          - {title: "test fixture"}
"""


@pytest.fixture
def custom_set(tmp_path: Path) -> Path:
    folder = tmp_path / "rubrics"
    shutil.copytree(RUBRICS, folder)
    profiles = folder / "profiles.yaml"
    text = profiles.read_text(encoding="utf-8")
    profiles.write_text(text.rstrip("\n") + "\n" + STRICT_BIO, encoding="utf-8")
    return folder


@pytest.fixture
def small_uplift_card(tmp_path: Path) -> Path:
    """bio-alert-gated with its novice uplift study (1.1x) made significant."""
    text = (EXAMPLES / "bio-alert-gated.yaml").read_text(encoding="utf-8")
    assert text.count("significant: false") == 1
    card = tmp_path / "small-uplift.yaml"
    card.write_text(text.replace("significant: false", "significant: true"), encoding="utf-8")
    return card


def test_custom_profile_validates_and_is_listed(custom_set: Path) -> None:
    validate = cli("rubrics", "validate", str(custom_set))
    assert validate.code == 0, validate.stderr
    listing = cli("rubrics", "list", "--rubrics", str(custom_set))
    assert listing.code == 0, listing.stderr
    assert "strict-bio" in listing.stdout
    for profile in PROFILES:
        assert profile in listing.stdout


def test_custom_profile_is_accepted_by_profile(custom_set: Path, small_uplift_card: Path) -> None:
    base = ["check", str(small_uplift_card), "--rubrics", str(custom_set), "-f", "json", "--no-timestamp"]
    balanced = json.loads(cli(*base).stdout)
    strict = cli(*base, "--profile", "strict-bio")
    assert strict.code == 1, strict.stderr
    report = json.loads(strict.stdout)
    assert report["rubrics"]["profile"] == "strict-bio"
    bio = next(d for d in report["domains"] if d["domain"] == "bio")
    assert bio["level_hosted"] == "high", "1.1x significant uplift is high under a 1.05 ratio"
    assert RANK[report["recommended_tier"]] < RANK[balanced["recommended_tier"]]
    assert any(t["rule"] == "EV-UPLIFT-STRICT" for t in report["trail"]), "the trail names the profile's rule"
    assert not any(t["rule"] == "EV-UPLIFT" for t in report["trail"])


def test_custom_profile_appears_in_the_comparison(custom_set: Path, small_uplift_card: Path) -> None:
    result = cli(
        "check", str(small_uplift_card), "--rubrics", str(custom_set), "--compare-profiles", "-f", "json",
        "--no-timestamp",
    )  # fmt: skip
    assert result.code == 0, result.stderr  # the exit code is the chosen (balanced) profile's: a pass
    report = json.loads(result.stdout)
    profiles = report["profiles"]
    assert sorted(profiles["results"]) == sorted([*PROFILES, "strict-bio"])
    assert profiles["results"]["strict-bio"]["decision"] == "fail"  # the strict stance fails the same card
    alone = json.loads(
        cli(
            "check", str(small_uplift_card), "--rubrics", str(custom_set), "--profile", "strict-bio", "-f", "json"
        ).stdout
    )
    for key in ("ceiling_tier", "recommended_tier", "decision"):
        assert profiles["results"]["strict-bio"][key] == alone[key]
    assert profiles["verdict"] == "contested"
    assert {"EV-UPLIFT", "EV-UPLIFT-STRICT"} & set(profiles["dividing_rules"])
    assert report["rubrics"]["profile"] == "balanced"


def test_custom_profile_shows_in_explain(custom_set: Path) -> None:
    result = cli("explain", "strict-bio", "--rubrics", str(custom_set))
    assert result.code == 0, result.stderr
    assert "EV-UPLIFT-STRICT" in result.stdout
    rule = cli("explain", "EV-UPLIFT-STRICT", "--rubrics", str(custom_set))
    assert rule.code == 0, rule.stderr
    assert "1.05" in rule.stdout


def test_custom_rubric_set_from_another_working_directory(custom_set: Path, small_uplift_card: Path) -> None:
    result = cli(
        "check", small_uplift_card.name, "--rubrics", "rubrics", "--profile", "strict-bio", "-f", "json",
        cwd=custom_set.parent,
    )  # fmt: skip
    assert result.code == 1, result.stderr
    assert json.loads(result.stdout)["rubrics"]["profile"] == "strict-bio"


# --- unknown profiles --------------------------------------------------------------------------


def test_unknown_profile_exits_2_naming_the_choices() -> None:
    result = cli("check", "examples/frontier-api.yaml", "--profile", "nosuch", cwd=ROOT)
    assert result.code == 2
    assert "nosuch" in result.stderr
    for profile in PROFILES:
        assert profile in result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr


def test_unknown_profile_names_a_custom_sets_choices(custom_set: Path) -> None:
    result = cli("check", "examples/frontier-api.yaml", "--rubrics", str(custom_set), "--profile", "nosuch", cwd=ROOT)
    assert result.code == 2
    assert "strict-bio" in result.stderr


# --- --min-confidence --------------------------------------------------------------------------

MEDIUM_PASS = "examples/image-generator.yaml"


def test_the_medium_confidence_example_passes_by_default() -> None:
    report = _single(None)[MEDIUM_PASS]
    assert (report["decision"], report["confidence"]) == ("pass", "medium")


def test_min_confidence_high_turns_a_medium_pass_into_conditional() -> None:
    result = cli("check", MEDIUM_PASS, "--min-confidence", "high", "-f", "json", "--no-timestamp", cwd=ROOT)
    assert result.code == 1, result.stderr
    report = json.loads(result.stdout)
    assert report["decision"] == "conditional"
    assert report["confidence"] == "medium"
    assert report["recommended_tier"] == _single(None)[MEDIUM_PASS]["recommended_tier"]
    explaining = [t for t in report["trail"] if re.search(r"\bhigh\b", t["message"]) and "conditional" in t["message"]]
    assert explaining, "a trail entry should explain that the pass became conditional for lack of confidence"
    assert "medium" in explaining[0]["message"]


@pytest.mark.parametrize("level", ["medium", "low"])
def test_min_confidence_at_or_below_the_confidence_leaves_a_pass(level: str) -> None:
    result = cli("check", MEDIUM_PASS, "--min-confidence", level, "-f", "json", "--no-timestamp", cwd=ROOT)
    assert result.code == 0, result.stderr
    assert json.loads(result.stdout)["decision"] == "pass"


def test_min_confidence_never_turns_a_fail_into_conditional() -> None:
    result = cli("check", "examples/critical-cyber-internal.yaml", "--min-confidence", "high", "-f", "json", cwd=ROOT)
    assert result.code == 1
    assert json.loads(result.stdout)["decision"] == "fail"


def test_min_confidence_high_keeps_a_high_confidence_pass() -> None:
    result = cli("check", "examples/frontier-api.yaml", "--min-confidence", "high", "-f", "json", cwd=ROOT)
    assert result.code == 0, result.stderr
    assert json.loads(result.stdout)["decision"] == "pass"


def test_min_confidence_rejects_an_unknown_level() -> None:
    result = cli("check", MEDIUM_PASS, "--min-confidence", "certain", cwd=ROOT)
    assert result.code == 2
    assert "Traceback" not in result.stderr
