"""PyInstaller's entry script of kpi-workbook-gui.exe: the same ``gui.app.main`` as the
kpi-workbook-gui command."""

import multiprocessing
import sys

from gui.app import main

if __name__ == "__main__":
    # a frozen program must let a spawned process (if any) run its task, not the window
    multiprocessing.freeze_support()
    sys.exit(main())
