"""One interface for every output format: (outcomes, context) -> text. One module per format."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from importlib import import_module
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from releasecheck.report.view import Need, Report
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
