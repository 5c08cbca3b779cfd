"""Card text made inert wherever a person, a terminal or a CI runner reads it.

A card (or an archived report) is written by someone else. Its strings reach terminals, PR
comments, step summaries, code scanning and CI logs, so before they are shown:

- control characters go (ESC sequences could clear a screen or write the clipboard), line breaks
  of every kind become spaces (a value must not start a line of its own), and so do bidi
  overrides, zero-width and other invisible characters (text that reads other than it is), and
  what XML 1.0 forbids (a JUnit file must parse);
- in text for CI logs no line may start with ``::`` and none may hold ``##[``: GitHub Actions
  runs those as workflow commands (it trims leading blanks first, so an indent does not help);
- in Markdown, card text is escaped so that it renders as the same text and nothing else: no
  links, images, HTML, mentions, emoji codes or table breaks.

One module, so that every renderer applies the same rules.
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING, TypeVar, cast

if TYPE_CHECKING:
    from releasecheck.runner import Outcome
    from releasecheck.yamlpos.problems import Problem

T = TypeVar("T")

# Line breaks and separators of every kind (the Unicode line-boundary characters and the ASCII
# separators) become one space.
_BREAKS = re.compile("[\t\n\x0b\x0c\r\x1c-\x1f\x85\u2028\u2029]")
# Removed: other C0/C1 controls; soft hyphen; invisible joiners and fillers; bidi marks,
# embeddings, overrides and isolates; zero-width space/joiners, word joiner and invisible
# operators; variation selectors and tag characters (both used to smuggle hidden text); the BOM;
# interlinear annotation marks; surrogates, U+FFFE and U+FFFF (not characters XML allows).
_INVISIBLE = re.compile(
    "[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\xad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f"
    "\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb\ufffe\uffff"
    "\ud800-\udfff\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)
# GitHub Actions workflow commands: `::name ...::` at the start of a line (after blanks), and the
# older `##[name]` anywhere in one. Leading ANSI colour codes do not protect a line either.
_LINE_COMMAND = re.compile(r"^((?:\s|\x1b\[[0-9;]*m)*)::", re.MULTILINE)
_OLD_COMMAND = "##["
# Markdown: the ASCII punctuation that can start markup inline, escaped with a backslash
# (CommonMark renders `\x` as `x` for any ASCII punctuation): `[` `]` stop links and images (a
# parenthesis alone is plain text), `<` `>` HTML and autolinks, `$` math, `&` entities, `|` table
# cells; a `:` before `//` stops a URL autolink, and `www.` is an autolink of its own.
_MD_SPECIAL = re.compile(r"[\\`*_{}\[\]<>#!|~&$]|:(?=//)")
_MD_WWW = re.compile(r"(?i)\b(www)\.")


def clean(text: str) -> str:
    """One line of card text: no controls, invisible or XML-forbidden characters; breaks become spaces."""
    if text.isascii() and text.isprintable():
        return text  # the common case, decided in C
    return _INVISIBLE.sub("", _BREAKS.sub(" ", text))


def lines(text: str) -> str:
    """Output of several lines that holds card text (text reports, messages, diff): each line
    cleaned, and none can run as a CI workflow command."""
    out = "\n".join(clean(line) for line in text.split("\n"))
    return no_commands(out)


def no_commands(text: str) -> str:
    """Break ``::`` at the start of a line and ``##[`` anywhere, visibly and harmlessly."""
    if "::" in text:
        text = _LINE_COMMAND.sub(r"\1: :", text)
    if _OLD_COMMAND in text:
        text = text.replace(_OLD_COMMAND, "# #[")
    return text


def md(text: object) -> str:
    """Card text inside Markdown (a table cell, a heading, a list item): the same words, inert."""
    out = clean(str(text))
    # a mention (`@user`, `@org/team`) or an e-mail autolink needs the ASCII `@`
    out = _MD_SPECIAL.sub(r"\\\g<0>", out.replace("@", "\uff20"))
    return _MD_WWW.sub(r"\1\\.", out)


def md_code(text: object) -> str:
    """A file name or id as a Markdown code span; text that could end or split the span (a
    backtick, a pipe in a table, a backslash) is written as escaped plain text instead."""
    out = clean(str(text))
    if not out.strip() or any(c in out for c in "`|\\"):
        return md(out)
    return f"`{out}`"


def deep(value: T) -> T:
    """Every string in a report (keys too), cleaned: dataclasses field by field, tuples stay tuples.
    What holds no string to clean is returned as it is, not copied: reports are nearly always clean,
    and rebuilding every dataclass of one cost more than rendering it as text."""
    return cast(T, _deep(value))


_FIELDS: dict[type, tuple[str, ...]] = {}  # dataclass -> its field names (dataclasses.fields is slow)
_ATOMS = (int, float, bool, type(None))


def _deep(value: object) -> object:
    kind = type(value)
    if kind is str:
        return clean(cast(str, value))
    if kind in _ATOMS:
        return value
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, dict):
        return _deep_dict(value)
    if isinstance(value, (tuple, list)):
        items = [_deep(v) for v in value]
        if all(new is old for new, old in zip(items, value, strict=True)):
            return value
        if isinstance(value, list):
            return items
        make = getattr(kind, "_make", None)  # a NamedTuple keeps its type
        return make(items) if make is not None else tuple(items)
    names = _FIELDS.get(kind)
    if names is None:
        if not dataclasses.is_dataclass(value) or isinstance(value, type):
            return value
        names = _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(value))
    changed = {}
    for name in names:
        old = getattr(value, name)
        new = _deep(old)
        if new is not old:
            changed[name] = new
    return dataclasses.replace(value, **changed) if changed else value  # type: ignore[type-var]


def _deep_dict(value: dict[object, object]) -> dict[object, object]:
    out = {clean(k) if isinstance(k, str) else k: _deep(v) for k, v in value.items()}
    same = len(out) == len(value) and all(k in value and out[k] is value[k] for k in out)
    return value if same else out


def problem(p: Problem) -> Problem:
    return dataclasses.replace(
        p, file=clean(p.file), field=clean(p.field), message=clean(p.message), hint=clean(p.hint)
    )


def outcomes(items: list[Outcome]) -> list[Outcome]:
    """Outcomes whose path, report and problems hold only clean strings (what renderers show)."""
    return [
        dataclasses.replace(
            o,
            path=clean(o.path),
            report=None if o.report is None else deep(o.report),
            problems=tuple(problem(p) for p in o.problems),
        )
        for o in items
    ]
