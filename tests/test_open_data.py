"""Open data and discoverability: Atom feeds, sitemap and robots.txt, canonical/Open Graph/Twitter tags,
JSON-LD, and the downloads (graph.json, incidents.csv, incidents.geojson, timeline.json), each checked
against its format, on the seed site and on a site whose text is hostile."""

from __future__ import annotations

import csv
import dataclasses
import html
import io
import json
import os
import pickle
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import feedparser
import jsonschema
import pytest
from lxml import etree
from lxml import html as lxml_html

from briefkit import cache, downloads, feeds
from briefkit.model import PAGE_KINDS, url_for
from briefkit.pipeline import check
from conftest import ROOT, SEED, build_folder, run_cli
from sitecrawl import url_of

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
PLACEHOLDER = "https://example.invalid"
HOSTILE_BASE = "https://briefs.example.org/desk"
HOSTILE_TITLE = "</script><script>alert('x')</script> \u2028\u2029 <!-- & \"quoted\" </SCRIPT >"
HOSTILE_ACTOR = "=cmd|' /C calc'!A0 </script>"
ACLED = ["event_date", "event_type", "actor1", "actor2", "country", "location", "latitude", "longitude",
         "geo_precision", "fatalities", "source", "notes"]
ACTOR_TYPES = {"person": "Person", "state": "Country", "government-body": "GovernmentOrganization",
               "armed-group": "Organization", "organization": "Organization", "international-organization": "Organization"}

HOSTILE_SHEET = """
actors:
  - id: hostile-actor
    name: "=cmd|' /C calc'!A0 </script>"
    kind: armed-group
    aliases: ["</script><b>alias</b>"]
    wikidata: Q42
sources:
  - id: hostile-source
    publisher: "+Hostile & <Co>"
    title: "</script> source"
    url: "https://example.org/a?b=1&c=2"
incidents:
  - id: hostile-incident
    title: "</script><!-- incident"
    date: 2021-03
    kind: "-attack"
    location: {name: "@Place", country: "CL", lat: -33.5, lon: -70.25, precision: exact}
    actors: [{actor: hostile-actor, role: perpetrator}]
    casualties: {killed: 0}
    summary: "Hostile <script>alert(1)</script> summary of [[hostile-actor]]."
    claims:
      - text: "A claim </script> by [[hostile-actor]]."
        status: alleged
        sources: [hostile-source]
        attributed_to: hostile-actor
    sources: [hostile-source]
briefing:
  id: hostile-briefing
  title: "</script><script>alert('x')</script> \\u2028\\u2029 <!-- & \\"quoted\\" </SCRIPT >"
  date: 2021-03-02
  summary: "Summary with [[hostile-actor]] and <script>alert(1)</script>."
  actors: [{actor: hostile-actor}]
  incidents: [hostile-incident]
  sources: [hostile-source]
"""

# GeoJSON (RFC 7946) for what we publish: a FeatureCollection of Point features.
GEOJSON_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["type", "features"],
    "properties": {
        "type": {"const": "FeatureCollection"},
        "features": {"type": "array", "items": {
            "type": "object",
            "required": ["type", "geometry", "properties"],
            "properties": {
                "type": {"const": "Feature"},
                "id": {"type": ["string", "number"]},
                "properties": {"type": ["object", "null"]},
                "geometry": {
                    "type": "object", "required": ["type", "coordinates"],
                    "properties": {
                        "type": {"const": "Point"},
                        "coordinates": {"type": "array", "minItems": 2, "maxItems": 3,
                                        "prefixItems": [{"type": "number", "minimum": -180, "maximum": 180},
                                                        {"type": "number", "minimum": -90, "maximum": 90}]},
                    },
                },
            },
        }},
    },
}

# Knight Lab TimelineJS's JSON format (https://timeline.knightlab.com/docs/json-format.html).
_TL_DATE = {
    "type": "object", "required": ["year"], "additionalProperties": False,
    "properties": {
        "year": {"type": ["integer", "string"]}, "month": {"type": ["integer", "string"], "minimum": 1, "maximum": 12},
        "day": {"type": ["integer", "string"], "minimum": 1, "maximum": 31}, "hour": {}, "minute": {}, "second": {},
        "millisecond": {}, "display_date": {"type": "string"},
    },
    "dependentRequired": {"day": ["month"]},
}
_TL_TEXT = {"type": "object", "additionalProperties": False,
            "properties": {"headline": {"type": "string"}, "text": {"type": "string"}}}
TIMELINE_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object", "required": ["events"],
    "properties": {
        "title": {"type": "object", "properties": {"text": _TL_TEXT, "media": {"type": "object"}}},
        "events": {"type": "array", "items": {
            "type": "object", "required": ["start_date"], "additionalProperties": False,
            "properties": {
                "start_date": _TL_DATE, "end_date": _TL_DATE, "text": _TL_TEXT,
                "media": {"type": "object", "required": ["url"]}, "group": {"type": "string"},
                "display_date": {"type": "string"}, "background": {"type": "object"},
                "autolink": {"type": "boolean"}, "unique_id": {"type": "string", "pattern": "^[A-Za-z0-9_-]+$"},
            },
        }},
        "eras": {"type": "array"},
        "scale": {"enum": ["human", "cosmological"]},
    },
}


@pytest.fixture(scope="module")
def project():
    """The seed project, indexed."""
    return check(str(SEED), use_cache=False)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """(output, project) of the seed plus a sheet of hostile text, built with SITEURL set."""
    folder = tmp_path_factory.mktemp("hostile")
    sheets = folder / "briefings"
    shutil.copytree(SEED, sheets)
    (sheets / "hostile.yaml").write_text(HOSTILE_SHEET, encoding="utf-8")
    result = build_folder(sheets, folder / "site", SITEURL=HOSTILE_BASE + "/")
    assert result.returncode == 0, result.stdout + result.stderr
    return folder / "site", check(str(sheets), use_cache=False)


def html_pages(output: Path) -> dict[str, Path]:
    """Every HTML page of a built site by site-relative URL."""
    return {url_of(p, output): p for p in sorted(output.rglob("*.html")) if "theme" not in p.relative_to(output).parts}


def parse(path: Path):
    return lxml_html.fromstring(path.read_bytes())


def ld_json(path: Path) -> list[dict]:
    """The JSON-LD blocks of a page, parsed."""
    return [json.loads(s.text) for s in parse(path).xpath("//script[@type='application/ld+json']")]


def involved(project, entity) -> set[str]:
    """Page URLs a feed of entity must list, found by scanning every briefing and incident (test only)."""
    found = set()
    if entity.kind == "actor":
        for kind in ("briefing", "incident"):
            for other in project.by_kind[kind]:
                if any(a["actor"] == entity.id for a in other.data.get("actors", [])):
                    found.add(url_for(kind, other.id))
    else:
        for briefing in project.by_kind["briefing"]:
            if any(s["stake"] == entity.id for s in briefing.data.get("stakes", [])):
                found.add(url_for("briefing", briefing.id))
                found.update(url_for("incident", i) for i in briefing.data.get("incidents", []))
    return found


# --- feeds --------------------------------------------------------------


@pytest.mark.parametrize("which", ["seed", "hostile"])
def test_every_feed_is_valid_atom(which, seed_output, hostile):
    output, base = (seed_output, PLACEHOLDER) if which == "seed" else (hostile[0], HOSTILE_BASE)
    paths = sorted((output / "feeds").rglob("*.atom.xml"))
    assert output / "feeds" / "briefings.atom.xml" in paths
    ids = set()
    for path in paths:
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert parsed.version == "atom10"
        root = etree.parse(str(path)).getroot()
        assert root.tag == f"{ATOM}feed"
        for name in ("id", "title", "updated"):
            assert (root.findtext(f"{ATOM}{name}") or "").strip(), (path, name)
        assert root.findtext(f"{ATOM}updated").startswith(("19", "20"))
        ids.add(root.findtext(f"{ATOM}id"))
        assert root.find(f"{ATOM}link[@rel='self']").get("href") == f"{base}/{path.relative_to(output).as_posix()}"
        entry_ids = []
        for entry in root.iter(f"{ATOM}entry"):
            for name in ("id", "title", "updated"):
                assert (entry.findtext(f"{ATOM}{name}") or "").strip(), (path, name)
            assert entry.find(f"{ATOM}link").get("href").startswith(base + "/")
            assert entry.find(f"{ATOM}author/{ATOM}name").text
            entry_ids.append(entry.findtext(f"{ATOM}id"))
        assert len(entry_ids) == len(set(entry_ids)) == len(parsed.entries) <= feeds.DEFAULT_LIMIT
        updated = [e.findtext(f"{ATOM}published") for e in root.iter(f"{ATOM}entry")]
        assert updated == sorted(updated, reverse=True), "newest first"
    assert len(ids) == len(paths), "every feed has its own id"


def test_actor_and_stake_feeds_list_exactly_what_involves_them(seed_output, project):
    checked = 0
    for kind in ("actor", "stake"):
        for entity in project.by_kind[kind]:
            path = seed_output / feeds.entity_feed_path(kind, entity.id)
            parsed = feedparser.parse(path.read_bytes())
            listed = {e.link.removeprefix(PLACEHOLDER + "/") for e in parsed.entries}
            assert listed == involved(project, entity), entity.id
            assert parsed.feed.link == f"{PLACEHOLDER}/{url_for(kind, entity.id)}"
            checked += bool(listed)
    assert checked >= 5
    briefings = feedparser.parse((seed_output / feeds.ALL_BRIEFINGS).read_bytes())
    assert {e.link for e in briefings.entries} == {f"{PLACEHOLDER}/{url_for('briefing', b.id)}" for b in project.by_kind["briefing"]}


def test_feed_entries_keep_hostile_text_as_text(hostile):
    output, _ = hostile
    parsed = feedparser.parse((output / feeds.entity_feed_path("actor", "hostile-actor")).read_bytes())
    titles = {e.title for e in parsed.entries}
    assert HOSTILE_TITLE.replace("\u2028", " ").replace("\u2029", " ").split() == \
        next(t for t in titles if "alert" in t).split()
    incident = next(e for e in parsed.entries if e.link.endswith("/incidents/hostile-incident/"))
    assert "alert(1)" in incident.summary and "<script" not in incident.summary  # kept as text, never markup
    assert incident.updated.startswith("2021-03-01")  # a partial date counts as its first day


def test_pages_link_their_feeds(seed_output, project):
    for kind in ("actor", "stake"):
        for entity in project.by_kind[kind]:
            page = seed_output / url_for(kind, entity.id) / "index.html"
            hrefs = parse(page).xpath("//head/link[@rel='alternate'][@type='application/atom+xml']/@href")
            targets = {(page.parent / h).resolve() for h in hrefs}
            assert (seed_output / feeds.entity_feed_path(kind, entity.id)).resolve() in targets
            assert all(t.is_file() for t in targets)
    for path in html_pages(seed_output).values():
        assert parse(path).xpath("//head/link[@rel='alternate'][@type='application/atom+xml']"), path


def test_feeds_and_downloads_use_the_backlink_index_not_scans(project):
    """Per-entity work goes through the backlink index: whole kinds are listed a fixed number of times."""

    class Counting(dict):
        reads = 0

        def __getitem__(self, key):
            Counting.reads += 1
            return super().__getitem__(key)

        def get(self, key, default=None):
            Counting.reads += 1
            return super().get(key, default)

    original = project.by_kind
    project.by_kind = Counting(original)
    try:
        feeds.all_feeds(project)
        downloads.render_all(project, PLACEHOLDER)
    finally:
        project.by_kind = original
    per_entity = len(project.by_kind["actor"]) + len(project.by_kind["stake"])
    assert Counting.reads < per_entity, "a scan of a whole kind per actor or stake"


# --- sitemap, robots, canonical, Open Graph, Twitter --------------------


@pytest.mark.parametrize("which", ["seed", "hostile"])
def test_sitemap_lists_every_page_and_robots_points_to_it(which, seed_output, hostile):
    output, base = (seed_output, PLACEHOLDER) if which == "seed" else (hostile[0], HOSTILE_BASE)
    root = etree.parse(str(output / "sitemap.xml")).getroot()
    assert root.tag == f"{SITEMAP}urlset"
    locs = [loc.text for loc in root.iter(f"{SITEMAP}loc")]
    assert len(locs) == len(set(locs))
    assert set(locs) == {f"{base}/{url}" for url in html_pages(output) if url != "404.html"}  # a host's, noindex
    assert f"Sitemap: {base}/sitemap.xml" in (output / "robots.txt").read_text().splitlines()


def test_sitemap_splits_into_an_index_past_the_limit():
    from briefkit.seo import SITEMAP_LIMIT, sitemap_files

    files = sitemap_files("https://x.example", [f"p/{i}/" for i in range(SITEMAP_LIMIT + 1)])
    assert [p for p, _ in files] == ["sitemap.xml", "sitemap-1.xml", "sitemap-2.xml"]
    index = etree.fromstring(files[0][1].encode())
    assert index.tag == f"{SITEMAP}sitemapindex"
    assert [loc.text for loc in index.iter(f"{SITEMAP}loc")] == ["https://x.example/sitemap-1.xml", "https://x.example/sitemap-2.xml"]


@pytest.mark.parametrize("siteurl, base", [
    ("https://brèves.example/actualités/", "https://xn--brves-5ra.example/actualit%C3%A9s"),
    ("https://Example.ORG:8443/été%20x", "https://example.org:8443/%C3%A9t%C3%A9%20x"),
    ("https://例え.テスト", "https://xn--r8jz45g.xn--zckzah"),
    ("https://faß.de/", "https://xn--fa-hia.de"),  # IDNA 2008: not fass.de, another domain (a reviewer)
    ("https://i♥.ws", "https://xn--i-n3p.ws"),  # a symbol IDNA 2008 refuses, registered under IDNA 2003 (a reviewer)
    ("https://example.org/news", "https://example.org/news"),
])
def test_a_site_address_not_in_ascii_is_written_as_a_uri(siteurl, base):
    from briefkit.seo import base_url, robots_txt, sitemap_files

    assert base_url(siteurl) == base
    (path, text), = sitemap_files(base_url(siteurl), ["actors/iran/", "über-uns/"])
    assert text.isascii() and robots_txt(base_url(siteurl)).isascii()
    assert [loc.text for loc in etree.fromstring(text.encode()).iter(f"{SITEMAP}loc")] == [
        f"{base}/actors/iran/", f"{base}/%C3%BCber-uns/"]


@pytest.mark.parametrize("which", ["seed", "hostile"])
def test_every_page_has_canonical_open_graph_and_twitter_tags(which, seed_output, hostile):
    output, base = (seed_output, PLACEHOLDER) if which == "seed" else (hostile[0], HOSTILE_BASE)
    for url, path in html_pages(output).items():
        tree = parse(path)
        assert tree.xpath("//head/link[@rel='canonical']/@href") == [f"{base}/{url}"], url
        og = {m.get("property"): m.get("content") for m in tree.xpath("//head/meta[@property]")}
        tw = {m.get("name"): m.get("content") for m in tree.xpath("//head/meta[starts-with(@name, 'twitter:')]")}
        for key in ("og:title", "og:description", "og:type", "og:url", "og:site_name"):
            assert og.get(key), (url, key)
        assert og["og:url"] == f"{base}/{url}"
        assert tw["twitter:card"] == "summary" and tw["twitter:title"] == og["og:title"] and tw["twitter:description"]
        title = tree.findtext(".//title")
        assert title.startswith(og["og:title"]), url
        description = tree.xpath("//head/meta[@name='description']/@content")  # every page has one (a tester:
        assert description == [og["og:description"]], url  # the home page, indexes and filters had none)
        if url == "actors/":  # it read "Every actors on …" (a tester)
            assert description[0].startswith("All actors on "), description


def test_open_graph_carries_hostile_title_as_text(hostile):
    output, _ = hostile
    tree = parse(output / "briefings" / "hostile-briefing" / "index.html")
    og = {m.get("property"): m.get("content") for m in tree.xpath("//head/meta[@property]")}
    assert og["og:title"] == HOSTILE_TITLE
    assert og["og:type"] == "article" and og["article:published_time"] == "2021-03-02"


# --- JSON-LD ------------------------------------------------------------


def test_every_entity_page_has_json_ld_of_its_type(seed_output, project):
    for kind in PAGE_KINDS:
        for entity in project.by_kind[kind]:
            url = url_for(kind, entity.id)
            blocks = ld_json(seed_output / url / "index.html")
            assert len(blocks) == 1, url
            block = blocks[0]
            assert block["@context"] == "https://schema.org"
            main, *claims = block["@graph"]
            # the entity and its page are two nodes (one `@id` is one node: Iran was also a WebPage, a tester)
            assert main["@id"] == f"{PLACEHOLDER}/{url}#{kind}" and main["url"] == f"{PLACEHOLDER}/{url}"
            assert main["mainEntityOfPage"] == {"@type": "WebPage", "@id": f"{PLACEHOLDER}/{url}"}
            assert all(claim["about"] == {"@id": main["@id"]} for claim in claims)
            expected = {"briefing": "NewsArticle", "incident": "Event", "stake": "Thing"}.get(kind) \
                or ACTOR_TYPES[entity.data["kind"]]
            assert main["@type"] == expected
            assert len(claims) == len(entity.data.get("claims", []))
            # each source described in full once on the page (the entity's citations, else its first claim), then
            # named by its @id: 880 claims had repeated 200 sources each in full, 207 MB of JSON-LD (a tester)
            described = {n["@id"] for n in main.get("citation", []) + main.get("subjectOf", []) if n["@type"] == "CreativeWork"}
            for number, (claim, data) in enumerate(zip(claims, entity.data.get("claims", [])), 1):
                assert claim["@type"] == "Claim" and claim["@id"] == f"{PLACEHOLDER}/{url}#c_{number}"
                assert len(claim["appearance"]) == len(set(data["sources"]))
                for work in claim["appearance"]:
                    if work["@id"] in described:
                        assert work == {"@id": work["@id"]}, work
                    else:
                        assert work["@type"] == "CreativeWork" and work["publisher"]["name"]
                        described.add(work["@id"])
                if data.get("attributed_to"):
                    assert claim["author"]["@id"] == f"{PLACEHOLDER}/{url_for('actor', data['attributed_to'])}#actor"
            getattr(_Expect, kind)(main, entity)


class _Expect:
    """What each kind's JSON-LD node must say."""

    @staticmethod
    def briefing(node, entity):
        data = entity.data
        assert node["headline"] == data["title"] and node["datePublished"] == data["date"].iso()
        assert node["dateModified"] == (data.get("updated") or data["date"]).iso()
        about = {a["@id"].removeprefix(PLACEHOLDER + "/") for a in node["about"]}
        assert about == ({url_for("incident", i) + "#incident" for i in data["incidents"]}
                         | {url_for("stake", s["stake"]) + "#stake" for s in data["stakes"]})
        assert {m["@id"] for m in node["mentions"]} == {f"{PLACEHOLDER}/{url_for('actor', a['actor'])}#actor"
                                                       for a in data["actors"]}
        assert node["citation"] and all(c["@type"] == "CreativeWork" for c in node["citation"])
        assert node.get("keywords", []) == data.get("tags", [])  # a list: a tag may hold a comma

    @staticmethod
    def incident(node, entity):
        data, where = entity.data, entity.data["location"]
        assert node["name"] == data["title"] and node["startDate"] == data["date"].iso()
        assert node["endDate"] == (data.get("end_date") or data["date"]).iso()
        assert node["location"]["@type"] == "Place" and node["location"]["name"] == where["name"]
        if where.get("lat") is not None:
            assert node["location"]["geo"] == {"@type": "GeoCoordinates", "latitude": where["lat"], "longitude": where["lon"]}
        else:
            assert "geo" not in node["location"]

    @staticmethod
    def actor(node, entity):
        data = entity.data
        assert node["name"] == data["name"]
        assert node.get("alternateName", []) == data.get("aliases", [])
        if data.get("wikidata"):
            assert node["sameAs"] == [f"https://www.wikidata.org/entity/{data['wikidata']}"]

    @staticmethod
    def stake(node, entity):
        assert node["name"] == entity.data["title"]


def test_json_ld_stays_inert_and_valid_whatever_the_text(hostile):
    output, _ = hostile
    for url in ("briefings/hostile-briefing/", "incidents/hostile-incident/", "actors/hostile-actor/"):
        raw = (output / url / "index.html").read_text(encoding="utf-8")
        start = raw.index('<script type="application/ld+json">') + len('<script type="application/ld+json">')
        body = raw[start : raw.index("</script>", start)]
        for char in "<>&\u2028\u2029":
            assert char not in body, (url, char)
        data = json.loads(body)  # the whole block up to the first </script> is the JSON
        assert data == ld_json(output / url / "index.html")[0]
        assert raw.count("<script") == raw.count("</script>")
    briefing = ld_json(output / "briefings/hostile-briefing/index.html")[0]["@graph"][0]
    assert briefing["headline"] == briefing["name"] == HOSTILE_TITLE
    actor = ld_json(output / "actors/hostile-actor/index.html")[0]["@graph"][0]
    assert actor["name"] == HOSTILE_ACTOR and actor["sameAs"] == ["https://www.wikidata.org/entity/Q42"]
    incident = ld_json(output / "incidents/hostile-incident/index.html")[0]["@graph"]
    assert incident[0]["location"]["geo"]["longitude"] == -70.25
    assert incident[1]["author"]["name"] == HOSTILE_ACTOR
    cited = {work["@id"]: work for work in incident[0]["subjectOf"]}
    assert cited[incident[1]["appearance"][0]["@id"]]["url"] == "https://example.org/a?b=1&c=2"


def test_data_page_has_a_dataset(seed_output):
    (block,) = ld_json(seed_output / "data" / "index.html")
    assert block["@type"] == "Dataset" and block["license"] == downloads.LICENSE["url"]
    assert {d["contentUrl"] for d in block["distribution"]} == {f"{PLACEHOLDER}/{f['path']}" for f in downloads.FILES}


# --- downloads ----------------------------------------------------------


def test_data_page_lists_every_download_with_licence_and_fields(seed_output):
    tree = parse(seed_output / "data" / "index.html")
    hrefs = set(tree.xpath("//main//a/@href"))
    for item in downloads.FILES:
        assert "../" + item["path"] in hrefs
        assert (seed_output / item["path"]).is_file()
    text = tree.text_content()
    assert "CC BY 4.0" in text and "https://creativecommons.org/licenses/by/4.0/" in hrefs
    for name in ACLED:
        assert name in text


@pytest.mark.parametrize("which", ["seed", "hostile"])
def test_graph_json_edges_join_existing_nodes(which, seed_output, project, hostile):
    output, proj = (seed_output, project) if which == "seed" else hostile
    graph = json.loads((output / "data" / "graph.json").read_text(encoding="utf-8"))
    ids = [n["id"] for n in graph["nodes"]]
    assert len(ids) == len(set(ids)) == len(proj.entities)
    assert all(set(n) >= {"id", "kind", "name", "url"} for n in graph["nodes"])
    assert graph["edges"]
    for edge in graph["edges"]:
        assert edge["source"] in proj.entities and edge["target"] in proj.entities and edge["type"]
    edges = {(e["source"], e["target"], e["type"]) for e in graph["edges"]}
    expected = {(r.source, target, rel) for target, groups in proj.backlinks.items() for rel, refs in groups.items() for r in refs}
    assert edges == expected
    roles = {(e["source"], e["target"], e.get("role")) for e in graph["edges"] if e["type"] == "incident.actors.actor"}
    assert roles == {(i.id, a["actor"], a["role"]) for i in proj.by_kind["incident"] for a in i.data.get("actors", [])}


@pytest.mark.parametrize("which", ["seed", "hostile"])
def test_incidents_csv_has_acled_columns_and_one_row_per_incident(which, seed_output, project, hostile):
    output, proj = (seed_output, project) if which == "seed" else hostile
    raw = (output / "data" / "incidents.csv").read_bytes()
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    reader = csv.DictReader(io.StringIO(raw.decode("utf-8"), newline=""))
    assert set(ACLED) <= set(reader.fieldnames) and {"event_id", "url"} <= set(reader.fieldnames)
    rows = list(reader)
    assert sorted(r["event_id"] for r in rows) == sorted(i.id for i in proj.by_kind["incident"])
    keys = [(r["event_date"], r["event_id"]) for r in rows]
    assert keys == sorted(keys)
    for row in rows:
        incident = proj.entities[row["event_id"]]
        where = incident.data["location"]
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["event_date"])
        if where.get("lat") is None:
            assert row["latitude"] == row["longitude"] == ""
        else:
            assert -90 <= float(row["latitude"]) <= 90 and -180 <= float(row["longitude"]) <= 180
            assert (float(row["latitude"]), float(row["longitude"])) == (where["lat"], where["lon"])
        assert row["geo_precision"] in {"", "1", "2", "3"}
        killed = (incident.data.get("casualties") or {}).get("killed")
        assert row["fatalities"] == ("" if killed is None else str(killed))
        for column, value in row.items():
            if column not in ("latitude", "longitude"):  # numbers may be negative; text never starts a formula
                assert not value.startswith(("=", "+", "-", "@")), (column, value)


def test_incidents_csv_defuses_formulas_and_maps_acled_codes(hostile):
    output, _ = hostile
    rows = {r["event_id"]: r for r in csv.DictReader(io.StringIO((output / "data/incidents.csv").read_text(encoding="utf-8"), newline=""))}
    row = rows["hostile-incident"]
    assert row["actor1"] == "'" + HOSTILE_ACTOR and row["event_type"] == "'-attack" and row["location"] == "'@Place"
    assert row["source"] == "'+Hostile & <Co>"
    assert row["latitude"] == "-33.5" and row["longitude"] == "-70.25" and row["geo_precision"] == "1"
    assert row["event_date"] == "2021-03-01" and row["time_precision"] == "3" and row["fatalities"] == "0"
    assert row["country"] == "Chile" and row["country_code"] == "CL"
    erbil = rows["erbil-rocket-attack-2021-02-15"]
    assert erbil["actor1"].endswith("(alleged)") and erbil["geo_precision"] == "2" and erbil["time_precision"] == "1"


@pytest.mark.parametrize("which", ["seed", "hostile"])
def test_incidents_geojson_is_a_valid_feature_collection(which, seed_output, project, hostile):
    output, proj = (seed_output, project) if which == "seed" else hostile
    data = json.loads((output / "data" / "incidents.geojson").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(GEOJSON_SCHEMA).validate(data)
    located = {i.id: i.data["location"] for i in proj.by_kind["incident"] if i.data["location"].get("lat") is not None}
    assert located
    assert {f["id"] for f in data["features"]} == set(located)
    for feature in data["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert (lon, lat) == (located[feature["id"]]["lon"], located[feature["id"]]["lat"])  # RFC 7946: [lon, lat]
        assert feature["properties"]["url"].endswith(f"/incidents/{feature['id']}/")


@pytest.mark.parametrize("which", ["seed", "hostile"])
def test_timeline_json_is_in_timelinejs_format(which, seed_output, project, hostile):
    output, proj = (seed_output, project) if which == "seed" else hostile
    data = json.loads((output / "data" / "timeline.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(TIMELINE_SCHEMA).validate(data)
    dated = proj.by_kind["briefing"] + proj.by_kind["incident"]
    order = [proj.entities[e["unique_id"]].data["date"] for e in data["events"]]
    assert order == sorted(order), "oldest first"
    assert sorted(e["unique_id"] for e in data["events"]) == sorted(e.id for e in dated)
    for event in data["events"]:
        date = proj.entities[event["unique_id"]].data["date"]
        assert event["start_date"] == {k: v for k, v in (("year", date.year), ("month", date.month), ("day", date.day)) if v}
        assert "<script" not in event["text"]["headline"] + event["text"]["text"]
        assert lxml_html.fragment_fromstring(event["text"]["text"], create_parent="div").xpath(".//a/@href")


# --- the open-data memo: kept pieces give the bytes of a fresh build ----

MEMO_BASE = HOSTILE_BASE + "/"
MEMO_LICENCE = "https://creativecommons.org/licenses/by/4.0/"
SHEET = "2021-02-25-us-strikes-syria.yaml"
MEMO_EDITS = [  # (file, old text, new text): each a kind of change a piece depends on
    (SHEET, "Rockets struck near a US base at Erbil", "Rockets hit [[iraq]] near a US base at Erbil"),  # a summary, a wikilink
    ("actors/iran-and-allies.yaml", "name: Iranian-backed militias", "name: \"=Militias, renamed\""),  # a name others show
    (SHEET, "role: alleged-perpetrator", "role: perpetrator"),  # an edge's label and a CSV column
    ("hostile.yaml", "date: 2021-03\n", "date: 2019-01-02\n"),  # an incident's place in every order
]


@pytest.fixture()
def memo_key(tmp_path, monkeypatch):
    """A cache key of this test's own (cache.py), so the memo is signed and checked."""
    monkeypatch.setenv(cache.KEY_ENV, str(tmp_path / "cache-key"))
    cache.secret_key.cache_clear()
    yield
    cache.secret_key.cache_clear()


def open_data(project, memo=None):
    """Feeds, their digests and the downloads, as plugin.open_data makes them (with memo: through it)."""
    made = feeds.all_feeds(project, 3, memo)
    return made, [feeds.feed_digest(f, memo) for f in made], downloads.render_all(project, MEMO_BASE, "Site", MEMO_LICENCE, memo)


def memo_build(sheets: Path, path: Path):
    """One build with the memo in path: (project, what open_data gives, pieces made)."""
    project = check(str(sheets), use_cache=False)
    memo = downloads.Memo.load(path, MEMO_BASE)
    result = open_data(project, memo)
    memo.save()
    return project, result, memo.made


def test_memoised_open_data_equals_a_fresh_build_after_each_edit(sheets, tmp_path, memo_key):
    (sheets / "hostile.yaml").write_text(HOSTILE_SHEET, encoding="utf-8")
    path = tmp_path / "memo.pickle"
    project, first, made = memo_build(sheets, path)
    assert made and path.is_file()
    assert memo_build(sheets, path)[1:] == (first, 0), "an unchanged project makes no piece again"
    previous = first
    for name, old, new in MEMO_EDITS:
        text = (sheets / name).read_text(encoding="utf-8")
        assert old in text
        (sheets / name).write_text(text.replace(old, new), encoding="utf-8")
        project, result, made = memo_build(sheets, path)
        assert 0 < made < memo_build(sheets, tmp_path / f"cold-{made}.pickle")[2], name  # only some pieces again
        assert result == open_data(project), name
        assert result[2] != previous[2], name
        previous = result
    files = dict(previous[2])
    assert files["data/graph.json"] == downloads.dumps(downloads.graph(project, MEMO_BASE, MEMO_LICENCE))
    assert files["data/incidents.geojson"] == downloads.dumps(downloads.incidents_geojson(project, MEMO_BASE, MEMO_LICENCE))
    assert files["data/timeline.json"] == downloads.dumps(downloads.timeline(project, MEMO_BASE, "Site"))
    assert "'=Militias, renamed" in files["data/incidents.csv"]


def test_a_memo_that_made_few_pieces_is_not_written_and_stays_right(sheets, tmp_path, memo_key, monkeypatch):
    # After an edit the memo is not written (it made too few pieces): the next builds make the stale ones again.
    (sheets / "hostile.yaml").write_text(HOSTILE_SHEET, encoding="utf-8")
    path = tmp_path / "memo.pickle"
    memo_build(sheets, path)
    saved = path.read_bytes()
    monkeypatch.setattr(downloads, "SAVE_SHARE", 0)  # no number of pieces made is enough
    for name, old, new in MEMO_EDITS:
        text = (sheets / name).read_text(encoding="utf-8")
        (sheets / name).write_text(text.replace(old, new), encoding="utf-8")
        project, result, made = memo_build(sheets, path)
        assert made > 0 and result == open_data(project), name  # what changed since the save is made again, right
    assert path.read_bytes() == saved


def test_feed_digests_are_equal_exactly_when_feeds_are(project):
    made = feeds.all_feeds(project, 2)
    digests = [feeds.feed_digest(f) for f in made]
    for one, digest in zip(made, digests):
        for other, other_digest in zip(made, digests):
            assert (one == other) == (digest == other_digest)
    n, some = next((n, f) for n, f in enumerate(made) if len(f.entries) > 1)
    changed = dataclasses.replace(some, entries=some.entries[::-1])
    assert changed != some and feeds.feed_digest(changed) != digests[n]


def test_a_tampered_or_foreign_memo_is_ignored_and_never_unpickled(sheets, tmp_path, memo_key):
    path = tmp_path / "memo.pickle"
    project, first, _ = memo_build(sheets, path)
    some = next(iter(project.entities))
    assert downloads.Memo.load(path, MEMO_BASE).has(some, "node")
    assert not downloads.Memo.load(path, "https://elsewhere.example/").has(some, "node"), "made for another base URL"
    signed = path.read_bytes()
    path.write_bytes(signed[:-40] + bytes([signed[-40] ^ 1]) + signed[-39:])
    assert not downloads.Memo.load(path, MEMO_BASE).has(some, "node")
    assert memo_build(sheets, path)[1] == first

    class Payload:
        def __reduce__(self):
            return os.mkdir, (str(tmp_path / "ran"),)

    payload = pickle.dumps(Payload())
    path.write_bytes(b"0" * 64 + b"\n" + payload)
    assert not downloads.Memo.load(path, MEMO_BASE).has(some, "node") and not (tmp_path / "ran").exists()
    cache.write_signed(path, payload)  # the signature is what keeps it out
    assert not downloads.Memo.load(path, MEMO_BASE).has(some, "node") and (tmp_path / "ran").exists()


def test_descriptions_and_feed_summaries_keep_the_text_as_written(tmp_path):
    """Plain text comes from the rendered field: Markdown's marks go, the text's own `>`, `*`, `_`, `#` stay."""
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "s.yaml").write_text(
        "sources:\n  - {id: s1, publisher: Reuters}\n"
        "actors:\n  - {id: a1, name: '#MeToo *Star* Group_X', kind: organization}\n"
        "briefing:\n  id: b1\n  title: B\n  date: 2021-02-25\n  sources: [s1]\n  actors: [{actor: a1}]\n"
        "  summary: 'Casualties rose by > 50 % near the M_4 road, said [[a1]]; *see* [this](https://a.example/)"
        " and 3 * 4 = 12[^n].\n\n\n    [^n]: A note.'\n", encoding="utf-8")
    output = tmp_path / "site"
    assert build_folder(tmp_path / "b", output).returncode == 0
    expected = "Casualties rose by > 50 % near the M_4 road, said #MeToo *Star* Group_X; see this and 3 * 4 = 12."
    page = lxml_html.fromstring((output / "briefings" / "b1" / "index.html").read_bytes())
    assert page.xpath("string(//meta[@name='description']/@content)") == expected
    graph = json.loads(page.xpath("string(//script[@type='application/ld+json'])"))
    assert expected in json.dumps(graph, ensure_ascii=False)
    feed = feedparser.parse((output / "feeds" / "briefings.atom.xml").read_bytes())
    assert feed.entries[0].summary_detail.type == "text/html" and html.unescape(feed.entries[0].summary) == expected


def test_feed_entry_ids_stay_when_a_date_is_narrowed_and_updated_is_never_before_published(tmp_path):
    """RFC 4287: an entry's id never changes, and `updated` is not before `published`."""
    (tmp_path / "b").mkdir()
    ids = []
    for date, updated, output in (("2019", "2019-06", "one"), ("2019-06-15", "2019-06", "two"), ("0999-03", "", "three")):
        (tmp_path / "b" / "s.yaml").write_text(
            "sources:\n  - {id: s1, publisher: Reuters}\n"
            f"briefing:\n  id: b1\n  title: B\n  date: {date}\n  summary: S.\n  sources: [s1]\n"
            + (f"  updated: {updated}\n" if updated else ""), encoding="utf-8")
        assert build_folder(tmp_path / "b", tmp_path / output).returncode == 0
        [entry] = feedparser.parse((tmp_path / output / "feeds" / "briefings.atom.xml").read_bytes()).entries
        assert entry.id == entry.link  # the permalink, whatever the date (a tag URI held the date, and 999 for 0999)
        assert entry.updated_parsed >= entry.published_parsed
        ids.append(entry.id)
    assert len(set(ids)) == 1


def test_csv_coordinates_are_plain_decimals_never_exponents():
    from briefkit.downloads import _degrees

    assert [_degrees(v) for v in (None, 36.19, 1e-07, -1e-07, 44.0, -1.5e-12)] == \
        ["", "36.19", "0.0000001", "-0.0000001", "44.0", "0.0"]


def test_an_end_that_adds_nothing_to_the_start_is_left_out_and_open_roles_say_so(tmp_path):
    """An end equal to the start, or whose month holds it, is left out of the pages and timeline.json (TimelineJS reads a
    missing day as the 1st: an end of 2021-03 for a start of 2021-03-15 would come before it); a role with only `from`
    is "since", with only `to` "until"."""
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "s.yaml").write_text(
        "sources:\n  - {id: s1, publisher: Reuters}\nincidents:\n"
        "  - {id: a, title: A, date: 2021-03-15, end_date: 2021-03, kind: siege, location: {name: X}, sources: [s1]}\n"
        "  - {id: b, title: B, date: 2021-03-15, end_date: 2021-04, kind: siege, location: {name: X}, sources: [s1]}\n"
        "  - {id: c, title: C, date: 2021-03-15, end_date: 2021-03-15, kind: siege, location: {name: X}, sources: [s1]}\n"
        "actors:\n  - id: p\n    name: P\n    kind: person\n    roles:\n"
        "      - {title: President, from: 2017-05-14}\n      - {title: Minister, to: 2016-08-30}\n"
        "      - {title: Adviser, from: 2012, to: 2014-06}\n      - {title: Envoy, from: 2001, to: 2001}\n"
        "      - {title: Delegate, from: 2003-05-03, to: 2003-05}\n", encoding="utf-8")
    project = check(str(tmp_path / "b"), use_cache=False)
    assert project.errors == []
    events = {e["unique_id"]: e for e in downloads.timeline(project, "https://example.invalid/")["events"]}
    assert "end_date" not in events["a"] and "end_date" not in events["c"]
    assert events["b"]["end_date"] == {"year": 2021, "month": 4}
    output = tmp_path / "site"
    assert build_folder(tmp_path / "b", output).returncode == 0
    dates = {i: lxml_html.fromstring((output / "incidents" / i / "index.html").read_bytes())
             .xpath("normalize-space(//dt[.='Date']/following-sibling::dd[1])") for i in "abc"}
    assert dates == {"a": "15 March 2021", "b": "15 March 2021 – April 2021", "c": "15 March 2021"}
    actor = lxml_html.fromstring((output / "actors" / "p" / "index.html").read_bytes())
    roles = [" ".join(li.text_content().split()) for li in actor.xpath("//li[span[@class='meta']]")]
    assert sorted(roles) == ["Adviser 2012 – June 2014", "Delegate 3 May 2003", "Envoy 2001",
                             "Minister until 30 August 2016", "President since 14 May 2017"]
    timeline = (output / "timeline" / "index.html").read_text(encoding="utf-8")  # its picture follows the same rule
    assert "15 March 2021 – April 2021" in timeline and "15 March 2021 – March 2021" not in timeline
    assert "15 March 2021 – 15 March 2021" not in timeline


def test_json_ld_leaves_out_empty_lists(tmp_path):
    from briefkit import jsonld
    from briefkit.views import Views

    (tmp_path / "s.yaml").write_text(
        "sources:\n  - {id: s1, publisher: Reuters}\n"
        "briefing: {id: b, title: B, date: 2021-02-25, summary: S., sources: [s1]}\n", encoding="utf-8")
    project = check(str(tmp_path), use_cache=False)
    node = jsonld.entity_graph(Views(project, {}), project.entities["b"], "https://example.invalid/")["@graph"][0]
    assert "about" not in node and "mentions" not in node and node["citation"]


def test_incidents_csv_names_a_country_as_the_pages_do(tmp_path):
    """A code Natural Earth draws with another country (Tuvalu) is named in the CSV too, not left as its code."""
    from briefkit.navigation import country_name
    from briefkit.views import Views

    sheets = tmp_path / "briefings"
    shutil.copytree(SEED, sheets)
    sheet = (sheets / "2021-02-25-us-strikes-syria.yaml").read_text(encoding="utf-8")
    (sheets / "2021-02-25-us-strikes-syria.yaml").write_text(sheet.replace('country: "IQ"', 'country: "TV"', 1),
                                                              encoding="utf-8")
    project = check(str(sheets), use_cache=False)
    assert project.errors == []
    moved = [i for i in project.by_kind["incident"] if i.data["location"].get("country") == "TV"]
    assert len(moved) == 1
    row = downloads.incident_row(Views(project, {}), moved[0], "https://example.invalid")
    assert row["country"] == country_name("TV") == "Tuvalu" and row["country_code"] == "TV"


def test_a_text_without_spaces_between_words_is_cut_at_the_limit_not_at_an_early_space(tmp_path):
    """Chinese and Japanese put no spaces between words: "NHK によると、…" once became "NHK…" everywhere."""
    from briefkit.views import shorten

    japanese = "NHK によると、" + "尖閣諸島付近で中国漁船が海上保安庁の巡視船に衝突した。" * 30
    assert shorten(japanese, 300) == japanese[:299] + "…" and len(shorten(japanese, 300)) == 300
    latin = "word " * 100
    assert shorten(latin, 300) == ("word " * 59).rstrip() + "…"  # at the last space, as before
    accent, family = "字" * 298 + "e\u0301" + "字" * 50, "字" * 296 + "👨\u200d👩\u200d👧" + "字" * 50
    assert shorten(accent, 300) == "字" * 298 + "…" and shorten(family, 300) == "字" * 296 + "…"  # never half a character
    for cluster in ("कि", "கொ", "🇫🇷", "1\ufe0f\u20e3", "\u1100\u1161\u11a8", "🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f"):
        text = "字" * 298 + cluster + "字" * 50  # Devanagari, Tamil, a flag, a keycap, Hangul jamo, a tag sequence
        assert shorten(text, 300) == "字" * 298 + "…", cluster
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "s.yaml").write_text(
        "sources:\n  - {id: s1, publisher: NHK}\n"
        f"briefing:\n  id: b1\n  title: B\n  date: 2010-09-07\n  sources: [s1]\n  summary: '{japanese}'\n",
        encoding="utf-8")
    output = tmp_path / "site"
    assert build_folder(tmp_path / "b", output).returncode == 0
    page = lxml_html.fromstring((output / "briefings" / "b1" / "index.html").read_bytes())
    assert page.xpath("string(//meta[@name='description']/@content)") == japanese[:299] + "…"
    feed = feedparser.parse((output / "feeds" / "briefings.atom.xml").read_bytes())
    assert html.unescape(feed.entries[0].summary).startswith(japanese[:200])


def test_an_end_or_update_its_start_holds_says_nothing_more_anywhere(tmp_path):
    """`end_date: 2018` of `date: 2018-11-25` (and `updated: 2018`) is valid and adds nothing: the page hid it, but the
    JSON-LD ended before it began and the CSV said 31 December (found by a tester). Every output now agrees."""
    sheets = tmp_path / "briefings"
    sheets.mkdir()
    (sheets / "t.yaml").write_text("""\
incidents:
  - {id: held, title: Held, date: 2018-11-25, end_date: 2018, kind: k, location: {name: L}, sources: [s1]}
  - {id: later, title: Later, date: 2018-11-25, end_date: 2018-12, kind: k, location: {name: L}, sources: [s1]}
briefing: {id: b, title: B, date: 2018-11-25, updated: 2018-11, summary: S., incidents: [held, later], sources: [s1]}
sources:
  - {id: s1, publisher: P}
""", encoding="utf-8")
    assert build_folder(sheets, tmp_path / "site").returncode == 0
    site = tmp_path / "site"
    events = {e["@id"].split("/")[-2]: e for page in ("incidents/held/", "incidents/later/")
              for e in ld_json(site / page / "index.html")[0]["@graph"] if e.get("@type") == "Event"}
    assert (events["held"]["startDate"], events["held"]["endDate"]) == ("2018-11-25", "2018-11-25")
    assert events["later"]["endDate"] == "2018-12"
    rows = {row["event_id"]: row for row in csv.DictReader(io.StringIO((site / "data/incidents.csv").read_text("utf-8")))}
    assert rows["held"]["end_date"] == "" and rows["later"]["end_date"] == "2018-12-31"
    briefing = site / "briefings/b/index.html"
    article = [e for e in ld_json(briefing)[0]["@graph"] if e.get("@type") == "NewsArticle"][0]
    assert article["dateModified"] == article["datePublished"] == "2018-11-25"
    assert "Updated" not in parse(briefing).xpath("string(//header[@class='entity_header'])")


def _big_feeds(tmp_path: Path, count: int) -> dict[str, tuple[feeds.Feed, str]]:
    """Every feed of big_incident_sheets(count), with its tokens, by path."""
    from conftest import big_incident_sheets

    project = check(str(big_incident_sheets(tmp_path / f"b{count}", count)), use_cache=False)
    maker = feeds.Feeds(project)
    return {path: maker.make(path, owner) for path, owner in maker.paths()}


def test_an_incident_naming_many_actors_has_an_entry_and_tokens_that_do_not_grow_with_them(tmp_path):
    """An incident's entry is in the feed of every actor it names: naming all k of them in it made k feeds of k
    names and k tokens each (a tester's 1.4 GB of feeds at k=8000). It names the first few and counts the rest,
    and reads only the heads it shows, so an actor's rename re-makes its own feed, not the k others."""
    small, large = _big_feeds(tmp_path, 30), _big_feeds(tmp_path, 60)
    path = feeds.entity_feed_path("actor", "a000")
    for made in (small, large):
        entry = next(e for e in made[path][0].entries if e.id == "big")
        assert "Actor a000 (target)" in entry.summary and "Actor a029" not in entry.summary
    entry = next(e for e in large[path][0].entries if e.id == "big")
    assert f"and {60 - feeds.ENTRY_ACTORS} more." in entry.summary
    assert len(entry.summary) == len(next(e for e in small[path][0].entries if e.id == "big").summary)
    assert len(large[path][1].split()) == len(small[path][1].split())  # the tokens the feed read
    last = "^a059"  # shown in no entry: only its own feed reads its head
    assert [p for p, (_, tokens) in large.items() if last in tokens.split()] == [feeds.entity_feed_path("actor", "a059")]


def test_the_downloads_keep_the_note_on_casualty_figures(tmp_path):
    """FORMAT.md's `casualties.note` is "for disputed or partial figures": the CSV and GeoJSON published the figures
    without it, as exact and undisputed (found by a tester writing the Hong Kong protests)."""
    folder = tmp_path / "briefings"
    folder.mkdir()
    (folder / "hk.yaml").write_text(textwrap.dedent("""\
        sources: [{id: rthk, publisher: RTHK}]
        actors: [{id: hk-police, name: Hong Kong Police Force, kind: government-body}]
        incidents:
          - id: legco-clashes
            title: Clashes outside the Legislative Council
            date: 2019-06-12
            kind: clashes
            location: {name: Admiralty, country: HK, lat: 22.2816, lon: 114.1659}
            casualties: {wounded: 81, note: "Police among them, says [[hk-police]]; *not* independently confirmed."}
            sources: [rthk]
        """), encoding="utf-8")
    project = check(str(folder), use_cache=False)
    assert project.errors == []
    texts = dict(downloads.render_all(project, "https://example.invalid"))
    row = next(csv.DictReader(io.StringIO(texts["data/incidents.csv"])))
    note = "Police among them, says Hong Kong Police Force; not independently confirmed."
    assert row["wounded"] == "81" and row["casualties_note"] == note
    feature = json.loads(texts["data/incidents.geojson"])["features"][0]
    assert feature["properties"]["wounded"] == 81 and feature["properties"]["casualties_note"] == note
    assert "casualties_note" in {name for name, _ in downloads.CSV_FIELDS}  # and so on the /data/ page


def test_a_feed_entry_of_a_briefing_known_to_the_month_says_so_in_words(tmp_path):
    """<published> needs a day, and a feed reader showed "1 Feb 2021" for a briefing of February 2021 with nothing
    to say the day was not known (a tester); an incident's entry names its country, as its page does."""
    sheets = tmp_path / "briefings"
    sheets.mkdir()
    (sheets / "t.yaml").write_text(textwrap.dedent("""\
        sources: [{id: s, publisher: S}]
        actors: [{id: a, name: A, kind: armed-group}]
        incidents:
          - {id: i, title: I, date: 2021-02-03, kind: raid, location: {name: Erbil, country: IQ, lat: 36.19, lon: 44.01},
             sources: [s],
             actors: [{actor: a, role: perpetrator}]}
        briefing: {id: b, title: B, date: 2021-02, summary: What happened., sources: [s], incidents: [i]}
        """), encoding="utf-8")
    assert build_folder(sheets, tmp_path / "out").returncode == 0
    briefing = feedparser.parse((tmp_path / "out" / "feeds" / "briefings.atom.xml").read_bytes()).entries[0]
    assert briefing.summary == "February 2021. What happened."
    incidents = list((tmp_path / "out" / "feeds").rglob("*.atom.xml"))
    summaries = [e.summary for path in incidents for e in feedparser.parse(path.read_bytes()).entries if e.title == "I"]
    assert summaries and all(s.startswith("Raid in Erbil (Iraq), 3 February 2021.") for s in summaries), summaries
    (sheets / "t.yaml").write_text((sheets / "t.yaml").read_text(encoding="utf-8").replace("name: Erbil", "name: Iraq"),
                                   encoding="utf-8")
    assert build_folder(sheets, tmp_path / "out").returncode == 0
    summaries = [e.summary for path in incidents for e in feedparser.parse(path.read_bytes()).entries if e.title == "I"]
    assert summaries and all(s.startswith("Raid in Iraq, 3 February 2021.") for s in summaries), summaries
    row = lxml_html.fromstring((tmp_path / "out" / "map" / "index.html").read_bytes()).xpath("//tbody/tr/td[3]")
    assert [" ".join(td.text_content().split()) for td in row] == ["Iraq"]  # the map's list says it once too


def test_a_feed_entry_of_an_incident_over_several_days_gives_its_period_as_the_page_does(tmp_path):
    """A five-day battle's entry said "4 November 2020" only (a tester): it gives the page's words for the period,
    and <published> stays the first day."""
    sheets = tmp_path / "briefings"
    sheets.mkdir()
    (sheets / "t.yaml").write_text(textwrap.dedent("""\
        sources: [{id: s, publisher: S}]
        actors: [{id: az, name: Azerbaijan, kind: state}]
        incidents:
          - {id: i, title: I, date: 2020-11-04, end_date: 2020-11-08, kind: battle, location: {name: Shusha, country: AZ},
             sources: [s], actors: [{actor: az, role: perpetrator}]}
          - {id: j, title: J, date: 2020-10, end_date: 2020-10-17, kind: strike, location: {name: Ganja}, sources: [s],
             actors: [{actor: az, role: perpetrator}]}
        """), encoding="utf-8")
    assert build_folder(sheets, tmp_path / "out").returncode == 0
    entries = {e.title: e for e in feedparser.parse((tmp_path / "out" / "feeds" / "actors" / "az.atom.xml").read_bytes()).entries}
    assert entries["I"].summary.startswith("Battle in Shusha (Azerbaijan), 4 November 2020 – 8 November 2020. Actors:")
    assert entries["I"].published.startswith("2020-11-04")
    assert entries["J"].summary.startswith("Strike in Ganja, October 2020 – 17 October 2020. Actors:")
    page = lxml_html.fromstring((tmp_path / "out" / "incidents" / "i" / "index.html").read_bytes())
    assert "4 November 2020 – 8 November 2020" in " ".join(page.text_content().split())


STRUCK_SHEET = """\
incidents:
  - id: axum-massacre-2020
    title: Axum massacre
    date: 2020-11-28
    kind: massacre
    location: {name: Axum, country: "ET", lat: 14.1211, lon: 38.7234}
    actors: [{actor: eritrea, role: perpetrator}]
    casualties:
      killed: 200
      note: "~~At least 800 killed.~~ Over 200 killed, per Amnesty (corrected 12 November 2022)."
    summary: "Eritrean troops killed ~~800~~ more than 200 civilians over two days."
    sources: [amnesty]
actors:
  - {id: eritrea, name: Eritrea, kind: state}
sources:
  - {id: amnesty, publisher: Amnesty International}
"""


def test_struck_through_text_is_left_out_of_plain_text_and_kept_struck_in_html(tmp_path):
    """`~~800~~`, an editor's correction, is struck on the page, but descriptions, JSON-LD, feeds, the CSV and the
    GeoJSON gave it as current text (a tester): they leave it out; timeline.json, whose text is HTML, keeps it struck.
    A content page's description leaves it out too."""
    for name in ("pelican.conf.py", "theme", "content"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp_path / name)
    (tmp_path / "content" / "pages" / "note.md").write_text(
        "Title: Correction\n\nWe wrote ~~800~~ 200 dead at first.\n", encoding="utf-8")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "a.yaml").write_text(STRUCK_SHEET, encoding="utf-8")
    output = tmp_path / "site"
    result = run_cli("build", "--briefings", str(tmp_path / "b"), "--output", str(output),
                     "--settings", str(tmp_path / "pelican.conf.py"))
    assert result.returncode == 0, result.stderr
    summary = "Eritrean troops killed more than 200 civilians over two days."
    note = "Over 200 killed, per Amnesty (corrected 12 November 2022)."
    page = lxml_html.fromstring((output / "incidents" / "axum-massacre-2020" / "index.html").read_bytes())
    assert sorted(s.text_content() for s in page.iter("s")) == ["800", "At least 800 killed."]  # the page: struck
    for name in ("@name='description'", "@property='og:description'", "@name='twitter:description'"):
        assert page.xpath(f"string(//meta[{name}]/@content)") == summary, name
    graph = page.xpath("string(//script[@type='application/ld+json'])")
    assert f'"description": "{summary}"' in json.dumps(json.loads(graph), ensure_ascii=False) and "800" not in graph
    entry = feedparser.parse((output / "feeds" / "actors" / "eritrea.atom.xml").read_bytes()).entries[0]
    assert html.unescape(entry.summary).endswith(" " + summary) and "800" not in entry.summary
    row = next(csv.DictReader(io.StringIO((output / "data" / "incidents.csv").read_text(encoding="utf-8"))))
    assert row["notes"] == summary and row["casualties_note"] == note
    feature = json.loads((output / "data" / "incidents.geojson").read_text(encoding="utf-8"))["features"][0]
    assert feature["properties"]["casualties_note"] == note
    event = json.loads((output / "data" / "timeline.json").read_text(encoding="utf-8"))["events"][0]
    assert event["text"]["text"].startswith("<p>Eritrean troops killed <s>800</s> more than 200 civilians")
    content = lxml_html.fromstring((output / "note" / "index.html").read_bytes())
    for name in ("@name='description'", "@property='og:description'", "@name='twitter:description'"):
        assert content.xpath(f"string(//meta[{name}]/@content)") == "We wrote 200 dead at first.", name


def test_the_404_page_links_from_siteurl_when_it_is_set(hostile):
    """Served at any address, the 404 page's links start at SITEURL's path (a site under a path, as GitHub Pages serves
    one): `/desk/…`, not `https://briefs.example.org/desk/…`, which its CSP (`'self'`) blocked for its style sheets on
    any other origin (a www. alias, `briefkit serve`), and whose links left a local preview for the live site."""
    page = lxml_html.fromstring((hostile[0] / "404.html").read_bytes())
    hrefs = [a.get("href") for a in page.iter("a") if not a.get("href").startswith("#")]
    assert hrefs and all(h.startswith("/desk/") for h in hrefs), hrefs
    assert "/desk/search/" in hrefs
    assets = page.xpath("//link[@rel='stylesheet' or @rel='icon']/@href")
    assert assets and all(h.startswith("/desk/theme/") for h in assets), assets


def test_each_feed_says_what_it_holds(hostile):
    """The site's feed said "newest briefings and incidents" and holds only briefings (a tester)."""
    site = hostile[0]
    briefings = feedparser.parse((site / feeds.ALL_BRIEFINGS).read_bytes()).feed.subtitle
    actor = feedparser.parse((site / feeds.entity_feed_path("actor", "hostile-actor")).read_bytes()).feed.subtitle
    assert briefings.startswith("Briefings: newest briefings on ") and "incidents" not in briefings
    assert ": newest briefings and incidents on " in actor


@pytest.mark.parametrize("site", [
    {},
    {"data_license": "ODbL 1.0", "data_license_url": "https://opendatacommons.org/licenses/odbl/1-0/"},
    {"data_license": "CC BY 4.0", "data_license_url": ""},  # refused by the settings check; read alike all the same
])
def test_the_data_page_and_its_json_ld_name_one_licence(site):
    """BRIEFKIT data_license None: /data/ showed CC BY 4.0 (its fallback), its Dataset JSON-LD an empty licence."""
    from briefkit import jsonld

    shown = downloads.data_page(site)["license"]
    assert jsonld.dataset(site, "https://example.org")["license"] == shown["url"]
    assert shown == (downloads.LICENSE if not site else {"name": site["data_license"], "url": site["data_license_url"]})


def test_two_alleged_perpetrators_are_not_each_others_associates_in_the_csv(tmp_path):
    """Abqaiq 2019: the Houthis claimed it, the US blamed Iran. The CSV made Iran the Houthis' `assoc_actor_1`
    ("on actor1's side") and so said they acted together (a tester). An alleged perpetrator beside another, or
    beside a perpetrator, goes to other_actors with its role; `other` is "other role", never "involved"."""
    (tmp_path / "s.yaml").write_text(textwrap.dedent("""\
        sources:
          - {id: s1, publisher: Reuters}
        actors:
          - {id: houthis, name: Houthis, kind: armed-group}
          - {id: iran, name: Iran, kind: state}
          - {id: aramco, name: Aramco, kind: organization}
          - {id: hezbollah, name: Hezbollah, kind: armed-group}
        incidents:
          - id: abqaiq
            title: Abqaiq
            date: 2019-09-14
            kind: drone attack
            location: {name: Abqaiq}
            sources: [s1]
            actors:
              - {actor: houthis, role: alleged-perpetrator}
              - {actor: iran, role: alleged-perpetrator}
              - {actor: aramco, role: target}
              - {actor: hezbollah, role: other}
          - id: two
            title: Two
            date: 2019
            kind: raid
            location: {name: X}
            sources: [s1]
            actors:
              - {actor: iran, role: perpetrator}
              - {actor: houthis, role: perpetrator}
              - {actor: hezbollah, role: alleged-perpetrator}
        """), encoding="utf-8")
    rows = _csv_rows(tmp_path)
    first = rows["abqaiq"]
    assert (first["actor1"], first["assoc_actor_1"], first["actor2"]) == ("Houthis (alleged)", "", "Aramco")
    assert first["other_actors"] == "Iran (alleged perpetrator); Hezbollah (other role)"
    second = rows["two"]
    assert (second["actor1"], second["assoc_actor_1"]) == ("Iran", "Houthis")
    assert second["other_actors"] == "Hezbollah (alleged perpetrator)"
    # a year known alone is told from a month known alone, which share ACLED's time_precision 3 (a tester)
    assert (first["date_as_written"], second["date_as_written"], second["time_precision"]) == ("2019-09-14", "2019", 3)


def _csv_rows(folder) -> dict[str, dict]:
    """incidents.csv's row of each incident of the sheets in folder (which must have no errors), by id."""
    from briefkit.views import Views

    project = check(str(folder), use_cache=False)
    assert project.errors == []
    views = Views(project, {})
    return {i.id: downloads.incident_row(views, i, "https://example.invalid") for i in project.by_kind["incident"]}


def test_a_responder_is_never_put_in_the_perpetrators_column_of_the_csv(tmp_path):
    """Mumbai 2008: with no perpetrator named, the CSV put India's commandos (responders) in `actor1`, ACLED's
    perpetrator column, with no role: they read as the besiegers of Nariman House (a tester). actor1 and
    assoc_actor_1 hold perpetrators only; a responder is in other_actors with its role."""
    (tmp_path / "s.yaml").write_text(textwrap.dedent("""\
        sources:
          - {id: s1, publisher: Reuters}
        actors:
          - {id: nsg, name: National Security Guard, kind: government-body}
          - {id: marcos, name: MARCOS, kind: government-body}
          - {id: chabad, name: Chabad House, kind: organization}
          - {id: let, name: Lashkar-e-Taiba, kind: armed-group}
        incidents:
          - id: nariman
            title: Siege of Nariman House
            date: 2008-11-26
            kind: siege
            location: {name: Nariman House}
            sources: [s1]
            actors:
              - {actor: nsg, role: responder}
              - {actor: marcos, role: responder}
              - {actor: chabad, role: target}
          - id: taj
            title: Taj
            date: 2008-11-26
            kind: siege
            location: {name: Taj}
            sources: [s1]
            actors:
              - {actor: let, role: alleged-perpetrator}
              - {actor: nsg, role: responder}
        """), encoding="utf-8")
    rows = _csv_rows(tmp_path)
    nariman = rows["nariman"]
    assert (nariman["actor1"], nariman["assoc_actor_1"], nariman["actor2"]) == ("", "", "Chabad House")
    assert nariman["other_actors"] == "National Security Guard (responder); MARCOS (responder)"
    taj = rows["taj"]
    assert (taj["actor1"], taj["assoc_actor_1"]) == ("Lashkar-e-Taiba (alleged)", "")
    assert taj["other_actors"] == "National Security Guard (responder)"
    described = dict(downloads.CSV_FIELDS)  # the /data/ page says so too
    assert "empty when none" in described["actor1"] and "responder" not in described["assoc_actor_1"]


def test_a_partial_end_date_is_told_from_an_exact_one_in_the_csv(tmp_path):
    """`end_date: 2014-08` was written 2014-08-31 and `end_date: 2007` 2007-12-31, with nothing in the row to say
    the day (or month) was not known (a tester): end_date_as_written, beside date_as_written, gives it as written."""
    (tmp_path / "s.yaml").write_text(textwrap.dedent("""\
        sources:
          - {id: s1, publisher: Reuters}
        incidents:
          - {id: month, title: M, date: 2014-06-10, end_date: 2014-08, kind: siege, location: {name: X}, sources: [s1]}
          - {id: year, title: Y, date: 2005, end_date: 2007, kind: siege, location: {name: X}, sources: [s1]}
          - {id: day, title: D, date: 2014-06-10, end_date: 2014-06-12, kind: siege, location: {name: X}, sources: [s1]}
          - {id: none, title: N, date: 2014-06-10, kind: siege, location: {name: X}, sources: [s1]}
          - {id: held, title: H, date: 2014-06-10, end_date: 2014, kind: siege, location: {name: X}, sources: [s1]}
        """), encoding="utf-8")
    project = check(str(tmp_path), use_cache=False)
    assert project.errors == []
    reader = csv.DictReader(io.StringIO(dict(downloads.render_all(project, PLACEHOLDER))["data/incidents.csv"]))
    columns = reader.fieldnames
    assert columns[columns.index("date_as_written") + 1] == "end_date_as_written"
    rows = {row["event_id"]: (row["end_date"], row["end_date_as_written"]) for row in reader}
    assert rows == {"month": ("2014-08-31", "2014-08"), "year": ("2007-12-31", "2007"),
                    "day": ("2014-06-12", "2014-06-12"), "none": ("", ""), "held": ("", "")}
    assert [name for name, _ in downloads.CSV_FIELDS] == columns  # and so on the /data/ page
