"""Small dialogs: errors, About, and the settings the clerk may change."""

from __future__ import annotations

import datetime as _dt

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QMessageBox,
    QSpinBox,
    QWidget,
)

import kpi_workbook
from gui.settings import Settings
from gui.strings import tr
from kpi_workbook.messages import Lang


def show_error(parent: QWidget | None, message: str) -> None:
    """A modal error with the message as the clerk should read it (no traceback)."""
    QMessageBox.critical(parent, tr("error-title"), message)


def show_info(parent: QWidget | None, message: str) -> None:
    QMessageBox.information(parent, tr("app-name"), message)


def show_about(parent: QWidget | None) -> None:
    """The version, so a clerk can say which one they use when they call for help."""
    QMessageBox.about(parent, tr("about"),
                      tr("about-text", app=tr("app-name"), version=kpi_workbook.__version__))


class SettingsDialog(QDialog):
    """Report fiscal year, strict mode, attainment bands and language, saved on OK."""

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
        self._settings.lang = self.selected_lang()
