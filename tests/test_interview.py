"""The interview's question logic, driven with scripted answers through injected ask/say."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from rich.text import Text

from conftest import invoke, run
from releasecheck.card.model import BenchmarkResult
from releasecheck.card.validate import validate_document
from releasecheck.interview.asker import IO
from releasecheck.interview.evidence import near_miss_check
from releasecheck.interview.session import Result, interview
from releasecheck.report.json_report import render_json
from releasecheck.rubric.load import RubricSet, default_rubric_dir, load_rubric_set
from releasecheck.yamlpos.loader import load_path

# A lab's answers for a frontier general-purpose model planned as open weights, in order.
# Empty strings are Enter (keep the default, or skip an optional question).
MODEL = ["Aurora-70B", "1.0", "Example Lab", "1", "text, code", "70B", "6.3e24", "", "A reasoning model."]
RELEASE = ["open-weights", "2026-12-01", "apache-2.0", "weights, inference-code"]
BIO = [
    *["", "1", "VCT", "0.18", "worst-case", "third-party", "System card §4.1", "2026-10-20", "", ""],
    *["y", "uplift-study", "novice", "1.1", "no", "worst-case", "third-party", "Uplift study 2026-10", "", "", ""],
    "n",
]
CHEM = ["y", "threshold-assessment", "low", "Lab Safety Policy v2", "safeguards-off", "", "System card §4.2"]
CHEM += ["", "", "", "n"]
CYBER = ["y", "benchmark", "Cybench", "0.12", "worst-case", "internal", "System card §4.3", "", "", "", ""]
AI_RND = ["y", "threshold-assessment", "low", "", "safeguards-off", "", "System card §4.4", "", "", "", ""]
AUTONOMY = ["y", "threshold-assessment", "low", "", "safeguards-off", "", "System card §4.5", "", "", "", ""]
OTHER_DOMAINS = ["n"]
MARGINAL = [
    *["DeepSeek-R1-0528", "2026-10-01"],
    *["y", "GPQA-Diamond", "0.70", "0.81", "Model card §3"],
    *["y", "MMLU-Pro", "72%", "0.84", ""],
    "",
    *["y", "bio", "VCT", "0.18", "0.20", "", ""],
    "Novice actors seeking uplift toward a known biological agent.",
    "Open models such as DeepSeek-R1 already give comparable help.",
    "Synthesis screening; wet-lab bottlenecks.",
    "Aurora scores at or below the open reference on VCT and general benchmarks.",
    "Screening and lab bottlenecks are unaffected by this release.",
    "Fine-tuning could raise capability; re-evaluated at each checkpoint.",
    "",  # no similarly-safe reference
]
SAFEGUARDS = ["yes", "bio", "none", "y", "fine-tuning", "0.92", "0.04", "50", "Tamper test report §2", ""]
ACCESS = ["yes", "https://example.org/aup", "no", "yes", "", "yes", "", "no", "no", "sl3", "Security audit 2026-08"]
ACCOUNTABILITY = [
    *["yes", "https://example.org/model-card", "yes", "", "yes", "", "yes", "", "yes", ""],
    *["weight-hashes", "", "yes", "Example Evals Ltd report", "yes", "Monitoring plan v1"],
]
CAPACITY = ["yes", "", "no", "no", "no"]
BENEFITS = ["high", "yes", "yes", "Open weights let independent researchers study safety."]
FRONTIER = [
    *MODEL,
    *RELEASE,
    *BIO,
    *CHEM,
    *CYBER,
    *AI_RND,
    *AUTONOMY,
    *OTHER_DOMAINS,
    *MARGINAL,
    *SAFEGUARDS,
    *ACCESS,
    *ACCOUNTABILITY,
    *CAPACITY,
    *BENEFITS,
]
EPOCH = "1767225600"  # 2026-01-01: reports made at the same moment compare byte for byte


class Script:
    """Answers in order; when they run out, the person presses Ctrl-C."""

    def __init__(self, answers: list[str]) -> None:
        self.answers = list(answers)
        self.said: list[str] = []
        self.prompts: list[str] = []
        self.asked: list[str] = []  # what was on screen at each prompt

    def ask(self, prompt: str) -> str:
        self.prompts.append(prompt)
        self.asked.append(self.said[-1] if self.said else "")
        if not self.answers:
            raise KeyboardInterrupt
        return self.answers.pop(0)

    def say(self, text: str) -> None:
        self.said.append(Text.from_markup(text).plain)  # what the person sees

    @property
    def io(self) -> IO:
        return IO(self.ask, self.say)

    @property
    def text(self) -> str:
        """All that was printed, with the lines re-joined (wrapping is not under test here)."""
        return " ".join("\n".join(self.said).split())


def session(
    tmp_path: Path, answers: list[str], rubric_set: RubricSet | None = None, **kw: Any
) -> tuple[Result, Script, str]:
    script = Script(answers)
    out = str(tmp_path / "card.yaml")
    result = interview(script.io, rubric_set or load_rubric_set(), output=out, **kw)
    return result, script, out


@pytest.fixture(autouse=True)
def _fixed_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def test_a_full_session_writes_a_valid_card_and_prints_the_assessment(tmp_path: Path) -> None:
    result, script, out = session(tmp_path, FRONTIER)
    assert result.code == 0, script.text[-3000:]
    assert not script.answers, "every scripted answer was asked for"
    card = validate_document(load_path(out))
    assert card.model.training_compute_flop == 6.3e24
    assert card.model.parameters == 70_000_000_000
    assert card.model.version == "1.0"
    assert [e.domain for e in card.evaluations] == ["bio", "bio", "chem", "cyber", "ai-rnd", "autonomy"]
    assert card.marginal_risk.general_capability[1].model_score == 0.72
    assert card.accountability.third_party_evaluation is not None
    assert card.accountability.third_party_evaluation.evidence == "Example Evals Ltd report"
    assert "recommended" in script.text and "PASS" in script.text
    assert not Path(out + ".progress.json").exists()
    assert result.outcome is not None and result.outcome.report is not None
    assert result.outcome.report.decision == "pass"


def test_check_on_the_written_card_gives_byte_identical_json(tmp_path: Path) -> None:
    result, _, out = session(tmp_path, FRONTIER)
    assert result.outcome is not None
    printed = render_json([result.outcome], None)
    checked = invoke("check", "--format", "json", out)
    assert checked.stdout == printed


def test_the_card_keeps_strings_as_strings_and_floats_as_floats(tmp_path: Path) -> None:
    answers = list(FRONTIER)
    answers[0:3] = ["no", "2026-01-01", "1.0"]  # name, version, developer YAML would misread
    answers[6] = "1e23"
    answers[MODEL.index("A reasoning model.")] = 'He said "yes": #1 [a] {b}'
    result, _, out = session(tmp_path, answers)
    assert result.code == 0
    text = Path(out).read_text(encoding="utf-8")
    assert 'name: "no"' in text and "training_compute_flop: 1.0e+23" in text
    card = validate_document(load_path(out))
    assert (card.model.name, card.model.version, card.model.developer) == ("no", "2026-01-01", "1.0")
    assert card.model.training_compute_flop == 1e23 and isinstance(card.model.training_compute_flop, float)
    assert card.model.description == 'He said "yes": #1 [a] {b}'


def test_the_card_has_section_comments_from_the_schema(tmp_path: Path) -> None:
    from releasecheck.card.model import Card

    _, _, out = session(tmp_path, FRONTIER)
    text = Path(out).read_text(encoding="utf-8")
    for section in ("model", "evaluations", "marginal_risk", "access_controls", "benefits"):
        assert f"# {Card.model_fields[section].description}" in text
    assert "# --- bio: Biological weapons ---" in text


def test_invalid_answers_are_asked_again_with_the_reason(tmp_path: Path) -> None:
    answers = list(FRONTIER)
    kind = MODEL.index("1")
    answers[kind:kind] = ["frontier", "9"]
    bad_params = ["-5"]
    answers[kind + 4 : kind + 4] = bad_params
    score = FRONTIER.index("0.18")
    answers[score + 3 : score + 3] = ["1.5", "41"]
    date = FRONTIER.index("2026-12-01")
    answers[date + 3 : date + 3] = ["12/01/2026", "2026-13-01"]
    result, script, out = session(tmp_path, answers)
    assert result.code == 0, script.text[-2000:]
    text = script.text
    assert "'frontier' is not a choice" in text
    assert "choose a number from 1 to 8" in text
    assert "must be 0 or more" in text
    assert "must be a fraction between 0 and 1" in text
    assert "for 41 percent type 41%" in text
    assert "YYYY-MM-DD" in text and "2026-13-01 is not a date in the calendar" in text
    first = validate_document(load_path(out)).evaluations[0]
    assert isinstance(first, BenchmarkResult) and first.score == 0.18


def test_required_answers_and_choices_are_checked(tmp_path: Path) -> None:
    _, script, _ = session(tmp_path, ["", "unknown", "Aurora", "", "Lab", "agent", "maybe"])
    assert script.text.count("an answer is needed here") == 1
    assert "unknown is not accepted" in script.text
    assert "'maybe' is not a choice" in script.text  # for the modalities


def test_a_result_id_must_be_unique(tmp_path: Path) -> None:
    answers = list(FRONTIER)
    second_id = FRONTIER.index("Uplift study 2026-10") + 2
    answers[second_id : second_id + 1] = ["bio-vct", "bio-uplift"]
    _, script, out = session(tmp_path, answers)
    assert "the id 'bio-vct' is already used" in script.text
    assert [e.id for e in validate_document(load_path(out)).evaluations[:2]] == ["bio-vct", "bio-uplift"]


def test_question_mark_shows_help_from_the_schema_and_the_rubric(tmp_path: Path) -> None:
    answers = list(FRONTIER)
    kind = MODEL.index("1")
    answers.insert(kind, "?")
    score = answers.index("0.18")
    answers.insert(score, "?")
    _, script, _ = session(tmp_path, answers)
    text = script.text
    assert "decides, with modalities and compute, which risk domains are required" in text
    assert "general-purpose: requires bio, chem, cyber, ai-rnd, autonomy at 1e23 FLOP" in text
    assert "alert at 0.221; a score at or above it establishes alert for bio" in text
    assert "card field: evaluations[].score" in text


def test_back_returns_to_the_previous_question_and_loses_nothing(tmp_path: Path) -> None:
    plain, _, plain_out = session(tmp_path, FRONTIER)
    answers = list(FRONTIER)
    for where in (FRONTIER.index("Cybench"), FRONTIER.index("MMLU-Pro"), 3, 1):
        answers[where:where] = ["<", ""]  # back, then Enter keeps the answer given before
    (tmp_path / "b").mkdir()
    back, script, back_out = session(tmp_path / "b", answers)
    assert back.code == plain.code == 0
    assert Path(back_out).read_text() == Path(plain_out).read_text()
    assert script.text.count("↩ back") == 4
    first = Script(["<", "Aurora"])
    interview(first.io, load_rubric_set(), output=str(tmp_path / "first.yaml"))
    assert "This is the first question." in first.text


def test_back_shows_the_earlier_answer_as_the_default(tmp_path: Path) -> None:
    _, script, _ = session(tmp_path, ["Aurora", "<"])
    assert script.prompts[-1] == "[Aurora] > "


def test_unknown_leaves_optional_fields_out_and_sets_controls_to_unknown(tmp_path: Path) -> None:
    answers = list(FRONTIER)
    answers[MODEL.index("6.3e24")] = "unknown"
    start = len(FRONTIER) - len(BENEFITS) - len(CAPACITY) - len(ACCOUNTABILITY) - len(ACCESS)
    answers[start + 2] = "unknown"  # identity verification
    result, script, out = session(tmp_path, answers)
    assert result.code in (0, 1), script.text[-2000:]
    card = validate_document(load_path(out))
    assert card.model.training_compute_flop is None
    assert "training_compute_flop" not in Path(out).read_text()
    assert card.access_controls.identity_verification is not None
    assert card.access_controls.identity_verification.value == "unknown"
    assert "never read as small: the rubric assumes the largest the parameter count allows" in script.text


def test_ctrl_c_saves_and_resume_continues_at_the_same_question(tmp_path: Path) -> None:
    (tmp_path / "whole").mkdir()
    whole, _, whole_out = session(tmp_path / "whole", FRONTIER)
    half = len(FRONTIER) // 2
    stopped, first, out = session(tmp_path, FRONTIER[:half])
    assert stopped.code == 130
    progress = Path(out + ".progress.json")
    assert "--resume " + str(progress) in first.text
    assert len(json.loads(progress.read_text())["answers"]) == half
    resumed = Script(FRONTIER[half:])
    result = interview(resumed.io, load_rubric_set(), resume=progress)
    assert result.code == whole.code == 0
    assert resumed.asked[0] == first.asked[-1], "the same next question"
    assert Path(out).read_text() == Path(whole_out).read_text()
    assert not progress.exists()


def test_a_new_session_never_overwrites_saved_progress_or_a_card(tmp_path: Path) -> None:
    stopped, _, out = session(tmp_path, FRONTIER[:5])
    assert stopped.code == 130
    again, script, _ = session(tmp_path, FRONTIER)
    assert again.code == 2 and "--resume" in script.text
    Path(out + ".progress.json").unlink()
    Path(out).write_text("releasecheck: 1\n")
    again, script, _ = session(tmp_path, FRONTIER)
    assert again.code == 2 and "--from" in script.text


def test_from_card_asks_only_its_gaps(tmp_path: Path) -> None:
    template = Path(__file__).parent.parent / "src/releasecheck/card/template.yaml"
    card = tmp_path / "card.yaml"
    text = template.read_text().replace("  identity_verification: false\n", "  identity_verification: unknown\n")
    card.write_text(text)
    steps = ["A threat.", "", "", "", "", ""]  # assessment texts the template leaves empty
    answers = ["", "", *steps, "", "yes", "KYC vendor report", ""]
    script = Script(answers)
    result = interview(script.io, load_rubric_set(), output=str(card), from_card=card)
    assert result.code == 0, script.text[-2000:]
    asked = "\n".join(script.asked)
    assert "model's name" not in asked and "Add a bio result" not in asked
    assert "Identity verification (KYC)" in asked and "[unknown] > " in script.prompts
    written = validate_document(load_path(str(card)))
    assert written.model.name == "My-Model-7B"
    assert written.marginal_risk.assessment is not None
    assert written.marginal_risk.assessment.threat_model == "A threat."
    assert written.access_controls.identity_verification is not None
    assert written.access_controls.identity_verification.value is True


def elections_rubric(tmp_path: Path) -> RubricSet:
    folder = tmp_path / "rubrics"
    shutil.copytree(default_rubric_dir(), folder)
    (folder / "elections.yaml").write_text(
        """domains:
  - id: elections
    title: Election interference
    description: Large-scale deception of voters and interference with elections.
benchmarks:
  - id: ElectBench
    domain: elections
    alert: 0.5
    rationale: Half of the election-deception tasks solved is an early warning.
    sources: [{title: "A test benchmark"}]
rules:
  - id: DOM-ELECTIONS
    kind: required-domains
    title: General-purpose models must show election-interference evidence
    rationale: A test rule.
    kinds: [general-purpose]
    domains: [elections]
    sources: [{title: "A test rule"}]
""",
        encoding="utf-8",
    )
    return load_rubric_set(folder)


def test_a_custom_rubric_changes_the_questions(tmp_path: Path) -> None:
    rubric_set = elections_rubric(tmp_path)
    answers = list(FRONTIER)
    other = len(FRONTIER) - len(OTHER_DOMAINS) - len(MARGINAL) - len(SAFEGUARDS)
    other -= len(ACCESS) + len(ACCOUNTABILITY) + len(CAPACITY) + len(BENEFITS)
    answers[other:other] = ["y", "1", "1", "0.62", "worst-case", "", "Elections eval", "", "", "", "n"]
    result, script, out = session(tmp_path, answers, rubric_set)
    assert result.code in (0, 1), script.text[-2000:]
    assert "bio, chem, cyber, ai-rnd, autonomy, elections" in script.text
    assert "Evidence 6/6: elections — Election interference" in script.text
    assert "ElectBench (alert 0.5)" in script.text
    assert "0.62 ≥ 0.5: this establishes alert for elections" in script.text
    card = validate_document(load_path(out), rubric_set.resolve().domain_ids)
    assert card.evaluations[-1].domain == "elections"
    (tmp_path / "plain").mkdir()
    _, plain, _ = session(tmp_path / "plain", FRONTIER)
    assert "elections" not in plain.text


def test_without_a_terminal_interview_exits_2_and_points_to_init_and_check(tmp_path: Path) -> None:
    result = run("interview", "-o", str(tmp_path / "card.yaml"))
    assert result.code == 2
    assert "releasecheck init" in result.stderr and "releasecheck check" in result.stderr
    assert not (tmp_path / "card.yaml").exists()


def test_from_a_full_card_the_written_card_says_the_same(tmp_path: Path) -> None:
    from releasecheck.card.model import Card

    example = Path(__file__).parent.parent / "examples" / "frontier-api.yaml"
    script = Script([""] * 40)  # Enter at every gap: keep or skip
    result = interview(script.io, load_rubric_set(), output=str(tmp_path / "card.yaml"), from_card=example)
    assert result.code == 0, script.text[-2000:]
    assert len(script.prompts) < 40
    original = validate_document(load_path(str(example)))
    written = validate_document(load_path(str(tmp_path / "card.yaml")))
    assert written == Card.model_validate(original.model_dump(exclude_none=True))
    assert result.outcome is not None and result.outcome.report is not None
    assert result.outcome.report.recommended_tier == "api"


def test_ctrl_d_saves_like_ctrl_c(tmp_path: Path) -> None:
    def ask(prompt: str) -> str:
        raise EOFError

    result = interview(IO(ask, lambda _: None), load_rubric_set(), output=str(tmp_path / "card.yaml"))
    assert result.code == 130
    assert (tmp_path / "card.yaml.progress.json").exists()


def test_the_profile_is_used_for_the_assessment(tmp_path: Path) -> None:
    result, _, _ = session(tmp_path, FRONTIER, profile="precautionary")
    assert result.outcome is not None and result.outcome.report is not None
    assert result.outcome.report.rubrics.profile == "precautionary"


def test_resume_with_another_rubric_set_is_refused(tmp_path: Path) -> None:
    stopped, _, out = session(tmp_path, FRONTIER[:3])
    assert stopped.code == 130
    script = Script([])
    result = interview(script.io, elections_rubric(tmp_path), resume=Path(out + ".progress.json"))
    assert result.code == 2 and "--rubrics" in script.text


def test_from_a_file_that_is_no_card_exits_2_with_the_position(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("model: [unclosed\n", encoding="utf-8")
    script = Script([])
    result = interview(script.io, load_rubric_set(), output=str(tmp_path / "card.yaml"), from_card=bad)
    assert result.code == 2
    assert "bad.yaml:" in script.text and "invalid YAML" in script.text
    assert not (tmp_path / "card.yaml.progress.json").exists()


def test_a_weights_tier_gets_its_artifacts_with_a_note(tmp_path: Path) -> None:
    """Planning open-weights but listing only inference code: the interview adds `weights` (what the tier
    releases by definition, which validation checks) and says so, rather than writing an invalid card."""
    answers = [*MODEL, *RELEASE[:3], "inference-code", *FRONTIER[len(MODEL) + len(RELEASE) :]]
    result, script, out = session(tmp_path, answers)
    assert result.code == 0, script.text[-2000:]
    assert "open-weights releases weights: added weights to the artifacts" in script.text
    assert validate_document(load_path(out)).release.artifacts == ["inference-code", "weights"]


def test_a_near_miss_benchmark_name_is_asked_again_with_the_closest_names(tmp_path: Path) -> None:
    answers = list(FRONTIER)
    vct = FRONTIER.index("VCT")
    answers[vct:vct] = ["WMDP bio"]  # then the person types the benchmark they meant
    result, script, out = session(tmp_path, answers)
    assert result.code == 0, script.text[-2000:]
    assert "the rubric knows no benchmark 'WMDP bio'; did you mean WMDP-Bio?" in script.text
    first = validate_document(load_path(out)).evaluations[0]
    assert isinstance(first, BenchmarkResult) and first.benchmark == "VCT"


def test_a_near_miss_typed_twice_is_kept_and_a_far_name_is_never_questioned() -> None:
    check = near_miss_check(["VCT", "WMDP-Bio"], ["VCT", "WMDP-Bio", "WMDP-Chem", "Cybench"])
    first = check("WMDP bio")
    assert first is not None and "did you mean WMDP-Bio?" in first
    assert check("WMDP bio") is None  # typed again: kept, reported later as an unknown benchmark
    assert check("Internal CTF suite") is None  # like nothing the rubric knows: not questioned
    assert check("Cybench") is None  # another domain's benchmark, exactly named
    other = check("cy-bench")
    assert other is not None and "did you mean Cybench?" in other  # closest in any domain when none in its own
