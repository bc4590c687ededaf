"""writer/chart.py: the KPI chart written from a template is xlsxwriter's chart, byte for byte.

Each case writes two small workbooks, one with xlsxwriter's ``ChartColumn`` configured as
``project._insert_charts`` did before chart.py (its cached values read back from the sheet
at close), one with :class:`KpiColumnChart` given the values written; every part of the
two packages (charts, drawings, relationships, content types) must be the same bytes.
The whole consolidated workbook is compared the same way, old ``_insert_charts`` against
the current one.
"""

from __future__ import annotations

import io
import re
import tracemalloc
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from xlsxwriter.utility import xl_range_abs

from kpi_workbook.consolidated.writer import WORKBOOK_OPTIONS
from kpi_workbook.consolidated.writer import project as project_module
from kpi_workbook.consolidated.writer.cells import write_text, write_value
from kpi_workbook.consolidated.writer.formats import PERCENT_UNIT, Formats
from kpi_workbook.consolidated.writer.layout import (
    ErrorMarks,
    LinkMap,
    PlacedProject,
    order_projects,
    project_sheet_name,
)
from kpi_workbook.consolidated.writer.project import (
    CHART_ACTUAL,
    CHART_HEIGHT,
    CHART_TARGET,
    CHART_WIDTH,
    _year_label,
)
from kpi_workbook.consolidated.writer.xlsx_engine.book import KpiWorkbook
from kpi_workbook.consolidated.writer.xlsx_engine.chart import (
    ChartLook,
    KpiColumnChart,
    add_kpi_chart,
    cached_text,
    cached_value,
)
from kpi_workbook.consolidated.writer.xlsx_engine.references import quote_sheet
from kpi_workbook.domain.issues import Location
from kpi_workbook.domain.model import Kpi, Observation, Value, ValueStatus
from kpi_workbook.domain.sheet_names import SheetNames
from tests.test_writer import CREATED, seed_submissions

WHERE = Location(Path("x.xlsx"), "S", "C9")
FIRST = 8  # first year row, as in a project sheet with KPIs
LOOK = ChartLook(((CHART_TARGET, "#A6A6A6"), (CHART_ACTUAL, "#2F75B5")), title_size=10,
                 gridline_colour="#D9D9D9", width=CHART_WIDTH, height=CHART_HEIGHT)


def _insert_charts_with_xlsxwriter(wb, ws, p, first, last, row) -> None:
    """``project._insert_charts`` before chart.py (commit b02b27d), the reference, with
    the ranges given as formulas that quote the sheet name (xlsxwriter's list form quotes
    it only when it thinks it must, and leaves ``①…`` bare: see writer/references.py)."""
    if last < first:
        return

    def ref(col: int) -> str:
        return f"={quote_sheet(ws.name)}!{xl_range_abs(first, col, last, col)}"

    categories = ref(0)
    for i, kpi in enumerate(p.kpis):
        c = 2 + 3 * (kpi.index - 1)
        chart = wb.add_chart({"type": "column"})
        for col, name, colour in ((c, CHART_TARGET, "#A6A6A6"), (c + 1, CHART_ACTUAL, "#2F75B5")):
            chart.add_series({
                "name": name,
                "categories": categories,
                "values": ref(col),
                "fill": {"color": colour},
            })
        chart.set_title({"name": kpi.name, "name_font": {"size": 10, "bold": True}})
        axis = {"num_format": "0%" if kpi.unit == PERCENT_UNIT else "#,##0",
                "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}}
        chart.set_y_axis(axis)
        chart.set_legend({"position": "bottom"})
        plotted = [ws.table.get(r, {}).get(col) for r in range(first, last + 1)
                   for col in (c, c + 1)]
        if any(getattr(cell, "number", 0) < 0 for cell in plotted):  # labels at the bottom
            chart.set_x_axis({"label_position": "low"})
        chart.set_size({"width": CHART_WIDTH, "height": CHART_HEIGHT})
        ws.insert_chart(row, 0, chart, {"x_offset": 5 + i * (CHART_WIDTH + 10), "y_offset": 5})


# --- small workbooks --------------------------------------------------------------------------


def v(raw: object) -> Value:
    """A 目標値/実績値 as the reader returns it for a cell holding ``raw``."""
    if raw is None:
        return Value(None, ValueStatus.MISSING, None, WHERE)
    if isinstance(raw, (int, float)):
        return Value(float(raw), ValueStatus.NUMBER, raw, WHERE)
    if raw in ("-", "－"):
        return Value(None, ValueStatus.NOT_APPLICABLE, raw, WHERE)
    return Value(None, ValueStatus.INVALID, raw, WHERE)


@dataclass
class ChartCase:
    title: str
    targets: list[Value | None]  # None: no observation, no cell written
    actuals: list[Value | None]
    unit: str | None = "人"


@dataclass
class SheetCase:
    name: str
    labels: list[str]
    charts: list[ChartCase] = field(default_factory=list)


def _write_sheet(ws, case: SheetCase, fmt, new: bool, wb) -> None:
    last = FIRST + len(case.labels) - 1
    for r, label in enumerate(case.labels, start=FIRST):
        write_text(ws, r, 0, label, fmt)
    for i, ch in enumerate(case.charts):
        c = 2 + 3 * i
        for r, (t, a) in enumerate(zip(ch.targets, ch.actuals, strict=True), start=FIRST):
            for col, value in ((c, t), (c + 1, a)):
                if value is not None:
                    write_value(ws, r, col, value, fmt, fmt)
    row = last + 3
    if not new:
        kpis = [Kpi(i + 1, ch.title, ch.unit) for i, ch in enumerate(case.charts)]
        _insert_charts_with_xlsxwriter(wb, ws, _Project(kpis), FIRST, last, row)
        return
    labels = tuple(cached_text(label) for label in case.labels)
    for i, ch in enumerate(case.charts):
        c = 2 + 3 * i
        data = (labels, _cache(ch.targets), _cache(ch.actuals))
        num_format = "0%" if ch.unit == PERCENT_UNIT else "#,##0"
        chart = add_kpi_chart(wb, KpiColumnChart(LOOK, ws.name, FIRST, last, (0, c, c + 1),
                                                 ch.title, num_format, data))
        ws.insert_chart(row, 0, chart, {"x_offset": 5 + i * (CHART_WIDTH + 10), "y_offset": 5})


@dataclass
class _Project:
    kpis: list[Kpi]


def _cache(values: list[Value | None]) -> tuple[str | None, ...]:
    return tuple(None if value is None else cached_value(value) for value in values)


def _book(path: Path, sheets: list[SheetCase], new: bool,
          options: dict[str, object] | None = None) -> dict[str, bytes]:
    wb = xlsxwriter.Workbook(str(path), {"in_memory": True, **(options or {})})
    wb.set_properties({"created": CREATED})
    fmt = wb.add_format({"border": 1, "num_format": "#,##0"})
    for case in sheets:
        _write_sheet(wb.add_worksheet(case.name), case, fmt, new, wb)
    wb.close()
    return _parts(path)


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def assert_same_package(tmp_path: Path, sheets: list[SheetCase]) -> dict[str, bytes]:
    old = _book(tmp_path / "old.xlsx", sheets, new=False)
    new = _book(tmp_path / "new.xlsx", sheets, new=True)
    charts = sorted(n for n in old if n.startswith("xl/charts/chart"))
    assert len(charts) == sum(len(s.charts) for s in sheets)
    for name in charts:  # the parts the template writes, first, for a readable failure
        assert new[name].decode() == old[name].decode(), name
    assert new.keys() == old.keys()
    assert [n for n in old if new[n] != old[n]] == []
    return new


def _chart(title: str = "来場者数", targets=(100, 120, 140), actuals=(90, 130.5, 12_672),
           unit: str | None = "人") -> ChartCase:
    return ChartCase(title, [v(t) for t in targets], [v(a) for a in actuals], unit)


YEARS = ["令和2年度", "令和3年度\n（2021年度）", "令和4年度\n（2022年度）"]

CASES = {
    "plain": [SheetCase("①ガラス", YEARS, [_chart()])],
    "sheet name to quote": [SheetCase("ガラス & O'Neil <1> 事業", YEARS, [_chart()])],
    "sheet name with quotes only": [SheetCase("A'B", YEARS, [_chart()])],
    "plain ascii sheet name": [SheetCase("Sheet1", YEARS, [_chart()])],
    "title with markup and quotes": [
        SheetCase("S", YEARS, [_chart('売上 & "来場者" <\'速報\'> 100%')])],
    "title with control characters": [SheetCase("S", YEARS, [_chart("a\x01b _x0041_ \n c")])],
    "empty title": [SheetCase("S", YEARS, [_chart("")])],
    "blanks and text values": [SheetCase("S", YEARS, [ChartCase(
        "件数", [v(100), v(None), v("-")], [v("集計中"), None, v(" 12")])])],
    "numbers that need care": [SheetCase("S", [*YEARS, "令和5年度"], [
        _chart(targets=(-0.0, 1e20, 1 / 3, 123_456_789.123), actuals=(0.1 + 0.2, -5, 7, 1e-7)),
        ChartCase("NaN", [Value(float("nan"), ValueStatus.NUMBER, "x", WHERE), v("1e3"),
                          v("1,000"), v("nan")],
                  [Value(float("inf"), ValueStatus.NUMBER, 1, WHERE), v("１２"), v("1_0"),
                   v("a&<b>")])])],
    "all values negative": [SheetCase("S", YEARS, [
        _chart("社会動態数", targets=(-100, -80, -60), actuals=(-339, -120, -96))])],
    "one year only": [SheetCase("S", ["令和4年度"], [_chart(targets=(5,), actuals=(6,))])],
    "percent unit": [SheetCase("S", YEARS, [
        _chart(targets=(0.5, 0.55, 0.6), actuals=(0.54, 0.05, None), unit=PERCENT_UNIT)])],
    "labels that are numbers": [SheetCase("S", ["2020", "2021", "2022"], [_chart()])],
    "labels, one blank": [SheetCase("S", ["初年度", "", "3年目"], [_chart()])],
    "labels with markup": [SheetCase("S", ["R2 & <R3>", "\x02", "_x0041_"], [_chart()])],
    "non-characters": [SheetCase("S", ["\ufffe", "a\uffff", "b"], [_chart("\uffff")])],
    "long text is cut as xlsxwriter cuts it": [SheetCase("S", ["あ" * 40_000, "b", "c"], [
        ChartCase("t", [v("x" * 33_000), v(1), v(2)], [v(1), v(2), v(3)])])],
    "several charts and sheets": [
        SheetCase("①A", YEARS, [_chart("一"), _chart("二", unit=PERCENT_UNIT), _chart("三")]),
        SheetCase("②B", YEARS[:2], [_chart("四", (1, 2), (3, 4))]),
        SheetCase("③ no charts", YEARS, []),
        SheetCase("④C", YEARS, [_chart("五"), _chart("六")]),
    ],
}


@pytest.mark.parametrize("case", CASES)
def test_chart_part_is_xlsxwriters(tmp_path, case):
    assert_same_package(tmp_path, CASES[case])


def test_chart_year_labels_go_to_the_bottom_when_a_value_is_negative(tmp_path):
    """社会動態数 (every value below zero): the labels at the zero line sat on the bars;
    "low" puts them under the plot. Charts without negatives keep them beside the axis."""
    from tests.test_writer import write

    with zipfile.ZipFile(write(tmp_path, seed_submissions(tmp_path))) as zf:
        charts = [zf.read(n).decode() for n in zf.namelist() if n.startswith("xl/charts/")]
    positions = {re.search(r"<a:t>([^<]*)</a:t>", x).group(1):
                 re.search(r'<c:catAx>.*?<c:tickLblPos val="(\w+)"/>', x).group(1)
                 for x in charts}
    assert positions.pop("20～39歳の社会動態数(住民基本台帳)") == "low"
    assert set(positions.values()) == {"nextTo"}


def test_chart_axis_ids_follow_the_charts_order(tmp_path):
    parts = assert_same_package(tmp_path, CASES["several charts and sheets"])
    ids = [re.findall(r'<c:axId val="(\d+)"/>', parts[f"xl/charts/chart{n}.xml"].decode())[:2]
           for n in range(1, 7)]
    assert ids == [[f"{5000 + n:04d}0001", f"{5000 + n:04d}0002"] for n in range(1, 7)]


def test_chart_ids_past_four_digits(tmp_path):
    """From the 5,000th chart on, ``5001 + id`` has five digits (axis ids of nine)."""
    wb = xlsxwriter.Workbook(str(tmp_path / "x.xlsx"), {"in_memory": True})
    ws = wb.add_worksheet("S")
    case = SheetCase("S", YEARS, [_chart()])
    _write_sheet(ws, case, None, False, wb)
    _write_sheet(ws, case, None, True, wb)
    old, new = wb.charts
    wb._prepare_sst_string_data()
    wb._add_chart_data()  # the old chart's cache, read from the sheet
    xml = []
    for chart in (old, new):
        chart.id = 4999
        chart._set_filehandle(io.StringIO())
        chart._assemble_xml_file()
        xml.append(chart.fh.getvalue())
    assert xml[1] == xml[0]
    assert '<c:axId val="100000001"/>' in xml[1]
    wb.close()


_TEXT = st.text(st.sampled_from("aZ0 9._-&<>\"'\n\t\x01！あ表%$!:"), max_size=12)
_VALUE = st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True).map(v),
                   st.integers(-10**6, 10**6).map(v), _TEXT.map(v),
                   st.just(Value(None, ValueStatus.MISSING, None, WHERE)))
_SHEET = st.text(st.sampled_from("aZ0 9._-&<>'！あ表%$"), min_size=1, max_size=20).filter(
    lambda s: not s.startswith("'") and not s.endswith("'"))
# xlsxwriter reads a title like ``x!A1`` as a cell reference; chart.py keeps it text.
_TITLE = _TEXT.filter(lambda s: not re.match(r"^=?[^!]+!\$?[A-Z]+\$?\d+", s))


@st.composite
def _sheet(draw) -> SheetCase:
    n = draw(st.integers(1, 4))
    labels = draw(st.lists(_TEXT, min_size=n, max_size=n))
    charts = [ChartCase(draw(_TITLE), draw(st.lists(_VALUE, min_size=n, max_size=n)),
                        draw(st.lists(_VALUE, min_size=n, max_size=n)),
                        draw(st.sampled_from([None, "人", PERCENT_UNIT])))
              for _ in range(draw(st.integers(1, 3)))]
    return SheetCase(draw(_SHEET), labels, charts)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sheet=_sheet())
def test_chart_part_is_xlsxwriters_for_any_text_and_values(tmp_path, sheet):
    assert_same_package(tmp_path, [sheet])


def test_chart_title_that_looks_like_a_reference_stays_text(tmp_path):
    """The one deliberate difference: xlsxwriter would chart the cell ``x!A1``."""
    parts = _book(tmp_path / "new.xlsx", [SheetCase("S", YEARS, [_chart("x!A1")])], new=True)
    chart = parts["xl/charts/chart1.xml"].decode()
    assert "<a:t>x!A1</a:t>" in chart
    assert "<c:f>x!A1</c:f>" not in chart


def test_chart_keeps_its_values_in_a_constant_memory_sheet(tmp_path):
    """The cached values come with the chart: in a sheet that does not keep its cells
    (``Worksheet._get_range_data`` returns nothing) xlsxwriter's chart has no cache, ours
    is the same as with the cells in memory. Written to files (not in_memory, which turns
    constant_memory off)."""
    sheets = CASES["blanks and text values"]
    streamed = {"constant_memory": True, "in_memory": False}
    new = _book(tmp_path / "new.xlsx", sheets, new=True, options=streamed)
    old = _book(tmp_path / "old.xlsx", sheets, new=False)
    old_streamed = _book(tmp_path / "old_streamed.xlsx", sheets, new=False, options=streamed)
    chart = "xl/charts/chart1.xml"
    assert new[chart] == old[chart]
    assert "<c:v>令和2年度</c:v>" in new[chart].decode()
    assert "<c:v>令和2年度</c:v>" not in old_streamed[chart].decode()


def test_chart_gives_xlsxwriter_nothing_to_look_up():
    chart = KpiColumnChart(LOOK, "S", 8, 8, (0, 2, 3), "t", "#,##0", (("a",), ("1",), ("2",)))
    assert dict(chart.formula_ids) == {}
    assert chart.combined is None
    assert chart.embedded
    assert chart.id == -1  # dropped by Workbook._prepare_drawings unless inserted
    assert not hasattr(chart, "__dict__") or chart.__dict__ == {}


def test_chart_refuses_data_that_does_not_fit_its_range():
    with pytest.raises(ValueError, match="one cached point per row"):
        KpiColumnChart(LOOK, "S", 8, 9, (0, 2, 3), "t", "#,##0", (("a",), ("1",), ("2",)))


def test_chart_cache_is_what_xlsxwriter_reads_from_the_sheet(tmp_path):
    """``cached_value``/``cached_text`` against ``Worksheet._get_range_data`` of the cells
    that ``cells.write_value``/``write_text`` write."""
    values = [v(1), v(2.5), v(None), v("-"), v("集計中"), v(-0.0), v(1e300),
              Value(float("nan"), ValueStatus.NUMBER, "x", WHERE),
              Value(None, ValueStatus.NUMBER, None, WHERE), v("x" * 40_000)]
    wb = xlsxwriter.Workbook(str(tmp_path / "x.xlsx"), {"in_memory": True})
    ws = wb.add_worksheet()
    fmt = wb.add_format({"border": 1})
    for r, value in enumerate(values):
        write_value(ws, r, 0, value, fmt, fmt)
        write_text(ws, r, 1, _year_label(f"令和{r}年度", 2020 + r), fmt)
    wb._prepare_sst_string_data()  # what Workbook.close does before reading the charts' data
    assert ws._get_range_data(0, 0, len(values) - 1, 0) == [cached_value(x) for x in values]
    assert ws._get_range_data(0, 1, len(values) - 1, 1) == [
        cached_text(_year_label(f"令和{r}年度", 2020 + r)) for r in range(len(values))]
    wb.close()


# --- the consolidated workbook ---------------------------------------------------------------


def _seed_with_awkward_values(folder: Path):
    subs = seed_submissions(folder)
    p = subs[0].projects[0]
    p.kpis[0].name = 'A&B <"速報"> \'x\''
    year = p.years[1]
    o = year.observations[0]
    year.observations[0] = Observation(Value(None, ValueStatus.MISSING, None, o.target.where),
                                       Value(None, ValueStatus.INVALID, "集計中", o.actual.where))
    del p.years[2].observations[1:]  # a row with fewer observations than KPIs
    return subs


def _project_charts(path: Path, submissions: list, streamed: bool) -> dict[str, bytes]:
    """The chart parts of a workbook of just the project sheets of ``submissions``."""
    wb = KpiWorkbook(str(path), dict(WORKBOOK_OPTIONS))
    fm, links, marks, names = Formats(wb), LinkMap(), ErrorMarks([]), SheetNames([])
    for p, sub in order_projects(submissions):
        pp = PlacedProject(p, sub, names.claim(project_sheet_name(p)))
        ws = wb.add_streamed_worksheet(pp.sheet) if streamed else wb.add_worksheet(pp.sheet)
        project_module.write_project_sheet(wb, ws, pp, fm, marks, links)
    wb.close()
    return {n: data for n, data in _parts(path).items() if n.startswith("xl/charts/")}


@pytest.mark.parametrize("submissions", [seed_submissions, _seed_with_awkward_values])
def test_consolidated_charts_are_xlsxwriters(tmp_path, monkeypatch, submissions):
    """The project sheets' charts, from a streamed sheet that keeps no cells, are the ones
    xlsxwriter draws from a sheet that keeps them (its own way to cache the values)."""
    new = _project_charts(tmp_path / "new.xlsx", submissions(tmp_path), streamed=True)
    monkeypatch.setattr(project_module, "_insert_charts", _insert_charts_with_xlsxwriter)
    old = _project_charts(tmp_path / "old.xlsx", submissions(tmp_path), streamed=False)
    assert len(new) == 9
    assert new == old


# --- memory -----------------------------------------------------------------------------------


def _allocated_per_chart(make) -> float:
    charts: list[object] = []
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for n in range(1000):
            charts.append(make(n))
        after = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    return (after - before) / len(charts)


def test_chart_memory_per_chart_is_small():
    """A chart with its three years of cached values, as ``_insert_charts`` builds it."""
    labels = tuple(cached_text(label) for label in YEARS)
    values = [v(100), v(120.5), v("-")]

    def make(n: int) -> KpiColumnChart:
        data = (labels, _cache(values), _cache(values))
        return KpiColumnChart(LOOK, "①ガラス", 8, 10, (0, 2, 3), "来場者数", "#,##0", data)

    assert _allocated_per_chart(make) < 4096
