"""The preview: which project of the chosen workbook, its KPI table, and its
verification record (the department's stage as submitted, and last year's record when
設定 names the previous consolidated workbook)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gui.strings import tr
from gui.widgets.kpi_preview import KpiPreview
from kpi_workbook import usecases as api
from kpi_workbook.domain import labels
from kpi_workbook.domain.evaluation import FIELDS, SHOWN_ORDER, Evaluation
from kpi_workbook.domain.labels import project_key
from kpi_workbook.domain.model import Project, Submission


def record_lines(project: Project, previous: Evaluation | None) -> list[str]:
    """The record of ``project`` as the preview shows it: one line per filled field of the
    department's stage (事業効果 … 今後の方針の理由) and, when there is one, one line per
    stage of last year's record of the same project (企画課, 外部有識者, 議会, 最終: its
    texts, then its 記入日 and 記入者 in brackets), in the order the stages happen."""
    own = ((labels.EFFECT, project.effect), (labels.POLICY, project.policy),
           (labels.CAUSE, project.cause), (labels.IMPROVEMENT, project.improvement),
           (labels.POLICY_REASON, project.policy_reason))
    lines = [f"{label}: {_one_line(text)}" for label, text in own if text]
    if previous is None:
        return lines
    stages: dict[str, list[tuple[str, str]]] = {}
    for heading in SHOWN_ORDER:
        text = previous.text(heading)
        if text:
            stages.setdefault(_STAGE_OF[heading], []).append((heading, text))
    for stage, filled in stages.items():
        texts = [f"{h.removeprefix(stage + 'の')}「{_one_line(t)}」" for h, t in filled
                 if not h.endswith(_WHEN_WHO)]
        when_who = " ".join(_one_line(t) for h, t in filled if h.endswith(_WHEN_WHO))
        line = f"{tr('previous-record')}{stage}: {' '.join(texts)}"
        lines.append(f"{line}（{when_who}）" if when_who else line)
    return lines


_STAGE_OF: Final = {f.header: f.stage for f in FIELDS}
_WHEN_WHO: Final = ("記入日", "記入者")


def _one_line(text: str) -> str:
    return " ".join(part.strip() for part in text.splitlines() if part.strip())


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
        # The record in place of the KPI table, behind a toggle on the chooser's row: the
        # table keeps every pixel of its height on a small screen. Plain text (a
        # submission's text is text), read-only.
        self.record = QPlainTextEdit(self)
        self.record.setReadOnly(True)
        self.record.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.record)
        self.record_button = QToolButton(self)
        self.record_button.setCheckable(True)
        self.record_button.setEnabled(False)
        self.record_button.toggled.connect(self._show_record)
        self._submission: Submission | None = None
        self._previous: Mapping[str, Evaluation] = {}
        self._loaded: api.PreviousLoaded | None = None
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        row.addWidget(self.project_label)
        row.addWidget(self.project_combo, 1)
        row.addWidget(self.record_button)
        layout.addLayout(row)
        layout.addWidget(self.stack, 1)

    def retranslate(self) -> None:
        self.setTitle(tr("preview"))
        self.project_label.setText(tr("project"))
        self.record_button.setText(tr("preview-record"))
        self.record_button.setToolTip(tr("record-tip"))
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

    def set_previous(self, loaded: api.PreviousLoaded | None) -> None:
        """The previous workbook as the session read it (None: none named); its records
        are looked up by project key once per workbook read, not at every refresh."""
        if loaded is self._loaded:
            return
        self._loaded = loaded
        last = loaded.consolidated if loaded is not None else None
        self._previous = {p.key: p.evaluation for p in last.projects} if last else {}
        self._on_project_chosen(self.project_combo.currentIndex())

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
        lines = [] if project is None else record_lines(
            project, self._previous.get(project_key(project.number, project.name)))
        self.record.setPlainText("\n".join(lines))
        self.record_button.setEnabled(bool(lines))
        if not lines:
            self.record_button.setChecked(False)  # back on the KPI table

    def _show_record(self, shown: bool) -> None:
        self.stack.setCurrentWidget(self.record if shown else self.table)
