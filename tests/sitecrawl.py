"""Read a built site as a reader meets it: parse every page, collect links and anchors."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import html as lxml_html


@dataclass
class Page:
    """One HTML file: its URL path, ids, and outgoing links (resolved, site-relative)."""

    url: str
    ids: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)  # site-relative "path#frag" (path '' = home)
    external: list[str] = field(default_factory=list)
    tree: object = None


def url_of(path: Path, root: Path) -> str:
    """Site-relative URL of an HTML file: `actors/iran/` for actors/iran/index.html."""
    rel = path.relative_to(root).as_posix()
    return rel[: -len("index.html")] if rel.endswith("index.html") else rel


def resolve(page_url: str, href: str) -> str | None:
    """Site-relative target of href on page_url, or None for external links."""
    parts = urlsplit(href)
    if parts.scheme or href.startswith("//"):
        return None
    base = posixpath.dirname(page_url.rstrip("/") + "/x") if page_url else ""
    path = unquote(parts.path)
    if path:
        joined = posixpath.normpath(posixpath.join(base, path))
        joined = "" if joined == "." else joined
        if path.endswith("/") and joined:
            joined += "/"
    else:
        joined = page_url
    return joined + ("#" + parts.fragment if parts.fragment else "")


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


def target_exists(root: Path, pages: dict[str, Page], target: str) -> bool:
    """True when a site-relative target (with optional fragment) exists in the built site."""
    path, _, fragment = target.partition("#")
    if path == "" or path.endswith("/"):
        page = pages.get(path)
        if page is None:
            return False
        return not fragment or fragment in page.ids
    return (root / path).is_file()
