"""Issue 19 item 10: an interrupted parallel run leaves no process and no temp file behind.

SIGTERM or SIGKILL to the parent of a `--jobs 2` run left both workers running for over ten
minutes, and each interrupted jsonl run left a temp file of up to 39 MB."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import EXAMPLES

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")]


def _children(pid: int) -> set[int]:
    out = set()
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        out |= {int(x) for x in task.read_text().split()}
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


@pytest.fixture(scope="module")
def many_cards(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("many")
    text = (EXAMPLES / "frontier-api.yaml").read_text(encoding="utf-8")
    for index in range(3000):
        (folder / f"card-{index:05}.yaml").write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_workers_die_with_their_parent_and_no_temp_file_is_left(tmp_path: Path, many_cards: Path, sig: int) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    args = ["check", str(many_cards), "-f", "jsonl", "-j", "2", "-o", str(out_dir / "reports.jsonl"), "--no-timestamp"]
    proc = subprocess.Popen(
        [sys.executable, "-m", "releasecheck", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    workers: set[int] = set()
    try:
        deadline = time.monotonic() + 30
        while len(workers) < 2 and time.monotonic() < deadline and proc.poll() is None:
            workers = {p for p in _children(proc.pid) if _alive(p)}
            time.sleep(0.05)
        assert len(workers) >= 2, "the run did not start two workers"
        time.sleep(0.5)  # let them work, and the jsonl temp file grow
        assert any(p.name.startswith(".reports.jsonl.") for p in out_dir.iterdir())
        os.kill(proc.pid, sig)
        proc.wait(timeout=10)
        time.sleep(2)
        left = {p for p in workers if _alive(p)}
        assert not left, f"workers still running 2 s after {signal.Signals(sig).name}: {left}"
        if sig == signal.SIGTERM:
            assert proc.returncode == 128 + signal.SIGTERM, proc.stderr.read() if proc.stderr else ""
            assert sorted(p.name for p in out_dir.iterdir()) == [], "a temp file was left"
    finally:  # whatever happened, nothing of this run outlives the test
        for pid in workers | ({proc.pid} if proc.poll() is None else set()):
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
        proc.wait(timeout=10)
        if proc.stderr:
            proc.stderr.close()
