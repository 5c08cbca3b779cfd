"""A per-user cache of validated rubric sets, keyed by the hash of their files.

Validating the default rubric set parses nine YAML files, builds pydantic's validators and checks
them on every start-up; a cache hit reads one JSON file and rebuilds the models from it without
validation (a few milliseconds), since the data was validated before it was cached. The cache is data, never code: a corrupt, truncated or planted file
fails to validate, is ignored and is rebuilt. The key covers every file's name and bytes plus the
tool and Python versions and the model code, so any edit is a miss. The cache is the user's own
(0700 folder); set RELEASECHECK_NO_CACHE=1 to bypass it. Failures to read or write it are never errors.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import json
import os
import sys
import tempfile
import types
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from releasecheck import __version__

FORMAT = 2  # 1 was a pickle


def _folder() -> Path | None:
    if os.environ.get("RELEASECHECK_NO_CACHE"):
        return None
    base = os.environ.get("RELEASECHECK_CACHE_DIR") or os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "releasecheck"


def _file(sha256: str, folder_path: str) -> Path | None:
    folder = _folder()
    if folder is None:
        return None
    import hashlib

    key = f"{FORMAT}|{sha256}|{folder_path}|{__version__}|{sys.version}|{_code_stamp()}"
    return folder / f"rubric-{hashlib.sha256(key.encode()).hexdigest()[:32]}.json"


def _code_stamp() -> str:
    """Size and mtime of the modules that define the cached structure: an edited checkout is a miss."""
    here = Path(__file__).resolve().parent
    parts = []
    for module in (here / "model.py", here / "load.py", here / "cache.py", here.parent / "card" / "model.py"):
        try:
            info = module.stat()
        except OSError:
            return "unknown"
        parts.append(f"{info.st_size}:{info.st_mtime_ns}")
    return ",".join(parts)


def build(kind: Any, value: Any) -> Any:
    """JSON data -> the typed value the annotation ``kind`` describes, without running validators:
    the data was validated before it was cached, and put() checks that it rebuilds equal."""
    return _builder(kind)(value)


@functools.cache
def _builder(kind: Any) -> Callable[[Any], Any]:
    """One function per annotation, made once: the rebuild runs for every value of the set."""
    origin = typing.get_origin(kind)
    if origin is typing.Annotated:
        base, *meta = typing.get_args(kind)
        key = next((getattr(x, "discriminator", None) for x in meta if getattr(x, "discriminator", None)), None)
        if key is None:
            return _builder(base)
        by_tag = _members_by_tag(base, key)
        return lambda v: None if v is None else by_tag[v.get(key)](v)
    if origin in (typing.Union, types.UnionType):
        members = [a for a in typing.get_args(kind) if a is not type(None)]
        if len(members) == 1:
            return _builder(members[0])
        return _union_builder(members)
    if origin is list:
        item = _builder(typing.get_args(kind)[0])
        return lambda v: None if v is None else [item(x) for x in v]
    if origin is tuple:
        args = typing.get_args(kind)
        if len(args) == 2 and args[1] is Ellipsis:
            one = _builder(args[0])
            return lambda v: None if v is None else tuple(one(x) for x in v)
        each = [_builder(a) for a in args]
        return lambda v: None if v is None else tuple(f(x) for f, x in zip(each, v, strict=True))
    if origin is dict:
        key_of, item = (_builder(a) for a in typing.get_args(kind))
        return lambda v: None if v is None else {key_of(k): item(x) for k, x in v.items()}
    if isinstance(kind, type) and issubclass(kind, BaseModel):
        fields = [
            (name, info.alias or name, _builder(typing.cast(Any, info.annotation)))
            for name, info in kind.model_fields.items()
        ]
        construct = kind.model_construct

        def model(v: Any) -> Any:
            if v is None:
                return None
            return construct(**{name: make(v[given]) for name, given, make in fields if given in v})

        return model
    if kind is datetime.date:
        return lambda v: datetime.date.fromisoformat(v) if isinstance(v, str) else v
    if kind is float:
        return lambda v: float(v) if isinstance(v, int) and not isinstance(v, bool) else v
    return _same


def _same(value: Any) -> Any:
    return value


def _members_by_tag(union: Any, key: str) -> dict[Any, Callable[[Any], Any]]:
    """A discriminated union's builders by tag: the first member whose Literal field ``key`` holds it
    (an unknown tag is a KeyError: get() takes the file for a miss)."""
    out: dict[Any, Callable[[Any], Any]] = {}
    for member in typing.get_args(union):
        info = getattr(member, "model_fields", {}).get(key)
        for tag in typing.get_args(info.annotation) if info is not None else ():
            out.setdefault(tag, _builder(member))
    return out


def _union_builder(members: list[Any]) -> Callable[[Any], Any]:
    """A plain union's value is built as its first member it fits (else as the first member); each
    member's test and builder made once, not looked up per value (~800 values in the default set)."""
    choices = [(_fitter(m), _builder(m)) for m in members]
    fallback = choices[0][1]

    def union(v: Any) -> Any:
        if v is None:
            return None
        return next((make for fits, make in choices if fits(v)), fallback)(v)

    return union


def _fitter(kind: Any) -> Callable[[Any], bool]:
    """Whether a JSON value can be of type ``kind`` (a union member)."""
    base = typing.get_args(kind)[0] if typing.get_origin(kind) is typing.Annotated else kind
    origin = typing.get_origin(base) or base
    if isinstance(origin, type) and issubclass(origin, BaseModel):
        names, required = _keys(origin)
        return lambda v: isinstance(v, dict) and names.issuperset(v) and required.issubset(v)
    if origin is typing.Literal:
        values = typing.get_args(base)
        return lambda v: v in values
    if origin is float:
        return lambda v: isinstance(v, int | float) and not isinstance(v, bool)
    if origin is datetime.date:
        return lambda v: isinstance(v, str)
    if isinstance(origin, type):
        return lambda v: isinstance(v, origin)
    return lambda v: True


@functools.cache
def _keys(model: type[BaseModel]) -> tuple[frozenset[str], frozenset[str]]:
    """A model's keys as the cache writes them (alias or name): all of them, and the required ones."""
    fields = model.model_fields.items()
    names = frozenset(info.alias or name for name, info in fields)
    return names, frozenset(info.alias or name for name, info in fields if info.is_required())


def get(sha256: str, folder_path: str) -> Any | None:
    """The cached rubric set, or None on a miss or on anything wrong with the cache file."""
    path = _file(sha256, folder_path)
    if path is None:
        return None
    try:
        if path.parent.stat().st_mode & 0o077 or path.stat().st_uid != os.getuid():
            return None  # only trust a private cache that this user wrote
        entry = json.loads(path.read_bytes())
        if entry.get("format") != FORMAT or entry.get("sha256") != sha256 or entry.get("path") != folder_path:
            return None
        return _rebuild(entry)
    except Exception:  # a cache that fails to load is ignored (and rewritten by the caller)
        return None


def _rebuild(entry: dict[str, Any]) -> Any:
    from releasecheck.rubric.load import rubric_set_from
    from releasecheck.rubric.model import RubricFile

    locations = {k: (str(v[0]), int(v[1]), int(v[2])) for k, v in entry["locations"].items()}
    merged = build(RubricFile, entry["rubric"])
    return rubric_set_from(entry["path"], merged, entry["sha256"], dict(entry["origins"]), locations)


def put(rubric_set: Any) -> None:
    path = _file(rubric_set.sha256, rubric_set.path)
    if path is None:
        return
    tmp = None
    try:
        from releasecheck.rubric.model import RubricFile

        merged = RubricFile.model_construct(**rubric_set.sections)
        entry = {
            "format": FORMAT,
            "sha256": rubric_set.sha256,
            "path": rubric_set.path,
            "rubric": merged.model_dump(mode="json", by_alias=True),
            "origins": rubric_set.origins,
            "locations": rubric_set.locations,
        }
        text = json.dumps(entry, ensure_ascii=False)
        if _rebuild(json.loads(text)) != rubric_set:
            return  # a structure the rebuild does not reproduce exactly: no cache rather than a wrong one
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=str(path.parent), prefix=".rubric.")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except Exception:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
