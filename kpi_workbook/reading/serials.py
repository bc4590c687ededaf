"""Excel's date serials: what a serial shows as, and the serial of an ISO 8601 cell.

Apart from the package reader because the rules are Excel's own, with their quirks (a
29 February 1900, two date systems, Strict OOXML's ISO text for dates, times and
durations), and each is pinned by its own tests.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Final

# Day 0 of Excel's two date systems. In the 1900 system serial 60 is 1900-02-29, a day
# that never was (Lotus 1-2-3's leap-year bug, kept by Excel): serials 1-59 are one day
# later than counting from 1899-12-30 gives.
_EPOCH_1900: Final = dt.date(1899, 12, 30)
_EPOCH_1904: Final = dt.date(1904, 1, 1)
_MAX_SERIAL: Final = 2958466  # 10000-01-01: Excel shows ##### from here on
_MS_PER_DAY: Final = 86_400_000

# Strict OOXML's dates and times (ISO/IEC 29500-1 §18.17.4): 2021-04-01, 2021-04-01T13:30,
# 14:02:00.000; a space for the T as some writers put it; fractions of a second of any
# length (Excel writes three digits, .NET writers seven); a zone suffix, which Excel does
# not write, is read as the clock shows.
_ISO_MOMENT_RE: Final = re.compile(
    r"(?:(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2}))?"
    r"(?:(?(year)[T ])(?P<hour>\d{2}):(?P<minute>\d{2})"
    r"(?::(?P<second>\d{2})(?:[.,](?P<fraction>\d+))?)?)?"
    r"(?:Z|[+-]\d{2}(?::?\d{2})?)?")
# How Excel 16 saves an elapsed time ([h]:mm) as Strict OOXML: PT1416H0M0.000S. Years and
# months have no fixed length in days, so a duration holding them is no serial.
_NUMBER: Final = r"\d+(?:[.,]\d+)?"
_ISO_DURATION_RE: Final = re.compile(
    rf"(?P<sign>-)?P(?:(?P<weeks>{_NUMBER})W)?(?:(?P<days>{_NUMBER})D)?"
    rf"(?:T(?=\d)(?:(?P<hours>{_NUMBER})H)?(?:(?P<minutes>{_NUMBER})M)?"
    rf"(?:(?P<seconds>{_NUMBER})S)?)?")
# [h], [mm], [ss]: a format that shows elapsed time, not a time of day.
_ELAPSED_RE: Final = re.compile(r"\[(?:h+|m+|s+)\]", re.IGNORECASE)
_QUOTED_RE: Final = re.compile(r'"[^"]*"')


def _round_half_up(number: float) -> int:
    # Excel rounds a half up when it shows a time (12:00:00.5 shows 12:00:01); Python's
    # round() would go to the even neighbour.
    return math.floor(number + 0.5)


def excel_date_text(serial: float, date1904: bool = False) -> str | None:
    """What Excel shows for a date serial, as ``2021/04/01`` (with ``13:30`` for a time).

    The time is rounded to the second first, as Excel shows it (14:01:59.999 is 14:02);
    below day 1 it is a time of day alone (``14:02``), in either date system.
    None for a serial Excel cannot show as a date (negative or past 9999: it shows #####).
    """
    if not 0 <= serial < _MAX_SERIAL:
        return None
    days = math.floor(serial)
    seconds = _round_half_up((serial - days) * 86400)
    if seconds == 86400:
        days, seconds = days + 1, 0
    clock = f"{seconds // 3600}:{seconds // 60 % 60:02d}" if seconds else ""
    if days == 0 and clock:
        return clock  # a time of day alone, in either date system
    if date1904:
        day = (_EPOCH_1904 + dt.timedelta(days=days)).strftime("%Y/%m/%d")
    elif days == 0:
        day = "1900/01/00"
    elif days == 60:
        day = "1900/02/29"
    else:
        day = (_EPOCH_1900 + dt.timedelta(days=days + (1 if days < 60 else 0))).strftime(
            "%Y/%m/%d")
    return f"{day} {clock}" if clock else day


def _elapsed_unit(fmt: str) -> str | None:
    # "h", "m" or "s": the unit of the first [h]/[mm]/[ss] of the format's first section.
    m = _ELAPSED_RE.search(_QUOTED_RE.sub("", fmt.split(";")[0]))
    return None if m is None else m.group()[1].lower()


def is_elapsed_format(fmt: str) -> bool:
    """True when a number format shows elapsed time (``[h]:mm``), not a time of day."""
    return _elapsed_unit(fmt) is not None


def elapsed_text(days: float, fmt: str = "[h]:mm") -> str:
    """An elapsed time as Excel shows it in an elapsed format: 59 days is ``1416:00`` in
    ``[h]:mm`` (``84960:00`` in ``[mm]:ss``); seconds are added when there are any
    (``1:00:30``)."""
    sign = "-" if days < 0 else ""
    seconds = _round_half_up(abs(days) * 86400)
    unit = _elapsed_unit(fmt) or "h"
    if unit == "s":
        return f"{sign}{seconds}"
    if unit == "m":
        return f"{sign}{seconds // 60}:{seconds % 60:02d}"
    hours, rest = divmod(seconds, 3600)
    text = f"{sign}{hours}:{rest // 60:02d}"
    return f"{text}:{rest % 60:02d}" if rest % 60 else text


def iso_to_serial(text: str, date1904: bool = False) -> float | None:
    """The serial Excel gives an ISO 8601 date or time cell (``t="d"``, as Strict OOXML
    stores them), in the workbook's date system, to the millisecond (the precision Strict
    files hold); None when the text is no such date.

    A time alone (``14:02:00``) is a time of day, serial 0 plus the time.
    """
    m = _ISO_MOMENT_RE.fullmatch(text.strip())
    if m is None or (m["year"] is None and m["hour"] is None):
        return None
    ms = 0
    if m["hour"] is not None:
        hour, minute, second = int(m["hour"]), int(m["minute"]), int(m["second"] or 0)
        if hour > 23 or minute > 59 or second > 59:
            return None
        fraction = _round_half_up(float("0." + m["fraction"]) * 1000) if m["fraction"] else 0
        ms = ((hour * 60 + minute) * 60 + second) * 1000 + fraction
    days = 0
    if m["year"] is not None:
        year, month, day_no = int(m["year"]), int(m["month"]), int(m["day"])
        if (year, month, day_no) == (1900, 2, 29) and not date1904:
            return 60 + ms / _MS_PER_DAY  # the day Excel's 1900 system has and no calendar
        try:
            day = dt.date(year, month, day_no)
        except ValueError:
            return None
        if date1904:
            days = (day - _EPOCH_1904).days
        else:
            days = (day - _EPOCH_1900).days
            if days < 61:  # before 1900-03-01: Excel's day count has its 29 February
                days -= 1
    return days + ms / _MS_PER_DAY


def iso_duration_days(text: str) -> float | None:
    """The days of an ISO 8601 duration (``PT1416H0M0.000S`` is 59), to the millisecond,
    as Excel holds an elapsed time; None when the text is no duration Excel writes."""
    m = _ISO_DURATION_RE.fullmatch(text.strip())
    if m is None or not any(m[part] for part in ("weeks", "days", "hours", "minutes",
                                                 "seconds")):
        return None

    def number(part: str) -> float:
        return float((m[part] or "0").replace(",", "."))

    seconds = ((((number("weeks") * 7 + number("days")) * 24 + number("hours")) * 60
                + number("minutes")) * 60 + number("seconds"))
    days = _round_half_up(seconds * 1000) / _MS_PER_DAY
    return -days if m["sign"] and days else days
