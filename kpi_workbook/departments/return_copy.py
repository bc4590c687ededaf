"""Return copies (差し戻しファイル): the department's own workbook with our findings on it.

A clerk sends a department back the file it submitted, with every cell that has an issue
coloured (red for errors, yellow for warnings) and commented, and a first sheet 指摘事項
that lists the issues with links to the cells. The department fixes that copy and submits
it again, so the copy must read exactly like the original: only fills, comments and one
extra sheet are added, and the reader skips the 指摘事項 sheet (``labels.REVIEW_SHEET``).

The original file is only read. The copy is made with openpyxl, which keeps formatting,
merged cells, data validation, conditional formats and protection (and VBA with
``keep_vba`` for .xlsm) but not drawings or charts. Nor does it keep the results cached
with formulas, and without them a formula cell reads as value-formula-no-cache: so the
saved copy's sheet XML is patched afterwards to put back each formula's cached value from
the original (``restore_cached_values``). A formula without a cached value in the original
stays without one (and is still reported).
"""

from __future__ import annotations

import math
import os
import posixpath
import re
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final
from xml.sax.saxutils import escape

import openpyxl
from defusedxml import ElementTree as SafeET
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.comments import Comment
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from kpi_workbook.domain import labels
from kpi_workbook.domain.errors import InputFileError
from kpi_workbook.domain.issues import (
    RETURN_SEVERITIES,
    Issue,
    Severity,
    needs_return_copy,
    sort_issues,
)
from kpi_workbook.domain.labels import normalize_text
from kpi_workbook.domain.messages import Lang, severity_label
from kpi_workbook.domain.model import Submission
from kpi_workbook.output.atomic import atomic_write
from kpi_workbook.reading import grid
from kpi_workbook.reading import return_copy_marker as marker
from kpi_workbook.reading.profiles.loading import default_profile

SHEET_NAME: Final = labels.REVIEW_SHEET
SUFFIX: Final = "_差し戻し"
"""Appended to the file's stem: 建設課.xlsx → 建設課_差し戻し.xlsx."""
AUTHOR: Final = "kpi-workbook"

ERROR_COLOR: Final = "FFC7CE"  # Excel's "light red fill"
WARNING_COLOR: Final = "FFEB9C"  # Excel's "yellow fill"
_FILLS: Final = {
    Severity.ERROR: PatternFill(fill_type="solid", start_color=ERROR_COLOR, end_color=ERROR_COLOR),
    Severity.WARNING: PatternFill(fill_type="solid", start_color=WARNING_COLOR,
                                  end_color=WARNING_COLOR),
}

_TEXT: Final[dict[str, dict[Lang, str]]] = {
    "title": {"ja": "指摘事項（{file}）", "en": "Findings ({file})"},
    "note": {"ja": "赤色（エラー）と黄色（警告）のセルを確認・修正し、このファイルを保存して"
                   "再提出してください。このシートは集計では読み飛ばすので、残したままで構いません。",
             "en": "Check and correct the red (error) and yellow (warning) cells, save this "
                   "file and submit it again. This sheet is skipped when the workbook is "
                   "read, so you may leave it in place."},
    "severity": {"ja": "重要度", "en": "Severity"},
    "sheet": {"ja": "シート", "en": "Sheet"},
    "cell": {"ja": "セル", "en": "Cell"},
    "message": {"ja": "内容", "en": "Message"},
    "whole_file": {"ja": "（ファイル全体）", "en": "(whole file)"},
}
_HEADER_ROW: Final = 4
_WIDTHS: Final = (10, 24, 8, 100)
_CELL_RE = re.compile(r"^[A-Z]{1,3}[0-9]{1,7}$")


def text(key: str, lang: Lang, **params: object) -> str:
    return _TEXT[key][lang].format(**params)


def return_copy_path(source: Path, outdir: Path, number: int = 1) -> Path:
    """Where the return copy of ``source`` goes: ``OUTDIR/<stem>_差し戻し<suffix>``;
    ``number`` > 1 gives ``<stem>_<number>_差し戻し<suffix>``, for a second file of the
    same name in one run (``in/a/KPI報告.xlsx``, ``in/b/KPI報告.xlsx``)."""
    stem = source.stem.removesuffix(SUFFIX)  # a resubmitted copy keeps its name
    if number > 1:
        stem = f"{stem}_{number}"
    return Path(outdir) / f"{stem}{SUFFIX}{source.suffix.lower()}"


def needs_return(submission: Submission) -> bool:
    """A copy is written only when a department has something to fix (an error or warning)."""
    return needs_return_copy(submission.issues)


def write_return_copy(submission: Submission, outdir: Path, lang: Lang = "ja", *,
                      out: Path | None = None) -> Path | None:
    """Write the annotated copy of ``submission`` into ``outdir``, atomically (as ``out``
    when given, else under :func:`return_copy_path`).

    Returns:
        The copy's path, or None when there is nothing to return (no error or warning) or
        the file cannot be opened at all (unreadable, encrypted, .xls): those issues are
        reported to the clerk, and there is no workbook to annotate.

    Raises:
        OutputError: the copy could not be written (open in Excel, unwritable folder).
    """
    if not needs_return(submission):
        return None
    source = submission.path
    try:
        wb = openpyxl.load_workbook(source, keep_vba=source.suffix.lower() == ".xlsm",
                                    keep_links=True, rich_text=True)
    except Exception:  # openpyxl raises many types for a broken file; the issue says why
        return None
    annotate_workbook(wb, submission.issues, lang, source.name)
    _set_marker(wb, marker.PLACEHOLDER)
    out = out if out is not None else return_copy_path(source, outdir)
    with atomic_write(out) as tmp:
        wb.save(tmp)
        restore_cached_values(source, tmp)
        stamp_marker(tmp, source.name)
    return out


def _set_marker(wb: Workbook, value: str) -> None:
    props = wb.custom_doc_props  # type: ignore[attr-defined]  # openpyxl 3.1, not in its stubs
    props.props = [p for p in props.props if p.name != marker.PROPERTY]  # copied again
    props.append(StringProperty(name=marker.PROPERTY, value=value))


def stamp_marker(copy: Path, source_name: str) -> None:
    """Put the digest of the finished package into its marker (``return_copy_marker``):
    from now on the copy is recognised as ours until another program saves it."""
    with zipfile.ZipFile(copy) as zf:
        xml = zf.read(marker.CUSTOM_PART).decode("utf-8")
        value = marker.marker_value(marker.package_digest(zf), escape(source_name))
    placeholder = f">{marker.PLACEHOLDER}<"
    if placeholder not in xml:
        raise ValueError("the return-copy marker was not written")  # openpyxl changed
    _rewrite_parts(copy, {marker.CUSTOM_PART: xml.replace(placeholder, f">{value}<")
                          .encode("utf-8")})


def annotate_workbook(wb: Workbook, issues: Sequence[Issue], lang: Lang, file_name: str) -> None:
    """Mark every issue's cell and put the 指摘事項 sheet first (the workbook is changed)."""
    for name in [n for n in wb.sheetnames if normalize_text(n) == SHEET_NAME]:
        del wb[name]  # a return copy annotated again: the old findings are stale
    for ws in wb.worksheets:
        _clear_marks(ws)
    ordered = sort_issues(issues)
    for mark in _marks(wb, ordered):
        _mark_cell(mark, lang)
    _write_review_sheet(wb, ordered, lang, file_name)


@dataclass(slots=True)
class _Mark:
    cell: Cell
    issues: list[Issue]

    @property
    def severity(self) -> Severity:
        return min((i.severity for i in self.issues), key=lambda s: s.rank)


def _marks(wb: Workbook, issues: Iterable[Issue]) -> list[_Mark]:
    """Issues grouped by the cell they point at (a merged cell's top-left cell)."""
    marks: dict[tuple[str, str], _Mark] = {}
    for issue in issues:
        cell = _target_cell(wb, issue)
        if cell is None or issue.severity not in RETURN_SEVERITIES:
            continue
        key = (cell.parent.title, cell.coordinate)
        marks.setdefault(key, _Mark(cell, [])).issues.append(issue)
    return list(marks.values())


def _target_cell(wb: Workbook, issue: Issue) -> Cell | None:
    sheet, coord = issue.where.sheet, issue.where.cell
    if not sheet or not coord or sheet not in wb.sheetnames or not _CELL_RE.match(coord):
        return None
    ws = wb[sheet]
    cell = ws[coord]
    if isinstance(cell, MergedCell):
        for rng in ws.merged_cells.ranges:
            if coord in rng:
                top_left = ws.cell(rng.min_row, rng.min_col)
                return top_left if isinstance(top_left, Cell) else None
        return None
    return cell if isinstance(cell, Cell) else None


def _clear_marks(ws: Worksheet) -> None:
    # Our comments and fills from an earlier round; the original fill of such a cell is
    # not known any more, so it becomes plain (a fixed cell must not stay red).
    ours = {f"00{c}" for c in (ERROR_COLOR, WARNING_COLOR)} | {f"FF{c}" for c in (
        ERROR_COLOR, WARNING_COLOR)}
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell, MergedCell):
                continue
            if cell.comment is not None and cell.comment.author == AUTHOR:
                cell.comment = None
            if cell.fill.fill_type == "solid" and str(cell.fill.fgColor.rgb) in ours:
                cell.fill = PatternFill(fill_type=None)


def _mark_cell(mark: _Mark, lang: Lang) -> None:
    cell = mark.cell
    cell.fill = _FILLS[mark.severity]
    lines = [f"[{severity_label(i.severity, lang)}] {i.message(lang)}" for i in mark.issues]
    if cell.comment is not None and cell.comment.text:
        lines.insert(0, cell.comment.text)  # the department's own note stays first
    comment = Comment("\n".join(lines), AUTHOR)
    comment.width = 320
    comment.height = max(80, 40 * len(lines))
    cell.comment = comment


def _put_text(cell: Cell, value: str) -> None:
    # Text is text: a message or sheet name starting with "=" must not become a formula,
    # and no cell of this sheet may read as a layout label (the reader would take a sheet
    # with 事業名 and 事業概要 labels for a project sheet).
    if default_profile().layout_labels(value) is not None:
        value = f"「{value}」"
    cell.value = value
    cell.data_type = "s"


def _write_review_sheet(wb: Workbook, issues: Sequence[Issue], lang: Lang,
                        file_name: str) -> None:
    ws = wb.create_sheet(SHEET_NAME, 0)
    for other in wb.worksheets:
        other.sheet_view.tabSelected = False  # else Excel opens with the sheets grouped
    wb.active = 0
    ws.sheet_view.tabSelected = True

    _put_text(ws.cell(1, 1), text("title", lang, file=file_name))
    ws.cell(1, 1).font = Font(bold=True, size=14)
    _put_text(ws.cell(2, 1), text("note", lang))
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(_WIDTHS))
    ws.cell(2, 1).alignment = Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[2].height = 32
    headers = ("severity", "sheet", "cell", "message")
    for col, (key, width) in enumerate(zip(headers, _WIDTHS, strict=True), start=1):
        _put_text(ws.cell(_HEADER_ROW, col), text(key, lang))
        ws.cell(_HEADER_ROW, col).font = Font(bold=True)
        ws.column_dimensions[get_column_letter(col)].width = width

    for row, issue in enumerate(issues, start=_HEADER_ROW + 1):
        severity = issue.severity
        sev = ws.cell(row, 1)
        _put_text(sev, severity_label(severity, lang))
        if severity in _FILLS:
            sev.fill = _FILLS[severity]
        _put_text(ws.cell(row, 2), issue.where.sheet or text("whole_file", lang))
        if issue.where.cell:
            _put_text(ws.cell(row, 3), issue.where.cell)
        message = ws.cell(row, 4)
        _put_text(message, issue.message(lang))
        message.alignment = Alignment(wrap_text=True, vertical="top")
        target = _link_target(wb, issue)
        if target is not None:
            for col in (2, 3):
                cell = ws.cell(row, col)
                if cell.value is not None:
                    cell.hyperlink = Hyperlink(ref=cell.coordinate, location=target)
                    cell.font = Font(color="0563C1", underline="single")
    last = _HEADER_ROW + max(len(issues), 1)
    ws.auto_filter.ref = f"A{_HEADER_ROW}:D{last}"
    ws.freeze_panes = f"A{_HEADER_ROW + 1}"
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _link_target(wb: Workbook, issue: Issue) -> str | None:
    """``'sheet'!C5`` (internal link), the sheet's A1 when the issue has no cell."""
    sheet = issue.where.sheet
    if not sheet or sheet not in wb.sheetnames:
        return None
    cell = _target_cell(wb, issue)
    coord = cell.coordinate if cell is not None else "A1"
    return f"{quote_sheet(sheet)}!{coord}"


def quote_sheet(name: str) -> str:
    """A sheet name as a reference: quoted, inner quotes doubled."""
    return "'" + name.replace("'", "''") + "'"


# --- formula results: put back what openpyxl drops ---------------------------------------

Cached = dict[str, dict[str, grid.Cell]]
"""sheet name → cell reference (``C23``) → the original's formula cell with its result."""

_REL_NS: Final = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
# A cell element of the sheet XML openpyxl writes: self-closing (no formula, left alone),
# or with content. Cells do not nest and "<"/">" inside text are escaped, so the first
# "</c>" after a start tag closes that cell.
_CELL_XML_RE = re.compile(r"<c\b[^>]*/>|<c\b(?P<attrs>[^>]*)>(?P<body>.*?)</c>", re.DOTALL)
_REF_ATTR_RE = re.compile(r'\br="([A-Z]{1,3}[0-9]{1,7})"')
_TYPE_ATTR_RE = re.compile(r'\s+t="[^"]*"')
_FORMULA_RE = re.compile(r"<f[\s>/]")
_EMPTY_V_RE = re.compile(r"<v\s*/>|<v>\s*</v>")


def restore_cached_values(original: Path, copy: Path) -> int:
    """Give each formula cell of ``copy`` the cached result the same cell has in ``original``.

    openpyxl writes formulas with an empty ``<v/>``; the original's result goes back in as
    ``<v>`` with the type Excel uses (``t="str"`` text, ``t="b"`` boolean, ``t="e"`` error,
    none for a number). Only formula cells without a result are touched, and a formula that
    had no result in the original keeps none. ``copy`` is rewritten into a temporary file
    that then replaces it.

    Returns:
        The number of cells given back their result.
    """
    try:
        book = grid.load(original)
    except InputFileError:
        return 0
    cached: Cached = {}
    for sheet in book.sheets:
        cells = {f"{get_column_letter(c)}{r}": cell
                 for (r, c), cell in sheet.cells.items()
                 if cell.formula is not None and (cell.value is not None
                                                  or cell.error is not None)}
        if cells:
            cached[sheet.name] = cells
    if not cached:
        return 0
    with zipfile.ZipFile(copy) as zf:
        parts = {part: cached[name] for name, part in _sheet_parts(zf).items()
                 if name in cached}
        patched: dict[str, bytes] = {}
        restored = 0
        for part, cells in parts.items():
            xml, count = _patch_sheet_xml(zf.read(part).decode("utf-8"), cells)
            if count:
                patched[part] = xml.encode("utf-8")
                restored += count
    if patched:
        _rewrite_parts(copy, patched)
    return restored


def _rewrite_parts(copy: Path, parts: dict[str, bytes]) -> None:
    """Replace the named parts of the package ``copy`` (through a temporary file)."""
    fd, name = tempfile.mkstemp(prefix=f".{copy.stem}.", suffix=".tmp", dir=copy.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        with zipfile.ZipFile(copy) as zf, zipfile.ZipFile(tmp, "w") as out:
            for info in zf.infolist():
                out.writestr(info, parts.get(info.filename) or zf.read(info.filename))
        os.replace(tmp, copy)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → its part (``xl/worksheets/sheet1.xml``) in an openpyxl-written package."""
    names = set(zf.namelist())
    workbook = SafeET.fromstring(zf.read("xl/workbook.xml"))
    rels = SafeET.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    targets = {}
    for rel in rels:
        target = rel.get("Target", "")
        targets[rel.get("Id", "")] = (target.lstrip("/") if target.startswith("/")
                                      else posixpath.normpath(posixpath.join("xl", target)))
    out: dict[str, str] = {}
    for elem in workbook.iter():
        if elem.tag.rsplit("}", 1)[-1] == "sheet":
            part = targets.get(elem.get(f"{{{_REL_NS}}}id", ""))
            if part in names:
                out[elem.get("name", "")] = part
    return out


def _patch_sheet_xml(xml: str, cells: dict[str, grid.Cell]) -> tuple[str, int]:
    count = 0

    def patch(m: re.Match[str]) -> str:
        nonlocal count
        attrs, body = m.group("attrs"), m.group("body")
        if attrs is None or not _FORMULA_RE.search(body):
            return m.group(0)
        ref = _REF_ATTR_RE.search(attrs)
        cell = cells.get(ref.group(1)) if ref else None
        if cell is None:
            return m.group(0)
        cached = _cached_xml(cell)
        if cached is None:
            return m.group(0)
        kind, text = cached
        if "<v" in body:
            body, n = _EMPTY_V_RE.subn(f"<v>{text}</v>", body, count=1)
            if not n:
                return m.group(0)  # a result is there already
        else:
            body += f"<v>{text}</v>"
        attrs = _TYPE_ATTR_RE.sub("", attrs) + (f' t="{kind}"' if kind else "")
        count += 1
        return f"<c{attrs}>{body}</c>"

    return _CELL_XML_RE.sub(patch, xml), count


def _cached_xml(cell: grid.Cell) -> tuple[str, str] | None:
    """(the c element's t, the escaped <v> text) for a cached result; None: none to give."""
    if cell.error is not None:
        return "e", escape(cell.error)
    value = cell.value
    if isinstance(value, bool):
        return "b", "1" if value else "0"
    if isinstance(value, int):
        return "", str(value)
    if isinstance(value, float):
        return ("", repr(value)) if math.isfinite(value) else None
    if isinstance(value, str):
        return "str", escape(value)
    return None
