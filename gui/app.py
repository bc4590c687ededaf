"""Start the desktop application: ``kpi-workbook-gui`` (a gui-script: no console on Windows)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

import kpi_workbook


def _parse(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="kpi-workbook-gui", description=__doc__)
    parser.add_argument("paths", nargs="*", type=Path,
                        help="workbooks or folders to check at start")
    parser.add_argument("--lang", choices=("ja", "en"), help="UI language (default: saved)")
    parser.add_argument("--version", action="version", version=kpi_workbook.__version__)
    parser.add_argument("--smoke", action="store_true",
                        help="open the window, check PATHS, close it; exit status 0 if all "
                             "went well (used by tests and by the packaged build)")
    return parser.parse_args(list(argv))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the window until it is closed; returns the process exit status."""
    # a windowed build on Windows has no console: sys.stdout is None, and argparse's
    # --version/--help would raise on it
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115
    args = _parse(sys.argv[1:] if argv is None else argv)

    # Qt is imported here, not at module level, so --version works without a display
    from PySide6.QtCore import QCoreApplication, Qt, QTimer
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    from gui import error_log
    from gui.gc_guard import GuiThreadGarbageCollector
    from gui.main_window import MainWindow
    from gui.settings import APPLICATION, ORGANIZATION, Settings

    # high DPI: Qt 6 scales by default; pass fractional factors (125 %, 150 %) through
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APPLICATION)
    QCoreApplication.setApplicationVersion(kpi_workbook.__version__)
    app = QApplication.instance() or QApplication([sys.argv[0]])
    error_log.install()  # after the application's name: the folder is named after it
    collector = GuiThreadGarbageCollector(app)
    settings = Settings()
    if args.lang:
        settings.lang = args.lang
    window = MainWindow(settings)
    window.show()
    if args.smoke:
        status = _Smoke(window)
        if args.paths:
            window.task_finished.connect(status.done)
            window.add_paths(args.paths)
        else:
            QTimer.singleShot(0, status.done)
    elif args.paths:
        window.add_paths(args.paths)
    code = app.exec()
    collector.stop()
    if args.smoke:
        return code or status.code
    return code


class _Smoke:
    """Closes the window once the start-up check is done; remembers if it found files."""

    def __init__(self, window: object) -> None:
        self.window = window
        self.code = 0

    def done(self) -> None:
        from gui.main_window import MainWindow

        window = self.window
        assert isinstance(window, MainWindow)
        if window.session.inputs and not window.session.submissions:
            self.code = 3  # nothing was read: the packaged build is broken
        window.close()


if __name__ == "__main__":
    sys.exit(main())
