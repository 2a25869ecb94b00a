"""The Pelican plugin: the one module that imports Pelican.

`register()` only connects signals. The generator asks the library for the
indexed project and the rendered pages, and hands each page to Pelican's
Writer, so other Pelican plugins see every file we write.
Settings live in one namespaced dict, `BRIEFKIT`, merged over `DEFAULTS`.
"""

from __future__ import annotations

import os
import re
import sys

from pelican import Pelican, signals
from pelican.generators import Generator
from pelican.log import console
from pelican.readers import BaseReader
from pelican.settings import read_settings

from . import pipeline
from .content import render_content_page
from .problems import Problem, render as render_problems
from .render import render_all
from .views import Views, plan

DEFAULTS = {
    "briefings": "briefings",  # fact-sheet folder, relative to the settings file
    "jobs": 0,  # render processes; 0 = one per core
    "site_description": "",
}


class BuildFailed(Exception):
    """The fact sheets have errors; nothing was written."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{sum(p.is_error for p in problems)} errors in the fact sheets")
        self.problems = problems


def options(settings: dict) -> tuple[dict, list[str]]:
    """BRIEFKIT settings merged over DEFAULTS, and the unknown keys."""
    given = settings.get("BRIEFKIT", {}) or {}
    unknown = sorted(set(given) - set(DEFAULTS))
    merged = {**DEFAULTS, **{k: v for k, v in given.items() if k in DEFAULTS}}
    return merged, unknown


class Prerendered:
    """A stand-in template for Writer.write_file: the page is already HTML."""

    def __init__(self, html: str):
        self.html = html

    def render(self, context) -> str:
        return self.html


class BriefingGenerator(Generator):
    """Reads the fact sheets (generate_context) and writes their pages (generate_output)."""

    def generate_context(self):
        opts, unknown = options(self.settings)
        if unknown:
            print(f"pelican.conf.py: unknown BRIEFKIT settings: {', '.join(unknown)}; known: {', '.join(DEFAULTS)}",
                  file=sys.stderr)
        self.options = opts
        project = self.settings.get("BRIEFKIT_PROJECT")
        if project is None:
            project = pipeline.check(opts["briefings"])
            if project.errors:
                # Running under plain `pelican`: report like the CLI does, then stop before writing.
                print(render_problems(project.problems), file=sys.stderr)
                raise SystemExit(1)
        self.project = project
        self.specs = plan(project)
        self.context["BRIEFKIT_PAGES"] = [s.url for s in self.specs]

    def generate_output(self, writer):
        site = {"name": self.settings.get("SITENAME", "Briefings"), "url": self.settings.get("SITEURL", ""),
                "description": self.options.get("site_description", "")}
        extra = {"SITENAME": site["name"], "SITEURL": site["url"], "DEFAULT_LANG": self.settings.get("DEFAULT_LANG", "en")}
        views = Views(self.project, site)
        templates = os.path.join(self.theme, "templates")
        jobs = self.options["jobs"] or os.cpu_count() or 1
        context = {"localsiteurl": self.settings.get("SITEURL", "")}
        written = self.settings.get("BRIEFKIT_WRITTEN")
        for spec, html in render_all(views, self.specs, templates, extra, jobs):
            writer.write_file(spec.save_as, Prerendered(html), context, url=spec.url, page_url=spec.url)
            if written is not None:
                written[spec.kind] = written.get(spec.kind, 0) + 1


class MarkdownItReader(BaseReader):
    """Reads content/ pages written in Markdown with a `Key: value` header, using markdown-it-py."""

    enabled = True
    file_extensions = ["md", "markdown"]

    def read(self, source_path):
        with open(source_path, encoding="utf-8") as handle:
            text = handle.read()
        header, body = _split_header(text)
        metadata = {key.lower(): self.process_metadata(key.lower(), value) for key, value in header.items()}
        return render_content_page(body), metadata


def _split_header(text: str) -> tuple[dict, str]:
    """`Key: value` lines up to the first blank line, and the rest."""
    header = {}
    lines = text.lstrip("\ufeff").splitlines(keepends=True)
    for number, line in enumerate(lines):
        match = re.match(r"([A-Za-z][A-Za-z0-9_-]*):\s*(.*)$", line.rstrip("\n"))
        if not line.strip() or not match:
            return header, "".join(lines[number:])
        header[match.group(1)] = match.group(2).strip()
    return header, ""


def add_readers(readers):
    """readers_init: read .md content pages with markdown-it-py."""
    for extension in MarkdownItReader.file_extensions:
        readers.reader_classes[extension] = MarkdownItReader


def forget_markdown_package(generator):
    """generator_init: Pelican lists its Python-Markdown reader as disabled; ours reads .md, so drop the warning."""
    for extension in MarkdownItReader.file_extensions:
        generator.readers.disabled_readers.pop(extension, None)


def get_generators(pelican):
    """get_generators: add the briefing generator."""
    return BriefingGenerator


def register():
    """Connect the plugin's signals (Pelican plugin entry point)."""
    signals.get_generators.connect(get_generators)
    signals.readers_init.connect(add_readers)
    signals.generator_init.connect(forget_markdown_package)


def run_pelican(settings_file: str, output: str, briefings: str | None, project, written: dict) -> None:
    """Run Pelican with our settings file, writing into output."""
    settings = read_settings(settings_file)
    settings["OUTPUT_PATH"] = os.path.abspath(output)
    settings["BRIEFKIT"] = dict(settings.get("BRIEFKIT") or {})
    if briefings:
        settings["BRIEFKIT"]["briefings"] = os.path.abspath(briefings)
    settings["BRIEFKIT_PROJECT"] = project
    settings["BRIEFKIT_WRITTEN"] = written
    console.quiet = True  # the CLI prints its own one-line summary
    Pelican(settings).run()
