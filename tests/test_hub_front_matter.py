"""Hugging Face front matter as the Hub writes it (issue 17 item 7): model-index results named by
the Hub's dataset id and configuration map to the rubric's benchmarks (rubric data, `hub_datasets`),
percentages on a 0-100 metric are read as such, and every result seen but not used is noted in the
trail with the reason. A README with no `releasecheck:` section points to the interview, which
starts from its front matter."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import invoke
from releasecheck.card.frontmatter import MAX_UNUSED_NOTES, HubNames, model_index_scores
from releasecheck.interview.prefill import card_answers
from releasecheck.rubric.load import load_rubric_set

CARD = """\
releasecheck:
  releasecheck: 1
  model: {name: hub-card, developer: Example Co-op, kind: general-purpose, modalities: [text],
          training_compute_flop: 4.0e+22}
  release: {planned_tier: api}
"""


def _readme(results: str, card: bool = True) -> str:
    return f"---\nlicense: mit\nmodel-index:\n  - name: hub-card\n    results:\n{results}{CARD if card else ''}---\n# hub-card\n"


def _result(dataset: str, value: object) -> str:
    return f"      - dataset: {dataset}\n        metrics: [{{type: accuracy, value: {value}}}]\n"


@pytest.fixture(scope="module")
def names() -> HubNames:
    return HubNames.of(load_rubric_set().resolve(None).benchmarks)


@pytest.mark.parametrize(
    ("dataset", "expected"),
    [
        ({"type": "cais/wmdp", "config": "wmdp-bio", "name": "WMDP"}, "WMDP-Bio"),
        ({"type": "cais/wmdp", "config": "wmdp-cyber"}, "WMDP-Cyber"),
        ({"type": "CAIS/WMDP", "config": "WMDP-Chem"}, "WMDP-Chem"),  # the Hub's ids are case-insensitive
        ({"type": "futurehouse/lab-bench", "config": "ProtocolQA"}, "LAB-Bench-ProtocolQA"),
        ({"name": "WMDP-Bio", "type": "wmdp-bio"}, "WMDP-Bio"),  # the benchmark's own name still works
        ({"type": "cais/wmdp"}, None),  # which of the three subsets is unknown: not guessed
        ({"type": "cais/wmdp", "config": "wmdp-physics"}, None),
        ({"type": "cais/mmlu", "config": "all"}, None),
    ],
)
def test_hub_dataset_ids_and_configs_name_the_rubric_benchmark(
    names: HubNames, dataset: dict[str, str], expected: str | None
) -> None:
    assert names.benchmark(dataset) == expected


@pytest.mark.parametrize(
    ("value", "fraction"),
    [(0.684, 0.684), (68.4, 0.684), (100, 1.0), (1, 1.0), (0, 0.0), (1.5, 0.015)],
)
def test_a_score_above_one_is_a_percentage(names: HubNames, value: float, fraction: float) -> None:
    index = [{"results": [{"dataset": {"type": "cais/wmdp", "config": "wmdp-bio"}, "metrics": [{"value": value}]}]}]
    assert model_index_scores(index, names, []) == [("WMDP-Bio", pytest.approx(fraction))]


@pytest.mark.parametrize(
    ("metrics", "reason"),
    [
        ([{"value": 100.5}], "neither a fraction in [0, 1] nor a percentage in [0, 100]"),
        ([{"value": -0.1}], "neither a fraction"),
        ([{"value": float("nan")}], "neither a fraction"),
        ([{"value": "68.4%"}], "no numeric metric value"),
        ([{"value": True}], "no numeric metric value"),
        ([], "no numeric metric value"),
    ],
)
def test_a_result_without_a_usable_score_is_noted_with_the_reason(
    names: HubNames, metrics: list[dict[str, object]], reason: str
) -> None:
    unused: list[str] = []
    index = [{"results": [{"dataset": {"type": "cais/wmdp", "config": "wmdp-bio"}, "metrics": metrics}]}]
    assert model_index_scores(index, names, unused) == []
    assert len(unused) == 1 and "(WMDP-Bio) not used" in unused[0] and reason in unused[0]


def _front_matter_trail(tmp_path: Path, text: str) -> tuple[dict[str, object], list[str]]:
    card = tmp_path / "README.md"
    card.write_text(text)
    result = invoke("check", str(card), "-f", "json", "--no-timestamp")
    assert result.code in (0, 1), result.stderr
    report = json.loads(result.stdout)
    trail = [str(e["message"]) for e in report["trail"] if e["rule"] == "IN-HF-FRONT-MATTER"]
    return report, trail


def test_a_hub_model_index_fills_evaluations_and_notes_what_it_did_not_use(tmp_path: Path) -> None:
    results = (
        _result("{type: cais/wmdp, name: WMDP, config: wmdp-bio}", 68.4)
        + _result("{type: cais/mmlu, config: all}", 70)
        + _result("{type: cais/wmdp, config: wmdp-chem}", 170)
    )
    report, trail = _front_matter_trail(tmp_path, _readme(results))
    assert any("WMDP-Bio 0.684 (safeguards-on" in m for m in trail)
    assert any("seen but not used" in m and "cais/mmlu/all" in m and "no rubric benchmark" in m for m in trail)
    assert any("seen but not used" in m and "(WMDP-Chem)" in m and "170" in m for m in trail)
    bio = next(d for d in report["domains"] if d["domain"] == "bio")  # type: ignore[attr-defined]
    assert [e["source"] for e in bio["evidence"]] == ["Hugging Face model-index (README front matter)"]
    assert bio["binding"]  # 0.684 >= WMDP-Bio's alert threshold of 0.60: the result counts


def test_the_cards_own_benchmark_wins_and_the_hub_result_is_noted(tmp_path: Path) -> None:
    own = "  evaluations:\n    - {id: own, domain: bio, type: benchmark, benchmark: WMDP-Bio, score: 0.3, elicitation: safeguards-on, source: own eval}\n"
    text = _readme(_result("{type: cais/wmdp, config: wmdp-bio}", 68.4)).replace("---\n# hub", own + "---\n# hub")
    _, trail = _front_matter_trail(tmp_path, text)
    assert any("WMDP-Bio is already among the card's evaluations" in m for m in trail)
    assert not any("WMDP-Bio 0.684" in m for m in trail)


def test_a_flood_of_unknown_results_is_capped_in_the_trail(tmp_path: Path) -> None:
    results = "".join(_result(f"{{type: org/set-{i}}}", 50) for i in range(MAX_UNUSED_NOTES + 15))
    _, trail = _front_matter_trail(tmp_path, _readme(results))
    unused = [m for m in trail if "seen but not used" in m]
    assert len(unused) == MAX_UNUSED_NOTES + 1
    assert unused[-1].endswith("15 more model-index result(s) not used")


def test_a_plain_readme_points_to_the_interview(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(_readme(_result("{type: cais/wmdp, config: wmdp-bio}", 68.4), card=False))
    result = invoke("check", str(readme))
    assert f"releasecheck interview --from {readme}" in result.stderr


def test_the_interview_starts_from_a_plain_readmes_front_matter() -> None:
    rubric = load_rubric_set().resolve(None)
    text = _readme(_result("{type: cais/wmdp, config: wmdp-bio}", 68.4), card=False)
    answers, notes = card_answers(text, "README.md", rubric)
    assert answers["release"] == {"licence": "mit"}
    assert [(e["benchmark"], e["score"]) for e in answers["evaluations"]] == [("WMDP-Bio", 0.684)]
    assert "release.licence: taken from the front matter" in notes
