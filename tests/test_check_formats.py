"""`briefkit check` output for every place an editor looks: the terminal, GitHub annotations, JSON.
(test_cli.py covers the basics; these pin the details CI and other tools rely on.)"""

from __future__ import annotations

import json

from click.testing import CliRunner

from briefkit.cli import main
from briefkit.problems import Problem, format_github

LONELY = "actors:\n  - id: lonely\n    name: Lonely\n    kind: person\n"
BAD = "actors:\n  - id: x\n    name: X\n    kind: persn\n"


def check(folder, *args, actions: str = ""):
    """`briefkit check` on a folder, with GITHUB_ACTIONS set as given."""
    return CliRunner().invoke(main, ["check", "--briefings", str(folder), *args], env={"GITHUB_ACTIONS": actions})


def test_explicit_format_wins_over_github_actions(tmp_path):
    (tmp_path / "a.yaml").write_text(BAD)
    result = check(tmp_path, "--format", "text", actions="true")
    assert result.exit_code == 1
    assert "::error" not in result.output and "a.yaml:4:11: `kind` must be one of" in result.output


def test_github_warnings_are_warnings_and_fail_only_with_strict(tmp_path):
    (tmp_path / "a.yaml").write_text(LONELY)
    relaxed = check(tmp_path, actions="true")
    assert relaxed.exit_code == 0
    assert "::warning file=" in relaxed.output and ",line=2,col=5::actor `lonely` is not referenced" in relaxed.output
    assert check(tmp_path, "--strict", actions="true").exit_code == 1


def test_github_annotations_escape_what_would_break_them():
    problem = Problem("dir,with:odd/a.yaml", 3, 7, "100% wrong\nsecond line")
    assert format_github(problem) == "::error file=dir%2Cwith%3Aodd/a.yaml,line=3,col=7::100%25 wrong%0Asecond line"


def test_a_bidirectional_control_quoted_from_a_sheet_cannot_reorder_the_line():
    """`x\u202e` in an id would show the rest of a terminal line backwards ("Trojan Source"): it prints as an escape."""
    from briefkit.problems import format_text

    problem = Problem("a.yaml", 3, 7, "unknown id `iran\u202eevil\u2066`")
    assert format_text(problem) == "a.yaml:3:7: unknown id `iran\\u202eevil\\u2066`"
    assert format_github(problem) == "::error file=a.yaml,line=3,col=7::unknown id `iran\\u202eevil\\u2066`"


def test_an_invisible_character_quoted_from_a_sheet_prints_as_an_escape_and_a_joiner_does_not():
    """A zero-width space pasted after an id showed raw, so "`x` is not a valid id" looked wrong (a tester); the
    zero-width non-joiner belongs in Persian words, and stays."""
    from briefkit.problems import format_text

    problem = Problem("a.yaml", 3, 7, "`wagner\u200b` is not a valid id; `\u2060x\u00ad`; `\u0645\u06cc\u200c\u062e`")
    assert format_text(problem) == ("a.yaml:3:7: `wagner\\u200b` is not a valid id; `\\u2060x\\u00ad`; "
                                    "`\u0645\u06cc\u200c\u062e`")
    assert "\\u200b" in format_github(problem)


def test_a_control_character_in_a_file_name_prints_as_an_escape():
    """A committed file name holding `ESC[2K ESC[1A` erased the problems printed before it on a terminal, and an OSC
    sequence set its title (a tester): control characters print as escapes, a tab as it is."""
    from briefkit.problems import format_text

    problem = Problem("zz\x1b[2K\x1b]0;T\x07\x9bx\ty.yaml", 5, 5, "unknown field `bad` in actor")
    assert format_text(problem) == "zz\\u001b[2K\\u001b]0;T\\u0007\\u009bx\ty.yaml:5:5: unknown field `bad` in actor"
    assert "\x1b" not in format_github(problem) and "\\u001b[2K" in format_github(problem)


def test_a_file_name_cannot_make_a_line_a_workflow_command():
    """A sheet named `::error file=README.md,line=1::x.yaml` started its problem's line with `::`, which GitHub Actions
    reads as a command: a forged annotation (a tester). The line names it from its folder, `./::error…`."""
    from briefkit.problems import format_text, render

    problem = Problem("::error file=README.md,line=1::x.yaml", 1, 1, "file is empty; it adds nothing", "warning")
    assert format_text(problem) == "./::error file=README.md,line=1::x.yaml:1:1: warning: file is empty; it adds nothing"
    # after spaces or a tab (the runner trims them), or the old form `##[error]` anywhere in the line (a reviewer)
    for name in (" ::error file=README.md::x.yaml", "\t::error file=README.md::x.yaml", "a##[error]forged.yaml"):
        lines = render([Problem(name, 1, 1, "file is empty; it adds nothing", "warning")], "github").splitlines()
        commands = [line for line in lines if line.lstrip().startswith("::")]
        assert all(line.startswith("::warning file=") for line in commands) and not any("##[" in line for line in lines)


def test_json_report_on_success_is_empty_and_parseable(tmp_path):
    (tmp_path / "a.yaml").write_text(LONELY)
    result = check(tmp_path, "--format", "json", actions="true")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["errors"] == 0 and report["warnings"] == 1
    [problem] = report["problems"]
    assert {k: problem[k] for k in ("line", "column", "severity")} == {"line": 2, "column": 5, "severity": "warning"}
    assert sorted(problem) == ["column", "line", "message", "path", "severity"]  # no internal, always empty `code`
    assert problem["path"].endswith("a.yaml")


def test_the_summary_counts_in_words_that_agree_with_their_numbers(tmp_path):
    """`FAILED: 1 fact sheets, 1 entities, 1 errors, 1 warnings` (a tester)."""
    (tmp_path / "a.yaml").write_text("actors:\n  - id: a\n    name: A\n    kind: state\n    country: XX\n")
    assert "FAILED: 1 fact sheet, 1 entity, 1 error, 1 warning (" in check(tmp_path).stderr


def test_every_problem_of_every_file_at_once(tmp_path):
    (tmp_path / "a.yaml").write_text(BAD)
    (tmp_path / "b.yaml").write_text("actors:\n  - id: Y\n    name: Y\n    kind: state\n")
    report = json.loads(check(tmp_path, "--format", "json").stdout)
    places = sorted((p["path"].rsplit("/", 1)[-1], p["line"], p["column"]) for p in report["problems"] if p["severity"] == "error")
    assert places == [("a.yaml", 4, 11), ("b.yaml", 2, 9)]


def test_paths_are_shown_as_the_editor_typed_them(tmp_path, monkeypatch):
    """FORMAT.md: the path as the editor would type it from where the command ran: `../x/a.yaml` for sheets
    given as `../x`, relative to where they are for absolute paths inside it, else absolute."""
    from briefkit.problems import display_path

    (tmp_path / "here").mkdir()
    monkeypatch.chdir(tmp_path / "here")
    assert display_path("../x/a.yaml") == "../x/a.yaml"
    assert display_path("./sheets//a.yaml") == "sheets/a.yaml"
    assert display_path(str(tmp_path / "here" / "s" / "a.yaml")) == "s/a.yaml"
    assert display_path(str(tmp_path / "x" / "a.yaml")) == str(tmp_path / "x" / "a.yaml")
