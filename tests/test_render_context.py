"""Issue 17 item 2: safeguards with their tamper tests, and the case for openness, reach every
human-facing format (SPEC §1, §5 step 2); SARIF adds the tamper tests as notes where a planned
weights tier is blocked."""

from __future__ import annotations

import json
import re

import pytest

from conftest import invoke

OPEN_WEIGHTS = "examples/frontier-open-weights.yaml"  # two tamper tests, benefits with notes


def _check(card: str, fmt: str, *extra: str) -> str:
    result = invoke("check", card, "-f", fmt, "--no-timestamp", *extra)
    assert result.code in (0, 1), result.stderr
    return result.stdout


def test_json_report_carries_the_safeguards_and_tamper_tests() -> None:
    report = json.loads(_check(OPEN_WEIGHTS, "json"))
    safeguards = report["safeguards"]
    assert safeguards["refusal_training"] is True
    assert safeguards["data_filtering"] == ["bio", "chem", "cyber"]
    fine_tuning = safeguards["tamper_tests"][0]
    assert (fine_tuning["method"], fine_tuning["refusal_before"], fine_tuning["refusal_after"]) == (
        "fine-tuning",
        0.95,
        0.02,
    )
    assert fine_tuning["cost_usd"] == 6000
    assert report["benefits"]["research_value"] == "high"


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_every_human_format_shows_tamper_tests_and_benefits(fmt: str) -> None:
    out = _check(OPEN_WEIGHTS, fmt)
    flat = " ".join(out.split())
    assert "fine-tuning: refusal 95% → 2%, cost USD 6,000" in flat
    assert "abliteration: refusal 95% → 7%, cost USD 20" in flat
    assert "refusal training yes" in flat and "data filtering bio, chem, cyber" in flat
    assert "research value: high" in flat and "reduces concentration of power: yes" in flat
    assert "public testbed for pretraining-data filtering" in flat  # the notes, in words


def test_a_card_without_tamper_tests_says_so() -> None:
    out = _check("examples/image-generator.yaml", "markdown")
    assert "- tamper tests: none reported" in out


def test_sarif_notes_the_tamper_tests_where_a_weights_tier_is_blocked() -> None:
    log = json.loads(_check("examples/protein-design-tool.yaml", "sarif"))
    run = log["runs"][0]
    notes = [r for r in run["results"] if r["ruleId"] == "RC-TAMPER"]
    assert notes and all(n["level"] == "note" for n in notes)
    assert any("fine-tuning: refusal 99% → 35%, cost USD 400" in n["message"]["text"] for n in notes)
    rule = next(r for r in run["tool"]["driver"]["rules"] if r["id"] == "RC-TAMPER")
    assert "never credited for weights tiers" in rule["help"]["text"]


def test_sarif_has_no_tamper_note_when_the_planned_tier_is_hosted() -> None:
    log = json.loads(_check("examples/frontier-api-missing-controls.yaml", "sarif"))
    assert not [r for r in log["runs"][0]["results"] if r["ruleId"] == "RC-TAMPER"]


def test_explain_knows_the_tamper_rule() -> None:
    result = invoke("explain", "RC-TAMPER")
    assert result.code == 0, result.stderr
    assert result.stdout.startswith("# RC-TAMPER")


# --- issue 17 item 3: the HTML report holds what an audit needs --------------------------------


def test_html_has_an_audit_record_and_a_legend_for_the_level_pair() -> None:
    out = _check("examples/frontier-api.yaml", "html")
    assert "<h3>Audit record</h3>" in out
    for label in ("tool", "rubric set", "rubric sha256", "card", "card sha256", "generated", "options"):
        assert f"<tr><th>{label}</th>" in out
    assert "<tr><th>generated</th><td>not recorded (--no-timestamp)</td></tr>" in out
    assert "Levels read <b>hosted / weights</b>" in out


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_stances_say_what_is_robust_and_what_differs(fmt: str) -> None:
    out = _check("examples/frontier-api-missing-controls.yaml", fmt, "--compare-profiles")
    flat = " ".join(re.sub(r"</?b>", "", out).split())
    assert "Stances: recommended tier robust: limited under all 3 profiles; differs: decision (" in flat
    assert "precautionary fail" in flat and "ceiling (balanced api, precautionary limited" in flat
    assert "Stances: robust" not in flat


def test_contested_stances_name_the_range() -> None:
    out = _check("examples/frontier-api.yaml", "markdown", "--compare-profiles")
    assert "Stances: recommended tier contested: limited to api across 3 profiles; differs: decision" in out


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "junit"])
def test_nothing_ready_beyond_internal_is_not_shown_as_a_tier_to_choose(fmt: str) -> None:
    """An open-weights card recommended api with conditions open on every external tier: "ready now
    internal" read as "do not release"; it says nothing above internal is ready yet (also where the
    recommendation is limited, itself external). A card whose recommendation is internal still says
    ready now internal."""
    waiting = _check("examples/casebook/cards/stable-video-diffusion.yaml", fmt)
    assert "nothing above internal ready yet" in waiting and "ready now internal" not in waiting
    internal = _check("examples/critical-cyber-internal.yaml", fmt)
    assert "ready now internal" in internal and "nothing above" not in internal


def test_a_planned_tier_above_the_ceiling_is_blocked_without_the_fixable_note() -> None:
    """Above the ceiling (fail) the block is a capability finding, not governance to fix: the header
    stays plain; within it (conditional) it says the tier is blocked until fixed."""
    failing = _check("examples/casebook/cards/stable-video-diffusion.yaml", "text")
    assert "Blocking planned open-weights\n" in failing and "until fixed" not in failing
