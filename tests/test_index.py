"""`index.reindex` (make serve's index after an edit) against a whole index of the same results.

Edits in place of a generated corpus: text, names, moved lines, a changed role, references to
unknown ids and to the wrong kind. After each, the updated index must equal index_all() of the
same results in every structure and every order; edits that change ids or references must be
refused (None), and the last index must be left as it was.
"""

from __future__ import annotations

import copy
import functools
import subprocess
import sys
from pathlib import Path

import pytest

from briefkit.index import Indexed, index_all, reindex
from briefkit.pipeline import load_and_validate
from conftest import ROOT


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[str, bytes]:
    """A generated corpus of 300 entities: {path: bytes}, in sorted path order."""
    folder = tmp_path_factory.mktemp("corpus")
    subprocess.run([sys.executable, str(ROOT / "scripts" / "gen_corpus.py"), "300", str(folder)], check=True,
                   capture_output=True)
    return {str(p): p.read_bytes() for p in sorted(folder.rglob("*.yaml"))}


@functools.lru_cache(maxsize=None)
def validated(path: str, data: bytes):
    """load_and_validate, once per file content (results are never changed after validation)."""
    return load_and_validate(path, data)


def results_of(texts: dict[str, bytes]) -> list:
    """load_and_validate of every file, in path order."""
    return [validated(path, data) for path, data in sorted(texts.items())]


def shape(indexed: Indexed) -> tuple:
    """Every structure of an index as plain, ordered values (references compare by all their fields)."""
    p = indexed.project
    return (p.files, [(i, e.path, e.line, e.digest) for i, e in p.entities.items()],
            {k: [e.id for e in v] for k, v in p.by_kind.items()},
            [(t, [(rel, list(refs)) for rel, refs in groups.items()]) for t, groups in p.backlinks.items()],
            [(s, sorted(t)) for s, t in p.forward.items()], list(p.problems), list(p.responses), list(p.unread))


def same_objects(indexed: Indexed, results: list) -> None:
    """The index holds the new results' own entities (what the pages are rendered from)."""
    mine = {id(e) for r in results for e in r.entities}
    assert all(id(e) in mine for e in indexed.project.entities.values())
    assert all(id(e) in mine for v in indexed.project.by_kind.values() for e in v)


def edit(texts: dict[str, bytes], n: int, old: bytes, new: bytes, count: int = 1) -> tuple[dict[str, bytes], str]:
    """texts with the n-th file (of those holding `old`) edited; and that file's path."""
    path = [p for p, data in texts.items() if old in data][n]
    return {**texts, path: texts[path].replace(old, new, count)}, path


def check_reindex(texts: dict[str, bytes], edited: dict[str, bytes]) -> Indexed:
    """Reindex after an edit, compare with a whole index, and check the last index is untouched."""
    before = results_of(texts)
    last = index_all(before)
    kept = copy.deepcopy(shape(last))
    after = [r if edited[r.path] == texts[r.path] else validated(r.path, edited[r.path]) for r in before]
    updated = reindex(last, after)
    assert updated is not None, "an edit that keeps ids and references must be reindexed"
    assert shape(updated) == shape(index_all(after))
    same_objects(updated, after)
    assert shape(last) == kept, "the last index must not change"
    return updated


def test_text_edit_is_reindexed(corpus):
    edited, _ = edit(corpus, 3, b"reported near", b"seen near")
    check_reindex(corpus, edited)


def test_moved_lines_and_several_files(corpus):
    # A comment line on top moves every reference of the file one line down; three files at once.
    edited = dict(corpus)
    for path in list(corpus)[:3]:
        edited[path] = b"# reviewed\n" + corpus[path]
    updated = check_reindex(corpus, edited)
    path = list(corpus)[0]
    lines = {ref.line for groups in updated.project.backlinks.values() for refs in groups.values() for ref in refs
             if ref.path == path}
    first = index_all(results_of(corpus)).project
    before = {ref.line for groups in first.backlinks.values() for refs in groups.values() for ref in refs
              if ref.path == path}
    assert lines == {line + 1 for line in before}


def test_role_change_replaces_the_reference_item(corpus):
    edited, _ = edit(corpus, 0, b"role: other", b"role: responder")
    check_reindex(corpus, edited)


def test_problems_of_an_edited_file_follow_it(corpus):
    # An unknown id in a relation: the problem is kept, at its new place, after an unrelated edit above it.
    broken, path = edit(corpus, 0, b"target: ", b"target: no-such-actor-", 1)
    moved = {**broken, path: b"# moved\n" + broken[path]}
    updated = check_reindex(broken, moved)
    unknown = [p for p in updated.project.problems if "no-such-actor-" in p.message]
    assert unknown and all(p.path == path for p in unknown)


def test_a_markdown_link_to_a_page_stays_good_after_a_text_edit():
    """make serve's reindex asked what was wrong with every reference of an edited sheet, and a good Markdown link to
    a page was then "`beta` is an actor, whose page is `/actors/beta/`": the edit failed, the site went stale (a
    tester)."""
    sheet = (b"sources:\n  - id: s\n    publisher: R\nactors:\n  - id: alpha\n    name: Alpha\n    kind: person\n"
             b"    summary: Cited by [[s]]. Works with [Beta](../../actors/beta/) and [R](../../sources/#s).\n"
             b"  - id: beta\n    name: Beta\n    kind: person\n    summary: Knows [[alpha]].\n")
    texts = {"briefings/a.yaml": sheet}
    updated = check_reindex(texts, {"briefings/a.yaml": sheet.replace(b"Works with", b"Now works with")})
    assert updated.project.errors == []


def test_a_name_edited_reindexes_all_when_another_sheet_has_an_unknown_id():
    """An unknown id elsewhere is offered the entities whose names it spells: after a rename (`The Beta Group`),
    make serve kept the other sheet's old hint, "to create it", where check said "did you mean `bg`" (a tester)."""
    x = b"sources:\n  - id: s\n    publisher: R\nactors:\n  - id: alpha\n    name: Alpha\n    kind: person\n" \
        b"    summary: Cited by [[s]]. Allied with [[the-beta-group]].\n"
    y = b"actors:\n  - id: bg\n    name: Something Else\n    kind: armed-group\n    summary: Knows [[alpha]].\n"
    texts = {"briefings/x.yaml": x, "briefings/y.yaml": y}
    before = results_of(texts)
    after = [before[0], validated("briefings/y.yaml", y.replace(b"Something Else", b"The Beta Group"))]
    assert reindex(index_all(before), after) is None
    assert "did you mean `bg`?" in index_all(after).project.errors[0].message
    kept = [before[0], validated("briefings/y.yaml", y.replace(b"Knows", b"Knew"))]  # no name changed: in place
    assert reindex(index_all(before), kept) is not None


def test_changed_references_are_refused(corpus):
    before = results_of(corpus)
    last = index_all(before)
    for old, new in [(b"[[", b"[[x-"),  # a wikilink's target
                     (b"role: other", b"role: other\n"),  # same shape: allowed (control)
                     ]:
        edited, path = edit(corpus, 1, old, new)
        after = [r if r.path != path else load_and_validate(path, edited[path]) for r in before]
        outcome = reindex(last, after)
        if new.startswith(b"[[x-"):
            assert outcome is None
        else:
            assert outcome is not None and shape(outcome) == shape(index_all(after))


def test_new_or_removed_files_and_ids_are_refused(corpus):
    before = results_of(corpus)
    last = index_all(before)
    assert reindex(last, before[1:]) is None  # a file removed
    path = before[2].path
    first_id = before[2].entities[0].id.encode()
    renamed = load_and_validate(path, corpus[path].replace(b"id: " + first_id, b"id: " + first_id + b"-x", 1))
    assert reindex(last, before[:2] + [renamed] + before[3:]) is None  # an id changed


def test_duplicate_ids_are_never_reindexed(corpus):
    before = results_of(corpus)
    twice = before + [load_and_validate(before[0].path + ".copy.yaml", corpus[before[0].path])]
    last = index_all(twice)
    assert not last.unique_ids
    assert reindex(last, list(twice)) is None


def test_each_long_list_is_indexed_once_however_many_name_the_same_entities(monkeypatch):
    """The pages' lookup of the items naming an entity (an incident's actors, a stake's parties) kept 256 long lists
    indexed and emptied the memo when full: with more such lists naming the same entities, every page indexed every
    list again, and 300 incidents naming 1,000 actors took 236 s to render where 250 took 13 s (a tester)."""
    from briefkit import views

    walked = []
    monkeypatch.setattr(views, "enumerate", lambda items: walked.append(len(items)) or enumerate(items), raising=False)
    views._INDEXES.clear()
    lists = [[{"actor": f"a{n}"} for n in range(views.INDEX_FROM)] for _ in range(300)]
    for target in (f"a{n}" for n in range(views.INDEX_FROM)):  # each actor's page, in turn, over every list
        assert all(views.naming(items, "actor", target) == [{"actor": target}] for items in lists)
    assert len(walked) == len(lists)  # each list walked once, not once per page
