"""Document -> Card: schema errors and cross-field checks, each with a card position."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any

from pydantic import BaseModel, ValidationError

from releasecheck.card.loader import Document, Path
from releasecheck.card.model import TYPE_FIELDS, Card
from releasecheck.card.problems import InputError, Problem, format_path

_YAML11_BOOL_WORDS = frozenset({"yes", "no", "on", "off", "true", "false"})


@cache
def _field_names() -> frozenset[str]:
    """Every field name in the card models, for 'did you mean' hints."""
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
    return frozenset(names)


def _models_in(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        yield from _models_in(arg)
    for meta in getattr(annotation, "__metadata__", ()) or ():
        yield from _models_in(meta)
    origin = getattr(annotation, "__origin__", None)
    if origin is not None and origin is not annotation:
        yield from _models_in(origin)


def _child(node: Any, part: int | str) -> tuple[bool, Any]:
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return True, node[part]
    if isinstance(node, dict) and part in node:
        return True, node[part]
    return False, None


def _data_path(data: Any, loc: Iterable[int | str]) -> Path:
    """Pydantic's loc, without the union/generic steps that are not in the card."""
    path: list[str | int] = []
    node = data
    parts = list(loc)
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        if isinstance(node, dict) and not last and part == node.get("type"):
            continue  # the discriminated union's tag step, not the field of that name
        found, child = _child(node, part)
        if found:
            node = child
            path.append(part)
        elif last and isinstance(part, str) and not (isinstance(node, dict) or node is None):
            break  # e.g. 'value' of a bare control: the bare value itself is at fault
        elif last:
            path.append(part)
        # otherwise a union or generic step (e.g. 'ControlDetail[...]') that is not in the card
    return tuple(path)


def _evaluation_type(data: Any, path: Path) -> str | None:
    if len(path) >= 2 and path[0] == "evaluations" and isinstance(path[1], int):
        try:
            entry = data["evaluations"][path[1]]
        except (KeyError, IndexError, TypeError):
            return None
        kind = entry.get("type") if isinstance(entry, dict) else None
        return kind if isinstance(kind, str) else None
    return None


def _problem(doc: Document, error: Any) -> Problem:
    path = _data_path(doc.data, error["loc"])
    kind = error["type"]
    field = format_path(path)
    message = error["msg"]
    hint = ""
    if kind == "extra_forbidden":
        line, col = doc.key_position(path)
        name = str(path[-1])
        owner = next((t for t, names in TYPE_FIELDS.items() if name in names), None)
        current = _evaluation_type(doc.data, path)
        if owner and current and owner != current:
            return Problem(
                doc.path,
                line,
                col,
                field,
                f"'{name}' belongs to {owner} evaluations, not {current}",
                f"a {current} entry takes none of the {owner} fields; remove it or change `type`",
            )
        message = f"unknown field '{name}'"
        close = difflib.get_close_matches(name, sorted(_field_names()), n=1)
        hint = f"did you mean '{close[0]}'?" if close else "see `releasecheck schema card` for the fields"
        return Problem(doc.path, line, col, field, message, hint)
    line, col = doc.position(path)
    if kind == "missing":
        parent = path[:-1]
        line, col = doc.position(parent) if parent else (1, 1)
        message = f"required field '{path[-1]}' is missing"
        hint = "see `releasecheck schema card` for what it takes"
    else:
        message, hint = _explain_value(doc, path, error)
    return Problem(doc.path, line, col, field, message, hint)


def _explain_value(doc: Document, path: Path, error: Any) -> tuple[str, str]:
    scalar = doc.scalars.get(path)
    got = error.get("input")
    expected = error["msg"].replace("Input should be", "expected").replace("input should be", "expected")
    if scalar is not None and scalar.plain and isinstance(got, bool) and scalar.raw.lower() in _YAML11_BOOL_WORDS:
        return (
            f"{expected}; YAML read `{scalar.raw}` as the boolean {str(got).lower()}",
            f'quote it if you mean the text: "{scalar.raw}"',
        )
    if (
        scalar is not None
        and scalar.plain
        and isinstance(got, int | float)
        and not isinstance(got, bool)
        and error["type"] == "string_type"
    ):
        return (f"{expected}; YAML read `{scalar.raw}` as a number", f'quote it: "{scalar.raw}"')
    if isinstance(got, str) and error["type"] in ("float_type", "int_type", "int_parsing", "float_parsing"):
        return (f"{expected}, got the text '{got}'", "write a plain number without quotes, e.g. 6.3e24")
    if error["type"] == "union_tag_invalid":
        tags = error.get("ctx", {}).get("expected_tags", "")
        return (f"unknown evaluation type '{got}'", f"use one of: {tags}")
    if error["type"] == "union_tag_not_found":
        return ("evaluation has no `type`", "add type: benchmark | uplift-study | red-team | threshold-assessment")
    return (f"{expected} (got {_short(got)})", "")


def _short(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def validate_document(doc: Document, domains: Iterable[str] | None = None) -> Card:
    """Validate a Document; raise InputError with every problem, sorted by position."""
    try:
        card = Card.model_validate(doc.data)
    except ValidationError as err:
        raise InputError(_merge_alternatives([_problem(doc, e) for e in err.errors()])) from None
    problems = list(cross_field_problems(doc, card, frozenset(domains) if domains is not None else None))
    if problems:
        raise InputError(sorted(problems))
    return card


def _merge_alternatives(problems: list[Problem]) -> list[Problem]:
    """A union gives one error per member at the same place; say it once, with both options."""
    merged: dict[tuple[int, int, str], Problem] = {}
    for problem in problems:
        key = (problem.line, problem.col, problem.field)
        first = merged.get(key)
        if first is None:
            merged[key] = problem
        elif first.message.startswith("expected") and problem.message.startswith("expected"):
            head, _, got = first.message.partition(" (got ")
            other = problem.message.partition(" (got ")[0].removeprefix("expected ")
            merged[key] = Problem(
                first.file,
                first.line,
                first.col,
                first.field,
                f"{head} or {other}" + (f" (got {got}" if got else ""),
                first.hint or problem.hint,
            )
    return sorted(merged.values())


def cross_field_problems(doc: Document, card: Card, domains: frozenset[str] | None) -> Iterator[Problem]:
    seen: dict[str, int] = {}
    for index, evaluation in enumerate(card.evaluations):
        if evaluation.id is None:
            continue
        if evaluation.id in seen:
            line, col = doc.position(("evaluations", index, "id"))
            yield Problem(
                doc.path,
                line,
                col,
                f"evaluations[{index}].id",
                f"evaluation id '{evaluation.id}' is used twice (first at evaluations[{seen[evaluation.id]}])",
                "ids must be unique so reports can refer to each result",
            )
        else:
            seen[evaluation.id] = index
    if domains is not None:
        yield from _unknown_domains(doc, card, domains)


def _domain_uses(card: Card) -> Iterator[tuple[Path, str]]:
    for index, evaluation in enumerate(card.evaluations):
        yield ("evaluations", index, "domain"), evaluation.domain
    for index, domain in enumerate(card.safeguards.data_filtering):
        yield ("safeguards", "data_filtering", index), domain
    for index, comparison in enumerate(card.marginal_risk.domain_comparisons):
        yield ("marginal_risk", "domain_comparisons", index, "domain"), comparison.domain
    if card.similarly_safe is not None:
        for domain in card.similarly_safe.reference.assessed_levels:
            yield ("similarly_safe", "reference", "assessed_levels", domain), domain


def _unknown_domains(doc: Document, card: Card, domains: frozenset[str]) -> Iterator[Problem]:
    for path, domain in _domain_uses(card):
        if domain in domains:
            continue
        is_key = path[-1] == domain and path[-2] == "assessed_levels"
        line, col = doc.key_position(path) if is_key else doc.position(path)
        close = difflib.get_close_matches(domain, sorted(domains), n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"known domains: {', '.join(sorted(domains))}"
        yield Problem(doc.path, line, col, format_path(path), f"unknown risk domain '{domain}'", hint)
