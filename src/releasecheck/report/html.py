"""One self-contained HTML file for review boards: inline CSS and SVG, no scripts, no network."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from releasecheck import __version__, inert
from releasecheck.ladder import TIERS
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
    from releasecheck.report.view import Domain, Need, Report
    from releasecheck.runner import Outcome

_CSS = """
body{font:15px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;max-width:70rem;color:#1b1f24;padding:0 1rem}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #d0d7de}
table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid #d0d7de;padding:.25rem .6rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}.pass{color:#1a7f37}.fail{color:#cf222e}.conditional{color:#9a6700}.none{color:#57606a}
.verdict{font-size:1.15rem;padding:.6rem 1rem;border:1px solid #d0d7de;border-radius:6px;background:#f6f8fa}
code{background:#f6f8fa;padding:0 .25rem;border-radius:4px}ol.trail li{margin:.2rem 0}.muted{color:#57606a}
table.audit th{font-weight:normal;color:#57606a}.legend{font-size:.9rem;color:#57606a;max-width:60rem}
.swatch{display:inline-block;width:.8rem;height:.8rem;border-radius:2px;vertical-align:-1px;margin:0 .2rem 0 .6rem}
"""
_LEVEL_COLOR = {
    "low": "#2da44e",
    "alert": "#bf8700",
    "high": "#e16f24",
    "severe": "#cf222e",
    "critical": "#82071e",
    "unknown": "#8c959f",
}


def render(outcomes: list[Outcome], _ctx: Context) -> str:
    outcomes = inert.outcomes(outcomes)  # card text cleaned: no controls, invisible or XML-forbidden characters
    body: list[str] = ["<h1>releasecheck report</h1>", _run_line(outcomes), _summary(outcomes)]
    for o in outcomes:
        body += _invalid(o) if o.report is None else _card(o.report)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        f"<title>releasecheck report</title><style>{_CSS}</style></head><body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )


def _run_line(outcomes: list[Outcome]) -> str:
    """Which tool made the page, and when (the run's time; every card of a run shares it)."""
    reports = [o.report for o in outcomes if o.report is not None]
    when = reports[0].generated_at if reports else None
    return (
        f"<p class=muted>releasecheck {escape(__version__)} · generated "
        f"{escape(when) if when else 'at a time not recorded (--no-timestamp)'}</p>"
    )


def _summary(outcomes: list[Outcome]) -> str:
    rows = []
    for o in outcomes:
        r = o.report
        if r is None:
            rows.append(f"<tr><td><code>{escape(o.path)}</code></td><td colspan=5 class=fail>invalid card</td></tr>")
            continue
        rows.append(
            f"<tr><td><code>{escape(o.path)}</code></td><td>{escape(r.model.name)}</td>"
            f"<td><b>{r.recommended_tier}</b></td><td>{r.ceiling_tier}</td>"
            f"<td>{r.planned_tier or '—'}</td><td class={r.decision}>{r.decision}</td></tr>"
        )
    return (
        "<table><tr><th>card</th><th>model</th><th>recommended</th><th>ceiling</th><th>planned</th>"
        "<th>decision</th></tr>" + "".join(rows) + "</table>"
    )


def _invalid(o: Outcome) -> list[str]:
    items = "".join(
        f"<li><code>{escape(p.file)}:{p.line}:{p.col}</code> {escape(p.field)} {escape(p.message)}"
        + (f" <span class=muted>hint: {escape(p.hint)}</span>" if p.hint else "")
        + "</li>"
        for p in o.problems
    )
    return [f"<h2>{escape(o.path)}: invalid card</h2>", f"<ul>{items}</ul>"]


def _card(r: Report) -> list[str]:
    out = [
        f"<h2>{escape(r.model.name)} <span class=muted>({escape(r.input.path)})</span></h2>",
        f"<p class=verdict><span class={r.decision}><b>{r.decision.upper()}</b></span> · recommended "
        f"<b>{r.recommended_tier}</b>{conditions_phrase(r)} · ceiling {r.ceiling_tier} · "
        f"{ready_phrase(r)} · planned {r.planned_tier or 'none'} · "
        f"confidence {r.confidence} · profile <code>{escape(r.rubrics.profile)}</code></p>",
        _audit(r),
        chart(r),
        _LEGEND,
    ]
    if r.unknown_required:
        out.append(f"<p>{escape(unknown_required_phrase(r, sentence=True))}</p>")
    if r.profiles:
        out.append(_profiles(r.profiles))
    conditions = f"Conditions of {r.recommended_tier} (the tier holds once these are met)"
    return [*out, _domains(r), _abc(r), _list(conditions, [_need(n) for n in r.conditions]), _unlock(r), *_notes(r)]


def _notes(r: Report) -> list[str]:
    """Waivers, warnings, obligations and the reasoning trail."""
    waivers = [
        f"<code>{escape(w.rule)}</code>: {escape(w.reason)} (approved by {escape(w.approved_by)}, expires "
        f"{escape(w.expires)}): {escape(w.changed)}"
        for w in r.waivers
    ]
    obligations = [
        f"<code>{escape(o.rule)}</code> ({o.status}): {escape(o.title)}: " + "; ".join(escape(d) for d in o.duties)
        for o in r.obligations
    ]
    trail = "".join(
        f"<li><code>{escape(e.rule)}</code> <i>{e.outcome}</i>: {escape(e.message)}"
        + (f" <span class=muted>(line {', '.join(str(p.line) for p in e.evidence[:6])})</span>" if e.evidence else "")
        + "</li>"
        for e in r.trail
    )
    return [
        _list("Safeguards", [escape(line) for line in safeguard_lines(r)]),
        _list("Case for openness", [escape(line) for line in benefit_lines(r)]),
        _list("Waivers", waivers),
        _list("Warnings", [f"<code>{escape(w.rule)}</code>: {escape(w.message)}" for w in r.warnings]),
        _list("Obligations (information, not legal advice)", obligations),
        f"<h3>Reasoning trail</h3><ol class=trail>{trail}</ol>",
    ]


def _audit(r: Report) -> str:
    """What an audit needs to reproduce and verify this result (`releasecheck verify` of the JSON report)."""
    o = r.input.options
    options = (
        f"expect tier {o.expect_tier or '—'} · min confidence {o.min_confidence or '—'} · "
        f"waived {', '.join(o.waived) or 'none'} · compare profiles {'yes' if o.compare_profiles else 'no'}"
    )
    generated = r.generated_at or "not recorded (--no-timestamp)"
    rows = [  # (label, HTML): card and report text escaped here
        ("tool", escape(f"{r.tool.name} {r.tool.version}")),
        ("rubric set", escape(f"{r.rubrics.id} version {r.rubrics.version} · profile {r.rubrics.profile}")),
        ("rubric sha256", f"<code>{escape(r.rubrics.sha256)}</code>"),
        ("card", f"<code>{escape(r.input.path)}</code>"),
        ("card sha256", f"<code>{escape(r.input.sha256)}</code>"),
        ("generated", escape(generated)),
        ("options", escape(options)),
    ]
    cells = "".join(f"<tr><th>{name}</th><td>{value}</td></tr>" for name, value in rows)
    return f"<h3>Audit record</h3><table class=audit>{cells}</table>"


_LEGEND = (
    "<p class=legend>Levels read <b>hosted / weights</b>: the first is the domain's capability level for the "
    "hosted tiers (internal, limited, api), where all evidence counts; the second is its level for the weights "
    "tiers (gated-weights, open-weights, fully-open), where only safeguards-off or worst-case evidence can rule "
    "a level out and model-level safeguards are not credited. A bar reaches the most open tier the domain "
    "permits; its colour is the weights level:"
    + "".join(f'<span class=swatch style="background:{c}"></span>{lvl}' for lvl, c in _LEVEL_COLOR.items())
    + ". The dashed line is the card's ceiling.</p>"
)


def chart(r: Report) -> str:
    """Each domain's most open permitted tier on the tier ladder, with the ceiling marked."""
    col, left, row = 92, 130, 26
    width = left + col * len(TIERS) + 10
    domains = r.domains
    height = 40 + row * max(len(domains), 1) + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
        f'aria-label="Domain levels against the tier ladder">'
    ]
    for i, tier in enumerate(TIERS):
        x = left + i * col
        parts.append(f'<text x="{x + col / 2}" y="16" font-size="11" text-anchor="middle">{tier}</text>')
    for j, d in enumerate(domains):
        y = 30 + j * row
        reach = TIERS.index(d.permits.overall) + 1
        parts.append(f'<text x="{left - 8}" y="{y + 15}" font-size="12" text-anchor="end">{escape(d.domain)}</text>')
        parts.append(
            f'<rect x="{left}" y="{y + 3}" width="{col * reach}" height="{row - 8}" '
            f'fill="{_LEVEL_COLOR.get(d.level_weights, "#8c959f")}" opacity="0.75"/>'
        )
        parts.append(
            f'<text x="{left + 6}" y="{y + 15}" font-size="11" fill="#fff">{d.level_hosted} / '
            f"{d.level_weights}{' (proxy)' if d.proxy else ''}</text>"
        )
    if not domains:
        parts.append(f'<text x="{left}" y="45" font-size="12">no domain required or evidenced</text>')
    cx = left + col * (TIERS.index(r.ceiling_tier) + 1)
    parts.append(
        f'<line x1="{cx}" y1="22" x2="{cx}" y2="{height - 4}" stroke="#1b1f24" stroke-width="2" '
        'stroke-dasharray="4 3"/>'
    )
    parts.append(f'<text x="{cx - 4}" y="{height - 2}" font-size="10" text-anchor="end">ceiling</text></svg>')
    return "<h3>Domains against the tier ladder</h3>" + "".join(parts)


def _domains(r: Report) -> str:
    rows = "".join(_domain_row(d) for d in r.domains)
    return (
        "<table><tr><th>domain</th><th>level (hosted)</th><th>level (weights)</th><th>marginal</th>"
        f"<th>permits up to</th><th>binding</th></tr>{rows}</table>"
    )


def _domain_row(d: Domain) -> str:
    return (
        f"<tr><td>{escape(d.domain)}{'' if d.required else ' (evidenced)'}</td><td>{d.level_hosted}</td>"
        f"<td>{d.level_weights}{' (proxy)' if d.proxy else ''}</td><td>{d.marginal}</td>"
        f"<td>{d.permits.overall}</td><td>{'yes' if d.binding else ''}</td></tr>"
    )


def _abc(r: Report) -> str:
    rows = "".join(
        f"<tr><td>{name}</td><td>{p.level}/3</td><td>{escape(', '.join(p.absent)) or '—'}</td>"
        f"<td>{escape(', '.join(p.undocumented)) or '—'}</td></tr>"
        for name, p in r.abc.items()
    )
    return (
        "<h3>ABC pillars</h3><table><tr><th>pillar</th><th>level</th><th>absent</th><th>undocumented</th></tr>"
        f"{rows}</table>"
    )


def _need(n: Need, label: str | None = None) -> str:
    return f"{label or need_label(n)}: {escape(n.message)} (<code>{escape(n.rule)}</code>)"


def _unlock(r: Report) -> str:
    items = [f"<b>{tier}</b>: " + "; ".join(_need(n, label) for label, n in needs) for tier, needs in unlock_needs(r)]
    return _list("To unlock a more open tier", items)


def _profiles(p: Comparison) -> str:
    rows = "".join(
        f"<tr><td>{escape(name)}</td><td>{x.ceiling_tier}</td><td>{x.recommended_tier}</td>"
        f"<td class={x.decision}>{x.decision}</td></tr>"
        for name, x in p.results.items()
    )
    robust, differs = stance_lines(p)
    head = f"<p>Stances: <b>{escape(robust)}</b>; {escape(differs)}.</p>"
    divided = (
        "<p>Divided by: " + ", ".join(f"<code>{escape(x)}</code>" for x in p.dividing_rules) + "</p>"
        if p.dividing_rules
        else ""
    )
    return (
        head + "<table><tr><th>profile</th><th>ceiling</th><th>recommended</th><th>decision</th></tr>"
        f"{rows}</table>{divided}"
    )


def _list(title: str, items: list[str]) -> str:
    if not items:
        return ""
    return f"<h3>{escape(title)}</h3><ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"
