"""Search: a Pagefind index of the built site, made in the staging folder before the swap.

Pagefind (the `pagefind[bin]` package pinned in pyproject.toml) reads every HTML
page and indexes the parts marked `data-pagefind-body`: entity pages (names,
"Also known as" lists in any script, and their text) and the hand-written pages.
It writes `pagefind/` into the site: the index fragments, the WebAssembly
search core and the default UI (`pagefind-ui.js`, `pagefind-ui.css`), which
the `/search/` page loads from the same origin. A missing or failing Pagefind
fails the build (the published site is left as it was): the binary is pinned,
so its absence is a broken install, not an option.

The theme uses no `data-pagefind-filter`: Pagefind 1.5.2 writes filter indexes in
an order that changes from run to run, and builds must be byte-identical.
Pagefind needs `'wasm-unsafe-eval'` in the pages' Content-Security-Policy (it is
in base.html); it loads everything else (`pagefind.js`, its worker, the index
fragments) from the same origin, and its UI sets no inline style that CSP
blocks, so `script-src 'self'` and `style-src 'self'` stand unchanged.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

BUNDLE = "pagefind"


class SearchIndexError(RuntimeError):
    """Pagefind could not index the site."""


def command(site: str) -> list[str]:
    """The Pagefind command line for a site folder."""
    return [sys.executable, "-m", "pagefind", "--site", site, "--output-subdir", BUNDLE, "--silent"]


def index_site(site: str) -> int:
    """Index the built site in `site` in place; returns the number of pages Pagefind indexed."""
    try:
        result = subprocess.run(command(site), capture_output=True, text=True, timeout=1800,
                                env={**os.environ, "NO_COLOR": "1"})
    except (OSError, subprocess.TimeoutExpired) as error:
        raise SearchIndexError(f"Pagefind could not run: {error}") from error
    entry = os.path.join(site, BUNDLE, "pagefind-entry.json")
    if result.returncode != 0 or not os.path.isfile(entry):
        detail = (result.stderr or result.stdout).strip() or f"exit status {result.returncode}"
        raise SearchIndexError(f"Pagefind failed to index {site}: {detail}\n"
                               "(reinstall the pinned dependencies: make venv, or pip install -r requirements.lock)")
    with open(entry, encoding="utf-8") as handle:
        languages = json.load(handle).get("languages", {})
    return sum(int(language.get("page_count", 0)) for language in languages.values())
