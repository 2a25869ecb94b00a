"""Static files the theme needs that are generated, not hand-written: written by the plugin on every build."""

from __future__ import annotations

from . import pictures

# output path -> text. pictures.STYLESHEET is the one copy of the SVG pictures' CSS (light, dark, print).
GENERATED = {"theme/css/pictures.css": pictures.STYLESHEET}
