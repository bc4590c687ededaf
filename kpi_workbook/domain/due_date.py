"""公表予定 as departments type it (``R8.5``, ``2026年5月``, a date cell), and whether it
has passed (docs/kpi-layout.md §2.3)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Final

from kpi_workbook.domain.labels import normalize_text

_ERAS: Final = {"令和": 2018, "R": 2018, "平成": 1988, "H": 1988}
# 2026年5月, 2026年5月20日, 2026/5, 2026-05, 2026.5, R8.5, R8年5月, 令和8年5月20日, H29.5
_DUE_RE = re.compile(
    r"^(?:(?P<era>令和|平成|R|H)(?P<n>\d{1,2}|元)|(?P<western>(?:19|20|21)\d\d))"
    r"(?:年|[./-])(?P<month>\d{1,2})(?:月)?(?:(?:[./-]|月)?(?P<day>\d{1,2})日?)?"
    r"(?:頃|ごろ|予定|上旬|中旬|下旬)?$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class DueDate:
    """A 公表予定: a month, or a day."""

    year: int
    month: int
    day: int | None = None

    def label(self) -> str:
        """``2026年5月`` or ``2026年5月20日``: how 集計一覧 and the messages show it."""
        day = f"{self.day}日" if self.day is not None else ""
        return f"{self.year}年{self.month}月{day}"

    @property
    def last_day(self) -> dt.date:
        """The last day the figure is still on time (a month: its last day)."""
        if self.day is not None:
            return dt.date(self.year, self.month, self.day)
        return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    def passed(self, today: dt.date) -> bool:
        return today > self.last_day


def parse_due_date(raw: object) -> DueDate | None:
    """A 公表予定 as typed: ``R8.5``, ``令和8年5月``, ``2026年5月``, ``2026/5/20``, or a date
    cell (Excel's 2026/5/20); None when it cannot be read as a month or a day."""
    if isinstance(raw, dt.datetime):
        return DueDate(raw.year, raw.month, raw.day)
    if isinstance(raw, dt.date):
        return DueDate(raw.year, raw.month, raw.day)
    if not isinstance(raw, str):
        return None
    m = _DUE_RE.match(normalize_text(raw))
    if not m:
        return None
    if m.group("western"):
        year = int(m.group("western"))
    else:
        era = m.group("era")
        n = 1 if m.group("n") == "元" else int(m.group("n"))
        year = _ERAS[era.upper() if len(era) == 1 else era] + n
    month = int(m.group("month"))
    day = int(m.group("day")) if m.group("day") else None
    try:
        due = DueDate(year, month, day)
        _ = due.last_day  # a month 13 or a 31 February is no date
    except ValueError:
        return None
    return due
