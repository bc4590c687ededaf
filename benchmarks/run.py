"""Measure check and merge against the parsing limit, on synthetic corpora, in one run.

Why ratios: absolute milliseconds depend on the machine, but the cost of ``check`` and
``merge`` relative to merely parsing the same sheet XML with xml.etree (the *baseline*)
says how close the reader is to the limit, and stays comparable between machines.
Each measurement runs in its own subprocess, so that one's imports, caches and peak
memory never pollute the next (peak memory is the child's ``ru_maxrss``).

Usage::

    python -m benchmarks.run                    # N = 50, 500, 1000, 2000
    python -m benchmarks.run --quick            # N = 10, 50: a minute-long smoke run
    python -m benchmarks.run --sizes 500 --tasks baseline,check --workers 2
    python -m benchmarks.run --sizes 50,500 --tasks publish
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final
from xml.etree import ElementTree

from kpi_workbook.reading.parallel import default_workers

ROOT: Final = Path(__file__).resolve().parent.parent
DEFAULT_SIZES: Final = (50, 500, 1000, 2000)
QUICK_SIZES: Final = (10, 50)
TASKS: Final = ("baseline", "check", "merge")
# Also measurable, not run by default: publish (index.html and kpi.csv from the
# consolidated workbook of the same corpus, merged first outside the measurement) and
# previous (that workbook read as merge --previous and template --from read it).
# Issue 7's goals, as ratios to the baseline in the same run (and merge's absolute limits).
GOALS: Final = {"check": 3.0, "merge": 10.0}
MERGE_LIMIT_S: Final = 60.0
MERGE_LIMIT_MB: Final = 1024.0
BOOK_TASKS: Final = ("publish", "previous")
"""The tasks that read the consolidated workbook of the corpus (:func:`merged_book`)."""
SMALL_CORPUS: Final = 250
"""Below this many workbooks a measurement is repeated (:func:`repeats_for`)."""


@dataclass(frozen=True, slots=True)
class Measurement:
    """One task on one corpus, as reported by its subprocess."""

    task: str
    n: int
    seconds: float
    peak_mb: float
    """Peak resident set size of the measuring process (plus its workers, if any)."""
    start_mb: float
    """Resident set size after imports, before the work: the interpreter's share."""
    cpu_seconds: float = 0.0
    """User + system CPU time of the work (workers included): less sensitive than wall
    time to other programs sharing the machine."""

    @property
    def ms_per_workbook(self) -> float:
        return 1000 * self.seconds / max(self.n, 1)


# --- the measured tasks (run inside the child process) ------------------------------------


def baseline(paths: Sequence[Path]) -> int:
    """The parsing limit: open each package and iterparse every worksheet with xml.etree.

    Nothing is kept, as a reader that needed nothing would do; returns the number of
    elements seen so the work cannot be skipped.
    """
    count = 0
    for path in paths:
        with zipfile.ZipFile(path) as zf:
            for name in zf.namelist():
                if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                    with zf.open(name) as fh:
                        for _event, elem in ElementTree.iterparse(fh):
                            count += 1
                            elem.clear()
    return count


def _measure(task: str, corpus: Path, workers: int, repeat: int = 1) -> dict[str, float]:
    paths = sorted(corpus.glob("*.xlsx"))
    if task == "baseline":
        def work() -> object:
            return baseline(paths)
    elif task == "check":
        from kpi_workbook.usecases import CheckOptions, check

        def work() -> object:
            return check(paths, CheckOptions(workers=workers))
    elif task == "merge":
        import datetime as dt

        from kpi_workbook.usecases import MergeOptions, merge

        out_dir = tempfile.mkdtemp(prefix="kpi-bench-merge-")
        options = MergeOptions(report_year=2022, created=dt.datetime(2024, 4, 1),
                               workers=workers)

        def work() -> object:
            return merge(paths, Path(out_dir) / "集計.xlsx", options=options)
    elif task == "previous":
        # what merge --previous and template --from read: the whole book, as last year's
        from kpi_workbook.consolidated.previous import read_consolidated

        def work() -> object:
            return read_consolidated(book_path(corpus))
    elif task == "publish":
        from kpi_workbook.usecases import PublishOptions, publish

        out_dir = Path(tempfile.mkdtemp(prefix="kpi-bench-publish-"))
        publish_options = PublishOptions(book_path(corpus), out_dir / "web",
                                         with_attainment=True)

        def work() -> object:
            return publish(publish_options)
    else:
        raise ValueError(task)
    start_kb = _rss_now_kb()
    seconds = cpu = float("inf")
    for _ in range(repeat):  # the fastest of the runs: the least disturbed by the machine
        cpu_begin = _cpu_seconds()
        begin = time.perf_counter()
        work()
        if time.perf_counter() - begin < seconds:
            seconds, cpu = time.perf_counter() - begin, _cpu_seconds() - cpu_begin
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # Reading workers run alongside this process: their peaks add up (an upper bound).
    peak_kb = own + children * workers if children else own
    return {"seconds": seconds, "peak_mb": peak_kb / 1024, "start_mb": start_kb / 1024,
            "cpu_seconds": cpu}


def book_path(corpus: Path) -> Path:
    """Where :func:`merged_book` keeps the consolidated workbook of ``corpus``."""
    return corpus.parent / f"{corpus.name}-集計ブック.xlsx"


def merged_book(corpus: Path) -> Path:
    """The consolidated workbook of ``corpus`` (what publish reads), merged once by the
    command line in its own process and kept beside the corpus, so that neither its time
    nor its memory counts in the publish measurement."""
    from benchmarks.generate import MANIFEST  # here: the measuring child never needs it

    book = book_path(corpus)
    manifest = corpus / MANIFEST
    if book.exists() and manifest.exists() and (
            book.stat().st_mtime < manifest.stat().st_mtime):
        book.unlink()  # merged from an older corpus (a new generator version)
    if not book.exists():
        subprocess.run([sys.executable, "-m", "kpi_workbook", "merge", str(corpus), "-o",
                        str(book), "--year", "2022", "--format", "json"],
                       stdout=subprocess.DEVNULL, check=False)
    if not book.exists():
        raise RuntimeError(f"merge of {corpus} wrote nothing")
    return book


def _cpu_seconds() -> float:
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


def _rss_now_kb() -> float:
    try:
        fields = Path("/proc/self/statm").read_text().split()
        return int(fields[1]) * os.sysconf("SC_PAGE_SIZE") / 1024
    except (OSError, ValueError, IndexError):  # not Linux: the peak so far is close enough
        return float(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


# --- the parent: corpora, subprocesses, the table -----------------------------------------


def corpus_dir(work: Path, n: int, seed: int) -> Path:
    return work / f"n{n}-seed{seed}"


def repeats_for(n: int) -> int:
    """Runs per measurement: a small corpus takes a fraction of a second, where a busy
    moment of a shared machine weighs a lot, so it is measured several times (the baseline
    as often as the tasks) and the fastest run counts."""
    return max(1, min(5, SMALL_CORPUS // max(n, 1)))


def run_child(task: str, corpus: Path, n: int, workers: int) -> Measurement:
    """Run one measurement in a fresh interpreter and read its JSON line."""
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--measure", task, "--corpus", str(corpus),
         "--workers", str(workers), "--repeat", str(repeats_for(n))],
        capture_output=True, text=True, cwd=ROOT, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"{task} on {corpus} failed:\n{proc.stderr}")
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    return Measurement(task, n, data["seconds"], data["peak_mb"], data["start_mb"],
                       data["cpu_seconds"])


def import_summary(sample: Path) -> dict[str, object]:
    """``python -X importtime -m kpi_workbook check one.xlsx``: what start-up loads.

    Returns the wall time of the whole command, the cumulative import time, whether heavy
    modules (pandas, PySide6, xlsxwriter, openpyxl) were imported, and the slowest
    top-level imports.
    """
    begin = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "kpi_workbook", "check", str(sample)],
        capture_output=True, text=True, cwd=ROOT, check=False)
    wall = time.perf_counter() - begin
    rows = []
    for line in proc.stderr.splitlines():
        m = re.match(r"import time:\s+(\d+)\s+\|\s+(\d+)\s+\|(\s*)(\S+)", line)
        if m:
            rows.append((int(m.group(2)), len(m.group(3)) - 1, m.group(4)))
    names = {name for _, _, name in rows}
    top = sorted((r for r in rows if r[1] == 0), reverse=True)
    heavy = ("pandas", "numpy", "PySide6", "xlsxwriter", "openpyxl")
    return {
        "wall_ms": 1000 * wall,
        "imports_ms": sum(us for us, _, _ in top) / 1000,
        "heavy": {h: any(n == h or n.startswith(h + ".") for n in names) for h in heavy},
        "slowest": [(name, us / 1000) for us, _, name in top[:6]],
        "exit": proc.returncode,
    }


def markdown(results: list[Measurement], workers: int) -> str:
    """The results table: per-workbook time, ratio to the same N's baseline, peak memory."""
    base = {m.n: m for m in results if m.task == "baseline"}
    lines = ["| N | task | total s | ms / workbook | × baseline | goal | CPU ms / workbook "
             "| CPU × baseline | peak RSS MB |",
             "|---:|---|---:|---:|---:|---|---:|---:|---:|"]
    for m in results:
        ref = base.get(m.n)
        ratio = m.seconds / ref.seconds if ref and ref.seconds else float("nan")
        goal = ""
        if m.task in GOALS:
            ok = ratio <= GOALS[m.task]
            goal = f"≤ {GOALS[m.task]:g}× {'✓' if ok else '✗'}"
            if m.task == "merge" and m.n >= 2000:
                fits = m.seconds < MERGE_LIMIT_S and m.peak_mb < MERGE_LIMIT_MB
                goal += f"; < 60 s, < 1 GB {'✓' if fits else '✗'}"
        label = m.task if m.task == "baseline" or workers == 1 else f"{m.task} (workers={workers})"
        ratio_text = "1.00" if m.task == "baseline" else f"{ratio:.2f}"
        cpu_ratio = m.cpu_seconds / ref.cpu_seconds if ref and ref.cpu_seconds else 0.0
        cpu_ms = 1000 * m.cpu_seconds / max(m.n, 1)
        lines.append(f"| {m.n} | {label} | {m.seconds:.2f} | {m.ms_per_workbook:.2f} | "
                     f"{ratio_text} | {goal} | {cpu_ms:.2f} | {cpu_ratio:.2f} | "
                     f"{m.peak_mb:.0f} |")
    return "\n".join(lines)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"{platform.system()} {platform.release()}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", help="comma-separated N (default: 50,500,1000,2000)")
    parser.add_argument("--quick", action="store_true", help="N = 10, 50 only")
    parser.add_argument("--tasks", default=",".join(TASKS),
                        help="baseline,check,merge (also: publish, previous)")
    parser.add_argument("--workers", type=int, default=default_workers(),
                        help="processes reading the files, as kpi-workbook --jobs "
                             "(default: one per core, as the command line)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workdir", type=Path,
                        default=Path(tempfile.gettempdir()) / "kpi-workbook-bench",
                        help="where corpora are generated and kept between runs")
    parser.add_argument("--no-importtime", action="store_true")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--repeat", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.measure:  # child mode: one measurement, one JSON line
        print(json.dumps(_measure(args.measure, args.corpus, args.workers, args.repeat)))
        return 0

    from benchmarks.generate import generate

    if args.sizes:
        sizes = tuple(int(s) for s in args.sizes.split(","))
    else:
        sizes = QUICK_SIZES if args.quick else DEFAULT_SIZES
    tasks = [t for t in args.tasks.split(",") if t]
    if "baseline" not in tasks:
        tasks.insert(0, "baseline")
    print(f"machine: {machine()}\n")
    results: list[Measurement] = []
    for n in sizes:
        corpus = corpus_dir(args.workdir, n, args.seed)
        begin = time.perf_counter()
        paths = generate(corpus, n, seed=args.seed)
        print(f"N={n}: corpus {corpus} ready in {time.perf_counter() - begin:.1f} s",
              file=sys.stderr)
        for path in paths:  # warm the page cache so every task reads from memory
            path.read_bytes()
        for task in tasks:
            if task in BOOK_TASKS:
                merged_book(corpus)  # before the measurement, in its own process
            m = run_child(task, corpus, n, args.workers)
            print(f"  {task}: {m.seconds:.2f} s, {m.ms_per_workbook:.2f} ms/workbook, "
                  f"peak {m.peak_mb:.0f} MB", file=sys.stderr)
            results.append(m)
    print(markdown(results, args.workers))
    if not args.no_importtime:
        sample = generate(corpus_dir(args.workdir, sizes[0], args.seed), sizes[0],
                          seed=args.seed)[0]
        imp = import_summary(sample)
        heavy = ", ".join(f"{k} {'yes' if v else 'no'}" for k, v in imp["heavy"].items())
        slowest = ", ".join(f"{name} {ms:.0f} ms" for name, ms in imp["slowest"])
        print(f"\n`python -X importtime -m kpi_workbook check one.xlsx`: "
              f"{imp['wall_ms']:.0f} ms wall, {imp['imports_ms']:.0f} ms in imports "
              f"(exit {imp['exit']}).\nImported: {heavy}.\nSlowest top-level imports: "
              f"{slowest}.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
