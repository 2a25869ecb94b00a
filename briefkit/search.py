"""Search: Pagefind indexes of the site's entities and hand-written pages, made beside the rendering.

Pagefind (the `pagefind[bin]` package pinned in requirements.lock) indexes
*search documents*, not the published pages: one small HTML document per
entity page (its name, other names and spellings in any script, and its own
text: every Text and Markdown field of its record, claims included; never the
lists of pages that link to it), at the path of the page it stands for, so
results link to the real page. A hand-written page (About, Methodology…) has
a document too: its title and content as Pelican read them (what its page
marks `data-pagefind-body`). Why documents: Pagefind's time grows with the
HTML it reads, and an entity page carries pictures, JSON-LD and backlink
lists that are no part of a good search hit (a search for an actor should
find the actor, not the 2,000 pages that mention it). Documents depend only
on the project and the content pages Pelican has read, so Pagefind starts
before any page is rendered or written, and runs beside the rendering.

A large site has several indexes (shards, by a hash of the page's path; see
`shard_count`), merged by the search page: an edit re-indexes only the shard
holding the edited page, and only that shard's documents are made (cheap
document keys decide which shards changed; the build's dirty tokens say which
shards' keys need not even be read).

Pagefind writes `pagefind/` into the site: the index fragments, the WebAssembly
search core and the default UI (`pagefind-ui.js`, `pagefind-ui.css`), which
the `/search/` page loads from the same origin. A missing or failing Pagefind
fails the build (the published site is left as it was): the binary is pinned,
so its absence is a broken install, not an option.

Text written without spaces between words (Chinese, Japanese, Thai, Khmer…) is one
word to Pagefind in an index of the site's language, found only by its first
characters. So a document ends with `MORE` (⁂) and, for each such run, the next few
characters from every later position, as words of their own: Pagefind finds words by
their beginnings, so any part of a run is found (`unspaced_words`). The search page
(theme/static/js/search.js) shows excerpts without them; they stand under a heading of the
page's own top (`#top`), so a word found only there is a result of the page, not of its last
section. After ⁂ too: the compatibility (NFKC) form of each word that has another (NHK for
ＮＨＫ); search.js folds the query so.
Ethiopic punctuation written between words without a space (ደብረጽዮን፡ገብረሚካኤል) gets
one in the documents (`parted`).

No `data-pagefind-filter`: Pagefind 1.5.2 writes filter indexes in an order
that changes from run to run, and builds must be byte-identical. Pagefind
needs `'wasm-unsafe-eval'` in the pages' Content-Security-Policy (it is in
base.html); it loads everything else from the same origin.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from html import escape, unescape

from . import model as m
from .bidi import isolated_text
from .markup import fill, unstruck
from .publish import same_file

BUNDLE = "pagefind"
_HASHED = re.compile(r"_[0-9a-f]{6,}\.pf_[a-z]+$")  # fragment/en_3f2a….pf_fragment: named by a hash of the bytes
SHARD_PREFIX = "shard-"  # pagefind/shard-<n>/: the indexes after the first
SHARD_SIZE = 1000  # documents per index (BRIEFKIT["search_shard_size"]): an edit re-indexes one; Pagefind takes ≈0.6 ms a document
KICKERS = {"briefing": "Briefing", "actor": "Actor", "incident": "Incident", "stake": "Diplomatic stake"}


class SearchIndexError(RuntimeError):
    """Pagefind could not index the site."""


class Documents:
    """A site's search documents by the path of the page they stand for: every entity page's, and the content pages'.

    Their keys and texts are made only for the paths asked: an edit indexes one shard again.
    Made before the search process forks (the table of paths), so the process reads only the
    entities of the shards it makes, not the whole project.
    """

    def __init__(self, project, pages: dict[str, str], lang: str):
        """pages: the content pages' documents (page_document), by path."""
        self.project, self.pages, self.lang = project, pages, lang
        self.entities = dict(_entity_pages(project))
        self.paths = [*self.entities, *pages]

    def keys(self, paths) -> dict[str, str]:
        """A key per document that changes whenever the document can (cheaper than the document).

        An entity's document holds its own record (its `digest`) and the display names of
        the entities its wikilinks name (their heads); a content page's is its document.
        """
        entities, forward, found = self.project.entities, self.project.forward, {}
        for path in paths:
            entity = self.entities.get(path)
            if entity is None:
                found[path] = hashlib.blake2b(self.pages[path].encode(), digest_size=16).hexdigest()
                continue
            named = sorted(forward.get(entity.id, ()))
            found[path] = " ".join([entity.digest, *(entities[i].head_digest if i in entities else "-" + i for i in named)])
        return found

    def texts(self, paths) -> dict[str, str]:
        """The documents at these paths."""
        from .views import title_of  # imported here: `check`, which imports build.py, never needs the views

        return {path: entity_document(self.project, self.entities[path], self.lang, title_of) if path in self.entities
                else self.pages[path] for path in paths}

    def changed(self, dirty: set[str], before: dict[str, str] | None = None) -> set[str]:
        """The paths of the entity documents whose keys may differ from the last build's, given its dirty tokens
        (deps.py), with those of entity documents that appeared or vanished. Content pages are not named: their keys
        are their text, and make_index compares them anew in every shard.

        before: the last build's entity table (incremental.entity_table), which says what kind a changed entity
        was: its page's path then and now, not one per kind (each would name its shard)."""
        project, found, before = self.project, set(), before or {}
        for token in dirty:
            if token.startswith(("@", "~", "kind:")):
                continue  # not in a key
            if token.startswith("^"):  # a head: in the keys of the documents whose entities name it
                for refs in project.backlinks.get(token[1:], {}).values():
                    for ref in refs:
                        source = project.entities.get(ref.source)
                        if source is not None and source.kind in m.PAGE_KINDS:
                            found.add(m.save_as(source.kind, source.id))
            else:  # an entity changed, appeared or vanished: its page's path, whichever its kind is or was
                kinds = {entity.kind for entity in [project.entities.get(token)] if entity is not None}
                kinds.update(entry.split(" ", 1)[0] for entry in [before.get(token)] if entry is not None)
                found.update(m.save_as(kind, token) for kind in (kinds or m.PAGE_KINDS) if kind in m.PAGE_KINDS)
        return found


def _entity_pages(project):
    """(page path, entity) of every entity with a page, in a stable order."""
    for kind in m.PAGE_KINDS:
        for entity in project.by_kind[kind]:
            yield m.save_as(kind, entity.id), entity


def document_paths(project, pages) -> list[str]:
    """The path of every search document: each entity page's, then the content pages' (`pages`: their paths)."""
    return [path for path, _ in _entity_pages(project)] + list(pages)


def entity_document(project, entity, lang: str, title_of) -> str:
    """The search document of one entity: title, kind, then its own words in schema order.

    Struck-through text is left out, as in every plain-text form (markup.plain_text): Pagefind's excerpts are
    plain text, and gave a correction's old figure as current (a tester).
    """
    title = escape(title_of(entity))
    words = []
    own = {key: value for key, value in entity.data.items() if key not in ("name", "title")}  # the heading
    _collect(m.KINDS[entity.kind], own, lambda i: _name(project, i, title_of), words)
    body = parted(unstruck(f'<h1>{title}</h1><p>{KICKERS[entity.kind]}</p>{"".join(words)}'
                           f'{_sources(project, entity, title_of)}'))
    return (f'<!DOCTYPE html><html lang="{escape(lang)}"><head><meta charset="utf-8"><title>{title}</title></head>'
            f'<body><main data-pagefind-body>{body}{_more_words(body, title)}</main></body></html>\n')


def _sources(project, entity, title_of) -> str:
    """The publishers and titles of the sources an entity cites, as its page lists them (under its Sources
    heading: they were a Claims result, linked to claims that do not hold them: a tester): searching `Reuters` or
    `Kremlin` had found nothing, sources having no page of their own (another)."""
    entities = project.entities  # those its page's Sources list shows (a `[[source]]` mentioned only is not there)
    cited = sorted(title_of(entities[i]) for i in m.cited_ids(entity.data) if i in entities)
    return f'<h2 id="sources_h">Sources</h2><p>Sources: {escape("; ".join(cited))}.</p>' if cited else ""


def page_document(title: str, html: str, lang: str) -> str:
    """The search document of a content page: its title and its content's HTML, as page.html shows them."""
    body = parted(unstruck(f"<h1>{escape(title)}</h1>{html}"))
    return (f'<!DOCTYPE html><html lang="{escape(lang)}"><head><meta charset="utf-8"><title>{escape(title)}</title></head>'
            f'<body><main data-pagefind-body>{body}{_more_words(body, escape(title))}</main></body></html>\n')


def _more_words(body: str, title: str) -> str:
    """unspaced_words of a document's body, under a heading of the page's own top (`#top`, which every browser
    scrolls to): Pagefind gives words to the heading before them, and a query found only there (any Urdu or Persian
    word, by its folded letters; part of a Chinese run) was a result of the page's last section, Claims (a tester)."""
    more = unspaced_words(body)
    return f'<h2 id="top">{title}</h2>{more}' if more else ""


# Ethiopic punctuation: the word space ፡, full stop ።, commas, colons, question mark and paragraph separator. Written
# between words without a space (official names, older documents), they part no word to Pagefind: ደብረጽዮን፡ገብረሚካኤል
# was found by its first word only (a tester).
_ETHIOPIC_MARK = re.compile("(<[^>]*>)|([\u1361-\u1368])(?=\\S)")


def parted(html: str) -> str:
    """A search document's HTML with a space after each Ethiopic word space or punctuation mark written without one."""
    if html.isascii():  # most documents, at memory speed
        return html
    return _ETHIOPIC_MARK.sub(lambda found: found.group(1) or found.group(2) + " ", html)


# Marks written between two words with no space, where the keyboard's `-` and `'` would part them for Pagefind: en
# and em dashes, the minus, the typographic apostrophe, the middle dots (Catalan's `l·l`)
_JOINER = re.compile("[\u2010-\u2015\u2212\u2019\u00b7\u2027]")
MORE = "\u2042"  # ⁂: what follows it in a search document is unspaced_words (search.js leaves it out of excerpts)
# Runs of scripts written without spaces between words: Thai, Lao, Tibetan, Myanmar, Khmer, the ideographic
# iteration marks, kana, CJK ideographs (with extension A, compatibility forms, and the supplementary planes),
# halfwidth katakana.
_UNSPACED = re.compile("[\u0e00-\u0fff\u1000-\u109f\u1780-\u17ff\u3005-\u3007\u3040-\u30ff\u31f0-\u31ff"
                       "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f\U00020000-\U0003134f]")
_TAG = re.compile(r"<[^>]*>")
_INLINE_TAG = re.compile(r"</?(?:a|abbr|b|bdi|bdo|cite|code|del|dfn|em|i|kbd|mark|q|s|samp|small|span|strong|sub|sup|"
                         r"time|u|var)\b[^>]*>")
UNSPACED_CHARS = 12  # each extra word: the next 12 characters at most (a query longer than that, from inside a run,
UNSPACED_WORDS = 20_000  # is not found); and so many words at most per document (a whole book of Chinese, say)


# Letters that Arabic, Persian and Urdu keyboards type differently for one letter: yeh (ی, ى for ي), kaf (ک for ك),
# heh (ہ, ە for ه). An Arabic-language source spells a Persian name with its own letters, and a reader types the
# keyboard's: `ايران` found nothing of the alias `ایران` (a tester). search.js folds the query alike (processTerm).
# And the apostrophe letter ʼ (U+02BC) of Ukrainian spelling, a letter to Pagefind, as the ' that keyboards type (a
# name spelt `Вʼячеслав` was found by no one who typed В'ячеслав or В’ячеслав: a tester). And the Latin letters that
# Pagefind does not fold to a keyboard's, having no accent to take off: Azerbaijani and Turkish ə and ı (`Xankendi`
# found nothing of Xankəndi, `DAĞLIQ` nothing of Dağlıq: a tester), Polish ł, Danish ø, Croatian and Vietnamese đ,
# Maltese ħ, German ß, æ and œ. And the modifier letters of Hawaiian's ʻokina and transliterated Arabic's ʿayn and
# hamza, which no keyboard types (`Hawaii` and `Baath` found nothing of Hawaiʻi and Baʿath: a tester): left out.
# Icelandic ð and þ, Hausa ƙ, Twi ɔ and ɛ, ŋ, and Arabic's teh marbuta, typed as heh (`Gudni`, `Althingi`,
# `الجزيره` found nothing: a tester).
_VARIANTS = {"\u06cc": "\u064a", "\u0649": "\u064a", "\u06a9": "\u0643", "\u06c1": "\u0647", "\u06d5": "\u0647",
             "\u02bc": "'", "\u02bb": "", "\u02be": "", "\u02bf": "", "ə": "e", "Ə": "E", "ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D",
             "ħ": "h", "Ħ": "H", "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
             "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th", "ƙ": "k", "Ƙ": "K", "ɔ": "o", "Ɔ": "O", "ɛ": "e", "Ɛ": "E",
             "ŋ": "ng", "Ŋ": "Ng", "\u0629": "\u0647"}
_LETTER_VARIANTS = str.maketrans(_VARIANTS)
_LETTER_VARIANT = re.compile(f"[{''.join(_VARIANTS)}]")


def search_form(word: str) -> str:
    """A word as the search folds it: its compatibility form (NFKC), with one letter for each Arabic-script variant,
    `'` for the apostrophe letter ʼ, and a keyboard's letters for the Latin ones Pagefind keeps (ə, ı, ł, ß…)."""
    return unicodedata.normalize("NFKC", word).translate(_LETTER_VARIANTS)


def unspaced_words(html: str) -> str:
    """The HTML that makes every word findable as a reader may type it: MORE, then the compatibility (NFKC) form of
    each word that has another, the parts of a word joined by a dash or typographic apostrophe, and the suffixes of
    each unspaced word ("" if none).

    Pagefind parts words at spaces and matches a query word against their beginnings, so 衝突 is found in
    尖閣諸島中国漁船衝突事件 through the extra word 衝突事件. A word, as Pagefind parts it, runs from space to space
    (digits, punctuation and inline markup within: 巡視船2隻に衝突した。); each one holding an unspaced script gets
    the next UNSPACED_CHARS characters from each later position, but from a mark (a Thai or Khmer vowel sign).
    Pagefind does not fold compatibility forms, and search.js folds the query: so ＮＨＫ gets the word NHK, ５１７９
    5179, Երևան Երեւան (a tester's `NHK` found nothing), and a folded word its own suffixes; so does ایران ايران
    (search_form).
    """
    if html.isascii() or (not _UNSPACED.search(html) and unicodedata.is_normalized("NFKC", html)
                          and not _LETTER_VARIANT.search(html) and not _JOINER.search(html)):  # isascii: most
        return ""  # documents, at memory speed
    # A block's tags part words, as Pagefind parts them; an inline tag does not (尖閣**諸島**中国 is one word to it)
    text, words = unescape(_TAG.sub(" ", _INLINE_TAG.sub("", html))), {}
    for word in text.split():
        folded = search_form(word).split()  # a compatibility form may hold a space (¨: " ̈")
        forms = [word] if folded == [word] else [word, *folded]
        words.update(dict.fromkeys(forms[1:]))
        if _JOINER.search(word):  # `Israel–Hamas`, `d’Ivoire`: Pagefind parts words at `-` and `'` only (a tester)
            words.update(dict.fromkeys(part for form in forms for part in _JOINER.split(form) if part))
        for form in forms:
            if _UNSPACED.search(form):
                for i in range(1, len(form)):
                    if not unicodedata.category(form[i]).startswith("M"):  # a vowel sign or other mark starts no word
                        words[form[i:i + UNSPACED_CHARS]] = None
    if not words:
        return ""
    # The meta tells the search page that this document's last ⁂ starts the extra words (an editor's own ⁂ may
    # stand in the text: it is no marker where the meta is missing, and the marker is always the last).
    return (f'<p data-pagefind-meta="unspaced:1">{MORE} {escape(" ".join(itertools.islice(words, UNSPACED_WORDS)))}'
            "</p>")


def _name(project, entity_id: str, title_of) -> str:
    """A wikilink's text when it names no label: the target's display name."""
    target = project.entities.get(entity_id)
    return escape(title_of(target) if target else entity_id)


def _collect(record: m.Record, data: dict, name, words: list[str]) -> None:
    """Append the HTML of every Text and Markdown value of a record (and of records within it)."""
    start = len(words)
    for spec in record.fields:
        value = data.get(spec.name)
        if spec.type is m.CLAIMS and value:  # as the page: else the claims were a sub-result of the body's last heading
            words.append('<h2 id="claims_h">Claims</h2>')
        if value is not None:
            _collect_value(spec.type, value, name, words)
    if record is m.CLAIM and len(words) > start and isinstance(data.get("status"), str):
        words[start] = _hedged(words[start], data, name)


_FIRST_BLOCK = re.compile(r"<(?:p|h[1-6]|li|td|th)\b[^>]*>")


def _hedged(text_html: str, claim: dict, name) -> str:
    """A claim's text with its status and author before its first words (`Claim by X (alleged): …`), as its page shows
    them: a search result's excerpt gave a prosecutor's allegation as a plain fact (a tester)."""
    author = claim.get("attributed_to")
    # "Claim by India (denied)": the author asserts the text, whatever its status ("Denied, attributed to India" read
    # as India denying it: a tester); a right-to-left name is isolated, or the claim's words took its place.
    by = f" by {isolated_text(unescape(name(author)))}" if isinstance(author, str) else ""
    hedge = escape(f"Claim{by} ({claim['status']})")
    first = _FIRST_BLOCK.search(text_html)
    if first is None:
        return f"<p>{hedge}:</p>{text_html}"
    return f"{text_html[: first.end()]}{hedge}: {text_html[first.end():]}"


def _collect_value(kind: m.Type, value, name, words: list[str]) -> None:
    """_collect for one value of a given field type."""
    if isinstance(kind, m.ListOf):
        for item in value:
            _collect_value(kind.item, item, name, words)
    elif isinstance(kind, m.Record):
        _collect(kind, value, name, words)
    elif isinstance(kind, m.Markdown) and hasattr(value, "html"):  # a compiled markup.Markup
        words.append(fill(value.html, lambda i: "#", name, lambda _path: "#"))
    elif isinstance(kind, m.Text) and isinstance(value, str):
        words.append(f"<p>{escape(value)}</p>")


def digest(docs: dict[str, str]) -> str:
    """One digest of documents (or their keys) and their paths, and of the Pagefind version that indexes them."""
    hasher = hashlib.blake2b(pagefind_version().encode(), digest_size=16)
    for path in sorted(docs):
        hasher.update(path.encode() + b"\0" + docs[path].encode() + b"\0")
    return hasher.hexdigest()


@functools.cache  # every shard's digest asks: a look-up in the installed packages' metadata each time
def pagefind_version() -> str:
    """The installed Pagefind package's version (its index format can change between versions)."""
    try:
        from importlib.metadata import version

        return version("pagefind")
    except Exception:  # noqa: BLE001 - not installed: index() reports it
        return ""


def shard_count(paths, size: int = SHARD_SIZE) -> int:
    """How many Pagefind indexes hold the documents at these paths: a power of two, none of them empty.

    Enough that each holds about `size` (a power of two, so that the count, and with it
    every shard, which a change of count re-indexes, changes only when the site doubles),
    halved while some shard would be empty: Pagefind cannot index nothing.
    """
    numbers = [_number(path) for path in paths]
    count = 1
    while count * max(1, size) < len(numbers):
        count *= 2
    while count > 1 and len({number % count for number in numbers}) < count:
        count //= 2
    return count


@functools.lru_cache(maxsize=1 << 16)  # every build asks for every page's (make serve: again and again)
def _number(path: str) -> int:
    """A stable number for a document's path: its shard is this number modulo the shard count."""
    return int.from_bytes(hashlib.blake2b(path.encode(), digest_size=8).digest(), "big")


def bundle_of(shard: int) -> str:
    """The folder of one shard's index in the site: the first is `pagefind/` itself (with the UI)."""
    return BUNDLE if shard == 0 else f"{BUNDLE}/{SHARD_PREFIX}{shard}"


def merged_bundles(paths, size: int = SHARD_SIZE) -> list[str]:
    """The folders the search page merges into the first index (`mergeIndex`), each ending in /."""
    return [bundle_of(shard) + "/" for shard in range(1, shard_count(paths, size))]


def shards(paths: list[str], size: int = SHARD_SIZE) -> list[list[str]]:
    """The documents' paths split into shards by a hash of the path: an edit changes one shard."""
    parts: list[list[str]] = [[] for _ in range(shard_count(paths, size))]
    for path in paths:
        parts[_number(path) % len(parts)].append(path)
    return parts


def make_index(docs: Documents, site: str, previous_output: str | None, previous_digests: dict[str, str],
               in_place: bool, size: int = SHARD_SIZE, changed: set[str] | None = None,
               missing: frozenset[str] = frozenset()) -> tuple[dict[str, str], list[str], int, int]:
    """Index the documents into site, shard by shard, keeping each shard whose documents are unchanged.

    A kept shard is hard-linked from previous_output, or left where it is when the build
    publishes in place (`in_place`: site then receives only files that differ from the
    previous output's). changed: the paths of the documents that may differ from those the
    previous digests were made of (Documents.changed); the other shards keep their digests
    unread. missing: files of the previous output's index found missing (incremental.missing_files): their
    shards are made again. Returns each shard's digest (for the manifest), every file of the index (relative
    to site), the number of documents, and the number of shards indexed.
    Runs in a background process beside the rendering (plugin.py); shards run in parallel.
    """
    from .incremental import reuse as reuse_file

    remove_stale_scratch(site)
    parts = shards(docs.paths, size)
    known = {bundle: value for bundle, value in previous_digests.items() if in_index(bundle)}
    moved = None if changed is None or len(known) != len(parts) else {_number(path) % len(parts) for path in changed}
    digests = {}
    for shard, part in enumerate(parts):
        bundle = bundle_of(shard)
        # A shard's digest: its entity documents' keys, then its content pages'. The first is kept unread from the
        # last build when no changed entity document falls in the shard; the second is made anew (a few pages).
        pages = digest(docs.keys([path for path in part if path not in docs.entities]))
        unread = moved is not None and shard not in moved and len(known.get(bundle, "").split(" ")) == 2
        entities = (known[bundle].split(" ")[0] if unread
                    else digest(docs.keys([path for path in part if path in docs.entities])))
        digests[bundle] = f"{entities} {pages}"
    broken = {_bundle_holding(path) for path in missing if in_index(path)}
    kept = {bundle for bundle, value in digests.items()
            if previous_digests.get(bundle) == value and bundle not in broken and _has_index(previous_output, bundle)}
    todo = [(bundle_of(shard), part) for shard, part in enumerate(parts) if bundle_of(shard) not in kept]
    texts = docs.texts([path for _, part in todo for path in part])
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        made = list(pool.map(lambda job: _index_shard({path: texts[path] for path in job[1]}, site, job[0],
                                                      previous_output if in_place else None), todo))
    files = [path for paths in made for path in paths]
    for bundle in sorted(kept):
        for path in _index_files(previous_output, bundle):
            files.append(path)
            if not in_place:
                reuse_file(previous_output, site, path)
    return digests, sorted(files), len(docs.paths), len(todo)


def in_index(path: str) -> bool:
    """True for a path of the search index (a shard's folder or a file in one)."""
    return path == BUNDLE or path.startswith(BUNDLE + "/")


def _bundle_holding(path: str) -> str:
    """The shard folder (bundle_of) that holds a file of the search index."""
    first, _, rest = path[len(BUNDLE) + 1 :].partition("/")
    return f"{BUNDLE}/{first}" if rest and first.startswith(SHARD_PREFIX) else BUNDLE


def _has_index(output: str | None, bundle: str) -> bool:
    """True when output holds a finished index at bundle (and no link in its place)."""
    folder = os.path.join(output or "", bundle)
    return bool(output) and not os.path.islink(folder) and os.path.isfile(os.path.join(folder, "pagefind-entry.json"))


def _index_files(output: str, bundle: str) -> list[str]:
    """Every file of one shard's index in output, relative to output (the first skips the other shards)."""
    found, top = [], os.path.join(output, bundle)
    for folder, subfolders, names in os.walk(top):  # never follows links
        if bundle == BUNDLE and folder == top:
            subfolders[:] = [name for name in subfolders if not name.startswith(SHARD_PREFIX)]
        inside = bundle + folder[len(top):] + "/"  # os.walk's folders are top joined with names: no relpath needed
        found.extend(inside + name for name in names)
    return found


def _index_shard(docs: dict[str, str], site: str, bundle: str, previous_output: str | None) -> list[str]:
    """Run Pagefind over one shard's documents (written to scratch space) into site/bundle; returns its files.

    With previous_output (the build publishes in place), Pagefind writes to scratch space and
    only the files that differ from the previous output's are copied into site. Else site is
    a fresh staging folder and Pagefind writes straight into it: no copy of ten thousand
    fragments. Shards after the first keep only their index: the search page loads
    Pagefind's code and WebAssembly once, from `pagefind/`.
    """
    scratch = tempfile.mkdtemp(prefix=f"{_SCRATCH_PREFIX}{os.getpid()}-", dir=_scratch(site))
    _SCRATCHES.add(scratch)
    try:
        documents = os.path.join(scratch, "documents")
        for path, text in docs.items():
            target = os.path.join(documents, path)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "w", encoding="utf-8") as handle:
                handle.write(text)
        if previous_output:
            index = os.path.join(scratch, "index")
            _run_pagefind(documents, index)
            return _copy_changed(index, site, bundle, previous_output)
        _run_pagefind(documents, os.path.join(site, bundle))
        if bundle != BUNDLE:
            _drop_ui(os.path.join(site, bundle))
        return _index_files(site, bundle)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        _SCRATCHES.discard(scratch)


def _copy_changed(index: str, site: str, bundle: str, previous_output: str) -> list[str]:
    """Copy a shard's index made in scratch space into site/bundle, except files the previous output has; its files."""
    files = []
    for folder, _subfolders, names in os.walk(index):
        for name in names:
            source = os.path.join(folder, name)
            if bundle != BUNDLE and folder == index and not _index_part(name):
                continue
            path = os.path.join(bundle, os.path.relpath(source, index))
            files.append(path)
            if _unchanged(source, os.path.join(previous_output, path)):
                continue
            os.makedirs(os.path.dirname(os.path.join(site, path)), exist_ok=True)
            shutil.copyfile(source, os.path.join(site, path))
    return files


def _drop_ui(index: str) -> None:
    """Delete what Pagefind wrote beside a shard's index (its UI and WebAssembly): the first shard has them."""
    with os.scandir(index) as entries:
        for entry in entries:
            if entry.is_file(follow_symlinks=False) and not _index_part(entry.name):
                os.unlink(entry.path)


def _unchanged(path: str, published: str) -> bool:
    """True when the published file has path's bytes: by its name alone when Pagefind named it by its content."""
    if _HASHED.search(os.path.basename(path)):
        return os.path.isfile(published) and not os.path.islink(published)
    return same_file(path, published)


def _index_part(name: str) -> bool:
    """True for a top-level file a merged index needs (its entry and metadata, not the UI or WebAssembly)."""
    return name == "pagefind-entry.json" or name.endswith(".pf_meta")


_RUNNING: set[subprocess.Popen] = set()  # this process's Pagefind runs (stop_pagefind)
_STARTING = threading.Lock()  # held while a run starts and is recorded, so a stop sees every run
_STOPPED = threading.Event()  # set by stop_pagefind: no further run starts


def stop_pagefind() -> None:
    """End this process's Pagefind runs and wait until they are gone (the build was cancelled: they
    write into a staging folder it deletes, and one left running would write it again after).

    Called from the SIGTERM handler, in the main thread, while a pool thread may be waiting for the
    same run in `communicate`: so it holds no lock that thread may hold (the start lock is only ever
    taken by the pool's threads; the timeout is a guard) and waits with WNOWAIT, which leaves the
    run's exit status to that thread's own wait.
    """
    _STOPPED.set()
    got = _STARTING.acquire(timeout=5)
    try:
        running = list(_RUNNING)
    finally:
        if got:
            _STARTING.release()
    for process in running:
        process.kill()
    for process in running:
        _wait_until_ended(process.pid)
    for scratch in list(_SCRATCHES):  # the process ends next (os._exit): no `finally` removes them
        shutil.rmtree(scratch, ignore_errors=True)


def _wait_until_ended(pid: int) -> None:
    """Wait until a child has ended (a zombie writes nothing), without reaping it."""
    try:
        os.waitid(os.P_PID, pid, os.WEXITED | os.WNOWAIT)
    except (ChildProcessError, AttributeError):  # already reaped by its own wait; or no waitid here
        pass


def _run_pagefind(documents_folder: str, bundle: str) -> None:
    """Run the pinned Pagefind over a folder of documents, writing the bundle; SearchIndexError on failure.

    Pagefind also reads PAGEFIND_* variables and a pagefind.yml (.toml, .json) in the folder it runs in: neither is
    an input of the build's fingerprint, so it runs without them, in the documents' scratch folder (a tester's
    PAGEFIND_FORCE_LANGUAGE left a site "up to date", and two clean builds differed by where they ran).
    """
    documents_folder, bundle = os.path.abspath(documents_folder), os.path.abspath(bundle)
    argv = [*_pagefind_command(), "--site", documents_folder, "--output-path", bundle, "--silent"]
    env = {name: value for name, value in os.environ.items() if not name.upper().startswith("PAGEFIND_")}
    try:
        with _STARTING:
            if _STOPPED.is_set():
                raise SearchIndexError("the search index was cancelled")
            process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                       env={**env, "NO_COLOR": "1"}, cwd=os.path.dirname(documents_folder))
            _RUNNING.add(process)
        with process:
            try:
                stdout, stderr = process.communicate(timeout=1800)
            except subprocess.TimeoutExpired:
                process.kill()
                raise
            finally:
                _RUNNING.discard(process)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise SearchIndexError(f"Pagefind could not run: {error}") from error
    if process.returncode != 0 or not os.path.isfile(os.path.join(bundle, "pagefind-entry.json")):
        detail = (stderr or stdout).strip() or f"exit status {process.returncode}"
        raise SearchIndexError(f"Pagefind failed to index the site: {detail}\n"
                               "(reinstall the pinned dependencies: make venv, or pip install -r requirements.lock)")


@functools.cache
def _pagefind_command() -> tuple[str, ...]:
    """The pinned Pagefind binary (`pagefind_bin`): run directly, a shard costs no Python start-up;
    else `python -m pagefind`, which finds it the same way."""
    try:
        from pagefind_bin import get_executable

        return (str(get_executable()),)
    except Exception:  # noqa: BLE001 - not installed, or no binary for this platform: the module reports it
        return (sys.executable, "-m", "pagefind")


_SCRATCH_PREFIX = ".briefkit-search-"  # then the pid of the process that made it
_SCRATCHES: set[str] = set()  # this process's scratch folders (stop_pagefind removes them)


def remove_stale_scratch(site: str) -> None:
    """Remove the scratch folders of processes that are gone (a build killed outright cannot): /dev/shm is small."""
    folder = _scratch(site)
    try:
        entries = os.listdir(folder)
    except OSError:
        return
    for name in entries:
        pid = name[len(_SCRATCH_PREFIX):].split("-", 1)[0] if name.startswith(_SCRATCH_PREFIX) else ""
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(os.path.join(folder, name), ignore_errors=True)


def _alive(pid: int) -> bool:
    """True when a process with this pid exists (perhaps another user's, or a new one with a reused pid)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, but not ours to signal
        return True
    return True


def _scratch(site: str) -> str:
    """Where the documents go: memory (/dev/shm) when the system has it, since 10,000 small files cost
    seconds to create and delete on a disk; else beside the site."""
    shm = "/dev/shm"
    if os.path.isdir(shm) and os.access(shm, os.W_OK | os.X_OK):
        return shm
    return os.path.dirname(os.path.abspath(site))
