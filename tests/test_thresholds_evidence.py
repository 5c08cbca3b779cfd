"""SPEC §5 steps 1-2 at their thresholds: evidence -> level per domain and tier class.

Each threshold is read from the rubric; the cards sit just below, exactly at and just above it.
"""

from __future__ import annotations

from typing import Any

import pytest

from releasecheck.rubric import model as m
from threshold_cards import (
    benchmark,
    card,
    domain,
    low_except,
    model_card,
    one,
    run,
    shipped,
    threshold,
    uplift,
)

STEP = 0.01
BENCHMARKS = [(b.id, float(b.alert)) for b in shipped().benchmarks]
UPLIFT = one("uplift-study", m.UpliftRule)
RED_TEAM = one("red-team", m.RedTeamRule)
DOM_GPAI = next(r for r in shipped().many("required-domains", m.RequiredDomainsRule) if r.compute_at_least)


def _side_cases() -> list[Any]:
    out = []
    for name, alert in BENCHMARKS:
        for side, score, level in (
            ("below", alert - STEP, "low"),
            ("at", alert, "alert"),
            ("above", alert + STEP, "alert"),
        ):
            if 0 <= score <= 1:
                out.append(pytest.param(name, round(score, 6), level, id=f"{name}-{side}"))
    return out


@pytest.mark.parametrize(("name", "score", "level"), _side_cases())
def test_benchmark_establishes_alert_from_its_threshold_up(name: str, score: float, level: str) -> None:
    bench = shipped().benchmark_by_id[name]
    a = run(card([benchmark(name, score), *low_except(bench.domain)]))
    reading = domain(a, bench.domain).readings[-1]
    assert (reading.establishes, reading.rules_out_above) == (level, None)


@pytest.mark.parametrize("spelling", ["wmdp-bio", "WMDP Bio", "WMDP_Bio (zero-shot)"])
def test_a_threshold_benchmark_spelt_another_way_still_counts(spelling: str) -> None:
    """A card's spelling of a rubric benchmark is matched as the catalogue's is: at its alert threshold
    it establishes alert, as `WMDP-Bio` does, instead of being ignored as unknown."""
    alert = shipped().benchmark_by_id["WMDP-Bio"].alert
    a = run(card([{**benchmark("WMDP-Bio", alert), "benchmark": spelling}, *low_except("bio")]))
    assert domain(a, "bio").readings[-1].establishes == "alert"
    assert not any("unknown benchmark" in w.message for w in a.warnings)


@pytest.mark.parametrize(
    ("population", "significant", "offset", "establishes", "rules_out_target"),
    [
        pytest.param("novice", True, -STEP, "low", True, id="novice-significant-below-ratio"),
        pytest.param("novice", True, 0.0, UPLIFT.novice_level, False, id="novice-significant-at-ratio"),
        pytest.param("novice", True, STEP, UPLIFT.novice_level, False, id="novice-significant-above-ratio"),
        pytest.param("novice", False, 1.0, "low", True, id="novice-not-significant-above-ratio"),
        pytest.param("expert", True, -STEP, "low", True, id="expert-significant-below-ratio"),
        pytest.param("expert", True, 0.0, UPLIFT.expert_level, False, id="expert-significant-at-ratio"),
        pytest.param("expert", False, 1.0, "low", True, id="expert-not-significant-above-ratio"),
    ],
)
def test_uplift_study_reaches_its_level_at_the_ratio_when_significant(
    population: str, significant: bool, offset: float, establishes: str, rules_out_target: bool
) -> None:
    study = uplift(population, round(UPLIFT.ratio + offset, 6), significant)
    reading = domain(run(card([study, *low_except("bio")])), "bio").readings[0]
    target = UPLIFT.novice_level if population == "novice" else UPLIFT.expert_level
    assert reading.establishes == establishes
    # a study that does not reach its level rules out exactly that level: the levels above the one below it
    levels = [lv.id for lv in shipped().levels if lv.id != "unknown"]
    below_target = levels[levels.index(target) - 1]
    assert reading.rules_out_above == (below_target if rules_out_target else None)


def test_a_novice_study_below_the_ratio_keeps_an_alert_benchmark_from_counting_as_high() -> None:
    bio_alert = shipped().benchmark_by_id["WMDP-Bio"].alert
    study = uplift("novice", 1.0, significant=False)
    a = run(card([benchmark("WMDP-Bio", bio_alert), study, *low_except("bio")]))
    assert (domain(a, "bio").hosted.level, domain(a, "bio").weights.level) == ("alert", "alert")
    expert = uplift("expert", 1.0, significant=False)  # rules out only severe: the alert still counts as high
    b = run(card([benchmark("WMDP-Bio", bio_alert), expert, *low_except("bio")]))
    assert domain(b, "bio").hosted.level == "high"


@pytest.mark.parametrize("severity", list(RED_TEAM.severity_levels))
def test_red_team_severity_establishes_the_rubric_level_and_rules_nothing_out(severity: str) -> None:
    ev = {"domain": "bio", "type": "red-team", "severity": severity, "elicitation": "worst-case", "source": "rt"}
    reading = domain(run(card([ev, *low_except("bio")])), "bio").readings[0]
    assert (reading.establishes, reading.rules_out_above) == (RED_TEAM.severity_levels[severity], None)


@pytest.mark.parametrize(
    ("evidence", "hosted", "weights"),
    [
        pytest.param([threshold("bio", "alert")], "alert", "alert", id="alert-ruled-out-above-alert-stays-alert"),
        pytest.param([benchmark("WMDP-Bio", 0.99)], "high", "high", id="alert-nothing-rules-out-counts-high"),
        pytest.param(
            [benchmark("WMDP-Bio", 0.99), threshold("bio", "high")], "high", "high", id="high-not-ruled-out-by-high"
        ),
        pytest.param(
            [benchmark("WMDP-Bio", 0.99), threshold("bio", "alert")], "alert", "alert", id="alert-ruled-out-at-alert"
        ),
        pytest.param(
            [benchmark("WMDP-Bio", 0.99), threshold("bio", "alert", "safeguards-on")],
            "alert",
            "high",
            id="safeguards-on-rule-out-counts-for-hosted-only",
        ),
        pytest.param(
            [benchmark("WMDP-Bio", 0.99), threshold("bio", "alert", "safeguards-off")],
            "alert",
            "alert",
            id="safeguards-off-rule-out-counts-for-weights",
        ),
    ],
)
def test_cannot_rule_out_raises_alert_only_where_nothing_rules_high_out(
    evidence: list[dict[str, Any]], hosted: str, weights: str
) -> None:
    bio = domain(run(card([*evidence, *low_except("bio")])), "bio")
    assert (bio.hosted.level, bio.weights.level) == (hosted, weights)


@pytest.mark.parametrize(
    ("evidence", "profile", "hosted", "weights"),
    [
        pytest.param([benchmark("WMDP-Bio", 0.99)], "marginal", "alert", "alert", id="marginal-worst-case-alert-stays"),
        pytest.param(
            [benchmark("WMDP-Bio", 0.99, "safeguards-on")],
            "marginal",
            "alert",
            "high",
            id="marginal-safeguards-on-alert-high-for-weights",
        ),
        pytest.param(
            [benchmark("WMDP-Bio", 0.99, "safeguards-on"), benchmark("WMDP-Bio", 0.1)],
            "marginal",
            "alert",
            "alert",
            id="marginal-safeguards-on-alert-beside-worst-case-result-stays",
        ),
        pytest.param([benchmark("WMDP-Bio", 0.99)], "balanced", "high", "high", id="balanced-raises-both-classes"),
    ],
)
def test_cannot_rule_out_classes_and_the_weights_safeguards_on_rule_by_profile(
    evidence: list[dict[str, Any]], profile: str, hosted: str, weights: str
) -> None:
    bio = domain(run(card([*evidence, *low_except("bio")]), profile), "bio")
    assert (bio.hosted.level, bio.weights.level) == (hosted, weights)


@pytest.mark.parametrize(
    ("score_offset", "weights"),
    [
        pytest.param(-STEP, "unknown", id="safeguards-on-low-below-alert-discarded-for-weights"),
        pytest.param(0.0, "high", id="safeguards-on-at-alert-counts-for-weights"),
        pytest.param(STEP, "high", id="safeguards-on-above-alert-counts-for-weights"),
    ],
)
def test_safeguards_on_results_count_for_weights_from_alert_up(score_offset: float, weights: str) -> None:
    alert = shipped().benchmark_by_id["WMDP-Bio"].alert
    ev = benchmark("WMDP-Bio", round(alert + score_offset, 6), "safeguards-on")
    bio = domain(run(card([ev, *low_except("bio")])), "bio")
    assert bio.weights.level == weights
    assert bio.hosted.level == ("low" if score_offset < 0 else "high")


@pytest.mark.parametrize(
    ("evidence", "hosted", "weights"),
    [
        pytest.param([threshold("bio", "low")], True, True, id="worst-case-low-rules-out-alert-both-classes"),
        pytest.param([threshold("bio", "low", "safeguards-on")], True, False, id="safeguards-on-low-hosted-only"),
        pytest.param([benchmark("WMDP-Bio", 0.1)], False, False, id="benchmark-rules-nothing-out"),
        pytest.param([threshold("bio", "alert")], True, True, id="alert-determination-rules-out-high"),
    ],
)
def test_can_rule_out_the_next_level_when_a_bound_sits_at_the_level(
    evidence: list[dict[str, Any]], hosted: bool, weights: bool
) -> None:
    bio = domain(run(card([*evidence, *low_except("bio")])), "bio")
    assert (bio.hosted.can_rule_out_next, bio.weights.can_rule_out_next) == (hosted, weights)


def _required(compute: float | None, kind: str = "general-purpose", modalities: tuple[str, ...] = ()) -> set[str]:
    data = model_card(kind, compute) | {"evaluations": []}
    data["model"]["modalities"] = list(modalities)
    return {d.domain for d in run(data).domains if d.required}


@pytest.mark.parametrize(
    ("factor", "required"),
    [
        pytest.param(0.99, False, id="below-compute-floor-not-required"),
        pytest.param(1.0, True, id="at-compute-floor-required"),
        pytest.param(1.01, True, id="above-compute-floor-required"),
    ],
)
def test_gpai_domains_are_required_from_the_compute_floor_up(factor: float, required: bool) -> None:
    assert DOM_GPAI.compute_at_least is not None
    found = _required(DOM_GPAI.compute_at_least * factor)
    assert found == (set(DOM_GPAI.domains) if required else set())


def test_gpai_domains_are_required_when_compute_is_undisclosed() -> None:
    assert _required(None) == set(DOM_GPAI.domains)


@pytest.mark.parametrize(("bound", "required"), [(0.99, False), (1.0, True)])
def test_gpai_domains_stay_required_up_to_the_parameter_bound(bound: float, required: bool) -> None:
    """Undisclosed compute with a disclosed parameter count is at most flop_per_parameter per parameter: the
    domains are not required only where even that bound is under the compute floor."""
    per_parameter = float(one("compute-undisclosed", m.ComputeRule).flop_per_parameter or 0)
    assert DOM_GPAI.compute_at_least is not None and per_parameter > 0
    data = model_card("general-purpose", None) | {"evaluations": []}
    data["model"]["parameters"] = DOM_GPAI.compute_at_least * bound / per_parameter
    a = run(data)
    assert {d.domain for d in a.domains if d.required} == (set(DOM_GPAI.domains) if required else set())
    skipped = [e.message for e in a.trail if e.rule == DOM_GPAI.id and "not required" in e.message]
    assert bool(skipped) != required


@pytest.mark.parametrize(
    ("kind", "modalities", "required"),
    [
        pytest.param("other", ("text", "biological-sequence"), {"bio"}, id="any-listed-modality-is-enough"),
        pytest.param("other", ("text",), set(), id="no-listed-modality-nothing-required"),
        pytest.param("bio-design", (), {"bio"}, id="kind-alone-is-enough"),
    ],
)
def test_required_domains_by_kind_or_any_modality(kind: str, modalities: tuple[str, ...], required: set[str]) -> None:
    assert _required(1e20, kind, modalities) == required


def test_an_unknown_threshold_determination_gives_no_reading() -> None:
    bio = domain(run(card([threshold("bio", "unknown"), *low_except("bio")])), "bio")
    assert (bio.readings, bio.hosted.level) == ((), "unknown")
