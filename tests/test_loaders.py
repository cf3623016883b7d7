"""The import pipeline against the ledger contract (../shared/ledger-formats.md), file by file, row by row.

Every file here is written on the fly by tests/ledgers.py the way county offices make them: title rows, merged
cells, 填报单位 lines, 合计 and 填表人 footers, every date spelling, GBK CSVs, old .xls. Each test checks the
outcome of each data row and that loaded + updated + duplicate + rejected == rows.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest
from conftest import DATA_TABLES, assert_invariant, import_bytes, outcomes, snapshot
from ledgers import (
    FINDINGS_HEADER,
    ITEMS_HEADER,
    REQUESTS_HEADER,
    UNITS_HEADER,
    csv_bytes,
    finding,
    item,
    items_sheet,
    registry_sheets,
    request,
    write_csv,
    write_xls,
    write_xlsx,
)

import loaders.write
from core.errors import LedgerFormatError, UndoError
from loaders.batches import reprocess_quarantine, undo
from loaders.pipeline import import_file

OCT8 = date(2026, 10, 8)
RARE = "𠮷"  # outside GBK, inside GB18030


def items(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    rows = con.execute("""
        SELECT u.name AS unit, c.name AS column_name, i.title, i.published_on, i.created_on, i.doc_number, i.url,
               i.is_interpretation, i.import_id, i.updated_import_id
        FROM items i JOIN units u USING (unit_id) JOIN site_columns c USING (column_id) ORDER BY i.item_id""")
    names = [d[0] for d in rows.description]
    return [dict(zip(names, r)) for r in rows.fetchall()]


def quarantine(con: duckdb.DuckDBPyConnection, unresolved_only: bool = False) -> list[dict[str, Any]]:
    where = "WHERE resolved_import_id IS NULL" if unresolved_only else ""
    rows = con.execute(f"""SELECT import_id, file_name, sheet, row_number, kind, raw_json, reason, resolved_import_id
                           FROM quarantine {where} ORDER BY quarantine_id""")
    names = [d[0] for d in rows.description]
    return [dict(zip(names, r)) for r in rows.fetchall()]


def count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


# --- one hostile items sheet, in every file format ------------------------------------------------------

# Data starts on spreadsheet row 5 (title, 填报单位 line, blank row, header above it).
HOSTILE_ROWS = [
    item(
        title=f"关于做好国庆期间{RARE}家村安全生产工作的通知", url="http://yjj.example.gov.cn/tzgg/1.html"
    ),  # 5 loaded
    item(unit="县应急局", title="国庆值班安排", published="2026/10/8"),  # 6 loaded
    item(unit="应急管理局", title="国庆值班安排", published="2026年10月8日"),  # 7 duplicate of row 6
    item(unit="县XX局", title="不存在的单位发的信息"),  # 8 rejected
    item(title="日期写错的信息", published="2026-13-45"),  # 9 rejected
    item(title="", published="2026-10-08"),  # 10 rejected
    item(title="没写发布日期的信息", published=""),  # 11 rejected
]
HOSTILE_REASONS = {8: "单位未登记: 县XX局", 9: "日期无法识别: 2026-13-45", 10: "缺少标题", 11: "缺少发布日期"}


def _hostile_file(tmp_path: Path, fmt: str) -> Path:
    rows = [list(r) for r in HOSTILE_ROWS]
    sheet = "10月"
    if fmt in ("xlsx", "xlsm"):
        rows[0][3] = OCT8  # a real Excel date cell
        return write_xlsx(tmp_path / f"发布台账.{fmt}", {sheet: items_sheet(*rows)}, merges={sheet: ["A1:G1"]})
    if fmt == "xls":
        rows[0][3] = OCT8
        return write_xls(tmp_path / "发布台账.xls", {sheet: items_sheet(*rows)}, merges={sheet: [(0, 0, 0, 6)]})
    encoding, _, delimiter = fmt.partition("+")
    if encoding == "gbk":
        rows[0][2] = rows[0][2].replace(RARE, "吉")  # GBK cannot hold it at all
    return write_csv(
        tmp_path / f"发布台账_{fmt}.csv", items_sheet(*rows), encoding, "\t" if delimiter == "tab" else ","
    )


FORMATS = ["xlsx", "xlsm", "xls", "utf-8", "utf-8-sig", "gbk", "gb18030", "utf-8+tab", "gb18030+tab"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_hostile_items_sheet_gives_the_same_row_outcomes_in_every_format(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path, fmt: str
) -> None:
    path = _hostile_file(tmp_path, fmt)
    report = import_bytes(registry_con, path)

    assert report.rows == 7
    assert outcomes(report) == (2, 0, 1, HOSTILE_REASONS)  # rows 5 and 6 loaded, 7 a duplicate of 6
    assert report.kind == "items" and report.sheets_skipped == []
    stored = items(registry_con)
    expected_first = HOSTILE_ROWS[0][2] if fmt != "gbk" else HOSTILE_ROWS[0][2].replace(RARE, "吉")
    assert [(r["unit"], r["column_name"], r["title"], r["published_on"]) for r in stored] == [
        ("县应急管理局", "通知公告", expected_first, OCT8),
        ("县应急管理局", "通知公告", "国庆值班安排", OCT8),
    ]
    assert stored[0]["url"] == "http://yjj.example.gov.cn/tzgg/1.html"
    q = quarantine(registry_con)
    assert {r["row_number"]: r["reason"] for r in q} == HOSTILE_REASONS
    assert {r["file_name"] for r in q} == {path.name}
    expected_sheet = "10月" if fmt in ("xlsx", "xlsm", "xls") else "CSV"
    assert {r["sheet"] for r in q} == {expected_sheet}
    assert {r["import_id"] for r in q} == {report.import_id}
    assert {r["kind"] for r in q} == {"items"}


def test_csv_encoding_is_reported(registry_con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    report = import_bytes(registry_con, _hostile_file(tmp_path, "gbk"))
    assert report.encoding == "gb18030"
    report = import_bytes(registry_con, _hostile_file(tmp_path, "utf-8-sig"))
    assert report.encoding == "utf-8-sig"


def test_imports_row_records_counts_and_sheets(registry_con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    report = import_bytes(registry_con, _hostile_file(tmp_path, "xlsx"))
    row = registry_con.execute(
        """SELECT file_name, kind, status, rows, loaded, updated, duplicate, rejected,
                                         sheets_read, sheets_skipped, sha256, finished_at IS NOT NULL
                                  FROM imports WHERE import_id = ?""",
        [report.import_id],
    ).fetchone()
    assert row[:10] == ("发布台账.xlsx", "items", "completed", 7, 2, 0, 1, 4, "10月", "")
    assert len(row[10]) == 64 and row[11]


# --- sheets -----------------------------------------------------------------------------------------------


def test_every_sheet_with_a_header_is_read_and_others_are_skipped_by_name(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    path = write_xlsx(
        tmp_path / "发布台账.xlsx",
        {
            "填报说明": [["填报说明"], ["1. 每月5日前报送"], ["2. 日期写成2026-10-08"]],
            "9月": items_sheet(
                item(title="九月一", published="2026-09-10"), item(title="九月二", published="2026-09-11")
            ),
            "10月": items_sheet(item(title="十月一"), item(unit="县XX局", title="十月二")),
            "Sheet3": [],
        },
    )
    report = import_bytes(registry_con, path)
    assert report.sheets_read == ["9月", "10月"]
    assert report.sheets_skipped == ["填报说明", "Sheet3"]
    assert [(p.sheet, p.row_number, p.reason) for p in report.problems] == [("10月", 6, "单位未登记: 县XX局")]
    assert (report.rows, report.loaded, report.rejected) == (4, 3, 1)
    assert_invariant(report)
    assert sorted(r["title"] for r in items(registry_con)) == ["九月一", "九月二", "十月一"]
    assert registry_con.execute(
        "SELECT sheets_read, sheets_skipped FROM imports WHERE import_id = ?", [report.import_id]
    ).fetchone() == ("9月、10月", "填报说明、Sheet3")


def test_registry_sheet_is_written_before_items_sheet_of_the_same_workbook(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    sheets = {"发布台账": items_sheet(item(unit="应急局", title="同一工作簿里的信息"))}
    sheets |= registry_sheets()  # registry sheets come after the items sheet in the workbook
    report = import_bytes(con, write_xlsx(tmp_path / "全部.xlsx", sheets))
    assert report.rejected == 0
    assert report.kind == "units,columns,items"
    assert [r["unit"] for r in items(con)] == ["县应急管理局"]


def test_workbook_without_any_header_is_refused_and_nothing_written(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    before = snapshot(registry_con, with_imports=True)
    path = write_xlsx(tmp_path / "随便.xlsx", {"Sheet1": [["姓名", "电话"], ["张三", "123"]], "Sheet2": [["备注"]]})
    with pytest.raises(LedgerFormatError, match="没有找到可识别的表头"):
        import_bytes(registry_con, path)
    assert snapshot(registry_con, with_imports=True) == before


def test_forced_kind_only_looks_for_that_kind(registry_con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "发布台账.xlsx", {"S": items_sheet(item())})
    with pytest.raises(LedgerFormatError):
        import_bytes(registry_con, path, kind="findings")
    assert import_bytes(registry_con, path, kind="items").loaded == 1


# --- header detection -------------------------------------------------------------------------------------


def test_title_row_above_header_is_skipped(registry_con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    rows = [["XX县政府信息公开发布台账(2026年10月)"], ["（2026年第四季度）"], ITEMS_HEADER, item(title="只有标题行")]
    report = import_bytes(registry_con, write_xlsx(tmp_path / "a.xlsx", {"S": rows}, merges={"S": ["A1:G1", "A2:G2"]}))
    assert outcomes(report) == (1, 0, 0, {})
    assert [r["title"] for r in items(registry_con)] == ["只有标题行"]


def test_merged_title_blank_row_and_fill_in_line_above_header_are_not_data(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    rows = [
        ["XX县政府信息公开发布台账(2026年10月)"],
        [],
        ["填报单位:县应急管理局", "", "", "", "填报时间:2026年10月9日"],
        [],
        ITEMS_HEADER,
        item(title="第一条"),
        item(title="第二条"),
    ]
    report = import_bytes(registry_con, write_xlsx(tmp_path / "a.xlsx", {"S": rows}, merges={"S": ["A1:G1", "A3:D3"]}))
    assert outcomes(report) == (2, 0, 0, {})
    assert [r["title"] for r in items(registry_con)] == ["第一条", "第二条"]


def test_two_row_header_with_merged_group_cell_is_read_as_one(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    rows = [
        ["XX县政府信息公开发布台账"],
        ["单位", "栏目", "信息情况", "", "", "文件情况", ""],
        ["", "", "标题", "发布日期", "链接", "成文日期", "文号"],
        ["县应急管理局", "通知公告", "两行表头的信息", "2026-10-08", "http://x/2", "2026-10-01", "X应急〔2026〕5号"],
        ["县XX局", "通知公告", "两行表头的坏行", "2026-10-08", "", "", ""],
    ]
    merges = ["A1:G1", "A2:A3", "B2:B3", "C2:E2", "F2:G2"]
    report = import_bytes(registry_con, write_xlsx(tmp_path / "两行表头.xlsx", {"S": rows}, merges={"S": merges}))
    assert outcomes(report) == (1, 0, 0, {5: "单位未登记: 县XX局"})
    [stored] = items(registry_con)
    assert (stored["title"], stored["published_on"], stored["created_on"], stored["doc_number"], stored["url"]) == (
        "两行表头的信息",
        OCT8,
        date(2026, 10, 1),
        "X应急〔2026〕5号",
        "http://x/2",
    )
    raw = json.loads(quarantine(registry_con)[0]["raw_json"])
    assert raw["单位"] == "县XX局" and raw["标题"] == "两行表头的坏行"


def test_header_with_line_breaks_spaces_and_full_width_brackets_is_recognised(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    units = [["单位\n名称", " 简称／别名 ", "单位　类型"], ["县应急管理局", "应急局", "县直部门"]]
    columns = [["单位名称", "栏目名称", "栏目类别", "更新周期（天）"], ["县应急管理局", "应急动态", "动态要闻", "７"]]
    report = import_bytes(con, write_xlsx(tmp_path / "名录.xlsx", {"单位": units, "栏目": columns}))
    assert (report.loaded, report.rejected) == (2, 0)
    assert con.execute("SELECT name, category, max_interval_days FROM site_columns").fetchall() == [
        ("应急动态", "动态要闻类", 7)
    ]


def test_item_header_synonyms_with_line_breaks_and_lowercase_url_are_recognised(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    header = ["序号", "发布\n单位", "所属栏目", "信息标题", "公开时间", "发文字号", "url", "备注"]
    rows = [header, [1, "应急局", "通知公告", "同义表头", "2026年10月8日", "X〔2026〕9号", "http://x/9", "无"]]
    report = import_bytes(registry_con, write_csv(tmp_path / "同义.csv", rows, "utf-8-sig"))
    assert outcomes(report) == (1, 0, 0, {})
    [stored] = items(registry_con)
    assert (stored["unit"], stored["title"], stored["published_on"], stored["doc_number"], stored["url"]) == (
        "县应急管理局",
        "同义表头",
        OCT8,
        "X〔2026〕9号",
        "http://x/9",
    )


@pytest.mark.parametrize("fmt", ["xlsx", "xls"])
def test_unit_cell_merged_down_over_several_items_applies_to_each(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path, fmt: str
) -> None:
    rows = [
        ["发布台账"],
        ITEMS_HEADER,
        item(title="一"),
        item(unit="", title="二"),
        item(unit="", title="三"),
        item(unit="桥头镇", column="乡镇动态", title="四"),
        ["合计", "", "", "4"],
    ]
    if fmt == "xlsx":
        path = write_xlsx(tmp_path / "合并.xlsx", {"S": rows}, merges={"S": ["A1:G1", "A3:A5", "A7:C7"]})
    else:
        path = write_xls(tmp_path / "合并.xls", {"S": rows}, merges={"S": [(0, 0, 0, 6), (2, 4, 0, 0), (6, 6, 0, 2)]})
    report = import_bytes(registry_con, path)
    assert outcomes(report) == (4, 0, 0, {})
    assert [(r["unit"], r["title"]) for r in items(registry_con)] == [
        ("县应急管理局", "一"),
        ("县应急管理局", "二"),
        ("县应急管理局", "三"),
        ("桥头镇", "四"),
    ]


def test_header_repeated_on_each_printed_page_is_not_data(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    rows = [ITEMS_HEADER, item(title="第一页"), ITEMS_HEADER, item(title="第二页")]
    report = import_bytes(registry_con, write_csv(tmp_path / "a.csv", rows))
    assert outcomes(report) == (2, 0, 0, {})


def test_footer_lines_and_blank_rows_are_not_counted(registry_con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    rows = [
        ITEMS_HEADER,
        item(title="一"),
        [],
        item(title="二"),
        ["合计", "", "2条"],
        ["总计:2"],
        [],
        ["", "填表人:张三"],
        ["审核人：李四"],
        ["填报日期：2026年10月9日"],
        ["", "", "", "", "", "", ""],
    ]
    report = import_bytes(registry_con, write_xlsx(tmp_path / "a.xlsx", {"S": rows}))
    assert outcomes(report) == (2, 0, 0, {})
    assert quarantine(registry_con) == []


@pytest.mark.parametrize(
    "footer",
    [["合　计", "", "2条"], ["总  计", "", "2"], ["合 计：2条"]],
    ids=["heji-fullwidth-space", "zongji-two-spaces", "heji-space-colon"],
)
def test_totals_spaced_out_for_alignment_are_not_data(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path, footer: list[str]
) -> None:
    rows = [ITEMS_HEADER, item(title="一"), item(title="二"), footer]
    report = import_bytes(registry_con, write_xlsx(tmp_path / "a.xlsx", {"S": rows}))
    assert outcomes(report) == (2, 0, 0, {})


@pytest.mark.parametrize(
    "footer",
    [["备注：数据截至10月31日"], ["注：本表一式两份"], ["说明：无"]],
    ids=["beizhu-fullwidth-colon", "zhu-fullwidth-colon", "shuoming-fullwidth-colon"],
)
def test_notes_with_full_width_colon_below_the_table_are_not_data(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path, footer: list[str]
) -> None:
    rows = [ITEMS_HEADER, item(title="一"), item(title="二"), footer]
    report = import_bytes(registry_con, write_xlsx(tmp_path / "a.xlsx", {"S": rows}))
    assert outcomes(report) == (2, 0, 0, {})


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_prenumbered_empty_template_rows_are_not_data(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path, fmt: str
) -> None:
    header = ["序号", *ITEMS_HEADER, "备注"]
    rows = [
        header,
        [1, *item(title="一"), ""],
        [2, *item(title="二"), ""],
        [3],
        [4, "", "", "", "", "", "", "", ""],
        [5, "", "", "", "", "", "", "", "无"],
    ]
    path = write_xlsx(tmp_path / "模板.xlsx", {"S": rows}) if fmt == "xlsx" else write_csv(tmp_path / "模板.csv", rows)
    report = import_bytes(registry_con, path)
    assert outcomes(report) == (2, 0, 0, {})
    assert quarantine(registry_con) == []


# --- cell values ------------------------------------------------------------------------------------------


def test_every_date_form_is_the_same_day(registry_con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    forms: list[Any] = [
        OCT8,
        datetime(2026, 10, 8, 9, 30),
        46303,
        20261008,
        "2026-10-08",
        "2026/10/8",
        "2026.10.08",
        "2026年10月8日",
        "20261008",
        "2026-10-08 09:30:00",
        "２０２６年１０月８日",
        " 2026 - 10 - 08 ",
        "46303",
    ]
    rows = [ITEMS_HEADER] + [item(title=f"日期写法{i}", published=v) for i, v in enumerate(forms)]
    rows.append(item(title="坏日期", published="2026-13-45"))
    report = import_bytes(registry_con, write_xlsx(tmp_path / "日期.xlsx", {"S": rows}))
    assert outcomes(report) == (len(forms), 0, 0, {2 + len(forms): "日期无法识别: 2026-13-45"})
    stored = items(registry_con)
    assert [r["title"] for r in stored] == [f"日期写法{i}" for i in range(len(forms))]
    assert {r["published_on"] for r in stored} == {OCT8}


def test_text_dates_in_gbk_csv_are_the_same_day(registry_con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    forms = [
        "2026-10-08",
        "2026/10/8",
        "2026.10.08",
        "2026年10月8日",
        "20261008",
        "2026-10-08 09:30:00",
        "２０２６年１０月８日",
        " 2026-10-08 ",
        "46303",
        "2026/10/8 9:30",
    ]
    rows = [ITEMS_HEADER] + [item(title=f"日期写法{i}", published=v) for i, v in enumerate(forms)]
    report = import_bytes(registry_con, write_csv(tmp_path / "日期.csv", rows, "gbk"))
    assert report.loaded == len(forms) and report.rejected == 0
    assert [r["published_on"] for r in items(registry_con)] == [OCT8] * len(forms)


def test_text_is_trimmed_and_normalised_before_matching(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    rows = [
        ITEMS_HEADER,
        item(unit="  县应急管理局 ", column="通知　公告", title="  关于（2026）年国庆\n值班安排的通知\u3000"),
        item(unit="县　应急管理局", column=" 通知公告", title="关于(2026)年国庆值班安排的通知"),
        item(unit="县应急\n管理局", column="通知公告", title="【公告】第二条", doc=" X应急发〔2026〕3号 "),
    ]
    report = import_bytes(registry_con, write_xlsx(tmp_path / "文本.xlsx", {"S": rows}))
    assert outcomes(report) == (2, 0, 1, {})  # row 3 is row 2 typed differently
    stored = items(registry_con)
    assert [(r["unit"], r["column_name"], r["title"]) for r in stored] == [
        ("县应急管理局", "通知公告", "关于(2026)年国庆值班安排的通知"),
        ("县应急管理局", "通知公告", "【公告】第二条"),
    ]
    assert stored[1]["doc_number"] == "X应急发〔2026〕3号"
    assert report.unregistered_columns == []  # 通知　公告 is the registered 通知公告


def test_unit_full_name_aliases_and_name_without_county_prefix_resolve_to_one_unit(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    names = ["县应急管理局", "县应急局", "应急局", "应急管理局", "教育局", "桥头镇", "城关街道", "县XX局"]
    rows = [ITEMS_HEADER] + [item(unit=n, column="通知公告", title=f"{n}发布的信息") for n in names]
    report = import_bytes(registry_con, write_xlsx(tmp_path / "单位.xlsx", {"S": rows}))
    assert outcomes(report) == (7, 0, 0, {9: "单位未登记: 县XX局"})
    assert [(r["unit"], r["title"]) for r in items(registry_con)] == [
        ("县应急管理局", "县应急管理局发布的信息"),
        ("县应急管理局", "县应急局发布的信息"),
        ("县应急管理局", "应急局发布的信息"),
        ("县应急管理局", "应急管理局发布的信息"),
        ("县教育局", "教育局发布的信息"),
        ("桥头镇", "桥头镇发布的信息"),
        ("城关街道", "城关街道发布的信息"),
    ]


def test_missing_required_fields_are_rejected_with_chinese_reasons(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    rows = [
        ITEMS_HEADER,
        item(title=""),
        item(published=""),
        item(unit=""),
        item(column=""),
        item(title="成文晚于发布", created="2026-10-09"),
        item(title="好的"),
    ]
    report = import_bytes(registry_con, write_csv(tmp_path / "缺项.csv", rows))
    assert outcomes(report) == (
        1,
        0,
        0,
        {
            2: "缺少标题",
            3: "缺少发布日期",
            4: "缺少单位",
            5: "缺少栏目",
            6: "成文日期晚于发布日期: 2026-10-09 > 2026-10-08",
        },
    )
    assert [r["title"] for r in items(registry_con)] == ["好的"]


def test_item_in_policy_interpretation_column_is_an_interpretation(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    header = [*ITEMS_HEADER, "是否政策解读"]
    rows = [
        header,
        item(column="政策解读", title="图解") + [""],
        item(title="解读文件") + ["是"],
        item(title="普通通知") + ["否"],
    ]
    import_bytes(registry_con, write_xlsx(tmp_path / "解读.xlsx", {"S": rows}))
    assert [(r["title"], r["is_interpretation"]) for r in items(registry_con)] == [
        ("图解", True),
        ("解读文件", True),
        ("普通通知", False),
    ]


# --- duplicates, updates, re-import -----------------------------------------------------------------------


def test_duplicate_inside_the_same_file_is_counted_once(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    rows = [
        ITEMS_HEADER,
        item(title="甲", url="http://x/1"),
        item(title="甲", url="http://x/1"),
        item(title="乙"),
        item(unit="应急局", title="乙", published="2026年10月8日"),
    ]
    report = import_bytes(registry_con, write_xlsx(tmp_path / "重复.xlsx", {"S": rows}))
    assert outcomes(report) == (2, 0, 2, {})
    assert count(registry_con, "items") == 2


def test_same_url_with_changed_title_in_later_file_is_updated(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    first = import_bytes(
        registry_con,
        write_xlsx(
            tmp_path / "9月.xlsx",
            {
                "S": [
                    ITEMS_HEADER,
                    item(title="关于国庆放假的通知", url="http://x/1"),
                    item(title="不变", url="http://x/2"),
                ]
            },
        ),
    )
    second = import_bytes(
        registry_con,
        write_csv(
            tmp_path / "10月.csv",
            [
                ITEMS_HEADER,
                item(title="关于2026年国庆节放假安排的通知", url="http://x/1"),
                item(title="不变", url="http://x/2"),
                item(title="新的", url="http://x/3"),
            ],
            "gbk",
        ),
    )
    assert outcomes(second) == (1, 1, 1, {})  # x/1 updated, x/2 duplicate, x/3 loaded
    stored = {r["url"]: r for r in items(registry_con)}
    assert len(stored) == 3
    assert stored["http://x/1"]["title"] == "关于2026年国庆节放假安排的通知"
    assert stored["http://x/1"]["import_id"] == first.import_id
    assert stored["http://x/1"]["updated_import_id"] == second.import_id
    assert stored["http://x/2"]["updated_import_id"] is None
    assert registry_con.execute("SELECT title, replaced_by_import FROM items_prev").fetchall() == [
        ("关于国庆放假的通知", second.import_id)
    ]


def _all_kinds_files(tmp_path: Path) -> list[Path]:
    """A registry, an items ledger, a findings ledger and a requests ledger, each with some rejected rows."""
    return [
        write_xlsx(
            tmp_path / "名录.xlsx",
            registry_sheets(
                units=[
                    ["县应急管理局", "县应急局、应急局", "县直部门", "是", 1],
                    ["县教育局", "", "县直部门", "", 2],
                    ["桥头镇", "", "乡镇", "是", 3],
                    ["城关街道", "", "街道", "是", 4],
                    ["县气象局", "", "垂管单位", "否", 5],
                    ["县坏类型局", "", "事业单位", "是", 6],
                ]
            ),
        ),
        _hostile_file(tmp_path, "xlsx"),
        write_xls(
            tmp_path / "问题清单.xls",
            {
                "问题": [
                    ["网上巡查问题清单"],
                    FINDINGS_HEADER,
                    finding(),
                    finding(no="WS-002", unit="县XX局"),
                    finding(no="", desc="没有编号的问题", deadline="15天"),
                ]
            },
        ),
        write_csv(
            tmp_path / "依申请.csv",
            [REQUESTS_HEADER, request(), request(no="YSQ-2026-002", received="2026-13-45")],
            "gb18030",
        ),
    ]


def test_reimporting_the_same_files_changes_nothing(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    files = _all_kinds_files(tmp_path)
    first = [import_bytes(con, p) for p in files]
    assert [r.rejected for r in first] == [1, 4, 1, 1]
    assert all(r.loaded > 0 for r in first)
    before = snapshot(con)
    again = [import_bytes(con, p) for p in files]
    assert snapshot(con) == before
    assert count(con, "quarantine") == 7
    for old, new in zip(first, again):
        assert_invariant(new)
        assert (new.rows, new.loaded, new.updated, new.rejected) == (old.rows, 0, 0, old.rejected)
        assert new.duplicate == old.loaded + old.duplicate


# --- findings ---------------------------------------------------------------------------------------------


def _findings(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, Any]]:
    rows = con.execute("""SELECT f.finding_id, f.finding_no, f.description, u.name AS unit, f.found_on, f.deadline,
                                 f.due_on, f.due_uses_fallback, f.status, f.rectified_on, f.rectification_note,
                                 f.review, f.import_id, f.updated_import_id
                          FROM findings f JOIN units u USING (unit_id) ORDER BY finding_id""")
    names = [d[0] for d in rows.description]
    return {r[1] or r[2]: dict(zip(names, r)) for r in rows.fetchall()}


def test_finding_deadlines_in_working_days_calendar_days_and_dates(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    # From Mon 2026-09-28 (not counted): 9/29=1, 9/30=2, 10/1-10/7 国庆, 10/8=3, 10/9=4, Sat 10/10 调休=5,
    # 10/12..10/16 = 6..10  →  due Fri 2026-10-16.
    rows = [
        FINDINGS_HEADER,
        finding(no="F1", deadline="10个工作日"),
        finding(no="F2", deadline="15天"),
        finding(no="F3", deadline="2026-11-30"),
        finding(no="F4", deadline=date(2026, 11, 30)),
        finding(no="F5", deadline="尽快"),
        finding(no="F6", deadline=""),
    ]
    report = import_bytes(registry_con, write_xlsx(tmp_path / "问题.xlsx", {"S": rows}))
    assert outcomes(report) == (4, 0, 0, {6: "整改期限无法识别: 尽快", 7: "缺少整改期限"})
    f = _findings(registry_con)
    assert f["F1"]["due_on"] == date(2026, 10, 16) and f["F1"]["deadline"] == "10个工作日"
    assert f["F2"]["due_on"] == date(2026, 10, 13)
    assert f["F3"]["due_on"] == date(2026, 11, 30) and f["F4"]["due_on"] == date(2026, 11, 30)
    assert not any(x["due_uses_fallback"] for x in f.values())
    assert all(x["status"] == "未整改" for x in f.values())


def test_working_day_deadline_in_a_year_without_official_holidays_is_flagged_as_estimate(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    # 2027 has no official calendar yet (holidays.csv covers 2026): Mon–Fri is assumed and the due date flagged.
    rows = [
        FINDINGS_HEADER,
        finding(no="F2027", found="2027-03-01", deadline="10个工作日"),
        finding(no="F2026", found="2026-12-14", deadline="10个工作日"),
    ]
    path = write_csv(tmp_path / "f.csv", rows)  # imported on a day when a 2027 发现日期 is plausible (issue 9)
    import_file(registry_con, path.read_bytes(), path.name, today=date(2027, 3, 20))
    f = _findings(registry_con)
    assert (f["F2027"]["due_on"], f["F2027"]["due_uses_fallback"]) == (date(2027, 3, 15), True)
    assert (f["F2026"]["due_on"], f["F2026"]["due_uses_fallback"]) == (date(2026, 12, 28), False)


def test_finding_status_changes_over_later_files_are_kept_as_history(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    def ledger(name: str, *rows: list[Any]) -> Path:
        return write_xlsx(
            tmp_path / name, {"问题清单": [["2026年第三季度网上巡查问题整改台账"], FINDINGS_HEADER, *rows]}
        )

    r1 = import_bytes(registry_con, ledger("1.xlsx", finding(), finding(no="WS-002", desc="另一个问题")))
    r2 = import_bytes(
        registry_con,
        write_csv(
            tmp_path / "2.csv",
            [FINDINGS_HEADER, finding(status="整改中"), finding(no="WS-002", desc="另一个问题")],
            "gbk",
        ),
    )
    r3 = import_bytes(
        registry_con,
        ledger(
            "3.xlsx",
            finding(status="已整改", rectified="2026年10月12日", note="已更新栏目", review="通过"),
            finding(no="WS-002", desc="另一个问题"),
        ),
    )
    assert [outcomes(r) for r in (r1, r2, r3)] == [(2, 0, 0, {}), (0, 1, 1, {}), (0, 1, 1, {})]
    f = _findings(registry_con)["WS-001"]
    assert (f["status"], f["rectified_on"], f["rectification_note"], f["review"]) == (
        "已整改",
        date(2026, 10, 12),
        "已更新栏目",
        "通过",
    )
    history = registry_con.execute(
        """SELECT old_status, new_status, import_id, source FROM finding_history
                                      WHERE finding_id = ? ORDER BY history_id""",
        [f["finding_id"]],
    ).fetchall()
    assert history == [
        (None, "未整改", r1.import_id, "import"),
        ("未整改", "整改中", r2.import_id, "import"),
        ("整改中", "已整改", r3.import_id, "import"),
    ]
    other = _findings(registry_con)["WS-002"]
    assert (
        registry_con.execute(
            "SELECT count(*) FROM finding_history WHERE finding_id = ?", [other["finding_id"]]
        ).fetchone()[0]
        == 1
    )


def test_finding_without_number_is_keyed_by_inspection_unit_and_description(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    header = [h for h in FINDINGS_HEADER if h != "编号"]

    def rows(*findings: list[Any]) -> list[list[Any]]:
        return [header, *[f[1:] for f in findings]]

    first = import_bytes(
        registry_con,
        write_xlsx(
            tmp_path / "1.xlsx",
            {
                "S": rows(
                    finding(no="", desc="首页无政府信息公开指南"),
                    finding(no="", unit="县教育局", desc="首页无政府信息公开指南"),
                    finding(no="", inspection="季度互查", desc="首页无政府信息公开指南"),
                )
            },
        ),
    )
    second = import_bytes(
        registry_con,
        write_xlsx(
            tmp_path / "2.xlsx",
            {
                "S": rows(
                    finding(
                        no="",
                        unit="应急局",
                        desc="  首页无政府信息公开指南\u3000",
                        status="已整改",
                        rectified="2026-10-09",
                    ),
                    finding(no="", unit="县教育局", desc="首页无政府信息公开指南"),
                    finding(no="", desc="新的问题"),
                )
            },
        ),
    )
    assert first.loaded == 3
    assert outcomes(second) == (1, 1, 1, {})
    stored = registry_con.execute("""SELECT inspection, u.name, status FROM findings JOIN units u USING (unit_id)
                                     ORDER BY finding_id""").fetchall()
    assert stored == [
        ("网上巡查", "县应急管理局", "已整改"),
        ("网上巡查", "县教育局", "未整改"),
        ("季度互查", "县应急管理局", "未整改"),
        ("网上巡查", "县应急管理局", "未整改"),
    ]


def test_numeric_finding_number_in_excel_matches_the_same_number_in_csv(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    import_bytes(registry_con, write_xlsx(tmp_path / "1.xlsx", {"S": [FINDINGS_HEADER, finding(no=7)]}))
    report = import_bytes(
        registry_con, write_csv(tmp_path / "2.csv", [FINDINGS_HEADER, finding(no="7", status="整改中")])
    )
    assert outcomes(report) == (0, 1, 0, {})
    assert count(registry_con, "findings") == 1


def test_finding_with_unknown_status_is_rejected(registry_con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    report = import_bytes(registry_con, write_csv(tmp_path / "f.csv", [FINDINGS_HEADER, finding(status="整改完毕")]))
    assert [p.reason for p in report.problems] == ["整改状态应为未整改/整改中/已整改/无法整改之一: 整改完毕"]


# --- requests ---------------------------------------------------------------------------------------------


def test_requests_are_keyed_by_unit_and_number_and_a_reply_date_updates(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    first = import_bytes(
        registry_con,
        write_xlsx(
            tmp_path / "1.xlsx",
            {
                "S": [
                    ["依申请公开登记台账"],
                    REQUESTS_HEADER,
                    request(),
                    request(unit="县应急管理局"),
                    request(no="YSQ-2026-002", received=date(2026, 10, 9)),
                ]
            },
        ),
    )
    assert (first.loaded, first.rejected) == (3, 0)
    second = import_bytes(
        registry_con,
        write_csv(
            tmp_path / "2.csv",
            [
                REQUESTS_HEADER,
                request(replied="2026-10-20", outcome="予以公开"),
                request(unit="应急局"),
                request(no="YSQ-2026-002", received="2026-10-09", replied="2026-10-01"),
            ],
            "gbk",
        ),
    )
    assert outcomes(second) == (0, 1, 1, {4: "答复日期早于收到日期: 2026-10-01 < 2026-10-09"})
    stored = registry_con.execute("""SELECT u.name, request_no, received_on, replied_on, extension_count,
                                            requests.updated_import_id
                                     FROM requests JOIN units u USING (unit_id) ORDER BY request_id""").fetchall()
    assert stored == [
        ("县教育局", "YSQ-2026-001", OCT8, date(2026, 10, 20), 0, second.import_id),
        ("县应急管理局", "YSQ-2026-001", OCT8, None, 0, None),
        ("县教育局", "YSQ-2026-002", date(2026, 10, 9), None, 0, None),
    ]
    assert registry_con.execute("SELECT outcome FROM requests WHERE replied_on IS NOT NULL").fetchall() == [
        ("予以公开",)
    ]


def test_empty_optional_text_cells_are_stored_as_null(registry_con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    import_bytes(registry_con, write_csv(tmp_path / "r.csv", [REQUESTS_HEADER, request(channel="", applicant="")]))
    import_bytes(registry_con, write_csv(tmp_path / "f.csv", [FINDINGS_HEADER, finding()]))
    assert registry_con.execute("SELECT channel, applicant_type, outcome FROM requests").fetchall() == [
        (None, None, None)
    ]
    assert registry_con.execute("SELECT rectification_note, review FROM findings").fetchall() == [(None, None)]


# --- registry ---------------------------------------------------------------------------------------------


def test_registry_import_stores_units_aliases_types_and_assessment(registry_con: duckdb.DuckDBPyConnection) -> None:
    units = registry_con.execute("SELECT name, unit_type, in_assessment, sort_order FROM units ORDER BY sort_order")
    assert units.fetchall() == [
        ("县应急管理局", "县直部门", True, 1),
        ("县教育局", "县直部门", True, 2),
        ("桥头镇", "乡镇", True, 3),
        ("城关街道", "街道", True, 4),
        ("县气象局", "垂管单位", False, 5),
    ]
    assert sorted(registry_con.execute("SELECT alias FROM unit_aliases").fetchall()) == [("县应急局",), ("应急局",)]
    assert registry_con.execute(
        "SELECT u.name, c.name, c.category, c.max_interval_days, c.registered "
        "FROM site_columns c JOIN units u USING (unit_id) ORDER BY column_id"
    ).fetchall() == [
        ("县应急管理局", "通知公告", "通知公告政策文件类", None, True),
        ("县应急管理局", "应急动态", "动态要闻类", None, True),
        ("县应急管理局", "政策解读", "政策解读类", None, True),
        ("县教育局", "教育动态", "动态要闻类", 7, True),
        ("桥头镇", "乡镇动态", "动态要闻类", None, True),
    ]


def test_registry_rejects_alias_of_another_unit_and_unknown_type(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    rows = [
        UNITS_HEADER,
        ["县安监局", "应急局", "县直部门", "是", 9],
        ["县档案馆", "", "事业单位", "是", 10],
        ["县档案局", "", "县直部门", "", 11],
    ]
    report = import_bytes(registry_con, write_xlsx(tmp_path / "u.xlsx", {"S": rows}))
    assert outcomes(report) == (
        1,
        0,
        0,
        {2: "别名已登记给其他单位: 应急局", 3: "单位类型应为县直部门/乡镇/街道/垂管单位之一: 事业单位"},
    )
    assert registry_con.execute("SELECT count(*) FROM units WHERE name IN ('县安监局', '县档案馆')").fetchone() == (0,)
    assert registry_con.execute("SELECT in_assessment FROM units WHERE name = '县档案局'").fetchone() == (True,)


@pytest.mark.parametrize(
    "kind,rows",
    [
        ("items", [ITEMS_HEADER, item(unit="县XX局"), item(title="")]),
        ("findings", [FINDINGS_HEADER, finding(unit="县XX局"), finding(no="2", deadline="尽快")]),
        ("requests", [REQUESTS_HEADER, request(unit="县XX局"), request(no="2", received="")]),
        ("units", [UNITS_HEADER, ["县某局", "", "事业单位"], ["", "", "县直部门"]]),
        (
            "columns",
            [
                ["单位名称", "栏目名称", "栏目类别"],
                ["县XX局", "工作动态", "动态要闻类"],
                ["县教育局", "杂项", "不存在的类别"],
            ],
        ),
    ],
)
def test_sheet_whose_rows_are_all_rejected_imports_as_all_rejected(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path, kind: str, rows: list[list[Any]]
) -> None:
    before = snapshot(registry_con, ("units", "site_columns", "items", "findings", "requests"))
    report = import_bytes(registry_con, write_xlsx(tmp_path / f"{kind}.xlsx", {"S": rows}))
    assert report.kind == kind
    loaded, updated, duplicate, rejected = outcomes(report)
    assert (loaded, updated, duplicate, sorted(rejected)) == (0, 0, 0, [2, 3])
    assert all(reason for reason in rejected.values())
    assert snapshot(registry_con, ("units", "site_columns", "items", "findings", "requests")) == before
    assert len(quarantine(registry_con)) == 2


# --- 未登记栏目 ----------------------------------------------------------------------------------------------


def test_item_in_unregistered_column_is_loaded_and_column_created_with_guessed_category(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    rows = [
        ITEMS_HEADER,
        item(unit="县教育局", column="工作动态", title="开学第一课"),
        item(unit="县教育局", column="工作动态", title="教师节表彰"),
        item(unit="桥头镇", column="领导信息", title="镇领导分工"),
        item(unit="城关街道", column="便民服务", title="办事指引"),
    ]
    report = import_bytes(registry_con, write_xlsx(tmp_path / "新栏目.xlsx", {"S": rows}))
    assert outcomes(report) == (4, 0, 0, {})
    assert sorted(report.unregistered_columns) == ["便民服务", "工作动态", "领导信息"]
    new = registry_con.execute("""SELECT u.name, c.name, c.category, c.registered, c.import_id FROM site_columns c
                                  JOIN units u USING (unit_id) WHERE NOT c.registered ORDER BY c.name""").fetchall()
    assert new == [
        ("城关街道", "便民服务", "其他", False, report.import_id),
        ("县教育局", "工作动态", "动态要闻类", False, report.import_id),
        ("桥头镇", "领导信息", "机构信息类", False, report.import_id),
    ]
    assert [r["column_name"] for r in items(registry_con)] == ["工作动态", "工作动态", "领导信息", "便民服务"]
    again = import_bytes(registry_con, write_xlsx(tmp_path / "新栏目2.xlsx", {"S": rows[:2]}))
    assert again.unregistered_columns == [] and count(registry_con, "site_columns") == 8


def test_unregistered_column_confirmed_by_a_later_registry_keeps_its_items(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    import_bytes(registry_con, write_csv(tmp_path / "a.csv", [ITEMS_HEADER, item(unit="县教育局", column="工作动态")]))
    [(column_id, registered, category)] = registry_con.execute(
        "SELECT column_id, registered, category FROM site_columns WHERE name = '工作动态'"
    ).fetchall()
    assert (registered, category) == (False, "动态要闻类")
    report = import_bytes(
        registry_con,
        write_xlsx(
            tmp_path / "栏目.xlsx",
            {"栏目目录": [["单位名称", "栏目名称", "栏目类别", "更新周期(天)"], ["教育局", "工作动态", "动态要闻", 7]]},
        ),
    )
    assert outcomes(report) == (0, 1, 0, {})
    assert registry_con.execute(
        "SELECT column_id, registered, max_interval_days FROM site_columns WHERE name = '工作动态'"
    ).fetchall() == [(column_id, True, 7)]
    assert [r["column_name"] for r in items(registry_con)] == ["工作动态"]


# --- quarantine and reprocessing --------------------------------------------------------------------------


def test_quarantine_row_keeps_file_sheet_row_raw_values_and_reason(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    path = write_xlsx(
        tmp_path / "应急局10月.xlsx",
        {"十月台账": items_sheet(item(unit="县XX局", title="关于（国庆）值班", published=OCT8, doc="X〔2026〕1号"))},
    )
    report = import_bytes(registry_con, path)
    [q] = quarantine(registry_con)
    assert (q["import_id"], q["file_name"], q["sheet"], q["row_number"], q["kind"], q["reason"]) == (
        report.import_id,
        "应急局10月.xlsx",
        "十月台账",
        5,
        "items",
        "单位未登记: 县XX局",
    )
    raw = json.loads(q["raw_json"])
    assert raw == {
        "单位": "县XX局",
        "栏目": "通知公告",
        "标题": "关于（国庆）值班",
        "发布日期": "2026-10-08",
        "文号": "X〔2026〕1号",
    }


def test_reprocess_after_registering_missing_unit_loads_row_and_second_run_does_nothing(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    report = import_bytes(
        registry_con,
        write_xlsx(
            tmp_path / "台账.xlsx",
            {
                "S": items_sheet(
                    item(unit="县文旅局", column="工作动态", title="国庆旅游接待情况", published=OCT8),
                    item(unit="文旅局", column="工作动态", title="景区安全检查", published="2026年10月9日"),
                    item(unit="县文旅局", title="坏日期", published="2026-13-45"),
                    item(title="已登记单位的信息"),
                )
            },
        ),
    )
    assert (report.loaded, report.rejected) == (1, 3)
    import_bytes(
        registry_con,
        write_xlsx(
            tmp_path / "补登.xlsx",
            {"单位名录": [UNITS_HEADER, ["县文化和旅游局", "县文旅局、文旅局", "县直部门", "是", 9]]},
        ),
    )

    redo = reprocess_quarantine(registry_con)
    assert (redo.rows, redo.loaded, redo.rejected) == (3, 2, 1)
    assert_invariant(redo)
    loaded = {r["title"]: r for r in items(registry_con) if r["unit"] == "县文化和旅游局"}
    assert set(loaded) == {"国庆旅游接待情况", "景区安全检查"}
    assert {r["published_on"] for r in loaded.values()} == {OCT8, date(2026, 10, 9)} - {None}
    assert loaded["景区安全检查"]["published_on"] == date(2026, 10, 9)
    q = quarantine(registry_con)
    assert [(r["row_number"], r["resolved_import_id"]) for r in q] == [
        (5, redo.import_id),
        (6, redo.import_id),
        (7, None),
    ]
    assert q[2]["reason"] == "日期无法识别: 2026-13-45"

    before = snapshot(registry_con)
    again = reprocess_quarantine(registry_con)  # only the bad-date row is still pending; it fails again
    assert (again.rows, again.loaded, again.updated, again.duplicate, again.rejected) == (1, 0, 0, 0, 1)
    assert snapshot(registry_con) == before


def test_reprocess_resolves_rows_from_files_with_different_header_names(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    import_bytes(registry_con, write_csv(tmp_path / "a.csv", [ITEMS_HEADER, item(unit="县文旅局", title="甲")]))
    other = ["发布单位", "所属栏目", "信息标题", "公开日期"]
    import_bytes(registry_con, write_csv(tmp_path / "b.csv", [other, ["县文旅局", "通知公告", "乙", "2026-10-08"]]))
    import_bytes(
        registry_con, write_xlsx(tmp_path / "补登.xlsx", {"S": [UNITS_HEADER, ["县文旅局", "", "县直部门", "是", 9]]})
    )
    redo = reprocess_quarantine(registry_con)
    assert (redo.loaded, redo.rejected) == (2, 0)
    assert quarantine(registry_con, unresolved_only=True) == []


def test_two_row_header_without_vertical_merge_keeps_header_texts_in_quarantine(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    rows = [
        ["单位", "栏目", "信息情况", ""],
        ["", "", "标题", "发布日期"],
        ["县文旅局", "通知公告", "两行表头", "2026-10-08"],
    ]
    report = import_bytes(registry_con, write_xlsx(tmp_path / "a.xlsx", {"S": rows}, merges={"S": ["C1:D1"]}))
    assert report.rejected == 1
    raw = json.loads(quarantine(registry_con)[0]["raw_json"])
    assert raw == {"单位": "县文旅局", "栏目": "通知公告", "标题": "两行表头", "发布日期": "2026-10-08"}
    import_bytes(
        registry_con, write_xlsx(tmp_path / "补登.xlsx", {"S": [UNITS_HEADER, ["县文旅局", "", "县直部门", "是", 9]]})
    )
    assert reprocess_quarantine(registry_con).loaded == 1


def test_reprocess_of_findings_and_requests_uses_their_kind(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    import_bytes(registry_con, write_xls(tmp_path / "f.xls", {"S": [FINDINGS_HEADER, finding(unit="县文旅局")]}))
    import_bytes(registry_con, write_csv(tmp_path / "r.csv", [REQUESTS_HEADER, request(unit="县文旅局")], "gbk"))
    assert len(quarantine(registry_con, unresolved_only=True)) == 2
    import_bytes(
        registry_con, write_xlsx(tmp_path / "补登.xlsx", {"S": [UNITS_HEADER, ["县文旅局", "", "县直部门", "是", 9]]})
    )
    redo = reprocess_quarantine(registry_con)
    assert (redo.loaded, redo.rejected) == (2, 0)
    f = _findings(registry_con)["WS-001"]
    assert (f["unit"], f["due_on"]) == ("县文旅局", date(2026, 10, 16))
    assert registry_con.execute("SELECT import_id FROM finding_history").fetchall() == [(redo.import_id,)]
    assert count(registry_con, "requests") == 1


def test_reprocess_with_nothing_pending_leaves_last_import_undoable(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    report = import_bytes(registry_con, write_csv(tmp_path / "a.csv", [ITEMS_HEADER, item()]))
    reprocess_quarantine(registry_con)
    undo(registry_con, report.import_id)
    assert count(registry_con, "items") == 0


# --- transactions -----------------------------------------------------------------------------------------


def _fail_on_call(monkeypatch: pytest.MonkeyPatch, name: str, n: int) -> None:
    real = getattr(loaders.write, name)
    calls = {"n": 0}

    def failing(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == n:
            raise RuntimeError(f"simulated crash in {name}")
        return real(*args, **kwargs)

    monkeypatch.setattr(loaders.write, name, failing)


@pytest.mark.parametrize("target,n", [("upsert", 2), ("quarantine", 2), ("finish_import", 1), ("add_aliases", 1)])
def test_crash_mid_file_leaves_database_as_before(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, target: str, n: int
) -> None:
    import_bytes(
        registry_con,
        write_csv(tmp_path / "old.csv", [ITEMS_HEADER, item(title="旧", url="http://x/1"), item(unit="县XX局")]),
    )
    before = snapshot(registry_con, with_imports=True)
    sheets = {
        "单位": [UNITS_HEADER, ["县文旅局", "文旅局", "县直部门", "是", 9]],
        "9月": items_sheet(
            item(title="新标题", url="http://x/1"), item(unit="县YY局"), item(unit="县文旅局", column="工作动态")
        ),
        "10月": items_sheet(item(title="十月"), item(unit="县ZZ局")),
    }
    path = write_xlsx(tmp_path / "崩溃.xlsx", sheets)
    _fail_on_call(monkeypatch, target, n)
    with pytest.raises(RuntimeError, match="simulated crash"):
        import_bytes(registry_con, path)
    assert snapshot(registry_con, with_imports=True) == before
    assert registry_con.execute("SELECT count(*) FROM imports WHERE file_name = '崩溃.xlsx'").fetchone() == (0,)
    monkeypatch.undo()
    report = import_bytes(registry_con, path)  # the connection is still usable and the file imports fine
    assert (report.loaded, report.updated, report.rejected) == (3, 1, 2)


def test_refused_files_write_nothing(registry_con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    before = snapshot(registry_con, with_imports=True)
    bad = {
        "截图.xlsx": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 32,
        "空.xlsx": b"",
        "空.csv": b"",
        "说明.xlsx": "请各单位于每月5日前报送台账。".encode(),
        "无表头.csv": csv_bytes([["XX县台账"], ["姓名", "电话"], ["张三", "13800000000"]], "gbk"),
        "只有标题.csv": csv_bytes([["XX县政府信息公开发布台账(2026年10月)"], ["填报单位:县应急管理局"]]),
    }
    for name, data in bad.items():
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(LedgerFormatError) as info:
            import_bytes(registry_con, path)
        assert name in info.value.message
    assert snapshot(registry_con, with_imports=True) == before


# --- undo -------------------------------------------------------------------------------------------------


def test_undo_newest_batch_removes_loaded_rows_and_restores_updated_ones(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    first = import_bytes(
        registry_con,
        write_xlsx(
            tmp_path / "9月.xlsx",
            {
                "S": [
                    ITEMS_HEADER,
                    item(title="原标题", url="http://x/1"),
                    item(title="不变", url="http://x/2"),
                    item(unit="县XX局"),
                ]
            },
        ),
    )
    after_first = snapshot(registry_con, with_imports=False)
    second = import_bytes(
        registry_con,
        write_xlsx(
            tmp_path / "10月.xlsx",
            {
                "S": [
                    ITEMS_HEADER,
                    item(title="改后标题", url="http://x/1"),
                    item(title="不变", url="http://x/2"),
                    item(unit="教育局", column="工作动态", title="新栏目里的新信息"),
                    item(unit="县YY局"),
                ]
            },
        ),
    )
    assert (second.loaded, second.updated, second.duplicate, second.rejected) == (1, 1, 1, 1)

    undo(registry_con, second.import_id)
    assert snapshot(registry_con) == after_first
    assert [r["title"] for r in items(registry_con)] == ["原标题", "不变"]
    assert registry_con.execute(
        "SELECT status, undone_at IS NOT NULL FROM imports WHERE import_id = ?", [second.import_id]
    ).fetchone() == ("undone", True)
    assert registry_con.execute("SELECT status FROM imports WHERE import_id = ?", [first.import_id]).fetchone() == (
        "completed",
    )


def test_undoing_an_older_batch_raises_and_changes_nothing(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    first = import_bytes(registry_con, write_csv(tmp_path / "1.csv", [ITEMS_HEADER, item(title="一")]))
    second = import_bytes(registry_con, write_csv(tmp_path / "2.csv", [ITEMS_HEADER, item(title="二")]))
    before = snapshot(registry_con, with_imports=True)
    with pytest.raises(UndoError) as info:
        undo(registry_con, first.import_id)
    assert str(second.import_id) in info.value.message and info.value.hint
    assert snapshot(registry_con, with_imports=True) == before
    undo(registry_con, second.import_id)
    undo(registry_con, first.import_id)  # now it is the newest completed batch
    assert count(registry_con, "items") == 0
    with pytest.raises(UndoError):
        undo(registry_con, first.import_id)  # already undone


def test_undo_findings_update_restores_status_and_drops_its_history(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    import_bytes(registry_con, write_csv(tmp_path / "1.csv", [FINDINGS_HEADER, finding()]))
    before = snapshot(registry_con)
    second = import_bytes(registry_con, write_csv(tmp_path / "2.csv", [FINDINGS_HEADER, finding(status="已整改")]))
    assert second.updated == 1
    undo(registry_con, second.import_id)
    assert snapshot(registry_con) == before
    assert _findings(registry_con)["WS-001"]["status"] == "未整改"


def test_undo_reprocess_batch_unresolves_its_quarantine_rows(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    import_bytes(registry_con, write_csv(tmp_path / "1.csv", [ITEMS_HEADER, item(unit="县文旅局")]))
    import_bytes(
        registry_con, write_xlsx(tmp_path / "补登.xlsx", {"S": [UNITS_HEADER, ["县文旅局", "", "县直部门", "是", 9]]})
    )
    before = snapshot(registry_con)
    redo = reprocess_quarantine(registry_con)
    assert redo.loaded == 1
    undo(registry_con, redo.import_id)
    assert snapshot(registry_con) == before
    assert len(quarantine(registry_con, unresolved_only=True)) == 1


def test_undo_of_workbook_whose_sheets_update_the_same_finding_leaves_nothing(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    before = snapshot(registry_con)
    path = write_xlsx(
        tmp_path / "问题.xlsx",
        {"9月": [FINDINGS_HEADER, finding()], "10月": [FINDINGS_HEADER, finding(status="已整改")]},
    )
    report = import_bytes(registry_con, path)
    assert (report.loaded, report.updated) == (1, 1)
    undo(registry_con, report.import_id)
    assert snapshot(registry_con) == before


def test_undo_of_registry_import_removes_units_aliases_and_columns(
    con: duckdb.DuckDBPyConnection, registry_file: Path
) -> None:
    before = snapshot(con)
    report = import_bytes(con, registry_file)
    assert count(con, "unit_aliases") == 2
    undo(con, report.import_id)
    assert snapshot(con) == before


def test_reimport_after_undo_loads_again(registry_con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    path = _hostile_file(tmp_path, "gb18030")
    first = import_bytes(registry_con, path)
    after = snapshot(registry_con)
    undo(registry_con, first.import_id)
    again = import_bytes(registry_con, path)
    assert (again.loaded, again.duplicate, again.rejected) == (first.loaded, first.duplicate, first.rejected)
    strip = {t: v for t, v in after.items() if t not in ("items", "quarantine")}
    assert {t: v for t, v in snapshot(registry_con).items() if t not in ("items", "quarantine")} == strip
    assert len(quarantine(registry_con, unresolved_only=True)) == 4


def test_snapshot_covers_every_data_table(con: duckdb.DuckDBPyConnection) -> None:
    tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    expected = {t for t in tables if not t.endswith("_prev") and t not in ("imports", "_migrations")}
    assert expected == set(DATA_TABLES)
