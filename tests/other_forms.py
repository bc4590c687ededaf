"""Workbooks in other municipalities' forms, rebuilt from ``shared/notes/other-layouts.md``.

Each builder writes one layout of the notes with openpyxl, the header and cell strings as the
notes give them (numbering, brackets, full-width commas, 「H28.3」 as typed text), merged
cells where a printed form merges them (a project's name over its five KPI lines, group
headers over their columns), and a variation keyword or two where the field varies (目標月
for 目標年月, an extra column, columns in another order, a one-row header). Values the notes
leave out (the names of the projects whose KPI lines the extraction interleaved) are made up
here and say so.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.styles import Alignment
from openpyxl.worksheet.worksheet import Worksheet

WRAP = Alignment(wrap_text=True, vertical="top")


def _put(ws: Worksheet, row: int, col: int, value: Any) -> None:
    cell = ws.cell(row, col, value)
    if isinstance(value, str) and "\n" in value:
        cell.alignment = WRAP


# --- family A: the national 事業実施結果報告 (様式2) ------------------------------------------

L1_TITLE = ("様式2",
            "地域活性化・地域住民生活等緊急支援交付金(地方創生先行型)に係る事業実施結果報告",
            "(各交付対象事業の重要業績評価指標(KPI)の実績値等)")
L1_HEADER = (("都道府県名", "熊本県"), ("市町村名", "玉東町"),
             ("都道府県・市町村コード(5桁)", "43364"), ("担当部局課名", "総務課"),
             ("連絡先 (電話)", "0968-85-3111"))

# (group header, own header) of each column of 玉東町's table, in order; None: no group.
NATIONAL_COLUMNS: tuple[tuple[str | None, str], ...] = (
    (None, "No"),
    (None, "① 交付対象事業の名称"),
    (None, "② 交付金の種類"),
    (None, "③ 実績額 (単位:円)"),
    ("④ 本事業における重要業績評価指標(KPI)", ""),  # the 指標①… line labels
    ("④ 本事業における重要業績評価指標(KPI)", "指標"),
    ("④ 本事業における重要業績評価指標(KPI)", "指標値"),
    ("④ 本事業における重要業績評価指標(KPI)", "単位"),
    ("④ 本事業における重要業績評価指標(KPI)", "目標年月"),
    ("⑤ 本事業終了後における実績値", "実績値"),
    ("⑤ 本事業終了後における実績値", "事業効果"),
    ("⑥ 外部有識者からの評価", "事業の評価"),
    ("⑥ 外部有識者からの評価", "外部有識者からの意見"),
    ("⑦ 実績値を踏まえた事業の今後について", "今後の方針"),
    ("⑦ 実績値を踏まえた事業の今後について", "今後の方針の理由"),
)

LINE_LABELS = ("指標①", "指標②", "指標③", "指標④", "指標⑤")

# 玉東町's projects. Project 1 is the notes' sample row (binding high). The KPI lines are
# the notes' "further KPI lines"; the projects they belong to are interleaved in the
# extraction, so the names of projects 2-4 are made up here.
L1_PROJECTS: list[dict[str, Any]] = [
    {"No": 1, "名称": "玉東町総合戦略策定事業", "種類": "基礎交付", "実績額": "2,673,000",
     "lines": [],
     "事業の評価": "総合戦略のKPI達成に有効であった",
     "意見": "予定どおり総合戦略が策定されたため特に意見なし",
     "方針": "予定通り事業終了",
     "理由": "本事業により総合戦略を策定し、当初の予定どおり事業を終了した。"},
    {"No": 2, "名称": "移住定住促進事業（fixture）", "種類": "基礎交付", "実績額": 1500000,
     "lines": [("おためし暮らし利用件数", 2, "件", "H28.3", None, None),
               ("移住希望者の雇用", 1, "人", "H28.3", None, None)]},
    {"No": 3, "名称": "雇用創出事業（fixture）", "種類": "基礎交付", "実績額": 980000,
     "lines": [("失業者の雇用", 3, "人", "H28.3", None, None)]},
    {"No": 4, "名称": "特産品販路拡大事業（fixture）", "種類": "上乗せ交付", "実績額": 3200000,
     "lines": [("全国的な販路拡大", "9,000", "個", "H28.3", None, None)]},
    {"No": 5, "名称": "子育て支援事業（fixture）", "種類": "基礎交付", "実績額": 2100000,
     "lines": [("出生数前年比増", 3, "人", "H28.3", 11, "地方創生に非常に効果的であった"),
               ("第3子以降の出生数前年比増", 1, "世帯", "H28.3", 1,
                "地方創生に相当程度効果があった")],
     "事業の評価": "総合戦略のKPI達成に有効であった",
     "意見": "事業実施により一定の成果が確認されたため特に意見なし",
     "方針": "事業の継続", "理由": "出生数の増加が見られたため継続する。"},
]


def write_national(path: Path, *, projects: Sequence[dict[str, Any]] = L1_PROJECTS,
                   columns: Sequence[tuple[str | None, str]] = NATIONAL_COLUMNS,
                   header_block: Sequence[tuple[str, str]] = L1_HEADER,
                   title: Sequence[str] = L1_TITLE, one_row_header: bool = False,
                   sheet: str = "様式2") -> Path:
    """玉東町's 様式2 as submitted (or a variation: other ``columns`` in any order, a header
    of one row). Each project spans five KPI lines (指標①–⑤), its own cells merged over
    them as the printed form merges them."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet
    row = 1
    for line in title:
        _put(ws, row, 1, line)
        row += 1
    row += 1
    for label, value in header_block:
        _put(ws, row, 1, label)
        _put(ws, row, 3, value)
        row += 1
    row += 1
    top = row
    own_row = top if one_row_header else top + 1
    # group headers merged across their columns; a column without one merged down
    col = 1
    while col <= len(columns):
        group, own = columns[col - 1]
        if one_row_header:
            _put(ws, top, col, own or None)
            col += 1
            continue
        if group is None:
            _put(ws, top, col, own)
            ws.merge_cells(start_row=top, start_column=col, end_row=top + 1, end_column=col)
            col += 1
            continue
        last = col
        while last < len(columns) and columns[last][0] == group:
            last += 1
        _put(ws, top, col, group)
        if last > col:
            ws.merge_cells(start_row=top, start_column=col, end_row=top, end_column=last)
        for c in range(col, last + 1):
            _put(ws, top + 1, c, columns[c - 1][1] or None)
        col = last + 1
    index = {own: i + 1 for i, (_, own) in enumerate(columns)}
    row = own_row + 1
    for project in projects:
        first = row
        for n, label in enumerate(LINE_LABELS):
            if "" in index:
                _put(ws, row + n, index[""], label)
        for n, line in enumerate(project.get("lines", [])):
            name, target, unit, month, actual, effect = line
            for header, value in (("指標", name), ("指標値", target), ("単位", unit),
                                  ("目標年月", month), ("目標月", month),
                                  ("実績値", actual), ("事業効果", effect)):
                if header in index and value is not None:
                    _put(ws, first + n, index[header], value)
        for col, (_, own) in enumerate(columns, start=1):
            key = _project_role(own)
            if key is not None and project.get(key) is not None:
                _put(ws, first, col, project[key])
                ws.merge_cells(start_row=first, start_column=col, end_row=first + 4,
                               end_column=col)
        row += len(LINE_LABELS)
    wb.save(path)
    return path


_ROLES = (("今後の方針の理由", "理由"), ("今後の方針", "方針"), ("名称", "名称"),
          ("実績額", "実績額"), ("種類", "種類"), ("概要", "概要"), ("事業の評価", "事業の評価"),
          ("意見", "意見"), ("担当課", "担当課"), ("No", "No"), ("備考", "備考"))


def _project_role(header: str) -> str | None:
    """Which entry of a project a column of the project's own (not a KPI line) holds."""
    return next((key for part, key in _ROLES if part in header), None)


# 南九州市 (L3): no 目標年月 and no 外部有識者 columns, 事業概要 a free-text column, the
# choice lists printed on the sheet below the table, full-width commas.
L3_COLUMNS: tuple[tuple[str | None, str], ...] = (
    (None, "No"),
    (None, "① 交付対象事業の名称"),
    (None, "② 実績額 (交付金充当額) 単位:円"),
    (None, "③ 事業概要"),
    ("④ 計画時の成果目標値(KPI)", "指標"),
    ("④ 計画時の成果目標値(KPI)", "指標値"),
    ("④ 計画時の成果目標値(KPI)", "単位"),
    ("⑤ 事業終了後における実績値", "実績値"),
    ("⑤ 事業終了後における実績値", "事業効果"),
    ("⑥ 実績値を踏まえた事業の今後について", "今後の方針"),
    ("⑥ 実績値を踏まえた事業の今後について", "今後の方針の理由"),
)
L3_PROJECTS: list[dict[str, Any]] = [
    {"No": 1, "名称": "南九州市総合戦略策定事業", "実績額": "6,161,000",
     "概要": "国の長期ビジョンと総合戦略を勘案するとともに県と連携し,人口ビジョンの策定や"
             "今後5ヶ年の目標や具体的な施策等をまとめた「地方版総合戦略」を策定する。",
     "lines": [], "方針": "予定通り事業終了", "理由": "総合戦略を策定した。"},
    {"No": 2, "名称": "6次産業化等による持続可能な地域活性化事業", "実績額": "19,465,000",
     "概要": "少子高齢化が進み地域が疲弊していく中,地域資源を活かした6次産業化を進める。",
     # the KPI line is made up (the notes give the project row only)
     "lines": [("6次産業化商品の開発数（fixture）", 5, "件", None, 4, "地方創生に効果がなかった")],
     "方針": "事業内容の見直し(改善)", "理由": "販路の確保が課題である。"},
]
L3_CHOICES = ("事業効果 (選択肢)", "1. 地方創生に非常に効果的であった",
              "2. 地方創生に相当程度効果があった", "3. 地方創生に効果があった",
              "4. 地方創生に効果がなかった", "今後の方針 (選択肢)", "1. 追加等更に発展させる",
              "2. 事業内容の見直し(改善)", "3. 事業の継続", "4. 事業の中止",
              "5. 予定通り事業終了")


def write_minamikyushu(path: Path) -> Path:
    """南九州市's H27 先行型 効果検証結果 with its choice lists printed below the table."""
    write_national(path, projects=L3_PROJECTS, columns=L3_COLUMNS,
                   header_block=(("市町村名", "南九州市"),), sheet="効果検証結果",
                   title=("H27 地方創生先行型 効果検証結果",))
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    assert ws is not None
    row = ws.max_row + 2
    _put(ws, row, 1, "※ 選択肢")
    for n, text in enumerate(L3_CHOICES, start=1):
        _put(ws, row + n, 2, text)
    wb.save(path)
    return path


# --- family B: a sheet per project (つくば市 実績評価シート, L6) ------------------------------

L6_KAKUTEI: dict[str, Any] = {
    "sheet": "基礎交付分",
    "title": "実績評価シート【重要業績評価指標(KPI)】",
    "version": "平成28年3月作成・11月確定",
    "事業名": "つくばの資源(文化・芸術・スポーツ・科学技術等)をいかした地域活性化事業",
    "事業の概要・目的": "つくば市が持つ資源,文化・芸術・スポーツ・科学技術等をいかし,"
                        "地域の活性化を図る。",
    "交付金を充当する事業経費":
        "①科学技術等のつくばの魅力・特性をいかしたプロモーションイベントの実施 ②…",
    "money": ("550,000円", "522,500 円", "524,700 円", "無し"),
    "事業始期": "平成27年4月", "事業終期": "平成27年10月",
    "target": ("200", "(人)", "平成27年10月"),
    "actual": ("282", "(人)", "平成27年10月"),
    "有効性": "高:成果が向上(高水準を維持)している",
    "効率性": "中:適切な費用対効果が得られている",
    "総合評価": "A:成果を維持して継続実施",
    "実績値の計算方法": "イベント来場者を受付時により計測。",
    "確定の時期": ("H27数値確定の時期", "確定"),
}
L6_SOKUHO: dict[str, Any] = {
    "sheet": "加速化交付金",
    "title": "実績評価シート【重要業績評価指標(KPI)】",
    "version": "平成29年2月時点速報版",
    "事業名": "6市連携による広域観光推進事業（fixture の名称）",
    "事業の概要・目的": "6市が連携して観光客の周遊を促す。",
    "連携自治体": "つくば市、土浦市、石岡市、筑西市、笠間市、桜川市（fixture）",
    "money": ("10,000,000円", "10,000,000 円", "9,800,000 円", "200,000 円"),
    "事業始期": "平成28年4月", "事業終期": "平成29年3月",
    "target": ("190 万人", "", "平成29年3月"),
    "actual": ("-", "", ""),
    "有効性": "中:成果が維持されている",
    "効率性": "中:適切な費用対効果が得られている",
    "総合評価": "B:成果・費用対効果の向上に努めつつ継続実施",
    "実績値の計算方法": "茨城県が集計を行う観光客動態調査より集計。",
    "確定の時期": ("フォローアップ(H28数値確定)の時期", "H29.5"),
}


def _per_project_sheet(ws: Worksheet, data: dict[str, Any]) -> None:
    """One 実績評価シート: labels in A (B for the KPI's sub-labels), values from C."""
    _put(ws, 1, 1, data["title"])
    _put(ws, 1, 6, data["version"])
    row = 3
    for label in ("事業名", "事業の概要・目的", "連携自治体", "交付金を充当する事業経費"):
        if label in data:
            _put(ws, row, 1, label)
            _put(ws, row, 3, data[label])
            ws.merge_cells(start_row=row, start_column=3, end_row=row, end_column=6)
            row += 1
    # a row of money labels over a row of values
    for col, label in enumerate(("(交付金額)", "国費充当額", "決算額", "不用額"), start=3):
        _put(ws, row, col, label)
        _put(ws, row + 1, col, data["money"][col - 3])
    row += 2
    _put(ws, row, 1, "事業始期")
    _put(ws, row, 3, data["事業始期"])
    _put(ws, row, 4, "事業終期")
    _put(ws, row, 5, data["事業終期"])
    row += 1
    _put(ws, row, 1, "KPI")
    ws.merge_cells(start_row=row, start_column=1, end_row=row + 1, end_column=1)
    for offset, (label, key) in enumerate((("目標値 (単位) 時期", "target"),
                                           ("実績値 (単位) 時期", "actual"))):
        _put(ws, row + offset, 2, label)
        for col, value in enumerate(data[key], start=3):
            if value:
                _put(ws, row + offset, col, value)
    row += 2
    for label in ("有効性", "効率性", "総合評価", "実績値の計算方法"):
        _put(ws, row, 1, label)
        _put(ws, row, 3, data[label])
        row += 1
    label, value = data["確定の時期"]
    _put(ws, row, 1, label)
    _put(ws, row, 3, value)


def write_tsukuba(path: Path, sheets: Sequence[dict[str, Any]] = (L6_KAKUTEI, L6_SOKUHO),
                  ) -> Path:
    """つくば市's 実績評価シート: one sheet per project (確定 and 速報版)."""
    wb = openpyxl.Workbook()
    first = wb.active
    assert first is not None
    wb.remove(first)
    for data in sheets:
        _per_project_sheet(wb.create_sheet(data["sheet"]), data)
    wb.save(path)
    return path


# --- family C: column tables (富岡市 L10, 綾町 L14) ------------------------------------------

L10_HEADER = ("№", "事業名", "内容", "総合戦略の位置付", "KPI (H27年度)", "実績 (H27年度)",
              "担当課")
L10_ROWS: list[tuple[Any, ...]] = [
    (1, "観光情報発信事業", "観光情報をホームページで発信する（fixture）",
     "施策Ⅱ-4 交流による地域づくりを進めるための体制づくり",
     "ホームページアクセス数100万件", "ホームページアクセス数0万件", "観光おもてなし課"),
    (2, "空き家情報データベース化事業", "空き家の情報を台帳に整理する（fixture）", "",
     "空き家台帳のデータ整理500件\nホームページアクセス数800件",
     "空き家台帳のデータ整理733件\nホームページアクセス数3,464件", "建築課"),
    (3, "インターンシップ推進事業", "市内企業のインターンを進める（fixture）", "",
     "インターン受入30人", "インターン受入9人", "産業振興課"),
]


def write_tomioka(path: Path, *, header: Sequence[str] = L10_HEADER,
                  rows: Sequence[Sequence[Any]] = L10_ROWS, order: Sequence[int] | None = None,
                  ) -> Path:
    """富岡市's 地方創生先行型交付金事業検証結果; ``order`` puts the columns in another order."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "検証結果"
    _put(ws, 1, 1, "地方創生先行型交付金事業検証結果")
    cols = list(order) if order is not None else list(range(len(header)))
    for out, index in enumerate(cols, start=1):
        _put(ws, 3, out, header[index])
        for r, row in enumerate(rows, start=4):
            if row[index] not in ("", None):
                _put(ws, r, out, row[index])
    wb.save(path)
    return path


L14_TARGETS = ("90万人", "92万人", "94万人", "96万人", "98万人")
L14_ACTUALS = ("96.8万人", "98.6万人")


def write_aya(path: Path) -> Path:
    """綾町's 総合戦略 重点目標及びKPI 実績評価シート: years as columns under 目標 and 実績."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "KPI評価"
    _put(ws, 1, 1, "総合戦略 重点目標及びKPI 実績評価シート")
    years = ("H27", "H28", "H29", "H30", "H31")
    head = ["重点項目", "基本的方向", *(["目標"] * 5), *(["実績"] * 5), "取組", "課題",
            "今後の方針", "事業", "担当課"]
    for col, text in enumerate(head, start=1):
        if text in ("目標", "実績"):
            continue
        _put(ws, 3, col, text)
        ws.merge_cells(start_row=3, start_column=col, end_row=4, end_column=col)
    _put(ws, 3, 3, "目標")
    ws.merge_cells(start_row=3, start_column=3, end_row=3, end_column=7)
    _put(ws, 3, 8, "実績")
    ws.merge_cells(start_row=3, start_column=8, end_row=3, end_column=12)
    for i, year in enumerate(years):
        _put(ws, 4, 3 + i, year)
        _put(ws, 4, 8 + i, year)
    # the row's texts other than the figures are made up (binding medium in the notes)
    values = ["観光交流の推進（fixture）", "観光入込客数の増加（fixture）", *L14_TARGETS,
              *L14_ACTUALS, None, None, None, "照葉樹林を活かした観光の推進（fixture）",
              "受入体制の整備（fixture）", "事業の継続", "観光振興事業（fixture）", "企画財政課"]
    for col, value in enumerate(values, start=1):
        if value is not None:
            _put(ws, 5, col, value)
    wb.save(path)
    return path
