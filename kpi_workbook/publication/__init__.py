"""公表: the consolidated workbook published as the city's web page and its open data.

``source.py`` reads a 集計ブック strictly (a workbook that is not ours, or edited beyond
reading, is refused with the sheet and cell), ``page.py`` renders ``index.html``,
``opendata.py`` renders ``kpi.csv``, ``display.py`` writes values as the seed does. The use
case that puts them together and writes the files is ``usecases/publish.py``.
"""

from typing import Final

PAGE_NAME: Final = "index.html"
CSV_NAME: Final = "kpi.csv"
