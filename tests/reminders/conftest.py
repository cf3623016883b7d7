"""The hand-made county (tests/apphelpers.small_county) plus what a Monday reminder needs: liaison contacts in
the 单位名录, a column in the warning band and two open requests. Judged on Monday 2026-10-26: the last complete
week is 10-19..10-25."""

from datetime import date
from pathlib import Path

import duckdb
import pytest

from tests.apphelpers import load, new_database, small_county, write_csv

MONDAY = date(2026, 10, 26)


def reminder_county(folder: Path) -> duckdb.DuckDBPyConnection:
    con = new_database(folder / "county.duckdb")
    small_county(con, folder)
    load(
        con,
        write_csv(
            folder / "units_contacts.csv",
            ["单位名称", "单位类型", "是否纳入考核", "联络员", "联络员手机", "联络员邮箱"],
            [
                ["县甲局", "县直部门", "是", "张三", "13800000001", "zhang@jia.example"],
                ["县丙局", "县直部门", "是", "李四", "13800000003", ""],
            ],
        ),
    )
    # 10 days allowed, last item 10-18: 8 days on 10-26 reach the 80 % warning band
    load(
        con,
        write_csv(
            folder / "col2.csv",
            ["单位名称", "栏目名称", "栏目类别", "更新周期(天)"],
            [["县甲局", "领导活动", "动态要闻类", "10"]],
        ),
    )
    load(
        con,
        write_csv(
            folder / "items2.csv", ["单位", "栏目", "标题", "发布日期"], [["县甲局", "领导活动", "甲四", "2026-10-18"]]
        ),
    )
    load(
        con,
        write_csv(
            folder / "requests.csv",
            ["受理编号", "受理单位", "收到日期"],
            [["Q1", "县甲局", "2026-09-28"], ["Q2", "乙镇", "2026-10-20"]],
        ),
    )
    return con


@pytest.fixture
def rcounty(tmp_path: Path):
    con = reminder_county(tmp_path)
    yield con
    con.close()
