"""The questionnaire, section by section: plain code asking in order (see asker.py)."""

from __future__ import annotations

from typing import Any

from releasecheck.card import model as c
from releasecheck.interview import rubric_text as rt
from releasecheck.interview.asker import Asker, wrap
from releasecheck.interview.evidence import Evidence, ask_evidence
from releasecheck.interview.marginal import ask_marginal, ask_similarly_safe
from releasecheck.interview.questions import ask_field, ask_fields, gap, question
from releasecheck.interview.schema import Shape, field_spec, nested_model, section_model
from releasecheck.interview.sections import Context, ask_items, ask_list, description, heading, subheading

ABC = ("access_controls", "accountability", "capacity_building")


def questionnaire(a: Asker, ctx: Context) -> dict[str, Any]:
    """Card data from the answers (and the card started from), in card order."""
    card: dict[str, Any] = {"releasecheck": 1}
    a.section(heading(1, "The model and its release", "model"))
    card["model"] = ask_model(a, ctx)
    a.section(subheading("Release", description(c.Card, "release")), 2)
    card["release"] = ask_release(a, ctx)
    required = rt.required_for(card["model"], ctx.rubric)
    given = ctx.given.get("evaluations")
    card["evaluations"] = ask_evidence(
        a, Evidence(ctx.rubric, list(given) if isinstance(given, list) else []), required
    )
    card["marginal_risk"] = ask_marginal(a, ctx, required)
    similar = ask_similarly_safe(a, ctx, required)
    card["safeguards"] = ask_safeguards(a, ctx)
    if similar is not None:
        card["similarly_safe"] = similar
    a.section(heading(5, "ABC controls"))
    for section in ABC:
        card[section] = ask_controls(a, ctx, section)
    a.section(heading(6, "Benefits of openness", "benefits"))
    card["benefits"] = ask_fields(a, c.Benefits, "benefits", ctx.part("benefits"))
    return card


def ask_model(a: Asker, ctx: Context) -> dict[str, Any]:
    given = ctx.part("model")
    extra: dict[str, dict[str, Any]] = {
        "kind": {"choice_help": rt.kind_help(ctx.rubric, field_spec(c.ModelInfo, "kind").shape.choices)},
        "modalities": {"choice_help": rt.modality_help(ctx.rubric)},
        "training_compute_flop": {"note": "unknown if undisclosed"},
    }
    out: dict[str, Any] = {}
    for name in c.ModelInfo.model_fields:
        value = ask_field(a, c.ModelInfo, name, f"model.{name}", given, **extra.get(name, {}))
        if value is not None:
            out[name] = value
        elif name == "training_compute_flop":
            bounded = " the parameter count allows" if out.get("parameters") else ""
            a.note(
                wrap(
                    f"Undisclosed compute is never read as small: the rubric assumes the largest{bounded}.",
                    "  ",
                    "yellow",
                )
            )
    return out


def ask_release(a: Asker, ctx: Context) -> dict[str, Any]:
    given = ctx.part("release")
    out: dict[str, Any] = {}
    for name in c.Release.model_fields:
        changes = {"choice_help": rt.tier_help(ctx.rubric)} if name == "planned_tier" else {}
        value = ask_field(a, c.Release, name, f"release.{name}", given, **changes)
        if value is not None:
            out[name] = value
    _tier_artifacts(a, out)
    return out


def _tier_artifacts(a: Asker, release: dict[str, Any]) -> None:
    """A weights tier releases its artifacts by definition (card validation checks it): say so and add them."""
    from releasecheck.card.validate import TIER_ARTIFACTS

    needed = TIER_ARTIFACTS.get(release.get("planned_tier") or "", ())
    listed = list(release.get("artifacts") or [])
    missing = [x for x in needed if x not in listed]
    if missing:
        release["artifacts"] = [*listed, *missing]
        a.note(
            wrap(
                f"{release['planned_tier']} releases {', '.join(needed)}: added {', '.join(missing)} to the artifacts.",
                "  ",
                "yellow",
            )
        )


def ask_safeguards(a: Asker, ctx: Context) -> dict[str, Any]:
    given = ctx.part("safeguards")
    a.section(heading(4, "Safeguards and tamper tests", "safeguards"))
    domains = Shape("choices", ctx.rubric.domain_ids)
    out: dict[str, Any] = {}
    for name in ("refusal_training", "data_filtering", "system_level"):
        changes = {"shape": domains} if name == "data_filtering" else {}
        value = ask_field(a, c.Safeguards, name, f"safeguards.{name}", given, **changes)
        if value is not None:
            out[name] = value
    out["tamper_tests"] = ask_list(
        a,
        "safeguards.tamper_tests",
        "tamper test",
        given.get("tamper_tests"),
        lambda key: ask_items(a, c.TamperTest, key),
        description(c.Safeguards, "tamper_tests") + " Model-level safeguards are never credited for weights tiers.",
    )
    return out


def ask_controls(a: Asker, ctx: Context, section: str) -> dict[str, Any]:
    """One ABC pillar; a control in place is followed by where its proof can be seen."""
    model = section_model(section)
    given = ctx.part(section)
    pillar = ctx.rubric.pillars.get(section)
    a.section(subheading(pillar.title if pillar else section, description(c.Card, section)), 2)
    out: dict[str, Any] = {}
    for name in model.model_fields:
        current = given.get(name)
        path = f"{section}.{name}"
        if not gap(current):
            out[name] = current
            continue
        uses = rt.control_uses(ctx.rubric, path)
        help = description(model, name) + (f" Needed by: {'; '.join(uses)}." if uses else "")
        value = ask_field(a, model, name, path, given, help=help)
        if value is not None:
            out[name] = _with_evidence(a, model, name, path, current, value)
    return out


def _with_evidence(a: Asker, model: Any, name: str, path: str, current: Any, value: Any) -> Any:
    detail = dict(current) if isinstance(current, dict) else {}
    detail["value"] = value
    if _in_place(value) and not detail.get("evidence"):
        detail_model = nested_model(model.model_fields[name])
        assert detail_model is not None
        spec = field_spec(detail_model, "evidence")
        evidence = a(question(spec, f"{path}.evidence"))
        if evidence is not None:
            detail["evidence"] = evidence
    return detail if len(detail) > 1 else value


def _in_place(value: Any) -> bool:
    if isinstance(value, list):
        return bool(value)
    return value is True or (isinstance(value, str) and value not in ("none", "unknown"))
