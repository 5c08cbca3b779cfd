"""Fuzzing with a fixed budget (issue 19): waivers files and interview progress files.

Hypothesis writes structurally varied files — valid ones with one field retyped, deleted or nested, and
arbitrary YAML/JSON values — and the loaders must answer with a result or their own input error
(`InputError` for waivers, `ProgressError` for progress files), never another exception. The CLI then
turns those into exit 2 with a message (tests/test_waivers.py, tests/test_hostile_progress.py).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import examples
from releasecheck.interview.progress import Progress, ProgressError
from releasecheck.rubric.load import load_rubric_set
from releasecheck.run.waivers import load_waivers
from releasecheck.yamlpos.problems import InputError

RUBRIC_SET = load_rubric_set()
TODAY = dt.date(2026, 12, 4)
FUZZ = settings(
    max_examples=examples(400),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=30), st.dates()
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
GOOD_WAIVER = {
    "rule": "REQ-API-HIGH",
    "reason": "monitoring ships before general availability",
    "approved_by": "Jane Doe",
    "expires": dt.date(2027, 3, 31),
    "scope": "examples/*",
}


@st.composite
def waiver_files(draw: st.DrawFn) -> Any:
    if draw(st.integers(0, 4)) == 0:
        return draw(VALUES)  # anything at all
    entries = [dict(GOOD_WAIVER) for _ in range(draw(st.integers(0, 3)))]
    for entry in entries:
        if draw(st.booleans()):
            key = draw(st.sampled_from([*GOOD_WAIVER, "unexpected"]))
            if draw(st.booleans()):
                entry.pop(key, None)
            else:
                entry[key] = draw(VALUES)
    return {"waivers": entries} if draw(st.integers(0, 5)) else entries


@pytest.mark.slow
@FUZZ
@given(data=waiver_files())
def test_any_waivers_file_loads_or_is_an_input_error(tmp_path: Path, data: Any) -> None:
    path = tmp_path / "waivers.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    try:
        load_waivers(str(path), RUBRIC_SET, TODAY)
    except InputError as err:
        assert err.problems and all(p.line >= 1 for p in err.problems)


GOOD_PROGRESS: dict[str, Any] = {
    "releasecheck_interview": 1,
    "output": "card.yaml",
    "profile": None,
    "rubrics": {},
    "start": None,
    "last": "",
    "answers": [{"key": "model.name", "value": "X"}],
}


@st.composite
def progress_files(draw: st.DrawFn) -> Any:
    if draw(st.integers(0, 4)) == 0:
        return draw(VALUES)
    data = copy_of(GOOD_PROGRESS)
    for _ in range(draw(st.integers(1, 3))):
        key = draw(st.sampled_from([*GOOD_PROGRESS, "unexpected"]))
        if draw(st.booleans()):
            data.pop(key, None)
        else:
            data[key] = draw(VALUES)
    return data


def copy_of(data: dict[str, Any]) -> dict[str, Any]:
    return json.loads(json.dumps(data))


@pytest.mark.slow
@FUZZ
@given(data=progress_files())
def test_any_progress_file_loads_or_is_a_progress_error(tmp_path: Path, data: Any) -> None:
    path = tmp_path / "card.yaml.progress.json"
    path.write_text(json.dumps(data, default=str), encoding="utf-8")
    try:
        Progress.load(str(path))
    except ProgressError as err:
        assert str(err)


def test_the_fuzzers_start_from_files_that_load(tmp_path: Path) -> None:
    """The unmutated seeds are valid, so the fuzz explores around real files."""
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text(yaml.safe_dump({"waivers": [GOOD_WAIVER]}), encoding="utf-8")
    assert [w.rule for w in load_waivers(str(waivers), RUBRIC_SET, TODAY)] == ["REQ-API-HIGH"]
    progress = tmp_path / "p.json"
    progress.write_text(json.dumps(GOOD_PROGRESS), encoding="utf-8")
    assert Progress.load(str(progress)).output == "card.yaml"
