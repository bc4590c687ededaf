"""The issue catalogue: each code's severity and its Japanese and English message.

The message is rendered when shown, so the CLI (``--lang en``), the GUI and the 検証結果
sheet all say the same thing. A code is stable forever once released
(``tests/data/issue_codes.txt`` guards that).

One catalogue, two renderings: where a message tells the reader what to do with the tool
itself, the command line names its commands and options and the window its buttons and
settings (:data:`Front`); a clerk in the window never reads ``--previous``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final, Literal

from kpi_workbook.domain.issue_parts import Location, Phrase, Severity

Lang = Literal["ja", "en"]
LANGS: Final[tuple[Lang, ...]] = ("ja", "en")

Front = Literal["cli", "window"]
"""Who reads the message: the command line's user, or the window's (the written
workbooks and return copies use the command line's, the default)."""
FRONTS: Final[tuple[Front, ...]] = ("cli", "window")


@dataclass(frozen=True, slots=True)
class IssueType:
    code: str
    severity: Severity
    ja: str
    en: str
    defaults: Mapping[str, object] = field(default_factory=dict)
    """Parameters an issue may leave out (a hint that fits most cases)."""
    window: Phrase | None = None
    """The window's wording (ja and en), where the command line's names a command or an
    option; None: both front ends say the same."""


#: What to type instead of something that is not a number (spec §1.3), when nothing more
#: specific can be said.
NUMBER_HINT: Final = Phrase(
    ja="数値だけを入力してください（例: 12672）。値がない場合は「-」を入力してください。",
    en="Enter a number only (e.g. 12672), or '-' when there is none.")


E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO  # noqa: E741

_TYPES: Final[list[IssueType]] = [
    # --- the file as a whole -------------------------------------------------------------
    IssueType("file-not-found", E,
              ja="ファイルが見つかりません。",
              en="The file does not exist."),
    IssueType("file-unreadable", E,
              ja="ファイルを Excel ブック（.xlsx）として読めません（{reason}）。",
              en="The file cannot be read as an Excel workbook (.xlsx): {reason}."),
    IssueType("file-empty", E,
              ja="ファイルが空です（0 バイト）。",
              en="The file is empty (0 bytes)."),
    IssueType("file-encrypted", E,
              ja="パスワードで保護（暗号化）されたブックは読めません。"
                 "パスワードを解除して保存し直してください。",
              en="The workbook is password-protected (encrypted). Remove the password "
                 "and save it again."),
    IssueType("file-legacy-format", E,
              ja="{ext} 形式は読めません。Excel で開き「Excel ブック (*.xlsx)」として"
                 "保存し直してください。",
              en="{ext} files cannot be read. Open it in Excel and save it as an "
                 "Excel workbook (*.xlsx)."),
    IssueType("file-too-large", E,
              ja="ファイルが大きすぎます（{reason}）。様式のブックか確認してください。",
              en="The file is too large ({reason}). Check that it is a KPI workbook."),
    IssueType("file-macros-ignored", I,
              ja="マクロ付きブック（.xlsm）です。マクロは実行せず、値だけを読みました。",
              en="Macro-enabled workbook (.xlsm): macros were not run; only values "
                 "were read."),
    IssueType("file-external-links", W,
              ja="他のファイルへの外部リンク（{targets}）があります。リンク先は開かず、"
                 "保存されている値を読みました。値を貼り付けてリンクを解除してください。",
              en="The workbook links to other files ({targets}). They were not opened; the "
                 "values saved in this file were read. Paste the values and break the links."),
    IssueType("file-hyperlinks-ignored", I,
              ja="ハイパーリンク {count} 件（{cells}）は開かずに無視しました。",
              en="{count} hyperlink(s) ({cells}) were ignored, not followed."),
    IssueType("file-path-long", W,
              ja="ファイルのパスが {length} 文字あり、Windows の上限（260 文字）を超えています。"
                 "Excel で開けないことがあるため、短いフォルダに移してください。",
              en="The file path is {length} characters long, over Windows' 260-character "
                 "limit; Excel may fail to open it. Move it to a shorter folder."),
    IssueType("profile-detected", I,
              ja="様式「{profile}」として読みました（見出しから判別、--profile auto）。",
              en="Read as the form '{profile}' (told by its labels, --profile auto).",
              window=Phrase("様式「{profile}」として読みました（見出しから判別）。",
                            "Read as the form '{profile}' (told by its labels).")),
    IssueType("profile-not-detected", E,
              ja="どの様式のブックか見出しから判別できません（知っている様式: {profiles}）。"
                 "--profile で様式名か様式ファイルを指定してください。",
              en="The form of this workbook cannot be told from its labels (known forms: "
                 "{profiles}). Name the form or a profile file with --profile.",
              window=Phrase("どの様式のブックか見出しから判別できません（知っている様式: "
                            "{profiles}）。設定の「様式」で様式か様式ファイルを選んでください。",
                            "The form of this workbook cannot be told from its labels "
                            "(known forms: {profiles}). Choose the form or a profile file "
                            "under 様式 in the settings.")),
    IssueType("profile-no-sheet", E,
              ja="様式「{profile}」のシートが見つかりません（「{labels}」の見出しがあるシートが"
                 "ありません）。",
              en="No sheet of the form '{profile}' was found (no sheet has the labels "
                 "'{labels}')."),
    IssueType("rollup-code-missing", E,
              ja="団体コードが見つかりません（「団体コード」または「都道府県・市町村コード」の欄が"
                 "ありません）。このファイルは取りまとめに入れていません。",
              en="No 団体コード (municipality code) was found: the file was left out of the "
                 "roll-up."),
    IssueType("rollup-code-invalid", E,
              ja="団体コード「{code}」は全国地方公共団体コードではありません（{reason}）。"
                 "このファイルは取りまとめに入れていません。",
              en="The 団体コード '{code}' is no 全国地方公共団体コード ({reason}): the file "
                 "was left out of the roll-up."),
    IssueType("rollup-code-completed", I,
              ja="5 桁の団体コード「{code}」に検査数字を付けて {full} として取りまとめました。",
              en="The 5-digit code '{code}' was rolled up as {full} (with its check digit)."),
    IssueType("rollup-code-duplicate", E,
              ja="団体コード {code} は {other} にもあります。同じ団体の報告が 2 つあるため、"
                 "このファイルは取りまとめに入れていません。",
              en="The code {code} is also in {other}: the same municipality reported twice, "
                 "so this file was left out of the roll-up."),
    IssueType("rollup-previous-unreadable", E,
              ja="{file} を前回の取りまとめブックとして読めません（{reason}）。",
              en="{file} cannot be read as a previous roll-up book ({reason})."),
    IssueType("profile-invalid", E,
              ja="様式ファイル {file} を使えません（{reason}）。",
              en="The profile file {file} cannot be used ({reason})."),
    IssueType("profile-unknown", E,
              ja="様式「{name}」はありません。様式名（{names}）か、様式ファイル（.toml）を指定して"
                 "ください。",
              en="There is no form '{name}'. Give a form's name ({names}) or a profile file "
                 "(.toml)."),
    IssueType("no-project-sheet", E,
              ja="事業シートが見つかりません（「事業名」と「事業概要」の見出しがある"
                 "シートがありません）。",
              en="No project sheet found (no sheet has both a '事業名' label and a "
                 "'事業概要' table header)."),
    IssueType("consolidated-skipped", I,
              ja="集計ブック（このツールが作成したもの）なので、提出ブックとしては読みません"
                 "でした。",
              en="A consolidated workbook (written by this tool): not read as a submission."),
    IssueType("template-blank", I,
              ja="未記入の様式です（何も記入されていないため、事業として読みませんでした）。",
              en="A blank template: nothing is filled in, so it was not read as a "
                 "project."),
    IssueType("sheet-too-large", W,
              ja="シートが非常に大きいため、{rows} 行 × {cols} 列の範囲だけを読みました。",
              en="The sheet is very large; only the first {rows} rows × {cols} columns "
                 "were read."),
    # --- one damaged part or cell of a package (the rest is read) ---------------------------
    IssueType("sheet-unreadable", E,
              ja="シート「{sheet}」は壊れているため読めませんでした（{reason}）。ほかのシートは"
                 "読みました。Excel で開いて保存し直してください。",
              en="Sheet '{sheet}' is damaged and was not read ({reason}); the other sheets "
                 "were read. Open the file in Excel and save it again."),
    IssueType("strings-unreadable", E,
              ja="ブック内の文字の一覧（{part}）が壊れているため、文字が入ったセルの一部を"
                 "読めませんでした（{reason}）。Excel で開いて保存し直してください。",
              en="The workbook's table of text ({part}) is damaged, so some text cells "
                 "could not be read ({reason}). Open the file in Excel and save it again."),
    IssueType("styles-unreadable", W,
              ja="ブック内の書式の一覧（{part}）が壊れているため、書式なしで読みました"
                 "（{reason}）。日付や % の値が正しく読めているか確認してください。",
              en="The workbook's table of formats ({part}) is damaged, so cells were read "
                 "without formats ({reason}). Check that dates and % values were read "
                 "right."),
    IssueType("cell-unreadable", E,
              ja="{cell} のセルは中身が壊れていて読めません（{reason}）。Excel でこのセルを"
                 "入力し直して保存してください。",
              en="The content of cell {cell} is damaged and cannot be read ({reason}). "
                 "Type the cell again in Excel and save the file."),
    IssueType("cell-format-unreadable", W,
              ja="{count} 個のセル（{cells}）の書式情報が壊れているため、書式なし（標準）として"
                 "読みました。日付や % の値が正しく読めているか確認してください。",
              en="The format of {count} cell(s) ({cells}) is damaged; they were read as "
                 "General. Check that dates and % values were read right."),
    IssueType("template-version-old", I,
              ja="古い様式（バージョン {found}）で作成されています。現在の様式は "
                 "{current} です。",
              en="Made with an older template (version {found}); the current one is "
                 "{current}."),
    # --- header block ----------------------------------------------------------------------
    IssueType("header-field-missing", E,
              ja="必須項目「{field}」が見つからないか、空欄です。",
              en="The required field '{field}' is missing or empty."),
    IssueType("header-field-invalid", E,
              ja="{cell} の「{field}」の値「{raw}」を読めません（{expected}）。",
              en="The value '{raw}' of '{field}' in {cell} cannot be read "
                 "(expected {expected})."),
    IssueType("header-field-not-in-list", W,
              ja="{cell} の「{field}」の値「{raw}」は選択肢にありません（{choices}）。",
              en="The value '{raw}' of '{field}' in {cell} is not one of the choices "
                 "({choices})."),
    IssueType("header-field-variant", I,
              ja="{cell} の「{field}」の「{raw}」を、選択肢の「{choice}」として読みました"
                 "（記入されたとおりにも残します）。",
              en="{cell}: '{raw}' in '{field}' was read as the choice '{choice}' (kept as "
                 "typed too)."),
    IssueType("purpose-missing", W,
              ja="「事業目的」が空欄です。",
              en="The project purpose (事業目的) is empty."),
    IssueType("period-invalid", E,
              ja="{cell} の事業期間「{raw}」を読めません（例: 令和2年度～令和4年度）。",
              en="The project period '{raw}' in {cell} cannot be read "
                 "(e.g. 令和2年度～令和4年度)."),
    IssueType("period-reversed", E,
              ja="{cell} の事業期間「{raw}」は終了年度が開始年度より前です。",
              en="The project period '{raw}' in {cell} ends before it starts."),
    # --- KPI table -------------------------------------------------------------------------
    IssueType("kpi-table-missing", E,
              ja="「事業概要」で始まる KPI 表が見つかりません。",
              en="The KPI table (starting with '事業概要') was not found."),
    IssueType("kpi-header-missing", E,
              ja="{cell} の KPI 表に「目標値」「実績値」の見出し行が見つかりません。",
              en="The KPI table at {cell} has no '目標値'/'実績値' header row."),
    IssueType("kpi-columns-unpaired", E,
              ja="{cell} の「目標値」の右隣に「実績値」がありません。",
              en="The '目標値' column at {cell} is not followed by '実績値'."),
    IssueType("kpi-too-many", E,
              ja="KPI が {count} 個あります。様式で扱えるのは 5 個までです。",
              en="There are {count} KPIs; the layout allows at most 5."),
    IssueType("kpi-name-missing", E,
              ja="{cell} の KPI {index} の指標名が空欄です。",
              en="KPI {index} has no name in {cell}."),
    IssueType("kpi-unit-missing", W,
              ja="{cell} の KPI「{kpi}」の単位が空欄で、値からも判断できません。",
              en="KPI '{kpi}' has no unit in {cell}, and none can be taken from its "
                 "values."),
    IssueType("kpi-direction-invalid", E,
              ja="{cell} の目標の方向「{raw}」は「増加」か「減少」で記入してください。",
              en="The target direction '{raw}' in {cell} must be 増加 or 減少."),
    IssueType("kpi-kind-invalid", W,
              ja="{cell} の値の種類「{raw}」は選択肢にありません（{choices}）。"
                 "単年度として扱います。",
              en="The value kind '{raw}' in {cell} is not one of {choices}; treated "
                 "as 単年度."),
    IssueType("kpi-status-invalid", W,
              ja="{cell} の速報・確定「{raw}」は選択肢にありません（{choices}）。記載なしとして"
                 "扱います。",
              en="The 速報・確定 entry '{raw}' in {cell} is not one of {choices}; treated as "
                 "not stated."),
    IssueType("kpi-due-invalid", W,
              ja="{cell} の公表予定「{raw}」を年月として読めません（例: R8.5、2026年5月、"
                 "2026/5/20）。公表予定なしとして扱います。",
              en="The publication date '{raw}' in {cell} cannot be read as a month or a day "
                 "(e.g. R8.5, 2026年5月, 2026/5/20); treated as none."),
    IssueType("layout-older", I,
              ja="旧様式（単位・目標の方向の行なし）として読みました。単位は値の記載から、"
                 "目標の方向は「増加」としました。",
              en="Read as the older layout (no unit/direction rows): units were taken "
                 "from the values and the direction set to 増加."),
    IssueType("unit-inferred", I,
              ja="KPI「{kpi}」の単位を値の記載から「{unit}」と判断しました。",
              en="The unit of KPI '{kpi}' was taken from its values: '{unit}'."),
    IssueType("year-rows-mismatch", E,
              ja="年度の行が {found} 行ありますが、事業期間（{period}）は {expected} "
                 "年度です。",
              en="There are {found} year rows, but the period ({period}) has "
                 "{expected} years."),
    IssueType("year-label-invalid", E,
              ja="{cell} の年度「{raw}」を読めません（例: 初年度、2年目、令和3年度）。",
              en="The year label '{raw}' in {cell} cannot be read (e.g. 初年度, 2年目, "
                 "令和3年度)."),
    IssueType("year-outside-period", E,
              ja="{cell} の年度「{raw}」は事業期間（{period}）の外です。",
              en="The year '{raw}' in {cell} is outside the period ({period})."),
    IssueType("year-duplicate", E,
              ja="{cell} の年度「{raw}」が重複しています。",
              en="The year '{raw}' in {cell} appears twice."),
    IssueType("year-row-not-year", W,
              ja="{row} 行目の「{raw}」は年度の行ではありませんが、年度の表の中にあるため"
                 "読み飛ばしました。注記は表の下に空白行を1行あけて書くか、その年度の"
                 "「事業内容」の欄に書いてください。",
              en="Row {row} ('{raw}') is not a year row but sits inside the year table; it "
                 "was skipped. Write notes below the table after an empty row, or in the "
                 "activities (事業内容) cell of the year they concern."),
    IssueType("year-order", W,
              ja="{cell} の年度「{raw}」は上の行の「{previous}」より前の年度です。年度は上から"
                 "古い順に並べてください（集計では年度順に並べ替えました）。",
              en="The year '{raw}' in {cell} comes before '{previous}' in the row above. "
                 "Put the years in order from the top (the consolidation sorts them)."),
    IssueType("html-stripped", I,
              ja="{cell} の事業内容に含まれていた HTML タグを取り除きました。",
              en="HTML tags in the activities text in {cell} were removed."),
    # --- values ----------------------------------------------------------------------------
    IssueType("value-not-number", E,
              ja="{cell} の値「{raw}」は数値として読めません。{hint}",
              en="The value '{raw}' in {cell} is not a number. {hint}",
              defaults={"hint": NUMBER_HINT}),
    IssueType("value-merged", E,
              ja="{cell} は {range} のセル結合に含まれているため、値を読めません（結合した"
                 "セルの値は左上の {top} の分として読みました）。結合を解除し、年度ごと・"
                 "目標値と実績値ごとに値を入力してください。",
              en="{cell} is part of the merged cells {range}, so it has no value of its "
                 "own (the merged value was read for the top-left cell {top}). Unmerge "
                 "them and enter a value per year, target and actual."),
    IssueType("value-date", E,
              ja="{cell} の値は日付です（{raw}）。数値を入力してください。",
              en="The value in {cell} is a date ({raw}); enter a number."),
    IssueType("value-unit-mismatch", E,
              ja="{cell} の値「{raw}」の単位「{suffix}」が指標の単位「{unit}」と"
                 "一致しません。指標の単位「{unit}」での数値だけを入力してください。",
              en="The unit '{suffix}' of '{raw}' in {cell} does not match the KPI unit "
                 "'{unit}'. Enter the number in {unit} only."),
    IssueType("value-formula-no-cache", E,
              ja="{cell} は数式（{formula}）ですが、計算結果が保存されていません。Excel で"
                 "開いて保存し直してください。",
              en="{cell} holds a formula ({formula}) without a saved result. Open the "
                 "file in Excel and save it again."),
    IssueType("value-formula-error", E,
              ja="{cell} の数式がエラー（{raw}）になっています。",
              en="The formula in {cell} gives an error ({raw})."),
    IssueType("value-text-converted", I,
              ja="{cell} の文字列「{raw}」を数値 {number} として読みました。",
              en="The text '{raw}' in {cell} was read as the number {number}."),
    IssueType("value-unit-synonym", I,
              ja="{cell} の「{raw}」を {number}{unit} として読みました（「{suffix}」は"
                 "「{unit}」と同じ単位として扱います）。",
              en="'{raw}' in {cell} was read as {number} {unit} ('{suffix}' is taken as "
                 "the same unit as '{unit}')."),
    IssueType("value-two-values", E,
              ja="{cell} の「{raw}」には値が 2 つあります。1 つの数値として読めません。1 つずつ"
                 "別の行（または列）に入力するか、様式ファイルの [values] split で分け方を"
                 "指定してください。",
              en="'{raw}' in {cell} holds two values and cannot be read as one number. Enter "
                 "them one per row (or column), or set how to split them with [values] split "
                 "in the profile file."),
    IssueType("value-parts-mismatch", W,
              ja="{cell} の実績値は {found} 件ですが、目標値は {expected} 件です。順に対応させて"
                 "読みました。",
              en="{cell} holds {found} actual(s) for {expected} target(s); they were paired in "
                 "order."),
    IssueType("value-header-unit", I,
              ja="{cell} の {raw} を、見出しの単位「{unit}」から {number} 円として読みました。",
              en="{raw} in {cell} was read as {number} yen (the header's unit is '{unit}')."),
    IssueType("value-year-noted", I,
              ja="{cell} の値を「{raw}」（{span}{cumulative}）として読みました。",
              en="The value in {cell} was read as '{raw}' ({span}{cumulative})."),
    IssueType("target-date-read", I,
              ja="{cell} の目標年月「{raw}」を {month}（{year}）として読みました。",
              en="The target month '{raw}' in {cell} was read as {month} ({year})."),
    IssueType("target-date-invalid", E,
              ja="{cell} の目標年月「{raw}」を年月として読めません（例: H28.3、平成28年3月、"
                 "2016年3月）。",
              en="The target month '{raw}' in {cell} cannot be read as a month (e.g. H28.3, "
                 "平成28年3月, 2016年3月)."),
    IssueType("kpi-year-unknown", W,
              ja="{cell} の指標「{kpi}」の年度が分かりません（目標年月も年度の見出しもありま"
                 "せん）。",
              en="The fiscal year of the KPI '{kpi}' in {cell} is not known (no target month "
                 "and no year in its header)."),
    IssueType("value-multiplier", I,
              ja="{cell} の「{raw}」を {number} として読みました（「{multiplier}」は {factor} "
                 "倍）。",
              en="'{raw}' in {cell} was read as {number} ('{multiplier}' = ×{factor})."),
    IssueType("value-percent-points", I,
              ja="{cell} の {raw} は「%」の指標なので {raw}% として読みました。",
              en="{raw} in {cell} was read as {raw}% because the KPI unit is %."),
    IssueType("value-percent-ambiguous", W,
              ja="{cell} の {raw} は割合（{percent}）か {raw}% か判断できません。"
                 "「%」を付けて入力してください。",
              en="{raw} in {cell} could be a fraction ({percent}) or {raw}%; enter it "
                 "with a % sign."),
    IssueType("actual-missing", W,
              ja="{cell} の {year} の実績値が空欄です（年度は終了しています）。",
              en="The actual for {year} in {cell} is empty although the year has "
                 "ended."),
    IssueType("actual-unpublished", I,
              ja="{cell} の {year} の実績値は、公表予定（{due}）までは未公表として扱います"
                 "（判定は「未公表」）。",
              en="The actual for {year} in {cell} is treated as not yet published until "
                 "{due} (judged 未公表)."),
    IssueType("actual-unpublished-overdue", W,
              ja="{cell} の {year} の実績値が未記入のまま、公表予定（{due}）を過ぎています。"
                 "公表された値を入力するか、公表予定を直してください。",
              en="The actual for {year} in {cell} is still not entered although its "
                 "publication date ({due}) has passed. Enter the published figure or "
                 "correct the date."),
    IssueType("target-missing", W,
              ja="{cell} の {year} の目標値が空欄です。",
              en="The target for {year} in {cell} is empty."),
    IssueType("magnitude-suspicious", W,
              ja="{cell} の値 {value} は{against} {other} の {ratio} 倍です。"
                 "単位の誤りがないか確認してください。",
              en="The value {value} in {cell} is {ratio} times {against_en} {other}; "
                 "check the unit."),
    # --- 値の種類 (docs/kpi-layout.md §2.2) -----------------------------------------------
    IssueType("cumulative-falls", W,
              ja="{cell} の{field} {value} は前年度（{previous_year}）の {previous} より"
                 "小さくなっています。値の種類が「累計」の指標は前年度までの合計に足していく"
                 "ので減りません。値か値の種類を確かめてください。",
              en="The {field} {value} in {cell} is smaller than {previous} in "
                 "{previous_year}; a 累計 (running total) KPI never falls. Check the figure "
                 "or the value kind."),
    IssueType("increment-sum-mismatch", W,
              ja="{cell}: 基準値 {baseline} + 増加分の累計 {increments} = {total} が"
                 "最終年度の目標値 {final} と一致しません。各年度の目標値（増加分）か"
                 "最終目標値を確かめてください。",
              en="{cell}: the baseline {baseline} + the sum of the increments {increments} "
                 "= {total} does not equal the final target {final}. Check the yearly "
                 "targets (increments) or the final target."),
    IssueType("actual-level-as-increment", I,
              ja="{cell} の実績値 {typed} は、{year}の目標値（増加分 {target}）より目標の"
                 "水準 {level}（基準値 + 増加分の累計）に近いので、水準を入力したものと見て、"
                 "年度初めの {start} からの増加分 {increase} として判定しました。"
                 "値の種類が「増加分」の指標は、その年度の増加分を入力してください。",
              en="The actual {typed} in {cell} is nearer to the level {level} the targets "
                 "stand for (baseline + increments) than to the target increase {target} "
                 "of {year}, so it was taken as a level and judged as the increase "
                 "{increase} over {start}, the level at the start of the year. Enter the "
                 "year's increase for an 増加分 KPI."),
    IssueType("actual-level-unconvertible", W,
              ja="{cell} の実績値 {typed} は、{year}の目標値（増加分 {target}）より目標の"
                 "水準 {level} に近く、水準を入力したもののようですが、前の年度の実績値が"
                 "そろっていないため増加分に直せません（入力のまま判定しました）。"
                 "その年度の増加分を入力してください。",
              en="The actual {typed} in {cell} looks like a level (nearer to {level} than "
                 "to the target increase {target} of {year}), but an earlier actual is "
                 "missing, so it cannot be turned into the year's increase; it was judged "
                 "as typed. Enter the year's increase."),
    IssueType("effect-differs", I,
              ja="{cell} の事業効果「{effect}」は、KPI の結果から出した案「{proposal}」と異なり"
                 "ます（{reason}）。判断は外部有識者に委ね、集計ブックの「事業別」に両方を"
                 "並べます。",
              en="The 事業効果 '{effect}' in {cell} differs from the proposal the KPIs "
                 "suggest, '{proposal}' ({reason}). The experts decide; the consolidated "
                 "workbook's 事業別 sheet shows both."),
    # --- across files ----------------------------------------------------------------------
    IssueType("project-duplicate", E,
              ja="事業「{project}」は {other} でも提出されています。",
              en="Project '{project}' is also submitted in {other}."),
    IssueType("project-number-conflict", E,
              ja="事業番号 {number} が「{project}」と「{other}」の二つの事業に"
                 "使われています。",
              en="Project number {number} is used for two projects: '{project}' and "
                 "'{other}'."),
    IssueType("department-spelling", W,
              ja="担当課「{department}」は「{other}」と表記が異なります（全角・半角や"
                 "空白）。",
              en="Department '{department}' is spelled differently from '{other}' "
                 "(full/half width or spaces)."),
    # --- the output (merge) ------------------------------------------------------------------
    IssueType("output-is-input", E,
              ja="出力ファイル {file} は入力の提出ブックの一つです。提出ブックを上書きしない"
                 "よう、別の名前を指定してください。",
              en="The output file {file} is one of the input submissions; choose another "
                 "name so that no submission is overwritten."),
    IssueType("output-is-source", E,
              ja="出力ファイル {file} は読み込む集計ブックそのものです。集計ブックを上書きしない"
                 "よう、別のフォルダを指定してください。",
              en="The output file {file} is the consolidated workbook being read; choose "
                 "another folder so that it is not overwritten."),
    IssueType("output-is-previous", E,
              ja="出力ファイル {file} は --previous の前回の集計ブックと同じファイルです。"
                 "前年度の記録を上書きしないよう、別の名前を指定してください"
                 "（例: {suggested}）。",
              en="The output file {file} is the previous consolidated workbook given with "
                 "--previous; choose another name so that last year's record is not "
                 "overwritten (e.g. {suggested}).",
              window=Phrase(
                  ja="保存先の {file} は、設定の「前回の集計ブック」と同じファイルです。"
                     "前年度の記録を上書きしないよう、別の名前を指定してください"
                     "（例: {suggested}）。",
                  en="{file} is the 'Previous consolidated workbook' of the settings; save "
                     "under another name so that last year's record is not overwritten "
                     "(e.g. {suggested}).")),
    IssueType("output-is-reference", E,
              ja="出力ファイル {file} は、この集計で読み込む{what}と同じファイルです。"
                 "読み込むファイルを上書きしないよう、別の名前を指定してください。",
              en="The output file {file} is {what}, which this merge reads; choose "
                 "another name so that it is not overwritten."),
    IssueType("report-form-is-consolidated", E,
              ja="国への報告の保存先 {file} は、集計ブック（この集計で作成するもの、または既に"
                 "ある集計ブックやその事業シートのブック）です。集計ブックを上書きしないよう、"
                 "別の名前を指定してください（例: {suggested}）。",
              en="The file for 国への報告, {file}, is a consolidated workbook (the one this "
                 "merge writes, or an existing one or one of its parts); choose another name "
                 "so that it is not overwritten (e.g. {suggested})."),
    IssueType("output-folder-uncreatable", E,
              ja="出力先のフォルダ {folder} を作成できないため、{file} を書き込めません。"
                 "フォルダ名の綴り、ドライブや共有フォルダの接続、書き込みの権限を確認して"
                 "ください（同じ名前のファイルがあると作成できません）。",
              en="Cannot create the output folder {folder}, so {file} cannot be written. "
                 "Check its spelling, that the drive or network share is connected and that "
                 "you may write there (a file of the same name prevents it)."),
    IssueType("output-no-permission", E,
              ja="出力ファイル {file} を書き込む権限がありません（フォルダ {folder}）。"
                 "別のフォルダを指定してください。",
              en="You may not write the output file {file} (folder {folder}); choose "
                 "another folder."),
    IssueType("output-disk-full", E,
              ja="ディスクの空きが足りないため、出力ファイル {file} を書き込めません。"
                 "元のファイルは変更していません。",
              en="The disk is full: the output file {file} could not be written. Any "
                 "existing file was left unchanged."),
    IssueType("return-inside-input", E,
              ja="差し戻しファイルの保存先 {folder} は、チェックする提出ブックの場所"
                 "（{input}）です。次のチェックで読み込まれないよう、別のフォルダを"
                 "指定してください。",
              en="The folder for return copies, {folder}, is where the submissions are "
                 "checked from ({input}); choose another folder so that the next check "
                 "does not read them."),
    IssueType("return-copy-skipped", I,
              ja="このツールが作成した差し戻しファイルで、まだ修正・保存されていないため、"
                 "提出ブックとしては読みませんでした（元のファイル: {source}）。",
              en="A return copy written by this tool and not yet corrected and saved: not "
                 "read as a submission (copy of {source})."),
    IssueType("return-copy-renamed", I,
              ja="{source} の差し戻しファイルは、同じ名前のほかの提出ブックと区別するため"
                 " {copy} という名前にしました。",
              en="The return copy of {source} is named {copy}, because another submission "
                 "has the same file name."),
    IssueType("next-year-nothing", I,
              ja="{file} には次年度に報告する事業がないため、様式は作成しませんでした。",
              en="{file} has no project with anything left to report: no workbook was "
                 "written."),
    IssueType("next-year-exists", E,
              ja="フォルダ {folder} には同じ名前のファイル（{files}）が既にあります。"
                 "担当課の提出ブックを上書きしないよう、次年度様式は作成しませんでした。"
                 "空のフォルダを指定するか、それらのファイルを移動してください。",
              en="The folder {folder} already holds files of the same names ({files}). So "
                 "that no department's submission is overwritten, next year's workbooks were "
                 "not written: choose an empty folder or move those files away."),
    IssueType("input-none", E,
              ja="指定された場所に Excel ブック（.xlsx/.xlsm）が見つかりません: {file}",
              en="No Excel workbook (.xlsx/.xlsm) was found in what was given: {file}"),
    IssueType("output-locked", E,
              ja="出力ファイル {file} に書き込めません。Excel などで開いている場合は閉じてから"
                 "やり直してください。元のファイルは変更していません。",
              en="Cannot write the output file {file}. If it is open in Excel or another "
                 "program, close it and try again. The existing file was left unchanged."),
    IssueType("output-unwritable", E,
              ja="出力ファイル {file} を書き込めません（{reason}）。元のファイルは変更して"
                 "いません。",
              en="Cannot write the output file {file} ({reason}). Any existing file was "
                 "left unchanged."),
    # --- roster, previous workbook, pre-filled workbooks (issue 5) --------------------------
    IssueType("roster-unreadable", E,
              ja="提出予定の名簿 {file} を読めません（{reason}）。",
              en="Cannot read the roster {file} ({reason})."),
    IssueType("roster-row-invalid", W,
              ja="名簿 {cell} の行に担当課がないため読み飛ばしました。",
              en="Row {cell} of the roster has no department and was skipped."),
    IssueType("roster-department-missing", E,
              ja="担当課「{department}」が未提出です（名簿の事業: {projects}）。",
              en="Department '{department}' has not submitted (roster projects: "
                 "{projects})."),
    IssueType("roster-project-missing", E,
              ja="担当課「{department}」の事業「{project}」（事業番号 {number}）が"
                 "提出されていません。",
              en="Project '{project}' (number {number}) of department '{department}' has "
                 "not been submitted."),
    IssueType("roster-department-unexpected", W,
              ja="担当課「{department}」は名簿にありません。",
              en="Department '{department}' is not in the roster."),
    IssueType("roster-project-unexpected", W,
              ja="事業「{project}」（{department}）は名簿にありません。",
              en="Project '{project}' ({department}) is not in the roster."),
    IssueType("settings-unreadable", E,
              ja="設定ファイル {file} を読めません（{reason}）。",
              en="Cannot read the settings file {file} ({reason})."),
    IssueType("consolidated-unreadable", E,
              ja="{file} を集計ブックとして読めません（{reason}）。kpi-workbook merge で作成した"
                 "集計ブックを指定してください。",
              en="{file} cannot be read as a consolidated workbook ({reason}). Give a "
                 "consolidated workbook written by kpi-workbook merge.",
              window=Phrase(
                  ja="{file} を集計ブックとして読めません（{reason}）。「集計ブックを作成」で"
                     "作成した集計ブックを選んでください。",
                  en="{file} cannot be read as a consolidated workbook ({reason}). Choose "
                     "one written with 'Create consolidated workbook'.")),
    IssueType("previous-unreadable", E,
              ja="前回の集計ブック {file} を読めません（{reason}）。",
              en="Cannot read the previous consolidated workbook {file} ({reason})."),
    # --- publish: the consolidated workbook read back (spec §5.2) -------------------------
    IssueType("publish-unreadable", E,
              ja="{file} を集計ブックとして開けません（{reason}）。",
              en="{file} cannot be opened as a consolidated workbook ({reason})."),
    IssueType("publish-sheet-missing", E,
              ja="{file} にシート「{sheet}」がありません。kpi-workbook merge で作成した"
                 "集計ブックを指定してください。",
              en="{file} has no sheet '{sheet}'. Give a consolidated workbook written by "
                 "kpi-workbook merge.",
              window=Phrase(
                  ja="{file} にシート「{sheet}」がありません。「集計ブックを作成」で作成した"
                     "集計ブックを選んでください。",
                  en="{file} has no sheet '{sheet}'. Choose a consolidated workbook written "
                     "with 'Create consolidated workbook'.")),
    IssueType("publish-column-missing", E,
              ja="{file} のシート「{sheet}」の見出し行（{cell}）に列「{column}」がありません。"
                 "列名を元に戻してください。",
              en="The header row ({cell}) of sheet '{sheet}' in {file} has no column "
                 "'{column}'. Restore the column name."),
    IssueType("publish-cell-invalid", E,
              ja="{file} のシート「{sheet}」のセル {cell}（{column}）の値「{raw}」を"
                 "読めません（{expected}）。",
              en="Cell {cell} ({column}) of sheet '{sheet}' in {file} holds '{raw}', which "
                 "cannot be read ({expected})."),
    IssueType("publish-project-unknown", E,
              ja="{file} のシート「{sheet}」のセル {cell} の事業「{project}」は、シート"
                 "「{projects_sheet}」にありません。",
              en="Project '{project}' in cell {cell} of sheet '{sheet}' in {file} is not in "
                 "sheet '{projects_sheet}'."),
    # --- what a page about to be published shows (publish still writes it, spec §5.2) ---
    IssueType("publish-errors-listed", W,
              ja="{file} の「{sheet}」にはエラーが {count} 件あります。エラーのある値も、"
                 "そのまま公表用ページに載ります。",
              en="'{sheet}' of {file} lists {count} error(s); the values they concern are "
                 "published as they are."),
    IssueType("publish-value-not-number", W,
              ja="「{sheet}」{cell} の事業「{project}」の「{kpi}」の{column}「{raw}」は数値ではない"
                 "ため、文字のまま公表用ページに載ります。",
              en="The {column} '{raw}' of '{kpi}' of project '{project}' ({sheet} {cell}) is "
                 "not a number: it is published as text."),
    IssueType("publish-scope-unknown", W,
              ja="「{sheet}」{cell} の事業「{project}」は実施区分が読めないため、公表用ページでは"
                 "「実施区分が読めない事業」の見出しの下に載ります。",
              en="Project '{project}' ({sheet} {cell}) has no readable 実施区分: the page "
                 "lists it under the heading 実施区分が読めない事業."),
    IssueType("publish-choice-not-in-list", W,
              ja="「{sheet}」{cell} の事業「{project}」の{column}「{raw}」は選択肢"
                 "（{choices}）にありません。記入されたとおりに載ります。",
              en="The {column} '{raw}' of project '{project}' ({sheet} {cell}) is not one "
                 "of the choices ({choices}); it is published as typed."),
    IssueType("previous-value-changed", W,
              ja="事業「{project}」の「{kpi}」{year}の{field}が前回の {old} から {new} に"
                 "変わっています。",
              en="The {field} of '{kpi}' in {year} of project '{project}' changed from "
                 "{old} (previous report) to {new}."),
    IssueType("previous-value-finalised", I,
              ja="事業「{project}」の「{kpi}」{year}の実績値が、前回の速報値 {old} から確定値 "
                 "{new} になりました。",
              en="The actual of '{kpi}' in {year} of project '{project}' is final now: "
                 "{new} (the previous report's preliminary figure was {old})."),
    IssueType("previous-kpi-renamed", W,
              ja="事業「{project}」の指標名が前回の「{old}」から「{new}」に変わっています。",
              en="A KPI of project '{project}' was renamed from '{old}' (previous report) "
                 "to '{new}'."),
    IssueType("previous-unit-changed", W,
              ja="事業「{project}」の「{kpi}」の単位が前回の「{old}」から「{new}」に"
                 "変わっています。",
              en="The unit of '{kpi}' in project '{project}' changed from '{old}' (previous "
                 "report) to '{new}'."),
    IssueType("previous-kpi-missing", W,
              ja="事業「{project}」の指標「{kpi}」が前回はありましたが、今回はありません。",
              en="KPI '{kpi}' of project '{project}' was in the previous report but is "
                 "missing now."),
    IssueType("previous-project-missing", W,
              ja="事業「{project}」（{department}）は前回の集計（{previous}）にありましたが、"
                 "今回は提出されていません。",
              en="Project '{project}' ({department}) was in the previous report "
                 "({previous}) but is missing now."),
    IssueType("output-links-limited", I,
              ja="検証結果の {count} 件には移動先のリンクを付けていません（Excel のハイパー"
                 "リンクは 1 シート {limit} 件まで）。移動先の文字は載せています。",
              en="{count} rows of 検証結果 have no link to their place (Excel allows {limit} "
                 "hyperlinks per sheet); the place is still written."),
    IssueType("output-split", I,
              ja="事業シート {sheets} 枚は、{parts} 個のブック（同じフォルダの {pattern}）に分けて"
                 "書き出しました。集計一覧・検証結果・提出状況などはこのブックにあります。",
              en="The {sheets} project sheets were written to {parts} workbooks ({pattern} in "
                 "the same folder); 集計一覧, 検証結果, 提出状況 and the rest are in this one."),
    IssueType("consolidated-formula-uncached", E,
              ja="{file} のシート「{sheet}」のセル {cell}（{column}）は数式「{formula}」で、"
                 "計算結果が保存されていないため読めません。文字で入力し直すか、Excel で開いて"
                 "上書き保存してから、もう一度実行してください。",
              en="Cell {cell} ({column}) of sheet '{sheet}' in {file} holds the formula "
                 "'{formula}' with no saved result, so it cannot be read. Type the text "
                 "instead, or open and save the workbook in Excel, then run again."),
    IssueType("consolidated-part-given", E,
              ja="{file} は集計ブック「{main}」の事業シートのブックです。集計ブック本体を指定して"
                 "ください。",
              en="{file} holds project sheets of the consolidated workbook '{main}'; give "
                 "the consolidated workbook itself."),
    # --- a re-merge onto an existing OUT: the verification record typed into it -----------
    IssueType("evaluation-carried", I,
              ja="既にあった {file} の「外部評価」から、{projects} 事業の記入内容（{cells} 件）を"
                 "新しい集計ブックに引き継ぎました。",
              en="Carried over what was typed into 外部評価 of the existing {file} "
                 "({cells} cell(s) of {projects} project(s))."),
    IssueType("evaluation-project-gone", W,
              ja="事業「{project}」（事業番号 {number}）は今回の集計にありません。既にあった集計"
                 "ブックの「外部評価」{cell} の行の記入内容は、新しい集計ブックの「外部評価」の"
                 "最後に「今回の集計にない事業」の行として残しました（公表用ページには載りません）。"
                 "記入内容: {entries}",
              en="Project '{project}' (number {number}) is not in this merge. What was typed "
                 "in the row of cell {cell} of 外部評価 of the existing workbook is kept as a "
                 "row at the bottom of the new 外部評価, marked as not in this merge (it is "
                 "not published). It reads: {entries}"),
    IssueType("evaluation-row-duplicate", W,
              ja="既にあった集計ブックの「外部評価」{cell} の行は、事業「{project}」の 2 つ目の行"
                 "です。1 つ目の行の記入内容を引き継ぎ、この行の内容は新しい「外部評価」の最後に"
                 "残しました。必要なら 1 つ目の行に書き写してください。記入内容: {entries}",
              en="The row of cell {cell} of 外部評価 of the existing workbook is a second row "
                 "of project '{project}'. The first row was carried over; this one is kept "
                 "at the bottom of the new 外部評価 (copy it into the first if it is needed). "
                 "It reads: {entries}"),
    IssueType("evaluation-record-unreadable", E,
              ja="既にある集計ブック {file} の「外部評価」に記入された内容を読めません"
                 "（{reason}）。記入内容を失わないよう、集計ブックは作成していません（元のファイルは変更して"
                 "いません）。内容を確認して保存し直すか、別の名前で作成してください。",
              en="What was typed into 外部評価 of the existing consolidated workbook {file} "
                 "cannot be read ({reason}). So as not to lose it, nothing was written (the "
                 "file is unchanged). Check and save it again, or write to another name."),
    IssueType("consolidated-part-missing", E,
              ja="集計ブック {file} の事業シートのブック {part} が見つかりません。",
              en="The project-sheet workbook {part} of the consolidated workbook {file} "
                 "is missing."),
]

CATALOGUE: Final[dict[str, IssueType]] = {t.code: t for t in _TYPES}

#: Info issues that say a file was found but not read as a submission: what happened to
#: that file, so the report shows them even without --verbose.
SKIPPED_FILE_CODES: Final = frozenset({"consolidated-skipped", "return-copy-skipped",
                                       "template-blank"})
#: Infos a text report shows without --verbose: how the file was read (the form told by
#: its labels under --profile auto).
SHOWN_INFO_CODES: Final = SKIPPED_FILE_CODES | {"profile-detected"}


class _Params(dict[str, object]):
    """Format mapping that leaves an unknown placeholder visible instead of raising."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render(code: str, lang: Lang, where: Location, params: Mapping[str, object],
           front: Front = "cli") -> str:
    """The message of ``code`` in ``lang`` for the reader at ``front``, with the position
    and the params filled in."""
    issue_type = CATALOGUE[code]
    wording = (issue_type.window if front == "window" and issue_type.window is not None
               else Phrase(issue_type.ja, issue_type.en))
    template = wording.en if lang == "en" else wording.ja
    values = _Params(file=where.file.name, sheet=where.sheet or "", cell=where.cell or "")
    values.update({k: _show(v, lang) for k, v in issue_type.defaults.items()})
    values.update({k: _show(v, lang) for k, v in params.items()})
    return template.format_map(values)


def _show(value: object, lang: Lang = "ja") -> str:
    # Numbers read like a clerk writes them: 10462414 -> 10,462,414; 0.054 stays as is.
    if isinstance(value, Phrase):
        return value.en if lang == "en" else value.ja
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() else f"{value:,.6g}"
    return str(value)


_SEVERITY_LABELS: Final[dict[Severity, dict[Lang, str]]] = {
    Severity.ERROR: {"ja": "エラー", "en": "Error"},
    Severity.WARNING: {"ja": "警告", "en": "Warning"},
    Severity.INFO: {"ja": "情報", "en": "Info"},
}


def severity_label(severity: Severity, lang: Lang = "ja") -> str:
    """エラー / 警告 / 情報 (Error / Warning / Info): one wording in every output."""
    return _SEVERITY_LABELS[severity][lang]


def catalogue_markdown() -> str:
    """The catalogue as README's table; ``python -m kpi_workbook.domain.issue_table``
    prints it."""
    rows = ["| code | 重要度 | メッセージ（日本語） |", "|---|---|---|"]
    for code, t in CATALOGUE.items():
        rows.append(f"| `{code}` | {severity_label(t.severity)} | {t.ja.replace('|', '/')} |")
    return "\n".join(rows)

