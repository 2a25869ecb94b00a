"""Atom feeds as plain data: all briefings, and one per actor and per stake, from the backlink index.

An actor's feed lists the briefings and incidents that name it in their
`actors`; a stake's feed lists the briefings that name it in their `stakes`
and the incidents those briefings cover. Entries run newest first, at most
`limit` of them. Dates come from the content (a partial date counts as its
first day), never from the clock; a feed with no entries is dated by the
newest content date of the site. `plugin.py` writes them through Pelican.
"""

from __future__ import annotations

from dataclasses import dataclass

from .dates import PartialDate
from .index import Project
from .validate import Entity
from .views import ROLE_WORDS, Views, newest_first, title_of

ALL_BRIEFINGS = "feeds/briefings.atom.xml"
DEFAULT_LIMIT = 50
SUMMARY_CHARS = 600


@dataclass(frozen=True)
class Entry:
    """One feed entry: a briefing or an incident."""

    id: str
    kind: str
    title: str
    url: str  # site-relative page URL
    published: PartialDate
    updated: PartialDate
    summary: str  # plain text
    categories: tuple[str, ...] = ()


@dataclass(frozen=True)
class Feed:
    """One Atom feed: where it is written, what it follows, its entries newest first."""

    path: str
    title: str
    page_url: str  # site-relative URL of the page the feed follows
    updated: PartialDate | None
    entries: tuple[Entry, ...]


def entity_feed_path(kind: str, entity_id: str) -> str:
    """Output path of an actor's or a stake's feed."""
    return f"feeds/{kind}s/{entity_id}.atom.xml"


def involved(project: Project, entity: Entity) -> list[Entity]:
    """The briefings and incidents that involve an actor or a stake (distinct, unordered)."""
    found: dict[str, Entity] = {}
    if entity.kind == "actor":
        for rel in ("briefing.actors.actor", "incident.actors.actor"):
            for ref in project.refs_to(entity.id, rel):
                found[ref.source] = project.entities[ref.source]
    elif entity.kind == "stake":
        for ref in project.refs_to(entity.id, "briefing.stakes.stake"):
            briefing = project.entities[ref.source]
            found[briefing.id] = briefing
            for incident_id in briefing.data.get("incidents", []):
                found[incident_id] = project.entities[incident_id]
    return list(found.values())


def latest_date(project: Project) -> PartialDate | None:
    """The newest content date of the site (briefing dates and updates, incident dates)."""
    dates = [d for e in project.by_kind.get("briefing", []) for d in (e.data.get("date"), e.data.get("updated")) if d]
    dates += [e.data["date"] for e in project.by_kind.get("incident", [])]
    return max(dates, key=lambda d: d.first_day(), default=None)


def entry(views: Views, entity: Entity) -> Entry:
    """The feed entry of a briefing or an incident."""
    data = entity.data
    published = data["date"]
    if entity.kind == "briefing":
        summary = views.plain(data.get("summary"), SUMMARY_CHARS)
        updated = data.get("updated") or published
        categories = tuple(data.get("tags", []))
    else:
        place = data["location"]["name"] + (f" ({data['location']['country']})" if data["location"].get("country") else "")
        lead = f"{data['kind'].capitalize()} in {place}, {published.text()}."
        actors = [f"{views.name_or_id(a['actor'])} ({ROLE_WORDS[a['role']]})" for a in data.get("actors", [])]
        if actors:
            lead += " Actors: " + "; ".join(actors) + "."
        rest = views.plain(data.get("summary"), SUMMARY_CHARS)
        summary = f"{lead} {rest}" if rest else lead
        updated = published
        categories = (data["kind"],)
    return Entry(entity.id, entity.kind, title_of(entity), views.url_of(entity.id), published, updated, summary, categories)


def feed(entries_of, path: str, title: str, page_url: str, entities: list[Entity], limit: int, fallback) -> Feed:
    """A feed of the newest `limit` of entities; entries_of(entity) gives an entity's entry."""
    entries = tuple(entries_of(e) for e in newest_first(entities)[:limit])
    updated = max((e.updated for e in entries), key=lambda d: d.first_day(), default=fallback)
    return Feed(path, title, page_url, updated, entries)


def all_feeds(project: Project, limit: int = DEFAULT_LIMIT) -> list[Feed]:
    """Every feed of the site, in a stable order: briefings, then actors and stakes by id."""
    views = Views(project, {})
    made: dict[str, Entry] = {}  # an entity's entry is the same in every feed that lists it

    def entries_of(entity: Entity) -> Entry:
        if entity.id not in made:
            made[entity.id] = entry(views, entity)
        return made[entity.id]

    fallback = latest_date(project)
    feeds = [feed(entries_of, ALL_BRIEFINGS, "Briefings", "briefings/", project.by_kind.get("briefing", []), limit, fallback)]
    for kind in ("actor", "stake"):
        for entity in project.by_kind.get(kind, []):
            feeds.append(feed(entries_of, entity_feed_path(kind, entity.id), title_of(entity), views.url_of(entity.id),
                              involved(project, entity), limit, fallback))
    return feeds
