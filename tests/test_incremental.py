"""Incremental builds: after any edit, reusing unchanged pages gives exactly the bytes of a clean build."""

from __future__ import annotations

import gc
import re
import subprocess
import sys
from pathlib import Path

import pytest

from briefkit.background import Background
from conftest import ROOT, build_folder, digest_tree


def project_copy(site: Path) -> Path:
    """A copy of the project's settings file, theme/ and content/ (to edit without touching the repository)."""
    import shutil

    site.mkdir()
    for name in ("pelican.conf.py", "theme", "content"):
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(ROOT / name, site / name)
    return site


# name -> (text of the file to edit, the edit). Text-only edits (summaries, claims) must leave the
# listings alone yet update every page that shows the text; head edits (names, titles) reach the listings.
EDITS = {
    "incident summary": ("incidents:", lambda text: re.sub(r"(incidents:\n(?:.*\n)*?    summary: )", r"\1Edited. ", text, count=1)),
    "actor rename": ("actors:", lambda text: re.sub(r"(\n  - id: [a-z0-9-]+\n    name: )", r"\1Renamed ", text, count=1)),
    "briefing summary (shown on the home page)": (
        "briefing:", lambda text: re.sub(r"(briefing:\n(?:.*\n)*?  summary: \|\n    )", r"\1Edited. ", text, count=1)),
    "claim text (shown on the claims pages)": (
        "- text: ", lambda text: re.sub(r"(\n *- text: )", r"\1Edited. ", text, count=1)),
    "actor summary": ("actors:", lambda text: re.sub(r"(\n  - id: [a-z0-9-]+\n(?:    .*\n)*?    summary: )", r"\1Edited. ",
                                                     text, count=1)),
    "incident title": ("incidents:", lambda text: re.sub(r"(incidents:\n  - id: [a-z0-9-]+\n    title: )", r"\1Retitled ",
                                                         text, count=1)),
    "source publisher (in the search documents of what cites it)": (
        "\nsources:", lambda text: re.sub(r"(\nsources:\n  - id: [a-z0-9-]+\n    publisher: )", r"\1Renamed ", text, count=1)),
    # Edits that move entries between feeds or reorder them (feeds are kept when they read nothing that changed).
    "incident date (reorders its actors' feeds)": (
        "incidents:", lambda text: re.sub(r"(\nincidents:\n(?:.*\n)*?    date: )[^\n]+", r"\g<1>1999-01-01", text, count=1)),
    "incident names another actor (leaves one feed, joins another)": ("incidents:", lambda text: _another_actor(text)),
    "briefing drops an incident (leaves its stakes' feeds)": (
        "briefing:", lambda text: re.sub(r"(\n  incidents:\n)    - [^\n]+\n(    - )", r"\1\2", text, count=1)),
}


def _another_actor(text: str) -> str:
    """The first incident's first actor replaced by an actor the sheet names elsewhere and that incident does not."""
    incidents = text.index("\nincidents:\n")
    first = re.search(r"\n  - id: .*\n(?:    .*\n|      .*\n)*", text[incidents:])
    block = text[incidents + first.start(): incidents + first.end()]
    named = re.findall(r"- actor: (\S+)", block)
    other = next(a for a in dict.fromkeys(re.findall(r"- actor: (\S+)", text)) if a not in named)
    changed = block.replace(f"- actor: {named[0]}\n", f"- actor: {other}\n", 1)
    return text.replace(block, changed, 1)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """A small generated corpus (valid, with every kind and plenty of links)."""
    folder = tmp_path_factory.mktemp("corpus") / "briefings"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "gen_corpus.py"), "400", str(folder)], check=True,
                   capture_output=True)
    return folder


def _first_file_with(folder: Path, needle: str) -> Path:
    return next(p for p in sorted(folder.rglob("*.yaml")) if needle in p.read_text(encoding="utf-8"))


SHARDS = {"SEARCH_SHARD_SIZE": "60"}  # about 7 search indexes: an edit re-indexes the one holding its page


def _rebuild_matches_clean(corpus: Path, tmp_path: Path, edit) -> str:
    """Build, apply edit, rebuild incrementally (in place), and compare with a clean build; return the rebuild's log."""
    incremental_out = tmp_path / "site"
    assert build_folder(corpus, incremental_out, BRIEFKIT_CACHE_DIR=str(tmp_path / "cache"), **SHARDS).returncode == 0
    edit(corpus)
    rebuilt = build_folder(corpus, incremental_out, BRIEFKIT_CACHE_DIR=str(tmp_path / "cache"), **SHARDS)
    clean = build_folder(corpus, tmp_path / "clean", BRIEFKIT_CACHE_DIR=str(tmp_path / "cache2"), **SHARDS)
    assert rebuilt.returncode == clean.returncode == 0, rebuilt.stderr + clean.stderr
    assert digest_tree(incremental_out) == digest_tree(tmp_path / "clean")
    return rebuilt.stderr + rebuilt.stdout


def _edit_file(needle: str, change):
    def apply(corpus: Path):
        path = _first_file_with(corpus, needle)
        text = path.read_text(encoding="utf-8")
        changed = change(text)
        assert changed != text
        path.write_text(changed, encoding="utf-8")
    return apply


@pytest.mark.parametrize("name", sorted(EDITS))
def test_edit_then_incremental_rebuild_equals_clean_build(corpus, tmp_path, name):
    import shutil

    copy = tmp_path / "briefings"
    shutil.copytree(corpus, copy)
    needle, change = EDITS[name]
    log = _rebuild_matches_clean(copy, tmp_path, _edit_file(needle, change))
    rendered = int(re.search(r"\((\d+) rendered\)", log).group(1))
    total = int(re.search(r"Built (\d+) pages", log).group(1))
    assert 0 < rendered < total, log  # some pages were reused, and the changed ones were not
    assert "changed ones moved in place" in log, log
    made, indexes = map(int, re.search(r"\((\d+) of (\d+) indexes made\)", log).groups())
    assert indexes > 1 and made < indexes or name == "actor rename", log  # a rename changes the documents naming it
    if name == "incident summary":
        assert made == 1, log


SWAPPED_CLAIMS = """\
sources:
  - {id: s1, publisher: Alpha}
  - {id: s2, publisher: Beta}
incidents:
  - id: inc-a
    title: Incident A
    date: 2021-01-01
    kind: airstrike
    location: {name: Here}
    claims:
      - {text: "Said by [[s1]].", status: reported, sources: [s2]}
      - {text: Confirmed., status: confirmed, sources: [s1]}
    sources: [s2]
  - id: inc-b
    title: Incident B
    date: 2021-01-02
    kind: airstrike
    location: {name: There}
    summary: Reported by [[s1]].
    sources: [s2]
  - id: inc-c
    title: Incident C
    date: 2021-01-03
    kind: airstrike
    location: {name: Elsewhere}
    claims:
      - {text: Confirmed., status: confirmed, sources: [s1]}
    sources: [s2]
"""


# Edits of a corpus where every briefing names `hub` and `st` (conftest.hub_sheets): name -> (sheet, old, new, the
# most pages the rebuild may render). A briefing page showed every other briefing's whole entity as read.
HUB_EDITS = {
    "a briefing's summary (no other briefing page shows it)": ("b007", "summary: Briefing 7", "summary: Edited 7", 4),
    "an old briefing's date (it joins every related list)": ("b010", "date: 2020-11-11", "date: 2023-06-30", None),
    "a briefing's title (shown in the related lists it is in)": ("b012", "title: Briefing 12", "title: Retitled", None),
    "a briefing no longer names hub (it leaves related lists)": ("b012", "  actors:\n    - actor: hub\n", "", None),
    # Only hub's own page shows its summary; every briefing named it in its JSON-LD, description and claims.
    "hub's summary (shown on its page alone)": ("hub", "summary: The hub.", "summary: The edited hub.", 2),
    "hub's name (shown on every briefing page)": ("hub", "name: The Hub", "name: The Renamed Hub", None),
}


@pytest.mark.parametrize("name", sorted(HUB_EDITS))
def test_edits_where_every_briefing_shares_an_actor_equal_clean_builds(tmp_path, name):
    from conftest import hub_sheets

    sheet, old, new, most = HUB_EDITS[name]

    def edit(folder: Path):
        path = folder / f"{sheet}.yaml"
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new), encoding="utf-8")

    log = _rebuild_matches_clean(hub_sheets(tmp_path / "briefings", 40), tmp_path, edit)
    rendered = int(re.search(r"\((\d+) rendered\)", log).group(1))
    assert most is None or rendered <= most, log  # its page, the home page's list, a search shard's documents


# Edits of 40 incidents, each of its own kind (conftest.unique_kind_sheets): name -> (old, new, the most pages the
# rebuild may render). Every value's page read the whole kind: a title edit rendered all 68 filter pages again.
FACET_EDITS = {
    "an incident's title (its own value pages, not every value's)": ("title: Incident 7\n", "title: Retitled 7\n", 25),
    "an incident's kind (it leaves one value, makes another)": ("kind: kind 7\n", "kind: kind 7b\n", 25),
    "an incident joins a value among the 12 shown (every filter bar changes)": ("kind: kind 35\n", "kind: kind 9\n", None),
    "an incident's date (reorders its value pages)": ("date: 2007-08-08\n", "date: 2019-08-08\n", None),
}


@pytest.mark.parametrize("name", sorted(FACET_EDITS))
def test_edits_where_every_incident_has_its_own_kind_equal_clean_builds(tmp_path, name):
    from conftest import unique_kind_sheets

    old, new, most = FACET_EDITS[name]

    def edit(folder: Path):
        path = folder / "incidents-000.yaml"
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1
        path.write_text(text.replace(old, new), encoding="utf-8")

    log = _rebuild_matches_clean(unique_kind_sheets(tmp_path / "briefings", 40), tmp_path, edit)
    rendered = int(re.search(r"\((\d+) rendered\)", log).group(1))
    assert most is None or rendered <= most, log


BIG_EDITS = {  # sheet, old text, new text (big_incident_sheets: an incident, a briefing, a stake naming 40 actors)
    "rename an actor its incident's entry counts": ("actors", "name: Actor a039,", "name: Renamed a039,"),
    "rename an actor its incident's entry names": ("actors", "name: Actor a000,", "name: Renamed a000,"),
    "a late actor's role in the incident": ("big", "{actor: a039, role: target}", "{actor: a039, role: victim}"),
    "a late party's position": ("big", "position: Wants a038.", "position: Wants more."),
    "drop the hub's last relation": ("actors", "      - {type: allied-with, target: a039}\n", ""),
}


@pytest.mark.parametrize("name", sorted(BIG_EDITS))
def test_edits_where_one_incident_names_many_actors_equal_clean_builds(tmp_path, name):
    """Actor pages find their roles, positions and relations in an index of the long lists (views.naming), and
    feeds show the first actors of an incident: edits inside and past what they show equal clean builds."""
    from conftest import big_incident_sheets

    sheet, old, new = BIG_EDITS[name]

    def edit(folder: Path):
        path = folder / f"{sheet}.yaml"
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new), encoding="utf-8")

    _rebuild_matches_clean(big_incident_sheets(tmp_path / "briefings", 40), tmp_path, edit)


def test_a_line_added_above_entities_renders_none_of_them_again(tmp_path):
    """An entity's digest held its line: a comment or a source added near the top of a sheet made every entity below
    it dirty, and an edit build of a large sheet took longer than a clean one (a tester). A line no page shows
    renders nothing; the build still equals a clean one."""
    from conftest import big_incident_sheets

    def edit(folder: Path):
        path = folder / "actors.yaml"
        path.write_text("# The actors of the big incident\n\n" + path.read_text(encoding="utf-8"), encoding="utf-8")

    log = _rebuild_matches_clean(big_incident_sheets(tmp_path / "briefings", 40), tmp_path, edit)
    assert "(0 rendered)" in log, log


def test_reordering_how_an_entity_cites_a_source_equals_a_clean_build(tmp_path):
    """The sources page lists what cites a source in the order the citing entities are defined: swapping an
    incident's claims (a mention of s1 and a citation of s1 trade places) adds and removes no reference."""
    folder = tmp_path / "briefings"
    folder.mkdir()
    sheet = folder / "a.yaml"
    sheet.write_text(SWAPPED_CLAIMS, encoding="utf-8")
    first, second = "      - {text: \"Said by [[s1]].\", status: reported, sources: [s2]}\n", \
        "      - {text: Confirmed., status: confirmed, sources: [s1]}\n"
    swap = lambda folder: sheet.write_text(SWAPPED_CLAIMS.replace(first + second, second + first, 1), encoding="utf-8")
    assert first + second in SWAPPED_CLAIMS
    _rebuild_matches_clean(folder, tmp_path, swap)


MENTIONED = """\
sources:
  - {id: s1, publisher: Alpha}
actors:
  - {id: target, name: Target, kind: state}
incidents:
  - {id: inc-a, title: Incident A, date: 2021-01-01, kind: airstrike, location: {name: Here}, summary: "[[target]].", sources: [s1]}
  - {id: inc-b, title: Incident B, date: 2021-01-02, kind: airstrike, location: {name: There}, summary: "[[target]].", sources: [s1]}
  - {id: inc-c, title: Incident C, date: 2021-01-03, kind: airstrike, location: {name: Near}, summary: "[[target]].", sources: [s1]}
"""


def test_a_date_edit_that_reorders_mentioned_in_equals_a_clean_build(tmp_path):
    """"Mentioned in" runs newest first: moving a mentioning incident's date reorders the mentioned entity's page."""
    folder = tmp_path / "briefings"
    folder.mkdir()
    sheet = folder / "a.yaml"
    sheet.write_text(MENTIONED, encoding="utf-8")
    later = lambda folder: sheet.write_text(MENTIONED.replace("date: 2021-01-01", "date: 2021-01-05"), encoding="utf-8")
    _rebuild_matches_clean(folder, tmp_path, later)  # before: C, B, A
    page = (tmp_path / "site" / "actors" / "target" / "index.html").read_text(encoding="utf-8")
    assert page.index("Incident A") < page.index("Incident C") < page.index("Incident B")


def test_adding_then_removing_a_sheet_equals_clean_builds(corpus, tmp_path):
    import shutil

    copy = tmp_path / "briefings"
    shutil.copytree(corpus, copy)
    actor = re.search(r"- id: ([a-z0-9-]+)\n    name:", sorted((copy / "actors").glob("*.yaml"))[0].read_text()).group(1)
    source = re.search(r"sources:\n  - id: ([a-z0-9-]+)", _first_file_with(copy, "\nsources:\n").read_text()).group(1)
    sheet = copy / "new-incident.yaml"

    def add(folder: Path):
        sheet.write_text(
            "incidents:\n  - id: brand-new-incident\n    title: A new incident\n    date: 2030-01-01\n"
            f"    kind: airstrike\n    location: {{name: Somewhere}}\n    actors: [{{actor: {actor}, role: target}}]\n"
            f"    summary: Mentions [[{actor}]].\n    sources: [{source}]\n", encoding="utf-8")

    _rebuild_matches_clean(copy, tmp_path / "add", add)
    _rebuild_matches_clean(copy, tmp_path / "remove", lambda folder: sheet.unlink())


def test_content_page_edits_reindex_their_search_shard_and_equal_clean_builds(corpus, tmp_path):
    """A content page's search document is compared anew in every build (make_index): editing, adding or removing
    one re-indexes the shard it falls in, while an entity edit reads the keys of only the shards it reaches."""
    import shutil

    from conftest import run_cli

    site = project_copy(tmp_path / "project")
    sheets = tmp_path / "briefings"
    shutil.copytree(corpus, sheets)
    about = next((site / "content" / "pages").glob("*.md"))
    added = site / "content" / "pages" / "added.md"

    def built(output: Path, cache: str) -> str:
        done = run_cli("build", "--briefings", str(sheets), "--output", str(output), "--settings",
                       str(site / "pelican.conf.py"), env={"BRIEFKIT_CACHE_DIR": str(tmp_path / cache), **SHARDS})
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout + done.stderr

    def index_words(output: Path) -> bytes:
        return b"".join(p.read_bytes() for p in sorted((output / "pagefind").rglob("*.pf_fragment")))

    built(tmp_path / "site", "cache")
    for step, change in (("edit", lambda: about.write_text(about.read_text() + "\nZanzibarword.\n")),
                         ("add", lambda: added.write_text("Title: Added\nSlug: added\n\nQuixoticword.\n")),
                         ("remove", added.unlink)):
        change()
        log = built(tmp_path / "site", "cache")
        made = int(re.search(r"\((\d+) of \d+ indexes made\)", log).group(1))
        assert made >= 1, (step, log)
        clean = tmp_path / f"clean-{step}"
        built(clean, f"cache-{step}")
        assert digest_tree(tmp_path / "site") == digest_tree(clean), step


def test_an_entity_edit_reads_the_search_keys_of_only_the_shards_it_reaches(corpus, tmp_path, monkeypatch):
    """make_index after an incident edit: the content pages' keys, and the entity documents' of the edited shard."""
    import shutil

    from briefkit import search
    from briefkit.build import build

    monkeypatch.setenv("BRIEFKIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("SEARCH_SHARD_SIZE", SHARDS["SEARCH_SHARD_SIZE"])
    sheets, out = tmp_path / "briefings", tmp_path / "site"
    shutil.copytree(corpus, sheets)
    assert build(str(sheets), str(out)).ok
    noted, keys = tmp_path / "keys-read", search.Documents.keys

    def noting(self, paths):  # runs in the search process (forked): the paths go through a file
        with open(noted, "a", encoding="utf-8") as handle:
            handle.write("".join(f"{path}\n" for path in paths))
        return keys(self, paths)

    monkeypatch.setattr(search.Documents, "keys", noting)
    sheet = _first_file_with(sheets, "incidents:")
    sheet.write_text(EDITS["incident summary"][1](sheet.read_text(encoding="utf-8")), encoding="utf-8")
    assert build(str(sheets), str(out)).ok
    read = noted.read_text(encoding="utf-8").split()
    pages = [path for path in read if not path.startswith(("incidents/", "actors/", "briefings/", "stakes/"))]
    entities = len(read) - len(pages)
    assert pages and 0 < entities <= 2 * int(SHARDS["SEARCH_SHARD_SIZE"]), (len(pages), entities)


def test_no_op_rebuild_renders_nothing(corpus, tmp_path):
    out = tmp_path / "site"
    env = {"BRIEFKIT_CACHE_DIR": str(tmp_path / "cache")}
    assert build_folder(corpus, out, **env).returncode == 0
    before = digest_tree(out)
    again = build_folder(corpus, out, **env)
    assert again.returncode == 0
    assert "(0 rendered)" in again.stderr + again.stdout or "up to date" in (again.stderr + again.stdout).lower()
    assert digest_tree(out) == before


def test_an_edit_build_leaves_the_theme_files_and_copies_back_a_missing_one(corpus, tmp_path, monkeypatch):
    """The theme is part of an in-place build's version: its static files are left as published, not
    copied into staging again; with one missing, Pelican copies them as ever."""
    import shutil

    import pelican.generators
    from briefkit.build import build
    from briefkit.plugin import theme_static_files
    from pelican.settings import read_settings

    copies = []
    monkeypatch.setattr(pelican.generators, "copy", lambda *args: copies.append(args) or pelican.utils.copy(*args))
    monkeypatch.setenv("BRIEFKIT_CACHE_DIR", str(tmp_path / "cache"))
    sheets, out = tmp_path / "briefings", tmp_path / "site"
    shutil.copytree(corpus, sheets)
    assert build(str(sheets), str(out)).ok and copies  # a clean build: Pelican copies the theme
    settings = read_settings(str(ROOT / "pelican.conf.py"))
    files = theme_static_files(settings["THEME"], settings)
    assert len(files) > 10 and all((out / path).is_file() for path in files)  # where Pelican copied them
    sheet = _first_file_with(sheets, "incidents:")
    copies.clear()
    sheet.write_text(EDITS["incident summary"][1](sheet.read_text(encoding="utf-8")), encoding="utf-8")
    assert build(str(sheets), str(out)).ok and not copies
    assert all((out / path).is_file() for path in files)
    (out / files[0]).unlink()
    sheet.write_text(sheet.read_text(encoding="utf-8").replace("Edited. ", "Edited again. ", 1), encoding="utf-8")
    assert build(str(sheets), str(out)).ok and copies
    assert build(str(sheets), str(tmp_path / "clean")).ok and digest_tree(out) == digest_tree(tmp_path / "clean")


def test_an_edit_build_finds_missing_files_beside_the_check_and_makes_them_again(corpus, tmp_path, monkeypatch):
    """build.py looks up the last build's files in a child beside the check (incremental.missing_files): the
    plugin stats none of its pages itself, and a page or a search index file deleted from the output is made
    again (the index of a shard the edit does not reach, too)."""
    import shutil

    from briefkit import incremental
    from briefkit.build import build

    monkeypatch.setenv("BRIEFKIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("SEARCH_SHARD_SIZE", SHARDS["SEARCH_SHARD_SIZE"])
    sheets, out = tmp_path / "briefings", tmp_path / "site"
    shutil.copytree(corpus, sheets)
    assert build(str(sheets), str(out)).ok
    looked_up, present = [], incremental.present
    monkeypatch.setattr(incremental, "present", lambda output, page: looked_up.append(page) or present(output, page))
    deleted = next(out.glob("actors/*/index.html"))
    deleted.unlink()
    fragments = [min(folder.glob("*.pf_fragment")) for folder in sorted(out.glob("pagefind/**/fragment"))]
    assert len(fragments) > 2  # one from each shard: the edit below reaches one of them
    for fragment in fragments:
        fragment.unlink()
    sheet = _first_file_with(sheets, "incidents:")
    sheet.write_text(EDITS["incident summary"][1](sheet.read_text(encoding="utf-8")), encoding="utf-8")
    rebuilt = build(str(sheets), str(out))
    assert rebuilt.ok and deleted.is_file() and all(fragment.is_file() for fragment in fragments)
    assert not [page for page in looked_up if page.endswith("index.html")], looked_up[:5]  # theme files only
    assert build(str(sheets), str(tmp_path / "clean")).ok and digest_tree(out) == digest_tree(tmp_path / "clean")


def test_downloads_an_edit_leaves_as_they_were_are_kept_not_published_again(corpus, tmp_path, monkeypatch):
    """The feeds-and-downloads process compares each download with the last build's file: an equal one is kept
    where it is (publish.in_place then compares nothing); a changed one is published."""
    import shutil

    from briefkit import publish
    from briefkit.build import build

    monkeypatch.setenv("BRIEFKIT_CACHE_DIR", str(tmp_path / "cache"))
    sheets, out = tmp_path / "briefings", tmp_path / "site"
    shutil.copytree(corpus, sheets)
    assert build(str(sheets), str(out)).ok
    compared, same_file = [], publish.same_file
    monkeypatch.setattr(publish, "same_file", lambda path, other: compared.append(other) or same_file(path, other))
    before = {path.name: path.stat().st_ino for path in (out / "data").iterdir()}
    sheet = _first_file_with(sheets, "actors:")
    sheet.write_text(EDITS["actor summary"][1](sheet.read_text(encoding="utf-8")), encoding="utf-8")
    assert build(str(sheets), str(out)).ok
    assert not [path for path in compared if "/data/" in path], compared
    assert {path.name: path.stat().st_ino for path in (out / "data").iterdir()} == before  # the very files
    sheet = _first_file_with(sheets, "incidents:")
    sheet.write_text(EDITS["incident title"][1](sheet.read_text(encoding="utf-8")), encoding="utf-8")
    assert build(str(sheets), str(out)).ok
    assert (out / "data" / "incidents.csv").stat().st_ino != before["incidents.csv"]  # changed: published anew
    assert build(str(sheets), str(tmp_path / "clean")).ok and digest_tree(out) == digest_tree(tmp_path / "clean")


def test_a_presence_lookup_that_fails_leaves_each_page_to_be_looked_up():
    """incremental.Presence: a background lookup that died gives no answer (None), not the build a traceback."""
    import os

    from briefkit import incremental

    manifest = incremental.Manifest(pages={"a/index.html": []})
    died = incremental.Presence(manifest, Background(lambda: os._exit(3)))
    assert died.missing(manifest) is None
    failed = incremental.Presence(manifest, Background(lambda: 1 / 0))
    assert failed.missing(manifest) is None
    found = incremental.Presence(manifest, Background(lambda: frozenset({"a/index.html"})))
    assert found.missing(incremental.Manifest()) is None  # another manifest: not the one looked up
    assert found.missing(manifest).files == {"a/index.html"}


def test_text_edits_leave_listings_clean_and_head_edits_do_not():
    from briefkit import incremental

    entry = incremental.entity_entry  # (kind, digest, referred ids, head, claims, links)
    table = {"x": entry("incident", "d1", ["a"], "h1", "c1", "l1"), "a": entry("actor", "d2", [], "h2", "c2", "l2")}
    summary = {**table, "x": entry("incident", "d1b", ["a"], "h1", "c1", "l1")}
    assert incremental.dirty_tokens(table, summary) == {"x"}  # its own page, and pages that show its text
    claims = {**table, "x": entry("incident", "d1b", ["a"], "h1", "c1b", "l1")}
    assert incremental.dirty_tokens(table, claims) == {"x", "~x"}
    head = {**table, "x": entry("incident", "d1b", ["a"], "h1b", "c1", "l1")}
    assert incremental.dirty_tokens(table, head) == {"x", "^x", "kind:incident"}
    relinked = {**table, "x": entry("incident", "d1b", ["a"], "h1", "c1", "l1b")}  # e.g. `a` moved from actors to mentions
    assert incremental.dirty_tokens(table, relinked) == {"x", "@a"}
    gone = {"a": table["a"]}
    assert incremental.dirty_tokens(table, gone) == {"x", "^x", "~x", "kind:incident", "@a"}


def test_a_manifest_written_again_has_the_bytes_of_one_written_afresh(tmp_path):
    from dataclasses import replace

    from briefkit import incremental

    def written(manifest, name: str) -> bytes:
        (tmp_path / name).mkdir()
        incremental.write_manifest(str(tmp_path / name), manifest)
        return (tmp_path / name / incremental.MANIFEST_NAME).read_bytes()

    pages = {"b/index.html": ["^a", "x"], "a/index.html": ["kind:actor", "x"], "c/index.html": []}
    first = incremental.Manifest(version="v", pages=pages,
                                 entities={"a": incremental.entity_entry("actor", "d", ["", "x"], "h", "c", "l")})
    original = written(first, "first")
    read = incremental.read_manifest(str(tmp_path / "first"))
    assert read.pages == pages and read.entities == first.entities
    assert written(replace(read, pages=dict(read.pages)), "kept") == original  # the numbering read, reused
    (tmp_path / "prepared").mkdir()  # the bulk made first (a build, while its extras finish), the rest after
    incremental.write_manifest(str(tmp_path / "prepared"), first, incremental.prepare_manifest(first))
    assert (tmp_path / "prepared" / incremental.MANIFEST_NAME).read_bytes() == original
    for changed in ({**read.pages, "a/index.html": ["kind:actor", "y"]},  # a page read another token
                    {page: tokens for page, tokens in read.pages.items() if page != "a/index.html"}):  # a page gone
        fresh = {page: list(tokens) for page, tokens in changed.items()}
        assert written(replace(read, pages=changed), f"changed{len(changed)}") == written(
            replace(first, pages=fresh), f"fresh{len(changed)}")


def test_serve_publishes_pages_first_then_extras_and_ends_equal_to_clean(corpus, tmp_path, monkeypatch):
    """make serve's rebuild: the edited pages go out with the last search index, feeds and downloads; then those."""
    import shutil

    from briefkit.build import build, finish_extras

    copy = tmp_path / "briefings"
    shutil.copytree(corpus, copy)
    for name, value in {**SHARDS, "BRIEFKIT_CACHE_DIR": str(tmp_path / "cache")}.items():
        monkeypatch.setenv(name, value)
    site = tmp_path / "site"
    assert build(str(copy), str(site), defer_extras=True).ok  # a first build has no extras to defer
    before = digest_tree(site)
    _edit_file(*EDITS["incident summary"])(copy)
    result = build(str(copy), str(site), defer_extras=True)
    assert result.ok and result.later is not None
    pages_first = digest_tree(site)
    changed = {path for path in before.keys() | pages_first.keys() if before.get(path) != pages_first.get(path)}
    assert any(path.startswith("incidents/") for path in changed), changed
    assert not any(path.startswith(("pagefind/", "feeds/")) or path.endswith((".csv", ".geojson")) for path in changed)
    assert ".briefkit-manifest" not in pages_first  # written with the extras: a serve killed here rebuilds clean
    indexed, made, indexes = finish_extras(result)
    assert result.later is None and indexed > 0 and made == 1 < indexes
    clean = build(str(copy), str(tmp_path / "clean"))
    assert clean.ok and digest_tree(site) == digest_tree(tmp_path / "clean")


def test_serve_rebuilds_with_one_memo_each_equal_a_clean_build(corpus, tmp_path, monkeypatch):
    """make serve's loop: one process and one pipeline.Memo, so unchanged files give the same objects again
    (and what is kept between builds, such as the clean page plan and the index, is reused). After each
    edit (text, a name, a role, moved lines: the index is updated in place), after a new sheet that moves
    every later entity's place, after an error and its fix, and after the sheet's removal, the site
    equals a clean build."""
    import shutil

    from briefkit import pipeline
    from briefkit.build import build, finish_extras
    from briefkit.index import index_all
    from briefkit.pipeline import Memo

    copy = tmp_path / "briefings"
    shutil.copytree(corpus, copy)
    for name, value in {**SHARDS, "BRIEFKIT_CACHE_DIR": str(tmp_path / "cache")}.items():
        monkeypatch.setenv(name, value)
    early = copy / "0-early.yaml"  # read first (sorted paths): every other entity changes place
    model = sorted(copy.rglob("*.yaml"))[0].read_text(encoding="utf-8").replace("- id: ", "- id: early-")
    roles = _first_file_with(copy, "role: other")
    # name -> (edit, whether the last index is updated in place: ids and references unchanged)
    steps = {"incident summary": (_edit_file(*EDITS["incident summary"]), True),
             "a sheet read first": (lambda folder: early.write_text(model, encoding="utf-8"), False),
             "actor rename": (_edit_file(*EDITS["actor rename"]), True),
             "a role changed": (lambda folder: roles.write_text(
                 roles.read_text(encoding="utf-8").replace("role: other", "role: responder", 1), encoding="utf-8"), True),
             "every line moved": (lambda folder: roles.write_text("# moved\n" + roles.read_text(encoding="utf-8"),
                                                                  encoding="utf-8"), True),
             "an unknown id": (lambda folder: roles.write_text(
                 roles.read_text(encoding="utf-8").replace("[[", "[[no-such-", 1), encoding="utf-8"), False),
             "that sheet removed": (lambda folder: early.unlink(), False)}
    whole = []
    monkeypatch.setattr(pipeline, "index_all", lambda results: whole.append(1) or index_all(results))
    site, memo = tmp_path / "site", Memo()
    assert build(str(copy), str(site), defer_extras=True, memo=memo).ok
    for number, (name, (step, updated)) in enumerate(steps.items()):
        step(copy)
        whole.clear()
        before = digest_tree(site)
        result = build(str(copy), str(site), defer_extras=True, memo=memo)
        assert bool(whole) != updated, name
        if name == "an unknown id":
            assert not result.ok and digest_tree(site) == before  # nothing published
            roles.write_text(roles.read_text(encoding="utf-8").replace("[[no-such-", "[[", 1), encoding="utf-8")
            result = build(str(copy), str(site), defer_extras=True, memo=memo)
        assert result.ok, (name, [p.message for p in result.problems if p.is_error])
        if result.later is not None:
            finish_extras(result)
        clean = tmp_path / f"clean{number}"
        assert build(str(copy), str(clean)).ok
        assert digest_tree(site) == digest_tree(clean), name


def test_rebuilds_in_one_process_do_not_keep_old_projects(tmp_path, monkeypatch):
    """make serve rebuilds in one process: a finished build's project must be freed (Pelican's memoized pages
    keep their settings and context for good, so the project must not stay in them)."""
    import gc
    import shutil
    import weakref

    from briefkit.build import build, finish_extras
    from conftest import SEED

    copy = tmp_path / "briefings"
    shutil.copytree(SEED, copy)
    monkeypatch.setenv("BRIEFKIT_CACHE_DIR", str(tmp_path / "cache"))
    first = build(str(copy), str(tmp_path / "site"), defer_extras=True)
    assert first.ok
    gone = weakref.ref(first.project)
    del first
    _edit_file(*EDITS["incident summary"])(copy)
    second = build(str(copy), str(tmp_path / "site"), defer_extras=True)
    assert second.ok and second.later is not None
    finish_extras(second)
    gc.collect()
    assert gone() is None


def test_a_long_run_of_rebuilds_keeps_a_bounded_number_of_manifests_and_pages(tmp_path, monkeypatch):
    """Pelican's memoized page methods kept every build's Pages, their settings and, through the Presence those held,
    each build's manifest, page plan and search digests: a long `make serve` grew by megabytes per edit (a tester).
    After many rebuilds, only the last builds' manifests (the one remembered, a few read) and pages remain."""
    import gc
    import shutil

    from pelican.contents import Page

    from briefkit.incremental import Manifest
    from briefkit.serve import Rebuilder
    from conftest import SEED

    copy = tmp_path / "briefings"
    shutil.copytree(SEED, copy)
    monkeypatch.setenv("BRIEFKIT_CACHE_DIR", str(tmp_path / "cache"))
    said = []
    rebuild = Rebuilder(str(copy), str(tmp_path / "site"), str(ROOT / "pelican.conf.py"), echo=lambda *a, **k: said.append(a[0]),
                        report=lambda *a, **k: None)
    sheet = next(copy.glob("*.yaml"))
    text = sheet.read_text(encoding="utf-8")
    for n in range(8):
        sheet.write_text(re.sub(r"(incidents:\n(?:.*\n)*?    summary: )", rf"\1Edit {n}. ", text, count=1), encoding="utf-8")
        rebuild()
    assert sum(line.startswith("Built ") for line in said) == 8, said
    gc.collect()
    manifests = sum(isinstance(o, Manifest) for o in gc.get_objects())
    pages = sum(isinstance(o, Page) for o in gc.get_objects())
    assert manifests <= 5 and pages <= 2 * len(list((ROOT / "content" / "pages").glob("*.md"))), (manifests, pages)


def test_a_yielding_child_runs_at_a_lower_priority_than_its_parent():
    """Background(yielding=n): the open-data process yields the processors to the search index and the rendering."""
    import os

    mine = os.nice(0)
    assert Background(lambda: os.nice(0), yielding=5).result() == min(19, mine + 5)
    assert Background(lambda: os.nice(0)).result() == mine


def test_a_forked_child_collects_its_own_garbage_when_the_parent_does_not():
    """A one-shot build turns the collector off (cli.py); its background children turn theirs on,
    with the heap they share frozen out of its sight."""
    gc.disable()
    try:
        job = Background(lambda: (gc.isenabled(), gc.get_freeze_count() > 0))
        assert job.result() == (True, True)
    finally:
        gc.enable()


def test_serve_reads_again_only_the_sheets_whose_status_changed(tmp_path, monkeypatch):
    """pipeline.inventory with a memo: an unchanged file keeps its key unread; an edited one is read again,
    and so is one changed in the last seconds (file times may be coarse) until it has settled."""
    import os

    from briefkit import load as loading
    from briefkit import pipeline

    sheets = tmp_path / "briefings"
    sheets.mkdir()
    for name in ("a", "b"):
        (sheets / f"{name}.yaml").write_text(f"actors:\n  - id: {name}\n    name: {name.upper()}\n    kind: person\n")
    reads = []
    real_read = loading.read_bytes
    monkeypatch.setattr(loading, "read_bytes", lambda path: reads.append(os.path.basename(path)) or real_read(path))
    monkeypatch.setattr(pipeline, "_RACY_NS", 0)  # every status settled at once
    memo = pipeline.Memo()
    first = pipeline.inventory(str(sheets), memo)
    assert sorted(reads) == ["a.yaml", "b.yaml"]
    reads.clear()
    assert pipeline.inventory(str(sheets), memo).keys == first.keys and reads == []
    (sheets / "a.yaml").write_text((sheets / "a.yaml").read_text().replace("name: A", "name: Z"))  # same size
    # A file system with coarse timestamps (most kernels before 6.13) may give the edit the same mtime as the first
    # write, which only _RACY_NS (off here) guards against: the test moves the mtime on itself.
    status = os.stat(sheets / "a.yaml")
    os.utime(sheets / "a.yaml", ns=(status.st_atime_ns, status.st_mtime_ns - 10**9))  # back: settled, and new
    edited = pipeline.inventory(str(sheets), memo)
    assert reads == ["a.yaml"] and edited.keys[0] != first.keys[0] and edited.keys[1] == first.keys[1]
    assert edited.keys == pipeline.inventory(str(sheets)).keys  # the keys a build without a memo finds
    monkeypatch.setattr(pipeline, "_RACY_NS", 10**12)  # now nothing written lately counts as settled
    (sheets / "b.yaml").write_text((sheets / "b.yaml").read_text().replace("name: B", "name: Y"))
    reads.clear()
    pipeline.inventory(str(sheets), memo)
    pipeline.inventory(str(sheets), memo)
    assert reads == ["b.yaml", "b.yaml"]  # not trusted while it may hide a second write


def test_serve_started_on_an_up_to_date_site_checks_before_the_first_edit(corpus, tmp_path, monkeypatch):
    """An up-to-date first build checks nothing; pipeline.warm (make serve, before it watches) fills the memo,
    so the first edit parses one sheet and updates the index in place, like every later edit."""
    import shutil

    from briefkit import pipeline
    from briefkit.build import build
    from briefkit.index import index_all

    sheets, site = tmp_path / "briefings", tmp_path / "site"
    shutil.copytree(corpus, sheets)
    monkeypatch.setenv("BRIEFKIT_CACHE_DIR", str(tmp_path / "cache"))
    assert build(str(sheets), str(site)).ok
    memo = pipeline.Memo()
    first = build(str(sheets), str(site), defer_extras=True, memo=memo)
    assert first.up_to_date and not memo.results and memo.indexed is None
    pipeline.warm(str(sheets), memo)
    assert len(memo.results) == len(list(sheets.rglob("*.yaml"))) and memo.indexed is not None
    whole = []
    monkeypatch.setattr(pipeline, "index_all", lambda results: whole.append(1) or index_all(results))
    _edit_file(*EDITS["incident summary"])(sheets)
    edited = build(str(sheets), str(site), defer_extras=True, memo=memo)
    assert edited.ok and not whole
    assert "(1 parsed)" in edited.timings.summary()


@pytest.mark.parametrize("name", sorted(EDITS))
def test_search_documents_an_edit_changes_are_among_those_its_dirty_tokens_name(corpus, tmp_path, name):
    """Documents.changed: the search shards whose documents it does not name keep their digests unread (search.py)."""
    import shutil

    from briefkit import incremental, search
    from briefkit.pipeline import check

    copy = tmp_path / "briefings"
    shutil.copytree(corpus, copy)
    before = check(str(copy), use_cache=False)
    _edit_file(*EDITS[name])(copy)
    after = check(str(copy), use_cache=False)
    old, new = search.Documents(before, {}, "en"), search.Documents(after, {}, "en")
    old_keys, new_keys = old.keys(old.paths), new.keys(new.paths)
    differ = {path for path in old_keys.keys() | new_keys.keys() if old_keys.get(path) != new_keys.get(path)}
    dirty = incremental.dirty_tokens(incremental.entity_table(before), incremental.entity_table(after))
    named = new.changed(dirty, incremental.entity_table(before))
    assert differ and differ <= named, sorted(differ - named)
    assert len(named) < len(new.paths) / 4  # and few others: the rest of the site keeps its shards unread
    assert named <= set(old.paths) | set(new.paths)  # pages that are or were: a path of no page names a shard for nothing


@pytest.mark.parametrize("files", [1, 40])  # checked here, and in worker processes
def test_a_sheet_saved_while_it_is_checked_is_parsed_as_it_was_keyed(tmp_path, monkeypatch, files):
    """The inventory keys a sheet by the bytes it read; validation used to read the file again, so a save in between
    cached one version's entities under the other's key, and every later build published them (found by a tester)."""
    from briefkit import cache, pipeline

    monkeypatch.setenv("BRIEFKIT_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "briefings"
    folder.mkdir()
    sheet = "sources:\n  - {{id: s{n}, publisher: {name}}}\n"
    for n in range(files):
        (folder / f"s{n}.yaml").write_text(sheet.format(n=n, name="Before"), encoding="utf-8")
    found = pipeline.inventory(str(folder))
    for n in range(files):  # an editor saves while the build runs
        (folder / f"s{n}.yaml").write_text(sheet.format(n=n, name="After"), encoding="utf-8")
    project = pipeline.check(str(folder), found=found, jobs=2)
    assert {e.data["publisher"] for e in project.entities.values()} == {"Before"}
    for n in range(files):  # the sheets back as they were keyed: the cache must answer with what they say
        (folder / f"s{n}.yaml").write_text(sheet.format(n=n, name="Before"), encoding="utf-8")
    cached = {cache.decode(blob).entities[0].data["publisher"] for blob in cache.read_blobs(str(folder)).values()}
    assert cached == {"Before"}
    again = pipeline.check(str(folder))
    assert {e.data["publisher"] for e in again.entities.values()} == {"Before"}


def test_a_content_page_saved_during_a_build_is_not_taken_for_up_to_date_later(tmp_path, monkeypatch):
    """The build fingerprints content/ before it starts and Pelican reads the pages later: a page saved in between was
    published as its new version under the old version's fingerprint, so once set back the site stayed stale, "up to
    date" (found by a tester). Now the manifest then records no fingerprint, and the next build does its work."""
    from briefkit import incremental
    from briefkit.build import build
    from conftest import SEED

    monkeypatch.setenv("BRIEFKIT_CACHE_DIR", str(tmp_path / "cache"))
    site = project_copy(tmp_path / "project")
    about = site / "content" / "pages" / "about.md"
    as_fingerprinted = about.read_text(encoding="utf-8")
    settings, output = str(site / "pelican.conf.py"), str(tmp_path / "site")
    assert build(str(SEED), output, settings).ok
    fingerprint = incremental.input_fingerprint

    def saved_meanwhile(*args, **kwargs):  # the editor saves just after the build fingerprinted its inputs
        digest = fingerprint(*args, **kwargs)
        about.write_text(as_fingerprinted.replace("Title: About", "Title: Saved meanwhile"), encoding="utf-8")
        return digest

    about.write_text(as_fingerprinted + "\nAn edit.\n", encoding="utf-8")
    monkeypatch.setattr(incremental, "input_fingerprint", saved_meanwhile)
    assert build(str(SEED), output, settings).ok
    monkeypatch.setattr(incremental, "input_fingerprint", fingerprint)
    about.write_text(as_fingerprinted + "\nAn edit.\n", encoding="utf-8")  # back to what was fingerprinted
    again = build(str(SEED), output, settings)
    assert again.ok and not again.up_to_date
    assert "Saved meanwhile" not in (tmp_path / "site" / "about" / "index.html").read_text(encoding="utf-8")


def test_a_template_saved_during_a_build_is_rendered_again_by_the_next(tmp_path, monkeypatch):
    """The build fingerprints the theme when it begins and Jinja reads the templates later: when the fingerprint saw a
    version the pages were not rendered with (base.html briefly saved, then undone), the next build, with that version
    saved for good, reused every page (found by a tester). Now the build fingerprints the theme again at its end."""
    import pathlib
    import sys

    from briefkit.build import build
    from conftest import SEED

    monkeypatch.setenv("BRIEFKIT_CACHE_DIR", str(tmp_path / "cache"))
    site = project_copy(tmp_path / "project")
    base = site / "theme" / "templates" / "base.html"
    version_a = base.read_text(encoding="utf-8").replace("</footer>", "FOOTER-A</footer>")
    version_b = version_a.replace("FOOTER-A", "FOOTER-B")
    base.write_text(version_a, encoding="utf-8")
    settings, output = str(site / "pelican.conf.py"), tmp_path / "site"
    assert build(str(SEED), str(output), settings).ok
    read_bytes, seen = pathlib.Path.read_bytes, []

    def fingerprinted_while_b(path):  # the theme's fingerprint, when the build begins, sees B on disk
        if path.name == "base.html" and sys._getframe(1).f_code.co_name in ("version", "code_and_theme") and not seen:
            seen.append(path)
            return version_b.encode("utf-8")
        return read_bytes(path)

    monkeypatch.setattr(pathlib.Path, "read_bytes", fingerprinted_while_b)
    (site / "content" / "pages" / "about.md").write_text("Title: About\n\nChanged.\n", encoding="utf-8")
    assert build(str(SEED), str(output), settings).ok and seen
    monkeypatch.setattr(pathlib.Path, "read_bytes", read_bytes)
    base.write_text(version_b, encoding="utf-8")  # now saved for good
    assert build(str(SEED), str(output), settings).ok
    pages = [p for p in output.rglob("index.html") if "FOOTER-" in p.read_text(encoding="utf-8")]
    assert pages and all("FOOTER-B" in p.read_text(encoding="utf-8") for p in pages)


def test_a_static_file_removed_from_content_leaves_the_site(corpus, tmp_path):
    """STATIC_PATHS: Pelican copies the content's files after our pages, and the manifest did not list them, so a file
    removed from content/ (an image taken down) stayed published by every in-place build."""
    import shutil

    from conftest import run_cli

    site = project_copy(tmp_path / "project")
    settings = site / "pelican.conf.py"
    settings.write_text(settings.read_text(encoding="utf-8").replace("STATIC_PATHS = []", 'STATIC_PATHS = ["images"]'),
                        encoding="utf-8")
    images = site / "content" / "images"
    (images / "sub").mkdir(parents=True)
    (images / "a.txt").write_text("one\n")
    (images / "sub" / "b.txt").write_text("two\n")
    sheets = tmp_path / "briefings"
    shutil.copytree(corpus, sheets)

    def built(output: Path, cache: str) -> None:
        done = run_cli("build", "--briefings", str(sheets), "--output", str(output), "--settings", str(settings),
                       env={"BRIEFKIT_CACHE_DIR": str(tmp_path / cache)})
        assert done.returncode == 0, done.stdout + done.stderr

    built(tmp_path / "site", "cache")
    assert (tmp_path / "site" / "images" / "sub" / "b.txt").read_text() == "two\n"
    (images / "a.txt").unlink()
    shutil.rmtree(images / "sub")
    (images / "c.txt").write_text("three\n")
    built(tmp_path / "site", "cache")
    built(tmp_path / "clean", "other-cache")
    assert digest_tree(tmp_path / "site") == digest_tree(tmp_path / "clean")
    assert sorted(p.name for p in (tmp_path / "site" / "images").rglob("*")) == ["c.txt"]


def test_what_the_settings_set_is_part_of_an_unchanged_site(corpus, tmp_path):
    """A build is "up to date" only when the settings' values are the same: read from the environment however the file
    reads it (os.getenv), from a module beside it, and with the theme it names (THEME = "mytheme"), which were missed."""
    import shutil

    from conftest import run_cli

    site = project_copy(tmp_path / "project")
    shutil.move(site / "theme", site / "mytheme")
    settings = site / "pelican.conf.py"
    text = settings.read_text(encoding="utf-8").replace('THEME = "theme"', 'THEME = "mytheme"')
    text = text.replace('SITENAME = "Conflict Briefings"', 'SITENAME = os.getenv("MY_SITENAME", "Conflict Briefings")')
    settings.write_text(text + "from local_settings import *  # noqa: E402,F403\n", encoding="utf-8")
    (site / "local_settings.py").write_text('AUTHOR = "The desk"\n', encoding="utf-8")
    sheets = tmp_path / "briefings"
    shutil.copytree(corpus, sheets)

    def built(output: Path, cache: str, **env) -> str:
        done = run_cli("build", "--briefings", str(sheets), "--output", str(output), "--settings", str(settings),
                       cwd=site, env={"BRIEFKIT_CACHE_DIR": str(tmp_path / cache), **env})  # as make: beside it
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    built(tmp_path / "site", "cache")
    assert built(tmp_path / "site", "cache").startswith("Up to date")
    footer = site / "mytheme" / "templates" / "base.html"
    for step, change, env in (
            ("environment", lambda: None, {"MY_SITENAME": "Other Briefings"}),
            ("module beside", lambda: (site / "local_settings.py").write_text('AUTHOR = "Another desk"\n'), {}),
            ("theme named", lambda: footer.write_text(footer.read_text().replace("</footer>", "<p>Edited</p></footer>")), {})):
        change()
        assert not built(tmp_path / "site", "cache", **env).startswith("Up to date"), step
        built(tmp_path / f"clean-{step}", f"cache-{step}", **env)
        assert digest_tree(tmp_path / "site") == digest_tree(tmp_path / f"clean-{step}"), step


def test_another_version_of_a_library_invalidates_the_caches_and_the_fingerprint(monkeypatch, tmp_path):
    """An upgrade (requirements.lock) changes what parsing and rendering make: the parse cache's key, the no-op
    fingerprint and the build's version all include the installed distributions (cache.libraries)."""
    from briefkit import cache, incremental

    (tmp_path / "pelican.conf.py").write_text('SITENAME = "x"\n')
    keys, settings = ["a"], str(tmp_path / "pelican.conf.py")
    assert "markdown_it_py-" in cache.libraries() and "pyyaml-" in cache.libraries().lower()
    before = (cache.code_version(), incremental.input_fingerprint(str(tmp_path), keys, settings),
              incremental.version({}, str(tmp_path), files="f"))
    monkeypatch.setattr(cache, "libraries", lambda: "markdown_it_py-9.9.9.dist-info")
    cache.code_version.cache_clear()
    try:
        after = (cache.code_version(), incremental.input_fingerprint(str(tmp_path), keys, settings),
                 incremental.version({}, str(tmp_path), files="f"))
    finally:
        cache.code_version.cache_clear()
    assert [a != b for a, b in zip(before, after)] == [True, True, True]


def test_pagefind_reads_no_configuration_of_the_machine_or_the_working_folder(tmp_path):
    """PAGEFIND_* variables and a pagefind.yml where the build runs are in no fingerprint: Pagefind runs without them,
    so two clean builds are the same wherever they run (a tester's pagefind.yml made German fragments)."""
    from conftest import SEED, SETTINGS, run_cli

    odd = tmp_path / "elsewhere"
    odd.mkdir()
    (odd / "pagefind.yml").write_text('force_language: "de"\n')

    def built(output: Path, cwd: Path, **env) -> dict:
        done = run_cli("build", "--briefings", str(SEED), "--output", str(output), "--settings", str(SETTINGS),
                       cwd=cwd, env={"BRIEFKIT_CACHE_DIR": str(tmp_path / f"cache-{output.name}"), **env})
        assert done.returncode == 0, done.stdout + done.stderr
        return digest_tree(output)

    plain = built(tmp_path / "plain", ROOT)
    assert any(path.startswith("pagefind/wasm.en") for path in plain)
    odd_site = built(tmp_path / "odd", odd, PAGEFIND_FORCE_LANGUAGE="fr")
    # The manifest (never published) names the sheets as the command does: relative to the folder it runs in when
    # they lie in it (ROOT), else by their whole path (from `odd`). Every published file is the same.
    assert {path: digest for path, digest in odd_site.items() if path != ".briefkit-manifest"} == \
        {path: digest for path, digest in plain.items() if path != ".briefkit-manifest"}


def test_a_theme_folder_reached_through_a_link_is_part_of_the_fingerprint(corpus, tmp_path):
    """theme/templates a link to shared templates (Jinja and Pelican follow it): an edit there was in neither the
    no-op fingerprint nor the version (Path.rglob does not enter linked folders), and the site stayed as it was."""
    import shutil

    from conftest import run_cli

    site = project_copy(tmp_path / "project")
    shutil.move(site / "theme" / "templates", tmp_path / "shared-templates")
    (site / "theme" / "templates").symlink_to(tmp_path / "shared-templates", target_is_directory=True)
    sheets = tmp_path / "briefings"
    shutil.copytree(corpus, sheets)

    def built(output: Path, cache: str) -> str:
        done = run_cli("build", "--briefings", str(sheets), "--output", str(output), "--settings",
                       str(site / "pelican.conf.py"), env={"BRIEFKIT_CACHE_DIR": str(tmp_path / cache)})
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    built(tmp_path / "site", "cache")
    base = tmp_path / "shared-templates" / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("</footer>", "<p>Edited</p></footer>"), encoding="utf-8")
    assert not built(tmp_path / "site", "cache").startswith("Up to date")
    built(tmp_path / "clean", "other-cache")
    assert digest_tree(tmp_path / "site") == digest_tree(tmp_path / "clean")
    assert "<p>Edited</p>" in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("line", [
    'MYMAP = {1: "a", "b": 2}',  # keys json.dumps(sort_keys=True) could not sort: a traceback
    'TK = {("a", "b"): 1}',  # a key JSON has not
    "REC = []; REC.append(REC)",  # a list holding itself
    'MYSET = {"alpha", "beta", "gamma", "delta", "eps"}',  # its order follows each run's hash seed
    'MYD = {k: 1 for k in {"alpha", "beta", "gamma", "delta", "eps"}}',
    'JINJA_FILTERS = {"up": lambda s: s.upper()}',  # a function's repr holds its address
])
def test_a_setting_of_any_shape_neither_stops_the_build_nor_defeats_reuse(line, tmp_path):
    """The settings' values are fingerprinted (incremental._plain_repr) the same in every run: a build after an edit
    reuses pages, and nothing is rendered again when nothing changed (found by a tester: tracebacks, or every page
    rendered again each build)."""
    import shutil

    from conftest import SEED, run_cli

    site = project_copy(tmp_path / "project")
    settings = site / "pelican.conf.py"
    settings.write_text(settings.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")
    sheets = tmp_path / "briefings"
    shutil.copytree(SEED, sheets)

    def built() -> str:
        done = run_cli("build", "--briefings", str(sheets), "--output", str(tmp_path / "site"), "--settings",
                       str(settings), env={"BRIEFKIT_CACHE_DIR": str(tmp_path / "cache")})
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout + done.stderr

    built()
    assert built().startswith("Up to date")
    sheet = next(sheets.rglob("*.yaml"))
    sheet.write_text(sheet.read_text(encoding="utf-8") + "# a comment\n", encoding="utf-8")
    rendered = int(re.search(r"\((\d+) rendered\)", built()).group(1))
    assert rendered <= 2  # the entity whose text the comment ends (and what reads it), not all 65 pages


def test_the_settings_run_once_as_far_as_the_build_can_tell(tmp_path):
    """The fingerprint runs the settings file before Pelican does: what it changes in the process is put back and what
    it prints is not shown twice; sys.exit in it is said; a THEME that is no theme (`/`) is not walked."""
    from conftest import SEED, run_cli

    site = project_copy(tmp_path / "project")
    settings = site / "pelican.conf.py"
    base = settings.read_text(encoding="utf-8")

    def built(extra: str) -> subprocess.CompletedProcess:
        settings.write_text(base + extra, encoding="utf-8")
        return run_cli("build", "--briefings", str(SEED), "--output", str(tmp_path / "site"), "--settings", "pelican.conf.py",
                       cwd=site, env={"BRIEFKIT_CACHE_DIR": str(tmp_path / "cache")})

    done = built('os.environ["SN"] = os.environ.get("SN", "Site") + "!"\nSITENAME = os.environ["SN"]\n'
                 'print("settings read")\n')
    assert done.returncode == 0, done.stdout + done.stderr
    assert "<title>Site!</title>" in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert (done.stdout + done.stderr).count("settings read") == 1
    done = built("import sys\nsys.exit(3)\n")
    assert done.returncode == 1 and "pelican.conf.py:1:1: cannot read the settings: the file exits (sys.exit(3))" in done.stdout + done.stderr
    done = built('THEME = "/"\n')
    assert done.returncode == 1 and "template" in (done.stdout + done.stderr).lower()


def test_the_same_folder_spelt_another_way_is_up_to_date_and_problems_name_it_one_way(tmp_path):
    """`--briefings /abs/site/briefings`, `./briefings/` and `briefings` from the site's folder are one folder: a
    build after another spelling parsed every sheet and rendered a third of the pages again (a tester), and its
    problems' paths changed with the spelling. A folder inside the working folder is named relative to it."""
    import shutil

    from conftest import SEED, SETTINGS, run_cli

    sheets = tmp_path / "briefings"
    shutil.copytree(SEED, sheets)
    (sheets / "typo.yaml").write_text("actors:\n  - {id: x, name: X, kind: stat}\n", encoding="utf-8")
    env = {"BRIEFKIT_CACHE_DIR": str(tmp_path / "cache")}
    outputs = []
    for spelling in ("briefings", str(sheets), "./briefings/", "../" + tmp_path.name + "/briefings"):
        done = run_cli("build", "--briefings", spelling, "--output", "out", "--settings", str(SETTINGS),
                       cwd=tmp_path, env=env)
        outputs.append(done.stdout + done.stderr)
    assert all("briefings/typo.yaml:2:" in out for out in outputs[:3]), outputs
    assert all(not re.search(r"^/|\s/", out, re.M) for out in outputs[:3]), outputs  # no absolute path printed
    assert f"../{tmp_path.name}/briefings/typo.yaml:2:" in outputs[3]  # `..` kept: a link before it may lead elsewhere
    (sheets / "typo.yaml").unlink()
    first = run_cli("build", "--briefings", "briefings", "--output", "out", "--settings", str(SETTINGS), cwd=tmp_path,
                    env=env)
    assert first.returncode == 0, first.stderr
    for spelling in (str(sheets), "./briefings/", "briefings"):
        again = run_cli("build", "--briefings", spelling, "--output", "out", "--settings", str(SETTINGS), cwd=tmp_path,
                        env=env)
        assert again.stdout.startswith("Up to date"), (spelling, again.stdout, again.stderr)


def test_the_facts_derived_from_the_whole_corpus_read_only_heads_and_references(corpus):
    """navigation.derived_tokens gives the same facts when every entity's Markdown texts and claims are gone: so a
    build whose heads, references and places are the last build's may take its facts (plugin.navigation_facts)."""
    from briefkit import navigation, pipeline
    from briefkit.deps import _long_fields

    project = pipeline.check(str(corpus))
    assert not project.errors
    facts = navigation.derived_tokens(project)
    assert any(t.startswith("related:") for t in facts) and any(t.startswith("group:") for t in facts)
    assert all(token.startswith(navigation.DERIVED_PREFIXES) for token in facts)
    for entity in project.entities.values():
        long = _long_fields(entity.kind)
        assert long & entity.data.keys() or entity.kind == "source"  # texts to take away (sources have none)
        entity.data = {key: value for key, value in entity.data.items() if key not in long}
    assert navigation.derived_tokens(project) == facts


def test_a_text_edit_takes_the_last_builds_derived_facts_and_a_head_edit_makes_them_again(corpus, tmp_path, monkeypatch):
    import shutil

    from briefkit import navigation
    from briefkit.build import build

    copy = tmp_path / "briefings"
    shutil.copytree(corpus, copy)
    for name, value in {**SHARDS, "BRIEFKIT_CACHE_DIR": str(tmp_path / "cache")}.items():
        monkeypatch.setenv(name, value)
    made = []
    real = navigation.derived_tokens
    monkeypatch.setattr(navigation, "derived_tokens", lambda *args: made.append(1) or real(*args))
    site = tmp_path / "site"
    for name, expected in (("first build", 1), ("incident summary", 1), ("incident date (reorders its actors' feeds)", 2)):
        if name in EDITS:
            _edit_file(*EDITS[name])(copy)
        assert build(str(copy), str(site)).ok
        assert len(made) == expected, name
    assert build(str(copy), str(tmp_path / "clean")).ok
    assert digest_tree(site) == digest_tree(tmp_path / "clean")


def test_a_second_link_to_a_folder_removed_is_a_change(tmp_path, monkeypatch):
    """A second link to a folder read already is a warning; once the link was removed the site was called up to date
    and the warning said again for good, and `build --strict` failed while `check --strict` passed (a tester)."""
    import shutil

    from conftest import SEED

    from briefkit import build

    sheets, site = tmp_path / "briefings", tmp_path / "site"
    shutil.copytree(SEED, sheets)
    monkeypatch.setenv("BRIEFKIT_CACHE_DIR", str(tmp_path / "cache"))
    assert build.build(str(sheets), str(site)).ok
    (sheets / "a-link").symlink_to("actors", target_is_directory=True)
    linked = build.build(str(sheets), str(site))
    assert linked.ok and [p.message.split(" (")[0] for p in linked.problems] == ["the same folder as `" + str(sheets / "actors") + "`"]
    (sheets / "a-link").unlink()
    after = build.build(str(sheets), str(site), strict=True)
    assert after.ok and after.problems == [], after.summary()
    assert build.build(str(sheets), str(site)).up_to_date
    (sheets / "X.YAML").write_text("actors: []\n", encoding="utf-8")  # not read, with a warning: the same when removed
    assert "not read" in build.build(str(sheets), str(site)).problems[0].message
    (sheets / "X.YAML").unlink()
    assert build.build(str(sheets), str(site), strict=True).problems == []


def test_an_override_template_or_a_module_beside_the_settings_edited_is_a_change(tmp_path, monkeypatch):
    """A template in a THEME_TEMPLATES_OVERRIDES folder, or a filter's module beside the settings, edited: the site
    was called up to date, its pages stale (a tester)."""
    import shutil

    from briefkit import build

    for name in ("briefings", "content", "theme"):
        shutil.copytree(ROOT / name, tmp_path / name)
    (tmp_path / "overrides").mkdir()
    page = (ROOT / "theme" / "templates" / "page.html").read_text(encoding="utf-8")
    assert "<h1{{ page.title|dir }}>{{ page.title }}</h1>" in page
    (tmp_path / "overrides" / "page.html").write_text(page.replace("<h1{{ page.title|dir }}>{{ page.title }}</h1>",
                                                                   "<h1>{{ page.title|mark }}</h1>"),
                                                      encoding="utf-8")
    (tmp_path / "helpers.py").write_text("def mark(s):\n    return f'{s} v1'\n", encoding="utf-8")
    (tmp_path / "pelican.conf.py").write_text((ROOT / "pelican.conf.py").read_text(encoding="utf-8") + (
        '\nimport sys; sys.path.insert(0, _HERE)\nfrom helpers import mark\nJINJA_FILTERS = {"mark": mark}\n'
        'THEME_TEMPLATES_OVERRIDES = [os.path.join(_HERE, "overrides")]\n'), encoding="utf-8")
    monkeypatch.setenv("BRIEFKIT_CACHE_DIR", str(tmp_path / "cache"))
    sheets, site, settings = str(tmp_path / "briefings"), str(tmp_path / "site"), str(tmp_path / "pelican.conf.py")

    def heading() -> str:
        result = build.build(sheets, site, settings)
        assert result.ok, result.problems
        return re.search(r"<h1>([^<]*)</h1>", (tmp_path / "site" / "about" / "index.html").read_text(encoding="utf-8")).group(1)

    assert heading() == "About this site v1"
    (tmp_path / "overrides" / "page.html").write_text(page.replace("<h1{{ page.title|dir }}>{{ page.title }}</h1>",
                                                                   "<h1>{{ page.title|mark }}!</h1>"),
                                                      encoding="utf-8")
    assert heading() == "About this site v1!"
    (tmp_path / "helpers.py").write_text("def mark(s):\n    return f'{s} v2'\n", encoding="utf-8")
    sys.modules.pop("helpers", None)  # Pelican imports the settings in this process: the new module is read again
    assert heading() == "About this site v2!"


def test_a_claim_naming_many_actors_is_shortened_on_their_pages_and_reads_only_the_names_shown(tmp_path):
    """A claim is listed on the page of each actor it names: one naming 1,500 actors was copied whole onto all 1,500
    pages (186 MB of pages and a 12 MB manifest from a 160 KB sheet; each page read, so depended on, every name). On
    other pages a claim's text or note longer than 1,200 characters, or linking more than 25 entities, is a plain
    excerpt with a link to it whole, reading only the names it shows, and at most 10 of its sources are named there."""
    from conftest import big_incident_sheets
    from sitecrawl import crawl

    folder = big_incident_sheets(tmp_path / "briefings", 40)
    sources = "".join(f"  - {{id: wire-{n}, publisher: Wire {n}}}\n" for n in range(12))
    claim = ("    claims:\n      - text: \"Named: " + ", ".join(f"[[a{n:03d}]]" for n in range(40)) + ".\"\n"
             f"        status: alleged\n        sources: [{', '.join(f'wire-{n}' for n in range(12))}]\n"
             "        note: " + "A long note. " * 100 + "\n")
    big = folder / "big.yaml"
    big.write_text(big.read_text(encoding="utf-8").replace("    actors:\n", claim + "    actors:\n", 1) + sources,
                   encoding="utf-8")
    rename = _edit_file("name: Actor a039", lambda text: text.replace("name: Actor a039", "name: Renamed", 1))
    log = _rebuild_matches_clean(folder, tmp_path, rename)
    # the renamed actor's page, the pages listing it, the indexes: not the 39 pages whose excerpt ends before it (51)
    assert int(re.search(r"\((\d+) rendered\)", log).group(1)) < 20, log
    page = crawl(tmp_path / "site")["actors/a000/"].tree
    [item] = page.xpath("//section[@aria-labelledby='naming_h']//li")
    text, note = (" ".join(item.xpath(f".//div[@class='{c}']")[0].text_content().split()) for c in ("claim_text", "claim_note"))
    assert text.startswith("Named: Actor a000, Actor a001,") and text.endswith("… (the whole text)"), text
    assert len(text) < 300 and "a039" not in text and "Renamed" not in text
    assert note.startswith("Note: A long note. A long note.") and note.endswith("… (the whole text)") and len(note) < 320
    assert set(item.xpath(".//div/p/a/@href")) == {"../../incidents/big/#c_1"}
    meta = " ".join(item.xpath(".//p[@class='claim_meta']")[0].text_content().split())
    assert meta.endswith("Sources: " + "; ".join(f"Wire {n}" for n in range(10)) + " and 2 more."), meta
    whole = crawl(tmp_path / "site")["incidents/big/"].tree.xpath("//li[@id='c_1']")[0].text_content()
    assert "Renamed" in whole and "Wire 11" in whole
