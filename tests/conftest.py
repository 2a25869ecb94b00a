"""Shared fixtures: the repository, builds of fact-sheet folders, and a parsed site."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SETTINGS = ROOT / "pelican.conf.py"
SEED = ROOT / "briefings"

# The tests run as on an editor's machine, whatever CI sets: GITHUB_ACTIONS switches the CLI's problem format,
# and pelican.conf.py reads the others. A test that wants one sets it itself; the builds it starts inherit this.
for _name in ("GITHUB_ACTIONS", "SITEURL", "BRIEFINGS", "REPO_URL", "REPO_BRANCH", "SEARCH_SHARD_SIZE"):
    os.environ.pop(_name, None)


def run_cli(*args: str, cwd: Path = ROOT, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run `python -m briefkit …` as a separate process, as make does."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "briefkit", *args], cwd=cwd, env=full_env,
                          capture_output=True, text=True, timeout=600)


def build_folder(briefings: Path, output: Path, **env) -> subprocess.CompletedProcess:
    """Build a fact-sheet folder into output with the project's settings."""
    return run_cli("build", "--briefings", str(briefings), "--output", str(output), "--settings", str(SETTINGS), env=env)


def digest_tree(folder: Path) -> dict[str, str]:
    """sha256 of every file under folder, by relative path."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def hub_sheets(folder: Path, count: int) -> Path:
    """A folder of `count` briefings (`b000`, `b001`, …, one sheet each, of various dates) that all name the actor
    `hub` and the stake `st`, attribute a claim to `hub` and link it in their summary: the shape that made related
    briefings quadratic, and an edit of `hub`'s summary render every briefing again."""
    folder.mkdir(parents=True)
    (folder / "hub.yaml").write_text("actors:\n  - {id: hub, name: The Hub, kind: state, summary: The hub.}\n"
                                     "stakes:\n  - {id: st, title: The Stake, summary: The stake.}\n"
                                     "sources:\n  - {id: src, publisher: Wire}\n", encoding="utf-8")
    for n in range(count):
        (folder / f"b{n:03d}.yaml").write_text(
            f"briefing:\n  id: b{n:03d}\n  title: Briefing {n}\n  date: 20{10 + n % 13}-{1 + n % 12:02d}-{1 + n % 28:02d}\n"
            f"  summary: Briefing {n} about [[hub]].\n  sources: [src]\n  actors:\n    - actor: hub\n"
            "  stakes:\n    - stake: st\n  claims:\n    - {text: A claim., status: claimed, sources: [src], "
            "attributed_to: hub}\n", encoding="utf-8")
    return folder


def unique_kind_sheets(folder: Path, count: int) -> Path:
    """A folder of `count` incidents (`inc-00000`, …), each of its own kind (`kind 0`, `kind 1`, …), in 20 years and 5
    countries (scripts/gen_unique_kinds.py): the shape that made every value's page list every value."""
    subprocess.run([sys.executable, str(ROOT / "scripts" / "gen_unique_kinds.py"), str(count), str(folder)], check=True,
                   capture_output=True)
    return folder


def big_incident_sheets(folder: Path, count: int) -> Path:
    """A folder where one incident (`big`, role target), one briefing (`bb`) and one stake (`bs`, as parties) name
    the same `count` actors (`a000`, `a001`, …, defined in one sheet), and the actor `hub` declares a relation to
    each: the shape that made feeds and actor pages quadratic in count (a tester's `bigincident`)."""
    folder.mkdir(parents=True)
    ids = [f"a{n:03d}" for n in range(count)]
    (folder / "actors.yaml").write_text("actors:\n" + "".join(f"  - {{id: {i}, name: Actor {i}, kind: organization}}\n"
                                                              for i in ids)
                                        + "  - id: hub\n    name: The Hub\n    kind: state\n    relations:\n"
                                        + "".join(f"      - {{type: allied-with, target: {i}}}\n" for i in ids),
                                        encoding="utf-8")
    (folder / "big.yaml").write_text(
        "briefing:\n  id: bb\n  title: Big briefing\n  date: 2021-02-26\n  summary: A briefing about [[hub]].\n  sources: [src]\n"
        "  incidents: [big]\n  stakes:\n    - stake: bs\n  actors:\n" + "".join(f"    - {{actor: {i}, role: Party}}\n" for i in ids)
        + "incidents:\n  - id: big\n    title: Big incident\n    date: 2021-02-25\n    kind: airstrike\n"
        "    location: {name: Somewhere, country: SY, precision: exact}\n    summary: It happened.\n    sources: [src]\n"
        "    actors:\n" + "".join(f"      - {{actor: {i}, role: target}}\n" for i in ids)
        + "stakes:\n  - id: bs\n    title: Big stake\n    summary: A stake.\n    parties:\n"
        + "".join(f"      - {{actor: {i}, position: Wants {i}.}}\n" for i in ids)
        + "sources:\n  - {id: src, publisher: Wire, date: 2021-02-25}\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def seed_output(tmp_path_factory) -> Path:
    """The site built from the repository's briefings/ (built once per test session)."""
    output = tmp_path_factory.mktemp("seed") / "site"
    result = build_folder(SEED, output)
    assert result.returncode == 0, result.stdout + result.stderr
    return output


SHAPES = Path(__file__).parent / "shapes"  # sheets in shapes the seed lacks (right-to-left text, footnotes, aligned tables)


@pytest.fixture(scope="session")
def shapes_output(tmp_path_factory) -> Path:
    """The site built from the seed with tests/shapes/ beside it (built once per test session)."""
    base = tmp_path_factory.mktemp("shapes")
    shutil.copytree(SEED, base / "briefings")
    shutil.copytree(SHAPES, base / "briefings" / "shapes")
    result = build_folder(base / "briefings", base / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "warning" not in result.stderr, result.stderr
    return base / "site"


@pytest.fixture()
def sheets(tmp_path) -> Path:
    """A writable copy of the seed fact sheets."""
    target = tmp_path / "briefings"
    shutil.copytree(SEED, target)
    return target
