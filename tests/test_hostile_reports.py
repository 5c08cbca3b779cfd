"""Issue 19 item 6: a tampered report is an input error for verify and diff, never a crash.

Reports are checked against schemas/report.schema.json first: a missing key, a wrong type, a
section whose type changed or runaway nesting is exit 2 naming the JSON path, and diff no longer
says "no differences" for a report whose section changed type. A Hypothesis fuzz mutates real
reports (delete, retype, nest) and asserts verify and diff answer 0, 1 or 2, never an exception."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES, invoke

CARD = EXAMPLES / "frontier-api.yaml"


@pytest.fixture(scope="module")
def archived(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    folder = tmp_path_factory.mktemp("reports")
    card = Path(shutil.copy(CARD, folder / "card.yaml"))
    out = folder / "good.json"
    assert invoke("check", str(card), "-f", "json", "-o", str(out), "--no-timestamp").code == 0
    return out, json.loads(out.read_text(encoding="utf-8"))


def _write(folder: Path, data: Any, name: str = "bad.json") -> Path:
    """The report as JSON; "DEEP" and "NEST" stand for arrays nested past and just under the
    depth Python's JSON parser reads (which json.dumps could not write)."""
    path = folder / name
    text = json.dumps(data).replace('"DEEP"', "[" * 5000 + "]" * 5000).replace('"NEST"', "[" * 900 + "]" * 900)
    path.write_text(text, encoding="utf-8")
    return path


def _assert_input_error(*args: str, where: str) -> None:
    result = invoke(*args)
    assert result.code == 2, (result.code, result.stdout, result.stderr)
    assert where in result.stderr, result.stderr
    assert "no differences" not in result.stdout


MUTATIONS = {
    "missing-input-sha256": (lambda r: r["input"].pop("sha256"), "$.input"),
    "missing-domains": (lambda r: r.pop("domains"), "$:"),
    "domains-a-string": (lambda r: r.__setitem__("domains", "bio"), "$.domains"),
    "abc-a-list": (lambda r: r.__setitem__("abc", []), "$.abc"),
    "trail-entry-number": (lambda r: r["trail"].__setitem__(0, 7), "$.trail[0]"),
    "tier-permitted-text": (lambda r: r["tiers"][0].__setitem__("permitted", "yes"), "$.tiers[0].permitted"),
    "rubrics-none": (lambda r: r.__setitem__("rubrics", None), "$.rubrics"),
    "deep-nesting": (lambda r: r.__setitem__("benefits", "DEEP"), "nested too deeply"),
    "nesting-900": (lambda r: r.__setitem__("benefits", "NEST"), "$.benefits"),
}


@pytest.mark.parametrize("name", list(MUTATIONS))
def test_a_tampered_report_is_exit_2_with_its_json_path(
    tmp_path: Path, archived: tuple[Path, dict[str, Any]], name: str
) -> None:
    good, report = archived
    tampered = copy.deepcopy(report)
    mutate, where = MUTATIONS[name]
    mutate(tampered)
    bad = _write(tmp_path, tampered)
    _assert_input_error("verify", str(bad), "--card", str(good.parent / "card.yaml"), where=where)
    _assert_input_error("diff", str(good), str(bad), where=where)
    _assert_input_error("diff", str(bad), str(good), where=where)


def test_a_report_nested_past_the_json_parser_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "deep.json"
    bad.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    _assert_input_error("verify", str(bad), where="nested too deeply")


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(value, dict):
        for key, sub in value.items():
            out += _paths(sub, (*prefix, key))
    elif isinstance(value, list):
        for index, sub in enumerate(value[:3]):
            out += _paths(sub, (*prefix, index))
    return out


@pytest.mark.slow
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_fuzzed_reports_never_crash_verify_or_diff(
    tmp_path: Path, archived: tuple[Path, dict[str, Any]], data: st.DataObject
) -> None:
    good, report = archived
    tampered = copy.deepcopy(report)
    paths = [p for p in _paths(tampered) if p]
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(paths))
        parent = tampered
        try:
            for part in path[:-1]:
                parent = parent[part]
            if data.draw(st.booleans()) and isinstance(parent, dict):
                parent.pop(path[-1], None)
            else:
                parent[path[-1]] = data.draw(JSON_VALUES)
        except (KeyError, IndexError, TypeError):
            continue
    bad = _write(tmp_path, tampered, "fuzzed.json")
    for args in (
        ("verify", str(bad), "--card", str(good.parent / "card.yaml")),
        ("diff", str(good), str(bad)),
        ("diff", str(bad), str(good)),
    ):
        result = invoke(*args)  # an exception here fails the test (catch_exceptions=False)
        assert result.code in (0, 1, 2), (args, result.stderr)
