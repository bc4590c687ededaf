"""The vocabulary: the model of a submission, issues and their messages, labels, fiscal
years, attainment rules and their Excel formulas, and the exception tree.

Imports nothing else of kpi_workbook, so every other folder can use it.
"""
