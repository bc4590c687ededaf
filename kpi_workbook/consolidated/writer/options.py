"""What the writer may be told: bands, grades, the report year, a fixed creation date,
how a workbook too large for one file is split, and who reports to the State."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kpi_workbook.consolidated.parts import MAX_PROJECT_SHEETS, SplitBy
from kpi_workbook.domain.attainment import Bands, Grading
from kpi_workbook.domain.messages import Lang
from kpi_workbook.domain.national_report import Reporter

__all__ = ["MAX_PROJECT_SHEETS", "SplitBy", "WriterOptions"]


@dataclass(frozen=True, slots=True)
class WriterOptions:
    report_year: int
    """The fiscal year reported on (document properties, title)."""
    bands: Bands = field(default_factory=Bands)
    grading: Grading = field(default_factory=Grading)
    created: dt.datetime | None = None
    """Fixed creation date for reproducible output (tests); None means now."""
    lang: Lang = "ja"
    """Language of the issue messages in 検証結果."""
    split_by: SplitBy = SplitBy.DEPARTMENT
    """The key of the part workbooks, when there are more project sheets than fit one."""
    max_project_sheets: int = MAX_PROJECT_SHEETS
    """Project sheets per workbook (tests lower it)."""
    reporter: Reporter = field(default_factory=Reporter)
    """The header block of 国への報告 (the settings file's ``[report]``)."""
    national_sheet: bool = True
    """国への報告 is a sheet of the workbook; False: it is written as a workbook of its own
    (``write_report_form``, ``merge --report-form``)."""
