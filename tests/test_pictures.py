"""Tests for briefkit.pictures: well-formed, deterministic, escaped, accessible SVG."""

from __future__ import annotations

import json
import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from briefkit import pictures as P

NS = "{http://www.w3.org/2000/svg}"
HOSTILE = "</svg><script>alert(1)</script> \"quoted\" 'single' & <b>bold</b>"


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == NS + "svg"
    return root


def classes(el: ET.Element) -> set[str]:
    return set(el.get("class", "").split())


def all_text(root: ET.Element) -> str:
    return "".join(root.itertext())


def check_accessible(root: ET.Element, *, links: bool) -> None:
    assert root.get("role") == ("group" if links else "img")
    ids = root.get("aria-labelledby").split()
    assert len(ids) == 2
    title, desc = root.find(NS + "title"), root.find(NS + "desc")
    assert title.get("id") == ids[0] and title.text
    assert desc.get("id") == ids[1] and desc.text
    assert "bk-pic" in classes(root)
    assert root.get("viewBox")


def check_no_script(root: ET.Element) -> None:
    for el in root.iter():
        assert el.tag.split("}")[-1].lower() not in {"script", "foreignobject", "b"}
        for name in el.attrib:
            assert not name.lower().startswith("on")


def check_ids_unique(root: ET.Element) -> None:
    ids = [el.get("id") for el in root.iter() if el.get("id")]
    assert len(ids) == len(set(ids))


def links(root: ET.Element) -> list[ET.Element]:
    return list(root.iter(NS + "a"))


def check_numbers_rounded(svg: str) -> None:
    # No coordinate has more than one decimal place.
    assert not re.search(r"\d\.\d\d", re.sub(r"<title[^>]*>.*?</title>|<desc[^>]*>.*?</desc>", "", svg))


# ------------------------------------------------------------------ helpers


def test_escape_handles_markup_quotes_and_controls():
    assert P.escape('<a href="x">&\'') == "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
    assert P.escape("a\x00b\x1fc") == "abc"
    assert P.escape(None) == ""


def test_all_names_exported():
    assert set(P.__all__) >= {"locator_map", "overview_map", "relation_graph", "timeline_strip", "escape", "STYLESHEET"}
    for name in P.__all__:
        assert hasattr(P, name)


def test_stylesheet_defines_the_classes_used():
    for cls in ("bk-land", "bk-land-hl", "bk-sea", "bk-pt-exact", "bk-edge", "bk-node", "bk-tl-mark", "bk-halo"):
        assert "." + cls in P.STYLESHEET
    assert "prefers-color-scheme: dark" in P.STYLESHEET and "@media print" in P.STYLESHEET


# ------------------------------------------------------------------ map data


def test_vendored_data_is_compact_and_licensed():
    data_dir = Path(P.__file__).parent / "data"
    data = data_dir / "countries-50m.json"
    assert data.stat().st_size < 1_000_000
    raw = json.loads(data.read_text("utf-8"))
    codes = {c["cc"] for c in raw["countries"]}
    assert {"IQ", "SY", "IR", "IL", "LB", "US", "RU", "FJ"} <= codes
    assert all(c is None or re.fullmatch(r"[A-Z]{2}", c) for c in codes)
    licence = (data_dir / "NATURAL-EARTH-LICENSE.txt").read_text("utf-8")
    assert "public domain" in licence and "world-atlas" in licence and "2.0.2" in licence
    assert "Permission to use, copy, modify" in licence


# ------------------------------------------------------------------ locator map


@pytest.mark.parametrize("cc,lat,lon", [("IQ", 36.19, 44.01), ("SY", 35.33, 40.14)])
def test_locator_highlights_country(cc, lat, lon):
    svg = P.locator_map(lat, lon, label="Place", precision="exact", country=cc)
    root = parse(svg)
    check_accessible(root, links=False)
    hl = [el for el in root.iter(NS + "path") if "bk-land-hl" in classes(el)]
    assert len(hl) == 1
    assert hl[0].get("data-cc") == cc
    assert len(hl[0].get("d")) > 50
    others = [el for el in root.iter(NS + "path") if "bk-land" in classes(el) and "bk-land-hl" not in classes(el)]
    assert len(others) >= 3  # neighbours are drawn too
    assert not links(root)
    check_numbers_rounded(svg)


def test_locator_title_and_markers():
    root = parse(P.locator_map(36.19, 44.01, label="Erbil", precision="approximate", country="IQ"))
    assert root.find(NS + "title").text == "Location of Erbil: approximately 36.2° N, 44.0° E"
    assert "Iraq" in root.find(NS + "desc").text
    kinds = {c for el in root.iter(NS + "circle") for c in classes(el)}
    assert "bk-marker-approximate" in kinds
    root = parse(P.locator_map(-33.9, -70.7, label="Santiago", precision="exact", country="CL"))
    assert root.find(NS + "title").text == "Location of Santiago: 33.9° S, 70.7° W"
    assert "bk-marker-exact" in {c for el in root.iter(NS + "circle") for c in classes(el)}
    root = parse(P.locator_map(35.0, 38.0, label="Desert", precision="region", country=None))
    assert "bk-marker-region" in {c for el in root.iter(NS + "circle") for c in classes(el)}
    assert not [el for el in root.iter(NS + "path") if "bk-land-hl" in classes(el)]
    for lon in (180.0, -180.0):  # one meridian, east and west at once: it was `180.0° W` for 180
        root = parse(P.locator_map(-16.5, lon, label="Taveuni", precision="exact", country="FJ"))
        assert root.find(NS + "title").text == "Location of Taveuni: 16.5° S, 180.0°"


def test_locator_is_deterministic_and_escapes():
    a = P.locator_map(33.3, 35.4, label=HOSTILE, precision="exact", country="LB")
    b = P.locator_map(33.3, 35.4, label=HOSTILE, precision="exact", country="LB")
    assert a == b
    root = parse(a)
    check_no_script(root)
    assert HOSTILE in root.find(NS + "title").text
    assert "<script" not in a


def test_locator_marker_is_inside_the_picture():
    for lat, lon in [(36.19, 44.01), (89.0, 0.0), (-89.0, 179.9), (0.0, -180.0)]:
        root = parse(P.locator_map(lat, lon, label="x", precision="exact", country=None))
        (marker,) = [el for el in root.iter(NS + "circle") if "bk-marker" in classes(el)]
        assert 0 <= float(marker.get("cx")) <= 320 and 0 <= float(marker.get("cy")) <= 200


def test_locator_across_the_antimeridian_draws_both_sides():
    root = parse(P.locator_map(-17.8, 178.4, label="Suva", precision="exact", country="FJ"))
    hl = [el for el in root.iter(NS + "path") if "bk-land-hl" in classes(el)]
    assert hl and hl[0].get("data-cc") == "FJ"
    xs = [float(v) for v in re.findall(r"[-\d.]+", hl[0].get("d"))[0::2]]
    assert min(xs) < 160 and max(xs) > 160  # islands east and west of 180 degrees
    # No ring of Fiji runs across the whole picture (a stray line along the cut).
    for ring in hl[0].get("d").split("M")[1:]:
        rx = [float(v) for v in ring.rstrip("Z").split()[0::2]]
        assert max(rx) - min(rx) < 100


def test_locator_near_chukotka_draws_russia_east_of_180():
    root = parse(P.locator_map(65.0, -175.0, label="Anadyr Bay", precision="region", country="RU"))
    hl = [el for el in root.iter(NS + "path") if "bk-land-hl" in classes(el)]
    assert hl and len(hl[0].get("d")) > 200


def test_locator_rejects_non_finite():
    with pytest.raises(ValueError):
        P.locator_map(float("nan"), 0.0, label="x", precision="exact", country=None)


# ------------------------------------------------------------------ locator map on the shared base-map tiles

MAPS = Path(P.__file__).resolve().parent.parent / "theme" / "static" / "maps"
TILES = "../../theme/maps/"


def tiled(lat, lon, cc, precision="exact", label="Place"):
    return P.locator_map(lat, lon, label=label, precision=precision, country=cc, center=(round(lat), round(lon)),
                         base_map=TILES)


def images(root: ET.Element) -> list[ET.Element]:
    return list(root.iter(NS + "image"))


def test_the_published_tiles_are_the_ones_the_code_draws():
    tiles = P.base_map_tiles()
    assert sorted(path.name for path in MAPS.glob("*.svg")) == sorted(tiles)  # `python -m briefkit.pictures` rewrites them
    for name, svg in tiles.items():
        assert (MAPS / name).read_text(encoding="utf-8") == svg, name
    assert {"n30e030.svg", "n30e000.svg", "n00e030.svg", "s30e150.svg"} <= set(tiles)  # the Middle East, Europe, Fiji
    assert "s60w120.svg" not in tiles  # open South Pacific: no file, no image
    assert sum(map(len, tiles.values())) < 1_000_000


def test_tiles_are_plain_svg_in_the_land_colours():
    for svg in P.base_map_tiles().values():
        root = parse(svg)
        check_no_script(root)
        assert [el.tag for el in root] == [NS + "style", NS + "path"]
        assert not links(root) and "href" not in svg
        check_numbers_rounded(svg)
    style = next(iter(P.base_map_tiles().values()))
    for colour in ("#f7f5f0", "#b5b0a6", "#2b2e33", "#52565d"):  # .bk-land, light and dark, as in STYLESHEET
        assert colour in style and colour in P.STYLESHEET
    assert "prefers-color-scheme:dark" in style and "@media print" in style


def test_tiled_locator_shows_tiles_and_draws_only_the_highlighted_country():
    svg = tiled(36.19, 44.01, "IQ", "approximate", "Erbil")
    root = parse(svg)
    check_accessible(root, links=False)
    check_no_script(root)
    check_numbers_rounded(svg)
    paths = [el for el in root.iter(NS + "path") if "bk-land" in classes(el)]
    assert [el.get("data-cc") for el in paths] == ["IQ"] and "bk-land-hl" in classes(paths[0])
    assert len(paths[0].get("d")) > 50
    hrefs = [el.get("href") for el in images(root)]
    assert hrefs == [TILES + "n00e030.svg", TILES + "n30e030.svg"]  # Iraq at 36° N straddles 30° N
    for el in images(root):
        assert el.get("preserveAspectRatio") == "none"
        assert (MAPS / el.get("href").removeprefix(TILES)).is_file()
    # Together the tiles cover the whole picture.
    boxes = [(float(el.get("x")), float(el.get("y")), float(el.get("width")), float(el.get("height"))) for el in images(root)]
    assert min(x for x, _, _, _ in boxes) <= 0 and max(x + w for x, _, w, _ in boxes) >= 320
    assert min(y for _, y, _, _ in boxes) <= 0 and max(y + h for _, y, _, h in boxes) >= 200
    assert root.find(NS + "title").text == "Location of Erbil: approximately 36.2° N, 44.0° E"
    assert len(svg) < 4000  # the countries around are shared files, not part of the page


def test_tiled_locator_is_deterministic_and_escapes():
    a = tiled(33.3, 35.4, "LB", label=HOSTILE)
    assert a == tiled(33.3, 35.4, "LB", label=HOSTILE)
    root = parse(a)
    check_no_script(root)
    assert HOSTILE in root.find(NS + "title").text and "<script" not in a
    odd = P.locator_map(33.3, 35.4, label="x", precision="exact", country="LB", base_map='"><script>x</script>/')
    assert "<script" not in odd and parse(odd)


def test_tiled_locator_across_the_antimeridian_uses_tiles_from_both_sides():
    root = parse(tiled(-17.8, 178.4, "FJ", label="Suva"))
    names = [el.get("href").removeprefix(TILES) for el in images(root)]
    assert "s30e150.svg" in names and "s30w180.svg" in names
    east = next(el for el in images(root) if el.get("href").endswith("s30w180.svg"))
    assert float(east.get("x")) > 100  # drawn east of the date line, not a world away
    hl = [el for el in root.iter(NS + "path") if "bk-land-hl" in classes(el)]
    assert hl and hl[0].get("data-cc") == "FJ"


def test_tiled_locator_without_country_or_over_open_sea():
    root = parse(tiled(-45.0, -125.0, None, "region", "South Pacific"))
    assert not [el for el in root.iter(NS + "path") if "bk-land" in classes(el)]
    assert not images(root)  # nothing but sea
    assert "bk-marker-region" in {c for el in root.iter(NS + "circle") for c in classes(el)}


# ------------------------------------------------------------------ overview map


def make_points(n: int) -> list[dict]:
    pts = []
    for i in range(n):
        pts.append(
            {
                "lat": 30 + (i * 7919 % 900) / 100,
                "lon": 35 + (i * 104729 % 1500) / 100,
                "label": f"Incident {i}",
                "url": f"../../incidents/i{i}/",
                "date_text": "1 March 2024",
                "precision": ("exact", "approximate", "region")[i % 3],
            }
        )
    return pts


def test_overview_links_titles_and_fit():
    pts = make_points(20)
    svg = P.overview_map(pts)
    root = parse(svg)
    check_accessible(root, links=True)
    check_ids_unique(root)
    found = links(root)
    assert sorted(a.get("href") for a in found) == sorted(p["url"] for p in pts)
    for a in found:
        assert a.find(NS + "title").text.startswith("Incident ")
        (c,) = a.iter(NS + "circle")
        assert 0 <= float(c.get("cx")) <= 960 and 0 <= float(c.get("cy")) <= 540
    lands = [el for el in root.iter(NS + "path") if "bk-land" in classes(el)]
    assert {"IQ", "SY"} <= {el.get("data-cc") for el in lands}
    assert "US" not in {el.get("data-cc") for el in lands}  # fitted to the region
    check_numbers_rounded(svg)


def test_overview_empty_is_world_view():
    root = parse(P.overview_map([]))
    check_accessible(root, links=False)
    assert not links(root)
    codes = {el.get("data-cc") for el in root.iter(NS + "path") if "bk-land" in classes(el)}
    assert {"US", "BR", "CN", "AU", "ZA", "RU"} <= codes


def test_overview_identical_points_all_reachable():
    pts = [
        {"lat": 33.31, "lon": 44.36, "label": f"B{i}", "url": f"b{i}/", "date_text": "2024", "precision": "exact"}
        for i in range(7)
    ]
    root = parse(P.overview_map(pts))
    centres = [(c.get("cx"), c.get("cy")) for a in links(root) for c in a.iter(NS + "circle")]
    assert len(centres) == 7 and len(set(centres)) == 7


def test_overview_points_whose_marks_would_overlap_are_spread_apart():
    """Two sheets' coordinates for one town, a fraction of a pixel apart, drew one dot over the other: no pointer could
    reach it (a tester: 203 of 638 links on a generated map); and a mark moved off one place landed on another's (a
    tester). No mark's centre comes within a grid cell of another's, so each keeps a part to click; the first at a
    place keeps it, and a point elsewhere is not moved."""
    near = [{"lat": 33.3152 + i * 0.0004, "lon": 44.3661 - i * 0.0007, "label": f"B{i}", "url": f"b{i}/",
             "precision": "exact"} for i in range(19)]
    regions = [{"lat": 15.0 + i * 0.001, "lon": 41.0, "label": f"R{i}", "url": f"r{i}/", "precision": "region"}
               for i in range(9)]
    crowd = [{"lat": 35.0, "lon": 38.0, "label": f"A{i}", "url": f"a{i}/", "precision": "exact"} for i in range(3)]
    crowd.append({"lat": 34.88, "lon": 37.84, "label": "Q", "url": "q/", "precision": "exact"})  # the tester's case
    far = {"lat": 30.0, "lon": 30.0, "label": "F", "url": "f/", "precision": "exact"}
    root = parse(P.overview_map(near + regions + crowd + [far]))
    marks = {a.get("href"): next(a.iter(NS + "circle")) for a in links(root)}
    spots = [(float(c.get("cx")), float(c.get("cy"))) for c in marks.values()]
    assert len(spots) == 33
    assert min(math.hypot(a[0] - b[0], a[1] - b[1]) for i, a in enumerate(spots) for b in spots[:i]) >= P._GRID
    alone = P.overview_map([near[0], regions[0], crowd[0], far])
    first = {a.get("href"): next(a.iter(NS + "circle")).get("cx") for a in links(parse(alone))}
    assert first["b0/"] == marks["b0/"].get("cx") and first["f/"] == marks["f/"].get("cx")


def test_overview_escapes_and_is_deterministic():
    pts = make_points(5)
    pts[0]["label"] = HOSTILE
    pts[1]["url"] = '../x/?a=1&b="2"'
    a, b = P.overview_map(pts), P.overview_map([dict(p) for p in pts])
    assert a == b
    root = parse(a)
    check_no_script(root)
    assert any(HOSTILE in (t.text or "") for t in root.iter(NS + "title"))
    assert '../x/?a=1&b="2"' in {x.get("href") for x in links(root)}


def test_overview_skips_missing_coordinates():
    pts = make_points(3) + [{"lat": None, "lon": 4, "label": "x", "url": "x/"}, {"lat": float("inf"), "lon": 1, "label": "y", "url": "y/"}]
    root = parse(P.overview_map(pts))
    assert len(links(root)) == 3


def test_overview_ten_thousand_points():
    pts = make_points(10_000)
    root = parse(P.overview_map(pts))
    assert len(links(root)) == 10_000


# ------------------------------------------------------------------ relation graph

CENTER = {"id": "hezbollah", "label": "Hezbollah", "url": "../hezbollah/", "kind": "armed-group"}
NODES = [
    {"id": "iran", "label": "Iran", "url": "../iran/", "kind": "state"},
    {"id": "nasrallah", "label": "Hassan Nasrallah", "url": "../nasrallah/", "kind": "person"},
    {"id": "israel", "label": "Israel", "url": "../israel/", "kind": "state"},
    {"id": "amal", "label": "Amal Movement", "url": "../amal/", "kind": "organization"},
]
EDGES = [
    {"source": "hezbollah", "target": "iran", "type": "backed-by", "direction": "out"},
    {"source": "nasrallah", "target": "hezbollah", "type": "leads", "direction": "in"},
    {"source": "hezbollah", "target": "israel", "type": "opposes", "direction": "out"},
    {"source": "israel", "target": "hezbollah", "type": "opposes", "direction": "in"},
    {"source": "hezbollah", "target": "amal", "type": "allied-with", "direction": "out"},
    {"source": "hezbollah", "target": "amal", "type": "allied-with", "direction": "out"},  # duplicate
    {"source": "hezbollah", "target": "nobody", "type": "opposes", "direction": "out"},  # unknown node
]


def test_graph_structure():
    svg = P.relation_graph(CENTER, NODES, EDGES)
    root = parse(svg)
    check_accessible(root, links=True)
    check_ids_unique(root)
    hrefs = [a.get("href") for a in links(root)]
    # the centre is the page's own actor: not a link to the page itself (a tester: one more stop for the keyboard)
    assert sorted(hrefs) == sorted(n["url"] for n in NODES)
    edges = [el for el in root.iter(NS + "path") if "bk-edge" in classes(el)]
    assert len(edges) == 5
    marker_ids = {m.get("id") for m in root.iter(NS + "marker")}
    assert all("_" in m for m in marker_ids) and any(m.endswith("arr_out") for m in marker_ids)
    for e in edges:
        ref = re.fullmatch(r"url\(#(.+)\)", e.get("marker-end")).group(1)
        assert ref in marker_ids
    assert {"bk-edge-in", "bk-edge-out"} <= {c for e in edges for c in classes(e)}
    labels = {t.text for t in root.iter(NS + "text") if "bk-edge-label" in classes(t)}
    assert {"backed by", "leads", "opposes", "allied with"} <= labels
    assert "Hezbollah backed by Iran" in root.find(NS + "desc").text
    assert "Hassan Nasrallah leads Hezbollah" in root.find(NS + "desc").text
    check_numbers_rounded(svg)


def test_graph_neighbours_sorted_by_type_then_label_clockwise_from_top():
    root = parse(P.relation_graph(CENTER, NODES, EDGES))
    node_links = [a for a in links(root) if a.get("href") != CENTER["url"]]
    # Drawn in layout order: allied-with (Amal), backed-by (Iran), leads (Nasrallah), opposes (Israel).
    assert [a.get("href") for a in node_links] == ["../amal/", "../iran/", "../nasrallah/", "../israel/"]
    first = next(node_links[0].iter(NS + "circle"))
    assert float(first.get("cx")) == 320 and float(first.get("cy")) < 100  # at the top


def test_two_relations_of_an_upright_pair_have_labels_on_lines_of_their_own():
    """Two relations between the centre and an actor above it (a spokesperson that `speaks-for` and is `part-of`):
    the curves part sideways, and their labels, 25 px apart on one line, read "parspeaks for" (a tester)."""
    node = {"id": "spokesperson", "label": "IDF Spokesperson", "url": "../spokesperson/", "kind": "government-body"}
    others = [{"id": f"x{i}", "label": f"X {i}", "url": f"../x{i}/", "kind": "state"} for i in range(3)]
    edges = [{"source": "spokesperson", "target": "hezbollah", "type": kind, "direction": "in"}
             for kind in ("speaks-for", "part-of")]
    edges += [{"source": "hezbollah", "target": other["id"], "type": "speaks-for", "direction": "out"}
              for other in others]
    root = parse(P.relation_graph(CENTER, [node, *others], edges))
    first = next(root.iter(NS + "circle"))
    assert float(first.get("cx")) == 320 and float(first.get("cy")) < 100  # above the centre: the pair is upright
    labels = [t for t in root.iter(NS + "text") if "bk-edge-label" in classes(t)][:2]  # the pair's come first
    assert sorted(t.text for t in labels) == ["part of", "speaks for"]
    assert abs(float(labels[0].get("y")) - float(labels[1].get("y"))) >= 12  # a line each at font-size 10


def test_graph_empty_and_cap():
    assert P.relation_graph(CENTER, [], []) == ""
    many = [{"id": f"n{i:02d}", "label": f"Actor {i:02d}", "url": f"../n{i}/", "kind": "person"} for i in range(55)]
    edges = [{"source": "hezbollah", "target": f"n{i:02d}", "type": "allied-with", "direction": "out"} for i in range(55)]
    svg = P.relation_graph(CENTER, many, edges)
    root = parse(svg)
    assert len(links(root)) == 40  # 40 neighbours; the centre is no link
    assert "+15 more" in all_text(root)
    assert svg == P.relation_graph(CENTER, many, edges)


def test_graph_names_that_begin_alike_keep_their_ends_where_cut():
    """Three ministries cut to "Ministry of Defence…" read the same (a tester): cut names that would read alike keep
    their ends; one whose cut is its own keeps its beginning."""
    ministries = [{"id": f"mod-{c}", "label": f"Ministry of Defence of the Republic of {c}", "url": f"../mod-{c}/",
                   "kind": "government-body"} for c in ("Iraq", "Syria", "Lebanon")]
    other = {"id": "pmf", "label": "Popular Mobilization Forces of the Republic of Iraq", "url": "../pmf/",
             "kind": "armed-group"}
    edges = [{"source": "hezbollah", "target": n["id"], "type": "opposes", "direction": "out"}
             for n in ministries + [other]]
    root = parse(P.relation_graph(CENTER, ministries + [other], edges))
    shown = {a.get("href"): "".join(t.itertext()).strip() for a in links(root) for t in a.iter(NS + "text")}
    names = [shown[n["url"]] for n in ministries]
    assert len(set(names)) == 3 and all(n.endswith(("Iraq", "Syria", "Lebanon")) and "\u2026" in n for n in names)
    assert shown["../pmf/"].startswith("Popular Mobili") and shown["../pmf/"].endswith("\u2026")


def test_graph_escapes_hostile_labels_and_kinds():
    nodes = [dict(NODES[0], label=HOSTILE, kind='state" onload="x')]
    svg = P.relation_graph(dict(CENTER, label=HOSTILE), nodes, EDGES[:1])
    root = parse(svg)
    check_no_script(root)
    assert root.find(NS + "title").text == f"Relations of {HOSTILE}"
    assert "<script" not in svg


def test_graph_many_neighbours_labels_do_not_share_rows():
    many = [{"id": f"n{i:02d}", "label": f"Actor {i:02d}", "url": f"../n{i}/", "kind": "state"} for i in range(30)]
    edges = [{"source": "hezbollah", "target": f"n{i:02d}", "type": "opposes", "direction": "out"} for i in range(30)]
    root = parse(P.relation_graph(CENTER, many, edges))
    rows: dict[str, list[float]] = {"start": [], "end": []}
    for t in root.iter(NS + "text"):
        if "bk-node-label" in classes(t) and "bk-node-center-label" not in classes(t):
            rows[t.get("text-anchor")].append(float(t.get("y")))
    for ys in rows.values():
        ys.sort()
        assert all(b - a >= 12 for a, b in zip(ys, ys[1:]))


def test_a_graph_says_each_relation_as_read_from_its_centre_on_either_side():
    """With more than a dozen neighbours, each name's relation was its type beside it, after the name on the right:
    "Israel opposes" where the centre opposes Israel, "opposes Yemen" where Yemen opposes the centre (a tester). The
    words are read from the centre, before the name on either side, as the list below says them; so are the links'
    names, which said "Bahrain (opposes)" either way."""
    states = [{"id": f"s{i:02d}", "label": f"State {i:02d}", "url": f"../s{i:02d}/", "kind": "state"} for i in range(14)]
    edges = [{"source": "hezbollah", "target": "s00", "type": "opposes", "direction": "out"}]
    edges += [{"source": f"s{i:02d}", "target": "hezbollah", "type": "opposes", "direction": "in"} for i in range(1, 14)]
    root = parse(P.relation_graph(CENTER, states, edges))
    shown = {a.get("href"): ("".join(next(a.iter(NS + "text")).itertext()), a.find(NS + "title").text)
             for a in links(root)}
    assert len(shown) == 14 and {anchor.get("text-anchor") for anchor in root.iter(NS + "text")} >= {"start", "end"}
    assert shown["../s00/"] == ("opposes State 00", "opposes State 00")
    assert all(shown[f"../s{i:02d}/"] == (f"opposed by State {i:02d}",) * 2 for i in range(1, 14))


# ------------------------------------------------------------------ timeline

ITEMS = [
    {"label": "Rocket attack", "url": "a/", "start": (2024, 1, 15), "end": None, "kind": "incident"},
    {"label": "Consulate strike", "url": "b/", "start": (2024, 4, 1), "end": None, "kind": "incident"},
    {"label": "Drone attack", "url": "c/", "start": (2024, 4, 13), "end": (2024, 4, 14), "kind": "incident"},
    {"label": "Briefing", "url": "d/", "start": (2024, 4, 20), "end": None, "kind": "briefing"},
    {"label": "Border clashes", "url": "e/", "start": (2024, 6, None), "end": None, "kind": "incident"},
    {"label": "Same day A", "url": "g/", "start": (2024, 4, 13), "end": None, "kind": "incident"},
    {"label": "Same day B", "url": "h/", "start": (2024, 4, 13), "end": None, "kind": "incident"},
    {"label": "A year", "url": "i/", "start": (2023, None, None), "end": None, "kind": "incident"},
]


def item_boxes(root: ET.Element) -> list[tuple[float, float, float, str]]:
    """(y, x0, x1, href) of each labelled item: mark plus estimated label extent."""
    out = []
    for a in links(root):
        mark = next(el for el in a if el.tag in (NS + "circle", NS + "rect"))
        if mark.tag == NS + "circle":
            y, x0, x1 = float(mark.get("cy")), float(mark.get("cx")) - 4, float(mark.get("cx")) + 4
        else:
            y = float(mark.get("y")) + 4
            x0, x1 = float(mark.get("x")), float(mark.get("x")) + float(mark.get("width"))
        label = a.find(NS + "text")
        if label is not None:
            w = P._text_width(label.text, 11)
            tx = float(label.get("x"))
            if label.get("text-anchor") == "end":
                x0 = min(x0, tx - w)
            else:
                x1 = max(x1, tx + w)
        out.append((y, x0, x1, a.get("href")))
    return out


def test_timeline_structure_and_links():
    svg = P.timeline_strip(ITEMS)
    root = parse(svg)
    check_accessible(root, links=True)
    assert sorted(a.get("href") for a in links(root)) == sorted(i["url"] for i in ITEMS)
    ticks = [t.text for t in root.iter(NS + "text") if "bk-tick-label" in classes(t)]
    assert "Jan 2024" in ticks and "Mar" in ticks  # month ticks for a span under two years
    partial = [el for el in root.iter(NS + "rect") if "bk-tl-partial" in classes(el)]
    assert len(partial) == 2  # June 2024 and the year 2023
    year = next(a for a in links(root) if a.get("href") == "i/")
    rect = year.find(NS + "rect")
    month = next(a for a in links(root) if a.get("href") == "e/").find(NS + "rect")
    assert float(rect.get("width")) > 10 * float(month.get("width")) * 0.9  # a year spans about 12 months
    assert {"bk-tl-incident", "bk-tl-briefing"} <= {c for a in links(root) for c in classes(a)}
    check_numbers_rounded(svg)


def test_timeline_names_dates_in_words_and_abbreviates_only_the_ticks():
    """FORMAT.md: pages show dates in words ("25 February 2021", "February 2021"); a mark's name and the picture's
    description are read out as such. The axis ticks are abbreviated (`Jan 2024`, `Mar`), as test_timeline_structure says."""
    root = parse(P.timeline_strip(ITEMS))
    names = [t.text for a in links(root) for t in a.iter(NS + "title")]
    desc = root.find(NS + "desc").text
    assert any("June 2024" in name for name in names), names
    assert not any(re.search(r"\b(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b", text) for text in [*names, desc])
    # the span as its ends are written: ITEMS run from the year 2023 to June 2024, not "1 January 2023 to 30 June 2024",
    # days no editor wrote (a tester); one date known to the month is that month
    assert desc.startswith("From 2023 to June 2024, oldest on the left."), desc
    one = parse(P.timeline_strip([{"label": "SBU", "url": "s/", "start": (2023, 8, None), "end": None, "kind": "briefing"}]))
    assert one.find(NS + "desc").text.startswith("In August 2023, oldest on the left.")
    day = parse(P.timeline_strip([{"label": "Ceasefire", "url": "c/", "start": (2020, 11, 10), "end": None,
                                   "kind": "briefing"}]))
    assert day.find(NS + "desc").text.startswith("On 10 November 2020, oldest on the left.")  # not "In 10 November"
    period = parse(P.timeline_strip([{"label": "War", "url": "w/", "start": (2020, 9, 27), "end": (2020, 11, None),
                                      "kind": "incident"}, ITEMS[0]]))
    assert period.find(NS + "desc").text.startswith("From 27 September 2020 to 15 January 2024")


def test_timeline_oldest_on_the_left():
    root = parse(P.timeline_strip(ITEMS))
    x = {b[3]: (b[1] + b[2]) / 2 for b in item_boxes(root)}
    assert x["i/"] < x["a/"] < x["b/"] < x["d/"] < x["e/"]


def test_timeline_lanes_do_not_overlap():
    items = ITEMS + [
        {"label": f"Item {i} with a long label", "url": f"x{i}/", "start": (2024, 1 + i % 12, 1 + i % 27), "end": None, "kind": "incident"}
        for i in range(60)
    ]
    root = parse(P.timeline_strip(items))
    boxes = [b for b in item_boxes(root) if not any("bk-tl-overflow" in classes(a) for a in links(root) if a.get("href") == b[3])]
    by_lane: dict[float, list[tuple[float, float]]] = {}
    for y, x0, x1, _ in boxes:
        by_lane.setdefault(y, []).append((x0, x1))
    assert len(by_lane) > 3
    for spans in by_lane.values():
        spans.sort()
        for (a0, a1), (b0, b1) in zip(spans, spans[1:]):
            assert a1 <= b0, (a0, a1, b0, b1)


def test_timeline_a_long_bars_label_goes_on_it_rather_than_cut_beside_it():
    """A bar filling most of the strip had its label cut to "Siege of…" in the room beside it, though the bar itself
    held it whole (a tester)."""
    items = [{"label": "Start", "url": "a/", "start": (2020, 1, 1), "end": None, "kind": "incident"},
             {"label": "Siege of Khartoum by the Mahdist forces", "url": "s/", "start": (2020, 1, 20),
              "end": (2020, 12, 10), "kind": "incident"},
             {"label": "End", "url": "b/", "start": (2020, 12, 31), "end": None, "kind": "incident"}]
    root = parse(P.timeline_strip(items))
    siege = next(a for a in links(root) if a.get("href") == "s/")
    label, bar = siege.find(NS + "text"), siege.find(NS + "rect")
    assert label.text == "Siege of Khartoum by the Mahdist forces" and label.get("text-anchor") == "middle"
    assert float(bar.get("x")) < float(label.get("x")) < float(bar.get("x")) + float(bar.get("width"))


def test_timeline_same_day_items_get_separate_lanes():
    items = [{"label": f"Same {i}", "url": f"s{i}/", "start": (2024, 4, 13), "end": None, "kind": "incident"} for i in range(5)]
    root = parse(P.timeline_strip(items))
    ys = [b[0] for b in item_boxes(root)]
    assert len(set(ys)) == 5


def test_timeline_marks_without_a_lane_are_drawn_apart():
    """Past the labelled lanes, marks were drawn in one last row: those of one day lay on top of each other, and a
    tester found 57 of a generated timeline's links that could be neither seen nor clicked. They take rows of their
    own, apart, up to MAX_OVERFLOW_ROWS; those left over are not drawn (19,820 of an actor's 20,000 incidents lay
    on top of each other in the last row, 4 MB of links no one could reach: another), and the note says how many."""
    def rows(extra: int) -> list[str]:
        same = [{"label": f"Same {i}", "url": f"s{i}/", "start": (2024, 4, 13), "end": None, "kind": "incident"}
                for i in range(P.MAX_LANES + extra)]
        root = parse(P.timeline_strip(same))
        hidden = [a for a in links(root) if "bk-tl-overflow" in classes(a)]
        return [next(a.iter(NS + "circle")).get("cy") for a in hidden]
    assert len(rows(6)) == 6 and len(set(rows(6))) == 6
    assert len(rows(20)) == P.MAX_OVERFLOW_ROWS == len(set(rows(20)))
    same = [{"label": f"S {i}", "url": f"s{i}/", "start": (2024, 4, 13), "end": None, "kind": "incident"}
            for i in range(P.MAX_LANES + 20)]
    assert f"; {20 - P.MAX_OVERFLOW_ROWS} not drawn, for want of room" in all_text(parse(P.timeline_strip(same)))


def test_timeline_single_item_empty_and_year_ticks():
    assert P.timeline_strip([]) == ""
    root = parse(P.timeline_strip(ITEMS[:1]))
    assert [a.get("href") for a in links(root)] == ["a/"]
    ticks = [t.text for t in root.iter(NS + "text") if "bk-tick-label" in classes(t)]
    assert ticks and all("Jan" in t for t in ticks)  # day ticks around 15 January
    long = [{"label": "Old", "url": "o/", "start": (2001, None, None), "end": None, "kind": "incident"}] + ITEMS
    ticks = [t.text for t in parse(P.timeline_strip(long)).iter(NS + "text") if "bk-tick-label" in classes(t)]
    assert "2001" in ticks or "2002" in ticks
    assert all(re.fullmatch(r"\d{4}", t) for t in ticks)


def test_timeline_escapes_and_is_deterministic():
    items = [dict(ITEMS[0], label=HOSTILE, kind="<x>"), dict(ITEMS[1], url='q?a=1&b="2"')]
    a = P.timeline_strip(items)
    assert a == P.timeline_strip([dict(i) for i in items])
    root = parse(a)
    check_no_script(root)
    assert "<script" not in a
    titles = [t.text for t in root.iter(NS + "title")]
    assert any(t.startswith(HOSTILE) for t in titles)
    assert 'q?a=1&b="2"' in {x.get("href") for x in links(root)}


def test_timeline_accepts_partial_date_objects_and_bad_days():
    from datetime import date

    items = [
        {"label": "d", "url": "d/", "start": date(2024, 2, 3), "end": None, "kind": "incident"},
        {"label": "feb30", "url": "f/", "start": (2023, 2, 30), "end": None, "kind": "incident"},
    ]
    root = parse(P.timeline_strip(items))
    assert len(links(root)) == 2


def test_timeline_ten_thousand_items_draws_what_can_be_seen_and_says_the_rest():
    items = [
        {"label": f"Item {i}", "url": f"x{i}/", "start": (2000 + i % 25, 1 + i % 12, 1 + i % 28), "end": None, "kind": "incident"}
        for i in range(10_000)
    ]
    svg = P.timeline_strip(items)
    root = parse(svg)
    labelled = [a for a in links(root) if a.find(NS + "text") is not None]
    assert 0 < len(labelled) < len(links(root)) < 10_000
    unplaced = re.search(r"; ([\d,]+) not drawn, for want of room", all_text(root))
    assert "more items in the last rows" in all_text(root) and unplaced
    assert len(links(root)) + int(unplaced.group(1).replace(",", "")) == 10_000
    # each drawn mark clears its row's others: none lies under another, out of reach
    unlabelled = [next(a.iter(NS + "circle")) for a in links(root) if a.find(NS + "text") is None]
    spots = [(c.get("cy"), c.get("cx")) for c in unlabelled]
    assert len(spots) == len(set(spots))


def test_every_assigned_country_code_has_a_name():
    """Filter pages and map captions say "Actors in Tuvalu": a code check accepts must have a name."""
    from briefkit.model import COUNTRIES
    from briefkit.navigation import country_name

    nameless = sorted(code for code in COUNTRIES if country_name(code) == code)
    assert nameless == []
    assert country_name("VA") == "Holy See" and country_name("IQ") == "Iraq"
    abbreviated = sorted(code for code in COUNTRIES if "." in country_name(code))  # Natural Earth's "S. Sudan"
    assert abbreviated == [] and country_name("SS") == "South Sudan"


def test_incidents_at_the_poles_and_the_180th_meridian_are_drawn_inside_the_overview_map():
    """lat ±90 and lon ±180 are valid (FORMAT.md): their points were drawn outside the picture (found by a tester)."""
    for points in ([(90, 10), (80, 12)], [(-90, -180), (90, 180), (0, 0)], [(89.9, 179.9), (-89.9, -179.9)]):
        svg = P.overview_map([{"lat": lat, "lon": lon, "label": f"{lat},{lon}", "url": "/i/", "precision": "exact"}
                                     for lat, lon in points], width=960, height=540)
        marks = re.findall(r'<circle class="bk-pt bk-pt-exact" cx="([-\d.]+)" cy="([-\d.]+)" r="3.5"/></a>', svg)
        assert len(marks) == len(points)
        assert all(3.5 <= float(x) <= 960 - 3.5 and 3.5 <= float(y) <= 540 - 3.5 for x, y in marks), marks


def test_a_period_whose_start_is_known_only_to_the_month_ends_at_its_end_date():
    """The seed's rocket attacks (2021-02 to 2021-02-25) were drawn to 1 March, past the US strikes of 25 February
    that answered them (a tester): the end bounds the bar, the start's month does not."""
    items = [{"label": "Rocket attacks", "url": "r/", "start": (2021, 2, None), "end": (2021, 2, 25), "kind": "incident"},
             {"label": "Strikes", "url": "s/", "start": (2021, 2, 26), "end": None, "kind": "incident"}]
    root = parse(P.timeline_strip(items))
    bar = next(a for a in links(root) if a.get("href") == "r/").find(NS + "rect")
    strikes = next(a for a in links(root) if a.get("href") == "s/").find(NS + "circle")
    assert "bk-tl-partial" in classes(bar)  # still drawn as a date not known to the day
    assert float(bar.get("x")) + float(bar.get("width")) <= float(strikes.get("cx")), "the bar runs past the next day"


def test_a_cut_label_ends_at_a_word_and_a_right_to_left_one_is_isolated():
    """An Arabic name cut in an SVG label showed its ellipsis beside its first word and a dangling letter at the
    other end: drawn in a left-to-right picture, the `…` took the right, where Arabic starts (a tester)."""
    arabic = P._truncate("حركة النجباء الإسلامية المقاومة في العراق", 11.0, 90.0)
    assert arabic.startswith("\u2067") and arabic.endswith("\u2026\u2069")  # isolated: the ellipsis ends the name
    assert arabic[1:-2] in ("حركة", "حركة النجباء")  # whole words only
    latin = P._truncate("Islamic Resistance in Iraq", 11.0, 90.0)
    assert latin.endswith("\u2026") and not latin.startswith(("\u2066", "\u2067"))  # nothing to isolate
    assert P._truncate("Rocket attacks on a base", 11.0, 100.0) == "Rocket attacks\u2026"  # not `Rocket attacks o…`
    assert P._truncate("Iraq", 11.0, 90.0) == "Iraq"
    # cut after its Arabic words, a mostly English title keeps the whole title's direction (a tester)
    mixed = "اندلاع القتال في السودان — Fighting erupts between the army and the Rapid Support Forces"
    assert P._truncate(mixed, 11.0, 200.0).startswith("\u2066") and P._truncate_middle(mixed, 11.0, 200.0).startswith("\u2066")


def test_a_briefing_and_an_incident_of_a_day_differ_in_shape_not_only_in_colour():
    """In print the picture's colours are black and grey, and the caption's "blue" and "red" told nothing; some
    readers cannot tell them apart on screen either (WCAG 1.4.1: a tester)."""
    items = [{"label": "A briefing", "url": "b/", "start": (2024, 3, 1), "end": None, "kind": "briefing"},
             {"label": "An incident", "url": "i/", "start": (2024, 3, 9), "end": None, "kind": "incident"}]
    root = parse(P.timeline_strip(items))
    marks = {a.get("href"): next(el for el in a if el.tag in (NS + "circle", NS + "rect")) for a in links(root)}
    assert marks["i/"].tag == NS + "circle" and marks["b/"].tag == NS + "rect"
    assert marks["b/"].get("transform", "").startswith("rotate(45")  # a diamond
    assert "bk-tl-point" in classes(marks["b/"])


def test_no_overview_point_is_under_the_legend():
    """The legend box was drawn over the plotted area, after the points: fitted with 12% padding, the
    south-westernmost incident (Buenos Aires beside Ukraine and Mumbai) always fell under it, hidden and unclickable."""
    cities = [(-34.6, -58.4), (-34.61, -58.38), (48.1, 38.6), (18.9, 72.8)]
    sets = [cities, [(33.3, 44.4), (36.2, 37.1)], [(0.0, 0.0)], [(-90, -180), (90, 180)], [(-60, -170), (70, 20)]]
    for points in sets:
        root = parse(P.overview_map([{"lat": lat, "lon": lon, "label": "x", "url": "/i/", "precision": prec}
                                     for lat, lon in points for prec in P.PRECISIONS], width=680, height=440))
        (legend,) = [g for g in root.iter(NS + "g") if "bk-legend" in classes(g)]
        (bg,) = [r for r in legend.iter(NS + "rect") if "bk-legend-bg" in classes(r)]
        lx0, ly0 = float(bg.get("x")), float(bg.get("y"))
        lx1, ly1 = lx0 + float(bg.get("width")), ly0 + float(bg.get("height"))
        assert ly1 <= float(root.get("viewBox").split()[3])  # the legend is inside the picture
        for a in links(root):
            (c,) = a.iter(NS + "circle")
            x, y, r = float(c.get("cx")), float(c.get("cy")), float(c.get("r"))
            assert x + r <= lx0 or x - r >= lx1 or y + r <= ly0 or y - r >= ly1, (points, x, y, (lx0, ly0, lx1, ly1))
        assert [t.text for t in legend.iter(NS + "text")] == ["Exact location", "Approximate", "Region only"]


def test_a_bar_that_fills_its_strip_still_has_its_label():
    """An incident dated 2006-10 alone in the 2006 strip filled the strip as a bar: no room on either side, and no
    label at all. With no room beside it, the label is drawn on the bar, over a halo, and stays inside the bar."""
    for start, end in (((2006, 10, None), None), ((2006, None, None), None), ((2020, 1, 1), (2020, 12, 31))):
        items = [{"label": "Bombing in Buenos Aires", "url": "ba/", "start": start, "end": end, "kind": "incident"}]
        root = parse(P.timeline_strip(items, width=680))
        (a,) = links(root)
        bar, label = a.find(NS + "rect"), a.find(NS + "text")
        assert label is not None and label.text == "Bombing in Buenos Aires", start
        assert label.get("text-anchor") == "middle" and "bk-halo" in classes(label)
        x0, w = float(bar.get("x")), float(bar.get("width"))
        assert abs(float(label.get("x")) - (x0 + w / 2)) < 0.1


def test_a_right_to_left_name_in_a_marks_tooltip_is_isolated():
    """A point's tooltip composed `name — date`: an Arabic name took the date into its run ("April 2024 1"; a tester).
    The name is isolated; a Latin one is left as it was."""
    svg = P.overview_map([{"lat": 33.9, "lon": 35.5, "label": "مرفأ بيروت", "url": "a/", "date_text": "4 August 2020",
                           "precision": "exact"},
                          {"lat": 36.2, "lon": 44.0, "label": "Erbil", "url": "b/", "date_text": "15 February 2021",
                           "precision": "exact"}])
    tips = re.findall(r"<a [^>]*><title>([^<]*)</title>", svg)
    assert sorted(tips) == ["Erbil \u2014 15 February 2021", "\u2067مرفأ بيروت\u2069 \u2014 4 August 2020"]


def _inside(lon: float, lat: float, lons, lats) -> bool:
    """Even-odd point in polygon."""
    inside, j = False, len(lons) - 1
    for i in range(len(lons)):
        if (lats[i] > lat) != (lats[j] > lat) and lon < (lons[j] - lons[i]) * (lat - lats[i]) / (lats[j] - lats[i]) + lons[i]:
            inside = not inside
        j = i
    return inside


def test_the_outlines_are_those_of_the_iso_codes_the_sheets_use():
    """Natural Earth's default view drew Crimea with Russia: an incident in Sevastopol with `country: "UA"`, ISO 3166's
    code there (UA-43), was drawn outside the highlighted Ukraine (a tester). Its ring is Ukraine's."""
    from briefkit.countries import _countries

    rings = {cc: found for cc, _, found in _countries() if cc in ("UA", "RU")}
    sevastopol, kyiv, moscow = (33.52, 44.6), (30.52, 50.45), (37.62, 55.75)
    assert any(_inside(*sevastopol, lons, lats) for lons, lats, _ in rings["UA"])
    assert not any(_inside(*sevastopol, lons, lats) for lons, lats, _ in rings["RU"])
    assert any(_inside(*kyiv, lons, lats) for lons, lats, _ in rings["UA"])
    assert any(_inside(*moscow, lons, lats) for lons, lats, _ in rings["RU"])
