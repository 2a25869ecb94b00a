"""Pelican settings for the briefing site. `pelican -s pelican.conf.py` builds it; `make html` is the usual way."""

import os

_HERE = os.path.dirname(os.path.abspath(__file__))

SITENAME = "Conflict Briefings"
SITEURL = os.environ.get("SITEURL", "")  # the published address (https://…) for canonical links, feeds, sitemap; unset: https://example.invalid
AUTHOR = "The briefings desk"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"

PATH = "content"
# The output folder is `briefkit build --output` (make's OUTPUTDIR, default output/); `pelican -s` writes output/ too.
THEME = "theme"
THEME_STATIC_DIR = "theme"
PLUGINS = ["briefkit.plugin"]

# Only hand-written pages come from content/; the fact sheets are the plugin's.
ARTICLE_PATHS = []
PAGE_PATHS = ["pages"]
STATIC_PATHS = []
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
PAGE_LANG_URL = "{slug}-{lang}/"  # a translation (`Lang: fr`) of the page at {slug}/
PAGE_LANG_SAVE_AS = "{slug}-{lang}/index.html"
DRAFT_PAGE_SAVE_AS = DRAFT_PAGE_LANG_SAVE_AS = ""  # a page with `Status: draft` is not published
DIRECT_TEMPLATES = []
AUTHOR_SAVE_AS = CATEGORY_SAVE_AS = TAG_SAVE_AS = ""
AUTHORS_SAVE_AS = CATEGORIES_SAVE_AS = TAGS_SAVE_AS = ARCHIVES_SAVE_AS = ""
FEED_ALL_ATOM = FEED_ALL_RSS = CATEGORY_FEED_ATOM = TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None
DELETE_OUTPUT_DIRECTORY = False
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
SLUGIFY_SOURCE = "basename"
JINJA_ENVIRONMENT = {"autoescape": True, "trim_blocks": True, "lstrip_blocks": True}

BRIEFKIT = {
    "briefings": os.environ.get("BRIEFINGS") or os.path.join(_HERE, "briefings"),
    # The forge holding the fact sheets (e.g. https://github.com/org/repo): entity pages then link to their
    # file's history and editor. CI sets REPO_URL; unset, pages still say when they last changed (from git).
    "repo_url": os.environ.get("REPO_URL", ""),
    "repo_branch": os.environ.get("REPO_BRANCH", "main"),
    # Documents per search index: a large site gets several indexes, merged by the search page, and an
    # edit re-indexes only the one holding the edited page. SEARCH_SHARD_SIZE overrides it (the tests do).
    "search_shard_size": int(os.environ.get("SEARCH_SHARD_SIZE") or 1000),
}
