"""The report for a person at a terminal (rich); readable at 80 columns, plain when piped."""

from __future__ import annotations

import io
import os
import re
import textwrap
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.markup import escape
from rich.markup import render as render_markup

from releasecheck import inert
from releasecheck.report.formats import (
    Context,
    benefit_lines,
    conditions_phrase,
    decision_gates,
    need_label,
    ready_phrase,
    safeguard_lines,
    stance_lines,
    unknown_required_phrase,
    unlock_needs,
)

if TYPE_CHECKING:
    from rich.console import Console, OverflowMethod, RenderableType

    from releasecheck.assess.stances import Comparison
    from releasecheck.report.view import Report
    from releasecheck.runner import Outcome

_DECISION_STYLE = {"pass": "green", "conditional": "yellow", "fail": "red", "none": "dim"}


def render(outcomes: list[Outcome], ctx: Context) -> str:
    """Text for the valid cards (invalid ones were already reported on stderr); a batch ends with a
    one-line-per-card summary table and totals."""
    reports = [o.report for o in outcomes if o.report is not None]
    if not reports:
        return ""
    text = render_text(reports, color=ctx.color, width=ctx.width, trail=ctx.trail)
    if len(outcomes) > 1:
        text += render_summary(outcomes, color=ctx.color, width=ctx.width)
    return text


def render_text(reports: list[Report], color: bool, width: int = 80, trail: bool = False) -> str:
    """The answer first (verdict, domains, ABC, blockers and conditions, warnings); with `trail`, also
    the unlock list, obligations and the full reasoning trail. Card text is cleaned first, and no
    line of the result can run as a CI workflow command."""
    console = _Writer(color, width)
    for index, report in enumerate(inert.deep(r) for r in reports):
        if index:
            console.rule()
        _one(console, report, trail)
    return inert.no_commands(console.export())


def render_summary(outcomes: list[Outcome], color: bool, width: int = 80) -> str:
    """One line per card (card, model, decision, recommended, planned), then the totals. Card paths
    are shown below the folder they share, named in the title."""
    from collections import Counter

    from rich import box
    from rich.table import Table

    console = _console(color, width)
    # only the paths and model names are card text here: cleaned one by one, not whole reports
    paths = [inert.clean(o.path) for o in outcomes]
    folder = os.path.commonpath([os.path.dirname(p) or "." for p in paths])
    table = Table(title=f"Summary: cards under {escape(folder)}/", title_justify="left", box=box.SIMPLE_HEAD)
    # one line per card: the last three columns fit their longest word, card and model share the rest
    fixed = (("decision", "conditional"), ("recommended", "gated-weights"), ("planned", "gated-weights"))
    free = max(20, width - sum(len(w) for _, w in fixed) - 3 * len(fixed) - 7)
    card_width = free * 3 // 5
    table.add_column("card", no_wrap=True, overflow="ellipsis", width=card_width)
    table.add_column("model", no_wrap=True, overflow="ellipsis", width=free - free * 3 // 5)
    for col, longest in fixed:
        table.add_column(col, no_wrap=True, width=len(longest))
    counts: Counter[str] = Counter()
    for o, path in zip(outcomes, paths, strict=True):
        r = o.report
        decision = r.decision if r is not None else "invalid"
        counts[decision] += 1
        style = _DECISION_STYLE.get(decision, "red")
        row = (
            (inert.clean(r.model.name), r.recommended_tier, r.planned_tier or "none")
            if r is not None
            else ("-", "-", "-")
        )
        card = os.path.relpath(path, folder)
        card = escape(card if len(card) <= card_width else "…" + card[1 - card_width :])  # the file name stays
        table.add_row(card, escape(row[0]), f"[{style}]{decision}[/{style}]", row[1], row[2])
    console.rule()
    console.print(table)
    totals = ", ".join(f"{counts[d]} {d}" for d in (*_DECISION_STYLE, "invalid") if counts[d])
    console.print(f"{len(outcomes)} cards: {totals}")
    return inert.no_commands(console.export_text(styles=color))


def _console(color: bool, width: int) -> Console:
    from rich.console import Console

    return Console(
        width=width,
        no_color=not color,
        color_system="standard" if color else None,
        record=True,
        file=_Null(),
        force_terminal=color,
        highlight=False,
        emoji=False,
    )


class _Writer:
    """What a text report is printed to: rich's recording console, except that without colour a line
    of one-cell characters with nothing to wrap is written directly, as rich would write it (markup
    read by rich's own parser). A batch prints some twenty lines per card, and rich's layout of each cost
    more than the card's assessment. With colour everything goes through rich."""

    def __init__(self, color: bool, width: int) -> None:
        self.console = _console(color, width)
        self.width = width
        self.color_system = self.console.color_system
        self.direct = not color
        self.parts: list[str] = []

    def print(
        self,
        text: RenderableType,
        *,
        markup: bool = True,
        highlight: bool | None = None,
        emoji: bool | None = None,
        no_wrap: bool | None = None,
        crop: bool = True,
        overflow: OverflowMethod | None = None,
    ) -> None:
        if self.direct and isinstance(text, str):
            plain = _plain(text, markup)
            free = no_wrap and not crop
            if plain is not None and (free or all(len(line) <= self.width for line in plain.split("\n"))):
                self.parts.append(plain + "\n")
                return

        def draw() -> None:
            self.console.print(
                text, markup=markup, highlight=highlight, emoji=emoji, no_wrap=no_wrap, crop=crop, overflow=overflow
            )

        self._through_rich(draw)

    def rule(self) -> None:
        self._through_rich(self.console.rule)

    def _through_rich(self, draw: Callable[[], None]) -> None:
        draw()
        if self.direct:
            self.parts.append(self.console.export_text(clear=True))

    def export(self) -> str:
        return "".join(self.parts) if self.direct else self.console.export_text(styles=True)


def _plain(text: str, markup: bool) -> str | None:
    """The text rich would print for `text` without colour, or None where rich could print it
    otherwise: tabs and controls, and any character rich itself measures as other than one cell
    (wide or combining); the middle dots and ellipses of a report are one cell."""
    if markup:
        text = render_markup(text, emoji=False).plain
    if not all(line.isprintable() and cell_len(line) == len(line) for line in text.split("\n")):
        return None
    return text


class _Null(io.StringIO):
    """rich records what it prints; we only want the recording."""

    def write(self, _: str) -> int:
        return 0


def _one(console: _Writer, r: Report, trail: bool) -> None:
    _verdict(console, r)
    if r.profiles:
        _profiles(console, r.profiles)
    _domains(console, r)
    _abc(console, r)
    _blockers(console, r)
    _conditions(console, r)
    if trail:
        _unlock(console, r)
    _waivers(console, r)
    _context(console, r)
    for w in r.warnings:
        _wrapped(console, f"warning {w.rule}: {w.message}", "", "  ")
    if not trail:
        console.print("[dim]More open tiers, obligations and the reasoning trail: add --trail[/dim]")
        return
    for o in r.obligations:
        _wrapped(console, f"obligation ({o.status}) {o.rule}: {o.title} (information, not legal advice)", "", "  ")
    console.print("[bold]Reasoning trail[/bold]")
    for e in r.trail:
        lines = ", ".join(str(p.line) for p in e.evidence[:6])
        where = f" (line {lines})" if lines else ""
        console.print(f"  [bold]{e.rule}[/bold] {escape('[' + e.outcome + ']')}")
        _wrapped(console, e.message + where, "    ")


def _verdict(console: _Writer, r: Report) -> None:
    """Model and card, then the verdict on one line that never wraps (it fits 80 columns), and what
    turned a pass into conditional right below it."""
    style = _DECISION_STYLE.get(r.decision, "")
    console.print(f"[bold]{escape(r.model.name)}[/bold] · profile {escape(r.rubrics.profile)}")
    # the path on a line of its own and never broken, so it can be copied whole
    console.print(escape(r.input.path), no_wrap=True, crop=False, overflow="ignore")
    console.print(
        f"[{style}]{r.decision.upper()}[/{style}]: recommended [bold]{r.recommended_tier}[/bold], "
        f"planned {r.planned_tier or 'none'}, confidence {r.confidence}",
        no_wrap=True,
        crop=False,
        overflow="ignore",
    )
    for gate in decision_gates(r):
        _wrapped(console, f"{gate.message} ({gate.rule})", "  because: ", "    ")
    # The conditions are the recommended tier's: say so, or "nothing above internal ready yet · 4
    # conditions" reads as contradicting "recommended api" on the line above.
    waiting = f" · {r.recommended_tier} after{conditions_phrase(r).removeprefix(' —')}" if r.conditions else ""
    console.print(f"ceiling {r.ceiling_tier} · {ready_phrase(r)}{waiting}")
    if r.unknown_required:
        _wrapped(console, unknown_required_phrase(r), "", "  ")


def _blockers(console: _Writer, r: Report) -> None:
    """What stops the planned tier when it is not supported."""
    tier = r.tier(r.planned_tier) if r.decision in ("fail", "conditional") else None
    if tier is None or not tier.blocked_by:
        return
    # within the ceiling an absent safeguard is fixable governance: say why the decision is not `fail`
    fixable = " until fixed[/bold] (within the ceiling, so conditional)" if r.decision == "conditional" else "[/bold]"
    console.print(f"[bold]Blocking planned {tier.tier}{fixable}")
    for need in tier.blocked_by:
        _wrapped(console, f"[{need_label(need)}] {_short_controls(need.message)} ({need.rule})", "  - ", "    ")


def _domains(console: _Writer, r: Report) -> None:
    if not r.domains:
        console.print("Domains: none required for this model and none evidenced.")
        return
    header = ("domain", "hosted", "weights", "marginal", "permits", "binding")
    rows = [
        (
            d.domain + ("" if d.required else "*"),
            d.level_hosted,
            d.level_weights + (" (proxy)" if d.proxy else ""),
            d.marginal,
            d.permits.overall,
            "yes" if d.binding else "",
        )
        for d in r.domains
    ]
    _table(console, "Domains", header, rows)
    if any(not d.required for d in r.domains):
        console.print("* assessed because the card gives evidence; not required for this model")


def _table(console: _Writer, title: str, header: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> None:
    """A titled table with rich's default look: drawn directly where that gives rich's bytes, else by rich."""
    if _plain_grid(console, title, header, rows):
        return
    from rich.table import Table

    table = Table(title=title, title_justify="left")
    for col in header:
        table.add_column(col)
    for row in rows:
        table.add_row(*row)
    console.print(table)


def _plain_grid(console: _Writer, title: str, header: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> bool:
    """The table rich draws by default (heavy head, title on the left), drawn directly where that is
    certain to be the same bytes: no colour, cells of plain ASCII without markup, nothing to wrap. A
    batch prints one per card and rich's layout engine cost more than the assessment. False: use rich."""
    cells = [header, *rows]
    if console.color_system is not None or any(
        not c.isascii() or not c.isprintable() or "[" in c or c != c.strip() for row in cells for c in row
    ):
        return False
    widths = [max(len(row[i]) for row in cells) + 2 for i in range(len(header))]
    total = sum(widths) + len(widths) + 1
    if total > console.width:
        return False

    def line(row: tuple[str, ...], edge: str) -> str:
        return edge + edge.join(" " + c.ljust(w - 2) + " " for c, w in zip(row, widths, strict=True)) + edge

    out = [title.ljust(total), "┏" + "┳".join("━" * w for w in widths) + "┓", line(header, "┃")]
    out.append("┡" + "╇".join("━" * w for w in widths) + "┩")
    out += [line(row, "│") for row in rows]
    out.append("└" + "┴".join("─" * w for w in widths) + "┘")
    console.print(
        "\n".join(out), markup=False, highlight=False, emoji=False, no_wrap=True, crop=False, overflow="ignore"
    )
    return True


def _abc(console: _Writer, r: Report) -> None:
    header = ("pillar", "level", "absent", "undocumented")
    rows = [
        (
            name,
            str(p.level),
            _short_controls(", ".join(p.absent)) or "-",
            _short_controls(", ".join(p.undocumented)) or "-",
        )
        for name, p in r.abc.items()
    ]
    _table(console, "ABC pillars", header, rows)


def _wrapped(console: _Writer, text: str, first: str, rest: str | None = None) -> None:
    body = textwrap.fill(
        text,
        width=console.width - 1,
        initial_indent=first,
        subsequent_indent=rest if rest is not None else first,
        break_on_hyphens=False,
    )
    console.print(escape(body), highlight=False)


def _short_controls(text: str) -> str:
    return re.sub(r"\b(access_controls|accountability|capacity_building)\.", "", text)


def _unlock(console: _Writer, r: Report) -> None:
    if not r.unlock:
        console.print(
            "Unlock: nothing above the recommended tier." if r.recommended_tier == "fully-open" else "Unlock: -"
        )
        return
    console.print("[bold]To unlock a more open tier[/bold] (blocked by; then its conditions)")
    for tier, needs in unlock_needs(r):
        console.print(f"  {tier}:")
        for label, need in needs:
            _wrapped(console, f"[{label}] {_short_controls(need.message)} ({need.rule})", "    - ", "      ")


def _conditions(console: _Writer, r: Report) -> None:
    if not r.conditions:
        return
    console.print(f"[bold]Conditions of {r.recommended_tier}[/bold] (the tier holds once these are met)")
    for need in r.conditions:
        _wrapped(console, f"[{need_label(need)}] {_short_controls(need.message)} ({need.rule})", "  - ", "    ")


def _waivers(console: _Writer, r: Report) -> None:
    for w in r.waivers:
        _wrapped(
            console,
            f"waiver {w.rule}: {w.reason} (approved by {w.approved_by}, expires {w.expires}); {w.changed}",
            "",
            "  ",
        )


def _context(console: _Writer, r: Report) -> None:
    """Safeguards with their tamper tests, and the case for openness: reported, never a gate."""
    for title, lines in (("Safeguards", safeguard_lines(r)), ("Case for openness", benefit_lines(r))):
        console.print(f"[bold]{title}[/bold]")
        for line in lines:
            _wrapped(console, line, "  - ", "    ")


def _profiles(console: _Writer, profiles: Comparison) -> None:
    head, differs = stance_lines(profiles)
    _wrapped(console, f"Stances: {head}; {differs}", "", "  ")
    for name, p in profiles.results.items():
        console.print(f"  {name}: recommended {p.recommended_tier}, ceiling {p.ceiling_tier}, decision {p.decision}")
