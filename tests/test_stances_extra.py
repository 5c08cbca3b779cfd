"""The confidence gate in every format, and general benchmarks' reach as rubric data."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import EXAMPLES, RUBRICS, invoke

MEDIUM_PASS = str(EXAMPLES / "image-generator.yaml")
GATE = "pass turned conditional: confidence medium is below the required high"


@pytest.mark.parametrize("fmt", ["json", "text", "markdown", "html", "sarif", "junit"])
def test_the_confidence_gate_is_shown_in_every_format(fmt: str) -> None:
    result = invoke("check", MEDIUM_PASS, "--min-confidence", "high", "-f", fmt, "--no-timestamp")
    assert result.code == 1, result.stderr
    if fmt == "junit":
        failure = ET.fromstring(result.stdout).find(".//failure")
        assert failure is not None and GATE in (failure.text or "")
    elif fmt == "sarif":
        results = json.loads(result.stdout)["runs"][0]["results"]
        assert any(GATE in r["message"]["text"] and r["ruleId"] == "CONF-EVIDENCE" for r in results)
    else:
        assert GATE in result.stdout.replace("\n    ", " ")


CARD = """\
releasecheck: 1
model: {name: Reach-1, developer: Lab, kind: general-purpose, training_compute_flop: 3.0e+24}
release: {planned_tier: open-weights, artifacts: [weights]}
evaluations:
  - {domain: cyber, type: threshold-assessment, level: low, elicitation: worst-case, source: s}
marginal_risk:
  reference: {model: Open-1}
  general_capability:
    - {benchmark: MMLU, model_score: 0.60, reference_score: 0.70}
    - {benchmark: GPQA-Diamond, model_score: 0.30, reference_score: 0.40}
"""


def _marginal(tmp_path: Path, rubrics: Path | None) -> dict[str, str]:
    card = tmp_path / "card.yaml"
    card.write_text(CARD, encoding="utf-8")
    extra = ["--rubrics", str(rubrics)] if rubrics else []
    report = json.loads(invoke("check", str(card), "-f", "json", "--no-timestamp", *extra).stdout)
    return {d["domain"]: d["marginal"] for d in report["domains"]}


def test_by_default_every_general_benchmark_bears_on_every_domain(tmp_path: Path) -> None:
    # 0.10 under the named reference on both, and further under the open frontier: below, in every domain
    assert set(_marginal(tmp_path, None).values()) == {"below"}


def test_which_domains_a_general_benchmark_bears_on_is_rubric_data(tmp_path: Path) -> None:
    rubrics = tmp_path / "rubrics"
    shutil.copytree(RUBRICS, rubrics)
    path = rubrics / "ceiling.yaml"
    text = path.read_text(encoding="utf-8")
    old = 'bears_on: {"*": ["*"]}'
    assert old in text
    path.write_text(text.replace(old, 'bears_on: {"*": [cyber, ai-rnd]}'), encoding="utf-8")
    marginal = _marginal(tmp_path, rubrics)
    assert marginal["cyber"] == marginal["ai-rnd"] == "below"
    assert marginal["bio"] == marginal["chem"] == marginal["autonomy"] == "unknown"
