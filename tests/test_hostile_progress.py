"""Issue 19 item 8 and the low item on corrupt progress files: a progress file is data, not orders.

Its `output` field once made a resumed interview overwrite ~/.bashrc. A resumed card is written
to the path given with -o or beside the progress file, and an existing file there (other than the
card the interview started from) is replaced only with --force. A corrupt progress file is exit 2
naming the field, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from releasecheck.interview.session import interview
from releasecheck.rubric.load import load_rubric_set
from test_interview import FRONTIER, Script, session


def _stopped_halfway(tmp_path: Path) -> tuple[Path, Path]:
    stopped, _, out = session(tmp_path, FRONTIER[: len(FRONTIER) // 2])
    assert stopped.code == 130
    return Path(out), Path(out + ".progress.json")


def _tamper(progress: Path, **fields: object) -> None:
    data = json.loads(progress.read_text(encoding="utf-8"))
    data.update(fields)
    progress.write_text(json.dumps(data), encoding="utf-8")


def _resume(progress: Path, **kw: object) -> tuple[int, Script]:
    script = Script(FRONTIER[len(FRONTIER) // 2 :])
    result = interview(script.io, load_rubric_set(), resume=progress, **kw)  # type: ignore[arg-type]
    return result.code, script


def test_resume_writes_beside_the_progress_file_not_where_it_points(tmp_path: Path) -> None:
    out, progress = _stopped_halfway(tmp_path)
    victim = tmp_path / "home" / ".bashrc"
    victim.parent.mkdir()
    victim.write_text("alias ls='ls --color'\n", encoding="utf-8")
    _tamper(progress, output=str(victim))
    code, script = _resume(progress)
    assert code == 0, script.text[-1500:]
    assert victim.read_text(encoding="utf-8") == "alias ls='ls --color'\n"
    assert out.exists() and out.read_text(encoding="utf-8").startswith("# releasecheck card, written by")


def test_resume_writes_where_output_says(tmp_path: Path) -> None:
    _, progress = _stopped_halfway(tmp_path)
    chosen = tmp_path / "chosen.yaml"
    code, script = _resume(progress, output=str(chosen))
    assert code == 0, script.text[-1500:]
    assert chosen.read_text(encoding="utf-8").startswith("# releasecheck card, written by")


def test_resume_never_replaces_another_file_without_force(tmp_path: Path) -> None:
    out, progress = _stopped_halfway(tmp_path)
    out.write_text("precious: notes\n", encoding="utf-8")
    code, script = _resume(progress)
    assert code == 2
    assert "exists and is not the card this interview started from" in script.text and "--force" in script.text
    assert out.read_text(encoding="utf-8") == "precious: notes\n"
    assert progress.exists(), "the answers are kept"
    code, script = _resume(progress, force=True)
    assert code == 0, script.text[-1500:]
    assert out.read_text(encoding="utf-8").startswith("# releasecheck card, written by")


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        ({"profile": 7}, "'profile'"),
        ({"rubrics": ["x"]}, "'rubrics'"),
        ({"start": "card.yaml"}, "'start'"),
        ({"start": {"path": 1, "text": None}}, "'start'"),
        ({"answers": {"key": "x"}}, "'answers'"),
        ({"answers": [{"key": 5, "value": "x"}]}, "'answers[0].key'"),
        ({"output": ["x"]}, "'output'"),
    ],
)
def test_a_corrupt_progress_file_is_exit_2_naming_the_field(
    tmp_path: Path, fields: dict[str, object], named: str
) -> None:
    _, progress = _stopped_halfway(tmp_path)
    _tamper(progress, **fields)
    code, script = _resume(progress)
    assert code == 2, script.text[-1500:]
    assert named in script.text


def test_a_progress_file_that_is_no_json_is_exit_2(tmp_path: Path) -> None:
    progress = tmp_path / "x.progress.json"
    progress.write_bytes(b"\xff\xfe\x00garbage")
    code, script = _resume(progress)
    assert code == 2 and "not a progress file" in script.text
