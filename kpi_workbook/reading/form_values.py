"""Value texts of forms other than the official one: a cell holding more than a figure.

Other cities' sheets and the national form write what the official layout keeps in
separate cells into one: the KPI's name before its figure (「インターン受入30人」), two
KPIs stacked in one cell, two values joined by 「・」 (「200・4,000」 with unit 「回・人」),
a value, its unit and its time (「200 (人) 平成27年10月」), a month that names a fiscal year
(目標年月 「H28.3」), a baseline with its year (「39件 (2019年度)」) and a target over a span
(「270件 (2021~2026年度累計)」). Each is taken apart here; the figure itself goes through
:func:`kpi_workbook.reading.values.parse_value` like any other.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Final

from kpi_workbook.domain.fiscal_year import parse_fiscal_year
from kpi_workbook.domain.no_value import DASHES
from kpi_workbook.reading.grid import Cell

_ERA_OFFSET: Final = {"令和": 2018, "R": 2018, "平成": 1988, "H": 1988}
_MONTH_RE: Final = re.compile(
    r"^(?:(?P<era>令和|平成|R|H)\.?(?P<n>\d{1,2}|元)|(?P<western>(?:19|20)\d\d))"
    r"\s*(?:年|[./\-])\s*(?P<month>\d{1,2})\s*(?:月(?:末)?(?:時点)?)?(?:[./\-]\d{1,2}日?)?$",
    re.IGNORECASE)
# 「200 (人) 平成27年10月」, 「190 万人 平成29年3月」, 「282(人)」, 「- 平成29年3月」
_VALUE_UNIT_TIME_RE: Final = re.compile(
    r"^(?P<value>[^\s(（]+?)\s*(?:[(（](?P<unit>[^)）]{1,8})[)）]|(?P<bare>[^\s\d(（]{1,6}))?\s*"
    r"(?P<time>(?:令和|平成|R|H|19|20)\S*)?$", re.IGNORECASE)
# A figure (with its unit) at the end of a text: what follows the KPI's name.
_NAMED_RE: Final = re.compile(
    r"^(?P<name>.*?)\s*(?P<value>[▲△\-−－]?[0-9０-９][0-9０-９,，.．]*\s*[^\s\d０-９]{0,6})$")
# A year or span in brackets after a figure: 「(2019年度)」, 「(2021~2026年度累計)」.
_BRACKET_YEAR_RE: Final = re.compile(
    r"^(?P<value>.*?)\s*[(（](?P<inner>[^)）]*?(?:年度|年)[^)）]*)[)）]\s*$")
_SPAN_RE: Final = re.compile(
    r"^(?P<start>\S+?)\s*[~〜～\-－―から]+\s*(?P<end>\S+?(?:年度|年)?)(?P<rest>累計|計|合計)?$")


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def parse_month(text: object) -> tuple[int, int] | None:
    """(year, month) of 「H28.3」, 「平成27年10月」, 「2016年3月」, 「R3.9」, 「2016/03/01」."""
    if not isinstance(text, str):
        return None
    s = re.sub(r"\s+", "", nfkc(text))
    m = _MONTH_RE.match(s)
    if not m:
        return None
    month = int(m.group("month"))
    if not 1 <= month <= 12:
        return None
    if m.group("western"):
        return int(m.group("western")), month
    era = m.group("era")
    offset = _ERA_OFFSET[era.upper() if len(era) == 1 else era]
    n = 1 if m.group("n") == "元" else int(m.group("n"))
    return offset + n, month


def cell_month(cell: Cell | None) -> tuple[int, int] | None:
    """(year, month) of a cell: its text, or the date Excel shows for it."""
    if cell is None:
        return None
    date = cell.date_text()
    if date is not None:
        return parse_month(date)
    return parse_month(cell.value) if isinstance(cell.value, str) else None


def fiscal_year_of_month(year: int, month: int) -> int:
    """The fiscal year a month falls in: 2016-03 is the end of FY2015 (年度: April–March)."""
    return year if month >= 4 else year - 1


def month_text(year: int, month: int) -> str:
    return f"{year}-{month:02d}"


@dataclass(frozen=True, slots=True)
class ValueUnitTime:
    """「200 (人) 平成27年10月」 taken apart."""

    value: str
    unit: str | None
    time: tuple[int, int] | None
    time_text: str | None


def split_value_unit_time(text: str) -> ValueUnitTime | None:
    """A value written with its unit in brackets and its time after it; None when the text
    is not in that shape (then it is read as a value alone)."""
    s = nfkc(text)
    m = _VALUE_UNIT_TIME_RE.match(s)
    if not m:
        return None
    time_text = m.group("time")
    time = parse_month(time_text) if time_text else None
    if time_text and time is None:
        year = parse_fiscal_year(time_text)
        if year is None:
            return None
        time = (year + 1, 3)  # a fiscal year: its last month
    value, unit = m.group("value"), m.group("unit")
    if unit is None and time_text is None:
        return None
    # 「190 万人」: the unit written after a space, without brackets, belongs to the figure
    return ValueUnitTime(value + (m.group("bare") or ""), unit, time, time_text)


def split_named(text: str) -> tuple[str, str] | None:
    """(name, figure) of 「インターン受入30人」; None when no figure ends the text. A dash
    alone after the name (「…数-」) is the figure too."""
    s = nfkc(text)
    for dash in DASHES:
        if s.endswith(dash) and len(s) > len(dash):
            return s[: -len(dash)].strip(), dash
    m = _NAMED_RE.match(s)
    if not m or not m.group("name"):
        return None
    return m.group("name").strip(), m.group("value").strip()


def split_lines(text: str) -> list[str]:
    """The lines of a cell (Alt+Enter), blank ones dropped; 「／」 separates too."""
    parts = re.split(r"\n|／|(?<=\S)\s/\s(?=\S)", text)
    return [p.strip() for p in parts if p.strip()]


@dataclass(frozen=True, slots=True)
class YearNote:
    """The year written after a figure: a single year, or a span (累計 over it)."""

    value: str
    start: int
    end: int
    cumulative: bool


def split_year_note(text: str) -> YearNote | None:
    """「39件 (2019年度)」 → 39件 in 2019; 「270件 (2021~2026年度累計)」 → 270件 over
    2021–2026, cumulative. None when no year follows the figure."""
    s = nfkc(text)
    m = _BRACKET_YEAR_RE.match(s)
    if not m:
        return None
    inner = re.sub(r"\s+", "", m.group("inner"))
    cumulative = "累計" in inner
    inner_plain = inner.replace("累計", "").replace("時点", "")
    span = _SPAN_RE.match(inner_plain)
    if span:
        end = parse_fiscal_year(span.group("end"))
        start_text = span.group("start")
        first: int | None
        if end is not None and re.fullmatch(r"\d{4}", start_text):
            first = int(start_text)
        else:
            first = parse_fiscal_year(start_text + ("年度" if "年度" in span.group("end")
                                                     else ""))
        if first is None or end is None:
            return None
        return YearNote(m.group("value"), first, end, cumulative)
    month = parse_month(inner_plain.replace("末", ""))
    if month is not None:
        year = fiscal_year_of_month(*month)
        return YearNote(m.group("value"), year, year, cumulative)
    single = parse_fiscal_year(inner_plain)
    if single is None:
        return None
    return YearNote(m.group("value"), single, single, cumulative)


def two_values(text: str, mark: str) -> list[str] | None:
    """The parts of 「200・4,000」 split at ``mark``, when each part holds a figure."""
    parts = [p.strip() for p in nfkc(text).split(nfkc(mark))]
    if len(parts) < 2 or not all(re.search(r"\d", p) or p in DASHES for p in parts):
        return None
    return parts


def has_two_values(text: str) -> bool:
    """「200・4,000」: two figures joined by a mark, which must not be read as one."""
    return re.search(r"\d\s*[・、]\s*[\d▲△-]", nfkc(text)) is not None
