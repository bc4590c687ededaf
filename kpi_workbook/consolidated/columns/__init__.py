"""The one declaration of what the consolidated workbook holds where: its flat sheets'
names and column headers, and its document properties.

The writer puts cells under these headers; reading the workbook back (``previous.py``,
``template --from``, ``publish``) finds them by the same names, so added columns never
matter and neither side imports the other's internals.
"""

from typing import Final

FISCAL_YEAR_PROPERTY: Final = "対象年度"
"""The custom document property holding the fiscal year the workbook reports on."""
REPORT_FORM_PROPERTY: Final = "国への報告の対象年度"
HIGHEST_NO_PROPERTY: Final = "最大NO"
"""The highest open-data NO ever given (``domain/numbering.py``): with ``--previous``
next year's new KPIs get numbers after it, so a NO is never given to another KPI."""
"""The custom document property of a 国への報告 workbook of its own (``merge
--report-form``): the fiscal year it reports on. It tells merge that the file is one it
wrote, and may be replaced."""
