"""Figures that arrive late: 公表予定 (when an actual not yet published will be) and
速報/確定 (a preliminary figure revised later) (docs/kpi-layout.md §2.3).

Statistics a KPI is measured by are often published months after the fiscal year ends
(つくば市 reports an actual of 「-」 with the month the final figure is due, 「H29.5」), and
a first figure (速報) is replaced by the final one (確定) a year later. A KPI declares
both in its attribute rows; this module says which year they apply to:

- 公表予定 applies to the actual of the KPI's latest year that has ended (by the report
  year), when that actual is 「-」 or empty: it is 未公表, not missing, until the date has
  passed.
- 速報・確定 states what the KPI's latest actual is; every earlier actual is 確定 (the
  figure reported as 速報 last year has been replaced by the final one since).
"""

from __future__ import annotations

from collections.abc import Sequence

from kpi_workbook.domain.model import FigureStatus, Kpi, Project, ValueStatus, YearRow


def due_year(project: Project, kpi: Kpi, report_year: int) -> YearRow | None:
    """The year row the KPI's 公表予定 applies to, or None: its latest year that has ended
    by ``report_year``, when that year's actual is 「-」 or empty."""
    if kpi.due is None:
        return None
    ended = [y for y in project.years if y.fiscal_year is not None
             and y.fiscal_year <= report_year and kpi.index - 1 < len(y.observations)]
    if not ended:
        return None
    latest = max(ended, key=lambda y: y.fiscal_year or 0)
    actual = project.observation(kpi, latest).actual
    unpublished = actual.status in (ValueStatus.MISSING, ValueStatus.NOT_APPLICABLE)
    return latest if unpublished else None


def figure_statuses(kpi: Kpi, years: Sequence[YearRow]) -> dict[int, FigureStatus]:
    """速報/確定 per year row (by its position in ``years``), for the rows with a number
    actual: the latest as declared, every earlier one 確定. Empty when not declared."""
    if kpi.figure_status is None:
        return {}
    numbered = [i for i, y in enumerate(years) if kpi.index - 1 < len(y.observations)
                and y.observations[kpi.index - 1].actual.is_number]
    if not numbered:
        return {}
    latest = max(numbered, key=lambda i: (years[i].fiscal_year or 0, i))
    return {i: (kpi.figure_status if i == latest else FigureStatus.FINAL) for i in numbered}
