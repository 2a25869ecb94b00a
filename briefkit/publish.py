"""Publishing a build: the whole site swapped in at once, or only what changed moved in place.

A clean build (no usable previous site) renders the whole site into a staging
folder beside the output and exchanges the two in one
`renameat2(RENAME_EXCHANGE)` call (two renames where the kernel lacks it); the
replaced tree is renamed aside and deleted by a background `rm`.

An incremental build (same code, theme and settings as the site in the
output) writes only the files that changed into its staging folder, and
`in_place` moves them into the output one `rename` each, deepest paths first
(a new page exists before the listings that link to it), then deletes the files
the new site no longer has, and writes the manifest last. Each file changes
atomically; readers may meet a mix of old and new pages for those few
milliseconds, as with any in-place generator. The old manifest is removed
first, so a publish killed half-way leaves no manifest, and the next build is
a clean one. Nothing is moved before every target is proven free of links.
"""

from __future__ import annotations

import ctypes
import errno
import filecmp
import os
import shutil
import stat
import subprocess
import tempfile

from .incremental import MANIFEST_NAME, files_in
from .outpaths import real_path

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


class UnsafeOutput(Exception):
    """Something not of the build's making stands where an in-place build would write or delete: a link, a folder
    in a file's place, a file in a folder's place. args: the path (relative to output), and what stands there."""


def in_place(staging: str, output: str, old_files: set[str], new_files: set[str]) -> None:
    """Move staging's files into output, delete what only the old site had, and write the manifest last.

    A staging folder without a manifest (make serve's pages, published before their
    extras) leaves output without one until build.finish_extras writes it.
    """
    moved = sorted((path for path in files_in(staging) if path != MANIFEST_NAME), key=lambda p: (-p.count("/"), p))
    stale = sorted(old_files - new_files - {MANIFEST_NAME}, key=lambda p: (-p.count("/"), p))
    real_output, known, writable = os.path.realpath(output), {}, {}
    for path in moved + stale + [MANIFEST_NAME]:
        target = os.path.join(real_output, path)
        if real_path(target, known) != target:
            raise UnsafeOutput(path, "is reached through a link")
        blocked = _obstacle(target)
        if blocked:  # a folder made by hand at a page's path (found by a tester): refused before anything moves
            raise UnsafeOutput(path, blocked)
        _check_writable(os.path.dirname(target), writable)
    _unlink(os.path.join(output, MANIFEST_NAME))  # a publish killed from here on leaves no manifest
    try:
        for path in moved:
            source, target = os.path.join(staging, path), os.path.join(output, path)
            if same_file(source, target):
                continue
            os.makedirs(os.path.dirname(target), exist_ok=True)
            os.replace(source, target)
        for path in stale:
            _unlink(os.path.join(output, path))
            _remove_empty_folders(os.path.dirname(path), output)
        if os.path.exists(os.path.join(staging, MANIFEST_NAME)):
            os.replace(os.path.join(staging, MANIFEST_NAME), os.path.join(output, MANIFEST_NAME))
    except OSError as error:
        raise HalfPublished() from error


def _check_writable(folder: str, checked: dict) -> None:
    """Raise PermissionError when the folder a file goes into (or, not made yet, its nearest existing one) cannot be
    written: found before anything moves. A read-only folder met half-way left the output a mix of two builds
    (a tester)."""
    while folder not in checked and not os.path.isdir(folder) and os.path.dirname(folder) != folder:
        folder = os.path.dirname(folder)
    if folder not in checked:
        checked[folder] = os.access(folder, os.W_OK | os.X_OK)
    if not checked[folder]:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), folder)


def _obstacle(target: str) -> str:
    """What stands in the way of writing or deleting the file at target ("" when nothing does)."""
    try:
        return "is a folder where the site has a file" if stat.S_ISDIR(os.lstat(target).st_mode) else ""
    except NotADirectoryError:
        return "lies below a file where the site has a folder"
    except OSError:  # missing: free
        return ""


class HalfPublished(Exception):
    """in_place stopped after it began to change output (its cause says why): output has no manifest, so the
    next build is a clean one."""


def same_file(path: str, other: str) -> bool:
    """True when other is a regular file with exactly path's bytes (left alone: its time stays)."""
    try:
        return not os.path.islink(other) and filecmp.cmp(path, other, shallow=False)
    except OSError:
        return False


def _unlink(path: str) -> None:
    """Remove a file that may already be gone."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def _remove_empty_folders(folder: str, output: str) -> None:
    """Remove folder and its parents while they are empty, never output itself."""
    while folder and folder != ".":
        try:
            os.rmdir(os.path.join(output, folder))
        except OSError:  # not empty (or gone): its parents are not empty either
            return
        folder = os.path.dirname(folder)


def remove_stale_staging(output: str, waiting: bool = True) -> None:
    """Remove staging folders left by killed builds (called under the lock, so none is in use).

    Replaced sites still being deleted in the background (`.<name>.old-*`, see discard) get
    another background `rm`: a site is never waited for twice. waiting=False (a build with
    nothing to do): a staging folder is set aside and deleted in the background too, and a
    replaced site is left to its own `rm`.
    """
    parent, name = os.path.split(os.path.abspath(output))
    for entry in os.listdir(parent):
        if entry.startswith(f".{name}.staging-") and waiting:
            shutil.rmtree(os.path.join(parent, entry), ignore_errors=True)  # never follows a link
        elif entry.startswith(f".{name}.staging-"):
            discard(os.path.join(parent, entry), output)
        elif entry.startswith(f".{name}.old-") and waiting:
            _remove_in_background(os.path.join(parent, entry))


def discard(old_tree: str, output: str) -> str:
    """Rename the replaced site aside and delete it in the background; returns the (empty) path left to remove."""
    parent, name = os.path.split(os.path.abspath(output))
    aside = tempfile.mkdtemp(prefix=f".{name}.old-", dir=parent)
    try:
        os.rename(old_tree, os.path.join(aside, "site"))
    except OSError:
        os.rmdir(aside)
        return old_tree
    _remove_in_background(aside)
    return old_tree


def _remove_in_background(folder: str) -> None:
    """Delete a folder with a detached `rm -rf` (here, when the system has no `rm`)."""
    try:
        subprocess.Popen(["rm", "-rf", "--", folder], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True)
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)


def swap(staging: str, output: str) -> None:
    """Make staging the output folder atomically; the old output ends up in staging."""
    os.chmod(staging, 0o755)  # mkdtemp makes it private; a published site is readable
    if not os.path.exists(output):
        os.rename(staging, output)
        os.mkdir(staging)  # the caller removes it
        return
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is not None:
        if renameat2(_AT_FDCWD, os.fsencode(staging), _AT_FDCWD, os.fsencode(output), _RENAME_EXCHANGE) == 0:
            return
        if ctypes.get_errno() not in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
            raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()), output)
    old = staging + ".old"
    os.rename(output, old)
    os.rename(staging, output)
    os.rename(old, staging)
