"""A 1,000-card batch (SPEC §6 `--jobs`, §7 jsonl, §8 "a batch always processes every card").

The batch mixes copies of every example (varied model names and planned tiers, in nested folders,
as .yaml, .yml and Markdown front matter) with about 5% invalid cards. One subprocess runs it with
--jobs 2 and one with --jobs 1; the two jsonl files must be byte-identical.
"""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import EXAMPLE_PATHS, EXAMPLES, ROOT, Result, run

TOTAL = 1000
TIERS = ("internal", "limited", "api", "gated-weights", "open-weights", "fully-open")
FOLDERS = ("alpha", "beta", "beta/nested", "delta", "epsilon/deep/er")
WORDS = ("zephyr", "aurora", "kestrel", "basalt", "mica", "orchid", "quartz", "lumen", "fjord", "yarrow")


@dataclass
class Batch:
    folder: Path
    paths: list[str]  # every card written, in generation order
    invalid: set[str]
    jobs2: Result
    jobs1: Result
    jobs2_bytes: bytes
    jobs1_bytes: bytes


def _tiers_for(text: str) -> list[str]:
    """The tiers a card may plan given what it releases (a weights tier must list its artifacts)."""
    found = re.search(r"^  artifacts: \[(.*)\]", text, flags=re.M)
    artifacts = set(found.group(1).replace(" ", "").split(",")) if found else set()
    tiers = [t for t in TIERS if t not in ("gated-weights", "open-weights", "fully-open") or "weights" in artifacts]
    if not {"training-code", "training-data"} <= artifacts:
        tiers = [t for t in tiers if t != "fully-open"]
    return tiers


def _generate(root: Path) -> tuple[list[str], set[str]]:
    rng = random.Random(20261201)
    yaml_examples = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.yaml"))]
    markdown = (EXAMPLES / "hf-readme-card" / "README.md").read_text(encoding="utf-8")
    paths: list[str] = []
    invalid: set[str] = set()
    for index in range(TOTAL):
        folder = root / rng.choice(FOLDERS)
        folder.mkdir(parents=True, exist_ok=True)
        stem = f"{rng.choice(WORDS)}-{index:04d}"
        roll = rng.random()
        if roll < 0.025:
            path = folder / f"{stem}.yaml"
            path.write_text("releasecheck: 1\nmodel:\n  name: [unclosed\n  developer: X\n", encoding="utf-8")
            invalid.add(str(path))
        elif roll < 0.05:
            path = folder / f"{stem}.yaml"
            text = rng.choice(yaml_examples).rstrip("\n") + "\nunexpected_section: {}\n"
            path.write_text(text, encoding="utf-8")
            invalid.add(str(path))
        elif roll < 0.08:
            path = folder / f"{stem}.md"
            path.write_text(markdown.replace("name: caju-triagem-0.5b", f"name: caju-{index:04d}", 1), encoding="utf-8")
        else:
            path = folder / (f"{stem}.yml" if roll < 0.2 else f"{stem}.yaml")
            text = rng.choice(yaml_examples)
            text = re.sub(r"^  name: .*$", f"  name: Model {stem}", text, count=1, flags=re.M)
            text = re.sub(
                r"^  planned_tier: .*$", f"  planned_tier: {rng.choice(_tiers_for(text))}", text, count=1, flags=re.M
            )
            path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    return paths, invalid


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Batch:
    work = tmp_path_factory.mktemp("batch")
    folder = work / "cards"
    paths, invalid = _generate(folder)
    jobs2 = run(
        "check", str(folder), "-f", "jsonl", "--jobs", "2", "--no-timestamp", "-o", str(work / "j2.jsonl"), timeout=120
    )
    jobs1 = run(
        "check", str(folder), "-f", "jsonl", "--jobs", "1", "--no-timestamp", "-o", str(work / "j1.jsonl"), timeout=120
    )
    return Batch(
        folder,
        paths,
        invalid,
        jobs2,
        jobs1,
        (work / "j2.jsonl").read_bytes(),
        (work / "j1.jsonl").read_bytes(),
    )


def _records(data: bytes) -> list[dict]:
    return [json.loads(line) for line in data.decode("utf-8").splitlines()]


def test_the_generated_batch_is_mixed(batch: Batch) -> None:
    assert len(batch.paths) == TOTAL
    assert 0.03 * TOTAL <= len(batch.invalid) <= 0.08 * TOTAL
    assert any(p.endswith(".md") for p in batch.paths)
    assert any(p.endswith(".yml") for p in batch.paths)


def test_exit_code_is_the_highest_applicable(batch: Batch) -> None:
    assert batch.jobs2.code == 2, batch.jobs2.stderr[-2000:]
    assert batch.jobs1.code == 2, batch.jobs1.stderr[-2000:]
    assert "Traceback" not in batch.jobs2.stderr + batch.jobs1.stderr
    assert batch.jobs2.stdout == "" and batch.jobs1.stdout == "", "with -o nothing but errors should reach stdout"


def test_exactly_one_line_per_input(batch: Batch) -> None:
    lines = batch.jobs2_bytes.decode("utf-8").splitlines()
    assert len(lines) == TOTAL
    assert batch.jobs2_bytes.endswith(b"\n")
    records = _records(batch.jobs2_bytes)
    paths = [r["input"]["path"] for r in records]
    assert Counter(paths) == Counter(batch.paths), "every input path exactly once"


def test_order_is_sorted_and_the_same_with_one_or_two_jobs(batch: Batch) -> None:
    two = [r["input"]["path"] for r in _records(batch.jobs2_bytes)]
    one = [r["input"]["path"] for r in _records(batch.jobs1_bytes)]
    assert two == one
    assert one == sorted(batch.paths, key=lambda p: Path(p).parts)
    assert one != batch.paths, "the generation order is not the sorted order, so the test can tell"


def test_jsonl_bytes_identical_between_jobs(batch: Batch) -> None:
    assert batch.jobs2_bytes == batch.jobs1_bytes


def test_invalid_cards_are_records_and_the_rest_are_reports(batch: Batch) -> None:
    records = _records(batch.jobs2_bytes)
    invalid = {r["input"]["path"] for r in records if r.get("invalid") is True}
    assert invalid == batch.invalid
    for record in records:
        if record.get("invalid"):
            assert record["problems"]
            assert all(p["line"] >= 1 and p["col"] >= 1 for p in record["problems"]), record
        else:
            assert record["decision"] in ("pass", "conditional", "fail", "none")
            assert record["recommended_tier"] in TIERS
    decisions = Counter(r["decision"] for r in records if not r.get("invalid"))
    assert decisions["pass"] and decisions["fail"] and decisions["conditional"], decisions


def test_every_invalid_card_is_named_on_stderr(batch: Batch) -> None:
    for path in batch.invalid:
        assert re.search(re.escape(path) + r":\d+:\d+", batch.jobs2.stderr), path


def _summary(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if re.search(rf"\b{TOTAL}\b", line) and "card" in line]
    assert lines, f"no closing summary on stderr: {stderr[-500:]!r}"
    return lines[-1]


def test_closing_summary_counts_correctly(batch: Batch) -> None:
    records = _records(batch.jobs2_bytes)
    reports = [r for r in records if not r.get("invalid")]
    summary = _summary(batch.jobs2.stderr)
    assert batch.jobs2.stderr.rstrip("\n").endswith(summary), "the summary closes the run"
    assert re.search(rf"\b{TOTAL} card", summary), summary
    decided, recommended = summary.split("recommended:", 1) if "recommended:" in summary else (summary, "")
    counted = {word: int(n) for n, word in re.findall(r"(\d+) (pass|conditional|fail|none|invalid)\b", decided)}
    expected = Counter(r["decision"] for r in reports)
    expected["invalid"] = len(batch.invalid)
    assert {k: v for k, v in counted.items() if v} == {k: v for k, v in expected.items() if v}, summary
    if recommended:
        tiers = {tier: int(n) for n, tier in re.findall(r"(\d+) ([a-z-]+)", recommended)}
        assert tiers == dict(Counter(r["recommended_tier"] for r in reports)), summary
    assert _summary(batch.jobs1.stderr) == summary


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_workers_give_the_same_bytes_however_they_start(tmp_path: Path, method: str) -> None:
    """Forked workers inherit the parent's rubric set; spawned ones (macOS, Windows, or Python's
    future default) load it themselves. Both must give what one process gives, waivers included."""
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text(
        "waivers:\n  - rule: REQ-API-HIGH\n    reason: tested in a later phase\n"
        "    approved_by: release board\n    expires: 2099-01-01\n",
        encoding="utf-8",
    )
    args = ["check", *EXAMPLE_PATHS, "-f", "jsonl", "--no-timestamp", "--waivers", str(waivers)]
    one = run(*args, "--jobs", "1")
    starter = f"import multiprocessing, sys; multiprocessing.set_start_method({method!r}); " + (
        "from releasecheck.cli import main; sys.argv[0] = 'releasecheck'; main()"
    )
    two = subprocess.run(
        [sys.executable, "-c", starter, *args, "--jobs", "2"], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert two.returncode == one.code, two.stderr
    assert two.stdout == one.stdout and one.stdout.count("\n") == len(EXAMPLE_PATHS)
