"""Preview of one project's KPI table (year × KPI: 目標値, 実績値, 達成率, 進捗率, 判定, 評価).

Each shown value remembers the source cell it came from, so an issue's cell (``E12``) can be
found and highlighted here; an issue about a KPI's header cells (its name, unit, direction)
highlights that KPI's name. 達成率, 進捗率, 判定 (未公表 included) and the 事業効果(案) come
from ``kpi_workbook.domain`` (``effect.row_results``: what 集計一覧 caches), with the bands,
grading, report year and 事業効果 line the consolidated workbook will use; a 速報 actual
says so beside its figure. The 年度 and 事業内容
columns stay in place when the table is scrolled sideways (Qt's frozen-column example: a
second view over the same model, laid over the first columns).
"""

from __future__ import annotations

import html
from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QStyle,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui.strings import current_lang, tr
from kpi_workbook.domain.attainment import Bands, Grading, grade
from kpi_workbook.domain.effect import (
    DEFAULT_EFFECT_LINE,
    RowResult,
    kpi_years,
    project_effect,
    row_results,
)
from kpi_workbook.domain.figure_status import figure_statuses
from kpi_workbook.domain.fiscal_year import default_report_year
from kpi_workbook.domain.issues import Issue, split_cell
from kpi_workbook.domain.model import FigureStatus, Kpi, Project, Value, ValueStatus

HIGHLIGHT = QColor("#ffd54f")
_BAND_COLOURS = {"good": QColor("#d7f0d2"), "fair": QColor("#fff1c1"),
                 "poor": QColor("#fbd3d0")}
_INVALID = QColor("#c62828")
_NAME_ROW = QColor("#eef2f7")
_FROZEN = 2  # 年度, 事業内容
#: Year rows the preview always has room for (besides the KPI names' row), however small
#: the screen (1024×600) or far the clerk drags the divider.
MIN_YEAR_ROWS = 3


def format_value(value: Value, unit: str | None, shown_as: str | None = None) -> str:
    """A value the way a clerk expects to read it: 12,672 / 5.4% / the raw text if unread;
    ``shown_as``: how the reader says the cell showed (a date cell: 2024/04/01)."""
    if value.status is ValueStatus.NUMBER and value.number is not None:
        if unit == "%":
            return f"{value.number * 100:.1f}%"
        number = value.number
        return f"{number:,.0f}" if float(number).is_integer() else f"{number:,.2f}"
    return shown_as if shown_as is not None else value.raw_text


class KpiPreview(QWidget):
    """A read-only table; ``highlight(cell)`` marks where an issue points."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.info = QLabel(self)
        self.info.setWordWrap(True)
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = QTableWidget(self)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self.table.verticalHeader().setVisible(False)
        self.frozen = self._frozen_view()
        self.table.setMinimumHeight(self.height_for_rows(1 + MIN_YEAR_ROWS))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.info)
        layout.addWidget(self.table, 1)
        self._project: Project | None = None
        self._shown_as: Mapping[str, str] = {}
        self._cells: dict[str, tuple[int, int]] = {}
        self._kpi_columns: dict[int, tuple[int, int]] = {}  # source column -> name item
        self._highlight: tuple[int, int] | None = None
        self._highlight_source: str | None = None
        self._bands = Bands()
        self._grading = Grading()
        self._report_year: int | None = None
        self._effect_line = DEFAULT_EFFECT_LINE
        self._results: dict[tuple[int, int], tuple[RowResult, FigureStatus | None]] = {}
        self.show_project(None)

    def _frozen_view(self) -> QTableView:
        frozen = QTableView(self.table)
        frozen.setModel(self.table.model())
        frozen.setSelectionModel(self.table.selectionModel())
        frozen.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        frozen.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        frozen.verticalHeader().setVisible(False)
        frozen.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        frozen.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        frozen.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        frozen.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        frozen.setVerticalScrollMode(self.table.verticalScrollMode())
        frozen.setWordWrap(True)
        frozen.setStyleSheet("QTableView { border: none; border-right: 1px solid #9aa5b1; }")
        self.table.viewport().stackUnder(frozen)
        frozen.verticalScrollBar().valueChanged.connect(self.table.verticalScrollBar().setValue)
        self.table.verticalScrollBar().valueChanged.connect(frozen.verticalScrollBar().setValue)
        self.table.horizontalHeader().sectionResized.connect(self._on_column_resized)
        self.table.verticalHeader().sectionResized.connect(self._on_row_resized)
        return frozen

    def height_for_rows(self, rows: int) -> int:
        """The table's height that shows ``rows`` one-line rows, its header row and a
        horizontal scroll bar (the KPI columns rarely fit across)."""
        metrics = self.table.fontMetrics()
        row = max(self.table.verticalHeader().minimumSectionSize(), metrics.height() + 4)
        header = max(self.table.horizontalHeader().sizeHint().height(), metrics.height() + 8)
        scroll = self.table.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        return header + rows * row + scroll + 2 * self.table.frameWidth()

    # --- content ---------------------------------------------------------------------------
    def set_grading(self, bands: Bands, grading: Grading, *, report_year: int | None = None,
                    effect_line: float = DEFAULT_EFFECT_LINE) -> None:
        """The 達成率 colours, the 評価 column, the report year (which actual is 未公表;
        None: the last year that has ended) and the 事業効果 line of the consolidated
        workbook."""
        self._bands = bands
        self._grading = grading
        self._report_year = report_year
        self._effect_line = effect_line
        self.show_project(self._project, self._shown_as)

    def report_year(self) -> int:
        return self._report_year if self._report_year is not None else default_report_year()

    def project(self) -> Project | None:
        return self._project

    def rebuild(self) -> None:
        """Show the same project again (new labels), keeping the highlighted cell."""
        cell = self.highlighted_source()
        self.show_project(self._project, self._shown_as)
        if cell:
            self.highlight(cell)

    def _per_kpi(self) -> tuple[str, ...]:
        base = ("target", "actual", "rate", "progress", "verdict")
        return (*base, "grade") if self._grading.enabled else base

    def show_project(self, project: Project | None,
                     shown_as: Mapping[str, str] | None = None) -> None:
        """Fill the table from a project as read (None: an empty table); ``shown_as``: the
        text of cells the reader did not read as numbers, as the clerk saw them (dates)."""
        self._project = project
        self._shown_as = dict(shown_as or {})
        self._cells.clear()
        self._kpi_columns.clear()
        self._highlight = None
        self._highlight_source = None
        self.table.clear()
        if project is None:
            self.info.setText(tr("no-project"))
            self.table.setRowCount(0)
            self.table.setColumnCount(0)
            self._update_frozen()
            return
        self._results = self._row_results(project)
        self.info.setText(self._describe(project))
        per_kpi = self._per_kpi()
        # row 0 holds the KPI names, each spanning its columns, as in the Excel sheet
        headers = [tr("col-year"), tr("col-activities")]
        headers += [tr(k) for _kpi in project.kpis for k in per_kpi]
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(project.years) + 1)
        for c in range(_FROZEN):
            self._put(0, c, "", None).setBackground(QBrush(_NAME_ROW))
        for kpi in project.kpis:
            name = f"{kpi.name}（{kpi.unit}）" if kpi.unit else kpi.name
            c = self._kpi_column(kpi)
            item = self._put(0, c, name, kpi.where.cell if kpi.where else None)
            item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            item.setBackground(QBrush(_NAME_ROW))
            self.table.setSpan(0, c, 1, len(per_kpi))
        for r, year in enumerate(project.years, start=1):
            self._put(r, 0, year.label, year.where.cell)
            self._put(r, 1, year.activities, None)
            for kpi in project.kpis:
                self._put_kpi(r, kpi, project)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.resizeColumnsToContents()
        for kpi in project.kpis:
            # the spanning name must not widen the first column of its group
            c = self._kpi_column(kpi)
            for k in range(len(per_kpi)):
                self.table.setColumnWidth(c + k, max(64, min(self.table.columnWidth(c + k),
                                                             140)))
        self.table.setColumnWidth(1, min(self.table.columnWidth(1), 200))
        self.table.resizeRowsToContents()
        self._update_frozen()

    def _row_results(self, project: Project) -> dict[tuple[int, int],
                                                         tuple[RowResult, FigureStatus | None]]:
        # (KPI index, year position) → the row as 集計一覧 will show it, and its 速報/確定
        found: dict[tuple[int, int], tuple[RowResult, FigureStatus | None]] = {}
        positions = {id(y): i for i, y in enumerate(project.years)}
        for kpi in project.kpis:
            years = kpi_years(project, kpi)
            statuses = figure_statuses(kpi, years)
            for i, (year, result) in enumerate(zip(
                    years, row_results(project, kpi, self.report_year()), strict=True)):
                found[(kpi.index, positions[id(year)])] = (result, statuses.get(i))
        return found

    def _describe(self, project: Project) -> str:
        parts = [f"<b>{project.number or ''} {html.escape(project.name)}</b>"]
        if project.scope is not None:
            parts.append(project.scope.value)
        if project.period is not None:
            parts.append(project.period.label())
        if project.department:
            parts.append(html.escape(project.department))
        parts.append(f"{tr('col-sheet')}: {html.escape(project.sheet)}")
        text = "　".join(parts)
        if project.kpis:
            proposal = project_effect(project, self.report_year(), self._effect_line)
            effect = proposal.effect.value if proposal.effect else tr("effect-none")
            reason = proposal.reason.en if current_lang() == "en" else proposal.reason.ja
            text += (f"<br>{tr('effect-proposal')}: <b>{html.escape(effect)}</b>"
                     f"（{html.escape(reason)}）")
        return text

    def _kpi_column(self, kpi: Kpi) -> int:
        return _FROZEN + (kpi.index - 1) * len(self._per_kpi())

    def _put_kpi(self, r: int, kpi: Kpi, project: Project) -> None:
        year = project.years[r - 1]
        if kpi.index - 1 >= len(year.observations):
            return
        obs = project.observation(kpi, year)
        c = self._kpi_column(kpi)
        for k, value in enumerate((obs.target, obs.actual)):
            cell = value.where.cell
            self._put(r, c + k, format_value(value, kpi.unit, self._shown_as.get(cell or "")),
                      cell, invalid=value.status is ValueStatus.INVALID, number=True)
            if cell:
                # any cell of this KPI's columns above the years is one of its header cells
                self._kpi_columns[split_cell(cell)[1]] = (0, c)
        result, status = self._results[(kpi.index, r - 1)]
        judgement = result.judgement
        if status is FigureStatus.PRELIMINARY:
            actual = self.table.item(r, c + 1)
            assert actual is not None
            actual.setText(f"{actual.text()}（{status.value}）")
        rate = "" if judgement.rate is None else f"{judgement.rate * 100:.1f}%"
        rate_item = self._put(r, c + 2, rate, None, number=True)
        band = self._bands.band(judgement.rate)
        if band is not None:
            rate_item.setBackground(QBrush(_BAND_COLOURS[band]))
        progress = "" if result.progress is None else f"{result.progress * 100:.1f}%"
        self._put(r, c + 3, progress, None, number=True)
        verdict = self._put(r, c + 4, judgement.verdict, None)
        verdict.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        verdict.setToolTip(judgement.reason + (f"（{tr('due')}: {result.due}）"
                                               if result.due else ""))
        if self._grading.enabled:
            mark = self._put(r, c + 5, grade(judgement, self._grading), None)
            mark.setTextAlignment(Qt.AlignmentFlag.AlignCenter)

    def _put(self, r: int, c: int, text: str, source: str | None, *, invalid: bool = False,
             number: bool = False) -> QTableWidgetItem:
        item = QTableWidgetItem(text)
        if number:
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if invalid:
            item.setForeground(QBrush(_INVALID))
        if source:
            item.setToolTip(source)
            self._cells[source] = (r, c)
        self.table.setItem(r, c, item)
        return item

    # --- frozen columns ------------------------------------------------------------------------
    def _update_frozen(self) -> None:
        columns = self.table.columnCount()
        for c in range(columns):
            self.frozen.setColumnHidden(c, c >= _FROZEN)
        for c in range(min(_FROZEN, columns)):
            self.frozen.setColumnWidth(c, self.table.columnWidth(c))
        for r in range(self.table.rowCount()):
            self.frozen.setRowHeight(r, self.table.rowHeight(r))
        self.frozen.setVisible(columns > _FROZEN)
        self._place_frozen()

    def _place_frozen(self) -> None:
        width = sum(self.table.columnWidth(c) for c in range(min(_FROZEN,
                                                                 self.table.columnCount())))
        frame = self.table.frameWidth()
        self.frozen.setGeometry(self.table.verticalHeader().width() + frame, frame, width,
                                self.table.viewport().height()
                                + self.table.horizontalHeader().height())

    def _on_column_resized(self, column: int, old: int, new: int) -> None:
        if column < _FROZEN:
            self.frozen.setColumnWidth(column, new)
            self._place_frozen()

    def _on_row_resized(self, row: int, old: int, new: int) -> None:
        self.frozen.setRowHeight(row, new)

    def frozen_text_at_left(self, row: int) -> str:
        """What the frozen columns show at the left edge of ``row`` (for tests)."""
        index = self.frozen.indexAt(self.frozen.visualRect(
            self.frozen.model().index(row, 0)).center())
        return str(index.data()) if index.isValid() else ""

    # --- highlight -------------------------------------------------------------------------
    def highlight(self, cell: str | None, issue: Issue | None = None) -> bool:
        """Mark the preview cell read from source ``cell`` (for a KPI's header cell, the
        KPI's name); False when it is not shown here."""
        self._clear_highlight()
        self._highlight_source = cell
        pos = self._cells.get(cell or "") or self._header_position(cell)
        if pos is None:
            if cell:
                field = issue.params.get("field") if issue is not None else None
                self.info.setText(self._describe_with(cell, shown=False, field=field))
            return False
        self._highlight = pos
        item = self.table.item(*pos)
        assert item is not None  # every position in _cells holds an item
        item.setBackground(QBrush(HIGHLIGHT))
        font = QFont(item.font())
        font.setBold(True)
        item.setFont(font)
        # no selection: its colour would hide the highlight
        self.table.clearSelection()
        self.table.scrollToItem(item, QAbstractItemView.ScrollHint.EnsureVisible)
        self.info.setText(self._describe_with(cell or "", shown=True))
        return True

    def _header_position(self, cell: str | None) -> tuple[int, int] | None:
        """The KPI name item for a cell above the years in one of the KPI's columns."""
        if not cell or self._project is None or not self._project.years:
            return None
        row, column = split_cell(cell)
        first = self._project.years[0].where.cell
        if first is None or row >= split_cell(first)[0]:
            return None
        return self._kpi_columns.get(column)

    def _describe_with(self, cell: str, *, shown: bool, field: object = None) -> str:
        base = self._describe(self._project) if self._project else ""
        label = f"{field}（{cell}）" if field else cell
        mark = f"<span style='background:{HIGHLIGHT.name()}'>&nbsp;{label}&nbsp;</span>"
        return f"{base}<br>{tr('col-cell')}: {mark if shown or field else label}"

    def _clear_highlight(self) -> None:
        if self._highlight is None:
            return
        self._highlight = None
        # rebuilding is simpler than remembering each item's original colours
        self.show_project(self._project, self._shown_as)
        self.table.clearSelection()

    def highlighted_cell(self) -> tuple[int, int] | None:
        """(row, column) in the preview of the highlighted value (row 0: the KPI names)."""
        return self._highlight

    def highlighted_source(self) -> str | None:
        """The source address (``E12``) of the highlighted value, if it is shown."""
        return self._highlight_source if self._highlight is not None else None

    def item_text(self, row: int, col: int) -> str:
        item = self.table.item(row, col)
        return item.text() if item is not None else ""

    def is_highlighted(self, row: int, col: int) -> bool:
        """True when the item at (row, col) carries the highlight colour (for tests)."""
        item = self.table.item(row, col)
        return item is not None and item.background().color() == HIGHLIGHT

    # --- Reimplemented Qt methods --------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_frozen()

    def showEvent(self, event: object) -> None:
        super().showEvent(event)  # type: ignore[arg-type]
        self._place_frozen()

