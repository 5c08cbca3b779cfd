"""The ways releasecheck meets other tools: HTML in a browser, pre-commit, the GitHub Action,
and Hugging Face model cards."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import EXAMPLE_PATHS, EXAMPLES, ROOT, invoke, run

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SARIF_SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text())


@pytest.fixture(scope="module")
def html_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("html") / "report.html"
    result = run(
        "check",
        *EXAMPLE_PATHS,
        "-f",
        "html",
        "--compare-profiles",
        "-o",
        str(out),
        env={"SOURCE_DATE_EPOCH": "1764806400"},  # a fixed generated time, shown in the audit record
    )
    assert result.code == 1, result.stderr
    return out


def test_html_is_self_contained(html_report: Path) -> None:
    text = html_report.read_text(encoding="utf-8")
    assert "<script" not in text
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", text), "no external resources"
    assert "default-src 'none'" in text  # the page itself forbids network access
    assert text.count("<svg") == len(EXAMPLE_PATHS)  # one tier-ladder chart per card


@pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed (.ci/run installs it from the OS packages)")
def test_html_renders_in_headless_chromium_without_console_errors(html_report: Path) -> None:
    profile = tempfile.mkdtemp()
    args = [
        CHROMIUM or "chromium",
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        "--enable-logging=stderr",
        "--v=0",
        "--dump-dom",
        html_report.as_uri(),
    ]
    try:
        proc = subprocess.run(args, capture_output=True, text=True, timeout=120)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    assert proc.returncode == 0, proc.stderr[-2000:]
    dom = proc.stdout
    assert "Domains against the tier ladder" in dom and "<svg" in dom and "Reasoning trail" in dom
    _assert_audit_fields(dom)
    console = [line for line in proc.stderr.splitlines() if "CONSOLE" in line or "Refused to" in line]
    assert not console, console


def _assert_audit_fields(dom: str) -> None:
    """Issue 17 item 3: what an audit needs, as the browser shows it."""
    from releasecheck import __version__
    from releasecheck.rubric.load import load_rubric_set

    text = " ".join(re.sub(r"<[^>]+>", " ", dom).split())
    assert f"releasecheck {__version__} · generated 2025-12-04T00:00:00Z" in text
    assert text.count("Audit record") == len(EXAMPLE_PATHS)
    rubric = load_rubric_set(None)
    assert f"rubric set {rubric.meta.id} version {rubric.meta.version} · profile balanced" in text
    assert f"rubric sha256 {rubric.sha256}" in text
    card = hashlib.sha256((EXAMPLES / "frontier-api-missing-controls.yaml").read_bytes()).hexdigest()
    assert f"card examples/frontier-api-missing-controls.yaml card sha256 {card}" in text
    assert "generated 2025-12-04T00:00:00Z options expect tier" in text
    assert "Levels read hosted / weights" in text  # the legend of the level pair
    assert "Safeguards" in text and "tamper test fine-tuning: refusal 95% → 2%" in text
    assert "Case for openness" in text and "research value: high" in text
    # robust recommended tier beside a profile that fails: both said, no contradiction
    assert (
        "Stances: recommended tier robust: limited under all 3 profiles ; differs: decision (balanced conditional, "
        "precautionary fail, marginal conditional)" in text
    )


def test_pre_commit_hooks_run_releasecheck(tmp_path: Path) -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    by_id = {h["id"]: h for h in hooks}
    assert set(by_id) == {"releasecheck-validate", "releasecheck-check"}
    card = tmp_path / "releasecheck.yaml"
    shutil.copy(EXAMPLES / "frontier-api.yaml", card)
    for hook in hooks:
        assert re.search(hook["files"], "models/releasecheck.yaml"), hook["id"]
        assert not re.search(hook["files"], "src/config.yaml"), hook["id"]
        words = hook["entry"].split()
        assert words[0] == "releasecheck"
        result = invoke(*words[1:], str(card))  # pre-commit appends the changed files
        assert result.code == 0, (hook["id"], result.stderr)


def _run_action(tmp_path: Path, paths: str) -> tuple[subprocess.CompletedProcess[str], Path, Path, Path, Path]:
    """ci/action-run.sh offline, with `releasecheck` wrapped so that every run of it is counted."""
    summary, outputs, sarif = tmp_path / "summary.md", tmp_path / "outputs", tmp_path / "out.sarif"
    calls, wrapper = tmp_path / "calls", tmp_path / "bin"
    wrapper.mkdir()
    real = Path(sys.executable).parent / "releasecheck"  # this environment's `releasecheck` script
    (wrapper / "releasecheck").write_text(f'#!/bin/sh\necho run >> "{calls}"\nexec "{real}" "$@"\n')
    (wrapper / "releasecheck").chmod(0o755)
    env = {
        **os.environ,
        "PATH": f"{wrapper}{os.pathsep}{os.environ['PATH']}",
        "RC_PATHS": paths,
        "RC_PROFILE": "balanced",
        "RC_EXTRA": "--compare-profiles",
        "RC_SARIF": str(sarif),
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_OUTPUT": str(outputs),
    }
    proc = subprocess.run(["bash", str(ROOT / "ci" / "action-run.sh")], capture_output=True, text=True, env=env)
    return proc, summary, outputs, sarif, calls


def test_the_action_runs_check_once_for_a_summary_sarif_and_an_exit_code(tmp_path: Path) -> None:
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    assert any("ci/action-run.sh" in step.get("run", "") for step in action["runs"]["steps"])
    cards = f"{EXAMPLES / 'frontier-api.yaml'} {EXAMPLES / 'critical-cyber-internal.yaml'}"
    proc, summary, outputs, sarif, calls = _run_action(tmp_path, cards)
    assert proc.returncode == 1, proc.stderr  # critical-cyber-internal fails its planned tier
    assert calls.read_text() == "run\n"  # one check, both outputs
    assert "exit-code=1" in outputs.read_text()
    text = summary.read_text()
    assert "| card | model | recommended |" in text and "2 cards: 1 pass, 1 fail" in text
    assert "### Corvid Operator" in text and "### Halcyon-Ultra" not in text  # details only where it fails
    log = json.loads(sarif.read_text())
    assert not list(jsonschema.Draft4Validator(SARIF_SCHEMA).iter_errors(log))
    assert {r["ruleId"] for r in log["runs"][0]["results"]} >= {"CEIL-MATRIX"}


def test_the_step_summary_of_300_failing_cards_stays_under_1_mib(tmp_path: Path) -> None:
    folder = tmp_path / "cards"
    folder.mkdir()
    card = (EXAMPLES / "frontier-api-missing-controls.yaml").read_text(encoding="utf-8")  # conditional, long
    for i in range(300):
        (folder / f"card-{i:03}.yaml").write_text(card.replace("name: Stratus-2 Pro", f"name: Stratus-{i}"))
    proc, summary, _, sarif, calls = _run_action(tmp_path, str(folder))
    assert proc.returncode == 1, proc.stderr[-2000:]
    assert calls.read_text() == "run\n"
    text = summary.read_text(encoding="utf-8")
    assert len(text.encode()) < 1024 * 1024
    assert sum(1 for line in text.splitlines() if line.startswith("| `")) == 300  # the table lists every card
    assert text.count("\n### ") == 50 and "250 more cards that do not pass are in the table only." in text
    assert sarif.stat().st_size > 0


def test_also_writes_a_second_format_from_the_same_run(tmp_path: Path) -> None:
    out, md, junit = tmp_path / "r.json", tmp_path / "r.md", tmp_path / "r.xml"
    result = invoke(
        "check", str(EXAMPLES / "frontier-api.yaml"), "-f", "json", "-o", str(out),
        "--also", f"markdown={md}", "--also", f"junit={junit}", "--no-timestamp",
    )  # fmt: skip
    assert result.code == 0, result.stderr
    assert json.loads(out.read_text())["decision"] == "pass"
    assert md.read_text().startswith("## releasecheck") and junit.read_text().startswith("<?xml")
    bad = invoke("check", str(EXAMPLES / "frontier-api.yaml"), "--also", "pdf=x.pdf")
    assert bad.code == 2 and "is not FORMAT=PATH" in bad.stderr


def test_two_outputs_naming_one_file_are_refused_before_anything_is_written(tmp_path: Path) -> None:
    """-o and --also (or two --also) on the same file would leave only one of them: exit 2, and the
    file that was already there is left as it was."""
    card = str(EXAMPLES / "frontier-api.yaml")
    out = tmp_path / "r.json"
    out.write_text("earlier report\n")
    for also in ([f"sarif={out}"], [f"sarif={tmp_path / 'x'}", f"junit={tmp_path / '.' / 'x'}"]):
        args = [arg for a in also for arg in ("--also", a)]
        result = invoke("check", card, "-f", "json", "-o", str(out), *args, "--no-timestamp")
        assert result.code == 2 and "two outputs of this run name the same file" in result.stderr
        assert out.read_text() == "earlier report\n" and not (tmp_path / "x").exists()
    fine = invoke("check", card, "-o", str(out), "--also", f"sarif={tmp_path / 'r.sarif'}", "--no-timestamp")
    assert fine.code == 0 and out.read_text() != "earlier report\n"


def _trail(card: Path) -> tuple[dict[str, object], list[dict[str, object]]]:
    result = invoke("check", str(card), "-f", "json", "--no-timestamp")
    report = json.loads(result.stdout)
    return report, [e for e in report["trail"] if e["rule"] == "IN-HF-FRONT-MATTER"]


def test_hugging_face_front_matter_fills_the_gaps() -> None:
    card = ROOT / "tests" / "cards" / "hf-gaps" / "README.md"
    lines = card.read_text().splitlines()
    report, fills = _trail(card)
    messages = [str(e["message"]) for e in fills]
    assert any("release.licence = 'mit' from front matter `license`" in m for m in messages)
    assert any("model.base_model = 'example-org/base-3b'" in m for m in messages)
    assert any("WMDP-Bio 0.715 (safeguards-on" in m for m in messages)
    licence = next(e for e in fills if "licence" in str(e["message"]))
    assert lines[licence["evidence"][0]["line"] - 1].startswith("license:")  # type: ignore[index]
    bio = next(d for d in report["domains"] if d["domain"] == "bio")  # type: ignore[union-attr]
    assert bio["evidence"][0]["source"].startswith("Hugging Face model-index")


def test_the_cards_own_values_win_over_front_matter() -> None:
    _, fills = _trail(EXAMPLES / "hf-readme-card" / "README.md")
    assert fills == []  # licence and base_model are given in the card itself


def test_the_action_brings_its_own_python_and_virtual_environment() -> None:
    steps = yaml.safe_load((ROOT / "action.yml").read_text())["runs"]["steps"]
    setup = next(s for s in steps if str(s.get("uses", "")).startswith("actions/setup-python@"))
    assert setup["with"]["update-environment"] is False  # the job's own Python is left alone
    install = next(s for s in steps if s.get("name") == "Install releasecheck")["run"]
    assert "-m venv" in install and "RC_BIN=" in install  # PEP 668 images refuse a system pip install
    assert "steps.python.outputs.python-path" in install


def test_the_readme_ci_snippets_pin_nothing_that_does_not_exist() -> None:
    readme = (ROOT / "README.md").read_text()
    pins = re.findall(r"(?:uses: releasecheck/releasecheck@|rev: )(\S+)", readme)
    tags = subprocess.run(["git", "tag"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    assert pins and all(p in {"<full-commit-sha>", *tags} for p in pins), pins  # a tag only once it exists
    snippet = readme[readme.index("permissions:") :]
    assert "security-events: write" in snippet.split("```")[0]  # SARIF upload needs it
