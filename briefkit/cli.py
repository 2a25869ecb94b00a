"""The editors' command line: a thin wrapper over the library.

Examples:

    briefkit check                       # every problem in briefings/, at once
    briefkit check --format github       # as GitHub annotations
    briefkit build --output output       # check, then build the site
"""

from __future__ import annotations

import os
import sys

import click

from . import pipeline
from .problems import render as render_problems

FORMATS = ("text", "github", "json")


def _default_format() -> str:
    """GitHub annotations inside GitHub Actions, plain text elsewhere."""
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main():
    """Briefing-site tools: check fact sheets, build the site, scaffold new sheets."""


@main.command()
@click.option("--briefings", default="briefings", show_default=True, type=click.Path(file_okay=False), help="Fact-sheet folder.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None, help="Output format (default: text; github under GitHub Actions).")
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
def check(briefings, fmt, strict):
    """Check every fact sheet and print every problem at once.

    \b
    Examples:
      briefkit check
      briefkit check --briefings other/sheets --format json
    """
    timings = pipeline.Timings()
    project = pipeline.check(briefings, timings)
    _report(project.problems, fmt)
    failed = bool(project.errors) or (strict and bool(project.problems))
    errors = len(project.errors)
    click.echo(f"{'FAILED' if failed else 'OK'}: {len(project.files)} fact sheets, {len(project.entities)} entities, "
               f"{errors} errors, {len(project.problems) - errors} warnings ({timings.summary()})", err=True)
    sys.exit(1 if failed else 0)


@main.command()
@click.option("--briefings", default="briefings", show_default=True, type=click.Path(file_okay=False), help="Fact-sheet folder.")
@click.option("--output", default="output", show_default=True, type=click.Path(file_okay=False), help="Output folder (replaced atomically).")
@click.option("--settings", default="pelican.conf.py", show_default=True, type=click.Path(dir_okay=False, exists=True), help="Pelican settings file.")
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

    result = run_build(briefings, output, settings, strict=strict)
    _report(result.problems, fmt)
    click.echo(result.timings.summary(), err=True)
    click.echo(result.summary())
    sys.exit(0 if result.ok else 1)


@main.command()
@click.option("--briefings", default="briefings", show_default=True, type=click.Path(file_okay=False), help="Fact-sheet folder.")
@click.option("--output", default="output", show_default=True, type=click.Path(file_okay=False), help="Output folder.")
@click.option("--settings", default="pelican.conf.py", show_default=True, type=click.Path(dir_okay=False, exists=True), help="Pelican settings file.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (localhost only by default).")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
def serve(briefings, output, settings, host, port):
    """Build, serve OUTPUT on localhost, and rebuild whenever an input changes.

    Watches the fact sheets, the theme, content/ and the settings file. A build
    with errors prints them and keeps serving the last good site.

    \b
    Examples:
      briefkit serve
      briefkit serve --briefings other/sheets --port 8080
    """
    from .build import build as run_build
    from .serve import start_server, watch_and_rebuild

    def rebuild():
        result = run_build(briefings, output, settings)
        _report(result.problems, None)
        click.echo(result.summary())

    rebuild()
    os.makedirs(output, exist_ok=True)
    server = start_server(output, host, port)
    click.echo(f"Serving {output} on http://{host}:{server.server_port}/ — Ctrl-C to stop")
    here = os.path.dirname(os.path.abspath(settings))
    try:
        watch_and_rebuild([briefings, os.path.join(here, "theme"), os.path.join(here, "content"), settings], rebuild)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()


def _report(problems, fmt) -> None:
    """Print problems in one place, in the chosen format."""
    fmt = fmt or _default_format()
    if problems or fmt == "json":
        click.echo(render_problems(problems, fmt), err=fmt != "json")


if __name__ == "__main__":
    main()
