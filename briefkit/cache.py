"""The parse cache: each file's validated result, keyed by its path and content hash.

A result depends only on a file's path and bytes and on the code that reads
it, so a hit is exactly what parsing again would give. The cache is one
pickle per fact-sheet folder, and a small delta of the results added since
(write_cache), each written atomically; a cache from another code
version, or one that cannot be read, is ignored. Each result is stored as its
own pickle (`encode`), made where it was computed (in a worker process, which
sends it to the parent in that form anyway), so writing the cache never
pickles a result again, and a result read from the cache is written back as it was.

The cache folder sits in the working directory, which a pull request can
fill, and unpickling runs code: so every cache file carries an HMAC made with
a key kept outside the repository (`key_file()`), and a file whose HMAC does not
match is ignored before anything is unpickled (SECURITY.md).
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import pickle
import stat
import tempfile
import threading
from functools import cache
from pathlib import Path

CACHE_ENV = "BRIEFKIT_CACHE_DIR"
DEFAULT_DIR = ".briefkit-cache"
_READERS = ("load.py", "validate.py", "markup.py", "model.py", "dates.py", "problems.py", "suggest.py", "cache.py",
            "deps.py")  # deps.py: the head and claims digests of each entity


@cache
def code_version() -> str:
    """A hash of the modules that turn bytes into results, and of the libraries they use (libraries())."""
    digest = hashlib.sha256(libraries().encode())
    here = Path(__file__).parent
    for name in _READERS:
        digest.update((here / name).read_bytes())
    return digest.hexdigest()


@cache
def libraries() -> str:
    """The installed distributions beside PyYAML, as their metadata folders name them (`Jinja2-3.1.6.dist-info`).

    An upgrade (a new requirements.lock) changes what parsing and rendering make: it must invalidate the caches and
    call no site up to date. One directory listing (importlib.metadata would take 20 ms more for a few packages).
    """
    import yaml

    try:
        folder = Path(yaml.__file__).resolve().parent.parent
        return "\n".join(sorted(n for n in os.listdir(folder) if n.endswith((".dist-info", ".egg-info"))))
    except (OSError, TypeError):
        return ""


def folder() -> Path:
    """The cache folder: $BRIEFKIT_CACHE_DIR, else .briefkit-cache in the working directory."""
    return Path(os.environ.get(CACHE_ENV) or DEFAULT_DIR)


def cache_file(briefings: str) -> Path:
    """Where the cache of one fact-sheet folder lives."""
    key = hashlib.sha256(os.path.abspath(briefings).encode()).hexdigest()[:16]
    return folder() / f"sheets-{key}.pickle"


def delta_file(briefings: str) -> Path:
    """Where the results written since the cache file of a fact-sheet folder go (write_cache)."""
    return cache_file(briefings).with_suffix(".delta.pickle")


def memo_file(briefings: str) -> Path:
    """Where the open-data memo of a fact-sheet folder lives (downloads.Memo): beside its parse cache."""
    sheets = cache_file(briefings)
    return sheets.with_name("opendata-" + sheets.name.removeprefix("sheets-"))


def content_key(path: str, data) -> str:
    """The key of one file's result."""
    raw = data if isinstance(data, bytes) else repr(data).encode()
    return hashlib.sha256(path.encode() + b"\0" + raw).hexdigest()


def encode(result) -> bytes:
    """One file's result as stored in the cache."""
    return pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)


def decode(blob: bytes):
    """A result stored by encode() (only ever called on blobs of a cache file whose HMAC matched)."""
    return pickle.loads(blob)


def read_cache(briefings: str) -> dict:
    """{content key: FileResult} from the last run, or {}."""
    return {key: decode(blob) for key, blob in read_blobs(briefings).items()}


def read_blobs(briefings: str) -> dict[str, bytes]:
    """{content key: encoded FileResult} from the last runs (the whole file and its delta), or {}."""
    whole = read_stamped(cache_file(briefings), code_version())
    whole = whole if isinstance(whole, dict) else {}
    _whole_keys[cache_file(briefings)] = frozenset(whole)
    delta = read_stamped(delta_file(briefings), code_version()) if whole else None
    return {**whole, **delta} if isinstance(delta, dict) else whole


# The keys of each whole cache file as this process last read it: write_cache adds to it with a delta.
_whole_keys: dict[Path, frozenset[str]] = {}
DELTA_SHARE = 5  # new and stale results together at most a fifth of the whole file's: a tenth of its sheets edited


def write_cache(briefings: str, entries: dict) -> None:
    """Store this run's results, each a FileResult or its encode() (atomically: a reader never sees half a file).

    An edit changes a sheet or two: the results the whole file (as this process read it) lacks go into a small
    delta file beside it, instead of writing its tens of megabytes again. Results are keyed by content, so the
    whole file's stale ones are merely unused; once more than a tenth of its sheets were edited (DELTA_SHARE),
    the whole file is written again with this run's results only, and the delta goes.
    """
    if secret_key() is None:
        return
    blobs = {name: entry if isinstance(entry, bytes) else encode(entry) for name, entry in entries.items()}
    new = _delta(briefings, blobs)
    if new is not None:
        write_stamped(delta_file(briefings), code_version(), {key: blobs[key] for key in new})
        return
    write_stamped(cache_file(briefings), code_version(), blobs)
    _whole_keys[cache_file(briefings)] = frozenset(blobs)
    try:
        os.unlink(delta_file(briefings))
    except OSError:
        pass  # none (a delta beside another whole file would still hold right results: they are keyed by content)


def writes_whole(briefings: str, entries: dict) -> bool:
    """True when write_cache(briefings, entries) would write the whole cache file, not a delta beside it."""
    return secret_key() is not None and _delta(briefings, entries) is None


def _delta(briefings: str, entries: dict) -> list[str] | None:
    """The keys of entries the whole cache file (as this process read or wrote it) lacks, when few enough
    to go into a delta beside it (DELTA_SHARE); else None: the whole file is to be written."""
    whole = _whole_keys.get(cache_file(briefings))
    if not whole:
        return None
    new = [key for key in entries if key not in whole]
    return new if (len(new) + len(whole.difference(entries))) * DELTA_SHARE <= len(whole) else None


def read_stamped(path: Path, stamp):
    """The value write_stamped stored in path with this stamp (the code and inputs it was made from), or None.

    None also when there is no file, when this user's briefkit did not write it (it is then
    never unpickled), or when it holds something else.
    """
    payload = read_signed(path)
    if payload is None:
        return None
    try:
        found, value = pickle.loads(payload)
    except (EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError, ImportError):
        return None
    return value if found == stamp else None


def write_stamped(target: Path, stamp, value) -> None:
    """Pickle value with its stamp into a signed file of the cache folder (read_stamped)."""
    write_signed(target, pickle.dumps((stamp, value), protocol=pickle.HIGHEST_PROTOCOL))


def read_regular(path: str | os.PathLike) -> bytes | None:
    """The bytes of a regular file, or None: for a link (not followed), a device, a pipe… A signed file is read
    before its HMAC can be checked, and a planted link to /dev/zero would be read until memory runs out."""
    return _read_regular(path)[0]


def _read_regular(path: str | os.PathLike) -> tuple[bytes | None, tuple | None]:
    """read_regular, and the version of the file read (_version)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None, None
    try:
        status = os.fstat(fd)  # before wrapping it: a folder opens, but cannot be made a file object
        if not stat.S_ISREG(status.st_mode):
            return None, None
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read(status.st_size + 1), _version(status)
    except OSError:
        return None, None
    finally:
        os.close(fd)


def _version(status: os.stat_result) -> tuple:
    """What tells one version of a file from another: replaced (written atomically), grown or touched."""
    return status.st_ino, status.st_size, status.st_mtime_ns


def read_signed(path: Path) -> memoryview | None:
    """The payload of a file written by write_signed, or None (no file, or its HMAC is not this user's);
    as prefetch() read it when the file is the version it read."""
    found = _prefetched.pop(Path(path), None)
    if found is not None:
        payload = found.take()
        if payload is not _UNREAD:
            return payload
    return _read_signed(path)[0]


def _read_signed(path: Path) -> tuple[memoryview | None, tuple | None]:
    """read_signed from the file itself, and the version of the file read."""
    key = secret_key()
    if key is None:
        return None, None
    blob, version = _read_regular(path)
    if blob is None:
        return None, version
    payload = memoryview(blob)[_MAC_SIZE:]  # not a copy: the parse cache is tens of megabytes
    return (payload if hmac.compare_digest(blob[:_MAC_SIZE], _mac(key, payload)) else None), version


def prefetch(*paths: Path) -> None:
    """Start reading and checking these signed files, each in a thread, for read_signed to take once.

    A build reads tens of megabytes of cache before it can start its work (the parse cache), or in a
    background process that starts later (the open-data memo). Reading and hashing them release the
    GIL: begun first thing, they run on another core while the build finds and hashes its sheets.
    """
    if secret_key() is not None:
        _prefetched.update((Path(path), _Prefetch(Path(path))) for path in paths)


def drop_prefetched() -> None:
    """Forget the files prefetched and not taken (a build that did not need them)."""
    _prefetched.clear()


_UNREAD = object()


class _Prefetch:
    """One signed file read in a thread (prefetch)."""

    def __init__(self, path: Path):
        self.path, self.pid, self.ready, self.found = path, os.getpid(), threading.Event(), (None, None)
        threading.Thread(target=self._read, name=f"prefetch {path.name}", daemon=True).start()

    def _read(self) -> None:
        try:
            self.found = _read_signed(self.path)
        except Exception:  # noqa: BLE001 - unread: read_signed reads the file itself, and meets what went wrong there
            pass
        finally:
            self.ready.set()

    def take(self):
        """The payload read, when the file is still that version; else _UNREAD. A forked child does not wait for
        a read its parent's thread had not finished when it forked (the thread is not in the child): it reads."""
        if os.getpid() == self.pid:
            self.ready.wait()
        elif not self.ready.is_set():
            return _UNREAD
        payload, version = self.found
        try:
            now = os.lstat(self.path)
            same = stat.S_ISREG(now.st_mode) and _version(now) == version
        except OSError:
            same = version is None
        return payload if same else _UNREAD


_prefetched: dict[Path, _Prefetch] = {}


def _settle() -> None:
    """Before this process forks (os.register_at_fork): let its prefetching threads end their reads. A forked
    child has no copy of a running thread, and a lock such a thread holds at the fork (OpenSSL's, while it makes
    an HMAC; the allocator's) would stay held in the child for ever."""
    me = os.getpid()
    for prefetch in list(_prefetched.values()):
        if prefetch.pid == me:
            prefetch.ready.wait()


os.register_at_fork(before=_settle)


def write_signed(target: Path, payload: bytes) -> None:
    """Store payload in the cache folder after its HMAC (atomically: a reader never sees half a file)."""
    key = secret_key()
    if key is None:
        return
    try:
        if target.parent.is_symlink():
            return  # a linked cache folder (one committed, say) could lead anywhere: not written through
        target.parent.mkdir(parents=True, exist_ok=True)
        handle = tempfile.NamedTemporaryFile(dir=target.parent, prefix=f".{target.name}-", delete=False)
    except OSError:
        return  # a cache that cannot be written only costs time
    try:
        with handle:
            handle.write(_mac(key, payload))
            handle.write(payload)
        os.replace(handle.name, target)
    except OSError:
        # A full disk (the last bytes may fail only as the file is closed): no copy is left behind, whole or
        # empty (tens of MB at 10,000 entities, and one more each build).
        with contextlib.suppress(OSError):
            os.unlink(handle.name)


KEY_ENV = "BRIEFKIT_CACHE_KEY_FILE"
_MAC_SIZE = 32


def key_file() -> Path:
    """Where this user's cache key lives: outside any repository ($XDG_CACHE_HOME/briefkit/cache-key)."""
    if os.environ.get(KEY_ENV):
        return Path(os.environ[KEY_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "briefkit" / "cache-key"


@cache
def secret_key() -> bytes | None:
    """This user's random cache key (made on first use), or None when it cannot be had: then nothing is cached."""
    path = key_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "wb") as handle:
                handle.write(os.urandom(_MAC_SIZE))
        # O_NONBLOCK and a regular file only: a pipe or a device there made every command wait for good (a tester);
        # and one another user owns, or others may read, signs nothing (its key could be known)
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        with os.fdopen(fd, "rb") as handle:
            status = os.fstat(fd)
            if not stat.S_ISREG(status.st_mode) or status.st_uid != os.geteuid() or status.st_mode & 0o077:
                return None
            key = handle.read(_MAC_SIZE + 1)
    except OSError:
        return None
    return key if len(key) == _MAC_SIZE else None  # a key still being written by another process: no cache


def sign(payload: bytes) -> str:
    """HMAC of payload with this user's key, in hex ("" when there is no key)."""
    return signing(payload).hexdigest()


class Signing:
    """sign() of a payload given in parts: update() with each, then hexdigest() ("" when there is no key)."""

    def __init__(self, key: bytes | None, first: bytes = b""):
        self._mac = hmac.new(key, first, hashlib.sha256) if key else None

    def update(self, part: bytes) -> None:
        if self._mac is not None:
            self._mac.update(part)

    def copy(self) -> Signing:
        twin = Signing(None)
        twin._mac = self._mac.copy() if self._mac is not None else None
        return twin

    def hexdigest(self) -> str:
        return self._mac.hexdigest() if self._mac is not None else ""


def signing(first: bytes) -> Signing:
    """A Signing begun with the first part of a payload."""
    return Signing(secret_key(), first)


def split_mac_line(blob: bytes) -> tuple[str, memoryview]:
    """(the HMAC on a file's first line, the rest as a view, not a copy) of a file written as sign() + newline + payload."""
    end = blob.find(b"\n")
    if end < 0:
        return "", memoryview(b"")
    return blob[:end].decode("ascii", "replace"), memoryview(blob)[end + 1 :]


def signed_here(mac: str, payload: bytes) -> bool:
    """True when mac is sign(payload): the payload was written by this user's briefkit."""
    expected = sign(payload)
    return bool(expected) and isinstance(mac, str) and hmac.compare_digest(mac, expected)


def _mac(key: bytes, payload: bytes) -> bytes:
    """HMAC-SHA256 of a cache file's payload."""
    return hmac.new(key, payload, hashlib.sha256).digest()
