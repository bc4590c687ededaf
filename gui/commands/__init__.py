"""What the window does on the worker thread, one small command object per action: what to
call (a kpi_workbook use case), what the progress line says, and what to show afterwards."""
