"""Navigation as plain links: filtered and sorted index pages, claims by status,
related briefings, and previous/next along the timeline.

Every filter and every sort order is a static page written at build time, so
they all work without JavaScript. The pages (site-relative URLs):

| page | URL |
| --- | --- |
| a kind grouped by a facet (a sort order) | `<plural>/by_<facet>/` |
| a kind filtered by one value of a facet | `<plural>/by_<facet>/<value>/` |
| claims, counted by status | `claims/` |
| every claim of one status, with its page | `claims/status/<status>/` |

Facets: briefings by year; actors by kind and country; incidents by country,
year and kind; stakes by status. A value's URL segment is the ISO code in lower
case (`iq`), the year, the actor kind, or a slug of the editor's text
(`rocket-attack`); texts that slug alike share a page. Entity pages live one
level below the index (`incidents/<id>/`), and a grouped page's segment holds `_`,
which no id can (`by_country`), so no entity ever takes its URL (with `by-country`, an
actor of that id did, and the page was left out).

The filter bar on every index page is bounded, so that a value's page does not
grow with the number of values (with 2,000 incident kinds, one each, the bar listing
them all made each of 2,000 pages 200 KB): a facet's row shows at most
SHOWN_FACET_VALUES (12) values, those with the most entities (ties in the facet's
order), in the facet's order, plus the page's own value, then the link "All 2,000
kinds" to the grouped page, which lists every value once. Its summary still counts
every value. Twelve, as OPEN_FACET_VALUES: a row that shows more starts folded.

Incremental builds (deps.py): every read goes through `views.p`, so a page's
dependencies are recorded. Listing pages read whole kinds, but a value's page
does not: it records the derived facts `group:<kind>/<facet>/<segment>` (its
label and members) and, for its filter bar, `facet:<kind>/<facet>` (how many
values, and the ones shown with their counts), plus the heads of its members.
So renaming an incident renders again the pages of its own values, not every
value's page. Previous/next depends
on the order of every briefing and incident, but a page records only the token
`nav:<id>` of its own neighbours (a derived fact, see `derived_tokens`).
Related briefings, likewise, record `related:<id>` (which briefings, sharing
what) and the heads of what they show: not every briefing they outranked.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import heapq
import itertools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Callable

from . import model as m
from .bidi import isolated_text
from .deps import claims_token
from .suggest import folded
from .validate import Entity
from .views import KIND_WORDS, PageSpec, by_name, name_key, newest_first, oldest_first, period_of, title_of

RELATED_COUNT = 5
OPEN_FACET_VALUES = 12  # a filter row with more values starts folded (<details>)
SHOWN_FACET_VALUES = 12  # a filter row shows at most this many values (and the current one), then "All N kinds"
FACET_PLURALS = {"year": "years", "kind": "kinds", "country": "countries", "status": "statuses"}
STATUS_WORDS = {
    "confirmed": "established as fact by the sources",
    "reported": "reported by the sources, not independently confirmed",
    "claimed": "asserted by a party, usually the one it is attributed to",
    "alleged": "an accusation not (yet) substantiated",
    "disputed": "sources or parties disagree",
    "denied": "denied by the party concerned",
}
KIND_PLURAL_WORDS = {
    "person": "People", "state": "States", "government-body": "Government bodies", "armed-group": "Armed groups",
    "organization": "Organizations", "international-organization": "International organizations",
}


def country_name(code: str) -> str:
    """An ISO alpha-2 code's country name (Natural Earth's), or the code itself."""
    from .countries import _country_names  # the map data already names every country

    return _country_names().get(code.upper(), code.upper())


_MEANINGFUL = frozenset("+#?&%*=@$^|~<>")  # signs that tell texts apart, unlike spaces, hyphens, dots or slashes


def slug(text: str) -> str:
    """A URL segment for an editor's free text: its ASCII letters, digits and hyphens, in lower case (`Straße` and
    `STRASSE` alike); a hash of the text in lower case (suggest.folded) and without accents when a letter or digit
    has no ASCII form, so that texts share a page exactly when they differ only in case or accents (`Взрыв 2`,
    `Обстрел 2`: two pages); one longer
    than SLUG_CHARS is cut, and ends with a hash of its whole segment."""
    lowered = folded(text).replace("ı", "i")  # Turkish dotless i, `I` in lower case: `SALDIRI` is `saldırı` (a tester)
    decomposed = unicodedata.normalize("NFKD", lowered)
    result = re.sub(r"[^a-z0-9]+", "-", decomposed.encode("ascii", "ignore").decode()).strip("-")
    lost = any(not c.isascii() and unicodedata.category(c)[0] in "LN" for c in decomposed) or any(
        c in _MEANINGFUL for c in decomposed)  # `c++` and `c#` are not `c`
    # A text that reads like a hashed segment (`t-0e786a5e`, or a long text's cut `…-9ccf11bb`) is hashed too: it
    # would share another text's page (a tester).
    hashed = lost or not result or _HASHED_SEGMENT.fullmatch(result) is not None
    if hashed:  # accents aside, as the ASCII letters are: `ΣΕΙΣΜΟΣ` is `Σεισμός`, `İHA` (i and a dot) `iha` (a tester)
        bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))
        return "t-" + hashlib.sha1(bare.encode()).hexdigest()[:8]
    if len(result) <= SLUG_CHARS:
        return result
    # Cut, with a hash of the whole: two kinds alike in their first 60 letters shared one page (a tester).
    return f"{result[: SLUG_CHARS - 9].strip('-')}-{hashlib.sha1(result.encode()).hexdigest()[:8]}"


SLUG_CHARS = 60  # a facet value's URL segment at most
# a hashed text's segment, or a long one's once cut (its first SLUG_CHARS - 9 characters, a hyphen and 8 hex digits)
_HASHED_SEGMENT = re.compile(rf"t-[0-9a-f]{{8}}|.{{1,{SLUG_CHARS - 9}}}-[0-9a-f]{{8}}")


# --- facets -------------------------------------------------------------------


@dataclass(frozen=True)
class Facet:
    """One way to filter and sort a kind: `values(entity)` gives (segment, label, order key) or None."""

    kind: str
    name: str  # url: by_<name>
    label: str  # "Country"
    values: Callable[[Entity], tuple[str, str, tuple] | None]
    title: str  # page title of one value: {plural} / {value}

    @property
    def segment(self) -> str:
        """The grouped page's URL segment: `_` is in no id (FORMAT.md), so no entity's page is there."""
        return f"by_{self.name}"


def _year(entity: Entity):
    date = entity.data.get("date")
    return (str(date.year), str(date.year), (-date.year,)) if date else None


@functools.lru_cache(maxsize=4096)  # pure, and called for every entity on every build: a few hundred values
def _country(code: str | None):
    if not code:
        return None
    name = country_name(code)
    return code.lower(), name, (name_key(name), code)


@functools.lru_cache(maxsize=4096)
def _text(text: str | None):
    shown = " ".join(text.split()) if text else ""
    return (slug(text), shown, (name_key(shown), shown)) if shown else None


FACETS: dict[str, tuple[Facet, ...]] = {
    "briefing": (Facet("briefing", "year", "Year", _year, "{plural} from {value}"),),
    "actor": (
        Facet("actor", "kind", "Kind",
              lambda e: (e.data["kind"], KIND_PLURAL_WORDS[e.data["kind"]], (m.ACTOR_KINDS.index(e.data["kind"]),)),
              "{value}"),
        Facet("actor", "country", "Country", lambda e: _country(e.data.get("country")), "{plural} in {value}"),
    ),
    "incident": (
        Facet("incident", "country", "Country", lambda e: _country(e.data["location"].get("country")), "{plural} in {value}"),
        Facet("incident", "year", "Year", _year, "{plural} in {value}"),
        Facet("incident", "kind", "Kind", lambda e: _text(e.data["kind"]), "{plural}: {value}"),
    ),
    "stake": (Facet("stake", "status", "Status", lambda e: _text(e.data.get("status")), "{plural} with status “{value}”"),),
}
DEFAULT_ORDER = {"briefing": "Newest first", "actor": "By name", "incident": "Newest first", "stake": "By name"}


def _groups(views, facet: Facet) -> tuple[list[dict], list[Entity]]:
    """_facet_groups, recording a read of the whole kind (for the pages that list every value or every entity)."""
    views.p.by_kind[facet.kind]  # a tracked read of the whole kind
    return _facet_groups(views.p.untracked(), views.cache, facet)


def _facet_groups(project, cache: dict, facet: Facet) -> tuple[list[dict], list[Entity]]:
    """A facet's values in order: [{segment, label, entities}] (entities in index order), plus those without a value;
    made once per build (cache: a Views.cache), untracked: callers record what they show."""
    made = cache.setdefault("facet_groups", {})
    key = (facet.kind, facet.name)
    if key not in made:
        found: dict[str, dict] = {}
        missing = []
        for entity in _index_order(project, cache, facet.kind):
            value = facet.values(entity)
            if value is None:
                missing.append(entity)
                continue
            segment, label, order = value
            group = found.setdefault(segment, {"segment": segment, "entities": [], "spellings": Counter()})
            group["spellings"][(order, label)] += 1
            group["entities"].append(entity)
        for group in found.values():  # texts that slug alike: the most used spelling names them, else _spelling's
            (group["order"], group["label"]), _ = max(group.pop("spellings").items(), key=_spelling)
        made[key] = (sorted(found.values(), key=lambda g: (g["order"], g["segment"])), missing)
    return made[key]


def _facet_lookup(project, cache: dict, facet: Facet) -> tuple[list[int], dict[str, int]]:
    """The places (in the facet's order) of a facet's SHOWN_FACET_VALUES largest values, and each value's place by its
    segment: made once per build. Worked out on every value's page, they made 8,000 kinds a minute's rendering (a
    tester)."""
    made = cache.setdefault("facet_lookup", {})
    key = (facet.kind, facet.name)
    if key not in made:
        groups, _ = _facet_groups(project, cache, facet)
        top = heapq.nsmallest(SHOWN_FACET_VALUES, range(len(groups)), key=lambda n: (-len(groups[n]["entities"]), n))
        made[key] = (sorted(top), {g["segment"]: n for n, g in enumerate(groups)})
    return made[key]


def _spelling(item) -> tuple:
    """How a spelling ranks to name its group: the most used, then one written as words (`rocket attack`, not
    `rocket_attack`), then one not in capitals (`émeute`, not `ÉMEUTE`); max() keeps the first seen of equals."""
    (_, label), count = item
    return count, "_" not in label, not label.isupper()


def _index_order(project, cache: dict, kind: str) -> list[Entity]:
    """index_order of a whole kind, sorted once per build for all its facets (cache: a Views.cache)."""
    made = cache.setdefault("index_order", {})
    if kind not in made:
        made[kind] = index_order(kind, project.by_kind.get(kind, []))
    return made[kind]


def index_order(kind: str, entities: list[Entity]) -> list[Entity]:
    """The order of a kind's index: dated kinds newest first, the rest by name."""
    if kind in ("briefing", "incident"):
        return newest_first(entities)
    return sorted(entities, key=by_name)


def grouped_url(kind: str, name: str) -> str:
    """The URL (from the site root) of a kind's page grouped by the facet `name`."""
    facet = next(f for f in FACETS[kind] if f.name == name)
    return f"{m.PLURALS[kind]}/{facet.segment}/"


BROWSE = (("incident", "country", "Incidents by country"), ("incident", "year", "Incidents by year"),
          ("actor", "kind", "Actors by kind"), ("actor", "country", "Actors by country"))  # the home page's grouped pages


def browse_links(views, root: str) -> list[dict]:
    """The home page's links to the grouped pages (BROWSE)."""
    return [{"url": root + grouped_url(kind, name), "label": label} for kind, name, label in BROWSE]


def pages(project) -> list[PageSpec]:
    """The navigation pages, in a stable order (called from views.plan)."""
    out = []
    for kind, facets in FACETS.items():
        plural = m.PLURALS[kind]
        entities = project.by_kind.get(kind, [])
        for facet in facets:
            base = f"{plural}/{facet.segment}/"
            out.append(PageSpec(base + "index.html", base, "kind_index.html", "filter", f"{kind}/{facet.name}/"))
            segments = sorted({value[0] for value in map(facet.values, entities) if value})
            for segment in segments:
                out.append(PageSpec(f"{base}{segment}/index.html", f"{base}{segment}/", "kind_index.html", "filter",
                                    f"{kind}/{facet.name}/{segment}"))
    out.append(PageSpec("claims/index.html", "claims/", "claims.html", "claims", ""))
    for status in m.CLAIM_STATUSES:
        out.append(PageSpec(f"claims/status/{status}/index.html", f"claims/status/{status}/", "claims.html", "claims", status))
    out.append(PageSpec("map/index.html", "map/", "map.html", "map"))
    out.append(PageSpec("search/index.html", "search/", "search.html", "search"))
    return out


def filter_bar(views, kind: str, current: tuple[str, str] | None) -> dict:
    """Sort and filter links for a kind's index pages; `current` is (facet, segment), segment '' for a grouped page.

    Each facet's row is bounded (`_shown_values`): the page records `facet_token` of each facet, not the whole kind.
    """
    plural = m.PLURALS[kind]
    sorts = [{"label": DEFAULT_ORDER[kind], "url": f"{plural}/", "current": current is None}]
    if kind == "incident":
        sorts.append({"label": "Oldest first (timeline)", "url": "timeline/", "current": False})
    rows = []
    project = views.p.untracked()
    for facet in FACETS[kind]:
        views.reads.add(facet_token(facet))
        groups, _ = _facet_groups(project, views.cache, facet)
        url = f"{plural}/{facet.segment}/"
        sorts.append({"label": f"By {facet.label.lower()}", "url": url, "current": current == (facet.name, "")})
        on = current[1] if current and current[0] == facet.name else None
        values = [{"label": g["label"], "count": len(g["entities"]), "url": f"{url}{g['segment']}/",
                   "current": g["segment"] == on}
                  for g in _shown_values(groups, on, _facet_lookup(project, views.cache, facet))]
        if values:
            every = None if len(values) == len(groups) else {
                "label": f"All {len(groups):,} {FACET_PLURALS[facet.name]}", "url": url, "current": on == ""}
            rows.append({"label": facet.label, "values": values, "total": len(groups), "every": every,
                         "open": len(groups) <= OPEN_FACET_VALUES or any(v["current"] for v in values)})
    # On one value's page, a row's counts and links are of the whole kind: `2024 42` beside "Incidents in Iraq" read as
    # 42 Iraqi incidents, and led to incidents of every country (a tester). Said, not combined: one page per value.
    scope = f"Counts and links here are of all {plural}." if current and current[1] and rows else ""
    return {"label": f"Sort and filter {plural}", "sorts": sorts, "facets": rows, "scope": scope,
            "all": {"label": f"All {plural}", "url": f"{plural}/", "current": current is None}}


def _shown_values(groups: list[dict], current: str | None, lookup: tuple[list[int], dict[str, int]]) -> list[dict]:
    """The groups a filter row shows, in the facet's order: every one when at most SHOWN_FACET_VALUES, else the
    SHOWN_FACET_VALUES largest (ties in the facet's order) and the current one (lookup: _facet_lookup's)."""
    if len(groups) <= SHOWN_FACET_VALUES:
        return groups
    top, place = lookup
    at = place.get(current)
    return [groups[n] for n in (top if at is None or at in top else sorted([*top, at]))]


def facet_token(facet: Facet) -> str:
    """The derived fact every filter bar of the kind reads: how many values the facet has, and the largest shown."""
    return f"facet:{facet.kind}/{facet.name}"


def group_token(facet: Facet, segment: str) -> str:
    """The derived fact a value's page reads: the value's label and its members, in order."""
    return f"group:{facet.kind}/{facet.name}/{segment}"


def facet_tokens(project, cache: dict) -> dict[str, str]:
    """The derived facts of the filter pages (see `facet_token`, `group_token`): linear in the entities."""
    tokens = {}
    for facets in FACETS.values():
        for facet in facets:
            groups, _ = _facet_groups(project, cache, facet)
            shown = _shown_values(groups, None, _facet_lookup(project, cache, facet))
            tokens[facet_token(facet)] = f"{len(groups)} " + " ".join(
                f"{g['segment']}={len(g['entities'])}:{g['label']}" for g in shown)
            for g in groups:
                tokens[group_token(facet, g["segment"])] = g["label"] + "\n" + " ".join(e.id for e in g["entities"])
    return tokens


def index_extras(views, kind: str, ctx: dict) -> dict:
    """What a kind's main index adds to its context: the filter bar and the count."""
    return {"filters": filter_bar(views, kind, None), "groups": [], "count_text": count_text(kind, len(ctx["items"]))}


def count_text(kind: str, n: int) -> str:
    """`1 incident`, `12 incidents`."""
    return f"{n:,} {kind if n == 1 else m.PLURALS[kind]}"


def page_filter(views, spec: PageSpec) -> dict:
    """A kind grouped by a facet (`kind/facet/`) or filtered by one value (`kind/facet/segment`)."""
    kind, name, segment = spec.key.split("/")
    facet = next(f for f in FACETS[kind] if f.name == name)
    plural = m.PLURALS[kind]
    crumbs = [{"url": "", "name": "Home"}, {"url": f"{plural}/", "name": plural.capitalize()}]
    if segment:
        # Only this value's members and the bounded filter bar: not the whole kind (every other value's members).
        views.reads.add(group_token(facet, segment))
        project = views.p.untracked()
        group = _facet_groups(project, views.cache, facet)[0][_facet_lookup(project, views.cache, facet)[1][segment]]
        from .countries import in_a_sentence  # as country_name

        # "in the Netherlands"; an editor's value isolated: `Incidents: هجوم صاروخي` was a heading laid out right to
        # left, the theme's English words and all, once the value's letters outnumbered them (a tester)
        value = in_a_sentence(segment) if facet.name == "country" else isolated_text(group["label"])
        if facet.name == "year" and len(value) < 4:  # "Incidents in 79" read as a count (a tester)
            value = f"the year {value}"
        title = facet.title.format(plural=plural.capitalize(), value=value)
        crumbs.append({"url": f"{plural}/{facet.segment}/", "name": f"By {facet.label.lower()}"})
        ctx = views.base(spec, title, crumbs)
        ctx.update(kind=kind, items=[views.index_item(e) for e in group["entities"]], groups=[],
                   count_text=count_text(kind, len(group["entities"])), filters=filter_bar(views, kind, (name, segment)))
        return ctx
    title = f"{plural.capitalize()} by {facet.label.lower()}"
    ctx = views.base(spec, title, crumbs)
    groups, missing = _groups(views, facet)  # every value once, with its members
    shown = [{"label": g["label"], "anchor": f"g_{g['segment']}", "url": f"{plural}/{facet.segment}/{g['segment']}/",
              "items": [views.index_item(e) for e in g["entities"]]} for g in groups]
    if missing:
        shown.append({"label": f"No {facet.label.lower()} given", "anchor": "g__none", "url": "",
                      "items": [views.index_item(e) for e in missing]})
    ctx.update(kind=kind, items=[], groups=shown, count_text=count_text(kind, sum(len(g["items"]) for g in shown)),
               filters=filter_bar(views, kind, (name, "")))
    return ctx


# --- claims by status -----------------------------------------------------------


def _claims_by_status(views) -> dict[str, list[tuple[Entity, int, dict]]]:
    """Every claim as (holder, number, claim), by status: holders newest first, undated (stakes) last by name.

    Sorted once per build; each page still reads the three kinds (tracked).
    """
    briefings, incidents, stakes = (views.p.by_kind[kind] for kind in ("briefing", "incident", "stake"))
    if "claims_by_status" not in views.cache:
        holders = newest_first(briefings + incidents) + sorted(stakes, key=by_name)
        by_status: dict[str, list] = {s: [] for s in m.CLAIM_STATUSES}
        for holder in holders:
            for number, claim in enumerate(holder.data.get("claims", []), 1):
                by_status[claim["status"]].append((holder, number, claim))
        views.cache["claims_by_status"] = by_status
        views.cache["claims_read"] = [claims_token(h.id) for h in holders]
    views.reads.update(views.cache["claims_read"])  # every claims page shows counts of all claims
    return views.cache["claims_by_status"]


def page_claims(views, spec: PageSpec) -> dict:
    """`claims/`: counts by status; `claims/status/<s>/`: every claim of that status with its page."""
    status = spec.key
    by_status = _claims_by_status(views)
    counts = {s: len(by_status[s]) for s in m.CLAIM_STATUSES}
    statuses = [{"status": s, "words": STATUS_WORDS[s], "count": counts[s], "url": f"claims/status/{s}/",
                 "current": s == status} for s in m.CLAIM_STATUSES]
    crumbs = [{"url": "", "name": "Home"}]
    if not status:
        ctx = views.base(spec, "Claims by status", crumbs)
        ctx.update(statuses=statuses, status=None, claims=[], total=sum(counts.values()))
        return ctx
    crumbs.append({"url": "claims/", "name": "Claims"})
    ctx = views.base(spec, f"Claims: {status}", crumbs, f"Every claim on this site with the status “{status}”.")
    root = ctx["ROOT"]
    claims = [dict(views.claim_view(number, claim, root), date=period_of(holder.data),
                   on=views.link(holder.id, kind_word=holder.kind.capitalize()))
              for holder, number, claim in by_status[status]]
    ctx.update(statuses=statuses, status={"status": status, "words": STATUS_WORDS[status]}, claims=claims,
               total=sum(counts.values()))
    return ctx


# --- on entity pages -------------------------------------------------------------


def related_briefings(views, entity: Entity) -> list[dict]:
    """Up to RELATED_COUNT other briefings sharing the most actors and stakes; ties newest first, then by id.

    Which briefings those are is the derived fact `related:<id>` (see `derived_tokens`): the page records that token
    and the heads of what it shows, not each briefing it outranked (a thousand, when they all name one actor).
    """
    views.reads.add(related_token(entity.id))
    out = []
    for other, common, n_actors in _related(views.p.untracked(), views.cache, entity):
        n_stakes = len(common) - n_actors
        words = []
        if n_actors:
            words.append(f"{n_actors} actor{'s' if n_actors != 1 else ''}")
        if n_stakes:
            words.append(f"{n_stakes} stake{'s' if n_stakes != 1 else ''}")
        names = [title_of(views.p.head(c)) for c in common[:3]]
        if len(common) > 3:
            names.append(f"{len(common) - 3:,} more")
        out.append(views.dated_link(views.p.head(other), shared=" and ".join(words) + " in common",
                                    shared_names=", ".join(names)))
    return out


def related_token(briefing_id: str) -> str:
    """The derived fact a briefing page reads for its related briefings (their ids and what they share)."""
    return f"related:{briefing_id}"


SHORT_LIST = 8 * RELATED_COUNT  # a target named by at most this many briefings is read whole; longer ones are walked


def _related(project, cache: dict, entity: Entity) -> list[tuple[str, tuple[str, ...], int]]:
    """A briefing's related briefings as (id, the targets shared in its own order, how many are actors), made once
    per build (cache: a Views.cache)."""
    made = cache.setdefault("related", {})
    if entity.id not in made:
        actors = dict.fromkeys(a["actor"] for a in entity.data.get("actors", []))
        stakes = dict.fromkeys(s["stake"] for s in entity.data.get("stakes", []))
        targets = [(t, "briefing.actors.actor") for t in actors] + [(t, "briefing.stakes.stake") for t in stakes]
        lists = [_referring(project, cache, target, rel) for target, rel in targets]
        shown = []
        for _, (_, other) in _best_ranks(entity.id, lists, lambda other: _newest_key(project.entities[other])):
            common = tuple(dict.fromkeys(t for (t, _), (_, ids) in zip(targets, lists) if other in ids))
            shown.append((other, common, sum(1 for c in common if c in actors)))
        made[entity.id] = shown
    return made[entity.id]


def _referring(project, cache: dict, target: str, rel: str) -> tuple[list[tuple], frozenset[str]]:
    """The briefings referring to target through rel: their rank keys sorted (newest first, then by id), and their
    ids; made once per build for each target (cache: a Views.cache)."""
    lists = cache.setdefault("related_lists", {})
    if (target, rel) not in lists:
        ids = frozenset(ref.source for ref in project.refs_to(target, rel))
        lists[(target, rel)] = (sorted(_newest_key(project.entities[i]) for i in ids), ids)
    return lists[(target, rel)]


def _newest_key(entity: Entity) -> tuple:
    """Newest first, then by id: the order of briefings sharing as many targets."""
    date = entity.data.get("date")
    day = (date.year, date.month, date.day) if date else (0, 0, 0)
    return tuple(-x for x in day), entity.id


def _best_ranks(me: str, lists: list[tuple[list[tuple], frozenset[str]]], key_of=None) -> list[tuple]:
    """The RELATED_COUNT best ranks (-targets shared, newest key) of the briefings in lists but me, in order.

    Short lists are read whole; the long ones are walked together in key order, only until no briefing further on
    can take a place: one not seen yet is in none of the short lists and in at most as many long ones as are left,
    at or after the walk's next key. So when every briefing shares one actor, a few steps, not every briefing.
    A walk still going after SHORT_LIST steps reads first the briefings in two long lists or more, when they are few
    (_read_many): every other one shares one target, and the walk stops once the places are taken. Briefings naming
    one of 40 countries and one of 40 topics had walked a fortieth of every briefing for each one (quadratic: a
    tester); where most share every target, the walk ends before that, and no sets are intersected.
    key_of(id): a briefing's key (looked up in the lists when not given).
    """
    members = [ids for _, ids in lists]
    best: list[tuple] = []
    seen = {me}

    def consider(key: tuple) -> None:
        if key[1] in seen:
            return
        seen.add(key[1])
        rank = (-sum(1 for ids in members if key[1] in ids), key)
        if len(best) < RELATED_COUNT or rank < best[-1]:
            bisect.insort(best, rank)
            del best[RELATED_COUNT:]

    long = []
    for ordered, ids in lists:
        if len(ordered) <= SHORT_LIST:
            for key in ordered:
                consider(key)
        else:
            long.append((ordered, ids))
    walk = [(ordered[0], n, 0) for n, (ordered, _) in enumerate(long)]
    heapq.heapify(walk)
    few, steps = False, 0
    while walk:
        key, n, at = walk[0]
        if len(best) == RELATED_COUNT and best[-1] < (-(1 if few else len(walk)), key):
            break  # every briefing not seen yet ranks after (-len(walk), key), or (-1, key) once `many` are read
        steps += 1
        if steps == SHORT_LIST:  # a long walk (when most share every target, a few steps end it): read the many first
            few = _read_many(long, key_of or functools.partial(_key_in, long), consider)
            continue
        consider(key)
        ordered = long[n][0]
        if at + 1 < len(ordered):
            heapq.heapreplace(walk, (ordered[at + 1], n, at + 1))
        else:
            heapq.heappop(walk)
    return best


def _key_in(lists: list[tuple[list[tuple], frozenset[str]]], other: str) -> tuple:
    """A briefing's key, looked up in the lists that hold it."""
    return next(key for ordered, _ in lists for key in ordered if key[1] == other)


def _read_many(long: list[tuple[list[tuple], frozenset[str]]], key_of, consider) -> bool:
    """Consider the briefings in two long lists or more, found by intersecting their sets (in C), when they are few
    (then every other one shares a single target); True when they were."""
    many: set[str] = set()
    for (_, a), (_, b) in itertools.combinations(long, 2):
        many |= a & b
        if len(many) > SHORT_LIST:
            return False
    for other in sorted(many):
        consider(key_of(other))
    return True


def timeline_links(project) -> dict[str, tuple[str | None, str | None]]:
    """Each briefing's and incident's neighbours on the timeline: id -> (previous id, next id)."""
    ids = [e.id for e in oldest_first(project.by_kind["briefing"] + project.by_kind["incident"])]
    return {entity_id: (ids[k - 1] if k else None, ids[k + 1] if k + 1 < len(ids) else None)
            for k, entity_id in enumerate(ids)}


SEARCH_TOKEN = "search:merge"  # a derived fact (plugin.py): the search indexes the search page merges


DERIVED_PREFIXES = ("nav:", "facet:", "group:", "related:")  # the tokens derived_tokens makes


def derived_tokens(project, cache: dict | None = None) -> dict[str, str]:
    """Facts derived from the whole corpus, as tokens with a value (see incremental.py): the timeline neighbours,
    each briefing's related briefings (with the targets each shares; none when it has none), and the filter pages'
    facts (`facet_tokens`).

    They read only the entities' heads and references (tests/test_navigation.py checks it), so a build whose
    entities have the heads, references and places of the last one's takes the last ones (plugin.py).
    cache: the build's `Views.cache`, which then holds both for the pages too.
    """
    cache = {} if cache is None else cache
    links = _timeline(project, cache)
    tokens = {f"nav:{i}": f"{before or ''}|{after or ''}" for i, (before, after) in links.items()}
    tokens.update(facet_tokens(project, cache))
    for briefing in project.by_kind["briefing"]:
        shown = _related(project, cache, briefing)
        if shown:
            tokens[related_token(briefing.id)] = " ".join(f"{other}={n_actors}:{','.join(common)}"
                                                          for other, common, n_actors in shown)
    return tokens


def _timeline(project, cache: dict) -> dict[str, tuple[str | None, str | None]]:
    """timeline_links(project), made once per build (cache: a Views.cache)."""
    if "timeline" not in cache:
        cache["timeline"] = timeline_links(project)
    return cache["timeline"]


def timeline_neighbours(views, entity: Entity) -> dict:
    """The briefings or incidents just before and after this one on the timeline (`/timeline/` order).

    The order depends on every dated entity, but a page only needs its two
    neighbours: it records the token `nav:<id>`, which is dirty exactly when
    those neighbours change, instead of reading both whole kinds.
    """
    views.reads.add(f"nav:{entity.id}")
    before, after = _timeline(views.p.untracked(), views.cache).get(entity.id, (None, None))

    def near(other_id: str | None) -> dict | None:
        if other_id is None:
            return None
        other = views.p.head(other_id)  # a link shows the name and date: a neighbour's summary edited changes nothing
        return views.dated_link(other, kind_word=other.kind.capitalize())

    return {"prev": near(before), "next": near(after)}


def entity_extras(views, entity: Entity, root: str) -> dict:
    """What navigation adds to an entity page."""
    extras: dict = {}
    if entity.kind in ("briefing", "incident"):
        extras["along"] = timeline_neighbours(views, entity)
    if entity.kind == "briefing":
        extras["related"] = related_briefings(views, entity)
    return extras


def page_search(views, spec: PageSpec) -> dict:
    """The search page: Pagefind's UI, and plain links for readers without JavaScript."""
    ctx = views.base(spec, "Search", [{"url": "", "name": "Home"}], "Search briefings, actors, incidents and stakes.")
    views.reads.add(SEARCH_TOKEN)
    ctx["merge"] = " ".join(views.site.get("search_merge", ()))
    ctx.update(browse=[{"label": m.PLURALS[k].capitalize(), "url": f"{m.PLURALS[k]}/"} for k in m.PAGE_KINDS]
               + [{"label": "Timeline", "url": "timeline/"}, {"label": "Map", "url": "map/"},
                  {"label": "Claims by status", "url": "claims/"}, {"label": "Sources", "url": "sources/"}])
    return ctx


def _page_map(views, spec: PageSpec) -> dict:
    from .figures import page_map

    return page_map(views, spec)


PAGES = {"filter": page_filter, "claims": page_claims, "map": _page_map, "search": page_search}
