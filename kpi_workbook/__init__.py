"""kpi-workbook: read, check and consolidate the KPI workbooks of grant projects."""

__version__ = "0.1.0"
