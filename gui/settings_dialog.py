"""設定: the report year, strict mode, 達成率 bands and 評価 (or the settings file shared with
``merge --settings``), where 国への報告 goes, the roster, last year's workbook and the
language."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QWidget,
)

from gui import dialogs
from gui.dialogs import PathField
from gui.settings import Settings
from gui.strings import current_lang, issue_text, tr
from kpi_workbook import usecases as api
from kpi_workbook.domain.fiscal_year import (
    default_report_year,
    format_fiscal_year,
    parse_fiscal_year,
)
from kpi_workbook.domain.messages import Lang

#: How many fiscal years before the automatic one the year list offers (more can be typed).
_YEARS_LISTED = 10
_GRADES = (("", "grade-from-file"), ("none", "grade-none"), ("letters", "grade-letters"),
           ("symbols", "grade-symbols"))


def year_text(year: int) -> str:
    """``令和7年度 (2025)``: the 和暦 the clerks write and the year it is."""
    return f"{format_fiscal_year(year)} ({year})"


class SettingsDialog(QDialog):
    """Saved on OK; the caller re-checks when the year or the roster changed."""

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self.setWindowTitle(tr("settings-title"))
        self.year = self._year_box(settings.report_year)
        self.strict = QCheckBox(tr("settings-strict"), self)
        self.strict.setChecked(settings.strict)
        self.report_separate = QCheckBox(tr("settings-report-separate"), self)
        self.report_separate.setChecked(settings.report_separate)
        self.report_separate.setToolTip(tr("settings-report-separate-tip"))
        self.publish_attainment = QCheckBox(tr("settings-publish-attainment"), self)
        self.publish_attainment.setChecked(settings.publish_attainment)
        good, fair = settings.bands
        self.good = self._percent_box(good)
        self.fair = self._percent_box(fair)
        bands = QWidget(self)
        row = QHBoxLayout(bands)
        row.setContentsMargins(0, 0, 0, 0)
        for widget in (QLabel(tr("band-green"), bands), self.good,
                       QLabel(tr("band-yellow"), bands), self.fair,
                       QLabel(tr("band-red"), bands)):
            row.addWidget(widget)
        row.addStretch(1)
        self.grade = QComboBox(self)
        for value, key in _GRADES:
            self.grade.addItem(tr(key), value)
        self.grade.setCurrentIndex(max(self.grade.findData(settings.grade), 0))
        self.settings_file = PathField(settings.settings_file, tr("settings-file-title"),
                                       tr("settings-file-filter"), self)
        self.file_note = QLabel(self)
        self.file_note.setWordWrap(True)
        self.settings_file.changed.connect(self._on_settings_file)
        self.roster = PathField(settings.roster, tr("settings-roster-title"),
                                tr("roster-filter"), self)
        self.previous = PathField(settings.previous, tr("settings-previous-title"),
                                  tr("xlsx-filter"), self)
        self.profile, self.profile_file, profile_row = self._profile_row(settings)
        self.profile_note = QLabel(self)
        self.profile_note.setWordWrap(True)
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
        form.addRow(tr("settings-file"), self.settings_file)
        form.addRow("", self.file_note)
        form.addRow(tr("settings-bands"), bands)
        form.addRow(tr("settings-grade"), self.grade)
        form.addRow(self.report_separate)
        form.addRow(tr("settings-roster"), self.roster)
        form.addRow(tr("settings-previous"), self.previous)
        form.addRow(tr("settings-profile"), profile_row)
        form.addRow("", self.profile_note)
        form.addRow(self.publish_attainment)
        form.addRow(tr("settings-language"), self.lang)
        form.addRow(buttons)
        self._on_settings_file()
        self._on_profile()

    def _profile_row(self, settings: Settings) -> tuple[QComboBox, PathField, QWidget]:
        """様式: the built-in forms, 自動判別 and a profile file of the user's own
        (``--profile``), on one row."""
        box = QComboBox(self)
        lang = current_lang()
        for choice in api.profile_choices():
            box.addItem(choice.display(lang), choice.name)
        box.addItem(tr("settings-profile-file"), "file")
        box.setCurrentIndex(max(box.findData(settings.profile or api.DEFAULT_PROFILE), 0))
        file = PathField(settings.profile_file, tr("settings-profile-title"),
                         tr("settings-profile-filter"), self)
        row = QWidget(self)
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(box)
        layout.addWidget(file, 1)
        box.currentIndexChanged.connect(self._on_profile)
        file.changed.connect(self._on_profile)
        return box, file, row

    def _on_profile(self) -> None:
        """A profile file is read when chosen: a mistake is said here, with its line."""
        is_file = self.profile.currentData() == "file"
        self.profile_file.setEnabled(is_file)
        path = self.profile_file.path()
        if not is_file:
            self.profile_note.setText("")
        elif path is None:
            self.profile_note.setText(tr("settings-profile-choose"))
        else:
            try:
                title = api.validate_profile(str(path))
            except api.KpiWorkbookError as exc:  # profile-invalid, the line named
                self.profile_note.setText(issue_text(exc.issue))
            else:
                self.profile_note.setText(tr("settings-profile-used", title=title))

    def _year_box(self, year: int | None) -> QComboBox:
        # 自動 first, then the years from the automatic one back: one step down from 自動
        # is the year it stands for, not the oldest year there is (the year in progress,
        # or any other, can be typed)
        box = QComboBox(self)
        box.setEditable(True)
        box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        auto = default_report_year()
        box.addItem(tr("settings-year-auto", year=year_text(auto)), None)
        for y in range(auto, auto - _YEARS_LISTED, -1):
            box.addItem(year_text(y), y)
        box.setToolTip(tr("settings-year-tip"))
        if year is None:
            box.setCurrentIndex(0)
        else:
            index = box.findData(year)
            if index < 0:
                box.addItem(year_text(year), year)
                index = box.count() - 1
            box.setCurrentIndex(index)
        return box

    def _percent_box(self, fraction: float) -> QDoubleSpinBox:
        box = QDoubleSpinBox(self)
        box.setRange(0.0, 1000.0)
        box.setDecimals(0)
        box.setSuffix(" %")
        box.setValue(fraction * 100)
        return box

    def _on_settings_file(self) -> None:
        """With a settings file, its bands and grading are the ones used: show them."""
        path = self.settings_file.path()
        for box in (self.good, self.fair):
            box.setEnabled(path is None)
        if path is None:
            self.file_note.setText(tr("settings-file-none"))
            return
        try:
            options = api.load_settings(path)
        except api.KpiWorkbookError as exc:  # settings-unreadable, the reason in words
            self.file_note.setText(issue_text(exc.issue))
            return
        self.good.setValue(options.bands.good * 100)
        self.fair.setValue(options.bands.fair * 100)
        note = tr("settings-file-used", grade=tr(dict(_GRADES)[options.grading.scheme.value]))
        reporter = options.reporter
        shown = "　".join(v for _, v in reporter.header_block() if v)
        self.file_note.setText(f"{note}\n" + (tr("settings-file-reporter", reporter=shown)
                                              if shown else tr("settings-file-no-reporter")))

    def selected_year(self) -> int | None:
        """The year chosen or typed (令和6年度, R6, 2024 …); None for 自動.

        Raises:
            ValueError: the text is not a fiscal year.
        """
        text = self.year.currentText().strip()
        index = self.year.findText(text)
        if index >= 0:
            data = self.year.itemData(index)
            return int(data) if data is not None else None
        year = parse_fiscal_year(text.split("(")[0].strip() or text)
        if year is None:
            raise ValueError(text)
        return year

    def selected_lang(self) -> Lang:
        return "en" if self.lang.currentData() == "en" else "ja"

    def accept(self) -> None:
        try:
            self.selected_year()
        except ValueError as exc:
            dialogs.show_error(self, tr("settings-year-invalid", text=str(exc)))
            return
        super().accept()

    def save(self) -> None:
        """Write the choices to the settings (the caller re-checks if the year changed)."""
        self._settings.report_year = self.selected_year()
        self._settings.strict = self.strict.isChecked()
        self._settings.publish_attainment = self.publish_attainment.isChecked()
        self._settings.report_separate = self.report_separate.isChecked()
        self._settings.settings_file = self.settings_file.path()
        if self.settings_file.path() is None:
            good, fair = self.good.value() / 100, self.fair.value() / 100
            self._settings.bands = (good, fair) if fair <= good else (fair, good)
        self._settings.grade = str(self.grade.currentData() or "")
        self._settings.roster = self.roster.path()
        self._settings.previous = self.previous.path()
        profile = str(self.profile.currentData() or "")
        self._settings.profile = "" if profile == api.DEFAULT_PROFILE else profile
        self._settings.profile_file = self.profile_file.path()
        self._settings.lang = self.selected_lang()
