"""Small dialogs: errors, About, and the settings the clerk may change."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QWidget,
)

import kpi_workbook
from gui.settings import Settings
from gui.strings import tr
from kpi_workbook.domain.messages import Lang


def show_error(parent: QWidget | None, message: str) -> None:
    """A modal error with the message as the clerk should read it (no traceback)."""
    QMessageBox.critical(parent, tr("error-title"), message)


def show_info(parent: QWidget | None, message: str) -> None:
    QMessageBox.information(parent, tr("app-name"), message)


def ask(parent: QWidget | None, message: str) -> bool:
    """A yes/no question; True for yes (the default button)."""
    Button = QMessageBox.StandardButton
    answer = QMessageBox.question(parent, tr("app-name"), message, Button.Yes | Button.No,
                                  Button.Yes)
    return answer == Button.Yes


def show_about(parent: QWidget | None) -> None:
    """The version, so a clerk can say which one they use when they call for help."""
    QMessageBox.about(parent, tr("about"),
                      tr("about-text", app=tr("app-name"), version=kpi_workbook.__version__))


class PathField(QWidget):
    """A file chosen with 参照… and emptied with クリア (the path is shown read-only)."""

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

    def browse(self) -> None:
        current = self.path()
        start = str(current.parent if current is not None else Path.home())
        name, _filter = QFileDialog.getOpenFileName(self, self._title, start, self._filter)
        if name:
            self.set_path(Path(name))

    def clear(self) -> None:
        self.set_path(None)


class SettingsDialog(QDialog):
    """Report fiscal year, strict mode, attainment bands, roster, previous workbook and
    language, saved on OK."""

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self.setWindowTitle(tr("settings-title"))
        self.year = QSpinBox(self)
        this_year = _dt.date.today().year
        # 0 is "automatic": the spin box shows the special text instead of 0
        self.year.setRange(2013, this_year + 5)
        self.year.setSpecialValueText(tr("settings-year-auto"))
        self.year.setValue(settings.report_year or self.year.minimum())
        self.strict = QCheckBox(tr("settings-strict"), self)
        self.strict.setChecked(settings.strict)
        good, fair = settings.bands
        self.good = self._percent_box(good)
        self.fair = self._percent_box(fair)
        bands = QWidget(self)
        bands_layout = QHBoxLayout(bands)
        bands_layout.setContentsMargins(0, 0, 0, 0)
        bands_layout.addWidget(self.good)
        bands_layout.addWidget(self.fair)
        self.roster = PathField(settings.roster, tr("settings-roster-title"),
                                tr("roster-filter"), self)
        self.previous = PathField(settings.previous, tr("settings-previous-title"),
                                  tr("xlsx-filter"), self)
        self.lang = QComboBox(self)
        self.lang.addItem(tr("lang-ja"), "ja")
        self.lang.addItem(tr("lang-en"), "en")
        self.lang.setCurrentIndex(1 if settings.lang == "en" else 0)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(tr("settings-year"), self.year)
        form.addRow(self.strict)
        form.addRow(tr("settings-bands"), bands)
        form.addRow(tr("settings-roster"), self.roster)
        form.addRow(tr("settings-previous"), self.previous)
        form.addRow(tr("settings-language"), self.lang)
        form.addRow(buttons)

    def _percent_box(self, fraction: float) -> QDoubleSpinBox:
        box = QDoubleSpinBox(self)
        box.setRange(0.0, 1000.0)
        box.setDecimals(0)
        box.setSuffix(" %")
        box.setValue(fraction * 100)
        return box

    def selected_year(self) -> int | None:
        value = self.year.value()
        return None if value == self.year.minimum() else value

    def selected_lang(self) -> Lang:
        return "en" if self.lang.currentData() == "en" else "ja"

    def save(self) -> None:
        """Write the choices to the settings (the caller re-checks if the year changed)."""
        self._settings.report_year = self.selected_year()
        self._settings.strict = self.strict.isChecked()
        good, fair = self.good.value() / 100, self.fair.value() / 100
        self._settings.bands = (good, fair) if fair <= good else (fair, good)
        self._settings.roster = self.roster.path()
        self._settings.previous = self.previous.path()
        self._settings.lang = self.selected_lang()
