"""The benchmark generator and runner still work (issue 7); no timing is asserted here."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.compare import Sample, report, same_baseline
from benchmarks.compare import main as compare_main
from benchmarks.generate import generate
from kpi_workbook.usecases import read_submission

ROOT = Path(__file__).resolve().parents[1]


def test_generator_is_deterministic_and_in_the_official_layout(tmp_path: Path) -> None:
    first = generate(tmp_path / "a", 3, seed=1)
    again = generate(tmp_path / "b", 3, seed=1)
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in again]
    for path in first:
        sub = read_submission(path, report_year=2022)
        assert len(sub.projects) == 5
        assert sub.projects[0].kpis  # the 単市 projects carry KPIs
        assert not any(i.code.startswith("file-") for i in sub.issues)
    # every submission its own projects and department (the placeholders were replaced)
    subs = [read_submission(p, report_year=2022) for p in first]
    names = [p.name for s in subs for p in s.projects]
    assert len(set(names)) == len(names) == 15
    assert not any("§" in p.name + p.department for s in subs for p in s.projects)


def test_runner_prints_the_ratio_table(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--sizes", "3", "--workdir", str(tmp_path),
         "--no-importtime"],
        capture_output=True, text=True, cwd=ROOT, check=True, timeout=300)
    rows = [line for line in proc.stdout.splitlines() if line.startswith("| 3 |")]
    # "check (workers=2)": the reading processes are named on a machine with several cores
    tasks = [row.split("|")[2].split("(")[0].strip() for row in rows]
    assert tasks == ["baseline", "check", "merge"]


def test_runner_measures_reading_the_consolidated_workbook(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--sizes", "3", "--workdir", str(tmp_path),
         "--tasks", "publish,previous", "--no-importtime"],
        capture_output=True, text=True, cwd=ROOT, check=True, timeout=300)
    rows = [line for line in proc.stdout.splitlines() if line.startswith("| 3 |")]
    tasks = [row.split("|")[2].split("(")[0].strip() for row in rows]
    assert tasks == ["baseline", "publish", "previous"]
    assert (tmp_path / "n3-seed7-集計ブック.xlsx").is_file()  # merged once, beside the corpus


def test_startup_lists_what_each_command_imports() -> None:
    proc = subprocess.run([sys.executable, "-m", "benchmarks.startup", "--runs", "1"],
                          capture_output=True, text=True, cwd=ROOT, check=True, timeout=300)
    rows = [line for line in proc.stdout.splitlines() if line.startswith("| `")]
    assert [row.split("|")[1].strip() for row in rows] == ["`check one.xlsx`",
                                                           "`merge onto its OUT`"]
    assert all("openpyxl" not in row for row in rows)


def test_compare_measures_a_task_the_older_runner_lacks_with_this_one(tmp_path: Path) -> None:
    from benchmarks.compare import runner

    old = tmp_path / "old"
    (old / "benchmarks").mkdir(parents=True)
    (old / "benchmarks" / "run.py").write_text('if task == "publish":\n    pass\n')
    assert runner(old, "publish") == ([sys.executable, "-m", "benchmarks.run"], None)
    command, env = runner(old, "previous")
    assert command == [sys.executable, str(ROOT / "benchmarks" / "run.py")]
    assert env is not None
    assert env["PYTHONPATH"] == str(old)  # the older tree's kpi_workbook, this runner


def _samples(times: dict[str, list[float]], baselines: dict[str, list[float]],
             drift: list[float]) -> list[Sample]:
    """Samples of a merge taking ``times`` per side and round, beside baselines of
    ``baselines``, everything in round r slowed by ``drift[r]`` (the machine's moment)."""
    out = []
    for side in ("before", "after"):
        for r, slow in enumerate(drift):
            base, task = baselines[side][r] * slow, times[side][r] * slow
            out.append(Sample(side, "baseline", 10, r, base, base, 50))
            out.append(Sample(side, "merge", 10, r, task, task, 50))
    return out


def _change(table: str) -> str:
    (row,) = [line for line in table.splitlines() if line.startswith("| 10 | merge |")]
    return row.split("|")[5].strip()


STEADY = {"before": [1.0] * 4, "after": [1.0] * 4}


def test_compare_judges_the_change_not_the_machine_nor_a_noisy_baseline() -> None:
    # after is 5 % slower; the machine's speed drifts from round to round, and the
    # baseline (one short run per round) is off by up to 40 % on one side or the other
    noisy = {"before": [1.4, 1.0, 0.8, 1.0], "after": [1.0, 0.7, 1.0, 1.3]}
    table = report(_samples({"before": [6.0] * 4, "after": [6.3] * 4}, noisy,
                            [1.0, 1.5, 1.2, 0.9]), ["merge"], [10], 4)
    assert _change(table) == "+5.0%"
    assert "within 10 %" in table
    worse = report(_samples({"before": [6.0] * 4, "after": [7.2] * 4}, STEADY,
                            [1.0, 1.3, 1.0, 1.3]), ["merge"], [10], 4)
    assert _change(worse) == "+20.0%"
    assert "worse by more than 10 %" in worse


def test_compare_cancels_an_advantage_of_running_second() -> None:
    # no change, but whichever side runs second is 5 % faster: rounds 0 and 2 run before
    # first, rounds 1 and 3 after first (per-round pairs would give -5 % and +5.3 %)
    table = report(_samples({"before": [6, 5.7, 6, 5.7], "after": [5.7, 6, 5.7, 6]},
                            STEADY, [1.0] * 4), ["merge"], [10], 4)
    assert _change(table) == "+0.0%"


def test_compare_divides_by_each_sides_baseline_when_the_baselines_differ() -> None:
    # two trees whose baseline code differs: each side's time over its own baseline
    table = report(_samples({"before": [6, 6, 9, 9], "after": [7.8, 7.8, 12.0, 12.0]},
                            {"before": [1.0] * 4, "after": [1.3] * 4}, [1.0] * 4),
                   ["merge"], [10], 4, shared_baseline=False)
    assert _change(table) == "+1.3%"  # couples: 6 → 6.0 (+0.0 %) and 9 → 9.23 (+2.6 %)


def test_compare_knows_when_the_baselines_are_the_same_code(tmp_path: Path) -> None:
    run = (ROOT / "benchmarks" / "run.py").read_text(encoding="utf-8")
    for name, text in (("a", run), ("b", run.replace('"""The parsing limit', '"""Other words')),
                       ("c", run.replace("count += 1", "count += 2"))):
        (tmp_path / name / "benchmarks").mkdir(parents=True)
        (tmp_path / name / "benchmarks" / "run.py").write_text(text, encoding="utf-8")
    assert same_baseline(tmp_path / "a", tmp_path / "b")  # only the docstring differs
    assert not same_baseline(tmp_path / "a", tmp_path / "c")


def test_compare_wants_rounds_in_couples(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        compare_main(["HEAD", "HEAD", "--rounds", "5"])
    assert stop.value.code == 2
    assert "even number of rounds" in capsys.readouterr().err


def test_compare_runs_two_revisions_from_their_own_folders(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.compare", "HEAD", "HEAD", "--sizes", "3",
         "--rounds", "2", "--workdir", str(tmp_path)],
        capture_output=True, text=True, cwd=ROOT, check=True, timeout=600)
    head, *_ = proc.stdout.splitlines()
    assert head.count("= ") == 2  # each side names the commit its folder was unpacked from
    rows = [line for line in proc.stdout.splitlines() if line.startswith("| 3 |")]
    assert [row.split("|")[2].strip() for row in rows] == ["check", "merge"]
    for row in rows:  # numbers measured on both sides, and a verdict
        cells = [c.strip() for c in row.split("|")[1:-1]]
        assert float(cells[2]) > 0
        assert float(cells[3]) > 0
        assert cells[-1] in ("within 10 %", "worse by more than 10 %")
