"""Read tracking for incremental builds: what each page read while its context was built.

Views reach the project only through a `TrackedProject`, which records a
token for everything a page reads: an entity's id when it reads the entity,
`^<id>` when it reads only its *head* (see `head_of`: what links and listings
show), `~<id>` when it reads its claims, `@<id>` when it reads who refers to
that entity (its backlinks), and `kind:<kind>` when it enumerates a whole kind.
A page must be rendered again exactly when one of its tokens is dirty.

`kind:<kind>` covers the kind's members and their heads: a page that
enumerates a kind and shows more than the heads (a summary, the claims) must
also record the id (or `~<id>`) of each entity whose other fields it reads.
That is what lets an edit of one incident's text leave the listings alone.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from functools import cache


def backlinks_token(entity_id: str) -> str:
    """The token recorded when a page reads the references to an entity."""
    return "@" + entity_id


def kind_token(kind: str) -> str:
    """The token recorded when a page enumerates every entity of a kind."""
    return f"kind:{kind}"


def head_token(entity_id: str) -> str:
    """The token recorded when a page reads only an entity's head (its name, dates, kind, place…)."""
    return "^" + entity_id


def claims_token(entity_id: str) -> str:
    """The token recorded when a page reads an entity's claims."""
    return "~" + entity_id


@cache
def _long_fields(kind: str) -> frozenset[str]:
    """The fields an entity's head leaves out: its Markdown texts and its claims."""
    from .model import KINDS, Markdown

    return frozenset({f.name for f in KINDS[kind].fields if isinstance(f.type, Markdown)} | {"claims"})


def head_of(entity) -> dict:
    """An entity's head: every field but its Markdown texts and claims (what links and listings may show)."""
    long = _long_fields(entity.kind)
    return {key: value for key, value in entity.data.items() if key not in long}


def digest_of(data) -> str:
    """A digest of plain data (dataclasses, tuples, strings, dates) that is the same in every run.

    Hashes the repr, not a pickle: a pickle also records which equal objects are
    the same object, which differs between freshly parsed and cached data.
    """
    return hashlib.blake2b(repr(data).encode(), digest_size=16).hexdigest()


MENTION = "mention"
LINK = "#link"  # a reference's relation ends so for a Markdown link to an entity's page: checked, in no backlink list


def relation_of(rel: str) -> str:
    """The backlink group of a reference's relation: wikilinks from any field count as mentions."""
    return MENTION if rel.endswith("#mention") else rel


def links_digest(references) -> str:
    """The digest of how an entity refers to others: the relation and target of each of its references.

    Order-free (sorted here): only the set of links decides which backlink lists show the entity.
    """
    links = sorted(f"{relation_of(ref.rel)} {ref.target}" for ref in references)  # ids hold no newline
    return hashlib.blake2b("\n".join(links).encode(), digest_size=16).hexdigest()


def part_digests(entity) -> tuple[str, str]:
    """The digests of an entity's head and of its claims (what incremental builds compare)."""
    return digest_of(head_of(entity)), digest_of(entity.data.get("claims"))


class _Tracked(Mapping):
    """A lookup table that records a token for every key looked up (never enumerated)."""

    def __init__(self, table: dict, reads: set, token=str):
        self._table = table
        self._reads = reads
        self._token = token

    def __getitem__(self, key):
        self._reads.add(self._token(key))
        return self._table[key]

    def __contains__(self, key):
        self._reads.add(self._token(key))
        return key in self._table

    def __iter__(self):
        raise TypeError("look entries up by key (enumerate a kind through by_kind), so the read is tracked")

    def __len__(self):
        return len(self._table)


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


class TrackedProject:
    """A read-only view of a Project that records what is read into `reads`."""

    def __init__(self, project, reads: set):
        self._project = project
        self.reads = reads
        self.entities = _Tracked(project.entities, reads)
        self.by_kind = _TrackedKinds(project.by_kind, reads)
        self.backlinks = _Tracked(project.backlinks, reads, backlinks_token)

    def head(self, entity_id: str):
        """An entity whose head alone the page shows (a link, a row of a listing): records `^<id>`."""
        self.reads.add(head_token(entity_id))
        return self._project.entities[entity_id]

    def head_or_none(self, entity_id: str):
        """head(), or None for an unknown id (recorded all the same: the page changes when the entity appears)."""
        self.reads.add(head_token(entity_id))
        return self._project.entities.get(entity_id)

    def claims_of(self, entity) -> list:
        """An entity's claims, recording `~<id>`."""
        self.reads.add(claims_token(entity.id))
        return entity.data.get("claims", [])

    def refs_to(self, target: str, rel: str):
        """References to target through one relation (recorded as a read of target's backlinks)."""
        self.reads.add(backlinks_token(target))
        return self._project.refs_to(target, rel)

    def untracked(self):
        """The project itself, for facts derived from the whole corpus that record their own tokens."""
        return self._project

    def __getattr__(self, name):
        return getattr(self._project, name)
