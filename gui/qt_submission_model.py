"""The submissions list: one row per file with its department, projects and issue counts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QIcon
from PySide6.QtWidgets import QApplication, QStyle

from gui.session import submission_status
from gui.strings import tr
from kpi_workbook.domain.issues import Issue, Severity, count_by_severity
from kpi_workbook.domain.messages import SKIPPED_FILE_CODES
from kpi_workbook.domain.model import Submission

AnyIndex = QModelIndex | QPersistentModelIndex
SUBMISSION_ROLE = Qt.ItemDataRole.UserRole + 1

_SP = QStyle.StandardPixmap
#: A row's status: its label key, icon and colour. "blank" and "skipped" are files that
#: gave no project and say why (未記入の様式, a consolidated workbook, a return copy): not
#: 問題なし, which would read as "this department's submission is fine".
_STATUSES: dict[str, tuple[str, QStyle.StandardPixmap, str]] = {
    "ok": ("status-ok", _SP.SP_DialogApplyButton, "#e3f4e1"),
    "warning": ("status-warning", _SP.SP_MessageBoxWarning, "#fff4cc"),
    "error": ("status-error", _SP.SP_MessageBoxCritical, "#fde2e1"),
    "blank": ("status-blank", _SP.SP_MessageBoxInformation, "#e8f1fb"),
    "skipped": ("status-skipped", _SP.SP_MessageBoxInformation, "#e8f1fb"),
}


class SubmissionTableModel(QAbstractTableModel):
    """Adapter over the session's submissions; counts come from the library's issues.

    A file's counts are of every issue at that file, including those only a look across
    files finds (the same project twice) when the window passes them in.
    """

    COLUMNS = ("status", "file", "department", "projects", "errors", "warnings")
    _HEADERS = ("col-status", "col-file", "col-department", "col-projects", "col-errors",
                "col-warnings")

    def __init__(self, submissions: Sequence[Submission] = ()) -> None:
        super().__init__()
        self._subs: list[Submission] = list(submissions)
        self._row_issues: list[Sequence[Issue]] = [s.issues for s in self._subs]
        self._row_counts = [_counts(s, issues) for s, issues in zip(self._subs,
                                                                      self._row_issues,
                                                                      strict=True)]
        self._icons: dict[str, QIcon] = {}

    def set_submissions(self, submissions: Sequence[Submission],
                        issues_by_file: Mapping[Path, Sequence[Issue]] | None = None) -> None:
        """``issues_by_file``: every issue by resolved file (default: each file's own)."""
        self.beginResetModel()
        self._subs = list(submissions)
        self._row_issues = [s.issues if issues_by_file is None
                            else issues_by_file.get(s.path.resolve(), ()) for s in self._subs]
        # counted once here: a view asks data() for every cell and role on each repaint
        self._row_counts = [_counts(s, issues) for s, issues in zip(self._subs,
                                                                      self._row_issues,
                                                                      strict=True)]
        self.endResetModel()

    def issues_of(self, row: int) -> Sequence[Issue]:
        """The issues counted in ``row``."""
        return self._row_issues[row]

    def submission(self, row: int) -> Submission:
        return self._subs[row]

    def row_of(self, sub: Submission) -> int:
        return next((i for i, s in enumerate(self._subs) if s.path == sub.path), -1)

    def _icon(self, status: str) -> QIcon:
        # the style's standard icons follow the platform and scale with DPI
        if status not in self._icons:
            style = QApplication.style()  # None before a QApplication exists
            self._icons[status] = (style.standardIcon(_STATUSES[status][1])
                                   if style is not None else QIcon())
        return self._icons[status]

    # --- Reimplemented Qt methods --------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._subs)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._subs):
            return None
        sub = self._subs[index.row()]
        column = self.COLUMNS[index.column()]
        if role == SUBMISSION_ROLE:
            return sub
        counts, status = self._row_counts[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return {
                "status": tr(_STATUSES[status][0]),
                "file": sub.path.name,
                "department": sub.department,
                "projects": len(sub.projects),
                "errors": counts[Severity.ERROR],
                "warnings": counts[Severity.WARNING],
            }[column]
        if role == Qt.ItemDataRole.DecorationRole and column == "status":
            return self._icon(status)
        if role == Qt.ItemDataRole.BackgroundRole and column == "status":
            return QBrush(QColor(_STATUSES[status][2]))
        if role == Qt.ItemDataRole.ToolTipRole and column == "file":
            return str(sub.path)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in ("projects", "errors",
                                                                    "warnings"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return tr(self._HEADERS[section]) if 0 <= section < len(self._HEADERS) else None
        return section + 1


def _counts(sub: Submission, issues: Sequence[Issue]) -> tuple[dict[Severity, int], str]:
    """A row's counts by severity and its status: the worst of errors and warnings, else
    why a file gave no project (when it says), else ok."""
    worst = submission_status(issues)
    if worst is not None:
        status = "error" if worst is Severity.ERROR else "warning"
    elif sub.projects:
        status = "ok"
    else:
        codes = {i.code for i in issues}
        status = ("blank" if "template-blank" in codes
                  else "skipped" if codes & SKIPPED_FILE_CODES else "ok")
    return count_by_severity(issues), status
