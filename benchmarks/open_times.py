"""Merge N submissions and time LibreOffice opening every file written (issue 14).

For each N: the merge (wall time, CPU time, peak memory, in a fresh subprocess), the files
it wrote (the consolidated workbook and, when split, its parts) with their sheet and
chart counts, and how long LibreOffice takes to open each one: a headless conversion to
CSV (which loads the whole workbook and writes only its first sheet) with a private
profile per file, as ``tests/recalc.py`` runs LibreOffice. The same
can be run for an older source tree (``--before DIR``, e.g. ``git archive`` of a commit
into DIR) in the same run, so both sets of figures share the machine's load.

Usage::

    python -m benchmarks.open_times --sizes 50,500,2000
    python -m benchmarks.open_times --sizes 50,500 --before /tmp/before --lo-timeout 600

No test asserts these figures; the machine is shared, so wall times carry its load.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from benchmarks.generate import generate
from benchmarks.run import corpus_dir, machine
from kpi_workbook.reading.parallel import default_workers

ROOT: Final = Path(__file__).resolve().parent.parent
LO_LIMIT_SHEETS: Final = 10_000  # LibreOffice keeps no more sheets than this
OPEN_GOAL_S: Final = 60.0

_CHILD: Final = """
import datetime as dt, json, resource, sys, time
from pathlib import Path
from kpi_workbook.usecases import MergeOptions
from kpi_workbook.usecases.check import find_inputs, iter_submissions
from kpi_workbook.usecases.merge import merge_submissions

def cpu():
    return sum(resource.getrusage(w).ru_utime + resource.getrusage(w).ru_stime
               for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))

corpus, out, workers = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
options = MergeOptions(report_year=2022, created=dt.datetime(2024, 4, 1), workers=workers)
cpu0, begin = cpu(), time.perf_counter()
files, found = find_inputs([corpus])
submissions = list(iter_submissions(files, report_year=2022, workers=workers))
read_s, read_cpu = time.perf_counter() - begin, cpu() - cpu0
merge_submissions(submissions, found, out, options=options)
seconds, cpu_s = time.perf_counter() - begin, cpu() - cpu0
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
peak_kb = own + children * workers if children else own
print(json.dumps({"seconds": seconds, "cpu_seconds": cpu_s, "peak_mb": peak_kb / 1024,
                  "write_seconds": seconds - read_s, "write_cpu": cpu_s - read_cpu}))
"""

_PROFILE: Final = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
</oor:items>
"""


@dataclass(slots=True)
class Written:
    """One file the merge wrote."""

    name: str
    sheets: int
    charts: int
    size_mb: float
    open_s: float | None = None
    """LibreOffice's load time; None: stopped at the timeout (or not attempted)."""
    note: str = ""


@dataclass(slots=True)
class Run:
    n: int
    code: str
    seconds: float
    cpu_seconds: float
    peak_mb: float
    write_seconds: float = 0.0
    """Of which: checking across files and writing (after the files are read)."""
    write_cpu: float = 0.0
    files: list[Written] = field(default_factory=list)


def merge_in_child(source: Path, corpus: Path, out: Path, workers: int) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(source)}
    proc = subprocess.run([sys.executable, "-c", _CHILD, str(corpus), str(out), str(workers)],
                          capture_output=True, text=True, cwd=source, env=env, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"merge with {source} failed:\n{proc.stderr}")
    data: dict[str, float] = json.loads(proc.stdout.strip().splitlines()[-1])
    return data


def describe(path: Path) -> Written:
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        workbook = zf.read("xl/workbook.xml").decode("utf-8")
    sheets = len(re.findall(r"<sheet ", workbook))
    charts = sum(1 for n in names if n.startswith("xl/charts/chart"))
    return Written(path.name, sheets, charts, path.stat().st_size / 2**20)


def libreoffice_open_seconds(path: Path, timeout: float) -> float | None:
    """Seconds LibreOffice (headless, private profile) takes to load ``path`` and write
    its first sheet as CSV; None when it did not finish within ``timeout``."""
    exe = shutil.which("soffice")
    if exe is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    with tempfile.TemporaryDirectory(prefix="kpi-open-") as tmp:
        work = Path(tmp)
        profile = work / "profile"
        (profile / "user").mkdir(parents=True)
        (profile / "user" / "registrymodifications.xcu").write_text(_PROFILE, "utf-8")
        book = work / "book.xlsx"  # an ASCII name: the output's derives from it
        shutil.copyfile(path, book)
        begin = time.perf_counter()
        proc = subprocess.Popen(
            [exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
             "--nolockcheck", "--convert-to", "csv", "--outdir", str(work / "out"), str(book)],
            env={**os.environ, "HOME": str(profile)}, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, start_new_session=True)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)  # soffice and the children it started, nothing else
            proc.wait()
            return None
        seconds = time.perf_counter() - begin
        if not (work / "out" / "book.csv").exists():  # soffice exits 0 when it failed
            raise RuntimeError(f"LibreOffice could not open {path.name}")
        return seconds


def measure(n: int, code: str, source: Path, corpus: Path, workers: int, timeout: float,
            out_dir: Path, *, open_files: bool = True) -> Run:
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / "集計.xlsx"
    data = merge_in_child(source, corpus, out, workers)
    run = Run(n, code, data["seconds"], data["cpu_seconds"], data["peak_mb"],
              data["write_seconds"], data["write_cpu"])
    print(f"  {code} N={n}: merge {run.seconds:.1f} s (CPU {run.cpu_seconds:.1f} s; writing "
          f"{run.write_seconds:.1f} s, CPU {run.write_cpu:.1f} s), peak {run.peak_mb:.0f} MB",
          file=sys.stderr, flush=True)
    files = [out, *sorted(out_dir.glob("集計_事業シート_*.xlsx"))]
    for path in files:
        written = describe(path)
        if not open_files:
            written.note = "not opened (--no-open)"
        elif written.sheets > LO_LIMIT_SHEETS:
            written.note = f"not opened: more than LibreOffice's {LO_LIMIT_SHEETS:,} sheets"
        else:
            written.open_s = libreoffice_open_seconds(path, timeout)
            if written.open_s is None:
                written.note = f"stopped after {timeout:.0f} s"
        print(f"  {code} N={n} {written.name}: {written.sheets} sheets, {written.charts} "
              f"charts, open {written.open_s if written.open_s is not None else '-'} s "
              f"{written.note}", file=sys.stderr, flush=True)
        run.files.append(written)
    return run


def table(runs: Sequence[Run]) -> str:
    lines = ["| N | code | merge s | CPU s | of which writing s (CPU s) | peak MB | files "
             "| largest file (sheets / charts) | LibreOffice open s: main | parts: max (median) "
             "| every file < 60 s |",
             "|---:|---|---:|---:|---:|---:|---:|---|---:|---|---|"]
    for r in runs:
        main, parts = r.files[0], r.files[1:]
        largest = max(r.files, key=lambda w: w.sheets)

        def shown(w: Written) -> str:
            return f"{w.open_s:.1f}" if w.open_s is not None else f"– ({w.note})"
        if parts:
            times = [w.open_s for w in parts if w.open_s is not None]
            stopped = len(parts) - len(times)
            part_text = (f"{max(times):.1f} ({statistics.median(times):.1f})" if times else "–")
            if stopped:
                part_text += f", {stopped} stopped"
        else:
            part_text = "(one file)"
        opened = all(w.open_s is not None for w in r.files) or not any(
            "--no-open" in w.note for w in r.files)
        ok = all(w.open_s is not None and w.open_s < OPEN_GOAL_S for w in r.files)
        verdict = ("✓" if ok else "✗") if opened else "(not opened)"
        lines.append(f"| {r.n} | {r.code} | {r.seconds:.1f} | {r.cpu_seconds:.1f} | "
                     f"{r.write_seconds:.1f} ({r.write_cpu:.1f}) | "
                     f"{r.peak_mb:.0f} | {len(r.files)} | {largest.sheets} / {largest.charts} "
                     f"| {shown(main)} | {part_text} | {verdict} |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50,500,2000")
    parser.add_argument("--before", type=Path, help="an older source tree to compare")
    parser.add_argument("--before-sizes", help="N for --before (default: --sizes)")
    parser.add_argument("--workers", type=int, default=default_workers())
    parser.add_argument("--lo-timeout", type=float, default=600.0,
                        help="seconds after which a LibreOffice load is stopped")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workdir", type=Path,
                        default=Path(tempfile.gettempdir()) / "kpi-workbook-bench")
    parser.add_argument("--no-open", action="store_true", help="merge figures only")
    parser.add_argument("--repeat", type=int, default=1,
                        help="merges per N and code, alternating before/now (all listed)")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    before_sizes = ([int(s) for s in args.before_sizes.split(",")] if args.before_sizes
                    else sizes)
    print(f"machine: {machine()} (shared with other work while measured)\n")
    runs: list[Run] = []
    with tempfile.TemporaryDirectory(prefix="kpi-open-times-") as tmp:
        for n in sizes:
            corpus = corpus_dir(args.workdir, n, args.seed)
            generate(corpus, n, seed=args.seed)
            for i in range(args.repeat):
                for code, source in (("before", args.before), ("now", ROOT)):
                    if source is None or (code == "before" and n not in before_sizes):
                        continue
                    out_dir = Path(tmp) / f"{code}-{n}-{i}"
                    runs.append(measure(n, code, source.resolve(), corpus, args.workers,
                                        args.lo_timeout, out_dir,
                                        open_files=not args.no_open and i == 0))
                    shutil.rmtree(out_dir)
    print(table(runs))
    print("\nEvery file, LibreOffice open seconds:")
    for r in runs:
        shown = ", ".join(f"{w.name} {w.sheets}/{w.charts}: "
                          + (f"{w.open_s:.1f}" if w.open_s is not None else w.note)
                          for w in r.files)
        print(f"- N={r.n} {r.code}: {shown}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
