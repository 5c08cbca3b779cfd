"""SPEC §5 step 3: marginal risk per domain against the open reference model."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

from releasecheck.assess import catalogue
from releasecheck.assess.trail import Outcome, Trail
from releasecheck.card import model as c
from releasecheck.ladder import NOTHING_ADDED
from releasecheck.rubric import model as m
from releasecheck.rubric.load import Rubric, benchmark_key


class MarginalFinding(NamedTuple):  # immutable, and cheaper to make than a frozen dataclass (hot path)
    domain: str
    marginal: str  # below | none | slight | significant | unknown
    excess: float | None
    basis: str  # domain | general | none


def _bears_on(rule: m.MarginalRule, benchmark: str, domain: str) -> bool:
    specific = _specific(rule, benchmark)
    if specific is not None:
        return domain in specific
    targets = rule.bears_on.get(benchmark, rule.bears_on.get("*", []))
    return "*" in targets or domain in targets


_LOWERED: dict[int, tuple[m.MarginalRule, dict[str, list[str]]]] = {}


def _specific(rule: m.MarginalRule, benchmark: str) -> list[str] | None:
    """The domains a benchmark measures directly, when the rubric lists it as domain-specific."""
    found = _LOWERED.get(id(rule))
    if found is None or found[0] is not rule:  # built once per rule, not per comparison and domain
        found = _LOWERED[id(rule)] = (rule, {benchmark_key(k): v for k, v in rule.domain_benchmarks.items()})
    return found[1].get(benchmark_key(benchmark))


def marginal_findings(card: c.Card, domains: Sequence[str], rubric: Rubric, trail: Trail) -> dict[str, MarginalFinding]:
    """Each domain's finding; the comparisons (and the catalogue's trail entries) are worked out
    once, before the first domain, since they do not depend on the domain."""
    if not domains:
        return {}
    rule = rubric.one("marginal-risk", m.MarginalRule)
    comps = catalogue.resolve(card, rubric, trail, fallback_rule=rule.id)
    return {domain: assess_marginal(domain, rule, comps, trail, rubric.benchmark_by_key) for domain in domains}


def _excess(pair: catalogue.Pair, benchmarks: Mapping[str, m.Benchmark]) -> float:
    """How far the model is above the frontier; on a benchmark with an alert threshold, a score below the
    threshold adds nothing that counts: capability below early warning is not meaningful uplift."""
    raw = round(pair.model - pair.reference, 9)  # round away float noise at the margins
    bench = benchmarks.get(benchmark_key(pair.benchmark))
    alert = bench.alert if bench is not None else None
    if alert is not None and pair.model < alert:
        return min(raw, 0.0)
    return raw


def assess_marginal(
    domain: str,
    rule: m.MarginalRule,
    comps: catalogue.Comparisons,
    trail: Trail,
    benchmarks: Mapping[str, m.Benchmark] | None = None,  # the rubric's, by benchmark_key: alert thresholds
) -> MarginalFinding:
    if comps.reference is None:
        searched = " and the catalogue has no open model before the release date" if comps.searched else ""
        trail.add(
            rule.id,
            "info",
            f"{domain}: no open reference model named{searched}: marginal risk unknown",
            [("marginal_risk",)],
            effect=f"{domain} marginal unknown",
        )
        return MarginalFinding(domain, "unknown", None, "none")
    specific = [x for x in comps.general if domain in (_specific(rule, x.benchmark) or ())]
    own = list(comps.domains.get(domain, ())) + specific
    if own:
        pairs, basis = own, "domain"
    else:
        pairs = [x for x in comps.general if _bears_on(rule, x.benchmark, domain)]
        basis = "general"
        if len(pairs) < rule.min_general:
            trail.add(
                rule.id,
                "info",
                f"{domain}: no domain comparison and {len(pairs)} general one(s) "
                f"({rule.min_general} needed): marginal risk unknown",
                [x.path for x in pairs] or [("marginal_risk",)],
                effect=f"{domain} marginal unknown",
            )
            return MarginalFinding(domain, "unknown", None, "none")
    marginal, excess = _category(pairs, [_excess(x, benchmarks or {}) for x in pairs], rule)
    outcome: Outcome = "info" if marginal in NOTHING_ADDED else "fired"
    setters = ", ".join(sorted({x.setter for x in pairs if x.setter}))
    trail.add(
        rule.id,
        outcome,
        f"{domain}: largest excess over {comps.reference} is {excess:+.3f} over {len(pairs)} {basis} "
        f"comparison(s) (frontier set by {setters or 'the named reference'}; margin {rule.margin:g}, "
        f"significance {rule.significance:g}): {marginal}",
        [x.path for x in pairs],
        effect=f"{domain} marginal {marginal}",
    )
    return MarginalFinding(domain, marginal, excess, basis)


def _category(pairs: Sequence[object], excesses: list[float], rule: m.MarginalRule) -> tuple[str, float]:
    """The marginal-risk category and the largest excess over the open frontier."""
    excess = max(excesses)
    if len(pairs) >= rule.min_below and all(e <= -rule.margin for e in excesses):
        return "below", excess
    marginal = "none" if excess <= rule.margin else "slight" if excess <= rule.significance else "significant"
    return marginal, excess


def assessment_complete(card: c.Card) -> bool:
    """All six Kapoor et al. steps written out."""
    steps = card.marginal_risk.assessment
    if steps is None:
        return False
    return all((getattr(steps, name) or "").strip() for name in c.Assessment.model_fields)
