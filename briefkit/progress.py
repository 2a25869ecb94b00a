"""A progress bar for long stages, drawn with rich (Pelican's own console library) on a terminal only.

It appears once a stage has run for `delay` seconds, so short builds print
nothing but their summary, and it clears itself when the stage ends. Piped
output (CI logs, tests) never sees it.
"""

from __future__ import annotations

import time

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress as Bar, TextColumn, TimeElapsedColumn


class Progress:
    """Count work done towards `total`; show a bar on a terminal when it takes longer than `delay` seconds."""

    def __init__(self, label: str, total: int, delay: float = 2.0, console: Console | None = None):
        self.label, self.total, self.delay, self.done = label, total, delay, 0
        self.console = console or Console(stderr=True)
        self.enabled = self.console.is_terminal and total > 0
        self.started = time.perf_counter()
        self.bar: Bar | None = None

    def advance(self, count: int = 1) -> None:
        """Add `count` to the work done (and draw, at most ten times a second, rich's default)."""
        self.done += count
        if not self.enabled:
            return
        if self.bar is None:
            if time.perf_counter() - self.started < self.delay:
                return
            self.bar = Bar(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                           console=self.console, transient=True)
            self.bar.start()
            self.task = self.bar.add_task(self.label, total=self.total)
        self.bar.update(self.task, completed=self.done)

    def close(self) -> None:
        """Remove the bar, if one was drawn."""
        if self.bar is not None:
            self.bar.stop()
            self.bar = None

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
