"""briefkit: YAML fact sheets in, a cross-linked static briefing site out (via Pelican)."""

__version__ = "0.1.0"
