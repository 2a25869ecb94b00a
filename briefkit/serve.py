"""`make serve`: build, serve the output on localhost, rebuild when an input changes."""

from __future__ import annotations

import functools
import http.server
import os
import socket
import threading
import time
from collections.abc import Callable


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the output folder by name, so an atomic swap is picked up at once; quiet."""

    def log_message(self, format, *args):  # noqa: A002 - signature from the standard library
        pass


class _ServerIPv6(http.server.ThreadingHTTPServer):
    """The server on an IPv6 address (`--host ::1`)."""

    address_family = socket.AF_INET6


def start_server(output: str, host: str, port: int) -> http.server.ThreadingHTTPServer:
    """An HTTP server for output on host:port, running in a daemon thread."""
    handler = functools.partial(_Handler, directory=os.path.abspath(output))
    server = (_ServerIPv6 if ":" in host else http.server.ThreadingHTTPServer)((host, port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def watch_and_rebuild(paths: list[str], rebuild: Callable[[], None], ready: Callable[[], None] = lambda: None,
                      state: Callable[[], object] = lambda: None) -> None:
    """Call rebuild after every batch of changes under paths, or when state() changes (until interrupted);
    ready() once watching.

    A file (the settings) saved by writing a new file and renaming it over the old one, as many
    editors do, is a new file that the watcher does not follow, as is a folder removed and made
    again (restored from a copy, a checkout): the watch then starts again.
    state: what else a build reads that the watcher does not see (git's HEAD, history.head_state), asked
    at every batch, empty ones included: within 300 ms of a commit.
    """
    import watchfiles

    watching, seen = False, state()
    while True:
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
            if replaced:
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
