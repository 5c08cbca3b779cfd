"""Every output format shows conditions, blocked tiers and the three control states (issue
"Defensible decisions I"). The card: DeepSeek-R1 from the casebook, planned open-weights; bio and chem
at alert by comparison, no worst-case evaluation published (an absent safeguard blocking every weights
tier), evaluations not published (an absent obligation: the condition of the recommended api),
incident reporting unknown (undocumented)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from conftest import EXAMPLES, invoke

CARD = str(EXAMPLES / "casebook" / "cards" / "deepseek-r1.yaml")


def _out(fmt: str, *extra: str) -> str:
    result = invoke("check", CARD, "-f", fmt, "--no-timestamp", *extra)
    assert result.code == 1, result.stderr  # conditional
    return result.stdout


def test_json_and_jsonl_carry_conditions_blockers_and_states() -> None:
    for report in (json.loads(_out("json")), json.loads(_out("jsonl").splitlines()[0])):
        assert (report["recommended_tier"], report["decision"], report["ready_tier"]) == (
            "api",
            "conditional",
            "internal",
        )
        assert [(c["kind"], c["state"], c["control"]) for c in report["conditions"]] == [
            ("obligation", "absent", "accountability.evaluations_published")
        ]
        tiers = {t["tier"]: t for t in report["tiers"]}
        assert ("safeguard", "absent") in {(b["kind"], b.get("state")) for b in tiers["open-weights"]["blocked_by"]}
        assert ("obligation", "undocumented") in {(b["kind"], b["state"]) for b in tiers["open-weights"]["conditions"]}
        access = report["abc"]["access_controls"]
        assert "access_controls.usage_monitoring" in access["undocumented"]
        assert "access_controls.acceptable_use_policy" in access["absent"]


def test_text_shows_the_conditions_and_the_states() -> None:
    text = " ".join(_out("text").split())
    assert "CONDITIONAL: recommended api, planned open-weights" in text and "· api after 1 condition" in text
    assert "Conditions of api" in text and "[obligation absent] evaluations_published" in text
    # an absent safeguard within the ceiling blocks the tier until fixed, and says why that is not `fail`
    assert (
        "Blocking planned open-weights until fixed (within the ceiling, so conditional) - [safeguard absent] "
        "worst_case_evaluations_published" in text
    )
    assert "absent" in text and "undocumented" in text  # the ABC table's two columns
    trail = " ".join(_out("text", "--trail").split())  # the unlock list: each tier's blockers, then conditions
    assert "[condition: obligation undocumented] incident_reporting" in trail


def test_markdown_shows_the_conditions_and_the_states() -> None:
    text = _out("markdown")
    assert "— 1 condition" in text and "**Conditions of `api`**" in text
    assert "| pillar | level | absent | undocumented |" in text
    assert "safeguard absent: accountability.worst\\_case\\_evaluations\\_published" in text  # markdown-escaped
    assert "condition: obligation undocumented" in text


def test_html_shows_the_conditions_and_the_states() -> None:
    text = _out("html")
    assert "— 1 condition" in text and "Conditions of api" in text
    assert "<th>absent</th><th>undocumented</th>" in text
    assert "condition: obligation undocumented" in text


def test_sarif_blocks_are_errors_and_conditions_warnings() -> None:
    results = json.loads(_out("sarif"))["runs"][0]["results"]
    planned = [r for r in results if "planned open-weights" in r["message"]["text"]]
    blocked = [r for r in planned if r["level"] == "error"]
    conditions = [r for r in planned if r["level"] == "warning"]
    assert any(r["properties"].get("state") == "absent" and r["ruleId"] == "REQ-WEIGHTS-ALERT" for r in blocked)
    assert any(r["properties"].get("state") == "undocumented" for r in conditions)


@pytest.mark.parametrize("fmt", ["junit"])
def test_junit_names_blocks_and_conditions(fmt: str) -> None:
    failure = ET.fromstring(_out(fmt)).find(".//failure")
    assert failure is not None and failure.get("type") == "conditional"
    text = failure.text or ""
    assert "blocked: safeguard (absent) REQ-WEIGHTS-ALERT" in text
    assert "condition: obligation (undocumented) REQ-WEIGHTS-INCIDENTS" in text
