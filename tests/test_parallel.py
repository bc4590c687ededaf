"""parallel.py: many files read in worker processes give what one process gives (issue 7)."""

from __future__ import annotations

import concurrent.futures
import shutil
import threading
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import ClassVar

import pytest

from kpi_workbook.cli import main
from kpi_workbook.reading import parallel
from kpi_workbook.usecases import Cancelled, CheckOptions, Progress, check, iter_submissions
from tests.conftest import EXAMPLES


@pytest.fixture
def many_files(tmp_path: Path) -> list[Path]:
    """The examples, the faulty one and an unreadable file, three times over."""
    sources = sorted((EXAMPLES / "submissions").glob("*.xlsx")) + sorted(
        (EXAMPLES / "faulty").glob("*.xlsx"))
    files = []
    for copy in range(3):
        for source in sources:
            files.append(tmp_path / f"{copy}_{source.name}")
            shutil.copyfile(source, files[-1])
        files.append(tmp_path / f"{copy}_壊れた.xlsx")
        files[-1].write_bytes(b"PK\x03\x04not a workbook")
    return files


@pytest.fixture
def parallel_from_two(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "MIN_FILES", 2)


class _WatchedPool(concurrent.futures.ProcessPoolExecutor):
    """The real pool, keeping its futures: the files were read by workers, not by the
    fallback that reads here when workers fail."""

    futures: ClassVar[list[concurrent.futures.Future]] = []
    waited: ClassVar[list[bool]] = []

    def submit(self, fn, /, *args, **kwargs):
        future = super().submit(fn, *args, **kwargs)
        self.futures.append(future)
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self.waited.append(wait)
        super().shutdown(wait=wait, cancel_futures=cancel_futures)


def test_parallel_reading_gives_what_one_process_gives(many_files, parallel_from_two,
                                                       monkeypatch):
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", _WatchedPool)
    seen: list[Progress] = []
    alone = list(iter_submissions(many_files, report_year=2022))
    together = list(iter_submissions(many_files, report_year=2022, workers=2,
                                     progress=seen.append))
    assert len(_WatchedPool.futures) == len(many_files)
    assert all(f.exception() is None for f in _WatchedPool.futures)
    assert _WatchedPool.waited[0] is True  # the finished workers were waited for
    assert together == alone  # the same submissions, issues and values, in file order
    assert [s.path for s in together] == many_files
    assert [(p.done, p.path) for p in seen] == list(enumerate(many_files, start=1))
    assert {i.code for s in together for i in s.issues} >= {"file-unreadable"}


def test_parallel_check_counts_as_serial(many_files, parallel_from_two):
    serial = check(many_files, CheckOptions(report_year=2022))
    split = check(many_files, CheckOptions(report_year=2022, workers=3))
    assert split.issues == serial.issues
    assert split.summary() == serial.summary()


class _DyingPool:
    """A pool whose workers die after ``survivors`` files, as a killed process would: the
    futures fail, and then (``at_submit``) the pool refuses new work, as a broken
    ProcessPoolExecutor does."""

    survivors = 2
    at_submit = False

    def __init__(self, **_: object) -> None:
        self.submitted = 0
        self.shut_down = False

    def submit(self, fn, *args):
        future: concurrent.futures.Future = concurrent.futures.Future()
        self.submitted += 1
        if self.submitted <= self.survivors:
            future.set_result(fn(*args))
        elif self.at_submit:
            raise BrokenProcessPool("a worker died")
        else:
            future.set_exception(BrokenProcessPool("a worker died"))
        return future

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        self.shut_down = True


@pytest.mark.parametrize("at_submit", [False, True])
def test_parallel_a_dead_worker_loses_no_file(many_files, parallel_from_two, monkeypatch,
                                              at_submit):
    monkeypatch.setattr(_DyingPool, "at_submit", at_submit)
    pools: list[_DyingPool] = []
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor",
                        lambda **kw: pools.append(_DyingPool(**kw)) or pools[-1])
    got = list(iter_submissions(many_files, report_year=2022, workers=2))
    assert [s.path for s in got] == many_files
    assert got == list(iter_submissions(many_files, report_year=2022))
    assert pools
    assert pools[0].shut_down


def test_parallel_cancel_stops_the_workers(many_files, parallel_from_two):
    cancel = threading.Event()

    def stop_after_two(p: Progress) -> None:
        if p.done == 2:
            cancel.set()

    with pytest.raises(Cancelled):
        list(iter_submissions(many_files, workers=2, progress=stop_after_two, cancel=cancel))


class _CancelledAtOnce:
    """A cancel pressed while the workers start: before any file is handed out."""

    def __init__(self) -> None:
        self.asked = 0

    def is_set(self) -> bool:
        self.asked += 1
        return self.asked > 1


def test_parallel_cancel_before_the_first_file(many_files, parallel_from_two):
    with pytest.raises(Cancelled):
        list(iter_submissions(many_files, workers=2, cancel=_CancelledAtOnce()))


def test_parallel_below_the_threshold_starts_no_process(many_files, monkeypatch):
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor",
                        lambda **kw: pytest.fail("a process pool for a few files"))
    assert len(list(iter_submissions(many_files[:5], workers=8))) == 5


def test_parallel_cli_jobs(many_files, parallel_from_two, capsys):
    folder = many_files[0].parent
    assert main(["check", str(folder), "--jobs", "2", "--format", "json"]) == 1
    assert '"files": 18' in capsys.readouterr().out
    with pytest.raises(SystemExit) as exc:
        main(["check", str(folder), "--jobs", "0"])
    assert exc.value.code == 2
