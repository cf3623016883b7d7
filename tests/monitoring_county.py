"""Hand-made counties for the monitoring query tests (更新频率, 发布统计, 发布及时性).

Every county is written as CSV ledgers in a temporary folder and loaded through the REAL loaders
(loaders.pipeline.import_file), exactly as the CLI and the upload page do. The expected figures are counted by
hand in the test files; the dates here are chosen around the 2026 holidays of data/holidays.csv:
元旦 1/1–1/3 (班 Sun 1/4); 春节 2/15–2/23 (班 Sat 2/14, Sat 2/28); 清明 4/4–4/6; 劳动节 5/1–5/5 (班 Sat 5/9);
端午 6/19–6/21; 中秋 9/25–9/27; 国庆 10/1–10/7 (班 Sun 9/20, Sat 10/10). 2027 has no holiday data (Mon–Fri assumed).
"""

from pathlib import Path

import duckdb

from core.storage.db import fetch_value
from tests.apphelpers import load, new_database, write_csv
from tests.database import IMPORT_DAY

UNIT_HEADER = ["单位名称", "简称", "单位类型", "是否纳入考核", "排序"]
COLUMN_HEADER = ["单位名称", "栏目名称", "栏目类别", "更新周期(天)", "开设日期"]
ITEM_HEADER = ["单位", "栏目", "标题", "发布日期", "成文日期", "文号"]

# 县甲局 (县直部门, 排序 1), 乙镇 (乡镇, 2), 县丙局 (县直部门, 3, never publishes), 县丁局 (垂管单位, 4, not assessed)
UNITS = [
    ["县甲局", "甲局", "县直部门", "是", "1"],
    ["乙镇", "", "乡镇", "是", "2"],
    ["县丙局", "", "县直部门", "是", "3"],
    ["县丁局", "", "垂管单位", "否", "4"],
]


def _load_all(
    con: duckdb.DuckDBPyConnection,
    folder: Path,
    units: list[list[str]],
    columns: list[list[str]],
    items: list[list[str]],
) -> None:
    """Load the three ledgers and make sure every row went in (a rejected row would silently skew the tests)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, header, rows in (
        ("units.csv", UNIT_HEADER, units),
        ("columns.csv", COLUMN_HEADER, columns),
        ("items.csv", ITEM_HEADER, items),
    ):
        if not rows:
            continue
        # the hand-made county reaches into 2027: imported as on a day after the last date it holds
        report = load(con, write_csv(folder / name, header, rows), today=IMPORT_DAY)
        assert report.rejected == 0, report.problems
        assert report.loaded == len(rows), report


def _item(unit: str, column: str, title: str, published: str, created: str = "", number: str = "") -> list[str]:
    return [unit, column, title, published, created, number]


def column_id(con: duckdb.DuckDBPyConnection, unit: str, column: str) -> int:
    """The site_columns id of a unit's column, by names."""
    return int(
        fetch_value(
            con,
            """SELECT c.column_id FROM site_columns c JOIN units u USING (unit_id)
                                   WHERE u.name = ? AND c.name = ?""",
            [unit, column],
        )
    )


def unit_id(con: duckdb.DuckDBPyConnection, unit: str) -> int:
    return int(fetch_value(con, "SELECT unit_id FROM units WHERE name = ?", [unit]))


# ---------------------------------------------------------------------------------------------------------------
# 更新频率 (column freshness)
# ---------------------------------------------------------------------------------------------------------------


def freshness_county(con: duckdb.DuckDBPyConnection, folder: Path) -> None:
    """Registered columns and their items (limits from data/column_categories.csv unless overridden):

    县甲局 工作动态   动态要闻类 14 d (warn floor(14×0.85)=11)   last item 10-17
    县甲局 要闻       动态要闻类 14 d                              last item 10-16
    县甲局 通知公告   通知公告政策文件类 180 d (warn 153)          last item 2026-03-01
    县甲局 人事信息   人事规划计划类 365 d                         never updated, no 开设日期
    县甲局 专题专栏   其他 180 d, own 更新周期 30 d (warn 25)      last item 09-25
    县甲局 政策解读   政策解读类 180 d, 开设日期 2026-10-20         never updated
    乙镇   乡镇动态   动态要闻类 14 d, 开设日期 2026-10-01          never updated
    乙镇   通知公告   通知公告政策文件类 180 d                     items 10-30 and 11-10 (after October)
    县丙局 工作动态   动态要闻类 14 d                              never updated (the unit has no item at all)
    县丁局 工作动态   动态要闻类 14 d (unit not assessed)          last item 06-01
    plus 县甲局 图片新闻: only in the items ledger, so an unregistered column (未登记栏目), never judged.
    """
    _load_all(
        con,
        folder,
        UNITS,
        [
            ["县甲局", "工作动态", "动态要闻类", "", ""],
            ["县甲局", "要闻", "动态要闻类", "", ""],
            ["县甲局", "通知公告", "通知公告政策文件类", "", ""],
            ["县甲局", "人事信息", "人事规划计划类", "", ""],
            ["县甲局", "专题专栏", "其他", "30", ""],
            ["县甲局", "政策解读", "政策解读类", "", "2026-10-20"],
            ["乙镇", "乡镇动态", "动态要闻类", "", "2026-10-01"],
            ["乙镇", "通知公告", "通知公告政策文件类", "", ""],
            ["县丙局", "工作动态", "动态要闻类", "", ""],
            ["县丁局", "工作动态", "动态要闻类", "", ""],
        ],
        [
            _item("县甲局", "工作动态", "甲动态一", "2026-10-02"),
            _item("县甲局", "工作动态", "甲动态二", "2026-10-17"),
            _item("县甲局", "要闻", "甲要闻", "2026-10-16"),
            _item("县甲局", "通知公告", "甲通知", "2026-03-01"),
            _item("县甲局", "专题专栏", "甲专题", "2026-09-25"),
            _item("县甲局", "图片新闻", "甲图片", "2026-01-05"),
            _item("乙镇", "通知公告", "乙通知一", "2026-10-30"),
            _item("乙镇", "通知公告", "乙通知二", "2026-11-10"),
            _item("县丁局", "工作动态", "丁动态", "2026-06-01"),
        ],
    )


# ---------------------------------------------------------------------------------------------------------------
# 一周一更新 (weekly items)
# ---------------------------------------------------------------------------------------------------------------


def weekly_county(con: duckdb.DuckDBPyConnection, folder: Path) -> None:
    """Items around the Spring Festival and National Day weeks (weeks are Mon–Sun):

    县甲局: 2026-02-01 (Sun), 02-14 (调休 Sat), 02-25, 03-08 (Sun);
            2026-09-27 (Sun, before October's weeks), 10-04 (Sun), 10-10 (调休 Sat), 10-18 (Sun), 10-25 (Sun),
            10-26 (Mon, after October's weeks)
    乙镇:   2026-01-27, 03-03; 2026-09-29 and then nothing until 10-26
    县丙局: nothing at all
    县丁局 (not assessed): nothing at all
    """
    _load_all(
        con,
        folder,
        UNITS,
        [
            ["县甲局", "工作动态", "动态要闻类", "", ""],
            ["乙镇", "乡镇动态", "动态要闻类", "", ""],
            ["县丙局", "工作动态", "动态要闻类", "", ""],
        ],
        [
            _item("县甲局", "工作动态", "甲0201", "2026-02-01"),
            _item("县甲局", "工作动态", "甲0214", "2026-02-14"),
            _item("县甲局", "工作动态", "甲0225", "2026-02-25"),
            _item("县甲局", "工作动态", "甲0308", "2026-03-08"),
            _item("县甲局", "工作动态", "甲0927", "2026-09-27"),
            _item("县甲局", "工作动态", "甲1004", "2026-10-04"),
            _item("县甲局", "工作动态", "甲1010", "2026-10-10"),
            _item("县甲局", "工作动态", "甲1018", "2026-10-18"),
            _item("县甲局", "工作动态", "甲1025", "2026-10-25"),
            _item("县甲局", "工作动态", "甲1026", "2026-10-26"),
            _item("乙镇", "乡镇动态", "乙0127", "2026-01-27"),
            _item("乙镇", "乡镇动态", "乙0303", "2026-03-03"),
            _item("乙镇", "乡镇动态", "乙0929", "2026-09-29"),
            _item("乙镇", "乡镇动态", "乙1026", "2026-10-26"),
        ],
    )


# ---------------------------------------------------------------------------------------------------------------
# 发布统计 (publications)
# ---------------------------------------------------------------------------------------------------------------


def publications_county(con: duckdb.DuckDBPyConnection, folder: Path) -> None:
    """Items per unit per month (by 发布日期):

    month     县甲局                                  乙镇                              县丙局  县丁局(not assessed)
    2025-01   1 (01-15 动态)                          2 (01-10, 01-20)                  0       0
    2025-10   2 (10-10 动态 ×2)                       1 (10-01)                         0       0
    2025-12   2 (12-05 动态, 12-31 通知)              0                                 0       0
    2026-01   3 (01-01 动态, 01-20 动态, 01-31 通知)  1 (01-05)                         0       1 (01-10)
    2026-09   1 (09-30 动态)                          3 (09-01, 09-02, 09-03)           0       0
    2026-10   3 (10-01 动态, 10-15 通知, 10-31 动态)  2 (10-09 动态, 10-20 政策解读*)   0       1 (10-20)
    2026-11   1 (11-01 动态)                          0                                 0       0
    * 乙镇/政策解读 is not in the column register: loaded as 未登记栏目 with the guessed category 政策解读类.
    """
    _load_all(
        con,
        folder,
        UNITS,
        [
            ["县甲局", "工作动态", "动态要闻类", "", ""],
            ["县甲局", "通知公告", "通知公告政策文件类", "", ""],
            ["乙镇", "乡镇动态", "动态要闻类", "", ""],
            ["县丙局", "工作动态", "动态要闻类", "", ""],
            ["县丁局", "工作动态", "动态要闻类", "", ""],
        ],
        [
            _item("县甲局", "工作动态", "甲2501", "2025-01-15"),
            _item("县甲局", "工作动态", "甲2510a", "2025-10-10"),
            _item("县甲局", "工作动态", "甲2510b", "2025-10-10"),
            _item("县甲局", "工作动态", "甲2512", "2025-12-05"),
            _item("县甲局", "通知公告", "甲2512通知", "2025-12-31"),
            _item("县甲局", "工作动态", "甲260101", "2026-01-01"),
            _item("县甲局", "工作动态", "甲260120", "2026-01-20"),
            _item("县甲局", "通知公告", "甲260131通知", "2026-01-31"),
            _item("县甲局", "工作动态", "甲260930", "2026-09-30"),
            _item("县甲局", "工作动态", "甲261001", "2026-10-01"),
            _item("县甲局", "通知公告", "甲261015通知", "2026-10-15", "2026-10-12", "县甲发〔2026〕5号"),
            _item("县甲局", "工作动态", "甲261031", "2026-10-31"),
            _item("县甲局", "工作动态", "甲261101", "2026-11-01"),
            _item("乙镇", "乡镇动态", "乙2501a", "2025-01-10"),
            _item("乙镇", "乡镇动态", "乙2501b", "2025-01-20"),
            _item("乙镇", "乡镇动态", "乙2510", "2025-10-01"),
            _item("乙镇", "乡镇动态", "乙2601", "2026-01-05"),
            _item("乙镇", "乡镇动态", "乙2609a", "2026-09-01"),
            _item("乙镇", "乡镇动态", "乙2609b", "2026-09-02"),
            _item("乙镇", "乡镇动态", "乙2609c", "2026-09-03"),
            _item("乙镇", "乡镇动态", "乙2610", "2026-10-09"),
            _item("乙镇", "政策解读", "乙2610解读", "2026-10-20"),
            _item("县丁局", "工作动态", "丁2601", "2026-01-10"),
            _item("县丁局", "工作动态", "丁2610", "2026-10-20"),
        ],
    )


# ---------------------------------------------------------------------------------------------------------------
# 发布及时性 (timeliness)
# ---------------------------------------------------------------------------------------------------------------


def timeliness_county(con: duckdb.DuckDBPyConnection, folder: Path) -> None:
    """Items with 成文日期 → 发布日期 (the working days are counted by hand in tests/test_timeliness.py):

    县甲局 通知公告: 国庆A 09-28→10-28, 国庆B 09-28→11-02, 国庆C 09-30→11-03, 周六发布 09-28→10-31 (Sat),
                     无成文日期 —→10-20, 八月无成文日期 —→08-10 (甲's only August item),
                     劳动节 04-30→06-01, 劳动节晚 04-30→06-02
    乙镇 通知公告:   调休后 10-08→10-09, 年末K 11-30→12-01, 年末L 12-10→12-30,
                     跨年I 12-28→2027-01-20, 跨年J 12-28→2027-01-26
    县丙局: no item.   县丁局 (not assessed): 丁超期 01-05→10-15.
    """
    _load_all(
        con,
        folder,
        UNITS,
        [
            ["县甲局", "通知公告", "通知公告政策文件类", "", ""],
            ["乙镇", "通知公告", "通知公告政策文件类", "", ""],
            ["县丙局", "通知公告", "通知公告政策文件类", "", ""],
            ["县丁局", "通知公告", "通知公告政策文件类", "", ""],
        ],
        [
            _item("县甲局", "通知公告", "国庆A", "2026-10-28", "2026-09-28"),
            _item("县甲局", "通知公告", "国庆B", "2026-11-02", "2026-09-28"),
            _item("县甲局", "通知公告", "国庆C", "2026-11-03", "2026-09-30"),
            _item("县甲局", "通知公告", "周六发布", "2026-10-31", "2026-09-28"),
            _item("县甲局", "通知公告", "无成文日期", "2026-10-20", ""),
            _item("县甲局", "通知公告", "八月无成文日期", "2026-08-10", ""),
            _item("县甲局", "通知公告", "劳动节", "2026-06-01", "2026-04-30"),
            _item("县甲局", "通知公告", "劳动节晚", "2026-06-02", "2026-04-30"),
            _item("乙镇", "通知公告", "调休后", "2026-10-09", "2026-10-08"),
            _item("乙镇", "通知公告", "年末K", "2026-12-01", "2026-11-30"),
            _item("乙镇", "通知公告", "年末L", "2026-12-30", "2026-12-10"),
            _item("乙镇", "通知公告", "跨年I", "2027-01-20", "2026-12-28"),
            _item("乙镇", "通知公告", "跨年J", "2027-01-26", "2026-12-28"),
            _item("县丁局", "通知公告", "丁超期", "2026-10-15", "2026-01-05"),
        ],
    )


def build(builder, folder: Path) -> duckdb.DuckDBPyConnection:
    """A fresh migrated database in `folder` filled by one of the builders above."""
    folder.mkdir(parents=True, exist_ok=True)
    con = new_database(folder / "county.duckdb")
    builder(con, folder)
    return con
