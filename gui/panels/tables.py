"""How every table of the window behaves: whole rows, one at a time, read-only."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QTableView


def table_defaults(view: QTableView) -> None:
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setHighlightSections(False)
