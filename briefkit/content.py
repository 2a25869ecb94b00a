"""Hand-written pages in content/: the same Markdown dialect, without fact-sheet links."""

from __future__ import annotations

from functools import cache

from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from .markup import _accept, _once_each, destination, heading_ids, page_rules, too_deep_message
from .outpaths import content_items
from .problems import Problem


@cache
def _parser() -> MarkdownIt:
    """CommonMark + tables, strikethrough, footnotes, heading anchors, the site's rules (markup.page_rules); raw HTML
    off."""
    md = MarkdownIt("commonmark", {"html": False})
    md.enable(["table", "strikethrough"])
    md.use(footnote_plugin)
    md.core.ruler.push("heading_ids", heading_ids(range(2, 4)))
    page_rules(md)
    md.rejected = []
    md.validateLink = lambda url: _accept(md, url)
    return md


def render_content_page(text: str) -> str:
    """HTML of a content page body (a refused link is left out of it: compile_content_page says which)."""
    return compile_content_page(text)[0]


def compile_content_page(text: str) -> tuple[str, list[tuple[str, str]], tuple[int, str] | None]:
    """HTML of a content page body, the links refused in it: (url, why), as in fact sheets, and, for a body nested
    too deeply (markup.MAX_NESTING), (the line in the body, from 0, why)."""
    md = _parser()
    env = {"docId": "_page"}
    try:
        html, refused = md.render(text, env), list(md.rejected)
    finally:
        md.rejected.clear()  # _accept's list, shared by every page this process reads (make serve: every rebuild)
    line = env.get("too_deep")
    return html, refused, (line, too_deep_message(text.split("\n")[line])) if line is not None else None


PROBLEMS = "briefkit_problems"  # the metadata key (a Pelican page's attribute): [(line, column, message)]


def page_problems(context: dict) -> list[Problem]:
    """The problems found reading Pelican's content pages (translations too), at their places."""
    return [Problem(item.source_path, line, column, message)
            for item in content_items(context) for line, column, message in getattr(item, PROBLEMS, ())]


def placed(text: str, refused: list[tuple[str, str]]) -> list[tuple[int, int, str]]:
    """(line, column, why) of each link refused in a page's text: counted once per destination (as in fact sheets),
    each at its destination (markup.destination, as in fact sheets), else at 1:1."""
    problems, cursors = [], {}
    for url, reason in _once_each(refused, text):
        found = destination(text, url, 0, len(text), cursors)
        line = text.count("\n", 0, found) + 1 if found is not None else 1
        column = found - text.rfind("\n", 0, found) if found is not None else 1
        problems.append((line, column, reason))
    return problems
