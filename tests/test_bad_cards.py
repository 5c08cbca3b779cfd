"""Every malformed card gets one clear, positioned message and exit 2 (SPEC §8, §9 "Bad input").

One row per file in tests/bad_cards/. Each expectation was written after running the real CLI on
the card and reading the message. Rows marked xfail describe the behaviour the tool *should* have
where it currently does not (wrong position, unclear wording, or a bad card accepted as valid);
they are strict, so fixing the tool turns them into failures that ask for the mark to be removed.

The two hostile cards that would be too big to commit (100,000-deep nesting, > 1 MiB) are
generated at run time in tests/test_hostile_input.py.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT, Result, invoke, run

BAD = ROOT / "tests" / "bad_cards"


@dataclass(frozen=True)
class Case:
    file: str
    line: int
    col: int
    field: str  # the field path printed after the position ("" when the loader has none)
    phrases: tuple[str, ...]  # each must appear in the messages
    count: int = 1  # how many positioned messages the card must get
    absent: tuple[str, ...] = field(default=())  # wording that must not appear
    once: tuple[str, ...] = field(default=())  # must appear exactly once (said once, not twice)
    code: int = 2  # 0: no card at all (a plain Markdown file), skipped with a note (issue 17)

    @property
    def rel(self) -> str:
        return f"tests/bad_cards/{self.file}"


def case(
    file: str,
    line: int,
    col: int,
    fld: str,
    *phrases: str,
    count: int = 1,
    absent: tuple[str, ...] = (),
    once: tuple[str, ...] = (),
    xfail: str | None = None,
    code: int = 2,
) -> object:
    item = Case(file, line, col, fld, phrases, count, absent, once, code)
    marks = [pytest.mark.xfail(strict=True, reason=xfail)] if xfail else []
    return pytest.param(item, id=file, marks=marks)


CASES = [
    # --- invalid YAML syntax -------------------------------------------------------------------
    case(
        "syntax-bad-indentation.yaml",
        4,
        13,
        "",
        "invalid YAML: mapping values are not allowed in this context",
        "check indentation",
    ),
    case(
        "syntax-unclosed-bracket.yaml",
        6,
        15,
        "",
        "']'",
    ),
    case(
        "syntax-unclosed-quote.yaml",
        3,
        9,
        "",
        "quot",
    ),
    case(
        "tab-indentation.yaml",
        7,
        1,
        "",
        "tab",
    ),
    case("unknown-directive.yaml", 1, 5, "", "invalid YAML: found unknown directive name"),
    case("complex-key.yaml", 6, 3, "", "a mapping key must be a plain name"),
    # --- wrong types ---------------------------------------------------------------------------
    case(
        "type-string-for-number.yaml",
        6,
        26,
        "model.training_compute_flop",
        "write a plain number without quotes",
        once=("(got '6.3e24')",),
    ),
    case(
        "type-number-for-string.yaml",
        3,
        9,
        "model.name",
        "expected text; YAML read `42` as a number",
        'quote it: "42"',
    ),
    case(
        "type-list-for-mapping.yaml",
        3,
        3,
        "model",
        "(got a list)",
        absent=("instance of ModelInfo",),
    ),
    case(
        "model-empty.yaml",
        2,
        7,
        "model",
        "mapping",
        absent=("instance of ModelInfo", "got None"),
    ),
    case(
        "evaluation-scalar.yaml",
        7,
        5,
        "evaluations[0]",
        "'vct'",
        absent=("object to extract fields from",),
    ),
    case(
        "access-controls-bool.yaml",
        6,
        18,
        "access_controls",
        "mapping",
        absent=("quote it", "instance of AccessControls"),
    ),
    case(
        "parameters-mapping.yaml",
        6,
        15,
        "model.parameters",
        "(got a mapping)",
        absent=("model.parameters.int", "model.parameters.float"),
    ),
    case(
        "compute-no.yaml",
        6,
        26,
        "model.training_compute_flop",
        "YAML read `no` as the boolean false",
        once=("YAML read `no` as the boolean false",),
        absent=("quote it",),
    ),
    case(
        "provenance-no.yaml",
        7,
        15,
        "accountability.provenance",
        "YAML read `no` as the boolean false",
        once=("YAML read `no` as the boolean false",),
        absent=("quote it",),
    ),
    case(
        "type-mapping-for-list.yaml",
        7,
        5,
        "model.modalities",
        "expected a list (got a mapping)",
    ),
    case("empty-name.yaml", 3, 9, "model.name", "at least 1 character"),
    case("negative-compute.yaml", 6, 26, "model.training_compute_flop", "greater than or equal to 0 (got -1.0e+24)"),
    case(
        "parameters-infinite.yaml",
        6,
        15,
        "model.parameters",
        "inf",
    ),
    case(
        "compute-overflow.yaml",
        6,
        26,
        "model.training_compute_flop",
        "1e99999",
    ),
    # --- unknown keys (typos) ------------------------------------------------------------------
    case("unknown-top-level-key.yaml", 6, 1, "evaluation", "unknown field 'evaluation'", "did you mean 'evaluations'?"),
    case(
        "unknown-nested-key.yaml",
        4,
        3,
        "model.developper",
        "unknown field 'developper'",
        "did you mean 'developer'?",
        "required field 'developer' is missing",
        count=2,
    ),
    case(
        "control-detail-typo.yaml",
        7,
        35,
        "access_controls.usage_monitoring.evidnce",
        "unknown field 'evidnce'",
        "did you mean 'evidence'?",
    ),
    case("merge-key.yaml", 8, 3, "access_controls.<<", "unknown field '<<'"),
    # --- duplicate keys ------------------------------------------------------------------------
    case("duplicate-key-top.yaml", 8, 1, "", "duplicate key 'release' (first given at line 6)"),
    case("duplicate-key-nested.yaml", 6, 3, "", "duplicate key 'name' (first given at line 3)"),
    # --- anchors, aliases, tags, nesting -------------------------------------------------------
    case("alias-bomb.yaml", 2, 4, "", "YAML anchor '&a' is not allowed in a card"),
    case("anchor-alias.yaml", 4, 14, "", "YAML anchor '&dev' is not allowed in a card"),
    case("alias-only.yaml", 6, 16, "", "YAML alias '*undefined' is not allowed in a card"),
    case("tag-python-object.yaml", 2, 8, "", "YAML tag 'tag:yaml.org,2002:python/object:os.system' is not allowed"),
    case("tag-custom.yaml", 3, 9, "", "YAML tag '!foo' is not allowed in a card"),
    case("nesting-65-levels.yaml", 7, 72, "", "nesting is deeper than 64 levels"),
    # --- bytes and encodings -------------------------------------------------------------------
    case("binary-png.yaml", 1, 1, "", "bytes are not valid UTF-8 (byte 0x89)", "save the card as UTF-8"),
    case("nul-bytes.yaml", 3, 13, "", "control character U+0000 in the file"),
    case("invalid-utf8.yaml", 3, 12, "", "bytes are not valid UTF-8 (byte 0xe9)"),
    case("latin1-licence.yaml", 7, 20, "", "bytes are not valid UTF-8 (byte 0xe0)"),
    case("utf16.yaml", 1, 1, "", "the file looks like UTF-16 text", "save the card as UTF-8"),
    case(
        "utf16-no-bom.yaml",
        1,
        1,
        "",
        "UTF",
        absent=("is this a binary file?",),
    ),
    case("control-escape-character.yaml", 7, 10, "", "control character in a value"),
    case("c1-control-character.yaml", 7, 12, "", "control character U+0085 in the file"),
    # --- not one mapping -----------------------------------------------------------------------
    case("empty.yaml", 1, 1, "", "the file is empty"),
    case("whitespace-only.yaml", 1, 1, "", "the file is empty"),
    case("comments-only.yaml", 1, 1, "", "the file holds no YAML document"),
    case(
        "top-level-list.yaml",
        1,
        1,
        "",
        "a card must be a YAML mapping",
        absent=("this is list",),
    ),
    case(
        "top-level-scalar.yaml",
        1,
        1,
        "",
        "a card must be a YAML mapping",
        absent=("this is str",),
    ),
    case("multiple-documents.yaml", 6, 1, "", "a card file holds one YAML document; found a second"),
    # --- YAML 1.1 surprises --------------------------------------------------------------------
    case(
        "yaml11-licence-no.yaml",
        7,
        12,
        "release.licence",
        "YAML read `no` as the boolean false",
        'quote it if you mean the text: "no"',
    ),
    case("yaml11-version-float.yaml", 4, 12, "model.version", "YAML read `1.0` as a number", 'quote it: "1.0"'),
    case("yaml11-name-yes.yaml", 3, 9, "model.name", "YAML read `yes` as the boolean true"),
    case(
        "releasecheck-yes.yaml",
        1,
        15,
        "releasecheck",
        "yes",
    ),
    # --- missing required fields ---------------------------------------------------------------
    case("missing-releasecheck.yaml", 1, 1, "releasecheck", "required field 'releasecheck' is missing"),
    case("missing-model-name.yaml", 3, 3, "model.name", "required field 'name' is missing"),
    case("missing-eval-source.yaml", 7, 5, "evaluations[0].source", "required field 'source' is missing"),
    case(
        "missing-eval-elicitation.yaml", 7, 5, "evaluations[0].elicitation", "required field 'elicitation' is missing"
    ),
    # --- evaluation types ----------------------------------------------------------------------
    case(
        "score-on-red-team.yaml",
        11,
        5,
        "evaluations[0].score",
        "'score' belongs to benchmark evaluations, not red-team",
    ),
    case("benchmark-without-score.yaml", 7, 5, "evaluations[0].score", "required field 'score' is missing"),
    case("evaluation-without-type.yaml", 7, 5, "evaluations[0]", "evaluation has no `type`"),
    case(
        "unknown-evaluation-type.yaml",
        9,
        11,
        "evaluations[0].type",
        "unknown evaluation type 'benchmarks'",
    ),
    # --- values out of range / not in the vocabulary -------------------------------------------
    case("score-above-one.yaml", 11, 12, "evaluations[0].score", "less than or equal to 1 (got 41)"),
    case("score-negative.yaml", 11, 12, "evaluations[0].score", "greater than or equal to 0 (got -0.2)"),
    case(
        "score-nan.yaml",
        11,
        12,
        "evaluations[0].score",
        "nan",
        absent=("greater than or equal to 0 (got nan)",),
    ),
    case("unknown-domain.yaml", 8, 13, "evaluations[0].domain", "unknown risk domain 'biology'", "did you mean 'bio'?"),
    case(
        "domain-capitalised.yaml",
        7,
        20,
        "safeguards.data_filtering[0]",
        "'Bio'",
        absent=("String should match pattern",),
    ),
    case(
        "assessed-levels-unknown-domain.yaml",
        9,
        23,
        "similarly_safe.reference.assessed_levels.biology",
        "unknown risk domain 'biology'",
    ),
    case("unknown-tier.yaml", 7, 17, "release.planned_tier", "(got 'open-weight')", "'open-weights'"),
    case("unknown-level.yaml", 10, 12, "evaluations[0].level", "(got 'medium')", "'severe'"),
    case("unknown-kind.yaml", 5, 9, "model.kind", "(got 'llm')", "'general-purpose'"),
    case(
        "provenance-bad-item.yaml",
        7,
        16,
        "accountability.provenance[0]",
        "(got 'hashes')",
        absent=("expected 'unknown' (got a list)",),
    ),
    # --- dates ---------------------------------------------------------------------------------
    case(
        "date-out-of-range.yaml",
        8,
        9,
        "release.date",
        "expected an ISO 8601 date, YYYY-MM-DD",
        "'2026-13-45'",
    ),
    case(
        "date-next-week.yaml",
        8,
        9,
        "release.date",
        "'next week'",
        absent=("input is too short",),
    ),
    case(
        "date-with-time.yaml",
        8,
        9,
        "release.date",
        "2026-11-20T10:30:00",
        absent=("datetime.datetime",),
    ),
    case(
        "date-unix-timestamp.yaml",
        8,
        9,
        "release.date",
        "1728000000",
    ),
    # --- cross-field and version ---------------------------------------------------------------
    case(
        "duplicate-evaluation-ids.yaml",
        14,
        9,
        "evaluations[1].id",
        "evaluation id 'vct' is used twice (first at evaluations[0])",
    ),
    case("releasecheck-2.yaml", 1, 15, "releasecheck", "expected the card format version 1 (got 2)"),
    # --- ABC controls --------------------------------------------------------------------------
    case(
        "control-bad-value.yaml",
        8,
        21,
        "access_controls.usage_monitoring",
        "expected true, false or 'unknown' (got 'maybe')",
    ),
    case(
        "control-detail-bad-value.yaml",
        7,
        29,
        "access_controls.usage_monitoring.value",
        "expected true, false or 'unknown' (got 'maybe')",
    ),
    case("weight-security-sl9.yaml", 7, 20, "access_controls.weight_security", "(got 'sl9')", "'sl5'"),
    # --- Markdown front matter -----------------------------------------------------------------
    # Markdown without a `releasecheck:` mapping in its front matter is no card (a README a
    # pre-commit hook passes): skipped with a positioned note, exit 0 (issue 17)
    case("md-no-front-matter.md", 1, 1, "", "not a card, skipped", "under `releasecheck:`", code=0),
    case(
        "md-front-matter-without-releasecheck.md",
        1,
        1,
        "",
        "not a card, skipped: no `releasecheck:` mapping",
        code=0,
    ),
    case(
        "md-front-matter-releasecheck-scalar.md",
        3,
        15,
        "releasecheck",
        "releasecheck",
        absent=("has no `releasecheck:` mapping",),
    ),
    case(
        "md-front-matter-unterminated.md",
        1,
        1,
        "",
        "front matter",
        absent=("no YAML front matter",),
    ),
    case("md-front-matter-bad-yaml.md", 5, 14, "", "invalid YAML: mapping values are not allowed"),
    case("md-front-matter-invalid-field.md", 8, 11, "model.kind", "(got 'llm')"),
]


def _positioned(stderr: str, rel: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith(f"{rel}:")]


@pytest.fixture(scope="module")
def results() -> dict[str, Result]:
    """`releasecheck validate CARD` in a fresh process for every card, a few at a time."""
    rels = [f"tests/bad_cards/{p.name}" for p in sorted(BAD.iterdir()) if p.is_file()]
    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        return dict(zip(rels, pool.map(lambda rel: run("validate", rel), rels), strict=True))


@pytest.mark.parametrize("card", CASES)
def test_bad_card_gets_a_positioned_message(card: Case, results: dict[str, Result]) -> None:
    result = results[card.rel]
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert "internal error" not in output
    assert result.code == card.code, output
    assert f"{card.rel}: valid" not in result.stdout
    where = f"{card.rel}:{card.line}:{card.col}:"
    prefix = f"{where} {card.field}:" if card.field else where
    assert any(line.startswith(prefix) for line in _positioned(result.stderr, card.rel)), result.stderr
    text = result.stderr.replace(card.rel, "<card>")
    for phrase in card.phrases:
        assert phrase in text, result.stderr
    for phrase in card.once:
        assert text.count(phrase) == 1, f"{phrase!r} should be said once in:\n{result.stderr}"
    for phrase in card.absent:
        assert phrase not in text, result.stderr
    assert len(_positioned(result.stderr, card.rel)) == card.count, result.stderr


def test_every_bad_card_has_a_row() -> None:
    files = sorted(p.name for p in BAD.iterdir() if p.is_file())
    rows = sorted(p.values[0].file for p in CASES)
    assert files == rows
    assert len(files) >= 35


def test_a_batch_reports_every_bad_card_and_the_good_one() -> None:
    good = str(EXAMPLES / "frontier-api.yaml")
    bad = ["tests/bad_cards/alias-bomb.yaml", "tests/bad_cards/unknown-tier.yaml", "tests/bad_cards/empty.yaml"]
    result = run("validate", bad[0], good, bad[1], bad[2])
    assert "Traceback" not in result.stdout + result.stderr
    assert result.code == 2
    assert f"{good}: valid" in result.stdout
    assert "tests/bad_cards/alias-bomb.yaml:2:4: YAML anchor '&a'" in result.stderr
    assert "tests/bad_cards/unknown-tier.yaml:7:17: release.planned_tier:" in result.stderr
    assert "tests/bad_cards/empty.yaml:1:1: the file is empty" in result.stderr
    for path in bad:
        assert f"{path}: valid" not in result.stdout


def test_check_on_a_bad_card_writes_no_output_file(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    result = run("check", "tests/bad_cards/score-above-one.yaml", "--format", "json", "--output", str(out))
    assert "Traceback" not in result.stdout + result.stderr
    assert result.code == 2
    assert "tests/bad_cards/score-above-one.yaml:11:12: evaluations[0].score: expected less than or equal to 1" in (
        result.stderr
    )
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []  # no temporary file left behind either


def test_check_text_on_a_bad_card_is_the_same_message(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    result = run("check", "tests/bad_cards/yaml11-licence-no.yaml", "--output", str(out))
    assert "Traceback" not in result.stdout + result.stderr
    assert result.code == 2
    assert "tests/bad_cards/yaml11-licence-no.yaml:7:12: release.licence: expected text;" in result.stderr
    assert not out.exists()


def test_validate_on_a_folder_without_cards_says_so(tmp_path: Path) -> None:
    result = run("validate", str(tmp_path))
    assert result.code == 2
    assert str(tmp_path) in result.stderr


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("waivers:\n  - rule: REQ-API-HIGH\n", "looks like a waivers file"),
        ("gpt-2.yaml: {range: [api, fully-open], actual: open-weights}\n", "looks like a casebook's ranges file"),
        ("gpt-2.yaml: {ceiling: [api, fully-open]}\n", "start from `releasecheck init`"),
    ],
    ids=["waivers-file", "casebook-ranges", "other-yaml"],
)
def test_a_yaml_file_that_is_no_card_gets_one_message(tmp_path: Path, text: str, hint: str) -> None:
    path = tmp_path / "other.yaml"
    path.write_text(text, encoding="utf-8")
    result = invoke("check", str(path))
    assert result.code == 2
    lines = [line for line in result.stderr.splitlines() if line.startswith(str(path))]
    assert lines == [f"{path}:1:1: not a card: no `releasecheck:` or `model:` key"]
    assert hint in result.stderr


def test_a_card_missing_only_its_version_line_still_gets_field_messages(tmp_path: Path) -> None:
    path = tmp_path / "card.yaml"
    path.write_text("model: {name: x}\n", encoding="utf-8")
    result = invoke("check", str(path))
    assert result.code == 2 and "releasecheck: required field 'releasecheck' is missing" in result.stderr
