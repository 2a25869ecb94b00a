"""The build as named stages: load → validate → index → render → write, each timed and counted.

`check()` runs the first three; `pages()` renders. Writing goes through
Pelican's Writer and lives in `plugin.py`, the one module that imports Pelican.
"""

from __future__ import annotations

import gc
import os
import time
from contextlib import contextmanager
from dataclasses import dataclass, field

from . import cache
from . import load as loading
from .background import in_workers
from .index import CREATABLE, Indexed, Project, by_hand, creatable, drafted, index_all, reindex
from .problems import Problem
from .validate import FileResult, glimpsed_ids, validate


@dataclass
class Stage:
    """How long a named stage took and how much it handled."""

    name: str
    seconds: float
    count: int
    unit: str


@dataclass
class Timings:
    """Stage timings of one run, in order."""

    stages: list[Stage] = field(default_factory=list)

    def add(self, name: str, started: float, count: int, unit: str) -> None:
        """Record a stage that began at `started` (a perf_counter value)."""
        self.stages.append(Stage(name, time.perf_counter() - started, count, unit))

    def summary(self) -> str:
        """`load 12 files 0.03s · validate …`."""
        return " · ".join(f"{s.name} {s.count:,} {s.unit} {s.seconds:.2f}s" for s in self.stages)


def load_and_validate(path: str, data=None) -> FileResult:
    """Stages load and validate for one file (pure: the result depends only on path and bytes)."""
    return validate(loading.load(path, data))


def validate_all(paths: list[str], jobs: int) -> list[FileResult]:
    """load_and_validate every path, on `jobs` processes when there are enough files."""
    return [result for result, _ in _validate(paths, jobs, encode=False)]


def _validate(paths: list[str], jobs: int, encode: bool, data: dict | None = None) -> list[tuple[FileResult, bytes | None]]:
    """(result, cache.encode(result)) of every path; the encoding only when asked (or made anyway, by workers).

    data: the bytes the inventory read and keyed, by path. Those very bytes are parsed: a file saved again since
    (an editor's save during a build) would otherwise be cached under the other version's key (found by a tester).
    """
    data = data or {}
    if jobs <= 1 or len(paths) < 16:
        with _gc_paused():
            results = [load_and_validate(path, data.get(path)) for path in paths]
        return [(result, cache.encode(result) if encode else None) for result in results]
    return _in_workers(paths, jobs, data)


_READ: dict = {}  # in a validating worker: the bytes its parent had read (a forked copy, never pickled)


def _start_worker(data: dict) -> None:
    """A validating worker's start, once it started as every child does: no cyclic collection, and the bytes to
    parse."""
    gc.disable()
    _READ.update(data)


def _validate_batch(paths: list[str]) -> list[bytes]:
    """load_and_validate for a batch of files, each result encoded as the cache stores it (runs in a worker)."""
    return [cache.encode(load_and_validate(path, _READ.get(path))) for path in paths]


def _in_workers(paths: list[str], jobs: int, data: dict) -> list[tuple[FileResult, bytes]]:
    """(result, cache.encode(result)) of every path, computed on `jobs` processes.

    Largest files go first, in batches small enough that the workers end
    together. Workers never collect garbage (what they make lives until they
    send it) and send results encoded, which the parent decodes as they come
    in, while the workers go on, and can write to the cache as they are.
    """
    order = sorted(range(len(paths)), key=lambda i: (-_size(paths[i]), i))
    size = max(1, min(8, len(paths) // (jobs * 8)))
    batches = [order[i : i + size] for i in range(0, len(order), size)]
    pairs: list = [None] * len(paths)
    done = in_workers(_validate_batch, [[paths[i] for i in batch] for batch in batches], jobs, _start_worker, (data,))
    with _gc_paused():
        for batch, blobs in zip(batches, done):
            for i, blob in zip(batch, blobs):
                pairs[i] = (cache.decode(blob), blob)
    return pairs


def _size(path: str) -> int:
    """A file's size in bytes (0 when it cannot be had: reading it will say why)."""
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


@contextmanager
def _gc_paused():
    """Pause the cyclic garbage collector in the block; then keep what it made out of the collector's sight.

    Results are acyclic data that pile up: collecting while they do, and the
    full passes over them afterwards, cost a third of the time for nothing to
    free. So the garbage there is is collected first, and what the block made
    is frozen after it (gc.freeze(): collections skip it, and a collection
    costs little again; reference counting still frees it). A reference cycle
    made in the block would never be freed: loading and validating make none
    (so worker pools are made outside such blocks). A block inside another is
    part of it.
    """
    if not gc.isenabled():  # inside another pause (or the collector is off anyway)
        yield
        return
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()


@dataclass
class Inventory:
    """The fact sheets of a folder: sorted paths, their content keys, link problems, and the bytes read to key them
    (by path: the files a memo knew by their status are not read), which validation parses."""

    paths: list[str]
    keys: list[str]
    link_problems: list[Problem]
    read: dict = field(default_factory=dict)


def inventory(briefings: str, memo: Memo | None = None) -> Inventory:
    """Find every fact sheet and hash its bytes (cheap: no parsing).

    With a memo (make serve), a file whose status is what it was at the last inventory keeps its key
    unread: its inode, size, and modification and change times (a write changes the change time,
    which nothing can set back). At 10,000 entities that is 14 MB less to read and hash per edit.
    As git does with "racily clean" files, a file changed in the last seconds is read all the same:
    a file system that keeps times to the second could show two writes within one as one status.
    """
    paths, link_problems = loading.discover(briefings)
    read: dict = {}
    if memo is None:
        read = {path: loading.read_bytes(path) for path in paths}
        return Inventory(paths, [cache.content_key(path, read[path]) for path in paths], link_problems, read)
    known, memo.keys, settled = memo.keys, {}, time.time_ns() - _RACY_NS
    return Inventory(paths, [_key(path, known, memo.keys, settled, read) for path in paths], link_problems, read)


# A memo missing at most this many files parses them rather than read the parse cache for them: parsing a sheet
# takes milliseconds, reading the cache of 10,000 entities a tenth of a second (and after an edit it rarely holds it).
_PARSE_RATHER = 8
_RACY_NS = 3_000_000_000  # a status younger than this may hide a second write (coarse file times)


def _key(path: str, known: dict, found: dict, settled: int, read: dict) -> str:
    """A file's content key: kept in known under its status, else read (into read) and hashed; noted in found once
    settled."""
    try:
        status = os.stat(path)
        signature = (status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)
    except OSError:
        signature = None
    kept = known.get(path)
    if signature is not None and kept is not None and kept[0] == signature:
        found[path] = kept
        return kept[1]
    # Read after the status: a write in between makes the next status newer, and the file is read again then.
    read[path] = loading.read_bytes(path)
    key = cache.content_key(path, read[path])
    if signature is not None and max(signature[2:]) < settled:
        found[path] = (signature, key)
    return key


@dataclass
class Memo:
    """What a process that checks many times (make serve) keeps from one check to the next.

    results: {content key: (FileResult, its blob)} of the last check, so an unchanged file is
    neither read from the cache nor unpickled (results are never changed after validation, so
    the same objects serve every build). The parse cache on disk (for the next process) is
    written by `save`, which the holder calls once the site is up: not while an editor waits.
    """

    results: dict = field(default_factory=dict)
    unsaved: tuple[str, dict] | None = None  # (fact-sheet folder, blobs) not yet in the parse cache
    keys: dict = field(default_factory=dict)  # path -> (file status, content key) at the last inventory
    indexed: Indexed | None = None  # the last index, which an edit that keeps every id and reference updates

    def save(self) -> None:
        """Write the parse cache of the last check, if it changed."""
        if self.unsaved is not None:
            cache.write_cache(*self.unsaved)
            self.unsaved = None


def warm(briefings: str, memo: Memo) -> None:
    """Fill a memo with the checked fact sheets and their index, as a build would (make serve, when its first
    build found the site up to date and so checked nothing: else its first edit would check everything)."""
    check(briefings, found=inventory(briefings, memo), memo=memo)
    memo.save()


def check(briefings: str, timings: Timings | None = None, jobs: int = 0, use_cache: bool = True,
          found: Inventory | None = None, memo: Memo | None = None) -> Project:
    """Load, validate and index every fact sheet under briefings (cached by content hash).

    memo: kept by a caller that checks many times (see Memo); its parse cache is left to memo.save().
    """
    timings = timings or Timings()
    jobs = jobs or os.cpu_count() or 1
    started = time.perf_counter()
    found = found or inventory(briefings)
    paths, keys, link_problems = found.paths, found.keys, found.link_problems
    kept = memo.results if memo is not None else {}
    cached = {key: kept[key][1] for key in keys if key in kept}
    if use_cache and len(set(keys)) - len(cached) > (_PARSE_RATHER if kept else 0):
        cached = {**cache.read_blobs(briefings), **cached}
    missing = [path for path, key in zip(paths, keys) if key not in cached]
    fresh = dict(zip(missing, _validate(missing, jobs, encode=use_cache, data=found.read)))
    found.read = {}  # parsed: the bytes can go
    with _gc_paused():
        results = [kept[key][0] if key in kept else cache.decode(cached[key]) if key in cached else fresh[path][0]
                   for path, key in zip(paths, keys)]
    blobs = {key: cached[key] if key in cached else fresh[path][1] for path, key in zip(paths, keys)}
    if use_cache and (missing or len(cached) != len(blobs)):
        if memo is None:
            cache.write_cache(briefings, blobs)
        else:
            memo.unsaved = (briefings, blobs)
    if memo is not None:
        memo.results = {key: (result, blobs[key]) for key, result in zip(keys, results)}
    timings.add("load+validate", started, len(paths), f"files ({len(missing):,} parsed)")
    started = time.perf_counter()
    indexed = reindex(memo.indexed, results) if memo is not None and memo.indexed is not None else None
    indexed = indexed or index_all(results)
    if memo is not None:
        memo.indexed = indexed
    project = indexed.project
    project.problems.extend(link_problems)
    if any(problem.code.startswith(CREATABLE) for problem in project.problems):  # read only then: drafts, sheets
        project.problems = drafted(project.problems, _draft_ids(briefings))
        project.problems = by_hand(project.problems, _unaddable(project.problems))
    from .views import anchor_problems  # views builds on the index; the page's heading ids are its to say

    project.problems.extend(anchor_problems(project))
    if not paths and not link_problems:
        project.problems.append(Problem(briefings, 1, 1, "no fact sheets (*.yaml, *.yml) found", "warning"))
    timings.add("index", started, len(project.entities), "entities")
    return project


def _draft_ids(briefings: str) -> dict[str, tuple[str, int, int]]:
    """{id: (path, line, column)} of the `id:` keys of the sheets the check leaves out (drafts), the first of each."""
    found: dict[str, tuple[str, int, int]] = {}
    for path in loading.left_out(briefings):
        data = loading.read_bytes(path)
        if isinstance(data, bytes) and len(data) <= loading.MAX_FILE_BYTES:
            for entity_id, line, column in glimpsed_ids(data.decode("utf-8", "replace")):
                found.setdefault(entity_id, (path, line, column))
    return found


def _unaddable(problems: list[Problem]) -> set[tuple[str, str]]:
    """(path, kind) of the sheets whose list of a kind that `briefkit add` would refuse to extend (a flow list), among
    those the problems tell to create an id in."""
    from .scaffold import ScaffoldError, insert_item  # scaffold builds on this module

    wanted = {(problem.path, found[1]) for problem in problems if (found := creatable(problem)) is not None}
    refused = set()
    for path, kind in wanted:
        data = loading.read_bytes(path)
        try:
            insert_item(data.decode("utf-8", "replace") if isinstance(data, bytes) else "", f"{kind}s", ["- id: x"])
        except ScaffoldError:
            refused.add((path, kind))
    return refused
