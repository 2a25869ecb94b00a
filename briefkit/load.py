"""Stage 1, load: find fact sheets and parse them into position-carrying nodes.

Parsing goes through libyaml's event stream (`yaml.CSafeLoader`) rather than
`yaml.load`, so that every value keeps its line and column, and so that
anchors, aliases, tags, duplicate keys and extra documents are refused *as
they are read*: an alias is never expanded, so a "billion laughs" file costs
no more than its own size.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

import yaml
from yaml import events as ev
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from .problems import Problem

MAX_FILE_BYTES = 1024 * 1024
MAX_STRING_CHARS = 100_000
MAX_DEPTH = 32
MAX_PROBLEMS_PER_FILE = 100
SUFFIXES = (".yaml", ".yml")
# C0 controls other than tab, LF and CR, DEL, C1 controls, and the BOM or
# noncharacters inside the text; they are invisible in an editor, so refused.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\ufffe\uffff]")
_STR = "tag:yaml.org,2002:str"
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


def discover(root: str) -> tuple[list[str], list[Problem]]:
    """Every fact-sheet path under root in sorted order, and link problems."""
    paths, problems = [], []
    real_root = os.path.realpath(root)
    if not os.path.isdir(root):
        return [], [Problem(root, 1, 1, "fact-sheet folder not found")]
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(("_", ".")))
        for name in list(dirnames):
            where = os.path.join(dirpath, name)
            if not _inside(os.path.realpath(where), real_root):
                problems.append(Problem(where, 1, 1, "symbolic link leads outside the fact-sheet folder; refused"))
                dirnames.remove(name)
        for name in sorted(filenames):
            if name.startswith(("_", ".")) or not name.endswith(SUFFIXES):
                continue
            where = os.path.join(dirpath, name)
            if not _inside(os.path.realpath(where), real_root):
                problems.append(Problem(where, 1, 1, "symbolic link leads outside the fact-sheet folder; refused"))
            elif os.path.isfile(where):
                paths.append(where)
    return sorted(paths), problems


def _inside(path: str, root: str) -> bool:
    """True when path is root or below it (compared by path parts, not string prefix)."""
    return os.path.commonpath([path, root]) == root


def read(path: str) -> Sheet:
    """Read and decode one file, checking size and encoding."""
    sheet = Sheet(path)
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        sheet.problems.append(Problem(path, 1, 1, f"cannot read file: {error.strerror}"))
        return sheet
    sheet.text = decode(path, data, sheet.problems)
    return sheet


def decode(path: str, data: bytes, problems: list[Problem]) -> str:
    """UTF-8 text without a leading BOM, or "" with a problem saying why."""
    if len(data) > MAX_FILE_BYTES:
        problems.append(Problem(path, 1, 1, f"file is larger than {MAX_FILE_BYTES // 1024} KiB; split it"))
        return ""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _place_of_byte(data, error.start)
        problems.append(Problem(path, line, column,
                                f"not UTF-8: byte 0x{data[error.start]:02x} at byte {error.start}; save the file as UTF-8"))
        return ""
    bad = _CONTROL.search(text)
    if bad:
        offset = len(text[: bad.start()].encode("utf-8"))
        line, column = _place_of_byte(data, offset)
        problems.append(Problem(path, line, column,
                                f"control character U+{ord(bad.group()):04X} at byte {offset} is not allowed"))
        return ""
    return text


def _place_of_byte(data: bytes, offset: int) -> tuple[int, int]:
    """Line and column (in characters) of a byte offset."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", "replace")) + 1
    return data.count(b"\n", 0, offset) + 1, column


def parse(sheet: Sheet) -> Sheet:
    """Parse the sheet's text into nodes; YAML errors become problems."""
    if not sheet.text or sheet.problems:
        return sheet
    try:
        sheet.root = _Builder(sheet).build()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = " ".join(str(part) for part in (error.context, error.problem) if part)
        sheet.problems.append(Problem(sheet.path, line, column, f"YAML syntax error: {message}"))
        sheet.root = None
    except yaml.YAMLError as error:  # errors without a place, e.g. from the reader
        sheet.problems.append(Problem(sheet.path, 1, 1, f"YAML error: {error}"))
        sheet.root = None
    if len(sheet.problems) > MAX_PROBLEMS_PER_FILE:
        sheet.problems[MAX_PROBLEMS_PER_FILE:] = [
            Problem(sheet.path, 1, 1, f"more than {MAX_PROBLEMS_PER_FILE} problems in this file; the rest are not shown")
        ]
    return sheet


def load(path: str) -> Sheet:
    """Read and parse one fact sheet."""
    return parse(read(path))


_RESOLVER = Resolver()
_CONSTRUCTOR = SafeConstructor()


class _Builder:
    """Turns libyaml's events into Nodes, refusing what FORMAT.md forbids."""

    def __init__(self, sheet: Sheet):
        self.sheet = sheet
        self.problems = sheet.problems
        self.events = yaml.parse(sheet.text, Loader=yaml.CSafeLoader)

    def problem(self, mark, message: str) -> None:
        """Record a problem at a libyaml mark."""
        self.problems.append(Problem(self.sheet.path, mark.line + 1, mark.column + 1, message))

    def build(self) -> Node | None:
        """The single document's root node (None for an empty file)."""
        root = None
        documents = 0
        for event in self.events:
            if isinstance(event, ev.DocumentStartEvent):
                documents += 1
                if documents == 2:
                    self.problem(event.start_mark, "a fact sheet holds one YAML document; remove the `---` and what follows or move it to its own file")
                node = self.node(next(self.events), 0)
                root = root if documents > 1 else node
        return root

    def node(self, event, depth: int) -> Node | None:
        """Build the node that starts with event (consuming its whole subtree)."""
        if isinstance(event, ev.AliasEvent):
            self.problem(event.start_mark, f"YAML aliases (`*{event.anchor}`) are not allowed; repeat the value instead")
            return None
        if event.anchor is not None:
            self.problem(event.start_mark, f"YAML anchors (`&{event.anchor}`) are not allowed; repeat the value instead")
        if event.tag not in (None, "!") and not (isinstance(event, ev.ScalarEvent) and event.implicit[0] is False and event.tag == "!"):
            tag = event.tag.replace("tag:yaml.org,2002:", "!!")
            self.problem(event.start_mark, f"YAML tags (`{tag}`) are not allowed; write plain values")
        if depth > MAX_DEPTH:
            self.problem(event.start_mark, f"nested more than {MAX_DEPTH} levels deep")
            self.skip(event)
            return None
        if isinstance(event, ev.ScalarEvent):
            return self.scalar(event)
        if isinstance(event, ev.SequenceStartEvent):
            return self.sequence(event, depth)
        return self.mapping(event, depth)

    def skip(self, event) -> None:
        """Consume the rest of a collection without building it."""
        if isinstance(event, ev.ScalarEvent | ev.AliasEvent):
            return
        level = 1
        for inner in self.events:
            if isinstance(inner, ev.CollectionStartEvent):
                level += 1
            elif isinstance(inner, ev.CollectionEndEvent):
                level -= 1
                if level == 0:
                    return

    def scalar(self, event) -> Node:
        """A scalar with the type YAML 1.1 gives it (so `NO` is a boolean)."""
        mark = event.start_mark
        raw = event.value
        if len(raw) > MAX_STRING_CHARS:
            self.problem(mark, f"value is longer than {MAX_STRING_CHARS} characters")
            raw = raw[:MAX_STRING_CHARS]
        tag = _STR
        value = raw
        if event.implicit[0] and event.tag is None:
            tag = _RESOLVER.resolve(ScalarNode, raw, (True, False))
            if tag not in (_STR, _TIMESTAMP):
                value = self.construct(tag, raw, mark)
        return Node(value, mark.line + 1, mark.column + 1, tag, raw, mark.index, event.end_mark.index)

    def construct(self, tag: str, raw: str, mark):
        """The Python value of a plain scalar of a non-text type."""
        try:
            return _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, ScalarNode(tag, raw))
        except (ConstructorError, ValueError, OverflowError):
            self.problem(mark, f"cannot read `{raw}` as {_TYPE_NAMES.get(tag, 'a value')}; quote it")
            return raw

    def sequence(self, event, depth: int) -> Node:
        """A list of nodes."""
        mark = event.start_mark
        items = []
        for inner in self.events:
            if isinstance(inner, ev.SequenceEndEvent):
                break
            child = self.node(inner, depth + 1)
            if child is not None:
                items.append(child)
        return Node(items, mark.line + 1, mark.column + 1, start=mark.index, end=inner.end_mark.index)

    def mapping(self, event, depth: int) -> Node:
        """A mapping of text keys to nodes; duplicate and non-text keys are problems."""
        mark = event.start_mark
        values, keys = {}, {}
        for key_event in self.events:
            if isinstance(key_event, ev.MappingEndEvent):
                break
            key = self.key(key_event, depth)
            value = self.node(next(self.events), depth + 1)
            if key is None:
                continue
            name, line, column = key
            if name in keys:
                first = keys[name]
                self.problems.append(Problem(self.sheet.path, line, column,
                                             f"duplicate key `{name}` (first at line {first[0]}, column {first[1]})"))
                continue
            if name == "<<":
                self.problems.append(Problem(self.sheet.path, line, column, "YAML merge keys (`<<`) are not allowed; repeat the values instead"))
                continue
            keys[name] = (line, column)
            if value is not None:
                values[name] = value
        node = Node(values, mark.line + 1, mark.column + 1, start=mark.index, end=key_event.end_mark.index)
        node.keys = keys
        return node

    def key(self, event, depth: int):
        """(text, line, column) of a mapping key, or None when it is not plain text."""
        if not isinstance(event, ev.ScalarEvent):
            self.node(event, depth + 1)  # reports aliases/anchors and consumes the subtree
            self.problem(event.start_mark, "mapping keys must be plain text")
            return None
        if event.anchor is not None or event.tag not in (None, "!"):
            self.node(event, depth + 1)
        return event.value, event.start_mark.line + 1, event.start_mark.column + 1
