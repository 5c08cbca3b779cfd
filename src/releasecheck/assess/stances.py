"""Stance comparison: the same card under every profile of the rubric set (SPEC §5)."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

from releasecheck.assess.engine import Assessment
from releasecheck.assess.trail import TrailEntry


@dataclass(frozen=True, slots=True)
class ProfileResult:
    ceiling_tier: str
    recommended_tier: str
    decision: str
    confidence: str


@dataclass(frozen=True, slots=True)
class Comparison:
    """The same card under every profile: per-profile results, verdict, range and dividing rules."""

    verdict: str  # robust | contested
    range: str | None  # "limited to api" when contested
    results: dict[str, ProfileResult]
    dividing_rules: tuple[str, ...]


def _key(entry: TrailEntry) -> tuple[str, str, str | None]:
    return (entry.rule, entry.outcome, entry.effect)


def dividing_rules(a: Assessment, b: Assessment) -> set[str]:
    """The rule ids of the first trail entries where two assessments differ."""
    for left, right in zip(a.trail, b.trail, strict=False):
        if _key(left) != _key(right):
            return {left.rule, right.rule}
    longer = a.trail if len(a.trail) > len(b.trail) else b.trail
    shorter = min(len(a.trail), len(b.trail))
    return {longer[shorter].rule} if len(longer) > shorter else set()


def compare(assessments: dict[str, Assessment], tier_rank: dict[str, int]) -> Comparison:
    """Every profile's assessment of one card, compared (the report's `profiles`)."""
    results = {
        name: ProfileResult(a.ceiling_tier, a.recommended_tier, a.decision, a.confidence)
        for name, a in assessments.items()
    }
    tiers = sorted({a.recommended_tier for a in assessments.values()}, key=lambda t: tier_rank[t])
    robust = len(tiers) == 1
    divided: set[str] = set()
    for (_, a), (_, b) in combinations(assessments.items(), 2):
        if (a.ceiling_tier, a.recommended_tier, a.decision) != (b.ceiling_tier, b.recommended_tier, b.decision):
            divided |= dividing_rules(a, b)
    span = None if robust else f"{tiers[0]} to {tiers[-1]}"
    return Comparison("robust" if robust else "contested", span, results, tuple(sorted(divided)))
