"""Issue 19 item 9: the rubric cache is data (JSON), and a cache that fails to load is ignored and rebuilt.

The cache was a pickle: a corrupt file made every run exit 3 until it was deleted by hand, and a
planted one ran code."""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

import pytest

from conftest import EXAMPLES, invoke
from releasecheck.rubric import cache
from releasecheck.rubric.load import _read, default_rubric_dir, load_rubric_set


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("RELEASECHECK_NO_CACHE", raising=False)
    monkeypatch.setenv("RELEASECHECK_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache" / "releasecheck"


def _cache_file() -> Path:
    folder = default_rubric_dir()
    digest = hashlib.sha256()
    for path, raw in _read(folder):
        digest.update(path.name.encode() + b"\0" + raw + b"\0")
    found = cache._file(digest.hexdigest(), str(folder))
    assert found is not None
    return found


def _uncached() -> object:
    os.environ["RELEASECHECK_NO_CACHE"] = "1"
    try:
        return load_rubric_set()
    finally:
        del os.environ["RELEASECHECK_NO_CACHE"]


def test_the_cache_is_json_and_rebuilds_an_equal_rubric_set(cache_dir: Path) -> None:
    first = load_rubric_set()
    path = _cache_file()
    assert path.suffix == ".json" and path.read_bytes().startswith(b"{")
    again = load_rubric_set()
    assert again == first == _uncached()
    assert again is not first


class _Planted:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, ("touch planted-ran",))


@pytest.mark.parametrize(
    "content",
    [b"\x80\x04garbage", b'{"format": 2, "sha256": "x"', b"[]", b'{"format": 2}', pickle.dumps(_Planted())],
    ids=["garbage", "truncated", "a-list", "missing-fields", "planted-pickle"],
)
def test_a_cache_that_fails_to_load_is_ignored_and_rebuilt(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: bytes
) -> None:
    monkeypatch.chdir(tmp_path)
    load_rubric_set()
    path = _cache_file()
    path.write_bytes(content)
    assert load_rubric_set() == _uncached()
    assert not (tmp_path / "planted-ran").exists()
    assert path.read_bytes().startswith(b'{"format": 2'), "rewritten"
    result = invoke("check", str(EXAMPLES / "frontier-api.yaml"), "-f", "json")
    assert result.code == 0, result.stderr


def test_a_cache_of_the_wrong_shape_is_ignored(cache_dir: Path) -> None:
    """Valid JSON of the right keys but data the models would never hold: the rebuild is refused
    or the result is used only when it rebuilds (put() compares before writing)."""
    import json

    load_rubric_set()
    path = _cache_file()
    entry = json.loads(path.read_text(encoding="utf-8"))
    entry["rubric"]["rules"] = "not a list of rules"
    path.write_text(json.dumps(entry), encoding="utf-8")
    assert load_rubric_set() == _uncached()
