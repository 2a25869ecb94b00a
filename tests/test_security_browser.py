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
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import build_folder
from xss_corpus import SENTINEL, hostile_corpus

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
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
        if (!["http:", "https:", "mailto:"].includes(url.protocol)) bad.push(`${el.tagName} ${name}=${attr.value}`);
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
  return { bad, anchors, text: document.body ? document.body.innerText : "" };
}
"""


# A click as the reader's would be: on HTML and SVG links alike (SVG elements have no click()).
CLICK = "i => document.querySelectorAll('a[href]')[i].dispatchEvent(new MouseEvent('click', {bubbles: true, cancelable: true, view: window}))"


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
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip("Debian chromium is not installed (.ci/run installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--no-first-run"])
        yield chromium
        chromium.close()


class Session:
    """One browser context on the local site, recording every sign of script running."""

    def __init__(self, browser, origin: str):
        self.origin = origin
        self.calls: list[tuple] = []
        self.dialogs: list[str] = []
        self.context = browser.new_context(bypass_csp=True, java_script_enabled=True)
        self.context.add_init_script(INIT)
        self.context.expose_binding("__reportXss", lambda source, how, detail, url: self.calls.append((how, detail, url)))
        self.context.route("**/*", self._only_local)
        self.page = self.context.new_page()
        self.page.on("dialog", self._dialog)
        self.page.set_default_timeout(15_000)

    def _only_local(self, route):
        if route.request.url.startswith(self.origin):
            route.continue_()
        else:
            route.abort()

    def _dialog(self, dialog):
        self.dialogs.append(f"{dialog.type}: {dialog.message} at {self.page.url}")
        dialog.dismiss()

    def close(self):
        self.context.close()


def pages_of(site: Path) -> list[str]:
    """Site-relative URL of every HTML page."""
    urls = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if not rel.startswith("_canary"):
            urls.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    return urls


def test_the_harness_notices_script_that_runs(browser, server):
    session = Session(browser, server)
    try:
        session.page.goto(server + "_canary/")
        session.page.wait_for_timeout(200)
        session.page.click("#c")
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
            page.goto(server + url, wait_until="load")
            audit = page.evaluate(DOM_AUDIT)
            problems += [f"{url}: {what}" for what in audit["bad"]]
            if url.startswith(("actors/xss-", "incidents/xss-", "stakes/xss-", "briefings/xss-")):
                assert "{{ 7*191 }}" in audit["text"], url  # template syntax shown as written
            assert SENTINEL not in audit["text"], url  # … and never run
            for index, href in audit["anchors"]:
                target = urlsplit(href)
                if not href.startswith(server):
                    assert target.scheme in ("http", "https", "mailto"), (url, href)
                    continue  # leaves the site: nothing of ours runs there
                document = href.partition("#")[0]
                in_page = "#" in href and document == server + url
                if not in_page and document in followed:
                    continue  # each other page is followed once; every page is also opened directly
                if clicked >= MAX_CLICKS:
                    continue
                clicked += 1
                if in_page:  # an anchor on this page: no navigation, so click and carry on
                    page.evaluate(CLICK, index)
                    continue
                followed.add(document)
                with page.expect_navigation(wait_until="load", timeout=15_000):  # click once evaluate returned
                    page.evaluate(f"i => setTimeout(() => ({CLICK})(i), 0)", index)
                page.goto(server + url, wait_until="load")
        assert clicked > 100
    finally:
        session.close()
    assert problems == []
    assert session.calls == []
    assert session.dialogs == []


def test_searching_for_the_payloads_runs_none(browser, server, hostile_site):
    if not (hostile_site / "search" / "index.html").exists():
        pytest.skip("this build has no search page")
    session = Session(browser, server)
    try:
        page = session.page
        page.goto(server + "search/", wait_until="load")
        box = page.locator("input.pagefind-ui__search-input")
        box.wait_for()
        for query in ("script", "xss", "onerror", "svg onload", "7*191", "javascript"):
            box.fill(query)
            page.wait_for_selector(".pagefind-ui__result", timeout=15_000)
            page.wait_for_timeout(300)
            assert not page.evaluate(DOM_AUDIT)["bad"], query
            links = page.locator(".pagefind-ui__result-link")
            for i in range(min(links.count(), 3)):  # open a few results the way a reader would
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
