"""No text in a fact sheet runs script in a reader's browser.

The XSS corpus (xss_corpus.py) goes into every text, Markdown and URL field of a valid
set of fact sheets; the site is built and served on 127.0.0.1, and headless Chromium
opens every page with `window.xss` defined, checks the DOM for anything that could run,
clicks every link and searches the search page for the payloads. Zero calls, zero
dialogs, and template syntax shown as written.

The Content-Security-Policy is switched off in the browser (`bypass_csp`) so that this
test proves the escaping on its own; test_security_render.py checks the policy itself.
A canary page proves the harness notices script that does run.
"""

from __future__ import annotations

import functools
import os
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit
import json
import re

from lxml import etree

import pytest

from playwright.sync_api import TimeoutError as PlaywrightTimeout

from conftest import build_folder
from xss_corpus import SENTINEL, hostile_corpus

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("BRIEFKIT_CHROMIUM", "/usr/bin/chromium")  # as test_browser.py: the README's variable
MAX_CLICKS = 1500  # the whole site is ~60 pages; this is a bound, not a sample

INIT = """
(() => {
  const report = (how, detail) => { try { window.__reportXss(how, String(detail), location.href); } catch (e) {} };
  Object.defineProperty(window, "xss", { value: (...args) => report("xss()", args.join(",")), writable: false });
  document.addEventListener("securitypolicyviolation", e => report("csp", e.violatedDirective + " " + e.blockedURI));
})();
"""

# Everything in the DOM that could run script, or load it from elsewhere.
DOM_AUDIT = """
() => {
  const bad = [];
  const here = location.origin;
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase(), value = attr.value.trim().toLowerCase();
      if (name.startsWith("on")) bad.push(`${el.tagName} has handler ${name}`);
      if (name === "srcdoc") bad.push(`${el.tagName} has srcdoc`);
      if (name === "style" && /url\\(|expression|javascript/.test(value)) bad.push(`${el.tagName} style ${value}`);
      if (["href", "src", "action", "formaction", "xlink:href", "data", "poster", "background"].includes(name)) {
        let url;
        try { url = new URL(attr.value, document.baseURI); } catch (e) { continue; }
        // Pagefind's search form (its own code, not our text) stops submission this way.
        const pagefindForm = el.tagName === "FORM" && attr.value === "javascript:void(0);" && el.closest(".pagefind-ui");
        if (!["http:", "https:", "mailto:"].includes(url.protocol) && !pagefindForm) bad.push(`${el.tagName} ${name}=${attr.value}`);
        if (name !== "href" && name !== "action" && url.origin !== here) bad.push(`${el.tagName} loads ${attr.value}`);
      }
    }
  }
  for (const s of document.querySelectorAll("script")) {
    const type = (s.getAttribute("type") || "").toLowerCase();
    if (s.hasAttribute("src")) {
      if (new URL(s.src).origin !== here) bad.push(`script from ${s.src}`);
    } else if (type !== "application/ld+json") {
      bad.push(`inline script: ${s.textContent.slice(0, 80)}`);
    }
  }
  for (const tag of ["iframe", "frame", "object", "embed", "base", "applet"]) {
    for (const el of document.getElementsByTagName(tag)) bad.push(`<${tag}> element`);
  }
  for (const el of document.querySelectorAll("meta[http-equiv]")) {
    if (el.httpEquiv.toLowerCase() === "refresh") bad.push("meta refresh");
  }
  const anchors = [...document.querySelectorAll("a[href]")].map((a, i) => {  // SVG links too
    try { return [i, new URL(a.getAttribute("href"), document.baseURI).href]; } catch (e) { return [i, "invalid:"]; }
  });
  return { bad, anchors, text: document.body ? document.body.textContent : "" };
}
"""



class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # the browser drops connections when a click leaves a page: not our concern


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    """The hostile corpus, built (it must pass `check`: every payload here is accepted text)."""
    base = tmp_path_factory.mktemp("xss")
    sheets = base / "briefings"
    sheets.mkdir()
    for name, text in hostile_corpus().items():
        (sheets / name).write_text(text, encoding="utf-8")
    result = build_folder(sheets, base / "site", BRIEFKIT_CACHE_DIR=str(base / "cache"))
    assert result.returncode == 0, result.stdout + result.stderr
    canary = base / "site" / "_canary"
    canary.mkdir()
    (canary / "index.html").write_text("<!doctype html><p>canary</p><img src=x onerror=window.xss()>"
                                       "<a id=c href=\"javascript:window.xss()\">c</a>", encoding="utf-8")
    return base / "site"


@pytest.fixture(scope="module")
def server(hostile_site):
    handler = functools.partial(_Quiet, directory=str(hostile_site))
    httpd = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def browser():
    assert os.access(CHROMIUM, os.X_OK), f"no Chromium at {CHROMIUM}: apt-get install chromium (.ci/run does), or " \
                                         "set BRIEFKIT_CHROMIUM"
    from playwright.sync_api import sync_playwright  # noqa: F811

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--no-first-run"])
        yield chromium
        chromium.close()


class Session:
    """One browser context on the local site, recording every sign of script running.

    Only 127.0.0.1 is reachable. While `hold` is set, every navigation that loads a
    document is recorded and cancelled, so every link of a page can be clicked in place
    (a `javascript:` link would still run: it makes no request).
    """

    def __init__(self, browser, origin: str):
        self.origin = origin
        self.calls: list[tuple] = []
        self.dialogs: list[str] = []
        self.navigations: list[str] = []
        self.hold: str | None = None  # the document the page must stay on
        self.context = browser.new_context(bypass_csp=True, java_script_enabled=True, accept_downloads=False)
        self.context.add_init_script(INIT)
        self.context.expose_binding("__reportXss", lambda source, how, detail, url: self.calls.append((how, detail, url)))
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("dialog", self._dialog)
        self.page.on("request", self._request)
        self.page.set_default_timeout(15_000)

    def _route(self, route):
        request = route.request
        if self.hold and request.is_navigation_request():  # even a reload of the page itself
            route.abort("aborted")  # "aborted" keeps the page; another error would show an error page
        elif not request.url.startswith(self.origin):
            route.abort()
        elif request.resource_type in ("stylesheet", "font", "media", "image"):
            route.abort()  # not needed to run script (an image's onerror still fires), and it saves time
        else:
            route.continue_()

    def _request(self, request):
        if self.hold and request.is_navigation_request():
            self.navigations.append(request.url)

    def _dialog(self, dialog):
        self.dialogs.append(f"{dialog.type}: {dialog.message} at {self.page.url}")
        dialog.dismiss()

    def close(self):
        self.context.close()


def pages_of(site: Path, suffixes=(".html",)) -> list[str]:
    """Site-relative URL of every file with one of suffixes (an HTML page as its folder)."""
    urls = []
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if path.suffix in suffixes and not rel.startswith(("_canary", "pagefind/")):
            urls.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    return urls


# Clicks as a reader's: on HTML and SVG links alike (SVG elements have no click()).
CLICK = """
indexes => {
  const links = document.querySelectorAll("a[href]");
  for (const i of indexes) links[i].dispatchEvent(new MouseEvent("click", { bubbles: true, cancelable: true, view: window }));
}
"""


def click_in_place(session, indexes: list[int], navigates: bool) -> None:
    """Click links; for one that leaves the page, wait until its navigation is seen (and cancelled).

    One at a time, or a later click would cancel an earlier one before it ran; in-page
    anchors (`#…` on this page) do not navigate and are clicked together.
    """
    if not navigates:
        session.page.evaluate(CLICK, indexes)
        return
    for index in indexes:
        try:
            with session.page.expect_request(lambda request: request.is_navigation_request(), timeout=1000):
                session.page.evaluate(CLICK, [index])
        except PlaywrightTimeout:
            pass  # no request: a `javascript:` link would be such a one (DOM_AUDIT fails it anyway)


def test_the_harness_notices_script_that_runs(browser, server):
    session = Session(browser, server)
    try:
        session.page.goto(server + "_canary/")
        session.hold = server + "_canary/"
        click_in_place(session, [0], navigates=True)
        session.page.wait_for_timeout(200)
        assert [how for how, _, _ in session.calls] == ["xss()", "xss()"]
    finally:
        session.close()


def test_no_payload_runs_on_any_page_even_when_every_link_is_clicked(browser, server, hostile_site):
    urls = pages_of(hostile_site)
    assert len(urls) > 40
    session = Session(browser, server)
    problems, clicked, followed = [], 0, set()
    try:
        page = session.page
        for url in urls:
            here = server + url
            session.hold = None
            page.goto(here, wait_until="domcontentloaded")
            session.hold = here
            audit = page.evaluate(DOM_AUDIT)
            problems += [f"{url}: {what}" for what in audit["bad"]]
            if url.startswith(("actors/xss-", "incidents/xss-", "stakes/xss-", "briefings/xss-")):
                assert "{{ 7*191 }}" in audit["text"], url  # template syntax shown as written
            assert SENTINEL not in audit["text"], url  # … and never run
            in_page, leaving = [], []
            for index, href in audit["anchors"]:
                scheme = urlsplit(href).scheme
                if scheme == "mailto":
                    continue  # hands over to a mail program
                if not href.startswith(server):  # leaves the site (cancelled here): http(s) only
                    assert scheme in ("http", "https"), (url, href)
                document = href.partition("#")[0]
                if document == here and "#" in href:
                    in_page.append(index)
                elif document not in followed:  # each target once: the site repeats its menus on every page
                    followed.add(document)
                    leaving.append(index)
            leaving = leaving[: max(0, MAX_CLICKS - clicked)]
            click_in_place(session, in_page, navigates=False)
            click_in_place(session, leaving, navigates=True)
            clicked += len(in_page) + len(leaving)
            assert page.url.partition("#")[0] == here  # every click's navigation was held
        assert clicked > 150
        assert len(session.navigations) >= len(followed) - 1  # every link that leaves did navigate
    finally:
        session.close()
    assert problems == []
    assert session.calls == []
    assert session.dialogs == []


def test_no_payload_runs_in_feeds_svg_or_other_files(browser, server, hostile_site):
    # XML (feeds, sitemap) and SVG opened on their own are documents that could run script.
    urls = pages_of(hostile_site, (".xml", ".svg", ".json", ".geojson", ".txt", ".csv"))
    assert any(url.endswith(".xml") for url in urls)
    session = Session(browser, server)
    try:
        for url in urls:
            try:
                session.page.goto(server + url, wait_until="load")
            except Exception as error:  # a download (CSV) is no document
                assert "ERR_ABORTED" in str(error) or "Download" in str(error), (url, error)
                continue
            session.page.wait_for_timeout(50)
    finally:
        session.close()
    assert session.calls == []
    assert session.dialogs == []


def test_searching_for_the_payloads_runs_none(browser, server, hostile_site):
    assert (hostile_site / "search" / "index.html").exists(), "every build has a search page"
    session = Session(browser, server)
    try:
        page = session.page
        page.goto(server + "search/", wait_until="load")
        box = page.locator("input.pagefind-ui__search-input")
        box.wait_for()
        for query in ("script", "onerror", "7*191"):
            box.fill(query)
            page.wait_for_selector(".pagefind-ui__result", timeout=15_000)
            page.wait_for_timeout(300)
            assert not page.evaluate(DOM_AUDIT)["bad"], query
            links = page.locator(".pagefind-ui__result-link")
            for i in range(min(links.count(), 1)):  # open a result the way a reader would
                links.nth(i).click()
                page.wait_for_load_state("load")
                page.go_back(wait_until="load")
                box = page.locator("input.pagefind-ui__search-input")
                box.wait_for()
                box.fill(query)
                page.wait_for_selector(".pagefind-ui__result", timeout=15_000)
    finally:
        session.close()
    assert session.calls == []
    assert session.dialogs == []


# --- inline data and feeds (no browser needed) -------------------------------------------------------


def json_strings(value):
    """Every string in a JSON value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from json_strings(item)


def test_inline_json_cannot_end_its_script(hostile_site):
    blocks = 0
    carried = set()
    for page in sorted(hostile_site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        for match in re.finditer(r"<script\b([^>]*)>(.*?)</script>", text, re.S | re.I):
            attributes, body = match.groups()
            if "src=" in attributes:
                continue
            assert 'type="application/ld+json"' in attributes, (page, attributes)
            blocks += 1
            assert "<" not in body and ">" not in body and "&" not in body, page  # no `</script>`, `<!--`, entity
            data = json.loads(body)  # a payload that ended the block early would leave broken JSON
            carried.update(s for s in json_strings(data) if "window.xss()" in s)
    assert blocks >= 16
    assert any("</script><script>window.xss()</script>" in s for s in carried)  # the payload is kept, as data


def test_feeds_are_well_formed_and_their_html_is_inert(hostile_site):
    from test_security_render import audit_html

    feeds = sorted(hostile_site.rglob("*.xml"))
    assert feeds
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    html_parts = 0
    for feed in feeds:
        tree = etree.parse(str(feed), parser)
        assert tree.docinfo.doctype == "", feed  # no DTD, so no entity tricks
        for element in tree.iter():
            if not isinstance(element.tag, str):
                continue
            assert not element.tag.startswith("{http://www.w3.org/1999/xhtml}"), feed  # no live XHTML
            assert not any(name.startswith("on") for name in element.attrib), feed
            if element.get("type") == "html" and element.text:
                html_parts += 1
                assert audit_html(element.text) == [], (feed, element.text[:200])
            if element.get("type") == "xhtml":
                assert audit_html(etree.tostring(element, encoding="unicode")) == [], feed
    assert html_parts
