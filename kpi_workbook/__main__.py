"""``python -m kpi_workbook`` is the same as the ``kpi-workbook`` command."""

from kpi_workbook.cli import main

raise SystemExit(main())
