"""Card discovery that streams: the paths a `check` names, in a fixed order, without holding them.

A folder is walked depth-first, the entries of each directory in name order, a sub-folder's cards
at the place its name sorts; on Python 3.11 that is the order `sorted(Path(dir).rglob("*"))` gave
(paths compare component by component), which this replaced because it held every path of the tree
(about 0.6 KB a card: 1.2 GB for a two-million-card hub). What is held now is one compact string of
names per directory on the walk's current branch (about one byte per character), so memory stays
flat however many cards there are, save a huge flat folder, which costs ~20 bytes a card.

Symbolic links: a linked file inside the folder is a card like any other; one whose target lies
outside the folder is skipped with a note (a hub's uploader must not make a scan read files
elsewhere); linked folders are not entered (as before: no loops).
"""

from __future__ import annotations

import heapq
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from releasecheck.yamlpos.problems import Problem

CARD_SUFFIXES = (".yaml", ".yml")
HEAD_BYTES = 65536  # the front-matter test reads this much; a Markdown card no bigger is read once
_CHUNK = 8192  # names sorted at a time in a big folder before being packed into one string

Note = Callable[[Problem], None]


def _sorted_names(folder: str) -> Iterator[str]:
    """The candidate entries of one folder in name order, marked: `name` a regular file, `name/`
    a folder, `name//` anything the walk must stat (a link, or a type scandir did not give).
    '/' cannot occur in a name, so the marks are unambiguous. Sorted chunks are packed into
    strings joined by NUL and merged, so a folder of 200,000 cards holds a few MB, not 30."""
    packed: list[str] = []
    chunk: list[str] = []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                mark = _mark(entry)
                if mark is not None:
                    chunk.append(entry.name + mark)
                    if len(chunk) >= _CHUNK:
                        packed.append(_pack(chunk))
                        chunk = []
    except OSError:
        return  # an unreadable folder holds no card we can read (as rglob did)
    if chunk:
        packed.append(_pack(chunk))
    if len(packed) == 1:
        yield from packed[0].split("\0")
        return
    yield from heapq.merge(*(_unpack(p) for p in packed), key=lambda n: n.rstrip("/"))


def _mark(entry: os.DirEntry[str]) -> str | None:
    try:
        if entry.is_symlink():  # a linked folder is not entered; a linked card is tested in the walk
            return "//" if _candidate(entry.name) else None
        if entry.is_dir(follow_symlinks=False):
            return "/"
        if not entry.is_file(follow_symlinks=False):
            return None  # a FIFO, socket or device is no card (rglob's is_file() said the same)
    except OSError:
        return None
    return "" if _candidate(entry.name) else None


def _candidate(name: str) -> bool:
    return name.lower().endswith((*CARD_SUFFIXES, ".md"))


def _pack(names: list[str]) -> str:
    names.sort(key=lambda n: n.rstrip("/"))
    return "\0".join(names)


def _unpack(packed: str) -> Iterator[str]:
    start = 0
    while start <= len(packed):
        end = packed.find("\0", start)
        if end < 0:
            end = len(packed)
        yield packed[start:end]
        start = end + 1


def walk(folder: str, note: Note) -> Iterator[str]:
    """The card paths under `folder`, spelled as `str(Path(folder) / relative)` was."""
    base = str(Path(folder))
    root = os.path.realpath(base)
    yield from _walk(base, "" if base == "." else base.rstrip("/") + "/", root, note)


def _walk(folder: str, prefix: str, root: str, note: Note) -> Iterator[str]:
    for marked in _sorted_names(folder):
        name = marked.rstrip("/")
        path = prefix + name
        kind = marked[len(name) :]
        if kind == "/":
            yield from _walk(path, path + "/", root, note)
        elif kind == "//":
            if _candidate(name) and _linked_card(path, root, note):
                yield from _if_card(path)
        else:
            yield from _if_card(path)


def _linked_card(path: str, root: str, note: Note) -> bool:
    """A link to a regular file inside the walked folder; a link out of it is noted and skipped."""
    try:
        regular = stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False  # dangling: no card, as before
    if not regular:
        return False
    target = os.path.realpath(path)
    if target != root and not target.startswith(root.rstrip("/") + "/"):
        note(
            Problem(
                path,
                1,
                1,
                "",
                "skipped: a symbolic link to a file outside the folder being checked",
                "name the target itself to check it",
            )
        )
        return False
    return True


def _if_card(path: str) -> Iterator[str]:
    if not path.lower().endswith(".md") or has_card_front_matter(path):
        yield path


# The head of the last Markdown file read whole by the front-matter test, for the loader to take
# instead of reading the file again (a serial batch loads each card just after discovering it).
_PREFETCHED: dict[str, tuple[bytes, int]] = {}


def has_card_front_matter(path: str) -> bool:
    from releasecheck.yamlpos.loader import read_regular
    from releasecheck.yamlpos.problems import InputError

    try:
        head, size = read_regular(path, HEAD_BYTES)
    except InputError:
        return False
    _PREFETCHED.clear()
    if size <= HEAD_BYTES and len(head) == size:
        _PREFETCHED[path] = (head, size)
    head = head[:HEAD_BYTES].removeprefix(b"\xef\xbb\xbf")
    return head.startswith(b"---") and b"\nreleasecheck:" in head


def take_prefetched(path: str) -> tuple[bytes, int] | None:
    """The whole file, when discovery has just read it; else None (read it)."""
    return _PREFETCHED.pop(path, None)


def not_a_card(path: str) -> Problem:
    return Problem(
        path,
        1,
        1,
        "",
        "not a card, skipped: no `releasecheck:` mapping in the Markdown front matter",
        f"to make it a card, run `releasecheck interview --from {path}` (it starts from the front matter), "
        "or put the card under `releasecheck:` in its front matter (examples/hf-readme-card/README.md)",
    )


class CardPaths:
    """The card paths of a run, walked again each time they are iterated, never all held.

    Named files and glob matches (already a list on the command line) are kept; folders are
    walked lazily. `len()` counts by walking unless an iteration has already counted."""

    def __init__(self, sources: list[tuple[str, Any]], note: Note, start: int = 0, step: int = 1) -> None:
        self._sources = sources  # ("file", path) or ("dir", folder)
        self._noted: set[str] = set()
        self._note = note
        self._start, self._step = start, step
        self._count: int | None = None

    def __iter__(self) -> Iterator[str]:
        count = 0
        for index, path in enumerate(self._all()):
            if index >= self._start and (index - self._start) % self._step == 0:
                count += 1
                yield path
        self._count = count

    def _all(self) -> Iterator[str]:
        many = len(self._sources) > 1
        seen: set[str] = set()  # only when several sources can name one card twice
        for kind, value in self._sources:
            for path in walk(value, self._note_once) if kind == "dir" else (value,):
                if many:
                    if path in seen:
                        continue
                    seen.add(path)
                yield path

    def _note_once(self, problem: Problem) -> None:
        """A path is walked once per iteration (the run, a count, the output-over-input check):
        its note is said once."""
        if problem.file not in self._noted:
            self._noted.add(problem.file)
            self._note(problem)

    def __len__(self) -> int:
        if self._count is None:
            self._count = sum(1 for _ in self._quiet())
        return self._count

    def __bool__(self) -> bool:
        return self._count != 0 if self._count is not None else next(iter(self._quiet()), None) is not None

    def _quiet(self) -> CardPaths:
        return CardPaths(self._sources, lambda _p: None, self._start, self._step)

    def __getitem__(self, which: slice) -> CardPaths:
        """Only the shard slice `[i::n]` of `--shard`."""
        if not isinstance(which, slice) or which.stop is not None or (which.step or 1) < 1:
            raise TypeError("CardPaths supports only [start::step]")
        return CardPaths(self._sources, self._note, (which.start or 0), which.step or 1)


def expand(paths: Iterable[str], skipped: list[Problem] | None, note: Note) -> tuple[CardPaths, list[Problem]]:
    """Files, folders and globs -> the cards, in order (see the module docstring); problems with
    the arguments themselves (nothing there, an empty folder, a glob matching nothing) are found
    now, the rest of a folder is walked as the batch runs."""
    import glob

    sources: list[tuple[str, Any]] = []
    problems: list[Problem] = []
    for raw in paths:
        if os.path.isdir(raw):
            if next(walk(raw, lambda _p: None), None) is None:
                problems.append(Problem(raw, 1, 1, "", _EMPTY))
            sources.append(("dir", raw))
        elif os.path.exists(raw):
            sources += _named(raw, skipped)
        elif glob.has_magic(raw):
            matches = sorted(glob.glob(raw, recursive=True))
            if not matches:
                problems.append(Problem(raw, 1, 1, "", "the pattern matches no file"))
            for match in matches:
                if os.path.isfile(match):
                    sources += _named(match, skipped)
        else:
            problems.append(Problem(raw, 1, 1, "", "no such file or folder", "check the path; globs are expanded"))
    return CardPaths(sources, note), problems


_EMPTY = "no card in this folder (*.yaml, *.yml, or a Markdown file whose front matter has `releasecheck:`)"


def _named(path: str, skipped: list[Problem] | None) -> list[tuple[str, Any]]:
    """A file named or globbed: a Markdown file without card front matter (a plain README, as a
    pre-commit hook names every README.md) is left out with a note, which is no error; anything
    not a readable regular file is left to the loader, which says what is wrong with it."""
    if path.lower().endswith(".md") and _plain_markdown(path):
        if skipped is not None and not any(p.file == path for p in skipped):
            skipped.append(not_a_card(path))
        return []
    return [("file", path)]


def _plain_markdown(path: str) -> bool:
    try:
        regular = stat.S_ISREG(os.stat(path).st_mode) and os.access(path, os.R_OK)
    except OSError:
        return False
    return regular and not has_card_front_matter(path)
