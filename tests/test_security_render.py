"""Rendering defences, checked without a browser: autoescape everywhere, no `|safe` on editors'
text, Markdown that can hold no script and links only FORMAT.md's schemes, URL and typed
fields that refuse payloads, and a Content-Security-Policy without 'unsafe-inline'."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import html as lxml_html

from briefkit.markup import UniqueIds, compile_markdown
from briefkit.pipeline import load_and_validate
from briefkit.render import environment
from briefkit.views import number_headings
from conftest import ROOT, SETTINGS
from xss_corpus import MARKDOWN_ACCEPTED, MARKDOWN_REFUSED, TEXT_PAYLOADS, TYPED_REFUSED, URL_ACCEPTED, URL_REFUSED

TEMPLATES = ROOT / "theme" / "templates"
SCHEMES = "is not allowed; use http:, https:, mailto:, a relative path or #anchor"


# --- autoescape and |safe -----------------------------------------------------------------------------


def test_our_jinja_environment_autoescapes():
    env = environment(str(TEMPLATES))
    assert env.autoescape is True
    for name in env.list_templates(extensions=["html", "xml", "txt"]):
        assert env.get_template(name).environment.autoescape is True


def test_pelicans_jinja_environment_autoescapes(tmp_path):
    from pelican.generators import PagesGenerator
    from pelican.settings import read_settings

    settings = read_settings(str(SETTINGS))
    assert settings["JINJA_ENVIRONMENT"]["autoescape"] is True
    generator = PagesGenerator(context={}, settings=settings, path=settings["PATH"], theme=settings["THEME"],
                               output_path=str(tmp_path))
    assert generator.env.autoescape is True
    rendered = generator.env.from_string("{{ t }}").render(t="<script>window.xss()</script>")
    assert rendered == "&lt;script&gt;window.xss()&lt;/script&gt;"


# The only `|safe` in the theme: Pelican's content pages (content/pages/*.md), which are
# written by the maintainers, not editors, and rendered by markup.py's Markdown with raw
# HTML off. Editors' text reaches templates only as escaped strings or as Markup built
# in Python from escaped parts (views.py, markup.py, jsonld.py).
SAFE_ALLOWED = {("page.html", "page.content|safe")}


def test_no_template_marks_editors_text_safe_or_turns_escaping_off():
    found = set()
    for path in sorted(TEMPLATES.rglob("*")):
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"([\w.\[\]'\"]+)\s*\|\s*safe\b", text):
            found.add((path.name, re.sub(r"\s", "", match.group(0))))
        assert not re.search(r"{%-?\s*autoescape\s+false", text), path.name
        assert "|tojson" not in text.replace(" ", "") or path.name == "meta.html", path.name
    assert found <= SAFE_ALLOWED, found - SAFE_ALLOWED


def test_a_payload_through_every_template_variable_is_escaped():
    # Whatever a template does with a string, the result holds no tag from it.
    env = environment(str(TEMPLATES))
    for payload in TEXT_PAYLOADS:
        out = env.from_string('<p title="{{ x }}">{{ x }}</p><a href="{{ x }}">{{ x|upper }}</a>').render(x=payload)
        tree = lxml_html.fragment_fromstring(out, create_parent="div")
        assert [el.tag for el in tree.iter() if isinstance(el.tag, str)] == ["div", "p", "a"], payload
        assert all(not name.startswith("on") for el in tree.iter() for name in el.attrib), payload


# --- Markdown -------------------------------------------------------------------------------------------

ALLOWED_TAGS = {"div", "p", "a", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "h2", "h3", "h4",
                "h5", "h6", "hr", "br", "table", "thead", "tbody", "tr", "th", "td", "s", "sup", "section"}
ALLOWED_ATTRIBUTES = {"href", "id", "class", "title", "start", "aria-label", "role", "tabindex", "dir"}  # no style: CSP


def audit_html(fragment: str, content_page: bool = False) -> list[str]:
    """What in an HTML fragment could run script or load anything.

    A content page may also have an `h1` and images (the policy's img-src keeps them on the site).
    """
    images = content_page
    bad = []
    tree = lxml_html.fragment_fromstring(fragment or "<p></p>", create_parent="div")
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag not in ALLOWED_TAGS and not (content_page and el.tag in ("img", "h1")):
            bad.append(f"<{el.tag}>")
        for name, value in el.attrib.items():
            if name not in ALLOWED_ATTRIBUTES and not (images and el.tag == "img" and name in ("src", "alt")):
                bad.append(f"{el.tag}[{name}]")
            if name in ("tabindex", "dir") and (name, value) not in (("tabindex", "0"), ("dir", "rtl"), ("dir", "ltr")):
                bad.append(f"{name}={value}")
            if name in ("href", "src"):
                scheme = re.match(r"\s*([a-zA-Z][a-zA-Z0-9+.\-]*):", value)
                if scheme and scheme.group(1).lower() not in ("http", "https", "mailto"):
                    bad.append(f"href={value}")
                if value.strip().startswith("//"):
                    bad.append(f"href={value}")
    return bad


@pytest.mark.parametrize("payload", MARKDOWN_ACCEPTED)
def test_markdown_holds_no_script(payload):
    compiled = compile_markdown(payload, "doc_1")
    assert compiled.bad_links == [] and compiled.bad_wikilinks == []
    html = compiled.markup.html.replace("\x02", "").replace("\x03", "").replace("\x04", "")  # wikilink placeholders
    assert audit_html(html) == []


@pytest.mark.parametrize("payload", MARKDOWN_REFUSED)
def test_markdown_links_with_other_schemes_are_refused(payload):
    compiled = compile_markdown(payload, "doc_1")
    assert compiled.bad_links, payload
    assert all(reason.startswith(("link scheme", "link `//")) for _, reason in compiled.bad_links)
    assert audit_html(compiled.markup.html) == []  # and not rendered as a link either


def stake(summary: str) -> bytes:
    return ("stakes:\n  - id: talks\n    title: Talks\n    summary: " + summary + "\n").encode()


def quoted(text: str) -> str:
    """text as a YAML double-quoted scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") + '"'


@pytest.mark.parametrize("payload", MARKDOWN_REFUSED)
def test_check_refuses_each_markdown_link_payload_at_its_place(payload):
    problems = load_and_validate("t.yaml", stake(quoted(payload))).problems
    assert problems, payload
    for problem in problems:
        assert (problem.line, problem.path) == (4, "t.yaml")
        assert 14 <= problem.column <= 14 + len(quoted(payload))  # on the link, or on the field when escaped
        assert re.fullmatch(rf"`summary`: (link scheme `[^`]+:` {re.escape(SCHEMES)}|link `//[^`]*` leaves out the scheme; write https://…)",
                            problem.message), problem.message


def test_content_pages_use_the_same_rules():
    from briefkit.content import render_content_page

    for payload in MARKDOWN_ACCEPTED + MARKDOWN_REFUSED:
        assert audit_html(render_content_page(payload), content_page=True) == [], payload


# --- URL and typed fields --------------------------------------------------------------------------


def source(field: str, value: str) -> bytes:
    return f"sources:\n  - id: s\n    publisher: R\n    {field}: {quoted(value)}\n".encode()


@pytest.mark.parametrize("url", URL_REFUSED)
def test_url_fields_refuse_other_schemes(url):
    problems = [(p.line, p.column, p.message) for p in load_and_validate("t.yaml", source("url", url)).problems]
    unseen = re.search(r"\s", url.strip())  # a space or tab in it is named
    named = ("a space" if unseen.group() == " " else f"U+{ord(unseen.group()):04X}") if unseen else ""
    why = f": it holds {named}, which no URL holds" if unseen else ""
    assert problems == [(4, 10, f"`url` must be an http:// or https:// URL, not `{url.strip()[:80]}`{why}")]


@pytest.mark.parametrize("url", URL_ACCEPTED)
def test_url_fields_take_http_urls_whatever_they_hold(url):
    assert load_and_validate("t.yaml", source("url", url)).problems == []


@pytest.mark.parametrize(("field", "payload"), list(TYPED_REFUSED.items()))
def test_typed_fields_refuse_payloads(field, payload):
    fields = {"id": "a", "name": "A", "kind": "person", "country": "IQ", "wikidata": "Q1", field: payload}
    sheet = "actors:\n  - " + "\n    ".join(f"{k}: {quoted(v)}" for k, v in fields.items()) + "\n"
    result = load_and_validate("t.yaml", sheet.encode())
    line = 2 + list(fields).index(field)
    assert [(p.line, p.message.split(" ")[0]) for p in result.problems][:1] in (
        [(line, f"`{field}`")], [(line, f"`{payload}`")])
    assert result.entities == [] or field != "id"


# --- Content-Security-Policy -----------------------------------------------------------------------------


def policy_of(page: Path) -> dict[str, list[str]]:
    tree = lxml_html.fromstring(page.read_bytes())
    metas = tree.xpath("//head/meta[translate(@http-equiv, 'CONTENT-SECURITYPOLICY', 'content-securitypolicy')"
                       " = 'content-security-policy']")
    assert len(metas) == 1, page
    directives = {}
    for part in metas[0].get("content").split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def test_every_page_has_a_strict_content_security_policy(seed_output):
    pages = sorted(seed_output.rglob("*.html"))
    assert pages
    for page in pages:
        policy = policy_of(page)
        assert policy["default-src"] == ["'self'"], page
        for directive in ("script-src", "style-src"):
            sources = policy.get(directive, policy["default-src"])
            assert "'unsafe-inline'" not in sources and "'unsafe-eval'" not in sources, (page, directive)
            assert not any(s in ("*", "data:", "http:", "https:", "blob:") or "//" in s for s in sources), (page, directive)
        assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'none'"], page
        assert "'unsafe-inline'" not in " ".join(v for values in policy.values() for v in values)


def test_the_policy_is_in_the_base_template():
    text = (TEMPLATES / "base.html").read_text(encoding="utf-8")
    assert text.count('http-equiv="Content-Security-Policy"') == 1
    assert "unsafe-inline" not in text


def test_headings_get_unique_ids_numbered_from_the_last_one_tried():
    """A field's headings get their words' ids; the page numbers them, with the other fields' it shows (views.py)."""
    field = compile_markdown("# x\n\n## x\n\n# x 1\n\n# x\n\n#### `c` *e* x\n\n##### five\n\n# x-1\n", "doc_1").markup
    assert re.findall(r'<h(\d) id="([^"]*)"', field.html) == [
        ("2", "h_x"), ("3", "h_x"), ("2", "h_x-1"), ("2", "h_x"), ("3", "h_c-e-x"), ("4", "h_five"), ("2", "h_x-1")]
    assert number_headings([field], UniqueIds()) == [
        ["h_x", "h_x-1", "h_x-1-1", "h_x-2", "h_c-e-x", "h_five", "h_x-1-2"]]  # `##### five`, an h6 then, had no id


def test_a_field_of_twenty_thousand_equal_headings_is_compiled():
    """24,000 equal headings took 100 s with the anchors plugin (quadratic); a hang is a defect (FORMAT.md)."""
    [ids] = number_headings([compile_markdown("# x\n" * 20_000, "doc_1").markup], UniqueIds())
    assert ids[:3] == ["h_x", "h_x-1", "h_x-2"] and ids[-1] == "h_x-19999" and len(set(ids)) == 20_000
