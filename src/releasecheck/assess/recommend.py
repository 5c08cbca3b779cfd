"""SPEC §5 steps 7-10: recommendation, unlock list, decision, confidence and obligations."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from releasecheck.assess.ceiling import DomainCeiling
from releasecheck.assess.evidence import DomainEvidence
from releasecheck.assess.requirements import Compute, Unmet
from releasecheck.assess.trail import Trail
from releasecheck.card import model as c
from releasecheck.card.loader import Path as CardPath
from releasecheck.rubric import model as m
from releasecheck.rubric.load import Rubric


class Blocker(NamedTuple):  # immutable, and cheaper to make than a frozen dataclass (hot path)
    kind: str  # capability | control
    rule: str
    message: str
    domain: str | None = None
    control: str | None = None
    path: CardPath = ()  # where in the card the finding can be seen


class TierStatus(NamedTuple):  # immutable, and cheaper to make than a frozen dataclass (hot path)
    tier: str
    permitted: bool
    ready: bool
    blocked_by: tuple[Blocker, ...]


@dataclass(frozen=True)
class Obligation:
    rule: str
    title: str
    status: str  # applies | to-check
    threshold_flop: float
    instrument: str
    duties: tuple[str, ...]
    effective: str
    sources: tuple[str, ...]


def tier_statuses(
    rubric: Rubric,
    ceiling: str,
    ceilings: list[DomainCeiling],
    doms: dict[str, DomainEvidence],
    unmet: dict[str, list[Unmet]],
) -> list[TierStatus]:
    out = []
    for tier in rubric.tier_order:
        permitted = rubric.tier_rank[tier] <= rubric.tier_rank[ceiling]
        blockers = [_capability(d, tier, rubric, doms[d.domain]) for d in ceilings if not d.permits(tier, rubric)]
        blockers += [Blocker("control", u.rule, u.detail, control=u.need, path=u.path) for u in unmet.get(tier, [])]
        out.append(TierStatus(tier, permitted, not unmet.get(tier), tuple(blockers)))
    return out


def _capability(ceil: DomainCeiling, tier: str, rubric: Rubric, dom: DomainEvidence) -> Blocker:
    tier_class = rubric.tier_class[tier]
    level = dom.level(tier_class)
    return Blocker(
        "capability",
        ceil.rule[tier_class],
        f"{dom.domain} is {level} for {tier_class} tiers: permits at most {ceil.limit[tier_class]}",
        domain=dom.domain,
        path=("evaluations", dom.readings[0].index) if dom.readings else ("evaluations",),
    )


def recommend(rubric: Rubric, ceiling: str, statuses: list[TierStatus], trail: Trail) -> str:
    rule = rubric.one("recommendation", m.StepRule).id
    chosen = rubric.tier_order[0]
    for status in reversed(statuses):
        if status.permitted and status.ready and status.tier != rubric.tier_order[0]:
            chosen = status.tier
            break
    if chosen == ceiling:
        trail.add(
            rule,
            "info",
            f"recommended {chosen}: the ceiling, and its requirements are met",
            effect=f"recommended {chosen}",
        )
    else:
        trail.add(
            rule,
            "fired",
            f"recommended {chosen}: the most open tier at or below the ceiling {ceiling} whose requirements are met",
            effect=f"recommended {chosen}",
        )
    return chosen


def decide(rubric: Rubric, planned: str | None, recommended: str, ceiling: str, trail: Trail, from_option: bool) -> str:
    rule = rubric.one("decision", m.StepRule).id
    where = [] if from_option or planned is None else [("release", "planned_tier")]
    if planned is None:
        trail.add(rule, "info", "no planned tier: decision none", effect="decision none")
        return "none"
    rank = rubric.tier_rank
    if rank[planned] <= rank[recommended]:
        decision, why = "pass", f"planned {planned} is at or below the recommended {recommended}"
    elif rank[planned] <= rank[ceiling]:
        decision, why = (
            "conditional",
            f"planned {planned} is within the ceiling {ceiling} but its requirements are not all met",
        )
    else:
        decision, why = "fail", f"planned {planned} is above the ceiling {ceiling}"
    trail.add(rule, "info" if decision == "pass" else "fired", why, where, effect=f"decision {decision}")
    return decision


def confidence(
    rubric: Rubric, card: c.Card, domains: list[DomainEvidence], recommended: str, trail: Trail, capped_low: bool
) -> str:
    rule = rubric.one("confidence", m.StepRule).id
    tier_class = rubric.tier_class[recommended]
    # Every assessed domain counts like a required one (SPEC §3); only results actually read count.
    required = list(domains)
    read = {r.index for d in domains for r in d.readings}
    third_party = any(card.evaluations[i].performed_by == "third-party" for i in read)
    every_some = all(d.readings or d.proxy for d in required)
    can_rule_out = all((d.hosted if tier_class == "hosted" else d.weights).can_rule_out_next for d in required)
    if capped_low:
        level, why = "low", "a domain is permitted on marginal risk alone"
    elif every_some and can_rule_out and third_party:
        level, why = "high", "every required domain has evidence ruling out the next level, and a third party evaluated"
    elif every_some:
        gaps = [d.domain for d in required if not (d.hosted if tier_class == "hosted" else d.weights).can_rule_out_next]
        why = (
            "no third-party result"
            if not gaps and not third_party
            else f"nothing rules out the next level in {', '.join(gaps)}"
            + ("" if third_party else "; no third-party result")
        )
        level = "medium"
    else:
        level = "low"
        why = "no evidence for " + ", ".join(d.domain for d in required if not (d.readings or d.proxy))
    trail.add(rule, "info" if level == "high" else "fired", f"confidence {level}: {why}", effect=f"confidence {level}")
    return level


_CONFIDENCE = ("low", "medium", "high")


def confidence_gate(rubric: Rubric, decision: str, level: str, minimum: str | None, trail: Trail) -> str:
    """`--min-confidence`: a pass on evidence thinner than asked for becomes conditional."""
    if minimum is None or decision != "pass" or _CONFIDENCE.index(level) >= _CONFIDENCE.index(minimum):
        return decision
    rule = rubric.one("confidence", m.StepRule).id
    trail.add(
        rule,
        "fired",
        f"pass turned conditional: confidence {level} is below the required {minimum}",
        effect="decision conditional",
    )
    return "conditional"


def obligations(rubric: Rubric, card: c.Card, compute: Compute, trail: Trail) -> list[Obligation]:
    out = []
    for rule in rubric.many("obligation", m.ObligationRule):
        if rule.model_kinds and card.model.kind not in rule.model_kinds:
            continue
        if compute.flop is not None:
            if compute.flop <= rule.above_flop:
                continue
            status = "applies"
        elif compute.undisclosed_counts:
            status = "to-check"
        else:
            continue
        trail.add(
            rule.id,
            "fired",
            f"{rule.title}: {status} ({rule.instrument})",
            [("model", "training_compute_flop")] if compute.flop is not None else [("model",)],
            effect=f"obligation {status}",
        )
        out.append(
            Obligation(
                rule.id,
                rule.title,
                status,
                float(rule.above_flop),
                rule.instrument,
                tuple(rule.duties),
                rule.effective,
                tuple(s.title for s in rule.sources),
            )
        )
    return out
