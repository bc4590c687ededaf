"""Shared test helpers: filling the official template like a clerk, comparing workbooks.

``fill_template`` and ``workbook_snapshot`` are plain functions (``from tests.conftest import
fill_template``) so that read-back tests can build their inputs without fixtures.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.cell.cell import MergedCell

from kpi_workbook.departments.template import (
    DEFAULT_LAYOUT,
    GUIDE_SHEET_TITLE,
    PROJECT_SHEET_TITLE,
    TemplateLayout,
    build_guide_sheet,
    build_project_sheet,
    fill_project_sheet,
    layout_for,
    save_workbook,
    stamp_workbook,
    write_template,
)

REPO = Path(__file__).resolve().parent.parent
TEMPLATE_FILE = REPO / "templates" / "kpi_template.xlsx"
EXAMPLES = REPO / "examples"
SEED_JSON = EXAMPLES / "seed_projects.json"


def seed_projects() -> dict[int, dict[str, Any]]:
    """The seed's five projects (examples/seed_projects.json) by 事業番号."""
    data = json.loads(SEED_JSON.read_text(encoding="utf-8"))
    return {p["number"]: p for p in data["projects"]}


def fill_template(path: Path, project: Mapping[str, Any],
                  layout: TemplateLayout | None = None) -> TemplateLayout:
    """Write the official template to ``path`` with ``project`` typed into its input cells.

    ``project`` has the shape of an entry of ``examples/seed_projects.json``. When it fits
    the blank template exactly (3 KPIs, 3 years) the template is written, opened with
    openpyxl, typed into and saved, as a clerk would. Otherwise the project sheet is built
    the way a clerk extends or trims it (KPI pairs added or deleted, year rows added or
    deleted, no KPI columns for a 広域 project without KPIs), or as ``layout`` says (pass
    ``TemplateLayout()`` to keep unused KPI pairs empty instead of deleting them).
    Returns the layout used, so a test can find any cell by name.
    """
    path = Path(path)
    kpis = project.get("kpis") or []
    years = project.get("years") or []
    fits = len(kpis) == DEFAULT_LAYOUT.kpi_count and len(years) == DEFAULT_LAYOUT.year_count
    if layout is None and fits:
        write_template(path)
        wb = openpyxl.load_workbook(path)
        fill_project_sheet(wb[PROJECT_SHEET_TITLE], DEFAULT_LAYOUT, project)
        wb.save(path)
        return DEFAULT_LAYOUT
    layout = layout or layout_for(project)
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = PROJECT_SHEET_TITLE
    build_project_sheet(ws, layout)
    build_guide_sheet(wb.create_sheet(GUIDE_SHEET_TITLE))
    stamp_workbook(wb)
    fill_project_sheet(ws, layout, project)
    save_workbook(wb, path)
    return layout


def _color(color: Any) -> str | None:
    return None if color is None else str(color.rgb)


def _cell_snapshot(cell: Any) -> tuple[Any, ...]:
    return (
        cell.value,
        cell.data_type,
        cell.number_format,
        cell.fill.fill_type,
        _color(cell.fill.fgColor) if cell.fill.fill_type else None,
        cell.font.name,
        cell.font.b,
        cell.protection.locked,
        cell.alignment.horizontal,
        cell.alignment.wrap_text,
    )


def workbook_snapshot(path: Path) -> dict[str, Any]:
    """What a person sees and the reader uses in a workbook, as comparable plain data.

    Values, formats, fills, fonts, lock flags, merged ranges, data validations,
    conditional formats, protection, dimensions, print set-up and defined names: two
    workbooks with equal snapshots are the same workbook for every purpose here, even
    when their bytes differ.
    """
    wb = openpyxl.load_workbook(path)
    props = wb.properties
    snap: dict[str, Any] = {
        "sheets": wb.sheetnames,
        "properties": (props.creator, props.created, props.modified, props.title),
        "defined_names": sorted((n, d.attr_text, d.hidden) for n, d in wb.defined_names.items()),
    }
    for ws in wb.worksheets:
        cells = {
            c.coordinate: _cell_snapshot(c)
            for row in ws.iter_rows()
            for c in row
            if not isinstance(c, MergedCell)
        }
        validations = sorted(
            (str(dv.sqref), dv.type, dv.formula1, dv.errorStyle, dv.showErrorMessage,
             dv.allow_blank)
            for dv in ws.data_validations.dataValidation
        )
        conditional = sorted(
            (str(cf.sqref), rule.type, tuple(rule.formula), rule.priority, rule.stopIfTrue,
             rule.dxf.numFmt.formatCode if rule.dxf and rule.dxf.numFmt else None)
            for cf in ws.conditional_formatting
            for rule in cf.rules
        )
        p = ws.protection
        setup = ws.page_setup
        snap[ws.title] = {
            "state": ws.sheet_state,
            "cells": cells,
            "merged": sorted(str(r) for r in ws.merged_cells.ranges),
            "validations": validations,
            "conditional": conditional,
            "protection": (p.sheet, p.password, p.formatCells, p.formatColumns, p.formatRows,
                           p.insertColumns, p.insertRows, p.deleteRows, p.deleteColumns),
            "rows": sorted((i, d.height, d.hidden) for i, d in ws.row_dimensions.items()
                           if d.height is not None or d.hidden),
            "columns": sorted((k, d.width) for k, d in ws.column_dimensions.items()),
            "print": (setup.paperSize, setup.orientation, setup.fitToWidth, setup.fitToHeight,
                      ws.sheet_properties.pageSetUpPr.fitToPage
                      if ws.sheet_properties.pageSetUpPr else None,
                      ws.print_area, ws.print_title_rows),
            "local_names": sorted((n, d.attr_text) for n, d in ws.defined_names.items()),
        }
    return snap


def assert_same_workbook(actual: Path, expected: Path) -> None:
    """Fail with the first differing part when two workbooks differ (cell by cell)."""
    got, want = workbook_snapshot(actual), workbook_snapshot(expected)
    assert got.keys() == want.keys(), f"{actual.name}: sheets differ"
    for key in want:
        if isinstance(want[key], dict):
            for part in want[key]:
                if part == "cells":
                    cells_got, cells_want = got[key]["cells"], want[key]["cells"]
                    diff = sorted(c for c in cells_got.keys() | cells_want.keys()
                                  if cells_got.get(c) != cells_want.get(c))
                    assert not diff, (
                        f"{expected.name}!{key}: cells differ at {diff[:10]}: "
                        f"{[(cells_got.get(c), cells_want.get(c)) for c in diff[:3]]}")
                else:
                    assert got[key][part] == want[key][part], f"{expected.name}!{key}: {part}"
        else:
            assert got[key] == want[key], f"{expected.name}: {key}"
