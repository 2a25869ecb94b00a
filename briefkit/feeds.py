"""Atom feeds as plain data: all briefings, and one per actor and per stake, from the backlink index.

An actor's feed lists the briefings and incidents that name it in their
`actors`; a stake's feed lists the briefings that name it in their `stakes`
and the incidents those briefings cover. Entries run newest first, at most
`limit` of them. Dates come from the content (a partial date counts as its
first day), never from the clock; a feed with no entries is dated by the
newest content date of the site. `plugin.py` writes them through Pelican.

With a `downloads.Memo`, entries (and their digests) are kept across builds
like the download fragments, and `feed_digest` makes a feed's digest from
its entries' digests instead of from its whole data.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from operator import itemgetter

from . import model as m
from .bidi import isolated_text
from .dates import PartialDate
from .deps import backlinks_token, head_token, kind_token
from .downloads import Memo, use_memo
from .incremental import digest_of
from .index import Project
from .navigation import country_name
from .validate import Entity
from .views import ROLE_WORDS, Views, country_beside, dated_key, period_view, title_of

ALL_BRIEFINGS = "feeds/briefings.atom.xml"
DEFAULT_LIMIT = 50
SUMMARY_CHARS = 600
ENTRY_ACTORS = 10  # the actors an incident's entry names; the rest are counted (actors_text)


def holds(path: str) -> str:
    """What a feed holds, for its subtitle: the site's feed only briefings, an actor's or a stake's their incidents too."""
    return "newest briefings" if path == ALL_BRIEFINGS else "newest briefings and incidents"


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
    return [project.entities[i] for i in involved_ids(project, entity)]


def involved_ids(project: Project, entity: Entity) -> list[str]:
    """The ids of involved(project, entity)."""
    found: dict[str, None] = {}
    if entity.kind == "actor":
        for rel in ("briefing.actors.actor", "incident.actors.actor"):
            found.update(dict.fromkeys(ref.source for ref in project.refs_to(entity.id, rel)))
    elif entity.kind == "stake":
        for ref in project.refs_to(entity.id, "briefing.stakes.stake"):
            found[ref.source] = None
            found.update(dict.fromkeys(project.entities[ref.source].data.get("incidents", [])))
    return list(found)


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
        if published.precision != "day":  # <published> needs a day (the first one): the words say what is known
            summary = f"{published.text()}. {summary}".rstrip()
        updated = data.get("updated") or published
        if updated.first_day() < published.first_day():  # `updated: 2019-06` of `date: 2019-06-15`: not before it
            updated = published
        categories = tuple(data.get("tags", []))
    else:
        country = country_beside(data["location"])  # as on the page
        place = data["location"]["name"] + (f" ({country_name(country)})" if country else "")
        # The page's date words, its last day too: a five-day battle read as one day in a feed (a tester)
        lead = f"{data['kind'].capitalize()} in {place}, {period_view(published, data.get('end_date'))['text']}."
        lead += actors_text(views, data.get("actors", []))
        rest = views.plain(data.get("summary"), SUMMARY_CHARS)
        summary = f"{lead} {rest}" if rest else lead
        updated = published
        categories = (data["kind"],)
    # isolated as the tab's title is: a reader that lays a title out by its first letter swapped its words (a tester)
    return Entry(entity.id, entity.kind, isolated_text(title_of(entity)), views.url_of(entity.id), published, updated,
                 summary, categories)


def actors_text(views: Views, actors: list[dict]) -> str:
    """" Actors: A (target); B (target) and 7,997 more." for an incident's entry: the first ENTRY_ACTORS only.

    The entry is in the feed of every actor it names: all of them in each would make k feeds of k names (and k
    tokens: an entry reads the heads of the names it shows, and only those). The incident's page lists them all.
    """
    if not actors:
        return ""
    shown = "; ".join(f"{views.name_or_id(a['actor'])} ({ROLE_WORDS[a['role']]})" for a in actors[:ENTRY_ACTORS])
    rest = len(actors) - ENTRY_ACTORS
    return f" Actors: {shown}" + (f" and {rest:,} more." if rest > 0 else ".")


def all_feeds(project: Project, limit: int = DEFAULT_LIMIT, memo: Memo | None = None) -> list[Feed]:
    """Every feed of the site, in a stable order: briefings, then actors and stakes by id.

    With a memo (downloads.Memo.load), entries are kept from the last build while their inputs are unchanged.
    """
    maker = Feeds(project, limit, memo)
    return [maker.make(path, owner)[0] for path, owner in maker.paths()]


class Feeds:
    """Makes the site's feeds one at a time, each with the tokens it read (deps.py), so a build can keep the rest.

    A feed reads its owner's head and backlinks (who is in it), every entity in it (their
    dates order it), and what the entries it shows read (the actors an incident names, the
    targets of wikilinks); the briefings feed reads the briefings, an empty feed the newest
    date of the site (every briefing's and incident's head).
    """

    def __init__(self, project: Project, limit: int = DEFAULT_LIMIT, memo: Memo | None = None):
        self.project, self.limit = project, limit
        self.views = Views(project, {})
        self.memo = use_memo(project, memo, None)
        self.built = self.memo.scratch.setdefault("entries", {})  # id -> _unflatten(): one Entry per entity and build
        self._order: dict[str, tuple] = {}  # id -> its newest_first key
        self._fallback: tuple | None = None

    def paths(self) -> list[tuple[str, str | None]]:
        """(feed path, owner id) of every feed in order; the briefings feed has no owner."""
        found = [(ALL_BRIEFINGS, None)]
        for kind in ("actor", "stake"):
            found.extend((entity_feed_path(kind, entity.id), entity.id) for entity in self.project.by_kind.get(kind, []))
        return found

    def make(self, path: str, owner: str | None) -> tuple[Feed, str]:
        """One feed and its tokens (space-separated, as the manifest keeps them)."""
        project = self.project
        if owner is None:
            title, page_url, ids = "Briefings", "briefings/", [e.id for e in project.by_kind.get("briefing", [])]
            tokens = {kind_token("briefing")}
        else:
            entity = project.entities[owner]
            title, page_url = isolated_text(title_of(entity)), m.url_for(entity.kind, owner)
            ids = involved_ids(project, entity)
            tokens = {head_token(owner), backlinks_token(owner)}
        tokens.update(ids)
        shown = [self._entry(i) for i in sorted(ids, key=self._key, reverse=True)[: self.limit]]
        for item in shown:
            tokens.update(item[3])
        if not shown:  # an empty feed is dated by the newest content of the site
            tokens.update((kind_token("briefing"), kind_token("incident")))
        fallback = None if shown else self._newest()
        return feed(path, title, page_url, [item[:3] for item in shown], fallback), " ".join(sorted(tokens))

    def _entry(self, entity_id: str) -> tuple[Entry, str, tuple, tuple]:
        """An entity's entry (the same in every feed that lists it): (Entry, digest, update's first day, reads)."""
        found = self.built.get(entity_id)
        if found is None:
            flat = self.memo.piece(self.project.entities[entity_id], "entry", lambda e: _flat_entry(self.views, e),
                                   self.views)
            found = self.built[entity_id] = _unflatten(entity_id, flat)
        return found

    def _key(self, entity_id: str) -> tuple:
        """newest_first's key of an entity, kept (most entities are in several feeds)."""
        key = self._order.get(entity_id)
        if key is None:
            key = self._order[entity_id] = dated_key(self.project.entities[entity_id])
        return key

    def _newest(self) -> PartialDate | None:
        """latest_date of the project, found once."""
        if self._fallback is None:
            self._fallback = (latest_date(self.project),)
        return self._fallback[0]


def _flat_entry(views: Views, entity: Entity) -> tuple:
    """An entity's entry as plain values, with its digest and what it read: what the memo keeps."""
    made = entry(views, entity)
    dates = tuple((d.year, d.month, d.day) for d in (made.published, made.updated))
    return made.kind, made.title, made.url, dates, made.summary, made.categories, digest_of(made), tuple(sorted(views.reads))


def _unflatten(entity_id: str, flat: tuple) -> tuple[Entry, str, tuple, tuple]:
    """(Entry, digest, first day of its update, its reads) from _flat_entry's values."""
    kind, title, url, (published, updated), summary, categories, digest, reads = flat
    made = Entry(entity_id, kind, title, url, _date(published), _date(updated), summary, categories)
    return made, digest, made.updated.first_day(), reads


@cache
def _date(parts: tuple[int, int, int]) -> PartialDate:
    """One shared PartialDate per date (immutable): thousands of entries have a few hundred dates."""
    return PartialDate(*parts)


def feed(path: str, title: str, page_url: str, made: list[tuple[Entry, str, tuple]], fallback) -> Feed:
    """A feed of entries newest first, given as _unflatten() tuples; dated by its newest update, else fallback."""
    updated = max(made, key=itemgetter(2))[0].updated if made else fallback  # the first of equal days, as max() of dates
    return Feed(path, title, page_url, updated, tuple(m[0] for m in made))


def feed_digest(made: Feed, memo: Memo | None = None) -> str:
    """A digest of a feed's data: equal digests, equal feeds (from the entries' digests kept in memo, when there)."""
    built = memo.scratch.get("entries", {}) if memo is not None else {}
    entries = []
    for item in made.entries:
        kept = built.get(item.id)
        entries.append(kept[1] if kept is not None and kept[0] is item else digest_of(item))
    return digest_of((made.path, made.title, made.page_url, made.updated, tuple(entries)))
