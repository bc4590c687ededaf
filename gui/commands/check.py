"""Reading and checking: files as they are added, 再チェック, and the roster on its own."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gui import session as session_module
from gui.commands.base import Command
from gui.session import DiscoveryIssues, RosterLoaded
from gui.strings import tr
from kpi_workbook.domain.model import Submission

if TYPE_CHECKING:
    from gui.main_window import MainWindow


class CheckCommand(Command):
    """Read and check ``paths``; each file appears as soon as it is read.

    ``unchanged`` (resolved paths) are skipped: a 再チェック reads only files saved since.
    None reads every file the paths name.
    """

    def __init__(self, window: MainWindow, paths: Sequence[Path],
                 unchanged: frozenset[Path] | None = None, *, everything_again: bool = False,
                 ) -> None:
        super().__init__(window)
        self.paths = tuple(paths)
        self.unchanged = unchanged
        self.everything_again = everything_again

    def call(self) -> tuple[Callable[..., Any], dict[str, object]]:
        settings = self.window.settings
        kwargs: dict[str, object] = {"paths": self.paths, "report_year": settings.report_year,
                                     "roster": settings.roster}
        if self.unchanged is None:
            return session_module.stream_check, kwargs
        return session_module.stream_recheck, {**kwargs, "unchanged": self.unchanged}

    def on_item(self, item: object) -> None:
        if isinstance(item, (Submission, DiscoveryIssues, RosterLoaded)):
            first = not self.window.session.submissions
            self.window.session.add(item)
            self.window.results_arrived(first=first)

    def succeeded(self, result: object) -> None:
        key = "nothing-changed" if self.everything_again else "check-done"
        self.window.show_outcome(tr(key))


class RosterCommand(Command):
    """The roster named in the settings, read on its own (未提出 against the loaded files)."""

    def __init__(self, window: MainWindow, path: Path) -> None:
        super().__init__(window)
        self.path = path

    def call(self) -> tuple[Callable[..., Any], dict[str, object]]:
        return session_module.read_roster_task, {"path": self.path}

    def succeeded(self, result: object) -> None:
        if isinstance(result, RosterLoaded):
            self.window.session.set_roster(result)
