"""Static SVG pictures for briefing pages, drawn at build time.

Pure functions: plain data in, an SVG string out (``""`` where a function says
so). No Pelican, no Jinja, no network, no global state other than the map data,
which is read once per process from ``briefkit/data/countries-50m.json``
(Natural Earth 1:50m admin-0 countries, public domain; see
``briefkit/data/NATURAL-EARTH-LICENSE.txt`` and ``scripts/vendor_natural_earth.py``).

* :func:`locator_map` -- small map locating one incident (on the shared
  base-map tiles of :func:`base_map_tiles`, or self-contained).
* :func:`overview_map` -- every located incident, each a link (the ``/map/`` page).
* :func:`relation_graph` -- an actor and its related actors, each a link.
* :func:`timeline_strip` -- items on a time axis in non-overlapping lanes, each a link.

The SVG is meant to be inlined in HTML5 pages. Every picture has a ``<title>``
and a ``<desc>`` referenced by ``aria-labelledby``; it has ``role="img"`` when
it holds no link and ``role="group"`` when it does. Links are SVG2 ``<a href>``
with exactly the URL the caller passed (no URL is ever built here); each link
has its own ``<title>`` (accessible name and tooltip); the only other URLs are
those of base-map tiles, the caller's *base_map* folder plus a tile name. All
text is XML-escaped.
Ids (``aria-labelledby`` targets, arrow markers) are derived from a hash of the
picture's content, so two different pictures on one page do not clash and the
output is byte-identical for the same input. Coordinates are rounded to 0.1.

Colours come only from CSS (the base-map tiles, being images, carry the same
colours in their own style sheet): the SVG carries classes, and :data:`STYLESHEET`
is a ready style sheet (light, dark via ``prefers-color-scheme``, and print)
that the theme should include. Text uses ``currentColor`` by default. Font
sizes are set as attributes because the layout depends on them; do not
override ``font-size`` in CSS. Classes:

Every picture
    ``bk-pic`` on the root ``<svg>``, plus ``bk-locator`` / ``bk-overview``
    (both also ``bk-map``), ``bk-graph`` or ``bk-timeline``; ``bk-note`` small
    explanatory text; ``bk-halo`` text drawn with a background-coloured halo.
Maps
    ``bk-sea`` background rectangle; ``bk-land`` a country (``data-cc`` holds
    its ISO alpha-2 code where it has one); ``bk-tiles`` the group of
    base-map ``<image>`` tiles; ``bk-land-hl`` the highlighted
    country; ``bk-frame`` outline of the picture; ``bk-marker`` plus
    ``bk-marker-exact`` / ``bk-marker-approximate`` / ``bk-marker-region`` the
    locator's marker (``bk-marker-dot`` its centre dot); ``bk-map-label`` the
    place name; ``bk-pt`` plus ``bk-pt-exact`` / ``bk-pt-approximate`` /
    ``bk-pt-region`` an overview point; ``bk-legend`` the overview's legend, in
    a band below the map (``bk-legend-bg`` the band's background).
Relation graph
    ``bk-edge`` plus ``bk-edge-out`` / ``bk-edge-in`` and ``bk-edge-TYPE``
    (e.g. ``bk-edge-backed-by``); ``bk-edge-label``; ``bk-arrow`` plus
    ``bk-arrow-out`` / ``bk-arrow-in`` (marker paths); ``bk-node`` plus
    ``bk-node-center`` and ``bk-node-KIND`` (e.g. ``bk-node-armed-group``);
    ``bk-node-label`` (``bk-node-center-label`` for the centre);
    ``bk-node-sub`` (a ``<tspan>``: the relation type beside a name when
    there are more than 12 neighbours and edges are not labelled).
Timeline
    ``bk-axis``; ``bk-tick``; ``bk-tick-label``; ``bk-grid``; ``bk-tl-item``
    plus ``bk-tl-KIND`` (e.g. ``bk-tl-briefing``, ``bk-tl-incident``) on each
    item's link; ``bk-tl-mark`` plus ``bk-tl-point`` (a single day),
    ``bk-tl-span`` (a period) or ``bk-tl-partial`` (a month- or year-only
    date drawn over its whole period); ``bk-tl-label`` (also ``bk-halo``, centred on
    its bar, when a bar leaves it no room on either side); ``bk-tl-overflow``
    the bottom row of unlabelled marks when there are more items than lanes.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import functools
import hashlib
import heapq
import math
import re
import unicodedata
from pathlib import Path
from typing import NamedTuple
from xml.sax.saxutils import escape as _sax_escape

from .bidi import isolated_text
from .countries import _countries, _country_names, in_a_sentence  # the map data
from .dates import MONTHS  # a mark's name and the description say dates in FORMAT.md's words; the ticks abbreviate
from .model import RELATION_WORDS

__all__ = [
    "STYLESHEET",
    "base_map_tiles",
    "escape",
    "locator_map",
    "overview_map",
    "relation_graph",
    "timeline_strip",
    "write_base_map",
]

SVG_NS = "http://www.w3.org/2000/svg"
_ID = "\x00ID\x00"  # placeholder replaced by a content hash
MAX_NEIGHBOURS = 40
MAX_LANES = 30
MAX_LABEL_CHARS = 40
PRECISIONS = ("exact", "approximate", "region")

# ---------------------------------------------------------------- helpers

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def escape(text: object) -> str:
    """XML-escape *text* for element content and double- or single-quoted attributes.

    Characters that XML 1.0 does not allow (most C0 controls, lone surrogates)
    are removed, since no escape can represent them.
    """
    return _escape_str("" if text is None else str(text))


@functools.lru_cache(maxsize=65536)  # names and URLs recur on many pages' pictures
def _escape_str(text: str) -> str:
    s = _INVALID_XML.sub("", text)
    return _sax_escape(s, {'"': "&quot;", "'": "&#39;"})


def _n(v: float) -> str:
    """A coordinate rounded to one decimal place, without a trailing ``.0``."""
    s = f"{v:.1f}"
    if s.endswith(".0"):
        s = s[:-2]
    return "0" if s == "-0" else s


def _token(text: object) -> str:
    """A safe CSS class fragment from an editor-supplied word."""
    return _token_of(str(text or ""))


@functools.lru_cache(maxsize=4096)
def _token_of(text: str) -> str:
    return re.sub(r"[^a-z0-9-]+", "-", text.lower()).strip("-")[:40] or "other"


@functools.lru_cache(maxsize=65536)  # the same names recur on many pages' pictures
def _text_width(text: str, size: float) -> float:
    """Rough width in px of *text* in a sans-serif face at *size* px."""
    w = 0.0
    for ch in text:
        if unicodedata.east_asian_width(ch) in "WF":
            w += 1.0
        elif ch in "iljtfrI.,;:'|! ":
            w += 0.34
        elif ch in "mwMW@%<>=+~#&":
            w += 0.9
        elif ch.isupper() or ch.isdigit():
            w += 0.7
        else:
            w += 0.6
    return w * size


@functools.lru_cache(maxsize=65536)
def _truncate(text: str, size: float, max_width: float, max_chars: int = MAX_LABEL_CHARS) -> str:
    """*text* on one line, cut with an ellipsis to fit *max_width* px (estimated), at a word's end when one is near;
    isolated (bidi.isolated_text, in the whole text's direction) when it holds right-to-left letters, so that the
    ellipsis ends an Arabic name on its left, not beside its first letter (a tester: `…ا حركة النجباء` read as cut at
    its start)."""
    text = whole = " ".join(str(text).split())
    if len(text) > max_chars:
        text = _at_word(text, max_chars - 1) + "\u2026"
    if _text_width(text, size) <= max_width:
        return isolated_text(text, whole)
    lo, hi = 0, len(text)
    while lo < hi:  # longest prefix that fits with an ellipsis
        mid = (lo + hi + 1) // 2
        if _text_width(text[:mid] + "\u2026", size) <= max_width:
            lo = mid
        else:
            hi = mid - 1
    return isolated_text(_at_word(text, lo) + "\u2026", whole) if lo else ""


@functools.lru_cache(maxsize=65536)
def _truncate_middle(text: str, size: float, max_width: float) -> str:
    """_truncate, cut in the middle: the name's beginning and its end, which tells apart names that begin alike
    ("Ministry of…of Iraq", "Ministry of…of Syria": three ministries cut at the end read the same, a tester)."""
    text = " ".join(str(text).split())
    if _text_width(text, size) <= max_width:
        return isolated_text(text)
    lo, hi = 0, len(text)
    while lo < hi:  # the most letters that fit, two fifths of them from the end
        mid = (lo + hi + 1) // 2
        if _text_width(_ends(text, mid), size) <= max_width:
            lo = mid
        else:
            hi = mid - 1
    return isolated_text(_ends(text, lo), text) if lo >= 6 else _truncate(text, size, max_width)


def _alike(cut: str, names: list[str]) -> bool:
    """True when a label cut at its end (`Ministry of…`) is the beginning of two or more of the names."""
    kept = cut.strip("\u2066\u2067\u2069")
    if not kept.endswith("\u2026"):
        return False
    return sum(name.startswith(kept[:-1]) for name in names) > 1


def _ends(text: str, keep: int) -> str:
    """keep letters of text, about three fifths from its beginning and two from its end (whole words at the end when
    they fit in half), joined by an ellipsis."""
    cut = len(text) - keep * 2 // 5
    tail = text[cut:]
    whole = text[text.rfind(" ", 0, cut) + 1 :]  # from the start of the word the tail would cut
    if len(whole) <= keep // 2:
        tail = whole
    elif 0 <= tail.find(" ") < len(tail) // 2:
        tail = tail[tail.find(" ") + 1 :]
    return _at_word(text, keep - len(tail)) + "\u2026" + tail


def _at_word(text: str, end: int) -> str:
    """text[:end], back to the last space when one is in its last third (no dangling letter of a cut word)."""
    space = text.rfind(" ", 0, end + 1)
    return (text[:space] if space >= end * 2 // 3 and space > 0 else text[:end]).rstrip()


_PREFIX = re.compile(r'aria-labelledby="([^"\s]+)_title ')


def svg_id(svg: str) -> str:
    """The prefix of a picture's own ids (_svg): a hash of its content, so unique on its page."""
    return _PREFIX.search(svg).group(1)


def _svg(body: str, *, kind: str, width: float, height: float, title: str, desc: str, links: bool) -> str:
    """Wrap *body* in the root element; ids are a hash of the whole content."""
    role = "group" if links else "img"
    head = (
        f'<svg xmlns="{SVG_NS}" class="bk-pic {kind}" role="{role}" '
        f'viewBox="0 0 {_n(width)} {_n(height)}" width="{_n(width)}" height="{_n(height)}" '
        f'aria-labelledby="{_ID}_title {_ID}_desc">'
        f'<title id="{_ID}_title">{escape(title)}</title>'
        f'<desc id="{_ID}_desc">{escape(desc)}</desc>'
    )
    out = head + body + "</svg>"
    digest = hashlib.sha1(out.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    prefix = kind.split()[-1].replace("bk-", "bk") + "-" + digest
    return out.replace(_ID, prefix)


def _link(url: object, inner: str, title: str, cls: str = "") -> str:
    c = f' class="{cls}"' if cls else ""
    t = f"<title>{escape(title)}</title>"
    if url:
        return f'<a href="{escape(url)}"{c}>{t}{inner}</a>'
    return f"<g{c}>{t}{inner}</g>"


def _clip(points: list[tuple[float, float]], x0: float, y0: float, x1: float, y1: float) -> list[tuple[float, float]]:
    """Sutherland-Hodgman clip of a closed ring to a rectangle."""
    for edge in range(4):
        if not points:
            break
        out = []
        px, py = points[-1]
        for cx, cy in points:
            if edge == 0:
                cin, pin = cx >= x0, px >= x0
            elif edge == 1:
                cin, pin = cx <= x1, px <= x1
            elif edge == 2:
                cin, pin = cy >= y0, py >= y0
            else:
                cin, pin = cy <= y1, py <= y1
            if cin != pin:
                if edge < 2:
                    xb = x0 if edge == 0 else x1
                    t = (xb - px) / (cx - px)
                    out.append((xb, py + t * (cy - py)))
                else:
                    yb = y0 if edge == 2 else y1
                    t = (yb - py) / (cy - py)
                    out.append((px + t * (cx - px), yb))
            if cin:
                out.append((cx, cy))
            px, py = cx, cy
        points = out
    return points


class _View:
    """Equirectangular projection with a standard parallel, fitted to a pixel box."""

    def __init__(self, clon: float, clat: float, kx: float, ky: float, width: float, height: float):
        self.clon, self.clat, self.kx, self.ky = clon, clat, kx, ky
        self.width, self.height = width, height

    @property
    def key(self) -> tuple[float, ...]:
        return (self.clon, self.clat, self.kx, self.ky, self.width, self.height)

    def x(self, lon: float) -> float:
        return self.width / 2 + (lon - self.clon) * self.kx

    def y(self, lat: float) -> float:
        return self.height / 2 - (lat - self.clat) * self.ky

    def lon_range(self) -> tuple[float, float]:
        half = self.width / 2 / self.kx
        return self.clon - half, self.clon + half

    def lat_range(self) -> tuple[float, float]:
        half = self.height / 2 / self.ky
        return self.clat - half, self.clat + half


def _make_view(lon0: float, lon1: float, lat0: float, lat1: float, width: float, height: float, *, parallel: float | None = None) -> _View:
    """A view showing at least the box lon0..lon1 x lat0..lat1, centred on it."""
    clon, clat = (lon0 + lon1) / 2, (lat0 + lat1) / 2
    cosphi = max(math.cos(math.radians(clat if parallel is None else parallel)), 0.3)
    k = min(width / max(lon1 - lon0, 1e-6) / cosphi, height / max(lat1 - lat0, 1e-6))
    kx, ky = k * cosphi, k
    half_lat = height / 2 / ky
    if half_lat < 90:  # keep the poles at the edges at most
        clat = min(max(clat, -90 + half_lat), 90 - half_lat)
    else:
        clat = 0.0
    # Rounded parameters make the output (and the cache key) stable.
    return _View(round(clon, 4), round(clat, 4), round(kx, 5), round(ky, 5), float(width), float(height))


@functools.lru_cache(maxsize=4096)  # locator maps on a snapped centre share views
def _land_paths(view_key: tuple[float, ...], skip: tuple[str, ...] = (), only: str | None = None) -> tuple[tuple[str | None, str], ...]:
    """Country outlines as (cc, path data) for one view, clipped and thinned.

    *skip* lists codes left out; *only*, when given, is the one code drawn.
    """
    view = _View(*view_key)
    lonmin, lonmax = view.lon_range()
    latmin, latmax = view.lat_range()
    margin = 3.0
    bx0, by0, bx1, by1 = -margin, -margin, view.width + margin, view.height + margin
    kx, ky = view.kx, view.ky
    ox, oy = view.width / 2 - view.clon * kx, view.height / 2 + view.clat * ky
    out: list[tuple[str | None, str]] = []
    for cc, _name, rings in _countries():
        if cc in skip or (only is not None and cc != only):
            continue
        parts: list[str] = []
        for shift in (0.0, -360.0, 360.0):
            for lons, lats, (rx0, ry0, rx1, ry1) in rings:
                if rx1 + shift < lonmin or rx0 + shift > lonmax or ry1 < latmin or ry0 > latmax:
                    continue
                if (rx1 - rx0) * kx < 0.6 and (ry1 - ry0) * ky < 0.6:
                    continue  # smaller than a pixel
                sx = ox + shift * kx
                pts = [(sx + lo * kx, oy - la * ky) for lo, la in zip(lons, lats)]
                px0, px1 = sx + rx0 * kx, sx + rx1 * kx
                py0, py1 = oy - ry1 * ky, oy - ry0 * ky
                if px0 < bx0 or px1 > bx1 or py0 < by0 or py1 > by1:
                    pts = _clip(pts, bx0, by0, bx1, by1)
                thinned: list[tuple[float, float]] = []
                lx = ly = math.inf
                for x, y in pts:
                    if abs(x - lx) + abs(y - ly) >= 1.0:
                        thinned.append((x, y))
                        lx, ly = x, y
                if len(thinned) < 3:
                    continue
                parts.append("M" + " ".join(f"{_n(x)} {_n(y)}" for x, y in thinned) + "Z")
        if parts:
            out.append((cc, "".join(parts)))
    return tuple(out)


def _land_layer(view: _View, highlight: str | None, skip: tuple[str, ...] = ()) -> str:
    hl = (highlight or "").upper() or None
    normal, top = [], []
    for cc, d in _land_paths(view.key, skip):
        attr = f' data-cc="{cc}"' if cc else ""
        if hl and cc == hl:
            top.append(f'<path class="bk-land bk-land-hl"{attr} fill-rule="evenodd" d="{d}"/>')
        else:
            normal.append(f'<path class="bk-land"{attr} fill-rule="evenodd" d="{d}"/>')
    return '<g class="bk-lands">' + "".join(normal) + "".join(top) + "</g>"


# ---------------------------------------------------------------- base-map tiles
#
# The world's land in squares of TILE_DEGREES, drawn once and published as static
# files (theme/static/maps/, see write_base_map), so that locator maps reference the
# few tiles they show instead of carrying their own copy of the countries. A tile is
# plate carrée at TILE_SCALE units per degree, with TILE_OVERLAP units drawn beyond
# each edge: neighbouring tiles overlap and meet without a seam. A locator map
# stretches each tile to its own projection (preserveAspectRatio="none"). A tile is an
# image, so it carries its own colours: those of .bk-land in STYLESHEET.

TILE_DEGREES = 30
TILE_SCALE = 20.0
TILE_OVERLAP = 2.0
_TILE_SIZE = TILE_DEGREES * TILE_SCALE + 2 * TILE_OVERLAP
_TILE_STYLE = (
    "path{fill:#f7f5f0;stroke:#b5b0a6;stroke-width:.75px;stroke-linejoin:round}"
    "@media (prefers-color-scheme:dark){path{fill:#2b2e33;stroke:#52565d}}"
    "@media print{path{fill:#fff;stroke:#888}}"
)


def tile_name(lat0: int, lon0: int) -> str:
    """File name of the tile whose south-west corner is lat0, lon0 (multiples of TILE_DEGREES): `n30e030.svg`."""
    return f"{'n' if lat0 >= 0 else 's'}{abs(lat0):02d}{'e' if lon0 >= 0 else 'w'}{abs(lon0):03d}.svg"


@functools.cache
def _tile_paths(lat0: int, lon0: int) -> str:
    """Path data of the land in one tile, in the tile's units ("" for open sea)."""
    half = TILE_DEGREES / 2
    view = _View(lon0 + half, lat0 + half, TILE_SCALE, TILE_SCALE, _TILE_SIZE, _TILE_SIZE)
    return "".join(d for _, d in _land_paths(view.key))


def base_map_tiles() -> dict[str, str]:
    """Every tile that holds land: file name -> SVG (deterministic; about 0.6 MB for the world)."""
    tiles = {}
    for lat0 in range(-90, 90, TILE_DEGREES):
        for lon0 in range(-180, 180, TILE_DEGREES):
            d = _tile_paths(lat0, lon0)
            if d:
                size = _n(_TILE_SIZE)
                tiles[tile_name(lat0, lon0)] = (
                    f'<svg xmlns="{SVG_NS}" viewBox="0 0 {size} {size}" width="{size}" height="{size}">'
                    f"<style>{_TILE_STYLE}</style><path fill-rule=\"evenodd\" d=\"{d}\"/></svg>\n"
                )
    return tiles


def write_base_map(folder: str) -> int:
    """Write base_map_tiles() into folder, removing tiles no longer made; the number written."""
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    tiles = base_map_tiles()
    for old in target.glob("*.svg"):
        if old.name not in tiles:
            old.unlink()
    for name, svg in tiles.items():
        (target / name).write_text(svg, encoding="utf-8")
    return len(tiles)


@functools.lru_cache(maxsize=4096)  # locator maps on a snapped centre share views
def _tile_layer(view_key: tuple[float, ...], base_map: str) -> str:
    """``<image>`` elements of the tiles a view shows, each stretched onto the view's projection."""
    view = _View(*view_key)
    lonmin, lonmax = view.lon_range()
    latmin, latmax = view.lat_range()
    t = TILE_DEGREES
    pad_x, pad_y = TILE_OVERLAP / TILE_SCALE * view.kx, TILE_OVERLAP / TILE_SCALE * view.ky
    images = []
    for lat0 in range(max(math.floor((latmin + 90) / t) * t - 90, -90), min(math.ceil(latmax), 90), t):
        for lon0 in range(math.floor((lonmin + 180) / t) * t - 180, math.ceil(lonmax), t):
            wrapped = (lon0 + 180) % 360 - 180  # the tile drawn here, a world away when the view crosses 180°
            if not _tile_paths(lat0, wrapped):
                continue
            x0, x1 = view.x(lon0) - pad_x, view.x(lon0 + t) + pad_x
            y0, y1 = view.y(lat0 + t) - pad_y, view.y(lat0) + pad_y
            images.append(
                f'<image href="{escape(base_map + tile_name(lat0, wrapped))}" x="{_n(x0)}" y="{_n(y0)}" '
                f'width="{_n(x1 - x0)}" height="{_n(y1 - y0)}" preserveAspectRatio="none"/>'
            )
    return '<g class="bk-lands bk-tiles">' + "".join(images) + "</g>"


def coord_text(lat: float, lon: float, digits: int = 1) -> str:
    """`36.2° N, 44.0° E`; the 180th meridian, east and west at once, has no E or W (it was `180.0° W` for lon: 180)."""
    ns = "N" if lat >= 0 else "S"
    ew = "" if abs(lon) == 180 else " E" if lon >= 0 else " W"
    return f"{abs(lat):.{digits}f}\u00b0 {ns}, {abs(lon):.{digits}f}\u00b0{ew}"


def _norm_lon(lon: float) -> float:
    return ((lon + 180.0) % 360.0) - 180.0


# ---------------------------------------------------------------- locator map


def locator_map(
    lat: float,
    lon: float,
    *,
    label: str,
    precision: str,
    country: str | None,
    width: int = 320,
    height: int = 200,
    center: tuple[float, float] | None = None,
    base_map: str | None = None,
) -> str:
    """A small map locating one incident (``role="img"``, no links).

    Shows about 24 degrees of longitude around the point, the incident's
    *country* (ISO alpha-2, may be ``None``) highlighted, and a dot
    (``precision`` ``exact``), a ring (``approximate``) or a large translucent
    circle (``region``) with *label* beside it. Raises ``ValueError`` for a
    non-finite coordinate. *center* ``(lat, lon)``, when given, centres the view
    there instead of on the point: a caller that snaps it to a grid (a few
    degrees at most from the point) lets maps of nearby places share the
    country outlines, drawn once per view.

    With *base_map*, the URL of the folder holding :func:`base_map_tiles`
    (such as ``"../../theme/maps/"``), the countries are not drawn into the
    picture: it shows the shared tiles of the world as ``<image>`` elements,
    and only the highlighted country as a path. Without it the picture is
    self-contained.
    """
    lat, lon = float(lat), float(lon)
    if not (math.isfinite(lat) and math.isfinite(lon)):
        raise ValueError("lat and lon must be finite numbers")
    lat = min(max(lat, -90.0), 90.0)
    lon = _norm_lon(lon)
    precision = precision if precision in PRECISIONS else "approximate"
    view = _locator_view(lat, lon, center, width, height)
    x, y = view.x(lon), view.y(lat)
    cc = (country or "").upper() or None
    body = [f'<rect class="bk-sea" width="{_n(width)}" height="{_n(height)}"/>']
    if base_map is None:
        body.append(_land_layer(view, cc))
    else:
        body.append(_tile_layer(view.key, base_map))
        body.extend(f'<path class="bk-land bk-land-hl" data-cc="{cc}" fill-rule="evenodd" d="{d}"/>'
                    for _, d in _land_paths(view.key, only=cc) if cc)
    r = _MARKER_RADIUS[precision]
    body.extend(_locator_marker(precision, x, y))
    body.extend(_locator_label(label, x, y, r, width, height))
    body.append(f'<rect class="bk-frame" width="{_n(width)}" height="{_n(height)}" fill="none"/>')
    title, desc = _locator_words(label, precision, lat, lon, in_a_sentence(cc) if cc in _country_names() else "")
    return _svg("".join(body), kind="bk-map bk-locator", width=width, height=height, title=title, desc=desc, links=False)


_MARKER_RADIUS = {"region": 22.0, "approximate": 9.0, "exact": 4.5}  # a locator map's marker, by precision


def _locator_view(lat: float, lon: float, center: tuple[float, float] | None, width: int, height: int) -> _View:
    """About 24 degrees of longitude around center (else the point), on the point's side of the 180th meridian."""
    vlat, vlon = (lat, lon) if center is None else (min(max(float(center[0]), -90.0), 90.0), float(center[1]))
    if not (math.isfinite(vlat) and math.isfinite(vlon)):
        vlat, vlon = lat, lon
    vlon = lon + ((vlon - lon + 180.0) % 360.0 - 180.0)  # the same meridian as the point, never a world away
    span = 24.0
    cosphi = max(math.cos(math.radians(min(max(vlat, -80.0), 80.0))), 0.3)
    kx = width / span
    ky = kx / cosphi
    half_lat = height / 2 / ky
    clat = min(max(vlat, -90 + half_lat), 90 - half_lat)
    return _View(round(vlon, 4), round(clat, 4), round(kx, 5), round(ky, 5), float(width), float(height))


def _locator_marker(precision: str, x: float, y: float) -> list[str]:
    """A dot (exact), a ring with a dot (approximate) or a large circle with a dot (region) at x, y."""
    r = _n(_MARKER_RADIUS[precision])
    if precision == "exact":
        return [f'<circle class="bk-marker bk-marker-exact" cx="{_n(x)}" cy="{_n(y)}" r="{r}"/>']
    dot = "2" if precision == "region" else "2.5"
    return [f'<circle class="bk-marker bk-marker-{precision}" cx="{_n(x)}" cy="{_n(y)}" r="{r}"/>',
            f'<circle class="bk-marker-dot" cx="{_n(x)}" cy="{_n(y)}" r="{dot}"/>']


def _locator_label(label: str, x: float, y: float, r: float, width: int, height: int) -> list[str]:
    """The label beside a marker of radius r: on the right when it fits or has more room, truncated to the room."""
    size = 12.0
    gap = r + 4
    room_right, room_left = width - 6 - (x + gap), x - gap - 6
    bold = 1.1  # the label is semi-bold: widen the estimate
    full = _text_width(" ".join(str(label).split()), size) * bold
    if full <= room_right or room_right >= room_left:
        text, tx, anchor = _truncate(label, size, room_right / bold), x + gap, "start"
    else:
        text, tx, anchor = _truncate(label, size, room_left / bold), x - gap, "end"
    if not text:
        return []
    ty = min(max(y + 4, 14.0), height - 6.0)
    return [f'<text class="bk-map-label bk-halo" x="{_n(tx)}" y="{_n(ty)}" text-anchor="{anchor}" '
            f'font-size="12" fill="currentColor">{escape(text)}</text>']


def _locator_words(label: str, precision: str, lat: float, lon: float, country_name: str) -> tuple[str, str]:
    """A locator map's title and description."""
    how = {"exact": "", "approximate": "approximately ", "region": "the region around "}[precision]
    title = f"Location of {label}: {how}{coord_text(lat, lon)}"
    where = f" in {country_name} (highlighted)" if country_name else ""
    marker = {
        "exact": "A dot marks the exact location.",
        "approximate": "A ring marks the approximate location.",
        "region": "A large shaded circle marks the region; the exact place is not known.",
    }[precision]
    return title, f"Map of the area around {label}{where}. {marker}"


# ---------------------------------------------------------------- overview map


_POINT_RADIUS = {"region": 7.0, "approximate": 4.0, "exact": 3.5}
_LEGEND = (("exact", 3.5, "Exact location"), ("approximate", 4.0, "Approximate"), ("region", 6.0, "Region only"))


def _overview_view(lons: list[float], lats: list[float], width: float, height: float) -> _View:
    if not lons:
        return _make_view(-180.0, 180.0, -58.0, 84.0, width, height, parallel=0.0)
    lon0, lon1 = min(lons), max(lons)
    lat0, lat1 = min(lats), max(lats)
    if lon1 - lon0 > 200:
        return _make_view(-180.0, 180.0, max(min(lat0 - 5, -58.0), -90), min(max(lat1 + 5, 84.0), 90), width, height, parallel=0.0)
    pad_lon = max((lon1 - lon0) * 0.12, 1.5)
    pad_lat = max((lat1 - lat0) * 0.12, 1.0)
    lon0, lon1, lat0, lat1 = lon0 - pad_lon, lon1 + pad_lon, lat0 - pad_lat, lat1 + pad_lat
    # At least a country-sized view, so that a single point has context.
    if lon1 - lon0 < 16:
        c = (lon0 + lon1) / 2
        lon0, lon1 = c - 8, c + 8
    if lat1 - lat0 < 9:
        c = (lat0 + lat1) / 2
        lat0, lat1 = c - 4.5, c + 4.5
    lat0, lat1 = max(lat0, -90.0), min(lat1, 90.0)  # a pole is a place: an incident there stays on the map
    return _make_view(lon0, lon1, lat0, lat1, width, height)


def overview_map(points: list[dict], *, width: int = 960, height: int = 540) -> str:
    """A map of every located incident; each point is a link with a ``<title>``.

    Each point is ``{lat, lon, label, url, date_text, precision}``. The view fits
    the points with some padding (the world if there are none, or if they span
    more than 200 degrees of longitude), above a band at the bottom of the
    picture that holds the legend. Points whose marks would overlap are spread
    on a small deterministic spiral so that each stays reachable; region circles
    are drawn under approximate ones, and those under exact dots. Points with a
    missing or non-finite coordinate are skipped.
    """
    valid = _located(points)
    places, band = _legend_places(width)
    # The legend has its own band below the map: drawn over the map, it hid the points fitted into its corner.
    map_h = height - band
    view = _overview_view([v[1] for v in valid], [v[0] for v in valid], width, map_h)
    # Antarctica is left out of overview maps unless an incident is near it.
    skip = () if any(v[0] < -55 for v in valid) else ("AQ",)
    body = [f'<rect class="bk-sea" width="{_n(width)}" height="{_n(map_h)}"/>', _land_layer(view, None, skip)]
    marks = []
    for x, y, prec, p in _spread(valid, view):
        label = str(p.get("label") or "")
        date_text = str(p.get("date_text") or "")
        tip = f"{isolated_text(label)} \u2014 {date_text}" if date_text else label  # its name isolated from the date
        if prec != "exact":
            tip += f" ({'approximate location' if prec == 'approximate' else 'region'})"
        circle = f'<circle class="bk-pt bk-pt-{prec}" cx="{_n(x)}" cy="{_n(y)}" r="{_n(_POINT_RADIUS[prec])}"/>'
        marks.append(_link(p.get("url"), circle, tip))
    body.append('<g class="bk-points">' + "".join(marks) + "</g>")
    body.append(_overview_legend(places, map_h, width, band))
    body.append(f'<rect class="bk-frame" width="{_n(width)}" height="{_n(height)}" fill="none"/>')
    n = len(valid)
    title = f"Map of {n:,} located incident{'s' if n != 1 else ''}" if n else "Map of incidents: none located"
    lo0, lo1 = view.lon_range()
    la0, la1 = view.lat_range()
    desc = (
        f"Each incident is a link marked on a map of country borders, showing "
        f"{coord_text(max(la0, -90), max(lo0, -180))} to {coord_text(min(la1, 90), min(lo1, 180))}. "
        "Dots are exact locations, rings approximate ones, large circles regions."
    )
    return _svg("".join(body), kind="bk-map bk-overview", width=width, height=height, title=title, desc=desc, links=any(p.get("url") for _, _, p in valid))


def _located(points: list[dict]) -> list[tuple[float, float, dict]]:
    """(lat, lon, point) of each point with finite coordinates, the latitude clamped and the longitude wrapped."""
    valid = []
    for p in points:
        try:
            la, lo = float(p["lat"]), float(p["lon"])
        except (KeyError, TypeError, ValueError):
            continue
        if not (math.isfinite(la) and math.isfinite(lo)):
            continue
        valid.append((min(max(la, -90.0), 90.0), _norm_lon(lo), p))
    return valid


def _spread(valid: list[tuple[float, float, dict]], view: _View) -> list[tuple[float, float, str, dict]]:
    """(x, y, precision, point) of each point, in drawing order (regions, then approximate, then exact); a point whose
    mark would sit on one placed before it moves to the nearest free spot about its place.

    Not only points at one position: two sheets' coordinates for one town, 0.2 px apart, drew one dot over the
    other, which no pointer could reach (a tester found 203 of 638 links unreachable on a generated map); and a mark
    moved from one place must not land on another's (a tester). A grid of _GRID px cells: each mark claims its cell
    and the eight about it, so two marks' centres stay at least a cell apart, each keeping a part a pointer can
    reach; a crowded map (thousands of incidents in a few hundred pixels) has no room for all, and past _SPREAD_TRIES
    cells a mark takes one of the cells about its place, by its number."""
    rank = {"region": 0, "approximate": 1, "exact": 2}
    claimed: set[tuple[int, int]] = set()
    going_on: dict[tuple[int, int], int] = {}  # a place's cell -> where its search goes on (the next in one town)
    placed = []
    for i, (la, lo, p) in enumerate(valid):
        x0, y0 = view.x(lo), view.y(la)
        prec = p.get("precision") if p.get("precision") in PRECISIONS else "approximate"
        home = (int(x0 // _GRID), int(y0 // _GRID))
        spot = home
        if home in claimed:  # the nearest free cell, else (a crowded map) one about it, not all on one spot
            start = going_on.get(home, 0)
            free = next((step for step in range(start, min(len(_AROUND), start + _SPREAD_TRIES))
                         if (home[0] + _AROUND[step][0], home[1] + _AROUND[step][1]) not in claimed), None)
            going_on[home] = start + _SPREAD_TRIES if free is None else free + 1
            dx, dy = _AROUND[free if free is not None else i % len(_AROUND)]
            spot = (home[0] + dx, home[1] + dy)
        x, y = x0 + (spot[0] - home[0]) * _GRID, y0 + (spot[1] - home[1]) * _GRID
        claimed.update((spot[0] + dx, spot[1] + dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1))
        # Inside the map, the whole mark: a pole, or the 180th meridian of a world view, is its edge (and below
        # the bottom edge lies the legend's band)
        inset = max(_POINT_RADIUS[prec], 4.0)
        x, y = min(max(x, inset), view.width - inset), min(max(y, inset), view.height - inset)
        placed.append((rank[prec], i, x, y, prec, p))
    placed.sort(key=lambda t: (t[0], t[1]))
    return [(x, y, prec, p) for _, _, x, y, prec, p in placed]


_GRID = 4.0  # px: a mark claims a square of three cells a side, so no other centre comes within a cell of its own
# The cells about a place, nearest first (then by angle: the same order in every run), out to 30 cells (120 px)
_AROUND = sorted(((dx, dy) for dx in range(-30, 31) for dy in range(-30, 31) if 0 < dx * dx + dy * dy <= 900),
                 key=lambda d: (d[0] * d[0] + d[1] * d[1], math.atan2(d[1], d[0])))
_SPREAD_TRIES = 400  # cells a point tries: on a crowded map, past them it takes one, overlapping others


def _legend_places(width: float) -> tuple[list[tuple[float, int]], float]:
    """(x, row) of each legend entry's symbol, and the height of the legend's band."""
    places, x, row = [], 14.0, 0
    for _, _, text in _LEGEND:
        w = 12 + _text_width(text, 11)
        if x > 14 and x + w > width - 8:  # a narrow picture: the next row rather than past its edge
            x, row = 14.0, row + 1
        places.append((x, row))
        x += w + 22
    return places, 8.0 + 18 * (row + 1)


def _overview_legend(places: list[tuple[float, int]], top: float, width: float, band: float) -> str:
    """The key to the three kinds of point, in its band (_legend_places) from top to the bottom of the picture."""
    out = [f'<g class="bk-legend"><rect class="bk-legend-bg" x="0" y="{_n(top)}" width="{_n(width)}" '
           f'height="{_n(band)}"/>']
    for (prec, r, text), (x, row) in zip(_LEGEND, places):
        cy = top + 13 + 18 * row
        out.append(f'<circle class="bk-pt bk-pt-{prec}" cx="{_n(x)}" cy="{_n(cy)}" r="{_n(r)}"/>'
                   f'<text class="bk-note" x="{_n(x + 12)}" y="{_n(cy + 4)}" font-size="11" fill="currentColor">{text}</text>')
    return "".join(out) + "</g>"


# ---------------------------------------------------------------- relation graph

def _type_text(t: str, incoming: bool = False) -> str:
    """A relation type in words, read from its source (`opposes`), or from its target (`opposed by`)."""
    words = RELATION_WORDS.get(t)
    return words[incoming] if words else str(t).replace("-", " ")


def relation_graph(center: dict, nodes: list[dict], edges: list[dict], *, width: int = 640, height: int = 420) -> str:
    """An actor's relations as a radial graph; ``""`` if *nodes* is empty.

    *center* and each of *nodes* is ``{id, label, url, kind}``; each edge is
    ``{source, target, type, direction}``. An arrow is drawn from ``source`` to
    ``target`` (read "source TYPE target", e.g. "Hezbollah backed-by Iran");
    ``direction`` (``out``: the centre actor's own relation, ``in``: another
    actor's relation to it) only chooses the style (``bk-edge-out`` /
    ``bk-edge-in``). Neighbours sit on an ellipse sorted by (relation type,
    label), starting at the top and going clockwise; at most
    ``MAX_NEIGHBOURS`` are drawn, with a "+N more" note. Edges whose ends are
    not both drawn are left out; duplicate edges are drawn once.
    """
    cid = str(center.get("id"))
    by_id: dict[str, dict] = {}
    for nd in nodes:
        by_id.setdefault(str(nd.get("id")), nd)
    by_id.pop(cid, None)
    if not by_id:
        return ""
    clean = _graph_edges(edges)
    types_of = _graph_types(clean, cid, by_id)
    order = sorted(by_id, key=lambda nid: _graph_rank(nid, types_of.get(nid, []), by_id[nid]))
    shown, more = order[:MAX_NEIGHBOURS], max(len(order) - MAX_NEIGHBOURS, 0)
    graph = _Graph(cid, shown, types_of, {cid: _label_of(center)} | {nid: _label_of(by_id[nid]) for nid in shown},
                   labelled=len(shown) <= 12, width=width, height=height, lowered=8 if more else 0)
    edge_svg, label_svg, sentences = graph.edges(clean)
    markers = "".join(
        f'<marker id="{_ID}_arr_{d}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        f'orient="auto-start-reverse" markerUnits="userSpaceOnUse"><path class="bk-arrow bk-arrow-{d}" d="M0 1L10 5L0 9z"/></marker>'
        for d in ("out", "in")
    )
    body = [f"<defs>{markers}</defs>", '<g class="bk-edges">' + "".join(edge_svg) + "</g>",
            '<g class="bk-edge-labels">' + "".join(label_svg) + "</g>"]
    labels = graph.labels()
    node_svg = [graph.node(nid, by_id[nid], labels[nid]) for nid in shown]
    node_svg.append(graph.centre(center))  # last, on top
    body.append('<g class="bk-nodes">' + "".join(node_svg) + "</g>")
    if more:
        body.append(
            f'<text class="bk-note" x="{_n(width - 8)}" y="{_n(height - 8)}" text-anchor="end" font-size="11" '
            f'fill="currentColor">+{more} more not shown</text>'
        )
    title = f"Relations of {graph.name[cid]}"
    desc = (f"{len(order):,} related actor{'s' if len(order) != 1 else ''}. " + "; ".join(sentences) + ".") if sentences else f"{len(order):,} related actors."
    if more:
        desc += f" {more} more not shown."
    return _svg("".join(body), kind="bk-graph", width=width, height=height, title=title, desc=desc, links=True)


def _label_of(node: dict) -> str:
    """A node's label on one line (its id when it has none)."""
    return " ".join(str(node.get("label") or node.get("id") or "").split())


def _graph_edges(edges: list[dict]) -> list[tuple[str, str, str, str]]:
    """(source, target, type, direction) of each edge, once each, loops left out."""
    seen: set[tuple[str, str, str]] = set()
    clean = []
    for e in edges:
        s, t, typ = str(e.get("source")), str(e.get("target")), str(e.get("type") or "")
        if (s, t, typ) in seen or s == t:
            continue
        seen.add((s, t, typ))
        clean.append((s, t, typ, "in" if e.get("direction") == "in" else "out"))
    return clean


def _graph_types(clean: list[tuple[str, str, str, str]], cid: str, by_id: dict[str, dict]) -> dict[str, list[str]]:
    """The relations linking each neighbour to the centre, in words read from the centre, as the list below the
    picture says them: "opposes" Israel, "opposed by" Yemen (each had been "opposes", beside the name on either side:
    "Yemen opposes" where the record says Iran is opposed by it, a tester)."""
    types_of: dict[str, list[str]] = {}
    for s, t, typ, _ in clean:
        other = t if s == cid else s if t == cid else None
        if other in by_id:
            types_of.setdefault(other, []).append(_type_text(typ, incoming=other == s))
    return types_of


def _graph_rank(nid: str, types: list[str], node: dict) -> tuple:
    """Where a neighbour sits on the ellipse: linked ones first, by relation type, then by label."""
    ts = sorted(types)
    return (0 if ts else 1, ts[0] if ts else "", _label_of(node).casefold(), _label_of(node), nid)


class _Graph:
    """The layout of one relation graph: where the centre and each shown neighbour sit, and how they are drawn."""

    R_CENTRE, R_NODE = 13.0, 7.0

    def __init__(self, cid: str, shown: list[str], types_of: dict[str, list[str]], name: dict[str, str], *,
                 labelled: bool, width: int, height: int, lowered: int):
        """labelled: few neighbours, on a ring with labelled edges (else in two columns); lowered: room for a note."""
        self.cid, self.shown, self.types_of, self.name = cid, shown, types_of, name
        self.labelled, self.width = labelled, width
        self.cx, self.cy = width / 2, height / 2 - lowered
        self.pos: dict[str, tuple[float, float, float]] = {cid: (self.cx, self.cy, 0.0)}
        if labelled:
            self._ring(width / 2 - 120, height / 2 - 44 - lowered)
        else:
            self._columns(min(width / 2 - 190, 150.0), height / 2 - 18 - lowered)

    def _ring(self, rx: float, ry: float) -> None:
        """Evenly spaced angles on an ellipse, clockwise from the top."""
        n = len(self.shown)
        start = -math.pi / 2 if n >= 3 else 0.0
        for i, nid in enumerate(self.shown):
            a = start + 2 * math.pi * i / n
            self.pos[nid] = (self.cx + rx * math.cos(a), self.cy + ry * math.sin(a), a)

    def _columns(self, rx: float, ry: float) -> None:
        """Evenly spaced rows on the two halves of an ellipse (clockwise from the top), every label beside its
        node, so that no two labels share a row."""
        n = len(self.shown)
        right = (n + 1) // 2
        for i, nid in enumerate(self.shown):
            k, j, side = (right, i, 1.0) if i < right else (n - right, n - 1 - i, -1.0)
            t = -1 + (2 * j + 1) / k
            x = self.cx + side * rx * math.sqrt(max(1 - t * t, 0.0))
            self.pos[nid] = (x, self.cy + ry * t, 0.0 if side > 0 else math.pi)

    def radius(self, nid: str) -> float:
        """The radius of a node's circle."""
        return self.R_CENTRE if nid == self.cid else self.R_NODE

    def edges(self, clean: list[tuple[str, str, str, str]]) -> tuple[list[str], list[str], list[str]]:
        """The edges between drawn nodes (paths, their labels, and a sentence each), grouped by unordered pair so
        that parallel edges curve apart."""
        pairs: dict[tuple[str, str], list[tuple[str, str, str, str]]] = {}
        for e in clean:
            if e[0] in self.pos and e[1] in self.pos:
                pairs.setdefault(tuple(sorted((e[0], e[1]))), []).append(e)
        cid, shown = self.cid, self.shown
        edge_svg, label_svg, sentences = [], [], []
        for key in sorted(pairs, key=lambda k: (0 if cid in k else 1, shown.index(k[1] if k[0] == cid else k[0]) if cid in k else 0, k)):
            group = sorted(pairs[key], key=lambda e: (e[2], e[0], e[1]))
            for j, edge in enumerate(group):
                # Offset so that the canonical pair orientation decides the side.
                sign = 1.0 if (edge[0], edge[1]) == key else -1.0
                path, label, sentence = self._edge(edge, (j - (len(group) - 1) / 2) * 26.0 * sign, j - (len(group) - 1) / 2)
                edge_svg.append(path)
                label_svg.extend(label)
                sentences.append(sentence)
        return edge_svg, label_svg, sentences

    def _edge(self, edge: tuple[str, str, str, str], off: float, rank: float = 0.0) -> tuple[str, list[str], str]:
        """One edge bent off pixels from the straight line: its path, its label (if edges are labelled), its sentence.
        rank: its place among the edges of its pair (0 in the middle), which moves its label up or down as far as the
        edge runs up or down: the curves of an upright pair part sideways, and their labels, side by side on one line,
        read "parspeaks for" (a tester)."""
        s, t, typ, direction = edge
        x1, y1, _ = self.pos[s]
        x2, y2, _ = self.pos[t]
        dx, dy = x2 - x1, y2 - y1
        dist = math.hypot(dx, dy) or 1.0
        ux, uy = dx / dist, dy / dist
        mx, my = (x1 + x2) / 2 - uy * off, (y1 + y2) / 2 + ux * off
        qx, qy = 2 * mx - (x1 + x2) / 2, 2 * my - (y1 + y2) / 2  # control point
        # Shorten both ends to the node circles (direction towards the control point).
        ax, ay = qx - x1, qy - y1
        la = math.hypot(ax, ay) or 1.0
        bx, by = qx - x2, qy - y2
        lb = math.hypot(bx, by) or 1.0
        sx, sy = x1 + ax / la * (self.radius(s) + 2), y1 + ay / la * (self.radius(s) + 2)
        ex, ey = x2 + bx / lb * (self.radius(t) + 3), y2 + by / lb * (self.radius(t) + 3)
        if off == 0:
            d = f"M{_n(sx)} {_n(sy)}L{_n(ex)} {_n(ey)}"
        else:
            d = f"M{_n(sx)} {_n(sy)}Q{_n(qx)} {_n(qy)} {_n(ex)} {_n(ey)}"
        sentence = f"{self.name[s]} {_type_text(typ)} {self.name[t]}"
        path = (f'<path class="bk-edge bk-edge-{direction} bk-edge-{_token(typ)}" fill="none" stroke="currentColor" '
                f'marker-end="url(#{_ID}_arr_{direction})" d="{d}"><title>{escape(sentence)}</title></path>')
        if not self.labelled:
            return path, [], sentence
        tt = 0.6 if s == self.cid else 0.4 if t == self.cid else 0.5
        lx = (1 - tt) ** 2 * x1 + 2 * (1 - tt) * tt * qx + tt * tt * x2
        ly = (1 - tt) ** 2 * y1 + 2 * (1 - tt) * tt * qy + tt * tt * y2
        if off == 0:
            lx, ly = x1 + (x2 - x1) * tt, y1 + (y2 - y1) * tt
        ly += rank * 14.0 * abs(uy)
        label = (f'<text class="bk-edge-label bk-halo" x="{_n(lx)}" y="{_n(ly + 3.5)}" text-anchor="middle" '
                 f'font-size="10" fill="currentColor">{escape(_type_text(typ))}</text>')
        return path, [label], sentence

    def _place(self, nid: str) -> tuple[str, float, float, float]:
        """(text-anchor, x, y, room in px) of a neighbour's label: beside its node on the sides, above or below it at
        the top and the bottom."""
        x, y, a = self.pos[nid]
        ca, sa = math.cos(a), math.sin(a)
        if ca > 0.35:
            return "start", x + self.R_NODE + 4, y + 4, self.width - (x + self.R_NODE + 4) - 4 - 8
        if ca < -0.35:
            return "end", x - self.R_NODE - 4, y + 4, x - self.R_NODE - 4 - 4 - 8
        return "middle", x, y - self.R_NODE - 5 if sa < 0 else y + self.R_NODE + 12, 150.0 - 8  # 8: the estimate's margin

    def _kinds(self, nid: str) -> str:
        """A neighbour's relations to the centre, in words read from the centre (_graph_types)."""
        return " \u00b7 ".join(sorted(set(self.types_of.get(nid, []))))

    def labels(self) -> dict[str, tuple[str, str]]:
        """(name, relation types) each neighbour's label shows, cut to its room: at the end, or, where two names cut
        so would read the same ("Ministry of Defence…" three times: a tester), in the middle, keeping their ends."""
        shown: dict[str, tuple[str, str, float]] = {}
        for nid in self.shown:
            room, kinds = self._place(nid)[3], ("" if self.labelled else self._kinds(nid))
            sub = _truncate(kinds, 9.5, room * 0.45, 30) if kinds else ""
            room -= _text_width(" " + sub, 9.5) if sub else 0.0
            shown[nid] = (_truncate(self.name[nid], 11.0, room, 28), sub, room)
        names = [" ".join(self.name[nid].split()) for nid in self.shown]
        return {nid: (_truncate_middle(self.name[nid], 11.0, min(room, _text_width("x" * 28, 11.0)))
                      if _alike(text, names) else text, sub) for nid, (text, sub, room) in shown.items()}

    def node(self, nid: str, nd: dict, label: tuple[str, str]) -> str:
        """A neighbour: its circle and label (with its relation types when edges are not labelled), as a link."""
        x, y, _ = self.pos[nid]
        anchor, tx, ty, _ = self._place(nid)
        text, sub_text = label
        parts = [f'<circle class="bk-node bk-node-{_token(nd.get("kind"))}" cx="{_n(x)}" cy="{_n(y)}" r="{_n(self.R_NODE)}"/>']
        if text:
            # In columns the relation goes before the name, on either side: "opposed by Yemen", read from the centre
            sub_span = f'<tspan class="bk-node-sub" font-size="9.5">{escape(sub_text)}</tspan> ' if sub_text else ""
            content = sub_span + escape(text)
            parts.append(
                f'<text class="bk-node-label bk-halo" x="{_n(tx)}" y="{_n(ty)}" text-anchor="{anchor}" '
                f'font-size="11" fill="currentColor">{content}</text>'
            )
        kinds = self._kinds(nid)
        tip = f"{kinds} {isolated_text(self.name[nid])}" if kinds else self.name[nid]  # "opposed by Yemen", as listed
        return _link(nd.get("url"), "".join(parts), tip)

    def centre(self, center: dict) -> str:
        """The centre actor: a larger circle, its name in bold below; no link, for it is the page's own actor (a link
        to the page itself was one more stop for the keyboard, read as "link", a tester)."""
        cx, cy, name = self.cx, self.cy, self.name[self.cid]
        clabel = _truncate(name, 13, self.width * 0.4, 40)
        cparts = [f'<circle class="bk-node bk-node-center bk-node-{_token(center.get("kind"))}" cx="{_n(cx)}" cy="{_n(cy)}" r="{_n(self.R_CENTRE)}"/>']
        if clabel:
            cparts.append(
                f'<text class="bk-node-label bk-node-center-label bk-halo" x="{_n(cx)}" y="{_n(cy + self.R_CENTRE + 15)}" '
                f'text-anchor="middle" font-size="13" font-weight="bold" fill="currentColor">{escape(clabel)}</text>'
            )
        return _link(None, "".join(cparts), name)


# ---------------------------------------------------------------- timeline

_MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")  # the axis's ticks


def _parts(value: object) -> tuple[int, int | None, int | None]:
    """(year, month or None, day or None) from a tuple, a date or a PartialDate-like object."""
    if isinstance(value, _dt.date):
        return value.year, value.month, value.day
    if hasattr(value, "year") and not isinstance(value, (tuple, list)):
        return int(value.year), getattr(value, "month", None) or None, getattr(value, "day", None) or None
    seq = list(value) + [None, None]  # type: ignore[arg-type]
    y, m, d = seq[0], seq[1], seq[2]
    return int(y), (int(m) if m else None), (int(d) if d and m else None)


def _period(value: object) -> tuple[int, int, bool, str]:
    """(first ordinal day, last ordinal day, partial?, text) of a possibly partial date."""
    return _period_of(*_parts(value))


@functools.lru_cache(maxsize=65536)  # the same dates recur on many pages' timelines
def _period_of(y: int, m: int | None, d: int | None) -> tuple[int, int, bool, str]:
    y = min(max(y, 1), 9999)
    if m is None:
        return _dt.date(y, 1, 1).toordinal(), _dt.date(y, 12, 31).toordinal(), True, str(y)
    m = min(max(m, 1), 12)
    last = calendar.monthrange(y, m)[1]
    if d is None:
        return _dt.date(y, m, 1).toordinal(), _dt.date(y, m, last).toordinal(), True, f"{MONTHS[m - 1]} {y}"
    d = min(max(d, 1), last)
    o = _dt.date(y, m, d).toordinal()
    return o, o, False, f"{d} {MONTHS[m - 1]} {y}"


def _ticks(d0: float, d1: float, plot_w: float) -> list[tuple[int, str]]:
    """(ordinal, label) of axis ticks between ordinal days d0 and d1."""
    span = d1 - d0
    px_per_day = plot_w / span
    first = _dt.date.fromordinal(max(int(math.floor(d0)), 1))
    last = _dt.date.fromordinal(min(int(math.ceil(d1)), _dt.date.max.toordinal()))
    ticks: list[tuple[int, str]] = []
    if span >= 730:
        step = next((s for s in (1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000, 2000) if s * 365.25 * px_per_day >= 44), 5000)
        y = (first.year // step) * step
        while y <= last.year:
            if y >= 1:
                o = _dt.date(y, 1, 1).toordinal()
                if d0 <= o <= d1:
                    ticks.append((o, str(y)))
            y += step
    elif span >= 62:
        step = next((s for s in (1, 2, 3, 6) if s * 30.4 * px_per_day >= 40), 12)
        y, m = first.year, first.month
        shown_year = False
        while (y, m) <= (last.year, last.month):
            if (m - 1) % step == 0:
                o = _dt.date(y, m, 1).toordinal()
                if d0 <= o <= d1:
                    text = f"{_MONTH_ABBR[m - 1]} {y}" if (m == 1 or not shown_year) else _MONTH_ABBR[m - 1]
                    shown_year = True
                    ticks.append((o, text))
            m += 1
            if m > 12:
                y, m = y + 1, 1
    else:
        step = next((s for s in (1, 2, 7, 14) if s * px_per_day >= 72), 28)
        o = first.toordinal()
        shown_year = False
        while o <= last.toordinal():
            day = _dt.date.fromordinal(o)
            if d0 <= o <= d1 and (step < 7 and (o - first.toordinal()) % step == 0 or step >= 7 and day.weekday() == 0 and ((o // 7) % (step // 7) == 0)):
                text = f"{day.day} {_MONTH_ABBR[day.month - 1]}"
                if not shown_year or (day.month == 1 and day.day <= step):
                    text += f" {day.year}"
                    shown_year = True
                ticks.append((o, text))
            o += 1
    return ticks


def timeline_strip(items: list[dict], *, width: int = 960, row_height: int = 22) -> str:
    """A horizontal timeline of *items*, oldest on the left; ``""`` if there are none.

    Each item is ``{label, url, start, end, kind}`` where ``start`` and ``end``
    are ``(year, month or None, day or None)`` (``end`` may be ``None``). A
    single day is a dot; a period, or a month- or year-only date, is a bar over
    its whole period. Labels sit beside their marks in lanes assigned greedily
    so that no two overlap; at most ``MAX_LANES`` lanes are labelled, and
    items that find no free lane are drawn, unlabelled but still linked, in
    rows below, apart from each other (up to ``MAX_OVERFLOW_ROWS``; those left over are not drawn). The axis has year ticks, month ticks for spans under two years
    and day ticks for spans under two months. The height follows the lanes.
    """
    if not items:
        return ""
    recs = [_timeline_record(it) for it in items]
    scale = _Scale(recs, 10.0, width - 10.0)
    # at one place, in the order given (the timeline's: an event before its response, a tester), not by title
    placed = sorted((_timeline_mark(scale, idx, rec, width) for idx, rec in enumerate(recs)),
                    key=lambda p: (p[0], p[1], p[2], p[5]))
    lanes, nlanes = _lanes(placed)
    rows, nrows = _overflow_rows(placed, lanes)
    unplaced = rows.count(-1)
    overflow = lanes.count(-1) - unplaced
    axis_y, top = 24.0, 32.0
    over_y = top + nlanes * row_height + (6 if overflow else 0)
    height = over_y + nrows * _OVERFLOW_ROW + (row_height - _OVERFLOW_ROW if overflow else 0) + (18 if overflow else 4) + 4
    body = _timeline_axis(scale, axis_y, height, width)
    marks = []
    for p, lane, row in zip(placed, lanes, rows):
        if row < 0:
            continue
        cy = over_y + row * _OVERFLOW_ROW + row_height / 2 if lane < 0 else top + lane * row_height + row_height / 2
        marks.append(_timeline_item(p, cy, labelled=lane >= 0))
    body.append('<g class="bk-tl-items">' + "".join(marks) + "</g>")
    if overflow:
        rows_word = "the last row" if nrows == 1 else "the last rows"
        body.append(
            f'<text class="bk-note" x="{_n(scale.left)}" y="{_n(height - 6)}" font-size="10" fill="currentColor">'
            f"{overflow} more item{'s' if overflow != 1 else ''} in {rows_word}, unlabelled (each mark is a link)"
            + (f"; {unplaced:,} not drawn, for want of room</text>" if unplaced else "</text>")
        )
    n = len(recs)
    # The dates as written, to the day, month or year each is known: "From 1 August 2023" for `2023-08` told screen
    # readers a day no editor wrote (a tester)
    _, _, partial, first_text = _period(min(recs, key=lambda r: r[0])[5].get("start"))
    last_item = max(recs, key=lambda r: r[1])[5]
    last_text = _period(last_item.get("end") or last_item.get("start"))[3]
    title = f"Timeline of {n:,} item{'s' if n != 1 else ''}"
    desc = (
        (f"{'In' if partial else 'On'} {first_text}" if first_text == last_text else f"From {first_text} to {last_text}")
        + ", oldest on the left. Dots are single days; bars are periods or dates known only to the month or year."
    )
    links = any(str(it.get("url") or "") for it in items)
    return _svg("".join(body), kind="bk-timeline", width=width, height=height, title=title, desc=desc, links=links)


def _timeline_record(item: dict) -> tuple[int, int, bool, str, str, dict]:
    """(first day, day after the last, partial?, date text, label, item) of a timeline item."""
    s0, s1, sp, stext = _period(item.get("start"))
    end = item.get("end")
    if end:
        e0, e1, ep, etext = _period(end)
        partial = sp or ep
        # The end bounds the period even where the start's month or year runs on: `2021-02` to `2021-02-25` ends on
        # the 25th, not with February (drawn to 1 March, it ran past the strikes that answered it: a tester).
        first, last = s0, max(e1, s0)
        text = f"{stext} \u2013 {etext}" if (s0, s1) != (e0, e1) else stext
    else:
        first, last, partial, text = s0, s1, sp, stext
    return first, last + 1, partial, text, " ".join(str(item.get("label") or "").split()), item


class _Scale:
    """The days a timeline shows (its items', padded; at least a month) and their x between left and right."""

    def __init__(self, recs: list[tuple], left: float, right: float):
        d0 = min(r[0] for r in recs)
        d1 = max(r[1] for r in recs)
        span = d1 - d0
        if span < 30:
            mid = (d0 + d1) / 2
            d0, d1 = mid - 15, mid + 15
        else:
            pad = span * 0.02
            d0, d1 = d0 - pad, d1 + pad
        self.d0, self.d1, self.left, self.right = d0, d1, left, right
        self.width = right - left
        self.factor = self.width / (d1 - d0)

    def x(self, day: float) -> float:
        """The x of an ordinal day."""
        return self.left + (day - self.d0) * self.factor


class _Mark(NamedTuple):
    """A timeline item placed on the x axis: sorted by its first six fields, then given a lane."""

    a: float  # the left of what it occupies (mark and label)
    first: int
    stop: int
    label: str
    url: str
    idx: int
    b: float  # the right of what it occupies
    mx0: float  # the mark's left and right
    mx1: float
    point: bool  # a single day: a dot
    partial: bool
    shown: str  # the label as drawn (truncated to the room)
    anchor: str
    tx: float
    text: str
    item: dict


def _timeline_mark(scale: _Scale, idx: int, rec: tuple, width: float) -> _Mark:
    """Where an item's mark and label go on the x axis (a label on the right when it fits, else on the left, else on
    its bar when more of it fits there)."""
    first, stop, partial, text, label, item = rec
    size, left, right = 11.0, scale.left, scale.right
    xa, xb = scale.x(first), scale.x(stop)
    point = (stop - first == 1) and not partial
    if point:
        mx0, mx1 = xa + (xb - xa) / 2 - 4, xa + (xb - xa) / 2 + 4
    else:
        if xb - xa < 3:
            c = (xa + xb) / 2
            xa, xb = c - 1.5, c + 1.5
        mx0, mx1 = xa, xb
    shown = _truncate(label, size, max(right - mx1 - 6, mx0 - left - 6, 0.0))
    tw = _text_width(shown, size)
    on_bar = _truncate(label, size, mx1 - mx0 - 8) if not point and shown != label else ""
    if len(on_bar) > len(shown):  # a long bar: its label on it rather than cut to "T…" beside it (a tester)
        shown = on_bar
        anchor, tx, a, b = "middle", (mx0 + mx1) / 2, mx0 - 2, mx1 + 2
    elif not shown:
        anchor, tx, a, b = "start", mx1 + 5, mx0 - 2, mx1 + 2
    elif mx1 + 5 + tw <= width - 2:
        anchor, tx, a, b = "start", mx1 + 5, mx0 - 2, mx1 + 5 + tw + 8
    else:
        anchor, tx, a, b = "end", mx0 - 5, mx0 - 5 - tw - 8, mx1 + 2
    return _Mark(a, first, stop, label, str(item.get("url") or ""), idx, b, mx0, mx1, point, partial, shown, anchor, tx,
                 text, item)


def _lanes(placed: list[_Mark]) -> tuple[list[int], int]:
    """Each mark's lane (-1: none free, the last row) and the number of lanes: greedily, the lowest free lane."""
    busy: list[tuple[float, int]] = []
    free: list[int] = []
    nlanes = 0
    lanes: list[int] = []
    for p in placed:
        while busy and busy[0][0] <= p.a:
            heapq.heappush(free, heapq.heappop(busy)[1])
        if free:
            lane = heapq.heappop(free)
        elif nlanes < MAX_LANES:
            lane, nlanes = nlanes, nlanes + 1
        else:
            lanes.append(-1)
            continue
        lanes.append(lane)
        heapq.heappush(busy, (p.b, lane))
    return lanes, nlanes


_OVERFLOW_ROW, MAX_OVERFLOW_ROWS = 12, 8  # the unlabelled marks' rows: a mark's height apart, at most so many


def _overflow_rows(placed: list[_Mark], lanes: list[int]) -> tuple[list[int], int]:
    """The row of each mark that found no lane (0 for the others), and the number of such rows: the lowest row where
    its mark clears the others' (in one row, marks of one day lay on top of each other, and 57 of a generated
    timeline's links could not be seen or clicked: a tester); -1 for none when MAX_OVERFLOW_ROWS are full."""
    rows, ends = [0] * len(placed), []  # ends: the right end of each row's last mark, in order of the marks' left ends
    for i in sorted((i for i, lane in enumerate(lanes) if lane < 0), key=lambda i: (placed[i].mx0, i)):
        mark = placed[i]
        row = next((r for r, end in enumerate(ends) if end <= mark.mx0 - 5), None)
        if row is None and len(ends) < MAX_OVERFLOW_ROWS:
            row = len(ends)
            ends.append(0.0)
        if row is None:  # no room: not drawn (19,820 marks of an actor's 20,000 incidents lay on top of each
            rows[i] = -1  # other in the last row, 4 MB of links no one could see or click: a tester)
            continue
        ends[row] = max(ends[row], mark.mx1 + 5)
        rows[i] = row
    return rows, len(ends)


def _timeline_axis(scale: _Scale, axis_y: float, height: float, width: float) -> list[str]:
    """The axis, its ticks and their labels, and the grid lines down to height."""
    body = []
    ticks = _ticks(scale.d0, scale.d1, scale.width)
    grid, tks = [], []
    for o, text in ticks:
        x = scale.x(o)
        grid.append(f"M{_n(x)} {_n(axis_y)}V{_n(height - 4)}")
        if x + 3 + _text_width(text, 10) > width:
            continue  # no room for the label at the right edge; the tick stays
        tks.append(
            f'<text class="bk-tick-label" x="{_n(x + 3)}" y="{_n(axis_y - 8)}" font-size="10" fill="currentColor">{escape(text)}</text>'
        )
    if grid:
        body.append(f'<path class="bk-grid" fill="none" stroke="currentColor" d="{"".join(grid)}"/>')
    body.append(f'<path class="bk-axis" fill="none" stroke="currentColor" d="M{_n(scale.left)} {_n(axis_y)}H{_n(scale.right)}"/>')
    if ticks:
        body.append(
            '<path class="bk-tick" fill="none" stroke="currentColor" d="'
            + "".join(f"M{_n(scale.x(o))} {_n(axis_y - 4)}V{_n(axis_y + 4)}" for o, _ in ticks)
            + '"/>'
        )
    body.append('<g class="bk-tick-labels">' + "".join(tks) + "</g>")
    return body


def _timeline_item(p: _Mark, cy: float, *, labelled: bool) -> str:
    """One item's mark (a dot or a bar) at height cy, and its label when labelled, as a link."""
    cx = (p.mx0 + p.mx1) / 2
    if p.point and p.item.get("kind") == "briefing":  # a diamond: told from an incident's dot without colour (print)
        mark = (f'<rect class="bk-tl-mark bk-tl-point" x="{_n(cx - 4)}" y="{_n(cy - 4)}" width="8" height="8" '
                f'transform="rotate(45 {_n(cx)} {_n(cy)})"/>')
    elif p.point:
        mark = f'<circle class="bk-tl-mark bk-tl-point" cx="{_n(cx)}" cy="{_n(cy)}" r="4"/>'
    else:
        cls = "bk-tl-partial" if p.partial else "bk-tl-span"
        mark = (
            f'<rect class="bk-tl-mark {cls}" x="{_n(p.mx0)}" y="{_n(cy - 4)}" width="{_n(p.mx1 - p.mx0)}" '
            f'height="8" rx="2"/>'
        )
    inner = mark
    if labelled and p.shown:
        # On its bar, the label has a halo of the background's colour: it stays legible over the bar's fill.
        halo = " bk-halo" if p.anchor == "middle" else ""
        inner += (
            f'<text class="bk-tl-label{halo}" x="{_n(p.tx)}" y="{_n(cy + 4)}" text-anchor="{p.anchor}" '
            f'font-size="11" fill="currentColor">{escape(p.shown)}</text>'
        )
    cls = f"bk-tl-item bk-tl-{_token(p.item.get('kind'))}" + ("" if labelled else " bk-tl-overflow")
    return _link(p.url, inner, f"{isolated_text(p.label)} ({p.text})" if p.label else p.text, cls)


# ---------------------------------------------------------------- style sheet

STYLESHEET = """\
/* briefkit pictures (briefkit/pictures.py). Light, dark and print. */
.bk-pic { --bk-bg: #ffffff; --bk-sea: #e3eaf0; --bk-land: #f7f5f0; --bk-land-hl: #e8dcc4;
  --bk-border: #b5b0a6; --bk-hl-border: #8c7a5b; --bk-accent: #b3261e; --bk-accent-2: #3d5a80;
  --bk-muted: #6b6b6b; --bk-grid: #e6e6e6;
  max-width: 100%; height: auto; display: block; font-family: inherit; color: inherit; }
@media (prefers-color-scheme: dark) {
  .bk-pic { --bk-bg: #16181b; --bk-sea: #1c2833; --bk-land: #2b2e33; --bk-land-hl: #4a4232;
    --bk-border: #52565d; --bk-hl-border: #a89270; --bk-accent: #ff7b6e; --bk-accent-2: #8fb3e0;
    --bk-muted: #a3a3a3; --bk-grid: #2c2f33; }
}
.bk-pic text { fill: currentColor; }
.bk-halo { paint-order: stroke; stroke: var(--bk-bg); stroke-width: 3px; stroke-linejoin: round; }
.bk-note, .bk-tick-label, .bk-node-sub { fill: var(--bk-muted); }
.bk-sea { fill: var(--bk-sea); }
.bk-land { fill: var(--bk-land); stroke: var(--bk-border); stroke-width: .5px; stroke-linejoin: round; }
.bk-land-hl { fill: var(--bk-land-hl); stroke: var(--bk-hl-border); stroke-width: .8px; }
.bk-frame { stroke: var(--bk-border); stroke-width: 1px; }
.bk-map-label { font-weight: 600; }
.bk-marker-exact { fill: var(--bk-accent); stroke: var(--bk-bg); stroke-width: 1.5px; }
.bk-marker-approximate { fill: var(--bk-accent); fill-opacity: .18; stroke: var(--bk-accent); stroke-width: 1.5px; }
.bk-marker-region { fill: var(--bk-accent); fill-opacity: .16; stroke: var(--bk-accent); stroke-width: 1px; stroke-dasharray: 3 2; }
.bk-marker-dot { fill: var(--bk-accent); }
.bk-pt { stroke: var(--bk-bg); stroke-width: .8px; }
.bk-pt-exact { fill: var(--bk-accent); }
.bk-pt-approximate { fill: var(--bk-accent); fill-opacity: .35; stroke: var(--bk-accent); stroke-width: 1px; }
.bk-pt-region { fill: var(--bk-accent); fill-opacity: .15; stroke: var(--bk-accent); stroke-width: .8px; }
.bk-legend-bg { fill: var(--bk-bg); stroke: var(--bk-border); stroke-width: .5px; }
.bk-pic a:hover .bk-pt, .bk-pic a:focus .bk-pt { stroke: currentColor; stroke-width: 2px; }
.bk-pic a:focus { outline: none; }
.bk-pic a:focus-visible > :not(title) { outline: 2px solid var(--bk-accent-2); }
.bk-edge { stroke: var(--bk-muted); stroke-width: 1.2px; }
.bk-edge-in { stroke-dasharray: 4 3; }
.bk-edge-opposes { stroke: var(--bk-accent); }
.bk-arrow { fill: var(--bk-muted); }
.bk-edge-label { fill: var(--bk-muted); font-style: italic; }
.bk-node { fill: var(--bk-land-hl); stroke: var(--bk-hl-border); stroke-width: 1.2px; }
.bk-node-person { fill: var(--bk-bg); }
.bk-node-state, .bk-node-government-body { fill: #c9d6e3; stroke: var(--bk-accent-2); }
.bk-node-armed-group { fill: #efc9c3; stroke: var(--bk-accent); }
.bk-node-center { stroke-width: 2.5px; }
.bk-pic a:hover .bk-node, .bk-pic a:focus .bk-node { stroke: currentColor; stroke-width: 2.5px; }
.bk-pic a:hover .bk-node-label, .bk-pic a:hover .bk-tl-label { text-decoration: underline; }
.bk-axis { stroke: var(--bk-muted); stroke-width: 1px; }
.bk-tick { stroke: var(--bk-muted); stroke-width: 1px; }
.bk-grid { stroke: var(--bk-grid); stroke-width: 1px; }
.bk-tl-mark { fill: var(--bk-accent-2); }
.bk-tl-incident .bk-tl-mark { fill: var(--bk-accent); }
.bk-tl-partial { fill-opacity: .35; stroke: currentColor; stroke-width: .8px; stroke-dasharray: 2 2; }
.bk-tl-overflow .bk-tl-mark { fill-opacity: .45; }
@media (prefers-color-scheme: dark) {
  .bk-node-state, .bk-node-government-body { fill: #2d3f55; }
  .bk-node-armed-group { fill: #5a2d29; }
}
@media print {
  .bk-pic { --bk-bg: #ffffff; --bk-sea: #eeeeee; --bk-land: #ffffff; --bk-land-hl: #d9d9d9;
    --bk-border: #888888; --bk-hl-border: #444444; --bk-accent: #000000; --bk-accent-2: #444444;
    --bk-muted: #444444; --bk-grid: #dddddd; color: #000000; }
  .bk-node-state, .bk-node-government-body, .bk-node-armed-group { fill: #ffffff; }
}
"""


if __name__ == "__main__":  # `python -m briefkit.pictures [FOLDER]`: rewrite the base-map tiles (theme/static/maps/)
    import sys

    _folder = sys.argv[1] if len(sys.argv) > 1 else str(Path(__file__).resolve().parent.parent / "theme" / "static" / "maps")
    print(f"{write_base_map(_folder)} tiles in {_folder}")
