"""What the rubric says about an answer: required domains, benchmarks, tiers, controls."""

from __future__ import annotations

from typing import Any

from releasecheck.assess.compute import flop
from releasecheck.assess.evidence import required_domains
from releasecheck.assess.trail import Trail
from releasecheck.card import model as c
from releasecheck.rubric import model as m
from releasecheck.rubric.load import Rubric
from releasecheck.yamlpos.loader import Document


def required_for(model_data: dict[str, Any], rubric: Rubric) -> list[str]:
    """The rubric's required domains for the model facts given so far, in rubric order."""
    card = c.Card.model_validate({"releasecheck": 1, "model": model_data})
    found = required_domains(card, rubric, Trail(Document("", {})))
    return [d for d in rubric.domain_ids if d in found] + [d for d in found if d not in rubric.domain_ids]


def domain_title(rubric: Rubric, domain: str) -> str:
    return next((d.title for d in rubric.domains if d.id == domain), domain)


def domain_description(rubric: Rubric, domain: str) -> str:
    return next((d.description for d in rubric.domains if d.id == domain), "")


def benchmarks_for(rubric: Rubric, domain: str) -> list[m.Benchmark]:
    return [b for b in rubric.benchmarks if b.domain == domain]


def level_text(rubric: Rubric, level: str) -> str:
    return next((f"{lv.title}: {lv.description}" for lv in rubric.levels if lv.id == level), level)


def benchmark_help(rubric: Rubric, bench: m.Benchmark) -> str:
    return (
        f"alert at {bench.alert:g}; a score at or above it establishes alert for {bench.domain} "
        f"({level_text(rubric, 'alert')}); below it, low. {bench.rationale}"
    )


def benchmark_verdict(rubric: Rubric, name: str, domain: str, score: float) -> str:
    """What a benchmark score will mean in the assessment, said right after it is given."""
    bench = rubric.benchmark_by_id.get(name)
    if bench is None:
        return f"note: the rubric does not know {name}; the result is kept but reported and ignored"
    where = f" (it is a {bench.domain} benchmark)" if bench.domain != domain else ""
    if score >= bench.alert:
        return f"{score:g} ≥ {bench.alert:g}: this establishes alert for {domain}{where}"
    return f"{score:g} < {bench.alert:g}: this establishes low for {domain}{where}"


def kind_help(rubric: Rubric, kinds: tuple[str, ...]) -> dict[str, str]:
    """Per model kind, the domains the rubric then requires."""
    out: dict[str, list[str]] = {kind: [] for kind in kinds}
    for rule in rubric.many("required-domains", m.RequiredDomainsRule):
        when = f" at {flop(rule.compute_at_least)} FLOP or more, or undisclosed" if rule.compute_at_least else ""
        for kind in rule.kinds:
            out.setdefault(kind, []).append(f"requires {', '.join(rule.domains)}{when} ({rule.id})")
    return {kind: "; ".join(texts) or "requires no domain by its kind alone" for kind, texts in out.items()}


def modality_help(rubric: Rubric) -> dict[str, str]:
    out: dict[str, str] = {}
    for rule in rubric.many("required-domains", m.RequiredDomainsRule):
        for modality in rule.modalities:
            out[modality] = f"requires {', '.join(rule.domains)} ({rule.id})"
    return out


def tier_help(rubric: Rubric) -> dict[str, str]:
    return {t.id: f"{t.title} ({t.tier_class}): {t.description}" for t in rubric.tiers}


def level_help(rubric: Rubric) -> dict[str, str]:
    return {lv.id: lv.description for lv in rubric.levels}


def control_uses(rubric: Rubric, control: str) -> list[str]:
    """The pillar levels and tier requirements that need ``control`` (e.g. accountability.x)."""
    uses = []
    for pillar in rubric.pillars.values():
        uses += [f"{lv.id} {lv.title}" for lv in pillar.levels if _needs(lv.needs, control)]
    for rule in rubric.many("tier-requirement", m.RequirementRule):
        if _needs(rule.needs, control):
            uses.append(f"{rule.id}: {rule.title}")
    return uses


def _needs(needs: list[Any], control: str) -> bool:
    for need in needs:
        options = need.any_of if isinstance(need, m.AnyOf) else [need]
        if any(option.control == control for option in options):
            return True
    return False
