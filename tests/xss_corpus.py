"""An XSS corpus of our own, by OWASP filter-evasion family, and a hostile fact-sheet corpus
that puts it into every text, Markdown and URL field.

Every payload that could run calls `window.xss()`; the browser test defines that
function and fails on any call. Template payloads compute 7*191 = 1337, a number the
site never shows otherwise, so a template that ran would show it.
"""

from __future__ import annotations

import yaml

from briefkit.model import MAX_TEXT_CHARS

SENTINEL = "1337"  # 7*191: shown only if a template expression ran

# --- text payloads: HTML and template syntax, shown as text wherever they go -------------------------

SCRIPT_TAGS = [
    "<script>window.xss()</script>",
    "<SCRIPT>window.xss()</SCRIPT>",
    "<script src=data:text/javascript,window.xss()></script>",
    "<scr<script>ipt>window.xss()</scr</script>ipt>",
    "<script>/*</script><script>*/window.xss()</script>",
    "</script><script>window.xss()</script>",
    "<!--<script>--><script>window.xss()</script>",
    "<![CDATA[<script>window.xss()</script>]]>",
    "<noscript><p title=\"</noscript><img src=x onerror=window.xss()>\">",
]
EVENT_HANDLERS = [
    "<img src=x onerror=window.xss()>",
    "<img src=x onerror=\"window.xss()\">",
    "<IMG SRC=x OnErRoR=window.xss()>",
    "<img/src=x/onerror=window.xss()>",
    "<img src=x onerror=&#119;indow.xss()>",
    "<svg onload=window.xss()>",
    "<svg/onload=window.xss()>",
    "<body onload=window.xss()>",
    "<details open ontoggle=window.xss()>",
    "<input autofocus onfocus=window.xss()>",
    "<video><source onerror=window.xss()></video>",
    "<marquee onstart=window.xss()>",
    "<div onmouseover=window.xss()>hover</div>",
    "<a href=# onclick=window.xss()>click</a>",
    "<style>@import 'javascript:window.xss()';</style>",
    "<div style=\"background:url(javascript:window.xss())\">",
    "<iframe srcdoc=\"<script>parent.xss()</script>\"></iframe>",
    "<iframe src=javascript:window.xss()></iframe>",
    "<object data=javascript:window.xss()></object>",
    "<embed src=javascript:window.xss()>",
    "<form action=javascript:window.xss()><button>go</button></form>",
    "<math><mtext><table><mglyph><style><img src=x onerror=window.xss()>",
    "<base href=javascript:window.xss()//>",
    "<meta http-equiv=refresh content=\"0;url=javascript:window.xss()\">",
]
URL_SCHEMES = [
    "<a href=\"javascript:window.xss()\">x</a>",
    "<a href=\"JaVaScRiPt:window.xss()\">x</a>",
    "<a href=\" javascript:window.xss()\">x</a>",
    "<a href=\"&#106;avascript:window.xss()\">x</a>",
    "<a href=\"&#x6A;&#x61;vascript&colon;window.xss()\">x</a>",
    "<a href=\"jav\tascript:window.xss()\">x</a>",
    "<a href=\"jav&#x09;ascript:window.xss()\">x</a>",
    "<a href=\"jav&#x0A;ascript:window.xss()\">x</a>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5wYXJlbnQueHNzKCk8L3NjcmlwdD4=\">x</a>",
    "<a href=\"vbscript:window.xss()\">x</a>",
    "<a href=\"VBScript:window.xss()\">x</a>",
    "javascript:window.xss()",
]
SVG = [
    "<svg><script>window.xss()</script></svg>",
    "<svg><a xlink:href=\"javascript:window.xss()\"><text y=20>x</text></a></svg>",
    "<svg><animate onbegin=window.xss() attributeName=x dur=1s>",
    "<svg><set attributeName=onmouseover to=window.xss()>",
    "<svg><foreignObject><img src=x onerror=window.xss()></foreignObject></svg>",
]
ATTRIBUTE_BREAKOUTS = [
    "\" onmouseover=\"window.xss()",
    "' onmouseover='window.xss()",
    "\" autofocus onfocus=\"window.xss()",
    "'><script>window.xss()</script>",
    "\"><img src=x onerror=window.xss()>",
    "`><img src=x onerror=window.xss()>",
    "</title><script>window.xss()</script>",
    "</textarea><script>window.xss()</script>",
    "--><script>window.xss()</script>",
    "]]><script>window.xss()</script>",
    "\\\"};window.xss();//",
    "';window.xss();//",
    "\u2028window.xss()\u2029",
]
TEMPLATES = [
    "{{ 7*191 }}",
    "{{7*191}}",
    "{% raw %}{{ 7*191 }}{% endraw %}",
    "{% for i in range(3) %}loop{% endfor %}",
    "{{ config }}",
    "{{ self.__init__.__globals__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "${7*191}",
    "#{7*191}",
    "<%= 7*191 %>",
    "{{ '<script>window.xss()</script>'|safe }}",
]
TEXT_PAYLOADS = SCRIPT_TAGS + EVENT_HANDLERS + URL_SCHEMES + SVG + ATTRIBUTE_BREAKOUTS + TEMPLATES

# --- Markdown payloads --------------------------------------------------------------------------------

# Built and rendered: raw HTML is text, allowed links are escaped where they land.
MARKDOWN_ACCEPTED = TEXT_PAYLOADS + [
    "[<img src=x onerror=window.xss()>](https://a.example/)",
    "[x](https://a.example/ \"t\\\" onmouseover=\\\"window.xss()\")",
    "[x](https://a.example/\"onmouseover=\"window.xss())",
    "[x](https://a.example/?q=\"><script>window.xss()</script>)",
    "[x](#\"onmouseover=\"window.xss())",
    "[x](jav&#x09;ascript:window.xss())",  # a tab inside the scheme: a relative link, percent-encoded
    "[x](mailto:a@b.example?subject=\"><script>window.xss()</script>)",
    "<https://a.example/\"onmouseover=\"window.xss()>",
    "<mailto:a@b.example\"onmouseover=\"window.xss()>",
    "![<svg onload=window.xss()>](https://a.example/i.png)",
    "![x](https://a.example/i.png\"onerror=\"window.xss())",
    "[[xss-actor-0|<script>window.xss()</script>]]",
    "[[xss-actor-0|\" onmouseover=\"window.xss()]]",
    "`<script>window.xss()</script>`",
    "Note[^n].\n\n[^n]: <img src=x onerror=window.xss()>",
    "# <script>window.xss()</script>",
    "| <img src=x onerror=window.xss()> | b |\n| --- | --- |\n| <svg onload=window.xss()> | d |",
    "```html\n<script>window.xss()</script>\n```",
    "    <script>window.xss()</script>",
    "> <script>window.xss()</script>",
    "~~<script>window.xss()</script>~~",
    "*<img src=x onerror=window.xss()>*",
    # Relative paths (accepted) whose rebasing from the entity's page must not make a scheme on the home page
    "[x](/javascript:window.xss()) [y](../../javascript:window.xss()) ![z](../../../data:text/html,x)",
]
# Refused by `check` with a link problem: a link, image, autolink or reference definition
# with a scheme FORMAT.md does not allow, however it is spelled.
MARKDOWN_REFUSED = [
    "[x](javascript:window.xss())",
    "[x](JAVASCRIPT:window.xss())",
    "[x](JaVaScRiPt:window.xss())",
    "[x]( javascript:window.xss() )",
    "[x](<javascript:window.xss()>)",
    "[x](\u00a0javascript:window.xss())",  # Markdown skips the no-break space
    "[x](&#106;avascript:window.xss())",
    "[x](&#x6A;avascript&colon;window.xss())",
    "[x](javascript&#58;window.xss())",
    "[x](javascript:window%2Exss())",
    "[x](vbscript:window.xss())",
    "[x](data:text/html;base64,PHNjcmlwdD5wYXJlbnQueHNzKCk8L3NjcmlwdD4=)",
    "[x](data:text/html,<script>window.xss()</script>)",
    "[x](file:///etc/passwd)",
    "[x](//evil.example/x.js)",
    "<javascript:window.xss()>",
    "<JavaScript:window.xss()>",
    "<vbscript:window.xss()>",
    "<data:text/html,window.xss()>",
    "![x](javascript:window.xss())",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9d2luZG93Lnhzcygp)",
    "[x][r]\n\n[r]: javascript:window.xss()",
    "[r]\n\n[r]: <javascript:window.xss()> \"t\"",
    "![x][i]\n\n[i]: data:image/png;base64,AA==",
]

# --- URL fields ---------------------------------------------------------------------------------------

URL_ACCEPTED = [  # http(s) with a host and no whitespace: attribute breakouts must be escaped
    "https://a.example/\"onmouseover=\"window.xss()",
    "https://a.example/'><script>window.xss()</script>",
    "https://a.example/</script><script>window.xss()</script>",
    "https://a.example/?q={{7*191}}",
    "HTTPS://A.EXAMPLE/\"><svg/onload=window.xss()>",
]
URL_REFUSED = [
    "javascript:window.xss()",
    "JaVaScRiPt:window.xss()",
    " javascript:window.xss()",
    "javascript://a.example/%0Awindow.xss()",
    "java\tscript:window.xss()",
    "data:text/html,<script>window.xss()</script>",
    "vbscript:window.xss()",
    "file:///etc/passwd",
    "//evil.example/x",
    "https:window.xss()",
    "https:///window.xss()",
    "https://a.example/ onmouseover=window.xss()",
    "&#106;avascript:window.xss()",
]

# --- fields whose type refuses a payload (checked to be refused, never built) --------------------------

TYPED_REFUSED = {  # field of an actor -> a payload it must refuse
    "id": "<script>window.xss()</script>",
    "kind": "\" onmouseover=\"window.xss()",
    "country": "<svg onload=window.xss()>",
    "wikidata": "Q1\"><script>window.xss()</script>",
}


class _NoAliases(yaml.SafeDumper):
    """Dump every value in full: the loader refuses anchors and aliases."""

    def ignore_aliases(self, data):
        return True


def _text(dumper, value: str):
    """Text with U+2028 or U+2029 double-quoted, where YAML writes them as escapes: as written, a fact sheet
    may not hold them (they break lines for YAML and not for editors), and PyYAML would write them so."""
    style = '"' if "\u2028" in value or "\u2029" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_NoAliases.add_representer(str, _text)


def dump(data) -> str:
    """YAML text of data, as an editor could write it."""
    return yaml.dump(data, Dumper=_NoAliases, allow_unicode=True, sort_keys=False, width=1 << 30)


def chunks(items: list[str], count: int) -> list[list[str]]:
    """items dealt into count groups."""
    return [items[i::count] for i in range(count)]


def _joined(payloads: list[str], limit: int) -> str:
    """The payloads joined with ` · `, as many as the first ones fit in limit characters (at least one)."""
    text = payloads[0]
    for payload in payloads[1:]:
        if len(text) + 3 + len(payload) > limit:
            break
        text += " · " + payload
    return text


def hostile_corpus(groups: int = 4) -> dict[str, str]:
    """Fact sheets (file name -> YAML) putting the corpus into every text, Markdown and URL field.

    Group g defines source, actor, incident, stake and briefing `xss-<kind>-<g>`; single
    text fields hold the group's text payloads joined, lists hold them one an item, and
    every claim's text and note hold one Markdown payload each.
    """
    # templates everywhere, first: a text field holds as many payloads as fit (_joined), lists hold them all
    texts = [[t for t in TEMPLATES if t not in chunk] + chunk for chunk in chunks(TEXT_PAYLOADS, groups)]
    marks = chunks(MARKDOWN_ACCEPTED, groups)
    urls = URL_ACCEPTED
    sheets = {}
    for g in range(groups):
        text = _joined(texts[g], MAX_TEXT_CHARS - len("Incident 0 "))  # a text field's limit; lists hold every payload
        single = "\n\n".join(p for p in marks[g] if "\n" not in p and not p.startswith(("    ", "#", ">", "|")))
        prev = (g - 1) % groups
        src, actor, incident, stake, briefing = (f"xss-{k}-{g}" for k in ("source", "actor", "incident", "stake", "briefing"))

        def claims(kind: str) -> list[dict]:
            return [{"text": payload, "status": "claimed", "sources": [src], "attributed_to": actor, "note": payload}
                    for payload in marks[g]]

        sheet = {
            "sources": [{"id": src, "publisher": text, "title": text, "url": urls[g % len(urls)], "date": "2021-02-25",
                         "kind": "news", "reliability": "A"}],
            "actors": [{"id": actor, "name": f"Actor {g} {text}", "kind": "armed-group", "aliases": list(texts[g]),
                        "country": "IQ", "summary": single, "wikidata": "Q1",
                        "roles": [{"title": text, "of": f"xss-actor-{prev}", "from": "2020", "to": "2021"}],
                        "relations": [{"type": "allied-with", "target": f"xss-actor-{prev}", "sources": [src],
                                       "note": single}]}],
            "incidents": [{"id": incident, "title": f"Incident {g} {text}", "date": f"2021-02-{10 + g:02d}", "kind": text,
                           "location": {"name": text, "country": "IQ", "lat": 36.19, "lon": 44.01, "precision": "exact"},
                           "actors": [{"actor": actor, "role": "alleged-perpetrator"}],
                           "casualties": {"killed": 1, "wounded": 2, "note": single},
                           "summary": single, "claims": claims("incident"), "sources": [src]}],
            "stakes": [{"id": stake, "title": f"Stake {g} {text}", "summary": single, "status": text,
                        "parties": [{"actor": actor, "position": single, "sources": [src]}], "claims": claims("stake")}],
            "briefing": {"id": briefing, "title": f"Briefing {g} {text}", "date": f"2021-03-{10 + g:02d}",
                         "updated": f"2021-03-{20 + g:02d}", "summary": single, "body": "\n\n".join(marks[g]),
                         "actors": [{"actor": actor, "role": text}], "incidents": [incident],
                         "stakes": [{"stake": stake, "impact": single}], "claims": claims("briefing"),
                         "sources": [src], "tags": list(texts[g])},
        }
        if g:
            sheet["incidents"][0]["responds_to"] = [f"xss-incident-{g - 1}"]
        sheets[f"xss-{g}.yaml"] = dump(sheet)
    return sheets
