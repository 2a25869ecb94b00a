"""Hand-written pages in content/: the same Markdown dialect, without fact-sheet links."""

from __future__ import annotations

from functools import cache

from markdown_it import MarkdownIt
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.footnote import footnote_plugin

from .markup import _slug, _accept


@cache
def _parser() -> MarkdownIt:
    """CommonMark + tables, strikethrough, footnotes, heading anchors; raw HTML off."""
    md = MarkdownIt("commonmark", {"html": False})
    md.enable(["table", "strikethrough"])
    md.use(footnote_plugin)
    md.use(anchors_plugin, min_level=2, max_level=3, slug_func=_slug)
    md.rejected = []
    md.validateLink = lambda url: _accept(md, url)
    return md


def render_content_page(text: str) -> str:
    """HTML of a content page body."""
    return _parser().render(text, {"docId": "_page"})
