"""Full and partial dates (`YYYY-MM-DD`, `YYYY-MM`, `YYYY`) as FORMAT.md defines them."""

from __future__ import annotations

import calendar
import re
import unicodedata
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


def shown_update(date: PartialDate, updated: PartialDate | None) -> PartialDate | None:
    """A briefing's `updated` worth showing: as shown_end, and also the very day of its date (published in the
    morning, updated that afternoon: news, where a one-day period's end is not; a tester)."""
    if updated is not None and updated == date and updated.precision == "day":
        return updated
    return shown_end(date, updated)


def parse_date(text: str, one_date: str = "") -> PartialDate | str:
    """A PartialDate, or a message saying why the text is not one. one_date: what holds the date when it has no end
    of its own (`a briefing`), for the hint of a period written as one date."""
    match = _DATE.fullmatch(text)
    if not match:
        return f"`{_clipped(text)}` is not a date; write YYYY-MM-DD, YYYY-MM or YYYY{_meant(text, one_date)}"
    year, month, day = (int(g) if g else 0 for g in match.groups())
    if year < 1:
        return f"`{text}` is not a date: there is no year 0"
    if match.group(2) is not None and month == 0 or match.group(3) is not None and day == 0:
        known = f"{year:04d}" if month == 0 else f"{year:04d}-{month:02d}"
        return f"`{text}` is not a date: a part not known is left out, not written 00; write {known}"
    if match.group(2) is not None and not 1 <= month <= 12:
        return f"`{text}` is not a date: month {month} does not exist"
    if match.group(3) is not None:
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            return f"`{text}` is not a date: {MONTHS[month - 1]} {year} has {last} days"
    return PartialDate(year, month, day)


_NUMERIC = re.compile(r"([0-9]{1,4})(?:[/.\-]|\s+)([0-9]{1,2})(?:[/.\-]|\s+)([0-9]{1,4})")  # 24/06/2023, 2023 06 24
_YEAR_MONTH = re.compile(r"([0-9]{4})[/\-]([0-9]{1,2})")  # 1992-5, 1992/05 (not 2021.5: a decimal year?)
_MONTH_YEAR = re.compile(r"([0-9]{1,2})[/\-]([0-9]{4})")  # 05/1992
_TIME = re.compile(r"(?:T|\s+)[0-9]{1,2}:[0-9]{2}")  # after a date: 2021-02-25T10:00, 2021-02-25 10:00
_EAST_ASIAN = re.compile(r"([0-9]{4})\s*[年년](?:\s*([0-9]{1,2})\s*[月월](?:\s*([0-9]{1,2})\s*[日일])?)?")  # 2010年9月7日
_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2212", "-"))  # hyphens, dashes and minus: `-`
_MONTH_NAMES = {name.lower(): n for n, name in enumerate(MONTHS, 1)} | {
    name[:3].lower(): n for n, name in enumerate(MONTHS, 1)} | {"sept": 9}
# `9 June 2019`, `June 9, 2019`, and with a comma after the month (`6 April, 1994`, `April, 1994`: a tester)
_WORDS = re.compile(r"(?:([0-9]{1,2})(?:st|nd|rd|th)?\s+)?([A-Za-z]+)\.?,?(?:\s+([0-9]{1,2})(?:st|nd|rd|th)?,?)?\s+([0-9]{4})")


def _clipped(text: str, limit: int = 60) -> str:
    """text as a message shows it: at most limit characters (a 100,000-character value made a 100 KB line)."""
    return text if len(text) <= limit else text[:limit] + "…"


def _meant(text: str, one_date: str = "") -> str:
    """`; did you mean `2023-06-24`?` for a date written another common way (24/06/2023, June 2023, 9 June 2019),
    both readings when day and month could be either (06/09/2019), else ""."""
    readings = _readings(text.strip())
    calendar = _other_calendar(text, readings)
    if calendar:
        return calendar
    found = [PartialDate(y, m, d).iso() for y, m, d in readings]
    found = [date for date in dict.fromkeys(found) if _is_date(date)]
    if not found:
        return _period(text.strip(), one_date)
    return f"; did you mean `{found[0]}`?" if len(found) == 1 else \
        f"; did you mean `{found[0]}` or `{found[1]}` (the day and the month could be either)?"


def _other_calendar(text: str, readings: list[tuple[int, int, int]]) -> str:
    """The hint for a date in Thai digits of the Buddhist Era (`๒๕๕๗-๐๕-๒๒`: 2014-05-22) or in Persian or Arabic
    digits of a Hijri calendar (`۱۴۰۱-۰۶-۲۵`), as Thai and Iranian papers date them, else "": read digit by digit,
    they were offered as dates centuries off (a tester)."""
    if not readings:
        return ""
    year = readings[0][0]  # a day first (`๒๒/๐๕/๒๕๕๗`) reads two ways, of one year (a reviewer)
    if _THAI_DIGITS.search(text) and 2400 <= year <= 2700:
        meant = [iso for y, m, d in readings if _is_date(iso := PartialDate(y - 543, m, d).iso())]
        return f"; did you mean {' or '.join(f'`{iso}`' for iso in dict.fromkeys(meant))}? {buddhist_era(year)}" \
            if meant else ""
    if _PERSIAN_DIGITS.search(text) and 1300 <= year <= 1500:  # a lunar year too (1445), in Arabic digits as well:
        return ("; it reads as a date of a Hijri calendar (Iran's papers write the solar one, others the lunar): "
                "write its Gregorian date")  # offered digit for digit, it was 621 years off (a reviewer)
    for digits, low, high, calendar, ahead in _LOCAL_CALENDARS:  # `२०७९-०८-१०` was offered as 2079-08-10 (a tester)
        if digits.search(text) and low <= year <= high:
            return (f"; it reads as a date of the {calendar} (about {abs(ahead)} years {'ahead of' if ahead > 0 else 'behind'}"
                    " the Gregorian): write its Gregorian date")
    return ""


def buddhist_era(year: int) -> str:
    """What to say of a year that may be of the Buddhist Era (Thai dates): its Gregorian year."""
    return f"(the Buddhist Era's {year}, Thailand's calendar, is {year - 543})"


_THAI_DIGITS = re.compile("[\u0e50-\u0e59]")
# The calendars papers date in with their own digits, the years of this era they read as, and their lead on the
# Gregorian year: Nepal's Bikram Sambat (Devanagari), the Bangla calendar (Bengali), the Myanmar Era (Burmese).
# Bikram Sambat's years from 2070 are past any Gregorian date a sheet holds (Indian papers write Gregorian years in
# Devanagari digits: `२०२१`).
_LOCAL_CALENDARS = ((re.compile("[\u0966-\u096f]"), 2070, 2150, "Bikram Sambat, Nepal's calendar", 57),
                    (re.compile("[\u09e6-\u09ef]"), 1300, 1500, "Bangla calendar", -593),
                    (re.compile("[\u1040-\u1049]"), 1300, 1450, "Myanmar Era, Myanmar's calendar", -638))
_PERSIAN_DIGITS = re.compile("[\u0660-\u0669\u06f0-\u06f9]")  # and Arabic-Indic: a Hijri date written either way


def _is_date(iso: str) -> bool:
    """True for a reading in the ISO form that is a date. Only such text is parsed: `2021-02-250`, read as day 250, is
    none, and parsing it asked for its own hint again, for ever (a tester's RecursionError)."""
    return bool(_DATE.fullmatch(iso)) and not isinstance(parse_date(iso), str)


_PERIOD = re.compile(r"\s*(?:[–—]|\s-\s|\sto\s|/)\s*")  # between a period's ends: `26–29 November 2008`, `… to …`
_YEARS = re.compile(r"([0-9]{4})\s*-\s*([0-9]{4})")


def _period(text: str, one_date: str = "") -> str:
    """The hint for a period written as one date (`26–29 November 2008`, `2024-01-12/13`, `… to …`): its first and last
    days, each in its own field (or, one_date, the first: a briefing or a source has no end of its own, a tester);
    else "". A one-day end or start takes the month and year of the other end. Only a short text is looked at: a
    value of 100,000 slashes would be read 100,000 times."""
    years = _YEARS.fullmatch(text.translate(_DASHES))  # `1988-1989`: a hyphen, which any date holds (a tester)
    if years and 0 < int(years.group(1)) < int(years.group(2)):
        return _ends_hint("year", years.group(1), years.group(2), one_date)
    for found in _PERIOD.finditer(text) if len(text) <= 60 else ():
        first, last = text[: found.start()], text[found.end() :]
        if first.isdigit() and len(first) <= 2:  # `26–29 November 2008`: the start's month and year are the end's
            first = f"{first} {last.split(None, 1)[1]}" if " " in last else first
        ends = [_readings(part) for part in (first, last)]
        if ends[0] and not ends[1] and last.isdigit() and len(last) <= 2:  # `2024-01-12/13`
            ends[1] = [(ends[0][0][0], ends[0][0][1], int(last))]
        if all(len(end) == 1 for end in ends):
            dates = [PartialDate(*end[0]) for end in ends]
            if all(_is_date(d.iso()) for d in dates) and dates[0].first_day() < dates[1].first_day():
                return _ends_hint("day", dates[0].iso(), dates[1].iso(), one_date)
    return ""


def _ends_hint(unit: str, first: str, last: str, one_date: str) -> str:
    """Where a period's ends go: each in its own field, or (one_date) the first alone."""
    if one_date:
        return f"; {one_date} has one date: write `{first}`, and say the period in its text"
    return (f"; for a period, write its first {unit} here and its last in the field of its end (`end_date`, a role's "
            f"`to`): `{first}` and `{last}`")


def _readings(text: str) -> list[tuple[int, int, int]]:
    """The (year, month, day) text may mean: none, one, or two when day and month could be either."""
    # Read in ASCII digits and dashes: ２０１０/９/７, typed with a Japanese input method, had been offered its year
    # alone, the rest of what it said dropped (a tester).
    plain = "".join(str(unicodedata.digit(c)) if c.isdigit() else c for c in unicodedata.normalize("NFKC", text))
    text = plain.translate(_DASHES)  # 2021–08–03, typed or pasted with another dash
    east_asian = _EAST_ASIAN.fullmatch(text)
    if east_asian:  # 2010年9月7日, 2010년 9월 7일, 2021 年 2 月 25 日
        return [tuple(int(g) if g else 0 for g in east_asian.groups())]
    iso = _DATE.match(text)  # ２０２１-０２-２５, ٢٠٢١, 2021-02-25T10:00:00: the ISO date in other digits, or with a time
    # followed by a time or by words (`2010 approx`), not by more of the date (`2021 02 25`: its year alone dropped
    # the rest, a tester)
    rest = text[iso.end() :] if iso else ""
    if iso and (not rest or _TIME.match(rest) or rest[:1] == " " and not any(c.isdigit() for c in rest)):
        return [tuple(int(g) if g else 0 for g in iso.groups())]
    year_month = _YEAR_MONTH.fullmatch(text)
    if year_month:  # 1992-5
        return [(int(year_month.group(1)), int(year_month.group(2)), 0)]
    month_year = _MONTH_YEAR.fullmatch(text)
    if month_year:  # 05/1992
        return [(int(month_year.group(2)), int(month_year.group(1)), 0)]
    numeric = _NUMERIC.fullmatch(text)
    if numeric:
        a, b, c = (int(g) for g in numeric.groups())
        if len(numeric.group(1)) == 4:
            return [(a, b, c)]  # 2023/06/24
        if len(numeric.group(3)) != 4:
            return []
        return [(c, b, a), (c, a, b)] if a != b else [(c, b, a)]  # day first (most of the world), month first (US)
    words = _WORDS.fullmatch(text)
    if words:
        month = _MONTH_NAMES.get(words.group(2).lower())
        day = words.group(1) or words.group(3)
        return [(int(words.group(4)), month, int(day) if day else 0)] if month else []
    return []
