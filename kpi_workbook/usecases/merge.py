"""The merge use case: read every submission, check across files, write the 集計ブック.

``api`` re-exports :func:`merge`; the CLI and the GUI call it with plain callables for
progress and a ``threading.Event`` for cancel, so it runs off the GUI thread unchanged.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from kpi_workbook.checks.across_files import check_all
from kpi_workbook.consolidated.previous import Difference, compare, read_consolidated
from kpi_workbook.consolidated.writer import WriterOptions, write_consolidated
from kpi_workbook.departments.roster import MissingSubmission, check_roster, read_roster
from kpi_workbook.domain.attainment import Bands, GradeScheme, Grading
from kpi_workbook.domain.evaluation import Evaluation
from kpi_workbook.domain.fiscal_year import default_report_year
from kpi_workbook.domain.issues import Issue, Location, sort_issues
from kpi_workbook.domain.messages import Lang
from kpi_workbook.domain.model import Submission
from kpi_workbook.output.atomic import OutputError, atomic_write
from kpi_workbook.usecases.check import (
    Cancelled,
    IssueCounts,
    ProgressFn,
    find_inputs,
    iter_submissions,
    summarize,
)


@dataclass(frozen=True, slots=True)
class MergeOptions:
    """How to merge; an immutable snapshot, safe to hand to a worker thread."""

    report_year: int | None = None
    """The fiscal year reported on; None: the last one that has ended."""
    strict: bool = False
    """With errors, write nothing and leave an existing OUT untouched."""
    bands: Bands = field(default_factory=Bands)
    """Thresholds of the 達成率 colour bands."""
    grading: Grading = field(default_factory=Grading)
    """The optional 評価 column (off by default)."""
    created: dt.datetime | None = None
    """A fixed creation date, for reproducible output."""
    lang: Lang = "ja"
    """Language of the messages in 検証結果."""
    roster: Path | None = None
    """Expected departments and projects (``roster.py``): 未提出 and extras are reported."""
    previous: Path | None = None
    """A consolidated workbook written earlier (``previous.py``): changes are reported."""

    @classmethod
    def from_settings(cls, path: Path, **overrides: object) -> MergeOptions:
        """Options from a settings file (TOML or JSON), then ``overrides``.

        The file may hold ``[bands] good = 1.0, fair = 0.8`` and ``[grade] scheme =
        "letters"|"symbols"|"none", thresholds = [1.0, 0.8, 0.5]``; anything else is
        ignored so that one settings file can also serve the GUI.

        Raises:
            ValueError: the file cannot be parsed or holds impossible thresholds.
        """
        return replace(cls(**_options_from_mapping(read_settings(path))), **overrides)


@dataclass(slots=True)
class MergeResult(IssueCounts):
    """What merge read and wrote."""

    out: Path
    written: bool
    """False only in strict mode with errors: OUT was left as it was."""
    submissions: list[Submission] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    """Every issue: discovery, per file and across files, sorted."""

    def summary(self) -> dict[str, object]:
        """The ``summary`` object of the JSON output (the check summary, plus the output)."""
        return {**summarize(self.submissions, self.issues), "output": str(self.out),
                "written": self.written}


def merge(paths: Sequence[Path], out: Path, *, options: MergeOptions | None = None,
          progress: ProgressFn | None = None,
          cancel: threading.Event | None = None, workers: int = 1) -> MergeResult:
    """Read, check and consolidate ``paths`` (files or folders) into ``out``, atomically.

    Args:
        paths:    input files and folders (searched recursively, lock files skipped).
        out:      the consolidated workbook to write.
        options:  see :class:`MergeOptions`.
        progress: called with ``Progress(done, total, path)`` after each file.
        cancel:   checked between files and before writing.
        workers:  processes reading the files (``api.iter_submissions``).

    Returns:
        The submissions, every issue and whether OUT was written.

    Raises:
        Cancelled: ``cancel`` was set; nothing was written.
        OutputError: OUT could not be written (open in Excel, unwritable folder); any
            previous OUT is intact.
    """
    options = options or MergeOptions()
    files, found_issues = find_inputs(paths)
    submissions = list(iter_submissions(files, report_year=options.report_year,
                                        progress=progress, cancel=cancel, workers=workers))
    return merge_submissions(submissions, found_issues, out, options=options, cancel=cancel)


def _is_consolidated(sub: Submission) -> bool:
    return any(i.code == "consolidated-skipped" for i in sub.issues)


def merge_submissions(submissions: Sequence[Submission], extra_issues: Sequence[Issue],
                      out: Path, *, options: MergeOptions | None = None,
                      cancel: threading.Event | None = None) -> MergeResult:
    """The second half of :func:`merge`, over submissions already read (tests, the GUI's
    loaded session): cross-file checks, then the atomic write."""
    options = options or MergeOptions()
    out_key = Path(out).resolve()
    # OUT may replace last run's consolidated workbook, never a department's file.
    if any(s.path.resolve() == out_key and not _is_consolidated(s) for s in submissions):
        raise OutputError(Issue("output-is-input", Location(Path(out))))
    missing, differences, evaluations, reference_issues = _references(options, submissions)
    issues = [*extra_issues, *(i for s in submissions for i in s.issues),
              *check_all(submissions), *reference_issues]
    result = MergeResult(Path(out), False, list(submissions), sort_issues(issues))
    if options.strict and result.has_errors:
        return result
    if cancel is not None and cancel.is_set():
        raise Cancelled()
    writer_options = WriterOptions(
        report_year=options.report_year or default_report_year(
            options.created.date() if options.created else None),
        bands=options.bands, grading=options.grading, created=options.created,
        lang=options.lang)
    with atomic_write(result.out) as tmp:
        write_consolidated(result.submissions, result.issues, tmp, writer_options,
                           missing=missing, differences=differences,
                           reference_files=[p for p in (options.roster, options.previous) if p],
                           previous_evaluations=evaluations)
    result.written = True
    return result


def _references(options: MergeOptions, submissions: Sequence[Submission]) -> tuple[
        list[MissingSubmission], list[Difference] | None, dict[str, Evaluation] | None,
        list[Issue]]:
    """The roster and previous-workbook checks (issue 5), and the previous workbook's
    外部評価 by project key (spec §5.1); raises KpiWorkbookError when either file cannot be
    read, before anything is written."""
    missing: list[MissingSubmission] = []
    differences: list[Difference] | None = None
    evaluations: dict[str, Evaluation] | None = None
    issues: list[Issue] = []
    if options.roster is not None:
        checked = check_roster(read_roster(options.roster), submissions)
        missing, issues = checked.missing, [*checked.issues]
    if options.previous is not None:
        previous = read_consolidated(options.previous)
        differences = compare(previous, submissions)
        evaluations = {p.key: p.evaluation for p in previous.projects}
        issues += [d.issue() for d in differences]
    return missing, differences, evaluations, issues


# --- settings file -------------------------------------------------------------------------


def read_settings(path: Path) -> Mapping[str, object]:
    """A settings file as a mapping: TOML by default, JSON for ``.json``."""
    text = Path(path).read_text(encoding="utf-8")
    try:
        data = json.loads(text) if Path(path).suffix.lower() == ".json" else _load_toml(text)
    except ValueError as exc:  # JSONDecodeError and TOMLDecodeError are ValueErrors
        raise ValueError(f"{path}: {exc}") from exc
    if not isinstance(data, dict):
        raise ValueError(f"{path}: the settings must be a table/object")
    return data


def _load_toml(text: str) -> object:
    try:
        import tomllib  # Python 3.11+
    except ModuleNotFoundError:  # pragma: no cover - Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    return tomllib.loads(text)


def _options_from_mapping(data: Mapping[str, object]) -> dict[str, object]:
    try:
        return _read_options(data)
    except TypeError as exc:  # good = [1], scheme = 3 …: a wrong type is a bad file too
        raise ValueError(str(exc)) from exc


def _read_options(data: Mapping[str, object]) -> dict[str, object]:
    options: dict[str, object] = {}
    bands = data.get("bands")
    if isinstance(bands, Mapping):
        default = Bands()
        options["bands"] = Bands(good=float(bands.get("good", default.good)),
                                 fair=float(bands.get("fair", default.fair)))
    grade = data.get("grade")
    if isinstance(grade, Mapping):
        scheme = GradeScheme(str(grade.get("scheme", GradeScheme.NONE.value)))
        thresholds = grade.get("thresholds", Grading().thresholds)
        if not isinstance(thresholds, (list, tuple)) or len(thresholds) != 3:
            raise ValueError("grade.thresholds must be three numbers, best first")
        a, b, c = (float(x) for x in thresholds)
        options["grading"] = Grading(scheme, (a, b, c))
    return options
