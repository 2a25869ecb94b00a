"""The settings file checked: each setting a build cannot use is a problem at its line, as in a fact sheet.

BRIEFKIT's own settings are one namespaced dict merged over DEFAULTS; Pelican's own settings are checked where the
theme or the build depends on them. Nothing here imports Pelican (plugin.py reads the file with it).
"""

from __future__ import annotations

import ast
import os
import re
import zoneinfo
from functools import lru_cache
from pathlib import Path

from . import incremental, search, seo
from .outpaths import within
from .load import MAX_FOLDER_DEPTH
from .problems import WARNING, Problem, display_path, escaped_name
from .suggest import closest, did_you_mean
from .validate import _OPENERS, _open_runs, _url_problem, language_tag_problem

DEFAULTS = {
    "briefings": "briefings",  # fact-sheet folder, relative to the settings file
    "jobs": 0,  # render processes; 0 = one per core
    "site_description": "",
    "data_license": "CC BY 4.0",  # licence of the downloads and feeds (shown on /data/)
    "data_license_url": "https://creativecommons.org/licenses/by/4.0/",
    "feed_entries": 50,  # entries per Atom feed, newest first
    "repo_url": "",  # the forge's address (https://github.com/org/repo): pages link to each file's history and editor
    "repo_branch": "main",  # the branch those links name
    "search_shard_size": search.SHARD_SIZE,  # documents per search index; an edit re-indexes one index
}



def options(settings: dict) -> dict:
    """BRIEFKIT settings merged over DEFAULTS (an unknown key is a problem at its line: settings_problems)."""
    given = settings.get("BRIEFKIT", {}) or {}
    return {**DEFAULTS, **{k: v for k, v in given.items() if k in DEFAULTS}}



def text_settings_problems(settings_file: str) -> list[Problem]:
    """The settings Pelican reads as text when they are not (it stops with an AttributeError), at their lines."""
    values, text, found = incremental.settings_values(settings_file), _text_of(settings_file), []
    if not isinstance(values.get("SITEURL", ""), str):  # None too (`os.environ.get("SITEURL")` unset, a tester)
        found += _site_problems({"SITEURL": values["SITEURL"], "SITENAME": "-"}, settings_file)
    found += _shape_problems(values)
    if not isinstance(values.get("DEFAULT_LANG", "en"), str):
        found.append(("DEFAULT_LANG", language_tag_problem("DEFAULT_LANG", values["DEFAULT_LANG"])))
    return [Problem(settings_file, *_line_of(text, name, _held(values, name)), *said) for name, *said in found]


PLUGIN = "briefkit.plugin"  # the module PLUGINS must name: it registers the generator
_WHOLE = {"jobs": 0, "feed_entries": 1, "search_shard_size": 1}  # BRIEFKIT's whole-number settings and their least
# BRIEFKIT's text settings: an example, and whether empty is refused (a link to no branch, a licence with no name, a
# fact-sheet folder: `""` fell back to ./briefings of the working folder without a word, a tester)
_TEXT = {"briefings": ("briefings", True), "site_description": ("Briefings on the conflicts in …", False),
         "repo_branch": ("main", True), "data_license": ("CC BY 4.0", True)}
# BRIEFKIT's addresses: an example of each, and whether it may be empty (the data's licence always has one)
_ADDRESSES = {"repo_url": ("https://github.com/org/repo", True),
              "data_license_url": ("https://creativecommons.org/licenses/by/4.0/", False)}
_ENVIRONMENT = {"SITEURL": "SITEURL", "repo_url": "REPO_URL"}  # what the shipped pelican.conf.py reads from where
# Where the theme expects content pages: its menu and footer link to `about/`, and page.html's links start at `../`.
PAGE_PLACES = {"PAGE_URL": "{slug}/", "PAGE_SAVE_AS": "{slug}/index.html", "PAGE_LANG_URL": "{slug}-{lang}/",
               "PAGE_LANG_SAVE_AS": "{slug}-{lang}/index.html"}
_MENU = ("has no effect: the theme's menu and footer are fixed in theme/templates/base.html; add a link there "
         "(to a page in content/pages/) and remove this setting")
# Pelican settings this build does not use, when the settings file sets them: what does the job instead
UNUSED = {"MENUITEMS": _MENU, "DISPLAY_PAGES_ON_MENU": _MENU,
          "DEFAULT_DATE_FORMAT": "has no effect: pages write dates in words, as FORMAT.md fixes them "
                                 "(`26 February 2021`); remove it",
          "RELATIVE_URLS": "has no effect: the site's links are already relative; to browse the built site, serve it "
                           "over HTTP (`python3 -m http.server -d output`), since from file:// a link ending in `/` "
                           "shows a folder; remove it"}


def settings_problems(settings: dict, settings_file: str, output: str | None = None) -> list[Problem]:
    """Settings a build cannot run with, each at its line in the settings file (else 1:1): what would stop Pelican
    with a traceback, write outside the output folder, publish broken links or leave pages out with only a log line;
    and, as warnings, settings the file sets that this build does not use. output: the folder a build writes."""
    found = _plugins_problems(settings.get("PLUGINS"), settings.get("PLUGIN_PATHS"))
    text = _text_of(settings_file)
    found += _briefkit_problems(settings.get("BRIEFKIT", {}))
    found += _site_problems(settings, settings_file)
    if settings.get("THEME_STATIC_DIR") != "theme":  # the theme's pages and assets link to theme/
        found.append(("THEME_STATIC_DIR", f"THEME_STATIC_DIR must be `theme` (the theme's pages link there), not "
                                          f"{_shown(settings.get('THEME_STATIC_DIR'))}"))
    try:
        if "TIMEZONE" in settings:  # left out, Pelican reads dates as UTC; given, it must name a zone
            zoneinfo.ZoneInfo(str(settings["TIMEZONE"] or ""))
    except Exception:  # noqa: BLE001 - `Europe`, a folder of tzdata, raised IsADirectoryError (a tester): no zone
        found.append(("TIMEZONE", f"TIMEZONE {_shown(settings.get('TIMEZONE'))} is no time zone; write one such as `UTC` "
                                  "or `Europe/Paris`"))
    pages = _page_problems(settings)
    found += pages + [said for said in _shape_problems(settings) if said[0] not in {name for name, _ in pages}]
    found += _unused_settings(settings, text, output)
    deep = next(filter(None, map(too_deep, read_folders(settings))), None)  # in the folders Pelican
    # reads: a deep `content/drafts/` failed the build and hid the other problems (a reviewer)
    held = incremental.settings_values(settings_file) if found else {}  # as the file wrote them: Pelican changes some
    return [Problem(settings_file, *_line_of(text, name, _held(held, name)), *said) for name, *said in found] + (
        [Problem(deep, 1, 1, f"folders nested more than {MAX_FOLDER_DEPTH} deep in the content folder, which Pelican "
                             "cannot read (it stops with a RecursionError); move them up")] if deep else
        [problem for folder in read_folders(settings) for problem in content_folder_problems(folder)])


def _plugins_problems(plugins, paths=None) -> list[tuple[str, str]]:
    """(name, message) of PLUGINS when it does not list the plugin (a number or a text there was a traceback)."""
    if not isinstance(plugins, (list, tuple)):  # Pelican iterates it: `PLUGINS = 5` stopped the check (a tester)
        return [("PLUGINS", f"PLUGINS must list `{PLUGIN}`, which makes the site, as in `[\"{PLUGIN}\"]`, not "
                            f"{_shown(plugins)}")] if plugins else [("PLUGINS", f"PLUGINS must list `{PLUGIN}`, "
                                                                                "which makes the site")]
    names = {plugin if isinstance(plugin, str) else getattr(plugin, "__name__", "") for plugin in plugins}
    if PLUGIN not in names:
        return [("PLUGINS", f"PLUGINS must list `{PLUGIN}`, which makes the site")]
    # one Pelican cannot import was said at the output folder, by the build only (a tester)
    folders = [str(path) for path in paths if isinstance(path, str)] if isinstance(paths, (list, tuple)) else []
    missing = [name for name in plugins if isinstance(name, str) and name != PLUGIN and not _importable(name, folders)]
    return [("PLUGINS", f"PLUGINS names `{missing[0]}`, which is no module this Python can import (nor "
                        f"`pelican.plugins.{missing[0]}`): install it, or remove it")] if missing else []


def _importable(name: str, folders: list[str]) -> bool:
    """True when the module can be found in the PLUGIN_PATHS folders, or where Python looks (or as Pelican's
    namespace plugin `pelican.plugins.<name>`), without importing it (its parent packages are)."""
    import importlib.machinery
    import importlib.util

    places = folders
    for part in name.split(".") if folders else ():  # each part in the one before (`pkg.sub`: sub inside pkg)
        spec = importlib.machinery.PathFinder.find_spec(part, places) if places else None
        if spec is None:
            break
        places = list(spec.submodule_search_locations or [])
    else:
        if folders:
            return True
    for module in (name, f"pelican.plugins.{name}"):
        try:
            if importlib.util.find_spec(module) is not None:
                return True
        except (ImportError, ValueError):  # a parent missing, an empty or relative name
            continue
    return False


def _held(values: dict, name: str):
    """The value a setting (or a BRIEFKIT key) holds in settings_values, else _ANY."""
    briefkit = values.get("BRIEFKIT")
    if name in values:
        return values[name]
    return briefkit.get(name, _ANY) if isinstance(briefkit, dict) else _ANY


def _text_of(settings_file: str) -> str:
    """The settings file's text, to find where a setting is given ("" when it cannot be read)."""
    try:
        return Path(settings_file).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _briefkit_problems(given) -> list[tuple[str, str]]:
    """(name, message) of each BRIEFKIT setting a build cannot use: a key it does not know (a typo would pass
    silently), a value of the wrong type, an address that is not one (published as broken links)."""
    if given is None:
        return []
    if not isinstance(given, dict):
        return [("BRIEFKIT", f"BRIEFKIT must be a dict of settings, such as `{{\"feed_entries\": 50}}`, not "
                             f"{_shown(given)}")]
    found = []
    for key in given:
        if key not in DEFAULTS:
            guess = closest(str(key), list(DEFAULTS))
            found.append((str(key), f"BRIEFKIT[{_key(key)}] is no setting of briefkit" + (
                did_you_mean([guess]) if guess else f"; it has {', '.join(DEFAULTS)}")))
    found += [(key, f"BRIEFKIT[\"{key}\"]{_from_environment(key, given[key])} is not UTF-8: "
                    f"{_shown(given[key])}; write it in UTF-8") for key in (*_TEXT, *_ADDRESSES) if _not_utf8(given.get(key))]
    for key, least in _WHOLE.items():
        value = given.get(key, DEFAULTS[key])
        if type(value) is not int or value < least:
            found.append((key, f"BRIEFKIT[\"{key}\"] must be a whole number of at least {least}, not {_shown(value)}"))
    for key, (example, required) in _TEXT.items():
        value = given.get(key, DEFAULTS[key])
        if not isinstance(value, str):
            found.append((key, f"BRIEFKIT[\"{key}\"] must be text, such as `\"{example}\"`, not "
                               f"{_shown(value)}"))
        elif required and not value.strip():
            found.append((key, f"BRIEFKIT[\"{key}\"] is empty; write one, such as `\"{example}\"`"))
        else:
            found += _left_open(key, f"BRIEFKIT[\"{key}\"]", value)
    for key, (example, may_be_empty) in _ADDRESSES.items():
        value = given.get(key, DEFAULTS[key])
        more = _address_problem(value, key == "repo_url")
        if _not_utf8(value) or isinstance(value, str) and (more is None or (may_be_empty and not value)):
            continue
        if value == "":  # /data/ and its JSON-LD name the licence alike: both need its address
            found.append((key, f"BRIEFKIT[\"{key}\"] is empty; give the licence's address, such as `{example}`: "
                               "/data/ and its JSON-LD link it"))
            continue
        found.append((key, f"BRIEFKIT[\"{key}\"]{_from_environment(key, value)} must be a full http(s) address, such "
                           f"as {_shown(_full_address(value) or example)}{', or empty' if may_be_empty else ''}, not "
                           f"{_shown(value)}{more or ''}"))
    return found


def _site_problems(settings: dict, settings_file: str) -> list[tuple[str, str]]:
    """(name, message) of SITEURL, SITENAME and DEFAULT_LANG when the site cannot be published with them."""
    found = [(name, f"{name}{_from_environment(name, settings[name])} is not UTF-8: {_shown(settings[name])}; write it "
                    "in UTF-8") for name in ("SITEURL", "SITENAME") if _not_utf8(settings.get(name))]
    siteurl = settings.get("SITEURL", "")
    more = _address_problem(siteurl, True) if siteurl else None
    if not _not_utf8(siteurl) and (not isinstance(siteurl, str) or more is not None):
        written = incremental.settings_values(settings_file).get("SITEURL")  # `https://`, before Pelican's rstrip
        if isinstance(written, str) and isinstance(siteurl, str) and written.rstrip("/") == siteurl.rstrip("/"):
            siteurl = written
        # Pelican's idiom `SITEURL = "/news/briefs"` (or one without https://) named https://example.invalid everywhere
        found.append(("SITEURL", f"SITEURL{_from_environment('SITEURL', siteurl)} must be the site's full address, "
                                 f"such as {_shown(_full_address(siteurl) or 'https://example.org/news/briefs')}, or "
                                 f"empty (for a preview), not {_shown(siteurl)}{more or ''}"))
    name = settings.get("SITENAME")
    if not isinstance(name, str) or not name.strip():  # the home page's title, every feed's, the header's link
        found.append(("SITENAME", f"SITENAME must be the site's name, such as `\"Conflict Briefings\"` (it titles every "
                                  f"page and feed), not {_shown(name)}"))
    found += _left_open("SITENAME", "SITENAME", name)
    lang = settings.get("DEFAULT_LANG", "en")
    if language_tag_problem("DEFAULT_LANG", lang):  # Pelican lowercased it: said as the file wrote it
        written = incremental.settings_values(settings_file).get("DEFAULT_LANG", lang)
        found.append(("DEFAULT_LANG", language_tag_problem("DEFAULT_LANG", written) or
                      language_tag_problem("DEFAULT_LANG", lang)))
    return found


def folder_names(value) -> bool:
    """True for a list (or tuple) of folder names, as PAGE_PATHS must be."""
    return isinstance(value, (list, tuple)) and all(isinstance(name, str) for name in value)


def pages_folders(value) -> list[str]:
    """The PAGE_PATHS folders a check reads pages from: those that stay inside the content folder (no `..`, not
    absolute); none when it is no list of folder names."""
    if not folder_names(value):
        return []
    return [name for name in value if not os.path.isabs(name) and ".." not in re.split(r"[\\/]", name)]


def _shape_problems(values: dict) -> list[tuple[str, str]]:
    """(name, message) of the settings Pelican reads as folders when they are not (`PAGE_PATHS = [5]`, `OUTPUT_PATH =
    5`: it stopped with a TypeError, said at 1:1 or as a traceback, a tester)."""
    found = []
    paths = values.get("PAGE_PATHS", ["pages"])
    if not folder_names(paths):
        found.append(("PAGE_PATHS", f"PAGE_PATHS must be a list of folder names inside the content folder, such as "
                                    f"`[\"pages\"]`, not {_shown(paths)}"))
    elif outside := [name for name in paths if name not in pages_folders(paths)]:
        # `[".."]` read the theme's templates as content pages, each an error that named no setting (a tester)
        found.append(("PAGE_PATHS", f"PAGE_PATHS must name folders inside the content folder (PATH), not "
                                    f"{_shown(outside[0])}, which leads out of it"))
    if not isinstance(values.get("ARTICLE_PATHS", []), (list, tuple)):
        found.append(("ARTICLE_PATHS", f"ARTICLE_PATHS must be `[]`: this theme makes no articles; write each page as "
                                       f"Markdown in content/pages/, not {_shown(values['ARTICLE_PATHS'])}"))
    if not isinstance(values.get("OUTPUT_PATH", ""), (str, type(None))):  # None: a warning (_unused_settings)
        found.append(("OUTPUT_PATH", f"OUTPUT_PATH must be a folder name, not {_shown(values['OUTPUT_PATH'])}; "
                                     "`briefkit build` writes the folder --output names: remove it"))
    return found


def _page_problems(settings: dict) -> list[tuple[str, str]]:
    """(name, message) of the settings that would publish Pelican's articles, or content pages where the theme's links
    do not lead."""
    found = []
    if settings.get("ARTICLE_PATHS"):  # Pelican's default, [""], reads articles from the whole content folder
        found.append(("ARTICLE_PATHS", f"ARTICLE_PATHS must be `[]`: this theme makes no articles (Pelican's blog "
                                       f"posts, which it would publish broken); write each page as Markdown in "
                                       f"content/pages/, not {_shown(settings.get('ARTICLE_PATHS'))}"))
    for name, place in PAGE_PLACES.items():
        if settings.get(name) != place:
            found.append((name, f"{name} must be `{place}` (the theme's menu and footer link to `about/`, and a page's "
                                f"links start one folder up), not {_shown(settings.get(name))}"))
    return found


def _unused_settings(settings: dict, text: str, output: str | None) -> list[tuple[str, str, str]]:
    """(name, message, WARNING) of each setting the file sets that the build does not use (only when the file sets
    it: a setting left at Pelican's default says nothing). output: the folder the build writes, when building."""
    found = [(name, f"{name} {why}", WARNING) for name, why in UNUSED.items()
             if _set_in(text, name) and (name != "RELATIVE_URLS" or settings.get(name))]
    folder = settings.get("OUTPUT_PATH")  # made absolute by Pelican, from the settings file's folder
    if output is not None and _set_in(text, "OUTPUT_PATH") and os.path.abspath(output) != folder:
        named = isinstance(folder, str)  # `OUTPUT_PATH = None`: no folder to give --output (it said `--output None`)
        found.append(("OUTPUT_PATH", f"OUTPUT_PATH {_shown(display_path(folder) if named else folder)} has no effect: "
                                     f"`briefkit build` writes the folder --output names (here `{display_path(output)}`)"
                                     + (f"; give `--output {display_path(folder)}` (make: OUTPUTDIR=…) and remove it"
                                        if named else ": remove it"), WARNING))
    return found


def _left_open(name: str, said: str, value) -> list[tuple[str, str, str]]:
    """(name, message, WARNING) when a text setting leaves a bidirectional run open, as a sheet's text is warned
    (validate.closed): a tester's `SITENAME = "Conflict \\u202eBriefings"` turned every page's title around."""
    closers = _open_runs(value) if isinstance(value, str) else ""
    if not closers:
        return []
    opener = next(ch for ch in reversed(value) if ch in _OPENERS)
    escaped = "".join(f"\\u{ord(ch):04x}" for ch in closers)
    return [(name, f"{said}: {_OPENERS[opener]} (U+{ord(opener):04X}) is left open, which would turn the text after it "
                   f"around wherever this shows: close it at the end of the value (`{escaped}`), or remove it", WARNING)]


def _address_problem(value, site: bool) -> str | None:
    """None for a full http(s) address a reader can follow (the rule of a sheet's `url:`, validate._url_problem), else
    what more a message can say ("" if nothing). site: the address others are made from (SITEURL, repo_url), which
    has no ?query or #fragment: every address made from `https://x.org?a=1` landed in its query (a tester)."""
    if not isinstance(value, str):
        return ""
    more = _url_problem(value.strip())
    if more is None and site and ("?" in value or "#" in value):
        return ": a site's address has no ?query or #fragment"
    return more if more is not None or seo.is_absolute(value) else ""


def _not_utf8(value) -> bool:
    """True for text holding bytes that are no UTF-8 (an environment variable set from a Latin-1 terminal: Python
    keeps each such byte as a lone surrogate, which no page can be written with)."""
    return isinstance(value, str) and re.search("[\udc80-\udcff]", value) is not None


def _from_environment(name: str, value) -> str:
    """` (the environment variable REPO_URL)` when the shipped pelican.conf.py took the value from there, else ""."""
    variable = _ENVIRONMENT.get(name, "")
    given = os.environ.get(variable)
    if given is None or not isinstance(value, str) or given.strip().rstrip("/") != value.strip().rstrip("/"):
        return ""
    return f" (the environment variable {variable})"


def _full_address(value) -> str | None:
    """The full address an editor meant by a host without `https://` (`example.org/x`), an SSH clone address
    (`git@github.com:org/repo.git`) or a path (`/news/briefs`, on an example host), else None."""
    if not isinstance(value, str) or not value.strip() or "://" in value:
        return None
    value = value.strip()
    clone = re.fullmatch(r"[\w.-]+@([\w.-]+\.[\w-]+):/*([^\s:]+?)(?:\.git)?/*", value)
    if clone:  # an SSH clone address (git@github.com:org/repo.git) for its web page (a tester: https://git@github.com:…)
        return f"https://{clone.group(1)}/{clone.group(2)}"
    if value.startswith("//"):
        return "https:" + value
    if value.startswith("/"):
        return "https://example.org" + value.rstrip("/")
    return "https://" + value.rstrip("/") if "." in value.split("/")[0] and " " not in value else None


def _key(key) -> str:
    """A BRIEFKIT key as the file writes it: `"feed_entries"` (another type as its repr)."""
    return f'"{key}"' if isinstance(key, str) and '"' not in key else repr(key)


def _shown(value, limit: int = 60) -> str:
    """A setting's value for a message, at most limit characters, control characters as `\\xNN` (a NUL was printed
    raw, a tester): text in backticks, else its type too (list `['a']`), None as None. Every value said goes here."""
    shown = re.sub(r"[\x00-\x1f\x7f-\x9f\udc80-\udcff]", lambda c: f"\\x{ord(c.group()) % 0xdc00:02x}",
                   value if isinstance(value, str) else repr(value))
    shown = shown if len(shown) <= limit else shown[:limit] + "…"
    return "None" if value is None else f"`{shown}`" if isinstance(value, str) else f"{type(value).__name__} `{shown}`"


def read_folders(settings: dict) -> list[str]:
    """The folders of the content folder Pelican reads (PAGE_PATHS, STATIC_PATHS, ARTICLE_PATHS, each inside it),
    none inside another: a loop in a folder it never reads (`content/drafts/`) fails nothing (a reviewer)."""
    top = str(settings.get("PATH") or "")
    names = [name for key, default in (("PAGE_PATHS", ["pages"]), ("STATIC_PATHS", ["images"]), ("ARTICLE_PATHS", [""]))
             for name in pages_folders(settings.get(key, default))]
    folders = sorted({os.path.normpath(os.path.join(top, name)) for name in names} if top else set())
    return [f for f in folders if not any(f != other and within(f, other) for other in folders)]


def content_folder_problems(folder: str) -> list[Problem]:
    """A problem at each folder of the content folder that cannot be read (Pelican leaves its pages out without a
    word, and its published pages went: a tester), as for fact sheets (load.py), and at each link to a folder
    that holds it (`ln -s .. up`), which Pelican would walk round for good (a tester's build hung)."""
    unread: list[str] = []
    children: dict[str, list[tuple[str, str, bool]]] = {}  # real folder -> (path, real path, link) of its folders
    if folder and os.path.isdir(folder):
        root = os.path.realpath(folder)
        for top, _, entries in incremental.folders_under(folder, unread):
            real = os.path.realpath(top)  # each named by its place in the folder, not through the links walked
            children[real] = sorted((os.path.join(folder, os.path.relpath(os.path.join(real, entry.name), root)),
                                     os.path.realpath(entry.path), entry.is_symlink())
                                    for entry in entries if incremental.safely(entry.is_dir))  # the same loop each time
    return [Problem(escaped_name(path), 1, 1, "cannot read folder: its pages and files are left out")
            for path in unread] + [
        Problem(escaped_name(path), 1, 1, "symbolic link to a folder that holds it, which Pelican would read "
                                          "round and round; refused") for path in sorted(_loops(folder, children))]


def _loops(folder: str, children: dict[str, list[tuple[str, str, bool]]]) -> list[str]:
    """The links of a folder's tree that lead back to a folder holding them, on any chain of links (`a/l` to `b`,
    `b/m` to `a`: a reviewer), found by a walk that keeps the folders it is inside: the link that closes a circle,
    or the last link taken into it (`up` to the content folder, whose `pages` holds `up`)."""
    root = os.path.realpath(folder)
    inside, done, loops = {root}, set(), set()
    stack = [(root, iter(children.get(root, ())), None)]  # (real folder, its folders left, the link taken to it)
    while stack:
        real, below, _ = stack[-1]
        for path, target, link in below:
            if target in inside:
                loops.add(path if link else next((via for *_, via in reversed(stack) if via), path))
            elif target not in done:
                inside.add(target)
                stack.append((target, iter(children.get(target, ())), path if link else None))
                break
        else:
            inside.discard(real)
            done.add(real)
            stack.pop()
    return sorted(loops)


def too_deep(folder: str) -> str | None:
    """The first folder below folder nested past MAX_FOLDER_DEPTH (as for fact sheets, load.py), else None."""
    if not folder or not os.path.isdir(folder):
        return None
    return next((top for top, depth, _ in incremental.folders_under(folder) if depth > MAX_FOLDER_DEPTH), None)


_ANY = object()  # _line_of's value when the value the settings hold is not known


def _line_of(text: str, name: str, value=_ANY) -> tuple[int, int]:
    """Line and column where the settings file's text gives a setting (or a BRIEFKIT key) the value it holds: the last
    assignment whose literal value is value, else the last assignment (the value that counts); else 1, 1."""
    places = _assignments(text).get(("name", name)) or _assignments(text).get(("key", name)) or []
    for line, column, node in reversed(places):
        if value is not _ANY and node is not None and _same(_literal(node), value):
            return line, column
    return places[-1][:2] if places else (1, 1)


def _set_in(text: str, name: str) -> bool:
    """True when the settings file's code assigns the setting (not a docstring, a comment, another dict's key)."""
    return ("name", name) in _assignments(text)


@lru_cache(maxsize=4)
def _assignments(text: str) -> dict[tuple[str, str], list[tuple[int, int, ast.AST | None]]]:
    """Each assignment in a settings file's code, in the order of the text: ("name", NAME) or ("key", a BRIEFKIT key)
    -> (line, column, value node or None). Read with ast, not by the text: a tester's `NAME =` in a docstring, a
    comment or a chained assignment was blamed for the value. {} when the file is no Python."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return {}
    found: dict = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                _assigned(target, node.value, found)
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
            _assigned(node.target, node.value if isinstance(node, ast.AnnAssign) else None, found)
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "update"
              and isinstance(node.func.value, ast.Name) and node.func.value.id == "BRIEFKIT"):
            for argument in node.args:  # BRIEFKIT.update({"jobs": 4}), BRIEFKIT.update(jobs=4)
                _keys(argument, found)
            _keywords(node.keywords, found)
    return {place: sorted(assigned, key=lambda item: item[:2]) for place, assigned in found.items()}


def _assigned(target: ast.AST, value: ast.AST | None, found: dict) -> None:
    """Note where target is given value: a name (BRIEFKIT's keys too), `BRIEFKIT["key"]`, or each of a tuple's."""
    if isinstance(target, ast.Name):
        found.setdefault(("name", target.id), []).append((target.lineno, target.col_offset + 1, value))
        if target.id == "BRIEFKIT":
            _keys(value, found)
    elif isinstance(target, (ast.Tuple, ast.List)):
        values = value.elts if isinstance(value, (ast.Tuple, ast.List)) else []
        paired = len(values) == len(target.elts) and not any(isinstance(v, ast.Starred) for v in values)
        for at, item in enumerate(target.elts):
            _assigned(item, values[at] if paired else None, found)
    elif (isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name) and target.value.id == "BRIEFKIT"
          and isinstance(target.slice, ast.Constant)):  # at its `[`, as `BRIEFKIT["jobs"]` is said
        found.setdefault(("key", str(target.slice.value)), []).append(
            (target.lineno, target.value.end_col_offset + 1, value))


def _keys(value: ast.AST | None, found: dict) -> None:
    """Note the BRIEFKIT keys a dict literal (`{"jobs": 4}`) or `dict(jobs=4)` gives, at each key."""
    if isinstance(value, ast.Dict):
        for key, item in zip(value.keys, value.values):
            if isinstance(key, ast.Constant):
                found.setdefault(("key", str(key.value)), []).append((key.lineno, key.col_offset + 1, item))
    elif isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == "dict":
        _keywords(value.keywords, found)


def _keywords(keywords: list[ast.keyword], found: dict) -> None:
    """Note the BRIEFKIT keys given as keyword arguments (`dict(jobs=4)`, `BRIEFKIT.update(jobs=4)`), at each."""
    for keyword in keywords:
        if keyword.arg is not None:
            found.setdefault(("key", keyword.arg), []).append((keyword.lineno, keyword.col_offset + 1, keyword.value))


def _literal(node: ast.AST):
    """The value of a literal's node (ast.literal_eval), else _ANY."""
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return _ANY


def _same(written, held) -> bool:
    """True when a literal written is the value the settings hold (`1` is not `True`)."""
    try:
        return written is not _ANY and type(written) is type(held) and bool(written == held)
    except Exception:  # noqa: BLE001 - a held value's own __eq__
        return False
