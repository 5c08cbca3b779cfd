"""Questions made from card fields: the text and help come from the schema's descriptions."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from pydantic import BaseModel, ValidationError

from releasecheck.interview.asker import Asker, Check, Question
from releasecheck.interview.schema import FieldSpec, Shape, field_spec

_ABBREVIATION = re.compile(r"(e\.g|i\.e| al)$")


def first_sentence(text: str) -> str:
    """Up to the first full stop outside brackets that does not end an abbreviation."""
    depth = 0
    for index, char in enumerate(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        at_end = index + 1 == len(text) or text[index + 1] == " "
        if char == "." and depth == 0 and at_end and not _ABBREVIATION.search(text[:index]):
            return text[:index]
    return text


def short(description: str, choices: tuple[str, ...] = ()) -> str:
    """The question: the description's first clause, without its full stop or choice list."""
    first = first_sentence(description.split("; ")[0])
    head, colon, tail = first.partition(": ")
    if colon and any(choice in tail for choice in choices):
        first = head  # "Who ran the evaluation: internal or third-party": the choices are listed anyway
    return first.rstrip(".: ")


def gap(value: Any) -> bool:
    """A value a card gives that still needs an answer: nothing, empty text, or unknown."""
    if isinstance(value, dict) and "value" in value:
        value = value["value"]
    return value is None or value == "" or value == "unknown"


def offered(value: Any) -> Any:
    """What a card's gap value offers as the default answer."""
    if isinstance(value, dict) and "value" in value:
        value = value["value"]
    return value if value == "unknown" else None


def validator(spec: FieldSpec) -> Check:
    """The schema's own check of a value, as a reason in words."""

    def check(value: Any) -> str | None:
        candidate = {"value": value} if spec.shape.control else value
        try:
            spec.validate(candidate)
        except ValidationError as err:
            first = err.errors()[0]
            return str(first["msg"]).replace("Input should", "it should").replace("String should", "it should")
        return None

    return check


def question(spec: FieldSpec, key: str, **changes: Any) -> Question:
    """The question for one field; ``changes`` override text, default, shape, help …"""
    q = Question(
        key=key,
        text=short(spec.description, spec.shape.choices),
        shape=spec.shape,
        required=spec.required,
        default=spec.default,
        help=spec.description,
        path=key,
        check=validator(spec),
    )
    return replace(q, **changes)


def ask_field(a: Asker, model: type[BaseModel], name: str, key: str, given: dict[str, Any], **changes: Any) -> Any:
    """The card's value when it has one, else the person's answer (None when skipped)."""
    current = given.get(name)
    if not gap(current):
        return current
    spec = field_spec(model, name)
    default = offered(current)
    if default is not None:
        changes.setdefault("default", default)
    return a(question(spec, key, **changes))


def ask_fields(
    a: Asker, model: type[BaseModel], key: str, given: dict[str, Any], names: Iterable[str] | None = None
) -> dict[str, Any]:
    """Ask each field in turn (all of the model's, or ``names``); skipped ones are left out."""
    out: dict[str, Any] = {}
    for name in names if names is not None else model.model_fields:
        value = ask_field(a, model, name, f"{key}.{name}", given)
        if value is not None:
            out[name] = value
    return out


def yes_no(key: str, text: str, default: bool | None, help: str = "") -> Question:
    return Question(key=key, text=text, shape=Shape("bool"), default=default, help=help or text)


def pick(key: str, text: str, choices: Iterable[str], help: str, **changes: Any) -> Question:
    return Question(key=key, text=text, shape=Shape("choice", tuple(choices)), required=True, help=help, **changes)
