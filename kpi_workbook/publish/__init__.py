"""公表: the consolidated workbook published as the city's web page and open data.

``publish(book, outdir)`` reads a 集計ブック (``source.py``, strictly: a workbook that is not
ours or that was edited beyond reading is refused with the sheet and cell, and nothing is
written), renders ``index.html`` (``page.py``) and ``kpi.csv`` (``opendata.py``), and only
then creates OUTDIR and replaces each file atomically.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Final

from kpi_workbook.domain.issues import Issue, Location
from kpi_workbook.domain.messages import Lang
from kpi_workbook.output.atomic import OutputError, atomic_write

PAGE_NAME: Final = "index.html"
CSV_NAME: Final = "kpi.csv"

__all__ = ["CSV_NAME", "PAGE_NAME", "PublishOptions", "PublishResult", "publish"]


@dataclass(frozen=True, slots=True)
class PublishOptions:
    """How to publish; an immutable snapshot, safe to hand to a worker thread."""

    with_attainment: bool = False
    """Add 達成率 and 判定 after each KPI's 実績値."""
    title: str | None = None
    """The page's title and h1; None: ``page.DEFAULT_TITLE``."""
    lang: Lang = "ja"
    """Language of the error messages (the page itself is Japanese)."""


@dataclass(frozen=True, slots=True)
class PublishResult:
    page: Path
    csv: Path
    projects: int
    rows: int
    """Data rows of kpi.csv (the rows of 集計一覧)."""


def publish(source: Path, outdir: Path, *,
            options: PublishOptions | None = None) -> PublishResult:
    """Write ``index.html`` and ``kpi.csv`` for the consolidated workbook ``source``.

    Raises:
        KpiWorkbookError: ``publish-*``: ``source`` is not a readable 集計ブック; nothing
            was written (OUTDIR not even created).
        OutputError: OUTDIR or a file in it could not be written; a file already there is
            either the old one or the new one, never a half-written one.
    """
    from kpi_workbook.publish.opendata import render_csv
    from kpi_workbook.publish.page import render_page
    from kpi_workbook.publish.source import read_publication

    options = options or PublishOptions()
    source, outdir = Path(source), Path(outdir)
    page_path, csv_path = outdir / PAGE_NAME, outdir / CSV_NAME
    for target in (page_path, csv_path):
        if target.exists() and source.exists() and target.resolve() == source.resolve():
            raise OutputError(Issue("output-is-input", Location(target)))
    pub = read_publication(source, options.lang)
    page = render_page(pub, title=options.title, with_attainment=options.with_attainment)
    table = render_csv(pub.summary_header, pub.summary_rows)
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(Issue("output-unwritable", Location(outdir),
                                {"reason": exc.strerror or type(exc).__name__})) from exc
    with atomic_write(page_path) as tmp:
        tmp.write_bytes(page.encode("utf-8"))
    with atomic_write(csv_path) as tmp:
        tmp.write_bytes(table)
    return PublishResult(page_path, csv_path, len(pub.projects), len(pub.summary_rows))
