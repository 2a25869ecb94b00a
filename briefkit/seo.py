"""Discoverability: absolute URLs from SITEURL, canonical/Open Graph/Twitter tags, sitemap.xml, robots.txt.

Pages link each other relatively; everything read off-site (canonical links,
feeds, sitemaps, structured data, downloads) needs absolute URLs. They are
built from `SITEURL`, or from `PLACEHOLDER` when it is unset, so the output is
always valid (and plainly marked as not yet published).
"""

from __future__ import annotations

from urllib.parse import quote, urlsplit
from xml.sax.saxutils import escape as xml_escape

import idna

from . import model as m
from .bidi import isolated_text

PLACEHOLDER = "https://example.invalid"
SITEMAP_LIMIT = 50_000  # URLs per sitemap file (sitemaps.org protocol)
DESCRIPTIONS = {
    "index": "All {plural} on {site}, with links to their pages.",
    "timeline": "Every briefing and incident on {site}, oldest first.",
    "sources": "Every source cited on {site}, with the pages that cite it.",
    "data": "Open data from {site}: downloads, feeds and their licence.",
}


def base_url(siteurl: str | None) -> str:
    """The absolute site address without a trailing slash: SITEURL when absolute http(s), else PLACEHOLDER; as a URI
    (as_uri): a sitemap's, feed's or canonical link's address must be one, and `https://brèves.example/actualités`
    was written raw into sitemap.xml and robots.txt (a tester)."""
    url = (siteurl or "").strip().rstrip("/")
    return as_uri(url) if is_absolute(url) else PLACEHOLDER


def as_uri(url: str) -> str:
    """An http(s) address in ASCII: the host in IDNA 2008 (`xn--brves-5ra.example`), the rest percent-encoded as UTF-8
    (escapes already written are kept); an address already ASCII, or a host IDNA refuses, as it was."""
    if url.isascii():
        return url
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:  # IDNA 2008 (UTS #46, non-transitional), as browsers and registries: Python's codec, IDNA 2003, made
        ascii_host = idna.encode(host, uts46=True, transitional=False).decode("ascii") if not host.isascii() else host
    except idna.IDNAError:  # `https://faß.de` `fass.de`, another domain (a reviewer). A symbol IDNA 2008 refuses
        try:  # (`i♥.ws`, registered under IDNA 2003): its IDNA 2003 form; a label both refuse: as written
            ascii_host = host.encode("idna").decode("ascii")
        except UnicodeError:
            ascii_host = host
    netloc = parts.netloc.rsplit("@", 1)
    where = netloc[-1].lower().replace(host, ascii_host, 1)  # host and port (urlsplit lowercased the host)
    netloc = quote(netloc[0], safe=_KEPT) + "@" + where if len(netloc) == 2 else where
    return parts._replace(netloc=netloc, path=quote(parts.path, safe=_KEPT)).geturl()


_KEPT = "/%:@!$&'()*+,;=-._~"  # RFC 3986's reserved and unreserved characters, and escapes written already


def is_absolute(url: str) -> bool:
    """True for a full http(s) address, with its host (`https://example.org/news/briefs`)."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:  # `http://[x`: no address
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname) and not any(c.isspace() for c in url.strip())


def root_path(siteurl: str | None) -> str:
    """The site's root as a path from the host (`/news/briefs/`; `/` without SITEURL): links that work at any depth
    and on any host serving the site, a local preview too, which the absolute address would leave."""
    return urlsplit(base_url(siteurl)).path.rstrip("/") + "/" if siteurl else "/"


def absolute(base: str, url: str) -> str:
    """The absolute form of a site-relative URL (`actors/iran/`, `` for home), a content page's non-ASCII slug
    percent-encoded (`%C3%BCber-uns/`): a sitemap's address must be a URL (a tester)."""
    return f"{base}/{url if url.isascii() else quote(url, safe='/#')}"


def feed_links(spec, name: str = "") -> list[dict]:
    """Feeds a page announces: its own (actor or stake, titled with its name: a reader's list of feeds to subscribe
    to could not tell Iran's from Kataib Hezbollah's, a tester), then the briefings feed."""
    from .feeds import ALL_BRIEFINGS, entity_feed_path

    links = []
    if spec.kind in ("actor", "stake"):
        links.append({"href": entity_feed_path(spec.kind, spec.key),
                      "title": f"{isolated_text(name)}: briefings and incidents" if name else "Briefings and incidents"})
    links.append({"href": ALL_BRIEFINGS, "title": "All briefings"})
    return links


def page_meta(views, spec, ctx: dict) -> dict:
    """Head data of one page: canonical URL, Open Graph and Twitter tags, feed links, JSON-LD."""
    from . import jsonld
    from .views import title_of  # views builds on this module

    site = views.site
    base = site.get("base") or base_url(site.get("url"))
    name = site.get("name", "")
    url = absolute(base, spec.url)
    title = isolated_text(ctx.get("page_title") or name)  # as the tab's: a card laid out by its first letter (a tester)
    description = ctx.get("description") or default_description(spec, site, title)
    og = [("og:type", "article" if spec.kind == "briefing" else "website"), ("og:title", title),
          ("og:description", description), ("og:url", url), ("og:site_name", name)]
    if spec.kind == "briefing":
        data = views.p.entities[spec.key].data
        og.append(("article:published_time", data["date"].iso()))
        if data.get("updated"):
            og.append(("article:modified_time", data["updated"].iso()))
    twitter = [("twitter:card", "summary"), ("twitter:title", title), ("twitter:description", description)]
    structured = None
    if spec.kind in m.PAGE_KINDS:
        structured = jsonld.script(jsonld.entity_graph(views, views.p.entities[spec.key], base))
    elif spec.kind == "data":
        structured = jsonld.script(jsonld.dataset(site, base))
    named = title_of(views.p.entities[spec.key]) if spec.kind in ("actor", "stake") else ""
    return {"canonical": url, "og": og, "twitter": twitter, "feeds": feed_links(spec, named), "jsonld": structured,
            "description": description}


def default_description(spec, site: dict, title: str = "") -> str:
    """A description for pages without a summary of their own."""
    name = site.get("name", "")
    if spec.kind in m.PAGE_KINDS:
        return f"{title}: {spec.kind} on {name}."
    if spec.kind in DESCRIPTIONS:
        return DESCRIPTIONS[spec.kind].format(plural=m.PLURALS.get(spec.key, spec.key), site=name)
    if spec.kind != "home" and title and title != name:  # a filter's page names its filter (`Incidents in Iraq`)
        return f"{title}, on {name}."
    return site.get("description") or f"{name}: briefings, actors, incidents and diplomatic stakes, with their sources."


def sitemap_files(base: str, urls: list[str]) -> list[tuple[str, str]]:
    """(path, XML) of `sitemap.xml`, split under a sitemap index when there are more than SITEMAP_LIMIT URLs."""
    urls = sorted(set(urls))
    if len(urls) <= SITEMAP_LIMIT:
        return [("sitemap.xml", _urlset(base, urls))]
    parts = [urls[i : i + SITEMAP_LIMIT] for i in range(0, len(urls), SITEMAP_LIMIT)]
    files = [(f"sitemap-{n}.xml", _urlset(base, part)) for n, part in enumerate(parts, 1)]
    index = "".join(f"<sitemap><loc>{xml_escape(absolute(base, path))}</loc></sitemap>\n" for path, _ in files)
    head = '<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
    return [("sitemap.xml", head + index + "</sitemapindex>\n"), *files]


def _urlset(base: str, urls: list[str]) -> str:
    """One sitemap file listing site-relative urls."""
    rows = "".join(f"<url><loc>{xml_escape(absolute(base, url))}</loc></url>\n" for url in urls)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            + rows + "</urlset>\n")


def robots_txt(base: str) -> str:
    """robots.txt: everything may be crawled; the sitemap's address."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {absolute(base, 'sitemap.xml')}\n"
