"""The desktop application: a thin Qt shell over :mod:`kpi_workbook` (no KPI rules here)."""
