"""What a card field takes, read from the pydantic models: the shape of one answer."""

from __future__ import annotations

import datetime as dt
import types
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import annotated_types as at
from pydantic import BaseModel, TypeAdapter
from pydantic.fields import FieldInfo

from releasecheck.card import model as c

ShapeKind = Literal["text", "number", "bool", "date", "choice", "choices", "texts", "other"]


@dataclass(frozen=True)
class Shape:
    """The kind of one answer: what it parses to and which values it allows."""

    kind: ShapeKind
    choices: tuple[str, ...] = ()
    unknown: bool = False  # `unknown` is itself a value (controls)
    control: bool = False  # an ABC control: bare value or {value, evidence, notes}
    ge: float | None = None
    le: float | None = None
    min_length: int | None = None
    open_choice: bool = False  # choices are offered, but any text is accepted

    @property
    def fraction(self) -> bool:
        return self.kind == "number" and self.ge == 0 and self.le == 1


@dataclass(frozen=True)
class FieldSpec:
    """One field of a card model, as a question needs it."""

    name: str
    description: str
    shape: Shape
    required: bool
    default: Any
    info: FieldInfo

    def validate(self, value: Any) -> Any:
        return _adapter(self.info).validate_python(value)


def _adapter(info: FieldInfo) -> TypeAdapter[Any]:
    return _adapter_for(Annotated[info.annotation, info])


@cache
def _adapter_for(annotation: Any) -> TypeAdapter[Any]:
    return TypeAdapter(annotation)


def _unwrap(tp: Any) -> tuple[Any, bool, list[Any]]:
    """Strip Optional and Annotated; keep the constraints."""
    optional = False
    meta: list[Any] = []
    while True:
        origin = get_origin(tp)
        if origin is Annotated:
            args = get_args(tp)
            tp = args[0]
            for item in args[1:]:
                meta.extend(item.metadata if isinstance(item, FieldInfo) else [item])
            continue
        if origin in (Union, types.UnionType):
            members = [a for a in get_args(tp) if a is not type(None)]
            optional = optional or len(members) < len(get_args(tp))
            if len(members) == 1:
                tp = members[0]
                continue
            tp = Union[tuple(members)]  # noqa: UP007 - rebuilt from a runtime tuple
        return tp, optional, meta


def _bounds(meta: list[Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for item in meta:
        if isinstance(item, at.Ge):
            out["ge"] = item.ge
        elif isinstance(item, at.Le):
            out["le"] = item.le
        elif isinstance(item, at.MinLen):
            out["min_length"] = item.min_length
    return out


def shape_of(annotation: Any, extra: list[Any] | None = None) -> Shape:
    """The answer shape of a type annotation (Optional and constraints included)."""
    tp, _, meta = _unwrap(annotation)
    bounds = _bounds([*meta, *(extra or [])])
    origin = get_origin(tp)
    if origin is Literal:
        return Shape("choice", tuple(str(a) for a in get_args(tp)))
    if origin in (Union, types.UnionType):
        return _union_shape(get_args(tp), bounds)
    if origin is list:
        item = shape_of(get_args(tp)[0])
        if item.kind == "choice":
            return Shape("choices", item.choices)
        return Shape("texts" if item.kind == "text" else "other")
    if is_control(tp):
        inner = shape_of(tp.model_fields["value"].annotation)
        return Shape(inner.kind, tuple(x for x in inner.choices if x != "unknown"), unknown=True, control=True)
    simple: dict[Any, ShapeKind] = {bool: "bool", int: "number", float: "number", str: "text", dt.date: "date"}
    return Shape(simple.get(tp, "other"), **bounds)


def is_control(tp: Any) -> bool:
    """An ABC control detail model: {value, evidence, notes}."""
    return isinstance(tp, type) and issubclass(tp, BaseModel) and {"value", "evidence"} <= set(tp.model_fields)


def _union_shape(members: tuple[Any, ...], bounds: dict[str, Any]) -> Shape:
    shapes = [shape_of(m) for m in members]
    if all(s.kind == "number" for s in shapes):
        return Shape("number", **bounds)
    unknown = [s for s in shapes if s.kind == "choice" and s.choices == ("unknown",)]
    rest = [s for s in shapes if s not in unknown]
    if unknown and len(rest) == 1:
        return Shape(rest[0].kind, rest[0].choices, unknown=True)
    return Shape("other")


def field_spec(model: type[BaseModel], name: str) -> FieldSpec:
    info = model.model_fields[name]
    shape = shape_of(info.annotation, list(info.metadata))
    default = None if info.is_required() else info.get_default(call_default_factory=True)
    return FieldSpec(name, info.description or name, shape, info.is_required(), default, info)


def fields(model: type[BaseModel]) -> list[FieldSpec]:
    return [field_spec(model, name) for name in model.model_fields]


def evaluation_types() -> dict[str, type[BaseModel]]:
    """Evaluation type id -> its model, from the card's discriminated union."""
    union = get_args(get_args(c.Evaluation)[0])
    out: dict[str, type[BaseModel]] = {}
    for member in union:
        (tag,) = get_args(member.model_fields["type"].annotation)
        out[str(tag)] = member
    return out


def section_model(name: str, parent: type[BaseModel] = c.Card) -> type[BaseModel]:
    """The model of a card section, e.g. 'access_controls' -> AccessControls."""
    found = nested_model(parent.model_fields[name])
    assert found is not None, name
    return found


def nested_model(info: FieldInfo) -> type[BaseModel] | None:
    """The model inside a field's annotation (Optional and Annotated stripped), if any."""
    tp, _, _ = _unwrap(info.annotation)
    return tp if isinstance(tp, type) and issubclass(tp, BaseModel) else None


def item_model(info: FieldInfo) -> type[BaseModel] | None:
    """For a list of models, the model of one item."""
    tp, _, _ = _unwrap(info.annotation)
    if get_origin(tp) is list:
        item, _, _ = _unwrap(get_args(tp)[0])
        return item if isinstance(item, type) and issubclass(item, BaseModel) else None
    return None
