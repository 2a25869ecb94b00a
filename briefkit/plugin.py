"""The Pelican plugin: the one module that imports Pelican.

`register()` only connects signals. The generator asks the library for the
indexed project and the rendered pages, and hands each page to Pelican's
Writer, so other Pelican plugins see every file we write.
Settings live in one namespaced dict, `BRIEFKIT`, merged over `config.DEFAULTS`; config.py checks the settings file.
"""

from __future__ import annotations

import fnmatch
import hashlib
import logging
import os
import re
import sys
import time
import traceback
import warnings
from datetime import datetime, timezone
from html import escape as _html
from html import unescape
from urllib.parse import unquote

from pelican import Pelican, signals
from pelican.generators import Generator
from pelican.log import console
from pelican.readers import BaseReader
from pelican.contents import Content
from pelican.settings import read_settings
from pelican.utils import slugify

from . import (assets, bidi, cache, changes, content, downloads, feeds, history, incremental, languages, linkcheck,
               navigation, pipeline, search, seo)
from .background import Background
from .config import options, pages_folders, read_folders, settings_problems, text_settings_problems, too_deep
from .content import compile_content_page
from .load import MAX_FILE_BYTES, not_utf8, place_of_byte, refused_characters, utf8
from .validate import _OPENERS, _open_runs, language_tag_problem
from .outpaths import content_items, is_empty, plan_problems, published_pages, sort_translations, static_problems
from .problems import WARNING, Problem, display_path, escaped_name, render as render_problems
from .progress import Progress
from .render import render_all, share_compiled
from .views import Views, plan, root_of

THEME_PAGES = ("about", "methodology", "editor-guide")  # content pages theme/templates/base.html links on every page
SHAPE_TOKEN = "shape:heads"  # in a manifest's derived facts: incremental.shape_digest, read by no page

class BuildFailed(Exception):
    """The fact sheets have errors; nothing was written."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{sum(p.is_error for p in problems)} errors in the fact sheets")
        self.problems = problems


class Prerendered:
    """A stand-in template for Writer.write_file: the page is already HTML."""

    def __init__(self, html: str):
        self.html = html

    def render(self, context) -> str:
        return self.html


class FeedItem:
    """A feeds.Entry with the attributes Pelican's Writer.write_feed reads from an article."""

    def __init__(self, entry, author: str):
        self.title = _html(entry.title, quote=False)  # write_feed strips tags and unescapes: it comes back as written
        self.url = entry.url
        self.summary = _html(entry.summary, quote=False)  # Atom's summary is type="html"; ours is plain text
        self.date = _utc(entry.published)
        self.modified = _utc(entry.updated)
        self.author = author
        self.tags = list(entry.categories)

    def get_content(self, siteurl):
        """No full content: the summary is the entry, the page the full text."""
        return None


def _utc(date) -> datetime:
    """Midnight UTC of the first day a (partial) date can mean; 1970-01-01 when there is no date at all."""
    return datetime(*(date.first_day() if date else (1970, 1, 1)), tzinfo=timezone.utc)


def finish_feed(context, feed):
    """feed_generated: our feeds get their own id and page link, and `updated` from their content (never the clock).

    An entry's id is its page's permanent address. Pelican makes a tag URI from the entry's
    date, which changes when an editor narrows a partial date (a reader would show the entry
    again as new; RFC 4287 §4.2.6 says an id never changes) and is invalid before year 1000.
    """
    ours = context.get("BRIEFKIT_FEED") if isinstance(context, dict) else None
    if ours:
        feed.feed["id"], feed.feed["link"] = ours["id"], ours["link"]
        feed.latest_post_date = lambda: ours["updated"]
        for item in feed.items:
            item["unique_id"] = item["link"]


class BriefingGenerator(Generator):
    """Reads the fact sheets (generate_context) and writes their pages (generate_output)."""

    def generate_context(self):
        self.options = opts = options(self.settings)
        sort_translations(self.context)  # before anything lists them: the pages, the sitemap, the search documents
        project = self.settings.get("BRIEFKIT_PROJECT")
        if project is None:
            project = pipeline.check(opts["briefings"])
            if project.errors:
                # Running under plain `pelican`: report like the CLI does, then stop before writing.
                print(render_problems(project.problems), file=sys.stderr)
                raise SystemExit(1)
        self.project = project
        # Git history (one `git log`): "Fact sheet last changed" on entity pages and /changes/, which read it as derived
        # facts (history.facts), so a commit renders again the pages of the sheets it touched, not every page.
        self.history = history.site_history(history.read_history(opts["briefings"]), opts["briefings"], project.files,
                                            opts["repo_url"], opts["repo_branch"])
        self.code_and_theme = incremental.code_and_theme(self.theme)  # again at the end: see recheck_files
        self.version = incremental.version(self.settings, self.theme, f"pagefind {search.pagefind_version()}",
                                           self.code_and_theme)
        self.previous = self.previous_manifest(self.version)
        # In place: the build writes only what changed and build.py moves it into the published site.
        self.in_place = self.previous is not None and bool(self.settings.get("BRIEFKIT_IN_PLACE"))
        presence = self.settings.get("BRIEFKIT_PRESENCE")
        self.missing = presence.missing(self.previous) if self.in_place and presence is not None else None
        # Where Pelican will copy the theme's files: left as they are in place, and known to the page-link check
        self.theme_files = theme_static_files(self.theme, self.settings)
        if self.in_place:
            self.keep_theme_files()
        # What changed since the last build, found before the extras start: their feeds keep what read none of it.
        self.entity_table = incremental.entity_table(project)
        self.dirty = incremental.dirty_tokens(self.previous.entities, self.entity_table) if self.previous else set()
        # The search index, the feeds and the downloads (the extras) are made in background processes beside
        # the rendering; `make serve` (BRIEFKIT_DEFER_EXTRAS) makes them after the pages are published
        # (build.finish_extras). They need only the project and the content pages Pelican read: they start now.
        self.defer = self.in_place and bool(self.settings.get("BRIEFKIT_DEFER_EXTRAS"))
        extras = Extras(self, self.previous, self.settings.get("DEFAULT_LANG", "en"))
        self.search_paths = None  # the search documents' paths, once the extras have listed them
        self.extras = self.settings.setdefault("BRIEFKIT_STATS", {})["_extras"] = extras  # see run_pelican
        # Whether the output folder is empty (a staging folder) is seen before the extras write into it; they
        # write regular files only, none of which can lead a page elsewhere (see outpaths.plan_problems).
        empty = is_empty(self.output_path)
        if not self.defer:
            extras.start(self.output_path)
        try:
            self.specs = plan(project)
            # Before any page is written; the pages of the last build's plan were found safe then.
            clean = self.previous.pages if self.previous is not None else None
            self.reserved = reserved = reserved_paths(self.settings)
            unsafe = plan_problems(self.specs, self.output_path, project, self.context, clean, empty, reserved)
            pages = content.page_problems(self.context, str(self.settings.get("DEFAULT_LANG") or ""))
            strict = self.settings.get("BRIEFKIT_STRICT")
            unsafe += [problem for problem in pages if problem.is_error or strict]  # --strict fails on a warning
            self.project.problems.extend(problem for problem in pages if not (problem.is_error or strict))
            if unsafe:
                raise BuildFailed(unsafe)
        except BaseException:
            extras.cancel()
            raise
        self.context["BRIEFKIT_PAGES"] = [s.url for s in self.specs]
        self.context["BRIEFKIT_BASE"] = seo.base_url(self.settings.get("SITEURL"))  # for content pages' canonical links

    def site_basics(self) -> dict:
        """What every page and download says about the site: name, address, description, licence."""
        site = {"name": self.settings.get("SITENAME", "Briefings"), "url": self.settings.get("SITEURL", ""),
                "description": self.options.get("site_description", "")}
        site.update(base=seo.base_url(site["url"]), data_license=self.options["data_license"],
                    data_license_url=self.options["data_license_url"])
        return site

    def site_info(self) -> dict:
        """site_basics, and the search indexes the search page merges (from the page plan)."""
        documents = self.search_paths or search.document_paths(self.project, [page.save_as for page in
                                                                            published_pages(self.context)])
        return {**self.site_basics(),
                "search_merge": search.merged_bundles(documents, int(self.options["search_shard_size"]))}

    def generate_output(self, writer):
        site = self.site_info()
        extra = {"SITENAME": site["name"], "SITEURL": site["url"], "DEFAULT_LANG": self.settings.get("DEFAULT_LANG", "en")}
        views = Views(self.project, site, history=self.history)
        templates = os.path.join(self.theme, "templates")
        jobs = self.options["jobs"] or os.cpu_count() or 1
        context = {"localsiteurl": self.settings.get("SITEURL", "")}
        stats = self.settings.get("BRIEFKIT_STATS", {})
        previous, extras, defer, bulk = self.previous, self.extras, self.defer, None
        try:
            # the static files are known now (Pelican's static generator reads them after ours), before any is copied
            taken = static_problems(self.context, [spec.save_as for spec in self.specs], self.reserved)
            if taken:
                raise BuildFailed(taken)
            self.check_page_links()
            self.check_theme_pages()
            manifest = incremental.Manifest(version=self.version, entities=self.entity_table,
                                            derived={**self.navigation_facts(views),
                                                     navigation.SEARCH_TOKEN: " ".join(site["search_merge"]),
                                                     changes.FILES_TOKEN: changes.files_digest(self.project),
                                                     **history.facts(self.history)})
            to_render = self.reuse_unchanged(previous, manifest, stats)
            with Progress("Rendering pages", len(to_render)) as progress:
                for spec, html, reads in render_all(views, to_render, templates, extra, jobs):
                    writer.write_file(spec.save_as, Prerendered(html), context, url=spec.url, page_url=spec.url)
                    manifest.pages[spec.save_as] = reads
                    stats[spec.kind] = stats.get(spec.kind, 0) + 1
                    progress.advance()
            self.write_site_files(writer, site["base"], context)  # before the wait for the extras: see below
            if defer:  # the last extras stay published until build.finish_extras replaces them
                self.recheck_files(manifest)
                digests, kept, stats["_extras_later"] = dict(previous.files), sorted(extra_files(previous)), extras
                stats["_search"] = (0, 0, sum(map(search.in_index, previous.files)), 0.0)  # the shards kept
                manifest.feeds = dict(previous.feeds)
            else:  # what needs no extras is made before waiting for them: the processes leave a core free by then
                self.recheck_files(manifest)
                bulk = incremental.prepare_manifest(manifest)
                digests, kept, stats["_search"], manifest.feeds = extras.finish()
        except BaseException:
            extras.cancel()
            raise
        manifest.files.update(digests)
        inputs = self.settings.get("BRIEFKIT_INPUTS")
        # A content page saved during the build may have been read as another version than was fingerprinted:
        # then no fingerprint is recorded, and the next build does its work instead of calling the site up to date.
        manifest.inputs = inputs.digest if inputs is not None and not stats.get("_raced") else ""
        manifest.summary = incremental.summary(self.project, stats)
        stats["rendered"] = len(to_render)
        self.manifest = manifest
        # The content's static files (STATIC_PATHS), which Pelican copies after this: listed, so that one removed
        # from content/ is removed from the site by the next in-place build (found by a tester: it stayed published).
        # Only those there: Pelican lists a file a page links (`{static}`) whether or not it is, and one deleted after
        # a build stayed published, its link warned of as to no file (a tester).
        static = [item.save_as for item in self.context.get("staticfiles", []) if os.path.lexists(item.source_path)]
        manifest.others = incremental.other_files(self.output_path, manifest.pages, kept + static)
        if not defer:  # a deferred build's manifest is written with its extras (build.finish_extras)
            incremental.write_manifest(self.output_path, manifest, bulk)
        stats["_in_place"] = self.in_place
        stats["_siteurl"] = self.settings.get("SITEURL") or ""
        stats["_site"] = manifest
        self.context.pop("BRIEFKIT_PROJECT", None)  # Pelican's pages keep this context for good (see run_pelican)

    def navigation_facts(self, views) -> dict[str, str]:
        """navigation.derived_tokens, with the digest of what they are made from (SHAPE_TOKEN); the last build's when
        that is unchanged: an edit of an incident's text then does not sort and group the whole corpus again."""
        shape = incremental.shape_digest(self.entity_table)
        last = self.previous.derived if self.previous is not None else {}
        if last.get(SHAPE_TOKEN) == shape:
            facts = {token: value for token, value in last.items() if token.startswith(navigation.DERIVED_PREFIXES)}
        else:
            facts = navigation.derived_tokens(self.project, views.cache)
        return {**facts, SHAPE_TOKEN: shape}

    def recheck_files(self, manifest) -> None:
        """A theme file saved during the build may have been rendered as another version than the one fingerprinted
        when the build began: then the manifest names no version, and the next build reuses nothing."""
        if incremental.code_and_theme(self.theme) != self.code_and_theme:
            manifest.version = ""

    def check_page_links(self) -> None:
        """Warn about each Markdown link to a page or file this build does not write (linkcheck.unknown_page_links);
        with --strict, fail. Called once Pelican's generators know their files (the static ones are listed last)."""
        links = [link for entity in self.project.entities.values() for link in entity.page_links]
        links += [link for item in content_items(self.context) for link in getattr(item, content.LINKS, ())]
        if not links:  # sites with no such link: no set of files to make
            return
        files = {spec.save_as for spec in self.specs} | {item["path"] for item in downloads.FILES}
        files |= {"robots.txt", "sitemap.xml", *assets.GENERATED, *self.theme_files}
        for name in ("pages", "hidden_pages", "draft_pages", "staticfiles"):
            files.update(item.save_as for item in self.context.get(name, ()) if getattr(item, "save_as", None))
        self.warn(linkcheck.unknown_page_links(links, files, (f"{search.BUNDLE}/", "feeds/")))

    def check_theme_pages(self) -> None:
        """Warn when a content page the theme links on every page (THEME_PAGES) is not made: `about.md` deleted left the
        menu's About link dead on every page, without a word (a tester); with --strict, fail."""
        made = {page.save_as for page in published_pages(self.context)}
        folder = os.path.join(self.settings.get("PATH") or "content", "pages")
        found = [Problem(folder, 1, 1, f"the theme links `{slug}/` on every page, but no content page is published "
                                       f"there: write {display_path(os.path.join(folder, slug + '.md'))} (`Slug: {slug}`), "
                                       "or take the link out of theme/templates/base.html", WARNING)
                 for slug in THEME_PAGES if f"{slug}/index.html" not in made]
        self.warn(found)

    def warn(self, found: list[Problem]) -> None:
        """Report warnings found while building; with --strict, they fail the build (BuildFailed)."""
        if found and self.settings.get("BRIEFKIT_STRICT"):
            raise BuildFailed(found)
        self.project.problems.extend(found)

    def write_site_files(self, writer, base: str, context: dict) -> None:
        """The sitemap, robots.txt and generated assets (e.g. the pictures' style sheet)."""
        urls = [s.url for s in self.specs if s.kind != "notfound"] + [page.url for page in published_pages(self.context)]
        files = seo.sitemap_files(base, urls) + [("robots.txt", seo.robots_txt(base))] + list(assets.GENERATED.items())
        for path, text in files:
            writer.write_file(path, Prerendered(text), context)

    def open_data(self, writer, site: dict, previous) -> tuple[dict[str, str], list[str], dict[str, str]]:
        """Write the Atom feeds (Writer.write_feed) and the downloads (write_file); runs in a background process.

        Returns the feeds' digests and tokens (for the manifest) and the feeds kept from the last
        build: a feed that read nothing dirty, or whose data is unchanged, is kept instead of written.
        """
        base, author = site["base"], self.settings.get("AUTHOR") or site["name"]
        digests, kept, tokens = {}, [], {}
        # Per-entity pieces of the feeds and downloads, kept across builds (downloads.Memo): an edit remakes a few.
        memo = downloads.Memo.load(cache.memo_file(self.options["briefings"]), base)
        maker = feeds.Feeds(self.project, int(self.options["feed_entries"]), memo)
        for path, owner in maker.paths():
            if self.unchanged_feed(path) and self.keep(path):
                digests[path], tokens[path] = previous.files[path], previous.feeds[path]
                kept.append(path)  # it read nothing that changed: the last build's file is this build's
                continue
            feed, tokens[path] = maker.make(path, owner)
            digests[path] = digest = feeds.feed_digest(feed, memo)
            if previous is not None and previous.files.get(path) == digest and self.keep(path):
                kept.append(path)  # the same feed data gives the same file: keep the last build's
                continue
            feed_context = {"SITENAME": site["name"], "SITEURL": base, "FEED_DOMAIN": base,
                            "SITESUBTITLE": f"{feed.title}: {feeds.holds(feed.path)} on {site['name']}",
                            "BRIEFKIT_FEED": {"id": seo.absolute(base, feed.path), "link": seo.absolute(base, feed.page_url),
                                              "updated": _utc(feed.updated)}}
            writer.write_feed([FeedItem(e, author) for e in feed.entries], feed_context, path=feed.path,
                              feed_type="atom", feed_title=_html(feed.title, quote=False))
        context = {"localsiteurl": self.settings.get("SITEURL", "")}
        for path, text in downloads.render_all(self.project, base, site["name"], site["data_license_url"], memo):
            if previous is not None and self.unchanged_file(path, text) and self.keep(path):
                kept.append(path)  # the same bytes: the last build's file is kept, and publishing compares nothing
                continue
            writer.write_file(path, Prerendered(text), context)  # here: 30 MB at 10,000 entities need not travel
        memo.save()
        return digests, (kept if self.in_place else []), tokens

    def unchanged_file(self, path: str, text: str) -> bool:
        """True when the last build's output has path as a regular file holding exactly text (as written)."""
        published = cache.read_regular(os.path.join(self.settings["BRIEFKIT_PREVIOUS"], path))
        return published is not None and published == text.encode("utf-8")

    def unchanged_feed(self, path: str) -> bool:
        """True when the last build made this feed and none of the tokens it read is dirty now."""
        previous = self.previous
        read = previous.feeds.get(path) if previous is not None else None
        return read is not None and path in previous.files and self.dirty.isdisjoint(read.split(" "))

    def keep_theme_files(self) -> None:
        """In place, leave the theme's static files the last build published instead of Pelican copying them again.

        The theme is part of the version (incremental.version), so an in-place build's theme files are the
        published ones. When they are all there, Pelican's copying is turned off for this build; else Pelican
        copies as ever. (A manifest never lists them: Pelican copies them after our pages.) A file created
        costs more than its bytes (a free inode to find: see the README's benchmark), and these are about 70
        of an edit build's 130 new files.
        """
        if self.theme_files and all(map(self.keep, self.theme_files)):
            self.settings["THEME_STATIC_PATHS"] = []  # read by Pelican's StaticGenerator in its generate_output

    def previous_manifest(self, version: str):
        """The previous build's manifest when its code, theme and settings were these (its pages can be kept)."""
        previous = incremental.read_manifest(self.settings.get("BRIEFKIT_PREVIOUS"))
        return previous if previous is not None and previous.version == version else None

    def keep(self, save_as: str) -> bool:
        """Keep a file of the previous output: in place, when it is there; else hard-linked into staging."""
        previous_output = self.settings["BRIEFKIT_PREVIOUS"]
        if self.in_place:
            if self.missing is not None and self.missing.knows(save_as):
                return save_as not in self.missing.files  # looked up beside the check (build.py)
            return incremental.present(previous_output, save_as)
        return incremental.reuse(previous_output, self.output_path, save_as)

    def reuse_unchanged(self, previous, manifest, stats: dict) -> list:
        """Keep the previous output's pages whose inputs are unchanged; return the pages to render."""
        if previous is None:
            return list(self.specs)
        dirty = self.dirty | incremental.dirty_tokens({}, {}, previous.derived, manifest.derived)
        to_render = []
        for spec in self.specs:
            tokens = previous.pages.get(spec.save_as)
            if tokens is not None and dirty.isdisjoint(tokens) and self.keep(spec.save_as):
                manifest.pages[spec.save_as] = tokens
                stats[spec.kind] = stats.get(spec.kind, 0) + 1
            else:
                to_render.append(spec)
        return to_render


def theme_static_files(theme: str, settings: dict) -> list[str]:
    """Where Pelican's StaticGenerator copies the theme's static files (THEME_STATIC_PATHS), relative to the output.

    Its `_copy_paths(…, final_path=os.curdir)`: a folder's files go under THEME_STATIC_DIR as they lie in the
    folder, a file goes there by its name; names matching IGNORE_FILES are left out, folders followed by links.
    """
    destination, ignores, found = settings.get("THEME_STATIC_DIR") or "", settings.get("IGNORE_FILES") or [], []

    def ignored(name: str) -> bool:
        return any(fnmatch.fnmatch(name, pattern) for pattern in ignores)

    for path in settings.get("THEME_STATIC_PATHS") or []:
        source = os.path.join(theme, path)
        if ignored(os.path.basename(source)):
            continue
        if os.path.isfile(source):
            found.append(os.path.normpath(os.path.join(destination, os.path.basename(path))))
            continue
        for folder, subfolders, names in os.walk(source, followlinks=True):
            subfolders[:] = [name for name in subfolders if not ignored(name)]
            inside = os.path.relpath(folder, source)
            found.extend(os.path.normpath(os.path.join(destination, inside, name)) for name in names if not ignored(name))
    return found


class Extras:
    """The search index, the feeds and the downloads of one build: made beside the rendering, or after it.

    Two background processes, started as soon as the project is checked (generate_context):
    the open data (feeds and downloads) and the search index, whose content-page documents
    come from the pages Pelican has read by then (search.page_document).
    """

    def __init__(self, generator: BriefingGenerator, previous, lang: str):
        self.generator, self.previous, self.lang, self.jobs = generator, previous, lang, {}

    def start(self, target: str) -> None:
        """Start both processes, writing into target (the staging folder): the search index first, the longer."""
        from pelican.writers import Writer

        generator, previous, project, lang = self.generator, self.previous, self.generator.project, self.lang
        # A page's content as its reader made it: `page.content` would replace its {static} links now, before the
        # static files are known, and Pelican memoizes that (the words, all the search reads, are the same).
        pages = {page.save_as: search.page_document(page.title, page._content, lang)
                 for page in published_pages(generator.context)}
        docs = search.Documents(project, pages, lang)
        generator.search_paths = docs.paths
        digests = previous.files if previous is not None else {}
        changed = docs.changed(generator.dirty, previous.entities) if previous is not None else None
        size = int(generator.options["search_shard_size"])
        search.shard_count(docs.paths, size)  # each path's shard number, found once here for the child and the pages
        previous_output, in_place = generator.settings.get("BRIEFKIT_PREVIOUS"), generator.in_place
        missing = generator.missing.files if generator.missing is not None else frozenset()
        self.jobs["search"] = Background(lambda: search.make_index(docs, target, previous_output, digests, in_place, size,
                                                                   changed, missing),
                                         stop=search.stop_pagefind)
        writer = Writer(target, settings=generator.settings)  # the child's own: Pelican's is not made yet
        site = generator.site_basics()
        # The feeds and downloads end first, in edit builds and clean ones alike: they yield the processors to
        # the search index (Pagefind) and the rendering, which end last (measured: see the README's benchmark).
        self.jobs["open data"] = Background(lambda: generator.open_data(writer, site, previous), yielding=5)
        cache.drop_prefetched()  # the open-data memo read ahead (build.py) is the child's now: 40 MB less here

    def finish(self) -> tuple[dict[str, str], list[str], tuple, dict[str, str]]:
        """Wait for both processes; returns digests, kept files, search counts and the feeds' tokens."""
        feed_digests, kept_feeds, feed_tokens = self.jobs["open data"].result()
        waited = time.perf_counter()
        search_digests, search_files, indexed, made = self.jobs["search"].result()
        counts = (indexed, made, len(search_digests), time.perf_counter() - waited)
        return {**feed_digests, **search_digests}, kept_feeds + search_files, counts, feed_tokens

    def run(self, target: str) -> tuple[dict[str, str], list[str], tuple, dict[str, str]]:
        """Make the extras into target now (build.finish_extras, after the pages were published)."""
        try:
            self.start(target)
            return self.finish()
        except BaseException:
            self.cancel()
            raise

    def cancel(self) -> None:
        """Stop the background processes (the build failed elsewhere)."""
        for job in self.jobs.values():
            job.cancel()


def extra_files(manifest) -> set[str]:
    """The files of a site's extras (search index, feeds, downloads), from its manifest."""
    feeds = {path for path in manifest.files if not search.in_index(path)}
    return feeds | set(filter(search.in_index, manifest.others)) | {item["path"] for item in downloads.FILES}


class MarkdownItReader(BaseReader):
    """Reads content/ pages written in Markdown with a `Key: value` header, using markdown-it-py."""

    enabled = True
    file_extensions = ["md", "markdown"]

    def note_read(self, source_path: str, data: bytes) -> None:
        """Note when the page's bytes are not those the build fingerprinted before it began (saved meanwhile)."""
        inputs = self.settings.get("BRIEFKIT_INPUTS")
        if inputs is not None and inputs.content.get(os.path.realpath(source_path)) != hashlib.sha256(data).digest():
            self.settings.setdefault("BRIEFKIT_STATS", {})["_raced"] = True

    def read(self, source_path):
        """(HTML, metadata) of a content page; what is wrong with it goes into its metadata (content.PROBLEMS) with
        its place, for the build to report (Pelican would log a line and leave the page out)."""
        if not utf8(source_path):  # no message, manifest or sitemap can hold its name (a tester's build: a traceback)
            html, metadata = _unread(source_path, not_utf8(source_path, "the file name is not UTF-8; rename the file"))
            return html, {**metadata, "slug": metadata["title"]}  # not Pelican's from the name: a stray warning
        if not os.path.isfile(source_path):  # a pipe would be waited on for good
            return _unread(source_path, "not a regular file; a content page is a file")
        content_folder = os.path.realpath(self.settings.get("PATH") or ".")
        if os.path.commonpath([os.path.realpath(source_path), content_folder]) != content_folder:
            # as for fact sheets: a link in the repository must not publish a file from elsewhere on the machine
            return _unread(source_path, "symbolic link leads outside the content folder; refused")
        problems = []
        try:
            with open(source_path, "rb") as handle:
                data = handle.read(MAX_FILE_BYTES + 4)  # a page of a gigabyte took 2 GB of memory (a tester)
        except OSError as error:  # Pelican would log a line and leave the page out
            return _unread(source_path, f"cannot read the page: {error.strerror or error}")
        if len(data) > MAX_FILE_BYTES + 3:  # a byte-order mark aside, as for fact sheets
            return _unread(source_path, f"the page is larger than {MAX_FILE_BYTES // 1024} KiB; split it")
        self.note_read(source_path, data)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            line, column = place_of_byte(data, error.start)
            problems.append((line, column, f"not valid UTF-8 (byte {error.start}); save the page as UTF-8"))
            text = data.decode("utf-8", "replace")
        # What a fact sheet may not hold, a page may not either, said at its place: a control character in a `Slug:`
        # made the sitemap ill-formed XML, and the page's text held it unseen (a tester). Not in text that is not
        # UTF-8 (said above): its places, counted in bytes, would be off. A NUL is no text: the page is not read.
        refused: list[Problem] = []
        if not problems:
            text = refused_characters(source_path, data, text, refused)
        problems += [(problem.line, problem.column, problem.message) for problem in refused]
        if not text and data:
            return "", {"title": os.path.basename(source_path), content.PROBLEMS: problems}
        header, body, lines = _split_header(text)
        metadata = {}
        for key, value in header.items():
            try:
                metadata[key.lower()] = self.process_metadata(key.lower(), value)
            except Exception as error:  # noqa: BLE001 - Pelican's own parsing (a date it cannot read…)
                problems.append((lines[key], 1, f"`{key}: {value}` cannot be read: {error}"))
        formatted = {name: metadata[name] for name in self.settings.get("FORMATTED_FIELDS") or ()
                     if isinstance(metadata.get(name), str)}
        for name, value in formatted.items():  # Markdown in `Summary:`, as Pelican's readers do: its `~~old~~` had
            metadata[name] = content.render_content_page(value)  # reached the page's description as written (a tester)
        template = metadata.get("template")
        wrong = self._template_problem(template) if template is not None else None
        if wrong is not None:
            problems.append((lines[next(k for k in header if k.lower() == "template")], 1,
                             f"`Template: {template}` {wrong}; leave the header out for the page's own"))
            del metadata["template"]
        problems += _header_problems(header, lines, metadata)
        site_lang = str(self.settings.get("DEFAULT_LANG") or "")  # tags are the same in any case (RFC 5646): `Lang: EN`
        if str(metadata.get("lang") or "").casefold() == site_lang.casefold():  # was a translation of the English page
            metadata["lang"] = site_lang  # into English (a tester); other tags are kept as written (their addresses)
        problems += _place_problems(header, lines, metadata, self.settings, source_path)
        folder = _page_url(metadata, self.settings, source_path)
        html, refused, deep, above, links = compile_content_page(body, folder)
        # a header's refused links too (`Summary: [x](javascript:…)` passed without a word: a tester), before the body's
        refused = [bad for value in formatted.values() for bad in compile_content_page(value, folder)[1]] + refused
        problems += _runs_closed(header, lines, metadata)
        if _open_runs(shown := unescape(re.sub(r"<[^>]*>", "", html))):  # the body leaves one open: closed at its end
            html = compile_content_page(body.rstrip() + _open_runs(shown), folder)[0]
            last = max(text.rfind(ch) for ch in _OPENERS)  # -1 for one written `&#x202E;`: the body's first line
            problems.append((text.count("\n", 0, last) + 1 if last >= 0 else len(lines) + 2, 1,
                             _left_open_message("the page's text", shown), WARNING))
        if links:
            metadata[content.LINKS] = content.site_links(text, links, source_path)
            problems += content.file_link_problems(text, links, source_path, content_folder)
        problems += content.placed(text, refused)
        problems += content.placed(text, above, WARNING)
        problems += content.wikilinks(text, body)
        problems += content.body_problems(text, body, html)
        if deep is not None:  # the body is the end of the text: its lines come after the header's
            problems.append((text.count("\n", 0, len(text) - len(body)) + deep[0] + 1, 1, deep[1]))
        if not str(metadata.get("title") or "").strip():
            problems.append((lines.get(next((k for k in header if k.lower() == "title"), ""), 1), 1,
                             "a content page needs a `Title:` header: its heading, and its name in menus and search"))
            metadata["title"] = os.path.basename(source_path)  # the page is still listed, to report it
        if problems:
            metadata[content.PROBLEMS] = problems
        return html, metadata

    def _template_problem(self, name) -> str | None:
        """What is wrong with a page's `Template:`, or None for a template of the theme's (a plain name, no folder:
        `templates/<name>.html` there) that shows a page's text: it, or one it extends or includes, has `page.content`
        or `page.get_content`. The theme's templates of its own pages (`actor`, `data`) and its parts (`base`, `macros`)
        published an empty page, or failed in the theme's file, one page a run (a tester)."""
        name = str(name)
        folder = os.path.join(self.settings.get("THEME", ""), "templates")
        if not re.fullmatch(r"[A-Za-z0-9_-]+", name) or not os.path.isfile(os.path.join(folder, f"{name}.html")):
            return "names no template of the theme"
        if not _shows_page(folder, f"{name}.html"):
            return "names a template of the theme that does not show a page's text (`page.content`)"
        return None


def _runs_closed(header: dict, lines: dict, metadata: dict) -> list[tuple]:
    """A warning for a `Title:` or `Summary:` leaving a bidirectional run open, which is closed at its end, as a
    sheet's text is: the page's words after it, and search results, ran backwards (a tester)."""
    problems = []
    for key in header:
        value = metadata.get(key.lower())
        if key.lower() in ("title", "summary") and isinstance(value, str) and _open_runs(value):
            problems.append((lines[key], 1, _left_open_message(f"`{key}:`", value), WARNING))
            metadata[key.lower()] = value + _open_runs(value)
    return problems


def _left_open_message(what: str, text: str) -> str:
    """The warning for a text that leaves a bidirectional run open, which the build closes at its end."""
    opener = next(ch for ch in reversed(text) if ch in _OPENERS)
    return (f"{what} leaves {_OPENERS[opener]} (U+{ord(opener):04X}) open, which would turn the text after it around "
            "wherever it shows; it is closed at the end: close it there yourself, or remove it")


def _place_problems(header: dict, lines: dict, metadata: dict, settings: dict, source_path: str) -> list[tuple]:
    """A `Save_as:` that is not where the page's address (`Url:`, else PAGE_URL with its slug) serves it, or a `Url:`
    that does not serve where the page is saved: the page's links, stylesheet, canonical link and sitemap entry are
    made from the address, and led nowhere (an empty `Url:` claimed the home page: testers). A translation's address
    is Pelican's PAGE_LANG_URL: left to it."""
    if str(metadata.get("lang") or settings.get("DEFAULT_LANG")) != settings.get("DEFAULT_LANG"):
        return []
    given = next((k for k in header if k.lower() == "url"), None)
    from_path = "?P<slug>" in str(settings.get("FILENAME_METADATA") or "") or bool(settings.get("PATH_METADATA"))
    if given is not None and "url" in metadata and "save_as" not in metadata and not from_path \
            and str(metadata.get("status") or "").lower() != "draft":  # (refused already: popped; a draft: unwritten;
        # a slug from the file's path (PATH_METADATA) is Pelican's to find: not checked here, a tester)
        saved = str(settings.get("PAGE_SAVE_AS") or "{slug}/index.html").replace("{slug}", _slug(metadata, settings,
                                                                                                    source_path))
        url = str(metadata.get("url") or "")
        if url != saved and url + "index.html" != saved:
            metadata.pop("url", None)
            address = saved[: -len("index.html")] if saved.endswith("index.html") else saved
            return [(lines[given], 1, f"`{given}: {url}` is not the address of the page, which is saved at `{saved}`: "
                                      f"write `{given}: {address}`, or leave `{given}:` out")]
    save_as = str(metadata.get("save_as") or "")
    if not save_as:
        return []
    url = _address(metadata, settings, source_path)
    if save_as == url or (save_as.endswith("index.html") and save_as[: -len("index.html")] == url):
        return []
    key = next(k for k in header if k.lower() == "save_as")
    served = url + "index.html" if url.endswith("/") or not url else url
    del metadata["save_as"]
    return [(lines[key], 1, f"`{key}: {save_as}` is not where the page's address `{url}` serves it (`{served}`): "
                            "leave `Save_as:` out, or give a `Url:` that serves it")]


_EXTENDS = re.compile(r"""{%-?\s*(?:extends|include)\s+["']([^"']+)["']""")


def _shows_page(folder: str, name: str, depth: int = 0) -> bool:
    """True when a template of folder, or one it extends or includes, shows a content page's text (`page.content`)."""
    try:
        with open(os.path.join(folder, name), encoding="utf-8") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError):
        return False
    if "page.content" in text or "page.get_content" in text:
        return True
    return depth < 8 and any(_shows_page(folder, other.group(1), depth + 1) for other in _EXTENDS.finditer(text))


def _page_url(metadata: dict, settings: dict, source_path: str) -> str:
    """The folder of a content page's address from the site's root (`about/`), against which its relative links
    resolve."""
    url = _address(metadata, settings, source_path)
    return url[: url.rfind("/") + 1]


def _address(metadata: dict, settings: dict, source_path: str) -> str:
    """A content page's address from the site's root, as Pelican's Content makes it: its `Url:`, else PAGE_URL with
    its `Slug:`, else with a slug of its file's name (or title, as SLUGIFY_SOURCE says)."""
    slug = _slug(metadata, settings, source_path)
    return str(metadata.get("url") or str(settings.get("PAGE_URL") or "{slug}/").replace("{slug}", slug))


def _slug(metadata: dict, settings: dict, source_path: str) -> str:
    """A content page's slug, as Pelican makes it: its `Slug:`, else a slug of its file's name (or title, as
    SLUGIFY_SOURCE says)."""
    named = metadata.get("title") if settings.get("SLUGIFY_SOURCE") == "title" else None
    return str(metadata.get("slug") or slugify(str(named or os.path.basename(os.path.splitext(source_path)[0])),
                                               regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
                                               preserve_case=settings.get("SLUGIFY_PRESERVE_CASE", False),
                                               use_unicode=settings.get("SLUGIFY_USE_UNICODE", False)))


_STATUSES = ("published", "hidden", "draft")
# In a page's place: a space, a quote, `<`, `>`, a backtick, or a character not seen (a format or control character;
# not the zero-width (non-)joiners, letters' parts in Persian and Indic words: `درباره‌ی-ما`, `ශ්‍රී-ලංකාව`, a tester)
_UNFIT_IN_ADDRESS = re.compile(r"[\s\"'<>`\u00ad\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2069\ufeff"
                               r"\x00-\x1f\x7f-\x9f]")
_PLACES = ("slug", "save_as", "url")  # headers that place a page: a plain path inside the site


def _header_problems(header: dict, lines: dict, metadata: dict) -> list[tuple[int, int, str]]:
    """What Pelican would skip the page for with a log line (an unknown status, a path leading out of the site):
    as problems at their lines. Such a header is dropped, so that the page stays listed and is reported."""
    problems = []
    for key, value in header.items():
        name = key.lower()
        if name == "status" and value.lower() not in _STATUSES:
            problems.append((lines[key], 1, f"`{key}: {value}` is not a status: use published, hidden or draft"))
            metadata.pop(name, None)
        elif name in _PLACES and (value.startswith(("/", "~")) or any(c in value for c in "\\:?#%")
                                  or {".", ".."} & set(value.split("/"))):  # `./p`: its depth counted wrong (a tester)
            problems.append((lines[key], 1, f"`{key}: {value}` is no path inside the site (it would lead out, or "
                                            "hold a `.` part, `?`, `#`, `%`, `:`); write one such as `about`"))
            metadata.pop(name, None)
        elif name in _PLACES and (bad := _UNFIT_IN_ADDRESS.search(value)) is not None:
            # a sitemap's `<loc>https://…/a b/</loc>` is no URL, and an invisible or reordering character hid in the
            # page's address (a tester)
            char = bad.group()
            shown = "a space" if char == " " else f"`{char}`" if char.isprintable() else f"U+{ord(char):04X}"
            problems.append((lines[key], 1, f"`{key}:` holds {shown}, which an address cannot hold as written: use "
                                            "letters, digits, `-`, `_`, `.` and `/`, such as `about-us`"))
            metadata.pop(name, None)
        elif name in ("slug", "url") and ("//" in value or (name == "slug" and value.endswith("/"))):
            # `Slug: guides/` made the URL `guides//`, one folder deeper than its file: every link off by one (a tester)
            tidy = re.sub("/+", "/", value).strip("/") if name == "slug" else re.sub("/+", "/", value)
            problems.append((lines[key], 1, f"`{key}: {value}` has a `/` too many; it is read as `{tidy}`: write that",
                             WARNING))
            metadata[name] = tidy
        elif name == "lang" and not re.fullmatch(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*", value):  # it names a folder
            problems.append((lines[key], 1, f"`{key}: {value}` is not a language code such as `fr` or `pt-BR`"))
            metadata.pop(name, None)
        elif name == "lang" and (wrong := language_tag_problem(key, value, "fr")) is not None:  # `jp`, as a sheet's
            problems.append((lines[key], 1, wrong))
            metadata.pop(name, None)
    return problems


class OtherFormatReader(BaseReader):
    """A content page in a format Pelican also reads (.html, .rst: raw HTML and all) is refused at its place."""

    enabled = True
    file_extensions: list[str] = []

    def read(self, source_path):
        """No HTML; a problem in its metadata (content.PROBLEMS)."""
        why = ("content pages are Markdown (.md or .markdown), whose raw HTML is left out; this file is not read: "
               "write it in Markdown")
        return _unread(source_path, why)


def _unread(source_path: str, why: str) -> tuple[str, dict]:
    """A reader's (HTML, metadata) of a content page it does not read: no HTML, the reason as its problem at 1:1
    (the page stays listed, titled by its file name, so that the build reports it)."""
    return "", {"title": escaped_name(os.path.basename(source_path)), content.PROBLEMS: [(1, 1, why)]}


def _split_header(text: str) -> tuple[dict, str, dict]:
    """`Key: value` lines up to the first blank line, the rest, and each key's line number."""
    header, lines = {}, {}
    rows = text.lstrip("\ufeff").splitlines(keepends=True)
    for number, line in enumerate(rows):
        match = re.match(r"([A-Za-z][A-Za-z0-9_-]*):\s*(.*)$", line.rstrip("\n"))
        if not line.strip() or not match:
            return header, "".join(rows[number:]), lines
        header[match.group(1)] = match.group(2).strip()
        lines[match.group(1)] = number + 1
    return header, "", lines


def add_readers(readers):
    """readers_init: read .md content pages with markdown-it-py, and refuse every other format Pelican reads."""
    for extension in readers.reader_classes:
        readers.reader_classes[extension] = OtherFormatReader
    for extension in MarkdownItReader.file_extensions:
        readers.reader_classes[extension] = MarkdownItReader


def forget_markdown_package(generator):
    """generator_init: Pelican lists its Python-Markdown reader as disabled; ours reads .md, so drop the warning."""
    for extension in MarkdownItReader.file_extensions:
        generator.readers.disabled_readers.pop(extension, None)


def keep_compiled_templates(generator):
    """generator_init: Pelican's Jinja environment keeps its compiled templates in our cache (a fifth of a
    second per build: Pelican compiles page.html and base.html for the content pages every time); and it has the
    filters of right-to-left text, for a content page's title (bidi.py), and root_of and rebased, for the way back to
    the site's root from a page at any depth (`Slug: guides/deep`)."""
    generator.env.filters.update(bidi=bidi.isolate, dir=bidi.dir_attribute, isolated=bidi.isolated_text,
                                 language_name=languages.language_name, plain=content.plain_text, root_of=root_of,
                                 rebased=content.rebased)
    share_compiled(generator.env)


def unquote_static_links(generator):
    """page_generator_finalized: the files content pages attach (`{attach}rapport-été.pdf`), by their names on disk.
    Markdown writes a link's address percent-encoded (`rapport-%C3%A9t%C3%A9.pdf`) and Pelican decodes only `%20`
    before its static generator looks for the file, so the link was made and the file never copied (a dead link,
    unsaid); a file whose name holds the escapes as written keeps them."""
    links = generator.context.get("static_links")
    if not links:
        return
    base = generator.path
    decoded = {unquote(path) if "%" in path and not os.path.lexists(os.path.join(base, path))
               and os.path.lexists(os.path.join(base, unquote(path))) else path for path in links}
    links.clear()
    links.update(decoded)


def attach_to_originals(generator):
    """static_generator_finalized: a file a page and its translation both attach (`{attach}files/x.csv`) goes beside the
    page, not the translation. Pelican attaches it to the first page whose text it makes, and it makes translations'
    first: adding an Arabic translation moved the English page's download, its old address dead (a tester)."""
    for page in [*generator.context.get("pages", ()), *generator.context.get("hidden_pages", ())]:
        if getattr(page, "translations", None) and "{attach}" in (getattr(page, "_content", "") or ""):
            page.content  # made now, with the static files known: the attachments go to it  # noqa: B018


def get_generators(pelican):
    """get_generators: add the briefing generator."""
    return BriefingGenerator


def register():
    """Connect the plugin's signals (Pelican plugin entry point)."""
    signals.get_generators.connect(get_generators)
    signals.readers_init.connect(add_readers)
    signals.generator_init.connect(forget_markdown_package)
    signals.generator_init.connect(keep_compiled_templates)
    signals.feed_generated.connect(finish_feed)
    signals.page_generator_finalized.connect(unquote_static_links)
    signals.static_generator_finalized.connect(attach_to_originals)


def _settings(settings_file: str) -> dict:
    """Pelican's settings from the file; BuildFailed, at its place, for any error in it (it is Python)."""
    try:
        return read_settings(settings_file)
    except SystemExit as error:  # sys.exit() in the file: the build ended with its status and not a word
        raise BuildFailed([Problem(settings_file, 1, 1, f"cannot read the settings: the file exits (sys.exit("
                                                        f"{error.code!r}))")]) from None
    except Exception as error:  # noqa: BLE001 - the settings file is Python: any error in it is the problem to show
        said = text_settings_problems(settings_file) if not isinstance(error, SyntaxError) else []
        if said:  # a value Pelican reads as text and is not (`DEFAULT_LANG = None`): at its line, with the fix
            raise BuildFailed(said) from None
        line, column = (error.lineno or 1, error.offset or 1) if isinstance(error, SyntaxError) else _raised_at(
            error, settings_file)
        detail = error.msg if isinstance(error, SyntaxError) else f"{type(error).__name__}: {error}"
        raise BuildFailed([Problem(settings_file, line, column, f"cannot read the settings: {detail}")]) from None


def _raised_at(error: BaseException, settings_file: str) -> tuple[int, int]:
    """Line and column in the settings file where its own code raised error (the last such frame), else 1, 1: a
    tester's `int(os.environ.get("SEARCH_SHARD_SIZE") or 1000)` with 1e3 was said at 1:1."""
    here = os.path.realpath(settings_file)
    frames = [frame for frame in traceback.extract_tb(error.__traceback__)
              if frame.filename and os.path.realpath(frame.filename) == here and frame.lineno]
    if not frames:
        return 1, 1
    return frames[-1].lineno, (getattr(frames[-1], "colno", None) or 0) + 1


def reserved_paths(settings: dict) -> tuple[str, ...]:
    """The files and folders a build writes besides pages (theme files, search index, feeds, downloads…): no
    content page may be written to or inside one."""
    return (settings.get("THEME_STATIC_DIR") or "theme", search.BUNDLE, "feeds", "robots.txt", "sitemap.xml",
            incremental.MANIFEST_NAME, *(item["path"] for item in downloads.FILES))


class _PageOnDisk:
    """A content page as check reads it: where a build would write it (outpaths.plan_problems reads these)."""

    def __init__(self, source_path: str, save_as: str):
        self.source_path, self.save_as = source_path, save_as


def _save_as(metadata: dict, settings: dict, source_path: str) -> str:
    """Where Pelican writes a content page, "" for none (a draft): its `Save_as:`, else PAGE_SAVE_AS (PAGE_LANG_SAVE_AS
    for a page in another language than the site's) with its slug."""
    if str(metadata.get("status") or "").lower() == "draft":
        return ""
    if "save_as" in metadata:  # `Save_as:` left empty: Pelican writes the page nowhere (a reviewer)
        return str(metadata["save_as"] or "")
    lang = str(metadata.get("lang") or settings.get("DEFAULT_LANG") or "")
    other = lang.casefold() != str(settings.get("DEFAULT_LANG") or "").casefold()
    pattern = str(settings.get("PAGE_LANG_SAVE_AS" if other else "PAGE_SAVE_AS") or "")
    return pattern.replace("{slug}", _slug(metadata, settings, source_path)).replace("{lang}", lang)


def settings_and_pages_problems(settings_file: str, project=None) -> list[Problem]:
    """What `check --settings` finds without building: the settings a build cannot run with, and each content page's
    own problems (its headers, its links, its format); given the checked project, a page a build would write where an
    entity's page, a listing or a file of the build goes (found by the build alone, and only once the sheets
    passed: an editor's new id's pull request was green, and the publishing failed; a tester)."""
    try:
        settings = _settings(settings_file)
    except BuildFailed as failed:
        return failed.problems
    problems = settings_problems(settings, settings_file)
    if any(too_deep(folder) for folder in read_folders(settings)):
        return problems  # said by settings_problems: os.walk below would stop with a RecursionError, as Pelican's
    ours = set(MarkdownItReader.file_extensions)
    others = {ext for cls in BaseReader.__subclasses__() for ext in getattr(cls, "file_extensions", ())} - ours
    pages = []
    # said by settings_problems when it is no list of folder names, or one leads out of the content folder
    for folder in pages_folders(settings.get("PAGE_PATHS")):
        top = os.path.join(settings["PATH"], folder)
        for place, folders, names in os.walk(top):
            folders[:] = sorted(f for f in folders if not f.startswith("."))
            for name in sorted(n for n in names if not n.startswith(".")):
                path, extension = os.path.join(place, name), name.rpartition(".")[2]
                if extension not in ours | others:
                    continue
                try:
                    if extension in others:
                        found = OtherFormatReader(settings).read(path)[1][content.PROBLEMS]
                    else:
                        metadata = MarkdownItReader(settings).read(path)[1]
                        found = metadata.get(content.PROBLEMS, ())
                        pages.append(_PageOnDisk(path, _save_as(metadata, settings, path)))
                except Exception as error:  # noqa: BLE001 - a setting the reading stops on (`SLUG_REGEX_SUBSTITUTIONS`
                    # with a bad pattern): said once, at the settings, not as a traceback hiding the sheets' errors
                    return problems + [Problem(settings_file, 1, 1, f"cannot read the content pages with these "
                                                                    f"settings: {type(error).__name__}: {error}")]
                problems += [Problem(escaped_name(path), *problem) for problem in found]
    if project is not None and pages:  # the paths alone: as under an empty output folder
        context = {"pages": [page for page in pages if page.save_as]}
        pages_planned = plan(project, navigation=not project.errors)
        problems += plan_problems(pages_planned, settings["PATH"], project, context, empty=True,
                                  reserved=reserved_paths(settings))
    return problems


class _Failures(logging.Handler):
    """Pelican's errors during a build: it logs some and goes on (a static file it could not copy, the disk full:
    a tester's site was published with empty scripts and maps, and the build said 0 errors). Each fails the build."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if str(record.msg).startswith("A problem occurred copying file") and len(record.args or ()) == 3:
            source, _, error = record.args  # pelican.utils.copy_file says its OSError as a warning
            self.messages.append(f"cannot copy `{display_path(str(source))}` into the site: "
                                 f"{getattr(error, 'strerror', None) or error}")
        elif record.levelno >= logging.ERROR:
            self.messages.append(" ".join(record.getMessage().split()))

    def problems(self, output: str) -> list[Problem]:
        """The failures as one problem at the output folder: the first, and how many more (a full disk fails every
        copy after the first)."""
        if not self.messages:
            return []
        more = len(self.messages) - 1
        return [Problem(output, 1, 1, self.messages[0] + (f" (and {more} more such failures)" if more else "")
                        + "; nothing was published")]


def run_pelican(settings_file: str, output: str, briefings: str | None, project, stats: dict,
                previous: str | None = None, inputs: incremental.Inputs | None = None, in_place: bool = False,
                defer_extras: bool = False, presence=None, strict: bool = False) -> None:
    """Run Pelican with our settings file, writing into output (reusing unchanged pages of previous).

    in_place: output receives only the files that differ from previous (build.py moves them
    there); else output receives the whole site, unchanged pages hard-linked from previous.
    defer_extras (in place only): the search index, feeds and downloads are left to build.finish_extras.
    presence: an incremental.Presence of previous's files, found beside the check (else each file is looked up).
    strict: a warning the build finds (a link to no page of the site) fails it, as the check's warnings do.
    """
    settings = _settings(settings_file)
    found = settings_problems(settings, settings_file, previous or output)
    if any(problem.is_error for problem in found) or (strict and found):
        # with the content pages' own problems, as `check --settings` says them: all of the run's at once
        raise BuildFailed(found + [p for p in settings_and_pages_problems(settings_file) if p not in found])
    project.problems.extend(found)  # settings the build does not use: warnings, counted with the sheets' problems
    settings["OUTPUT_PATH"] = os.path.abspath(output)
    # Pelican renders the content pages and their titles through this environment: a dict given in the settings
    # replaces Pelican's whole default, and Pelican's documentation shows one without `autoescape` (a tester's
    # `Title: <img src=x onerror=…>` went into the page as HTML). Escaping is not the settings' to turn off.
    jinja = settings.get("JINJA_ENVIRONMENT")
    settings["JINJA_ENVIRONMENT"] = {**(jinja if isinstance(jinja, dict) else {}), "autoescape": True}
    settings["BRIEFKIT"] = dict(settings.get("BRIEFKIT") or {})
    if briefings:
        settings["BRIEFKIT"]["briefings"] = os.path.abspath(briefings)
    settings["BRIEFKIT_PROJECT"] = project
    settings["BRIEFKIT_STATS"] = stats
    settings["BRIEFKIT_PREVIOUS"] = previous
    settings["BRIEFKIT_INPUTS"] = inputs
    settings["BRIEFKIT_IN_PLACE"] = in_place
    settings["BRIEFKIT_DEFER_EXTRAS"] = defer_extras
    settings["BRIEFKIT_PRESENCE"] = presence
    settings["BRIEFKIT_STRICT"] = strict
    console.quiet = True  # the CLI prints its own one-line summary
    failures = _Failures()
    logging.getLogger("pelican").addHandler(failures)
    try:
        with warnings.catch_warnings():  # Pelican's slugs of a name that is not UTF-8: said as an error here instead
            warnings.filterwarnings("ignore", "Surrogate character", RuntimeWarning)
            Pelican(settings).run()
        if failures.messages:
            raise BuildFailed(failures.problems(previous or output))
    except BaseException:
        if "_extras" in stats:  # a failure after our generator started its background processes: stop them
            stats["_extras"].cancel()
        raise
    finally:
        logging.getLogger("pelican").removeHandler(failures)
        stats.pop("_extras", None)
        # Pelican's memoized page methods keep every Page, and so these settings and the generators' context (a
        # copy), for the life of the process: without this, each `make serve` rebuild would keep its project alive,
        # and its manifest, page plan and search digests (each rebuild's, through the Presence these settings hold:
        # a long `make serve` grew by megabytes per edit, found by a tester). The pages are written by now.
        settings.pop("BRIEFKIT_PROJECT", None)
        for method in ("get_content", "get_summary"):
            getattr(Content.__dict__.get(method), "cache", {}).clear()
