"""Build the example submissions from the official template and the seed's projects.

Run ``python examples/make_examples.py``. It writes, next to this script:

- ``submissions/``: one workbook per department, filled the way clerks fill the template,
  with the seed's five projects (``seed_projects.json``). 市民活動推進課 still uses the older
  layout of the seed (no attribute rows, values typed as text such as ``-339人``); the two
  広域 projects have no KPI columns; ⑤ keeps the seed's HTML leftovers in 事業内容.
- ``faulty/``: a submission with the mistakes the checker must report.

The output is deterministic, so ``tests/test_examples.py`` can regenerate it and compare
it with the committed files.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Final

HERE: Final = Path(__file__).resolve().parent
if str(HERE.parent) not in sys.path:  # runnable from a checkout without installing
    sys.path.insert(0, str(HERE.parent))

from openpyxl import Workbook  # noqa: E402
from openpyxl.worksheet.worksheet import Worksheet  # noqa: E402

from kpi_workbook.departments.template import (  # noqa: E402
    GUIDE_SHEET_TITLE,
    PERIOD_SEPARATOR,
    TEMPLATE_VERSION,
    TemplateLayout,
    build_guide_sheet,
    build_project_sheet,
    fill_project_sheet,
    layout_for,
    save_workbook,
    stamp_workbook,
)
from kpi_workbook.domain import labels  # noqa: E402
from kpi_workbook.domain.fiscal_year import format_fiscal_year  # noqa: E402

SEED_JSON: Final = HERE / "seed_projects.json"

# Which projects each department submits, in sheet order (by 事業番号).
DEPARTMENT_FILES: Final[dict[str, tuple[int, ...]]] = {
    "商工労働課": (1, 4),
    "企画課": (2,),
    "市民活動推進課": (3,),
    "観光振興課": (5,),
}
OLDER_LAYOUT: Final = frozenset({3})
"""Projects submitted in the seed's older layout (values as text, period in one cell)."""
SEED_STYLE_NO_KPI: Final = frozenset({5})
"""広域 projects whose table goes from 事業概要 straight to the year rows, as in the seed."""
CIRCLED: Final = "①②③④⑤⑥⑦⑧⑨⑩"

FAULTY_NAME: Final = "不備あり_建設課.xlsx"


def faulty_project(layout: TemplateLayout) -> dict[str, Any]:
    """A made-up project with one of each mistake the checker must catch.

    - 実施区分 missing (required field);
    - 事業効果 not one of the four levels;
    - four year rows for a three-year period;
    - 「集計中」 typed as an actual;
    - 「12人」 in a 円 KPI (unit suffix mismatch);
    - a formula without a cached value (openpyxl never writes one).
    """
    first_target = f"{layout.cell(layout.year_row(1), layout.target_col(1))}"
    return {
        "number": 6,
        "name": "道路案内標識多言語化事業",
        "scope": None,
        "period_start": 2021,
        "period_end": 2023,
        "department": "建設課",
        "purpose": "外国人観光客が迷わず市内を周遊できるよう、主要道路の案内標識を多言語化する。",
        "effect": "とても効果があった",
        "policy": labels.POLICY_CHOICES[2],
        "kpis": [
            {"name": "多言語化した案内標識の数", "unit": "件", "direction": "増加"},
            {"name": "観光案内所の外国人利用者数", "unit": "人", "direction": "増加"},
            {"name": "標識の維持管理費", "unit": "円", "direction": "減少"},
        ],
        "years": [
            {"label": "初年度", "activities": "・設置箇所の調査と翻訳表記の統一",
             "values": [[10, 8], [1200, 1350], [500000, 480000]]},
            {"label": "2年目", "activities": "・主要道路の標識更新",
             "values": [[f"={first_target}*2", 21], [1500, 1610], [450000, "12人"]]},
            {"label": "3年目", "activities": "・観光施設周辺の標識更新",
             "values": [[30, "集計中"], [1800, 1702], [400000, 390000]]},
            {"label": "4年目", "activities": "・標識の点検",
             "values": [[30, 31], [2000, 2104], [400000, 385000]]},
        ],
    }


def load_projects(path: Path = SEED_JSON) -> dict[int, dict[str, Any]]:
    """The seed's projects by 事業番号."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return {p["number"]: p for p in data["projects"]}


def seed_text(value: object, unit: str) -> object:
    """A value as the seed prints it: ``12,672人``, ``-339人``, ``10.0%``, ``-``."""
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return value
    if unit == "%":
        return f"{value * 100:.1f}%"
    return f"{value:,}{unit}"


def new_workbook() -> Workbook:
    wb = Workbook()
    default = wb.active
    assert default is not None
    wb.remove(default)
    return wb


def add_project_sheet(wb: Workbook, title: str, layout: TemplateLayout) -> Worksheet:
    """A new project sheet, like a copy of the template's 事業シート extended to ``layout``.

    Building it with the template's code instead of ``Workbook.copy_worksheet`` keeps the
    dropdowns, conditional formats and print set-up, which openpyxl's copy drops.
    """
    ws = wb.create_sheet(title)
    build_project_sheet(ws, layout)
    return ws


def fill_current(wb: Workbook, project: Mapping[str, Any], **options: Any) -> None:
    """Add ``project`` to ``wb`` in the current template, filled with numbers."""
    layout = layout_for(project, **options)
    ws = add_project_sheet(wb, project["sheet"], layout)
    fill_project_sheet(ws, layout, project)


def fill_older(wb: Workbook, project: Mapping[str, Any]) -> None:
    """Add ``project`` in the seed's older layout: no attribute rows, no 年度/事業内容 labels,
    values as text copied from last year's report, period and number as the seed writes."""
    layout = layout_for(project, attribute_rows=False, column_labels=False)
    ws = add_project_sheet(wb, project["sheet"], layout)
    units = [k["unit"] for k in project["kpis"]]
    as_typed = dict(project)
    as_typed["number"] = CIRCLED[project["number"] - 1]
    as_typed["period_start"] = as_typed["period_end"] = None
    as_typed["years"] = [
        {**year, "values": [[seed_text(v, unit) for v in pair]
                            for pair, unit in zip(year["values"], units, strict=True)]}
        for year in project["years"]
    ]
    fill_project_sheet(ws, layout, as_typed)

    row = layout.header_row(labels.PERIOD)
    start, end = format_fiscal_year(project["period_start"]), format_fiscal_year(
        project["period_end"])
    ws.cell(row, layout.value_col, f"{start}{PERIOD_SEPARATOR}{end}")
    ws.cell(row, layout.period_separator_col).value = None
    ws.merge_cells(start_row=row, start_column=layout.value_col,
                   end_row=row, end_column=layout.last_col)
    # The older layout predates the version stamp.
    ws.cell(layout.version_row, layout.label_col).value = None
    ws.cell(layout.version_row, layout.value_col).value = None
    ws.row_dimensions[layout.version_row].hidden = False


def department_workbook(projects: Sequence[Mapping[str, Any]]) -> Workbook:
    wb = new_workbook()
    older = any(p["number"] in OLDER_LAYOUT for p in projects)
    for project in projects:
        if project["number"] in OLDER_LAYOUT:
            fill_older(wb, project)
        elif project["number"] in SEED_STYLE_NO_KPI:
            fill_current(wb, project, column_labels=False)
        else:
            fill_current(wb, project)
    if not older:
        build_guide_sheet(wb.create_sheet(GUIDE_SHEET_TITLE))
    stamp_workbook(wb, version=None if older else TEMPLATE_VERSION)
    return wb


def faulty_workbook() -> Workbook:
    wb = new_workbook()
    layout = TemplateLayout(year_count=4)
    project = faulty_project(layout)
    ws = add_project_sheet(wb, f"{CIRCLED[5]}案内標識", layout)
    fill_project_sheet(ws, layout, project)
    build_guide_sheet(wb.create_sheet(GUIDE_SHEET_TITLE))
    stamp_workbook(wb)
    return wb


def build_examples(out: Path = HERE, seed: Path = SEED_JSON) -> list[Path]:
    """Write every example workbook under ``out``; return their paths."""
    projects = load_projects(seed)
    written = []
    for department, numbers in DEPARTMENT_FILES.items():
        path = out / "submissions" / f"{department}.xlsx"
        save_workbook(department_workbook([projects[n] for n in numbers]), path)
        written.append(path)
    path = out / "faulty" / FAULTY_NAME
    save_workbook(faulty_workbook(), path)
    written.append(path)
    return written


def main() -> int:
    for path in build_examples():
        print(path.relative_to(HERE.parent))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
