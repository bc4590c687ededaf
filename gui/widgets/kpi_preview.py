"""Preview of one project's KPI table (year × KPI: 目標値, 実績値, 達成率, 判定).

Each shown value remembers the source cell it came from, so an issue's cell (``E12``) can be
found and highlighted here; 達成率 and 判定 come from ``kpi_workbook.domain.attainment``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui.strings import tr
from kpi_workbook.domain.attainment import Bands, judge_observation
from kpi_workbook.domain.model import Kpi, Project, Value, ValueStatus

HIGHLIGHT = QColor("#ffd54f")
_BAND_COLOURS = {"good": QColor("#d7f0d2"), "fair": QColor("#fff1c1"),
                 "poor": QColor("#fbd3d0")}
_INVALID = QColor("#c62828")
_NAME_ROW = QColor("#eef2f7")
_PER_KPI = ("target", "actual", "rate", "verdict")


def format_value(value: Value, unit: str | None) -> str:
    """A value the way a clerk expects to read it: 12,672 / 5.4% / the raw text if unread."""
    if value.status is ValueStatus.NUMBER and value.number is not None:
        if unit == "%":
            return f"{value.number * 100:.1f}%"
        number = value.number
        return f"{number:,.0f}" if float(number).is_integer() else f"{number:,.2f}"
    return value.raw_text


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
        self.table.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self.table.verticalHeader().setVisible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.info)
        layout.addWidget(self.table, 1)
        self._project: Project | None = None
        self._cells: dict[str, tuple[int, int]] = {}
        self._highlight: tuple[int, int] | None = None
        self._highlight_source: str | None = None
        self._bands = Bands()
        self.show_project(None)

    # --- content ---------------------------------------------------------------------------
    def set_bands(self, good: float, fair: float) -> None:
        self._bands = Bands(good, fair)
        self.show_project(self._project)

    def project(self) -> Project | None:
        return self._project

    def show_project(self, project: Project | None) -> None:
        """Fill the table from a project as read (None: an empty table)."""
        self._project = project
        self._cells.clear()
        self._highlight = None
        self._highlight_source = None
        self.table.clear()
        if project is None:
            self.info.setText(tr("no-project"))
            self.table.setRowCount(0)
            self.table.setColumnCount(0)
            return
        self.info.setText(self._describe(project))
        # row 0 holds the KPI names, each spanning its four columns, as in the Excel sheet
        headers = [tr("col-year"), tr("col-activities")]
        headers += [tr(k) for _kpi in project.kpis for k in _PER_KPI]
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(project.years) + 1)
        for c in (0, 1):
            self._put(0, c, "", None).setBackground(QBrush(_NAME_ROW))
        for kpi in project.kpis:
            name = f"{kpi.name}（{kpi.unit}）" if kpi.unit else kpi.name
            c = self._kpi_column(kpi)
            item = self._put(0, c, name, kpi.where.cell if kpi.where else None)
            item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            item.setBackground(QBrush(_NAME_ROW))
            self.table.setSpan(0, c, 1, len(_PER_KPI))
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
            for k in range(len(_PER_KPI)):
                self.table.setColumnWidth(c + k, max(72, min(self.table.columnWidth(c + k),
                                                             140)))
        self.table.setColumnWidth(1, min(self.table.columnWidth(1), 220))
        self.table.resizeRowsToContents()

    def _describe(self, project: Project) -> str:
        parts = [f"<b>{project.number or ''} {project.name}</b>"]
        if project.scope is not None:
            parts.append(project.scope.value)
        if project.period is not None:
            parts.append(project.period.label())
        if project.department:
            parts.append(project.department)
        parts.append(f"{tr('col-sheet')}: {project.sheet}")
        return "　".join(parts)

    @staticmethod
    def _kpi_column(kpi: Kpi) -> int:
        return 2 + (kpi.index - 1) * len(_PER_KPI)

    def _put_kpi(self, r: int, kpi: Kpi, project: Project) -> None:
        year = project.years[r - 1]
        if kpi.index - 1 >= len(year.observations):
            return
        obs = project.observation(kpi, year)
        c = self._kpi_column(kpi)
        self._put(r, c, format_value(obs.target, kpi.unit), obs.target.where.cell,
                  invalid=obs.target.status is ValueStatus.INVALID, number=True)
        self._put(r, c + 1, format_value(obs.actual, kpi.unit), obs.actual.where.cell,
                  invalid=obs.actual.status is ValueStatus.INVALID, number=True)
        judgement = judge_observation(obs.target, obs.actual, kpi.direction)
        rate = "" if judgement.rate is None else f"{judgement.rate * 100:.1f}%"
        rate_item = self._put(r, c + 2, rate, None, number=True)
        band = self._bands.band(judgement.rate)
        if band is not None:
            rate_item.setBackground(QBrush(_BAND_COLOURS[band]))
        verdict = self._put(r, c + 3, judgement.verdict, None)
        verdict.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        verdict.setToolTip(judgement.reason)

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

    # --- highlight -------------------------------------------------------------------------
    def highlight(self, cell: str | None) -> bool:
        """Mark the preview cell read from source ``cell``; False when it is not shown here."""
        self._clear_highlight()
        self._highlight_source = cell
        pos = self._cells.get(cell or "")
        if pos is None:
            if cell:
                self.info.setText(self._describe_with(cell, shown=False))
            return False
        self._highlight = pos
        item = self.table.item(*pos)
        item.setBackground(QBrush(HIGHLIGHT))
        font = QFont(item.font())
        font.setBold(True)
        item.setFont(font)
        # no selection: its colour would hide the highlight
        self.table.clearSelection()
        self.table.scrollToItem(item, QAbstractItemView.ScrollHint.EnsureVisible)
        self.info.setText(self._describe_with(cell or "", shown=True))
        return True

    def _describe_with(self, cell: str, *, shown: bool) -> str:
        base = self._describe(self._project) if self._project else ""
        mark = f"<span style='background:{HIGHLIGHT.name()}'>&nbsp;{cell}&nbsp;</span>"
        return f"{base}<br>{tr('col-cell')}: {mark if shown else cell}"

    def _clear_highlight(self) -> None:
        if self._highlight is None:
            return
        self._highlight = None
        # rebuilding is simpler than remembering each item's original colours
        project = self._project
        self.show_project(project)
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
