"""A whole build: check, then Pelican into a staging folder, then an atomic swap.

The published folder is never written in place. A build renders into a
sibling staging folder and, only when everything succeeded, exchanges it
with the output folder in one `renameat2(RENAME_EXCHANGE)` call (two
renames where the kernel lacks it). A lock file beside the output keeps two
builds from interleaving. A failed or killed build leaves the last good site.
The replaced tree is renamed aside and deleted by a background `rm` (the
site is already published; the next build clears what a killed `rm` left).
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import shutil
import subprocess
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field

from . import incremental, pipeline
from .index import Project
from .model import KINDS, PLURALS
from .problems import Problem
from .search import SearchIndexError

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


@dataclass
class BuildResult:
    """What a build did: the project, problems, pages written by kind, timings."""

    project: Project
    ok: bool
    pages: dict[str, int] = field(default_factory=dict)
    timings: pipeline.Timings = field(default_factory=pipeline.Timings)
    seconds: float = 0.0
    output: str = ""
    rendered: int = 0
    up_to_date: bool = False

    @property
    def problems(self) -> list[Problem]:
        """Every problem found."""
        return self.project.problems

    def summary(self) -> str:
        """The one-line summary `make html` ends with."""
        counts = ", ".join(f"{len(self.project.by_kind.get(k, []))} {PLURALS[k]}" for k in KINDS)
        errors = len(self.project.errors)
        warnings = len(self.problems) - errors
        if not self.ok:
            return f"Build failed: {errors} errors, {warnings} warnings; {self.output} left as it was ({self.seconds:.2f}s)"
        pages = ", ".join(f"{n} {kind}" for kind, n in sorted(self.pages.items()))
        total = sum(self.pages.values())
        if self.up_to_date:
            return (f"Up to date: {total} pages ({pages}) from {counts}; "
                    f"{errors} errors, {warnings} warnings; nothing changed in {self.output} ({self.seconds:.2f}s)")
        return (f"Built {total} pages ({pages}) from {counts}; "
                f"{errors} errors, {warnings} warnings in {self.seconds:.2f}s → {self.output}")


def build(briefings: str, output: str, settings_file: str = "pelican.conf.py", strict: bool = False) -> BuildResult:
    """Check the fact sheets and, when they pass, publish the site to output."""
    started = time.perf_counter()
    timings = pipeline.Timings()
    found = pipeline.inventory(briefings)
    inputs = incremental.input_fingerprint(briefings, found.keys, settings_file)
    previous = incremental.read_manifest(output)
    if previous is not None and previous.inputs == inputs:
        return _up_to_date(previous, output, strict, started)
    project = pipeline.check(briefings, timings, found=found)
    result = BuildResult(project, ok=False, timings=timings, output=output)
    failing = project.errors or (strict and project.problems)
    if not failing:
        with locked(output):
            remove_stale_staging(output)
            staging = tempfile.mkdtemp(prefix=f".{os.path.basename(os.path.abspath(output))}.staging-",
                                       dir=os.path.dirname(os.path.abspath(output)))
            try:
                stage = time.perf_counter()
                from .plugin import BuildFailed, run_pelican  # imported late: `check` never pays for Pelican

                stats: dict = {}
                try:
                    run_pelican(settings_file, staging, briefings, project, stats, previous=output, inputs=inputs)
                except BuildFailed as failed:  # an unsafe page plan (outpaths.py): nothing is published
                    project.problems.extend(failed.problems)
                    result.seconds = time.perf_counter() - started
                    return result
                except SearchIndexError as error:  # Pagefind failed: nothing is published
                    project.problems.append(Problem(output, 1, 1, f"search index not made: {error}"))
                    result.seconds = time.perf_counter() - started
                    return result
                indexed, reused, waited = stats.pop("_search")  # Pagefind ran beside the rendering (plugin.py)
                result.rendered = stats.pop("rendered", 0)
                result.pages = stats
                timings.add("render+write", stage, sum(result.pages.values()), f"pages ({result.rendered} rendered)")
                timings.stages[-1].seconds -= waited
                timings.stages.append(pipeline.Stage("search (after render)", waited, indexed,
                                                     "pages (index reused)" if reused else "pages indexed"))
                swap(staging, output)
                result.ok = True
                staging = discard(staging, output)
            finally:
                shutil.rmtree(staging, ignore_errors=True)
    result.seconds = time.perf_counter() - started
    return result


def _up_to_date(manifest: incremental.Manifest, output: str, strict: bool, started: float) -> BuildResult:
    """The result of a build whose inputs are exactly those of the site in output: nothing to do."""
    summary = manifest.summary
    project = Project(problems=[Problem(*fields) for fields in summary.get("problems", [])])
    project.by_kind = {kind: [None] * count for kind, count in summary.get("entities", {}).items()}
    ok = not project.errors and not (strict and project.problems)
    result = BuildResult(project, ok=ok, pages=dict(summary.get("pages", {})), output=output, up_to_date=True)
    result.seconds = time.perf_counter() - started
    return result


def remove_stale_staging(output: str) -> None:
    """Remove staging folders left by killed builds (called under the lock, so none is in use).

    Replaced sites still being deleted in the background (`.<name>.old-*`, see discard) get
    another background `rm`: a site is never waited for twice.
    """
    parent, name = os.path.split(os.path.abspath(output))
    for entry in os.listdir(parent):
        if entry.startswith(f".{name}.staging-"):
            shutil.rmtree(os.path.join(parent, entry), ignore_errors=True)  # never follows a link
        elif entry.startswith(f".{name}.old-"):
            _remove_in_background(os.path.join(parent, entry))


def discard(old_tree: str, output: str) -> str:
    """Rename the replaced site aside and delete it in the background; returns the (empty) path left to remove."""
    parent, name = os.path.split(os.path.abspath(output))
    aside = tempfile.mkdtemp(prefix=f".{name}.old-", dir=parent)
    try:
        os.rename(old_tree, os.path.join(aside, "site"))
    except OSError:
        os.rmdir(aside)
        return old_tree
    _remove_in_background(aside)
    return old_tree


def _remove_in_background(folder: str) -> None:
    """Delete a folder with a detached `rm -rf` (here, when the system has no `rm`)."""
    try:
        subprocess.Popen(["rm", "-rf", "--", folder], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True)
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def locked(output: str):
    """Hold an exclusive lock beside the output folder for the length of a build."""
    parent = os.path.dirname(os.path.abspath(output))
    os.makedirs(parent, exist_ok=True)  # `--output new/folder/site` is fine
    lock_path = os.path.join(parent, f".{os.path.basename(os.path.abspath(output))}.lock")
    # O_NOFOLLOW: a link planted where the lock goes (say, committed) is refused, not written through.
    with os.fdopen(os.open(lock_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_NOFOLLOW, 0o644), "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def swap(staging: str, output: str) -> None:
    """Make staging the output folder atomically; the old output ends up in staging."""
    os.chmod(staging, 0o755)  # mkdtemp makes it private; a published site is readable
    if not os.path.exists(output):
        os.rename(staging, output)
        os.mkdir(staging)  # the caller removes it
        return
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is not None:
        if renameat2(_AT_FDCWD, os.fsencode(staging), _AT_FDCWD, os.fsencode(output), _RENAME_EXCHANGE) == 0:
            return
        if ctypes.get_errno() not in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
            raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()), output)
    old = staging + ".old"
    os.rename(output, old)
    os.rename(staging, output)
    os.rename(old, staging)
