"""Hand-written pages in content/: the same Markdown dialect, without fact-sheet links."""

from __future__ import annotations

import os
import re
from functools import cache
from html import escape
from urllib.parse import unquote

from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from .load import place_of_offset
# plain_text: the `plain` filter of the content pages' templates (plugin.py)
from .markup import _accept, _once_each, above_root_links, above_root_message, destination, heading_ids, image_as_link, \
    page_rules, plain_text, shift_headings, too_deep_message, code_test
from .outpaths import content_items, inside
from .problems import ERROR, WARNING, Problem, escaped_name
from .validate import PageLink, unread_links, unshown_references


@cache
def _parser() -> MarkdownIt:
    """CommonMark + tables, strikethrough, footnotes, heading anchors, the site's rules (markup.page_rules); raw HTML
    off."""
    md = MarkdownIt("commonmark", {"html": False})
    md.enable(["table", "strikethrough"])
    md.use(footnote_plugin)
    # Levels as in fact sheets' fields (the page's title is its h1): `# Background` was a second h1, and `####` after
    # a `##` skipped a level in a screen reader's outline (a tester). Before the ids, which go by the level shown.
    md.core.ruler.push("shift_headings", shift_headings)
    md.core.ruler.push("heading_ids", heading_ids(range(2, 7)))  # every level shown: a `###` under `#` is an h4
    page_rules(md)
    md.core.ruler.push("above_root", above_root_links)
    md.rejected = []
    md.validateLink = lambda url: _accept_intrasite(md, url)
    md.normalizeLink = _keeping_intrasite(md.normalizeLink)
    md.add_render_rule("image", _remote_image_as_link(md.renderer.rules["image"]))
    return md


def _remote_image_as_link(local):
    """The image render rule of content pages: an image from another host is a link to it, as in fact sheets (the
    pages' Content-Security-Policy blocks it, and a reader saw a broken image: a tester); the site's own, an image."""
    def image(self, tokens, idx, options, env) -> str:
        token = tokens[idx]
        src = token.attrGet("src") or ""
        if not src.lower().startswith(("http://", "https://")):
            return local(tokens, idx, options, env)
        return image_as_link(token, escape(self.renderInlineAsText(token.children or [], options, env)))
    return image


_INTRASITE = re.compile(r"[{|].*?[|}]")  # Pelican's `{filename}`, `{static}`, `|filename|` (its INTRASITE_LINK_REGEX)


_INTRASITE_KINDS = ("filename", "static", "attach", "index")  # what this site has: no tag, category or author pages
_ANY_SCHEME = re.compile(r"\s*(?:[a-zA-Z][a-zA-Z0-9+.\-]*:|//)")


def _accept_intrasite(md: MarkdownIt, url: str) -> bool:
    """validateLink of content pages: the sheets' link rule (markup._accept), and for Pelican's `{filename}`-like links
    the file's path after it. Pelican keeps the scheme of what follows, and `{tag}javascript:alert(1)` was published
    as `javascript:/tag/…` (a tester); `{tag}`, `{category}` and `{author}` name pages this site does not have."""
    found = _INTRASITE.match(url)
    if found is None:
        return _accept(md, url)
    what, rest = found.group()[1:-1], url[found.end():]
    if what not in _INTRASITE_KINDS:
        md.rejected.append((url, f"link `{url}`: `{found.group()}` names no kind of page of this site; use {{filename}}, "
                                 "{static}, {attach} or {index}"))
        return False
    if _ANY_SCHEME.match(rest):
        md.rejected.append((url, f"link `{url}`: a `{found.group()}` link is followed by a path in the content folder, "
                                 "not by an address with a scheme"))
        return False
    return True


def _keeping_intrasite(normalize):
    """markdown-it's normalizeLink, leaving the `{filename}` that starts a link as written: percent-encoded, Pelican
    no longer knew it, and published `%7Bfilename%7Dabout.md`, dead (a tester)."""
    def normalized(url: str) -> str:
        found = _INTRASITE.match(url)
        return url[: found.end()] + normalize(url[found.end() :]) if found else normalize(url)
    return normalized


# A link or image written from the site's root (`href="/about/"`): in a page's HTML only in an attribute, since its
# text escapes every `"`
_FROM_ROOT = re.compile(r'(\s(?:href|src)=")/(?!/)')


def rebased(html: str, root: str) -> str:
    """A content page's HTML (page.html) with its links from the site's root written from the page's folder (root:
    `../../`), as every link of the site is: Pelican makes `{filename}about.md` into `/about/`, dead where the site is
    published below a host's root (a project's GitHub Pages) or opened from its files (a tester)."""
    return _FROM_ROOT.sub(lambda match: match.group(1) + root, html)


def render_content_page(text: str) -> str:
    """HTML of a content page body (a refused link is left out of it: compile_content_page says which)."""
    return compile_content_page(text)[0]


def compile_content_page(text: str, page: str | None = None) -> tuple[str, list[tuple[str, str]],
                                                                       tuple[int, str] | None, list[tuple[str, str]],
                                                                       list[tuple[str, str]]]:
    """HTML of a content page body, the links refused in it: (url, why), as in fact sheets, for a body nested
    too deeply (markup.MAX_NESTING), (the line in the body, from 0, why), and, given the page's URL from the site's
    root (`about/`), its links that climb above the root: (url, why), warned of as in fact sheets, and those to the
    site's pages and files: (url, path from the root), checked once the build knows its files (site_links)."""
    md = _parser()
    env = {"docId": "_page", "page": page}
    try:
        html, refused = md.render(text, env), list(md.rejected)
    finally:
        md.rejected.clear()  # _accept's list, shared by every page this process reads (make serve: every rebuild)
    line = env.get("too_deep")
    above = [(url, above_root_message(url)) for url in env.get("above_root", ())]
    deep = (line, too_deep_message(text.split("\n")[line])) if line is not None else None
    return html, refused, deep, above, env.get("site_links", [])


def site_links(text: str, links: list[tuple[str, str | None]], source_path: str) -> tuple[PageLink, ...]:
    """A PageLink for each of a page's links to the site (compile_content_page), at its place in the page's text, for
    the build to check as it checks fact sheets' (linkcheck.unknown_page_links): a dead one was found only by
    `make linkcheck` (a tester). Pelican's `{filename}` links are left out (file_link_problems checks them)."""
    cursors: dict = {}
    found = []
    for url, path in links:
        if path is None:
            continue
        found.append(PageLink(path, url, "", source_path, *_place(text, url, cursors)))
    return tuple(found)


_FILE_LINK = re.compile(r"[{|](filename|static|attach)[|}]([^?#]*)")


def file_link_problems(text: str, links: list[tuple[str, str | None]], source_path: str,
                       content_folder: str) -> list[tuple]:
    """(line, column, why, severity) of each `{filename}`, `{static}` or `{attach}` link to a file outside the content
    folder (content_folder, a real path), through a symbolic link or `..`: an error, since Pelican would copy it into
    the site (any file of the machine, from a one-line link a reviewer reads past: a tester); and of each link to no
    file of it: a warning, since Pelican publishes it as written, dead, with a log line that names no page."""
    cursors: dict = {}
    problems = []
    for url, path in links:
        found = _FILE_LINK.match(url) if path is None else None
        if found is None or not found.group(2):
            continue
        name = unquote(found.group(2))
        base = content_folder if name.startswith("/") else os.path.dirname(source_path)
        target = os.path.join(base, name.lstrip("/"))
        written = os.path.join(base, found.group(2).lstrip("/"))
        if written != target and os.path.lexists(written):  # `100%25.txt` named so on disk: Pelican tries it first
            name, target = found.group(2), written
        if not inside(target, content_folder):
            problems.append((*_place(text, url, cursors), f"link to `{url}`: the file is outside the content folder "
                             "(through `..` or a symbolic link), and the site publishes only the content folder's files; "
                             "refused", ERROR))
        elif not os.path.isfile(target):
            problems.append((*_place(text, url, cursors), f"link to `{url}`: the content folder has no file `{name}`",
                             WARNING))
    return problems


def body_problems(text: str, body: str, html: str) -> list[tuple]:
    """(line, column, why[, WARNING]) of what fact sheets' fields are told of in a page's body (the end of its text):
    each link it shows as written (validate.unread_links), a warning; each character reference to a character no page
    shows (validate.unshown_references: readers saw �), an error."""
    found = _placed(text, body, unread_links(body, html), WARNING)
    if "&#" in body and "\ufffd" in html:
        found += _placed(text, body, [(re.escape(written), why) for written, why in unshown_references(body)], ERROR)
    return found


def _placed(text: str, body: str, items: list[tuple[str, str]], severity: str) -> list[tuple]:
    """(line, column, why[, severity]) of each (pattern, why) found in order in the body (the end of text); a
    pattern's match with no why only moves the cursor."""
    problems, at = [], len(text) - len(body)
    line, line_start, counted = 1, 0, 0  # a running place: each found is past the one before (linear: a reviewer)
    for pattern, message in items:
        found = re.compile(pattern).search(text, at)
        if found is not None:
            at = found.end()
            line += text.count("\n", counted, found.start())
            line_start = max(line_start, text.rfind("\n", counted, found.start()) + 1)
            counted = found.start()
        if message:
            place = (line, found.start() - line_start + 1) if found else (1, 1)
            problems.append((*place, message) if severity == ERROR else (*place, message, severity))
    return problems


_WIKILINK = re.compile(r"\[\[[^\[\]\n]+\]\]")


def wikilinks(text: str, body: str) -> list[tuple]:
    """(line, column, why, WARNING) of each `[[…]]` the page's body (the end of its text) shows as text: the fact
    sheets' links, which a content page shows as written; an editor who learned them from the editor guide was told
    nothing (a tester). Read from the parsed page, so code (spans over lines, indented, fenced in a quote) and a
    link's text (`[[1]](#fn1)`) are none (a reviewer)."""
    problems = _header_wikilinks(text[: len(text) - len(body)])
    if "[[" not in body:
        return problems
    md = _parser()
    try:
        tokens = md.parse(body, {"docId": "_page"})
    finally:
        md.rejected.clear()  # the links it refuses are said by compile_content_page
    lines, first = text.split("\n"), text.count("\n", 0, len(text) - len(body))
    in_link, after = 0, {}
    in_code = code_test(text)  # the same text in a code span or a link's text before it is not it (a reviewer)
    starts = [0]
    for row in lines[:-1]:
        starts.append(starts[-1] + len(row) + 1)
    for token in tokens:
        if token.type != "inline" or not token.map:
            continue
        for child in token.children or ():
            in_link += child.type == "link_open"
            in_link -= child.type == "link_close"
            for found in _WIKILINK.finditer(child.content) if child.type == "text" and not in_link else ():
                where = _line_of(lines, first + token.map[0], first + token.map[1], found.group(),
                                 lambda number, at: not in_code(starts[number] + at) and not lines[number][:at].endswith("["),
                                 after)
                problems.append((*where, _wikilink_said(found.group()), WARNING))
    return problems


def _line_of(lines: list[str], start: int, end: int, needle: str, fits, after: dict) -> tuple[int, int]:
    """(line, column) of needle's next place that fits (line index, column index) in lines[start:end] (a block's
    lines), after its last one in that block (after: (needle, start) -> place found last; footnotes' blocks come
    last, out of order), else the block's first line."""
    line, column = after.get((needle, start), (start, -1))
    if line < 0:  # not found there before (an escape read, `[[a\_b]]`): not searched again (a reviewer: quadratic)
        return start + 1, 1
    for number in range(line, min(end, len(lines))):
        at = lines[number].find(needle, column + 1 if number == line else 0)
        while at >= 0 and not fits(number, at):
            at = lines[number].find(needle, at + 1)
        if at >= 0:
            after[(needle, start)] = (number, at)
            return number + 1, at + 1
    after[(needle, start)] = (-1, -1)
    return start + 1, 1


def _header_wikilinks(header: str) -> list[tuple]:
    """wikilinks' warnings for a page's header (`Title: About [[iraq]]`), which the page shows too."""
    return [(number, found.start() + 1, _wikilink_said(found.group()), WARNING)
            for number, line in enumerate(header.split("\n"), 1) for found in _WIKILINK.finditer(line)]


def _wikilink_said(written: str) -> str:
    """The warning of a wikilink a content page shows as written."""
    return (f"`{written}` shows as written: wikilinks link entities in fact sheets, not in content pages; write a "
            "Markdown link to the page instead")


# The metadata key (a Pelican page's attribute): [(line, column, message)], or (line, column, message, severity)
# for what is not an error.
PROBLEMS = "briefkit_problems"
LINKS = "briefkit_links"  # the metadata key of a page's links to the site: (PageLink, ...)


def page_problems(context: dict, lang: str = "") -> list[Problem]:
    """The problems found reading Pelican's content pages (translations too), at their places; and a warning for each
    page in another language than the site's (lang) that translates none: Pelican publishes it at its translation's
    address, linked to and from no page of the site's language (a tester's Hindi page at `mumbai-guide-hi/`)."""
    found = [Problem(escaped_name(item.source_path), *problem) for item in content_items(context)
             for problem in getattr(item, PROBLEMS, ())]
    for item in context.get("pages") or ():
        item_lang = str(getattr(item, "lang", "") or "")
        if lang and item_lang and item_lang.casefold() != lang.casefold() and getattr(item, "source_path", ""):
            found.append(Problem(escaped_name(item.source_path), 1, 1,
                                 f"this page is in `{item_lang}`, but no page in the site's language (`{lang}`) has "
                                 f"its slug `{item.slug}`: it is published at `{item.url}` with no link to or from a "
                                 f"translation; give the page it translates `Slug: {item.slug}`", WARNING))
    return found


def _place(text: str, url: str, cursors: dict) -> tuple[int, int]:
    """(line, column) of the next place url is written as a link's destination in a page's text (markup.destination,
    as in fact sheets), else 1:1."""
    found = destination(text, url, 0, len(text), cursors)
    return place_of_offset(text, found) if found is not None else (1, 1)


def placed(text: str, refused: list[tuple[str, str]], severity: str = ERROR) -> list[tuple]:
    """(line, column, why) of each link refused in a page's text, (line, column, why, severity) of each warned of:
    counted once per destination (as in fact sheets), each at its destination (markup.destination, as in fact
    sheets), else at 1:1."""
    problems, cursors = [], {}
    for url, reason in _once_each(refused, text):
        line, column = _place(text, url, cursors)
        problems.append((line, column, reason) if severity == ERROR else (line, column, reason, severity))
    return problems
