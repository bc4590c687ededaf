"""Opening a consolidated workbook to read it back: the one way every reader does it.

``merge --previous`` and ``template --from`` (``previous.py``) and ``publish``
(``publication/source.py``) read the same flat sheets of the same file; they share the
steps here (a part of a split workbook is refused naming its main workbook, openpyxl opens
it read-only with cached values, the sheets a reader needs are checked, the fiscal-year
property is read) and say in their own words what failed: each command's message names
what the clerk gave it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kpi_workbook.consolidated.columns import FISCAL_YEAR_PROPERTY
from kpi_workbook.consolidated.parts import main_of_part
from kpi_workbook.domain.errors import KpiWorkbookError
from kpi_workbook.domain.issues import Issue, Location


@dataclass(frozen=True, slots=True)
class ConsolidatedBook:
    """An open consolidated workbook (valid inside :func:`open_consolidated`'s block)."""

    path: Path
    workbook: Any
    """openpyxl's read-only workbook (untyped library)."""
    report_year: int | None
    """The fiscal year it reports on (document property ``対象年度``), when it has one."""

    def has(self, sheet: str) -> bool:
        return sheet in self.workbook.sheetnames


@contextlib.contextmanager
def open_consolidated(path: Path, sheets: Sequence[str], *,
                      unopenable: Callable[[Exception], KpiWorkbookError],
                      sheet_missing: Callable[[str], KpiWorkbookError],
                      ) -> Iterator[ConsolidatedBook]:
    """Open ``path`` for reading its flat sheets; closed when the block ends.

    Args:
        sheets: the sheets the reader needs (others, like 外部評価, are optional).
        unopenable: the caller's error for a file openpyxl cannot open (given what it
            raised, to keep as the issue's detail or to tell a missing file apart).
        sheet_missing: the caller's error for a needed sheet that is not there.

    Raises:
        KpiWorkbookError: ``consolidated-part-given`` for a part of a split workbook
            (its flat sheets are in the main one, which the message names), or what
            ``unopenable`` / ``sheet_missing`` return.
    """
    import openpyxl  # imported when reading: the command line starts without it

    path = Path(path)
    owner = main_of_part(path)
    if owner is not None:
        raise KpiWorkbookError(Issue("consolidated-part-given", Location(path),
                                     {"main": owner}))
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken or foreign file
        raise unopenable(exc) from exc
    try:
        for sheet in sheets:
            if sheet not in wb.sheetnames:
                raise sheet_missing(sheet)
        yield ConsolidatedBook(path, wb, _report_year(wb))
    finally:
        wb.close()


def _report_year(wb: Any) -> int | None:
    for prop in getattr(getattr(wb, "custom_doc_props", None), "props", []):
        if prop.name == FISCAL_YEAR_PROPERTY and isinstance(prop.value, int):
            return prop.value
    return None
