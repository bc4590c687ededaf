"""The parts of the main window, one per thing it shows: the file list, the issue table,
the KPI preview, and the actions (buttons and menus)."""
