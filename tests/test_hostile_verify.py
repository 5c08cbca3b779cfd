"""Issue 19 item 2: verify reads only a regular card file, as big as `check` reads at most.

A tampered report can name any path as its card: /dev/zero (memory grew at 1 GB/s), a FIFO (hung
forever), /etc/passwd (read, and its hash printed). Each is exit 2 with a message within a
second or so, in little memory. A relative card path is looked for beside the report first."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT, invoke

CARD = EXAMPLES / "frontier-api.yaml"
WALL_LIMIT_S = 3.0  # a fresh process is ~0.4 s of it; the hang this guards against is forever
RSS_LIMIT_KB = 100 * 1024


def _report(tmp_path: Path, card_field: str | None = None) -> Path:
    card = Path(shutil.copy(CARD, tmp_path / "card.yaml"))
    out = tmp_path / "report.json"
    assert invoke("check", str(card), "-f", "json", "-o", str(out)).code == 0
    if card_field is not None:
        report = json.loads(out.read_text(encoding="utf-8"))
        report["input"]["path"] = card_field
        out.write_text(json.dumps(report), encoding="utf-8")
    return out


# The child is started by a small fresh launcher, not by pytest: a forked child's peak RSS counts
# the memory of the process it was forked from, and pytest's is hundreds of MB in a full run.
_LAUNCHER = """
import os, subprocess, sys
child = subprocess.Popen([sys.executable, "-m", "releasecheck", *sys.argv[1:]], stdout=subprocess.DEVNULL)
_, status, usage = os.wait4(child.pid, 0)
sys.stderr.write(f"\\n@@maxrss {usage.ru_maxrss}\\n")
sys.exit(os.waitstatus_to_exitcode(status))
"""


def _bounded(*args: str, cwd: Path = ROOT) -> tuple[int, float, int, str]:
    """Exit code, seconds and peak RSS (KB) of a fresh `releasecheck` process; killed past 10 s."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", _LAUNCHER, *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        cwd=cwd,
        text=True,
        start_new_session=True,
    )
    try:
        _, err = proc.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, 9)
        proc.communicate()
        pytest.fail(f"releasecheck {' '.join(args)} still running after 10 s")
    seconds = time.perf_counter() - start
    err, _, rss = err.rpartition("\n@@maxrss ")
    return proc.returncode, seconds, int(rss), err


def _assert_refused(code: int, seconds: float, rss: int, stderr: str, *messages: str) -> None:
    assert code == 2, stderr
    assert seconds < WALL_LIMIT_S, f"took {seconds:.2f} s"
    assert rss < RSS_LIMIT_KB, f"peak RSS {rss / 1024:.0f} MB"
    assert "Traceback" not in stderr and "internal error" not in stderr
    for message in messages:
        assert message in stderr, stderr


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_verify_refuses_a_report_naming_dev_zero(tmp_path: Path) -> None:
    for named in ("/dev/zero", str(tmp_path / "zero.yaml")):
        if named != "/dev/zero":
            os.symlink("/dev/zero", named)
        report = _report(tmp_path, named)
        _assert_refused(*_bounded("verify", str(report), cwd=tmp_path), named)


def test_verify_refuses_a_report_naming_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "card-fifo.yaml"
    os.mkfifo(fifo)
    report = _report(tmp_path, str(fifo))
    _assert_refused(*_bounded("verify", str(report), cwd=tmp_path), "not a regular file (a FIFO)")


def test_verify_refuses_a_fifo_as_the_report_and_as_card(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    _assert_refused(*_bounded("verify", str(fifo), cwd=tmp_path), "not a regular file (a FIFO)")
    report = _report(tmp_path)
    _assert_refused(*_bounded("verify", str(report), "--card", str(fifo), cwd=tmp_path), "not a card file")


@pytest.mark.skipif(not os.path.exists("/etc/passwd"), reason="needs /etc/passwd")
def test_verify_refuses_a_file_that_is_no_card_and_prints_no_hash_of_it(tmp_path: Path) -> None:
    import hashlib

    report = _report(tmp_path, "/etc/passwd")
    result = invoke("verify", str(report))
    assert result.code == 2
    assert "/etc/passwd:1:1: not a card file" in result.stderr
    digest = hashlib.sha256(Path("/etc/passwd").read_bytes()).hexdigest()
    assert digest not in result.stdout + result.stderr


def test_verify_refuses_a_card_over_the_size_cap_unread(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as handle:
        handle.truncate(8 * 1024 * 1024 * 1024)  # sparse: 8 GiB that cost nothing to make
    report = _report(tmp_path, str(big))
    _assert_refused(*_bounded("verify", str(report), cwd=tmp_path), "a card may be at most 1,048,576")


def test_a_relative_card_path_is_looked_for_beside_the_report(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    report = _report(archive, "card.yaml")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "card.yaml").write_text("releasecheck: 1\n", encoding="utf-8")  # a decoy in the working directory
    proc = subprocess.run(
        [sys.executable, "-m", "releasecheck", "verify", str(report)],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "holds" in proc.stdout


def test_card_names_the_card_explicitly(tmp_path: Path) -> None:
    report = _report(tmp_path, "/dev/zero")
    result = invoke("verify", str(report), "--card", str(tmp_path / "card.yaml"))
    assert result.code == 0, result.stdout + result.stderr


def test_check_refuses_a_fifo_named_directly_and_goes_on(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    good = shutil.copy(CARD, tmp_path / "good.yaml")
    code, seconds, _, stderr = _bounded("check", str(fifo), str(good), "-q", cwd=tmp_path)
    assert code == 2 and seconds < WALL_LIMIT_S, stderr
    assert f"{fifo}:1:1: not a regular file (a FIFO)" in stderr
