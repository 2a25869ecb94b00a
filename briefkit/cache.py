"""The parse cache: each file's validated result, keyed by its path and content hash.

A result depends only on a file's path and bytes and on the code that reads
it, so a hit is exactly what parsing again would give. The cache is one
pickle per fact-sheet folder, written atomically; a cache from another code
version, or one that cannot be read, is ignored.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from functools import cache
from pathlib import Path

CACHE_ENV = "BRIEFKIT_CACHE_DIR"
DEFAULT_DIR = ".briefkit-cache"
_READERS = ("load.py", "validate.py", "markup.py", "model.py", "dates.py", "problems.py", "suggest.py", "cache.py")


@cache
def code_version() -> str:
    """A hash of the modules that turn bytes into results."""
    digest = hashlib.sha256()
    here = Path(__file__).parent
    for name in _READERS:
        digest.update((here / name).read_bytes())
    return digest.hexdigest()


def cache_file(briefings: str) -> Path:
    """Where the cache of one fact-sheet folder lives."""
    folder = Path(os.environ.get(CACHE_ENV) or DEFAULT_DIR)
    key = hashlib.sha256(os.path.abspath(briefings).encode()).hexdigest()[:16]
    return folder / f"sheets-{key}.pickle"


def content_key(path: str, data) -> str:
    """The key of one file's result."""
    raw = data if isinstance(data, bytes) else repr(data).encode()
    return hashlib.sha256(path.encode() + b"\0" + raw).hexdigest()


def read_cache(briefings: str) -> dict:
    """{content key: FileResult} from the last run, or {}."""
    try:
        with open(cache_file(briefings), "rb") as handle:
            version, entries = pickle.load(handle)
    except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError, ImportError):
        return {}
    return entries if version == code_version() else {}


def write_cache(briefings: str, entries: dict) -> None:
    """Store this run's results (atomically: a reader never sees half a file)."""
    target = cache_file(briefings)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=target.parent, delete=False) as handle:
            pickle.dump((code_version(), entries), handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(handle.name, target)
    except OSError:
        pass  # a cache that cannot be written only costs time
