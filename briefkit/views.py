"""Stage 4a, view: the precomputed context of every page, as plain data.

Templates only loop and format; every lookup, sort and label is decided here.
URLs in a view are site-relative (`actors/iran/`); templates prefix them with
`ROOT`, the way back to the site root from the page, so the site works from
any folder or sub-path.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from html import escape
from typing import NamedTuple

from markupsafe import Markup

from . import changes
from .bidi import dir_attribute, direction, has_rtl, isolated_text
from .collate import sort_key
from . import model as m
from .dates import PartialDate, shown_end, shown_update
from .deps import TrackedProject
from .index import MENTION, Project
from .markup import Markup as Fragment
from .markup import STRUCK, UniqueIds, fill, plain_text
from .seo import page_meta, root_path
from .problems import SHOWN_PER_FILE, WARNING, Problem
from .suggest import Suggester, did_you_mean, folded
from .validate import Entity

ROLE_WORDS = {
    "perpetrator": "perpetrator", "alleged-perpetrator": "alleged perpetrator", "target": "target",
    "responder": "responder", "victim": "victim", "other": "other role",
}  # `other` says no more than the editor did: "involved" asserted a part that an editor may have left open (a tester)
KIND_WORDS = {
    "person": "Person", "state": "State", "government-body": "Government body", "armed-group": "Armed group",
    "organization": "Organization", "international-organization": "International organization",
}
HOME_COUNT = 8
_HEADING_ID = re.compile(r'<h[1-6] id="(h_[^"]*)"')  # the ids markup.heading_ids gives headings (not numbered)
_HEADING_TAG = re.compile(r'<(/?)h([1-6])(?: id="(h_[^"]*)")?')  # a field's heading tags, and their ids


class PageSpec(NamedTuple):
    """A page to write: where, with which template, built from what.

    A named tuple (as validate.Reference): a build plans every page of the site, ten
    thousand and more, and a tuple is made and compared in C.
    """

    save_as: str
    url: str
    template: str
    kind: str  # entity kind, or "home", "index", "timeline", "sources"
    key: str = ""  # entity id, or the kind an index lists


def root_of(url: str) -> str:
    """Relative path from a page at url back to the site root."""
    return "../" * url.count("/") if url else ""


def plan(project: Project, navigation: bool = True) -> list[PageSpec]:
    """Every page of the site, in a stable order; without navigation, the pages a project with errors has too (the
    filters, claims, map and search pages read entities' fields, which a sheet with errors may lack)."""
    _INDEXES.clear()  # a build's lists only (make serve builds again and again)
    pages = [PageSpec("index.html", "", "home.html", "home")]
    for kind in m.PAGE_KINDS:
        plural = m.PLURALS[kind]
        pages.append(PageSpec(f"{plural}/index.html", f"{plural}/", "kind_index.html", "index", kind))
        for entity in project.by_kind[kind]:
            pages.append(PageSpec(m.save_as(kind, entity.id), m.url_for(kind, entity.id), f"{kind}.html", kind, entity.id))
    pages.append(PageSpec("timeline/index.html", "timeline/", "timeline.html", "timeline"))
    pages.append(PageSpec("sources/index.html", "sources/", "sources.html", "sources"))
    from .navigation import pages as navigation_pages  # filters, claims by status, map, search (imports views)

    if navigation:
        pages.extend(navigation_pages(project))
    pages.append(PageSpec("data/index.html", "data/", "data.html", "data"))
    pages.append(PageSpec("changes/index.html", "changes/", "changes.html", "changes"))
    pages.append(PageSpec("404.html", "404.html", "notfound.html", "notfound"))  # GitHub Pages and most hosts serve it
    return pages


def title_of(entity: Entity) -> str:
    """The display name of an entity."""
    data = entity.data
    if entity.kind == "source":
        return f"{data['publisher']}: {data['title']}" if data.get("title") else data.get("publisher", entity.id)
    return data.get("name") or data.get("title") or entity.id


def date_view(date: PartialDate | None) -> dict | None:
    """A date for display: ISO form, words, and the `<time>` element (one shared dict per date: read-only)."""
    if not date:
        return None
    key = (date.year, date.month, date.day)  # a plain tuple: hashed and compared in C
    view = _DATE_VIEWS.get(key)
    if view is None:
        iso, text = date.iso(), date.text()
        view = _DATE_VIEWS[key] = {"iso": iso, "text": text, "html": Markup(f'<time datetime="{iso}">{text}</time>')}
    return view


_DATE_VIEWS: dict[tuple[int, int, int], dict] = {}


def period_view(start: PartialDate | None, end: PartialDate | None) -> dict | None:
    """date_view of a start, or of its period ("April 1992 – 29 February 1996") when it has an end worth showing:
    a list showed a four-year siege as "April 1992" (a tester)."""
    last = shown_end(start, end) if start else None
    if not last:
        return date_view(start)
    first, last = date_view(start), date_view(last)
    return {"iso": first["iso"], "text": f"{first['text']} – {last['text']}", "html": first["html"] + " – " + last["html"]}


def period_of(data: dict) -> dict | None:
    """period_view of an entity's own dates (`date`, and `end_date` where it has one)."""
    return period_view(data.get("date"), data.get("end_date"))


def _anchor(href: str, text: str, marked: tuple[str, str] | None = None) -> Markup:
    """`<a href>` HTML with both parts escaped; isolated (a `dir`: bidi.dir_attribute) when the text holds a
    right-to-left letter; marked: (language, the text's end in it), a source's title (_in_language)."""
    direction = f' dir="{_direction_of(text, marked)}"' if has_rtl(text) else ""
    return Markup(f'<a href="{escape(href)}"{direction}>{_in_language(text, marked)}</a>')


def _direction_of(text: str, marked: tuple[str, str] | None) -> str:
    """The direction of a name, its marked end (a source's title, isolated in its own) aside when the rest has
    letters: "Al Jazeera: <an Arabic title>" was laid out right to left, the title before the publisher (a tester)."""
    if marked and marked[1] and text.endswith(marked[1]) and any(c.isalpha() for c in text[: -len(marked[1])]):
        return direction(text[: -len(marked[1])])
    return direction(text)


def _in_language(text: str, marked: tuple[str, str] | None) -> str:
    """The text as HTML, its end marked with its language when marked (language, end) says it ends so: a source's
    `lang` marks its title wherever a page shows it, in a link's name and a citation too (testers)."""
    if not marked or not marked[1] or not text.endswith(marked[1]):
        return escape(text)
    start = len(text) - len(marked[1])
    return f'{escape(text[:start])}<span lang="{escape(marked[0])}"{dir_attribute(marked[1])}>{escape(marked[1])}</span>'


def title_language(entity: Entity) -> tuple[str, str] | None:
    """(language, title) of a source whose sheet names its title's language (`lang`), else None."""
    data = entity.data
    return (data["lang"], data["title"]) if entity.kind == "source" and data.get("lang") and data.get("title") else None


def told_apart(links: list[dict]) -> list[dict]:
    """The links of a list of several kinds, each whose name another shares followed by its kind, and by its id where
    one of its kind shares it too ("US strikes in Syria (briefing)"): a briefing and an incident of one title, both
    citing a source, read alike (a tester)."""
    names: dict[str, int] = {}
    for link in links:
        names[link["name"]] = names.get(link["name"], 0) + 1
    if len(names) == len(links):
        return links
    kinds: dict[tuple[str, str], int] = {}
    for link in links:
        kinds[link["name"], link["kind"]] = kinds.get((link["name"], link["kind"]), 0) + 1
    return [link if names[link["name"]] == 1 else {**link, "a": link["a"] + _aside(link, kinds[link["name"], link["kind"]] > 1)}
            for link in links]


def _aside(link: dict, same_kind: bool) -> Markup:
    """What tells a link apart from another of its name (told_apart): its kind, and its id where that is shared too."""
    said = f"{link['kind']} <code>{escape(link['id'])}</code>" if same_kind else link["kind"]
    return Markup(f' <span class="meta">({said})</span>')


def newest_first(entities: list[Entity]) -> list[Entity]:
    """Dated entities, newest first; ties by id for stability."""
    return sorted(entities, key=dated_key, reverse=True)


def oldest_first(entities: list[Entity]) -> list[Entity]:
    """Dated entities in timeline order; a partial date sorts before full dates in its period."""
    return sorted(entities, key=dated_key)


_DAY_ORDER = {"incident": 0, "briefing": 1}  # on one day, the events before the briefings that report them


def dated_key(entity: Entity) -> tuple:
    """oldest_first's sort key (reversed, newest_first's): the date, a partial one before its period's days; on one
    day, incidents before briefings, and those that respond to none before those that respond (the raid before the
    recall that answers it, whatever their ids: a tester); then the id. Made of the entity's own head, which
    incremental builds compare: among a day's incidents that each respond to something, the id decides."""
    return _date_key(entity), _DAY_ORDER.get(entity.kind, 2), bool(entity.data.get("responds_to")), entity.id


@functools.lru_cache(maxsize=65536)  # pure; every list by name asks for each name again, every build
@functools.lru_cache(maxsize=1 << 16)  # every list by name asks again of the same names: made once a name
def name_key(text: str) -> tuple[str, str]:
    """A name's place in a list by name: as a reader looks for it, accents aside (Ćosić among the Cs, not after
    Zulfikarpašić; Ukrainian Євген after Дмитро, not after Юрій: testers; collate.py), then case-folded for ties."""
    folded = text.casefold()
    return sort_key(folded), folded


def by_name(entity: Entity) -> tuple:
    """The sort key of entities listed by name (title or name, then id)."""
    return name_key(title_of(entity)), entity.id


def dated_then_named(entities: list[Entity], name=by_name) -> list[Entity]:
    """A list of mixed kinds: the dated entities newest first (FORMAT.md), a day's in the order of every list of dated
    things (dated_key: an incident before one that answers it, whatever their titles: a tester) and then by name,
    then the undated ones by name (the sort key name gives)."""
    named = sorted(entities, key=name)
    dated = sorted((e for e in named if e.data.get("date") is not None), key=lambda e: dated_key(e)[:3],
                   reverse=True)  # stable: by name
    return dated + [e for e in named if e.data.get("date") is None]


def newest_roles(roles: list[dict]) -> list[dict]:
    """An actor's roles, newest first by start, else by end (`to` alone: "until 2016"; it sorted with the undated, a
    tester); the undated last; equal dates keep the sheet's order."""
    return sorted(roles, key=_role_key, reverse=True)


def _role_key(role: dict) -> tuple:
    """A role's date as a sort key: its start, else its end."""
    return _day_key(role.get("from") or role.get("to"))


def _date_key(entity: Entity) -> tuple:
    return _day_key(entity.data.get("date"))


def _day_key(date: PartialDate | None) -> tuple:
    """A date as a sort key (a partial date before the full dates of its period; no date before all)."""
    return (date.year, date.month, date.day) if date else (0, 0, 0)


def shorten(text: str, limit: int) -> str:
    """text cut to at most limit characters with "…": at the last space when one is near the end, else at the limit
    (Chinese and Japanese write no spaces between words: a cut at an early space would keep one word)."""
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space >= limit * 3 // 4:
        cut = cut[:space]
    else:  # not inside a character as a reader sees one: an accent, an emoji sequence (`e` + U+0301, 👨‍👩‍👧)
        while cut and _joins_next(text, len(cut)):
            cut = cut[:-1]
    return cut.rstrip() + "…"


def _joins_next(text: str, at: int) -> bool:
    """True when the character at `at` belongs with the one before, as a reader sees one character: a mark (an
    accent, a Devanagari or Tamil vowel sign), a joiner, a variation selector, an emoji modifier or tag, a keycap,
    a Hangul vowel or final consonant after its initial, the second of a flag's two letters; or after a joiner."""
    if at >= len(text) or at == 0:
        return False
    char, before = text[at], text[at - 1]
    if unicodedata.category(char) in ("Mn", "Mc", "Me") or before == "\u200d" or char in "\u200d\u20e3":
        return True
    point = ord(char)
    if 0xFE00 <= point <= 0xFE0F or 0x1F3FB <= point <= 0x1F3FF or 0xE0020 <= point <= 0xE007F:
        return True
    if 0x1160 <= point <= 0x11FF or 0xD7B0 <= point <= 0xD7FF:  # Hangul jamo after the initial
        return True
    flags = 0x1F1E6 <= point <= 0x1F1FF and 0x1F1E6 <= ord(before) <= 0x1F1FF
    if flags:  # a flag is a pair: the cut falls between pairs, counted from the run's start
        start = at
        while start > 0 and 0x1F1E6 <= ord(text[start - 1]) <= 0x1F1FF:
            start -= 1
        return (at - start) % 2 == 1
    return False


class Views:
    """Builds page contexts for one project; one instance serves every page."""

    def __init__(self, project: Project, site: dict, history: dict | None = None):
        self.reads: set[str] = set()  # what the page being built has read (see deps.py)
        self.p = TrackedProject(project, self.reads)
        self.site = site
        self.root = ""  # ROOT of the page being built; set by context()
        self._links: dict[tuple[str, str], dict] = {}  # link() without extras, by (root, id)
        self._items: dict[tuple[str, str], dict] = {}  # index_item(), by (root, id)
        self._citations: dict[tuple[str, str, bool], dict] = {}  # source_link(), by (root, id, full)
        self._plain: dict[int, str] = {}  # plain() of the fragments of the page being built, by id()
        self._heading_ids = UniqueIds()  # heading ids on the page being built (md)
        self._planned: dict[int, list[list[str]]] = {}  # the ids page_heading_ids gave each field, by id()
        self.cache: dict = {}  # per-build memos of navigation.py (reads are still recorded per page)
        self.history = history or {"files": {}, "commits": [], "in_git": False}  # history.site_history()

    # --- small pieces -------------------------------------------------

    def read(self, entity_id: str) -> Entity:
        """An entity, recording that the page read it (deps.py); memos across pages call it on a hit."""
        return self.p.entities[entity_id]

    def link(self, entity_id: str, **extra) -> dict:
        """A link to an entity: url, name, kind, `a` (the link's HTML for this page) and any extra fields.

        `date`, `role` and `roles` (shown beside the link in lists) are None unless given.

        Without extra fields the dict is shared by every page at the same depth: treat it as read-only
        (copy it with `dict(link, ...)`). The entity is looked up every time, so each page records the read
        (of its head only: a link shows the name, deps.py).
        """
        entity = self.p.head(entity_id)
        key = (self.root, entity_id)
        link = self._links.get(key)
        if link is None:
            url = m.url_for(entity.kind, entity_id)
            name = title_of(entity)
            link = self._links[key] = {"url": url, "name": name, "kind": entity.kind, "id": entity_id,
                                       "a": _anchor(self.root + url, name, title_language(entity)), "date": None,
                                       "role": None, "roles": None}
        if not extra:
            return link
        if "name" in extra:
            return {**link, **extra, "a": _anchor(self.root + link["url"], extra["name"], title_language(entity))}
        return {**link, **extra}

    def dated_link(self, entity: Entity, **extra) -> dict:
        """A link with the entity's date, or its period (an incident over several days)."""
        data = entity.data
        return self.link(entity.id, date=period_of(data), **extra)

    def md(self, fragment: Fragment | None, root: str, level: int = 2) -> Markup | None:
        """Compiled Markdown with wikilinks filled in for a page at root; its highest heading at level (one below
        the heading it is shown under), each with its id on this page."""
        if not fragment:
            return None
        html = fill(fragment.html, lambda i: escape(root + self.url_of(i)), self.name_html, lambda path: root + path)
        if "<h" not in html:
            return Markup(html)
        planned = self._planned.get(id(fragment))
        ids = iter(planned.pop(0) if planned else ())
        return Markup(_HEADING_TAG.sub(lambda match: self._heading_tag(match, level - 2, ids), html))

    def name_html(self, entity_id: str) -> str:
        """An entity's name as a wikilink shows it: isolated when it holds a right-to-left letter, a source's title
        marked with its language."""
        entity = self.p.head(entity_id)
        name, marked = title_of(entity), title_language(entity)
        shown = _in_language(name, marked)
        return f'<bdi dir="{_direction_of(name, marked)}">{shown}</bdi>' if has_rtl(name) else shown

    def _heading_tag(self, match: re.Match, shift: int, ids) -> str:
        """A field's heading tag moved `shift` levels down (to h6 at most), with its id as page_heading_ids planned
        it, else (a page that plans none: the home page) the next free one on the page."""
        closing, level, wanted = match.groups()
        tag = f"<{closing}h{min(int(level) + shift, 6)}"
        return tag if wanted is None else f'{tag} id="{next(ids, None) or self._heading_ids.take(wanted)}"'

    def md_all(self, fragments: list, root: str, level: int = 2) -> Markup | None:
        """md() of each fragment given, one after the other (the positions of an actor named twice in a stake)."""
        shown = [self.md(fragment, root, level) for fragment in fragments if fragment]
        return Markup("".join(shown)) if shown else None

    def url_of(self, entity_id: str) -> str:
        """Site-relative URL of an entity."""
        return m.url_for(self.p.head(entity_id).kind, entity_id)

    def referrers(self, entity_id: str, rel: str) -> list[Entity]:
        """Distinct entities referring to entity_id through rel, in definition order."""
        return referrers(self.p, entity_id, rel)

    def source_links(self, ids) -> list[dict]:
        """Citations: links to /sources/#id, named by publisher; by publisher and date (else title, else id) where
        two in the list have one publisher ("IRNA; IRNA" told the reader nothing: a tester). Newest first, as the
        page's Sources list (FORMAT.md: every list of dated things); the undated last, in the order written."""
        ordered = list(dict.fromkeys(ids))
        if len(ordered) > 1:  # most cite one source: no date to read
            ordered.sort(key=lambda i: _day_key(self.p.head(i).data.get("date")), reverse=True)
        links = [self.source_link(i) for i in ordered]
        publishers = [self.p.head(link["id"]).data["publisher"] for link in links] if len(links) > 1 else []
        if len(set(publishers)) == len(publishers):
            return links
        twice = {name for name in publishers if publishers.count(name) > 1}
        return [self.source_link(link["id"], full=True) if name in twice else link for link, name in zip(links, publishers)]

    def source_link(self, source_id: str, full: bool = False) -> dict:
        """A citation: a link to /sources/#id named by publisher, or (full) by publisher and date, else title, else
        id (shared by the pages at the same depth)."""
        source = self.p.head(source_id)  # a citation shows the publisher (and date or title): the source's head
        key = (self.root, source_id, full)
        link = self._citations.get(key)
        if link is None:
            data = source.data
            told = data.get("date").text() if data.get("date") else data.get("title") or source_id
            name = f"{data['publisher']}, {told}" if full else data["publisher"]
            link = self._citations[key] = dict(self.link(source_id, name=name), id=source_id)
        return link

    def claims(self, entity: Entity, root: str) -> list[dict]:
        """An entity's claims (under the page's h2 "Claims"), each with an anchor (`c_1`, …) for links from elsewhere."""
        return [self.claim_view(number, claim, root, 3) for number, claim in enumerate(entity.data.get("claims", []), 1)]

    def claim_view(self, number: int, claim: dict, root: str, level: int = 2) -> dict:
        """Claim `number` (from 1) of its entity, for display; its text's headings from level."""
        attributed = claim.get("attributed_to")
        return {"anchor": f"c_{number}", "number": number, "text": self.md(claim.get("text"), root, level),
                "status": claim.get("status"),
                "sources": self.source_links(claim.get("sources", [])),
                "attributed_to": self.link(attributed) if attributed else None,
                "note": self.md(claim.get("note"), root, level)}

    def newest(self, ids: list[str]) -> list[Entity]:
        """The dated entities of these ids, newest first (FORMAT.md: every list of dated things but the timeline)."""
        return newest_first([self.p.entities[i] for i in ids])

    def cited_sources(self, entity: Entity) -> list[dict]:
        """Every source an entity cites anywhere in its fields, newest first (undated last, else in the order first
        cited): its citation link (`a`) and its fields (`source`)."""
        cited = [self.p.entities[i] for i in m.cited_ids(entity.data)]
        cited.sort(key=lambda source: _day_key(source.data.get("date")), reverse=True)  # stable: ties keep their order
        return [dict(self.source_link(s.id), source=self.source_view(s)) for s in cited]

    def source_view(self, source: Entity) -> dict:
        """A source's fields for display."""
        data = source.data
        return {"id": source.id, "publisher": data.get("publisher"), "title": data.get("title"), "url": data.get("url"),
                "date": date_view(data.get("date")), "kind": data.get("kind", "news"), "reliability": data.get("reliability"),
                "lang": data.get("lang")}

    def mentions(self, entity_id: str) -> list[dict]:
        """Pages whose Markdown links this entity with `[[id]]`: the dated ones newest first, then the others by name."""
        return told_apart([self.link(e.id) for e in dated_then_named(self.referrers(entity_id, MENTION)) if e.id != entity_id])

    def attributed_claims(self, actor_id: str, root: str) -> list[dict]:
        """Claims anywhere that are attributed to an actor, with links to them."""
        return [self.claim_elsewhere(holder, at, holder.data["claims"][at], root)
                for holder in self.claim_holders_in_order(actor_id)
                for at in positions_naming(holder.data.get("claims", []), "attributed_to", actor_id)]

    def naming_claims(self, actor_id: str, root: str) -> list[dict]:
        """Claims anywhere whose text or note links an actor with `[[id]]` (a denier named in a note, as the README
        asks), but not those attributed to it (listed above them), with links to them: newest holder first."""
        return [self.claim_elsewhere(holder, at, claim, root) for holder, at, claim in claims_naming(self.p, actor_id)]

    def claim_elsewhere(self, holder: Entity, at: int, claim: dict, root: str) -> dict:
        """Claim `at` (from 0) of holder, as another page lists it: with its holder (and its kind) and date; a text or
        note too long to copy onto every page it names (shown_whole) as a shortened plain excerpt, and at most
        SOURCES_ELSEWHERE of its citations."""
        view = self.claim_view(at + 1, {**claim, "text": whole_or_none(claim.get("text")),
                                        "note": whole_or_none(claim.get("note"))}, root, 3)
        sources = view["sources"]
        return dict(view, on=self.link(holder.id, kind_word=holder.kind), date=period_of(holder.data),
                    # a siege's claims say its whole period, as its page (a tester)
                    # "…" when its plain text is empty (all struck, or a table): the page showed "None" (a tester)
                    text_excerpt=None if view["text"] else self.excerpt(claim.get("text"), EXCERPT_CHARS) or "…",
                    note_excerpt=None if view["note"] or not claim.get("note") else
                    self.excerpt(claim.get("note"), EXCERPT_CHARS) or "…",
                    sources=sources[:SOURCES_ELSEWHERE], more_sources=len(sources) - len(sources[:SOURCES_ELSEWHERE]))

    def claim_holders_in_order(self, actor_id: str) -> list[Entity]:
        """What holds claims attributed to an actor: newest first, then the undated stakes by name (as /claims/)."""
        return claim_holders(self.p, actor_id)

    def base(self, spec: PageSpec, title: str, crumbs: list[dict], description: str = "") -> dict:
        """Context every page has."""
        return {"SITE": self.site, "ROOT": root_of(spec.url), "page_url": spec.url, "page_title": title,
                "tab_title": isolated_text(title),  # `<title>` holds text only: no `<bdi>` there (bidi.py)
                "description": description, "breadcrumbs": crumbs, "page_kind": spec.kind}

    def crumbs(self, kind: str) -> list[dict]:
        """Breadcrumbs down to a kind's index."""
        return [{"url": "", "name": "Home"}, {"url": f"{m.PLURALS[kind]}/", "name": m.PLURALS[kind].capitalize()}]

    def plain(self, fragment: Fragment | None, limit: int = 300) -> str:
        """A short plain-text version of Markdown, for descriptions and feeds."""
        if not fragment:
            return ""
        text = self._plain.get(id(fragment))  # a page's description and its JSON-LD use the same text
        if text is None:
            text = self._plain[id(fragment)] = plain_text(self._filled(fragment))  # struck text left out
        return text if len(text) <= limit else shorten(text, limit)

    def excerpt(self, fragment: Fragment | None, limit: int) -> str:
        """plain(fragment, limit), reading only the names of the wikilinks it shows: a claim naming 1,500 actors,
        excerpted on each of their pages, read every name on each, so that every page depended on every name (a 12 MB
        manifest) and took the whole claim's time to cut. The names are marked, the text made plain, then filled in
        order until the limit is passed; plain_text keeps each mark where its name would stand."""
        if not fragment:
            return ""
        parts, marked = _marked_plain(fragment.html)
        shown = text = ""
        for at, part in enumerate(parts):
            shown += self.name_or_id(marked[int(part)]) if at % 2 else part
            text = " ".join(shown.split())  # as plain_text folds spaces (a name may hold two)
            if len(text) > limit + 1:  # shorten() reads up to limit
                break
        return text if len(text) <= limit else shorten(text, limit)

    def plain_html(self, fragment: Fragment | None, limit: int = 300) -> str:
        """plain() as escaped HTML, for an output whose text is HTML (timeline.json): struck-through text kept, struck
        (`<s>`), as the page shows it."""
        if not fragment:
            return ""
        text = plain_text(self._filled(fragment), struck=True)
        if len(text) > limit:
            text = shorten(text, limit)  # ends with "…"; a cut inside struck text is closed before it
            text = text[:-1] + STRUCK[1] * (text.count(STRUCK[0]) - text.count(STRUCK[1])) + text[-1]
        return escape(text).replace(STRUCK[0], "<s>").replace(STRUCK[1], "</s>")

    def _filled(self, fragment: Fragment) -> str:
        """A field's HTML for plain text: from the HTML, not the source, so only Markdown's own marks go, never a `*`,
        `_` or `>` of the text; names stand for wikilinks as written."""
        return fill(fragment.html, lambda _id: "", lambda target: escape(self.name_or_id(target), quote=False),
                    lambda _path: "")

    def name_or_id(self, entity_id: str) -> str:
        """An entity's name, or the id when unknown (a read of its head: a summary's wikilink shows only the name)."""
        entity = self.p.head_or_none(entity_id)
        return title_of(entity) if entity else entity_id

    # --- pages --------------------------------------------------------

    def context(self, spec: PageSpec) -> dict:
        """The context of one page; what it read is left in self.reads."""
        self.reads.clear()
        self._plain.clear()  # memos that skip reads last one page
        self._heading_ids, self._planned = UniqueIds(), {}
        self.root = root_of(spec.url)
        if spec.kind in m.PAGE_KINDS:
            entity = self.p.entities[spec.key]
            for fragment, ids in page_heading_ids(self.p, entity, self._heading_ids):  # what check accepts (anchors)
                self._planned.setdefault(id(fragment), []).append(ids)
            ctx = self.base(spec, title_of(entity), self.crumbs(spec.kind), self.plain(entity.data.get("summary")))
            dated = period_of(entity.data) if spec.kind in ("incident", "briefing") else None
            if dated:  # recurring attacks share a title: their tabs and windows read the same (a tester)
                ctx["tab_title"] = f"{ctx['tab_title']}, {dated['text']}"
            ctx.update(getattr(self, spec.kind)(entity, ctx["ROOT"]))
            ctx["mentions"] = self.mentions(entity.id)
            ctx["file_history"] = changes.file_history(self, entity)  # "Fact sheet last changed" (git)
            from . import figures, navigation  # they import views

            ctx.update(navigation.entity_extras(self, entity, ctx["ROOT"]), **figures.entity_extras(self, entity, ctx["ROOT"]))
        else:
            from .navigation import PAGES  # filters, claims, map, search

            ctx = PAGES[spec.kind](self, spec) if spec.kind in PAGES else getattr(self, "page_" + spec.kind)(spec)
        ctx["meta"] = page_meta(self, spec, ctx)
        return ctx

    def common(self, entity: Entity, root: str, between=None) -> dict:
        """Fields every entity page shows: summary, what between() compiles (what the page shows between them),
        then claims. Their headings take the ids context() planned (page_heading_ids), whatever the order here."""
        summary = self.md(entity.data.get("summary"), root)
        shown = between() if between else {}
        return {"entity_id": entity.id, "kind": entity.kind, "summary": summary, **shown,
                "claims": self.claims(entity, root), "sources": self.cited_sources(entity)}

    def briefing(self, entity: Entity, root: str) -> dict:
        data = entity.data
        return dict(self.common(entity, root, lambda: {"body": self.md(data.get("body"), root), "stakes": [
                        self.link(stake, impact=self.md_all(impacts, root, 3))  # one entry, its impacts (a tester)
                        for stake, impacts in _impacts(data.get("stakes", [])).items()]}),
                    date=date_view(data.get("date")), updated=date_view(shown_update(data["date"], data.get("updated"))),
                    tags=data.get("tags", []),
                    actors=[self.link(actor, roles=_roles_in(data["actors"], actor))  # one entry, its roles
                            for actor in dict.fromkeys(a["actor"] for a in data.get("actors", []))],
                    incidents=[self.dated_link(i) for i in self.newest(data.get("incidents", []))])

    def actor(self, entity: Entity, root: str) -> dict:
        data, me = entity.data, entity.id
        return dict(self.common(entity, root, lambda: {
                        "relations": [dict(self.link(r["target"]), words=m.RELATION_WORDS[r["type"]][0], type=r["type"],
                                           sources=self.source_links(r.get("sources", [])), note=self.md(r.get("note"), root, 3))
                                      for r in data.get("relations", [])],
                        "relations_in": self.relations_in(me, root),
                        "stakes": [self.party_of(s, me, root) for s in self.referrers(me, "stake.parties.actor")],
                        "attributed": self.attributed_claims(me, root),
                        "naming": self.naming_claims(me, root)}),
                    name=data["name"], actor_kind=KIND_WORDS[data["kind"]], aliases=data.get("aliases", []),
                    country=data.get("country"), wikidata=data.get("wikidata"),
                    roles=[self.role_view(r) for r in newest_roles(data.get("roles", []))],
                    role_holders=self.role_holders(me),
                    incidents=self.actor_incidents(me),
                    briefings=[self.dated_link(b, roles=_roles_in(b.data.get("actors", []), me))
                               for b in newest_first(self.referrers(me, "briefing.actors.actor"))])

    def party_of(self, stake: Entity, actor_id: str, root: str) -> dict:
        """A stake on its party's page: its link, and each of the party's positions with the sources it cites (as on
        the stake's own page: a position shown without them read as the site's own view; an actor named twice in a
        stake had both positions' sources after the last: a reviewer)."""
        return self.link(stake.id, positions=[{"text": self.md(p.get("position"), root, 3),
                                               "sources": self.source_links(p.get("sources", []))}
                                              for p in _parties(stake, actor_id) if p.get("position")])

    def role_view(self, role: dict) -> dict:
        """A role with its organisation and period."""
        start, end = role.get("from"), role.get("to")
        return {"title": role["title"], "of": self.link(role["of"]) if role.get("of") else None,
                "start": date_view(start), "end": date_view(shown_end(start, end) if start else end),
                "open": end is None}  # "since 2001"; from 2001 to 2001 is "2001", as an incident's period

    def role_holders(self, actor_id: str) -> list[dict]:
        """Actors holding a role in this actor (roles pointing here with `of`)."""
        held = [(holder, role) for holder in self.referrers(actor_id, "actor.roles.of")
                for role in naming(holder.data.get("roles", []), "of", actor_id)]
        held.sort(key=lambda pair: (_role_key(pair[1]), pair[0].id), reverse=True)  # newest first, as newest_roles
        return [dict(self.link(holder.id), role=self.role_view(role)) for holder, role in held]

    def relations_in(self, actor_id: str, root: str) -> list[dict]:
        """Relations other actors declare towards this one, in their inverse words."""
        out = []
        for other in self.referrers(actor_id, "actor.relations.target"):
            if other.id == actor_id:
                continue  # a relation to itself is on the page once, among the actor's own relations
            for rel in naming(other.data.get("relations", []), "target", actor_id):
                out.append(dict(self.link(other.id), words=m.RELATION_WORDS[rel["type"]][1], type=rel["type"],
                                sources=self.source_links(rel.get("sources", [])), note=self.md(rel.get("note"), root, 3)))
        return out

    def actor_incidents(self, actor_id: str) -> list[dict]:
        """Incidents involving an actor, newest first, with its roles in each."""
        out = []
        for incident in newest_first(self.referrers(actor_id, "incident.actors.actor")):
            roles = [ROLE_WORDS[a["role"]] for a in naming(incident.data.get("actors", []), "actor", actor_id)]
            out.append(self.dated_link(incident, roles=list(dict.fromkeys(roles))))
        return out

    def incident(self, entity: Entity, root: str) -> dict:
        data, me = entity.data, entity.id
        location = {key: data["location"].get(key) for key in ("name", "lat", "lon", "precision")}
        location["country"] = country_beside(data["location"])
        return dict(self.common(entity, root),
                    date=date_view(data["date"]), end_date=date_view(shown_end(data["date"], data.get("end_date"))),
                    incident_kind=data["kind"],
                    location=location,
                    actors=[self.link(a["actor"], role=ROLE_WORDS[a["role"]]) for a in data.get("actors", [])],
                    casualties=self.casualties(data.get("casualties"), root),
                    # itself left out: a warning, and two links of the page to itself (a tester)
                    responds_to=[self.dated_link(i) for i in self.newest(data.get("responds_to", [])) if i.id != me],
                    responses=[self.dated_link(e) for e in newest_first(self.referrers(me, "incident.responds_to"))
                               if e.id != me],
                    briefings=[self.dated_link(b) for b in newest_first(self.referrers(me, "briefing.incidents"))])

    def casualties(self, casualties: dict | None, root: str) -> dict | None:
        """Casualty figures, keeping absent figures absent (unknown is not zero)."""
        if not casualties:
            return None
        return {"killed": casualties.get("killed"), "wounded": casualties.get("wounded"),
                "note": self.md(casualties.get("note"), root)}

    def stake(self, entity: Entity, root: str) -> dict:
        data, me = entity.data, entity.id
        own = self.common(entity, root, lambda: {"parties": [
            self.link(p["actor"], position=self.md(p.get("position"), root, 3), sources=self.source_links(p.get("sources", [])))
            for p in data.get("parties", [])], "briefings": [
            self.dated_link(b, impact=self.md_all([s.get("impact") for s in naming(b.data.get("stakes", []), "stake", me)],
                                                  root, 3))
            for b in newest_first(self.referrers(me, "briefing.stakes.stake"))]})
        return dict(own, status=data.get("status"))

    # --- listing pages ------------------------------------------------

    def page_index(self, spec: PageSpec) -> dict:
        """The index of one kind."""
        from .navigation import index_extras, index_order  # the index's order; sort and filter links

        kind = spec.key
        plural = m.PLURALS[kind]
        ctx = self.base(spec, plural.capitalize(), [{"url": "", "name": "Home"}])
        ctx.update(kind=kind, items=[self.index_item(e) for e in index_order(kind, self.p.by_kind[kind])])

        ctx.update(index_extras(self, kind, ctx))
        return ctx

    def index_item(self, entity: Entity) -> dict:
        """One row of an index page (shared by the pages at the same depth: read-only, like link())."""
        key = (self.root, entity.id)
        item = self._items.get(key)
        if item is None:
            item = self._items[key] = self._index_item(entity)
        else:
            self.p.head(entity.id)  # the memo must not hide the read (of the head: a row shows nothing else)
        return item

    def _index_item(self, entity: Entity) -> dict:
        data = entity.data
        extra = {"date": period_of(data)}
        if entity.kind == "actor":
            extra.update(detail=KIND_WORDS[data["kind"]], country=data.get("country"))
        elif entity.kind == "incident":
            extra.update(detail=data["kind"], country=data["location"].get("country"), place=data["location"]["name"],
                         place_country=country_beside(data["location"]))
        elif entity.kind == "stake":
            extra.update(detail=data.get("status"))
        return self.link(entity.id, **extra)

    def page_timeline(self, spec: PageSpec) -> dict:
        """All briefings and incidents, oldest first, grouped by year."""
        items = oldest_first(self.p.by_kind["briefing"] + self.p.by_kind["incident"])
        years: list[dict] = []
        for entity in items:
            year = entity.data["date"].year
            if not years or years[-1]["year"] != year:
                years.append({"year": year, "items": [], "entities": []})
            years[-1]["items"].append(self.dated_link(entity))
            years[-1]["entities"].append(entity)
        ctx = self.base(spec, "Timeline", [{"url": "", "name": "Home"}])
        from .figures import timeline_years  # a strip per year

        timeline_years(self, years, ctx["ROOT"])
        ctx.update(years=years)
        return ctx

    def page_sources(self, spec: PageSpec) -> dict:
        """Every source, one anchor each (the dated newest first, then the undated, each group by publisher), with
        what cites it and what mentions it (a `[[source]]` in a text is not a citation)."""
        sources = []
        for source in dated_then_named(self.p.by_kind["source"], lambda e: (name_key(e.data["publisher"]), e.id)):
            # Ordered by the citing entities' heads (date, name), whatever relation cites: the order of the relations
            # would follow the first citing entity's own order of fields, which an edit can change with no
            # reference added or removed (and so no backlinks dirty: deps.links_digest is order-free).
            groups = self.p.backlinks.get(source.id, {})
            citing = {ref.source for rel, refs in groups.items() if rel != MENTION for ref in refs}
            mentioning = {ref.source for ref in groups.get(MENTION, ())}
            sources.append(dict(self.source_view(source),
                                cited_by=told_apart([self.link(e.id) for e in dated_then_named([self.p.head(i) for i in citing])]),
                                mentioned_in=told_apart([self.link(e.id) for e in
                                                         dated_then_named([self.p.head(i) for i in mentioning])])))
        ctx = self.base(spec, "Sources", [{"url": "", "name": "Home"}])
        ctx.update(sources=sources)
        return ctx

    def page_changes(self, spec: PageSpec) -> dict:
        """Recent commits that touched fact sheets, with the entities each changed (changes.py)."""
        return changes.page(self, spec)

    def page_data(self, spec: PageSpec) -> dict:
        """The open-data page: downloads with their fields and licence, and the feeds."""
        from .downloads import data_page

        ctx = self.base(spec, "Open data", [{"url": "", "name": "Home"}])
        ctx.update(data_page(self.site))
        return ctx

    def page_home(self, spec: PageSpec) -> dict:
        """Latest briefings, recent incidents, the stakes of the latest briefings, the grouped pages to browse."""
        from .navigation import browse_links  # navigation.py builds on this module

        ctx = self.base(spec, self.site.get("name", "Briefings"), [])
        root = ctx["ROOT"]
        ctx.update(
            browse=browse_links(self, root),
            briefings=[dict(self.dated_link(b), summary=self.md(self.read(b.id).data.get("summary"), root, 4))  # under an h3
                       for b in newest_first(self.p.by_kind["briefing"])[:HOME_COUNT]],  # read(): the summary is no head
            incidents=[self.index_item(i) for i in newest_first(self.p.by_kind["incident"])[:HOME_COUNT]],
            stakes=[self.index_item(self.p.head(s)) for s in self.latest_stakes()],
            counts={m.PLURALS[k]: len(v) for k, v in self.p.by_kind.items()},
        )
        return ctx


    def page_notfound(self, spec: PageSpec) -> dict:
        """/404.html, which a host serves at any address it has no page for: its links start at the site's root
        (the path of SITEURL, `/news/briefs/`, else `/`), not where it is served; a reader of an old or mistyped link
        finds the way back. Not SITEURL itself: the page's CSP allows only its own origin, and a preview is local."""
        from .navigation import browse_links  # navigation.py builds on this module

        ctx = self.base(spec, "Page not found", [], "There is no page at this address.")
        ctx["ROOT"] = root_path(self.site.get("url"))
        ctx["browse"] = browse_links(self, ctx["ROOT"])
        return ctx

    def latest_stakes(self) -> list[str]:
        """The ids of up to HOME_COUNT stakes, as the newest briefings name them (each once). Not "open" stakes: a
        stake's status is free text, and every stake listed was called open, agreements reached too (a tester)."""
        found: dict[str, None] = {}
        for briefing in newest_first(self.p.by_kind["briefing"]):
            found.update(dict.fromkeys(s["stake"] for s in briefing.data.get("stakes", [])))
            if len(found) >= HOME_COUNT:
                break
        return list(found)[:HOME_COUNT]


def country_beside(location: dict) -> str | None:
    """The country code to show beside a place's name (`Erbil (Iraq)`): None when there is none, or when the place is
    named as its country (`Iraq (Iraq)` says it twice), case and accents aside."""
    from .navigation import country_name  # navigation.py builds on this module

    code = location.get("country")
    return code if code and folded(location["name"]) != folded(country_name(code)) else None


def _roles_in(items: list[dict], actor_id: str) -> list[str]:
    """The role texts an actor has in a briefing's actor list, each once (a sheet may name it twice, with two roles:
    the first alone was shown, or none when the first had none)."""
    return list(dict.fromkeys(a["role"] for a in naming(items, "actor", actor_id) if a.get("role")))


def _parties(stake: Entity, actor_id: str) -> list[dict]:
    """The party entries of an actor in a stake (a sheet may name it twice, with two positions)."""
    return naming(stake.data.get("parties", []), "actor", actor_id)


INDEX_FROM = 32  # a list this long is indexed by target; a shorter one is walked (quicker than a dict's making)
# (id(list), key) -> (the list, its index), of one build (plan() empties it). Not capped: a memo of 256 lists,
# emptied when full, missed every time once more long lists named the same entities (each page walks its referrers
# in one order), and 300 incidents naming 1,000 actors took 236 s where 250 took 13 s (a tester). It holds what the
# long lists hold, once.
_INDEXES: dict[tuple[int, str], tuple[list, dict[str, list[int]]]] = {}


def _impacts(stakes: list[dict]) -> dict[str, list]:
    """{stake: its impacts} of a briefing's stakes, in the order each is first named (the pages show a stake named
    twice once, with both impacts, as a stake's page did)."""
    found: dict[str, list] = {}
    for item in stakes:
        found.setdefault(item["stake"], []).append(item.get("impact"))
    return found


def naming(items: list[dict], key: str, target: str) -> list[dict]:
    """The items of a list (an incident's actors, a stake's parties, an actor's roles…) whose `key` is target, in
    the list's order."""
    return [items[i] for i in positions_naming(items, key, target)]


def positions_naming(items: list[dict], key: str, target: str) -> list[int]:
    """The positions (from 0) of naming()'s items. A long list is indexed once, not walked by each target's page:
    one incident naming thousands of actors would cost each actor's page the whole list (quadratic)."""
    if len(items) < INDEX_FROM:
        return [i for i, item in enumerate(items) if item.get(key) == target]
    return _index(items, key).get(target, [])


def _index(items: list[dict], key: str) -> dict[str, list[int]]:
    """target -> positions in items, made once per list (entities are never changed in place: an edit makes a new
    list, so the list's identity is its version; the memo holds the list, so its id is not reused meanwhile)."""
    kept = _INDEXES.get((id(items), key))
    if kept is not None and kept[0] is items:
        return kept[1]
    index: dict[str, list[int]] = {}
    for i, item in enumerate(items):
        index.setdefault(item.get(key), []).append(i)
    _INDEXES[(id(items), key)] = (items, index)
    return index




def referrers(project, entity_id: str, rel: str) -> list[Entity]:
    """Distinct entities referring to entity_id through rel, in definition order."""
    seen = dict.fromkeys(ref.source for ref in project.refs_to(entity_id, rel))
    return [project.entities[i] for i in seen]


def claim_holders(project, actor_id: str) -> list[Entity]:
    """What holds claims attributed to an actor: newest first, then the undated stakes by name (as /claims/)."""
    return dated_then_named([h for kind in ("briefing", "incident", "stake")
                             for h in referrers(project, actor_id, f"{kind}.claims.attributed_to")])


# A claim is shown on every page it names (its actors'): one naming 1,500 actors, shown whole on each, made 186 MB of
# pages from a 160 KB sheet (a tester). Shown elsewhere, a field longer than this, or linking more entities, is a
# plain excerpt of EXCERPT_CHARS with a link to the claim: what each page copies is bounded, so the site stays linear.
WHOLE_CHARS, WHOLE_LINKS, EXCERPT_CHARS, SOURCES_ELSEWHERE = 1200, 25, 280, 10
_MARKS = ("\ue010", "\ue011")  # around the number of a name in Views.excerpt's text (private-use characters)
_MARK = re.compile(f"{_MARKS[0]}([0-9]+){_MARKS[1]}")


@functools.lru_cache(maxsize=256)  # a claim is excerpted on each page it names: its text made plain once
def _marked_plain(html: str) -> tuple[list[str], list[str]]:
    """A field's plain text split at its wikilinks' names (text, number of a name, text, …) and the ids named."""
    marked: list[str] = []

    def mark(target: str) -> str:
        marked.append(target)
        return f"{_MARKS[0]}{len(marked) - 1}{_MARKS[1]}"

    html = html.replace(_MARKS[0], "").replace(_MARKS[1], "")  # an editor's own are no marks
    return _MARK.split(plain_text(fill(html, lambda _id: "", mark, lambda _path: ""))), marked


def whole_or_none(fragment: Fragment | None) -> Fragment | None:
    """A claim's text or note when other pages show it whole (short, few links: see WHOLE_CHARS), else None."""
    if fragment and (len(fragment.source) > WHOLE_CHARS or len(fragment.links) > WHOLE_LINKS):
        return None
    return fragment


_CLAIM_MENTIONS = frozenset(f"{kind}.claims.{field}#mention" for kind in ("briefing", "incident", "stake")
                            for field in ("text", "note"))


def claims_naming(project, actor_id: str) -> list[tuple[Entity, int, dict]]:
    """(holder, position, claim) of each claim whose text or note links an actor with `[[id]]` and that is not
    attributed to it: holders newest first, then the undated stakes by name."""
    holders = dict.fromkeys(ref.source for ref in project.refs_to(actor_id, MENTION) if ref.rel in _CLAIM_MENTIONS)
    return [(holder, at, claim) for holder in dated_then_named([project.entities[i] for i in holders])
            for at, claim in enumerate(holder.data.get("claims", []))
            if claim.get("attributed_to") != actor_id and _links_to(claim, actor_id)]


def _links_to(claim: dict, entity_id: str) -> bool:
    """True when a claim's text or note links the entity with `[[id]]`."""
    return any(entity_id in getattr(claim.get(key), "links", ()) for key in ("text", "note"))


def _anchor_hint(anchor: str, known: set[str], suggester: Suggester) -> str:
    """The "did you mean" of a link to a heading the page does not have: the nearest ids, or, for an id that differs
    only in how its accents are encoded, that (the two printed alike: a tester pasted `ó` as `o` and U+0301)."""
    composed = unicodedata.normalize("NFC", anchor)
    alike = [i for i in known if unicodedata.normalize("NFC", i) == composed] if not anchor.isascii() else []
    if alike:  # the link's accents, or the heading's, are written decomposed (Unicode NFD)
        return ("; the page's heading id differs only in how its accented letters are encoded (one written decomposed, "
                "as text pasted from macOS can be): retype the accents in the link and in the heading")
    return did_you_mean(suggester.suggest_all(anchor))


def page_fragments(project, entity: Entity) -> list[Fragment]:
    """The Markdown an entity's page shows, its own and other entities', in the order its template shows it (the
    order a reader meets its headings): one list for the page and for check (page_heading_ids)."""
    data, me = entity.data, entity.id
    claims = [claim.get(key) for claim in data.get("claims", []) for key in ("text", "note")]
    if entity.kind == "briefing":
        middle = [data.get("body")] + [i for impacts in _impacts(data.get("stakes", [])).values() for i in impacts]
    elif entity.kind == "actor":
        middle = [r.get("note") for r in data.get("relations", [])]
        middle += [r.get("note") for other in referrers(project, me, "actor.relations.target") if other.id != me
                   for r in naming(other.data.get("relations", []), "target", me)]
        middle += [p.get("position") for s in referrers(project, me, "stake.parties.actor") for p in _parties(s, me)]
        middle += [whole_or_none(c.get(key)) for holder in claim_holders(project, me)
                   for c in naming(holder.data.get("claims", []), "attributed_to", me) for key in ("text", "note")]
        middle += [whole_or_none(claim.get(key)) for _, _, claim in claims_naming(project, me) for key in ("text", "note")]
    elif entity.kind == "stake":
        middle = [p.get("position") for p in data.get("parties", [])]
        middle += [s.get("impact") for b in newest_first(referrers(project, me, "briefing.stakes.stake"))
                   for s in naming(b.data.get("stakes", []), "stake", me)]
    else:  # an incident shows its casualties' note in its header, above the summary
        return [f for f in [(data.get("casualties") or {}).get("note"), data.get("summary"), *claims] if f]
    return [f for f in [data.get("summary"), *middle, *claims] if f]


def page_heading_ids(project, entity: Entity, taken: UniqueIds | None = None) -> list[tuple[Fragment, list[str]]]:
    """Each field an entity's page shows, with its headings' ids on the page: numbered in page order (`h_x`, `h_x-1`,
    `h_x-2`…), taken in `taken`. The page and `briefkit check` (anchor_problems) both ask this function."""
    fragments = page_fragments(project, entity) if entity.kind in m.PAGE_KINDS else []
    return list(zip(fragments, number_headings(fragments, taken if taken is not None else UniqueIds())))


def number_headings(fragments: list[Fragment], taken: UniqueIds) -> list[list[str]]:
    """The page ids of each field's headings, one field after the other: its words' id (markup.heading_ids), numbered
    when taken on the page (`h_x`, `h_x-1`, `h_x-2`…: not `h_x-1-1` for a field's second `h_x`), in linear time."""
    return [[taken.take(slug) for slug in _HEADING_ID.findall(fragment.html)] for fragment in fragments]


def anchor_problems(project) -> list:
    """A warning at each link in a fact sheet to a heading (`#h_…`) its entity's page does not have. A warning: a
    heading of another entity's text shown on the page moves when that text changes."""
    found, hinted = [], {}  # hinted: links given a hint, by file
    for entity in project.entities.values():
        if not entity.anchors:
            continue
        ids = [i for _, ids in page_heading_ids(project, entity) for i in ids]
        known, suggester = set(ids), None  # a page may hold thousands of headings, and a sheet as many links to them
        for link in entity.anchors:
            if link.anchor not in known:
                suggester = suggester or Suggester([i for i in ids if i != "h_"])  # an empty heading's: never meant
                # A hint costs half a millisecond; past the problems a file shows (problems.shown), none is read.
                hinted[link.file] = hinted.get(link.file, 0) + 1
                hint = _anchor_hint(link.anchor, known, suggester) if hinted[link.file] <= SHOWN_PER_FILE else ""
                found.append(Problem(link.file, link.line, link.column, f"`{link.where}`: link to `#{link.anchor}`, a "
                                     f"heading this entity's page does not have{hint}", WARNING))
    return found
