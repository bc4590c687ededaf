"""Session, the Qt-free state of the window: it must agree with ``api.check``."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from gui.session import Session
from kpi_workbook import usecases as api
from kpi_workbook.domain.issues import Severity
from kpi_workbook.usecases import stream_check


def test_session_counts_equal_api_check(examples: Path) -> None:
    session = Session()
    for item in stream_check([examples]):
        session.add(item)
    result = api.check([examples])
    assert session.counts() == result.summary()
    assert [i.to_json() for i in session.issues()] == [i.to_json() for i in result.issues]


def test_stream_check_reports_missing_paths_first(tmp_path: Path) -> None:
    items = list(stream_check([tmp_path / "ない.xlsx"]))
    assert len(items) == 1
    assert isinstance(items[0], api.Discovered)
    assert [i.code for i in items[0].issues] == ["file-not-found"]


def test_session_recheck_reads_only_saved_files(tmp_path: Path, older_workbook: Any) -> None:
    write_older_layout = older_workbook
    a = write_older_layout(tmp_path / "a.xlsx")
    b = write_older_layout(tmp_path / "b.xlsx", department="商工労働課", sheet="①ガラス")
    session = Session()
    session.add_inputs([tmp_path])
    for item in stream_check([tmp_path]):
        session.add(item)
    assert session.changed_files() == []
    write_older_layout(a, actual="集計中")
    os.utime(a, (1, 1))  # a different mtime even on a coarse clock
    assert session.changed_files() == [a]
    unchanged = frozenset(p.resolve() for p in session.files()) - {a.resolve()}
    reread = list(stream_check([tmp_path], unchanged=unchanged))
    assert [s.path for s in reread] == [a]
    session.add(reread[0])
    sub = session.submission_for(a)
    assert sub is not None
    assert [(i.code, i.where.cell) for i in sub.issues if i.severity is Severity.ERROR] == [
        ("value-not-number", "D11")]
    assert session.submission_for(b) is not None


def test_session_compares_files_read_at_different_times(tmp_path: Path,
                                                        older_workbook: Any) -> None:
    """The same project in two files is an error even when the files were added apart."""
    write_older_layout = older_workbook
    session = Session()
    for name in ("a.xlsx", "b.xlsx"):
        for item in stream_check([write_older_layout(tmp_path / name)]):
            session.add(item)
    assert any(i.code == "project-duplicate" and i.severity is Severity.ERROR
               for i in session.issues())
