"""Open-data downloads as plain data: graph.json, incidents.csv (ACLED columns), incidents.geojson, timeline.json.

Each is a pure function of the indexed project and the site's absolute base
URL; every list is sorted explicitly, so two builds give the same bytes.
`FILES` describes each download and its fields for the `/data/` page.
"""

from __future__ import annotations

import csv
import io
import json
from functools import cache
from html import escape
from importlib import resources

from . import model as m
from .index import Project
from .seo import absolute
from .validate import Entity
from .views import ROLE_WORDS, Views, oldest_first, title_of

LICENSE = {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}
SIDE_1 = ("perpetrator", "alleged-perpetrator")
SIDE_2 = ("target", "victim")
GEO_PRECISION = {"exact": 1, "approximate": 2, "region": 3}  # ACLED's geo_precision codes
TIME_PRECISION = {"day": 1, "month": 3, "year": 3}  # ACLED's time_precision: 1 day, 2 week, 3 month or coarser
NOTES_CHARS = 2000
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

CSV_FIELDS = (  # (column, description); ACLED's names where a field maps
    ("event_id", "the incident's id on this site (ours; ACLED's is event_id_cnty)"),
    ("event_date", "the date, YYYY-MM-DD; a date known only to the month or year is given as its first day"),
    ("year", "the year of event_date"),
    ("time_precision", "ACLED codes: 1 known to the day, 3 known only to the month or year"),
    ("event_type", "the incident's kind as the editors wrote it (e.g. airstrike; not ACLED's event types)"),
    ("actor1", "the perpetrator (an alleged one is marked \"(alleged)\"); when none is named, the responder"),
    ("assoc_actor_1", "further actors on actor1's side, separated by \"; \""),
    ("actor2", "the target or victim"),
    ("assoc_actor_2", "further targets and victims, separated by \"; \""),
    ("country", "the country's name"),
    ("location", "the place name"),
    ("latitude", "decimal degrees (WGS 84); empty when not known"),
    ("longitude", "decimal degrees (WGS 84); empty when not known"),
    ("geo_precision", "ACLED codes: 1 exact, 2 approximate (near the place), 3 region only; empty when not given"),
    ("source", "the publishers of the incident's sources, separated by \"; \""),
    ("notes", "the incident's summary as plain text"),
    ("fatalities", "people killed; empty when not known (unknown is not zero)"),
    ("wounded", "people wounded; empty when not known (ours)"),
    ("end_date", "last day of an incident over several days, YYYY-MM-DD (ours)"),
    ("other_actors", "responders and others involved, as \"name (role)\", separated by \"; \" (ours)"),
    ("country_code", "ISO 3166-1 alpha-2 code of the country (ours)"),
    ("title", "the incident's title (ours)"),
    ("url", "the incident's page (ours)"),
)

FILES = (
    {"path": "data/graph.json", "name": "Graph of everything", "format": "JSON", "media_type": "application/json",
     "about": "Every entity and every link between them, for network tools (Gephi, NetworkX, D3).",
     "fields": (("nodes[].id", "the entity's id"), ("nodes[].kind", "briefing, actor, incident, stake or source"),
                ("nodes[].name", "its name or title"), ("nodes[].url", "its page (a source: its anchor on the sources page)"),
                ("nodes[].date", "briefings and incidents: the date as written (YYYY, YYYY-MM or YYYY-MM-DD)"),
                ("edges[].source", "id of the entity that refers"), ("edges[].target", "id of the entity referred to"),
                ("edges[].type", "the field that makes the link, e.g. incident.actors.actor, briefing.claims.sources, "
                                 "or mention for a [[link]] in any text"),
                ("edges[].role", "incident.actors.actor edges: the actor's role"),
                ("edges[].relation", "actor.relations.target edges: the relation type"))},
    {"path": "data/incidents.csv", "name": "Incidents (CSV)", "format": "CSV (RFC 4180, UTF-8)", "media_type": "text/csv",
     "about": "One row per incident, oldest first, with ACLED's column names where a field maps. "
              "Text cells that a spreadsheet would read as a formula start with an apostrophe.",
     "fields": CSV_FIELDS},
    {"path": "data/incidents.geojson", "name": "Incidents (GeoJSON)", "format": "GeoJSON (RFC 7946)",
     "media_type": "application/geo+json",
     "about": "A FeatureCollection of the incidents whose coordinates are known, as points [longitude, latitude].",
     "fields": (("properties.id", "the incident's id"), ("properties.title", "its title"),
                ("properties.date", "the date as written"), ("properties.end_date", "last day, when over several days"),
                ("properties.kind", "the incident's kind"), ("properties.location", "the place name"),
                ("properties.country", "ISO 3166-1 alpha-2 code"), ("properties.precision", "exact, approximate or region"),
                ("properties.killed", "people killed, when known"), ("properties.wounded", "people wounded, when known"),
                ("properties.url", "the incident's page"))},
    {"path": "data/timeline.json", "name": "Timeline (TimelineJS)", "format": "JSON for Knight Lab TimelineJS",
     "media_type": "application/json",
     "about": "Every briefing and incident, oldest first, in the format TimelineJS loads. "
              "Headline and text are HTML (escaped plain text and a link to the page).",
     "fields": (("events[].start_date", "year, month, day (month and day left out when not known)"),
                ("events[].end_date", "likewise, for incidents over several days"),
                ("events[].text.headline", "the title"), ("events[].text.text", "the summary and a link to the page"),
                ("events[].group", "Briefings or Incidents"), ("events[].unique_id", "the entity's id"))},
)


def dumps(data) -> str:
    """Deterministic compact JSON (sorted keys, UTF-8 characters kept), ending in a newline."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


@cache
def country_names() -> dict[str, str]:
    """Country names by ISO alpha-2 code, from the vendored Natural Earth data."""
    data = json.loads(resources.files("briefkit").joinpath("data/countries-50m.json").read_text(encoding="utf-8"))
    names: dict[str, str] = {}
    for country in data["countries"]:
        if country.get("cc"):
            names.setdefault(country["cc"], country["name"])
    return names


def graph(project: Project, base: str, licence: str = LICENSE["url"]) -> dict:
    """Every entity as a node and every resolved reference as a typed edge, sorted."""
    nodes = []
    for kind in m.KINDS:
        for entity in project.by_kind.get(kind, []):
            node = {"id": entity.id, "kind": kind, "name": title_of(entity), "url": absolute(base, m.url_for(kind, entity.id))}
            if kind in ("briefing", "incident"):
                node["date"] = entity.data["date"].iso()
            nodes.append(node)
    edges = set()
    for target, groups in project.backlinks.items():
        for rel, refs in groups.items():
            for source in dict.fromkeys(r.source for r in refs):
                for label in _labels(project.entities[source], rel, target):
                    edges.add((source, target, rel) + label)
    out = []
    for edge in sorted(edges):
        item = {"source": edge[0], "target": edge[1], "type": edge[2]}
        if len(edge) > 3:
            item[edge[3]] = edge[4]
        out.append(item)
    return {"license": licence, "nodes": sorted(nodes, key=lambda n: (n["kind"], n["id"])), "edges": out}


def _labels(source: Entity, rel: str, target: str) -> list[tuple]:
    """Extra edge labels: the role of an actor in an incident, the type of a relation."""
    if rel == "incident.actors.actor":
        return [("role", r) for r in dict.fromkeys(a["role"] for a in source.data.get("actors", []) if a["actor"] == target)]
    if rel == "actor.relations.target":
        return [("relation", r) for r in dict.fromkeys(x["type"] for x in source.data.get("relations", []) if x["target"] == target)]
    return [()]


def _cell(text: str) -> str:
    """A text cell a spreadsheet will not run as a formula."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def _first_day(date) -> str:
    """YYYY-MM-DD of the first day a (partial) date can mean."""
    return "%04d-%02d-%02d" % date.first_day()


def _last_day(date) -> str:
    """YYYY-MM-DD of the last day a (partial) date can mean."""
    return "%04d-%02d-%02d" % date.last_day()


def incident_row(views: Views, incident: Entity, base: str) -> dict:
    """One incidents.csv row."""
    data = incident.data
    actors = data.get("actors", [])

    def side(roles):
        names = []
        for item in actors:
            if item["role"] in roles:
                name = views.name_or_id(item["actor"]) + (" (alleged)" if item["role"] == "alleged-perpetrator" else "")
                names.append(name)
        return list(dict.fromkeys(names))

    one, two = side(SIDE_1), side(SIDE_2)
    first_side = SIDE_1 if one else SIDE_1 + ("responder",)  # a strike answering an attack: its responder acts
    one = one or side(first_side)
    others = [f"{views.name_or_id(a['actor'])} ({ROLE_WORDS[a['role']]})" for a in actors if a["role"] not in first_side + SIDE_2]
    where = data["location"]
    code = where.get("country") or ""
    casualties = data.get("casualties") or {}
    sources = [views.p.entities[i].data["publisher"] for i in data.get("sources", [])]
    row = {
        "event_id": incident.id, "event_date": _first_day(data["date"]), "year": data["date"].year,
        "time_precision": TIME_PRECISION[data["date"].precision], "event_type": data["kind"],
        "actor1": one[0] if one else "", "assoc_actor_1": "; ".join(one[1:]),
        "actor2": two[0] if two else "", "assoc_actor_2": "; ".join(two[1:]),
        "country": country_names().get(code, code), "location": where["name"],
        "latitude": where.get("lat", ""), "longitude": where.get("lon", ""),
        "geo_precision": GEO_PRECISION.get(where.get("precision"), ""),
        "source": "; ".join(dict.fromkeys(sources)), "notes": views.plain(data.get("summary"), NOTES_CHARS),
        "fatalities": casualties.get("killed", ""), "wounded": casualties.get("wounded", ""),
        "end_date": _last_day(data["end_date"]) if data.get("end_date") else "",
        "other_actors": "; ".join(dict.fromkeys(others)), "country_code": code, "title": data["title"],
        "url": absolute(base, m.url_for("incident", incident.id)),
    }
    return {key: _cell(value) if isinstance(value, str) else ("" if value is None else value) for key, value in row.items()}


def incidents_csv(project: Project, base: str) -> str:
    """incidents.csv: a header and one row per incident, oldest first (CRLF line ends, RFC 4180)."""
    views = Views(project, {})
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=[name for name, _ in CSV_FIELDS], lineterminator="\r\n")
    writer.writeheader()
    for incident in oldest_first(project.by_kind.get("incident", [])):
        writer.writerow(incident_row(views, incident, base))
    return out.getvalue()


def incidents_geojson(project: Project, base: str, licence: str = LICENSE["url"]) -> dict:
    """incidents.geojson: a FeatureCollection of the incidents with coordinates, oldest first."""
    features = []
    for incident in oldest_first(project.by_kind.get("incident", [])):
        data = incident.data
        where = data["location"]
        if where.get("lat") is None:
            continue
        casualties = data.get("casualties") or {}
        properties = {"id": incident.id, "title": data["title"], "date": data["date"].iso(), "kind": data["kind"],
                      "location": where["name"], "url": absolute(base, m.url_for("incident", incident.id))}
        optional = {"end_date": data["end_date"].iso() if data.get("end_date") else None,
                    "country": where.get("country"), "precision": where.get("precision"),
                    "killed": casualties.get("killed"), "wounded": casualties.get("wounded")}
        properties.update({k: v for k, v in optional.items() if v is not None})
        features.append({"type": "Feature", "id": incident.id, "properties": properties,
                         "geometry": {"type": "Point", "coordinates": [float(where["lon"]), float(where["lat"])]}})
    return {"type": "FeatureCollection", "license": licence, "features": features}


def _tl_date(date) -> dict:
    """A TimelineJS date: year, and month and day only when known."""
    out = {"year": date.year}
    if date.month:
        out["month"] = date.month
    if date.day:
        out["day"] = date.day
    return out


def timeline(project: Project, base: str, site_name: str = "") -> dict:
    """timeline.json in Knight Lab TimelineJS's format: every briefing and incident, oldest first."""
    views = Views(project, {})
    events = []
    for entity in oldest_first(project.by_kind.get("briefing", []) + project.by_kind.get("incident", [])):
        data = entity.data
        url = absolute(base, m.url_for(entity.kind, entity.id))
        summary = views.plain(data.get("summary"), NOTES_CHARS)
        text = (f"<p>{escape(summary)}</p>" if summary else "") + f'<p><a href="{escape(url)}">{escape(title_of(entity))}</a></p>'
        event = {"start_date": _tl_date(data["date"]), "text": {"headline": escape(title_of(entity)), "text": text},
                 "group": m.PLURALS[entity.kind].capitalize(), "unique_id": entity.id}
        if data.get("end_date"):
            event["end_date"] = _tl_date(data["end_date"])
        events.append(event)
    title = {"text": {"headline": escape(f"{site_name}: timeline" if site_name else "Timeline"),
                      "text": "<p>Briefings and incidents, oldest first.</p>"}}
    return {"title": title, "events": events}


def render_all(project: Project, base: str, site_name: str = "", licence: str = LICENSE["url"]) -> list[tuple[str, str]]:
    """(path, text) of every download."""
    return [
        ("data/graph.json", dumps(graph(project, base, licence))),
        ("data/incidents.csv", incidents_csv(project, base)),
        ("data/incidents.geojson", dumps(incidents_geojson(project, base, licence))),
        ("data/timeline.json", dumps(timeline(project, base, site_name))),
    ]


def data_page(site: dict) -> dict:
    """Context of the /data/ page: the downloads with their fields, the feeds, the licence."""
    from .feeds import ALL_BRIEFINGS

    licence = {"name": site.get("data_license") or LICENSE["name"], "url": site.get("data_license_url") or LICENSE["url"]}
    files = [{"path": f["path"], "name": f["name"], "format": f["format"], "about": f["about"],
              "fields": [{"name": n, "about": a} for n, a in f["fields"]]} for f in FILES]
    feeds = [{"path": ALL_BRIEFINGS, "about": "the newest briefings"},
             {"path": "feeds/actors/<id>.atom.xml", "about": "briefings and incidents naming an actor"},
             {"path": "feeds/stakes/<id>.atom.xml", "about": "briefings naming a stake, and the incidents they cover"}]
    return {"files": files, "license": licence, "feeds": feeds}
