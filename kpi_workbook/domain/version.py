"""The version of kpi-workbook (one place: the package, the 集計ブック's comments, --version)."""

__version__ = "0.1.0"
