"""Scaffolding: `briefkit new` starts a sheet, `briefkit add` appends a stub entity by editing text
(comments and layout kept), and the command `check` prints for an unknown id works end to end."""

from __future__ import annotations

import re
import os
import shutil

import pytest
import yaml
from click.testing import CliRunner

from briefkit.cli import main
from briefkit.pipeline import check
from briefkit.problems import format_text, sort_problems
from briefkit.scaffold import ScaffoldError, insert_item, slugify, yaml_scalar
from conftest import SEED

ITEM = ["- id: new-one", "  name: New"]


@pytest.fixture()
def here(tmp_path, monkeypatch):
    """Run from tmp_path, with a copy of the seed sheets in tmp_path/briefings."""
    shutil.copytree(SEED, tmp_path / "briefings")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BRIEFKIT_CACHE_DIR", str(tmp_path / ".cache"))
    return tmp_path


def run(*args: str):
    """The CLI in-process."""
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def problems(folder: str = "briefings") -> list[str]:
    """Every problem of a folder, as the editor reads them."""
    return [format_text(p) for p in sort_problems(check(folder, use_cache=False).problems)]


# --- text edits ------------------------------------------------------------------


def test_insert_into_a_block_list_keeps_comments_and_spacing():
    text = ("# head comment\nactors:\n  - id: a  # inline\n    name: A\n\n  - id: b\n    name: B\n"
            "    # trailing note in the item\n\n# comment about incidents\nincidents: []\n")
    result = insert_item(text, "actors", ITEM)
    assert result == ("# head comment\nactors:\n  - id: a  # inline\n    name: A\n\n  - id: b\n    name: B\n"
                      "    # trailing note in the item\n\n  - id: new-one\n    name: New\n\n"
                      "# comment about incidents\nincidents: []\n")


def test_insert_into_an_empty_flow_list_keeps_its_comment():
    result = insert_item("actors: []  # none yet\nsources: []\n", "actors", ITEM)
    assert result == "actors:  # none yet\n  - id: new-one\n    name: New\nsources: []\n"


def test_insert_adds_a_missing_key_at_the_end():
    assert insert_item("sources: []\n\n\n", "actors", ITEM) == "sources: []\n\nactors:\n  - id: new-one\n    name: New\n"
    assert insert_item("sources: []", "actors", ITEM) == "sources: []\n\nactors:\n  - id: new-one\n    name: New\n"
    assert insert_item("", "actors", ITEM) == "actors:\n  - id: new-one\n    name: New\n"


def test_insert_follows_zero_indented_lists_crlf_and_bom():
    assert insert_item("actors:\n- id: a\n  name: A\n", "actors", ITEM) == "actors:\n- id: a\n  name: A\n- id: new-one\n  name: New\n"
    crlf = insert_item("\ufeffactors:\r\n    - id: a\r\n      name: A\r\n", "actors", ITEM)
    assert crlf == "\ufeffactors:\r\n    - id: a\r\n      name: A\r\n    - id: new-one\r\n      name: New\r\n"


def test_insert_keeps_a_sheet_with_old_mac_line_ends_and_takes_an_empty_list_with_a_space():
    """A CR-only sheet (which check reads and places right) was written back with LF: every line changed; and
    `actors: [ ]` was refused though `actors: []` becomes a block list (a tester)."""
    cr = insert_item("actors:\r  - id: a\r    name: A\r", "actors", ITEM)
    assert cr == "actors:\r  - id: a\r    name: A\r  - id: new-one\r    name: New\r"
    assert insert_item("actors: [ ]  # none yet\n", "actors", ITEM) == "actors:  # none yet\n  - id: new-one\n    name: New\n"


def test_insert_refuses_a_flow_list_with_items():
    with pytest.raises(ScaffoldError, match="not a block list"):
        insert_item("actors: [{id: a, name: A, kind: state}]\n", "actors", ITEM)


def test_slugs_and_scalars():
    assert slugify("Frappes à Damas: what's next?") == "frappes-a-damas-what-s-next"
    assert len(slugify("word " * 40)) <= 60 and not slugify("word " * 40).endswith("-")
    assert slugify("ایران") == ""
    # Đ has no decomposition, and a dash between years parts them (a tester got `urevdan` and `19921996`)
    assert slugify("Vijećnica burns; Đurđevdan 1992–1996") == "vijecnica-burns-durdevdan-1992-1996"
    assert slugify("Łódź — Straße") == "lodz-strasse"
    for value in ("Iran", "NO", "yes", "2021", "a: b", "x #y", "#x", "'q'", 'say "hi"', "- a", "  pad", "line\nbreak", "[x]",
                  "2021-02-30"):  # a timestamp YAML cannot make raised ValueError (a check's hint calls this too)
        assert yaml.safe_load(f"k: {yaml_scalar(value)}") == {"k": value}, value
    assert yaml_scalar("Iran") == "Iran"
    assert yaml_scalar("NO") == '"NO"'
    # Text to YAML 1.1, numbers to YAML 1.2 (a sheet starting `%YAML 1.2`): quoted, or `add` refused its own stub
    assert [yaml_scalar(v) for v in ("1e3", "0o17", "0x1F", ".inf")] == ['"1e3"', '"0o17"', '"0x1F"', '".inf"']


# --- briefkit new ------------------------------------------------------------------


def test_new_creates_a_sheet_that_check_flags_until_filled(here):
    result = run("new", "Rockets hit near Erbil airport", "--date", "2021-02-16")
    assert result.exit_code == 0, result.output
    path = here / "briefings" / "2021-02-16-rockets-hit-near-erbil-airport.yaml"
    assert result.stdout.strip() == "briefings/2021-02-16-rockets-hit-near-erbil-airport.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schema/fact-sheet.schema.json\n")
    for section in ("briefing:", "actors: []", "incidents: []", "stakes: []", "sources: []"):
        assert f"\n{section}" in text, section
    assert "  id: rockets-hit-near-erbil-airport-2021-02-16\n" in text
    found = [p for p in problems() if p.startswith("briefings/2021-02-16")]
    assert found == [
        "briefings/2021-02-16-rockets-hit-near-erbil-airport.yaml:20:3: briefing "
        "`rockets-hit-near-erbil-airport-2021-02-16` has an empty required field `summary`",
        "briefings/2021-02-16-rockets-hit-near-erbil-airport.yaml:42:12: `sources` needs at least 1 item",
    ]
    # Filled in, it passes.
    text = text.replace("  summary:\n", "  summary: Rockets hit near [[erbil-rocket-attack-2021-02-15]].\n")
    text = text.replace("  sources: []\n  tags", "  sources: [seed-article-us-strikes-syria]\n  tags")
    path.write_text(text, encoding="utf-8")
    assert check("briefings", use_cache=False).errors == []


def test_new_run_from_inside_the_sheets_finds_their_folder_or_refuses(here, monkeypatch):
    """Run from `briefings/actors`, `new` made `briefings/actors/briefings/` and checked ids against that empty folder:
    an actor's id was taken again, and the old, right definition then reported as the duplicate (a tester). It finds
    the folder the working folder lies in; where there is none it refuses; a folder given that does not exist is made,
    and said so (a mistyped --briefings)."""
    monkeypatch.chdir(here / "briefings" / "actors")
    taken = run("new", "Iran", "--id", "iran", "--date", "2021-02-26")
    assert taken.exit_code == 1 and "id `iran` is already defined as" in taken.output
    assert not (here / "briefings" / "actors" / "briefings").exists()
    made = run("new", "Talks", "--date", "2021-02-26")
    assert made.exit_code == 0, made.output
    assert made.stdout.strip() == os.path.join("..", "2021-02-26-talks.yaml") and (here / "briefings" / "2021-02-26-talks.yaml").is_file()
    import tempfile

    with tempfile.TemporaryDirectory() as nowhere:  # no folder named or holding `briefings` on its way up
        monkeypatch.chdir(nowhere)
        refused = run("new", "Talks", "--date", "2021-02-27")
        assert refused.exit_code == 1 and "no fact-sheet folder here" in refused.output and os.listdir(".") == []
    (here / "elsewhere").mkdir()
    monkeypatch.chdir(here / "elsewhere")
    typo = run("new", "Talks", "--date", "2021-02-27", "--briefings", "brefings")
    assert typo.exit_code == 0 and "made the folder brefings, which did not exist" in typo.output
    again = run("new", "Talks 2", "--date", "2021-02-27", "--briefings", "brefings")
    assert again.exit_code == 0 and "made the folder" not in again.output
    # a project itself named `briefings`: from its content/pages, its `briefings/` folder, not the project (a tester)
    (here / "project" / "briefings").mkdir(parents=True)
    (here / "project" / "content" / "pages").mkdir(parents=True)
    (here / "project").rename(here / "briefings-project")
    (here / "briefings-project").rename(here / "elsewhere" / "briefings")
    monkeypatch.chdir(here / "elsewhere" / "briefings" / "content" / "pages")
    nested = run("new", "Talks", "--date", "2021-02-28")
    assert nested.exit_code == 0 and nested.stdout.strip() == os.path.join("..", "..", "briefings", "2021-02-28-talks.yaml")


@pytest.mark.parametrize("date", ["2021-02", "2021"])
def test_new_takes_a_partial_date(here, date):
    """FORMAT.md allows a partial date where only the month or the year is known: so does the scaffold."""
    result = run("new", "An old story", "--date", date)
    assert result.exit_code == 0, result.output
    path = here / "briefings" / f"{date}-an-old-story.yaml"
    assert f"  id: an-old-story-{date}\n" in path.read_text(encoding="utf-8")
    briefing = check("briefings", use_cache=False).entities[f"an-old-story-{date}"]
    assert briefing.data["date"].iso() == date


def test_new_names_the_file_after_the_id_when_the_title_has_no_ascii_slug(here):
    result = run("new", "حمله موشکی به اربیل", "--date", "2021-02-16", "--id", "erbil-rocket-attack")
    assert result.exit_code == 0, result.output
    text = (here / "briefings" / "2021-02-16-erbil-rocket-attack.yaml").read_text(encoding="utf-8")
    assert "  id: erbil-rocket-attack\n" in text and "حمله موشکی به اربیل" in text
    refused = run("new", "حمله", "--date", "2021-02-16", "--id", "Not An Id")
    assert refused.exit_code == 1 and "not a valid id" in refused.output


@pytest.mark.parametrize("name", ["notes.txt", "_draft.yaml", ".hidden.yaml"])
def test_add_refuses_a_file_that_check_would_never_read(here, name):
    result = run("add", "actor", "x1", "--to", f"briefings/{name}", "--name", "X", "--kind", "person")
    assert result.exit_code == 1 and "is no fact sheet (check reads only *.yaml and *.yml files" in result.output
    assert not (here / "briefings" / name).exists()


def test_ids_that_yaml_would_read_as_another_type_are_written_quoted(here):
    """`2021-02-15` and `1998` are valid ids; unquoted, YAML reads a date and a number, which check refuses."""
    assert run("new", "A vote", "--date", "2021-02-26", "--id", "2021-02-15").exit_code == 0
    assert run("add", "actor", "1998", "--to", "briefings/extra.yaml", "--name", "X", "--kind", "state").exit_code == 0
    assert '  id: "2021-02-15"\n' in (here / "briefings" / "2021-02-26-a-vote.yaml").read_text(encoding="utf-8")
    assert '  - id: "1998"\n' in (here / "briefings" / "extra.yaml").read_text(encoding="utf-8")


def test_new_names_the_file_after_the_id_when_the_title_gives_only_digits(here):
    assert run("new", "日本 2021", "--date", "2021-02-26", "--id", "japan-vote").exit_code == 0
    assert (here / "briefings" / "2021-02-26-japan-vote.yaml").exists()


def test_new_refuses_to_overwrite_and_refuses_a_taken_id(here):
    assert run("new", "A story", "--date", "2021-03-01").exit_code == 0
    before = (here / "briefings" / "2021-03-01-a-story.yaml").read_bytes()
    again = run("new", "A story", "--date", "2021-03-01", "--id", "another-id")
    assert again.exit_code == 1 and "already exists" in again.output
    assert (here / "briefings" / "2021-03-01-a-story.yaml").read_bytes() == before
    taken = run("new", "Other story", "--date", "2021-03-01", "--id", "us-strikes-eastern-syria-2021-02")
    assert taken.exit_code == 1
    assert "already defined as a briefing at briefings/2021-02-25-us-strikes-syria.yaml" in taken.output
    assert not (here / "briefings" / "2021-03-01-other-story.yaml").exists()


def test_new_rejects_bad_dates_and_titles_without_a_slug(here):
    assert "not a date" in run("new", "T", "--date", "2021-02-30").output
    assert "month 13 does not exist" in run("new", "T", "--date", "2021-13").output
    assert "cannot make an id and file name" in run("new", "ایران", "--date", "2021-02-01").output


@pytest.mark.parametrize(("title", "kept"), [("26/11", "its id would be digits alone (`26-11`), read as part of the date"),
                                             ("Крушение MH17", "it keeps only `mh17` of it"),
                                             ("Мумбаи 2008", "its id would be digits alone (`2008`), read as part of the date"),
                                             ("Gəncə ʔa", "an id cannot spell `ʔ`, which it would drop")])
def test_new_refuses_a_title_whose_id_would_keep_digits_alone_or_little_of_it(here, title, kept):
    """`26/11` of 2008-11 made `2008-11-26-11.yaml`, read as a date; `Крушение MH17` made the id `mh17-…`, its
    Russian words dropped unsaid (a tester). Refused, asking for --id; with one, the sheet is made under it."""
    before = sorted(p.name for p in (here / "briefings").iterdir())
    result = run("new", title, "--date", "2008-11")
    assert result.exit_code == 1 and f"{kept}; give --id with an id in ASCII" in result.output
    assert sorted(p.name for p in (here / "briefings").iterdir()) == before
    given = run("new", title, "--date", "2008-11", "--id", "mumbai-attacks-2008")
    assert given.exit_code == 0 and (here / "briefings" / "2008-11-mumbai-attacks-2008.yaml").is_file(), given.output
    # a title in two scripts keeps its English words (a tester: it was refused)
    both = run("new", "Hezbollah fires rockets (حزب الله)", "--date", "2024-04-12")
    assert both.exit_code == 0 and (here / "briefings" / "2024-04-12-hezbollah-fires-rockets.yaml").is_file(), both.output


def test_new_spells_the_latin_letters_with_no_base_letter_as_an_id_does(here):
    """Azerbaijani's schwa was dropped: `Gəncə vurulur` made `g-nc-vurulur`, `Əliyev` `liyev` (a tester)."""
    for title, made in [("İlham Əliyev visits Şuşa", "2021-01-14-ilham-eliyev-visits-susa.yaml"),
                        ("Gəncə vurulur", "2021-01-14-gence-vurulur.yaml"), ("Ɔsɛe Ŋkran", "2021-01-14-osee-ngkran.yaml")]:
        result = run("new", title, "--date", "2021-01-14")
        assert result.exit_code == 0 and (here / "briefings" / made).is_file(), result.output
    assert "e.g. `eliyev`" in run("add", "actor", "Əliyev", "--to", "briefings/2021-01-14-gence-vurulur.yaml").output


@pytest.mark.parametrize(("title", "refused"), [
    ("Rockets\u2028hit Erbil", "line separator U+2028 is not allowed; use a line break or a space"),
    ("a\x01b title", "control character U+0001 is not allowed"),
    # a Latin-1 terminal's `é`, which Python gives as a lone surrogate: a traceback, and an empty sheet left (a tester)
    (os.fsdecode(b"Caf\xe9 attack"), "the byte 0xE9 is not UTF-8; write the text in UTF-8"),
])
def test_new_refuses_a_title_no_fact_sheet_may_hold(here, title, refused):
    before = sorted(p.name for p in (here / "briefings").iterdir())
    result = run("new", title, "--date", "2021-02-16")
    assert result.exit_code == 1 and f"the title cannot be used: {refused}" in result.output
    assert sorted(p.name for p in (here / "briefings").iterdir()) == before


def test_add_refuses_a_value_that_is_not_utf8_and_new_a_folder_check_would_not_read(here):
    """`add --name` with a Latin-1 `é` crashed with a traceback; `new` wrote a sheet into a folder whose path is not
    UTF-8, which check refuses, and said it had started it (a tester)."""
    sheet = here / "briefings" / "actors" / "iraq.yaml"
    before = sheet.read_bytes()
    result = run("add", "actor", "cafe", "--to", str(sheet), "--name", os.fsdecode(b"Caf\xe9"))
    assert result.exit_code == 1 and "--name cannot be used: the byte 0xE9 is not UTF-8" in result.output
    assert sheet.read_bytes() == before
    folder = os.fsdecode(os.path.join(os.fsencode(here), b"sh\xe9ets"))
    os.mkdir(folder)
    result = run("new", "Story", "--date", "2021-05-01", "--briefings", folder)
    assert result.exit_code == 1 and "the fact-sheet folder's path is not UTF-8" in result.output
    assert os.listdir(folder) == []


def test_new_in_a_nested_folder_points_the_modeline_at_the_schema(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("new", "Story", "--date", "2021-01-01", "--briefings", "desk/sheets")
    assert result.exit_code == 0, result.output
    first = (tmp_path / "desk" / "sheets" / "2021-01-01-story.yaml").read_text().splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schema/fact-sheet.schema.json"


# --- briefkit add ------------------------------------------------------------------


def test_add_appends_a_stub_and_leaves_the_rest_of_the_file_alone(here):
    sheet = here / "briefings" / "actors" / "iraq.yaml"
    before = sheet.read_text(encoding="utf-8")
    result = run("add", "actor", "muqtada-al-sadr", "--to", "briefings/actors/iraq.yaml", "--name", "Muqtada al-Sadr",
                 "--kind", "person")
    assert result.exit_code == 0, result.output
    after = sheet.read_text(encoding="utf-8")
    assert after.startswith(before.rstrip("\n") + "\n")
    added = after[len(before.rstrip("\n")) + 1:]
    assert added.lstrip("\n").startswith("  - id: muqtada-al-sadr\n    name: Muqtada al-Sadr\n    kind: person\n")
    assert "# optional: aliases, country" in added
    found = [p for p in problems() if "muqtada" in p]
    assert found == [f"briefings/actors/iraq.yaml:{before.rstrip(chr(10)).count(chr(10)) + 3}:5: "
                     "warning: actor `muqtada-al-sadr` is not referenced by any page"]


def test_add_stub_leaves_required_fields_for_check_to_point_at(here):
    sheet = "briefings/2021-02-25-us-strikes-syria.yaml"
    assert run("add", "incident", "baghdad-attack-2021-03-01", "--to", sheet, "--date", "2021-03-01").exit_code == 0
    found = [p.split(": ", 1)[1] for p in problems() if p.startswith(sheet) and "baghdad" in p]
    assert found == [
        "incident `baghdad-attack-2021-03-01` has an empty required field `title`",
        "incident `baghdad-attack-2021-03-01` has an empty required field `kind`",
        "`location` in incident `baghdad-attack-2021-03-01` has an empty required field `name`",
    ]
    assert any(p.startswith(sheet) and p.endswith("`sources` needs at least 1 item") for p in problems())


def test_add_refuses_an_id_defined_anywhere(here):
    before = (here / "briefings" / "2021-02-25-us-strikes-syria.yaml").read_bytes()
    result = run("add", "actor", "iran", "--to", "briefings/2021-02-25-us-strikes-syria.yaml")
    assert result.exit_code == 1
    assert "id `iran` is already defined as an actor at briefings/actors/iran-and-allies.yaml:7:5" in result.output
    assert (here / "briefings" / "2021-02-25-us-strikes-syria.yaml").read_bytes() == before


def test_add_refuses_bad_ids_options_and_values(here):
    sheet = "briefings/actors/syria.yaml"
    before = (here / sheet).read_bytes()
    assert "not a valid id" in run("add", "actor", "Bad Id", "--to", sheet).output
    # well-formed but too long: said so, not "use lowercase letters a-z", which it does (a tester)
    assert f"Error: id `{'a' * 40}…` is longer than 80 characters" in run("add", "actor", "a" * 81, "--to", sheet).output
    assert "--publisher does not apply to an actor" in run("add", "actor", "x", "--to", sheet, "--publisher", "P").output
    # an option's bad value is said as the option, not at a line of a file left unwritten (a tester)
    wrong = run("add", "actor", "x", "--to", sheet, "--kind", "persn")
    assert wrong.exit_code == 1 and wrong.output.startswith("Error: --kind must be one of person, ")
    assert wrong.output.rstrip().endswith("got `persn`; did you mean `person`?")
    url = run("add", "source", "s", "--to", "briefings/fresh.yaml", "--publisher", "P", "--url", "javascript:alert(1)")
    assert url.output == "Error: --url must be an http:// or https:// URL, not `javascript:alert(1)`\n"
    assert run("add", "source", "s", "--to", sheet, "--publisher", "").output == "Error: --publisher is empty\n"
    assert "not a date" in run("add", "source", "s", "--to", sheet, "--date", "2021-02-30").output
    assert (here / sheet).read_bytes() == before and not (here / "briefings" / "fresh.yaml").exists()


def test_add_names_the_sheet_own_errors_and_never_waits_on_a_pipe(here):
    """`add` to a sheet with a syntax error blamed its own stub; to a pipe, it waited for a writer for good."""
    broken = here / "briefings" / "broken.yaml"
    broken.write_text("actors:\n\t- id: a\n", encoding="utf-8")
    result = run("add", "actor", "zz-new", "--to", "briefings/broken.yaml")
    assert result.exit_code == 1 and "has errors of its own, to fix first" in result.output
    assert "briefings/broken.yaml:2:1:" in result.output and "could not be placed" not in result.output
    os.mkfifo(here / "briefings" / "pipe.yaml")
    result = run("add", "actor", "zz-new", "--to", "briefings/pipe.yaml")
    assert result.exit_code == 1 and "briefings/pipe.yaml is not a regular file" in result.output


def test_add_to_a_sheet_new_made_names_the_wrong_option(here):
    """A sheet fresh from `new` has errors until it is filled in (an empty summary, no sources). `add --kind militia`
    to it listed only those, "to fix first", and never the wrong kind; with a good kind the same add succeeds."""
    assert run("new", "Myanmar coup", "--date", "2021-02-01").exit_code == 0
    sheet = "briefings/2021-02-01-myanmar-coup.yaml"
    before = (here / sheet).read_bytes()
    wrong = run("add", "actor", "tatmadaw", "--to", sheet, "--name", "Tatmadaw", "--kind", "militia")
    assert wrong.exit_code == 1 and (here / sheet).read_bytes() == before
    assert wrong.output.startswith("Error: --kind must be one of ") and "empty required field" not in wrong.output
    assert wrong.output.rstrip().endswith("got `militia`; did you mean `armed-group`?")
    assert run("add", "actor", "tatmadaw", "--to", sheet, "--name", "Tatmadaw", "--kind", "armed-group").exit_code == 0


def test_add_creates_a_missing_sheet_with_the_modeline(here):
    result = run("add", "source", "afp-2021-03-01", "--to", "briefings/sources/afp.yaml", "--publisher", "AFP",
                 "--url", "https://example.org/afp", "--date", "2021-03-01")
    assert result.exit_code == 0, result.output
    text = (here / "briefings" / "sources" / "afp.yaml").read_text()
    assert text.startswith("# yaml-language-server: $schema=../../schema/fact-sheet.schema.json\n\nsources:\n  - id: afp-2021-03-01\n")
    assert [p for p in problems() if "afp" in p] == [
        "briefings/sources/afp.yaml:4:5: warning: source `afp-2021-03-01` is not cited anywhere"]


def test_add_a_complete_stake_is_valid_at_once(here):
    result = run("add", "stake", "gulf-shipping", "--to", "briefings/2021-02-25-us-strikes-syria.yaml",
                 "--title", "Shipping in the Gulf: who protects it?")
    assert result.exit_code == 0, result.output
    assert [p for p in problems() if "gulf" in p] == []
    assert "title: \"Shipping in the Gulf: who protects it?\"" in (here / "briefings" / "2021-02-25-us-strikes-syria.yaml").read_text()


def test_the_command_check_prints_for_an_unknown_id_creates_it(here):
    sheet = here / "briefings" / "2021-02-25-us-strikes-syria.yaml"
    text = sheet.read_text(encoding="utf-8")
    sheet.write_text(text.replace("attributed_to: john-kirby", "attributed_to: lloyd-austin", 1), encoding="utf-8")
    report = run("check", "--briefings", "briefings")
    assert report.exit_code == 1
    suggestion = re.search(r"to create it: (briefkit add .+)$", report.output, re.M)
    assert suggestion, report.output
    command = suggestion.group(1)
    assert command == "briefkit add actor lloyd-austin --to briefings/2021-02-25-us-strikes-syria.yaml"
    added = run(*command.split()[1:], "--name", "Lloyd Austin", "--kind", "person")
    assert added.exit_code == 0, added.output
    assert run("check", "--briefings", "briefings").exit_code == 0
    assert [p for p in problems() if "lloyd" in p] == []


def printed_command(tmp_path, monkeypatch, folder: str, name: str) -> str:
    """The command `check` prints to create the unknown incident of a sheet tmp_path/folder/name, run from tmp_path."""
    corpus = tmp_path / folder
    corpus.mkdir(parents=True)
    (corpus / name).write_text("incidents:\n  - id: i\n    title: T\n    date: 2021-01-01\n    kind: k\n"
                               "    location: {name: L}\n    responds_to: [zzz-qqq]\n    sources: [s]\n"
                               "sources:\n  - {id: s, publisher: P}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    report = run("check", "--briefings", folder)
    return re.search(r"to create it: (briefkit add .+)$", report.output, re.M).group(1)


def test_the_printed_command_works_for_a_folder_elsewhere(tmp_path, monkeypatch):
    corpus = tmp_path / "desk" / "briefings"
    command = printed_command(tmp_path, monkeypatch, "desk/briefings", "a.yaml")
    assert command == "briefkit add incident zzz-qqq --to desk/briefings/a.yaml"
    assert run(*command.split()[1:]).exit_code == 0
    errors = check("desk/briefings", use_cache=False).errors
    stub = (corpus / "a.yaml").read_text().splitlines().index("  - id: zzz-qqq") + 1
    assert errors and all(e.line > stub and ("required field" in e.message or "needs at least" in e.message)
                          for e in errors), errors
    # The id now exists in that corpus: adding it again is refused.
    again = run("add", "incident", "zzz-qqq", "--to", "desk/briefings/b.yaml")
    assert again.exit_code == 1 and "already defined as an incident at desk/briefings/a.yaml" in again.output


def test_help_texts_show_examples():
    for command in ("new", "add", "schema", "check"):
        result = run(command, "--help")
        assert result.exit_code == 0
        assert "Examples:" in result.output and f"briefkit {command}" in result.output, command


@pytest.mark.parametrize(("text", "key", "expected"), [
    ('"actors":\n  - id: a\n', "actors", '"actors":\n  - id: a\n  - id: b\n'),  # a quoted key is the same key
    ("'actors': []\n", "actors", "actors:\n  - id: b\n"),
    ("---\nactors:\n  - id: a\n...\n", "sources", "---\nactors:\n  - id: a\n\nsources:\n  - id: b\n...\n"),  # before `...`
])
def test_insert_item_into_valid_sheets_of_less_usual_shapes(text, key, expected):
    inserted = insert_item(text, key, ["- id: b"])
    assert inserted == expected
    assert yaml.safe_load(inserted)[key][-1] == {"id": "b"}


def test_insert_item_refuses_a_top_level_flow_mapping_with_a_reason():
    with pytest.raises(ScaffoldError, match="top level is a flow mapping"):
        insert_item("# sheet\n{actors: [{id: a}]}\n", "actors", ["- id: b"])


# --- places check would not read, and file-system failures (found by a tester) ------------------


def test_add_refuses_a_sheet_check_would_not_read(here):
    """Through a link leading out of the fact-sheet folder, in a folder check leaves out (`_drafts/`), or outside
    --briefings: the stub was written (a file outside edited) and "Added" said, though check never reads it."""
    elsewhere = here / "elsewhere"
    elsewhere.mkdir()
    outside = elsewhere / "target.yaml"
    outside.write_text("sources:\n  - {id: s-out, publisher: P}\n", encoding="utf-8")
    (here / "briefings" / "link.yaml").symlink_to(outside)
    (here / "briefings" / "lnkdir").symlink_to(elsewhere, target_is_directory=True)
    cases = {"briefings/link.yaml": "lies outside the fact-sheet folder briefings (through a symbolic link)",
             "briefings/lnkdir/new.yaml": "lies outside the fact-sheet folder briefings (through a symbolic link)",
             "briefings/_drafts/x.yaml": "is in the folder `_drafts`, which check leaves out",
             "briefings/sub/.scratch/x.yaml": "is in the folder `.scratch`, which check leaves out"}
    for number, (sheet, reason) in enumerate(cases.items()):
        result = run("add", "source", f"new-{number}", "--to", sheet, "--publisher", "P")
        assert result.exit_code == 1 and reason in result.output, (sheet, result.output)
    given = run("add", "source", "new-x", "--to", "other/x.yaml", "--publisher", "P", "--briefings", "briefings")
    assert given.exit_code == 1 and "lies outside the fact-sheet folder briefings, so check" in given.output
    assert outside.read_text(encoding="utf-8") == "sources:\n  - {id: s-out, publisher: P}\n"
    assert sorted(p.name for p in elsewhere.iterdir()) == ["target.yaml"]
    assert not (here / "briefings" / "_drafts").exists() and not (here / "other").exists()
    assert run("add", "source", "fine", "--to", "briefings/sub/x.yaml", "--publisher", "P").exit_code == 0


def test_new_and_add_say_why_they_cannot_write(here):
    """A file where a folder goes: a one-line reason and exit status 1, never a traceback."""
    (here / "plainfile").write_text("x", encoding="utf-8")
    (here / "briefings" / "plain").write_text("x", encoding="utf-8")
    new = run("new", "Story", "--date", "2021", "--briefings", "plainfile/sub")
    assert new.exit_code == 1 and "cannot write plainfile/sub/2021-story.yaml: Not a directory" in new.output
    add = run("add", "source", "s-new", "--to", "briefings/plain/x.yaml", "--publisher", "P")
    assert add.exit_code == 1 and "cannot write briefings/plain/x.yaml" in add.output
    assert (here / "briefings" / "plain").read_text(encoding="utf-8") == "x"


def test_new_points_the_modeline_at_the_project_schema_from_any_depth(tmp_path, monkeypatch):
    (tmp_path / "schema").mkdir()
    (tmp_path / "schema" / "fact-sheet.schema.json").write_text("{}", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert run("new", "Story", "--date", "2021", "--briefings", "briefings/desk/2021").exit_code == 0
    first = (tmp_path / "briefings" / "desk" / "2021" / "2021-story.yaml").read_text().splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../../schema/fact-sheet.schema.json"


def test_printed_commands_survive_a_shell(tmp_path, monkeypatch):
    """A path with a space, a quote and a dollar sign, pasted from check's message into a shell, names the file."""
    import shlex

    command = printed_command(tmp_path, monkeypatch, "my sheets", "it's $HOME.yaml")
    assert shlex.split(command)[-2:] == ["--to", "my sheets/it's $HOME.yaml"]
    assert run(*shlex.split(command)[1:]).exit_code == 0
    started = run("new", "Story", "--date", "2021", "--briefings", "my sheets")
    assert shlex.split(started.output.split("then run: ")[1]) == ["briefkit", "check", "--briefings", "my sheets"]


@pytest.mark.parametrize("to", ["2021-02-25-us-strikes-syria.yaml", "../outside.yaml"])
def test_add_from_the_project_root_refuses_a_sheet_outside_briefings(here, to):
    """`--to sheet.yaml`, the `briefings/` forgotten, made a new file at the project's root that check never read:
    the source never reached the site, and `add` had said it was added (a tester)."""
    result = run("add", "source", "x-6", "--to", to, "--publisher", "X")
    assert result.exit_code == 1 and "lies outside the fact-sheet folder briefings" in result.output
    assert not (here / to).exists()
    # a sheet of a folder of its own (`new --briefings scaf`) is told how to say so (a tester)
    folder = os.path.dirname(to) or "."
    assert f"or name its folder with --briefings {folder} if it is a fact-sheet folder of its own" in result.output
    added = run("add", "source", "y-up" if ".." in to else "y-here", "--to", to, "--publisher", "X", "--briefings", folder)
    assert added.exit_code == 0, added.output


def test_a_sheet_new_makes_in_another_folder_hints_add_with_that_folder(here):
    """`new --briefings desk` wrote hints without the folder: `add` then checked ids against the sheet's own folder
    and accepted one defined elsewhere in the desk (a tester)."""
    assert run("new", "Talks", "--date", "2021-03-01", "--briefings", "desk").exit_code == 0
    (here / "desk" / "actors").mkdir()
    (here / "desk" / "actors" / "a.yaml").write_text("actors:\n  - {id: taken, name: T, kind: person}\n", encoding="utf-8")
    sheet = here / "desk" / "2021-03-01-talks.yaml"
    hint = next(line for line in sheet.read_text(encoding="utf-8").splitlines() if "briefkit add actor" in line)
    assert hint == '#   briefkit add actor ID --to desk/2021-03-01-talks.yaml --briefings desk --name "Name"'
    command = hint.removeprefix("#   briefkit ").replace("ID", "taken").replace('"Name"', "N").split()
    result = run(*command)
    assert result.exit_code == 1 and "id `taken` is already defined as an actor at desk/actors/a.yaml:2:5" in result.output
    assert run("new", "More", "--date", "2021-03-02").exit_code == 0  # in briefings/: add finds the folder itself
    assert "--briefings" not in (here / "briefings" / "2021-03-02-more.yaml").read_text(encoding="utf-8")


def test_add_leaves_a_read_only_sheet_as_it_was(here, monkeypatch):
    """A read-only sheet was replaced through its folder, written all the same (a tester)."""
    sheet = here / "briefings" / "2021-02-25-us-strikes-syria.yaml"
    before = sheet.read_bytes()
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode: not (str(path).endswith(sheet.name) and mode == os.W_OK)
                        and real_access(path, mode))  # as for a user without root's pass
    result = run("add", "source", "x-1", "--to", f"briefings/{sheet.name}", "--publisher", "X")
    assert result.exit_code == 1 and "is read-only; it was left as it was" in result.output
    assert sheet.read_bytes() == before
