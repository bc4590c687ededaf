"""検証結果: every issue of the merge, one per row. Declared here for the writer
(``writer/issues.py``) and for ``publish``, which counts the errors it lists before the
page goes out (issue 24)."""

from typing import Final

from kpi_workbook.domain import labels

SHEET_NAME: Final = labels.ISSUES_SHEET

H_SEVERITY: Final = "重要度"
HEADERS: Final = (H_SEVERITY, "コード", "ファイル", "シート", "セル", "メッセージ", "移動先")
