"""Open-data downloads as plain data: graph.json, incidents.csv (ACLED columns), incidents.geojson, timeline.json.

Each is a pure function of the indexed project and the site's absolute base
URL; every list is sorted explicitly, so two builds give the same bytes.
`FILES` describes each download and its fields for the `/data/` page.

`render_all` writes each file by joining per-entity JSON or CSV fragments kept
in a `Memo`, which a build loads from the cache folder and saves again: after
an edit only the fragments of the edited entities (and of those that show
their names) are made again (see `Memo`).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
from functools import cache
from html import escape
from operator import attrgetter
from pathlib import Path

from . import cache as signed
from . import model as m
from .dates import shown_end
from .index import Project
from .navigation import country_name
from .seo import absolute
from .validate import Entity
from .views import ROLE_WORDS, Views, naming, oldest_first, title_of

LICENSE = {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}
SIDE_2 = ("target", "victim")
GEO_PRECISION = {"exact": 1, "approximate": 2, "region": 3}  # ACLED's geo_precision codes
TIME_PRECISION = {"day": 1, "month": 3, "year": 3}  # ACLED's time_precision: 1 day, 2 week, 3 month or coarser
NOTES_CHARS = 2000
SAVE_SHARE = 100  # Memo.save writes once the pieces made since loading are a hundredth of all
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

CSV_FIELDS = (  # (column, description); ACLED's names where a field maps
    ("event_id", "the incident's id on this site (ours; ACLED's is event_id_cnty)"),
    ("event_date", "the date, YYYY-MM-DD; a date known only to the month or year is given as its first day"),
    ("year", "the year of event_date"),
    ("time_precision", "ACLED codes: 1 known to the day, 3 known only to the month or year"),
    ("event_type", "the incident's kind as the editors wrote it (e.g. airstrike; not ACLED's event types)"),
    ("actor1", "the perpetrator (an alleged one is marked \"(alleged)\"); empty when none is named (a responder is "
               "never here: see other_actors)"),
    ("assoc_actor_1", "further perpetrators beside actor1, separated by \"; \"; an alleged perpetrator is never "
                      "another's associate: alleged ones may be alternatives"),
    ("actor2", "the target or victim"),
    ("assoc_actor_2", "further targets and victims, separated by \"; \""),
    ("country", "the country's name"),
    ("location", "the place name"),
    ("latitude", "decimal degrees (WGS 84); empty when not known"),
    ("longitude", "decimal degrees (WGS 84); empty when not known"),
    ("geo_precision", "ACLED codes: 1 exact, 2 approximate (near the place), 3 region only; empty when not given"),
    ("source", "the publishers of the incident's sources, separated by \"; \""),
    ("notes", "the incident's summary as plain text (struck-through text left out)"),
    ("fatalities", "people killed; empty when not known (unknown is not zero)"),
    ("wounded", "people wounded; empty when not known (ours)"),
    ("casualties_note", "the sheet's note on the figures (disputed, partial or estimated), as plain text (ours)"),
    ("end_date", "last day of an incident over several days, YYYY-MM-DD; an end known only to the month or year is "
                 "given as its last day, see end_date_as_written (ours)"),
    ("date_as_written", "the date as the fact sheet gives it, YYYY, YYYY-MM or YYYY-MM-DD: a year and a month known "
                        "alone share time_precision 3 (ours)"),
    ("end_date_as_written", "the end as the fact sheet gives it, YYYY, YYYY-MM or YYYY-MM-DD: an end known to the day "
                            "told from one known only to the month or year; empty when end_date is (ours)"),
    ("other_actors", "every other actor named (responders among them), as \"name (role)\", separated by \"; \" (ours)"),
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
                ("properties.date", "the date as written"), ("properties.end_date", "the end as written (YYYY-MM-DD, YYYY-MM or YYYY), when over several days"),
                ("properties.kind", "the incident's kind"), ("properties.location", "the place name"),
                ("properties.country", "ISO 3166-1 alpha-2 code"), ("properties.precision", "exact, approximate or region"),
                ("properties.killed", "people killed, when known"), ("properties.wounded", "people wounded, when known"),
                ("properties.casualties_note", "the note on the figures (disputed, partial or estimated), when given"),
                ("properties.url", "the incident's page"))},
    {"path": "data/timeline.json", "name": "Timeline (TimelineJS)", "format": "JSON for Knight Lab TimelineJS",
     "media_type": "application/json",
     "about": "Every briefing and incident, oldest first, in the format TimelineJS loads. "
              "Headline and text are HTML (escaped plain text, struck-through text kept struck, and a link to the page).",
     "fields": (("events[].start_date", "year, month, day (month and day left out when not known)"),
                ("events[].end_date", "likewise, for incidents over several days; left out when it equals the start or its month or year holds it"),
                ("events[].text.headline", "the title"), ("events[].text.text", "the summary and a link to the page"),
                ("events[].group", "Briefings or Incidents"), ("events[].unique_id", "the entity's id"))},
)


def dumps(data) -> str:
    """Deterministic compact JSON (sorted keys, UTF-8 characters kept), ending in a newline."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))
_fragment = _ENCODER.encode  # dumps() without the newline: one list item, joined with "," into the list
MEMO_FORMAT = 1
_MISSING = object()


@cache
def code_fingerprint() -> str:
    """A hash of the package's code and data: fragments made by other code are never reused."""
    here = Path(__file__).parent
    digest = hashlib.sha256()
    for path in sorted(here.glob("*.py")) + sorted((here / "data").glob("*.json")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


class Memo:
    """Per-entity pieces of the open-data files (JSON and CSV fragments, feed entries), reused across builds.

    A piece is a function of its entity, of the entities it refers to (project.forward:
    names of actors, publishers, wikilinks; whether a reference resolves) and of whatever
    else it reads through a `Views` (recorded by deps.py). The memo keeps, with the
    pieces, every entity's digest and the ids each entity's pieces depend on; binding it
    to a project drops the pieces of every entity whose digest, or the digest of one of
    whose ids, changed, so what is left is exactly what making them again would give.
    The file also holds the code fingerprint and base URL the pieces were made with;
    like the parse cache it is signed with this user's key (cache.py) and ignored,
    never unpickled, when its HMAC does not match.
    """

    def __init__(self, base: str | None = None, path: str | os.PathLike | None = None, stored: tuple | None = None):
        self.base, self.path = base, path
        # every entity's digest, the ids each entity's pieces depend on (None: not storable), pieces by name and id
        self._digests, self._deps, self._pieces = stored or ({}, {}, {})
        self._project = None
        self.scratch: dict = {}  # objects built from pieces for this project (feeds.py's entries), reset by bind
        self.made = 0  # pieces made since loaded: nothing to save when 0

    @classmethod
    def load(cls, path: str | os.PathLike, base: str) -> Memo:
        """The memo saved in path by this code for this base URL, or an empty one that will be saved there."""
        stored = signed.read_stamped(Path(path), (MEMO_FORMAT, code_fingerprint(), base))
        if not (isinstance(stored, tuple) and len(stored) == 3):
            return cls(base, path)  # none, made by other code or for another base, or not signed here (never unpickled)
        return cls(base, path, stored)

    def save(self) -> None:
        """Write the bound project's digests and pieces to path (atomically), when enough pieces were made.

        Enough: a hundredth of all it holds. The memo is a cache, right at any age (bind drops what
        changed since), and writing its tens of megabytes after an edit that made a dozen pieces
        costs more than making them again in the next builds; the pieces left out pile up until saved.
        """
        if self.path is None or self._project is None or not self.made or signed.secret_key() is None:
            return
        if self.made * SAVE_SHARE < sum(len(column) for column in self._pieces.values()):
            return
        signed.write_stamped(Path(self.path), (MEMO_FORMAT, code_fingerprint(), self.base), self._storable())

    def _storable(self) -> tuple[dict, dict, dict]:
        """The digests, deps and pieces, without the entities whose pieces read more than entities."""
        unkeyed = [i for i, deps in self._deps.items() if deps is None]
        if not unkeyed:
            return self._digests, self._deps, self._pieces
        deps = {i: d for i, d in self._deps.items() if d is not None}
        return self._digests, deps, {name: {i: v for i, v in column.items() if i in deps}
                                     for name, column in self._pieces.items()}

    def bind(self, project: Project) -> None:
        """Use the memo for this project: drop the pieces of every entity whose inputs changed since they were made."""
        if project is self._project:
            return
        entities, old = project.entities, self._digests
        changed = {i for i, e in entities.items() if not e.digest or old.get(i) != e.digest}
        changed.update(i for i in old if i not in entities)  # vanished
        stale = [i for i, deps in self._deps.items()
                 if deps is None or i in changed or not changed.isdisjoint(deps) or i not in entities]
        for entity_id in stale:
            del self._deps[entity_id]
        for column in self._pieces.values():
            for entity_id in stale:
                column.pop(entity_id, None)
        self._digests = {i: e.digest for i, e in entities.items()}
        self._ids = {i: i for i in entities}  # the entities' own id strings: the pickle then stores each id once
        self._project, self.scratch, self._noted = project, {}, set()  # _noted: deps include its forward ids

    def has(self, entity_id: str, name: str) -> bool:
        """True when the entity's piece `name` is made or kept."""
        return entity_id in self._pieces.get(name, ())

    def get(self, entity_id: str, name: str):
        """The entity's piece `name` if made or kept, else None."""
        return self._pieces.get(name, {}).get(entity_id)

    def piece(self, entity: Entity, name: str, make, views: Views | None = None):
        """The entity's piece `name`: kept, or make(entity) (recording what it read through views, if given)."""
        column = self._pieces.setdefault(name, {})
        value = column.get(entity.id, _MISSING)
        if value is _MISSING:
            value = column[entity.id] = self._make(entity, make, views)
        return value

    def column(self, entities: list[Entity], name: str, make, views: Views | None = None) -> list:
        """piece() of each entity, in order (one call for a whole file: most are kept)."""
        column = self._pieces.setdefault(name, {})
        values = [column.get(e.id, _MISSING) for e in entities]
        for n, value in enumerate(values):
            if value is _MISSING:
                entity = entities[n]
                values[n] = column[entity.id] = self._make(entity, make, views)
        return values

    def _make(self, entity: Entity, make, views: Views | None):
        """make(entity), noting what it depends on."""
        if views is not None:
            views.reads.clear()
        value = make(entity)
        self._note(entity, views.reads if views is not None else ())
        self.made += 1
        return value

    def _note(self, entity: Entity, reads) -> None:
        """Add the ids a new piece depends on (what its entity refers to and what it read) to its entity's deps."""
        deps = self._deps.get(entity.id, ())
        if deps is None or (not reads and entity.id in self._noted):
            return  # read more than entities (never stored), or nothing new
        self._noted.add(entity.id)
        found = set(deps) | self._project.forward.get(entity.id, set())
        for token in reads:
            if token.startswith(("@", "kind:")):
                self._deps[entity.id] = None  # backlinks or a whole kind: made again every build
                return
            found.add(token.lstrip("^~"))
        found.discard(entity.id)
        ids = self._ids
        self._deps[entity.id] = tuple(sorted(ids.get(i, i) for i in found))


def use_memo(project: Project, memo: Memo | None, base: str | None) -> Memo:
    """The memo to use for project: the given one, or a fresh one when none, another base, or a project with errors.

    A project with errors can hold references from a duplicate's text under another entity's id:
    then an entity's digest does not cover all it refers to, so nothing is kept.
    """
    if memo is None or (base is not None and memo.base != base) or project.errors:
        memo = Memo(base)
    memo.bind(project)
    return memo


def graph(project: Project, base: str, licence: str = LICENSE["url"]) -> dict:
    """Every entity as a node and every resolved reference as a typed edge, sorted."""
    nodes = [node_of(entity, base) for kind in m.KINDS for entity in project.by_kind.get(kind, [])]
    refs = refs_by_source(project)
    edges = [edge_item(edge) for source in sorted(refs) for edge in edges_of(project.entities[source], refs[source])]
    return {"license": licence, "nodes": sorted(nodes, key=lambda n: (n["kind"], n["id"])), "edges": edges}


def node_of(entity: Entity, base: str) -> dict:
    """An entity's node in graph.json."""
    node = {"id": entity.id, "kind": entity.kind, "name": title_of(entity), "url": absolute(base, m.url_for(entity.kind, entity.id))}
    if entity.kind in ("briefing", "incident"):
        node["date"] = entity.data["date"].iso()
    return node


def refs_by_source(project: Project) -> dict[str, set[tuple[str, str]]]:
    """(target, relation) of every resolved reference, by the id of the entity that refers."""
    found: dict[str, set[tuple[str, str]]] = {}
    for target, groups in project.backlinks.items():
        for rel, refs in groups.items():
            for source in dict.fromkeys(r.source for r in refs):
                found.setdefault(source, set()).add((target, rel))
    return found


def refs_of(project: Project, source: str) -> set[tuple[str, str]]:
    """refs_by_source(project)[source] (or an empty set), found through the ids source refers to."""
    found = set()
    for target in project.forward.get(source, ()):
        for rel, refs in project.backlinks.get(target, {}).items():
            if any(r.source == source for r in refs):
                found.add((target, rel))
    return found


def edges_of(source: Entity, refs) -> list[tuple]:
    """The sorted edges (source, target, type[, label, value]) of an entity from its (target, relation) pairs."""
    return sorted({(source.id, target, rel) + label for target, rel in refs for label in _labels(source, rel, target)})


def edge_item(edge: tuple) -> dict:
    """An edge of graph.json."""
    item = {"source": edge[0], "target": edge[1], "type": edge[2]}
    if len(edge) > 3:
        item[edge[3]] = edge[4]
    return item


def _labels(source: Entity, rel: str, target: str) -> list[tuple]:
    """Extra edge labels: the role of an actor in an incident, the type of a relation."""
    if rel == "incident.actors.actor":
        named = naming(source.data.get("actors", []), "actor", target)  # indexed: an incident may name thousands
        return [("role", r) for r in dict.fromkeys(a["role"] for a in named)]
    if rel == "actor.relations.target":
        named = naming(source.data.get("relations", []), "target", target)
        return [("relation", r) for r in dict.fromkeys(x["type"] for x in named)]
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

    def names(items, role_words: bool = False) -> list[str]:
        return list(dict.fromkeys(
            views.name_or_id(a["actor"]) + (f" ({ROLE_WORDS[a['role']]})" if role_words else
                                            " (alleged)" if a["role"] == "alleged-perpetrator" else "") for a in items))

    # actor1's side: the perpetrators; else the first alleged one alone (two alleged perpetrators may be alternatives,
    # one's claim against another's attribution: never each other's associates); else nobody. actor1 is ACLED's
    # perpetrator column: a responder there read as the attacker (commandos as the besiegers of Nariman House).
    # Every other actor but the targets and victims, responders among them, is in other_actors, with its role.
    side_1 = ([a for a in actors if a["role"] == "perpetrator"]
              or [a for a in actors if a["role"] == "alleged-perpetrator"][:1])
    side_2 = [a for a in actors if a["role"] in SIDE_2]
    one, two = names(side_1), names(side_2)
    others = names([a for a in actors if a not in side_1 and a not in side_2], role_words=True)
    where = data["location"]
    code = where.get("country") or ""
    casualties = data.get("casualties") or {}
    sources = [views.p.entities[i].data["publisher"] for i in data.get("sources", [])]
    row = {
        "event_id": incident.id, "event_date": _first_day(data["date"]), "year": data["date"].year,
        "time_precision": TIME_PRECISION[data["date"].precision], "event_type": data["kind"],
        "actor1": one[0] if one else "", "assoc_actor_1": "; ".join(one[1:]),
        "actor2": two[0] if two else "", "assoc_actor_2": "; ".join(two[1:]),
        "country": country_name(code) if code else "", "location": where["name"],
        "latitude": _degrees(where.get("lat")), "longitude": _degrees(where.get("lon")),
        "geo_precision": GEO_PRECISION.get(where.get("precision"), ""),
        "source": "; ".join(dict.fromkeys(sources)), "notes": views.plain(data.get("summary"), NOTES_CHARS),
        "fatalities": casualties.get("killed", ""), "wounded": casualties.get("wounded", ""),
        "casualties_note": views.plain(casualties.get("note"), NOTES_CHARS),
        "end_date": _last_day(end) if (end := shown_end(data["date"], data.get("end_date"))) else "",
        "date_as_written": data["date"].iso(),
        "end_date_as_written": end.iso() if end else "",  # end_date alone made 2014-08 and 2014-08-31 one
        "other_actors": "; ".join(others), "country_code": code, "title": data["title"],
        "url": absolute(base, m.url_for("incident", incident.id)),
    }
    return {key: _cell(value) if isinstance(value, str) and key not in _NUMBER_COLUMNS else ("" if value is None else value)
            for key, value in row.items()}


_NUMBER_COLUMNS = frozenset({"latitude", "longitude"})  # numbers written as text by _degrees: no formula to defuse


def incidents_csv(project: Project, base: str, memo: Memo | None = None) -> str:
    """incidents.csv: a header and one row per incident, oldest first (CRLF line ends, RFC 4180)."""
    memo = use_memo(project, memo, base)
    return _csv_text(Views(project, {}), oldest_first(project.by_kind.get("incident", [])), base, memo)


def _csv_text(views: Views, incidents: list[Entity], base: str, memo: Memo) -> str:
    """incidents.csv of incidents in this order, joined from memoised rows."""
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=[name for name, _ in CSV_FIELDS], lineterminator="\r\n")
    writer.writeheader()
    header = out.getvalue()

    def line(incident: Entity) -> str:
        out.seek(0)
        out.truncate()
        writer.writerow(incident_row(views, incident, base))
        return out.getvalue()

    return header + "".join(memo.column(incidents, "csv", line, views))


def incidents_geojson(project: Project, base: str, licence: str = LICENSE["url"]) -> dict:
    """incidents.geojson: a FeatureCollection of the incidents with coordinates, oldest first."""
    views = Views(project, {})
    features = [feature_of(incident, base, views) for incident in oldest_first(project.by_kind.get("incident", []))]
    return {"type": "FeatureCollection", "license": licence, "features": [f for f in features if f is not None]}


def feature_of(incident: Entity, base: str, views: Views) -> dict | None:
    """An incident's GeoJSON feature, or None when its coordinates are not known (views: for its note's text)."""
    data = incident.data
    where = data["location"]
    if where.get("lat") is None:
        return None
    casualties = data.get("casualties") or {}
    properties = {"id": incident.id, "title": data["title"], "date": data["date"].iso(), "kind": data["kind"],
                  "location": where["name"], "url": absolute(base, m.url_for("incident", incident.id))}
    end = shown_end(data["date"], data.get("end_date"))  # as the page: an end its start's period holds says no more
    optional = {"end_date": end.iso() if end else None,
                "country": where.get("country"), "precision": where.get("precision"),
                "killed": casualties.get("killed"), "wounded": casualties.get("wounded"),
                "casualties_note": views.plain(casualties.get("note"), NOTES_CHARS) or None}  # the figures' caveat
    properties.update({k: v for k, v in optional.items() if v is not None})
    return {"type": "Feature", "id": incident.id, "properties": properties,
            "geometry": {"type": "Point", "coordinates": [float(where["lon"]), float(where["lat"])]}}


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
    events = [event_of(views, entity, base) for entity in _dated(project)]
    return {"title": timeline_title(site_name), "events": events}


def _dated(project: Project) -> list[Entity]:
    """The briefings and incidents, oldest first: the events of the timeline."""
    return oldest_first(project.by_kind.get("briefing", []) + project.by_kind.get("incident", []))


def timeline_title(site_name: str) -> dict:
    """The title slide of timeline.json."""
    return {"text": {"headline": escape(f"{site_name}: timeline" if site_name else "Timeline"),
                     "text": "<p>Briefings and incidents, oldest first.</p>"}}


def event_of(views: Views, entity: Entity, base: str) -> dict:
    """A briefing's or an incident's event in timeline.json."""
    data = entity.data
    url = absolute(base, m.url_for(entity.kind, entity.id))
    summary = views.plain_html(data.get("summary"), NOTES_CHARS)  # HTML: struck text stays struck, as on the page
    text = (f"<p>{summary}</p>" if summary else "") + f'<p><a href="{escape(url)}">{escape(title_of(entity))}</a></p>'
    event = {"start_date": _tl_date(data["date"]), "text": {"headline": escape(title_of(entity)), "text": text},
             "group": m.PLURALS[entity.kind].capitalize(), "unique_id": entity.id}
    # TimelineJS reads a missing month or day as the first: `end_date: 2021-03` of `date: 2021-03-15` would end
    # before it starts. Such an end (its period holds the start), like one equal to it, is left out, as on pages.
    end = shown_end(data["date"], data.get("end_date"))
    if end:
        event["end_date"] = _tl_date(end)
    return event


def render_all(project: Project, base: str, site_name: str = "", licence: str = LICENSE["url"],
               memo: Memo | None = None) -> list[tuple[str, str]]:
    """(path, text) of every download, joined from per-entity fragments (kept in memo across builds, if given).

    The text is exactly dumps() of graph(), incidents_geojson() and timeline(), and incidents_csv().
    """
    memo = use_memo(project, memo, base)
    views = Views(project, {})
    dated = _dated(project)
    incidents = [e for e in dated if e.kind == "incident"]  # the order of oldest_first(incidents): one sort less
    return [
        ("data/graph.json", _graph_text(project, base, licence, memo)),
        ("data/incidents.csv", _csv_text(views, incidents, base, memo)),
        ("data/incidents.geojson", _geojson_text(views, incidents, base, licence, memo)),
        ("data/timeline.json", _timeline_text(views, dated, base, site_name, memo)),
    ]


_FEW = 64  # past this many entities to make edges for, one pass over all backlinks beats a look-up each


def _graph_text(project: Project, base: str, licence: str, memo: Memo) -> str:
    """dumps(graph(...)), joined from memoised node and edge fragments (edges sort by source first)."""
    in_order = [e for kind in sorted(m.KINDS) for e in sorted(project.by_kind.get(kind, []), key=attrgetter("id"))]
    nodes = memo.column(in_order, "node", lambda e: _fragment(node_of(e, base)))
    ids = sorted(project.entities)
    missing = [i for i in ids if not memo.has(i, "edges")]
    refs = refs_by_source(project) if len(missing) > _FEW else {i: refs_of(project, i) for i in missing}

    def edges(entity: Entity) -> str:
        return ",".join(_fragment(edge_item(edge)) for edge in edges_of(entity, refs.get(entity.id, ())))

    joined = memo.column([project.entities[i] for i in ids], "edges", edges)
    return ('{"edges":[' + ",".join(e for e in joined if e) + '],"license":' + _fragment(licence)
            + ',"nodes":[' + ",".join(nodes) + "]}\n")


def _geojson_text(views: Views, incidents: list[Entity], base: str, licence: str, memo: Memo) -> str:
    """dumps(incidents_geojson(...)) of incidents in this order, joined from memoised features."""
    features = memo.column(incidents, "feature", lambda i: _optional_fragment(feature_of(i, base, views)), views)
    return ('{"features":[' + ",".join(f for f in features if f is not None) + '],"license":' + _fragment(licence)
            + ',"type":"FeatureCollection"}\n')


def _optional_fragment(data) -> str | None:
    """_fragment(data), or None for None."""
    return None if data is None else _fragment(data)


def _timeline_text(views: Views, dated: list[Entity], base: str, site_name: str, memo: Memo) -> str:
    """dumps(timeline(...)) of events in this order, joined from memoised events."""
    events = memo.column(dated, "event", lambda e: _fragment(event_of(views, e, base)), views)
    return '{"events":[' + ",".join(events) + '],"title":' + _fragment(timeline_title(site_name)) + "}\n"


def licence_of(site: dict) -> dict:
    """The data's licence, name and address, as /data/ and its JSON-LD both say it: the site's (the settings check
    that both are given), else LICENSE. One reading: /data/ said CC BY 4.0 where the JSON-LD's licence was empty."""
    if "data_license" not in site:
        return dict(LICENSE)
    return {"name": site["data_license"], "url": site.get("data_license_url") or ""}


def data_page(site: dict) -> dict:
    """Context of the /data/ page: the downloads with their fields, the feeds, the licence."""
    from .feeds import ALL_BRIEFINGS

    licence = licence_of(site)
    files = [{"path": f["path"], "name": f["name"], "format": f["format"], "about": f["about"],
              "fields": [{"name": n, "about": a} for n, a in f["fields"]]} for f in FILES]
    feeds = [{"path": ALL_BRIEFINGS, "about": "the newest briefings"},
             {"path": "feeds/actors/<id>.atom.xml", "about": "briefings and incidents naming an actor"},
             {"path": "feeds/stakes/<id>.atom.xml", "about": "briefings naming a stake, and the incidents they cover"}]
    return {"files": files, "license": licence, "feeds": feeds}


def _degrees(value: float | None) -> str:
    """A coordinate for the CSV: plain decimals, never `1e-07` (which spreadsheets may read as text); empty when unknown."""
    if value is None:
        return ""
    text = repr(float(value))
    if "e" in text:  # below 1e-4: ten decimals (a centimetre is 1e-7 degrees)
        text = f"{value:.10f}".rstrip("0").rstrip(".")
    return "0.0" if text in ("0", "-0") else text
