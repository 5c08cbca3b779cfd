"""Starting from a card (--from): keep every value that is valid, say what is left out and why."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from releasecheck.card import model as c
from releasecheck.card.frontmatter import fill_gaps
from releasecheck.interview.schema import field_spec, is_control, item_model, nested_model
from releasecheck.rubric.load import Rubric
from releasecheck.yamlpos.loader import load_text
from releasecheck.yamlpos.problems import InputError

_EVALUATION: TypeAdapter[Any] = TypeAdapter(c.Evaluation)


def card_answers(text: str, path: str, rubric: Rubric) -> tuple[dict[str, Any], list[str]]:
    """The card's valid values (to skip their questions) and a note per value left out.

    Raises InputError when the file is no YAML card at all.
    """
    doc = load_text(text, path, markdown=path.lower().endswith(".md"), plain=True)
    notes: list[str] = []
    if doc.front_matter:
        fill_gaps(doc, rubric.benchmarks)
        notes.extend(f"{what.split(' = ', 1)[0]}: taken from the front matter" for _, what in doc.filled)
        notes.extend(doc.unused)
    data = _clean(c.Card, doc.data, "", notes, frozenset(rubric.domain_ids))
    return data, notes


def _clean(model: type[BaseModel], data: Any, where: str, notes: list[str], domains: frozenset[str]) -> dict[str, Any]:
    if not isinstance(data, dict):
        notes.append(f"{where or 'the card'}: not a mapping; left out")
        return {}
    out: dict[str, Any] = {}
    for key, value in data.items():
        path = f"{where}.{key}" if where else str(key)
        if key not in model.model_fields:
            notes.append(f"{path}: unknown field; left out")
            continue
        kept = _field(model, str(key), value, path, notes, domains)
        if kept is not None:
            out[str(key)] = kept
    return out


def _field(model: type[BaseModel], key: str, value: Any, path: str, notes: list[str], domains: frozenset[str]) -> Any:
    info = model.model_fields[key]
    sub = nested_model(info)
    if value is None:
        return None
    if sub is not None and not is_control(sub):
        return _clean(sub, value, path, notes, domains)
    if path == "evaluations":
        return _items(value, path, notes, domains, _EVALUATION)
    item = item_model(info)
    if item is not None:
        return _items(value, path, notes, domains, TypeAdapter(item))
    try:
        field_spec(model, key).validate(value)
    except ValidationError as err:
        notes.append(f"{path}: {err.errors()[0]['msg']}; asked again")
        return None
    return _known_domains(model, key, value, path, notes, domains)


def _known_domains(
    model: type[BaseModel], key: str, value: Any, path: str, notes: list[str], domains: frozenset[str]
) -> Any:
    if path == "safeguards.data_filtering" or key == "assessed_levels":
        unknown = [d for d in value if d not in domains]
        if unknown:
            notes.append(f"{path}: unknown risk domain(s) {', '.join(unknown)}; left out")
            return (
                [d for d in value if d in domains]
                if isinstance(value, list)
                else {k: v for k, v in value.items() if k in domains}
            )
    return value


def _items(value: Any, path: str, notes: list[str], domains: frozenset[str], adapter: TypeAdapter[Any]) -> Any:
    if not isinstance(value, list):
        notes.append(f"{path}: not a list; asked again")
        return None
    out = []
    ids: set[str] = set()
    for index, item in enumerate(value):
        where = f"{path}[{index}]"
        try:
            adapter.validate_python(item)
        except ValidationError as err:
            notes.append(f"{where}: {err.errors()[0]['msg']}; left out")
            continue
        domain = item.get("domain")
        if domain is not None and domain not in domains:
            notes.append(f"{where}: unknown risk domain '{domain}'; left out")
            continue
        ident = item.get("id")
        if isinstance(ident, str) and ident in ids:
            notes.append(f"{where}: id '{ident}' is used twice; the second is left out")
            continue
        if isinstance(ident, str):
            ids.add(ident)
        out.append(item)
    return out


__all__ = ["InputError", "card_answers"]
