"""The loader reads plain scalars itself (a fast path for the common spellings); it must make of
each exactly what PyYAML's safe loader makes of it, except that `1e25` is a number (SPEC §9): a
YAML 1.1 float that only lacks the dot or the exponent's sign (`1.0e+25`) is read as that float."""

from __future__ import annotations

import math
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import examples
from releasecheck.yamlpos.loader import load_text, resolve_plain
from releasecheck.yamlpos.problems import InputError

# Each spelling YAML 1.1 treats specially, and near misses of each.
_WORDS = """
yes Yes YES no No NO true True TRUE false False FALSE on On ON off Off OFF
y Y n N yES tRUE oN nO ~ null Null NULL nULL none None
0 -0 +0 7 -7 +7 10 0123 0o17 0x1F 0b101 1_000 -1_000 190:20:30 00 007
0.5 -0.5 +0.5 .5 -.5 1. 1.0 01.5 1_0.5 1.5e+3 1.5e3 1e25 -1E-3 6.3e24 1.0e+25 .inf -.Inf .NaN
2026-05-01 2026-5-1 2026-13-45 2026-02-30 2026-05-01T10:00:00Z 20260501
= < << /path _x (a) 1a 1.2.3 1-2 -- + . 12:30 3.14abc 0x 1e 1e+ 123abc
0E0_ 1e5_ 1e_5 1e+_5 1E-5_ 1_e5 1_0e1_0 1.5e3_ _1e5
.5e3 .5E-3 .5e+3 .5_e3 .5e3_ ._5e3 -.5e3 +.5e3 -.5e+3 .e3 0.e3 -0.5e3
0x1_F 0x_ 0o1_7 0b1_0 -0x1F +0b11 0_0 -0_7 0.5_ +.5 -.inf +.inf .5.5
1:30 -1:30 +1:30 1_0:30 1:30.5 1:60 1:3_0 0:30 01:30 1:30e1
"""
SPELLINGS = [*_WORDS.split(), "2026-05-01 10:00:00", "text with spaces", "émoji ✓"]


def pyyaml(text: str) -> Any:
    try:
        return yaml.load(f"v: {text}\n", Loader=yaml.CSafeLoader)["v"]
    except (ValueError, OverflowError, yaml.constructor.ConstructorError):
        return text  # PyYAML gives up on e.g. 2026-13-45; the loader keeps the text for validation to explain


def same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a):
        return math.isnan(b)
    return type(a) is type(b) and a == b


def expected(text: str) -> Any:
    value = pyyaml(text)
    head, e, tail = text.rpartition("e") if "e" in text else text.rpartition("E")
    if isinstance(value, str) and e and head:
        # YAML 1.1 needs a dot and a signed exponent (1.0e+25); cards read 1e25 as the number
        # everybody means. Ask PyYAML about the 1.1 spelling: only what it reads as a float
        # counts (so no underscores in or after the exponent, no sign before a leading dot).
        spelled = head + ("" if "." in head else ".") + e + (tail if tail[:1] in ("+", "-") else "+" + tail)
        as_11 = pyyaml(spelled)
        if isinstance(as_11, float):
            return as_11
    return value


def test_known_spellings_match_pyyaml() -> None:
    for text in SPELLINGS:
        got = resolve_plain(text) if text else None
        assert same(got, expected(text)), (text, got, expected(text))


def test_spellings_that_once_disagreed() -> None:
    """Regression cases: `0E0_` and every underscore in or after an exponent are text, as in
    PyYAML and in the loader (an earlier oracle in this file stripped underscores anywhere and
    called them numbers)."""
    for text in ("0E0_", "1e5_", "1e_5", "1e+_5", "1E-5_", "0.e_0", "-.5e3", "-.5e+3", "+.5e3"):
        assert resolve_plain(text) == text == expected(text), text
    assert resolve_plain("1_e5") == 1e5 == expected("1_e5")


def test_a_leading_dot_number_with_an_exponent_is_a_number() -> None:
    """`.5e+3` is a YAML 1.1 float, so `.5e3` is one too, like `0.5e3` (the loader once read it as
    text); YAML 1.1 has no sign before a leading dot, so `-.5e3` stays text, like `-.5`."""
    for text, number in ((".5e3", 500.0), (".5E-3", 0.0005), (".5_e3", 500.0), (".5e+3", 500.0)):
        assert resolve_plain(text) == number == expected(text), text
    assert resolve_plain("-.5e3") == "-.5e3" == expected("-.5e3")


def test_a_decimal_past_the_int_digit_limit_is_an_input_error_not_a_crash() -> None:
    """Python refuses to read an int of over 4,300 digits; the fast path raised that ValueError
    (an internal error, exit 3). The scalar stays text, and the loader refuses so long a number with
    its position before anything converts it (tests/test_hostile_batch.py covers the CLI)."""
    huge = "9" * 5000
    assert resolve_plain(huge) == huge == pyyaml(huge)
    with pytest.raises(InputError, match="number out of range"):
        load_text(f"a: {huge}\n", "x.yaml")


def test_the_fast_paths_fire() -> None:
    """Not only the fallback: a number, a float, a date and a word each take a fast path and give
    PyYAML's type."""
    assert resolve_plain("42") == 42 and type(resolve_plain("42")) is int
    assert resolve_plain("0.85") == 0.85
    assert str(resolve_plain("2026-05-01")) == "2026-05-01"
    assert resolve_plain("third-party") == "third-party"
    assert resolve_plain("off") is False


def test_the_loader_uses_it_for_plain_scalars_only() -> None:
    doc = load_text('a: no\nb: "no"\nc: 1e25\nd: |\n  1\n', "x.yaml")
    assert doc.data == {"a": False, "b": "no", "c": 1e25, "d": "1\n"}
    assert doc.plain_scalars == {("a",): "no", ("c",): "1e25"}


PLAIN_ALPHABET = st.sampled_from(list("0123456789+-._:eExXoObB~ TtFfNnYy<=/abcdz"))


@settings(max_examples=examples(3000), deadline=None)
@given(st.text(PLAIN_ALPHABET, min_size=1, max_size=12))
def test_any_plain_scalar_matches_pyyaml(text: str) -> None:
    text = text.strip()
    try:
        event = [e for e in yaml.parse(f"v: {text}\n", Loader=yaml.CSafeLoader) if isinstance(e, yaml.ScalarEvent)]
        value = pyyaml(text)
    except yaml.MarkedYAMLError:
        return  # not a plain scalar at all (e.g. `- x`, `: x`); the loader reports it as a syntax error
    if len(event) != 2 or event[1].value != text or event[1].style or isinstance(value, dict | list):
        return  # YAML read more than one plain scalar out of it
    assert same(resolve_plain(text) if text else None, expected(text)), text
