"""Bad input: every problem at once with its place, a non-zero exit, no traceback, and the
last good site left exactly as it was."""

from __future__ import annotations

import os
import re
import shutil
import stat
import textwrap

import pytest

from conftest import SETTINGS, build_folder, digest_tree, run_cli

BROKEN = textwrap.dedent("""\
    incidents:
      - id: Bad Id
        title: Broken incident
        date: 2021-02-30
        kind: rocket attack
        location: {name: Erbil, country: NO}
        sources: [reuters-typo]
        tittle: typo
    """)


def test_broken_sheet_reports_every_problem_and_keeps_last_good_site(sheets, tmp_path):
    output = tmp_path / "site"
    assert build_folder(sheets, output).returncode == 0
    before = digest_tree(output)
    (sheets / "broken.yaml").write_text(BROKEN, encoding="utf-8")

    result = build_folder(sheets, output)

    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    lines = [line for line in result.stderr.splitlines() if "broken.yaml:" in line]
    places = [line.split(": ", 1)[0].rsplit("broken.yaml:", 1)[1] for line in lines]
    assert places == ["2:9", "4:11", "6:38", "7:15", "8:5"], result.stderr
    assert "did you mean `title`?" in result.stderr
    assert 'quote it: "NO"' in result.stderr
    assert "February 2021 has 28 days" in result.stderr
    assert digest_tree(output) == before
    assert "Build failed" in result.stdout


def test_a_link_leading_outside_fails_a_build_of_an_up_to_date_site(sheets, tmp_path):
    output = tmp_path / "site"
    assert build_folder(sheets, output).returncode == 0
    before = digest_tree(output)
    (tmp_path / "outside.yaml").write_text("sources: []\n", encoding="utf-8")
    (sheets / "linked.yaml").symlink_to(tmp_path / "outside.yaml")  # no content key changed: the same inputs

    result = build_folder(sheets, output)

    assert result.returncode == 1, result.stdout
    assert "linked.yaml:1:1: symbolic link leads outside the fact-sheet folder; refused" in result.stderr
    assert digest_tree(output) == before


def test_an_output_folder_that_is_or_holds_the_input_is_refused(sheets, tmp_path):
    before = digest_tree(sheets)
    for output in (sheets, sheets.parent):
        result = build_folder(sheets, output)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert "the output folder is or holds the fact-sheet folder" in result.stderr
        assert digest_tree(sheets) == before  # a build replaces its output folder: here, the fact sheets


@pytest.mark.parametrize(("inside", "what"), [("theme/static/site", "the theme"),
                                             ("content/pages/site", "the content folder"),
                                             ("briefings/site", "the fact-sheet folder")])
def test_an_output_folder_inside_the_theme_or_the_content_is_refused(sheets, tmp_path, inside, what):
    """Output in theme/static/ copied the staging folder into itself until the path was too long, and left a lock
    file that every later site published; in content/pages/, the second build read the site's own pages as
    hand-written ones, 69 errors, and the site could never be rebuilt (a tester). In the fact-sheet folder, every
    check walked the site, and `make serve` built again after each publish (another)."""
    project = tmp_path / "project"
    project.mkdir()
    for name in ("theme", "content"):
        shutil.copytree(SETTINGS.parent / name, project / name)
    shutil.copy(SETTINGS, project / "pelican.conf.py")
    shutil.copytree(sheets, project / "briefings")
    before = digest_tree(project)
    result = run_cli("build", "--briefings", str(project / "briefings"), "--output", str(project / inside),
                     "--settings", str(project / "pelican.conf.py"))
    assert result.returncode == 1 and f"the output folder lies inside {what}" in result.stderr, result.stderr
    assert digest_tree(project) == before


def test_an_output_folder_holding_other_files_is_refused_and_kept(sheets, tmp_path):
    output = tmp_path / "documents"
    output.mkdir()
    (output / "notes.txt").write_text("mine", encoding="utf-8")
    result = build_folder(sheets, output)
    assert result.returncode == 1
    assert "holds files but no site built here" in result.stderr
    assert [p.name for p in output.iterdir()] == ["notes.txt"] and (output / "notes.txt").read_text() == "mine"
    # another site's home page does not make it one of ours: its files were replaced with it (a tester)
    (output / "index.html").write_text("<html>my own page</html>", encoding="utf-8")
    result = build_folder(sheets, output)
    assert result.returncode == 1 and "holds files but no site built here" in result.stderr
    assert sorted(p.name for p in output.iterdir()) == ["index.html", "notes.txt"]
    for name in ("notes.txt", "index.html"):
        (output / name).unlink()
    assert build_folder(sheets, output).returncode == 0  # empty: fine
    assert build_folder(sheets, output).returncode == 0  # a site built here: fine
    (output / ".briefkit-manifest").unlink()  # make serve stopped before it wrote the manifest: its home page is ours
    assert build_folder(sheets, output).returncode == 0


def test_an_output_path_that_is_not_a_folder_is_refused_and_kept(sheets, tmp_path):
    """A pipe, a device (`--output /dev/null`, which a build once replaced with a site), or a link to one; a file is
    refused with its place too (it was click's usage error, exit status 2)."""
    pipe, link, file = tmp_path / "pipe", tmp_path / "link", tmp_path / "notes.txt"
    os.mkfifo(pipe)
    link.symlink_to(pipe)
    file.write_text("mine", encoding="utf-8")
    for output in (pipe, link, file):
        result = build_folder(sheets, output)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert f"{output}:1:1: the output path is not a folder" in result.stderr
        assert stat.S_ISFIFO(os.stat(output).st_mode) or file.read_text(encoding="utf-8") == "mine"
    assert link.is_symlink()
    nowhere = tmp_path / "nowhere"
    nowhere.symlink_to("missing-folder")
    result = build_folder(sheets, nowhere)
    assert result.returncode == 1 and f"{nowhere}:1:1: the output path is a symbolic link to `missing-folder`, which " \
                                      "does not exist" in result.stderr


def test_an_output_path_that_links_to_a_folder_publishes_into_that_folder(sheets, tmp_path):
    """A clean build (here: another SITEURL) swapped a folder in at the path: the link became a folder, its target
    (the web server's) kept the old site."""
    site, published = tmp_path / "site", tmp_path / "published"
    assert build_folder(sheets, site).returncode == 0
    published.symlink_to(site)
    result = run_cli("build", "--briefings", str(sheets), "--output", str(published), "--settings", str(SETTINGS),
                     env={"SITEURL": "https://example.org"})
    assert result.returncode == 0, result.stderr
    assert published.is_symlink() and os.readlink(published) == str(site)
    assert "https://example.org/" in (site / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("where", ["file/site", ""])
def test_an_output_folder_that_cannot_be_made_is_one_error(sheets, tmp_path, where):
    (tmp_path / "file").write_text("x", encoding="utf-8")
    result = run_cli("build", "--briefings", str(sheets), "--output", str(tmp_path / where) if where else "",
                     "--settings", str(SETTINGS), cwd=tmp_path)
    assert result.returncode != 0 and "Traceback" not in result.stderr + result.stdout
    message = "cannot write the site here" if where else "Invalid value for '--output': give a folder name"
    assert message in result.stderr


def test_check_validates_without_building(sheets, tmp_path):
    (sheets / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    result = run_cli("check", "--briefings", str(sheets), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.count("broken.yaml:") == 5
    assert not (tmp_path / "output").exists()


def test_hostile_files_never_produce_a_traceback(tmp_path):
    folder = tmp_path / "briefings"
    folder.mkdir()
    hostile = {
        "binary.yaml": bytes(range(256)),
        "laughs.yaml": b'a: &a ["lol","lol"]\nb: &b [*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b]\n',
        "deep.yaml": b"a: " + b"[" * 5000 + b"]" * 5000,
        "tag.yaml": b"a: !!python/object/apply:os.system ['echo hi']\n",
        "list.yaml": b"- 1\n- 2\n",
        "scalar.yaml": b"just text\n",
        "utf16.yaml": "actors: []\n".encode("utf-16"),
        "nul.yaml": b"actors:\x00\n",
        "unclosed.yaml": b"actors: [\n",
        "weird.yaml": b"briefing: [1, 2]\nactors: {a: 1}\nincidents: 3\n",
    }
    for name, data in hostile.items():
        (folder / name).write_bytes(data)
    result = build_folder(folder, tmp_path / "site")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    for name in hostile:
        assert f"{name}:" in result.stderr, name
    assert not (tmp_path / "site").exists()


def test_a_failing_search_index_publishes_nothing(tmp_path, monkeypatch):
    """Pagefind runs in a background process; its failure is reported like any problem, and nothing is published."""
    from conftest import SEED

    from briefkit import build, search

    def broken(folder, bundle):
        raise search.SearchIndexError("Pagefind exited with status 101")

    monkeypatch.setattr(search, "_run_pagefind", broken)  # the forked child inherits the patch
    monkeypatch.setenv("BRIEFKIT_CACHE_DIR", str(tmp_path / "cache"))
    result = build.build(str(SEED), str(tmp_path / "site"))
    assert not result.ok and not (tmp_path / "site").exists()
    assert any("search index not made: Pagefind exited with status 101" in p.message for p in result.project.problems)


def test_a_publish_stopped_part_way_says_so_and_the_next_build_mends_it(tmp_path, monkeypatch):
    """An in-place publish that fails after it began (a full disk) cannot call the site "left as it was"."""
    from conftest import SEED

    from briefkit import build, publish

    sheets, site = tmp_path / "briefings", tmp_path / "site"
    shutil.copytree(SEED, sheets)
    monkeypatch.setenv("BRIEFKIT_CACHE_DIR", str(tmp_path / "cache"))
    assert build.build(str(sheets), str(site)).ok
    sheet = next(sheets.rglob("*.yaml"))
    sheet.write_text(sheet.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")

    def full(source, target):
        raise OSError(28, "No space left on device", target)

    monkeypatch.setattr(publish, "same_file", full)
    result = build.build(str(sheets), str(site))
    assert not result.ok and "publishing into" in result.summary() and "stopped part-way" in result.summary()
    assert any(p.message.startswith("cannot write the site here: No space left on device") for p in result.problems)
    assert not (site / ".briefkit-manifest").exists()  # so the next build is a clean one
    monkeypatch.undo()
    monkeypatch.setenv("BRIEFKIT_CACHE_DIR", str(tmp_path / "cache"))
    assert build.build(str(sheets), str(site)).ok and (site / ".briefkit-manifest").exists()


def test_a_file_with_thousands_of_problems_shows_its_first_hundred_and_says_how_many_more(tmp_path):
    """One source with 3,000 unknown fields printed 3,000 lines (60,000 in a tester's file); the load stage already
    stopped at 100. Errors come before warnings; GitHub annotations are capped alike, but JSON, for tools, lists every
    problem (capped, a tool could not get the rest, and the line saying so read as one more problem: a tester)."""
    import json

    fields = "".join(f"    field{i}: x\n" for i in range(3000))
    (tmp_path / "many.yaml").write_text("sources:\n  - id: s\n    publisher: P\n" + fields, encoding="utf-8")
    (tmp_path / "fine.yaml").write_text("sources:\n  - id: t\n    publisher: \n", encoding="utf-8")
    result = run_cli("check", "--briefings", str(tmp_path))
    lines = [line for line in result.stderr.splitlines() if "many.yaml:" in line]
    assert result.returncode == 1
    assert len(lines) == 101 and lines[0].endswith("2,901 more problems in this file are not shown; fix these first")
    assert all("unknown field" in line for line in lines[1:])
    assert any("fine.yaml:3:5: source `t` has an empty required field" in line for line in result.stderr.splitlines())
    assert "3,001 errors" in result.stderr  # the count is of every problem
    shown = json.loads(run_cli("check", "--briefings", str(tmp_path), "--format", "json").stdout)
    assert len(shown["problems"]) == shown["errors"] + shown["warnings"] == 3003  # fine.yaml's two, many.yaml's 3,001
    assert not any("not shown" in problem["message"] for problem in shown["problems"])


def test_an_empty_folder_never_replaces_a_published_site(tmp_path, seed_output):
    """A checkout gone wrong or a mistyped --briefings (an existing, empty folder) replaced every page with an empty
    site, with one warning and exit status 0 (found by a tester). A first build of an empty folder still publishes."""
    site = tmp_path / "site"
    shutil.copytree(seed_output, site)
    (tmp_path / "empty").mkdir()
    before = digest_tree(site)
    result = build_folder(tmp_path / "empty", site)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "the fact sheets here define nothing, but the site in" in result.stderr
    assert "it is left as it was" in result.stderr
    assert digest_tree(site) == before
    (tmp_path / "empty" / "a.yaml").write_text("# nothing yet\n", encoding="utf-8")  # sheets emptied: the same
    (tmp_path / "empty" / "b.yaml").write_text("", encoding="utf-8")
    assert build_folder(tmp_path / "empty", site).returncode == 1 and digest_tree(site) == before
    assert build_folder(tmp_path / "empty", tmp_path / "new-site").returncode == 0


def test_an_output_path_that_is_not_utf8_is_refused_before_any_work(sheets, tmp_path):
    """A non-UTF-8 output path rendered the whole site, then failed in Pagefind with advice to reinstall the
    dependencies (a tester)."""
    output = os.fsdecode(os.fsencode(str(tmp_path)) + b"/o\xff\xfe")
    result = build_folder(sheets, output)
    assert result.returncode == 1 and "the output path is not UTF-8" in result.stderr, result.stderr
    assert "render+write" not in result.stderr and not os.path.exists(output)


def test_a_fact_sheet_folder_that_is_a_file_or_not_utf8_is_one_problem(tmp_path):
    """`--briefings FILE` was click's usage error (status 2); a folder whose own name is not UTF-8 had each of its
    sheets called "the file name is not UTF-8", though every name in it was (a tester)."""
    file = tmp_path / "notes.txt"
    file.write_text("x", encoding="utf-8")
    folder = os.fsdecode(os.fsencode(str(tmp_path)) + b"/b\xff")
    os.mkdir(folder)
    shutil.copy(SETTINGS.parent / "briefings" / "2021-02-25-us-strikes-syria.yaml", folder)
    for given, message in ((str(file), f"{file}:1:1: fact-sheet folder is a file, not a folder"),
                           (folder, f"{tmp_path}/b\\xff:1:1: the fact-sheet folder's path is not UTF-8")):
        result = run_cli("check", "--briefings", given)
        assert result.returncode == 1 and message in result.stderr + result.stdout, result.stderr
        assert "file name is not UTF-8" not in result.stderr + result.stdout
    # build and serve said it with a traceback (a tester); `add --to` such a path too
    for command in (["build", "--output", str(tmp_path / "site")], ["serve", "--output", str(tmp_path / "site"),
                                                                     "--port", "0"]):
        result = run_cli(*command, "--briefings", folder)
        assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
        assert f"{tmp_path}/b\\xff:1:1: the fact-sheet folder's path is not UTF-8" in result.stderr + result.stdout
    result = run_cli("add", "source", "s9", "--to", folder + "/x.yaml", "--publisher", "P", "--briefings", folder)
    assert result.returncode == 2 and "Traceback" not in result.stderr and "the path is not UTF-8" in result.stderr


def test_a_theme_file_pelican_could_not_copy_fails_the_build(tmp_path, monkeypatch):
    """Pelican says a failed copy of a static file (a full disk) as a warning and goes on: a tester's site was
    published with an empty search script and blank maps, and the build said 0 errors. It now fails, and the last
    good site stays."""
    import shutil as shutil_module

    from conftest import SEED
    from pelican import utils

    from briefkit import build

    sheets, site = tmp_path / "briefings", tmp_path / "site"
    shutil.copytree(SEED, sheets)
    monkeypatch.setenv("BRIEFKIT_CACHE_DIR", str(tmp_path / "cache"))
    real_copy = shutil_module.copyfile

    def full(source, target, *args, **kwargs):
        if str(source).endswith(".svg"):
            raise OSError(28, "No space left on device", target)
        return real_copy(source, target, *args, **kwargs)

    monkeypatch.setattr(utils.shutil, "copyfile", full)
    result = build.build(str(sheets), str(site))
    assert not result.ok and not site.exists()
    [problem] = result.problems
    assert re.fullmatch(r"cannot copy `.*theme/static/.*\.svg` into the site: No space left on device "
                        r"\(and \d+ more such failures\); nothing was published", problem.message), problem.message
    assert (problem.path, problem.line, problem.column) == (str(site), 1, 1)


def test_ctrl_c_stops_a_build_and_leaves_the_last_site_and_a_free_lock(tmp_path):
    """Ctrl-C signals the whole process group: a render worker died of it and its pool waited for good, holding the
    output's lock, so every later build waited too (a tester). Now the children leave it to the parent, which stops
    them: the build ends (status 130, one line, no traceback), the last site stays, the next build runs."""
    import signal
    import subprocess
    import sys

    from conftest import ROOT

    sheets, site = tmp_path / "briefings", tmp_path / "site"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "gen_corpus.py"), "600", str(sheets)], check=True,
                   capture_output=True)
    environment = {**os.environ, "BRIEFKIT_CACHE_DIR": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "briefkit", "build", "--briefings", str(sheets), "--output", str(site)]
    for delay in (0.1, 0.8, 2.5):  # while starting, while checking (its workers parse), while rendering (a pool)
        before = digest_tree(site) if site.exists() else {}
        build = subprocess.Popen(command, cwd=ROOT, env=environment, start_new_session=True, text=True,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            build.wait(delay)
        except subprocess.TimeoutExpired:
            os.killpg(build.pid, signal.SIGINT)  # as a terminal's Ctrl-C: to every process of the group
        try:
            out, err = build.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            os.killpg(build.pid, signal.SIGKILL)
            pytest.fail(f"the build did not end after Ctrl-C (interrupted at {delay} s)")
        assert "Traceback" not in err, err
        if build.returncode == 130:  # said by the build, or (before it began: a loaded machine) by the CLI
            said = f"{site} holds the last build that finished" if before else f"nothing was published to {site}"
            assert f"Build interrupted; {said}" in err or err.endswith("Interrupted\n")  # no site claimed (a tester)
            assert (digest_tree(site) if site.exists() else {}) == before
        else:
            assert build.returncode == 0, err  # it ended before the interrupt
        assert _group_ends(build.pid), "a process of the build outlived it"
    finished = subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=300)
    assert finished.returncode == 0, finished.stderr
    _replaced_site_gone(tmp_path)  # a site the last build swapped out is deleted by a detached `rm` (publish.discard)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.lock", "briefings", "cache", "site"]  # no staging


def _replaced_site_gone(folder, seconds: float = 60) -> None:
    """Wait until no replaced site (`.site.old-*`) is left in folder: its `rm` runs detached, after the build ends (on
    a loaded machine, the listing had caught it still deleting)."""
    import time

    deadline = time.monotonic() + seconds
    while any(p.name.startswith(".site.old-") for p in folder.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.1)


def _group_ends(group: int, seconds: float = 30) -> bool:
    """True once no process of the group is left (a child that answered its parent may still be exiting)."""
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


def test_a_folder_of_the_output_that_cannot_be_written_is_found_before_anything_moves(tmp_path, monkeypatch):
    """An in-place publish met a read-only folder half-way and left the output a mix of two builds (a tester):
    every folder a file goes into is checked first, and the output is left as it was."""
    from conftest import SEED

    from briefkit import build, publish

    sheets, site = tmp_path / "briefings", tmp_path / "site"
    shutil.copytree(SEED, sheets)
    monkeypatch.setenv("BRIEFKIT_CACHE_DIR", str(tmp_path / "cache"))
    assert build.build(str(sheets), str(site)).ok
    before = digest_tree(site)
    for sheet in sheets.rglob("*.yaml"):  # an edit of every page's text: actors' and incidents' pages change
        sheet.write_text(sheet.read_text(encoding="utf-8").replace("name: ", "name: X ", 3), encoding="utf-8")
    read_only = str(site / "incidents")
    real_access = os.access
    monkeypatch.setattr(publish.os, "access", lambda path, mode: path != read_only and real_access(path, mode))
    result = build.build(str(sheets), str(site))
    assert not result.ok and not result.half_published
    assert [p.message for p in result.problems] == [f"cannot write the site here: Permission denied (`{read_only}`)"]
    assert digest_tree(site) == before


def test_a_utf8_name_read_by_a_python_that_takes_names_as_ascii_is_told_what_to_set(tmp_path):
    """With a C locale and PYTHONUTF8=0, every Arabic file name was said not to be UTF-8 (a tester): the name is,
    and the message says what to set."""
    (tmp_path / "دليل").mkdir()
    (tmp_path / "دليل" / "ملف.yaml").write_text("sources: []\n", encoding="utf-8")
    result = run_cli("check", "--briefings", str(tmp_path),
                     env={"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"})
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "the name is UTF-8, but Python reads file names here as ascii; run with PYTHONUTF8=1" in result.stderr


def _die_on_three(item: int) -> int:
    """A worker's task that kills its own process on item 3 (as the out-of-memory killer would)."""
    import signal

    if item == 3:
        os.kill(os.getpid(), signal.SIGKILL)
    return item * 2


def _die_rendering(bounds) -> list:
    """A render worker's task that kills its own process."""
    return [_die_on_three(3)]


def test_pool_workers_die_with_a_parent_killed_outright(tmp_path):
    """The validating workers outlived a build killed with SIGKILL (the out-of-memory killer, `kill -9`) and waited
    for good to send their results, holding its output pipes: `make html | tee log` never ended (a tester). Every
    pool worker dies with its parent, as the background processes do."""
    import subprocess
    import sys
    import time

    from conftest import ROOT

    pids = tmp_path / "pids"
    script = textwrap.dedent(f"""
        import os, time
        from briefkit.background import in_workers
        def nap(item):
            with open({str(pids)!r}, "a") as out:
                out.write(f"{{os.getpid()}}\\n")
            time.sleep(120)
        answers = in_workers(nap, [0, 1], 2)
        while not os.path.exists({str(pids)!r}) or len(open({str(pids)!r}).read().split()) < 2:
            time.sleep(0.05)
        os.kill(os.getpid(), 9)
    """)
    parent = subprocess.run([sys.executable, "-c", script], cwd=ROOT, timeout=60, stdout=subprocess.DEVNULL)
    assert parent.returncode == -9
    workers = [int(pid) for pid in pids.read_text().split()]

    def running(pid: int) -> bool:  # a zombie (ended, not yet reaped by whoever adopted it) runs no more
        try:
            return open(f"/proc/{pid}/stat").read().rpartition(")")[2].split()[0] != "Z"
        except OSError:
            return False

    deadline = time.monotonic() + 10
    while any(map(running, workers)) and time.monotonic() < deadline:
        time.sleep(0.1)
    alive = [pid for pid in workers if running(pid)]
    for pid in alive:  # not left running after the test
        os.kill(pid, 9)
    assert len(workers) == 2 and alive == []


def test_a_worker_that_dies_is_an_error_not_a_hang(tmp_path, monkeypatch):
    """A render worker killed (the out-of-memory killer) left multiprocessing's pool waiting for its task for good,
    the output's lock held (a tester). Its death is now an error of the build, and nothing is published."""
    from conftest import SEED

    from briefkit import build, render
    from briefkit.background import WorkerDied, in_workers

    assert list(in_workers(_die_on_three, [0, 1, 2], 2)) == [0, 2, 4]
    with pytest.raises(WorkerDied, match="ended without an answer"):
        list(in_workers(_die_on_three, list(range(8)), 2))
    monkeypatch.setenv("BRIEFKIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(render, "CHUNK", 2)  # the seed's pages on the pool of workers
    monkeypatch.setattr(render, "_render_chunk", _die_rendering)
    result = build.build(str(SEED), str(tmp_path / "site"))
    assert not result.ok and not (tmp_path / "site").exists()
    assert [p.message for p in result.problems] == [
        "a process of the build ended without an answer (killed? out of memory?); nothing was published"]


def test_a_ctrl_c_python_could_not_raise_still_stops_the_publish(tmp_path, monkeypatch):
    """A Ctrl-C that came while Python ran a weak reference's callback (during an import) was printed as "Exception
    ignored" and lost, and the build published all the same (a test met it). The publish step asks whether one came."""
    from conftest import SEED

    from briefkit import background, build

    monkeypatch.setenv("BRIEFKIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(background, "_INTERRUPTS", [1])
    with pytest.raises(KeyboardInterrupt):
        build.build(str(SEED), str(tmp_path / "site"))
    assert not (tmp_path / "site").exists() and sorted(p.name for p in tmp_path.iterdir()) == [".site.lock", "cache"]


@pytest.mark.parametrize("number, code, said", [(2, 130, "interrupted"), (15, 143, "stopped (SIGTERM)")])
def test_a_ctrl_c_while_publishing_is_said_once_the_site_is_published(tmp_path, monkeypatch, number, code, said):
    """Ctrl-C is held back while the site is published, and came after it: the build said "holds the last build that
    finished" and exited 130, but the interrupted build's site was out (a tester). It says this build's site is.
    SIGTERM too, which CI sends to cancel a job: it stopped publishing half-way, a mix of two builds (a tester)."""
    import os
    import signal

    from click.testing import CliRunner
    from conftest import SEED

    from briefkit import build
    from briefkit.cli import main

    publish = build._publish_staged

    def pressed_while_publishing(*args):
        publish(*args)
        os.kill(os.getpid(), number)  # held back until publishing ends

    monkeypatch.setenv("BRIEFKIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(build, "_publish_staged", pressed_while_publishing)
    done = CliRunner().invoke(main, ["build", "--briefings", str(SEED), "--output", str(tmp_path / "site")])
    assert done.exit_code == code
    assert f"Build {said} once its site was published; {tmp_path / 'site'} holds this build" in done.output
    assert (tmp_path / "site" / "index.html").is_file()
    monkeypatch.setattr(build, "_publish_staged", publish)
    again = CliRunner().invoke(main, ["build", "--briefings", str(SEED), "--output", str(tmp_path / "site")])
    assert again.exit_code == 0 and "Up to date" in again.output, again.output
    # a signal the caller ignores stays ignored: the build goes on to its summary (a tester's SIGTERM under nohup)
    monkeypatch.setattr(build, "_publish_staged", pressed_while_publishing)
    before = signal.signal(number, signal.SIG_IGN)
    try:
        ignored = CliRunner().invoke(main, ["build", "--briefings", str(SEED), "--output", str(tmp_path / "other")])
    finally:
        signal.signal(number, before)
    assert ignored.exit_code == 0 and "Built" in ignored.output, ignored.output
