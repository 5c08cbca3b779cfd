"""SPEC §5 step 4: every cell of each profile's ceiling matrix, and the footnote exceptions' conditions.

Only bio varies (the other required domains are low, which permits every tier); bio's level comes from
a worst-case determination (the same in both tier classes) and its marginal risk from two general
comparisons. The ceiling is the matrix cell: that tier is permitted and the next one up is not.
"""

from __future__ import annotations

from typing import Any

import pytest

from releasecheck.rubric import model as m
from threshold_cards import (
    MARGINAL,
    card,
    complete_assessment,
    low_except,
    marginal,
    rubric,
    run,
    threshold,
)

PROFILES = ("balanced", "precautionary", "marginal")
LEVELS = ("low", "alert", "high", "severe", "critical", "unknown")
DELTAS: dict[str, tuple[float, ...] | None] = {
    "below": (-0.1, -0.1),
    "none": (0.0, 0.0),
    "slight": (0.0, MARGINAL.margin + 0.01),
    "significant": (0.0, MARGINAL.significance + 0.01),
    "unknown": None,
}


def _bio(level: str, risk: str, evidence: list[dict[str, Any]] | None = None, **sections: Any) -> dict[str, Any]:
    deltas = DELTAS[risk]
    bio = evidence if evidence is not None else ([] if level == "unknown" else [threshold("bio", level)])
    extra = {} if deltas is None else {"marginal_risk": marginal(*deltas)}
    return card([*bio, *low_except("bio")], **(extra | sections))


def _matrix(profile: str) -> m.CeilingRule:
    return rubric(profile).one("ceiling-matrix", m.CeilingRule)


def _cell(profile: str, level: str, risk: str, exception_holds: bool) -> str:
    spec = _matrix(profile).matrix[level][risk]  # type: ignore[index]
    if isinstance(spec, str):
        return spec
    return spec.tier if spec.exception is None or exception_holds else str(spec.otherwise)


@pytest.mark.parametrize("risk", list(DELTAS))
@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("profile", PROFILES)
def test_matrix_cell_is_the_most_open_tier_permitted(profile: str, level: str, risk: str) -> None:
    a = run(_bio(level, risk), profile)
    expected = _cell(profile, level, risk, exception_holds=False)
    assert a.marginal["bio"].marginal == risk
    assert a.ceilings["bio"].limit == {"hosted": expected, "weights": expected}
    assert a.ceiling_tier == expected
    order = rubric(profile).tier_order
    permits = [a.ceilings["bio"].permits(t, rubric(profile)) for t in order]
    assert permits == [rubric(profile).tier_rank[t] <= rubric(profile).tier_rank[expected] for t in order]


def _exception_profiles() -> list[Any]:
    return [
        pytest.param(p, level, id=f"{p}-{level}")
        for p in PROFILES
        for level in LEVELS
        if not isinstance(_matrix(p).matrix[level]["none"], str) and _matrix(p).matrix[level]["none"].exception  # type: ignore[index,union-attr]
    ]


@pytest.mark.parametrize(("profile", "level"), _exception_profiles())
@pytest.mark.parametrize(
    ("elicitation", "blank_step", "holds"),
    [
        pytest.param("worst-case", None, True, id="complete-and-worst-case-holds"),
        pytest.param("safeguards-off", None, True, id="safeguards-off-is-worst-case-evidence"),
        pytest.param("safeguards-on", None, False, id="no-worst-case-evidence-fails"),
        pytest.param("worst-case", "uncertainty", False, id="one-step-blank-fails"),
        pytest.param("worst-case", "threat_model", False, id="first-step-blank-fails"),
    ],
)
def test_footnote_exception_needs_a_complete_assessment_and_worst_case_evidence(
    profile: str, level: str, elicitation: str, blank_step: str | None, holds: bool
) -> None:
    steps = complete_assessment()
    if blank_step is not None:
        steps[blank_step] = "  "
    section = marginal(0.0, 0.0, assessment=steps)
    data = card([threshold("bio", level, elicitation), *low_except("bio")], marginal_risk=section)
    a = run(data, profile)
    assert a.ceilings["bio"].limit["weights"] == _cell(profile, level, "none", exception_holds=holds)


def test_a_volunteered_safeguards_on_low_in_a_domain_not_required_costs_no_tier() -> None:
    """nuclear-radiological is not required of a general-purpose model: a safeguards-on low leaves it
    unassessed for weights tiers, which it then does not limit (its marginal risk is unknown)."""
    # compared with the open frontier (adds nothing), so every required domain permits fully-open
    a = run(
        card(
            [*low_except(), threshold("nuclear-radiological", "low", "safeguards-on")], marginal_risk=marginal(0.0, 0.0)
        )
    )
    nuclear = a.ceilings["nuclear-radiological"]
    assert nuclear.limit["weights"] == rubric().tier_order[-1]
    assert a.ceiling_tier == rubric().tier_order[-1]


@pytest.mark.parametrize("profile", ["balanced", "precautionary"])
@pytest.mark.parametrize(("risk", "fully_open"), [(risk, risk in ("below", "none")) for risk in DELTAS])
def test_fully_open_needs_a_release_shown_to_add_nothing(profile: str, risk: str, fully_open: bool) -> None:
    """Data and recipe let anyone reproduce and scale an advance, even a slight one: with every domain at
    low, only a release shown to add nothing over the open frontier (none, below) may be fully open."""
    a = run(_bio("low", risk), profile)
    top = rubric().tier_order[-1]
    assert (a.ceiling_tier == top) == fully_open
    assert a.ceiling_tier in (top, "open-weights")
