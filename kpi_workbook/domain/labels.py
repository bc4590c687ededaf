"""The layout's label texts, and how a typed label is compared with them.

Departments insert spaces, use full-width letters and add colons; spec §1 says labels are
compared after NFKC and with all white space removed. Every Japanese label the template,
the writer and the model use is defined here once; which texts on a sheet stand for them
(with the spellings departments use instead) is the reader's, declared in the official
layout's profile (``reading/profiles/official.toml``).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

# Header block (spec §1.1)
PROJECT_NUMBER: Final = "事業番号"
PROJECT_NAME: Final = "事業名"
SCOPE: Final = "実施区分"
PERIOD: Final = "事業期間"
DEPARTMENT: Final = "担当課"
PURPOSE: Final = "事業目的"
COST: Final = "事業費"
GRANT: Final = "交付金額"
EFFECT: Final = "事業効果"
POLICY: Final = "今後の方針"
ASSESSMENT: Final = "評価・課題"
#: Optional fields of the 2025 grant's verification record (issue 20): the department's
#: cause analysis, improvement measures and the reason for its 今後の方針, and the amounts
#: the State's 事業実施結果報告 asks for.
CAUSE: Final = "要因分析"
IMPROVEMENT: Final = "改善方策"
POLICY_REASON: Final = "今後の方針の理由"
GRANT_KIND: Final = "交付金の種類"
ACTUAL_COST: Final = "実績額"
TEMPLATE_VERSION: Final = "様式バージョン"
#: The first sheet of a return copy (差し戻しファイル): our annotations, never data.
REVIEW_SHEET: Final = "指摘事項"
#: Two sheets of the consolidated workbook (集計ブック): a file with both is ours.
SUMMARY_SHEET: Final = "集計一覧"
ISSUES_SHEET: Final = "検証結果"
#: The first sheet of a part of a split consolidated workbook (its project sheets).
PARTS_SHEET: Final = "事業シート目次"
#: The State's 事業実施結果報告 (様式2), a sheet of the consolidated workbook or a workbook
#: of its own (``merge --report-form``).
NATIONAL_REPORT_SHEET: Final = "国への報告"

HEADER_FIELDS: Final = (
    PROJECT_NUMBER, PROJECT_NAME, SCOPE, PERIOD, DEPARTMENT, PURPOSE,
    COST, GRANT, EFFECT, POLICY, ASSESSMENT,
)
#: The template's 検証の記録 block under the year table (all optional). Below the table,
#: not in the header block: every cell above it keeps the address departments know.
RECORD_FIELDS: Final = (CAUSE, IMPROVEMENT, POLICY_REASON, GRANT_KIND, ACTUAL_COST)
RECORD_BLOCK_TITLE: Final = "検証の記録（任意）"
#: Every labelled field the reader looks for, above the table or below it.
READ_FIELDS: Final = (*HEADER_FIELDS, *RECORD_FIELDS)
#: Header fields of free text that may run over several lines (read from the cell below
#: the label when the cell to its right is empty, shown tall in the template).
LONG_TEXT_FIELDS: Final = (PURPOSE, ASSESSMENT, CAUSE, IMPROVEMENT, POLICY_REASON)
#: Header fields holding an amount in 円.
AMOUNT_FIELDS: Final = (COST, GRANT, ACTUAL_COST)
REQUIRED_FIELDS: Final = (PROJECT_NUMBER, PROJECT_NAME, SCOPE, PERIOD, DEPARTMENT)

# KPI table (spec §1.2)
TABLE_START: Final = "事業概要"
KPI_HEADER: Final = "重要業績評価指標(KPI)"
UNIT: Final = "単位"
DIRECTION: Final = "目標の方向"
BASELINE: Final = "基準値"
KIND: Final = "値の種類"
FINAL_TARGET: Final = "最終目標値"
"""The target of the period's last year as a level (an 増加分 KPI's 基準値 + increments)."""
DUE: Final = "公表予定"
"""When an actual not yet published will be (``R8.5``, ``2026年5月``): it is 未公表."""
FIGURE_STATUS: Final = "速報・確定"
"""Whether the latest actual is a preliminary (速報) or final (確定) figure."""
YEAR: Final = "年度"
ACTIVITIES: Final = "事業内容"
TARGET: Final = "目標値"
ACTUAL: Final = "実績値"

ATTRIBUTE_LABELS: Final = (UNIT, DIRECTION, BASELINE, KIND, FINAL_TARGET, DUE, FIGURE_STATUS)

# Value lists (spec §1.1)
SCOPE_CHOICES: Final = ("単市", "広域")
EFFECT_CHOICES: Final = (
    "地方創生に非常に効果的であった",
    "地方創生に相当程度効果があった",
    "地方創生に効果があった",
    "地方創生に対して効果がなかった",
)
POLICY_CHOICES: Final = ("事業の発展", "事業の見直し", "事業の継続", "事業の中止", "事業の終了")
DIRECTION_CHOICES: Final = ("増加", "減少")
KIND_CHOICES: Final = ("単年度", "累計", "増加分", "水準")
FIGURE_STATUS_CHOICES: Final = ("速報", "確定")
UNIT_CHOICES: Final = ("円", "千円", "人", "個", "件", "%", "事業体", "回", "団体", "社", "者")

_SPACE_RE = re.compile(r"\s+")
_DECORATION_RE = re.compile(r"[:：*＊※]+$|^[*＊※■●◆]+")


def normalize_text(text: str) -> str:
    """NFKC, then every white space removed: how two labels are compared."""
    return _SPACE_RE.sub("", unicodedata.normalize("NFKC", text))


def project_key(number: int | None, name: str) -> str:
    """How a project is matched across years and workbooks: by name (numbers get
    reassigned), normalised as labels are; a project without a name by its number."""
    return normalize_text(name) or f"#{number}"


def normalize_label(value: object) -> str:
    """The comparable form of a cell that may be a label ('' for non-text cells).

    Trailing colons and asterisks (``事業名：``, ``事業名*``) are decorations, not part of
    the label.
    """
    if not isinstance(value, str):
        return ""
    return _DECORATION_RE.sub("", normalize_text(value))
