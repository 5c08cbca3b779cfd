"""SPEC §5 step 2, by comparison, at its thresholds: the proxy rule's margin, minimum benchmark count,
`max_level` and `clearly_below`, for the card's own safe reference and for the catalogue's assessed
models (dated around the card's release date; tests/threshold_cards.py).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from threshold_cards import DATE, PROXY, card, domain, low_except, rubric, run, similarly_safe, threshold, uplift

STEP = 0.01
REF = 0.5
LEVELS = ("low", "alert", "high", "severe", "critical")
CLEARLY = PROXY.clearly_below
assert CLEARLY is not None


def _own(deltas: tuple[float, ...], level: str = "alert", evidence: list[dict[str, Any]] | None = None) -> Any:
    safe = similarly_safe({"bio": level}, *deltas, reference=REF)
    return domain(run(card([*(evidence or []), *low_except("bio")], similarly_safe=safe)), "bio")


def _level(bio: Any) -> tuple[str, bool]:
    return bio.hosted.level, bio.proxy


@pytest.mark.parametrize(
    ("delta", "expected"),
    [
        pytest.param(PROXY.margin - STEP, ("alert", True), id="margin-below-proxy"),
        pytest.param(PROXY.margin, ("alert", True), id="margin-at-proxy"),
        pytest.param(PROXY.margin + STEP, ("unknown", False), id="margin-above-no-proxy"),
    ],
)
def test_own_reference_serves_when_the_model_is_within_the_margin(delta: float, expected: tuple[str, bool]) -> None:
    assert _level(_own((0.0, delta))) == expected


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        pytest.param(PROXY.min_benchmarks - 1, ("unknown", False), id="one-fewer-benchmark-than-needed"),
        pytest.param(PROXY.min_benchmarks, ("alert", True), id="exactly-the-benchmarks-needed"),
    ],
)
def test_own_reference_needs_the_minimum_shared_benchmarks(count: int, expected: tuple[str, bool]) -> None:
    assert _level(_own((0.0,) * count)) == expected


def _max_level_cases() -> list[Any]:
    at = LEVELS.index(PROXY.max_level)
    return [
        pytest.param(LEVELS[at - 1], (LEVELS[at - 1], True), id="reference-below-max-level-serves"),
        pytest.param(LEVELS[at], (LEVELS[at], True), id="reference-at-max-level-serves"),
        pytest.param(LEVELS[at + 1], ("unknown", False), id="reference-above-max-level-is-not-safe"),
    ]


@pytest.mark.parametrize(("level", "expected"), _max_level_cases())
def test_only_a_reference_at_most_max_level_is_safe(level: str, expected: tuple[str, bool]) -> None:
    assert _level(_own((0.0, 0.0), level)) == expected


@pytest.mark.parametrize(
    ("deltas", "taken"),
    [
        pytest.param(
            (-CLEARLY - STEP, -CLEARLY - STEP), PROXY.clearly_below_levels["alert"], id="clearly-below-beyond"
        ),
        pytest.param((-CLEARLY, -CLEARLY), PROXY.clearly_below_levels["alert"], id="clearly-below-exactly"),
        pytest.param((-CLEARLY + STEP, -CLEARLY + STEP), "alert", id="clearly-below-not-quite"),
        pytest.param((-CLEARLY - STEP, 0.0), "alert", id="clearly-below-needs-every-benchmark"),
    ],
)
def test_a_model_clearly_below_its_reference_takes_the_lower_level(deltas: tuple[float, ...], taken: str) -> None:
    assert _level(_own(deltas)) == (taken, True)


def test_direct_evidence_ruling_out_as_much_decides_over_the_proxy() -> None:
    bio = _own((0.0, 0.0), evidence=[threshold("bio", "alert")])
    assert (bio.hosted.level, bio.proxy) == ("alert", False)


def test_direct_evidence_ruling_out_less_leaves_the_proxy_standing() -> None:
    """An expert study without uplift rules out only severe: the proxy's bound (nothing above alert) stands."""
    study = uplift("expert", 1.0, significant=False)
    bio = _own((0.0, 0.0), evidence=[study])
    assert (bio.hosted.level, bio.proxy) == ("low", True)


# --- the catalogue's assessed models ------------------------------------------------------------------


def _catalogue(score: float = 0.92, date: str = DATE, other: float | None = None, of: str = "bio") -> Any:
    general = [{"benchmark": "Cat-A", "model_score": score}, {"benchmark": "Cat-B", "model_score": score}]
    data = card(low_except(of), marginal_risk={"general_capability": general})
    data["release"]["date"] = date
    if other is not None:  # the same benchmark listed again, in similarly_safe, with another score
        data["similarly_safe"] = {
            "reference": {"model": "Unassessed"},
            "general_capability": [{"benchmark": "Cat-A", "model_score": other, "reference_score": 0.99}],
        }
    return domain(run(data), of)


NEXT_DAY = (dt.date.fromisoformat(DATE) + dt.timedelta(days=1)).isoformat()


@pytest.mark.parametrize(
    ("date", "level"),
    [
        pytest.param(DATE, "alert", id="released-or-assessed-on-the-card-date-does-not-count"),
        pytest.param(NEXT_DAY, "low", id="released-and-assessed-the-day-before-counts"),
    ],
)
def test_a_catalogue_reference_counts_when_released_and_assessed_before_the_card(date: str, level: str) -> None:
    """Hosted-Ref (bio alert) always counts; Hosted-Same-Day and Hosted-Late (bio low) only for a card
    dated after their release and determination, and then the least risky reference bounds the model."""
    assert _level(_catalogue(date=date)) == (level, True)


@pytest.mark.parametrize(
    ("score", "expected"),
    [
        pytest.param(0.95 + PROXY.margin, ("alert", True), id="catalogue-margin-at-serves"),
        pytest.param(0.95 + PROXY.margin + STEP, ("unknown", False), id="catalogue-margin-above-no-proxy"),
    ],
)
def test_a_catalogue_reference_serves_within_the_margin(score: float, expected: tuple[str, bool]) -> None:
    assert _level(_catalogue(round(score, 6))) == expected


def test_the_highest_of_a_benchmark_listed_twice_is_compared() -> None:
    assert _level(_catalogue(0.92, other=0.99)) == ("unknown", False)


def test_a_safeguards_on_catalogue_determination_counts_for_hosted_tiers_only() -> None:
    cyber = _catalogue(of="cyber")
    assert (cyber.hosted.level, cyber.weights.level) == ("alert", "unknown")


def test_the_least_risky_of_own_and_catalogue_references_bounds_the_model() -> None:
    safe = similarly_safe({"bio": "low"}, -0.03, -0.03, reference=0.95, prefix="Cat")
    bio = domain(run(card(low_except("bio"), similarly_safe=safe)), "bio")
    assert (bio.hosted.level, bio.weights.level) == ("low", "low")


def _audio(evaluations: list[dict[str, Any]], safe: dict[str, Any]) -> dict[str, Any]:
    data = card([threshold("manipulation", "low"), *evaluations], similarly_safe=safe)
    data["model"]["kind"] = "audio-generation"  # manipulation required; ai-rnd is not
    return data


def test_a_domain_that_is_not_required_takes_no_level_by_comparison_alone() -> None:
    """ai-rnd is not required of an audio generator; its similarly-safe reference publishes ai-rnd alert
    and the model is within the margin of it. With no evaluation of ai-rnd that counts for a class, the
    comparison does not make ai-rnd assessed there: the card need not assess it, and a comparison only
    rules levels out beside the card's own evidence."""
    safe = similarly_safe({"ai-rnd": "alert"})
    a = run(_audio([], safe))
    assert "ai-rnd" not in {d.domain for d in a.domains}
    b = run(_audio([threshold("ai-rnd", "low", "safeguards-on")], safe))
    assert (domain(b, "ai-rnd").hosted.level, domain(b, "ai-rnd").weights.level) == ("low", "unknown")


@pytest.mark.parametrize("profile", ["precautionary", "balanced", "marginal"])
def test_a_harmless_result_in_a_declared_domain_costs_no_tier(profile: str) -> None:
    """The counterexample a 12,000-example run of the evidence property found: adding a safeguards-on
    ai-rnd score of zero made ai-rnd assessed and brought the reference's alert in for weights (where
    that result says nothing), which cost the precautionary ceiling a tier."""
    safe = similarly_safe({"ai-rnd": "alert"})
    before = run(_audio([], safe), profile)
    after = run(_audio([threshold("ai-rnd", "low", "safeguards-on")], safe), profile)
    rank = rubric(profile).tier_rank
    for field in ("ceiling_tier", "recommended_tier"):
        assert rank[getattr(after, field)] >= rank[getattr(before, field)], field
