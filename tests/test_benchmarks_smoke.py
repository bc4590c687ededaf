"""The benchmark generator and runner still work (issue 7); no timing is asserted here."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.compare import Sample, report
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


def test_runner_prints_the_ratio_table(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--sizes", "3", "--workdir", str(tmp_path),
         "--no-importtime"],
        capture_output=True, text=True, cwd=ROOT, check=True, timeout=300)
    rows = [line for line in proc.stdout.splitlines() if line.startswith("| 3 |")]
    # "check (workers=2)": the reading processes are named on a machine with several cores
    tasks = [row.split("|")[2].split("(")[0].strip() for row in rows]
    assert tasks == ["baseline", "check", "merge"]


def _samples(ratios: dict[str, list[float]], machine: dict[str, float]) -> list[Sample]:
    """Samples whose task ÷ baseline per round and side are ``ratios``, each side's
    baseline and task both slowed by its ``machine`` factor (a slower moment)."""
    out = []
    for side, per_round in ratios.items():
        for r, ratio in enumerate(per_round):
            base = machine[side]
            out.append(Sample(side, "baseline", 10, r, base, base, 50))
            out.append(Sample(side, "merge", 10, r, ratio * base, ratio * base, 50))
    return out


def _change(table: str) -> str:
    (row,) = [line for line in table.splitlines() if line.startswith("| 10 | merge |")]
    return row.split("|")[5].strip()


def test_compare_judges_the_change_of_the_ratios_not_the_machine() -> None:
    # after is 0.3 slower per baseline in every round; its side of the machine is 30 %
    # slower (baseline and task alike), which the ratio to its own baseline cancels
    table = report(_samples({"before": [6, 6, 9, 9], "after": [6.3, 6.3, 9.3, 9.3]},
                            {"before": 1.0, "after": 1.3}), ["merge"], [10], 4)
    assert _change(table) == "+4.2%"  # couples: +5.0 % and +3.3 %; unpaired would be +4.0 %
    assert "within 10 %" in table
    worse = report(_samples({"before": [6, 6, 6, 6], "after": [7.2, 7.2, 7.2, 7.2]},
                            {"before": 1.0, "after": 1.0}), ["merge"], [10], 4)
    assert _change(worse) == "+20.0%"
    assert "worse by more than 10 %" in worse


def test_compare_cancels_an_advantage_of_running_second() -> None:
    # no change, but whichever side runs second is 5 % faster: rounds 0 and 2 run before
    # first, rounds 1 and 3 after first (per-round pairs would give -5 % and +5.3 %)
    table = report(_samples({"before": [6, 5.7, 6, 5.7], "after": [5.7, 6, 5.7, 6]},
                            {"before": 1.0, "after": 1.0}), ["merge"], [10], 4)
    assert _change(table) == "+0.0%"


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
