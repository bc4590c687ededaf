"""The KPI chart of the project sheets (目標値 vs 実績値 by year), written from a template.

Measured on 2,000 submissions (18,000 charts): a configured xlsxwriter ``ChartColumn``
holds about 17.6 KB (its axes, fonts, series and title dictionaries: some 320 MB in all),
and writing its XML (``Chart._assemble_xml_file``: thousands of small ``_xml_*`` calls, each
escaping its attributes with a regular expression) together with ``add_series`` and
``_convert_axis_args`` took about 15 s of a 93 s merge. Every chart of ours has the same
shape, so :class:`KpiColumnChart` keeps only what differs between charts (sheet, rows,
columns, title, number format and the plotted values; under 300 bytes plus the values)
and writes the part from pieces of XML prepared once per :class:`ChartLook`.

xlsxwriter fills a chart's cached values (numCache/strCache) at close by reading the
ranges back from the worksheet's cell table (``Workbook._add_chart_data`` →
``Worksheet._get_range_data``), which only works while the sheet holds its cells in
memory: in ``constant_memory`` mode it gets nothing. Here the caller gives the values it
writes (:func:`cached_value`, :func:`cached_text` turn them into what ``_get_range_data``
would return) and the chart has no range for xlsxwriter to look up (``formula_ids`` empty).

The class subclasses ``ChartColumn`` so that ``Worksheet.insert_chart``, the drawings, the
relationships and the content types treat it as a chart, but it never runs
``Chart.__init__``: it has ``__slots__`` for the attributes xlsxwriter sets on a chart
(``id``, ``already_inserted``, ``fh``, ``internal_fh``), class constants for those it only
reads (scale, offsets, name, ``combined``, ``embedded``), and overrides the private
``_assemble_xml_file``. The XML must stay byte for byte what xlsxwriter writes for the same
chart (``tests/test_writer_chart.py`` compares whole packages written both ways): the
template, the axis ids (``Chart._add_axis_ids``), the choice between a text and a number
cache (``Chart._get_data_type``, reused) and the escaping (``XMLwriter``'s rules, its
control-character escape reused) follow xlsxwriter 3.3: the dependency is pinned ``<3.4``,
and a new xlsxwriter needs that test to pass before the pin moves.

One difference is deliberate: xlsxwriter takes a chart title that looks like a cell
reference (``売上!A1``) for a formula and shows that cell; here a KPI name is always text.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Final

from xlsxwriter.chart_column import ChartColumn
from xlsxwriter.color import Color
from xlsxwriter.utility import xl_range_abs

from kpi_workbook.consolidated.writer.xlsx_engine.references import quote_sheet
from kpi_workbook.consolidated.writer.xlsx_engine.xml_escape import escape_attribute, escape_element

if TYPE_CHECKING:
    from io import StringIO

    from xlsxwriter.workbook import Workbook

    from kpi_workbook.domain.model import Value

Cached = str | None
"""One point as ``Worksheet._get_range_data`` returns it: a number as ``f"{n:.16g}"``, a
text as written, ``""`` for a formatted blank, None where no cell was written."""

MAX_TEXT: Final = 32767  # xlsxwriter cuts longer text (Worksheet.xls_strmax)
GENERAL: Final = "General"  # the value axis' default number format

_HEAD: Final = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"'
    ' xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
    ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<c:lang val="en-US"/><c:chart>')
_PLOT_OPEN: Final = ('<c:plotArea><c:layout/><c:barChart><c:barDir val="col"/>'
                     '<c:grouping val="clustered"/>')
_SCALING: Final = '<c:scaling><c:orientation val="minMax"/></c:scaling>'
_CAT_NUM_FMT: Final = f'<c:numFmt formatCode="{GENERAL}" sourceLinked="1"/>'
_TAIL: Final = (
    '</c:plotArea><c:legend><c:legendPos val="b"/><c:layout/></c:legend>'
    '<c:plotVisOnly val="1"/></c:chart><c:printSettings><c:headerFooter/>'
    '<c:pageMargins b="0.75" l="0.7" r="0.7" t="0.75" header="0.3" footer="0.3"/>'
    '<c:pageSetup/></c:printSettings></c:chartSpace>')


def cached_number(number: float | None) -> str:
    """The cache of a cell ``cells.write_number`` writes: the number, or "" for the
    formatted blank it leaves for None, NaN, ±inf or a bool."""
    if number is None or isinstance(number, bool) or math.isnan(number) or math.isinf(number):
        return ""
    return f"{number:.16g}"


def cached_text(text: str | None) -> str:
    """The cache of a cell ``cells.write_text`` writes ("" for its formatted blank)."""
    return (text or "")[:MAX_TEXT]


def cached_value(value: Value) -> str:
    """The cache of a 目標値/実績値 cell as ``cells.write_value`` writes it."""
    if value.is_number:
        return cached_number(value.number)
    return cached_text(value.raw_text)


class ChartLook:
    """What all KPI charts share, turned into XML once: two series (name, colour), the
    title's size in points (bold), the colour of the value axis' gridlines, the size in
    pixels. The legend is at the bottom; the rest is xlsxwriter's default."""

    def __init__(self, series: tuple[tuple[str, str], tuple[str, str]], title_size: float,
                 gridline_colour: str, width: int, height: int) -> None:
        self.width = width
        self.height = height
        self.series_names = tuple(name for name, _ in series)
        self.series_open = tuple(
            f'<c:ser><c:idx val="{i}"/><c:order val="{i}"/><c:tx><c:v>{escape_element(name)}'
            f'</c:v></c:tx><c:spPr><a:solidFill><a:srgbClr val="{_rgb(colour)}"/>'
            '</a:solidFill></c:spPr>'
            for i, (name, colour) in enumerate(series))
        size = f'sz="{int(title_size * 100)}" b="1" baseline="0"'
        self.title_open = ('<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr>'
                           f'<a:defRPr {size}/></a:pPr><a:r><a:rPr lang="en-US" {size}/><a:t>')
        self.title_close = '</a:t></a:r></a:p></c:rich></c:tx><c:layout/></c:title>'
        self.gridlines = ('<c:majorGridlines><c:spPr><a:ln><a:solidFill>'
                          f'<a:srgbClr val="{_rgb(gridline_colour)}"/></a:solidFill></a:ln>'
                          '</c:spPr></c:majorGridlines>')


def _rgb(colour: str) -> str:
    return Color(colour)._rgb_hex_value()


class KpiColumnChart(ChartColumn):
    """One KPI's clustered column chart: categories and two value columns of one sheet,
    with the values the caller wrote there (see the module docstring)."""

    __slots__ = (
        "actual_col",
        "actuals",
        "already_inserted",
        "caption",
        "categories",
        "category_col",
        "fh",
        "first_row",
        "id",
        "internal_fh",
        "last_row",
        "look",
        "num_format",
        "sheet",
        "target_col",
        "targets",
    )

    # What xlsxwriter reads from a chart and Chart.__init__ would set per instance.
    embedded = True
    chart_name = ""
    combined = None
    x_scale = 1
    y_scale = 1
    x_offset = 0
    y_offset = 0
    date_1904 = False
    remove_timezone = False
    # read-only and empty: nothing for Workbook._add_chart_data to read (dict, list in 3.3)
    formula_ids: MappingProxyType[str, int] = MappingProxyType({})  # type: ignore[assignment]
    formula_data = ()  # type: ignore[assignment]

    def __init__(self, look: ChartLook, sheet: str, first_row: int, last_row: int,
                 columns: tuple[int, int, int], title: str, num_format: str,
                 data: tuple[Sequence[Cached], Sequence[Cached], Sequence[Cached]]) -> None:
        """``columns`` and ``data``: categories, first series, second series; one point per
        row from ``first_row`` to ``last_row``."""
        if last_row < first_row or not all(len(points) == last_row - first_row + 1
                                           for points in data):
            raise ValueError("a chart needs one cached point per row of its range")
        self.look = look
        self.sheet = sheet
        self.first_row = first_row
        self.last_row = last_row
        self.category_col, self.target_col, self.actual_col = columns
        self.caption = title
        self.num_format = num_format
        self.categories, self.targets, self.actuals = data
        self.id = -1  # set by Worksheet._prepare_chart; -1: never inserted
        self.already_inserted = False
        self.fh: StringIO | None = None  # type: ignore[assignment]  # None in 3.3
        self.internal_fh = False

    @property
    def width(self) -> int:  # type: ignore[override]
        return self.look.width

    @property
    def height(self) -> int:  # type: ignore[override]
        return self.look.height

    @property
    def series(self) -> tuple[str, ...]:  # type: ignore[override]
        """Non-empty: the packager refuses a chart without series."""
        return self.look.series_names

    def _assemble_xml_file(self) -> None:
        assert self.fh is not None
        self.fh.writelines(self._xml_parts())
        self._xml_close()

    def _xml_parts(self) -> list[str]:
        look = self.look
        sheet = quote_sheet(self.sheet)  # always quoted (references.py)
        cat_ref = escape_element(f"{sheet}!{self._range(self.category_col)}")
        cat_xml, numeric_categories = self._category_xml(cat_ref)
        chart_id = 5001 + self.id  # Chart._add_axis_ids
        x_id, y_id = f"{chart_id:04d}0001", f"{chart_id:04d}0002"
        parts = [_HEAD]
        if self.caption:  # ChartTitle.has_name; no element at all for an empty title
            parts += [look.title_open, escape_element(self.caption), look.title_close]
        parts.append(_PLOT_OPEN)
        for opening, col, values in ((look.series_open[0], self.target_col, self.targets),
                                     (look.series_open[1], self.actual_col, self.actuals)):
            ref = escape_element(f"{sheet}!{self._range(col)}")
            parts += [opening, cat_xml, "<c:val><c:numRef><c:f>", ref, "</c:f>",
                      *_num_cache(values), "</c:numRef></c:val></c:ser>"]
        linked = "1" if self.num_format == GENERAL else "0"
        parts += [
            f'<c:axId val="{x_id}"/><c:axId val="{y_id}"/></c:barChart>',
            f'<c:catAx><c:axId val="{x_id}"/>{_SCALING}<c:axPos val="b"/>',
            _CAT_NUM_FMT if numeric_categories else "",
            f'<c:tickLblPos val="{self._category_labels()}"/><c:crossAx val="{y_id}"/>'
            '<c:crosses val="autoZero"/>'
            '<c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/></c:catAx>',
            f'<c:valAx><c:axId val="{y_id}"/>{_SCALING}<c:axPos val="l"/>{look.gridlines}'
            f'<c:numFmt formatCode="{escape_attribute(self.num_format)}"'
            f' sourceLinked="{linked}"/><c:tickLblPos val="nextTo"/><c:crossAx val="{x_id}"/>'
            '<c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx>',
            _TAIL,
        ]
        return parts

    def _category_labels(self) -> str:
        """Where the year labels go: beside the axis (at zero), or at the bottom of the
        plot ("low", xlsxwriter's ``label_position``) when a value is negative, where
        they would sit on the bars (社会動態数: every value below zero)."""
        return "low" if any(_is_negative(v) for v in (*self.targets, *self.actuals)) \
            else "nextTo"

    def _range(self, col: int) -> str:
        return xl_range_abs(self.first_row, col, self.last_row, col)

    def _category_xml(self, ref: str) -> tuple[str, bool]:
        """``<c:cat>``, as text if any label is not a number (``Chart._write_cat``), and
        whether the category axis then gets a number format (``cat_has_num_fmt``)."""
        data = list(self.categories)
        kind = self._get_data_type(data)
        if kind == "str":
            return "".join(["<c:cat><c:strRef><c:f>", ref, "</c:f>", *_str_cache(data),
                            "</c:strRef></c:cat>"]), False
        if kind == "num":
            return "".join(["<c:cat><c:numRef><c:f>", ref, "</c:f>", *_num_cache(data),
                            "</c:numRef></c:cat>"]), True
        raise ValueError(f"unexpected category data ({kind})")


def _is_negative(token: Cached) -> bool:
    try:
        return token is not None and float(token) < 0
    except ValueError:  # text: cached as 0
        return False


def _num_cache(data: Sequence[Cached]) -> list[str]:
    """``Chart._write_num_cache``: what is not a number is cached as 0, no cell as no point."""
    parts = [f'<c:numCache><c:formatCode>{GENERAL}</c:formatCode>'
             f'<c:ptCount val="{len(data)}"/>']
    for i, token in enumerate(data):
        if token is None:
            continue
        try:
            float(token)
        except ValueError:
            token = "0"
        parts.append(f'<c:pt idx="{i}"><c:v>{escape_element(token)}</c:v></c:pt>')
    parts.append("</c:numCache>")
    return parts


def _str_cache(data: Sequence[Cached]) -> list[str]:
    """``Chart._write_str_cache``."""
    parts = [f'<c:strCache><c:ptCount val="{len(data)}"/>']
    parts += [f'<c:pt idx="{i}"><c:v>{escape_element(token)}</c:v></c:pt>'
              for i, token in enumerate(data) if token is not None]
    parts.append("</c:strCache>")
    return parts


def add_kpi_chart(wb: Workbook, chart: KpiColumnChart) -> KpiColumnChart:
    """Register ``chart`` with ``wb`` as ``Workbook.add_chart`` does (the packager writes
    the charts in ``wb.charts``); insert it with ``Worksheet.insert_chart``."""
    wb.charts.append(chart)
    return chart
