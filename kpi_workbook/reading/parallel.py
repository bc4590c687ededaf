"""Reading many workbooks in several processes (issue 7).

Why processes: reading is pure Python (XML parsing, then the layout), so threads would
share one core. Each worker reads whole files and sends back the :class:`Submission`;
sending it (pickling and unpickling) costs about a seventh of reading it. Measured on two
cores, 2,000 workbooks: 21.6 s in one process, 12.5–15 s with two workers. Below
:data:`MIN_FILES` the workers' start-up (a fresh interpreter each, as on Windows) costs
more than it saves, and a single process reads. The desktop application reads in its own
process (a frozen application would need ``multiprocessing.freeze_support`` first).

Workers are started with ``spawn`` on every platform, as Windows must: no lock or thread
of the caller is copied into them. A worker that dies (killed, out of memory) loses
nothing: the files not yet returned are read here, one by one, and so is a file whose
result could not be sent back.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Generator, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from concurrent.futures import Future

    from kpi_workbook.domain.model import Submission
    from kpi_workbook.reading.profiles import Profile

MIN_FILES: Final = 100
"""Fewer files are read in this process (measured: ``benchmarks/README.md``)."""
_AHEAD_PER_WORKER: Final = 8
"""Files handed to each worker ahead of the one being read: the queue never runs dry, and
results wait in memory only a few at a time."""

Then = Callable[["Submission"], "Submission"]
"""What the caller wants done to each submission where it is read (the use cases' checks);
picklable (a module-level function or a ``functools.partial`` of one) for the workers."""


def default_workers() -> int:
    """One worker per core this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # Windows, macOS
        return os.cpu_count() or 1


def read_files(files: Sequence[Path], *, workers: int,
               cancel: threading.Event | None = None,
               then: Then | None = None,
               profiles: Sequence[Profile] = ()) -> Generator[Submission, None, None]:
    """The submissions of ``files``, in order, read by up to ``workers`` processes.

    The caller checks ``cancel`` between the files it receives; here it also stops
    handing out new files, and the workers are stopped when the iterator is closed.
    ``profiles`` (the form's, picklable) go with each file to its worker.
    """
    # Imported here: the command line reads MIN_FILES for its help, and `--help` or
    # `template` need no reader.
    from kpi_workbook.reading.reader import read_file

    if workers <= 1 or len(files) < MIN_FILES:
        for path in files:
            yield read_file(path, then, profiles)
        return
    yield from _read_in_processes(files, workers, cancel, then, tuple(profiles))


def _read_in_processes(files: Sequence[Path], workers: int, cancel: threading.Event | None,
                       then: Then | None, profiles: tuple[Profile, ...],
                       ) -> Iterator[Submission]:
    # Imported here: `check one.xlsx` starts without them (issue 7, lean start-up).
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    from kpi_workbook.reading.reader import read_file

    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
    pending: list[Future[Submission]] = []
    next_file = 0
    try:
        while next_file < len(files) or pending:
            index = next_file - len(pending)  # the file of pending[0]
            try:
                while (next_file < len(files) and len(pending) < workers * _AHEAD_PER_WORKER
                       and not (cancel is not None and cancel.is_set())):
                    pending.append(pool.submit(read_file, files[next_file], then, profiles))
                    next_file += 1
                if not pending:
                    return  # cancelled: the caller raises
                future = pending.pop(0)
                try:
                    submission = future.result()
                except BrokenProcessPool:
                    raise
                except Exception:  # a result that could not be sent back: read it here
                    submission = read_file(files[index], then, profiles)
            except BrokenProcessPool:  # a worker died: the rest, this file included, here
                yield from (read_file(path, then, profiles) for path in files[index:])
                return
            yield submission
        pool.shutdown(wait=True)  # all read: the workers end now, not with this process
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
