"""A whole build: check, then Pelican into a staging folder, then publish (publish.py).

Nothing is published before everything succeeded: a build renders into a
sibling staging folder, then either swaps the whole site in at once (a clean
build) or moves only the changed files into place (an incremental build).
A lock file beside the output keeps two builds from interleaving. A failed or
killed build leaves the last good site.
"""

from __future__ import annotations

import errno
import fcntl
import os
import re
import shutil
import signal
import stat
import sys
import tempfile
import threading
import time
import traceback
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import partial

from . import cache, incremental, outpaths, pipeline, publish
from .background import Background, WorkerDied, interrupted
from .incremental import Presence
from .index import Project
from .load import folder_problems, utf8
from .model import KINDS, PLURALS, url_for
from .problems import Problem, counted, display_path
from .search import SearchIndexError


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
    later: object | None = None  # the extras (search index, feeds, downloads) a `defer_extras` build left to finish_extras
    manifest: incremental.Manifest | None = None  # what the build published (finish_extras completes it)
    half_published: bool = False  # an in-place publish stopped part-way (a full disk…): output holds a mix, no manifest
    site_url: str | None = None  # the SITEURL the pages were rendered with ("": none set; None: no page rendered)
    inputs: str = ""  # the fingerprint of what the build read (incremental.input_fingerprint; "": it read nothing)
    gone: list[str] = field(default_factory=list)  # entities' addresses the last build published and this one not

    @property
    def problems(self) -> list[Problem]:
        """Every problem found."""
        return self.project.problems

    def note(self) -> str:
        """A line to say after the summary, or "": a site rendered without SITEURL names https://example.invalid in
        its feeds, sitemap and canonical links, and a copy published so said nothing (a tester). Not a warning:
        every preview and test build has none."""
        notes = []
        if self.ok and self.gone:  # FORMAT.md's permalinks: a renamed id's old address now fails, and nothing said so
            shown = ", ".join(self.gone[:GONE_SHOWN]) + (f" and {len(self.gone) - GONE_SHOWN} more"
                                                         if len(self.gone) > GONE_SHOWN else "")
            notes.append(f"note: {counted(len(self.gone), 'page')} the last build published "
                         f"{'is' if len(self.gone) == 1 else 'are'} gone, {'its id' if len(self.gone) == 1 else 'their ids'}"
                         f" renamed or removed; links to {'it' if len(self.gone) == 1 else 'them'} from elsewhere now "
                         f"fail: {shown}")
        if self.ok and self.site_url == "":
            notes.append("note: SITEURL is not set, so feeds, the sitemap and canonical links name https://example.invalid; "
                         "set it (SITEURL=https://… make html) for a site to publish")
        return "\n".join(notes)

    def summary(self) -> str:
        """The one-line summary `make html` ends with."""
        counts = ", ".join(counted(len(self.project.by_kind.get(k, [])), k, PLURALS[k]) for k in KINDS)
        errors = len(self.project.errors)
        found = f"{counted(errors, 'error')}, {counted(len(self.problems) - errors, 'warning')}"
        if not self.ok and self.half_published:
            return (f"Build failed: {found}; publishing into {self.output} stopped part-way: "
                    f"the next build makes the whole site again ({self.seconds:.2f}s)")
        if not self.ok:
            return f"Build failed: {found}; {self.output} left as it was ({self.seconds:.2f}s)"
        pages = ", ".join(f"{n:,} {kind}" for kind, n in sorted(self.pages.items()))
        total = sum(self.pages.values())
        if self.up_to_date:
            return (f"Up to date: {counted(total, 'page')} ({pages}) from {counts}; "
                    f"{found}; nothing changed in {self.output} ({self.seconds:.2f}s)")
        return (f"Built {counted(total, 'page')} ({pages}) from {counts}; {found} in {self.seconds:.2f}s → {self.output}")


def build(briefings: str, output: str, settings_file: str = "pelican.conf.py", strict: bool = False,
          defer_extras: bool = False, memo: pipeline.Memo | None = None) -> BuildResult:
    """Check the fact sheets and, when they pass, publish the site to output.

    defer_extras (make serve): an incremental build publishes its pages with the last search
    index, feeds and downloads, and leaves the new ones in `result.later`, for finish_extras.
    memo: pipeline.check's, kept by a caller that builds many times (make serve), who calls memo.save().
    """
    unreadable = [] if utf8(os.path.abspath(briefings)) else folder_problems(briefings)
    if unreadable:  # its path names no cache file (a tester's build ended in a traceback): said as check says it
        return BuildResult(Project(problems=unreadable), ok=False, output=output)
    # The caches read first (the parse cache; make serve keeps its sheets instead) and in a background process
    # (the open-data memo) are read and checked in threads while the sheets are found and hashed.
    cache.prefetch(*([cache.cache_file(briefings), cache.delta_file(briefings)] if memo is None else []),
                   cache.memo_file(briefings))
    try:
        return _build(briefings, output, settings_file, strict, defer_extras, memo)
    finally:
        cache.drop_prefetched()


def _build(briefings: str, output: str, settings_file: str, strict: bool, defer_extras: bool,
           memo: pipeline.Memo | None) -> BuildResult:
    """build(), once the caches are being read."""
    started = time.perf_counter()
    if os.path.islink(output) and os.path.isdir(output):
        # A link to the published folder (a web server's, say): the site goes there. A clean build swaps a whole
        # folder in at the output path, which would put a folder in the link's place and leave its target stale.
        output = os.path.realpath(output)
    timings = pipeline.Timings()
    if not os.path.isfile(settings_file):  # gone while `make serve` runs (renamed away, a checkout): said, then watched
        missing = Project(problems=[Problem(settings_file, 1, 1, "the settings file is missing")])
        return BuildResult(missing, ok=False, timings=timings, output=output, seconds=time.perf_counter() - started)
    found = pipeline.inventory(briefings, memo)
    inputs = incremental.inputs_of(briefings, found.keys, settings_file, found.link_problems)
    previous = incremental.read_manifest(output)
    # A link refused while finding the sheets (one leading outside the folder) is in no content key: such a
    # build always checks, which reports it, rather than call the site up to date.
    if previous is not None and previous.inputs == inputs.digest and not found.link_problems:
        _tidy(output)
        return _up_to_date(previous, output, strict, started, inputs.digest)
    # Which of the last build's files are still in the output (an in-place build keeps them), found in a child
    # beside the check: twenty thousand stat calls, off an edit build's critical path.
    presence = Presence(previous, Background(partial(incremental.missing_files, output, previous))) if previous else None
    own = pipeline.Memo() if memo is None else None
    project = pipeline.check(briefings, timings, found=found, memo=memo or own)
    # One build writes its parse cache (tens of megabytes at 10,000 entities) in a child beside the rendering,
    # not before it, or here when it adds a delta of the sheets it parsed (kilobytes: not worth a process); a
    # caller with its own memo saves it when it likes (make serve: once the site is up).
    saving = None
    if own is not None and own.unsaved is not None and cache.writes_whole(*own.unsaved):
        saving = Background(own.save)
    elif own is not None:
        own.save()  # a delta, or nothing to write
    own = None  # the child has the pickled sheets it writes: here their tens of megabytes can go
    result = BuildResult(project, ok=False, timings=timings, output=output, inputs=inputs.digest)
    project.problems.extend(outpaths.output_problems(output, briefings, settings_file))
    project.problems.extend(_emptied(project, previous, briefings, output))
    failing = project.errors or (strict and project.problems)
    if failing:  # every problem of the run at once: the settings' and content pages', as `check --settings` says them
        from .plugin import settings_and_pages_problems  # (a tester's build said the sheet's error alone)

        project.problems.extend(settings_and_pages_problems(settings_file, project))
    try:
        if not failing:
            _publish(briefings, output, settings_file, inputs, result, defer_extras, presence, strict)
    finally:
        if presence is not None:
            presence.finder.cancel()  # answered by now, or not needed
        if saving is not None:
            saving.result()
    result.seconds = time.perf_counter() - started
    return result


def _publish(briefings: str, output: str, settings_file: str, inputs: incremental.Inputs, result: BuildResult,
             defer_extras: bool, presence: Presence | None = None, strict: bool = False) -> None:
    """Render into a staging folder beside output and publish it; a folder that cannot be written is a problem."""
    try:
        with locked(output):
            publish.remove_stale_staging(output)
            staging = tempfile.mkdtemp(prefix=f".{os.path.basename(os.path.abspath(output))}.staging-",
                                       dir=os.path.dirname(os.path.abspath(output)))
            try:
                _render(briefings, output, staging, settings_file, inputs, result, defer_extras, presence, strict)
            finally:
                shutil.rmtree(staging, ignore_errors=True)
    except OSError as error:  # the output folder's place is a file, read-only, busy…: said, not a traceback
        result.ok = False
        result.project.problems.append(Problem(output, 1, 1, f"cannot write the site here: "
                                                             f"{error.strerror or error} (`{error.filename or output}`)"))


def _render(briefings: str, output: str, staging: str, settings_file: str, inputs: incremental.Inputs, result: BuildResult,
            defer_extras: bool = False, presence: Presence | None = None, strict: bool = False) -> None:
    """Run Pelican into staging and publish; problems found on the way go into result, nothing published (with
    strict, a warning found on the way is such a problem)."""
    from jinja2 import TemplateError

    from .plugin import BuildFailed, run_pelican  # imported late: `check` never pays for Pelican

    stage, stats, project = time.perf_counter(), {}, result.project
    try:
        run_pelican(settings_file, staging, briefings, project, stats, previous=output, inputs=inputs, in_place=True,
                    defer_extras=defer_extras, presence=presence, strict=strict)
    except BuildFailed as failed:  # an unsafe page plan (outpaths.py): nothing is published
        project.problems.extend(failed.problems)
        return
    except TemplateError as error:  # a theme template that does not compile or render: its place, nothing published
        where, line = _template_place(error, os.path.join(os.path.dirname(settings_file) or ".", "theme"))
        project.problems.append(Problem(where, line, 1, f"template: {error.message}"))
        return
    except SearchIndexError as error:  # Pagefind failed: nothing is published
        project.problems.append(Problem(output, 1, 1, f"search index not made: {error}"))
        return
    except WorkerDied as error:  # a render worker or background process killed: nothing is published
        project.problems.append(Problem(output, 1, 1, f"{error}; nothing was published"))
        return
    except Exception as error:  # noqa: BLE001 - raised by a template's own code ({{ 1/0 }}): said at its line
        frame = None if isinstance(error, OSError) else _template_frame(error)
        pelicans = _raised_by_pelican(error) if frame is None and not isinstance(error, OSError) else None
        if pelicans:  # a setting Pelican could not use (`PAGE_EXCLUDES = 5`)
            project.problems.append(Problem(settings_file, 1, 1, f"Pelican stopped on these settings: "
                                                                 f"{type(error).__name__}: {error} (in {pelicans}); "
                                                                 "nothing was published"))
            return
        if frame is None:
            raise  # a folder that cannot be written (said by _publish), or a bug of ours, with its traceback
        project.problems.append(Problem(*frame, 1, f"template: {type(error).__name__}: {error}"))
        return
    indexed, made, shards, waited = stats.pop("_search")  # Pagefind ran beside the rendering (plugin.py)
    in_place, manifest = stats.pop("_in_place"), stats.pop("_site")
    later = stats.pop("_extras_later", None)
    stats.pop("_raced", None)  # said in the manifest (plugin.py)
    result.site_url = stats.pop("_siteurl", None)
    result.rendered = stats.pop("rendered", 0)
    result.pages = stats
    result.timings.add("render+write", stage, sum(result.pages.values()), f"pages ({result.rendered:,} rendered)")
    result.timings.stages[-1].seconds -= waited
    result.timings.stages.append(pipeline.Stage("search (after render)", waited, indexed,
                                                f"pages ({made:,} of {shards:,} indexes made)"))
    stage = time.perf_counter()
    with _uninterrupted() as held:
        if interrupted():  # a Ctrl-C Python could not raise where it came: nothing is published after it
            raise KeyboardInterrupt
        _publish_staged(output, staging, in_place, manifest, later, result)
    if held.interrupted and result.ok:
        raise InterruptedAfterPublishing(held.interrupted)  # not "the last build" (a tester): this one's site is out
    if result.ok:
        result.timings.add("publish", stage, len(manifest.pages) + len(manifest.others),
                           "files (changed ones moved in place)" if in_place else "files (swapped in)")


def _publish_staged(output: str, staging: str, in_place: bool, manifest, later, result: BuildResult) -> None:
    """Move the staged site into output (in place: its changed files) and remember what it holds."""
    project = result.project
    previous = incremental.read_manifest(output)  # read under the lock, as the plugin did
    if previous is not None:
        result.gone = gone_pages(previous, manifest)
    if in_place:
        try:
            publish.in_place(staging, output, set(previous.pages) | set(previous.others),
                             set(manifest.pages) | set(manifest.others))
        except publish.HalfPublished as stopped:
            result.half_published = True
            raise stopped.__cause__ from None  # said by _publish, as any folder that cannot be written
        except publish.UnsafeOutput as unsafe:
            path, what = unsafe.args
            project.problems.append(Problem(output, 1, 1, f"`{path}` in the output folder {what}; nothing was "
                                                          "published: remove the output folder and build again"))
            return
    else:
        publish.swap(staging, output)
        publish.discard(staging, output)
    if later is None:
        incremental.remember(output, manifest)
    result.ok, result.later, result.manifest = True, later, manifest


GONE_SHOWN = 5  # the gone pages a build's note names


def gone_pages(previous: incremental.Manifest, manifest: incremental.Manifest) -> list[str]:
    """The addresses (`/actors/old-id/`, `/sources/#old-id`) of the entities the previous site had and this one has
    not, or has as another kind, sorted (each a permalink FORMAT.md keeps)."""
    before, now = previous.entities, manifest.entities
    kinds = {entity_id: entry.split(" ", 1)[0] for entity_id, entry in before.items()
             if entity_id not in now or now[entity_id].split(" ", 1)[0] != entry.split(" ", 1)[0]}
    return sorted(f"/{url_for(kind, entity_id)}" for entity_id, kind in kinds.items() if kind in KINDS)


class InterruptedAfterPublishing(KeyboardInterrupt):
    """Ctrl-C (or a SIGTERM) came while the site was being published: it was, and the build stops there; args[0] is
    the signal's number."""


class _Held:
    """What _uninterrupted held back: the signal that came in the block (noted by its handler), else 0."""

    interrupted = 0


@contextmanager
def _uninterrupted():
    """Ctrl-C and SIGTERM held back until the block ends: publishing is moments, and stopped half-way it would leave
    the output a mix of two builds. One that comes is noted, for the holder to say (`interrupted`). A handler, not a
    blocked signal: any thread of the process may receive it (the cache's readers, a test runner's), and Python runs
    its handler in the main thread all the same (a test met the Ctrl-C raised mid-publish). Only the main thread can
    set a handler; elsewhere none comes."""
    held = _Held()
    if threading.current_thread() is not threading.main_thread():
        yield held
        return
    def note(number, _frame):
        held.interrupted = held.interrupted or number

    # SIGTERM too: what CI sends to cancel a job, `timeout` and `docker stop` (a tester's build stopped so published
    # 627 pages of 3,000 new ones, the others old, and said nothing)
    before = {number: signal.signal(number, note) for number in (signal.SIGINT, signal.SIGTERM)
              if signal.getsignal(number) is not signal.SIG_IGN}  # one the caller ignores stays ignored (`nohup`)
    try:
        yield held
    finally:
        for number, handler in before.items():
            signal.signal(number, handler)


def _raised_by_pelican(error: BaseException) -> str | None:
    """`pelican/generators.py:178` when Pelican's code, not ours, is the last of the two that the error passed
    through: a setting it could not use (`PAGE_EXCLUDES = 5`, `SLUG_REGEX_SUBSTITUTIONS = [("(", "")]`, a Jinja
    extension that does not exist) raised there, which printed a traceback (a tester); else None."""
    import pelican

    ours, theirs = os.path.dirname(os.path.abspath(__file__)), os.path.dirname(os.path.abspath(pelican.__file__))
    last = None
    for frame, line in traceback.walk_tb(error.__traceback__):
        path = os.path.abspath(frame.f_code.co_filename)
        if path.startswith(ours + os.sep):
            last = None
        elif path.startswith(theirs + os.sep):
            last = f"pelican/{os.path.relpath(path, theirs)}:{line}"
    return last


def _template_place(error, theme: str) -> tuple[str, int]:
    """The template and line of a Jinja error: its own (a syntax error), else the last template frame of its traceback,
    which a render worker sends back as text (multiprocessing's RemoteTraceback); else the theme folder."""
    if getattr(error, "filename", None):
        return error.filename, error.lineno or 1
    return _template_frame(error) or (theme, 1)


def _template_frame(error: BaseException) -> tuple[str, int] | None:
    """The template and line of the last template frame of an error's traceback (a render worker's comes as text,
    in multiprocessing's RemoteTraceback), or None."""
    text = "".join(traceback.format_exception(error))
    frames = re.findall(r'File "([^"]+\.(?:html|xml|j2|jinja2?))", line (\d+)', text)
    return (frames[-1][0], int(frames[-1][1])) if frames else None


def finish_extras(result: BuildResult) -> tuple[int, int, int]:
    """Make the extras a `defer_extras` build left, and publish them in place with an updated manifest.

    The pages went out without a manifest; this writes it, last. Returns (documents
    indexed, search indexes made, search indexes); nothing is done when another build
    published since (its extras are current). A failure (SearchIndexError) leaves the last
    extras published and no manifest: the next build is a clean one.
    """
    from .plugin import extra_files

    later, result.later, output, manifest = result.later, None, result.output, result.manifest
    with locked(output):
        if later is None or os.path.lexists(os.path.join(output, incremental.MANIFEST_NAME)):
            return 0, 0, 0  # another build published since the pages (each build writes a manifest)
        staging = tempfile.mkdtemp(prefix=f".{os.path.basename(os.path.abspath(output))}.staging-",
                                   dir=os.path.dirname(os.path.abspath(output)))
        try:
            digests, kept, (indexed, made, indexes, _waited), feed_tokens = later.run(staging)
            extras = set(kept) | set(incremental.files_in(staging))
            updated = replace(manifest, files=digests, feeds=feed_tokens,
                              others=sorted(set(manifest.others) - extra_files(manifest) | extras))
            incremental.write_manifest(staging, updated)
            publish.in_place(staging, output, set(manifest.pages) | set(manifest.others),
                             set(updated.pages) | set(updated.others))
            incremental.remember(output, updated)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return indexed, made, indexes


def _emptied(project: Project, previous: incremental.Manifest | None, briefings: str, output: str) -> list[Problem]:
    """An error when the sheets define no entity where the site in output was built from some: a checkout gone wrong,
    a mistyped --briefings or sheets emptied by a tool would replace every page with an empty site (found by
    testers). A first build of an empty folder publishes, with the warning `check` gives."""
    made = sum((previous.summary.get("entities") or {}).values()) if previous is not None else 0
    if project.entities or project.errors or not made:
        return []
    return [Problem(briefings, 1, 1, f"the fact sheets here define nothing, but the site in {display_path(output)} "
                                     f"holds {made:,} entities: it is left as it was (remove it to publish an empty site)")]


def _up_to_date(manifest: incremental.Manifest, output: str, strict: bool, started: float, inputs: str) -> BuildResult:
    """The result of a build whose inputs (their fingerprint) are exactly those of the site in output: nothing to do."""
    summary = manifest.summary
    project = Project(problems=[Problem(*fields) for fields in summary.get("problems", [])])
    project.by_kind = {kind: [None] * count for kind, count in summary.get("entities", {}).items()}
    ok = not project.errors and not (strict and project.problems)
    result = BuildResult(project, ok=ok, pages=dict(summary.get("pages", {})), output=output, up_to_date=True,
                         inputs=inputs)
    result.seconds = time.perf_counter() - started
    return result


def _tidy(output: str) -> None:
    """Remove what killed builds left beside output, unless a build is running (one with nothing to do never waits).

    Without this, a killed build's staging folder (a whole site) stayed until a build with work to do."""
    try:
        with locked(output, wait=False):
            publish.remove_stale_staging(output, waiting=False)
    except OSError:  # busy (BlockingIOError), or a place this build cannot write: left for a build that runs
        pass


@contextmanager
def locked(output: str, wait: bool = True):
    """Hold an exclusive lock beside the output folder for the length of a build (BlockingIOError: held, and
    not wait)."""
    parent = os.path.dirname(os.path.abspath(output))
    os.makedirs(parent, exist_ok=True)  # `--output new/folder/site` is fine
    lock_path = os.path.join(parent, f".{os.path.basename(os.path.abspath(output))}.lock")
    # O_NOFOLLOW: a link planted where the lock goes (say, committed) is refused, not written through; O_NONBLOCK
    # and the check after: a pipe there had the build wait to open it for good, saying nothing (a tester).
    flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_NOFOLLOW | os.O_NONBLOCK
    try:
        descriptor = os.open(lock_path, flags, 0o644)
    except OSError as error:
        if error.errno != errno.ENXIO:  # a pipe no one reads
            raise
        descriptor = None
    if descriptor is None or not stat.S_ISREG(os.fstat(descriptor).st_mode):
        if descriptor is not None:
            os.close(descriptor)
        raise OSError(errno.EINVAL, "the lock file beside it is not a regular file; remove it", lock_path)
    with os.fdopen(descriptor, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not wait:
                raise
            # said, or a build behind another looks hung (a tester waited on one that was)
            print(f"Waiting for another build of {output} to finish…", file=sys.stderr, flush=True)
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
