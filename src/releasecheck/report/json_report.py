"""The JSON report of SPEC §7 (schemas/report.schema.json): a Report's fields, as JSON."""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable
from typing import TYPE_CHECKING

from releasecheck.report.view import JSON

if TYPE_CHECKING:
    from releasecheck.report.formats import Context
    from releasecheck.runner import Outcome

# A Report becomes JSON through one converter per dataclass, written once from the field types:
# a batch writes ~1,000 values per card, and walking them generically (isinstance on every value)
# cost three times the hand-written dicts this replaced. Only our own field names are compiled.
_CONVERTERS: dict[type, Callable[[object], JSON]] = {}


def to_json(value: object) -> JSON:
    """A Report (or any dataclass of one) as plain JSON values: objects keyed by field names,
    tuples as lists; a field marked OMIT_NONE is left out when it is None."""
    return _converter(type(value))(value)


def _converter(cls: type) -> Callable[[object], JSON]:
    found = _CONVERTERS.get(cls)
    if found is None:
        from releasecheck.result import RunOptions

        hints = typing.get_type_hints(cls, localns={"RunOptions": RunOptions})
        env: dict[str, object] = {}
        body = ["def convert(v):", "    out = {}"]
        for name, omit_none in _fields(cls):
            if omit_none:
                body += [f"    x = v.{name}", f"    if x is not None: out[{name!r}] = {_expr(hints[name], 'x', env)}"]
            else:
                body.append(f"    out[{name!r}] = {_expr(hints[name], 'v.' + name, env)}")
        exec("\n".join([*body, "    return out"]), env)  # field names of our own classes only
        found = _CONVERTERS[cls] = typing.cast(Callable[[object], JSON], env["convert"])
    return found


def _fields(cls: type) -> list[tuple[str, bool]]:
    """(name, left out when None) per field of a dataclass, or of a NamedTuple the engine made."""
    if dataclasses.is_dataclass(cls):
        return [(f.name, bool(f.metadata.get("omit_none"))) for f in dataclasses.fields(cls)]
    names: tuple[str, ...] = getattr(cls, "_fields", ())
    return [(name, False) for name in names]


def _expr(hint: object, src: str, env: dict[str, object]) -> str:
    """A Python expression that turns `src`, of type `hint`, into JSON."""
    args = typing.get_args(hint)
    origin = typing.get_origin(hint)
    if hint in (str, int, float, bool) or origin is typing.Literal:
        return src
    if origin is dict and typing.get_origin(args[1]) in (typing.Union, types.UnionType):
        return src  # values that are JSON already (benefits)
    if origin in (typing.Union, types.UnionType):
        inner = _expr(next(a for a in args if a is not type(None)), src, env)
        return src if inner == src else f"(None if {src} is None else {inner})"
    item = f"e{len(env)}"
    if origin is tuple:
        inner = _expr(args[0], item, env)
        return f"list({src})" if inner == item else f"[{inner} for {item} in {src}]"
    if origin is dict:
        return f"{{k: {_expr(args[1], item, env)} for k, {item} in {src}.items()}}"
    assert isinstance(hint, type), hint  # a dataclass or NamedTuple of the report
    name = f"convert_{hint.__name__}"
    env[name] = _converter(hint)
    return f"{name}({src})"


def dumps(report: object) -> str:
    """Sorted keys and fixed separators: byte-identical across runs and hash seeds."""
    from releasecheck.encode import encode

    return encode(report, indent=True, ensure_ascii=False) + "\n"


def record(outcome: Outcome) -> JSON:
    """One card in machine-readable output: its report, or the record of an invalid card."""
    if outcome.report is not None:
        return to_json(outcome.report)
    return {
        "input": {"path": outcome.path},
        "invalid": True,
        "problems": [
            {"line": p.line, "col": p.col, "field": p.field, "message": p.message, "hint": p.hint}
            for p in outcome.problems
        ],
    }


def render_json(outcomes: list[Outcome], ctx: Context | None) -> str:
    """One card file named: its report; otherwise (ctx.array) a list, with invalid cards as `invalid` records."""
    items = [record(o) for o in outcomes]
    if len(outcomes) == 1 and outcomes[0].report is not None and not (ctx is not None and ctx.array):
        return dumps(items[0])
    return dumps(items)


def render_jsonl(outcomes: list[Outcome], _ctx: Context | None) -> str:
    """One line per input, reports and invalid cards alike, in input order."""
    from releasecheck.encode import encode

    # ASCII with \u escapes, as the stdlib encoder (fastest there) wrote it: the bytes stay the same
    return "".join(encode(record(o), indent=False, ensure_ascii=True) + "\n" for o in outcomes)
