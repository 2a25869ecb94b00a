"""Read a built site as a reader meets it: parse every page, collect links and anchors."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lxml import html as lxml_html

from briefkit.linkcheck import resolve, target_exists, url_of  # shared with scripts/linkcheck.py  # noqa: F401


@dataclass
class Page:
    """One HTML file: its URL path, ids, and outgoing links (resolved, site-relative)."""

    url: str
    ids: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)  # site-relative "path#frag" (path '' = home)
    external: list[str] = field(default_factory=list)
    tree: object = None


def crawl(root: Path) -> dict[str, Page]:
    """Every HTML page under root, parsed."""
    pages = {}
    for path in sorted(root.rglob("*.html")):
        url = url_of(path, root)
        tree = lxml_html.fromstring(path.read_bytes())
        page = Page(url, tree=tree)
        page.ids = {el.get("id") for el in tree.iter() if isinstance(el.tag, str) and el.get("id")}
        for el in tree.iter("a", "link"):
            href = el.get("href")
            if href is None:
                continue
            target = resolve(url, href)
            (page.external if target is None else page.links).append(href if target is None else target)
        pages[url] = page
    return pages
