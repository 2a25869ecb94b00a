"""Problems as data: every stage returns them, one place prints them."""

from __future__ import annotations

import json
import os
import shlex
import re
from dataclasses import asdict, dataclass

from .model import BIDI_CONTROLS

ERROR = "error"
WARNING = "warning"
# Characters that reorder a line as a terminal shows it (bidirectional controls: "Trojan Source"): a sheet's text
# quoted in a message must not make it read otherwise. Printed as escapes, like line breaks.
# Invisible characters likewise: a zero-width space pasted after an id made the id in "`…` is not a valid id" look
# valid (a tester). Not the zero-width (non-)joiners, which Persian and Indic words and emoji hold.
# And control characters but the tab (line breaks are escaped on their own): a file name holding `ESC[2K ESC[1A`
# erased the problems printed before it, one holding an OSC sequence set the terminal's title (a tester).
_UNSHOWN = re.compile(f"[{BIDI_CONTROLS}\u200b\u2060\u00ad\u180e\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def counted(n: int, word: str, plural: str | None = None) -> str:
    """`1 error`, `2 errors` (plural: when it is not the word and an s)."""
    return f"{n:,} {word if n == 1 else plural or word + 's'}"  # `1,995 incidents`, as every count the site shows


def article(word: str) -> str:
    """The word with its indefinite article: "an incident", "a stake"."""
    return ("an " if word[:1] in "aeiou" else "a ") + word


@dataclass(frozen=True, order=True)
class Problem:
    """One finding at a place in a fact sheet (line and column count from 1)."""

    path: str
    line: int
    column: int
    message: str
    severity: str = ERROR
    code: str = ""

    @property
    def is_error(self) -> bool:
        """True when this problem fails the build."""
        return self.severity == ERROR


def escaped_name(path: str) -> str:
    """A path whose bytes are not all UTF-8 (os.walk gives them as lone surrogates) with those bytes as `\\xff`: as
    it can be printed, and as a shell's ls -b shows it."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def display_path(path: str, cwd: str | None = None) -> str:
    """The path as the editor would type it from where the command ran: a relative path as given (`../x/a.yaml`,
    which they typed so), an absolute one relative to where they are when it is inside, else absolute."""
    if not os.path.isabs(path) and cwd is None:
        return os.path.normpath(path)
    cwd = cwd or os.getcwd()
    absolute = os.path.abspath(path)
    try:
        rel = os.path.relpath(absolute, cwd)
    except ValueError:
        return absolute
    return absolute if rel.startswith("..") else rel


def shell_path(path: str, fallback: str = "FILE") -> str:
    """display_path, quoted for pasting into a shell (`'my sheets/it'"'"'s.yaml'`); fallback when it holds a
    character no single line can show (a newline, say)."""
    shown = display_path(path)
    return fallback if any(not c.isprintable() for c in shown) else shlex.quote(shown)


def sort_problems(problems) -> list[Problem]:
    """Problems in a stable order: by file, then place, then text."""
    return sorted(set(problems), key=lambda p: (p.path, p.line, p.column, p.message, p.severity))


def format_text(problem: Problem) -> str:
    """`path:line:column: message`, with warnings marked as such."""
    prefix = "warning: " if problem.severity == WARNING else ""
    line = f"{display_path(problem.path)}:{problem.line}:{problem.column}: {prefix}{problem.message}"
    # One problem, one line: a line break from a file's text could forge a problem or a CI command.
    line = line.replace("\r", "\\r").replace("\n", "\\n") if "\n" in line or "\r" in line else line
    # A line starting `::` (after spaces: the runner trims them) is a workflow command to GitHub Actions, and `##[` one
    # of its old form anywhere: a sheet named `::error file=README.md::x.yaml` forged an annotation (testers). The same
    # path, from the folder it is in; `##[` with its `#` escaped.
    line = "./" + line if line.lstrip().startswith("::") else line
    return _UNSHOWN.sub(_escaped, line.replace("##[", "#\\u0023[") if "##[" in line else line)


def _escaped(found: re.Match) -> str:
    """A bidirectional control, an invisible or a control character as its escape (`\\u202e`, `\\u200b`, `\\u001b`)."""
    return f"\\u{ord(found.group()):04x}"


def _escape_github(text: str, *, property_: bool = False) -> str:
    """Escape text for a GitHub workflow command (data or property value)."""
    text = _UNSHOWN.sub(_escaped, text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))
    text = text.replace("##[", "#%23[")  # the runner's old command form, found anywhere in a line
    if property_:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def format_github(problem: Problem) -> str:
    """A GitHub Actions annotation (`::error file=…,line=…,col=…::message`)."""
    kind = "warning" if problem.severity == WARNING else "error"
    path = _escape_github(display_path(problem.path), property_=True)
    message = _escape_github(problem.message)
    return f"::{kind} file={path},line={problem.line},col={problem.column}::{message}"


def format_json(problems) -> str:
    """Problems as one JSON document for other tools, with their counts."""
    items = []
    for p in problems:
        item = asdict(p)
        item["path"] = display_path(p.path)
        del item["code"]  # internal (a hint still to settle, index.settle_hints): empty by the time a report is made
        items.append(item)
    errors = sum(1 for p in problems if p.is_error)
    report = {"errors": errors, "warnings": len(problems) - errors, "problems": items}
    return json.dumps(report, ensure_ascii=False, indent=2, sort_keys=True)


SHOWN_PER_FILE = 100  # as load.MAX_PROBLEMS_PER_FILE: a file with 60,000 unknown keys printed 60,000 lines


def shown(problems: list[Problem]) -> list[Problem]:
    """Sorted problems with at most SHOWN_PER_FILE of each file, its errors first, then one line saying how many
    more there are (an error if an error is among them)."""
    by_path: dict[str, list[Problem]] = {}
    for problem in problems:
        by_path.setdefault(problem.path, []).append(problem)
    kept = []
    for path, found in by_path.items():
        if len(found) <= SHOWN_PER_FILE:
            kept += found
            continue
        ordered = sorted(found, key=lambda p: p.severity == WARNING)  # stable: errors first, each in place order
        rest = ordered[SHOWN_PER_FILE:]
        kept += ordered[:SHOWN_PER_FILE]
        kept.append(Problem(path, 1, 1, f"{len(rest):,} more problems in this file are not shown; fix these first",
                            ERROR if any(p.is_error for p in rest) else WARNING))
    return sort_problems(kept)


def render(problems, fmt: str = "text") -> str:
    """The problems in the chosen format: `json`, every one, for tools (the cap left them no way to get the rest, and
    its line counting those left out read as one more problem: a tester); `text` and `github` (a log a person
    reads), at most SHOWN_PER_FILE per file."""
    every = sort_problems(list(problems))
    if fmt == "json":
        return format_json(every)
    problems = shown(every)
    if fmt == "github":  # the annotation after the line FORMAT.md promises, which the log shows as written
        return "\n".join(f"{format_text(p)}\n{format_github(p)}" for p in problems)
    return "\n".join(format_text(p) for p in problems)
