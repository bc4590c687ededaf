"""PyInstaller's entry script: the same ``gui.app.main`` as the kpi-workbook-gui command."""

import sys

from gui.app import main

if __name__ == "__main__":
    sys.exit(main())
