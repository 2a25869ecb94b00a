"""Stage 4b, render: page contexts through the theme's Jinja templates into HTML strings."""

from __future__ import annotations

from functools import cache

import jinja2

from .views import PageSpec, Views


@cache
def environment(templates: str) -> jinja2.Environment:
    """The Jinja environment for our pages: autoescaped, strict about undefined names."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


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
    global _STATE
    if jobs <= 1 or len(specs) < 4 * CHUNK:
        for spec in specs:
            yield (spec, *render_page(views, spec, templates, extra))
        return
    import gc
    import multiprocessing

    _STATE = (views, specs, templates, extra)
    bounds = [(i, min(i + CHUNK, len(specs))) for i in range(0, len(specs), CHUNK)]
    gc.freeze()  # children share the project's pages instead of copying them on the first collection
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            for (start, _), pages in zip(bounds, pool.imap(_render_chunk, bounds)):
                for spec, (html, reads) in zip(specs[start : start + len(pages)], pages):
                    yield spec, html, reads
    finally:
        _STATE = None
        gc.unfreeze()
