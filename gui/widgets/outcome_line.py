"""The outcome of the last task in the status bar: what was done and where it went.

A path on a city file server is long (``\\\\fs01\\企画課\\…\\集計ブック_令和6年度.xlsx``); cut
at the right, the clerk lost the one part that says which file. So a path in the text is
shortened in its middle (the drive and the file name stay), the whole text is the tooltip,
and フォルダを開く opens the folder it went to.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QToolButton, QWidget

from gui.strings import tr

#: The fewest pixels the folders of a path keep before the message itself is shortened.
_MIN_PATH_WIDTH = 80


class OutcomeLine(QWidget):
    """``set_outcome(text, path)``; ``open_requested`` with the folder to open."""

    open_requested = Signal(object)  # Path: the folder

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(self)
        # a file name is text, never markup (「<b>課</b>.xlsx」 stays as typed)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # never wider than the status bar gives it: the text is shortened to fit instead
        self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.label.setMinimumWidth(1)
        self.open_button = QToolButton(self)
        self.open_button.clicked.connect(self._on_open)
        self.open_button.setVisible(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.open_button)
        self._text = ""
        self._path: Path | None = None
        self.retranslate()

    def retranslate(self) -> None:
        self.open_button.setText(tr("open-folder"))

    def set_outcome(self, text: str, path: Path | None = None) -> None:
        """Show ``text``; ``path``: the file or folder the task wrote (shortened in the
        middle when the line is too narrow, and its folder offered to open)."""
        self._text = text
        self._path = path
        tip = text if path is None or str(path) in text else f"{text}\n{path}"
        self.label.setToolTip(tip)
        self.open_button.setToolTip(str(self.folder()) if path is not None else "")
        self.open_button.setVisible(path is not None)
        self._fit()

    def clear(self) -> None:
        self.set_outcome("")

    def text(self) -> str:
        """The whole text (what the tooltip shows)."""
        return self._text

    def shown_text(self) -> str:
        """The text as it fits the line (for tests and the screenshots' check)."""
        return self.label.text()

    def path(self) -> Path | None:
        return self._path

    def folder(self) -> Path | None:
        """The folder フォルダを開く opens: the path itself when it is a folder."""
        if self._path is None:
            return None
        return self._path if self._path.is_dir() else self._path.parent

    # --- fitting ---------------------------------------------------------------------------
    def _fit(self) -> None:
        self.label.setText(self._shortened(max(self.label.width(), 1)))

    def _shortened(self, width: int) -> str:
        # What gives way first: the folders of the path (in their middle), then the end
        # of the message; the file name and what follows it stay whole.
        metrics = self.label.fontMetrics()
        text = self._text
        if metrics.horizontalAdvance(text) <= width:
            return text
        path = str(self._path) if self._path is not None else ""
        at = text.rfind(path) if path else -1
        if at < 0:
            return metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)
        cut = max(path.rfind("/"), path.rfind("\\")) + 1
        before, folder, rest = text[:at], path[:cut], path[cut:] + text[at + len(path):]
        room = width - metrics.horizontalAdvance(rest)
        if room < _MIN_PATH_WIDTH:  # hardly the file name fits: keep its end at least
            return metrics.elidedText(text, Qt.TextElideMode.ElideMiddle, width)
        if metrics.horizontalAdvance(before) + _MIN_PATH_WIDTH > room:
            before = metrics.elidedText(before, Qt.TextElideMode.ElideRight,
                                        room - _MIN_PATH_WIDTH)
        room -= metrics.horizontalAdvance(before)
        return before + metrics.elidedText(folder, Qt.TextElideMode.ElideMiddle, room) + rest

    def _on_open(self) -> None:
        folder = self.folder()
        if folder is not None:
            self.open_requested.emit(folder)

    # --- Reimplemented Qt methods ----------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()
