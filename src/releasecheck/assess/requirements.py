"""SPEC §5 step 6: what each tier needs at the governing level of its class."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from releasecheck.assess.controls import ControlChecks, NeedResult
from releasecheck.assess.evidence import DomainEvidence
from releasecheck.assess.levels import CLASSES, RANK, higher
from releasecheck.assess.marginal import MarginalFinding
from releasecheck.assess.trail import Trail
from releasecheck.card import model as c
from releasecheck.card.loader import Path as CardPath
from releasecheck.rubric import model as m
from releasecheck.rubric.load import Rubric


class Unmet(NamedTuple):  # immutable, and cheaper to make than a frozen dataclass (hot path)
    rule: str
    need: str
    detail: str
    path: CardPath


@dataclass(frozen=True)
class Compute:
    flop: float | None
    undisclosed_counts: bool  # undisclosed and of a kind where withholding must not help

    def above(self, threshold: float, assumed_ceiling: float) -> bool:
        """Above threshold; an undisclosed figure is assumed just above `assumed_ceiling`."""
        if self.flop is not None:
            return self.flop > threshold
        return self.undisclosed_counts and threshold <= assumed_ceiling


def governing_levels(
    domains: list[DomainEvidence], marginals: dict[str, MarginalFinding], rubric: Rubric, trail: Trail
) -> dict[str, str]:
    rule = rubric.one("governing-level", m.GoverningRule)
    out = {}
    for tier_class in CLASSES:
        level = "low"
        for dom in domains:
            found = dom.level(tier_class)
            if found == "unknown":
                none = marginals[dom.domain].marginal == "none"
                found = rule.unknown_with_no_marginal_risk if none else rule.unknown_otherwise
                trail.add(
                    rule.id,
                    "fired",
                    f"{dom.domain}: unknown for {tier_class} tiers counts as {found} "
                    f"(marginal risk {marginals[dom.domain].marginal})",
                    [("evaluations",)],
                )
            level = higher(level, found)
        out[tier_class] = level
    return out


def _applies(
    rule: m.RequirementRule,
    tier: str,
    governing: str,
    compute: Compute,
    card: c.Card,
    assumed: float,
) -> bool:
    if tier not in rule.tiers:
        return False
    if rule.at_least is not None and RANK[governing] < RANK[rule.at_least]:
        return False
    if rule.compute_above is not None:
        if rule.model_kinds and card.model.kind not in rule.model_kinds:
            return False
        return compute.above(rule.compute_above, assumed)
    return True


def tier_requirements(
    card: c.Card,
    rubric: Rubric,
    governing: dict[str, str],
    compute: Compute,
    waived: frozenset[str],
    trail: Trail,
    checks: ControlChecks,
) -> dict[str, list[Unmet]]:
    """Tier -> unmet needs (after waivers). `internal` has no requirements."""
    assumed = undisclosed_assumption(rubric)
    rules = rubric.many("tier-requirement", m.RequirementRule)
    out: dict[str, list[Unmet]] = {}
    for tier in rubric.tier_order[1:]:
        level = governing[rubric.tier_class[tier]]
        unmet: list[Unmet] = []
        for rule in rules:
            if not _applies(rule, tier, level, compute, card, assumed):
                continue
            results = [checks(n) for n in rule.needs]
            unmet += _record(rule, tier, level, results, waived, trail)
        out[tier] = unmet
    return out


def _record(
    rule: m.RequirementRule, tier: str, level: str, results: list[NeedResult], waived: frozenset[str], trail: Trail
) -> list[Unmet]:
    paths = [p for r in results for p in r.paths]
    missing = [r for r in results if not r.met]
    if not missing:
        trail.add(
            rule.id, "met", f"{tier} (governing level {level}): {', '.join(r.text for r in results)} in place", paths
        )
        return []
    gaps = "; ".join(r.detail for r in missing)
    if rule.id in waived:
        missing_paths = [p for r in missing for p in r.paths]
        trail.add(
            rule.id, "waived", f"{tier}: unmet ({gaps}) but waived", missing_paths, effect=f"{tier}: requirement waived"
        )
        return []
    trail.add(rule.id, "unmet", f"{tier} (governing level {level}): {gaps}", paths, effect=f"{tier} blocked")
    return [Unmet(rule.id, r.text, r.detail, r.paths[0] if r.paths else ()) for r in missing]


def undisclosed_assumption(rubric: Rubric) -> float:
    """Undisclosed compute brings the requirements up to the EU systemic-risk presumption (1e25)."""
    thresholds = sorted(
        {r.compute_above for r in rubric.many("tier-requirement", m.RequirementRule) if r.compute_above is not None}
    )
    return float(thresholds[0]) if thresholds else 0.0
