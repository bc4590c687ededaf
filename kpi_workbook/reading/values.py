"""Turn what a clerk typed into numbers, and say what we changed (spec §1.3).

Departments type numbers, but also text copied from last year's report: ``12,672人``,
``▲339``, ``10.0%``, ``-``. Every cell becomes a :class:`Value` (number, deliberate dash,
missing or invalid) plus the issues a person should know about.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

from kpi_workbook.domain.issues import Issue, Location, Phrase
from kpi_workbook.domain.messages import NUMBER_HINT
from kpi_workbook.domain.model import Value, ValueStatus
from kpi_workbook.domain.no_value import DASHES
from kpi_workbook.reading.grid import Cell

PERCENT: Final = "%"

# Negative-number marks that NFKC leaves alone: ▲ △ (accounting), − (U+2212), ‐ (U+2010),
# – (U+2013), — (U+2014).
_MINUS_MARKS: Final = "▲△−‐–—"
_NUMBER_RE = re.compile(r"^(?P<sign>[+-]?)(?P<digits>\d+(?:\.\d*)?|\.\d+)(?P<suffix>.*)$")
_SPACE_RE = re.compile(r"\s+")
# A unit is a short word (人, 事業体, km) or %; anything else after the digits means the
# clerk wrote something other than a figure (``1/2``, ``100人程度``).
_UNIT_RE = re.compile(r"^(?:%|[^\W\d_]{1,6})$")
_HEDGES: Final = ("程度", "見込", "以上", "以下", "未満", "前後", "予定", "概算", "暫定", "速報")
_LEADING_HEDGES: Final = ("約", "概ね", "およそ", "推定", "見込み", "見込")
# Words that say the figure is not known yet: the hint is to enter it once it is.
_PENDING: Final = ("集計中", "未集計", "集計前", "調査中", "確認中", "精査中", "算出中", "未定",
                   "未確定", "未把握")
_DIGITS_RE = re.compile(r"\d+(?:\.\d+)?")
# Units that count the same thing (spec §1.3 as extended by issue 13): a value written in
# one is read in the KPI's unit, with an info issue. After NFKC, so ｶ所 is カ所.
_SYNONYMS: Final = tuple(frozenset(group) for group in (
    ("人", "名"),
    ("か所", "箇所", "カ所", "ヶ所", "ケ所", "ヵ所", "个所"),
    ("日", "日間"),
    ("回", "回数"),
    ("件", "件数"),
))
# Multipliers written before the unit (1.2万人, 1,200千円), longest first.
_MULTIPLIERS: Final = (("百万", 1_000_000), ("億", 100_000_000), ("万", 10_000), ("千", 1_000))
_YEN: Final = "円"


def same_unit(a: str, b: str) -> bool:
    """True when two units count the same thing (``人`` and ``名``)."""
    return a == b or any(a in group and b in group for group in _SYNONYMS)


def _split_multiplier(suffix: str, unit: str | None) -> tuple[str, int, str | None]:
    """(multiplier, factor, rest) of a suffix such as ``万人``; factor 1 when there is
    none, or when the suffix is the KPI's own unit (a 千円 KPI's 1,200千円)."""
    if unit is not None and same_unit(suffix, unit):
        return "", 1, suffix
    for word, factor in _MULTIPLIERS:
        if suffix.startswith(word):
            rest = suffix[len(word):] or None
            if rest != PERCENT and (rest is None or _UNIT_RE.match(rest)):
                return word, factor, rest
    return "", 1, suffix


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
            return _split_multiplier(m.group("suffix"), None)[2]
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
    if cell.damaged:  # the load reported it at this cell (cell-unreadable)
        return Value(None, ValueStatus.INVALID, None, where), []
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
        return _invalid(value, where, "value-not-number", raw=str(value).upper(),
                        hint=NUMBER_HINT)
    if isinstance(value, (int, float)):
        return _parse_number(cell, value, where, unit)
    return _parse_text(str(value), where, unit)


def _invalid(kept: object, where: Location, code: str, **params: object,
             ) -> tuple[Value, list[Issue]]:
    # ``kept`` is what the cell held; the issue's params say it in words.
    return Value(None, ValueStatus.INVALID, kept, where), [Issue(code, where, params)]


def _parse_number(cell: Cell, number: float, where: Location, unit: str | None,
                  ) -> tuple[Value, list[Issue]]:
    date = cell.date_text()
    if date is not None:
        return _invalid(number, where, "value-date", raw=date)
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
        return _not_a_number(text, s, where)
    number: float = float(m.group("digits"))
    if m.group("sign") == "-":
        number = -number
    suffix = m.group("suffix") or None
    if suffix is not None and (not _UNIT_RE.match(suffix) or any(h in suffix for h in _HEDGES)):
        return _not_a_number(text, s, where)
    multiplier, factor = "", 1
    if suffix == PERCENT:
        if unit is not None and unit != PERCENT:
            return _invalid(text, where, "value-unit-mismatch", raw=text, suffix=suffix,
                            unit=unit)
        number /= 100
    elif suffix is not None:
        multiplier, factor, suffix = _split_multiplier(suffix, unit)
        number *= factor
    if unit is not None and suffix is not None and not same_unit(suffix, unit):
        return _invalid(text, where, "value-unit-mismatch", raw=text, suffix=suffix, unit=unit)
    number = _tidy(number)
    if unit == PERCENT and suffix is None:
        value, issues = _percent_points(number, text, where, None)
        return value, [Issue("value-text-converted", where,
                             {"raw": text, "number": _plain(value.number)}), *issues]
    if multiplier:
        issue = Issue("value-multiplier", where, {
            "raw": text, "number": _plain(number) + (suffix or ""), "multiplier": multiplier,
            "factor": f"{factor:,}"})
    elif unit is not None and suffix is not None and suffix != unit:
        issue = Issue("value-unit-synonym", where, {
            "raw": text, "number": _plain(number), "unit": unit, "suffix": suffix})
        suffix = unit
    else:
        issue = Issue("value-text-converted", where, {"raw": text, "number": _plain(number)})
    return Value(number, ValueStatus.NUMBER, text, where, suffix), [issue]


def _not_a_number(text: str, cleaned: str, where: Location) -> tuple[Value, list[Issue]]:
    """value-not-number, with what to type instead (issue 13: 「約100」 says to drop 約)."""
    pending = next((w for w in _PENDING if w in cleaned), None)
    digits = _DIGITS_RE.search(cleaned)
    hedge = next((w for w in _HEDGES if w in cleaned), None) or next(
        (w for w in _LEADING_HEDGES if cleaned.startswith(w)), None)
    if pending is not None:
        hint = Phrase(
            f"「{pending}」のときは空欄のままにしておき、数値が確定したら数値だけを入力して"
            "ください。値がない年度なら「-」を入力してください。",
            f"While it is '{pending}', leave the cell empty and enter the number once it "
            "is final; enter '-' for a year with no value.")
    elif hedge is not None and digits is not None:
        hint = Phrase(
            f"「{hedge}」を付けずに、数値だけを入力してください（例: {digits.group()}）。"
            "値がない場合は「-」を入力してください。",
            f"Enter the number without '{hedge}' (e.g. {digits.group()}), or '-' when "
            "there is none.")
    else:
        hint = NUMBER_HINT
    return _invalid(text, where, "value-not-number", raw=text, hint=hint)


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
    # Spec §1.1 defines 円 and 千円 here: reading them is not news.
    return value.number, [i for i in issues if not (
        i.code == "value-text-converted"
        or (i.code == "value-multiplier" and i.params.get("multiplier") == "千"))]
