"""Markdown for PR comments and CI step summaries."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from releasecheck import inert
from releasecheck.inert import md_code as _code
from releasecheck.report.formats import (
    Context,
    benefit_lines,
    conditions_phrase,
    need_label,
    ready_phrase,
    safeguard_lines,
    stance_lines,
    unknown_required_phrase,
    unlock_needs,
)

if TYPE_CHECKING:
    from releasecheck.assess.stances import Comparison
    from releasecheck.report.view import Need, Report
    from releasecheck.runner import Outcome

_ICON = {"pass": "✅ pass", "conditional": "⚠️ conditional", "fail": "❌ fail", "none": "— none"}


def _cell(text: object) -> str:
    """Card text is data: no HTML (a stray </details> must not end the trail), no table breaks,
    links, images or mentions (inert.md)."""
    return inert.md(text)


# A GitHub step summary holds at most 1 MiB: a batch shows details only for cards that are not a
# pass (at most DETAILS of them), and a summary table of at most ROWS cards, then counts.
DETAILS = 50
ROWS = 1000


def render(outcomes: list[Outcome], _ctx: Context) -> str:
    outcomes = inert.outcomes(outcomes)
    lines = [
        "## releasecheck",
        "",
        "| card | model | recommended | ceiling | planned | decision | confidence |",
        "|---|---|---|---|---|---|---|",
    ]
    lines += [_row(o) for o in outcomes[:ROWS]]
    lines += [_totals(outcomes), ""] if len(outcomes) > 1 else [""]
    detailed = (
        outcomes if len(outcomes) == 1 else [o for o in outcomes if o.report is None or o.report.decision != "pass"]
    )
    for o in detailed[:DETAILS]:
        lines += _invalid(o) if o.report is None else _card(o.report)
    if len(detailed) > DETAILS:
        lines += [f"{len(detailed) - DETAILS} more cards that do not pass are in the table only.", ""]
    return "\n".join(lines).rstrip() + "\n"


def _row(o: Outcome) -> str:
    r = o.report
    if r is None:
        return f"| {_code(o.path)} | — | — | — | — | ⛔ invalid ({len(o.problems)} problem(s)) | — |"
    p = r.profiles
    stances = (
        f" (stances {p.verdict}{': ' + p.range if p.range else ''})" if p else ""
    )  # a passing card of a batch has no details
    return (
        f"| {_code(o.path)} | {_cell(r.model.name)} | **{r.recommended_tier}** | "
        f"{r.ceiling_tier} | {r.planned_tier or '—'} | {_ICON[r.decision]}{stances} | {r.confidence} |"
    )


def _totals(outcomes: list[Outcome]) -> str:
    """Below the table: the count per decision, and what the table left out."""
    from collections import Counter

    counts = Counter("invalid" if o.report is None else o.report.decision for o in outcomes)
    totals = ", ".join(f"{counts[d]} {d}" for d in (*_ICON, "invalid") if counts[d])
    more = f" ({len(outcomes) - ROWS} not listed in the table)" if len(outcomes) > ROWS else ""
    return f"\n{len(outcomes)} cards: {totals}{more}; details below for the cards that do not pass."


def _invalid(o: Outcome) -> list[str]:
    out = [f"### {_code(o.path)}: invalid card", ""]
    out += [
        f"- {_code(f'{p.file}:{p.line}:{p.col}')} {_cell(p.field) + ': ' if p.field else ''}{_cell(p.message)}"
        + (f" (hint: {_cell(p.hint)})" if p.hint else "")
        for p in o.problems
    ]
    return [*out, ""]


def _card(r: Report) -> list[str]:
    out = [
        f"### {_cell(r.model.name)} ({_code(r.input.path)})",
        "",
        f"Recommended **{r.recommended_tier}**{conditions_phrase(r)}, ceiling {r.ceiling_tier}, "
        f"{ready_phrase(r)}, decision {_ICON[r.decision]}, "
        f"confidence {r.confidence} (profile `{r.rubrics.profile}`).",
        "",
    ]
    if r.unknown_required:
        out += [unknown_required_phrase(r, sentence=True), ""]
    if r.profiles:
        out += _profiles(r.profiles)
    out += _tables(r)
    if r.conditions:
        out += [f"**Conditions of `{r.recommended_tier}`** (the tier holds once these are met)", ""]
        out += [f"- {_need(n)}" for n in r.conditions]
        out.append("")
    if r.unlock:
        out += ["**To unlock a more open tier**", ""]
        for tier, needs in unlock_needs(r):
            out.append(f"- `{tier}`: " + "; ".join(_need(n, label) for label, n in needs))
        out.append("")
    for title, lines in (("Safeguards", safeguard_lines(r)), ("Case for openness", benefit_lines(r))):
        out += [f"**{title}**", "", *(f"- {_cell(line)}" for line in lines), ""]
    out += [
        f"- waiver `{w.rule}`: {_cell(w.reason)} (approved by {_cell(w.approved_by)}, expires "
        f"{w.expires}): {_cell(w.changed)}"
        for w in r.waivers
    ]
    out += [f"- ⚠️ `{w.rule}`: {_cell(w.message)}" for w in r.warnings]
    out += [
        f"- obligation ({o.status}) `{o.rule}`: {_cell(o.title)} (information, not legal advice)" for o in r.obligations
    ]
    out += ["", "<details><summary>Reasoning trail</summary>", ""]
    out += [
        f"1. `{e.rule}` *{e.outcome}*: {_cell(e.message)}"
        + (f" (line {', '.join(str(p.line) for p in e.evidence[:6])})" if e.evidence else "")
        for e in r.trail
    ]
    return [*out, "", "</details>", ""]


def _tables(r: Report) -> list[str]:
    out = []
    if r.domains:
        out += ["| domain | hosted | weights | marginal | binding |", "|---|---|---|---|---|"]
        out += [
            f"| {d.domain}{'' if d.required else ' (evidenced)'} | {d.level_hosted} | {d.level_weights}"
            f"{' (proxy)' if d.proxy else ''} | {d.marginal} | {'**yes**' if d.binding else ''} |"
            for d in r.domains
        ]
        out.append("")
    out += ["| pillar | level | absent | undocumented |", "|---|---|---|---|"]
    out += [
        f"| {name} | {p.level}/3 | {_controls(p.absent)} | {_controls(p.undocumented)} |" for name, p in r.abc.items()
    ]
    return [*out, ""]


def _need(n: Need, label: str | None = None) -> str:
    """A blocker or condition: its kind, the control's state (absent or undocumented) and the rule."""
    return f"{label or need_label(n)}: {_cell(n.message)} (`{n.rule}`)"


def _controls(names: tuple[str, ...]) -> str:
    short = re.sub(r"\b(access_controls|accountability|capacity_building)\.", "", ", ".join(names))
    return _cell(short) if names else "—"


def _profiles(p: Comparison) -> list[str]:
    out = [
        "Stances: {}; {}.".format(*stance_lines(p)),
        "",
        "| profile | ceiling | recommended | decision |",
        "|---|---|---|---|",
    ]
    out += [f"| {name} | {x.ceiling_tier} | {x.recommended_tier} | {x.decision} |" for name, x in p.results.items()]
    if p.dividing_rules:
        out += ["", "Divided by: " + ", ".join(f"`{r}`" for r in p.dividing_rules)]
    return [*out, ""]
