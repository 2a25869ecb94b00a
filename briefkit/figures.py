"""Which pictures a page shows, and from which entities: pictures.py draws them.

Each picture is computed from the page's own neighbourhood (an actor's own and
incoming relations, the incidents and briefings that name it, one incident's
location), never from the whole corpus, except on the two pages that show the
whole corpus (`/map/` and `/timeline/`). A picture is a dict `{svg, caption}`
(or None when there is nothing to draw); the theme wraps it in
`<figure class="picture">`. Every picture repeats what the page's lists and
tables already say in text. Reads go through `views.p` (tracked, see deps.py).
"""

from __future__ import annotations

from markupsafe import Markup

from . import model as m
from . import pictures
from .bidi import isolated_text
from .dates import shown_end
from .navigation import country_name, grouped_url
from .problems import counted
from .views import PageSpec, naming, newest_first, oldest_first, period_of, title_of
from .validate import Entity

# Drawing widths in px: the text column of the theme (site.css --measure, 42rem), so that
# the pictures' text is drawn at about its nominal size.
WIDTH = 680
# Site-relative folder of the locator maps' shared base-map tiles (theme/static/maps/, written by
# pictures.write_base_map; the theme's static files are published under theme/).
BASE_MAP = "theme/maps/"


def _parts(date) -> tuple[int, int | None, int | None]:
    """A PartialDate as (year, month or None, day or None), the form pictures.timeline_strip takes."""
    return (date.year, date.month or None, date.day or None)


def _item(entity: Entity, root: str) -> dict:
    data = entity.data
    end = shown_end(data["date"], data.get("end_date"))  # as on the pages: one that adds nothing to the start is left out
    return {"label": title_of(entity), "url": root + m.url_for(entity.kind, entity.id), "kind": entity.kind,
            "start": _parts(data["date"]), "end": _parts(end) if end else None}


def _figure(svg: str, caption: str, wide: bool = False) -> dict:
    """A picture for the `picture` macro: its SVG, caption and id (its own ids' prefix, unique on its page); a wide
    one links its marks, and a keyboard may skip them (macros.html)."""
    return {"svg": Markup(svg), "caption": caption, "wide": wide, "id": pictures.svg_id(svg)}


def timeline_picture(entities: list[Entity], root: str, what: str) -> dict | None:
    """A timeline strip of dated entities (briefings and incidents); `what` ends the caption's first sentence."""
    dated = [e for e in entities if e.data.get("date")]
    if not dated:
        return None
    svg = pictures.timeline_strip([_item(e, root) for e in oldest_first(dated)], width=WIDTH)  # as the list below
    briefings = sum(1 for e in dated if e.kind == "briefing")
    parts = [p for p in (counted(briefings, "briefing") if briefings else "",
                         counted(len(dated) - briefings, "incident") if len(dated) > briefings else "") if p]
    caption = (f"Timeline of {' and '.join(parts)} {what}, oldest on the left. Briefings are blue diamonds, "
               "incidents red dots; a bar is a period or a date known only to the month or year. Each mark links to "
               "its page.")
    return _figure(svg, caption, wide=True)


def actor_timeline(views, entity: Entity, root: str) -> dict | None:
    """The incidents and briefings that name an actor."""
    me = entity.id
    items = views.referrers(me, "incident.actors.actor") + views.referrers(me, "briefing.actors.actor")
    return timeline_picture(items, root, f"involving {title_of(entity)}")


def stake_timeline(views, entity: Entity, root: str) -> dict | None:
    """The briefings that bear on a stake."""
    return timeline_picture(views.referrers(entity.id, "briefing.stakes.stake"), root, f"bearing on {title_of(entity)}")


def _node(entity: Entity, root: str) -> dict:
    return {"id": entity.id, "label": title_of(entity), "url": root + m.url_for("actor", entity.id), "kind": entity.data["kind"]}


def actor_graph(views, entity: Entity, root: str) -> dict | None:
    """An actor's own relations and the relations other actors declare towards it."""
    me = entity.id
    neighbours: dict[str, None] = {}
    edges = []
    for rel in entity.data.get("relations", []):
        neighbours[rel["target"]] = None
        edges.append({"source": me, "target": rel["target"], "type": rel["type"], "direction": "out"})
    for other in views.referrers(me, "actor.relations.target"):
        for rel in naming(other.data.get("relations", []), "target", me):
            neighbours[other.id] = None
            edges.append({"source": other.id, "target": me, "type": rel["type"], "direction": "in"})
    neighbours.pop(me, None)
    if not neighbours:
        return None
    svg = pictures.relation_graph(_node(entity, root), [_node(views.p.head(i), root) for i in neighbours], edges,
                                  width=WIDTH, height=graph_height(len(neighbours)))
    if not svg:
        return None
    more = f" The graph shows the first {pictures.MAX_NEIGHBOURS}." if len(neighbours) > pictures.MAX_NEIGHBOURS else ""
    caption = (f"{isolated_text(title_of(entity))} and the {counted(len(neighbours), 'actor')} it is related to. "
               "Arrows read in the direction of the relation (“A backed by B” points from A to B); solid lines are "
               "relations recorded on this actor, dashed lines relations recorded on the other actor. Each name links "
               f"to its page.{more} "
               "The relations are listed below.")
    return _figure(svg, caption, wide=True)


def graph_height(neighbours: int) -> int:
    """Enough height for the layout relation_graph picks: a line, a ring, or rows of labels."""
    if neighbours <= 2:
        return 150
    if neighbours <= 12:
        return 380
    rows = (min(neighbours, pictures.MAX_NEIGHBOURS) + 1) // 2
    return max(420, 20 * rows + 60)


PRECISION_WORDS = {"exact": "exact location", "approximate": "approximate location", "region": "region only"}


def incident_map(entity: Entity, root: str) -> dict | None:
    """A locator map for an incident with coordinates, on the shared base-map tiles."""
    location = entity.data["location"]
    lat, lon = location.get("lat"), location.get("lon")
    if lat is None or lon is None:
        return None
    precision = location.get("precision") or "approximate"
    country = location.get("country")
    # The view is centred on the whole degree nearest the point (the marker stays within half a degree of
    # the centre), so incidents in one area share the drawn country outlines: linear and cached.
    svg = pictures.locator_map(lat, lon, label=location["name"], precision=precision, country=country,
                               center=(round(lat), round(lon)), base_map=root + BASE_MAP)
    name = isolated_text(location["name"])  # a right-to-left name keeps the caption's order (a tester)
    where = f"{name}, {country_name(country)}" if country else name
    caption = (f"{where}: {pictures.coord_text(lat, lon, 3)} "
               f"({PRECISION_WORDS[precision]}{'' if location.get('precision') else ', precision not given'}). "
               "Boundaries: Natural Earth.")
    return _figure(svg, caption)


def entity_extras(views, entity: Entity, root: str) -> dict:
    """The pictures of an entity page."""
    if entity.kind == "actor":
        return {"graph": actor_graph(views, entity, root), "timeline_picture": actor_timeline(views, entity, root)}
    if entity.kind == "stake":
        return {"timeline_picture": stake_timeline(views, entity, root)}
    if entity.kind == "incident":
        return {"map": incident_map(entity, root)}
    return {}


def timeline_years(views, years: list[dict], root: str) -> None:
    """Add a strip to each year of the `/timeline/` page (`entities` of each year, oldest first)."""
    for year in years:
        entities = year.pop("entities")
        # Inside one year, a date known only to the year would be a bar over the whole strip: list it, don't draw it.
        drawn = [e for e in entities if e.data["date"].month]
        picture = timeline_picture(drawn, root, f"in {year['year']}")
        if picture and len(drawn) < len(entities):
            n = len(entities) - len(drawn)
            picture["caption"] += f" {n} {'item' if n == 1 else 'items'} dated only to the year {'is' if n == 1 else 'are'} listed below, not drawn."
        year["picture"] = picture


def page_map(views, spec: PageSpec) -> dict:
    """`/map/`: every incident with coordinates on one map, and the same as a table."""
    ctx = views.base(spec, "Map of incidents", [{"url": "", "name": "Home"}],
                     "Every incident with known coordinates on one map.")
    root = ctx["ROOT"]
    incidents = newest_first(views.p.by_kind["incident"])
    located, points = [], []
    for incident in incidents:
        location = incident.data["location"]
        if location.get("lat") is None or location.get("lon") is None:
            continue
        date = period_of(incident.data)  # a four-year war's mark said "December 1991" (a tester)
        located.append(dict(views.index_item(incident), lat=f"{location['lat']:.3f}", lon=f"{location['lon']:.3f}",
                            precision=location.get("precision") or ""))
        points.append({"lat": location["lat"], "lon": location["lon"], "label": title_of(incident),
                       "url": root + m.url_for("incident", incident.id), "date_text": date["text"],
                       "precision": location.get("precision") or "approximate"})
    picture = None
    if points:
        picture = _figure(pictures.overview_map(points, width=WIDTH, height=440),
                          f"{counted(len(points), 'incident')} with coordinates. A dot is an exact location, a ring an "
                          "approximate one, a large pale circle a region. Each point links to its incident; the table "
                          "below lists the same incidents. Boundaries: Natural Earth.",
                          wide=True)  # on a phone it keeps a width its legend and dots can be read and touched at
    ctx.update(overview=picture, located=located, unlocated=len(incidents) - len(located), total=len(incidents),
               by_country=root + grouped_url("incident", "country"))
    return ctx
