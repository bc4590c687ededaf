"""kpi.csv: the rows of 集計一覧 for the city's open-data catalogue (spec §5.2).

UTF-8 with a byte-order mark (Excel opens it without garbling the Japanese), CRLF line
ends, the same column names in the same order as 集計一覧, numbers as plain numbers
(``10462414``, ``0.054``: no separators, no unit) and 達成率/判定/判定根拠 as values.

Text that starts with ``=``, ``+``, ``-`` or ``@`` (other than a lone ``-``, the dash that
means "not applicable") gets a leading ``'``, the prefix Excel itself uses for text: a
CSV cell is otherwise read by Excel as a formula, and a submission's text must never
become one (style: text is text).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Final

from kpi_workbook.publication.source import Cell

BOM: Final = "\ufeff"
FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")
TEXT_PREFIX: Final = "'"


def render_csv(header: Sequence[str], rows: Sequence[Sequence[Cell]]) -> bytes:
    """The whole file, encoded (BOM included)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([_text(h) for h in header])
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return (BOM + buffer.getvalue()).encode("utf-8")


def _cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return _text(value)


def _text(text: str) -> str:
    if text != "-" and text.startswith(FORMULA_STARTS):
        return TEXT_PREFIX + text
    return text
