"""The blind probes shipped in examples/probes: complete, valid, and the totals docs/calibration.md
states for the real releases (casebook and probes) are the ones the default rubric gives."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from conftest import EXAMPLES, ROOT, invoke

PROBES = sorted(p for p in (EXAMPLES / "probes").iterdir() if p.is_dir())
TIERS = ("internal", "limited", "api", "gated-weights", "open-weights", "fully-open")
# The sentence of docs/calibration.md §3 that states the totals over every real release.
STATED = re.compile(
    r"Across the (\d+) real releases \(the casebook's (\d+) and (\d+) in (\w+) blind probes\), (\d+) are inside on\s+all"
    r"\s+four\s+measures; the balanced recommendation is inside (\d+) ranges, the marginal stance's (\d+), the"
    r"\s+profiles\s+bracket (\d+)\."
)


def _ranges(folder: Path) -> dict[str, dict[str, object]]:
    text = (folder / "ranges.yaml").read_text(encoding="utf-8")
    header = " ".join(line for line in text.splitlines()[:3] if line.startswith("#"))
    assert "before" in header.lower(), f"{folder.name}: ranges.yaml must say the ranges were fixed before the tool ran"
    return yaml.safe_load(text)


@pytest.mark.parametrize("folder", PROBES, ids=lambda p: p.name)
def test_every_probe_case_has_a_valid_card_a_range_and_research(folder: Path) -> None:
    research = (folder / "research.md").read_text(encoding="utf-8")
    sections = {int(n) for n in re.findall(r"(?m)^## (\d+)\b", research)}
    ranges = _ranges(folder)
    assert ranges and sorted(p.name for p in (folder / "cards").glob("*.yaml")) == sorted(ranges)
    for name, entry in ranges.items():
        low, high = entry["range"]
        assert TIERS.index(low) <= TIERS.index(high), name
        assert entry["case"] in sections, f"{folder.name}/{name}: research.md has no section {entry['case']}"
    result = invoke("validate", *(str(folder / "cards" / name) for name in ranges))
    assert result.code == 0, result.stdout + result.stderr


def _cases(folder: Path) -> list[dict[str, object]]:
    result = invoke("rubrics", "test", "--casebook", str(folder), "-f", "json")
    assert result.code == 0, result.stderr
    return json.loads(result.stdout)["cases"]


def test_calibration_states_the_totals_the_rubric_gives() -> None:
    """docs/calibration.md's totals over every real release are recomputed here: a rubric change that
    moves a case fails this test until the document says what it moved."""
    casebook = _cases(EXAMPLES / "casebook")
    probes = [case for folder in PROBES for case in _cases(folder)]
    cases = casebook + probes

    def inside(case: dict[str, object], tier: str) -> bool:
        low, high = case["range"]
        return TIERS.index(low) <= TIERS.index(tier) <= TIERS.index(high)

    found = (
        len(cases),
        len(casebook),
        len(probes),
        sum(bool(c["defensible"]) for c in cases),
        sum(bool(c["recommended_in"]) for c in cases),
        sum(inside(c, c["profiles"]["marginal"]) for c in cases),
        sum(bool(c["bracketed"]) for c in cases),
    )
    text = " ".join((ROOT / "docs" / "calibration.md").read_text(encoding="utf-8").split())
    stated = STATED.search(text)
    assert stated is not None, "docs/calibration.md no longer states the totals over every real release"
    total, ours, blind, _count, defensible, recommended, marginal, bracket = stated.groups()
    assert tuple(int(x) for x in (total, ours, blind, defensible, recommended, marginal, bracket)) == found
