"""The submission roster (提出予定の名簿): who must submit which projects.

Merging tells a clerk what came in; only a roster tells what did not. The roster is a
simple sheet or CSV with the columns 担当課, 事業番号, 事業名 (one row per project; a row
with only 担当課 expects the department to submit, whatever its projects). ``merge
--roster`` reports 未提出 departments and missing projects as errors (the consolidated
workbook is incomplete; ``--strict`` refuses it) and unexpected extras as warnings, and
lists what is missing in 提出状況.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Final

from kpi_workbook.domain.errors import KpiWorkbookError
from kpi_workbook.domain.issues import Issue, Location, Phrase, cell_name
from kpi_workbook.domain.labels import DEPARTMENT, PROJECT_NAME, PROJECT_NUMBER, normalize_text
from kpi_workbook.domain.roster import Roster, RosterEntry

SHEET_NAME: Final = "名簿"
GUIDE_SHEET_NAME: Final = "記入方法"
HEADERS: Final = (DEPARTMENT, PROJECT_NUMBER, PROJECT_NAME)
_GUIDE: Final = (
    "提出予定の名簿です。1行に1事業を、担当課・事業番号・事業名の順に入力します。",
    "事業が決まっていない課は、担当課だけを入力してください（その課からの提出があれば足ります）。",
    "このファイルを提出予定の名簿に指定して集計すると、未提出の課・事業と名簿にない事業を"
    "報告します。",
    "CSV（UTF-8 または Shift_JIS）で保存しても読めます。1行目は見出しにしてください。",
)
_CSV_ENCODINGS: Final = ("utf-8-sig", "cp932")


def read_roster(path: Path) -> Roster:
    """Read a roster from .xlsx/.xlsm (first sheet with the headers) or .csv.

    Raises:
        KpiWorkbookError: ``roster-unreadable`` (missing file, no 担当課 header, broken file).
    """
    path = Path(path)
    rows: Sequence[Sequence[object]]
    try:
        if path.suffix.lower() == ".csv":
            rows = list(_csv_rows(path))
            sheet = None
        else:
            sheet, rows = _xlsx_rows(path)
    except KpiWorkbookError:
        raise
    except Exception as exc:  # a missing or broken file, whatever the library raises
        reason = (Phrase("ファイルが見つからないか、開けません",
                         "it is missing or cannot be opened")
                  if isinstance(exc, OSError) else
                  Phrase("Excel ブック（.xlsx）または CSV として読めません",
                         "it cannot be read as an Excel workbook (.xlsx) or CSV"))
        raise _unreadable(path, reason, f"{type(exc).__name__}: {exc}"[:300]) from exc
    return _parse_rows(path, sheet, rows)


_NO_HEADER = Phrase(f"「{DEPARTMENT}」の見出しがありません", f"it has no '{DEPARTMENT}' header")


def _unreadable(path: Path, reason: Phrase, detail: str | None = None) -> KpiWorkbookError:
    # The reason in words; what a library raised is the issue's detail, never the message.
    return KpiWorkbookError(Issue("roster-unreadable", Location(path), {"reason": reason},
                                  detail=detail))


def _csv_rows(path: Path) -> Iterator[list[object]]:
    data = path.read_bytes()
    for encoding in _CSV_ENCODINGS:  # Excel in Japan saves CSV as Shift_JIS
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise _unreadable(path, Phrase("文字コードが UTF-8 でも Shift_JIS でもありません",
                                       "its text is neither UTF-8 nor Shift_JIS"))
    yield from csv.reader(io.StringIO(text))


def _xlsx_rows(path: Path) -> tuple[str, Sequence[Sequence[object]]]:
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        for ws in wb.worksheets:
            rows = [list(r) for r in ws.iter_rows(values_only=True)]
            if any(_header_columns(r) for r in rows[:20]):
                return ws.title, rows
    finally:
        wb.close()
    raise _unreadable(path, _NO_HEADER)


def _header_columns(row: Sequence[object]) -> dict[str, int]:
    found: dict[str, int] = {}
    for i, value in enumerate(row):
        key = normalize_text(str(value)) if isinstance(value, str) else ""
        for header in HEADERS:
            if key == header:
                found.setdefault(header, i)
    return found if DEPARTMENT in found else {}


def _parse_rows(path: Path, sheet: str | None, rows: Sequence[Sequence[object]]) -> Roster:
    roster = Roster(path)
    header_at = next((i for i, r in enumerate(rows[:20]) if _header_columns(r)), None)
    if header_at is None:
        raise _unreadable(path, _NO_HEADER)
    cols = _header_columns(rows[header_at])

    def get(row: Sequence[object], header: str) -> str:
        i = cols.get(header)
        value = row[i] if i is not None and i < len(row) else None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return "" if value is None else str(value).strip()

    for i, row in enumerate(rows[header_at + 1:], start=header_at + 2):
        department, number, name = (get(row, h) for h in HEADERS)
        where = Location(path, sheet, cell_name(i, cols[DEPARTMENT] + 1))
        if not (department or number or name):
            continue
        if not department:
            roster.issues.append(Issue("roster-row-invalid", where))
            continue
        roster.entries.append(RosterEntry(department, _number(number), name, where))
    return roster


def _number(text: str) -> int | None:
    digits = normalize_text(text).removeprefix("No.").rstrip(".")
    return int(digits) if digits.isdigit() else None


def write_roster_template(path: Path) -> None:
    """A blank roster: .csv (UTF-8 with BOM, so Excel opens it) or .xlsx."""
    from kpi_workbook.output.atomic import atomic_write

    path = Path(path)
    if path.suffix.lower() == ".csv":
        with atomic_write(path) as tmp:
            tmp.write_text(",".join(HEADERS) + "\r\n", encoding="utf-8-sig")
        return
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    from kpi_workbook.departments.template import LABEL_COLOR, save_workbook, stamp_workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET_NAME
    fill = PatternFill(fill_type="solid", start_color=LABEL_COLOR, end_color=LABEL_COLOR)
    for col, (header, width) in enumerate(zip(HEADERS, (20, 10, 60), strict=True), start=1):
        cell = ws.cell(1, col, header)
        cell.font = Font(bold=True)
        cell.fill = fill
        ws.column_dimensions[cell.column_letter].width = width
    ws.freeze_panes = "A2"
    guide = wb.create_sheet(GUIDE_SHEET_NAME)
    guide.column_dimensions["A"].width = 100
    for row, line in enumerate(_GUIDE, start=1):
        guide.cell(row, 1, f"・{line}")
    stamp_workbook(wb, version=None)
    wb.properties.title = "提出予定の名簿"
    save_workbook(wb, path)
