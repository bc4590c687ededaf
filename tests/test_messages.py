"""The issue catalogue: every code renders in both languages; released codes never vanish."""

from __future__ import annotations

import re
import string
import subprocess
import sys
from pathlib import Path

import pytest

from kpi_workbook.domain.issues import Issue, Location, Severity
from kpi_workbook.domain.messages import CATALOGUE, LANGS, catalogue_markdown

CODES_FILE = Path(__file__).parent / "data" / "issue_codes.txt"


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_every_code_renders_in_both_languages(code: str) -> None:
    issue_type = CATALOGUE[code]
    assert re.fullmatch(r"[a-z]+(-[a-z]+)+", code)
    assert isinstance(issue_type.severity, Severity)
    names = placeholders(issue_type.ja) | placeholders(issue_type.en)
    params = {n: f"<{n}>" for n in names}
    issue = Issue(code, Location(Path("課.xlsx"), "事業", "C15"), params)
    for lang in LANGS:
        text = issue.message(lang)
        assert "{" not in text, text
        assert text.strip()
    assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", issue.message("ja"))


def test_released_codes_are_never_removed() -> None:
    released = {line.strip() for line in CODES_FILE.read_text().splitlines()
                if line.strip() and not line.startswith("#")}
    assert released - set(CATALOGUE) == set()


def test_readme_lists_every_code() -> None:
    """README's table is the catalogue (regenerate with
    ``python -m kpi_workbook.domain.issue_table``)."""
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    assert catalogue_markdown() in readme


def test_the_table_command_prints_the_catalogue_without_warnings() -> None:
    """The command README names prints exactly the table, with no runpy warning (-W error
    turns one into a failure)."""
    proc = subprocess.run([sys.executable, "-W", "error", "-m",
                           "kpi_workbook.domain.issue_table"], capture_output=True,
                          text=True, encoding="utf-8", check=False)
    assert (proc.returncode, proc.stderr) == (0, "")
    assert proc.stdout == catalogue_markdown() + "\n"
