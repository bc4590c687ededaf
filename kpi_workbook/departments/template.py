"""The official blank KPI template (KPI報告様式), built with openpyxl.

The reader finds every field by its label text (spec §1), so the template only has to put
the labels of :mod:`kpi_workbook.domain.labels` where a clerk expects them. The cell map is kept
here as data (:class:`TemplateLayout`) so that tests and the examples script fill a
template by field name, never by cell literals, and stay right when the layout moves.

The output is deterministic (fixed document properties, fixed zip timestamps): the
committed ``templates/kpi_template.xlsx`` can be compared with what this module writes now.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from openpyxl import Workbook
from openpyxl.formatting.rule import Rule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.styles.numbers import NumberFormat
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from kpi_workbook.domain import labels
from kpi_workbook.domain.fiscal_year import format_fiscal_year, year_label
from kpi_workbook.output.atomic import atomic_write

TEMPLATE_VERSION: Final = "1.0"

TITLE: Final = "地方創生推進交付金 KPI報告様式"
PROJECT_SHEET_TITLE: Final = "事業シート"
GUIDE_SHEET_TITLE: Final = "記入方法"
PERIOD_SEPARATOR: Final = "～"

FONT_NAME: Final = "游ゴシック"
INPUT_COLOR: Final = "FFF2CC"  # light yellow: "type here"
LABEL_COLOR: Final = "DDEBF7"  # light blue: labels
CREATOR: Final = "kpi-workbook"
FIXED_TIME: Final = dt.datetime(2024, 4, 1, 9, 0, 0)
"""Document created/modified time: fixed so that every build gives the same workbook."""
_ZIP_TIME: Final = (2024, 4, 1, 9, 0, 0)

DEFAULT_VALUE_FORMAT: Final = "General"
MONEY_FORMAT: Final = '#,##0"円"'
PERCENT_FORMAT: Final = "0.0%"
INTEGER_FORMAT: Final = "#,##0"

_TALL_FIELDS: Final[dict[str, float]] = {labels.PURPOSE: 60.0, labels.ASSESSMENT: 60.0,
                                         labels.CAUSE: 60.0, labels.IMPROVEMENT: 60.0,
                                         labels.POLICY_REASON: 45.0}
_FIELD_CHOICES: Final[dict[str, Sequence[str]]] = {
    labels.SCOPE: labels.SCOPE_CHOICES,
    labels.EFFECT: labels.EFFECT_CHOICES,
    labels.POLICY: labels.POLICY_CHOICES,
}
#: The attribute rows that hold a figure in the KPI's unit (formatted as its values).
NUMBER_ATTRIBUTES: Final = (labels.BASELINE, labels.FINAL_TARGET)
_ATTRIBUTE_CHOICES: Final[dict[str, Sequence[str]]] = {
    labels.UNIT: labels.UNIT_CHOICES,
    labels.DIRECTION: labels.DIRECTION_CHOICES,
    labels.KIND: labels.KIND_CHOICES,
    labels.FIGURE_STATUS: labels.FIGURE_STATUS_CHOICES,
}


@dataclass(frozen=True, slots=True)
class TemplateLayout:
    """Where each field of a project sheet sits (1-based rows and columns).

    The defaults are the official template: 3 KPIs, 3 years, attribute rows present.
    Other shapes describe what a clerk makes of it (more KPIs or years, or a 広域 project
    without KPI columns) and the older layout of the seed (``attribute_rows=False``).
    """

    kpi_count: int = 3
    year_count: int = 3
    attribute_rows: bool = True
    """False: the older layout (no 単位/目標の方向/基準値/値の種類 rows)."""
    column_labels: bool = True
    """False: no 年度/事業内容 labels above the year rows (as in the seed)."""
    review_rows: int = 0
    """Read-only rows under the header block (``template --from``: what the experts and
    the council said last time, spec §5.1); they push the table down."""
    record_block: bool = True
    """The 検証の記録 block under the year table (要因分析, 改善方策, 今後の方針の理由,
    交付金の種類, 実績額: ``labels.RECORD_FIELDS``); never in the older layout."""

    title_row: int = 1
    version_row: int = 2
    """Hidden row: 様式バージョン and the version."""
    first_header_row: int = 3
    label_col: int = 1
    value_col: int = 2
    period_separator_col: int = 3
    period_end_col: int = 4
    first_kpi_col: int = 3

    @property
    def last_col(self) -> int:
        """The table's last column (H for 3 KPIs); text values are merged up to it."""
        return max(8, self.first_kpi_col - 1 + 2 * self.kpi_count)

    def header_row(self, label: str) -> int:
        """The row of a header field (``labels.PROJECT_NAME`` …)."""
        return self.first_header_row + labels.HEADER_FIELDS.index(label)

    def review_row(self, index: int) -> int:
        """The row of review entry ``index`` (1-based), right under the header block."""
        if not 1 <= index <= self.review_rows:
            raise IndexError(index)
        return self.first_header_row + len(labels.HEADER_FIELDS) + index - 1

    @property
    def table_row(self) -> int:
        """The 事業概要 row: one blank row after the header block (and review rows)."""
        return self.first_header_row + len(labels.HEADER_FIELDS) + self.review_rows + 1

    @property
    def kpi_name_row(self) -> int | None:
        return self.table_row + 1 if self.kpi_count else None

    @property
    def attribute_labels(self) -> tuple[str, ...]:
        return labels.ATTRIBUTE_LABELS if self.kpi_count and self.attribute_rows else ()

    def attribute_row(self, label: str) -> int:
        """The row of 単位, 目標の方向, 基準値 or 値の種類 (ValueError when absent)."""
        return self.table_row + 2 + self.attribute_labels.index(label)

    @property
    def column_header_row(self) -> int | None:
        """The 年度/事業内容/目標値/実績値 row (None for a seed-style table without KPIs)."""
        if not self.kpi_count:
            return self.table_row + 1 if self.column_labels else None
        return self.table_row + 2 + len(self.attribute_labels)

    @property
    def first_year_row(self) -> int:
        if self.column_header_row is None:
            return self.table_row + 1
        return self.column_header_row + 1

    def year_row(self, ordinal: int) -> int:
        """The row of year ``ordinal`` (1 = 初年度)."""
        if not 1 <= ordinal <= self.year_count:
            raise IndexError(ordinal)
        return self.first_year_row + ordinal - 1

    @property
    def last_row(self) -> int:
        """The table's last row (the last year)."""
        return self.first_year_row + self.year_count - 1

    @property
    def has_record_block(self) -> bool:
        return self.record_block and self.attribute_rows

    @property
    def record_title_row(self) -> int:
        """The 検証の記録 block's title: one blank row under the table (the blank row ends
        the year table for the reader, as a note under the table does)."""
        return self.last_row + 2

    def record_row(self, label: str) -> int:
        """The row of a field of the 検証の記録 block (ValueError when it has none)."""
        if not self.has_record_block:
            raise ValueError(label)
        return self.record_title_row + 1 + labels.RECORD_FIELDS.index(label)

    @property
    def sheet_last_row(self) -> int:
        """The last row of the sheet's print area: the block's, or the table's."""
        if self.has_record_block:
            return self.record_row(labels.RECORD_FIELDS[-1])
        return self.last_row

    def kpi_col(self, index: int) -> int:
        """The first column of KPI ``index`` (1-based): its name and 目標値 column."""
        if not 1 <= index <= self.kpi_count:
            raise IndexError(index)
        return self.first_kpi_col + 2 * (index - 1)

    def target_col(self, index: int) -> int:
        return self.kpi_col(index)

    def actual_col(self, index: int) -> int:
        return self.kpi_col(index) + 1

    def cell(self, row: int, col: int) -> str:
        return f"{get_column_letter(col)}{row}"

    def header_cell(self, label: str) -> str:
        """The value cell of a header field (the start year for 事業期間), or of a field
        of the 検証の記録 block."""
        if label in labels.RECORD_FIELDS:
            return self.cell(self.record_row(label), self.value_col)
        return self.cell(self.header_row(label), self.value_col)

    def record_labels(self) -> tuple[str, ...]:
        return labels.RECORD_FIELDS if self.has_record_block else ()

    def input_cells(self) -> list[str]:
        """Every cell a clerk types into (top-left cells of merged ranges)."""
        cells = [self.header_cell(label) for label in labels.HEADER_FIELDS]
        cells.append(self.cell(self.header_row(labels.PERIOD), self.period_end_col))
        for k in range(1, self.kpi_count + 1):
            assert self.kpi_name_row is not None
            cells.append(self.cell(self.kpi_name_row, self.kpi_col(k)))
            cells.extend(self.cell(self.attribute_row(a), self.kpi_col(k))
                         for a in self.attribute_labels)
        for y in range(1, self.year_count + 1):
            cells.append(self.cell(self.year_row(y), self.value_col))
            for k in range(1, self.kpi_count + 1):
                cells.append(self.cell(self.year_row(y), self.target_col(k)))
                cells.append(self.cell(self.year_row(y), self.actual_col(k)))
        cells.extend(self.header_cell(label) for label in self.record_labels())
        return cells


DEFAULT_LAYOUT: Final = TemplateLayout()

_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_INPUT_FILL = PatternFill(fill_type="solid", start_color=INPUT_COLOR, end_color=INPUT_COLOR)
_LABEL_FILL = PatternFill(fill_type="solid", start_color=LABEL_COLOR, end_color=LABEL_COLOR)
_FONT = Font(name=FONT_NAME, size=10)
_BOLD = Font(name=FONT_NAME, size=10, bold=True)
_TITLE_FONT = Font(name=FONT_NAME, size=14, bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
_UNLOCKED = Protection(locked=False)
_LOCKED = Protection(locked=True)


def build_template() -> Workbook:
    """The official blank template: one project sheet and the 記入方法 sheet."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = PROJECT_SHEET_TITLE
    build_project_sheet(ws, DEFAULT_LAYOUT)
    build_guide_sheet(wb.create_sheet(GUIDE_SHEET_TITLE))
    stamp_workbook(wb)
    return wb


def stamp_workbook(wb: Workbook, *, version: str | None = TEMPLATE_VERSION) -> None:
    """Fixed document properties and the hidden 様式バージョン defined name.

    ``version=None`` leaves the name out (a workbook made before the template had one).
    """
    wb.properties.creator = CREATOR
    wb.properties.lastModifiedBy = CREATOR
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    wb.properties.title = TITLE
    if version is not None:
        name = DefinedName(labels.TEMPLATE_VERSION, attr_text=f'"{version}"', hidden=True)
        wb.defined_names[labels.TEMPLATE_VERSION] = name


def build_project_sheet(ws: Worksheet, layout: TemplateLayout = DEFAULT_LAYOUT) -> None:
    """Lay out one project sheet (labels, input cells, lists, formats, protection, print)."""
    lay = layout
    last = lay.last_col
    inputs = set(lay.input_cells())

    # Every cell of the print area gets the Japanese font, a lock state and a border, so
    # that a clerk typing anywhere in it sees consistent formatting.
    for row in range(lay.title_row, lay.sheet_last_row + 1):
        for col in range(1, last + 1):
            cell = ws.cell(row, col)
            cell.font = _FONT
            cell.protection = _LOCKED
    for coord in inputs:
        ws[coord].fill = _INPUT_FILL
        ws[coord].protection = _UNLOCKED

    title = ws.cell(lay.title_row, 1, TITLE)
    title.font = _TITLE_FONT
    ws.row_dimensions[lay.title_row].height = 24

    ws.cell(lay.version_row, lay.label_col, labels.TEMPLATE_VERSION)
    ws.cell(lay.version_row, lay.value_col, TEMPLATE_VERSION)
    ws.row_dimensions[lay.version_row].hidden = True

    _header_block(ws, lay)
    _kpi_table(ws, lay)
    _record_block(ws, lay)
    _validations(ws, lay)
    _value_formats(ws, lay)

    widths = {1: 14.0, 2: 46.0}
    for col in range(1, last + 1):
        ws.column_dimensions[get_column_letter(col)].width = widths.get(col, 15.0)

    _protect(ws)
    _print_setup(ws, lay)


def _label(ws: Worksheet, row: int, col: int, text: str, *, center: bool = False) -> None:
    cell = ws.cell(row, col, text)
    cell.font = _BOLD
    cell.fill = _LABEL_FILL
    cell.border = _BORDER
    cell.alignment = _CENTER if center else _LEFT


def _header_block(ws: Worksheet, lay: TemplateLayout) -> None:
    for label in labels.HEADER_FIELDS:
        row = lay.header_row(label)
        _label(ws, row, lay.label_col, label)
        if label == labels.PERIOD:
            for col in range(lay.value_col, lay.period_end_col + 1):
                ws.cell(row, col).border = _BORDER
            sep = ws.cell(row, lay.period_separator_col, PERIOD_SEPARATOR)
            sep.alignment = _CENTER
            for col in (lay.value_col, lay.period_end_col):
                ws.cell(row, col).alignment = _CENTER
            continue
        for col in range(lay.value_col, lay.last_col + 1):
            ws.cell(row, col).border = _BORDER
        ws.merge_cells(start_row=row, start_column=lay.value_col,
                       end_row=row, end_column=lay.last_col)
        value = ws.cell(row, lay.value_col)
        value.alignment = _WRAP if label in _TALL_FIELDS else _LEFT
        if label in (labels.COST, labels.GRANT):
            value.number_format = MONEY_FORMAT
        if label in _TALL_FIELDS:
            ws.row_dimensions[row].height = _TALL_FIELDS[label]


def _record_block(ws: Worksheet, lay: TemplateLayout) -> None:
    """検証の記録（任意）: the fields the 2025 grant's record and 国への報告 ask for, each a
    label and an input cell across the table's width, like the header block."""
    if not lay.has_record_block:
        return
    title = ws.cell(lay.record_title_row, lay.label_col, labels.RECORD_BLOCK_TITLE)
    title.font = _BOLD
    for label in lay.record_labels():
        row = lay.record_row(label)
        _label(ws, row, lay.label_col, label)
        for col in range(lay.value_col, lay.last_col + 1):
            ws.cell(row, col).border = _BORDER
        ws.merge_cells(start_row=row, start_column=lay.value_col,
                       end_row=row, end_column=lay.last_col)
        value = ws.cell(row, lay.value_col)
        value.alignment = _WRAP if label in _TALL_FIELDS else _LEFT
        if label == labels.ACTUAL_COST:
            value.number_format = MONEY_FORMAT
        if label in _TALL_FIELDS:
            ws.row_dimensions[row].height = _TALL_FIELDS[label]


def _kpi_table(ws: Worksheet, lay: TemplateLayout) -> None:
    top = lay.table_row
    _label(ws, top, 1, labels.TABLE_START, center=True)
    ws.merge_cells(start_row=top, start_column=1, end_row=top, end_column=2)
    if lay.kpi_count:
        _label(ws, top, lay.first_kpi_col, labels.KPI_HEADER, center=True)
        ws.merge_cells(start_row=top, start_column=lay.first_kpi_col,
                       end_row=top, end_column=lay.last_col)
        name_row = lay.kpi_name_row
        assert name_row is not None
        pair_rows = [name_row, *(lay.attribute_row(a) for a in lay.attribute_labels)]
        for row in pair_rows:
            for k in range(1, lay.kpi_count + 1):
                col = lay.kpi_col(k)
                ws.merge_cells(start_row=row, start_column=col, end_row=row, end_column=col + 1)
                for c in (col, col + 1):
                    ws.cell(row, c).border = _BORDER
                ws.cell(row, col).alignment = _CENTER
        ws.row_dimensions[name_row].height = 30
        for attribute in lay.attribute_labels:
            row = lay.attribute_row(attribute)
            _label(ws, row, lay.label_col, attribute)
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
        for col in (1, 2):
            ws.cell(name_row, col).border = _BORDER
    header = lay.column_header_row
    if header is not None and lay.column_labels:
        _label(ws, header, 1, labels.YEAR, center=True)
        _label(ws, header, 2, labels.ACTIVITIES, center=True)
    if header is not None:
        for k in range(1, lay.kpi_count + 1):
            _label(ws, header, lay.target_col(k), labels.TARGET, center=True)
            _label(ws, header, lay.actual_col(k), labels.ACTUAL, center=True)
    for ordinal in range(1, lay.year_count + 1):
        row = lay.year_row(ordinal)
        _label(ws, row, 1, year_label(ordinal), center=True)
        ws.cell(row, 2).alignment = _WRAP
        ws.cell(row, 2).border = _BORDER
        for k in range(1, lay.kpi_count + 1):
            for col in (lay.target_col(k), lay.actual_col(k)):
                cell = ws.cell(row, col)
                cell.border = _BORDER
                cell.number_format = DEFAULT_VALUE_FORMAT
                cell.alignment = Alignment(horizontal="right", vertical="center")
        ws.row_dimensions[row].height = 45


def _list_validation(choices: Sequence[str], *, strict: bool = True) -> DataValidation:
    dv = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True)
    dv.showDropDown = False  # (sic) False shows the in-cell arrow in Excel
    dv.showErrorMessage = True
    if strict:
        dv.errorStyle = "stop"
        dv.errorTitle = "一覧から選んでください"
        dv.error = "一覧にない値です。▼から選んでください。"
    else:
        # Units outside the list (基, 校, 泊 …) are legitimate: inform, do not refuse.
        dv.errorStyle = "information"
        dv.errorTitle = "一覧にない単位です"
        dv.error = "一覧にない単位です。このままでよければ「OK」を押してください。"
    return dv


def _validations(ws: Worksheet, lay: TemplateLayout) -> None:
    for label, choices in _FIELD_CHOICES.items():
        dv = _list_validation(choices)
        dv.add(lay.header_cell(label))
        ws.add_data_validation(dv)
    for label in lay.attribute_labels:
        if label not in _ATTRIBUTE_CHOICES:
            continue
        dv = _list_validation(_ATTRIBUTE_CHOICES[label], strict=label != labels.UNIT)
        row = lay.attribute_row(label)
        for k in range(1, lay.kpi_count + 1):
            dv.add(lay.cell(row, lay.kpi_col(k)))
        ws.add_data_validation(dv)


def unit_number_format(unit: str) -> str:
    """How a value of ``unit`` is shown: ``12,672人``, ``10.0%``, ``15,000,000円``."""
    if unit == "%":
        return PERCENT_FORMAT
    return f'#,##0"{unit}"'


def _value_formats(ws: Worksheet, lay: TemplateLayout) -> None:
    """Conditional number formats: each value cell shows the unit chosen above its pair.

    A cell's own format stays ``General`` (nothing hidden); the rule picks the format by
    the 単位 cell at the top-left of the KPI's pair, found with COLUMN() so one rule covers
    every pair, also the pairs a clerk inserts inside the range.
    """
    if not lay.kpi_count or labels.UNIT not in lay.attribute_labels:
        return
    unit_row = lay.attribute_row(labels.UNIT)
    first, last = get_column_letter(lay.first_kpi_col), get_column_letter(lay.last_col)
    ranges = [f"{first}{row}:{last}{row}" for row in
              (lay.attribute_row(a) for a in NUMBER_ATTRIBUTES if a in lay.attribute_labels)]
    ranges.append(f"{first}{lay.first_year_row}:{last}{lay.last_row}")
    sqref = " ".join(ranges)
    parity = lay.first_kpi_col % 2
    unit_ref = f"INDEX(${unit_row}:${unit_row},1,COLUMN()-MOD(COLUMN()-{parity},2))"
    for number, unit in enumerate(labels.UNIT_CHOICES):
        fmt = NumberFormat(numFmtId=200 + number, formatCode=unit_number_format(unit))
        rule = Rule(type="expression", dxf=DifferentialStyle(numFmt=fmt), stopIfTrue=True,
                    formula=[f'{unit_ref}="{unit}"'])
        ws.conditional_formatting.add(sqref, rule)
    top_left = ranges[0].split(":")[0]
    whole = NumberFormat(numFmtId=200 + len(labels.UNIT_CHOICES), formatCode=INTEGER_FORMAT)
    rule = Rule(type="expression", dxf=DifferentialStyle(numFmt=whole), stopIfTrue=True,
                formula=[f"AND(ISNUMBER({top_left}),{top_left}=INT({top_left}))"])
    ws.conditional_formatting.add(sqref, rule)


def _protect(ws: Worksheet) -> None:
    """Protect without a password; a clerk may still resize, format and insert rows/columns.

    In OOXML a True flag means the action is *locked*, so the allowed actions are False.
    """
    p = ws.protection
    p.sheet = True
    p.formatCells = False
    p.formatColumns = False
    p.formatRows = False
    p.insertColumns = False
    p.insertRows = False
    p.selectLockedCells = False
    p.selectUnlockedCells = False


def _page_setup_properties(ws: Worksheet) -> PageSetupProperties:
    """The sheet's page-setup properties, made when openpyxl has none yet."""
    props = ws.sheet_properties.pageSetUpPr
    if props is None:
        props = ws.sheet_properties.pageSetUpPr = PageSetupProperties()
    return props


def _print_setup(ws: Worksheet, lay: TemplateLayout) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    _page_setup_properties(ws).fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.print_area = f"A1:{get_column_letter(lay.last_col)}{lay.sheet_last_row}"
    last_title_row = lay.column_header_row or lay.table_row
    ws.print_title_rows = f"{lay.table_row}:{last_title_row}"
    ws.sheet_view.zoomScale = 100


_GUIDE: Final = (
    ("この様式について", [
        f"{TITLE}（様式バージョン {TEMPLATE_VERSION}）です。"
        "1つの事業につき1枚の事業シートに記入します。",
        "黄色のセルが入力欄です。それ以外のセル（項目名など）は変更しないでください。"
        "集計プログラムは項目名の文字で欄を探します。",
    ]),
    ("基本情報の書き方", [
        f"「{labels.PROJECT_NUMBER}」には 1、2、3 … の番号を数字で入力します"
        "（①、No.1 でも読めます）。",
        f"「{labels.PROJECT_NAME}」には事業の正式名称を入力します。",
        f"「{labels.SCOPE}」は▼から「{labels.SCOPE_CHOICES[0]}」または"
        f"「{labels.SCOPE_CHOICES[1]}」を選びます。",
        f"「{labels.PERIOD}」は開始年度と終了年度を別々のセルに入力します"
        f"（例：{format_fiscal_year(2020)} {PERIOD_SEPARATOR} {format_fiscal_year(2022)}）。"
        "R2、2020年度 のような書き方でも読めます。",
        f"「{labels.DEPARTMENT}」には担当する課の名前を入力します。",
        f"「{labels.PURPOSE}」には事業の目的を文章で入力します（空欄は確認の対象になります）。",
        f"「{labels.COST}」「{labels.GRANT}」は事業期間全体の金額を円単位の数字で入力します"
        "（千円単位で書く場合は「千円」を付けてください）。",
        f"「{labels.EFFECT}」「{labels.POLICY}」は▼の一覧から選びます。"
        f"「{labels.ASSESSMENT}」は担当課としての評価を文章で入力します。",
    ]),
    ("KPI表の書き方", [
        f"KPIの名前は「{labels.KPI_HEADER}」の下の欄に、1つのKPIにつき2列（"
        f"{labels.TARGET}・{labels.ACTUAL}）を使って入力します。",
        f"「{labels.UNIT}」は▼から選びます（一覧にない単位もそのまま入力できます）。"
        "選んだ単位に合わせて数値の表示が変わります。",
        f"「{labels.DIRECTION}」は、数値が大きいほど良い指標なら「{labels.DIRECTION_CHOICES[0]}」、"
        f"小さいほど良い指標（例：待機児童数）なら「{labels.DIRECTION_CHOICES[1]}」を選びます。"
        f"空欄は「{labels.DIRECTION_CHOICES[0]}」として扱います。",
        f"「{labels.BASELINE}」には事業開始前の値を入力します（なければ空欄）。",
        f"「{labels.KIND}」は、その年度だけの数値なら「{labels.KIND_CHOICES[0]}」、"
        f"初年度からの合計なら「{labels.KIND_CHOICES[1]}」、基準値からの増加分なら"
        f"「{labels.KIND_CHOICES[2]}」、率などの水準なら「{labels.KIND_CHOICES[3]}」を選びます。",
        "年度の行には、各年度に実施した内容と、KPIごとの目標値・実績値を入力します。",
    ]),
    (labels.RECORD_BLOCK_TITLE, [
        f"表の下の「{labels.RECORD_BLOCK_TITLE}」は、効果検証の公表と国への報告に使う欄です。"
        "分かる範囲で入力し、分からない欄は空欄のままで構いません。",
        f"「{labels.CAUSE}」にはKPIの実績がそうなった理由を、「{labels.IMPROVEMENT}」には"
        f"今後改善することを、「{labels.POLICY_REASON}」には「{labels.POLICY}」を選んだ理由を"
        "文章で入力します。",
        f"「{labels.GRANT_KIND}」には交付金の名前（例：地方創生推進交付金）を、"
        f"「{labels.ACTUAL_COST}」にはその年度の実績額を円単位の数字で入力します。",
        "この欄と表の間の空白行は削除しないでください。",
    ]),
    ("数値の入力ルール", [
        "目標値・実績値は数字だけを入力します（例：12672）。単位や「,」は表示で付くので入力不要です。",
        "該当しない欄（その年度に目標を設定していない等）には半角の「-」を入力します。"
        "空欄は「未入力」として確認の対象になります。",
        "割合は「10%」のように%を付けて入力するか、0.1 と入力してください"
        "（表示は 10.0% になります）。",
        "マイナスの値は「-339」のように入力します（▲339 でも読めます）。",
        "「集計中」「約100」などの文字や日付は数値として読めません。確定した数値だけを入力し、"
        "まだ確定していない欄は空欄にしておいてください。",
        "目標値・実績値のセルは結合しないでください（2年度分の目標が同じでも、年度ごとに入力します）。",
        "他のセルを参照する数式は使わず、値を入力してください。",
    ]),
    ("KPIや年度を増やすとき", [
        "シートの保護を解除します（校閲 → シート保護の解除。パスワードはありません）。",
        "KPIを増やすとき：最後のKPIの目標値の列を選んで2列挿入し、KPI名・単位などの欄を"
        "左の列と同じように2列ずつ結合します。KPIは5つまで記入できます。",
        "年度を増やすとき：最後の年度の行を選んで行を挿入すると、その上に行が入ります。年度欄が上から"
        "「初年度」「2年目」「3年目」「4年目」の順に並ぶよう、入れた行と最後の行の年度を入力し直します"
        "（「令和5年度」のような年度名でも構いません）。年度の行数は事業期間の年数と同じにしてください。",
        "注記（「※…」など）は年度の表の中に行を入れて書かず、表の下に空白行を1行あけて書くか、"
        "その年度の事業内容の欄に書いてください。",
        "KPIのない広域事業は、KPIの欄を空欄のままにして事業内容だけを入力します。",
    ]),
    ("複数の事業を提出するとき", [
        "事業シートをコピーして（シート見出しを右クリック → 移動またはコピー → コピーを作成する）、"
        "1事業につき1シートにします。シート名は自由です（例：①ガラス）。",
        "1つの課で1つのファイルにまとめ、ファイル名は課の名前にしてください（例：商工労働課.xlsx）。",
        "この「記入方法」シートは集計されないので、削除しても残しても構いません。",
    ]),
)


def build_guide_sheet(ws: Worksheet) -> None:
    """The 記入方法 sheet: sentences only, never a bare label.

    The reader treats a sheet with both a 事業名 and a 事業概要 label as a project sheet,
    so every line here is a sentence that quotes labels inside 「」.
    """
    ws.column_dimensions["A"].width = 110
    row = 1
    ws.cell(row, 1, f"{TITLE}　記入方法").font = _TITLE_FONT
    row += 2
    for heading, lines in _GUIDE:
        ws.cell(row, 1, f"【{heading}】").font = _BOLD
        row += 1
        for line in lines:
            cell = ws.cell(row, 1, f"・{line}")
            cell.font = _FONT
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            row += 1
        row += 1
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    _page_setup_properties(ws).fitToPage = True
    ws.print_area = f"A1:A{row}"


def save_workbook(wb: Workbook, path: Path) -> None:
    """Save ``wb`` to ``path`` atomically and byte-for-byte reproducibly.

    openpyxl's own save stamps the current time into the document properties and the zip
    entries; this keeps the workbook's fixed time instead, so regenerated files stay equal
    to the committed ones. A temporary file in the same folder is renamed over ``path``,
    so a failure leaves an existing file intact.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    path = Path(path)
    with atomic_write(path) as tmp, zipfile.ZipFile(buffer) as src, \
            zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))


def write_template(path: Path) -> None:
    """Write the blank official template to ``path`` (atomically)."""
    save_workbook(build_template(), path)


# --- filling a sheet the way a clerk does (tests and examples) -------------------------

NOT_APPLICABLE: Final = "-"


def fill_project_sheet(ws: Worksheet, layout: TemplateLayout,
                       project: Mapping[str, Any]) -> None:
    """Type one project's data into a sheet built with ``layout``, as a clerk would.

    ``project`` has the shape of ``examples/seed_projects.json``: number, name, scope,
    period_start, period_end, department, purpose, optional cost/grant/effect/policy/
    assessment, kpis (name, unit, direction, kind, baseline, final_target, due, status) and
    years (label, activities, values = [[target, actual], …] per KPI). Numbers are typed
    as numbers (a % KPI's cells get the ``0.0%`` format Excel gives a typed ``10%``),
    ``"-"`` as the text 「-」, None stays empty.
    """
    lay = layout
    header = {
        labels.PROJECT_NUMBER: project.get("number"),
        labels.PROJECT_NAME: project.get("name"),
        labels.SCOPE: project.get("scope"),
        labels.DEPARTMENT: project.get("department"),
        labels.PURPOSE: project.get("purpose"),
        labels.COST: project.get("cost"),
        labels.GRANT: project.get("grant"),
        labels.EFFECT: project.get("effect"),
        labels.POLICY: project.get("policy"),
        labels.ASSESSMENT: project.get("assessment"),
        **{label: project.get(key) for label, key in _RECORD_KEYS.items()
           if label in lay.record_labels()},
    }
    for label, value in header.items():
        if value is not None:
            ws[lay.header_cell(label)] = value
    period_row = lay.header_row(labels.PERIOD)
    if project.get("period_start") is not None:
        ws.cell(period_row, lay.value_col, format_fiscal_year(int(project["period_start"])))
    if project.get("period_end") is not None:
        ws.cell(period_row, lay.period_end_col, format_fiscal_year(int(project["period_end"])))

    kpis = list(project.get("kpis") or [])
    if len(kpis) > lay.kpi_count:
        raise ValueError(f"{len(kpis)} KPIs do not fit a layout with {lay.kpi_count}")
    for k, kpi in enumerate(kpis, start=1):
        assert lay.kpi_name_row is not None
        col = lay.kpi_col(k)
        ws.cell(lay.kpi_name_row, col, kpi.get("name"))
        attributes = {labels.UNIT: kpi.get("unit"), labels.DIRECTION: kpi.get("direction"),
                      labels.BASELINE: kpi.get("baseline"), labels.KIND: kpi.get("kind"),
                      labels.FINAL_TARGET: kpi.get("final_target"),
                      labels.DUE: kpi.get("due"), labels.FIGURE_STATUS: kpi.get("status")}
        for label in lay.attribute_labels:
            value = attributes.get(label)
            if value is None:
                continue
            cell = ws.cell(lay.attribute_row(label), col, value)
            if (label in NUMBER_ATTRIBUTES and kpi.get("unit") == "%"
                    and isinstance(value, (int, float))):
                cell.number_format = PERCENT_FORMAT  # as Excel formats a typed 10%

    years = list(project.get("years") or [])
    if len(years) > lay.year_count:
        raise ValueError(f"{len(years)} years do not fit a layout with {lay.year_count}")
    for ordinal, year in enumerate(years, start=1):
        row = lay.year_row(ordinal)
        if year.get("label"):
            ws.cell(row, 1, year["label"])
        if year.get("activities") is not None:
            ws.cell(row, lay.value_col, year["activities"])
        for k, pair in enumerate(year.get("values") or [], start=1):
            unit = kpis[k - 1].get("unit") if k <= len(kpis) else None
            for col, value in zip((lay.target_col(k), lay.actual_col(k)), pair, strict=True):
                if value is None:
                    continue
                cell = ws.cell(row, col, value)
                if unit == "%" and isinstance(value, (int, float)):
                    cell.number_format = PERCENT_FORMAT


#: The 検証の記録 fields by their key in a project mapping (``fill_project_sheet``).
_RECORD_KEYS: Final = {labels.CAUSE: "cause", labels.IMPROVEMENT: "improvement",
                       labels.POLICY_REASON: "policy_reason",
                       labels.GRANT_KIND: "grant_kind", labels.ACTUAL_COST: "actual_cost"}


def layout_for(project: Mapping[str, Any], **options: Any) -> TemplateLayout:
    """The layout a clerk ends up with for ``project``: the template, extended or trimmed
    to its number of KPIs and years (a 広域 project without KPIs has no KPI columns)."""
    kpi_count = len(project.get("kpis") or [])
    year_count = len(project.get("years") or []) or DEFAULT_LAYOUT.year_count
    return TemplateLayout(kpi_count=kpi_count, year_count=year_count, **options)
