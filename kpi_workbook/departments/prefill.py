"""Next year's workbooks: one pre-filled submission per department, from last year's 集計ブック.

A department should not retype what it reported last year. ``template --from LAST.xlsx``
writes each department's projects in the official layout (``template.py``) with the header
block, the KPI names, units, directions, value kinds and baselines, the targets and the
actuals already reported, all locked; the open (yellow) cells are what the new report asks
for. Everything comes from the flat sheets of LAST (``previous.py``), not its print layout.

Which report is next, and what is open (the seed's projects end in FY2022/2023, so the
rule has to cover both a project that goes on and one that has ended):

- the next report year N is ``--year``, else the 対象年度 of LAST plus one;
- open: every actual of a year up to N that LAST has no number or dash for (a year not yet
  reported, or an unreadable entry, which is cleared), a baseline LAST holds unreadable
  text for (cleared), the 事業内容 of year N (and of any earlier year left empty), and the
  fields a department reassesses each year (事業効果, 今後の方針, 評価・課題, 事業費,
  交付金額; 事業目的 only when empty), pre-filled with last year's entries;
- a project whose period ended before N and has no open actual has nothing left to
  report and is left out; a project that continues past its period needs a new period,
  which the department agrees with the planning division (the sheet's protection has no
  password), not something the tool guesses.

What the outside experts and the council said about a project last time (外部評価 of LAST,
spec §5.1) is shown read-only under its header block, one row per entry.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side

from kpi_workbook.consolidated.columns.evaluation import PREVIOUS_PREFIX
from kpi_workbook.consolidated.previous import (
    Consolidated,
    PastProject,
    PastValue,
)
from kpi_workbook.departments.template import (
    FONT_NAME,
    GUIDE_SHEET_TITLE,
    INPUT_COLOR,
    NOT_APPLICABLE,
    TemplateLayout,
    build_guide_sheet,
    build_project_sheet,
    fill_project_sheet,
    save_workbook,
    stamp_workbook,
)
from kpi_workbook.domain import labels
from kpi_workbook.domain.sheet_names import SheetNames, circled

REPORTED_COLOR: Final = "EDEDED"  # light grey: reported last year, locked
_REPORTED_FILL: Final = PatternFill(fill_type="solid", start_color=REPORTED_COLOR,
                                    end_color=REPORTED_COLOR)
_INPUT_FILL: Final = PatternFill(fill_type="solid", start_color=INPUT_COLOR,
                                 end_color=INPUT_COLOR)
_OPEN_FIELDS: Final = (labels.COST, labels.GRANT, labels.EFFECT, labels.POLICY,
                       labels.ASSESSMENT)
_REVIEW_LABEL_FONT: Final = Font(name=FONT_NAME, size=10, bold=True)
_THIN: Final = Side(style="thin", color="808080")
_REVIEW_BORDER: Final = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP: Final = Alignment(wrap_text=True, vertical="top")
UNKNOWN_DEPARTMENT: Final = "担当課不明"
_FILE_FORBIDDEN_RE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


@dataclass(slots=True)
class PrefilledProject:
    """A project of LAST as it goes into next year's workbook, and which cells are open."""

    past: PastProject
    data: dict[str, Any]
    """The shape of ``examples/seed_projects.json`` for ``template.fill_project_sheet``."""
    layout: TemplateLayout
    open_cells: set[str] = field(default_factory=set)


def next_report_year(consolidated: Consolidated) -> int:
    """The 対象年度 of LAST plus one, else the year after the last one with an actual."""
    if consolidated.report_year is not None:
        return consolidated.report_year + 1
    years = [y for p in consolidated.projects for k in p.kpis for y, (_, a) in k.values.items()
             if not a.is_missing]
    return max(years) + 1 if years else max(
        (max(p.years) for p in consolidated.projects if p.years), default=0)


def plan_project(past: PastProject, year: int) -> PrefilledProject | None:
    """What to write for ``past`` in the report of ``year``; None when nothing is left."""
    years = past.years
    kpis = past.kpis
    layout = TemplateLayout(kpi_count=len(kpis), year_count=max(len(years), 1),
                            review_rows=len(past.evaluation.entries()))
    open_cells: set[str] = set()
    open_actuals = 0
    rows: list[dict[str, Any]] = []
    for ordinal, fy in enumerate(years, start=1):
        row = layout.year_row(ordinal)
        values: list[list[object]] = []
        for k, kpi in enumerate(kpis, start=1):
            target, actual = kpi.values.get(fy, (PastValue(), PastValue()))
            if fy <= year and actual.number is None and not actual.is_dash:
                open_cells.add(layout.cell(row, layout.actual_col(k)))
                open_actuals += 1
                actual = PastValue()  # an unreadable entry is asked for again
            values.append([_typed(target), _typed(actual)])
        activities = past.activities.get(fy, "")
        if fy == year or (fy < year and not activities):
            open_cells.add(layout.cell(row, layout.value_col))
        rows.append({"activities": activities or None, "values": values})
    ended = past.period is not None and past.period.end < year
    if ended and not open_actuals:
        return None
    open_cells.update(layout.header_cell(f) for f in _OPEN_FIELDS)
    if not past.purpose:
        open_cells.add(layout.header_cell(labels.PURPOSE))
    kpi_data: list[dict[str, Any]] = []
    for k, kpi in enumerate(kpis, start=1):
        figures: dict[str, object] = {}
        for label, key, past_value in ((labels.BASELINE, "baseline", kpi.baseline),
                                       (labels.FINAL_TARGET, "final_target",
                                        kpi.final_target)):
            if past_value.number is None and not past_value.is_dash:
                # empty (never given, or a workbook from before the row) or unreadable
                # last year: asked for (again)
                open_cells.add(layout.cell(layout.attribute_row(label), layout.kpi_col(k)))
                past_value = PastValue()
            figures[key] = _typed(past_value)
        # When this year's latest figure is due, and whether it is final: new each year.
        open_cells.update(layout.cell(layout.attribute_row(label), layout.kpi_col(k))
                          for label in (labels.DUE, labels.FIGURE_STATUS))
        kpi_data.append({"name": kpi.name, "unit": kpi.unit or None,
                         "direction": kpi.direction.value, "kind": kpi.kind.value,
                         **figures})
    data: dict[str, Any] = {
        "number": past.number, "name": past.name, "scope": past.scope or None,
        "department": past.department or None, "purpose": past.purpose or None,
        "period_start": past.period.start if past.period else None,
        "period_end": past.period.end if past.period else None,
        "cost": _amount(past.cost), "grant": _amount(past.grant),
        "effect": past.effect or None, "policy": past.policy or None,
        "assessment": past.assessment or None,
        "kpis": kpi_data,
        "years": rows,
    }
    return PrefilledProject(past, data, layout, open_cells)


def _typed(value: PastValue) -> object:
    # As a clerk types it: a number as a number, a deliberate dash as 「-」.
    return _amount(value.number) if value.number is not None else (
        NOT_APPLICABLE if value.is_dash else None)


def _amount(number: float | None) -> int | float | None:
    if number is None:
        return None
    return int(number) if float(number).is_integer() else number


def build_department_workbook(projects: Sequence[PrefilledProject]) -> Workbook:
    """One workbook: a project sheet per project (by 事業番号), then 記入方法."""
    wb = Workbook()
    default = wb.active
    names = SheetNames([GUIDE_SHEET_TITLE])
    for plan in sorted(projects, key=lambda p: (p.past.number or 10**9, p.past.name)):
        ws = wb.create_sheet(names.claim(f"{circled(plan.past.number)}{plan.past.name}"))
        build_project_sheet(ws, plan.layout)
        fill_project_sheet(ws, plan.layout, plan.data)
        _keep_text_as_text(ws, plan)
        _lock_reported(ws, plan)
        _show_review(ws, plan)
    if default is not None:
        wb.remove(default)
    build_guide_sheet(wb.create_sheet(GUIDE_SHEET_TITLE))
    stamp_workbook(wb)
    return wb


def _keep_text_as_text(ws: Any, plan: PrefilledProject) -> None:
    # openpyxl takes any text starting with "=" for a formula (評価・課題 「=…」 would come
    # back as a formula without a cached result); everything written here is data.
    for coord in plan.layout.input_cells():
        cell = ws[coord]
        if cell.data_type == "f" and isinstance(cell.value, str):
            cell.data_type = "s"


def _lock_reported(ws: Any, plan: PrefilledProject) -> None:
    for coord in plan.layout.input_cells():
        cell = ws[coord]
        if coord in plan.open_cells:
            cell.protection = Protection(locked=False)
            cell.fill = _INPUT_FILL
        else:
            cell.protection = Protection(locked=True)
            cell.fill = _REPORTED_FILL


def _show_review(ws: Any, plan: PrefilledProject) -> None:
    """What the experts and the council said last time, read-only under the header block
    (spec §5.1), so the department sees it while it writes this year's report."""
    lay = plan.layout
    for index, (heading, text) in enumerate(plan.past.evaluation.entries(), start=1):
        row = lay.review_row(index)
        label = ws.cell(row, lay.label_col, PREVIOUS_PREFIX + heading)
        label.font, label.fill, label.alignment = _REVIEW_LABEL_FONT, _REPORTED_FILL, _WRAP
        label.border = _REVIEW_BORDER
        for col in range(lay.value_col, lay.last_col + 1):
            ws.cell(row, col).border = _REVIEW_BORDER
            ws.cell(row, col).fill = _REPORTED_FILL
        ws.merge_cells(start_row=row, start_column=lay.value_col, end_row=row,
                       end_column=lay.last_col)
        value = ws.cell(row, lay.value_col, text)
        value.data_type = "s"  # an opinion that starts with "=" is text, never a formula
        value.alignment = _WRAP
        value.protection = Protection(locked=True)
        ws.row_dimensions[row].height = max(30, 15 * (1 + len(text) // 60 + text.count("\n")))


def department_file_name(department: str) -> str:
    name = _FILE_FORBIDDEN_RE.sub("_", department).strip(" .") or UNKNOWN_DEPARTMENT
    return f"{name}.xlsx"


def plan_departments(consolidated: Consolidated, *, year: int | None = None
                     ) -> dict[str, list[PrefilledProject]]:
    """What each department's workbook for the next report holds, by department name
    (only departments with something left to report)."""
    report_year = year if year is not None else next_report_year(consolidated)
    by_department: dict[str, list[PrefilledProject]] = {}
    for past in consolidated.projects:
        plan = plan_project(past, report_year)
        if plan is not None:
            by_department.setdefault(past.department or UNKNOWN_DEPARTMENT, []).append(plan)
    return {d: by_department[d] for d in sorted(by_department)}


def write_department(department: str, projects: Sequence[PrefilledProject],
                     outdir: Path) -> Path:
    """Write one department's pre-filled workbook into ``outdir`` (atomically)."""
    path = Path(outdir) / department_file_name(department)
    save_workbook(build_department_workbook(projects), path)
    return path
