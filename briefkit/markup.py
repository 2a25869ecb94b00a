"""Markdown for fact-sheet fields: CommonMark + tables, strikethrough, footnotes, `[[id]]` links.

A field is compiled once, while validating (checking its links needs the
parse anyway). Wikilinks become placeholders that the render stage fills in
with the target's URL and name, so a compiled field depends only on its own
text and can be cached with the file it came from.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from html import escape
from urllib.parse import unquote

from markdown_it import MarkdownIt
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.footnote import footnote_plugin

ID_PATTERN = r"[a-z0-9]+(?:-[a-z0-9]+)*"
ALLOWED_SCHEMES = ("http", "https", "mailto")
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*):")
_WIKILINK = re.compile(r"\[\[([^\[\]|\n]*)(?:\|([^\[\]]*))?\]\]")
_ID = re.compile(ID_PATTERN)
# Placeholders use control characters, which the loader refuses in input,
# so no editor text can forge one.
HREF_OPEN, NAME_OPEN, CLOSE = "\x02", "\x04", "\x03"
PLACEHOLDER = re.compile("([\x02\x04])([a-z0-9-]+)\x03")


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
    return None


def _slug(text: str) -> str:
    """Heading anchor: prefixed with `h_` so it never equals an entity id."""
    words = re.findall(r"\w+", text.lower())
    return "h_" + "-".join(words)[:60]


def _wikilink_rule(state, silent: bool) -> bool:
    """Inline rule: `[[id]]` or `[[id|label]]`."""
    if not state.src.startswith("[[", state.pos):
        return False
    match = _WIKILINK.match(state.src, state.pos)
    if not match:
        return False
    if not silent:
        token = state.push("wikilink", "", 0)
        token.meta = {"target": match.group(1).strip(), "label": match.group(2)}
    state.pos = match.end()
    return True


def _render_wikilink(self, tokens, idx, options, env) -> str:
    """A link whose href and (default) text are filled in at render time."""
    meta = tokens[idx].meta
    target, label = meta["target"], meta["label"]
    env.setdefault("wikilinks", []).append(target)
    if not _ID.fullmatch(target):
        env.setdefault("bad_wikilinks", []).append(target)
        return escape(f"[[{target}]]")
    return _wikilink_html(target, label)


def _wikilink_html(target: str, label: str | None) -> str:
    """The placeholder link of a valid wikilink (a label may span lines; its spaces are folded)."""
    label = " ".join(label.split()) if label else ""
    text = escape(label) if label else f"{NAME_OPEN}{target}{CLOSE}"
    return f'<a class="wikilink" href="{HREF_OPEN}{target}{CLOSE}">{text}</a>'


def _render_image(self, tokens, idx, options, env) -> str:
    """Images are shown as links: the site loads nothing from other hosts."""
    token = tokens[idx]
    alt = self.renderInlineAsText(token.children or [], options, env) or "image"
    return f'<a class="image-link" href="{escape(token.attrGet("src") or "")}">Image: {escape(alt)}</a>'


def _shift_headings(state) -> None:
    """Core rule: Markdown `#` becomes h2, since the page title is the h1."""
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(int(token.tag[1]) + 1, 6)}"


@cache
def parser() -> MarkdownIt:
    """The one configured Markdown parser of this process."""
    md = MarkdownIt("commonmark", {"html": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.use(footnote_plugin)
    md.use(anchors_plugin, min_level=1, max_level=4, slug_func=_slug)
    md.inline.ruler.before("link", "wikilink", _wikilink_rule)
    md.core.ruler.push("shift_headings", _shift_headings)
    md.add_render_rule("wikilink", _render_wikilink)
    md.add_render_rule("image", _render_image)
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


def _once_each(rejected: list[tuple[str, str]], text: str) -> list[tuple[str, str]]:
    """Refusals without repeats: markdown-it checks one link more than once when a
    rule gives up on it (`![i](javascript:x)` is tried as an image, then as a link),
    so a URL is reported at most as often as the text holds it (and at least once)."""
    seen: Counter[str] = Counter()
    kept = []
    for url, reason in rejected:
        seen[url] += 1
        if seen[url] <= max(1, text.count(url), text.count(unquote(url))):
            kept.append((url, reason))
    return kept


# A one-line paragraph without any Markdown syntax (wikilinks aside) renders to
# `<p>text</p>` whatever the parser; most claims and notes are such lines, and
# skipping the parser for them halves validation time. tests/test_markup.py
# checks the shortcut against markdown-it on every field of generated corpora.
_PLAIN_RUN = re.compile(r"[^\\`*_\[\]<>&!#~|\n\r\t\x00-\x1f]*")
_BLOCK_START = re.compile(r"[-+*>#=|~`_:\d]")


def _plain_paragraph(text: str) -> tuple[str, list[str]] | None:
    """(html, wikilink targets) for a plain one-line paragraph, or None when Markdown must parse it."""
    body = text[:-1] if text.endswith("\n") else text
    if not body or body != body.strip() or _BLOCK_START.match(body):
        return None
    parts, targets, position = [], [], 0
    for found in _WIKILINK.finditer(body):
        if not _PLAIN_RUN.fullmatch(body, position, found.start()):
            return None
        target = found.group(1).strip()
        if not _ID.fullmatch(target):
            return None
        parts.append(body[position : found.start()].replace('"', "&quot;"))
        parts.append(_wikilink_html(target, found.group(2)))
        targets.append(target)
        position = found.end()
    if not _PLAIN_RUN.fullmatch(body, position):
        return None
    parts.append(body[position:].replace('"', "&quot;"))
    return "<p>" + "".join(parts) + "</p>\n", targets


def compile_markdown(text: str, doc_id: str) -> Compiled:
    """Compile Markdown text; doc_id keeps footnote ids unique on a page."""
    plain = _plain_paragraph(text)
    if plain is not None:
        html, targets = plain
        return Compiled(Markup(html, text, tuple(dict.fromkeys(targets))), targets, [], [])
    return compile_with_parser(text, doc_id)


def compile_with_parser(text: str, doc_id: str) -> Compiled:
    """Compile Markdown text with markdown-it (no shortcut)."""
    md = parser()
    md.rejected = []
    env = {"docId": doc_id}
    html = md.render(text, env)
    rejected, md.rejected = _once_each(md.rejected, text), []
    links = env.get("wikilinks", [])
    valid = tuple(dict.fromkeys(t for t in links if _ID.fullmatch(t)))
    return Compiled(Markup(html, text, valid), links, env.get("bad_wikilinks", []), rejected)


def fill(html: str, href, name) -> str:
    """Replace wikilink placeholders using href(id) and name(id) (both return safe text)."""
    if HREF_OPEN not in html and NAME_OPEN not in html:
        return html
    return PLACEHOLDER.sub(lambda m: href(m.group(2)) if m.group(1) == HREF_OPEN else name(m.group(2)), html)
