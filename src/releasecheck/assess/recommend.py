"""SPEC §5 steps 7-10: recommendation, unlock list, decision, confidence and obligations."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

from releasecheck.assess.catalogue import available_by
from releasecheck.assess.ceiling import DomainCeiling
from releasecheck.assess.compute import Compute
from releasecheck.assess.evidence import DomainEvidence
from releasecheck.assess.requirements import Unmet
from releasecheck.assess.trail import Trail
from releasecheck.card import model as c
from releasecheck.rubric import model as m
from releasecheck.rubric.load import Rubric
from releasecheck.yamlpos.loader import Path as CardPath


class Blocker(NamedTuple):  # immutable, and cheaper to make than a frozen dataclass (hot path)
    kind: str  # capability | safeguard | obligation
    rule: str
    message: str
    domain: str | None = None
    control: str | None = None
    path: CardPath = ()  # where in the card the finding can be seen
    state: str | None = None  # for controls: absent | undocumented


class TierStatus(NamedTuple):  # immutable, and cheaper to make than a frozen dataclass (hot path)
    tier: str
    permitted: bool  # at or below the ceiling
    ready: bool  # permitted, and every requirement met now
    blocked_by: tuple[Blocker, ...]  # capability findings and absent safeguards
    conditions: tuple[Blocker, ...] = ()  # undocumented safeguards and unmet obligations

    @property
    def available(self) -> bool:
        """Permitted and not blocked by an absent safeguard: it may be recommended, with its conditions."""
        return self.permitted and not any(b.kind != "capability" for b in self.blocked_by)


@dataclass(frozen=True)
class Obligation:
    rule: str
    title: str
    status: str  # applies | to-check | not-in-force
    threshold_flop: float
    instrument: str
    duties: tuple[str, ...]
    effective: str
    sources: tuple[str, ...]
    note: str = "information, not legal advice"


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
        needs = [_control(u) for u in unmet.get(tier, [])]
        blockers += [b for b, u in zip(needs, unmet.get(tier, []), strict=True) if u.blocks]
        conditions = tuple(b for b, u in zip(needs, unmet.get(tier, []), strict=True) if not u.blocks)
        ready = permitted and not blockers and not conditions
        out.append(TierStatus(tier, permitted, ready, tuple(blockers), conditions))
    return out


def _control(u: Unmet) -> Blocker:
    return Blocker(u.requirement, u.rule, u.detail, control=u.need, path=u.path, state=u.state)


def _capability(ceil: DomainCeiling, tier: str, rubric: Rubric, dom: DomainEvidence) -> Blocker:
    tier_class = rubric.tier_class[tier]
    level = dom.level(tier_class)
    where = (*dom.readings, *dom.proxies)
    return Blocker(
        "capability",
        ceil.rule[tier_class],
        f"{dom.domain} is {level} for {tier_class} tiers: permits at most {ceil.limit[tier_class]}",
        domain=dom.domain,
        path=where[0].path if where else ("evaluations",),
    )


def recommend(rubric: Rubric, ceiling: str, statuses: list[TierStatus], trail: Trail) -> str:
    """The most open tier at or below the ceiling that no absent safeguard blocks; its conditions go with it."""
    rule = rubric.one("recommendation", m.StepRule).id
    chosen = rubric.tier_order[0]
    for status in reversed(statuses):
        if status.available and status.tier != rubric.tier_order[0]:
            chosen = status.tier
            break
    if chosen == rubric.tier_order[0]:
        why = "; ".join(
            f"{s.tier}: {', '.join(sorted({b.domain or b.control or b.rule for b in s.blocked_by}))}"
            for s in statuses[1:]
        )
        trail.add(
            rule,
            "fired",
            f"recommended {chosen}: every external tier is blocked by a capability finding or an absent "
            f"safeguard ({why})",
            effect=f"recommended {chosen}",
        )
        return chosen
    status = statuses[rubric.tier_order.index(chosen)]
    conditions = f", with {len(status.conditions)} condition(s)" if status.conditions else ""
    if chosen == ceiling:
        message = f"recommended {chosen}: the ceiling, and no absent safeguard blocks it{conditions}"
    else:
        blocked = ", ".join(s.tier for s in statuses if s.permitted and not s.available)
        message = (
            f"recommended {chosen}{conditions}: the most open tier at or below the ceiling {ceiling} that no "
            f"absent safeguard blocks (blocked: {blocked})"
        )
    trail.add(rule, "info" if chosen == ceiling else "fired", message, effect=f"recommended {chosen}")
    return chosen


def ready_tier(rubric: Rubric, statuses: list[TierStatus]) -> str:
    """The most open tier whose requirements are all met now (internal has none)."""
    for status in reversed(statuses):
        if status.ready:
            return status.tier
    return rubric.tier_order[0]


def decide(
    rubric: Rubric,
    planned: str | None,
    recommended: str,
    ceiling: str,
    statuses: list[TierStatus],
    trail: Trail,
    from_option: bool,
) -> str:
    rule = rubric.one("decision", m.StepRule).id
    where = [] if from_option or planned is None else [("release", "planned_tier")]
    if planned is None:
        trail.add(rule, "info", "no planned tier: decision none", effect="decision none")
        return "none"
    rank = rubric.tier_rank
    status = statuses[rubric.tier_order.index(planned)]
    if rank[planned] > rank[ceiling]:
        decision, why = "fail", f"planned {planned} is above the ceiling {ceiling}"
    elif rank[planned] > rank[recommended] or not status.available:
        decision, why = (
            "conditional",
            f"planned {planned} is within the ceiling {ceiling} but an absent safeguard blocks it",
        )
    elif status.conditions:
        decision, why = (
            "conditional",
            f"planned {planned} is supported on {len(status.conditions)} condition(s): "
            + "; ".join(b.message for b in status.conditions),
        )
    else:
        decision, why = "pass", f"planned {planned} is at or below the recommended {recommended}, every requirement met"
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
    elif every_some and can_rule_out and third_party and any(d.proxy for d in required):
        proxied = ", ".join(d.domain for d in required if d.proxy)
        level, why = "medium", f"levels by comparison with a reference model ({proxied}) cap confidence at medium"
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


def _not_yet(effective: str, card: c.Card, today: dt.date | None) -> bool:
    """A dated duty whose date in force is after the release date (or today, for an undated card)."""
    when = card.release.date or today
    if when is None:
        return False
    try:
        return available_by(effective) > when
    except ValueError:
        return False  # a description rather than a date: listed as it is


def obligations(
    rubric: Rubric, card: c.Card, compute: Compute, trail: Trail, today: dt.date | None = None
) -> list[Obligation]:
    out = []
    for rule in rubric.many("obligation", m.ObligationRule):
        if rule.model_kinds and card.model.kind not in rule.model_kinds:
            continue
        if compute.flop is not None:
            if compute.flop <= rule.above_flop:
                continue
            status = "applies"
        elif compute.undisclosed_counts and compute.may_exceed(rule.above_flop):
            status = "to-check"
        else:
            continue
        if _not_yet(rule.effective, card, today):
            status = "not-in-force"
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
