"""事業データ and 事業内容: the hidden flat sheets that keep every header-block value and
each year's activities, so that the workbook can be read back whole."""

from typing import Final

from kpi_workbook.domain import labels

PROJECTS_SHEET: Final = "事業データ"
ACTIVITIES_SHEET: Final = "事業内容"

H_NUMBER: Final = labels.PROJECT_NUMBER
H_NAME: Final = labels.PROJECT_NAME
H_SCOPE: Final = labels.SCOPE
H_DEPARTMENT: Final = labels.DEPARTMENT
H_START: Final = "開始年度"
H_END: Final = "終了年度"
H_PURPOSE: Final = labels.PURPOSE
H_COST: Final = labels.COST
H_GRANT: Final = labels.GRANT
H_EFFECT: Final = labels.EFFECT
H_POLICY: Final = labels.POLICY
H_ASSESSMENT: Final = labels.ASSESSMENT
H_CAUSE: Final = labels.CAUSE
H_IMPROVEMENT: Final = labels.IMPROVEMENT
H_POLICY_REASON: Final = labels.POLICY_REASON
H_GRANT_KIND: Final = labels.GRANT_KIND
H_ACTUAL_COST: Final = labels.ACTUAL_COST
H_YEAR: Final = labels.YEAR
H_YEAR_LABEL: Final = "年度ラベル"
H_ACTIVITIES: Final = labels.ACTIVITIES
H_SOURCE: Final = "出典"
H_SHEET: Final = "シート"
"""The project's print sheet (a split workbook's parts: ``consolidated/parts.py``)."""
H_FILE: Final = "ファイル"
"""The part workbook holding that sheet; empty when it is in the workbook itself."""

PROJECT_HEADERS: Final = (H_NUMBER, H_NAME, H_SCOPE, H_DEPARTMENT, H_START, H_END, H_PURPOSE,
                          H_COST, H_GRANT, H_EFFECT, H_POLICY, H_ASSESSMENT, H_SOURCE,
                          H_SHEET, H_FILE,
                          # the 2025 grant's record and 国への報告 (issue 20); last, so a
                          # workbook written before them reads the same by position too
                          H_CAUSE, H_IMPROVEMENT, H_POLICY_REASON, H_GRANT_KIND,
                          H_ACTUAL_COST)
ACTIVITY_HEADERS: Final = (H_NUMBER, H_NAME, H_YEAR, H_YEAR_LABEL, H_ACTIVITIES, H_SOURCE)
