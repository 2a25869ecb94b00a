"""History from git: when each fact sheet last changed, and the recent changes.

One `git log` run over the fact-sheet folder gives every commit that touched a
fact sheet, newest first, with the files it touched. From it come each file's
last commit (the "Fact sheet last changed" date of the entities it defines) and the
`/changes/` page. The folder may sit in any git repository (git runs with
`-C <folder>`). Outside git, or without git, there is simply no history: a
page never shows the build time instead.

Dates are the committer's date as the committer's clock read it (`%cI`), so the
same repository state always gives the same bytes.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import secrets
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from . import cache
from .dates import PartialDate, parse_date
from .load import SUFFIXES
from .model import BIDI_CONTROLS

RECENT = 100  # commits on the /changes/ page
_RECORD, _FIELD = b"\x1e", b"\x1f"
# Each commit's record begins with _RECORD and a marker made anew for each run: a subject or a file name holding
# 0x1E or 0x1F (anyone's to write) forged another commit's sha, link and date, or hid its own (a tester).
_FORMAT = "%x1e{marker}%H%x1f%P%x1f%cI%x1f%s"
# What a page must not show of a commit subject: control characters (an escape sequence, a carriage return),
# line and paragraph separators, and bidirectional controls, which reorder the text around them.
_UNSHOWABLE = re.compile(f"[\x00-\x1f\x7f-\x9f\u2028\u2029{BIDI_CONTROLS}]")
# Variables that would point git at another repository than the folder's own.
_REPO_VARIABLES = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR", "GIT_PREFIX", "GIT_NAMESPACE")


@dataclass(frozen=True)
class Commit:
    """One commit that touched fact sheets."""

    sha: str
    date: PartialDate
    subject: str
    files: tuple[str, ...]  # fact sheets it touched, relative to the folder, '/'-separated


@dataclass(frozen=True)
class History:
    """The fact-sheet folder's git history: commits newest first, and where the folder lies in its repository."""

    commits: tuple[Commit, ...] = ()
    prefix: str | None = None  # the folder's path inside the repository ("" at the top, "briefings/"), None outside git
    last: dict[str, Commit] = field(default_factory=dict)  # file -> the newest commit that touched it
    unreadable: bool = False  # in git, but `git log` failed (a commit dated before 1970, a damaged repository)


def git_log(folder: str, revision: str = "HEAD", marker: str = "") -> bytes | None:
    """Raw `git log` of the folder up to revision (one run), or None when it is not in git or git is missing.

    What the user's git configuration could change is pinned, so every machine reads the same history from the
    same commits (the history is kept per HEAD, and pages show it): renames found (`diff.renames`, default since
    git 2.9: a renamed sheet is listed at its new path only), messages in UTF-8 (`i18n.logOutputEncoding`), no
    signatures, paths unquoted, and replace refs ignored (`git replace --graft` changes the log, not HEAD). A merge
    lists the files it changed from all its parents (`--cc`: a conflict resolved in a sheet; a tester found such a
    merge left out of /changes/ and the sheet's last change). marker: what begins each record, after 0x1E.
    """
    return _git(folder, ["--no-replace-objects", "-c", "log.showSignature=false", "-c", "core.quotePath=false", "log",
                         "-z", "--relative", "--name-only", "--cc", "--find-renames", "--encoding=UTF-8", "--no-color",
                         f"--format={_FORMAT.format(marker=marker)}", revision, "--", "."], timeout=120)


def git_head(folder: str) -> str:
    """The commit the folder's repository has checked out (HEAD), "" outside git or without commits.

    In a shallow clone it reads "<sha> shallow": fetching the whole history changes the history
    (and the dates pages show) but not HEAD.
    """
    out = _git(folder, ["rev-parse", "--is-shallow-repository", "--verify", "-q", "HEAD"], timeout=10)
    if not out:
        return ""
    shallow, _, head = out.decode("ascii", "replace").strip().partition("\n")
    return f"{head} shallow" if shallow == "true" else head


def under_git(folder: str) -> bool:
    """True when the folder or one above it holds `.git` (a few stat calls: `make serve` asks every 300 ms, where
    asking git would start a process each time)."""
    path = os.path.realpath(folder)
    while True:
        if os.path.lexists(os.path.join(path, ".git")):
            return True
        parent = os.path.dirname(path)
        if parent == path:
            return False
        path = parent


def git_dirs(folder: str) -> tuple[str, str] | None:
    """(the git dir, the common git dir) of the folder's repository (they differ in a worktree), or None outside git."""
    out = _git(folder, ["rev-parse", "--absolute-git-dir", "--git-common-dir"], timeout=10)
    lines = out.decode("utf-8", "replace").splitlines() if out else []
    if len(lines) < 2:
        return None
    return lines[0], os.path.normpath(os.path.join(folder, lines[1]))  # the common dir is printed relative to folder


def head_state(dirs: tuple[str, str]) -> tuple:
    """The status of what says which commit is checked out: HEAD, the branch file it names, packed-refs.

    make serve compares it every few hundred milliseconds (its watcher ignores `.git/`): a commit, a checkout
    or a pull changes it, and with it the history pages show. Statuses, not contents: cheap in any repository.
    """
    git_dir, common = dirs
    head = os.path.join(git_dir, "HEAD")
    try:
        with open(head, "rb") as handle:
            named = handle.read(4096)
    except OSError:
        named = b""
    paths = [head, os.path.join(common, "packed-refs")]
    if named.startswith(b"ref: "):
        paths.append(os.path.join(common, os.fsdecode(named[5:].strip())))
    return named, tuple(_status(path) for path in paths)


def _status(path: str) -> tuple | None:
    """(inode, size, modification time) of a file, or None."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_ino, found.st_size, found.st_mtime_ns


def _git(folder: str, arguments: list[str], timeout: float) -> bytes | None:
    """git's output, run in the folder's own repository (whatever GIT_* variables a hook set), or None."""
    env = {k: v for k, v in os.environ.items() if k not in _REPO_VARIABLES}
    try:
        done = subprocess.run(["git", "-C", folder, *arguments], capture_output=True, env=env, timeout=timeout,
                              stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def is_fact_sheet(path: str) -> bool:
    """True for a path (relative to the folder) that the loader reads as a fact sheet."""
    parts = path.split("/")
    return path.endswith(SUFFIXES) and not any(part.startswith(("_", ".")) for part in parts)


def parse_log(raw: bytes, marker: str = "", prefix: str = "") -> list[Commit]:
    """Commits from `git log -z --name-only --format=…` output (git_log, with this marker), keeping only those that
    touched fact sheets. prefix: the folder's path in its repository, which a merge's names begin with (git's
    combined diff leaves `--relative` aside)."""
    commits = []
    for record in raw.split(_RECORD + marker.encode())[1:]:
        header, _, names = record.partition(b"\0")  # no subject or name holds a NUL
        fields = header.split(_FIELD, 3)  # the subject last, whatever it holds
        if len(fields) != 4:
            continue
        sha, parents, stamp, subject = (f.decode("utf-8", "replace") for f in fields)
        subject = _shown(subject, SUBJECT_CHARS)  # a commit message is anyone's text: as a sheet's, nothing hidden
        # A name that is not UTF-8 (one a commit added and removed) is read with U+FFFD: it is no sheet's path (the
        # loader refuses such names), and as bytes it could not be written into /changes/ (a tester). Names are
        # kept as written, to match the sheets' paths, and made showable only where /changes/ shows them: a tab,
        # a control or a bidirectional mark in a name, or a long one, had left its sheet undated (a tester).
        files = [n.decode("utf-8", "replace") for n in names.removeprefix(b"\n").split(b"\0")]
        if len(parents.split()) > 1:
            files = [f.removeprefix(prefix) for f in files if f.startswith(prefix)]
        files = tuple(dict.fromkeys(f for f in files if f and is_fact_sheet(f)))
        date = _commit_date(stamp)
        if files and date is not None:  # a date no calendar page can show (year 99999, a damaged commit): left out
            commits.append(Commit(sha, date, subject, files))
    return commits


SUBJECT_CHARS = 300  # a subject or file name shown on /changes/ is cut here: a commit's text is anyone's


def _shown(text: str, limit: int) -> str:
    """Text from git as /changes/ shows it: controls and bidirectional marks replaced, cut at limit."""
    text = _UNSHOWABLE.sub("\ufffd", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _commit_date(stamp: str) -> PartialDate | None:
    """The day of a committer date in strict ISO form (`%cI`), or None when it holds no date of years 1 to 9999
    (committer dates are anyone's to set: year 99999 crashed every build, year 10000 showed as "10000-01-0")."""
    match = _COMMIT_DAY.match(stamp)
    date = parse_date(match.group(1)) if match else None
    return date if isinstance(date, PartialDate) else None


_COMMIT_DAY = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2})T")


def last_commits(commits: list[Commit]) -> dict[str, Commit]:
    """Each file's newest commit (commits come newest first)."""
    last: dict[str, Commit] = {}
    for commit in commits:
        for path in commit.files:
            last.setdefault(path, commit)
    return last


def repo_prefix(folder: str) -> str | None:
    """The folder's path inside its git repository ("" or "briefings/"), found by looking for `.git` upwards."""
    here = os.path.realpath(folder)
    top = here
    while not os.path.exists(os.path.join(top, ".git")):
        parent = os.path.dirname(top)
        if parent == top:
            return None
        top = parent
    rel = os.path.relpath(here, top).replace(os.sep, "/")
    return "" if rel == "." else rel + "/"


def read_history(folder: str) -> History:
    """The folder's history from one git run; empty outside git.

    The history up to a commit never changes, and `git log` over years of commits costs a build
    a good part of a second (0.3 s for 3,000 commits of 590 sheets): it is kept per HEAD commit,
    in memory (`make serve`) and signed in the cache folder (the next `make html`).
    """
    head = git_head(folder)
    if not head:  # outside git, git missing, or a repository without commits (which /changes/ says as such)
        return History(prefix=repo_prefix(folder)) if shutil.which("git") else History()
    return _history_at(os.path.realpath(folder), head)


@functools.lru_cache(maxsize=4)
def _history_at(folder: str, head: str) -> History:
    """The history of folder up to the commit head: as stored for that commit, else from `git log`."""
    stored, stamp = _stored(folder), (_code_version(), head)
    found = cache.read_stamped(stored, stamp)
    if isinstance(found, History):
        return found
    marker = secrets.token_hex(8)
    raw = git_log(folder, head.split()[0], marker)
    if raw is None:  # in git (it has a HEAD), and git could not list it: said on /changes/, not "outside git"
        return History(prefix=repo_prefix(folder), unreadable=True)
    prefix = repo_prefix(folder)
    commits = parse_log(raw, marker, prefix or "")
    found = History(tuple(commits), prefix, last_commits(commits))
    cache.write_stamped(stored, stamp, found)
    return found


def _stored(folder: str) -> Path:
    """Where the history of one folder is kept (the last HEAD's only)."""
    return cache.folder() / f"history-{hashlib.sha256(folder.encode()).hexdigest()[:16]}.pickle"


@functools.cache
def _code_version() -> str:
    """A hash of the code whose objects the stored history holds."""
    here = Path(__file__).parent
    return hashlib.sha256((here / "history.py").read_bytes() + (here / "dates.py").read_bytes()).hexdigest()


def forge_links(repo_url: str, branch: str, repo_path: str) -> dict:
    """Links to a file's history and editor on a GitHub-style forge."""
    base, path = repo_url.rstrip("/"), quote(repo_path, safe="/")
    branch = quote(branch, safe="/")
    return {"history_url": f"{base}/commits/{branch}/{path}", "edit_url": f"{base}/edit/{branch}/{path}"}


def site_history(history: History, folder: str, files: list[str], repo_url: str = "", branch: str = "main",
                 recent: int = RECENT) -> dict:
    """Plain data for the views: per fact-sheet path (as in `files`) its last change and links; recent commits.

    `files` are the paths the loader found; a commit's files map back to them,
    or stay relative paths when the file is gone.
    """
    base = os.path.abspath(folder)
    by_rel = {os.path.relpath(os.path.abspath(p), base).replace(os.sep, "/"): p for p in files}
    links = bool(repo_url) and history.prefix is not None
    per_file = {}
    for rel, path in by_rel.items():
        commit = history.last.get(rel)
        if commit is None:
            continue
        entry = {"date": commit.date, "sha": commit.sha, "history_url": None, "edit_url": None}
        if links:
            entry.update(forge_links(repo_url, branch, history.prefix + rel))
        per_file[path] = entry
    commits = []
    # Newest first by the date shown: git lists a commit before its parents, whatever their clocks said (commits
    # imported or made on a skewed clock), and a list of dates must not run backwards. Same dates keep git's order.
    for commit in sorted(history.commits[:recent], key=lambda commit: commit.date.first_day(), reverse=True):
        commits.append({"sha": commit.sha, "short": commit.sha[:7], "date": commit.date, "subject": commit.subject,
                        "files": [{"rel": _shown(rel, SUBJECT_CHARS), "path": by_rel.get(rel)} for rel in commit.files],
                        "url": f"{repo_url.rstrip('/')}/commit/{commit.sha}" if repo_url else None})
    return {"files": per_file, "commits": commits, "in_git": history.prefix is not None or bool(history.commits),
            "unreadable": history.unreadable, "repo_url": repo_url.rstrip("/")}


def facts(data: dict) -> dict[str, str]:
    """site_history's data as derived facts (incremental.py): one per fact sheet in git, one for the commits.

    A page showing when its sheet last changed reads that sheet's fact (changes.sheet_token), and /changes/
    reads the commits' (changes.COMMITS_TOKEN), so a commit renders again the pages of the sheets it touched
    and /changes/, not the whole site. A sheet's fact is its last commit and forge links (the date and
    subject follow from the commit); the commits' fact also says whether the folder is in git at all.
    """
    from .changes import COMMITS_TOKEN, sheet_token  # changes.py reads this module's data

    found = {sheet_token(path): f"{entry['sha']} {entry['history_url']} {entry['edit_url']}"
             for path, entry in data["files"].items()}
    commits = hashlib.sha256(b"unreadable\n" if data.get("unreadable") else b"in git\n" if data["in_git"]
                             else b"outside git\n")  # /changes/ says which
    for commit in data["commits"]:
        commits.update(f"{commit['sha']}\0{commit['url']}\0{commit['files']}\n".encode())
    found[COMMITS_TOKEN] = commits.hexdigest()
    return found
