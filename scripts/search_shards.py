#!/usr/bin/env python3
"""Weigh the search shard size: what an edit pays to re-index one shard, against what a reader pays to search.

A large site's search index is split into shards (search.py): an edit runs Pagefind over the one
shard holding the edited page, and the search page merges every shard. Smaller shards make edits
cheaper and searches slower. For each shard size this builds the same generated corpus
(.bench/shards-nN/) and reports:

- the editor's side: the documents of the largest shard, and Pagefind's CPU time over them (median
  of --runs runs; what every edit pays, beside the rest of the build);
- the reader's side, in headless Chromium (Debian's /usr/bin/chromium, as the browser tests use):
  the median time from typing a query into /search/ to the first result, and the requests made,
  over --runs rounds of five queries, served from this machine.

    .venv/bin/python scripts/search_shards.py                      # N=10000, shard sizes 1000,500,250
    .venv/bin/python scripts/search_shards.py --size 1000 --shard-sizes 1000,100
"""
from __future__ import annotations

import argparse
import functools
import http.server
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT))
import gen_corpus  # noqa: E402

from briefkit import pipeline, search  # noqa: E402

PY = ROOT / ".venv" / "bin" / "python"
CHROMIUM = os.environ.get("BRIEFKIT_CHROMIUM", "/usr/bin/chromium")
QUERIES = ["militia", "rocket attack", "Hezbollah", "Damascus", "drone strike"]


def build(corpus: Path, site: Path, cache: Path, shard_size: int) -> None:
    """Build the corpus with this shard size (incremental when the site is there already)."""
    env = {**os.environ, "SEARCH_SHARD_SIZE": str(shard_size), "BRIEFKIT_CACHE_DIR": str(cache)}
    done = subprocess.run([str(PY), "-m", "briefkit", "build", "--briefings", str(corpus), "--output", str(site)],
                          cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"build failed:\n{done.stderr[-2000:]}")


def pagefind_seconds(project, shard_size: int, runs: int) -> tuple[int, float]:
    """(documents in the largest shard, median CPU seconds of Pagefind over them)."""
    docs = search.Documents(project, {}, "en")
    largest = max(search.shards(docs.paths, shard_size), key=len)
    texts = docs.texts(largest)
    times = []
    for _ in range(runs):
        out = Path(tempfile.mkdtemp(prefix="shard-"))
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        try:
            search._index_shard(texts, str(out), search.BUNDLE, None)
        finally:
            shutil.rmtree(out, ignore_errors=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        times.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return len(largest), statistics.median(times)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".wasm": "application/wasm",
                      ".js": "text/javascript"}

    def log_message(self, *args):
        pass


def serve(site: Path) -> str:
    """Serve the site from a thread of this process; its base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/"


def reader_seconds(urls: dict[int, str], runs: int) -> dict[int, tuple[float, float]]:
    """Per shard size: (median seconds from typing a query to its first result, median requests), interleaved."""
    from playwright.sync_api import sync_playwright

    found: dict[int, list[tuple[float, int]]] = {size: [] for size in urls}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        for _ in range(runs):
            for query in QUERIES:
                for size, url in urls.items():
                    context = browser.new_context(base_url=url)
                    page = context.new_page()
                    requests: list[str] = []
                    page.on("request", lambda request: requests.append(request.url))
                    page.goto("search/", wait_until="networkidle")
                    started = time.perf_counter()
                    page.locator(".pagefind-ui__search-input").fill(query)
                    page.locator(".pagefind-ui__result-link").first.wait_for(timeout=60000)
                    found[size].append((time.perf_counter() - started, len(requests)))
                    context.close()
        browser.close()
    return {size: (statistics.median(t for t, _ in rows), statistics.median(n for _, n in rows))
            for size, rows in found.items()}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=10000, help="entity pages of the generated corpus (default 10000)")
    parser.add_argument("--shard-sizes", default="1000,500,250", help="comma-separated shard sizes (default 1000,500,250)")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (default 3)")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.shard_sizes.split(",")]
    work = ROOT / ".bench" / f"shards-n{args.size}"
    corpus = work / "briefings"
    if not corpus.is_dir():
        print(f"generating N={args.size} in {work.relative_to(ROOT)}", flush=True)
        gen_corpus.generate(args.size, corpus)
    urls, editor = {}, {}
    for size in sizes:
        print(f"building with search_shard_size {size}", flush=True)
        site = work / f"site-{size}"
        build(corpus, site, work / f"cache-{size}", size)
        urls[size] = serve(site)
    project = pipeline.check(str(corpus), use_cache=False)
    for size in sizes:
        editor[size] = pagefind_seconds(project, size, args.runs)
    reader = reader_seconds(urls, args.runs)
    print(f"\nN={args.size}, {len(project.entities)} entities; medians of {args.runs} runs\n")
    print("| Shard size | Shards | Documents re-indexed by an edit | Pagefind CPU per edit | Query to first result | Requests |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    docs = search.Documents(project, {}, "en")
    for size in sizes:
        count, seconds = editor[size]
        wait, requests = reader[size]
        print(f"| {size} | {search.shard_count(docs.paths, size)} | {count} | {seconds:.2f} s | {wait:.2f} s | {requests:.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
