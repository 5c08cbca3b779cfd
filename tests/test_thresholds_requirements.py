"""SPEC §5 step 6 at its thresholds: governing level against each requirement's `at_least`, model kinds,
training compute against `compute_above` (disclosed and undisclosed), dates in force, waivers, and
which absent safeguards block. All controls are left undocumented unless a test sets them, so every
requirement that applies shows as a condition or a block of its tiers.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from releasecheck.assess.compute import parameter_bound
from releasecheck.card.model import Card
from releasecheck.rubric import model as m
from threshold_cards import (
    GPAI_DOMAINS,
    card,
    low_except,
    marginal,
    model_card,
    rubric,
    rule_ids,
    run,
    similarly_safe,
    status,
    threshold,
)

LEVELS = ("low", "alert", "high", "severe", "critical")
REQUIREMENTS = rubric().many("tier-requirement", m.RequirementRule)
ASSESSED = (*GPAI_DOMAINS, "csam-ncii", "manipulation")
COMPUTE = sorted({r.compute_above for r in REQUIREMENTS if r.compute_above is not None})
BY_COMPUTE = {r.compute_above: r for r in REQUIREMENTS if r.compute_above is not None}
DAY = dt.timedelta(days=1)


def _level_cases() -> list[Any]:
    out = []
    for rule in REQUIREMENTS:
        if rule.at_least is None or rule.evidence is not None or rule.marginal:
            continue  # frontier-sensitive rules have tests of their own below
        at = LEVELS.index(rule.at_least)
        for side, index in (("below", at - 1), ("at", at), ("above", at + 1)):
            if 0 <= index < len(LEVELS):
                out.append(pytest.param(rule.id, LEVELS[index], index >= at, id=f"{rule.id}-{side}"))
    return out


@pytest.mark.parametrize(("rule_id", "level", "applies"), _level_cases())
def test_a_requirement_applies_from_its_governing_level_up(rule_id: str, level: str, applies: bool) -> None:
    rule = rubric().by_id[rule_id]
    where = rule.domains[0] if rule.domains else "bio"
    data = card([threshold(where, level), *(threshold(d, "low") for d in ASSESSED if d != where)])
    data["model"]["kind"] = rule.model_kinds[0] if rule.model_kinds else "general-purpose"
    a = run(data)
    assert {tier: rule_id in rule_ids(a, tier) for tier in rule.tiers} == dict.fromkeys(rule.tiers, applies)


FRONTIER_RULES = [r for r in REQUIREMENTS if r.evidence is not None]


def _frontier_case(level: str, elicitation: str, risk: tuple[float, ...] | None) -> Any:
    """bio at `level` by the lab's own determination, every other domain low (worst-case), against the
    open frontier with `risk` (None: no comparison, marginal risk unknown)."""
    evaluations = [threshold("bio", level, elicitation), *low_except("bio")]
    return run(card(evaluations) if risk is None else card(evaluations, marginal_risk=marginal(*risk)))


@pytest.mark.parametrize("rule", FRONTIER_RULES, ids=lambda r: r.id)
@pytest.mark.parametrize(
    ("level", "elicitation", "risk", "applies"),
    [
        pytest.param("alert", "safeguards-off", (0.0, 0.1), True, id="alert-safeguards-off-significant"),
        pytest.param("alert", "safeguards-off", None, True, id="alert-safeguards-off-uncompared"),
        pytest.param("alert", "worst-case", (0.0, 0.1), False, id="alert-fine-tuned-significant"),
        pytest.param("alert", "safeguards-off", (0.0, 0.04), False, id="alert-safeguards-off-slight"),
        pytest.param("alert", "safeguards-off", (0.0, 0.0), False, id="alert-safeguards-off-none"),
        pytest.param("low", "safeguards-off", (0.0, 0.1), False, id="low-safeguards-off-significant"),
    ],
)
def test_frontier_weights_at_alert_need_an_adversarial_evaluation(
    rule: m.RequirementRule, level: str, elicitation: str, risk: tuple[float, ...] | None, applies: bool
) -> None:
    """A domain at the rule's level by safeguards-off evidence, in a release that significantly advances
    (or was not compared with) the open frontier, blocks every weights tier until a worst-case
    (fine-tuned) evaluation of it is listed; the same domain evaluated adversarially, a release within
    reach of the open frontier, or a domain below the level leave the weights tiers free of it."""
    a = _frontier_case(level, elicitation, risk)
    assert {tier: rule.id in rule_ids(a, tier) for tier in rule.tiers} == dict.fromkeys(rule.tiers, applies)
    if applies:
        assert all(rule.id in {b.rule for b in status(a, tier).blocked_by} for tier in rule.tiers)
        assert rule.id not in rule_ids(a, "api")  # hosted tiers are not its business


@pytest.mark.parametrize("rule", FRONTIER_RULES, ids=lambda r: r.id)
@pytest.mark.parametrize(("risk", "applies"), [((0.0, 0.1), True), (None, True), ((0.0, 0.0), False)])
def test_a_domain_without_evidence_is_held_to_it_like_one_at_alert(
    rule: m.RequirementRule, risk: tuple[float, ...] | None, applies: bool
) -> None:
    """bio with no evaluation at all, in a release that significantly advances (or was not compared
    with) the open frontier, needs the worst-case evaluation as much as bio measured at alert does:
    otherwise evaluating it, and finding early warning, would cost a tier that leaving it
    unevaluated keeps (the marginal profile's ceiling admits gated weights for both). A release
    that adds nothing over the open frontier is not its business."""
    a = run(card(low_except("bio")) if risk is None else card(low_except("bio"), marginal_risk=marginal(*risk)))
    assert {tier: rule.id in rule_ids(a, tier) for tier in rule.tiers} == dict.fromkeys(rule.tiers, applies)


@pytest.mark.parametrize("profile", ["precautionary", "balanced"])
@pytest.mark.parametrize("risk", [(0.0, 0.1), None])
def test_evidence_of_alert_never_costs_a_tier_that_no_evidence_keeps(
    profile: str, risk: tuple[float, ...] | None
) -> None:
    """The counterexample the scores-drop property found: bio without evidence against bio at alert by a
    safeguards-off evaluation, all else equal. Where an unknown domain counts as high (the balanced and
    precautionary stances), the evaluated card is never told less than the other."""
    sections = {} if risk is None else {"marginal_risk": marginal(*risk)}
    unevaluated = run(card(low_except("bio"), **sections), profile)
    evaluated = run(card([threshold("bio", "alert", "safeguards-off"), *low_except("bio")], **sections), profile)
    rank = rubric(profile).tier_rank
    for field in ("ceiling_tier", "recommended_tier"):
        assert rank[getattr(evaluated, field)] >= rank[getattr(unevaluated, field)], field


@pytest.mark.parametrize("risk", [(0.0, 0.1), None])
def test_the_marginal_stance_asks_safeguards_of_evidence_not_of_its_absence(risk: tuple[float, ...] | None) -> None:
    """The marginal stance's known cost, stated (GOV-UNKNOWN-MARGINAL): an unevaluated domain brings no
    evidence-triggered requirement there, so the unevaluated card is recommended gated weights with no
    condition from bio, while bio measured at alert is held to the weights-tier safeguards. The ceiling
    still never rewards ignorance: unknown permits no more than alert does."""
    sections = {} if risk is None else {"marginal_risk": marginal(*risk)}
    unevaluated = run(card(low_except("bio"), **sections), "marginal")
    evaluated = run(card([threshold("bio", "alert", "safeguards-off"), *low_except("bio")], **sections), "marginal")
    rank = rubric("marginal").tier_rank
    assert rank[evaluated.ceiling_tier] >= rank[unevaluated.ceiling_tier]
    assert unevaluated.ceiling_tier == unevaluated.recommended_tier == "gated-weights"
    asked = {"REQ-WEIGHTS-ALERT", "REQ-GATED-ALERT", "REQ-WEIGHTS-ALERT-FRONTIER"}
    assert not asked & rule_ids(unevaluated, "gated-weights")
    assert not status(unevaluated, "gated-weights").blocked_by
    assert asked <= rule_ids(evaluated, "gated-weights")
    assert {b.rule for b in status(evaluated, "gated-weights").blocked_by} == {"REQ-WEIGHTS-ALERT-FRONTIER"}
    for a in (run(card(low_except("bio"), **sections), p) for p in ("balanced", "precautionary")):
        assert rank[a.recommended_tier] < rank["gated-weights"]  # the other stances count unknown as high


@pytest.mark.parametrize("profile", ["precautionary", "balanced", "marginal"])
@pytest.mark.parametrize("bio", ["none", "safeguards-on-low"])
def test_scores_that_drop_into_an_alert_proxy_cost_no_tier(profile: str, bio: str) -> None:
    """The path behind the scores-drop counterexamples: bio has no evaluation that counts for weights
    tiers (none at all, or a safeguards-on `low`, a 6,000-example run's find); lowering the card's scores
    to its similarly-safe reference's brings that reference's `alert` for bio as a proxy. A level taken
    only by comparison counts for requirements no higher than no evidence would, so in no stance does
    scoring lower cost a tier."""
    own = [threshold("bio", "low", "safeguards-on")] if bio != "none" else []
    evaluations = [*own, *low_except("bio")]
    above = run(card(evaluations, similarly_safe=similarly_safe({"bio": "alert"}, 0.1, 0.1)), profile)
    within = run(card(evaluations, similarly_safe=similarly_safe({"bio": "alert"}, 0.0, 0.0)), profile)
    assert any(d.domain == "bio" and d.proxy for d in within.domains)  # the proxy is taken
    rank = rubric(profile).tier_rank
    for field in ("ceiling_tier", "recommended_tier"):
        assert rank[getattr(within, field)] >= rank[getattr(above, field)], field
    governing = rubric(profile).one("governing-level", m.GoverningRule)
    capped = [e.message for e in within.trail if e.rule == governing.id and "by comparison only" in e.message]
    if governing.unknown_otherwise == "low":  # the marginal stance: the trail says where the cap bit
        assert (
            "bio: alert for weights tiers by comparison only counts as low (marginal risk unknown), as no evidence would"
            in capped
        )
    else:
        assert not capped  # no evidence counts as high there: an alert proxy is under the cap


@pytest.mark.parametrize("profile", ["precautionary", "balanced", "marginal"])
def test_a_volunteered_hosted_only_result_brings_no_frontier_requirement(profile: str) -> None:
    """The counterexample a 12,000-example run of the evidence property found after the change above: an
    audio generator (manipulation required) volunteers a safeguards-on `low` for chem, which it need not
    assess. That rules nothing out for weights, so chem is unknown there; being neither required nor at
    the level, it must not be held to the frontier rule, and the recommendation must not drop."""
    manipulation = threshold("manipulation", "alert")
    base = card([manipulation])
    base["model"]["kind"] = "audio-generation"
    more = card([manipulation, threshold("chem", "low", "safeguards-on")])
    more["model"]["kind"] = "audio-generation"
    before, after = run(base, profile), run(more, profile)
    rank = rubric(profile).tier_rank
    assert rank[after.recommended_tier] >= rank[before.recommended_tier]
    assert all(
        "chem: worst-case" not in b.message for t in rubric().tier_order[1:] for b in status(after, t).blocked_by
    )


def test_a_domain_scoped_requirement_ignores_other_domains() -> None:
    """REQ-MEDIA-PROVENANCE counts manipulation and csam-ncii only: bio high does not bring it."""
    data = card([threshold("bio", "high"), *(threshold(d, "low") for d in ASSESSED if d != "bio")])
    data["model"]["kind"] = "image-generation"
    assert "REQ-MEDIA-PROVENANCE" not in rule_ids(run(data), "api")


def test_a_requirement_for_other_model_kinds_does_not_apply() -> None:
    data = card([threshold("manipulation", "high"), *low_except()])
    assert "REQ-MEDIA-PROVENANCE" not in rule_ids(run(data), "api")


@pytest.mark.parametrize(
    ("risk", "profile", "counts_as_high"),
    [
        pytest.param((0.0, 0.0), "balanced", False, id="unknown-with-marginal-none-counts-low"),
        pytest.param((-0.1, -0.1), "balanced", False, id="unknown-with-marginal-below-counts-low"),
        pytest.param((0.0, 0.03), "balanced", True, id="unknown-with-marginal-slight-counts-high"),
        pytest.param((0.0, 0.0), "precautionary", True, id="precautionary-unknown-counts-high"),
    ],
)
def test_an_unknown_required_domain_counts_by_its_marginal_risk(
    risk: tuple[float, ...], profile: str, counts_as_high: bool
) -> None:
    a = run(card(low_except("bio"), marginal_risk=marginal(*risk)), profile)
    assert ("REQ-API-HIGH" in rule_ids(a, "api")) == counts_as_high
    assert ("REQ-EXTERNAL-DOCUMENTATION" in rule_ids(a, "api")) == counts_as_high


SAFE_BIO_ALERT = similarly_safe({"bio": "alert"})


@pytest.mark.parametrize(
    ("risk", "applies"),
    [
        pytest.param((0.0, 0.0), False, id="proxy-alert-with-marginal-none-counts-low"),
        pytest.param((0.0, 0.1), True, id="proxy-alert-with-marginal-significant-counts-alert"),
    ],
)
def test_a_level_by_comparison_counts_no_higher_than_unknown_where_nothing_is_added(
    risk: tuple[float, ...], applies: bool
) -> None:
    a = run(card(low_except("bio"), marginal_risk=marginal(*risk), similarly_safe=SAFE_BIO_ALERT))
    assert a.domains[0].domain == "bio" and a.domains[0].proxy
    assert ("REQ-EXTERNAL-DOCUMENTATION" in rule_ids(a, "api")) == applies


@pytest.mark.parametrize("threshold_flop", COMPUTE, ids=lambda f: f"{f:.0e}")
@pytest.mark.parametrize(
    ("factor", "applies"),
    [
        pytest.param(0.99, False, id="below"),
        pytest.param(1.0, False, id="at-is-not-above"),
        pytest.param(1.01, True, id="above"),
    ],
)
def test_a_compute_requirement_applies_strictly_above_its_threshold(
    threshold_flop: float, factor: float, applies: bool
) -> None:
    rule = BY_COMPUTE[threshold_flop]
    a = run(model_card(flop=threshold_flop * factor))
    assert (rule.id in rule_ids(a, "api")) == applies


def test_undisclosed_compute_of_a_general_purpose_model_is_assumed_just_above_the_lowest_threshold() -> None:
    a = run(model_card())
    assert [BY_COMPUTE[f].id in rule_ids(a, "api") for f in COMPUTE] == [True] + [False] * (len(COMPUTE) - 1)


PER_PARAMETER = float(rubric().one("compute-undisclosed", m.ComputeRule).flop_per_parameter or 0)


@pytest.mark.parametrize(
    ("bound", "applies"),
    [pytest.param(0.5, False, id="bound-under-the-threshold"), pytest.param(1.0, False, id="bound-at-it-is-not-above"),
     pytest.param(1.01, True, id="bound-over-it-presumed-above")],
)  # fmt: skip
def test_a_disclosed_parameter_count_bounds_undisclosed_compute(bound: float, applies: bool) -> None:
    """Undisclosed compute is presumed at most flop_per_parameter per parameter: a 1e25 requirement applies only
    where that bound is above 1e25, as a disclosed figure applies only above it."""
    assert PER_PARAMETER > 0
    data = model_card()
    data["model"]["parameters"] = COMPUTE[0] * bound / PER_PARAMETER
    assert (BY_COMPUTE[COMPUTE[0]].id in rule_ids(run(data), "api")) == applies


def test_a_parameter_count_does_not_bound_a_disclosed_figure() -> None:
    """The bound is a presumption about an undisclosed figure: a disclosed one beyond it is used, with a warning."""
    data = model_card(flop=COMPUTE[0] * 2)
    data["model"]["parameters"] = COMPUTE[0] / PER_PARAMETER / 10
    a = run(data)
    assert BY_COMPUTE[COMPUTE[0]].id in rule_ids(a, "api")
    [warning] = [w for w in a.warnings if w.rule == "COMPUTE-UNDISCLOSED"]
    assert "check both figures" in warning.message


@pytest.mark.parametrize(
    ("factor", "bounded"), [pytest.param(0.99, False, id="under"), pytest.param(1.0, True, id="at")]
)
def test_a_count_under_the_minimum_is_a_slip_of_units_and_bounds_nothing(factor: float, bounded: bool) -> None:
    """`parameters: 7` meant 7 billion: read as a bound it would take a frontier model out of scope."""
    rule = rubric().one("compute-undisclosed", m.ComputeRule)
    assert rule.min_parameters * PER_PARAMETER <= COMPUTE[0]  # so a count at the minimum does bound
    data = model_card()
    data["model"]["parameters"] = rule.min_parameters * factor
    a = run(data)
    assert (BY_COMPUTE[COMPUTE[0]].id in rule_ids(a, "api")) != bounded
    assert any("other units" in w.message for w in a.warnings) != bounded


def test_a_zero_parameter_count_bounds_nothing() -> None:
    data = model_card()
    data["model"]["parameters"] = 0
    assert BY_COMPUTE[COMPUTE[0]].id in rule_ids(run(data), "api")
    # nor in a rubric that reads every count as credible (no minimum): zero discloses nothing
    no_minimum = rubric().one("compute-undisclosed", m.ComputeRule).model_copy(update={"min_parameters": 0})
    assert parameter_bound(Card.model_validate(data), no_minimum) is None


@pytest.mark.parametrize("kind", ["other", "bio-design"])
def test_compute_requirements_do_not_apply_to_other_kinds(kind: str) -> None:
    for flop in (None, COMPUTE[-1] * 10):
        assert not {BY_COMPUTE[f].id for f in COMPUTE} & rule_ids(run(model_card(kind, flop)), "api")


FIRST = BY_COMPUTE[COMPUTE[0]]
IN_FORCE = dt.date.fromisoformat(str(FIRST.in_force))


@pytest.mark.parametrize(
    ("date", "today", "applies"),
    [
        pytest.param(IN_FORCE - DAY, None, False, id="released-day-before-in-force-information-only"),
        pytest.param(IN_FORCE, None, True, id="released-on-in-force-date-applies"),
        pytest.param(IN_FORCE + DAY, None, True, id="released-after-in-force-date-applies"),
        pytest.param(None, None, True, id="undated-without-today-applies"),
        pytest.param(None, IN_FORCE - DAY, False, id="undated-judged-day-before-in-force"),
        pytest.param(None, IN_FORCE, True, id="undated-judged-on-in-force-date"),
    ],
)
def test_a_requirement_counts_from_its_date_in_force(
    date: dt.date | None, today: dt.date | None, applies: bool
) -> None:
    data = model_card(flop=COMPUTE[0] * 2, date=None if date is None else date.isoformat())
    assert (FIRST.id in rule_ids(run(data, today=today), "api")) == applies


NO_API_SAFEGUARDS = {"usage_monitoring": False, "misuse_classifiers": False, "revocable_access": False,
                     "weight_security": "none"}  # fmt: skip


@pytest.mark.parametrize(
    ("planned", "blocks_api"),
    [
        pytest.param(None, True, id="no-plan-absent-safeguard-blocks"),
        pytest.param("api", True, id="planned-tier-absent-safeguard-blocks"),
        pytest.param("open-weights", False, id="other-tier-planned-absent-deployment-safeguard-is-a-condition"),
    ],
)
def test_an_absent_deployment_safeguard_blocks_only_the_planned_tier(planned: str | None, blocks_api: bool) -> None:
    data = card([threshold("bio", "high"), *low_except("bio")], access_controls=NO_API_SAFEGUARDS)
    if planned is not None:
        data["release"] |= {"planned_tier": planned, "artifacts": ["weights"] if "weights" in planned else []}
    api = status(run(data), "api")
    assert ("REQ-API-HIGH" in {b.rule for b in api.blocked_by}) == blocks_api
    assert ("REQ-API-HIGH" in {b.rule for b in api.conditions}) == (not blocks_api)


def test_an_absent_evidence_safeguard_blocks_whatever_tier_is_planned() -> None:
    data = card(
        [threshold("bio", "alert"), *low_except("bio")], accountability={"worst_case_evaluations_published": False}
    )
    data["release"]["planned_tier"] = "api"
    blocked = status(run(data), "open-weights").blocked_by
    assert "REQ-WEIGHTS-ALERT" in {b.rule for b in blocked}


def test_a_waived_requirement_is_neither_block_nor_condition() -> None:
    data = card([threshold("bio", "high"), *low_except("bio")], access_controls=NO_API_SAFEGUARDS)
    assert "REQ-API-HIGH" in rule_ids(run(data), "api")
    assert "REQ-API-HIGH" not in rule_ids(run(data, waived=frozenset({"REQ-API-HIGH"})), "api")
