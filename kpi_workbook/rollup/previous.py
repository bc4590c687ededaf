"""Last year's roll-up book: the NO of each municipality × project × KPI, kept this year."""

from __future__ import annotations

from pathlib import Path

from kpi_workbook.domain.errors import InputFileError, KpiWorkbookError
from kpi_workbook.domain.issues import Issue, Location, Phrase
from kpi_workbook.domain.labels import project_key
from kpi_workbook.reading.grid import load
from kpi_workbook.rollup import book as B


def previous_numbers(path: Path) -> dict[tuple[str, int], int]:
    """(団体コード:project, 指標番号) → NO, from a roll-up book written before.

    Raises:
        KpiWorkbookError: ``rollup-previous-unreadable``: not a roll-up book of ours (no
            集計一覧 with its columns), or not readable at all.
    """
    try:
        book = load(path)
    except InputFileError as exc:
        raise KpiWorkbookError(Issue("rollup-previous-unreadable", Location(path), {
            "reason": Phrase("ブックとして開けません", "it cannot be opened as a workbook")},
            detail=exc.issue.code)) from exc
    sheet = next((g for g in book.sheets if g.name == B.ROWS_SHEET), None)
    if sheet is None:
        raise _unreadable(path, Phrase(f"「{B.ROWS_SHEET}」シートがありません",
                                       f"it has no sheet '{B.ROWS_SHEET}'"))
    header = {str(sheet.value(1, c)): c for c in range(1, len(B.COLUMNS) + 1)}
    needed = (B.H_NO, B.H_CODE, B.H_NUMBER, B.H_NAME, B.H_KPI_INDEX)
    missing = [h for h in needed if h not in header]
    if missing:
        raise _unreadable(path, Phrase(f"1 行目に「{missing[0]}」の列がありません",
                                       f"row 1 has no column '{missing[0]}'"))
    numbers: dict[tuple[str, int], int] = {}
    last = max((r for r, _ in sheet.cells), default=1)
    for row in range(2, last + 1):
        no, code = sheet.value(row, header[B.H_NO]), sheet.value(row, header[B.H_CODE])
        index = sheet.value(row, header[B.H_KPI_INDEX])
        if not isinstance(no, (int, float)) or not isinstance(index, (int, float)) or not code:
            continue
        number = sheet.value(row, header[B.H_NUMBER])
        name = str(sheet.value(row, header[B.H_NAME]) or "")
        key = project_key(int(number) if isinstance(number, (int, float)) else None, name)
        numbers.setdefault((f"{code}:{key}", int(index)), int(no))
    return numbers


def _unreadable(path: Path, reason: Phrase) -> KpiWorkbookError:
    return KpiWorkbookError(Issue("rollup-previous-unreadable", Location(path),
                                  {"reason": reason}))
