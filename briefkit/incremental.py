"""Incremental builds: reuse every page whose inputs did not change since the last build.

The last successful build leaves a manifest inside its output folder (so it
is swapped in atomically with the pages it describes): a fingerprint of the
code, theme and settings; each entity's digest and the ids it refers to; and,
for each page, the tokens it read (see deps.py). A new build marks dirty every
entity that changed, appeared or vanished; its head (`^<id>`) and
`kind:<kind>` when it appeared, vanished or its head changed; its claims
(`~<id>`) when they changed; and, when its references (relation and target)
or its place in the corpus changed, the backlinks of every id it referred to
before or refers to now. A page is rendered again when it read anything dirty, and hard-linked
from the previous output otherwise. Another code, theme or settings version
reuses nothing.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import re
import shutil
import stat
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path

from . import cache
from .background import Background
# digest_of lives in deps.py (validate.py uses it too); plugin.py digests feeds through this module
from .deps import backlinks_token, claims_token, digest_of, head_token, kind_token, links_digest, part_digests
from .history import git_dirs, git_head

MANIFEST_NAME = ".briefkit-manifest"
_FORMAT = f"briefkit-manifest 3 {sys.implementation.cache_tag}"  # marshal's format is Python's: another Python reads none
_TRANSIENT = {"OUTPUT_PATH", "BRIEFKIT_PROJECT", "BRIEFKIT_WRITTEN", "BRIEFKIT_PREVIOUS", "BRIEFKIT_STATS",
              "BRIEFKIT_INPUTS", "BRIEFKIT_IN_PLACE",
              "BRIEFKIT_DEFER_EXTRAS", "BRIEFKIT_PRESENCE", "BRIEFKIT_STRICT"}


@dataclass
class Manifest:
    """What the last build made and from what."""

    version: str = ""
    inputs: str = ""
    entities: dict[str, str] = field(default_factory=dict)  # id -> entity_entry(kind, digest, referred ids, head, …)
    pages: dict[str, list[str]] = field(default_factory=dict)  # save_as -> tokens read
    summary: dict = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)  # other outputs (feeds, search shards) -> digest of their data
    others: list[str] = field(default_factory=list)  # every file of the site besides the pages and the manifest
    derived: dict[str, str] = field(default_factory=dict)  # facts of the whole corpus (token -> value)
    feeds: dict[str, str] = field(default_factory=dict)  # feed path -> the tokens it read, space-separated


def version(settings: dict, theme: str, tools: str = "", files: str | None = None) -> str:
    """Fingerprint of the code, the theme, the settings and the tools' versions (Pagefind's): any change reuses nothing.
    files: code_and_theme(theme), when already made."""
    digest = hashlib.sha256(tools.encode() + b"\0" + (files or code_and_theme(theme)).encode() + b"\0"
                            + cache.libraries().encode())
    stable = {k: v for k, v in settings.items() if k not in _TRANSIENT and not k.startswith("_")}
    digest.update(_plain_repr(stable).encode())  # not json.dumps: a set, a lambda (JINJA_FILTERS) differ each run
    return digest.hexdigest()


@dataclass(frozen=True)
class Inputs:
    """What a build is about to read, fingerprinted before it starts: the digest (the manifest's `inputs`) and each
    content/ file's own sha256 by its real path, which the content-page reader compares with the bytes it reads."""

    digest: str
    content: dict[str, bytes]


def inputs_of(briefings: str, keys: list[str], settings_file: str, links=()) -> Inputs:
    """input_fingerprint, with the digests of the content/ files it read. links: the problems finding the sheets
    gave (a second link to a folder read already is a warning): the link removed, the site is not up to date, else
    its stored warning was said again for good (a tester)."""
    content: dict[str, bytes] = {}
    found = [f"{problem.path}\0{problem.message}" for problem in links]
    return Inputs(input_fingerprint(briefings, keys + found, settings_file, content), content)


def code_and_theme(theme: str) -> str:
    """Fingerprint of the package's code and the theme's files."""
    digest = hashlib.sha256()
    for folder, files in ((Path(__file__).parent, files_under(Path(__file__).parent)), (Path(theme), theme_files(Path(theme)))):
        for path in files:
            digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def files_under(folder: Path) -> list[Path]:
    """Every file under folder, sorted, through linked folders too (Jinja and Pelican follow them: a theme's
    `templates` may be a link to shared ones), each real folder once (a link to a parent is no loop); no __pycache__."""
    return sorted(Path(entry.path) for _, _, entries in folders_under(folder) for entry in entries if safely(entry.is_file))


def folders_under(folder, unread: list[str] | None = None) -> Iterator[tuple[str, int, list[os.DirEntry]]]:
    """(path, depth, entries) of folder and each folder below it, through links too, each real folder once; no
    __pycache__; those that cannot be read are left out (and added to unread). Its own stack, not os.walk, which
    recurses once per level: a chain of a thousand folders raised RecursionError (plugin._too_deep stops at the
    first folder too deep)."""
    seen, stack = set(), [(str(folder), 0)]
    while stack:
        top, depth = stack.pop()
        real = os.path.realpath(top)
        if real in seen:
            continue
        seen.add(real)
        try:
            with os.scandir(top) as found:
                entries = list(found)
        except OSError:  # unreadable: as os.walk, left out (the build reports what it cannot read)
            if unread is not None:
                unread.append(top)
            continue
        yield top, depth, entries
        stack.extend((entry.path, depth + 1) for entry in entries
                     if safely(entry.is_dir) and entry.name != "__pycache__")


def safely(test) -> bool:
    """A DirEntry's is_file or is_dir, asked; False for a link that leads nowhere: a loop of links (`a` to `b` to
    `a`) raised OSError, a traceback in check and build (a tester). Skipped, as os.walk does."""
    try:
        return test()
    except OSError:
        return False


def input_fingerprint(briefings: str, keys: list[str], settings_file: str, content: dict | None = None) -> str:
    """Fingerprint of everything a build reads, computed without parsing anything.

    Covers the fact sheets (their content keys), the package code, the settings
    file and the Python modules beside it, the theme/ and content/ folders beside it
    (or those it names, and its THEME_TEMPLATES_OVERRIDES), the environment variables
    the settings file reads, and git's HEAD of the fact-sheet folder (pages show
    dates from git history). Equal fingerprints mean an unchanged site.
    content: filled with each content/ file's sha256, by its real path.
    """
    digest = hashlib.sha256("\n".join(keys).encode() + b"\0" + cache.libraries().encode())
    here = Path(settings_file).resolve().parent
    settings_text = Path(settings_file).read_bytes()
    digest.update(settings_text)
    values = settings_values(settings_file)
    digest.update(_plain_repr(values).encode())  # what it sets: read from the environment or a module beside it
    theme, pages, *overrides = site_folders(here, values)
    for folder in sorted({Path(__file__).parent, theme}):
        if folder.is_dir():
            for path in (theme_files(folder) if folder == theme else files_under(folder)):
                digest.update(str(path).encode() + b"\0" + path.read_bytes())
    if pages.is_dir():
        for name, data in _content_entries(pages):
            digest.update(name + b"\0" + data)
            if content is not None and not name.endswith(b"\0"):
                content[os.path.realpath(os.fsdecode(name))] = data
    for path in sorted(here.glob("*.py")):  # a module beside the settings, which it may import (a filter's code)
        if _regular(path):  # not Emacs's lock `.#pelican.conf.py` (a link to nowhere), a folder, a pipe, /dev/zero
            digest.update(str(path).encode() + b"\0" + path.read_bytes())
    for folder in overrides:  # a folder holding this project (`"."`) gives only its own files: not the whole tree
        within = here.is_relative_to(folder)
        for path in (sorted(p for p in folder.iterdir() if p.is_file()) if within else files_under(folder)):
            digest.update(str(path).encode() + b"\0" + path.read_bytes())
    for name in sorted(set(re.findall(rb"(?:environ(?:\.get)?\(?\[?|getenv\()\s*[\"']([A-Za-z0-9_]+)", settings_text))):
        # those a setting's code reads; as their bytes, which may be no UTF-8 (a tester's build stopped with a traceback)
        digest.update(name + b"=" + os.environ.get(name.decode(), "").encode("utf-8", "surrogateescape") + b"\0")
    # No commit yet, or no repository: /changes/ says which (`git init` after a build had left it "Up to date",
    # saying "outside git": a tester)
    digest.update((git_head(briefings) or ("no commits" if git_dirs(briefings) else "outside git")).encode())
    return digest.hexdigest()


LARGE_CONTENT_FILE = 256 * 1024 * 1024  # a content file larger is fingerprinted by its size and time, not read


def _content_entries(folder: Path) -> list[tuple[bytes, bytes]]:
    """(name, sha256) of every entry under the content folder, sorted: a file's digest (read a megabyte at a time:
    a page of a gigabyte was read whole, a tester), else a name ending in NUL and what it is. Not only the files a
    build reads: a pipe, a link to nowhere, a file or folder that cannot be read, added after a good build, left it
    "Up to date" (the build says what is wrong with each), and the names are bytes, which may be no UTF-8 (both
    found by a tester)."""
    unread: list[str] = []
    found = []
    for _, _, entries in folders_under(folder, unread):
        for entry in entries:
            name = os.fsencode(entry.path)
            if not safely(entry.is_file):
                found.append((name + b"\0", b"folder" if safely(entry.is_dir) else b"no file"))
                continue
            try:
                size = entry.stat().st_size
                if size > LARGE_CONTENT_FILE:  # its size and time: a sparse page of 8 GB was read to be refused
                    found.append((name, f"{size} {entry.stat().st_mtime_ns}".encode()))  # (a reviewer)
                    continue
                with open(entry.path, "rb") as handle:
                    found.append((name, hashlib.file_digest(handle, "sha256").digest()))
            except OSError as error:
                found.append((name + b"\0", f"unread: {error.strerror}".encode()))
    return sorted(found + [(os.fsencode(path) + b"\0", b"unread") for path in unread])


def _regular(path: Path) -> bool:
    """True for a regular file (through links): the only kind a module beside the settings can be read from; the
    others stopped each build with a traceback, hung it, or filled the memory (a tester)."""
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False


def settings_values(settings_file: str) -> dict:
    """The upper-case names the settings file sets, run as Python (as Pelican does); {"": the error} when it fails.

    Pelican runs the file again: what running it changes in this process (the environment, the working folder, the
    arguments) is put back, and what it prints is not shown twice.
    """
    import contextlib
    import runpy

    environment, folder, argv = dict(os.environ), os.getcwd(), list(sys.argv)
    try:
        with open(os.devnull, "w") as quiet, contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet):
            found = runpy.run_path(settings_file, run_name="briefkit_settings")
    except (Exception, SystemExit) as error:  # noqa: BLE001 - the build says what; here it only keeps the site unfresh
        return {"": f"{type(error).__name__}: {error}"}
    finally:
        os.environ.clear()
        os.environ.update(environment)
        os.chdir(folder)
        sys.argv[:] = argv
    return {name: value for name, value in found.items() if name.isupper()}


def _plain_repr(value, depth: int = 0) -> str:
    """repr of plain data (text, numbers, lists, dicts of them), the same in every run: a set's items and a dict's
    keys sorted (their order follows the run's hash seed); another object by its repr, or its type where the repr
    holds an address (a function's); past 50 levels (a list holding itself), a mark."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return repr(value)
    if depth > 50:
        return "<deep>"
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_plain_repr(item, depth + 1) for item in value]
        return f"{type(value).__name__}[{', '.join(sorted(items) if isinstance(value, (set, frozenset)) else items)}]"
    if isinstance(value, dict):
        items = sorted(f"{_plain_repr(k, depth + 1)}: {_plain_repr(v, depth + 1)}" for k, v in value.items())
        return "{" + ", ".join(items) + "}"
    shown = repr(value)  # a date, a path, a pattern say what they are; a function or a plain object its address
    return shown if " at 0x" not in shown else f"<{type(value).__module__}.{type(value).__qualname__}>"


def site_folders(here: Path, values: dict) -> list[Path]:
    """The folders besides the fact sheets whose files a build reads, by the settings' values (settings_values) and
    the settings file's folder: the theme (THEME), the content pages (PATH), then each folder of
    THEME_TEMPLATES_OVERRIDES that exists (Pelican looks there for its pages' templates first: an edit there was
    called up to date, a tester)."""
    overrides = values.get("THEME_TEMPLATES_OVERRIDES")
    named = [(here / value).resolve() for value in (overrides if isinstance(overrides, (list, tuple)) else ())
             if isinstance(value, str) and value]
    return [_folder_named(here, values.get("THEME"), "theme"), _folder_named(here, values.get("PATH"), "content"),
            *dict.fromkeys(folder for folder in named if folder.is_dir())]


def _folder_named(here: Path, value, default: str) -> Path:
    """The folder a setting names (THEME, PATH), relative to the settings file's folder as Pelican takes it."""
    return (here / value).resolve() if isinstance(value, str) and value else here / default


def theme_files(theme: Path) -> list[Path]:
    """files_under a theme folder, when it is one (it holds `templates/`): `THEME = "/"` walked the whole disk."""
    return files_under(theme) if (theme / "templates").is_dir() else []


def read_manifest(output: str | None) -> Manifest | None:
    """The manifest of the site in output, or None (also when this user's briefkit did not write it).

    An output folder can come from elsewhere (committed to the repository, copied
    from another machine); trusting its manifest would publish its pages unchecked,
    so the manifest carries an HMAC made with the key of cache.py (SECURITY.md).
    """
    if not output:
        return None
    path = os.path.join(output, MANIFEST_NAME)
    try:
        info = os.stat(path)
    except OSError:
        return None
    version = (path, info.st_mtime_ns, info.st_size, info.st_ino)
    if _written.get(path, (None,))[0] == version:
        return _written[path][1]
    return _read_manifest(*version)


_written: dict[str, tuple[tuple, Manifest]] = {}  # manifest path -> (its file's version, what this process wrote)


def remember(output: str, manifest: Manifest) -> None:
    """Keep the manifest just published in output, so this process (make serve) need not read it back."""
    path = os.path.join(output, MANIFEST_NAME)
    try:
        info = os.stat(path)
    except OSError:
        return
    _written.clear()
    _written[path] = ((path, info.st_mtime_ns, info.st_size, info.st_ino), manifest)


@lru_cache(maxsize=4)
def _read_manifest(path: str, mtime_ns: int, size: int, inode: int) -> Manifest | None:
    """read_manifest, once per version of the file (a build asks several times)."""
    try:
        blob = cache.read_regular(path)  # a planted link to /dev/zero is not read
        if blob is None:
            return None
        mac, body = cache.split_mac_line(blob)
        if not cache.signed_here(mac, body):
            return None  # never unmarshalled: marshal trusts its input
        size = int.from_bytes(body[:_SIZE_BYTES], "big")
        if not _SIZE_BYTES + size < len(body):
            return None
        data = marshal.loads(body[_SIZE_BYTES : _SIZE_BYTES + size])
        data.update(marshal.loads(body[_SIZE_BYTES + size :]))
        if data.pop("format") != _FORMAT:
            return None
        data["pages"] = _Numbering(data.pop("tokens"), data["pages"]).lists
        return Manifest(**data)
    except (OSError, EOFError, ValueError, TypeError, AttributeError, KeyError, IndexError, UnicodeDecodeError):
        return None


def write_manifest(folder: str, manifest: Manifest, bulk: Bulk | None = None) -> None:
    """Store the manifest in a (staging) output folder: its HMAC on the first line, then the data in marshal's format.

    marshal, not JSON: a tenth of the time to write and half to read at 10,000 pages, and
    read only by this code after its HMAC matched. Version 2 of marshal's format, which never
    shares objects, and every table in sorted order: equal manifests give equal bytes.
    Page tokens are numbered in one table, which keeps the file small. The data comes in two
    parts, each a dict, the first after its length in 8 bytes: the bulk (prepare_manifest, which
    a build makes while its background processes finish) and the rest (their files and feeds).
    """
    bulk = bulk or prepare_manifest(manifest)
    data = {f.name: _canonical(getattr(manifest, f.name)) for f in fields(Manifest) if f.name not in _BULK}
    data["format"] = _FORMAT
    rest = marshal.dumps({key: data[key] for key in sorted(data)}, 2)
    mac = bulk.mac.copy()
    mac.update(rest)
    with open(os.path.join(folder, MANIFEST_NAME), "wb") as handle:
        handle.writelines((mac.hexdigest().encode("ascii") + b"\n", bulk.head, rest))  # not joined: 16 MB copied less


_BULK = ("derived", "entities", "pages")  # the manifest's fields that prepare_manifest writes
_SIZE_BYTES = 8


@dataclass
class Bulk:
    """The first part of a manifest's file (prepare_manifest), and the HMAC begun over it."""

    head: bytes
    mac: cache.Signing


def prepare_manifest(manifest: Manifest) -> Bulk:
    """The bulk of a manifest's file, from its entities, pages and derived facts: its length, then the data."""
    data = {"derived": _canonical(manifest.derived),
            "entities": {key: manifest.entities[key] for key in sorted(manifest.entities)}}  # rows are strings
    data["tokens"], data["pages"] = _numbered(manifest.pages)
    body = marshal.dumps({key: data[key] for key in sorted(data)}, 2)
    head = len(body).to_bytes(_SIZE_BYTES, "big") + body
    return Bulk(head, cache.signing(head))


def _canonical(value):
    """Plain data with every dict in key order and every tuple a list (as a manifest is written)."""
    if type(value) is dict:
        return {key: _canonical(value[key]) for key in sorted(value)}
    if isinstance(value, (list, tuple)):
        return [_canonical(item) for item in value]
    return value


def _numbered(pages: dict[str, list[str]]) -> tuple[list[str], dict[str, list[int]]]:
    """The token table and each page's token numbers: tokens numbered by first use over the sorted pages.

    A fixed order (same pages, same bytes) makes an incremental build's manifest that of a clean build.
    """
    order = sorted(pages)
    same = _Numbering.of(pages)
    if same is not None:  # the pages read what the manifest read said: so is their numbering
        return same.tokens, {page: same.numbers[page] for page in order}
    numbers: dict[str, int] = {}
    numbered = {page: [numbers.setdefault(t, len(numbers)) for t in pages[page]] for page in order}
    return list(numbers), numbered


class _Tokens(list):
    """A page's tokens as read from a manifest (never changed afterwards), knowing their numbering."""

    __slots__ = ("numbering",)


class _Numbering:
    """The numbered page tokens of a manifest read: renumbering 10,000 pages costs a quarter second,
    and an incremental build keeps nearly every page's tokens (the very lists read) as they were."""

    def __init__(self, tokens: list[str], numbers: dict[str, list[int]]):
        self.tokens, self.numbers, self.lists = tokens, numbers, {}
        for page, used in numbers.items():
            self.lists[page] = listed = _Tokens(map(tokens.__getitem__, used))
            listed.numbering = self

    @classmethod
    def of(cls, pages: dict[str, list[str]]) -> _Numbering | None:
        """The numbering read whose pages are exactly these with these tokens, or None."""
        numbering = next((t.numbering for t in pages.values() if type(t) is _Tokens), None)
        if numbering is None or len(pages) != len(numbering.lists):
            return None
        for page, tokens in pages.items():
            read = numbering.lists.get(page)
            if read is not tokens and read != tokens:
                return None  # another page, or one that read something else: the numbers may shift
        return numbering


def summary(project, pages: dict[str, int]) -> dict:
    """What a no-op build reports again: counts and problems."""
    return {"entities": {kind: len(items) for kind, items in project.by_kind.items()},
            "pages": {kind: count for kind, count in pages.items() if not kind.startswith("_")},
            "problems": [[p.path, p.line, p.column, p.message, p.severity] for p in project.problems]}


def entity_table(project) -> dict[str, str]:
    """The manifest's entity table: id -> entity_entry(kind, digest, referred ids, head, claims, links digests).

    The links digest covers how the entity refers to others (each relation and target) and its place
    in the corpus (backlink lists follow it): when it changes, the backlinks of every id referred to are dirty.
    """
    forward, table, links = project.forward, {}, None
    for place, entity in enumerate(project.entities.values()):
        # the head, claims and links digests come made with the entity (validate.py, cached per file)
        head, claims = (entity.head_digest, entity.claims_digest) if entity.head_digest else part_digests(entity)
        if not entity.links_digest and links is None:  # an entity made elsewhere (tests): from the backlinks
            links = _links_by_source(project)
        own = entity.links_digest or links_digest(links.get(entity.id, ()))
        table[entity.id] = entity_entry(entity.kind, entity.digest, sorted(forward.get(entity.id, ())), head, claims,
                                        f"{place}:{own}")
    return table


def shape_digest(table: dict[str, str]) -> str:
    """A digest of every entity's id, kind, head and links (its references and place) in an entity table: what the
    whole-corpus facts of navigation.derived_tokens are made from. Its Markdown texts and claims are left out."""
    digest = hashlib.blake2b(digest_size=16)
    for entity_id, entry in table.items():
        kind, _, head, _, links, *_ = entry.split(" ", 5)
        digest.update(f"{entity_id} {kind} {head} {links}\n".encode())
    return digest.hexdigest()


def entity_entry(kind: str, digest: str, refers: list[str], head: str, claims: str, links: str) -> str:
    """One row of the entity table: the fields joined by spaces, referred ids last (no field holds a space).

    A string, not a list: JSON writes and reads 12,500 strings far faster than as many lists,
    and an unchanged row is one comparison (dirty_tokens).
    """
    return " ".join((kind, digest, head, claims, links, *refers))


def _fields(entry: str | None) -> list | None:
    """[kind, digest, referred ids, head, claims, links] of an entity_entry (None for None)."""
    if entry is None:
        return None
    kind, digest, head, claims, links, *refers = entry.split(" ")
    return [kind, digest, refers, head, claims, links]


def _links_by_source(project) -> dict[str, list]:
    """For each entity, its resolved references (from the backlinks; unsorted)."""
    links: dict[str, list] = {}
    for groups in project.backlinks.values():
        for refs in groups.values():
            for ref in refs:
                links.setdefault(ref.source, []).append(ref)
    return links


def dirty_tokens(old: dict[str, str], new: dict[str, str], old_derived: dict | None = None,
                 new_derived: dict | None = None) -> set[str]:
    """Tokens whose pages must be rendered again, from two entity tables and two sets of derived facts."""
    old_derived, new_derived = old_derived or {}, new_derived or {}
    dirty = {t for t in old_derived.keys() | new_derived.keys() if old_derived.get(t) != new_derived.get(t)}
    for entity_id in old.keys() | new.keys():
        before, after = old.get(entity_id), new.get(entity_id)
        if before == after:
            continue
        before, after = _fields(before), _fields(after)
        if before is not None and after is not None and before[:3] == after[:3]:
            continue
        dirty.add(entity_id)
        both = before is not None and after is not None and before[0] == after[0]
        if not both or before[3] != after[3]:  # appeared, vanished, changed kind or head: the listings change
            dirty.add(head_token(entity_id))
            dirty.update(kind_token(entry[0]) for entry in (before, after) if entry is not None)
        if not both or before[4] != after[4]:
            dirty.add(claims_token(entity_id))
        if not both or before[5] != after[5]:  # its references or its place changed: so do others' backlinks
            for entry in (before, after):
                if entry is not None:
                    dirty.update(backlinks_token(target) for target in entry[2])
    return dirty


def reuse(previous_output: str, staging: str, save_as: str) -> bool:
    """Hard-link (or copy) an unchanged page from the previous output into staging."""
    source = os.path.join(previous_output, save_as)
    target = os.path.join(staging, save_as)
    if not present(previous_output, save_as):
        return False
    os.makedirs(os.path.dirname(target), exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
    return True


def present(previous_output: str, save_as: str) -> bool:
    """True when the previous output has save_as as a regular file (kept where it is by an in-place build)."""
    try:  # one lstat: a regular file, not a link (what isfile and not islink say, with half the calls)
        return stat.S_ISREG(os.lstat(os.path.join(previous_output, save_as)).st_mode)
    except (OSError, ValueError):
        return False


def missing_files(output: str, manifest: Manifest) -> frozenset[str]:
    """The files a manifest lists (its pages and others) that are not regular files in output (see present)."""
    return frozenset(path for files in (manifest.pages, manifest.others) for path in files if not present(output, path))


@dataclass
class Presence:
    """missing_files of a manifest, being found in a background process (build.py) for the plugin's `keep`."""

    manifest: Manifest
    finder: Background  # its result: missing_files(output, manifest)

    def missing(self, manifest: Manifest | None) -> Missing | None:
        """The missing files of manifest, when it is the one they were found for; else None (look each up)."""
        if manifest is None or manifest is not self.manifest:
            return None
        try:
            return Missing(manifest, self.finder.result())
        except Exception:  # noqa: BLE001 - the process died or failed: each file is looked up, as without it
            return None


class Missing:
    """Which of a manifest's files the output lacks, as a Presence found them."""

    def __init__(self, manifest: Manifest, files: frozenset[str]):
        self.manifest, self.files, self._others = manifest, files, None

    def knows(self, path: str) -> bool:
        """True when path is one of the manifest's files (whose presence was looked up)."""
        if path in self.manifest.pages:
            return True
        if self._others is None:
            self._others = frozenset(self.manifest.others)
        return path in self._others


def files_in(folder: str) -> list[str]:
    """Every file below folder, relative to it (os.walk never follows links)."""
    return [os.path.relpath(os.path.join(parent, name), folder)
            for parent, _subfolders, names in os.walk(folder) for name in names]


def other_files(folder: str, pages: dict, kept: list[str]) -> list[str]:
    """Every file in folder that is not a page or the manifest, with the kept files (not in folder): sorted."""
    found = set(kept).union(files_in(folder))
    found.difference_update(pages)
    found.discard(MANIFEST_NAME)
    return sorted(found)
