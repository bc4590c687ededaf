"""Reading and checking: files as they are added, 再チェック, and the roster and last
year's workbook when the settings name other ones."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gui.commands.base import Command
from gui.strings import tr
from kpi_workbook import usecases as api

if TYPE_CHECKING:
    from gui.commands.base import Window


def _effect_line(file: Path | None) -> float:
    """The 事業効果 line of the settings file (an unreadable one is said when merging)."""
    if file is not None:
        try:
            return api.load_settings(file).effect_line
        except api.KpiWorkbookError:
            pass
    return api.Settings().effect_line


class CheckCommand(Command):
    """``usecases.stream_check`` of ``paths``; each file appears as soon as it is read.

    ``unchanged`` (resolved paths) are not read again: a 再チェック reads only the files
    saved since. No paths: only the roster and previous workbook of the settings are read.
    """

    def __init__(self, window: Window, paths: Sequence[Path],
                 unchanged: frozenset[Path] = frozenset(), *,
                 everything_again: bool = False) -> None:
        super().__init__(window)
        self.paths = tuple(paths)
        self.unchanged = unchanged
        self.everything_again = everything_again

    def call(self) -> tuple[Callable[..., Any], dict[str, object]]:
        settings = self.window.settings
        options = api.CheckOptions(report_year=settings.report_year, roster=settings.roster,
                                   previous=settings.previous,
                                   effect_line=_effect_line(settings.settings_file),
                                   profile=settings.profile_choice())
        return api.stream_check, {"paths": self.paths, "options": options,
                                  "unchanged": self.unchanged}

    def on_item(self, item: object) -> None:
        first = not self.window.session.submissions
        self.window.session.add(item)
        self.window.results_arrived(first=first)

    def succeeded(self, result: object) -> None:
        if self.paths:
            self.window.show_outcome(tr("nothing-changed" if self.everything_again
                                        else "check-done"))
