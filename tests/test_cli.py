"""The CLI in-process with click's CliRunner: formats, exit codes, strictness."""

from __future__ import annotations

import json
import os
import shutil
import sys

import pytest
from click.testing import CliRunner

from briefkit.cli import main
from conftest import SEED

BAD = "actors:\n  - id: x\n    name: X\n    kind: persn\n"


def test_check_passes_on_the_seed():
    result = CliRunner().invoke(main, ["check", "--briefings", str(SEED)])
    assert result.exit_code == 0, result.output
    assert "OK:" in result.output


def test_check_text_format(tmp_path):
    (tmp_path / "a.yaml").write_text(BAD)
    result = CliRunner().invoke(main, ["check", "--briefings", str(tmp_path)], env={"GITHUB_ACTIONS": ""})
    assert result.exit_code == 1
    assert "a.yaml:4:11: `kind` must be one of person" in result.output
    assert "did you mean `person`?" in result.output


def test_check_github_annotations(tmp_path):
    (tmp_path / "a.yaml").write_text(BAD)
    result = CliRunner().invoke(main, ["check", "--briefings", str(tmp_path)], env={"GITHUB_ACTIONS": "true"})
    assert result.exit_code == 1
    assert "::error file=" in result.output and ",line=4,col=11::" in result.output
    # and before each annotation, the `path:line:column: message` line FORMAT.md promises, which the log shows
    lines = result.output.splitlines()
    at = next(n for n, line in enumerate(lines) if ",line=4,col=11::" in line)
    assert lines[at - 1].endswith(lines[at].split("::", 2)[2]) and "a.yaml:4:11: " in lines[at - 1]


def test_check_json_report(tmp_path):
    (tmp_path / "a.yaml").write_text(BAD)
    result = CliRunner().invoke(main, ["check", "--briefings", str(tmp_path), "--format", "json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["errors"] == 1
    errors = [p for p in report["problems"] if p["severity"] == "error"]
    assert [(p["line"], p["column"]) for p in errors] == [(4, 11)]


def test_build_json_report_is_one_json_document(tmp_path):
    """`build --format json` printed the report, then "Built …" or "Build failed …" on stdout, so no JSON reader
    could read it (a tester); `check` puts its summary on stderr. Both ways: a failed build and a good one."""
    from conftest import SETTINGS, run_cli

    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "a.yaml").write_text(BAD)
    for folder, status in ((tmp_path / "bad", 1), (SEED, 0)):
        done = run_cli("build", "--briefings", str(folder), "--output", str(tmp_path / "out"), "--settings",
                       str(SETTINGS), "--format", "json")
        assert done.returncode == status, done.stderr
        report = json.loads(done.stdout)
        assert report["errors"] == status and ("Built " in done.stderr or "Build failed" in done.stderr)


def test_warnings_fail_only_with_strict(tmp_path):
    (tmp_path / "a.yaml").write_text("actors:\n  - id: lonely\n    name: Lonely\n    kind: person\n")
    runner = CliRunner()
    assert runner.invoke(main, ["check", "--briefings", str(tmp_path)]).exit_code == 0
    strict = runner.invoke(main, ["check", "--briefings", str(tmp_path), "--strict"])
    assert strict.exit_code == 1
    assert "warning: actor `lonely` is not referenced" in strict.output


def test_progress_bar_only_on_a_terminal_and_only_when_slow():
    import io

    from rich.console import Console

    from briefkit.progress import Progress

    screen = io.StringIO()
    with Progress("Rendering pages", 10, delay=0, console=Console(file=screen, force_terminal=True, width=80)) as bar:
        for _ in range(10):
            bar.advance()
    assert "Rendering pages" in screen.getvalue() and "10/10" in screen.getvalue()
    piped = io.StringIO()
    with Progress("Rendering pages", 10, delay=0, console=Console(file=piped, force_terminal=False)) as bar:
        bar.advance(10)
    assert piped.getvalue() == ""  # CI logs and pipes never see it
    slow = io.StringIO()
    with Progress("Rendering pages", 10, delay=3600, console=Console(file=slow, force_terminal=True)) as bar:
        bar.advance(10)
    assert slow.getvalue() == ""  # a short stage draws nothing


def test_serve_shows_an_edit_then_updates_the_search_index(tmp_path):
    """`briefkit serve` end to end: it serves the site, publishes an edited page, then the search index and feeds."""
    import os
    import queue
    import re
    import shutil
    import signal
    import subprocess
    import sys
    import threading
    import urllib.request

    from conftest import ROOT, SETTINGS

    sheets = tmp_path / "briefings"
    shutil.copytree(SEED, sheets)
    env = {**os.environ, "BRIEFKIT_CACHE_DIR": str(tmp_path / "cache"), "PYTHONUNBUFFERED": "1"}
    server = subprocess.Popen([sys.executable, "-m", "briefkit", "serve", "--briefings", str(sheets), "--output",
                               str(tmp_path / "site"), "--settings", str(SETTINGS), "--port", "0"], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in server.stdout], daemon=True).start()

    seen: list[str] = []

    def wait_for(pattern: str) -> re.Match:
        while True:
            try:
                line = lines.get(timeout=60)
            except queue.Empty:
                raise AssertionError(f"no line matching {pattern!r} in:\n{''.join(seen)}") from None
            seen.append(line)
            found = re.search(pattern, line)
            if found:
                return found
            assert server.poll() is None, "".join(seen)

    try:
        base = wait_for(r"Serving .* on (http://127\.0\.0\.1:\d+/)").group(1)
        wait_for(r"^Watching ")  # edits from here on are seen
        sheet = next(p for p in sorted(sheets.glob("*.yaml")) if "\nincidents:\n" in p.read_text(encoding="utf-8"))
        text = sheet.read_text(encoding="utf-8")
        incident = re.search(r"\nincidents:\n  - id: ([a-z0-9-]+)\n", text).group(1)
        edited = re.sub(r"(\nincidents:\n(?:.*\n)*?    summary: (?:\|\n\s*)?)", r"\1Seen by serve. ", text, count=1)
        assert edited != text
        sheet.write_text(edited, encoding="utf-8")
        wait_for(r"^Built \d+ pages")
        page = urllib.request.urlopen(f"{base}incidents/{incident}/", timeout=30).read().decode("utf-8")
        assert "Seen by serve." in page
        wait_for(r"^Search index, feeds and downloads updated: 1 of 1 search indexes made")
        entry = urllib.request.urlopen(f"{base}pagefind/pagefind-entry.json", timeout=30).read()
        assert b'"page_count"' in entry
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)


def test_serve_builds_what_changed_while_its_first_build_ran(tmp_path, monkeypatch):
    """A sheet saved while `serve`'s first build ran, before its watcher started, was never built: the site stayed
    stale until the next edit (a tester). Once watching, serve catches up with what changed since that build; with
    nothing changed it builds nothing more."""
    from briefkit.serve import Rebuilder
    from conftest import SETTINGS

    monkeypatch.setenv("BRIEFKIT_CACHE_DIR", str(tmp_path / "cache"))
    sheets, said = tmp_path / "briefings", []
    shutil.copytree(SEED, sheets)
    rebuild = Rebuilder(str(sheets), str(tmp_path / "site"), str(SETTINGS), lambda line, **_: said.append(line),
                        lambda problems: None)
    rebuild()
    rebuild.catch_up()
    assert [line.split(" ")[0] for line in said] == ["Built"]  # nothing changed: no second build
    sheet = next(sheets.glob("*.yaml"))
    sheet.write_text(sheet.read_text(encoding="utf-8").replace("title: ", "title: Saved late ", 1), encoding="utf-8")
    rebuild.catch_up()
    assert [line.split(" ")[0] for line in said] == ["Built", "Built", "Search"]
    assert any("Saved late " in page.read_text(encoding="utf-8") for page in (tmp_path / "site").rglob("index.html"))


def test_a_file_name_that_is_not_utf8_is_one_problem(tmp_path):
    (tmp_path / "good.yaml").write_text("sources: []\n")
    os.close(os.open(os.path.join(os.fsencode(tmp_path), b"bad\xff name.yaml"), os.O_CREAT | os.O_WRONLY))
    result = CliRunner().invoke(main, ["check", "--briefings", str(tmp_path)], env={"GITHUB_ACTIONS": ""})
    assert result.exit_code == 1, result.output
    assert "bad\\xff name.yaml:1:1: the file name is not UTF-8; rename the file" in result.output


@pytest.mark.parametrize(("args", "message"), [
    (["build", "--settings", "{tmp}/settings.txt"], "Invalid value for '--settings': give a Python file (*.py)"),
    # a pipe hung `check`, a link to /dev/zero filled the memory (a tester)
    (["check", "--settings", "{tmp}/fifo.py"], "Invalid value for '--settings': give a Python file (*.py), not a "
                                              "pipe, a device or a folder"),
    (["check", "--settings", "{tmp}/zero.py"], "not a pipe, a device or a folder"),
    (["build", "--settings", "{tmp}/broken.py", "--output", "{tmp}/site"], "broken.py:1:12: cannot read the settings: "
                                                                           "'(' was never closed"),
    (["build", "--output", ""], "Invalid value for '--output': give a folder name"),
    (["serve", "--port", "99999"], "Invalid value for '--port': 99999 is not in the range 0<=x<=65535"),
    (["check", "--briefings", "/"], "Invalid value for '--briefings': that is the file system's root; give the folder "
                                    "that holds the fact sheets"),  # `$UNSET/`: a minute's walk of /proc (a tester)
    (["schema", "--output", "{tmp}/settings.txt/schema.json"], "cannot write {tmp}/settings.txt/schema.json"),
])
def test_unusable_command_line_values_are_one_error_not_a_traceback(tmp_path, args, message):
    (tmp_path / "settings.txt").write_text("SITENAME = 'x'\n")
    (tmp_path / "broken.py").write_text("SITENAME = (\n")
    os.mkfifo(tmp_path / "fifo.py")
    (tmp_path / "zero.py").symlink_to("/dev/zero")
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    result = CliRunner().invoke(main, [*args, "--briefings", str(SEED)] if args[0] == "build" else args,
                                env={"GITHUB_ACTIONS": ""})
    assert result.exit_code != 0 and isinstance(result.exception, SystemExit), result.output
    assert message.replace("{tmp}", str(tmp_path)) in result.output


def test_the_watcher_follows_a_settings_file_saved_by_write_and_rename(tmp_path):
    """Editors save by writing a new file and renaming it over the old one; every such save rebuilds."""
    import threading
    import time

    from briefkit.serve import watch_and_rebuild

    settings, folder = tmp_path / "settings.py", tmp_path / "sheets"
    settings.write_text("A = 1\n")
    folder.mkdir()
    builds, ready = [], threading.Event()

    class Enough(Exception):
        pass

    def rebuild():
        builds.append(settings.read_text())
        if len(builds) == 3:
            raise Enough

    def watch():
        try:
            watch_and_rebuild([str(folder), str(settings)], rebuild, ready=ready.set)
        except Enough:
            pass

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    assert ready.wait(30)
    for number in (2, 3, 4):
        saved = tmp_path / "settings.py.new"
        saved.write_text(f"A = {number}\n")
        os.replace(saved, settings)
        deadline = time.monotonic() + 30
        while len(builds) < number - 1 and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.5)  # a second rebuild for the same save would show here
    thread.join(30)
    assert builds == ["A = 2\n", "A = 3\n", "A = 4\n"]


def test_the_watcher_follows_a_folder_removed_and_made_again(tmp_path):
    """A fact-sheet folder restored from a copy (or by a checkout) is a new folder: edits in it must still rebuild."""
    import threading
    import time

    from briefkit.serve import watch_and_rebuild

    folder, backup = tmp_path / "sheets", tmp_path / "backup"
    folder.mkdir()
    (folder / "a.yaml").write_text("v: 1\n")
    builds, ready = [], threading.Event()

    class Enough(Exception):
        pass

    def rebuild():
        builds.append(sorted(p.name for p in folder.glob("*.yaml")) if folder.is_dir() else None)
        if builds[-1] == ["a.yaml", "b.yaml"]:
            raise Enough

    def watch():
        try:
            watch_and_rebuild([str(folder)], rebuild, ready=ready.set)
        except Enough:
            pass

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    assert ready.wait(30)
    shutil.copytree(folder, backup)
    shutil.rmtree(folder)
    deadline = time.monotonic() + 30
    while None not in builds and time.monotonic() < deadline:
        time.sleep(0.05)
    assert None in builds  # the folder is gone: a build says so
    shutil.copytree(backup, folder)
    time.sleep(1)  # the folder back: watched again
    (folder / "b.yaml").write_text("v: 2\n")
    thread.join(30)
    assert not thread.is_alive() and builds[-1] == ["a.yaml", "b.yaml"]


def test_the_watcher_rebuilds_after_a_commit_it_cannot_see(tmp_path):
    """watchfiles ignores `.git/`, yet a commit changes the history pages show: serve watches git's HEAD too."""
    import subprocess
    import threading
    import time

    from briefkit import history
    from briefkit.serve import watch_and_rebuild

    folder = tmp_path / "repo" / "briefings"
    folder.mkdir(parents=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(HOME=str(tmp_path), GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull, GIT_AUTHOR_NAME="E",
               GIT_AUTHOR_EMAIL="e@example.org", GIT_COMMITTER_NAME="E", GIT_COMMITTER_EMAIL="e@example.org")
    git = ["git", "-C", str(tmp_path / "repo")]
    subprocess.run([*git, "init", "-q", "-b", "main"], env=env, check=True)
    (tmp_path / "repo" / "README.md").write_text("one\n")
    subprocess.run([*git, "add", "-A"], env=env, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "one"], env=env, check=True)
    dirs = history.git_dirs(str(folder))
    assert dirs is not None
    builds, ready = [], threading.Event()

    class Enough(Exception):
        pass

    def rebuild():
        builds.append(time.monotonic())
        raise Enough

    def watch():
        try:
            watch_and_rebuild([str(folder)], rebuild, ready=ready.set, state=lambda: history.head_state(dirs))
        except Enough:
            pass

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    assert ready.wait(30)
    time.sleep(0.7)
    assert builds == []  # nothing changed yet
    (tmp_path / "repo" / "README.md").write_text("two\n")  # outside the watched folder: only the commit tells
    subprocess.run([*git, "commit", "-q", "-am", "two"], env=env, check=True)
    thread.join(30)
    assert len(builds) == 1


def test_check_with_the_settings_checks_the_content_pages_too(tmp_path):
    """`make check` passes --settings: a content page's own problems are found before a build (they failed only it)."""
    from conftest import ROOT

    for name in ("pelican.conf.py", "theme", "content"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp_path / name)
    (tmp_path / "content" / "pages" / "bad.md").write_text("Title: X\nStatus: nope\n\n[a](javascript:x)\n")
    (tmp_path / "content" / "pages" / "raw.html").write_text("<script>x</script>")
    args = ["check", "--briefings", str(SEED)]
    assert CliRunner().invoke(main, args).exit_code == 0  # without: the sheets only
    result = CliRunner().invoke(main, [*args, "--settings", str(tmp_path / "pelican.conf.py")])
    pages = tmp_path / "content" / "pages"
    assert result.exit_code == 1
    assert f"{pages / 'bad.md'}:2:1: `Status: nope` is not a status" in result.output
    assert f"{pages / 'bad.md'}:4:5: link scheme `javascript:` is not allowed" in result.output
    assert f"{pages / 'raw.html'}:1:1: content pages are Markdown" in result.output


def test_a_content_page_nested_past_the_markdown_limit_is_a_problem_at_its_line(tmp_path):
    """As in fact sheets: past 20 lists within each other, markdown-it would drop the rest of the page."""
    from conftest import ROOT

    for name in ("pelican.conf.py", "theme", "content"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp_path / name)
    outline = "".join("  " * i + f"- level {i}\n" for i in range(22))
    (tmp_path / "content" / "pages" / "deep.md").write_text(f"Title: Deep\n\nIntro.\n\n{outline}\nAfter.\n")
    result = CliRunner().invoke(main, ["check", "--briefings", str(SEED), "--settings", str(tmp_path / "pelican.conf.py")])
    assert result.exit_code == 1
    assert (f"{tmp_path / 'content' / 'pages' / 'deep.md'}:24:1: lists and quotes are nested too deeply "
            "here (`- level 19`; at most 20 levels of lists, 39 of quotes)") in result.output


def test_a_terminal_that_is_not_utf8_gets_escapes_not_a_traceback(tmp_path):
    """PYTHONIOENCODING=latin-1: the site was published, then printing `→` raised UnicodeEncodeError (exit 1)."""
    import subprocess
    import sys

    from conftest import ROOT

    env = dict(os.environ, PYTHONIOENCODING="latin-1", BRIEFKIT_CACHE_DIR=str(tmp_path / "cache"))
    done = subprocess.run([sys.executable, "-m", "briefkit", "build", "--briefings", str(SEED), "--output",
                           str(tmp_path / "site")], cwd=ROOT, env=env, capture_output=True, timeout=600)
    stdout, stderr = done.stdout.decode("latin-1"), done.stderr.decode("latin-1")
    assert done.returncode == 0, stderr
    assert "Traceback" not in stderr and "\\u2192" in stdout and "·" in stderr  # what Latin-1 has is written as such


def test_a_content_page_linked_from_outside_the_content_folder_is_refused(tmp_path):
    """A link in content/pages/ to a file elsewhere on the machine (`secret.md`) published it, search included;
    a fact sheet reached so is refused (a tester)."""
    from conftest import ROOT, SETTINGS, run_cli

    for name in ("pelican.conf.py", "theme", "content"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp_path / name)
    (tmp_path / "secret.md").write_text("Title: Secret\n\nThe payroll.\n", encoding="utf-8")
    (tmp_path / "content" / "pages" / "notes.md").symlink_to(tmp_path / "secret.md")
    done = run_cli("build", "--briefings", str(SEED), "--output", str(tmp_path / "out"), "--settings",
                   str(tmp_path / "pelican.conf.py"))
    assert done.returncode == 1, done.stdout
    assert "notes.md:1:1: symbolic link leads outside the content folder; refused" in done.stderr
    assert not (tmp_path / "out").exists()


def test_json_counts_every_problem_as_the_text_summary_does(tmp_path):
    """A file with 150 errors shows 100 and a line for the rest; the JSON report counted 101 errors where the
    text summary said 150 (a tester). JSON now lists them all: 150 errors and each actor's warning."""
    (tmp_path / "a.yaml").write_text("actors:\n" + "".join(f"  - {{id: a{i}, name: A, kind: bogus}}\n" for i in range(150)))
    result = CliRunner().invoke(main, ["check", "--briefings", str(tmp_path), "--format", "json"])
    report = json.loads(result.stdout)
    assert report["errors"] == 150 and report["warnings"] == 150 and len(report["problems"]) == 300


def test_content_folders_nested_past_the_limit_are_one_problem_not_a_traceback(tmp_path):
    """A chain of a thousand folders in content/ stopped the build and `check --settings` with a RecursionError
    (os.walk recurses once per level, Pelican's too): it is one problem at the first folder past the limit, as in
    the fact-sheet folder, and the fingerprint's walk (incremental.files_under) needs no recursion."""
    import sys

    from briefkit.incremental import files_under
    from briefkit.load import MAX_FOLDER_DEPTH
    from conftest import ROOT

    for name in ("pelican.conf.py", "theme", "content"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp_path / name)
    deep = tmp_path / "content" / "pages" / "/".join(["d"] * (MAX_FOLDER_DEPTH + 5))
    deep.mkdir(parents=True)
    (deep / "x.md").write_text("Title: Deep\n\nText.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--briefings", str(SEED), "--settings", str(tmp_path / "pelican.conf.py")])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"folders nested more than {MAX_FOLDER_DEPTH} deep in the content folder" in result.output
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(80)  # below the chain's depth: os.walk would raise RecursionError
    try:
        found = files_under(tmp_path / "content")
    finally:
        sys.setrecursionlimit(limit)
    assert deep / "x.md" in found


def test_a_report_to_a_full_or_closed_stream_ends_without_a_traceback():
    """`> /dev/full` and `>&-` ended every command with a traceback, and a published build with status 1 (a tester).
    A closed stream is written nothing and changes no status; one that fails a write makes it 1, said on stderr."""
    import subprocess
    import sys

    from conftest import ROOT, SEED

    check = [sys.executable, "-m", "briefkit", "check", "--briefings", str(SEED)]
    with open("/dev/full", "w") as full:
        for command in (check + ["--format", "json"], [sys.executable, "-m", "briefkit", "schema"]):
            done = subprocess.run(command, cwd=ROOT, stdout=full, stderr=subprocess.PIPE, text=True, timeout=120)
            assert done.returncode == 1 and done.stderr.endswith("Error: cannot write the report: No space left on device\n")
            assert "Traceback" not in done.stderr
    for closed in (1, 2):
        done = subprocess.run(check, cwd=ROOT, capture_output=True, text=True, timeout=120,
                              preexec_fn=lambda fd=closed: os.close(fd))
        assert done.returncode == 0 and "Traceback" not in done.stderr + done.stdout, (closed, done.stderr)


@pytest.mark.parametrize("args", [["check", "--briefings", ""], ["serve", "--host", " "], ["new", "T", "--date", ""],
                                  ["add", "source", "s1", "--to", "briefings/x.yaml", "--date", ""]])
def test_an_option_given_empty_is_refused_not_taken_for_its_default(args):
    """`--briefings ""` was said not found as `.`, `--host ""` listened on every interface, `--date ""` took today
    (a tester)."""
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2 and "Invalid value for" in result.output and "Traceback" not in result.output


def test_the_watcher_watches_the_folders_the_settings_name_after_a_rebuild(tmp_path):
    """After the settings moved PATH to a new content folder, `make serve` still watched the old one: edits to the
    new folder's pages were never built (a tester). The paths are asked again after each rebuild."""
    import threading
    import time

    from briefkit.serve import watch_and_rebuild

    settings, old, new = tmp_path / "settings.py", tmp_path / "old", tmp_path / "new"
    old.mkdir()
    new.mkdir()
    settings.write_text("PATH = 'old'\n")
    builds, ready = [], threading.Event()

    class Enough(Exception):
        pass

    def rebuild():
        builds.append(settings.read_text())
        if len(builds) == 2:
            raise Enough

    def watched():
        return [str(tmp_path / settings.read_text().split("'")[1]), str(settings)]

    def watch():
        try:
            watch_and_rebuild(watched, rebuild, ready=ready.set)
        except Enough:
            pass

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    assert ready.wait(30)
    settings.write_text("PATH = 'new'\n")
    deadline = time.monotonic() + 30
    while not builds and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(1.0)  # the watch starts again on the new paths
    (new / "page.md").write_text("Title: T\n")
    thread.join(30)
    assert builds == ["PATH = 'new'\n", "PATH = 'new'\n"]


def test_serve_builds_with_a_module_the_settings_import_as_it_is_now(tmp_path, monkeypatch):
    """`make serve` kept the module the settings import from beside them as first imported: after the module was
    edited, every rebuild still said its old SITENAME (a tester); a build's own process said the new one."""
    from briefkit.serve import Rebuilder
    from conftest import SETTINGS

    site = tmp_path / "project"
    shutil.copytree(SETTINGS.parent / "theme", site / "theme")
    shutil.copytree(SETTINGS.parent / "content", site / "content")
    (site / "helpers").mkdir()
    (site / "helpers" / "__init__.py").write_text("")
    (site / "helpers" / "names.py").write_text("SITENAME = 'Desk One'\n")
    settings = site / "pelican.conf.py"
    settings.write_text(SETTINGS.read_text(encoding="utf-8") + "\nimport sys as _sys\n_sys.path.insert(0, _HERE)\n"
                        "from helpers.names import SITENAME\n", encoding="utf-8")
    monkeypatch.setenv("BRIEFKIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(sys, "path", list(sys.path))
    rebuild = Rebuilder(str(SEED), str(tmp_path / "site"), str(settings), lambda line, **_: None, lambda problems: None)
    rebuild()
    assert "Desk One" in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    (site / "helpers" / "names.py").write_text("SITENAME = 'Desk Two'\n")
    rebuild()
    assert "Desk Two" in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    sys.modules.pop("helpers.names", None)
    sys.modules.pop("helpers", None)
