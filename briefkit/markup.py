"""Markdown for fact-sheet fields: CommonMark + tables, strikethrough, footnotes, `[[id]]` links.

A field is compiled once, while validating (checking its links needs the
parse anyway). Wikilinks become placeholders that the render stage fills in
with the target's URL and name, so a compiled field depends only on its own
text and can be cached with the file it came from.
"""

from __future__ import annotations

import bisect
import itertools
import posixpath
import re
import string
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from html import escape, unescape
from html.entities import html5
from importlib import import_module
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt
from markdown_it.helpers import parseLinkLabel
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from .model import INVISIBLE, VISIBLE_REGEX
from .bidi import direction, has_rtl, isolated_run

ID_PATTERN = r"[a-z0-9]+(?:-[a-z0-9]+)*"
ALLOWED_SCHEMES = ("http", "https", "mailto")
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*):")
_WIKILINK = re.compile(r"\[\[([^\[\]|\n]*)(?:\|([^\[\]]*))?\]\]")
_OPENED = re.compile(r"[^\[\]|\n]*")  # what a `[[` that opens no wikilink names: up to a bracket, bar or line end
table_rule = import_module("markdown_it.rules_block.table")  # the module: the package exports its function by that name
_KEPT_BAR = "\x01"  # a wikilink's `|` while its table row is split (the loader refuses control characters)
_ID = re.compile(ID_PATTERN)
# Placeholders use control characters, which the loader refuses in input,
# so no editor text can forge one.
HREF_OPEN, NAME_OPEN, CLOSE = "\x02", "\x04", "\x03"
TEXT_NAME_OPEN = "\x06"  # a name in an attribute (a table's label): text, never `<bdi>`
PLACEHOLDER = re.compile("([\x02\x04\x06])([a-z0-9-]+)\x03")
# what a name's HTML adds to its escaped text: `<bdi dir>` around a right-to-left one, `<span lang dir>` around a
# source's title in its language (views.name_html)
_ISOLATE = re.compile(r'</?(?:bdi|span)\b[^>]*>')
# An editor's relative link, as a path from the site root (escaped as an attribute): each page puts its ROOT before it.
PATH_OPEN = "\x05"
_PATH = re.compile("\x05([^\x03]*)\x03")


@dataclass(frozen=True)
class Markup:
    """A compiled Markdown field: HTML with wikilink placeholders, and the plain source."""

    html: str
    source: str
    links: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.source.strip())


def link_problem(url: str) -> str | None:
    """Why a link target is refused (None when it is allowed)."""
    if url.startswith("//"):
        return f"link `{url}` leaves out the scheme; write https://…"
    match = _SCHEME.match(url)
    if match and match.group(1).lower() not in ALLOWED_SCHEMES:
        return f"link scheme `{match.group(1)}:` is not allowed; use http:, https:, mailto:, a relative path or #anchor"
    if match and match.group(1).lower() != "mailto":  # as a `url` field refuses them (found by a tester)
        return _web_link_problem(url)
    return None


# Characters that show nothing and that no URL holds (spaces are percent-encoded by then: %20 may be meant).
_INVISIBLE = re.compile(rf"(?![\u200c\u200d])[{INVISIBLE}]")  # joiners are letters' to Persian and Indic addresses


def _web_link_problem(url: str) -> str | None:
    """Why an http(s) link (as markdown-it normalised it: percent-encoded) leads nowhere, or None."""
    invisible = _INVISIBLE.search(unquote(url))
    if invisible:
        return f"link `{url}` holds U+{ord(invisible.group()):04X}, which shows nothing and no URL holds"
    try:
        parts = urlsplit(url)
    except ValueError:  # `http://[::1`: a bracket left open
        return f"link `{url}` is no URL"
    try:
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError:
        return f"link `{url}` is no URL: a port is a number from 0 to 65535"
    if not parts.hostname:  # `https:`, `http:a.b`, `https://user@/`, `http://:80/`
        return f"link `{url}` names no host; write {parts.scheme}://host/…"
    return None


def heading_slug(text: str) -> str:
    """Heading anchor: prefixed with `h_` so it never equals an entity id."""
    # `İstanbul` in lower case is `i` and a combining dot, which no link typed by hand holds (a tester): `i`
    return "h_" + "-".join(_words_of(text.lower().replace("i\u0307", "i")))[:60]


def _words_of(text: str) -> list[str]:
    """The words of a heading: letters, digits, `_`, joiners and the marks that go with them (vowel signs are marks,
    not letters, in Thai, Devanagari, Gurmukhi, Tibetan…: `ประวัติ` was cut into `ประว-ต`, an anchor no editor writes)."""
    words, word = [], []
    for char in text:
        # a joiner or mark goes with the letter before it: after a symbol dropped (`⚠️`'s U+FE0F), it is dropped too,
        # or the id held an invisible character that no link written by hand matches (a tester)
        if char.isalnum() or char == "_" or (word and (char in "\u200c\u200d" or unicodedata.category(char).startswith("M"))):
            word.append(char)
        elif word:
            words.append("".join(word))
            word = []
    return words + ["".join(word)] if word else words


BROKEN = "[["  # marks, in a compiled field's wikilinks, a `[[` that opens no wikilink: BROKEN + what follows it


def _wikilink_rule(state, silent: bool) -> bool:
    """Inline rule: `[[id]]` or `[[id|label]]`; a `[[` that opens neither is noted (validate.py reports it)."""
    if silent or not state.src.startswith("[[", state.pos):
        # Silent: a link's text is being scanned for its `]`. markdown-it takes a token that starts with `[` and is
        # longer than it for a link in the link and drops the outer one: so its brackets are counted instead.
        return False
    match = _WIKILINK.match(state.src, state.pos)
    if not match:
        opened = _OPENED.match(state.src, state.pos + 2)
        # Meant as a wikilink: one bracket short (`[[iran]`), a label after a `|`, or anything never closed (`See
        # [[act and more.`, a `]]` forgotten, was published as written without a word: a tester); not a pair of
        # brackets closed by one (`[[12, 3], [4, 5]]`, `[[The minister] and his deputy]`: a reviewer), nor a link's
        # text (`[[a] b](…)`); `[[[` is noted once.
        closed_by_one = state.src.startswith("]", opened.end()) and not _ID.fullmatch(opened.group().strip())
        if (not closed_by_one and not (state.pos and state.src[state.pos - 1] == "[")
                and not state.src.startswith("[", state.pos + 2) and not _opens_a_link(state)):
            state.env.setdefault("wikilinks", []).append(BROKEN + opened.group().strip())
        return False
    if not silent:
        token = state.push("wikilink", "", 0)
        token.meta = {"target": match.group(1).strip(), "label": _given_label(match.group(2))}
    state.pos = match.end()
    return True


def _mark_before_wikilink(state, silent: bool) -> bool:
    """Inline rule: a `^` or `!` right before a whole `[[…]]` is text, and the wikilink stays one: `^[[id]]` was an
    inline footnote holding `[id]`, and `![[id]](url)` an image labelled `[id]`, the id never checked nor linked
    (a tester; a whole `[[…]]` is always a wikilink)."""
    if state.src[state.pos : state.pos + 1] not in ("^", "!") or not _WIKILINK.match(state.src, state.pos + 1):
        return False
    if not silent:
        state.push("text", "", 0).content = state.src[state.pos]
    state.pos += 1
    return True


def _given_label(label: str | None) -> str | None:
    """A wikilink's label, or None for none: `[[id| ]]` shows the entity's name too (its spaces made a link with no
    text, invisible, and empty to a screen reader: a tester), as does a label of invisible characters alone
    (`[[id|\u200b]]`: another)."""
    return label if label is not None and _SEEN.search(unescape(label)) else None  # `&#x200B;` as written too


_SEEN = re.compile(VISIBLE_REGEX)


def _opens_a_link(state) -> bool:
    """True when the `[` at state.pos starts the text of a Markdown link: `[[a] b](url)`, `[[1] Reuters][r]`."""
    end = parseLinkLabel(state, state.pos)
    return end >= 0 and state.src[end + 1 : end + 2] in ("(", "[")


def _render_wikilink(self, tokens, idx, options, env) -> str:
    """A link whose href and (default) text are filled in at render time."""
    meta = tokens[idx].meta
    target, label = meta["target"], meta["label"]
    if not _noted(env, target):
        return escape(f"[[{target}]]")
    if meta.get("in_link"):  # no link in a link: the outer one is what a reader follows; the name is its text
        return _label_html(label) if label else f"{NAME_OPEN}{target}{CLOSE}"
    return _wikilink_html(target, label)


def _noted(env: dict, target: str) -> bool:
    """Record a wikilink's target (validate.py checks each); False when it is not an id at all."""
    env.setdefault("wikilinks", []).append(target)
    if not _ID.fullmatch(target):
        env.setdefault("bad_wikilinks", []).append(target)
        return False
    return True


def _wikilink_html(target: str, label: str | None) -> str:
    """The placeholder link of a valid wikilink (a label may span lines; its spaces are folded)."""
    text = _label_html(label) if label else f"{NAME_OPEN}{target}{CLOSE}"
    return f'<a class="wikilink" href="{HREF_OPEN}{target}{CLOSE}">{text}</a>'


def _label_html(label: str) -> str:
    """A wikilink's own words as HTML: emphasis, code and strikethrough shown as in any text (`[[x|the **chief**]]`
    showed its asterisks: a tester), nothing that links or loads; its spaces folded (it may span lines); isolated
    when it holds a right-to-left letter."""
    label = " ".join(label.split())
    html = _label_parser().renderInline(label) if _LABEL_MARKUP.search(label) else escape(label)
    return isolated_run(html, label) if has_rtl(label) else html  # isolated, as a name is (bidi.py)


def _label_text(label: str) -> str:
    """A wikilink's own words as plain text (for an image's description or a table's name)."""
    return plain_text(_label_html(label))


_LABEL_MARKUP = re.compile(r"[*_`~\\&]")
_TAG = re.compile(r"<[^>]*>")
# Plain text from HTML (descriptions, feeds, downloads, search, a wikilink's words): footnote marks and notes dropped,
# block ends a space, other tags nothing. Struck-through text (`~~800~~`, an editor's correction) is left out: the
# page shows it struck, and social cards, feeds, the CSV and search excerpts gave it as current text (a tester).
_FOOTNOTES = re.compile(r'<sup class="footnote-ref">.*?</sup>|<hr class="footnotes-sep".*', re.S)
# Tables and code blocks, which as plain text run into words that read as a sentence ("… Killed Wounded 5 August
# 2020 135 5,000 …" in a description: a tester): left out, as footnotes are
_TABLES_AND_CODE = re.compile(r'<div class="table_wrap".*?</table>\s*</div>|<pre\b.*?</pre>', re.S)
_BLOCK_TAG = re.compile(r"</?(?:p|li|h[1-6]|br|hr|tr|td|th|blockquote|pre|ol|ul|table|thead|tbody|dl|dt|dd)\b[^>]*>")
_STRUCK = re.compile(r"<(s|del)\b[^>]*>(.*?)</\1>", re.S)  # markdown-it writes `~~…~~` as <s>; raw HTML is off
STRUCK = ("\ue000", "\ue001")  # plain_text's marks around struck text, for an output whose text is HTML


def unstruck(html: str) -> str:
    """HTML without its struck-through text (`<s>`, `<del>` and what they hold)."""
    return _STRUCK.sub("", html) if "<s" in html or "<del" in html else html


def plain_text(html: str, struck: bool = False) -> str:
    """The plain text of HTML, without its footnotes, tables and code blocks: struck-through text left out, or
    (struck) kept between the STRUCK marks."""
    if struck:  # an editor's own marks are no markers
        html = _STRUCK.sub(lambda found: f"{STRUCK[0]}{found.group(2)}{STRUCK[1]}",
                           html.replace(STRUCK[0], "").replace(STRUCK[1], ""))
    else:
        html = unstruck(html)
    html = _TABLES_AND_CODE.sub(" ", _FOOTNOTES.sub("", html))
    return " ".join(unescape(_TAG.sub("", _BLOCK_TAG.sub(" ", html))).split())


@cache
def _label_parser() -> MarkdownIt:
    """markdown-it for a wikilink's words: emphasis, code, strikethrough, escapes and entities only."""
    return MarkdownIt("zero").enable(["emphasis", "backticks", "escape", "entity", "strikethrough"])


def _render_image(self, tokens, idx, options, env) -> str:
    """Images are shown as links: the site loads nothing from other hosts. One inside a link is its text (no
    link in a link: the outer one is what a reader follows)."""
    token = tokens[idx]
    return image_as_link(token, _alt_html(token.children or [], env))


def image_as_link(token, alt_html: str) -> str:
    """An image token shown as a link to its file, `Image: <description>`; inside a link, as that text alone."""
    alt = alt_html or "image"
    if token.meta.get("in_link"):
        return f"Image: {alt}"
    return f'<a class="image-link" href="{escape(token.attrGet("src") or "")}">Image: {alt}</a>'


def _alt_html(children: list, env: dict) -> str:
    """An image's description as escaped text; a wikilink in it is a name (and a reference, checked as any)."""
    parts = []
    for token in children:
        if token.type == "wikilink":
            target, label = token.meta["target"], token.meta["label"]
            if not _noted(env, target):
                parts.append(escape(f"[[{target}]]"))
            else:
                parts.append(escape(_label_text(label)) if label else f"{NAME_OPEN}{target}{CLOSE}")
        elif token.type in ("text", "code_inline"):
            parts.append(escape(token.content))
        elif token.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif token.children:
            parts.append(_alt_html(token.children, env))
    return "".join(parts)


def _place_links(state) -> None:
    """Core rule: with env["base"] (the URL of the page a field belongs to), turn each relative link, image and
    #anchor into a path from the site root, which every page showing the field prefixes with its ROOT (the field also
    shows on the home page, the claims pages…, at other depths), and note it in env["site_links"] for validate.py (a
    dead image had passed: a tester). What lies inside a link is marked by _no_link_in_link."""
    base = state.env.get("base")
    for block in state.tokens:
        for token in block.children or ():
            attribute = "href" if token.type == "link_open" else "src" if token.type == "image" else None
            if attribute is None:
                continue
            written, path = token.attrGet(attribute), _rebase(token, attribute, base)
            if path is not None:  # a page or file of the site: validate.py checks the entity it names exists
                state.env.setdefault("site_links", []).append((written, path))
            elif base is not None and written and climbs_above_root(written, base):
                state.env.setdefault("above_root", []).append(written)  # relative, above the root: warned


def above_root_links(state) -> None:
    """Core rule of content pages, whose links and images stay as written but for those from the site's root
    (`/actors/`), written from the page at env["page"] (its URL from the root): env["above_root"] = the relative
    ones that climb above the site's root, as _place_links notes fact sheets'; env["site_links"] = (link, path from
    the root) of the others that lead to a page or file of the site, but not to the page itself (`#notes`); (link,
    None) of those through Pelican's `{filename}` or `{static}`, which Pelican resolves."""
    base = state.env.get("page")
    if base is None:
        return
    for block in state.tokens:
        for token in block.children or ():
            attribute = "href" if token.type == "link_open" else "src" if token.type == "image" else None
            written = token.attrGet(attribute) if attribute else None
            if written and written.startswith(("{", "|")):  # Pelican's `{filename}…`: content.py checks its file
                state.env.setdefault("site_links", []).append((written, None))
            if not written or written.startswith(("#", "{", "|")) or written[:3].upper() == "%7B":
                continue
            path = rooted(written, base)
            if path is not None:  # a page or file of the site; an image's too (a dead image had passed: a tester)
                state.env.setdefault("site_links", []).append((written, unquote(split_path(path)[0])))  # `%C3%BC`: ü
                if written.startswith("/"):  # the site's root, which may be served from a sub-path (as in fact sheets)
                    token.attrSet(attribute, from_page(path, base))
            elif climbs_above_root(written, base):
                state.env.setdefault("above_root", []).append(written)


def from_page(path: str, base: str) -> str:
    """A path from the site root (rooted()) as a link written on the page at base (`about/`): `../actors/`."""
    return "../" * base.count("/") + path or "./"


def climbs_above_root(url: str, base: str) -> bool:
    """True for a relative URL that, written on the page at base, leads above the site's root: no page of this site,
    and where the site is served from is unknown to the build."""
    return not _SCHEME.match(url) and not url.startswith("//") and rooted(url, base) is None


def above_root_message(url: str) -> str:
    """The warning at a link that climbs above the site's root, in a fact sheet or a content page."""
    return f"link to `{url}` climbs above the site's root; write a path inside the site, or a whole https:// address"


def _rebase(token, attribute: str, base: str | None) -> str | None:
    """The token's relative URL as a PATH_OPEN placeholder (see _place_links), and its path from the site root;
    others are left as written (None)."""
    url = token.attrGet(attribute)
    path = rooted(url, base) if url and base is not None else None
    if path is not None:
        token.attrSet(attribute, f"{PATH_OPEN}{path}{CLOSE}")
    return path


def last_slash_message(url: str) -> str:
    """What is said of a link to a page written without its last `/` (`/map`, `../../actors/iran`)."""
    path, rest = split_path(url)
    return (f"link to `{url}`: a page's address ends with `/`: write `{path}/{rest}` (without it, the link works only "
            "where the server adds it)")


def split_path(url: str) -> tuple[str, str]:
    """(the path of a relative URL, the `?query` and `#fragment` after it)."""
    cut = min((at for at in (url.find("?"), url.find("#")) if at >= 0), default=len(url))
    return url[:cut], url[cut:]


def rooted(url: str, base: str) -> str | None:
    """A relative URL written on the page at base (`briefings/x/`) as a path from the site root; None when it is
    absolute (a scheme, `//host`) or leads above the site root (then it stays as written)."""
    if _SCHEME.match(url) or url.startswith("//"):
        return None
    if url.startswith("#"):
        return base + url
    path, rest = split_path(url)
    if path.startswith("/"):  # from the site's root, which may be served from a sub-path
        joined = posixpath.normpath(path.lstrip("/") or ".")
    else:
        joined = posixpath.normpath(posixpath.join(base, path) if path else base)
    if joined == ".":
        joined = ""
    elif joined == ".." or joined.startswith("../"):
        return None
    elif not path or path.endswith("/") or posixpath.basename(path) in (".", ".."):  # a folder, as written
        joined += "/"
    if ":" in joined.split("/", 1)[0]:  # `/javascript:x` or `../../javascript:x` must not become a scheme at the root
        joined = "./" + joined
    return joined + rest


class UniqueIds:
    """Ids made unique by a number (`x`, `x-1`, `x-2`…): each id goes on from the last number it tried.

    The set of taken ids only grows, so the numbers tried before are still taken: n equal ids
    cost n steps, not n² (as the anchors plugin's `unique_slug`, which starts from 1 each time).
    """

    def __init__(self):
        self.taken: set[str] = set()
        self.next_number: dict[str, int] = {}

    def take(self, wanted: str) -> str:
        """wanted, or wanted numbered, whichever is free first; now taken."""
        found, number = wanted, self.next_number.get(wanted, 1)
        while found in self.taken:
            found, number = f"{wanted}-{number}", number + 1
        self.next_number[wanted] = number
        self.taken.add(found)
        return found


def heading_ids(levels: range, numbered: bool = True):
    """A core rule giving an anchor id to every heading of these levels: `heading_slug` of its text, numbered when taken
    (unless numbered is False: a fact sheet's field is one of several on a page, which numbers them all, views.py).

    The ids of mdit_py_plugins' anchors plugin, which this replaces: its numbering was quadratic
    (24,000 equal headings in a field took 100 s); UniqueIds gives the same ids in linear time.
    """
    tags = frozenset(f"h{level}" for level in levels)

    def rule(state) -> None:
        ids = UniqueIds()
        for index, token in enumerate(state.tokens):
            if token.type == "heading_open" and token.tag in tags:
                wanted = heading_slug(_heading_text(state.tokens[index + 1].children or ()))
                token.attrSet("id", ids.take(wanted) if numbered else wanted)

    return rule


def _heading_text(children) -> str:
    """A heading's words, for its id: its text and code, and a wikilink's label, else its id (the name a reader sees
    is known only once every sheet is read; the id is what the editor wrote: `## The role of [[hezbollah]]` is
    #h_the-role-of-hezbollah)."""
    return "".join(c.content if c.type != "wikilink" else f" {c.meta['label'] or c.meta['target']} "
                   for c in children if c.type in ("text", "code_inline", "wikilink"))


def shift_headings(state) -> None:
    """Core rule: a field's highest heading becomes h2, since the page title is the h1, and the others keep their
    distance from it (`#` h2, `##` h3; a body whose headings start at `##` starts at h2 too: it skipped a level,
    axe's heading-order), but never more than one level below the heading before them (`#` then `####`: h2, h3)."""
    headings = [token for token in state.tokens if token.type in ("heading_open", "heading_close")]
    if headings:
        shift = 2 - min(int(token.tag[1]) for token in headings)
        above = 1  # the page's h1
        for token in headings:
            if token.type == "heading_open":
                level = min(int(token.tag[1]) + shift, above + 1, 6)
                above = level
            token.tag = f"h{level}"  # a heading's close follows its open


_ALIGNMENTS = {f"text-align:{side}": f"align_{side}" for side in ("left", "center", "right")}


def _aligned_cells(state) -> None:
    """Core rule: a table column's alignment (`|:--:|`) as a class of the theme (site.css), not the inline style
    markdown-it writes, which the pages' Content-Security-Policy (`style-src 'self'`) blocks."""
    for token in state.tokens:
        if token.type in ("th_open", "td_open") and token.attrs.get("style") in _ALIGNMENTS:
            token.attrs["class"] = _ALIGNMENTS[token.attrs.pop("style")]


# markdown-it stops parsing a field where its blocks nest maxNesting deep (a list level costs 2) and drops the rest
# without a word: a treaty outlined 10 levels deep lost its last sections (found by a tester). The limit is raised
# from CommonMark's 20 to 40 (19 lists or quotes within each other parse; a 20th is lost), and reaching it is
# an error (too_deep).
MAX_NESTING = 40


def page_rules(md: MarkdownIt) -> None:
    """What every Markdown parser of the site adds (fact sheets' and content pages'): table alignments as classes,
    right-to-left blocks marked, tables that scroll, and the nesting limit watched."""
    md.options["maxNesting"] = MAX_NESTING
    md.core.ruler.after("inline", "named_links", _named_links)  # before place_links rewrites their addresses
    md.core.ruler.after("inline", "no_link_in_link", _no_link_in_link)
    md.core.ruler.before("text_join", "undefined_footnotes", _undefined_footnotes)  # escapes are tokens of their own
    md.core.ruler.push("too_deep", _too_deep)
    if "footnote_tail" in [rule.name for rule in md.core.ruler.__rules__]:
        md.core.ruler.before("footnote_tail", "repeated_notes", _repeated_notes)
    md.core.ruler.push("dropped", _dropped)
    md.core.ruler.push("aligned_cells", _aligned_cells)
    md.core.ruler.push("directions", _directions)
    _scrolling_tables(md)
    _named_footnote_links(md)


def _no_link_in_link(state) -> None:
    """Core rule: a link inside a link's text (an autolink, `[the report <https://a.com/r>](https://b.com/)`) is its
    text alone: `<a>` in `<a>` is no HTML, and a browser split the outer link at it (a tester). An image or a
    wikilink there is marked (meta["in_link"]), for its render rule to show it as text too."""
    for block in state.tokens:
        opened: list[bool] = []  # for each link open here: whether it is one inside another (its tags dropped)
        for token in block.children or ():
            if token.type in ("image", "wikilink"):
                token.meta["in_link"] = bool(opened)
            elif token.type == "link_open":
                opened.append(bool(opened))
                if opened[-1]:
                    token.type, token.tag, token.attrs, token.content = "text", "", {}, ""
            elif token.type == "link_close" and opened and opened.pop():
                token.type, token.tag, token.content = "text", "", ""


def _named_footnote_links(md: MarkdownIt) -> None:
    """A footnote's link and its way back named for a screen reader (`Note 1`, `Back to note 1`): each field numbers
    its notes from 1, and a page of several fields read "link, 1" and "link, right arrow curving left" again and
    again, to different places (a tester)."""
    for rule, words in (("footnote_ref", "Note"), ("footnote_anchor", "Back to note")):
        original = md.renderer.rules.get(rule)
        if original is not None:
            md.add_render_rule(rule, _labelled(original, words))
    if "footnote_caption" in md.renderer.rules:  # a note cited again showed `[1:1]`, named "Note 1" (axe: label-content-
        md.add_render_rule("footnote_caption", _caption)  # name-mismatch, serious; a tester): `[1]` at every citation


def _caption(self, tokens, idx, options, env) -> str:
    """A footnote reference's caption: its note's number, the same at each citation of it."""
    return f"[{tokens[idx].meta['id'] + 1}]"


def _labelled(original, words: str):
    """A footnote render rule whose link gets aria-label="<words> <number>" (a way back to a note's later citation
    says which: "Back to note 1, citation 2")."""
    def render(self, tokens, idx, options, env) -> str:
        html = original(tokens, idx, options, env)
        meta = tokens[idx].meta
        again = f", citation {meta['subId'] + 1}" if words != "Note" and meta.get("subId", -1) > 0 else ""
        return html.replace("<a href=", f'<a aria-label="{words} {meta["id"] + 1}{again}" href=', 1)
    return render


def _too_deep(state) -> None:
    """Core rule: env["too_deep"] = the line (from 0) of the first block nested as deep as markdown-it parses, below
    which it dropped the text; absent when none is."""
    for token in state.tokens:
        if token.level >= MAX_NESTING - 1 and token.map and token.type != "inline":  # inline: a paragraph's text
            state.env["too_deep"] = token.map[0]
            return


def _named_links(state) -> None:
    """Core rule: a link with no text (`[](https://…)`, or invisible characters alone) shows its address; it was an
    empty link, with nothing to read or click and no name for a screen reader (axe: link-name, serious)."""
    for block in state.tokens:
        children = block.children
        if block.type != "inline" or not children or not any(t.type == "link_open" for t in children):
            continue
        named = []
        for token in children:
            if token.type == "link_close" and named and named[-1].type == "link_open":
                shown = Token("text", "", 0)
                shown.content = unquote(named[-1].attrGet("href") or "") or "link"  # as written, %-escapes read
                named.append(shown)
            # spaces or invisible characters alone (`[\u2060](…)`: a tester) are no text either
            # (a character reference is a token of its own until text_join: `[&#8203;](…)`, a reviewer)
            blank = token.type in ("text", "text_special") and not _SEEN.search(token.content)
            if not (blank and named and named[-1].type == "link_open"):
                named.append(token)
        block.children = named


_FOOTNOTE_REF = re.compile(r"\[\^([^\]\s]+)\]")


def _undefined_footnotes(state) -> None:
    """Core rule: the labels of footnote references with no definition in the field (env["undefined_footnotes"]),
    which markdown-it shows as written (`[^2]`). Before text_join: an escaped `\\[^2]` is a token of its own then."""
    found = [label.group(1) for token in state.tokens if token.type == "inline" for child in token.children or ()
             if child.type == "text" and "[^" in child.content for label in _FOOTNOTE_REF.finditer(child.content)]
    if found:
        state.env["undefined_footnotes"] = list(dict.fromkeys(found))


def _repeated_notes(state) -> None:
    """Core rule, before the footnote plugin gathers the notes: the labels of footnotes defined again in the field
    (env["repeated_notes"]), of which the plugin keeps the last and drops the others without a word (a tester)."""
    seen = set()
    for token in state.tokens:
        if token.type == "footnote_reference_open":
            label = token.meta.get("label")
            if label in seen:
                state.env.setdefault("repeated_notes", []).append(label)
            seen.add(label)


def _dropped(state) -> None:
    """Core rule: what markdown-it leaves out of the HTML without a word, for validate.py to warn of: the labels of
    footnotes nothing refers to (env["unused_footnotes"]), and the lines (from 0) of table rows with more cells than
    their header (env["extra_cells"])."""
    refs = (state.env.get("footnotes") or {}).get("refs") or {}
    unused = [label[1:] for label, number in refs.items() if number == -1]
    if unused:
        state.env["unused_footnotes"] = unused
    columns, lines = 0, None
    for token in state.tokens:
        if token.type == "thead_open":
            columns = 0
        elif token.type == "th_open":
            columns += 1
        elif token.type == "tr_open" and token.map and columns:
            lines = lines if lines is not None else state.src.split("\n")
            cells = _split_row(_QUOTED.sub("", lines[token.map[0]]).strip())  # a table in a quote: `> | a | b |`
            cells = cells[1:] if cells and not cells[0].strip() else cells  # the row's outer pipes, as markdown-it
            cells = cells[:-1] if cells and not cells[-1].strip() else cells
            if any(cell.strip() for cell in cells[columns:]):
                state.env.setdefault("extra_cells", []).append(token.map[0])


_QUOTED = re.compile(r"^[ \t]*(?:>[ \t]?)*")  # a line's indentation and block-quote markers


def too_deep_message(line_text: str) -> str:
    """The problem of a field nested too deeply, at the line where it reaches the limit."""
    # Each list level takes two of markdown-it's levels (list and item), each quote one: say the limit, not a count.
    return (f"lists and quotes are nested too deeply here (`{line_text.strip()[:40]}`; at most {MAX_NESTING // 2} "
            f"levels of lists, {MAX_NESTING - 1} of quotes): Markdown would drop the rest of the text; nest them less")


def _scrolling_tables(md: MarkdownIt) -> None:
    """Render each table inside a box that scrolls sideways on a narrow screen, reachable with the keyboard (a
    scrolling region must take focus to scroll without a mouse: axe's scrollable-region-focusable)."""
    def table_open(self, tokens, idx, options, env) -> str:
        label = _table_label(tokens, idx)
        seen = env.setdefault("table_labels", {})  # two tables of one header (a side each) were two regions of one
        seen[label] = seen.get(label, 0) + 1  # name (axe: landmark-unique; a tester): the second is `… (2)`
        label = escape(label if seen[label] == 1 else f"{label} ({seen[label]})")
        return (f'<div class="table_wrap" tabindex="0" role="region" aria-label="{label}">\n'
                + self.renderToken(tokens, idx, options, env))

    def table_close(self, tokens, idx, options, env) -> str:
        return self.renderToken(tokens, idx, options, env) + "</div>\n"

    md.add_render_rule("table_open", table_open)
    md.add_render_rule("table_close", table_close)


_REGION_LABEL = re.compile(r'(role="region" aria-label=")([^"]*)(")')
_NUMBERED = re.compile(r" \([0-9]+\)\Z")


def unique_region_labels(html: str) -> str:
    """A page's HTML with each table region's name unique on the page: fields number their own tables of one header
    (table_open), but a summary and a body, or several claims, shown on one page had regions of one name (axe's
    landmark-unique; a tester). A repeat takes the next number free on the page, in the page's order."""
    if html.count('role="region" aria-label="') < 2:
        return html
    used: set[str] = set()

    def unique(found: re.Match) -> str:
        base = _NUMBERED.sub("", found.group(2))  # a field's own number (`… (2)`) is renumbered on the page
        label, number = base, 1
        while label in used:
            number += 1
            label = f"{base} ({number})"
        used.add(label)
        return f"{found.group(1)}{label}{found.group(3)}"
    return _REGION_LABEL.sub(unique, html)


def _table_label(tokens, idx: int) -> str:
    """A table's name for assistive technology: `Table: Date, Killed, Wounded` from its header's first cells (each
    table was `Table`, and a page of several had regions of one name: axe's landmark-unique)."""
    cells = []
    for token in itertools.islice(tokens, idx + 1, None):
        if token.type == "thead_close" or len(cells) == 4:
            break
        text = "".join(_cell_text(c) for c in token.children or ())
        if token.type == "inline" and text.strip():
            cells.append(_clipped(" ".join(text.split()), 30))
    return "Table: " + ", ".join(cells) if cells else "Table"


def _clipped(text: str, limit: int) -> str:
    """text's first limit characters, a name's placeholder kept whole (fill would leave half of one as it is)."""
    cut = text[:limit]
    opened = cut.rfind(TEXT_NAME_OPEN)
    return text[: text.index(CLOSE, opened) + 1] if opened > cut.rfind(CLOSE) else cut


def _cell_text(token) -> str:
    """The words a header cell's token shows: text, code, a wikilink's label or (filled in by fill) its entity's name
    (`| [[actor-id]] | Killed |` was `Table: Killed`: found by a tester). Not noted again: the cell's render notes it."""
    if token.type == "wikilink":
        target, label = token.meta["target"], token.meta["label"]
        if label:
            return _label_text(label)
        return f"{TEXT_NAME_OPEN}{target}{CLOSE}" if _ID.fullmatch(target) else f"[[{target}]]"
    return token.content if token.type in ("text", "code_inline") else ""


_DIRECTED = frozenset({"paragraph_open", "heading_open", "list_item_open"})


def _directions(state) -> None:
    """Core rule: a `dir` on each paragraph, heading, tight list item or quotation whose text holds a right-to-left
    letter (bidi.py): "rtl" when most of its letters are, else "ltr". A quotation's, list's or table's text is all its
    blocks', so its bar, markers, indent and columns stand where its lines begin; a table cell's text is isolated in
    its own direction where it differs from its table's (_cell_directions)."""
    if not has_rtl(state.src):  # most fields: no block to mark, and no pass over the tokens
        return
    tokens = state.tokens
    for index, token in enumerate(tokens[:-2]):
        if token.type not in _DIRECTED or (token.type == "paragraph_open" and token.hidden):
            continue
        inline = tokens[index + 1]
        if token.type == "list_item_open":  # a tight list's item shows its text without the <p>: the item takes it
            if inline.type != "paragraph_open" or not inline.hidden:
                continue
            inline = tokens[index + 2]
        if inline.type == "inline" and has_rtl(inline.content):
            token.attrSet("dir", direction(_shown_text(inline)))
    for index, token in enumerate(tokens):
        if token.type in _CONTAINERS:
            shown = "".join(_shown_text(inline) for inline in _inside(tokens, index))
            if has_rtl(shown):
                token.attrSet("dir", direction(shown))
    _cell_directions(tokens)


def _cell_directions(tokens: list) -> None:
    """Each table cell whose text runs in another direction than its table's: the text in a `<bdi dir>`, the cell
    left in its table's direction. A `dir` on the cell had aligned it to its own side: one column held
    "India (unofficial)" at the left and "(ISPR) پاکستان" at the right, and two headers alike faced apart (a tester)."""
    table = "ltr"
    for index, token in enumerate(tokens[:-1]):
        if token.type == "table_open":
            table = token.attrGet("dir") or "ltr"
        elif token.type in ("th_open", "td_open") and tokens[index + 1].type == "inline":
            inline = tokens[index + 1]
            shown = _shown_text(inline)
            own = direction(shown) if has_rtl(shown) else "ltr"
            if own != table and inline.children and any(ch.isalpha() for ch in shown):
                opened, closed = Token("html_inline", "", 0), Token("html_inline", "", 0)
                opened.content, closed.content = f'<bdi dir="{own}">', "</bdi>"
                inline.children = [opened, *inline.children, closed]


# Blocks whose direction places more than their text: a quotation's bar, a list's markers and indent (an Arabic list's
# numbers stood at the left, and hung off a phone's right edge: a tester), a table's column order.
_CONTAINERS = frozenset({"blockquote_open", "bullet_list_open", "ordered_list_open", "table_open"})


def _inside(tokens: list, start: int):
    """The inline tokens of the block opened at tokens[start]."""
    close = tokens[start].type.replace("_open", "_close")
    for token in tokens[start + 1 :]:
        if token.type == close and token.level == tokens[start].level:
            return
        if token.type == "inline":
            yield token


def _shown_text(inline) -> str:
    """The text an inline token's children show, as far as it is known before the wikilinks' names are filled in
    (`[[id|اسم]]` shows its label, not its Latin id)."""
    return "".join(_shown(child) for child in inline.children or ())


def _shown(token) -> str:
    """The text an inline token shows, as far as it is known before the wikilinks' names are filled in."""
    if token.type == "wikilink":
        return token.meta.get("label") or ""
    return token.content if token.type in ("text", "code_inline") else ""


def _split_row(row: str, split=table_rule.escapedSplit) -> list[str]:
    """markdown-it's split of a table row into cells, leaving a wikilink's `|` in its cell.

    GFM splits a row at every `|` not escaped, so `| [[iran|Iran]] | denies |` would lose its
    link and its last cell. A wikilink's bar is kept, written plain or escaped (`[[iran\\|Iran]]`,
    which GFM unescapes in a cell).
    """
    if "[[" not in row:
        return split(row)
    kept = _WIKILINK.sub(lambda found: found.group().replace("\\|", "|").replace("|", _KEPT_BAR), row)
    return [cell.replace(_KEPT_BAR, "|") for cell in split(kept)]


@cache
def parser() -> MarkdownIt:
    """The one configured Markdown parser of this process."""
    # markdown-it-py's table rule calls its module's escapedSplit (pinned 4.3.0; tests/test_rules.py checks it).
    table_rule.escapedSplit = _split_row
    md = MarkdownIt("commonmark", {"html": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.use(footnote_plugin)
    md.inline.ruler.before("link", "wikilink", _wikilink_rule)
    md.inline.ruler.before("image", "mark_before_wikilink", _mark_before_wikilink)  # before footnote_inline too
    # Every level: a `#####` under a `###` is shifted to h4, and had no id (found by a tester). Not numbered: the
    # page numbers the headings of all the fields it shows, in its order (views.page_heading_ids).
    md.core.ruler.push("heading_ids", heading_ids(range(1, 7), numbered=False))
    md.core.ruler.push("shift_headings", shift_headings)
    md.core.ruler.push("place_links", _place_links)
    md.add_render_rule("wikilink", _render_wikilink)
    md.add_render_rule("image", _render_image)
    page_rules(md)
    md.rejected = []  # links refused while parsing the current field
    md.validateLink = lambda url: _accept(md, url)
    return md


def _accept(md: MarkdownIt, url: str) -> bool:
    """validateLink: allow only FORMAT.md's schemes, remembering refusals."""
    reason = link_problem(url)
    if reason:
        md.rejected.append((url, reason))
    return reason is None


@dataclass
class Compiled:
    """What compiling one field yields: the markup and what it refers to or refuses."""

    markup: Markup
    wikilinks: list[str]
    bad_wikilinks: list[str]
    bad_links: list[tuple[str, str]]
    site_links: list[tuple[str, str]] = field(default_factory=list)  # (URL as written, path from the site root)
    above_root: list[str] = field(default_factory=list)  # relative URLs that climb above the site's root
    too_deep: int | None = None  # the line (from 0) where blocks nest as deep as markdown-it parses (_too_deep)
    unused_footnotes: list[str] = field(default_factory=list)  # labels of footnotes nothing refers to (_dropped)
    extra_cells: list[int] = field(default_factory=list)  # lines (from 0) of table rows wider than their header
    undefined_footnotes: list[str] = field(default_factory=list)  # labels referred to but not defined in the field
    repeated: list[tuple[str, str]] = field(default_factory=list)  # ("^x" a footnote's, "r" a link's label) defined again


# Where a link's destination starts: after `](` or `]:` (a reference definition), space and `<` allowed, or an
# autolink's `<`. What follows, to a space or `>`, starts with the URL (a URL may hold balanced parentheses).
DESTINATION = r"(?:\]\(\s*<?|\]:\s*<?|<)"
_DESTINATIONS = re.compile(DESTINATION + r"(?=([^\s<>]+))")  # a lookahead: `](a)[b](a)` holds two


_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)", re.DOTALL)  # CommonMark: closed by a run as long


_OPENS_DESTINATION = re.compile(DESTINATION + r"\Z")  # text that ends where a link's destination starts


def url_patterns(url: str) -> tuple[str, ...]:
    """Patterns of the ways a refused URL may be written in the text: as markdown-it reports it, percent-decoded, or
    with character references."""
    return re.escape(url), re.escape(unquote(url)), _with_references(url)


def _escapes_allowed(url: str) -> str:
    r"""A pattern of url as Markdown may write it with backslash escapes (`\\dead/` for `\dead/`): a warning about such
    a link had been placed at another link that held the same address percent-encoded (a tester)."""
    return "".join(f"\\\\?{re.escape(ch)}" if ch in _ESCAPABLE else re.escape(ch) for ch in url)


_ESCAPABLE = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")  # what CommonMark lets a backslash escape


def destination(text: str, url: str, start: int, end: int, cursors: dict) -> int | None:
    """Offset in text[start:end] of the next place a refused URL is written as a link's destination (after `](`,
    `]:` or `<`, not in a code span): as markdown-it reports it or percent-decoded, in the text as written or with
    its character references read (`&#x6A;avascript:`), from where the last one was found; None when none is.

    cursors (one per field) holds each needle's place, and a miss: many refused links cost linear time. The
    references are read once per field (a pattern of every way to write each character took a millisecond to
    compile, for each of thousands of links).
    """
    if "in code" not in cursors:
        cursors["in code"] = code_test(text, start, end)
    if "read" not in cursors:
        cursors["read"] = _references_read(text, start, end)
    read, offsets = cursors["read"]
    for pattern in dict.fromkeys((re.escape(url), re.escape(unquote(url)), _escapes_allowed(unquote(url)))):
        key = ("destination", pattern)
        at = cursors.get(key, 0)  # an offset in `read`
        # the whole destination, not the start of a longer one (`../../actors` in `../../actors/iran/`: a tester)
        for found in re.compile(pattern + r"(?=[\s)>\"']|\Z)").finditer(read, at):
            place = offsets[found.start()]
            if _OPENS_DESTINATION.search(text, max(start, place - 80), place) and not cursors["in code"](place):
                cursors[key] = found.end()
                return place
        cursors[key] = len(read)
    return None


_REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def _references_read(text: str, start: int, end: int) -> tuple[str, list[int]]:
    """text[start:end] with each character reference read as its character, and the offset in text of each
    character of the result (and of its end)."""
    parts, offsets, last = [], [], start
    for found in _REFERENCE.finditer(text, start, end):
        character = unescape(found.group())
        if len(character) != 1:
            continue  # not a reference to one character: kept as written
        parts.append(text[last : found.start()])
        offsets.extend(range(last, found.start()))
        parts.append(character)
        offsets.append(found.start())
        last = found.end()
    parts.append(text[last:end])
    offsets.extend(range(last, end + 1))
    return "".join(parts), offsets


def _with_references(text: str) -> str:
    """A pattern of text as a Markdown link may write it: any character as itself or a character reference, numeric
    (`javascript&#58;`, `&#x6A;avascript:`) or named (`javascript&colon;`), which the parser decodes before
    checking the link."""
    return "".join(f"(?:{re.escape(c)}|&#0*{ord(c)};|&#[xX]0*(?i:{ord(c):x});{_named(c)})" for c in text[:200])


@cache
def _named(character: str) -> str:
    """`|&colon;|…`: the pattern of the named references to a character (HTML5's names), or ""."""
    return "".join(f"|{re.escape('&' + name)}" for name in sorted(_NAMES.get(character, ())))


_NAMES: dict[str, list[str]] = {}
for _name, _value in html5.items():
    if _name.endswith(";") and len(_value) == 1:
        _NAMES.setdefault(_value, []).append(_name)


def code_test(text: str, start: int = 0, end: int | None = None):
    """A test of whether an offset of text[start:end] is inside a backtick code span (or fenced block), where
    Markdown shows `[[id]]` and `[x](url)` as written: they are neither links nor references."""
    end = len(text) if end is None else end
    if "`" not in text[start:end]:
        return lambda offset: False
    spans = [found.span() for found in _CODE_SPAN.finditer(text, start, end)]
    starts = [span[0] for span in spans]

    def inside(offset: int) -> bool:
        at = bisect.bisect_right(starts, offset) - 1
        return at >= 0 and offset < spans[at][1]
    return inside


def _once_each(rejected: list[tuple[str, str]], text: str) -> list[tuple[str, str]]:
    """Refusals without repeats: markdown-it checks one link more than once when a
    rule gives up on it (`![i](javascript:x)` is tried as an image, then as a link;
    `[w](<javascript:x>)` as a link, then as an autolink), so a URL is reported at most
    as often as the text holds it as a destination (and at least once), written as it is,
    percent-encoded or with character references (`javascript&#58;`, which the parser decodes)."""
    if not rejected:
        return []
    in_code = code_test(text)
    # By where each starts: `](<x>)` is a link's destination and, from its `<`, an autolink's, but one URL (a tester)
    held = Counter({found.start(1): found.group(1) for found in _DESTINATIONS.finditer(text)
                    if not in_code(found.start())}.values())
    if "&" in text:  # the text with its character references decoded holds each plain URL again: counted once
        decoded = unescape(text)
        in_decoded = code_test(decoded)
        held |= Counter({found.start(1): found.group(1) for found in _DESTINATIONS.finditer(decoded)
                         if "&" not in found.group(1) and not in_decoded(found.start())}.values())
    held = sorted(held.elements())
    seen: Counter[str] = Counter()
    kept = []
    for url, reason in rejected:
        seen[url] += 1
        written = {url, unquote(url)}
        if seen[url] <= max(1, sum(_starting_with(held, w) for w in written)):
            kept.append((url, reason))
    return kept


# A reference definition as a line of its own, `[label]: url`, a title at most after it, its url an address with a
# scheme (`[Update]: Kirby: …` or `[Local time]: UTC+3:00 …` is text); no footnote
_DEFINITION = re.compile(r"""^[ \t]*\[(?!\^)[^\]\n]+\]:[ \t]*<?([a-zA-Z][a-zA-Z0-9+.\-]*:[^\s<>]+|//[^\s<>]+)>?"""
                         r"""(?:[ \t]+(?:"[^"\n]*"|'[^'\n]*'|\([^)\n]*\)))?[ \t]*$""", re.MULTILINE)
# A link definition a page shows as text, at a line's start, whatever follows its address: its label (no footnote's)
# and its address (validate warns of it, at the first of its paragraph)
SHOWN_DEFINITION = re.compile(r"[ \t]*\[(?!\^)([^\]\n]+)\]:[ \t]*<?([^\s<>]+)")
CODE_HTML = re.compile(r"<(code|pre)\b[^>]*>.*?</\1>", re.DOTALL)  # code, which shows Markdown as written


# A line starting as a reference definition: its destination, and what follows it on the line
_LINE_DEFINITION = re.compile(r"^[ \t>]*\[[^\]\n]+\]:[ \t]*<?([^\s<>]+)(.*)$", re.MULTILINE)
_TITLE_ONLY = re.compile(r""">?(?:[ \t]+(?:"[^"\n]*"|'[^'\n]*'|\([^)\n]*\)))?[ \t]*""")  # after a definition's url
_LINKED = re.compile(r"(?:\]\(\s*<?|<)([^\s<>)]+)")  # a link's or an autolink's destination


def _in_prose(text: str) -> set[str]:
    """The URLs that stand in the text only after a `[label]:` starting a line of prose, not a definition, and in no
    link (`[Update]: Reuters: the strikes…`: markdown-it asks about `Reuters:` before it reads on, and gives up): no
    link is made of them, and each was an error (a false one: a tester's `[Local time]: UTC+3:00 in Moscow`). One
    pass over the text, whatever the number of refused links."""
    prose, whole = set(), set()
    for found in _LINE_DEFINITION.finditer(text):
        (whole if _TITLE_ONLY.fullmatch(found.group(2)) else prose).add(found.group(1))
    return prose - whole - {found.group(1) for found in _LINKED.finditer(text)} if prose else set()


def _refused_definitions(html: str) -> list[tuple[str, str]]:
    """(url, why) of each reference definition a field's page shows as text (outside code), whose destination is
    refused: after one that markdown-it refuses, or a line it reads as text, the lines below are a paragraph's text,
    and their links were said only once it was mended, one run per definition (a tester). _once_each keeps each as
    often as the text holds it."""
    shown = unescape(_TAG.sub("", CODE_HTML.sub("", html)))
    return [(found.group(1), why) for found in _DEFINITION.finditer(shown)
            if (why := link_problem(found.group(1))) is not None]


def _starting_with(ordered: list[str], prefix: str) -> int:
    """How many strings of a sorted list start with prefix."""
    return bisect.bisect_left(ordered, prefix + "\U0010ffff") - bisect.bisect_left(ordered, prefix)


# Most fields are short prose: paragraphs and tight `- ` lists of lines holding text,
# [[wikilinks]], and `*em*`, `**strong**` (or `_em_`, `__strong__`) around plain words.
# markdown-it's HTML for these shapes is known without running it, and skipping the
# parser for them cuts validation time by more than half. Anything else, and anything
# in doubt, goes to the parser. tests/test_fuzz.py checks the shortcut against
# markdown-it on generated texts (these shapes, and near misses of them) and on the
# fields of the seed sheets.
#
# Plain characters: none that starts an inline rule of the parser (`^` starts an inline
# footnote `^[…]`), no line breaks, tabs or control characters.
_PLAIN_CHAR = r"[^\\`*_\[\]<>&!#~|^\n\r\t\x00-\x1f\x7f-\x9f]"
_INLINE = re.compile(
    rf"(?P<plain>{_PLAIN_CHAR}+)"
    rf"|(?P<wikilink>{_WIKILINK.pattern})"
    # Emphasis around plain words that begin and end with an ASCII letter or digit.
    rf"|(?P<mark>\*\*?|__?)(?P<inner>[A-Za-z0-9](?:{_PLAIN_CHAR}*[A-Za-z0-9])?)(?P=mark)"
)
_PLAIN, _WIKI = _INLINE.groupindex["plain"], _INLINE.groupindex["wikilink"]  # then _WIKILINK's: target, label
# What may stand right outside an emphasis mark, so that it can only open (before it)
# or only close (after it) in CommonMark's flanking rules: a line's edge, a space, or
# ASCII punctuation other than the marks themselves.
_FLANK = frozenset(" " + string.punctuation) - {"*", "_"}
# First characters of a line that may begin a block other than a paragraph (or, on a
# later line, end one): lists, quotes, headings, rules, fences, tables, setext underlines.
# `*` and `_` are one only when no letter or digit follows the mark (`**Word` starts a paragraph).
_BLOCK_START = re.compile(r"[-+>#=|~`:\d]|\*(?!\*?[A-Za-z0-9])|_(?!_?[A-Za-z0-9])")


def _simple_markdown(text: str) -> tuple[str, list[str]] | None:
    """(html, wikilink targets) when text has one of the simple shapes, else None (then the parser must run, as for
    right-to-left text, whose blocks it marks: _directions)."""
    body = text[:-1] if text.endswith("\n") else text
    if not body or has_rtl(body):
        return None
    html: list[str] = []
    targets: list[str] = []
    after_list = False
    for block in body.split("\n\n"):
        lines = block.split("\n")
        if lines[0].startswith("- "):
            if after_list:  # a second list after a blank line would join the first, as a loose list
                return None
            items = []
            for line in lines:
                item = _simple_line(line[2:], targets) if line.startswith("- ") else None
                if item is None:
                    return None
                items.append(f"<li>{item}</li>\n")
            html.append("<ul>\n" + "".join(items) + "</ul>\n")
            after_list = True
        else:
            rendered = []
            for line in lines:
                inline = _simple_line(line, targets)
                if inline is None:
                    return None
                rendered.append(inline)
            html.append("<p>" + "\n".join(rendered) + "</p>\n")
            after_list = False
    return "".join(html), targets


def _simple_line(line: str, targets: list[str]) -> str | None:
    """The inline HTML of one simple line (appending its wikilink targets), or None."""
    if not line or line != line.strip() or _BLOCK_START.match(line):
        return None
    parts, position, end = [], 0, len(line)
    while position < end:
        found = _INLINE.match(line, position)
        if found is None:
            return None
        kind = found.lastindex  # the group that matched last: plain text, a wikilink, or an emphasis's inner words
        if kind == _PLAIN:
            parts.append(found[0].replace('"', "&quot;"))
        elif kind == _WIKI:
            target = found.group(_WIKI + 1).strip()
            if not _ID.fullmatch(target):
                return None
            parts.append(_wikilink_html(target, _given_label(found.group(_WIKI + 2))))
            targets.append(target)
        else:
            before = line[position - 1] if position else " "
            after = line[found.end()] if found.end() < end else " "
            if before not in _FLANK or after not in _FLANK:
                return None
            tag = "strong" if len(found.group("mark")) == 2 else "em"
            parts.append(f"<{tag}>{found.group('inner').replace(chr(34), '&quot;')}</{tag}>")
        position = found.end()
    return "".join(parts)


# A table's delimiter row (`|---|:--:|`), also inside block quotes and list items; and the blank line ending a table.
_DELIMITER_ROW = re.compile(r"^[ \t>]*(?:\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)+\|?|\|[ \t]*:?-+:?[ \t]*\|)[ \t]*$", re.M)
_BLANK_LINE = re.compile(r"\n[ \t>]*(?=\n|$)")


@dataclass(frozen=True)
class OversizedTable:
    """A table past the cell budget of its field: where its delimiter row starts, and its size."""

    offset: int
    row: str
    columns: int
    rows: int


def oversized_table(text: str) -> OversizedTable | None:
    """The first table at which text's tables hold more cells than the text has characters (plus 2,000), or None.

    markdown-it pads every row to its header's columns (up to 65,536 padded cells a table), so 4 KB of
    `|x` rows under a 1,000-column header make 60,000 cells: two seconds to parse and 600 KB of HTML, per
    table. A real cell takes at least a character of text, so no table the text fills reaches the budget.
    Counted from the delimiter rows (header columns × lines until a blank line), without parsing.
    """
    if "|" not in text or "-" not in text:
        return None
    cells, budget = 0, 2_000 + len(text)
    for row in _DELIMITER_ROW.finditer(text):
        columns = len(re.findall(r"-+", row.group()))
        end = _BLANK_LINE.search(text, row.end())
        rows = text.count("\n", row.end(), end.start() if end else len(text)) + 2  # with the header
        cells += columns * rows
        if cells > budget:
            return OversizedTable(row.start(), row.group().strip(), columns, rows)
    return None


def compile_markdown(text: str, doc_id: str, base: str | None = None) -> Compiled:
    """Compile Markdown text; doc_id keeps footnote ids unique on a page; base: the URL of the field's own page,
    against which its relative links resolve (see _place_links)."""
    simple = _simple_markdown(text)
    if simple is not None:
        html, targets = simple
        return Compiled(Markup(html, text, tuple(dict.fromkeys(targets))), targets, [], [])
    return compile_with_parser(text, doc_id, base)


def compile_with_parser(text: str, doc_id: str, base: str | None = None) -> Compiled:
    """Compile Markdown text with markdown-it (no shortcut)."""
    md = parser()
    md.rejected = []
    env = {"docId": doc_id, "base": base}
    html = md.render(text, env)
    if "]:" in text:  # a definition after a refused one, or after a line Markdown reads as text, is text itself
        md.rejected += _refused_definitions(html)
    prose = _in_prose(text) if md.rejected and "]:" in text else set()
    rejected, md.rejected = _once_each([found for found in md.rejected if found[0] not in prose], text), []
    links = env.get("wikilinks", [])
    valid = tuple(dict.fromkeys(t for t in links if _ID.fullmatch(t)))
    return Compiled(Markup(html, text, valid), links, env.get("bad_wikilinks", []), rejected, env.get("site_links", []),
                    env.get("above_root", []), env.get("too_deep"), env.get("unused_footnotes", []),
                    env.get("extra_cells", []), env.get("undefined_footnotes", []),
                    [f"^{label}" for label in env.get("repeated_notes", [])]
                    + [found["label"] for found in env.get("duplicate_refs", [])])


def fill(html: str, href, name, path=None) -> str:
    """Replace wikilink placeholders using href(id) and name(id), and relative links' using path(site path)
    (each returns safe text; path is given escaped, and is kept as it is when no path is given)."""
    if PATH_OPEN in html:
        html = _PATH.sub(lambda m: path(m.group(1)) if path else m.group(1), html)
    if HREF_OPEN not in html and NAME_OPEN not in html and TEXT_NAME_OPEN not in html:
        return html
    return PLACEHOLDER.sub(lambda m: _filled(m, href, name), html)


def _filled(match: re.Match, href, name) -> str:
    """What one placeholder stands for: a URL, a name as HTML, or a name as text (an attribute's: no tags)."""
    kind, target = match.groups()
    if kind == HREF_OPEN:
        return href(target)
    return name(target) if kind == NAME_OPEN else _ISOLATE.sub("", name(target))
