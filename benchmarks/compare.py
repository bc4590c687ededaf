"""Compare two revisions of the code on the same corpora, in rounds that alternate them.

Why: on a shared VM the speed of the machine drifts by more than 10 % within minutes
(the same baseline code measured 2.55 and 3.93 ms per workbook in two runs), so two
separate ``benchmarks.run`` runs, one per revision, cannot show whether a change costs
10 %. Here each round measures, for each N, the baseline and every task of *both*
revisions one right after the other, and the rounds go in couples of opposite order
(before-after, then after-before), so a slow or fast moment of the machine falls on both
sides, and so does any advantage of running first or second. The baseline is the same
code in both trees (checked), so the change of the ratio to it is the change of the task
time: for each couple, after ÷ before of the two sides' mean time. The verdict is the
median of the couples' changes, shown with the smallest and largest. (Dividing each side
by its own baseline, one short run per round, let that run's noise in: the same tree
against itself came out 12-28 % "worse" that way, and within 3.5 % this way.)

Each revision is unpacked with ``git archive`` into a folder of its own and measured by
*its own* ``benchmarks/run.py`` child (``--measure``), run from that folder, so that it
imports only its own ``kpi_workbook`` (checked before the first round). The corpora are
generated once, by this tree's generator, and shared.

Usage::

    python -m benchmarks.compare 00a58b5 HEAD --sizes 500,2000 --rounds 6
    python -m benchmarks.compare 00a58b5 HEAD --report samples.json   # table of a past run
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Final

from benchmarks.run import BOOK_TASKS, corpus_dir, machine, merged_book, repeats_for
from kpi_workbook.reading.parallel import default_workers

ROOT: Final = Path(__file__).resolve().parent.parent
LIMIT: Final = 0.10
"""The change a revision may cost (issue 12: ratios may not get worse by more than 10 %)."""


@dataclass(frozen=True, slots=True)
class Sample:
    """One measurement of one task of one side (``before`` or ``after``) on one corpus in
    one round."""

    side: str
    task: str
    n: int
    round: int
    seconds: float
    cpu_seconds: float
    peak_mb: float


def unpack(rev: str, into: Path) -> Path:
    """``git archive rev`` into a folder of its own in ``into``; returns the folder."""
    sha = subprocess.run(["git", "rev-parse", "--short", rev], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout.strip()
    tree = into / sha
    if tree.exists():  # the same revision on both sides: one folder serves both
        return tree
    tree.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", sha], cwd=ROOT, check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    own = subprocess.run([sys.executable, "-c",
                          "import kpi_workbook, pathlib; "
                          "print(pathlib.Path(kpi_workbook.__file__).resolve())"],
                         cwd=tree, check=True, capture_output=True, text=True).stdout.strip()
    if not Path(own).is_relative_to(tree.resolve()):
        raise SystemExit(f"{rev}: kpi_workbook comes from {own}, not from {tree}: "
                         "run this from an interpreter without kpi-workbook installed")
    return tree


def runner(tree: Path, task: str) -> tuple[list[str], dict[str, str] | None]:
    """The command that measures ``task`` in ``tree``, and its environment: the tree's own
    ``benchmarks/run.py``, or, for a task added after that revision (previous), this
    tree's runner with the tree's ``kpi_workbook`` first on the path. Such a task calls
    only an API both revisions have (``read_consolidated``)."""
    own = (tree / "benchmarks" / "run.py").read_text(encoding="utf-8")
    if task == "baseline" or f'task == "{task}"' in own:
        return [sys.executable, "-m", "benchmarks.run"], None
    return ([sys.executable, str(ROOT / "benchmarks" / "run.py")],
            {**os.environ, "PYTHONPATH": str(tree)})


def measure(tree: Path, side: str, task: str, corpus: Path, n: int, workers: int,
            round_: int) -> Sample:
    command, env = runner(tree, task)
    proc = subprocess.run(
        [*command, "--measure", task, "--corpus", str(corpus),
         "--workers", str(workers), "--repeat", str(repeats_for(n))],
        capture_output=True, text=True, cwd=tree, check=False, env=env)
    lines = proc.stdout.strip().splitlines()
    if proc.returncode != 0 or not lines:
        raise SystemExit(f"{side} ({tree.name}) {task} N={n} failed (exit "
                         f"{proc.returncode}):\n{proc.stderr}")
    data = json.loads(lines[-1])
    return Sample(side, task, n, round_, data["seconds"], data["cpu_seconds"],
                  data["peak_mb"])


def _seconds(samples: Sequence[Sample], side: str, task: str, n: int, round_: int) -> float:
    """The wall time of the one sample of ``task`` on that side, N and round."""
    (s,) = [s for s in samples if (s.side, s.task, s.n, s.round) == (side, task, n, round_)]
    return s.seconds


def _ratio(samples: Sequence[Sample], side: str, task: str, n: int, round_: int) -> float:
    """The task's wall time over the baseline's, same side, same round."""
    return (_seconds(samples, side, task, n, round_)
            / _seconds(samples, side, "baseline", n, round_))


def couple_changes(samples: Sequence[Sample], task: str, n: int, rounds: int, *,
                   shared_baseline: bool = True) -> list[float]:
    """after ÷ before − 1 of each couple of rounds (0 and 1, 2 and 3, …).

    With a baseline common to both sides (the same code in both trees, as
    :func:`same_baseline` finds), the ratio of the two sides' ratios to it is the ratio of
    their task times: the couple's mean times are compared, and the baseline's own noise
    (one short run per round, the noisiest figure of all) stays out. Otherwise each side's
    ratio to its own baseline is averaged over the couple.
    """
    value = _seconds if shared_baseline else _ratio
    changes = []
    for first in range(0, rounds - 1, 2):
        couple = (first, first + 1)
        before = statistics.mean(value(samples, "before", task, n, r) for r in couple)
        after = statistics.mean(value(samples, "after", task, n, r) for r in couple)
        changes.append(after / before - 1)
    return changes


def report(samples: Sequence[Sample], tasks: Sequence[str], sizes: Sequence[int],
           rounds: int, *, shared_baseline: bool = True) -> str:
    """The table: per N and task, medians over the rounds and the change of the couples.

    "× baseline" is the median task time over the median baseline: of both sides when
    the baseline is shared, else of the side's own."""
    lines = [
        "| N | task | before × baseline | after × baseline | change (median of couples) "
        "| couples min … max | before CPU ms/wb | after CPU ms/wb | CPU change "
        "| before wall s | after wall s | verdict |",
        "|---:|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---|"]
    for n in sizes:
        for task in tasks:
            changes = couple_changes(samples, task, n, rounds, shared_baseline=shared_baseline)
            change = statistics.median(changes)

            def med(sides: tuple[str, ...], field: str, task: str = task,
                    n: int = n) -> float:
                return statistics.median(float(getattr(s, field)) for s in samples
                                         if s.side in sides and (s.task, s.n) == (task, n))

            def times_baseline(side: str) -> float:
                base_sides = ("before", "after") if shared_baseline else (side,)
                return med((side,), "seconds") / med(base_sides, "seconds", "baseline")
            cpu_b = med(("before",), "cpu_seconds") * 1000 / n
            cpu_a = med(("after",), "cpu_seconds") * 1000 / n
            verdict = "within 10 %" if change <= LIMIT else "worse by more than 10 %"
            lines.append(
                f"| {n} | {task} | {times_baseline('before'):.2f}"
                f" | {times_baseline('after'):.2f}"
                f" | {change:+.1%} | {min(changes):+.1%} … {max(changes):+.1%}"
                f" | {cpu_b:.2f} | {cpu_a:.2f} | {cpu_a / cpu_b - 1:+.1%}"
                f" | {med(('before',), 'seconds'):.2f} | {med(('after',), 'seconds'):.2f}"
                f" | {verdict} |")
    return "\n".join(lines)


def same_baseline(tree_a: Path, tree_b: Path) -> bool:
    """Whether both trees measure the baseline with the same code (``run.baseline``)."""
    def source(tree: Path) -> str | None:
        module = ast.parse((tree / "benchmarks" / "run.py").read_text(encoding="utf-8"))
        for node in module.body:
            if isinstance(node, ast.FunctionDef) and node.name == "baseline":
                node.body = node.body[1:] if ast.get_docstring(node) else node.body
                return ast.dump(node)
        return None
    first = source(tree_a)
    return first is not None and first == source(tree_b)


def _even_rounds(text: str) -> int:
    rounds = int(text)
    if rounds < 2 or rounds % 2:
        raise argparse.ArgumentTypeError("an even number of rounds, at least 2: the rounds "
                                         "go in couples of opposite order")
    return rounds


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", help="a git revision (e.g. 00a58b5)")
    parser.add_argument("after", help="a git revision (e.g. HEAD)")
    parser.add_argument("--sizes", default="500,2000")
    parser.add_argument("--tasks", default="check,merge")
    parser.add_argument("--rounds", type=_even_rounds, default=6,
                        help="an even number (couples of opposite order); default 6")
    parser.add_argument("--workers", type=int, default=default_workers())
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workdir", type=Path,
                        default=Path(tempfile.gettempdir()) / "kpi-workbook-bench")
    parser.add_argument("--json", type=Path, help="also write every sample here")
    parser.add_argument("--report", type=Path,
                        help="print the table of the samples a past run wrote with --json")
    parser.add_argument("--own-baselines", action="store_true",
                        help="with --report: each side against its own baseline (what a "
                             "run does when the two trees' baselines differ)")
    args = parser.parse_args(argv)

    sizes = [int(s) for s in args.sizes.split(",")]
    tasks = [t for t in args.tasks.split(",") if t and t != "baseline"]
    if args.report:
        past = [Sample(**d) for d in json.loads(args.report.read_text())]
        print(report(past, tasks, sizes, 1 + max(s.round for s in past),
                     shared_baseline=not args.own_baselines))
        return 0

    from benchmarks.generate import generate

    with tempfile.TemporaryDirectory(prefix="kpi-bench-trees-") as trees_dir:
        # by side, not by revision: a revision against itself (the method's own noise)
        trees = {"before": unpack(args.before, Path(trees_dir)),
                 "after": unpack(args.after, Path(trees_dir))}
        corpora = {}
        for n in sizes:
            corpora[n] = corpus_dir(args.workdir, n, args.seed)
            generate(corpora[n], n, seed=args.seed)
            if set(tasks) & set(BOOK_TASKS):
                merged_book(corpora[n])  # by this tree, once: both sides read the same book
        print(f"machine: {machine()}; workers={args.workers}; "
              f"before {args.before} = {trees['before'].name}, "
              f"after {args.after} = {trees['after'].name}\n")
        samples: list[Sample] = []
        for round_ in range(args.rounds):
            order = ["before", "after"] if round_ % 2 == 0 else ["after", "before"]
            for n in sizes:
                for path in sorted(corpora[n].glob("*.xlsx")):  # warm the page cache
                    path.read_bytes()
                for side in order:
                    for task in ["baseline", *tasks]:
                        s = measure(trees[side], side, task, corpora[n], n, args.workers,
                                    round_)
                        samples.append(s)
                        print(f"round {round_ + 1}/{args.rounds} N={n} {side} "
                              f"({trees[side].name}) {task}: {s.seconds:.2f} s, "
                              f"CPU {s.cpu_seconds:.2f} s ({time.strftime('%H:%M:%S')})",
                              file=sys.stderr)
            if args.json:
                args.json.write_text(json.dumps([asdict(s) for s in samples], indent=1))
        shared = same_baseline(trees["before"], trees["after"])
    if not shared:
        print("(the two trees measure the baseline differently: each side is compared with "
              "its own)\n")
    print(report(samples, tasks, sizes, args.rounds, shared_baseline=shared))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
