"""Property-based tests: whatever bytes or YAML a fact sheet holds, loading, validating and
indexing give entities or problems with places, never an exception.

The shortcut that compiles simple Markdown fields without the parser is checked against
markdown-it on generated texts.

Hypothesis runs derandomized with no example database, so CI sees the same examples
on every run; the examples are sized to keep this file to a few seconds.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefkit import markup, validate
from briefkit import model as m
from briefkit.index import index
from briefkit.pipeline import check, load_and_validate
from conftest import SEED
from xss_corpus import MARKDOWN_ACCEPTED, MARKDOWN_REFUSED, TEXT_PAYLOADS, dump

FUZZ = settings(derandomize=True, database=None, deadline=None, print_blob=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
ID = re.compile(m.ID_REGEX)
SEED_TEXT = sorted(SEED.rglob("*.yaml"))[0].read_bytes()


def assert_well_formed(path: str, data: bytes) -> None:
    """The contract: a result with entities of valid ids, and problems with places; no exception."""
    result = load_and_validate(path, data)
    for problem in result.problems:
        assert problem.path == path
        assert isinstance(problem.line, int) and problem.line >= 1, problem
        assert isinstance(problem.column, int) and problem.column >= 1, problem
        assert isinstance(problem.message, str) and problem.message.strip(), problem
        assert problem.severity in ("error", "warning"), problem
    for entity in result.entities:
        assert isinstance(entity.id, str) and ID.fullmatch(entity.id) and len(entity.id) <= m.ID_MAX, entity.id
        assert entity.kind in m.KINDS
    project = index([result])
    assert all(p.line >= 1 and p.column >= 1 for p in project.problems)
    if not project.errors:
        assert not any(p.is_error for p in result.problems)


# --- arbitrary bytes --------------------------------------------------------------------------------


@settings(FUZZ, max_examples=300)
@given(st.binary(max_size=400))
def test_arbitrary_bytes(data):
    assert_well_formed("t.yaml", data)


YAMLISH = st.text(alphabet=st.sampled_from(list("abcz019 -:#[]{},&*!|>'\"?%@`\n\t\\.~=<") + ["é", "\u2028", "\ufeff", "\x00", "\x85"]),
                  max_size=300)


@settings(FUZZ, max_examples=400)
@given(YAMLISH)
def test_yaml_punctuation(text):
    assert_well_formed("t.yaml", text.encode("utf-8"))


@settings(FUZZ, max_examples=150)
@given(st.binary(max_size=40), st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff"]))
def test_byte_order_marks_and_garbage(data, bom):
    assert_well_formed("t.yaml", bom + data)


# --- arbitrary YAML structures -------------------------------------------------------------------------

FIELD_NAMES = sorted({f.name for record in (*m.KINDS.values(), m.CLAIM, m.ROLE, m.RELATION, m.LOCATION,
                                             m.INCIDENT_ACTOR, m.CASUALTIES, m.PARTY, m.BRIEFING_ACTOR,
                                             m.BRIEFING_STAKE) for f in record.fields} | set(m.SHEET))
PAYLOADS = TEXT_PAYLOADS + MARKDOWN_ACCEPTED + MARKDOWN_REFUSED
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10 ** 30), max_value=10 ** 30),
    st.floats(allow_nan=True, allow_infinity=True), st.dates(min_value=dt.date(1, 1, 1)),
    st.text(max_size=30), st.sampled_from(PAYLOADS),
    st.sampled_from(["iran", "us", "reuters-1", "2021-02-30", "NO", "0755", "[[us]]", "[[Bad Id]]", "IQ", "Q1",
                     "https://a.example/", "javascript:x", "armed-group", "confirmed", "", " ", "~", "<<", "="]),
)
KEYS = st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=8))
VALUES = st.recursive(SCALARS, lambda children: st.one_of(
    st.lists(children, max_size=4), st.dictionaries(KEYS, children, max_size=5)), max_leaves=25)
SHEETS = st.dictionaries(st.one_of(st.sampled_from(list(m.SHEET)), KEYS), VALUES, max_size=5)


@settings(FUZZ, max_examples=150)
@given(SHEETS, st.sampled_from(["block", "flow"]))
def test_arbitrary_yaml_structures(sheet, style):
    text = dump(sheet) if style == "block" else yaml.safe_dump(sheet, default_flow_style=True, allow_unicode=True)
    assert_well_formed("t.yaml", text.encode("utf-8"))


def _entity(kind_fields):
    """A mapping that looks like an entity: mostly the right field names, values of any type."""
    return st.dictionaries(st.sampled_from(kind_fields), VALUES, min_size=1, max_size=len(kind_fields))


ALMOST_VALID = st.fixed_dictionaries({}, optional={
    "sources": st.lists(_entity([f.name for f in m.SOURCE.fields]), max_size=3),
    "actors": st.lists(_entity([f.name for f in m.ACTOR.fields]), max_size=3),
    "incidents": st.lists(_entity([f.name for f in m.INCIDENT.fields]), max_size=3),
    "stakes": st.lists(_entity([f.name for f in m.STAKE.fields]), max_size=3),
    "briefing": _entity([f.name for f in m.BRIEFING.fields]),
})


@settings(FUZZ, max_examples=60)
@given(ALMOST_VALID)
def test_entity_shaped_structures(sheet):
    assert_well_formed("t.yaml", dump(sheet).encode("utf-8"))


# --- mutated valid sheets ---------------------------------------------------------------------------------

MUTATIONS = st.lists(st.tuples(
    st.sampled_from(["delete", "insert", "replace", "duplicate-line", "indent", "flip"]),
    st.integers(min_value=0, max_value=len(SEED_TEXT)),
    st.integers(min_value=1, max_value=40),
    st.one_of(st.binary(max_size=12), st.sampled_from([b": ", b"- ", b"&a ", b"*a", b"!!str ", b"---\n", b"[", b"{",
                                                        b"'", b'"', b"\t", b"\n  ", b"[[us]]", b"<script>"])),
), min_size=1, max_size=4)


def mutate(data: bytes, mutations) -> bytes:
    for kind, at, length, blob in mutations:
        at = min(at, len(data))
        if kind == "delete":
            data = data[:at] + data[at + length:]
        elif kind == "insert":
            data = data[:at] + blob + data[at:]
        elif kind == "replace":
            data = data[:at] + blob + data[at + len(blob):]
        elif kind == "duplicate-line":
            start = data.rfind(b"\n", 0, at) + 1
            end = data.find(b"\n", at)
            end = len(data) if end < 0 else end + 1
            data = data[:end] + data[start:end] + data[end:]
        elif kind == "indent":
            start = data.rfind(b"\n", 0, at) + 1
            data = data[:start] + b" " * (length % 5) + data[start:]
        elif kind == "flip" and data:
            at = min(at, len(data) - 1)
            data = data[:at] + bytes([data[at] ^ (1 << (length % 8))]) + data[at + 1:]
    return data


@settings(FUZZ, max_examples=120)
@given(MUTATIONS)
def test_mutated_seed_sheet(mutations):
    assert_well_formed("briefings/seed.yaml", mutate(SEED_TEXT, mutations))


def test_the_unmutated_seed_sheet_is_clean():
    result = load_and_validate("seed.yaml", SEED_TEXT)
    assert not [p for p in result.problems if p.is_error] and result.entities


@settings(FUZZ, max_examples=15)
@given(st.lists(st.tuples(st.sampled_from(["a.yaml", "b/c.yaml", "_d.yaml", "e.yml"]), YAMLISH), max_size=3))
def test_whole_folders_through_check(tmp_path_factory, files):
    folder = tmp_path_factory.mktemp("fuzz")
    (folder / "b").mkdir()
    for name, text in files:
        (folder / name).write_bytes(text.encode("utf-8"))
    project = check(str(folder), use_cache=False)
    assert all(p.line >= 1 and p.column >= 1 and p.path for p in project.problems)


# --- the Markdown shortcut renders what markdown-it renders ------------------------------------------

# Words with a letter or digit at both ends (what the shortcut takes inside marks), other words
# (punctuation, other scripts, a no-break space), and what the shortcut must leave to the parser.
WORDS = ["Iran", "talks", "Talks", "27", "a", "al-Bukamal", "it's", "a/b", "x\u00a0y", "5%x"]
OTHER_WORDS = ["e.g.", "(see", "it)", '"quoted"', "50%", "$3", "{x}", "@x", "=", "+", ":", ";", "?", "é", "\u0627\u0644", "-", ".",
               "x^", "^"]
ODD = list("*_^[]\\`<>&#!~|\t") + ["  ", "1.", "- ", "> ", "[^1]", "^[x]", "\n", "**", "***"]
WIKILINKS = ["[[us]]", "[[us|the US]]", "[[ kataib-hezbollah ]]", '[[us|*a* <b> & "c"]]', "[[Bad Id]]", "[[us|]]", "[[]]", "[[us|a\nb]]"]


@st.composite
def _inline(draw, odd: bool) -> str:
    """A line of words, marked words (`*a*`, `__a b__` …) and wikilinks; with odd, other characters too."""
    words = WORDS + OTHER_WORDS if odd else WORDS
    kinds = ["word"] * 4 + ["marked"] * 2 + ["wikilink"] + (["odd"] if odd else [])
    tokens = []
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(kinds))
        if kind == "word":
            tokens.append(draw(st.sampled_from(words)))
        elif kind == "marked":
            mark = draw(st.sampled_from(["*", "**", "_", "__"]))
            tokens.append(mark + " ".join(draw(st.lists(st.sampled_from(words), min_size=1, max_size=3))) + mark)
        elif kind == "wikilink":
            tokens.append(draw(st.sampled_from(WIKILINKS[:3] if not odd else WIKILINKS)))
        else:
            tokens.append(draw(st.sampled_from(ODD)))
    spaces = [" "] * 5 + ([""] if odd else [])
    return "".join(draw(st.sampled_from(spaces)) + token for token in tokens).lstrip(" ")


@st.composite
def _markdown(draw) -> str:
    """Paragraphs and `- ` lists of such lines, separated by blank lines; or near misses of these shapes."""
    odd = draw(st.booleans())
    blocks = []
    for _ in range(draw(st.integers(1, 4))):
        lines = draw(st.lists(_inline(odd), min_size=1, max_size=3))
        if draw(st.booleans()):
            lines = [draw(st.sampled_from(["- "] * 6 + (["* ", "-  ", "1. "] if odd else []))) + line for line in lines]
        blocks.append("\n".join(lines))
    separators = ["\n\n"] * 6 + (["\n", "\n\n\n", "\n \n"] if odd else [])
    text = "\n\n".join(blocks) if not odd else "".join(
        (draw(st.sampled_from(separators)) if i else "") + block for i, block in enumerate(blocks))
    return text + draw(st.sampled_from(["", "\n"] + (["\n\n", " "] if odd else [])))


@settings(FUZZ, max_examples=200)
@given(_markdown())
def test_the_markdown_shortcut_renders_what_the_parser_renders(text):
    simple = markup._simple_markdown(text)
    if simple is not None:
        parsed = markup.compile_with_parser(text, "d_1")
        assert simple == (parsed.markup.html, parsed.wikilinks), text
        assert not parsed.bad_links and not parsed.bad_wikilinks
    assert markup.compile_markdown(text, "d_1") == markup.compile_with_parser(text, "d_1")


@pytest.mark.parametrize("text", [
    "x^[[us]]", "x^[[us|a]] b", "a**b**", "**a**b", "***a***", "**a*", "*a**", "**a** **b**", "**a****b**", "_a_b", "a_b_",
    "__a__", "**a\nb**", "- a\n\n- b", "- a\n- b\n\nc", "a\n- b", "a\n===", "a\n---", "- - a", "- # a", "-  a", "a  \nb",
    "[[us]]: x", "[[us|a\nb]]", "a\n\n\nb", "\u00a0a", "a\u00a0", "*a*\u00a0", "é*a*", "**Ceasefire**\n\n1. a",
    "[[us]]: https://x", "a\n[[us]]: x", "[[us]]\n===", "(_a_)", "[[us]]**a**", "**a**[[us]]", "*a*'s", "*a*!", "a\u2028b",
    "a\n\n- b\n\nc\n\n- d", "- a\n- - b", "a\r\nb", "a\x0cb",
])
def test_the_markdown_shortcut_near_misses(text):
    assert markup.compile_markdown(text, "d_1") == markup.compile_with_parser(text, "d_1")


def test_footnotes_keep_their_page_ids():
    footnoted = "Disputed[^1] `here`.\n\n[^1]: By some."
    for doc_id in ("a_1", "b_2"):
        compiled = markup.compile_markdown(footnoted, doc_id)
        assert compiled == markup.compile_with_parser(footnoted, doc_id) and f"fn-{doc_id}-1" in compiled.markup.html


def test_the_markdown_shortcut_takes_the_usual_shapes():
    for text in ["**Ceasefire talks** stalled. [[us|The US]] *denied* it (see [[us]]).\n",
                 "A strike was _reported_.\n\nKey points:\n\n- roads __closed__\n- [[us]] said \"no\"\n\nNothing since.",
                 "It's 50% of $3, e.g. a/b: {x} @x = y + z; why?\nSecond line."]:
        assert markup._simple_markdown(text) is not None, text
        assert markup.compile_markdown(text, "d_1") == markup.compile_with_parser(text, "d_1")


def test_the_markdown_of_the_seed_sheets_compiles_as_with_the_parser(monkeypatch):
    fields = []
    compile_markdown = validate.compile_markdown
    monkeypatch.setattr(validate, "compile_markdown",
                        lambda text, doc_id, base: fields.append((text, doc_id, base)) or compile_markdown(text, doc_id, base))
    check(str(SEED), use_cache=False, jobs=1)
    assert len(fields) > 50
    for text, doc_id, base in fields:
        assert compile_markdown(text, doc_id, base) == markup.compile_with_parser(text, doc_id, base), text


NUMBERISH = st.text(alphabet="0123456789\u0661\U0001d7da.,_eE+- x", min_size=1, max_size=12)


@FUZZ
@given(NUMBERISH, st.booleans(), st.sampled_from(["lat", "killed"]))
def test_text_where_a_number_goes_gets_a_hint_yaml_reads_back(text, quoted, field):
    """Whatever sits where a number goes: a problem, never a traceback; a spelling offered is one YAML reads
    as a number."""
    value = f"'{text}'" if quoted else text
    extra = (f"      lat: {value}\n      lon: 1\n" if field == "lat" else "") + \
        (f"    casualties:\n      killed: {value}\n" if field == "killed" else "")
    sheet = ("incidents:\n  - id: a\n    title: A\n    date: 2021-01-01\n    kind: strike\n"
             f"    location:\n      name: X\n{extra}")
    for problem in load_and_validate("t.yaml", sheet.encode("utf-8")).problems:
        hint = re.search(r"(?:remove the quotes:|write) (\S+)$", problem.message)
        if hint:
            assert isinstance(yaml.safe_load(hint.group(1)), (int, float)), problem.message
