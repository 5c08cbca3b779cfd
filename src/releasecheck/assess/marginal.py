"""SPEC §5 step 3: marginal risk per domain against the open reference model."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from releasecheck.assess import catalogue
from releasecheck.assess.trail import Outcome, Trail
from releasecheck.card import model as c
from releasecheck.card.loader import Path
from releasecheck.rubric import model as m
from releasecheck.rubric.load import Rubric


class MarginalFinding(NamedTuple):  # immutable, and cheaper to make than a frozen dataclass (hot path)
    domain: str
    marginal: str  # none | slight | significant | unknown
    excess: float | None
    basis: str  # domain | general | none


def _bears_on(rule: m.MarginalRule, benchmark: str, domain: str) -> bool:
    targets = rule.bears_on.get(benchmark, rule.bears_on.get("*", []))
    return "*" in targets or domain in targets


def marginal_findings(card: c.Card, domains: Sequence[str], rubric: Rubric, trail: Trail) -> dict[str, MarginalFinding]:
    """Each domain's finding; the comparisons (and the catalogue's trail entries) are worked out
    once, before the first domain, since they do not depend on the domain."""
    if not domains:
        return {}
    rule = rubric.one("marginal-risk", m.MarginalRule)
    comps = catalogue.resolve(card, rubric, trail, fallback_rule=rule.id)
    return {domain: assess_marginal(domain, rule, comps, trail) for domain in domains}


def assess_marginal(domain: str, rule: m.MarginalRule, comps: catalogue.Comparisons, trail: Trail) -> MarginalFinding:
    if comps.reference is None:
        searched = " and none could be picked from the catalogue" if comps.searched else ""
        trail.add(
            rule.id,
            "info",
            f"{domain}: no open reference model named{searched}: marginal risk unknown",
            [("marginal_risk",)],
            effect=f"{domain} marginal unknown",
        )
        return MarginalFinding(domain, "unknown", None, "none")
    own = comps.domains.get(domain, ())
    if own:
        pairs = [(x.model, x.reference) for x in own]
        paths: list[Path] = [x.path for x in own]
        basis = "domain"
    else:
        general = [x for x in comps.general if _bears_on(rule, x.benchmark, domain)]
        paths = [x.path for x in general]
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
        pairs = [(x.model, x.reference) for x in general]
        basis = "general"
    excess = round(max(model - ref for model, ref in pairs), 9)  # round away float noise at the margins
    marginal = "none" if excess <= rule.margin else "slight" if excess <= rule.significance else "significant"
    outcome: Outcome = "info" if marginal == "none" else "fired"
    trail.add(
        rule.id,
        outcome,
        f"{domain}: largest excess over {comps.reference} is {excess:+.3f} "
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
