"""verify, diff and the rubric-change impact view (SPEC §6; issue: release pipelines and audits)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import EXAMPLE_PATHS, EXAMPLES, RUBRICS, invoke, run

CARD = EXAMPLES / "frontier-api.yaml"


def _report(tmp_path: Path, card: Path, *extra: str) -> Path:
    out = tmp_path / f"{card.stem}.json"
    result = invoke("check", str(card), "-f", "json", "-o", str(out), *extra)
    assert result.code in (0, 1), result.stderr
    return out


def test_verify_holds_for_an_unchanged_card(tmp_path: Path) -> None:
    card = shutil.copy(CARD, tmp_path / "card.yaml")
    report = _report(tmp_path, Path(card))
    result = invoke("verify", str(report))
    assert result.code == 0, result.stdout
    assert "holds" in result.stdout


def test_verify_detects_one_changed_byte_in_the_card(tmp_path: Path) -> None:
    card = Path(shutil.copy(CARD, tmp_path / "card.yaml"))
    report = _report(tmp_path, card)
    raw = bytearray(card.read_bytes())
    raw[raw.index(b"Halcyon")] = ord("h")  # one byte, in the model name
    card.write_bytes(bytes(raw))
    result = invoke("verify", str(report))
    assert result.code == 1
    assert "card changed: sha256" in result.stdout
    assert "model.name" in result.stdout  # and the recomputed difference itself


def test_verify_detects_one_changed_byte_in_the_rubrics(tmp_path: Path) -> None:
    rubrics = tmp_path / "rubrics"
    shutil.copytree(RUBRICS, rubrics)
    card = Path(shutil.copy(CARD, tmp_path / "card.yaml"))
    report = _report(tmp_path, card, "--rubrics", str(rubrics))
    assert invoke("verify", str(report), "--rubrics", str(rubrics)).code == 0
    path = rubrics / "benchmarks.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("alert: 0.221", "alert: 0.222", 1), encoding="utf-8")
    result = invoke("verify", str(report), "--rubrics", str(rubrics))
    assert result.code == 1
    assert "rubric set changed: sha256" in result.stdout


def test_verify_recomputes_with_the_recorded_options(tmp_path: Path) -> None:
    card = Path(shutil.copy(EXAMPLES / "image-generator.yaml", tmp_path / "card.yaml"))
    report = _report(tmp_path, card, "--min-confidence", "high", "--expect-tier", "api", "--no-timestamp")
    data = json.loads(report.read_text())
    assert data["input"]["options"]["min_confidence"] == "high"
    assert invoke("verify", str(report)).code == 0


def test_verify_takes_another_card_path(tmp_path: Path) -> None:
    report = _report(tmp_path, CARD)
    moved = Path(shutil.copy(CARD, tmp_path / "moved.yaml"))
    assert invoke("verify", str(report), "--card", str(moved)).code == 0


def test_verify_refuses_what_is_not_a_report(tmp_path: Path) -> None:
    bad = tmp_path / "x.json"
    bad.write_text("[1, 2", encoding="utf-8")
    result = invoke("verify", str(bad))
    assert result.code == 2
    assert f"{bad}:1:" in result.stderr and "not a JSON report" in result.stderr


def test_diff_shows_what_changed(tmp_path: Path) -> None:
    card = Path(shutil.copy(CARD, tmp_path / "card.yaml"))
    before = _report(tmp_path, card, "--no-timestamp")
    moved = tmp_path / "before.json"
    before.rename(moved)
    text = card.read_text(encoding="utf-8")
    card.write_text(text.replace("usage_monitoring: {value: true", "usage_monitoring: {value: false"), encoding="utf-8")
    after = _report(tmp_path, card, "--no-timestamp")
    result = invoke("diff", str(moved), str(after))
    assert result.code == 1
    assert "decision: pass -> conditional" in result.stdout
    assert "tier api: ready True -> False" in result.stdout
    as_json = json.loads(invoke("diff", str(moved), str(after), "-f", "json").stdout)
    assert as_json["verdict"]["decision"] == {"from": "pass", "to": "conditional"}
    assert as_json["abc"]["access_controls"] == {"from": 2, "to": 1}


def test_diff_of_identical_reports_is_empty(tmp_path: Path) -> None:
    report = _report(tmp_path, CARD, "--no-timestamp")
    result = invoke("diff", str(report), str(report))
    assert (result.code, result.stdout) == (0, "no differences\n")


def test_against_rubrics_lists_the_cards_a_rubric_change_flips(tmp_path: Path) -> None:
    new = tmp_path / "new"
    shutil.copytree(RUBRICS, new)
    path = new / "controls.yaml"
    text = path.read_text(encoding="utf-8")
    # the new rubric no longer asks an API at high for usage monitoring and misuse classifiers
    old = "      - {control: access_controls.usage_monitoring}\n      - {control: access_controls.misuse_classifiers}\n"
    assert text.count(old) == 1
    path.write_text(text.replace(old, ""), encoding="utf-8")
    result = run("check", *EXAMPLE_PATHS, "--rubrics", str(new), "--against-rubrics", str(RUBRICS), "-q")
    assert f"rubric change impact: 1 of {len(EXAMPLE_PATHS)} card(s)" in result.stderr, result.stderr
    assert "frontier-api-missing-controls.yaml: conditional (limited) -> " in result.stderr


def test_shards_are_disjoint_and_cover_every_card(tmp_path: Path) -> None:
    seen: list[str] = []
    for index in (1, 2, 3):
        out = tmp_path / f"{index}.jsonl"
        invoke("check", *EXAMPLE_PATHS, "-f", "jsonl", "--shard", f"{index}/3", "-o", str(out))
        seen += [json.loads(line)["input"]["path"] for line in out.read_text().splitlines()]
    everything = tmp_path / "all.jsonl"
    invoke("check", *EXAMPLE_PATHS, "-f", "jsonl", "-o", str(everything))
    expected = [json.loads(line)["input"]["path"] for line in everything.read_text().splitlines()]
    assert sorted(seen) == sorted(expected) and len(seen) == len(set(seen)) == len(EXAMPLE_PATHS)


def test_a_bad_shard_is_a_usage_error() -> None:
    result = invoke("check", *EXAMPLE_PATHS, "--shard", "0/3")
    assert result.code == 2 and "--shard" in result.stderr


def test_verify_names_the_report_version_of_an_older_report(tmp_path: Path) -> None:
    card = shutil.copy(CARD, tmp_path / "card.yaml")
    report = _report(tmp_path, Path(card))
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["report_version"] == 3
    data["report_version"] = 2  # a report written before safeguards joined the report
    report.write_text(json.dumps(data), encoding="utf-8")
    result = invoke("verify", str(report))
    assert result.code == 2
    assert "report_version" in result.stderr and "3" in result.stderr
