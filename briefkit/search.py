"""Search: a Pagefind index of the site's entities and hand-written pages, made before the swap.

Pagefind (the `pagefind[bin]` package pinned in requirements.lock) indexes
*search documents*, not the published pages: one small HTML document per
entity page (its name, other names and spellings in any script, and its own
text: every Text and Markdown field of its record, claims included; never the
lists of pages that link to it), at the path of the page it stands for, so
results link to the real page. The hand-written pages (About, Methodology…)
are indexed as Pelican wrote them. Why documents: Pagefind's time grows with
the HTML it reads, and an entity page carries pictures, JSON-LD and backlink
lists that are no part of a good search hit (a search for an actor should
find the actor, not the 2,000 pages that mention it). Documents depend only
on the project, so Pagefind starts before the pages are rendered and runs
beside them, and when no document changed, the last build's index is reused.

Pagefind writes `pagefind/` into the site: the index fragments, the WebAssembly
search core and the default UI (`pagefind-ui.js`, `pagefind-ui.css`), which
the `/search/` page loads from the same origin. A missing or failing Pagefind
fails the build (the published site is left as it was): the binary is pinned,
so its absence is a broken install, not an option.

No `data-pagefind-filter`: Pagefind 1.5.2 writes filter indexes in an order
that changes from run to run, and builds must be byte-identical. Pagefind
needs `'wasm-unsafe-eval'` in the pages' Content-Security-Policy (it is in
base.html); it loads everything else from the same origin.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from html import escape

from . import model as m
from .markup import fill

BUNDLE = "pagefind"
KICKERS = {"briefing": "Briefing", "actor": "Actor", "incident": "Incident", "stake": "Diplomatic stake"}


class SearchIndexError(RuntimeError):
    """Pagefind could not index the site."""


def documents(project, lang: str, pages: dict[str, str]) -> dict[str, str]:
    """Search documents by the path of the page they stand for: every entity page, and `pages` as given."""
    from .views import title_of  # imported here: `check`, which imports build.py, never needs the views

    docs = {}
    for kind in m.PAGE_KINDS:
        for entity in project.by_kind[kind]:
            docs[m.save_as(kind, entity.id)] = entity_document(project, entity, lang, title_of)
    docs.update(pages)
    return docs


def entity_document(project, entity, lang: str, title_of) -> str:
    """The search document of one entity: title, kind, then its own words in schema order."""
    title = escape(title_of(entity))
    words = []
    own = {key: value for key, value in entity.data.items() if key not in ("name", "title")}  # the heading
    _collect(m.KINDS[entity.kind], own, lambda i: _name(project, i, title_of), words)
    return (f'<!DOCTYPE html><html lang="{escape(lang)}"><head><meta charset="utf-8"><title>{title}</title></head>'
            f'<body><main data-pagefind-body><h1>{title}</h1><p>{KICKERS[entity.kind]}</p>{"".join(words)}'
            "</main></body></html>\n")


def _name(project, entity_id: str, title_of) -> str:
    """A wikilink's text when it names no label: the target's display name."""
    target = project.entities.get(entity_id)
    return escape(title_of(target) if target else entity_id)


def _collect(record: m.Record, data: dict, name, words: list[str]) -> None:
    """Append the HTML of every Text and Markdown value of a record (and of records within it)."""
    for spec in record.fields:
        value = data.get(spec.name)
        if value is not None:
            _collect_value(spec.type, value, name, words)


def _collect_value(kind: m.Type, value, name, words: list[str]) -> None:
    """_collect for one value of a given field type."""
    if isinstance(kind, m.ListOf):
        for item in value:
            _collect_value(kind.item, item, name, words)
    elif isinstance(kind, m.Record):
        _collect(kind, value, name, words)
    elif isinstance(kind, m.Markdown) and hasattr(value, "html"):  # a compiled markup.Markup
        words.append(fill(value.html, lambda i: "#", name))
    elif isinstance(kind, m.Text) and isinstance(value, str):
        words.append(f"<p>{escape(value)}</p>")


def digest(docs: dict[str, str]) -> str:
    """One digest of all documents and their paths (and of the Pagefind version that indexes them)."""
    hasher = hashlib.blake2b(_pagefind_version().encode(), digest_size=16)
    for path in sorted(docs):
        hasher.update(path.encode() + b"\0" + docs[path].encode() + b"\0")
    return hasher.hexdigest()


def _pagefind_version() -> str:
    """The installed Pagefind package's version (its index format can change between versions)."""
    try:
        from importlib.metadata import version

        return version("pagefind")
    except Exception:  # noqa: BLE001 - not installed: index() reports it
        return ""


def reuse(previous_output: str | None, site: str) -> bool:
    """Hard-link the previous build's index into site (incremental.reuse, file by file); False when there is none."""
    from .incremental import reuse as reuse_file

    source = os.path.join(previous_output or "", BUNDLE)
    if not previous_output or not os.path.isfile(os.path.join(source, "pagefind-entry.json")) or os.path.islink(source):
        return False
    for folder, _subfolders, files in os.walk(source):  # os.walk never follows links to folders
        for name in files:
            reuse_file(previous_output, site, os.path.relpath(os.path.join(folder, name), previous_output))
    return True


def make_index(docs: dict[str, str], site: str, previous_output: str | None, previous_digest: str | None) -> tuple[str, int, bool]:
    """Index the documents into site/pagefind, or link the previous index when they are unchanged.

    Returns the documents' digest (for the manifest), the number of pages indexed, and whether the
    previous index was reused. Runs in a background process beside the rendering (plugin.py).
    """
    current = digest(docs)
    if previous_digest == current and reuse(previous_output, site):
        return current, len(docs), True
    folder = tempfile.mkdtemp(prefix=".briefkit-search-", dir=_scratch(site))
    try:
        for path, text in docs.items():
            target = os.path.join(folder, path)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "w", encoding="utf-8") as handle:
                handle.write(text)
        _run_pagefind(folder, os.path.join(os.path.abspath(site), BUNDLE))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return current, indexed_pages(site), False


def _run_pagefind(documents_folder: str, bundle: str) -> None:
    """Run the pinned Pagefind over a folder of documents, writing the bundle; SearchIndexError on failure."""
    argv = [sys.executable, "-m", "pagefind", "--site", documents_folder, "--output-path", bundle, "--silent"]
    try:
        result = subprocess.run(argv, capture_output=True, text=True, timeout=1800, env={**os.environ, "NO_COLOR": "1"})
    except (OSError, subprocess.TimeoutExpired) as error:
        raise SearchIndexError(f"Pagefind could not run: {error}") from error
    if result.returncode != 0 or not os.path.isfile(os.path.join(bundle, "pagefind-entry.json")):
        detail = (result.stderr or result.stdout).strip() or f"exit status {result.returncode}"
        raise SearchIndexError(f"Pagefind failed to index the site: {detail}\n"
                               "(reinstall the pinned dependencies: make venv, or pip install -r requirements.lock)")


def _scratch(site: str) -> str:
    """Where the documents go: memory (/dev/shm) when the system has it, since 10,000 small files cost
    seconds to create and delete on a disk; else beside the site."""
    shm = "/dev/shm"
    if os.path.isdir(shm) and os.access(shm, os.W_OK | os.X_OK):
        return shm
    return os.path.dirname(os.path.abspath(site))


def indexed_pages(site: str) -> int:
    """How many pages the index in site holds."""
    with open(os.path.join(site, BUNDLE, "pagefind-entry.json"), encoding="utf-8") as handle:
        languages = json.load(handle).get("languages", {})
    return sum(int(language.get("page_count", 0)) for language in languages.values())
