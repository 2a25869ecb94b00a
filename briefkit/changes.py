"""Views of the git history (history.py): an entity page's "Fact sheet last changed" line and the /changes/ page.

A commit "changed" the entities defined, today, in the files it touched: a
commit that edited one actor in a file of ten is listed against all ten, and
entities since removed are not shown (their files are listed by name). That
approximation needs no diff parsing and costs one lookup per touched file.
"""

from __future__ import annotations

from . import model as m
from .deps import digest_of
from .validate import Entity

# A derived fact (incremental.py): which entities each fact sheet defines. The /changes/ page lists entities by
# file, and an entity moved to another file keeps its head (no `kind:` token is dirty), so the page reads this.
FILES_TOKEN = "files"
# Derived facts of the git history (history.facts): the commits /changes/ lists, and each sheet's last commit.
COMMITS_TOKEN = "git"


def sheet_token(path: str) -> str:
    """The derived fact a page reads when it says when the fact sheet at path last changed."""
    return "git:" + path


def files_digest(project) -> str:
    """The value of FILES_TOKEN: a digest of every entity's file and id (the names, which order them on the page, are
    read where the page links them)."""
    return digest_of([(entity.path, entity.id) for kind in m.KINDS for entity in project.by_kind.get(kind, [])])


def file_history(views, entity: Entity) -> dict | None:
    """When the file defining an entity last changed, with forge links; None outside git."""
    views.reads.add(sheet_token(entity.path))  # read even when absent: a first commit of the sheet adds it
    entry = views.history["files"].get(entity.path)
    if entry is None:
        return None
    from .views import date_view  # views imports this module's callers

    return {"date": date_view(entry["date"]), "sha": entry["sha"][:7],
            "history_url": entry["history_url"], "edit_url": entry["edit_url"]}


def entities_by_file(views) -> dict[str, list[str]]:
    """Ids of the entities each fact sheet defines, by kind, then by the name the page shows (in id order, the names
    read as random: a tester); built once per build. A name changed is a read of the page (views.link), which then
    lists it in its new place."""
    from .views import by_name  # views imports this module's callers

    memo = views.cache.get("entities_by_file") if hasattr(views, "cache") else None
    if memo is None:
        memo = {}
        for kind in m.KINDS:
            for entity in sorted(views.p.by_kind[kind], key=by_name):
                memo.setdefault(entity.path, []).append(entity.id)
        if hasattr(views, "cache"):
            views.cache["entities_by_file"] = memo
    return memo


def page(views, spec) -> dict:
    """The /changes/ page: recent commits that touched fact sheets, newest first, with what each changed."""
    from .views import date_view

    ctx = views.base(spec, "Recent changes", [{"url": "", "name": "Home"}],
                     "Recent changes to the fact sheets behind this site, newest first.")
    views.reads.update((FILES_TOKEN, COMMITS_TOKEN))
    by_file = entities_by_file(views)
    commits = []
    for commit in views.history["commits"]:
        entities, gone = [], []
        for touched in commit["files"]:
            ids = by_file.get(touched["path"], []) if touched["path"] else []
            if ids:
                entities.extend(ids)
            else:
                gone.append(touched["rel"])
        commits.append({"date": date_view(commit["date"]), "subject": commit["subject"], "short": commit["short"],
                        "url": commit["url"], "entities": [views.link(i) for i in dict.fromkeys(entities)],
                        "files_without_entities": gone})
    ctx.update(commits=commits, in_git=views.history.get("in_git", False), unreadable=views.history.get("unreadable"))
    return ctx
