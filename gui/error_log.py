"""Where the window records what went wrong unexpectedly (a defect of ours, not of a file).

A clerk sees a dialog in Japanese that says the run stopped and names this file; the
Python details (the traceback) go only here, for whoever fixes it. One file per user,
rotated at 1 MB, in the application's data folder (%LOCALAPPDATA% on Windows).
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from PySide6.QtCore import QStandardPaths

LOGGER = "gui"
FILE_NAME = "kpi-workbook-gui.log"


def log_file() -> Path:
    folder = QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.AppLocalDataLocation)
    return Path(folder or Path.home()) / FILE_NAME


def install(path: Path | None = None) -> Path:
    """Send the window's log records (``gui.*`` loggers) to ``path`` (default:
    :func:`log_file`); returns the file."""
    target = path or log_file()
    target.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(target, maxBytes=1_000_000, backupCount=1,
                                                   encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger = logging.getLogger(LOGGER)
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    return target
