"""History from git: one `git log` gives each fact sheet's last change ("Fact sheet last changed" on its entities'
pages, with forge links when REPO_URL is set) and the /changes/ page; nothing outside git."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from briefkit import history
from briefkit.dates import PartialDate
from conftest import build_folder, digest_tree
from sitecrawl import crawl

STORY = """\
briefing:
  id: erbil-story
  title: Rockets hit Erbil
  date: 2021-01-10
  summary: Rockets hit [[erbil-attack]], claimed by [[guardians]].
  actors: [{actor: guardians}]
  incidents: [erbil-attack]
  sources: [agency-1]
incidents:
  - id: erbil-attack
    title: Rocket attack on Erbil
    date: 2021-01-09
    kind: rocket attack
    location: {name: Erbil, country: "IQ"}
    sources: [agency-1]
sources:
  - {id: agency-1, publisher: Example Agency}
"""
ACTORS = """\
actors:
  - id: guardians
    name: Guardians of Blood
    kind: armed-group
"""
REPO_URL = "https://github.com/example-org/briefings-site"


def git_env(home: Path) -> dict:
    """An environment for git that ignores the machine's config and any repository around the test."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(HOME=str(home), GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull, GIT_AUTHOR_NAME="Editor",
               GIT_AUTHOR_EMAIL="editor@example.org", GIT_COMMITTER_NAME="Editor", GIT_COMMITTER_EMAIL="editor@example.org")
    return env


def commit(repo: Path, message: str, date: str) -> str:
    """Stage everything and commit with a fixed author and committer date; the new sha."""
    env = dict(git_env(repo.parent), GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    subprocess.run(["git", "-C", str(repo), "add", "-A"], env=env, check=True)
    subprocess.run(["git", "-C", str(repo), "commit", "-q", "-m", message], env=env, check=True)
    done = subprocess.run(["git", "-C", str(repo), "rev-parse", "HEAD"], env=env, check=True, capture_output=True, text=True)
    return done.stdout.strip()


@pytest.fixture(autouse=True)
def _own_cache(tmp_path, monkeypatch):
    """Each test keeps the histories it reads in its own cache folder (read_history stores them)."""
    monkeypatch.setenv("BRIEFKIT_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture()
def repo(tmp_path) -> Path:
    """A git repository whose briefings/ folder has three commits (one touching only a draft)."""
    root = tmp_path / "repo"
    sheets = root / "briefings"
    (sheets / "actors").mkdir(parents=True)
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], env=git_env(tmp_path), check=True)
    (sheets / "story.yaml").write_text(STORY, encoding="utf-8")
    (sheets / "actors" / "guardians.yaml").write_text(ACTORS, encoding="utf-8")
    (root / "README.md").write_text("not a fact sheet\n")
    commit(root, "Add the Erbil story", "2021-01-10T09:00:00+00:00")
    (sheets / "actors" / "guardians.yaml").write_text(ACTORS + "    aliases: [Saraya Awliya al-Dam]\n", encoding="utf-8")
    commit(root, "Guardians: add an alias", "2021-02-20T23:30:00-05:00")  # 21 February in UTC
    (sheets / "_draft.yaml").write_text("actors: []\n")
    (root / "README.md").write_text("still not a fact sheet\n")
    commit(root, "Draft and readme only", "2021-03-01T12:00:00+00:00")
    return root


def test_parse_log_keeps_fact_sheets_only():
    raw = (b"\x1eaaa\x1f\x1f2021-02-20T23:30:00-05:00\x1fSecond\x00\nactors/g.yaml\x00_draft.yaml\x00notes.txt\x00"
           b"\x1ebbb\x1f\x1f2021-01-10T09:00:00+00:00\x1fFirst\x00\nstory.yaml\x00actors/g.yaml\x00"
           b"\x1eccc\x1f\x1f2021-03-01T12:00:00+00:00\x1fOnly a draft\x00\n.hidden/x.yaml\x00sub/_d/y.yml\x00")
    commits = history.parse_log(raw)
    assert [(c.sha, c.date, c.subject, c.files) for c in commits] == [
        ("aaa", PartialDate(2021, 2, 20), "Second", ("actors/g.yaml",)),
        ("bbb", PartialDate(2021, 1, 10), "First", ("story.yaml", "actors/g.yaml")),
    ]
    last = history.last_commits(commits)
    assert {path: c.sha for path, c in last.items()} == {"actors/g.yaml": "aaa", "story.yaml": "bbb"}


def test_changes_run_newest_first_by_the_date_they_show():
    """git lists a commit before its parents whatever their clocks said: commits imported or made on a skewed clock
    showed 1 March 2022, then 6 August 2020, then 26 February 2021 on /changes/ (a tester). Same dates keep git's
    order."""
    raw = (b"\x1eccc\x1f\x1f2022-03-01T01:30:00+03:00\x1fThird\x00\nc.yaml\x00"
           b"\x1ebbb\x1f\x1f2020-08-06T23:30:00-05:00\x1fSecond\x00\nb.yaml\x00"
           b"\x1eaaa\x1f\x1f2021-02-26T10:00:00+00:00\x1fFirst\x00\na.yaml\x00"
           b"\x1eddd\x1f\x1f2021-02-26T09:00:00+00:00\x1fFirst again\x00\na.yaml\x00")
    commits = history.parse_log(raw)
    found = history.History(tuple(commits), "", history.last_commits(commits))
    data = history.site_history(found, "briefings", ["briefings/a.yaml", "briefings/b.yaml", "briefings/c.yaml"])
    assert [c["sha"] for c in data["commits"]] == ["ccc", "aaa", "ddd", "bbb"]


def test_a_commit_subject_shows_no_control_character():
    """A subject is anyone's text: an escape sequence, a carriage return or a bidi override reached /changes/ raw."""
    raw = b"\x1eaaa\x1f\x1f2021-02-20T23:30:00-05:00\x1fa\x01\x1b[31m b\r c\xe2\x80\xae d\x00\nactors/g.yaml\x00"
    assert [c.subject for c in history.parse_log(raw)] == ["a\ufffd\ufffd[31m b\ufffd c\ufffd d"]


def test_a_subject_or_name_holding_the_logs_separators_forges_and_hides_nothing(repo):
    """A subject holding 0x1E and 0x1F made a commit of its own on /changes/, with a sha, date and link of its
    author's choosing, and one holding 0x1F alone hid its commit; a sheet's name did the same (a tester)."""
    sheets = repo / "briefings"
    (sheets / "actors" / "guardians.yaml").write_text(ACTORS + "    aliases: [A]\n", encoding="utf-8")
    hidden = commit(repo, "Aliases \x1fhidden", "2021-04-01T10:00:00+00:00")
    (sheets / "x\x1edeadbeef\x1f2031-01-01T00:00:00+00:00\x1fForged.yaml").write_text(ACTORS.replace("guardians", "g2"))
    forged = commit(repo, "x\x1e../../evil\x1f2030-01-01T00:00:00+00:00\x1fFix typo", "2021-05-01T10:00:00+00:00")
    found = history.read_history(str(sheets))
    assert [(c.sha, c.date, c.subject) for c in found.commits[:2]] == [
        (forged, PartialDate(2021, 5, 1), "x\ufffd../../evil\ufffd2030-01-01T00:00:00+00:00\ufffdFix typo"),
        (hidden, PartialDate(2021, 4, 1), "Aliases \ufffdhidden")]
    assert found.last["x\x1edeadbeef\x1f2031-01-01T00:00:00+00:00\x1fForged.yaml"].sha == forged


def test_a_merge_that_resolves_a_conflict_in_a_sheet_is_its_last_change(repo):
    """A merge resolving a conflict in a sheet changes it from both parents, and was left out of /changes/ and of the
    sheet's "last changed" (a tester)."""
    env, sheet = git_env(repo.parent), repo / "briefings" / "actors" / "guardians.yaml"
    run = lambda *args: subprocess.run(["git", "-C", str(repo), *args], env=env, check=False, capture_output=True)
    run("checkout", "-q", "-b", "side")
    sheet.write_text(ACTORS.replace("Guardians of Blood", "Guardians"), encoding="utf-8")
    commit(repo, "Side: shorter name", "2021-04-01T10:00:00+00:00")
    run("checkout", "-q", "main")
    sheet.write_text(ACTORS.replace("Guardians of Blood", "Guardians of the Blood"), encoding="utf-8")
    commit(repo, "Main: longer name", "2021-04-02T10:00:00+00:00")
    assert run("merge", "-q", "side").returncode != 0  # the conflict
    sheet.write_text(ACTORS.replace("Guardians of Blood", "Saraya Awliya al-Dam"), encoding="utf-8")
    merge = commit(repo, "Merge side: the name agreed", "2021-04-03T10:00:00+00:00")
    found = history.read_history(str(repo / "briefings"))
    assert found.commits[0].sha == merge and found.last["actors/guardians.yaml"].sha == merge


def test_read_history_from_one_git_run(repo, monkeypatch):
    calls = []
    real_run = subprocess.run
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: calls.append(a[0]) or real_run(*a, **k))
    found = history.read_history(str(repo / "briefings"))
    logs = [call for call in calls if "log" in call]
    assert len(logs) == 1 and logs[0][0] == "git" and all("rev-parse" in call for call in calls if call not in logs)
    assert [c.subject for c in found.commits] == ["Guardians: add an alias", "Add the Erbil story"]
    assert found.commits[0].date == PartialDate(2021, 2, 20)  # the committer's own calendar day
    assert found.prefix == "briefings/"
    assert found.last["story.yaml"].subject == "Add the Erbil story"
    assert found.last["actors/guardians.yaml"].subject == "Guardians: add an alias"
    assert "_draft.yaml" not in found.last


def test_history_is_kept_per_commit_in_memory_and_in_the_cache_folder(repo, monkeypatch, tmp_path):
    """`git log` runs once per HEAD commit: again in the same process (make serve) or the next (make html),
    the history comes from memory or from the signed cache file; a new commit is logged again."""
    folder = str(repo / "briefings")
    first = history.read_history(folder)
    logs = []
    real_log = history.git_log
    monkeypatch.setattr(history, "git_log", lambda *a: logs.append(a) or real_log(*a))
    assert history.read_history(folder) == first
    history._history_at.cache_clear()  # as a new process
    assert history.read_history(folder) == first and logs == []
    (repo / "briefings" / "story.yaml").write_text(STORY.replace("Rockets hit Erbil", "Rockets hit Erbil again"))
    commit(repo, "Retitle the story", "2021-03-01T10:00:00+00:00")
    again = history.read_history(folder)
    assert len(logs) == 1 and [c.subject for c in again.commits] == ["Retitle the story", *(c.subject for c in first.commits)]
    (tmp_path / "cache" / history._stored(os.path.realpath(folder)).name).write_bytes(b"0" * 64 + b"\n" + b"not a pickle")
    history._history_at.cache_clear()
    assert history.read_history(folder) == again and len(logs) == 2  # a file not signed here: logged again, not read


def test_a_shallow_clone_is_another_history_than_the_whole_one(repo, tmp_path):
    # Fetching the whole history changes the dates pages show but not HEAD: the key of the kept history differs.
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(shallow)], env=git_env(tmp_path), check=True)
    head = history.git_head(str(repo / "briefings"))
    assert history.git_head(str(shallow / "briefings")) == f"{head} shallow"
    assert len(history.read_history(str(shallow / "briefings")).commits) == 1


def test_folder_at_the_top_of_its_repository(repo):
    assert history.read_history(str(repo)).prefix == ""
    assert set(history.read_history(str(repo)).last) == {"briefings/story.yaml", "briefings/actors/guardians.yaml"}


def test_no_history_outside_git_or_without_git(tmp_path, monkeypatch, repo):
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "story.yaml").write_text(STORY)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    assert history.read_history(str(plain)) == history.History()
    monkeypatch.setenv("PATH", str(tmp_path / "no-such-bin"))
    assert history.read_history(str(repo / "briefings")) == history.History()


def test_git_variables_of_a_hook_do_not_redirect_the_log(repo, tmp_path, monkeypatch):
    other = tmp_path / "other"
    subprocess.run(["git", "init", "-q", str(other)], env=git_env(tmp_path), check=True)
    monkeypatch.setenv("GIT_DIR", str(other / ".git"))
    assert len(history.read_history(str(repo / "briefings")).commits) == 2


def test_site_history_maps_files_and_links(repo):
    folder = str(repo / "briefings")
    files = [os.path.join(folder, "actors", "guardians.yaml"), os.path.join(folder, "story.yaml"),
             os.path.join(folder, "new-uncommitted.yaml")]
    data = history.site_history(history.read_history(folder), folder, files, REPO_URL + "/", "main")
    guardians = data["files"][files[0]]
    assert guardians["date"] == PartialDate(2021, 2, 20)
    assert guardians["history_url"] == f"{REPO_URL}/commits/main/briefings/actors/guardians.yaml"
    assert guardians["edit_url"] == f"{REPO_URL}/edit/main/briefings/actors/guardians.yaml"
    assert files[2] not in data["files"]
    assert [c["subject"] for c in data["commits"]] == ["Guardians: add an alias", "Add the Erbil story"]
    assert data["commits"][1]["files"] == [{"rel": "actors/guardians.yaml", "path": files[0]},
                                           {"rel": "story.yaml", "path": files[1]}]
    assert data["commits"][0]["url"] == f"{REPO_URL}/commit/{data['commits'][0]['sha']}"
    plain = history.site_history(history.read_history(folder), folder, files)
    assert plain["files"][files[0]]["history_url"] is None and plain["commits"][0]["url"] is None
    assert len(history.site_history(history.read_history(folder), folder, files, recent=1)["commits"]) == 1


def text_of(site: dict, url: str) -> str:
    """The visible text of a page, whitespace collapsed."""
    return " ".join(site[url].tree.text_content().split())


def test_built_pages_say_when_they_last_changed(repo, tmp_path):
    result = build_folder(repo / "briefings", tmp_path / "site", REPO_URL=REPO_URL, REPO_BRANCH="main")
    assert result.returncode == 0, result.stderr
    site = crawl(tmp_path / "site")
    assert "Fact sheet last changed 20 February 2021" in text_of(site, "actors/guardians/")
    assert "Fact sheet last changed 10 January 2021" in text_of(site, "briefings/erbil-story/")
    assert "Fact sheet last changed 10 January 2021" in text_of(site, "incidents/erbil-attack/")
    page = site["actors/guardians/"]
    assert f"{REPO_URL}/commits/main/briefings/actors/guardians.yaml" in page.external
    assert f"{REPO_URL}/edit/main/briefings/actors/guardians.yaml" in page.external
    changes = site["changes/"]
    items = changes.tree.xpath("//li[@class='change']")
    assert [" ".join(li.text_content().split()) for li in items] == [
        "20 February 2021: Guardians: add an alias (" + items[0].xpath(".//span")[0].text_content()[1:-1] + ") "
        "Changed: Guardians of Blood",
        "10 January 2021: Add the Erbil story (" + items[1].xpath(".//span")[0].text_content()[1:-1] + ") "
        "Changed: Guardians of Blood, Rockets hit Erbil, Rocket attack on Erbil, Example Agency",
    ]
    assert "actors/guardians/" in changes.links and "incidents/erbil-attack/" in changes.links
    assert "sources/#agency-1" in changes.links
    assert "changes/" in site[""].links  # linked from every page's footer
    again = build_folder(repo / "briefings", tmp_path / "again", REPO_URL=REPO_URL, REPO_BRANCH="main")
    assert again.returncode == 0
    pages = {k: v for k, v in digest_tree(tmp_path / "site").items() if k.endswith(".html")}  # the pages history shows on
    assert pages and pages == {k: v for k, v in digest_tree(tmp_path / "again").items() if k.endswith(".html")}


def test_a_new_commit_updates_the_date_on_the_next_build(repo, tmp_path):
    output = tmp_path / "site"
    assert build_folder(repo / "briefings", output).returncode == 0
    sheet = repo / "briefings" / "story.yaml"
    sheet.write_text(STORY.replace("title: Rockets hit Erbil", "title: Rockets hit Erbil airport"), encoding="utf-8")
    commit(repo, "Story: a better title", "2021-04-05T08:00:00+00:00")
    assert build_folder(repo / "briefings", output).returncode == 0
    site = crawl(output)
    assert "Fact sheet last changed 5 April 2021" in text_of(site, "incidents/erbil-attack/")  # same file, entity unchanged
    assert "Fact sheet last changed 20 February 2021" in text_of(site, "actors/guardians/")
    assert "Story: a better title" in text_of(site, "changes/")


def test_a_commit_renders_again_only_the_pages_of_the_sheets_it_touched(repo, tmp_path):
    """A page reads its own sheet's last commit, and /changes/ the commits (history.facts): a commit of the actors'
    sheet renders again the actor's page and /changes/ only, and the site is the one a clean build makes."""
    output, sheets = tmp_path / "site", repo / "briefings"
    assert build_folder(sheets, output, REPO_URL=REPO_URL).returncode == 0
    (sheets / "actors" / "guardians.yaml").write_text(ACTORS + "    aliases: [Saraya Awliya al-Dam, Guardians]\n")
    assert build_folder(sheets, output, REPO_URL=REPO_URL).returncode == 0  # the edit, before its commit
    edited = digest_tree(output)
    commit(repo, "Guardians: another alias", "2021-04-05T08:00:00+00:00")
    again = build_folder(sheets, output, REPO_URL=REPO_URL)
    assert again.returncode == 0, again.stderr
    assert "(2 rendered)" in again.stderr, again.stderr  # of 33 pages: the actor's own and /changes/
    changed = {path for path, value in digest_tree(output).items() if edited.get(path) != value}
    assert {path for path in changed if path.endswith(".html")} == {"actors/guardians/index.html", "changes/index.html"}
    clean = build_folder(sheets, tmp_path / "clean", REPO_URL=REPO_URL, BRIEFKIT_CACHE_DIR=str(tmp_path / "other"))
    assert clean.returncode == 0 and digest_tree(output) == digest_tree(tmp_path / "clean")
    story = sheets / "story.yaml"
    story.write_text(story.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # a commit that changes no entity
    commit(repo, "Story: a blank line", "2021-04-06T08:00:00+00:00")
    third = build_folder(sheets, output, REPO_URL=REPO_URL)
    assert third.returncode == 0 and "Fact sheet last changed 6 April 2021" in text_of(crawl(output), "incidents/erbil-attack/")
    assert "Fact sheet last changed 5 April 2021" in text_of(crawl(output), "actors/guardians/")


def test_the_users_git_configuration_changes_no_page(repo, tmp_path):
    """Rename detection, the log's encoding and replace refs are pinned (history.git_log): a machine whose git config
    turns renames off or logs in Latin-1, or a `git replace --graft`, read the history every other machine reads."""
    sheets = repo / "briefings"
    (sheets / "actors" / "guardians.yaml").rename(sheets / "actors" / "blood-guardians.yaml")
    commit(repo, "Guardians: the file renamed, café noté", "2021-04-05T08:00:00+00:00")
    assert build_folder(sheets, tmp_path / "plain", GIT_CONFIG_GLOBAL=os.devnull).returncode == 0
    config = tmp_path / "gitconfig"
    config.write_text("[diff]\n\trenames = false\n[i18n]\n\tlogOutputEncoding = ISO-8859-1\n", encoding="utf-8")
    graft = subprocess.run(["git", "-C", str(repo), "replace", "--graft", "HEAD"], env=git_env(tmp_path))
    assert graft.returncode == 0  # HEAD now shows as a root commit to whoever reads replace refs
    configured = build_folder(sheets, tmp_path / "configured", GIT_CONFIG_GLOBAL=str(config),
                              BRIEFKIT_CACHE_DIR=str(tmp_path / "other-cache"))
    assert configured.returncode == 0, configured.stderr
    assert digest_tree(tmp_path / "plain") == digest_tree(tmp_path / "configured")
    renamed = crawl(tmp_path / "plain")["changes/"].tree.xpath("//li[@class='change']")[0].text_content()
    assert "café noté" in renamed and "Guardians of Blood" in renamed and "no longer define" not in renamed


def test_outside_git_pages_show_no_date_and_never_the_build_time(repo, tmp_path):
    plain = tmp_path / "plain"
    shutil.copytree(repo / "briefings", plain)
    result = build_folder(plain, tmp_path / "site", GIT_CEILING_DIRECTORIES=str(tmp_path), REPO_URL=REPO_URL)
    assert result.returncode == 0, result.stderr
    site = crawl(tmp_path / "site")
    assert "Fact sheet last changed" not in text_of(site, "actors/guardians/")
    assert not [link for link in site["actors/guardians/"].external if link.startswith(REPO_URL)]
    assert "no history to show" in text_of(site, "changes/")


def test_an_entity_moved_to_another_sheet_moves_on_the_changes_page_of_an_incremental_build(repo, tmp_path):
    """/changes/ lists each commit's entities by the file that defines them today: moving an actor to another
    sheet (not committed) changes no head, yet the page must list it under the other file's commits."""
    sheets, site = repo / "briefings", tmp_path / "site"
    assert build_folder(sheets, site).returncode == 0
    moved = (sheets / "actors" / "guardians.yaml").read_text(encoding="utf-8")  # the actor as committed: same head
    (sheets / "actors" / "guardians.yaml").write_text("actors: []\n", encoding="utf-8")
    (sheets / "story.yaml").write_text(STORY + moved, encoding="utf-8")
    assert build_folder(sheets, site).returncode == 0
    clean = tmp_path / "clean"
    assert build_folder(sheets, clean, BRIEFKIT_CACHE_DIR=str(tmp_path / "other-cache")).returncode == 0
    assert digest_tree(site) == digest_tree(clean)
    story_commit = crawl(site)["changes/"].tree.xpath("//li[.//*[contains(text(), 'Add the Erbil story')]]")
    assert story_commit and "Guardians of Blood" in story_commit[0].text_content()


def test_a_folder_that_enters_git_with_no_commit_of_its_sheets_says_so_after_an_incremental_build(tmp_path):
    """Outside git, /changes/ says there is no history; in a repository whose commits touch no sheet, that none
    has touched them yet. Both have no files and no commits: the page must still be made again."""
    root = tmp_path / "repo"
    sheets, site = root / "briefings", tmp_path / "site"
    (sheets / "actors").mkdir(parents=True)
    (sheets / "story.yaml").write_text(STORY, encoding="utf-8")
    (sheets / "actors" / "guardians.yaml").write_text(ACTORS, encoding="utf-8")
    outside = {"GIT_CEILING_DIRECTORIES": str(tmp_path)}
    assert build_folder(sheets, site, **outside).returncode == 0
    assert "no history to show" in text_of(crawl(site), "changes/")
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], env=git_env(tmp_path), check=True)
    # a repository with no commit yet: it was "Up to date", its /changes/ still saying "outside git" (a tester)
    assert "Up to date" not in build_folder(sheets, site, **outside).stdout
    assert build_folder(sheets, tmp_path / "fresh", BRIEFKIT_CACHE_DIR=str(tmp_path / "fresh-cache"), **outside
                        ).returncode == 0
    assert digest_tree(site) == digest_tree(tmp_path / "fresh")
    (root / "README.md").write_text("not a fact sheet\n")
    env = dict(git_env(tmp_path), GIT_AUTHOR_DATE="2021-01-10T09:00:00+00:00", GIT_COMMITTER_DATE="2021-01-10T09:00:00+00:00")
    subprocess.run(["git", "-C", str(root), "add", "README.md"], env=env, check=True)
    subprocess.run(["git", "-C", str(root), "commit", "-q", "-m", "Readme only"], env=env, check=True)
    assert build_folder(sheets, site, **outside).returncode == 0
    clean = tmp_path / "clean"
    assert build_folder(sheets, clean, BRIEFKIT_CACHE_DIR=str(tmp_path / "other-cache"), **outside).returncode == 0
    assert digest_tree(site) == digest_tree(clean)
    assert "No commit has touched the fact sheets yet" in text_of(crawl(site), "changes/")


def test_commits_anyone_could_make_never_break_a_build():
    """Committer dates and names are anyone's to set (a tester): year 99999 crashed every build and year 10000
    showed as "10000-01-0"; such a commit is left out. A name that is not UTF-8 (added and removed by a pull
    request) could not be written into /changes/; a subject or name is cut, and its bidi marks replaced."""
    raw = (b"\x1eaaa\x1f\x1f99999-01-01T00:00:00+00:00\x1fFar\x00\nstory.yaml\x00"
           b"\x1ebbb\x1f\x1f10000-01-01T00:00:00+00:00\x1fFar too\x00\nstory.yaml\x00"
           b"\x1eccc\x1f\x1f2021-02-30T00:00:00+00:00\x1fNo such day\x00\nstory.yaml\x00"
           b"\x1eddd\x1f\x1f2021-02-20T10:00:00+00:00\x1f" + b"x" * 400 + b"\x00\nbad\xff\xe2\x80\xae.yaml\x00story.yaml\x00")
    [kept] = history.parse_log(raw)
    assert (kept.sha, kept.date, kept.files) == ("ddd", PartialDate(2021, 2, 20), ("bad\ufffd\u202e.yaml", "story.yaml"))
    assert len(kept.subject) == history.SUBJECT_CHARS and kept.subject.endswith("…")


def test_a_sheet_whose_name_holds_a_tab_or_a_bidi_mark_is_dated_and_shown_escaped(repo, tmp_path):
    """Names were made showable before they were matched with the sheets' paths: a sheet whose name holds a tab, an
    RLM pasted with an Arabic title, or more than 300 characters got no date, and was missing from /changes/ (a
    tester). Names match as written; /changes/ shows a name no sheet now holds with such characters replaced."""
    odd = {"tab": "tab\there.yaml", "rlm": "rlm-\u200fx.yaml", "long": "/".join(["l" * 150] * 2) + "/x.yaml"}
    for key, name in odd.items():
        (repo / "briefings" / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / "briefings" / name).write_text(ACTORS.replace("guardians", f"odd-{key}"), encoding="utf-8")
    (repo / "briefings" / "gone\x1b[2K.yaml").write_text("sources: []\n", encoding="utf-8")
    commit(repo, "Odd names", "2021-04-02T10:00:00+00:00")
    assert build_folder(repo / "briefings", tmp_path / "site").returncode == 0
    site = crawl(tmp_path / "site")
    for key in odd:
        assert "Fact sheet last changed 2 April 2021" in text_of(site, f"actors/odd-{key}/"), key
        assert f"actors/odd-{key}/" in " ".join(site["changes/"].links), key
    changes = (tmp_path / "site" / "changes" / "index.html").read_text(encoding="utf-8")
    assert "gone\ufffd[2K.yaml" in changes and "\x1b" not in changes


def test_changes_lists_what_a_commit_changed_by_name(repo, tmp_path):
    """In id order, the names read as random ("US Central Command, Houthis, Iran": a tester): by name, kind by kind."""
    (repo / "briefings" / "pair.yaml").write_text("actors:\n  - {id: a-zed, name: Zed, kind: state}\n"
                                                  "  - {id: z-alpha, name: Alpha, kind: state}\n", encoding="utf-8")
    commit(repo, "Two actors", "2021-04-03T10:00:00+00:00")
    assert build_folder(repo / "briefings", tmp_path / "site").returncode == 0
    page = text_of(crawl(tmp_path / "site"), "changes/")
    assert "Alpha, Zed" in page, page


def test_a_history_git_cannot_list_is_not_called_outside_git(repo, tmp_path):
    """A commit dated before 1970 makes `git log` fail: /changes/ said the sheets were outside git (a tester)."""
    (repo / "briefings" / "story.yaml").write_text(STORY + "\n# edited\n", encoding="utf-8")
    commit(repo, "Before the epoch", "@1 -1200")
    assert build_folder(repo / "briefings", tmp_path / "site").returncode == 0
    page = text_of(crawl(tmp_path / "site"), "changes/")
    assert "git could not list their history" in page and "outside git" not in page


def test_serve_notices_a_repository_made_after_it_started(tmp_path):
    """`make serve` looked for the sheets' repository once, when it started: after `git init` and a commit it never
    built again, and every page lacked its history (a tester). It looks, by stat calls, until one is there."""
    from briefkit.history import git_dirs, under_git

    sheets = tmp_path / "repo" / "briefings"
    sheets.mkdir(parents=True)
    assert not under_git(str(sheets)) or git_dirs(str(sheets)) is not None  # (a test machine's / may be a repository)
    subprocess.run(["git", "init", "-q", str(tmp_path / "repo")], env=git_env(tmp_path), check=True)
    assert under_git(str(sheets)) and git_dirs(str(sheets)) is not None
