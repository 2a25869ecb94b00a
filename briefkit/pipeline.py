"""The build as named stages: load → validate → index → render → write, each timed and counted.

`check()` runs the first three; `pages()` renders. Writing goes through
Pelican's Writer and lives in `plugin.py`, the one module that imports Pelican.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field

from . import cache
from . import load as loading
from .index import Project, index
from .problems import Problem
from .validate import FileResult, validate


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
        return " · ".join(f"{s.name} {s.count} {s.unit} {s.seconds:.2f}s" for s in self.stages)


def load_and_validate(path: str, data=None) -> FileResult:
    """Stages load and validate for one file (pure: the result depends only on path and bytes)."""
    return validate(loading.load(path, data))


def _validate_paths(paths: list[str]) -> list[FileResult]:
    """load_and_validate for a batch of files (runs in a worker)."""
    return [load_and_validate(path) for path in paths]


def validate_all(paths: list[str], jobs: int) -> list[FileResult]:
    """load_and_validate every path, on `jobs` processes when there are enough files."""
    if jobs <= 1 or len(paths) < 16:
        return _validate_paths(paths)
    import multiprocessing

    batches = [paths[i : i + 8] for i in range(0, len(paths), 8)]
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        return [result for batch in pool.imap(_validate_paths, batches) for result in batch]


@dataclass
class Inventory:
    """The fact sheets of a folder: sorted paths, their content keys, and link problems."""

    paths: list[str]
    keys: list[str]
    link_problems: list[Problem]


def inventory(briefings: str) -> Inventory:
    """Find every fact sheet and hash its bytes (cheap: no parsing)."""
    paths, link_problems = loading.discover(briefings)
    return Inventory(paths, [cache.content_key(path, loading.read_bytes(path)) for path in paths], link_problems)


def check(briefings: str, timings: Timings | None = None, jobs: int = 0, use_cache: bool = True,
          found: Inventory | None = None) -> Project:
    """Load, validate and index every fact sheet under briefings (cached by content hash)."""
    timings = timings or Timings()
    jobs = jobs or os.cpu_count() or 1
    started = time.perf_counter()
    found = found or inventory(briefings)
    paths, keys, link_problems = found.paths, found.keys, found.link_problems
    cached = cache.read_cache(briefings) if use_cache else {}
    missing = [path for path, key in zip(paths, keys) if key not in cached]
    fresh = dict(zip(missing, validate_all(missing, jobs)))
    results = [cached[key] if key in cached else fresh[path] for path, key in zip(paths, keys)]
    if use_cache and (missing or len(cached) != len(keys)):
        cache.write_cache(briefings, dict(zip(keys, results)))
    timings.add("load+validate", started, len(paths), f"files ({len(missing)} parsed)")
    started = time.perf_counter()
    project = index(results)
    project.problems.extend(link_problems)
    if not paths and not link_problems:
        project.problems.append(Problem(briefings, 1, 1, "no fact sheets (*.yaml, *.yml) found", "warning"))
    timings.add("index", started, len(project.entities), "entities")
    return project
