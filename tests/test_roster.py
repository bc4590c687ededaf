"""merge --roster: 未提出 departments, missing projects and extras; template --roster."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from kpi_workbook.cli import main
from kpi_workbook.departments.roster import HEADERS, read_roster

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "submissions"
GLASS = "小野田ガラスのブランド化推進事業"
PPP = "PPPを活用した交流・にぎわい創出事業"
INPUTS = [str(EXAMPLES / n) for n in ("企画課.xlsx", "商工労働課.xlsx", "市民活動推進課.xlsx")]


def write_csv(path: Path, rows: list[tuple[str, str, str]], encoding: str = "utf-8") -> Path:
    lines = [",".join(HEADERS), *(",".join(r) for r in rows)]
    path.write_text("\n".join(lines) + "\n", encoding=encoding)
    return path


def run(tmp_path: Path, roster: Path, capsys, *extra: str) -> tuple[int, list[dict]]:
    out = tmp_path / "out.xlsx"
    code = main(["merge", *INPUTS, "-o", str(out), "--year", "2022", "--roster", str(roster),
                 "--format", "json", *extra])
    return code, json.loads(capsys.readouterr().out)["issues"]


def roster_codes(issues: list[dict]) -> list[tuple[str, str | None]]:
    return [(i["code"], i["cell"]) for i in issues if i["code"].startswith("roster-")]


def test_complete_roster_exits_0(tmp_path: Path, capsys):
    roster = write_csv(tmp_path / "r.csv", [
        ("企画課", "2", PPP), ("商工労働課", "1", GLASS), ("商工労働課", "4", ""),
        ("市民活動推進課", "", "")])
    code, issues = run(tmp_path, roster, capsys)
    assert code == 0
    assert roster_codes(issues) == []


def test_missing_department_is_an_error_and_a_status_row(tmp_path: Path, capsys):
    roster = write_csv(tmp_path / "r.csv", [
        ("企画課", "2", PPP), ("商工労働課", "1", GLASS), ("商工労働課", "4", ""),
        ("市民活動推進課", "", ""),
        ("観光振興課", "5", "「山口ゆめ回廊」観光を基軸とした交流価値共創プロジェクト")])
    code, issues = run(tmp_path, roster, capsys)
    assert code == 1
    assert roster_codes(issues) == [("roster-department-missing", "A6")]
    missing = next(i for i in issues if i["code"] == "roster-department-missing")
    assert missing["message"].startswith("担当課「観光振興課」が未提出です")
    rows = list(openpyxl.load_workbook(tmp_path / "out.xlsx")["提出状況"].iter_rows(
        values_only=True, max_col=4))
    assert rows[-1][:2] == ("（未提出）", "観光振興課")
    assert [r[0] for r in rows].count("r.csv") == 0  # the roster is no input file


def test_missing_project_of_a_submitting_department(tmp_path: Path, capsys):
    roster = write_csv(tmp_path / "r.csv", [
        ("企画課", "2", PPP), ("企画課", "7", "新しい事業"), ("商工労働課", "", ""),
        ("市民活動推進課", "", "")])
    code, issues = run(tmp_path, roster, capsys, "--lang", "en")
    assert code == 1
    assert roster_codes(issues) == [("roster-project-missing", "A3")]
    (missing,) = [i for i in issues if i["code"] == "roster-project-missing"]
    assert missing["message"] == ("Project '新しい事業' (number 7) of department '企画課' has "
                                  "not been submitted.")
    rows = list(openpyxl.load_workbook(tmp_path / "out.xlsx")["提出状況"].iter_rows(
        values_only=True, max_col=4))
    assert rows[-1] == ("（未提出）", "企画課", None, "7 新しい事業")


def test_unexpected_project_and_department_are_warnings(tmp_path: Path, capsys):
    roster = write_csv(tmp_path / "r.csv", [("企画課", "2", PPP), ("商工労働課", "1", GLASS)])
    code, issues = run(tmp_path, roster, capsys)
    assert code == 0  # extras are warnings: the data is there, a person should look
    found = [(i["code"], i["sheet"], i["severity"]) for i in issues
             if i["code"].startswith("roster-")]
    assert sorted(found) == [
        ("roster-department-unexpected", "③協創", "warning"),
        ("roster-project-unexpected", "④産業人材", "warning"),
    ]


def test_strict_with_a_missing_department_writes_nothing(tmp_path: Path, capsys):
    roster = write_csv(tmp_path / "r.csv", [("建設課", "", "")])
    out = tmp_path / "out.xlsx"
    out.write_bytes(b"old")
    assert main(["merge", *INPUTS, "-o", str(out), "--roster", str(roster), "--strict"]) == 1
    assert out.read_bytes() == b"old"
    assert "建設課" in capsys.readouterr().out


def test_roster_xlsx_and_shift_jis_csv(tmp_path: Path, capsys):
    xlsx = tmp_path / "r.xlsx"
    assert main(["template", "--roster", "-o", str(xlsx)]) == 0
    wb = openpyxl.load_workbook(xlsx)
    ws = wb.active
    assert [c.value for c in ws[1]] == list(HEADERS)
    ws.append(["企 画 課", 2, PPP])  # spaces and full width do not matter
    ws.append([None, 9, "課のない行"])
    wb.save(xlsx)
    roster = read_roster(xlsx)
    assert [(e.department, e.number, e.name) for e in roster.entries] == [("企 画 課", 2, PPP)]
    assert [(i.code, i.where.cell) for i in roster.issues] == [("roster-row-invalid", "A3")]
    sjis = write_csv(tmp_path / "s.csv", [("企画課", "2", PPP)], encoding="cp932")
    assert [e.department for e in read_roster(sjis).entries] == ["企画課"]


def test_roster_template_guide_names_no_command_line_option(tmp_path: Path):
    """The window writes the same roster template: its 記入方法 says what the roster does
    in words both front ends' users understand, not 「--roster このファイル」."""
    xlsx = tmp_path / "r.xlsx"
    assert main(["template", "--roster", "-o", str(xlsx)]) == 0
    texts = [str(c.value) for ws in openpyxl.load_workbook(xlsx) for row in ws.iter_rows()
             for c in row if c.value is not None]
    assert any("提出予定の名簿に指定して集計すると" in t for t in texts)
    assert not [t for t in texts if "--" in t or "kpi-workbook" in t]


def test_template_roster_csv(tmp_path: Path):
    path = tmp_path / "名簿.csv"
    assert main(["template", "--roster", "-o", str(path)]) == 0
    assert path.read_text(encoding="utf-8-sig").splitlines() == [",".join(HEADERS)]


@pytest.mark.parametrize("content", [None, b"\x00\x01", "名前,番号\nx,1\n"])
def test_unreadable_roster_exits_2(tmp_path: Path, capsys, content):
    roster = tmp_path / "r.csv"
    if isinstance(content, bytes):
        roster.write_bytes(content + "\udcff".encode("utf-8", "surrogatepass"))
    elif content is not None:
        roster.write_text(content, encoding="utf-8")
    out = tmp_path / "out.xlsx"
    assert main(["merge", *INPUTS, "-o", str(out), "--roster", str(roster)]) == 2
    assert "r.csv" in capsys.readouterr().err
    assert not out.exists()
