"""What the writer may be told: bands, grades, the report year and a fixed creation date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kpi_workbook.domain.attainment import Bands, Grading
from kpi_workbook.domain.messages import Lang


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
