"""Helpers for the hostile-input suite: every file is built here, at test time."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "submissions"
MEMORY_LIMIT = 2 * 1024**3  # address space for the child: a runaway parse fails, not swaps


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    max_rss_mb: float

    @property
    def json(self) -> dict:
        return json.loads(self.stdout)

    @property
    def codes(self) -> list[str]:
        return [i["code"] for i in self.json["issues"]]


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_cli(*args: str | Path, timeout: float = 120) -> Run:
    """``python -m kpi_workbook ARGS`` in a child with a memory limit; time and peak RSS."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "kpi_workbook", *map(str, args)],
                          capture_output=True, text=True, encoding="utf-8", timeout=timeout,
                          preexec_fn=_limit_memory, check=False)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return Run(proc.returncode, proc.stdout, proc.stderr, seconds, max(after, before) / 1024)


def rewrite_part(src: Path, dst: Path, part: str, content: bytes) -> Path:
    """Copy a workbook, replacing one part of its package."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = content if info.filename == part else zin.read(info.filename)
            zout.writestr(info.filename, data)
    return dst


def first_sheet_part(path: Path) -> str:
    with zipfile.ZipFile(path) as zf:
        return sorted(n for n in zf.namelist() if n.startswith("xl/worksheets/sheet"))[0]
