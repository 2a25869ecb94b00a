"""Right-to-left text (Arabic, Hebrew, Persian, Syriac…) in a left-to-right site.

The pages are `<html lang dir="ltr">`: an Arabic paragraph would start on the left, its final
full stop drawn at its right end, and an Arabic name beside ", 5 August 2020" or "— role" would
mix its run with theirs. So where editor text holds a right-to-left letter, it is marked for the
browser's bidirectional algorithm: a block (a Markdown paragraph, list item, heading or table
cell; a page title) gets `dir="auto"` (its direction from its first strong letter), and an
inline run (a link's name, a role, a title after a colon) is isolated, as `<bdi>` or `dir="auto"`
on its link. Text with no right-to-left letter is left as it was: the same bytes as before.
"""

from __future__ import annotations

import html
import re

from markupsafe import Markup, escape

# Strong right-to-left letters: Hebrew to the Arabic extensions (U+0590–08FF), the Hebrew and Arabic presentation
# forms, and the right-to-left blocks of the Supplementary Multilingual Plane (Old Hebrew scripts to Adlam, the
# Arabic mathematical letters).
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe\U00010800-\U00010fff\U0001e800-\U0001efff]")


def has_rtl(text: object) -> bool:
    """True when the text holds a right-to-left letter."""
    return isinstance(text, str) and _RTL.search(text) is not None


def isolate(text: object) -> Markup:
    """Jinja filter `bidi`: the text escaped, inside `<bdi>` when it holds a right-to-left letter."""
    escaped = escape(text)
    return Markup(f"<bdi>{escaped}</bdi>") if has_rtl(str(text)) else escaped


def isolated_html(text: str) -> str:
    """The text as HTML (html.escape, as fill's callers give it), inside `<bdi>` when it holds a right-to-left letter."""
    escaped = html.escape(text)
    return f"<bdi>{escaped}</bdi>" if has_rtl(text) else escaped


def dir_attribute(text: object) -> Markup:
    """Jinja filter `dir`: ` dir="auto"` for an element showing the text when it holds a right-to-left letter."""
    return Markup(' dir="auto"') if has_rtl(str(text)) else Markup("")
