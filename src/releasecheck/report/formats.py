"""One interface for every output format: (outcomes, context) -> text. One module per format."""

from __future__ import annotations

from collections.abc import Callable
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
