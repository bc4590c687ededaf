"""The benchmark generator and runner still work (issue 7); no timing is asserted here."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from benchmarks.compare import Sample, report
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


def _samples(before_s: float, after_s: float, rounds: int = 4) -> list[Sample]:
    out = []
    for r in range(rounds):
        drift = 1 + 0.3 * (r % 2)  # the machine slower every other round, for both sides
        for side, task_s in (("before", before_s), ("after", after_s)):
            out.append(Sample(side, "baseline", 10, r, 1.0 * drift, 1.0 * drift, 50))
            out.append(Sample(side, "merge", 10, r, task_s * drift, task_s * drift, 50))
    return out


def test_compare_judges_the_paired_change_not_the_machine() -> None:
    same = report(_samples(6.0, 6.3), ["merge"], [10], 4)
    assert "| +5.0% |" in same
    assert "within 10 %" in same
    worse = report(_samples(6.0, 7.2), ["merge"], [10], 4)
    assert "| +20.0% |" in worse
    assert "worse by more than 10 %" in worse


def test_compare_runs_two_revisions_from_their_own_folders(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.compare", "HEAD", "HEAD", "--sizes", "3",
         "--rounds", "2", "--workdir", str(tmp_path)],
        capture_output=True, text=True, cwd=ROOT, check=True, timeout=600)
    rows = [line for line in proc.stdout.splitlines() if line.startswith("| 3 |")]
    assert [row.split("|")[2].strip() for row in rows] == ["check", "merge"]
