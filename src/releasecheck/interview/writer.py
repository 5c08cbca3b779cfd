"""Card data -> commented YAML that loads back to exactly the same values.

The card models guide the writing: sections and nested mappings get a comment from their
description, free text is JSON-quoted (so YAML never turns it into a boolean, number or
date), choices are written plain, floats always carry a dot or exponent YAML reads as float.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import textwrap
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from releasecheck.card import model as c
from releasecheck.interview.answers import number_text
from releasecheck.interview.evidence import own_fields
from releasecheck.interview.schema import Shape, evaluation_types, is_control, item_model, nested_model, shape_of

HEADER = (
    "# releasecheck card, written by `releasecheck interview`. Edit it freely.\n"
    "# Check it with:  releasecheck check THIS-FILE      Field help:  releasecheck schema card\n"
)
_PLAIN = re.compile(r"^[a-z][a-z0-9-]*$")
_YAML11_WORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"})
_STR_TAG = "tag:yaml.org,2002:str"
_PLAIN_FIELDS = frozenset({"domain", "data_filtering"})  # domain ids read best unquoted


def card_yaml(data: dict[str, Any], domain_title: Callable[[str], str] | None = None) -> str:
    """The card as YAML text, sections in schema order, each under its description."""
    lines = [HEADER.rstrip("\n"), "releasecheck: 1"]
    for name, info in c.Card.model_fields.items():
        if name == "releasecheck" or name not in data:
            continue
        lines.append("")
        lines += comment(info.description or name, "")
        if name == "evaluations":
            lines += _evaluations(data[name], domain_title or (lambda d: d))
        else:
            lines += _entry(name, data[name], info, "")
    return "\n".join(lines) + "\n"


def comment(text: str, pad: str) -> list[str]:
    return textwrap.wrap(text, 96, initial_indent=f"{pad}# ", subsequent_indent=f"{pad}# ")


def _entry(key: str, value: Any, info: FieldInfo, pad: str) -> list[str]:
    sub = nested_model(info)
    if sub is not None and is_control(sub):
        return [f"{pad}{key}: {_control(value, sub)}"]
    if sub is not None:
        return _mapping(key, value, sub, pad)
    item = item_model(info)
    if item is not None:
        return _items(key, value, lambda _: item, pad)
    shape = shape_of(info.annotation, list(info.metadata))
    plain = key in _PLAIN_FIELDS or shape.kind in ("choice", "choices")
    return [f"{pad}{key}: {_value(value, shape, plain)}"]


def _mapping(key: str, value: dict[str, Any], model: type[BaseModel], pad: str) -> list[str]:
    if not value:
        return [f"{pad}{key}: {{}}"]
    lines = [f"{pad}{key}:"]
    inner = pad + "  "
    for name, info in model.model_fields.items():
        if name not in value:
            continue
        sub = nested_model(info) or item_model(info)
        if sub is not None and not is_control(sub):
            lines += comment(info.description or name, inner)
        lines += _entry(name, value[name], info, inner)
    return lines


def _evaluations(entries: list[dict[str, Any]], domain_title: Callable[[str], str]) -> list[str]:
    if not entries:
        return ["evaluations: []"]
    lines = ["evaluations:"]
    domain = None
    types = evaluation_types()
    for entry in entries:
        if entry.get("domain") != domain:
            domain = entry.get("domain")
            lines.append(f"  # --- {domain}: {domain_title(str(domain))} ---")
        lines += _item(entry, types[entry["type"]], "  ", _evaluation_order(entry["type"]))
    return lines


def _evaluation_order(kind: str) -> list[str]:
    model = evaluation_types()[kind]
    own = own_fields(kind)
    head = ["id", "domain", "type", *own]
    return head + [n for n in model.model_fields if n not in head]


def _items(key: str, value: list[Any], model_of: Callable[[Any], type[BaseModel]], pad: str) -> list[str]:
    if not value:
        return [f"{pad}{key}: []"]
    lines = [f"{pad}{key}:"]
    for entry in value:
        model = model_of(entry)
        order = sorted(model.model_fields, key=lambda name: name != "domain")  # the domain first
        lines += _item(entry, model, pad + "  ", order)
    return lines


def _item(entry: dict[str, Any], model: type[BaseModel], pad: str, order: list[str]) -> list[str]:
    lines: list[str] = []
    for name in order:
        if name in entry:
            lines += _entry(name, entry[name], model.model_fields[name], pad + "  ")
    if lines:
        lines[0] = f"{pad}- {lines[0][len(pad) + 2 :]}"
    return lines


def _control(value: Any, model: type[BaseModel]) -> str:
    shape = shape_of(model.model_fields["value"].annotation)
    if not isinstance(value, dict):
        return _value(value, shape, True)
    parts = [f"value: {_value(value['value'], shape, True)}"]
    parts += [
        f"{k}: {_value(value[k], Shape('text'), False)}" for k in ("evidence", "notes") if value.get(k) is not None
    ]
    return "{" + ", ".join(parts) + "}"


def _value(value: Any, shape: Shape, plain: bool) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_value(v, shape, plain) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_string(str(k), True)}: {_value(v, shape, True)}" for k, v in value.items()) + "}"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return number_text(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return _string(str(value), plain)


def _string(text: str, plain: bool) -> str:
    """Plain only for ids YAML 1.1 and 1.2 both read as this same text; JSON-quoted otherwise."""
    if plain and _PLAIN.match(text) and text not in _YAML11_WORDS:
        tag = Resolver().resolve(ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
        if tag == _STR_TAG:
            return text
    return json.dumps(text, ensure_ascii=False)
