"""Start-up: how long a command takes before it does its work, and what it imports.

Why its own benchmark: a clerk runs ``check one.xlsx`` on the file she is about to send,
and waits for the whole interpreter start each time (goal: under 0.2 s, issue 7); and a
command that imports a library its path does not use (openpyxl takes about 0.2 s) pays
for it on every run (issue 22). Each command runs ``--runs`` times in a fresh
interpreter, alternating the trees when ``--before`` is given, and the fastest and the
median wall times are reported (the fastest is the least disturbed by a shared machine),
with the heavy libraries one more run with ``-X importtime`` saw imported.

Usage::

    python -m benchmarks.startup                      # this tree
    python -m benchmarks.startup --before b8f35e0     # and an older revision, alternating
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from benchmarks.run import machine

ROOT: Final = Path(__file__).resolve().parent.parent
EXAMPLES: Final = ROOT / "examples" / "submissions"
HEAVY: Final = ("openpyxl", "xlsxwriter", "pandas", "numpy", "PySide6")
CHECK_GOAL_S: Final = 0.2


def commands(work: Path) -> dict[str, list[str]]:
    """What is timed: ``check`` of one submission, and ``merge`` of the examples onto an
    OUT that exists (the second run of the same command: its 外部評価 is read back)."""
    return {"check one.xlsx": ["check", str(EXAMPLES / "企画課.xlsx")],
            "merge onto its OUT": ["merge", str(EXAMPLES), "--year", "2022",
                                   "-o", str(work / "集計.xlsx")]}


def run_once(tree: Path, args: list[str], *, importtime: bool = False,
             ) -> tuple[float, str]:
    """(wall seconds, stderr) of ``python -m kpi_workbook ARGS`` with ``tree`` first on
    the path (its own kpi_workbook, whatever is installed)."""
    flags = ["-X", "importtime"] if importtime else []
    begin = time.perf_counter()
    proc = subprocess.run([sys.executable, *flags, "-m", "kpi_workbook", *args],
                          cwd=tree, capture_output=True, text=True, check=False)
    return time.perf_counter() - begin, proc.stderr


def imported(stderr: str) -> list[str]:
    names = {m.group(1).split(".")[0] for m in
             re.finditer(r"import time:\s+\d+\s+\|\s+\d+\s+\|\s*(\S+)", stderr)}
    return [h for h in HEAVY if h in names]


def unpack(rev: str, into: Path) -> Path:
    tree = into / rev
    archive = subprocess.run(["git", "archive", rev], cwd=ROOT, check=True,
                             capture_output=True).stdout
    tree.mkdir(parents=True)
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    return tree


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", help="a git revision to measure beside this tree")
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kpi-bench-startup-") as tmp:
        trees = {"this tree": ROOT}
        if args.before:
            trees = {f"before ({args.before})": unpack(args.before, Path(tmp)), **trees}
        works = {name: Path(tmp) / f"work{i}" for i, name in enumerate(trees)}
        for name, tree in trees.items():
            works[name].mkdir()
            run_once(tree, commands(works[name])["merge onto its OUT"])  # OUT exists now
        times: dict[tuple[str, str], list[float]] = {}
        for i in range(args.runs):
            for name in (list(trees) if i % 2 == 0 else list(trees)[::-1]):
                for label, cmd in commands(works[name]).items():
                    times.setdefault((name, label), []).append(
                        run_once(trees[name], cmd)[0])
        heavy = {(name, label): imported(run_once(trees[name], cmd, importtime=True)[1])
                 for name in trees for label, cmd in commands(works[name]).items()}
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"machine: {machine()}; {args.runs} runs each, alternating\n")
    print("| command | tree | fastest s | median s | goal | heavy libraries imported |")
    print("|---|---|---:|---:|---|---|")
    for (name, label), found in times.items():
        goal = ""
        if label.startswith("check"):
            goal = f"< {CHECK_GOAL_S:g} s {'✓' if min(found) < CHECK_GOAL_S else '✗'}"
        print(f"| `{label}` | {name} | {min(found):.3f} | {statistics.median(found):.3f} | "
              f"{goal} | {', '.join(heavy[(name, label)]) or 'none'} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
