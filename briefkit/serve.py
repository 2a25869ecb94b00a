"""`make serve`: build, serve the output on localhost, rebuild when an input changes."""

from __future__ import annotations

import functools
import gc
import http.server
import os
import socket
import sys
import threading
import time
import traceback
from collections.abc import Callable
from contextlib import contextmanager

from . import pipeline


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the output folder by name, so an atomic swap is picked up at once; quiet."""

    def log_message(self, format, *args):  # noqa: A002 - signature from the standard library
        pass

    def send_head(self):
        """The file asked for; 400 for a path no file can have (`%00`, an encoded lone surrogate), which the standard
        library answers with a traceback in the editor's terminal and no reply (any web page can ask localhost)."""
        try:
            return super().send_head()
        except ValueError:  # open(): embedded null byte; UnicodeEncodeError: surrogates not allowed
            self.send_error(http.HTTPStatus.BAD_REQUEST, "No file has this path")
            return None

    def send_error(self, code, message=None, explain=None):
        """A 404 answered with the site's own /404.html, as its host will (else the standard library's page)."""
        page = os.path.join(self.directory, "404.html")
        if code != http.HTTPStatus.NOT_FOUND or self.command != "GET" or not os.path.isfile(page):
            return super().send_error(code, message, explain)
        try:
            with open(page, "rb") as handle:
                body = handle.read()
        except OSError:
            return super().send_error(code, message, explain)
        self.send_response(code)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        return None


class _ServerIPv6(http.server.ThreadingHTTPServer):
    """The server on an IPv6 address (`--host ::1`)."""

    address_family = socket.AF_INET6


def forget_settings_modules(settings: str, kept: set[str]) -> None:
    """Drop from this process's modules those the settings file may have imported from beside it (its folder and
    below), but those kept (the process had them before its first build: a caller's), this package's and installed
    ones: its next run imports them afresh, as a build's own process does. `make serve` kept a helper's old
    `SITENAME` after the helper was edited (a tester)."""
    here = os.path.dirname(os.path.realpath(settings)) + os.sep
    for name, module in list(sys.modules.items()):
        path = getattr(module, "__file__", None)
        if name in kept or not path or name.split(".")[0] == __package__ or "site-packages" in path \
                or callable(getattr(module, "register", None)):
            continue  # this package's own (imported as a build needs them), an installed one (a venv inside), a
            # Pelican plugin (its register() connected its signals once: imported again, it ran twice, a tester)
        if os.path.realpath(path).startswith(here):
            del sys.modules[name]


class Rebuilder:
    """What `briefkit serve` does when an input changes: build, publish the pages, then the search index, feeds and
    downloads, saying so at each step (echo: click.echo's signature; report: prints problems).

    It keeps the fact sheets the last build checked (pipeline.Memo, by content), so an edit re-reads one file.
    An unexpected error is printed and the last good site stays served.
    """

    def __init__(self, briefings: str, output: str, settings: str, echo: Callable, report: Callable,
                 kept: set[str] | None = None):
        self.briefings, self.output, self.settings, self.echo, self.report = briefings, output, settings, echo, report
        self.memo = pipeline.Memo()
        self.inputs = ""  # the fingerprint of what the last build read
        # never imported afresh (forget_settings_modules): the modules the process had before the settings ran
        self.kept = set(sys.modules) if kept is None else kept

    def __call__(self) -> None:
        """Rebuild now."""
        forget_settings_modules(self.settings, self.kept)
        try:
            with collected_after():
                said = self._publish_in_two_steps()
        except Exception:  # noqa: BLE001 - a defect, not the editors' input: shown, and the last good site still served
            traceback.print_exc()
            self.echo("Build failed with an unexpected error (above); still serving the last good site", err=True)
            return
        if said:  # last: when it shows, the server is ready for the next edit
            self.echo(said)

    def _publish_in_two_steps(self) -> str:
        """Publish the pages, then the extras; returns the line that says the extras are done."""
        from .build import build, finish_extras
        from .search import SearchIndexError

        result = build(self.briefings, self.output, self.settings, defer_extras=True, memo=self.memo)
        self.inputs = result.inputs
        self.report(result.problems)
        self.echo(result.summary())
        self.memo.save()  # the parse cache, for the next process: after the pages are up
        if result.later is None:
            return ""
        started = time.perf_counter()  # the pages are up; now the search index, feeds and downloads
        try:
            indexed, made, indexes = finish_extras(result)
        except SearchIndexError as error:
            self.echo(f"{self.output}: search index, feeds and downloads not updated: {error}", err=True)
            return ""
        return (f"Search index, feeds and downloads updated: {made:,} of {indexes:,} search indexes made "
                f"for {indexed:,} pages ({time.perf_counter() - started:.2f}s)")

    def catch_up(self) -> None:
        """Rebuild if an input changed since the last build read them: a sheet saved while the first build ran,
        before the watcher started, was never built (a tester)."""
        from .incremental import inputs_of

        found = pipeline.inventory(self.briefings, self.memo)
        if not os.path.isfile(self.settings) or inputs_of(self.briefings, found.keys, self.settings,
                                                           found.link_problems).digest != self.inputs:
            self()

    def warm(self) -> None:
        """Check the sheets now if no build did (the site was up to date), so that the first edit is as quick as the
        next ones."""
        if not self.memo.results:
            with collected_after():
                pipeline.warm(self.briefings, self.memo)


@contextmanager
def collected_after():
    """Run the block without the cyclic collector, then collect once (make serve, which runs for hours).

    A collection over a 10,000-entity heap takes half a second: collect once the work is done, not during it.
    """
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.collect()


def start_server(output: str, host: str, port: int) -> http.server.ThreadingHTTPServer:
    """An HTTP server for output on host:port, running in a daemon thread."""
    handler = functools.partial(_Handler, directory=os.path.abspath(output))
    server = (_ServerIPv6 if ":" in host else http.server.ThreadingHTTPServer)((host, port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def watch_and_rebuild(paths: list[str] | Callable[[], list[str]], rebuild: Callable[[], None],
                      ready: Callable[[], None] = lambda: None, state: Callable[[], object] = lambda: None) -> None:
    """Call rebuild after every batch of changes under paths, or when state() changes (until interrupted);
    ready() once watching. paths may be a function, asked again after each rebuild: the settings may name
    other folders then (a new content folder's pages were not watched: a tester).

    A file (the settings) saved by writing a new file and renaming it over the old one, as many
    editors do, is a new file that the watcher does not follow, as is a folder removed and made
    again (restored from a copy, a checkout): the watch then starts again.
    state: what else a build reads that the watcher does not see (git's HEAD, history.head_state), asked
    at every batch, empty ones included: within 300 ms of a commit.
    """
    import watchfiles

    watching, seen = False, state()
    listed = paths if callable(paths) else lambda: paths
    while True:
        paths = listed()
        existing = [p for p in paths if os.path.exists(p)]
        files = _file_ids(paths)  # all of them: one gone and back (a folder restored, a checkout) is watched again
        if not existing:  # nothing to watch until one comes back
            time.sleep(0.3)
            if _file_ids(paths) != files:
                rebuild()
            continue
        # A batch goes 20 ms (step) after its last change, or 200 ms (debounce) into a stream of changes such as a
        # checkout. yield_on_timeout: an empty batch comes every 300 ms once the watcher runs, so ready() is never
        # early, and a replaced file is noticed within that.
        for changes in watchfiles.watch(*existing, debounce=200, step=20, rust_timeout=300, yield_on_timeout=True):
            if not watching:
                watching = True
                ready()
            replaced = _file_ids(paths) != files
            now = state()
            if changes or replaced or now != seen:
                seen = now
                rebuild()
            if replaced or (changes and listed() != paths):
                break


def _file_ids(paths: list[str]) -> dict[str, tuple[int, int] | None]:
    """(device, inode) of each path (None when it is gone): a file renamed over it, or a folder removed and made
    again, changes them; a change inside a folder does not (the folder is watched whole)."""
    ids = {}
    for path in paths:
        try:
            status = os.stat(path)
        except OSError:
            ids[path] = None
            continue
        ids[path] = (status.st_dev, status.st_ino)
    return ids
