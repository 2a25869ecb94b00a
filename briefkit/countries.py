"""The vendored Natural Earth countries (data/countries-50m.json): names, codes, outlines and their boxes.

Apart from pictures.py, which draws the maps, so that checking a sheet (a country's name, a point's place) imports
none of the picture code and what it imports (XML escaping pulls in urllib and ssl, whose classes a check left as
garbage the collector must find: tests/test_security_load.py).
"""

from __future__ import annotations

import functools
import itertools
import json
from pathlib import Path

_DATA_FILE = Path(__file__).resolve().parent / "data" / "countries-50m.json"


@functools.cache
def _country_data() -> dict:
    """The vendored Natural Earth countries as stored: names, codes and delta-encoded rings. Read once."""
    return json.loads(_DATA_FILE.read_text("utf-8"))


@functools.cache
def _countries() -> tuple[tuple[str | None, str, tuple[tuple[tuple[float, ...], tuple[float, ...], tuple[float, float, float, float]], ...]], ...]:
    """(cc, name, rings) per feature; a ring is (lons, lats, bbox). Decoded once."""
    raw = _country_data()
    scale = float(raw["scale"])
    return tuple((feature["cc"], feature["name"], tuple(_ring(flat, scale) for flat in feature["rings"]))
                 for feature in raw["countries"])


def _ring(flat: list[int], scale: float) -> tuple[tuple[float, ...], tuple[float, ...], tuple[float, float, float, float]]:
    """(lons, lats, bbox) of one stored ring: x0, y0, dx1, dy1, …, whose running sums give the points."""
    lons = tuple([x / scale for x in itertools.accumulate(flat[0::2])])
    lats = tuple([y / scale for y in itertools.accumulate(flat[1::2])])
    return lons, lats, (min(lons), min(lats), max(lons), max(lats))


@functools.cache
def country_boxes(code: str) -> tuple[tuple[float, float, float, float], ...]:
    """The box (min lon, min lat, max lon, max lat) of each ring of a country's outline (none without one), for a
    point's check: only that country's rings are decoded (an edit build checks one sheet, not every outline)."""
    raw = _country_data()
    scale = float(raw["scale"])
    return tuple(_ring(flat, scale)[2] for feature in raw["countries"] if feature["cc"] == code for flat in feature["rings"])


@functools.cache
def _country_names() -> dict[str, str]:
    """The name of every assigned ISO code: Natural Earth's, else _NAMES_WITHOUT_SHAPES (no ring decoded)."""
    names: dict[str, str] = {}
    for feature in _country_data()["countries"]:
        if feature["cc"] and feature["cc"] not in names:
            names[feature["cc"]] = feature["name"]
    return {**_NAMES_WITHOUT_SHAPES, **names, **_NAMES_SPELLED_OUT}


def in_a_sentence(code: str) -> str:
    """A country's name as a sentence says it: "in the United Kingdom", "in the Philippines" ("Incidents in United
    Kingdom": a tester); its name alone for most."""
    name = _country_names().get(code.upper(), code.upper())
    return f"the {name}" if code.upper() in _WITH_THE else name


# Codes whose names take "the" in running English (of the names _country_names gives)
_WITH_THE = frozenset({"AE", "BS", "CC", "CD", "CF", "CK", "DO", "FK", "FO", "GB", "GM", "IM", "IO", "KM", "KY", "MH",
                       "MP", "MV", "NL", "PH", "PN", "SB", "SC", "TC", "TF", "UM", "US", "VA", "VG", "VI"})


# Assigned codes that Natural Earth's 1:50m countries draw as part of another country, or not at all
# (ISO 3166-1 short names): a page says "Actors in Tuvalu", never "Actors in TV".
_NAMES_WITHOUT_SHAPES = {
    "BQ": "Bonaire, Sint Eustatius and Saba", "BV": "Bouvet Island", "CC": "Cocos (Keeling) Islands",
    "CX": "Christmas Island", "GF": "French Guiana", "GI": "Gibraltar", "GP": "Guadeloupe", "MQ": "Martinique",
    "RE": "Réunion", "SJ": "Svalbard and Jan Mayen", "TK": "Tokelau", "TV": "Tuvalu",
    "UM": "United States Minor Outlying Islands", "VA": "Holy See", "YT": "Mayotte",
}


# Natural Earth's names abbreviated to fit its maps ("S. Sudan", "Br. Indian Ocean Ter."), written out as
# pages and captions say them.
_NAMES_SPELLED_OUT = {
    "AG": "Antigua and Barbuda", "BA": "Bosnia and Herzegovina", "CD": "Democratic Republic of the Congo",
    "CF": "Central African Republic", "CK": "Cook Islands", "DO": "Dominican Republic", "EH": "Western Sahara",
    "FK": "Falkland Islands", "FO": "Faroe Islands", "GQ": "Equatorial Guinea",
    "GS": "South Georgia and the South Sandwich Islands", "HM": "Heard Island and McDonald Islands",
    "IO": "British Indian Ocean Territory", "KN": "Saint Kitts and Nevis", "KY": "Cayman Islands",
    "MH": "Marshall Islands", "MP": "Northern Mariana Islands", "PF": "French Polynesia",
    "PM": "Saint Pierre and Miquelon", "PN": "Pitcairn Islands", "SB": "Solomon Islands", "SS": "South Sudan",
    "TC": "Turks and Caicos Islands", "TF": "French Southern and Antarctic Lands",
    "VC": "Saint Vincent and the Grenadines", "VG": "British Virgin Islands", "VI": "United States Virgin Islands",
    "WF": "Wallis and Futuna",
    # and names the country has changed, or the map abbreviated otherwise (a tester)
    "MK": "North Macedonia", "SZ": "Eswatini", "MF": "Saint Martin", "BL": "Saint Barthélemy", "TR": "Türkiye",
}
