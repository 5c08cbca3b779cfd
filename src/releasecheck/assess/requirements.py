"""SPEC §5 step 6: what each tier needs at the governing level of its class.

Requirements are of two kinds (rubric data): a *safeguard* contains the risk at a tier, so one that
the card documents as absent blocks that tier; an *obligation* (documentation, publication, a legal
duty) attaches to the release, so an unmet or undocumented one is a condition of the tier, never a
block. An undocumented safeguard is a condition too: disclosure is often confidential, and an
undisclosed control is not an absent one. A deployment safeguard describes how the planned release
is run, so for any other tier than the planned one its absence is a condition as well: the card
describes a different release there (an open download has no identity checks, yet a gated release
of the same model would have them).
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from releasecheck.assess.catalogue import available_by
from releasecheck.assess.compute import Compute
from releasecheck.assess.controls import ABSENT, IN_PLACE, ControlChecks, NeedResult
from releasecheck.assess.evidence import DomainEvidence, counts_for_class
from releasecheck.assess.levels import CLASSES, RANK, higher
from releasecheck.assess.marginal import MarginalFinding
from releasecheck.assess.tables import table
from releasecheck.assess.trail import Trail
from releasecheck.card import model as c
from releasecheck.ladder import NOTHING_ADDED
from releasecheck.rubric import model as m
from releasecheck.rubric.load import Rubric
from releasecheck.yamlpos.loader import Path as CardPath

SAFEGUARD, OBLIGATION = "safeguard", "obligation"


class Unmet(NamedTuple):  # immutable, and cheaper to make than a frozen dataclass (hot path)
    rule: str
    need: str
    detail: str
    path: CardPath
    requirement: str = OBLIGATION  # safeguard | obligation
    state: str = ABSENT  # absent | undocumented
    blocks: bool = False  # an absent safeguard of the planned class: the tier is not available


class DomainFacts(NamedTuple):
    """What a frontier-sensitive requirement asks of a domain beyond its level."""

    marginal: str  # the domain's marginal-risk category
    adversarial: tuple[int, ...]  # the card's own evaluations of it elicited worst-case (e.g. fine-tuned)
    evidence: DomainEvidence  # its levels per tier class ("unknown" without evidence)


def domain_facts(
    card: c.Card, domains: list[DomainEvidence], marginals: dict[str, MarginalFinding]
) -> dict[str, DomainFacts]:
    """Per domain: its marginal risk, and which of the card's evaluations went beyond safeguards-off.
    A level by comparison is never adversarial evidence of this model."""
    evaluations = card.evaluations
    return {
        dom.domain: DomainFacts(
            marginals[dom.domain].marginal,
            tuple(
                r.index for r in dom.readings if r.proxy is None and evaluations[r.index].elicitation == "worst-case"
            ),
            dom,
        )
        for dom in domains
    }


def governing_levels(
    domains: list[DomainEvidence], marginals: dict[str, MarginalFinding], rubric: Rubric, trail: Trail
) -> dict[str, dict[str, str]]:
    """Tier class -> domain -> the level that counts for requirements.

    An unknown required domain counts as the rubric says (by default low when the release adds nothing
    over open models, high otherwise). A domain that is not required and has no level for a class (say,
    only a safeguards-on `low` for weights tiers) does not count there: volunteering a test never brings
    requirements.
    """
    rule = rubric.one("governing-level", m.GoverningRule)
    out: dict[str, dict[str, str]] = {cls: {} for cls in CLASSES}
    for tier_class in CLASSES:
        for dom in domains:
            found = dom.level(tier_class)
            marginal = marginals[dom.domain].marginal
            # what a required domain without evidence counts as
            cap = rule.unknown_with_no_marginal_risk if marginal in NOTHING_ADDED else rule.unknown_otherwise
            if found == "unknown":
                if not dom.required:
                    continue
                found = cap
                trail.add(
                    rule.id,
                    "fired",
                    f"{dom.domain}: unknown for {tier_class} tiers counts as {found} (marginal risk {marginal})",
                    [("evaluations",)],
                )
            elif RANK[found] > RANK[cap] and not any(counts_for_class(r, tier_class) for r in dom.readings):
                # A level taken only by comparison (no evaluation of the domain counts for this class)
                # says "at most the reference's"; for requirements it counts no higher than a domain
                # without evidence would (else a card whose scores drop could gain requirements a less
                # informed card escapes).
                trail.add(
                    rule.id,
                    "fired",
                    f"{dom.domain}: {found} for {tier_class} tiers by comparison only counts as {cap} "
                    f"(marginal risk {marginal}), as no evidence would",
                    [r.path for r in dom.proxies],
                )
                found = cap
            out[tier_class][dom.domain] = found
    return out


def _level(levels: dict[str, str], rule: m.RequirementRule) -> str:
    level = "low"
    for domain, found in levels.items():
        if not rule.domains or domain in rule.domains:
            level = higher(level, found)
    return level


def _applies(
    rule: m.RequirementRule, tier: str, governing: str, compute: Compute, card: c.Card, assumed: float
) -> bool:
    if tier not in rule.tiers:
        return False
    if rule.at_least is not None and RANK[governing] < RANK[rule.at_least]:
        return False
    if rule.model_kinds and card.model.kind not in rule.model_kinds:
        return False
    if rule.compute_above is not None:
        return compute.above(rule.compute_above, assumed)
    return True


def in_force(rule: m.RequirementRule, card: c.Card, today: dt.date | None) -> bool:
    """An obligation from a law or code counts from its date in force; a release before it is only informed."""
    if rule.in_force is None:
        return True
    when = card.release.date or today
    return when is None or available_by(rule.in_force) <= when


def tier_requirements(
    card: c.Card,
    rubric: Rubric,
    governing: dict[str, dict[str, str]],
    compute: Compute,
    waived: frozenset[str],
    trail: Trail,
    checks: ControlChecks,
    planned: str | None = None,
    today: dt.date | None = None,
    facts: dict[str, DomainFacts] | None = None,
) -> dict[str, list[Unmet]]:
    """Tier -> unmet needs (after waivers), each marked safeguard or obligation and whether it blocks.
    `facts` (domain_facts) is what the frontier-sensitive rules read; without it none applies."""
    facts = facts or {}
    assumed = table(rubric, undisclosed_assumption)
    by_tier = table(rubric, _rules_by_tier)
    out: dict[str, list[Unmet]] = {}
    levels: dict[tuple[str, tuple[str, ...]], str] = {}  # (class, rule domains) -> governing level
    for tier in rubric.tier_order[1:]:
        tier_class = rubric.tier_class[tier]
        unmet: list[Unmet] = []
        for rule in by_tier[tier]:
            key = (tier_class, tuple(rule.domains))
            level = levels.get(key) or levels.setdefault(key, _level(governing[tier_class], rule))
            if not _applies(rule, tier, level, compute, card, assumed):
                continue
            concerned = _concerned(rule, tier_class, facts, governing[tier_class])
            if concerned == ():
                continue  # no domain at the level with the marginal risk the rule is about
            if not in_force(rule, card, today):
                _not_in_force(rule, card, trail)
                continue
            results = [checks(n) for n in rule.needs] + _evidence(rule, concerned or (), facts)
            other = rule.deployment and planned is not None and tier != planned
            unmet += _record(rule, tier, level, results, waived, trail, other)
        out[tier] = unmet
    return out


def _concerned(
    rule: m.RequirementRule, tier_class: str, facts: dict[str, DomainFacts], governing: dict[str, str]
) -> tuple[str, ...] | None:
    """The domains a frontier-sensitive rule (`marginal`, `evidence`) is about: those whose level for
    the tier's class, as it counts for requirements (`governing_levels`), is at or above the rule's, with
    one of its marginal-risk categories. So a required domain with no evidence is held to it at the level
    the governing-level rule gives it (by default high unless the release adds nothing: never safer than
    one measured at the level), a level taken only by comparison counts no higher than that, and a domain
    that is not required and has no evidence for the class is left alone, as the ceiling leaves it:
    volunteering a hosted-only result must not bring a requirement. None for every other rule."""
    if not rule.marginal and rule.evidence is None:
        return None
    assert rule.at_least is not None  # the rubric loader requires it with `marginal` or `evidence`
    floor = RANK[rule.at_least]
    out = []
    for domain, fact in facts.items():
        level = governing.get(domain)
        if level is None or RANK[level] < floor:
            continue
        if rule.domains and domain not in rule.domains:
            continue
        if not rule.marginal or fact.marginal in rule.marginal:
            out.append(domain)
    return tuple(out)


def _evidence(rule: m.RequirementRule, domains: tuple[str, ...], facts: dict[str, DomainFacts]) -> list[NeedResult]:
    """`evidence: worst-case`: each concerned domain has an adversarially elicited evaluation of its own."""
    if rule.evidence is None:
        return []
    out = []
    for domain in domains:
        found = facts[domain].adversarial
        paths = tuple(("evaluations", i) for i in found) or (("evaluations",),)
        if found:
            out.append(NeedResult(f"{domain}: worst-case evaluation", IN_PLACE, paths, "listed"))
            continue
        detail = f"{domain}: none of the card's evaluations was elicited worst-case (e.g. after fine-tuning)"
        out.append(NeedResult(f"{domain}: worst-case evaluation", ABSENT, paths, detail))
    return out


def _not_in_force(rule: m.RequirementRule, card: c.Card, trail: Trail) -> None:
    when = card.release.date.isoformat() if card.release.date is not None else "today"
    trail.add(
        rule.id,
        "info",
        f"{rule.title}: not yet in force at the release date {when} (from {rule.in_force}): information only",
        [("release", "date")] if card.release.date is not None else [],
        once=True,
    )


def _record(
    rule: m.RequirementRule,
    tier: str,
    level: str,
    results: list[NeedResult],
    waived: frozenset[str],
    trail: Trail,
    other_tier: bool,
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
        message = f"{tier}: unmet ({gaps}) but waived"
        trail.add(rule.id, "waived", message, missing_paths, effect=f"{tier}: requirement waived", tier=tier)
        return []
    safeguard = rule.requirement == SAFEGUARD
    found = [
        Unmet(
            rule.id,
            r.text,
            r.detail,
            r.paths[0] if r.paths else (),
            rule.requirement,
            r.state,
            safeguard and r.state == ABSENT and not other_tier,
        )
        for r in missing
    ]
    blocked = any(u.blocks for u in found)
    note = ""
    if safeguard and other_tier and any(r.state == ABSENT for r in missing):
        note = " (the card describes another tier's deployment: what this tier would need, not a block)"
    effect = f"{tier} blocked" if blocked else f"{tier}: condition"
    trail.add(
        rule.id, "unmet", f"{tier} (governing level {level}, {rule.requirement}): {gaps}{note}", paths, effect=effect
    )
    return found


def _rules_by_tier(rubric: Rubric) -> dict[str, tuple[m.RequirementRule, ...]]:
    """The tier requirements that name each tier, in rubric order: most rules name few tiers."""
    rules = rubric.many("tier-requirement", m.RequirementRule)
    return {tier: tuple(r for r in rules if tier in r.tiers) for tier in rubric.tier_order}


def undisclosed_assumption(rubric: Rubric) -> float:
    """Undisclosed compute brings the requirements up to the EU systemic-risk presumption (1e25)."""
    thresholds = sorted(
        {r.compute_above for r in rubric.many("tier-requirement", m.RequirementRule) if r.compute_above is not None}
    )
    return float(thresholds[0]) if thresholds else 0.0
