"""外部評価: the sheet the planning division types the verification record into.

Its name and headers, for the writer (``writer/evaluation.py``) and the readers
(``previous.py``, ``publication/source.py``). What the entries mean (the rating choices,
:class:`~kpi_workbook.domain.evaluation.Evaluation`) is domain vocabulary; the three input
headers are the entries' headings there too.
"""

from typing import Final

from kpi_workbook.domain import evaluation as E
from kpi_workbook.domain import labels

SHEET_NAME: Final = "外部評価"

H_NUMBER: Final = "事業番号"
H_NAME: Final = "事業名"
H_DEPARTMENT: Final = "担当課"
H_EFFECT: Final = "事業効果"
H_POLICY: Final = "今後の方針"
H_CAUSE: Final = labels.CAUSE
H_IMPROVEMENT: Final = labels.IMPROVEMENT
H_POLICY_REASON: Final = labels.POLICY_REASON
H_RATING: Final = E.H_RATING
H_EXPERTS: Final = E.H_EXPERTS
H_COUNCIL: Final = E.H_COUNCIL
H_FINAL_POLICY: Final = E.H_FINAL_POLICY
#: What 担当課 says on a row kept for a project not in this merge (or a second row of
#: one): read back by a re-merge, never published (``kept_record.py``, ``source.py``).
ORPHAN_MARK: Final = "（今回の集計にない事業）"
#: The reference columns ``merge --previous`` adds: last year's entries, read-only.
PREVIOUS_PREFIX: Final = "前回の"

#: The project and the department's stage as submitted, before the input cells
#: (read-only on the sheet).
SUBMITTED_HEADERS: Final = (H_NUMBER, H_NAME, H_DEPARTMENT, H_EFFECT, H_POLICY)
#: The rest of the department's stage (the 2025 grant's fields), read-only, after the
#: input cells: the input columns stay where clerks have typed them since the sheet began.
DEPARTMENT_RECORD_HEADERS: Final = (H_CAUSE, H_IMPROVEMENT, H_POLICY_REASON)
#: The columns the planning division fills in, stage by stage, in sheet order
#: (``domain.evaluation.FIELDS``).
INPUT_HEADERS: Final = tuple(f.header for f in E.FIELDS)
#: The input columns every workbook with a 外部評価 sheet has (older ones: only these).
REQUIRED_INPUT_HEADERS: Final = E.ORIGINAL_HEADERS
