"""集計一覧: one row per project, KPI and year (the sheet a council's analyst filters)."""

from typing import Final

from kpi_workbook.domain import labels

SHEET_NAME: Final = labels.SUMMARY_SHEET

H_NUMBER: Final = "事業番号"
H_NAME: Final = "事業名"
H_SCOPE: Final = "実施区分"
H_DEPARTMENT: Final = "担当課"
H_KPI_INDEX: Final = "指標番号"
H_KPI: Final = "指標名"
H_UNIT: Final = "単位"
H_DIRECTION: Final = "目標の方向"
H_KIND: Final = "値の種類"
H_BASELINE: Final = "基準値"
H_FINAL_TARGET: Final = "最終目標値"
H_YEAR: Final = "年度"
H_TARGET: Final = "目標値"
H_ACTUAL: Final = "実績値"
H_FIGURE_STATUS: Final = "速報・確定"
"""速報 or 確定 of the row's actual (``figure_status.figure_statuses``); empty: not stated."""
H_DUE: Final = "公表予定"
"""On the row whose actual is not yet published: when it will be; 判定 is then 未公表."""
H_RATE: Final = "達成率"
H_PROGRESS: Final = "進捗率"
"""(a − b) / (t − b): the way from the 基準値 to the target (``attainment.progress``).
Absent from workbooks written before it existed; readers recompute it when present."""
H_VERDICT: Final = "判定"
H_REASON: Final = "判定根拠"
H_GRADE: Final = "評価"
H_SOURCE: Final = "出典"
H_NO: Final = "NO"
"""The project × KPI's open-data number, the same every year (``domain/numbering.py``)."""
