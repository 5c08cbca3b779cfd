"""Bytes -> Document: strict YAML with a position for every node.

We compose the document ourselves from libyaml's event stream instead of calling
``yaml.load``: libyaml's C composer recurses (100,000-deep nesting crashes the process),
PyYAML keeps the last of duplicate keys silently, and aliases expand into "billion laughs".
Walking events lets us bound depth, reject anchors before anything is built, and record the
line and column of every key and value for later messages.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from releasecheck.yamlpos.problems import InputError, Problem

MAX_BYTES = 1024 * 1024
# The loader reads cards, rubric files and waiver files: messages name the kind of file they are about.
CARD, RUBRIC, WAIVERS = "card", "rubric file", "waiver file"
_START = {
    CARD: "start from `releasecheck init`, which writes a template card",
    RUBRIC: "a rubric file is a mapping of sections (rules:, benchmarks:, …); copy one from rubrics/default/",
    WAIVERS: "a waiver file is a mapping with `waivers:` (`releasecheck schema waivers`)",
}
MAX_DEPTH = 64
# No card quantity needs more than 300 digits; beyond float range (~1.8e308) an int cannot even be
# compared with a threshold, and past 4,300 digits Python refuses to convert it.
_MAX_DIGITS = 300
_MAX_INT_BITS = 997  # 2**997 < 10**300 < 2**998
_LONG_INT = re.compile(r"[-+]?[0-9][0-9_]*")
Path = tuple[str | int, ...]

try:
    from yaml._yaml import CParser  # libyaml's event parser

    _Parser: Any = CParser
except ImportError:  # PyYAML built without libyaml: the same events, slower
    _Parser = yaml.SafeLoader
# YAML 1.2 reads 1e25 as a number; YAML 1.1 (PyYAML) needs a dot and a signed exponent
# (1.0e+25). Numeric fields must not depend on which spelling a person used, so a plain scalar
# that is a YAML 1.1 float but for the dot or the exponent's sign is read as that float: the
# mantissa is 1.1's (underscores allowed, no sign before a leading dot), the exponent is digits.
_FLOAT_12 = re.compile(r"(?:[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9][0-9_]*)[eE][-+]?[0-9]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_STR_TAG = "tag:yaml.org,2002:str"
# The plain words YAML 1.1 (PyYAML's bool and null resolvers) turns into constants. Its other
# implicit types start with a digit, a sign, a dot, `<` or `=`, so any other plain scalar that
# starts with a letter is text: no resolver needs to run for it.
_PLAIN_CONSTANTS: dict[str, Any] = {
    **dict.fromkeys(("", "~", "null", "Null", "NULL"), None),
    **dict.fromkeys(("yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"), True),
    **dict.fromkeys(("no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"), False),
}
# The common numbers and dates, read directly; each is a strict subset of what PyYAML's int,
# float and timestamp resolvers accept, with the same result (tests/test_loader_scalars.py).
_DECIMAL_INT = re.compile(r"-?(?:0|[1-9][0-9]*)")
_DECIMAL_FLOAT = re.compile(r"-?[0-9]+\.[0-9]+")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass
class Document:
    """A parsed card: plain Python data plus where each piece came from."""

    path: str
    data: Any
    value_pos: dict[Path, tuple[int, int]] = field(default_factory=dict)
    key_pos: dict[Path, tuple[int, int]] = field(default_factory=dict)
    # the text of every plain (unquoted) scalar, so a message can say what YAML made of it
    plain_scalars: dict[Path, str] = field(default_factory=dict)
    sha256: str = ""
    front_matter: dict[str, Any] | None = None
    front_positions: dict[str, tuple[int, int]] = field(default_factory=dict)
    filled: list[tuple[Path, str]] = field(default_factory=list)  # gaps filled from front matter
    unused: list[str] = field(default_factory=list)  # front matter seen but not used, and why

    def position(self, path: Path) -> tuple[int, int]:
        """The nearest recorded position at or above ``path``."""
        for cut in range(len(path), -1, -1):
            sub = path[:cut]
            if sub in self.value_pos:
                return self.value_pos[sub]
            if sub in self.key_pos:
                return self.key_pos[sub]
        return (1, 1)

    def key_position(self, path: Path) -> tuple[int, int]:
        return self.key_pos.get(path) or self.position(path)


class _Fail(Exception):
    def __init__(self, line: int, col: int, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.line, self.col, self.message, self.hint = line, col, message, hint


def _mark(event: Any, line_offset: int) -> tuple[int, int]:
    mark = event.start_mark
    return (mark.line + 1 + line_offset, mark.column + 1)


class _Composer:
    """Builds Python data from events, refusing what a card never needs.

    This is the hot path of a batch (every event of every card passes here), hence the
    direct ``get_event`` calls and ``type(...) is`` dispatch rather than ``yaml.parse``'s
    generator and isinstance chains."""

    def __init__(self, text: str, line_offset: int, noun: str = CARD) -> None:
        self.noun = noun
        self.parser = _Parser(text)
        self.next: Callable[[], Any] = self.parser.get_event
        self.offset = line_offset
        self.value_pos: dict[Path, tuple[int, int]] = {}
        self.key_pos: dict[Path, tuple[int, int]] = {}
        self.plain_scalars: dict[Path, str] = {}

    def document(self) -> Any:
        try:
            return self._document()
        finally:
            self.parser.dispose()

    def _document(self) -> Any:
        event = self.next()
        assert isinstance(event, yaml.StreamStartEvent)
        event = self.next()
        if isinstance(event, yaml.StreamEndEvent):
            raise _Fail(
                1 + self.offset,
                1,
                "the file holds no YAML document",
                _START[self.noun],
            )
        data = self.node(self.next(), (), 1)
        self.next()  # DocumentEnd
        event = self.next()
        if not isinstance(event, yaml.StreamEndEvent):
            line, col = _mark(event, self.offset)
            raise _Fail(
                line,
                col,
                f"a {'card file' if self.noun == CARD else self.noun} holds one YAML document; found a second",
                "remove the extra `---`" + (" or split the file, one model per card" if self.noun == CARD else ""),
            )
        return data

    def node(self, event: Any, path: Path, depth: int) -> Any:
        mark = event.start_mark
        line, col = mark.line + 1 + self.offset, mark.column + 1
        if depth > MAX_DEPTH:
            raise _Fail(
                line,
                col,
                f"nesting is deeper than {MAX_DEPTH} levels",
                f"a {self.noun} is a few levels deep; check for runaway brackets",
            )
        kind = type(event)
        if kind is _AliasEvent:
            raise _Fail(
                line,
                col,
                f"YAML alias '*{event.anchor}' is not allowed in a {self.noun}",
                "write the value out in full; anchors and aliases are refused",
            )
        if event.anchor:
            raise _Fail(
                line,
                col,
                f"YAML anchor '&{event.anchor}' is not allowed in a {self.noun}",
                "write values out in full; anchors and aliases are refused",
            )
        if event.tag is not None:
            self._check_tag(event, line, col)
        self.value_pos[path] = (line, col)
        if kind is _ScalarEvent:
            return self.scalar(event, path, line, col)
        if kind is _SequenceStartEvent:
            return self.sequence(path, depth)
        if kind is _MappingStartEvent:
            return self.mapping(path, depth)
        raise _Fail(line, col, "unexpected YAML structure")

    def _check_tag(self, event: Any, line: int, col: int) -> None:
        tag = getattr(event, "tag", None)
        if tag is None or tag == "!":
            return
        implicit = getattr(event, "implicit", True)
        if isinstance(event, yaml.ScalarEvent) and tag == _STR_TAG:
            return
        if implicit is True or (isinstance(implicit, tuple) and any(implicit)):
            return
        raise _Fail(
            line, col, f"YAML tag '{tag}' is not allowed in a {self.noun}", "remove the tag; plain YAML values only"
        )

    def sequence(self, path: Path, depth: int) -> list[Any]:
        items: list[Any] = []
        next_event, node = self.next, self.node
        while True:
            event = next_event()
            if type(event) is _SequenceEndEvent:
                return items
            items.append(node(event, (*path, len(items)), depth + 1))

    def mapping(self, path: Path, depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        next_event, node, key_pos, offset = self.next, self.node, self.key_pos, self.offset
        while True:
            event = next_event()
            kind = type(event)
            if kind is _MappingEndEvent:
                return out
            mark = event.start_mark
            line, col = mark.line + 1 + offset, mark.column + 1
            if kind is not _ScalarEvent:
                raise _Fail(line, col, "a mapping key must be a plain name", "keys are field names such as `name:`")
            if event.anchor:
                raise _Fail(line, col, f"YAML anchor '&{event.anchor}' is not allowed")
            key = event.value
            sub = (*path, key)
            if key in out:
                first = key_pos[sub]
                raise _Fail(
                    line,
                    col,
                    f"duplicate key '{key}' (first given at line {first[0]})",
                    "YAML would silently keep only the last one; keep one",
                )
            key_pos[sub] = (line, col)
            out[key] = node(next_event(), sub, depth + 1)

    def scalar(self, event: Any, path: Path, line: int, col: int) -> Any:
        value: str = event.value
        style = event.style
        if style:  # quoted or a block scalar: always text
            # control characters in the file were refused when it was decoded; only a
            # double-quoted escape (e.g. "\x01") can make one here
            if style == '"' and _CONTROL.search(value):
                raise _Fail(
                    line,
                    col,
                    "control character in a value",
                    "remove non-printable characters; cards are plain UTF-8 text",
                )
            return value
        if not event.implicit[0]:  # a plain scalar with an explicit tag (only !!str gets here)
            return value
        self.plain_scalars[path] = value
        if len(value) > _MAX_DIGITS and _LONG_INT.fullmatch(value):
            raise _too_large(value, line, col, self.noun)
        try:
            result = resolve_plain(value)
        except ValueError:  # an integer over Python's int-string limit (4,300 digits)
            raise _too_large(value, line, col, self.noun) from None
        kind = type(result)
        if kind is int and result.bit_length() > _MAX_INT_BITS:
            raise _too_large(value, line, col, self.noun)
        if (kind is int or kind is float) and ":" in value:
            raise _Fail(
                line,
                col,
                f"YAML 1.1 reads {value} as a base-60 (sexagesimal) number, {result}",
                f'write "{value}" in quotes for text, or the number itself in decimal',
            )
        return result


def _too_large(value: str, line: int, col: int, noun: str = CARD) -> _Fail:
    return _Fail(
        line,
        col,
        f"number out of range ({len(value):,} characters long; a {noun}'s numbers have at most {_MAX_DIGITS} digits)",
        "is this value a typo? write large quantities in scientific notation, e.g. 1.2e25",
    )


def resolve_plain(value: str) -> Any:
    """What YAML 1.1 (PyYAML's safe loader) makes of a plain scalar, except that 1e25 is a number."""
    constant = _PLAIN_CONSTANTS.get(value, _TEXT)
    if constant is not _TEXT:
        return constant
    if value[0].isalpha():
        return value
    if _DECIMAL_INT.fullmatch(value):
        try:
            return int(value)
        except ValueError:
            return value  # over Python's 4,300-digit limit: PyYAML gives up too; validation says why
    if _DECIMAL_FLOAT.fullmatch(value):
        return float(value)
    if _FLOAT_12.fullmatch(value):
        return float(value.replace("_", ""))
    if _DATE.fullmatch(value):
        try:
            return date(int(value[:4]), int(value[5:7]), int(value[8:]))
        except ValueError:
            return value  # 2026-13-45: keep the text, let validation say why
    return _resolve_rare(value)


def _resolve_rare(value: str) -> Any:
    """PyYAML's own resolver and constructor, for the spellings the fast paths above leave."""
    tag = _RESOLVER.resolve(ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
    if tag == _STR_TAG:
        return value
    try:
        return _CONSTRUCTOR.construct_object(ScalarNode(tag, value))
    except (ConstructorError, ValueError, OverflowError):
        # e.g. a timestamp-shaped 2026-13-45T: keep the text, let validation say why.
        return value


_TEXT = object()
_RESOLVER = Resolver()
_CONSTRUCTOR = SafeConstructor()
_AliasEvent, _ScalarEvent = yaml.AliasEvent, yaml.ScalarEvent
_SequenceStartEvent, _SequenceEndEvent = yaml.SequenceStartEvent, yaml.SequenceEndEvent
_MappingStartEvent, _MappingEndEvent = yaml.MappingStartEvent, yaml.MappingEndEvent


def _line_col(data: Any, index: int, newline: Any) -> tuple[int, int]:
    """1-based line and column of a character (or byte) offset."""
    return data.count(newline, 0, index) + 1, index - (data.rfind(newline, 0, index) + 1) + 1


def _looks_utf16(raw: bytes) -> bool:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    sample = raw[:200]
    return len(sample) >= 4 and (sample[1::2].count(0) > len(sample) // 3 or sample[0::2].count(0) > len(sample) // 3)


def _decode(raw: bytes, path: str, noun: str = CARD) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if _looks_utf16(raw):
        raise InputError(
            [
                Problem(
                    path,
                    1,
                    1,
                    "",
                    f"the file looks like UTF-16 text; a {noun} must be UTF-8",
                    f"save the {noun} as UTF-8 text (e.g. `iconv -f UTF-16 -t UTF-8`)",
                )
            ]
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line, col = _line_col(raw, err.start, b"\n")
        raise _fail(
            path,
            line,
            col,
            "",
            f"bytes are not valid UTF-8 (byte 0x{raw[err.start]:02x})",
            f"save the {noun} as UTF-8 text",
        ) from None
    match = _CONTROL.search(text)
    if match:
        line, col = _line_col(text, match.start(), "\n")
        raise _fail(
            path,
            line,
            col,
            "",
            f"control character U+{ord(match.group()):04X} in the file",
            f"a {noun} is plain text; is this a binary file?",
        )
    return text


def split_front_matter(text: str) -> tuple[str, int] | str | None:
    """The YAML front matter of a Markdown file and its line offset; None when there is none,
    "unclosed" when the opening `---` is never closed."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return "\n".join(lines[1:index]) + "\n", 1
    return "unclosed"


def parse_yaml(text: str, path: str, line_offset: int = 0, noun: str = CARD) -> tuple[Any, _Composer]:
    composer = _Composer(text, line_offset, noun)
    try:
        data = composer.document()
    except _Fail as fail:
        raise InputError([Problem(path, fail.line, fail.col, "", fail.message, fail.hint)]) from None
    except yaml.MarkedYAMLError as err:
        from releasecheck.yamlpos.yaml_errors import translate

        line, col, message, hint = translate(err, text, line_offset, MAX_DEPTH)
        raise InputError([Problem(path, line, col, "", message, hint)]) from None
    except yaml.YAMLError as err:
        raise InputError([Problem(path, 1, 1, "", f"invalid YAML: {err}")]) from None
    return data, composer


def _fail(path: str, line: int, col: int, field: str, message: str, hint: str = "") -> InputError:
    return InputError([Problem(path, line, col, field, message, hint)])


def load_text(
    text: str, path: str, sha256: str = "", markdown: bool = False, plain: bool = False, noun: str = CARD
) -> Document:
    """Parse card text (or a Markdown model card's front matter) into a Document. With `plain`, a
    Markdown file whose front matter has no `releasecheck:` key gives an empty card that keeps the
    front matter (the interview starts from a Hub README that way)."""
    if markdown:
        return _markdown_card(text, path, sha256, plain)
    data, composer = parse_yaml(text, path, noun=noun)
    doc = Document(path, data, composer.value_pos, composer.key_pos, composer.plain_scalars, sha256)
    if not isinstance(data, dict):
        line, col = composer.value_pos.get((), (1, 1))
        kinds = {type(None): "empty", list: "a list", str: "a text", bool: "a boolean"}
        raise _fail(
            path,
            line,
            col,
            "",
            f"a {noun} must be a YAML mapping of sections; this is {kinds.get(type(data), 'a single value')}",
            _START[noun],
        )
    return doc


def _markdown_card(text: str, path: str, sha256: str, plain: bool = False) -> Document:
    split = split_front_matter(text)
    if split is None:
        raise _fail(
            path,
            1,
            1,
            "",
            "no YAML front matter in this Markdown file",
            "a Markdown card starts with `---`, the card under `releasecheck:`, then `---`",
        )
    if isinstance(split, str):
        raise _fail(
            path,
            1,
            1,
            "",
            "the front matter opened by `---` on line 1 is never closed",
            "end the front matter with a line holding only `---`",
        )
    data, composer = parse_yaml(split[0], path, split[1])
    whole = Document(path, data, composer.value_pos, composer.key_pos, composer.plain_scalars, sha256)
    card = data.get("releasecheck") if isinstance(data, dict) else None
    if card is None and plain and isinstance(data, dict):
        # A Hub README with no card yet: an empty card whose gaps the front matter fills.
        empty = Document(path, {}, sha256=sha256, front_matter=data)
        empty.front_positions = {str(p[0]): pos for p, pos in composer.key_pos.items() if len(p) == 1}
        return empty
    if not isinstance(card, dict):
        where = ("releasecheck",) if isinstance(data, dict) and "releasecheck" in data else ()
        line, col = whole.position(where) if where else (1 + split[1], 1)
        message = (
            "`releasecheck:` must hold the whole card as a mapping"
            if where
            else "the front matter has no `releasecheck:` key"
        )
        raise _fail(
            path,
            line,
            col,
            "releasecheck",
            message,
            "nest the card under `releasecheck:` (its own first key is `releasecheck: 1`), "
            f"or write it with `releasecheck interview --from {path}`",
        )
    inner = sub_document(whole, "releasecheck")
    inner.front_matter = {k: v for k, v in data.items() if k != "releasecheck"}
    inner.front_positions = {str(p[0]): pos for p, pos in composer.key_pos.items() if len(p) == 1}
    return inner


def sub_document(doc: Document, key: str) -> Document:
    """The mapping under `key` as a Document of its own, keeping file positions."""

    def cut(table: dict[Path, Any]) -> dict[Path, Any]:
        return {p[1:]: v for p, v in table.items() if p[:1] == (key,)}

    return Document(doc.path, doc.data[key], cut(doc.value_pos), cut(doc.key_pos), cut(doc.plain_scalars), doc.sha256)


def load_bytes(raw: bytes, path: str, size: int | None = None, noun: str = CARD) -> Document:
    import hashlib

    if len(raw) > MAX_BYTES:
        raise InputError(
            [
                Problem(
                    path,
                    1,
                    1,
                    "",
                    f"file is {size or len(raw):,} bytes; a {noun} may be at most {MAX_BYTES:,}",
                    "is this the right file?" + (" a card is a few kilobytes" if noun == CARD else ""),
                )
            ]
        )
    if not raw.strip():
        raise InputError([Problem(path, 1, 1, "", "the file is empty", _START[noun])])
    digest = hashlib.sha256(raw).hexdigest()
    text = _decode(raw, path, noun)
    return load_text(text, path, digest, markdown=noun == CARD and path.lower().endswith(".md"), noun=noun)


def load_path(path: str) -> Document:
    from releasecheck.discover import take_prefetched

    # a Markdown card that discovery has just read whole (to find its front matter) is not read again
    raw, size = take_prefetched(path) or read_regular(path, MAX_BYTES)
    return load_bytes(raw, path, size=size)


_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


def read_regular(path: str, limit: int, what: str = "file") -> tuple[bytes, int]:
    """At most ``limit`` + 1 bytes of a regular file, and its size. A FIFO, device or socket is
    refused without reading (opening is non-blocking, so a FIFO with no writer cannot hang us)."""
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as err:
        raise _fail(path, 1, 1, "", f"cannot read the {what}: {err.strerror}") from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _fail(
                path,
                1,
                1,
                "",
                f"not a regular file ({_kind(info.st_mode)}); only a regular {what} is read",
                "name the file itself",
            )
        size = info.st_size
        # never more than limit + 1: a huge file is refused unread. Asking for the size the file
        # has (not the limit) spares a 1 MiB buffer per card.
        want = limit + 1 if size == 0 or size > limit else size + 1
        try:
            raw = handle.read(want)
            if len(raw) == want and want <= limit:  # it grew since fstat
                raw += handle.read(limit + 1 - want)
        except OSError as err:
            raise _fail(path, 1, 1, "", f"cannot read the {what}: {err.strerror}") from None
    return raw, max(size, len(raw))


def _kind(mode: int) -> str:
    kinds = {"a folder": stat.S_ISDIR, "a FIFO": stat.S_ISFIFO, "a socket": stat.S_ISSOCK}
    kinds.update({"a character device": stat.S_ISCHR, "a block device": stat.S_ISBLK})
    return next((name for name, test in kinds.items() if test(mode)), "not a regular file")
