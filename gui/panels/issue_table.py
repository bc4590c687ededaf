"""The issue table with its filters (severity, file) and a counter that says what is hidden."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gui.panels.tables import table_defaults
from gui.qt_issue_model import IssueFilterProxy, IssueTableModel
from gui.strings import current_lang, tr
from kpi_workbook.domain.issues import Issue, Location, Severity

# severity filter choices: (label key, severities shown)
SEVERITY_FILTERS: tuple[tuple[str, frozenset[Severity]], ...] = (
    ("filter-no-info", frozenset({Severity.ERROR, Severity.WARNING})),
    ("filter-all-severities", frozenset(Severity)),
    ("filter-errors", frozenset({Severity.ERROR})),
)
_SEVERITY_KEYS = {Severity.ERROR: "sev-error", Severity.WARNING: "sev-warning",
                  Severity.INFO: "sev-info"}


def _same_issue(issue: Issue) -> tuple[str, Location]:
    # the same problem at the same place, even when what was typed there changed
    return (issue.code, issue.where)


class IssuePanel(QGroupBox):
    """``chosen``: the current issue changed (preview it); ``opened``: double-clicked."""

    chosen = Signal(object)  # Issue
    opened = Signal(object)  # Issue

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = IssueTableModel(lang=current_lang())
        self.proxy = IssueFilterProxy()
        self.proxy.setSourceModel(self.model)
        self.view = QTableView(self)
        self.view.setModel(self.proxy)
        table_defaults(self.view)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        header.setResizeContentsPrecision(200)  # fit columns to the first rows, not thousands
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # the library's order first
        self.view.setSortingEnabled(True)
        self.view.setWordWrap(True)
        self.view.selectionModel().currentRowChanged.connect(self._on_current)
        self.view.doubleClicked.connect(self._on_double_clicked)
        self.severity_label = QLabel(self)
        self.severity_combo = QComboBox(self)
        self.severity_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.severity_combo.currentIndexChanged.connect(self._on_severity_filter)
        self.file_label = QLabel(self)
        self.file_combo = QComboBox(self)
        self.file_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.file_combo.setMinimumContentsLength(12)
        self.file_combo.currentIndexChanged.connect(self._on_file_filter)
        self.count_label = QLabel(self)
        filters = QHBoxLayout()
        filters.addWidget(self.severity_label)
        filters.addWidget(self.severity_combo)
        filters.addSpacing(16)
        filters.addWidget(self.file_label)
        filters.addWidget(self.file_combo)
        filters.addStretch(1)
        filters.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        self._restoring = False  # the current row is being put back: no ``chosen``

    def retranslate(self) -> None:
        self.setTitle(tr("issues"))
        self.severity_label.setText(tr("filter-severity"))
        self.file_label.setText(tr("filter-file"))
        current = max(self.severity_combo.currentIndex(), 0)
        self.severity_combo.blockSignals(True)
        self.severity_combo.clear()
        for key, _severities in SEVERITY_FILTERS:
            self.severity_combo.addItem(tr(key))
        self.severity_combo.setCurrentIndex(current)
        self.severity_combo.blockSignals(False)
        self.model.set_lang(current_lang())
        self._on_severity_filter(current)

    # --- content -----------------------------------------------------------------------------
    def show_issues(self, issues: Sequence[Issue], files: Sequence[Path]) -> None:
        """Every issue on screen; ``files`` are the choices of the file filter (the loaded
        workbooks, and any other file an issue points at, such as the roster). The issue
        the clerk was on stays current while the same one is listed (after 再チェック too),
        without a new ``chosen``."""
        kept = self.current_issue()
        self.model.set_issues(issues)
        current = self.file_combo.currentData()
        self.file_combo.blockSignals(True)
        self.file_combo.clear()
        self.file_combo.addItem(tr("filter-all-files"), None)
        for path in dict.fromkeys([*files, *(i.where.file for i in issues)]):
            self.file_combo.addItem(path.name, str(path))
        index = self.file_combo.findData(current) if current else 0
        self.file_combo.setCurrentIndex(max(index, 0))
        self.file_combo.blockSignals(False)
        self._on_file_filter(self.file_combo.currentIndex())
        if kept is not None:
            self._make_current(kept)

    def current_issue(self) -> Issue | None:
        index = self.view.currentIndex()
        return self.proxy.issue(index) if index.isValid() else None

    def _make_current(self, issue: Issue) -> None:
        key = _same_issue(issue)
        row = next((r for r, i in enumerate(self.model.issues()) if _same_issue(i) == key), -1)
        index = self.proxy.mapFromSource(self.model.index(row, 0)) if row >= 0 else None
        if index is None or not index.isValid():
            return  # gone, or filtered out
        self._restoring = True
        try:
            self.view.setCurrentIndex(index)
        finally:
            self._restoring = False

    def fit_columns(self) -> None:
        for column in range(4):  # the message column stretches; the others fit their text
            self.view.resizeColumnToContents(column)

    def set_severity_filter(self, severities: frozenset[Severity]) -> None:
        """Choose the severity filter entry showing exactly ``severities``."""
        for i, (_key, shown) in enumerate(SEVERITY_FILTERS):
            if shown == severities:
                self.severity_combo.setCurrentIndex(i)
                return
        raise ValueError(severities)

    def set_file_filter(self, path: Path | None) -> None:
        index = 0 if path is None else self.file_combo.findData(str(path))
        self.file_combo.setCurrentIndex(max(index, 0))

    def file_filter(self) -> Path | None:
        data = self.file_combo.currentData()
        return Path(data) if data else None

    def count_text(self) -> str:
        """「表示 25 / 31 件（情報 6 件は非表示）」: what the filters hide, by name."""
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        notes = []
        file = self.file_filter()
        if file is not None:
            notes.append(tr("count-file-only", file=file.name))
        in_file = [i for i in self.model.issues() if file is None or i.where.file == file]
        for severity in Severity:
            if severity in self.proxy.severities():
                continue
            hidden = sum(1 for i in in_file if i.severity is severity)
            if hidden:
                notes.append(tr("count-hidden", severity=tr(_SEVERITY_KEYS[severity]),
                                count=hidden))
        text = tr("count-shown", shown=shown, total=total)
        return f"{text}（{'・'.join(notes)}）" if notes else text

    # --- slots -------------------------------------------------------------------------------
    def _update_count(self) -> None:
        self.count_label.setText(self.count_text())

    def _on_severity_filter(self, index: int) -> None:
        if 0 <= index < len(SEVERITY_FILTERS):
            self.proxy.set_severities(SEVERITY_FILTERS[index][1])
            self._update_count()

    def _on_file_filter(self, index: int) -> None:
        data = self.file_combo.itemData(index) if index >= 0 else None
        self.proxy.set_file(Path(data) if data else None)
        self._update_count()

    def _on_current(self, current: QModelIndex, previous: QModelIndex) -> None:
        if current.isValid() and not self._restoring:
            self.chosen.emit(self.proxy.issue(current))

    def _on_double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.opened.emit(self.proxy.issue(index))
