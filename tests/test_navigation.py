"""Navigation and pictures in the built site: filter and sort pages, claims by status, related briefings,
previous/next along the timeline, the pictures, the search index and the pictures' style sheet."""

from __future__ import annotations

import json
import re
import shutil
import textwrap
from pathlib import Path

import pytest

from briefkit import pictures
from briefkit.navigation import slug
from conftest import SEED, build_folder, hub_sheets, unique_kind_sheets
from sitecrawl import crawl, target_exists

BRIEFING = "briefings/us-strikes-eastern-syria-2021-02/"


@pytest.fixture(scope="module")
def site(seed_output):
    return crawl(seed_output)


def one_sheet(tmp_path, name: str, text: str):
    """A fact-sheet folder tmp_path/briefings holding one sheet: its path."""
    sheets = tmp_path / "briefings"
    sheets.mkdir()
    (sheets / name).write_text(text, encoding="utf-8")
    return sheets


def _text(page) -> str:
    return " ".join(page.tree.text_content().split())


def test_filter_and_sort_pages_are_plain_links(site):
    index = site["incidents/"]
    bar = index.tree.xpath("//nav[@class='filters']")[0]
    hrefs = [a.get("href") for a in bar.iter("a")]
    for target in ("by_country/", "by_year/", "by_kind/", "by_country/iq/", "by_country/sy/", "by_year/2021/"):
        assert any(h.endswith("incidents/" + target) for h in hrefs), target
    iraq = site["incidents/by_country/iq/"]
    assert iraq.tree.findtext(".//h1") == "Incidents in Iraq"
    assert "incidents/erbil-rocket-attack-2021-02-15/" in iraq.links
    assert "incidents/us-airstrikes-eastern-syria-2021-02-25/" not in iraq.links  # in Syria
    current = iraq.tree.xpath("//nav[@class='filters']//a[@aria-current='page']")
    assert [a.text_content().split()[0] for a in current] == ["Iraq"]
    # its other rows count every incident: said, or `2021 3` beside "Incidents in Iraq" reads as Iraq's (a tester)
    assert iraq.tree.xpath("//nav[@class='filters']/p[@class='filter_scope']")[0].text == "Counts and links here are of all incidents."
    assert not index.tree.xpath("//p[@class='filter_scope']") and not site["incidents/by_country/"].tree.xpath(
        "//p[@class='filter_scope']")  # on the pages of every value, they are the page's own
    grouped = site["actors/by_kind/"]
    assert [h.text_content().split(" (")[0] for h in grouped.tree.xpath("//main//h2")][:2] == ["People", "States"]
    assert site["actors/by_kind/armed-group/"].tree.findtext(".//h1") == "Armed groups"
    assert "actors/kataib-hezbollah/" in site["actors/by_country/iq/"].links
    # "Actors in United States of America" (a tester); the filter's row keeps the name alone
    assert site["actors/by_country/us/"].tree.findtext(".//h1") == "Actors in the United States of America"
    # the names pages show: today's, written out (Natural Earth's map said "Macedonia", "St-Martin": a tester)
    from briefkit.countries import in_a_sentence

    assert [in_a_sentence(code) for code in ("MK", "SZ", "MF", "BL", "IM", "TR")] == [
        "North Macedonia", "Eswatini", "Saint Martin", "Saint Barthélemy", "the Isle of Man", "Türkiye"]
    assert [a.text_content().rstrip("0123456789 ") for a in site["actors/by_country/us/"].tree.xpath(
        "//nav[@class='filters']//a[@aria-current='page']")] == ["United States of America"]
    assert "briefings/by_year/2021/" in site["briefings/"].links
    assert any(url.startswith("stakes/by_status/") and url.count("/") == 3 for url in site)


def test_claims_by_status(site):
    index = site["claims/"]
    for status in ("confirmed", "reported", "claimed", "alleged", "disputed", "denied"):
        assert f"claims/status/{status}/" in index.links
    alleged = site["claims/status/alleged/"]
    items = alleged.tree.xpath("//ol[@class='claim_list']/li")
    assert items and all("status_alleged" in li.get("class") for li in items)
    assert any(link.startswith(BRIEFING + "#c_") or "#c_" in link for link in alleged.links)
    assert "No claim has this status." in _text(site["claims/status/denied/"])


def test_previous_and_next_along_the_timeline(site):
    erbil = site["incidents/erbil-rocket-attack-2021-02-15/"]
    prev = erbil.tree.xpath("//main//a[@rel='prev']")
    nxt = erbil.tree.xpath("//main//a[@rel='next']")
    assert len(prev) == len(nxt) == 1
    assert erbil.tree.xpath("//head/link[@rel='next']")
    briefing = site[BRIEFING]
    assert briefing.tree.xpath("//main//a[@rel='prev']") and not briefing.tree.xpath("//main//a[@rel='next']")


def test_on_one_day_the_timeline_tells_an_event_before_its_response_and_its_report(tmp_path):
    """Items of one day were ordered by id: Turkey's recall of its ambassador (`ankara-…`) came before the raid it
    answers, and the briefing before both (a tester). The event comes first, then what responds to it, then the
    briefing; ids only break the ties left."""
    sheets = one_sheet(tmp_path, "s.yaml", textwrap.dedent("""\
        briefing: {id: a-raid-brief, title: Briefing on the raid, date: 2010-05-31, summary: S., sources: [s],
                   incidents: [raid, ankara-recall]}
        incidents:
          - {id: raid, title: The raid, date: 2010-05-31, kind: raid, location: {name: Sea}, sources: [s]}
          - {id: ankara-recall, title: The recall, date: 2010-05-31, kind: protest, location: {name: Ankara},
             responds_to: [raid], sources: [s]}
        sources: [{id: s, publisher: P}]
        """))
    assert build_folder(sheets, tmp_path / "out").returncode == 0
    site = crawl(tmp_path / "out")
    timeline = [a.get("href").split("/")[-2] for a in site["timeline/"].tree.xpath("//main//li//a[contains(@href, 's/')]")]
    assert [name for name in timeline if name in ("raid", "ankara-recall", "a-raid-brief")] == ["raid", "ankara-recall",
                                                                                               "a-raid-brief"]
    raid = site["incidents/raid/"].tree
    assert raid.xpath("//main//a[@rel='next']/@href")[0].endswith("incidents/ankara-recall/")
    assert not raid.xpath("//main//a[@rel='prev']")
    # the picture above the list draws and links them in the same order (it had sorted a day's items by title)
    drawn = [h.split("/")[-2] for h in site["timeline/"].tree.xpath("//main//svg//a/@href")]
    assert [name for name in drawn if name in ("raid", "ankara-recall", "a-raid-brief")] == ["raid", "ankara-recall",
                                                                                            "a-raid-brief"]


def test_pictures_on_pages(site, seed_output):
    actor = site["actors/kataib-hezbollah/"]
    graph = actor.tree.xpath("//figure[contains(@class, 'picture')]//*[local-name()='svg' and contains(@class, 'bk-graph')]")
    assert graph
    graph_links = [a.get("href") for a in graph[0].iter("{*}a", "a") if a.get("href")]
    assert "../../actors/iran/" in graph_links and "../../actors/iranian-backed-militias/" in graph_links
    assert actor.tree.xpath("//*[local-name()='svg' and contains(@class, 'bk-timeline')]")
    assert actor.tree.xpath("//figure[contains(@class, 'picture')]/figcaption")
    incident = site["incidents/erbil-rocket-attack-2021-02-15/"]
    (locator,) = incident.tree.xpath("//*[local-name()='svg' and contains(@class, 'bk-locator')]")
    tiles = [image.get("href") for image in locator.xpath(".//*[local-name()='image']")]
    assert tiles and all(href.startswith("../../theme/maps/") for href in tiles)  # the shared base map, same origin
    for href in tiles:
        assert (seed_output / "incidents" / "erbil-rocket-attack-2021-02-15" / href).resolve().is_file(), href
    assert locator.xpath(".//*[local-name()='path' and @data-cc='IQ']")  # the incident's country, drawn on top
    assert not site["incidents/rocket-attacks-us-targets-iraq-2021-02/"].tree.xpath(
        "//*[local-name()='svg' and contains(@class, 'bk-locator')]")  # no coordinates, no map
    assert site["map/"].tree.xpath("//*[local-name()='svg' and contains(@class, 'bk-overview')]")
    assert "incidents/erbil-rocket-attack-2021-02-15/" in site["map/"].links
    assert site["timeline/"].tree.xpath("//*[local-name()='svg' and contains(@class, 'bk-timeline')]")
    assert site["stakes/iran-nuclear-deal-revival/"].tree.xpath("//*[local-name()='svg' and contains(@class, 'bk-timeline')]")
    css = (seed_output / "theme" / "css" / "pictures.css").read_text(encoding="utf-8")
    assert css == pictures.STYLESHEET
    assert "theme/css/pictures.css" in " ".join(site[""].links)


def test_search_index_and_page(site, seed_output):
    entry = json.loads((seed_output / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert sum(language["page_count"] for language in entry["languages"].values()) >= 21
    for name in ("pagefind-ui.js", "pagefind-ui.css", "pagefind.js"):
        assert (seed_output / "pagefind" / name).is_file()
    search = site["search/"]
    scripts = [s.get("src") for s in search.tree.iter("script")]
    assert scripts == ["../pagefind/pagefind-ui.js", "../theme/js/search.js"]
    assert "Search needs JavaScript" in (seed_output / "search" / "index.html").read_text(encoding="utf-8")
    actor = site["actors/kataib-hezbollah/"]
    body = actor.tree.xpath("//*[@data-pagefind-body]")
    assert len(body) == 1 and "كتائب حزب الله" in body[0].text_content()
    assert not site["incidents/"].tree.xpath("//*[@data-pagefind-body]")  # listings are not search results


def test_slug():
    assert slug("Rocket attack") == "rocket-attack"
    assert slug("  Drone / missile strike ") == "drone-missile-strike"
    assert slug("هجوم").startswith("t-") and slug("هجوم") == slug("هجوم")
    assert slug("Взрыв") == slug("взрыв") == slug(" ВЗРЫВ ") != slug("взрывы")  # case folds in every script
    assert slug("Straße") == slug("STRASSE") == "strasse" and slug("Café") == "cafe"
    assert slug("Взрыв 2") != slug("Обстрел 2")  # once both "2": one page for two kinds
    # accents aside, as for Latin letters: Greek capitals drop the tonos, Turkish İ lowers to i and a dot (a tester)
    assert slug("Σεισμός") == slug("ΣΕΙΣΜΟΣ") and slug("İHA saldırısı") == slug("iha saldırısı")
    # Turkish dotless ı is `I` in lower case: one page, at a readable address (a tester)
    assert slug("INTIHAR SALDIRISI") == slug("intihar saldırısı") == "intihar-saldirisi"
    assert len({slug("c++"), slug("c#"), slug("c")}) == 3 and slug("a/b") != slug("a?b")
    # A text that reads like a hashed segment is hashed too, or it would share that text's page (found by a tester)
    assert slug("Захват судов") == "t-0e786a5e" and slug("t-0e786a5e") not in ("t-0e786a5e", slug("Захват судов"))
    assert slug("t-0e786a5") == "t-0e786a5" and slug("t-0E786A5E") == slug("t-0e786a5e")
    # Cut at 60 characters, two texts alike so far shared one page, named by one of them (a tester): a long one keeps
    # a hash of its whole segment, so that only case, spacing and punctuation still make texts alike.
    north, south = (f"cross-border artillery shelling of civilian infrastructure in the {side}" for side in ("north", "south"))
    assert slug(north) != slug(south) and len(slug(north)) == len(slug(south)) == 60
    assert slug(north) == slug(north.upper()) == slug(north.replace(" ", "  ") + ".")
    assert slug(north).startswith("cross-border-artillery-shelling-of-civilian-infrast-")
    assert slug(slug(north).replace("-", " ")) != slug(north)  # a short text spelling a cut one's segment: hashed


def test_texts_that_slug_alike_are_named_by_their_most_used_spelling(tmp_path):
    """Not by the spelling that sorts first (capitals did: "TALKS PENDING" for three pages saying "talks pending")."""
    sheets = tmp_path / "briefings"
    sheets.mkdir()
    statuses = ["TALKS PENDING", "talks pending", "Talks  pending", "talks-pending", "talks  pending"]
    (sheets / "s.yaml").write_text("stakes:\n" + "".join(
        f"  - {{id: s{n}, title: Stake {n}, status: {status!r}}}\n" for n, status in enumerate(statuses)), encoding="utf-8")
    assert build_folder(sheets, tmp_path / "site").returncode == 0
    links = crawl(tmp_path / "site")["stakes/by_status/"].tree.xpath("//a[contains(@href, 'by_status/talks-pending/')]")
    texts = {a.text.strip() for a in links}
    assert "talks pending" in texts and all(t.endswith("talks pending") for t in texts)  # spaces collapsed too


def test_of_spellings_used_alike_the_one_written_as_words_and_not_in_capitals_names_the_group():
    """Each used once, `rocket_attack` or `ÉMEUTE` named the group when seen first (found by a tester)."""
    from collections import Counter

    from briefkit.navigation import _spelling

    def named(*labels):
        counts = Counter((0, label) for label in labels)
        return max(counts.items(), key=_spelling)[0][1]

    assert named("rocket_attack", "Rocket-Attack", "rocket attack") == "Rocket-Attack"
    assert named("ÉMEUTE", "Emeute", "émeute") == "Emeute"
    assert named("ÉMEUTE", "ÉMEUTE", "émeute") == "ÉMEUTE"  # the most used first


def _briefing(ident: str, date: str, actors: list[str], stakes: list[str]) -> str:
    actor_lines = "".join(f"\n    - actor: {a}" for a in actors) or " []"
    stake_lines = "".join(f"\n    - stake: {s}" for s in stakes) or " []"
    return textwrap.dedent(f"""\
        briefing:
          id: {ident}
          title: Briefing {ident}
          date: {date}
          summary: A test briefing.
          sources: [seed-article-us-strikes-syria]
          actors:""") + actor_lines + "\n  stakes:" + stake_lines + "\n"


def test_related_briefings_ranked_by_shared_actors_and_stakes(tmp_path):
    sheets = tmp_path / "briefings"
    shutil.copytree(SEED, sheets)
    extra = {
        "rel-three": ("2021-03-01", ["iran", "kataib-hezbollah"], ["iran-nuclear-deal-revival"]),  # 3 shared
        "rel-two-new": ("2021-03-05", ["iran", "joe-biden"], []),  # 2 shared, newer
        "rel-two-old": ("2021-03-02", ["iran", "pentagon"], []),  # 2 shared, older
        "rel-two-old-b": ("2021-03-02", ["syria", "pentagon"], []),  # 2 shared, same date: by id
        "rel-one-a": ("2021-04-01", ["syria"], []),
        "rel-one-b": ("2021-04-02", ["jen-psaki"], []),
        "rel-none": ("2021-04-03", [], []),
    }
    for ident, (date, actors, stakes) in extra.items():
        (sheets / f"{ident}.yaml").write_text(_briefing(ident, date, actors, stakes), encoding="utf-8")
    result = build_folder(sheets, tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    page = crawl(tmp_path / "site")[BRIEFING]
    related = [a.get("href") for a in page.tree.xpath("//aside[@class='related']//li/a")]
    assert related == [f"../../briefings/{i}/" for i in ("rel-three", "rel-two-new", "rel-two-old", "rel-two-old-b", "rel-one-b")]
    assert "3 actors and 1 stake in common" not in _text(page)
    assert "2 actors and 1 stake in common" in _text(page)


def test_a_briefing_page_reads_as_much_however_many_briefings_share_its_actor(tmp_path):
    """Every briefing names `hub`: a page recorded a read of each of the others (whole, so one's summary edited
    rendered them all again, and the manifest grew as the square); now the tokens of what it shows, and
    `related:<id>`."""
    from briefkit.pipeline import check
    from briefkit.views import Views, plan

    def reads(count: int) -> set[str]:
        project = check(str(hub_sheets(tmp_path / str(count), count)), use_cache=False)
        assert project.errors == []
        views = Views(project, {})
        views.context(next(spec for spec in plan(project) if spec.key == "b003"))
        return set(views.reads)

    few, many = reads(30), reads(60)
    assert len(few) == len(many) < 30
    assert "related:b003" in many
    # It shows the name of the actor, stake and source it names, never their texts: it reads their heads alone.
    assert {"^hub", "^st", "^src"} <= many and not {"hub", "st"} & many


def test_related_briefings_walk_as_far_as_needed_and_rank_as_scoring_every_one():
    """_best_ranks reads short lists whole and walks the long ones only while a briefing further on could take a
    place: the same ranks as scoring every briefing, whatever the lists' lengths (SHORT_LIST moved to walk more)."""
    import random

    from briefkit import navigation

    def scored(me, lists):
        shared: dict[str, int] = {}
        for _, ids in lists:
            for i in ids - {me}:
                shared[i] = shared.get(i, 0) + 1
        keys = {key[1]: key for ordered, _ in lists for key in ordered}
        return sorted((-n, keys[i]) for i, n in shared.items())[:navigation.RELATED_COUNT]

    rng = random.Random(5)
    for short in (0, 1, 3, 100):
        for _ in range(300):
            dates = {f"b{n}": (-rng.randint(2000, 2003), -rng.randint(0, 2), 0) for n in range(rng.randint(1, 40))}
            lists = []
            for _ in range(rng.randint(1, 5)):
                share = rng.random()
                ids = frozenset(i for i in dates if rng.random() < share)
                lists.append((sorted((dates[i], i) for i in ids), ids))
            me = rng.choice(sorted(dates))
            with pytest.MonkeyPatch.context() as patch:
                patch.setattr(navigation, "SHORT_LIST", short)
                assert navigation._best_ranks(me, lists) == scored(me, lists)


def test_an_entity_whose_id_reads_like_a_grouped_page_and_the_grouped_page_both_exist(tmp_path):
    """A grouped page's segment holds `_`, which no id can (`by_kind`): an actor `by-kind` and an incident `by-country`
    have their pages, and no grouped page is left out (with `by-kind`, the actor took its URL: found by a tester)."""
    sheets = tmp_path / "briefings"
    shutil.copytree(SEED, sheets)
    (sheets / "odd.yaml").write_text(textwrap.dedent("""\
        actors:
          - id: by-kind
            name: An actor whose id looks like a page
            kind: person
        incidents:
          - id: by-country
            title: An incident whose id looks like a page
            date: 2018-11-25
            kind: seizure
            location: {name: Kerch Strait}
            sources: [s1]
        sources:
          - id: s1
            publisher: TASS
        """), encoding="utf-8")
    result = build_folder(sheets, tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    pages = crawl(tmp_path / "site")
    assert pages["actors/by-kind/"].tree.findtext(".//h1") == "An actor whose id looks like a page"
    assert pages["incidents/by-country/"].tree.findtext(".//h1") == "An incident whose id looks like a page"
    assert pages["actors/by_kind/"].tree.findtext(".//h1") == "Actors by kind" and "actors/by_kind/person/" in pages
    sorts = [a.text_content() for a in pages["actors/"].tree.xpath("//nav[@class='filters']/div[1]//a")]
    assert sorts == ["By name", "By kind", "By country"]
    browse = [(a.get("href"), a.text_content()) for a in pages[""].tree.xpath("//ul[@class='browse_list']//a")]
    assert ("actors/by_kind/", "Actors by kind") in browse and ("incidents/by_country/", "Incidents by country") in browse
    assert [a.get("href") for a in pages["map/"].tree.xpath("//p[@class='meta']/a")] == ["../incidents/by_country/"]


def _kind_bar(page) -> list[tuple[str, str, str | None]]:
    """The kind row of a page's filter bar: (link text, href, aria-current) of each link."""
    row = page.tree.xpath("//nav[@class='filters']/details[summary[starts-with(normalize-space(), 'Kind')]]")[0]
    return [(" ".join(a.text_content().split()), a.get("href"), a.get("aria-current")) for a in row.iter("a")]


def test_a_values_filter_bar_shows_as_many_links_however_many_values_there_are(tmp_path):
    """A value's page shows the 12 largest values, its own and a link to every value: with 30 or 60 kinds (one
    incident each) the same links; before, every value's page listed every value (440 MB of output at 2,000)."""
    bars, sizes = {}, {}
    for count in (30, 60):
        result = build_folder(unique_kind_sheets(tmp_path / f"b{count}", count), tmp_path / f"s{count}")
        assert result.returncode == 0, result.stdout + result.stderr
        pages = crawl(tmp_path / f"s{count}")
        bars[count] = _kind_bar(pages["incidents/by_kind/kind-5/"])
        sizes[count] = len(pages["incidents/by_kind/kind-5/"].tree.xpath("//nav[@class='filters']//a"))
        grouped = pages["incidents/by_kind/"]
        assert len(grouped.tree.xpath("//main//section[@class='index_group']")) == count  # every value, once
        assert ("All {} kinds".format(count), "", "page") in [(t, h.rsplit("by_kind/", 1)[1], c)
                                                             for t, h, c in _kind_bar(grouped)]
    assert sizes[30] == sizes[60]
    texts = {count: [text for text, _, _ in bar] for count, bar in bars.items()}
    assert texts[30][:-1] == texts[60][:-1] and len(texts[30]) == 12 + 2  # 12 largest (ties by name), itself, all
    assert texts[60][-1] == "All 60 kinds" and bars[60][-1][1] == "../../../incidents/by_kind/"
    assert [text for text, _, current in bars[60] if current] == ["kind 5 1"]  # not among the 12, shown all the same


def test_search_shards_are_a_power_of_two_and_never_empty():
    """Pagefind cannot index an empty folder: a count that would leave a shard empty is halved."""
    from briefkit import search

    for total in (0, 1, 3, 4, 5, 17, 34, 100, 1000):
        paths = [f"actors/a{i}/index.html" for i in range(total)]
        for size in (1, 4, 60):
            count = search.shard_count(paths, size)
            assert count & (count - 1) == 0  # a power of two
            parts = search.shards(paths, size)
            assert len(parts) == count and sum(map(len, parts)) == total
            assert all(parts) or total == 0, (total, size, [len(p) for p in parts])
            wanted = 1
            while wanted * size < total:
                wanted *= 2
            assert count <= wanted and (count == wanted or count < total)


def test_unspaced_text_gets_a_word_for_every_later_position_and_spaced_text_none():
    """Pagefind finds a word by its beginning: each later position of a Chinese, Japanese or Thai run becomes one."""
    from briefkit import search

    def words(more: str) -> list[str]:
        return more.removeprefix('<p data-pagefind-meta="unspaced:1">\u2042 ').removesuffix("</p>").split(" ")

    more = search.unspaced_words("<h1>Senkaku</h1><p>The 尖閣諸島 of 2010, NHKによると</p><p>กรุงเทพ</p>")
    assert words(more) == ["閣諸島", "諸島", "島",  # not 尖閣諸島: Pagefind's own word already
                           "HKによると", "Kによると", "によると", "よると", "ると", "と",  # a word from space to space
                           "รุงเทพ", "งเทพ", "เทพ", "ทพ", "พ"]  # none starting with the combining vowel sign ุ
    # Inline markup is no part between words (as Pagefind reads it); a block is; digits are in the word
    assert words(search.unspaced_words("<p>尖閣<strong>諸島</strong>2隻</p><p>中国</p>")) == [
        "閣諸島2隻", "諸島2隻", "島2隻", "2隻", "隻", "国"]
    assert words(search.unspaced_words("<p>ភ្នំពេញ</p>")) == ["នំពេញ", "ពេញ", "ញ"]  # Khmer: no word from a sign ្ ំ េ
    assert search.unspaced_words("<p>Plain English, عربي, русский, 서울에서</p>") == ""  # spaces between words
    # joined by a dash or a typographic apostrophe, which Pagefind parts no word at (a tester)
    assert words(search.unspaced_words("<p>Israel–Hamas, Côte d’Ivoire</p>")) == ["Israel", "Hamas,", "d", "Ivoire"]
    long = search.unspaced_words("<p>" + "漢" * 40 + "</p>")
    assert words(long) == ["漢" * n for n in range(search.UNSPACED_CHARS, 0, -1)]  # 39 later positions, 12 words:
    # the next 12 characters at most, each once
    assert words(search.unspaced_words("<p>中国 <b>漁船</b> &lt;x&gt;漢</p>")) == ["国", "船", "x&gt;漢", "&gt;漢", "漢"]



def test_search_documents_add_the_compatibility_form_of_each_word_that_has_another():
    """`NHK` did not find ＮＨＫ, nor `5179` ５１７９, nor Երեւան Երևան (a tester): after ⁂, each word's NFKC form, with
    the suffixes of a folded unspaced word; a document of plain forms gets nothing."""
    from briefkit import search

    def words(more: str) -> list[str]:
        return more.removeprefix('<p data-pagefind-meta="unspaced:1">\u2042 ').removesuffix("</p>").split(" ")

    assert words(search.unspaced_words("<p>Երևանի քաղաքապետարան, ＢＢＣ and the ﬁrst</p>")) == ["Երեւանի", "BBC", "first"]
    found = words(search.unspaced_words("<p>漁船５１７９号</p>"))
    assert found[0] == "漁船5179号" and "5179号" in found and "５１７９号" in found
    assert search.unspaced_words("<p>Plain English, Ελληνικά, Երեւան</p>") == ""
    # Arabic-script letters typed differently on Arabic, Persian and Urdu keyboards: one form after ⁂ (a tester)
    assert words(search.unspaced_words("<p>ایران و کتائب، إيران</p>")) == ["ايران", "كتائب،"]

def test_ethiopic_punctuation_between_words_parts_them_in_the_search_document(tmp_path):
    """ደብረጽዮን፡ገብረሚካኤል, written with the Ethiopic word space and no space, was one word to Pagefind: the surname
    was not found (a tester). The search document parts the words after the mark; the page shows them as written."""
    from briefkit import search
    from briefkit.pipeline import check
    from briefkit.views import title_of

    sheets = one_sheet(tmp_path, "t.yaml", textwrap.dedent("""\
        actors:
          - id: debretsion
            name: Debretsion Gebremichael
            kind: person
            aliases: ["ደብረጽዮን፡ገብረሚካኤል"]
            summary: "ሕወሓት።**ትግራይ**፣መቐለ፤ሰላም፥ዜና፦ምን፧ሀ፨ለ፡ ሐ"
        """))
    project = check(str(sheets))
    document = search.entity_document(project, project.entities["debretsion"], "en", title_of)
    assert "ደብረጽዮን፡ ገብረሚካኤል" in document
    assert "ሕወሓት። <strong>ትግራይ</strong>፣ መቐለ፤ ሰላም፥ ዜና፦ ምን፧ ሀ፨ ለ፡ ሐ" in document  # no second space
    assert search.parted('<a href="#x፡y">x</a>') == '<a href="#x፡y">x</a>'  # a tag is left as written

def test_struck_through_text_is_out_of_search_documents_and_every_plain_text(tmp_path):
    """Pagefind's excerpts are plain text: "killed 800 more than 200" gave a correction's old figure as current (a
    tester). The documents leave struck text out, as markup.plain_text does; an HTML output keeps it struck."""
    from briefkit import markup, search
    from briefkit.pipeline import check
    from briefkit.views import Views, title_of

    sheets = one_sheet(tmp_path, "t.yaml", textwrap.dedent("""\
        actors:
          - id: eritrea
            name: Eritrea
            kind: state
            summary: "Troops killed ~~**800**~~ more than 200 ~~of the~~ civilians, says [[eritrea|the ~~old~~ state]]."
        """))
    project = check(str(sheets))
    entity = project.entities["eritrea"]
    document = search.entity_document(project, entity, "en", title_of)
    assert "800" not in document and "<s>" not in document and "Troops killed  more than 200  civilians" in document
    assert search.page_document("T", "<p>We wrote <s>800</s> 200</p>", "en").count("800") == 0
    views = Views(project, {})
    assert views.plain(entity.data["summary"]) == "Troops killed more than 200 civilians, says the state."
    assert views.plain_html(entity.data["summary"]) == \
        "Troops killed <s>800</s> more than 200 <s>of the</s> civilians, says the <s>old</s> state."
    assert views.plain_html(entity.data["summary"], 40) == "Troops killed <s>800</s> more than 200 <s>of</s>…"
    assert markup.plain_text("<p>a <del>b</del> c<s>d</s></p><p>e&amp;<strong>f</strong></p>") == "a c e&f"
    assert markup.plain_text("<p>\ue000a <s>b</s>\ue001</p>", struck=True) == "a \ue000b\ue001"  # an editor's marks go
    assert markup._label_text("~~old~~ new") == "new"  # a wikilink's words as an image's description



def test_tables_and_code_blocks_are_out_of_every_plain_text():
    """A table in a summary ran into the description as "… Date Killed Wounded 5 August 2020 135 5,000 …", read as a
    sentence, in meta and Open Graph descriptions and the CSV's notes (a tester): left out, as footnotes are."""
    from briefkit.markup import compile_with_parser, plain_text

    html = compile_with_parser("Intro.\n\n| Date | Killed |\n| --- | ---: |\n| 5 August | 135 |\n\nAfter.\n\n"
                               "```\nHangar 12\n```\n\nEnd with `x`.", "d").markup.html
    assert "<table" in html and "<pre" in html
    assert plain_text(html) == "Intro. After. End with x."

def test_dated_lists_on_entity_pages_run_newest_first_whatever_the_file_order(tmp_path):
    """FORMAT.md: the timeline runs oldest first, every other list of dated things newest first."""
    from briefkit.pipeline import check
    from briefkit.views import Views

    sheets = one_sheet(tmp_path, "a-older.yaml", textwrap.dedent("""\
        sources:
          - {id: s1, publisher: Reuters}
          - {id: s2, publisher: AP, date: 2019-09}
          - {id: s3, publisher: AFP, date: 2024-01-13}
        actors:
          - {id: state, name: State, kind: state}
          - id: chief
            name: Chief
            kind: person
            roles: [{title: Deputy, of: state, from: 2009-01-20, to: 2017-01-20}, {title: Head, of: state, from: 2021-01-20}]
          - id: other
            name: Other
            kind: person
            roles: [{title: Head, of: state, from: 2017-01-20, to: 2021-01-20}]
        incidents:
          - id: first
            title: First
            date: 2019-09-15
            kind: attack
            location: {name: Abqaiq}
            sources: [s1]
            claims: [{text: Old claim., status: alleged, attributed_to: state, sources: [s1]}]
        """))
    (sheets / "b-newer.yaml").write_text(textwrap.dedent("""\
        incidents:
          - id: second
            title: Second
            date: 2024-01-12
            kind: attack
            location: {name: Abqaiq}
            responds_to: [first, third]
            sources: [s1]
            claims: [{text: New claim., status: alleged, attributed_to: state, sources: [s1]}]
          - id: third
            title: Third
            date: 2020-05
            kind: attack
            location: {name: Abqaiq}
            responds_to: [first]
            sources: [s1, s2, s3]
        briefing:
          id: brief
          title: Brief
          date: 2024-02
          summary: In the order written.
          incidents: [first, third, second]
          sources: [s1]
        """), encoding="utf-8")
    project = check(str(sheets), use_cache=False)
    assert project.errors == []
    views = Views(project, {})
    assert [c["on"]["name"] for c in views.attributed_claims("state", "")] == ["Second", "First"]
    assert [(h["name"], h["role"]["title"]) for h in views.role_holders("state")] == [
        ("Chief", "Head"), ("Other", "Head"), ("Chief", "Deputy")]
    chief = views.actor(project.entities["chief"], "")
    assert [r["title"] for r in chief["roles"]] == ["Head", "Deputy"]
    first = views.incident(project.entities["first"], "")
    assert [r["name"] for r in first["responses"]] == ["Second", "Third"]
    assert [i["name"] for i in views.briefing(project.entities["brief"], "")["incidents"]] == ["Second", "Third", "First"]
    second = views.incident(project.entities["second"], "")
    assert [r["name"] for r in second["responds_to"]] == ["Third", "First"]
    third = views.incident(project.entities["third"], "")
    assert [s["source"]["publisher"] for s in third["sources"]] == ["AFP", "AP", "Reuters"]  # undated last


def test_mentioned_in_runs_newest_first_then_the_undated_by_name(tmp_path):
    """"Mentioned in" mixes kinds: the dated pages (briefings, incidents) newest first, then actors and stakes by name."""
    from briefkit.pipeline import check
    from briefkit.views import PageSpec, Views

    sheets = tmp_path / "briefings"
    sheets.mkdir()
    (sheets / "a.yaml").write_text(textwrap.dedent("""        sources:
          - {id: s1, publisher: Reuters}
          - {id: s2, publisher: Rumour Mill, date: 2020-01}
          - {id: s3, publisher: AP, date: 2021-06-01}
          - {id: s0, publisher: AFP}
          - {id: s4, publisher: Zeta, date: 2021-06-01}
          - {id: s5, publisher: Beta, date: 2021-06-01}
        actors:
          - {id: target, name: Target, kind: state}
          - {id: zed, name: Zed, kind: person, summary: "Works for [[target]]."}
          - {id: abe, name: Abe, kind: person, summary: "Also for [[target]], says [[s2]]."}
        stakes:
          - id: stake
            title: Middle stake
            summary: "About [[target]]."
            parties: [{actor: target, position: For.}]
            claims: [{text: Said., status: reported, sources: [s1]}]
        incidents:
          - {id: old, title: Old, date: 2019-09-15, kind: attack, location: {name: A}, summary: "[[target]].", sources: [s1]}
          - {id: new, title: New, date: 2024-01-12, kind: attack, location: {name: B}, summary: "[[target]].", sources: [s1]}
          - {id: mid, title: Mid, date: 2020-05, kind: attack, location: {name: C}, summary: "[[target]].", sources: [s1]}
        briefing:
          id: brief
          title: Brief
          date: 2021-02
          summary: "On [[target]] and [[stake]]."
          incidents: [old, new, mid]
          sources: [s1]
        """), encoding="utf-8")
    project = check(str(sheets), use_cache=False)
    assert project.errors == []
    views = Views(project, {})
    views.root = ""
    assert [m["name"] for m in views.mentions("target")] == ["New", "Brief", "Mid", "Old", "Abe", "Middle stake", "Zed"]
    # The sources page's "Cited by" too, whatever relation cites (here `sources` and a claim's); a `[[source]]` in a
    # text is "Mentioned in", not a citation; and the dated sources run newest first, then the undated by publisher.
    page = views.page_sources(PageSpec("sources/index.html", "sources/", "sources.html", "sources"))
    assert [s["id"] for s in page["sources"]] == ["s3", "s5", "s4", "s2", "s0", "s1"]  # one date: by publisher
    s1 = page["sources"][5]
    assert [c["name"] for c in s1["cited_by"]] == ["New", "Brief", "Mid", "Old", "Middle stake"]
    s2 = page["sources"][3]
    assert s2["cited_by"] == [] and [c["name"] for c in s2["mentioned_in"]] == ["Abe"]


def test_every_id_on_a_page_is_unique_when_fields_repeat_headings(tmp_path):
    """Heading ids are unique within a field; a page shows many fields, and an actor may relate to itself."""
    from collections import Counter

    from lxml import html as lxml_html

    sheets = one_sheet(tmp_path, "beirut.yaml", textwrap.dedent("""\
        briefing:
          id: beirut-port-explosion
          title: Beirut port explosion
          date: 2020-08-05
          summary: Ammonium nitrate exploded at the port of [[beirut-port]].
          body: "## Background\\n\\nStored unsafely for six years.\\n\\n## Background\\n\\nAgain."
          claims:
            - text: More than 200 people were killed.
              status: confirmed
              sources: [reuters]
              note: "## Background\\n\\nFigures rose for weeks."
          sources: [reuters]
        actors:
          - id: beirut-port
            name: Port of Beirut
            kind: organization
            relations:
              - {type: opposes, target: beirut-port, note: "Factions fight each other.[^1]\\n\\n[^1]: A report."}
        sources:
          - {id: reuters, publisher: Reuters}
        """))
    assert build_folder(sheets, tmp_path / "site").returncode == 0
    for path in ("briefings/beirut-port-explosion/index.html", "actors/beirut-port/index.html"):
        tree = lxml_html.fromstring((tmp_path / "site" / path).read_bytes())
        ids = Counter(el.get("id") for el in tree.iter() if isinstance(el.tag, str) and el.get("id"))
        assert [i for i, n in ids.items() if n > 1] == [], path
    briefing = (tmp_path / "site" / "briefings/beirut-port-explosion/index.html").read_text(encoding="utf-8")
    assert briefing.index('id="h_background"') < briefing.index('id="h_background-1"') < briefing.index('id="h_background-2"')


@pytest.mark.parametrize(("listed", "shown"), [
    ("[{actor: us, role: Mediator}, {actor: us, role: Guarantor}]", ["Mediator", "Guarantor"]),
    ("[{actor: us}, {actor: us, role: Guarantor}, {actor: us, role: Guarantor}]", ["Guarantor"]),
    ("[{actor: us}]", []),
])
def test_an_actor_named_twice_in_a_briefing_shows_every_role_on_its_page(tmp_path, listed, shown):
    """The actor's page showed the first role only, or none when the first listing had none (found by a tester)."""
    from briefkit.pipeline import check
    from briefkit.views import Views

    sheets = one_sheet(tmp_path, "s.yaml", textwrap.dedent(f"""\
        sources: [{{id: s1, publisher: Reuters}}]
        actors: [{{id: us, name: United States, kind: state}}]
        briefing: {{id: b, title: B, date: 2021-02-25, summary: S., sources: [s1], actors: {listed}}}
        """))
    project = check(str(sheets), use_cache=False)
    [briefing] = Views(project, {}).actor(project.entities["us"], "")["briefings"]
    assert briefing["roles"] == shown


def test_an_entitys_own_headings_keep_their_ids_and_other_entities_text_yields(tmp_path):
    """A stake's `[background](#h_background)` led to a briefing's impact heading shown further down its page, which
    took the id first (found by a tester); a briefing's summary heading yielded to its body's."""
    from briefkit.pipeline import check
    from briefkit.views import Views

    sheets = one_sheet(tmp_path, "s.yaml", textwrap.dedent("""\
        sources: [{id: s1, publisher: Reuters}]
        actors: [{id: gam, name: GAM, kind: armed-group}]
        stakes:
          - id: aceh-peace
            title: Aceh peace
            summary: "# Background\\n\\nThirty years of conflict; see [background](#h_background)."
            parties: [{actor: gam, position: "# Background\\n\\nDisarms."}]
        briefing:
          id: b
          title: B
          date: 2005-08-15
          summary: "# Background\\n\\nSigned in Helsinki."
          body: "## Background\\n\\nMore."
          sources: [s1]
          stakes: [{stake: aceh-peace, impact: "# Background\\n\\nSigned."}]
        """))
    project = check(str(sheets), use_cache=False)
    assert project.errors == []
    views = Views(project, {})
    stake = views.stake(project.entities["aceh-peace"], "")
    assert 'id="h_background"' in stake["summary"]
    assert 'id="h_background-1"' in stake["parties"][0]["position"]
    assert 'id="h_background-2"' in stake["briefings"][0]["impact"]
    views = Views(project, {})
    briefing = views.briefing(project.entities["b"], "")
    assert 'id="h_background"' in briefing["summary"] and 'id="h_background-1"' in briefing["body"]


def test_an_actor_named_twice_in_a_stake_shows_both_positions_on_its_page(tmp_path):
    from briefkit.pipeline import check
    from briefkit.views import Views

    sheets = one_sheet(tmp_path, "s.yaml", textwrap.dedent("""\
        sources: [{id: s1, publisher: Reuters}]
        actors: [{id: us, name: United States, kind: state}]
        stakes:
          - id: sanctions
            title: Sanctions
            parties: [{actor: us, position: Lifts them., sources: [s1]}, {actor: us, position: Reimposes them.}]
        briefing:
          id: b
          title: B
          date: 2021-02-25
          summary: S.
          sources: [s1]
          actors: [{actor: us}]
          stakes: [{stake: sanctions, impact: First impact.}, {stake: sanctions, impact: Second impact.}]
        """))
    project = check(str(sheets), use_cache=False)
    assert project.errors == []
    views = Views(project, {})
    [stake] = views.actor(project.entities["us"], "")["stakes"]
    # each position with its own sources: both were cited after the last, which the source does not back (a reviewer)
    assert [("Lifts them." in p["text"], "Reimposes them." in p["text"], [link["id"] for link in p["sources"]])
            for p in stake["positions"]] == [(True, False, ["s1"]), (False, True, [])]
    [briefing] = views.stake(project.entities["sanctions"], "")["briefings"]
    assert "First impact." in briefing["impact"] and "Second impact." in briefing["impact"]


@pytest.mark.parametrize(("url", "path"), [
    ("../../actors/actor-a/", "actors/actor-a/"),
    ("#h_background", "briefings/b/#h_background"),
    ("report.pdf", "briefings/b/report.pdf"),
    ("/actors/actor-a/", "actors/actor-a/"),  # the site's root, wherever the site is served from
    ("..", "briefings/"),
    ("./?page=2#top", "briefings/b/?page=2#top"),
    ("a/b/../c", "briefings/b/a/c"),
    ("../../../elsewhere/", None),  # above the site: left as written
    ("https://example.org/x", None),
    ("mailto:desk@example.org", None),
    ("//example.org/x", None),
    ("/javascript:alert(1)", "./javascript:alert(1)"),  # never a scheme once rebased: a path on the home page
    ("../../data:text/html,x", "./data:text/html,x"),
])
def test_a_relative_link_is_read_from_its_own_entity_page(url, path):
    from briefkit.markup import rooted

    assert rooted(url, "briefings/b/") == path


def test_relative_links_and_anchors_resolve_on_every_page_that_shows_their_field(tmp_path):
    """FORMAT.md allows relative paths and #anchors. A summary shows on its page, the home page and the claims
    pages, at other depths: each link is written from the field's own page and rebased on every page."""
    sheets = one_sheet(tmp_path, "a.yaml", textwrap.dedent("""\
        sources:
          - {id: src-a, publisher: Alpha}
        actors:
          - {id: actor-a, name: Actor A, kind: state}
        briefing:
          id: rel-brief
          title: Relative links
          date: 2021-05-01
          summary: "See [Actor A](../../actors/actor-a/), [the note](#h_background) and [the index](/actors/)."
          body: |
            ## Background

            Text, and ![a map of [[actor-a]]](map.png) [![linked](pic.png)](https://example.org/).
            Read [an account by [[actor-a]]](https://example.org/account) and [the report <https://a.example/r>](https://b.example/).
          claims:
            - {text: "Per [Actor A](../../actors/actor-a/).", status: reported, sources: [src-a]}
          sources: [src-a]
        """))
    output = tmp_path / "site"
    result = build_folder(sheets, output)
    assert result.returncode == 0, result.stdout + result.stderr
    site = crawl(output)
    broken = [(page.url, link) for page in site.values() for link in page.links if not target_exists(output, site, link)
              and not link.startswith("briefings/rel-brief/map.png") and not link.startswith("briefings/rel-brief/pic.png")]
    assert broken == []
    home = [a.get("href") for a in site[""].tree.iter("a")]
    assert "actors/actor-a/" in home and "briefings/rel-brief/#h_background" in home and "actors/" in home
    claims = [a.get("href") for a in site["claims/status/reported/"].tree.iter("a")]
    assert "../../../actors/actor-a/" in claims
    page = site["briefings/rel-brief/"].tree
    image = page.xpath("//a[@class='image-link']")[0]
    assert image.get("href") == "../../briefings/rel-brief/map.png" and image.text_content() == "Image: a map of Actor A"
    assert not page.xpath("//a//a")  # an image or a wikilink inside a link is its text: no link in a link
    account = page.xpath("//a[@href='https://example.org/account']")  # its text named a wikilink: once lost, as text
    assert [a.text_content() for a in account] == ["an account by Actor A"] and "](" not in page.text_content()
    # an autolink in a link's text is text too: `<a><a>` had split the outer link in a browser (a tester)
    raw = (output / "briefings" / "rel-brief" / "index.html").read_text(encoding="utf-8")
    assert '<a href="https://b.example/">the report https://a.example/r</a>' in raw and "https://a.example/r\"" not in raw
    mentioned = site["actors/actor-a/"].tree.xpath("//section[@aria-labelledby='mentions_h']//a/@href")
    assert mentioned == ["../../briefings/rel-brief/"]  # the wikilink in the image's description is a mention


def test_a_heading_id_holds_the_words_of_its_wikilinks():
    """`## The role of [[hezbollah]]` is #h_the-role-of-hezbollah, the anchor an editor writes (once #h_the-role-of)."""
    from briefkit.markup import compile_markdown

    html = compile_markdown("## The role of [[hezbollah]]\n\n## [[iran|Tehran]]'s view\n\n## The role of\n", "d").markup.html
    assert re.findall(r'<h2 id="([^"]+)"', html) == ["h_the-role-of-hezbollah", "h_tehran-s-view", "h_the-role-of"]


def test_a_fields_highest_heading_is_an_h2_under_the_page_title():
    """A body whose headings start at `##` went from the page's h1 straight to h3 (axe: heading-order, on the seed
    briefing; found by a tester); levels below keep their distance, but skip none (`#` then `###` went h2, h4: axe's
    heading-order again, found by another tester)."""
    from briefkit.markup import compile_markdown

    html = compile_markdown("## Background\n\nText.\n\n### Earlier\n\nMore.\n\n## Now\n", "d").markup.html
    assert re.findall(r"<(h\d)", html) == ["h2", "h3", "h2"]
    html = compile_markdown("# Part\n\n### Detail\n", "d").markup.html
    assert re.findall(r"<(h\d)", html) == ["h2", "h3"]
    html = compile_markdown("# A\n\n#### B\n\n## C\n\n### D\n\n###### E\n\n# F\n", "d").markup.html
    assert re.findall(r"<(h\d)", html) == ["h2", "h3", "h3", "h4", "h5", "h2"]


def test_a_content_pages_headings_start_at_h2_and_skip_no_level():
    """A content page's `# Background` was a second h1 under its title, and `####` after it skipped two levels (a
    tester): its headings go as a field's, and their anchors by the level shown."""
    from briefkit.content import render_content_page

    html = render_content_page("# A\n\n#### B\n\n## C\n\n##### D\n")
    # every level keeps an id: a `###` under a `#`, an h4 now, had lost its anchor (a reviewer)
    assert re.findall(r"<(h\d)(?: id=\"([^\"]*)\")?", html) == [("h2", "h_a"), ("h3", "h_b"), ("h3", "h_c"), ("h4", "h_d")]
    assert re.findall(r"<(h\d)", render_content_page("## What\n\n### Who\n")) == ["h2", "h3"]  # as written: kept


def test_a_table_region_is_named_after_its_header():
    """Every table's scrolling region was named `Table`: a page of several had regions of one name (axe:
    landmark-unique, on the editor guide; found by a tester); a header's wikilink was left out (found by a tester)."""
    from briefkit.markup import compile_markdown, fill

    html = compile_markdown("| **Date** | Killed in [[iran]] |\n| - | - |\n| 1 | 2 |\n\n| | |\n| - | - |\n| 3 | 4 |\n",
                            "d").markup.html
    html = fill(html, lambda _id: "#", lambda _id: "Iran")  # a wikilink's name is known once every sheet is read
    assert re.findall(r'role="region" aria-label="([^"]*)"', html) == ["Table: Date, Killed in Iran", "Table"]


def test_a_heading_anchor_keeps_the_vowel_signs_of_its_words():
    """`## ประวัติ` had the anchor h_ประว-ต (Thai and Devanagari vowel signs are marks, not letters: found by a tester),
    which no editor writes; its own link then drew a warning."""
    from briefkit.markup import compile_markdown

    html = compile_markdown("## ประวัติ\n\n## इतिहास का सार\n\n## Ιστορία\n\n## ਪੰਜਾਬ\n", "d").markup.html
    assert re.findall(r'<h2 id="([^"]+)"', html) == ["h_ประวัติ", "h_इतिहास-का-सार", "h_ιστορία", "h_ਪੰਜਾਬ"]
    # the variation selector of `⚠️` went into the id when the symbol did not: `#h_-warning` written by hand missed it
    emoji = compile_markdown("## ⚠️ Warning\n\n## 🏳️‍🌈 Pride\n", "e").markup.html
    assert re.findall(r'<h2 id="([^"]+)"', emoji) == ["h_warning", "h_pride"]
    # `İ` in lower case is `i` and a combining dot no link typed by hand holds (a tester)
    assert re.findall(r'<h2 id="([^"]+)"', compile_markdown("## Ölüm ve İstanbul\n", "t").markup.html) == [
        "h_ölüm-ve-istanbul"]


def test_large_casualty_figures_are_grouped_and_an_actor_without_facts_has_no_empty_list(tmp_path):
    """"227898 killed" read as a code; an actor with no alias, country or Wikidata had an empty <dl> (found by a
    tester)."""
    sheets = one_sheet(tmp_path, "t.yaml", textwrap.dedent("""\
        sources: [{id: s1, publisher: Reuters}]
        actors: [{id: navy, name: Navy, kind: government-body}]
        incidents:
          - {id: tsunami, title: Tsunami, date: 2004-12-26, kind: natural disaster, location: {name: Aceh},
             casualties: {killed: 227898, wounded: 999}, actors: [{actor: navy, role: responder}], sources: [s1]}
        """))
    assert build_folder(sheets, tmp_path / "site").returncode == 0
    incident = (tmp_path / "site" / "incidents" / "tsunami" / "index.html").read_text(encoding="utf-8")
    assert "227,898 killed, 999 wounded" in incident
    actor = (tmp_path / "site" / "actors" / "navy" / "index.html").read_text(encoding="utf-8")
    assert 'class="facts"' not in actor


# A folder whose pages show headings repeated across fields, their own and other entities' (found by a tester).
REPEATED_HEADINGS = textwrap.dedent("""\
    sources: [{id: s1, publisher: Reuters}]
    actors:
      - id: gam
        name: GAM
        kind: armed-group
        summary: "# Background\\n\\nSee [its position](#h_background-1) and [none](#h_background-4)."
      - id: tni
        name: TNI
        kind: armed-group
        summary: "### Army\\n\\n##### Units\\n\\nText."
        relations: [{type: opposes, target: gam, note: "# Background\\n\\nFought it."}]
    incidents:
      - id: blast
        title: Blast
        date: 2004-01-01
        kind: explosion
        location: {name: Port}
        casualties: {killed: 3, note: "## What happened\\n\\nTwo.\\n\\n## What happened\\n\\nThree."}
        summary: "## What happened\\n\\nSee [the third](#h_what-happened-2), [no fourth](#h_what-happened-3)."
        sources: [s1]
        actors: [{actor: gam, role: perpetrator}]
    stakes:
      - id: peace
        title: Peace
        summary: "# Background\\n\\nThirty years."
        parties: [{actor: gam, position: "# Background\\n\\nDisarms."}]
        claims: [{text: "# Background\\n\\nArmed.", status: reported, sources: [s1], attributed_to: gam}]
    briefing:
      id: b
      title: B
      date: 2005-08-15
      summary: "# What happened\\n\\n## Deep\\n\\n### Deeper\\n\\n#### Deepest\\n\\nSigned. [Deepest](#h_deepest)"
      body: |
        ## What happened

        | [[gam]] | Killed |
        |---|---|
        | 1 | 2 |
      sources: [s1]
      actors: [{actor: gam}, {actor: tni}]
      incidents: [blast]
      stakes: [{stake: peace, impact: "# What happened\\n\\nImpact."}]
      claims:
        - {text: "# What happened\\n\\nClaim.", status: reported, sources: [s1], note: "# What happened\\n\\nNote."}
    """)


def _heading_ids(page) -> list[str]:
    """The ids of a page's Markdown headings (`h_…`), top to bottom."""
    return [el.get("id") for el in page.tree.iter("h1", "h2", "h3", "h4", "h5", "h6") if (el.get("id") or "").startswith("h_")]


@pytest.fixture(scope="module")
def repeated(tmp_path_factory):
    """The site of REPEATED_HEADINGS (crawled), and what check says of its sheets."""
    from briefkit.pipeline import check

    tmp_path = tmp_path_factory.mktemp("repeated")
    sheets = one_sheet(tmp_path, "s.yaml", REPEATED_HEADINGS)
    result = build_folder(sheets, tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    return crawl(tmp_path / "site"), tmp_path / "site", check(str(sheets), use_cache=False)


def test_a_heading_repeated_across_fields_is_numbered_simply_in_page_order(repeated):
    """`## What happened` in an incident's casualty note twice and in its summary was `h_what-happened-1-1` on its
    page, and a briefing's claims took their numbers before its stakes' impacts shown above them."""
    from collections import Counter

    site, _, _ = repeated
    assert _heading_ids(site["incidents/blast/"]) == ["h_what-happened", "h_what-happened-1", "h_what-happened-2"]
    assert _heading_ids(site["briefings/b/"]) == [  # summary, body, the stake's impact, the claim's text and note
        "h_what-happened", "h_deep", "h_deeper", "h_deepest", "h_what-happened-1", "h_what-happened-2",
        "h_what-happened-3", "h_what-happened-4"]
    assert _heading_ids(site["actors/gam/"]) == [  # its summary, TNI's note, its stake position, a claim on it
        "h_background", "h_background-1", "h_background-2", "h_background-3"]
    assert _heading_ids(site["stakes/peace/"]) == ["h_background", "h_background-1", "h_what-happened", "h_background-2"]
    for page in site.values():
        ids = Counter(el.get("id") for el in page.tree.iter() if isinstance(el.tag, str) and el.get("id"))
        assert [i for i, n in ids.items() if n > 1] == [], page.url


def test_every_heading_anchor_check_accepts_is_on_the_built_page_and_no_other(repeated):
    """`#h_what-happened-2` passed check on a page with no such id; a heading of another entity's text shown on the
    page was warned of. Check and the page now ask one function (views.page_heading_ids)."""
    site, output, project = repeated
    warned = sorted(p.message for p in project.problems)
    assert warned == [
        "`summary`: link to `#h_background-4`, a heading this entity's page does not have; did you mean "
        "`h_background-1`, `h_background-2` or `h_background-3`?",  # equally near: all named
        "`summary`: link to `#h_what-happened-3`, a heading this entity's page does not have; did you mean "
        "`h_what-happened-1` or `h_what-happened-2`?"]
    links = [(page.url, link) for page in site.values() for link in page.links if "#h_" in link]
    assert len(links) > 5
    broken = [(url, link) for url, link in links if not target_exists(output, site, link)]
    assert sorted(broken) == [("actors/gam/", "actors/gam/#h_background-4"),  # the two links check warned of
                              ("incidents/blast/", "incidents/blast/#h_what-happened-3")]
    from briefkit.views import page_heading_ids

    for entity in project.entities.values():
        if entity.kind != "source":
            page = site[f"{entity.kind}s/{entity.id}/"]
            assert _heading_ids(page) == [i for _, ids in page_heading_ids(project, entity) for i in ids], page.url


def test_every_rendered_heading_has_an_id_and_embedded_text_sits_below_its_heading(repeated):
    """A `#####` under a `###` is an h4, and had no id (ids went to `#`…`####` before the levels were shifted); text
    shown under a heading of the page kept its h2 (the home page's summaries under their h3)."""
    site, _, _ = repeated
    assert _heading_ids(site["actors/tni/"]) == ["h_army", "h_units", "h_background"]  # its summary, its note
    for page in site.values():
        for heading in page.tree.xpath("//article//*[self::h2 or self::h3 or self::h4 or self::h5 or self::h6]"):
            assert heading.get("id") or heading.xpath("ancestor::article[@class='teaser']"), (page.url, heading.text)
    levels = [(el.tag, el.get("id")) for el in site[""].tree.iter("h2", "h3", "h4", "h5", "h6", "h1")]
    teaser = levels.index(("h3", None))
    assert levels[teaser + 1 : teaser + 5] == [("h4", "h_what-happened"), ("h5", "h_deep"), ("h6", "h_deeper"),
                                               ("h6", "h_deepest")]
    for url, under in (("briefings/b/", "stakes_h"), ("briefings/b/", "claims_h"), ("actors/gam/", "stakes_h"),
                       ("actors/gam/", "relations_h"), ("actors/gam/", "attributed_h"), ("stakes/peace/", "parties_h")):
        section = site[url].tree.xpath(f"//section[@aria-labelledby='{under}']")[0]
        assert {h.tag for h in section.xpath(".//*[starts-with(@id, 'h_')]")} == {"h3"}, (url, under)


def test_a_table_named_by_a_wikilink_in_its_header_has_its_name_in_its_label(repeated):
    """`| [[gam]] | Killed |` made the region `Table: Killed`."""
    site, _, _ = repeated
    assert site["briefings/b/"].tree.xpath("//div[@role='region']/@aria-label") == ["Table: GAM, Killed"]


def test_a_right_to_left_name_in_a_tables_header_is_text_in_its_label(tmp_path):
    """`| [[hezbollah]] | Killed |` with the name حزب الله wrote `aria-label="Table: <bdi dir="rtl">…"`: the quote ended
    the attribute and the rest showed as text above the table (a tester). The label holds the name as text."""
    sheets = one_sheet(tmp_path, "s.yaml", textwrap.dedent("""\
        sources: [{id: s, publisher: R}]
        actors:
          - {id: hezbollah, name: حزب الله, kind: armed-group}
        briefing:
          id: b
          title: B
          date: 2021-02-26
          summary: S.
          body: |-
            | [[hezbollah]] | Killed |
            |---|---|
            | 2020 | 5 |
          actors: [{actor: hezbollah}]
          sources: [s]
        """))
    assert build_folder(sheets, tmp_path / "out").returncode == 0
    page = crawl(tmp_path / "out")["briefings/b/"]
    assert page.tree.xpath("//div[@role='region']/@aria-label") == ["Table: حزب الله, Killed"]
    assert "rtl" not in [a for el in page.tree.xpath("//div[@role='region']") for a in el.attrib]


def test_links_to_missing_headings_are_all_warned_and_only_the_shown_ones_get_a_hint(tmp_path):
    """Each link to a heading the page lacks is a warning; a hint ("did you mean", half a millisecond each) goes to the
    first SHOWN_PER_FILE of a file only: one sheet with thousands of such links spent 90 s on hints no one reads."""
    from briefkit import pipeline
    from briefkit.problems import SHOWN_PER_FILE

    heads = "".join(f"    ## Part {n}\n\n" for n in range(300))
    links = " ".join(f"[x](#h_prt-{n})" for n in range(SHOWN_PER_FILE + 50))
    (tmp_path / "story.yaml").write_text(
        f"briefing:\n  id: story\n  title: Story\n  date: 2021-01-01\n  sources: [s1]\n  summary: \"{links}\"\n"
        f"  body: |\n{heads}sources:\n  - {{id: s1, publisher: P}}\n", encoding="utf-8")
    warned = [p.message for p in pipeline.check(str(tmp_path), use_cache=False).problems if "#h_prt-" in p.message]
    assert len(warned) == SHOWN_PER_FILE + 50
    assert [("did you mean `h_part-" in w) for w in warned] == [True] * SHOWN_PER_FILE + [False] * 50
    assert "link to `#h_prt-7`, a heading this entity's page does not have; did you mean `h_part-7`?" in warned[7]


def test_the_home_page_lists_the_stakes_of_the_latest_briefings_not_every_stake_as_open(tmp_path):
    """"Open stakes" listed every stake, settled ones too ("agreement reached"), however many (a tester)."""
    stakes = "".join(f"  - {{id: st{n:02}, title: Stake {n}, status: agreement reached}}\n" for n in range(12))
    sheet = (f"sources: [{{id: s, publisher: S}}]\nstakes:\n{stakes}"
             "briefing:\n  id: b\n  title: B\n  date: 2021-02-01\n  summary: S.\n  sources: [s]\n"
             "  stakes: [{stake: st07}, {stake: st03}]\n")
    sheets = one_sheet(tmp_path, "t.yaml", sheet)
    assert build_folder(sheets, tmp_path / "out").returncode == 0
    home = crawl(tmp_path / "out")[""]
    section = home.tree.xpath("//section[@aria-labelledby='stakes_h']")[0]
    assert " ".join(section.xpath("h2")[0].text_content().split()) == "Stakes in the latest briefings"
    assert [a.get("href") for a in section.xpath(".//li/a")] == ["stakes/st07/", "stakes/st03/"]
    assert "All stakes (12)" in section.text_content()


def test_two_tables_of_one_header_in_a_field_are_regions_of_two_names():
    """Casualty tables, one per side, shared their header and so their region's name (axe: landmark-unique; a tester)."""
    from briefkit.markup import compile_markdown

    table = "| Date | Killed |\n|---|---|\n| 2020 | {} |\n"
    html = compile_markdown(f"## A\n\n{table.format(5)}\n## B\n\n{table.format(7)}\n| Other |\n|---|\n| x |\n", "t").markup.html
    assert re.findall(r'role="region" aria-label="([^"]*)"', html) == ["Table: Date, Killed", "Table: Date, Killed (2)",
                                                                       "Table: Other"]


def test_tables_of_one_header_in_several_fields_of_a_page_are_regions_of_several_names(tmp_path):
    """A summary, a body and a claim each holding a `| Killed | Wounded |` table gave a page four regions of one name
    (axe: landmark-unique; a tester): a repeat on the page takes the next number free there."""
    table = "| Killed | Wounded |\\n|---|---|\\n| {} | 2 |\\n"
    sheets = one_sheet(tmp_path, "s.yaml", textwrap.dedent(f"""\
        sources: [{{id: s, publisher: P}}]
        briefing:
          id: b
          title: B
          date: 2021-02-26
          summary: "S.\\n\\n{table.format(1)}"
          body: "{table.format(3)}\\n{table.format(4)}"
          claims: [{{text: "{table.format(5)}", status: reported, sources: [s]}}]
          sources: [s]
        """))
    assert build_folder(sheets, tmp_path / "out").returncode == 0
    page = crawl(tmp_path / "out")["briefings/b/"]
    labels = page.tree.xpath("//main//div[@role='region']/@aria-label")
    assert sorted(labels) == ["Table: Killed, Wounded"] + [f"Table: Killed, Wounded ({n})" for n in (2, 3, 4)], labels


def test_a_footnotes_links_are_named_for_a_screen_reader():
    """Each field numbers its notes from 1: a page read "link, 1" and "link, right arrow curving left" for every
    field's notes (a tester). The link says `Note 1`, the way back `Back to note 1`."""
    from briefkit.markup import compile_markdown

    html = compile_markdown("Text[^a] and more[^b].\n\n[^a]: One.\n[^b]: Two.\n", "d").markup.html
    assert re.findall(r'<a aria-label="([^"]+)" href="#fn-d', html) == ["Note 1", "Note 2"]
    assert re.findall(r'<a aria-label="([^"]+)" href="#fnref-d', html) == ["Back to note 1", "Back to note 2"]
    # a note cited twice showed `[1:1]` named "Note 1" (axe: label-content-name-mismatch, serious; a tester)
    again = compile_markdown("Killed five[^1] and wounded ten[^1].\n\n[^1]: Figures.\n", "e").markup.html
    assert re.findall(r'<a aria-label="([^"]+)" href="#fn-e[^"]*" id="[^"]*">([^<]*)</a>', again) == [("Note 1", "[1]"),
                                                                                                ("Note 1", "[1]")]
    assert re.findall(r'<a aria-label="([^"]+)" href="#fnref-e', again) == ["Back to note 1", "Back to note 1, citation 2"]
