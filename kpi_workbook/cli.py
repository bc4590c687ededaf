"""The ``kpi-workbook`` command: translate arguments into use-case calls, results to text or JSON.

No business logic lives here. Exit status (spec §3): 0 no errors, 1 at least one error
issue, 2 a usage error (bad option, no input, unwritable output) reported on stderr.
"""

from __future__ import annotations

import argparse
import codecs
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Protocol, TextIO

from kpi_workbook.domain.fiscal_year import parse_fiscal_year
from kpi_workbook.domain.issues import Issue, Severity
from kpi_workbook.domain.messages import (
    SHOWN_INFO_CODES,
    SKIPPED_FILE_CODES,
    Lang,
    severity_label,
)
from kpi_workbook.domain.version import __version__
from kpi_workbook.usecases import PARALLEL_FROM, PROFILE_NAMES, default_workers, summarize

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from kpi_workbook.domain.model import Submission
    from kpi_workbook.usecases import CheckResult, Progress, Written


class Report(Protocol):
    """What the text output prints: ``CheckResult`` and ``MergeResult`` alike."""

    @property
    def submissions(self) -> list[Submission]: ...

    @property
    def issues(self) -> list[Issue]: ...

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2

_UI: dict[str, dict[Lang, str]] = {
    "no_issues": {"ja": "問題はありません。", "en": "No problems found."},
    "department": {"ja": "担当課", "en": "department"},
    "projects": {"ja": "事業 {n} 件", "en": "{n} project(s)"},
    "hidden_infos": {"ja": "（情報 {n} 件は --verbose で表示します）",
                     "en": "({n} info message(s) shown with --verbose)"},
    "total": {"ja": "合計: ファイル {files} 件、事業 {projects} 件、エラー {errors} 件、"
                    "警告 {warnings} 件、情報 {infos} 件",
              "en": "Total: {files} file(s), {projects} project(s), {errors} error(s), "
                    "{warnings} warning(s), {infos} info(s)"},
    "no_input": {"ja": "入力ファイルまたはフォルダを指定してください。",
                 "en": "Give at least one input file or folder."},
    "bad_year": {"ja": "--year の値「{raw}」を年度として読めません（例: 2022、R4、令和4年度）。",
                 "en": "--year '{raw}' is not a fiscal year (e.g. 2022, R4, 令和4年度)."},
    "written": {"ja": "{path} を作成しました。", "en": "Wrote {path}."},
    "detail": {"ja": "詳細", "en": "detail"},
    "cannot_write": {"ja": "{path} に書き込めません: {reason}",
                     "en": "Cannot write {path}: {reason}"},
}


def ui(key: str, lang: Lang, **params: object) -> str:
    return _UI[key][lang].format(**params)


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--lang", choices=("ja", "en"), default="ja",
                        help="message language (default: ja)")
    parser = argparse.ArgumentParser(prog="kpi-workbook",
                     description="KPI報告様式の作成・点検・集計 / KPI workbook tool")
    parser.add_argument("--version", action="version", version=f"kpi-workbook {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    template = sub.add_parser("template", parents=[common],
                              help="write the blank official template")
    template.add_argument("-o", "--output", type=Path, required=True,
                          help="the file to write (the folder with --from)")
    template.add_argument("--from", dest="source", type=Path, metavar="CONSOLIDATED.xlsx",
                          help="write next year's pre-filled workbooks, one per department")
    template.add_argument("--roster", action="store_true",
                          help="write a blank roster (.xlsx or .csv) instead")
    template.add_argument("--year", metavar="FY",
                          help="with --from: the fiscal year of the next report")

    check = sub.add_parser("check", parents=[common], help="check submissions")
    check.add_argument("inputs", nargs="*", type=Path, metavar="FILE")
    check.add_argument("--annotate", type=Path, metavar="OUTDIR",
                       help="write a return copy (差し戻し) of each file with problems")
    check.add_argument("--roster", type=Path, metavar="ROSTER.xlsx|csv",
                       help="expected departments and projects: report 未提出 and extras")
    check.add_argument("--previous", type=Path, metavar="LAST.xlsx",
                       help="a consolidated workbook written earlier: report what changed")
    check.add_argument("--settings", type=Path, metavar="FILE",
                       help="TOML/JSON settings: [effect] line (the 事業効果(案) a 事業効果 "
                            "is compared with)")
    _add_report_options(check)
    _add_merge_parser(sub, common)
    _add_publish_parser(sub, common)
    _add_rollup_parser(sub, common)
    return parser


def _add_report_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--year", metavar="FY",
                        help="the fiscal year reported on (default: the last ended one)")
    parser.add_argument("--verbose", action="store_true", help="also list info messages")
    parser.add_argument("--jobs", type=_positive_int, metavar="N",
                        help="processes reading the files (default: one per core; "
                             f"used from {PARALLEL_FROM} files)")
    parser.add_argument("--profile", metavar="NAME|FILE|auto",
                        help="the form the workbooks are in: a built-in profile "
                             f"({', '.join(n for n in PROFILE_NAMES if n != 'auto')}), "
                             "a profile file (.toml), or "
                             "auto (told per workbook by its labels); default: official")


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more: {text}")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    tolerate_console_encoding()
    parser = build_parser()
    args = parser.parse_args(argv)
    lang: Lang = args.lang
    if args.command == "publish":
        return run_publish(args, lang)
    if args.command == "rollup":
        return run_rollup(args, lang)
    if args.command == "template":
        if args.source is not None or args.roster:
            return run_template_extra(args, lang)
        return run_template(args.output, lang)
    report_year = None
    if args.year is not None:
        report_year = parse_fiscal_year(args.year)
        if report_year is None:
            return usage_error(ui("bad_year", lang, raw=args.year))
    if not args.inputs:
        return usage_error(ui("no_input", lang))
    if args.command == "merge":
        return run_merge(args, report_year, lang)
    return run_check(args.inputs, report_year, args.format, lang, args.verbose,
                     annotate=args.annotate, workers=args.jobs or default_workers(),
                     roster=args.roster, previous=args.previous, settings=args.settings,
                     profile=args.profile)


def usage_error(message: str) -> int:
    print(f"kpi-workbook: {message}", file=sys.stderr)
    return EXIT_USAGE


def issue_error(issue: Issue, lang: Lang, verbose: bool) -> int:
    """A run-stopping issue on stderr; with --verbose its technical detail too."""
    code = usage_error(issue.message(lang))
    if verbose and issue.detail:
        print(f"  {ui('detail', lang)}: {issue.detail}", file=sys.stderr)
    return code


def run_template(output: Path, lang: Lang) -> int:
    from kpi_workbook.usecases import TemplateOptions, write_template

    return _report_written(lambda: write_template(TemplateOptions(output)), output, lang)


def run_template_extra(args: argparse.Namespace, lang: Lang) -> int:
    """template --roster (a blank roster) and template --from (next year's workbooks)."""
    from kpi_workbook.usecases import (
        NextYearOptions,
        RosterTemplateOptions,
        write_next_year,
        write_roster_template,
    )

    if args.roster:
        return _report_written(
            lambda: write_roster_template(RosterTemplateOptions(args.output)), args.output,
            lang)
    year = None
    if args.year is not None:
        year = parse_fiscal_year(args.year)
        if year is None:
            return usage_error(ui("bad_year", lang, raw=args.year))
    return _report_written(
        lambda: write_next_year(NextYearOptions(args.source, args.output, year=year)),
        args.output, lang)


def _report_written(write: Callable[[], Written], output: Path, lang: Lang) -> int:
    """Run a use case that writes files; print what it wrote, or why it wrote nothing."""
    from kpi_workbook.domain.errors import KpiWorkbookError

    try:
        written = write()
    except KpiWorkbookError as exc:
        return usage_error(exc.issue.message(lang))
    except OSError as exc:  # not of our making (the use cases wrap their own writes)
        return usage_error(ui("cannot_write", lang, path=output, reason=_os_reason(exc, lang)))
    for path in written.paths:
        print(ui("written", lang, path=path))
    for issue in written.issues:  # template --from with nothing to write says so
        print(issue.message(lang))
    return EXIT_OK


def _os_reason(exc: OSError, lang: Lang) -> str:
    """The OS's refusal in words (``domain.errors.os_reason``), never its English text."""
    from kpi_workbook.domain.errors import os_reason

    reason = os_reason(exc)
    return reason.en if lang == "en" else reason.ja


def run_check(inputs: Sequence[Path], report_year: int | None, fmt: str, lang: Lang,
              verbose: bool, annotate: Path | None = None, workers: int = 1,
              roster: Path | None = None, previous: Path | None = None,
              settings: Path | None = None, profile: str | None = None) -> int:
    from kpi_workbook.usecases import (
        CheckOptions,
        KpiWorkbookError,
        Settings,
        check,
        load_settings,
        refuse_input_folder,
    )

    try:
        if annotate is not None:  # before reading anything: the copies would be read next
            refuse_input_folder(annotate, inputs)
        line = (load_settings(settings) if settings else Settings()).effect_line
        result = check(inputs, CheckOptions(report_year=report_year, workers=workers,
                                            roster=roster, previous=previous,
                                            effect_line=line, profile=profile))
    except KpiWorkbookError as exc:  # nothing to read, an unreadable roster or previous
        return issue_error(exc.issue, lang, verbose)
    if fmt == "json":
        print_json(result.issues, result.summary(), lang)
    else:
        print_text(result, lang, verbose, sys.stdout)
    if annotate is not None:
        code = run_annotate(result, annotate, inputs, lang, quiet=fmt == "json")
        if code != EXIT_OK:
            return code
    return EXIT_ERRORS if result.has_errors else EXIT_OK


_ANNOTATE_UI: dict[str, dict[Lang, str]] = {
    "written": {"ja": "差し戻しファイル {path} を作成しました。",
                "en": "Wrote the return copy {path}."},
    "skipped": {"ja": "{path} は開けないため、差し戻しファイルを作成できませんでした"
                      "（チェック結果を参照）。",
                "en": "{path} could not be opened, so no return copy was written (see the "
                      "check results)."},
    "none": {"ja": "エラー・警告のあるファイルはありません。差し戻しファイルは作成していません。",
             "en": "No file has errors or warnings: no return copy was written."},
}


def run_annotate(result: CheckResult, outdir: Path, inputs: Sequence[Path], lang: Lang, *,
                 quiet: bool) -> int:
    """--annotate: one return copy per file with errors or warnings (stdout stays JSON)."""
    from kpi_workbook.usecases import KpiWorkbookError, ReturnCopyOptions, write_return_copies

    try:
        copies = write_return_copies(result.submissions, result.issues,
                                     ReturnCopyOptions(outdir, lang, tuple(inputs)))
    except KpiWorkbookError as exc:
        return usage_error(exc.issue.message(lang))
    report = sys.stderr if quiet else sys.stdout
    for out in copies.written:
        print(_ANNOTATE_UI["written"][lang].format(path=out), file=report)
    for note in copies.notes:  # a second file of the same name: its copy is …_2_差し戻し
        print(note.message(lang), file=report)
    for path in copies.skipped:  # a problem the clerk must see: stderr, as errors are
        print(_ANNOTATE_UI["skipped"][lang].format(path=path), file=sys.stderr)
    if not copies.written and not copies.skipped:
        print(_ANNOTATE_UI["none"][lang], file=report)
    return EXIT_OK


# --- output that never fails on the console's encoding (issue 13) ---------------------------
# Japanese Windows encodes redirected output in cp932, which has no 𠮷 and no emoji; a
# submission holding one must not kill the report half-way with a UnicodeEncodeError.

def _visible_mark(exc: UnicodeError) -> tuple[str, int]:
    """Text the console cannot hold becomes 〓 (the geta mark Japanese text uses for a
    character that cannot be shown), or ? where even 〓 cannot be written."""
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    mark = "〓"
    try:
        mark.encode(exc.encoding)
    except (UnicodeError, LookupError):
        mark = "?"
    return mark * (exc.end - exc.start), exc.end


def _json_escape(exc: UnicodeError) -> tuple[str, int]:
    """JSON keeps every character: one the console cannot hold is written as its \\u
    escape, which any JSON reader turns back into it (they only occur inside strings)."""
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    escapes = []
    for char in exc.object[exc.start:exc.end]:
        code = ord(char)
        if code > 0xFFFF:
            code -= 0x10000
            escapes.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
        else:
            escapes.append(f"\\u{code:04x}")
    return "".join(escapes), exc.end


codecs.register_error("kpi-workbook-visible", _visible_mark)
codecs.register_error("kpi-workbook-json", _json_escape)


def tolerate_console_encoding() -> None:
    """Make stdout and stderr replace what their encoding cannot hold instead of raising."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="kpi-workbook-visible")


def print_json(issues: Sequence[Issue], summary: Mapping[str, object], lang: Lang,
               out: TextIO | None = None) -> None:
    document = {"issues": [i.to_json(lang) for i in issues], "summary": summary}
    stream = out or sys.stdout
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    encoding = getattr(stream, "encoding", None)
    if encoding:
        text = text.encode(encoding, "kpi-workbook-json").decode(encoding)
    stream.write(text)


def print_text(result: Report, lang: Lang, verbose: bool, out: TextIO) -> None:
    """Issues grouped by file, the way a clerk reads a checklist."""
    by_file: dict[str, list[Issue]] = {}
    for issue in result.issues:
        by_file.setdefault(str(issue.where.file), []).append(issue)
    files = [str(s.path) for s in result.submissions]
    files += [f for f in by_file if f not in files]
    departments = {str(s.path): (s.department, len(s.projects)) for s in result.submissions}
    for file in files:
        issues = by_file.get(file, [])
        head = f"■ {file}"
        if file in departments:  # a submission; a roster or an .xls found is only named
            dept, n_projects = departments[file]
            if dept:
                head += f"  {ui('department', lang)}: {dept}"
            head += f"  {ui('projects', lang, n=n_projects)}"
        print(head, file=out)
        # Why a file was not read is what happened to it: shown without --verbose too.
        skipped = any(i.code in SKIPPED_FILE_CODES for i in issues)
        shown = [i for i in issues if verbose or i.severity is not Severity.INFO
                 or i.code in SHOWN_INFO_CODES]
        for issue in shown:
            place = "!".join(p for p in (issue.where.sheet, issue.where.cell) if p)
            sev = severity_label(issue.severity, lang).lower()  # [error] in English
            where = f" {place}:" if place else ""
            print(f"  [{sev}]{where} {issue.message(lang)}", file=out)
            if verbose and issue.detail:
                print(f"    {ui('detail', lang)}: {issue.detail}", file=out)
        if not skipped and all(i.severity is Severity.INFO for i in issues):
            print(f"  {ui('no_issues', lang)}", file=out)
        hidden = len(issues) - len(shown)
        if hidden:
            print(f"  {ui('hidden_infos', lang, n=hidden)}", file=out)
        print(file=out)
    print(ui("total", lang, **summarize(result.submissions, result.issues)), file=out)


# --- merge ---------------------------------------------------------------------------------

_MERGE_UI: dict[str, dict[Lang, str]] = {
    "not_written": {"ja": "エラーがあるため（--strict）、{path} は作成・更新していません。",
                    "en": "{path} was not written because there are errors (--strict)."},
    "progress": {"ja": "読込中 {done}/{total}: {name}", "en": "Reading {done}/{total}: {name}"},
    "report_form": {"ja": "国への報告 {path} を作成しました。",
                    "en": "Wrote the report to the State (国への報告) {path}."},
    "discard_hint": {"ja": "記入内容を破棄して作り直す場合だけ、--discard-evaluation を付けて"
                           "もう一度実行してください。",
                     "en": "Only to discard what was typed and start afresh, run it again "
                           "with --discard-evaluation."},
}


#: Notes about OUT itself that merge prints even without --verbose: where the project
#: sheets went, and how much of the typed 外部評価 record was carried over.
_ALWAYS_SHOWN: Final = ("output-split", "evaluation-carried")


def _add_merge_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser],
                      common: argparse.ArgumentParser) -> None:
    merge = sub.add_parser("merge", parents=[common],
                           help="consolidate submissions into one workbook")
    merge.add_argument("inputs", nargs="*", type=Path, metavar="INPUT")
    merge.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.xlsx")
    merge.add_argument("--strict", action="store_true",
                       help="write nothing (leave OUT untouched) when there are errors")
    merge.add_argument("--discard-evaluation", action="store_true",
                       help="do not carry over what was typed into 外部評価 of an existing "
                            "OUT (by default a re-merge keeps it)")
    merge.add_argument("--settings", type=Path, metavar="FILE",
                       help="TOML/JSON settings: [bands] good/fair, [grade] scheme/thresholds, "
                            "[report] the header block of 国への報告, [effect] line")
    merge.add_argument("--grade", choices=("none", "letters", "symbols"),
                       help="the 評価 column (overrides the settings file)")
    merge.add_argument("--roster", type=Path, metavar="ROSTER.xlsx|csv",
                       help="expected departments and projects: report 未提出 and extras")
    merge.add_argument("--previous", type=Path, metavar="LAST.xlsx",
                       help="a consolidated workbook written earlier: report what changed")
    merge.add_argument("--report-form", type=Path, metavar="REPORT.xlsx",
                       help="write 国への報告 (the State's 様式2) as a workbook of its own "
                            "instead of a sheet of OUT")
    merge.add_argument("--split-by", choices=("department", "scope"), default="department",
                       help="above 200 project sheets, their part workbooks are one per "
                            "担当課 (department, default) or 実施区分 (scope)")
    _add_report_options(merge)


def run_merge(args: argparse.Namespace, report_year: int | None, lang: Lang) -> int:
    from dataclasses import replace

    from kpi_workbook.domain.attainment import GradeScheme
    from kpi_workbook.usecases import KpiWorkbookError, MergeOptions, SplitBy, merge

    overrides: dict[str, Any] = {
        "report_year": report_year, "strict": args.strict, "lang": lang,
        "roster": args.roster, "previous": args.previous,
        "workers": args.jobs or default_workers(), "split_by": SplitBy(args.split_by),
        "discard_evaluation": args.discard_evaluation, "profile": args.profile,
        "report_form": args.report_form}
    try:
        options = (MergeOptions.from_settings(args.settings, **overrides) if args.settings
                   else MergeOptions(**overrides))
    except KpiWorkbookError as exc:  # settings-unreadable: the parser's words in detail
        return issue_error(exc.issue, lang, args.verbose)
    if args.grade:
        options = replace(options, grading=replace(options.grading,
                                                   scheme=GradeScheme(args.grade)))
    progress = _terminal_progress(lang) if sys.stderr.isatty() else None
    try:
        result = merge(args.inputs, args.output, options=options, progress=progress)
    except KpiWorkbookError as exc:  # unwritable OUT, unreadable roster/previous…
        code = issue_error(exc.issue, lang, args.verbose)
        if exc.issue.code == "evaluation-record-unreadable":
            print(_MERGE_UI["discard_hint"][lang], file=sys.stderr)
        return code
    finally:
        if progress is not None:
            print(file=sys.stderr)
    if args.format == "json":
        print_json(result.issues, result.summary(), lang)
    else:
        print_text(result, lang, args.verbose, sys.stdout)
        if result.written:
            print(ui("written", lang, path=args.output))
            if result.report_form is not None:
                print(_MERGE_UI["report_form"][lang].format(path=result.report_form))
            if not args.verbose:  # -v has listed them with the rest
                for note in (i for i in result.issues if i.code in _ALWAYS_SHOWN):
                    print(note.message(lang))
        else:
            print(_MERGE_UI["not_written"][lang].format(path=args.output))
    return EXIT_ERRORS if result.has_errors else EXIT_OK


def _terminal_progress(lang: Lang) -> Callable[[Progress], None]:
    """A one-line progress display on stderr, for long runs in a terminal."""

    def show(p: Progress) -> None:
        text = _MERGE_UI["progress"][lang].format(done=p.done, total=p.total, name=p.path.name)
        print(f"\r\x1b[K{text}", end="", file=sys.stderr, flush=True)

    return show


# --- publish -------------------------------------------------------------------------------

_PUBLISH_UI: dict[str, dict[Lang, str]] = {
    "written": {"ja": "{page} と {csv} を作成しました（事業 {projects} 件、CSV {rows} 行）。",
                "en": "Wrote {page} and {csv} ({projects} project(s), {rows} CSV row(s))."},
}


def _add_publish_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser],
                        common: argparse.ArgumentParser) -> None:
    publish = sub.add_parser("publish", parents=[common],
                             help="write the publication page (index.html) and kpi.csv")
    publish.add_argument("source", type=Path, metavar="集計ブック.xlsx")
    publish.add_argument("-o", "--output", type=Path, required=True, metavar="OUTDIR",
                         help="the folder to write index.html and kpi.csv into (created)")
    publish.add_argument("--with-attainment", action="store_true",
                         help="add 達成率 and 判定 after each KPI's 実績値")
    publish.add_argument("--title", metavar="TEXT", help="the page's title")
    publish.add_argument("--settings", type=Path, metavar="FILE",
                         help="the settings file: its [report] gives kpi.csv's open-data "
                              "columns 全国地方公共団体コード, 都道府県名, 市区町村名")


def run_publish(args: argparse.Namespace, lang: Lang) -> int:
    """publish: exit 0 when written, 2 (nothing written) when the workbook cannot be read
    or OUTDIR cannot be written (spec §5.2)."""
    from kpi_workbook.usecases import KpiWorkbookError, PublishOptions, publish

    options = PublishOptions(args.source, args.output, with_attainment=args.with_attainment,
                             title=args.title or None, lang=lang, settings=args.settings)
    def say_findings(findings: Sequence[Issue]) -> None:
        # before anything is written: what the page will show that the clerk should know
        for issue in findings:
            print(f"{severity_label(issue.severity, lang)}: {issue.message(lang)}",
                  file=sys.stderr)

    try:
        result = publish(options, before_writing=say_findings)
    except KpiWorkbookError as exc:  # also OutputError
        return usage_error(exc.issue.message(lang))
    print(_PUBLISH_UI["written"][lang].format(page=result.page, csv=result.csv,
                                              projects=result.projects, rows=result.rows))
    return EXIT_OK


# --- rollup (a prefecture's municipalities) ------------------------------------------------

_ROLLUP_UI: dict[str, dict[Lang, str]] = {
    "written": {"ja": "{book} と {csv} を作成しました（団体 {towns} 件、行 {rows} 件）。",
                "en": "Wrote {book} and {csv} ({towns} municipalities, {rows} rows)."},
    "shares": {"ja": "全体: KPIを1つ以上達成した事業 {p}、KPIの達成割合 {k}、"
                     "達成率50%未満のKPI {u}",
               "en": "In total: projects with a KPI met {p}, KPIs met {k}, "
                     "KPIs under 50 % {u}"},
}


def _add_rollup_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser],
                       common: argparse.ArgumentParser) -> None:
    rollup = sub.add_parser("rollup", parents=[common],
                            help="roll many municipalities' reports up into one book")
    rollup.add_argument("inputs", nargs="*", type=Path, metavar="INPUT",
                        help="national-form reports (様式2) or consolidated workbooks")
    rollup.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.xlsx")
    rollup.add_argument("--csv", type=Path, metavar="OUT.csv",
                        help="the open-data CSV (default: beside OUT, .csv)")
    rollup.add_argument("--previous", type=Path, metavar="LAST.xlsx",
                        help="last year's roll-up book: every row keeps its NO")
    rollup.add_argument("--format", choices=("text", "json"), default="text")
    rollup.add_argument("--verbose", action="store_true", help="also list info messages")
    rollup.add_argument("--jobs", type=_positive_int, metavar="N",
                        help="processes reading the files (default: one per core)")


def run_rollup(args: argparse.Namespace, lang: Lang) -> int:
    from kpi_workbook.usecases import KpiWorkbookError, RollupOptions, rollup

    if not args.inputs:
        return usage_error(ui("no_input", lang))
    options = RollupOptions(args.output, csv=args.csv, previous=args.previous,
                            workers=args.jobs or default_workers(), lang=lang)
    try:
        result = rollup(args.inputs, options)
    except KpiWorkbookError as exc:
        return issue_error(exc.issue, lang, args.verbose)
    if args.format == "json":
        total = result.statistics.total
        print_json(result.issues, {
            **summarize(result.submissions, result.issues), "output": str(result.out),
            "csv": str(result.csv), "municipalities": len(result.statistics.by_municipality),
            "rows": len(result.rows), "share_projects_met": total.share_projects_met,
            "share_kpis_met": total.share_kpis_met,
            "share_under_half": total.share_under_half}, lang)
    else:
        print_text(result, lang, args.verbose, sys.stdout)
        print(_ROLLUP_UI["written"][lang].format(
            book=result.out, csv=result.csv, towns=len(result.statistics.by_municipality),
            rows=len(result.rows)))
        total = result.statistics.total
        print(_ROLLUP_UI["shares"][lang].format(
            p=_percent(total.share_projects_met), k=_percent(total.share_kpis_met),
            u=_percent(total.share_under_half)))
    return EXIT_ERRORS if result.has_errors else EXIT_OK


def _percent(share: float | None) -> str:
    return "-" if share is None else f"{share:.1%}"
