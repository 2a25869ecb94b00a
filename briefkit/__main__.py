"""`python -m briefkit` (what make runs): the CLI, then a quick exit."""

import errno
import os
import sys

# What writing the report to a stream that cannot take it raises (`> /dev/full`, a pipe closed early, a disk gone)
_UNWRITABLE = (errno.ENOSPC, errno.EPIPE, errno.EIO, errno.EBADF)
INTERRUPTED = 130  # the shell's status for a command ended by Ctrl-C (128 + SIGINT)


def run() -> None:
    """Run the CLI and end the process without tearing down its objects.

    A 10,000-entity build leaves ~400 MB of objects; freeing them one by one at
    exit takes a second or more for nothing (the process ends anyway). Every file
    is closed and every child joined by then, so the streams are flushed and the
    process ends with os._exit and the CLI's exit status.

    Click runs outside its standalone mode so that Ctrl-C, wherever it comes (while the modules load, before a
    command starts its work: a tester's build said "Aborted!" with status 1), ends with one line and status 130.
    A closed stream (`>&-`: Python's sys.stdout is None) is written nothing and changes no status; a stream that
    fails a write (`> /dev/full`) makes the status 1, with one line on the other stream where it can take it:
    a report that was not written is not a command that succeeded.
    """
    try:
        import click

        from .background import WorkerDied, watch_interrupts

        watch_interrupts()
        from .cli import main

        code = main(standalone_mode=False)
    except SystemExit as done:
        code = done.code
    except KeyboardInterrupt:
        code = _interrupted()
    except click.Abort as stopped:  # click's word for Ctrl-C (or end of input) inside a command
        code = _interrupted() if isinstance(stopped.__cause__, KeyboardInterrupt) else _said("Aborted!", 1)
    except click.ClickException as error:  # a usage error: said as click says it
        error.show()
        code = error.exit_code
    except WorkerDied as error:  # while checking (a parsing process): the build said its own (build.py)
        code = _said(f"Error: {error}", 1)
    except OSError as error:
        if error.errno not in _UNWRITABLE:
            raise
        code = _unwritten(error)
    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except OSError as error:
            code = _unwritten(error)
    os._exit(code or 0)


def _interrupted() -> int:
    """Say that Ctrl-C stopped the command; its status."""
    return _said("Interrupted", INTERRUPTED)


def _unwritten(error: OSError) -> int:
    """Say, where stderr can take it, that the report could not be written (a pipe closed early: nothing to say);
    the status to end with."""
    return 1 if error.errno == errno.EPIPE else _said(f"Error: cannot write the report: {error.strerror or error}", 1)


def _said(message: str, code: int) -> int:
    """Write message on stderr where it can take it; return code."""
    try:
        if sys.stderr is not None:
            sys.stderr.write(message + "\n")
            sys.stderr.flush()
    except OSError:
        pass
    return code


run()
