"""One source for tier, level and tier-class ids (SPEC §2, §3; issue 16 item 2): releasecheck.ladder.

The Literal types and the tuples agree, the published schemas, the CLI's choices and the rubric
loader all follow the ladder, and a rubric set cannot rename, reorder or reclass a tier or level.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import get_args

import pytest

from conftest import ROOT, RUBRICS, invoke
from releasecheck import ladder

SPEC_TIERS = ("internal", "limited", "api", "gated-weights", "open-weights", "fully-open")
SPEC_LEVELS = ("low", "alert", "high", "severe", "critical", "unknown")


def test_the_ladder_is_the_spec() -> None:
    assert ladder.TIERS == SPEC_TIERS
    assert ladder.LEVEL_IDS == SPEC_LEVELS
    assert SPEC_LEVELS[:-1] == ladder.LEVELS
    assert ladder.TIER_CLASSES == ("hosted", "weights")
    assert [t for t in ladder.TIERS if ladder.TIER_CLASS[t] == "weights"] == list(ladder.WEIGHTS_TIERS)
    assert SPEC_TIERS[3:] == ladder.WEIGHTS_TIERS


def test_literals_and_tuples_agree() -> None:
    assert get_args(ladder.TierId) == ladder.TIERS
    assert get_args(ladder.LevelId) == ladder.LEVEL_IDS
    assert get_args(ladder.Level) == ladder.LEVELS
    assert get_args(ladder.TierClass) == ladder.TIER_CLASSES
    assert list(ladder.TIER_RANK) == list(ladder.TIERS)
    assert list(ladder.LEVEL_RANK) == list(ladder.LEVEL_IDS)


def test_the_card_schema_enumerates_the_ladder() -> None:
    schema = json.loads((ROOT / "schemas" / "card.schema.json").read_text())
    tiers = schema["$defs"]["Release"]["properties"]["planned_tier"]["anyOf"][0]["enum"]
    assert tuple(tiers) == ladder.TIERS


def test_the_cli_offers_every_tier_and_refuses_others() -> None:
    for tier in ladder.TIERS:
        result = invoke("check", "examples/frontier-api.yaml", "-f", "json", "--no-timestamp", "--expect-tier", tier)
        assert json.loads(result.stdout)["planned_tier"] == tier
    bad = invoke("check", "examples/frontier-api.yaml", "--expect-tier", "open")
    assert bad.code == 2
    assert "fully-open" in bad.stderr


def _edited_rubrics(tmp_path: Path, old: str, new: str) -> Path:
    folder = tmp_path / "rubrics"
    shutil.copytree(RUBRICS, folder)
    main = folder / "rubric.yaml"
    text = main.read_text()
    assert old in text
    main.write_text(text.replace(old, new, 1))
    return folder


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ("{id: api, rank: 2, class: hosted", "{id: api, rank: 2, class: weights", "tiers must be"),
        ("{id: limited, rank: 1,", "{id: limited, rank: 7,", "tiers must be"),
        ("{id: severe, rank: 3,", "{id: severe, rank: 9,", "levels must be"),
    ],
)
def test_a_rubric_set_cannot_change_the_ladder(tmp_path: Path, old: str, new: str, words: str) -> None:
    result = invoke("rubrics", "validate", str(_edited_rubrics(tmp_path, old, new)))
    assert result.code == 3, result.stderr
    assert words in result.stderr
    assert "ids are fixed" in result.stderr


def test_a_rubric_set_may_reword_a_tier(tmp_path: Path) -> None:
    folder = _edited_rubrics(tmp_path, "title: Public API,", "title: Public hosted API,")
    assert invoke("rubrics", "validate", str(folder)).code == 0
