"""SPEC §5 step 5: control states at their boundaries and ABC pillar levels (a level needs the ones below)."""

from __future__ import annotations

from typing import Any

import pytest

from releasecheck.assess.controls import ABSENT, IN_PLACE, UNDOCUMENTED, check_need
from releasecheck.card import model as c
from releasecheck.rubric import model as rm
from threshold_cards import card, rubric, run

A_LEVEL_1 = {"acceptable_use_policy": True}
A_LEVEL_2 = {**A_LEVEL_1, "revocable_access": True, "usage_monitoring": True}
A_LEVEL_3 = {**A_LEVEL_2, "misuse_classifiers": True, "identity_verification": True, "weight_security": "sl3"}


def _pillars(**sections: Any) -> dict[str, int]:
    return {name: p.level for name, p in run(card(**sections)).pillars.items()}


def _security_floor() -> str:
    (need,) = [n for n in rubric().pillars["access_controls"].levels[-1].needs if getattr(n, "at_least", None)]
    return str(need.at_least)


SECURITY = ("none", "sl1", "sl2", "sl3", "sl4", "sl5")
FLOOR = SECURITY.index(_security_floor())


@pytest.mark.parametrize(
    ("value", "level"),
    [
        pytest.param(SECURITY[FLOOR - 1], 2, id="weight-security-one-below-floor-absent"),
        pytest.param(SECURITY[FLOOR], 3, id="weight-security-at-floor-in-place"),
        pytest.param(SECURITY[FLOOR + 1], 3, id="weight-security-above-floor-in-place"),
        pytest.param("unknown", 2, id="weight-security-unknown-undocumented"),
    ],
)
def test_weight_security_counts_from_the_pillar_floor_up(value: str, level: int) -> None:
    assert _pillars(access_controls={**A_LEVEL_3, "weight_security": value})["access_controls"] == level


@pytest.mark.parametrize(
    ("controls", "level"),
    [
        pytest.param({}, 0, id="A-nothing-level-0"),
        pytest.param(A_LEVEL_1, 1, id="A-level-1"),
        pytest.param(A_LEVEL_2, 2, id="A-level-2"),
        pytest.param(A_LEVEL_3, 3, id="A-level-3"),
        pytest.param({k: v for k, v in A_LEVEL_3.items() if k != "acceptable_use_policy"}, 0, id="A-2-and-3-without-1"),
        pytest.param({k: v for k, v in A_LEVEL_3.items() if k != "usage_monitoring"}, 1, id="A-3-without-2"),
    ],
)
def test_a_pillar_level_needs_every_level_below_it(controls: dict[str, Any], level: int) -> None:
    assert _pillars(access_controls=controls)["access_controls"] == level


@pytest.mark.parametrize(
    ("funding", "environment", "state", "level"),
    [
        pytest.param(True, False, IN_PLACE, 2, id="any-of-first-in-place"),
        pytest.param(False, True, IN_PLACE, 2, id="any-of-second-in-place"),
        pytest.param(False, False, ABSENT, 1, id="any-of-both-absent"),
        pytest.param(False, "unknown", UNDOCUMENTED, 1, id="any-of-absent-and-undocumented-is-undocumented"),
        pytest.param(None, False, UNDOCUMENTED, 1, id="any-of-left-out-and-absent-is-undocumented"),
    ],
)
def test_any_of_is_in_place_when_one_alternative_is(funding: Any, environment: Any, state: str, level: int) -> None:
    capacity = {"researcher_access_program": True, "secure_research_environment": environment}
    if funding is not None:
        capacity["safety_research_funding"] = funding
    pillar = run(card(capacity_building=capacity)).pillars["capacity_building"]
    c2 = rubric().pillars["capacity_building"].levels[1]
    assert pillar.level == level
    text = " or ".join(n.control for n in c2.needs[0].any_of)  # type: ignore[union-attr]
    assert (text in pillar.met, text in pillar.absent, text in pillar.undocumented) == (
        state == IN_PLACE,
        state == ABSENT,
        state == UNDOCUMENTED,
    )


@pytest.mark.parametrize(
    ("value", "state"),
    [
        pytest.param(True, IN_PLACE, id="true-in-place"),
        pytest.param(False, ABSENT, id="false-absent"),
        pytest.param("unknown", UNDOCUMENTED, id="unknown-undocumented"),
        pytest.param(None, UNDOCUMENTED, id="left-out-undocumented"),
    ],
)
def test_a_yes_no_control_has_three_states(value: Any, state: str) -> None:
    section = {} if value is None else {"acceptable_use_policy": value}
    pillar = run(card(access_controls=section)).pillars["access_controls"]
    name = "access_controls.acceptable_use_policy"
    assert (name in pillar.met, name in pillar.absent, name in pillar.undocumented) == (
        state == IN_PLACE,
        state == ABSENT,
        state == UNDOCUMENTED,
    )


@pytest.mark.parametrize(
    ("value", "state"),
    [
        pytest.param(["watermarking"], IN_PLACE, id="provenance-one-measure-in-place"),
        pytest.param([], ABSENT, id="provenance-empty-list-absent"),
        pytest.param("unknown", UNDOCUMENTED, id="provenance-unknown-undocumented"),
    ],
)
def test_provenance_is_in_place_with_any_measure(value: Any, state: str) -> None:
    validated = c.Card.model_validate(card(accountability={"provenance": value}))
    assert check_need(validated, rm.ControlNeed(control="accountability.provenance")).state == state
