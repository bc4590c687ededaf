"""The use cases, the one layer both front ends call: the command line translates
arguments into these calls and prints their results; the window only shows them.

Each use case takes an options dataclass (an immutable snapshot, safe to hand to a worker
thread), an optional ``progress`` callable and an optional ``cancel`` event, and returns
its result as data; a failure is a :class:`~kpi_workbook.domain.errors.KpiWorkbookError`
carrying the issue to show. Heavy libraries (openpyxl, xlsxwriter) load only when a use
case that needs them runs.
"""

from kpi_workbook.consolidated.parts import SplitBy
from kpi_workbook.domain.errors import Cancelled, InputFileError, KpiWorkbookError, OutputError
from kpi_workbook.usecases.check import (
    PARALLEL_FROM,
    Across,
    CheckOptions,
    CheckResult,
    Discovered,
    PreviousLoaded,
    References,
    RosterLoaded,
    StreamItem,
    check,
    check_across,
    checked,
    default_workers,
    iter_submissions,
    load_previous,
    load_roster,
    read_submission,
    stream_check,
    summarize,
)
from kpi_workbook.usecases.department_files import (
    NextYearOptions,
    RosterTemplateOptions,
    TemplateOptions,
    Written,
    write_next_year,
    write_roster_template,
    write_template,
)
from kpi_workbook.usecases.merge import (
    MergeOptions,
    MergeResult,
    default_output_name,
    merge,
    merge_submissions,
    refuse_previous_as_output,
    refuse_reference_as_output,
    report_form_beside,
)
from kpi_workbook.usecases.profiles import (
    DEFAULT_PROFILE,
    PROFILE_NAMES,
    ProfileChoice,
    profile_choices,
    validate_profile,
)
from kpi_workbook.usecases.progress import Progress, ProgressFn
from kpi_workbook.usecases.publish import (
    PublishOptions,
    PublishPreview,
    PublishResult,
    preview_publication,
    publish,
)
from kpi_workbook.usecases.return_copies import (
    ReturnCopies,
    ReturnCopyOptions,
    refuse_input_folder,
    returnable,
    write_return_copies,
)
from kpi_workbook.usecases.rollup import RollupOptions, RollupResult, rollup
from kpi_workbook.usecases.settings import Settings, load_settings

__all__ = [
    "DEFAULT_PROFILE",
    "PARALLEL_FROM",
    "PROFILE_NAMES",
    "Across",
    "Cancelled",
    "CheckOptions",
    "CheckResult",
    "Discovered",
    "InputFileError",
    "KpiWorkbookError",
    "MergeOptions",
    "MergeResult",
    "NextYearOptions",
    "OutputError",
    "PreviousLoaded",
    "ProfileChoice",
    "Progress",
    "ProgressFn",
    "PublishOptions",
    "PublishPreview",
    "PublishResult",
    "References",
    "ReturnCopies",
    "ReturnCopyOptions",
    "RollupOptions",
    "RollupResult",
    "RosterLoaded",
    "RosterTemplateOptions",
    "Settings",
    "SplitBy",
    "StreamItem",
    "TemplateOptions",
    "Written",
    "check",
    "check_across",
    "checked",
    "default_output_name",
    "default_workers",
    "iter_submissions",
    "load_previous",
    "load_roster",
    "load_settings",
    "merge",
    "merge_submissions",
    "preview_publication",
    "profile_choices",
    "publish",
    "read_submission",
    "refuse_input_folder",
    "refuse_previous_as_output",
    "refuse_reference_as_output",
    "report_form_beside",
    "returnable",
    "rollup",
    "stream_check",
    "summarize",
    "validate_profile",
    "write_next_year",
    "write_return_copies",
    "write_roster_template",
    "write_template",
]
