"""Print the issue catalogue as README's table: ``python -m kpi_workbook.domain.issue_table``.

Its own module, imported by nothing, so running it does not execute ``messages`` a second
time (``python -m kpi_workbook.domain.messages`` warned: the package had imported it first).
"""

from __future__ import annotations

from kpi_workbook.domain.messages import catalogue_markdown


def main() -> None:
    print(catalogue_markdown())  # noqa: T201


if __name__ == "__main__":
    main()
