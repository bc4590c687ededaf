"""国への報告 as a workbook of its own (``merge --report-form``): its name beside OUT, and
how merge tells one it wrote (which it may replace) from any other file.

The workbook holds the one sheet 国への報告 and the custom property
``REPORT_FORM_PROPERTY`` (its fiscal year); nothing reads it back.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from kpi_workbook.consolidated.columns import REPORT_FORM_PROPERTY
from kpi_workbook.consolidated.properties import custom_property
from kpi_workbook.domain.labels import NATIONAL_REPORT_SHEET

SUFFIX: Final = f"_{NATIONAL_REPORT_SHEET}"


def report_form_beside(out: Path) -> Path:
    """``集計ブック_令和4年度_国への報告.xlsx`` beside OUT: the window's name for it."""
    out = Path(out)
    return out.with_name(f"{out.stem}{SUFFIX}.xlsx")


def is_report_form(path: Path) -> bool:
    """True for a 国への報告 workbook merge wrote (by its document property)."""
    return custom_property(path, REPORT_FORM_PROPERTY) is not None
