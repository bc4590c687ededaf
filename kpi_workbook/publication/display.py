"""How the page writes a value, exactly as the city's published page (the seed) does.

``12,672人``, ``10,000,000円``, ``5個``, ``1事業体``: thousands separators and the KPI's
unit; ``10.0%``, ``5.4%``: a percentage with one decimal (the workbook holds 0.054);
``-339人``: a minus sign, not the ▲ of the workbook's number formats; ``0人``; and ``-``
where there is no value (a deliberate dash or an empty cell).
"""

from __future__ import annotations

import re
from typing import Final

from kpi_workbook.consolidated.writer.formats import PERCENT_UNIT, decimals_needed

NO_VALUE: Final = "-"
_ITEM_BREAK_RE: Final = re.compile(r"\s*(?:\r\n|\r|\n)\s*|\s+(?=・)")


def format_value(value: float | str | None, unit: str) -> str:
    """A 目標値/実績値 as the page shows it; text (an entry the reader could not read,
    kept in the workbook as typed) is shown as it is."""
    if value is None:
        return NO_VALUE
    if isinstance(value, str):
        return value.strip() or NO_VALUE
    if unit == PERCENT_UNIT:
        return f"{value * 100:.1f}%"
    decimals = decimals_needed([value], unit)
    return f"{value:,.{decimals}f}{unit}"


def format_rate(rate: float | None) -> str:
    """達成率 with one decimal (``69.7%``); '' where spec §2 gives none."""
    return "" if rate is None else f"{rate * 100:.1f}%"


def activity_items(text: str) -> list[str]:
    """事業内容 as list items: one per line, or per ``・`` after white space (the seed
    writes ``・検討 ・計画策定`` in one cell); a ``・`` inside an item (``制定・作成``)
    stays in it."""
    return [item for item in _ITEM_BREAK_RE.split(text.strip()) if item]
