"""The return-copies use case (差し戻し): a marked-up copy of each file with something to fix.

The rules both front ends follow:

- a copy carries every issue found at its file, those across files too (a project
  submitted twice is the department's to sort out as well);
- only files with an error or a warning get one;
- copies never go into a folder being checked (a folder named as input, a folder inside
  one, or the folder of a file named as input): the next check would read them again;
- the folder is created when it does not exist;
- two inputs of the same file name (from different folders) get two copies: the second
  is ``<stem>_2_差し戻し.xlsx``, and a ``return-copy-renamed`` note says so.

A copy we wrote is also recognised wherever it lies and never read as a submission until
the department has saved it again (``departments/return_copy.py``, the marker).
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kpi_workbook.domain.errors import KpiWorkbookError
from kpi_workbook.domain.issues import Issue, Location, issues_by_file, needs_return_copy
from kpi_workbook.domain.messages import Lang
from kpi_workbook.domain.model import Submission
from kpi_workbook.usecases.progress import Progress, ProgressFn, stop_if_cancelled


@dataclass(frozen=True, slots=True)
class ReturnCopyOptions:
    """Where to write the copies and in which language their findings are."""

    outdir: Path
    lang: Lang = "ja"
    inputs: tuple[Path, ...] = ()
    """The files and folders that were checked: ``outdir`` may not lie among them."""


@dataclass(slots=True)
class ReturnCopies:
    """What was written: the copies, and the files that could not be opened to copy."""

    outdir: Path
    written: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    """The submissions that could not be opened to copy (their issues say why)."""
    notes: list[Issue] = field(default_factory=list)
    """``return-copy-renamed`` (info): a copy named ``…_2_差し戻し.xlsx`` because another
    input of this run has the same file name."""


def refuse_input_folder(outdir: Path, inputs: Sequence[Path]) -> None:
    """Return copies never go where the submissions are read from.

    Raises:
        KpiWorkbookError: ``return-inside-input`` when ``outdir`` is an input folder, lies
            inside one, or holds a file named as input.
    """
    target = Path(outdir).resolve()
    for given in inputs:
        path = Path(given).resolve()
        folder = path if path.is_dir() else path.parent
        if target == folder or (path.is_dir() and target.is_relative_to(folder)):
            raise KpiWorkbookError(Issue("return-inside-input", Location(Path(outdir)),
                                         {"folder": str(outdir), "input": str(given)}))


def returnable(submissions: Sequence[Submission], issues: Sequence[Issue]) -> list[Submission]:
    """The submissions that need a copy, each carrying every issue of ``issues`` at its file."""
    by_file = issues_by_file(issues)
    out = []
    for sub in submissions:
        at_file = by_file.get(sub.path.resolve(), [])
        if needs_return_copy(at_file):
            out.append(dataclasses.replace(sub, issues=at_file))
    return out


def write_return_copies(submissions: Sequence[Submission], issues: Sequence[Issue],
                        options: ReturnCopyOptions, *, progress: ProgressFn | None = None,
                        cancel: threading.Event | None = None) -> ReturnCopies:
    """Write a return copy of each submission with an error or warning into ``outdir``.

    Args:
        submissions: what was checked.
        issues: every issue found (per file, across files, roster): each copy shows those
            at its file.

    Raises:
        KpiWorkbookError: ``outdir`` lies among the inputs (nothing is written).
        OutputError: the folder cannot be created, or a copy cannot be written (open in
            Excel); the copies written before it stay.
        Cancelled: ``cancel`` was set (checked between files).
    """
    from kpi_workbook.departments.return_copy import return_copy_path, write_return_copy

    refuse_input_folder(options.outdir, options.inputs)
    todo = returnable(submissions, issues)
    result = ReturnCopies(options.outdir)
    taken: set[str] = set()  # names given in this run; Windows folds case
    for done, sub in enumerate(todo, start=1):
        stop_if_cancelled(cancel)
        number = 1
        while (target := return_copy_path(sub.path, options.outdir, number)
               ).name.casefold() in taken:
            number += 1
        out = write_return_copy(sub, options.outdir, options.lang, out=target)
        (result.written if out is not None else result.skipped).append(out or sub.path)
        if out is not None:
            taken.add(out.name.casefold())
            if number > 1:
                result.notes.append(Issue("return-copy-renamed", Location(sub.path),
                                          {"source": str(sub.path), "copy": out.name}))
        if progress is not None:
            progress(Progress(done, len(todo), sub.path))
    return result
