"""PyInstaller's entry script of kpi-workbook.exe: the same ``kpi_workbook.cli.main`` as the
kpi-workbook command, for scripts and for offices that prefer the command line."""

import multiprocessing
import sys

from kpi_workbook.cli import main

if __name__ == "__main__":
    # check/merge read 100 files or more in spawned worker processes; in a frozen program
    # each worker starts this executable again, and freeze_support runs the worker's task
    multiprocessing.freeze_support()
    sys.exit(main())
