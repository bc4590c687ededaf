"""kpi-workbook: read, check and consolidate the KPI workbooks of grant projects.

The library's public API is the use-case layer (:mod:`kpi_workbook.usecases`), re-exported
here, and the vocabulary its results are made of (:mod:`kpi_workbook.domain`); README's
"Use it as a library" shows both. Importing it loads neither openpyxl nor xlsxwriter.
"""

from kpi_workbook import usecases as _usecases
from kpi_workbook.domain.issues import Issue, Location, Severity
from kpi_workbook.domain.model import Kpi, Project, Submission, Value, YearRow
from kpi_workbook.domain.version import __version__
from kpi_workbook.usecases import *  # noqa: F403 (the public API is the use-case layer's)

__all__ = ["Issue", "Kpi", "Location", "Project", "Severity", "Submission", "Value",
           "YearRow", "__version__"]
__all__ += _usecases.__all__
