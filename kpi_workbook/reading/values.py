"""Turn what a clerk typed into numbers, and say what we changed (spec §1.3).

Departments type numbers, but also text copied from last year's report: ``12,672人``,
``▲339``, ``10.0%``, ``-``. Every cell becomes a :class:`Value` (number, deliberate dash,
missing or invalid) plus the issues a person should know about.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

from kpi_workbook.domain.issues import Issue, Location
from kpi_workbook.domain.model import Value, ValueStatus
from kpi_workbook.reading.grid import Cell

PERCENT: Final = "%"

# A cell holding only one of these is a deliberate "not applicable" (spec §1.3). NFKC
# maps － to "-" and ｰ to "ー"; the others survive NFKC and are listed as they are.
DASHES: Final = frozenset({"-", "―", "ー", "—", "−", "‐", "–", "─", "ｰ", "－"})
# Negative-number marks that NFKC leaves alone: ▲ △ (accounting), − (U+2212), ‐ (U+2010),
# – (U+2013), — (U+2014).
_MINUS_MARKS: Final = "▲△−‐–—"
_NUMBER_RE = re.compile(r"^(?P<sign>[+-]?)(?P<digits>\d+(?:\.\d*)?|\.\d+)(?P<suffix>.*)$")
_SPACE_RE = re.compile(r"\s+")
# A unit is a short word (人, 事業体, km) or %; anything else after the digits means the
# clerk wrote something other than a figure (``1/2``, ``100人程度``).
_UNIT_RE = re.compile(r"^(?:%|[^\W\d_]{1,6})$")
_HEDGES: Final = ("程度", "見込", "以上", "以下", "未満", "前後", "予定", "概算", "暫定", "速報")
_THOUSAND_YEN: Final = "千円"
_YEN: Final = "円"


def value_suffix(cell: Cell | None) -> str | None:
    """The unit a cell is written in (``人`` of ``12,672人``, ``%`` of a %-formatted cell).

    Used to infer a KPI's unit in the older layout, before the values are parsed.
    """
    if cell is None or cell.error is not None:
        return None
    if isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool):
        return PERCENT if cell.is_percent else None
    if isinstance(cell.value, str):
        m = _NUMBER_RE.match(_clean_text(cell.value))
        if m and m.group("suffix"):
            suffix = m.group("suffix")
            return _YEN if suffix == _THOUSAND_YEN else suffix
    return None


def parse_value(cell: Cell | None, where: Location, unit: str | None = None,
                ) -> tuple[Value, list[Issue]]:
    """Read one 目標値/実績値/基準値 cell.

    Args:
        cell: the cell, or None when it is empty.
        where: its position, kept on the value and on every issue.
        unit: the KPI's unit; a different suffix is an error, and a plain number in a
            ``%`` KPI is read as percent points.

    Returns:
        The value (percentages as fractions: 10.0% → 0.1) and the issues about it.
    """
    if cell is None or cell.is_empty:
        return Value(None, ValueStatus.MISSING, None, where), []
    if cell.error is not None:
        code = "value-formula-error" if cell.formula is not None else "value-not-number"
        return _invalid(cell.error, where, code, raw=cell.error)
    if cell.formula is not None and cell.value is None:
        return _invalid(None, where, "value-formula-no-cache", formula="=" + cell.formula)
    if isinstance(cell.value, str) and not cell.value.strip():
        # =IF(C9="","",…) shows nothing: as empty as a blank cell (spec §1.3 "empty")
        return Value(None, ValueStatus.MISSING, None, where), []
    value = cell.value
    if isinstance(value, bool):
        return _invalid(value, where, "value-not-number", raw=str(value).upper())
    if isinstance(value, (int, float)):
        return _parse_number(cell, value, where, unit)
    return _parse_text(str(value), where, unit)


def _invalid(kept: object, where: Location, code: str, **params: object,
             ) -> tuple[Value, list[Issue]]:
    # ``kept`` is what the cell held; the issue's params say it in words.
    return Value(None, ValueStatus.INVALID, kept, where), [Issue(code, where, params)]


def _parse_number(cell: Cell, number: float, where: Location, unit: str | None,
                  ) -> tuple[Value, list[Issue]]:
    date = cell.as_date()
    if date is not None:
        return _invalid(number, where, "value-date", raw=date.strftime("%Y/%m/%d"))
    if cell.is_percent:
        # 0.1 shown as 10.0%: already a fraction.
        if unit is not None and unit != PERCENT:
            return _invalid(number, where, "value-unit-mismatch",
                            raw=f"{number:.1%}", suffix=PERCENT, unit=unit)
        return Value(float(number), ValueStatus.NUMBER, number, where, PERCENT), []
    if unit == PERCENT:
        return _percent_points(number, number, where, None)
    return Value(number, ValueStatus.NUMBER, number, where), []


def _percent_points(number: float, raw: object, where: Location, suffix: str | None,
                    ) -> tuple[Value, list[Issue]]:
    # spec §1.3: 10 in a plain cell of a % KPI means 10 % (0.10); 0 < x < 1 could be either.
    if number == 0:
        return Value(0.0, ValueStatus.NUMBER, raw, where, suffix), []
    if abs(number) < 1:
        issue = Issue("value-percent-ambiguous", where,
                      {"raw": _plain(number), "percent": f"{number:.1%}"})
        return Value(float(number), ValueStatus.NUMBER, raw, where, suffix), [issue]
    issue = Issue("value-percent-points", where, {"raw": _plain(number)})
    return Value(number / 100, ValueStatus.NUMBER, raw, where, suffix), [issue]


def _clean_text(text: str) -> str:
    s = _SPACE_RE.sub("", unicodedata.normalize("NFKC", text))
    if s in DASHES:
        return s
    if s and s[0] in _MINUS_MARKS:
        s = "-" + s[1:]
    return s.replace(",", "")


def _parse_text(text: str, where: Location, unit: str | None) -> tuple[Value, list[Issue]]:
    s = _clean_text(text)
    if s in DASHES:
        return Value(None, ValueStatus.NOT_APPLICABLE, text, where), []
    m = _NUMBER_RE.match(s)
    if not m:
        return _invalid(text, where, "value-not-number", raw=text)
    number: float = float(m.group("digits"))
    if m.group("sign") == "-":
        number = -number
    suffix = m.group("suffix") or None
    if suffix is not None and (not _UNIT_RE.match(suffix) or any(h in suffix for h in _HEDGES)):
        return _invalid(text, where, "value-not-number", raw=text)
    if suffix == PERCENT:
        if unit is not None and unit != PERCENT:
            return _invalid(text, where, "value-unit-mismatch", raw=text, suffix=suffix,
                            unit=unit)
        number /= 100
    elif suffix == _THOUSAND_YEN and unit != _THOUSAND_YEN:
        number *= 1000  # spec §1.1: a 千円 suffix means ×1000
        suffix = _YEN
    if unit is not None and suffix is not None and suffix != unit:
        return _invalid(text, where, "value-unit-mismatch", raw=text, suffix=suffix, unit=unit)
    number = _tidy(number)
    if unit == PERCENT and suffix is None:
        value, issues = _percent_points(number, text, where, None)
        return value, [Issue("value-text-converted", where,
                             {"raw": text, "number": _plain(value.number)}), *issues]
    issue = Issue("value-text-converted", where, {"raw": text, "number": _plain(number)})
    return Value(number, ValueStatus.NUMBER, text, where, suffix), [issue]


def _tidy(number: float) -> float:
    # 10.0% / 100 is 0.1 exactly as a person reads it, not 0.10000000000000002.
    rounded = round(number, 10)
    return int(rounded) if float(rounded).is_integer() else rounded


def _plain(number: float | None) -> str:
    if number is None:
        return ""
    if float(number).is_integer():
        return f"{int(number):,}"
    return f"{number:,.10g}"


def parse_amount(cell: Cell | None, where: Location) -> tuple[float | None, list[Issue]]:
    """事業費/交付金額 in 円: a number, ``1,200千円`` (×1000) or ``1,200,000円``."""
    value, issues = parse_value(cell, where, _YEN)
    if value.status is ValueStatus.INVALID or value.number is None:
        return None, issues
    return value.number, [i for i in issues if i.code != "value-text-converted"]
