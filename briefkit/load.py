"""Stage 1, load: find fact sheets and parse them into position-carrying nodes.

Parsing goes through libyaml's event stream (`yaml.CSafeLoader`) rather than
`yaml.load`, so that every value keeps its line and column, and so that
anchors, aliases, tags, duplicate keys and extra documents are refused *as
they are read*: an alias is never expanded, so a "billion laughs" file costs
no more than its own size.
"""

from __future__ import annotations

import errno
import heapq
import itertools
import os
import re
import sys
from dataclasses import dataclass, field

import yaml
from yaml import events as ev
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from .model import field_names
from .problems import WARNING, Problem, display_path, escaped_name

MAX_FILE_BYTES = 1024 * 1024
MAX_STRING_CHARS = 100_000
MAX_DEPTH = 32
MAX_PROBLEMS_PER_FILE = 100
# Folders nested deeper than this below the fact-sheet folder are not read (an error says so): real sheets sit a few
# levels down, and a hostile chain of thousands (`d/d/d/…`) would otherwise cost time, and paths past what the system
# opens.
MAX_FOLDER_DEPTH = 100
# Values, lists and mappings in one file. Real sheets hold about 30,000 per MiB;
# a hostile MiB of `[1,1,…` or `- - - …` holds 500,000, which cost seconds and
# hundreds of MB as nodes, so reading stops here (as it does after too many problems).
MAX_NODES = 200_000
# An int read from hex, octal, binary or base 60 skips Python's 4,300-digit guard on reading decimals, and later
# fails to print (digests, messages): past this many bits (about 4,200 digits) it is refused as unreadable.
_INT_BITS = 14_000
# libyaml takes time quadratic in the nesting of flow brackets (100,000 `[`
# take minutes), so text with more open brackets than this is not parsed.
MAX_OPEN_BRACKETS = 1000
_BRACKET = re.compile(r"[\[\]{}]")
SUFFIXES = (".yaml", ".yml")
# C0 controls other than tab, LF and CR, DEL, C1 controls, and the BOM or noncharacters inside the text:
# invisible in an editor, so refused, as written or as escapes. In the file as written, also U+2028 and U+2029,
# which break lines for YAML but not for editors (every place reported after one would be a line off) and which
# YAML turns into a space inside a value; written as escapes (`"\u2028"`) they are text like any other.
# Noncharacters: U+FDD0..U+FDEF, and the last two code points of every plane (U+FFFE, U+FFFF, U+1FFFE…U+10FFFF).
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(chr(plane * 0x10000 + 0xFFFE) + chr(plane * 0x10000 + 0xFFFF) for plane in range(17))
_CONTROL = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff{_NONCHARACTERS}]")
# and a byte that is not UTF-8, as Python gives it in a command-line argument (a lone surrogate: `\udce9`)
_UNWRITABLE = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff{_NONCHARACTERS}\ud800-\udfff]")
_SEPARATORS = {"\u2028": "line separator", "\u2029": "paragraph separator"}
_LONE_CR = re.compile("\r(?!\n)")
_STR = "tag:yaml.org,2002:str"
REFUSED = "refused"  # the tag of a value refused where it is written (too long): checked no further, not "missing"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_TYPE_NAMES = {
    "tag:yaml.org,2002:bool": "a boolean",
    "tag:yaml.org,2002:int": "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:null": "empty (null)",
    _TIMESTAMP: "a date",
    _STR: "text",
}


class Node:
    """A parsed YAML value with its place; mappings keep their keys' places too."""

    __slots__ = ("value", "line", "column", "tag", "raw", "keys", "start", "end")

    def __init__(self, value, line, column, tag=_STR, raw=None, start=0, end=0):
        self.value = value  # dict[str, Node] | list[Node] | scalar
        self.line = line
        self.column = column
        self.tag = tag  # for scalars: the YAML 1.1 type it resolved to
        self.raw = raw  # for scalars: the text as written
        self.keys = None  # for mappings: {key: (line, column)}
        self.start = start  # character offsets of the node in the text
        self.end = end

    @property
    def type_name(self) -> str:
        """What YAML made of the value, in words."""
        if isinstance(self.value, dict):
            return "a mapping"
        if isinstance(self.value, list):
            return "a list"
        return _TYPE_NAMES.get(self.tag, "a value")


@dataclass
class Sheet:
    """One fact-sheet file: its text, root node (None when unusable) and problems."""

    path: str
    text: str = ""
    root: Node | None = None
    problems: list[Problem] = field(default_factory=list)
    read_on: bool = False  # parsed despite its problems (refused characters, each read as a space)
    undecoded: str = ""  # the text of a sheet that is not UTF-8, its bad bytes replaced: only to glimpse its ids
    tabs_spaced: int = 0  # blank or comment lines whose tabs were read as spaces (_blank_tabs)


def folder_problems(root: str) -> list[Problem]:
    """Why root cannot be read as the fact-sheet folder (missing, a file, a path that is not UTF-8), or []."""
    if not os.path.isdir(root):
        why = "is a file, not a folder" if os.path.exists(root) else "not found"
        return [Problem(root, 1, 1, f"fact-sheet folder {why}")]
    if not utf8(os.path.abspath(root)):  # else each sheet in it would be said to have a name that is not UTF-8
        shown = escaped_name(root)
        return [Problem(shown, 1, 1, not_utf8(root, "the fact-sheet folder's path is not UTF-8 (in its name "
                                                    "or a folder above it); rename the folder"))]
    return []


def discover(root: str) -> tuple[list[str], list[Problem]]:
    """Every fact-sheet path under root in sorted order (each file once: _each_file_once), and link problems."""
    unusable = folder_problems(root)
    if unusable:
        return [], unusable
    walk = _Walk(root, os.path.realpath(root))
    walk.run()
    paths, aliases = _each_file_once(walk.found, root, walk.real_root)
    return paths, walk.problems + aliases


class _Walk:
    """One walk of the fact-sheet folder: each real folder listed once, without recursion, in linear time.

    Links to folders inside it are followed, but a folder is walked at one path only: its own (no link on the way)
    when it has one, else the first link to it in sorted order. Following every link on every path walked 2^N paths
    through N folders each holding two links to the next; a link to a folder walked already gets one warning (one
    to a folder around it, a loop, is an error), never a walk. The walk keeps its own stack (os.walk recurses per
    level: a thousand nested folders raised RecursionError) and finds a folder's real path as its parent's plus its
    name (os.path.realpath reads every part of the path: quadratic in depth), resolving links only."""

    def __init__(self, root: str, real_root: str):
        self.root, self.real_root = root, real_root
        self.found: list[tuple[str, str]] = []  # (path, real path) of each sheet
        self.problems: list[Problem] = []
        self.walked: dict[str, str] = {}  # real path of each folder walked -> the path it was walked at
        self.links: list[tuple[str, str, int]] = []  # a heap of links to folders: (path, real path, depth)

    def run(self) -> None:
        """Walk root's own folders, then the linked ones (their own first: a link may lead to a folder met later)."""
        self.walk(self.root, self.real_root, 0)
        while self.links:
            self.walk(*heapq.heappop(self.links))

    def walk(self, top: str, real_top: str, depth: int) -> None:
        """List top and every folder below it that is no link; links to folders wait in self.links."""
        stack = [(top, real_top, depth)]
        while stack:
            where, real, depth = stack.pop()
            if self.enter(where, real, depth):
                stack.extend(self.folder(where, real, depth))

    def enter(self, where: str, real: str, depth: int) -> bool:
        """True when the folder is to be listed: not walked already, nor nested too deep."""
        if real in self.walked:
            if where.startswith(os.path.join(self.walked[real], "")):  # a link back to a folder around it would loop
                self.problems.append(Problem(where, 1, 1, "symbolic link leads back into a folder that holds it; refused"))
            else:
                self.problems.append(Problem(where, 1, 1, f"the same folder as `{display_path(self.walked[real])}` "
                                     "(through a symbolic link), which is read; not read again here (each file is "
                                     "read once)", WARNING))
            return False
        if depth > MAX_FOLDER_DEPTH:
            self.problems.append(Problem(where, 1, 1, f"folders nested more than {MAX_FOLDER_DEPTH} deep; this folder "
                                                      "and the sheets in it are not read (move them up)"))
            return False
        self.walked[real] = where
        return True

    def folder(self, where: str, real: str, depth: int) -> list[tuple[str, str, int]]:
        """Note the sheets of one folder; its subfolders that are no links, to walk next (links wait in self.links)."""
        try:
            with os.scandir(where) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as error:  # a folder the build cannot list: its sheets would vanish unsaid
            self.problems.append(Problem(error.filename or where, 1, 1, f"cannot read folder: {error.strerror or error}"))
            return []
        below = []
        for entry in entries:
            if _is_folder(entry):
                if not entry.name.startswith(("_", ".")):
                    below.extend(self.subfolder(entry, where, real, depth + 1))
            else:
                self.file(entry, where, real)
        return below[::-1]  # popped from the stack in sorted order

    def subfolder(self, entry: os.DirEntry, where: str, real: str, depth: int) -> list[tuple[str, str, int]]:
        """A folder to walk now ([] when it is a link, which waits its turn, or leads out of the folder)."""
        path = os.path.join(where, entry.name)
        if not entry.is_symlink():
            return [(path, os.path.join(real, entry.name), depth)]
        target = os.path.realpath(os.path.join(real, entry.name))
        if not _inside(target, self.real_root):
            self.problems.append(Problem(path, 1, 1, "symbolic link leads outside the fact-sheet folder; refused"))
        else:
            heapq.heappush(self.links, (path, target, depth))
        return []

    def file(self, entry: os.DirEntry, where: str, real: str) -> None:
        """Note one file of a folder: a sheet (its path and real path), or why it is not read."""
        name = entry.name
        if name.startswith(("_", ".")) or not name.endswith(SUFFIXES):
            if name.startswith(("_", ".")):
                return
            if name.lower().endswith(SUFFIXES):  # FORMAT.md: `*.yaml`, `*.yml`
                self.problems.append(Problem(os.path.join(where, name), 1, 1, "not read: a fact sheet's name ends in "
                                             "lower-case .yaml or .yml; rename the file to read it", WARNING))
            elif (after := _AFTER_SUFFIX.search(name)) is not None:  # `b.yaml `, `c.yaml` + U+200B, Notepad's `.yaml.txt`
                shown = "".join(ch if ch.isprintable() and ch != " " else f"U+{ord(ch):04X}" for ch in after.group(1))
                self.problems.append(Problem(os.path.join(where, name), 1, 1, f"not read: the name goes on after its "
                                             f".yaml or .yml with `{shown}`; rename the file to end in .yaml to read it",
                                             WARNING))
            return
        path = os.path.join(where, name)
        if not utf8(path):  # bytes the file system took as they came: no message, cache key or page can hold it
            shown = escaped_name(path)
            self.problems.append(Problem(shown, 1, 1, not_utf8(path, "the file name is not UTF-8; rename the file")))
            return
        target = os.path.realpath(os.path.join(real, name)) if entry.is_symlink() else os.path.join(real, name)
        if not _inside(target, self.real_root):
            self.problems.append(Problem(path, 1, 1, "symbolic link leads outside the fact-sheet folder; refused"))
        elif _is_file(entry):
            self.found.append((path, target))
        else:
            self.problems.append(Problem(path, 1, 1, _not_a_file(path)))


def left_out(root: str, limit: int = 1_000) -> list[str]:
    """The sheets under root that are not read because a name on their way starts with `_` (drafts), or theirs with
    `.`: the first `limit`, in sorted order, symbolic links not followed (a reference to an id one defines is told
    where, not to create it). Folders starting with `.` (`.git`) are no one's drafts."""
    found: list[str] = []
    stack = [(root, False)]
    while stack and len(found) < limit:
        where, drafts = stack.pop()
        try:
            with os.scandir(where) as listing:
                entries = sorted(listing, key=lambda entry: entry.name, reverse=True)
        except OSError:
            continue
        for entry in entries:
            hidden = entry.name.startswith(("_", "."))
            if entry.is_dir(follow_symlinks=False) and not entry.name.startswith("."):
                stack.append((entry.path, drafts or hidden))
            elif (drafts or hidden) and entry.name.endswith(SUFFIXES) and entry.is_file(follow_symlinks=False):
                found.append(entry.path)
    return sorted(found)[:limit]


# What a name that looks like a sheet's may hide after its suffix: spaces, dots, invisible characters, a `.txt`
_AFTER_SUFFIX = re.compile("\\.ya?ml((?:[\\s.\u200b-\u200f\u2060\ufeff]|\\.txt)+)$", re.IGNORECASE)


def _is_folder(entry: os.DirEntry) -> bool:
    """True for a folder or a link to one (as os.walk(followlinks=True) tells them: a link that loops is none)."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def _is_file(entry: os.DirEntry) -> bool:
    """True for a regular file or a link to one."""
    try:
        return entry.is_file()
    except OSError:
        return False


def _each_file_once(found: list[tuple[str, str]], root: str, real_root: str) -> tuple[list[str], list[Problem]]:
    """The paths to read, sorted, one per real file, and a warning at each other path to a file read already.

    A link to a sheet inside the folder (or to a folder of it that is walked at the link: _Walk) would read it twice,
    every id in it a duplicate of itself: the file is read at its own path (no link on the way: there its history and its errors belong), else
    at the first path in sorted order, and each other path is said to be skipped. One pass, a dict: linear."""
    kept: dict[str, str] = {}  # real path -> the path it is read at
    for where, real in sorted(found):
        if real not in kept or (_own_path(where, real, root, real_root) and not _own_path(kept[real], real, root, real_root)):
            kept[real] = where
    aliases = [Problem(where, 1, 1, f"the same file as `{display_path(kept[real])}` (through a symbolic link), which is "
                                    "read; not read again here (each file is read once)", WARNING)
               for where, real in found if kept[real] != where]
    return sorted(kept.values()), aliases


def _own_path(where: str, real: str, root: str, real_root: str) -> bool:
    """True when where leads to its file without a link on the way below root (root itself may be one)."""
    return os.path.join(real_root, where[len(root):].lstrip(os.sep)) == real


def _not_a_file(path: str) -> str:
    """Why a *.yaml name that is not a regular file is no fact sheet: a link that leads nowhere or loops, a pipe…"""
    try:
        os.stat(path)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "symbolic link loops (it leads back to itself, through links); refused"
        return f"symbolic link leads nowhere (`{os.readlink(path)}`); remove it or restore its file"
    return "not a regular file (a pipe, a socket or a device); a fact sheet is a file"


def utf8(path: str) -> bool:
    """False for a path holding bytes that are not UTF-8 (os.walk gives them as lone surrogates)."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def not_utf8(path: str, message: str) -> str:
    """message, or, when the name is UTF-8 but this Python reads file names in another encoding (a C locale with
    PYTHONUTF8=0: a tester's Arabic names were all refused), what to set instead."""
    try:
        os.fsencode(path).decode("utf-8")
    except UnicodeDecodeError:
        return message
    return (f"the name is UTF-8, but Python reads file names here as {sys.getfilesystemencoding()}; run with "
            "PYTHONUTF8=1 (or a UTF-8 locale, such as LC_ALL=C.UTF-8)")


def _inside(path: str, root: str) -> bool:
    """True when path is root or below it (compared by path parts, not string prefix)."""
    return os.path.commonpath([path, root]) == root


def read_bytes(path: str) -> bytes | Problem:
    """A file's bytes (at most a few more than the size limit: enough to tell a file over it), or a problem."""
    try:
        with open(path, "rb") as handle:
            return handle.read(MAX_FILE_BYTES + 4)  # a leading BOM, and one byte more than the limit
    except OSError as error:
        return Problem(path, 1, 1, f"cannot read file: {error.strerror}")


def read(path: str, data: bytes | Problem | None = None) -> Sheet:
    """Decode one file (reading it unless its bytes are given), checking size and encoding."""
    sheet = Sheet(path)
    data = read_bytes(path) if data is None else data
    if isinstance(data, Problem):
        sheet.problems.append(data)
    else:
        sheet.text = decode(path, data, sheet.problems)
        sheet.read_on = bool(sheet.text and sheet.problems)  # its refused characters are said, and spaces now
        if not sheet.text and sheet.problems and len(data) <= MAX_FILE_BYTES + 3:
            sheet.undecoded = data.decode("utf-8", "replace")
    return sheet


def decode(path: str, data: bytes, problems: list[Problem]) -> str:
    """UTF-8 text without a leading BOM, or "" with a problem saying why."""
    bom = 3 if data.startswith(b"\xef\xbb\xbf") else 0  # skipped, but counted in the byte positions shown
    if len(data) - bom > MAX_FILE_BYTES:  # FORMAT.md: at most 1 MiB, a leading BOM ignored
        problems.append(Problem(path, 1, 1, f"file is larger than {MAX_FILE_BYTES // 1024} KiB; split it"))
        return ""
    if bom:
        data = data[bom:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = place_of_byte(data, error.start)
        problems.append(Problem(path, line, column,
                                f"not UTF-8: byte 0x{data[error.start]:02x} at byte {error.start + bom}; save the file as UTF-8"))
        return ""
    bad = _UNWRITABLE.search(text)
    if bad:
        text = _refused(path, data, text, bom, bad, problems)  # read on with spaces, unless it cannot be read at all
    # Old Mac line ends: YAML counts a lone CR as a line break, and so must every place this tool reports
    # (which count LF). The same length, so byte and character offsets stay as they were.
    return _LONE_CR.sub("\n", text) if "\r" in text else text


MAX_REFUSED_SHOWN = 20  # refused characters said one by one in a file; the rest are counted


def refused_characters(path: str, data: bytes, text: str, problems: list[Problem]) -> str:
    """text (data decoded, a BOM left at its start) with each character no file may hold said at its place, as a
    sheet's are (decode), and read as a space; "" when it holds a NUL."""
    body = text[1:] if text.startswith("\ufeff") else text
    bom = len(text) - len(body)
    bad = _UNWRITABLE.search(body)
    if bad is None:
        return text
    return text[:bom] + _refused(path, data[3 * bom:], body, 3 * bom, bad, problems)


def _refused(path: str, data: bytes, text: str, bom: int, first: re.Match, problems: list[Problem]) -> str:
    """Each refused character of text said at its place, and the text to read on with each one a space (so that its
    other problems are said too: a sheet with pasted U+2028s took a run per character, its errors hidden); "" when
    it holds a NUL (UTF-16 without a BOM, or no text at all: said once, and not read)."""
    found = [first] if "\x00" in text else list(itertools.islice(_UNWRITABLE.finditer(text), MAX_REFUSED_SHOWN))
    for bad in found:
        offset = len(text[: bad.start()].encode("utf-8"))
        line, column = place_of_byte(data, offset)
        problems.append(Problem(path, line, column, refused_character(bad.group(), f" at byte {offset + bom}")))
    if "\x00" in text:
        return ""
    more = len(_UNWRITABLE.findall(text)) - len(found)
    if more:
        problems.append(Problem(path, 1, 1, f"{more:,} more characters that are not allowed (as those said) are in "
                                            "this file"))
    return _UNWRITABLE.sub(" ", text)  # the same length: every place after one stays where it is


def refused_character(char: str, where: str = "") -> str:
    """Why a character of _UNWRITABLE is refused in a file (where: ` at byte 12`, say)."""
    if "\udc80" <= char <= "\udcff":
        return f"the byte 0x{ord(char) - 0xdc00:02X}{where} is not UTF-8; write the text in UTF-8"
    what = _SEPARATORS.get(char) or character_kind(char)
    hint = "; use a line break or a space" if char in _SEPARATORS else ""
    return f"{what} U+{ord(char):04X}{where} is not allowed{hint}"


def character_kind(char: str) -> str:
    """How a refused character is named: a control character (C0, DEL, C1), or a character (the BOM, a noncharacter)."""
    code = ord(char)
    return "control character" if code < 0x20 or 0x7F <= code <= 0x9F else "character"


def refused_in(text: str) -> str | None:
    """refused_character of the first character of text that no fact sheet may hold as written, or None."""
    bad = _UNWRITABLE.search(text)
    return refused_character(bad.group()) if bad else None


def place_of_byte(data: bytes, offset: int) -> tuple[int, int]:
    """Line and column (in characters) of a byte offset; LF, CRLF and a lone CR each end a line, as for YAML."""
    head = data[:offset].replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    line_start = head.rfind(b"\n") + 1
    return head.count(b"\n") + 1, len(head[line_start:].decode("utf-8", "replace")) + 1


def _syntax_problem(sheet: Sheet, error: yaml.MarkedYAMLError) -> Problem:
    """A YAML syntax error at the place an editor can act on, in words that name an invisible cause.

    At the end of the file (a quote never closed), the place is where what was left open starts;
    a tab where YAML wants indentation says so (libyaml only says a character cannot start a token).
    """
    mark = error.problem_mark or error.context_mark
    if error.context_mark is not None and "end of stream" in str(error.problem or ""):
        mark = error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    message = " ".join(str(part) for part in (error.context, error.problem) if part)
    conflict = _CONFLICT.search(sheet.text)
    at_mark = sheet.text[mark.index : mark.index + 1] if mark is not None else ""
    quoted = _closed_too_soon(_line_at(sheet.text, mark.index)) if mark is not None else None
    run_on = _quote_run_on(sheet.text, mark) if conflict is None and mark is not None else None
    pasted = _pasted_space(sheet.text, mark.index) if mark is not None and "\u00a0" in sheet.text else None
    if pasted is not None:  # `summary:` + U+00A0, pasted from a web page: the editor sees a space (a tester)
        line, column = place_of_offset(sheet.text, pasted)
        message = ("a no-break space (U+00A0, as pasted from a web page or a word processor) is here, which YAML does not "
                   "read as a space: type an ordinary space instead")
    elif "unknown escape character" in message and mark is not None:  # `"Not \*emphasis\*"`: Markdown's escapes
        escape = sheet.text[mark.index : mark.index + 2]
        char = escape[1:]
        if char == "'" or not char.isascii():
            # `"Iran\'s talks"` as JSON writes it, `c\éderons`: the backslash is no Markdown escape either (a reviewer)
            message = (f"`{escape}` is no escape YAML knows inside \"…\": drop the backslash (`{char}` needs none "
                       "there)")
        elif char.isalnum():  # `S:\Daily\report.pdf`: a backslash meant as text (dropped, `\r` became a control)
            message = (f"`{escape}` is no escape YAML knows inside \"…\": write the backslash twice (`\\\\{char}`), or "
                       "quote the value with '…' instead, where a backslash is written as it is")
        else:  # `\*`: Markdown's escape, kept as written in Markdown text
            message = (f"`{escape}` is no escape YAML knows inside \"…\": in Markdown text, write the backslash twice "
                       f"(`\\\\{char}`) or quote the value with '…' instead, where a backslash is written as it is; in "
                       "plain text, drop it")
    elif "invalid Unicode character escape code" in message and mark is not None and (
            pair := _SURROGATE_ESCAPES.match(sheet.text, sheet.text.rfind("\\", 0, mark.index + 1))) is not None:
        # `"\ud83d\ude00"`, as JSON writes an emoji: YAML takes no halves of a character (a tester)
        line, column = place_of_offset(sheet.text, pair.start())  # at its backslash: libyaml points past the `u`
        high, low = int(pair.group(1), 16), int(pair.group(2) or "0", 16)
        whole = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00) if 0xD800 <= high < 0xDC00 <= low < 0xE000 else None
        halves = "a character as two halves (UTF-16 surrogates" if pair.group(2) else "half of a character (a surrogate"
        message = f"`{pair.group()}` writes {halves}, as JSON escapes it), which YAML refuses: write the character " \
                  "itself" + (f", or `\\U{whole:08X}`" if whole is not None else "")
    elif conflict is not None:  # `git merge` left both sides: libyaml trips somewhere after the first marker
        line, column = place_of_offset(sheet.text, conflict.start())
        message = "an unresolved merge conflict (`<<<<<<<`, `=======` and `>>>>>>>` lines): keep the side you want, " \
                  "and remove the other side and the three marker lines"
    elif run_on is not None:  # `name: "Iran` then `kind: "state"`: closed by the next value's opening quote
        opened, quote = run_on
        line, column = place_of_offset(sheet.text, opened)
        message = (f"the `{quote}` that opens this value is not closed on its line, so YAML reads the lines below into "
                   f"it, up to the `{quote}` on line {mark.line + 1}: close it here")
    elif at_mark == "\t" and ("cannot start any token" in message or "tab character that violates" in message):
        message = "a tab cannot indent YAML or follow `-` or `:` here; use spaces"
    elif mark is not None and (sign := _SIGN_FIRST.match(_line_at(sheet.text, mark.index))) is not None:
        # `note: > 50 killed`, `note: - 3 per AP`, `title: | disputed |`: an indicator, not text (a tester)
        value = sign.group("value").rstrip()
        line, column = mark.line + 1, sign.start("value") + 1
        example = f", as in {_quoted(value)}" if len(value) <= 100 else " (in '…', each ' inside written twice)"
        message = (f"this value starts with `{value[0]}`, which YAML reads as {_INDICATORS[value[0]]}, not as text: "
                   f"quote the whole value{example}")
    elif at_mark in ("@", "`", ">", "|", "%") and "cannot start any token" in message:  # `- text: @Wagner fighters…`
        sign = "a backtick" if at_mark == "`" else f"`{at_mark}`"  # `{killed: 5, note: >5}`: `>` in a flow (a tester)
        message = f"YAML reserves {sign} at the start of a value; quote the whole value (put it in \"…\")"
    elif quoted is not None:  # `'Prigozhin's march'`, `"called it a "provocation" here"`
        quoted, at, opened = quoted  # at the quote that ends it (libyaml's mark is the character after: a tester)
        start = sheet.text.rfind("\n", 0, mark.index) + 1
        line, column = place_of_offset(sheet.text, start + at)
        written = _line_at(sheet.text, start)
        after = written[at + 1 :].split(" #")[0].strip()
        if _END_PUNCTUATION.fullmatch(after) and quoted == '"':  # `title: "Quote".`: a quotation, then its full stop
            value = written[opened:].split(" #")[0].strip()
            example = f" (`'{value}'`)" if len(value) <= 100 and "'" not in value and "\\" not in value else ""
            message = (f"`{after}` follows the `\"` that closes this value: to keep the quotation marks as text, quote "
                       f"the whole value with '…'{example}, or put the `{after}` inside the quotes")
        else:
            message = (f"the `{quoted}` inside this {quoted}…{quoted} value ends it early; " + (
                "write it twice (`'Prigozhin''s march'`), or quote the value with \"…\" instead" if quoted == "'" else
                "write it as `\\\"`, or quote the value with '…' instead"))
    elif "could not find expected ':'" in message and error.context_mark is not None and (
            key := _unspaced_key(_line_at(sheet.text, error.context_mark.index))):  # `title:Wagner…`: text, no key
        line, column = error.context_mark.line + 1, error.context_mark.column + 1
        message = f"`{key}:` needs a space after its `:` to start a value; without one YAML reads the line as text, " \
                  f"not as `{key}` and its value: write `{key}: …`"
    elif "could not find expected ':'" in message and error.context_mark is not None:  # libyaml says the next line
        line, column = error.context_mark.line + 1, error.context_mark.column + 1
        found = _KEY_WITHOUT_COLON.match(_line_at(sheet.text, error.context_mark.index))
        if found is not None and found.group("key") in field_names():  # `kind state`
            message = f"`{found.group('key')}` needs a `:` after it: write `{found.group('key')}: {found.group('value')}`"
        elif (long_key := _long_key(_line_at(sheet.text, error.context_mark.index))) is not None:
            # libyaml reads no key past 1,024 characters: "no `:` follows it" on a line that has one (a tester)
            message = (f"this key is {long_key:,} characters long, and YAML reads no key longer than "
                       "1,024: a field's name is a short word (if this is text, it belongs in a field's value)")
        elif _WIDE_COLON_KEY.match(_line_at(sheet.text, error.context_mark.index)):  # `date：2019`, a CJK input method's
            message = ("YAML reads this line as a key, but no `:` follows it: it holds `：` (U+FF1A, a full-width "
                       "colon, as a Chinese or Japanese input method types it), which YAML reads as text: write `:`")
        else:  # a line of text slipped left of the value it continues, or a key that lost its `:`
            message = ("YAML reads this line as a key, but no `:` follows it: if it continues the text above, indent "
                       "it as that text's lines (or quote the text); if it is a key, write `key: value`")
    elif any(words in message for words in _TEXT_AFTER_SAID) and mark is not None and (
            found := _TEXT_AFTER.match(_line_at(sheet.text, mark.index))):  # `name: "Shusha" falls`, `[sic] …`
        value = f"{found.group('value')}{found.group('gap')}{found.group('rest').rstrip()}"  # as written, no comment
        sign = "[[" if value.startswith("[[") else value[0]  # a wikilink first (a tester)
        what = "a list in a list, not a wikilink" if sign == "[[" else _OPENS[sign]
        line, column = mark.line + 1, found.start("value") + 1
        example = f", as in {_quoted(value)}" if len(value) <= 100 else " (in '…', each ' inside written twice)"
        message = f"this value starts with `{sign}`, which YAML reads as {what}, and text follows it: quote the " \
                  f"whole value{example}"
    elif "did not find expected key" in message and mark is not None and (
            above := _COMMENT_ABOVE.search(sheet.text, 0, sheet.text.rfind("\n", 0, mark.index) + 1)) is not None \
            and len(above.group(1)) > _owner_column(_owner_line(sheet.text, above.start(), len(above.group(1)))) \
            and len(above.group(1)) == _key_column(_line_at(sheet.text, mark.index)):
        # a value's lines, one starting `#StandWithX`: YAML read it as a comment that ended the value, and blamed
        # the next line's indentation (a tester)
        line = sheet.text.count("\n", 0, above.start(2)) + 1
        column = above.start(2) - above.start() + 1
        comment = _clipped(above.group(2))
        message = (f"YAML reads `{comment}` as a comment, which ends the value above it, and the lines "
                   "after it belong to nothing: if it is part of the value, quote the whole value, or write it as a "
                   "block (`>`)")
    elif "did not find expected key" in message and mark is not None and (
            block := _deep_first_line(sheet.text, mark.index)) is not None:
        # `summary: |` whose first line is a code block (indented more): YAML took its indentation from that line,
        # and the next line "was indented as no line above it" (a tester)
        header, first, indent, key = block
        line, column = place_of_offset(sheet.text, header)
        chomp = sheet.text[header + 1 : header + 2].strip("|>0123456789 \t\r\n#")  # `|-` keeps its `-`: `|2-`
        message = (f"this block's first line is indented {first} spaces, and YAML takes a block's indentation from its "
                   f"first line, so the next ones, indented {indent}, end it: give the indentation after the "
                   f"`{sheet.text[header]}` (`{sheet.text[header]}{indent - key}{chomp}`: its lines are indented {indent - key} "
                   "past its key), or indent its first line as the others")
    elif "did not find expected key" in message and mark is not None and (
            indent := _misaligned(sheet.text, mark.index)) is not None:  # `lat:` one space short of `name:`
        spaces = f"{indent} space" + "s" * (indent != 1)
        message = (f"this line is indented {spaces}, as no line above it is: indent it as the lines it belongs with "
                   "(the keys of one mapping line up, and so do the `-` of one list)")
    elif "did not find expected '-' indicator" in message:
        message = "YAML expected the next item of the list above here: start it with `- `, or indent this line as " \
                  "the lines it belongs with"
    elif mark is error.context_mark and "quoted scalar" in str(error.context or ""):
        message = "the quote that opens here is never closed"
    elif str(error.context or "") in _SIGNS:  # `summary: *Tatmadaw* seized power`, `&nbsp;`
        sign, what = _SIGNS[str(error.context)]
        if error.context_mark is not None:  # where the value starts, not the closing `*` libyaml stopped at
            line, column = error.context_mark.line + 1, error.context_mark.column + 1
        message = f"a value that starts with `{sign}` is read as a YAML {what}; if it is text (Markdown emphasis, " \
                  "an HTML entity), quote the whole value"
    elif message == "mapping values are not allowed in this context":  # `name: Beirut: the port`
        message = "YAML reads this `:` as ending a key, where no key can start: if the value holds `: `, quote the " \
                  "whole value (`name: \"Beirut: the port\"`); otherwise, check the indentation"
        if (typographic := _TYPOGRAPHIC_QUOTE.search(_line_at(sheet.text, mark.index))) is not None:  # “Wagner: …”
            message += (f"; `{typographic.group(1)}` is a typographic quote, which YAML reads as text: quote with "
                        "straight \" or '")
    elif message == "found incompatible YAML document":  # `%YAML 1.3`, `%YAML 2.0`
        message = "the `%YAML` line asks for a version this reader does not know (it reads 1.1 and 1.2); write " \
                  "`%YAML 1.2`, or remove the line"
    elif mark is not None and str(error.context or "").startswith("while parsing a flow"):
        opened = _unclosed_bracket(sheet.text, mark.index)
        if opened is not None:  # libyaml reads on in the flow until it stops, maybe at the end of the file
            bracket = sheet.text[opened]
            until = "the end of the file" if not sheet.text[mark.index :].strip() else f"line {line}, column {column}"
            message = f"the `{bracket}` that opens here is never closed (YAML read on to {until}, looking for its " \
                      f"`{_CLOSING[bracket]}`)" + _comment_after(sheet.text, opened)
            line, column = place_of_offset(sheet.text, opened)
        else:  # closed after all: something inside an item (`[Hezbollah [Lebanon]]`)
            message += "; a comma may be missing between two items, or an item holds a bracket, a brace or a comma " \
                       "and must be quoted (`[\"Hezbollah [Lebanon]\"]`)"
    return Problem(sheet.path, line, column, f"YAML syntax error: {message}")


# After a plain value, one space, then `#` and no space: `Base #2 near Erbil`, written as text; not `# note`, nor a
# comment set apart by more spaces (`airstrike  #todo`), written as comments
_CUT_BY_COMMENT = re.compile(r"[ \t](#[^\s#][^\n]*)")
_SURROGATE_ESCAPES = re.compile(r"\\u(d[89ab][0-9a-f]{2}|d[c-f][0-9a-f]{2})(?:\\u(d[c-f][0-9a-f]{2}))?", re.IGNORECASE)
_COMMENT_ABOVE = re.compile(r"^([ \t]*)(#[^\s#][^\n]*)\r?\n\Z", re.MULTILINE)  # a line-comment, last of the text searched
_COMMENT_BELOW = re.compile(r"[ \t]*\r?\n([ \t]*)(#[^\s#][^\n]*)")  # the next line, a comment with no space after `#`
_DASH_LINE = re.compile(r"\n[ \t]*(-)[ \t]")  # inside a plain value: a line that looks like a list's item
_CONFLICT = re.compile(r"^(?:<{7}|={7}|>{7})(?: |$)", re.MULTILINE)  # at the start of a line: in no block scalar
# An English typographic quote opening a value, as if to quote it: not « » or „ “, which quote words inside a Russian,
# Ukrainian or German headline (`«Взрыв на мосту»: что известно` was told of “ ” ‘ ’ it does not hold: a tester)
_TYPOGRAPHIC_QUOTE = re.compile(r"(?:^|[:\-\[{,])\s*([“‘])")
# A quoted value closed before its end: its closing quote is followed by more than a comment, a comma or a bracket.
_EARLY_CLOSE = (("'", re.compile(r"(?:^|[\[{,]|[:\-]\s)\s*'(?:[^'\n]|'')*'(?=[^\s,\]}'#:])")),
                ('"', re.compile(r'(?:^|[\[{,]|[:\-]\s)\s*"(?:[^"\\\n]|\\.)*"(?=[^\s,\]}"#:])')))
_END_PUNCTUATION = re.compile(r"[.!?;:…。！？،؛]+")  # what ends a sentence after a quotation: `"Quote".`
_UNSPACED_KEY = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][A-Za-z0-9_]*):(?=[^\s:/])")
_KEY_WITHOUT_COLON = re.compile(r"^\s*(?:-\s+)?(?P<key>[A-Za-z_][A-Za-z0-9_]*)[ \t]+(?P<value>[^\s#:][^\n#]*?)\s*$")
# A line inside a quoted value that reads as a key of its own (`    kind: state`): the quote ran on past its line
_KEY_LINE = re.compile(r"\n[ \t]*(?:-[ \t]+)?[A-Za-z_][A-Za-z0-9_]*:(?:[ \t]|$)", re.MULTILINE)  # $: a line's end


# A value after a key or a list's dash that a quote, a list or a mapping opens and closes, with text after it on its
# line (`"Shusha" falls`), and the comment that may end the line. Matched from the line's start only, possessively,
# so that a hostile line of 100,000 `: [` or spaces costs one pass (it had cost one per colon, then one per space:
# a tester's 80 KB line took 23 s). Not a line with neither key nor dash: one of a block slipped left (a tester).
_TEXT_AFTER = re.compile(r"""[ \t]*+(?:-[ \t]++(?:[^:\n#]*+:[ \t]++)?|[^:\n#]*+:[ \t]++)"""
                         r"""(?P<value>"(?:[^"\\\n]|\\.)*+"|'(?:[^'\n]|'')*+'|\[\[[^\]\n]*+\]\]|\[[^\]\n]*+\]|\{[^}\n]*+\})"""
                         r"(?P<gap>[ \t]++)(?P<rest>[^\s#][^\n]*?)(?P<comment>[ \t]+#[^\n]*)?$")
# A key's value that starts with a YAML indicator no plain text may start with, and text after it on its line
_SIGN_FIRST = re.compile(r"[ \t]*+(?:-[ \t]++)?[A-Za-z_][A-Za-z0-9_]*+:[ \t]++(?![>|](?:[1-9]?[-+]?|[-+][1-9])[ \t]*(?:#.*)?$)"
                         r"(?P<value>(?:[>|%]|[-?](?=[ \t]))[^\n#]*\S)")
_INDICATORS = {">": "the start of a block of text (whose lines follow)", "|": "the start of a block of text (whose "
               "lines follow)", "%": "a directive", "-": "an item of a list", "?": "a mapping's key"}
_TEXT_AFTER_SAID = ("expected key", "expected <block end>", "expected '-' indicator")  # how libyaml stops there
_OPENS = {'"': "a quoted text", "'": "a quoted text", "[": "a list", "{": "a mapping"}


def _quoted(value: str) -> str:
    """value written as one YAML text: in "…" when it holds a `'` and nothing "…" would escape, else in '…' (a `'`
    inside written twice)."""
    if "'" in value and '"' not in value and "\\" not in value:
        return f'"{value}"'
    return "'" + value.replace("'", "''") + "'"


# A no-break space where YAML needs a space: after a key's `:` or a list's `-`, or in a line's indentation
_PASTED_SPACE = re.compile("(?:^[ \t]*(?:-[ \t]*)?|^[ \t\u00a0]*-|[A-Za-z0-9_]:)(\u00a0)|^[ \t]*(\u00a0)", re.MULTILINE)


def _pasted_space(text: str, offset: int) -> int | None:
    """The offset of a no-break space where YAML needs a space, on the line holding offset or the line above it
    (libyaml trips on the next line), else None."""
    start = text.rfind("\n", 0, text.rfind("\n", 0, offset)) + 1
    end = text.find("\n", offset)
    found = _PASTED_SPACE.search(text, start, end if end >= 0 else len(text))
    return None if found is None else found.start(1) if found.start(1) >= 0 else found.start(2)


def _line_at(text: str, offset: int) -> str:
    """The line of text holding offset."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return text[start : end if end >= 0 else len(text)]


def _closed_too_soon(line: str) -> tuple[str, int, int] | None:
    """The quote (`'` or `"`) of a value on this line that a quote inside it closed early, where in the line that
    quote is, and where the one that opens the value; else None."""
    for quote, pattern in _EARLY_CLOSE:
        found = pattern.search(line)
        if found is not None:
            return quote, found.end() - 1, found.start() + found.group().index(quote)
    return None


def _clipped(comment: str) -> str:
    """A comment as a message quotes it: its first 40 characters."""
    return comment if len(comment) <= 40 else comment[:40] + "…"


def _long_key(line: str) -> int | None:
    """The length of a line's key when it is longer than the 1,024 characters libyaml reads, else None (found by
    scanning once: a pattern backtracked over the indentation, 9.5 s on a 200 KB line: a reviewer)."""
    start = _key_column(line)
    colon = min((at for at in (line.find(": ", start), line.find(":\t", start)) if at >= 0), default=-1)
    if colon < 0 and line.rstrip().endswith(":"):
        colon = len(line.rstrip()) - 1
    return colon - start if colon - start > 1024 else None


def _owner_line(text: str, offset: int, indent: int) -> str:
    """The nearest line above offset indented less than indent: the key of a value whose lines, and a comment among
    them, are indented so (`summary: Protesters marched` above `under banners of` and `#StandWithX`: a reviewer)."""
    end = offset
    while end > 0:
        start = text.rfind("\n", 0, end - 1) + 1
        line = text[start : end - 1]
        if line.strip() and len(line) - len(line.lstrip()) < indent:
            return line
        end = start
    return ""


def _owner_column(line: str) -> int:
    """The column a value's next lines must pass to go on with it: its key's (past a list item's `- `), or, for a
    bare item (`- The people of`), its dash's."""
    return _key_column(line) if _KEY_LIKE.match(line) else len(line) - len(line.lstrip())


def _key_column(line: str) -> int:
    """Where a line's key (or text) starts: past its indentation and a list item's `- ` (`  - id: a`: 4)."""
    return len(_KEY_START.match(line).group())


_KEY_START = re.compile(r"[ \t]*(?:-[ \t]+)*")
_KEY_LIKE = re.compile(r"[ \t]*(?:-[ \t]+)?([A-Za-z_][A-Za-z0-9_-]*):(?:[ \t]|$)")  # `body: x`, a key, not text


def _deep_first_line(text: str, offset: int) -> tuple[int, int, int, int] | None:
    """(offset of its `|` or `>`, its first line's indentation, the line at offset's, its key's) of the block whose
    lines above the line at offset are all indented more than it, below a header `key: |` indented less than it;
    else None."""
    start = text.rfind("\n", 0, offset) + 1
    line = _line_at(text, start)
    key = _KEY_LIKE.match(line)
    if key is not None and key.group(1) in field_names():
        return None  # `body: x` a space short of its siblings: the misalignment is the slip (a reviewer); not `Update:`
    indent = len(line) - len(line.lstrip(" "))
    first, end = None, start
    while end > 0:
        above_start = text.rfind("\n", 0, end - 1) + 1
        above = text[above_start : end - 1]
        header = _BLOCK_HEADER_LINE.fullmatch(above)
        if header is not None:
            key = _key_column(above)  # `- text: |`: the key's column, past the `- ` (a reviewer)
            if first is None or not key < indent < first:
                return None
            return above_start + header.start("sign"), first, indent, key
        if above.strip():
            first = len(above) - len(above.lstrip(" "))
            if first <= indent:
                return None
        end = above_start
    return None


_BLOCK_HEADER_LINE = re.compile(r"[ \t]*(?:-[ \t]+)?[^\s#:][^\n:]*:[ \t]+(?P<sign>[|>])[-+]?[ \t]*(?:#[^\n]*)?\r?")


def _misaligned(text: str, offset: int) -> int | None:
    """The indentation of the line that starts at offset (after its spaces) when no line above it starts a key or a
    list item at that indentation, else None (libyaml says only "did not find expected key")."""
    line = _line_at(text, offset)
    indent = len(line) - len(line.lstrip(" "))
    if text.rfind("\n", 0, offset) + 1 + indent != offset:
        return None
    starts = set()
    for above in text[: text.rfind("\n", 0, offset) + 1].splitlines():
        stripped = above.lstrip(" ")
        if stripped and not stripped.startswith("#"):
            starts.add(len(above) - len(stripped))
            if stripped.startswith("- "):
                starts.add(len(above) - len(stripped[2:].lstrip(" ")))
    return None if indent in starts else indent


def _quote_run_on(text: str, mark) -> tuple[int, str] | None:
    """(offset, quote) of a quoted value that ends on the error's line but opened on an earlier one, with a line
    inside it that reads as a key (`name: "Iran` closed by `kind: "state"`), else None. libyaml trips after the
    quote that closed it, lines below the one to mend (a tester). Scanned only once a syntax error is found."""
    last = None
    try:
        for token in yaml.scan(text[: mark.index], Loader=yaml.CSafeLoader):
            if isinstance(token, yaml.ScalarToken):
                last = token
    except yaml.YAMLError:
        pass  # the scan stops where the load stopped, or before it: the last value it found is the one
    if last is None or last.style not in ("'", '"') or last.start_mark.line == last.end_mark.line:
        return None
    if last.end_mark.line != mark.line or not _KEY_LINE.search(text, last.start_mark.index, last.end_mark.index):
        return None
    return last.start_mark.index, last.style


def _unspaced_key(line: str) -> str | None:
    """The key of `key:value` (no space after the colon) that starts this line, else None."""
    found = _UNSPACED_KEY.match(line)
    return found.group(1) if found else None


_CLOSING = {"[": "]", "{": "}"}
_WIDE_COLON_KEY = re.compile(r"[ \t]*(?:-[ \t]+)?[A-Za-z_][\w-]*[ \t]*\uff1a")  # a key of the format, not Chinese prose
_SIGNS = {"while scanning an alias": ("*", "alias"), "while scanning an anchor": ("&", "anchor")}
_FLOW_COMMENT = re.compile(r"(?:^|(?<=[\s\[{,]))#.*")  # a `#` that starts a comment: at a token's start


def _comment_after(text: str, opened: int) -> str:
    """For a bracket never closed: the hint when a comment follows it on its line (`[#MeToo, Myanmar]`), or ""."""
    end = text.find("\n", opened)
    found = _FLOW_COMMENT.search(text, opened + 1, len(text) if end < 0 else end)
    if found is None:
        return ""
    return f"; YAML reads `{found.group().rstrip()[:40]}` as a comment, to the end of the line: quote an item that " \
           "starts with `#` (`\"#MeToo\"`)"


_OPENING_TOKENS = frozenset((yaml.FlowSequenceStartToken, yaml.FlowMappingStartToken))
_CLOSING_TOKENS = frozenset((yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken))


def _unclosed_bracket(text: str, stop: int) -> int | None:
    """Offset of the innermost `[` or `{` open at offset stop (where a syntax error was found) that nothing after
    closes, else None. Scanned again with libyaml's tokens (quotes and comments skipped), only after an error."""
    loader = yaml.CSafeLoader(text)
    opened: list[int] = []
    depth = None  # how many brackets were open at stop: the innermost is the one asked about
    try:
        while True:
            token = loader.get_token()
            if token is None or token.__class__ is yaml.StreamEndToken:
                break
            if depth is None and token.start_mark.index >= stop:
                depth = len(opened)
            if token.__class__ in _OPENING_TOKENS:
                opened.append(token.start_mark.index)
                if len(opened) > 2 * MAX_DEPTH:  # never read so deep (_Builder.run): libyaml slows with each level,
                    return None  # and whether it closes is not known (a reviewer: a closed one was "never closed")
            elif token.__class__ in _CLOSING_TOKENS and opened:
                opened.pop()
                if depth is not None and len(opened) < depth:
                    return None  # closed after all: the error is something else (a missing comma, say)
    except yaml.YAMLError:
        pass  # text YAML cannot read on from: nothing after it closes the bracket
    finally:
        loader.dispose()
    depth = len(opened) if depth is None else depth
    return opened[depth - 1] if depth else None


def place_of_offset(text: str, offset: int) -> tuple[int, int]:
    """Line and column (in characters, from 1) of an offset in text."""
    return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)


def parse(sheet: Sheet) -> Sheet:
    """Parse the sheet's text into nodes; YAML errors become problems."""
    if not sheet.text or (sheet.problems and not sheet.read_on):
        return sheet
    deep = _deep_bracket(sheet.text)
    if deep is not None:
        line, column = place_of_offset(sheet.text, deep)
        sheet.problems.append(Problem(sheet.path, line, column, f"nested more than {MAX_DEPTH} levels deep (more than "
                                      f"{MAX_OPEN_BRACKETS:,} `[` and `{{` are open here, counted in text too, which "
                                      "YAML reads too slowly: write fewer)"))
        return sheet
    try:
        sheet.root = _Builder(sheet).build()
    except yaml.MarkedYAMLError as error:
        if _blank_tabs(sheet, error):
            return parse(sheet)
        said = _syntax_problem(sheet, error)
        # the warning of a comment ending a value, when the error says the same there (a hashtag on a value's line)
        sheet.problems[:] = [p for p in sheet.problems if p.is_error or (p.line, p.column) != (said.line, said.column)]
        sheet.problems.append(said)
        sheet.root = None
    except yaml.YAMLError as error:  # errors without a place, e.g. from the reader
        sheet.problems.append(Problem(sheet.path, 1, 1, f"YAML error: {error}"))
        sheet.root = None
    errors = [problem for problem in sheet.problems if problem.is_error]
    if len(errors) > MAX_PROBLEMS_PER_FILE:  # warnings alone stop nothing: 101 values cut by a comment failed the sheet
        sheet.problems[:] = errors[:MAX_PROBLEMS_PER_FILE] + [
            Problem(sheet.path, 1, 1, f"more than {MAX_PROBLEMS_PER_FILE} errors in this file; the rest are not shown")]
    return sheet


# A line of whitespace alone, or before a comment, holding a tab: YAML 1.2 allows it (editors' YAML tools read it), and
# libyaml refuses it ("cannot start any token")
_TABBED_BLANK = re.compile(r"[ \t]*\t[ \t]*(?=#|$)", re.MULTILINE)


def _blank_tabs(sheet: Sheet, error: yaml.MarkedYAMLError) -> bool:
    """True when libyaml stopped at a tab on a blank or comment line, which YAML allows: that line then has spaces
    for its tabs (the same length: every place stays), and the sheet is to be parsed again. A sheet holding only
    comments, one of them indented with a tab, was an error (a tester). Only the line libyaml stopped at: a line
    alike inside a block of text is the text's (a tab, then `# …`, in a code block), which a rewrite of every such
    line changed (a reviewer); a sheet of more such lines than MAX_TABBED_LINES is said as the syntax error it was."""
    mark = error.problem_mark
    if mark is None or sheet.text[mark.index : mark.index + 1] != "\t" or sheet.tabs_spaced >= MAX_TABBED_LINES:
        return False
    start = sheet.text.rfind("\n", 0, mark.index) + 1
    end = sheet.text.find("\n", mark.index)
    end = len(sheet.text) if end < 0 else end
    found = _TABBED_BLANK.match(sheet.text, start, end)
    if found is None:
        return False
    sheet.text = sheet.text[:start] + found.group().replace("\t", " ") + sheet.text[found.end():]
    sheet.tabs_spaced += 1
    return True


MAX_TABBED_LINES = 100  # blank or comment lines with a tab a sheet may have: each is one more parse


def _deep_bracket(text: str) -> int | None:
    """Offset of the first bracket nested too deep when brackets nest absurdly deep, else None.

    Brackets are counted regardless of quoting: only text with more than
    MAX_OPEN_BRACKETS unclosed ones, far beyond any fact sheet, is refused.
    """
    if text.count("[") + text.count("{") <= MAX_OPEN_BRACKETS:
        return None
    opened: list[int] = []
    for match in _BRACKET.finditer(text):
        if match.group() in "[{":
            opened.append(match.start())
            if len(opened) > MAX_OPEN_BRACKETS:
                return opened[MAX_DEPTH]
        elif opened:
            opened.pop()
    return None


def load(path: str, data: bytes | Problem | None = None) -> Sheet:
    """Read and parse one fact sheet."""
    return parse(read(path, data))


_RESOLVER = Resolver()
_CONSTRUCTOR = SafeConstructor()
# First characters for which YAML 1.1 may read a plain scalar as something other than text.
_MAYBE_TYPED = frozenset(ch for ch in Resolver.yaml_implicit_resolvers if ch)
_KEY = object()  # a mapping frame is waiting for a key
_BAD_KEY = object()  # the pending key was not plain text; its value is dropped


def _empty_document(node: Node | None) -> bool:
    """True for a YAML document that holds no value (`---` then only comments, or nothing)."""
    return node is None or (node.raw == "" and node.value is None)


class _Builder:
    """Turns libyaml's events into Nodes with one loop and an explicit stack.

    Refuses what FORMAT.md forbids as it reads: aliases are never expanded,
    nesting deeper than MAX_DEPTH is skipped, duplicate keys are reported.
    """

    def __init__(self, sheet: Sheet):
        self.path = sheet.path
        self.text = sheet.text
        self.problems = sheet.problems
        self.warnings = 0  # of problems (warn)
        self.anchors: set[str] = set()  # names of the anchors seen (alias_message)
        self.implicit = _implicit_tag  # the types of plain scalars: YAML 1.1's, or 1.2's under `%YAML 1.2` (_core_tag)

    def problem(self, mark, message: str) -> None:
        """Record a problem at a libyaml mark."""
        self.problems.append(Problem(self.path, mark.line + 1, mark.column + 1, message))

    def warn(self, line: int, column: int, message: str) -> None:
        """Record a warning: counted apart, since only errors stop the reading (MAX_PROBLEMS_PER_FILE)."""
        self.problems.append(Problem(self.path, line, column, message, WARNING))
        self.warnings += 1

    def build(self) -> Node | None:
        """The first document's root node (None for an empty file)."""
        loader = yaml.CSafeLoader(self.text)
        try:
            return self.run(loader.get_event)
        finally:
            loader.dispose()

    def run(self, get) -> Node | None:
        """The event loop: one pass, an explicit stack, the common cases inline.

        Each frame is [node, pending key]: None for a list; for a mapping, _KEY while
        it waits for a key, then the key as (text, line, column) or _BAD_KEY while it
        waits for the value.
        """
        problems = self.problems
        stack: list[list] = []
        document = None  # the finished top-level node of the current document
        root = None
        documents = 0
        started, extra = None, False  # where the current document starts; whether one more than one holds values
        skipping = 0  # depth inside a node nested too deep, which is read but not kept
        nodes = 0
        while True:
            event = get()
            cls = event.__class__
            if cls is _MAPPING_END or cls is _SEQUENCE_END:
                if skipping:
                    skipping -= 1
                    if skipping:
                        continue
                    child = None  # the node nested too deep is dropped
                else:
                    child = stack.pop()[0]
                    child.end = event.end_mark.index
            else:
                nodes += 1
                if nodes > MAX_NODES or len(problems) - self.warnings > MAX_PROBLEMS_PER_FILE:
                    if nodes > MAX_NODES:
                        self.problem(event.start_mark, f"more than {MAX_NODES} values, lists and mappings in one file; split it")
                    return None
                if skipping:
                    if cls is _MAPPING_START or cls is _SEQUENCE_START:
                        skipping += 1
                        if skipping > MAX_DEPTH and event.flow_style:  # libyaml's time per value grows with the
                            # depth of `[`/`{`: 80,000 levels that comments closed (`[ #]`, past _deep_bracket's
                            # count) took minutes (a tester); indented levels cost their own text (a reviewer)
                            self.problem(event.start_mark, f"nested more than {2 * MAX_DEPTH} levels deep; the rest "
                                                           "of the file is not read")
                            return None
                    continue
                if cls is _SCALAR:
                    if event.anchor is not None or event.tag is not None:
                        self.check_event(event)
                    raw = event.value
                    if (len(raw) <= MAX_STRING_CHARS and event.style != '"' and (
                            not event.implicit[0] or (raw and raw[0] not in _MAYBE_TYPED) or self.implicit(raw) is _STR)):
                        # Text as written (most values and keys): what scalar() gives, without its checks.
                        mark = event.start_mark
                        if stack and stack[-1][1] is _KEY:
                            stack[-1][1] = (raw, mark.line + 1, mark.column + 1)
                            continue
                        if not event.style:  # plain (libyaml says '', the Python parser None)
                            self.plain_checks(event)
                        child = Node(raw, mark.line + 1, mark.column + 1, _STR, raw, mark.index, event.end_mark.index)
                    else:
                        child = self.scalar(event)
                elif cls is _MAPPING_START or cls is _SEQUENCE_START:
                    if event.anchor is not None or event.tag is not None:
                        self.check_event(event)
                    mark = event.start_mark
                    if len(stack) >= MAX_DEPTH:
                        self.problem(mark, f"nested more than {MAX_DEPTH} levels deep")
                        skipping = 1
                        continue
                    if cls is _MAPPING_START:
                        node = Node({}, mark.line + 1, mark.column + 1, _STR, None, mark.index)
                        node.keys = {}
                        stack.append([node, _KEY])
                    else:
                        node = Node([], mark.line + 1, mark.column + 1, _STR, None, mark.index)
                        stack.append([node, None])
                    continue
                elif cls is _ALIAS:
                    self.problem(event.start_mark, self.alias_message(event.anchor))
                    child = None
                else:
                    if cls is _DOCUMENT_START:
                        documents += 1
                        if documents == 1 and event.version is not None and event.version >= (1, 2):
                            self.implicit = _core_tag  # the editor asked for YAML 1.2: `NO` is text, `0777` is 777
                        started = event.start_mark
                    elif cls is _DOCUMENT_END:
                        if documents == 1:
                            root = document
                        elif not _empty_document(document):  # an empty one (`---` then comments) holds nothing
                            root = self.another_document(root, document, started, extra)
                            extra = True
                    elif cls is _STREAM_END:
                        return root
                    continue
            # Put the finished child into its parent (or make it the document).
            if not stack:
                document = child
                continue
            frame = stack[-1]
            key = frame[1]
            if key is None:  # a list
                if child is not None:
                    frame[0].value.append(child)
                continue
            if key is _KEY:
                if child is None or child.tag is REFUSED:  # said where it is
                    frame[1] = _BAD_KEY
                elif child.raw is None:
                    problems.append(Problem(self.path, child.line, child.column, "mapping keys must be plain text"))
                    frame[1] = _BAD_KEY
                else:
                    frame[1] = (child.raw, child.line, child.column)
                continue
            frame[1] = _KEY
            if key is _BAD_KEY:
                continue
            parent = frame[0]
            keys = parent.keys
            name = key[0]
            if name in keys:
                first = keys[name]
                problems.append(Problem(self.path, key[1], key[2], f"duplicate key `{name}` (first at line {first[0]}, column {first[1]})"))
            elif name == "<<":
                problems.append(Problem(self.path, key[1], key[2], "YAML merge keys (`<<`) are not allowed; repeat the values instead"))
            else:
                keys[name] = (key[1], key[2])
                if child is not None:
                    parent.value[name] = child

    def another_document(self, root: Node | None, document: Node, started, said: bool) -> Node | None:
        """The sheet's root once a document after the first holds values: that document, when the ones before it were
        empty (`---` twice at the top: the advice to remove what follows had meant the sheet's whole text, a tester),
        said at its `---`; else the first, the other said once."""
        if _empty_document(root):
            self.problem(started, "the sheet starts again at this `---` after an empty YAML document: remove one of "
                                  "the `---` lines above its values")
            return document
        if not said:
            self.problem(started, "a fact sheet holds one YAML document; remove the `---` and what follows or move it "
                                  "to its own file")
        return root

    def alias_message(self, name: str) -> str:
        """The problem of an alias: repeat the anchored value, or, with no anchor of that name before it (`*Hizballah`
        meant as text), quote it."""
        if name in self.anchors:
            return f"YAML aliases (`*{name}`) are not allowed; repeat the value instead"
        return f"`*{name}` is read as a YAML alias, which is not allowed; if it is text, quote it (`\"*{name}\"`)"

    def check_event(self, event) -> None:
        """Anchors and tags are refused wherever they appear."""
        if event.anchor is not None:
            self.anchors.add(event.anchor)
            self.problem(event.start_mark, f"YAML anchors (`&{event.anchor}`) are not allowed; repeat the value instead")
        if event.tag is not None:  # `!` too: it makes text of what YAML would read as another type
            tag = event.tag.replace("tag:yaml.org,2002:", "!!")
            self.problem(event.start_mark, f"YAML tags (`{tag}`) are not allowed; write plain values")

    def plain_checks(self, event) -> None:
        """The warnings of a plain value that YAML read otherwise than it looks (comment_after, dash_inside)."""
        self.comment_after(event)
        if event.start_mark.line != event.end_mark.line:
            self.dash_inside(event)

    def dash_inside(self, event) -> None:
        """Warn of a plain value that runs on over a line starting with `- `: an item indented a space too far
        (`- Min Ko Naing` then ` - Paw Oo Tun`) was read as part of the item above, "Min Ko Naing - Paw Oo Tun", and
        a Markdown list in a plain value as one line, without a word (a tester)."""
        found = _DASH_LINE.search(self.text, event.start_mark.index, event.end_mark.index)
        if found:
            line = event.start_mark.line + 1 + self.text.count("\n", event.start_mark.index, found.start(1))
            column = found.start(1) - self.text.rfind("\n", 0, found.start(1))
            self.warn(line, column, "YAML reads this line as going on with the value above, `- ` and all: if it "
                                    "starts a new item of a list, indent its `-` as the item above; if the value is a "
                                    "Markdown list, write it as a block (`|`)")

    def comment_after(self, event) -> None:
        """Warn of a comment that cut a plain value short: `title: Strike on Base #2 near Erbil` is "Strike on Base" to
        YAML, which reads ` #2 near Erbil` as a comment, and it was published cut without a word (a tester). A comment
        whose `#` a space follows (`# note`) is meant as one."""
        end = event.end_mark.index
        found = _CUT_BY_COMMENT.match(self.text, end)
        if found is None:
            self.comment_below(event)
        if found:
            comment = found.group(1)
            shown = _clipped(comment)
            mark = event.end_mark
            self.warn(mark.line + 1, mark.column + 1 + found.start(1) - end,
                      f"YAML reads `{shown}` as a comment, so the value ends before it; if it is part of the value, "
                      "quote the whole value")

    def comment_below(self, event) -> None:
        """Warn of a comment on the line after a plain value, indented more than the value's key: `summary: … on
        social media,` then `  #StandWithX trending for hours`, a hashtag YAML read as a comment, the text after it
        lost without a word (a tester)."""
        below = _COMMENT_BELOW.match(self.text, event.end_mark.index)
        if below is None:
            return
        start = self.text.rfind("\n", 0, event.start_mark.index) + 1
        before = self.text[start:event.start_mark.index]
        # a value's key starts past a list item's `- `; a bare item's text is the dash's (a reviewer: `- The people
        # of` then `  #StandWithX` is the item's next line)
        if len(below.group(1)) <= _owner_column(before):
            return  # a comment at the keys' indentation, or left of it: meant as one
        comment = below.group(2)
        shown = _clipped(comment)
        self.warn(event.end_mark.line + 2, len(below.group(1)) + 1,
                  f"YAML reads `{shown}` as a comment, so the value above ends before it; if it is part of the value, "
                  "quote the whole value, or write it as a block (`>`)")

    def scalar(self, event) -> Node:
        """A scalar with the type YAML 1.1 gives it (so `NO` is a boolean); one refused as too long is a REFUSED
        node: its field is then neither checked (a cut inside a wikilink was a second error) nor missing (a list
        holding only it does not "need an item", a `lat` is not "given without `lon`")."""
        mark = event.start_mark
        raw = event.value
        if len(raw) > MAX_STRING_CHARS:
            self.problem(mark, f"this value holds {len(raw):,} characters, more than the {MAX_STRING_CHARS:,} (about 15,000 "
                               "words) a value may hold: shorten it, or move part of it to another field or briefing")
            return Node("", mark.line + 1, mark.column + 1, REFUSED, None, mark.index, event.end_mark.index)
        # decode() refused control characters in the text, so only escapes ("\x00"),
        # which only double-quoted scalars have, can bring one in.
        if event.style == '"':
            bad = _CONTROL.search(raw)
            if bad:
                self.problem(mark, f"{character_kind(bad.group())} U+{ord(bad.group()):04X} (written as an escape) "
                                   "is not allowed")
                raw = _CONTROL.sub("\ufffd", raw)  # not "": a value of just that would then be "empty" as well
        if not event.style:
            self.plain_checks(event)
        tag = _STR
        value = raw
        if event.implicit[0] and event.tag is None and (not raw or raw[0] in _MAYBE_TYPED):
            tag = self.implicit(raw)
            if tag is not _STR and tag != _TIMESTAMP:
                value = self.construct(tag, raw, mark)
        return Node(value, mark.line + 1, mark.column + 1, tag, raw, mark.index, event.end_mark.index)

    def construct(self, tag: str, raw: str, mark):
        """The Python value of a plain scalar of a non-text type."""
        try:
            if self.implicit is _core_tag:
                value = _core_value(tag, raw)
            else:
                value = _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, ScalarNode(tag, raw))
            if isinstance(value, int) and value.bit_length() > _INT_BITS:
                raise ValueError("more digits than Python writes")  # 0x…, 0o…, 1:30… escape the 4,300-digit guard
            return value
        except (ConstructorError, ValueError, OverflowError):
            shown = f"`{raw}`" if len(raw) <= 80 else f"`{raw[:80]}…` ({len(raw)} characters)"
            self.problem(mark, f"cannot read {shown} as {_TYPE_NAMES.get(tag, 'a value')}; if it is text, quote it")
            return raw


_SCALAR, _ALIAS = ev.ScalarEvent, ev.AliasEvent
_MAPPING_START, _MAPPING_END = ev.MappingStartEvent, ev.MappingEndEvent
_SEQUENCE_START, _SEQUENCE_END = ev.SequenceStartEvent, ev.SequenceEndEvent
_DOCUMENT_START, _DOCUMENT_END, _STREAM_END = ev.DocumentStartEvent, ev.DocumentEndEvent, ev.StreamEndEvent
_IMPLICIT_TAGS: dict[str, str] = {}  # plain scalar text -> the tag YAML 1.1 resolves it to


# YAML 1.2's core schema (its section 10.3.2), used when a sheet starts with `%YAML 1.2`: no timestamps, no `yes`/`no`,
# no base 60, and a leading 0 is decimal. The first characters of these are among YAML 1.1's (_MAYBE_TYPED).
_CORE_TAGS = ((re.compile(r"~|null|Null|NULL|"), "tag:yaml.org,2002:null"),
              (re.compile(r"true|True|TRUE|false|False|FALSE"), "tag:yaml.org,2002:bool"),
              (re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+"), "tag:yaml.org,2002:int"),
              (re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"),
               "tag:yaml.org,2002:float"))


def _core_tag(raw: str) -> str:
    """The tag YAML 1.2's core schema gives a plain scalar."""
    return next((tag for pattern, tag in _CORE_TAGS if pattern.fullmatch(raw)), _STR)


def _core_value(tag: str, raw: str):
    """The value of a plain scalar the core schema types (_core_tag); ValueError past Python's 4,300 digits."""
    kind = tag.rsplit(":", 1)[1]
    if kind == "null":
        return None
    if kind == "bool":
        return raw[0] in "tT"
    if kind == "int":
        return int(raw[2:], 8 if raw[1] == "o" else 16) if raw[:2] in ("0o", "0x") else int(raw, 10)
    if raw.lstrip("+-").lower() == ".inf":
        return float("-inf") if raw[0] == "-" else float("inf")
    return float("nan") if raw.lower() == ".nan" else float(raw)


def _implicit_tag(raw: str) -> str:
    """The tag of a plain scalar (text for `<<` and `=`, which YAML resolves to merge and value)."""
    tag = _IMPLICIT_TAGS.get(raw)
    if tag is None:
        # Only booleans (`yes`, `Off` …) and nulls (`null`, `NULL` …) begin with a letter.
        if len(raw) > 5 and raw[0].isalpha():
            return _STR
        tag = _RESOLVER.resolve(ScalarNode, raw, (True, False))
        if tag == _STR or tag not in _CONSTRUCTOR.yaml_constructors:
            tag = _STR
        if len(raw) <= 40 and len(_IMPLICIT_TAGS) < 100_000:  # keys and short values repeat
            _IMPLICIT_TAGS[raw] = tag
    return tag
