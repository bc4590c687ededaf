"""The issues table: a thin Qt adapter over the library's Issue objects, plus filters."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from gui.strings import tr
from kpi_workbook.domain.issues import Issue, Severity, split_cell
from kpi_workbook.domain.messages import Lang

AnyIndex = QModelIndex | QPersistentModelIndex

ISSUE_ROLE = Qt.ItemDataRole.UserRole + 1
"""data(index, ISSUE_ROLE) returns the Issue of the row (any column)."""

SEVERITY_COLOURS = {
    Severity.ERROR: QColor("#fde2e1"),
    Severity.WARNING: QColor("#fff4cc"),
    Severity.INFO: QColor("#e8f1fb"),
}


class IssueTableModel(QAbstractTableModel):
    """Severity, file, sheet, cell and message of each issue; the message in the UI language."""

    COLUMNS = ("severity", "file", "sheet", "cell", "message")
    _HEADERS = ("col-severity", "col-file", "col-sheet", "col-cell", "col-message")

    def __init__(self, issues: Sequence[Issue] = (), lang: Lang = "ja") -> None:
        super().__init__()
        self._issues: list[Issue] = list(issues)
        self._lang: Lang = lang
        self._messages: dict[int, str] = {}

    def set_issues(self, issues: Sequence[Issue]) -> None:
        self.beginResetModel()
        self._issues = list(issues)
        self._messages.clear()
        self.endResetModel()

    def set_lang(self, lang: Lang) -> None:
        self.beginResetModel()
        self._lang = lang
        self._messages.clear()
        self.endResetModel()

    def issue(self, row: int) -> Issue:
        return self._issues[row]

    def issues(self) -> list[Issue]:
        return list(self._issues)

    def _message(self, row: int) -> str:
        # rendering is cheap but the view asks often (sizing, sorting): cache per row
        if row not in self._messages:
            self._messages[row] = self._issues[row].message(self._lang, front="window")
        return self._messages[row]

    # --- Reimplemented Qt methods --------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._issues)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._issues):
            return None
        issue = self._issues[index.row()]
        column = self.COLUMNS[index.column()]
        if role == ISSUE_ROLE:
            return issue
        if role == Qt.ItemDataRole.DisplayRole:
            if column == "severity":
                return tr(f"sev-{issue.severity.value}")
            if column == "file":
                return issue.where.file.name
            if column == "sheet":
                return issue.where.sheet or ""
            if column == "cell":
                return issue.where.cell or ""
            return self._message(index.row())
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == "file":
                return str(issue.where.file)
            if column == "message":
                return f"{self._message(index.row())}\n[{issue.code}]"
            return None
        if role == Qt.ItemDataRole.BackgroundRole and column == "severity":
            return QBrush(SEVERITY_COLOURS[issue.severity])
        if role == Qt.ItemDataRole.UserRole:
            # the sort key: severity by rank, cells by (row, column), not as text
            if column == "severity":
                return issue.severity.rank
            if column == "cell":
                return "{:09d}{:05d}".format(*split_cell(issue.where.cell))
            if column == "file":
                return str(issue.where.file)
            return self.data(index, Qt.ItemDataRole.DisplayRole)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if 0 <= section < len(self._HEADERS):
                return tr(self._HEADERS[section])
            return None
        return section + 1


class IssueFilterProxy(QSortFilterProxyModel):
    """Shows only the chosen severities and, optionally, one file; sorts by position."""

    def __init__(self) -> None:
        super().__init__()
        self._severities: frozenset[Severity] = frozenset(Severity)
        self._file: Path | None = None
        self.setSortRole(Qt.ItemDataRole.UserRole)

    def set_severities(self, severities: frozenset[Severity]) -> None:
        self._refilter(lambda: setattr(self, "_severities", frozenset(severities)))

    def set_file(self, file: Path | None) -> None:
        self._refilter(lambda: setattr(self, "_file", file))

    def _refilter(self, change: Callable[[], None]) -> None:
        # Qt 6.10 deprecates invalidateRowsFilter for begin/endFilterChange (6.9+); we
        # support PySide6 >= 6.5, so use whichever exists.
        if hasattr(self, "beginFilterChange"):
            self.beginFilterChange()
            change()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            change()
            self.invalidateRowsFilter()

    def severities(self) -> frozenset[Severity]:
        return self._severities

    def issue(self, proxy_index: QModelIndex) -> Issue:
        issue = self.data(proxy_index, ISSUE_ROLE)
        assert isinstance(issue, Issue)
        return issue

    # --- Reimplemented Qt methods --------------------------------------------------------------
    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        model = self.sourceModel()
        if not isinstance(model, IssueTableModel):
            return True
        issue = model.issue(source_row)
        if issue.severity not in self._severities:
            return False
        return self._file is None or issue.where.file == self._file
