"""The open-data NO of each project × KPI: one number that stays the same year after year.

The city's open-data catalogue (デジタル庁 自治体標準オープンデータセット conventions) keys
each record by a NO; a consumer that joins this year's kpi.csv to last year's needs the
same KPI to keep its NO. So the NO is written into 集計一覧 by merge, and with
``--previous`` each project × KPI takes last year's NO again; only a KPI that was not
there gets a new one, after the highest NO ever given, so no NO is ever reused for
something else.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

KpiKey = tuple[str, int]
"""(``labels.project_key`` of the project, 指標番号)."""


def number_kpis(keys: Iterable[KpiKey], previous: Mapping[KpiKey, int] | None = None,
                highest: int = 0) -> dict[KpiKey, int]:
    """A NO for every key, in the order given (the workbook's output order): last year's
    where ``previous`` has one, else the next after every NO used so far and after
    ``highest``, the highest ever given (a KPI dropped years ago keeps its NO to itself)."""
    previous = previous or {}
    numbers: dict[KpiKey, int] = {}
    taken = set(previous.values())
    following = max(max(taken, default=0), highest) + 1
    for key in keys:
        if key in numbers:
            continue
        old = previous.get(key)
        if old is not None:
            numbers[key] = old
            continue
        while following in taken:
            following += 1
        numbers[key] = following
        taken.add(following)
    return numbers
