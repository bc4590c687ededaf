"""設定…: what changes when the clerk saves other settings (the year or the form re-reads
every file, another roster or previous workbook is read against the files loaded)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from gui.commands.check import CheckCommand
from gui.commands.merge import SettingsFileError, merge_options
from gui.settings_dialog import SettingsDialog
from gui.strings import current_lang
from kpi_workbook.domain.attainment import Bands, Grading
from kpi_workbook.domain.effect import DEFAULT_EFFECT_LINE

if TYPE_CHECKING:
    from gui.commands.base import Window


def apply_settings(window: Window) -> None:
    """The preview's colours and grades, as the merge will write them."""
    try:
        options = merge_options(window.settings)
        bands, grading, line = options.bands, options.grading, options.effect_line
    except SettingsFileError as exc:
        window.show_outcome(str(exc))
        bands, grading, line = Bands(*window.settings.bands), Grading(), DEFAULT_EFFECT_LINE
    window.preview.set_grading(bands, grading, report_year=window.settings.report_year,
                               effect_line=line)


def edit_settings(window: Window) -> None:
    """Show 設定; on OK save it and bring what is on screen up to date."""
    settings, session = window.settings, window.session
    dialog = SettingsDialog(settings, window.dialog_parent)
    try:
        if dialog.exec() != SettingsDialog.DialogCode.Accepted:
            return
        old_year = settings.report_year
        old_profile = settings.profile_choice()
        old_references = (settings.roster, settings.previous)
        dialog.save()
    finally:
        dialog.deleteLater()  # not one more child of the window per use
    apply_settings(window)
    if settings.lang != current_lang():
        window.set_language(settings.lang)
    window.retitle()
    roster, previous = settings.roster, settings.previous
    session.set_references(roster=roster is not None, previous=previous is not None)
    reread = settings.report_year != old_year or settings.profile_choice() != old_profile
    if reread and session.inputs:
        # the report year decides which actuals are due, the form how a file is read:
        # read everything again
        session.discovery_issues.clear()
        window.run(CheckCommand(window, session.inputs))
    elif ((roster, previous) != old_references and session.inputs
          and (roster is not None or previous is not None)):
        # 未提出 and 前回との差異 against the files loaded; with none, at the next check
        window.run(CheckCommand(window, ()))
    else:
        window.refresh()
