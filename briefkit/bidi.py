"""Right-to-left text (Arabic, Hebrew, Persian, Syriac…) in a left-to-right site.

The pages are `<html lang dir="ltr">`: an Arabic paragraph would start on the left, its final
full stop drawn at its right end, and an Arabic name beside ", 5 August 2020" or "— role" would
mix its run with theirs. So where editor text holds a right-to-left letter, it is marked for the
browser's bidirectional algorithm: a block (a Markdown paragraph, list item, heading, table
or quotation; a page title) gets `dir="rtl"` when most of its letters are right-to-left,
those in brackets and quotation marks aside, else `dir="ltr"` (`direction`: not its first letter, as `dir="auto"`
would), and an inline run
(a link's name or label, a role, a title after a colon, a table cell's text where it runs
against its table) is isolated in its own direction, as `<bdi dir>` or a `dir` on its link. Text with no right-to-left letter is left as it was: the same bytes as before.

A control character of the bidirectional algorithm in editor text (an override U+202E, an embedding or
isolate left open, a right-to-left mark) counts as a right-to-left letter: isolated, an override left
open ends with its run, where it reversed the page's own text after it ("— 1202 yraurbeF 02"; a tester).
Text-only places (the page's `<title>`, a picture's labels) isolate the run with U+2066 or U+2067 … U+2069
(`isolated_text`).
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


_ISOLATES = {"rtl": "\u2067", "ltr": "\u2066"}


def has_rtl(text: object) -> bool:
    """True when the text holds a right-to-left letter."""
    return isinstance(text, str) and _RTL.search(text) is not None


def direction(text: str) -> str:
    """"rtl" when the right-to-left letters outside brackets and quotation marks outnumber the left-to-right ones
    there (all the text's when none are outside), else "ltr"; the direction a right-to-left or left-to-right mark
    (U+200F, U+200E) asks for when the text starts with one.

    Not its first strong letter, as HTML's `dir="auto"` and U+2068 decide: an English sentence that begins with a
    name in Urdu (`لشکرِ طیبہ (Lashkar-e-Taiba) trained the gunmen.`) was laid out right to left, its full stop at
    the left and its words reordered across lines (a tester). Not all its letters either: a gloss or a quotation
    is not the sentence's language, and `34 days: the 2006 Lebanon war (מלחמת לבנון השנייה / حرب تموز)`, or
    `Olmert told the Knesset: "ממשלת ישראל לא תנהל משא ומתן"`, read "days: the 2006 Lebanon war 34" (a tester)."""
    opening = text.lstrip()[:1]
    if opening in _MARKS:  # an editor's right-to-left (or left-to-right) mark first: the direction they ask for
        return _MARKS[opening]
    rtl, ltr = _letters(_without_asides(text))
    if not rtl and not ltr:
        rtl, ltr = _letters(text)
    return "rtl" if rtl > ltr else "ltr"


_MARKS = {"\u200f": "rtl", "\u200e": "ltr"}


# What a sentence holds aside from its own words: an isolated run (a value set in the theme's English), a bracketed
# gloss, a quotation (Hebrew's gershayim in צה"ל may pair
# with a quotation mark: what is left is still the sentence's); an innermost pair, removed MAX_ASIDE_DEPTH times.
_ASIDE = re.compile(r'[\u2066-\u2068][^\u2066-\u2069]*\u2069|\([^()]*\)|\[[^\[\]]*\]|«[^«»]*»|"[^"]*"|“[^“”]*”|„[^„“”]*[“”]|‹[^‹›]*›|「[^「」]*」|『[^『』]*』')
MAX_ASIDE_DEPTH = 3
_GERSHAYIM = re.compile(r'(?<=\w)"(?=\w)')


def _without_asides(text: str) -> str:
    """The text without what _ASIDE finds, nested up to MAX_ASIDE_DEPTH deep. A `"` between two letters is Hebrew's
    gershayim typed on a keyboard (צה"ל, ארה"ב), not a quotation mark: two of them had made the words between them a
    quotation, and a Hebrew paragraph left to right (a tester)."""
    text = _GERSHAYIM.sub("\u05f4", text)
    for _ in range(MAX_ASIDE_DEPTH):
        shorter = _ASIDE.sub(" ", text)
        if shorter == text:
            break
        text = shorter
    return text


def _letters(text: str) -> tuple[int, int]:
    """(right-to-left letters, left-to-right letters) of the text."""
    rtl = ltr = 0
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            ltr += 1
        elif kind in ("R", "AL"):
            rtl += 1
    return rtl, ltr


def isolate(text: object) -> Markup:
    """Jinja filter `bidi`: the text escaped, inside `<bdi>` when it holds a right-to-left letter (isolated_run)."""
    escaped = escape(text)
    return Markup(isolated_run(escaped, str(text))) if has_rtl(str(text)) else escaped


def isolated_html(text: str) -> str:
    """The text as HTML (html.escape, as fill's callers give it), inside `<bdi>` when it holds a right-to-left letter."""
    escaped = html.escape(text)
    return isolated_run(escaped, text) if has_rtl(text) else escaped


def isolated_run(markup: str, text: str) -> str:
    """HTML inside `<bdi>` with the direction of its text (direction()). A bare `<bdi>` takes its first strong
    letter's, as `dir="auto"`: `اشتباكات الخرطوم — Clashes erupt across Khartoum` in a link read "Clashes erupt
    across Khartoum — اشتباكات الخرطوم", though the page's heading showed it as written (a tester)."""
    return f'<bdi dir="{direction(text)}">{markup}</bdi>'


def isolated_text(text: object, whole: str | None = None) -> str:
    """Text for a text-only element (`<title>`, a picture's label), when it holds a right-to-left letter or control,
    between a right-to-left or left-to-right isolate (U+2067, U+2066; by direction()) and U+2069 (the template
    escapes it). A label cut short gives the whole text it was cut from: its direction is the whole's (cut after
    its Arabic words, a mostly English title was drawn right to left, its words swapped: a tester)."""
    if not has_rtl(str(text)):
        return text
    return f"{_ISOLATES[direction(str(text) if whole is None else whole)]}{text}\u2069"


def dir_attribute(text: object) -> Markup:
    """Jinja filter `dir`: ` dir="rtl"` or ` dir="ltr"` (by direction()) for an element showing the text when it holds a
    right-to-left letter or control; any `dir` isolates an inline element's run."""
    return Markup(f' dir="{direction(str(text))}"') if has_rtl(str(text)) else Markup("")
