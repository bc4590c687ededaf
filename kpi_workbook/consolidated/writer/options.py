"""What the writer may be told: bands, grades, the report year and a fixed creation date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import Enum
from typing import Final

from kpi_workbook.domain.attainment import Bands, Grading
from kpi_workbook.domain.messages import Lang

MAX_PROJECT_SHEETS: Final = 200
"""Project sheets in one workbook; more are written to part workbooks of at most as many
(``split.py``: the measurements behind the figure)."""


class SplitBy(Enum):
    """What groups the project sheets into part workbooks (``--split-by``)."""

    DEPARTMENT = "department"
    SCOPE = "scope"


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
