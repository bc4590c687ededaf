"""The publish use case (spec §5.2): ``index.html`` and ``kpi.csv`` from a 集計ブック.

Everything is read and rendered before anything is written: a workbook that cannot be
read leaves OUTDIR as it was (not even created). Then OUTDIR is created and each file
replaced atomically. openpyxl is imported when a workbook is read, not with this module.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kpi_workbook.domain.errors import OutputError
from kpi_workbook.domain.issues import Issue, Location
from kpi_workbook.domain.messages import Lang
from kpi_workbook.publication import CSV_NAME, PAGE_NAME
from kpi_workbook.usecases.progress import Progress, ProgressFn, stop_if_cancelled

if TYPE_CHECKING:
    from kpi_workbook.publication.source import Publication


@dataclass(frozen=True, slots=True)
class PublishOptions:
    """What to publish and how; an immutable snapshot, safe to hand to a worker thread."""

    source: Path
    """The consolidated workbook (集計ブック) to publish."""
    outdir: Path
    """The folder that receives index.html and kpi.csv (created when missing)."""
    with_attainment: bool = False
    """Add 達成率 and 判定 after each KPI's 実績値."""
    title: str | None = None
    """The page's title and h1; None: ``publication.page.DEFAULT_TITLE``."""
    lang: Lang = "ja"
    """Language of the error messages (the page itself is Japanese)."""
    settings: Path | None = None
    """The settings file (``usecases/settings.py``): its ``[report]`` names the
    municipality for kpi.csv's open-data prefix columns."""


@dataclass(frozen=True, slots=True)
class PublishResult:
    page: Path
    csv: Path
    projects: int
    rows: int
    """Data rows of kpi.csv (the rows of 集計一覧)."""
    findings: list[Issue] = field(default_factory=list)
    """What the page shows that the clerk was told before it was written
    (:attr:`PublishPreview.findings`)."""


@dataclass(frozen=True, slots=True)
class PublishPreview:
    """What publishing ``source`` would put on the page, before anything is written: the
    window asks whether to go on when there are findings, the CLI prints them first."""

    source: Path
    projects: int
    findings: list[Issue] = field(default_factory=list)
    """Warnings, each at its sheet and cell: the errors 検証結果 lists
    (``publish-errors-listed``), values that are not numbers, projects without a readable
    実施区分, 外部有識者の評価 outside the list."""


def preview_publication(options: PublishOptions) -> PublishPreview:
    """Read ``options.source`` as :func:`publish` does and say what the page would show
    that the clerk should know; nothing is written.

    Raises:
        KpiWorkbookError: as :func:`publish` (the source is not a readable 集計ブック).
    """
    pub = _read(options)
    return PublishPreview(Path(options.source), len(pub.projects), list(pub.findings))


def _read(options: PublishOptions) -> Publication:
    from kpi_workbook.publication.source import read_publication

    return read_publication(Path(options.source), options.lang)


def publish(options: PublishOptions, *, progress: ProgressFn | None = None,
            cancel: threading.Event | None = None,
            before_writing: Callable[[Sequence[Issue]], None] | None = None,
            ) -> PublishResult:
    """Write ``index.html`` and ``kpi.csv`` for ``options.source`` into ``options.outdir``.

    Both files are written to temporary files first and only then renamed into place,
    one right after the other: a failure while writing (disk full, cancel) leaves the old
    pair as it was, never a new page beside an old kpi.csv. ``progress`` is called for
    each of the two files once both are in place; ``before_writing`` is given the
    findings (:func:`preview_publication`) once the workbook is read, before anything is
    written (the CLI prints them there).

    Raises:
        KpiWorkbookError: ``publish-*``: the source is not a readable 集計ブック, or
            ``settings-unreadable`` for ``options.settings``; nothing was written.
        OutputError: a file could not be written; each file there is either the old one
            or the new one, never half-written.
        Cancelled: ``cancel`` was set before writing.
    """
    from kpi_workbook.output.atomic import atomic_parts
    from kpi_workbook.output.folders import ensure_folder_of
    from kpi_workbook.publication.opendata import render_csv, with_prefix
    from kpi_workbook.publication.page import render_page
    from kpi_workbook.usecases.settings import load_settings

    source, outdir = Path(options.source), Path(options.outdir)
    # read first: a settings file that cannot be read stops before the workbook is read
    reporter = load_settings(options.settings).reporter if options.settings else None
    page_path, csv_path = outdir / PAGE_NAME, outdir / CSV_NAME
    for target in (page_path, csv_path):
        if target.exists() and source.exists() and target.resolve() == source.resolve():
            raise OutputError(Issue("output-is-source", Location(target)))
    pub = _read(options)
    if before_writing is not None:
        before_writing(pub.findings)
    page = render_page(pub, title=options.title, with_attainment=options.with_attainment)
    header, rows = pub.summary_header, pub.summary_rows
    if reporter is not None:
        header, rows = with_prefix(header, rows, reporter)
    table = render_csv(header, rows)
    stop_if_cancelled(cancel)
    files = ((page_path, page.encode("utf-8")), (csv_path, table))
    with atomic_parts(ensure_folder_of(page_path)) as temporary:  # creates OUTDIR
        for path, data in files:
            temporary.path(path.name).write_bytes(data)
    if progress is not None:
        for done, (path, _) in enumerate(files, start=1):
            progress(Progress(done, 2, path))
    return PublishResult(page_path, csv_path, len(pub.projects), len(pub.summary_rows),
                         list(pub.findings))
