"""Link check of a built site: every relative link and #anchor must resolve inside the output folder.

Reads each HTML file once with the standard library's parser, collects its
ids and the links it makes (`href` of a, link and area; `src` of img, script,
iframe, source, audio, video and track; `action` of form), and resolves each
relative link to a page (`actors/iran/`), a file, and an anchor on the target
page. External links (with a scheme, or `//host`) are not fetched.

`python scripts/linkcheck.py output` (or `make linkcheck`) prints each broken
link as `path:line:column: message` and exits 1 when there is any.
"""

from __future__ import annotations

import posixpath
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .problems import WARNING, Problem, render

LINK_ATTRIBUTES = {"a": "href", "link": "href", "area": "href", "img": "src", "script": "src", "iframe": "src",
                   "source": "src", "audio": "src", "video": "src", "track": "src", "form": "action"}


@dataclass
class PageLinks:
    """One HTML file: its ids and its relative links with their places."""

    url: str
    ids: set[str] = field(default_factory=set)
    links: list[tuple[str, str, int, int]] = field(default_factory=list)  # (href, resolved target, line, column)


def url_of(path: Path, root: Path) -> str:
    """Site-relative URL of an HTML file: `actors/iran/` for actors/iran/index.html."""
    rel = path.relative_to(root).as_posix()
    return rel[: -len("index.html")] if rel.endswith("index.html") else rel


def resolve(page_url: str, href: str, site_path: str = "/") -> str | None:
    """Site-relative target of href on page_url, or None for external links. site_path: the path the site is
    published at (SITEURL's: `/repo/`), which a link from the host's root begins with."""
    parts = urlsplit(href)
    if parts.scheme or href.startswith("//"):
        return None
    base = posixpath.dirname(page_url.rstrip("/") + "/x") if page_url else ""
    path = unquote(parts.path)
    if path.startswith("/"):  # from the host's root (the 404 page's links, which a host serves anywhere)
        inside = path.startswith(site_path) or path + "/" == site_path
        if not inside:  # `/actors/iran/` on a site at `/repo/` leads off it, to a page no build makes (a tester)
            return path + ("#" + parts.fragment if parts.fragment else "")
        base, path = "", path[len(site_path) :] or "./"
    if path:
        joined = posixpath.normpath(posixpath.join(base, path))
        joined = "" if joined == "." else joined
        if path.endswith("/") and joined:
            joined += "/"
    else:
        joined = page_url
    return joined + ("#" + parts.fragment if parts.fragment else "")


def target_exists(root: Path, pages: dict, target: str) -> bool:
    """True when a site-relative target (with optional fragment) exists in the built site.

    `pages` maps page URLs to objects with an `ids` set (PageLinks, or tests' parsed pages).
    """
    path, _, fragment = target.partition("#")
    if path == "" or path.endswith("/"):
        page = pages.get(path)
        if page is None:
            return False
        return not fragment or unquote(fragment) in page.ids
    if path.startswith("../") or path == "..":
        return False
    if fragment and path in pages:
        return unquote(fragment) in pages[path].ids
    return (root / path).is_file()


class _Collector(HTMLParser):
    """Collects ids and link attributes of one document, with their places."""

    def __init__(self, page: PageLinks, site_path: str = "/"):
        super().__init__(convert_charrefs=True)
        self.page, self.site_path = page, site_path

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if values.get("id"):
            self.page.ids.add(values["id"])
        if tag == "a" and values.get("name"):
            self.page.ids.add(values["name"])
        attribute = LINK_ATTRIBUTES.get(tag)
        href = values.get(attribute) if attribute else None
        if href is not None:
            target = resolve(self.page.url, href.strip(), self.site_path)
            if target is not None:
                line, offset = self.getpos()
                self.page.links.append((href, target, line, offset + 1))

    handle_startendtag = handle_starttag


def site_path(root: Path) -> str:
    """The path the site in root is published at, from its robots.txt's `Sitemap:` line (`/repo/` for a GitHub
    project site: its 404 page links from the host's root, and `make linkcheck` had failed every such site, a
    tester); `/` when it says none."""
    try:
        text = (root / "robots.txt").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "/"
    for line in text.splitlines():
        if line.lower().startswith("sitemap:"):
            path = urlsplit(line.split(":", 1)[1].strip()).path
            return path[: -len("sitemap.xml")] if path.endswith("/sitemap.xml") else "/"
    return "/"


def scan(root: Path) -> dict[str, PageLinks]:
    """Every HTML page under root, by site-relative URL."""
    pages, published_at = {}, site_path(root)
    for path in sorted(root.rglob("*.html")):
        page = PageLinks(url_of(path, root))
        collector = _Collector(page, published_at)
        collector.feed(path.read_text(encoding="utf-8", errors="replace"))
        collector.close()
        pages[page.url] = page
    return pages


def broken_links(root: Path) -> list[Problem]:
    """A problem for every relative link or anchor in the site that does not resolve."""
    root = Path(root)
    pages = scan(root)
    problems = []
    for url, page in pages.items():
        file = root / (url + "index.html" if url == "" or url.endswith("/") else url)
        for href, target, line, column in page.links:
            if not target_exists(root, pages, target):
                path, _, fragment = target.partition("#")
                missing = (f"no anchor `{fragment}` on /{path}" if fragment and (path in pages or path == url) else
                           "it leads off the site's path" if path.startswith("/") else f"no page or file /{path}")
                problems.append(Problem(str(file), line, column, f"broken link `{href}`: {missing}"))
    return problems


def unknown_page_links(links, files: set[str], folders: tuple[str, ...] = ()) -> list[Problem]:
    """A warning for each Markdown link to a page or file of the site (validate.PageLink, in a fact sheet or a content
    page) that the build does not write: files are the output's files (`methodology/index.html`, `data/graph.json`),
    folders the prefixes whose files are all the site's (the search index's, the feeds'). Said while building, before
    a reader meets a 404; "did you mean" looks among the pages only when a link is broken (a trigram index, not a
    scan per link)."""
    from .suggest import Suggester, did_you_mean

    problems, pages = [], None
    for link in links:
        path = link.path
        if (path.startswith(folders) and not path.endswith("/")) or _written(path, files):  # a folder there: no page
            continue
        where = f"`{link.where}`: " if link.where else ""
        if path and not path.endswith("/") and path + "/index.html" in files:  # `/map`: works where a server redirects
            from .markup import last_slash_message  # as a sheet's link to an entity's page is told (validate.py)

            problems.append(Problem(link.file, link.line, link.column, where + last_slash_message(link.url), WARNING))
            continue
        if pages is None:
            pages = Suggester(f[: -len("index.html")] for f in files if f.endswith("index.html"))
        hint = did_you_mean(pages.suggest_all(path.rstrip("/") + "/"))
        problems.append(Problem(link.file, link.line, link.column,
                                f"{where}link to `{link.url}`: the site has no page or file at `{path or '/'}`{hint}",
                                WARNING))
    return problems


def _written(path: str, files: set[str]) -> bool:
    """True when the build writes the page or file at path: a folder's index.html, or a file."""
    return (path + "index.html" if path == "" or path.endswith("/") else path) in files


def main(argv: list[str] | None = None) -> int:
    """Check the site folder named on the command line; 0 when every link resolves."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1 or args[0] in ("-h", "--help"):
        print("usage: linkcheck.py SITE_FOLDER   (every relative link and #anchor must resolve)", file=sys.stderr)
        return 2
    root = Path(args[0])
    if not (root / "index.html").is_file():
        print(f"{root}: no index.html; build the site first (make html)", file=sys.stderr)
        return 2
    problems = broken_links(root)
    pages = len(list(root.rglob("*.html")))
    if problems:
        print(render(problems))
    print(f"{'FAILED' if problems else 'OK'}: {pages} pages, {len(problems)} broken links", file=sys.stderr)
    return 1 if problems else 0
