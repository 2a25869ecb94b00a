"""Read tracking for incremental builds: what each page read while its context was built.

Views reach the project only through a `TrackedProject`, which records a
token for everything a page reads: an entity's id when it reads the entity,
`@<id>` when it reads who refers to that entity (its backlinks), and
`kind:<kind>` when it enumerates a whole kind. A page must be rendered again
exactly when one of its tokens is dirty.
"""

from __future__ import annotations

from collections.abc import Mapping


def backlinks_token(entity_id: str) -> str:
    """The token recorded when a page reads the references to an entity."""
    return "@" + entity_id


def kind_token(kind: str) -> str:
    """The token recorded when a page enumerates every entity of a kind."""
    return f"kind:{kind}"


class _TrackedEntities(Mapping):
    """project.entities, recording every id looked up."""

    def __init__(self, entities: dict, reads: set):
        self._entities = entities
        self._reads = reads

    def __getitem__(self, key):
        self._reads.add(key)
        return self._entities[key]

    def __contains__(self, key):
        self._reads.add(key)
        return key in self._entities

    def __iter__(self):
        raise TypeError("enumerate entities through by_kind, so the read is tracked")

    def __len__(self):
        return len(self._entities)


class _TrackedKinds(Mapping):
    """project.by_kind, recording `kind:<kind>` for every kind enumerated."""

    def __init__(self, by_kind: dict, reads: set):
        self._by_kind = by_kind
        self._reads = reads

    def __getitem__(self, kind):
        self._reads.add(kind_token(kind))
        return self._by_kind[kind]

    def __iter__(self):
        return iter(self._by_kind)

    def __len__(self):
        return len(self._by_kind)


class _TrackedBacklinks(Mapping):
    """project.backlinks, recording each target whose backlinks are read."""

    def __init__(self, backlinks: dict, reads: set):
        self._backlinks = backlinks
        self._reads = reads

    def __getitem__(self, key):
        self._reads.add(backlinks_token(key))
        return self._backlinks[key]

    def get(self, key, default=None):
        self._reads.add(backlinks_token(key))
        return self._backlinks.get(key, default)

    def __contains__(self, key):
        self._reads.add(backlinks_token(key))
        return key in self._backlinks

    def __iter__(self):
        raise TypeError("look backlinks up by target, so the read is tracked")

    def __len__(self):
        return len(self._backlinks)


class TrackedProject:
    """A read-only view of a Project that records what is read into `reads`."""

    def __init__(self, project, reads: set):
        self._project = project
        self.reads = reads
        self.entities = _TrackedEntities(project.entities, reads)
        self.by_kind = _TrackedKinds(project.by_kind, reads)
        self.backlinks = _TrackedBacklinks(project.backlinks, reads)

    def refs_to(self, target: str, rel: str):
        """References to target through one relation (recorded as a read of target's backlinks)."""
        self.reads.add(backlinks_token(target))
        return self._project.refs_to(target, rel)

    def untracked(self):
        """The project itself, for facts derived from the whole corpus that record their own tokens."""
        return self._project

    def __getattr__(self, name):
        return getattr(self._project, name)
