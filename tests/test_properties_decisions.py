"""Properties of the revised SPEC §5 ("Defensible decisions I and II") over generated cards.

- evidence never costs a tier: adding an evaluation that establishes at most the level already
  established in its domain (low, in a domain without evidence) never lowers the ceiling or the
  recommended tier, in any profile;
- obligations never move the recommendation: setting a control that only obligations ask for to
  true, false, unknown, or leaving it out changes conditions and the decision, never
  `recommended_tier`;
- a card whose benchmark scores all drop never gets a less open tier;
- the tier table itself (an undocumented control never passes; obligations never block) is checked
  for every generated card in tests/test_properties.py.

Each property runs 2,000 generated cards under the `ci` Hypothesis profile (`slow` marker), and a few
in the default selection through its quick twin.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import examples, quick_twin
from releasecheck.rubric import model as m
from releasecheck.rubric.load import Rubric, load_rubric_set
from releasecheck.selftest import assess_data
from strategies import cards

PROFILES = ("precautionary", "balanced", "marginal")
RUBRIC_SET = load_rubric_set()
RUBRICS: dict[str, Rubric] = {p: RUBRIC_SET.resolve(p) for p in PROFILES}
RANK = RUBRICS["balanced"].tier_rank
LEVELS = ("low", "alert", "high", "severe", "critical")
SEVERITY_LEVEL = next(r for r in RUBRICS["balanced"].rules if r.kind == "red-team").severity_levels
BENCHMARKS = [(b.id, b.domain, b.alert) for b in RUBRICS["balanced"].benchmarks]
PROPERTY = settings(max_examples=examples(2000), deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _tiers(card: dict[str, Any]) -> dict[str, tuple[int, int]]:
    out = {}
    for profile, rubric in RUBRICS.items():
        a = assess_data(card, rubric)
        out[profile] = (RANK[a.ceiling_tier], RANK[a.recommended_tier])
    return out


def _never_closes(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]], what: str) -> None:
    for profile in PROFILES:
        for key, b, c in zip(("ceiling", "recommended"), before[profile], after[profile], strict=True):
            assert c >= b, f"[{profile}] {what}: {key} tier closed from rank {b} to {c}"


# --- evidence never costs a tier ----------------------------------------------------------------------


def _established(card: dict[str, Any]) -> dict[str, int]:
    """Domain -> the highest level any of its results establishes (rank), from the balanced assessment."""
    a = assess_data(card, RUBRICS["balanced"])
    return {d.domain: max(LEVELS.index(r.establishes) for r in d.readings) for d in a.domains if d.readings}


@st.composite
def _quiet_evaluation(draw: st.DrawFn, ceiling: dict[str, int]) -> dict[str, Any]:
    """An evaluation that establishes at most `ceiling[domain]` (low where the domain has no evidence)."""
    domain = draw(st.sampled_from(sorted(RUBRICS["balanced"].domain_ids)))
    top = ceiling.get(domain, 0)
    base = {
        "id": "added-evaluation",
        "domain": domain,
        "elicitation": draw(st.sampled_from(("safeguards-on", "safeguards-off", "worst-case"))),
        "performed_by": draw(st.sampled_from(("internal", "third-party"))),
        "source": "added",
    }
    kind = draw(st.sampled_from(("benchmark", "red-team", "uplift-study", "threshold-assessment")))
    if kind == "benchmark":
        name, _, alert = draw(st.sampled_from([b for b in BENCHMARKS if b[1] == domain] or BENCHMARKS))
        high = 1.0 if top >= 1 else alert - 0.001  # at or above the alert threshold only where alert is reached
        score = round(draw(st.floats(0.0, max(high, 0.0))), 4)
        return {**base, "type": "benchmark", "benchmark": name, "score": score}
    if kind == "red-team":
        allowed = [s for s, lvl in SEVERITY_LEVEL.items() if LEVELS.index(lvl) <= top]
        return {**base, "type": "red-team", "severity": draw(st.sampled_from(allowed))}
    if kind == "uplift-study":
        uplift = draw(st.floats(0.5, 3.0))
        return {**base, "type": "uplift-study", "population": draw(st.sampled_from(("novice", "expert"))),
                "uplift": round(uplift, 3), "significant": False}  # fmt: skip
    return {**base, "type": "threshold-assessment", "level": draw(st.sampled_from(LEVELS[: top + 1]))}


@pytest.mark.slow
@PROPERTY
@given(card=cards(), data=st.data())
def test_an_evaluation_that_establishes_no_higher_level_never_costs_a_tier(
    card: dict[str, Any], data: st.DataObject
) -> None:
    before = _tiers(card)
    added = data.draw(_quiet_evaluation(_established(card)))
    more = copy.deepcopy(card)
    more.setdefault("evaluations", []).append(added)
    _never_closes(before, _tiers(more), f"adding {added}")


test_an_evaluation_that_establishes_no_higher_level_never_costs_a_tier_quick = quick_twin(
    test_an_evaluation_that_establishes_no_higher_level_never_costs_a_tier, card=cards(), data=st.data()
)


# --- obligations never move the recommendation ----------------------------------------------------------


def _obligation_only_controls(rubric: Rubric) -> list[str]:
    """Controls that obligations ask for and nothing else does (no safeguard, no ceiling exception)."""
    asked: dict[str, set[str]] = {}

    def note(need: Any, why: str) -> None:
        for n in need.any_of if isinstance(need, m.AnyOf) else [need]:
            asked.setdefault(n.control, set()).add(why)

    for rule in rubric.rules:
        if isinstance(rule, m.RequirementRule):
            for need in rule.needs:
                note(need, rule.requirement)
        elif isinstance(rule, m.ExceptionRule):
            for need in rule.needs:
                note(need, "exception")
    return sorted(c for c, why in asked.items() if why == {"obligation"})


OBLIGATION_ONLY = {p: _obligation_only_controls(r) for p, r in RUBRICS.items()}


def test_the_default_rubric_has_obligation_only_controls() -> None:
    assert "accountability.third_party_evaluation" in OBLIGATION_ONLY["balanced"]
    assert "accountability.incident_reporting" in OBLIGATION_ONLY["balanced"]
    assert "access_controls.usage_monitoring" not in OBLIGATION_ONLY["balanced"]


def _set_control(card: dict[str, Any], dotted: str, value: Any) -> dict[str, Any]:
    out = copy.deepcopy(card)
    section, name = dotted.split(".")
    controls = dict(out.get(section) or {})
    if value is None:
        controls.pop(name, None)
    else:
        controls[name] = value
    out[section] = controls
    return out


@pytest.mark.slow
@PROPERTY
@given(card=cards(), data=st.data())
def test_changing_an_obligation_never_changes_the_recommended_tier(card: dict[str, Any], data: st.DataObject) -> None:
    for profile, rubric in RUBRICS.items():
        controls = OBLIGATION_ONLY[profile]
        dotted = data.draw(st.sampled_from(controls))
        value = data.draw(st.sampled_from((True, False, "unknown", None)))
        base = assess_data(card, rubric)
        changed = assess_data(_set_control(card, dotted, value), rubric)
        assert changed.recommended_tier == base.recommended_tier, (
            f"[{profile}] {dotted} = {value!r}: recommended {base.recommended_tier} -> {changed.recommended_tier}"
        )
        assert changed.ceiling_tier == base.ceiling_tier


test_changing_an_obligation_never_changes_the_recommended_tier_quick = quick_twin(
    test_changing_an_obligation_never_changes_the_recommended_tier, card=cards(), data=st.data()
)


# --- lower scores never close a tier ----------------------------------------------------------------------


def _lowered(card: dict[str, Any], delta: float) -> dict[str, Any]:
    out = copy.deepcopy(card)
    mr = out.get("marginal_risk") or {}
    safe = out.get("similarly_safe") or {}
    for item in [
        *mr.get("general_capability", []),
        *mr.get("domain_comparisons", []),
        *safe.get("general_capability", []),
    ]:
        item["model_score"] = max(0.0, round(item["model_score"] - delta, 6))
    for ev in out.get("evaluations", []):
        if ev.get("type") == "benchmark":
            ev["score"] = max(0.0, round(ev["score"] - delta, 6))
    return out


@pytest.mark.slow
@PROPERTY
@given(card=cards(), delta=st.sampled_from((0.005, 0.02, 0.05, 0.1, 0.3)))
def test_a_card_whose_scores_all_drop_never_gets_a_less_open_tier(card: dict[str, Any], delta: float) -> None:
    _never_closes(_tiers(card), _tiers(_lowered(card, delta)), f"every score lowered by {delta}")


test_a_card_whose_scores_all_drop_never_gets_a_less_open_tier_quick = quick_twin(
    test_a_card_whose_scores_all_drop_never_gets_a_less_open_tier,
    card=cards(),
    delta=st.sampled_from((0.005, 0.02, 0.05, 0.1, 0.3)),
)
