"""The editors' command line: a thin wrapper over the library.

Examples:

    briefkit check                       # every problem in briefings/, at once
    briefkit check --format github       # as GitHub annotations
    briefkit build --output output       # check, then build the site
    briefkit new "Rockets hit Erbil" --date 2021-02-16      # start a fact sheet
    briefkit add actor kataib-hezbollah --to briefings/2021-02-16-rockets-hit-erbil.yaml
    briefkit schema --output schema/fact-sheet.schema.json  # the JSON Schema for editors
"""

from __future__ import annotations

import gc
import os
import signal
import stat
import sys
import time
from pathlib import Path

import click

from . import pipeline
from .problems import counted, render as render_problems, shell_path

FORMATS = ("text", "github", "json")


def _default_format() -> str:
    """GitHub annotations inside GitHub Actions, plain text elsewhere."""
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def _python_file(_context, _parameter, value: str | None) -> str | None:
    """click callback: Pelican loads its settings as a Python module, which needs the `.py` (None: not given)."""
    if value is not None and not value.endswith(".py"):
        raise click.BadParameter("give a Python file (*.py), such as pelican.conf.py")
    try:
        regular = value is None or stat.S_ISREG(os.stat(value).st_mode)
    except OSError:  # missing, or a link that leads nowhere: said by the command, where it reads the file
        regular = True
    if not regular:  # a pipe hung `check`, `/dev/zero` filled the memory (a tester)
        raise click.BadParameter("give a Python file (*.py), not a pipe, a device or a folder")
    return value


def _not_empty(_context, _parameter, value: str) -> str:
    """click callback: an empty folder name would mean the folder the command runs in."""
    if not value:
        raise click.BadParameter("give a folder name")
    return value


def _utf8_path(_context, _parameter, value):
    """click callback: a path whose bytes are not UTF-8 is refused here (no message, cache key or page can hold
    it: a tester's build ended in a traceback)."""
    from .load import not_utf8, utf8

    if value is not None and not utf8(value):
        raise click.BadParameter(not_utf8(value, "the path is not UTF-8; rename the file or folder"))
    return value


def _given(_context, parameter, value):
    """click callback: a value given empty is refused, not taken for its default or for "any" (`--host ""` listened
    on every interface, `--date ""` took today: a tester)."""
    if value is not None and not str(value).strip():
        raise click.BadParameter(f"give a value, or leave {parameter.opts[0]} out")
    return value


def _sheet_folder(_context, _parameter, value: str | None) -> str | None:
    """click callback: one spelling of the fact-sheet folder, relative to the working folder when it lies in it.

    Problems print sheets' paths under the folder as given, and the caches and the last build's manifest know
    them so: `/home/me/site/briefings`, `./briefings/` and `briefings` would each parse every sheet and render
    a third of the pages again. A path with `..` is kept as given (a link before it may lead elsewhere).
    """
    if value is None:  # not given: the settings' folder (_briefings_of)
        return None
    _not_empty(_context, _parameter, value)  # "" was shown as `.` and looked up as nothing: "not found"
    if os.path.realpath(value) == os.path.realpath(os.sep):  # `$UNSET/`: a minute's walk of /proc, every yaml read
        raise click.BadParameter("that is the file system's root; give the folder that holds the fact sheets")
    if ".." in Path(value).parts:
        return value
    here, folder = os.getcwd(), os.path.abspath(value)
    return os.path.relpath(folder, here) if folder == here or folder.startswith(here.rstrip(os.sep) + os.sep) else folder


def _briefings_of(briefings: str | None, settings: str | None) -> str:
    """The fact-sheet folder: --briefings, else the settings file's BRIEFKIT["briefings"] (relative to that file),
    else `briefings`. The settings' folder was ignored without a word (`make` gives --briefings anyway)."""
    if briefings is not None:
        return briefings
    from .incremental import settings_values

    given = settings_values(settings).get("BRIEFKIT") if settings and os.path.isfile(settings) else None
    folder = given.get("briefings") if isinstance(given, dict) else None
    if not isinstance(folder, str) or not folder.strip():  # a wrong one is said by the settings check
        return "briefings"
    return _sheet_folder(None, None, os.path.join(os.path.dirname(os.path.abspath(settings)), folder))


def _settings_first(briefings: str | None, settings: str | None) -> list:
    """The settings' errors, when no --briefings is given and the settings name no fact-sheet folder (they do not run,
    or name an empty one): a tester's build said only `briefings:1:1: fact-sheet folder not found`, of a folder never
    named, and not why. [] otherwise."""
    if briefings is not None or not settings or not os.path.isfile(settings):
        return []
    from .incremental import settings_values

    values = settings_values(settings)
    given = values.get("BRIEFKIT")
    folder = given.get("briefings", "briefings") if isinstance(given, dict) else "briefings"
    if "" not in values and isinstance(folder, str) and folder.strip():
        return []
    from .plugin import settings_and_pages_problems  # Pelican is imported for this only

    return [problem for problem in settings_and_pages_problems(settings) if problem.is_error]


def _failed(problems: list, output: str):
    """A BuildResult of a build that did not start, for these problems."""
    from .build import BuildResult
    from .index import Project

    return BuildResult(Project(problems=problems), ok=False, output=output)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main():
    """Briefing-site tools: check fact sheets, build the site, scaffold new sheets."""
    for stream in (sys.stdout, sys.stderr):  # a terminal in Latin-1 (PYTHONIOENCODING): `→` and names print escaped,
        if hasattr(stream, "reconfigure"):   # not as a traceback after the site was published
            stream.reconfigure(errors="backslashreplace")


@main.command()
@click.option("--briefings", default=None, type=click.Path(), callback=_sheet_folder,
              help="Fact-sheet folder (default: the settings' BRIEFKIT[\"briefings\"], else briefings).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None, help="Output format (default: text; github under GitHub Actions).")
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option("--settings", type=click.Path(dir_okay=False, exists=True), default=None, callback=_python_file,
              help="Also check these settings and the content pages they name (as `make check` does).")
def check(briefings, fmt, strict, settings):
    """Check every fact sheet and print every problem at once.

    \b
    Examples:
      briefkit check
      briefkit check --briefings other/sheets --format json
      briefkit check --settings pelican.conf.py   # the settings and content pages too
    """
    timings = pipeline.Timings()
    briefings = _briefings_of(briefings, settings)
    try:
        project = pipeline.check(briefings, timings)
    except KeyboardInterrupt:
        click.echo("Check interrupted", err=True)
        sys.exit(130)
    if settings:
        from .plugin import settings_and_pages_problems  # Pelican is imported for this only

        project.problems.extend(settings_and_pages_problems(settings, project))
    _report(project.problems, fmt)
    failed = bool(project.errors) or (strict and bool(project.problems))
    errors = len(project.errors)
    click.echo(f"{'FAILED' if failed else 'OK'}: {counted(len(project.files), 'fact sheet')}, "
               f"{counted(len(project.entities), 'entity', 'entities')}, {counted(errors, 'error')}, "
               f"{counted(len(project.problems) - errors, 'warning')} ({timings.summary()})", err=True)
    sys.exit(1 if failed else 0)


@main.command()
@click.option("--briefings", default=None, type=click.Path(), callback=_sheet_folder,
              help="Fact-sheet folder (default: the settings' BRIEFKIT[\"briefings\"], else briefings).")
@click.option("--output", default="output", show_default=True, type=click.Path(), callback=_not_empty, help="Output folder (replaced atomically).")
@click.option("--settings", default="pelican.conf.py", show_default=True, type=click.Path(dir_okay=False, exists=True), callback=_python_file, help="Pelican settings file.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None, help="Problem format.")
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
def build(briefings, output, settings, fmt, strict):
    """Check the fact sheets, then build the site into OUTPUT.

    On any error nothing is published and OUTPUT is left as it was.

    \b
    Examples:
      briefkit build
      briefkit build --briefings /some/sheets --output /tmp/site
    """
    from .build import build as run_build

    # One build, then the process ends (os._exit, __main__.py): what the build keeps lives until then, and
    # the cyclic collector's passes over it (a third of a second after an edit at 10,000 entities) free
    # nothing. Forked children collect their own garbage (background.collect_own_garbage).
    unusable = _settings_first(briefings, settings)
    briefings = _briefings_of(briefings, settings)
    gc.disable()
    try:
        result = _failed(unusable, output) if unusable else run_build(briefings, output, settings, strict=strict)
    except KeyboardInterrupt as stopped:  # Ctrl-C: the children stopped, the staging folder removed (build.py)
        from .build import InterruptedAfterPublishing

        if isinstance(stopped, InterruptedAfterPublishing):  # it came while publishing, which it does not stop
            number = stopped.args[0] if stopped.args else signal.SIGINT
            click.echo(f"Build {'interrupted' if number == signal.SIGINT else 'stopped (SIGTERM)'} once its site was "
                       f"published; {output} holds this build", err=True)
            sys.exit(128 + number)  # as a shell reports a process ended by the signal
        else:
            click.echo(f"Build interrupted; {output} holds the last build that finished" if os.path.isdir(output) else
                       f"Build interrupted; nothing was published to {output}", err=True)  # a first build (a tester)
        sys.exit(130)
    finally:
        gc.enable()  # for a caller in the same process (CliRunner)
    _report(result.problems, fmt)
    click.echo(result.timings.summary(), err=True)
    click.echo(result.summary(), err=fmt == "json")  # with --format json, stdout is one JSON document
    if result.note():
        click.echo(result.note(), err=True)
    sys.exit(0 if result.ok else 1)


@main.command()
@click.option("--briefings", default=None, type=click.Path(), callback=_sheet_folder,
              help="Fact-sheet folder (default: the settings' BRIEFKIT[\"briefings\"], else briefings).")
@click.option("--output", default="output", show_default=True, type=click.Path(), callback=_not_empty, help="Output folder.")
@click.option("--settings", default="pelican.conf.py", show_default=True, type=click.Path(dir_okay=False, exists=True), callback=_python_file, help="Pelican settings file.")
@click.option("--host", default="127.0.0.1", show_default=True, callback=_given,
              help="Address to listen on (localhost only by default).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on (0: any free one).")
def serve(briefings, output, settings, host, port):
    """Build, serve OUTPUT on localhost, and rebuild whenever an input changes.

    Watches the fact sheets, the theme, content/ (or the folders the settings
    name) and the settings file. A build with errors prints them and keeps
    serving the last good site. A rebuild
    publishes its pages first, then the search index, feeds and downloads (which
    may take seconds on a large site); until then, those are the last build's.

    \b
    Examples:
      briefkit serve
      briefkit serve --briefings other/sheets --port 8080
    """
    from . import history, incremental
    from .load import folder_problems, utf8
    from .outpaths import output_problems
    from .serve import Rebuilder, start_server, watch_and_rebuild

    kept = set(sys.modules)  # before anything runs the settings: the modules they import are imported afresh
    briefings = _briefings_of(briefings, settings)
    # A folder whose path is not UTF-8 cannot be watched (a traceback); serving it would show the fact sheets or the
    # files it holds, and every build would fail
    unusable = (folder_problems(briefings) if not utf8(os.path.abspath(briefings)) else []) or \
        output_problems(output, briefings, settings)
    if unusable:
        _report(unusable, None)
        sys.exit(1)
    rebuild = Rebuilder(briefings, output, settings, click.echo, lambda problems: _report(problems, None), kept)
    rebuild()
    try:
        os.makedirs(output, exist_ok=True)
        server = start_server(output, host, port)
    except OSError as error:
        click.echo(f"Error: cannot serve {output}: {error.strerror or error}", err=True)
        sys.exit(1)
    click.echo(f"Serving {output} on http://{host}:{server.server_port}/ — Ctrl-C to stop")
    rebuild.warm()
    here = os.path.dirname(os.path.abspath(settings))

    def watched() -> list[str]:  # asked again after each rebuild: the settings may name another theme or PATH
        values = incremental.settings_values(settings)
        return [briefings, *[str(f) for f in incremental.site_folders(Path(here), values) if f.is_dir()], settings]

    found, asked = [history.git_dirs(briefings)], [time.monotonic()]

    def head() -> object:  # a commit changes the history pages show; a repository made later too (`git init`)
        # stat calls until there is one, then git, at most every 5 s (a `.git` git refuses: 3 runs a second, a tester)
        if found[0] is None and time.monotonic() - asked[0] > 5 and history.under_git(briefings):
            found[0], asked[0] = history.git_dirs(briefings), time.monotonic()
        return history.head_state(found[0]) if found[0] else None

    try:
        def ready():  # what changed while the first build ran, before the watcher started, is built now
            rebuild.catch_up()
            click.echo(f"Watching {briefings}, the theme, content/ and {settings} for changes")

        watch_and_rebuild(watched, rebuild, ready=ready, state=head)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()


@main.command()
@click.option("--output", type=click.Path(dir_okay=False), default=None,
              help="Write the schema to this file instead of printing it.")
def schema(output):
    """Print the JSON Schema of a fact sheet (for editors' tools).

    The schema (draft 2020-12) is generated from the model. Editors' tools read it for autocomplete and inline errors; the copy in
    schema/fact-sheet.schema.json is regenerated with `make schema`.

    \b
    Examples:
      briefkit schema
      briefkit schema --output schema/fact-sheet.schema.json
    """
    from .schema import schema_json

    text = schema_json()
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        os.makedirs(os.path.dirname(os.path.abspath(output)), exist_ok=True)
        with open(output, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except OSError as error:
        raise click.ClickException(f"cannot write {output}: {error.strerror or error}") from None
    click.echo(f"wrote {output}", err=True)


@main.command()
@click.argument("title")
@click.option("--date", default=None, metavar="DATE", callback=_given,
              help="Publication date of the briefing: YYYY-MM-DD, or YYYY-MM or YYYY when only that is known (default: today).")
@click.option("--briefings", default=None, type=click.Path(file_okay=False), callback=_sheet_folder,
              help="Fact-sheet folder (default: from the working folder up, the first folder that holds a folder "
                   "named briefings, or is one; one given that does not exist is made).")
@click.option("--id", "entity_id", default=None, help="The briefing's id (default: from the title and date).")
def new(title, date, briefings, entity_id):
    """Start a fact sheet for a new article.

    The sheet is BRIEFINGS/<date>-<slug-of-the-title>.yaml (of the --id, for a title in another script).
    Every section is stubbed and explained in comments. The summary and the
    sources are left empty, so `briefkit check` fails, pointing at each field,
    until they are filled. An existing file is never overwritten.

    \b
    Examples:
      briefkit new "US strikes Iranian-backed militias in Syria" --date 2021-02-26
      briefkit new "Rocket attack on Erbil" --briefings other/sheets
    """
    import datetime

    from .scaffold import ScaffoldError, create_sheet, folder_around

    briefings = briefings or folder_around(os.getcwd())
    if briefings is None:  # run from inside another folder: a sheet made here would be one nothing reads (a tester)
        raise click.ClickException("no fact-sheet folder here: no folder named `briefings` in the working folder, "
                                   "above it or around it; run from the project's folder, or give --briefings")
    new_folder = not os.path.isdir(briefings)
    try:
        path, made = create_sheet(title, date or datetime.date.today().isoformat(), briefings, entity_id)
    except ScaffoldError as error:
        raise click.ClickException(str(error)) from None
    if new_folder:  # a mistyped --briefings is seen at once, not when the site lacks the briefing
        click.echo(f"made the folder {shell_path(briefings)}, which did not exist", err=True)
    click.echo(path)
    click.echo(f"Started briefing `{made}`. Fill it in, then run: briefkit check --briefings {shell_path(briefings)}",
               err=True)


@main.command()
@click.argument("kind", type=click.Choice(["actor", "incident", "stake", "source"]))
@click.argument("entity_id", metavar="ID")
@click.option("--to", "sheet", required=True, type=click.Path(dir_okay=False), callback=_utf8_path,
              help="The fact sheet to add to (created if missing).")
@click.option("--briefings", default=None, type=click.Path(file_okay=False),
              help="Fact-sheet folder whose ids must not repeat (default: briefings/ when it holds the sheet, "
                   "else the nearest folder named briefings around it, else briefings/ when there is one, which "
                   "refuses a sheet outside it, else the sheet's folder).")
@click.option("--name", default=None, help="Actor: display name.")
@click.option("--title", default=None, help="Incident, stake or source: title.")
@click.option("--kind", "field_kind", default=None, help="Actor, incident or source: its `kind` field.")
@click.option("--date", default=None, callback=_given, help="Incident or source: date (YYYY-MM-DD, YYYY-MM or YYYY).")
@click.option("--publisher", default=None, help="Source: publisher, e.g. Reuters.")
@click.option("--url", default=None, help="Source: its http(s) address.")
def add(kind, entity_id, sheet, briefings, name, title, field_kind, date, publisher, url):
    """Add a stub KIND with id ID to the fact sheet --to.

    The stub goes at the end of the sheet's list of that kind, and nothing else
    in the file changes (comments and layout stay). Required fields not given
    as options are left empty for `briefkit check` to point at. An id that is
    already defined anywhere in the fact sheets is refused.

    \b
    Examples:
      briefkit add actor kataib-hezbollah --to briefings/2021-02-26-us-strikes.yaml --name "Kataib Hezbollah" --kind armed-group
      briefkit add source reuters-2021-02-25 --to briefings/2021-02-26-us-strikes.yaml --publisher Reuters --url https://example.org/a
      briefkit add incident erbil-rocket-attack-2021-02-15 --to briefings/2021-02-26-us-strikes.yaml --date 2021-02-15
      briefkit add stake iran-nuclear-deal-revival --to briefings/2021-02-26-us-strikes.yaml --title "Reviving the Iran nuclear deal"
    """
    from .scaffold import ScaffoldError, add_entity

    values = {"name": name, "title": title, "kind": field_kind, "date": date, "publisher": publisher, "url": url}
    try:
        root = add_entity(kind, entity_id, sheet, values, briefings)
    except ScaffoldError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Added {kind} `{entity_id}` to {sheet}. Fill in its empty fields, then run: "
               f"briefkit check --briefings {shell_path(root)}", err=True)


def _report(problems, fmt) -> None:
    """Print problems in one place, in the chosen format."""
    fmt = fmt or _default_format()
    if problems or fmt == "json":
        click.echo(render_problems(problems, fmt), err=fmt != "json")


if __name__ == "__main__":
    main()
