"""Hand-written pages in content/: the same Markdown dialect, without fact-sheet links."""

from __future__ import annotations

from functools import cache
from urllib.parse import unquote

from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from .markup import _accept, heading_ids
from .problems import Problem


@cache
def _parser() -> MarkdownIt:
    """CommonMark + tables, strikethrough, footnotes, heading anchors; raw HTML off."""
    md = MarkdownIt("commonmark", {"html": False})
    md.enable(["table", "strikethrough"])
    md.use(footnote_plugin)
    md.core.ruler.push("heading_ids", heading_ids(range(2, 4)))
    md.rejected = []
    md.validateLink = lambda url: _accept(md, url)
    return md


def render_content_page(text: str) -> str:
    """HTML of a content page body (a refused link is left out of it: compile_content_page says which)."""
    return compile_content_page(text)[0]


def compile_content_page(text: str) -> tuple[str, list[tuple[str, str]]]:
    """HTML of a content page body, and the links refused in it: (url, why), as in fact sheets."""
    md = _parser()
    try:
        return md.render(text, {"docId": "_page"}), list(md.rejected)
    finally:
        md.rejected.clear()  # _accept's list, shared by every page this process reads (make serve: every rebuild)


REFUSED = "briefkit_refused"  # the metadata key (a Pelican page's attribute) holding a page's refused links


def link_problems(context: dict, lists: tuple[str, ...]) -> list[Problem]:
    """A problem at each link refused in Pelican's content pages (context[list] for each list), placed in its file."""
    problems = []
    for key in lists:
        for item in context.get(key) or ():
            refused = getattr(item, REFUSED, None)
            if refused:
                problems.extend(_placed(item.source_path, refused))
    return problems


def _placed(path: str, refused: list[tuple[str, str]]) -> list[Problem]:
    """Problems for a page's refused links, each at the first place after the last one's where its URL is written."""
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError):
        text = ""
    problems, cursor = [], 0
    for url, reason in refused:
        found = next((at for at in (text.find(written, cursor) for written in (url, unquote(url))) if at >= 0), -1)
        if found < 0:
            line, column = 1, 1
        else:
            cursor = found + 1
            line = text.count("\n", 0, found) + 1
            column = found - text.rfind("\n", 0, found)
        problems.append(Problem(path, line, column, reason))
    return problems
