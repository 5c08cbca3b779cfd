"""One interface for every output format: (outcomes, context) -> text. One module per format."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

FORMATS = ("text", "json", "jsonl", "markdown", "sarif", "junit", "html")


@dataclass(frozen=True)
class Context:
    """What a renderer may know besides the reports: rule metadata, and the terminal."""

    rules: dict[str, Any] = field(default_factory=dict)  # rule id -> rubric rule (for SARIF help)
    color: bool = False
    width: int = 80
    array: bool = False  # json: a list even for one report (the invocation named a folder, glob or several paths)


def renderer(name: str) -> Callable[[list[Any], Context], str]:
    """Import only the module the run needs (a JSON check never loads rich)."""
    module = {"json": "json_report", "jsonl": "json_report"}.get(name, name)
    func = {"json": "render_json", "jsonl": "render_jsonl"}.get(name, "render")
    return getattr(import_module(f"releasecheck.report.{module}"), func)  # type: ignore[no-any-return]


def invalid_record(outcome: Any) -> dict[str, Any]:
    """How a card that could not be assessed appears in machine-readable batch output."""
    return {
        "input": {"path": outcome.path},
        "invalid": True,
        "problems": [
            {"line": p.line, "col": p.col, "field": p.field, "message": p.message, "hint": p.hint}
            for p in outcome.problems
        ],
    }


# --- what every human-facing format says of a verdict's conditions and of the unlock list ---------


def conditions_phrase(report: dict[str, Any]) -> str:
    """ " — 3 conditions" after the recommended tier, or nothing."""
    count = len(report.get("conditions", []))
    return f" — {count} condition{'s' if count != 1 else ''}" if count else ""


def need_label(need: dict[str, Any], condition: bool = False) -> str:
    """capability, or the requirement kind with the control's state (safeguard absent, obligation
    undocumented); prefixed "condition: " where the need is a condition of its tier, not a block."""
    label = str(need["kind"]) + (f" {need['state']}" if need.get("state") else "")
    return ("condition: " if condition else "") + label


def unlock_needs(report: dict[str, Any]) -> Iterator[tuple[str, list[tuple[str, dict[str, Any]]]]]:
    """Per tier above the recommendation: (label, need) for its blockers, then its conditions."""
    conditions = {t["tier"]: t.get("conditions", []) for t in report["tiers"]}
    for u in report["unlock"]:
        yield u["tier"], [(need_label(n, n in conditions[u["tier"]]), n) for n in u["needs"]]
