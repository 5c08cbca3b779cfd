"""libyaml's syntax errors, said for a card author: where the problem starts, and why."""

from __future__ import annotations

from typing import Any

_HINT = "check indentation and quoting around this point"


def _at(mark: Any, offset: int) -> tuple[int, int]:
    return (mark.line + 1 + offset, mark.column + 1) if mark is not None else (1, 1)


def flow_depth_position(text: str, limit: int) -> tuple[int, int] | None:
    """Where `[` / `{` nesting first exceeds `limit` (quotes and comments skipped)."""
    depth, line, col, quote = 0, 1, 0, ""
    comment = False
    for char in text:
        col += 1
        if char == "\n":
            line, col, comment = line + 1, 0, False
            continue
        if comment:
            continue
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char == "#":
            comment = True
        elif char in "[{":
            depth += 1
            if depth > limit:
                return line, col
        elif char in "]}":
            depth = max(depth - 1, 0)
    return None


def translate(err: Any, text: str, offset: int, max_depth: int) -> tuple[int, int, str, str]:
    """(line, col, message, hint) for a MarkedYAMLError."""
    problem = str(err.problem or err.context or "syntax error")
    context = str(err.context or "")
    if "maximum nesting depth" in problem:
        where = flow_depth_position(text, max_depth) or _at(err.problem_mark, offset)
        return (
            where[0] + offset,
            where[1],
            f"nesting is deeper than {max_depth} levels",
            "a card is a few levels deep; check for runaway brackets",
        )
    if err.context_mark is not None and ("flow" in context or "quoted" in context):
        line, col = _at(err.context_mark, offset)
        missing = "the closing quote" if "quoted" in context else "a closing bracket"
        return (line, col, f"invalid YAML: {problem} ({context} that starts here; is {missing} missing?)", _HINT)
    line, col = _at(err.problem_mark or err.context_mark, offset)
    mark = err.problem_mark
    if mark is not None and "cannot start any token" in problem and _char(text, mark) == "\t":
        return line, col, "invalid YAML: a tab cannot indent YAML", "indent with spaces, not tabs"
    return line, col, f"invalid YAML: {problem}", _HINT


def _char(text: str, mark: Any) -> str:
    index = getattr(mark, "index", None)
    return text[index] if isinstance(index, int) and 0 <= index < len(text) else ""
