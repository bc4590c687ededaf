"""外部評価: the sheet the planning division types the verification record into.

Its name and headers, for the writer (``writer/evaluation.py``) and the readers
(``previous.py``, ``publication/source.py``). What the entries mean (the rating choices,
:class:`~kpi_workbook.domain.evaluation.Evaluation`) is domain vocabulary; the three input
headers are the entries' headings there too.
"""

from typing import Final

from kpi_workbook.domain import evaluation as E

SHEET_NAME: Final = "外部評価"

H_NUMBER: Final = "事業番号"
H_NAME: Final = "事業名"
H_DEPARTMENT: Final = "担当課"
H_EFFECT: Final = "事業効果"
H_POLICY: Final = "今後の方針"
H_RATING: Final = E.H_RATING
H_EXPERTS: Final = E.H_EXPERTS
H_COUNCIL: Final = E.H_COUNCIL
#: The reference columns ``merge --previous`` adds: last year's entries, read-only.
PREVIOUS_PREFIX: Final = "前回の"

#: The three columns the planning division fills in, in sheet order.
INPUT_HEADERS: Final = (H_RATING, H_EXPERTS, H_COUNCIL)
