"""Issue 19 item 1: one card never stops a batch, and numbers out of range are input errors.

An unexpected exception while checking or rendering one card becomes that card's own error
(its path, exit 3), the other cards are checked and the output file is written, and no temp file
is left. Integers past 300 digits (or Python's 4,300-digit limit) and YAML 1.1 base-60 numbers
are refused with file:line:col, in a card and in a Hugging Face README's front matter."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES, invoke

CARD = (EXAMPLES / "frontier-api.yaml").read_text(encoding="utf-8")
README = (EXAMPLES / "hf-readme-card" / "README.md").read_text(encoding="utf-8")


def _batch(folder: Path, **bad: str) -> list[Path]:
    """a.yaml and z.yaml are good cards; each keyword adds a card with that text, between them."""
    folder.mkdir(exist_ok=True)
    paths = [folder / "a.yaml", *(folder / f"m-{name}.yaml" for name in bad), folder / "z.yaml"]
    paths[0].write_text(CARD, encoding="utf-8")
    paths[-1].write_text(CARD, encoding="utf-8")
    for path, text in zip(paths[1:-1], bad.values(), strict=True):
        path.write_text(text, encoding="utf-8")
    return paths


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


@pytest.fixture
def boom(monkeypatch: pytest.MonkeyPatch) -> None:
    """The assessment raises for any card whose path holds 'boom' (a stand-in for a tool bug)."""
    import releasecheck.runner as runner

    real = runner.assess_card

    def assess_card(doc: Any, card: Any, options: Any) -> Any:
        if "boom" in doc.path:
            raise ZeroDivisionError("simulated bug")
        return real(doc, card, options)

    monkeypatch.setattr(runner, "assess_card", assess_card)


@pytest.mark.parametrize("fmt", ["json", "jsonl", "markdown", "junit", "sarif", "html", "text"])
def test_a_card_the_tool_fails_on_is_its_own_error_and_the_batch_goes_on(tmp_path: Path, boom: None, fmt: str) -> None:
    paths = _batch(tmp_path / "cards", boom=CARD)
    out = tmp_path / "out" / f"report.{fmt}"
    out.parent.mkdir()
    result = invoke("check", str(tmp_path / "cards"), "-f", fmt, "-o", str(out), "--no-timestamp")
    assert result.code == 3, result.stderr
    assert f"{paths[1]}:1:1: internal error while checking this card: ZeroDivisionError" in result.stderr
    assert "checked 3 card(s): 2 pass; 1 invalid" in result.stderr
    text = out.read_text(encoding="utf-8")
    assert str(paths[-1]) in text or fmt == "text"  # the card after the failing one was checked
    assert text.count("Halcyon") >= 2 or fmt == "sarif"  # both good cards' model (SARIF lists findings only)
    if fmt == "json":
        assert [r.get("invalid", False) for r in json.loads(text)] == [False, True, False]
    assert _leftovers(out.parent) == []


def test_the_same_holds_across_worker_processes(tmp_path: Path, boom: None) -> None:
    cards = tmp_path / "cards"
    _batch(cards, **{f"boom{i}": CARD for i in range(3)}, fine1=CARD, fine2=CARD)
    out = tmp_path / "out" / "report.jsonl"
    out.parent.mkdir()
    result = invoke("check", str(cards), "-f", "jsonl", "-o", str(out), "-j", "2")
    assert result.code == 3, result.stderr
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [bool(r.get("invalid")) for r in lines] == [False, True, True, True, False, False, False]
    assert result.stderr.count("internal error while checking this card") == 3
    assert _leftovers(out.parent) == []


def test_a_renderer_failing_on_one_card_loses_only_that_card(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import releasecheck.report.markdown as markdown

    real = markdown._card

    def card(r: Any) -> list[str]:
        if "m-x" in r.input.path:
            raise KeyError("simulated")
        return real(r)

    monkeypatch.setattr(markdown, "_card", card)
    paths = _batch(tmp_path / "cards", x=CARD)
    out = tmp_path / "report.md"
    # open-weights fails for every card: a batch's markdown details only the cards that do not pass
    result = invoke("check", str(tmp_path / "cards"), "-f", "markdown", "-o", str(out), "--expect-tier", "open-weights")
    assert result.code == 3
    assert f"{paths[1]}:1:1: internal error while checking this card: KeyError" in result.stderr
    text = out.read_text(encoding="utf-8")
    assert text.count("### Halcyon") == 2 and "invalid card" in text


def _expect_refused(tmp_path: Path, text: str, where: str, message: str, name: str = "m-bad.yaml") -> None:
    cards = tmp_path / "cards"
    cards.mkdir()
    (cards / "a.yaml").write_text(CARD, encoding="utf-8")
    (cards / name).write_text(text, encoding="utf-8")
    (cards / "z.yaml").write_text(CARD, encoding="utf-8")
    out = tmp_path / "report.json"
    result = invoke("check", str(cards), "-f", "json", "-o", str(out))
    assert result.code == 2, result.stderr
    assert re.search(rf"{re.escape(str(cards / name))}:{where}: {message}", result.stderr), result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    reports = json.loads(out.read_text(encoding="utf-8"))
    assert [r["input"]["path"] for r in reports if r.get("invalid")] == [str(cards / name)]
    assert len(reports) == 3


@pytest.mark.parametrize(
    "number",
    [
        "9" * 5000,  # past Python's int-string limit
        "9" * 400,  # past float range where a float is expected
        "-" + "9" * 301,
        "0x" + "f" * 300,
    ],
    ids=["5000-digits", "400-digits", "negative-301", "hex"],
)
def test_integers_out_of_range_are_input_errors_with_a_position(tmp_path: Path, number: str) -> None:
    text = CARD.replace("training_compute_flop: 2.0e+26", f"training_compute_flop: {number}", 1)
    _expect_refused(tmp_path, text, "14:26", r"number out of range")


def test_an_integer_out_of_range_anywhere_is_refused(tmp_path: Path) -> None:
    text = CARD.replace("releasecheck: 1\n", "releasecheck: 1\nx: [" + "7" * 4301 + "]\n", 1)
    _expect_refused(tmp_path, text, r"\d+:\d+", r"number out of range")


def test_a_huge_model_index_metric_in_front_matter_is_refused(tmp_path: Path) -> None:
    index = "model-index:\n  - name: m\n    results:\n      - dataset: {name: WMDP-Bio}\n        metrics:\n"
    index += "          - value: " + "9" * 4400 + "\n"
    text = README.replace("library_name: transformers\n", "library_name: transformers\n" + index, 1)
    _expect_refused(tmp_path, text, "19:20", r"number out of range", name="README.md")


def test_sexagesimal_numbers_are_refused_with_a_hint(tmp_path: Path) -> None:
    text = CARD.replace("training_compute_flop: 2.0e+26", "training_compute_flop: 190:00:00:00:00", 1)
    _expect_refused(tmp_path, text, "14:26", r"YAML 1\.1 reads 190:00:00:00:00 as a base-60")


@pytest.mark.parametrize("fmt", ["json", "jsonl", "markdown"])
def test_an_output_that_is_one_of_the_inputs_is_refused(tmp_path: Path, fmt: str) -> None:
    """Issue 19 item 7: `check x.yaml -o x.yaml` replaced the card with its report."""
    cards = tmp_path / "cards"
    _batch(cards)
    card = cards / "z.yaml"
    link = tmp_path / "link.yaml"
    link.symlink_to(card)
    for target in (card, link):
        result = invoke("check", str(cards), "-f", fmt, "-o", str(target))
        assert result.code == 2, result.stderr
        assert "is one of the inputs" in result.stderr
        assert card.read_text(encoding="utf-8") == CARD
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text("waivers: []\n", encoding="utf-8")
    result = invoke("check", str(card), "--waivers", str(waivers), "-f", fmt, "-o", str(waivers))
    assert result.code == 2 and waivers.read_text(encoding="utf-8") == "waivers: []\n"
