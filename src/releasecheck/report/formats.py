"""One interface for every output format: (outcomes, context) -> text. One module per format."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from importlib import import_module
from typing import TYPE_CHECKING, Protocol

from releasecheck.ladder import NOTHING_ADDED, TIERS

if TYPE_CHECKING:
    from releasecheck.assess.stances import Comparison
    from releasecheck.report.view import Need, Report, Step, TamperTest
    from releasecheck.runner import Outcome


class Format(StrEnum):
    """Every output format; each member names its renderer (RENDERERS), imported only when used."""

    text = "text"
    json = "json"
    jsonl = "jsonl"
    markdown = "markdown"
    sarif = "sarif"
    junit = "junit"
    html = "html"

    @property
    def renderer(self) -> Renderer:
        """Import only the module the run needs (a JSON check never loads rich)."""
        module, function = RENDERERS[self]
        return getattr(import_module(f"releasecheck.report.{module}"), function)  # type: ignore[no-any-return]


class Titled(Protocol):
    @property
    def title(self) -> str: ...


class RuleMeta(Titled, Protocol):
    """What SARIF shows of a rubric rule or pillar level: a title, a rationale and sources."""

    @property
    def rationale(self) -> str: ...
    @property
    def sources(self) -> Sequence[Titled]: ...


@dataclass(frozen=True)
class Context:
    """What a renderer may know besides the reports: rule metadata, and the terminal."""

    rules: dict[str, RuleMeta] = field(default_factory=dict)  # rule id -> rubric rule (for SARIF help)
    color: bool = False
    width: int = 80
    array: bool = False  # json: a list even for one report (the invocation named a folder, glob or several paths)
    trail: bool = False  # text: the full reasoning trail, not only the answer (check --trail)


Renderer = Callable[[list["Outcome"], Context], str]

# format -> (module in releasecheck.report, function): the one registry of output formats
RENDERERS: dict[Format, tuple[str, str]] = {
    Format.text: ("text", "render"),
    Format.json: ("json_report", "render_json"),
    Format.jsonl: ("json_report", "render_jsonl"),
    Format.markdown: ("markdown", "render"),
    Format.sarif: ("sarif", "render"),
    Format.junit: ("junit", "render"),
    Format.html: ("html", "render"),
}


# --- what every human-facing format says of a verdict's conditions and of the unlock list ---------


def conditions_phrase(report: Report) -> str:
    """ " — 3 conditions" after the recommended tier, or nothing."""
    count = len(report.conditions)
    return f" — {count} condition{'s' if count != 1 else ''}" if count else ""


def ready_phrase(report: Report) -> str:
    """ "ready now api" — or, where no tier above internal has all its conditions met although one is
    recommended, "nothing above internal ready yet": "ready now internal" read as "do not release"."""
    if report.ready_tier == TIERS[0] and report.recommended_tier != TIERS[0]:
        return "nothing above internal ready yet"
    return f"ready now {report.ready_tier}"


def unknown_required_phrase(report: Report, sentence: bool = False) -> str:
    """What every human-facing format says of required domains without evidence, and what would move
    them (the unlock list names the rules; this names the evidence the card lacks). `sentence`: capital
    first letter and a full stop, for the formats that write prose."""
    domains = ", ".join(report.unknown_required)
    which = "each" if len(report.unknown_required) > 1 else "it"
    phrase = f"no evidence for required domain(s) {domains}: never read as safe; evaluate {which} (worst case, for weights tiers)"
    compared = {d.domain for d in report.domains if d.marginal in NOTHING_ADDED}
    if not compared.issuperset(report.unknown_required):
        phrase += (
            ", or show on two shared benchmarks in marginal_risk that the release adds nothing over the open frontier"
        )
    return f"N{phrase[1:]}." if sentence else phrase


def decision_gates(report: Report) -> list[Step]:
    """What turned a pass into conditional beside the tier's requirements (--min-confidence): no tier
    blocker says so, the trail does."""
    first = next((e.rule for e in report.trail if (e.effect or "").startswith("decision ")), "")
    return [e for e in report.trail if e.effect == "decision conditional" and e.rule != first]


def need_label(need: Need, condition: bool = False) -> str:
    """capability, or the requirement kind with the control's state (safeguard absent, obligation
    undocumented); prefixed "condition: " where the need is a condition of its tier, not a block."""
    label = need.kind + (f" {need.state}" if need.state else "")
    return ("condition: " if condition else "") + label


def unlock_needs(report: Report) -> Iterator[tuple[str, list[tuple[str, Need]]]]:
    """Per tier above the recommendation: (label, need) for its blockers, then its conditions."""
    conditions = {t.tier: t.conditions for t in report.tiers}
    for u in report.unlock:
        yield u.tier, [(need_label(n, n in conditions[u.tier]), n) for n in u.needs]


# --- what every human-facing format says of safeguards and of the case for openness --------------
# Plain text, card text included as is: each renderer escapes the whole line for its format.


def _percent(x: float) -> str:
    return f"{round(x * 100, 1):g}%"


def tamper_line(t: TamperTest) -> str:
    """jailbreak: refusal 99% → 94%, cost USD 3,000 (source)."""
    cost = f", cost USD {t.cost_usd:,.0f}" if t.cost_usd is not None else ", cost not stated"
    source = f" ({t.source})" if t.source else ""
    return f"{t.method}: refusal {_percent(t.refusal_before)} → {_percent(t.refusal_after)}{cost}{source}"


def safeguard_lines(report: Report) -> list[str]:
    """The card's safeguards, then one line per tamper test (SPEC §5 step 2: reported, never credited
    for weights tiers)."""
    s = report.safeguards
    trained = {True: "yes", False: "no", None: "not stated"}[s.refusal_training]
    lines = [
        f"model-level (not credited for weights tiers): refusal training {trained}; "
        f"data filtering {', '.join(s.data_filtering) or 'none'}",
        f"system-level (effective only while hosted): {', '.join(s.system_level) or 'none'}",
    ]
    lines += [f"tamper test {tamper_line(t)}" for t in s.tamper_tests] or ["tamper tests: none reported"]
    return lines


_BENEFIT_LABELS = {
    "research_value": "research value",
    "enables_independent_safety_research": "enables independent safety research",
    "reduces_concentration": "reduces concentration of power",
}


def benefit_lines(report: Report) -> list[str]:
    """The case for openness as the card states it (SPEC §1: reported beside the risks, never a gate)."""
    b = report.benefits
    stated = [f"{label}: {_word(b.get(key))}" for key, label in _BENEFIT_LABELS.items() if b.get(key) is not None]
    lines = ["; ".join(stated)] if stated else []
    notes = b.get("notes")
    if isinstance(notes, str) and notes:
        lines.append(notes)
    return lines or ["none stated"]


def _word(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


_STANCE_FIELDS = {"decision": "decision", "ceiling_tier": "ceiling", "confidence": "confidence"}


def stance_lines(p: Comparison) -> tuple[str, str]:
    """What is robust across the profiles (the recommended tier, or its range when contested), then
    what differs: a robust tier beside a profile that says `fail` is not a contradiction once both are said."""
    n = len(p.results)
    if p.verdict == "robust":
        tier = next(iter(p.results.values())).recommended_tier
        head = f"recommended tier robust: {tier} under all {n} profiles"
    else:
        head = f"recommended tier contested: {p.range} across {n} profiles"
    differs = []
    for key, label in _STANCE_FIELDS.items():
        values = {name: str(getattr(x, key)) for name, x in p.results.items()}
        if len(set(values.values())) > 1:
            differs.append(f"{label} ({', '.join(f'{name} {v}' for name, v in values.items())})")
    return head, ("differs: " + "; ".join(differs)) if differs else "nothing else differs"
