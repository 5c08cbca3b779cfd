"""Reports reach files atomically, and devices are written to, never replaced."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from conftest import EXAMPLES, invoke

CARD = str(EXAMPLES / "frontier-api.yaml")


@pytest.fixture
def device(tmp_path: Path) -> Path:
    """A private copy of /dev/null's device node (needs root, as CI has)."""
    node = tmp_path / "null"
    try:
        os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("creating a device node needs root")
    return node


@pytest.mark.parametrize("fmt", ["json", "jsonl", "text"])
def test_output_to_a_device_leaves_the_device_in_place(device: Path, fmt: str) -> None:
    result = invoke("check", CARD, "-f", fmt, "-o", str(device))
    assert result.code == 0, result.stderr
    assert stat.S_ISCHR(device.stat().st_mode), "the device node was replaced by a regular file"
    assert [p.name for p in device.parent.iterdir()] == ["null"], "no temp file left beside it"


def test_output_to_a_file_is_replaced_whole(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    out.write_text("old")
    assert invoke("check", CARD, "-f", "json", "-o", str(out)).code == 0
    assert out.read_text().startswith("{") and [p.name for p in tmp_path.iterdir()] == ["report.json"]
    assert stat.S_IMODE(out.stat().st_mode) & 0o044, "a report is readable like any new file"


def test_output_to_an_unwritable_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = invoke("check", CARD, "-f", "json", "-o", str(tmp_path / "missing" / "r.json"))
    assert result.code == 2 and "cannot write" in result.stderr
