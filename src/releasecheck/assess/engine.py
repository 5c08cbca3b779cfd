"""The pure core: (card, rubric) -> Assessment. No clock, no environment, no files."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from releasecheck.assess.ceiling import DomainCeiling, ceiling_tier, domain_ceiling
from releasecheck.assess.compute import Compute, exceeds_bound, flop, implausible_count, parameter_bound
from releasecheck.assess.controls import ControlChecks, PillarResult, pillar_levels
from releasecheck.assess.evidence import DomainEvidence, assess_domains
from releasecheck.assess.marginal import MarginalFinding, marginal_findings
from releasecheck.assess.recommend import (
    Blocker,
    Obligation,
    TierStatus,
    confidence,
    confidence_gate,
    decide,
    obligations,
    ready_tier,
    recommend,
    tier_statuses,
)
from releasecheck.assess.requirements import (
    domain_facts,
    governing_levels,
    tier_requirements,
    undisclosed_assumption,
)
from releasecheck.assess.tables import first_rule, table
from releasecheck.assess.trail import Trail, TrailEntry, Warning_
from releasecheck.card import model as c
from releasecheck.rubric import model as m
from releasecheck.rubric.load import Rubric
from releasecheck.yamlpos.loader import Document
from releasecheck.yamlpos.problems import format_path


@dataclass(frozen=True)
class Assessment:
    doc: Document
    card: c.Card
    rubric: Rubric
    planned_tier: str | None
    ceiling_tier: str
    recommended_tier: str
    ready_tier: str
    conditions: tuple[Blocker, ...]  # the recommended tier's undocumented safeguards and unmet obligations
    unknown_required: tuple[str, ...]  # required domains without evidence for the recommended tier's class
    decision: str
    confidence: str
    domains: tuple[DomainEvidence, ...]
    marginal: dict[str, MarginalFinding]
    ceilings: dict[str, DomainCeiling]
    binding: frozenset[str]
    pillars: dict[str, PillarResult]
    tiers: tuple[TierStatus, ...]
    obligations: tuple[Obligation, ...]
    trail: tuple[TrailEntry, ...]
    warnings: tuple[Warning_, ...]
    waived: frozenset[str]

    def tiers_waived(self, rule: str) -> tuple[str, ...]:
        """The tiers a waiver of `rule` opened, as the engine recorded them (no message is parsed)."""
        return tuple(e.tier for e in self.trail if e.rule == rule and e.outcome == "waived" and e.tier is not None)


def _compute(card: c.Card, rubric: Rubric, trail: Trail) -> Compute:
    rule = rubric.one("compute-undisclosed", m.ComputeRule)
    figure = card.model.training_compute_flop
    counts = figure is None and card.model.kind in rule.model_kinds
    bound = parameter_bound(card, rule)
    assumed = table(rubric, undisclosed_assumption)
    if counts and bound is not None and bound <= assumed:
        trail.add(
            rule.id,
            "fired",
            f"training compute not disclosed: with {flop(card.model.parameters or 0)} parameters it is presumed at "
            f"most {flop(bound)} FLOP ({flop(rule.flop_per_parameter or 0)} per parameter), so the {flop(assumed)} "
            "FLOP requirements do not apply; obligations up to that bound are listed to check",
            [("model", "parameters")],
            effect=f"compute assumed <= {flop(bound)} FLOP",
        )
        trail.warn(
            rule.id,
            f"training_compute_flop not disclosed: presumed at most {flop(bound)} FLOP from the parameter count",
            [("model",)],
        )
    elif counts:
        trail.add(
            rule.id,
            "fired",
            "training compute not disclosed: assumed above the 1e25 FLOP presumption; "
            "1e25 requirements apply and 1e25/1e26 obligations are listed to check",
            [("model",)],
            effect="compute assumed > 1e25 FLOP",
        )
        trail.warn(
            rule.id,
            "training_compute_flop not disclosed: assumed above 1e25 FLOP (withholding it never "
            "earns a more open tier)",
            [("model",)],
        )
    if implausible_count(card, rule):
        trail.warn(
            rule.id,
            f"model.parameters {flop(card.model.parameters or 0)} is under {flop(rule.min_parameters)}: probably "
            "in other units (give the count itself, e.g. 7.0e9 for 7 billion); it bounds nothing",
            [("model", "parameters")],
        )
    if exceeds_bound(card, rule):
        trail.warn(
            rule.id,
            f"training_compute_flop {flop(card.model.training_compute_flop or 0)} is more than "
            f"{flop(rule.flop_per_parameter or 0)} FLOP per parameter for {flop(card.model.parameters or 0)} "
            "parameters: check both figures (the disclosed one is used)",
            [("model", "training_compute_flop")],
        )
    return Compute(float(figure) if figure is not None else None, counts, bound)


def assess(
    doc: Document,
    card: c.Card,
    rubric: Rubric,
    expect_tier: str | None = None,
    waived: frozenset[str] = frozenset(),
    min_confidence: str | None = None,
    today: dt.date | None = None,
) -> Assessment:
    """`today` stands for an undated card's release date in date-dependent rules (laws in force)."""
    trail = Trail(doc)
    _input_notes(doc, rubric, trail)
    compute = _compute(card, rubric, trail)
    domains = assess_domains(card, rubric, trail)
    marginals = marginal_findings(card, [d.domain for d in domains], rubric, trail)
    ceilings = [domain_ceiling(card, rubric, d, marginals[d.domain], trail) for d in domains]
    ceiling = ceiling_tier(ceilings, rubric)
    checks = ControlChecks(card)
    pillars = pillar_levels(checks, rubric, trail)
    governing = governing_levels(domains, marginals, rubric, trail)
    planned = expect_tier or card.release.planned_tier
    facts = domain_facts(card, domains, marginals)
    unmet = tier_requirements(card, rubric, governing, compute, waived, trail, checks, planned, today, facts)
    statuses = tier_statuses(rubric, ceiling, ceilings, {d.domain: d for d in domains}, unmet)
    recommended = recommend(rubric, ceiling, statuses, trail)
    decision = decide(rubric, planned, recommended, ceiling, statuses, trail, from_option=expect_tier is not None)
    conf, decision = _confidence(rubric, card, domains, recommended, decision, min_confidence, trail)
    obls = obligations(rubric, card, compute, trail, today)
    return Assessment(
        doc=doc,
        card=card,
        rubric=rubric,
        planned_tier=planned,
        ceiling_tier=ceiling,
        recommended_tier=recommended,
        ready_tier=ready_tier(rubric, statuses),
        conditions=statuses[rubric.tier_order.index(recommended)].conditions,
        unknown_required=_unknown_required(domains, rubric.tier_class[recommended]),
        decision=decision,
        confidence=conf,
        domains=tuple(domains),
        marginal=marginals,
        ceilings={d.domain: d for d in ceilings},
        binding=_binding(ceilings, rubric, ceiling),
        pillars=pillars,
        tiers=tuple(statuses),
        obligations=tuple(obls),
        trail=tuple(trail.entries),
        warnings=tuple(trail.warnings),
        waived=waived,
    )


def _binding(ceilings: list[DomainCeiling], rubric: Rubric, ceiling: str) -> frozenset[str]:
    """The domains that stop the next tier above the ceiling."""
    above = _next_tier(rubric, ceiling)
    return frozenset(d.domain for d in ceilings if above is not None and not d.permits(above, rubric))


def _confidence(
    rubric: Rubric,
    card: c.Card,
    domains: list[DomainEvidence],
    recommended: str,
    decision: str,
    min_confidence: str | None,
    trail: Trail,
) -> tuple[str, str]:
    """Confidence in the recommendation (capped by the rubric's capping warnings), and the decision
    after --min-confidence."""
    cappers = table(rubric, _confidence_cappers)
    capped = any(w.rule in cappers for w in trail.warnings)
    conf = confidence(rubric, card, domains, recommended, trail, capped)
    return conf, confidence_gate(rubric, decision, conf, min_confidence, trail)


def _unknown_required(domains: list[DomainEvidence], tier_class: str) -> tuple[str, ...]:
    """Required domains with no evidence for the recommended tier's class."""
    return tuple(d.domain for d in domains if d.required and d.level(tier_class) == "unknown")


def _input_notes(doc: Document, rubric: Rubric, trail: Trail) -> None:
    """What the trail says of the input itself: gaps filled from front matter, template placeholders."""
    _front_matter_fills(doc, rubric, trail)
    _template_placeholders(doc, rubric, trail)


def _front_matter_fills(doc: Document, rubric: Rubric, trail: Trail) -> None:
    rule = first_rule(rubric, "front-matter")
    if rule is None:
        return
    for path, what in doc.filled:
        trail.add(rule.id, "fired", f"gap filled: {what}", [path], effect="filled from front matter")
    for note in doc.unused:
        trail.add(rule.id, "info", f"seen but not used: {note}")


def _template_placeholders(doc: Document, rubric: Rubric, trail: Trail) -> None:
    rule = first_rule(rubric, "template")
    if rule is None:
        return
    from releasecheck.card import placeholders

    found = list(placeholders.found(doc.data))
    if not found:
        return
    paths = [path for path, _ in found]
    where = ", ".join(format_path(p) for p in paths)
    trail.add(rule.id, "fired", f"the card still carries the init template's placeholders ({where})", paths)
    trail.warn(rule.id, f"this card is still the `releasecheck init` template in places: {where}", paths)


def _next_tier(rubric: Rubric, tier: str) -> str | None:
    index = rubric.tier_order.index(tier)
    return rubric.tier_order[index + 1] if index + 1 < len(rubric.tier_order) else None


def _confidence_cappers(rubric: Rubric) -> frozenset[str]:
    return frozenset({r.id for r in rubric.many("warning", m.WarningRule) if r.confidence == "low"})
