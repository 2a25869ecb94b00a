"""Stage 4b, render: page contexts through the theme's Jinja templates into HTML strings."""

from __future__ import annotations

import functools
import gc
import hashlib
import os
import sys
from pathlib import Path

import jinja2
import jinja2.bccache
from markupsafe import Markup, escape

from . import bidi, cache
from .background import in_workers
from .languages import language_name
from .content import rebased
from .markup import plain_text, unique_region_labels
from .views import PageSpec, Views, root_of


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


class _SignedBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept in the cache folder (cache.py), each file signed with this user's key.

    Compiling the templates costs about half a second a build. But loading compiled code runs it,
    and the cache folder can come from a pull request: a file is read only when its HMAC is this
    user's (cache.read_signed), before Jinja unpickles or unmarshals any of it.
    """

    def __init__(self, salt: str):
        self.salt = salt

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        """Jinja's key (name and file), with the code that compiles: another version never shares a file."""
        return hashlib.sha256(f"{self.salt}\0{name}\0{filename}".encode()).hexdigest()[:32]

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        payload = cache.read_signed(self._path(bucket))
        if payload is not None:
            bucket.bytecode_from_string(payload)  # Jinja checks the template's source checksum

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        cache.write_signed(self._path(bucket), bucket.bytecode_to_string())

    @staticmethod
    def _path(bucket: jinja2.bccache.Bucket) -> Path:
        return cache.folder() / f"template-{bucket.key}.jinja"


def _compiler_version() -> str:
    """What compiled code depends on besides a template's source: this module (options), Jinja, Python."""
    return hashlib.sha256(Path(__file__).read_bytes() + f"{jinja2.__version__} {sys.version}".encode()).hexdigest()


def share_compiled(env: jinja2.Environment) -> None:
    """Let another Jinja environment (Pelican's, for the content pages) keep its compiled templates in our cache.

    Compiled code depends on the environment's options too, so they join the key: the same
    template compiled by our environment and by Pelican's is kept twice. Options given as
    functions (a `select_autoescape`, a `finalize`) have no stable key: then nothing is kept.
    """
    if callable(env.autoescape) or env.finalize is not None:
        return
    options = (env.block_start_string, env.block_end_string, env.variable_start_string, env.variable_end_string,
               env.comment_start_string, env.comment_end_string, env.line_statement_prefix, env.line_comment_prefix,
               env.trim_blocks, env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline, env.optimized,
               sorted(env.extensions), env.autoescape, env.is_async, type(env).__qualname__, env.template_class.__qualname__)
    env.bytecode_cache = _SignedBytecodeCache(f"{_compiler_version()} {options!r}")


@functools.cache
def environment(templates: str) -> jinja2.Environment:
    """The Jinja environment for our pages: autoescaped, strict about undefined names."""
    env = _Environment(
        loader=jinja2.FileSystemLoader(templates),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        auto_reload=False,  # see reload_changed
        bytecode_cache=_SignedBytecodeCache(_compiler_version()),
    )
    # right-to-left text in editors' fields (bidi.py)
    env.filters.update(bidi=bidi.isolate, dir=bidi.dir_attribute, isolated=bidi.isolated_text,
                       language_name=language_name)
    env.filters["plain"] = plain_text  # a content page's description: struck-through text left out, as in every plain text
    env.filters["root_of"] = root_of  # a content page's way back to the root (page.html, which Pelican's environment renders)
    env.filters["rebased"] = rebased  # and its links from the root, written from its folder
    env.filters["number"] = "{:,}".format  # `1,995`: every count a page shows is written so (a tester)
    env.filters["country"] = _country_name  # `IQ` shown as `Iraq`: readers do not decode ISO codes (a tester)
    return env


def _country_name(code: str | None) -> str:
    """A country code as its name, for the templates (`country` filter); "" for none."""
    from .navigation import country_name  # navigation.py builds on views.py, which this module imports

    return country_name(code) if code else ""


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
    html = environment(templates).get_template(spec.template).render(context)
    return unique_region_labels(html), sorted(views.reads)


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
    jobs = fitting_jobs(jobs, *_memory()) if jobs > 1 and len(specs) >= 4 * CHUNK else jobs
    try:
        if jobs <= 1 or len(specs) < 4 * CHUNK:
            for spec in specs:
                yield (spec, *render_page(views, spec, templates, extra))
        else:
            yield from _render_forked(views, specs, templates, extra, jobs)
    finally:
        gc.unfreeze()


def fitting_jobs(jobs: int, available: int | None, size: int | None) -> int:
    """The render processes the free memory holds (at least one; one renders here, unforked): a forked worker
    shares this process's pages at first, but CPython's reference counts write to every object it touches, so
    each grows towards this process's size (1.5 GB at 50,000 entities), and a machine with less free memory than
    that many copies would kill the build."""
    if not available or not size:
        return jobs  # not known (not Linux): as asked
    return min(jobs, max(1, int(available // size)))


def _memory() -> tuple[int | None, int | None]:
    """(MemAvailable, this process's resident size) in bytes, from /proc; None for what cannot be read."""
    try:
        with open("/proc/meminfo") as handle:
            available = next((int(line.split()[1]) * 1024 for line in handle if line.startswith("MemAvailable:")), None)
        with open("/proc/self/statm") as handle:
            size = int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None, None
    return available, size


def _render_forked(views: Views, specs: list[PageSpec], templates: str, extra: dict, jobs: int):
    """render_all on a pool of forked workers, in chunks of CHUNK pages."""
    global _STATE

    _STATE = (views, specs, templates, extra)
    bounds = [(i, min(i + CHUNK, len(specs))) for i in range(0, len(specs), CHUNK)]
    try:
        for (start, _), pages in zip(bounds, in_workers(_render_chunk, bounds, jobs)):
            for spec, (html, reads) in zip(specs[start : start + len(pages)], pages):
                yield spec, html, reads
    finally:
        _STATE = None
