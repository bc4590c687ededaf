"""The preview: which project of the chosen workbook, and its KPI table."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QGroupBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from gui.strings import tr
from gui.widgets.kpi_preview import KpiPreview
from kpi_workbook.domain.model import Project, Submission


class PreviewPanel(QGroupBox):
    """``table`` is the KPI table; the chooser lists the projects of one submission."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = KpiPreview(self)
        self.project_label = QLabel(self)
        self.project_combo = QComboBox(self)
        self.project_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.project_combo.setMinimumContentsLength(16)
        self.project_combo.currentIndexChanged.connect(self._on_project_chosen)
        self._submission: Submission | None = None
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        row.addWidget(self.project_label)
        row.addWidget(self.project_combo, 1)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)

    def retranslate(self) -> None:
        self.setTitle(tr("preview"))
        self.project_label.setText(tr("project"))
        self.table.rebuild()  # its headers are labels too

    def show_submission(self, sub: Submission | None, sheet: str | None = None) -> None:
        """List the projects of ``sub``; preview the one on ``sheet`` or the first."""
        self.project_combo.blockSignals(True)
        self.project_combo.clear()
        projects = sub.projects if sub is not None else []
        for p in projects:
            self.project_combo.addItem(f"{p.number or ''} {p.name}（{p.sheet}）", p.sheet)
        index = self.project_combo.findData(sheet) if sheet is not None else 0
        self.project_combo.setCurrentIndex(index)
        self.project_combo.blockSignals(False)
        self._submission = sub
        self._on_project_chosen(index)

    def submission(self) -> Submission | None:
        """The submission whose projects are listed (None: nothing shown)."""
        return self._submission

    def sheet(self) -> str | None:
        """The sheet of the project shown."""
        data = self.project_combo.currentData()
        return str(data) if data is not None else None

    def _on_project_chosen(self, index: int) -> None:
        sub = self._submission
        project: Project | None = None
        shown_as: dict[str, str] = {}
        if sub is not None and 0 <= index < len(sub.projects):
            project = sub.projects[index]
            # a date-formatted value cell: show the date the clerk typed, not its serial
            shown_as = {i.where.cell: str(i.params.get("raw", "")) for i in sub.issues
                        if i.code == "value-date" and i.where.sheet == project.sheet
                        and i.where.cell}
        self.table.show_project(project, shown_as)
