"""Stage 4b, render: page contexts through the theme's Jinja templates into HTML strings."""

from __future__ import annotations

import gc
from functools import cache

import jinja2
from markupsafe import Markup, escape

from .views import PageSpec, Views


def _output(value) -> str:
    """What `{{ value }}` writes: Markup as it is, a string escaped, anything else through markupsafe.

    The same text as markupsafe.escape (the same entities), without its copies: the
    pieces of a page are joined into one string, so they need not be Markup themselves.
    """
    kind = value.__class__
    if kind is Markup:
        return value
    if kind is str:
        if "&" in value or "<" in value or ">" in value or '"' in value or "'" in value:
            return (value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                    .replace('"', "&#34;").replace("'", "&#39;"))
        return value
    return escape(value)


class _Template(jinja2.Template):
    """A compiled template whose output expressions escape through _output.

    Jinja's generated code calls the name `escape` only to write `{{ … }}` with
    autoescape on (compiler.py); every other use of Markup is untouched.
    """

    @classmethod
    def from_code(cls, environment, code, globals, uptodate=None):
        namespace = {"environment": environment, "__file__": code.co_filename}
        exec(code, namespace)
        namespace["escape"] = _output
        template = cls._from_namespace(environment, namespace, globals)
        template._uptodate = uptodate
        return template


class _Environment(jinja2.Environment):
    """Jinja's environment, with `x.name` on a dict looking the key up first.

    Page contexts are plain dicts; Jinja's own order (attribute, then key) pays a
    raised AttributeError on every such lookup. A key named like a dict method
    (`items`) wins over the method, so templates write `x["items"]` either way.
    """

    template_class = _Template

    def getattr(self, obj, attribute):
        if type(obj) is dict:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


@cache
def environment(templates: str) -> jinja2.Environment:
    """The Jinja environment for our pages: autoescaped, strict about undefined names."""
    return _Environment(
        loader=jinja2.FileSystemLoader(templates),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        auto_reload=False,  # see reload_changed
    )


def reload_changed(templates: str) -> None:
    """Forget the compiled templates when a template file changed since it was loaded.

    The environment does not check the files on every page (`auto_reload` is off, which saves a `stat`
    per template per page); a run checks them once, so `make serve` picks up an edited template.
    """
    env = environment(templates)
    if env.cache is not None and any(not template.is_up_to_date for template in env.cache.values()):
        env.cache.clear()


def render_page(views: Views, spec: PageSpec, templates: str, extra: dict) -> tuple[str, list[str]]:
    """The HTML of one page, and the sorted tokens its context read (for incremental builds)."""
    context = views.context(spec)
    context.update(extra)
    return environment(templates).get_template(spec.template).render(context), sorted(views.reads)


# Worker state, set before the pool forks so that children inherit it
# instead of receiving the whole project by pickle.
_STATE: tuple | None = None
CHUNK = 64


def _render_chunk(bounds: tuple[int, int]) -> list[tuple[str, list[str]]]:
    """Render pages start..end of the shared plan (runs in a worker)."""
    views, specs, templates, extra = _STATE
    return [render_page(views, specs[i], templates, extra) for i in range(*bounds)]


def render_all(views: Views, specs: list[PageSpec], templates: str, extra: dict, jobs: int = 1):
    """Yield (spec, html, reads) for every page in plan order, rendering on `jobs` processes."""
    reload_changed(templates)
    # The project is read-only while pages render: the collector leaves it alone instead of walking it
    # again and again (and forked children share its pages instead of copying them on the first collection).
    gc.freeze()
    try:
        if jobs <= 1 or len(specs) < 4 * CHUNK:
            for spec in specs:
                yield (spec, *render_page(views, spec, templates, extra))
        else:
            yield from _render_forked(views, specs, templates, extra, jobs)
    finally:
        gc.unfreeze()


def _render_forked(views: Views, specs: list[PageSpec], templates: str, extra: dict, jobs: int):
    """render_all on a pool of forked workers, in chunks of CHUNK pages."""
    global _STATE
    import multiprocessing

    _STATE = (views, specs, templates, extra)
    bounds = [(i, min(i + CHUNK, len(specs))) for i in range(0, len(specs), CHUNK)]
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            for (start, _), pages in zip(bounds, pool.imap(_render_chunk, bounds)):
                for spec, (html, reads) in zip(specs[start : start + len(pages)], pages):
                    yield spec, html, reads
    finally:
        _STATE = None
