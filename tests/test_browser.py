"""The built seed site in a real browser: headless Chromium (Debian's /usr/bin/chromium) driven by Playwright.

Every kind of page opens with no console error and no request to another host; axe-core
(vendored in tests/vendor/axe-core) finds no serious or critical accessibility violation in
light or dark mode; no page scrolls sideways on a 360 px phone; Pagefind finds actors by
alias in Latin, Arabic and Persian script; pages work with JavaScript off. Screenshots of
the home page and a briefing page (desktop 1280 px and phone 360 px, plus dark and print
renderings) go to tests/_artifacts/screenshots/ (the path is printed).

These tests never skip: without Chromium they fail with instructions (.ci/run installs it).
"""

from __future__ import annotations

import functools
import hashlib
import http.server
import os
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = os.environ.get("BRIEFKIT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-dev-shm-usage"]
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
AXE_SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"  # axe-core 4.14.1
SCREENSHOTS = Path(__file__).parent / "_artifacts" / "screenshots"
BRIEFING = "briefings/us-strikes-eastern-syria-2021-02/"
ENTITY_PAGES = [BRIEFING, "actors/kataib-hezbollah/", "incidents/erbil-rocket-attack-2021-02-15/",
                "stakes/iran-nuclear-deal-revival/"]
NAVIGATION_PAGES = ["incidents/by_country/", "incidents/by_country/iq/", "actors/by_kind/armed-group/",
                    "claims/status/confirmed/"]

pytestmark = pytest.mark.browser


def page_list(site: Path) -> list[str]:
    """Every kind of page: home, every top-level page (indexes, timeline, sources, map, search, about, …),
    the seed's entity pages, and the filter, sort and claims pages."""
    top = sorted(p.parent.name + "/" for p in site.glob("*/index.html"))
    return ["", *top, *ENTITY_PAGES, *NAVIGATION_PAGES]


# --- fixtures ---------------------------------------------------------------------


class _Quiet(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".wasm": "application/wasm",
                      ".js": "text/javascript", ".pagefind": "application/octet-stream"}

    def log_message(self, *args):
        pass


@contextmanager
def _serving(folder: Path):
    """A folder on http://127.0.0.1:<free port>/ (a thread of this process): yields the URL."""
    handler = functools.partial(_Quiet, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="module")
def server(seed_output):
    """The seed site, served."""
    with _serving(seed_output) as url:
        yield url


@pytest.fixture(scope="module")
def shapes_server(shapes_output):
    """The seed site with tests/shapes/ beside it, served."""
    with _serving(shapes_output) as url:
        yield url


@pytest.fixture(scope="module")
def sharded_server(tmp_path_factory):
    """The seed site built with 4 documents per search index (about 6 indexes, merged by the search page)."""
    from conftest import SEED, build_folder

    base = tmp_path_factory.mktemp("sharded")
    result = build_folder(SEED, base / "site", BRIEFKIT_CACHE_DIR=str(base / "cache"), SEARCH_SHARD_SIZE="4")
    assert result.returncode == 0, result.stderr
    with _serving(base / "site") as url:
        yield url, base / "site"


FOLDING_SHEET = """\
briefing:
  id: b
  title: Senkaku and Tigray
  date: 2010
  summary: "[[jcg]], [[yerevan]], [[debretsion]], [[maliuk]], [[stepanakert]] and [[iran]]"
  sources: [s]
actors:
  - id: jcg
    name: Japan Coast Guard
    kind: government-body
    aliases: ["ＮＨＫによると、漁船５１７９号"]
    summary: "BBC News reported it."
  - id: yerevan
    name: Yerevan city hall
    kind: government-body
    aliases: ["Երևանի քաղաքապետարան"]
  - id: debretsion
    name: Debretsion Gebremichael
    kind: person
    aliases: ["ደብረጽዮን፡ገብረሚካኤል"]
  - id: iran
    name: Iran
    kind: state
    aliases: [ایران, كتائب]
  - id: maliuk
    name: Vasyl Maliuk
    kind: person
    aliases: ["Вʼячеслав Тестенко"]
  - id: stepanakert
    name: Stepanakert city hall
    kind: government-body
    aliases: ["Xankəndi şəhər icra hakimiyyəti", "Dağlıq Qarabağ", "Urząd Miasta Łodzi", "Hawaiʻi", "Baʿath",
              "Israel–Hamas truce", "Côte d’Ivoire", "Guðni á Alþingi", "قناة الجزيرة"]
sources:
  - id: s
    publisher: P
"""


@pytest.fixture(scope="module")
def folding_server(tmp_path_factory):
    """A small site whose names are written in compatibility forms (ＮＨＫ, ５１７９, և) and with Ethiopic word spaces."""
    from conftest import build_folder

    base = tmp_path_factory.mktemp("folding")
    (base / "briefings").mkdir()
    (base / "briefings" / "a.yaml").write_text(FOLDING_SHEET, encoding="utf-8")
    result = build_folder(base / "briefings", base / "site", BRIEFKIT_CACHE_DIR=str(base / "cache"))
    assert result.returncode == 0, result.stderr
    with _serving(base / "site") as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    """Headless Debian Chromium; fails (never skips) when it is missing."""
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(f"Chromium not found at {CHROMIUM}: the browser tests need Debian's chromium "
                    "(apt-get update && apt-get install -y chromium; .ci/run does this). "
                    "Set BRIEFKIT_CHROMIUM to use another binary.", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


class Recorder:
    """Console errors, page errors and requests to other hosts seen by one browser context."""

    def __init__(self, context, origin: str):
        self.origin = origin
        self.errors: list[str] = []
        self.foreign: list[str] = []
        context.route("**/*", self.route)

    def route(self, route):
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob") or f"{parts.scheme}://{parts.netloc}/" == self.origin:
            route.continue_()
        else:
            self.foreign.append(url)
            route.abort()

    def watch(self, page, label: str):
        page.on("console", lambda m: m.type == "error" and self.errors.append(f"{label}: console: {m.text}"))
        page.on("pageerror", lambda e: self.errors.append(f"{label}: page error: {e}"))
        return page


def _new_context(browser, server, **options):
    context = browser.new_context(base_url=server, **options)
    return context, Recorder(context, server)


def _search_for(page, query: str):
    """Open /search/, type query into Pagefind's box and wait for results: (the box, the result links)."""
    page.goto("search/", wait_until="networkidle")
    box = page.locator(".pagefind-ui__search-input")
    box.wait_for(timeout=15000)
    box.fill(query)
    titles = page.locator(".pagefind-ui__result-link")
    titles.first.wait_for(timeout=15000)
    page.wait_for_timeout(300)  # let the result list settle
    return box, titles


# --- tests ----------------------------------------------------------------------------


def test_every_kind_of_page_opens_cleanly(browser, server, seed_output):
    """No console error, no page error, no request to another host, nothing wider than the screen."""
    context, recorder = _new_context(browser, server, viewport={"width": 1280, "height": 900})
    failures = []
    page = recorder.watch(context.new_page(), "desktop")
    for url in page_list(seed_output):
        response = page.goto(url, wait_until="load")
        if response is None or response.status != 200:
            failures.append(f"{url}: HTTP {response and response.status}")
        if not page.locator("main#main_content h1").count():
            failures.append(f"{url}: no h1 in main")
    context.close()
    assert failures == []
    assert recorder.errors == []
    assert recorder.foreign == []


def test_phone_width_has_no_sideways_scrolling(browser, server, seed_output):
    context, recorder = _new_context(browser, server, viewport={"width": 360, "height": 740}, device_scale_factor=2,
                                     is_mobile=True, has_touch=True)
    too_wide = []
    page = recorder.watch(context.new_page(), "phone")
    for url in page_list(seed_output):
        page.goto(url, wait_until="load")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 360:
            too_wide.append(f"{url}: {width}px")
    context.close()
    assert too_wide == []
    assert recorder.errors == [] and recorder.foreign == []


def test_a_narrow_phone_with_larger_text_has_no_sideways_scrolling_and_the_map_stays_legible(browser, server,
                                                                                            seed_output):
    """At 320 px with the reader's text at 125% (a low-vision setting the theme follows), /claims/' status table, the
    one table outside a scrolling frame, pushed the page sideways; and the overview map shrank to 288 px, its legend 5
    px text, its dots 3 px targets (a tester). The map keeps a readable width in its own scrolling frame."""
    context, recorder = _new_context(browser, server, viewport={"width": 320, "height": 740}, bypass_csp=True)
    page = recorder.watch(context.new_page(), "narrow")
    too_wide = []
    for url in page_list(seed_output):
        page.goto(url, wait_until="load")
        page.add_style_tag(content="html { font-size: 125% !important; }")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            too_wide.append(f"{url}: {width}px")
    page.goto("map/", wait_until="load")
    legend = page.evaluate("Math.min(...[...document.querySelectorAll('.bk-legend text')]"
                           ".map(t => t.getBoundingClientRect().height))")
    context.close()
    assert too_wide == []
    assert legend >= 7
    assert recorder.errors == [] and recorder.foreign == []


def test_a_keyboard_skips_a_pictures_links_to_the_text_after_it(browser, server):
    """On a 1,000-incident map the table's first link was the 652nd stop, after every mark (a tester): a link before
    each picture of links, shown when focused, takes the keyboard past them."""
    context, recorder = _new_context(browser, server, viewport={"width": 1280, "height": 900})
    page = recorder.watch(context.new_page(), "map")
    page.goto("map/", wait_until="load")
    for _ in range(40):  # the skip link comes after the site's menu
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.className") == "skip_picture":
            break
    assert page.evaluate("document.activeElement.getBoundingClientRect().width") > 20  # shown once focused
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    after = page.evaluate("""() => { const e = document.activeElement;
        return [!!e.closest('svg'), !!e.closest('figure'), !!e.closest('table')]; }""")
    context.close()
    assert after == [False, False, True]
    assert recorder.errors == [] and recorder.foreign == []


def test_every_picture_fits_its_frame_on_a_desktop(browser, server, seed_output):
    """The overview map's minimum width (48rem) was wider than the page's column at every window size: its east was
    cut off, and the scroll hint shows on narrow screens only (a tester). At 1280 px nothing needs scrolling."""
    context, recorder = _new_context(browser, server, viewport={"width": 1280, "height": 900})
    page, cut = recorder.watch(context.new_page(), "desktop"), []
    for url in page_list(seed_output):
        page.goto(url, wait_until="load")
        frames = page.evaluate("[...document.querySelectorAll('.picture_frame')].map(f => [f.scrollWidth, f.clientWidth])")
        cut += [f"{url}: {wide} > {shown}" for wide, shown in frames if wide > shown]
    context.close()
    assert "map/" in page_list(seed_output)
    assert cut == []
    assert recorder.errors == [] and recorder.foreign == []


LONG_WORDS = """\
actors:
  - id: insurance-institute
    name: Donaudampfschifffahrtsgesellschaftskapitänswitwenrentenversicherungsanstaltsverwaltungsratsvorsitzender
    kind: organization
    country: "DE"
incidents:
  - id: danube-ferry-fire
    title: Danube ferry fire
    date: 2022-03-01
    kind: Schifffahrtsunfallbrandkatastrophenuntersuchungsausschussberichterstattungsverfahrensordnung
    location: {name: Vienna, country: "AT", lat: 48.2, lon: 16.37}
    actors: [{actor: insurance-institute, role: responder}]
    sources: [dpa-ferry]
stakes:
  - id: danube-shipping-rules
    title: Danube shipping rules
    status: Schifffahrtsordnungsreformverhandlungsrundenvorbereitungsgesprächsterminvereinbarungsphase
sources:
  - id: dpa-ferry
    publisher: dpa
"""


def test_long_unbroken_words_wrap_instead_of_widening_the_page(browser, tmp_path):
    """Names, kinds and statuses are text of any length: the breadcrumb and the filter bar must wrap them."""
    from conftest import SEED, build_folder

    shutil.copytree(SEED, tmp_path / "briefings")
    (tmp_path / "briefings" / "long.yaml").write_text(LONG_WORDS, encoding="utf-8")
    assert build_folder(tmp_path / "briefings", tmp_path / "site").returncode == 0
    handler = functools.partial(_Quiet, directory=str(tmp_path / "site"))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        context, _recorder = _new_context(browser, f"http://127.0.0.1:{httpd.server_address[1]}/",
                                          viewport={"width": 360, "height": 740})
        page, too_wide = context.new_page(), []
        for url in ["actors/insurance-institute/", "incidents/", "incidents/danube-ferry-fire/", "stakes/",
                    "stakes/danube-shipping-rules/", "incidents/by_kind/", "stakes/by_status/"]:
            page.goto(url, wait_until="load")
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 360:
                too_wide.append(f"{url}: {width}px")
        context.close()
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert too_wide == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_violations(browser, server, seed_output, scheme):
    """axe-core on every kind of page; the context bypasses CSP only so that axe can be injected.
    Dark mode changes only colours, so there axe checks colour contrast alone."""
    source = AXE.read_bytes()
    assert hashlib.sha256(source).hexdigest() == AXE_SHA256, "tests/vendor/axe-core/axe.min.js is not axe-core 4.14.1"
    context, recorder = _new_context(browser, server, bypass_csp=True, color_scheme=scheme,
                                     viewport={"width": 1280, "height": 900})
    found = []
    page = recorder.watch(context.new_page(), scheme)
    for url in page_list(seed_output):
        page.goto(url, wait_until="load")
        page.add_script_tag(content=source.decode("utf-8"))
        violations = page.evaluate("""async (dark) => {
            const options = {resultTypes: ['violations']};
            if (dark) options.runOnly = {type: 'rule', values: ['color-contrast']};
            const result = await axe.run(document, options);
            return result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')}`);
        }""", scheme == "dark")
        found += [f"{url or 'home'} [{scheme}]: {v}" for v in violations]
    context.close()
    assert found == []
    assert recorder.foreign == []


SHAPES_PAGES = ["", "briefings/beirut-port-explosion-2020-08/", "actors/michel-aoun/", "incidents/beirut-port-explosion/",
                "incidents/beirut-protests-2020-08/", "sources/", "claims/status/claimed/", "incidents/",
                "briefings/senkaku-boat-collision-2010-09/", "incidents/senkaku-boat-collision/"]


def test_right_to_left_text_footnotes_and_aligned_tables_open_cleanly_and_accessibly(browser, shapes_server):
    """The shapes the seed lacks (tests/shapes/): no console error (an inline style the CSP blocks was one per
    aligned cell), no request to another host, no serious axe violation (a footnote's back-link told apart by
    colour alone was one; a table that scrolls without taking focus another), nothing wider than a 360 px phone
    (a table in a summary and a long word in a code block were), and the Arabic title and quotation laid out right to
    left."""
    source, server = AXE.read_bytes(), shapes_server
    context, recorder = _new_context(browser, server, viewport={"width": 1280, "height": 900})
    page, found = recorder.watch(context.new_page(), "shapes"), []
    phone = context.new_page()
    phone.set_viewport_size({"width": 360, "height": 740})
    too_wide = []
    for url in SHAPES_PAGES:
        response = page.goto(url, wait_until="load")
        assert response is not None and response.status == 200, url
        phone.goto(url, wait_until="load")  # a wide table or a long word in code must not widen the page
        width = phone.evaluate("document.documentElement.scrollWidth")
        if width > 360:
            too_wide.append(f"{url}: {width}px")
    briefing_direction = quote_bar = None
    axe_context, _ = _new_context(browser, server, bypass_csp=True, viewport={"width": 1280, "height": 900})
    axe_page = axe_context.new_page()
    for url in SHAPES_PAGES:
        axe_page.goto(url, wait_until="load")
        if url == SHAPES_PAGES[1]:
            briefing_direction = axe_page.evaluate("getComputedStyle(document.querySelector('main h1')).direction")
            quote_bar = axe_page.evaluate("""() => {  // an Arabic quotation's bar on its right, where its lines begin
                const style = getComputedStyle(document.querySelector('.body blockquote'));
                return [style.borderLeftWidth, style.borderRightWidth, style.paddingLeft, style.paddingRight];
            }""")
        axe_page.add_script_tag(content=source.decode("utf-8"))
        violations = axe_page.evaluate("""async () => {
            const result = await axe.run(document, {resultTypes: ['violations']});
            return result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')}`);
        }""")
        found += [f"{url or 'home'}: {v}" for v in violations]
    axe_context.close()
    context.close()
    assert recorder.errors == []
    assert recorder.foreign == []
    assert found == []
    assert too_wide == []
    assert briefing_direction == "rtl"
    assert quote_bar == ["0px", "3px", "0px", "16px"]


def test_search_says_its_results_in_a_status_region_and_from_a_file_says_why_it_cannot_run(browser, server,
                                                                                           seed_output):
    """Pagefind's "N results for …" was a plain paragraph: a screen reader heard nothing (a tester). It is repeated in a
    role="status" region. Opened from a file (an unzipped CI preview), search said "Searching…" for ever: it says why."""
    context, recorder = _new_context(browser, server)
    page = recorder.watch(context.new_page(), "search/")
    _search_for(page, "Kirby")
    status = page.locator("[role=status]")
    status.filter(has_text="results for Kirby").wait_for(timeout=15000)
    assert status.count() == 1 and "shown)" in status.inner_text()
    context.close()
    assert recorder.errors == [] and recorder.foreign == []
    on_disk = browser.new_context()  # no server: the page's own files only
    local = on_disk.new_page()
    local.goto((seed_output / "search" / "index.html").as_uri(), wait_until="load")
    note = local.locator("#search_ui .search_nojs")
    note.wait_for(timeout=15000)
    assert "served over HTTP" in note.inner_text()
    on_disk.close()


def test_the_search_box_is_followed_by_no_invisible_tab_stop(browser, server):
    """Tab from the empty search box went to Pagefind's Clear button, hidden by opacity alone: focus went nowhere a
    keyboard user could see (a tester). Hidden, it is no tab stop; with text to clear, it is one, and shows."""
    context, recorder = _new_context(browser, server)
    page = recorder.watch(context.new_page(), "search/")
    page.goto("search/", wait_until="networkidle")
    box = page.locator(".pagefind-ui__search-input")
    box.wait_for(timeout=15000)
    box.focus()
    page.keyboard.press("Tab")
    assert "pagefind-ui__search-clear" not in (page.evaluate("document.activeElement.className") or "")
    box.fill("Kirby")
    page.locator(".pagefind-ui__result-link").first.wait_for(timeout=15000)
    box.focus()
    page.keyboard.press("Tab")
    assert "pagefind-ui__search-clear" in page.evaluate("document.activeElement.className")
    assert page.evaluate("getComputedStyle(document.activeElement).opacity") != "0"
    context.close()
    assert recorder.errors == [] and recorder.foreign == []


def test_search_results_with_a_long_word_wrap_on_a_phone(browser, shapes_server):
    """A result whose excerpt holds a long unbroken token widened /search/ to 518–1,463 px at 320 px (found by a
    tester): Pagefind's result markup is outside the site's own wrapping rules."""
    context, recorder = _new_context(browser, shapes_server, viewport={"width": 320, "height": 740})
    page = recorder.watch(context.new_page(), "search/")
    _, titles = _search_for(page, "hangar12")
    assert "Explosion at the port of Beirut" in titles.all_inner_texts()
    assert any("ammonium_nitrate" in text for text in page.locator(".pagefind-ui__result-excerpt").all_inner_texts())
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    context.close()
    assert recorder.errors == [] and recorder.foreign == []


def test_search_results_in_right_to_left_text_are_laid_out_right_to_left(browser, shapes_server):
    """Arabic result titles and excerpts sat flush left, in left-to-right order, where the entity's own page sets
    them right to left (a tester): each takes the direction of most of its letters; English ones stay left to right."""
    context, recorder = _new_context(browser, shapes_server, viewport={"width": 1280, "height": 900})
    page = recorder.watch(context.new_page(), "search/")
    _, titles = _search_for(page, "بيروت")
    shown = page.evaluate("""[...document.querySelectorAll('.pagefind-ui__result-title')].map(t => [
        t.innerText.replace(/[\\u200e\\u200f]/g, '').trim(), getComputedStyle(t).unicodeBidi, t.innerText.charAt(0)])""")
    rows = {title: (bidi, first) for title, bidi, first in shown}
    assert rows["انفجار مرفأ بيروت"] == ("plaintext", "\u200f"), shown
    excerpts = page.locator(".pagefind-ui__result-excerpt").all_inner_texts()
    assert excerpts and not any(char in text for text in excerpts for char in "\u2066\u2067\u2068\u2069"), excerpts
    context.close()
    assert recorder.errors == [] and recorder.foreign == []


@pytest.mark.parametrize("query, expected", [
    ("漁船衝突", "尖閣諸島中国漁船衝突事件"),  # inside a run of Japanese (the briefing's title): found by its first characters only, before
    ("外交部", "中华人民共和国外交部"),  # the end of a Chinese name
    ("詹其雄", "詹其雄"),  # a whole name
    ("巡視船2隻", "尖閣諸島中国漁船衝突事件"),  # across bold markup and a digit, after a wikilink, in a sentence
])
def test_search_finds_words_inside_text_written_without_spaces(browser, shapes_server, query, expected):
    """Chinese and Japanese put no spaces between words: the search documents' extra words (search.unspaced_words)
    make any part of a run findable, and the excerpts shown leave them out and mark what was searched."""
    context, recorder = _new_context(browser, shapes_server, viewport={"width": 1280, "height": 900})
    page = recorder.watch(context.new_page(), "search/")
    _, titles = _search_for(page, query)
    assert expected in titles.all_inner_texts(), query
    excerpts = page.locator(".pagefind-ui__result-excerpt")
    assert excerpts.count() >= 1
    shown = excerpts.all_inner_texts()
    assert not any("\u2042" in text for text in shown)
    # nor the extra words themselves (`船衝突事件 衝突事件 突事件` was shown when ⁂ was out of Pagefind's excerpt)
    assert not any(b != a and a.endswith(b) for text in shown for a, b in zip(text.split(), text.split()[1:])), shown
    assert any(query in marked for marked in page.locator(".pagefind-ui__result-excerpt mark").all_inner_texts())
    # the mark that tells search.js of the extra words is no tag under the result ("Unspaced: 1": a tester)
    assert page.locator("[data-pagefind-ui-meta]").count() == 0
    # nor is their heading (the page's title, #top) a nested result, or the end of the excerpt (a tester)
    assert page.locator(".pagefind-ui__result-link[href$='#top']").count() == 0
    pairs = page.evaluate("""[...document.querySelectorAll('.pagefind-ui__result')].map(r => [
        r.querySelector('.pagefind-ui__result-title').innerText.trim(),
        r.querySelector('.pagefind-ui__result-excerpt').innerText.replace(/[\\s….]+$/, '')])""")
    assert pairs and not any(excerpt.endswith(title) for title, excerpt in pairs), pairs
    context.close()
    assert recorder.errors == [] and recorder.foreign == []


@pytest.mark.parametrize("query, expected", [
    ("كتائب حزب الله", "Kataib Hezbollah"),  # Arabic alias
    ("Hezbollah Brigades", "Kataib Hezbollah"),  # English alias
    ("ایران", "Iran"),  # Persian alias
    ("smuggle weapons", "US strikes Iranian-backed militias in eastern Syria after rocket attacks in Iraq"),  # body text
    ("judge each claim for themselves", "Methodology"),  # a content page's text
])
def test_search_finds_entities_by_alias_and_text(browser, server, query, expected):
    """Pagefind's default UI on /search/, under the site's own Content-Security-Policy."""
    context, recorder = _new_context(browser, server, viewport={"width": 1280, "height": 900})
    page = recorder.watch(context.new_page(), "search/")
    box, titles = _search_for(page, query)
    box.press("Enter")  # submitting keeps the results (and no form has a javascript: action)
    assert page.url.endswith("/search/")
    assert page.evaluate("[...document.forms].every(f => !(f.getAttribute('action') || '').includes('javascript'))")
    assert page.get_by_label("Search names, other names and spellings, and text").count() == 1
    texts = titles.all_inner_texts()
    hrefs = [titles.nth(i).get_attribute("href") for i in range(titles.count())]
    assert expected in texts, (query, texts)
    assert all(h.startswith("/") and not h.startswith("//") for h in hrefs), hrefs
    page.locator(".pagefind-ui__result-link", has_text=expected).first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("main h1").inner_text() == expected
    context.close()
    assert recorder.errors == [] and recorder.foreign == []


@pytest.mark.parametrize("query, expected", [
    ("NHK", "Japan Coast Guard"),  # the text has ＮＨＫ (full-width, as Japanese press writes it)
    ("5179", "Japan Coast Guard"),  # ５１７９
    ("ＢＢＣ", "Japan Coast Guard"),  # the text has BBC; a Japanese input method types ＢＢＣ
    ("Երեւանի", "Yerevan city hall"),  # the text has Երևանի (և is եւ in compatibility form)
    ("ገብረሚካኤል", "Debretsion Gebremichael"),  # after the Ethiopic word space ፡ with no space
    ("ايران", "Iran"),  # Arabic yeh, as an Arabic keyboard types it: the alias has the Persian ی (a tester)
    ("کتائب", "Iran"),  # Persian kaf: the alias has the Arabic ك
    ("В'ячеслав", "Vasyl Maliuk"),  # the alias has the apostrophe letter ʼ of Ukrainian spelling (a tester)
    ("В’ячеслав", "Vasyl Maliuk"),
    ("Вʼячеслав", "Vasyl Maliuk"),
    # Latin letters Pagefind does not fold, having no accent to take off, as keyboards type them (a tester)
    ("Xankendi", "Stepanakert city hall"),  # ə
    ("DAĞLIQ", "Stepanakert city hall"),  # ı: an upper-case I is lowered to i
    ("Lodzi", "Stepanakert city hall"),  # ł
    ("Hawaii", "Stepanakert city hall"),  # the ʻokina, which no keyboard types (a tester)
    ("Baath", "Stepanakert city hall"),  # ʿayn
    # a word after an en dash or a typographic apostrophe, which Pagefind does not part words at (a tester)
    ("Hamas", "Stepanakert city hall"),
    ("Ivoire", "Stepanakert city hall"),
    # letters no keyboard of the reader's types: ð, þ, and Arabic's teh marbuta typed as heh (a tester)
    ("Gudni", "Stepanakert city hall"),
    ("Althingi", "Stepanakert city hall"),
    ("الجزيره", "Stepanakert city hall"),
])
def test_search_folds_compatibility_forms_and_parts_ethiopic_words(browser, folding_server, query, expected):
    """The search documents hold each word's NFKC form and part words at Ethiopic punctuation; search.js folds the
    query to NFKC before Pagefind sees it (a tester found `NHK`, `5179`, `Երեւանի` and `ገብረሚካኤል` nowhere)."""
    context, recorder = _new_context(browser, folding_server, viewport={"width": 1280, "height": 900})
    page = recorder.watch(context.new_page(), "search/")
    _, titles = _search_for(page, query)
    assert expected in titles.all_inner_texts(), query
    assert not any("\u2042" in text for text in page.locator(".pagefind-ui__result-excerpt").all_inner_texts())
    if query in MARKED:  # the excerpt shows the text as written and marks what the query found in it
        assert MARKED[query] in page.locator(".pagefind-ui__result-excerpt mark").all_inner_texts(), query
    context.close()
    assert recorder.errors == [] and recorder.foreign == []


MARKED = {"NHK": "ＮＨＫ", "5179": "５１７９", "ＢＢＣ": "BBC", "Երեւանի": "Երևանի", "Xankendi": "Xankəndi"}


def test_search_merges_every_index_of_a_sharded_site(browser, sharded_server):
    """Each query's page sits in some index; the first loads Pagefind once and merges the others."""
    server, site = sharded_server
    shards = sorted(p.name for p in (site / "pagefind").glob("shard-*"))
    assert len(shards) >= 4, shards
    for shard in shards:  # an index after the first holds only its entry, metadata, words and fragments
        assert {p.name for p in (site / "pagefind" / shard).iterdir()} - {"index", "fragment", "pagefind-entry.json"} \
            == {p.name for p in (site / "pagefind" / shard).glob("*.pf_meta")}
    found = set()
    for query, expected in [("كتائب حزب الله", "Kataib Hezbollah"), ("ایران", "Iran"), ("smuggle weapons",
                            "US strikes Iranian-backed militias in eastern Syria after rocket attacks in Iraq"),
                            ("Erbil", "Rocket attack near a US base at Erbil")]:
        context, recorder = _new_context(browser, server, viewport={"width": 1280, "height": 900})
        requested: list[str] = []
        context.on("request", lambda request: requested.append(urlsplit(request.url).path))
        _box, titles = _search_for(recorder.watch(context.new_page(), "search/"), query)
        texts = titles.all_inner_texts()
        assert expected in texts, (query, texts)
        context.close()
        assert recorder.errors == [] and recorder.foreign == []
        assert {p for p in requested if p.endswith("pagefind-entry.json")} == \
            {"/pagefind/pagefind-entry.json"} | {f"/pagefind/{shard}/pagefind-entry.json" for shard in shards}
        found.update(p for p in requested if "/wasm." in p)
    assert found == {"/pagefind/wasm.en.pagefind"}, found  # the WebAssembly is loaded once, from pagefind/


def test_pages_work_without_javascript(browser, server, seed_output):
    """Every page renders its content with JavaScript off; the search page says why it needs it and links onwards."""
    context, recorder = _new_context(browser, server, java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = recorder.watch(context.new_page(), "search/")
    page.goto("search/")
    note = page.locator(".search_nojs")
    assert note.is_visible() and "Search needs JavaScript" in note.inner_text()
    for link in ("Briefings", "Actors", "Incidents", "Timeline", "Map"):
        assert page.locator("main").get_by_role("link", name=link, exact=True).is_visible()
    page.goto("incidents/")
    page.get_by_role("navigation", name="Sort and filter incidents").get_by_role("link", name="Iraq").first.click()
    assert page.url.endswith("/incidents/by_country/iq/")
    assert page.locator("main h1").inner_text() == "Incidents in Iraq"
    page.goto(BRIEFING)
    assert page.locator("figure.picture").count() == 0 or page.locator("figure.picture svg").first.is_visible()
    page.goto("incidents/erbil-rocket-attack-2021-02-15/")
    assert page.locator("figure.picture svg.bk-locator").is_visible()
    next_link = page.locator("a[rel=next]")
    assert next_link.count() == 1
    next_link.click()
    assert page.locator("a[rel=prev]").count() == 1
    context.close()
    assert recorder.foreign == []


def test_screenshots(browser, server):
    """Home and a briefing at desktop and phone width (and dark mode, and print), for a person to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shots = []
    for name, width, height, options in (("desktop", 1280, 900, {}), ("phone", 360, 740, {"is_mobile": True, "has_touch": True}),
                                         ("phone-dark", 360, 740, {"is_mobile": True, "color_scheme": "dark"})):
        context, recorder = _new_context(browser, server, viewport={"width": width, "height": height},
                                         device_scale_factor=1, **options)
        page = recorder.watch(context.new_page(), name)
        for label, url in (("home", ""), ("briefing", BRIEFING), ("actor", "actors/kataib-hezbollah/"),
                           ("incident", "incidents/erbil-rocket-attack-2021-02-15/"), ("incidents", "incidents/")):
            if name == "phone-dark" and label not in ("home", "briefing"):
                continue
            page.goto(url, wait_until="load")
            path = SCREENSHOTS / f"{label}-{name}.png"
            page.screenshot(path=str(path), full_page=True)
            shots.append(path)
        if name == "desktop":
            page.goto(BRIEFING, wait_until="load")
            page.emulate_media(media="print")
            path = SCREENSHOTS / "briefing-print.png"
            page.screenshot(path=str(path), full_page=True)
            shots.append(path)
        context.close()
        assert recorder.errors == [] and recorder.foreign == []
    print(f"\nscreenshots: {SCREENSHOTS}")
    for path in shots:
        assert path.stat().st_size > 10_000, path


def test_a_wide_table_fits_the_printed_page(browser, tmp_path):
    """Paper does not scroll: a 12-column table in a briefing lost its last columns in print (a tester)."""
    from conftest import build_folder

    sheets = tmp_path / "briefings"
    sheets.mkdir()
    header = "| " + " | ".join(f"Column heading {n}" for n in range(12)) + " |"
    rows = "| " + " | ".join("- " for _ in range(12)) + " |\n" + "| " + " | ".join(f"value{n}" * 3 for n in range(12)) + " |"
    (sheets / "t.yaml").write_text(
        "sources: [{id: s, publisher: S}]\nbriefing:\n  id: b\n  title: B\n  date: 2021-02-01\n  summary: S.\n"
        "  sources: [s]\n  body: |\n" + "".join(f"    {line}\n" for line in (header + "\n" + rows).split("\n")),
        encoding="utf-8")
    assert build_folder(sheets, tmp_path / "site").returncode == 0
    with _serving(tmp_path / "site") as url:
        context, recorder = _new_context(browser, url, viewport={"width": 700, "height": 1000})
        page = recorder.watch(context.new_page(), "print")
        page.goto("briefings/b/", wait_until="load")
        page.emulate_media(media="print")
        widths = page.evaluate("[...document.querySelectorAll('.table_wrap')].map(w => "
                               "[w.scrollWidth, w.clientWidth, w.querySelector('table').getBoundingClientRect().right,"
                               " document.querySelector('main').getBoundingClientRect().right])")
        context.close()
    assert widths, "the body's table is on the page"
    for scroll, client, table_right, main_right in widths:
        assert scroll <= client + 1 and table_right <= main_right + 1, widths


def test_a_search_result_links_the_section_that_holds_the_word(browser, server):
    """A word of a cited source's title (or one found only by its folded form) was a result of the page's last
    section, Claims, linked to `#claims_h`, where it is not (a tester): a source's words are the Sources section's, the
    extra words the page's own."""
    context, recorder = _new_context(browser, server, viewport={"width": 1280, "height": 900})
    page = recorder.watch(context.new_page(), "search/")
    _search_for(page, "machine-translated")
    nested = page.locator(".pagefind-ui__result-nested .pagefind-ui__result-link")
    hrefs = [nested.nth(i).get_attribute("href") for i in range(nested.count())]
    assert hrefs and all(href.endswith("#sources_h") for href in hrefs), hrefs
    context.close()
    assert recorder.errors == [] and recorder.foreign == []
