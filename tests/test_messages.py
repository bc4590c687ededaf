"""The issue catalogue: every code renders in both languages; released codes never vanish."""

from __future__ import annotations

import re
import string
import subprocess
import sys
from pathlib import Path

import pytest

from kpi_workbook.domain.issues import Issue, Location, Severity
from kpi_workbook.domain.messages import (
    CATALOGUE,
    LANGS,
    Front,
    Lang,
    catalogue_markdown,
)

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


#: A command-line option (``--previous``) or command (``kpi-workbook merge``) in a text.
_COMMAND_LINE = re.compile(r"(?<![\w-])--[a-z]|kpi-workbook")


def _rendered(code: str, lang: Lang, front: Front) -> str:
    issue_type = CATALOGUE[code]
    wordings = [issue_type.ja, issue_type.en]
    if issue_type.window is not None:
        wordings += [issue_type.window.ja, issue_type.window.en]
    params = {n: f"<{n}>" for w in wordings for n in placeholders(w)}
    for name in issue_type.defaults:
        params.pop(name, None)  # the catalogue's own hint, as most callers leave it
    issue = Issue(code, Location(Path("課.xlsx"), "事業", "C15"), params)
    return issue.message(lang, front=front)


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_window_messages_name_no_command_line_option(code: str) -> None:
    """What the window shows never says ``--previous`` or ``kpi-workbook merge``: a clerk
    there has buttons and settings, not a command line (issue 24, point 4)."""
    for lang in LANGS:
        text = _rendered(code, lang, "window")
        assert not _COMMAND_LINE.search(text), (lang, text)
        assert "{" not in text, text


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_command_line_messages_send_nobody_to_the_window(code: str) -> None:
    """The other rendering: the command line's user is not told about settings of a
    window they may never have opened."""
    for lang in LANGS:
        text = _rendered(code, lang, "cli")
        assert not re.search(r"画面|in the window|the window's", text), (lang, text)


def test_each_front_end_words_the_tool_its_own_way() -> None:
    """Where one says what to do with the tool, the two renderings differ: the command
    line names the option or command, the window the setting or button."""
    worded = {code for code, t in CATALOGUE.items() if t.window is not None}
    assert {"output-is-previous", "consolidated-unreadable", "publish-sheet-missing"} <= worded
    for code in worded:
        cli, window = _rendered(code, "ja", "cli"), _rendered(code, "ja", "window")
        assert _COMMAND_LINE.search(cli), cli
        assert cli != window
    assert "設定の「前回の集計ブック」" in _rendered("output-is-previous", "ja", "window")
    assert "--previous" in _rendered("output-is-previous", "ja", "cli")
    assert "「集計ブックを作成」" in _rendered("consolidated-unreadable", "ja", "window")
    assert "'Create consolidated workbook'" in _rendered("publish-sheet-missing", "en",
                                                         "window")
    # a code without its own window wording says the same everywhere
    assert _rendered("value-not-number", "ja", "window") == _rendered(
        "value-not-number", "ja", "cli")
