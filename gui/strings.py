"""UI labels in Japanese and English; issue messages come from ``kpi_workbook.domain.messages``.

A small catalogue instead of Qt's .ts/.qm tooling: the clerks use Japanese, the English
text exists for developers and for the odd English-speaking auditor.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from kpi_workbook.domain.messages import Lang

if TYPE_CHECKING:
    from kpi_workbook.domain.issues import Issue

_STRINGS: Final[dict[str, tuple[str, str]]] = {
    # key: (ja, en)
    "app-name": ("KPI報告ブック チェック・集計", "KPI Workbook Checker"),
    "title": ("{app} — {year}", "{app} — {year}"),
    "title-year": ("{year}の報告", "report on {year}"),
    "title-year-auto": ("報告年度: 自動（{year}）", "report year: automatic ({year})"),
    "menu-file": ("ファイル(&F)", "&File"),
    "menu-tools": ("ツール(&T)", "&Tools"),
    "menu-help": ("ヘルプ(&H)", "&Help"),
    "menu-language": ("言語 / Language", "Language / 言語"),
    "add-files": ("ファイルを追加…", "Add files…"),
    "add-folder": ("フォルダを追加…", "Add folder…"),
    "recheck": ("再チェック", "Check again"),
    "merge": ("集計ブックを作成…", "Create consolidated workbook…"),
    "open-output": ("出力フォルダを開く", "Open output folder"),
    "publish": ("公表用ページを作成…", "Create web page…"),
    "progress-publish": ("公表用ページ作成中 {done}/{total}: {name}",
                         "Writing the web page {done}/{total}: {name}"),
    "publish-source-title": ("公表する集計ブックを選択", "Choose the consolidated workbook"),
    "publish-out-title": (
        "公表用ページ（index.html・kpi.csv）の保存先フォルダ",
        "Folder for the web page (index.html, kpi.csv)",
    ),
    "publish-findings-ask": (
        "公表用ページにそのまま載る点が {count} 件あります。\n\n{items}\n\n"
        "このまま公表用ページを作成しますか？（「いいえ」で何も作成しません。集計ブックを"
        "直してからやり直せます。）",
        "{count} thing(s) will appear on the page as they are:\n\n{items}\n\n"
        "Write the page anyway? (No writes nothing; fix the workbook and try again.)",
    ),
    "publish-findings-more": ("・ほか {count} 件", "- and {count} more"),
    "publish-not-written": (
        "公表用ページは作成しませんでした。",
        "The page was not written.",
    ),
    "publish-done": (
        "公表用ページを作成しました（事業 {projects} 件）: {path}",
        "Web page written ({projects} projects): {path}",
    ),
    "settings-publish-attainment": (
        "公表用ページに達成率と判定を載せる",
        "Show attainment and judgement on the web page",
    ),
    "return-copies": ("差し戻しファイルを作成…", "Create return copies…"),
    "next-year": ("次年度様式を作成…", "Create next year's workbooks…"),
    "roster-template": ("提出予定名簿のひな形…", "Roster template…"),
    "template": ("空の様式を保存…", "Save blank template…"),
    "template-save-title": ("空の様式の保存先", "Save the blank template as"),
    "template-default-name": ("KPI報告様式.xlsx", "kpi_template.xlsx"),
    "template-filter": ("Excel ブック (*.xlsx)", "Excel workbook (*.xlsx)"),
    "template-done": (
        "空の様式を保存しました: {path}\n各課に配布し、記入後に返送してもらってください。",
        "Blank template saved: {path}\nSend it to the departments to fill in.",
    ),
    "cleared": (
        "一覧をクリアしました（ファイルそのものは変更していません）。",
        "The list was cleared (the files themselves are unchanged).",
    ),
    "count-shown": ("表示 {shown} / {total} 件", "Showing {shown} of {total}"),
    "count-hidden": ("{severity} {count} 件は非表示", "{count} {severity} hidden"),
    "count-file-only": ("{file} のみ", "{file} only"),
    "remove-all": ("一覧をクリア", "Clear list"),
    "settings": ("設定…", "Settings…"),
    "about": ("このアプリについて…", "About…"),
    "quit": ("終了", "Quit"),
    "drop-here": (
        "ここに提出ブック（.xlsx）またはフォルダをドラッグ＆ドロップしてください",
        "Drop submitted workbooks (.xlsx) or folders here",
    ),
    "submissions": ("提出ブック", "Submissions"),
    "issues": ("チェック結果", "Check results"),
    "preview": ("事業のKPI表（プレビュー）", "Project KPI table (preview)"),
    "project": ("事業:", "Project:"),
    "no-project": ("（事業が選択されていません）", "(no project selected)"),
    "col-file": ("ファイル", "File"),
    "col-department": ("担当課", "Department"),
    "col-projects": ("事業数", "Projects"),
    "col-status": ("状態", "Status"),
    "col-errors": ("エラー", "Errors"),
    "col-warnings": ("警告", "Warnings"),
    "col-severity": ("重要度", "Severity"),
    "col-sheet": ("シート", "Sheet"),
    "col-cell": ("セル", "Cell"),
    "col-message": ("内容", "Message"),
    "col-year": ("年度", "Year"),
    "col-activities": ("事業内容", "Activities"),
    "target": ("目標値", "Target"),
    "actual": ("実績値", "Actual"),
    "rate": ("達成率", "Attainment"),
    "progress": ("進捗率", "Progress"),
    "due": ("公表予定", "Due"),
    "effect-proposal": ("事業効果(案)", "Proposed 事業効果"),
    "effect-none": ("案なし", "no proposal"),
    "verdict": ("判定", "Judgement"),
    "grade": ("評価", "Grade"),
    "status-ok": ("問題なし", "OK"),
    "status-warning": ("要確認", "Check"),
    "status-error": ("エラーあり", "Errors"),
    "status-blank": ("未記入", "Blank"),
    "status-skipped": ("対象外", "Not read"),
    "sev-error": ("エラー", "Error"),
    "sev-warning": ("警告", "Warning"),
    "sev-info": ("情報", "Info"),
    "filter-severity": ("重要度:", "Severity:"),
    "filter-all-severities": ("すべて", "All"),
    "filter-no-info": ("エラーと警告", "Errors and warnings"),
    "filter-errors": ("エラーのみ", "Errors only"),
    "filter-file": ("ファイル:", "File:"),
    "filter-all-files": ("すべてのファイル", "All files"),
    "summary": (
        "ファイル {files} 件・事業 {projects} 件・エラー {errors} 件・警告 {warnings} 件・"
        "情報 {infos} 件",
        "{files} files, {projects} projects, {errors} errors, {warnings} warnings, "
        "{infos} infos",
    ),
    "cancel": ("中止", "Cancel"),
    "progress-check": ("チェック中 {done}/{total}: {name}", "Checking {done}/{total}: {name}"),
    "progress-merge": ("集計中 {done}/{total}: {name}", "Merging {done}/{total}: {name}"),
    "starting": ("開始しています…", "Starting…"),
    "cancelled": ("中止しました。", "Cancelled."),
    "busy": ("処理中です。終わるまでお待ちください。", "Busy; please wait until it finishes."),
    "check-done": ("チェックが終わりました。", "Check finished."),
    "nothing-changed": (
        "変更されたファイルはありません。すべて読み直しました。",
        "No file has changed; all files were read again.",
    ),
    "merge-done": (
        "集計ブックを作成しました（ファイル {files} 件・事業 {projects} 件・{report}）: {path}",
        "Consolidated workbook written ({files} files, {projects} projects, {report}): {path}",
    ),
    "merge-done-errors": (
        "集計ブックを作成しました（ファイル {files} 件・事業 {projects} 件・{report}、"
        "エラー {errors} 件あり。「検証結果」シートを確認してください）: {path}",
        "Consolidated workbook written ({files} files, {projects} projects, {report}) with "
        "{errors} errors (see the 検証結果 sheet): {path}",
    ),
    "previous-record": ("前回の", "Last time's "),
    "preview-record": ("検証の記録", "Verification record"),
    "record-tip": (
        "検証の記録: 担当課が提出した内容と、前回の集計ブックに記入された評価・意見です。",
        "The verification record: what the department submitted, and what was typed into "
        "the previous consolidated workbook.",
    ),
    # {report} of merge-done: where 国への報告 (the State's 様式2) went
    "merge-report-sheet": ("国への報告のシート付き", "with the sheet 国への報告"),
    "merge-report-file": ("国への報告は {name}", "国への報告 in {name}"),
    "merge-carried": (
        "外部評価に記入済みの {projects} 事業の評価・意見（{cells} 件）は、新しい集計ブックに"
        "引き継ぎました。",
        "What was typed into 外部評価 ({cells} entries of {projects} projects) was carried "
        "over into the new workbook.",
    ),
    "merge-orphaned": (
        "今回の集計にない事業などの記入 {count} 行は、「外部評価」の最後に残しました"
        "（「検証結果」を確認してください）。",
        "{count} row(s) typed for projects not in this merge were kept at the bottom of "
        "外部評価 (see 検証結果).",
    ),
    "merge-discard-ask": (
        "このまま作り直すと、{name} の「外部評価」に記入されていた内容（企画課の一次評価、"
        "外部有識者の評価・賛否・意見、議会の意見、最終の今後の方針とその理由、記入日・"
        "記入者のすべて）が消え、元に戻せません。\n\n記入内容を破棄して、新しい集計ブックを"
        "作成しますか？（「いいえ」を選ぶと何も変更しません。Excel で {name} を開いて内容を"
        "確認するか、別の名前で作成してください。）",
        "If the workbook is made again now, everything typed into 外部評価 of {name} (the "
        "planning division's first evaluation, the experts' rating, votes and opinion, the "
        "council's opinion, the final 今後の方針 and its reason, every date and name) is "
        "lost for good.\n\nDiscard what "
        "was typed and write a new consolidated workbook? (No changes nothing: open {name} "
        "in Excel to check it, or write to another name.)",
    ),
    "merge-strict-refused": (
        "エラーがあるため集計ブックは作成しませんでした（厳格モード）。",
        "Errors found: the consolidated workbook was not written (strict mode).",
    ),
    "merge-no-input": (
        "先に提出ブックを追加してください。",
        "Add submitted workbooks first.",
    ),
    "merge-save-title": ("集計ブックの保存先", "Save consolidated workbook as"),
    "xlsx-filter": ("Excel ブック (*.xlsx *.xlsm)", "Excel workbooks (*.xlsx *.xlsm)"),
    "choose-files": ("提出ブックを選択", "Choose submitted workbooks"),
    "choose-folder": ("フォルダを選択", "Choose a folder"),
    "no-output": (
        "まだ集計ブックを作成していません。",
        "No consolidated workbook has been written yet.",
    ),
    "opening": (
        "{file} を開きます。シート「{sheet}」のセル {cell} を確認してください。",
        "Opening {file}: look at cell {cell} of sheet '{sheet}'.",
    ),
    "opening-file": ("{file} を開きます。", "Opening {file}."),
    "error-title": ("エラー", "Error"),
    "unexpected-error": (
        "予期しないエラーが発生したため、処理を中止しました。読み込み済みの結果はそのまま"
        "残っています。\n問い合わせの際は、このアプリのバージョン（ヘルプ → このアプリについて）"
        "と、次の記録ファイルをお知らせください: {log}",
        "An unexpected error stopped the run; results already loaded are kept.\nWhen you "
        "report it, give the version (Help → About) and this log file: {log}",
    ),
    "open-failed": (
        "ファイルを開けませんでした: {path}",
        "Could not open: {path}",
    ),
    "about-text": (
        "<h3>{app}</h3><p>バージョン {version}</p>"
        "<p>各課から提出された KPI 報告ブックを読み込み、記入内容をチェックし、"
        "議会報告用の集計ブックを作成します。</p>",
        "<h3>{app}</h3><p>Version {version}</p>"
        "<p>Reads the KPI workbooks submitted by departments, checks them and "
        "writes the consolidated workbook for the council.</p>",
    ),
    "settings-title": ("設定", "Settings"),
    "settings-year": ("報告年度:", "Report fiscal year:"),
    "settings-year-auto": ("自動: {year}", "Automatic: {year}"),
    "settings-year-tip": (
        "一覧から選ぶか、令和6年度・R6・2024 のように入力してください。"
        "「自動」は終わった最新の年度です。",
        "Choose from the list or type 令和6年度, R6 or 2024. Automatic is the latest "
        "fiscal year that has ended.",
    ),
    "settings-year-invalid": (
        "報告年度「{text}」を読めません。令和6年度・R6・2024 のように入力してください。",
        "Cannot read the report year '{text}'. Type 令和6年度, R6 or 2024.",
    ),
    "settings-strict": (
        "厳格モード（エラーがあるときは集計ブックを作成しない）",
        "Strict mode (do not write the consolidated workbook when there are errors)",
    ),
    "settings-bands": ("達成率の色分け:", "Attainment colours:"),
    "band-green": ("緑（達成）:", "Green (achieved):"),
    "band-yellow": ("以上、黄:", "or more; yellow:"),
    "band-red": ("以上、それ未満は赤", "or more; below that red"),
    "settings-grade": ("評価の列:", "Grade column:"),
    "grade-from-file": ("設定ファイルのとおり（なければ なし）",
                        "As in the settings file (none without one)"),
    "grade-none": ("なし", "None"),
    "grade-letters": ("A・B・C・D", "A, B, C, D"),
    "grade-symbols": ("◎・○・△・×", "◎, ○, △, ×"),
    "settings-file": ("設定ファイル:", "Settings file:"),
    "settings-file-title": ("設定ファイルを選択", "Choose the settings file"),
    "settings-file-filter": ("設定ファイル (*.toml *.json)", "Settings files (*.toml *.json)"),
    "settings-file-none": (
        "（.toml・.json の設定ファイル。指定すると色分けと評価はそのファイルに従います。"
        "コマンドで集計するときと同じファイルを使えます）",
        "(a .toml or .json settings file; when set, its colours and grades are used. The "
        "same file serves the command line)",
    ),
    "settings-file-used": (
        "色分けは設定ファイルの値です。ファイルの評価: {grade}",
        "The colours come from the settings file. Its grade column: {grade}",
    ),
    "settings-profile": ("様式:", "Form:"),
    "settings-profile-file": ("様式ファイル…", "Profile file…"),
    "settings-profile-title": ("様式ファイルを選択", "Choose the profile file"),
    "settings-profile-filter": ("様式ファイル (*.toml)", "Profile files (*.toml)"),
    "settings-profile-choose": ("（様式ファイルを「参照…」で選んでください）",
                                "(choose the profile file with Browse…)"),
    "settings-profile-used": ("様式ファイルの様式: {title}", "The file's form: {title}"),
    "settings-file-reporter": ("国への報告の見出し: {reporter}",
                               "Header of 国への報告 (report to the State): {reporter}"),
    "settings-file-no-reporter": (
        "国への報告の見出し（都道府県名・市町村名・団体コード・担当部局課名）は、設定ファイルの"
        " [report] に書くと入ります。",
        "The header of 国への報告 (prefecture, municipality, code, section) is filled in "
        "from the [report] table of the settings file."),
    "settings-report-separate": (
        "国への報告を集計ブックとは別のブックにする（同じフォルダに「…_国への報告.xlsx」）",
        "Write 国への報告 (report to the State) as a workbook of its own "
        "(\"…_国への報告.xlsx\" in the same folder)",
    ),
    "settings-report-separate-tip": (
        "オフ: 集計ブックの「国への報告」シートに作成します。"
        "オン: 集計ブックと同じフォルダに、集計ブックの名前に「_国への報告」を付けたブックを"
        "作成します。",
        "Off: the sheet 国への報告 of the consolidated workbook. On: a workbook in the same "
        "folder, named after the consolidated workbook with \"_国への報告\".",
    ),
    "settings-roster": ("提出予定の名簿:", "Submission roster:"),
    "settings-roster-title": ("提出予定の名簿を選択", "Choose the submission roster"),
    "settings-previous": ("前回の集計ブック:", "Previous consolidated workbook:"),
    "settings-previous-title": (
        "前回の集計ブックを選択", "Choose the previous consolidated workbook"),
    "settings-none": ("（指定なし）", "(none)"),
    "browse": ("参照…", "Browse…"),
    "clear": ("クリア", "Clear"),
    "roster-filter": (
        "名簿 (*.xlsx *.xlsm *.csv);;Excel ブック (*.xlsx *.xlsm);;CSV (*.csv)",
        "Rosters (*.xlsx *.xlsm *.csv);;Excel workbooks (*.xlsx *.xlsm);;CSV (*.csv)",
    ),
    "roster-save-filter": (
        "Excel ブック (*.xlsx);;CSV (*.csv)", "Excel workbook (*.xlsx);;CSV (*.csv)"),
    "roster-save-title": ("名簿のひな形の保存先", "Save the roster template as"),
    "roster-default-name": ("提出予定の名簿.xlsx", "roster.xlsx"),
    "roster-template-done": (
        "名簿のひな形を保存しました: {path}\n"
        "担当課・事業番号・事業名を記入し、「設定」で提出予定の名簿として指定してください。",
        "Roster template saved: {path}\n"
        "Fill in departments, project numbers and names, then choose it as the roster "
        "in Settings.",
    ),
    "progress-return": ("差し戻しファイル作成中 {done}/{total}: {name}",
                        "Writing return copies {done}/{total}: {name}"),
    "return-title": ("差し戻しファイルの保存先フォルダ", "Folder for the return copies"),
    "return-none": (
        "エラー・警告のあるファイルはありません。差し戻しファイルは不要です。",
        "No file has errors or warnings: there is nothing to send back.",
    ),
    "return-changed": (
        "読み込んだ後に保存されたファイルがあります。先に「再チェック」してください:\n{files}",
        "Some files were saved after they were read. Check them again first:\n{files}",
    ),
    "return-done": (
        "差し戻しファイルを {count} 件作成しました（{path}）。",
        "{count} return copies written to {path}.",
    ),
    "return-skipped": (
        "次のファイルは開けないため作成できませんでした（チェック結果を参照）: {files}",
        "These files could not be opened, so no copy was written (see the check "
        "results): {files}",
    ),
    "open-folder-question": ("フォルダを開きますか？", "Open the folder?"),
    "open-folder": ("フォルダを開く", "Open folder"),
    "next-year-source-title": (
        "前回の集計ブックを選択（次年度様式の元）",
        "Choose the consolidated workbook to start next year's from",
    ),
    "next-year-out-title": ("次年度様式の保存先フォルダ", "Folder for next year's workbooks"),
    "next-year-done": (
        "次年度様式を {count} 件作成しました（{path}）。",
        "{count} pre-filled workbooks written to {path}.",
    ),
    "next-year-none": (
        "次年度に報告する事業がないため、様式は作成しませんでした。",
        "No project has anything left to report: no workbook was written.",
    ),
    "settings-language": ("表示言語:", "Language:"),
    "lang-ja": ("日本語", "Japanese"),
    "lang-en": ("English", "English"),
}

_lang: Lang = "ja"


def set_lang(lang: Lang) -> None:
    """Switch the UI language; windows re-read their labels in ``retranslate``."""
    global _lang
    _lang = "en" if lang == "en" else "ja"


def current_lang() -> Lang:
    return _lang


def tr(key: str, **params: object) -> str:
    """The label ``key`` in the current language, with ``params`` filled in."""
    ja, en = _STRINGS[key]
    text = en if _lang == "en" else ja
    return text.format(**params) if params else text


def issue_text(issue: Issue) -> str:
    """An issue's message as the window says it: in the UI language, naming the window's
    buttons and settings where the command line's names its options."""
    return issue.message(_lang, front="window")


def keys() -> list[str]:
    """Every label key (the tests check that each one renders in both languages)."""
    return list(_STRINGS)
