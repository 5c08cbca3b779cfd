"""Marginal risk: the open reference, comparisons, the six steps, and a similarly-safe model."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from releasecheck.card import model as c
from releasecheck.interview import rubric_text as rt
from releasecheck.interview.asker import Asker, Question
from releasecheck.interview.questions import ask_field, ask_fields, gap, pick, question, short
from releasecheck.interview.schema import Shape, field_spec
from releasecheck.interview.sections import Context, ask_items, ask_list, description, heading, subheading


def ask_marginal(a: Asker, ctx: Context, domains: list[str]) -> dict[str, Any]:
    given = ctx.part("marginal_risk")
    a.section(heading(3, "Marginal risk", "marginal_risk"))
    out: dict[str, Any] = {}
    reference = _reference(a, given.get("reference"))
    if reference is not None:
        out["reference"] = reference
    for name in ("general_capability", "domain_comparisons"):
        if reference is not None or name in given:
            out[name] = _comparisons(a, ctx, name, given.get(name), domains)
    a.section(subheading("The six-step assessment", description(c.MarginalRisk, "assessment")), 2)
    steps = ask_fields(a, c.Assessment, "marginal_risk.assessment", ctx.part("marginal_risk", "assessment"))
    if steps:
        out["assessment"] = steps
    return out


def _reference(a: Asker, given: Any) -> dict[str, Any] | None:
    given = given if isinstance(given, dict) else {}
    name = ask_field(
        a,
        c.OpenReference,
        "model",
        "marginal_risk.reference.model",
        given,
        required=False,
        text=short(description(c.MarginalRisk, "reference")),
        note="Enter if there is none",
        help=f"{description(c.MarginalRisk, 'reference')} {description(c.OpenReference, 'model')} "
        "Without a reference, marginal risk is unknown.",
    )
    if name is None:
        return None
    out = {"model": name}
    as_of = ask_field(a, c.OpenReference, "as_of", "marginal_risk.reference.as_of", given)
    if as_of is not None:
        out["as_of"] = as_of
    return out


def _comparisons(a: Asker, ctx: Context, name: str, given: Any, domains: list[str]) -> list[Any]:
    key = f"marginal_risk.{name}"
    text = description(c.MarginalRisk, name)
    if name == "general_capability":
        return ask_list(
            a,
            key,
            "shared general benchmark",
            given,
            lambda k: ask_items(a, c.Comparison, k),
            f"{text} At least two are needed when a domain has no comparison of its own.",
        )
    return ask_list(a, key, "domain comparison", given, lambda k: _domain_comparison(a, ctx, k, domains), text)


def _domain_comparison(a: Asker, ctx: Context, key: str, domains: list[str]) -> dict[str, Any]:
    order = domains + [d for d in ctx.rubric.domain_ids if d not in domains]
    domain = a(pick(f"{key}.domain", "Which risk domain?", order, description(c.DomainComparison, "domain")))
    out: dict[str, Any] = {"domain": domain}
    for name in ("benchmark", "model_score", "reference_score", "source"):
        q = question(field_spec(c.DomainComparison, name), f"{key}.{name}")
        if name == "benchmark":
            q = _offer_benchmarks(ctx, q, domain)
        value = a(q)
        if value is not None:
            out[name] = value
    return out


def _offer_benchmarks(ctx: Context, q: Question, domain: str) -> Question:
    benches = rt.benchmarks_for(ctx.rubric, domain)
    return replace(
        q,
        shape=replace(q.shape, choices=tuple(b.id for b in benches), open_choice=True),
        choice_help={b.id: rt.benchmark_help(ctx.rubric, b) for b in benches},
    )


def ask_similarly_safe(a: Asker, ctx: Context, domains: list[str]) -> dict[str, Any] | None:
    """A safe reference model with published levels (proxy evidence); None when there is none."""
    given = ctx.part("similarly_safe")
    ref = ctx.part("similarly_safe", "reference")
    a.section(subheading("A similarly safe reference", description(c.Card, "similarly_safe")), 2)
    name = ask_field(
        a,
        c.SafeReference,
        "model",
        "similarly_safe.reference.model",
        ref,
        required=False,
        text=short(description(c.Card, "similarly_safe")),
        note="Enter if there is none",
        help=f"{description(c.Card, 'similarly_safe')} {description(c.SafeReference, 'model')}",
    )
    if name is None:
        return None
    reference: dict[str, Any] = {"model": name, "assessed_levels": _levels(a, ctx, ref, domains)}
    source = ask_field(a, c.SafeReference, "source", "similarly_safe.reference.source", ref)
    if source is not None:
        reference["source"] = source
    listed = ask_list(
        a,
        "similarly_safe.general_capability",
        "shared general benchmark",
        given.get("general_capability"),
        lambda k: ask_items(a, c.SafeComparison, k),  # the safe reference's score is required here
        description(c.SimilarlySafe, "general_capability"),
    )
    return {"reference": reference, "general_capability": listed}


def _levels(a: Asker, ctx: Context, ref: dict[str, Any], domains: list[str]) -> dict[str, str]:
    given = ref.get("assessed_levels")
    if isinstance(given, dict) and given:
        return given
    spec = field_spec(c.SafeReference, "assessed_levels")
    levels = field_spec(c.ThresholdAssessment, "level").shape
    out: dict[str, str] = {}
    for domain in domains:
        value = a(
            Question(
                key=f"similarly_safe.reference.assessed_levels.{domain}",
                text=f"Its published level for {domain}",
                shape=Shape("choice", levels.choices),
                help=spec.description,
                choice_help=rt.level_help(ctx.rubric),
                path="similarly_safe.reference.assessed_levels",
            )
        )
        if value is not None and not gap(value):
            out[domain] = value
    return out
