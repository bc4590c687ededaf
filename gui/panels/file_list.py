"""The file list: one row per submitted workbook with its department and counts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from PySide6.QtCore import QItemSelection, Signal
from PySide6.QtWidgets import QGroupBox, QTableView, QVBoxLayout, QWidget

from gui.panels.tables import table_defaults
from gui.qt_submission_model import SubmissionTableModel
from gui.strings import tr
from kpi_workbook.domain.issues import Issue
from kpi_workbook.domain.model import Submission


class FileListPanel(QGroupBox):
    """Emits ``chosen`` with the submission the clerk selects (None: nothing selected)."""

    chosen = Signal(object)  # Submission | None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = SubmissionTableModel()
        self.view = QTableView(self)
        self.view.setModel(self.model)
        table_defaults(self.view)
        self.view.selectionModel().selectionChanged.connect(self._on_selection)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)

    def retranslate(self) -> None:
        self.setTitle(tr("submissions"))

    def show_submissions(self, submissions: Sequence[Submission],
                         issues_by_file: Mapping[Path, Sequence[Issue]],
                         *, fit_columns: bool) -> None:
        """Replace the rows, keeping the selected file selected without a new ``chosen``."""
        selected = self.selected()
        self.model.set_submissions(submissions, issues_by_file)
        if selected is not None:
            row = self.model.row_of(selected)
            if row >= 0:
                selection = self.view.selectionModel()
                selection.blockSignals(True)
                self.view.selectRow(row)
                selection.blockSignals(False)
        if fit_columns:
            self.view.resizeColumnsToContents()

    def selected(self) -> Submission | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.submission(rows[0].row()) if rows else None

    def _on_selection(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        self.chosen.emit(self.selected())
