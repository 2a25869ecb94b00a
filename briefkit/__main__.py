"""`python -m briefkit` (what make runs): the CLI, then a quick exit."""

import errno
import os
import sys

from .cli import main

# What writing the report to a stream that cannot take it raises (`> /dev/full`, a pipe closed early, a disk gone)
_UNWRITABLE = (errno.ENOSPC, errno.EPIPE, errno.EIO, errno.EBADF)


def run() -> None:
    """Run the CLI and end the process without tearing down its objects.

    A 10,000-entity build leaves ~400 MB of objects; freeing them one by one at
    exit takes a second or more for nothing (the process ends anyway). Every file
    is closed and every child joined by then, so the streams are flushed and the
    process ends with os._exit and the CLI's exit status.

    A closed stream (`>&-`: Python's sys.stdout is None) is written nothing and changes no status; a stream that
    fails a write (`> /dev/full`) makes the status 1, with one line on the other stream where it can take it:
    a report that was not written is not a command that succeeded.
    """
    try:
        main()
        code = 0
    except SystemExit as done:
        code = done.code
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


def _unwritten(error: OSError) -> int:
    """Say, where stderr can take it, that the report could not be written; the status to end with."""
    try:
        if sys.stderr is not None:
            sys.stderr.write(f"Error: cannot write the report: {error.strerror or error}\n")
            sys.stderr.flush()
    except OSError:
        pass
    return 1


run()
