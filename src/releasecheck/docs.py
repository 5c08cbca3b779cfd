"""Docs come from the data: `explain`, `rubrics list|show` and docs/rules.md are rendered here."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from releasecheck.rubric import model as m
from releasecheck.rubric.load import RubricSet, catalogue_key

_SKIP = {"id", "kind", "title", "rationale", "sources"}


def _sources(sources: list[m.Source]) -> list[str]:
    out = []
    for s in sources:
        extra = ", ".join(x for x in (s.date, s.url) if x)
        out.append(f"- {s.title}" + (f" ({extra})" if extra else ""))
    return out


def _params(rule: Any) -> list[str]:
    data = rule.model_dump(mode="json", exclude=_SKIP, by_alias=True, exclude_none=True)
    if rule.kind == "ceiling-matrix":
        return _matrix(data["matrix"])
    return [f"- {key}: {_value(value)}" for key, value in data.items()]


def _value(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(_value(v) for v in value) or "(none)"
    if isinstance(value, dict):
        if "control" in value:
            return str(value["control"]) + (f" >= {value['at_least']}" if value.get("at_least") else "")
        if "any_of" in value:
            return "any of (" + _value(value["any_of"]) + ")"
        return "; ".join(f"{k}: {_value(v)}" for k, v in value.items())
    if isinstance(value, float) and abs(value) >= 1e5:
        return f"{value:g}"  # 1e+15, as large figures read elsewhere, not 1000000000000000.0
    return str(value)


def _cell(cell: Any) -> str:
    if isinstance(cell, str):
        return cell
    text = str(cell["tier"])
    if cell.get("exception"):
        text += f" if {cell['exception']}, else {cell['otherwise']}"
    if cell.get("warning"):
        text += f" (warning {cell['warning']})"
    return text


def _matrix(matrix: dict[str, dict[str, Any]]) -> list[str]:
    cols = ("none", "slight", "significant", "unknown")
    lines = ["", "| level \\ marginal | " + " | ".join(cols) + " |", "|---" * (len(cols) + 1) + "|"]
    for level, row in matrix.items():
        lines.append(f"| {level} | " + " | ".join(_cell(row[c]) for c in cols) + " |")
    return [*lines, ""]


def rule_section(rule: Any, heading: str = "###") -> list[str]:
    return [
        f"{heading} {rule.id}: {rule.title}",
        "",
        f"Kind: `{rule.kind}`",
        "",
        rule.rationale.strip(),
        "",
        *_params(rule),
        "",
        "Sources:",
        *_sources(rule.sources),
        "",
    ]


def rules_markdown(rubric_set: RubricSet, profile: str | None = None) -> str:
    rubric = rubric_set.resolve(profile)
    meta = rubric_set.meta
    lines = [
        f"# Rules of the rubric set `{meta.id}` {meta.version}",
        "",
        "Generated from the rubric data by `releasecheck rubrics show`; do not edit by hand.",
        "",
        f"Profile shown: `{rubric.profile.id}`.",
        "",
        "## Tiers",
        "",
        "| rank | id | class | meaning |",
        "|---|---|---|---|",
    ]
    lines += [f"| {t.rank} | `{t.id}` | {t.tier_class} | {t.description} |" for t in rubric.tiers]
    lines += ["", "## Levels", "", "| id | meaning | anchors |", "|---|---|---|"]
    lines += [f"| `{lv.id}` | {lv.description} | {lv.anchors} |" for lv in rubric.levels]
    lines += ["", "## Domains", "", "| id | title | meaning |", "|---|---|---|"]
    lines += [f"| `{d.id}` | {d.title} | {d.description} |" for d in rubric.domains]
    lines += [
        "",
        "## Benchmarks",
        "",
        "| benchmark | domain | alert at | score range | human or expert baseline | why | sources |",
        "|---|---|---|---|---|---|---|",
    ]
    lines += [
        f"| {b.id} | {b.domain} | {b.alert:g} | {_range(b)} | {_baseline(b)} | {b.rationale.strip()} | "
        + "; ".join(s.title + (f" ({s.date})" if s.date else "") for s in b.sources)
        + " |"
        for b in rubric.benchmarks
    ]
    lines += catalogue_markdown(rubric.catalogue)
    lines += ["", "## ABC pillars", ""]
    for name, pillar in rubric.pillars.items():
        lines += [f"### {pillar.title} (`{name}`)", ""]
        for step in pillar.levels:
            lines += [
                f"- **{step.id}** (level {step.level}) {step.title}: {_value([n.model_dump(exclude_none=True) for n in step.needs])}. {step.rationale}"
            ]
        lines.append("")
    lines += ["## Rules", ""]
    for rule in rubric.rules:
        lines += rule_section(rule)
    lines += ["## Profiles", ""]
    for p in rubric_set.profiles.values():
        lines += profile_section(p)
    return "\n".join(lines).rstrip() + "\n"


def profile_section(p: m.Profile) -> list[str]:
    lines = [f"### Profile `{p.id}`: {p.title}", "", p.description, "", p.rationale.strip(), ""]
    lines += [f"- replaces {old} with {new.id}" for old, new in p.replace.items()]
    lines += [f"- adds {r.id}" for r in p.add]
    lines += [f"- removes {rid}" for rid in p.remove]
    return [*lines, "", "Sources:", *_sources(p.sources), ""]


def list_text(rubric_set: RubricSet) -> str:
    meta = rubric_set.meta
    lines = [f"{meta.id} {meta.version} ({rubric_set.path})", f"sha256 {rubric_set.sha256}", "", "profiles:"]
    for p in rubric_set.profiles.values():
        default = " (default)" if p.id == meta.default_profile else ""
        changes = len(p.replace) + len(p.add) + len(p.remove)
        lines.append(f"  {p.id}{default}: {p.title} — {changes} change(s) to the base rules")
    lines += ["", "rules:"]
    lines += [f"  {r.id:<28} {r.kind:<22} {r.title}" for r in rubric_set.rules]
    for p in rubric_set.profiles.values():
        lines += [f"  {r.id:<28} {r.kind:<22} {r.title} [profile {p.id}]" for r in [*p.replace.values(), *p.add]]
    return "\n".join(lines) + "\n"


def _all_rules(rubric_set: RubricSet) -> dict[str, Any]:
    out = {r.id: r for r in rubric_set.rules}
    for p in rubric_set.profiles.values():
        out.update({r.id: r for r in [*p.replace.values(), *p.add]})
    return out


# Ids the tool itself emits, beside the rubric set's: SARIF's rule for a card that cannot be read.
TOOL_IDS = {
    "RC-INPUT": (
        "# RC-INPUT: card could not be read or validated\n\n"
        "The SARIF rule id of an input problem: a card that is not valid YAML, breaks the card schema or "
        "a cross-field rule, or cannot be read. Each result is positioned at the card's file:line:col and "
        "says what was expected, with a hint; `check` exits 2. Reproduce it with `releasecheck validate CARD`.\n"
    ),
    "RC-TAMPER": (
        "# RC-TAMPER: tamper test of model-level safeguards\n\n"
        "A SARIF note beside a blocked weights tier: one per tamper test on the card (refusal rate before and "
        "after the attack, its cost and source), or one saying none was reported. Model-level safeguards "
        "(refusal training, data filtering) can be stripped once weights are released, so they are reported "
        "and never credited for weights tiers (SPEC §5, step 2).\n"
    ),
    "RC-MORE": (
        "# RC-MORE: more results for a card than SARIF lists\n\n"
        "SARIF lists at most 100 results per card (one hostile card with 100,000 unknown keys once made "
        "59 MB of SARIF); this last result counts the rest, at the most severe level among them. "
        "`releasecheck validate CARD` or `releasecheck check CARD` shows every problem.\n"
    ),
}


def known_ids(rubric_set: RubricSet) -> list[str]:
    """Every id `explain` answers for (catalogue models by id; aliases are found too)."""
    sections = rubric_set.sections
    ids = [*_all_rules(rubric_set), *TOOL_IDS, *rubric_set.profiles]
    ids += [step.id for pillar in sections["pillars"].values() for step in pillar.levels]
    for key in ("domains", "benchmarks", "tiers", "levels", "catalogue"):
        ids += [item.id for item in sections.get(key, ())]
    return list(dict.fromkeys(ids))


def close_ids(rubric_set: RubricSet, ident: str) -> list[str]:
    """Known ids close to a mistyped one, closest first (case ignored)."""
    import difflib

    by_key = {i.casefold(): i for i in known_ids(rubric_set)}
    return [by_key[k] for k in difflib.get_close_matches(ident.casefold(), list(by_key), n=3, cutoff=0.6)]


def explain_text(rubric_set: RubricSet, ident: str) -> str | None:
    rules = _all_rules(rubric_set)
    sections = rubric_set.sections
    if ident in TOOL_IDS:
        return TOOL_IDS[ident]
    if ident in rules:
        return "\n".join(rule_section(rules[ident], "#")) + "\n"
    for pillar in sections["pillars"].values():
        for step in pillar.levels:
            if step.id == ident:
                needs = _value([n.model_dump(exclude_none=True) for n in step.needs])
                return (
                    "\n".join(
                        [
                            f"# {step.id}: {step.title}",
                            "",
                            f"{pillar.title} level {step.level}; needs {needs}.",
                            "",
                            step.rationale,
                            "",
                            "Sources:",
                            *_sources(step.sources),
                        ]
                    )
                    + "\n"
                )
    for kind, items in (("domain", sections["domains"]), ("benchmark", sections["benchmarks"])):
        for item in items:
            if item.id == ident:
                return _item_text(kind, item, sections.get("catalogue", ()))
    model = _catalogue_model(sections.get("catalogue", ()), ident)
    if model is not None:
        return catalogue_text(model)
    for kind, items in (("tier", sections["tiers"]), ("level", sections["levels"])):
        for item in items:
            if item.id == ident:
                return f"# {kind} {item.id}: {item.title}\n\n{item.description}\n" + (
                    f"\nAnchors: {item.anchors}\n" if getattr(item, "anchors", "") else ""
                )
    if ident in rubric_set.profiles:
        return "\n".join(profile_section(rubric_set.profiles[ident])) + "\n"
    return None


def _item_text(kind: str, item: Any, catalogue: Sequence[m.CatalogueModel] = ()) -> str:
    lines = [f"# {kind} {item.id}", ""]
    if kind == "domain":
        lines += [f"{item.title}: {item.description}"]
        return "\n".join([*lines, "", "Sources:", *_sources(item.sources)]) + "\n"
    lines += [
        f"Domain {item.domain}; a score at or above {item.alert:g} establishes alert.",
        "",
        item.rationale.strip(),
        "",
        f"Score range: {_range(item)}.",
        f"Human or expert baseline: {_baseline(item)}.",
    ]
    scores = [(model, score) for model in catalogue for score in model.scores if score.benchmark == item.id]
    if scores:
        lines += ["", "Openly available models (catalogue):"]
        lines += [f"- {model.id} ({model.released}): {_score(score)}" for model, score in scores]
    return "\n".join([*lines, "", "Sources:", *_sources(item.sources)]) + "\n"


def _range(bench: m.Benchmark) -> str:
    r = bench.score_range
    if r is None:
        return "0-1 (not described)"
    chance = f", chance {r.chance:g}" if r.chance is not None else ""
    return f"{r.min:g}-{r.max:g}, {r.meaning}{chance}"


def _cite(figure: m.Figure) -> str:
    return figure.source + f" ({', '.join(x for x in (figure.date, figure.url) if x)})"


def _baseline(bench: m.Benchmark) -> str:
    b = bench.baseline
    if b is None:
        return "none published"
    return f"{b.value:g}, {b.who}; {_cite(b)}"


def _score(score: m.Score) -> str:
    setting = f" [{score.setting}]" if score.setting else ""
    return f"{score.benchmark} {score.score:g}{setting}; {_cite(score)}"


def _catalogue_model(catalogue: Sequence[m.CatalogueModel], ident: str) -> m.CatalogueModel | None:
    key = catalogue_key(ident)
    return next((x for x in catalogue if key in {catalogue_key(n) for n in (x.id, *x.aliases)}), None)


def catalogue_text(model: m.CatalogueModel) -> str:
    """`releasecheck explain MODEL`: a catalogue entry with every score's source and date."""
    lines = [
        f"# catalogue model {model.id}",
        "",
        f"{model.developer}; {model.kind}; modalities {', '.join(model.modalities)}.",
        f"Released {model.released} under {model.licence}; released: {', '.join(model.artifacts)}.",
    ]
    if model.parameters is not None:
        lines.append(f"Parameters: {model.parameters:.3g}.")
    if model.aliases:
        lines.append(f"Also named: {', '.join(model.aliases)}.")
    if model.notes:
        lines += ["", model.notes.strip()]
    lines += ["", "Scores:" if model.scores else "Scores: none recorded (no score was confirmed from a source)."]
    lines += [f"- {_score(score)}" for score in model.scores]
    return "\n".join([*lines, "", "Sources:", *_sources(model.sources)]) + "\n"


def catalogue_markdown(catalogue: Sequence[m.CatalogueModel]) -> list[str]:
    """The catalogue tables of docs/rules.md: one row per model, then one row per published score."""
    if not catalogue:
        return []
    lines = [
        "",
        "## Catalogue of openly available models",
        "",
        "Open references for marginal risk (rule kind `catalogue-reference`); every score with its source and date.",
        "",
        "| model | developer | kind | released | licence | released artifacts | scores | sources |",
        "|---|---|---|---|---|---|---|---|",
    ]
    lines += [
        f"| {x.id} | {x.developer} | {x.kind} | {x.released} | {x.licence} | {', '.join(x.artifacts)} | "
        f"{len(x.scores)} | " + "; ".join(s.title + (f" ({s.date})" if s.date else "") for s in x.sources) + " |"
        for x in catalogue
    ]
    lines += ["", "| model | benchmark | score | setting | source | date |", "|---|---|---|---|---|---|"]
    lines += [
        f"| {x.id} | {s.benchmark} | {s.score:g} | {s.setting or ''} | "
        + (f"[{s.source}]({s.url})" if s.url else s.source)
        + f" | {s.date} |"
        for x in catalogue
        for s in x.scores
    ]
    return lines
