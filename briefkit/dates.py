"""Full and partial dates (`YYYY-MM-DD`, `YYYY-MM`, `YYYY`) as FORMAT.md defines them."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

MONTHS = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)
_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")  # ASCII digits: `\d` also takes ２ and ٢


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the day, the month or the year; sorts before full dates in its period."""

    year: int
    month: int = 0
    day: int = 0

    @property
    def precision(self) -> str:
        """`day`, `month` or `year`."""
        return "day" if self.day else "month" if self.month else "year"

    def iso(self) -> str:
        """The date as written in a fact sheet."""
        parts = [f"{self.year:04d}"]
        if self.month:
            parts.append(f"{self.month:02d}")
        if self.day:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)

    def text(self) -> str:
        """The date in words: "25 February 2021", "February 2021", "2021"."""
        if self.day:
            return f"{self.day} {MONTHS[self.month - 1]} {self.year}"
        if self.month:
            return f"{MONTHS[self.month - 1]} {self.year}"
        return str(self.year)

    def first_day(self) -> tuple[int, int, int]:
        """The earliest day the date can mean."""
        return (self.year, self.month or 1, self.day or 1)

    def last_day(self) -> tuple[int, int, int]:
        """The latest day the date can mean."""
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return (self.year, month, day)

    def __str__(self) -> str:
        return self.iso()


def shown_end(start: PartialDate, end: PartialDate | None) -> PartialDate | None:
    """The end of a period worth showing after its start: None when there is none, or when it begins on the start's
    first day or before (the same date, or `2021-03` ending `2021-03-27`: its month holds the start and says no more)."""
    return end if end and end.first_day() > start.first_day() else None


def parse_date(text: str) -> PartialDate | str:
    """A PartialDate, or a message saying why the text is not one."""
    match = _DATE.fullmatch(text)
    if not match:
        return f"`{text}` is not a date; write YYYY-MM-DD, YYYY-MM or YYYY"
    year, month, day = (int(g) if g else 0 for g in match.groups())
    if year < 1:
        return f"`{text}` is not a date: there is no year 0"
    if match.group(2) is not None and not 1 <= month <= 12:
        return f"`{text}` is not a date: month {month} does not exist"
    if match.group(3) is not None:
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            return f"`{text}` is not a date: {MONTHS[month - 1]} {year} has {last} days"
    return PartialDate(year, month, day)
