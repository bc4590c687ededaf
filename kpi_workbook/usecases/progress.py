"""Progress and cancel as the use cases take them: a plain callable and a ``threading.Event``.

Neither is a Qt type, so the core stays free of Qt and the window runs every use case on a
worker thread unchanged; the command line passes a terminal display or nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kpi_workbook.domain.errors import Cancelled


@dataclass(frozen=True, slots=True)
class Progress:
    """``done`` of ``total`` files have been handled; ``path`` is the last one."""

    done: int
    total: int
    path: Path


ProgressFn = Callable[[Progress], None]


def stop_if_cancelled(cancel: threading.Event | None) -> None:
    """Raise :class:`Cancelled` when the user asked to stop (checked between files)."""
    if cancel is not None and cancel.is_set():
        raise Cancelled()
