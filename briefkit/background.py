"""Work that runs in a forked child while the parent goes on (the open-data files beside the page rendering)."""

from __future__ import annotations

import gc
import multiprocessing
import traceback


class Background:
    """Call fn() in a forked child now; `result()` waits for its (picklable) return value."""

    def __init__(self, fn):
        context = multiprocessing.get_context("fork")  # the child shares the parent's project instead of a pickle
        self._receive, send = context.Pipe(duplex=False)
        self._process = context.Process(target=_run, args=(fn, send), daemon=True)
        self._process.start()
        send.close()

    def result(self):
        """fn's return value; the child's exception when it failed (RuntimeError when it cannot travel)."""
        try:
            ok, value = self._receive.recv()
        except EOFError:
            ok, value = False, (None, "the background process ended without an answer")
        finally:
            self._receive.close()
            self._process.join()
        if not ok:
            error, trace = value
            if error is None:
                raise RuntimeError(trace)
            raise error from RuntimeError(trace)  # the child's own exception, its traceback as the cause
        return value

    def cancel(self) -> None:
        """Stop the child (the build failed elsewhere)."""
        if self._process.is_alive():
            self._process.kill()
        self._process.join()
        self._receive.close()


def _run(fn, send) -> None:
    """The child: send (True, fn()) or (False, the traceback)."""
    collect_own_garbage()
    try:
        send.send((True, fn()))
    except BaseException as error:  # noqa: BLE001 - reported to the parent, which raises it
        try:
            send.send((False, (error, traceback.format_exc())))
        except Exception:  # noqa: BLE001 - an exception that does not pickle: send its text
            send.send((False, (None, traceback.format_exc())))
    finally:
        send.close()


def collect_own_garbage() -> None:
    """In a forked child: collect the garbage it makes, never walking the heap it shares with its parent.

    The inherited objects are frozen (out of the collector's sight: walking them would copy their
    pages), and the collector is on even when the parent turned it off (a one-shot build, cli.py).
    """
    gc.freeze()
    gc.enable()
