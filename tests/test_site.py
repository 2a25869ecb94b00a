"""The built seed site as a reader meets it: every page parses, every link and anchor resolves,
every reference is a link both ways, and builds are byte-identical."""

from __future__ import annotations

import re
import shutil
import textwrap
from pathlib import Path

import lxml.html
import pytest

from briefkit.index import MENTION
from briefkit.model import PAGE_KINDS, url_for
from briefkit.pipeline import check
from conftest import SEED, SETTINGS, build_folder, digest_tree, run_cli
from sitecrawl import crawl, target_exists

EXPECTED_PAGES = ["", "briefings/", "actors/", "incidents/", "stakes/", "timeline/", "sources/", "about/", "methodology/"]


@pytest.fixture(scope="module")
def site(seed_output):
    """The seed site, crawled."""
    return crawl(seed_output)


@pytest.fixture(scope="module")
def project():
    """The seed project, indexed."""
    return check(str(SEED))


def copy_site(folder: Path) -> None:
    """The settings, theme and content pages, copied into folder, so a test may add or change content pages."""
    from conftest import ROOT

    for name in ("pelican.conf.py", "theme", "content"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, folder / name)


def check_page(folder: Path, name: str, text: str):
    """The site copied into folder with one content page more (name, text), and `check --settings` of it: (the page's
    path, the run)."""
    copy_site(folder)
    page = folder / "content" / "pages" / name
    page.write_text(text, encoding="utf-8")
    return page, run_cli("check", "--briefings", str(SEED), "--settings", str(folder / "pelican.conf.py"))


def test_seed_sheets_have_no_problems(project):
    assert project.problems == []


def test_every_entity_and_listing_has_a_page(site, project):
    for url in EXPECTED_PAGES:
        assert url in site, url
    for kind in PAGE_KINDS:
        for entity in project.by_kind[kind]:
            assert url_for(kind, entity.id) in site


def test_every_link_and_anchor_resolves(site, seed_output):
    broken = [(page.url, link) for page in site.values() for link in page.links
              if not target_exists(seed_output, site, link)]
    assert broken == []


def test_every_page_is_reachable_from_home(site):
    seen, todo = {""}, [""]
    while todo:
        for link in site[todo.pop()].links:
            path = link.partition("#")[0]
            if path in site and path not in seen:
                seen.add(path)
                todo.append(path)
    assert set(site) - seen == {"404.html"}  # the host serves it where it has no page; nothing links it


def test_the_404_page_leads_from_any_address_back_into_the_site(site, seed_output):
    """There was no 404 page: a renamed entity's old address or a mistyped one met the host's bare error (a tester).
    A host serves /404.html at any address, so its links start at the site's root, and search engines skip it."""
    page = site["404.html"]
    assert page.tree.findtext(".//h1") == "Page not found"
    hrefs = [a.get("href") for a in page.tree.iter("a")]
    assert all(h.startswith(("/", "#", "https://")) for h in hrefs), hrefs  # not relative to where it is served
    assert {"/", "/search/", "/incidents/", "/changes/", "/timeline/"} <= set(hrefs)  # the menu's too
    assert page.tree.xpath("//meta[@name='robots']/@content") == ["noindex"]
    assert all(target_exists(seed_output, site, link) for link in page.links)


def test_every_reference_is_a_link_both_ways(site, project):
    missing = []
    for target_id, groups in project.backlinks.items():
        target = project.entities[target_id]
        target_url = url_for(target.kind, target_id)
        for rel, refs in groups.items():
            for ref in refs:
                source = project.entities[ref.source]
                source_url = url_for(source.kind, source.id)
                if target_url not in site[source_url].links:
                    missing.append(f"{source_url} does not link {target_url} ({rel})")
                back_page = "sources/" if target.kind == "source" else target_url
                if source_url not in {link.partition("#")[0] for link in site[back_page].links}:
                    missing.append(f"{back_page} does not link back to {source_url} ({rel})")
    assert missing == []
    assert any(MENTION in groups for groups in project.backlinks.values())


def test_claims_show_status_attribution_and_citations(site):
    page = site["briefings/us-strikes-eastern-syria-2021-02/"]
    claims = page.tree.xpath("//li[contains(concat(' ', @class, ' '), ' claim ')]")
    assert claims
    for claim in claims:
        assert claim.xpath(".//span[@class='status']/text()")[0] in {"confirmed", "reported", "claimed", "alleged", "disputed", "denied"}
        citations = [a.get("href") for a in claim.xpath(".//p[@class='claim_meta']/a")]
        assert any("sources/#" in href for href in citations)
    attributed = [c for c in claims if "Asserted by" in c.text_content()]
    assert attributed, "the seed briefing attributes claims (e.g. to John Kirby)"


def test_an_actors_claims_show_their_sources_and_notes_as_where_they_are_made(site, project):
    """An actor page listed the claims attributed to it without their notes (which often doubt the attribution
    itself) or their sources (a tester); it now shows both, as the claims pages do."""
    kirbys = [c for e in project.entities.values() for c in e.data.get("claims", [])
              if c.get("attributed_to") == "john-kirby"]
    noted = [c for c in kirbys if c.get("note")]
    assert noted, "the seed has a claim attributed to John Kirby with a note"
    page = site["actors/john-kirby/"]
    items = page.tree.xpath("//section[@aria-labelledby='attributed_h']/ol/li")
    assert len(items) == len(kirbys)
    notes = [" ".join(n.text_content().split()) for li in items for n in li.xpath(".//div[@class='claim_note']")]
    assert len(notes) == len(noted) and all(n.startswith("Note:") for n in notes)
    for li in items:
        assert any("sources/#" in a.get("href") for a in li.xpath(".//p[@class='claim_meta']/a")), li.text_content()
    # each link to a claim is named for the claim: six links of one title, to six claims, read alike (a tester)
    named = [a.get("aria-label") for li in items for a in li.xpath(".//p[@class='claim_meta']/a[contains(@href, '#c_')]")]
    assert len(named) == len(items) == len(set(named)) and all(n.startswith("Claim ") for n in named), named


def test_a_partys_position_on_its_page_cites_the_sources_it_has_on_the_stakes_page(site, project):
    """An actor's page showed its position in a stake without the position's sources, which the stake's own page
    shows: an unsourced sentence read as the site's own view (FORMAT.md: every claim sourced)."""
    shown = 0
    for stake in project.by_kind["stake"]:
        for party in stake.data.get("parties", []):
            items = site[f"actors/{party['actor']}/"].tree.xpath(
                f"//section[@aria-labelledby='stakes_h']//dt[a[contains(@href, '/{stake.id}/')]]/following-sibling::dd[1]")
            cited = {a.get("href").rsplit("#", 1)[1] for a in items[0].xpath(".//span[@class='citations']/a")}
            assert set(party.get("sources", [])) <= cited, (stake.id, party["actor"])
            shown += bool(party.get("sources"))
    assert shown, "the seed's stakes cite sources for their parties' positions"


def test_countries_are_named_not_coded_on_pages_and_in_index_tables(site):
    """Pages showed `Country IQ`, `Erbil (IQ)` and a Country column of codes: readers do not decode them (a
    tester). A place named as its country is not named twice (`Iraq (Iraq)`)."""
    facts = site["actors/kataib-hezbollah/"].tree.xpath("//dl[@class='facts']/dt[.='Country']/following-sibling::dd[1]")
    assert [dd.text_content() for dd in facts] == ["Iraq"]
    location = lambda url: " ".join(site[url].tree.xpath("//dt[.='Location']/following-sibling::dd[1]")[0]  # noqa: E731
                                    .text_content().split())
    assert location("incidents/erbil-rocket-attack-2021-02-15/").startswith("Erbil (Iraq)")
    assert location("incidents/rocket-attacks-us-targets-iraq-2021-02/").split(" ")[0] == "Iraq"
    assert "(Iraq)" not in location("incidents/rocket-attacks-us-targets-iraq-2021-02/")
    cells = {td.text_content() for td in site["actors/"].tree.xpath("//tbody/tr/td[last()]")}
    assert "Iraq" in cells and not any(len(c) == 2 and c.isupper() for c in cells), cells


def test_responds_to_shown_both_ways(site):
    strike = site["incidents/us-airstrikes-eastern-syria-2021-02-25/"]
    erbil = site["incidents/erbil-rocket-attack-2021-02-15/"]
    assert "incidents/erbil-rocket-attack-2021-02-15/" in strike.links
    assert "incidents/us-airstrikes-eastern-syria-2021-02-25/" in erbil.links
    assert "Responded to by" in erbil.tree.text_content()


def test_dates_in_words_and_partial_dates(site):
    text = site["timeline/"].tree.text_content()
    assert "15 February 2021" in text
    assert "February 2021" in text


def test_timeline_runs_oldest_first(site):
    datetimes = [t.get("datetime") for t in site["timeline/"].tree.xpath("//span[@class='tl_date']/time[1]")]
    keys = [tuple(int(x) for x in d.split("-")) + (0,) * (3 - d.count("-") - 1) for d in datetimes]
    assert keys == sorted(keys)


def test_sources_page_has_one_anchor_per_source(site, project):
    page = site["sources/"]
    for source in project.by_kind["source"]:
        assert source.id in page.ids


def test_pages_make_no_requests_to_other_hosts(seed_output):
    for path in seed_output.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for attribute in ('src="http', "src='http", 'href="//', "@import", "url(http"):
            assert attribute not in text, (path, attribute)
        # Scripts load from the site itself; the only inline ones are JSON-LD data blocks, which never run.
        inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", text)
        assert all('type="application/ld+json"' in attrs for attrs in inline), (path, inline)


def test_two_builds_are_byte_identical(tmp_path):
    first = build_folder(SEED, tmp_path / "a", PYTHONHASHSEED="1")
    second = build_folder(SEED, tmp_path / "b", PYTHONHASHSEED="2")
    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    assert digest_tree(tmp_path / "a") == digest_tree(tmp_path / "b")


def test_summary_line_counts_pages_and_problems(tmp_path):
    result = build_folder(SEED, tmp_path / "site")
    last = result.stdout.strip().splitlines()[-1]
    assert last.startswith("Built ") and "0 errors" in last and "pages" in last


def test_render_processes_fit_the_free_memory():
    """Each forked worker grows towards the parent's size: a small CI machine must not be asked for more copies."""
    from briefkit.render import fitting_jobs

    gib = 2**30
    assert fitting_jobs(2, 8 * gib, gib) == 2 and fitting_jobs(2, 1.5 * gib, gib) == 1 and fitting_jobs(4, 3 * gib, gib) == 3
    assert fitting_jobs(2, None, None) == 2 and fitting_jobs(2, 100, gib) == 1


SHAPES_BRIEFING = "briefings/beirut-port-explosion-2020-08/"


def test_right_to_left_text_is_marked_for_the_browsers_bidi_algorithm(shapes_output):
    """Arabic text in a left-to-right site (found by a tester: no direction markup): a block holding right-to-left
    letters gets the direction most of its letters have, an inline run is isolated; text without any keeps its
    markup as it was."""
    pages = crawl(shapes_output)
    briefing, actor = pages[SHAPES_BRIEFING].tree, pages["actors/michel-aoun/"].tree
    assert briefing.xpath("//h1")[0].get("dir") == "rtl" and actor.xpath("//h1")[0].get("dir") == "rtl"
    arabic_link = briefing.xpath("//section[@aria-labelledby='actors_h']//a[@href='../../actors/michel-aoun/']")[0]
    assert arabic_link.get("dir") == "rtl"
    assert arabic_link.getparent().xpath("bdi/text()") == ["رئيس الجمهورية"]  # the role, isolated from the name
    latin_link = briefing.xpath("//section[@aria-labelledby='actors_h']//a[@href='../../actors/hassan-diab/']")[0]
    assert latin_link.get("dir") is None and not latin_link.getparent().xpath("bdi")
    lede = briefing.xpath("//div[@class='lede']/p")[0]
    assert lede.get("dir") == "rtl" and lede.text.startswith("قال مسؤولون")
    english = [p for p in briefing.xpath("//div[@class='body']/p") if p.text_content().startswith("Casualty figures")]
    assert english and english[0].get("dir") is None
    claim = briefing.xpath("//li[contains(@class, 'claim')]//div[@class='claim_text']/p")[0]
    assert claim.get("dir") == "rtl"
    footnote_names = briefing.xpath("//section[contains(@class, 'footnotes')]//a[@class='wikilink']/bdi/text()")
    assert "ميشال عون" in footnote_names  # a wikilink's right-to-left name, isolated in an English sentence
    quote = briefing.xpath("//div[@class='body']/blockquote")[0]  # its bar where its lines begin (a tester)
    assert quote.get("dir") == "rtl" and quote.xpath("p")[0].get("dir") == "rtl"


def test_names_roles_and_titles_are_isolated_in_the_direction_most_of_their_letters_have():
    """The `bidi` filter (roles, source titles, locations) and a wikilink's name were a bare `<bdi>`, which takes its
    first letter's direction: `اشتباكات الخرطوم — Clashes erupt across Khartoum` read "Clashes erupt across Khartoum
    — اشتباكات الخرطوم" in links and cards, while the page's heading showed it as written (a tester)."""
    from briefkit.bidi import isolate, isolated_html

    mixed = "اشتباكات الخرطوم — Clashes erupt across Khartoum"
    assert isolate(mixed) == f'<bdi dir="ltr">{mixed}</bdi>' and isolated_html(mixed) == f'<bdi dir="ltr">{mixed}</bdi>'
    assert isolate("الخرطوم & Bahri's") == '<bdi dir="rtl">الخرطوم &amp; Bahri&#39;s</bdi>'
    assert isolate("Khartoum") == "Khartoum"  # nothing to isolate: as it was


def test_a_block_takes_the_direction_most_of_its_letters_have():
    """An English sentence that begins with an Urdu name was laid out right to left by `dir="auto"`, its full stop at
    the left and its words reordered (a tester): a block's direction is that of most of its letters, a wikilink's
    label counted and isolated (its Latin id is not seen); a quotation counts all its blocks, a nested one its own."""
    from briefkit.markup import compile_with_parser

    def directions(text, tag):
        html = compile_with_parser(text, "d").markup.html
        return [element.get("dir") for element in lxml.html.fragment_fromstring(html, create_parent="div").iter(tag)]

    english = "[[lashkar-e-taiba|لشکرِ طیبہ]] (Lashkar-e-Taiba) trained the ten gunmen, India says."
    assert directions(english, "p") == ["ltr"] and directions(english, "bdi") == ["rtl"]  # the label isolated
    # an isolated run takes the direction of most of its letters too, not its first letter's, as a bare <bdi> would:
    # "Clashes erupt across Khartoum — اشتباكات الخرطوم" was read (a tester)
    mixed = "Read about [[clashes|اشتباكات الخرطوم — Clashes erupt across Khartoum]] first."
    assert directions(mixed, "bdi") == ["ltr"]
    assert directions("حافظ محمد سعید founded the group, India says.", "p") == ["ltr"]
    assert directions("BBC: قال مسؤولون إن الانفجار وقع في المرفأ", "p") == ["rtl"]  # Arabic after a Latin word
    # a gloss or a quotation is not the sentence's language: these read "days: the 2006 Lebanon war 34" (a tester)
    assert directions("## 34 days: the 2006 Lebanon war (מלחמת לבנון השנייה / حرب تموز)", "h2") == ["ltr"]
    assert directions('Olmert told the Knesset: "ממשלת ישראל לא תנהל משא ומתן עם ארגוני טרור".', "p") == ["ltr"]
    assert directions("Nasrallah told NTV: «لو كنت أعلم أن عملية الأسر ستؤدي إلى هذه الحرب».", "p") == ["ltr"]
    assert directions('قال المتحدث: "We will respond to any attack on our forces"', "p") == ["rtl"]
    assert directions('צה"ל תקף את "חיזבאללה" בדרום לבנון', "p") == ["rtl"]  # gershayim pair with a quote
    # two gershayim typed as `"` are no quotation: the Hebrew between them is the sentence's (a tester)
    assert directions('לפי The New York Times ו-The Washington Post, צה"ל תקף הלילה שורה של מטרות ברצועת עזה, '
                      'ודובר ממשל ארה"ב הביע דאגה.', "p") == ["rtl"]
    # a right-to-left (left-to-right) mark first is the direction the editor asks for
    assert directions("\u200fبه گزارش BBC News، Mohammad Javad Zarif گفت: «سلام بر همه دوستان عزیز ما»", "p") == ["rtl"]
    assert directions("\u200eمرفأ بيروت in Beirut", "p") == ["ltr"]
    assert directions("(حرب تموز) [[x|(War)]]", "p") == ["rtl"]  # all aside: all its letters count
    assert directions("## Reuters: قال مسؤولون إن الانفجار", "h2") == ["rtl"]
    assert directions("> قال مسؤولون\n> في المرفأ", "blockquote") == ["rtl"]
    assert directions("> [[michel-aoun|ميشال عون]] said so, Reuters reported", "blockquote") == ["ltr"]
    assert directions("> [[michel-aoun|ميشال عون]] قال ذلك", "blockquote") == ["rtl"]
    assert directions("> Beirut, 2020", "blockquote") == [None]  # no right-to-left letter: as it was
    assert directions("> English words\n>\n> > قال", "blockquote") == ["ltr", "rtl"]
    # a list's markers and indent, a table's columns: an Arabic loose list's numbers stood at the left (a tester)
    assert directions("1. قال مسؤولون\n\n2. في المرفأ", "ol") == ["rtl"]
    assert directions("- English words\n- قال", "ul") == ["ltr"]
    assert directions("| أ | ب |\n|---|---|\n| قال | نعم |", "table") == ["rtl"]
    assert directions("| a | b |\n|---|---|\n| c | d |", "table") == [None]
    # a cell keeps its table's direction, its text isolated in its own where they differ: a `dir` on the cell aligned
    # "(ISPR) پاکستان" right in a column of left-aligned cells (a tester)
    table = "| Source | Killed |\n|---|---:|\n| India (unofficial) | 250 |\n| پاکستان آئی ایس پی آر (ISPR) | 0 |"
    assert directions(table, "table") == ["ltr"] and directions(table, "td") == [None] * 4
    assert directions(table, "bdi") == ["rtl"]
    assert directions("| أ | ب |\n|---|---|\n| AP | قال مسؤولون إن الانفجار |", "bdi") == ["ltr"]


def test_aligned_columns_and_footnotes_of_the_shapes_site_resolve(shapes_output):
    """The shapes site's links (footnotes and their back-references included) all resolve, and its aligned table
    columns are classes."""
    from briefkit.linkcheck import broken_links

    assert broken_links(shapes_output) == []
    html = (shapes_output / SHAPES_BRIEFING / "index.html").read_text(encoding="utf-8")
    assert 'style="' not in html
    assert html.count('class="align_right"') == 3 and html.count('class="footnote-backref"') == 1


def test_a_content_page_link_above_the_site_root_is_a_warning_as_in_a_fact_sheet(tmp_path):
    """`../../x` in a fact sheet was warned of, in a content page not (found by a tester): the same warning, from the
    same function, read from the page's own URL (a `Slug:` two folders deep may climb one more)."""
    copy_site(tmp_path)
    pages = tmp_path / "content" / "pages"
    (pages / "up.md").write_text("Title: Up\n\nSee [x](../../x/), [ok](../methodology/) and\n[z](/../z).\n")
    (pages / "deep.md").write_text("Title: Deep\nSlug: guides/deep\n\n[ok](../../about/) [up](../../../x/)\n")
    settings = str(tmp_path / "pelican.conf.py")
    above = "warning: link to `{}` climbs above the site's root; write a path inside the site, or a whole https:// address"
    expected = [f"{pages / 'deep.md'}:4:25: {above.format('../../../x/')}", f"{pages / 'up.md'}:3:9: {above.format('../../x/')}",
                f"{pages / 'up.md'}:4:5: {above.format('/../z')}"]
    checked = run_cli("check", "--briefings", str(SEED), "--settings", settings)
    assert checked.returncode == 0 and sorted(line for line in checked.stderr.splitlines() if "climbs" in line) == expected
    built = run_cli("build", "--briefings", str(SEED), "--output", str(tmp_path / "site"), "--settings", settings)
    assert built.returncode == 0 and (tmp_path / "site" / "guides" / "deep" / "index.html").is_file(), built.stderr
    assert sorted(line for line in built.stderr.splitlines() if "climbs" in line) == expected
    strict = run_cli("build", "--strict", "--briefings", str(SEED), "--output", str(tmp_path / "strict"), "--settings", settings)
    assert strict.returncode == 1 and not (tmp_path / "strict").exists()


def test_a_link_to_any_page_without_its_last_slash_is_a_warning(tmp_path):
    """`/map`, `../../timeline` or `/actors` passed check and `build --strict`, and `make linkcheck` failed CI on each
    (a tester): as a link to an entity's page without its `/`, each is a warning that says what to write."""
    result = build_one(tmp_path, "briefing: {id: b, title: T, date: 2021-01-01, summary: 'S.', sources: [s1],\n"
                                 "  body: 'See [the map](/map), [a](/actors) and [m](../../methodology#h).'}\n"
                                 "sources: [{id: s1, publisher: R}]\n")
    said = [line.split("warning: ", 1)[1] for line in result.stderr.splitlines() if "ends with `/`" in line]
    assert said == [f"`body`: link to `{url}`: a page's address ends with `/`: write `{fixed}` (without it, the link "
                    "works only where the server adds it)"
                    for url, fixed in (("/map", "/map/"), ("/actors", "/actors/"), ("../../methodology#h",
                                                                                  "../../methodology/#h"))]


def test_a_wikilink_in_a_content_page_is_a_warning_at_its_place(tmp_path):
    """`[[iraq]]` in a hand-written page was published as written, with no word (a tester): content pages take no
    wikilinks, and each outside code is a warning at its place."""
    page, checked = check_page(
        tmp_path, "wiki.md", "Title: Wiki [[head]]\n\nSee [[iraq]] and `[[code]]`.\n\n```\n[[fenced]]\n```\n\nAlso "
        "[[us|the US]].\n"
        # code of every other kind, and a link's text, are none (a reviewer)
        "\nA note.[[1]](#fn1) ``[[a]]``, `over\n[[b]]`.\n\n    [[indented]]\n\n> ~~~\n> [[quoted]]\n> ~~~\n"
        # placed at itself, not at the same text in code or a link's text before it (a reviewer)
        "\nSee `[[c]]` and [[[d]]](#x), then [[c]] and [[d]].\n")
    said = "shows as written: wikilinks link entities in fact sheets, not in content pages; write a Markdown link to " \
           "the page instead"
    assert checked.returncode == 0 and [line for line in checked.stderr.splitlines() if "wikilinks" in line] == [
        f"{page}:1:13: warning: `[[head]]` {said}",  # the header's too, shown in the title (a reviewer)
        f"{page}:3:5: warning: `[[iraq]]` {said}", f"{page}:9:6: warning: `[[us|the US]]` {said}",
        f"{page}:20:35: warning: `[[c]]` {said}", f"{page}:20:45: warning: `[[d]]` {said}"]


def test_a_link_a_content_page_shows_as_written_is_a_warning_at_its_place(tmp_path):
    """A link whose address holds a space showed its brackets and address as text, unsaid, as in fact sheets (a
    tester); a header's lines come before the body's."""
    page, checked = check_page(tmp_path, "links.md",
                               "Title: [a](b c)\n\nThe [audit](https://a.example/Informe Auditoria.pdf), `[c](d e)`.\n")
    assert checked.returncode == 0 and [line for line in checked.stderr.splitlines() if "links.md" in line] == [
        f"{page}:3:5: warning: `[audit](https://a.example/Informe Auditoria.pdf)` shows as written, not as a link: its "
        "address holds a space (a line break in a `>` text is one), which no URL holds: write it on one line, each "
        "space in it as %20"]


def test_a_content_pages_reference_to_a_character_no_page_shows_is_an_error(tmp_path):
    """`&#x1B;` in a content page showed readers �, where a fact sheet's is refused (left out before); in code it shows
    as written."""
    page, checked = check_page(tmp_path, "refs.md", "Title: Refs\n\nA `&#x1B;` and &#65; and &#x1B;.\n")
    assert checked.returncode == 1 and [line for line in checked.stderr.splitlines() if "refs.md" in line] == [
        f"{page}:3:26: `&#x1B;` refers to a character no page can show (U+001B, a control character), which readers "
        "would see as �; remove it"]


def test_a_content_page_link_to_no_page_or_file_of_the_site_is_a_warning_at_its_place(tmp_path):
    """A dead link in a hand-written page was found only by `make linkcheck` (a tester): the build warns of it as of
    a fact sheet's, with "did you mean", and with a page's own anchors, Pelican's `{static}` links and other sites'
    left alone; an edit that makes the page exist ends the warning, and `--strict` fails on it."""
    copy_site(tmp_path)
    page = tmp_path / "content" / "pages" / "links.md"
    page.write_text("Title: Links\n\nSee [the method](../methodology/), [gone](../methodolgy/), [us](/actors/nobody/),\n"
                    "[data](/data/graph.json), [a file](../report.pdf), [here](#top), [img]({static}/x.png) and\n"
                    "[mail](mailto:desk@example.org), [web](https://example.org/nowhere/).\n"
                    "[Über](../über-uns/), [encoded](../%C3%BCber-uns/) and [about]({filename}/pages/about.md).\n"
                    "[Gone]({filename}/pages/gone.md)\n")
    (page.parent / "uber.md").write_text("Title: Über uns\nSlug: über-uns\n\nHallo.\n", encoding="utf-8")
    settings, output = str(tmp_path / "pelican.conf.py"), str(tmp_path / "site")
    built = run_cli("build", "--briefings", str(SEED), "--output", output, "--settings", settings)
    assert built.returncode == 0, built.stderr
    assert [line for line in built.stderr.splitlines() if "no page or file" in line] == [
        f"{page}:3:43: warning: link to `../methodolgy/`: the site has no page or file at `methodolgy/`; "
        "did you mean `methodology/`?",
        f"{page}:3:65: warning: link to `/actors/nobody/`: the site has no page or file at `actors/nobody/`",
        f"{page}:4:36: warning: link to `../report.pdf`: the site has no page or file at `report.pdf`"]
    assert f"{page}:7:8: warning: link to `{{filename}}/pages/gone.md`: the content folder has no file " \
           "`/pages/gone.md`" in built.stderr  # Pelican's own link: Pelican published it dead, with no page named
    assert f"{page}:4:72: warning: link to `{{static}}/x.png`: the content folder has no file `/x.png`" in built.stderr
    # a non-ASCII path is the page's, written or percent-encoded; Pelican's `{filename}` is left for it to resolve
    # (markdown-it percent-encoded its braces, and the page linked to `%7Bfilename%7D/pages/about.md`: a tester)
    hrefs = lxml.html.fromstring((tmp_path / "site" / "links" / "index.html").read_bytes()).xpath("//main//p//a/@href")
    assert "../about/" in hrefs and [href for href in hrefs if "7B" in href or "{" in href] == [
        "{filename}/pages/gone.md"], hrefs  # the one Pelican cannot resolve (warned of, below)
    page.write_text(page.read_text().replace("../methodolgy/", "../about/").replace("/actors/nobody/", "/actors/").replace(
        "../report.pdf", "../data/"))
    again = run_cli("build", "--briefings", str(SEED), "--output", output, "--settings", settings)
    assert again.returncode == 0 and "no page or file" not in again.stderr, again.stderr
    page.write_text("Title: Links\n\n[x](../nowhere/)\n")
    strict = run_cli("build", "--strict", "--briefings", str(SEED), "--output", output, "--settings", settings)
    assert strict.returncode == 1 and "links.md:3:5: warning: link to `../nowhere/`" in strict.stderr


def test_a_markdown_link_to_no_page_or_file_of_the_site_is_a_warning_at_its_place(tmp_path):
    """Relative links to pages that are no entity's (content pages, indexes, downloads, theme files) are checked once
    the build knows its files (found by a tester: a typo published a 404 on two pages, said nowhere)."""
    sheets = tmp_path / "briefings"
    shutil.copytree(SEED, sheets)
    (sheets / "links.yaml").write_text(textwrap.dedent("""\
        actors:
          - id: link-tester
            name: Link tester
            kind: person
            summary: >-
              [ok](../../methodology/) [ok](../../timeline/#main_content) [ok](../../data/graph.json)
              [ok](../../theme/css/site.css) [ok](../../feeds/briefings.atom.xml) [ok](/about/)
              [typo](../../methodolgy/) [gone](../../nowhere.pdf)
        """), encoding="utf-8")
    result = build_folder(sheets, tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    warnings = [line for line in result.stderr.splitlines() if "links.yaml" in line and "link to" in line]
    assert warnings == [
        f"{sheets / 'links.yaml'}:8:14: warning: `summary`: link to `../../methodolgy/`: the site has no page or file "
        "at `methodolgy/`; did you mean `methodology/`?",
        f"{sheets / 'links.yaml'}:8:40: warning: `summary`: link to `../../nowhere.pdf`: the site has no page or file "
        "at `nowhere.pdf`",
    ]
    strict = run_cli("build", "--strict", "--briefings", str(sheets), "--output", str(tmp_path / "strict"),
                     "--settings", str(SETTINGS))
    assert strict.returncode == 1 and not (tmp_path / "strict").exists()


def test_an_override_left_open_in_editor_text_stays_in_its_run(tmp_path):
    """`title: "Rocket attack\u202e"` (an override left open, no right-to-left letter) was not isolated: the actor
    page showed "Rocket attack rotarteprep — 1202 yraurbeF 02", and the tab title ran backwards (a tester)."""
    import lxml.html

    sheets = tmp_path / "briefings"
    sheets.mkdir()
    (sheets / "x.yaml").write_text(
        "actors:\n  - {id: a1, name: Group, kind: armed-group}\n"
        "incidents:\n  - id: i2\n    title: \"Rocket attack\\u202e\"\n    date: 2021-02-20\n    kind: rocket attack\n"
        "    location: {name: Erbil}\n    actors: [{actor: a1, role: perpetrator}]\n    sources: [s1]\n"
        "sources: [{id: s1, publisher: Reuters}]\n", encoding="utf-8")
    done = build_folder(sheets, tmp_path / "site")
    assert done.returncode == 0, done.stderr
    assert "x.yaml:5:26: warning: `title`: a right-to-left override (U+202E) is left open" in done.stderr
    actor = lxml.html.fromstring((tmp_path / "site" / "actors" / "a1" / "index.html").read_bytes())
    link = actor.xpath("//main//li/a[@href='../../incidents/i2/']")[0]
    assert link.get("dir") == "ltr" and link.text == "Rocket attack\u202e\u202c"  # isolated, and closed
    assert actor.xpath("//svg//a[@href='../../incidents/i2/']/title/text()") == [
        "\u2066Rocket attack\u202e\u202c\u2069 (20 February 2021)"]  # a picture's tip: closed, and isolated
    incident = lxml.html.fromstring((tmp_path / "site" / "incidents" / "i2" / "index.html").read_bytes())
    assert incident.xpath("//title/text()")[0].startswith("\u2066Rocket attack\u202e\u202c\u2069, 20 February 2021 · ")


def test_an_override_left_open_in_a_markdown_field_is_closed_at_its_end(tmp_path):
    """An override left open in a summary, or written `&#x202E;`, passed without a word, and turned every word after
    it around in search results, where an entity's fields run on (a tester). As in a text field: a warning at it, and
    the run closed at the field's end, in the page and every form made from the field."""
    import lxml.html

    sheets = tmp_path / "briefings"
    sheets.mkdir()
    (sheets / "x.yaml").write_text(
        "sources: [{id: s1, publisher: Reuters}]\nbriefing:\n  id: b\n  title: B\n  date: 2021-02-26\n"
        "  summary: Summary \u202ereversed end\n  body: 'Body &#x202E;turned, and more'\n  sources: [s1]\n"
        "  claims: [{text: 'A &#8238;x &#x202C; closed.', status: reported, sources: [s1]}]\n", encoding="utf-8")
    done = build_folder(sheets, tmp_path / "site")
    assert done.returncode == 0, done.stderr
    said = [line.split(": warning: ")[0].rsplit(":", 2)[1:] + [line.split("`")[1]]
            for line in done.stderr.splitlines() if "is left open" in line]
    assert said == [["6", "20", "summary"], ["7", "15", "body"]]
    page = lxml.html.fromstring((tmp_path / "site" / "briefings" / "b" / "index.html").read_bytes())
    texts = [p.text_content() for p in page.xpath("//main//p") if "Summary" in p.text_content() or "Body" in p.text_content()]
    assert texts and all(text.endswith("\u202c") for text in texts), texts
    assert page.xpath("//meta[@name='description']/@content")[0].endswith("\u202c")


def test_a_build_says_which_pages_of_the_last_site_are_gone(tmp_path):
    """Renaming an id removed its published page without a word: the old address, which FORMAT.md keeps stable, then
    answered "not found" (a tester). The build's note names the entity pages the last build published and this one
    has not; it is no warning (a rename is the editor's to make)."""
    sheets = tmp_path / "briefings"
    shutil.copytree(SEED, sheets)
    first = build_folder(sheets, tmp_path / "site")
    assert first.returncode == 0 and "is gone" not in first.stderr
    for sheet in sheets.rglob("*.yaml"):
        text = re.sub(r"\bjohn-kirby\b", "kirby-john", sheet.read_text(encoding="utf-8"))
        sheet.write_text(text.replace("seed-article-us-strikes-syria", "seed-article"), encoding="utf-8")
    again = build_folder(sheets, tmp_path / "site")
    assert again.returncode == 0, again.stderr
    assert ("note: 2 pages the last build published are gone, their ids renamed or removed; links to them from "
            "elsewhere now fail: /actors/john-kirby/, /sources/#seed-article-us-strikes-syria") in again.stderr
    assert "is gone" not in build_folder(sheets, tmp_path / "site").stderr  # said once, by the build that removed it


def test_a_title_that_starts_right_to_left_is_isolated_in_feeds_and_cards_as_in_the_tab(tmp_path):
    """`ביקורת: Mavi Marmara one year on` was isolated in the tab's title only: the Atom title and the Open Graph and
    Twitter titles were bare, and a reader that lays a title out by its first letter swaps its words (a tester)."""
    import lxml.html

    result = build_one(tmp_path, """\
        sources: [{id: s, publisher: P}]
        briefing: {id: b, title: "ביקורת: Mavi Marmara one year on", date: 2011-05-31, summary: S., sources: [s]}
        """)
    assert result.returncode == 0, result.stderr
    isolated = "\u2066ביקורת: Mavi Marmara one year on\u2069"
    page = lxml.html.fromstring((tmp_path / "out" / "briefings" / "b" / "index.html").read_bytes())
    assert page.xpath("//meta[@property='og:title']/@content") == [isolated]
    assert page.xpath("//meta[@name='twitter:title']/@content") == [isolated]
    feed = (tmp_path / "out" / "feeds" / "briefings.atom.xml").read_text(encoding="utf-8")
    assert f"<title>{isolated}</title>" in feed


def test_an_image_of_a_missing_file_is_a_warning_and_each_link_is_placed_at_itself(tmp_path):
    """An image of a file the site does not have was published dead without a word, where a link to it is warned of;
    and a warning about `../../actors` was placed at `../../actors/iran/`, whose start it is (testers). Both in a
    fact sheet and in a content page."""
    result = build_one(tmp_path, """\
        briefing:
          id: pre
          title: Prefix test
          date: 2021-03-02
          summary: >-
            See [Iran](../../actors/iran/) and the other
            [actors](../../actors) and ![the map](../../theme/maps/missing.svg) ![up](../../../x.png).
          sources: [s1]
        actors:
          - {id: iran, name: Iran, kind: state}
        sources: [{id: s1, publisher: Reuters}]
        """)
    assert result.returncode == 0, result.stderr
    said = [line.split(": warning: ")[0].rsplit(":", 2)[1:] for line in result.stderr.splitlines() if "warning" in line]
    assert said == [["7", "14"], ["7", "43"], ["7", "79"]], result.stderr
    assert "no page or file at `theme/maps/missing.svg`" in result.stderr and "`../../../x.png` climbs" in result.stderr
    (tmp_path / "site").mkdir()
    copy_site(tmp_path / "site")
    page = tmp_path / "site" / "content" / "pages" / "deep.md"
    page.write_text("Title: Deep\nSlug: guides/deep\n\n![a](/theme/maps/missing.svg) ![b](/theme/img/favicon.svg)\n"
                    "See [Iran](/actors/iran/) and the other\n[actors](/actors), ![c](https://a.example/c.png).\n",
                    encoding="utf-8")
    built = run_cli("build", "--briefings", str(SEED), "--output", str(tmp_path / "out2"), "--settings",
                    str(tmp_path / "site" / "pelican.conf.py"))
    warned = sorted(line.split(": warning: ")[0].rsplit(":", 2)[1:] for line in built.stderr.splitlines() if "deep.md" in line)
    assert built.returncode == 0 and warned == [["4", "6"], ["6", "10"]], built.stderr
    # an image from another host, which the pages' policy blocks, is a link to it, as in a fact sheet (a tester)
    html = (tmp_path / "out2" / "guides" / "deep" / "index.html").read_text(encoding="utf-8")
    assert '<a class="image-link" href="https://a.example/c.png">Image: c</a>' in html and "<img src=\"https" not in html


def test_a_link_written_with_a_backslash_escape_is_placed_at_itself(tmp_path):
    """`[x](\\\\dead/)` (Markdown's escape of `\\`) was warned of at a later link holding the address percent-encoded
    (a tester): the search for the destination knows Markdown's escapes."""
    result = build_one(tmp_path, """\
        sources: [{id: s1, publisher: R}]
        briefing:
          id: b
          title: T
          date: 2021-02-26
          summary: S.
          body: |-
            First: [x](\\\\dead/)

            Later: [y](/%5Cdead/)
          sources: [s1]
        """)
    assert result.returncode == 0, result.stderr
    said = [line.split(": warning: ")[0].rsplit(":", 2)[1:] for line in result.stderr.splitlines() if "warning" in line]
    assert said == [["8", "16"], ["10", "16"]], result.stderr


class _CountedList(list):
    """A list that counts how often it is walked from the start."""

    walks = 0

    def __iter__(self):
        type(self).walks += 1
        return super().__iter__()


def test_the_pages_of_many_actors_named_in_one_list_do_not_each_walk_it(tmp_path):
    """Each actor's page found its role in an incident, its position in a stake, its role in a briefing and the
    relations towards it by walking the whole list: k pages walking k items (a tester's `bigincident`). The lists
    are indexed once per build; each page still shows its own items (FORMAT.md: everything that references it)."""
    from briefkit.views import PageSpec, Views
    from conftest import big_incident_sheets

    project = check(str(big_incident_sheets(tmp_path / "b", 60)), use_cache=False)
    for entity_id, field in (("big", "actors"), ("bs", "parties"), ("bb", "actors"), ("hub", "relations")):
        data = project.entities[entity_id].data
        data[field] = _CountedList(data[field])
    views = Views(project, {})
    pages = {}
    for n in range(60):
        actor = f"a{n:03d}"
        pages[actor] = views.context(PageSpec(f"actors/{actor}/index.html", url_for("actor", actor), "actor.html", "actor",
                                              actor))
    assert _CountedList.walks <= 4, _CountedList.walks  # each list indexed once, not once a page (7 walks a page before)
    last = pages["a059"]
    assert [i["roles"] for i in last["incidents"]] == [["target"]] and [b["roles"] for b in last["briefings"]] == [["Party"]]
    assert "Wants a059." in str(last["stakes"][0]["positions"][0]["text"])
    assert [(r["id"], r["words"]) for r in last["relations_in"]] == [("hub", "allied with")]


def test_two_reports_of_one_publisher_cited_together_are_told_apart(tmp_path):
    """"IRNA; IRNA": two reports of one outlet were cited alike, and the reader could not tell which backs the
    claim (a tester). Each then says its date, else its title, else its id; a lone one says its publisher."""
    sheets = tmp_path / "briefings"
    sheets.mkdir()
    (sheets / "t.yaml").write_text(
        "sources:\n  - {id: irna-1, publisher: IRNA, date: 2018-08-05}\n  - {id: irna-2, publisher: IRNA, "
        "title: Talks resume}\n  - {id: afp, publisher: AFP}\nstakes:\n  - id: st\n    title: St\n    claims:\n"
        "      - {text: Both., status: reported, sources: [irna-1, irna-2, afp]}\n"
        "      - {text: One., status: reported, sources: [irna-1]}\n", encoding="utf-8")
    assert build_folder(sheets, tmp_path / "out").returncode == 0
    page = crawl(tmp_path / "out")["stakes/st/"]
    cited = [[a.text_content() for a in li.xpath(".//p[@class='claim_meta']/a")]
             for li in page.tree.xpath("//li[contains(@class, 'claim ')]")]
    assert cited == [["IRNA, 5 August 2018", "IRNA, Talks resume", "AFP"], ["IRNA"]]


def test_a_build_without_siteurl_says_what_its_absolute_links_name(tmp_path):
    """Without SITEURL, feeds, the sitemap and canonical links name https://example.invalid, and the build said
    nothing (a tester): a note says so, not a warning (every preview and test build has none)."""
    unset = build_folder(SEED, tmp_path / "a", SITEURL="")
    assert unset.returncode == 0 and "note: SITEURL is not set" in unset.stderr and "0 warnings" in unset.stdout
    given = build_folder(SEED, tmp_path / "b", SITEURL="https://briefs.example.org")
    assert given.returncode == 0 and "SITEURL" not in given.stderr


def build_one(tmp_path, sheet: str):
    """The build (a CompletedProcess) of one fact sheet, briefings/s.yaml (its text dedented), into tmp_path/out."""
    sheets = tmp_path / "briefings"
    sheets.mkdir(exist_ok=True)
    (sheets / "s.yaml").write_text(textwrap.dedent(sheet), encoding="utf-8")
    return build_folder(sheets, tmp_path / "out")


def built(tmp_path, sheet: str) -> dict:
    """The crawled pages of a site built from one fact sheet (build_one)."""
    result = build_one(tmp_path, sheet)
    assert result.returncode == 0, result.stderr
    return crawl(tmp_path / "out")


def test_a_source_title_in_another_language_is_marked_with_it(tmp_path):
    """Arabic and Chinese titles were read by screen readers in the page's English voice (a tester): a source's
    optional `lang` marks its title, on the sources page, in each list of sources and in the JSON-LD; a wrong tag
    is an error with the form to write."""
    pages = built(tmp_path, "sources:\n  - {id: ahram, publisher: Al-Ahram, title: مرفأ بيروت, lang: ar}\n"
                            "  - {id: afp, publisher: AFP, title: Port blast}\n"
                            "stakes:\n  - id: st\n    title: St\n    claims:\n"
                            "      - {text: Both., status: reported, sources: [ahram, afp]}\n")
    for url in ("sources/", "stakes/st/"):
        marked = pages[url].tree.xpath("//*[@lang='ar']")
        assert [e.text_content() for e in marked] == ["مرفأ بيروت"], url
        assert "Port blast" in pages[url].tree.text_content()
    assert '"inLanguage":"ar"' in (tmp_path / "out" / "stakes" / "st" / "index.html").read_text(encoding="utf-8")
    sheet = tmp_path / "briefings" / "s.yaml"
    sheet.write_text("sources:\n  - {id: ahram, publisher: Al-Ahram, title: T, lang: Arabic language}\n", encoding="utf-8")
    found = run_cli("check", "--briefings", str(sheet.parent), "--settings", str(SETTINGS))
    assert found.returncode == 1
    assert "s.yaml:2:54: `lang` must be a BCP 47 language tag, such as `ar`, not `Arabic language`" in found.stderr


def test_two_incidents_with_one_title_have_told_apart_tab_titles(tmp_path):
    """A recurring attack's pages had the same `<title>`: two tabs, or a screen reader's list of windows, read the same
    (a tester). A dated page's tab title gives its date; an undated stake's is its title."""
    incident = ("  - id: erbil-{d}\n    title: Rocket attack on Erbil airport\n    date: {d}\n    kind: rocket attack\n"
                "    location: {{name: Erbil, country: \"IQ\"}}\n    sources: [src]\n")
    pages = built(tmp_path, "sources:\n  - {id: src, publisher: Reuters}\nincidents:\n"
                            + incident.format(d="2021-02-15") + incident.format(d="2021-04")
                            + "stakes:\n  - {id: st, title: Erbil's airport}\n")
    titles = {url: page.tree.findtext(".//title") for url, page in pages.items()}
    assert titles["incidents/erbil-2021-02-15/"] == "Rocket attack on Erbil airport, 15 February 2021 · Conflict Briefings"
    assert titles["incidents/erbil-2021-04/"] == "Rocket attack on Erbil airport, April 2021 · Conflict Briefings"
    assert titles["stakes/st/"] == "Erbil's airport · Conflict Briefings"


def test_an_incident_answering_itself_does_not_link_itself(tmp_path):
    """`responds_to` naming the incident itself is a warning; its page also listed itself under both "Responds to" and
    "Responded to by", two links to itself (a tester)."""
    result = build_one(tmp_path, "sources: [{id: s1, publisher: Wire}]\nincidents:\n  - {id: i-self, title: Self, "
                                 "date: 2024-01-10, kind: raid, location: {name: Here}, sources: [s1], "
                                 "responds_to: [i-self]}\n")
    assert result.returncode == 0 and "names this incident itself" in result.stderr, result.stderr
    page = (tmp_path / "out" / "incidents" / "i-self" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../incidents/i-self/"' not in page and "Responds to</h2>" not in page


def test_an_incident_over_days_is_dated_by_its_period_in_its_tab_and_its_claims(tmp_path):
    """The tab title and the claims' "On incident …, 5 January 2021" gave a five-day incident's start alone, where its
    page, lists and feeds gave its period (a tester)."""
    pages = built(tmp_path, "sources: [{id: s1, publisher: Wire}]\nincidents:\n  - id: siege\n    title: Siege\n"
                            "    date: 2021-01-05\n    end_date: 2021-01-09\n    kind: siege\n    location: {name: Here}\n"
                            "    claims: [{text: A claim., status: reported, sources: [s1]}]\n    sources: [s1]\n")
    assert pages["incidents/siege/"].tree.findtext(".//title") == "Siege, 5 January 2021 – 9 January 2021 · Conflict Briefings"
    said = " ".join(pages["claims/status/reported/"].tree.xpath("//p[@class='claim_meta']")[0].text_content().split())
    assert said.startswith("On incident Siege, 5 January 2021 – 9 January 2021.")


def test_a_relation_seen_from_its_target_is_worded_for_one_actor(site):
    """Each incoming relation is one row naming one actor: "spokespeople John Kirby" read as a plural (a tester)."""
    rows = [li.text_content().split("(")[0].split() for li in site["actors/pentagon/"].tree.xpath("//li[span[@class='rel']]")]
    assert ["spokesperson", "John", "Kirby"] in rows, rows
    # "member Kataib Hezbollah" read as if the militias were a member of it (a tester)
    rows = [li.text_content().split("(")[0].split()
            for li in site["actors/iranian-backed-militias/"].tree.xpath("//li[span[@class='rel']]")]
    assert ["has", "member", "Kataib", "Hezbollah"] in rows, rows


def test_an_incident_over_years_is_listed_by_its_whole_period(tmp_path):
    """A siege from April 1992 to February 1996 was listed as "April 1992" everywhere but its own page and the
    timeline (a tester): every list now shows its period, as the timeline does."""
    pages = built(tmp_path, """\
        sources:
          - {id: s1, publisher: Reuters}
        actors:
          - {id: corps, name: Corps, kind: armed-group}
        incidents:
          - {id: siege, title: Siege, date: 1992-04, end_date: 1996-02-29, kind: siege, location: {name: Sarajevo},
             sources: [s1], actors: [{actor: corps, role: perpetrator}]}
          - {id: day, title: Day, date: 1994-02-05, end_date: 1994-02, kind: shelling, location: {name: Markale},
             sources: [s1], actors: [{actor: corps, role: perpetrator}]}
        briefing: {id: b, title: B, date: 1996-03-01, summary: S., sources: [s1], incidents: [siege, day]}
        """)
    for url in ("incidents/", "actors/corps/", "briefings/b/", "", "timeline/"):
        text = " ".join(pages[url].tree.text_content().split())
        assert "April 1992 – 29 February 1996" in text, url
        assert "5 February 1994 –" not in text, url  # an end its start's month holds says nothing more
    siege = pages["incidents/"].tree.xpath("//a[.='Siege']/ancestor::tr//time/@datetime")
    assert siege == ["1992-04", "1996-02-29"]


def test_names_with_accented_initials_are_listed_among_their_letters(tmp_path):
    """Ćosić, Šešelj and Željko were listed after Zulfikarpašić, by code point (a tester)."""
    names = ["Zulfikarpašić", "Ćosić", "Šešelj", "Željko", "Abdić", "Stolić"]
    actors = "".join(f"  - {{id: a{n}, name: {name}, kind: person}}\n" for n, name in enumerate(names))
    parties = "".join(f"      - {{actor: a{n}, position: P.}}\n" for n in range(len(names)))
    pages = built(tmp_path, "sources:\n  - {id: s1, publisher: R}\nactors:\n" + actors
                  + "stakes:\n  - id: t\n    title: T\n    parties:\n" + parties)
    listed = [a.text_content() for a in pages["actors/"].tree.xpath("//table//td[1]/a")]
    assert listed == ["Abdić", "Ćosić", "Šešelj", "Stolić", "Željko", "Zulfikarpašić"]


def test_names_are_listed_in_their_alphabets_order(tmp_path):
    """Ukrainian names starting with Є, І, Ї, Ґ were listed after Я (code point order), Thai names starting with a
    vowel written before its consonant after every other, and quoted names before every letter (a tester)."""
    names = ["Юрій Ігнат", "Євген Єнін", "Ігор Терехов", "Дмитро", "Игорь", "Йосип", "Гриценко", "Ґонгадзе", "Жуков",
             "Ѓорѓе", "Тони", "Ќерим", "Урош",  # Macedonian: Ѓ after Д, Ќ after Т (a reviewer)
             "ʻOhana",  # the ʻokina, no letter to a reader looking for it
             "«Вагнер»", "Анатолій", '"Islamic State"', "Iraq", "Zarqawi", "ยิ่งลักษณ์", "เปรม", "ประยุทธ์"]
    actors = "".join(f"  - {{id: a{n}, name: '{name}', kind: person}}\n" for n, name in enumerate(names))
    pages = built(tmp_path, "sources:\n  - {id: s1, publisher: R}\nactors:\n" + actors)
    listed = [a.text_content() for a in pages["actors/"].tree.xpath("//table//td[1]/a")]
    assert listed == ["Iraq", '"Islamic State"', "ʻOhana", "Zarqawi", "Анатолій", "«Вагнер»", "Гриценко", "Ґонгадзе", "Дмитро",
                      "Ѓорѓе", "Євген Єнін", "Жуков", "Игорь", "Ігор Терехов", "Йосип", "Тони", "Ќерим", "Урош",
                      "Юрій Ігнат", "ประยุทธ์", "เปรม", "ยิ่งลักษณ์"]


def test_a_year_below_1000_is_named_as_a_year_in_titles(tmp_path):
    """"Incidents in 79" read as a count (a tester): "Incidents in the year 79"; 2021 stays as it is."""
    pages = built(tmp_path, """\
        sources: [{id: s1, publisher: R}]
        incidents:
          - {id: v, title: Vesuvius, date: "0079", kind: eruption, location: {name: Pompeii}, sources: [s1]}
          - {id: w, title: W, date: 2021, kind: eruption, location: {name: X}, sources: [s1]}
        """)
    assert pages["incidents/by_year/79/"].tree.findtext(".//h1") == "Incidents in the year 79"
    assert pages["incidents/by_year/2021/"].tree.findtext(".//h1") == "Incidents in 2021"


def test_a_right_to_left_kind_or_status_keeps_its_count_after_it(tmp_path):
    """An incident kind or a stake status in Arabic took its count into its run: the filter read "1 صاروخ" beside
    "Lebanon 1", the group heading "(1) صاروخ" (a tester). The value is isolated, in filters, headings and links."""
    pages = built(tmp_path, """\
        sources: [{id: s1, publisher: R}]
        incidents:
          - {id: i, title: I, date: 2021-02-01, kind: صاروخ, location: {name: Tyre}, sources: [s1]}
        stakes:
          - {id: st, title: St, status: قيد التفاوض}
        """)
    chip = pages["incidents/"].tree.xpath("//a[span[@class='count']][contains(., 'صاروخ')]")[0]
    assert [(e.tag, e.get("dir"), e.text) for e in chip] == [("bdi", "rtl", "صاروخ"), ("span", None, "1")]
    heading = pages["incidents/by_kind/"].tree.xpath("//h2[span[@class='count']]")[0]
    assert [(e.tag, e.text) for e in heading] == [("bdi", "صاروخ"), ("span", "(1)")]
    assert pages["stakes/st/"].tree.xpath("//p[@class='meta']/strong/bdi/text()") == ["قيد التفاوض"]


def test_a_filter_pages_heading_stays_in_the_themes_direction_with_a_right_to_left_value(tmp_path):
    """`Incidents: هجوم صاروخي` was a heading laid out right to left, English and all, once the kind's Arabic letters
    outnumbered the nine of "Incidents" (a tester): the heading is left to right, the value isolated in it."""
    pages = built(tmp_path, """\
        sources: [{id: s1, publisher: R}]
        incidents:
          - {id: i, title: I, date: 2021-02-01, kind: هجوم صاروخي بعيد, location: {name: Tyre}, sources: [s1]}
        """)
    url = next(url for url in pages if url.startswith("incidents/by_kind/t-"))
    tree = pages[url].tree
    assert tree.xpath("//h1/@dir") == ["ltr"]
    assert tree.findtext(".//h1") == "Incidents: \u2067هجوم صاروخي بعيد\u2069"
    assert tree.findtext(".//title").startswith("\u2066Incidents: \u2067")


def test_right_to_left_tags_and_place_names_in_captions_are_isolated(tmp_path):
    """An Arabic tag, or place name in a map's caption, reordered the text around it (a tester)."""
    pages = built(tmp_path, """\
        sources:
          - {id: s1, publisher: R}
        incidents:
          - {id: blast, title: Blast, date: 2020-08-04, kind: explosion, sources: [s1],
             location: {name: مرفأ بيروت, country: "LB", lat: 33.9, lon: 35.52}}
        briefing: {id: b, title: B, date: 2020-08-05, summary: S., sources: [s1], incidents: [blast], tags: [بيروت, port]}
        """)
    tags = [(t.xpath("string(.)"), [c.tag for c in t]) for t in pages["briefings/b/"].tree.xpath("//span[@class='tag']")]
    assert tags == [("بيروت", ["bdi"]), ("port", [])]
    caption = pages["incidents/blast/"].tree.xpath("string(//figure//figcaption)")
    assert caption.startswith("\u2067مرفأ بيروت\u2069, Lebanon: "), caption


def test_a_claims_search_text_begins_with_its_status_and_author():
    """A search result's excerpt is the document's words around the match: a claim's text alone gave a prosecutor's
    allegation as a plain fact (a tester). Each claim's text in an entity's search document begins as its page
    shows it: its status, and who it is attributed to."""
    from briefkit.search import entity_document
    from briefkit.views import title_of

    project = check(str(SEED), use_cache=False)
    document = entity_document(project, project.entities["us-strikes-eastern-syria-2021-02"], "en", title_of)
    assert "<p>Claim by John Kirby (claimed): Kirby said Biden consulted US allies" in document
    # its sources by publisher and title, as its page lists them: `Reuters` had found nothing (a tester)
    cited = document.split("<p>Sources: ", 1)[1].split("</p>", 1)[0]
    assert "Reuters: Report on the US airstrikes in Syria" in cited and "Associated Press: " in cited
    assert "<p>Claim (reported): The strikes were the first military operation Biden had ordered" in document
    assert document.index('<h2 id="claims_h">Claims</h2>') < document.index("Claim (reported)")  # not the body's
    # the sources under their own heading, and the extra words under the page's top: Pagefind gives words to the heading
    # before them, and a word found there was a Claims result, linked where it is not (a tester)
    assert document.index("</h2><p>Sources: ") == document.index('<h2 id="sources_h">Sources</h2>') + len('<h2 id="sources_h">Sources')
    from briefkit.search import page_document

    page = page_document("Senkaku", '<h2 id="h_x">Claims</h2><p>尖閣諸島中国漁船衝突事件</p>', "en")
    assert page.index('<h2 id="h_x">') < page.index('<h2 id="top">Senkaku</h2>') < page.index("\u2042")
    from briefkit.search import _hedged

    hedged = _hedged('<p dir="rtl">قال</p>', {"status": "denied", "attributed_to": "q"}, lambda _: "نعيم قاسم")
    assert hedged == '<p dir="rtl">Claim by \u2067نعيم قاسم\u2069 (denied): قال</p>'  # the author's name isolated
    assert document.count("Claim by ") == sum(1 for claim in project.entities["us-strikes-eastern-syria-2021-02"]
                                                  .data["claims"] if claim.get("attributed_to"))


def test_an_actors_page_lists_the_claims_that_name_it(tmp_path):
    """The README asks editors to name a denier in the claim's note as `[[id]]`, "so its page lists the claim"; its
    page listed only the briefing, under "Mentioned in" (a tester). The claims whose text or note links an actor are
    listed on its page, each with its status, its author and a link to it; one attributed to the actor is listed once,
    under "Claims attributed to"."""
    sheets = tmp_path / "briefings"
    sheets.mkdir()
    (sheets / "mh17.yaml").write_text(textwrap.dedent("""\
        actors:
          - {id: russia, name: Russia, kind: state}
          - {id: jit, name: Joint Investigation Team, kind: organization}
        sources:
          - {id: om-2018, publisher: Openbaar Ministerie, date: 2018-05-24}
        briefing:
          id: mh17
          title: MH17
          date: 2018-05-24
          summary: The JIT named the Buk's brigade.
          sources: [om-2018]
          claims:
            - text: A Buk of the 53rd brigade downed MH17.
              status: alleged
              attributed_to: jit
              sources: [om-2018]
              note: Denied by [[russia]].
            - text: "[[russia]] says it had no Buk there."
              status: claimed
              attributed_to: russia
              sources: [om-2018]
            - text: Nothing about it.
              status: reported
              sources: [om-2018]
        """), encoding="utf-8")
    done = build_folder(sheets, tmp_path / "site")
    assert done.returncode == 0, done.stderr
    page = crawl(tmp_path / "site")["actors/russia/"].tree
    naming = page.xpath("//section[@aria-labelledby='naming_h']//li")
    assert [" ".join(li.text_content().split()) for li in naming] == [
        "alleged A Buk of the 53rd brigade downed MH17. Claim 1 on briefing MH17, 24 May 2018. Asserted by Joint "
        "Investigation Team. Sources: Openbaar Ministerie. Note: Denied by Russia."]  # its number there, not a list's
    assert naming[0].xpath(".//p[@class='claim_meta']/a/@href")[0] == "../../briefings/mh17/#c_1"
    attributed = page.xpath("//section[@aria-labelledby='attributed_h']//li//div[@class='claim_text']")
    assert [" ".join(d.text_content().split()) for d in attributed] == ["Russia says it had no Buk there."]
    assert not crawl(tmp_path / "site")["actors/jit/"].tree.xpath("//section[@aria-labelledby='naming_h']")


def test_a_wikilink_label_of_spaces_shows_the_entitys_name():
    """`[[india| ]]` made a link with no text: invisible, and empty to a screen reader (a tester). A blank label is no
    label, in both of the Markdown compiler's paths."""
    from briefkit.markup import compile_markdown, compile_with_parser

    plain = compile_with_parser("A [[india]] F", "d").markup.html
    for blank in ("A [[india| ]] F", "A [[india|]] F", "A [[india|\u00a0\u2003]] F"):
        assert compile_markdown(blank, "d").markup.html == compile_with_parser(blank, "d").markup.html == plain, blank


def test_a_claims_sources_and_an_actors_roles_run_newest_first(tmp_path):
    """FORMAT.md: every list of dated things but the timeline runs newest first. A claim's sources kept the order
    written ("Sources: OldPub; NewPub" above a Sources list giving NewPub first), and a role known only by its end
    sorted with the undated (a tester)."""
    sheets = tmp_path / "briefings"
    sheets.mkdir()
    (sheets / "s.yaml").write_text(textwrap.dedent("""\
        actors:
          - id: x
            name: X
            kind: person
            roles:
              - {title: Undated, of: org}
              - {title: Old, from: 2001, of: org}
              - {title: Ended, to: 2016, of: org}
              - {title: New, from: 2019, of: org}
          - {id: org, name: Org, kind: organization}
        sources:
          - {id: old, publisher: OldPub, date: 2001-01-01}
          - {id: undated, publisher: NoDate}
          - {id: new, publisher: NewPub, date: 2020-05-01}
        stakes:
          - id: talks
            title: Talks
            summary: About [[x]].
            claims:
              - {text: A fact., status: reported, sources: [old, undated, new]}
        """), encoding="utf-8")
    done = build_folder(sheets, tmp_path / "site")
    assert done.returncode == 0, done.stderr
    pages = crawl(tmp_path / "site")
    meta = pages["stakes/talks/"].tree.xpath("//li[contains(@class, 'claim')]//p[@class='claim_meta']")[0]
    assert " ".join(meta.text_content().split()) == "Sources: NewPub; OldPub; NoDate."
    roles = [" ".join(li.text_content().split()) for li in pages["actors/x/"].tree.xpath("//section[@aria-labelledby='roles_h']//li")]
    assert [role.split(",")[0] for role in roles] == ["New", "Ended", "Old", "Undated"], roles
    held = [" ".join(li.text_content().split()) for li in pages["actors/org/"].tree.xpath(
        "//section[@aria-labelledby='roles_h']//li")]  # the organisation's list of who held its roles, alike
    assert held == ["X: New since 2019", "X: Ended until 2016", "X: Old since 2001", "X: Undated"], held


def test_a_content_pages_right_to_left_title_is_marked_and_isolated(tmp_path):
    """An Arabic content page's heading had no direction and its `<title>` no isolate, as entity pages have (a
    tester); Pelican's Jinja environment now has the filters of right-to-left text."""
    copy_site(tmp_path)
    (tmp_path / "content" / "pages" / "ar.md").write_text("Title: من نحن\nSlug: man-nahnu\n\nنص.\n", encoding="utf-8")
    built = run_cli("build", "--briefings", str(SEED), "--output", str(tmp_path / "site"), "--settings",
                    str(tmp_path / "pelican.conf.py"))
    assert built.returncode == 0, built.stderr
    page = lxml.html.fromstring((tmp_path / "site" / "man-nahnu" / "index.html").read_bytes())
    assert page.xpath("//main//h1/@dir") == ["rtl"]
    assert page.findtext(".//title").startswith("\u2067من نحن\u2069 · ")
    about = lxml.html.fromstring((tmp_path / "site" / "about" / "index.html").read_bytes())
    assert about.xpath("//main//h1/@dir") == [] and not about.findtext(".//title").startswith("\u2066")


def test_a_link_to_a_folder_of_the_sites_files_itself_is_checked():
    """`feeds/` and `pagefind/` hold only the site's files, so links into them pass unchecked; a link to the folder
    itself passed too, though no page is there (a server answers 404; a tester)."""
    from briefkit.linkcheck import unknown_page_links
    from briefkit.validate import PageLink

    links = [PageLink(path, f"/{path}", "summary", "a.yaml", 1, n) for n, path in
             enumerate(("feeds/", "feeds/all.atom.xml", "pagefind/pagefind.js", "about/", "feeds/actors/"), 1)]
    found = unknown_page_links(links, {"about/index.html"}, ("feeds/", "pagefind/"))
    assert [(p.column, p.message.split(":")[1].strip()) for p in found] == [(1, "link to `/feeds/`"),
                                                                          (5, "link to `/feeds/actors/`")]


def test_pages_of_one_title_in_one_list_are_told_apart_by_kind(tmp_path):
    """A briefing and an incident of one title, both citing a source and mentioning an actor, were listed as
    "Cited by: US strikes; US strikes" (a tester): each is followed by its kind, and by its id where two of one
    kind share the title; a title no other shares is left as it is."""
    pages = built(tmp_path, """\
        sources:
          - {id: s, publisher: Reuters}
        actors:
          - {id: iraq, name: Iraq, kind: state}
        incidents:
          - {id: i1, title: US strikes, date: 2021-02-25, kind: airstrike, location: {name: X}, sources: [s], summary: "[[iraq]]"}
          - {id: i2, title: US strikes, date: 2021-02-20, kind: airstrike, location: {name: X}, sources: [s]}
          - {id: i3, title: Other, date: 2021-02-19, kind: airstrike, location: {name: X}, sources: [s], summary: "[[iraq]]"}
        briefing:
          id: b
          title: US strikes
          date: 2021-02-26
          summary: See [[iraq]].
          sources: [s]
        """)
    cited = pages["sources/"].tree.xpath("//li[@id='s']/p[@class='cited_by']")[0]
    assert " ".join(cited.text_content().split()) == ("Cited by: US strikes (briefing); US strikes (incident i1); "
                                                      "US strikes (incident i2); Other")
    mentions = pages["actors/iraq/"].tree.xpath("//section[@aria-labelledby='mentions_h']//li")
    assert [" ".join(li.text_content().split()) for li in mentions] == [
        "US strikes (briefing)", "US strikes (incident)", "Other"]


def test_lists_of_several_kinds_order_a_day_as_every_list_of_dated_things(tmp_path):
    """"Mentioned in" and the sources page's "Cited by" put a day's incidents by title, so an actor page showed the
    strike and the dogfight answering it in one order under Incidents and the other under Mentioned in (a tester)."""
    pages = built(tmp_path, """\
        briefing: {id: b1, title: Report, date: 2019-02-27, summary: "[[iaf]]", incidents: [z-strike, a-dogfight], sources: [s1]}
        actors: [{id: iaf, name: IAF, kind: government-body}]
        incidents:
          - {id: z-strike, title: Alpha strike, date: 2019-02-27, kind: airstrike, location: {name: R},
             actors: [{actor: iaf, role: target}], summary: "Mentions [[iaf]].", sources: [s1]}
          - {id: a-dogfight, title: Zulu dogfight, date: 2019-02-27, kind: dogfight, location: {name: N},
             actors: [{actor: iaf, role: responder}], summary: "Mentions [[iaf]].", responds_to: [z-strike], sources: [s1]}
        sources: [{id: s1, publisher: Reuters, date: 2019-02-27}]
        """)
    actor = pages["actors/iaf/"].tree
    incidents = [a.text_content() for a in actor.xpath("//section[@aria-labelledby='incidents_h']//li/a")]
    mentions = [a.text_content() for a in actor.xpath("//section[@aria-labelledby='mentions_h']//li/a")]
    assert incidents == ["Zulu dogfight", "Alpha strike"] and mentions == ["Report", *incidents]
    cited = pages["sources/"].tree.xpath("//li[@id='s1']/p[@class='cited_by']/a")
    assert [a.text_content() for a in cited] == mentions


def test_every_count_a_page_shows_is_written_with_thousands_separators():
    """`1995 incidents` beside `All 1,995 kinds` on one page, `Map of 16000 located incidents` (a tester): a count in a
    template goes through the `number` filter, and those made in Python are written `{:,}`."""
    import re
    from pathlib import Path

    from conftest import ROOT

    from briefkit.navigation import count_text
    from briefkit.problems import counted

    assert count_text("incident", 1995) == "1,995 incidents" and counted(16000, "incident") == "16,000 incidents"
    printed = re.compile(r"{{([^}]*(?:\|length|\bcount\b|\.count|\btotal\b|unlocated)[^}]*)}}")
    unformatted = [(path.name, found.group(1).strip()) for path in (ROOT / "theme" / "templates").glob("*.html")
                   for found in printed.finditer(path.read_text(encoding="utf-8"))
                   if not any(part in found.group(1) for part in ("|number", "|country", " if "))]  # ` if `: a word
    assert unformatted == []


def test_a_search_document_lists_the_sources_its_page_lists(tmp_path):
    """A source only mentioned (`[[reuters]]`) gave the document a Sources heading its page has not: a search result
    linked to `#sources_h`, nowhere on the page (a reviewer). The cited ones are listed, as on the page."""
    from briefkit.pipeline import check as check_sheets
    from briefkit.search import entity_document
    from briefkit.views import title_of

    (tmp_path / "s.yaml").write_text(
        "sources:\n  - {id: reuters, publisher: Reuters}\n  - {id: ap, publisher: AP}\nactors:\n"
        "  - {id: a, name: A, kind: person, summary: 'As [[reuters]] said.'}\n"
        "  - {id: b, name: B, kind: person, relations: [{type: opposes, target: a, sources: [ap]}]}\n", encoding="utf-8")
    project = check_sheets(str(tmp_path), use_cache=False)
    assert 'id="sources_h"' not in entity_document(project, project.entities["a"], "en", title_of)
    assert "<p>Sources: AP.</p>" in entity_document(project, project.entities["b"], "en", title_of)


def test_the_build_summary_writes_counts_as_the_pages_do():
    """`Built 3,104 pages (… 2100 incident …) from … 2,100 incidents`: one line, two ways (a reviewer)."""
    from briefkit.build import BuildResult
    from briefkit.index import Project
    from briefkit.pipeline import Timings

    result = BuildResult(Project(), True, {"incident": 2100, "home": 1}, Timings(), output="out")
    result.timings.add("index", 0.0, 12500, "entities")
    assert "(1 home, 2,100 incident)" in result.summary() and "index 12,500 entities" in result.timings.summary()


def test_a_map_mark_names_its_incidents_whole_period(tmp_path):
    """The map's marks named a four-year war by its first month, "— December 1991 (region)", where its page, the
    timeline and the map's table give the period (a tester)."""
    pages = built(tmp_path, """\
        sources:
          - {id: s, publisher: P}
        incidents:
          - id: war
            title: War
            date: 1991-12
            end_date: 1994-05
            kind: war
            location: {name: Karabakh, country: AZ, lat: 39.9, lon: 46.6, precision: region}
            summary: Fighting.
            sources: [s]
        """)
    marks = pages["map/"].tree.xpath("//*[local-name()='a'][contains(@href, 'incidents/war/')]/*[local-name()='title']")
    assert [mark.text for mark in marks] == ["War — December 1991 – May 1994 (region)"]


def test_an_actor_named_twice_in_a_briefing_is_one_entry_with_both_roles_and_a_warning(tmp_path):
    """A briefing naming an actor twice, with two roles, listed it twice on the briefing's page and once, with the
    second role alone, on the actor's, and `check` said nothing (a tester): both pages show one entry with both
    roles, and the second entry is a warning at its place."""
    pages = built(tmp_path, """\
        sources:
          - {id: s, publisher: P}
        actors:
          - {id: russia, name: Russia, kind: state}
        briefing:
          id: b
          title: Ceasefire
          date: 2020-11-10
          summary: "[[russia]] brokered it."
          sources: [s]
          actors:
            - actor: russia
            - actor: russia
              role: guarantor
            - {actor: russia, role: mediator}
        """)
    entries = pages["briefings/b/"].tree.xpath("//section[@aria-labelledby='actors_h']//li")
    assert [" ".join(li.text_content().split()) for li in entries] == ["Russia — guarantor; mediator"]
    listed = pages["actors/russia/"].tree.xpath("//section[@aria-labelledby='briefings_h']//li")
    assert [" ".join(li.text_content().split()) for li in listed] == ["Ceasefire 10 November 2020 — guarantor; mediator"]
    found = run_cli("check", "--briefings", str(tmp_path / "briefings"), "--settings", str(SETTINGS))
    said = "`actors[{}]` names `russia` as `actors[0]` does; the pages show it once, with the `role` " \
           "of both: give it one entry"
    assert [line.split(": ", 1)[1] for line in found.stderr.splitlines() if "names `russia`" in line] == [
        "warning: " + said.format(1), "warning: " + said.format(2)]
    assert "s.yaml:13:7:" in found.stderr and "s.yaml:15:7:" in found.stderr


def test_a_stake_named_twice_in_a_briefing_is_one_entry_with_both_impacts_and_a_warning(tmp_path):
    """A stake named twice in a briefing's `stakes:` was listed twice on its page, with no warning, where an actor
    named twice is one entry (a tester)."""
    pages = built(tmp_path, """\
        sources:
          - {id: s, publisher: P}
        stakes:
          - {id: talks, title: Talks}
          - {id: deal, title: Deal}
        briefing:
          id: b
          title: Ceasefire
          date: 2020-11-10
          summary: S.
          sources: [s]
          stakes:
            - {stake: talks, impact: First.}
            - {stake: deal, impact: Other.}
            - {stake: talks, impact: Second.}
        """)
    entries = pages["briefings/b/"].tree.xpath("//dl[@class='stake_list']/*")
    assert [" ".join(e.text_content().split()) for e in entries] == ["Talks", "First. Second.", "Deal", "Other."]
    listed = pages["stakes/talks/"].tree.xpath("//dl[@class='stake_list']/dd")
    assert [" ".join(dd.text_content().split()) for dd in listed] == ["First. Second."]
    found = run_cli("check", "--briefings", str(tmp_path / "briefings"), "--settings", str(SETTINGS))
    assert ("warning: `stakes[2]` names `talks` as `stakes[0]` does; the pages show it once, with the `impact` of "
            "both: give it one entry") in found.stderr


def test_aliases_read_as_the_name_does_are_told_apart_and_the_feed_says_whose_it_is(tmp_path):
    """"Also known as" set each alias in a bare <bdi>, laid out by its first letter: the name's own words, as an alias,
    read "Clashes erupt across Khartoum — اشتباكات الخرطوم"; aliases holding commas were joined with commas, three
    names read as five; and every actor's feed was announced as "Briefings and incidents" (testers)."""
    mixed = "اشتباكات الخرطوم — Clashes erupt across Khartoum"
    pages = built(tmp_path, f"""\
        actors:
          - id: a1
            name: "{mixed}"
            kind: armed-group
            aliases: ["{mixed}", "Ansar Allah, the Houthi movement", "Supporters of God"]
        sources:
          - {{id: s, publisher: P}}
        briefing:
          id: b
          title: B
          date: 2021-02-26
          summary: "[[a1]]"
          sources: [s]
        """)
    page = pages["actors/a1/"].tree
    [facts] = page.xpath("//dl[@class='facts']/dd")
    assert [bdi.get("dir") for bdi in facts.xpath(".//bdi")] == ["ltr"]  # as the heading: most letters Latin
    assert facts.text_content() == f"{mixed}; Ansar Allah, the Houthi movement; Supporters of God"
    titles = page.xpath("//link[@rel='alternate'][@type='application/atom+xml']/@title")
    assert titles[0] == f"\u2066{mixed}\u2069: briefings and incidents · Conflict Briefings", titles


def test_a_source_titles_language_is_marked_in_wikilinks_citations_and_table_labels(tmp_path):
    """`lang` marked a source's title in the Sources lists only: a `[[source]]` link and a citation telling two reports
    of one publisher apart by title were read in the page's English voice (testers)."""
    pages = built(tmp_path, """\
        sources:
          - {id: lm-1, publisher: Le Monde, title: Les frappes américaines, lang: fr}
          - {id: lm-2, publisher: Le Monde, title: La riposte, lang: fr}
          - {id: jz, publisher: Al Jazeera, title: عنوان عربي طويل, lang: ar}
        stakes:
          - id: st
            title: St
            summary: "As [[lm-1]] and [[jz]] reported.\\n\\n| [[lm-2]] | Said |\\n| --- | --- |\\n| who | yes |"
            claims:
              - {text: Both., status: reported, sources: [lm-1, lm-2]}
        """)
    tree = pages["stakes/st/"].tree
    links = tree.xpath("//a[@class='wikilink']")
    assert [(a.text_content(), [(s.get("lang"), s.text) for s in a.xpath(".//span[@lang]")]) for a in links][:2] == [
        ("Le Monde: Les frappes américaines", [("fr", "Les frappes américaines")]),
        ("Al Jazeera: عنوان عربي طويل", [("ar", "عنوان عربي طويل")])]
    # a Latin publisher's link reads left to right, its Arabic title isolated in its own direction (it read
    # "<title> :Al Jazeera": a tester)
    [isolated] = links[1].xpath("./bdi")
    assert isolated.get("dir") == "ltr" and isolated.xpath("./span/@dir") == ["rtl"]
    cited = tree.xpath("//p[@class='claim_meta']/a")
    assert [[(s.get("lang"), s.text) for s in a.xpath(".//span[@lang]")] for a in cited] == [
        [("fr", "Les frappes américaines")], [("fr", "La riposte")]]
    page = (tmp_path / "out" / "stakes" / "st" / "index.html").read_text(encoding="utf-8")
    assert 'aria-label="Table: Le Monde: La riposte, Said"' in page  # a tag in an attribute is none: text


def test_a_long_claim_with_no_plain_text_is_shortened_to_an_ellipsis_not_none(tmp_path):
    """A claim longer than 1,200 characters that is struck through whole, or only a table, was shown on the pages of
    the actors it names as the word "None" (a tester): its excerpt is empty, so "…", with the link to it whole."""
    struck = "~~" + ("[[a1]] was there. " * 80).rstrip() + "~~"
    pages = built(tmp_path, f"""\
        sources:
          - {{id: s, publisher: P}}
        actors:
          - {{id: a1, name: Alpha, kind: state}}
        stakes:
          - id: st
            title: St
            summary: "[[a1]]"
            claims:
              - {{text: "{struck}", status: reported, sources: [s], note: "{struck}"}}
        """)
    [item] = pages["actors/a1/"].tree.xpath("//section[@aria-labelledby='naming_h']//li")
    text = " ".join(item.text_content().split())
    assert "None" not in text and text.startswith("reported … (the whole text) Claim 1 on stake St"), text
