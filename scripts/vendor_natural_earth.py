#!/usr/bin/env python3
"""Produce ``briefkit/data/countries-50m.json`` from the npm package world-atlas.

This script documents (and reproduces) how the vendored map data was made.
Nothing is fetched when a site is built: the output file is committed.

Source: the npm package ``world-atlas@2.0.2`` (Mike Bostock, ISC licence),
file ``countries-50m.json``: a TopoJSON conversion of Natural Earth's
1:50m "Admin 0 - Countries" (public domain, https://www.naturalearthdata.com/).

Usage (run from the repository root)::

    python scripts/vendor_natural_earth.py                 # runs `npm pack world-atlas@2.0.2`
    python scripts/vendor_natural_earth.py --tarball /tmp/world-atlas-2.0.2.tgz

What it does:

1. decodes the TopoJSON arcs (delta-encoded, quantised; negative arc index
   ``~i`` means arc ``i`` reversed) into longitude/latitude rings;
2. maps world-atlas' ISO 3166-1 *numeric* ids to alpha-2 codes with the table
   below (features without an id -- Kosovo, N. Cyprus, Somaliland, ... -- get
   ``null`` and are drawn but cannot be highlighted);
3. unwraps rings that cross the antimeridian (Russia, Fiji) so that
   longitudes run continuously past 180 degrees;
4. simplifies each ring with Douglas-Peucker (tolerance ``TOLERANCE`` degrees)
   and drops rings that collapse;
5. draws the outlines of the ISO 3166-1 codes the fact sheets use (FORMAT.md), where
   Natural Earth's default view draws control on the ground: Crimea is Ukraine's
   (ISO 3166-2:UA-43), so its ring moves from Russia to Ukraine (``iso_outlines``; an
   incident placed in Sevastopol with ``country: "UA"`` was drawn outside the
   highlighted Ukraine, and with ``"RU"`` inside Russia: a tester);
6. writes compact JSON: each ring is a flat list of integers in units of
   ``1 / SCALE`` degrees, the first pair absolute and the rest as deltas.

Output format (``format`` = 1)::

    {"format": 1, "scale": 100, "source": ..., "licence": ...,
     "countries": [{"cc": "IQ" | null, "name": "Iraq",
                    "rings": [[x0, y0, dx1, dy1, ...], ...]}, ...]}

Rings are listed without regard to holes: the renderer fills with the
``evenodd`` rule, which is correct for Natural Earth's admin-0 polygons
(a hole such as Lesotho inside South Africa is a separate feature on top).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PACKAGE = "world-atlas@2.0.2"
MEMBER = "package/countries-50m.json"
LICENCE_MEMBER = "package/LICENSE"
SCALE = 100  # integer units per degree (0.01 degree, about 1.1 km)
TOLERANCE = 0.02  # Douglas-Peucker tolerance in degrees
OUT = Path(__file__).resolve().parent.parent / "briefkit" / "data" / "countries-50m.json"

# ISO 3166-1 numeric -> alpha-2, only for the ids present in countries-50m.json.
NUMERIC_TO_ALPHA2 = {
    "004": "AF", "008": "AL", "010": "AQ", "012": "DZ", "016": "AS", "020": "AD",
    "024": "AO", "028": "AG", "031": "AZ", "032": "AR", "036": "AU", "040": "AT",
    "044": "BS", "048": "BH", "050": "BD", "051": "AM", "052": "BB", "056": "BE",
    "060": "BM", "064": "BT", "068": "BO", "070": "BA", "072": "BW", "076": "BR",
    "084": "BZ", "086": "IO", "090": "SB", "092": "VG", "096": "BN", "100": "BG",
    "104": "MM", "108": "BI", "112": "BY", "116": "KH", "120": "CM", "124": "CA",
    "132": "CV", "136": "KY", "140": "CF", "144": "LK", "148": "TD", "152": "CL",
    "156": "CN", "158": "TW", "170": "CO", "174": "KM", "178": "CG", "180": "CD",
    "184": "CK", "188": "CR", "191": "HR", "192": "CU", "196": "CY", "203": "CZ",
    "204": "BJ", "208": "DK", "212": "DM", "214": "DO", "218": "EC", "222": "SV",
    "226": "GQ", "231": "ET", "232": "ER", "233": "EE", "234": "FO", "238": "FK",
    "239": "GS", "242": "FJ", "246": "FI", "248": "AX", "250": "FR", "258": "PF",
    "260": "TF", "262": "DJ", "266": "GA", "268": "GE", "270": "GM", "275": "PS",
    "276": "DE", "288": "GH", "296": "KI", "300": "GR", "304": "GL", "308": "GD",
    "316": "GU", "320": "GT", "324": "GN", "328": "GY", "332": "HT", "334": "HM",
    "336": "VA", "340": "HN", "344": "HK", "348": "HU", "352": "IS", "356": "IN",
    "360": "ID", "364": "IR", "368": "IQ", "372": "IE", "376": "IL", "380": "IT",
    "384": "CI", "388": "JM", "392": "JP", "398": "KZ", "400": "JO", "404": "KE",
    "408": "KP", "410": "KR", "414": "KW", "417": "KG", "418": "LA", "422": "LB",
    "426": "LS", "428": "LV", "430": "LR", "434": "LY", "438": "LI", "440": "LT",
    "442": "LU", "446": "MO", "450": "MG", "454": "MW", "458": "MY", "462": "MV",
    "466": "ML", "470": "MT", "478": "MR", "480": "MU", "484": "MX", "492": "MC",
    "496": "MN", "498": "MD", "499": "ME", "500": "MS", "504": "MA", "508": "MZ",
    "512": "OM", "516": "NA", "520": "NR", "524": "NP", "528": "NL", "531": "CW",
    "533": "AW", "534": "SX", "540": "NC", "548": "VU", "554": "NZ", "558": "NI",
    "562": "NE", "566": "NG", "570": "NU", "574": "NF", "578": "NO", "580": "MP",
    "583": "FM", "584": "MH", "585": "PW", "586": "PK", "591": "PA", "598": "PG",
    "600": "PY", "604": "PE", "608": "PH", "612": "PN", "616": "PL", "620": "PT",
    "624": "GW", "626": "TL", "630": "PR", "634": "QA", "642": "RO", "643": "RU",
    "646": "RW", "652": "BL", "654": "SH", "659": "KN", "660": "AI", "662": "LC",
    "663": "MF", "666": "PM", "670": "VC", "674": "SM", "678": "ST", "682": "SA",
    "686": "SN", "688": "RS", "690": "SC", "694": "SL", "702": "SG", "703": "SK",
    "704": "VN", "705": "SI", "706": "SO", "710": "ZA", "716": "ZW", "724": "ES",
    "728": "SS", "729": "SD", "732": "EH", "740": "SR", "748": "SZ", "752": "SE",
    "756": "CH", "760": "SY", "762": "TJ", "764": "TH", "768": "TG", "776": "TO",
    "780": "TT", "784": "AE", "788": "TN", "792": "TR", "795": "TM", "796": "TC",
    "800": "UG", "804": "UA", "807": "MK", "818": "EG", "826": "GB", "831": "GG",
    "832": "JE", "833": "IM", "834": "TZ", "840": "US", "850": "VI", "854": "BF",
    "858": "UY", "860": "UZ", "862": "VE", "876": "WF", "882": "WS", "887": "YE",
    "894": "ZM",
}


def fetch_tarball(workdir: Path) -> Path:
    """Run ``npm pack`` (the npm registry's ordinary client) into *workdir*."""
    out = subprocess.run(
        ["npm", "pack", PACKAGE, "--silent"], cwd=workdir, check=True,
        capture_output=True, text=True,
    ).stdout.strip().splitlines()[-1]
    return workdir / out


def decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)
    return arcs


def ring_from_arcs(indices: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    ring: list[tuple[float, float]] = []
    for i in indices:
        pts = arcs[~i][::-1] if i < 0 else arcs[i]
        if ring:
            pts = pts[1:]  # shared joint point
        ring.extend(pts)
    return ring


def douglas_peucker(pts: list[tuple[float, float]], tol: float) -> list[tuple[float, float]]:
    """Iterative Douglas-Peucker on an open polyline (keeps both ends)."""
    n = len(pts)
    if n < 3:
        return list(pts)
    keep = [False] * n
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    tol2 = tol * tol
    while stack:
        a, b = stack.pop()
        ax, ay = pts[a]
        bx, by = pts[b]
        dx, dy = bx - ax, by - ay
        seg2 = dx * dx + dy * dy
        best, best_i = -1.0, -1
        for i in range(a + 1, b):
            px, py = pts[i]
            if seg2 == 0:
                d2 = (px - ax) ** 2 + (py - ay) ** 2
            else:
                t = ((px - ax) * dx + (py - ay) * dy) / seg2
                t = max(0.0, min(1.0, t))
                qx, qy = ax + t * dx - px, ay + t * dy - py
                d2 = qx * qx + qy * qy
            if d2 > best:
                best, best_i = d2, i
        if best > tol2:
            keep[best_i] = True
            stack.append((a, best_i))
            stack.append((best_i, b))
    return [p for p, k in zip(pts, keep) if k]


def unwrap(ring: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Make a ring that crosses the antimeridian continuous (longitudes may pass 180).

    Natural Earth cuts Russia and Fiji at +-180 degrees; walking the ring and
    adding 360 after each jump keeps it one shape (Chukotka lies at 180..191),
    and the renderer draws copies shifted by +-360 where needed.
    """
    out = []
    shift = 0.0
    prev = None
    for x, y in ring:
        if prev is not None:
            if x + shift - prev > 180:
                shift -= 360
            elif x + shift - prev < -180:
                shift += 360
        out.append((x + shift, y))
        prev = x + shift
    if out and min(x for x, _ in out) >= 180:  # keep the ring's start in -180..180
        out = [(x - 360, y) for x, y in out]
    return out


def simplify_ring(ring: list[tuple[float, float]], tol: float) -> list[tuple[int, int]] | None:
    if len(ring) > 1 and ring[0] == ring[-1]:
        ring = ring[:-1]
    if len(ring) < 3:
        return None
    # Split the closed ring at the point farthest from the first one so that
    # Douglas-Peucker works on two open halves (it needs distinct end points).
    x0, y0 = ring[0]
    far = max(range(len(ring)), key=lambda i: (ring[i][0] - x0) ** 2 + (ring[i][1] - y0) ** 2)
    first = douglas_peucker(ring[: far + 1], tol)
    second = douglas_peucker(ring[far:] + [ring[0]], tol)
    pts = first + second[1:-1]
    out: list[tuple[int, int]] = []
    for x, y in pts:
        q = (round(x * SCALE), round(y * SCALE))
        if not out or out[-1] != q:
            out.append(q)
    while len(out) > 1 and out[-1] == out[0]:
        out.pop()
    if len(out) < 3:
        return None
    return out


def encode(ring: list[tuple[int, int]]) -> list[int]:
    flat = [ring[0][0], ring[0][1]]
    px, py = ring[0]
    for x, y in ring[1:]:
        flat += [x - px, y - py]
        px, py = x, y
    return flat


# Rings drawn for another code than Natural Earth's default view gives them: (from, to, box of the ring in degrees)
ISO_MOVES = (("RU", "UA", (32.3, 44.3, 36.8, 46.3)),)  # Crimea
ISO_NOTE = "outlines of the ISO 3166-1 codes: Crimea drawn with Ukraine"


def iso_outlines(countries: list[dict]) -> list[dict]:
    """The countries with each ring of ISO_MOVES (one lying wholly inside its box) moved to the code ISO gives it."""
    by_code = {c["cc"]: c for c in countries}
    for source, target, (west, south, east, north) in ISO_MOVES:
        kept = []
        for flat in by_code[source]["rings"]:
            xs, ys = _running(flat[0::2]), _running(flat[1::2])
            inside = west * SCALE <= min(xs) and max(xs) <= east * SCALE and south * SCALE <= min(ys) and max(ys) <= north * SCALE
            (by_code[target]["rings"] if inside else kept).append(flat)
        by_code[source]["rings"] = kept
    return countries


def _running(deltas: list[int]) -> list[int]:
    """The running sums of a ring's first value and its deltas: its coordinates."""
    total, out = 0, []
    for delta in deltas:
        total += delta
        out.append(total)
    return out


def build(topo: dict) -> dict:
    arcs = decode_arcs(topo)
    countries = []
    for geom in topo["objects"]["countries"]["geometries"]:
        gid = geom.get("id")
        name = geom.get("properties", {}).get("name", "")
        if gid is not None and gid not in NUMERIC_TO_ALPHA2:
            raise SystemExit(f"no alpha-2 code for numeric id {gid} ({name})")
        cc = NUMERIC_TO_ALPHA2.get(gid) if gid is not None else None
        if geom["type"] == "Polygon":
            polygons = [geom["arcs"]]
        elif geom["type"] == "MultiPolygon":
            polygons = geom["arcs"]
        else:
            continue
        rings = []
        for polygon in polygons:
            for ring_arcs in polygon:
                ring = simplify_ring(unwrap(ring_from_arcs(ring_arcs, arcs)), TOLERANCE)
                if ring is not None:
                    rings.append(encode(ring))
        if rings:
            countries.append({"cc": cc, "name": name, "rings": rings})
    # Stable order: by code (features without one last), then name.
    countries.sort(key=lambda c: (c["cc"] is None, c["cc"] or "", c["name"]))
    return iso_outlines(countries)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tarball", type=Path, help="world-atlas-2.0.2.tgz (default: run npm pack)")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        tarball = args.tarball or fetch_tarball(Path(tmp))
        raw = tarball.read_bytes()
        with tarfile.open(fileobj=io.BytesIO(raw), mode="r:gz") as tar:
            topo = json.load(tar.extractfile(MEMBER))
            licence = tar.extractfile(LICENCE_MEMBER).read().decode()
    if "ISC" not in licence and "Permission to use, copy, modify" not in licence:
        raise SystemExit("unexpected world-atlas licence text")
    data = {
        "format": 1,
        "scale": SCALE,
        "source": (
            f"Natural Earth 1:50m Admin 0 - Countries (public domain), via npm {PACKAGE} "
            f"countries-50m.json (tarball sha256 {hashlib.sha256(raw).hexdigest()}); "
            f"simplified (Douglas-Peucker {TOLERANCE} deg) by scripts/vendor_natural_earth.py; {ISO_NOTE}"
        ),
        "licence": "Natural Earth data: public domain. world-atlas: ISC. See NATURAL-EARTH-LICENSE.txt",
        "countries": build(topo),
    }
    text = json.dumps(data, separators=(",", ":"), ensure_ascii=False, sort_keys=False)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text + "\n", encoding="utf-8")
    npts = sum(len(r) // 2 for c in data["countries"] for r in c["rings"])
    print(f"wrote {args.out} ({len(text.encode()):,} bytes, {len(data['countries'])} features, {npts:,} points)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
