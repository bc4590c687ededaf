"""The files departments receive: the blank official template, workbooks pre-filled from
last year's consolidated workbook, return copies (差し戻し) and the roster sheet (提出予定名簿).
"""
