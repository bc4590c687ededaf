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

from kpi_workbook.domain.national_report import Reporter, check_digit
from kpi_workbook.publication.source import Cell

#: The prefix columns of デジタル庁's 自治体標準オープンデータセット, first in every row when
#: the settings file's ``[report]`` names the municipality.
PREFIX_HEADERS: Final = ("全国地方公共団体コード", "都道府県名", "市区町村名")

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


def with_prefix(header: Sequence[str], rows: Sequence[Sequence[Cell]],
                reporter: Reporter) -> tuple[list[str], list[list[Cell]]]:
    """``header`` and ``rows`` with the open-data prefix columns first, when ``reporter``
    names the municipality (its code as 6 digits: a 5-digit code gets its check digit);
    as they are otherwise. The code was checked when the settings were read."""
    if not (reporter.code or reporter.prefecture or reporter.municipality):
        return list(header), [list(r) for r in rows]
    code = reporter.code
    if len(code) == 5:
        code += check_digit(code)
    prefix: list[Cell] = [code or None, reporter.prefecture or None,
                          reporter.municipality or None]
    return [*PREFIX_HEADERS, *header], [[*prefix, *r] for r in rows]


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
