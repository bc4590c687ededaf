"""Where the project sheets of a consolidated workbook are: in it, or in its parts.

Above :data:`MAX_PROJECT_SHEETS` project sheets a
workbook no longer opens in reasonable time (LibreOffice: about 20 s for 250 sheets, 43 s
for 500 on a shared 2-core machine), so merge writes the project sheets to part workbooks
next to OUT, one per 担当課 (or ``--split-by`` key), and OUT keeps every flat sheet whole
(集計一覧, 検証結果, 提出状況, 外部評価, 前回との差異, 事業データ, 事業内容). The shape:

- a part is ``<OUT stem>_事業シート_NN_<key>.xlsx`` in OUT's folder; its first sheet is
  ``事業シート目次`` and its custom document property ``集計ブック`` is OUT's file name;
- OUT's 事業データ has, per project, the columns ``シート`` (the sheet name) and
  ``ファイル`` (the part's file name; empty when the sheet is in OUT itself).

A reader of the flat sheets reads OUT as always; :func:`project_sheets` is the one way to
find a project's print sheet, and :func:`main_of_part` tells a part from OUT. Nothing here
imports xlsxwriter or openpyxl until it reads.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Final

from kpi_workbook.domain.errors import KpiWorkbookError
from kpi_workbook.domain.issues import Issue, Location, Phrase
from kpi_workbook.domain.labels import DEPARTMENT, PROJECT_NAME, PROJECT_NUMBER

MAX_PROJECT_SHEETS: Final = 200
"""Project sheets in one workbook; more are written to part workbooks of at most as many
(``consolidated/writer/split.py``: the measurements behind the figure)."""
PART_PROPERTY: Final = "集計ブック"
"""Custom document property of a part: the file name of its consolidated workbook."""
PROJECTS_SHEET: Final = "事業データ"
SHEET_COLUMN: Final = "シート"
FILE_COLUMN: Final = "ファイル"
PART_INFIX: Final = "_事業シート_"
_UNSAFE_RE: Final = re.compile(r'[\x00-\x1f<>:"/\\|?*\s]+')
MAX_KEY_CHARS: Final = 40


def part_file_name(main: Path | str, number: int, key: str) -> str:
    """``集計ブック_事業シート_03_観光振興課.xlsx``: the ``number``-th part of ``main``, its
    key made safe for a Windows file name."""
    safe = _UNSAFE_RE.sub("_", key).strip("._ ")[:MAX_KEY_CHARS] or "未設定"
    return f"{Path(main).stem}{PART_INFIX}{number:02d}_{safe}.xlsx"


def part_candidates(main: Path) -> list[Path]:
    """Files next to ``main`` named like its parts (they may be left from an earlier run:
    check them with :func:`main_of_part`)."""
    main = Path(main)
    return sorted(main.parent.glob(f"{glob_escape(main.stem)}{PART_INFIX}*.xlsx"))


def glob_escape(text: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", text)


def main_of_part(path: Path) -> str | None:
    """For a part workbook, the file name of its consolidated workbook; None for any
    other file (a consolidated workbook, a submission, a file that is no package)."""
    try:
        with zipfile.ZipFile(path) as zf:
            if "docProps/custom.xml" not in zf.namelist():
                return None
            xml = zf.read("docProps/custom.xml").decode("utf-8")
    except (OSError, zipfile.BadZipFile, UnicodeDecodeError):
        return None
    from defusedxml import ElementTree

    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError:
        return None
    for prop in root:
        if prop.get("name") == PART_PROPERTY:
            return "".join(prop.itertext()).strip() or None
    return None


class SplitBy(Enum):
    """What groups the project sheets into part workbooks (``--split-by``)."""

    DEPARTMENT = "department"
    SCOPE = "scope"


@dataclass(frozen=True, slots=True)
class ProjectSheet:
    """One project's print sheet: which workbook (OUT or a part) and which sheet."""

    number: int | None
    name: str
    department: str
    sheet: str
    file: Path


def project_sheets(main: Path) -> list[ProjectSheet]:
    """Every project sheet of the consolidated workbook ``main``, in 事業データ's order.

    Raises:
        KpiWorkbookError: ``consolidated-part-given`` when ``main`` is a part;
            ``consolidated-unreadable`` when it cannot be read or lacks 事業データ or
            its columns; ``consolidated-part-missing`` when a part it names is not there.
    """
    import openpyxl

    main = Path(main)
    owner = main_of_part(main)
    if owner is not None:
        raise KpiWorkbookError(Issue("consolidated-part-given", Location(main),
                                     {"main": owner}))
    try:
        wb = openpyxl.load_workbook(main, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise _unreadable(main, Phrase("Excel ブック（.xlsx）として開けません",
                                       "it cannot be opened as an Excel workbook (.xlsx)"),
                          f"{type(exc).__name__}: {exc}"[:300]) from exc
    try:
        if PROJECTS_SHEET not in wb.sheetnames:
            raise _unreadable(main, Phrase(f"「{PROJECTS_SHEET}」シートがありません",
                                           f"it has no '{PROJECTS_SHEET}' sheet"))
        rows = wb[PROJECTS_SHEET].iter_rows(values_only=True)
        header = [str(h) if h is not None else "" for h in next(rows, None) or ()]
        needed = (PROJECT_NUMBER, PROJECT_NAME, DEPARTMENT, SHEET_COLUMN, FILE_COLUMN)
        missing = [h for h in needed if h not in header]
        if missing:
            names = "、".join(missing)
            raise _unreadable(main, Phrase(f"「{PROJECTS_SHEET}」シートに列「{names}」がありません",
                                           f"its '{PROJECTS_SHEET}' sheet has no column "
                                           f"'{names}'"))
        col = {h: header.index(h) for h in needed}
        found = []
        for row in rows:
            def cell(h: str, row: tuple[object, ...] = row) -> object:
                i = col[h]
                return row[i] if i < len(row) else None
            sheet = _text(cell(SHEET_COLUMN))
            if not sheet:
                continue
            number = cell(PROJECT_NUMBER)
            part = _text(cell(FILE_COLUMN))
            found.append(ProjectSheet(
                int(number) if isinstance(number, (int, float)) else None,
                _text(cell(PROJECT_NAME)), _text(cell(DEPARTMENT)), sheet,
                main.parent / part if part else main))
    finally:
        wb.close()
    for part_file in sorted({p.file for p in found if p.file != main}):
        if not part_file.is_file():
            raise KpiWorkbookError(Issue("consolidated-part-missing", Location(main),
                                         {"part": part_file.name}))
    return found


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _unreadable(path: Path, reason: Phrase, detail: str | None = None) -> KpiWorkbookError:
    # The reason in words; what openpyxl raised is the issue's detail, never the message.
    return KpiWorkbookError(Issue("consolidated-unreadable", Location(path),
                                  {"reason": reason}, detail=detail))
