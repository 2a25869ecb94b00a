"""`make serve`: build, serve the output on localhost, rebuild when an input changes."""

from __future__ import annotations

import functools
import http.server
import os
import socket
import threading
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


def watch_and_rebuild(paths: list[str], rebuild: Callable[[], None], ready: Callable[[], None] = lambda: None) -> None:
    """Call rebuild after every batch of changes under paths (until interrupted); ready() once watching."""
    import watchfiles

    existing = [p for p in paths if os.path.exists(p)]
    watching = False
    # A batch goes 20 ms (step) after its last change, or 200 ms (debounce) into a stream of changes such as a
    # checkout. yield_on_timeout: the first (empty) batch comes once the watcher runs, so ready() is never early.
    for changes in watchfiles.watch(*existing, debounce=200, step=20, rust_timeout=300, yield_on_timeout=True):
        if not watching:
            watching = True
            ready()
        if changes:
            rebuild()
