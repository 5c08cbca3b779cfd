"""SPEC §5 step 3: marginal risk per domain against the open reference model."""

from __future__ import annotations

from dataclasses import dataclass

from releasecheck.assess.trail import Outcome, Trail
from releasecheck.card import model as c
from releasecheck.card.loader import Path
from releasecheck.rubric import model as m
from releasecheck.rubric.load import Rubric


@dataclass(frozen=True)
class MarginalFinding:
    domain: str
    marginal: str  # none | slight | significant | unknown
    excess: float | None
    basis: str  # domain | general | none


def _bears_on(rule: m.MarginalRule, benchmark: str, domain: str) -> bool:
    targets = rule.bears_on.get(benchmark, rule.bears_on.get("*", []))
    return "*" in targets or domain in targets


def assess_marginal(card: c.Card, domain: str, rubric: Rubric, trail: Trail) -> MarginalFinding:
    rule = rubric.one("marginal-risk", m.MarginalRule)
    mr = card.marginal_risk
    if mr.reference is None:
        trail.add(
            rule.id,
            "info",
            f"{domain}: no open reference model named: marginal risk unknown",
            [("marginal_risk",)],
            effect=f"{domain} marginal unknown",
        )
        return MarginalFinding(domain, "unknown", None, "none")
    own = [(i, x) for i, x in enumerate(mr.domain_comparisons) if x.domain == domain]
    if own:
        pairs = [(x.model_score, x.reference_score) for _, x in own]
        paths: list[Path] = [("marginal_risk", "domain_comparisons", i) for i, _ in own]
        basis = "domain"
    else:
        general = [(i, x) for i, x in enumerate(mr.general_capability) if _bears_on(rule, x.benchmark, domain)]
        paths = [("marginal_risk", "general_capability", i) for i, _ in general]
        if len(general) < rule.min_general:
            trail.add(
                rule.id,
                "info",
                f"{domain}: no domain comparison and {len(general)} general one(s) "
                f"({rule.min_general} needed): marginal risk unknown",
                paths or [("marginal_risk",)],
                effect=f"{domain} marginal unknown",
            )
            return MarginalFinding(domain, "unknown", None, "none")
        pairs = [(x.model_score, x.reference_score) for _, x in general]
        basis = "general"
    excess = round(max(model - ref for model, ref in pairs), 9)  # round away float noise at the margins
    marginal = "none" if excess <= rule.margin else "slight" if excess <= rule.significance else "significant"
    outcome: Outcome = "info" if marginal == "none" else "fired"
    trail.add(
        rule.id,
        outcome,
        f"{domain}: largest excess over {mr.reference.model} is {excess:+.3f} "
        f"({basis} comparisons; margin {rule.margin:g}, significance {rule.significance:g}): {marginal}",
        paths,
        effect=f"{domain} marginal {marginal}",
    )
    return MarginalFinding(domain, marginal, excess, basis)


def assessment_complete(card: c.Card) -> bool:
    """All six Kapoor et al. steps written out."""
    steps = card.marginal_risk.assessment
    if steps is None:
        return False
    return all((getattr(steps, name) or "").strip() for name in c.Assessment.model_fields)
