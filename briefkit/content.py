"""Hand-written pages in content/: the same Markdown dialect, without fact-sheet links."""

from __future__ import annotations

from functools import cache

from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from .markup import _accept, heading_ids


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
    """HTML of a content page body."""
    return _parser().render(text, {"docId": "_page"})
