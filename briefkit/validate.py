"""Stage 2, validate: check one sheet's nodes against the model, producing entities.

Works file by file (so results can be cached per file and computed in
parallel); everything that needs the whole corpus — unique ids, references
resolving — is the index stage's job. Every problem is collected; nothing
stops at the first.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import json
import re
import unicodedata
from collections import deque
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from html import unescape as _unescaped_html
from typing import ClassVar, NamedTuple
from urllib.parse import unquote, urlsplit

from markdown_it.common.utils import isValidEntityCode

from . import model as m
from .dates import PartialDate, buddhist_era, parse_date, shown_end, shown_update
from .deps import LINK, links_digest, part_digests
from .load import REFUSED, Node, Sheet
from .markup import (BROKEN, CODE_HTML, PLACEHOLDER, SHOWN_DEFINITION, above_root_message, code_test, compile_markdown,
                     destination, heading_slug, last_slash_message, link_problem, oversized_table, split_path,
                     too_deep_message, url_patterns)
from .problems import WARNING, Problem, article
from .suggest import closest, spelt_in_latin, unaccented

_ID = re.compile(m.ID_REGEX)
_STR_TYPES = (m.Text, m.Markdown, m.Id, m.Ref, m.Enum, m.Country, m.Url, m.Pattern)
_STR_TAG = "tag:yaml.org,2002:str"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_NULL = "tag:yaml.org,2002:null"
INVALID = object()
_WIKILINK_SOURCE = re.compile(r"\[\[[ \t]*([^\[\]|\n]*?)[ \t]*(?=[|\]])")
_NEWLINE = re.compile("\n")
# A `[[` that no `]]` closes before another bracket or a blank line (a paragraph's end, where Markdown ends a label)
_OPEN_BRACKETS = re.compile(r"\[\[(?!(?:[^\[\]\n]|\n(?![ \t]*(?:\n|$)))*\]\])")
# In no URL: spaces, characters that show nothing (but the joiners, which Persian and Indic words hold)
_UNSEEN = re.compile(rf"(?![\u200c\u200d])[\s{m.INVISIBLE}]")
_RELATIONS: dict[tuple[str, str], str] = {}  # (kind, field path with indexes) -> relation
_INDEXES = re.compile(r"\[\d+\]")
_VISIBLE = re.compile(m.VISIBLE_REGEX)
_TAG = re.compile(r"<[^>]*>")
_DEFINITION_LINE = re.compile(r"^[ \t>]*\[(\^?)([^\]\n]+)\]:", re.MULTILINE)  # `[^x]: …`, `[label]: …`, at a line's start
_ADDRESS_LIKE = re.compile(r"(?:[a-zA-Z][a-zA-Z0-9+.\-]*:|/|\.{1,2}/|#|www\.)")  # what begins a link's address
_PARAGRAPH_HTML = re.compile(r"<p\b[^>]*>(.*?)</p>", re.DOTALL)  # a paragraph of a field's page
# `[text](address…` or `[text] (address…` the page shows as text: its label and the gap. Its address is read to its
# `)`, its paragraph's end or _READ_AHEAD characters, found by bisecting (a whole line copied for each match took a
# 1 MB page 27 s: a reviewer)
_READ_AHEAD = 2000
_UNREAD_LINK = re.compile(r"!?\[([^\[\]\n]+)\]([ \t]+)?\(")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_WEB_START = re.compile(r"(?:https?://|mailto:|www\.)", re.IGNORECASE)  # an address after `[text] (`
# one after `[text](`: a scheme, www., a path, Pelican's `{attach}`, a domain; or a file name (`annex 2.pdf`: a reviewer)
_ADDRESS_START = re.compile(r"(?:https?://|mailto:|www\.|\.{0,2}/|\{(?:attach|static|filename|index)\}|[\w.-]+\.[a-z]{2,}/)",
                            re.IGNORECASE)
_FILE_END = re.compile(r"\.[A-Za-z][A-Za-z0-9]{1,4}\s*$")
_UNREAD_AUTOLINK = re.compile(r"<((?:https?|mailto):[^<>\n]*)>")  # `<https://x.org/a b>` shown as text, its space
# tested apart: a `\s` between two runs backtracked, 21 s on a 90 KB value never closed (a reviewer)
_REFERENCE_LINK = re.compile(r"\[([^\[\]\n]+)\]\[([^\[\]\n]*)\]")  # `[text][label]`, `[label][]`, left as text
_BLOCK_HEADER = re.compile(r"[>|][-+0-9]+")  # `note: >5` (more than 5): a block of text, indented 5, with no lines
_EMPTY_HEADING = re.compile(r"<h[1-6][^>]*>\s*</h[1-6]>")  # a heading with nothing in it, in a field's HTML
# `## `, `###`, `# #` alone on a line of the source (after its indentation, or a quote's `>`)
_EMPTY_HEADING_SOURCE = re.compile(r"^[ \t>]*(#{1,6})[ \t]*(?:#+[ \t]*)?$", re.MULTILINE)


_ESCAPE = re.compile(r"\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)")
_ESCAPED = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f", "r": "\r",
            "e": "\x1b", " ": " ", "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029"}


def unread_links(text: str, html: str) -> list[tuple[str, str]]:
    """(pattern placing it in text, message) of each link Markdown's HTML of text shows as written: `[report](https://
    x.org/Informe Auditoria.pdf)` (an address pasted with spaces), `[Reuters] (https://…)`, `[El Deber](https://…`
    never closed, `<https://x.org/a b>`. The brackets and address were published without a word (a tester). Only
    what reads as an address is one: `[sic] (#2 du gouvernement)`, `P[t](1 + r)`, `[快讯](记者 张三)` are prose, and
    `[data](data:…)` is refused for its scheme (reviewers)."""
    if "](" not in text and "] (" not in text and "<" not in text:
        return []
    shown = _unescaped_html(_TAG.sub("", CODE_HTML.sub("", html)))
    found_links = []
    closes = [found.start() for found in re.finditer(r"\)", shown)]
    breaks = [found.start() for found in _PARAGRAPH_BREAK.finditer(shown)] + [len(shown)]
    for found in _UNREAD_LINK.finditer(shown):
        label, gap, start = found.group(1), found.group(2), found.end()
        end = min(start + _READ_AHEAD, breaks[bisect.bisect_left(breaks, start)])
        at = bisect.bisect_left(closes, start)
        close = closes[at] if at < len(closes) else end
        address = shown[start : close + 1] if close < end else shown[start:end]
        target = address.split(")", 1)[0]
        named_file = not gap and not address[:1].isdigit() and _FILE_END.search(target) is not None
        if not ((_WEB_START if gap else _ADDRESS_START).match(address) or named_file):
            continue  # `[sic] (1999)`, `[in Persian] (#زن_زندگی_آزادی)`: a bracket, then a parenthesis, no link meant
        if ")" not in address and len(address) >= _READ_AHEAD:  # longer than read: closed or not, a space is the cause
            if not re.search(r"\s", address):
                continue
            address += ")"
        if gap and not re.search(r"\s", target.strip()):
            why = "a space parts `]` from `(`: write them together"
        elif gap:
            continue  # `[a] (https://x.org and more)`: words in the parenthesis
        elif ")" not in address:
            why = "its `(` is never closed: end the address with `)`"
        elif re.search(r"\s", target.strip()):
            why = ("its address is wrapped onto the next line, which no URL is: write it on one line" if "\n" in target
                   else "its address holds a space (a line break in a `>` text is one), which no URL holds: write it on "
                        "one line, each space in it as %20")
        else:
            continue  # `[1](2)`-like text Markdown read as text for another reason: not said without a cause
        # the label, the gap and the address's start, as written: a good link of the same label before it is not it,
        # nor a footnote's `[^1]` shown as `[1]` (a reviewer)
        start = address.split()[0] if address.split() else ""
        pattern = r"\s+".join(map(re.escape, f"[{label}]".split())) + (r"\s+" if gap else "") + r"\(\s*" + re.escape(start)
        if not re.search(pattern, text):
            continue  # `\[text\](a b)`: brackets escaped, to be shown
        written = found.group(0) + (address[: address.index(")") + 1] if ")" in address else address)
        found_links.append((pattern, f"`{_clip(' '.join(written.split()), 60)}` shows as written, not as a link: {why}"))
    for found in _UNREAD_AUTOLINK.finditer(shown):
        if not re.search(r"\s", found.group(1)):
            continue
        pattern = r"(?<!\\)<\s*" + re.escape(found.group(1).split()[0])
        if re.search(pattern, text):  # not `\<…\>` nor `&lt;…&gt;`, written to be shown (a reviewer)
            found_links.append((pattern, f"`{_clip(found.group(0), 60)}` shows as written, not as a link: the address in "
                                         "`<…>` holds a space, which no URL holds: write each space as %20"))
    return found_links


def _unescaped(text: str) -> str:
    """Text of a double-quoted YAML scalar as its value reads (escapes decoded; a line break inside is left)."""
    def one(found):
        code = found.group(1)
        return chr(int(code[1:], 16)) if len(code) > 1 else _ESCAPED.get(code, code)

    return _ESCAPE.sub(one, text)


def quoted_source(text: str, start: int, end: int, value: str) -> list[int] | None:
    """The offset in text of each character of a quoted scalar's value (and of its end), the scalar written at
    text[start:end] with its quotes: escapes (`\\u006a`, `''`) and folded line breaks read as YAML reads them.
    None when the reading does not give value (not quoted, or a form not foreseen: then places are guessed)."""
    quote = text[start : start + 1]
    if quote not in ("'", '"') or end - start < 2 or text[end - 1] != quote:
        return None
    chars: list[str] = []
    offsets: list[int] = []
    kept = 0  # chars before this are no trailing white space a line break takes away (escaped, or not white)
    at, stop = start + 1, end - 1
    while at < stop:
        char = text[at]
        if quote == '"' and char == "\\" and text[at + 1 : at + 2] in ("\r", "\n"):
            # an escaped line break: it and the next line's indentation are nothing
            at = _skip_blanks(text, at + (3 if text.startswith("\r\n", at + 1) else 2), stop)
            kept = len(chars)
        elif quote == '"' and char == "\\":
            found = _ESCAPE.match(text, at, stop)
            if found is None:
                return None
            code = found.group(1)
            chars.append(chr(int(code[1:], 16)) if len(code) > 1 else _ESCAPED.get(code, code))
            offsets.append(at)
            kept, at = len(chars), found.end()
        elif quote == "'" and text.startswith("''", at):
            chars.append("'")
            offsets.append(at)
            kept, at = len(chars), at + 2
        elif char in "\r\n":
            while len(chars) > kept and chars[-1] in " \t":  # a line's trailing white space is folded away
                chars.pop()
                offsets.pop()
            breaks = 0
            while at < stop and text[at] in "\r\n":
                breaks += 1
                at = _skip_blanks(text, at + (2 if text.startswith("\r\n", at) else 1), stop)
            folded = "\n" * (breaks - 1) if breaks > 1 else " "
            chars.extend(folded)
            offsets.extend([at - 1] * len(folded))
            kept = len(chars)
        else:
            chars.append(char)
            offsets.append(at)
            at += 1
            kept = len(chars) if char not in " \t" else kept
    offsets.append(stop)
    return offsets if "".join(chars) == value else None


def _skip_blanks(text: str, at: int, stop: int) -> int:
    """The offset of the first character from at that is no space or tab (before stop)."""
    while at < stop and text[at] in " \t":
        at += 1
    return at


_INVISIBLE = re.compile(f"[{m.INVISIBLE}]")
# ISO 15924 codes of the scripts LANGUAGE_BY_SCRIPT names: a tag stating one (`kr-Hang`) still names the wrong language
_SCRIPT_CODES = {"HANGUL": ("Hang", "Kore"), "ETHIOPIC": ("Ethi",), "DEVANAGARI": ("Deva",), "ARABIC": ("Arab",),
                 "ARMENIAN": ("Armn",), "CJK": ("Hani", "Hans", "Hant"), "LATIN": ("Latn",)}
_NUMERIC_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,6})|([0-9]{1,7}));")  # as markdown-it reads them
LAST_LIKELY_YEAR = 2100  # a date of a news event after it is a warning (`check` reads no clock: output is the same)


def _code_points(text: str) -> str:
    """`U+200B U+2800`: the distinct characters of a short invisible text, in order (at most five)."""
    return " ".join(f"U+{ord(c):04X}" for c in list(dict.fromkeys(text.strip()))[:5])


def _url_problem(value: str) -> str | None:
    """None when value is an http(s) URL a reader can follow; else what more the message can say ("" if nothing)."""
    unseen = _UNSEEN.search(value)
    if unseen:  # a link that looks right and leads nowhere
        char = unseen.group()
        return f": it holds {'a space' if char == ' ' else f'U+{ord(char):04X}'}, which no URL holds"
    try:
        parts = urlsplit(value)
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:  # `https://user@/` names no host
        return ""
    try:
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError:
        return ": its port is not a number from 0 to 65535"
    return None


@dataclass
class Entity:
    """One defined entity with its validated fields and where it is defined."""

    kind: str
    id: str
    data: dict
    path: str
    line: int
    column: int
    digest: str = ""  # hash of everything above (made from the source text): what incremental builds compare
    # digests of its head and of its claims (deps.part_digests), made here so that cached files carry them
    head_digest: str = ""
    claims_digest: str = ""
    links_digest: str = ""  # of its references (deps.links_digest): "" when not made by validate()
    # Its Markdown's links to pages or files of the site that are no entity's page, checked once the site's files are
    # known (linkcheck.unknown_page_links). A class attribute unless it has some: most entities' pickles stay small.
    page_links: ClassVar[tuple[PageLink, ...]] = ()
    # Its Markdown's links to headings of its own page (`#h_…`), checked once every entity whose text the page shows
    # is known (views.anchor_problems). A class attribute unless it has some, as page_links.
    anchors: ClassVar[tuple[PageAnchor, ...]] = ()


class PageAnchor(NamedTuple):
    """A link in Markdown to a heading of its entity's own page (`#h_background`)."""

    anchor: str  # the heading id, decoded
    where: str  # the field
    file: str
    line: int
    column: int


class PageLink(NamedTuple):
    """A relative link in Markdown to a page or file of the site that is no entity's page (`../../methodology/`)."""

    path: str  # from the site root, decoded, without its ?query or #fragment
    url: str  # as written
    where: str  # the field
    file: str
    line: int
    column: int


class Reference(NamedTuple):
    """One use of an id: who refers, through which field, to what, and from where.

    A named tuple: a corpus holds a hundred thousand, and tuples are quick to
    make, to keep and to send from the worker processes (a third of the time of
    a dataclass to unpickle).
    """

    source: str
    rel: str
    target: str
    kinds: tuple[str, ...]
    path: str
    line: int
    column: int
    item: dict | None = None  # of a Markdown link to an entity's page: {"url": the link as written}

    def __reduce__(self):
        # Unpickled by tuple.__new__ (C), not by the named tuple's __new__ (Python): a fifth of loading a cache.
        return tuple.__new__, (Reference, tuple(self))


@dataclass
class FileResult:
    """Everything one fact sheet contributes."""

    path: str
    entities: list[Entity] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # Definitions whose id is not valid: (the id it would be, kind, id as written, line, column, ""), and those under a
    # misspelt top-level key: (id, kind, id, line, column, (key as written, key meant)). A reference to the id is then
    # told where it is defined, not to create it (which made a duplicate: testers).
    misspelt: list[tuple[str, str, str, int, int, object]] = field(default_factory=list)
    # In a sheet that could not be parsed, the ids its `id:` keys seem to define: (id, line, column). A reference to
    # one is told where it seems to be defined, not offered a near id ("did you mean `iraq`" for `iran`: a tester).
    # None for a sheet YAML parsed.
    glimpsed: list[tuple[str, int, int]] | None = None


def validate(sheet: Sheet) -> FileResult:
    """Validate a loaded sheet into entities, references and problems."""
    result = FileResult(sheet.path, problems=list(sheet.problems))
    if sheet.root is None or _blank(sheet.root):
        if not sheet.problems:
            what = "holds only comments" if sheet.text.strip(" \t\r\n\ufeff-.") else "is empty"
            result.problems.append(Problem(sheet.path, 1, 1, f"file {what}; it adds nothing", WARNING))
        elif sheet.root is None and (sheet.text or sheet.undecoded):
            result.glimpsed = glimpsed_ids(sheet.text or sheet.undecoded)
        # else not read at all (too large, unreadable): glimpsed stays None, and an unknown id is said to be maybe
        # defined there, not to be created elsewhere (a duplicate once it is read: a tester)
        return result
    _Validator(sheet, result).sheet(sheet.root)
    # In the order of the text, whatever the order of the kinds: the first definition of an id keeps it (index.py)
    result.entities.sort(key=lambda entity: (entity.line, entity.column))
    _digest_links(result)
    return result


# An `id:` key as sheets write it, at a line's start (after a list's `-`) or in a flow mapping (`{id: iran, …}`), its
# value a valid id, plain or quoted: read from the text of a sheet YAML could not parse
_ID_KEY = re.compile(r"""(?:^[ \t]*(?:-[ \t]*)?|[{,][ \t]*)id:[ \t]*["']?(?P<id>[a-z0-9]+(?:-[a-z0-9]+)*)(?=["'\s,}#]|$)""",
                     re.MULTILINE)


def glimpsed_ids(text: str) -> list[tuple[str, int, int]]:
    """(id, line, column) of each `id:` key of a sheet's text: what it seems to define."""
    found, line, counted = [], 1, 0
    for match in _ID_KEY.finditer(text):
        line += text.count("\n", counted, match.start("id"))
        counted = match.start("id")
        found.append((match.group("id"), line, counted - text.rfind("\n", 0, counted)))
    return found


def _digest_links(result: FileResult) -> None:
    """Give each entity the digest of its references (made here, so that cached files carry it)."""
    by_source: dict[str, list[Reference]] = {}
    for ref in result.references:
        by_source.setdefault(ref.source, []).append(ref)
    for entity in result.entities:
        entity.links_digest = links_digest(by_source.get(entity.id, ()))


def _blank(node: Node) -> bool:
    """True for a value left empty (`name:` with nothing after it)."""
    return node.tag == _NULL and node.raw == ""


def _unreadable(node: Node) -> bool:
    """True for a plain scalar YAML types as a number that could not be read (the loader reported it)."""
    return node.tag in (_INT, _FLOAT) and isinstance(node.value, str)


def _clip(text: str, limit: int = 80) -> str:
    """text for a message: at most limit characters, then `…`."""
    return text if len(text) <= limit else text[:limit] + "…"


def _exact(raw: str | None, value):
    """The number as written (a Decimal), which a float may round into range (180.0000000000000000001); else value."""
    try:
        return Decimal(raw.replace("_", "")) if raw else value
    except (InvalidOperation, ValueError):
        return value


_NUMBER_LIKE = re.compile(r"[-+]?(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?")  # a digit before any exponent
# A relative link written as a web address without its scheme: a host name first (`tass.ru/…`, `www.x.org`)…
_HOST_LIKE = re.compile(r"(?:www\.|(?:[a-z0-9-]+\.)+[a-z]{2,}(?:[/?#]|$))", re.IGNORECASE)
# …unless it names a file (`report.pdf`, `data.csv`): such a link is the site's own
_FILE_LIKE = re.compile(r"[^/?#]*\.(?:html?|pdf|csv|json|geojson|xml|txt|md|png|jpe?g|gif|svg|webp|avif|zip|gz|mp3|mp4|"
                        r"webm|mov|docx?|xlsx?|pptx?|od[tsp]|js|css|ya?ml|rss|atom|ics|kml|gpx)(?:[/?#]|$)", re.IGNORECASE)
# A figure given as an estimate or a range: `10-15`, `10 to 15`, `~25`, `1+`, `>100`, `about 25`, `at least 3`.
_ESTIMATE = re.compile(r"[0-9]\s*(?:[-–—]|to)\s*[0-9]|[~≈+<>][0-9]|[0-9][+]|\b(?:about|around|approx\w*|at least|more than|"
                       r"over|under|up to|some|nearly|almost|roughly|dozens|hundreds|thousands)\b.*[0-9]", re.IGNORECASE)
_FLOW_PLAIN = re.compile(r"[^\s,\[\]{}#&*!|>'\"%@`:?-][^,\[\]{}#:]*")  # text a flow mapping holds unquoted


# A figure written as not known: `unknown`, `?`, `n/a`, `disputed` (said in the note, the field left out)
_UNKNOWN = re.compile(r"\s*(?:unknown|not known|unclear|uncertain|disputed|n/?a|tbd|tbc|\?+|-+|–|—)\s*", re.IGNORECASE)
_COMMA_ONLY = re.compile(r"[ \t]*,[ \t]*")  # between a value and the next key of a flow mapping
_KEY_LINE = re.compile(r"\n[ \t]*([a-z_]+):(?:[ \t]+([^\n]*)|(?=[\r\n]|$))")  # a line of a block of text that starts like a field
_BLOCK_INDENT = re.compile(r"\n([ \t]*)\S")  # the indentation of a block of text's first line
_LINE = re.compile(r"([^\n]*)(?:\n|$)")  # a line, each once (a bare `[^\n]*` also matches between it and its \n)
_LIST_ITEM = re.compile(r"(?:[-*+]|([0-9]{1,9})[.)])[ \t]")
_HEADING_LINE = re.compile(r"#{1,6}(?:[ \t]|$)")


def _joined_markup(above: str, line: str, above_starts: bool = True) -> str | None:
    """What Markdown the line starts that YAML's `>` joins to the line above: "table row" (after another), "list item"
    (after another of its kind, numbered the next), "heading"; None for text (a year or a date's day ending a line
    and starting the next: `2019.`, `15. Februar`)."""
    if _HEADING_LINE.match(line):
        return "heading"
    if line.startswith("|") and above.startswith("|"):
        return "table row"
    item, before = _LIST_ITEM.match(line), _LIST_ITEM.match(above)
    if not item or not before or (item.group(1) is None) != (before.group(1) is None):
        return None
    if item.group(1) is None:
        return "list item"
    # numbered: one after the other, from a list's start (a line after a blank one, or `1.`, which alone may begin a
    # list inside a paragraph): not a year or a date's day that ends one line and starts the next (`2019.`, `15.`)
    numbered = int(item.group(1)) == int(before.group(1)) + 1 and (above_starts or int(before.group(1)) == 1)
    return "list item" if numbered else None


_WIKILINK_FIRST = re.compile(r"\[\[[^\[\]\n]+\]\]")  # a value's text that starts with a wikilink


def _quoted_text(text: str) -> str:
    """text as one YAML value in "…"."""
    return json.dumps(text, ensure_ascii=False)


def _flow(text: str) -> str:
    """Text as a value of a flow mapping (`{name: …}`): as it is when YAML reads it so, else in "…"."""
    return text if _FLOW_PLAIN.fullmatch(text) and text == text.strip() else _quoted_text(text)


_THOUSANDS = re.compile(r"[-+]?\d{1,3}(?:(?:,\d{3})+|(?: \d{3})+)(?:\.\d+)?")  # 1,200 and 1 200 (spaced thousands)
_DOTTED_THOUSANDS = re.compile(r"[1-9][0-9]{0,2}(?:\.[0-9]{3})+")  # 1.800, 12.500.000: a full stop between thousands


def _thousands(written: str) -> str:
    """The hint for a whole number written with a full stop between thousands (`1.800`), else ""."""
    written = written.strip()
    return f"; if the `.` parts thousands, write {written.replace('.', '')}" if _DOTTED_THOUSANDS.fullmatch(written) else ""


_DEFINITION = re.compile(r"^[ \t]{0,3}\[[^\]]+\]:", re.M)  # a link reference or footnote definition
_BIDI_CONTROL = re.compile(f"[{m.BIDI_RUNS}]")  # embeddings, overrides, isolates and their ends
_OPENERS = {"\u202a": "a left-to-right embedding", "\u202b": "a right-to-left embedding",
            "\u202d": "a left-to-right override", "\u202e": "a right-to-left override",
            "\u2066": "a left-to-right isolate", "\u2067": "a right-to-left isolate", "\u2068": "a first-strong isolate"}
_PDF, _PDI = "\u202c", "\u2069"


# An opener of a run as a fact sheet writes it: the character, or in Markdown its numeric reference (`&#x202E;`)
_OPENER_WRITTEN = re.compile("[\u202a\u202b\u202d\u202e\u2066-\u2068]|&#(?:[xX]0*(?:202[abdeABDE]|206[678])|0*(?:823[4578]|829[456]));")


_LOOKALIKE_DASH = re.compile("[\u2010-\u2015\u2212\ufe63\uff0d]")  # what word processors make of `-`


def _plausible(typ: m.Type, value: str | None) -> bool:
    """True when text after a field's `key:` could be that field's value as YAML would read it: an id for a
    reference, a number, a date, one of a set of words, a list or mapping for a list or record; any text for text
    (`attributed_to: the Office of the Spokesperson` in a sentence is no field: a tester)."""
    value = (value or "").strip()
    if not value:
        return isinstance(typ, (m.ListOf, m.Record))  # what follows on the next lines
    if value[0] in "[{":
        return isinstance(typ, (m.ListOf, m.Record))
    if isinstance(typ, m.Ref):
        return bool(_ID.fullmatch(value))
    if isinstance(typ, m.Enum):
        return value in typ.values
    if isinstance(typ, m.Date):
        return not isinstance(parse_date(value.strip("'\"")), str)
    if isinstance(typ, (m.Integer, m.Number)):
        return bool(re.fullmatch(r"-?[0-9][0-9,.]*", value))  # `killed: 12 (administration) or 31 (NGO)` is a sentence
    if isinstance(typ, m.Url):
        return value.startswith(("http://", "https://"))
    return True


def _no_break(key: str) -> str:
    """The hint for a key that no-break or ideographic spaces (U+00A0, U+3000) indent or part: YAML reads them as
    part of its name (a Chinese or Japanese input method types the second: a tester)."""
    space = next((char for char in "\u00a0\u3000" if char in key), None)
    if space is None:
        return ""
    how = "as pasted from a web page" if space == "\u00a0" else "as a Chinese or Japanese input method types it"
    kind = "no-break" if space == "\u00a0" else "ideographic"
    return (f"; its name holds {kind} spaces (U+{ord(space):04X}, {how}), which YAML reads as part of it: indent and "
            "space with ordinary spaces")


def _their_fields(node: Node, record: m.Record, other: m.Record) -> list[str]:
    """The keys of an item that its record lacks and the other record has, and a `kind` the other record takes."""
    own = record.field_map
    found = [key for key in node.keys if key not in own and key in other.field_map]
    kind = node.value.get("kind")
    if kind is not None and "kind" in own and _kind_fits(kind, other) and not _kind_fits(kind, record):
        found.append(f"kind: {kind.value}")
    return found


def _kind_fits(node: Node, record: m.Record) -> bool:
    """True when a `kind` value is one the record's `kind` field takes (any text, where it takes text)."""
    spec = record.field_map.get("kind")
    return spec is not None and isinstance(node.value, str) and (
        not isinstance(spec.type, m.Enum) or node.value in spec.type.values)


def _belongs_elsewhere(node: Node, record: m.Record) -> m.Record | None:
    """The one other kind of entity whose record an item fits, when it shows at least two signs of it and has no key
    that kind lacks: its keys that record lacks and the other has, its `kind` the other's and not the record's."""
    own = record.field_map
    strays = [key for key in node.keys if key not in own]
    if not strays:
        return None
    fits = [other for other in m.KINDS.values() if other is not record
            and all(key in other.field_map for key in node.keys) and len(_their_fields(node, record, other)) >= 2]
    return fits[0] if len(fits) == 1 else None


def _open_runs(text: str) -> str:
    """The characters that close the runs text leaves open (U+202C for an embedding or override, U+2069 for an
    isolate), innermost first, as the bidirectional algorithm pairs them; "" when all are closed."""
    stack: list[str] = []
    for found in _BIDI_CONTROL.finditer(text):
        ch = found.group()
        if ch in _OPENERS:
            stack.append(_PDI if ch >= "\u2066" else _PDF)
        elif ch == _PDF and stack and stack[-1] == _PDF:
            stack.pop()
        elif ch == _PDI and _PDI in stack:  # it also closes the embeddings opened inside the isolate
            del stack[len(stack) - 1 - stack[::-1].index(_PDI):]
    return "".join(reversed(stack))


_NUMBER_BEFORE_COMMA = re.compile(r"([a-z_]+):[ \t]*(-?[0-9]+),[ \t]*$")  # `lat: 33,` before a key `90`, flow style
_DECIMAL_COMMA = re.compile(r"-?[0-9]+,[0-9]+")
_VALUE_COMMENT = re.compile(r"^[ \t]*(?:-[ \t]+)?([A-Za-z_]+):[ \t]+(#(?! ).*\S)")  # `title: #1 story`, not `kind:  # e.g.`


def _number_spelling(text: str, whole: bool) -> str | None:
    """The number text spells, as YAML reads it unquoted (`-.5` → -0.5, `1,200` → 1200); None if it spells none."""
    text = text.strip()
    if _THOUSANDS.fullmatch(text):
        text = text.replace(",", "").replace(" ", "")
    if len(text) > 40 or not _NUMBER_LIKE.fullmatch(text):
        return None
    try:
        number = Decimal(text.replace("_", ""))
    except InvalidOperation:  # a digit Decimal does not read: no hint rather than a traceback
        return None
    if not -40 < number.adjusted() < 40:  # before formatting: `1e999999999` would be a billion digits
        return None
    if whole and number != number.to_integral_value():
        return None
    shown = str(int(number)) if whole else format(number, "f")
    return shown if len(shown) <= 40 else None


def _decimal_comma(text: str, low, high) -> str | None:
    """`33,9013` as the number it spells with a decimal comma (`33.9013`), when the field takes it; else None."""
    text = text.strip()
    if not _DECIMAL_COMMA.fullmatch(text):
        return None
    spelled = _number_spelling(text.replace(",", "."), False)
    if spelled is None or not (low <= Decimal(spelled) and (high is None or Decimal(spelled) <= high)):
        return None
    return spelled


def _number_text(value) -> str:
    """A number for a message: `:g` for what a float can hold, else its first digits and how many there are."""
    try:
        return f"{value:g}"
    except OverflowError:  # an int beyond any float (YAML reads 400 digits as an int)
        digits = str(abs(value)) if value.bit_length() < 10_000 else None
        return (f"{'-' if value < 0 else ''}{digits[:6]}… ({len(digits)} digits)" if digits
                else "a number of thousands of digits")


def _words(typ: m.Type) -> str:
    """What a type expects, in words; enums list their values."""
    if isinstance(typ, m.Enum):
        return f"one of {', '.join(typ.values)}"
    if isinstance(typ, m.Pattern) and typ.rule:  # `wikidata:` left blank: "write text" said nothing of the form
        return f"{typ.rule} (such as {typ.example})"
    return typ.words


def slugify(text: str) -> str:
    """An id-shaped version of text, for suggestions."""
    return "-".join(re.findall(r"[a-z0-9]+", _latin(text).lower()))[: m.ID_MAX] or "an-id"


# Letters of other scripts that look like Latin ones, as an id typed with the wrong keyboard holds them (`аct`: a
# Cyrillic а): suggestions read them as the Latin letters they look like.
_LOOKALIKES = str.maketrans("аеорсухіјѕкмтнвАЕОРСУХІЈЅКМТНВαεικνορτυχΑΕΙΚΝΟΡΤΥΧ",
                            "aeopcyxijskmthbAEOPCYXIJSKMTHBaeikvoptuxAEIKNOPTYX")


_WIDE_COMMA = re.compile(r"\S\s*([\u060c\uff0c\u3001])\s*\S")  # `a، b`, `甲，乙`, `甲、乙`: a comma between texts


def unshown_references(text: str) -> list[tuple[str, str]]:
    """(reference, why: "" when it is fine) of each numeric character reference of a Markdown text, in order: one to a
    character no page shows (a control character, a noncharacter, a surrogate: `&#x1B;`), which the Markdown parser
    turns into "�", is refused (a tester); in code it shows as written."""
    in_code = code_test(text)
    found_all = []
    for found in _NUMERIC_REFERENCE.finditer(text):
        code = int(found.group(1), 16) if found.group(1) else int(found.group(2))
        bad = not isValidEntityCode(code) and not in_code(found.start())
        found_all.append((found.group(), f"`{found.group()}` refers to a character no page can show (U+{code:04X}, "
                                         f"{'a control character' if code < 0xA0 else 'no character'}), which readers "
                                         "would see as �; remove it" if bad else ""))
    return found_all


def _block_above(text: str, start: int) -> str:
    """"table" or "quote" when the line right above the line at start (no blank line between) is one's, else ""."""
    above = text[:start].rstrip(" \t").rsplit("\n", 2)
    line = above[-2].strip() if len(above) > 1 else ""
    return "table" if line.startswith("|") else "quote" if line.startswith(">") else ""


def _spelt(text: str) -> str:
    """Text spelt as an id would be (`Tatmadaw` `tatmadaw`, `Rocket attack` `rocket-attack`), maybe no id."""
    return "-".join(_latin(text).lower().replace("_", " ").replace("-", " ").split())


def _bare(text: str) -> str:
    """Text without its accents (`communiqué`: `communique`)."""
    return "".join(char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char))


def _odd_character(value: str) -> str:
    """For an id written in a-z but one character (a Cyrillic `і`, an accent, a no-break space), which one, by name: the id and
    its "did you mean" were printed alike (a tester); else ""."""
    odd = next((char for char in value if not char.isascii()), None)
    if odd is None or not _in_latin(value):
        return ""
    parts = " (YAML parts the items of `[…]` at `,` alone)" if odd in "\u060c\uff0c\u3001" else ""  # `[s1，s2]`
    return f": it holds `{odd}` (U+{ord(odd):04X}, {unicodedata.name(odd, 'unnamed').lower()}), which is none of those{parts}"


def _latin(text: str) -> str:
    """text with compatibility forms read (full-width `ａ`), accents dropped (`é`) and, in text mostly Latin,
    look-alike letters read as Latin ones: how an id was meant, for suggestions only (`харків` is no mistyped
    `xapkib`: a tester)."""
    return unaccented(text).translate(_LOOKALIKES) if _in_latin(text) else unaccented(text)


def _in_latin(text: str) -> bool:
    """True when at least half of text's letters are Latin (digits aside: four made `Київ-2022` half Latin, and
    it was offered look-alike letters, `k-ib-2022`: a reviewer), and it has letters."""
    letters = "".join(char for char in text if char.isalpha())
    return bool(letters) and spelt_in_latin(letters, 0.5)


class _Validator:
    """Walks nodes and the model side by side."""

    def __init__(self, sheet: Sheet, result: FileResult):
        self.path = sheet.path
        self.text = sheet.text
        self.result = result
        self.kind = ""
        self.owner = ""
        self.fragments = 0
        self.base: str | None = None  # see entity()
        self.anchors: list[PageAnchor] = []
        self.page_links: list[PageLink] = []
        self._line_starts: list[int] | None = None
        self._offsets: dict[tuple[int, int], list[int] | None] = {}  # of each quoted value (searched)
        self.errors = 0  # errors recorded by problem(), see checked_whole

    def problem(self, line: int, column: int, message: str, severity: str = "error", code: str = "") -> None:
        """Record a problem in this file."""
        self.result.problems.append(Problem(self.path, line, column, message, severity, code))
        self.errors += severity == "error"

    def at(self, node: Node, message: str) -> None:
        """Record a problem at a node."""
        self.problem(node.line, node.column, message)

    def sheet(self, root: Node) -> None:
        """The top-level mapping."""
        if not isinstance(root.value, dict):
            self.at(root, f"a fact sheet must be a mapping with keys {', '.join(m.SHEET)}; this one is {root.type_name}")
            return
        # `briefing:` left empty, its fields below it not indented (a tester): each said to go under it
        emptied = [key for key, (record, is_list) in m.SHEET.items()
                   if not is_list and key in root.value and _blank(root.value[key])]
        for key, (line, column) in root.keys.items():
            if key not in m.SHEET:
                under = next((k for k in emptied if key in m.SHEET[k][0].field_map), None)
                hint = (f"; it is a field of the {under} above, which is left empty: indent it under `{under}:`"
                        if under else _no_break(key) or _did_you_mean(key, m.SHEET))
                self.problem(line, column, f"unknown top-level key `{key}` (allowed: {', '.join(m.SHEET)}){hint}")
                meant = closest(key.lower(), list(m.SHEET), 0.8)
                if meant is not None:
                    self.misplaced(root.value[key], key, meant)
        for key in m.SHEET:
            node = root.value.get(key)
            if node is None:
                continue
            under = next((k for k in emptied if key in m.SHEET[k][0].field_map), None)
            if under and isinstance(node.value, list) and node.value and all(
                    isinstance(item.value, str) and item.raw is not None for item in node.value):
                line, column = root.keys[key]  # the briefing's `sources: [src-a]`, not indented: ids, not definitions
                self.problem(line, column, f"`{key}` lists ids here, as the {under}'s own `{key}` does: indent it "
                                           f"under `{under}:` (the sheet's top-level `{key}` defines each, as a mapping)")
                continue
            self.block(node, key)

    def block(self, node: Node, key: str) -> None:
        """The entities under a top-level key."""
        record, is_list = m.SHEET[key]
        if not is_list:
            self.entity(node, record)
        elif not isinstance(node.value, list):
            hint = " (one entity per `- ` item)" if isinstance(node.value, dict) else ""
            self.at(node, f"`{key}` must be a list{hint}, not {node.type_name}")
        else:
            for item in node.value:
                self.entity(item, record)

    def misplaced(self, node: Node, written: str, key: str) -> None:
        """The block under a misspelt top-level key (`incident:`), checked as the key it means, for its problems
        alone: said now, not after the key is mended (a tester met nine more then). It defines nothing, but a
        reference to one of its ids is told where it is (it was told to create it: a tester)."""
        result = self.result
        kept = len(result.entities), len(result.references), len(result.misspelt)
        self.block(node, key)
        found = result.entities[kept[0]:]
        del result.entities[kept[0]:], result.references[kept[1]:], result.misspelt[kept[2]:]
        result.misspelt += [(e.id, e.kind, e.id, e.line, e.column, (written, key)) for e in found]

    def entity(self, node: Node, record: m.Record) -> None:
        """One entity definition."""
        if not isinstance(node.value, dict):
            named = isinstance(node.value, str) and _ID.fullmatch(node.value.strip())
            # `actors: [france, germany]` at the top, the briefing's list meant: no word of where ids go (a tester)
            self.at(node, f"{article(record.name)} must be a mapping, not {node.type_name}" + (
                f": `{record.kind}s:` at the top of a sheet defines {record.kind}s, each a mapping (`- id: "
                f"{node.value.strip()}` and its fields); to name one in a briefing, list it under the briefing's own "
                f"`{record.kind}s:`" if named and record.kind != "briefing" else ""))
            return
        id_node = node.value.get("id")
        elsewhere = _belongs_elsewhere(node, record)
        if elsewhere is not None:  # an actor appended at a sheet's end, under its `sources:` (a tester)
            place = "`briefing:`, one per sheet" if elsewhere.kind == "briefing" else f"`{elsewhere.kind}s:`"
            signs = ", ".join(f"`{k}`" for k in _their_fields(node, record, elsewhere))
            self.at(node, f"this item has {article(elsewhere.kind)}'s fields ({signs}), not {article(record.kind)}'s: "
                          f"move it under {place}")
            if id_node is not None and isinstance(id_node.value, str) and _ID.fullmatch(id_node.value):
                self.result.misspelt.append((id_node.value, elsewhere.kind, id_node.value, id_node.line, id_node.column,
                                             f"in the sheet's `{record.kind}s:` list: move it under {place}"))
            return
        self.kind, self.fragments = record.kind, 0
        self.owner = id_node.value if id_node is not None and isinstance(id_node.value, str) else ""
        if id_node is not None and id_node.tag != _STR_TAG and id_node.raw and _ID.fullmatch(id_node.raw):
            # `id: 1984`, an error at its place: its references were offered to create it, a duplicate (a tester)
            self.result.misspelt.append((id_node.raw, record.kind, id_node.raw, id_node.line, id_node.column,
                                         f"where YAML reads it as {id_node.type_name}: quote it there, "
                                         f"`id: \"{id_node.raw}\"`"))
        # The page the entity's Markdown belongs to: its relative links resolve against it (markup._place_links)
        self.base = m.url_for(record.kind, self.owner).split("#")[0] if _ID.fullmatch(self.owner) else None
        self.anchors, self.page_links = [], []  # links to headings of its page, to other pages (check_Markdown)
        data = self.record(node, record, "")
        if self.owner and (data is INVALID or "id" not in data) and not _ID.fullmatch(self.owner):
            self.result.misspelt.append((slugify(self.owner), record.kind, self.owner, id_node.line, id_node.column, ""))
        if data is not INVALID and "id" in data:
            # The data is a function of the entity's source text (its column fixes the indentation),
            # so hashing that text is hashing the data, and far cheaper than its repr. Not its line, which no page
            # shows: a line added above it (a source appended to an earlier list) had made every entity below it
            # dirty, and an edit build of a large sheet slower than a clean one (a tester).
            digest = hashlib.blake2b(f"{record.kind}\0{self.path}\0{node.column}\0".encode()
                                     + self.text[node.start : node.end].encode(), digest_size=16).hexdigest()
            entity = Entity(record.kind, data["id"], data, self.path, node.line, node.column, digest)
            entity.head_digest, entity.claims_digest = part_digests(entity)
            if self.page_links:
                entity.page_links = tuple(self.page_links)
            if self.anchors:  # the page shows other entities' text too: checked on the project (views.anchor_problems)
                entity.anchors = tuple(self.anchors)
            self.result.entities.append(entity)

    def check(self, node: Node, typ: m.Type, where: str):
        """The validated value of node as typ, or INVALID (with a problem recorded)."""
        if node.tag is REFUSED:
            return INVALID  # the loader said why, where it is written
        cls = type(typ)
        if cls in _TEXT_TYPES and (not isinstance(node.value, str) or node.tag == _TIMESTAMP):  # a date keeps its text
            self.wrong_type(node, typ, where)
            return INVALID
        if cls not in _PROSE and isinstance(node.value, str) and _TYPOGRAPHIC.fullmatch(node.value.strip()):
            # `country: “BY”`, `from: ‘2014’`: pasted from a word processor; YAML keeps such quotes in the value
            inner = node.value.strip()[1:-1]
            self.at(node, f"`{where}`: `{_clip(node.value)}` is in typographic quotes (“ ” ‘ ’), which YAML reads as "
                          f"part of the value; write straight quotes, as in \"{_clip(inner)}\"")
            return INVALID
        return _CHECKERS[cls](self, node, typ, where)

    def wrong_type(self, node: Node, typ: m.Type, where: str) -> None:
        """Type mismatch, with a hint to quote values YAML read as another type."""
        words = _words(typ)
        defined = node.value.get("id") if isinstance(typ, m.Ref) and isinstance(node.value, dict) else None
        if defined is not None and isinstance(defined.value, str) and _ID.fullmatch(defined.value) and len(typ.kinds) == 1:
            # the story's incident written inside its briefing (a tester): where it goes, and its id told where it is
            kind, ident = typ.kinds[0], defined.value
            self.at(node, f"`{where}` must be {words}, not a mapping: this defines {kind} `{ident}` inside "
                          f"{article(self.kind)}; define it in the sheet's top-level `{kind}s:` list, and write its id "
                          f"alone here: `- {ident}`")
            self.result.misspelt.append((ident, kind, ident, defined.line, defined.column,
                                         f"inside `{where}` of {self.kind} `{self.owner}`: define it in the sheet's "
                                         f"top-level `{kind}s:` list"))
            return
        if isinstance(typ, m.Ref) and isinstance(node.value, dict) and len(node.value) == 1 and \
                isinstance(only := next(iter(node.value.values())).value, str):
            # `incidents: [- incident: coup]`, written as a briefing's `actors:` are (a tester)
            message = f"`{where}` must be {words}, not a mapping; write the id alone: `- {_clip(only)}`"
        elif isinstance(typ, m.Markdown) and _WIKILINK_FIRST.match(written := self.text[node.start : node.end]):
            # `summary: [[houthis]]`: YAML's list in a list (a tester)
            message = (f"`{where}` must be {words}, not a list: YAML reads `[[…]]` at the start of a value as a list in "
                       f"a list; quote the whole value to write a wikilink (`{where.rpartition('.')[2]}: "
                       f"{_quoted_text(_clip(written))}`)")
        elif isinstance(typ, m.Text) and isinstance(node.value, list) and (
                _WIKILINK_FIRST.match(self.text, node.start, node.end)
                or node.start and _WIKILINK_FIRST.match(self.text, node.start - 1, node.end + 1)):
            # `title: [[india]]`, `aliases: [[india]]` (the inner list an item): quoted, as the advice above said, it
            # showed as written (a tester)
            message = (f"`{where}` must be {words}, not a list: YAML reads `[[…]]` at the start of a value as a list in "
                       f"a list, and `{where}` is plain text, where a wikilink would show as written; write the name "
                       "itself")
        elif node.raw == "" and (header := _BLOCK_HEADER.match(self.text, node.start)) is not None:  # `wounded: >5`
            figure = isinstance(typ, (m.Integer, m.Number))
            message = (f"`{where}` must be {words}, but `{header.group()}` starts a YAML block of text, whose lines would "
                       "follow it, indented; " + ("write the figure alone, and \"more than\" in the note" if figure else
                                                  f"to write `{header.group()}`, quote it"))
        elif isinstance(typ, m.ListOf) and isinstance(typ.item, m.Ref) and isinstance(node.value, str) \
                and _ID.fullmatch(node.value.strip()):  # `sources: reuters-1`, one id where a list goes (a tester)
            from .scaffold import yaml_scalar  # scaffold builds on this module

            # quoted when YAML would read it as another type (`"2021"`): the advice gave a new error (a reviewer)
            message = f"`{where}` must be {words}, not text; write the id in a list: `{where.rpartition('.')[2]}: " \
                      f"[{yaml_scalar(node.value.strip())}]`"
        elif node.raw is None or node.tag == _STR_TAG:  # a list, a mapping or text
            message = f"`{where}` must be {words}, not {node.type_name}"
        elif _blank(node):
            message = f"`{where}` is empty; write {words} or leave the field out" + self.comment_hint(node.line)
        elif isinstance(typ, m.Enum) and node.raw not in typ.values:
            message = f"`{where}` must be {words}; got `{_clip(node.raw)}`{_did_you_mean(node.raw, typ.values)}"
        elif isinstance(typ, m.Country) and node.raw.upper() in m.COUNTRIES:  # `country: No` is YAML 1.1's false
            message = (f"`{where}` must be {words}, but YAML reads `{_clip(node.raw)}` as {node.type_name}; "
                       f"quote it: \"{node.raw.upper()}\"")
        elif isinstance(typ, _STR_TYPES) and _quoting_helps(typ, node.raw):  # quoted, it is text the field takes
            message = (f"`{where}` must be {words}, but YAML reads `{_clip(node.raw)}` as {node.type_name}; "
                       f"quote it: \"{_clip(node.raw)}\"")
        elif isinstance(typ, m.Pattern):
            message = _unlike(where, typ, node.raw)
        elif isinstance(typ, m.Country):
            message = _no_country(where, node.raw)
        else:
            message = f"`{where}` must be {words}, not `{_clip(node.raw)}`"
        self.at(node, message)

    def check_Record(self, node: Node, record: m.Record, where: str):
        return self.record(node, record, where)

    def record(self, node: Node, record: m.Record, where: str):
        """A mapping with the record's fields; unknown and missing fields are problems."""
        if not isinstance(node.value, dict):
            first = record.fields[0]
            if isinstance(node.value, str) and node.value.strip() and isinstance(first.type, m.Ref) and where:
                # `actors: [houthis]` in a briefing, as `incidents:` takes ids: the id goes under the record's key
                self.at(node, f"`{where}` must be a mapping, not text; "
                              f"write `- {first.name}: {_clip(node.value.strip())}`")
                return INVALID
            if isinstance(node.value, str) and node.value.strip() and isinstance(first.type, m.Text) and where:
                # `location: Balochistan`: the text is the record's first field (a tester)
                self.at(node, f"`{where}` must be a mapping, not text; write "
                              f"`{where.rpartition('.')[2]}: {{{first.name}: {_flow(node.value.strip())}}}`")
                return INVALID
            self.wrong_type(node, record, where or record.name)
            return INVALID
        fields = record.field_map
        values, keys = node.value, node.keys
        data = {}
        before = None
        for key in keys:
            if key not in fields:
                line, column = keys[key]
                meant = m.FIELD_SYNONYMS.get(key.lower()) or m.FIELD_SYNONYMS.get(_misspelt_synonym(key.lower()))
                hint = _no_break(key) or _under_empty(key, before, fields, values) \
                    or self.comma_in_text(key, line, column, before, values) \
                    or (f"; did you mean `{meant}`?" if meant in fields else self.comma_split(key, line, column, fields)
                        or _did_you_mean(key, fields) or _nested_field(key, fields))
                self.problem(line, column, f"unknown field `{key}` in {record.name}{hint}")
            before = key
        prefix = f"{where}." if where else ""
        self.fields_in_text(node, fields, prefix)
        for name, spec in fields.items():
            child = values.get(name)
            if child is None and name in node.keys:
                continue  # a value the loader refused (an alias, nesting too deep) and said so where it is written
            if child is None or (spec.required and child.tag == _NULL and child.raw == ""):  # missing or blank
                if spec.required and name in node.keys:
                    line, column = node.keys[name]
                    self.problem(line, column, f"{self._record_words(where)} has an empty required field `{name}`"
                                               + self.comment_hint(line))
                elif spec.required:
                    self.at(node, f"{self._record_words(where)} is missing required field `{name}`")
                elif spec.default is not None:
                    data[name] = spec.default
                continue
            value = self.check(child, spec.type, prefix + name)
            if value is not INVALID:
                data[name] = value
        if record.both_or_neither or record.ordered_dates:
            self.cross_checks(node, record, data, where)
        if isinstance(data.get("lang"), str) and isinstance(data.get("title"), str):
            self.language_of_script(values["lang"], data["lang"], data["title"], prefix + "lang")
        return data

    def language_of_script(self, node: Node, language: str, title: str, where: str) -> None:
        """Warn of a language tag that is a country's code and another language's, on a title in the script of the
        country's language (`lang: kr`, Kanuri, on a Korean title: a tester)."""
        code, _, rest = language.partition("-")
        meant = m.LANGUAGE_BY_SCRIPT.get(code.casefold())
        letters = [char for char in title if char.isalpha()]
        if meant is None or not letters:
            return
        other, script, named = meant
        stated = re.match(r"-([A-Za-z]{4})(?:-|$)", "-" + rest.lstrip("-")) if rest else None
        if stated and (stated.group(1).title() == "Latn" or stated.group(1).title() not in _SCRIPT_CODES[script]):
            return  # a script stated (`si-Latn`, romanized Sinhala) says the title's script is meant (a tester)
        share = sum(unicodedata.name(char, "").startswith(script) for char in letters)
        if share * 2 > len(letters) and (script != "LATIN" or share == len(letters)):  # a Sinhala headline holding
            # English words is Sinhala (a tester)
            self.problem(node.line, node.column, f"`{where}`: `{code}` is {named}, but the title is written in "
                                                 f"{script.title() if script != 'CJK' else 'Chinese characters'}; did "
                                                 f"you mean `{other}{'-' + rest if rest else ''}`?", WARNING)

    def fields_in_text(self, node: Node, fields: dict, prefix: str) -> None:
        """Warn of a line of a block of text (`|`, `>`) that reads as a field its record lacks: indented as deep as the
        text, YAML made it part of it (`attributed_to: john-kirby` closing a claim's text: published as words, the
        claim unattributed, and a missing required field said at the record, not at the line: a tester)."""
        text = self.text
        for name, child in node.value.items():
            if child.raw is None or text[child.start : child.start + 1] not in ("|", ">"):
                continue
            indent = _BLOCK_INDENT.search(text, child.start, child.end)
            in_code = code_test(text, child.start, child.end)
            for found in _KEY_LINE.finditer(text, child.start, child.end):
                key, at = found.group(1), found.start(1)
                # as deep as the text's lines (a code block's are deeper), not in code, its value one the field takes
                if key in fields and key not in node.keys and indent is not None \
                        and found.start(1) - found.start() - 1 == len(indent.group(1)) and not in_code(at) \
                        and _plausible(fields[key].type, found.group(2)):
                    self.problem(child.line + text.count("\n", child.start, at), at - text.rfind("\n", 0, at),
                                 f"`{key}:` is read as part of the text of `{prefix}{name}`, being indented as that "
                                 f"text is; to make it a field, indent `{key}:` as `{name}:` is", WARNING)

    def _record_words(self, where: str) -> str:
        """The record being checked, for messages: "actor `iran`", "`roles[0]` in actor `iran`"."""
        entity = f"{self.kind} `{self.owner}`" if self.owner else self.kind
        return f"`{where}` in {entity}" if where else entity

    def cross_checks(self, node: Node, record: m.Record, data: dict, where: str) -> None:
        """Rules across fields: both-or-neither pairs and date order."""
        prefix = f"{where}." if where else ""
        for a, b in record.both_or_neither:
            if (a in node.value) != (b in node.value):
                have, lack = (a, b) if a in node.value else (b, a)
                self.at(node.value[have], f"`{prefix}{have}` is given without `{prefix}{lack}`; give both or neither")
        if ("lat", "lon") in record.both_or_neither and data.get("country") and "lat" in data and "lon" in data:
            why = _outside(data["lat"], data["lon"], data["country"])
            if why:
                lat = node.value["lat"]
                self.problem(lat.line, lat.column, f"`{prefix}lat`, `{prefix}lon`: {why}", WARNING)
        for early, late in record.ordered_dates:
            first, second = data.get(early), data.get(late)
            if not (isinstance(first, PartialDate) and isinstance(second, PartialDate)):
                continue
            if second.last_day() < first.first_day():
                self.at(node.value[late], f"`{prefix}{late}` ({second.iso()}) is before `{prefix}{early}` ({first.iso()})")
            elif (shown_update if late == "updated" else shown_end)(first, second) is None:  # pages and files leave
                # it out (README): said, not dropped unsaid
                place = node.value[late]
                self.problem(place.line, place.column, f"`{prefix}{late}` ({second.iso()}) is not shown: it does not "
                             f"begin after `{prefix}{early}` ({first.iso()}) does, so it tells nothing later; write the "
                             "later date it means, to the day if known, or leave it out", WARNING)

    def check_ListOf(self, node: Node, typ: m.ListOf, where: str):
        if not isinstance(node.value, list):
            self.wrong_type(node, typ, where)
            return INVALID
        if len(node.value) < typ.min_items:
            self.at(node, f"`{where}` needs at least {typ.min_items} item{'s' if typ.min_items > 1 else ''}")
        if isinstance(typ.item, m.Text) and self.text.startswith("[", node.start):
            self.wide_commas(node, where)
        # A list of ids or of texts (tags, aliases) names each once: a repeat would show twice (found by a tester)
        items = self.once_each(node.value, where) if isinstance(typ.item, (m.Ref, m.Text)) else enumerate(node.value)
        if isinstance(typ.item, m.Record) and not typ.item.kind and len(node.value) > 1:
            return self.without_repeats([(i, item, self.checked_whole(item, typ.item, f"{where}[{i}]"))
                                         for i, item in items], where, typ.item.once_by)
        return [v for v in (self.check(item, typ.item, f"{where}[{i}]") for i, item in items) if v is not INVALID]

    def wide_commas(self, node: Node, where: str) -> None:
        """Warn of an item of a `[…]` list of texts holding an Arabic, full-width or ideographic comma followed by more
        text, as an Arabic or Chinese keyboard types them: YAML parts items at `,` alone, and `tags: [a، b]` was one
        tag "a، b", unsaid (a tester)."""
        for i, item in enumerate(node.value):
            found = _WIDE_COMMA.search(item.value) if isinstance(item.value, str) else None
            if found is not None and self.text[item.start : item.start + 1] not in ("'", '"'):  # quoted: as meant
                comma = found.group(1)
                self.problem(item.line, item.column + found.start(1), f"`{where}[{i}]` holds `{comma}` (U+{ord(comma):04X}, "
                             f"{unicodedata.name(comma).lower()}), and YAML parts the items of `[…]` at `,` alone: if "
                             "these are two items, write `,`", WARNING)

    def checked_whole(self, node: Node, typ: m.Type, where: str):
        """check(), but INVALID when the value had an error: a mapping keeps its valid fields, and two items that
        lost different wrong ids (`actor: Min Aung Hlaing`, `actor: Aung San Suu Kyi`) would look like repeats."""
        errors = self.errors
        value = self.check(node, typ, where)
        return value if self.errors == errors else INVALID

    def without_repeats(self, values: list[tuple[int, Node, object]], where: str, once_by: str = "") -> list:
        """The checked items of a list of mappings, an item equal to an earlier one left out with a warning (it would
        show twice: the same actor with the same role, the same claim). Items that differ in any field are kept; one
        naming (once_by) what an earlier one names is a warning: the pages show the two as one (a briefing's actor
        named twice, with two roles, was listed twice on the briefing and once, with one role, on its page: a tester)."""
        first: dict[str, int] = {}
        named: dict[object, int] = {}
        kept = []
        for i, item, value in values:
            if value is INVALID:
                continue
            key = json.dumps(value, sort_keys=True, default=repr, ensure_ascii=False)
            if key in first:
                self.problem(item.line, item.column, f"`{where}[{i}]` repeats `{where}[{first[key]}]`; the repeat is left out",
                             WARNING)
                continue
            if once_by and value.get(once_by) in named:
                others = ", ".join(f"`{name}`" for name in value if name != once_by) or "fields"
                self.problem(item.line, item.column, f"`{where}[{i}]` names `{value[once_by]}` as "
                                                     f"`{where}[{named[value[once_by]]}]` does; the pages show it once, "
                                                     f"with the {others} of both: give it one entry", WARNING)
            elif once_by:
                named[value.get(once_by)] = i
            first[key] = i
            kept.append(value)
        return kept

    def once_each(self, items: list[Node], where: str) -> list[tuple[int, Node]]:
        """(index, item) of a list of ids or texts, each once: a repeat would show twice, so it is a warning and left
        out."""
        seen: set[str] = set()
        kept = []
        for i, item in enumerate(items):
            if isinstance(item.value, str):
                value = item.value.strip()  # as check_Ref reads it
                if value and value in seen:  # a blank one is empty, each said so (check_Text)
                    self.problem(item.line, item.column, f"`{where}` names `{value}` twice; the repeat is left out", WARNING)
                    continue
                seen.add(value)
            kept.append((i, item))
        return kept

    def check_Text(self, node: Node, typ: m.Text, where: str):
        if self.empty(node, where):
            return INVALID
        if typ.limit is not None and len(node.value) > typ.limit:  # a name shows wherever its entity is named: 90,000
            # characters named by 4,000 wikilinks made a page of 350 MB from a sheet of 114 KB (a tester)
            self.at(node, f"`{where}` holds {len(node.value):,} characters, more than the {typ.limit} a name, "
                          "title or label may hold (it shows wherever it is named); shorten it, and put the rest in a "
                          "summary or note")
            return INVALID
        if "[[" in node.value and (link := _PLAIN_WIKILINK.search(node.value)):  # a title read as Markdown
            line, column = self.find(node, (re.escape(link.group()),), {})
            self.problem(line, column, f"`{where}` is plain text, so `{_clip(link.group())}` shows as written; write "
                                       f"the name itself (only Markdown fields link)", WARNING)
        return self.closed(node, where) if _BIDI_CONTROL.search(node.value) else node.value

    def closed(self, node: Node, where: str) -> str:
        """The text with the bidirectional runs it leaves open closed at its end, with a warning at the first: an
        override left open (U+202E) turned the page's own text after a name around wherever it showed, "— 1202
        yraurbeF 02", in lists, pictures and the tab title (a tester)."""
        closers = _open_runs(node.value)
        if closers:
            self.left_open(node, where, next(ch for ch in reversed(node.value) if ch in _OPENERS))
        return node.value + closers

    def left_open(self, node: Node, where: str, opener: str) -> None:
        """Warn of a bidirectional run left open, at the last opener written (as a character, or in Markdown as
        `&#x202E;`)."""
        written = [found.group() for found in _OPENER_WRITTEN.finditer(node.value)
                   if (_unescaped_html(found.group()) if found.group().startswith("&") else found.group()) == opener]
        line, column = self.find(node, (re.escape(written[-1]),), {}) if written else (node.line, node.column)
        self.problem(line, column, f"`{where}`: {_OPENERS[opener]} (U+{ord(opener):04X}) is left open, which would "
                                   "turn the text after it around wherever this shows; it is closed at the end of "
                                   "the value: close it there yourself, or remove it", WARNING)

    def runs_closed(self, node: Node, compiled, where: str):
        """A Markdown field's Markup with the runs its text leaves open closed at its end, as closed() does for text:
        an override left open in a summary (or written `&#x202E;`) turned every word after it around in search
        results, where an entity's fields run on (a tester)."""
        shown = _unescaped_html(_TAG.sub("", compiled.markup.html))
        closers = _open_runs(shown)
        if not closers:
            return compiled.markup
        self.left_open(node, where, next(ch for ch in reversed(shown) if ch in _OPENERS))
        return compile_markdown(node.value + closers, f"{self.owner or 'x'}_{self.fragments}", self.base).markup

    def empty(self, node: Node, where: str) -> bool:
        """Report a Text or Markdown value a reader would see nothing of: blank, or only invisible characters."""
        if _VISIBLE.search(node.value):
            return False
        header = _BLOCK_HEADER.match(self.text, node.start) if not node.value.strip() else None
        self.at(node, f"`{where}` is empty" + (f": it holds only invisible characters ({_code_points(node.value)})"
                                               if node.value.strip() else
                                               f": `{header.group()}` starts a YAML block of text, whose lines would "
                                               f"follow it, indented; to write `{header.group()}` as text, quote it"
                                               if header else ""))
        return True

    def check_Id(self, node: Node, typ: m.Id, where: str):
        value = node.value
        if not value.strip():  # `id: ""` was "`` is not a valid id" (a tester)
            self.at(node, f"`{where or 'id'}` is empty: write an id of lowercase letters a-z, digits and single hyphens")
            return INVALID
        if len(value) > m.ID_MAX:
            self.at(node, f"id `{value[:20]}…` is longer than {m.ID_MAX} characters")
            return INVALID
        if not _ID.fullmatch(value):  # not match: `$` also matches before a final "\n"
            self.at(node, f"`{value}` is not a valid id: use lowercase letters a-z, digits and single hyphens, "
                          + (f"e.g. `{slugify(value)}`" if _in_latin(value) or not any(c.isalpha() for c in value) else
                             "so write it in those (the `name` or `title` keeps its own script)"))
            return INVALID
        return value

    def check_Ref(self, node: Node, typ: m.Ref, where: str):
        value = node.value.strip()
        if len(value) > m.ID_MAX and _ID.fullmatch(value):  # its letters are right: its length is not (a tester)
            self.problem(node.line, node.column, f"`{where}`: id `{value[:40]}…` is longer than {m.ID_MAX} characters, "
                                                 "as no id is", code=_respelt(value, typ.kinds))
            return INVALID
        if not _ID.fullmatch(value) or len(value) > m.ID_MAX:
            dash = _LOOKALIKE_DASH.search(value)
            hint = (f": it holds `{dash.group()}` (U+{ord(dash.group()):04X}), which looks like `-`; did you mean "
                    f"`{_LOOKALIKE_DASH.sub('-', value)}`?") if dash and _ID.fullmatch(_LOOKALIKE_DASH.sub("-", value)) \
                else _odd_character(value)
            self.problem(node.line, node.column, f"`{where}`: `{_clip(node.value)}` is not a valid id; ids use lowercase "
                                                 f"letters a-z, digits and single hyphens{hint}",
                         code=_respelt(value, typ.kinds))
            return INVALID
        self.refer(value, typ.kinds, where, node.line, node.column)
        return value

    def refer(self, target: str, kinds: tuple[str, ...], where: str, line: int, column: int) -> None:
        """Record a reference from the current entity."""
        rel = _RELATIONS.get((self.kind, where))
        if rel is None:
            rel = _RELATIONS[(self.kind, where)] = f"{self.kind}.{_INDEXES.sub('', where)}" if where else self.kind
        self.result.references.append(Reference(self.owner, rel, target, kinds, self.path, line, column))

    def check_Date(self, node: Node, typ: m.Date, where: str):
        value = node.value
        if node.tag in (_INT, _FLOAT, _TIMESTAMP):  # an unquoted 1998 is a year; 20210225 is no date
            value = node.raw
        if not isinstance(value, str):
            self.wrong_type(node, typ, where)
            return INVALID
        single = where == "date" and self.kind in ("briefing", "source")  # no end of its own to name (a tester)
        date = parse_date(value.strip(), article(self.kind) if single else "")
        if isinstance(date, str):
            self.at(node, f"`{where}`: {date}")
            return INVALID
        if node.tag == _INT and isinstance(node.value, int) and _written(value.strip()) != node.value:
            # `date: 0777` is octal to YAML 1.1 (511): FORMAT.md takes a year quoted or not, so it is the year 777, but
            # a typo (`0221`) went unseen, and YAML tools read another number: said, and kept (found by a tester)
            self.problem(node.line, node.column, f"`{where}`: taken as the year {date.iso()}, but YAML reads "
                                                 f"`{_clip(value)}` as the number {node.value}; quote it: \"{_clip(value)}\"",
                         WARNING)
        if date.year > LAST_LIKELY_YEAR:  # `2557-05-22`, Thai papers' Buddhist Era: it led the home page and every feed
            era = f" {buddhist_era(date.year)}" if 2400 <= date.year <= 2700 else ""
            self.problem(node.line, node.column, f"`{where}`: the year {date.year} is after {LAST_LIKELY_YEAR}: is it a "
                                                 f"year of another calendar, or a typo?{era}", WARNING)
        return date

    def check_Url(self, node: Node, typ: m.Url, where: str):
        value = node.value.strip()
        why = _url_problem(value)
        if why is not None:
            self.at(node, f"`{where}` must be an http:// or https:// URL, not `{_clip(value)}`{why}")
            return INVALID
        return value

    def check_Enum(self, node: Node, typ: m.Enum, where: str):
        if node.value not in typ.values:
            word = "-".join(str(node.value).lower().replace("_", " ").split())
            other_side, (either, says) = m.INVERSE_RELATIONS.get(word), m.UNDIRECTED_RELATIONS.get(word, (None, ""))
            if other_side in typ.values:
                hint = (f"; `{node.value}` is the other side of `{other_side}`: write the relation on the actor `target` "
                        f"names, as `type: {other_side}` with this actor as its `target`")
            elif either in typ.values:
                hint = (f"; `{node.value}` does not say which way: `{either}` says this actor {says} `target`; for the "
                        f"other way, write `type: {either}` on the actor `target` names, with this actor as its `target`")
            else:
                hint = _did_you_mean(node.value, typ.values)
            self.at(node, f"`{where}` must be one of {', '.join(typ.values)}; got `{_clip(node.value)}`{hint}")
            return INVALID
        return node.value

    def check_Pattern(self, node: Node, typ: m.Pattern, where: str):
        if typ.regex == m.LANGUAGE.regex:
            problem = language_tag_problem(where, node.value, typ.example)
        else:
            problem = None if re.fullmatch(typ.regex, node.value) else _unlike(where, typ, node.value)
        if problem is not None:
            self.at(node, problem)
            return INVALID
        return node.value

    def check_Country(self, node: Node, typ: m.Country, where: str):
        value = node.value
        if not value.strip():  # `country: ""` was "…, not ``" (a tester)
            self.at(node, f"`{where}` is empty: write an assigned ISO 3166-1 alpha-2 code such as \"IQ\", or leave the "
                          "field out")
            return INVALID
        if value not in m.COUNTRIES:
            self.at(node, _no_country(where, value))
            return INVALID
        return value

    def check_Integer(self, node: Node, typ: m.Integer, where: str):
        value = node.value
        if _unreadable(node):
            return INVALID
        if node.tag == _FLOAT and (hint := _thousands(node.raw or "")):  # `wounded: 1.800`, YAML's 1.8 (a tester)
            # before "write 12" for `12.000`, twelve thousand as German, Turkish, Indonesian… write it (a tester)
            self.at(node, f"`{where}` must be a whole number, not `{node.raw}`{hint}")
            return INVALID
        if node.tag == _FLOAT and isinstance(value, float) and value.is_integer() and typ.minimum <= value < 1e15:
            self.at(node, f"`{where}` must be a whole number, not `{_clip(node.raw or '')}`; write {int(value)}")
            return INVALID
        if node.tag != _INT or isinstance(value, bool) or not isinstance(value, int):
            self.wrong_type(node, typ, where) if node.tag != _STR_TAG or node.raw is None else \
                self.not_a_number(node, typ, where, whole=True)
            return INVALID
        if _misread(node.raw, value):
            self.at(node, _not_decimal(node.raw, where, value))
            return INVALID
        if value < typ.minimum:
            self.at(node, f"`{where}` must not be negative")
            return INVALID
        return value

    def check_Number(self, node: Node, typ: m.Number, where: str):
        value = node.value
        if _unreadable(node):
            return INVALID
        if node.tag not in (_INT, _FLOAT) or isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
            self.wrong_type(node, typ, where) if node.tag != _STR_TAG or node.raw is None else \
                self.not_a_number(node, typ, where, whole=False)
            return INVALID
        if _misread(node.raw, value):
            self.at(node, _not_decimal(node.raw, where, value))
            return INVALID
        if not typ.minimum <= value <= typ.maximum or not typ.minimum <= _exact(node.raw, value) <= typ.maximum:
            shown = node.raw if node.raw and len(node.raw) <= 40 else _number_text(value)  # as written: 90.0000001, not 90
            self.at(node, f"`{where}` must be between {typ.minimum:g} and {typ.maximum:g}, not {shown}")
            return INVALID
        return float(value)

    def not_a_number(self, node: Node, typ, where: str, whole: bool) -> None:
        """Text where a number goes; when it spells one the field takes (`'36'`, `-.5`, `1,200`), how to write it so
        YAML reads a number."""
        kind = "a whole number" if whole else "a number"
        if node.raw == "" and _BLOCK_HEADER.match(self.text, node.start):  # `wounded: >5`: a block with no lines
            self.wrong_type(node, typ, where)
            return
        spelled = _number_spelling(node.value, whole)
        low, high = typ.minimum, getattr(typ, "maximum", None)
        if spelled is not None and not (low <= Decimal(spelled) and (high is None or Decimal(spelled) <= high)):
            spelled = None  # `killed: "-5"`: removing the quotes would only give the next error
        comma = None if whole or spelled is not None else _decimal_comma(node.value, low, high)
        if comma is not None:
            hint = f"; write {comma} (a decimal point, not a comma)"
        elif spelled is None and where.endswith(("lat", "lon")) and (decimal := _decimal_degrees(node.value, where)):
            hint = f"; write decimal degrees: {decimal} (minutes / 60, seconds / 3600; south and west negative)"
        elif spelled is None and whole and _thousands(node.value):  # `12.500.000`
            hint = _thousands(node.value)
        elif spelled is None and where.startswith("casualties.") and _UNKNOWN.fullmatch(node.value):  # `unknown`, `?`
            hint = "; when the figure is not known, leave the field out and say so in `casualties.note`"
        elif spelled is None and where.startswith("casualties.") and _ESTIMATE.search(node.value):  # `10-15`, `about 25`
            hint = ("; for an estimate or a range, write the lowest figure the sources agree on (or leave the field "
                    "out) and give the estimate in `casualties.note`")
        elif spelled is None:
            hint = ""
        elif self.text[node.start : node.start + 1] in ("'", '"'):
            hint = f"; remove the quotes: {spelled}"
        else:  # YAML 1.1 reads a number only in its own spelling: not `.5`, `1e3` or `1,200`
            hint = f"; YAML reads `{_clip(node.value)}` as text: write {spelled}"
        self.at(node, f"`{where}` must be {kind}, not text{hint}")

    def check_Markdown(self, node: Node, typ: m.Markdown, where: str):
        if self.empty(node, where):  # as check_Text: a blank summary or claim says nothing
            return INVALID
        table = oversized_table(node.value)
        if table is not None:  # refused before parsing: parsing it is the cost
            line, column = self.find(node, (re.escape(table.row),), {})
            self.problem(line, column, f"`{where}`: a table of {table.columns:,} columns and {table.rows:,} rows, whose "
                                       "rows are filled out to the header's columns, is more than this field can hold; "
                                       "give it fewer columns or rows")
            return INVALID
        self.fragments += 1
        compiled = compile_markdown(node.value, f"{self.owner or 'x'}_{self.fragments}", self.base)
        # One cursor per needle: the parser reports reference definitions before
        # inline links, so problems do not come in the order of the text.
        cursors: dict[str, int] = {}
        for url, reason in compiled.bad_links:
            # At the link's destination (not the same text in a code span or prose before it), else anywhere
            line, column = self.find_destination(node, url, cursors)
            self.problem(line, column, f"`{where}`: {reason}")
        if "&#" in node.value and "\ufffd" in compiled.markup.html:
            self.unshown_references(node, where)
        if not _VISIBLE.search(_TAG.sub("", compiled.markup.html)):  # `[ref]: https://…` alone renders to nothing
            if compiled.too_deep is not None:  # said at its line by left_out: what is nested too deep is dropped
                self.left_out(node, compiled, where, cursors)
            elif _DEFINITION.search(node.value):
                self.at(node, f"`{where}` shows nothing: it holds only definitions (of links or footnotes); write the "
                              "text")
            else:  # `***`, `#`, `-`, an empty code block: markup with no words in it
                self.at(node, f"`{where}` shows nothing: its Markdown has no words in it (a rule, an empty heading, "
                              "list or code block, or invisible characters); write the text")
            return INVALID
        self.left_out(node, compiled, where, cursors)
        if self.text.startswith(">", node.start):
            self.folded_markup(node, where)
        if "#" in node.value and _EMPTY_HEADING.search(compiled.markup.html):
            self.empty_headings(node, compiled.markup.html, where)
        if "][" in node.value or "]:" in node.value:
            self.undefined_labels(node, compiled.markup.html, where)
        self.unread_links(node, compiled.markup.html, where)
        for url, path in compiled.site_links:  # a link to an entity's page: the index checks that it exists
            if _HOST_LIKE.match(url) and not _FILE_LIKE.match(url):  # `tass.ru`, `www.reuters.com/…`: the scheme left out
                line, column = self.find_destination(node, url, cursors)
                self.problem(line, column, f"`{where}`: link to `{url}` leads to a page of this site, not to the web "
                                           f"site (it has no https://); did you mean `https://{url}`?", WARNING)
                continue
            path = unquote(path)  # markdown-it percent-encodes what the editor wrote (`#h_café`, `Iran`)
            anchor = self.own_anchor(path)
            if anchor is not None:  # a heading of this page: checked once every sheet is read (views.anchor_problems)
                self.anchors.append(PageAnchor(anchor, where, self.path, *self.find_destination(node, url, cursors)))
                continue
            fragment = self.own_fragment(path)
            if fragment and "_" not in fragment and fragment.lower() != "top":  # `#top`: every browser's page top
                # the theme's anchors hold `_`, a heading's start `h_`: none is this
                line, column = self.find_destination(node, url, cursors)
                self.problem(line, column, f"`{where}`: link to `#{fragment}`, an anchor this entity's page does not "
                                           "have: a heading's starts with `h_` (`#h_background`), and a source or "
                                           "other entity is linked as `[[its-id]]`", WARNING)
                continue
            named = m.entity_of_path(path)
            if named is not None and "_" in named[1]:  # no id holds `_`: the theme's own page or anchor
                if named[0] == "source":
                    continue  # an anchor of the sources page (`sources/#main_content`)
                named = None  # a page (`actors/by_kind/`): the build checks it, as other pages of the site
            line, column = self.find_destination(node, url, cursors)  # once a link: it moves the cursor on
            if named is None and "." not in split_path(path)[0].rsplit("/", 1)[-1] \
                    and m.entity_of_path(_with_last_slash(path)) is not None:  # not a file (`actors/index.html`)
                # works on a server that redirects only (the second of two such links was said at the first: a tester)
                self.problem(line, column, f"`{where}`: {last_slash_message(url)}", WARNING)
                named = m.entity_of_path(_with_last_slash(path))  # and the page must exist, as with the `/`
            if named is not None:  # the field as written, indexes kept: the message names it so
                self.result.references.append(Reference(self.owner, f"{self.kind}.{where}{LINK}", named[1], (named[0],),
                                                        self.path, line, column, {"url": url}))
            else:  # another page or file of the site: the build checks it (plugin.py)
                self.page_links.append(PageLink(split_path(path)[0], url, where, self.path, line, column))
        places = self.wikilink_places(node) if compiled.wikilinks else {}
        broken_from = node.start  # the broken ones come in the order of the text: one pass places them all
        for target in compiled.wikilinks:
            if target.startswith(BROKEN):
                opened = target[len(BROKEN):]
                found = self.broken_place(opened, broken_from, node.end)
                broken_from = found + 2 if found is not None else broken_from
                line, column = self.place(found) if found is not None else (node.line, node.column)
                self.problem(line, column, f"`{where}`: `[[{_clip(opened, 40)}` opens no wikilink: write [[id]] or [[id|label]], "
                                           "a label in one paragraph and without [ or ]")
                continue
            offsets = places.get(target)
            at = offsets.popleft() if offsets else None
            line, column = self.place(at) if at is not None else (node.line, node.column)
            if target in compiled.bad_wikilinks and not target.strip() and at is not None:  # `[[|label]]`, as written
                end = self.text.find("]]", at, node.end)  # (it was quoted `[[]]`, found nowhere: a tester)
                written = self.text[at : end + 2] if end >= 0 else self.text[at : at + 2]
                self.problem(line, column, f"`{where}`: wikilink `{_clip(written)}` names no id: write [[id]] or "
                                           "[[id|label]]")
            elif target in compiled.bad_wikilinks and target.startswith("#"):  # MediaWiki's `[[#Section|label]]` (a tester)
                anchor = target if target.startswith("#h_") else "#" + heading_slug(target[1:])  # `#Why now`: its id
                self.problem(line, column, f"`{where}`: `[[{_clip(target)}` links a heading the wiki way, but a wikilink "
                                           f"names an entity: link a heading with Markdown, `[words]({_clip(anchor)})`")
            elif target in compiled.bad_wikilinks and (label := self.swapped_label(at, node)) is not None:
                # `[[حميدتي|mohamed-hamdan-dagalo]]`: offered the id alone, it published the id as the label (a tester)
                spelt = _spelt(target)
                # `[[Tatmadaw|army]]`: the id in capitals, maybe, not the label (a reviewer): both ways said
                other = (f"; or, if `{spelt}` is the id, write it in lowercase: `[[{spelt}|{label}]]`"
                         if _ID.fullmatch(spelt) and spelt != label else "")
                self.problem(line, column, f"`{where}`: wikilink `[[{_clip(target)}|{label}]]` does not name an id "
                                           f"first: the id goes before the `|`, as in `[[{label}|{_clip(target)}]]`{other}")
            elif target in compiled.bad_wikilinks:
                end = self.text.find("]]", at, node.end) if at is not None else -1
                written = (self.text[at : end + 2] if end >= 0 and "\n" not in self.text[at:end]
                           and not self.text.startswith('"', node.start) else f"[[{target}]]")  # escapes as read
                self.problem(line, column, f"`{where}`: wikilink `{_clip(written)}` does not name an id; ids use lowercase "
                                           "letters a-z, digits and single hyphens", code=_respelt(target, ()))
            else:
                self.refer(target, (), where + "#mention", line, column)
        if "&#" in node.value or _BIDI_CONTROL.search(node.value):
            return self.runs_closed(node, compiled, where)
        return compiled.markup

    def own_fragment(self, path: str) -> str | None:
        """The `#fragment` a site path names on this entity's own page, decoded; else None."""
        if self.base is None:
            return None
        for page in (self.base + "#", self.base + "index.html#"):
            if path.startswith(page):
                return path[len(page):]
        return None

    def own_anchor(self, path: str) -> str | None:
        """The heading id (`h_…`) a site path names on this entity's own page, else None."""
        fragment = self.own_fragment(path)
        return fragment if fragment is not None and fragment[:2].lower() == "h_" else None  # `#H_x` is no heading either

    def unshown_references(self, node: Node, where: str) -> None:
        """Refuse each character reference to a character no page shows (a control character, a noncharacter, a
        surrogate: `&#x1B;`), which the Markdown parser turns into "�": an editor never typed what readers saw (a
        tester); as written, the characters themselves are refused (load.py)."""
        cursors: dict = {}
        for written, message in unshown_references(node.value):  # each one found, to keep the cursor
            line, column = self.find(node, (re.escape(written),), cursors)
            if message:
                self.problem(line, column, f"`{where}`: {message}")

    def find_destination(self, node: Node, url: str, cursors: dict) -> tuple[int, int]:
        """Place of a link's URL where it is a link's destination (after `](`, `]:` or `<`), else find() anywhere."""
        text, start, end, offsets, inner = self.searched(node, cursors)
        found = destination(text, url, start, end, inner)
        if found is None:
            return self.find(node, url_patterns(url), cursors)
        return self.place(offsets[found] if offsets else found)

    def find(self, node: Node, patterns: tuple[str, ...], cursors: dict) -> tuple[int, int]:
        """Place in node's source text of the next match of the first pattern that matches; a needle the text does
        not hold (an HTML entity read) is placed at the node itself."""
        text, start, end, offsets, inner = self.searched(node, cursors)
        for pattern in patterns:
            found = re.compile(pattern).search(text, inner.get(pattern, start), end)
            if found:
                inner[pattern] = found.end()
                return self.place(offsets[found.start()] if offsets else found.start())
            inner[pattern] = end  # not there after the cursor, now or for a later needle: never searched again
        return node.line, node.column

    def searched(self, node: Node, cursors: dict) -> tuple[str, int, int, list[int] | None, dict]:
        """(text, start, end, offsets, cursors) to search a field's Markdown in: its value, whose characters' places
        are offsets, when it is quoted (escapes and folded lines read: `\\u006aavascript:` had been placed at a
        later link written `javascript:`, and both problems shown as one: a tester), else the sheet's text."""
        if "offsets" not in cursors:  # read once a value: callers placing one problem pass a fresh dict (a reviewer:
            key = (node.start, node.end)  # 4,000 footnotes unused made a 90 KB sheet's check take 73 s)
            if key not in self._offsets:
                self._offsets[key] = (quoted_source(self.text, node.start, node.end, node.value)
                                      if isinstance(node.value, str) else None)
            cursors["offsets"] = self._offsets[key]
        offsets = cursors["offsets"]
        if offsets is None:
            return self.text, node.start, node.end, None, cursors
        return node.value, 0, len(node.value), offsets, cursors.setdefault("in value", {})

    def undefined_labels(self, node: Node, html: str, where: str) -> None:
        """Warn of the link definitions the page shows as text (unread), and of each `[text][label]` or `[label][]` it
        shows as written whose label no line of this field defines (one in another field, say): either way, links
        were lost without a word (testers)."""
        unread = self.unread_definitions(node, html, where)
        defined, swallowed = set(), {}
        for found in _DEFINITION_LINE.finditer(node.value):
            if not found.group(1):
                name = " ".join(found.group(2).split()).casefold()
                defined.add(name)
                block = _block_above(node.value, found.start())
                if block:  # read into a table or quote above
                    swallowed[name] = block
        shown = _unescaped_html(_TAG.sub("", CODE_HTML.sub("", html)))
        at = node.start  # one cursor: the page shows them in the order of the text
        for found in _REFERENCE_LINK.finditer(shown):
            label = found.group(2) or found.group(1)
            name = " ".join(label.split()).casefold()
            if name in swallowed and name not in unread:  # its definition is cell or quoted text (a reviewer)
                offset = self.text.find(found.group(), at, node.end)
                line, column = self.place(offset) if offset >= 0 else (node.line, node.column)
                at = offset + len(found.group()) if offset >= 0 else at
                self.problem(line, column, f"`{where}`: `{_clip(found.group(), 60)}` shows as written: the definition of "
                                           f"`[{_clip(label, 40)}]` is read as part of the {swallowed[name]} right above "
                                           "it; put a blank line before the definition", WARNING)
                continue
            if name in defined | unread:
                continue  # read, refused (said where it is written) or unread (said above)
            if found.group(1).strip().isdigit() or found.group(1).strip().casefold() == "sic":
                continue  # `40 deaths.[1][2]`, `grid[3][4]`, `[sic][emphasis added]`: markers, no link meant; not
                # `[the report][1]`, a numbered label (reviewers)
            offset = self.text.find(found.group(), at, node.end)
            line, column = self.place(offset) if offset >= 0 else (node.line, node.column)
            at = offset + len(found.group()) if offset >= 0 else at
            self.problem(line, column, f"`{where}`: `{_clip(found.group(), 60)}` links to the label `[{_clip(label, 40)}]`, "
                                       "which no line of this field defines, so it shows as written: define it here "
                                       f"(`[{_clip(label, 40)}]: https://…`: a link's definition belongs to its field), "
                                       "or write the address in the link", WARNING)

    def unread_links(self, node: Node, html: str, where: str) -> None:
        """Warn at each link the page shows as written (unread_links)."""
        cursors: dict = {}
        for pattern, message in unread_links(node.value, html):
            line, column = self.find(node, (pattern,), cursors)
            self.problem(line, column, f"`{where}`: {message}", WARNING)

    def folded_markup(self, node: Node, where: str) -> None:
        """Warn at the first line of a `>` block that starts a table row, list item or heading right below a line of
        text: YAML joins the two lines, so the page showed a table as one paragraph of pipes, or a numbered list as one
        item, with no word (a tester; `briefkit new` stubs a body as `>-`). Lines more indented keep their breaks."""
        start = self.text.find("\n", node.start, node.end) + 1
        indent = _BLOCK_INDENT.search(self.text, start - 1, node.end) if start else None
        if indent is None:
            return
        base, above, above_starts, starts = len(indent.group(1)), None, True, True
        for found in _LINE.finditer(self.text, start, node.end):
            line = found.group(1).rstrip("\r")
            if not line.strip() or line[base : base + 1] in (" ", "\t"):
                above, starts = None, True  # a blank line, and a more indented one, keep their line breaks
                continue
            kind = _joined_markup(above, line[base:], above_starts) if above is not None else None
            if kind:
                line_number, column = self.place(found.start() + base)
                self.problem(line_number, column, f"`{where}`: this line starts a {kind}, but the field is a `>` block, "
                                                  "whose lines YAML joins into one with the line above: write the "
                                                  "field with `|` to keep its lines", WARNING)
                return
            above, above_starts, starts = line[base:], starts, False

    def unread_definitions(self, node: Node, html: str, where: str) -> set[str]:
        """Warn at the first link definition of each paragraph the page shows as text, which Markdown did not read (its
        links, `[the report][r]` or `[Reuters]`, shown as written: a tester); returns the labels of every such one.
        The lines after it in its paragraph are text because of it, and a refused address is an error at its place."""
        labels: set[str] = set()
        folded = self.text.startswith(">", node.start)  # `>`: YAML joins the lines, a definition's with the text's
        for paragraph in _PARAGRAPH_HTML.finditer(CODE_HTML.sub("", html)):
            lines = _unescaped_html(_TAG.sub("", paragraph.group(1))).split("\n")
            found = [(n, match) for n, line in enumerate(lines) if (match := SHOWN_DEFINITION.match(line))]
            labels.update(" ".join(match.group(1).split()).casefold() for _, match in found)
            address = found[0][1].group(2) if found else ""
            if not _ADDRESS_LIKE.match(address) or link_problem(address) is not None:
                continue  # prose (`[Note]: Officials say…`), or a refused address: an error where it is a definition
            number, first = found[0]
            # a wikilink in the label as written (`[ref-[[a1]]]:`), not as its placeholder's control characters, which
            # were quoted, and found nowhere: said at the field's start (a tester)
            label = PLACEHOLDER.sub(lambda named: f"[[{named.group(2)}]]", first.group(1))
            line, column = self.find(node, (re.escape(f"[{label}]:"),), {})
            why = ("a label cannot hold a wikilink (`[[…]]`): name it in words" if "[[" in label else
                   "this field is a `>` block, whose lines YAML joins into one: write it with `|` to keep each "
                   "definition on a line of its own" if folded else "it follows the paragraph's text: put a blank "
                   "line above it" if number else "only its address may follow `[label]:` (and a title in \"…\")")
            self.problem(line, column, f"`{where}`: Markdown does not read `[{_clip(label, 40)}]: …` as a link "
                                       f"definition, so its links show as written: {why}", WARNING)
        return labels

    def empty_headings(self, node: Node, html: str, where: str) -> None:
        """Warn of each heading with no words (`## ` alone) in a field that has some: an empty heading in the page's
        outline for a screen reader, whose id `h_` other links were then offered (a tester)."""
        left = len(_EMPTY_HEADING.findall(html))  # as many as the page has: a `#` line of a code block is code
        in_code = code_test(self.text, node.start, node.end)
        for found in _EMPTY_HEADING_SOURCE.finditer(self.text, node.start, node.end):
            if in_code(found.start(1)):
                continue
            if left == 0:
                return
            left -= 1
            line, column = self.place(found.start(1))
            self.problem(line, column, f"`{where}`: a heading with no words: write its words after the `#`, or remove "
                                       "the line", WARNING)

    def left_out(self, node: Node, compiled, where: str, cursors: dict) -> None:
        """Report what Markdown would leave out of the page, or lead out of the site: a footnote nothing refers to, a
        table cell past its header's (wikilinks and all, without a word: found by a tester), text nested deeper than
        the parser goes, a relative link above the site's root."""
        lines = node.value.split("\n")
        for label in compiled.unused_footnotes:
            line, column = self.find(node, (re.escape(f"[^{label}]:"),), {})
            self.problem(line, column, f"`{where}`: nothing refers to footnote `[^{label}]`, so it is not shown; refer "
                                       f"to it with [^{label}] in the text, or remove it", WARNING)
        for label in compiled.undefined_footnotes:  # defined in another field, say: footnotes belong to their field
            line, column = self.find(node, (re.escape(f"[^{label}]"),), {})
            written = re.search(rf"^([ \t]*)\[\^{re.escape(label)}\]:", node.value, re.MULTILINE)
            block = _block_above(node.value, written.start()) if written else ""
            if block:  # its definition there, right under a table or a quote, which Markdown reads it into (a reviewer)
                self.problem(line, column, f"`{where}`: footnote `[^{label}]`'s definition is read as part of the "
                                           f"{block} right above it, so the footnote shows as written: put a blank line "
                                           "before its definition", WARNING)
                continue
            self.problem(line, column, f"`{where}`: footnote `[^{label}]` is not defined in this field, so it shows as "
                                       f"written; define it here with a line `[^{label}]: …` (a footnote belongs to "
                                       "its field), or remove it", WARNING)
        if compiled.repeated:
            self.repeated(node, where)
        for row in compiled.extra_cells:
            line, column = self.find(node, (re.escape(lines[row].strip()),), {})
            self.problem(line, column, f"`{where}`: this table row has more cells than the table's header; the cells "
                                       "past the header's are not shown", WARNING)
        if compiled.too_deep is not None:
            deep = lines[compiled.too_deep]
            line, column = self.find(node, (re.escape(deep.strip()),), {}) if deep.strip() else (node.line, node.column)
            self.problem(line, column, f"`{where}`: {too_deep_message(deep)}")
        for url in compiled.above_root:  # no page of this site, and where the site is served from is unknown here
            line, column = self.find_destination(node, url, cursors)
            self.problem(line, column, f"`{where}`: {above_root_message(url)}", WARNING)

    def repeated(self, node: Node, where: str) -> None:
        """Warn at each definition of a footnote or link label after its first in the field: the footnote plugin shows
        the last note and drops the others, and a link takes the first address, without a word (a tester). One pass
        over the field's definitions; link labels compared as Markdown does (case and spacing aside)."""
        seen: set[str] = set()
        at = node.start  # one cursor over the source: the definitions come in its order
        for found in _DEFINITION_LINE.finditer(node.value):
            note, label = found.group(1), found.group(2)
            key = f"^{label}" if note else " ".join(label.split()).casefold()
            written = f"[{note}{label}]"
            offset = self.text.find(written + ":", at, node.end)
            at = offset + len(written) if offset >= 0 else at
            if key not in seen:
                seen.add(key)
                continue
            line, column = self.place(offset) if offset >= 0 else (node.line, node.column)
            what = (f"footnote `{written}` is defined again here: only its last definition is shown, the others are "
                    "lost" if note else f"link label `{written}` is defined again here: links take its first "
                    "definition's address, not this one's")
            self.problem(line, column, f"`{where}`: {what}; give each its own label", WARNING)

    def broken_place(self, opened: str, start: int, end: int) -> int | None:
        """Offset of the next `[[opened` from start that closes no wikilink (never a good `[[iran]]` before it)."""
        # its first word: a label over lines is indented in the source, or folded into one line by a quoted value
        head = (opened.split(None, 1) or [""])[0]
        in_code = code_test(self.text, start, end)  # `m = [[iran` in code is no wikilink (a tester)
        for found in _OPEN_BRACKETS.finditer(self.text, start, end):
            if (self.text[found.end() : found.end() + len(head) + 8].lstrip(" \t").startswith(head)
                    and not in_code(found.start())):
                return found.start()
        return None

    def swapped_label(self, at: int | None, node: Node) -> str | None:
        """The label of the wikilink written at `at` when it is an id (written where the label goes), else None."""
        end = self.text.find("]]", at, node.end) if at is not None else -1
        label = self.text[at + 2 : end].partition("|")[2].strip() if end >= 0 else ""
        return label if _ID.fullmatch(label) and len(label) <= m.ID_MAX else None

    def wikilink_places(self, node: Node) -> dict[str, deque[int]]:
        """Offsets of each `[[target` in node's source text, in order, by target (not those in `code`, which
        Markdown shows as written: the parser's wikilinks are the others)."""
        places: dict[str, deque[int]] = {}
        in_code = code_test(self.text, node.start, node.end)
        quoted = self.text.startswith('"', node.start)  # `[[nope\\]]` in the source is `[[nope\]]` in the value
        for found in _WIKILINK_SOURCE.finditer(self.text, node.start, node.end):
            if not in_code(found.start()):
                target = _unescaped(found.group(1)) if quoted else found.group(1)
                places.setdefault(target, deque()).append(found.start())
        return places

    def comment_hint(self, line: int) -> str:
        """The hint for an empty value whose line goes on with a comment (`title: #1 story`): YAML reads ` #…` as
        one, and the editor sees a value; or "". A `# ` with a space is a comment meant (`kind:  # e.g. airstrike`)."""
        found = _VALUE_COMMENT.search(self.text[self.line_start(line) : self.line_start(line + 1)].rstrip("\r\n"))
        if found is None:
            return ""
        return (f"; YAML reads `{_clip(found.group(2))}` as a comment (a `#` after a space starts one): quote the "
                f"value, as in `{found.group(1)}: \"{_clip(found.group(2))}\"`")

    def comma_in_text(self, key: str, line: int, column: int, before: str | None, values: dict) -> str:
        """The hint for a key without a value right after a text value and a comma in a flow mapping (`{name: Leopold
        Café, Colaba, …}`), which YAML splits into the text and a key `Colaba`; or "". "unknown field `Colaba`" had
        sent an editor looking for a field (a tester)."""
        prev, value = values.get(before), values.get(key)
        if prev is None or value is None or not _blank(value) or prev.tag != _STR_TAG or not isinstance(prev.raw, str):
            return ""
        if not _COMMA_ONLY.fullmatch(self.text, prev.end, self.line_start(line) + column - 1):
            return ""
        return (f"; a comma inside `{{…}}` ends a value, so YAML read `{key}` as a field: quote the value "
                f"(`{before}: {_quoted_text(prev.raw + ', ' + key)}`)")

    def comma_split(self, key: str, line: int, column: int, fields: dict) -> str:
        """The hint for a key of digits right after a number field's `<digits>,` in a flow mapping (`{lat: 33,90}`,
        `{killed: 1,200}`), which YAML splits into the field and a key `90`; or ""."""
        if not (key.isdigit() and key.isascii()):
            return ""
        start = self.line_start(line) + column - 1
        before = _NUMBER_BEFORE_COMMA.search(self.text, max(0, start - 200), start)
        spec = fields.get(before.group(1)) if before else None
        if spec is None or not isinstance(spec.type, (m.Integer, m.Number)):
            return ""
        number = before.group(2)
        if isinstance(spec.type, m.Integer):  # a thousands separator
            meant, why = (number + key, "no comma") if len(key) == 3 else (None, "")
        else:
            meant, why = f"{number}.{key}", "a decimal point, not a comma"
        return (f"; YAML reads `{number},{key}` as the number {number} and a field `{key}`: write {meant} ({why})"
                if meant else "")

    def place(self, offset: int) -> tuple[int, int]:
        """Line and column (from 1) of a character offset in the sheet's text."""
        starts = self.line_starts()
        line = bisect.bisect_right(starts, offset)
        return line, offset - starts[line - 1] + 1

    def line_start(self, line: int) -> int:
        """The offset where a line (from 1) starts; past the last line, the text's end."""
        starts = self.line_starts()
        return starts[line - 1] if line <= len(starts) else len(self.text)

    def line_starts(self) -> list[int]:
        """The offset of each line's start, made once per file."""
        if self._line_starts is None:
            self._line_starts = [0] + [found.end() for found in _NEWLINE.finditer(self.text)]
        return self._line_starts


_TYPE_CLASSES = (m.Text, m.Markdown, m.Id, m.Ref, m.Date, m.Url, m.Enum, m.Integer, m.Number, m.Pattern,
                 m.Country, m.ListOf, m.Record)
_TEXT_TYPES = frozenset(_STR_TYPES)  # the types whose values must be text
_PROSE = frozenset((m.Text, m.Markdown))  # the types whose text may be anything, quotes of any kind included
# Type -> _Validator.check_<Type>, looked up on the class (bound methods kept on an
# instance would make a reference cycle holding the file's text and result).
_CHECKERS = {cls: getattr(_Validator, "check_" + cls.__name__) for cls in _TYPE_CLASSES}


def _with_last_slash(url: str) -> str:
    """url with a `/` ending its path (before any `?` or `#`)."""
    path, rest = split_path(url)
    return path + "/" + rest


_DIGITS = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")


def _misread(raw: str | None, value) -> bool:
    """True for a number YAML 1.1 read as another than its digits say: `010` is 8 (base 8), `0x10` 16, `0b10` 2,
    `1:30` 90 (base 60). Decimal digits read as themselves pass, `1_000` too (YAML drops the `_`)."""
    if raw is None:
        return False
    written = _written(raw)
    if written is None:
        return True
    return written != value if type(written) is type(value) else Decimal(written) != Decimal(value)  # exact, any size


def _written(raw: str) -> int | float | None:
    """The number raw's decimal digits say (without YAML's `_`), or None when they are not decimal digits."""
    text = raw.replace("_", "")
    if not _DIGITS.fullmatch(text):
        return None
    return int(text) if text.lstrip("+-").isdigit() else float(text)


def _not_decimal(raw: str, where: str, value) -> str:
    """The problem of a misread number (_misread), with the number its digits say, or for `0x10` the one it means."""
    shown = str(value) if isinstance(value, int) and abs(value) < 10**15 else _number_text(value)
    written = _written(raw)
    meant = written if written is not None else shown if raw.lower().lstrip("+-").startswith(("0x", "0b")) else None
    hint = f"; did you mean {meant}?" if meant is not None else ""
    return f"`{where}` must be written in decimal digits: YAML reads `{_clip(raw)}` as {shown}{hint}"


_DMS = re.compile(r"\s*(\d+(?:\.\d+)?)\s*°\s*(?:(\d+(?:\.\d+)?)\s*['′’]\s*)?(?:(\d+(?:\.\d+)?)\s*(?:[\"″”]|'')\s*)?"
                  r"([NSEW])?\s*", re.I)


def _decimal_degrees(text: str, where: str) -> str | None:
    """Degrees, minutes and seconds as Wikipedia gives them (`48°08′17″N`) in decimal degrees (`48.1381`), or None
    when text is not such a coordinate of this field (`lat` takes N or S, `lon` E or W)."""
    found = _DMS.fullmatch(text)
    if not found:
        return None
    degrees, minutes, seconds, side = found.groups()
    if side and side.upper() not in ("NS" if where.endswith("lat") else "EW"):
        return None
    if float(minutes or 0) >= 60 or float(seconds or 0) >= 60:  # `33°75'`: not minutes; a guess would mislead
        return None
    value = float(degrees) + float(minutes or 0) / 60 + float(seconds or 0) / 3600
    if value > (90 if where.endswith("lat") else 180):
        return None
    return _number_text(round(-value if side and side.upper() in "SW" else value, 6))


def _unlike(where: str, typ: m.Pattern, value: str) -> str:
    """The problem of a value that does not match its field's pattern, in words when the pattern has them, with the
    value that would (in capitals, or after the example's leading letters: `145` for `Q794` is `Q145`)."""
    form = f"be {typ.rule}, such as `{typ.example}`" if typ.rule else f"look like `{typ.example}`"
    guesses = (value.strip(), value.strip().replace("_", "-"), value.upper(),  # `ru_RU`: a locale's name for `ru-RU`
               re.match(r"[A-Z]*", typ.example).group() + value.upper(),
               *((value.strip().upper()[:1],) if len(typ.example) == 1 else ()),  # `B2` (Admiralty's two parts): `B`
               *((value.strip().rstrip("/").rpartition("/")[2],) if "://" in value else ()))  # a page's address
    # (wikidata.org/wiki/Q212: a tester), not any text with a slash (`en/GB`: a reviewer)
    hint = next((f"; did you mean `{guess}`?" for guess in guesses if re.fullmatch(typ.regex, guess)), "")
    return f"`{where}` must {form}, not `{_clip(value)}`{hint}"


def language_tag_problem(where: str, value, example: str = "en") -> str | None:
    """The problem of a value that is no BCP 47 language tag (as a source's `lang` is checked: `ru_RU` is offered
    `ru-RU`), or whose two-letter language is none (`jp`, Japan's code, is offered `ja`: a tester), or None."""
    if not isinstance(value, str):
        return f"`{where}` must be {m.LANGUAGE.rule}, such as `{example}`, not {value!r}"
    if not re.fullmatch(m.LANGUAGE.regex, value):
        return _unlike(where, replace(m.LANGUAGE, example=example), value)
    language = value.partition("-")[0]
    rest = value[len(language):]  # its script and region, kept in the hint
    if len(language) == 3 and (two := m.LANGUAGES_639_2.get(language.casefold())):
        return (f"`{where}` must be {m.LANGUAGE.rule}, such as `{example}`, not `{_clip(value)}`: BCP 47 writes a "
                f"language that has a two-letter code with it; did you mean `{two}{rest}`?")
    if len(language) != 2 or language.casefold() in m.LANGUAGES_639_1:
        return None
    meant = m.LANGUAGE_MISTAKES.get(language.casefold())
    hint = f"; did you mean `{meant}{rest}`?" if meant else ""
    country = " (it is a country's)" if language.upper() in m.COUNTRIES else ""
    return (f"`{where}` must be {m.LANGUAGE.rule}, such as `{example}`, not `{_clip(value)}`: `{language}` is no "
            f"language's code{country}{hint}")


def _no_country(where: str, value: str) -> str:
    """The problem of a value that is no assigned country code (with the code meant: in capitals, `UK` is `GB`)."""
    code = "".join(value.split()).upper()  # `"UA "`, copied with its space; `I Q`
    guess = (code if code in m.COUNTRIES
             else m.COUNTRY_MISTAKES.get(code) or m.ALPHA_3.get(code) or _country_named(value))
    hint = f"; did you mean `{guess}`?" if guess else _either_country(value)
    if not guess and (value.upper() == "XK" or _country_key(value) == _country_key("Kosovo")):
        hint = "; Kosovo has no assigned code (`XK` is one some agencies use): leave the field out"
    elif not guess and code in m.WITHDRAWN_COUNTRIES:  # a war of 1991 in `YU` (a tester)
        state, today = m.WITHDRAWN_COUNTRIES[code]
        hint = f"; `{code}` was the code of {state}, withdrawn: write the code of today's country where it is ({today})"
    return f"`{where}` must be an assigned ISO 3166-1 alpha-2 code such as \"IQ\", not `{_clip(value)}`{hint}"


def _either_country(name: str) -> str:
    """The hint for a name two countries share (`Korea`, `Congo`): both codes with the names pages show, or ""."""
    from .countries import _country_names

    codes = _SHARED_COUNTRY_NAMES.get(_country_key(name), ())
    named = [f"`{code}` ({_country_names().get(code, code)})" for code in codes]
    return f"; did you mean {' or '.join(named)}?" if named else ""


def _country_named(name: str) -> str | None:
    """The code of the country of that name (`Iraq`: IQ), as pages name them or by another name in use (`Türkiye`,
    `Ivory Coast`, `USA`): read only when a code is wrong."""
    key = _country_key(name)
    if key in _SHARED_COUNTRY_NAMES:
        return None
    found = _codes_by_name().get(key)
    if found is None and (names := _BRACKETED.fullmatch(name.strip())):  # `Myanmar (Burma)`: either name (a tester)
        found = _country_named(names.group(1)) or _country_named(names.group(2))
    return found


_BRACKETED = re.compile(r"([^()]+?)\s*\(([^()]+)\)")  # a name and another in brackets


# Names two countries share in everyday use: "did you mean" offers both, never one of them. Pages show the Republic
# of the Congo as `Congo`, but news that writes "Congo" often means the Democratic Republic of the Congo.
_SHARED_COUNTRY_NAMES = {"congo": ("CD", "CG"), "korea": ("KP", "KR"), "virgin islands": ("VG", "VI")}


# Names in use that are not the one pages show (Natural Earth's, or ISO's short name): official and current names
# (`Türkiye` since 2022, `Czechia`, `Eswatini`), former and everyday ones (`Burma`, `Ivory Coast`, `Britain`), and
# ISO's long forms (`Korea, Republic of`). Only for "did you mean": a page still shows its own name.
_OTHER_COUNTRY_NAMES = {
    "AE": ("UAE", "Emirates"), "BA": ("Bosnia",), "BN": ("Brunei Darussalam",),
    "BO": ("Plurinational State of Bolivia", "Bolivia, Plurinational State of"), "BS": ("The Bahamas",),
    "CD": ("DR Congo", "DRC", "Congo-Kinshasa", "Congo (Kinshasa)", "Democratic Republic of Congo",
           "Congo, Democratic Republic of the"),
    "CG": ("Republic of the Congo", "Congo-Brazzaville", "Congo (Brazzaville)"), "CI": ("Ivory Coast",),
    "CN": ("People's Republic of China", "PRC"), "CV": ("Cape Verde",), "CZ": ("Czech Republic",),
    "FK": ("Falklands", "Falkland Islands (Malvinas)"),
    "FM": ("Federated States of Micronesia", "Micronesia, Federated States of"),
    "GB": ("UK", "U.K.", "Britain", "Great Britain", "United Kingdom of Great Britain and Northern Ireland",
           "England", "Scotland", "Wales", "Northern Ireland"),  # no codes of their own
    "GM": ("The Gambia",), "IR": ("Islamic Republic of Iran", "Iran, Islamic Republic of", "Persia"),
    "KG": ("Kyrgyz Republic",),
    "KP": ("Democratic People's Republic of Korea", "Korea, Democratic People's Republic of", "DPRK"),
    "KR": ("Republic of Korea", "Korea, Republic of"), "LA": ("Lao People's Democratic Republic", "Lao PDR"),
    "MD": ("Republic of Moldova", "Moldova, Republic of"), "MF": ("St-Martin", "Saint Martin (French part)"),
    "MK": ("Macedonia", "Republic of North Macedonia"), "MM": ("Burma",), "MO": ("Macau",), "NL": ("Holland",),
    "PS": ("State of Palestine", "Palestine, State of", "Palestinian Territories", "Palestinian Territory",
           "Occupied Palestinian Territory"),
    "RU": ("Russian Federation",), "SA": ("KSA", "Kingdom of Saudi Arabia", "Saudi"),
    "SH": ("Saint Helena, Ascension and Tristan da Cunha",),
    "SK": ("Slovak Republic",), "SX": ("Sint Maarten (Dutch part)",), "SY": ("Syrian Arab Republic",),
    "SZ": ("Swaziland", "eSwatini"), "BL": ("St-Barthélemy", "Saint-Barthélemy"), "TL": ("East Timor",), "TR": ("Turkey", "Republic of Türkiye", "Republic of Turkey"),
    "TW": ("Taiwan, Province of China", "Republic of China"),
    "TZ": ("United Republic of Tanzania", "Tanzania, United Republic of"),
    "US": ("USA", "U.S.", "U.S.A.", "United States", "America"),
    "VA": ("Vatican", "Vatican City", "Vatican City State", "Holy See (Vatican City State)"),
    "VE": ("Bolivarian Republic of Venezuela", "Venezuela, Bolivarian Republic of"), "VN": ("Viet Nam",),
}


def _country_key(name: str) -> str:
    """A country's name as compared: case, accents, dots, hyphens, `&`, `St` and a leading `The` aside (`Cote
    d’Ivoire` is `Côte d'Ivoire`, `St-Martin` is `Saint Martin`, `U.S.` is `US`)."""
    words = re.sub(r"[-‐–—,()]", " ", _latin(name).casefold().replace(".", "").replace("’", "'")).replace("&", " and ")
    words = ["saint" if word == "st" else word for word in words.split()]
    return " ".join(words[1:] if words[:1] == ["the"] else words)


@functools.cache
def _codes_by_name() -> dict[str, str]:
    """Country codes by compared name, pages' names and other names in use (made once: a corpus may write many
    wrong codes)."""
    from .countries import _country_names

    codes = {_country_key(name): code for code, names in _OTHER_COUNTRY_NAMES.items() for name in names}
    return {**codes, **{_country_key(country): code for code, country in _country_names().items()}}


_PLAIN_WIKILINK = re.compile(r"\[\[[a-z0-9]+(?:-[a-z0-9]+)*(?:\|[^\[\]]*)?\]\]")  # `[[id]]`, `[[id|label]]`


def _misspelt_synonym(key: str) -> str:
    """The other name for a field that key misspells (`lattitude`: latitude, which is `lat`), or ""."""
    return closest(key, list(m.FIELD_SYNONYMS), 0.85) or ""


def _quoting_helps(typ: m.Type, raw: str) -> bool:
    """False when the value would be refused even as text (`wikidata: 123`, `country: ON`): no hint to quote it."""
    if isinstance(typ, m.Pattern):
        return re.fullmatch(typ.regex, raw) is not None
    if isinstance(typ, m.Country):
        return raw in m.COUNTRIES
    if isinstance(typ, m.Url):
        return raw.startswith(("http://", "https://"))
    return True


RESPELT = "respelt"  # a Problem's code at a written id that is not one: see _respelt


def _respelt(word: str, kinds: tuple[str, ...]) -> str:
    """The code of a problem at text written where an id goes (`Actor_A`, `National Unity Government`): the text,
    the id it would be re-spelt (`actor-a`, or "" when none) and the kinds the place takes, joined by U+001F.
    Only the index knows which ids exist, so it words the "did you mean" (index.settle_hints): a file's problems
    are cached without it."""
    meant = word.strip()
    if meant.startswith("[[") and meant.endswith("]]"):  # a wikilink written where an id goes
        meant = meant[2:-2].split("|")[0]
    if "/" in meant:  # a page's address (`/actors/iran/`): its id is its last part
        meant = next((part for part in reversed(meant.split("/")) if part), meant)
    meant = _INVISIBLE.sub("", meant)  # a zero-width space pasted in (`b\u200base-actor`)
    spelt = _spelt(meant)
    if spelt == word or not _ID.fullmatch(spelt) or len(spelt) > m.ID_MAX:
        spelt = ""
    return "\x1f".join((RESPELT, word, spelt, *kinds)) if word.strip() else ""


_TYPOGRAPHIC = re.compile(r"[“‘„«‚‹].*[”’“»‘›]", re.DOTALL)  # a value wrapped in quotes YAML does not read as quotes


def _did_you_mean(word: str, choices) -> str:
    """`; did you mean `x`?` when a choice is close to word, or the only one it begins (`perp`: perpetrator)."""
    choices = list(choices)
    joined = "-".join(_bare(word.lower()).replace("_", " ").split())  # `Armed Group`, `communiqué` (testers)
    match = (joined if joined in choices and joined != word else None) or closest(word, choices) \
        or m.VALUE_SYNONYMS.get(joined)
    if match is None and len(word) >= 3:
        starting = [choice for choice in choices if choice.startswith(word.lower())]
        match = starting[0] if len(starting) == 1 else None
    if match in choices and _qualified(word, match):
        return ""
    return f"; did you mean `{match}`?" if match in choices else ""


def _outside(lat: float, lon: float, country: str) -> str | None:
    """Why a point cannot be in its country (no ring of the country's outline has it in its box, 2° about), with
    the swapped point when that one is; None when it may be (or the country has no outline to tell). Boxes, not
    outlines: a point off a coast (a ship attacked at sea) passes, and lat and lon written the wrong way round
    (Erbil drawn in the Black Sea: a tester) do not."""
    from .countries import _country_names, country_boxes  # the map's outlines, read only for a sheet with coordinates

    boxes = country_boxes(country)
    if not boxes or _in_boxes(lat, lon, boxes) or country == "AQ" and lat <= -60:  # the outline stops short of the pole
        return None
    name = _country_names().get(country, country)
    if -90 <= lon <= 90 and _in_boxes(lon, lat, boxes):
        return f"the point ({lat}, {lon}) is not in {name}, but ({lon}, {lat}) is: are `lat` and `lon` swapped?"
    # Said of the outlines, not of the land: they leave small islands out, and "far from Japan" of a point off the
    # Senkaku Islands, with `CN` passing, took a side in a sovereignty dispute (a tester).
    return (f"the point ({lat}, {lon}) is more than {_MARGIN}° from the outline of {name} that the maps draw "
            f"(`country: {country}`); check the coordinates and the country (the outlines leave small islands out)")


_MARGIN = 2  # degrees about a country's outline where a point may be: its coasts, seas and islands (Senkaku: 1.3°)


def _in_boxes(lat: float, lon: float, boxes, margin: float = _MARGIN) -> bool:
    """True when (lat, lon) is in one of the boxes (min lon, min lat, max lon, max lat), widened by margin degrees;
    a longitude is also taken a turn east and west (an outline drawn across 180°: Chukotka, Fiji)."""
    return any(x0 - margin <= x <= x1 + margin and y0 - margin <= lat <= y1 + margin
               for x in (lon, lon + 360, lon - 360) for x0, y0, x1, y1 in boxes)




def _under_empty(key: str, before: str | None, fields: dict, values: dict) -> str:
    """`; did you mean `location.name`?` for a field of the record field left empty on the line above (`location:`
    then `name:` not indented), else "": `name` there had been offered `title`, which made a second title (a tester)."""
    spec, value = fields.get(before), values.get(before)
    if spec is None or value is None or not _blank(value) or not isinstance(spec.type, m.Record):
        return ""
    return _indented(before, key) if key in spec.type.field_map else ""


def _nested_field(key: str, fields: dict) -> str:
    """`; did you mean `casualties.killed`?` for a field of a record field written one level up (`killed:` beside
    `title:`, `lat:` beside `location:`), else ""."""
    key = m.FIELD_SYNONYMS.get(key.lower(), key)
    for name, spec in fields.items():
        if isinstance(spec.type, m.Record) and key in spec.type.field_map:
            return _indented(name, key)
    return ""


def _indented(record: str, key: str) -> str:
    """The hint for a field of a record field written beside it."""
    return f"; did you mean `{record}.{key}` (`{key}:` indented under `{record}:`)?"


def _qualified(word: str, match: str) -> bool:
    """True when word is match with a word before it or a doubt after it (`unconfirmed`, `not confirmed`,
    `non-perpetrator`, `confirmed?`): more than a typo, and maybe the opposite (a tester's editor published an
    unconfirmed claim as confirmed on such a hint). A plural (`notes`) is a typo."""
    before, found, after = word.strip().casefold().partition(match)
    return bool(found) and (bool(before) or "?" in after or "not" in after)
