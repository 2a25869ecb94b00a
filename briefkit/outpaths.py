"""Where pages go: every output file proven inside the output folder, one writer per file.

Checked once, on the whole page plan, before anything is written (the plugin
calls `plan_problems` from `generate_context`, so even Pelican's own pages are
not written yet). Ids are validated long before a path is made from them; this
is the second line of defence, and the one place that decides.

Containment is decided on real paths by whole path components
(`os.path.commonpath`), never by string prefix: `/site-evil` is not inside
`/site`, and a symbolic link already in the folder cannot lead out of it.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable

from . import model as m
from .problems import Problem, display_path, escaped_name

_ID = re.compile(m.ID_REGEX)
_LISTINGS = {"home": "the home page", "timeline": "the timeline", "sources": "the sources page"}
PELICAN_LISTS = ("pages", "hidden_pages", "draft_pages", "articles", "drafts")


_MISSING = object()  # key of `known` (see real_path) holding the real paths found not to exist


def inside(path: str, folder: str, known: dict | None = None) -> bool:
    """True when path, once resolved, is folder or below it (folder given as a real path)."""
    return within(real_path(path, {} if known is None else known), folder)


def within(real: str, folder: str) -> bool:
    """True when the real path real is folder or below it, by whole path components."""
    if real.startswith(folder.rstrip(os.sep) + os.sep):  # real paths hold no `.`, `..` or `//`: below folder
        return True
    return os.path.commonpath([real, folder]) == folder


def real_path(path: str, known: dict) -> str:
    """os.path.realpath, with the real paths of folders remembered in `known`.

    A plan's pages share their folders; resolving each folder once instead of
    every component of every page saves tens of thousands of `lstat` calls.
    A path found missing is remembered too: nothing below it exists, so nothing
    below it is a link (as realpath finds), and a fresh output folder costs no
    `lstat` per page at all.
    """
    folder, name = os.path.split(path)
    if not name or name in (".", "..") or folder == path:
        return os.path.realpath(path)
    real_folder = known.get(folder)
    if real_folder is None:
        real_folder = known[folder] = real_path(folder, known)
    joined = os.path.join(real_folder, name)
    missing = known.setdefault(_MISSING, set())
    if real_folder in missing:
        missing.add(joined)
        return joined
    try:
        is_link = stat.S_ISLNK(os.lstat(joined).st_mode)
    except FileNotFoundError:
        missing.add(joined)
        return joined
    except (OSError, ValueError):  # as os.path.islink: not a link
        return joined
    return os.path.realpath(joined) if is_link else joined


def plan_problems(specs, output: str, project, context: dict | None = None, clean=None,
                  empty: bool | None = None, reserved: tuple[str, ...] = ()) -> list[Problem]:
    """Problems with the page plan: an id unfit for a path, a page outside output, two pages on one file.

    specs are `views.PageSpec`s; context is Pelican's, whose content pages
    (`pages`, `hidden_pages`, …) are checked against ours. clean: the pages of a
    plan found clean before (the last build's manifest): under an empty folder,
    specs with exactly those pages need no check again, only the content pages do.
    empty: whether output was empty (is_empty) before anything but regular files
    was written into it; found here when not given. reserved: the files and folders the
    build writes besides pages (theme files, feeds, downloads, search index): no content
    page may be written to one or inside one.
    """
    global _clean_plan
    real_output = os.path.realpath(output)
    empty = is_empty(real_output) if empty is None else empty
    context = context or {}
    # Under an empty folder the answer depends on the paths and ids alone: a plan found clean
    # there is clean again (`make serve` plans the same pages after nearly every edit).
    plan_key = (tuple(specs), tuple(_content_pages(context))) if empty else None
    if plan_key is not None and plan_key == _clean_plan:
        return []
    taken = _reserved_problems(context, reserved)  # said with the pages' other problems: all at once (a tester)
    if not taken and empty and clean is not None and len(specs) == len(clean) and all(s.save_as in clean for s in specs):
        if not _problems(_content_only(context), real_output, empty, dict.fromkeys(clean, ("", "", 1, 1))):
            return []  # else checked again in full below, for messages that name both pages
    problems = taken + _problems(_pages(specs, project, context), real_output, empty, {})
    if plan_key is not None and not problems:
        _clean_plan = plan_key
    return problems


def _problems(pages, real_output: str, empty: bool, owners: dict) -> list[Problem]:
    """plan_problems of (save_as, name, place) items, given the pages already placed: owners (path -> name, place)."""
    known: dict = {real_output: real_output}  # see real_path
    problems: list[Problem] = []
    for save_as, name, place in pages:
        if name is None:  # an entity page whose id is not an id: never build a path from it
            problems.append(Problem(*place, f"{save_as}: not a valid id; no page is made from it"))
            continue
        if os.path.isabs(save_as) or not (_lexically_inside(save_as) if empty else
                                          _strictly_inside(os.path.join(real_output, save_as), real_output, known)):
            problems.append(Problem(*place, f"{name} would be written to `{save_as}`, outside the output folder; refused"))
            continue
        key = os.path.normpath(save_as)
        first = owners.get(key.casefold())  # one file on a disk that ignores case (macOS, Windows): `Actors/`, `actors/`
        if first is None:
            owners[key.casefold()] = (name, *place)
            continue
        where = place if place[0] else first[1:]
        problems.append(Problem(*where, f"{name} and {first[0]} would both be written to `{key}`; "
                                        f"give one of them another id or slug"))
    return problems + _file_folder_problems(owners)


def _file_folder_problems(owners: dict) -> list[Problem]:
    """Pages that would be written inside another page's file (`Slug: index.html` makes `index.html/index.html`,
    where the home page is a file): publishing would fail half-way."""
    problems = []
    for key, (name, *place) in owners.items():
        parts = key.split(os.sep)
        for end in range(1, len(parts)):
            owner = owners.get(os.sep.join(parts[:end]))
            if owner is not None:
                where = place if place[0] else owner[1:]
                problems.append(Problem(*where, f"{name} would be written inside `{os.sep.join(parts[:end])}`, the file "
                                                f"of {owner[0]}; give one of them another id or slug"))
                break
    return problems


_clean_plan: tuple | None = None  # (specs, content pages) of the last plan found clean under an empty folder


def _reserved_problems(context: dict, reserved: tuple[str, ...]) -> list[Problem]:
    """Content pages that would be written to, or inside, a file or folder the build writes itself (Pelican would
    publish a stylesheet as a folder, or fail on a path in the staging folder)."""
    problems = []
    for save_as, source in _content_pages(context):
        path = os.path.normpath(save_as).replace(os.sep, "/")
        folded = path.casefold()  # `Pagefind/pagefind.js` is the search script on a disk that ignores case
        for name in reserved:
            if folded == name.casefold() or folded.startswith(name.casefold() + "/"):
                name_of = f"content page `{display_path(source) if source else save_as}`"
                problems.append(Problem(source or save_as, 1, 1, f"{name_of} would be written to `{path}`, where the "
                                                                f"build writes `{name}` itself; give it another slug"))
                break
    return problems


def static_problems(context: dict, pages: Iterable[str], reserved: tuple[str, ...]) -> list[Problem]:
    """Static files (STATIC_PATHS, EXTRA_PATH_METADATA) that lead outside the content folder, or that Pelican would
    copy over a page, onto or inside a file or folder the build writes itself, or in a page's folder's place: copied
    last, one replaced the open data's `incidents.csv`, `robots.txt` or an entity page without a word, where a
    content page there is an error (a tester)."""
    if not context.get("staticfiles"):  # most sites: no set of ten thousand pages to make per build
        return []
    pages = {os.path.normpath(page).replace(os.sep, "/").casefold() for page in pages}
    pages |= {os.path.normpath(save_as).replace(os.sep, "/").casefold() for save_as, _ in _content_pages(context)}
    folders = {folder for page in pages for folder in _parents(page)}
    problems = []
    content = os.path.realpath(context.get("PATH") or ".")
    for item in context.get("staticfiles") or ():
        save_as, source = getattr(item, "save_as", "") or "", getattr(item, "source_path", "") or ""
        if source and source != escaped_name(source):  # published as it was, with no word (a reviewer)
            problems.append(Problem(escaped_name(source), 1, 1, "the file name is not UTF-8; rename the file"))
            continue
        if source and not within(os.path.realpath(source), content):  # a link to a file of the machine (a tester)
            problems.append(Problem(source, 1, 1, "static file outside the content folder (through a symbolic link, "
                                                  "`..` or a STATIC_PATHS folder outside it), and the site publishes "
                                                  "only the content folder's files; refused"))
            continue
        runs = _runnable(source)
        if runs is not None:  # `{attach}evil.html` ran its script on the site's own address (a tester)
            problems.append(Problem(source, 1, 1, f"static file `{display_path(source)}` {runs}; refused"))
            continue
        path = os.path.normpath(save_as).replace(os.sep, "/")
        if save_as and (os.path.isabs(save_as) or path == ".." or path.startswith("../")):
            # Pelican copies it there: EXTRA_PATH_METADATA's `save_as: /tmp/x` wrote outside the output (a tester)
            problems.append(Problem(source or save_as, 1, 1, f"static file `{display_path(source) if source else save_as}` "
                                                             f"would be copied to `{save_as}`, outside the site; give "
                                                             "it a path inside the site in EXTRA_PATH_METADATA"))
            continue
        taken = _taken(path.casefold(), reserved, pages, folders) if save_as else None
        if taken is not None:
            name = display_path(source) if source else save_as
            problems.append(Problem(source or save_as, 1, 1, f"static file `{name}` would be copied to `{path}`, where "
                                                             f"the build writes {taken} itself; move or rename it (or "
                                                             "its EXTRA_PATH_METADATA path)"))
    return problems


_PAGE_SUFFIXES = (".html", ".htm", ".xhtml", ".xht", ".shtml", ".mht", ".mhtml")  # a web page, scripts and all
_MARKUP_SUFFIXES = (".svg", ".svgz", ".xml", ".xsl", ".xslt")  # pictures and data that may hold script
# What makes a picture or data file run script or load from another host: script, event handlers, javascript: links,
# embedded HTML, a stylesheet that turns XML into a page, and addresses of other hosts
# An element may be written with a namespace prefix (`<s:script>`: a reviewer)
# (`<foreignObject>` alone is no such thing: Illustrator's exports hold one; what HTML in it would do is matched by
# the rest), and an event handler is one of a browser's, in a tag (`onset=` in data, "onset = 15 April" in a label:
# reviewers)
_RUNS = re.compile(r"<(?:[\w.-]+:)?(?:script|iframe|embed|object)\b|<\?xml-stylesheet"
                   r"|<[^>]*\son(?:abort|activate|animation\w*|auxclick|begin|beforeunload|blur|cancel|canplay\w*|change"
                   r"|click|close|contextmenu|copy|cut|dblclick|drag\w*|drop|durationchange|emptied|end|ended|error|focus\w*"
                   r"|hashchange|input|invalid|key\w*|load\w*|message|mouse\w*|paste|pause|play\w*|pointer\w*|popstate"
                   r"|progress|ratechange|repeat|reset|resize|scroll|seek\w*|select|show|stalled|storage|submit|suspend"
                   r"|timeupdate|toggle|touch\w*|transition\w*|unload|volumechange|waiting|wheel|zoom)\s*="
                   r"|javascript:|\b(?:href|src)\s*=\s*[\"']?\s*(?:[a-z][a-z0-9+.-]*:)?//"
                   r"|url\(\s*[\"']?\s*(?:[a-z][a-z0-9+.-]*:)?//|@import", re.IGNORECASE)
_MARKUP_MAX = 16 * 1024 * 1024


def _runnable(source: str) -> str | None:
    """How a static file would run script or load from another host when a browser opens it, on the site's own
    address, where the pages' Content-Security-Policy does not hold (a web page; an SVG or XML file holding script
    or another host's address), in words; else None. SVG and XML are read (up to 16 MiB); other files are not."""
    lower = source.lower()
    if lower.endswith(_PAGE_SUFFIXES):
        return ("is a web page, which a browser would show with its scripts on the site's own address, where the "
                "pages' Content-Security-Policy does not hold: write it as a Markdown content page")
    if not lower.endswith(_MARKUP_SUFFIXES):
        return None
    try:
        with open(source, "rb") as handle:
            data = handle.read(_MARKUP_MAX + 1)
    except OSError:
        return None  # Pelican says it cannot copy it
    text = _markup_text(data)
    if lower.endswith(".svgz") or len(data) > _MARKUP_MAX or text is None:
        return ("cannot be checked for script (it is compressed, over 16 MiB, or neither UTF-8 nor UTF-16): save it "
                "as a plain UTF-8 file, smaller")
    found = _RUNS.search(text)
    if found is None:
        return None
    return (f"holds `{found.group().strip()}`: opened, it would run script or load from another host on the site's own "
            "address, where the pages' Content-Security-Policy does not hold")


def _markup_text(data: bytes) -> str | None:
    """An SVG or XML file's text, in UTF-8 or, by its byte-order mark or NUL bytes, UTF-16 (a script in a UTF-16 file
    passed unseen: a reviewer); None for other encodings."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        encoding = "utf-16"
    elif b"\0" in data[:64]:  # no mark: the order of its bytes by where the NULs are (`<` is 00 3C or 3C 00)
        encoding = "utf-16-be" if data[:1] == b"\0" else "utf-16-le"
    else:
        encoding = "utf-8-sig"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _taken(folded: str, reserved: tuple[str, ...], pages: set[str], folders: set[str]) -> str | None:
    """What the build writes where a path (casefolded: on a disk that ignores case, `Robots.txt` is `robots.txt`)
    would go, in words, or None."""
    for name in reserved:
        if folded == name.casefold() or folded.startswith(name.casefold() + "/"):
            return f"`{name}`"
    if folded in pages or folded in folders or any(parent in pages for parent in _parents(folded)):
        return "a page there"
    return None


def _parents(path: str) -> list[str]:
    """The folders a relative path lies in: `a/b/c.html` lies in `a` and `a/b`."""
    parts = path.split("/")[:-1]
    return ["/".join(parts[: n + 1]) for n in range(len(parts))]


def content_items(context: dict) -> Iterable:
    """Each of Pelican's content pages once: those of its lists, and their translations (`Lang: fr`), which are in
    none (but a page of the same slug and language is a translation too, and in a list)."""
    seen = set()
    for key in PELICAN_LISTS:
        for item in context.get(key) or ():
            for each in (item, *(getattr(item, "translations", None) or ())):
                if id(each) not in seen:
                    seen.add(id(each))
                    yield each


def sort_translations(context: dict) -> None:
    """Put each content page's translations in the order of their language tags: Pelican lists them in the order it
    read the files, which follows a set's order and changed from run to run ("Also in: Français, العربية" or the
    other way round: a tester found two clean builds that differed)."""
    for item in content_items(context):
        translations = getattr(item, "translations", None)
        if translations:
            translations.sort(key=lambda page: (str(getattr(page, "lang", "")), str(getattr(page, "source_path", ""))))


def published_pages(context: dict) -> list:
    """Pelican's published content pages and their translations (`Lang: ar` of about/), which are in no list: the
    pages the sitemap and the search index hold (a translation had been in neither, reached by no link, a tester).
    Not a page with an empty `Save_as:`, Pelican's way to write none (its search document's path was a folder's:
    the build failed, naming no page, a tester)."""
    found: dict[int, object] = {}
    for page in context.get("pages") or ():
        for each in (page, *(getattr(page, "translations", None) or ())):
            if getattr(each, "status", "published") == "published" and getattr(each, "save_as", "x"):
                found.setdefault(id(each), each)
    return list(found.values())


def _content_pages(context: dict) -> Iterable[tuple[str, str]]:
    """(save_as, source path or "") of each of Pelican's content pages that is written."""
    for item in content_items(context):
        save_as = getattr(item, "save_as", "")
        if save_as:
            yield save_as, getattr(item, "source_path", "") or ""


def is_empty(folder: str) -> bool:
    """True when folder is missing or holds nothing (a build's fresh staging folder)."""
    try:
        with os.scandir(folder) as entries:
            return next(entries, None) is None
    except FileNotFoundError:
        return True
    except OSError:
        return False


def _lexically_inside(save_as: str) -> bool:
    """_strictly_inside for a relative path under an empty output folder, from the path alone.

    Nothing below an empty folder is a link, so a path that never leaves the folder
    lexically (its normal form names no `..` at the top) is inside it. One that does is
    refused even if a link outside would lead it back in: that is the safe side.
    """
    norm = os.path.normpath(save_as)
    return norm != "." and norm != ".." and not norm.startswith("../")


def _strictly_inside(path: str, real_output: str, known: dict) -> bool:
    """True when path, once resolved, is below the real output folder (not the folder itself)."""
    real = real_path(path, known)
    return real != real_output and within(real, real_output)


def _pages(specs, project, context: dict) -> Iterable[tuple[str, str | None, tuple[str, int, int]]]:
    """(save_as, name or None when the id is bad, (path, line, column)) of every page to write."""
    for spec in specs:
        if spec.kind in m.PAGE_KINDS:
            entity = project.entities.get(spec.key)
            place = (entity.path, entity.line, entity.column) if entity else ("", 1, 1)
            if not (isinstance(spec.key, str) and _ID.fullmatch(spec.key) and len(spec.key) <= m.ID_MAX):
                yield repr(spec.key), None, place
                continue
            yield spec.save_as, f"{spec.kind} `{spec.key}`", place
        elif spec.kind == "index":
            yield spec.save_as, f"the {m.PLURALS.get(spec.key, spec.key)} index", ("", 1, 1)
        else:
            yield spec.save_as, _LISTINGS.get(spec.kind, f"the {spec.kind} page"), ("", 1, 1)
    yield from _content_only(context)


def _content_only(context: dict) -> Iterable[tuple[str, str, tuple[str, int, int]]]:
    """_pages of Pelican's content pages alone."""
    for save_as, source in _content_pages(context):
        yield save_as, f"content page `{display_path(source) if source else save_as}`", (source, 1, 1)


# What marks a folder as a site this tool published: its manifest, or (make serve publishes its pages before
# the manifest, which a stop in between leaves out) its home page, when this tool made it (its generator tag: any
# index.html let a build replace a folder of another site, a tester's files with it).
_MANIFEST, _HOME, GENERATOR_TAG = ".briefkit-manifest", "index.html", b'<meta name="generator" content="briefkit">'


def built_here(folder: str) -> bool:
    """True when folder holds a site this tool published (its manifest, or a home page of its making)."""
    if os.path.lexists(os.path.join(folder, _MANIFEST)):
        return True
    try:
        fd = os.open(os.path.join(folder, _HOME), os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
    except OSError:
        return False
    try:
        return stat.S_ISREG(os.fstat(fd).st_mode) and GENERATOR_TAG in os.read(fd, 4096)
    except OSError:
        return False
    finally:
        os.close(fd)


def output_problems(output: str, briefings: str, settings_file: str) -> list[Problem]:
    """Problems with the output folder itself, found before anything is written.

    A build replaces the whole output folder, so it must never be, or hold, what the
    build reads (the fact sheets, the settings file, the theme and content folders, the
    folder it runs in), an existing folder must be empty or a site published here, and
    whatever else is at its path (a file, a device such as /dev/null) is never replaced.
    """
    try:
        os.fsencode(os.path.abspath(output)).decode("utf-8")
    except UnicodeDecodeError:  # Pagefind refuses such paths, after the whole site was made
        return [Problem(output, 1, 1, "the output path is not UTF-8 (in its name or a folder above it); choose or "
                                      "rename a folder whose path is")]
    from pathlib import Path

    from .incremental import settings_values, site_folders

    real_output = os.path.realpath(output)
    # where the settings put them (THEME, PATH): a content folder set inside the output was read, then swapped away
    # with the old site (a tester)
    theme, content, *_ = site_folders(Path(settings_file).resolve().parent, settings_values(settings_file))
    inputs = {"the fact-sheet folder": briefings, "the settings file": settings_file, "the current folder": ".",
              "the theme": str(theme), "the content folder": str(content)}
    for what, path in inputs.items():
        if os.path.exists(path) and within(os.path.realpath(path), real_output):
            return [Problem(output, 1, 1, f"the output folder is or holds {what} (`{display_path(path)}`), which "
                                          "a build would replace; choose another output folder")]
    # Pelican copies the theme's files and reads the content's pages; the sheets' folder is walked by every check,
    # and `make serve` watched its own site there, building once more after each publish (a tester).
    for what in ("the theme", "the content folder", "the fact-sheet folder"):
        path = inputs[what]
        if what == "the theme" and not os.path.isdir(os.path.join(path, "templates")):
            continue  # no theme (`THEME = "/"`): said as such by the build, not as holding every folder
        if os.path.isdir(path) and within(real_output, os.path.realpath(path)):
            return [Problem(output, 1, 1, f"the output folder lies inside {what} (`{display_path(path)}`), which a "
                                          "build reads: the site would copy or read itself; choose an output folder "
                                          "outside it")]
    if os.path.islink(output) and not os.path.exists(output):  # it would fail only once the site is made
        return [Problem(output, 1, 1, f"the output path is a symbolic link to `{os.readlink(output)}`, which does not "
                                      "exist; make that folder, or choose another output path")]
    if os.path.lexists(real_output) and not os.path.isdir(real_output):  # a file, a device (/dev/null), a pipe…
        return [Problem(output, 1, 1, "the output path is not a folder; a build would replace it: "
                                      "choose a folder, or a path where none is yet")]
    if os.path.isdir(real_output) and not built_here(real_output):
        try:
            with os.scandir(real_output) as entries:
                holds = next(entries, None) is not None
        except OSError:
            holds = False  # unreadable: the build reports it when it writes
        if holds:
            return [Problem(output, 1, 1, "the output folder holds files but no site built here (no manifest, and "
                                          "no home page of this tool's making); a build would replace them all: "
                                          "empty it or choose another folder")]
    return []
