"""Small dialogs: errors, questions, About, and a path field with 参照…/クリア."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6 import QtGui
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)

import kpi_workbook
from gui.strings import tr


def as_shown(message: str) -> str:
    """``message`` for a message box, always shown as the text it is. Qt guesses "rich
    text" from a tag near its start, and a message holds what a clerk typed (a file name,
    an opinion 「<b>…」, a formula): such a message goes escaped, with its line breaks;
    any other as it is."""
    if not QtGui.Qt.mightBeRichText(message):
        return message
    return "<p>" + html.escape(message).replace("\n", "<br>") + "</p>"


def show_error(parent: QWidget | None, message: str) -> None:
    """A modal error with the message as the clerk should read it (no traceback)."""
    QMessageBox.critical(parent, tr("error-title"), as_shown(message))


def show_info(parent: QWidget | None, message: str) -> None:
    QMessageBox.information(parent, tr("app-name"), as_shown(message))


def ask(parent: QWidget | None, message: str, *, default_yes: bool = True) -> bool:
    """A yes/no question; True for yes. ``default_yes=False`` for a question whose yes
    loses something: Enter then answers no."""
    Button = QMessageBox.StandardButton
    answer = QMessageBox.question(parent, tr("app-name"), as_shown(message),
                                  Button.Yes | Button.No,
                                  Button.Yes if default_yes else Button.No)
    return answer == Button.Yes


def show_about(parent: QWidget | None) -> None:
    """The version, so a clerk can say which one they use when they call for help."""
    QMessageBox.about(parent, tr("about"),
                      tr("about-text", app=tr("app-name"), version=kpi_workbook.__version__))


class PathField(QWidget):
    """A file chosen with 参照… and emptied with クリア (the path is shown read-only)."""

    changed = Signal()

    def __init__(self, path: Path | None, title: str, file_filter: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._title = title
        self._filter = file_filter
        self.edit = QLineEdit(self)
        self.edit.setReadOnly(True)
        self.edit.setPlaceholderText(tr("settings-none"))
        self.edit.setMinimumWidth(360)
        self.browse_button = QPushButton(tr("browse"), self)
        self.clear_button = QPushButton(tr("clear"), self)
        self.browse_button.clicked.connect(self.browse)
        self.clear_button.clicked.connect(self.clear)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.browse_button)
        layout.addWidget(self.clear_button)
        self.set_path(path)

    def path(self) -> Path | None:
        text = self.edit.text().strip()
        return Path(text) if text else None

    def set_path(self, path: Path | None) -> None:
        self.edit.setText(str(path) if path is not None else "")
        self.edit.setToolTip(self.edit.text())
        self.clear_button.setEnabled(path is not None)
        self.changed.emit()

    def browse(self) -> None:
        current = self.path()
        start = str(current.parent if current is not None else Path.home())
        name, _filter = QFileDialog.getOpenFileName(self, self._title, start, self._filter)
        if name:
            self.set_path(Path(name))

    def clear(self) -> None:
        self.set_path(None)
