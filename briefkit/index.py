"""Stage 3, index: one id space, references resolved once and inverted once into backlinks."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field, replace

from .deps import LINK, MENTION, relation_of  # noqa: F401 - MENTION: the views and tests name the group from here
from .model import ID_MAX, KINDS, PAGE_KINDS, url_for
from .problems import SHOWN_PER_FILE, WARNING, Problem, article, display_path, shell_path
from .suggest import Suggester, did_you_mean, folded, spelt_in_latin, unaccented
from .validate import RESPELT, Entity, FileResult, Reference

RESPONDS = "incident.responds_to"  # the relation of `responds_to` (_pair_problems)


@dataclass
class Project:
    """The whole corpus, indexed: entities by id and kind, backlinks, problems."""

    files: list[str] = field(default_factory=list)
    entities: dict[str, Entity] = field(default_factory=dict)
    by_kind: dict[str, list[Entity]] = field(default_factory=dict)
    # target id -> relation ("incident.actors.actor", "mention", …) -> references
    backlinks: dict[str, dict[str, list[Reference]]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # source id -> ids it refers to (resolved or not): what an edit can change elsewhere
    forward: dict[str, set[str]] = field(default_factory=dict)
    unread: list[str] = field(default_factory=list)  # sheets that define nothing for their errors (_unread)
    responses: list[Reference] = field(default_factory=list)  # the resolved `responds_to` references (_pair_problems)
    linked: set[str] = field(default_factory=set)  # ids whose pages a Markdown link reaches (in no backlink list)
    misspelt: dict[str, tuple] = field(default_factory=dict)  # id meant -> (kind, path, line, column, as written, under)
    glimpsed: dict[str, tuple] = field(default_factory=dict)  # id -> (path, line, column) in a sheet YAML could not parse
    unseen: list[str] = field(default_factory=list)  # unread sheets whose ids cannot be glimpsed (parsed: a key misspelt)
    shadowed: dict[str, list[Entity]] = field(default_factory=dict)  # id -> its later definitions (duplicates)

    @property
    def errors(self) -> list[Problem]:
        """The problems that fail a build."""
        return [p for p in self.problems if p.is_error]

    def refs_to(self, target: str, rel: str) -> list[Reference]:
        """References to target through one relation."""
        return self.backlinks.get(target, {}).get(rel, [])


@dataclass
class Indexed:
    """An index and what `reindex` needs to update it: the results indexed and each file's reference problems."""

    results: list[FileResult]
    project: Project
    ref_problems: dict[str, list[Problem]]  # by file path, in reference order
    unique_ids: bool  # no id is defined twice


def index(results: list[FileResult]) -> Project:
    """Merge per-file results (in sorted path order) into an indexed project."""
    return index_all(results).project


def index_all(results: list[FileResult]) -> Indexed:
    """index(), keeping what reindex() needs."""
    project = Project(files=[r.path for r in results], unread=_unread(results), misspelt=_misspelt(results),
                      glimpsed=_glimpsed(results), unseen=_unseen(results))
    for result in results:
        project.problems.extend(result.problems)
        for entity in result.entities:
            _define(project, entity)
    unique_ids = len(project.problems) == sum(len(result.problems) for result in results)  # _define adds only duplicates
    if not unique_ids:
        project.problems.extend(_copies(project, results))
    project.by_kind = {kind: [] for kind in KINDS}
    for entity in project.entities.values():
        project.by_kind[entity.kind].append(entity)
    for entities in project.by_kind.values():
        entities.sort(key=lambda e: e.id)
    ref_problems = _resolve(project, [ref for result in results for ref in result.references])
    project.problems.extend(_pair_problems(project))
    project.problems.extend(_warnings(project))
    project.problems = settle_hints(project, project.problems)
    return Indexed(results, project, ref_problems, unique_ids)


_REINDEX_FILES = 16  # past this many changed files (a checkout, say), a whole index is as quick


def reindex(last: Indexed, results: list[FileResult]) -> Indexed | None:
    """The index of results made from the last one by replacing what changed, or None when that cannot be done.

    make serve re-indexes after every edit, and most edits change text, dates or names, not what refers to
    what. So when each changed file defines the same ids of the same kinds in the same order, and makes the
    same references (source, field, target) in the same order, every structure keeps its shape and order,
    and the changed files' objects take the places of their old ones: the result equals index(results)
    (tests/test_index.py). Anything else (a file added or removed, an id or a reference changed, an id
    defined twice) returns None, and the caller indexes everything.
    """
    changed = [(old, new) for old, new in zip(last.results, results) if old is not new]
    if (not last.unique_ids or len(last.results) != len(results) or len(changed) > _REINDEX_FILES
            or not all(_same_shape(old, new) for old, new in changed)
            or _unread(new for _, new in changed) != _unread(old for old, _ in changed)  # unknown ids say which
            or _renamed(changed) and set(last.ref_problems) - {new.path for _, new in changed}):
        return None  # a name changed, and another sheet's unknown id may now be offered it (a tester)
    before = last.project
    replaced = {entity.id: entity for _, new in changed for entity in new.entities}
    # Same shape: the same references, resolved alike; each takes its old one's place, as in the backlinks.
    renewed = {was: now for old, new in changed for was, now in zip(old.references, new.references) if was.rel == RESPONDS}
    project = Project(files=[r.path for r in results], entities={**before.entities, **replaced}, forward=before.forward,
                      unread=before.unread,  # the changed sheets' are as they were (above)
                      misspelt=_misspelt(results), glimpsed=_glimpsed(results), unseen=_unseen(results),
                      responses=[renewed.get(ref, ref) for ref in before.responses], linked=before.linked)
    kinds = {entity.kind for entity in replaced.values()}
    project.by_kind = {kind: [replaced.get(e.id, e) for e in items] if kind in kinds else items
                       for kind, items in before.by_kind.items()}
    project.backlinks = _replace_references(before.backlinks, changed)
    ref_problems = dict(last.ref_problems)
    suggesters: dict = {}
    for _, new in changed:
        found = [_reference_problem(project, ref, suggesters) for ref in new.references]
        ref_problems.pop(new.path, None)
        if any(found):
            ref_problems[new.path] = [problem for problem in found if problem]
    for result in results:
        project.problems.extend(result.problems)
    for result in results:
        project.problems.extend(ref_problems.get(result.path, ()))
    project.problems.extend(_pair_problems(project))
    project.problems.extend(_warnings(project))
    project.problems = settle_hints(project, project.problems)
    return Indexed(results, project, ref_problems, True)


def _renamed(changed: list[tuple[FileResult, FileResult]]) -> bool:
    """True when a changed sheet changes a name, title, publisher or alias, which "did you mean" reads."""
    return any(_names_of(a) != _names_of(b) for old, new in changed for a, b in zip(old.entities, new.entities))


def _same_shape(old: FileResult, new: FileResult) -> bool:
    """True when two results of one file define the same ids and kinds, and make the same references, in order."""
    return (old.path == new.path and len(old.entities) == len(new.entities) and len(old.references) == len(new.references)
            and all(a.id == b.id and a.kind == b.kind for a, b in zip(old.entities, new.entities))
            and all(a[:4] == b[:4] for a, b in zip(old.references, new.references)))  # source, rel, target, kinds


def _replace_references(backlinks: dict, changed: list[tuple[FileResult, FileResult]]) -> dict:
    """A copy of backlinks with each changed file's references in the places of its old ones (the rest shared)."""
    places = []  # found before anything is replaced: a new reference can equal another old one (moved lines)
    positions: dict[tuple[str, str], dict] = {}  # (target, relation) -> each reference's first place in its list
    for old, new in changed:
        for before, after in zip(old.references, new.references):
            groups = backlinks.get(before.target) if before.source else None
            refs = groups.get(relation_of(before.rel)) if groups is not None else None
            if refs is None:  # not resolved: an unknown id, or an entity of another kind
                continue
            key = (before.target, relation_of(before.rel))
            if key not in positions:  # one pass over the list, not one per reference (8,000 naming one actor)
                positions[key] = {}
                for place, ref in enumerate(refs):
                    positions[key].setdefault(ref, place)
            place = positions[key].get(before)
            if place is not None:
                places.append((*key, place, after))
    backlinks = dict(backlinks)
    for target in {target for target, *_ in places}:
        backlinks[target] = {rel: list(refs) for rel, refs in backlinks[target].items()}
    for target, relation, place, after in places:
        backlinks[target][relation][place] = after
    return backlinks


def _define(project: Project, entity: Entity) -> None:
    """Add an entity, or report the second definition of its id."""
    first = project.entities.get(entity.id)
    if first is None:
        project.entities[entity.id] = entity
        return
    project.shadowed.setdefault(entity.id, []).append(entity)
    project.problems.append(Problem(entity.path, entity.line, entity.column,
                                    f"duplicate id `{entity.id}`: already defined as {article(first.kind)} at "
                                    f"{display_path(first.path)}:{first.line}:{first.column}"))


def _copies(project: Project, results: list[FileResult]) -> list[Problem]:
    """A warning at 1:1 of each sheet whose every entity (two or more) is defined in one other sheet first: a copy
    (`sheet (copy).yaml`, `sheet_BACKUP_4242.yaml`). Each id is still reported at its second definition (FORMAT.md),
    but the editor of the sheet read second, maybe the one to keep, was told to change every id (a tester)."""
    found = []
    for result in results:
        firsts = [project.entities[e.id].path for e in result.entities if project.entities[e.id] is not e]
        if len(result.entities) > 1 and len(firsts) == len(result.entities) and len(set(firsts)) == 1:
            other = display_path(firsts[0])
            found.append(Problem(result.path, 1, 1, f"every entity this sheet defines is defined first in `{other}`: if "
                                                    "one of the two sheets is a copy of the other, delete the copy",
                                 WARNING))
    return found


def _resolve(project: Project, references: list[Reference]) -> dict[str, list[Problem]]:
    """Check every reference once; invert the good ones into backlinks. Returns the problems found, by file."""
    suggesters: dict[tuple[str, ...], Suggester] = {}
    problems: dict[str, list[Problem]] = {}
    backlinks: dict[str, dict[str, list[Reference]]] = {}
    forward: dict[str, set[str]] = {}
    relations: dict[str, str] = {}  # ref.rel -> its backlink group (a few dozen, for a hundred thousand references)
    responses = project.responses
    entities = project.entities
    # Plain dicts and locals, no setdefault (it makes a container each call): this loop sees every reference of
    # the corpus on every build.
    for ref in references:
        source, target_id = ref.source, ref.target
        link = ref.rel.endswith(LINK)  # a Markdown link to a page: it names no one, so it is only checked
        if not link:
            refers = forward.get(source)
            if refers is None:
                forward[source] = {target_id}
            else:
                refers.add(target_id)
        target = entities.get(target_id)
        if target is None or (ref.kinds and target.kind not in ref.kinds):
            problem = _reference_problem(project, ref, suggesters)
            if problem is not None:
                project.problems.append(problem)
                problems.setdefault(ref.path, []).append(problem)
        elif link:
            project.linked.add(target_id)
        elif source:
            relation = relations.get(ref.rel)
            if relation is None:
                relation = relations[ref.rel] = relation_of(ref.rel)
            if relation == RESPONDS:
                responses.append(ref)
            groups = backlinks.get(target_id)
            if groups is None:
                backlinks[target_id] = {relation: [ref]}
                continue
            found = groups.get(relation)
            if found is None:
                groups[relation] = [ref]
            else:
                found.append(ref)
    project.backlinks = backlinks
    project.forward = forward
    return problems


def _reference_problem(project: Project, ref: Reference, suggesters: dict) -> Problem | None:
    """What is wrong with a reference (an unknown id, or an entity of the wrong kind), or None."""
    target = project.entities.get(ref.target)
    if target is not None and (not ref.kinds or target.kind in ref.kinds):
        return None  # resolved (make serve's reindex asks of every reference of a changed sheet: a tester)
    if ref.rel.endswith(LINK):  # a Markdown link to an entity's page (the field, with its indexes, is in rel)
        return _link_problem(project, ref, target, suggesters if _hints_left(ref.path, suggesters) else None)
    if target is None:
        message, how = _unknown(project, ref, suggesters if _hints_left(ref.path, suggesters) else None)
        return Problem(ref.path, ref.line, ref.column, message,
                       code=f"{CREATABLE}\x1f{ref.target}\x1f{how[0]}\x1f{how[1]}" if how is not None else "")
    if ref.kinds and target.kind not in ref.kinds:
        if _defined_as(project, ref.target, ref.kinds):
            return None  # the id is also defined as one it may name: the duplicate is the error, said once (a tester)
        wanted = " or ".join(article(k) for k in ref.kinds)
        return Problem(ref.path, ref.line, ref.column, f"`{ref.target}` is {article(target.kind)}, but this field must name {wanted}")
    return None


def settle_hints(project: Project, problems: list[Problem]) -> list[Problem]:
    """The problems, each at text written where an id goes (code `respelt`, validate.py) with its "did you mean":
    the entity of a kind the place takes whose name, title or alias it is; else the id it re-spells when that
    exists and is of such a kind, else the nearest such id."""
    suggesters: dict = {}
    return [_hinted(project, problem, suggesters if _hints_left(problem.path, suggesters) else None)
            if problem.code.startswith(RESPELT + "\x1f") else problem for problem in problems]


def _hints_left(path: str, suggesters: dict) -> bool:
    """True for the first SHOWN_PER_FILE problems of a file that ask for a "did you mean", and the first HINTS of
    all: a hint costs a millisecond or more, and past the problems a file shows (problems.shown) none is read. A
    rename of an id that 5,000 places name made `check` take 21 s (found by a tester), as heading links once did
    (views.anchor_problems); 30,000 unknown ids in 300 sheets, a minute (another)."""
    counts = suggesters.setdefault("hinted", {})
    counts[path] = counts.get(path, 0) + 1
    counts[None] = counts.get(None, 0) + 1
    return counts[path] <= SHOWN_PER_FILE and counts[None] <= HINTS


HINTS = 2_000  # "did you mean" hints in one check at most: a few seconds' worth; an editor fixes the first ones first


def _hinted(project: Project, problem: Problem, suggesters: dict | None) -> Problem:
    """One problem with its "did you mean" (settle_hints)."""
    _, written, spelt, *kinds = problem.code.split("\x1f")
    kinds = tuple(kinds) or tuple(KINDS)
    guesses = _named_in(project, written, kinds, suggesters) if suggesters is not None else None
    if guesses is None and spelt:
        guesses = (spelt,) if _defined_as(project, spelt, kinds) else _guess(project, spelt, kinds, suggesters)
    if not guesses and suggesters is not None:  # a person's surname as written (`Путин`): that person, after the
        guesses = _ending(project, folded(written), kinds, suggesters) or None  # id it spells (`Israel`: a reviewer)
    # the code was for this only: JSON shows none
    return replace(problem, message=problem.message + did_you_mean(guesses or ()), code="")


def _named(project: Project, kinds: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """The ids of the entities of these kinds that bear each name, title, alias and (a source's) publisher, by its
    folded text: `Amnesty International` written where a source's id goes got no hint (a tester)."""
    def pairs():  # a duplicate's later definitions too: `India` meant the actor a stray source took the id of
        for entity in itertools.chain(project.entities.values(), *project.shadowed.values()):
            if entity.kind in kinds:
                for text in _names_of(entity):
                    if isinstance(text, str):
                        yield folded(text), entity.id
                        if spelt_in_latin(text):  # not a Russian title through its `MH17` (a tester)
                            yield _plain(text), entity.id
    return _bearers(pairs())


def _defined_as(project: Project, entity_id: str, kinds: tuple[str, ...]) -> bool:
    """True when the id is defined as an entity of one of these kinds, first or again (a duplicate)."""
    return any(e.kind in kinds for e in (project.entities.get(entity_id), *project.shadowed.get(entity_id, ())) if e)


def _names_of(entity: Entity) -> tuple:
    """The texts an entity is known by: its name, title, (a source's) publisher and aliases (maybe not all text)."""
    data = entity.data
    aliases = data.get("aliases")
    return data.get("name"), data.get("title"), data.get("publisher"), *(aliases if isinstance(aliases, list) else ())


def _bearers(pairs) -> dict[str, tuple[str, ...]]:
    """{key: the ids that bear it, sorted} of (key, id) pairs."""
    found: dict[str, dict[str, None]] = {}
    for key, entity_id in pairs:
        found.setdefault(key, {})[entity_id] = None
    return {key: tuple(sorted(ids)) for key, ids in found.items()}


def _plain(text: str) -> str:
    """Text as an id spells it, in words: `José Núñez` and `jose-nunez` are `jose nunez`, `Kata'ib` is `kataib`."""
    ascii_text = unaccented(text).encode("ascii", "ignore").decode().lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", re.sub(r"['’]", "", ascii_text)).split())


def _link_problem(project: Project, ref: Reference, target: Entity | None, suggesters: dict | None) -> Problem | None:
    """What is wrong with a Markdown link to an entity's page: none there, or the id is another kind's."""
    kind, field = ref.kinds[0], ref.rel.split(".", 1)[1][: -len(LINK)]
    link = f"`{field}`: link to the page of {kind} `{ref.target}`"
    if target is not None:
        return Problem(ref.path, ref.line, ref.column, f"{link}: `{ref.target}` is {article(target.kind)}, whose "
                                                       f"page is `/{url_for(target.kind, ref.target)}`")
    guesses = _guess(project, ref.target, ref.kinds, suggesters)
    owner = project.entities.get(ref.source)
    written = (ref.item or {}).get("url", "")
    if guesses or owner is None or not written.startswith("../") or written.startswith("../../"):
        return Problem(ref.path, ref.line, ref.column, f"{link}, which does not exist" + did_you_mean(guesses))
    # `[our method](../methodology/)`, as from a page at the site's top: read from the entity's page (a tester)
    return Problem(ref.path, ref.line, ref.column, f"{link}, which does not exist; a link is read from "
                                                   f"{article(owner.kind)}'s page (`/{url_for(owner.kind, owner.id)}`): "
                                                   f"if you meant a page `/{ref.target}/` at the site's top, write "
                                                   f"`../../{ref.target}/`")


def _guess(project: Project, written: str, kinds: tuple[str, ...], suggesters: dict | None) -> tuple[str, ...]:
    """The ids meant by an unknown one: the entities of these kinds whose name, title or alias it spells (`hamas`,
    `national-unity-government`; none when many share it), else the nearest ids (all equally near), else the one
    whose ending it is; () without suggesters (a problem no one is shown)."""
    if suggesters is None:
        return ()
    named = _named_in(project, written.replace("-", " "), kinds, suggesters)
    if named is not None:
        return named
    near = _suggester(project, kinds, suggesters).suggest_all(written)
    ending = _ending(project, written, kinds, suggesters)
    if near or ending:  # both: `abbas` begins `abbas-araghchi` and is Mahmoud Abbas's surname (a tester)
        return tuple(sorted(set(near) | set(ending)))
    return _shortened(project, written, kinds)


def _shortened(project: Project, written: str, kinds: tuple[str, ...]) -> tuple[str, ...]:
    """The id of these kinds that written is with whole parts added, at its end or its start (`rsf-sudan`,
    `aljazeera-15-04-2023`: an acronym's id is too short beside them to be near; a tester), the longest; else ()."""
    # its first and last ID_MAX characters' whole parts (no id is longer): every cut of 100,000 characters of
    # parts took a check 106 s (a reviewer)
    head, tail = written[: ID_MAX + 1].split("-")[:-1], written[-ID_MAX - 1 :].split("-")[1:]
    for cut in range(len(head), 0, -1):
        for meant in ("-".join(head[:cut]), "-".join(tail[-cut:]) if cut <= len(tail) else ""):
            entity = project.entities.get(meant)
            if entity is not None and entity.kind in kinds and meant != written:
                return (meant,)
    return ()


def _ending(project: Project, written: str, kinds: tuple[str, ...], suggesters: dict) -> tuple[str, ...]:
    """The one id of these kinds whose last parts written is (`putin`, `al-sadr`), or the persons (SURNAME_SHARERS at
    most) whose name ends in that word: a surname written for the id. Editors created a second actor for the same man
    when told to; and for `aliyev`, with Heydar and Ilham Aliyev defined, a third (a tester)."""
    if ("endings", kinds) not in suggesters:  # made once per check, as the names
        suggesters["endings", kinds] = _endings(project, kinds)
    return suggesters["endings", kinds].get(written, ())


SURNAME_SHARERS = 3  # a family's (the Aliyevs, the Bushes, the Kims); more is a common name, and no guess


def _endings(project: Project, kinds: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """{the last parts of an id, or a person's last name as an id spells it: the ids}, for the parts borne by one
    entity, and the last names borne by SURNAME_SHARERS persons at most. An actor's id ends so only for a person: a
    group's id often ends in another group's whole name (`hezbollah` is not `kataib-hezbollah`, nor `state`
    `islamic-state`: a tester); and ids sharing an ending are not offered for it (`2023-06-24` of two sources)."""
    def pairs(surnames: bool):
        for entity in project.entities.values():
            if entity.kind in kinds:
                person = entity.kind == "actor" and entity.data.get("kind") == "person"
                parts = entity.id.split("-") if person or entity.kind != "actor" else ()
                if not surnames:
                    yield from (("-".join(parts[start:]), entity.id) for start in range(1, len(parts)))
                elif person:  # the last part of the id, and of the name and each alias, as an id spells it and as
                    # written (`zelensky` of the alias Vladimir Zelensky, `путин` of Владимир Путин: a tester)
                    yield from [(parts[-1], entity.id)] if len(parts) > 1 else []
                    for name in _names_of(entity):  # a name, not a description (`Prime Minister of Israel`)
                        if isinstance(name, str) and not any(w[:1].islower() for w in name.split()):
                            for words in (_plain(name).split(), folded(name).split()):
                                yield from [(words[-1], entity.id)] if len(words) > 1 else []
    endings = _bearers(pairs(False))
    found = {key: ids for key, ids in _bearers(pairs(True)).items() if len(ids) <= SURNAME_SHARERS}
    for key, ids in endings.items():  # an id's own ending, when one bears it, is the one meant
        if len(ids) == 1:
            found[key] = ids if key not in found or ids[0] in found[key] else tuple(sorted({*ids, *found[key]}))
    return found


def _named_in(project: Project, text: str, kinds: tuple[str, ...], suggesters: dict) -> tuple[str, ...] | None:
    """The ids of the entities of these kinds whose name, title or alias is text (case and spacing aside): all of
    them (three actors named `Al-Qaeda`: naming one picked it for the editor, a tester; of more, did_you_mean names a
    few and says how many, where no hint had offered to create yet another); None when none does."""
    if ("names", kinds) not in suggesters:  # made once per check: a corpus can have thousands of unknown ids
        suggesters["names", kinds] = _named(project, kinds)
    names = suggesters["names", kinds]
    found = names.get(folded(text)) or names.get(_plain(text))
    return found


def _suggester(project: Project, kinds: tuple[str, ...], suggesters: dict) -> Suggester:
    """The Suggester of the ids of these kinds, made once per check."""
    if kinds not in suggesters:
        suggesters[kinds] = Suggester(e.id for e in project.entities.values() if e.kind in kinds)
    return suggesters[kinds]


def _unknown(project: Project, ref: Reference, suggesters: dict | None) -> tuple[str, tuple[str, int] | None]:
    """Message for an unknown id, with the nearest id of the right kind; and when it says how to create it, the kind
    it names and where in the message that advice starts (creatable), else None."""
    noun = ref.kinds[0] if len(ref.kinds) == 1 else "entity"
    long = len(ref.target) > ID_MAX  # a long name spelt as an id is guessed; a longer text is no one's (a reviewer)
    guesses = _guess(project, ref.target, ref.kinds or tuple(KINDS), suggesters) if len(ref.target) <= 6 * ID_MAX else ()
    if long:  # no entity can have it: `briefkit add` refuses it (a tester); a long name spelt as
        # an id is that entity (a reviewer)
        return (f"unknown id `{ref.target[:40]}…`: it is longer than {ID_MAX} characters, as no id is"
                + did_you_mean(guesses)), None
    message = f"unknown id `{ref.target}`: no {noun} has this id"
    misspelt = project.misspelt.get(ref.target)
    if misspelt is not None and (not ref.kinds or misspelt[0] in ref.kinds):
        kind, path, line, column, written, under = misspelt
        if isinstance(under, str) and under:  # defined where no entity is (inside a briefing): the clause says where
            message += f"; {article(kind)} is defined with it at {display_path(path)}:{line}:{column}, {under}"
        elif under:  # defined under `source:`, which is no top-level key
            message += (f"; {article(kind)} is defined with it at {display_path(path)}:{line}:{column}, under "
                        f"`{under[0]}:`, which is no top-level key: write `{under[1]}:`")
        else:
            message += (f"; {article(kind)} is defined as `{written}` at {display_path(path)}:{line}:{column}, which is "
                        f"not a valid id: write `{ref.target}` there")
    elif ref.target in project.glimpsed:
        path, line, column = project.glimpsed[ref.target]
        message += (f"; {display_path(path)}:{line}:{column} seems to define it, but that sheet defines nothing until "
                    "its errors are fixed")
    elif guesses:
        message += did_you_mean(guesses)
        longer = next((guess for guess in guesses if _of_its_own(ref.target, guess)), None)
        if longer is not None:  # `pakistan-army`: likely not `pakistan`, but an entity of its own
            kind = ref.kinds[0] if ref.kinds else project.entities[longer].kind  # a wikilink's: the guess's kind
            return (f"{message} If `{ref.target}` is {article(kind if not ref.kinds else noun)} of its own, create it: "
                    f"briefkit add {kind} {ref.target} --to {shell_path(ref.path)}", (kind, len(message)))
    elif project.unseen:  # it may be defined there: creating it could make a duplicate
        others = f" and {len(project.unseen) - 1} more" if len(project.unseen) > 1 else ""
        message += (f"; {display_path(project.unseen[0])}{others} defines nothing because of its errors: the id may be "
                    "defined there once they are fixed")
    else:
        kind = ref.kinds[0] if ref.kinds else "actor"
        others = "" if ref.kinds else " (or incident, stake, source: a wikilink names any kind; briefkit new starts a briefing)"
        return (f"{message}; to create it: briefkit add {kind} {ref.target} --to {shell_path(ref.path)}{others}",
                (kind, len(message)))
    return message, None


def _of_its_own(written: str, guess: str) -> bool:
    """True when an unknown id may well be an entity of its own beside the id guessed, so that how to create it is
    said too: the guess with parts added at either end (`pakistan-army`, `myanmar-tatmadaw`: a reviewer). Its first
    parts (`erbil` of `erbil-attack`) are most often it, the date left out."""
    return written.startswith(guess + "-") or written.endswith("-" + guess)


CREATABLE = "creatable"  # a Problem's code at an unknown id it says how to create: see creatable


def creatable(problem: Problem) -> tuple[str, str, str] | None:
    """(id, kind, the message before it says how to create it) of an unknown id's problem that says how, else None:
    drafted and by_hand say otherwise what follows."""
    if not problem.code.startswith(CREATABLE + "\x1f"):
        return None
    _, entity_id, kind, cut = problem.code.split("\x1f")
    return entity_id, kind, problem.message[: int(cut)]


def drafted(problems: list[Problem], defined: dict[str, tuple[str, int, int]]) -> list[Problem]:
    """The problems, each unknown id a sheet left out defines ({id: place}: a draft, load.left_out) told so instead
    of how to create it (which would make a second definition once the draft is moved in)."""
    return [_drafted(problem, defined) if creatable(problem) else problem for problem in problems]


def by_hand(problems: list[Problem], unaddable: set[tuple[str, str]]) -> list[Problem]:
    """The problems, each whose `briefkit add … --to` names a sheet whose list of that kind `add` refuses to extend
    ({(path, kind)}: written on one line, `[…]`) told to add it by hand there, or with `add` to another sheet: the
    command it was given failed (a tester)."""
    kept = []
    for problem in problems:
        found = creatable(problem)
        if found is None or (problem.path, found[1]) not in unaddable:
            kept.append(problem)
            continue
        entity_id, kind, said = found
        kept.append(replace(problem, message=f"{said}; to create it, add {article(kind)} `{entity_id}` to this sheet's "
                                             f"`{kind}s:` by hand (a list on one line, which briefkit add does not "
                                             f"extend), or to another sheet: briefkit add {kind} {entity_id} --to FILE"))
    return kept


def _drafted(problem: Problem, defined: dict[str, tuple[str, int, int]]) -> Problem:
    """One unknown id's problem, told where a left-out sheet seems to define it (drafted)."""
    entity_id, _, said = creatable(problem)
    place = defined.get(entity_id)
    if place is None:
        return problem
    path, line, column = place
    return replace(problem, message=f"{said}; {display_path(path)}:{line}:{column} seems to define it, but that sheet "
                                    "is not read (a name on its way starts with `_` or `.`: a draft); move the "
                                    "definition into a sheet that is read", code="")


def _misspelt(results) -> dict[str, tuple]:
    """{the id meant: (kind, path, line, column, id as written)} of the definitions whose id is not valid (the first
    of each)."""
    found: dict[str, tuple] = {}
    for result in results:
        for meant, kind, written, line, column, under in result.misspelt:
            found.setdefault(meant, (kind, result.path, line, column, written, under))
    return found


def _glimpsed(results) -> dict[str, tuple[str, int, int]]:
    """{id: (path, line, column)} of the ids that sheets YAML could not parse seem to define (the first of each)."""
    found: dict[str, tuple[str, int, int]] = {}
    for result in results:
        for entity_id, line, column in result.glimpsed or ():
            found.setdefault(entity_id, (result.path, line, column))
    return found


def _unseen(results) -> list[str]:
    """The sheets that define nothing because of their errors and whose ids were not glimpsed (YAML parsed them: a
    top-level key misspelt, a list at the top): an id reported unknown may be defined there. One YAML could not
    parse defines only what its `id:` keys say (_glimpsed): naming it for any unknown id sent editors to a sheet
    that never held it (a tester)."""
    return [r.path for r in results if r.glimpsed is None and _defines_nothing(r)]


def _unread(results) -> list[str]:
    """The sheets that define nothing because of their errors (one that cannot be parsed, a misspelt key): an id
    reported unknown may be meant to be defined there."""
    return [r.path for r in results if _defines_nothing(r)]


def _defines_nothing(result: FileResult) -> bool:
    """True for a sheet that defines nothing because of its errors."""
    return not result.entities and any(p.is_error for p in result.problems)


def _pair_problems(project: Project) -> list[Problem]:
    """References that resolve but cannot hold between their two entities: an incident answering a later one is an
    error (FORMAT.md: `responds_to` names earlier incidents; partial dates overlap, and so may answer each other).
    Checked on the whole project (the two ends may be in different files, and change apart), from the references
    gathered while resolving. Incidents that answer each other in a circle (each would be earlier than the other), an
    incident answering itself (the circle of one, its date no later than its own), and an actor part of, leading,
    backing… itself or holding a role of itself, are warnings: FORMAT.md does not forbid them, and `--strict` fails
    on them. An actor may oppose itself (a group whose factions fight)."""
    found, entities = _circles(project.responses) + _self_relations(project), project.entities
    for ref in project.responses:
        source, target = entities.get(ref.source), entities.get(ref.target)
        if source is None or target is None:  # an entity refused whole (a sheet with errors)
            continue
        answered, answering = target.data.get("date"), source.data.get("date")  # missing only in a sheet with errors
        end = source.data.get("end_date")  # an incident over days may answer one in their course; one before
        until = end if answering and end and end.last_day() >= answering.first_day() else answering  # its date is refused
        if ref.source == target.id:
            found.append(Problem(ref.path, ref.line, ref.column, "`responds_to` names this incident itself: it lists "
                                 "earlier incidents this one answers", WARNING))
        elif answered and answering and answered.first_day() > until.last_day():
            span = answering.iso() if until is answering else f"{answering.iso()} to {until.iso()}"
            found.append(Problem(ref.path, ref.line, ref.column,
                                 f"`responds_to` names `{target.id}` ({answered.iso()}), which is after this incident "
                                 f"({span}): it lists earlier incidents this one answers"))
    return found


def _circles(responses: list[Reference]) -> list[Problem]:
    """A problem at each `responds_to` that closes a circle of incidents answering each other (a → b → a)."""
    answers: dict[str, list[Reference]] = {}
    for ref in responses:
        if ref.source != ref.target:  # answering itself is said on its own
            answers.setdefault(ref.source, []).append(ref)
    found, state = [], {}  # state: 1 while an incident's answers are being followed, 2 once done
    for start in answers:
        if start in state:
            continue
        state[start], path, stack, at = 1, [start], [iter(answers[start])], {start: 0}  # at: place on the path
        while stack:
            ref = next(stack[-1], None)
            if ref is None:
                done = path.pop()
                state[done] = 2
                del at[done]
                stack.pop()
            elif state.get(ref.target) == 1:  # back to an incident on the path: a circle
                found.append(Problem(ref.path, ref.line, ref.column,
                                     f"`responds_to` names `{ref.target}`, which answers this incident in turn "
                                     f"({_circle_text(path[at[ref.target]:])}): it lists earlier incidents this one "
                                     "answers", WARNING))
            elif ref.target not in state:
                state[ref.target], at[ref.target] = 1, len(path)
                path.append(ref.target)
                stack.append(iter(answers.get(ref.target, ())))
    return found


def _circle_text(circle: list[str]) -> str:
    """A circle of incidents for a message, back to its first; a long one by its ends (n circles of n incidents
    each spelt out whole made 353 MB of warnings at 8,000: found by a tester)."""
    if len(circle) > 6:
        circle = [*circle[:3], f"… {len(circle) - 5:,} more …", *circle[-2:]]
    return " → ".join([*circle, circle[0]])


_SELF_REFUSED = {"actor.roles.of": "`roles[].of` names this actor itself",
                 "actor.relations.target": "`relations[].target` names this actor itself, with a relation no actor "
                                           "has to itself (only `opposes` may: factions that fight)"}


def _self_relations(project: Project) -> list[Problem]:
    """A problem at each role an actor holds of itself, and each relation to itself but `opposes`."""
    found = []
    for actor in project.by_kind.get("actor", ()):
        groups = project.backlinks.get(actor.id)
        if not groups:
            continue
        for rel, message in _SELF_REFUSED.items():
            own = sorted((ref for ref in groups.get(rel, ()) if ref.source == actor.id), key=lambda r: (r.line, r.column))
            if rel == "actor.relations.target":  # in the text's order, as the references: pair them, skip `opposes`
                kinds = [item.get("type") for item in actor.data.get("relations", ()) if item.get("target") == actor.id]
                own = [ref for ref, kind in zip(own, kinds) if kind != "opposes"]
            found += [Problem(ref.path, ref.line, ref.column, message, WARNING) for ref in own]
    return found


def _referenced_by_another(project: Project, entity_id: str) -> bool:
    """True when an entity other than this one refers to it: an actor named only in its own summary, or related only
    to itself, is on no other page (a tester). Stops at the first other (most lists start with one)."""
    return any(ref.source != entity_id for refs in project.backlinks.get(entity_id, {}).values() for ref in refs)


def _listed_by_its_own(project: Project, actor: Entity) -> bool:
    """True when the actor's own fields name another entity, whose page then lists it, linked: a role's `of` (the
    organisation's Roles), a relation's `target` (the other actor's Relations) or `sources` (the sources page's Cited
    by), a `[[mention]]` in its summary (Mentioned in). It had been said to be on no page (testers)."""
    return any(target != actor.id and target in project.entities for target in project.forward.get(actor.id, ()))


def _warnings(project: Project) -> list[Problem]:
    """Things worth an editor's look that do not fail a build (unless --strict). None while a sheet defines nothing
    because of its errors (a syntax error): its references are unknown, and each actor it names was said to be on
    no page (a tester); they are looked for again once it reads."""
    found = []
    if project.unread:
        return found
    for actor in project.by_kind["actor"]:
        if not (_referenced_by_another(project, actor.id) or actor.id in project.linked
                or _listed_by_its_own(project, actor)):
            found.append(Problem(actor.path, actor.line, actor.column,
                                 f"actor `{actor.id}` is not referenced by any page", WARNING))
    for source in project.by_kind["source"]:
        if source.id not in project.backlinks and source.id not in project.linked:
            found.append(Problem(source.path, source.line, source.column,
                                 f"source `{source.id}` is not cited anywhere", WARNING))
    return found


def page_entities(project: Project) -> list[Entity]:
    """Entities that have a page of their own, in a stable order."""
    return [e for kind in PAGE_KINDS for e in project.by_kind.get(kind, [])]
