"""Opening a consolidated workbook to read it back: the one way every reader does it.

``merge --previous`` and ``template --from`` (``previous.py``) and ``publish``
(``publication/source.py``) read the same flat sheets of the same file; they share the
steps here (a part of a split workbook is refused naming its main workbook, the sheets a
reader needs are checked, the fiscal-year property is read, each flat sheet comes as
records: header → value, with each value's cell for a message) and say in their own words
what failed: each command's message names what the clerk gave it.

The package is read by ``reading/sheet_rows.py``, streamed, only the sheets asked for: the
flat sheets of 2,000 submissions are 150 MB of XML, and the print sheets are never needed.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from kpi_workbook.consolidated.columns import FISCAL_YEAR_PROPERTY
from kpi_workbook.consolidated.gc_pause import gc_paused
from kpi_workbook.consolidated.parts import main_of_part
from kpi_workbook.domain.errors import KpiWorkbookError
from kpi_workbook.domain.issues import Issue, Location, Phrase, cell_name
from kpi_workbook.reading.sheet_rows import (
    Row,
    RowsError,
    SheetRows,
    WorkbookRows,
    open_rows,
)

_FORMULA_SHOWN: Final = 60
"""Characters of a formula a message shows (the whole one is in the issue's detail)."""
#: Excel's error values, as a cell holding one reads.
EXCEL_ERRORS: Final = frozenset({"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!",
                                 "#VALUE!", "#GETTING_DATA", "#SPILL!", "#CALC!"})

Unopenable = Callable[[Exception], KpiWorkbookError]


@dataclass(frozen=True, slots=True)
class ConsolidatedBook:
    """An open consolidated workbook (valid inside :func:`open_consolidated`'s block)."""

    path: Path
    rows: WorkbookRows
    report_year: int | None
    """The fiscal year it reports on (document property ``対象年度``), when it has one."""
    unopenable: Unopenable

    def has(self, sheet: str) -> bool:
        return sheet in self.rows.sheet_names

    def sheet(self, name: str) -> FlatSheet:
        """A flat sheet: its header row (row 1) read, its records to come.

        Raises:
            KpiWorkbookError: what the caller's ``unopenable`` returns when the sheet's XML
                or a cell cannot be read (here or while its records are read).
        """
        try:
            rows = self.rows.rows(name)
            first = next(rows, None)
        except RowsError as exc:
            raise self.unopenable(exc) from exc
        header: list[str] = []
        pending: list[Row] = []
        if first is not None and first.number == 1:
            found = first.values
            last = max([*found, *(first.formulas or ())], default=0)
            header = ["" if found.get(c) is None else str(found[c]) for c in range(1, last + 1)]
        elif first is not None:
            pending.append(first)  # no header row: the sheet's columns are all missing
        # the last of two equal headings counts, as it did when openpyxl read the sheet;
        # a space typed around one does not make it another
        columns = {h.strip(): i for i, h in enumerate(header, start=1) if h.strip()}
        return FlatSheet(self, name, header, columns, _chain(pending, rows), rows)


def _chain(first: list[Row], rest: Iterator[Row]) -> Iterator[Row]:
    yield from first
    yield from rest


@dataclass(slots=True)
class FlatSheet:
    """One flat sheet of the workbook, read once from top to bottom."""

    book: ConsolidatedBook
    name: str
    header: list[str]
    """Row 1 as text, ``""`` where a cell is empty, up to its last cell."""
    columns: dict[str, int]
    """Heading (without spaces around it) → 1-based column."""
    _rows: Iterator[Row]
    _reading: SheetRows

    def records(self, only: Collection[str] | None = None) -> Iterator[Record]:
        """Every row below the header that holds anything, in order; ``only``: the
        headings a reader looks at, when it needs a few of many (the others read as
        empty, and a row holding nothing under them is passed over).

        Raises:
            KpiWorkbookError: the caller's ``unopenable``, for XML or a cell that cannot be
                read.
        """
        if only is not None:
            self._reading.columns = frozenset(self.columns[h] for h in only
                                              if h in self.columns)
        try:
            for row in self._rows:
                if row.number > 1 and any(v != "" for v in row.values.values()):
                    yield Record(self, row)
        except RowsError as exc:
            raise self.book.unopenable(exc) from exc


class Record(Mapping[str, object]):
    """One row of a flat sheet: heading → value, as openpyxl gave them with cached values
    (:class:`~kpi_workbook.reading.sheet_rows.Row`), and where each value is for a
    message."""

    __slots__ = ("_columns", "_formulas", "_values", "row", "sheet")

    def __init__(self, sheet: FlatSheet, row: Row) -> None:
        self.sheet, self.row = sheet, row.number
        self._values, self._formulas, self._columns = row.values, row.formulas, sheet.columns

    def __getitem__(self, header: str) -> object:
        return self._values.get(self._columns[header])

    def get(self, header: str, default: object = None) -> object:
        col = self._columns.get(header)
        return default if col is None else self._values.get(col)

    def __iter__(self) -> Iterator[str]:
        return iter(self._columns)

    def __len__(self) -> int:
        return len(self._columns)

    @property
    def by_column(self) -> Mapping[int, object]:
        """The row's values by 1-based column (columns without a heading too); a cell
        holding nothing is not there."""
        return self._values

    def cell(self, header: str) -> str:
        """The A1 address of this row's cell under ``header`` (a column of the sheet)."""
        return cell_name(self.row, self._columns[header])

    def unsaved_formula(self, header: str) -> str | None:
        """The formula (without '=') in this row's cell under ``header`` when no result
        that reads as text was saved with it: none (what openpyxl writes for ``=…``), an
        empty one or an error value (a macro's formula Excel could not compute). Read for
        its value, such a cell would be empty, and an entry typed there lost."""
        col = self._columns.get(header)
        formula = self._formulas.get(col) if self._formulas and col is not None else None
        if formula is None:
            return None
        value = self._values.get(col) if col is not None else None
        if value is None or value == "" or (type(value) is str
                                            and value.strip() in EXCEL_ERRORS):
            return formula
        return None

    def entry(self, header: str) -> object:
        """What the planning division typed in an input cell (外部評価): its value, or the
        result saved for a formula (Excel, a macro).

        Raises:
            KpiWorkbookError: ``consolidated-formula-uncached`` naming file, sheet and cell
                for a formula without a result to read (:meth:`unsaved_formula`).
        """
        formula = self.unsaved_formula(header)
        if formula is not None:
            shown = formula or "…"  # a shared formula's follower has no text of its own
            if len(shown) > _FORMULA_SHOWN:
                shown = shown[:_FORMULA_SHOWN] + "…"
            raise KpiWorkbookError(Issue(
                "consolidated-formula-uncached",
                Location(self.sheet.book.path, self.sheet.name, self.cell(header)),
                {"column": header, "formula": "=" + shown}, detail=f"formula: ={formula}"))
        return self.get(header)


@contextlib.contextmanager
def open_consolidated(path: Path, sheets: Sequence[str], *,
                      unopenable: Unopenable,
                      sheet_missing: Callable[[str], KpiWorkbookError],
                      ) -> Iterator[ConsolidatedBook]:
    """Open ``path`` for reading its flat sheets; closed when the block ends.

    Args:
        sheets: the sheets the reader needs (others, like 外部評価, are optional).
        unopenable: the caller's error for a file that cannot be opened or read (given
            the ``OSError`` or :class:`~kpi_workbook.reading.sheet_rows.RowsError`; see
            :func:`damage` for where a sheet or cell could not be read).
        sheet_missing: the caller's error for a needed sheet that is not there.

    Raises:
        KpiWorkbookError: ``consolidated-part-given`` for a part of a split workbook
            (its flat sheets are in the main one, which the message names), or what
            ``unopenable`` / ``sheet_missing`` return.
    """
    path = Path(path)
    owner = main_of_part(path)
    if owner is not None:
        raise KpiWorkbookError(Issue("consolidated-part-given", Location(path),
                                     {"main": owner}))
    with contextlib.ExitStack() as stack:
        stack.enter_context(gc_paused())  # millions of elements, no cycles (gc_pause.py)
        try:
            rows = stack.enter_context(open_rows(path))
        except (OSError, RowsError) as exc:
            raise unopenable(exc) from exc
        for sheet in sheets:
            if sheet not in rows.sheet_names:
                raise sheet_missing(sheet)
        year = rows.properties.get(FISCAL_YEAR_PROPERTY)
        yield ConsolidatedBook(path, rows, year if type(year) is int else None, unopenable)


def damage(exc: Exception) -> Phrase | None:
    """Where and why a sheet or one of its cells could not be read, in words; None when
    the file as a whole would not open (each caller words that itself)."""
    if not isinstance(exc, RowsError) or exc.sheet is None:
        return None
    where = f"シート「{exc.sheet}」" + (f"のセル {exc.cell} " if exc.cell else "")
    where_en = f"sheet '{exc.sheet}'" + (f", cell {exc.cell}" if exc.cell else "")
    return Phrase(f"{where}を読めません: {exc.reason.ja}",
                  f"{where_en} cannot be read: {exc.reason.en}")
