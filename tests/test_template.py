"""The official template: the committed file is what the code writes, and it has the
labels, input cells, lists, protection and print set-up that spec §1 and the 記入方法 promise."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from openpyxl.cell.cell import MergedCell

from kpi_workbook.departments.template import (
    DEFAULT_LAYOUT,
    GUIDE_SHEET_TITLE,
    INPUT_COLOR,
    PROJECT_SHEET_TITLE,
    TEMPLATE_VERSION,
    TemplateLayout,
    build_template,
    write_template,
    year_label,
)
from kpi_workbook.domain import labels
from kpi_workbook.reading.profiles.loading import default_profile
from tests.conftest import (
    TEMPLATE_FILE,
    assert_same_workbook,
    fill_template,
    seed_projects,
    workbook_snapshot,
)

LAY = DEFAULT_LAYOUT


@pytest.fixture(scope="module")
def template_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "kpi_template.xlsx"
    write_template(path)
    return path


@pytest.fixture(scope="module")
def wb(template_path: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(template_path)


@pytest.fixture(scope="module")
def ws(wb: openpyxl.Workbook):
    return wb[PROJECT_SHEET_TITLE]


def test_committed_template_is_what_write_template_writes(template_path: Path) -> None:
    assert_same_workbook(template_path, TEMPLATE_FILE)


def test_write_template_is_deterministic(tmp_path: Path) -> None:
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    write_template(first)
    write_template(second)
    assert first.read_bytes() == second.read_bytes()


def test_write_template_replaces_atomically_and_leaves_no_temp_file(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    path.write_bytes(b"old")
    write_template(path)
    assert openpyxl.load_workbook(path).sheetnames == [PROJECT_SHEET_TITLE, GUIDE_SHEET_TITLE]
    assert [p.name for p in tmp_path.iterdir()] == ["t.xlsx"]


def test_build_template_returns_the_workbook() -> None:
    wb = build_template()
    assert wb.sheetnames == [PROJECT_SHEET_TITLE, GUIDE_SHEET_TITLE]
    assert wb.properties.creator == "kpi-workbook"


def test_header_labels_in_column_a_in_spec_order(ws) -> None:
    rows = [LAY.header_row(label) for label in labels.HEADER_FIELDS]
    assert rows == list(range(rows[0], rows[0] + len(rows)))
    for label in labels.HEADER_FIELDS:
        assert ws.cell(LAY.header_row(label), 1).value == label


def test_text_values_merged_across_table_period_in_two_cells(ws) -> None:
    merged = {str(r) for r in ws.merged_cells.ranges}
    for label in labels.HEADER_FIELDS:
        row = LAY.header_row(label)
        if label == labels.PERIOD:
            assert f"B{row}:H{row}" not in merged
            assert ws.cell(row, LAY.period_separator_col).value == "～"
        else:
            assert f"B{row}:H{row}" in merged


def test_kpi_table_as_spec_1_2(ws) -> None:
    top = LAY.table_row
    assert ws.cell(top - 1, 1).value is None  # one blank row before the table
    assert ws.cell(top, 1).value == labels.TABLE_START
    assert ws.cell(top, 3).value == labels.KPI_HEADER
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {f"A{top}:B{top}", f"C{top}:H{top}"} <= merged
    assert LAY.kpi_name_row == top + 1
    for col in "CEG":
        assert f"{col}{top + 1}:{chr(ord(col) + 1)}{top + 1}" in merged
    for offset, label in enumerate(labels.ATTRIBUTE_LABELS, start=2):
        assert LAY.attribute_row(label) == top + offset
        assert ws.cell(top + offset, 1).value == label
    header = LAY.column_header_row
    assert header == top + 2 + len(labels.ATTRIBUTE_LABELS)
    assert [ws.cell(header, c).value for c in range(1, 9)] == [
        labels.YEAR, labels.ACTIVITIES, *[labels.TARGET, labels.ACTUAL] * 3]
    for ordinal in (1, 2, 3):
        assert ws.cell(LAY.year_row(ordinal), 1).value == year_label(ordinal)
    assert [year_label(n) for n in (1, 2, 3)] == ["初年度", "2年目", "3年目"]
    assert ws.cell(LAY.last_row + 1, 1).value is None


def test_version_defined_name_and_hidden_row(wb, ws) -> None:
    name = wb.defined_names[labels.TEMPLATE_VERSION]
    assert name.attr_text == f'"{TEMPLATE_VERSION}"'
    assert name.hidden
    assert ws.cell(LAY.version_row, 1).value == labels.TEMPLATE_VERSION
    assert ws.cell(LAY.version_row, 2).value == TEMPLATE_VERSION
    assert ws.row_dimensions[LAY.version_row].hidden


def test_input_cells_unlocked_and_yellow_everything_else_locked(ws) -> None:
    inputs = set(LAY.input_cells())
    assert len(inputs) == (11 + 1 + 3 * (1 + len(labels.ATTRIBUTE_LABELS)) + 3 * 7
                           + len(labels.RECORD_FIELDS))
    for row in ws.iter_rows(min_row=1, max_row=LAY.sheet_last_row, max_col=LAY.last_col):
        for cell in row:
            if isinstance(cell, MergedCell):
                continue
            if cell.coordinate in inputs:
                assert cell.protection.locked is False, cell.coordinate
                assert cell.fill.fgColor.rgb.endswith(INPUT_COLOR), cell.coordinate
            else:
                assert cell.protection.locked is not False, cell.coordinate


def test_sheet_protected_without_password_but_extendable(ws) -> None:
    p = ws.protection
    assert p.sheet
    assert not p.password
    # OOXML: False means the action is allowed on the protected sheet.
    assert p.insertRows is False
    assert p.insertColumns is False
    assert p.formatColumns is False
    assert p.formatRows is False


def _validation(ws, cell: str):
    found = [dv for dv in ws.data_validations.dataValidation if cell in dv.sqref]
    assert len(found) == 1, cell
    return found[0]


@pytest.mark.parametrize(
    ("label", "choices"),
    [(labels.SCOPE, labels.SCOPE_CHOICES), (labels.EFFECT, labels.EFFECT_CHOICES),
     (labels.POLICY, labels.POLICY_CHOICES)],
)
def test_header_dropdowns(ws, label: str, choices: tuple[str, ...]) -> None:
    dv = _validation(ws, LAY.header_cell(label))
    assert dv.type == "list"
    assert dv.formula1 == '"' + ",".join(choices) + '"'
    assert dv.errorStyle in (None, "stop")


@pytest.mark.parametrize(
    ("label", "choices"),
    [(labels.UNIT, labels.UNIT_CHOICES), (labels.DIRECTION, labels.DIRECTION_CHOICES),
     (labels.KIND, labels.KIND_CHOICES)],
)
def test_attribute_dropdowns(ws, label: str, choices: tuple[str, ...]) -> None:
    for k in (1, 2, 3):
        dv = _validation(ws, LAY.cell(LAY.attribute_row(label), LAY.kpi_col(k)))
        assert dv.formula1 == '"' + ",".join(choices) + '"'
        if label == labels.UNIT:  # other units are allowed
            assert dv.errorStyle == "information" or not dv.showErrorMessage


def test_value_cells_show_the_unit(ws) -> None:
    rules = [(str(cf.sqref), rule) for cf in ws.conditional_formatting for rule in cf.rules]
    values = f"{LAY.cell(LAY.first_year_row, LAY.target_col(1))}:H{LAY.last_row}"
    covering = [r for sqref, r in rules if values in sqref.split()]
    formats = {r.formula[0].split("=")[-1].strip('"'): r.dxf.numFmt.formatCode
               for r in covering if "INDEX" in r.formula[0]}
    assert formats["円"] == '#,##0"円"'
    assert formats["%"] == "0.0%"
    assert formats["人"] == '#,##0"人"'
    assert set(formats) == set(labels.UNIT_CHOICES)
    for label in (labels.COST, labels.GRANT):
        assert ws[LAY.header_cell(label)].number_format == '#,##0"円"'


def test_print_setup_a4_landscape_fit_to_width(ws) -> None:
    assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_area == f"'{PROJECT_SHEET_TITLE}'!$A$1:$H${LAY.sheet_last_row}"


def test_japanese_font(ws) -> None:
    assert ws["A1"].font.name == "游ゴシック"
    assert ws[LAY.header_cell(labels.PROJECT_NAME)].font.name == "游ゴシック"


def test_guide_sheet_is_not_a_project_sheet(wb) -> None:
    guide = wb[GUIDE_SHEET_TITLE]
    texts = [c.value for row in guide.iter_rows() for c in row if isinstance(c.value, str)]
    assert len(texts) > 20
    label = default_profile().layout_labels  # what the reader takes for a label
    assert all(label(t) is None for t in texts)
    body = "".join(texts)
    for topic in ("-", "%", labels.DIRECTION_CHOICES[1], "挿入", "コピー"):
        assert topic in body


def test_layout_shapes() -> None:
    wide = TemplateLayout(kpi_count=5, year_count=5)
    assert wide.last_col == 12
    assert wide.actual_col(5) == 12
    assert wide.last_row == wide.first_year_row + 4
    bare = TemplateLayout(kpi_count=0)
    assert bare.kpi_name_row is None
    assert bare.attribute_labels == ()
    assert bare.column_header_row == bare.table_row + 1
    seed_like = TemplateLayout(kpi_count=0, column_labels=False)
    assert seed_like.first_year_row == seed_like.table_row + 1
    older = TemplateLayout(attribute_rows=False)
    assert older.column_header_row == older.table_row + 2
    with pytest.raises(IndexError):
        LAY.year_row(4)
    with pytest.raises(IndexError):
        LAY.kpi_col(0)


def test_fill_template_types_like_a_clerk(tmp_path: Path) -> None:
    glass = seed_projects()[1]
    path = tmp_path / "glass.xlsx"
    lay = fill_template(path, glass)
    assert lay == LAY
    ws = openpyxl.load_workbook(path)[PROJECT_SHEET_TITLE]
    assert ws[lay.header_cell(labels.PROJECT_NUMBER)].value == 1
    assert ws[lay.header_cell(labels.PROJECT_NAME)].value == glass["name"]
    assert ws[lay.header_cell(labels.PERIOD)].value == "令和2年度"
    assert ws.cell(lay.header_row(labels.PERIOD), lay.period_end_col).value == "令和4年度"
    assert ws.cell(lay.kpi_name_row, lay.kpi_col(1)).value == glass["kpis"][0]["name"]
    assert ws.cell(lay.attribute_row(labels.UNIT), lay.kpi_col(1)).value == "円"
    assert ws.cell(lay.year_row(3), lay.target_col(1)).value == 15_000_000
    assert ws.cell(lay.year_row(3), lay.actual_col(1)).value == 10_462_414
    assert ws.cell(lay.year_row(1), lay.target_col(1)).value == "-"


def test_fill_template_percent_values_are_numbers_in_percent_cells(tmp_path: Path) -> None:
    lay = fill_template(tmp_path / "kyoso.xlsx", seed_projects()[3])
    ws = openpyxl.load_workbook(tmp_path / "kyoso.xlsx")[PROJECT_SHEET_TITLE]
    cell = ws.cell(lay.year_row(1), lay.actual_col(2))
    assert cell.value == pytest.approx(0.054)
    assert "%" in cell.number_format
    assert ws.cell(lay.year_row(1), lay.actual_col(1)).value == -339
    assert ws.cell(lay.year_row(3), lay.actual_col(3)).value == "-"


def test_fill_template_regional_project_has_no_kpi_columns(tmp_path: Path) -> None:
    lay = fill_template(tmp_path / "jinzai.xlsx", seed_projects()[4])
    assert lay.kpi_count == 0
    ws = openpyxl.load_workbook(tmp_path / "jinzai.xlsx")[PROJECT_SHEET_TITLE]
    assert ws.cell(lay.table_row, 3).value is None
    assert ws.cell(lay.year_row(3), 2).value.startswith("・若者等")


def test_snapshot_sees_a_changed_cell(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    write_template(path)
    before = workbook_snapshot(path)
    wb = openpyxl.load_workbook(path)
    wb[PROJECT_SHEET_TITLE]["B4"] = "x"
    wb.save(path)
    assert workbook_snapshot(path)[PROJECT_SHEET_TITLE]["cells"] != before[PROJECT_SHEET_TITLE][
        "cells"]


def test_fill_template_trims_to_the_projects_kpis_or_keeps_empty_pairs(tmp_path: Path) -> None:
    two = seed_projects()[1]
    two = {**two, "kpis": two["kpis"][:2],
           "years": [{**y, "values": y["values"][:2]} for y in two["years"]]}
    lay = fill_template(tmp_path / "two.xlsx", two)
    assert lay.kpi_count == 2
    assert lay.last_col == 8  # the header block keeps its width
    kept = fill_template(tmp_path / "kept.xlsx", two, TemplateLayout())
    ws = openpyxl.load_workbook(tmp_path / "kept.xlsx")[PROJECT_SHEET_TITLE]
    assert kept.kpi_count == 3
    assert ws.cell(kept.kpi_name_row, kept.kpi_col(3)).value is None


# --- the rows of issue 19: lists and input help ----------------------------------------------


@pytest.mark.parametrize("label", [labels.BASELINE, labels.KIND, labels.FINAL_TARGET,
                                   labels.DUE, labels.FIGURE_STATUS])
def test_attribute_rows_have_input_help(ws, label: str) -> None:
    for k in range(1, LAY.kpi_count + 1):
        cell = LAY.cell(LAY.attribute_row(label), LAY.kpi_col(k))
        assert ws.cell(LAY.attribute_row(label), 1).value == label
        dv = _validation(ws, cell)
        assert dv.showInputMessage
        assert dv.promptTitle == label
        assert 20 < len(dv.prompt) <= 255  # Excel's limit for an input message


def test_figure_status_is_a_strict_list(ws) -> None:
    dv = _validation(ws, LAY.cell(LAY.attribute_row(labels.FIGURE_STATUS), LAY.kpi_col(1)))
    assert (dv.type, dv.formula1, dv.errorStyle) == ("list", '"速報,確定"', "stop")
    assert "例: R8.5" in _validation(ws, LAY.cell(LAY.attribute_row(labels.DUE),
                                                  LAY.kpi_col(1))).prompt


def test_new_rows_are_input_cells(ws) -> None:
    for label in (labels.FINAL_TARGET, labels.DUE, labels.FIGURE_STATUS):
        cell = ws[LAY.cell(LAY.attribute_row(label), LAY.kpi_col(2))]
        assert cell.protection.locked is False
        assert cell.fill.fgColor.rgb.endswith("FFF2CC")


def test_guide_explains_the_new_rows(wb) -> None:
    text = "\n".join(str(c.value) for c in wb["記入方法"]["A"] if c.value)
    for label in (labels.FINAL_TARGET, labels.DUE, labels.FIGURE_STATUS):
        assert f"「{label}」" in text
    assert "R8.5" in text
