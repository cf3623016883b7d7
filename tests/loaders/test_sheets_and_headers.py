"""Which sheets are read, and where the header is: titles, merged and two-row headers, footers."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import duckdb
import pytest

from core.errors import LedgerFormatError
from tests.database import assert_invariant, import_bytes, outcomes, snapshot
from tests.ledgers import (
    ITEMS_HEADER,
    item,
    items_sheet,
    registry_sheets,
    write_csv,
    write_xls,
    write_xlsx,
)
from tests.loaders.helpers import OCT8, items, quarantine

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
