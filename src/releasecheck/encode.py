"""Reports as JSON text, byte for byte what `json.dumps(..., sort_keys=True)` wrote, at orjson's speed.

Why: the stdlib encoder is C only without `indent`; `-f json` (indent=2) fell back to pure Python
and cost as much as the whole check, and even the C path (jsonl) was a sixth of a batch's CPU.
orjson is 5-30x faster; where it spells things otherwise, this module makes up the difference:

- floats: orjson writes `1e25` and `0.00001` where Python writes `1e+25` and `1e-05`. A report's
  numbers sit only where schemas/report.schema.json types a field `number` (FLOAT_FIELDS; a test
  holds the two in step): those are given to orjson already spelled (`orjson.Fragment(repr)`).
- `ensure_ascii` (jsonl): orjson writes UTF-8; non-ASCII and DEL are escaped afterwards as the
  stdlib does (`\\u00e9`, surrogate pairs above the BMP, lowercase hex).
- anything orjson refuses (an integer beyond 64 bits, a non-string key, a lone surrogate) is
  encoded by the stdlib instead, so the answer is the same, only slower.
"""

from __future__ import annotations

import codecs
import json
from typing import Any

import orjson

# (keys to a list of objects, field) of every `number` in the report schema; a list of such
# reports is also encoded
FLOAT_FIELDS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("domains",), "excess"),
    (("obligations",), "threshold_flop"),
    (("safeguards", "tamper_tests"), "refusal_before"),
    (("safeguards", "tamper_tests"), "refusal_after"),
    (("safeguards", "tamper_tests"), "cost_usd"),
)

_HANDLER = "releasecheck.json-escape"


def encode(value: Any, *, indent: bool, ensure_ascii: bool) -> str:
    """`json.dumps(value, sort_keys=True, ensure_ascii=..., indent=2 if indent else None,
    separators=None if indent else (",", ":"))`, the same text."""
    option = orjson.OPT_SORT_KEYS | (orjson.OPT_INDENT_2 if indent else 0)
    try:
        data = orjson.dumps(_spelled(value), option=option)
    except (orjson.JSONEncodeError, TypeError):
        return _stdlib(value, indent, ensure_ascii)
    text = data.decode()
    if ensure_ascii and not data.isascii():
        # the ascii codec finds the non-ASCII runs in C and asks _escape_run for each (a regex
        # over the whole text cost more than orjson's encoding)
        text = text.encode("ascii", _HANDLER).decode("ascii")
    if ensure_ascii and b"\x7f" in data:  # DEL is ASCII, but the stdlib escapes it too
        text = text.replace("\x7f", "\\u007f")
    return text


def _stdlib(value: Any, indent: bool, ensure_ascii: bool) -> str:
    if indent:
        return json.dumps(value, sort_keys=True, indent=2, ensure_ascii=ensure_ascii, check_circular=False)
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=ensure_ascii, check_circular=False)


def _spelled(value: Any) -> Any:
    """The report (or list of reports) with its floats as Python spells them; the caller's
    objects are not changed: only the dicts and lists on the way to a float are copied."""
    if type(value) is list:
        return [_spelled(item) for item in value]
    if type(value) is not dict:
        return value
    for keys, field in FLOAT_FIELDS:
        value = _spelled_at(value, keys, field)
    return value


def _spelled_at(obj: dict[str, Any], keys: tuple[str, ...], field: str) -> dict[str, Any]:
    child = obj.get(keys[0])
    if len(keys) > 1:
        if type(child) is not dict:
            return obj
        inner = _spelled_at(child, keys[1:], field)
        return obj if inner is child else {**obj, keys[0]: inner}
    if type(child) is not list or not any(type(i) is dict and type(i.get(field)) is float for i in child):
        return obj
    return {**obj, keys[0]: [_with_fragment(i, field) for i in child]}


def _with_fragment(item: Any, field: str) -> Any:
    if type(item) is not dict or type(item.get(field)) is not float:
        return item
    return {**item, field: orjson.Fragment(float.__repr__(item[field]))}


def _escape_run(err: UnicodeError) -> tuple[str, int]:
    assert isinstance(err, UnicodeEncodeError)
    return "".join(map(_escape, err.object[err.start : err.end])), err.end


def _escape(char: str) -> str:
    code = ord(char)
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 | (code >> 10):04x}\\u{0xDC00 | (code & 0x3FF):04x}"


codecs.register_error(_HANDLER, _escape_run)
