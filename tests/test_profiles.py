"""Layout profiles (issue 21.1): the official layout is a profile, and a profile file says
at which line it is wrong."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

from kpi_workbook.cli import main
from kpi_workbook.domain import labels as L
from kpi_workbook.domain.errors import KpiWorkbookError
from kpi_workbook.reading.profiles import builtin_names, builtin_text
from kpi_workbook.reading.profiles.loading import (
    ProfileError,
    builtin_profile,
    default_profile,
    parse_profile,
    resolve_profiles,
)

ROOT = Path(__file__).resolve().parents[1]
SUBMISSIONS = ROOT / "examples" / "submissions"

#: Every text the reader of the official layout took for a label before the layout became
#: a profile (the reader's own table then), normalised: the profile declares exactly these.
LABELS_BEFORE: dict[str, str] = {
    "事業番号": L.PROJECT_NUMBER, "事業名": L.PROJECT_NAME, "実施区分": L.SCOPE,
    "事業期間": L.PERIOD, "担当課": L.DEPARTMENT, "事業目的": L.PURPOSE, "事業費": L.COST,
    "交付金額": L.GRANT, "事業効果": L.EFFECT, "今後の方針": L.POLICY,
    "評価・課題": L.ASSESSMENT, "要因分析": L.CAUSE, "改善方策": L.IMPROVEMENT,
    "今後の方針の理由": L.POLICY_REASON, "交付金の種類": L.GRANT_KIND,
    "実績額": L.ACTUAL_COST, "様式バージョン": L.TEMPLATE_VERSION, "事業概要": L.TABLE_START,
    "重要業績評価指標(KPI)": L.KPI_HEADER, "単位": L.UNIT, "目標の方向": L.DIRECTION,
    "基準値": L.BASELINE, "値の種類": L.KIND, "年度": L.YEAR, "事業内容": L.ACTIVITIES,
    "目標値": L.TARGET, "実績値": L.ACTUAL,
    "評価課題": L.ASSESSMENT, "評価･課題": L.ASSESSMENT, "重要業績評価指標": L.KPI_HEADER,
    "KPI": L.KPI_HEADER, "重要業績評価指標KPI": L.KPI_HEADER, "事業No.": L.PROJECT_NUMBER,
    "No.": L.PROJECT_NUMBER, "目標": L.TARGET, "実績": L.ACTUAL, "方向": L.DIRECTION,
    "担当部署": L.DEPARTMENT, "担当課名": L.DEPARTMENT, "要因の分析": L.CAUSE,
    "改善策": L.IMPROVEMENT, "今後の方針理由": L.POLICY_REASON,
    "実績額(単位:円)": L.ACTUAL_COST,
    # issue 20.3's attribute rows (最終目標値, 公表予定, 速報・確定) and their spellings
    "最終目標値": L.FINAL_TARGET, "公表予定": L.DUE, "速報・確定": L.FIGURE_STATUS,
    "公表予定日": L.DUE, "公表予定時期": L.DUE, "速報/確定": L.FIGURE_STATUS,
    "速報確定": L.FIGURE_STATUS, "確定・速報": L.FIGURE_STATUS,
}


def test_official_profile_declares_exactly_the_labels_the_reader_knew() -> None:
    profile = default_profile()
    assert profile.name == "official"
    assert profile.layout == "rows"
    assert dict(profile.layout_labels.exact) == {
        L.normalize_label(k): v for k, v in LABELS_BEFORE.items()}
    assert profile.required == ("number", "name", "scope", "period", "department")


def test_every_built_in_profile_is_valid_and_named_as_its_file() -> None:
    assert builtin_names()[0] == "official"
    for name in builtin_names():
        profile = parse_profile(builtin_text(name), "built-in")
        assert profile.name == name
        assert profile.title
        assert profile.title_en
        assert profile.detect


def test_a_profile_goes_to_a_worker_process_without_its_lookups() -> None:
    profile = builtin_profile("national")
    assert profile.column_labels("指標値") == "target"  # built, cached on the profile
    copy = pickle.loads(pickle.dumps(profile))
    assert copy == profile
    assert "column_labels" not in copy.__dict__
    assert copy.column_labels("目標月") == "target_date"


def test_seed_reads_the_same_with_official_and_auto(capsys: pytest.CaptureFixture[str],
                                                    ) -> None:
    outputs = []
    for extra in ([], ["--profile", "official"], ["--profile", "auto"]):
        code = main(["check", str(SUBMISSIONS), "--year", "2023", "--format", "json",
                     *extra])
        document = json.loads(capsys.readouterr().out)
        outputs.append((code, document))
    (code0, plain), (code1, official), (code2, auto) = outputs
    assert code0 == code1 == code2 == 0
    assert plain == official
    detected = [i for i in auto["issues"] if i["code"] == "profile-detected"]
    assert len(detected) == 4  # one per file, naming the form
    assert all("市の公式様式" in i["message"] for i in detected)
    rest = [i for i in auto["issues"] if i["code"] != "profile-detected"]
    assert rest == plain["issues"]
    assert auto["summary"]["projects"] == plain["summary"]["projects"] == 5


# --- a profile file's mistakes, each at its line -------------------------------------------

GOOD = '''\
[profile]
name = "ours"
title = "当町の様式"
layout = "fields"
detect = ["事業名"]

[fields]
name = ["事業名"]

[kpi]
target = ["目標"]
actual = ["実績"]
'''


def _error(text: str) -> tuple[str, str]:
    with pytest.raises(ProfileError) as caught:
        parse_profile(text, "ours.toml")
    issue = caught.value.issue
    assert issue.code == "profile-invalid"
    return issue.message("ja"), issue.message("en")


def test_good_profile_file_reads() -> None:
    profile = parse_profile(GOOD, "ours.toml")
    assert (profile.name, profile.layout, profile.source) == ("ours", "fields", "ours.toml")


@pytest.mark.parametrize(("change", "line", "words"), [
    (('layout = "fields"', 'layout = "grid"'), 4, "layout は rows / fields / table"),
    (('detect = ["事業名"]', 'detect = "事業名"\ncolour = "red"'), 6, "「colour」という項目"),
    (('name = ["事業名"]', 'name = "事業名"\ntitle = ["x"]'), 9, "[fields] に「title」"),
    (('target = ["目標"]', 'target = []'), 11, "文字列の並び"),
    (('[kpi]', '[columns]'), 10, "[columns] を使いません"),
    (('title = "当町の様式"', 'title = "当町の様式'), 3, "TOML の書き方"),
    (('[kpi]', '[vocabulary.policy]\n"やめる" = "やめ"\n[kpi]'), 11, "選択肢"),
    (('actual = ["実績"]', ''), 10, "[kpi] に actual がありません"),
])
def test_profile_mistake_names_its_line(change: tuple[str, str], line: int,
                                        words: str) -> None:
    old, new = change
    assert old in GOOD
    ja, en = _error(GOOD.replace(old, new))
    assert f"{line} 行目" in ja, ja
    assert words in ja
    assert f"line {line}" in en


def test_cli_refuses_a_bad_profile_file_with_exit_2(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "当町.toml"
    bad.write_text(GOOD.replace('layout = "fields"', 'layout = "grid"'), encoding="utf-8")
    assert main(["check", str(SUBMISSIONS), "--profile", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "当町.toml" in err
    assert "4 行目" in err
    assert "Traceback" not in err
    assert main(["merge", str(SUBMISSIONS), "-o", str(tmp_path / "m.xlsx"),
                 "--profile", str(bad), "--lang", "en"]) == 2
    assert "line 4" in capsys.readouterr().err
    assert not (tmp_path / "m.xlsx").exists()


def test_unknown_profile_name_lists_the_known_ones(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(SUBMISSIONS), "--profile", "nosuch"]) == 2
    err = capsys.readouterr().err
    assert "様式「nosuch」はありません" in err
    assert "official、national、per-project、column-table、auto" in err


def test_missing_profile_file_is_said_in_words(tmp_path: Path) -> None:
    with pytest.raises(KpiWorkbookError) as caught:
        resolve_profiles(str(tmp_path / "ない.toml"))
    assert "ファイルが見つかりません" in caught.value.issue.message("ja")
