"""``python -m kpi_workbook`` is the same as the ``kpi-workbook`` command."""

from kpi_workbook.cli import main

if __name__ == "__main__":  # not when a reading process (spawn) imports this module
    raise SystemExit(main())
