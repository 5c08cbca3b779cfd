"""pydantic's errors, said the way a card author needs them: where, what was expected, what
was found, and a hint. No Python type names, no union-member paths, one message per problem."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from pydantic import BaseModel

from releasecheck.card.model import TYPE_FIELDS, Card
from releasecheck.yamlpos.loader import Document, Path
from releasecheck.yamlpos.locations import data_path
from releasecheck.yamlpos.problems import Problem, format_path

_YAML11_BOOL_WORDS = frozenset({"yes", "no", "on", "off", "true", "false"})
_EXPECTED = {
    "model_type": "a mapping of fields",
    "model_attributes_type": "a mapping of fields",
    "dict_type": "a mapping",
    "list_type": "a list",
    "bool_type": "true or false",
    "string_type": "text",
    "float_type": "a number",
    "finite_number": "a finite number",
    "int_type": "a whole number",
}


@dataclass(frozen=True)
class Issue:
    path: Path
    line: int
    col: int
    expected: str  # "" for issues that are not about a value's type or range
    got: str
    note: str = ""  # what YAML made of the value, when that explains the problem
    hint: str = ""
    message: str = ""  # complete message for the other kinds


def describe(value: Any) -> str:
    """A value as a card author would name it."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, dt.datetime):
        return "a date with a time of day"
    if isinstance(value, int | float):
        return f"{value:g}"
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:37] + "..."
        return f"'{text}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "a value of another kind"


@cache
def _field_names() -> tuple[str, ...]:
    names: set[str] = set()
    seen: set[type] = set()

    def walk(model: type[BaseModel]) -> None:
        if model in seen:
            return
        seen.add(model)
        for name, info in model.model_fields.items():
            names.add(name)
            for sub in _models_in(info.annotation):
                walk(sub)

    walk(Card)
    return tuple(sorted(names))


def _models_in(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        yield from _models_in(arg)
    for meta in getattr(annotation, "__metadata__", ()) or ():
        yield from _models_in(meta)


def _evaluation_type(data: Any, path: Path) -> str | None:
    if len(path) >= 2 and path[0] == "evaluations" and isinstance(path[1], int):
        try:
            entry = data["evaluations"][path[1]]
        except (KeyError, IndexError, TypeError):
            return None
        kind = entry.get("type") if isinstance(entry, dict) else None
        return kind if isinstance(kind, str) else None
    return None


def _got(doc: Document, path: Path, value: Any) -> str:
    """What the card says: the text as written when YAML turned it into something else."""
    raw = doc.plain_scalars.get(path)
    if raw is not None and not isinstance(value, str):
        return raw
    return describe(value)


def issue(doc: Document, error: Any) -> Issue:
    path = data_path(doc.data, error["loc"])
    kind = error["type"]
    if kind == "extra_forbidden":
        return _unknown_field(doc, path)
    if kind == "missing":
        line, col = doc.position(path[:-1]) if path[:-1] else (1, 1)
        return Issue(
            path,
            line,
            col,
            "",
            "",
            message=f"required field '{path[-1]}' is missing",
            hint="see `releasecheck schema card` for what it takes",
        )
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        return _evaluation_type_issue(doc, path, error)
    line, col = doc.position(path)
    got = error.get("input")
    if kind == "value_error" and path == ("releasecheck",):
        return Issue(
            path,
            line,
            col,
            "the card format version 1",
            _got(doc, path, got),
            hint="the first line of a card is `releasecheck: 1`",
        )
    if kind == "value_error":
        return Issue(
            path,
            line,
            col,
            "",
            "",
            message=str(error["msg"]).removeprefix("Value error, ") + f" (got {_got(doc, path, got)})",
        )
    if kind == "literal_error":
        return _choice_issue(path, line, col, error, got, _got(doc, path, got))
    expected = _EXPECTED.get(kind) or str(error["msg"]).replace("Input should be ", "")
    return Issue(path, line, col, expected, _got(doc, path, got), *_yaml_note(doc, path, got, kind))


def _yaml_note(doc: Document, path: Path, got: Any, kind: str) -> tuple[str, str]:
    """Explain YAML 1.1 surprises: a bare no/yes became a boolean, 1.0 a number."""
    raw = doc.plain_scalars.get(path)
    if raw is None:
        if isinstance(got, str) and kind in ("float_type", "int_type"):
            return "", "write a plain number without quotes, e.g. 6.3e24"
        return "", ""
    if isinstance(got, bool) and raw.lower() in _YAML11_BOOL_WORDS and raw.lower() not in ("true", "false"):
        note = f"YAML read `{raw}` as the boolean {str(got).lower()}"
        return note, (f'quote it if you mean the text: "{raw}"' if kind == "string_type" else "")
    if isinstance(got, int | float) and not isinstance(got, bool) and kind == "string_type":
        return f"YAML read `{raw}` as a number", f'quote it: "{raw}"'
    return "", ""


def _choice_issue(path: Path, line: int, col: int, error: Any, got: Any, shown: str) -> Issue:
    expected = str(error.get("ctx", {}).get("expected", "")).replace("'", "")
    choices = [c.strip() for c in expected.replace(" or ", ", ").split(",") if c.strip()]
    close = difflib.get_close_matches(str(got), choices, n=1) if isinstance(got, str) else []
    hint = f"did you mean '{close[0]}'?" if close else ""
    quoted = [f"'{c}'" for c in choices]
    listed = "one of " + ", ".join(quoted[:-1]) + f" or {quoted[-1]}" if len(quoted) > 1 else "".join(quoted)
    return Issue(path, line, col, listed, shown, hint=hint)


def _unknown_field(doc: Document, path: Path) -> Issue:
    line, col = doc.key_position(path)
    name = str(path[-1])
    owner = next((t for t, names in TYPE_FIELDS.items() if name in names), None)
    current = _evaluation_type(doc.data, path)
    if owner and current and owner != current:
        return Issue(
            path,
            line,
            col,
            "",
            "",
            message=f"'{name}' belongs to {owner} evaluations, not {current}",
            hint=f"a {current} entry takes none of the {owner} fields; remove it or change `type`",
        )
    close = difflib.get_close_matches(name, _field_names(), n=1)
    hint = f"did you mean '{close[0]}'?" if close else "see `releasecheck schema card` for the fields"
    return Issue(path, line, col, "", "", message=f"unknown field '{name}'", hint=hint)


def _evaluation_type_issue(doc: Document, path: Path, error: Any) -> Issue:
    kinds = ", ".join(TYPE_FIELDS)
    entry = error.get("input")
    if error["type"] == "union_tag_not_found" or not isinstance(entry, dict):
        line, col = doc.position(path)
        return Issue(path, line, col, "", "", message="evaluation has no `type`", hint=f"add type: one of {kinds}")
    type_path = (*path, "type")
    line, col = doc.position(type_path)
    got = entry.get("type")
    close = difflib.get_close_matches(str(got), list(TYPE_FIELDS), n=1)
    return Issue(
        type_path,
        line,
        col,
        "",
        "",
        message=f"unknown evaluation type {describe(got)}",
        hint=(f"did you mean '{close[0]}'? " if close else "") + f"types: {kinds}",
    )


def problems_from(doc: Document, errors: list[Any]) -> list[Problem]:
    return [_render(doc, i) for i in _merge(issue(doc, e) for e in errors)]


def _merge(issues: Iterable[Issue]) -> list[Issue]:
    """One issue per place: a union's alternatives are said once, the deepest place wins."""
    by_place: dict[Path, Issue] = {}
    for item in issues:
        first = by_place.get(item.path)
        if first is None:
            by_place[item.path] = item
        elif first.expected and item.expected and item.expected not in first.expected:
            by_place[item.path] = Issue(
                first.path,
                first.line,
                first.col,
                _either(first.expected, item.expected),
                first.got,
                first.note or item.note,
                first.hint or item.hint,
            )
    paths = set(by_place)
    deepest = [
        i
        for i in by_place.values()
        if not (i.expected and any(p != i.path and p[: len(i.path)] == i.path for p in paths))
    ]
    return sorted(deepest, key=lambda i: (i.line, i.col, format_path(i.path)))


def _either(first: str, second: str) -> str:
    """'a or b' and 'c' -> 'a, b or c', with quoted choices last (true, false or 'unknown')."""
    parts = [p for text in (first, second) for p in text.replace(", ", " or ").split(" or ")]
    parts.sort(key=lambda p: p.startswith("'") or p.startswith("one of"))
    return ", ".join(parts[:-1]) + f" or {parts[-1]}"


def _render(doc: Document, item: Issue) -> Problem:
    message = item.message or f"expected {item.expected}" + (f"; {item.note}" if item.note else f" (got {item.got})")
    return Problem(doc.path, item.line, item.col, format_path(item.path), message, item.hint)
