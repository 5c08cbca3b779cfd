"""SPEC §5 step 4: the risk ceiling from the matrix, its exceptions and warnings."""

from __future__ import annotations

from typing import NamedTuple

from releasecheck.assess.controls import check_need
from releasecheck.assess.evidence import DomainEvidence
from releasecheck.assess.levels import CLASSES
from releasecheck.assess.marginal import MarginalFinding, assessment_complete
from releasecheck.assess.trail import Outcome, Trail
from releasecheck.card import model as c
from releasecheck.rubric import model as m
from releasecheck.rubric.load import Rubric


class DomainCeiling(NamedTuple):  # immutable, and cheaper to make than a frozen dataclass (hot path)
    domain: str
    limit: dict[str, str]  # tier class -> most open tier permitted
    rule: dict[str, str]  # tier class -> rule id that set the limit

    def permits(self, tier: str, rubric: Rubric) -> bool:
        limit = self.limit[rubric.tier_class[tier]]
        return rubric.tier_rank[tier] <= rubric.tier_rank[limit]


def _exception_holds(card: c.Card, rule: m.ExceptionRule, dom: DomainEvidence, trail: Trail) -> bool:
    reasons = []
    if rule.assessment_complete and not assessment_complete(card):
        reasons.append("the six-step marginal-risk assessment is incomplete")
    if rule.worst_case_evidence and not dom.has_worst_case:
        reasons.append(f"{dom.domain} has no safeguards-off or worst-case evidence")
    needs = [check_need(card, n) for n in rule.needs]
    reasons += [r.detail for r in needs if not r.met]
    paths = [("marginal_risk", "assessment"), *[p for r in needs for p in r.paths]]
    if reasons:
        trail.add(rule.id, "unmet", f"{dom.domain}: exception not available: " + "; ".join(reasons), paths, once=True)
        return False
    held = [
        *(["six-step assessment complete"] if rule.assessment_complete else []),
        *([f"{dom.domain} has worst-case evidence"] if rule.worst_case_evidence else []),
        *([f"{r.text} in place" for r in needs]),
    ]
    trail.add(rule.id, "met", f"{dom.domain}: exception holds ({'; '.join(held) or 'no condition'})", paths, once=True)
    return True


def _cell(
    card: c.Card,
    rubric: Rubric,
    matrix: m.CeilingRule,
    dom: DomainEvidence,
    marginal: MarginalFinding,
    tier_class: str,
    trail: Trail,
) -> tuple[str, str]:
    """The cell's tier for this class, and the rule that set it."""
    level = dom.level(tier_class)
    row = matrix.matrix[level]  # type: ignore[index]
    # a custom matrix written before the `below` column reads it as `none`
    column = marginal.marginal if marginal.marginal in row else "none"
    spec = row[column]
    if isinstance(spec, str):
        return spec, matrix.id
    if spec.warning is not None:
        warning = rubric.by_id[spec.warning]
        trail.add(
            warning.id,
            "fired",
            f"{dom.domain}: {level} with marginal risk {marginal.marginal}: {warning.title}",
            [("marginal_risk",)],
            once=True,
        )
        trail.warn(
            warning.id,
            f"{dom.domain}: permitted {spec.tier} only because the release adds nothing over "
            f"an open model (no direct evidence; low confidence)",
            [("marginal_risk",)],
        )
    if spec.exception is None:
        return spec.tier, matrix.id
    rule = rubric.by_id[spec.exception]
    # The exception is a fact about the release, not about a tier class: where a hosted cell names
    # one too (marginal severe/none), it opens the hosted tiers below the tier it permits.
    if _exception_holds(card, rule, dom, trail):
        return spec.tier, rule.id
    assert spec.otherwise is not None
    return spec.otherwise, matrix.id


def domain_ceiling(
    card: c.Card, rubric: Rubric, dom: DomainEvidence, marginal: MarginalFinding, trail: Trail
) -> DomainCeiling:
    matrix = rubric.one("ceiling-matrix", m.CeilingRule)
    limit: dict[str, str] = {}
    rule: dict[str, str] = {}
    for tier_class in CLASSES:
        if not dom.required and dom.level(tier_class) in ("unknown", "low"):
            # Evidence that does not count for this class (a safeguards-on low, for weights) leaves a
            # domain that is not required as unassessed there, and a volunteered low finds nothing: the
            # matrix's low row still weighs the marginal risk (fully open needs a release that adds nothing
            # significant), which the required domains carry. Volunteering a test must not cost a tier.
            limit[tier_class], rule[tier_class] = rubric.tier_order[-1], matrix.id
            continue
        limit[tier_class], rule[tier_class] = _cell(card, rubric, matrix, dom, marginal, tier_class, trail)
    result = DomainCeiling(dom.domain, limit, rule)
    most = ceiling_tier([result], rubric)
    outcome: Outcome = "info" if most == rubric.tier_order[-1] else "fired"
    paths = [r.path for r in (*dom.readings, *dom.proxies)]
    trail.add(
        matrix.id,
        outcome,
        f"{dom.domain}: level {dom.hosted.level} hosted / {dom.weights.level} weights, marginal "
        f"{marginal.marginal}: permits up to {most}",
        paths,
        effect=f"{dom.domain} permits up to {most}",
    )
    return result


def ceiling_tier(ceilings: list[DomainCeiling], rubric: Rubric) -> str:
    """The most open tier such that it and every tier below it is permitted by every domain."""
    best = rubric.tier_order[0]
    for tier in rubric.tier_order:
        if all(d.permits(tier, rubric) for d in ceilings):
            best = tier
        else:
            break
    return best
