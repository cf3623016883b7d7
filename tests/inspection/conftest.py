"""The hand-made county (tests/apphelpers.small_county) plus a quarter's 互查 findings, judged on 2026-11-20."""

from datetime import date
from pathlib import Path

import pytest

from tests.apphelpers import load, new_database, small_county, write_csv
from tests.ledgers import FINDINGS_HEADER

AS_OF = date(2026, 11, 20)
# 编号, 检查名称, 发现日期, 责任单位, 问题类型, 问题描述, 整改期限, 整改状态, 整改完成日期, 整改情况, 回头看
ROWS = [
    "HC1|2026年第四季度互查|2026-10-15|县甲局|链接失效|附件打不开|10个工作日|已整改|2026-10-20|已修复|通过",
    "HC2|2026年第四季度互查|2026-10-15|乙镇|栏目更新不及时|工作动态超期|2026-11-13|未整改|||",
    "HC3|季度互查|2026-11-02|县甲局|内容错误|错别字|15天|已整改|2026-11-10||",
    "HC4|2026Q3互查|2026-10-05|县丙局|内容错误|标题错误|10个工作日|未整改|||",
]


def inspection_county(folder: Path):
    con = new_database(folder / "county.duckdb")
    small_county(con, folder)
    report = load(con, write_csv(folder / "mutual.csv", FINDINGS_HEADER, [r.split("|") for r in ROWS]))
    assert report.rejected == 0, report.problems
    return con


@pytest.fixture
def icounty(tmp_path):
    con = inspection_county(tmp_path)
    yield con
    con.close()
