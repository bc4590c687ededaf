"""Japanese fiscal years (年度) as departments write them, and project periods.

A fiscal year runs April to March and is named by the western year it starts in:
令和n年度 = 2018+n (令和元年度 = 2019), 平成n年度 = 1988+n, ``R3``/``H30`` abbreviations
and western ``2021年度`` (spec §1.1).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Final

from kpi_workbook.domain.labels import normalize_text

_ERAS: Final[dict[str, int]] = {"令和": 2018, "R": 2018, "平成": 1988, "H": 1988}
_ERA_LIMITS: Final[dict[int, int]] = {2018: 99, 1988: 31}  # 平成 ended in its 31st year

_YEAR_RE = re.compile(
    r"^(?:(?P<era>令和|平成|R|H)\.?(?P<n>\d{1,2}|元)|(?:FY)?(?P<western>(?:19|20|21)\d\d))"
    r"(?:年度|年)?$",
    re.IGNORECASE,
)
# 「～」 is NFKC-normalised to "~"; 〜 (U+301C), dashes and から are the other separators.
_SEPARATOR_RE = re.compile(r"~|〜|-|‐|−|–|—|―|から")

_KANJI_DIGITS: Final = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
                        "八": 8, "九": 9, "十": 10}
_ORDINAL_RE = re.compile(r"^(?P<n>\d{1,2}|[一二三四五六七八九十])年目$")


@dataclass(frozen=True, slots=True)
class Period:
    """事業期間 as fiscal years, both ends included."""

    start: int
    end: int

    @property
    def years(self) -> list[int]:
        return list(range(self.start, self.end + 1))

    def __len__(self) -> int:
        return self.end - self.start + 1

    def label(self) -> str:
        """``令和2年度～令和4年度``, the way the seed writes it."""
        return f"{format_fiscal_year(self.start)}～{format_fiscal_year(self.end)}"


def parse_fiscal_year(text: object) -> int | None:
    """The fiscal year (western start year) of ``令和3年度``, ``R3``, ``2021年度``…, or None."""
    if isinstance(text, bool) or text is None:
        return None
    if isinstance(text, (int, float)):
        year = int(text)
        return year if float(text).is_integer() and 1989 <= year <= 2199 else None
    m = _YEAR_RE.match(normalize_text(str(text)))
    if not m:
        return None
    if m.group("western"):
        return int(m.group("western"))
    offset = _ERAS[m.group("era").upper() if len(m.group("era")) == 1 else m.group("era")]
    n = 1 if m.group("n") == "元" else int(m.group("n"))
    if not 1 <= n <= _ERA_LIMITS[offset]:
        return None
    return offset + n


def format_fiscal_year(year: int) -> str:
    """``令和4年度`` for 2022; ``平成30年度`` for 2018; ``令和元年度`` for 2019."""
    if year >= 2019:
        n = year - 2018
        return f"令和{'元' if n == 1 else n}年度"
    if year >= 1989:
        n = year - 1988
        return f"平成{'元' if n == 1 else n}年度"
    return f"{year}年度"


def target_month(year: int) -> str:
    """``R5.3`` for 2022: the end of fiscal year ``year`` (March of the next calendar year)
    as the State's 事業実施結果報告 writes a 目標年月 (``H31.3`` for 2018, as 平成 still ran
    then; 令和 began in May 2019)."""
    calendar = year + 1
    if calendar >= 2020:
        return f"R{calendar - 2018}.3"
    if calendar >= 1989:
        return f"H{calendar - 1988}.3"
    return f"{calendar}.3"


def parse_period(text: object, end_text: object = None) -> Period | None:
    """A period from one cell (``令和2年度～令和4年度``) or from start and end cells.

    Returns None when it cannot be read. A reversed period is returned as read, so that the
    caller can say precisely what is wrong with it.
    """
    if end_text is not None and not _is_blank(end_text):
        start, end = parse_fiscal_year(text), parse_fiscal_year(end_text)
        if start is None or end is None:
            return None
        return Period(start, end)
    if text is None or isinstance(text, bool):
        return None
    parts = [p for p in _SEPARATOR_RE.split(normalize_text(str(text))) if p]
    if len(parts) != 2:
        return None
    start, end = parse_fiscal_year(parts[0]), parse_fiscal_year(parts[1])
    if start is None or end is None:
        return None
    return Period(start, end)


def is_separator(text: object) -> bool:
    """True for a cell holding only a period separator (``～`` between two year cells)."""
    if not isinstance(text, str):
        return False
    s = normalize_text(text)
    return bool(s) and _SEPARATOR_RE.fullmatch(s) is not None


def parse_year_ordinal(text: object) -> int | None:
    """1 for ``初年度``/``1年目``/``一年目``, 2 for ``2年目``/``２年目``/``二年目``…; else None."""
    if not isinstance(text, str):
        return None
    s = normalize_text(text)
    if s in ("初年度", "初年", "1年度目"):
        return 1
    m = _ORDINAL_RE.match(s)
    if not m:
        return None
    n = m.group("n")
    return int(n) if n.isdigit() else _KANJI_DIGITS[n]


def current_fiscal_year(today: dt.date | None = None) -> int:
    """The fiscal year that ``today`` falls in (January–March belong to the previous one)."""
    today = today or dt.date.today()
    return today.year if today.month >= 4 else today.year - 1


def default_report_year(today: dt.date | None = None) -> int:
    """The latest fiscal year that has ended: the year a report written today is about."""
    return current_fiscal_year(today) - 1


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def year_label(ordinal: int) -> str:
    """``初年度`` for 1, ``2年目`` for 2…: the year labels of the seed."""
    return "初年度" if ordinal == 1 else f"{ordinal}年目"
