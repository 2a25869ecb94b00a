"""One test per validation rule of FORMAT.md: the exact message, line and column.

Each test writes small fact sheets under `tmp_path/briefings/` and runs
`briefkit.pipeline.check` from `tmp_path`, so problems read exactly as an
editor sees them: `briefings/t.yaml:3:5: message`.

Most tests add their sheet (`t.yaml`) next to `base.yaml`, a small valid
corpus whose ids they can refer to and which produces no problem by itself.
"""

from __future__ import annotations

import os
import re
import textwrap

import pytest

from briefkit.pipeline import check
from briefkit.problems import format_text, sort_problems

BASE = """\
sources:
  - id: reuters-1
    publisher: Reuters
    url: https://example.org/a
actors:
  - id: kataib-hezbollah
    name: Kataib Hezbollah
    kind: armed-group
    country: "IQ"
  - id: us
    name: United States
    kind: state
incidents:
  - id: erbil-attack
    title: Rocket attack on Erbil
    date: 2021-02-15
    kind: rocket attack
    location: {name: Erbil, country: "IQ"}
    actors: [{actor: kataib-hezbollah, role: alleged-perpetrator}]
    sources: [reuters-1]
stakes:
  - id: nuclear-talks
    title: Nuclear talks
briefing:
  id: us-strikes-syria
  title: US strikes in Syria
  date: 2021-02-25
  summary: The US struck [[kataib-hezbollah]].
  actors: [{actor: us}]
  incidents: [erbil-attack]
  stakes: [{stake: nuclear-talks}]
  sources: [reuters-1]
"""

ACTOR = "actors:\n  - id: iran\n    name: Iran\n    kind: state\n"  # an actor sheet, for a last field to follow


# --- helpers -----------------------------------------------------------------


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path, monkeypatch):
    """Run every check from tmp_path, so paths print as `briefings/…`."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "briefings").mkdir()


def write(name: str, content: str | bytes) -> str:
    """Write a file under briefings/ (text is dedented); return its path."""
    path = os.path.join("briefings", name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if isinstance(content, str):
        content = textwrap.dedent(content).encode("utf-8")
    with open(path, "wb") as handle:
        handle.write(content)
    return path


def run(warnings: bool = False) -> list[str]:
    """Check briefings/ and return its problems as `path:line:column: message` lines."""
    problems = check("briefings", use_cache=False).problems
    if not warnings:
        problems = [p for p in problems if p.is_error]
    return [format_text(p) for p in sort_problems(problems)]


def report(sheet: str | bytes, warnings: bool = False) -> list[str]:
    """Problems of one fact sheet `t.yaml` checked together with BASE."""
    write("base.yaml", BASE)
    write("t.yaml", sheet)
    return run(warnings)


def with_body(body: str) -> str:
    """A briefing sheet whose `body` (a `|-` block) is body, dedented: its first line is the sheet's line 7."""
    return ("briefing:\n  id: b\n  title: T\n  date: 2021-02-26\n  summary: S.\n  body: |-\n"
            + textwrap.indent(textwrap.dedent(body), "    ") + "  sources: [reuters-1]\n")


def at(line: int, column: int, message: str) -> str:
    """An expected problem in t.yaml."""
    return f"briefings/t.yaml:{line}:{column}: {message}"


def test_a_tab_on_a_blank_or_comment_line_is_plain_yaml():
    """YAML allows a tab on a line of whitespace or before a comment (editors' YAML tools read it), libyaml does not:
    a sheet of comments, one indented with a tab, was a syntax error (a tester). A tab that indents a key still is."""
    assert report("# notes\n\t# indented\nsources:\n  - id: s2\n\t\n    publisher: P  \t# the wire\n"
                  "\t \n") == []
    assert report("\t# only comments\n# here\n", warnings=True) == [
        "briefings/t.yaml:1:1: warning: file holds only comments; it adds nothing"]
    assert report("sources:\n  - id: s2\n\tpublisher: P\n") == [
        at(3, 1, "YAML syntax error: a tab cannot indent YAML or follow `-` or `:` here; use spaces")]
    # only the line YAML stopped at: a line alike in a block of text is the text's (a code block's `\t# …` had become
    # a heading: a reviewer)
    from briefkit.load import load

    sheet = load(write("t.yaml", "briefing:\n  body: |\n    Code:\n\n    \t# keep this tab\n  id: b\n\t# comment\n"))
    assert sheet.problems == [] and sheet.root.value["briefing"].value["body"].value == "Code:\n\n\t# keep this tab\n"


def test_base_corpus_is_clean():
    assert report("") == []
    assert run(warnings=True) == ["briefings/t.yaml:1:1: warning: file is empty; it adds nothing"]
    assert report("# to do: the Erbil attack\n---\n", warnings=True) == [
        "briefings/t.yaml:1:1: warning: file holds only comments; it adds nothing"]  # not empty (a tester)


# --- top level ---------------------------------------------------------------

ALLOWED = "allowed: briefing, actors, incidents, stakes, sources"


def test_unknown_top_level_key_suggests_the_closest():
    assert report("""\
        actor:
          - id: x
        sauces: []
        """) == [
        at(1, 1, f"unknown top-level key `actor` ({ALLOWED}); did you mean `actors`?"),
        at(2, 5, "actor `x` is missing required field `kind`"),  # the block is checked as the key it means
        at(2, 5, "actor `x` is missing required field `name`"),
        at(3, 1, f"unknown top-level key `sauces` ({ALLOWED}); did you mean `sources`?"),
    ]


def test_unknown_top_level_key_without_a_close_match():
    assert report("colour: red\n") == [at(1, 1, f"unknown top-level key `colour` ({ALLOWED})")]


def test_top_level_must_be_a_mapping():
    assert report("- reuters-1\n- us\n") == [
        at(1, 1, "a fact sheet must be a mapping with keys briefing, actors, incidents, stakes, sources; this one is a list"),
    ]


def test_actors_must_be_a_list():
    assert report("""\
        actors:
          id: iran
          name: Iran
        """) == [at(2, 3, "`actors` must be a list (one entity per `- ` item), not a mapping")]


def test_briefing_must_be_a_mapping():
    assert report("""\
        briefing:
          - id: b
        """) == [at(2, 3, "a briefing must be a mapping, not a list")]


def test_list_items_must_be_mappings():
    assert report("""\
        sources:
          - just a name
        """) == [at(2, 5, "a source must be a mapping, not text")]
    assert report("""\
        actors:
          - [iran]
        """) == [at(2, 5, "an actor must be a mapping, not a list")]
    # ids at the top, the briefing's list meant: told where ids go (a tester)
    assert report("actors: [france]\n") == [
        at(1, 10, "an actor must be a mapping, not text: `actors:` at the top of a sheet defines actors, each a "
                  "mapping (`- id: france` and its fields); to name one in a briefing, list it under the briefing's "
                  "own `actors:`")]


# --- records: unknown and missing fields -------------------------------------


def test_unknown_field_in_every_kind_of_record():
    assert report("""\
        sources:
          - id: reuters-2
            publisher: Reuters
            titel: x
        actors:
          - id: iran
            name: Iran
            kind: state
            nmae: x
            roles:
              - title: Leader
                form: 2020
            relations:
              - type: backed-by
                target: us
                notes: x
        incidents:
          - id: strike
            title: Strike
            date: 2021
            kind: airstrike
            location: {name: Deir ez-Zor, contry: SY, latitude: 35.3, Longitude: 40.1}
            actors: [{actor: iran, role: target, rol: x}]
            casualties: {killed: 1, kiled: 2}
            sources: [reuters-2]
            claims:
              - text: t
                status: confirmed
                sources: [reuters-2]
                atributed_to: iran
        stakes:
          - id: talks
            title: Talks
            parties:
              - actor: iran
                position: p
                sorces: [reuters-2]
        briefing:
          id: b
          title: T
          date: 2021
          summary: s
          sources: [reuters-2]
          actor: [iran]
          stakes: [{stake: talks, impakt: x}]
        """) == [
        at(4, 5, "unknown field `titel` in source; did you mean `title`?"),
        at(9, 5, "unknown field `nmae` in actor; did you mean `name`?"),
        at(12, 9, "unknown field `form` in role; did you mean `from`?"),
        at(16, 9, "unknown field `notes` in relation; did you mean `note`?"),
        at(22, 35, "unknown field `contry` in location; did you mean `country`?"),
        at(22, 47, "unknown field `latitude` in location; did you mean `lat`?"),  # ACLED's and GeoJSON's word
        at(22, 63, "unknown field `Longitude` in location; did you mean `lon`?"),
        at(23, 42, "unknown field `rol` in incident actor; did you mean `role`?"),
        at(24, 29, "unknown field `kiled` in casualties; did you mean `killed`?"),
        at(30, 9, "unknown field `atributed_to` in claim; did you mean `attributed_to`?"),
        at(37, 9, "unknown field `sorces` in party; did you mean `sources`?"),
        at(44, 3, "unknown field `actor` in briefing; did you mean `actors`?"),
        at(45, 27, "unknown field `impakt` in briefing stake; did you mean `impact`?"),
    ]


def test_unknown_field_without_a_close_match():
    assert report("""\
        sources:
          - id: reuters-2
            publisher: Reuters
            colour: red
        """) == [at(4, 5, "unknown field `colour` in source")]


def test_missing_required_field_of_each_entity_kind():
    assert report("""\
        sources:
          - id: reuters-2
        actors:
          - id: iran
        incidents:
          - id: strike
        stakes:
          - title: Talks
        briefing:
          id: b
        """) == [
        at(2, 5, "source `reuters-2` is missing required field `publisher`"),
        at(4, 5, "actor `iran` is missing required field `kind`"),
        at(4, 5, "actor `iran` is missing required field `name`"),
        at(6, 5, "incident `strike` is missing required field `date`"),
        at(6, 5, "incident `strike` is missing required field `kind`"),
        at(6, 5, "incident `strike` is missing required field `location`"),
        at(6, 5, "incident `strike` is missing required field `sources`"),
        at(6, 5, "incident `strike` is missing required field `title`"),
        at(8, 5, "stake is missing required field `id`"),
        at(10, 3, "briefing `b` is missing required field `date`"),
        at(10, 3, "briefing `b` is missing required field `sources`"),
        at(10, 3, "briefing `b` is missing required field `summary`"),
        at(10, 3, "briefing `b` is missing required field `title`"),
    ]


def test_missing_required_field_of_nested_records():
    assert report("""\
        actors:
          - id: iran
            name: Iran
            kind: state
            roles: [{of: us}]
            relations: [{type: opposes}]
        incidents:
          - id: strike
            title: Strike
            date: 2021
            kind: airstrike
            location: {country: SY}
            actors: [{actor: iran}]
            sources: [reuters-1]
            claims: [{text: t, sources: [reuters-1]}]
        stakes:
          - id: talks
            title: Talks
            parties: [{actor: iran}]
        """) == [
        at(5, 13, "`roles[0]` in actor `iran` is missing required field `title`"),
        at(6, 17, "`relations[0]` in actor `iran` is missing required field `target`"),
        at(12, 15, "`location` in incident `strike` is missing required field `name`"),
        at(13, 14, "`actors[0]` in incident `strike` is missing required field `role`"),
        at(15, 14, "`claims[0]` in incident `strike` is missing required field `status`"),
        at(19, 15, "`parties[0]` in stake `talks` is missing required field `position`"),
    ]


def test_required_field_left_empty_is_reported_at_its_key():
    assert report("""\
        actors:
          - id: iran
            name:
            kind: state
        """) == [at(3, 5, "actor `iran` has an empty required field `name`")]


def test_optional_field_left_empty():
    assert report("""\
        sources:
          - id: reuters-2
            publisher: Reuters
            title:
        """) == [at(4, 11, "`title` is empty; write text or leave the field out")]


def test_empty_text():
    assert report("""\
        sources:
          - id: reuters-2
            publisher: '  '
        """) == [at(3, 16, "`publisher` is empty")]


# --- types -------------------------------------------------------------------


def test_value_yaml_reads_as_another_type_suggests_quoting():
    assert report("""\
        actors:
          - id: iran
            name: Iran
            kind: state
            country: NO
        incidents:
          - id: strike
            title: 2021
            date: 2021
            kind: yes
            location: {name: Erbil}
            sources: [reuters-1]
        """) == [
        at(5, 14, '`country` must be a country code, but YAML reads `NO` as a boolean; quote it: "NO"'),
        at(8, 12, '`title` must be text, but YAML reads `2021` as a number; quote it: "2021"'),
        at(10, 11, '`kind` must be text, but YAML reads `yes` as a boolean; quote it: "yes"'),
    ]


@pytest.mark.parametrize("written", ["No", "no"])
def test_a_country_code_yaml_reads_as_a_boolean_in_any_case_suggests_quoting_it_in_capitals(written):
    """`country: No` is YAML 1.1's false like `NO`, but got "did you mean `NO`?", and writing `NO` unquoted
    is the next error (a tester). FORMAT.md: such a value is a type error whose message suggests quoting it."""
    assert report(f"actors:\n  - id: a1\n    name: A1\n    kind: state\n    country: {written}\n") == [
        at(5, 14, f'`country` must be a country code, but YAML reads `{written}` as a boolean; '
                  f'quote it: "{written.upper()}"')]


def test_a_sheet_that_asks_for_yaml_1_2_gets_its_types():
    """`%YAML 1.2` (the core schema): `NO` and `yes` are text, `0777` is 777 and `010` is 10; YAML 1.1's
    reading of the same sheet would give a boolean country, a boolean kind and octal numbers."""
    sheet = """\
        %YAML 1.2
        ---
        actors:
          - id: norway
            name: Norway
            kind: state
            country: NO
        incidents:
          - id: strike
            title: Strike
            date: 0777
            kind: yes
            location: {name: Oslo, country: NO}
            casualties: {killed: 010, wounded: 0o17}
            actors: [{actor: norway, role: target}]
            sources: [reuters-1]
        """
    assert report(sheet) == [at(14, 40, "`casualties.wounded` must be written in decimal digits: YAML reads `0o17` as 15")]
    project = check("briefings", use_cache=False)
    strike = project.entities["strike"].data
    assert (project.entities["norway"].data["country"], strike["kind"], strike["date"].iso()) == ("NO", "yes", "0777")
    assert strike["casualties"]["killed"] == 10
    assert not [p for p in project.problems if "0777" in p.message]  # YAML 1.2 reads 777: nothing to warn of
    assert report(sheet.replace("%YAML 1.2", "%YAML 1.1")) == [
        at(7, 14, '`country` must be a country code, but YAML reads `NO` as a boolean; quote it: "NO"'),
        at(12, 11, '`kind` must be text, but YAML reads `yes` as a boolean; quote it: "yes"'),
        at(13, 37, '`location.country` must be a country code, but YAML reads `NO` as a boolean; quote it: "NO"'),
        at(14, 26, "`casualties.killed` must be written in decimal digits: YAML reads `010` as 8; did you mean 10?"),
        at(14, 40, "`casualties.wounded` must be a whole number, not text")]  # YAML 1.1 has no `0o`
    assert report(sheet.replace("%YAML 1.2", "%YAML 1.3")) == [
        at(1, 1, "YAML syntax error: the `%YAML` line asks for a version this reader does not know (it reads 1.1 and "
                 "1.2); write `%YAML 1.2`, or remove the line")]


def test_no_quote_hint_where_quoting_would_not_help():
    # `kind: yes` on an actor is no actor kind even quoted; a boolean is no count.
    assert report("""\
        actors:
          - id: iran
            name: Iran
            kind: yes
        incidents:
          - id: strike
            title: Strike
            date: 2021
            kind: airstrike
            location: {name: Erbil, lat: true, lon: 1}
            casualties: {killed: true}
            sources: [reuters-1]
        """) == [
        at(4, 11, "`kind` must be one of person, state, government-body, armed-group, organization, "
                  "international-organization; got `yes`"),
        at(10, 34, "`location.lat` must be a number, not `true`"),
        at(11, 26, "`casualties.killed` must be a whole number, not `true`"),
    ]


def test_collection_where_a_value_is_expected():
    assert report("""\
        actors:
          - id: iran
            name: [Iran]
            kind: {a: b}
        """) == [
        at(3, 11, "`name` must be text, not a list"),
        at(4, 11, "`kind` must be one of person, state, government-body, armed-group, organization, "
                  "international-organization, not a mapping"),
    ]


# --- ids ---------------------------------------------------------------------

ID_RULE = "is not a valid id: use lowercase letters a-z, digits and single hyphens"


@pytest.mark.parametrize(("written", "message"), [
    ("Iran", f"`Iran` {ID_RULE}, e.g. `iran`"),
    ("'kataib hezbollah'", f"`kataib hezbollah` {ID_RULE}, e.g. `kataib-hezbollah`"),
    ("kataib--hezbollah", f"`kataib--hezbollah` {ID_RULE}, e.g. `kataib-hezbollah`"),
    ("-iran", f"`-iran` {ID_RULE}, e.g. `iran`"),
    ("iran-", f"`iran-` {ID_RULE}, e.g. `iran`"),
    ("é", f"`é` {ID_RULE}, e.g. `e`"),  # the accent dropped, as the id was likely meant
    ("a" * 81, f"id `{'a' * 20}…` is longer than 80 characters"),
])
def test_bad_id(written, message):
    assert report(f"""\
        sources:
          - id: {written}
            publisher: Reuters
        """) == [at(2, 9, message)]


def test_id_of_80_characters_is_accepted():
    assert report(f"""\
        sources:
          - id: {"a" * 80}
            publisher: Reuters
        """) == []


def test_duplicate_id_across_files_is_reported_at_the_second_in_sorted_path_order():
    # Written in the opposite order: files are read in sorted path order.
    write("briefing.yaml", """\
        actors:
          - id: iran
            name: Iran again
            kind: state
        """)
    write("actors/iran.yaml", """\
        actors:
          - id: iran
            name: Iran
            kind: state
        """)
    assert run() == [
        "briefings/briefing.yaml:2:5: duplicate id `iran`: already defined as an actor at briefings/actors/iran.yaml:2:5",
    ]


def test_duplicate_id_across_kinds_in_one_file():
    assert report("""\
        stakes:
          - id: us
            title: US
        """) == [at(2, 5, "duplicate id `us`: already defined as an actor at briefings/base.yaml:10:5")]


def test_a_place_as_text_an_id_as_a_mapping_and_a_full_stop_between_thousands_say_how_to_write_them():
    """`location: Balochistan`, a briefing's `- incident: coup` (as its `actors:` are written) and `wounded: 1.800`
    were refused with no hint (a tester)."""
    write("b.yaml", "briefing:\n  id: b\n  title: T\n  date: 2021-02-01\n  summary: S\n  incidents:\n"
                    "    - incident: coup\n  sources: [s1]\n")
    assert report("""\
        sources: [{id: s1, publisher: R}]
        incidents:
          - id: coup
            title: Coup
            date: 2021-02-01
            kind: coup
            location: Naypyidaw, Mandalay
            casualties: {wounded: 1.800, killed: 12.500.000, note: "1.5"}
            sources: [s1]
          - id: c3
            title: C3
            date: 2021-02-01
            kind: coup
            location: {name: Yangon}
            casualties: {killed: 12.000, wounded: 3.0}
            sources: [s1]
          - id: c2
            title: C2
            date: 2021-02-01
            kind: coup
            location: Yangon
            sources: [s1]
        """) == [
        "briefings/b.yaml:7:7: `incidents[0]` must be an id, not a mapping; write the id alone: `- coup`",
        at(7, 15, '`location` must be a mapping, not text; write `location: {name: "Naypyidaw, Mandalay"}`'),
        at(8, 27, "`casualties.wounded` must be a whole number, not `1.800`; if the `.` parts thousands, write 1800"),
        at(8, 42, "`casualties.killed` must be a whole number, not text; if the `.` parts thousands, write 12500000"),
        # twelve thousand: not "write 12" (a tester); `3.0` is 3
        at(15, 26, "`casualties.killed` must be a whole number, not `12.000`; if the `.` parts thousands, write 12000"),
        at(15, 43, "`casualties.wounded` must be a whole number, not `3.0`; write 3"),
        at(21, 15, "`location` must be a mapping, not text; write `location: {name: Yangon}`"),
    ]


def test_references_to_an_id_defined_twice_as_two_kinds_are_not_each_an_error():
    """A source given an actor's id in a sheet read first made every correct reference to the actor, in a sheet nobody
    touched, "a source, but this field must name an actor" (a tester): the duplicate is the one error."""
    write("a-sources.yaml", "sources:\n  - id: india\n    publisher: Government of India\n")
    write("b-actors.yaml", "actors:\n  - id: india\n    name: India\n    kind: state\n"
                           "  - id: delhi-police\n    name: Delhi Police\n    kind: government-body\n"
                           "    relations: [{type: part-of, target: india, sources: [india]}]\n")
    assert run() == ["briefings/b-actors.yaml:2:5: duplicate id `india`: already defined as a source at "
                     "briefings/a-sources.yaml:2:5"]
    # `India` where an actor's id goes is offered the actor, not `indian-air-force`
    write("c.yaml", "actors:\n  - id: indian-air-force\n    name: IAF\n    kind: armed-group\n"
                    "incidents:\n  - {id: i, title: I, date: 2019-02-26, kind: airstrike, location: {name: Balakot},\n"
                    "     sources: [india], actors: [{actor: India, role: perpetrator}]}\n")
    assert [line for line in run() if "`India`" in line] == [
        "briefings/c.yaml:7:41: `actors[0].actor`: `India` is not a valid id; ids use lowercase letters a-z, digits "
        "and single hyphens; did you mean `india`?"]


def test_a_duplicate_id_in_one_file_is_reported_at_its_second_definition_in_the_text():
    """FORMAT.md: at the second definition, in reading order, whatever order the file gives its kinds; the first keeps
    the id, so a reference to it is fine."""
    assert report("""\
        sources:
          - id: kirby
            publisher: Pentagon press office
        actors:
          - id: kirby
            name: John Kirby
            kind: person
        incidents:
          - id: inc
            title: Inc
            date: 2021-02-25
            kind: airstrike
            location: {name: Here}
            sources: [kirby]
        """) == [at(5, 5, "duplicate id `kirby`: already defined as a source at briefings/t.yaml:2:5")]


# --- plain YAML only -----------------------------------------------------------


def test_duplicate_key_names_the_first_line():
    assert report("""\
        sources:
          - id: reuters-2
            publisher: Reuters
            publisher: AP
        """) == [at(4, 5, "duplicate key `publisher` (first at line 3, column 5)")]


def test_anchors_and_aliases_are_refused():
    assert report("""\
        sources:
          - id: reuters-2
            publisher: &wire Reuters
          - id: reuters-3
            publisher: *wire
        """) == [
        at(3, 16, "YAML anchors (`&wire`) are not allowed; repeat the value instead"),
        at(5, 16, "YAML aliases (`*wire`) are not allowed; repeat the value instead"),  # and not "empty" besides
    ]


def test_merge_keys_are_refused():
    assert report("""\
        sources:
          - id: reuters-2
            publisher: Reuters
            <<: {kind: news}
        """) == [at(4, 5, "YAML merge keys (`<<`) are not allowed; repeat the values instead")]


@pytest.mark.parametrize("tag", ["!!python/object:os.system", "!!str", "!custom", "!"])
def test_tags_are_refused(tag):
    assert report(f"""\
        sources:
          - id: reuters-2
            publisher: {tag} Reuters
        """) == [at(3, 16, f"YAML tags (`{tag}`) are not allowed; write plain values")]


def test_two_documents_are_refused():
    assert report("""\
        sources:
          - id: reuters-2
            publisher: Reuters
        ---
        sources: []
        """) == [
        at(4, 1, "a fact sheet holds one YAML document; remove the `---` and what follows or move it to its own file"),
    ]


def test_a_doubled_start_marker_is_told_to_go_and_an_empty_last_document_is_nothing():
    """`---` twice at the top was told "remove the `---` and what follows", the sheet's whole text, which was not
    checked; a last `---` followed by comments alone was an error though it holds nothing (a tester)."""
    assert report("---\n# notes\n---\nsources:\n  - {id: reuters-2, publisher: 7}\n") == [
        at(3, 1, "the sheet starts again at this `---` after an empty YAML document: remove one of the `---` lines above "
                 "its values"),
        at(5, 32, "`publisher` must be text, but YAML reads `7` as a number; quote it: \"7\""),
    ]
    assert report("sources: []\n---\n# the rest is notes\n") == []
    assert report("sources: []\n---\nx: 1\n---\ny: 2\n") == [
        at(2, 1, "a fact sheet holds one YAML document; remove the `---` and what follows or move it to its own file")]


def test_one_explicit_document_is_fine():
    assert report("---\nsources: []\n...\n") == []


def test_yaml_syntax_error():
    assert report("""\
        sources:
          - id: reuters-2
            publisher: Reuters: the wire
        """) == [at(3, 23, "YAML syntax error: YAML reads this `:` as ending a key, where no key can start: if the value "
                           "holds `: `, quote the whole value (`name: \"Beirut: the port\"`); otherwise, check the "
                           "indentation")]


@pytest.mark.parametrize(("text", "line", "column", "message"), [
    # at the value's start, where the `*` or `&` the message names is (not where libyaml stopped: a tester)
    ("briefing:\n  summary: *Tatmadaw* seized power.\n", 2, 12, "YAML syntax error: a value that starts with `*` is "
     "read as a YAML alias; if it is text (Markdown emphasis, an HTML entity), quote the whole value"),
    ("briefing:\n  summary: &nbsp; is a space\n", 2, 12, "YAML syntax error: a value that starts with `&` is read as "
     "a YAML anchor; if it is text (Markdown emphasis, an HTML entity), quote the whole value"),
    (ACTOR + "    aliases: [*Hizballah]\n", 5, 15,
     '`*Hizballah` is read as a YAML alias, which is not allowed; if it is text, quote it (`"*Hizballah"`)'),
    (ACTOR + "    aliases: [Hezbollah [Lebanon]]\n", 5, 25, "YAML syntax error: while parsing a flow sequence did not "
     "find expected ',' or ']'; a comma may be missing between two items, or an item holds a bracket, a brace or a "
     "comma and must be quoted (`[\"Hezbollah [Lebanon]\"]`)"),
    (ACTOR + "    aliases: [#MeToo, Iran]\n", 5, 14, "YAML syntax error: the `[` that opens here is never closed (YAML "
     "read on to the end of the file, looking for its `]`); YAML reads `#MeToo, Iran]` as a comment, to the end of "
     "the line: quote an item that starts with `#` (`\"#MeToo\"`)"),
])
def test_text_yaml_reads_as_syntax_says_to_quote_it(text, line, column, message):
    """Prose written as it comes (Markdown emphasis, `&nbsp;`, a `: ` in a name, brackets or `#` in a list item)
    gave libyaml's words, or said to repeat an anchored value where there was none (a tester)."""
    assert report(text) == [at(line, column, message)]


def test_an_empty_value_followed_by_a_comment_says_so():
    """`title: #1 story of the day` is an empty title (YAML reads a comment), and the editor sees a title."""
    assert report("briefing:\n  id: b\n  title: #1 story of the day\n  date: 2021-02-01\n  summary: S.\n"
                  "  body: ## What happened\n  sources: [reuters-1]\n") == [
        at(3, 3, 'briefing `b` has an empty required field `title`; YAML reads `#1 story of the day` as a comment (a '
                 '`#` after a space starts one): quote the value, as in `title: "#1 story of the day"`'),
        at(6, 8, '`body` is empty; write Markdown text or leave the field out; YAML reads `## What happened` as a '
                 'comment (a `#` after a space starts one): quote the value, as in `body: "## What happened"`')]


def test_mapping_keys_must_be_text():
    assert report("? [a, b]\n: c\n") == [at(1, 3, "mapping keys must be plain text")]


# --- files ---------------------------------------------------------------------


@pytest.mark.parametrize(("content", "what"), [("", "is empty"), ("# just a note\n  # and another\n", "holds only comments"),
                                              ("\n \n", "is empty"), ("---\n# nothing yet\n", "holds only comments"),
                                              ("---\n...\n", "is empty")],
                         ids=["empty", "comments", "blank-lines", "empty-document", "markers"])
def test_empty_file_is_a_warning(content, what):
    assert report(content, warnings=True) == [at(1, 1, f"warning: file {what}; it adds nothing")]


def test_byte_order_mark_is_accepted():
    assert report(b"\xef\xbb\xbfsources: []\n") == []


def test_invalid_utf8_names_the_byte():
    assert report(b"sources:\n  - id: reuters-2\n    publisher: Caf\xe9\n") == [
        at(3, 19, "not UTF-8: byte 0xe9 at byte 45; save the file as UTF-8"),
    ]


@pytest.mark.parametrize(("char", "code"), [("\x00", "0000"), ("\x07", "0007"), ("\x85", "0085"), ("\x1b", "001B")])
def test_control_character_is_refused(char, code):
    assert report(f"sources:\n  - id: reuters-2\n    publisher: é{char}\n".encode()) == [
        at(3, 17, f"control character U+{code} at byte 44 is not allowed"),
    ]


def test_control_character_written_as_an_escape_is_refused():
    # Markdown placeholders use control characters: no escape may forge one.
    assert report("""\
        stakes:
          - id: talks
            title: "Talks\\x00"
            summary: "\\x02us\\x03"
        """) == [
        at(3, 12, "control character U+0000 (written as an escape) is not allowed"),
        at(4, 14, "control character U+0002 (written as an escape) is not allowed"),
    ]
    assert report("""\
        actors:
          - id: a1
            name: N
            kind: person
            aliases: ["\\uFFFE"]
        """) == [at(5, 15, "character U+FFFE (written as an escape) is not allowed")]  # one problem: not "empty" too
    assert report('actors:\n  - {id: a1, name: N, kind: person, aliases: ["\\uFDD0", "\\U0010FFFF"]}\n') == [
        at(2, 47, "character U+FDD0 (written as an escape) is not allowed"),
        at(2, 57, "character U+10FFFF (written as an escape) is not allowed")]  # every noncharacter, in every plane
    assert report("sources:\n  - id: s\n    publisher: a\ufdd0\n".encode()) == [
        at(3, 17, "character U+FDD0 at byte 35 is not allowed")]  # as written too


def test_file_larger_than_1_mib():
    assert report(b"#" * (1024 * 1024 + 1)) == [at(1, 1, "file is larger than 1024 KiB; split it")]


def test_a_leading_bom_is_not_counted_in_the_size_limit():
    """FORMAT.md: at most 1 MiB, a leading BOM ignored; a file of 1 MiB and its BOM was refused (a tester)."""
    body = b"# " + b"x" * (1024 * 1024 - 3) + b"\n"
    assert report(b"\xef\xbb\xbf" + body) == []
    assert report(b"\xef\xbb\xbf" + body + b"#") == [at(1, 1, "file is larger than 1024 KiB; split it")]


def test_file_of_exactly_1_mib_is_read():
    assert report(b"#" * (1024 * 1024), warnings=True) == [at(1, 1, "warning: file holds only comments; it adds nothing")]


def test_string_longer_than_the_limit():
    too_long = ("this value holds 100,001 characters, more than the 100,000 (about 15,000 words) a value may hold: "
                "shorten it, or move part of it to another field or briefing")
    assert report("sources:\n  - id: reuters-2\n    publisher: " + "x" * 100_001 + "\n") == [at(3, 16, too_long)]
    # One problem: the value was cut at the limit and checked, and a cut inside a wikilink was a second error.
    summary = "'" + " ".join(["[[kataib-hezbollah]]"] * 5000) + "'"  # 104,999 characters: cut inside the 4,762nd
    assert report(stake_summary(summary)) == [at(4, 14, too_long.replace("100,001", "104,999"))]
    long = "x" * 100_001  # nor is the field missing: a list of it does not "need an item", nor `lat` lack `lon`
    assert report(f"incidents:\n  - id: a\n    title: A\n    date: 2021\n    kind: k\n"
                  f"    location: {{name: X, lat: {long}, lon: 3}}\n    sources: [{long}]\n") == [
        at(6, 30, too_long), at(7, 15, too_long)]


def test_nesting_too_deep():
    assert report("sources:\n  - id: reuters-2\n    publisher: " + "[" * 40 + "]" * 40 + "\n") == [
        at(3, 16, "`publisher` must be text, not a list"),
        at(3, 45, "nested more than 32 levels deep"),  # the 33rd collection, counting the top-level mapping
    ]


@pytest.mark.parametrize("content", ["[" * 100_000, "{a: " * 50_000 + "}" * 50_000])
def test_absurdly_deep_flow_nesting_is_refused_quickly(content):
    # libyaml is quadratic in flow nesting; such text is refused before parsing.
    assert report(content) == [at(1, 33 if content[0] == "[" else 129, "nested more than 32 levels deep (more than "
                                  "1,000 `[` and `{` are open here, counted in text too, which YAML reads too slowly: "
                                  "write fewer)")]


def test_symbolic_link_leading_outside_is_an_error(tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "x.yaml").write_text("sources: []\n")
    os.symlink(outside / "x.yaml", "briefings/linked.yaml")
    os.symlink(outside, "briefings/linked-folder")
    assert run() == [
        "briefings/linked-folder:1:1: symbolic link leads outside the fact-sheet folder; refused",
        "briefings/linked.yaml:1:1: symbolic link leads outside the fact-sheet folder; refused",
    ]


def test_symbolic_link_loop_is_an_error_not_a_hang():
    write("a/x.yaml", "sources: []\n")
    os.symlink("..", "briefings/a/up")
    assert run() == ["briefings/a/up:1:1: symbolic link leads back into a folder that holds it; refused"]


SAME_FILE = "warning: the same file as `{}` (through a symbolic link), which is read; not read again here (each file is read once)"
SAME_FOLDER = ("warning: the same folder as `{}` (through a symbolic link), which is read; not read again here (each "
               "file is read once)")


def test_a_sheet_reached_through_a_link_inside_the_folder_is_read_once():
    """A link to a sheet of the folder read it twice: every id in it a duplicate of itself (found by a tester). The
    file is read at its own path (wherever the link sorts), else at the first path; the other paths are warned of
    (a link to a folder once, not at each of its sheets)."""
    write("b.yaml", "sources:\n  - {id: s1, publisher: R}\nbriefing: {id: b, title: T, date: 2021-02-25, summary: "
                    "S, sources: [s1]}\n")
    os.symlink("b.yaml", "briefings/a-link.yaml")  # sorts before its target
    write("real/s.yaml", "sources: [{id: s2, publisher: R}]\nactors: [{id: x, name: X, kind: state}]\n")
    os.symlink("real", "briefings/alias")  # a folder: each of its sheets the same file
    write("_draft.yaml", "sources: [{id: s3, publisher: R}]\n")  # not read at its own path: read at the first link
    write("c.yaml", "incidents: []\n")
    os.symlink("_draft.yaml", "briefings/z-2.yaml")
    os.symlink("_draft.yaml", "briefings/z-1.yaml")
    assert run() == []
    assert run(warnings=True) == [
        f"briefings/a-link.yaml:1:1: {SAME_FILE.format('briefings/b.yaml')}",
        f"briefings/alias:1:1: {SAME_FOLDER.format('briefings/real')}",
        "briefings/real/s.yaml:1:11: warning: source `s2` is not cited anywhere",
        "briefings/real/s.yaml:2:10: warning: actor `x` is not referenced by any page",
        "briefings/z-1.yaml:1:11: warning: source `s3` is not cited anywhere",
        f"briefings/z-2.yaml:1:1: {SAME_FILE.format('briefings/z-1.yaml')}",
    ]
    from briefkit.load import discover

    assert discover("briefings")[0] == ["briefings/b.yaml", "briefings/c.yaml", "briefings/real/s.yaml",
                                        "briefings/z-1.yaml"]


def test_discovery_stays_linear_with_thousands_of_sheets_and_links():
    """Each file read once is found with one dict, not by comparing every pair of paths."""
    import time

    from briefkit.load import discover

    os.makedirs("briefings/many")
    for number in range(6000):
        with open(f"briefings/many/s{number}.yaml", "w") as handle:
            handle.write("sources: []\n")
    os.symlink("many", "briefings/mirror")
    started = time.perf_counter()
    paths, problems = discover("briefings")
    assert len(paths) == 6000 and [p.path for p in problems] == ["briefings/mirror"]
    assert time.perf_counter() - started < 5  # about 0.1 s; comparing every pair would take minutes


def listed_folders(monkeypatch) -> list[str]:
    """The folders os.scandir lists from now on, in order (os.walk lists with it too)."""
    listed, scandir = [], os.scandir

    def counting(path="."):
        listed.append(os.fspath(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", counting)
    return listed


def test_links_between_folders_walk_each_folder_once(monkeypatch):
    """Folders r0…r10, each with a sheet and two links `a` and `b` to the next: following every link on every path
    listed 2^11 folders (2^30 took years), with a warning at each. Each folder is listed once, at its own path; each
    link to a folder listed already is one warning. A folder reached only through links is read, at the first link."""
    from briefkit.load import discover

    for number in range(11):
        write(f"r{number}/s.yaml", f"sources: [{{id: s{number}, publisher: P}}]\n")
        if number < 10:
            os.symlink(f"../r{number + 1}", f"briefings/r{number}/a")
            os.symlink(f"../r{number + 1}", f"briefings/r{number}/b")
    write("_shelf/x.yaml", "sources: [{id: x, publisher: P}]\n")  # ignored at its own path, read through a link
    os.symlink("../_shelf", "briefings/r6/shelf")
    os.symlink("../_shelf", "briefings/r5/shelf")
    listed = listed_folders(monkeypatch)
    paths, problems = discover("briefings")
    assert sorted(listed) == sorted(["briefings", "briefings/r5/shelf", *(f"briefings/r{n}" for n in range(11))])
    assert paths == sorted([f"briefings/r{n}/s.yaml" for n in range(11)] + ["briefings/r5/shelf/x.yaml"])
    links = [f"briefings/r{n}/{link}:1:1: {SAME_FOLDER.format(f'briefings/r{n + 1}')}" for n in range(10) for link in "ab"]
    assert sorted(format_text(p) for p in problems) == sorted(
        links + [f"briefings/r6/shelf:1:1: {SAME_FOLDER.format('briefings/r5/shelf')}"])
    assert run() == []


def test_folders_nested_too_deep_are_an_error_not_read(monkeypatch):
    """A chain of 1,000 folders `d/d/d/…` raised RecursionError in os.walk; past the limit, one error says so."""
    from briefkit.load import discover

    MAX_FOLDER_DEPTH = 100  # as README says (briefkit.load.MAX_FOLDER_DEPTH)
    os.makedirs(os.path.join("briefings", *["d"] * (MAX_FOLDER_DEPTH + 20)))
    for depth in range(1, MAX_FOLDER_DEPTH + 21):
        write("d/" * depth + "s.yaml", f"sources: [{{id: s{depth}, publisher: P}}]\n")
    listed = listed_folders(monkeypatch)
    paths, problems = discover("briefings")
    assert len(listed) == MAX_FOLDER_DEPTH + 1 and len(paths) == MAX_FOLDER_DEPTH  # the folder and 100 below it
    too_deep = "briefings" + "/d" * (MAX_FOLDER_DEPTH + 1)
    assert [format_text(p) for p in problems] == [
        f"{too_deep}:1:1: folders nested more than {MAX_FOLDER_DEPTH} deep; this folder and the sheets in it are not "
        "read (move them up)"]


def test_deep_folders_are_walked_without_recursion_and_in_linear_time(monkeypatch):
    """os.walk recurses per folder, and os.path.realpath on each path reads each of its folders (quadratic in depth:
    17 s at 900 levels): the walk keeps its own stack and finds a real path from its parent's."""
    import sys

    from briefkit import load

    depth = 400
    monkeypatch.setattr(load, "MAX_FOLDER_DEPTH", depth, raising=False)
    os.makedirs(os.path.join("briefings", *["d"] * depth))
    for level in range(1, depth + 1):
        write("d/" * level + "s.yaml", "sources: []\n")
    resolved, realpath = [], os.path.realpath
    monkeypatch.setattr(os.path, "realpath", lambda path, **options: resolved.append(path) or realpath(path, **options))
    frames, frame = 0, sys._getframe()
    while frame:
        frames, frame = frames + 1, frame.f_back
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(frames + 50)  # far fewer than the folders
    try:
        paths, problems = load.discover("briefings")
    finally:
        sys.setrecursionlimit(limit)
    assert len(paths) == depth and problems == [] and resolved == ["briefings"]


def test_a_sheet_that_is_no_file_is_an_error_not_skipped():
    """A link that leads nowhere or loops, or a pipe, named *.yaml: FORMAT.md reads every *.yaml file as a sheet."""
    write("ok.yaml", "sources: []\n")
    os.symlink("missing.yaml", "briefings/dangling.yaml")
    os.symlink("self.yaml", "briefings/self.yaml")
    os.symlink("loop-b.yaml", "briefings/loop-a.yaml")
    os.symlink("loop-a.yaml", "briefings/loop-b.yaml")
    os.mkfifo("briefings/pipe.yaml")  # never opened: a read would wait for a writer for good
    loops = "symbolic link loops (it leads back to itself, through links); refused"
    assert run() == [
        "briefings/dangling.yaml:1:1: symbolic link leads nowhere (`missing.yaml`); remove it or restore its file",
        f"briefings/loop-a.yaml:1:1: {loops}", f"briefings/loop-b.yaml:1:1: {loops}",
        "briefings/pipe.yaml:1:1: not a regular file (a pipe, a socket or a device); a fact sheet is a file",
        f"briefings/self.yaml:1:1: {loops}",
    ]


def test_a_folder_that_cannot_be_read_is_an_error_not_skipped(monkeypatch):
    """Its sheets would vanish without a word (the tests may run as root, who reads every folder: so it is made)."""
    write("ok.yaml", "sources: []\n")
    write("locked/x.yaml", "sources: [\n")
    scandir = os.scandir

    def refusing(path="."):
        if os.path.basename(os.fspath(path)) == "locked":
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refusing)
    assert run() == ["briefings/locked:1:1: cannot read folder: Permission denied"]


def test_files_and_folders_starting_with_underscore_or_dot_are_ignored():
    broken = "sources: [\n"
    for name in ("_draft.yaml", ".scratch.yaml", "_drafts/x.yaml", ".git/x.yaml", "notes.txt"):
        write(name, broken)
    write("ok.yml", "sources: []\n")
    assert run(warnings=True) == []


def test_a_sheet_named_in_capitals_is_not_read_and_says_so():
    """FORMAT.md reads `*.yaml` and `*.yml`; `X.YAML` (Windows tools write it) was skipped without a word."""
    write("LEBANON-ACTORS.YAML", "actors: [{id: hezbollah, name: Hezbollah, kind: armed-group}]\n")
    write("more.Yml", "sources: []\n")
    assert run() == []
    assert run(warnings=True) == [
        f"briefings/{name}:1:1: warning: not read: a fact sheet's name ends in lower-case .yaml or .yml; rename the file "
        "to read it" for name in ("LEBANON-ACTORS.YAML", "more.Yml")]


def test_a_sheet_whose_name_goes_on_after_its_suffix_is_not_read_and_says_so():
    """`b.yaml ` (a space typed in a save dialog), `c.yaml` and U+200B (pasted) and Notepad's `port.yaml.txt` look like
    sheets in a file manager and were dropped without a word (testers)."""
    for name in ("b.yaml ", "c.yaml\u200b", "d.yaml.", "port.yml.txt", "_draft.yaml ", "notes.txt"):
        write(name, "sources: []\n")
    said = "warning: not read: the name goes on after its .yaml or .yml with `{}`; rename the file to end in .yaml to " \
           "read it"
    assert run(warnings=True) == [f"briefings/b.yaml :1:1: {said.format('U+0020')}",
                                  f"briefings/c.yaml\\u200b:1:1: {said.format('U+200B')}",
                                  f"briefings/d.yaml.:1:1: {said.format('.')}",
                                  f"briefings/port.yml.txt:1:1: {said.format('.txt')}"]


# --- dates ---------------------------------------------------------------------


def incident(date: str, extra: str = "") -> str:
    """An incident sheet with the given `date` (line 4); `extra` (indented as a field) follows line 7."""
    return textwrap.dedent(f"""\
        incidents:
          - id: strike
            title: Strike
            date: {date}
            kind: airstrike
            location: {{name: Deir ez-Zor}}
            sources: [reuters-1]
        """) + extra


@pytest.mark.parametrize("date", ["2021-02-25", "2021-02", "2021", "'2021'", "'2021-02-25'", "1998", "2020-02-29"])
def test_full_and_partial_dates_are_accepted(date):
    assert report(incident(date)) == []


NOT_A_DATE = "is not a date; write YYYY-MM-DD, YYYY-MM or YYYY"


@pytest.mark.parametrize(("date", "message"), [
    ("2021-02-30", "`2021-02-30` is not a date: February 2021 has 28 days"),
    ("2021-02-29", "`2021-02-29` is not a date: February 2021 has 28 days"),
    ("2021-13", "`2021-13` is not a date: month 13 does not exist"),
    ("2021-13-01", "`2021-13-01` is not a date: month 13 does not exist"),
    ("0000", "`0000` is not a date: there is no year 0"),
    ("25/02/2021", f"`25/02/2021` {NOT_A_DATE}; did you mean `2021-02-25`?"),
    ("2021-2-5", f"`2021-2-5` {NOT_A_DATE}; did you mean `2021-02-05`?"),
    ("2021-02-25T10:00:00", f"`2021-02-25T10:00:00` {NOT_A_DATE}; did you mean `2021-02-25`?"),
    ("20210225", f"`20210225` {NOT_A_DATE}"),
    ("2021.5", f"`2021.5` {NOT_A_DATE}"),
    ("２０２１-０２-２５", f"`２０２１-０２-２５` {NOT_A_DATE}; did you mean `2021-02-25`?"),  # fullwidth: `\d` matches them
    ("٢٠٢١", f"`٢٠٢١` {NOT_A_DATE}; did you mean `2021`?"),  # Arabic-Indic digits
    # typed with a Japanese input method: offered `2010` alone, a known day dropped (a tester)
    ("２０１０/９/７", f"`２０１０/９/７` {NOT_A_DATE}; did you mean `2010-09-07`?"),
    ("２０１０−０９−０７", f"`２０１０−０９−０７` {NOT_A_DATE}; did you mean `2010-09-07`?"),
    ("２０１０年９月７日", f"`２０１０年９月７日` {NOT_A_DATE}; did you mean `2010-09-07`?"),
    ("2010년 9월", f"`2010년 9월` {NOT_A_DATE}; did you mean `2010-09`?"),
    # a day of three digits read as day 250 asked for its own hint again, for ever: a RecursionError (a tester)
    ("2021-02-250", f"`2021-02-250` {NOT_A_DATE}"), ("250/02/2021", f"`250/02/2021` {NOT_A_DATE}"),
    # spaces in the date gave its year alone (a tester)
    ("2021 年 2 月 25 日", f"`2021 年 2 月 25 日` {NOT_A_DATE}; did you mean `2021-02-25`?"),
    ("2021 02 25", f"`2021 02 25` {NOT_A_DATE}; did you mean `2021-02-25`?"),
    ("2010 approx", f"`2010 approx` {NOT_A_DATE}; did you mean `2010`?"),
    ("2021 " * 20, f"`{('2021 ' * 20)[:60]}…` {NOT_A_DATE}"),
    # Thai papers' Buddhist Era and Iran's Solar Hijri were offered digit for digit: 531 and 621 years off (a tester)
    ("๒๕๕๗-๐๕-๒๒", f"`๒๕๕๗-๐๕-๒๒` {NOT_A_DATE}; did you mean `2014-05-22`? (the Buddhist Era's 2557, Thailand's "
                   "calendar, is 2014)"),
    ("۱۴۰۱-۰۶-۲۵", f"`۱۴۰۱-۰۶-۲۵` {NOT_A_DATE}; it reads as a date of a Hijri calendar (Iran's papers write the "
                   "solar one, others the lunar): write its Gregorian date"),
    # a lunar year, in Arabic-Indic digits: offered `1445-03-12` (a reviewer)
    ("١٤٤٥-٠٣-١٢", f"`١٤٤٥-٠٣-١٢` {NOT_A_DATE}; it reads as a date of a Hijri calendar (Iran's papers write the "
                   "solar one, others the lunar): write its Gregorian date"),
    ("๒๐๑๔", f"`๒๐๑๔` {NOT_A_DATE}; did you mean `2014`?"),  # a Gregorian year in Thai digits
    # Nepal's, Bangladesh's and Myanmar's calendars in their digits, offered digit for digit (a tester); a Gregorian
    # year in Devanagari digits, as Indian papers write it, is one
    ("२०७९-०८-१०", f"`२०७९-०८-१०` {NOT_A_DATE}; it reads as a date of the Bikram Sambat, Nepal's calendar (about 57 "
                   "years ahead of the Gregorian): write its Gregorian date"),
    ("১৪২৪-০৫-২৬", f"`১৪২৪-০৫-২৬` {NOT_A_DATE}; it reads as a date of the Bangla calendar (about 593 years behind the "
                   "Gregorian): write its Gregorian date"),
    ("၁၃၇၉-၀၆-၀၅", f"`၁၃၇၉-၀၆-၀၅` {NOT_A_DATE}; it reads as a date of the Myanmar Era, Myanmar's calendar (about 638 "
                   "years behind the Gregorian): write its Gregorian date"),
    ("२०२१-०२-२६", f"`२०२१-०२-२६` {NOT_A_DATE}; did you mean `2021-02-26`?"),
    # day first, as Thai dates are written (offered digit for digit: a reviewer); a day the year lacks, not offered
    ("๒๒/๐๕/๒๕๕๗", f"`๒๒/๐๕/๒๕๕๗` {NOT_A_DATE}; did you mean `2014-05-22`? (the Buddhist Era's 2557, Thailand's "
                   "calendar, is 2014)"),
    ("๒๕๕๗-๐๒-๓๐", f"`๒๕๕๗-๐๒-๓๐` {NOT_A_DATE}"),
    # a comma after the month (a tester)
    ("6 April, 1994", f"`6 April, 1994` {NOT_A_DATE}; did you mean `1994-04-06`?"),
    ("April, 1994", f"`April, 1994` {NOT_A_DATE}; did you mean `1994-04`?"),
])
def test_bad_date(date, message):
    assert report(incident(date)) == [at(4, 11, f"`date`: {message}")]


def test_a_year_after_2100_is_a_warning():
    """`2557-05-22`, a Thai paper's Buddhist Era year in ASCII digits, passed and led the home page and every feed for
    five centuries (a tester): a year after 2100 is a warning, with the Gregorian year when it may be of that era."""
    assert report(incident("2557-05-22"), warnings=True) == [
        at(4, 11, "warning: `date`: the year 2557 is after 2100: is it a year of another calendar, or a typo? (the "
                  "Buddhist Era's 2557, Thailand's calendar, is 2014)")]
    assert report(incident("3022-02-24"), warnings=True) == [
        at(4, 11, "warning: `date`: the year 3022 is after 2100: is it a year of another calendar, or a typo?")]
    assert report(incident("2100-12-31"), warnings=True) == []


def test_end_date_before_date():
    assert report(incident("2021-02-25", "    end_date: 2021-02-24\n")) == [
        at(8, 15, "`end_date` (2021-02-24) is before `date` (2021-02-25)"),
    ]


@pytest.mark.parametrize("end", ["2021-02", "2021", "2021-02-25"])
def test_partial_end_date_inside_the_start_period_is_fine(end):
    assert report(incident("2021-02-25", f"    end_date: {end}\n")) == []


def test_partial_end_date_before_the_start_period():
    assert report(incident("2021-02-25", "    end_date: 2021-01\n")) == [
        at(8, 15, "`end_date` (2021-01) is before `date` (2021-02-25)"),
    ]


def test_updated_before_date():
    assert report("""\
        briefing:
          id: b
          title: T
          date: 2021-02-25
          updated: 2021-02-24
          summary: s
          sources: [reuters-1]
        """) == [at(5, 12, "`updated` (2021-02-24) is before `date` (2021-02-25)")]


def test_role_to_before_from():
    assert report("""\
        actors:
          - id: biden
            name: Joe Biden
            kind: person
            roles:
              - title: President
                of: us
                from: 2021-01-20
                to: 2020
        """) == [at(9, 13, "`roles[0].to` (2020) is before `roles[0].from` (2021-01-20)")]


# --- fixed sets of words -------------------------------------------------------------


def test_enums_name_their_values_and_suggest_the_closest():
    assert report("""\
        sources:
          - id: reuters-2
            publisher: Reuters
            kind: newz
        actors:
          - id: iran
            name: Iran
            kind: armed group
            relations: [{type: backs, target: us}]
        incidents:
          - id: strike
            title: Strike
            date: 2021
            kind: airstrike
            location: {name: Erbil, precision: exakt}
            actors: [{actor: iran, role: perpetrater}]
            sources: [reuters-2]
            claims:
              - text: t
                status: confirmd
                sources: [reuters-2]
        """) == [
        at(4, 11, "`kind` must be one of news, official, analysis, social, other; got `newz`; did you mean `news`?"),
        at(8, 11, "`kind` must be one of person, state, government-body, armed-group, organization, "
                  "international-organization; got `armed group`; did you mean `armed-group`?"),
        at(9, 24, "`relations[0].type` must be one of member-of, leads, speaks-for, backed-by, allied-with, "
                  "opposes, part-of; got `backs`; `backs` is the other side of `backed-by`: write the relation on the "
                  "actor `target` names, as `type: backed-by` with this actor as its `target`"),
        at(15, 40, "`location.precision` must be one of exact, approximate, region; got `exakt`; did you mean `exact`?"),
        at(16, 34, "`actors[0].role` must be one of perpetrator, alleged-perpetrator, target, responder, victim, "
                   "other; got `perpetrater`; did you mean `perpetrator`?"),
        at(20, 17, "`claims[0].status` must be one of confirmed, reported, claimed, alleged, disputed, denied; "
                   "got `confirmd`; did you mean `confirmed`?"),
    ]


# --- countries, coordinates, counts, patterns, URLs -----------------------------------------

ISO = 'must be an assigned ISO 3166-1 alpha-2 code such as "IQ"'


@pytest.mark.parametrize(("written", "message"), [
    ("XX", f"`country` {ISO}, not `XX`"),
    ("iq", f"`country` {ISO}, not `iq`; did you mean `IQ`?"),
    ("IRQ", f"`country` {ISO}, not `IRQ`; did you mean `IQ`?"),  # ISO's 3-letter code
    ("'UK'", f"`country` {ISO}, not `UK`; did you mean `GB`?"),  # the UK's own code: ISO's is GB
    ("KSA", f"`country` {ISO}, not `KSA`; did you mean `SA`?"),  # the Kingdom of Saudi Arabia, as the press writes it
    ("'UA '", f"`country` {ISO}, not `UA `; did you mean `UA`?"),  # copied with its space (a tester)
    ("'I Q'", f"`country` {ISO}, not `I Q`; did you mean `IQ`?"),
])
def test_country_must_be_an_assigned_iso_code(written, message):
    assert report(f"""\
        actors:
          - id: iran
            name: Iran
            kind: state
            country: {written}
        """) == [at(5, 14, message)]


def location(loc: str) -> str:
    return incident("2021", f"    location: {loc}\n").replace("    location: {name: Deir ez-Zor}\n", "", 1)


@pytest.mark.parametrize(("loc", "column", "message"), [
    ("{name: Erbil, lat: 36.2}", 34, "`location.lat` is given without `location.lon`; give both or neither"),
    ("{name: Erbil, lon: 44}", 34, "`location.lon` is given without `location.lat`; give both or neither"),
    ("{name: Erbil, lat: 91, lon: 44}", 34, "`location.lat` must be between -90 and 90, not 91"),
    ("{name: Erbil, lat: 90.0000001, lon: 44}", 34, "`location.lat` must be between -90 and 90, not 90.0000001"),
    ("{name: Erbil, lat: 36, lon: 180.0000000000000000000001}", 43,
     "`location.lon` must be between -180 and 180, not 180.0000000000000000000001"),  # no float rounds it in
    ("{name: Erbil, lat: 36, lon: -181}", 43, "`location.lon` must be between -180 and 180, not -181"),
    ("{name: Erbil, lat: '36', lon: 44}", 34, "`location.lat` must be a number, not text; remove the quotes: 36"),
    ("{name: Erbil, lat: 36, lon: \"44.01\"}", 43, "`location.lon` must be a number, not text; remove the quotes: 44.01"),
    # YAML 1.1 reads a float only with digits before its point: `-.5` is text, and the message says how to write it.
    ("{name: Erbil, lat: -.5, lon: 44}", 34, "`location.lat` must be a number, not text; YAML reads `-.5` as text: write -0.5"),
    ("{name: Erbil, lat: 36, lon: 4.4e1}", 43, "`location.lon` must be a number, not text; YAML reads `4.4e1` as text: write 44"),
    ("{name: Erbil, lat: 36 N, lon: 44}", 34, "`location.lat` must be a number, not text"),  # no number to offer
    # A decimal comma (a tester): quoted, it is text; in a flow mapping, YAML splits the number at it.
    ("{name: Erbil, lat: '36,25', lon: 44}", 34,
     "`location.lat` must be a number, not text; write 36.25 (a decimal point, not a comma)"),
    ("{name: Erbil, lat: 36, lon: 44,01}", 46, "unknown field `01` in location; YAML reads `44,01` as the number 44 "
                                               "and a field `01`: write 44.01 (a decimal point, not a comma)"),
    ("{name: Erbil, lat: '1e3', lon: 44}", 34, "`location.lat` must be a number, not text"),  # 1000: out of range
    ("{name: Erbil, lat: [], lon: 44}", 34, "`location.lat` must be a number, not a list"),
    ("{name: Erbil, lat: 36, lon: {deg: 44}}", 43, "`location.lon` must be a number, not a mapping"),
    ("{name: Erbil, lat: 1e999999999, lon: 44}", 34, "`location.lat` must be a number, not text"),  # nor a billion digits
    ("{name: Erbil, lat: .nan, lon: 44}", 34, "`location.lat` must be a number, not `.nan`"),
    # An int beyond any float: its message must not convert it (OverflowError), nor print all its digits.
    ("{name: Erbil, lat: 1" + "0" * 400 + ", lon: 44}", 34, "`location.lat` must be between -90 and 90, not 100000… (401 digits)"),
    ("{name: Erbil, lat: 36, lon: -" + "7" * 400 + "}", 43, "`location.lon` must be between -180 and 180, not -777777… (400 digits)"),
    # Past Python's 4,300 digits an int cannot be read at all: one problem, from the loader.
    ("{name: Erbil, lat: " + "9" * 5000 + ", lon: 44}", 34,
     "cannot read `" + "9" * 80 + "…` (5000 characters) as a number; if it is text, quote it"),
    ("{name: Erbil, country: iq}", 38, f"`location.country` {ISO}, not `iq`; did you mean `IQ`?"),
    # YAML 1.1 reads a leading zero as base 8, `0x` as 16 and `1:30` as base 60: what shows is not what is read.
    ("{name: Erbil, lat: 036, lon: 44}", 34, "`location.lat` must be written in decimal digits: YAML reads `036` as 30; "
                                             "did you mean 36?"),
    ("{name: Erbil, lat: 36, lon: 0x2C}", 43, "`location.lon` must be written in decimal digits: YAML reads `0x2C` as 44; "
                                              "did you mean 44?"),
    ("{name: Erbil, lat: 36:11, lon: 44}", 34, "`location.lat` must be written in decimal digits: YAML reads `36:11` as 2171"),
])
def test_location(loc, column, message):
    assert report(location(loc)) == [at(7, column, message)]


@pytest.mark.parametrize(("casualties", "message"), [
    ("{killed: -1}", "`casualties.killed` must not be negative"),
    ("{killed: 1.5}", "`casualties.killed` must be a whole number, not `1.5`"),
    ("{killed: 9.0}", "`casualties.killed` must be a whole number, not `9.0`; write 9"),
    ("{killed: true}", "`casualties.killed` must be a whole number, not `true`"),
    ("{killed: '3'}", "`casualties.killed` must be a whole number, not text; remove the quotes: 3"),
    ("{killed: '-5'}", "`casualties.killed` must be a whole number, not text"),  # -5 would be refused next: no hint
    ("{killed: '1,200'}", "`casualties.killed` must be a whole number, not text; remove the quotes: 1200"),
    ("{killed: 1e3}", "`casualties.killed` must be a whole number, not text; YAML reads `1e3` as text: write 1000"),
    ("{killed: about 3}", "`casualties.killed` must be a whole number, not text; for an estimate or a range, write "
     "the lowest figure the sources agree on (or leave the field out) and give the estimate in `casualties.note`"),
    ("{killed: [3]}", "`casualties.killed` must be a whole number, not a list"),
    ("{killed: 1.25e0}", "`casualties.killed` must be a whole number, not text"),  # 1.25: no whole number to offer
    # Published as 8, 16 and 2 killed, once: YAML 1.1's bases.
    ("{killed: 010}", "`casualties.killed` must be written in decimal digits: YAML reads `010` as 8; did you mean 10?"),
    ("{killed: 0x10}", "`casualties.killed` must be written in decimal digits: YAML reads `0x10` as 16; did you mean 16?"),
    ("{killed: 0b10}", "`casualties.killed` must be written in decimal digits: YAML reads `0b10` as 2; did you mean 2?"),
])
def test_casualties_are_non_negative_whole_numbers(casualties, message):
    assert report(incident("2021", f"    casualties: {casualties}\n")) == [at(8, 26, message)]


def test_casualties_with_thousands_separators_say_how_to_write_them():
    assert report(incident("2021", "    casualties:\n      killed: 1,200\n")) == [
        at(9, 15, "`casualties.killed` must be a whole number, not text; YAML reads `1,200` as text: write 1200")]


def test_casualties_with_a_thousands_comma_in_a_flow_mapping_say_how_to_write_them():
    """`{killed: 1,200}`: YAML reads `killed: 1` and a field `200`; the message said only "unknown field `200`"."""
    assert report(incident("2021", "    casualties: {killed: 1,200}\n")) == [
        at(8, 28, "unknown field `200` in casualties; YAML reads `1,200` as the number 1 and a field `200`: "
                  "write 1200 (no comma)")]


def test_casualties_beyond_python_int_digits_are_one_problem():
    assert report(incident("2021", f"    casualties: {{killed: {'9' * 5000}}}\n")) == [
        at(8, 26, "cannot read `" + "9" * 80 + "…` (5000 characters) as a number; if it is text, quote it")]


def test_casualties_of_zero_are_fine():
    assert report(incident("2021", "    casualties: {killed: 0, wounded: 12}\n")) == []
    assert report(incident("2021", "    casualties: {killed: +0, wounded: 1_200}\n")) == []  # read as they look


@pytest.mark.parametrize(("field", "written", "column", "message"), [
    ("reliability", "G", 18, "`reliability` must be one letter from A to F, such as `B`, not `G`"),
    ("reliability", "a", 18, "`reliability` must be one letter from A to F, such as `B`, not `a`; did you mean `A`?"),
    ("url", "'javascript:alert(1)'", 10, "`url` must be an http:// or https:// URL, not `javascript:alert(1)`"),
    ("url", "ftp://example.org/a", 10, "`url` must be an http:// or https:// URL, not `ftp://example.org/a`"),
    ("url", "'https:///no-host'", 10, "`url` must be an http:// or https:// URL, not `https:///no-host`"),
    ("url", "//example.org/a", 10, "`url` must be an http:// or https:// URL, not `//example.org/a`"),
    ("url", "example.org", 10, "`url` must be an http:// or https:// URL, not `example.org`"),
    ("url", "'https://example.org/a b'", 10,
     "`url` must be an http:// or https:// URL, not `https://example.org/a b`: it holds a space, which no URL holds"),
    # found by a tester: a port out of range, an invisible character (both looked like links and led nowhere)
    ("url", "'https://example.org:99999/a'", 10,
     "`url` must be an http:// or https:// URL, not `https://example.org:99999/a`: its port is not a number from 0 to 65535"),
    ("url", "'https://exa\u200bmple.org/a'", 10,
     "`url` must be an http:// or https:// URL, not `https://exa\\u200bmple.org/a`: it holds U+200B, which no URL holds"),
    ("url", "'https://example.org/\u202eevil'", 10,
     "`url` must be an http:// or https:// URL, not `https://example.org/\\u202eevil`: it holds U+202E, which no URL holds"),
])
def test_source_field(field, written, column, message):
    assert report(f"""\
        sources:
          - id: reuters-2
            publisher: Reuters
            {field}: {written}
        """) == [at(4, column, message)]


def test_wikidata_must_be_q_and_digits():
    assert report("""\
        actors:
          - id: iran
            name: Iran
            kind: state
            wikidata: X12
        """) == [at(5, 15, "`wikidata` must be `Q` followed by digits, such as `Q794`, not `X12`")]
    assert report("""\
        actors:
          - {id: iran, name: Iran, kind: state, wikidata: Q0}
          - {id: iraq, name: Iraq, kind: state, wikidata: Q042}
        """) == []  # FORMAT.md: `Q` followed by digits, whatever they are


# --- links in Markdown ---------------------------------------------------------------

SCHEME = "is not allowed; use http:, https:, mailto:, a relative path or #anchor"


def stake_summary(written: str) -> str:
    """A stake whose summary (line 4, value from column 14) is written as given."""
    return "stakes:\n  - id: talks\n    title: Talks\n    summary: " + written + "\n"


def test_a_link_to_a_page_that_does_not_exist_is_an_error_at_the_link():
    """A relative link to an entity's page, or to a heading of the field's own page, is checked like a wikilink
    (it was published dead; only `make linkcheck` found it, in the HTML)."""
    sheet = """\
        briefing:
          id: b2
          title: B
          date: 2021
          sources: [reuters-1]
          summary: >-
            See [them](../../actors/kataib-hezbolah/), [us](/actors/us/), [it](../../actors/erbil-attack/),
            [the note](#h_analysys), [the wire](../../sources/#reuters-1) and [the list](../../actors/by_kind/).
          claims:
            - text: "[Erbil](../../incidents/erbil-attack/#h_x) and [up](#h_analysis)."
              status: reported
              sources: [reuters-1]
            - text: "[K](/actors/Kataib-Hezbollah/), [US](../../actors/u%73/), [C](#h_café), [D](index.html#h_nowhere)."
              status: reported
              sources: [reuters-1]
            - text: "[again](#h_analysis-1), [by name](/actors/united-states/), [X](/stakes/nuclear-talk/), [S](/actors/us), [T](/sources/#main_content)."
              status: reported
              sources: [reuters-1]
          body: |
            ## Analysis

            ## Café

            ## Analysis

            See [more](#h_analysis-2) and [less](/actors/index.html).
        """
    assert report(sheet) == [
        at(7, 16, "`summary`: link to the page of actor `kataib-hezbolah`, which does not exist; "
                  "did you mean `kataib-hezbollah`?"),
        at(7, 72, "`summary`: link to the page of actor `erbil-attack`: `erbil-attack` is an incident, whose page is "
                  "`/incidents/erbil-attack/`"),
        at(13, 18, "`claims[1].text`: link to the page of actor `Kataib-Hezbollah`, which does not exist; "
                   "did you mean `kataib-hezbollah`?"),  # the field as other messages name it, index and all
        at(16, 48, "`claims[2].text`: link to the page of actor `united-states`, which does not exist; "
                   "did you mean `us`?"),  # its name, as an id
        at(16, 77, "`claims[2].text`: link to the page of stake `nuclear-talk`, which does not exist; "
                   "did you mean `nuclear-talks`?"),
    ]
    # A heading the page does not have is a warning (other entities' text on the page may move); the page numbers
    # its repeated headings in page order: `## Analysis` twice is `#h_analysis` and `#h_analysis-1`, and no
    # `#h_analysis-2` (it passed, and led nowhere: found by a tester); `/actors/index.html` is a file, no actor.
    warned = [line for line in report(sheet, warnings=True) if "warning:" in line]
    assert warned == [
        at(8, 16, "warning: `summary`: link to `#h_analysys`, a heading this entity's page does not have; "
                  "did you mean `h_analysis`?"),
        at(13, 90, "warning: `claims[1].text`: link to `#h_nowhere`, a heading this entity's page does not have"),
        # a warning, as FORMAT.md takes relative paths, and most servers add the `/` (a tester); the page exists
        at(16, 105, "warning: `claims[2].text`: link to `/actors/us`: a page's address ends with `/`: write "
                    "`/actors/us/` (without it, the link works only where the server adds it)"),
        at(26, 16, "warning: `body`: link to `#h_analysis-2`, a heading this entity's page does not have; "
                   "did you mean `h_analysis-1`?"),
    ]


def test_a_heading_link_with_decomposed_accents_is_told_so():
    """`#h_la-investigación` pasted with `o` and U+0301 (macOS) was offered `h_la-investigación`, printed alike (a
    tester): the hint says what differs."""
    decomposed = "h_la-investigacio\u0301n"
    sheet = stake_summary(f"|\n      See [the inquiry](#{decomposed}).\n\n      ## La investigación")
    warned = [line for line in report(sheet, warnings=True) if "warning:" in line and "heading" in line]
    hint = ("the page's heading id differs only in how its accented letters are encoded (one written decomposed, as "
            "text pasted from macOS can be): retype the accents in the link and in the heading")
    assert warned == [at(5, 25, f"warning: `summary`: link to `#{decomposed}`, a heading this entity's page does not "
                                f"have; {hint}")]
    # the other way round: the heading pasted decomposed, the link typed (a tester)
    sheet = stake_summary("|\n      See [the inquiry](#h_la-investigación).\n\n      ## La investigacio\u0301n")
    warned = [line for line in report(sheet, warnings=True) if "warning:" in line and "heading" in line]
    assert warned == [at(5, 25, "warning: `summary`: link to `#h_la-investigación`, a heading this entity's page does "
                                f"not have; {hint}")]


def test_an_end_that_says_nothing_after_the_start_is_a_warning():
    """`end_date: 2021-03` after `date: 2021-03-15` passed without a word, and the pages showed one day (a tester): a
    later date that does not begin after the earlier one is left out of pages and files (README), and
    now said so at its place, for an incident's end, a role's `to` and a briefing's `updated`."""
    sheet = """\
        actors:
          - {id: x, name: X, kind: person, roles: [{title: Chief, from: 2021-03-15, to: 2021-03}]}
        incidents:
          - {id: i1, title: Siege, date: 2021-03-15, end_date: 2021-03, kind: siege, location: {name: Erbil},
             sources: [reuters-1]}
          - {id: i2, title: Siege, date: 2021-03, end_date: 2021-03-20, kind: siege, location: {name: Erbil},
             sources: [reuters-1]}
          - {id: i3, title: Siege, date: 2021-03-15, end_date: 2021-03-15, kind: siege, location: {name: Erbil},
             sources: [reuters-1]}
        """
    warned = [line for line in report(sheet, warnings=True) if "is not shown" in line]
    later = "write the later date it means, to the day if known, or leave it out"
    assert warned == [
        at(2, 81, f"warning: `roles[0].to` (2021-03) is not shown: it does not begin after `roles[0].from` "
                  f"(2021-03-15) does, so it tells nothing later; {later}"),
        at(4, 56, f"warning: `end_date` (2021-03) is not shown: it does not begin after `date` "
                  f"(2021-03-15) does, so it tells nothing later; {later}"),
        at(8, 56, f"warning: `end_date` (2021-03-15) is not shown: it does not begin after `date` "
                  f"(2021-03-15) does, so it tells nothing later; {later}"),
    ]


def test_a_briefing_updated_the_day_it_was_published_shows_it():
    """`updated` on the day of `date` was "not shown: … tells nothing later" (a tester): a same-day update is news,
    where an incident ending the day it began is one day. A month that holds the date still says nothing."""
    from briefkit.dates import PartialDate, shown_update

    day = PartialDate(2023, 8, 31)
    assert shown_update(day, PartialDate(2023, 8, 31)) == day and shown_update(day, PartialDate(2023, 8)) is None
    assert report("briefing:\n  id: b\n  title: T\n  date: 2023-08-31\n  updated: 2023-08-31\n  summary: S.\n"
                  "  sources: [reuters-1]\n", warnings=True) == []


def test_a_caret_or_bang_before_a_wikilink_leaves_it_a_wikilink():
    """`^[[id]]` was an inline footnote holding `[id]`, and `![[id]](url)` an image labelled `[id]`: the id never
    checked or linked (a tester). A whole `[[…]]` is always a wikilink; `^[[[id]] text]` is a note holding one."""
    problems = report(stake_summary("'Blamed^[[no-such]] and ![[nope]](https://a.example/p.jpg), ^[[[also-not]] a note]'"))
    assert [problem.split(";")[0] for problem in problems] == [
        at(4, 22, "unknown id `no-such`: no entity has this id"), at(4, 39, "unknown id `nope`: no entity has this id"),
        at(4, 76, "unknown id `also-not`: no entity has this id")]


def test_an_unknown_id_that_spells_a_name_suggests_its_entity():
    """`[[united-states]]` or `actor: rocket-attack-on-erbil`: a name or title written as an id."""
    assert report(stake_summary("'[[united-states]] and [[Rocket attack on Erbil]]'")) == [
        at(4, 15, "unknown id `united-states`: no entity has this id; did you mean `us`?"),
        at(4, 37, "`summary`: wikilink `[[Rocket attack on Erbil]]` does not name an id; ids use lowercase letters "
                  "a-z, digits and single hyphens; did you mean `erbil-attack`?"),
    ]


def test_a_name_in_another_script_or_with_marks_is_found_from_its_ascii_spelling():
    write("base.yaml", BASE)
    write("t.yaml", "actors:\n  - {id: jn, name: José Núñez, kind: person}\n  - {id: kh, name: \"Kata'ib Hizb\", "
                    "kind: armed-group}\n" + stake_summary("'[[jose-nunez]] and [[kataib-hizb]]'"))
    assert [line.split(": ", 1)[1] for line in run()] == [
        "unknown id `jose-nunez`: no entity has this id; did you mean `jn`?",
        "unknown id `kataib-hizb`: no entity has this id; did you mean `kh`?"]


def test_an_actor_only_linked_to_is_referenced():
    """A link to its page names no one (no "Mentioned in"), but it is no actor "not referenced by any page"."""
    write("base.yaml", BASE)
    write("t.yaml", "actors:\n  - {id: lonely, name: Lonely, kind: person}\n"
                    "sources:\n  - {id: wire, publisher: W}\n"
                    + stake_summary("'[them](../../actors/lonely/) and [it](../../sources/#wire)'"))
    assert not [line for line in run(warnings=True) if "`lonely`" in line or "`wire`" in line]


@pytest.mark.parametrize(("written", "column", "reason"), [
    ("'[x](javascript:alert(1))'", 19, f"link scheme `javascript:` {SCHEME}"),
    ("'[x](JaVaScRiPt:alert(1))'", 19, f"link scheme `JaVaScRiPt:` {SCHEME}"),
    ("'[x](data:text/html,hi)'", 19, f"link scheme `data:` {SCHEME}"),
    ("'[x](vbscript:msgbox)'", 19, f"link scheme `vbscript:` {SCHEME}"),
    ("'[x](file:///etc/passwd)'", 19, f"link scheme `file:` {SCHEME}"),
    ("'[x](//evil.example/x)'", 19, "link `//evil.example/x` leaves out the scheme; write https://…"),
    ("'[x](<javascript:a>)'", 20, f"link scheme `javascript:` {SCHEME}"),
    ("'[x]( javascript:a )'", 20, f"link scheme `javascript:` {SCHEME}"),
    ("'see <javascript:alert(1)>'", 20, f"link scheme `javascript:` {SCHEME}"),
    ("'<https://ok.example> <ftp://x>'", 37, f"link scheme `ftp:` {SCHEME}"),
    ("'![map](javascript:x)'", 22, f"link scheme `javascript:` {SCHEME}"),
    ("'![map](//evil.example/x.png)'", 22, "link `//evil.example/x.png` leaves out the scheme; write https://…"),
    ("'[x](javascript:alert(\"é\"))'", 19, f"link scheme `javascript:` {SCHEME}"),
    # As a `url` field refuses them (they passed in Markdown: found by a tester)
    ("'[x](http:a.example)'", 19, "link `http:a.example` names no host; write http://host/…"),
    ("'[x](https:)'", 19, "link `https:` names no host; write https://host/…"),
    ("'[x](https://user@/)'", 19, "link `https://user@/` names no host; write https://host/…"),
    ("'[x](https://a.example:99999/)'", 19, "link `https://a.example:99999/` is no URL: a port is a number from 0 to 65535"),
    ("'[x](https://a.example/\u200bb)'", 19, "link `https://a.example/%E2%80%8Bb` holds U+200B, which shows nothing and "
                                             "no URL holds"),
])
def test_bad_link_in_markdown_is_reported_at_the_url(written, column, reason):
    assert report(stake_summary(written)) == [at(4, column, f"`summary`: {reason}")]


def test_a_link_above_the_site_root_is_a_warning_and_whole_links_pass():
    """`../../../etc/passwd` is no page of this site, and where the site is served from is unknown: a warning."""
    written = ("'[a](../../../../x/) [b](https://ok.example/a%20b) [c](mailto:x@example.org) [d](../../sources/) "
               "[e](https://fa.wikipedia.org/wiki/می\u200cخواهم)'")  # a joiner, a letter's part in Persian
    assert report(stake_summary(written), warnings=True) == [
        at(4, 19, "warning: `summary`: link to `../../../../x/` climbs above the site's root; write a path inside the "
                  "site, or a whole https:// address")]


@pytest.mark.parametrize(("written", "columns"), [
    ("'[a](javascript&#58;alert(1)) and [b](&#x6A;avascript:alert(1))'", [19, 52]),  # numeric references
    ("'[a](javascript&colon;x) and [b](&#x6A;avascript&colon;y)'", [19, 47]),  # named ones
    ("'[a](javascript:x)[b](javascript:x)'", [19, 36]),  # side by side: each counted
])
def test_each_refused_link_is_reported_at_its_destination(written, columns):
    assert report(stake_summary(written)) == [at(4, column, f"`summary`: link scheme `javascript:` {SCHEME}")
                                              for column in columns]


def test_a_refused_link_is_placed_at_its_destination_not_at_the_same_text_before_it():
    """The URL may also sit in a code span or in prose before the link: the error is at the link, once each."""
    written = "'Code `ftp://x` then [w](ftp://x), `javascript:y` then [v](<javascript:y>)'"
    assert report(stake_summary(written)) == [at(4, 39, f"`summary`: link scheme `ftp:` {SCHEME}"),
                                              at(4, 74, f"`summary`: link scheme `javascript:` {SCHEME}")]
    prose = "|\n      The attackers used ftp://x as a\n      drop; see [log](ftp://x)."
    assert report(stake_summary(prose)) == [at(6, 23, f"`summary`: link scheme `ftp:` {SCHEME}")]
    code = "'Code: `![x](javascript:x)` then ![x](javascript:x)'"  # the code span shows a link; it is none
    assert report(stake_summary(code)) == [at(4, 52, f"`summary`: link scheme `javascript:` {SCHEME}")]


def test_allowed_links_and_images():
    links = "'[a](https://x.example) [b](http://x.example) [c](mailto:a@b.example) [d](../../about/) [e](#h) ![f](https://x.example/f.png)'"
    assert report(stake_summary(links)) == []


def test_bad_link_in_a_literal_block_scalar():
    assert report(stake_summary("|\n      First line.\n      Then [x](javascript:a) here.")) == [
        at(6, 16, f"`summary`: link scheme `javascript:` {SCHEME}"),
    ]


def test_bad_link_in_a_folded_block_scalar():
    assert report(stake_summary(">\n      First line.\n      Then [x](javascript:a) here.")) == [
        at(6, 16, f"`summary`: link scheme `javascript:` {SCHEME}"),
    ]


def test_bad_link_in_a_multi_line_double_quoted_scalar():
    assert report(stake_summary('"[x](data:a)\n      and [y](vbscript:b)"')) == [
        at(4, 19, f"`summary`: link scheme `data:` {SCHEME}"),
        at(5, 15, f"`summary`: link scheme `vbscript:` {SCHEME}"),
    ]


def test_bad_reference_style_definition():
    assert report(stake_summary("|\n      See [x](javascript:a) and [y][r].\n\n      [r]: data:text/html,hi")) == [
        at(5, 15, f"`summary`: link scheme `javascript:` {SCHEME}"),
        at(7, 12, f"`summary`: link scheme `data:` {SCHEME}"),
    ]


def test_the_same_bad_link_twice_is_reported_twice():
    assert report(stake_summary("'[x](javascript:a) and [y](javascript:a)'")) == [
        at(4, 19, f"`summary`: link scheme `javascript:` {SCHEME}"),
        at(4, 41, f"`summary`: link scheme `javascript:` {SCHEME}"),
    ]


def test_bad_link_written_with_an_escape_is_reported_at_its_destination():
    # A YAML escape hides the URL from the source text: the value is searched, its places read back (it was the field)
    assert report(stake_summary('"[x](java\\x73cript:a)"')) == [at(4, 19, f"`summary`: link scheme `javascript:` {SCHEME}")]


def test_every_refused_reference_definition_is_said_in_one_run():
    """markdown-it reads no definition after one it refuses (the lines below are a paragraph's text): `[r3]: data:…`
    was said only once `[r2]: javascript:…` was mended, one run each (a tester)."""
    assert report(with_body("""\
        [one][r1] and [two][r2] and [three][r3] and [four][r4]

        [r1]: https://ok.example/
        [r2]: javascript:alert(1)
        [r3]: data:text/html,x
        [r4]: javascript:alert(1)
        `[r5]: javascript:in-code`
        """)) == [at(10, 11, f"`body`: link scheme `javascript:` {SCHEME}"), at(11, 11, f"`body`: link scheme `data:` {SCHEME}"),
                  at(12, 11, f"`body`: link scheme `javascript:` {SCHEME}")]


def test_a_definition_markdown_does_not_read_is_a_warning_at_its_line():
    """`[r]: https://a.example/ Reuters, 25 Feb` (words after the address), or a definition right under its paragraph's
    line, is text to Markdown: `[the report][r]` was published as written, without a word, since a line `[r]:` was
    taken for the definition (a tester); so was a shortcut `[Reuters]`, and a `>` field joins every line (reviewers).
    Each paragraph's first unread one is said, in its own spelling; one on the next line is read; one refused is an
    error; a reference written with escapes is text, not a link to warn of."""
    unread = "Markdown does not read `[{0}]: …` as a link definition, so its links show as written: {1}"
    blank = "it follows the paragraph's text: put a blank line above it"
    assert report(with_body("""\
        See [the report][R], [ok][k], \\[not\\]\\[k\\] and [bad][j].
        [R]: https://a.example/report

        [k]:
        https://k.example/

        [s]: https://s.example/ Reuters, 25 Feb
        [j]: javascript:x

        Per [Reuters], it did.
        [Reuters]: https://reuters.example/
        """), warnings=True) == [
        at(8, 5, "warning: `body`: " + unread.format("R", blank)),
        at(13, 5, "warning: `body`: " + unread.format("s", "only its address may follow `[label]:` (and a title in "
                                                               "\"…\")")),
        at(14, 10, f"`body`: link scheme `javascript:` {SCHEME}"),
        at(17, 5, "warning: `body`: " + unread.format("Reuters", blank))]
    folded = "stakes:\n  - id: talks\n    title: Talks\n    summary: >-\n      Per [Reuters].\n\n      [Reuters]: https://r.example/ x\n"
    assert report(folded, warnings=True) == [
        at(7, 7, "warning: `summary`: " + unread.format("Reuters", "this field is a `>` block, whose lines YAML joins "
                                                                   "into one: write it with `|` to keep each definition "
                                                                   "on a line of its own"))]


def test_a_refused_definition_in_code_or_in_prose_is_no_error():
    """A definition-like line in an indented or `~~~` code block (a phishing mail quoted) was an error, as was a
    line of prose that only begins like one (testers): only a whole definition line the page shows as text is."""
    assert report(with_body("""\
        A phishing mail said:

            [invoice]: javascript:alert(1)

        ~~~
        [invoice]: javascript:alert(2)
        ~~~

        Said at [r].
        [Update]: Kirby: the strikes were legal, javascript:x aside.

        [Local time]: UTC+3:00 in Moscow.

        [Update]: Reuters: the strikes were legal.

        [Editor's note]: Officials say the figures are provisional.
        """), warnings=True) == []  # markdown-it asked about `UTC+3:00` and `Reuters:`, then read on: an error (a tester)
    # the same address in a link is said all the same
    assert report(with_body("""\
        [Update]: Reuters: the strikes were legal, [said](  Reuters:x).
        """)) == [at(7, 57, f"`body`: link scheme `Reuters:` {SCHEME}")]


def test_a_refused_link_is_counted_as_often_as_it_is_said():
    """`[x](<javascript:a>)` beside a character reference was refused three times and said twice: the summary counted
    3 errors, the JSON's list 2 (a tester). The destination `](<` and the autolink `<` are one URL, and a URL the
    text holds plainly is not held again by its decoded form."""
    found = report(stake_summary('"[x](<javascript:a>) [y](jav&#x61;script:a)"'))
    assert found == [at(4, 20, f"`summary`: link scheme `javascript:` {SCHEME}"),
                     at(4, 39, f"`summary`: link scheme `javascript:` {SCHEME}")]
    assert len(check("briefings", use_cache=False).errors) == len(found)


def test_plain_text_fields_are_not_markdown():
    assert report("""\
        sources:
          - id: reuters-2
            publisher: '[x](javascript:a)'
        """) == []


# --- wikilinks and references ----------------------------------------------------------


def test_a_wikilink_never_closed_is_an_error_whatever_follows_it():
    """`See [[act and more.` (the `]]` forgotten) was published as written without a word, as were `[[act.` and `See
    [[`; a `[[id` over two lines of a quoted value was placed at the value's start (testers). Each is an error at its
    `[[`; a closed one beside it, a link's text `[[a] b](…)` and `[[[id]]]` are not."""
    opens = "opens no wikilink: write [[id]] or [[id|label]], a label in one paragraph and without [ or ]"
    assert report(stake_summary('"See [[kataib-hezbollah and more, [[kataib-hezbollah]], [[Kataib. And [["')) == [
        at(4, 19, f"`summary`: `[[kataib-hezbollah and more,` {opens}"),
        at(4, 70, f"`summary`: `[[Kataib. And` {opens}"),
        at(4, 84, f"`summary`: `[[` {opens}")]
    assert report(stake_summary('"[[a] b](https://x.example/) and [[[kataib-hezbollah]]]"')) == []
    # brackets in brackets, closed by one: prose (a reviewer); one bracket short of a wikilink is still one
    assert report(stake_summary('"The matrix [[12, 3], [4, 5]] and [[The minister] and his deputy]."')) == []
    assert report(stake_summary('"See [[kataib-hezbollah]."')) == [
        at(4, 19, f"`summary`: `[[kataib-hezbollah` {opens}")]
    assert report(stake_summary('"In code, `m = [[kataib-hezbollah`; see [[kataib-hezbollah and more."')) == [
        at(4, 54, f"`summary`: `[[kataib-hezbollah and more.` {opens}")]  # placed at its own, not the code's (a tester)
    assert report(stake_summary('"See [[kataib-hezbollah]] and the [[kataib-hezbollah\n      more words"')) == [
        at(4, 48, f"`summary`: `[[kataib-hezbollah more words` {opens}")]


def test_a_heading_linked_the_wiki_way_is_told_the_markdown_link():
    """`[[#h_reactions|reactions]]` (MediaWiki's heading link) was quoted back as `[[#h_reactions]]` and told how ids
    are spelt (a tester): a wikilink names an entity, and a heading is linked with Markdown."""
    assert report(stake_summary('"See [[#h_reactions|reactions]]."')) == [
        at(4, 19, "`summary`: `[[#h_reactions` links a heading the wiki way, but a wikilink names an entity: link a "
                  "heading with Markdown, `[words](#h_reactions)`")]
    # the heading written as its words gets its id, not `(#Why now)`, which is no link (a tester)
    assert report(stake_summary('"See [[#Why now|why now]]."')) == [
        at(4, 19, "`summary`: `[[#Why now` links a heading the wiki way, but a wikilink names an entity: link a "
                  "heading with Markdown, `[words](#h_why-now)`")]


def test_wikilink_to_an_unknown_id():
    assert report(stake_summary("'See [[kataib-hezbolah]] and [[nobody-here|them]].'")) == [
        at(4, 19, "unknown id `kataib-hezbolah`: no entity has this id; did you mean `kataib-hezbollah`?"),
        at(4, 43, "unknown id `nobody-here`: no entity has this id; "
                  "to create it: briefkit add actor nobody-here --to briefings/t.yaml (or incident, stake, source: "
                  "a wikilink names any kind; briefkit new starts a briefing)"),
    ]


def test_an_id_that_is_another_with_more_parts_is_also_offered_to_be_created():
    """`pakistan-army` was offered `pakistan` alone, and an editor who took it gave the state the army's role, while
    `russia-navy` was told how to create it (a tester): an id that is another plus whole parts is likely an entity of
    its own, so both ways are said; a misspelling of one is offered it alone."""
    found = report("""\
        stakes:
          - id: talks
            title: Talks
            parties:
              - {actor: kataib-hezbollah-brigade-1, position: P.}
              - {actor: kataib-hezbolah, position: P.}
        """)
    assert found == [
        at(5, 17, "unknown id `kataib-hezbollah-brigade-1`: no actor has this id; did you mean `kataib-hezbollah`? If "
                  "`kataib-hezbollah-brigade-1` is an actor of its own, create it: briefkit add actor "
                  "kataib-hezbollah-brigade-1 --to briefings/t.yaml"),
        at(6, 17, "unknown id `kataib-hezbolah`: no actor has this id; did you mean `kataib-hezbollah`?")]


def test_an_acronym_id_with_a_part_added_or_two_letters_swapped_is_offered():
    """`rsf-sudan`, `tatmadaw-myanmar` and `rfs` (for `rsf`) were told only to create them: an acronym's id is too
    short beside them to be near by the ratio (a tester)."""
    problems = report("actors:\n  - {id: rsf, name: Rapid Support Forces, kind: armed-group}\n"
                      "  - {id: tatmadaw, name: Tatmadaw, kind: armed-group}\n"
                      "stakes:\n  - id: t\n    title: T\n    summary: '[[rsf-sudan]] [[myanmar-tatmadaw]] [[rfs]]'\n")
    assert problems == [
        at(7, 15, "unknown id `rsf-sudan`: no entity has this id; did you mean `rsf`? If `rsf-sudan` is an actor of its "
                  "own, create it: briefkit add actor rsf-sudan --to briefings/t.yaml"),
        at(7, 29, "unknown id `myanmar-tatmadaw`: no entity has this id; did you mean `tatmadaw`? If "
                  "`myanmar-tatmadaw` is an actor of its own, create it: briefkit add actor myanmar-tatmadaw --to "
                  "briefings/t.yaml"),
        at(7, 50, "unknown id `rfs`: no entity has this id; did you mean `rsf`?")]


def test_a_surname_as_an_alias_or_the_name_writes_it_suggests_that_person():
    """`zelensky`, the surname of the actor's alias Vladimir Zelensky, and `Путин`, of the name Владимир Путин, were
    told to create a second actor (a tester); `[[galwan]]` of four `galwan-…` incidents too."""
    problems = report("actors:\n"
                      "  - {id: vladimir-putin, name: Владимир Путин, kind: person}\n"
                      "  - {id: volodymyr-zelenskyy, name: Володимир Зеленський, kind: person, aliases: [Vladimir "
                      "Zelensky]}\nstakes:\n  - id: talks\n    title: Talks\n    summary: \"[[zelensky]] and [[galwan]]\"\n"
                      "    parties: [{actor: Путин, position: P}]\nincidents:\n" + "".join(f"  - {{id: galwan-{n}-2020, title: T, date: 2020, kind: k, location: {{name: G}}, "
                      "sources: [reuters-1]}\n" for n in ("clash", "talks", "standoff", "aftermath")))
    assert problems == [
        at(7, 15, "unknown id `zelensky`: no entity has this id; did you mean `volodymyr-zelenskyy`?"),
        at(7, 32, "unknown id `galwan`: no entity has this id; did you mean one of 4: `galwan-aftermath-2020`, "
                  "`galwan-clash-2020`, `galwan-standoff-2020`, …?"),
        at(8, 23, "`parties[0].actor`: `Путин` is not a valid id; ids use lowercase letters a-z, digits and single "
                  "hyphens; did you mean `vladimir-putin`?")]


def test_an_id_without_its_last_parts_suggests_the_one_id_it_begins():
    """The likeliest slip with dated ids: the date left out (`erbil` for `erbil-attack`, when only one begins so)."""
    assert report(stake_summary("'See [[erbil]] and [[nuclear]] and [[kataib]].'")) == [
        at(4, 19, "unknown id `erbil`: no entity has this id; did you mean `erbil-attack`?"),
        at(4, 33, "unknown id `nuclear`: no entity has this id; did you mean `nuclear-talks`?"),
        at(4, 49, "unknown id `kataib`: no entity has this id; did you mean `kataib-hezbollah`?"),
    ]
    from briefkit.suggest import Suggester

    ids = Suggester(["erbil-attack-2021", "erbil-attack-2020", "tabriz-port", "mosul-siege-2016"])
    assert ids.suggest("mosul-siege") == "mosul-siege-2016"
    assert ids.suggest_all("erbil") == ("erbil-attack-2020", "erbil-attack-2021")  # two begin so: both named
    # more than three: those it begins by whole parts, named "one of 4" (`galwan` of four incidents was told to create
    # another, a tester); of more than twenty, none (`2021` begins hundreds)
    many = Suggester([f"erbil-attack-{year}" for year in range(2010, 2014)])
    assert many.suggest_all("erbil") == tuple(f"erbil-attack-{year}" for year in range(2010, 2014))
    assert Suggester([f"erbil-attack-{year}" for year in range(1990, 2014)]).suggest_all("erbil") == ()
    # an id cut mid-word (`us-strike`), or a near id beside one it begins (`iraqi`: a tester)
    ids = Suggester(["iraq", "iraqi-government", "us-strikes-eastern-syria-2021-02", "iran"])
    assert ids.suggest_all("us-strike") == ("us-strikes-eastern-syria-2021-02",)
    assert ids.suggest_all("iraqi") == ("iraq", "iraqi-government")


def test_a_name_a_few_entities_share_names_them_all_and_one_many_share_names_some_and_their_number():
    """Three actors named `Al-Qaeda`: `actor: Al-Qaeda` was offered one of them, picking it for the editor (a
    tester). A name two or three share offers them all; one that more share names three and says how many, where
    no hint had offered to create yet another namesake."""
    actors = "".join(f"  - {{id: al-qaeda-{where}, name: Al-Qaeda, kind: armed-group}}\n" for where in ("yemen", "iraq", "maghreb"))
    actors += "".join(f"  - {{id: cell-{n}, name: The Cell, kind: armed-group}}\n" for n in range(4))
    sheet = (f"actors:\n{actors}stakes:\n  - id: talks\n    title: Talks\n    summary: S.\n    parties:\n"
             "      - {actor: Al-Qaeda, position: P}\n      - {actor: The Cell, position: P}\n")
    found = [line.split("hyphens", 1)[1] for line in report(sheet) if "is not a valid id" in line]
    assert found == ["; did you mean `al-qaeda-iraq`, `al-qaeda-maghreb` or `al-qaeda-yemen`?",
                     "; did you mean one of 4: `cell-0`, `cell-1`, `cell-2`, …?"]
    assert not [line for line in report(sheet) if "briefkit add" in line]


@pytest.mark.parametrize(("written", "hint"), [
    ("led-by", "; `led-by` is the other side of `leads`: write the relation on the actor `target` names, as "
               "`type: leads` with this actor as its `target`"),
    ("backs", "; `backs` is the other side of `backed-by`: write the relation on the actor `target` names, as "
              "`type: backed-by` with this actor as its `target`"),
    ("supported-by", "; did you mean `backed-by`?"), ("opposed-to", "; did you mean `opposes`?"),
    ("Led By", "; `Led By` is the other side of `leads`: write the relation on the actor `target` names, as "
               "`type: leads` with this actor as its `target`"),
    # not `part-of`, its opposite; `backed` says no way, and was offered `backed-by` (a reviewer)
    ("parent-of", "; `parent-of` is the other side of `part-of`: write the relation on the actor `target` names, as "
                  "`type: part-of` with this actor as its `target`"),
    ("backed", "; `backed` does not say which way: `backed-by` says this actor is backed by `target`; for the other "
               "way, write `type: backed-by` on the actor `target` names, with this actor as its `target`"),
    ("led", "; `led` does not say which way: `leads` says this actor leads `target`; for the other way, write "
            "`type: leads` on the actor `target` names, with this actor as its `target`")])
def test_a_relation_in_the_words_of_its_other_end_says_how_to_record_it(written, hint):
    """The pages print "led by", "backs", "includes" on the target's page; written as a type, they were refused with
    no hint (a tester)."""
    sheet = (f"actors:\n  - {{id: p, name: P, kind: person}}\n  - {{id: a, name: A, kind: state, relations: "
             f"[{{type: {written}, target: p}}]}}\n")
    found = [line for line in report(sheet) if "relations[0].type" in line]
    assert len(found) == 1 and found[0].endswith(f"got `{written}`{hint}")


def test_a_publisher_written_where_a_source_id_goes_is_offered_its_sources():
    """`Amnesty International` in a briefing's sources got no hint: a publisher was no name matched (a tester)."""
    sheet = ("briefing:\n  id: x\n  title: X\n  date: 2021\n  summary: x\n"
             "  sources: [Amnesty International, Human Rights Watch]\n"
             "sources:\n  - {id: amnesty-2021-02-26, publisher: Amnesty International}\n"
             "  - {id: hrw-1, publisher: Human Rights Watch}\n  - {id: hrw-2, publisher: Human Rights Watch}\n")
    found = [line.split("hyphens", 1)[1] for line in report(sheet) if "is not a valid id" in line]
    assert found == ["; did you mean `amnesty-2021-02-26`?", "; did you mean `hrw-1` or `hrw-2`?"]


def test_a_name_in_another_script_is_not_matched_through_its_latin_leftovers():
    """A Russian title holding `MH17` read as `mh17` once its Cyrillic was dropped, so `[[mh17]]` was offered the
    Russian ministry's source, the disputed side (a tester). A name mostly in another script is matched as written;
    one in Latin letters still through its plain spelling (`Đurđevdan` is `durdevdan`)."""
    sheet = """\
        sources:
          - id: tass-mod-2018
            publisher: TASS
            title: "МО РФ: зенитная ракета «Бук», сбившая MH17, принадлежала ВСУ"
        actors:
          - id: slava
            name: Đurđevdan Slava
            kind: person
        stakes:
          - id: talks
            title: Talks
            summary: "[[mh17]], [[durdevdan-slava]] and [[МО РФ: зенитная ракета «Бук», сбившая MH17, принадлежала ВСУ]]"
            sources: [tass-mod-2018]
        """
    found = report(sheet)
    assert found[0] == at(12, 15, "unknown id `mh17`: no entity has this id; to create it: briefkit add actor mh17 --to "
                                  "briefings/t.yaml (or incident, stake, source: a wikilink names any kind; briefkit new "
                                  "starts a briefing)")
    assert found[1] == at(12, 25, "unknown id `durdevdan-slava`: no entity has this id; did you mean `slava`? If "
                                  "`durdevdan-slava` is an actor of its own, create it: briefkit add actor "
                                  "durdevdan-slava --to briefings/t.yaml")  # parts added before it, as after (a reviewer)
    assert found[2].endswith("does not name an id; ids use lowercase letters a-z, digits and single hyphens; "
                             "did you mean `tass-mod-2018`?")  # its own words, written whole: still found


def test_an_id_as_near_two_ids_names_both():
    """`irak` is as near `iran` as `iraq`: naming the one the sort put first sent an editor to the wrong state (a
    tester). Both are named, in the problem for an unknown id, a wikilink's and a link's."""
    states = "actors:\n" + "".join(f"  - id: {i}\n    name: {i.title()}\n    kind: state\n" for i in ("iran", "iraq"))
    assert report(states + "stakes:\n  - id: talks\n    title: Talks\n    summary: '[[irak]] and [it](/actors/irab/)'\n"
                           "    parties:\n      - actor: irak\n        position: Talks\n") == [
        at(11, 15, "unknown id `irak`: no entity has this id; did you mean `iran` or `iraq`?"),
        at(11, 33, "`summary`: link to the page of actor `irab`, which does not exist; did you mean `iran` or `iraq`?"),
        at(13, 16, "unknown id `irak`: no actor has this id; did you mean `iran` or `iraq`?"),
    ]
    from briefkit.suggest import Suggester

    assert Suggester(["hamas", "hassan", "iran"]).suggest_all("hasan") == ("hassan",)  # the nearer alone


def test_wikilink_that_is_not_an_id():
    """The "did you mean" names an id that exists: the one re-spelt, else the nearest, else none."""
    assert report(stake_summary("'See [[Kataib_Hezbollah]], [[Kataib Hezbola]], [[Bad Id]] and [[rocket attack on erbil]].'")) == [
        at(4, 19, "`summary`: wikilink `[[Kataib_Hezbollah]]` does not name an id; "
                  "ids use lowercase letters a-z, digits and single hyphens; did you mean `kataib-hezbollah`?"),
        at(4, 41, "`summary`: wikilink `[[Kataib Hezbola]]` does not name an id; "
                  "ids use lowercase letters a-z, digits and single hyphens; did you mean `kataib-hezbollah`?"),
        at(4, 61, "`summary`: wikilink `[[Bad Id]]` does not name an id; "
                  "ids use lowercase letters a-z, digits and single hyphens"),
        at(4, 76, "`summary`: wikilink `[[rocket attack on erbil]]` does not name an id; "
                  "ids use lowercase letters a-z, digits and single hyphens; did you mean `erbil-attack`?"),
    ]
    assert report(stake_summary("'See [[US!]].'")) == [  # no id to offer
        at(4, 19, "`summary`: wikilink `[[US!]]` does not name an id; ids use lowercase letters a-z, digits and single hyphens"),
    ]


def test_an_unknown_wikilink_is_placed_at_the_link_not_at_the_same_text_in_code():
    """`[[id]]` in a code span is shown as written (no link, no reference): the problem is at the real wikilink."""
    assert report(stake_summary("|\n      Write `[[nope-id]]` or ``[[nope-id]]``, like\n      this: [[nope-id]].")) == [
        at(6, 13, "unknown id `nope-id`: no entity has this id; to create it: briefkit add actor nope-id --to briefings/t.yaml "
                  "(or incident, stake, source: a wikilink names any kind; briefkit new starts a briefing)"),
    ]


def test_wikilinks_may_name_any_kind_with_or_without_a_label():
    links = "'[[us]], [[reuters-1|Reuters]], [[ erbil-attack ]], [[nuclear-talks]], [[us-strikes-syria]]'"
    assert report(stake_summary(links)) == []


def test_labelled_wikilinks_in_a_table_stay_links_and_keep_every_cell():
    """GFM splits table rows at `|`: a wikilink's bar (plain or escaped) stays in its cell, and counts as a reference."""
    table = '"| who | stance |\\n| --- | --- |\\n| [[kataib-hezbollah|the militia]] | denies |\\n| [[us\\\\|Washington]] | silent |\\n"'
    assert report(stake_summary(table)) == []
    html = check("briefings", use_cache=False).entities["talks"].data["summary"].html
    cells = re.findall(r"<td>(.*?)</td>", html)
    assert [re.sub(r"<[^>]+>", "", c) for c in cells] == ["the militia", "denies", "Washington", "silent"]
    assert cells[0].startswith('<a class="wikilink"') and cells[2].startswith('<a class="wikilink"')
    assert run(warnings=True) == []  # kataib-hezbollah and us are mentioned: no "not referenced" warning


def test_an_item_repeated_in_a_list_of_mappings_is_a_warning_and_shown_once():
    """The same actor with the same role (or the same claim) would show twice on the page, as a repeated id in a
    list of ids would (found by a tester); items that differ in any field are kept."""
    write("base.yaml", BASE)
    write("t.yaml", """\
        stakes:
          - id: talks
            title: Talks
            parties:
              - {actor: us, position: Wants talks.}
              - {actor: us, position: Wants talks.}
              - {actor: us, position: Wants sanctions first.}
            claims:
              - {text: "The *same* claim.", status: reported, sources: [reuters-1]}
              - text: The *same* claim.
                sources: [reuters-1]
                status: reported
              - {text: "The *same* claim.", status: denied, sources: [reuters-1]}
        """)
    assert [p for p in run(warnings=True) if "t.yaml" in p] == [
        at(6, 9, "warning: `parties[1]` repeats `parties[0]`; the repeat is left out"),
        at(10, 9, "warning: `claims[1]` repeats `claims[0]`; the repeat is left out"),
    ]
    talks = check("briefings", use_cache=False).entities["talks"].data
    assert [p["position"].source for p in talks["parties"]] == ["Wants talks.", "Wants sanctions first."]
    assert [c["status"] for c in talks["claims"]] == ["reported", "denied"]


def test_items_with_errors_are_never_called_repeats():
    """Names written where ids go (`actor: Min Aung Hlaing`, `actor: Aung San Suu Kyi`) and mistyped relation types
    were each reported, and every later item was also called a repeat of the first, "left out": the wrong values
    were dropped before the items were compared (a tester). An item with an error is compared with nothing."""
    write("base.yaml", BASE)
    write("t.yaml", """\
        actors:
          - id: a1
            name: A1
            kind: state
            relations:
              - {type: allied, target: us}
              - {type: backs, target: us}
              - {type: opposes, target: us}
              - {type: opposes, target: us}
        briefing:
          id: b
          title: T
          date: 2021-02-01
          summary: S.
          actors:
            - actor: Min Aung Hlaing
            - actor: Aung San Suu Kyi
          sources: [reuters-1]
        """)
    repeats = [p for p in run(warnings=True) if "repeats" in p]
    assert repeats == [at(9, 9, "warning: `relations[3]` repeats `relations[2]`; the repeat is left out")]


def test_aligned_table_columns_are_classes_the_stylesheet_aligns_not_inline_styles():
    """The pages' Content-Security-Policy (`style-src 'self'`) blocks inline styles: markdown-it's
    `style="text-align:…"` would be dropped by the browser, with an error in its console per cell."""
    table = '"| a | b | c | d |\\n|:--|:-:|--:|---|\\n| 1 | 2 | 3 | 4 |\\n"'
    assert report(stake_summary(table)) == []
    html = check("briefings", use_cache=False).entities["talks"].data["summary"].html
    assert "style=" not in html
    assert re.findall(r'<td(?: class="([a-z_]+)")?>', html) == ["align_left", "align_center", "align_right", ""]
    css = open(os.path.join(os.path.dirname(__file__), "..", "theme", "static", "css", "site.css"), encoding="utf-8").read()
    for side in ("left", "center", "right"):
        assert f"td.align_{side} {{ text-align: {side}; }}" in css


@pytest.mark.parametrize(("text", "column", "opened"), [
    ("'See [[us|the US [Washington]]] now.'", 19, "us"),  # a bracket in the label
    ("'See [[us'", 19, "us"),  # never closed
    ("'See [[us] said'", 19, "us"),  # a bracket short
    ("'[[us]] and [[us|the US [Washington]]]'", 26, "us"),  # placed at itself, not at the good link before it
])
def test_a_wikilink_left_open_is_an_error_at_its_place(text, column, opened):
    assert report(stake_summary(text)) == [
        at(4, column, f"`summary`: `[[{opened}` opens no wikilink: write [[id]] or [[id|label]], a label in one "
                      "paragraph and without [ or ]"),
    ]


def test_a_link_whose_text_starts_with_a_bracket_is_no_wikilink():
    assert report(stake_summary("'[[a] b](https://example.org/c), [[us|x] v. Y](https://example.org/d) and "
                                "`[[us|code]]`'")) == []


def test_wikilink_place_skips_longer_ids_with_the_same_start():
    assert report(stake_summary("'[[us-strikes-syria]] and [[usa]]'")) == [
        at(4, 40, "unknown id `usa`: no entity has this id; did you mean `us`?"),
    ]


def test_reference_to_an_unknown_id():
    assert report("""\
        briefing:
          id: b
          title: T
          date: 2021
          summary: s
          sources: [reuters-2]
          incidents: [erbil-atack, nowhere]
        """) == [
        at(6, 13, "unknown id `reuters-2`: no source has this id; did you mean `reuters-1`?"),
        at(7, 15, "unknown id `erbil-atack`: no incident has this id; did you mean `erbil-attack`?"),
        at(7, 28, "unknown id `nowhere`: no incident has this id; "
                  "to create it: briefkit add incident nowhere --to briefings/t.yaml"),
    ]


def test_reference_that_is_not_an_id():
    """The "did you mean" names an id of the kind the field takes: the one re-spelt, else the nearest, else none."""
    assert report("""\
        stakes:
          - id: talks
            title: Talks
            parties: [{actor: US, position: p}, {actor: Kataib_Hezbolah, position: q}, {actor: Iran_Gov, position: r},
                      {actor: Nuclear_Talks, position: s}, {actor: united  STATES, position: t}]
        """) == [
        at(4, 23, "`parties[0].actor`: `US` is not a valid id; ids use lowercase letters a-z, digits and single hyphens; "
                  "did you mean `us`?"),
        at(4, 49, "`parties[1].actor`: `Kataib_Hezbolah` is not a valid id; ids use lowercase letters a-z, digits and "
                  "single hyphens; did you mean `kataib-hezbollah`?"),
        at(4, 88, "`parties[2].actor`: `Iran_Gov` is not a valid id; ids use lowercase letters a-z, digits and single "
                  "hyphens"),
        at(5, 23, "`parties[3].actor`: `Nuclear_Talks` is not a valid id; ids use lowercase letters a-z, digits and "
                  "single hyphens"),  # a stake's id: not one an actor field takes
        at(5, 60, "`parties[4].actor`: `united  STATES` is not a valid id; ids use lowercase letters a-z, digits and "
                  "single hyphens; did you mean `us`?"),  # the actor's name, as an editor writes it
    ]


def test_reference_of_the_wrong_kind():
    assert report("""\
        stakes:
          - id: talks
            title: Talks
            parties: [{actor: nuclear-talks, position: p}]
            claims:
              - text: t
                status: reported
                sources: [us]
                attributed_to: reuters-1
        incidents:
          - id: strike
            title: Strike
            date: 2021
            kind: airstrike
            location: {name: Deir ez-Zor}
            responds_to: [kataib-hezbollah]
            sources: [reuters-1]
        """) == [
        at(4, 23, "`nuclear-talks` is a stake, but this field must name an actor"),
        at(8, 19, "`us` is an actor, but this field must name a source"),
        at(9, 24, "`reuters-1` is a source, but this field must name an actor"),
        at(16, 19, "`kataib-hezbollah` is an actor, but this field must name an incident"),
    ]


def test_claim_sources_need_at_least_one_item():
    assert report("""\
        stakes:
          - id: talks
            title: Talks
            claims:
              - text: t
                status: reported
                sources: []
        """) == [at(7, 18, "`claims[0].sources` needs at least 1 item")]


# --- warnings ----------------------------------------------------------------------


def test_unreferenced_actor_and_uncited_source_are_warnings():
    assert report("""\
        sources:
          - id: ap-1
            publisher: AP
        actors:
          - id: iran
            name: Iran
            kind: state
        """, warnings=True) == [
        at(2, 5, "warning: source `ap-1` is not cited anywhere"),
        at(5, 5, "warning: actor `iran` is not referenced by any page"),
    ]
    assert run() == []  # warnings do not fail a build


@pytest.mark.parametrize(("text", "line", "column", "message"), [
    ("sources:\n\t- id: s1\n", 2, 1, "a tab cannot indent YAML or follow `-` or `:` here; use spaces"),
    ("sources:\n  -\tid: s1\n", 2, 4, "a tab cannot indent YAML or follow `-` or `:` here; use spaces"),
    # before a key of a mapping, libyaml's own words ("a tab character that violates indentation") were shown
    ("actors:\n  - id: x\n    name: X\n\tkind: person\n", 4, 1, "a tab cannot indent YAML or follow `-` or `:` here; use spaces"),
    ("actors:\n  - id: x\n    name: X\n    \tkind: person\n", 4, 5, "a tab cannot indent YAML or follow `-` or `:` here; use spaces"),
    ('sources:\n  - id: s1\n    publisher: "Reuters\n    title: t\n', 3, 16, "the quote that opens here is never closed"),
])
def test_syntax_errors_name_an_invisible_cause_and_the_place_to_act(text, line, column, message):
    assert report(text) == [at(line, column, f"YAML syntax error: {message}")]


UNCLOSED = "the `{}` that opens here is never closed (YAML read on to {}, looking for its `{}`)"


@pytest.mark.parametrize(("text", "line", "column", "message"), [
    (ACTOR + "    aliases: [Persia, '[Iran]'\n", 5, 14, UNCLOSED.format("[", "the end of the file", "]")),
    (ACTOR + "    aliases: [Persia,\n    summary: Text.\n  - id: iraq\n    name: Iraq\n    kind: state\n", 5, 14,
     UNCLOSED.format("[", "line 7, column 7", "]")),  # the rest of the file read as the list's items, until it could not
    (ACTOR + "    roles:\n      - {title: Envoy, of: iran\n    summary: Text.\n", 6, 9,
     UNCLOSED.format("{", "line 7, column 12", "}")),
    (ACTOR + "    aliases: [[Persia], [Iran # ]\n", 5, 25, UNCLOSED.format("[", "the end of the file", "]")  # inner
     + "; YAML reads `# ]` as a comment, to the end of the line: quote an item that starts with `#` (`\"#MeToo\"`)"),
    (ACTOR + "    aliases: [Persia,\n      'Iran' 'Irn']\n", 6, 14,  # closed: a comma is missing, where libyaml says
     "while parsing a flow sequence did not find expected ',' or ']'; a comma may be missing between two items, or an "
     "item holds a bracket, a brace or a comma and must be quoted (`[\"Hezbollah [Lebanon]\"]`)"),
])
def test_an_unclosed_bracket_is_reported_where_it_opens(text, line, column, message):
    """libyaml reports a `[` or `{` never closed where it gave up reading, often at the end of the file, far from the
    bracket (found by a tester): the error is at the bracket, and says where YAML stopped."""
    assert report(text) == [at(line, column, f"YAML syntax error: {message}")]


def test_a_sheet_without_a_syntax_error_is_not_scanned_again(monkeypatch):
    """The bracket is looked for only once a syntax error is found: the normal load costs nothing more."""
    import briefkit.load

    monkeypatch.setattr(briefkit.load, "_unclosed_bracket", lambda *args: pytest.fail("scanned again"))
    assert report(ACTOR + "    aliases: [Persia, '[Iran']\n    roles: [{title: Envoy, of: iran}]\n") == []


def test_an_id_a_sheet_that_could_not_be_read_may_define_is_not_offered_to_create():
    write("a-actors.yaml", 'actors:\n  - id: iran\n    name: "Iran\n')
    write("b-actors.yaml", '- id: syria\n  name: Syria\n')  # parsed, but a list: what it defines cannot be told
    assert report(stake_summary("'[[iran]] and [[iraq]]'")) == [
        "briefings/a-actors.yaml:3:11: YAML syntax error: the quote that opens here is never closed",
        "briefings/b-actors.yaml:1:1: a fact sheet must be a mapping with keys briefing, actors, incidents, stakes, "
        "sources; this one is a list",
        # `iran` is on an `id:` line of the sheet: where, rather than "did you mean `iraq`" (a tester)
        at(4, 15, "unknown id `iran`: no entity has this id; briefings/a-actors.yaml:2:9 seems to define it, but that "
                  "sheet defines nothing until its errors are fixed"),
        # not in the text of the sheet YAML could not parse, which was named for any unknown id (a tester)
        at(4, 28, "unknown id `iraq`: no entity has this id; briefings/b-actors.yaml defines nothing because of its "
                  "errors: the id may be defined there once they are fixed"),
    ]
    write("b-actors.yaml", "actors: []\n")
    assert report(stake_summary("'[[iraq]]'"))[1:] == [
        at(4, 15, "unknown id `iraq`: no entity has this id; to create it: briefkit add actor iraq --to briefings/t.yaml "
                  "(or incident, stake, source: a wikilink names any kind; briefkit new starts a briefing)")]


def test_an_id_a_sheet_not_utf8_or_too_large_may_define_is_not_offered_to_create():
    """An id defined in a sheet that is not UTF-8, or over 1 MiB, was "unknown … to create it", a duplicate once the
    sheet is mended (a tester): the first is glimpsed as a sheet YAML could not parse, the second may define it."""
    write("a-actors.yaml", b"actors:\n  - id: iran\n    name: Ir\xffn\n    kind: state\n")
    write("b-actors.yaml", "actors:\n  - {id: iraq, name: Iraq, kind: state}\n" + "#" * (1024 * 1024) + "\n")
    assert [p for p in report(stake_summary("'[[iran]] and [[iraq]]'")) if "unknown id" in p] == [
        at(4, 15, "unknown id `iran`: no entity has this id; briefings/a-actors.yaml:2:9 seems to define it, but that "
                  "sheet defines nothing until its errors are fixed"),
        at(4, 28, "unknown id `iraq`: no entity has this id; briefings/b-actors.yaml defines nothing because of its "
                  "errors: the id may be defined there once they are fixed")]


def test_an_id_an_unparsed_sheet_seems_to_define_is_found_there_not_guessed():
    """Near ids are not offered for an id that a sheet YAML could not parse has on an `id:` line: `iran` was offered
    `iraq`, and creating it would have made a duplicate once the sheet was mended (a tester)."""
    write("a-actors.yaml", "# Iran\nactors:\n  - id: iraq\n    name: Iraq\n    kind: state\n"
                           "  - id: 'iran'  # the Islamic Republic\n    name: Iran\n    kind state\n")
    write("b-actors.yaml", "actors:\n  - id: iraq\n    name: Iraq\n    kind: state\n")
    write("c-actors.yaml", "actors: [{id: lebanon, name: Lebanon, kind: state},\n  {id: syria, kind: state\n")
    assert [p for p in report(stake_summary("'[[iran]] [[syria]]'")) if "unknown id" in p] == [
        at(4, 15, "unknown id `iran`: no entity has this id; briefings/a-actors.yaml:6:10 seems to define it, but that "
                  "sheet defines nothing until its errors are fixed"),
        at(4, 24, "unknown id `syria`: no entity has this id; briefings/c-actors.yaml:2:8 seems to define it, but that "
                  "sheet defines nothing until its errors are fixed")]


def test_an_id_a_draft_defines_is_found_there_not_offered_to_be_created():
    """An id defined only in a sheet the check leaves out (`_drafts/`, `_x.yaml`) was offered "to create it", which
    made a second definition once the draft was moved in (FORMAT.md: every entity defined exactly once). A draft
    under a folder starting with `.` is no one's (`.git`), nor a link; the first draft of an id is named."""
    write("_drafts/actors.yaml", "actors:\n  - {id: new-guy, name: New Guy, kind: person}\n")
    write("_old.yml", "actors:\n  - id: 'new-guy'\n")
    write("sub/.hidden.yaml", "stakes:\n  - id: old-stake\n")
    write(".git/x.yaml", "actors:\n  - id: in-git\n")
    os.symlink(os.path.abspath("briefings/_drafts/actors.yaml"), "briefings/_linked.yaml")
    os.symlink(os.path.abspath("briefings/.git/x.yaml"), "briefings/sub/_git.yaml")
    draft = "seems to define it, but that sheet is not read (a name on its way starts with `_` or `.`: a draft); " \
            "move the definition into a sheet that is read"
    assert report(stake_summary("'[[new-guy]] [[old-stake]] [[in-git]]'")) == [
        at(4, 15, f"unknown id `new-guy`: no entity has this id; briefings/_drafts/actors.yaml:2:10 {draft}"),
        at(4, 27, f"unknown id `old-stake`: no entity has this id; briefings/sub/.hidden.yaml:2:9 {draft}"),
        at(4, 41, "unknown id `in-git`: no entity has this id; to create it: briefkit add actor in-git --to "
                  "briefings/t.yaml (or incident, stake, source: a wikilink names any kind; briefkit new starts a "
                  "briefing)")]


def test_an_unknown_id_is_not_told_a_command_that_would_refuse_its_sheet():
    """`to create it: briefkit add source s-1 --to a.yaml`, where `sources:` is a list on one line, which `add`
    refuses to extend (a tester): such a sheet is told to take it by hand, or another sheet to take it with `add`."""
    write("a.yaml", "sources: [{id: s-0, publisher: P}]\nincidents:\n  - {id: i-0, title: T, date: 2020-01-01, kind: "
                    "raid, location: {name: X}, sources: [s-0, s-1], actors: [{actor: nobody, role: target}]}\n")
    assert run() == [
        "briefings/a.yaml:3:91: unknown id `s-1`: no source has this id; to create it, add a source `s-1` to this "
        "sheet's `sources:` by hand (a list on one line, which briefkit add does not extend), or to another sheet: "
        "briefkit add source s-1 --to FILE",
        "briefings/a.yaml:3:114: unknown id `nobody`: no actor has this id; to create it: briefkit add actor nobody --to "
        "briefings/a.yaml"]


def test_an_id_with_parts_added_is_told_of_its_draft_and_of_a_list_add_cannot_extend():
    """The hint for an id that is another plus parts (`pakistan-army`) offered `briefkit add … --to` where the sheet's
    list is on one line, and to create an id a draft defines (a reviewer): it is told as every unknown id is."""
    write("_drafts/k.yaml", "actors:\n  - {id: kataib-hezbollah-brigade-1, name: B1, kind: armed-group}\n")
    write("a.yaml", "sources: [{id: s-0, publisher: P}]\nstakes: [{id: st, title: S, parties: [{actor: "
                    "kataib-hezbollah-brigade-1, position: P.}, {actor: kataib-hezbollah-brigade-2, position: P.}]}]\n"
                    "actors: [{id: kataib-hezbollah, name: KH, kind: armed-group}]\n")
    assert [line.split(": ", 1)[1] for line in run()] == [
        "unknown id `kataib-hezbollah-brigade-1`: no actor has this id; did you mean `kataib-hezbollah`?; "
        "briefings/_drafts/k.yaml:2:10 seems to define it, but that sheet is not read (a name on its way starts with "
        "`_` or `.`: a draft); move the definition into a sheet that is read",
        "unknown id `kataib-hezbollah-brigade-2`: no actor has this id; did you mean `kataib-hezbollah`?; to create it, "
        "add an actor `kataib-hezbollah-brigade-2` to this sheet's `actors:` by hand (a list on one line, which "
        "briefkit add does not extend), or to another sheet: briefkit add actor kataib-hezbollah-brigade-2 --to FILE"]


def test_a_sheet_fixed_while_serving_is_no_longer_named_unread():
    """make serve re-indexes in place when a changed sheet keeps its shape; one that defined nothing still
    defines nothing once its syntax error is fixed, so its being unreadable must be found again."""
    from briefkit.pipeline import Memo, inventory

    write("b-notes.yaml", '- sources: []\n')
    write("t.yaml", stake_summary("'[[nobody-here]]'"))
    memo = Memo()
    first = check("briefings", found=inventory("briefings", memo), memo=memo)
    assert any("b-notes.yaml defines nothing" in p.message for p in first.problems)
    write("b-notes.yaml", "sources: []\n")
    second = check("briefings", found=inventory("briefings", memo), memo=memo)
    assert [p.message for p in second.errors] == ["unknown id `nobody-here`: no entity has this id; to create it: "
                                                   "briefkit add actor nobody-here --to briefings/t.yaml (or incident, "
                                                   "stake, source: a wikilink names any kind; briefkit new starts a "
                                                   "briefing)"]


def test_an_id_listed_twice_with_spaces_is_still_listed_twice():
    assert report("""\
        incidents:
          - id: strike
            title: Strike
            date: 2021-02-25
            kind: airstrike
            location: {name: Deir ez-Zor}
            sources: [reuters-1, " reuters-1"]
        """, warnings=True) == [at(7, 26, "warning: `sources` names `reuters-1` twice; the repeat is left out")]


# --- all problems at once ------------------------------------------------------------


def test_all_problems_of_a_run_are_reported_at_once_and_sorted():
    write("b.yaml", "briefing: [\n")
    assert report("""\
        sources:
          - id: Reuters
            publisher: 1
            kind: newz
            url: ftp://example.org
            colour: red
        """) == [
        "briefings/b.yaml:1:11: YAML syntax error: the `[` that opens here is never closed (YAML read on to the end "
        "of the file, looking for its `]`)",
        at(2, 9, f"`Reuters` {ID_RULE}, e.g. `reuters`"),
        at(3, 16, '`publisher` must be text, but YAML reads `1` as a number; quote it: "1"'),
        at(4, 11, "`kind` must be one of news, official, analysis, social, other; got `newz`; did you mean `news`?"),
        at(5, 10, "`url` must be an http:// or https:// URL, not `ftp://example.org`"),
        at(6, 5, "unknown field `colour` in source"),
    ]


# --- hostile input ------------------------------------------------------------------


@pytest.mark.parametrize("content", [
    b"\xff\xfe\x00\x00garbage",
    b"a: &a [" + b"*a, " * 1000 + b"]\n" + b"b: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n" * 20,
    b"[" * 100_000,
    b"{" * 50_000 + b"}" * 50_000,
    b"- " * 10_000 + b"x\n",
    b"sources:\n  - id: s\n    publisher: !!binary aGk=\n",
    b"%YAML 1.1\n%TAG ! tag:evil,2000:\n--- !x\nsources: []\n",
    b"? " + b"x" * 2000 + b"\n: 1\n",
    b"sources:\n  - id: s\n    publisher: =\n    <<: [{kind: news}]\n",
    "stakes:\n  - id: t\n    title: T\n    summary: '[[".encode() + b"a" * 200 + b"]] [[' \n",
])
def test_no_exception_on_hostile_input(content):
    write("t.yaml", content)
    problems = check("briefings", use_cache=False).problems
    assert problems and all(p.path == "briefings/t.yaml" and p.line >= 1 and p.column >= 1 for p in problems)


# --- one result, however it is computed ----------------------------------------------


def test_worker_processes_and_the_cache_give_the_same_result(tmp_path, monkeypatch):
    """From 16 files on, sheets are read by worker processes (largest first) whose results
    travel, and are cached, encoded: every way gives what one process without a cache gives."""
    monkeypatch.setenv("BRIEFKIT_CACHE_DIR", str(tmp_path / "cache"))
    write("base.yaml", BASE)
    for n in range(24):
        write(f"more/s{n:02}.yaml", f"""\
            sources:
              - id: source-{n}
                publisher: Publisher {"p" * (97 * n % 500)}
                url: {"ftp://example.org" if n % 5 == 0 else f"https://example.org/{n}"}
            stakes:
              - id: stake-{n}
                title: Stake {n}
                summary: "**Talks** about [[us]], [[nobody-{n}]] and [[source-{n}|a source]]."
                claims:
                  - text: "[[kataib-hezbollah]] *denied* it."
                    status: {"denied" if n % 3 else "refuted"}
                    sources: [source-{n}]
            """)

    def outcome(**options) -> tuple:
        project = check("briefings", **options)
        return ([format_text(p) for p in sort_problems(project.problems)],
                {i: (e.kind, e.data, e.path, e.line, e.column, e.digest) for i, e in project.entities.items()},
                {(target, rel): [(r.source, r.path, r.line, r.column) for r in refs]
                 for target, rels in project.backlinks.items() for rel, refs in rels.items()})

    expected = outcome(jobs=1, use_cache=False)
    assert len(expected[0]) > 24 and len(expected[1]) == 54
    assert outcome(jobs=2, use_cache=False) == expected
    assert outcome(jobs=2) == expected  # computed, then cached
    assert outcome(jobs=2) == expected  # all from the cache
    write("more/s07.yaml", "sources: [{id: source-7, publisher: P, url: 'javascript:x'}]\n")
    assert outcome(jobs=2) == outcome(jobs=1, use_cache=False)  # one file parsed, the others from the cache


@pytest.mark.parametrize("blank", ['""', "'   '"])
def test_blank_markdown_is_empty_as_blank_text_is(blank):
    assert report(f"""\
        briefing:
          id: second-briefing
          title: Second
          date: 2021-02-26
          summary: {blank}
          sources: [reuters-1]
          claims:
            - text: {blank}
              status: reported
              sources: [reuters-1]
        stakes:
          - id: talks
            title: Talks
            parties: [{{actor: us, position: {blank}}}]
        """) == [
        at(5, 12, "`summary` is empty"),
        at(8, 13, "`claims[0].text` is empty"),
        at(14, 37, "`parties[0].position` is empty"),
    ]


def test_a_table_padded_far_beyond_its_text_is_refused_with_its_place():
    header, delimiter = "|" + "h|" * 1000, "|" + "-|" * 1000
    summary = f"{header}\\n{delimiter}\\n" + "|x\\n" * 1000  # 60,000 cells of HTML from 7 KB of text
    assert report(f"""\
        briefing:
          id: second-briefing
          title: Second
          date: 2021-02-26
          summary: "Figures:\\n\\n{summary}"
          sources: [reuters-1]
        """) == [at(5, 27 + len(header), "`summary`: a table of 1,000 columns and 1,002 rows, whose rows are filled out "
                                         "to the header's columns, is more than this field can hold; "
                                         "give it fewer columns or rows")]


def test_a_large_table_its_text_fills_is_fine():
    rows = "".join(f"| {n} | town {n} | {n * 3} |\\n" for n in range(2_000))  # 6,000 cells
    assert report(f"""\
        briefing:
          id: second-briefing
          title: Second
          date: 2021-02-26
          summary: "| n | place | killed |\\n|---|---|--:|\\n{rows}"
          sources: [reuters-1]
        """) == []


def test_a_long_wrong_value_is_clipped_with_an_ellipsis():
    """A message quotes at most 80 characters of a wrong value, and says it left the rest out."""
    long = "x" * 200
    assert report(f"""\
        actors:
          - id: iran
            name: Iran
            kind: {long}
            country: {long}
        """) == [
        at(4, 11, "`kind` must be one of person, state, government-body, armed-group, organization, "
                  f"international-organization; got `{'x' * 80}…`"),
        at(5, 14, f"`country` must be an assigned ISO 3166-1 alpha-2 code such as \"IQ\", not `{'x' * 80}…`"),
    ]


# --- rules between two entities, and repeated ids ------------------------------------------


def test_responds_to_names_earlier_incidents_not_a_later_one_and_itself_is_a_warning():
    """FORMAT.md: `responds_to` lists earlier incidents; a partial date overlaps the days of its period. Naming itself
    was an error while a circle (a → b → a) was a warning: it is the circle of one, a warning too (a tester)."""
    problems = report("""\
        incidents:
          - id: strike
            title: Strike
            date: 2021-02-25
            kind: airstrike
            location: {name: Deir ez-Zor}
            responds_to: [strike, erbil-attack, later, same-month]
            sources: [reuters-1]
          - id: campaign
            title: Campaign
            date: 2021-02-20
            end_date: 2021-03-10
            kind: airstrike
            location: {name: Deir ez-Zor}
            responds_to: [later]
            sources: [reuters-1]
          - id: later
            title: Later
            date: 2021-03-03
            kind: rocket attack
            location: {name: Ain al-Asad}
            sources: [reuters-1]
          - id: same-month
            title: Same month
            date: 2021-02
            kind: rocket attack
            location: {name: Baghdad}
            sources: [reuters-1]
        """, warnings=True)
    later = at(7, 41, "`responds_to` names `later` (2021-03-03), which is after this incident (2021-02-25): "
                      "it lists earlier incidents this one answers")
    assert problems == [
        at(7, 19, "warning: `responds_to` names this incident itself: it lists earlier incidents this one answers"),
        later]
    assert run() == [later]  # the warning alone does not fail the check


def test_an_id_listed_twice_is_a_warning_and_counts_once():
    assert report("""\
        incidents:
          - id: strike
            title: Strike
            date: 2021-02-25
            kind: airstrike
            location: {name: Deir ez-Zor}
            responds_to: [erbil-attack, erbil-attack]
            sources: [reuters-1, reuters-1]
        """, warnings=True) == [
        at(7, 33, "warning: `responds_to` names `erbil-attack` twice; the repeat is left out"),
        at(8, 26, "warning: `sources` names `reuters-1` twice; the repeat is left out"),
    ]
    strike = check("briefings", use_cache=False).entities["strike"]
    assert strike.data["responds_to"] == ["erbil-attack"] and strike.data["sources"] == ["reuters-1"]


def test_an_unquoted_date_in_a_text_field_is_a_type_error_as_any_other():
    """FORMAT.md: values keep the types YAML gives them; YAML reads 2021-02-25 as a date, as it reads 1984 as a number."""
    assert report("""\
        sources:
          - id: reuters-2
            publisher: 2021-02-25
            title: "2021-02-25"
            date: 2021-02-25
        """) == [
        at(3, 16, '`publisher` must be text, but YAML reads `2021-02-25` as a date; quote it: "2021-02-25"'),
    ]


def test_quoting_is_suggested_only_where_the_quoted_value_would_pass():
    assert report("""\
        actors:
          - id: x
            name: X
            kind: state
            wikidata: 123
            country: ON
          - id: w
            name: W
            kind: state
            wikidata: q42
          - id: y
            name: Y
            kind: state
            country: NO
        """) == [
        at(5, 15, "`wikidata` must be `Q` followed by digits, such as `Q794`, not `123`; did you mean `Q123`?"),
        at(6, 14, '`country` must be an assigned ISO 3166-1 alpha-2 code such as "IQ", not `ON`'),
        at(10, 15, "`wikidata` must be `Q` followed by digits, such as `Q794`, not `q42`; did you mean `Q42`?"),
        at(14, 14, '`country` must be a country code, but YAML reads `NO` as a boolean; quote it: "NO"'),
    ]


@pytest.mark.parametrize(("dates", "refused"), [
    ("date: 2021-02-30\n    end_date: 2021-02-10", "`date`: `2021-02-30` is not a date: February 2021 has 28 days"),
    ("date: 2021-02-25\n    end_date: 2021-02-01", "`end_date` (2021-02-01) is before `date` (2021-02-25)"),
])
def test_responds_to_reads_only_dates_that_passed(dates, refused):
    """A refused date or end_date is reported once: never a crash, nor a second error from the rule between incidents."""
    problems = report("incidents:\n  - id: strike\n    title: Strike\n    " + dates + "\n    kind: airstrike\n"
                      "    location: {name: Deir ez-Zor}\n    responds_to: [erbil-attack]\n    sources: [reuters-1]\n")
    assert [p.split(": ", 1)[1] for p in problems] == [refused]


@pytest.mark.parametrize("written", ["0x" + "F" * 3700, "0b" + "1" * 15000, "0" + "7" * 5000, "1" + ":59" * 3000])
def test_a_huge_count_in_another_base_is_unreadable_not_a_traceback(written):
    """Python guards reading 4,300 decimal digits, not hex, octal, binary or base 60, and could not print the result."""
    problems = report("incidents:\n  - id: strike\n    title: Strike\n    date: 2021\n    kind: airstrike\n"
                      "    location: {name: Deir ez-Zor}\n    casualties: {killed: " + written + "}\n    sources: [reuters-1]\n")
    assert problems == [at(7, 26, f"cannot read `{written[:80]}…` ({len(written)} characters) as a number; if it is text, "
                                  "quote it")]


def test_incidents_answering_each_other_in_a_circle_and_actors_related_to_themselves_are_warnings():
    """Same-day incidents may answer each other one way; a circle means each is earlier than the other. An actor
    part of, leading or holding a role of itself passed without a word (found by a tester); opposing itself may be."""
    sheet = """\
actors:
  - id: militia
    name: Militia
    kind: armed-group
    relations:
      - {type: opposes, target: militia}
      - {type: part-of, target: militia}
    roles:
      - {title: Commander, of: militia}
incidents:
  - {id: a, title: A, date: 2021-02-15, kind: k, location: {name: L}, sources: [reuters-1], responds_to: [b]}
  - {id: b, title: B, date: 2021-02-15, kind: k, location: {name: L}, sources: [reuters-1], responds_to: [c]}
  - {id: c, title: C, date: 2021-02, kind: k, location: {name: L}, sources: [reuters-1], responds_to: [a],
     actors: [{actor: militia, role: other}]}
  - {id: d, title: D, date: 2021-02-16, kind: k, location: {name: L}, sources: [reuters-1], responds_to: [a, b]}
"""
    assert report(sheet) == []  # warnings: FORMAT.md does not forbid them (--strict fails on them)
    assert report(sheet, warnings=True) == [
        at(7, 33, "warning: `relations[].target` names this actor itself, with a relation no actor has to itself (only "
                  "`opposes` may: factions that fight)"),
        at(9, 32, "warning: `roles[].of` names this actor itself"),
        at(13, 104, "warning: `responds_to` names `a`, which answers this incident in turn (a → b → c → a): it lists "
                    "earlier incidents this one answers"),
    ]


def test_wikilink_problems_are_placed_at_the_link_across_a_blank_line_and_escapes():
    """A label over a blank line was reported at the field's first line (41 lines above, in a tester's sheet); a
    wikilink in a double-quoted value with escapes at the opening quote."""
    block = "|\n      One.\n\n      See [[reuters-1|the\n\n      source]] here."
    assert report(stake_summary(block)) == [
        at(7, 11, "`summary`: `[[reuters-1` opens no wikilink: write [[id]] or [[id|label]], a label in one paragraph "
                  "and without [ or ]")]
    quoted = '"first \\\\ then [[nope\\\\]] and [[reuters-1]]"'
    assert report(stake_summary(quoted)) == [
        at(4, 29, "`summary`: wikilink `[[nope\\]]` does not name an id; ids use lowercase letters a-z, digits and "
                  "single hyphens")]


@pytest.mark.parametrize(("field", "written", "meant"), [
    ("    kind: state\n    country:", "Iraq", "IQ"),  # a country's name, as pages name it
    ("    kind: state\n    country:", "'united kingdom'", "GB"),
    ("    kind:", "militia", "armed-group"),  # a word for the value
    ("    kind:", "Armed Group", "armed-group"), ("    kind:", "country", "state"),  # words apart, synonyms (a tester)
    ("    kind: state\nsources:\n  - id: s\n    publisher: P\n    kind:", "communiqué", "official"),  # accented
    ("    kind:", "intern", "international-organization"),  # the only value it begins
    ("    kind: state\n    lede:", "Text.", "summary"),  # a word for the field
    ("    kind: state\n    description:", "Text.", "summary"),  # more words for fields and values (a tester)
    ("    kind: state\n    nationality:", "IQ", "country"),
])
def test_did_you_mean_knows_names_words_and_beginnings(field, written, meant):
    """Found missing by a tester: `country: Iraq`, `kind: militia`, `role: perp`, `lede:` got no suggestion."""
    problems = report(f"actors:\n  - id: iran\n    name: Iran\n{field} {written}\n")
    assert len(problems) == 1 and problems[0].endswith(f"; did you mean `{meant}`?"), problems


@pytest.mark.parametrize(("written", "meant"), [
    ("Türkiye", "TR"), ("'TÜRKİYE'", "TR"), ("turkiye", "TR"), ("Turkey", "TR"),  # Türkiye since 2022, any case or accent
    ("Czechia", "CZ"), ("Eswatini", "SZ"), ("North Macedonia", "MK"), ("Cabo Verde", "CV"), ("Cape Verde", "CV"),
    ("Cote d’Ivoire", "CI"), ("Ivory Coast", "CI"), ("Burma", "MM"), ("East Timor", "TL"), ("Vatican", "VA"),
    ("Holy See", "VA"), ("Russian Federation", "RU"), ("Syrian Arab Republic", "SY"), ("'Korea, Republic of'", "KR"),
    ("North Korea", "KP"), ("Lao PDR", "LA"), ("Viet Nam", "VN"), ("Bolivia", "BO"), ("Tanzania", "TZ"),
    ("Republic of Moldova", "MD"), ("State of Palestine", "PS"), ("Taiwan", "TW"), ("Britain", "GB"),
    ("USA", "US"), ("U.S.", "US"), ("America", "US"), ("the Netherlands", "NL"), ("St Kitts & Nevis", "KN"),
    ("RUS", "RU"), ("lbn", "LB"), ("MMR", "MM"),  # ISO's 3-letter codes, as ACLED and UN data write them (a tester)
    ("'Myanmar (Burma)'", "MM"), ("'Burma (Myanmar)'", "MM"), ("BU", "MM"), ("ZR", "CD"),  # withdrawn codes (a tester)
])
def test_a_country_written_by_another_name_in_use_gets_its_code(written, meant):
    """`country: Iraq` got `IQ`, but `Türkiye` (TR) and other official or everyday names no suggestion (a tester)."""
    problems = report(f"actors:\n  - id: iran\n    name: Iran\n    kind: state\n    country: {written}\n")
    assert len(problems) == 1 and problems[0].endswith(f"; did you mean `{meant}`?"), problems


@pytest.mark.parametrize("written, hint", [
    ("Korea", "`KP` (North Korea) or `KR` (South Korea)"),
    ("Congo", "`CD` (Democratic Republic of the Congo) or `CG` (Congo)"),
    ("the Virgin Islands", "`VG` (British Virgin Islands) or `VI` (United States Virgin Islands)"),
])
def test_a_name_two_countries_share_gets_both_codes(written, hint):
    """`Congo` got `CG` alone, as pages name the Republic of the Congo, though news that writes "Congo" often means
    the DRC (a tester); `Korea` got nothing. A name two countries share offers both, with the names pages show."""
    problems = report(f"actors:\n  - id: iran\n    name: Iran\n    kind: state\n    country: {written}\n")
    assert len(problems) == 1 and problems[0].endswith(f"; did you mean {hint}?"), problems


def test_markdown_nested_past_the_limit_is_an_error_and_ten_levels_keep_what_follows():
    """markdown-it drops a field's text below 20 block levels (10 lists), silently: a treaty outlined 10 levels deep
    lost its last sections (found by a tester). The limit is 20 lists now, and reaching it is an error at its line."""
    from briefkit.markup import compile_markdown

    outline = "".join("  " * i + f"- level {i}\n" for i in range(10)) + "\n## Reparations\n\nText after.\n"
    html = compile_markdown(outline, "x", "stakes/talks/").markup.html
    assert "level 9" in html and "Reparations" in html and "Text after." in html
    deep = "|\n" + "".join("      " + "  " * i + f"- level {i}\n" for i in range(22)) + "\n      After."
    problems = report(stake_summary(deep))
    assert len(problems) == 1 and problems[0].startswith("briefings/t.yaml:24:") and problems[0].endswith(
        "`summary`: lists and quotes are nested too deeply here (`- level 19`; at most 20 levels of lists, 39 of "
        "quotes): Markdown would drop the rest of the text; nest them less"), problems


def test_a_footnote_referred_to_but_not_defined_in_its_field_is_a_warning():
    """`[^2]` with no definition in its field (defined in the summary and cited again in the body, or a typo) was
    published as the text `[^2]` without a word (a tester). Escaped or in code, it is text the editor meant."""
    text = "|\n      Defined[^a], typo[^b], twice[^b], \\[^c] and `[^d]`.\n\n      [^a]: Used."
    assert report(stake_summary(text), warnings=True) == [
        at(5, 24, "warning: `summary`: footnote `[^b]` is not defined in this field, so it shows as written; define "
                  "it here with a line `[^b]: …` (a footnote belongs to its field), or remove it")]
    # its definition right under a table: read into the table; told to put a blank line before it (a reviewer)
    table = "|\n      Killed[^k].\n\n      | Year | Killed |\n      | - | - |\n      | 2011 | 10 |\n      [^k]: Ministry."
    assert report(stake_summary(table), warnings=True) == [
        at(5, 13, "warning: `summary`: footnote `[^k]`'s definition is read as part of the table right above it, so "
                  "the footnote shows as written: put a blank line before its definition")]


def test_a_wikilink_label_shows_its_emphasis_and_code():
    """`[[mah|the **commander**]]` showed its asterisks on the page (a tester), where `[*the* alliance](…)` shows
    emphasis. A label's Markdown is emphasis, code and strikethrough only: it holds no link, and loads nothing."""
    from briefkit.markup import compile_markdown

    html = compile_markdown("Led by [[mah|the **chief**]], [[mah|`Min`]], [[mah|~~old~~ new]], [[mah|AT&T <b>]] "
                            "and [[mah|5 * 3]].", "x", "stakes/t/").markup.html
    names = re.findall(r'<a class="wikilink" href="[^"]*">(.*?)</a>', html)
    assert names == ["the <strong>chief</strong>", "<code>Min</code>", "<s>old</s> new", "AT&amp;T &lt;b&gt;", "5 * 3"]
    image = compile_markdown("![a [[mah|**b**]]](https://example.org/i.png)", "x", "stakes/t/").markup.html
    assert ">Image: a b</a>" in image


def test_what_markdown_would_leave_out_is_said_and_an_empty_link_shows_its_address():
    """Found by a tester: a table cell past the header's, a footnote nothing refers to and a field of definitions
    alone vanished from the page without a word; `[](url)` gave an empty link (no name for a screen reader)."""
    from briefkit.markup import compile_markdown

    table = "|\n      | a | b |\n      | - | - |\n      | 1 | 2 | 3 |\n\n      Text.[^a]\n\n      [^a]: Used.\n      [^b]: Unused."
    assert report(stake_summary(table), warnings=True) == [
        at(7, 7, "warning: `summary`: this table row has more cells than the table's header; the cells past the "
                 "header's are not shown"),
        at(12, 7, "warning: `summary`: nothing refers to footnote `[^b]`, so it is not shown; refer to it with [^b] "
                  "in the text, or remove it")]
    quoted = "|\n      > | a | b |\n      > | - | - |\n      > | 1 | 2 |"  # in a quote: no cell too many (a tester)
    assert report(stake_summary(quoted), warnings=True) == []
    assert report(stake_summary("'[ref]: https://example.org/'")) == [
        at(4, 14, "`summary` shows nothing: it holds only definitions (of links or footnotes); write the text")]
    html = compile_markdown("See [](https://example.org/a) and [ ](https://example.org/b) and [x](https://example.org/c), "
                            "[](https://example.org/é) and []().", "x", "stakes/talks/").markup.html
    assert '<a href="https://example.org/%C3%A9">https://example.org/é</a>' in html and ">link</a>" in html, html
    assert ('<a href="https://example.org/a">https://example.org/a</a>' in html
            and '<a href="https://example.org/b">https://example.org/b</a>' in html
            and '<a href="https://example.org/c">x</a>' in html), html


def test_a_tag_or_alias_listed_twice_is_a_warning_and_shown_once():
    """`tags: [border, ชายแดน, border]` showed twice on the page, in Atom and in JSON-LD (found by a tester)."""
    sheet = "actors:\n  - id: iran\n    name: Iran\n    kind: state\n    aliases: [Persia, ' Persia', ایران]\n"
    assert report(sheet, warnings=True) == [
        at(2, 5, "warning: actor `iran` is not referenced by any page"),
        at(5, 23, "warning: `aliases` names `Persia` twice; the repeat is left out")]
    write("t.yaml", sheet)
    from briefkit.pipeline import check

    assert check("briefings", use_cache=False).entities["iran"].data["aliases"] == ["Persia", "ایران"]


def test_a_blank_patterned_field_says_the_form_it_takes():
    """`wikidata:` left blank was told to "write text" (found by a tester)."""
    assert report("actors:\n  - id: iran\n    name: Iran\n    kind: state\n    wikidata:\n") == [
        at(5, 14, "`wikidata` is empty; write `Q` followed by digits (such as Q794) or leave the field out")]


@pytest.mark.parametrize("written, odd", [("аct-a", "U+0430, cyrillic small letter a"), ("[[act-a]]", ""),
                                          ("/actors/act-a/", ""), ("ａct-a", "U+FF41, fullwidth latin small letter a"),
                                          ("act-á", "U+00E1, latin small letter a with acute")])
def test_an_id_written_with_look_alike_letters_or_as_a_link_gets_a_suggestion(written, odd):
    """A Cyrillic а, a full-width letter, an accent, a wikilink or a page's address where an id goes got no "did you
    mean" (found by a tester)."""
    sheet = ("actors:\n  - {id: act-a, name: A, kind: state}\nincidents:\n  - {id: i1, title: T, date: 2021-02-15, "
             f"kind: k, location: {{name: L}}, sources: [reuters-1], actors: [{{actor: '{written}', role: other}}]}}\n")
    [problem] = report(sheet)
    named = f": it holds `{written[-1] if 'á' in written else written[0]}` ({odd}), which is none of those" if odd else ""
    assert problem.endswith(f"`{written}` is not a valid id; ids use lowercase letters a-z, digits and single hyphens"
                            f"{named}; did you mean `act-a`?"), problem


def test_an_id_in_another_script_is_not_read_as_look_alike_latin_letters():
    """`харків-2022` was offered "e.g. `xapkib-2022`", its Cyrillic letters read as the Latin ones they look like, a
    reading meant for one letter typed with the wrong keyboard (a tester)."""
    sheet = ("incidents:\n  - {id: харків-2022, title: T, date: 2022, kind: k, location: {name: L}, sources: [reuters-1]}\n"
             # digits are no letters: `Київ-2022` was half Latin, and offered `k-ib-2022` (a reviewer)
             "  - {id: Київ-2022, title: T, date: 2022, kind: k, location: {name: L}, sources: [reuters-1]}\n"
             "  - {id: аct-a, title: T, date: 2022, kind: k, location: {name: L}, sources: [reuters-1]}\n")
    assert report(sheet) == [
        at(2, 10, "`харків-2022` is not a valid id: use lowercase letters a-z, digits and single hyphens, so write it "
                  "in those (the `name` or `title` keeps its own script)"),
        at(3, 10, "`Київ-2022` is not a valid id: use lowercase letters a-z, digits and single hyphens, so write it "
                  "in those (the `name` or `title` keeps its own script)"),
        at(4, 10, "`аct-a` is not a valid id: use lowercase letters a-z, digits and single hyphens, e.g. `act-a`")]


def test_a_reference_to_an_id_longer_than_any_is_said_so():
    """An 81-letter id named in a wikilink was "unknown … to create it: briefkit add …", a command that refuses it,
    and in `sources:` "not a valid id; ids use lowercase letters …", which it does (a tester)."""
    long = "a" * 81
    sheet = ("briefing:\n  id: b\n  title: T\n  date: 2021-01-01\n"
             f"  summary: see [[{long}]]\n  sources: [{long}, reuters-1]\n")
    assert report(sheet) == [
        at(5, 16, f"unknown id `{'a' * 40}…`: it is longer than 80 characters, as no id is"),
        at(6, 13, f"`sources[0]`: id `{'a' * 40}…` is longer than 80 characters, as no id is")]
    # a long name spelt as an id is that entity (a reviewer: the hint had been lost)
    name = "Islamic Revolutionary Guard Corps Aerospace Force and Affiliated Units Operating in Syria"
    spelt = name.lower().replace(" ", "-")
    found = report(f"actors:\n  - {{id: irgc-af, name: {name}, kind: armed-group}}\nstakes:\n  - id: t\n    title: T\n"
                   f"    summary: '[[{spelt}]]'\n    parties: [{{actor: {spelt}, position: P}}]\n")
    assert len(found) == 2 and all(line.endswith("is longer than 80 characters, as no id is; did you mean `irgc-af`?")
                                   for line in found), found


def test_an_id_with_one_look_alike_or_invisible_character_names_it():
    """`kіllings` (a Cyrillic і) was printed exactly as its "did you mean `killings`?", and an id with a zero-width
    space in it had no "did you mean" (testers): the character is named, by code point."""
    sheet = ("actors:\n  - {id: act-a, name: A, kind: state}\nincidents:\n  - {id: i1, title: T, date: 2021-02-15, "
             "kind: k, location: {name: L}, sources: [reuters-1], actors: [{actor: 'аct-b', role: other}, "
             "{actor: \"act\\u200b-a\", role: other}]}\n")
    assert [p.split(": ", 1)[1] for p in report(sheet)] == [
        "`actors[0].actor`: `аct-b` is not a valid id; ids use lowercase letters a-z, digits and single hyphens: it "
        "holds `а` (U+0430, cyrillic small letter a), which is none of those",
        "`actors[1].actor`: `act\\u200b-a` is not a valid id; ids use lowercase letters a-z, digits and single "
        "hyphens: it holds `\\u200b` (U+200B, zero width space), which is none of those; did you mean `act-a`?"]


def test_an_empty_quoted_id_or_country_is_said_to_be_empty():
    """`id: ""` was "`` is not a valid id", `country: ""` "… not ``": empty backticks (a tester)."""
    assert report('actors:\n  - {id: "", name: A, kind: state, country: ""}\n') == [
        at(2, 10, "`id` is empty: write an id of lowercase letters a-z, digits and single hyphens"),
        at(2, 45, '`country` is empty: write an assigned ISO 3166-1 alpha-2 code such as "IQ", or leave the field out')]


def test_an_unquoted_year_yaml_reads_as_octal_is_kept_with_a_warning():
    """FORMAT.md takes a year quoted or not; `0777` is octal to YAML 1.1 (511), so a typo such as `0221` went unseen
    (found by a tester): the year is kept, and the editor told to quote it."""
    sheet = ("incidents:\n  - {id: i1, title: T, date: 0777, kind: k, location: {name: L}, sources: [reuters-1]}\n")
    assert report(sheet) == []
    assert report(sheet, warnings=True) == [
        at(2, 30, "warning: `date`: taken as the year 0777, but YAML reads `0777` as the number 511; quote it: \"0777\"")]


def test_did_you_mean_is_worked_out_only_for_the_problems_a_file_shows(monkeypatch):
    """A rename of an id that 5,000 places name gave 5,000 unknown ids, each with a "did you mean" worked out (a
    millisecond or more each: `check` took 21 s), though a file shows its first 100 problems (a tester)."""
    from briefkit import suggest
    from briefkit.problems import SHOWN_PER_FILE, shown

    asked = []
    real = suggest.Suggester.suggest_all
    monkeypatch.setattr(suggest.Suggester, "suggest_all",
                        lambda self, word, *a, **k: asked.append(word) or real(self, word, *a, **k))
    write("base.yaml", BASE)
    write("t.yaml", "briefing:\n  id: b\n  title: T\n  date: 2021-01-01\n  summary: S.\n  sources: [reuters-1]\n"
                    "  actors:\n" + "".join(f"    - actor: kataib-hezbollah-{i}\n" for i in range(300))
          + "  incidents: [" + ", ".join(f"erbil-atack-{i}" for i in range(300)) + "]\n")
    problems = check("briefings", use_cache=False).problems
    assert len([p for p in problems if "unknown id" in p.message]) == 600
    assert 0 < len(asked) <= SHOWN_PER_FILE
    printed = [p for p in shown(problems) if "unknown id" in p.message]
    assert len(printed) == SHOWN_PER_FILE and all("did you mean `" in p.message for p in printed), printed[-1]


def test_did_you_mean_is_worked_out_for_a_bounded_number_of_problems_in_all(monkeypatch):
    """30,000 unknown ids, 100 in each of 300 sheets, took a minute to hint, all of them shown (a tester): the hints
    stop after index.HINTS in one check, the problems all still said."""
    from briefkit import index, suggest

    asked = []
    real = suggest.Suggester.suggest_all
    monkeypatch.setattr(suggest.Suggester, "suggest_all",
                        lambda self, word, *a, **k: asked.append(word) or real(self, word, *a, **k))
    monkeypatch.setattr(index, "HINTS", 150)
    write("base.yaml", BASE)
    for n in range(4):
        write(f"t{n}.yaml", f"actors:\n  - id: a{n}\n    name: A\n    kind: person\n    summary: '"
              + " ".join(f"[[kataib-hezbollah-{n}-{i}]]" for i in range(60)) + "'\n")
    problems = check("briefings", use_cache=False).problems
    assert len([p for p in problems if "unknown id" in p.message]) == 240, problems[:3]
    assert 0 < len(asked) <= 150


def test_a_long_circle_of_responses_is_named_by_its_ends():
    """Each of n incidents answering the next, the last the first: the warning spelt out all n ids (and n such
    circles made 353 MB of warnings at 8,000, a tester). A long circle is named by its ends and its length."""
    incidents = "".join(f"  - {{id: i{k}, title: T, date: 2021-02-15, kind: k, location: {{name: L}}, "
                        f"sources: [reuters-1], responds_to: [i{(k + 1) % 40}]}}\n" for k in range(40))
    write("base.yaml", BASE)
    write("t.yaml", "incidents:\n" + incidents)
    circles = [p for p in run(warnings=True) if "answers this incident in turn" in p]
    assert circles == [at(41, 109, "warning: `responds_to` names `i0`, which answers this incident in turn (i0 → i1 → "
                                   "i2 → … 35 more … → i38 → i39 → i0): it lists earlier incidents this one answers")]


@pytest.mark.parametrize(("summary", "column", "message"), [
    ("'***'", 14, "`summary` shows nothing: its Markdown has no words in it (a rule, an empty heading, list or code "
                  "block, or invisible characters); write the text"),
    ("'#'", 14, "`summary` shows nothing: its Markdown has no words in it (a rule, an empty heading, list or code "
                "block, or invisible characters); write the text"),
    ("'" + ">" * 40 + " x'", 15, "`summary`: lists and quotes are nested too deeply here (`" + ">" * 40 + "`; at "
                                 "most 20 levels of lists, 39 of quotes): Markdown would drop the rest of the text; "
                                 "nest them less"),  # 40 quotes: said as the limit, not as "20 levels" (a tester)
])
def test_a_field_that_shows_nothing_says_why(summary, column, message):
    """`***`, `#` or 40 nested quotes were said to hold "only definitions (of links or footnotes)" (a tester)."""
    assert report(stake_summary(summary)) == [at(4, column, message)]


def test_an_actor_named_only_by_itself_is_not_referenced_by_any_page():
    """`[[a2]]` in a2's own summary, or a2 opposing only itself, counted as a reference: no page but its own names
    it, and it got no "not referenced" warning (a tester)."""
    write("base.yaml", BASE)
    write("t.yaml", "actors:\n  - {id: a2, name: A2, kind: person, summary: 'Of [[a2]].'}\n"
                    "  - {id: a3, name: A3, kind: armed-group, relations: [{type: opposes, target: a3}]}\n")
    assert [p for p in run(warnings=True) if "not referenced" in p] == [
        at(2, 5, "warning: actor `a2` is not referenced by any page"),
        at(3, 5, "warning: actor `a3` is not referenced by any page")]


def test_an_actor_its_own_role_or_relation_lists_on_another_page_is_referenced():
    """A president whose role is `of: artsakh`, or a militia `backed-by` Armenia, is listed and linked on that page,
    yet was said to be on no page, and --strict failed on it (a tester), as was a navy whose summary mentions its
    state. Another entity's page lists it: no warning; an id no entity has puts it on no page."""
    write("base.yaml", BASE)
    write("t.yaml", "actors:\n  - {id: artsakh, name: Artsakh, kind: government-body, summary: 'Of [[a4]].'}\n"
                    "  - {id: a4, name: A4, kind: person}\n"
                    "  - {id: a2, name: A2, kind: person, roles: [{title: President, of: artsakh}]}\n"
                    "  - {id: a3, name: A3, kind: armed-group, relations: [{type: backed-by, target: a4}]}\n"
                    "  - {id: a5, name: A5, kind: person, roles: [{title: Mayor}]}\n"
                    # on a4's page (Mentioned in), and on the sources page (Cited by): also referenced (a tester)
                    "  - {id: a6, name: A6, kind: armed-group, summary: 'The navy of [[a4]].'}\n"
                    "  - {id: a7, name: A7, kind: armed-group, relations: [{type: opposes, target: a7, sources: [reuters-1]}]}\n")
    assert [p for p in run(warnings=True) if "not referenced" in p] == [
        at(6, 5, "warning: actor `a5` is not referenced by any page")]


@pytest.mark.parametrize("written", ["unconfirmed", "not confirmed", "confirmed?", "undisputed", "unclaimed"])
def test_a_status_with_a_word_added_is_offered_nothing_that_could_mean_its_opposite(written):
    """`unconfirmed` was offered `confirmed` (found by a tester): an editor who took it published the opposite."""
    def claimed(status: str) -> str:
        return incident("2021-02-15", f'    claims: [{{text: Said., status: "{status}", sources: [reuters-1]}}]\n')

    problems = report(claimed(written))
    assert len(problems) == 1 and f"got `{written}`" in problems[0] and "did you mean" not in problems[0], problems
    assert report(claimed("confirmd"))[0].endswith("did you mean `confirmed`?")  # a typo still is


def test_a_one_letter_typo_in_a_short_part_of_an_id_gets_a_did_you_mean():
    """`jeo-biden`, `nu-security-council` were told to create them, which makes a duplicate: the part they do not
    share with the id meant is short, so unlike it by the ratio alone (a tester). A short part beside shared ones
    that differs otherwise than by a swap is an acronym or code of another (`bcc-persian`; `rte-…` is not `rt-…`,
    nor `uk-…` `us-…`: reviewers): told how to create it."""
    problems = report("""\
        sources:
          - {id: bbc-persian, publisher: BBC Persian}
        actors:
          - {id: joe-biden, name: Joe Biden, kind: person}
          - {id: un-security-council, name: UN Security Council, kind: organization}
        incidents:
          - id: x
            title: X
            date: 2023-06-24
            kind: talks
            location: {name: New York}
            actors: [{actor: jeo-biden, role: other}, {actor: nu-security-council, role: other}]
            sources: [bcc-persian]
        """)
    assert problems == [
        at(12, 22, "unknown id `jeo-biden`: no actor has this id; did you mean `joe-biden`?"),
        at(12, 55, "unknown id `nu-security-council`: no actor has this id; did you mean `un-security-council`?"),
        at(13, 15, "unknown id `bcc-persian`: no source has this id; to create it: briefkit add source bcc-persian "
                   "--to briefings/t.yaml")]
    # a two-letter part is another country or body, not a typo (`uk-…` was offered `us-…`: a reviewer)
    from briefkit.suggest import Suggester

    ids = Suggester(["us-embassy-baghdad", "us-led-coalition", "rt-2023-04-01", "sana-2023"])
    assert ids.suggest_all("uk-embassy-baghdad") == () and ids.suggest_all("un-led-coalition") == ()
    assert ids.suggest_all("rte-2023-04-01") == () and ids.suggest_all("suna-2023") == ()


def test_a_surname_written_for_a_person_and_a_source_of_another_publisher_get_the_right_advice():
    """`putin` for `vladimir-putin` was told to create it, and a second actor of that man was made; `tass-2023-…`
    was offered `reuters-2023-…` for sharing its date, which credited a claim to another publisher (a tester)."""
    problems = report("""\
        sources:
          - {id: reuters-2023-06-24, publisher: Reuters}
        actors:
          - {id: vladimir-putin, name: Vladimir Putin, kind: person}
          - {id: prigozhin-yevgeny, name: Yevgeny Prigozhin, kind: person}
        incidents:
          - id: x
            title: X
            date: 2023-06-24
            kind: mutiny
            location: {name: Rostov-on-Don}
            actors: [{actor: putin, role: other}, {actor: prigozhin, role: other}]
            sources: [tass-2023-06-24, reuter-2023-06-24]
        """)
    assert problems == [
        at(12, 22, "unknown id `putin`: no actor has this id; did you mean `vladimir-putin`?"),
        at(12, 51, "unknown id `prigozhin`: no actor has this id; did you mean `prigozhin-yevgeny`?"),
        at(13, 15, "unknown id `tass-2023-06-24`: no source has this id; to create it: "
                   "briefkit add source tass-2023-06-24 --to briefings/t.yaml"),
        at(13, 32, "unknown id `reuter-2023-06-24`: no source has this id; did you mean `reuters-2023-06-24`?"),
    ]


def test_a_surname_two_or_three_persons_share_is_offered_each_of_them():
    """`aliyev` with Heydar and Ilham Aliyev defined was told to create it, a third Aliyev (a tester): a surname a
    family shares offers each of its persons; one many share offers none."""
    people = "".join(f"  - {{id: {i}, name: {n}, kind: person}}\n" for i, n in [
        ("ilham-aliyev", "Ilham Aliyev"), ("heydar-aliyev", "Heydar Aliyev"), ("kim-jong-un", "Kim Jong Un"),
        ("kim-il-sung", "Kim Il Sung"), ("p1", "Al Kowalski"), ("p2", "Bo Kowalski"), ("p3", "Cy Kowalski"),
        ("p4", "Di Kowalski")])
    problems = report("actors:\n" + people + incident("2021-02-15", "    actors: [{actor: aliyev, role: other}, "
                                                                     "{actor: kowalski, role: other}]\n"))
    assert problems == [
        at(17, 22, "unknown id `aliyev`: no actor has this id; did you mean `heydar-aliyev` or `ilham-aliyev`?"),
        at(17, 52, "unknown id `kowalski`: no actor has this id; to create it: briefkit add actor kowalski --to "
                   "briefings/t.yaml")]


def test_a_reference_link_whose_label_the_field_does_not_define_is_a_warning():
    """`[the report][r]` with `[r]: https://…` in another field (or nowhere) showed as written, without a word, where
    the same slip with a footnote is warned (a tester). A label defined in the field, or one in code, is fine; so are
    markers side by side (`[1][2]`, `[sic][emphasis added]`: a reviewer)."""
    problems = report("""\
        briefing:
          id: b
          title: T
          date: 2021-02-26
          summary: "See [the report][r], [fine][f] and `[code][x]`.\\n\\n[f]: https://a.example/f"
          body: |-
            Body and [Iran][]. 40 deaths.[1][2] ٤٠ قتلوا.[١][٢] grid[3][4] "Fire" [sic][emphasis added]. [Read][7].

            [r]: https://a.example/r
          sources: [reuters-1]
        """, warnings=True)
    said = "warning: `{0}`: `{1}` links to the label `[{2}]`, which no line of this field defines, so it shows as " \
           "written: define it here (`[{2}]: https://…`: a link's definition belongs to its field), or write the " \
           "address in the link"
    assert [p for p in problems if "t.yaml" in p] == [at(5, 17, said.format("summary", "[the report][r]", "r")),
                                                     at(7, 14, said.format("body", "[Iran][]", "Iran")),
                                                     at(7, 98, said.format("body", "[Read][7]", "7"))]  # numbered
    # defined right under a table, which reads it as a row: told to put a blank line before it (a reviewer)
    table = "|\n      From [AP][ap].\n\n      | Year | Killed |\n      | - | - |\n      | 2011 | 10 |\n      [ap]: https://a.example/x"
    assert report(stake_summary(table), warnings=True) == [
        at(5, 12, "warning: `summary`: `[AP][ap]` shows as written: the definition of `[ap]` is read as part of the "
                  "table right above it; put a blank line before the definition")]


def test_a_link_markdown_shows_as_written_is_a_warning_with_its_cause():
    """An address pasted with spaces, `] (`, a `(` never closed, `<https://… a b>`: the page showed brackets and
    address as text, without a word (a tester). Escaped brackets, code, `[sic] (1999)` and good links are fine."""
    problems = report("""\
        briefing:
          id: b
          title: T
          date: 2021-02-26
          summary: >-
            The [audit](https://a.example/ok), [audit](https://a.example/Informe Auditoria.pdf) and
            a [Reuters report] (https://a.example/r), [sic] (1999), `[c](d e)`, \\[esc\\](x y),
            [ok](https://a.example/ok) and <https://a.example/a b>.
          body: "See [El Deber](https://a.example/x"
          claims:  # prose, escaped or refused, not links meant (reviewers)
            - text: |
                The slogan [in Persian] (#زن_زندگی_آزادی) trended; [sic] (#2 du gouvernement); Kyiv [ˈkɪjiu̯] (/ˈkiːjɪv/).
                The yield is P[t](1 + r); 据报道[快讯](记者 张三); [the group](which he did not name
                in the briefing); \\<https://a.example/a b\\> and &lt;https://a.example/c d&gt;; [d](data:x y).
              status: reported
              sources: [reuters-1]
              note: |
                A [wrapped](https://a.example/long
                /path.pdf) address.
          sources: [reuters-1]
        """, warnings=True)
    space = ("its address holds a space (a line break in a `>` text is one), which no URL holds: write it on one line, "
             "each space in it as %20")
    assert [p for p in problems if "t.yaml" in p] == [
        at(6, 40, f"warning: `summary`: `[audit](https://a.example/Informe Auditoria.pdf)` shows as written, not as a "
                 f"link: {space}"),
        at(7, 7, "warning: `summary`: `[Reuters report] (https://a.example/r)` shows as written, not as a link: a "
                 "space parts `]` from `(`: write them together"),
        at(8, 36, "warning: `summary`: `<https://a.example/a b>` shows as written, not as a link: the address in "
                  f"`<…>` holds a space, which no URL holds: write each space as %20"),
        at(9, 14, "warning: `body`: `[El Deber](https://a.example/x` shows as written, not as a link: its `(` is "
                  "never closed: end the address with `)`"),

        at(14, 92, "`claims[0].text`: link scheme `data:` is not allowed; use http:, https:, mailto:, a relative path "
                   "or #anchor"),
        at(18, 11, "warning: `claims[0].note`: `[wrapped](https://a.example/long /path.pdf)` shows as written, not as a "
                   "link: its address is wrapped onto the next line, which no URL is: write it on one line")]


def test_a_file_name_holding_a_space_is_a_link_shown_as_written():
    """`[the annex](annex 2.pdf)`, `[site](example.org/a b)`: a file name or a domain holding a space was published as
    text, unsaid, once only what starts as an address counted (a reviewer); an unclosed `<https://… a a …` is read
    once (its pattern had backtracked: 21 s on 90 KB)."""
    found = report(stake_summary("'See [the annex](annex 2.pdf), [site](example.org/a b), <https://x.org/ a a a'"),
                   warnings=True)
    assert [line.split(": ", 1)[0].split(":", 1)[1] for line in found] == ["4:19", "4:45"], found


def test_a_long_address_holding_a_space_is_told_of_its_space():
    """An address of 316 characters with a space, closed by `)`, was said never to be closed: it was read 300
    characters ahead (a reviewer)."""
    address = "https://a.example/" + "a" * 290 + " b.pdf"
    found = report(stake_summary(f"'Long [doc]({address}) here.'"), warnings=True)
    assert len(found) == 1 and found[0].endswith("its address holds a space (a line break in a `>` text is one), "
                                                 "which no URL holds: write it on one line, each space in it as %20")


def test_an_empty_heading_among_words_is_a_warning_and_never_a_hint():
    """`## ` alone in a field with words published an empty `<h2 id="h_">` for screen readers' outlines, without a
    word, and a link to a missing heading was offered `h_` (a tester)."""
    problems = report(with_body("""\
        Text with a [link](#h_x).

        ```sh
        #
        ```

        ##

        More text.

        ##
        """), warnings=True)
    empty = "warning: `body`: a heading with no words: write its words after the `#`, or remove the line"
    assert [p for p in problems if "t.yaml" in p] == [
        at(7, 24, "warning: `body`: link to `#h_x`, a heading this entity's page does not have"),
        at(13, 5, empty), at(17, 5, empty)]


def test_a_footnote_or_link_label_defined_twice_in_a_field_is_a_warning_at_the_second():
    """A second `[^x]:` dropped the first note's text, and a second `[r]:` was ignored, without a word (a tester)."""
    problems = report(with_body("""\
        Note[^x] and [the report][r].

        [^x]: First note.

        [^x]: Second note.

        [r]: https://a.example/1
        [R]: https://a.example/2
        """), warnings=True)
    assert [p for p in problems if "t.yaml" in p] == [
        at(11, 5, "warning: `body`: footnote `[^x]` is defined again here: only its last definition is shown, the "
                  "others are lost; give each its own label"),
        at(14, 5, "warning: `body`: link label `[R]` is defined again here: links take its first definition's address, "
                  "not this one's; give each its own label")]


def test_a_link_to_an_anchor_of_its_own_page_that_no_page_has_is_a_warning():
    """`[Reuters](#src-a)` (meaning the source) or `#claims` linked nothing and passed check and build; `make linkcheck`
    then failed on the HTML (a tester). Every anchor of an entity's page holds `_` (the theme's) or starts `h_` (a
    heading's, checked once the page's headings are known); any other is dead, but `#top`, every browser's page top."""
    problems = report("""\
        briefing:
          id: b
          title: T
          date: 2021-02-26
          summary: S.
          body: "See [R](#reuters-1), [c](#claims), [up](../../briefings/b/#up), [x](#c_9), [y](#claims_h), [t](#top)."
          sources: [reuters-1]
        """, warnings=True)
    said = "`body`: link to `#{}`, an anchor this entity's page does not have: a heading's starts with `h_` " \
           "(`#h_background`), and a source or other entity is linked as `[[its-id]]`"
    assert [p for p in problems if "t.yaml" in p] == [at(6, 18, "warning: " + said.format("reuters-1")),
                                                     at(6, 35, "warning: " + said.format("claims")),
                                                     at(6, 50, "warning: " + said.format("up"))]


def test_a_name_longer_than_a_label_may_be_is_refused_at_its_place():
    """A 90,000-character name, shown for each of 4,000 wikilinks, made a 350 MB page of a 114 KB sheet (a tester):
    a text field holds at most MAX_TEXT_CHARS characters; a Markdown field keeps the loader's limit."""
    from briefkit.model import MAX_TEXT_CHARS

    long = "Name " * (MAX_TEXT_CHARS // 5) + "x"
    problems = report(f"actors:\n  - {{id: a, name: {long}, kind: person, summary: {long}}}\n"
                      f"  - {{id: b, name: {long[:MAX_TEXT_CHARS]}, kind: person, aliases: [B, {long}]}}\n")
    said = "holds 501 characters, more than the 500 a name, title or label may hold (it shows wherever it is " \
           "named); shorten it, and put the rest in a summary or note"
    assert problems == [at(2, 19, f"`name` {said}"), at(3, 548, f"`aliases[1]` {said}")]
    # a briefing actor's role (who matters here and why) shows once: the loader's limit alone (a tester)
    role = "Mediator. " * 100
    assert report(f"briefing: {{id: b, title: T, date: 2021-01-01, summary: S., sources: [reuters-1], "
                  f"actors: [{{actor: us, role: {role.strip()}}}]}}\n") == []


def test_an_incident_and_a_source_defined_inside_the_briefing_are_told_where_they_go():
    """The story's incident and source written under the briefing's own `incidents:` and `sources:` got "must be an
    id, not a mapping", and every reference to them advice to create them again, as actors (a tester)."""
    problems = report("""\
        briefing:
          id: b
          title: T
          date: 2021-02-17
          summary: The [[inline-inc]].
          incidents:
            - id: inline-inc
              title: Inline
          sources:
            - {id: src-n, publisher: Reuters}
        """)
    where = "inside `{0}` of briefing `b`: define it in the sheet's top-level `{1}:` list"
    assert problems == [
        at(5, 16, "unknown id `inline-inc`: no entity has this id; an incident is defined with it at briefings/t.yaml:7:11, "
                  + where.format("incidents[0]", "incidents")),
        at(7, 7, "`incidents[0]` must be an id, not a mapping: this defines incident `inline-inc` inside a briefing; "
                 "define it in the sheet's top-level `incidents:` list, and write its id alone here: `- inline-inc`"),
        at(10, 7, "`sources[0]` must be an id, not a mapping: this defines source `src-n` inside a briefing; define it "
                  "in the sheet's top-level `sources:` list, and write its id alone here: `- src-n`"),
    ]


def test_a_field_indented_into_a_block_of_text_is_said_at_its_line():
    """A key indented as deep as the `>-` text above it is part of that text: the claim was published as "Kirby said
    blah. attributed_to: john-kirby", unattributed, and `--strict` passed; a required field was said missing at the
    record, not at the line (a tester). A line that starts as a field the record lacks is a warning there; a field the
    record has, or a word with a colon inside a sentence, is text."""
    problems = report("""\
        briefing:
          id: b
          title: T
          date: 2021-02-17
          summary: >-
            Something happened.
            sources: [reuters-1]
          claims:
            - text: >-
                Kirby said blah.
                attributed_to: us
              status: claimed
              sources: [reuters-1]
            - text: |
                Its legal status: disputed.
                status: claimed
                attributed_to: the Office of the Spokesperson, in a sentence.

                    note: a code block's line, deeper than the text's
              status: claimed
              sources: [reuters-1]
        """, warnings=True)
    said = "`{0}:` is read as part of the text of `{1}`, being indented as that text is; to make it a field, indent " \
           "`{0}:` as `{2}:` is"
    assert [p for p in problems if "base.yaml" not in p] == [
        at(2, 3, "briefing `b` is missing required field `sources`"),
        at(7, 5, "warning: " + said.format("sources", "summary", "summary")),
        at(11, 9, "warning: " + said.format("attributed_to", "claims[0].text", "text")),
    ]


def test_no_hint_names_another_group_for_its_last_word_nor_cuts_a_short_id_mid_word():
    """`hezbollah` was offered `kataib-hezbollah`, another group, for its id's last word; `un` was offered
    `united-states` and `do` `donald-trump` as cuts of them (a tester). An actor's id ending counts for a person only;
    an id of fewer than three letters is lengthened by whole parts only (`un` to `un-envoy`)."""
    problems = report("""\
        actors:
          - {id: united-states, name: States, kind: state}
          - {id: un-envoy, name: Envoy, kind: person}
          - {id: mike-pompeo, name: Mike Pompeo, kind: person}
        stakes:
          - {id: s, title: S, summary: S., parties: [{actor: hezbollah, position: P}, {actor: un, position: P},
             {actor: united, position: P}, {actor: pompeo, position: P}]}
        """)
    create = "to create it: briefkit add actor {0} --to briefings/t.yaml"
    assert problems == [
        at(6, 54, "unknown id `hezbollah`: no actor has this id; " + create.format("hezbollah")),
        at(6, 87, "unknown id `un`: no actor has this id; did you mean `un-envoy`?"),
        at(7, 14, "unknown id `united`: no actor has this id; did you mean `united-states`?"),
        at(7, 44, "unknown id `pompeo`: no actor has this id; did you mean `mike-pompeo`?"),
    ]


@pytest.mark.parametrize(("text", "line", "column", "message"), [
    # at the quote that ends the value (libyaml stops at the character after it: a tester)
    (ACTOR + "    aliases: ['Prigozhin's march']\n", 5, 25, "the `'` inside this '…' value ends it early; write it "
     "twice (`'Prigozhin''s march'`), or quote the value with \"…\" instead"),
    (ACTOR + '    aliases: ["called a "provocation" here"]\n', 5, 25, "the `\"` inside this \"…\" value ends it early; "
     "write it as `\\\"`, or quote the value with '…' instead"),
    # a quotation, then its full stop: the quote is not inside the value (a tester)
    (ACTOR + '    summary: "We will respond".\n', 5, 30, "`.` follows the `\"` that closes this value: to keep the "
     "quotation marks as text, quote the whole value with '…' (`'\"We will respond\".'`), or put the `.` inside the "
     "quotes"),
    ("actors:\n  - id: w\n    name:Wagner seizes Rostov\n    kind: person\n", 3, 5, "`name:` needs a space after its "
     "`:` to start a value; without one YAML reads the line as text, not as `name` and its value: write `name: …`"),
    ("briefing:\n  actors:\n    - actor: x\n    actor: y\n", 4, 5, "YAML expected the next item of the list above "
     "here: start it with `- `, or indent this line as the lines it belongs with"),
    ("actors:\n  - id: w\n    name: @Wagner fighters\n", 3, 11, "YAML reserves `@` at the start of a value; quote "
     "the whole value (put it in \"…\")"),
    ("actors:\n  - id: w\n<<<<<<< HEAD\n    name: A\n=======\n    name: B\n>>>>>>> origin/main\n    kind: person\n",
     3, 1, "an unresolved merge conflict (`<<<<<<<`, `=======` and `>>>>>>>` lines): keep the side you want, and "
     "remove the other side and the three marker lines"),
    ("actors:\n  - id: w\n    name: “Wagner mutiny: the march”\n", 3, 25, "YAML reads this `:` as ending a key, "
     "where no key can start: if the value holds `: `, quote the whole value (`name: \"Beirut: the port\"`); "
     "otherwise, check the indentation; `“` is a typographic quote, which YAML reads as text: quote with "
     "straight \" or '"),
    # a Russian headline's guillemets are its words, not a try at quoting the value: no word of “ ” (a tester)
    ("sources:\n  - id: s4\n    publisher: x\n    title: «Взрыв на мосту»: что известно\n", 4, 28, "YAML reads this "
     "`:` as ending a key, where no key can start: if the value holds `: `, quote the whole value (`name: \"Beirut: the "
     "port\"`); otherwise, check the indentation"),
    # a value that a quotation or an editor's bracket opens, text after it: libyaml's "did not find expected key"
    ("actors:\n  - id: z\n    name: \"Shusha\" falls\n    kind: state\n", 3, 11, "this value starts with `\"`, which "
     "YAML reads as a quoted text, and text follows it: quote the whole value, as in '\"Shusha\" falls'"),
    ("actors:\n  - id: z\n    name: [sic] Armenian army\n", 3, 11, "this value starts with `[`, which YAML reads as "
     "a list, and text follows it: quote the whole value, as in '[sic] Armenian army'"),
    ("briefing:\n  tags:\n    - 'Shusha' falls\n", 3, 7, "this value starts with `'`, which YAML reads as a quoted "
     "text, and text follows it: quote the whole value, as in \"'Shusha' falls\""),
    # the comment after it stays out of the value, and the spacing as written stays in (a tester)
    ("actors:\n  - id: z\n    name: \"Shusha\"\tfalls # note\n    kind: state\n", 3, 11, "this value starts with `\"`, "
     "which YAML reads as a quoted text, and text follows it: quote the whole value, as in '\"Shusha\"\tfalls'"),
    # a wikilink first: YAML's list in a list (a tester)
    ("actors:\n  - id: z\n    name: Z\n    summary: [[z|The Houthis]] are backed by Iran.\n", 4, 14, "this value starts "
     "with `[[`, which YAML reads as a list in a list, not a wikilink, and text follows it: quote the whole value, as "
     "in '[[z|The Houthis]] are backed by Iran.'"),
    # libyaml said these a line or more below the line to mend (a tester)
    ("actors:\n  - id: i\n    name: Iran\n    kind state\n    country: IR\n", 4, 5,
     "`kind` needs a `:` after it: write `kind: state`"),
    ("actors:\n  - id: i\n    name: Iran\n    summary: Iran backs\na network\n    kind: state\n", 5, 1, "YAML reads this "
     "line as a key, but no `:` follows it: if it continues the text above, indent it as that text's lines (or quote "
     "the text); if it is a key, write `key: value`"),
    ("actors:\n  - id: i\n    name: \"Iran\n    kind: \"state\"\n", 3, 11, "the `\"` that opens this value is not closed "
     "on its line, so YAML reads the lines below into it, up to the `\"` on line 4: close it here"),
    ("actors:\n  - id: i\n    name: 'Iran\n    kind: state\n    aliases: ['Persia']\n", 3, 11, "the `'` that opens this "
     "value is not closed on its line, so YAML reads the lines below into it, up to the `'` on line 5: close it here"),
    # one space short: libyaml's "while parsing a block mapping did not find expected key" alone
    ("incidents:\n  - id: i\n    location:\n      name: Wagah\n     lat: 31.6\n", 5, 6, "this line is indented 5 spaces, "
     "as no line above it is: indent it as the lines it belongs with (the keys of one mapping line up, and so do the "
     "`-` of one list)"),
    ("sources:\n  - id: s1\n    publisher: R\n - id: s2\n", 4, 2, "this line is indented 1 space, as no line above it "
     "is: indent it as the lines it belongs with (the keys of one mapping line up, and so do the `-` of one list)"),
    # a value that starts with an indicator gave libyaml's words (a tester): `> 50` meant "more than 50"
    (ACTOR + "    summary: > 50 people were killed\n", 5, 14, "this value starts with `>`, which YAML reads as the start "
     "of a block of text (whose lines follow), not as text: quote the whole value, as in '> 50 people were killed'"),
    (ACTOR + "    summary: - 3 killed per AP\n", 5, 14, "this value starts with `-`, which YAML reads as an item of a "
     "list, not as text: quote the whole value, as in '- 3 killed per AP'"),
    (ACTOR + "    summary: % unknown\n", 5, 14, "this value starts with `%`, which YAML reads as a directive, not as "
     "text: quote the whole value, as in '% unknown'"),
    (ACTOR + "    aliases: [a, >5]\n", 5, 18, "YAML reserves `>` at the start of a value; quote the whole value (put it "
     "in \"…\")"),
])
def test_syntax_errors_editors_make_say_how_to_fix_them(text, line, column, message):
    """An apostrophe in '…', quotes in "…", `key:value`, a list item without its dash, a value starting with `@`,
    merge-conflict markers and typographic quotes gave libyaml's words alone (a tester writing real events)."""
    assert report(text) == [at(line, column, f"YAML syntax error: {message}")]


def test_a_briefings_fields_written_without_indentation_are_told_to_go_under_it():
    """`briefing:` then its fields at the left margin gave seven messages, none saying to indent them, where the same
    slip one level down gets a precise hint (a tester)."""
    under = "; it is a field of the briefing above, which is left empty: indent it under `briefing:`"
    allowed = "(allowed: briefing, actors, incidents, stakes, sources)"
    assert report("briefing:\nid: b\ntitle: T\nsources: [reuters-1]\nactors:\n  - {id: a, name: A, kind: person}\n") == [
        at(1, 10, "a briefing must be a mapping, not empty (null)"),
        at(2, 1, f"unknown top-level key `id` {allowed}{under}"),
        at(3, 1, f"unknown top-level key `title` {allowed}{under}"),
        at(4, 1, "`sources` lists ids here, as the briefing's own `sources` does: indent it under `briefing:` (the "
                 "sheet's top-level `sources` defines each, as a mapping)"),
    ]


def test_an_entity_in_another_kinds_list_is_told_where_it_goes():
    """An actor appended at the end of a story sheet lands under its `sources:`: it got "missing `publisher`", "did you
    mean `title`" (steering it into a source) and a `kind` error, and references to it were told to create it (a
    tester). An item that has another kind's fields and no field that kind lacks is told where it goes; one sign alone
    (a source's `name`, a slip for `publisher`) is not enough."""
    problems = report("""\
        sources:
          - id: iran-x
            name: Iran
            kind: state
          - id: s2
            name: Reuters
        incidents:
          - {id: i, title: I, date: 2021-01-01, kind: raid, location: {name: Y}, actors: [{actor: iran-x, role: other}],
             sources: [reuters-1]}
        """)
    assert problems == [
        at(2, 5, "this item has an actor's fields (`name`, `kind: state`), not a source's: move it under `actors:`"),
        at(5, 5, "source `s2` is missing required field `publisher`"),
        at(6, 5, "unknown field `name` in source; did you mean `title`?"),
        at(8, 91, "unknown id `iran-x`: no actor has this id; an actor is defined with it at briefings/t.yaml:2:9, in "
                  "the sheet's `sources:` list: move it under `actors:`"),
    ]


def test_a_no_break_space_where_yaml_needs_a_space_is_named_where_it_is():
    """`summary:` then U+00A0 (pasted from a web page) was "no `:` follows" on a line the editor sees a `:` on, or an
    error a line below; an indentation of them an "unknown key `  id`" (a tester). It is named at its place."""
    pasted = "YAML syntax error: a no-break space (U+00A0, as pasted from a web page or a word processor) is here, " \
             "which YAML does not read as a space: type an ordinary space instead"
    assert report(ACTOR + "    summary:\u00a0Iran backs them.\n") == [at(5, 13, pasted)]
    assert report("sources:\n  - id: s-a\n    publisher: X\n  - id:\u00a0s-b\n    publisher: X\n") == [at(4, 8, pasted)]
    assert report(ACTOR + '    summary: "10\u00a0000 people: the count"\n') == []  # in a quoted value, it is text
    assert report(ACTOR + "   \u00a0country: IQ\n") == [at(5, 4, pasted)]
    assert report("stakes:\n\u00a0\u00a0- id: s\n")[1] == at(2, 1, "unknown top-level key `\u00a0\u00a0- id` (allowed: "
                                                              "briefing, actors, incidents, stakes, sources); its name holds "
                                                              "no-break spaces (U+00A0, as pasted from a web page), which "
                                                              "YAML reads as part of it: indent and space with ordinary spaces")


def test_an_id_with_a_word_processors_dash_is_offered_with_a_hyphen():
    """`seed–article` (an en dash, as word processors make of `-`) was "not a valid id" with no hint, the two dashes
    alike in most fonts (a tester)."""
    assert report("briefing: {id: b, title: T, date: 2021-01-01, summary: S., sources: [reuters\u20131]}\n") == [
        at(1, 70, "`sources[0]`: `reuters\u20131` is not a valid id; ids use lowercase letters a-z, digits and single "
                  "hyphens: it holds `\u2013` (U+2013), which looks like `-`; did you mean `reuters-1`?")]


def test_a_block_header_alone_says_it_is_no_text():
    """`title: >5` (more than five) is a block of text indented five, with no lines: the field was said empty, and
    nothing said why (a tester)."""
    assert report(ACTOR + "    summary: >5\n") == [at(5, 14, "`summary` is empty: `>5` starts a YAML block of text, "
                                                        "whose lines would follow it, indented; to write `>5` as text, "
                                                        "quote it")]
    block = "but `>5` starts a YAML block of text, whose lines would follow it, indented; "
    assert report("incidents:\n  - id: i\n    title: T\n    date: 2021-01-01\n    kind: raid\n    location: {name: X}\n"
                  "    sources: [reuters-1]\n    casualties:\n      wounded: >5\n") == [at(
        9, 16, f"`casualties.wounded` must be a whole number, {block}write the figure alone, and \"more than\" in the note")]
    assert report(ACTOR + "    summary: >10\n") == [at(5, 14, "YAML syntax error: this value starts with `>`, which YAML "
                                                         "reads as the start of a block of text (whose lines follow), not "
                                                         "as text: quote the whole value, as in '>10'")]


def test_a_comment_that_cuts_a_plain_value_short_is_a_warning():
    """`title: Strike on Base #2 near Erbil` is "Strike on Base" to YAML (` #2 near Erbil` is a comment), and it was
    published cut without a word (a tester). A comment set apart (`# note`, or after two spaces) is no warning."""
    found = report("sources:\n  - id: s\n    publisher: P # the wire\nincidents:\n  - id: i\n"
                   "    title: Strike on Base #2 near Erbil\n    date: 2021-02-02\n    kind: airstrike  #todo\n"
                   "    sources: [s]\n    location: {name: Erbil}\n", warnings=True)
    assert found == [at(6, 27, "warning: YAML reads `#2 near Erbil` as a comment, so the value ends before it; if it "
                               "is part of the value, quote the whole value")]


def test_a_hashtag_starting_a_values_next_line_is_a_warning_or_the_syntax_errors_cause():
    """`summary: … on social media,` then `  #StandWithX trending`: YAML read the hashtag's line as a comment and the
    text after it was lost without a word; with a line after it, the error blamed that line's indentation (a tester).
    A comment set apart (`# note`) or at the keys' indentation is meant as one."""
    sheet = ACTOR + "    summary: A reply on social media,\n      {}\n{}"
    comment = "YAML reads `#StandWithX trending` as a comment, "
    said = lambda text, **more: [p for p in report(text, **more)  # noqa: E731
                                 if "not referenced" not in p and "not cited" not in p]
    assert said(sheet.format("#StandWithX trending", ""), warnings=True) == [
        at(6, 7, f"warning: {comment}so the value above ends before it; if it is part of the value, quote the whole "
                 "value, or write it as a block (`>`)")]
    assert said(sheet.format("#StandWithX trending", "      for hours.\n")) == [
        at(6, 7, f"YAML syntax error: {comment}which ends the value above it, and the lines after it belong to nothing: "
                 "if it is part of the value, quote the whole value, or write it as a block (`>`)")]
    assert said(sheet.format("# a note", "    #todo\n"), warnings=True) == []
    # at the keys' indentation past a list item's `- `: a comment meant as one; a key a space short after one is
    # a misaligned key, not the comment's fault (reviewers)
    assert said("sources:\n  - id: afp-9\n    #TODO add the url\n    publisher: AFP\n", warnings=True) == []
    # a value of several lines: measured from its key's line, not the line above the comment (a reviewer)
    assert said(ACTOR + "    summary: Protesters marched\n      under banners of\n      #StandWithX and others\n"
                        "      through the city\n") == [
        at(7, 7, "YAML syntax error: YAML reads `#StandWithX and others` as a comment, which ends the value above it, "
                 "and the lines after it belong to nothing: if it is part of the value, quote the whole value, or write "
                 "it as a block (`>`)")]
    # a bare item's next line goes on with it from past its dash (a reviewer)
    assert said(ACTOR + "    aliases:\n      - The people of\n        #StandWithX movement\n", warnings=True) == [
        at(7, 9, "warning: YAML reads `#StandWithX movement` as a comment, so the value above ends before it; if it is "
                 "part of the value, quote the whole value, or write it as a block (`>`)")]
    assert said(ACTOR + "    summary: Text\n    #note\n     aliases: [x]\n")[0].endswith(
        "this line is indented 5 spaces, as no line above it is: indent it as the lines it belongs with (the keys of "
        "one mapping line up, and so do the `-` of one list)")


def test_a_value_indented_past_the_nesting_limit_leaves_the_rest_of_the_sheet_read():
    """Indented nesting 70 levels deep stopped the reading at its 65th (a cap meant for `[`/`{`, whose every level
    costs libyaml time): the sheet's other problems went unsaid (a reviewer)."""
    deep = "".join(" " * (4 + 2 * level) + f"k{level}:\n" for level in range(70)) + " " * 144 + "x: 1\n"
    found = report("actors:\n  - id: a\n    name: A\n    kind: state\n    note:\n" + deep
                   + "  - {id: b, name: B, kind: state, nmae: B}\n")
    assert any("nested more than 32 levels deep" in line for line in found)
    assert any("unknown field `nmae`" in line for line in found), found


def test_a_closed_bracket_past_the_depth_read_is_not_called_unclosed():
    """Past twice the nesting limit, the scan for an unclosed bracket stopped, and called the first `[` of the
    line "never closed" though the line closes it (a reviewer): the syntax error is said where libyaml found it."""
    deep = "[" * 70 + "x" + "]" * 70
    found = report(f"actors:\n  - id: a1\n    name: A\n    kind: person\n    aliases: [x y: z, a: b: c, {deep}]\n")
    assert len(found) == 1 and found[0].startswith(at(5, 27, "YAML syntax error: while parsing a flow sequence")), found


def test_a_wikilink_with_its_id_and_label_swapped_is_told_the_order():
    """`[[حميدتي|mohamed-hamdan-dagalo]]` was offered `mohamed-hamdan-dagalo`, and following it published the id as
    the words of the page (a tester): the id goes before the `|`. A target that spells an id in capitals
    (`[[Tatmadaw|army]]`) may be the id: both ways are said (a reviewer); a bad id's label is quoted with it."""
    assert report(stake_summary("'Led by [[Hemedti|kataib-hezbollah]] and [[Hemedti]].'"))[:1] == [
        at(4, 22, "`summary`: wikilink `[[Hemedti|kataib-hezbollah]]` does not name an id first: the id goes before the "
                  "`|`, as in `[[kataib-hezbollah|Hemedti]]`; or, if `hemedti` is the id, write it in lowercase: "
                  "`[[hemedti|kataib-hezbollah]]`")]
    assert report(stake_summary("A [[حميدتي|kataib-hezbollah]] and [[Tatmadaw the army|the army]]")) == [
        at(4, 16, "`summary`: wikilink `[[حميدتي|kataib-hezbollah]]` does not name an id first: the id goes before the "
                  "`|`, as in `[[kataib-hezbollah|حميدتي]]`"),
        at(4, 48, "`summary`: wikilink `[[Tatmadaw the army|the army]]` does not name an id; ids use lowercase letters "
                  "a-z, digits and single hyphens")]


def test_field_names_editors_write_for_others_get_the_field_meant():
    """`published` was offered `publisher`, and `language`, `since`, `until`, `place` got no hint (a tester)."""
    found = report("sources:\n  - {id: s, publisher: P, published: 2023-04-15, language: ar}\nactors:\n  - {id: a, "
                   "name: A, kind: person, roles: [{title: T, since: 2020, until: 2021}]}\nincidents:\n  - {id: i, "
                   "title: T, date: 2020, kind: k, place: {name: X}, sources: [s]}\n")
    assert [line.split(": ", 1)[1] for line in found if "unknown field" in line] == [
        "unknown field `published` in source; did you mean `date`?", "unknown field `language` in source; did you mean `lang`?",
        "unknown field `since` in role; did you mean `from`?", "unknown field `until` in role; did you mean `to`?",
        "unknown field `place` in incident; did you mean `location`?"]


def test_hints_of_the_second_review_name_the_right_thing():
    """A reviewer's round on this session's hints: a capitalised id is the id it spells before a surname (`Israel`
    was offered Netanyahu, whose alias is "Prime Minister of Israel": a description, no name); `lang: en/GB` is no
    address to take a part of; one id where a list goes keeps the quotes it needs; a tag stating the script it names
    is still warned (`kr-Hang`), a Sinhala headline with English words is Sinhala; prose with a full-width colon
    that slipped left is told to be indented, not to write `:`."""
    found = report("actors:\n  - {id: israel, name: Israel, kind: state}\n  - {id: benjamin-netanyahu, name: Benjamin "
                   "Netanyahu, kind: person, aliases: [Prime Minister of Israel]}\nstakes:\n  - id: t\n    title: T\n"
                   "    parties: [{actor: Israel, position: P}]\nsources:\n  - {id: a, publisher: A, lang: en/GB}\n"
                   "  - {id: b, publisher: B, title: 북한 해안포 발사, lang: kr-Hang}\n"
                   "  - {id: c, publisher: C, title: 'Cricket World Cup 2023: ශ්‍රී ලංකාව පරාජයට', lang: si}\n"
                   "incidents:\n  - {id: i, title: T, date: 2021, kind: k, location: {name: L}, sources: '2021'}\n",
                   warnings=True)
    assert [line.split(": ", 1)[1] for line in found if "not referenced" not in line and "not cited" not in line] == [
        "`parties[0].actor`: `Israel` is not a valid id; ids use lowercase letters a-z, digits and single hyphens; did "
        "you mean `israel`?",
        "`lang` must be a BCP 47 language tag, such as `ar`, not `en/GB`",
        "warning: `lang`: `kr` is Kanuri, but the title is written in Hangul; did you mean `ko-Hang`?",
        '`sources` must be a list, not text; write the id in a list: `sources: ["2021"]`']
    assert report("stakes:\n  - id: t\n    title: T\n    summary: 第一行\n据报道：第二行\n")[0].endswith(
        "if it continues the text above, indent it as that text's lines (or quote the text); if it is a key, write "
        "`key: value`")


@pytest.mark.parametrize("written, said", [
    ('"Not \\*emphasis\\*"', "`\\*` is no escape YAML knows inside \"…\": in Markdown text, write the backslash twice "
                                "(`\\\\*`) or quote the value with '…' instead, where a backslash is written as it is; in "
                                "plain text, drop it"),
    ('"Iran\\\'s talks"', "`\\'` is no escape YAML knows inside \"…\": drop the backslash (`'` needs none there)"),
    ('"S:\\Daily\\report.pdf"', "`\\D` is no escape YAML knows inside \"…\": write the backslash twice (`\\\\D`), or "
                               "quote the value with '…' instead, where a backslash is written as it is"),  # a reviewer
    ('"Smile \\ud83d\\ude00"', "`\\ud83d\\ude00` writes a character as two halves (UTF-16 surrogates, as JSON escapes "
                                 "it), which YAML refuses: write the character itself, or `\\U0001F600`"),
    ('"Half \\ud83d only"', "`\\ud83d` writes half of a character (a surrogate, as JSON escapes it), which YAML refuses: "
                            "write the character itself"),
])
def test_an_escape_yaml_refuses_in_double_quotes_is_named_with_its_fix(written, said):
    """Markdown's `\\*` or JSON's `\\ud83d\\ude00` in a "…" value got libyaml's bare "found unknown escape character"
    (a tester)."""
    column = 11 + written.index("\\")  # at the backslash
    assert report(f"actors:\n  - id: a\n    name: {written}\n") == [at(3, column, f"YAML syntax error: {said}")]


def test_a_block_whose_first_line_is_indented_more_is_told_its_indentation_indicator():
    """`summary: |` whose first line is a code block: YAML took the block's indentation from it, and the next line was
    "indented as no line above it is", with no word of `|2` (a tester)."""
    assert report(ACTOR + "    summary: |\n          code first\n\n      then text\n") == [
        at(5, 14, "YAML syntax error: this block's first line is indented 10 spaces, and YAML takes a block's "
                  "indentation from its first line, so the next ones, indented 6, end it: give the indentation after the "
                  "`|` (`|2`: its lines are indented 2 past its key), or indent its first line as the others")]
    assert report(ACTOR + "    summary: |2\n          code first\n\n      then text\n") == []
    # a key after a `- `: measured from the key, the chomping kept; a key a space short is a misaligned key (reviewers)
    assert report("sources:\n  - text: |-\n          code\n        text\n")[0] == at(
        2, 11, "YAML syntax error: this block's first line is indented 10 spaces, and YAML takes a block's indentation "
               "from its first line, so the next ones, indented 8, end it: give the indentation after the `|` (`|4-`: "
               "its lines are indented 4 past its key), or indent its first line as the others")
    assert report(ACTOR + "    summary: |\n          code\n      Update: the ministry denied it.\n")[0] == at(  # prose
        5, 14, "YAML syntax error: this block's first line is indented 10 spaces, and YAML takes a block's indentation "
               "from its first line, so the next ones, indented 6, end it: give the indentation after the `|` (`|2`: "
               "its lines are indented 2 past its key), or indent its first line as the others")
    assert report(ACTOR + "    summary: >\n      Text\n     kind: x\n")[0].endswith(
        "this line is indented 5 spaces, as no line above it is: indent it as the lines it belongs with (the keys of "
        "one mapping line up, and so do the `-` of one list)")


def test_an_arabic_or_full_width_comma_in_a_flow_list_is_named():
    """`tags: [a، b]` (an Arabic keyboard's comma) was one tag "a، b", and `sources: [s1，s2]` told only that the id
    holds a fullwidth comma (a tester): YAML parts `[…]` at `,` alone. A quoted item is as meant."""
    found = report("briefing:\n  id: b\n  title: T\n  date: 2021-01-01\n  summary: S.\n  sources: [reuters-1，s2]\n"
                   "  tags: [a، b, c, 甲、乙, \"x، y\"]\n", warnings=True)
    parts = "YAML parts the items of `[…]` at `,` alone"
    assert found == [
        at(6, 13, "`sources[0]`: `reuters-1，s2` is not a valid id; ids use lowercase letters a-z, digits and single "
                  f"hyphens: it holds `，` (U+FF0C, fullwidth comma), which is none of those ({parts})"),
        at(7, 11, f"warning: `tags[0]` holds `،` (U+060C, arabic comma), and {parts}: if these are two items, write `,`"),
        at(7, 20, f"warning: `tags[2]` holds `、` (U+3001, ideographic comma), and {parts}: if these are two items, "
                  "write `,`")]


def test_a_key_longer_than_yaml_reads_is_said_so():
    """A key of 1,100 characters was "no `:` follows it" on a line that has one: libyaml reads no longer key (a
    tester)."""
    assert report("sources:\n  - id: s\n    publisher: P\n    " + "k" * 1100 + ": 1\n") == [
        at(4, 5, "YAML syntax error: this key is 1,100 characters long, and YAML reads no key longer than 1,024: a "
                 "field's name is a short word (if this is text, it belongs in a field's value)")]


def test_a_full_width_colon_and_ideographic_spaces_are_named():
    """`date：2019-07-21` (a CJK input method's colon) was "no `:` follows it" on a line that has one, and indenting
    with ideographic spaces "unknown top-level key `　　kind`", unexplained (a tester)."""
    assert report("incidents:\n  - id: x\n    title: T\n    date：2019-07-21\n    kind: k\n") == [
        at(4, 5, "YAML syntax error: YAML reads this line as a key, but no `:` follows it: it holds `：` (U+FF1A, a "
                 "full-width colon, as a Chinese or Japanese input method types it), which YAML reads as text: write `:`")]
    found = report("actors:\n  - id: y\n    name: Y\n\u3000\u3000kind: state\n")
    assert found[-1] == at(4, 1, "unknown top-level key `\u3000\u3000kind` (allowed: briefing, actors, incidents, stakes, "
                                 "sources); its name holds ideographic spaces (U+3000, as a Chinese or Japanese input "
                                 "method types it), which YAML reads as part of it: indent and space with ordinary "
                                 "spaces"), found


def test_more_than_a_hundred_warnings_fail_nothing():
    """A sheet of 101 names cut by a comment (each a warning) failed with "more than 100 problems", its entities
    dropped and its warnings miscounted (a tester): only errors stop a file's reading."""
    actors = "".join(f"  - id: c-{n}\n    kind: state\n    name: Base #2 near\n" for n in range(150))
    write("base.yaml", BASE)
    write("t.yaml", "actors:\n" + actors)
    project = check("briefings", use_cache=False)
    cut = [p for p in project.problems if "as a comment" in p.message]
    assert project.errors == [] and len(cut) == 150 and "c-149" in project.entities


def test_a_comma_in_a_flow_mappings_text_is_told_to_be_quoted():
    """`{name: Leopold Café, Colaba, …}` was "unknown field `Colaba`", which sent an editor looking for a field (a
    tester): a comma inside `{…}` ends the value."""
    assert report("sources:\n  - {id: s, publisher: Dawn, title: Kasab is Pakistani, Islamabad admits}\n") == [
        at(2, 57, "unknown field `Islamabad admits` in source; a comma inside `{…}` ends a value, so YAML read "
                  "`Islamabad admits` as a field: quote the value (`title: \"Kasab is Pakistani, Islamabad admits\"`)")]


def test_a_value_that_is_a_wikilink_alone_is_told_to_be_quoted():
    """`summary: [[houthis]]` is a list in a list to YAML: "must be Markdown text, not a list" said nothing of why (a
    tester)."""
    assert report(ACTOR + "    summary: [[iran]]\n") == [
        at(5, 14, "`summary` must be Markdown text, not a list: YAML reads `[[…]]` at the start of a value as a list in a "
                  "list; quote the whole value to write a wikilink (`summary: \"[[iran]]\"`)")]


def test_a_plain_text_value_that_is_a_wikilink_alone_is_told_to_write_the_name():
    """`name: [[pakistan]]` was told to be quoted "to write a wikilink", which then showed as written (a warning), and
    `aliases: [[pakistan]]` was told nothing of why (a tester): plain text takes the name itself."""
    said = "must be text, not a list: YAML reads `[[…]]` at the start of a value as a list in a list, and `{0}` is " \
           "plain text, where a wikilink would show as written; write the name itself"
    assert report(ACTOR + "    aliases: [[iran]]\n  - id: b\n    name: [[iran]]\n    kind: state\n") == [
        at(5, 15, f"`aliases[0]` {said.format('aliases[0]')}"), at(7, 11, f"`name` {said.format('name')}")]


def test_a_plain_value_running_on_over_a_dash_is_a_warning():
    """An alias indented a space too far was read as part of the one above ("မင်းကိုနိုင် - Paw Oo Tun"), and passed
    --strict without a word (a tester); so was a Markdown list in a plain value. A dash inside a line is no warning."""
    found = report(ACTOR + "    aliases:\n      - မင်းကိုနိုင်\n       - Paw Oo Tun\n      - Ko - Naing\n"
                           "    summary: He leads\n      - the students\n", warnings=True)
    assert [problem for problem in found if "going on" in problem] == [
        at(line, column, "warning: YAML reads this line as going on with the value above, `- ` and all: if it starts a "
                         "new item of a list, indent its `-` as the item above; if the value is a Markdown list, write "
                         "it as a block (`|`)") for line, column in ((7, 8), (10, 7))]


def test_a_line_of_a_block_slipped_left_gets_no_hint_to_quote_it():
    """A block scalar's line one space short, starting with a quote, was told to be quoted whole, and the quoted line
    failed all the same (a tester): a line with neither key nor dash gets libyaml's own words."""
    found = report("actors:\n  - id: a\n    name: A\n    kind: state\n    summary: |\n      First line.\n"
                   "     \"Quoted\" words at a slipped indent.\n")
    assert len(found) == 1 and "YAML syntax error" in found[0] and "quote the whole value" not in found[0]


def test_a_value_in_typographic_quotes_says_so():
    """`country: “BY”` was told it is no country code, `from: ‘2014’` that it is no date: the editor saw quotes."""
    assert report(ACTOR + "    country: “IR”\n    roles:\n      - {title: Chief, from: ‘2014’}\n") == [
        at(5, 14, "`country`: `“IR”` is in typographic quotes (“ ” ‘ ’), which YAML reads as part of the value; write "
                  "straight quotes, as in \"IR\""),
        at(7, 30, "`roles[0].from`: `‘2014’` is in typographic quotes (“ ” ‘ ’), which YAML reads as part of the "
                  "value; write straight quotes, as in \"2014\""),
    ]


@pytest.mark.parametrize(("written", "message"), [
    ("24/06/2023", "`24/06/2023` is not a date; write YYYY-MM-DD, YYYY-MM or YYYY; did you mean `2023-06-24`?"),
    ("06/09/2019", "`06/09/2019` is not a date; write YYYY-MM-DD, YYYY-MM or YYYY; did you mean `2019-09-06` or "
                   "`2019-06-09` (the day and the month could be either)?"),
    ("June 2023", "`June 2023` is not a date; write YYYY-MM-DD, YYYY-MM or YYYY; did you mean `2023-06`?"),
    ("June 9, 2019", "`June 9, 2019` is not a date; write YYYY-MM-DD, YYYY-MM or YYYY; did you mean `2019-06-09`?"),
    ("2019-06-00", "`2019-06-00` is not a date: a part not known is left out, not written 00; write 2019-06"),
    ("yesterday", "`yesterday` is not a date; write YYYY-MM-DD, YYYY-MM or YYYY"),
    # a month of one digit, the month before the year, other dashes (a tester's `1992-5` was told only the format)
    ("1992-5", "`1992-5` is not a date; write YYYY-MM-DD, YYYY-MM or YYYY; did you mean `1992-05`?"),
    ("05/1992", "`05/1992` is not a date; write YYYY-MM-DD, YYYY-MM or YYYY; did you mean `1992-05`?"),
    ("2021–08–03", "`2021–08–03` is not a date; write YYYY-MM-DD, YYYY-MM or YYYY; did you mean `2021-08-03`?"),
    # a period written as one date: its ends, each for its own field (a tester's Mumbai attacks)
    *((period, f"`{period}` is not a date; write YYYY-MM-DD, YYYY-MM or YYYY; for a period, write its first day here "
               f"and its last in the field of its end (`end_date`, a role's `to`): `{first}` and `{last}`")
      for period, first, last in (("26–29 November 2008", "2008-11-26", "2008-11-29"),
                                  ("2024-01-12/13", "2024-01-12", "2024-01-13"),
                                  ("2024-01-12 to 2024-01-14", "2024-01-12", "2024-01-14"))),
    # a period known by its years, written with a hyphen as a date is (a tester)
    *((period, f"`{period}` is not a date; write YYYY-MM-DD, YYYY-MM or YYYY; for a period, write its first year here "
               "and its last in the field of its end (`end_date`, a role's `to`): `1988` and `1989`")
      for period in ("1988-1989", "1988–1989")),
])
def test_a_date_written_another_common_way_gets_its_iso_form(written, message):
    """24/06/2023, June 2023 and a day 00 (for "not known") were told the format but not the date (a tester)."""
    assert report(incident(written)) == [at(4, 11, f"`date`: {message}")]


def test_a_period_for_a_briefings_or_sources_date_is_told_it_has_one():
    """`date: 1988-1989` on a source or a briefing was told to put its end in `end_date`, which they do not have (a
    tester): they are told to write the first date, and the period in the text."""
    assert report("briefing:\n  id: b\n  title: B\n  date: 1988-1989\n  summary: S.\n  sources: [reuters-1]\n") == [
        at(4, 9, "`date`: `1988-1989` is not a date; write YYYY-MM-DD, YYYY-MM or YYYY; a briefing has one date: write "
                 "`1988`, and say the period in its text")]


def test_a_casualty_estimate_says_where_it_goes_and_spaced_thousands_how_to_write_them():
    """`killed: 10-15` and `about 25` were told only that they are text; `1 000` got no "write 1000" (a tester)."""
    estimate = ("must be a whole number, not text; for an estimate or a range, write the lowest figure the sources "
                "agree on (or leave the field out) and give the estimate in `casualties.note`")
    assert report(incident("2021", "    casualties: {killed: 10-15, wounded: about 25}\n")) == [
        at(8, 26, f"`casualties.killed` {estimate}"), at(8, 42, f"`casualties.wounded` {estimate}")]
    assert report(incident("2021", "    casualties: {killed: 1 000, wounded: many}\n")) == [
        at(8, 26, "`casualties.killed` must be a whole number, not text; YAML reads `1 000` as text: write 1000"),
        at(8, 42, "`casualties.wounded` must be a whole number, not text")]
    unknown = ("must be a whole number, not text; when the figure is not known, leave the field out and say so in "
               "`casualties.note`")  # `unknown` had got no hint, where `~20` did (a tester)
    assert report(incident("2021", "    casualties: {killed: unknown, wounded: '?'}\n")) == [
        at(8, 26, f"`casualties.killed` {unknown}"), at(8, 44, f"`casualties.wounded` {unknown}")]


def test_a_link_to_a_web_address_without_its_scheme_says_to_add_it():
    """`[TASS](tass.ru)` passed `check` and was published as a dead link to a page of the site (a tester); a file of
    the site (`data.csv`) is no web address."""
    problems = report("briefing:\n  id: b\n  title: B\n  date: 2021-02-01\n  summary: See [TASS](tass.ru), "
                      "[Reuters](www.reuters.com/world), [the data](data.csv).\n  sources: [reuters-1]\n", warnings=True)
    assert [p for p in problems if "t.yaml" in p] == [
        at(5, 23, "warning: `summary`: link to `tass.ru` leads to a page of this site, not to the web site (it has no "
                  "https://); did you mean `https://tass.ru`?"),
        at(5, 43, "warning: `summary`: link to `www.reuters.com/world` leads to a page of this site, not to the web "
                  "site (it has no https://); did you mean `https://www.reuters.com/world`?")]


def test_links_in_quoted_text_are_placed_at_their_own_destinations():
    """A link whose destination holds a YAML escape (`\\u006a`, `''`) was placed at a later link written plainly, or
    at the opening quote, and two problems placed alike were listed as one, while the summary counted two; two
    links lacking their last `/` gave the second's warning at the first (a tester)."""
    sheet = ("briefing:\n  id: b\n  title: T\n  date: 2021-02-05\n"
             "  summary: 'See [one](ftp://x.org/it''s) and [two](ftp://x.org/it''s).'\n"
             '  body: "A [bad](\\u006aavascript:1) and [e](javascript:1),\n    [c](ftp://x.org/\\u00e9)"\n'
             "  sources: [reuters-1]\n")
    scheme = "link scheme `{}:` is not allowed; use http:, https:, mailto:, a relative path or #anchor"
    assert [line for line in report(sheet) if "t.yaml" in line] == [
        at(5, 23, "`summary`: " + scheme.format("ftp")), at(5, 52, "`summary`: " + scheme.format("ftp")),
        at(6, 18, "`body`: " + scheme.format("javascript")), at(6, 45, "`body`: " + scheme.format("javascript")),
        at(7, 9, "`body`: " + scheme.format("ftp"))]
    slashless = report(stake_summary("|\n      [r](../../actors/us) and [s](../../actors/us)."), warnings=True)
    assert [line.split(": warning")[0] for line in slashless if "ends with `/`" in line] == [
        "briefings/t.yaml:5:11", "briefings/t.yaml:5:36"]


def test_a_character_reference_to_a_character_no_page_shows_is_refused_where_it_is():
    """`&#x1B;` and `&#xFFFF;` passed and were shown as "�" on every page, feed and download (a tester); in code they
    are shown as written, and `&#233;` is é."""
    refused = "refers to a character no page can show (U+{:04X}, {}), which readers would see as �; remove it"
    assert report(stake_summary('"Ctl &#x1B; b &#xFFFF; `&#x1B;` &#233; &#x1B;"')) == [
        at(4, 19, f"`summary`: `&#x1B;` {refused.format(0x1B, 'a control character')}"),
        at(4, 28, f"`summary`: `&#xFFFF;` {refused.format(0xFFFF, 'no character')}"),
        at(4, 53, f"`summary`: `&#x1B;` {refused.format(0x1B, 'a control character')}")]


def test_a_link_of_invisible_characters_alone_shows_its_name_or_address():
    """`[[id|\u200b]]` and `[\u2060](https://…)` were published as links no one can see, in the tab order (a
    tester): the wikilink shows the entity's name, the link its address, as for a label of spaces."""
    from briefkit.markup import compile_markdown

    html = compile_markdown("A [[us|\u200b]] and [\u2060](https://x.example/) b.", "x_1", "stakes/t/").markup.html
    assert "\u200b" not in html and "\u2060" not in html
    # written as character references, as well (a reviewer)
    referred = compile_markdown("A [[us|&#x200B;]] and [&#8203;](https://x.example/).", "x_1", "stakes/t/").markup.html
    assert "\u200b" not in referred and '<a href="https://x.example/">https://x.example/</a>' in referred
    from briefkit.markup import CLOSE, NAME_OPEN

    assert '<a href="https://x.example/">https://x.example/</a>' in html and f"{NAME_OPEN}us{CLOSE}</a>" in html


def test_a_quoted_value_is_read_back_once_however_many_problems_it_has(monkeypatch):
    """Placing each problem of a quoted value read the whole value through its escapes again: 4,000 unused footnotes
    made a 90 KB sheet's check take 73 s (a reviewer)."""
    from briefkit import validate

    read = []
    real = validate.quoted_source
    monkeypatch.setattr(validate, "quoted_source", lambda *args: read.append(1) or real(*args))
    notes = "".join(f"[^f{i}]: note {i}\\n\\n" for i in range(200))
    found = report(stake_summary(f'"Text.\\n\\n{notes}"'), warnings=True)
    assert len([line for line in found if "nothing refers to footnote" in line]) > 100 and len(read) == 1


def test_a_link_one_level_short_of_a_page_at_the_sites_top_is_told_the_way_there():
    """`[our method](../methodology/)`, written as from a page at the site's top, was called a link to a briefing
    that does not exist, with no word of the page meant (a tester): a link one level up that finds no entity says
    where it is read from and how to reach the top, as a guess (`check` does not know the content pages, so it
    cannot tell whether such a page exists); one with a near id is offered that."""
    assert [line for line in report(stake_summary("'[m](../methodology/), [t](../talks/) and [u](../talk/)'"))
            if "t.yaml" in line] == [
        at(4, 19, "`summary`: link to the page of stake `methodology`, which does not exist; a link is read from a "
                  "stake's page (`/stakes/talks/`): if you meant a page `/methodology/` at the site's top, write "
                  "`../../methodology/`"),
        at(4, 60, "`summary`: link to the page of stake `talk`, which does not exist; did you mean `talks`?")]


def test_a_link_definition_labelled_with_a_wikilink_is_quoted_as_written_at_its_line():
    """`[ref-[[a1]]]: https://…` not read as a definition was said at the field's start, quoting the placeholder's
    control characters (`[ref-\x04a1\x03]`) instead of what the editor wrote, and a wrong cause (a tester)."""
    problems = report(stake_summary("|-\n      First.\n\n      [ref-[[us]]]: https://x.example/"), warnings=True)
    assert [line for line in problems if "t.yaml" in line] == [
        at(7, 7, "warning: `summary`: Markdown does not read `[ref-[[us]]]: …` as a link definition, so its "
                 "links show as written: a label cannot hold a wikilink (`[[…]]`): name it in words")]


def test_a_link_without_its_last_slash_to_a_page_that_does_not_exist_says_both():
    """`[r](../../actors/a1)` without its `/` was an error even when the page exists, and a missing page was said
    only once the `/` was written (a tester)."""
    sheet = stake_summary("'[a](../../actors/nobody) and [b](../../actors/us)'")
    assert [line for line in report(sheet, warnings=True) if "t.yaml" in line] == [
        at(4, 19, "warning: `summary`: link to `../../actors/nobody`: a page's address ends with `/`: write "
                  "`../../actors/nobody/` (without it, the link works only where the server adds it)"),
        at(4, 19, "`summary`: link to the page of actor `nobody`, which does not exist"),
        at(4, 48, "warning: `summary`: link to `../../actors/us`: a page's address ends with `/`: write "
                  "`../../actors/us/` (without it, the link works only where the server adds it)")]


def test_a_field_of_a_record_written_one_level_up_and_a_two_part_reliability_say_what_was_meant():
    """`killed: 3` beside `title:` was an unknown field with no hint, `reliability: B2` (Admiralty's letter and
    digit) got no `B` (a tester)."""
    assert report("""\
        sources: [{id: s2, publisher: S, reliability: B2}]
        incidents:
          - id: x
            title: X
            date: 2021-02-15
            kind: raid
            location: {name: Here}
            killed: 3
            deaths: 4
            sources: [s2]
        """) == [
        at(1, 47, "`reliability` must be one letter from A to F, such as `B`, not `B2`; did you mean `B`?"),
        at(8, 5, "unknown field `killed` in incident; did you mean `casualties.killed` (`killed:` indented under "
                 "`casualties:`)?"),
        at(9, 5, "unknown field `deaths` in incident; did you mean `casualties.killed` (`killed:` indented under "
                 "`casualties:`)?")]


def test_a_field_below_an_empty_record_field_is_offered_its_place_under_it():
    """`location:` left empty, then `name:` not indented: `name` was offered `title` (a synonym), which made a second
    title; it belongs under the empty field above it (a tester)."""
    assert report("""\
        sources: [{id: s2, publisher: S}]
        incidents:
          - id: x
            title: X
            date: 2021-02-15
            kind: raid
            location:
            name: Naypyidaw
            sources: [s2]
        """) == [
        at(7, 5, "incident `x` has an empty required field `location`"),
        at(8, 5, "unknown field `name` in incident; did you mean `location.name` (`name:` indented under `location:`)?")]


@pytest.mark.parametrize(("lat", "lon", "messages"), [
    ("48°08′17″N", "38°39′18″E", ["`location.lat` must be a number, not text; write decimal degrees: 48.1381 (minutes / "
                                  "60, seconds / 3600; south and west negative)",
                                  "`location.lon` must be a number, not text; write decimal degrees: 38.655 (minutes / "
                                  "60, seconds / 3600; south and west negative)"]),
    ("34°36'S", "58°22'W", ["`location.lat` must be a number, not text; write decimal degrees: -34.6 (minutes / 60, "
                            "seconds / 3600; south and west negative)",
                            "`location.lon` must be a number, not text; write decimal degrees: -58.3667 (minutes / 60, "
                            "seconds / 3600; south and west negative)"]),
    ("48°N", "38°E", ["`location.lat` must be a number, not text; write decimal degrees: 48 (minutes / 60, seconds / "
                      "3600; south and west negative)",
                      "`location.lon` must be a number, not text; write decimal degrees: 38 (minutes / 60, seconds / "
                      "3600; south and west negative)"]),
    ("38°E", "48°N", ["`location.lat` must be a number, not text", "`location.lon` must be a number, not text"]),  # sides
    ("33°75'N", "44°0'E", ["`location.lat` must be a number, not text",  # 75 minutes: no guess (a tester)
                           "`location.lon` must be a number, not text; write decimal degrees: 44 (minutes / 60, "
                           "seconds / 3600; south and west negative)"]),
])
def test_coordinates_in_degrees_and_minutes_get_their_decimal_degrees(lat, lon, messages):
    """Wikipedia gives MH17's place as 48°08′17″N 38°39′18″E; the error gave no value to write (a tester)."""
    found = report(f"incidents:\n  - id: i\n    title: T\n    date: 2014-07-17\n    kind: crash\n"
                   f"    location: {{name: Hrabove, lat: \"{lat}\", lon: \"{lon}\"}}\n    sources: [reuters-1]\n")
    assert [line.split(": ", 1)[1] for line in found if "location.l" in line] == messages


def test_a_locale_name_is_offered_its_language_tag():
    """`lang: ru_RU` (a locale's name) is offered `ru-RU` (a tester)."""
    found = report("sources:\n  - {id: tass, publisher: TASS, lang: ru_RU}\n")
    assert found == [at(2, 39, "`lang` must be a BCP 47 language tag, such as `ar`, not `ru_RU`; did you mean `ru-RU`?")]


def test_a_country_code_written_as_a_language_is_refused_with_the_language_meant():
    """`lang: jp`, `cn`, `ua` passed and were published as `lang="jp"`, which no screen reader has a voice for (a
    tester): a two-letter language must be one (ISO 639-1); three letters, a script or a region are left as written."""
    found = report("sources:\n  - {id: a, publisher: A, lang: jp}\n  - {id: b, publisher: B, lang: cn-Hant}\n"
                   "  - {id: c, publisher: C, lang: qq}\n  - {id: d, publisher: D, lang: zh-Hant-TW}\n"
                   "  - {id: e, publisher: E, lang: ckb}\n  - {id: f, publisher: F, lang: EN}\n"
                   "  - {id: g, publisher: G, lang: iw}\n")
    rule = "`lang` must be a BCP 47 language tag, such as `ar`, not"
    assert found == [at(2, 33, f"{rule} `jp`: `jp` is no language's code (it is a country's); did you mean `ja`?"),
                     at(3, 33, f"{rule} `cn-Hant`: `cn` is no language's code (it is a country's); did you mean "
                               "`zh-Hant`?"),
                     at(4, 33, f"{rule} `qq`: `qq` is no language's code")]


def test_a_three_letter_code_of_a_language_with_a_two_letter_one_is_refused_with_it():
    """`lang: ara` was published as `lang="ara"`, no tag a screen reader knows: BCP 47 writes Arabic `ar` (a tester).
    A language with no two-letter code keeps its three (`ckb`, `fil`)."""
    found = report("sources:\n  - {id: a, publisher: A, lang: ara}\n  - {id: b, publisher: B, lang: zho-Hant}\n"
                   "  - {id: c, publisher: C, lang: ckb}\n  - {id: d, publisher: D, lang: fil}\n")
    rule = "`lang` must be a BCP 47 language tag, such as `ar`, not"
    assert found == [
        at(2, 33, f"{rule} `ara`: BCP 47 writes a language that has a two-letter code with it; did you mean `ar`?"),
        at(3, 33, f"{rule} `zho-Hant`: BCP 47 writes a language that has a two-letter code with it; did you mean "
                  "`zh-Hant`?")]


def test_a_country_code_that_is_another_language_on_a_title_in_the_countrys_script_is_a_warning():
    """`lang: kr` on a Korean title (Kanuri), `et` on an Amharic one (Estonian), `in` on a Hindi one passed and were
    published so, read in those languages' voices; `ge` had no "did you mean" (a tester)."""
    found = report("sources:\n  - {id: a, publisher: A, title: 북한 해안포 발사, lang: kr}\n"
                   "  - {id: b, publisher: B, title: የትግራይ ጦርነት, lang: et}\n"
                   "  - {id: c, publisher: C, title: गलवान घाटी, lang: in-IN}\n"
                   "  - {id: d, publisher: D, title: Valitsus kukkus, lang: et}\n"
                   "  - {id: f, publisher: F, title: Lankava, lang: si-Latn}\n"  # romanized Sinhala, said so
                   "  - {id: e, publisher: E, title: T, lang: ge}\n", warnings=True)
    assert [line for line in found if "lang" in line] == [
        at(2, 51, "warning: `lang`: `kr` is Kanuri, but the title is written in Hangul; did you mean `ko`?"),
        at(3, 52, "warning: `lang`: `et` is Estonian, but the title is written in Ethiopic; did you mean `am`?"),
        at(4, 52, "warning: `lang`: `in` is Indonesian, in a code no longer used, but the title is written in "
                  "Devanagari; did you mean `hi-IN`?"),
        at(7, 43, "`lang` must be a BCP 47 language tag, such as `ar`, not `ge`: `ge` is no language's code (it is a "
                  "country's); did you mean `ka`?")]


def test_a_point_far_from_its_country_is_a_warning_and_swapped_coordinates_are_named():
    """Erbil with lat and lon written the wrong way round was published as an exact dot in the Black Sea, its
    caption still saying Iraq (a tester). A point off a coast, or across 180° (Chukotka), is no problem."""
    def place(lat, lon, country):
        return (f"incidents:\n  - id: x\n    title: X\n    date: 2021-02-15\n    kind: raid\n    location: "
                f"{{name: P, country: {country}, lat: {lat}, lon: {lon}}}\n    sources: [reuters-1]\n")
    assert report(place(44.01, 36.19, "IQ"), warnings=True)[-1:] == [
        at(6, 43, "warning: `location.lat`, `location.lon`: the point (44.01, 36.19) is not in Iraq, but (36.19, "
                  "44.01) is: are `lat` and `lon` swapped?")]
    assert report(place(48.85, 2.35, "IQ"), warnings=True)[-1:] == [
        at(6, 43, "warning: `location.lat`, `location.lon`: the point (48.85, 2.35) is more than 2° from the outline "
                  "of Iraq that the maps draw (`country: IQ`); check the coordinates and the country (the outlines "
                  "leave small islands out)")]
    # off the Senkaku Islands, which the outlines leave out: "far from Japan", while `CN` passed (a tester)
    for fine in (place(36.19, 44.01, "IQ"), place(65.0, -175.0, "RU"), place(14.8, 42.0, "YE"),
                 place(25.78, 123.52, "JP"), place(-89.99, 139.27, "AQ")):  # the pole, past the outline (a tester)
        assert not [line for line in report(fine, warnings=True) if "location.lat" in line], fine


def test_a_reference_to_an_id_yaml_reads_as_a_number_date_or_boolean_is_told_to_quote_it_there():
    """`- id: 1984`: its references were told to create `1984` (briefkit add), which made a duplicate once the id was
    quoted as the error at it asks (a tester); they are told where it is defined, and to quote it there."""
    assert report("actors:\n  - {id: 1984, name: Orwell, kind: person}\n  - {id: yes, name: Yes Party, kind: state}\n"
                  + incident("2021-02-15", "    actors: [{actor: \"1984\", role: other}, {actor: \"yes\", role: other}]\n")) == [
        at(2, 10, "`id` must be an id, but YAML reads `1984` as a number; quote it: \"1984\""),
        at(3, 10, "`id` must be an id, but YAML reads `yes` as a boolean; quote it: \"yes\""),
        at(11, 22, "unknown id `1984`: no actor has this id; an actor is defined with it at briefings/t.yaml:2:10, "
                   "where YAML reads it as a number: quote it there, `id: \"1984\"`"),
        at(11, 52, "unknown id `yes`: no actor has this id; an actor is defined with it at briefings/t.yaml:3:10, "
                   "where YAML reads it as a boolean: quote it there, `id: \"yes\"`")]


def test_a_reference_to_an_id_defined_in_a_form_that_is_not_valid_is_told_where_it_is():
    """`- id: China` and references to `china`: the references were told to create `china` (briefkit add), which
    made a second China once `China` was fixed (a tester)."""
    assert report("actors:\n  - {id: China, name: China, kind: state}\n"
                  + incident("2021-02-15", "    actors: [{actor: china, role: other}]\n")) == [
        at(2, 10, "`China` is not a valid id: use lowercase letters a-z, digits and single hyphens, e.g. `china`"),
        at(10, 22, "unknown id `china`: no actor has this id; an actor is defined as `China` at briefings/t.yaml:2:10, "
                  "which is not a valid id: write `china` there")]


def test_a_reference_to_an_id_defined_under_a_misspelt_top_level_key_is_told_where_it_is():
    """`source:` for `sources:`: a citation of its source was told to create it (briefkit add), which made a second one
    once the key was mended (a tester)."""
    assert report("source:\n  - id: wire-9\n    publisher: Wire\nbriefing:\n  id: b\n  title: B\n  date: 2021\n"
                  "  summary: s\n  sources: [wire-9]\n")[1:] == [
        at(9, 13, "unknown id `wire-9`: no source has this id; a source is defined with it at briefings/t.yaml:2:5, "
                  "under `source:`, which is no top-level key: write `sources:`")]


def test_a_sheet_whose_every_entity_another_sheet_defines_first_is_called_a_copy():
    """`cp sheet.yaml "sheet (copy).yaml"`: " (copy)" sorts first, so every duplicate was reported in the original
    and its editor told to change every id (a tester). One warning says what the two sheets are."""
    write("sheet.yaml", ACTOR + "  - {id: iraq, name: Iraq, kind: state}\n")
    write("sheet (copy).yaml", ACTOR + "  - {id: iraq, name: Iraq, kind: state}\n")
    write("other.yaml", "actors:\n  - {id: syria, name: Syria, kind: state}\n  - {id: jordan, name: Jordan, kind: state}\n"
                        "  - {id: iraq, name: Iraq, kind: state}\n")  # first to define iraq, and has its own: no copy
    problems = run(warnings=True)
    assert [p for p in problems if "copy of the other" in p] == []  # sheet.yaml's ids are first in two sheets
    write("other.yaml", "actors:\n  - {id: syria, name: Syria, kind: state}\n")
    problems = run(warnings=True)
    assert [p for p in problems if "copy of the other" in p] == [
        "briefings/sheet.yaml:1:1: warning: every entity this sheet defines is defined first in "
        "`briefings/sheet (copy).yaml`: if one of the two sheets is a copy of the other, delete the copy"]
    assert sum("duplicate id" in p for p in problems) == 2  # each still at its second definition (FORMAT.md)


@pytest.mark.parametrize("written", ["XK", "Kosovo"])
def test_kosovo_is_told_to_leave_the_country_out(written):
    """Kosovo has no assigned ISO 3166-1 code (XK is user-assigned): the editor was not told what to write (a tester)."""
    assert report(ACTOR + f"    country: {written}\n") == [
        at(5, 14, f"`country` must be an assigned ISO 3166-1 alpha-2 code such as \"IQ\", not `{written}`; Kosovo has "
                  "no assigned code (`XK` is one some agencies use): leave the field out")]


def test_one_id_where_a_list_goes_and_a_wikidata_address_say_what_to_write():
    """`sources: reuters-1` was "must be a list, not text", and a Wikidata page's address, what an editor copies, had
    no hint where `q212` had one (a tester)."""
    assert report("incidents:\n  - {id: i, title: T, date: 2021, kind: k, location: {name: L}, sources: reuters-1}\n"
                  "actors:\n  - {id: a, name: A, kind: person, wikidata: 'https://www.wikidata.org/wiki/Q212'}\n") == [
        at(2, 74, "`sources` must be a list, not text; write the id in a list: `sources: [reuters-1]`"),
        at(4, 46, "`wikidata` must be `Q` followed by digits, such as `Q794`, not "
                  "`https://www.wikidata.org/wiki/Q212`; did you mean `Q212`?")]


def test_a_withdrawn_code_of_a_state_that_split_names_the_countries_of_today():
    """`SU`, `YU` (real wars of 1991) got no hint (a tester); a withdrawn code with one successor offers it."""
    assert report(ACTOR + '    country: "SU"\n') == [
        at(5, 14, '`country` must be an assigned ISO 3166-1 alpha-2 code such as "IQ", not `SU`; `SU` was the code of '
                  "the Soviet Union, withdrawn: write the code of today's country where it is (RU, UA, GE…)")]
    assert report(ACTOR + '    country: "ZR"\n')[0].endswith("not `ZR`; did you mean `CD`?")


def test_actors_are_not_called_unreferenced_while_a_sheet_that_may_name_them_cannot_be_read():
    """A syntax error in the sheet naming them made every actor it names "not referenced by any page" (a tester):
    while a sheet defines nothing because of its errors, no such warning is given; once it reads, they are found."""
    write("actors.yaml", "actors:\n  - {id: a1, name: A, kind: person}\n  - {id: a2, name: B, kind: person}\n")
    write("s.yaml", 'sources:\n  - {id: s1, publisher: "R}\n')
    broken = [format_text(p) for p in sort_problems(check("briefings", use_cache=False).problems)]
    assert broken and not any("not referenced" in line for line in broken), broken
    write("s.yaml", "sources:\n  - {id: s1, publisher: R}\nstakes:\n  - {id: t, title: T, summary: '[[a1]]'}\n")
    fixed = [format_text(p) for p in sort_problems(check("briefings", use_cache=False).problems)]
    assert fixed == ["briefings/actors.yaml:3:5: warning: actor `a2` is not referenced by any page",
                     "briefings/s.yaml:2:5: warning: source `s1` is not cited anywhere"]


def test_ids_listed_where_a_list_of_mappings_goes_are_told_the_key_to_write():
    """A briefing's `incidents:` takes ids, its `actors:` and `stakes:` mappings: `actors: [houthis]` got only
    "must be a mapping, not text" (a tester)."""
    assert report("""\
        stakes:
          - id: talks
            title: Talks
            parties: [us]
        """) == [at(4, 15, "`parties[0]` must be a mapping, not text; write `- actor: us`")]
    assert report("""\
        stakes:
          - id: talks
            title: Talks
            parties:
              - 12
        """) == [at(5, 9, "`parties[0]` must be a mapping, not `12`")]


def test_a_misspelt_other_name_of_a_field_gets_the_field():
    """`latitude` was offered `lat`, but `lattitude` nothing (a tester)."""
    assert report(incident("2021").replace("{name: Deir ez-Zor}", "{name: Deir ez-Zor, lattitude: 35}")) == [
        at(6, 35, "unknown field `lattitude` in location; did you mean `lat`?")]


def test_a_wikilink_in_a_plain_text_field_is_a_warning():
    """`title: Tests of [[hezbollah]]` was published with the brackets, unnoticed (a tester)."""
    assert report("stakes:\n  - id: t\n    title: Tests of [[kataib-hezbollah|the militia]]\n", warnings=True) == [
        at(3, 21, "warning: `title` is plain text, so `[[kataib-hezbollah|the militia]]` shows as written; write the "
                  "name itself (only Markdown fields link)")]
    assert report("stakes:\n  - id: t\n    title: A [[not an id]] of brackets\n", warnings=True) == []


def test_the_block_under_a_misspelt_top_level_key_is_checked_as_the_key_it_means():
    """`incident:` got only "did you mean `incidents`?"; once mended, nine more errors came (a tester). The block's
    problems come at once; it defines nothing until the key is mended."""
    sheet = incident("2019-13").replace("incidents:", "incident:").replace("kind: airstrike", "kind: airstrike\n    casualities: 3")
    assert report(sheet) == [
        at(1, 1, "unknown top-level key `incident` (allowed: briefing, actors, incidents, stakes, sources); "
                 "did you mean `incidents`?"),
        at(4, 11, "`date`: `2019-13` is not a date: month 13 does not exist"),
        at(6, 5, "unknown field `casualities` in incident; did you mean `casualties`?")]
    assert "strike" not in check("briefings", use_cache=False).entities


def test_each_blank_item_of_a_list_of_texts_is_empty_not_a_repeat():
    """`tags: ["", " "]` said the first empty and the second a repeat of `` (a warning) (a tester)."""
    assert report('briefing:\n  id: b\n  title: B\n  date: 2021-02-25\n  summary: S.\n  sources: [reuters-1]\n'
                  '  tags: ["", " ", x, x]\n', warnings=True) == [
        at(7, 10, "`tags[0]` is empty"), at(7, 14, "`tags[1]` is empty"),
        at(7, 22, "warning: `tags` names `x` twice; the repeat is left out")]


def test_a_table_list_or_heading_that_a_folded_block_joins_is_said_at_its_line():
    """`>` joins a block's lines: a casualty table was published as one paragraph of pipes, and a numbered list as one
    item, and `check` said nothing (a tester; `briefkit new` stubs a body as `>-`). The first line of such Markdown
    joined to the line above is a warning; text, a line after a blank one and more indented lines are not, nor a year
    or a date's day that ends a line and starts the next, which no Markdown reads as a list (a tester)."""
    problems = report("""\
        briefing:
          id: b
          title: T
          date: 2021-02-17
          sources: [reuters-1]
          summary: >-
            Something happened
            - not a list.
            # A heading joined to the text.
          body: >-
            ## What the ceasefire says

            1. A complete ceasefire.
            2. Armenia hands back three districts.
          claims:
            - text: >-
                | Side | Killed |
                | --- | --- |
              status: claimed
              sources: [reuters-1]
            - text: >-
                Kept apart:
                  - more indented
                  - keeps its lines

                | one row |
              status: claimed
              sources: [reuters-1]
            - text: >-
                The figures for
                2019. Then those for
                2020. Both were revised; the talks began am
                15. Februar and ended am
                25. Februar.
              status: claimed
              sources: [reuters-1]
        """, warnings=True)
    said = "`{}`: this line starts a {}, but the field is a `>` block, whose lines YAML joins into one with the line " \
           "above: write the field with `|` to keep its lines"
    assert [p for p in problems if "base.yaml" not in p] == [
        at(9, 5, "warning: " + said.format("summary", "heading")),
        at(14, 5, "warning: " + said.format("body", "list item")),
        at(18, 9, "warning: " + said.format("claims[0].text", "table row")),
    ]


def test_a_wikilink_with_a_label_and_no_id_is_quoted_as_written():
    """`[[|x]]` was quoted `[[]]` in its error, text no search of the sheet finds (a tester)."""
    assert report(stake_summary('"With [[|x]] and [[ |label]] and [[]]."')) == [
        at(4, 20, "`summary`: wikilink `[[|x]]` names no id: write [[id]] or [[id|label]]"),
        at(4, 31, "`summary`: wikilink `[[ |label]]` names no id: write [[id]] or [[id|label]]"),
        at(4, 47, "`summary`: wikilink `[[]]` names no id: write [[id]] or [[id|label]]")]
