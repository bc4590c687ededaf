"""Cross-file checks, asserted by code and position (file, sheet)."""

from __future__ import annotations

from pathlib import Path

from kpi_workbook.checks.across_files import check_all
from kpi_workbook.domain.issues import Location, Severity
from kpi_workbook.domain.model import Project, Scope, Submission


def _sub(file: str, *projects: tuple[int | None, str, str]) -> Submission:
    path = Path(file)
    return Submission(path, [Project(n, name, Scope.CITY, None, dept, Location(path, f"S{i}"))
                             for i, (n, name, dept) in enumerate(projects, start=1)])


def _codes(issues):
    return [(i.code, i.where.file.name, i.where.sheet) for i in issues]


def test_crosscheck_clean_submissions_have_no_issue():
    subs = [_sub("a.xlsx", (1, "ガラス事業", "商工労働課")),
            _sub("b.xlsx", (2, "PPP事業", "企画課"))]
    assert check_all(subs) == []


def test_crosscheck_same_project_twice_by_number_and_name():
    subs = [_sub("a.xlsx", (1, "ガラス事業", "商工労働課")),
            _sub("b.xlsx", (1, "ガラス事業", "商工労働課"))]
    issues = check_all(subs)
    assert _codes(issues) == [("project-duplicate", "b.xlsx", "S1")]
    assert issues[0].severity is Severity.ERROR
    assert issues[0].params["other"] == "a.xlsx（S1）"


def test_crosscheck_same_name_with_other_number_is_duplicate():
    subs = [_sub("a.xlsx", (1, "ガラス事業", "商工労働課")),
            _sub("b.xlsx", (7, "ガラス 事業", "商工労働課"))]
    assert _codes(check_all(subs)) == [("project-duplicate", "b.xlsx", "S1")]


def test_crosscheck_one_number_two_names():
    subs = [_sub("a.xlsx", (1, "ガラス事業", "商工労働課")),
            _sub("b.xlsx", (1, "PPP事業", "企画課"))]
    issues = check_all(subs)
    assert _codes(issues) == [("project-number-conflict", "b.xlsx", "S1")]
    assert issues[0].params == {"number": 1, "project": "PPP事業", "other": "ガラス事業"}


def test_crosscheck_duplicate_within_one_file():
    subs = [_sub("a.xlsx", (1, "ガラス事業", "商工労働課"), (1, "ガラス事業", "商工労働課"))]
    assert _codes(check_all(subs)) == [("project-duplicate", "a.xlsx", "S2")]


def test_crosscheck_department_under_two_spellings():
    subs = [_sub("a.xlsx", (1, "ガラス事業", "商工労働課")),
            _sub("b.xlsx", (2, "観光事業", "商工労働課")),
            _sub("c.xlsx", (3, "PPP事業", "商工 労働課"))]
    issues = check_all(subs)
    assert _codes(issues) == [("department-spelling", "c.xlsx", "S1")]
    assert issues[0].severity is Severity.WARNING
    assert issues[0].params == {"department": "商工 労働課", "other": "商工労働課"}


def test_crosscheck_department_fullwidth_and_halfwidth():
    subs = [_sub("a.xlsx", (1, "A事業", "ＩＴ推進課")), _sub("b.xlsx", (2, "B事業", "IT推進課"))]
    assert _codes(check_all(subs)) == [("department-spelling", "b.xlsx", "S1")]


def test_crosscheck_messages_render_in_both_languages():
    subs = [_sub("a.xlsx", (1, "ガラス事業", "商工労働課")),
            _sub("b.xlsx", (1, "ガラス事業", "商工 労働課"), (1, "PPP事業", "商工労働課"))]
    for issue in check_all(subs):
        for lang in ("ja", "en"):
            assert "{" not in issue.message(lang)
