"""The editor guide (content/pages/editor-guide.md): a page of the site, linked from every footer,
whose example fact sheet passes the check as it stands."""

from __future__ import annotations

import re

from briefkit.pipeline import check
from conftest import ROOT
from sitecrawl import crawl

GUIDE = ROOT / "content" / "pages" / "editor-guide.md"


def body() -> str:
    """The guide's Markdown, header removed."""
    return GUIDE.read_text(encoding="utf-8").split("\n\n", 1)[1]


def test_header_names_title_and_slug():
    header = GUIDE.read_text(encoding="utf-8").split("\n\n", 1)[0].splitlines()
    assert header[:2] == ["Title: Editor guide", "Slug: editor-guide"]


def test_example_sheet_passes_the_check_without_warnings(tmp_path):
    example = re.search(r"```yaml\n(.*?)```", body(), re.S).group(1)
    (tmp_path / "example.yaml").write_text(example, encoding="utf-8")
    project = check(str(tmp_path), use_cache=False)
    assert project.problems == []
    assert {kind: len(items) for kind, items in project.by_kind.items()} == {
        "briefing": 1, "actor": 2, "incident": 1, "stake": 1, "source": 2}


def test_no_raw_html_and_only_relative_links():
    prose = re.sub(r"```.*?```", "", body(), flags=re.S)
    prose = re.sub(r"`[^`]*`", "", prose)
    assert not re.search(r"<[A-Za-z!/]", prose)
    links = re.findall(r"\]\(([^)]*)\)", prose)
    assert links and all(link.startswith("../") for link in links), links


def test_teaches_conventions_and_the_whole_workflow():
    text = body()
    for status in ("confirmed", "reported", "claimed", "alleged", "disputed", "denied"):
        assert f"`{status}`" in text
    for words in ("Admiralty", "Naming ids", "briefkit new", "briefkit add", "make check", "make serve",
                  "pre-commit", "pull request", "Merging into `main` publishes"):
        assert words in text, words


def test_guide_is_built_and_linked_from_every_footer(seed_output):
    site = crawl(seed_output)
    assert "editor-guide/" in site
    assert "Naming ids" in site["editor-guide/"].tree.text_content()
    for url in ("", "actors/iran/", "about/", "changes/"):
        footer = site[url].tree.xpath("//footer[@class='site_footer']//a/@href")
        assert any(href.endswith("editor-guide/") for href in footer), url
