"""Reading submissions: the sheet XML of a package (grid), the official layout into a
:class:`~kpi_workbook.domain.model.Submission` (reader, values), finding workbooks in folders
(discover) and reading many files in worker processes (parallel).
"""
