"""事業別 and 達成状況: the projects' 事業効果(案) and the State's shares (docs/kpi-layout.md
§2.4–2.5), for the writer (``writer/effects.py``) and for readers, by header name."""

from typing import Final

from kpi_workbook.domain import labels

EFFECTS_SHEET: Final = "事業別"
STATISTICS_SHEET: Final = "達成状況"

H_NUMBER: Final = labels.PROJECT_NUMBER
H_NAME: Final = labels.PROJECT_NAME
H_SCOPE: Final = labels.SCOPE
H_DEPARTMENT: Final = labels.DEPARTMENT
H_COUNTED: Final = "集計した指標数"
"""KPIs with a counted year (its latest year judged 達成 or 未達成)."""
H_ACHIEVED: Final = "達成した指標数"
H_PROPOSAL: Final = "事業効果(案)"
H_REASON: Final = "判定理由"
H_SUBMITTED: Final = "事業効果(担当課)"
H_COMPARISON: Final = "案との比較"
SAME: Final = "同じ"
DIFFERENT: Final = "異なる"

EFFECT_HEADERS: Final = (H_NUMBER, H_NAME, H_SCOPE, H_DEPARTMENT, H_COUNTED, H_ACHIEVED,
                         H_PROPOSAL, H_REASON, H_SUBMITTED, H_COMPARISON)

H_ITEM: Final = "項目"
H_SHARE: Final = "割合"
H_PART: Final = "該当数"
H_WHOLE: Final = "母数"
H_HOW: Final = "数え方"
STATISTICS_HEADERS: Final = (H_ITEM, H_SHARE, H_PART, H_WHOLE, H_HOW)

ITEM_PROJECTS: Final = "KPIを1つ以上達成した事業の割合"
ITEM_ACHIEVED: Final = "目標を達成したKPIの割合"
ITEM_LOW: Final = "達成率が50%未満のKPIの割合"
