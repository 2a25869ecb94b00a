"""Scaffolding: start a fact sheet for a new article; add a stub entity to a sheet.

Sheets are edited as text, never round-tripped through a YAML dumper, so the
editor's comments, order and layout stay exactly as they were. Stubs leave
required fields empty (unless given on the command line): `briefkit check`
then points at each field still to fill, so an unfinished stub never
publishes. Every edit is parsed and validated before it is written; an edit
that would break the sheet is refused and the file is left as it was.
"""

from __future__ import annotations

import contextlib
import os
import re
import unicodedata
from collections import Counter

import yaml

from . import model as m
from .dates import parse_date
from .load import not_utf8, refused_in, utf8
from .pipeline import check, load_and_validate
from .problems import Problem, article, display_path, render, shell_path
from .suggest import spelt_in_latin, unaccented

SCHEMA_FILE = os.path.join("schema", "fact-sheet.schema.json")
LIST_KEYS = {record.kind: key for key, (record, is_list) in m.SHEET.items() if is_list}  # actor -> actors
STUB_OPTIONS = ("name", "title", "kind", "date", "publisher", "url")  # fields settable from the command line
_ID = re.compile(m.ID_REGEX)
_ITEM = re.compile(r"^([ ]*)-(?:[ ]|$)")


class ScaffoldError(Exception):
    """A scaffolding request that cannot be carried out; the message says why."""


def slugify(text: str, limit: int = 60) -> str:
    """An id-shaped slug of text: accents dropped, lowercase ASCII words joined by hyphens; anything else parts words
    (`1992–1996` is `1992-1996`, not `19921996`)."""
    slug = ""
    for word in re.findall(r"[a-z0-9]+", unaccented(text).lower()):
        if len(slug) + len(word) + 1 > limit and slug:
            break
        slug = f"{slug}-{word}" if slug else word[:limit]
    return slug


def yaml_scalar(value: str) -> str:
    """value as a YAML scalar: plain when YAML 1.1 and 1.2 (a sheet may start `%YAML 1.2`: load._core_tag) both read
    it back as the same text, else double-quoted (`1e3` is text to 1.1 and a number to 1.2)."""
    from .load import _STR, _core_tag

    plain = "\n" not in value and value == value.strip() and value != "" and _core_tag(value) == _STR
    if plain:
        try:
            plain = yaml.safe_load(value) == value
        except (yaml.YAMLError, ValueError):  # `2021-02-30`: a timestamp YAML cannot make (found by the fuzz test)
            plain = False
    if plain:
        return value
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{escaped}"'


def modeline(sheet: str, briefings: str) -> str:
    """The yaml-language-server line pointing from sheet to the project's schema: the nearest schema/ around the
    sheet that holds it (`--briefings other/sheets/x` is no direct child of the project), else schema/ beside the
    fact-sheet folder."""
    folder = os.path.dirname(os.path.abspath(sheet))
    schema = os.path.join(os.path.dirname(os.path.abspath(briefings)), SCHEMA_FILE)
    while True:
        if os.path.isfile(os.path.join(folder, SCHEMA_FILE)):
            schema = os.path.join(folder, SCHEMA_FILE)
            break
        if os.path.dirname(folder) == folder:
            break
        folder = os.path.dirname(folder)
    rel = os.path.relpath(schema, os.path.dirname(os.path.abspath(sheet)))
    return f"# yaml-language-server: $schema={rel.replace(os.sep, '/')}"


def check_id(entity_id: str) -> None:
    """Raise ScaffoldError unless entity_id is a valid id."""
    if len(entity_id) > m.ID_MAX and _ID.match(entity_id):
        raise ScaffoldError(f"id `{entity_id[:40]}…` is longer than {m.ID_MAX} characters, as no id is")
    if len(entity_id) > m.ID_MAX or not _ID.match(entity_id) or entity_id.endswith("\n"):
        hint = slugify(entity_id, m.ID_MAX)
        raise ScaffoldError(f"`{entity_id}` is not a valid id: use lowercase letters a-z, digits and single hyphens"
                            + (f", e.g. `{hint}`" if hint else ""))


def new_sheet_name(title: str, date: str, entity_id: str | None = None) -> str:
    """`2021-02-25-us-strikes-syria.yaml`: the file name of a new sheet, from the title, else from the id given
    (a title in another script has no ASCII slug: `briefkit new "حمله به اربیل" --id erbil-attack`)."""
    slug = slugify(title)
    if entity_id and not _slug_tells(title, slug):
        slug = entity_id
    if not slug:
        raise ScaffoldError(f"cannot make a file name from the title {title!r}; give --id with an id in ASCII")
    return f"{date}-{slug}.yaml"


def _slug_tells(title: str, slug: str) -> bool:
    """True when slug keeps the title's words: not digits alone (`26/11` made `2008-11-26-11.yaml`, read as a date)
    and at least half its letters (`Крушение MH17` made `mh17`, its Russian words dropped unsaid; a tester), as a
    title in two scripts does (`Hezbollah fires rockets (حزب الله)`)."""
    return bool(re.search("[a-z]", slug)) and spelt_in_latin(title, 0.5) and not lost_latin_letters(title)


def lost_latin_letters(text: str) -> str:
    """The Latin letters of text that an id cannot spell (no ASCII form: `ɂ`), which a slug would drop mid-word."""
    return "".join(dict.fromkeys(char for char in text if char.isalpha() and "LATIN" in unicodedata.name(char, "")
                                 and not any(c.isascii() and c.isalnum() for c in unaccented(char))))


def check_date(date: str) -> str:
    """date if it is a date FORMAT.md allows (YYYY-MM-DD, or partial: YYYY-MM, YYYY), else ScaffoldError."""
    parsed = parse_date(date)
    if isinstance(parsed, str):
        raise ScaffoldError(parsed)
    return date


NEW_SHEET = """\
{modeline}
#
# Fact sheet: {title_comment}
# Article: (paste the article's address, publisher and date here)
#
# Fill in every field left empty: `briefkit check` points at each one, by line
# and column, until it is done; nothing publishes before. Each fact is a claim
# with a status and its sources. Add actors, incidents, stakes and sources with
#   briefkit add actor ID --to {path}{folder} --name "Name"
#   briefkit add source ID --to {path}{folder} --publisher Reuters
#   briefkit add incident ID --to {path}{folder} --title "What happened"
#   briefkit add stake ID --to {path}{folder} --title "The talks at stake"
# The editor guide (/editor-guide/ on the site) and FORMAT.md describe every field.

briefing:
  id: {id}
  title: {title}
  date: {date}  # publication date of the briefing
  # The lede, required: one paragraph of Markdown. Link entities with [[id]] or [[id|label]].
  summary:
  # The analysis (optional), Markdown:
  # body: >-
  #   Two or three paragraphs.
  # Who matters in this story and why (`role` is optional), e.g.
  #   - actor: kataib-hezbollah
  #     role: blamed for the rocket attack
  actors: []
  # Ids of the incidents this briefing covers, e.g. [erbil-rocket-attack-2021-02-15]
  incidents: []
  # Diplomatic stakes the story bears on (`impact`, Markdown, is optional), e.g.
  #   - stake: iran-nuclear-deal-revival
  #     impact: Complicates the return to talks.
  stakes: []
  # The facts, one claim each. `status`: confirmed, reported, claimed, alleged,
  # disputed or denied; `attributed_to`: the actor who asserts it, e.g.
  #   - text: US forces struck facilities in eastern Syria.
  #     status: claimed
  #     attributed_to: john-kirby
  #     sources: [pentagon-statement-2021-02-25]
  claims: []
  # Required: the ids of the sources the briefing draws on, at least one.
  sources: []
  tags: []

# People, states, government bodies, armed groups and organisations this story
# introduces. Long-lived actors may live in a file of their own (briefings/actors/).
actors: []

# Attacks, strikes and other events: a date, a kind, a place and sources each.
incidents: []

# Diplomatic stakes: talks, deals and disputes that outlast one story.
stakes: []

# Where each fact was published: publisher, title, url, date, kind
# (news, official, analysis, social, other) and Admiralty reliability A–F.
sources: []
"""


def new_sheet_text(title: str, date: str, entity_id: str, path: str, briefings: str) -> str:
    """The text of a new fact sheet: every section stubbed and explained."""
    # `add` finds the folder itself when it is `briefings`; another (`new --briefings desk`) is named in the hints,
    # else `add` checked the new ids against the sheet's own folder alone (a tester).
    folder = "" if _same(corpus_root(path, None), briefings) else f" --briefings {shell_path(briefings, 'FOLDER')}"
    return NEW_SHEET.format(modeline=modeline(path, briefings), title_comment=" ".join(title.split()),
                            title=yaml_scalar(title), date=date, id=yaml_scalar(entity_id), path=shell_path(path, "THIS-FILE"),
                            folder=folder)


def _hint(field: m.Field) -> str:
    """What to write in a field, for a comment."""
    typ = field.type
    if isinstance(typ, m.Enum):
        words = "one of " + ", ".join(typ.values)
    elif isinstance(typ, m.Ref):
        words = "the id of " + " or ".join(typ.kinds)
    elif isinstance(typ, m.ListOf) and isinstance(typ.item, m.Ref):
        words = f"{typ.item.kinds[0]} ids, e.g. [an-id]" + (f", at least {typ.min_items}" if typ.min_items else "")
    elif isinstance(typ, m.Date):
        words = "YYYY-MM-DD, or YYYY-MM / YYYY"
    elif isinstance(typ, m.Record):
        words = ", ".join(f.name for f in typ.fields)
    elif isinstance(typ, (m.Text, m.Markdown)):
        return field.doc  # "text" says nothing an editor needs
    else:
        words = typ.words
    return f"{words}; {field.doc}" if field.doc else words


def stub_lines(record: m.Record, entity_id: str, values: dict[str, str]) -> list[str]:
    """A list item defining a stub entity: required fields, empty unless given, each with a hint."""
    lines = [f"- id: {yaml_scalar(entity_id)}"]  # quoted when YAML would read another type: `2021-02-15`, `yes`
    for field in record.fields:
        if field.name == "id" or not (field.required or field.name in values):
            continue
        if field.name in values:
            value = values[field.name]
            text = value if isinstance(field.type, m.Date) else yaml_scalar(value)
            lines.append(f"  {field.name}: {text}")
        elif isinstance(field.type, m.Record):
            lines.append(f"  {field.name}:")
            for sub in field.type.fields:
                if sub.required:
                    lines.append(_with_hint(f"    {sub.name}:", _hint(sub)))
        elif isinstance(field.type, m.ListOf):
            lines.append(f"  {field.name}: []  # {_hint(field)}")
        else:
            lines.append(_with_hint(f"  {field.name}:", _hint(field)))
    optional = [f.name for f in record.fields if not f.required and f.name not in values]
    if optional:
        lines.append(f"  # optional: {', '.join(optional)} (see FORMAT.md)")
    return lines


def _with_hint(line: str, hint: str) -> str:
    """line with `  # hint` after it when there is a hint."""
    return f"{line}  # {hint}" if hint else line


def insert_item(text: str, key: str, item: list[str]) -> str:
    """text with item appended to the top-level list `key`, keeping everything else as it was.

    Handles a missing key (appended at the end), `key: []` and a block list;
    refuses a flow list with items, which only a hand edit can extend well.
    """
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    newline = "\r\n" if "\r\n" in text else "\r" if "\r" in text else "\n"  # the sheet's own (old Macs' CR too)
    lines = text[len(bom):].splitlines()
    first = next((line for line in lines if line.strip() and not line.startswith(("#", "%", "---"))), "")
    if first.lstrip().startswith("{"):
        raise ScaffoldError("the sheet's top level is a flow mapping (`{…}`); add the entity by hand, "
                            "or write the sheet with one `key:` per line")
    name = re.escape(key)  # the key as written: plain, or in quotes
    pattern = re.compile(rf"^(?:{name}|\"{name}\"|'{name}')[ \t]*:(?P<rest>[ \t]*(?P<value>[^#]*?)[ \t]*(?P<comment>#.*)?)$")
    at = next((i for i, line in enumerate(lines) if pattern.match(line)), None)
    if at is None:
        tail: list[str] = []
        while lines and (not lines[-1].strip() or _END_MARKER.match(lines[-1])):  # the new key goes before `...`
            tail.insert(0, lines.pop())
        block = ([""] if lines else []) + [f"{key}:"] + ["  " + line for line in item]
        return bom + newline.join(lines + block + [line for line in tail if line.strip()]) + newline
    match = pattern.match(lines[at])
    value = "[]" if re.fullmatch(r"\[[ \t]*\]", match.group("value")) else match.group("value")  # `[ ]` is `[]`
    if value not in ("", "[]"):
        raise ScaffoldError(f"`{key}:` on line {at + 1} is not a block list (`{value[:40]}`); "
                            f"add the entity by hand, or write the list as one `- ` item per line")
    if value == "[]":
        lines[at] = f"{key}:" + (f"  {match.group('comment')}" if match.group("comment") else "")
    end = next((i for i in range(at + 1, len(lines)) if _top_level(lines[i])), len(lines))
    last = at
    items: list[int] = []
    for i in range(at + 1, end):
        stripped = lines[i].strip()
        if stripped and not lines[i].startswith("#"):
            last = i
            if _ITEM.match(lines[i]):
                items.append(i)
    indent = len(_ITEM.match(lines[items[0]]).group(1)) if items else 2
    spaced = any(i > 0 and not lines[i - 1].strip() for i in items[1:])
    block = ([""] if spaced and items else []) + [" " * indent + line for line in item]
    lines[last + 1:last + 1] = block
    return bom + newline.join(lines) + newline


_END_MARKER = re.compile(r"^\.\.\.[ \t]*(#.*)?$")  # YAML's end of a document


def _top_level(line: str) -> bool:
    """True for a line that starts the next top-level key (or a document marker)."""
    if not line or line[0] in " \t#":
        return False
    return not _ITEM.match(line)


def stub_values(kind: str, values: dict[str, str | None]) -> dict[str, str]:
    """The given field values, checked against the kind's record (only fields it has)."""
    record = m.KINDS[kind]
    fields = record.field_map
    given = {k: v for k, v in values.items() if v is not None}
    wrong = [k for k in given if k not in fields]
    if wrong:
        usable = [f"--{k}" for k in STUB_OPTIONS if k in fields]
        raise ScaffoldError(f"{'--' + wrong[0]} does not apply to {article(kind)}; it takes {', '.join(usable)}")
    for name, value in given.items():
        if isinstance(fields[name].type, m.Date) and isinstance(parse_date(value), str):
            raise ScaffoldError(f"--{name}: {parse_date(value)}")
        refused = refused_in(value)
        if refused:  # a byte that is not UTF-8 (a Latin-1 terminal's `é`) had crashed the write (a tester)
            raise ScaffoldError(f"--{name} cannot be used: {refused}")
    return given


def add_text(text: str, kind: str, entity_id: str, values: dict[str, str]) -> str:
    """text with a stub of kind appended to its top-level list."""
    return insert_item(text, LIST_KEYS[kind], stub_lines(m.KINDS[kind], entity_id, values))


def new_file_text(kind: str, entity_id: str, values: dict[str, str], path: str, briefings: str) -> str:
    """A new sheet holding only one stub entity."""
    return modeline(path, briefings) + "\n\n" + add_text("", kind, entity_id, values)


def checked_edit(path: str, old: str, new: str, entity_id: str) -> list[Problem]:
    """Problems the edit old → new brings into the sheet, beyond the stub's empty required fields.

    The new text is loaded and validated like any sheet; it must define entity_id,
    and may add no problem except "required field" / "needs at least" ones inside
    the stub (the fields left for the editor).
    """
    before = load_and_validate(path, old.encode("utf-8")) if old else None
    after = load_and_validate(path, new.encode("utf-8"))
    start, stop = stub_start_line(old, new), stub_end_line(old, new)
    seen = Counter(p.message for p in before.problems) if before else Counter()
    found = []
    for problem in after.problems:
        if seen[problem.message]:
            seen[problem.message] -= 1
        elif not (start <= problem.line <= stop and problem.is_error
                  and ("required field" in problem.message or "needs at least" in problem.message)):
            found.append(problem)
    if not any(e.id == entity_id for e in after.entities) and not found:
        found.append(Problem(path, start, 1, f"{UNPLACED}`{entity_id}` could not be placed in this sheet"))
    return found


UNPLACED = "the stub for "  # how checked_edit's problem for a stub it cannot find begins


def stub_end_line(old: str, new: str) -> int:
    """The last line (from 1) of the stub that new adds to old."""
    return stub_start_line(old, new) + new.count("\n") - old.count("\n")


def stub_start_line(old: str, new: str) -> int:
    """The first line (from 1) where new differs from old."""
    a, b = old.lstrip("\ufeff").splitlines(), new.lstrip("\ufeff").splitlines()
    for number, (x, y) in enumerate(zip(a, b), 1):
        if x != y:
            return number
    return min(len(a), len(b)) + 1


def folder_around(here: str) -> str | None:
    """`new`'s fact-sheet folder when none is given, as a path from here: from here up, the first folder that holds a
    `briefings` folder (that one), or is one (an editor at work in `briefings/actors/`); else None."""
    folder = os.path.abspath(here)
    while True:  # nearest first: a project itself named `briefings` holds its sheets in `briefings/` (a tester)
        if os.path.isdir(os.path.join(folder, "briefings")):
            found = os.path.join(folder, "briefings")
            break
        if os.path.basename(folder) == "briefings":
            found = folder
            break
        if os.path.dirname(folder) == folder:
            return None
        folder = os.path.dirname(folder)
    return os.path.relpath(found, here)


def corpus_root(sheet: str, briefings: str | None) -> str:
    """The fact-sheet folder whose ids a new entity must not repeat.

    The folder given; else `briefings` when it holds the sheet; else the nearest
    folder named `briefings` around the sheet; else `briefings` when there is one
    (which refuses the sheet: it lies outside); else the sheet's own folder.
    """
    if briefings:
        return briefings
    here = os.path.abspath(os.path.dirname(sheet) or ".")
    if os.path.isdir("briefings") and _inside(here, os.path.abspath("briefings")):
        return "briefings"
    folder = here
    while True:
        if os.path.basename(folder) == "briefings":
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            # From a project's root, a sheet outside its `briefings/` is one check never reads (`--to sheet.yaml`,
            # the folder forgotten: a tester's new file was left out of the site): the folder refuses it.
            return "briefings" if os.path.isdir("briefings") else here
        folder = parent


def _same(a: str, b: str) -> bool:
    """True when two paths name one folder."""
    return os.path.realpath(a) == os.path.realpath(b)


def _inside(path: str, root: str) -> bool:
    """True when path is root or below it."""
    return os.path.commonpath([path, root]) == root


def already_defined(entities: dict, entity_id: str) -> str | None:
    """Where entity_id is already defined, as `kind at path:line:column`, or None."""
    entity = entities.get(entity_id)
    if entity is None:
        return None
    return f"{article(entity.kind)} at {display_path(entity.path)}:{entity.line}:{entity.column}"


def corpus_ids(briefings: str, also: str | None = None) -> dict:
    """Entities defined under briefings (and in the sheet `also`, when it lies outside), by id."""
    project = check(briefings) if os.path.isdir(briefings) else None
    entities = dict(project.entities) if project else {}
    if also and os.path.isfile(also) and (project is None or also not in project.files):
        for entity in load_and_validate(also).entities:
            entities.setdefault(entity.id, entity)
    return entities


def create_sheet(title: str, date: str, briefings: str, entity_id: str | None = None) -> tuple[str, str]:
    """Write a new fact sheet for an article; (its path, the briefing id). Never overwrites."""
    check_date(date)
    if not utf8(os.path.abspath(briefings)):  # check would never read the sheet (a tester)
        raise ScaffoldError(not_utf8(briefings, "the fact-sheet folder's path is not UTF-8; rename the folder"))
    refused = refused_in(title)
    if refused:  # written into the sheet, it would make a file that check refuses whole
        raise ScaffoldError(f"the title cannot be used: {refused}")
    if entity_id is not None:
        check_id(entity_id)  # before it names the file
    slug = slugify(title)
    if entity_id is None and not _slug_tells(title, slug):
        kept = f"only `{slug}`" if slug else "nothing"
        lost = lost_latin_letters(title)
        why = (f"its id would be digits alone (`{slug}`), read as part of the date"
               if slug and not re.search("[a-z]", slug)
               else f"an id cannot spell {', '.join(f'`{c}`' for c in lost)}, which it would drop"
               if lost and spelt_in_latin(title, 0.5)
               else f"spelt in ASCII letters and digits, as an id is, it keeps {kept} of it")
        raise ScaffoldError(f"cannot make an id and file name from the title {title!r}: {why}; give --id with an id "
                            "in ASCII")
    name = new_sheet_name(title, date, entity_id)
    entity_id = entity_id or f"{slugify(title, m.ID_MAX - len(date) - 1)}-{date}"
    check_id(entity_id)
    where = already_defined(corpus_ids(briefings), entity_id)
    if where:
        raise ScaffoldError(f"id `{entity_id}` is already defined as {where}; give another with --id")
    path = os.path.join(briefings, name)
    try:
        os.makedirs(briefings, exist_ok=True)
        with open(path, "x", encoding="utf-8", newline="") as handle:
            handle.write(new_sheet_text(title, date, entity_id, path, briefings))
    except FileExistsError:
        raise ScaffoldError(f"{display_path(path)} already exists; it was left as it was") from None
    except OSError as error:  # a file where a folder goes, a read-only folder: said, not a traceback
        raise ScaffoldError(f"cannot write {display_path(path)}: {error.strerror or error}") from None
    return path, entity_id


def add_entity(kind: str, entity_id: str, sheet: str, values: dict[str, str | None], briefings: str | None = None) -> str:
    """Append a stub entity to sheet (creating the sheet if needed); the folder whose ids were checked."""
    check_id(entity_id)
    if not sheet.endswith((".yaml", ".yml")) or os.path.basename(sheet).startswith(("_", ".")):
        # FORMAT.md: only *.yaml and *.yml files are fact sheets, and check leaves out names starting with _ or .
        raise ScaffoldError(f"{display_path(sheet)} is no fact sheet (check reads only *.yaml and *.yml files whose "
                            "names start with neither _ nor .); give --to another file")
    given = stub_values(kind, values)
    root = corpus_root(sheet, briefings)
    unread = unread_place(sheet, root)
    if unread:  # a sheet `briefkit new --briefings scaf` made, say, added to from beside briefings/ (a tester)
        other = f", or name its folder with --briefings {shell_path(os.path.dirname(sheet) or '.')} if it is a fact-" \
                "sheet folder of its own" if briefings is None and unread.startswith("lies outside") else ""
        raise ScaffoldError(f"{display_path(sheet)} {unread}, so check would never read the {kind}; "
                            f"give --to a sheet in the fact-sheet folder{other}")
    where = already_defined(corpus_ids(root, sheet), entity_id)
    if where:
        raise ScaffoldError(f"id `{entity_id}` is already defined as {where}")
    exists = os.path.exists(sheet)
    if exists and not os.path.isfile(sheet):  # a pipe would be waited on for good
        raise ScaffoldError(f"{display_path(sheet)} is not a regular file; give --to a fact sheet")
    if exists and not os.access(sheet, os.W_OK):  # replaced through its folder, it was written all the same
        raise ScaffoldError(f"{display_path(sheet)} is read-only; it was left as it was")
    if exists:
        try:
            with open(sheet, encoding="utf-8", newline="") as handle:
                old = handle.read()
        except (OSError, UnicodeDecodeError) as error:
            raise ScaffoldError(f"cannot read {display_path(sheet)}: {error}") from None
        new = add_text(old, kind, entity_id, given)
    else:
        old, new = "", new_file_text(kind, entity_id, given, sheet, root)
    problems = checked_edit(sheet, old, new, entity_id)
    own = [p for p in load_and_validate(sheet, old.encode("utf-8")).problems if p.is_error] if problems and old else []
    placed = any(stub_start_line(old, new) <= p.line <= stub_end_line(old, new) and not p.message.startswith(UNPLACED)
                 for p in problems)
    if own and not placed:  # the sheet's own errors (a syntax error, say) are what to fix, not the stub
        raise ScaffoldError(f"{display_path(sheet)} was left as it was; it has errors of its own, to fix first:\n"
                            + render(own))
    wrong = option_problems(problems, given, stub_start_line(old, new), stub_end_line(old, new))
    if wrong:  # said as what was typed (`--url javascript:…`), not at a line of a file left unwritten (a tester)
        raise ScaffoldError("\n".join(wrong))
    if problems:  # a wrong option (`--kind militia`) is named, even in a sheet `new` made, whose stub has errors
        also = f"\nIt also has errors of its own:\n{render(own)}" if own else ""
        raise ScaffoldError(f"{display_path(sheet)} was left as it was; the stub would bring these problems "
                            "(placed as in the file with the stub added):\n" + render(problems) + also)
    try:
        _replace(sheet if not exists else os.path.realpath(sheet), new, exists)
    except OSError as error:  # a file where a folder goes, a read-only folder: said, not a traceback
        raise ScaffoldError(f"cannot write {display_path(sheet)}: {error.strerror or error}; "
                            "it was left as it was") from None
    return root


def option_problems(problems: list[Problem], given: dict[str, str], start: int, stop: int) -> list[str]:
    """The stub's problems that are about an option's value, as `--url must be …`: the stub's lines, a field given."""
    said = []
    for problem in problems:
        name = next((k for k in given if problem.message.startswith((f"`{k}` ", f"`{k}`: "))), None)
        if name is not None and start <= problem.line <= stop:  # `url` must be …, `date`: not a date …
            rest = problem.message[len(name) + 2:]
            said.append(f"--{name}{rest}")
    return said


def _replace(target: str, text: str, exists: bool) -> None:
    """Write text to target through a temporary file beside it, keeping an existing file's mode."""
    os.makedirs(os.path.dirname(os.path.abspath(target)), exist_ok=True)
    temporary = f"{target}.briefkit-new"
    try:
        with open(temporary, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        if exists:
            os.chmod(temporary, os.stat(target).st_mode & 0o7777)
        os.replace(temporary, target)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def unread_place(sheet: str, root: str) -> str:
    """Why check, reading root, would not read sheet ("" when it would): outside root (a link leading out
    included), or in a folder whose name starts with _ or . (FORMAT.md: ignored)."""
    real_root, real = os.path.realpath(root), os.path.realpath(sheet)  # a link anywhere on the way is followed
    if not _inside(real, real_root):
        return f"lies outside the fact-sheet folder {display_path(root)}" + (
            " (through a symbolic link)" if _inside(os.path.abspath(sheet), os.path.abspath(root)) else "")
    folders = os.path.relpath(os.path.dirname(real), real_root).split(os.sep)
    hidden = next((name for name in folders if name.startswith(("_", ".")) and name not in (".", "..")), None)
    return f"is in the folder `{hidden}`, which check leaves out (its name starts with {hidden[0]})" if hidden else ""
