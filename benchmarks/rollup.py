"""The prefecture roll-up at the size of the country (issue 21.4): N municipalities'
national-form reports (様式2) into one book, timed in a fresh interpreter each.

    python -m benchmarks.rollup                  # N = 50, 500, 1741 (every municipality)
    python -m benchmarks.rollup --sizes 50       # one size
    python -m benchmarks.rollup --workers 1      # reading in one process

Each report is a 様式2 as a municipality submits it: the header block with a valid
団体コード (5 digits, as the form asks), a two-row header whose group headers are merged
over their columns, and 4 to 8 projects (5.75 on average: about 10,000 projects for the
1,741 municipalities) of 0 to 3 KPIs on the 指標①–⑤ lines, with values as numbers, as
text (「1,200」) and blanks. The same seed gives the same files; the corpus is kept in
``$TMPDIR/kpi-workbook-bench/rollup-nN-seedS`` and reused. The goal: 1,741 in under 60 s
and 1 GB (peak RSS of this process plus the workers' peak times their number: an upper
bound).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MUNICIPALITIES = 1741
COLUMNS = (
    (None, "No"), (None, "① 交付対象事業の名称"), (None, "② 交付金の種類"),
    (None, "③ 実績額 (単位:円)"), ("④ 本事業における重要業績評価指標(KPI)", ""),
    ("④ 本事業における重要業績評価指標(KPI)", "指標"),
    ("④ 本事業における重要業績評価指標(KPI)", "指標値"),
    ("④ 本事業における重要業績評価指標(KPI)", "単位"),
    ("④ 本事業における重要業績評価指標(KPI)", "目標年月"),
    ("⑤ 本事業終了後における実績値", "実績値"), ("⑤ 本事業終了後における実績値", "事業効果"),
    ("⑥ 外部有識者からの評価", "事業の評価"), ("⑥ 外部有識者からの評価", "外部有識者からの意見"),
    ("⑦ 実績値を踏まえた事業の今後について", "今後の方針"),
    ("⑦ 実績値を踏まえた事業の今後について", "今後の方針の理由"),
)
EFFECTS = ("地方創生に非常に効果的であった", "地方創生に相当程度効果があった",
           "地方創生に効果があった", "地方創生に効果がなかった")
POLICIES = ("事業の継続", "予定通り事業終了", "事業内容の見直し(改善)", "追加等更に発展させる")
UNITS = ("人", "件", "回", "世帯", "%", "千円")


def check_digit(code5: str) -> str:
    total = sum(int(d) * w for d, w in zip(code5, (6, 5, 4, 3, 2), strict=True))
    return str((11 - total % 11) % 10)


def write_report(path: Path, index: int, rng: random.Random) -> int:
    """One municipality's 様式2; returns how many projects it has."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    wb.set_properties({"created": dt.datetime(2024, 4, 1)})  # the same seed, the same bytes
    ws = wb.add_worksheet("様式2")
    merge = wb.add_format({"align": "center", "valign": "vcenter", "border": 1})
    ws.write_string(0, 0, "様式2")
    ws.write_string(1, 0, "地方創生推進交付金に係る事業実施結果報告")
    code5 = f"{1 + index // 60:02d}{index % 1000:03d}"
    for r, (label, value) in enumerate((("都道府県名", f"県{index // 60:02d}"),
                                        ("市町村名", f"町{index:04d}"),
                                        ("都道府県・市町村コード(5桁)", code5),
                                        ("担当部局課名", "企画課")), start=3):
        ws.write_string(r, 0, label)
        ws.write_string(r, 2, value)
    top = 8
    col = 0
    while col < len(COLUMNS):
        group, own = COLUMNS[col]
        if group is None:
            ws.merge_range(top, col, top + 1, col, own, merge)
            col += 1
            continue
        last = col
        while last + 1 < len(COLUMNS) and COLUMNS[last + 1][0] == group:
            last += 1
        ws.merge_range(top, col, top, last, group, merge)
        for c in range(col, last + 1):
            if COLUMNS[c][1]:
                ws.write_string(top + 1, c, COLUMNS[c][1])
        col = last + 1
    projects = rng.randint(4, 8) if rng.random() < 0.75 else rng.choice((5, 6, 7))
    row = top + 2
    for no in range(1, projects + 1):
        ws.merge_range(row, 0, row + 4, 0, no, merge)
        ws.merge_range(row, 1, row + 4, 1, f"町{index:04d}の事業{no}", merge)
        ws.merge_range(row, 2, row + 4, 2, "基礎交付", merge)
        ws.merge_range(row, 3, row + 4, 3, rng.randint(1, 50) * 100_000, merge)
        for line in range(5):
            ws.write_string(row + line, 4, "指標" + "①②③④⑤"[line])
        for line in range(rng.randint(0, 3)):
            r = row + line
            unit = rng.choice(UNITS)
            target = rng.randint(1, 500)
            ws.write_string(r, 5, f"指標{no}-{line + 1}")
            if rng.random() < 0.2:
                ws.write_string(r, 6, f"{target:,}")
            else:
                ws.write_number(r, 6, target)
            ws.write_string(r, 7, unit)
            ws.write_string(r, 8, "R6.3")
            if rng.random() < 0.9:
                ws.write_number(r, 9, round(target * rng.uniform(0.2, 1.6)))
            ws.write_string(r, 10, rng.choice(EFFECTS))
        ws.merge_range(row, 11, row + 4, 11, "総合戦略のKPI達成に有効であった", merge)
        ws.merge_range(row, 13, row + 4, 13, rng.choice(POLICIES), merge)
        ws.merge_range(row, 14, row + 4, 14, "成果が見られたため。", merge)
        row += 5
    wb.close()
    return projects


def corpus(work: Path, n: int, seed: int) -> tuple[Path, int]:
    folder = work / f"rollup-n{n}-seed{seed}"
    marker = folder / "projects.txt"
    if marker.exists():
        return folder, int(marker.read_text())
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    total = sum(write_report(folder / f"様式2_{i:04d}.xlsx", i, rng) for i in range(n))
    marker.write_text(str(total))
    return folder, total


def measure(folder: Path, workers: int) -> dict[str, float]:
    from kpi_workbook.usecases import RollupOptions, rollup

    out = Path(tempfile.mkdtemp(prefix="kpi-bench-rollup-")) / "取りまとめ.xlsx"
    begin = time.perf_counter()
    result = rollup([folder], RollupOptions(out, workers=workers))
    seconds = time.perf_counter() - begin
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    peak_kb = own + children * workers if children else own
    return {"seconds": seconds, "peak_mb": peak_kb / 1024, "rows": len(result.rows),
            "municipalities": len(result.statistics.by_municipality),
            "errors": sum(i.severity.value == "error" for i in result.issues),
            "out_mb": out.stat().st_size / 1e6}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=f"50,500,{MUNICIPALITIES}")
    parser.add_argument("--workers", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workdir", type=Path,
                        default=Path(tempfile.gettempdir()) / "kpi-workbook-bench")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure is not None:
        print(json.dumps(measure(args.measure, args.workers)))
        return 0
    lines = ["| N (municipalities) | projects | rows | wall s | peak MB (upper bound) | "
             "book MB | goal (< 60 s, < 1 GB at 1,741) |", "|---|---|---|---|---|---|---|"]
    for n in (int(s) for s in args.sizes.split(",")):
        folder, projects = corpus(args.workdir, n, args.seed)
        proc = subprocess.run([sys.executable, "-m", "benchmarks.rollup", "--measure",
                               str(folder), "--workers", str(args.workers)],
                              capture_output=True, text=True, cwd=ROOT, check=False)
        if proc.returncode != 0:
            raise SystemExit(proc.stderr)
        data = json.loads(proc.stdout.strip().splitlines()[-1])
        goal = ""
        if n >= MUNICIPALITIES:
            goal = "✓" if data["seconds"] < 60 and data["peak_mb"] < 1024 else "✗"
        lines.append(f"| {n:,} | {projects:,} | {data['rows']:,} | {data['seconds']:.1f} | "
                     f"{data['peak_mb']:.0f} | {data['out_mb']:.1f} | {goal} |")
        print(lines[-1], file=sys.stderr)
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
