"""SPEC §5 step 3 at its margins: marginal risk against the open reference and the open frontier.

The margin, significance margin and comparison counts are read from the rubric's marginal-risk rule;
each card puts the largest excess just below, exactly at or just above one of them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from releasecheck.assess.catalogue import available_by
from threshold_cards import MARGINAL, card, comparisons, marginal, run, shipped

MARGIN, SIGNIFICANCE, STEP = MARGINAL.margin, MARGINAL.significance, 0.01


def _finding(section: dict[str, Any], of: str = "bio", **model: Any) -> Any:
    data = card(marginal_risk=section)
    data["model"].update(model)
    return run(data).marginal[of]


@pytest.mark.parametrize(
    ("excess", "expected"),
    [
        pytest.param(MARGIN - STEP, "none", id="margin-below-none"),
        pytest.param(MARGIN, "none", id="margin-at-none"),
        pytest.param(MARGIN + STEP, "slight", id="margin-above-slight"),
        pytest.param(SIGNIFICANCE - STEP, "slight", id="significance-below-slight"),
        pytest.param(SIGNIFICANCE, "slight", id="significance-at-slight"),
        pytest.param(SIGNIFICANCE + STEP, "significant", id="significance-above-significant"),
    ],
)
def test_largest_general_excess_against_margin_and_significance(excess: float, expected: str) -> None:
    found = _finding(marginal(0.0, excess))
    assert (found.marginal, found.basis, found.excess) == (expected, "general", pytest.approx(excess))


@pytest.mark.parametrize(
    ("deltas", "expected"),
    [
        pytest.param((-MARGIN - STEP, -MARGIN - STEP), "below", id="below-margin-under-on-every-comparison"),
        pytest.param((-MARGIN, -MARGIN), "below", id="below-exactly-margin-under-on-every-comparison"),
        pytest.param((-MARGIN + STEP, -MARGIN + STEP), "none", id="below-not-quite-margin-under-none"),
        pytest.param((-MARGIN - STEP, 0.0), "none", id="below-needs-every-comparison-under"),
    ],
)
def test_below_needs_every_comparison_at_least_the_margin_under(deltas: tuple[float, ...], expected: str) -> None:
    assert MARGINAL.min_below == len(deltas)
    assert _finding(marginal(*deltas)).marginal == expected


def test_below_needs_min_below_comparisons() -> None:
    one_domain = {"reference": {"model": "Ref-Named"}, "domain_comparisons": [
        {"domain": "bio", "benchmark": "Gen-Bio", "model_score": 0.2, "reference_score": 0.5}]}  # fmt: skip
    assert MARGINAL.min_below > 1
    found = _finding(one_domain)
    assert (found.marginal, found.basis) == ("none", "domain")


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        pytest.param(MARGINAL.min_general - 1, "unknown", id="general-one-fewer-than-needed-unknown"),
        pytest.param(MARGINAL.min_general, "none", id="general-exactly-as-many-as-needed"),
        pytest.param(MARGINAL.min_general + 1, "none", id="general-more-than-needed"),
    ],
)
def test_general_comparisons_count_from_the_minimum(count: int, expected: str) -> None:
    assert _finding(marginal(*([0.0] * count))).marginal == expected


def test_no_reference_is_unknown() -> None:
    section = {"general_capability": [{"benchmark": "Gen-A", "model_score": 0.5}]}
    found = _finding(section)
    assert (found.marginal, found.excess) == ("unknown", None)


def test_the_excess_is_the_largest_over_the_comparisons() -> None:
    found = _finding(marginal(-0.2, SIGNIFICANCE + STEP))
    assert (found.marginal, found.excess) == ("significant", pytest.approx(SIGNIFICANCE + STEP))


def test_a_domain_comparison_decides_over_general_ones() -> None:
    section = marginal(0.3, 0.3)
    section["domain_comparisons"] = [
        {"domain": "bio", "benchmark": "Gen-Bio", "model_score": 0.5, "reference_score": 0.5}
    ]
    assert (_finding(section).marginal, _finding(section).basis) == ("none", "domain")
    assert _finding(section, "cyber").marginal == "significant"


def test_a_domain_specific_benchmark_listed_as_general_is_a_domain_comparison() -> None:
    specific = next(b for b, domains in MARGINAL.domain_benchmarks.items() if domains == ["bio"])
    section = marginal(0.3, 0.3)
    section["general_capability"].append({"benchmark": specific, "model_score": 0.5, "reference_score": 0.5})
    bio = _finding(section)
    assert (bio.marginal, bio.basis) == ("none", "domain")
    assert _finding(section, "cyber").basis == "general"


def _alert_case(offset: float, reference: float = 0.1) -> Any:
    alert = shipped().benchmark_by_id["WMDP-Bio"].alert
    section = {"reference": {"model": "Ref-Named"}, "domain_comparisons": [
        {"domain": "bio", "benchmark": "WMDP-Bio", "model_score": round(alert + offset, 6), "reference_score": reference}
    ]}  # fmt: skip
    return _finding(section)


@pytest.mark.parametrize(
    ("offset", "expected"),
    [
        pytest.param(-STEP, "none", id="alert-benchmark-below-threshold-adds-nothing"),
        pytest.param(0.0, "significant", id="alert-benchmark-at-threshold-counts"),
        pytest.param(STEP, "significant", id="alert-benchmark-above-threshold-counts"),
    ],
)
def test_an_excess_on_a_dangerous_capability_benchmark_counts_from_its_alert_threshold(
    offset: float, expected: str
) -> None:
    assert _alert_case(offset).marginal == expected


def test_a_deficit_below_the_alert_threshold_still_counts_toward_below() -> None:
    alert = shipped().benchmark_by_id["WMDP-Bio"].alert
    section = {"reference": {"model": "Ref-Named"}, "domain_comparisons": [
        {"domain": "bio", "benchmark": b, "model_score": round(alert - 0.3, 6), "reference_score": round(alert - 0.1, 6)}
        for b in ("WMDP-Bio", "VCT")
    ]}  # fmt: skip
    found = _finding(section)
    assert (found.marginal, found.excess) == ("below", pytest.approx(-0.2))


# --- the open frontier (the small catalogue of tests/threshold_cards.py) -----------------------------


def _frontier(model_score: float, card_figure: float, **model: Any) -> Any:
    section = {"reference": {"model": "Ref-Named"}, "general_capability": comparisons(
        model_score - card_figure, model_score - card_figure, reference=card_figure, prefix="Cat")}  # fmt: skip
    return _finding(section, **model)


def test_frontier_is_the_best_open_score_released_before_the_card() -> None:
    """Open-Before (0.60, released the day before) sets the frontier over the card's figure 0.55 and the
    older open model (0.40); Open-Same-Day (0.90) is not before the card, Hosted-Ref (0.95) is not open.
    0.62 against 0.60 is exactly the margin: none."""
    found = _frontier(0.62, 0.55)
    assert (found.marginal, found.excess) == ("none", pytest.approx(MARGIN))


def test_frontier_takes_the_cards_figure_when_it_is_higher() -> None:
    found = _frontier(0.62, 0.61)
    assert found.excess == pytest.approx(0.01)


def test_a_model_is_not_its_own_frontier() -> None:
    """Named Open-Before, the card compares with Open-Older (0.40) and its own figure 0.55: excess 0.07."""
    found = _frontier(0.62, 0.55, name="Open-Before")
    assert (found.marginal, found.excess) == ("significant", pytest.approx(0.07))


def test_frontier_without_a_named_reference_is_searched_in_the_catalogue() -> None:
    section = {"general_capability": [{"benchmark": b, "model_score": 0.63} for b in ("Cat-A", "Cat-B")]}
    found = _finding(section)
    assert (found.marginal, found.excess) == ("slight", pytest.approx(0.03))


@pytest.mark.parametrize(
    ("released", "last_day"),
    [
        pytest.param("2024-02-10", dt.date(2024, 2, 10), id="full-date-itself"),
        pytest.param("2024-02", dt.date(2024, 2, 29), id="year-month-last-day"),
        pytest.param("2024", dt.date(2024, 12, 31), id="year-last-day"),
    ],
)
def test_a_partial_date_counts_from_the_last_day_it_covers(released: str, last_day: dt.date) -> None:
    assert available_by(released) == last_day
