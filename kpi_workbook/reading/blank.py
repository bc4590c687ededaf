"""A project sheet that is still the official blank template is not a project.

Departments send the blank template back (or a copy of 事業シート they did not fill in),
and clerks drop it into the submissions folder with the rest. Read as a project, it gave
five 必須項目 errors, a 担当課「」 the roster did not know and a split part book named
未設定; it is one fact instead: 未記入の様式です (``template-blank``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from kpi_workbook.domain.issues import Issue
from kpi_workbook.domain.model import Project

#: What reading a blank sheet finds: the required header fields are empty. Any other
#: issue means something was typed (a value that cannot be read is still filled in).
_BLANK_SHEET_CODES: Final = frozenset({"header-field-missing"})


def is_blank_project(project: Project, issues: Sequence[Issue]) -> bool:
    """True when nothing a clerk types is filled in on the sheet ``project`` was read from.

    Args:
        project: the sheet as read.
        issues: what reading the sheet found.

    Returns:
        True when no header field, KPI, value or activities text is filled in, and
        reading found only missing fields. The pre-printed year labels (初年度, 2年目…)
        are the template's, not the clerk's, and do not count.
    """
    filled = (project.number, project.scope, project.period, project.cost, project.grant,
              project.effect, project.policy, project.assessment)
    texts = (project.name, project.department, project.purpose)
    return (all(value is None for value in filled)
            and not any(text.strip() for text in texts)
            and not project.kpis
            and not any(year.activities.strip() or year.observations
                        for year in project.years)
            and all(issue.code in _BLANK_SHEET_CODES for issue in issues))
