"""A per-user cache of validated rubric sets, keyed by the hash of their files.

Validating the default rubric set builds pydantic validators and parses nine YAML files on
every start-up; a cache hit skips both. The key covers every file's name and bytes plus the
tool and Python versions, so any edit is a miss. The cache is the user's own (0700 folder);
set RELEASECHECK_NO_CACHE=1 to bypass it. Failures to read or write it are never errors.
"""

from __future__ import annotations

import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Any

from releasecheck import __version__


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

    tag = hashlib.sha256(f"{sha256}|{folder_path}|{__version__}|{sys.version}|{_code_stamp()}".encode()).hexdigest()[
        :32
    ]
    return folder / f"rubric-{tag}.pickle"


def _code_stamp() -> str:
    """Size and mtime of the modules whose classes are pickled: an edited checkout is a miss."""
    here = Path(__file__).resolve().parent
    parts = []
    for module in (here / "model.py", here / "load.py", here.parent / "card" / "model.py"):
        try:
            info = module.stat()
        except OSError:
            return "unknown"
        parts.append(f"{info.st_size}:{info.st_mtime_ns}")
    return ",".join(parts)


def get(sha256: str, folder_path: str) -> Any | None:
    path = _file(sha256, folder_path)
    if path is None:
        return None
    try:
        if path.parent.stat().st_mode & 0o077 or path.stat().st_uid != os.getuid():
            return None  # only trust a private cache that this user wrote
        with path.open("rb") as handle:
            value = pickle.load(handle)
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return None
    return value if getattr(value, "sha256", None) == sha256 else None


def put(rubric_set: Any) -> None:
    path = _file(rubric_set.sha256, rubric_set.path)
    if path is None:
        return
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=str(path.parent), prefix=".rubric.")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(rubric_set, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except (OSError, pickle.PickleError, TypeError, AttributeError):
        return
