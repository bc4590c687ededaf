"""The consolidated workbook (集計ブック): written by :mod:`.writer`, read back by
:mod:`.previous` (last year's workbook for comparison and pre-filling).

Importing this package loads nothing heavy: ``check`` never needs xlsxwriter.
"""
