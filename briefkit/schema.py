"""The JSON Schema (draft 2020-12) of a fact sheet, generated from `model.py`.

Editors' tools (yaml-language-server in VS Code and Neovim, JetBrains IDEs) read
it for autocomplete, hovers and inline errors. It is a helper, not the check:
it accepts every sheet `briefkit check` accepts and rejects what it can express
(unknown keys, bad enums, ids, country codes, dates); what needs the whole
corpus (references, duplicate ids) or YAML's event stream (anchors, duplicate
keys) is left to `briefkit check`.

Dates are strings `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, or an unquoted year (an
integer 100–9999: `0999` is 999 to YAML 1.2, and `98` is refused). Editors' YAML 1.2 tools read an unquoted `2021-02-25` as
a string, so the schema needs no date type of its own.
"""

from __future__ import annotations

import json

from . import model as m

DRAFT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_PATH = "schema/fact-sheet.schema.json"
# A year but 0000, a month 01–12, and a day its month has: 31 January, 30 April, 28 February, 29 February in a leap
# year (divisible by 4 and not by 100, or by 400), as `briefkit check` (2021-02-30 passed here: a tester).
# Whitespace around it is trimmed by the checker, as around a reference or a URL.
_YEAR = r"(?!0000)[0-9]{4}"
_LEAP_YEAR = r"(?!0000)(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)"
DATE_REGEX = (rf"^\s*(?:{_YEAR}(?:-(?:0[1-9]|1[0-2]))?|{_YEAR}-(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
              rf"|{_YEAR}-(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|{_YEAR}-02-(?:0[1-9]|1[0-9]|2[0-8])|{_LEAP_YEAR}-02-29)\s*$")
# A reference is an id; like the checker, allow whitespace around it (`>`-folded scalars end in a newline).
REF_REGEX = r"^\s*(?=[a-z0-9-]{1,%d}\s*$)[a-z0-9]+(-[a-z0-9]+)*\s*$" % m.ID_MAX
# http(s), a host, then anything without spaces; surrounding whitespace is trimmed by the checker.
URL_REGEX = r"^\s*[Hh][Tt][Tt][Pp][Ss]?://[^\s/?#]+([/?#]\S*)?\s*$"
# The two-letter codes check refuses as a language (model.LANGUAGE_MISTAKES), in any case: JSON Schema has no flag
_NO_LANGUAGES = "^(?:" + "|".join("".join(f"[{c}{c.upper()}]" for c in code) for code in sorted(m.LANGUAGE_MISTAKES)) + ")(?:-|$)"
ID_WORDS = "lowercase letters a-z, digits and single hyphens, e.g. `kataib-hezbollah`"

COMMON = {
    "text": {"type": "string", "pattern": m.VISIBLE_REGEX, "maxLength": m.MAX_TEXT_CHARS,
             "description": f"Plain text (never Markdown), at most {m.MAX_TEXT_CHARS} characters.",
             "patternErrorMessage": "Write some text, or leave the field out."},
    "markdown": {"type": "string", "pattern": m.VISIBLE_REGEX,
                 "description": "CommonMark with tables, strikethrough, footnotes and [[id]] links.",
                 "patternErrorMessage": "Write some text, or leave the field out."},
    "id": {"type": "string", "pattern": m.ID_REGEX, "minLength": 1, "maxLength": m.ID_MAX,
           "description": f"An id: 1–{m.ID_MAX} {ID_WORDS}; unique across all kinds.",
           "patternErrorMessage": f"An id uses {ID_WORDS}."},
    "reference": {"type": "string", "pattern": REF_REGEX,
                  "description": "The id of an entity defined in any fact sheet.",
                  "patternErrorMessage": f"A reference is an id: {ID_WORDS}."},
    "date": {"anyOf": [
        {"type": "string", "pattern": DATE_REGEX, "patternErrorMessage": "Write a date that exists: YYYY-MM-DD, YYYY-MM or YYYY."},
        # from 100: editors' YAML 1.2 reads `0999`, a year check accepts, as 999 (and `999`, which check refuses,
        # alike); a two-digit year typed (`98`) is still refused, and years below 100 are no news
        {"type": "integer", "minimum": 100, "maximum": 9999},
    ], "description": "YYYY-MM-DD, or YYYY-MM / YYYY when only that much is known.", "examples": ["2021-02-25", "2021-02", "2021"]},
    "url": {"type": "string", "pattern": URL_REGEX, "description": "An absolute http:// or https:// URL.",
            "patternErrorMessage": "Write an http:// or https:// URL."},
    "country": {"type": "string", "enum": sorted(m.COUNTRIES),
                "description": 'An assigned ISO 3166-1 alpha-2 code, quoted ("IQ").'},
}
_COMMON_OF = {m.Text: "text", m.Markdown: "markdown", m.Id: "id", m.Ref: "reference", m.Date: "date",
              m.Url: "url", m.Country: "country"}


def def_name(record: m.Record) -> str:
    """The `$defs` key of a record: its name with hyphens (`incident-actor`)."""
    return record.name.replace(" ", "-")


def ref_words(kinds: tuple[str, ...]) -> str:
    """"the id of an actor", "the id of an incident"."""
    return "the id of " + " or ".join(("an " if k[0] in "aeiou" else "a ") + k for k in kinds)


def type_schema(typ: m.Type, defs: dict) -> dict:
    """The schema of one field type; records are added to defs and referenced."""
    if isinstance(typ, m.Record):
        name = def_name(typ)
        if name not in defs:
            defs[name] = record_schema(typ, defs)
        return {"$ref": f"#/$defs/{name}"}
    if isinstance(typ, m.ListOf):
        schema = {"type": "array", "items": type_schema(typ.item, defs)}
        if typ.min_items:
            schema["minItems"] = typ.min_items
        return schema
    if isinstance(typ, m.Enum):
        return {"type": "string", "enum": list(typ.values)}
    if isinstance(typ, m.Integer):
        return {"type": "integer", "minimum": typ.minimum}
    if isinstance(typ, m.Number):
        return {"type": "number", "minimum": typ.minimum, "maximum": typ.maximum}
    if isinstance(typ, m.Pattern):
        found = {"type": "string", "pattern": typ.regex, "examples": [typ.example],
                 "patternErrorMessage": f"Write {typ.rule}, such as {typ.example}." if typ.rule
                 else f"Write something like {typ.example}."}
        if typ.regex == m.LANGUAGE.regex:  # a country's code for a language (`jp`), which check refuses with the one meant
            found["not"] = {"pattern": _NO_LANGUAGES, "patternErrorMessage": "A country's code, not a language's: "
                            "Japanese is ja, Chinese zh, Ukrainian uk."}
        return found
    if isinstance(typ, m.Text) and typ.limit is None:  # a text shown once (a role): the loader's limit alone
        return {"type": "string", "pattern": m.VISIBLE_REGEX, "patternErrorMessage": COMMON["text"]["patternErrorMessage"]}
    name = _COMMON_OF[type(typ)]
    defs.setdefault(name, COMMON[name])
    return {"$ref": f"#/$defs/{name}"}


def field_schema(field: m.Field, defs: dict) -> dict:
    """A field's type schema with its description and default."""
    schema = type_schema(field.type, defs)
    words = [field.doc] if field.doc else []
    item = field.type.item if isinstance(field.type, m.ListOf) else field.type
    if isinstance(item, m.Ref):
        words.append(("each " if isinstance(field.type, m.ListOf) else "") + ref_words(item.kinds))
    if words:
        schema["description"] = "; ".join(words)
    if field.default is not None:
        schema["default"] = field.default
    return schema


def record_schema(record: m.Record, defs: dict) -> dict:
    """A mapping with exactly the record's fields."""
    schema = {
        "type": "object",
        "title": record.name,
        "properties": {f.name: field_schema(f, defs) for f in record.fields},
        "additionalProperties": False,
    }
    required = [f.name for f in record.fields if f.required]
    if required:
        schema["required"] = required
    if record.both_or_neither:
        pairs = {}
        for a, b in record.both_or_neither:
            pairs[a], pairs[b] = [b], [a]
        schema["dependentRequired"] = pairs
    return schema


def fact_sheet_schema() -> dict:
    """The JSON Schema of one fact sheet (a YAML file under briefings/)."""
    defs: dict = {}
    properties = {}
    for key, (record, is_list) in m.SHEET.items():
        entity = type_schema(record, defs)
        if is_list:
            properties[key] = {"type": "array", "items": entity, "description": f"a list of {m.PLURALS[record.kind]}"}
        else:
            properties[key] = dict(entity, description=f"one {record.kind}; at most one per file")
    return {
        "$schema": DRAFT,
        "title": "Briefing fact sheet",
        "description": "A fact sheet under briefings/ (FORMAT.md). An empty file adds nothing. "
                       "`briefkit check` also checks references, duplicate ids and plain-YAML rules.",
        "type": ["object", "null"],
        "properties": properties,
        "additionalProperties": False,
        "$defs": defs,
    }


def schema_json() -> str:
    """The schema as committed: sorted keys, two-space indent, trailing newline."""
    return json.dumps(fact_sheet_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
