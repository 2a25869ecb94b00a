"""Stage 3, index: one id space, references resolved once and inverted once into backlinks."""

from __future__ import annotations

from dataclasses import dataclass, field

from .deps import MENTION, relation_of  # noqa: F401 - MENTION: the views and tests name the group from here
from .model import KINDS, PAGE_KINDS
from .problems import WARNING, Problem, display_path
from .suggest import Suggester
from .validate import Entity, FileResult, Reference


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

    @property
    def errors(self) -> list[Problem]:
        """The problems that fail a build."""
        return [p for p in self.problems if p.is_error]

    def refs_to(self, target: str, rel: str) -> list[Reference]:
        """References to target through one relation."""
        return self.backlinks.get(target, {}).get(rel, [])


def index(results: list[FileResult]) -> Project:
    """Merge per-file results (in sorted path order) into an indexed project."""
    project = Project(files=[r.path for r in results])
    for result in results:
        project.problems.extend(result.problems)
        for entity in result.entities:
            _define(project, entity)
    project.by_kind = {kind: [] for kind in KINDS}
    for entity in project.entities.values():
        project.by_kind[entity.kind].append(entity)
    for entities in project.by_kind.values():
        entities.sort(key=lambda e: e.id)
    _resolve(project, [ref for result in results for ref in result.references])
    project.problems.extend(_warnings(project))
    return project


def _define(project: Project, entity: Entity) -> None:
    """Add an entity, or report the second definition of its id."""
    first = project.entities.get(entity.id)
    if first is None:
        project.entities[entity.id] = entity
        return
    project.problems.append(Problem(entity.path, entity.line, entity.column,
                                    f"duplicate id `{entity.id}`: already defined as {_a(first.kind)} at "
                                    f"{display_path(first.path)}:{first.line}:{first.column}"))


def _a(kind: str) -> str:
    """"an incident", "a stake"."""
    return ("an " if kind[0] in "aeiou" else "a ") + kind


def _resolve(project: Project, references: list[Reference]) -> None:
    """Check every reference once; invert the good ones into backlinks."""
    suggesters: dict[tuple[str, ...], Suggester] = {}
    backlinks: dict[str, dict[str, list[Reference]]] = {}
    forward: dict[str, set[str]] = {}
    relations: dict[str, str] = {}  # ref.rel -> its backlink group (a few dozen, for a hundred thousand references)
    entities = project.entities
    # Plain dicts and locals, no setdefault (it makes a container each call): this loop sees every reference of
    # the corpus on every build.
    for ref in references:
        source, target_id = ref.source, ref.target
        refers = forward.get(source)
        if refers is None:
            forward[source] = {target_id}
        else:
            refers.add(target_id)
        target = entities.get(target_id)
        if target is None:
            project.problems.append(Problem(ref.path, ref.line, ref.column, _unknown(project, ref, suggesters)))
        elif ref.kinds and target.kind not in ref.kinds:
            wanted = " or ".join(_a(k) for k in ref.kinds)
            project.problems.append(Problem(ref.path, ref.line, ref.column,
                                            f"`{ref.target}` is {_a(target.kind)}, but this field must name {wanted}"))
        elif source:
            relation = relations.get(ref.rel)
            if relation is None:
                relation = relations[ref.rel] = relation_of(ref.rel)
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


def _unknown(project: Project, ref: Reference, suggesters) -> str:
    """Message for an unknown id, with the nearest id of the right kind."""
    kinds = ref.kinds or tuple(KINDS)
    if kinds not in suggesters:
        suggesters[kinds] = Suggester(e.id for e in project.entities.values() if e.kind in kinds)
    guess = suggesters[kinds].suggest(ref.target)
    noun = ref.kinds[0] if len(ref.kinds) == 1 else "entity"
    message = f"unknown id `{ref.target}`: no {noun} has this id"
    if guess:
        message += f"; did you mean `{guess}`?"
    else:
        kind = ref.kinds[0] if ref.kinds else "actor"
        message += f"; to create it: briefkit add {kind} {ref.target} --to {display_path(ref.path)}"
    return message


def _warnings(project: Project) -> list[Problem]:
    """Things worth an editor's look that do not fail a build (unless --strict)."""
    found = []
    for actor in project.by_kind["actor"]:
        if actor.id not in project.backlinks:
            found.append(Problem(actor.path, actor.line, actor.column,
                                 f"actor `{actor.id}` is not referenced by any page", WARNING))
    for source in project.by_kind["source"]:
        if source.id not in project.backlinks:
            found.append(Problem(source.path, source.line, source.column,
                                 f"source `{source.id}` is not cited anywhere", WARNING))
    return found


def page_entities(project: Project) -> list[Entity]:
    """Entities that have a page of their own, in a stable order."""
    return [e for kind in PAGE_KINDS for e in project.by_kind.get(kind, [])]
