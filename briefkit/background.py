"""Work that runs in a forked child while the parent goes on (the open-data files beside the page rendering)."""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import sys
import traceback


class WorkerDied(RuntimeError):
    """A process of the build ended without an answer (killed, out of memory): nothing is published."""


def in_workers(fn, items: list, jobs: int, initializer=None, initargs=()):
    """fn(item) for each item, in order (an iterator), computed on `jobs` forked processes (started now, ended when
    the results are read, or the iterator is dropped). Each worker starts as every child does (start_child), then
    calls initializer(*initargs).

    concurrent.futures' pool, not multiprocessing's: a worker that dies (the out-of-memory killer, a signal) breaks
    it, and WorkerDied is raised; multiprocessing.Pool lost the dead worker's task and waited for it for good,
    the build's lock held (a tester). Ended early (an error, Ctrl-C), the tasks not started are cancelled.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"), initializer=_worker_start,
                               initargs=(initializer, initargs))
    try:
        # Submitted (and the workers forked) here, not at the first result: a caller may read the results with the
        # collector paused (pipeline._gc_paused), and what the pool made then would be frozen for good.
        results = pool.map(fn, items)
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    return _answers(pool, results)


def _worker_start(initializer, initargs) -> None:
    """A pool worker's start: a child's (a validating worker that outlived its parent, killed outright, waited for
    good to send its result, holding the build's output pipes: a tester), then the caller's."""
    start_child()
    if initializer is not None:
        initializer(*initargs)


def _answers(pool, results):
    """Yield the results of in_workers' pool in order; shut it down at the end, early or not."""
    from concurrent.futures.process import BrokenProcessPool

    try:
        yield from results
    except BrokenProcessPool:
        raise WorkerDied("a process of the build ended without an answer (killed? out of memory?)") from None
    finally:
        # Waited for: the pool's threads gone before this process forks again (a child forked beside them can
        # inherit a lock one holds, and wait on it for good); at most one task a worker still runs.
        pool.shutdown(wait=True, cancel_futures=True)


class Background:
    """Call fn() in a forked child now; `result()` waits for its (picklable) return value."""

    def __init__(self, fn, stop=None, yielding: int = 0):
        """stop: what the child calls when it is cancelled, before it ends (say, to end the processes it started).
        yielding: how much the child yields the processors to the build's other processes (os.nice)."""
        context = multiprocessing.get_context("fork")  # the child shares the parent's project instead of a pickle
        self._receive, send = context.Pipe(duplex=False)
        self._process = context.Process(target=_run, args=(fn, send, stop, yielding), daemon=True)
        self._process.start()
        send.close()

    def result(self):
        """fn's return value; the child's exception when it failed (RuntimeError when it cannot travel).

        A child that answered is not waited for: all that is left of it is its exit, which tears down
        its copy of the parent's pages (20-40 ms at 10,000 entities, on the build's critical path).
        multiprocessing reaps it when the next process starts (make serve), and a one-shot build ends first.
        """
        try:
            ok, value = self._receive.recv()
        except EOFError:
            self._process.join()
            raise WorkerDied(f"a background process of the build ended without an answer (exit status "
                             f"{self._process.exitcode}: killed? out of memory?)") from None
        finally:
            self._receive.close()
        if not ok:
            error, trace = value
            if error is None:
                raise RuntimeError(trace)
            raise error from RuntimeError(trace)  # the child's own exception, its traceback as the cause
        return value

    def cancel(self) -> None:
        """Stop the child (the build failed elsewhere): asked first (SIGTERM, which runs its `stop`), then killed."""
        if self._process.is_alive():
            self._process.terminate()
            self._process.join(_STOP_SECONDS)
            if self._process.is_alive():
                self._process.kill()
        self._process.join()
        self._receive.close()


_STOP_SECONDS = 10


def _run(fn, send, stop, yielding: int = 0) -> None:
    """The child: send (True, fn()) or (False, the traceback); on SIGTERM, call stop and end at once."""
    def stopped(_signal, _frame):
        # A second SIGTERM (the parent cancels its children, then dies: PDEATHSIG) must not run stop again
        # inside the first, where a lock the first holds would wait for ever.
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        try:
            if stop is not None:
                stop()
        finally:
            os._exit(1)

    signal.signal(signal.SIGTERM, stopped)
    start_child()
    if yielding:
        os.nice(yielding)
    try:
        send.send((True, fn()))
    except BaseException as error:  # noqa: BLE001 - reported to the parent, which raises it
        try:
            send.send((False, (error, traceback.format_exc())))
        except Exception:  # noqa: BLE001 - an exception that does not pickle: send its text
            send.send((False, (None, traceback.format_exc())))
    finally:
        send.close()


def start_child() -> None:
    """What every forked child does first (the background processes, the render workers): die with its parent,
    collect its own garbage, and leave Ctrl-C to its parent."""
    ignore_interrupts()
    die_with_parent()
    collect_own_garbage()


_INTERRUPTS: list[int] = []


def watch_interrupts() -> None:
    """In the CLI's process: Ctrl-C raises KeyboardInterrupt as ever, and is remembered. One that arrives while
    Python runs a callback it cannot raise from (a weak reference's, during an import) was printed as "Exception
    ignored" and lost, and the build published all the same (a test met it): `interrupted()` still tells, and
    such a report is not printed."""
    def interrupt(_signal, _frame):
        _INTERRUPTS.append(1)
        raise KeyboardInterrupt

    def unraisable(report) -> None:
        if not isinstance(report.exc_value, KeyboardInterrupt):
            sys.__unraisablehook__(report)

    signal.signal(signal.SIGINT, interrupt)
    sys.unraisablehook = unraisable


def interrupted() -> bool:
    """True once Ctrl-C came to this process (watch_interrupts), even if its KeyboardInterrupt was lost."""
    return bool(_INTERRUPTS)


def ignore_interrupts() -> None:
    """In a forked child: ignore SIGINT, which a terminal's Ctrl-C sends the whole process group. The parent stops
    its children itself (a pool is terminated, a background process cancelled); a render worker that died of it
    instead left its pool waiting for good, the build's lock held (a tester)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def die_with_parent() -> None:
    """Linux: SIGTERM to this child when its parent dies, even killed outright.

    A child outliving its parent holds the parent's build lock (an inherited descriptor) and
    can wait forever to send its result: every later build of that output would wait too.
    Elsewhere (no prctl), nothing: a parent that is stopped gently still cancels its children.
    """
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        return
    parent = multiprocessing.parent_process()
    if parent is not None and os.getppid() != parent.pid:  # it died before the call above
        os._exit(1)


_PR_SET_PDEATHSIG = 1


def collect_own_garbage() -> None:
    """In a forked child: collect the garbage it makes, never walking the heap it shares with its parent.

    The inherited objects are frozen (out of the collector's sight: walking them would copy their
    pages), and the collector is on even when the parent turned it off (a one-shot build, cli.py).
    """
    gc.freeze()
    gc.enable()
