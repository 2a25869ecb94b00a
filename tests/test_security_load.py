"""Hostile input at the loader: bombs measured for time and memory, encodings and control
characters placed to the byte, YAML 1.1 surprises, links out of the fact-sheet folder.

Rules test_rules.py already pins with exact messages are not repeated here; this file
adds what it lacks: resource measurements, byte positions (with and without a BOM),
more YAML 1.1 spellings, special files and link chains.

Resources are measured in a fresh subprocess around `pipeline.load_and_validate` only
(the loader and validator, not Python's start-up or the test suite). Work is counted, not
timed: the function calls made (Python's and the C functions Python calls, libyaml's event
reads among them, counted with `sys.setprofile`), which are the same on every machine and
under any load; a bomb that was not refused early costs orders of magnitude more. CPU
seconds are recorded for the failure message only. Memory is the growth of the peak
resident set (`ru_maxrss`, which sees libyaml's C allocations too) and tracemalloc's peak.
The child also runs under an address-space limit, so a regression fails the test instead
of exhausting the machine.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from briefkit.load import MAX_DEPTH, MAX_NODES, MAX_OPEN_BRACKETS, MAX_PROBLEMS_PER_FILE, MAX_STRING_CHARS
from briefkit.pipeline import check, load_and_validate
from briefkit.problems import format_text, sort_problems
from conftest import SEED

MiB = 1024 * 1024
MEMORY_BUDGET = 200 * 1000 * 1000  # bytes of peak-RSS growth allowed for any bomb
# Function calls (see the module's docstring): a bomb refused outright costs at most about 200,000 (a MiB-long key,
# most a few thousand); one bounded by MAX_NODES (the densest YAML there is) about 4.6 million. A loader quadratic in
# the file's size would cost more than a billion.
QUICK = 1_000_000
BOUNDED = 20_000_000

_MEASURE = textwrap.dedent("""\
    import json, re, resource, sys, time, tracemalloc
    resource.setrlimit(resource.RLIMIT_AS, (2 * 1024 ** 3, 2 * 1024 ** 3))
    from briefkit.pipeline import load_and_validate

    def peak_rss():  # bytes; VmHWM can be reset between bombs, ru_maxrss cannot
        try:
            with open("/proc/self/status") as status:
                return int(re.search(r"VmHWM:\\s+(\\d+)", status.read()).group(1)) * 1024
        except (OSError, AttributeError):
            return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024

    def reset_peak():
        try:
            with open("/proc/self/clear_refs", "w") as handle:
                handle.write("5")
            return True
        except OSError:
            return False

    def count_calls(path, data):  # the function calls load_and_validate makes: its work, on any machine
        calls = 0
        def profile(frame, event, arg):
            nonlocal calls
            if event in ("call", "c_call"):
                calls += 1
        sys.setprofile(profile)
        try:
            load_and_validate(path, data)
        finally:
            sys.setprofile(None)
        return calls

    load_and_validate("warm-up.yaml", b"sources: [{id: a, publisher: '[[b]] *c*'}]\\n")  # imports, parser set-up
    results = {}
    for index, argument in enumerate(sys.argv[1:]):
        traced, path = argument.startswith("traced:"), argument.removeprefix("traced:")
        with open(path, "rb") as handle:
            data = handle.read()
        if not reset_peak() and index:
            sys.exit(3)  # peaks cannot be told apart: the caller runs each bomb alone
        before = peak_rss()
        cpu, wall = time.process_time(), time.perf_counter()
        result = load_and_validate(path, data)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        rss_growth = peak_rss() - before
        calls = count_calls(path, data)
        if traced:  # again under tracemalloc (which slows every allocation ten-fold, so untimed)
            tracemalloc.start()
            load_and_validate(path, data)
            traced = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
        del data
        results[path] = {"calls": calls, "cpu": cpu, "wall": wall, "traced": traced, "rss_growth": rss_growth,
                         "entities": len(result.entities),
                         "problems": [[p.line, p.column, p.message] for p in result.problems]}
        del result
    print(json.dumps(results))
""")


def measure_all(folder, bombs: dict[str, bytes], traced=()) -> dict[str, dict]:
    """Load and validate each bomb as one file, in a fresh process: its costs and problems by name.

    Bombs named in traced are also run under tracemalloc for the peak of Python allocations.
    """
    paths = {}
    for number, (name, data) in enumerate(bombs.items()):
        paths[name] = str(folder / f"bomb-{number}.yaml")
        with open(paths[name], "wb") as handle:
            handle.write(data)
    arguments = [("traced:" if name in traced else "") + path for name, path in paths.items()]
    done = subprocess.run([sys.executable, "-c", _MEASURE, *arguments], capture_output=True, text=True, timeout=600)
    if done.returncode == 3:  # no way to reset the peak here: one process per bomb
        return {name: measure_all(folder, {name: bombs[name]}, traced)[name] for name in bombs}
    assert done.returncode == 0, done.stderr[-2000:]
    results = json.loads(done.stdout)
    return {name: results[path] for name, path in paths.items()}


def assert_cheap(result: dict, calls: int = QUICK, memory: int = MEMORY_BUDGET) -> None:
    assert result["calls"] < calls, result
    assert result["rss_growth"] < memory, result
    assert result["traced"] < memory, result


# --- bombs ----------------------------------------------------------------------------------


def billion_laughs() -> bytes:
    """The classic: nine levels of ten aliases, 10**9 strings if anything expanded them."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in "bcdefghi":
        previous = chr(ord(level) - 1)
        lines.append(f"{level}: &{level} [" + ",".join([f"*{previous}"] * 10) + "]")
    return ("\n".join(lines) + "\n").encode()


DEEP = f"nested more than {MAX_DEPTH} levels deep"
CUT = f"nested more than {2 * MAX_DEPTH} levels deep; the rest of the file is not read"
OPEN = DEEP + f" (more than {MAX_OPEN_BRACKETS:,} `[` and `{{` are open here, counted in text too, which YAML reads too " \
              "slowly: write fewer)"
def long(chars: int) -> str:
    """The problem of a value of this many characters, over MAX_STRING_CHARS."""
    return (f"this value holds {chars:,} characters, more than the {MAX_STRING_CHARS:,} (about 15,000 words) a value "
            "may hold: shorten it, or move part of it to another field or briefing")


TOO_MANY = f"more than {MAX_NODES} values, lists and mappings in one file; split it"
# name -> (file, the problems it must give, or only its first when the list ends with ...)
BOMBS = {
    "billion laughs": (billion_laughs(), [
        [1, 4, "YAML anchors (`&a`) are not allowed; repeat the value instead"],
        [2, 4, "YAML anchors (`&b`) are not allowed; repeat the value instead"],
        [2, 8, "YAML aliases (`*a`) are not allowed; repeat the value instead"], ...]),
    "billion laughs in a field": (
        ("sources:\n  - id: s\n    publisher: R\n    title:\n" + textwrap.indent(billion_laughs().decode(), " " * 6)).encode(),
        [[5, 10, "YAML anchors (`&a`) are not allowed; repeat the value instead"], ...]),
    "1 MiB of [": (b"[" * MiB, [[1, 33, OPEN]]),
    "1 MiB of {": (b"{" * MiB, [[1, 33, OPEN]]),
    "1 MiB of [{": (b"[{" * (MiB // 2), [[1, 33, OPEN]]),
    "brackets in a quoted string": (b'a: "' + b"[" * (MiB - 10) + b'"\n', [[1, 37, OPEN]]),
    "deep block mappings": (b"".join(b" " * i + b"a:\n" for i in range(1400)), [[33, 33, DEEP], ...]),
    "a huge plain string": (b"a: " + b"x" * (MiB - 4) + b"\n", [[1, 4, long(MiB - 4)], ...]),
    "a huge quoted string": (b'a: "' + b"x" * (MiB - 6) + b'"\n', [[1, 4, long(MiB - 6)], ...]),
    "a huge block string": (b"a: |\n  " + b"x" * (MiB - 8) + b"\n", [[1, 4, long(MiB - 7)], ...]),
    "a huge key": (b"? " + b"k" * (MiB - 8) + b"\n: 1\n", [[1, 3, long(MiB - 8)], ...]),
    "200,000 anchors": (b"a: [" + b"&a 1," * 200_000 + b"1]\n",
                        [[1, 5, "YAML anchors (`&a`) are not allowed; repeat the value instead"], ...]),
    "5,000 aliases": (b"a: [" + b"*x, " * 5000 + b"]\n",
                      [[1, 5, '`*x` is read as a YAML alias, which is not allowed; if it is text, quote it (`"*x"`)'],
                       ...]),  # no anchor `&x` before it
    # The densest YAML there is, 2 bytes a value (real sheets hold ~30,000 values a MiB):
    # the node limit ends the reading.
    "a MiB of [1,1,1,…]": (b"a: [" + b"1," * (MiB // 2 - 4) + b"1]\n", [[1, 2 * MAX_NODES - 5, TOO_MANY]]),
    # Block nesting on one line: libyaml parses on; the node limit ends the reading (indented nesting is read on:
    # its cost is its own text's, and the rest of a sheet is read, a reviewer).
    "a MiB of - - - …": (b"- " * (MiB // 2 - 2) + b"x\n", [[1, 2 * MAX_DEPTH + 1, DEEP], [1, 2 * MAX_NODES - 3, TOO_MANY]]),
    # Each `[` closed only in a comment, past _deep_bracket's count: libyaml's time per value grows with the depth,
    # and 116,000 levels took 90 s (a tester). Read no deeper than twice the limit: the end of the file is never
    # reached (its unclosed `[` would be said at the last line).
    "brackets closed in comments": (b"actors: [ #]\n" + b"  [ #]\n" * (MiB // 7 - 2),
                                    [[MAX_DEPTH, 3, DEEP], [2 * MAX_DEPTH, 3, CUT]]),
}
# Bounded by MAX_NODES, not by the file: a few million calls (about 2 CPU seconds on a quiet machine).
SLOW = {"a MiB of [1,1,1,…]", "a MiB of - - - …"}


@pytest.fixture(scope="module")
def measured(tmp_path_factory) -> dict[str, dict]:
    """Every bomb measured (one child process for all of them)."""
    return measure_all(tmp_path_factory.mktemp("bombs"), {name: data for name, (data, _) in BOMBS.items()},
                       traced=("billion laughs", "billion laughs in a field", "1 MiB of ["))


@pytest.mark.parametrize("name", list(BOMBS))
def test_bomb_is_refused_quickly_and_small_with_its_place(measured, name):
    data, expected = BOMBS[name]
    assert len(data) <= MiB
    result = measured[name]
    if name in SLOW:
        assert_cheap(result, calls=BOUNDED, memory=160 * 1000 * 1000)
    else:
        assert_cheap(result)
    if expected[-1] is ...:
        assert result["problems"][: len(expected) - 1] == expected[:-1]
    else:
        assert result["problems"] == expected
    assert len(result["problems"]) <= MAX_PROBLEMS_PER_FILE + 1
    assert all(line >= 1 and column >= 1 for line, column, _ in result["problems"])


def test_billion_laughs_costs_next_to_nothing(measured):
    result = measured["billion laughs"]
    assert result["rss_growth"] < 20 * 1000 * 1000 and 0 < result["traced"] < 1000 * 1000
    anchors = [p for p in result["problems"] if p[2].startswith("YAML anchors")]
    aliases = [p for p in result["problems"] if p[2].startswith("YAML aliases")]
    assert len(anchors) == 9 and len(aliases) == 80  # each refused once, where it is written: nothing expanded
    assert result["entities"] == 0
    in_field = measured["billion laughs in a field"]["problems"]
    assert [13, 29, "YAML aliases (`*h`) are not allowed; repeat the value instead"] in in_field
    assert [5, 7, "`title` must be text, not a mapping"] in in_field


def test_problems_stop_at_the_limit(measured):
    problems = measured["5,000 aliases"]["problems"]
    assert len(problems) == MAX_PROBLEMS_PER_FILE + 1
    assert problems[-1] == [1, 1, f"more than {MAX_PROBLEMS_PER_FILE} errors in this file; the rest are not shown"]


def test_placing_thousands_of_refused_links_is_linear(tmp_path):
    """Each distinct link written with character references (`&#x6A;avascript:N`) compiled a pattern of every way
    to write each of its characters: 3,800 of them in one field took 4.6 s, 45 s for ten such fields."""
    links = 2000
    summary = "".join(f"[a](&#x6A;avascript:{number}) " for number in range(links))
    sheet = f"actors:\n  - id: p\n    name: P\n    kind: state\n    summary: {json.dumps(summary)}\n".encode()
    result = measure_all(tmp_path, {"links": sheet})["links"]
    placed = [(line, column) for line, column, message in result["problems"] if "javascript:" in message]
    assert placed[:3] == [(5, 19), (5, 42), (5, 65)] and len(placed) == links == len(set(placed))
    assert result["calls"] < 2000 * links  # about 550 a link, markdown-it's own work; the old placement made 7,000


def test_a_sparse_4_gib_file_is_refused_without_reading_it(tmp_path):
    folder = tmp_path / "briefings"
    folder.mkdir()
    with open(folder / "huge.yaml", "wb") as handle:
        handle.truncate(4 * 1024 * MiB)  # a hole: no disk used
    script = textwrap.dedent(f"""\
        import json, re, resource
        resource.setrlimit(resource.RLIMIT_AS, (2 * 1024 ** 3, 2 * 1024 ** 3))
        from briefkit.pipeline import check

        def read_so_far():  # bytes this process has read (Linux)
            with open("/proc/self/io") as handle:
                return int(re.search(r"rchar: (\\d+)", handle.read()).group(1))

        before = read_so_far()
        project = check({str(folder)!r}, use_cache=False)
        print(json.dumps({{"read": read_so_far() - before,
                           "problems": [[p.line, p.column, p.message] for p in project.problems]}}))
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout)
    assert result["read"] < 4 * MiB  # its size was enough: not read (the limit is 1 MiB; the rest is Python's own)
    assert result["problems"] == [[1, 1, "file is larger than 1024 KiB; split it"]]


# --- encodings and control characters, to the byte ------------------------------------------------


def problems_of(data: bytes) -> list[tuple[int, int, str]]:
    """(line, column, message) of every problem of one file."""
    return [(p.line, p.column, p.message) for p in load_and_validate("t.yaml", data).problems]


NOT_UTF8 = "not UTF-8: byte 0x{:02x} at byte {}; save the file as UTF-8"
CONTROL = "control character U+{} at byte {} is not allowed"
INVISIBLE = "character U+{} at byte {} is not allowed"  # a noncharacter or a BOM: invisible, but no control
SHEET = "sources:\n  - id: r\n    publisher: {}\n"  # the value starts at byte 34 (line 3, column 16)


@pytest.mark.parametrize(("data", "expected"), [
    ("sources: []\n".encode("utf-16"), (1, 1, NOT_UTF8.format(0xFF, 0))),  # UTF-16 LE with its BOM
    (b"\xfe\xff" + "sources: []\n".encode("utf-16-be"), (1, 1, NOT_UTF8.format(0xFE, 0))),
    ("sources: []\n".encode("utf-32"), (1, 1, NOT_UTF8.format(0xFF, 0))),
    ("sources: []\n".encode("utf-16-le"), (1, 2, CONTROL.format("0000", 1))),  # no BOM: the first NUL
    (SHEET.format("Société").encode("latin-1"), (3, 20, NOT_UTF8.format(0xE9, 38))),
    (SHEET.format("\xc0\xaf").encode("latin-1"), (3, 16, NOT_UTF8.format(0xC0, 34))),  # overlong "/"
    (SHEET.format("").encode()[:-1] + b"\xed\xa0\x80\n", (3, 16, NOT_UTF8.format(0xED, 34))),  # a UTF-16 surrogate
    (SHEET.format("").encode()[:-1] + b"caf\xc3", (3, 19, NOT_UTF8.format(0xC3, 37))),  # cut at the end
    (SHEET.format("a\x7fb").encode(), (3, 17, CONTROL.format("007F", 35))),
    (SHEET.format("a\x9bb").encode(), (3, 17, CONTROL.format("009B", 35))),  # C1 (CSI)
    (SHEET.format("a\uffffb").encode(), (3, 17, INVISIBLE.format("FFFF", 35))),  # a noncharacter
    (SHEET.format("a\ufeffb").encode(), (3, 17, INVISIBLE.format("FEFF", 35))),  # a BOM inside the text
    (b"sources:\n  - id: r\n    publisher: R\n    title: T\n    url: https://a.example/\x00\n",
     (5, 28, CONTROL.format("0000", 76))),
], ids=["utf-16-le", "utf-16-be", "utf-32", "utf-16-no-bom", "latin-1", "overlong", "surrogate", "truncated",
        "del", "c1", "noncharacter", "inner-bom", "nul-line-5"])
def test_other_encodings_and_control_characters_name_the_byte(data, expected):
    assert problems_of(data) == [expected]


SEPARATOR = "{} U+{} at byte {} is not allowed; use a line break or a space"


@pytest.mark.parametrize(("data", "expected"), [
    (SHEET.format('"Reuters\u2028Agency"').encode(), (3, 24, SEPARATOR.format("line separator", "2028", 42))),
    ("# a comment\u2029\n" + SHEET.format("R"), (1, 12, SEPARATOR.format("paragraph separator", "2029", 11))),
], ids=["line-separator", "paragraph-separator-in-a-comment"])
def test_unicode_line_separators_are_refused_where_they_are(data, expected):
    # YAML breaks lines at them and editors do not: every place after one would be a line off.
    assert problems_of(data.encode() if isinstance(data, str) else data) == [expected]


def test_every_refused_character_is_said_and_the_rest_of_the_sheet_is_still_checked():
    """One pasted U+2028 stopped the check of its whole sheet, the others and every other problem unsaid: a run per
    character (a tester). Each is said at its place, read as a space, and the sheet's other errors follow."""
    data = 'actors:\n  - id: a1\n    name: "A\u2028B"\n    kind: sate\n  - id: a2\n    name: "C\u2029D\x85"\n'.encode()
    assert problems_of(data) == [
        (3, 13, SEPARATOR.format("line separator", "2028", 31)), (6, 13, SEPARATOR.format("paragraph separator", "2029", 75)),
        (6, 15, CONTROL.format("0085", 79)),
        (4, 11, "`kind` must be one of person, state, government-body, armed-group, organization, "
                "international-organization; got `sate`; did you mean `state`?"),
        (5, 5, "actor `a2` is missing required field `kind`")]
    texts = 'stakes:\n  - id: t\n    title: "A\u2028B"\n    summary: |\n      Text\n      [x](javascript:y).\n'.encode()
    mac = texts.replace(b"\n", b"\r")  # old-Mac line ends too: a Markdown problem after one stays on its line
    assert sorted(problems_of(mac)) == sorted(problems_of(texts)) and (6, 11) in [p[:2] for p in problems_of(mac)]
    many = ("sources:\n  - id: r\n    publisher: \"" + "\u2028" * 50 + "R\"\n").encode()
    assert [p for p in problems_of(many) if p[:2] == (1, 1)] == [
        (1, 1, "30 more characters that are not allowed (as those said) are in this file")]
    assert len(problems_of(many)) == 21


def test_old_mac_line_ends_place_problems_on_the_lines_an_editor_shows():
    data = b"sources:\r  - id: r\r    publisher: R\r    kind: bogus\r    title: T\r    url: javascript:x\r"
    assert sorted((line, column) for line, column, _ in problems_of(data)) == [(4, 11), (6, 10)]
    assert problems_of(b"sources:\r  - id: r\r    publisher: \xff\r") == [(3, 16, NOT_UTF8.format(0xFF, 34))]


@pytest.mark.parametrize(("data", "expected"), [
    (SHEET.format("Société").encode("latin-1"), (3, 20, NOT_UTF8.format(0xE9, 41))),
    (SHEET.format("a\x00b").encode(), (3, 17, CONTROL.format("0000", 38))),
    (SHEET.format("\ufeffR").encode(), (3, 16, INVISIBLE.format("FEFF", 37))),  # only the first BOM is skipped
], ids=["latin-1", "nul", "second-bom"])
def test_byte_positions_count_a_leading_bom(data, expected):
    # The BOM is skipped, but "at byte N" is the byte in the file, as a hex editor shows it;
    # line and column are where an editor (which hides the BOM) shows the character.
    assert problems_of(b"\xef\xbb\xbf" + data) == [expected]


# --- YAML 1.1 surprises ------------------------------------------------------------------------------


@pytest.mark.parametrize(("written", "reads_as"), [
    ("0755", "a number"),  # octal 493
    ("0x1F", "a number"),
    ("0b101", "a number"),
    ("1_000", "a number"),
    ("1:30", "a number"),  # sexagesimal 90
    ("+12", "a number"),
    (".inf", "a number"),
    (".NaN", "a number"),
    ("on", "a boolean"),
    ("Off", "a boolean"),
    ("True", "a boolean"),
    ("~", "empty (null)"),
    ("Null", "empty (null)"),
])
def test_yaml_1_1_types_in_a_text_field_suggest_quoting(written, reads_as):
    assert problems_of(SHEET.format(written).encode()) == [
        (3, 16, f'`publisher` must be text, but YAML reads `{written}` as {reads_as}; quote it: "{written}"'),
    ]


def test_yaml_1_1_types_in_ids_and_lists_suggest_quoting():
    assert problems_of(b"actors:\n  - id: 0755\n    name: Norway\n    kind: state\n    aliases: [Norge, yes, 1814]\n") == [
        (2, 9, '`id` must be an id, but YAML reads `0755` as a number; quote it: "0755"'),
        (5, 22, '`aliases[1]` must be text, but YAML reads `yes` as a boolean; quote it: "yes"'),
        (5, 27, '`aliases[2]` must be text, but YAML reads `1814` as a number; quote it: "1814"'),
    ]


def test_yaml_1_1_values_quoted_are_text():
    assert problems_of(b"sources:\n  - id: '0755'\n    publisher: 'NO'\n    title: \"1:30\"\n") == []


@pytest.mark.parametrize("word", ["yes", "Yes", "YES", "no", "NO", "true", "TRUE", "false", "False", "FALSE", "on", "ON", "off",
                                  "OFF", "null", "Null", "NULL", "~", "", "y", "n", "nulls", "Falsey", "offer", "Yesterday",
                                  "2021-02-25", "1_000.5", "-.inf", "0o17", "=", "<<", "+", "Yes\u00e9", "t" * 50, "1" * 50])
def test_plain_scalars_resolve_as_yaml_1_1_says(word):
    """The loader's shortcuts for plain words (a memo, letters that cannot begin a long boolean or null) change nothing."""
    from yaml.constructor import SafeConstructor
    from yaml.nodes import ScalarNode
    from yaml.resolver import Resolver

    from briefkit.load import _implicit_tag

    tag = Resolver().resolve(ScalarNode, word, (True, False))
    expected = tag if tag in SafeConstructor.yaml_constructors else "tag:yaml.org,2002:str"
    assert _implicit_tag(word) == expected and _implicit_tag(word) == expected  # twice: the second from the memo


# --- one document, duplicate keys ---------------------------------------------------------------------


def test_a_second_document_after_an_explicit_end_is_refused():
    assert problems_of(b"sources: []\n...\n---\nactors: []\n") == [
        (3, 1, "a fact sheet holds one YAML document; remove the `---` and what follows or move it to its own file"),
    ]


def test_duplicate_keys_in_a_flow_mapping_and_at_the_top_level():
    assert problems_of(b"sources: []\nstakes: [{id: t, title: A, title: B}]\nsources: []\n") == [
        (2, 28, "duplicate key `title` (first at line 2, column 18)"),
        (3, 1, "duplicate key `sources` (first at line 1, column 1)"),
    ]


# --- links and special files ------------------------------------------------------------------------


@pytest.fixture()
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "briefings").mkdir()
    return tmp_path


def lines() -> list[str]:
    return [format_text(p) for p in sort_problems(check("briefings", use_cache=False).problems)]


OUTSIDE = "symbolic link leads outside the fact-sheet folder; refused"


def test_relative_link_climbing_out_is_refused(in_tmp):
    (in_tmp / "secret.yaml").write_text("sources: [{id: s, publisher: Secret}]\n")
    os.symlink("../secret.yaml", "briefings/a.yaml")
    os.symlink("../..", "briefings/up")
    assert lines() == [f"briefings/a.yaml:1:1: {OUTSIDE}", f"briefings/up:1:1: {OUTSIDE}"]


def test_a_chain_of_links_that_ends_outside_is_refused(in_tmp):
    (in_tmp / "secret.yaml").write_text("sources: [{id: s, publisher: Secret}]\n")
    os.symlink(in_tmp / "secret.yaml", in_tmp / "hop.yaml")
    os.symlink("../hop.yaml", "briefings/b.yaml")  # briefings/b.yaml -> ../hop.yaml -> secret.yaml
    os.symlink("/dev/zero", "briefings/zero.yaml")  # a device outside: never read
    assert lines() == [f"briefings/b.yaml:1:1: {OUTSIDE}", f"briefings/zero.yaml:1:1: {OUTSIDE}"]


def test_links_that_stay_inside_are_followed(in_tmp):
    os.makedirs("briefings/real")
    (in_tmp / "briefings/real/s.yaml").write_text("sources: [{id: s, publisher: S}]\n")
    os.symlink("real", "briefings/alias")  # the same folder twice: walked once, at its own path
    project = check("briefings", use_cache=False)
    assert project.errors == [] and project.files == ["briefings/real/s.yaml"]
    assert "briefings/alias:1:1: warning: the same folder as `briefings/real`" in lines()[0]


def test_a_linked_fact_sheet_folder_is_its_own_root(tmp_path, monkeypatch):
    (tmp_path / "store").mkdir()
    (tmp_path / "store" / "s.yaml").write_text("sources: [{id: s, publisher: S}]\n")
    os.symlink(tmp_path / "store", tmp_path / "briefings")
    monkeypatch.chdir(tmp_path)
    assert [e.id for e in check("briefings", use_cache=False).entities.values()] == ["s"]


def test_a_fifo_named_like_a_sheet_is_refused_not_waited_on(in_tmp):
    os.mkfifo("briefings/pipe.yaml")
    (in_tmp / "briefings/ok.yaml").write_text("sources: []\n")
    assert lines() == ["briefings/pipe.yaml:1:1: not a regular file (a pipe, a socket or a device); a fact sheet is a file"]


# --- nothing left for the garbage collector ---------------------------------------------------------


def test_checking_makes_no_reference_cycles(tmp_path):
    """check() pauses the garbage collector and then freezes what it made (pipeline._gc_paused),
    which is only sound while loading and validating, in one process or on workers, make no
    reference cycles: those would never be freed."""
    folder = tmp_path / "briefings"
    folder.mkdir()
    sheets = [path.read_bytes() for path in sorted(SEED.rglob("*.yaml"))] + [
        b"briefing: [\n",
        b"a: &a [1]\nb: *a\nc: !!python/object x\n<<: {d: 1}\n",
        b"sources:\n  - id: s\n    publisher: P\n    url: javascript:x\n    publisher: Q\n",
        b"[" * 40 + b"]" * 40,
        b"stakes:\n  - id: t\n    title: T\n    summary: |\n      | a | b |\n      | - | - |\n      | [x](javascript:y) | [[Bad]] |\n\n"
        b"      Note[^1].\n\n      [^1]: *A* [[t]].\n",
        b"\xff\xfe",
        b"---\na: 1\n---\nb: 2\n",
    ]
    for number, data in enumerate(sheets * 3):
        (folder / f"s{number:02}.yaml").write_bytes(data)
    script = textwrap.dedent(f"""\
        import gc
        from briefkit.pipeline import check
        gc.collect()
        for jobs in (1, 2):
            assert check({str(folder)!r}, jobs=jobs, use_cache=False).problems
        gc.unfreeze()
        gc.set_debug(gc.DEBUG_SAVEALL)
        gc.collect()
        print(len(gc.garbage), sorted({{type(o).__name__ for o in gc.garbage}}))
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "0 []"
