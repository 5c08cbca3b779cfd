"""The real program in a pseudo-terminal, answered as a lab would (pexpect)."""

from __future__ import annotations

import io
import json
import os
import re
import signal
import sys
from pathlib import Path
from typing import Any

import pytest

from releasecheck.card.validate import validate_document
from releasecheck.interview.session import interview
from releasecheck.rubric.load import load_rubric_set
from releasecheck.yamlpos.loader import load_path
from test_interview import EPOCH, FRONTIER, Script

pexpect = pytest.importorskip("pexpect")

_ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[=>]")


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def spawn(tmp_path: Path, *args: str, term: str = "dumb") -> tuple[Any, io.StringIO]:
    env = {**os.environ, "NO_COLOR": "1", "TERM": term, "SOURCE_DATE_EPOCH": EPOCH}
    env.pop("COLUMNS", None)
    child = pexpect.spawn(
        sys.executable,
        ["-m", "releasecheck", "interview", *args],
        cwd=str(tmp_path),
        env=env,
        encoding="utf-8",
        timeout=10,
        dimensions=(40, 100),
        # a terminal's Ctrl-C must reach the program even when pytest itself runs in a background
        # job, where the shell ignores SIGINT and the child would inherit that
        preexec_fn=_default_sigint,
    )
    child.delaybeforesend = None  # answers follow their prompt; pexpect's 50 ms pause is not needed
    log = io.StringIO()
    child.logfile_read = log
    return child, log


def answer(child: Any, answers: list[str]) -> None:
    for text in answers:
        child.expect_exact("> ")
        child.sendline(text)


def finish(child: Any) -> int:
    child.expect(pexpect.EOF)
    child.close()
    return int(child.exitstatus)


@pytest.fixture(scope="module")
def reference_card(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The card an uninterrupted session with FRONTIER writes (in-process, quick)."""
    out = tmp_path_factory.mktemp("reference") / "card.yaml"
    result = interview(Script(FRONTIER).io, load_rubric_set(), output=str(out))
    assert result.code == 0
    return out.read_text(encoding="utf-8")


def test_a_full_session_in_a_terminal(tmp_path: Path, reference_card: str) -> None:
    answers = list(FRONTIER)
    score = FRONTIER.index("0.18")
    answers[score:score] = ["1.5"]  # re-asked with the reason
    kind = FRONTIER.index("1")
    answers[kind:kind] = ["frontier"]
    benchmark = answers.index("VCT")
    answers[benchmark:benchmark] = ["WMDP bio"]  # a near miss: asked again with the closest names
    child, log = spawn(tmp_path, "-o", "card.yaml", term="xterm")
    answer(child, answers)
    assert finish(child) == 0
    output = _ESCAPE.sub("", log.getvalue())
    assert "must be a fraction between 0 and 1" in output
    assert "'frontier' is not a choice" in output
    assert "did you mean WMDP-Bio?" in " ".join(output.split())
    last = [line for line in output.splitlines() if line.strip()][-1]
    assert last.startswith("Verdict: PASS") and "planned open-weights" in last  # not scrolled away
    assert "PASS" in output and "recommended" in output
    final = output[output.index("The assessment of that file") :]
    assert "Reasoning trail" not in final and "add --trail" in final  # the short text, the answer first
    assert "card.yaml.progress.json" in output.split("\n", 3)[1] + output.split("\n", 4)[2]
    widest = max(len(line.rstrip("\r")) for line in output.split("\n"))
    assert widest <= 80
    validate_document(load_path(str(tmp_path / "card.yaml")))
    assert (tmp_path / "card.yaml").read_text(encoding="utf-8") == reference_card
    assert not (tmp_path / "card.yaml.progress.json").exists()


def test_ctrl_c_halfway_then_resume_gives_the_same_card(tmp_path: Path, reference_card: str) -> None:
    half = len(FRONTIER) // 2
    child, log = spawn(tmp_path, "-o", "card.yaml")
    answer(child, FRONTIER[:half])
    child.expect_exact("> ")
    child.send("\x03")
    child.expect_exact("Stopped")
    assert finish(child) == 130
    assert "--resume card.yaml.progress.json" in log.getvalue()
    saved = json.loads((tmp_path / "card.yaml.progress.json").read_text(encoding="utf-8"))
    assert len(saved["answers"]) == half
    child, _ = spawn(tmp_path, "--resume", "card.yaml.progress.json")
    answer(child, FRONTIER[half:])
    assert finish(child) == 0
    assert (tmp_path / "card.yaml").read_text(encoding="utf-8") == reference_card


def test_sigkill_at_a_question_loses_no_answer(tmp_path: Path, reference_card: str) -> None:
    at = len(FRONTIER) * 2 // 3
    child, _ = spawn(tmp_path, "-o", "card.yaml")
    answer(child, FRONTIER[:at])
    child.expect_exact("> ")
    on_screen = _last_question(child.before)
    child.kill(signal.SIGKILL)
    child.close(force=True)
    saved = json.loads((tmp_path / "card.yaml.progress.json").read_text(encoding="utf-8"))
    assert len(saved["answers"]) == at
    child, _ = spawn(tmp_path, "--resume", "card.yaml.progress.json")
    child.expect_exact("> ")
    assert _last_question(child.before) == on_screen, "the same next question"
    child.sendline(FRONTIER[at])
    answer(child, FRONTIER[at + 1 :])
    assert finish(child) == 0
    assert (tmp_path / "card.yaml").read_text(encoding="utf-8") == reference_card


def _last_question(before: str) -> str:
    """The question text shown above a prompt (its first line after the last blank line)."""
    lines = _ESCAPE.sub("", before).replace("\r", "").split("\n")
    blocks = "\n".join(lines).strip("\n").split("\n\n")
    return blocks[-1].split("\n")[0].strip()
