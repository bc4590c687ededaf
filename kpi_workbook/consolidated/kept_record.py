"""The verification record already typed into OUT, read before a re-merge replaces it.

After the council the planning division types the experts' verdicts and the council's
opinions into 外部評価 (spec §5.1). A department then sends a correction, and the clerk
merges again onto the same file: without this module the new workbook would have empty
input cells and the record the grant rules require the city to publish would be gone.
So before OUT is replaced, what was typed is read from it and written into the new OUT
for the same project; a project that is no longer there is reported with its text and its
row kept, never dropped (``usecases/merge.py``).

When OUT exists and is one of ours but its record cannot be read (damaged, edited beyond
reading, a formula without a result), the merge refuses and leaves OUT untouched: only an
explicit "start afresh" (``--discard-evaluation``, or the window's question) replaces it.
A locked or unreadable file is refused too, but as what it is (``output-locked``): its
record may be intact, so discarding is never offered for it.

Projects are matched by ``labels.project_key`` (the 事業名, as every reader of a
consolidated workbook matches them: numbers get reassigned). A row whose project is not
in this merge, and a second row of the same project, are kept at the bottom of the new
外部評価 (``writer/evaluation.py``), so a project that comes back next time finds its
record again.
A file that is not a consolidated workbook of ours (a workbook without our sheets, or
no zip package at all) holds no record and is replaced as before.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, NoReturn

from kpi_workbook.consolidated.columns import evaluation as EV
from kpi_workbook.consolidated.opening import (
    FlatSheet,
    Record,
    damage,
    open_consolidated,
)
from kpi_workbook.consolidated.previous import whole_number
from kpi_workbook.domain import labels as L
from kpi_workbook.domain.errors import KpiWorkbookError, os_detail, os_reason
from kpi_workbook.domain.evaluation import Evaluation, cell_text
from kpi_workbook.domain.issues import Issue, Location, Phrase
from kpi_workbook.domain.labels import project_key

#: The sheets that make a workbook one of ours (the reader's test for a consolidated
#: workbook saved beside the submissions, ``reading/reader.py``).
_OURS: Final = (L.SUMMARY_SHEET, L.ISSUES_SHEET)
_ZIP_MAGIC: Final = b"PK\x03\x04"


@dataclass(frozen=True, slots=True)
class TypedEntry:
    """One project's row of 外部評価 with something typed in it."""

    number: int | None
    name: str
    evaluation: Evaluation
    cell: str
    """The row's first input cell in the old OUT (for the message of a project gone)."""

    @property
    def key(self) -> str:
        return project_key(self.number, self.name)

    @property
    def count(self) -> int:
        """How many of the input cells hold text."""
        return len(self.evaluation.entries())


@dataclass(frozen=True, slots=True)
class KeptRecord:
    """What the planning division typed into an existing OUT, by project key."""

    path: Path
    entries: dict[str, TypedEntry] = field(default_factory=dict)
    duplicates: list[TypedEntry] = field(default_factory=list)
    """Rows of a project that already had a row (a copy made by hand, a project
    submitted twice): kept, never dropped, at the bottom of the new 外部評価."""


def read_kept_record(out: Path) -> KeptRecord | None:
    """The record typed into ``out`` (an empty one when nothing was typed), or None when
    there is no ``out`` or it is not a consolidated workbook of ours.

    Raises:
        KpiWorkbookError: ``evaluation-record-unreadable`` naming the file, and the sheet
            and cell where that is the reason; ``consolidated-part-given`` when ``out`` is
            a part of a split workbook (its main workbook holds the record).
    """
    out = Path(out)
    if not out.exists() or not _is_zip_package(out):
        return None

    def unopenable(exc: Exception) -> KpiWorkbookError:
        if isinstance(exc, OSError):
            # locked, no permission: the record may be intact, so this is no reason to
            # discard it (no such offer goes with these codes)
            code = "output-locked" if isinstance(exc, PermissionError) else "output-unwritable"
            return KpiWorkbookError(Issue(code, Location(out), {"reason": os_reason(exc)},
                                          detail=os_detail(exc)))
        reason = damage(exc) or Phrase("Excel ブック（.xlsx）として開けません",
                                       "it cannot be opened as an Excel workbook (.xlsx)")
        return _unreadable(Location(out), reason, f"{type(exc).__name__}: {exc}"[:300])

    # No sheet is required: a workbook with none of ours is not ours (None below).
    with open_consolidated(out, (), unopenable=unopenable,
                           sheet_missing=_no_sheet_required) as book:
        if not book.has(EV.SHEET_NAME):
            if any(book.has(sheet) for sheet in _OURS) or book.report_year is not None:
                return KeptRecord(out)  # written before 外部評価 existed: nothing typed
            return None
        # 外部評価 is there: ours, whatever else a clerk deleted (検証結果 before the
        # council, say): its record is read
        rows = list(_typed_rows(book.sheet(EV.SHEET_NAME)))
    entries: dict[str, TypedEntry] = {}
    duplicates: list[TypedEntry] = []
    for entry in rows:
        if entry.key in entries:
            duplicates.append(entry)
        else:
            entries[entry.key] = entry
    return KeptRecord(out, entries, duplicates)


def _is_zip_package(out: Path) -> bool:
    """Whether ``out`` starts as a zip package does: anything else (an empty file, a text
    file named .xlsx) was never a workbook of ours, while a damaged one still starts so."""
    try:
        with out.open("rb") as fh:
            return fh.read(4) == _ZIP_MAGIC
    except OSError:
        return True  # cannot even be read (locked, no permission): the open says why


def _no_sheet_required(sheet: str) -> NoReturn:
    raise AssertionError(sheet)  # open_consolidated asks for no sheet here


def _typed_rows(sheet: FlatSheet) -> Iterator[TypedEntry]:
    out = sheet.book.path
    for needed in (EV.H_NUMBER, EV.H_NAME, *EV.REQUIRED_INPUT_HEADERS):
        if needed not in sheet.columns:
            raise _unreadable(
                Location(out, EV.SHEET_NAME, "1:1"),
                Phrase(f"1 行目の見出しに列「{needed}」がありません",
                       f"row 1, its header row, has no column '{needed}'"))
    present = [h for h in EV.INPUT_HEADERS if h in sheet.columns]  # a stage may be absent
    for record in sheet.records():
        texts = {h: _entry(record, h) for h in present}
        if not any(texts.values()):
            continue
        name = cell_text(record.get(EV.H_NAME))
        number = whole_number(record.get(EV.H_NUMBER))
        if not name:
            cell = record.cell(EV.H_NAME)
            raise _unreadable(Location(out, EV.SHEET_NAME, cell),
                              Phrase(f"評価・意見が記入された {record.row} 行目の事業名"
                                     f"（{cell}）が空欄です",
                                     f"row {record.row} has entries but its 事業名 ({cell}) "
                                     "is empty"))
        yield TypedEntry(number, name, Evaluation.from_headers(texts),
                         record.cell(EV.INPUT_HEADERS[0]))


def _entry(record: Record, header: str) -> str:
    """One input cell's text: a formula counts by the result Excel saved with it; without
    one that reads as text (none, an empty one, an error value: ``unsaved_formula``), or
    with an error value where no formula is, the cell is named, never read as empty."""
    cell = record.cell(header)
    formula = record.unsaved_formula(header)
    if formula is not None:
        raise _formula_unreadable(record, cell, f"={formula}")
    return cell_text(record.get(header))


def _formula_unreadable(record: Record, cell: str, shown: str) -> KpiWorkbookError:
    return _unreadable(Location(record.sheet.book.path, EV.SHEET_NAME, cell), Phrase(
        f"セル {cell} は数式（{shown}）で、文字として読める計算結果が保存されていません。"
        "数式ではなく文字として入力し直してください",
        f"cell {cell} holds a formula ({shown}) with no saved result that reads as "
        "text; type the entry again as text"))


def _unreadable(where: Location, reason: Phrase, detail: str | None = None) -> KpiWorkbookError:
    return KpiWorkbookError(Issue("evaluation-record-unreadable", where, {"reason": reason},
                                  detail=detail))
