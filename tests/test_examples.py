"""The committed example workbooks are exactly what examples/make_examples.py writes, and
they hold the seed's values the way departments type them."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import openpyxl
import pytest

from kpi_workbook.departments.template import TemplateLayout
from kpi_workbook.domain import labels
from tests.conftest import EXAMPLES, assert_same_workbook, seed_projects


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_examples", EXAMPLES / "make_examples.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_examples = _load_script()


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("examples")
    return {str(p.relative_to(out)): p for p in make_examples.build_examples(out)}


def test_every_committed_example_is_generated(regenerated: dict[str, Path]) -> None:
    committed = {str(p.relative_to(EXAMPLES)) for p in EXAMPLES.glob("*/*.xlsx")}
    assert committed == set(regenerated)


@pytest.mark.parametrize(
    "name",
    ["submissions/商工労働課.xlsx", "submissions/企画課.xlsx", "submissions/市民活動推進課.xlsx",
     "submissions/観光振興課.xlsx", "faulty/不備あり_建設課.xlsx"],
)
def test_committed_example_equals_regenerated(regenerated: dict[str, Path], name: str) -> None:
    assert_same_workbook(regenerated[name], EXAMPLES / name)


def test_regeneration_is_byte_identical(tmp_path: Path, regenerated: dict[str, Path]) -> None:
    again = make_examples.build_examples(tmp_path)
    for path in again:
        assert path.read_bytes() == regenerated[str(path.relative_to(tmp_path))].read_bytes()


def _sheet(name: str, sheet: str):
    return openpyxl.load_workbook(EXAMPLES / "submissions" / name)[sheet]


def test_glass_values_are_the_seeds_numbers() -> None:
    ws = _sheet("商工労働課.xlsx", "①ガラス")
    lay = TemplateLayout()
    assert ws.cell(lay.year_row(3), lay.target_col(1)).value == 15_000_000
    assert ws.cell(lay.year_row(3), lay.actual_col(1)).value == 10_462_414
    assert ws.cell(lay.year_row(2), lay.actual_col(3)).value == 33
    assert ws.cell(lay.year_row(1), lay.target_col(1)).value == "-"
    assert ws.cell(lay.attribute_row(labels.UNIT), lay.kpi_col(1)).value == "円"


def test_regional_project_has_no_kpi_columns() -> None:
    ws = _sheet("商工労働課.xlsx", "④産業人材")
    lay = TemplateLayout(kpi_count=0)
    assert ws.cell(lay.table_row, 1).value == labels.TABLE_START
    assert all(ws.cell(r, c).value is None
               for r in range(lay.table_row, lay.last_row + 1) for c in range(3, 9))


def test_older_layout_as_in_the_seed() -> None:
    ws = _sheet("市民活動推進課.xlsx", "③協創")
    lay = TemplateLayout(attribute_rows=False, column_labels=False)
    assert ws[lay.header_cell(labels.PROJECT_NUMBER)].value == "③"
    assert ws[lay.header_cell(labels.PERIOD)].value == "令和2年度～令和4年度"
    column_a = {ws.cell(r, 1).value for r in range(1, ws.max_row + 1)}
    assert not column_a & set(labels.ATTRIBUTE_LABELS)
    typed = [[ws.cell(lay.year_row(y), c).value for c in range(3, 9)] for y in (1, 2, 3)]
    assert typed == [
        ["0人", "-339人", "10.0%", "5.4%", "80.0%", "79.0%"],
        ["0人", "-173人", "10.0%", "9.1%", "80.0%", "77.0%"],
        ["0人", "-16人", "10.0%", "5.2%", "80.0%", "-"],
    ]
    assert labels.TEMPLATE_VERSION not in ws.parent.defined_names


def test_html_leftovers_kept_verbatim() -> None:
    ws = _sheet("観光振興課.xlsx", "⑤ゆめ回廊")
    lay = TemplateLayout(kpi_count=0, column_labels=False)
    seed = seed_projects()[5]
    for ordinal, year in enumerate(seed["years"], start=1):
        assert ws.cell(lay.year_row(ordinal), 2).value == year["activities"]
    assert ws.cell(lay.year_row(1), 2).value.startswith('<ul style="list-style-type: none">')


def test_faulty_submission_has_each_mistake() -> None:
    ws = openpyxl.load_workbook(EXAMPLES / "faulty" / "不備あり_建設課.xlsx").worksheets[0]
    lay = TemplateLayout(year_count=4)
    assert ws[lay.header_cell(labels.SCOPE)].value is None
    assert ws[lay.header_cell(labels.EFFECT)].value not in labels.EFFECT_CHOICES
    assert ws.cell(lay.year_row(4), 1).value == "4年目"
    values = [ws.cell(lay.year_row(y), c).value for y in (1, 2, 3, 4) for c in range(3, 9)]
    assert "集計中" in values
    assert "12人" in values
    formulas = [v for v in values if isinstance(v, str) and v.startswith("=")]
    assert formulas == [f"={lay.cell(lay.year_row(1), lay.target_col(1))}*2"]
    cached = openpyxl.load_workbook(EXAMPLES / "faulty" / "不備あり_建設課.xlsx", data_only=True)
    formula_cell = lay.cell(lay.year_row(2), lay.target_col(1))
    assert cached.worksheets[0][formula_cell].value is None  # no cached value


def test_seed_json_matches_the_seed_text() -> None:
    seed = (Path(__file__).resolve().parents[2] / "shared" / "seeds"
            / "000_4f1ca3445f62a910.txt")
    if not seed.exists():
        pytest.skip("the shared seed is not next to this checkout")
    text = seed.read_text(encoding="utf-8")
    for project in seed_projects().values():
        assert project["name"] in text
        assert project["purpose"] in text
        units = [k["unit"] for k in project["kpis"]]
        for year in project["years"]:
            cells = [year["label"], year["activities"]]
            for pair, unit in zip(year.get("values", []), units, strict=True):
                cells.extend(str(make_examples.seed_text(v, unit)) for v in pair)
            assert "\t".join(cells) in text.splitlines(), cells
