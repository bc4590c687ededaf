"""The one declaration of what the consolidated workbook holds where: its flat sheets'
names and column headers, and its document properties.

The writer puts cells under these headers; reading the workbook back (``previous.py``,
``template --from``, ``publish``) finds them by the same names, so added columns never
matter and neither side imports the other's internals.
"""

from typing import Final

FISCAL_YEAR_PROPERTY: Final = "対象年度"
"""The custom document property holding the fiscal year the workbook reports on."""
