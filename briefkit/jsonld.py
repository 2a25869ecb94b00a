"""schema.org JSON-LD for entity pages and the data page, serialised so no text can end its `<script>`.

A page's block is an `@graph`: the entity itself (briefing → NewsArticle,
incident → Event, actor → Person/Organization/GovernmentOrganization/Country,
stake → Thing) and its claims as `Claim`s (`appearance`: the cited sources,
`author`: who the claim is attributed to). An entity's `@id` is its page's absolute
URL with its kind as fragment (`…/actors/iran/#actor`: the page's own is the URL, and
one `@id` is one node, so Iran was also a WebPage, a tester), so nodes on different
pages join up; a claim's `@id` is its anchor on the page.
"""

from __future__ import annotations

import json

from markupsafe import Markup

from . import model as m
from .dates import shown_end, shown_update
from .seo import absolute
from .validate import Entity
from .views import title_of

CONTEXT = "https://schema.org"
ACTOR_TYPES = {
    "person": "Person", "state": "Country", "government-body": "GovernmentOrganization",
    "armed-group": "Organization", "organization": "Organization", "international-organization": "Organization",
}
KIND_TYPES = {"briefing": "NewsArticle", "incident": "Event", "stake": "Thing", "source": "CreativeWork"}
PRECISION_WORDS = {"exact": "exact location", "approximate": "approximate location", "region": "region only"}
_INERT = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))
TEXT_CHARS = 5000
_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))  # one for every page


def script(data: dict) -> Markup:
    """JSON for a `<script type="application/ld+json">` body: sorted, with `<`, `>`, `&`, U+2028/9 as \\u escapes."""
    text = _ENCODER.encode(data)
    for char, code in _INERT:  # str.replace runs in C; str.translate with a dict calls back per character
        if char in text:
            text = text.replace(char, code)
    return Markup(text)


def type_of(entity: Entity) -> str:
    """The schema.org type of an entity."""
    return ACTOR_TYPES[entity.data["kind"]] if entity.kind == "actor" else KIND_TYPES[entity.kind]


def ref(views, entity_id: str, base: str) -> dict:
    """A short node pointing at an entity's full description on its own page (shared: read-only)."""
    entity = views.p.head(entity_id)  # on every call, so each page records the read: of the head, all a node shows
    memo = views.cache.setdefault("jsonld_refs", {})
    node = memo.get((entity_id, base))
    if node is None:
        if entity.kind == "source":
            node = creative_work(entity, base)
        else:
            url = absolute(base, m.url_for(entity.kind, entity_id))
            node = {"@type": type_of(entity), "@id": f"{url}#{entity.kind}", "url": url, "name": title_of(entity)}
        memo[(entity_id, base)] = node
    return node


def creative_work(source: Entity, base: str) -> dict:
    """A source as a CreativeWork with its publisher; `url` is the original when known, else its anchor here."""
    data = source.data
    node = {"@type": "CreativeWork", "@id": absolute(base, m.url_for("source", source.id)),
            "name": data.get("title") or data["publisher"],
            "publisher": {"@type": "Organization", "name": data["publisher"]},
            "url": data.get("url") or absolute(base, m.url_for("source", source.id))}
    if data.get("date"):
        node["datePublished"] = data["date"].iso()
    if data.get("lang") and data.get("title"):  # the language of the work its title names
        node["inLanguage"] = data["lang"]
    return node


def _sources(views, ids, base: str) -> list[dict]:
    """Distinct sources as CreativeWorks, in citation order."""
    return [ref(views, i, base) for i in dict.fromkeys(ids)]


def claims(views, entity: Entity, page: str, base: str, described: set[str]) -> list[dict]:
    """An entity's claims as schema.org Claims; a source is described in full once on the page, else named by its @id
    (described: the ids of those the entity's node describes, and then each claim's): 880 claims citing 200 sources
    each had repeated every source in full, 207 MB of one page's JSON-LD (a tester)."""
    out = []
    for number, claim in enumerate(entity.data.get("claims", []), 1):
        appearance = []
        for source_id in dict.fromkeys(claim.get("sources", [])):
            full = ref(views, source_id, base)  # the head read on every page that cites it, as before
            appearance.append({"@id": full["@id"]} if source_id in described else full)
            described.add(source_id)
        node = {"@type": "Claim", "@id": f"{page}#c_{number}", "url": f"{page}#c_{number}",
                "text": views.plain(claim.get("text"), TEXT_CHARS), "keywords": claim["status"],
                "about": {"@id": f"{page}#{entity.kind}"}, "appearance": appearance}
        if claim.get("attributed_to"):
            node["author"] = ref(views, claim["attributed_to"], base)
        if claim.get("note"):
            node["comment"] = {"@type": "Comment", "text": views.plain(claim["note"], TEXT_CHARS)}
        out.append(node)
    return out




def entity_graph(views, entity: Entity, base: str) -> dict:
    """The JSON-LD of an entity page: the entity and its claims."""
    page = absolute(base, views.url_of(entity.id))
    data = entity.data
    node = {"@type": type_of(entity), "@id": f"{page}#{entity.kind}", "url": page, "name": title_of(entity),
            "mainEntityOfPage": {"@type": "WebPage", "@id": page}}
    description = views.plain(data.get("summary"), TEXT_CHARS)
    if description:
        node["description"] = description
    # An empty list says nothing, and some readers take `"about": []` as a claim that there is nothing.
    node.update((key, value) for key, value in getattr(_Builders, entity.kind)(views, entity, base).items() if value != [])
    described = set(m.cited_ids(data)) if entity.kind in ("briefing", "incident") else set()  # citation, subjectOf
    return {"@context": CONTEXT, "@graph": [node, *claims(views, entity, page, base, described)]}


class _Builders:
    """Kind-specific properties of an entity's node."""

    @staticmethod
    def briefing(views, entity: Entity, base: str) -> dict:
        """A briefing as a NewsArticle: about its incidents and stakes, mentioning its actors, citing its sources."""
        data = entity.data
        org = {"@type": "Organization", "name": views.site.get("name", ""), "url": absolute(base, "")}
        about = [ref(views, i, base) for i in data.get("incidents", [])]
        about = _dedupe(about + [ref(views, s["stake"], base) for s in data.get("stakes", [])])
        out = {"headline": data["title"], "datePublished": data["date"].iso(),
               "dateModified": (shown_update(data["date"], data.get("updated")) or data["date"]).iso(),
               "author": org, "publisher": org, "about": about,
               "mentions": _dedupe([ref(views, a["actor"], base) for a in data.get("actors", [])]),
               "citation": _sources(views, m.cited_ids(entity.data), base)}
        if data.get("tags"):
            out["keywords"] = list(data["tags"])  # one value each (schema.org repeats a property): a tag may hold a comma
        return out

    @staticmethod
    def incident(views, entity: Entity, base: str) -> dict:
        """An incident as an Event with its Place and GeoCoordinates."""
        data = entity.data
        where = data["location"]
        place = {"@type": "Place", "name": where["name"]}
        if where.get("country"):
            place["address"] = {"@type": "PostalAddress", "addressCountry": where["country"], "name": where["name"]}
        if where.get("lat") is not None:
            place["geo"] = {"@type": "GeoCoordinates", "latitude": where["lat"], "longitude": where["lon"]}
        if where.get("precision"):
            place["description"] = PRECISION_WORDS[where["precision"]]
        # Event has no `citation`: its sources are CreativeWorks about it (`subjectOf`).
        return {"startDate": data["date"].iso(), "endDate": (shown_end(data["date"], data.get("end_date")) or data["date"]).iso(),
                "location": place, "keywords": data["kind"],
                "about": _dedupe([ref(views, a["actor"], base) for a in data.get("actors", [])]),
                "subjectOf": _sources(views, m.cited_ids(entity.data), base)}

    @staticmethod
    def actor(views, entity: Entity, base: str) -> dict:
        """An actor: alternate names, Wikidata, country, organisations it belongs to."""
        data = entity.data
        out: dict = {}
        if data.get("aliases"):
            out["alternateName"] = list(data["aliases"])
        if data.get("wikidata"):
            out["sameAs"] = [f"https://www.wikidata.org/entity/{data['wikidata']}"]
        country = data.get("country")
        if country and data["kind"] == "state":
            out["identifier"] = country
        elif country and data["kind"] == "person":
            out["nationality"] = {"@type": "Country", "identifier": country}
        elif country:
            out["address"] = {"@type": "PostalAddress", "addressCountry": country}
        member_of = [r["target"] for r in data.get("relations", []) if r["type"] in ("member-of", "part-of")
                     and views.p.head(r["target"]).data["kind"] not in ("person", "state")]
        if member_of and data["kind"] != "state":
            out["memberOf"] = _dedupe([ref(views, i, base) for i in member_of])
        return out

    @staticmethod
    def stake(views, entity: Entity, base: str) -> dict:
        """A stake: the briefings about it."""
        briefings = [ref(views, r.source, base) for r in views.p.refs_to(entity.id, "briefing.stakes.stake")]
        return {"subjectOf": _dedupe(briefings)} if briefings else {}


def _dedupe(nodes: list[dict]) -> list[dict]:
    """Nodes without repeats (by @id), keeping the first."""
    seen: dict[str, dict] = {}
    for node in nodes:
        seen.setdefault(node["@id"], node)
    return list(seen.values())


def dataset(site: dict, base: str) -> dict:
    """The data page as a schema.org Dataset with one DataDownload per file."""
    from .downloads import FILES, licence_of

    licence = licence_of(site)["url"]
    return {"@context": CONTEXT, "@type": "Dataset", "@id": absolute(base, "data/"), "url": absolute(base, "data/"),
            "name": f"{site.get('name', '')}: open data",
            "description": "Briefings, actors, incidents, diplomatic stakes and sources, with every link between them.",
            "license": licence, "isAccessibleForFree": True,
            "creator": {"@type": "Organization", "name": site.get("name", ""), "url": absolute(base, "")},
            "distribution": [{"@type": "DataDownload", "contentUrl": absolute(base, f["path"]),
                              "encodingFormat": f["media_type"], "name": f["name"]} for f in FILES]}
