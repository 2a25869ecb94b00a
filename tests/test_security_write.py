"""Writing safely: ids checked before any path is made, every output path proven inside the
output folder, one writer per file, an atomic swap that survives SIGKILL, a lock that keeps
two builds from interleaving, and a parse cache that cannot run planted code."""

from __future__ import annotations

import fcntl
import gzip
import marshal
import os
import pickle
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from functools import partial
from pathlib import Path

import jinja2.bccache
import pytest

from briefkit import cache, render
from briefkit.index import Project
from briefkit import outpaths
from briefkit.outpaths import plan_problems
from briefkit.pipeline import Timings, check, load_and_validate
from briefkit.validate import Entity
from briefkit.views import PageSpec, plan
from conftest import ROOT, SEED, SETTINGS, build_folder, digest_tree

ID_RULE = "is not a valid id: use lowercase letters a-z, digits and single hyphens"


# --- ids are checked before any path is made -----------------------------------------------------


@pytest.mark.parametrize(("written", "value", "suggestion"), [
    ('"iran\\n"', "iran\n", "iran"),  # `$` in the id pattern matched before a final newline
    ('"iran\\n\\n"', "iran\n\n", "iran"),
    ("'..'", "..", "an-id"),
    ("'.'", ".", "an-id"),
    ("a/b", "a/b", "a-b"),
    ("'..%2fetc'", "..%2fetc", "2fetc"),
    ("'a\\b'", "a\\b", "a-b"),
    ("a.b", "a.b", "a-b"),
    ("a_b", "a_b", "a-b"),
    ("ｉｒａｎ", "ｉｒａｎ", "iran"),  # fullwidth letters: refused, read as the id they spell
    ("İran", "İran", "iran"),  # lowercases to two code points; the dot dropped for the suggestion
])
def test_ids_that_could_make_a_path_are_refused(written, value, suggestion):
    result = load_and_validate("t.yaml", f"sources:\n  - id: {written}\n    publisher: R\n".encode())
    assert [(p.line, p.column, p.message) for p in result.problems] == [
        (2, 9, f"`{value}` {ID_RULE}, e.g. `{suggestion}`"),
    ]
    assert result.entities == []  # an entity, hence a page, exists only with a valid id


def test_a_bad_id_never_reaches_the_page_plan(tmp_path):
    (tmp_path / "t.yaml").write_text('briefing: {id: "b\\n", title: T, date: 2021, summary: s, sources: [r]}\n'
                                     "sources: [{id: r, publisher: R}]\n")
    project = check(str(tmp_path), use_cache=False)
    assert [p.message.split(" is not")[0] for p in project.errors] == ["`b\n`"]
    assert [spec.save_as for spec in plan(project) if spec.kind == "briefing"] == []


# --- every output path inside the output folder, one writer per file ----------------------------------


def entity(kind: str, entity_id: str) -> Entity:
    return Entity(kind, entity_id, {}, "briefings/t.yaml", 3, 5)


def project_of(*entities: Entity) -> Project:
    return Project(entities={e.id: e for e in entities})


def test_a_plan_with_a_bad_id_is_refused_before_any_path_is_made(tmp_path):
    # The validator never lets such an id through; the writer refuses it again if one ever did.
    bad = [entity("actor", "../../escape"), entity("actor", "/etc"), entity("actor", "iran\n"), entity("actor", "")]
    specs = [PageSpec(f"actors/{e.id}/index.html", f"actors/{e.id}/", "actor.html", "actor", e.id) for e in bad]
    problems = plan_problems(specs, str(tmp_path), project_of(*bad))
    assert [(p.path, p.line, p.column, p.message) for p in problems] == [
        ("briefings/t.yaml", 3, 5, f"{e.id!r}: not a valid id; no page is made from it") for e in bad
    ]


@pytest.mark.parametrize("save_as", ["../escape.html", "../site-evil/index.html", "/etc/passwd", "a/../../x.html", ".", ""])
def test_a_page_outside_the_output_folder_is_refused(tmp_path, save_as):
    output = tmp_path / "site"
    output.mkdir()
    specs = [PageSpec(save_as, "", "home.html", "home")]
    problems = plan_problems(specs, str(output), project_of())
    assert [p.message for p in problems] == [
        f"the home page would be written to `{save_as}`, outside the output folder; refused",
    ]


@pytest.mark.parametrize("save_as", ["index.html", "actors/iran/index.html", "a/../b.html", "a/./b/index.html",
                                     "../x.html", "a/../../x.html", ".", "", "..", "a/..", "...", "..x/y.html"])
def test_an_empty_output_folder_is_judged_by_the_path_alone_as_by_real_paths(tmp_path, save_as):
    # A fresh staging folder holds no link: the check reads the path, and must agree with the real-path one.
    real = os.path.realpath(tmp_path)
    assert outpaths._lexically_inside(save_as) == outpaths._strictly_inside(os.path.join(real, save_as), real, {})


def test_a_link_inside_the_output_folder_cannot_lead_out(tmp_path):
    # Decided on real paths by whole components: a string-prefix check would let both through.
    output, elsewhere = tmp_path / "site", tmp_path / "site-evil"
    output.mkdir()
    elsewhere.mkdir()
    os.symlink(elsewhere, output / "actors")
    iran = entity("actor", "iran")
    specs = [PageSpec("actors/iran/index.html", "actors/iran/", "actor.html", "actor", "iran"),
             PageSpec("stakes/index.html", "stakes/", "kind_index.html", "index", "stake")]
    problems = plan_problems(specs, str(output), project_of(iran))
    assert [(p.path, p.line, p.column, p.message) for p in problems] == [
        ("briefings/t.yaml", 3, 5, "actor `iran` would be written to `actors/iran/index.html`, outside the output folder; refused"),
    ]


def test_a_link_standing_for_a_page_folder_cannot_lead_out(tmp_path):
    # Each page's own folder is checked too, not only the folders that pages share.
    output, elsewhere = tmp_path / "site", tmp_path / "elsewhere"
    (output / "actors").mkdir(parents=True)
    elsewhere.mkdir()
    os.symlink(elsewhere, output / "actors" / "iran")
    iran, iraq = entity("actor", "iran"), entity("actor", "iraq")
    specs = [PageSpec(f"actors/{e.id}/index.html", f"actors/{e.id}/", "actor.html", "actor", e.id) for e in (iran, iraq)]
    problems = plan_problems(specs, str(output), project_of(iran, iraq))
    assert [p.message for p in problems] == [
        "actor `iran` would be written to `actors/iran/index.html`, outside the output folder; refused"]


def test_two_pages_on_one_file_are_refused_naming_both(tmp_path):
    first, second = entity("actor", "iran"), Entity("actor", "iran", {}, "briefings/u.yaml", 7, 5)
    specs = [PageSpec("actors/iran/index.html", "actors/iran/", "actor.html", "actor", "iran"),
             PageSpec("actors/./iran/index.html", "actors/iran/", "actor.html", "actor", "iran"),
             PageSpec("actors/index.html", "actors/", "kind_index.html", "index", "actor")]
    project = project_of(first)
    project.entities["iran"] = second
    problems = plan_problems(specs, str(tmp_path), project)
    assert [(p.path, p.line, p.column, p.message) for p in problems] == [
        ("briefings/u.yaml", 7, 5, "actor `iran` and actor `iran` would both be written to `actors/iran/index.html`; "
                                   "give one of them another id or slug"),
    ]


def test_a_plan_found_clean_is_remembered_only_for_an_empty_folder_and_that_plan(tmp_path):
    # `make serve` plans the same pages again and again: the answer for an empty folder is kept,
    # but a folder with a planted link, or a plan that changed, is judged afresh.
    iran = entity("actor", "iran")
    specs = [PageSpec("actors/iran/index.html", "actors/iran/", "actor.html", "actor", "iran")]
    assert plan_problems(specs, str(tmp_path / "empty"), project_of(iran)) == []
    output, elsewhere = tmp_path / "site", tmp_path / "elsewhere"
    output.mkdir()
    elsewhere.mkdir()
    os.symlink(elsewhere, output / "actors")
    assert [p.message for p in plan_problems(specs, str(output), project_of(iran))] == [
        "actor `iran` would be written to `actors/iran/index.html`, outside the output folder; refused"]
    twice = specs + [PageSpec("actors/./iran/index.html", "actors/iran/", "actor.html", "actor", "iran")]
    assert len(plan_problems(twice, str(tmp_path / "empty"), project_of(iran))) == 1
    assert plan_problems(specs, str(tmp_path / "empty"), project_of(iran)) == []


def test_the_real_plan_is_safe(tmp_path):
    project = check(str(SEED), use_cache=False)
    assert plan_problems(plan(project), str(tmp_path), project) == []


@pytest.fixture()
def site_copy(tmp_path) -> Path:
    """The settings, theme and content pages, copied so a test may add content pages."""
    for name in ("pelican.conf.py", "theme", "content"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp_path / name)
    return tmp_path


def build_with(settings: Path, output: Path, briefings: Path = SEED, cache_dir: Path | None = None):
    env = {**os.environ, "BRIEFKIT_CACHE_DIR": str(cache_dir or output.parent / "cache")}
    return subprocess.run([sys.executable, "-m", "briefkit", "build", "--briefings", str(briefings), "--output", str(output),
                           "--settings", str(settings)], capture_output=True, text=True, timeout=300, env=env, cwd=settings.parent)


def test_a_content_page_on_a_generated_page_fails_the_build_before_writing(site_copy):
    output = site_copy / "site"
    (site_copy / "content" / "pages" / "listing.md").write_text("Title: Sources\nSlug: sources\n\nMine.\n")
    result = build_with(site_copy / "pelican.conf.py", output)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert ("content/pages/listing.md:1:1: content page `content/pages/listing.md` and the sources page would both "
            "be written to `sources/index.html`; give one of them another id or slug") in result.stderr
    assert not output.exists() and staging_folders(output) == []  # nothing published, nothing left
    assert processes_writing_under(site_copy) == []  # the cancelled search index ended its Pagefind runs


def test_check_finds_a_content_page_where_an_entity_page_or_the_builds_file_goes(site_copy):
    """A page at `Slug: actors/newguy`, then an editor's actor `newguy`: check passed (the pull request was green) and
    the publishing failed; with a sheet's error beside it, the build said the sheet's alone (a tester). Said by check,
    and with the sheet's error; a draft, and a page with `Save_as:` empty, are written nowhere."""
    pages, sheets = site_copy / "content" / "pages", site_copy / "sheets"
    shutil.copytree(SEED, sheets)
    (pages / "profile.md").write_text("Title: P\nSlug: actors/newguy\n\nx\n")
    (pages / "style.md").write_text("Title: S\nSlug: theme\n\nx\n")
    (pages / "draft.md").write_text("Title: D\nSlug: sources\nStatus: draft\n\nx\n")
    (pages / "nowhere.md").write_text("Title: N\nSlug: actors\nSave_as:\n\nx\n")  # written nowhere (a reviewer)
    (sheets / "new.yaml").write_text("actors:\n  - {id: newguy, name: New Guy, kind: person}\n"
                                     "sources:\n  - {id: zz, publisher: P, kind: bogus}\n")
    said = ["content/pages/profile.md:1:1: content page `content/pages/profile.md` and actor `newguy` would both be "
            "written to `actors/newguy/index.html`; give one of them another id or slug",
            "content/pages/style.md:1:1: content page `content/pages/style.md` would be written to `theme/index.html`, "
            "where the build writes `theme` itself; give it another slug"]
    checked = subprocess.run([sys.executable, "-m", "briefkit", "check", "--briefings", str(sheets), "--settings",
                              "pelican.conf.py"], capture_output=True, text=True, timeout=300, cwd=site_copy)
    built = build_with(site_copy / "pelican.conf.py", site_copy / "site", briefings=sheets)
    for result in (checked, built):
        lines = [line for line in result.stderr.splitlines() if "content/pages/" in line]
        assert result.returncode == 1 and lines == said and "got `bogus`" in result.stderr, result.stderr


@pytest.mark.parametrize(("slug", "inside"), [("index.html", "`index.html`, the file of the home page"),
                                              ("actors/iran/index.html", "`actors/iran/index.html`, the file of actor `iran`")])
def test_a_content_page_inside_another_page_file_fails_before_anything_is_published(site_copy, slug, inside):
    """`Slug: index.html` makes index.html/index.html: the in-place publish failed half-way, the manifest gone."""
    output = site_copy / "site"
    assert build_with(site_copy / "pelican.conf.py", output).returncode == 0
    before = {path: path.read_bytes() for path in output.rglob("*") if path.is_file()}
    (site_copy / "content" / "pages" / "x.md").write_text(f"Title: X\nSlug: {slug}\n\nMine.\n")
    result = build_with(site_copy / "pelican.conf.py", output)
    assert result.returncode == 1 and "Traceback" not in result.stdout + result.stderr
    assert (f"content/pages/x.md:1:1: content page `content/pages/x.md` would be written inside {inside}; give one "
            "of them another id or slug") in result.stderr
    assert {path: path.read_bytes() for path in output.rglob("*") if path.is_file()} == before


def test_a_link_refused_in_a_content_page_fails_the_build_at_its_place(site_copy):
    """Content pages are the fact sheets' Markdown dialect: a refused link is an error with its place, not dropped."""
    output = site_copy / "site"
    (site_copy / "content" / "pages" / "bad.md").write_text(
        "Title: Bad\nSlug: bad\n\nA [bad](javascript:alert(1)) link, [fine](https://example.org),\n"
        "and <data:text/html,x> too.\n", encoding="utf-8")
    result = build_with(site_copy / "pelican.conf.py", output)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert ("content/pages/bad.md:4:9: link scheme `javascript:` is not allowed; use http:, https:, mailto:, "
            "a relative path or #anchor") in result.stderr
    assert "content/pages/bad.md:5:6: link scheme `data:` is not allowed" in result.stderr
    assert not output.exists() and staging_folders(output) == []


@pytest.mark.parametrize(("setting", "message"), [
    ("PLUGINS = []", "PLUGINS must list `briefkit.plugin`, which makes the site"),  # a traceback once
    ('BRIEFKIT["search_shard_size"] = "x"', 'BRIEFKIT["search_shard_size"] must be a whole number of at least 1'),
    ('THEME_STATIC_DIR = "../escaped"', "THEME_STATIC_DIR must be `theme` (the theme's pages link there), not "
                                         "`../escaped`"),
    ('THEME_STATIC_DIR = "static"', "THEME_STATIC_DIR must be `theme`"),  # built with every style sheet link broken
    ('TIMEZONE = "Mars/Phobos"', "TIMEZONE `Mars/Phobos` is no time zone"),  # pages were left out, with a log line
    ('TIMEZONE = ""', "TIMEZONE `` is no time zone"),
    ('TIMEZONE = "Europe"', "TIMEZONE `Europe` is no time zone"),
    ("PAGE_PATHS = [5]", "PAGE_PATHS must be a list of folder names"),  # a traceback from Pelican's run  # a folder of zones: a traceback, or "cannot write"
    # Tracebacks once (a tester): Pelican's own reading, or ours
    ('BRIEFKIT = "feed_entries=10"', 'BRIEFKIT must be a dict of settings, such as `{"feed_entries": 50}`'),
    ('BRIEFKIT["repo_url"] = 12345', 'BRIEFKIT["repo_url"] must be a full http(s) address'),
    ("DEFAULT_LANG = None", "`DEFAULT_LANG` must be a BCP 47 language tag, such as `en`, not None"),
    ('SITEURL = "/news/briefs"', "SITEURL must be the site's full address"),  # named https://example.invalid
])
def test_a_setting_the_build_cannot_run_with_is_a_problem_at_its_line(site_copy, setting, message):
    settings = site_copy / "pelican.conf.py"
    line = len(settings.read_text(encoding="utf-8").splitlines()) + 1
    with settings.open("a", encoding="utf-8") as handle:
        handle.write(setting + "\n")
    output = site_copy / "site"
    result = build_with(settings, output)
    assert result.returncode == 1 and "Traceback" not in result.stdout + result.stderr
    assert f"pelican.conf.py:{line}:" in result.stderr and message in result.stderr
    assert not output.exists() and not (site_copy / "escaped").exists()


def settings_found(site_copy: Path, *lines: str) -> list[tuple[int, int, str, str]]:
    """(line, column, severity, message) of what `check --settings` finds in the shipped settings with lines added."""
    from briefkit.plugin import settings_and_pages_problems

    settings = site_copy / "pelican.conf.py"
    with settings.open("a", encoding="utf-8") as handle:
        handle.write("".join(line + "\n" for line in lines))
    return [(p.line, p.column, p.severity, p.message) for p in settings_and_pages_problems(str(settings))]


def test_the_shipped_settings_have_no_problem():
    from briefkit.plugin import settings_and_pages_problems

    assert settings_and_pages_problems(str(SETTINGS)) == []


SHIPPED_LINES = len(SETTINGS.read_text(encoding="utf-8").splitlines())


@pytest.mark.parametrize(("setting", "message"), [
    # A SITEURL that is no full address was replaced by https://example.invalid without a word (a tester)
    ('SITEURL = "/news/briefs"', "SITEURL must be the site's full address, such as `https://example.org/news/briefs`, "
                                 "or empty (for a preview), not `/news/briefs`"),
    ('SITEURL = "example.org/news/briefs"', "SITEURL must be the site's full address, such as "
                                            "`https://example.org/news/briefs`, or empty (for a preview)"),
    ('SITEURL = "https://"', "SITEURL must be the site's full address, such as `https://example.org/news/briefs`, or "
                             "empty (for a preview), not `https://`"),  # as written, not after Pelican's rstrip
    # Every address made from these landed in the query, the fragment, or was published with a port none has
    ('SITEURL = "https://x.org?a=1"', "not `https://x.org?a=1`: a site's address has no ?query or #fragment"),
    ('SITEURL = "https://x.org#f"', "not `https://x.org#f`: a site's address has no ?query or #fragment"),
    ('SITEURL = "https://x.org:99999"', "not `https://x.org:99999`: its port is not a number from 0 to 65535"),
    ('SITEURL = "https://exa\u200bmple.org"', "SITEURL must be the site's full address, such as "
                                              "`https://example.org/news/briefs`, or empty (for a preview), not "
                                              "`https://exa\u200bmple.org`: it holds U+200B, which no URL holds"),
    ('BRIEFKIT["repo_url"] = "https://github.com/org/repo#readme"', "a site's address has no ?query or #fragment"),
    ('BRIEFKIT["data_license_url"] = "https://x.org:99999/"', "its port is not a number from 0 to 65535"),
    # Every documented BRIEFKIT key is type-checked: a traceback, Python reprs or broken links were published
    ('BRIEFKIT = [("feed_entries", 10)]', "BRIEFKIT must be a dict of settings, such as `{\"feed_entries\": 50}`, "
                                          "not list `[('feed_entries', 10)]`"),
    ('BRIEFKIT["repo_url"] = "github.com/org/repo"', 'BRIEFKIT["repo_url"] must be a full http(s) address, such as '
                                                     '`https://github.com/org/repo`, or empty, not `github.com/org/repo`'),
    ('BRIEFKIT["data_license_url"] = "javascript:alert(1)"', 'BRIEFKIT["data_license_url"] must be a full http(s) '
                                                             'address, such as `https://creativecommons.org/licenses/'
                                                             'by/4.0/`, not `javascript:alert(1)`'),
    ('BRIEFKIT["data_license_url"] = ""', 'BRIEFKIT["data_license_url"] is empty; give the licence\'s address'),
    ('BRIEFKIT["data_license"] = None', 'BRIEFKIT["data_license"] must be text, such as `"CC BY 4.0"`, not None'),
    ('BRIEFKIT["repo_branch"] = ""', 'BRIEFKIT["repo_branch"] is empty; write one, such as `"main"`'),
    ('BRIEFKIT["site_description"] = ["a", "b"]', 'BRIEFKIT["site_description"] must be text, such as'),
    ('BRIEFKIT["site_description"] = 42', 'BRIEFKIT["site_description"] must be text'),
    ('BRIEFKIT["briefings"] = 3', 'BRIEFKIT["briefings"] must be text, such as `"briefings"`, not int `3`'),
    # A typo passed `check --strict` and `build --strict`, said only by a loose line naming another file
    ('BRIEFKIT["feed_entry"] = 10', 'BRIEFKIT["feed_entry"] is no setting of briefkit; did you mean `feed_entries`?'),
    ('BRIEFKIT["colour"] = 1', 'BRIEFKIT["colour"] is no setting of briefkit; it has briefings, jobs,'),
    # DEFAULT_LANG is checked as a source's `lang` is: `<html lang="en_us">` was published
    ('DEFAULT_LANG = "en_US"', "`DEFAULT_LANG` must be a BCP 47 language tag, such as `en`, not `en_US`; did you "
                               "mean `en-US`?"),
    ('DEFAULT_LANG = "Arabic"', "`DEFAULT_LANG` must be a BCP 47 language tag, such as `en`, not `Arabic`"),
    ('DEFAULT_LANG = ""', "`DEFAULT_LANG` must be a BCP 47 language tag, such as `en`, not ``"),
    ("DEFAULT_LANG = None", "`DEFAULT_LANG` must be a BCP 47 language tag, such as `en`, not None"),
    # An empty title, and a home link with no text
    ('SITENAME = ""', "SITENAME must be the site's name, such as `\"Conflict Briefings\"` (it titles every page and "
                      "feed), not ``"),
    ('SITENAME = 7', "SITENAME must be the site's name"),
    # Articles were published through the page template, broken; pages where the theme's links do not lead
    ('ARTICLE_PATHS = ["articles"]', "ARTICLE_PATHS must be `[]`: this theme makes no articles (Pelican's blog posts, "
                                     "which it would publish broken); write each page as Markdown in content/pages/, "
                                     "not list `['articles']`"),
    # Control characters were printed raw, long values whole (a tester)
    ('THEME_STATIC_DIR = "t\\x00"', "THEME_STATIC_DIR must be `theme` (the theme's pages link there), not `t\\x00`"),
    ('PAGE_URL = "\\x00RED"', "PAGE_URL must be `{slug}/` (the theme's menu and footer link to `about/`, and a page's "
                             "links start one folder up), not `\\x00RED`"),
    ('BRIEFKIT["jobs"] = "9" * 5000', 'BRIEFKIT["jobs"] must be a whole number of at least 0, not `' + "9" * 60 + "…`"),
    ('ARTICLE_PATHS = ["x" * 100000]', "ARTICLE_PATHS must be `[]`: this theme makes no articles (Pelican's blog posts, "
                                       "which it would publish broken); write each page as Markdown in content/pages/, "
                                       "not list `['" + "x" * 58 + "…`"),
    ('PAGE_URL = "pages/{slug}.html"', "PAGE_URL must be `{slug}/` (the theme's menu and footer link to `about/`, and "
                                       "a page's links start one folder up), not `pages/{slug}.html`"),
    ('PAGE_SAVE_AS = "pages/{slug}.html"', "PAGE_SAVE_AS must be `{slug}/index.html`"),
    ('PAGE_LANG_URL = "{lang}/{slug}/"', "PAGE_LANG_URL must be `{slug}-{lang}/`"),
    ('PAGE_LANG_SAVE_AS = "pages/{slug}-{lang}.html"', "PAGE_LANG_SAVE_AS must be `{slug}-{lang}/index.html`"),
    # Tracebacks once (a tester): a typo for a list
    ("PLUGINS = 5", 'PLUGINS must list `briefkit.plugin`, which makes the site, as in `["briefkit.plugin"]`, not int `5`'),
    ("PLUGINS = 1.5", "PLUGINS must list `briefkit.plugin`, which makes the site, as in"),
    ("PAGE_PATHS = [5]", 'PAGE_PATHS must be a list of folder names inside the content folder, such as `["pages"]`, '
                         "not list `[5]`"),
    ("PAGE_PATHS = 5", "PAGE_PATHS must be a list of folder names inside the content folder"),  # at 1:1, Python's words
    ("PAGE_PATHS = None", "PAGE_PATHS must be a list of folder names inside the content folder"),
    ("SITEURL = None", "SITEURL must be the site's full address, such as `https://example.org/news/briefs`, or empty "
                       "(for a preview), not None"),
    ('SITEURL = os.environ.get("UNSET_IN_THIS_TEST")', "SITEURL must be the site's full address"),
    ("SITEURL = {}", "SITEURL must be the site's full address"),
    ("ARTICLE_PATHS = None", "ARTICLE_PATHS must be `[]`: this theme makes no articles"),
    ("ARTICLE_PATHS = 5", "ARTICLE_PATHS must be `[]`: this theme makes no articles"),
    ("ARTICLE_PATHS = True", "ARTICLE_PATHS must be `[]`: this theme makes no articles"),
    ("OUTPUT_PATH = 5", "OUTPUT_PATH must be a folder name, not int `5`"),
])
def test_a_setting_the_site_cannot_be_published_with_is_an_error_at_its_line(site_copy, setting, message):
    found = settings_found(site_copy, setting)
    assert [(line, severity) for line, _, severity, said in found if message in said] == \
        [(SHIPPED_LINES + 1, "error")], found


def test_a_bad_licence_is_said_at_each_of_its_settings(site_copy):
    """data_license None and data_license_url None: /data/ showed CC BY 4.0, its JSON-LD an empty licence."""
    found = settings_found(site_copy, 'BRIEFKIT["data_license"] = None', 'BRIEFKIT["data_license_url"] = None')
    assert [(line, said.split(" must")[0]) for line, _, _, said in found] == [
        (SHIPPED_LINES + 1, 'BRIEFKIT["data_license"]'), (SHIPPED_LINES + 2, 'BRIEFKIT["data_license_url"]')]


@pytest.mark.parametrize(("variable", "value", "name", "message"), [
    ("SITEURL", "/news/briefs", "SITEURL", "SITEURL (the environment variable SITEURL) must be the site's full "
                                           "address, such as `https://example.org/news/briefs`"),
    ("SITEURL", "example.org/news/briefs/", "SITEURL", "SITEURL (the environment variable SITEURL) must be the site's "
                                                       "full address, such as `https://example.org/news/briefs`"),
    # CI sets REPO_URL; without https:// every entity page linked `github.com/org/repo/edit/…`, relative
    ("REPO_URL", "github.com/org/repo", "repo_url", 'BRIEFKIT["repo_url"] (the environment variable REPO_URL) must be a '
                                                   "full http(s) address, such as `https://github.com/org/repo`"),
    # The usual SSH clone address was offered as `https://git@github.com:org/repo.git` (a tester)
    ("REPO_URL", "git@github.com:org/repo.git", "repo_url", 'BRIEFKIT["repo_url"] (the environment variable REPO_URL) '
                                                           "must be a full http(s) address, such as "
                                                           "`https://github.com/org/repo`, or empty"),
])
def test_a_setting_from_the_environment_is_said_as_such_at_its_line(site_copy, monkeypatch, variable, value, name,
                                                                      message):
    from briefkit.config import _line_of

    monkeypatch.setenv(variable, value)
    line = _line_of(SETTINGS.read_text(encoding="utf-8"), name)[0]
    found = settings_found(site_copy)
    assert [(at, severity) for at, _, severity, said in found if message in said] == [(line, "error")], found


@pytest.mark.parametrize(("setting", "message"), [
    ('MENUITEMS = [("Donate", "https://example.org/donate")]', "MENUITEMS has no effect: the theme's menu and footer "
                                                               "are fixed in theme/templates/base.html"),
    ("DISPLAY_PAGES_ON_MENU = True", "DISPLAY_PAGES_ON_MENU has no effect: the theme's menu and footer are fixed"),
    ('DEFAULT_DATE_FORMAT = "%d/%m/%Y"', "DEFAULT_DATE_FORMAT has no effect: pages write dates in words"),
    ("RELATIVE_URLS = True", "RELATIVE_URLS has no effect: the site's links are already relative; to browse the "
                             "built site, serve it over HTTP (`python3 -m http.server -d output`)"),
])
def test_a_setting_the_build_does_not_use_is_a_warning_at_its_line(site_copy, setting, message):
    assert_warned_at_the_appended_line(site_copy, setting, message)


def assert_warned_at_the_appended_line(site_copy, setting: str, message: str) -> None:
    """The setting, appended to the shipped settings, gets one warning holding message, at its own line."""
    found = settings_found(site_copy, setting)
    assert [(line, severity) for line, _, severity, said in found if message in said] == \
        [(SHIPPED_LINES + 1, "warning")], found


def test_a_setting_left_as_pelican_has_it_says_nothing(site_copy):
    """Pelican's defaults (DISPLAY_PAGES_ON_MENU is True, MENUITEMS empty) are no setting of the editor's."""
    assert settings_found(site_copy, "RELATIVE_URLS = False", 'SITEURL = "https://example.org/news/briefs/"',
                          'DEFAULT_LANG = "pt-BR"', 'BRIEFKIT["repo_url"] = "https://github.com/org/repo"') == []


def test_settings_problems_are_counted_and_fail_check_and_build_strict(site_copy):
    """An unknown BRIEFKIT key was a loose stderr line naming `pelican.conf.py` (whatever the file), not a problem:
    0 warnings, and --strict passed."""
    settings = site_copy / "pelican.conf.py"
    with settings.open("a", encoding="utf-8") as handle:
        handle.write('BRIEFKIT["feed_entry"] = 10\n')
    line = SHIPPED_LINES + 1
    checked = subprocess.run([sys.executable, "-m", "briefkit", "check", "--briefings", str(SEED), "--settings",
                              str(settings)], capture_output=True, text=True, timeout=300, cwd=site_copy.parent)
    assert checked.returncode == 1 and "1 error," in checked.stderr, checked.stderr
    assert (f"{site_copy.name}/pelican.conf.py:{line}:9: BRIEFKIT[\"feed_entry\"] is no setting of briefkit; did you "
            "mean `feed_entries`?") in checked.stderr
    result = build_with(settings, site_copy / "site")
    assert result.returncode == 1 and "unknown BRIEFKIT settings" not in result.stderr
    assert f"pelican.conf.py:{line}:9: BRIEFKIT[\"feed_entry\"]" in result.stderr and "1 error," in result.stdout


def test_settings_the_build_does_not_use_are_counted_warnings(site_copy):
    """OUTPUT_PATH and RELATIVE_URLS were ignored without a word; --strict fails on them, as on any warning."""
    settings = site_copy / "pelican.conf.py"
    with settings.open("a", encoding="utf-8") as handle:
        handle.write('OUTPUT_PATH = "public"\nRELATIVE_URLS = True\n')
    result = build_with(settings, site_copy / "site")
    assert result.returncode == 0 and "0 errors, 2 warnings" in result.stdout, result.stderr
    assert (f"pelican.conf.py:{SHIPPED_LINES + 1}:1: warning: OUTPUT_PATH `public` has no effect: `briefkit build` "
            "writes the folder --output names (here `site`); give `--output public`") in result.stderr
    assert f"pelican.conf.py:{SHIPPED_LINES + 2}:1: warning: RELATIVE_URLS has no effect" in result.stderr
    assert not (site_copy / "public").exists()
    env = {**os.environ, "BRIEFKIT_CACHE_DIR": str(site_copy / "cache")}
    strict = subprocess.run([sys.executable, "-m", "briefkit", "build", "--strict", "--briefings", str(SEED), "--output",
                             str(site_copy / "strict"), "--settings", str(settings)], capture_output=True, text=True,
                            timeout=300, env=env, cwd=site_copy)
    assert strict.returncode == 1 and not (site_copy / "strict").exists()


@pytest.mark.parametrize(("setting", "column", "message"), [
    ('raise RuntimeError("boom")', 1, "cannot read the settings: RuntimeError: boom"),
    ('SEARCH = int("1e3")', 10, "cannot read the settings: ValueError: invalid literal for int()"),
])
def test_an_error_of_the_settings_file_s_own_code_is_at_its_line(site_copy, setting, column, message):
    """It was said at 1:1 (a tester): the traceback's frame in the settings file has the line."""
    found = settings_found(site_copy, setting)
    assert [(line, at) for line, at, _, said in found if message in said] == [(SHIPPED_LINES + 1, column)], found


@pytest.mark.parametrize(("variable", "name", "message"), [
    ("SITEURL", "SITEURL", "SITEURL (the environment variable SITEURL) is not UTF-8: `https://x.org/\\xff`; write it in "
                           "UTF-8"),
    ("REPO_BRANCH", "repo_branch", 'BRIEFKIT["repo_branch"] is not UTF-8: `https://x.org/\\xff`; write it in UTF-8'),
])
def test_an_environment_variable_that_is_no_utf8_is_said_at_its_setting(site_copy, monkeypatch, variable, name,
                                                                         message):
    """A Latin-1 byte in SITEURL: `check` said OK and `build` stopped with a traceback in the fingerprint (a tester)."""
    from briefkit import incremental
    from briefkit.config import _line_of

    monkeypatch.setenv(variable, os.fsdecode(b"https://x.org/\xff"))
    settings = str(site_copy / "pelican.conf.py")
    assert incremental.input_fingerprint(str(SEED), [], settings)
    line = _line_of(SETTINGS.read_text(encoding="utf-8"), name)[0]
    found = settings_found(site_copy)
    assert [(at, severity) for at, _, severity, said in found if message in said] == [(line, "error")], found


@pytest.mark.parametrize("folder", ["content/pages", "theme"])
def test_a_loop_of_links_in_the_content_or_theme_is_skipped(site_copy, folder):
    """`ln -s a b; ln -s b a` in content/pages or theme/: a traceback in check --settings and build (a tester)."""
    (site_copy / folder / "b").symlink_to("a")
    (site_copy / folder / "a").symlink_to("b")
    assert settings_found(site_copy) == []
    result = build_with(site_copy / "pelican.conf.py", site_copy / "site")
    assert result.returncode == 0 and "Traceback" not in result.stdout + result.stderr, result.stderr


@pytest.mark.parametrize(("lines", "line", "column", "message"), [
    # Each was blamed on the shipped, correct line, a never-run branch, a docstring or a comment (a tester)
    (['PAGE_URL = PAGE_LANG_URL = "{slug}.html"'], 1, 12, "PAGE_LANG_URL must be `{slug}-{lang}/`"),
    (['SITENAME, THEME_STATIC_DIR = "x", "static"'], 1, 11, "THEME_STATIC_DIR must be `theme`"),
    (['SITEURL = "/news"', "if False:", '    SITEURL = "https://ok.org"'], 1, 1, "SITEURL must be the site's"),
    (['SITEURL = "/news"', '"""Not this:', 'SITEURL = "https://example.org"', '"""'], 1, 1, "SITEURL must be"),
    (['SITEURL = "https://x.org"; TIMEZONE = "Europe/"'], 1, 28, "TIMEZONE `Europe/` is no time zone"),
    (['BRIEFKIT["jobs"] = "4"', '# BRIEFKIT["jobs"] = 8', '#     "jobs": 8,'], 1, 9, 'BRIEFKIT["jobs"] must be'),
    (['SITEURL: str = "/news"'], 1, 1, "SITEURL must be the site's full address"),
    (['BRIEFKIT = dict(jobs="x", feed_entry=3)'], 1, 27, 'BRIEFKIT["feed_entry"] is no setting of briefkit'),
    (['BRIEFKIT = dict(jobs="x", feed_entry=3)'], 1, 17, 'BRIEFKIT["jobs"] must be a whole number'),
    (['BRIEFKIT.update({"jobs": "x"})'], 1, 18, 'BRIEFKIT["jobs"] must be a whole number'),
    (['BRIEFKIT.update(jobs="x")'], 1, 17, 'BRIEFKIT["jobs"] must be a whole number'),
    (['BRIEFKIT = {1: 2}'], 1, 13, "BRIEFKIT[1] is no setting of briefkit"),
    # Warnings only for what the file sets: not a docstring's words, not another dict's key
    (['"""Do not set these here:', "MENUITEMS = (...) is fixed by the theme.", '"""',
      'EXTRA = {"DEFAULT_DATE_FORMAT": "x"}', "RELATIVE_URLS = True"], 5, 1, "RELATIVE_URLS has no effect"),
])
def test_a_setting_is_said_at_the_assignment_that_gave_its_value(site_copy, lines, line, column, message):
    found = settings_found(site_copy, *lines)
    assert [(at, col) for at, col, _, said in found if message in said] == [(SHIPPED_LINES + line, column)], found
    assert not any(name in said for *_, said in found for name in ("MENUITEMS", "DEFAULT_DATE_FORMAT")), found


@pytest.mark.parametrize(("setting", "column", "message"), [
    ('raise RuntimeError("boom")', 1, "cannot read the settings: RuntimeError: boom"),
    ('BRIEFKIT["briefings"] = "  "', 9, 'BRIEFKIT["briefings"] is empty; write one, such as `"briefings"`'),
    ('BRIEFKIT["briefings"] = ""', 9, 'BRIEFKIT["briefings"] is empty; write one, such as `"briefings"`'),
])
def test_a_build_whose_settings_name_no_fact_sheet_folder_says_why(site_copy, setting, column, message):
    """Without --briefings, only `briefings:1:1: fact-sheet folder not found` was said, of a folder never named."""
    settings = site_copy / "pelican.conf.py"
    with settings.open("a", encoding="utf-8") as handle:
        handle.write(setting + "\n")
    env = {**os.environ, "BRIEFKIT_CACHE_DIR": str(site_copy / "cache")}
    env.pop("BRIEFINGS", None)
    result = subprocess.run([sys.executable, "-m", "briefkit", "build", "--output", "o", "--settings", "pelican.conf.py"],
                            capture_output=True, text=True, timeout=300, env=env, cwd=site_copy)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert f"pelican.conf.py:{SHIPPED_LINES + 1}:{column}: {message}" in result.stderr, result.stderr
    assert "fact-sheet folder not found" not in result.stderr and not (site_copy / "o").exists()


@pytest.mark.parametrize(("setting", "message"), [
    ('SITENAME = "Conflict \\u202eBriefings"', "SITENAME: a right-to-left override (U+202E) is left open, which would "
                                              "turn the text after it around wherever this shows: close it at the end "
                                              "of the value (`\\u202c`), or remove it"),
    ('BRIEFKIT["site_description"] = "Desc \\u2067 here"', 'BRIEFKIT["site_description"]: a right-to-left isolate '
                                                          "(U+2067) is left open"),
])
def test_a_text_setting_that_leaves_a_bidirectional_run_open_is_a_warning(site_copy, setting, message):
    """Published raw into every title and feed: the text after it turned around (a tester); a sheet's text is warned."""
    assert_warned_at_the_appended_line(site_copy, setting, message)


def test_an_output_path_that_names_no_folder_is_only_to_be_removed(site_copy):
    """`OUTPUT_PATH = None` said `give --output None`, which writes the site into a folder named None (a tester)."""
    from briefkit.config import settings_problems
    from briefkit.plugin import _settings
    from briefkit.problems import display_path

    settings = site_copy / "pelican.conf.py"
    with settings.open("a", encoding="utf-8") as handle:
        handle.write("OUTPUT_PATH = None\n")
    found = settings_problems(_settings(str(settings)), str(settings), str(site_copy / "site"))
    assert [(p.line, p.severity, p.message) for p in found] == [
        (SHIPPED_LINES + 1, "warning", f"OUTPUT_PATH None has no effect: `briefkit build` writes the folder --output "
                                       f"names (here `{display_path(str(site_copy / 'site'))}`): remove it")]


def test_the_fact_sheet_folder_defaults_to_the_settings_one(site_copy):
    """BRIEFKIT["briefings"] (documented as the fact-sheet folder) was ignored: `briefkit build` read ./briefings."""
    settings = site_copy / "pelican.conf.py"
    with settings.open("a", encoding="utf-8") as handle:
        handle.write(f'BRIEFKIT["briefings"] = {str(SEED)!r}\n')
    env = {**os.environ, "BRIEFKIT_CACHE_DIR": str(site_copy / "cache")}
    run = partial(subprocess.run, capture_output=True, text=True, timeout=300, env=env, cwd=site_copy)
    checked = run([sys.executable, "-m", "briefkit", "check", "--settings", "pelican.conf.py"])
    assert checked.returncode == 0 and "OK: 5 fact sheets" in checked.stderr, checked.stderr
    built = run([sys.executable, "-m", "briefkit", "build", "--output", "site"])
    assert built.returncode == 0 and (site_copy / "site" / "actors" / "iran" / "index.html").is_file(), built.stderr
    other = site_copy / "other"
    other.mkdir()
    (other / "s.yaml").write_text("sources:\n  - {id: s, publisher: R}\n", encoding="utf-8")
    checked = run([sys.executable, "-m", "briefkit", "check", "--settings", "pelican.conf.py", "--briefings", "other"])
    assert checked.returncode == 0 and "OK: 1 fact sheet," in checked.stderr, checked.stderr  # the option wins


def test_a_settings_file_gone_while_serving_is_a_problem(tmp_path):
    from briefkit import build

    result = build.build(str(SEED), str(tmp_path / "site"), str(tmp_path / "gone.conf.py"))
    assert not result.ok and [f"{p.line}:{p.column}: {p.message}" for p in result.problems] == \
        ["1:1: the settings file is missing"]


def test_a_content_page_that_is_a_pipe_is_refused_not_waited_on(site_copy):
    os.mkfifo(site_copy / "content" / "pages" / "p.md")
    result = build_with(site_copy / "pelican.conf.py", site_copy / "site")
    assert result.returncode == 1 and "content/pages/p.md:1:1: not a regular file; a content page is a file" in result.stderr


@pytest.mark.parametrize("broken", ["pipe", "link to nowhere", "name not UTF-8"])
def test_a_broken_content_page_added_after_a_good_build_fails_the_next_one(site_copy, broken):
    """A pipe or a link to nowhere added to the content folder after a good build left the next one "Up to date",
    exit 0 (the fingerprint saw files only), and a page whose name is not UTF-8 stopped it with a traceback; `check`
    failed them (a tester)."""
    output = site_copy / "site"
    assert build_with(site_copy / "pelican.conf.py", output).returncode == 0
    pages = site_copy / "content" / "pages"
    if broken == "pipe":
        os.mkfifo(pages / "p.md")
    elif broken == "link to nowhere":
        os.symlink("nowhere.md", pages / "p.md")
    else:
        (pages / os.fsdecode(b"p\xff.md")).write_bytes(b"Title: P\n\nText.\n")
    result = build_with(site_copy / "pelican.conf.py", output)
    assert result.returncode == 1 and "Traceback" not in result.stderr and "Warning" not in result.stderr, result.stderr
    name = "p\\xff.md:1:1: the file name is not UTF-8" if broken == "name not UTF-8" else "p.md:1:1: not a regular file"
    assert f"content/pages/{name}" in result.stderr


def test_a_content_folder_that_cannot_be_read_fails_the_build(site_copy):
    """Pelican leaves out a folder it cannot read without a word: its pages went from the published site, and the
    build said 0 errors; a page that cannot be read stopped the build with a traceback (testers). Run without the
    root's right to read anything, as an editor's account."""
    output = site_copy / "site"
    (site_copy / "content" / "pages" / "sub").mkdir()
    (site_copy / "content" / "pages" / "sub" / "p.md").write_text("Title: Sub\n\nText.\n", encoding="utf-8")
    assert build_with(site_copy / "pelican.conf.py", output).returncode == 0 and (output / "p" / "index.html").is_file()
    (site_copy / "content" / "pages" / "sub").chmod(0)
    (site_copy / "content" / "pages" / "secret.md").write_text("Title: S\n\nText.\n", encoding="utf-8")
    (site_copy / "content" / "pages" / "secret.md").chmod(0)  # the fingerprint read it: a traceback (a tester)
    drop = (["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--inh-caps=-dac_override,-dac_read_search",
             "--"] if os.geteuid() == 0 else [])
    env = {**os.environ, "BRIEFKIT_CACHE_DIR": str(site_copy / "cache")}
    try:
        result = subprocess.run([*drop, sys.executable, "-m", "briefkit", "build", "--briefings", str(SEED), "--output",
                                 str(output), "--settings", "pelican.conf.py"], capture_output=True, text=True,
                                timeout=300, env=env, cwd=site_copy)
    finally:
        (site_copy / "content" / "pages" / "sub").chmod(0o755)
    assert result.returncode == 1 and "content/pages/sub:1:1: cannot read folder" in result.stderr, result.stderr
    assert "content/pages/secret.md:1:1: cannot read the page: Permission denied" in result.stderr
    assert (output / "p" / "index.html").is_file()  # the last good site, untouched


def test_a_static_file_a_browser_would_run_is_refused(site_copy):
    """`{attach}` copied an HTML or SVG file as it was: opened, its script ran on the site's own address, and it
    loaded another host's picture (a tester). A plain SVG picture is published."""
    files = site_copy / "content" / "files"
    files.mkdir()
    (files / "evil.html").write_text("<p>report</p>", encoding="utf-8")
    (files / "track.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><image href="https://x.example/p.png"/>'
                                     "</svg>", encoding="utf-8")
    # a plain picture: its `onset=` data, a label "onset = …" and Illustrator's foreignObject run nothing (reviewers)
    (files / "ok.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><rect width="9" height="9" onset="2023"/>'
                                  '<text>Conflict onset = 15 April</text><foreignObject requiredExtensions='
                                  '"http://ns.adobe.com/AdobeIllustrator/10.0/"><i:pgfRef xmlns:i="x" xlink:href="#d"/>'
                                  "</foreignObject></svg>", encoding="utf-8")
    # a script with a namespace prefix, and one in UTF-16, passed unseen (a reviewer)
    (files / "ns.svg").write_text('<svg xmlns:s="http://www.w3.org/2000/svg"><s:script>x</s:script></svg>')
    (files / "u16.svg").write_bytes('<svg xmlns="http://www.w3.org/2000/svg"><script>x</script></svg>'.encode("utf-16"))
    page = site_copy / "content" / "pages" / "attach.md"
    page.write_text("Title: A\nSlug: a\n\n[r]({attach}../files/evil.html), ![t]({attach}../files/track.svg), "
                    "![o]({attach}../files/ok.svg), ![n]({attach}../files/ns.svg), ![u]({attach}../files/u16.svg)\n",
                    encoding="utf-8")
    output = site_copy / "site"
    result = build_with(site_copy / "pelican.conf.py", output)
    assert result.returncode == 1 and not output.exists()
    assert "content/files/evil.html:1:1: static file `content/files/evil.html` is a web page" in result.stderr
    assert "content/files/track.svg:1:1: static file `content/files/track.svg` holds `href=\"https://`" in result.stderr
    assert "content/files/ns.svg:1:1: static file `content/files/ns.svg` holds `<s:script`" in result.stderr
    assert "content/files/u16.svg:1:1: static file `content/files/u16.svg` holds `<script`" in result.stderr
    assert "ok.svg" not in result.stderr
    page.write_text("Title: A\nSlug: a\n\n![o]({attach}../files/ok.svg)\n", encoding="utf-8")
    assert build_with(site_copy / "pelican.conf.py", output).returncode == 0 and (output / "a" / "ok.svg").is_file()


def test_a_file_attached_by_a_name_not_in_ascii_is_published(site_copy):
    """`{attach}rapport-été.pdf` made its link and never copied the file: Markdown percent-encodes the address and
    Pelican decodes only `%20` before looking for it (a dead link, unsaid). A name holding `%` as written keeps it."""
    pages = site_copy / "content" / "pages"
    for name in ("rapport-été.pdf", "note café.txt", "100%25.txt"):
        (pages / name).write_text(name, encoding="utf-8")
    (pages / "files.md").write_text("Title: Files\nSlug: files\n\n[r]({attach}rapport-été.pdf) "
                                    "[n]({attach}note%20café.txt) [p]({attach}100%25.txt)\n", encoding="utf-8")
    output = site_copy / "site"
    result = build_with(site_copy / "pelican.conf.py", output)
    assert result.returncode == 0 and " 0 warnings" in result.stderr + result.stdout, result.stderr
    for name in ("rapport-été.pdf", "note café.txt", "100%25.txt"):
        assert (output / "files" / name).read_text(encoding="utf-8") == name


def test_a_file_a_page_and_its_translation_attach_goes_beside_the_page(site_copy):
    """Pelican makes translations' text first, so a file both attach went beside the translation: adding an Arabic
    translation moved the English page's download, its address dead (a tester)."""
    pages = site_copy / "content" / "pages"
    (pages / "files").mkdir()
    (pages / "files" / "x.csv").write_text("a,b\n")
    (pages / "g.md").write_text("Title: Guide\nSlug: guide\n\n[csv]({attach}files/x.csv)\n")
    (pages / "g-ar.md").write_text("Title: دليل\nSlug: guide\nLang: ar\n\n[csv]({attach}files/x.csv)\n", encoding="utf-8")
    output = site_copy / "site"
    assert build_with(site_copy / "pelican.conf.py", output).returncode == 0
    assert (output / "guide" / "files" / "x.csv").is_file() and not (output / "guide-ar" / "files").exists()
    for page in ("guide", "guide-ar"):
        assert 'href="../guide/files/x.csv"' in (output / page / "index.html").read_text(encoding="utf-8")


def test_a_linked_file_deleted_after_a_build_is_gone_as_from_a_clean_build(site_copy):
    """A file a page links with `{static}` or `{attach}`, deleted, stayed published by the next (in-place) build, its
    link warned of as to no file (a tester): the site equals a clean build's."""
    pages, images = site_copy / "content" / "pages", site_copy / "content" / "images"
    images.mkdir()
    (images / "b.txt").write_text("two")
    (pages / "c.txt").write_text("three")
    (pages / "pic.md").write_text("Title: Pic\nSlug: pic\n\nSee [b]({static}/images/b.txt) and [c]({attach}c.txt).\n")
    output = site_copy / "site"
    assert build_with(site_copy / "pelican.conf.py", output).returncode == 0
    assert (output / "images" / "b.txt").is_file() and (output / "pic" / "c.txt").is_file()
    (images / "b.txt").unlink()
    (pages / "c.txt").unlink()
    again = build_with(site_copy / "pelican.conf.py", output)
    assert again.returncode == 0 and "the content folder has no file `/images/b.txt`" in again.stderr
    clean = build_with(site_copy / "pelican.conf.py", site_copy / "clean", cache_dir=site_copy / "cache2")
    assert clean.returncode == 0 and digest_tree(output) == digest_tree(site_copy / "clean")
    assert not (output / "images").exists() and not (output / "pic" / "c.txt").exists()


def test_a_link_to_a_folder_holding_it_in_the_content_folder_is_refused(site_copy):
    """`ln -s . again` in content/pages made Pelican read every page forty times, and `ln -s .. up` hung the build
    (a tester): refused before Pelican walks them, by check and build alike."""
    os.symlink(".", site_copy / "content" / "pages" / "again")
    os.symlink("..", site_copy / "content" / "pages" / "up")
    result = build_with(site_copy / "pelican.conf.py", site_copy / "site")
    refused = "symbolic link to a folder that holds it, which Pelican would read round and round; refused"
    assert result.returncode == 1 and [line.split("pages/", 1)[1] for line in result.stderr.splitlines()
                                       if "content/pages/" in line] == [f"again:1:1: {refused}", f"up:1:1: {refused}"]
    checked = subprocess.run([sys.executable, "-m", "briefkit", "check", "--briefings", str(SEED), "--settings",
                              "pelican.conf.py"], capture_output=True, text=True, timeout=300, cwd=site_copy)
    assert checked.returncode == 1 and f"content/pages/up:1:1: {refused}" in checked.stderr
    # a loop of two links, each to a folder beside it, is one too (a reviewer: it passed check)
    for name in ("again", "up"):
        os.unlink(site_copy / "content" / "pages" / name)
    (site_copy / "content" / "pages" / "a").mkdir()
    (site_copy / "content" / "pages" / "b").mkdir()
    os.symlink("../b", site_copy / "content" / "pages" / "a" / "l")
    os.symlink("../a", site_copy / "content" / "pages" / "b" / "m")
    checked = subprocess.run([sys.executable, "-m", "briefkit", "check", "--briefings", str(SEED), "--settings",
                              "pelican.conf.py"], capture_output=True, text=True, timeout=300, cwd=site_copy)
    assert checked.returncode == 1 and [line for line in checked.stderr.splitlines() if "pages/" in line] == [
        f"content/pages/b/m:1:1: {refused}"]
    # in a folder Pelican does not read, a loop fails nothing (a reviewer: `content/drafts/up` failed the build)
    shutil.rmtree(site_copy / "content" / "pages" / "a")
    shutil.rmtree(site_copy / "content" / "pages" / "b")
    (site_copy / "content" / "drafts").mkdir()
    os.symlink("..", site_copy / "content" / "drafts" / "up")
    assert build_with(site_copy / "pelican.conf.py", site_copy / "site").returncode == 0


def test_a_content_page_over_a_mebibyte_is_refused_unread(site_copy):
    """A sparse page of a gigabyte was read whole by the build (7 s, 2 GB of memory), and one of 3 GB ended in a
    MemoryError said at the settings (a tester): a page is at most 1 MiB, as a fact sheet."""
    page = site_copy / "content" / "pages" / "huge.md"
    with page.open("wb") as handle:
        handle.write(b"Title: Huge\n\n")
        handle.truncate(64 * 1024 * 1024)  # sparse: no disk, and a read of it all would cost 64 MB
    result = build_with(site_copy / "pelican.conf.py", site_copy / "site")
    assert result.returncode == 1 and "content/pages/huge.md:1:1: the page is larger than 1024 KiB; split it" \
        in result.stderr, result.stderr


def test_a_static_file_whose_name_is_not_utf8_is_refused(site_copy):
    """A static file named in bytes that are not UTF-8 was published with no error, and a stray Python warning of a
    "narrow Python build" (a reviewer)."""
    settings = site_copy / "pelican.conf.py"
    settings.write_text(settings.read_text(encoding="utf-8") + '\nSTATIC_PATHS = ["images"]\n', encoding="utf-8")
    (site_copy / "content" / "images").mkdir()
    (site_copy / "content" / "images" / os.fsdecode(b"x\xff.png")).write_bytes(b"png")
    result = build_with(settings, site_copy / "site")
    assert result.returncode == 1 and "Warning" not in result.stderr, result.stderr
    assert "content/images/x\\xff.png:1:1: the file name is not UTF-8; rename the file" in result.stderr


def test_a_draft_content_page_is_not_published(site_copy):
    """`Status: draft` went to drafts/pages/<slug>.html, outside the site's scheme and with broken links."""
    output = site_copy / "site"
    (site_copy / "content" / "pages" / "wip.md").write_text("Title: WIP\nSlug: wip\nStatus: draft\n\nNot yet.\n")
    assert build_with(site_copy / "pelican.conf.py", output).returncode == 0
    assert not (output / "drafts").exists() and not (output / "wip").exists()
    assert not [p for p in output.rglob("*.html") if "Not yet." in p.read_text(encoding="utf-8")]


def test_a_translated_content_page_is_published_beside_its_original(site_copy):
    """`Lang: fr` of the page at about/ goes to about-fr/ (Pelican's default, pages/about-fr.html, left the scheme)."""
    output = site_copy / "site"
    (site_copy / "content" / "pages" / "about-fr.md").write_text("Title: À propos\nSlug: about\nLang: fr\n\nBonjour.\n")
    result = build_with(site_copy / "pelican.conf.py", output)
    assert result.returncode == 0, result.stderr
    assert "Bonjour." in (output / "about-fr" / "index.html").read_text(encoding="utf-8")
    assert not (output / "pages").exists()
    # and reached: it had been in no link, no sitemap and no search index, its French marked English (a tester)
    french = (output / "about-fr" / "index.html").read_text(encoding="utf-8")
    english = (output / "about" / "index.html").read_text(encoding="utf-8")
    assert '<article class="prose" data-pagefind-body lang="fr">' in french
    assert '<a href="../about/" hreflang="en" lang="en">English</a>' in french
    assert '<a href="../about-fr/" hreflang="fr" lang="fr">Français</a>' in english
    assert '<link rel="alternate" hreflang="fr" href="https://example.invalid/about-fr/">' in english
    assert "warning" not in result.stderr
    # one that translates no page of the site's language is published alone, linked from none: a warning (a tester)
    (site_copy / "content" / "pages" / "hi.md").write_text("Title: गाइड\nSlug: guide\nLang: hi\n\nपाठ।\n", encoding="utf-8")
    alone = build_with(site_copy / "pelican.conf.py", output)
    assert alone.returncode == 0 and "content/pages/hi.md:1:1: warning: this page is in `hi`, but no page in the site's " \
        "language (`en`) has its slug `guide`: it is published at `guide-hi/` with no link to or from a translation; " \
        "give the page it translates `Slug: guide`" in alone.stderr, alone.stderr
    assert "/about-fr/</loc>" in (output / "sitemap.xml").read_text(encoding="utf-8")
    fragments = [gzip.decompress(p.read_bytes()) for p in (output / "pagefind").rglob("*.pf_fragment")]
    assert any(b"Bonjour" in fragment for fragment in fragments)


def test_a_content_pages_summary_is_markdown_and_its_struck_text_is_left_out(site_copy):
    """`Summary: Our ~~old~~ method` reached the page's description with its tildes and the struck word (a tester):
    the summary is Markdown, as Pelican's own readers take it, and its plain text leaves struck text out."""
    page = site_copy / "content" / "pages" / "methodology.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(re.sub(r"(?m)^Summary: .*$", "Summary: Our ~~old~~ *method* for weighing & grading claims.", text),
                    encoding="utf-8")
    assert build_with(site_copy / "pelican.conf.py", site_copy / "site").returncode == 0
    built = (site_copy / "site" / "methodology" / "index.html").read_text(encoding="utf-8")
    assert '<meta name="description" content="Our method for weighing &amp; grading claims.">' in built
    assert 'og:description" content="Our method for weighing &amp; grading claims."' in built


def test_a_page_the_theme_links_on_every_page_is_a_warning_when_missing(site_copy):
    """about.md deleted: the menu's About link was dead on every page, and the build said nothing (a tester)."""
    (site_copy / "content" / "pages" / "about.md").unlink()
    result = build_with(site_copy / "pelican.conf.py", site_copy / "site")
    assert result.returncode == 0
    assert ("content/pages:1:1: warning: the theme links `about/` on every page, but no content page is published "
            "there: write content/pages/about.md (`Slug: about`)") in result.stderr
    assert "methodology/` on every page" not in result.stderr


def test_a_pages_translations_are_listed_in_one_order_whatever_the_hash_seed(site_copy, monkeypatch):
    """Pelican lists translations in the order it read them, which follows a set's: two clean builds listed "Also in:
    Français, العربية" and the other way round (a tester). They are listed by language tag."""
    pages = site_copy / "content" / "pages"
    (pages / "about-fr.md").write_text("Title: À propos\nSlug: about\nLang: fr\n\nBonjour.\n", encoding="utf-8")
    (pages / "about-ar.md").write_text("Title: حول\nSlug: about\nLang: ar\n\nمرحبا.\n", encoding="utf-8")
    built = []
    for seed in ("7", "8", "9", "10"):
        monkeypatch.setenv("PYTHONHASHSEED", seed)
        output = site_copy / f"site-{seed}"
        assert build_with(site_copy / "pelican.conf.py", output, cache_dir=site_copy / f"cache-{seed}").returncode == 0
        built.append([(output / name / "index.html").read_bytes() for name in ("about", "about-fr", "about-ar")])
    assert all(pages == built[0] for pages in built)
    assert built[0][0].index(b'hreflang="ar" lang="ar"') < built[0][0].index(b'hreflang="fr" lang="fr"')


@pytest.mark.parametrize(("page", "expected"), [
    (b"Title: T\nSlug: t\nTemplate: nosuch\n\nBody.\n",
     "content/pages/t.md:3:1: `Template: nosuch` names no template of the theme; leave the header out for the page's own"),
    (b"Title: T\nSlug: t\nTemplate: ../../../etc/passwd\n\nBody.\n", "content/pages/t.md:3:1: `Template: ../../../etc/passwd`"),
    # the theme's templates of its own pages and parts: a failure in the theme's file, or an empty page (a tester)
    (b"Title: T\nSlug: t\nTemplate: data\n\nBody.\n", "content/pages/t.md:3:1: `Template: data` names a template of the "
                                                     "theme that does not show a page's text (`page.content`); leave the "
                                                     "header out for the page's own"),
    (b"Title: T\nSlug: t\nTemplate: macros\n\nBody.\n", "content/pages/t.md:3:1: `Template: macros` names a template"),
    (b"Title: T\nSlug: t\nTemplate: base\n\nBody.\n", "content/pages/t.md:3:1: `Template: base` names a template"),
    (b"Title: Bad\xff\nSlug: t\n\nBody.\n", "content/pages/t.md:1:11: not valid UTF-8 (byte 10); save the page as UTF-8"),
    (b"Title: T\nSlug: t\nDate: 2021-02-30\n\nBody.\n", "content/pages/t.md:3:1: `Date: 2021-02-30` cannot be read"),
    (b"Title: T\nSlug: t\n\nSee [a](javascript:x) and [b](ftp://y) then ![i](javascript:x)\n\n[r]: vbscript:q\n",
     "content/pages/t.md:4:9: link scheme `javascript:`"),
    # Pelican keeps the scheme after its `{…}`: `javascript:/tag/g.html?0:alert(…)` was published (a tester)
    (b"Title: T\nSlug: t\n\n[a]({tag}javascript:g?0:alert(1))\n", "content/pages/t.md:4:5: link "
     "`{tag}javascript:g?0:alert(1)`: `{tag}` names no kind of page of this site; use {filename}, {static}, {attach} "
     "or {index}"),
    (b"Title: T\nSlug: t\n\n[a]({static}javascript:g?alert(1):0)\n", "content/pages/t.md:4:5: link "
     "`{static}javascript:g?alert(1):0`: a `{static}` link is followed by a path in the content folder, not by an "
     "address with a scheme"),
    (b"Title: T\nSlug: t\n\n[a]({a-b}javascript:alert(1))\n", "content/pages/t.md:4:5: link `{a-b}javascript:"),
    # What Pelican skipped with a log line while the build went on, or published untitled:
    (b"Title: T\nSlug: ../../elsewhere\n\nBody.\n", "content/pages/t.md:2:1: `Slug: ../../elsewhere` is no path inside "
                                                   "the site (it would lead out, or hold a `.` part, `?`, `#`, `%`, `:`); write one "
                                                   "such as `about`"),
    (b"Title: T\nSave_as: ../x.html\n\nBody.\n", "content/pages/t.md:2:1: `Save_as: ../x.html` is no path inside the site"),
    (b"Title: T\nSlug: x?y\n\nBody.\n", "content/pages/t.md:2:1: `Slug: x?y` is no path inside the site"),
    # written where its address does not serve it: unstyled, its links, canonical link and sitemap entry dead (a tester)
    (b"Title: T\nSlug: deep\nSave_as: a/b/c/index.html\n\nBody.\n", "content/pages/t.md:3:1: `Save_as: a/b/c/index.html` "
     "is not where the page's address `deep/` serves it (`deep/index.html`): leave `Save_as:` out, or give a `Url:` "
     "that serves it"),
    # an address that does not serve where the page is saved, or a `.` part: its depth, links and canonical
    # address wrong (an empty `Url:` claimed the home page: a tester)
    (b"Title: T\nSlug: p\nUrl:\n\nBody.\n", "content/pages/t.md:3:1: `Url: ` is not the address of the page, which "
                                           "is saved at `p/index.html`: write `Url: p/`, or leave `Url:` out"),
    (b"Title: T\nSlug: p\nUrl: P/\n\nBody.\n", "content/pages/t.md:3:1: `Url: P/` is not the address of the page"),
    (b"Title: T\nSlug: a/./p\n\nBody.\n", "content/pages/t.md:2:1: `Slug: a/./p` is no path inside the site"),
    # no URL in a sitemap, or an address read reordered (a tester)
    (b"Title: T\nSlug: a b\n\nBody.\n", "content/pages/t.md:2:1: `Slug:` holds a space, which an address cannot hold "
                                       "as written: use letters, digits, `-`, `_`, `.` and `/`, such as `about-us`"),
    (b"Title: T\nSave_as: a\"b<c>.html\n\nBody.\n", "content/pages/t.md:2:1: `Save_as:` holds `\"`, which an address"),
    ("Title: T\nSlug: rl\u202eo\n\nBody.\n".encode(), "content/pages/t.md:2:1: `Slug:` holds U+202E, which an address"),
    (b"Title:\nSlug: t\n\nBody.\n", "content/pages/t.md:1:1: a content page needs a `Title:` header"),
    (b"Title: T\nStatus: bogus\n\nBody.\n", "content/pages/t.md:2:1: `Status: bogus` is not a status: use published, "
                                           "hidden or draft"),
    (b"Slug: t\n\nBody.\n", "content/pages/t.md:1:1: a content page needs a `Title:` header"),
    (b"Title: T\nSlug: about\nLang: x/../../../evil\n\nBody.\n", "content/pages/t.md:3:1: `Lang: x/../../../evil` is "
                                                                "not a language code such as `fr` or `pt-BR`"),
    # the site's own language in capitals: a "translation" of the English page into English (a tester)
    (b"Title: T\nSlug: about\nLang: EN\n\nBody.\n", "content page `content/pages/t.md` and content page "
                                                   "`content/pages/about.md` would both be written to `about/index.html`"),
    # a country's code, refused as a source's `lang` is (a tester)
    (b"Title: T\nSlug: about\nLang: jp\n\nBody.\n", "content/pages/t.md:3:1: `Lang` must be a BCP 47 language tag, "
                                                    "such as `fr`, not `jp`: `jp` is no language's code (it is a "
                                                    "country's); did you mean `ja`?"),
    # a `Summary:` header's link, refused as the body's (it passed without a word: a tester)
    (b"Title: T\nSlug: t\nSummary: See [x](javascript:alert(1)).\n\nBody.\n", "content/pages/t.md:3:18: link scheme "
                                                                             "`javascript:` is not allowed"),
    # A translation is in none of Pelican's lists: its problems were never seen.
    (b"Title: T\nSlug: about\nLang: fr\n\nSee [a](javascript:x).\n", "content/pages/t.md:5:9: link scheme `javascript:`"),
    # Pelican's own readers publish raw HTML: refused, with the page's place.
    ((b"<html><body><script>alert(1)</script></body></html>", "t.html"), "content/pages/t.html:1:1: content pages are "
     "Markdown (.md or .markdown), whose raw HTML is left out; this file is not read: write it in Markdown"),
    ((b"T\n=\n\n.. raw:: html\n\n   <script>alert(2)</script>\n", "t.rst"), "content/pages/t.rst:1:1: content pages "
                                                                           "are Markdown"),
])
def test_a_content_page_that_cannot_be_read_fails_the_build_at_its_place(site_copy, page, expected):
    """Pelican would log a line, leave the page out and build (or raise a traceback for a template it cannot find)."""
    output = site_copy / "site"
    page, name = page if isinstance(page, tuple) else (page, "t.md")
    (site_copy / "content" / "pages" / name).write_bytes(page)
    result = build_with(site_copy / "pelican.conf.py", output)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert expected in result.stderr
    assert not output.exists() and staging_folders(output) == []


@pytest.mark.parametrize("slug", ["theme/css/site.css", "robots.txt", "sitemap.xml", "data/graph.json", "feeds/x",
                                  "pagefind"])
def test_a_content_page_on_a_file_the_build_writes_fails_the_build(site_copy, slug):
    """Pelican would publish the stylesheet as a folder (every page then loses it), or fail on a staging path."""
    output = site_copy / "site"
    (site_copy / "content" / "pages" / "t.md").write_text(f"Title: T\nSlug: {slug}\n\nBody.\n", encoding="utf-8")
    result = build_with(site_copy / "pelican.conf.py", output)
    assert result.returncode == 1 and "Traceback" not in result.stdout + result.stderr
    assert f"content/pages/t.md:1:1: content page `content/pages/t.md` would be written to `{slug}/index.html`" \
        in result.stderr
    assert not output.exists() and staging_folders(output) == []


def test_refused_links_in_a_content_page_are_each_placed_once(site_copy):
    (site_copy / "content" / "pages" / "t.md").write_text(
        "Title: T\nSlug: t\n\nText javascript:x first. ![i](javascript:x) and [w](<javascript:y>)\n\n[r][r]\n\n"
        "[r]: vbscript:q\n", encoding="utf-8")
    result = build_with(site_copy / "pelican.conf.py", site_copy / "site")
    lines = [line for line in result.stderr.splitlines() if line.startswith("content/pages/t.md:")]
    assert [line.split(": ", 1)[0] for line in lines] == ["content/pages/t.md:4:31", "content/pages/t.md:4:54",
                                                          "content/pages/t.md:8:6"], result.stderr


def processes_writing_under(folder: Path) -> list[str]:
    """The command lines of running processes that name a path under folder (Pagefind names its output)."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            args = cmdline.read_bytes().split(b"\0")
        except OSError:
            continue  # ended meanwhile
        if any(arg.startswith(str(folder).encode()) for arg in args) and b"pytest" not in b" ".join(args):
            found.append(b" ".join(args).decode(errors="replace"))
    return found


@pytest.mark.parametrize(("broken", "message"), [
    ("{% if %}", "template: Expected an expression, got 'end of statement block'"),
    ("{{ no_such_name }}", "template: 'no_such_name' is undefined"),  # raised while rendering, in the workers too
    ("{{ 1/0 }}", "template: ZeroDivisionError: division by zero"),  # Python's own errors: once a traceback
    ("{% for x in 5 %}{% endfor %}", "template: TypeError: 'int' object is not iterable"),
])
def test_a_broken_template_is_a_problem_at_its_line_and_publishes_nothing(site_copy, broken, message):
    output = site_copy / "site"
    assert build_with(site_copy / "pelican.conf.py", output).returncode == 0
    before = digest_tree(output)
    base = site_copy / "theme" / "templates" / "base.html"
    lines = base.read_text(encoding="utf-8").splitlines(keepends=True)
    line = next(n for n, text in enumerate(lines, 1) if "</footer>" in text)
    lines[line - 1] = lines[line - 1].replace("</footer>", broken + "</footer>")
    base.write_text("".join(lines), encoding="utf-8")
    result = build_with(site_copy / "pelican.conf.py", output)
    assert result.returncode == 1 and "Traceback" not in result.stdout + result.stderr
    assert f"theme/templates/base.html:{line}:1: {message}" in result.stderr  # as the editor types it, from where it runs
    assert digest_tree(output) == before and staging_folders(output) == []


# --- atomic swap, SIGKILL, concurrent builds --------------------------------------------------------


def staging_folders(output: Path) -> list[Path]:
    return sorted(output.parent.glob(f".{output.name}.staging-*"))


def wait_until(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)


@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory) -> Path:
    """2,000 entity pages of generated, valid fact sheets (1,400 incidents)."""
    folder = tmp_path_factory.mktemp("big") / "corpus"
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "gen_corpus.py"), "2000", str(folder)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return folder


def start_build(briefings: Path, output: Path, cache_dir: Path) -> subprocess.Popen:
    """A build in its own process group (so its render workers can be killed with it)."""
    env = {**os.environ, "BRIEFKIT_CACHE_DIR": str(cache_dir)}
    return subprocess.Popen([sys.executable, "-m", "briefkit", "build", "--briefings", str(briefings), "--output", str(output),
                             "--settings", str(SETTINGS)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                            cwd=ROOT, start_new_session=True)


def finish(build: subprocess.Popen) -> None:
    """Read a stopped build's output to its end: the end of its pipes, which children left alive hold open.

    Such children are a failure, not a reason to wait for ever: after two minutes, they are killed.
    """
    try:
        build.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        os.killpg(build.pid, signal.SIGKILL)
        build.communicate()
        raise AssertionError("the stopped build's children were still running after 2 minutes") from None


def test_a_build_killed_while_rendering_leaves_the_last_good_site(tmp_path, big_corpus, sheets):
    output = tmp_path / "site"
    assert build_folder(sheets, output, BRIEFKIT_CACHE_DIR=str(tmp_path / "cache")).returncode == 0
    before = digest_tree(output)

    build = start_build(big_corpus, output, tmp_path / "cache")
    try:
        def rendering() -> bool:  # some of the 1,400 incident pages are in the staging folder
            assert build.poll() is None, "the build ended before it could be killed"
            return any(len(list((folder / "incidents").glob("*/index.html"))) >= 20 for folder in staging_folders(output))

        wait_until(rendering, 180, "rendering to start")
    finally:
        os.killpg(build.pid, signal.SIGKILL)  # the build and its render workers, mid-write
        finish(build)
    assert build.returncode == -signal.SIGKILL

    assert digest_tree(output) == before  # byte for byte the last good site
    assert staging_folders(output)  # the killed build's staging folder is left …
    # … until the next build, even one with nothing to do: it sets the folder aside, to be deleted in the background
    # (it stayed, a whole site beside the output, until a build with work to do: found by a tester).
    idle = build_folder(sheets, output, BRIEFKIT_CACHE_DIR=str(tmp_path / "cache"))
    assert idle.returncode == 0 and "Up to date" in idle.stdout + idle.stderr
    assert staging_folders(output) == [] and digest_tree(output) == before
    wait_until(lambda: not list(tmp_path.glob(".site.old-*")), 60, "the set-aside folder to be deleted")
    # The lock died with the build, and the next build publishes normally …
    sheet = sorted(sheets.glob("*.yaml"))[0]
    sheet.write_text(sheet.read_text() + "# edited\n")  # an edit, so the build is not a no-op
    build = start_build(big_corpus, output, tmp_path / "cache")  # killed again: a build with work to do …
    try:
        wait_until(lambda: any(len(list((f / "incidents").glob("*/index.html"))) >= 20 for f in staging_folders(output)),
                   180, "rendering to start")
    finally:
        os.killpg(build.pid, signal.SIGKILL)
        finish(build)
    assert build_folder(sheets, output, BRIEFKIT_CACHE_DIR=str(tmp_path / "cache")).returncode == 0
    assert staging_folders(output) == []  # … clears what the killed one left
    manifest = ".briefkit-manifest"  # it records the edited input
    assert {k: v for k, v in pages_of(output).items() if k != manifest} == {
        path: digest for path, digest in before.items() if not path.startswith("pagefind/") and path != manifest}


@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM])
def test_a_build_whose_own_process_is_stopped_leaves_no_child_holding_the_lock(tmp_path, big_corpus, sheets, signum):
    """`kill PID` (a CI timeout) stops the build's process only: its children must not outlive it with the lock."""
    output = tmp_path / "site"
    build = start_build(big_corpus, output, tmp_path / "cache")
    try:
        wait_until(lambda: any(len(list((f / "incidents").glob("*/index.html"))) >= 20 for f in staging_folders(output)),
                   180, "rendering to start")
    finally:
        os.kill(build.pid, signum)  # the parent alone, as `kill PID` does
        finish(build)
    # Forked children show the build's own command line, which names tmp_path; Pagefind names its staging folder.
    wait_until(lambda: processes_writing_under(tmp_path) == [], 60, "the build's children to end")
    again = subprocess.run([sys.executable, "-m", "briefkit", "build", "--briefings", str(sheets), "--output", str(output),
                            "--settings", str(SETTINGS)], capture_output=True, text=True, timeout=240,
                           env={**os.environ, "BRIEFKIT_CACHE_DIR": str(tmp_path / "cache")})
    assert again.returncode == 0, again.stderr  # the lock is free: the next build neither waits nor fails
    assert staging_folders(output) == []


def blocked_in_flock(process: subprocess.Popen) -> bool:
    """True once the process sleeps in the kernel's file-lock wait (after 2 s where /proc hides that)."""
    try:
        with open(f"/proc/{process.pid}/wchan") as handle:
            wchan = handle.read()
    except OSError:
        wchan = "0"
    if wchan in ("", "0"):
        time.sleep(2)
        return True
    return "lock" in wchan


def test_a_build_waits_for_the_lock(tmp_path):
    output = tmp_path / "site"
    with open(tmp_path / ".site.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another build is publishing
        build = start_build(SEED, output, tmp_path / "cache")
        try:
            wait_until(lambda: blocked_in_flock(build) or build.poll() is not None, 120, "the build to reach the lock")
            assert build.poll() is None  # still waiting
            assert not output.exists() and staging_folders(output) == []
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
        out, err = build.communicate(timeout=300)
    assert build.returncode == 0, err
    assert (output / "index.html").is_file()
    assert f"Waiting for another build of {output} to finish…" in err.decode()  # said: a waiting build looked hung


@pytest.fixture(scope="module")
def two_corpora(tmp_path_factory):
    """Two different inputs and the site each builds on its own."""
    base = tmp_path_factory.mktemp("two")
    other = base / "other"
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "gen_corpus.py"), "100", str(other)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    sites = {}
    for name, briefings in (("seed", SEED), ("other", other)):
        assert build_folder(briefings, base / f"ref-{name}", BRIEFKIT_CACHE_DIR=str(base / "cache")).returncode == 0
        sites[name] = pages_of(base / f"ref-{name}")
    return {"seed": SEED, "other": other}, sites, base / "cache"


def pages_of(site: Path) -> dict[str, str]:
    """digest_tree without the search index, whose file names differ from build to build."""
    return {path: digest for path, digest in digest_tree(site).items() if not path.startswith("pagefind/")}


def test_two_builds_at_once_never_mix(tmp_path, two_corpora):
    inputs, references, cache_dir = two_corpora
    output = tmp_path / "site"
    builds = [start_build(inputs["seed"], output, cache_dir), start_build(inputs["other"], output, cache_dir)]
    for build in builds:
        out, err = build.communicate(timeout=300)
        assert build.returncode == 0, err
    final = pages_of(output)
    assert final in (references["seed"], references["other"])  # one whole build, never a mix
    assert staging_folders(output) == []


# --- the parse cache cannot run planted code --------------------------------------------------------


class Planted:
    """A pickle that runs code when loaded."""

    def __init__(self, marker: str):
        self.marker = marker

    def __reduce__(self):
        return (os.mkdir, (self.marker,))


def test_a_planted_cache_file_is_never_unpickled(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFKIT_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "briefings"
    folder.mkdir()
    (folder / "t.yaml").write_text("sources: [{id: r, publisher: R}]\n")
    marker = tmp_path / "code-ran"
    target = cache.cache_file(str(folder))
    target.parent.mkdir(parents=True)
    # What a pull request could commit: a cache file for the path CI checks out to.
    target.write_bytes(pickle.dumps(Planted(str(marker))))
    assert [e.id for e in check(str(folder)).entities.values()] == ["r"]
    assert not marker.exists()
    # Signed with another key (copied from another machine, say): ignored as well.
    target.write_bytes(b"\0" * 32 + pickle.dumps(Planted(str(marker))))
    check(str(folder))
    assert not marker.exists()


def test_a_planted_delta_of_the_parse_cache_is_never_unpickled(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFKIT_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "briefings"
    folder.mkdir()
    (folder / "t.yaml").write_text("sources: [{id: r, publisher: R}]\n")
    check(str(folder))  # a whole cache file of this user's: the delta is read beside it
    marker = tmp_path / "code-ran"
    for forged in (pickle.dumps(Planted(str(marker))), b"\0" * 32 + pickle.dumps(Planted(str(marker)))):
        cache.delta_file(str(folder)).write_bytes(forged)
        assert [e.id for e in check(str(folder)).entities.values()] == ["r"]
        assert not marker.exists()


def test_a_prefetched_cache_file_is_taken_once_and_only_as_the_version_it_read(tmp_path, monkeypatch):
    """cache.prefetch: read_signed takes the payload a thread read and checked, unless the file has changed
    since (read again), and a forked child never waits for a read its parent had not finished."""
    monkeypatch.setenv("BRIEFKIT_CACHE_DIR", str(tmp_path / "cache"))
    target = tmp_path / "cache" / "x.pickle"
    cache.write_signed(target, b"first")
    cache.prefetch(target)
    assert bytes(cache.read_signed(target)) == b"first"
    assert target not in cache._prefetched  # taken once
    cache.prefetch(target)
    cache._prefetched[target].ready.wait()
    cache.write_signed(target, b"second")  # replaced after the thread read it
    assert bytes(cache.read_signed(target)) == b"second"
    target.write_bytes(b"\0" * 32 + b"planted")  # signed with no key of ours: the thread's check refuses it too
    cache.prefetch(target)
    assert cache.read_signed(target) is None
    cache.write_signed(target, b"third")
    unfinished = cache._Prefetch.__new__(cache._Prefetch)  # as a forked child sees a read still running
    unfinished.path, unfinished.pid, unfinished.ready, unfinished.found = target, -1, threading.Event(), (None, None)
    cache._prefetched[target] = unfinished
    assert bytes(cache.read_signed(target)) == b"third"
    cache.prefetch(target)
    cache.drop_prefetched()
    assert not cache._prefetched


@pytest.mark.parametrize("fails", ["as the file is closed", "as it replaces the last one"])
def test_a_cache_file_that_cannot_be_written_leaves_no_copy_behind(tmp_path, monkeypatch, fails):
    """On a full disk the last bytes fail to reach the file only as it is closed; its copy was left in the cache
    folder, empty or half written, one more each build (found by a tester)."""
    import errno
    import tempfile

    monkeypatch.setenv("BRIEFKIT_CACHE_DIR", str(tmp_path / "cache"))
    target = tmp_path / "cache" / "x.pickle"
    cache.write_signed(target, b"first")

    class Full:
        """A temporary file whose buffered bytes fail to be written when it is closed."""
        def __init__(self, handle):
            self.handle, self.name = handle, handle.name
        def __enter__(self):
            return self
        def write(self, data):
            return len(data)  # buffered: no error yet
        def __exit__(self, *exc):
            self.handle.close()
            raise OSError(errno.ENOSPC, "No space left on device")

    if fails == "as the file is closed":
        made = tempfile.NamedTemporaryFile
        monkeypatch.setattr(cache.tempfile, "NamedTemporaryFile", lambda **kw: Full(made(**kw)))
    else:
        def full(*_):
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(cache.os, "replace", full)
    cache.write_signed(target, b"second")
    assert sorted(p.name for p in target.parent.iterdir()) == ["x.pickle"]
    monkeypatch.undo()
    assert bytes(cache.read_signed(target)) == b"first"  # the last one is kept


def test_a_process_forks_only_once_its_prefetching_threads_are_done(tmp_path, monkeypatch):
    """cache._settle (os.register_at_fork): a fork waits for the reads in flight, so that no child is made while
    a thread holds a lock the child would need (OpenSSL's while it makes an HMAC)."""
    from briefkit.background import Background

    monkeypatch.setenv("BRIEFKIT_CACHE_DIR", str(tmp_path / "cache"))
    target = tmp_path / "cache" / "x.pickle"
    cache.write_signed(target, b"payload")
    read = cache._read_signed
    monkeypatch.setattr(cache, "_read_signed", lambda path: time.sleep(0.5) or read(path))
    cache.prefetch(target)
    assert not cache._prefetched[target].ready.is_set()  # still reading
    assert Background(lambda: cache._prefetched[target].ready.is_set()).result()  # done before the child was made
    assert bytes(cache.read_signed(target)) == b"payload"


def _sheets(folder: Path, count: int) -> list[Path]:
    folder.mkdir()
    paths = [folder / f"s{n:02}.yaml" for n in range(count)]
    for n, path in enumerate(paths):
        path.write_text(f"sources: [{{id: r{n}, publisher: P{n}}}]\n")
    return paths


@pytest.mark.parametrize("which", ["sheets-*.delta.pickle", "sheets-????????????????.pickle", "opendata-*.pickle"])
def test_a_folder_in_a_cache_file_s_place_is_ignored_like_any_unreadable_cache(tmp_path, which):
    """A folder where a cache file goes (the whole parse cache, its delta, the open-data memo): the build reads
    nothing from it (no traceback, in the build or its prefetching threads) and writes the site as ever."""
    folder, cache_dir, output = tmp_path / "briefings", tmp_path / "cache", tmp_path / "site"
    paths = _sheets(folder, 30)
    env = {"BRIEFKIT_CACHE_DIR": str(cache_dir)}
    assert build_folder(folder, output, **env).returncode == 0
    paths[0].write_text("sources: [{id: r0, publisher: Edited0}]\n")
    assert build_folder(folder, output, **env).returncode == 0  # writes the delta
    [planted] = cache_dir.glob(which)
    planted.unlink()
    planted.mkdir()
    for n in (1, 2):
        paths[n].write_text(f"sources: [{{id: r{n}, publisher: Edited{n}}}]\n")
        result = build_folder(folder, output, **env)
        assert result.returncode == 0 and "Traceback" not in result.stdout + result.stderr, result.stderr
    assert build_folder(folder, tmp_path / "clean", BRIEFKIT_CACHE_DIR=str(tmp_path / "cache2")).returncode == 0
    assert digest_tree(output) == digest_tree(tmp_path / "clean")


def test_an_edit_adds_a_small_delta_to_the_parse_cache_until_a_tenth_has_changed(tmp_path, monkeypatch):
    """cache.write_cache: a check that parsed a sheet or two writes only their results, beside the whole file;
    the results it holds are those a fresh parse gives; past a tenth of the whole, the whole file is written again."""
    monkeypatch.setenv("BRIEFKIT_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "briefings"
    paths = _sheets(folder, 30)
    check(str(folder))
    whole, delta = cache.cache_file(str(folder)), cache.delta_file(str(folder))
    written = whole.read_bytes()
    for n in range(3):  # 3 of 30: a tenth
        paths[n].write_text(f"sources: [{{id: r{n}, publisher: Edited{n}}}]\n")
        monkeypatch.setattr(cache, "_whole_keys", {})  # a new process: it knows the whole file by reading it
        project = check(str(folder))
        assert project.entities[f"r{n}"].data["publisher"] == f"Edited{n}"
        assert whole.read_bytes() == written and delta.is_file()
        assert len(cache.read_blobs(str(folder))) == 30 + n + 1  # the stale results stay in the whole file
    monkeypatch.setattr(cache, "_whole_keys", {})
    timings = Timings()
    again = check(str(folder), timings)  # every result from the whole file and its delta: nothing parsed
    assert "(0 parsed)" in timings.stages[0].unit
    assert [again.entities[f"r{n}"].data["publisher"] for n in range(4)] == ["Edited0", "Edited1", "Edited2", "P3"]
    paths[3].write_text("sources: [{id: r3, publisher: Edited3}]\n")  # a fourth: past a tenth
    monkeypatch.setattr(cache, "_whole_keys", {})
    assert check(str(folder)).entities["r3"].data["publisher"] == "Edited3"
    assert whole.read_bytes() != written and not delta.exists()
    assert len(cache.read_blobs(str(folder))) == 30  # this run's results only
    fresh = check(str(folder), use_cache=False)
    assert {e.id: e.data for e in check(str(folder)).entities.values()} == {e.id: e.data for e in fresh.entities.values()}


@pytest.fixture
def templates(tmp_path, monkeypatch) -> Path:
    """A template folder with one template, t.html, and a cache folder of this test's own."""
    monkeypatch.setenv("BRIEFKIT_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "t.html").write_text("{{ x }}!\n")
    return folder


def test_a_planted_compiled_template_is_never_loaded(tmp_path, templates):
    assert render.environment(str(templates)).get_template("t.html").render(x="a") == "a!\n"
    [compiled] = (tmp_path / "cache").glob("template-*")  # this user's, signed: the next build skips compiling
    marker = tmp_path / "code-ran"
    planted = jinja2.bccache.bc_magic + pickle.dumps(Planted(str(marker)))  # Jinja unpickles what follows the magic
    for forged in (planted, b"\0" * 32 + planted):  # unsigned, then signed with another key
        compiled.write_bytes(forged)
        render.environment.cache_clear()
        assert render.environment(str(templates)).get_template("t.html").render(x="b") == "b!\n"
        assert not marker.exists()


def test_compiled_templates_are_reused(templates, monkeypatch):
    render.environment(str(templates)).get_template("t.html")
    render.environment.cache_clear()

    def refuse(*args, **kwargs):
        raise AssertionError("compiled again")

    monkeypatch.setattr(jinja2.Environment, "compile", refuse)
    assert render.environment(str(templates)).get_template("t.html").render(x="<a>") == "&lt;a&gt;!\n"


def test_the_cache_still_works_for_its_own_files(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFKIT_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "briefings"
    folder.mkdir()
    (folder / "t.yaml").write_text("sources: [{id: r, publisher: R}]\n")
    check(str(folder))
    entries = cache.read_cache(str(folder))
    assert len(entries) == 1 and [r.path for r in entries.values()] == [str(folder / "t.yaml")]


# --- a previous output is trusted only when this user's briefkit wrote it -------------------------------


def forge(output: Path) -> None:
    """What a pull request could commit: a site whose manifest claims to be up to date, and a page of its own."""
    manifest = output / ".briefkit-manifest"
    _mac, _, body = manifest.read_bytes().partition(b"\n")  # first line: the HMAC
    size = int.from_bytes(body[:8], "big")  # the rest is the manifest itself: two dicts, the first after its length
    assert {**marshal.loads(body[8 : 8 + size]), **marshal.loads(body[8 + size :])}["pages"]
    manifest.write_bytes(b"\n" + body)  # as the manifest would be without a MAC, or made elsewhere
    (output / "index.html").write_text("<script>window.xss()</script>")
    (output / "actors" / "iran" / "index.html").unlink()  # an unchanged page, to be reused if trusted


def test_a_planted_output_folder_is_not_published_as_up_to_date(tmp_path):
    output = tmp_path / "site"
    env = {"BRIEFKIT_CACHE_DIR": str(tmp_path / "cache")}
    assert build_folder(SEED, output, **env).returncode == 0
    genuine = pages_of(output)
    assert "Up to date" in build_folder(SEED, output, **env).stdout  # the fast path works for its own output
    forge(output)
    result = build_folder(SEED, output, **env)
    assert result.returncode == 0 and "Up to date" not in result.stdout
    assert pages_of(output) == genuine


def test_an_output_signed_with_another_key_is_not_trusted(tmp_path):
    output = tmp_path / "site"
    env = {"BRIEFKIT_CACHE_DIR": str(tmp_path / "cache"), "BRIEFKIT_CACHE_KEY_FILE": str(tmp_path / "key-a")}
    assert build_folder(SEED, output, **env).returncode == 0
    (output / "index.html").write_text("<script>window.xss()</script>")  # tampered after the build
    env["BRIEFKIT_CACHE_KEY_FILE"] = str(tmp_path / "key-b")  # another machine, e.g. a fresh CI runner
    result = build_folder(SEED, output, **env)
    assert result.returncode == 0 and "Up to date" not in result.stdout
    assert "window.xss" not in (output / "index.html").read_text()


def test_planted_links_to_an_endless_device_are_never_read(tmp_path):
    """A committed `.briefkit-cache/sheets-….pickle` or `output/.briefkit-manifest` linking to /dev/zero was read
    in full before its HMAC was checked: memory ran out. The processes run with 1 GiB, to fail, not swap."""
    cache_dir, output = tmp_path / "cache", tmp_path / "site"
    env = {"BRIEFKIT_CACHE_DIR": str(cache_dir)}
    assert build_folder(SEED, output, **env).returncode == 0
    for planted in [*cache_dir.glob("sheets-*.pickle"), output / ".briefkit-manifest"]:
        planted.unlink()
        planted.symlink_to("/dev/zero")
    limit = "import resource, runpy, sys; resource.setrlimit(resource.RLIMIT_AS, (2**30, 2**30)); " \
            "sys.argv = ['briefkit', *sys.argv[1:]]; runpy.run_module('briefkit', run_name='__main__')"
    for command in (["check", "--briefings", str(SEED)],
                    ["build", "--briefings", str(SEED), "--output", str(output), "--settings", str(SETTINGS)]):
        result = subprocess.run([sys.executable, "-c", limit, *command], capture_output=True, text=True, timeout=300,
                                env={**os.environ, **env}, cwd=ROOT)
        assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr[-2000:]


def test_links_planted_where_the_lock_and_cache_go_are_not_written_through(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    os.symlink(elsewhere / "created-by-the-build", tmp_path / ".site.lock")
    os.symlink(elsewhere, tmp_path / "cache")
    result = build_folder(SEED, tmp_path / "site", BRIEFKIT_CACHE_DIR=str(tmp_path / "cache"))
    assert result.returncode != 0  # refuses to lock through a link
    assert list(elsewhere.iterdir()) == []  # … and wrote nothing through either link
    os.unlink(tmp_path / ".site.lock")
    assert build_folder(SEED, tmp_path / "site", BRIEFKIT_CACHE_DIR=str(tmp_path / "cache")).returncode == 0
    assert list(elsewhere.iterdir()) == []


def test_a_pipe_where_the_lock_goes_fails_the_build_at_once(tmp_path):
    """A FIFO at `.site.lock` had the build wait for good to open it, saying nothing (a tester)."""
    os.mkfifo(tmp_path / ".site.lock")
    result = build_folder(SEED, tmp_path / "site", BRIEFKIT_CACHE_DIR=str(tmp_path / "cache"))
    assert result.returncode == 1 and not (tmp_path / "site").exists()
    assert "cannot write the site here: the lock file beside it is not a regular file; remove it" in result.stderr


def test_an_in_place_publish_never_writes_through_a_planted_link(tmp_path):
    """An incremental build moves files into the published site: a link planted there is refused, nothing moved."""
    import re

    sheets = tmp_path / "briefings"
    shutil.copytree(SEED, sheets)
    output, elsewhere = tmp_path / "site", tmp_path / "elsewhere"
    env = {"BRIEFKIT_CACHE_DIR": str(tmp_path / "cache")}
    assert build_folder(sheets, output, **env).returncode == 0
    shutil.move(output / "incidents", elsewhere)  # the incident pages now live outside, reached through a link
    (output / "incidents").symlink_to(elsewhere, target_is_directory=True)
    before, manifest = digest_tree(elsewhere), (output / ".briefkit-manifest").read_bytes()
    sheet = next(p for p in sorted(sheets.glob("*.yaml")) if "\nincidents:\n" in p.read_text(encoding="utf-8"))
    text = sheet.read_text(encoding="utf-8")
    sheet.write_text(re.sub(r"(\nincidents:\n(?:.*\n)*?    summary: (?:\|\n\s*)?)", r"\1Edited. ", text, count=1),
                     encoding="utf-8")
    result = build_folder(sheets, output, **env)
    assert result.returncode != 0
    assert "in the output folder is reached through a link" in result.stderr + result.stdout
    assert digest_tree(elsewhere) == before  # nothing written through the link
    assert (output / ".briefkit-manifest").read_bytes() == manifest  # nor anything published


@pytest.mark.parametrize("obstacle", ["folder at a page", "file at a folder"])
def test_an_in_place_publish_refuses_a_hand_made_obstacle_before_moving_anything(tmp_path, obstacle):
    """A folder made at a page's path (or a file at a page folder's) stopped a publish part-way, with no manifest
    left and the staging path named (found by a tester). It is refused before anything moves, named in the output."""
    import re

    sheets = tmp_path / "briefings"
    shutil.copytree(SEED, sheets)
    output = tmp_path / "site"
    env = {"BRIEFKIT_CACHE_DIR": str(tmp_path / "cache")}
    assert build_folder(sheets, output, **env).returncode == 0
    sheet = next(p for p in sorted(sheets.glob("*.yaml")) if "\nincidents:\n" in p.read_text(encoding="utf-8"))
    text = sheet.read_text(encoding="utf-8")
    sheet.write_text(re.sub(r"(\nincidents:\n(?:.*\n)*?    summary: (?:\|\n\s*)?)", r"\1Edited. ", text, count=1),
                     encoding="utf-8")
    for page in sorted(output.glob("incidents/*/index.html")):  # the edited incident's page is one of them
        page.unlink()
        if obstacle == "folder at a page":
            (page / "kept.txt").parent.mkdir()
            (page / "kept.txt").write_text("mine", encoding="utf-8")
        else:
            shutil.rmtree(page.parent)
            page.parent.write_text("mine", encoding="utf-8")
    before = digest_tree(output)
    result = build_folder(sheets, output, **env)
    said = result.stderr + result.stdout
    assert result.returncode != 0 and "Traceback" not in said
    what = "is a folder where the site has a file" if obstacle == "folder at a page" else "lies below a file"
    assert re.search(r"`incidents/[^`]+/index\.html` in the output folder " + what, said), said
    assert "staging" not in said
    assert digest_tree(output) == before  # nothing moved, the manifest kept


def test_a_plan_found_clean_before_still_has_its_content_pages_checked(tmp_path):
    # A build whose plan has exactly the last build's pages checks only the content pages again, against them:
    # a new content page on an entity page's file is still refused, naming both.
    class Page:
        save_as, source_path = "actors/iran/index.html", "content/iran.md"

    iran = entity("actor", "iran")
    specs = [PageSpec("actors/iran/index.html", "actors/iran/", "actor.html", "actor", "iran"),
             PageSpec("index.html", "", "home.html", "home")]
    clean = {spec.save_as: [] for spec in specs}
    assert plan_problems(specs, str(tmp_path), project_of(iran), {"pages": []}, clean) == []
    problems = plan_problems(specs, str(tmp_path), project_of(iran), {"pages": [Page()]}, clean)
    assert [(p.path, p.message) for p in problems] == [
        ("content/iran.md", "content page `content/iran.md` and actor `iran` would both be written to "
                            "`actors/iran/index.html`; give one of them another id or slug")]
    bad = entity("actor", "../x")  # not the last build's pages: checked in full
    bad_specs = [PageSpec("actors/../x/index.html", "", "actor.html", "actor", "../x")]
    assert len(plan_problems(bad_specs, str(tmp_path), project_of(bad), {}, clean)) == 1


def test_a_content_page_differing_only_in_case_from_a_page_or_a_file_of_the_build_is_refused(tmp_path):
    """`Slug: Actors` or `Save_as: Pagefind/pagefind.js` passed, and on a disk that ignores case (macOS, Windows,
    where editors build) it replaced the actors index or the search script (a tester)."""
    from briefkit.outpaths import _reserved_problems

    class Page:
        save_as, source_path = "Actors/Iran/index.html", "content/iran.md"

    class Script:
        save_as, source_path = "Pagefind/pagefind.js", "content/evil.md"

    iran = entity("actor", "iran")
    specs = [PageSpec("actors/iran/index.html", "actors/iran/", "actor.html", "actor", "iran")]
    problems = plan_problems(specs, str(tmp_path), project_of(iran), {"pages": [Page()]})
    assert [p.message for p in problems] == [
        "content page `content/iran.md` and actor `iran` would both be written to `Actors/Iran/index.html`; give one "
        "of them another id or slug"]
    assert [p.message for p in _reserved_problems({"pages": [Script()]}, ("pagefind",))] == [
        "content page `content/evil.md` would be written to `Pagefind/pagefind.js`, where the build writes `pagefind` "
        "itself; give it another slug"]


def test_a_static_file_on_a_file_the_build_writes_fails_the_build_and_publishes_nothing(site_copy):
    """`STATIC_PATHS = ["data"]` with the editor's own `data/incidents.csv`: Pelican copied it last, over the open
    data's download, and the build said "0 errors" (a tester); a content page there is an error."""
    output = site_copy / "site"
    (site_copy / "content" / "data").mkdir()
    (site_copy / "content" / "data" / "incidents.csv").write_text("id,name\n1,old draft list\n")
    (site_copy / "content" / "data" / "mine.csv").write_text("a,b\n")  # beside the downloads: fine
    settings = site_copy / "pelican.conf.py"
    settings.write_text(settings.read_text(encoding="utf-8").replace("STATIC_PATHS = []", 'STATIC_PATHS = ["data"]'),
                        encoding="utf-8")
    result = build_with(settings, output)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert ("content/data/incidents.csv:1:1: static file `content/data/incidents.csv` would be copied to "
            "`data/incidents.csv`, where the build writes `data/incidents.csv` itself") in result.stderr
    assert "mine.csv" not in result.stderr
    assert not output.exists() and staging_folders(output) == []


@pytest.mark.parametrize("key", ["save_as", "path"])
def test_a_static_file_placed_outside_the_site_fails_the_build_and_writes_nothing(site_copy, key):
    """EXTRA_PATH_METADATA `save_as: /tmp/x.txt` (or `../../x.txt`) made Pelican copy the file outside the output
    folder, and the build said "0 errors" (a tester): any file the user can write could be replaced."""
    (site_copy / "content" / "extra").mkdir()
    (site_copy / "content" / "extra" / "x.txt").write_text("hi\n")
    escaped = site_copy / "escaped.txt"
    settings, output = site_copy / "pelican.conf.py", site_copy / "deep" / "site"
    for place in (str(escaped), "../../escaped.txt"):
        settings.write_text(settings.read_text(encoding="utf-8").replace("STATIC_PATHS = []", 'STATIC_PATHS = ["extra"]')
                            + f"\nEXTRA_PATH_METADATA = {{'extra/x.txt': {{'{key}': {place!r}}}}}\n", encoding="utf-8")
        result = build_with(settings, output)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert (f"content/extra/x.txt:1:1: static file `content/extra/x.txt` would be copied to `{place}`, outside the "
                "site; give it a path inside the site in EXTRA_PATH_METADATA") in result.stderr
        assert not escaped.exists() and not output.exists()


def test_static_files_on_a_page_its_folder_or_a_reserved_name_are_refused_and_others_kept():
    from briefkit.outpaths import static_problems

    class Static:
        def __init__(self, save_as):
            self.save_as, self.source_path = save_as, f"content/{save_as}"

    paths = ["actors/iran/index.html", "Robots.txt", "actors/iran", "actors/iran/index.html/x", "theme/css/site.css",
             "actors/iran/photo.jpg", "images/logo.svg", "about/index.html"]

    class Page:
        save_as, source_path = "about/index.html", "content/pages/about.md"

    problems = static_problems({"staticfiles": [Static(p) for p in paths], "pages": [Page()]}, ["actors/iran/index.html"],
                               ("theme", "robots.txt"))
    assert [p.path for p in problems] == ["content/actors/iran/index.html", "content/Robots.txt", "content/actors/iran",
                                          "content/actors/iran/index.html/x", "content/theme/css/site.css",
                                          "content/about/index.html"]


@pytest.mark.parametrize("path", ["/%00", "/%ed%a0%80", "/index.html%00.png"])
def test_serve_answers_a_path_no_file_can_have_with_400_not_a_traceback(tmp_path, path, capfd):
    """`/%00` or an encoded lone surrogate made the standard library's handler print a traceback in the editor's
    terminal and close the connection without a reply (a tester); any web page can make a browser ask localhost."""
    import functools
    import http.client
    import http.server
    import threading

    from briefkit.serve import _Handler

    (tmp_path / "index.html").write_text("<p>home</p>", encoding="utf-8")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(tmp_path)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        connection = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=10)
        connection.request("GET", path)
        assert connection.getresponse().status == 400
        connection = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=10)
        connection.request("GET", "/index.html")
        assert connection.getresponse().read() == b"<p>home</p>"
    finally:
        server.shutdown()
        server.server_close()
    assert "Traceback" not in capfd.readouterr().err


def test_serve_answers_an_address_with_no_page_with_the_sites_404_page(tmp_path):
    """`briefkit serve` answered Python's bare "Error response" page, where the host serves the site's /404.html."""
    import functools
    import http.client
    import http.server
    import threading

    from briefkit.serve import _Handler

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(tmp_path)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        def get(path: str):
            connection = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=10)
            connection.request("GET", path)
            response = connection.getresponse()
            return response.status, response.read()

        status, body = get("/actors/renamed/")
        assert status == 404 and b"404.html" not in body and b"Error response" in body  # no 404 page yet
        (tmp_path / "404.html").write_text("<p>not here</p>", encoding="utf-8")
        assert get("/actors/renamed/") == (404, b"<p>not here</p>")
        assert get("/%00")[0] == 400
    finally:
        server.shutdown()
        server.server_close()


def test_a_key_file_that_is_no_private_regular_file_signs_nothing_and_never_blocks(tmp_path, monkeypatch):
    """A pipe where the key goes made every command wait for good (a tester); a key others may read could be known.
    Neither signs anything: nothing is cached, and the commands run."""
    from briefkit import cache

    pipe, shared = tmp_path / "pipe", tmp_path / "shared"
    os.mkfifo(pipe)
    shared.write_bytes(os.urandom(32))
    shared.chmod(0o644)
    for place in (pipe, shared):
        monkeypatch.setenv("BRIEFKIT_CACHE_KEY_FILE", str(place))
        cache.secret_key.cache_clear()
        try:
            assert cache.secret_key() is None
        finally:
            cache.secret_key.cache_clear()
        done = subprocess.run([sys.executable, "-m", "briefkit", "check", "--briefings", str(SEED)], cwd=ROOT, timeout=120,
                              capture_output=True, text=True, env={**os.environ, "BRIEFKIT_CACHE_DIR": str(tmp_path / "c")})
        assert done.returncode == 0, done.stderr
    shared.chmod(0o600)
    cache.secret_key.cache_clear()
    try:
        assert cache.secret_key() == shared.read_bytes()  # this user's own, private: the key
    finally:
        cache.secret_key.cache_clear()


def test_a_content_page_cannot_publish_a_file_from_outside_the_content_folder(site_copy, tmp_path_factory):
    """`[notes]({attach}notes.txt)` with notes.txt a symbolic link to a file of the machine, `{static}/etc/hostname`
    through a linked folder, or `{static}` climbing with `..`: Pelican copied the file into the site, and check and
    build said 0 errors (a tester); so did a link under STATIC_PATHS. Each is an error at its place, in check too,
    and the build publishes nothing; a file of the content folder is linked as before."""
    secret = tmp_path_factory.mktemp("machine") / "secret.txt"
    secret.write_text("TOP-SECRET\n")
    pages = site_copy / "content" / "pages"
    (pages / "notes.txt").symlink_to(secret)
    (site_copy / "content" / "linked").symlink_to(secret.parent)
    (site_copy / "content" / "mine.txt").write_text("ours\n")
    (pages / "notes.md").write_text("Title: Notes\n\n[a]({attach}notes.txt) [b]({static}/linked/secret.txt)\n"
                                    "[c]({static}../../../machine0/secret.txt) [ours]({static}/mine.txt)\n")
    settings, output = site_copy / "pelican.conf.py", site_copy / "site"
    found = subprocess.run([sys.executable, "-m", "briefkit", "check", "--settings", str(settings), "--briefings",
                            str(SEED)], capture_output=True, text=True, timeout=300, cwd=site_copy)
    refused = "the file is outside the content folder (through `..` or a symbolic link), and the site publishes " \
              "only the content folder's files; refused"
    said = [f"content/pages/notes.md:3:5: link to `{{attach}}notes.txt`: {refused}",
            f"content/pages/notes.md:3:28: link to `{{static}}/linked/secret.txt`: {refused}",
            f"content/pages/notes.md:4:5: link to `{{static}}../../../machine0/secret.txt`: {refused}"]
    assert found.returncode == 1 and [line for line in found.stderr.splitlines() if "outside" in line] == said
    result = build_with(settings, output)
    assert result.returncode == 1 and [line for line in result.stderr.splitlines() if "outside" in line] == said
    assert not output.exists() and "TOP-SECRET" not in result.stdout + result.stderr
    (pages / "notes.md").write_text("Title: Notes\n\n[ours]({static}/mine.txt)\n")
    (site_copy / "content" / "images").mkdir()
    (site_copy / "content" / "images" / "s.txt").symlink_to(secret)
    settings.write_text(settings.read_text(encoding="utf-8").replace("STATIC_PATHS = []", 'STATIC_PATHS = ["images"]'),
                        encoding="utf-8")
    result = build_with(settings, output)
    assert result.returncode == 1 and not output.exists()
    assert "content/images/s.txt:1:1: static file outside the content folder (through a symbolic link, `..` or a " \
           "STATIC_PATHS folder outside it), and the site publishes only the content folder's files; refused" \
           in result.stderr
    (site_copy / "content" / "images" / "s.txt").unlink()
    assert build_with(settings, output).returncode == 0 and (output / "mine.txt").read_text() == "ours\n"


def test_every_content_page_on_a_place_the_build_takes_is_said_in_one_run(site_copy):
    """A page on a reserved name stopped the check of the others (two builds to see them all), and the build's own
    manifest was no reserved name: `Save_as: .briefkit-manifest` was written over, lost without a word, while the
    sitemap listed it (testers)."""
    pages = site_copy / "content" / "pages"
    for name, header in [("p1", "Slug: actors/iran"), ("p2", "Slug: pagefind"), ("p3", "Url: .briefkit-manifest\nSave_as: .briefkit-manifest"),
                         ("p4", "Slug: sources")]:
        (pages / f"{name}.md").write_text(f"Title: {name}\n{header}\n\nText.\n")
    result = build_with(site_copy / "pelican.conf.py", site_copy / "site")
    assert result.returncode == 1 and not (site_copy / "site").exists()
    said = sorted(line.split(":", 1)[0] for line in result.stderr.splitlines() if "would" in line)
    assert said == [f"content/pages/p{n}.md" for n in (1, 2, 3, 4)], result.stderr
    assert "would be written to `.briefkit-manifest`, where the build writes `.briefkit-manifest` itself" in result.stderr


def test_a_control_character_in_a_content_page_is_refused_at_its_place(site_copy):
    """`Slug: ab<BS>c` made a folder of that name and an ill-formed sitemap, and the page's text held U+0002 unseen
    (a tester): a page may not hold what a fact sheet may not, said at each place, a leading BOM left alone."""
    (site_copy / "content" / "pages" / "ctl.md").write_bytes(b"\xef\xbb\xbfTitle: Ctl\nSlug: ab\x08c\n\nBody \x0c \x02.\n")
    result = build_with(site_copy / "pelican.conf.py", site_copy / "site")
    assert result.returncode == 1 and not (site_copy / "site").exists()
    assert [line for line in result.stderr.splitlines() if "control character" in line] == [
        "content/pages/ctl.md:2:9: control character U+0008 at byte 22 is not allowed",
        "content/pages/ctl.md:4:6: control character U+000C at byte 31 is not allowed",
        "content/pages/ctl.md:4:8: control character U+0002 at byte 33 is not allowed"]
    # a NUL is no text: said at its place, and no "needs a Title:" beside it (a reviewer)
    (site_copy / "content" / "pages" / "ctl.md").write_bytes(b"Title: Ctl\nSlug: abc\n\nBody \x00.\n")
    result = build_with(site_copy / "pelican.conf.py", site_copy / "site")
    assert [line for line in result.stderr.splitlines() if "ctl.md" in line] == [
        "content/pages/ctl.md:4:6: control character U+0000 at byte 27 is not allowed"], result.stderr
    (site_copy / "content" / "pages" / "ctl.md").write_bytes(b"\xef\xbb\xbfTitle: Ctl\nSlug: abc\n\nBody.\n")
    assert build_with(site_copy / "pelican.conf.py", site_copy / "site").returncode == 0
    assert "<h1>Ctl</h1>" in (site_copy / "site" / "abc" / "index.html").read_text(encoding="utf-8")


def test_a_save_as_where_the_pages_address_serves_it_is_kept(site_copy):
    """`Save_as:` agreeing with the page's address (its slug from the file's name, a `Url:`, a translation's) is fine."""
    pages = site_copy / "content" / "pages"
    (pages / "noslug.md").write_text("Title: No slug\nSave_as: noslug/index.html\n\nA.\n")
    (pages / "u.md").write_text("Title: U\nUrl: u.html\nSave_as: u.html\n\nB.\n")
    (pages / "fr.md").write_text("Title: FR\nSlug: about\nLang: fr\nSave_as: about-fr/index.html\n\nC.\n")
    result = build_with(site_copy / "pelican.conf.py", site_copy / "site")
    assert result.returncode == 0, result.stderr
    assert all((site_copy / "site" / path).is_file() for path in ("noslug/index.html", "u.html", "about-fr/index.html"))


def test_a_content_page_with_an_empty_save_as_is_not_published(site_copy):
    """`Save_as:` left empty is Pelican's way to write no page: the build failed writing its search document to a
    folder's path, naming no page (a tester). It is in neither the site, the sitemap nor the search index."""
    (site_copy / "content" / "pages" / "hid.md").write_text("Title: Hidden draft\nSave_as:\n\nNot published.\n")
    result = build_with(site_copy / "pelican.conf.py", site_copy / "site")
    assert result.returncode == 0, result.stderr
    assert "Hidden draft" not in (site_copy / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert not list((site_copy / "site").rglob("hid*"))


def test_a_content_page_may_name_a_template_of_its_own_that_shows_its_text(site_copy):
    """A template the maintainer adds, extending page.html, is a page's template as page.html is."""
    (site_copy / "theme" / "templates" / "wide.html").write_text('{% extends "page.html" %}\n', encoding="utf-8")
    (site_copy / "content" / "pages" / "w.md").write_text("Title: Wide\nSlug: wide\nTemplate: wide\n\nWide text.\n")
    # or one that includes a part showing it (a tester)
    (site_copy / "theme" / "templates" / "part.html").write_text("{{ page.content|safe }}\n", encoding="utf-8")
    (site_copy / "theme" / "templates" / "plain.html").write_text('{% extends "base.html" %}{% block content %}'
                                                                  '{% include "part.html" %}{% endblock %}\n')
    (site_copy / "content" / "pages" / "p.md").write_text("Title: Plain\nSlug: plain\nTemplate: plain\n\nPlain text.\n")
    result = build_with(site_copy / "pelican.conf.py", site_copy / "site")
    assert result.returncode == 0, result.stderr
    assert "Wide text." in (site_copy / "site" / "wide" / "index.html").read_text(encoding="utf-8")
    assert "Plain text." in (site_copy / "site" / "plain" / "index.html").read_text(encoding="utf-8")


def test_a_content_pages_address_in_the_sitemap_is_percent_encoded(site_copy):
    """`Slug: über-uns` is a page's address as written, but the sitemap's `<loc>` must be a URL (a tester). A Persian
    slug's zero-width non-joiner and a Sinhala one's joiner are its words' (refused as unseen: a tester), as is `&`."""
    pages = site_copy / "content" / "pages"
    (pages / "u.md").write_text("Title: Über uns\nSlug: über-uns\n\nHallo.\n", encoding="utf-8")
    (pages / "fa.md").write_text("Title: درباره\nSlug: درباره\u200cی-ما\n\nمتن.\n", encoding="utf-8")
    (pages / "si.md").write_text("Title: ලංකාව\nSlug: ශ්\u200dරී-ලංකාව\n\nText.\n", encoding="utf-8")
    (pages / "qa.md").write_text("Title: Q and A\nSlug: q&a\n\nText.\n", encoding="utf-8")
    result = build_with(site_copy / "pelican.conf.py", site_copy / "site")
    assert result.returncode == 0, result.stderr
    assert (site_copy / "site" / "درباره\u200cی-ما" / "index.html").is_file() and (site_copy / "site" / "q&a").is_dir()
    sitemap = (site_copy / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://example.invalid/%C3%BCber-uns/</loc>" in sitemap and "über" not in sitemap


def test_a_content_page_leaving_an_override_open_has_it_closed_with_a_warning(site_copy):
    """A page's Title, Summary or text could leave a right-to-left override open, without a word and never closed,
    where sheets and settings get both (a tester): each is warned of at its line, and closed at its end."""
    (site_copy / "content" / "pages" / "r.md").write_text(
        "Title: Report \u202e2021\nSlug: rlo\nSummary: Sum \u202eopen\n\nBody \u202eopen text.\n\nMore.\n", encoding="utf-8")
    result = build_with(site_copy / "pelican.conf.py", site_copy / "site")
    assert result.returncode == 0, result.stderr
    said = [line.split(": warning: ")[0] for line in result.stderr.splitlines() if "(U+202E) open" in line]
    assert said == ["content/pages/r.md:1:1", "content/pages/r.md:3:1", "content/pages/r.md:5:1"], result.stderr
    page = (site_copy / "site" / "rlo" / "index.html").read_text(encoding="utf-8")
    assert "Report \u202e2021\u202c</h1>" in page and "More.\u202c</p>" in page


@pytest.mark.parametrize("setting, what", [("PATH", "the content folder"), ("THEME", "the theme")])
def test_a_content_folder_or_theme_set_inside_the_output_is_refused_not_swapped_away(site_copy, setting, what):
    """`PATH` (or `THEME`) naming a folder inside the output: the build read the pages there, then swapped the old
    site away with them, and said 0 errors (a tester). As for the fact sheets and the settings file, it is refused."""
    settings, output = site_copy / "pelican.conf.py", site_copy / "site"
    assert build_with(settings, output).returncode == 0
    inside = output / "mine"
    shutil.copytree(site_copy / ("content" if setting == "PATH" else "theme"), inside)
    settings.write_text(settings.read_text(encoding="utf-8") + f"\n{setting} = {str(inside)!r}\n", encoding="utf-8")
    result = build_with(settings, output)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"site:1:1: the output folder is or holds {what} (`" in result.stderr
    assert inside.is_dir() and any(inside.iterdir())  # still there


@pytest.mark.parametrize("line, said", [
    ("PAGE_EXCLUDES = 5", "TypeError: 'int' object is not iterable (in pelican/generators.py:"),
    ('SLUG_REGEX_SUBSTITUTIONS = [("(", "")]', "error: missing ), unterminated subpattern at position 0 (in pelican/"),
    ('JINJA_ENVIRONMENT = {"extensions": ["nope.ext"]}', "ModuleNotFoundError: No module named 'nope' (in pelican/"),
    ('FEED_ALL_ATOM = "../../feed.xml"', "RuntimeError: Attempted to break out of output directory to "),
])
def test_a_setting_pelican_cannot_use_is_an_error_at_the_settings_not_a_traceback(site_copy, line, said):
    """Ordinary Pelican settings mistakes stopped the build with a traceback of forty lines (a tester): an error that
    Pelican's own code raises is said at the settings file, with where Pelican stopped, and nothing is published."""
    settings, output = site_copy / "pelican.conf.py", site_copy / "site"
    settings.write_text(settings.read_text(encoding="utf-8") + "\n" + line + "\n", encoding="utf-8")
    result = build_with(settings, output)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert f"pelican.conf.py:1:1: Pelican stopped on these settings: {said}" in result.stderr
    assert not output.exists() and not (site_copy / "feed.xml").exists()


def test_content_pages_are_escaped_whatever_jinja_environment_the_settings_give(site_copy):
    """`JINJA_ENVIRONMENT = {"extensions": [...]}`, as Pelican's documentation shows it, replaced the default whole,
    autoescape with it: a content page's `Title: <img src=x onerror=alert(1)>` went into the page as HTML (a tester)."""
    settings, output = site_copy / "pelican.conf.py", site_copy / "site"
    settings.write_text(settings.read_text(encoding="utf-8") + '\nJINJA_ENVIRONMENT = {"extensions": ["jinja2.ext.do"]}\n',
                        encoding="utf-8")
    (site_copy / "content" / "pages" / "evil.md").write_text("Title: <img src=x onerror=alert(1)>\nSlug: evil\n\nbody\n")
    result = build_with(settings, output)
    assert result.returncode == 0, result.stderr
    page = (output / "evil" / "index.html").read_text(encoding="utf-8")
    assert "<img src=x" not in page and "<h1>&lt;img src=x onerror=alert(1)&gt;</h1>" in page


def test_a_failing_build_says_the_content_pages_and_settings_problems_too(site_copy, tmp_path):
    """With one error in a sheet, the build said that error alone; the content page's refused link and the settings'
    error, which `check --settings` says in the same run, came only once the sheet was fixed (a tester)."""
    sheets = tmp_path / "sheets"
    shutil.copytree(SEED, sheets)
    sheet = sheets / "actors" / "iran-and-allies.yaml"
    sheet.write_text(sheet.read_text(encoding="utf-8").replace("kind: state", "kind: stat", 1), encoding="utf-8")
    (site_copy / "content" / "pages" / "bad.md").write_text("Title: T\nSlug: p\n\n[x](javascript:alert(1))\n")
    settings = site_copy / "pelican.conf.py"
    settings.write_text(settings.read_text(encoding="utf-8") + '\nPAGE_PATHS = ["pages", ".."]\n', encoding="utf-8")
    result = build_with(settings, site_copy / "site", briefings=sheets)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    said = [line for line in result.stderr.splitlines() if ": " in line and ":1:1" not in line or "PAGE_PATHS" in line]
    assert any("`kind` must be one of" in line for line in said), said
    assert any(line.startswith("content/pages/bad.md:4:") and "javascript:" in line for line in said), said
    assert any(line.startswith("pelican.conf.py:") and "PAGE_PATHS must name folders inside the content folder "
               "(PATH), not `..`, which leads out of it" in line for line in said), said
    assert not any("theme/templates" in line for line in result.stderr.splitlines())  # `..` is not walked
    assert not (site_copy / "site").exists()


def test_what_is_no_module_beside_the_settings_is_not_read(site_copy):
    """Every `*.py` beside the settings is read (a module it may import): Emacs's lock `.#pelican.conf.py`, a link to
    nowhere, stopped each build with a traceback, a folder `x.py` too, a pipe hung it (a tester). Only files are read."""
    (site_copy / ".#pelican.conf.py").symlink_to("user@host.1234:1700000000")
    (site_copy / "folder.py").mkdir()
    os.mkfifo(site_copy / "pipe.py")
    result = subprocess.run([sys.executable, "-m", "briefkit", "build", "--briefings", str(SEED), "--output",
                             str(site_copy / "site"), "--settings", "pelican.conf.py"], capture_output=True, text=True,
                            timeout=120, cwd=site_copy, env={**os.environ, "BRIEFKIT_CACHE_DIR": str(site_copy / "cache")})
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr


def test_a_plugin_pelican_cannot_import_is_an_error_at_plugins(site_copy):
    """An unknown plugin was said at the output folder (`site:1:1: Cannot load plugin …`), by the build only (a
    tester): it is an error at PLUGINS, `check --settings` says it too; one in PLUGIN_PATHS is found there."""
    settings = site_copy / "pelican.conf.py"
    base = settings.read_text(encoding="utf-8")
    settings.write_text(base + '\nPLUGINS = ["briefkit.plugin", "nonexistent_plugin"]\n', encoding="utf-8")
    line = len((base + "\n").splitlines()) + 1
    found = subprocess.run([sys.executable, "-m", "briefkit", "check", "--briefings", str(SEED), "--settings",
                            str(settings)], capture_output=True, text=True, timeout=300, cwd=site_copy)
    assert found.returncode == 1 and f"pelican.conf.py:{line}:1: PLUGINS names `nonexistent_plugin`, which is no " \
                                      "module this Python can import" in found.stderr, found.stderr
    (site_copy / "local_plugins").mkdir()
    (site_copy / "local_plugins" / "mine.py").write_text("def register():\n    pass\n")
    (site_copy / "local_plugins" / "pkg").mkdir()
    (site_copy / "local_plugins" / "pkg" / "__init__.py").write_text("")
    (site_copy / "local_plugins" / "pkg" / "sub.py").write_text("def register():\n    pass\n")
    settings.write_text(base + '\nPLUGIN_PATHS = ["local_plugins"]\nPLUGINS = ["briefkit.plugin", "pkg.nothere"]\n',
                        encoding="utf-8")
    found = subprocess.run([sys.executable, "-m", "briefkit", "check", "--briefings", str(SEED), "--settings",
                            str(settings)], capture_output=True, text=True, timeout=300, cwd=site_copy)
    assert found.returncode == 1 and "PLUGINS names `pkg.nothere`" in found.stderr, found.stderr  # its package there
    settings.write_text(base + '\nPLUGIN_PATHS = ["local_plugins"]\nPLUGINS = ["briefkit.plugin", "mine", "pkg.sub"]\n',
                        encoding="utf-8")
    assert build_with(settings, site_copy / "site").returncode == 0


def test_a_page_in_the_sites_own_language_written_in_another_case_is_no_translation(site_copy):
    """With `DEFAULT_LANG = "en-gb"`, a page's `Lang: en-gb` (read as `en-GB`) was published as a translation, at
    `colophon-en-GB/`, and `colophon/` was gone (a tester): a tag equal to the site's, case aside, is the site's."""
    settings = site_copy / "pelican.conf.py"
    settings.write_text(settings.read_text(encoding="utf-8").replace('DEFAULT_LANG = "en"', 'DEFAULT_LANG = "en-gb"'),
                        encoding="utf-8")
    (site_copy / "content" / "pages" / "colophon.md").write_text("Title: Colophon\nSlug: colophon\nLang: EN-GB\n\nBody.\n")
    result = build_with(settings, site_copy / "site")
    assert result.returncode == 0, result.stderr
    assert (site_copy / "site" / "colophon" / "index.html").is_file()
    assert not list((site_copy / "site").glob("colophon-*"))


def test_a_failing_build_with_settings_that_stop_the_content_pages_says_both_not_a_traceback(site_copy, tmp_path):
    """A sheet error and `SLUG_REGEX_SUBSTITUTIONS = [("(", "")]`: reading the content pages for the failing build's
    report raised, and the build ended in a traceback that hid the sheet's error (a tester)."""
    sheets = tmp_path / "sheets"
    shutil.copytree(SEED, sheets)
    sheet = sheets / "actors" / "iran-and-allies.yaml"
    sheet.write_text(sheet.read_text(encoding="utf-8").replace("kind: state", "kind: stat", 1), encoding="utf-8")
    settings = site_copy / "pelican.conf.py"
    settings.write_text(settings.read_text(encoding="utf-8") + '\nSLUG_REGEX_SUBSTITUTIONS = [("(", "")]\n',
                        encoding="utf-8")
    (site_copy / "content" / "pages" / "a-page.md").write_text("Title: A page\n\nBody.\n")  # its slug is made
    result = build_with(settings, site_copy / "site", briefings=sheets)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert "`kind` must be one of" in result.stderr
    assert "pelican.conf.py:1:1: cannot read the content pages with these settings: error: missing )" in result.stderr
