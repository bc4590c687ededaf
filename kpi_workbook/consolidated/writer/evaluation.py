"""外部評価: the verification record the planning division fills in after the meeting.

One row per project in output order (spec §5.1): what the department submitted (事業効果,
今後の方針), the input cells of the record's stages (``domain/evaluation.py``: 外部有識者の
評価 from a list, 外部有識者の意見, 議会の意見, then 企画課の一次評価, 外部有識者の賛否, the
final 今後の方針 from a list and its 理由, each stage with its 記入日 and 記入者), then the
rest of the department's stage (要因分析, 改善方策, 今後の方針の理由). The first three input
columns are the record's original ones, where clerks have typed them since the sheet
began; a workbook written before the stages reads the same. Only the input cells are
unlocked; the sheet is protected without a password, so a clerk cannot overwrite a
project's name by mistake but can lift the protection when the council asks for
something the tool did not foresee. With ``merge --previous`` the previous workbook's
entries follow in read-only reference columns.

Everything typed here is read back by ``previous.py`` (``merge --previous``,
``template --from``), by ``kept_record.py`` (a re-merge) and by ``publish``; text is
written with ``write_text``, so an opinion that starts with ``=`` stays text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Final

from kpi_workbook.consolidated.columns import evaluation as E
from kpi_workbook.consolidated.writer.cells import write_number, write_text
from kpi_workbook.domain.evaluation import (
    H_FINAL_POLICY,
    H_FINAL_REASON,
    H_PLANNING,
    H_VOTES,
    RATING_CHOICES,
)
from kpi_workbook.domain.labels import POLICY_CHOICES, project_key

if TYPE_CHECKING:
    from xlsxwriter.worksheet import Worksheet

    from kpi_workbook.consolidated.writer.formats import Formats
    from kpi_workbook.consolidated.writer.layout import PlacedProject
    from kpi_workbook.domain.evaluation import Evaluation

SHEET_NAME: Final = E.SHEET_NAME
OrphanRow = tuple[int | None, str, "Evaluation"]
"""(事業番号, 事業名, what was typed) of a row kept for a project not in this merge."""
SUBMITTED_HEADERS: Final = E.SUBMITTED_HEADERS
PREVIOUS_HEADERS: Final = tuple(E.PREVIOUS_PREFIX + h for h in E.INPUT_HEADERS)
_WIDTHS: Final = {E.H_NUMBER: 8, E.H_NAME: 36, E.H_DEPARTMENT: 14, E.H_EFFECT: 24,
                  E.H_POLICY: 12, E.H_CAUSE: 40, E.H_IMPROVEMENT: 40,
                  E.H_POLICY_REASON: 30, E.H_RATING: 30, E.H_EXPERTS: 48,
                  E.H_COUNCIL: 48, H_PLANNING: 40, H_VOTES: 24, H_FINAL_POLICY: 14,
                  H_FINAL_REASON: 40}
_DATE_OR_BY_WIDTH: Final = 12
#: The list of each input column that has one (data validation, ▼ in Excel).
_LISTS: Final = {E.H_RATING: (RATING_CHOICES, E.H_RATING),
                 H_FINAL_POLICY: (POLICY_CHOICES, H_FINAL_POLICY)}
_PROTECTION: Final = {  # what a clerk may still do on the protected sheet
    "select_locked_cells": True, "select_unlocked_cells": True, "format_columns": True,
    "format_rows": True, "autofilter": True, "sort": False,
}


def headers(with_previous: bool) -> tuple[str, ...]:
    """The header row: the previous entries only when merge was given ``--previous``."""
    cols = (*SUBMITTED_HEADERS, *E.INPUT_HEADERS, *E.DEPARTMENT_RECORD_HEADERS)
    return (*cols, *PREVIOUS_HEADERS) if with_previous else cols


def write_evaluation_sheet(ws: Worksheet, placed: Sequence[PlacedProject], fm: Formats,
                           previous: Mapping[str, Evaluation] | None = None,
                           typed: Mapping[str, Evaluation] | None = None,
                           orphans: Sequence[OrphanRow] = ()) -> None:
    """Fill 外部評価, row by row (``ws`` may be a streamed sheet).

    Args:
        placed:   the projects in output order.
        previous: the previous workbook's entries by ``domain.labels.project_key``; None when
                  merge had no ``--previous`` (no reference columns).
        typed:    what was already typed into the input cells of the OUT this merge
                  replaces (``kept_record.py``), by project key: written into the input
                  cells again, still unlocked and editable.
        orphans:  typed entries with no project in this merge, or a second row of one:
                  rows after the projects, marked in 担当課 (:data:`E.ORPHAN_MARK`), their
                  cells as editable as any, so a re-merge reads them again.
    """
    cols = headers(previous is not None)
    for c, header in enumerate(cols):
        write_text(ws, 0, c, header, fm.header)
        base = header.removeprefix(E.PREVIOUS_PREFIX)
        ws.set_column(c, c, _WIDTHS.get(base, _DATE_OR_BY_WIDTH))
    first_input = len(SUBMITTED_HEADERS)
    first_department = first_input + len(E.INPUT_HEADERS)
    first_previous = first_department + len(E.DEPARTMENT_RECORD_HEADERS)
    for r, pp in enumerate(placed, start=1):
        p = pp.project
        write_number(ws, r, 0, p.number, fm.integer)
        for c, text in enumerate((p.name, p.department, p.effect, p.policy), start=1):
            write_text(ws, r, c, text, fm.wrap)
        for c, text in enumerate((p.cause, p.improvement, p.policy_reason),
                                 start=first_department):
            write_text(ws, r, c, text, fm.wrap)
        key = project_key(p.number, p.name)
        kept = typed.get(key) if typed is not None else None
        entered = kept.texts() if kept else ("",) * len(E.INPUT_HEADERS)
        for i, text in enumerate(entered):
            write_text(ws, r, first_input + i, text or None, fm.input_text)
        if previous is not None:
            past = previous.get(key)
            texts = past.texts() if past else ("",) * len(E.INPUT_HEADERS)
            for i, text in enumerate(texts):
                write_text(ws, r, first_previous + i, text, fm.reference_text)
    for r, (number, name, evaluation) in enumerate(orphans, start=len(placed) + 1):
        write_number(ws, r, 0, number, fm.integer)
        write_text(ws, r, 1, name, fm.wrap)
        write_text(ws, r, 2, E.ORPHAN_MARK, fm.wrap)
        for i, text in enumerate(evaluation.texts()):
            write_text(ws, r, first_input + i, text or None, fm.input_text)
    last = max(len(placed) + len(orphans), 1)
    for header, (choices, title) in _LISTS.items():
        c = first_input + E.INPUT_HEADERS.index(header)
        ws.data_validation(1, c, last, c, {
            "validate": "list", "source": list(choices), "ignore_blank": True,
            "error_type": "stop", "error_title": "一覧から選んでください",
            "error_message": "一覧にない値です。▼から選んでください。",
            "input_title": title, "input_message": "▼から選んでください。",
        })
    ws.autofilter(0, 0, last, len(cols) - 1)
    ws.freeze_panes(1, 2)
    ws.protect("", _PROTECTION)
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0)
    ws.set_footer("&C&P / &N")
