"""SPEC §5 steps 7-10 at their boundaries: the recommended and ready tiers, the decision with the planned
tier at, below and above the ceiling and the recommendation, confidence and its gate, the compute
obligations at their FLOP thresholds and dates, and the stance comparison.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from releasecheck.assess.stances import compare
from releasecheck.assess.trail import Trail
from releasecheck.rubric import model as m
from releasecheck.yamlpos.loader import Document
from threshold_cards import DATE, card, low_except, marginal, model_card, rubric, run, similarly_safe, status, threshold

# bio alert, ruled out above alert, marginal unknown: ceiling gated-weights (balanced), where every
# requirement that applies at alert is met by these controls.
ALERT_READY = {
    "access_controls": {"identity_verification": True, "acceptable_use_policy": True, "revocable_access": True},
    "accountability": {
        "model_card_published": True,
        "evaluations_published": True,
        "worst_case_evaluations_published": True,
        "incident_reporting": True,
    },
}
CEILING = "gated-weights"


def _alert(planned: str | None = None, third_party: bool = False, **changes: dict[str, Any]) -> dict[str, Any]:
    sections = {k: {**v, **changes.get(k, {})} for k, v in ALERT_READY.items()}
    extra = {"performed_by": "third-party"} if third_party else {}
    data = card([threshold("bio", "alert", **extra), *low_except("bio")], **sections)
    if planned is not None:
        weights = rubric().tier_class[planned] == "weights"
        data["release"] |= {"planned_tier": planned, "artifacts": ["weights"] if weights else []}
    return data


def test_the_ready_card_is_recommended_its_ceiling_with_nothing_missing() -> None:
    a = run(_alert())
    assert (a.ceiling_tier, a.recommended_tier, a.ready_tier, a.conditions) == (CEILING, CEILING, CEILING, ())
    assert [s.permitted for s in a.tiers] == [
        rubric().tier_rank[s.tier] <= rubric().tier_rank[CEILING] for s in a.tiers
    ]


def test_the_most_open_tier_is_recommended_at_its_ceiling() -> None:
    a = run(card(marginal_risk=marginal(0.0, 0.0)))  # fully open needs a release that adds nothing significant
    top = rubric().tier_order[-1]
    assert (a.ceiling_tier, a.recommended_tier, a.ready_tier) == (top, top, top)


@pytest.mark.parametrize(
    ("planned", "changes", "decision"),
    [
        pytest.param(None, {}, "none", id="no-plan-none"),
        pytest.param("api", {}, "pass", id="planned-below-recommended-pass"),
        pytest.param(CEILING, {}, "pass", id="planned-at-ceiling-and-recommended-pass"),
        pytest.param("open-weights", {}, "fail", id="planned-above-ceiling-fail"),
        pytest.param(CEILING, {"accountability": {"incident_reporting": "unknown"}}, "conditional",
                     id="planned-at-recommended-with-a-condition"),
        pytest.param(CEILING, {"access_controls": {"identity_verification": False}}, "conditional",
                     id="planned-within-ceiling-above-recommended"),
    ],
)  # fmt: skip
def test_decision_by_where_the_planned_tier_stands(
    planned: str | None, changes: dict[str, dict[str, Any]], decision: str
) -> None:
    assert run(_alert(planned, **changes)).decision == decision


def test_a_tier_with_conditions_is_recommended_and_not_ready() -> None:
    a = run(_alert(accountability={"incident_reporting": "unknown"}))
    assert (a.recommended_tier, [b.rule for b in a.conditions]) == (CEILING, ["REQ-WEIGHTS-INCIDENTS"])
    assert a.ready_tier == "api"


def test_an_absent_safeguard_of_the_planned_tier_sends_the_recommendation_below_it() -> None:
    a = run(_alert(CEILING, access_controls={"identity_verification": False}))
    assert (a.ceiling_tier, a.recommended_tier) == (CEILING, "api")
    assert not status(a, CEILING).available and status(a, "api").available


def test_a_capability_finding_makes_a_tier_above_the_ceiling_unavailable() -> None:
    a = run(_alert())
    above = status(a, "open-weights")
    assert (above.permitted, above.available) == (False, False)
    assert {b.kind for b in above.blocked_by} == {"capability"}


# --- confidence -------------------------------------------------------------------------------------


def _confidence(evidence: list[dict[str, Any]], **sections: Any) -> str:
    return run(card(evidence, **sections)).confidence


THIRD = {"performed_by": "third-party"}


@pytest.mark.parametrize(
    ("evidence", "level"),
    [
        pytest.param([threshold("bio", "low", **THIRD), *low_except("bio")], "high", id="one-third-party-high"),
        pytest.param(low_except(), "medium", id="no-third-party-medium"),
        pytest.param(low_except("bio"), "low", id="a-domain-without-evidence-low"),
        pytest.param(
            [{"domain": "bio", "type": "red-team", "severity": "none", "elicitation": "worst-case", "source": "rt",
              **THIRD}, *low_except("bio")],
            "medium",
            id="nothing-rules-out-the-next-level-medium",
        ),
    ],
)  # fmt: skip
def test_confidence_by_evidence(evidence: list[dict[str, Any]], level: str) -> None:
    assert _confidence(evidence) == level


def test_a_level_by_comparison_caps_confidence_at_medium() -> None:
    safe = similarly_safe({"bio": "low"})
    evidence = [threshold("chem", "low", **THIRD), *low_except("bio", "chem")]
    assert _confidence(evidence) == "low"
    assert _confidence(evidence, similarly_safe=safe) == "medium"


@pytest.mark.parametrize(
    ("third_party", "minimum", "decision"),
    [
        pytest.param(True, "high", "pass", id="high-meets-minimum-high"),
        pytest.param(False, "medium", "pass", id="medium-meets-minimum-medium"),
        pytest.param(False, "high", "conditional", id="medium-below-minimum-high"),
        pytest.param(False, None, "pass", id="no-minimum"),
    ],
)
def test_min_confidence_turns_a_pass_below_it_conditional(
    third_party: bool, minimum: str | None, decision: str
) -> None:
    a = run(_alert(CEILING, third_party), min_confidence=minimum)
    assert (a.confidence, a.decision) == ("high" if third_party else "medium", decision)


# --- obligations ------------------------------------------------------------------------------------

OBLIGATIONS = rubric().many("obligation", m.ObligationRule)


def _obligations(flop: float | None, kind: str = "general-purpose", date: str | None = DATE) -> dict[str, str]:
    data = model_card(kind, flop, date)
    return {o.rule: o.status for o in run(data).obligations}


@pytest.mark.parametrize("rule", OBLIGATIONS, ids=lambda r: r.id)
@pytest.mark.parametrize(
    ("factor", "listed"),
    [pytest.param(0.99, False, id="below"), pytest.param(1.0, False, id="at-is-not-above"),
     pytest.param(1.01, True, id="above")],
)  # fmt: skip
def test_an_obligation_applies_strictly_above_its_flop_threshold(
    rule: m.ObligationRule, factor: float, listed: bool
) -> None:
    found = _obligations(rule.above_flop * factor)
    assert found.get(rule.id) == ("applies" if listed else None)


def test_undisclosed_compute_lists_every_obligation_to_check_for_its_kinds_only() -> None:
    assert _obligations(None) == {r.id: "to-check" for r in OBLIGATIONS}
    assert _obligations(None, "other") == {}
    assert _obligations(max(r.above_flop for r in OBLIGATIONS) * 10, "bio-design") == {}


def test_a_parameter_count_keeps_obligations_above_its_bound_off_the_list() -> None:
    """With the parameter count disclosed, undisclosed compute is presumed at most flop_per_parameter per
    parameter: obligations above that bound are not listed, those below it stay to check."""
    per_parameter = float(rubric().one("compute-undisclosed", m.ComputeRule).flop_per_parameter or 0)
    thresholds = sorted(r.above_flop for r in OBLIGATIONS)
    data = model_card()
    data["model"]["parameters"] = thresholds[1] / per_parameter  # the bound is the second threshold itself
    assert {o.rule: o.status for o in run(data).obligations} == {
        r.id: "to-check" for r in OBLIGATIONS if r.above_flop < thresholds[1]
    }
    data["model"]["parameters"] = thresholds[-1] * 2 / per_parameter
    assert {o.rule: o.status for o in run(data).obligations} == {r.id: "to-check" for r in OBLIGATIONS}


def test_the_undisclosed_compute_warning_is_given_for_its_kinds_only() -> None:
    def warned(kind: str) -> bool:
        return any(w.rule == "COMPUTE-UNDISCLOSED" for w in run(model_card(kind)).warnings)

    assert (warned("general-purpose"), warned("other")) == (True, False)


@pytest.mark.parametrize("rule", OBLIGATIONS, ids=lambda r: r.id)
@pytest.mark.parametrize(
    ("days", "expected"),
    [pytest.param(-1, "not-in-force", id="released-day-before"), pytest.param(0, "applies", id="released-on-the-day")],
)
def test_an_obligation_is_in_force_from_its_effective_date(rule: m.ObligationRule, days: int, expected: str) -> None:
    date = dt.date.fromisoformat(rule.effective) + dt.timedelta(days=days)
    assert _obligations(rule.above_flop * 2, date=date.isoformat())[rule.id] == expected


# --- stances and the trail --------------------------------------------------------------------------


def _stances(data: dict[str, Any]) -> Any:
    assessments = {p: run(data, p) for p in ("balanced", "precautionary", "marginal")}
    return compare(assessments, rubric().tier_rank)


def test_profiles_that_agree_are_robust_with_nothing_dividing_them() -> None:
    found = _stances(card())
    assert (found.verdict, found.range, list(found.dividing_rules)) == ("robust", None, [])


def test_profiles_that_disagree_are_contested_with_their_range_and_dividing_rules() -> None:
    """An unrefuted bio alert: high (api) when balanced, stays alert under the marginal stance."""
    found = _stances(card([{"domain": "bio", "type": "red-team", "severity": "moderate",
                            "elicitation": "worst-case", "source": "rt"}, *low_except("bio")]))  # fmt: skip
    tiers = {r.recommended_tier for r in found.results.values()}
    order = [t for t in rubric().tier_order if t in tiers]
    assert (found.verdict, found.range) == ("contested", f"{order[0]} to {order[-1]}")
    assert len(order) > 1 and found.dividing_rules


def test_a_trail_entry_marked_once_is_recorded_once_and_others_every_time() -> None:
    trail = Trail(Document("<t>", {}))
    for _ in range(2):
        trail.add("R-ONCE", "info", "same", once=True)
        trail.add("R-EVERY", "info", "same")
    assert [e.rule for e in trail.entries] == ["R-ONCE", "R-EVERY", "R-EVERY"]
