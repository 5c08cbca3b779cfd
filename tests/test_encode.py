"""The orjson encoder writes the bytes the stdlib encoder wrote (issue 18): every shipped example and
generated cards, non-ASCII escaping, float spelling, key order and the indent=2 layout."""

from __future__ import annotations

import importlib.util
import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES, ROOT
from releasecheck.encode import FLOAT_FIELDS, encode
from releasecheck.report.json_report import record
from releasecheck.rubric.load import load_rubric_set
from releasecheck.run.config import CheckOptions, RunConfig
from releasecheck.runner import check_path


def _stdlib(value: Any, indent: bool, ensure_ascii: bool) -> str:
    if indent:  # what report/json_report.py wrote before: -f json
        return json.dumps(value, sort_keys=True, indent=2, ensure_ascii=ensure_ascii)
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=ensure_ascii)  # -f jsonl


def _assert_same(value: Any) -> None:
    for indent in (True, False):
        for ensure_ascii in (True, False):
            assert encode(value, indent=indent, ensure_ascii=ensure_ascii) == _stdlib(value, indent, ensure_ascii)


@cache
def _options(compare: bool) -> CheckOptions:
    return CheckOptions(load_rubric_set(None), RunConfig(generated_at="2026-01-01T00:00:00Z", compare_profiles=compare))


def _items(paths: list[Path], compare: bool) -> Iterator[Any]:
    for path in paths:
        yield record(check_path(str(path), _options(compare)))


def test_every_shipped_example_encodes_as_the_stdlib_did() -> None:
    paths = sorted(p for p in EXAMPLES.rglob("*") if p.suffix in (".yaml", ".yml", ".md"))
    assert len(paths) > 20
    for compare in (False, True):
        items = list(_items(paths, compare))
        for item in items:
            _assert_same(item)
        _assert_same(items)  # a folder's -f json is one array


def _generate(tmp: Path, count: int) -> list[Path]:
    """bench/generate.py's cards; every seventh gets non-ASCII and astral characters in text
    the report repeats (the model name; a card may not hold control characters: the edge cases have them)."""
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "bench" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    paths: list[Path] = module.generate(tmp, count, seed=3)
    for path in paths[::7]:
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"(?m)^(  name: ).*$", r'\1"Mod\\u00e8le \\U0001F600 日本"', text, count=1)
        path.write_text(text, encoding="utf-8")
    return paths


def _check_generated(tmp: Path, count: int) -> None:
    paths = _generate(tmp, count)
    floats = unusual = 0
    for item in _items(paths, compare=True):
        _assert_same(item)
        floats += sum(type(d.get("excess")) is float for d in item.get("domains", []))
        unusual += "\U0001f600" in item.get("model", {}).get("name", "")
    assert floats > count and unusual > count // 8  # float spelling and escaping were exercised


def test_generated_cards_encode_as_the_stdlib_did(tmp_path: Path) -> None:
    _check_generated(tmp_path, 500)


@pytest.mark.slow
def test_ten_thousand_generated_cards_encode_as_the_stdlib_did(tmp_path: Path) -> None:
    _check_generated(tmp_path, 10_000)


@pytest.mark.parametrize(
    "value",
    [
        {"s": "".join(map(chr, range(0x80))) + "é\u2028\u2029\U0001f600\ufffe\ud7ff"},
        {"big": 10**30, "neg": -(2**63), "max": 2**64},  # beyond orjson's 64 bits: the stdlib spells it
        {"lone": "\ud800"},  # a lone surrogate orjson refuses
        {"b": [], "a": {}, "c": [None, True, False, 0, -1]},
        [{"domains": [{"excess": x}], "obligations": [{"threshold_flop": y}]} for x, y in [(1e-05, 1e25), (0.1, 1e16)]],
    ],
)
def test_edge_values_encode_as_the_stdlib_did(value: Any) -> None:
    _assert_same(value)


def test_float_fields_are_the_report_schemas_numbers() -> None:
    """encode spells floats only where the report schema has a number: a new number field must be
    added to FLOAT_FIELDS (or it would be written as orjson spells it)."""
    schema = json.loads((ROOT / "schemas" / "report.schema.json").read_text())
    numbers = set()
    for name, definition in schema["$defs"].items():
        for field, prop in definition.get("properties", {}).items():
            if "number" in json.dumps(prop):
                numbers.add((name, field))
    tamper = {("TamperTest", f) for f in ("refusal_before", "refusal_after", "cost_usd")}  # safeguards.tamper_tests
    assert numbers == {("DomainReport", "excess"), ("ObligationReport", "threshold_flop"), *tamper}
    assert {field for _, field in FLOAT_FIELDS} == {field for _, field in numbers}
    assert "number" not in json.dumps({k: v for k, v in schema.items() if k != "$defs"})


def test_tamper_test_numbers_are_spelled_as_python_does() -> None:
    """safeguards.tamper_tests holds numbers (issue 17 item 2): 0.00001 and 1e25 as json.dumps writes them."""
    tamper = {"method": "fine-tuning", "refusal_before": 0.00001, "refusal_after": 1e-7, "cost_usd": 1e25}
    report = {"safeguards": {"tamper_tests": [tamper, {**tamper, "cost_usd": None}]}, "domains": []}
    _assert_same(report)
    _assert_same([report, report])
    assert '"cost_usd": 1e+25' in encode(report, indent=True, ensure_ascii=False)
