"""Property tests: whatever bytes a card holds, the loader and validator answer with positioned problems.

(a) random bytes, (b) YAML-like text from a small grammar (keys, scalars that YAML 1.1 reads
surprisingly, indentation, brackets, quotes, anchors, aliases, tags, directives) plus mutations
of a real card and wrongly-typed values at real field names, both in-process through
``load_bytes`` + ``validate_document``; (c) a few of the same through the real CLI.

The only exception allowed out of the card stage is ``InputError``; each of its problems names
the file, a line and column >= 1 (and no line past the end of the file) and a non-empty message.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES, examples, run
from releasecheck.card.validate import validate_document
from releasecheck.rubric.load import load_rubric_set
from releasecheck.yamlpos.loader import load_bytes
from releasecheck.yamlpos.problems import InputError

DOMAINS = load_rubric_set(None).resolve().domain_ids
# example counts under HYPOTHESIS_PROFILE=ci; the default profile runs a few of each (conftest.py)
FAST = settings(
    max_examples=examples(300),
    deadline=None,
    database=None,  # no .hypothesis/ folder in the work tree
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SLOW = settings(FAST, max_examples=examples(25))

FIELD_NAMES = (
    "releasecheck",
    "model",
    "name",
    "version",
    "developer",
    "kind",
    "modalities",
    "parameters",
    "training_compute_flop",
    "base_model",
    "description",
    "release",
    "planned_tier",
    "date",
    "licence",
    "artifacts",
    "evaluations",
    "id",
    "domain",
    "type",
    "benchmark",
    "score",
    "population",
    "uplift",
    "significant",
    "severity",
    "level",
    "framework",
    "elicitation",
    "performed_by",
    "source",
    "notes",
    "safeguards",
    "refusal_training",
    "data_filtering",
    "system_level",
    "tamper_tests",
    "method",
    "refusal_before",
    "refusal_after",
    "cost_usd",
    "marginal_risk",
    "reference",
    "as_of",
    "general_capability",
    "domain_comparisons",
    "model_score",
    "reference_score",
    "assessment",
    "threat_model",
    "similarly_safe",
    "assessed_levels",
    "access_controls",
    "usage_monitoring",
    "weight_security",
    "value",
    "evidence",
    "accountability",
    "provenance",
    "capacity_building",
    "benefits",
    "research_value",
)
TRICKY_KEYS = ("", "x", "<<", "1", "~", "null", "true", "a b", "é", "'q'", '"dq"', "? k", "-", "key:x")
TRICKY_SCALARS = (
    "yes",
    "no",
    "on",
    "off",
    "y",
    "n",
    "true",
    "False",
    "~",
    "null",
    "1e25",
    "1.0e+25",
    "1.0",
    "-0",
    "0x1F",
    "0o17",
    "017",
    "1:30",
    "1_000",
    ".inf",
    "-.inf",
    ".nan",
    "1e99999",
    "2026-11-20",
    "2026-13-45",
    "2026-11-20T10:30:00",
    "2026-11-20 00:00:00",
    "next week",
    "1728000000",
    '"quoted"',
    "'single'",
    "''",
    '""',
    '"\\x01"',
    '"\\ud800"',
    '"\\u0000"',
    "&a x",
    "*a",
    "&b",
    "!foo x",
    "!!str 5",
    "!!int x",
    "!!python/object:os.system x",
    "!!binary aGk=",
    "[",
    "]",
    "{",
    "}",
    "[]",
    "{}",
    "[a, b]",
    "{a: 1}",
    "|",
    ">-",
    "#c",
    "%",
    "@",
    "`",
    "bio",
    "cyber",
    "api",
    "open-weights",
    "benchmark",
    "red-team",
    "threshold-assessment",
    "uplift-study",
    "worst-case",
    "sl3",
    "sl9",
    "high",
    "unknown",
    "general-purpose",
    "0.5",
    "41",
    "-0.2",
    "Ünïcödé",
    "a: b",
    "- x",
    "\t",
    "a\x85b",
)
YAML_ALPHABET = "abcdefgkmnorstuvxyz019 _-.:,[]{}#&*!|>'\"%@`?~\n\n\n\t\\é\u2028\ufeff"
YAML_TEXT = st.text(alphabet=YAML_ALPHABET, max_size=400)


def keys() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(FIELD_NAMES), st.sampled_from(TRICKY_KEYS), st.text(YAML_ALPHABET, max_size=8))


def scalars() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(TRICKY_SCALARS), st.text(YAML_ALPHABET.replace("\n", ""), max_size=12))


@st.composite
def yaml_node(draw: st.DrawFn, depth: int = 0) -> list[str]:
    """A node as lines of block YAML (indented by the caller), sometimes in flow style."""
    kind = draw(st.sampled_from(["scalar", "map", "seq", "flow"] if depth < 4 else ["scalar", "flow"]))
    if kind == "scalar":
        return [draw(scalars())]
    if kind == "flow":
        items = draw(st.lists(scalars(), max_size=4))
        if draw(st.booleans()):
            pairs = [f"{draw(keys())}: {item}" for item in items]
            return ["{" + ", ".join(pairs) + draw(st.sampled_from(["}", "", "]", "}}"]))]
        return ["[" + ", ".join(items) + draw(st.sampled_from(["]", "", "}", "]]"]))]
    lines: list[str] = []
    for _ in range(draw(st.integers(0, 4))):
        child = draw(yaml_node(depth + 1))
        indent = " " * draw(st.sampled_from([2, 2, 2, 0, 1, 3, 4]))
        decoration = draw(st.sampled_from(["", "", "", "&a ", "*a ", "!foo ", "!!map ", "? "]))
        head = draw(keys()) + ":" if kind == "map" else "-"
        if len(child) == 1:
            lines.append(f"{head} {decoration}{child[0]}")
        else:
            lines.append(f"{head} {decoration}".rstrip())
            lines += [indent + line for line in child]
        if draw(st.integers(0, 9)) == 0:
            lines.append(draw(st.sampled_from(["# comment", "---", "...", "%YAML 1.2", "", "\t", "  - x"])))
    return lines


@st.composite
def yaml_documents(draw: st.DrawFn) -> str:
    lines = draw(yaml_node())
    if draw(st.booleans()):
        lines = ["releasecheck: 1", *lines]
    text = "\n".join(lines) + draw(st.sampled_from(["\n", "", "\r\n", "\n\n"]))
    if draw(st.integers(0, 3)) == 0:
        text = draw(st.sampled_from(["---\n", "%YAML 1.1\n---\n", "\ufeff", "---\nreleasecheck:\n"])) + text
    return text


def _card_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.yaml"))]


CARDS = _card_texts()


@st.composite
def mutated_cards(draw: st.DrawFn) -> str:
    """A real example card with a few edits: spans deleted, replaced or duplicated."""
    text = draw(st.sampled_from(CARDS))
    for _ in range(draw(st.integers(1, 3))):
        start = draw(st.integers(0, len(text)))
        end = min(len(text), start + draw(st.integers(0, 30)))
        action = draw(st.sampled_from(["delete", "replace", "insert", "duplicate-line"]))
        if action == "delete":
            text = text[:start] + text[end:]
        elif action == "replace":
            text = text[:start] + draw(st.one_of(scalars(), YAML_TEXT.map(lambda s: s[:20]))) + text[end:]
        elif action == "insert":
            text = text[:start] + draw(st.sampled_from(TRICKY_SCALARS)) + text[start:]
        else:
            lines = text.split("\n")
            index = draw(st.integers(0, len(lines) - 1))
            lines.insert(index, lines[index])
            text = "\n".join(lines)
    return text


ANY_VALUE = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(10**30), 10**30),
        st.floats(allow_nan=True, allow_infinity=True),
        st.sampled_from(TRICKY_SCALARS),
        st.text(max_size=10),
        st.dates().map(str),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(FIELD_NAMES), inner, max_size=3)
    ),
    max_leaves=8,
)


@st.composite
def typed_wrong_cards(draw: st.DrawFn) -> str:
    """A card-shaped mapping with real field names holding values of any type."""
    card: dict[str, Any] = {"releasecheck": draw(st.sampled_from([1, 1, 2, "1", True]))}
    card["model"] = draw(
        st.fixed_dictionaries(
            {"name": st.one_of(st.just("M"), ANY_VALUE), "developer": st.just("Lab"), "kind": st.just("agent")},
            optional={k: ANY_VALUE for k in ("version", "parameters", "training_compute_flop", "modalities")},
        )
    )
    evaluation = st.fixed_dictionaries(
        {
            "domain": st.one_of(st.sampled_from(["bio", "cyber", "biology", "Bio"]), ANY_VALUE),
            "type": st.sampled_from(["benchmark", "uplift-study", "red-team", "threshold-assessment", "x"]),
            "elicitation": st.just("worst-case"),
            "source": st.just("S"),
        },
        optional={
            k: ANY_VALUE
            for k in ("id", "benchmark", "score", "population", "uplift", "significant", "severity", "level", "date")
        },
    )
    sections = {
        "release": st.dictionaries(st.sampled_from(["planned_tier", "date", "licence", "artifacts", "x"]), ANY_VALUE),
        "evaluations": st.one_of(st.lists(evaluation, max_size=3), ANY_VALUE),
        "safeguards": ANY_VALUE,
        "marginal_risk": ANY_VALUE,
        "similarly_safe": ANY_VALUE,
        "access_controls": st.dictionaries(
            st.sampled_from(["usage_monitoring", "weight_security", "staged_rollout", "x"]), ANY_VALUE
        ),
        "accountability": st.dictionaries(st.sampled_from(["provenance", "monitoring_plan"]), ANY_VALUE),
        "benefits": ANY_VALUE,
    }
    for name, strategy in sections.items():
        if draw(st.booleans()):
            card[name] = draw(strategy)
    return yaml.safe_dump(card, allow_unicode=draw(st.booleans()), default_flow_style=draw(st.booleans()))


GRAMMAR = st.one_of(yaml_documents(), YAML_TEXT, mutated_cards(), typed_wrong_cards())
SUFFIX = st.sampled_from([".yaml", ".yaml", ".yml", ".md"])


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def _lines_in(raw: bytes) -> int:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = ""
    return max(raw.count(b"\n"), len(text.splitlines())) + 1


def problems_of(raw: bytes, path: Path) -> Iterator[Any]:
    """Load and validate ``raw`` as the file ``path``; yield the problems (none when valid)."""
    path.write_bytes(raw)
    try:
        doc = load_bytes(path.read_bytes(), str(path))
        validate_document(doc, DOMAINS)
    except InputError as err:
        assert err.problems, "InputError without problems"
        yield from err.problems


def assert_well_formed(raw: bytes, path: Path) -> None:
    limit = _lines_in(raw)
    for problem in problems_of(raw, path):
        assert problem.file == str(path), problem
        assert problem.line >= 1, problem
        assert problem.col >= 1, problem
        assert problem.line <= limit, (problem, limit)
        assert problem.message.strip(), problem
        assert problem.render().startswith(f"{path}:{problem.line}:{problem.col}:")


@settings(FAST, max_examples=examples(1000))
@given(raw=st.binary(max_size=2048), suffix=SUFFIX)
def test_random_bytes_give_only_positioned_problems(workdir: Path, raw: bytes, suffix: str) -> None:
    assert_well_formed(raw, workdir / f"card{suffix}")


@settings(FAST, max_examples=examples(600))
@given(text=GRAMMAR, suffix=SUFFIX)
def test_yaml_like_text_gives_only_positioned_problems(workdir: Path, text: str, suffix: str) -> None:
    if suffix == ".md" and not text.startswith("---"):
        text = "---\n" + text + "\n---\n# Model\n"
    assert_well_formed(text.encode("utf-8", "surrogatepass"), workdir / f"card{suffix}")


@pytest.mark.slow  # a process per example
@SLOW
@given(data=st.one_of(st.binary(max_size=2048), GRAMMAR.map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_cli_never_shows_a_traceback(workdir: Path, data: bytes) -> None:
    path = workdir / "cli-card.yaml"
    path.write_bytes(data)
    result = run("validate", str(path))
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert result.code in (0, 2), output
    if result.code == 2:
        assert f"{path}:" in result.stderr
    else:
        assert f"{path}: valid" in result.stdout
