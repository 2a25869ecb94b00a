"""Right-to-left text (Arabic, Hebrew, Persian, Syriac…) in a left-to-right site.

The pages are `<html lang dir="ltr">`: an Arabic paragraph would start on the left, its final
full stop drawn at its right end, and an Arabic name beside ", 5 August 2020" or "— role" would
mix its run with theirs. So where editor text holds a right-to-left letter, it is marked for the
browser's bidirectional algorithm: a block (a Markdown paragraph, list item, heading or table
cell; a page title) gets `dir="auto"` (its direction from its first strong letter), and an
inline run (a link's name, a role, a title after a colon) is isolated, as `<bdi>` or `dir="auto"`
on its link. Text with no right-to-left letter is left as it was: the same bytes as before.

A control character of the bidirectional algorithm in editor text (an override U+202E, an embedding or
isolate left open, a right-to-left mark) counts as a right-to-left letter: isolated, an override left
open ends with its run, where it reversed the page's own text after it ("— 1202 yraurbeF 02"; a tester).
The page's `<title>` holds text only, so there the run is isolated with U+2068…U+2069 (`isolated_text`).
"""

from __future__ import annotations

import html
import re
import unicodedata

from markupsafe import Markup, escape

from .model import BIDI_RUNS

# Strong right-to-left letters: Hebrew to the Arabic extensions (U+0590–08FF), the Hebrew and Arabic presentation
# forms, and the right-to-left blocks of the Supplementary Multilingual Plane (Old Hebrew scripts to Adlam, the
# Arabic mathematical letters).
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe\U00010800-\U00010fff\U0001e800-\U0001efff"
                  f"\u200f{BIDI_RUNS}]")  # and the controls: a right-to-left mark, embeddings, overrides, isolates


def has_rtl(text: object) -> bool:
    """True when the text holds a right-to-left letter."""
    return isinstance(text, str) and _RTL.search(text) is not None


def first_strong(text: str) -> str | None:
    """"rtl" or "ltr": the direction of the text's first strong letter (the bidirectional algorithm's first step), or
    None when it has none."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return None


def isolate(text: object) -> Markup:
    """Jinja filter `bidi`: the text escaped, inside `<bdi>` when it holds a right-to-left letter."""
    escaped = escape(text)
    return Markup(f"<bdi>{escaped}</bdi>") if has_rtl(str(text)) else escaped


def isolated_html(text: str) -> str:
    """The text as HTML (html.escape, as fill's callers give it), inside `<bdi>` when it holds a right-to-left letter."""
    escaped = html.escape(text)
    return f"<bdi>{escaped}</bdi>" if has_rtl(text) else escaped


def isolated_text(text: object) -> str:
    """Text for a text-only element (`<title>`), between U+2068 and U+2069 when it holds a right-to-left letter or
    control (the template escapes it)."""
    return f"\u2068{text}\u2069" if has_rtl(str(text)) else text


def dir_attribute(text: object) -> Markup:
    """Jinja filter `dir`: ` dir="auto"` for an element showing the text when it holds a right-to-left letter."""
    return Markup(' dir="auto"') if has_rtl(str(text)) else Markup("")
