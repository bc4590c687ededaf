"""提出状況: one row per input file, so the planning division sees who submitted what."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Final

from kpi_workbook.consolidated.writer.cells import (
    LinkBudget,
    write_datetime,
    write_link,
    write_number,
    write_text,
)
from kpi_workbook.consolidated.writer.xlsx_engine.book import sheet_name
from kpi_workbook.domain.issues import Issue, Severity, count_by_severity
from kpi_workbook.domain.sheet_names import circled

if TYPE_CHECKING:
    from xlsxwriter.worksheet import Worksheet

    from kpi_workbook.consolidated.writer.formats import Formats
    from kpi_workbook.consolidated.writer.layout import LinkMap, Target
    from kpi_workbook.domain.model import Submission
    from kpi_workbook.domain.roster import MissingSubmission

SHEET_NAME: Final = "提出状況"
HEADERS: Final = ("ファイル", "担当課", "事業数", "事業", "エラー", "警告", "情報",
                  "SHA-256", "更新日時", "パス", "事業シート")
NOT_SUBMITTED: Final = "（未提出）"
"""ファイル column of a roster row that nobody submitted (a department or its projects)."""
WIDTHS: Final = (28, 14, 7, 50, 7, 7, 7, 66, 19, 50, 40)


def status_files(submissions: Sequence[Submission], issues: Sequence[Issue],
                 exclude: Sequence[Path] = ()) -> list[Path]:
    """Every input file: the submissions in order, then files known only from issues (an
    unreadable or .xls file found in a folder), so no input is silently left out.
    ``exclude``: the roster and previous workbook, which are not inputs."""
    files = [s.path for s in submissions]
    seen = {str(f) for f in files} | {str(f) for f in exclude}
    for issue in issues:
        if str(issue.where.file) not in seen:
            seen.add(str(issue.where.file))
            files.append(issue.where.file)
    return files


def write_status_sheet(ws: Worksheet, submissions: Sequence[Submission],
                       issues: Sequence[Issue], fm: Formats, links: LinkMap, *,
                       missing: Sequence[MissingSubmission] = (),
                       exclude: Sequence[Path] = (),
                       project_sheets: Mapping[str, Target] | None = None) -> None:
    """One row per input file; 事業シート links to the file's first project sheet
    (``project_sheets``: input path → where it is, in this workbook or a part)."""
    project_sheets = project_sheets or {}
    budget = LinkBudget()
    for i, (header, width) in enumerate(zip(HEADERS, WIDTHS, strict=True)):
        write_text(ws, 0, i, header, fm.header)
        ws.set_column(i, i, width)
    by_path = {str(s.path): s for s in submissions}
    files = status_files(submissions, issues, exclude)
    by_file: dict[str, list[Issue]] = {}  # one pass over the issues, not one per file
    for issue in issues:
        by_file.setdefault(str(issue.where.file), []).append(issue)
    for r, path in enumerate(files, start=1):
        sub = by_path.get(str(path))
        counts = count_by_severity(by_file.get(str(path), ()))
        projects = sub.projects if sub else []
        write_text(ws, r, 0, path.name, fm.text)
        write_text(ws, r, 1, sub.department if sub else "", fm.text)
        write_number(ws, r, 2, len(projects), fm.count)
        write_text(ws, r, 3, "、".join(f"{circled(p.number)}{p.name}" for p in projects),
                   fm.wrap)
        for c, severity in ((4, Severity.ERROR), (5, Severity.WARNING), (6, Severity.INFO)):
            write_number(ws, r, c, counts[severity], fm.count)
        write_text(ws, r, 7, sub.sha256 if sub else "", fm.text)
        modified = (dt.datetime.fromtimestamp(sub.modified).replace(microsecond=0)
                    if sub and sub.modified is not None else None)
        write_datetime(ws, r, 8, modified, fm.datetime)
        write_text(ws, r, 9, str(path), fm.text)
        sheet = project_sheets.get(str(path))
        if sheet is not None:
            text = f"{sheet.book} {sheet.sheet}" if sheet.book else sheet.sheet
            write_link(ws, r, 10, sheet.sheet, "A1", text, fm.link, budget, book=sheet.book,
                       text_fmt=fm.text)
        else:
            write_text(ws, r, 10, "", fm.text)
        links.add_file(path, sheet_name(ws), r)
    for r, m in enumerate(missing, start=len(files) + 1):
        write_text(ws, r, 0, NOT_SUBMITTED, fm.marked_text("cell"))
        write_text(ws, r, 1, m.department, fm.text)
        write_number(ws, r, 2, 0 if m.whole_department else None, fm.count)
        write_text(ws, r, 3, "、".join(m.projects), fm.wrap)
    ws.autofilter(0, 0, max(len(files) + len(missing), 1), len(HEADERS) - 1)
    ws.freeze_panes(1, 1)
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0)
    ws.set_footer("&C&P / &N")
