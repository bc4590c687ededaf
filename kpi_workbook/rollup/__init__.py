"""A prefecture's roll-up (issue 21.4): many municipalities' reports in the national form
into one book keyed by 全国地方公共団体コード, with the State's statistics and a CSV.

- ``rows.py``: each workbook as read (a municipality's 様式2, or a consolidated workbook's
  国への報告) into rows, its 団体コード checked;
- ``previous.py``: last year's roll-up book, for the NO of each row;
- ``book.py``: the book (集計一覧, 統計 with a chart per share, 検証結果) and the CSV.
"""
