"""Progress bar, what is being read, and the cancel button of the running task."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from gui.strings import tr


class ProgressPanel(QWidget):
    """Hidden when idle; shown by the window while a task runs."""

    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bar = QProgressBar(self)
        self.bar.setTextVisible(True)
        self.label = QLabel(self)
        self.cancel_button = QPushButton(self)
        self.cancel_button.clicked.connect(self.cancel_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 2)
        layout.addWidget(self.bar, 3)
        layout.addWidget(self.cancel_button)
        self.retranslate()
        self.setVisible(False)

    def retranslate(self) -> None:
        self.cancel_button.setText(tr("cancel"))

    def begin(self) -> None:
        self.bar.setRange(0, 0)  # busy until the first file reports how many there are
        self.label.setText(tr("starting"))
        self.cancel_button.setEnabled(True)
        self.setVisible(True)

    def update_progress(self, done: int, total: int, text: str) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)
        self.label.setText(text)

    def end(self) -> None:
        self.setVisible(False)
